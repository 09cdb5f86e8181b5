/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-mail-preferences-page.h"
#include "sertel-mail-templates.h"
#include "sertel-mail.h"
#include "sertel-secrets.h"

struct _SertelMailPreferencesPage
{
  AdwPreferencesPage   parent_instance;

  SertelStore         *store;
  SertelStaff         *actor;
  GSettings           *settings;
  GCancellable        *cancellable;
  SertelRequest       *sample_request;
  SertelApplicant     *sample_applicant;
  gboolean             loading;       /* widgets set from settings, not by typing */

  AdwPreferencesGroup *server_group;
  AdwEntryRow         *host_row;
  GtkSpinButton       *port_spin;
  AdwComboRow         *security_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow         *from_row;
  AdwEntryRow         *from_name_row;
  GtkSpinButton       *timeout_spin;
  GtkButton           *reset_button;
  AdwComboRow         *template_row;
  AdwEntryRow         *subject_row;
  GtkTextView         *body_view;
  GtkLabel            *preview_subject;
  GtkLabel            *preview_body;
};

G_DEFINE_FINAL_TYPE (SertelMailPreferencesPage, sertel_mail_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum { PROP_0, PROP_STORE, PROP_ACTOR, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char * const security_values[] = { "starttls", "tls", "none" };

static void
toast (SertelMailPreferencesPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static SertelMailKind
current_kind (SertelMailPreferencesPage *self)
{
  guint i = adw_combo_row_get_selected (self->template_row);
  return i < SERTEL_MAIL_N_KINDS ? (SertelMailKind) i : SERTEL_MAIL_RECEIVED;
}

static char *
template_key (SertelMailKind kind, const char *part)
{
  return g_strdup_printf ("mail-template-%s-%s", sertel_mail_kind_to_string (kind), part);
}

static char *
body_text (SertelMailPreferencesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_preview (SertelMailPreferencesPage *self)
{
  g_autofree char *body = body_text (self);
  g_autofree char *subject_out = NULL;
  g_autofree char *body_out = NULL;
  const char *reason = NULL;

  if (current_kind (self) == SERTEL_MAIL_RETURNED)
    reason = "Pindaian KTP tidak terbaca; mohon dikirim ulang.";
  else if (current_kind (self) == SERTEL_MAIL_REJECTED)
    reason = "NIK tidak ditemukan di data kependudukan.";
  sertel_mail_template_preview (self->settings, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body,
                                self->sample_request, self->sample_applicant, reason, &subject_out, &body_out);
  gtk_label_set_text (self->preview_subject, subject_out);
  gtk_label_set_text (self->preview_body, body_out);
}

static void
load_template (SertelMailPreferencesPage *self)
{
  g_autofree char *skey = template_key (current_kind (self), "subject");
  g_autofree char *bkey = template_key (current_kind (self), "body");
  g_autofree char *subject = g_settings_get_string (self->settings, skey);
  g_autofree char *body = g_settings_get_string (self->settings, bkey);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body, -1);
  self->loading = FALSE;
  update_preview (self);
}

static void
on_template_selected (SertelMailPreferencesPage *self)
{
  load_template (self);
}

static void
on_subject_changed (SertelMailPreferencesPage *self)
{
  g_autofree char *key = NULL;

  if (self->loading)
    return;
  key = template_key (current_kind (self), "subject");
  g_settings_set_string (self->settings, key, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  update_preview (self);
}

static void
on_body_changed (SertelMailPreferencesPage *self)
{
  g_autofree char *key = NULL;
  g_autofree char *body = NULL;

  if (self->loading)
    return;
  key = template_key (current_kind (self), "body");
  body = body_text (self);
  g_settings_set_string (self->settings, key, body);
  update_preview (self);
}

static void
on_reset_clicked (SertelMailPreferencesPage *self)
{
  g_autofree char *skey = template_key (current_kind (self), "subject");
  g_autofree char *bkey = template_key (current_kind (self), "body");

  g_settings_reset (self->settings, skey);
  g_settings_reset (self->settings, bkey);
  load_template (self);
}

static void
on_security_selected (SertelMailPreferencesPage *self)
{
  guint i = adw_combo_row_get_selected (self->security_row);

  if (!self->loading && i < G_N_ELEMENTS (security_values))
    g_settings_set_string (self->settings, "smtp-security", security_values[i]);
}

static void
on_port_changed (SertelMailPreferencesPage *self)
{
  if (!self->loading)
    g_settings_set_uint (self->settings, "smtp-port", gtk_spin_button_get_value_as_int (self->port_spin));
}

static void
on_timeout_changed (SertelMailPreferencesPage *self)
{
  if (!self->loading)
    g_settings_set_uint (self->settings, "smtp-timeout-seconds", gtk_spin_button_get_value_as_int (self->timeout_spin));
}

/* ---- the password: kept by sertel-secrets, in a thread (the secret
 * service is a D-Bus round trip) ---- */

static void
password_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const char *value = task_data;
  GError *error = NULL;

  if (value != NULL)
    {
      if (sertel_secret_store (SERTEL_MAIL_PASSWORD_KEY, value, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
  else
    {
      g_autofree char *stored = sertel_secret_lookup (SERTEL_MAIL_PASSWORD_KEY, &error);
      if (error)
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, stored != NULL && *stored != '\0');
    }
}

static void
show_password_state (SertelMailPreferencesPage *self, gboolean stored)
{
  g_autofree char *text = NULL;

  if (stored)
    text = g_strdup_printf (_("A password is stored (%s). Type a new one and press Enter to replace it; "
                              "apply an empty field to remove it."),
                            g_str_equal (sertel_secret_backend_name (), "file")
                              ? _("in a file only you can read") : _("in the secret service"));
  else
    text = g_strdup (_("No password is stored."));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->password_row), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
password_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelMailPreferencesPage *self = SERTEL_MAIL_PREFERENCES_PAGE (object);
  g_autoptr(GError) error = NULL;
  const char *value = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (value != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      toast (self, *value ? _("The mail password was saved.") : _("The mail password was removed."));
      show_password_state (self, *value != '\0');
    }
  else
    show_password_state (self, ok);
}

static void
run_password (SertelMailPreferencesPage *self, const char *value)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, password_done, NULL);

  g_task_set_source_tag (task, run_password);
  g_task_set_task_data (task, g_strdup (value), g_free);
  g_task_run_in_thread (task, password_thread);
}

static void
on_password_apply (SertelMailPreferencesPage *self)
{
  run_password (self, gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

/* ---- object ---- */

static void
load_settings (SertelMailPreferencesPage *self)
{
  g_autofree char *security = g_settings_get_string (self->settings, "smtp-security");

  self->loading = TRUE;
  gtk_spin_button_set_value (self->port_spin, g_settings_get_uint (self->settings, "smtp-port"));
  gtk_spin_button_set_value (self->timeout_spin, g_settings_get_uint (self->settings, "smtp-timeout-seconds"));
  for (guint i = 0; i < G_N_ELEMENTS (security_values); i++)
    if (g_strcmp0 (security, security_values[i]) == 0)
      adw_combo_row_set_selected (self->security_row, i);
  self->loading = FALSE;
}

GtkWidget *
sertel_mail_preferences_page_new (SertelStore *store, SertelStaff *actor)
{
  return g_object_new (SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "store", store, "actor", actor, NULL);
}

static void
sertel_mail_preferences_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelMailPreferencesPage *self = SERTEL_MAIL_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ACTOR: g_value_set_object (value, self->actor); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_mail_preferences_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelMailPreferencesPage *self = SERTEL_MAIL_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_set_object (&self->store, g_value_get_object (value)); break;
    case PROP_ACTOR: g_set_object (&self->actor, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_mail_preferences_page_dispose (GObject *object)
{
  SertelMailPreferencesPage *self = SERTEL_MAIL_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_MAIL_PREFERENCES_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_object (&self->sample_request);
  g_clear_object (&self->sample_applicant);
  G_OBJECT_CLASS (sertel_mail_preferences_page_parent_class)->dispose (object);
}

static void
sertel_mail_preferences_page_class_init (SertelMailPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_mail_preferences_page_dispose;
  object_class->get_property = sertel_mail_preferences_page_get_property;
  object_class->set_property = sertel_mail_preferences_page_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-mail-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, host_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, security_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, from_name_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, subject_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, preview_subject);
  gtk_widget_class_bind_template_child (widget_class, SertelMailPreferencesPage, preview_body);
  gtk_widget_class_bind_template_callback (widget_class, on_password_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked);
}

static void
sertel_mail_preferences_page_init (SertelMailPreferencesPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  /* A sample applicant for the preview. */
  self->sample_request = sertel_request_new ();
  sertel_request_set_letter_number (self->sample_request, "800/125/DISDIK/2026");
  sertel_request_set_letter_date (self->sample_request, "2026-01-15");
  sertel_request_set_opd_name (self->sample_request, "Dinas Pendidikan");
  sertel_request_set_perihal (self->sample_request, "Permohonan Sertifikat Elektronik");
  sertel_request_set_recommendation_number (self->sample_request, "000.6.5.6/12/DKIP/2026");
  self->sample_applicant = sertel_applicant_new ();
  sertel_applicant_set_name (self->sample_applicant, "Siti Nur'aini");
  sertel_applicant_set_name_titled (self->sample_applicant, "Siti Nur'aini, S.Kom.");
  sertel_applicant_set_nip (self->sample_applicant, "198503122010012001");

  for (guint k = 0; k < SERTEL_MAIL_N_KINDS; k++)
    gtk_string_list_append (kinds, sertel_mail_kind_label (k));
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (kinds));

  g_settings_bind (self->settings, "smtp-host", self->host_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-user", self->user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-from", self->from_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "smtp-from-name", self->from_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  load_settings (self);
  load_template (self);

  g_signal_connect_swapped (self->port_spin, "value-changed", G_CALLBACK (on_port_changed), self);
  g_signal_connect_swapped (self->timeout_spin, "value-changed", G_CALLBACK (on_timeout_changed), self);
  g_signal_connect_swapped (self->security_row, "notify::selected", G_CALLBACK (on_security_selected), self);
  g_signal_connect_swapped (self->template_row, "notify::selected", G_CALLBACK (on_template_selected), self);
  g_signal_connect_swapped (self->subject_row, "changed", G_CALLBACK (on_subject_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed", G_CALLBACK (on_body_changed), self);

  run_password (self, NULL);
}
