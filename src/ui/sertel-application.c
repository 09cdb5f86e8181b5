/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-application.h"
#include "sertel-preferences-window.h"
#include "sertel-window.h"

struct _SertelApplication
{
  AdwApplication parent_instance;

  char    *database_path;
  gboolean demo;
};

G_DEFINE_FINAL_TYPE (SertelApplication, sertel_application, ADW_TYPE_APPLICATION)

SertelApplication *
sertel_application_new (void)
{
  return g_object_new (SERTEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

const char *
sertel_application_get_database_path (SertelApplication *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICATION (self), NULL);

  return self->database_path;
}

gboolean
sertel_application_get_demo (SertelApplication *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICATION (self), FALSE);

  return self->demo;
}

static void
sertel_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sertel_window_new (SERTEL_APPLICATION (app)));

  gtk_window_present (window);
}

static int
sertel_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  SertelApplication *self = SERTEL_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &path))
    {
      g_free (self->database_path);
      self->database_path = g_canonicalize_filename (path, NULL);
      /* Each database gets its own instance: another desk's register must
       * never be opened in an already running window. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_lookup (options, "demo", "b", NULL))
    {
      self->demo = TRUE;
      /* Sample data never mixes with the office's real register. */
      if (self->database_path == NULL)
        self->database_path = g_build_filename (g_get_user_data_dir (), "sertel", "demo.db", NULL);
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

void
sertel_application_show_about (GtkWindow *parent)
{
  static const char *developers[] = { "Dinas Komunikasi, Informatika dan Persandian Provinsi Maluku Utara", NULL };

  /* No website or issue tracker links until real ones exist. */
  adw_show_about_window (parent,
                         "application-name", "Sertel",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "Dinas Komunikasi, Informatika dan Persandian Provinsi Maluku Utara",
                         "developers", developers,
                         "comments", _("Registers civil servants for electronic certificates with BSrE, following the provincial SOP."),
                         "copyright", "© 2026 Dinas Komunikasi, Informatika dan Persandian Provinsi Maluku Utara",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
sertel_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  SertelApplication *self = user_data;

  sertel_application_show_about (gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
sertel_application_preferences_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  SertelApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  SertelPreferencesWindow *prefs = sertel_preferences_window_new (window);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
sertel_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = sertel_application_about_action },
  { .name = "preferences", .activate = sertel_application_preferences_action },
  { .name = "quit", .activate = sertel_application_quit_action },
};

static void
sertel_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *prefs_accels[] = { "<primary>comma", NULL };

  G_APPLICATION_CLASS (sertel_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
}

static void
sertel_application_finalize (GObject *object)
{
  SertelApplication *self = SERTEL_APPLICATION (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (sertel_application_parent_class)->finalize (object);
}

static void
sertel_application_class_init (SertelApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sertel_application_finalize;
  app_class->activate = sertel_application_activate;
  app_class->startup = sertel_application_startup;
  app_class->handle_local_options = sertel_application_handle_local_options;
}

static void
sertel_application_init (SertelApplication *self)
{
  static const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the register in this SQLite file instead of the default one"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open a separate register filled with sample data (demo.db), to try Sertel out"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Sertel — registering civil servants for electronic certificates"));
}
