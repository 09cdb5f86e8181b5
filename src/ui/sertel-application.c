/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-application.h"
#include "sertel-database-config.h"
#include "sertel-preferences-window.h"
#include "sertel-viewer-window.h"
#include "sertel-window.h"

struct _SertelApplication
{
  AdwApplication parent_instance;

  char    *database_path;
  gboolean demo;
  gboolean view_only;   /* started as `sertel --view FILE…`: no main window */
};

G_DEFINE_FINAL_TYPE (SertelApplication, sertel_application, ADW_TYPE_APPLICATION)

SertelApplication *
sertel_application_new (void)
{
  return g_object_new (SERTEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
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
  SertelApplication *self = SERTEL_APPLICATION (app);
  GtkWindow *window;

  /* `sertel --view FILE…` in the first instance: the viewers are open, the
   * activation that follows must not add the register's window. */
  if (self->view_only)
    {
      self->view_only = FALSE;
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sertel_window_new (SERTEL_APPLICATION (app)));

  gtk_window_present (window);
}

/* `sertel FILE…`, "Open with" and `sertel --view FILE…`: one viewer window
 * per file, so a scan can be looked at before it is attached. */
static void
sertel_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      SertelViewerWindow *viewer = sertel_viewer_window_new (GTK_APPLICATION (app));

      sertel_viewer_window_open (viewer, files[i]);
      gtk_window_present (GTK_WINDOW (viewer));
    }
}

static int
sertel_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  SertelApplication *self = SERTEL_APPLICATION (app);
  const char *path = NULL;
  g_autofree const char **view = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &path))
    {
      g_free (self->database_path);
      /* A server's connection string goes to libpq as it is. */
      self->database_path = sertel_database_location_is_server (path) ? g_strdup (path)
                                                                      : g_canonicalize_filename (path, NULL);
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

  if (g_variant_dict_lookup (options, "view", "^a&ay", &view))
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;

      for (guint i = 0; view[i] != NULL; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (view[i]));
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      /* A running Sertel opens them in its own windows; otherwise this
       * instance does, and then runs without the register's window. */
      g_application_open (app, (GFile **) files->pdata, (int) files->len, "view");
      if (g_application_get_is_remote (app))
        return 0;
      self->view_only = TRUE;
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

  if (SERTEL_IS_WINDOW (window))
    sertel_window_show_preferences (SERTEL_WINDOW (window));
  else
    gtk_window_present (GTK_WINDOW (sertel_preferences_window_new (window)));
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
  app_class->open = sertel_application_open;
  app_class->startup = sertel_application_startup;
  app_class->handle_local_options = sertel_application_handle_local_options;
}

static void
sertel_application_init (SertelApplication *self)
{
  static const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the register in this SQLite file, or on this PostgreSQL server (postgresql://… or “host=… dbname=…”), instead of the one set in Preferences"), N_("LOCATION") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open a separate register filled with sample data (demo.db), to try Sertel out"), NULL },
    { "view", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, N_("Show a PDF, JPEG or PNG file in a viewer window (repeat for more files)"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Sertel — registering civil servants for electronic certificates"));
}
