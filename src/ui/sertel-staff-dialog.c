/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-identity.h"
#include "sertel-password.h"
#include "sertel-staff-dialog.h"

struct _SertelStaffDialog
{
  AdwWindow parent_instance;

  SertelStore     *store;
  SertelStaff     *actor;
  GCancellable    *cancellable;
  gboolean         busy;

  AdwToastOverlay *toast_overlay;
  GtkWidget       *form_box;
  GtkWidget       *add_button;
  GtkWidget       *cancel_button;
  GtkSpinner      *spinner;
  AdwEntryRow     *name_row;
  AdwEntryRow     *nip_row;
  AdwComboRow     *role_row;
  AdwEntryRow     *password_row;
  AdwEntryRow     *repeat_row;
  GtkLabel        *name_message;
  GtkLabel        *nip_message;
  GtkLabel        *password_message;
};

G_DEFINE_FINAL_TYPE (SertelStaffDialog, sertel_staff_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACTOR,
  N_PROPS
};

enum {
  STAFF_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The roles offered, in the order of the combo row. */
static const SertelRole offered_roles[] = {
  SERTEL_ROLE_OPERATOR,
  SERTEL_ROLE_KEPALA_DINAS,
  SERTEL_ROLE_KABID,
  SERTEL_ROLE_KASI,
  SERTEL_ROLE_VERIFIKATOR,
  SERTEL_ROLE_ADMIN,
};

/* Shared field checks ------------------------------------------------------ */

char *
sertel_staff_form_name_message (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));

  if (*stripped == '\0')
    return NULL;
  clean = sertel_name_normalize (name, &error);
  if (clean == NULL)
    return g_strdup (error->message);
  return NULL;
}

char *
sertel_staff_form_nip_message (const char *nip)
{
  g_autoptr(GError) error = NULL;
  SertelNip parsed;

  if (nip == NULL || *nip == '\0')
    return NULL;
  if (!sertel_nip_parse (nip, &parsed, &error))
    return g_strdup (error->message);
  return NULL;
}

char *
sertel_staff_form_password_message (const char *password,
                                    const char *repeat)
{
  if (password != NULL && *password != '\0' &&
      g_utf8_strlen (password, -1) < SERTEL_PASSWORD_MIN_LENGTH)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The password needs at least %d character.",
                                         "The password needs at least %d characters.",
                                         SERTEL_PASSWORD_MIN_LENGTH),
                            SERTEL_PASSWORD_MIN_LENGTH);
  if (repeat != NULL && *repeat != '\0' && g_strcmp0 (password, repeat) != 0)
    return g_strdup (_("The two passwords are not the same."));
  return NULL;
}

gboolean
sertel_staff_form_ok (const char *name,
                      const char *nip,
                      const char *password,
                      const char *repeat)
{
  g_autofree char *name_msg = sertel_staff_form_name_message (name);
  g_autofree char *nip_msg = sertel_staff_form_nip_message (nip);
  g_autofree char *pw_msg = sertel_staff_form_password_message (password, repeat);
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));

  return *stripped != '\0' && nip != NULL && *nip != '\0' &&
         password != NULL && *password != '\0' && g_strcmp0 (password, repeat) == 0 &&
         name_msg == NULL && nip_msg == NULL && pw_msg == NULL;
}

void
sertel_staff_form_show_message (GtkWidget  *field,
                                GtkLabel   *label,
                                const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
    }
  /* A screen reader hears the problem with the field itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message ? message : "",
                                  -1);
}

/* The dialog --------------------------------------------------------------- */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
form_ok (SertelStaffDialog *self)
{
  return sertel_staff_form_ok (row_text (self->name_row), row_text (self->nip_row),
                               row_text (self->password_row), row_text (self->repeat_row));
}

static void
update_sensitivity (SertelStaffDialog *self)
{
  gtk_widget_set_sensitive (self->add_button, !self->busy && self->store != NULL && form_ok (self));
  /* Read-only rather than insensitive, so a focused field keeps its focus. */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->nip_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->repeat_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static void
field_changed_cb (SertelStaffDialog *self)
{
  g_autofree char *name_msg = sertel_staff_form_name_message (row_text (self->name_row));
  g_autofree char *nip_msg = sertel_staff_form_nip_message (row_text (self->nip_row));
  g_autofree char *pw_msg = sertel_staff_form_password_message (row_text (self->password_row),
                                                                row_text (self->repeat_row));

  sertel_staff_form_show_message (GTK_WIDGET (self->name_row), self->name_message, name_msg);
  sertel_staff_form_show_message (GTK_WIDGET (self->nip_row), self->nip_message, nip_msg);
  sertel_staff_form_show_message (GTK_WIDGET (self->password_row), self->password_message, pw_msg);
  update_sensitivity (self);
}

typedef struct {
  SertelStore *store;
  SertelStaff *actor;
  char        *name;
  char        *nip;
  char        *password;
  SertelRole   role;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_free (data->name);
  g_free (data->nip);
  sertel_password_clear_free (data->password);
  g_free (data);
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;
  SertelStaff *staff;

  staff = sertel_store_add_staff (data->store, data->actor, data->name, data->nip,
                                  data->role, data->password, &error);
  if (staff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, staff, g_object_unref);
}

static void
add_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SertelStaffDialog *self = SERTEL_STAFF_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy = FALSE;
  if (staff == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      update_sensitivity (self);
      if (error->domain == SERTEL_IDENTITY_ERROR)
        {
          /* The name or the NIP: say it where it was typed. */
          if (error->code == SERTEL_IDENTITY_ERROR_NAME)
            sertel_staff_form_show_message (GTK_WIDGET (self->name_row), self->name_message, error->message);
          else
            sertel_staff_form_show_message (GTK_WIDGET (self->nip_row), self->nip_message, error->message);
        }
      else
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
        }
      return;
    }

  g_signal_emit (self, signals[STAFF_ADDED], 0, staff);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_clicked_cb (SertelStaffDialog *self)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;
  guint selected;

  if (self->busy || self->store == NULL || !form_ok (self))
    return;

  selected = adw_combo_row_get_selected (self->role_row);
  data = g_new0 (AddData, 1);
  data->store = g_object_ref (self->store);
  data->actor = self->actor ? g_object_ref (self->actor) : NULL;
  data->name = g_strdup (row_text (self->name_row));
  data->nip = g_strdup (row_text (self->nip_row));
  data->password = g_strdup (row_text (self->password_row));
  data->role = selected < G_N_ELEMENTS (offered_roles) ? offered_roles[selected] : SERTEL_ROLE_NONE;

  self->busy = TRUE;
  update_sensitivity (self);

  task = g_task_new (self, self->cancellable, add_done, NULL);
  g_task_set_source_tag (task, add_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_thread);
}

static void
entry_activated_cb (SertelStaffDialog *self)
{
  /* Enter in any field adds once the form is complete. */
  if (gtk_widget_get_sensitive (self->add_button))
    add_clicked_cb (self);
}

SertelStaffDialog *
sertel_staff_dialog_new (GtkWindow   *parent,
                         SertelStore *store,
                         SertelStaff *actor)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || SERTEL_IS_STORE (store), NULL);
  g_return_val_if_fail (actor == NULL || SERTEL_IS_STAFF (actor), NULL);

  return g_object_new (SERTEL_TYPE_STAFF_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "actor", actor,
                       NULL);
}

static void
sertel_staff_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SertelStaffDialog *self = SERTEL_STAFF_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_staff_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SertelStaffDialog *self = SERTEL_STAFF_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_set_object (&self->store, g_value_get_object (value)))
        update_sensitivity (self);
      break;
    case PROP_ACTOR:
      g_set_object (&self->actor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_staff_dialog_dispose (GObject *object)
{
  SertelStaffDialog *self = SERTEL_STAFF_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_STAFF_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (sertel_staff_dialog_parent_class)->dispose (object);
}

static void
sertel_staff_dialog_class_init (SertelStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_staff_dialog_get_property;
  object_class->set_property = sertel_staff_dialog_set_property;
  object_class->dispose = sertel_staff_dialog_dispose;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SertelStaffDialog::staff-added:
   * @staff: the new account, as saved
   */
  signals[STAFF_ADDED] =
    g_signal_new ("staff-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SERTEL_TYPE_STAFF);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-staff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, nip_row);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, name_message);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, nip_message);
  gtk_widget_class_bind_template_child (widget_class, SertelStaffDialog, password_message);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
sertel_staff_dialog_init (SertelStaffDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (offered_roles); i++)
    gtk_string_list_append (roles, sertel_role_display_name (offered_roles[i]));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, 0);

  update_sensitivity (self);
}
