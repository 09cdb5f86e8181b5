/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Database. See sertel-database-preferences-page.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-database-config.h"
#include "sertel-database-preferences-page.h"
#include "sertel-secrets.h"

struct _SertelDatabasePreferencesPage
{
  AdwPreferencesPage parent_instance;

  GSettings    *settings;
  SertelStore  *store;
  GCancellable *cancellable;     /* the test in flight; its answer is dropped when cancelled */

  AdwActionRow        *current_row;
  GtkCheckButton      *local_check;
  GtkCheckButton      *server_check;
  AdwEntryRow         *path_row;
  AdwPreferencesGroup *server_group;
  AdwEntryRow         *host_row;
  AdwActionRow        *port_row;
  GtkSpinButton       *port_spin;
  AdwEntryRow         *dbname_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  AdwComboRow         *sslmode_row;
  AdwEntryRow         *conninfo_row;
  AdwActionRow        *result_row;
  GtkStack            *test_stack;
  GtkButton           *test_button;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SertelDatabasePreferencesPage, sertel_database_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

/* In the order of the combo's items. */
static const char * const sslmodes[] = { "disable", "allow", "prefer", "require", "verify-ca", "verify-full" };

static void
toast (SertelDatabasePreferencesPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static gboolean
sslmode_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *mode = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sslmodes); i++)
    if (g_str_equal (mode, sslmodes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
sslmode_set_mapping (const GValue *value, const GVariantType *expected_type, gpointer user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (sslmodes[i < G_N_ELEMENTS (sslmodes) ? i : 2]);
}

/* ------------------------------------------------------------------------ */
/* File or server */

static void
update_sensitivity (SertelDatabasePreferencesPage *self)
{
  gboolean server = gtk_check_button_get_active (self->server_check);
  gboolean pasted = *gtk_editable_get_text (GTK_EDITABLE (self->conninfo_row)) != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->path_row), !server);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_group), server);
  /* A pasted string wins; the fields it replaces say so by going grey. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), !pasted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !pasted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dbname_row), !pasted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !pasted);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sslmode_row), !pasted);
}

static void
on_backend_toggled (SertelDatabasePreferencesPage *self)
{
  gboolean server = gtk_check_button_get_active (self->server_check);

  if (self->settings != NULL)
    {
      g_autofree char *now = g_settings_get_string (self->settings, "database-backend");
      const char *want = server ? "postgresql" : "sqlite";

      if (!g_str_equal (now, want))
        g_settings_set_string (self->settings, "database-backend", want);
    }
  update_sensitivity (self);
}

static void
on_backend_changed (GSettings *settings, const char *key, SertelDatabasePreferencesPage *self)
{
  g_autofree char *backend = g_settings_get_string (settings, "database-backend");

  gtk_check_button_set_active (g_str_equal (backend, "postgresql") ? self->server_check : self->local_check, TRUE);
  update_sensitivity (self);
}

/* ------------------------------------------------------------------------ */
/* Password: stored off the main thread (a secret service talks over D-Bus). */

static void
show_password_stored (SertelDatabasePreferencesPage *self, gboolean stored)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 stored ? _("Pass_word (stored; type a new one to replace it)") : _("Pass_word"));
}

static void
password_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (self->password_row == NULL)   /* disposed meanwhile */
    return;
  if (!sertel_secret_store_finish (result, &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_password_stored (self, TRUE);
  toast (self, _("The database password was stored."));
}

static void
on_password_apply (SertelDatabasePreferencesPage *self)
{
  sertel_secret_store_async (SERTEL_DATABASE_PASSWORD_KEY, gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             self, password_stored, NULL);
}

static void
password_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (source);
  gboolean stored = sertel_secret_is_stored_finish (result);

  if (self->password_row != NULL)
    show_password_stored (self, stored);
}

/* ------------------------------------------------------------------------ */
/* Test the connection: the same path the app takes at start, off the main
 * thread (a server that does not answer takes the connect timeout). */

static void
test_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SertelDatabaseConfig *config = task_data;
  g_autofree char *location = NULL;
  g_autoptr(SertelStore) store = NULL;
  GError *error = NULL;
  gboolean has_staff = FALSE;

  location = sertel_database_config_to_location (config, &error);
  if (location == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  store = sertel_store_open (location, &error);
  if (store == NULL || !sertel_store_has_staff (store, &has_staff, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, has_staff ? 1 : 0);
}

static void
tested (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (source);
  g_autoptr(GError) error = NULL;
  gssize has_staff = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (self->test_stack == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;   /* disposed, or an older test */
  gtk_stack_set_visible_child_name (self->test_stack, "button");
  if (error != NULL)
    text = g_strdup_printf (_("Failed: %s"), error->message);
  else if (has_staff)
    text = g_strdup (_("Connected. The register is there and has staff accounts."));
  else
    text = g_strdup (_("Connected. The register is new: the next start asks for its first administrator."));
  adw_action_row_set_subtitle (self->result_row, text);
}

static void
on_test_clicked (SertelDatabasePreferencesPage *self)
{
  g_autoptr(GTask) task = NULL;
  SertelDatabaseConfig *config = sertel_database_config_from_settings (self->settings);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  /* A password typed but not yet applied is tried as it is. */
  if (*typed != '\0')
    config->password = g_strdup (typed);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->test_stack, "busy");
  adw_action_row_set_subtitle (self->result_row, _("Connecting…"));
  task = g_task_new (self, self->cancellable, tested, NULL);
  g_task_set_source_tag (task, on_test_clicked);
  g_task_set_task_data (task, config, (GDestroyNotify) sertel_database_config_free);
  g_task_run_in_thread (task, test_thread);
}

/* ------------------------------------------------------------------------ */

static void
show_current (SertelDatabasePreferencesPage *self)
{
  g_autofree char *text = sertel_database_location_describe (self->store ? sertel_store_get_path (self->store) : NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->current_row), self->store != NULL);
  adw_action_row_set_subtitle (self->current_row, text);
}

static void
sertel_database_preferences_page_constructed (GObject *object)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (object);

  G_OBJECT_CLASS (sertel_database_preferences_page_parent_class)->constructed (object);
  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "database-path", self->path_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "database-pg-host", self->host_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "database-pg-port", self->port_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "database-pg-dbname", self->dbname_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "database-pg-user", self->user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "database-pg-conninfo", self->conninfo_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "database-pg-sslmode", self->sslmode_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, sslmode_get_mapping, sslmode_set_mapping, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::database-backend", G_CALLBACK (on_backend_changed), self, 0);
  g_signal_connect_object (self->conninfo_row, "notify::text", G_CALLBACK (update_sensitivity), self, G_CONNECT_SWAPPED);
  on_backend_changed (self->settings, "database-backend", self);
  show_current (self);
  sertel_secret_is_stored_async (SERTEL_DATABASE_PASSWORD_KEY, self, password_looked_up, NULL);
}

static void
sertel_database_preferences_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_database_preferences_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_database_preferences_page_dispose (GObject *object)
{
  SertelDatabasePreferencesPage *self = SERTEL_DATABASE_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_DATABASE_PREFERENCES_PAGE);
  self->password_row = NULL;
  self->test_stack = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sertel_database_preferences_page_parent_class)->dispose (object);
}

static void
sertel_database_preferences_page_class_init (SertelDatabasePreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sertel_database_preferences_page_constructed;
  object_class->set_property = sertel_database_preferences_page_set_property;
  object_class->get_property = sertel_database_preferences_page_get_property;
  object_class->dispose = sertel_database_preferences_page_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-database-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, current_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, local_check);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, server_check);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, path_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, dbname_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, sslmode_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, conninfo_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, test_stack);
  gtk_widget_class_bind_template_child (widget_class, SertelDatabasePreferencesPage, test_button);
  gtk_widget_class_bind_template_callback (widget_class, on_backend_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_password_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked);
}

static void
sertel_database_preferences_page_init (SertelDatabasePreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sertel_database_preferences_page_new (GSettings *settings, SertelStore *store)
{
  return g_object_new (SERTEL_TYPE_DATABASE_PREFERENCES_PAGE, "settings", settings, "store", store, NULL);
}
