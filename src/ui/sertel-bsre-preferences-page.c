/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → BSrE. See sertel-bsre-preferences-page.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-bsre.h"
#include "sertel-bsre-preferences-page.h"
#include "sertel-secrets.h"

struct _SertelBsrePreferencesPage
{
  AdwPreferencesPage parent_instance;

  GSettings    *settings;
  GCancellable *cancellable;     /* the check or password save in flight */

  AdwEntryRow         *url_row;
  AdwComboRow         *version_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkSpinButton       *connect_spin;
  GtkSpinButton       *timeout_spin;
  GtkSpinButton       *poll_spin;
  GtkSpinButton       *rate_spin;
  AdwEntryRow         *nik_row;
  GtkStack            *check_stack;
  GtkButton           *check_button;
  GtkButton           *cancel_button;
  AdwActionRow        *result_row;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SertelBsrePreferencesPage, sertel_bsre_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

/* A toast in the preferences window, or the main window's, whichever holds us. */
static void
toast (SertelBsrePreferencesPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* ------------------------------------------------------------------------ */
/* API version: the combo's position ↔ "v1"/"v2" */

static gboolean
version_get_mapping (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "v2") ? 1 : 0);
  return TRUE;
}

static GVariant *
version_set_mapping (const GValue *value, const GVariantType *expected_type, gpointer user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "v2" : "v1");
}

/* ------------------------------------------------------------------------ */
/* Password: stored off the main thread (a secret service talks over D-Bus). */

/* Whether a password is stored shows in the row's title; never the password. */
static void
show_password_stored (SertelBsrePreferencesPage *self, gboolean stored)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 stored ? _("_Password (stored; type a new one to replace it)") : _("_Password"));
}

static void
password_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (source);

  if (!sertel_secret_store_finish (result, &error) || self->password_row == NULL)
    {
      if (self->password_row == NULL)
        return;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_password_stored (self, TRUE);
  toast (self, _("The BSrE password was stored."));
}

static void
password_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (source);
  gboolean stored = sertel_secret_is_stored_finish (result);

  if (self->password_row != NULL)
    show_password_stored (self, stored);
}

static void
on_password_apply (SertelBsrePreferencesPage *self)
{
  sertel_secret_store_async ("bsre-password", gtk_editable_get_text (GTK_EDITABLE (self->password_row)), self,
                             password_stored, NULL);
}

/* ------------------------------------------------------------------------ */
/* Try one NIK */

static void
check_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SertelBsreClient *client = g_object_get_data (G_OBJECT (task), "client");
  const char *nik = g_object_get_data (G_OBJECT (task), "nik");
  GError *error = NULL;
  SertelBsreStatus *status = NULL;

  /* The secret look-up may block on D-Bus: here, not on the main thread. */
  if (sertel_bsre_client_load_password (client, &error))
    status = sertel_bsre_client_check_status (client, nik, cancellable, &error);
  if (status)
    g_task_return_pointer (task, status, (GDestroyNotify) sertel_bsre_status_free);
  else
    g_task_return_error (task, error);
}

static void
set_busy (SertelBsrePreferencesPage *self, gboolean busy)
{
  gtk_stack_set_visible_child_name (self->check_stack, busy ? "busy" : "button");
  gtk_widget_set_sensitive (GTK_WIDGET (self->nik_row), !busy);
}

static void
checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelBsreStatus) status = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (self->check_stack == NULL)   /* disposed meanwhile */
    return;
  set_busy (self, FALSE);
  if (status == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup (_("Cancelled."));
      else
        text = g_strdup (error->message);
    }
  else if (status->mapping)
    text = g_strdup_printf ("%s — %s", status->status, _(status->mapping->meaning));
  else
    text = g_strdup_printf (_("%s — a status Sertel does not know; applicants with it are left as they are."),
                            status->status);
  adw_action_row_set_subtitle (self->result_row, text);
}

static void
on_check_clicked (SertelBsrePreferencesPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *nik = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->nik_row))));

  if (*nik == '\0')
    {
      adw_action_row_set_subtitle (self->result_row, _("Enter a NIK to ask about."));
      gtk_widget_grab_focus (GTK_WIDGET (self->nik_row));
      return;
    }
  if (gtk_stack_get_visible_child_name (self->check_stack)
      && g_str_equal (gtk_stack_get_visible_child_name (self->check_stack), "busy"))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  adw_action_row_set_subtitle (self->result_row, _("Asking BSrE…"));
  task = g_task_new (self, self->cancellable, checked, NULL);
  g_task_set_source_tag (task, on_check_clicked);
  /* GSettings is read here, on the thread that owns it. */
  g_object_set_data_full (G_OBJECT (task), "client",
                          sertel_bsre_client_new_from_settings_without_password (self->settings), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "nik", g_steal_pointer (&nik), g_free);
  g_task_run_in_thread (task, check_thread);
}

static void
on_cancel_clicked (SertelBsrePreferencesPage *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* ------------------------------------------------------------------------ */

static void
bind_settings (SertelBsrePreferencesPage *self)
{
  g_settings_bind (self->settings, "bsre-base-url", self->url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "bsre-user", self->user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "bsre-api-version", self->version_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, version_get_mapping, version_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "bsre-connect-timeout", self->connect_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "bsre-timeout", self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "bsre-poll-minutes", self->poll_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "bsre-rate-per-minute", self->rate_spin, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
sertel_bsre_preferences_page_constructed (GObject *object)
{
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (object);

  G_OBJECT_CLASS (sertel_bsre_preferences_page_parent_class)->constructed (object);
  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  bind_settings (self);
  sertel_secret_is_stored_async ("bsre-password", self, password_looked_up, NULL);
}

static void
sertel_bsre_preferences_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_bsre_preferences_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_bsre_preferences_page_dispose (GObject *object)
{
  SertelBsrePreferencesPage *self = SERTEL_BSRE_PREFERENCES_PAGE (object);

  /* A check still running keeps the page alive until it returns; cancel it. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_BSRE_PREFERENCES_PAGE);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sertel_bsre_preferences_page_parent_class)->dispose (object);
}

static void
sertel_bsre_preferences_page_class_init (SertelBsrePreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sertel_bsre_preferences_page_constructed;
  object_class->set_property = sertel_bsre_preferences_page_set_property;
  object_class->get_property = sertel_bsre_preferences_page_get_property;
  object_class->dispose = sertel_bsre_preferences_page_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-bsre-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, connect_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, poll_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, nik_row);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, check_stack);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, check_button);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SertelBsrePreferencesPage, result_row);
  gtk_widget_class_bind_template_callback (widget_class, on_password_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
sertel_bsre_preferences_page_init (SertelBsrePreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sertel_bsre_preferences_page_new (GSettings *settings)
{
  return g_object_new (SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "settings", settings, NULL);
}
