/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-bsre-preferences-page.h"
#include "sertel-database-preferences-page.h"
#include "sertel-mail-preferences-page.h"
#include "sertel-maintenance-page.h"
#include "sertel-idle-lock.h"
#include "sertel-opd-page.h"
#include "sertel-preferences-window.h"
#include "sertel-staff-dialog.h"

struct _SertelPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;
  SertelStore    *store;
  SertelStaff    *actor;
  GCancellable   *cancellable;

  /* The "Staff" page, present only while the actor is an administrator;
   * the window owns it. */
  AdwPreferencesPage  *staff_page;
  GtkWidget           *opd_page;
  GtkWidget           *bsre_page;
  GtkWidget           *mail_page;
  GtkWidget           *records_page;
  GtkWidget           *database_page;
  AdwPreferencesGroup *staff_group;
  GPtrArray           *staff_rows;

  GtkEditable    *domain_entry;
  GtkSwitch      *subdomain_switch;
  GtkSpinButton  *disposition_spin;
  GtkSpinButton  *kabid_spin;
  GtkSpinButton  *verification_spin;
  GtkSpinButton  *registration_spin;
  GtkSpinButton  *attachment_spin;
};

G_DEFINE_FINAL_TYPE (SertelPreferencesWindow, sertel_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The roles in the order of each row's drop-down. */
static const SertelRole staff_roles[] = {
  SERTEL_ROLE_OPERATOR,
  SERTEL_ROLE_KEPALA_DINAS,
  SERTEL_ROLE_KABID,
  SERTEL_ROLE_KASI,
  SERTEL_ROLE_VERIFIKATOR,
  SERTEL_ROLE_ADMIN,
};

SertelPreferencesWindow *
sertel_preferences_window_new (GtkWindow *parent)
{
  return sertel_preferences_window_new_for (parent, NULL, NULL);
}

SertelPreferencesWindow *
sertel_preferences_window_new_for (GtkWindow   *parent,
                                   SertelStore *store,
                                   SertelStaff *actor)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || SERTEL_IS_STORE (store), NULL);
  g_return_val_if_fail (actor == NULL || SERTEL_IS_STAFF (actor), NULL);

  return g_object_new (SERTEL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "store", store,
                       "actor", actor,
                       NULL);
}

static void
toast (SertelPreferencesWindow *self,
       const char              *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* The staff list ----------------------------------------------------------- */

static void staff_reload (SertelPreferencesWindow *self);

static void
staff_list_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *staff = sertel_store_list_staff (task_data, TRUE, &error);

  if (staff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, staff, (GDestroyNotify) g_ptr_array_unref);
}

typedef enum {
  CHANGE_ROLE,
  CHANGE_ACTIVE,
} ChangeKind;

typedef struct {
  SertelStore *store;
  SertelStaff *actor;
  gint64       staff_id;
  char        *name;
  ChangeKind   kind;
  SertelRole   role;
  gboolean     active;
} StaffChange;

static void
staff_change_free (StaffChange *change)
{
  g_clear_object (&change->store);
  g_clear_object (&change->actor);
  g_free (change->name);
  g_free (change);
}

static void
staff_change_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  StaffChange *change = task_data;
  GError *error = NULL;
  gboolean ok;

  if (change->kind == CHANGE_ROLE)
    ok = sertel_store_set_staff_role (change->store, change->actor, change->staff_id, change->role, &error);
  else
    ok = sertel_store_set_staff_active (change->store, change->actor, change->staff_id, change->active, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
staff_change_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SertelPreferencesWindow *self = SERTEL_PREFERENCES_WINDOW (object);
  StaffChange *change = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The core's sentence, e.g. the last administrator cannot go. */
      toast (self, error->message);
    }
  else
    {
      g_autofree char *message = NULL;

      if (change->kind == CHANGE_ROLE)
        /* Translators: "Siti Rahmawati is now Kasi Persandian." */
        message = g_strdup_printf (_("%s is now %s."), change->name, sertel_role_display_name (change->role));
      else if (change->active)
        message = g_strdup_printf (_("%s can sign in again."), change->name);
      else
        message = g_strdup_printf (_("%s can no longer sign in."), change->name);
      toast (self, message);
    }
  /* Either way show what the register now holds (a refused role reverts). */
  staff_reload (self);
}

static void
staff_change_run (SertelPreferencesWindow *self,
                  StaffChange             *change)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, staff_change_done, NULL);

  change->store = g_object_ref (self->store);
  change->actor = g_object_ref (self->actor);
  if (self->staff_group)
    gtk_widget_set_sensitive (GTK_WIDGET (self->staff_group), FALSE);
  g_task_set_source_tag (task, staff_change_run);
  g_task_set_task_data (task, change, (GDestroyNotify) staff_change_free);
  g_task_run_in_thread (task, staff_change_thread);
}

static void
role_selected_cb (GtkDropDown             *dropdown,
                  GParamSpec              *pspec,
                  SertelPreferencesWindow *self)
{
  SertelStaff *staff = g_object_get_data (G_OBJECT (dropdown), "staff");
  guint selected = gtk_drop_down_get_selected (dropdown);
  StaffChange *change;

  if (selected >= G_N_ELEMENTS (staff_roles) || staff_roles[selected] == sertel_staff_get_role (staff))
    return;

  change = g_new0 (StaffChange, 1);
  change->kind = CHANGE_ROLE;
  change->staff_id = sertel_staff_get_id (staff);
  change->name = g_strdup (sertel_staff_get_name (staff));
  change->role = staff_roles[selected];
  staff_change_run (self, change);
}

static void
active_clicked_cb (GtkButton               *button,
                   SertelPreferencesWindow *self)
{
  SertelStaff *staff = g_object_get_data (G_OBJECT (button), "staff");
  StaffChange *change = g_new0 (StaffChange, 1);

  change->kind = CHANGE_ACTIVE;
  change->staff_id = sertel_staff_get_id (staff);
  change->name = g_strdup (sertel_staff_get_name (staff));
  change->active = !sertel_staff_get_active (staff);
  staff_change_run (self, change);
}

static GtkWidget *
staff_row_new (SertelPreferencesWindow *self,
               SertelStaff             *staff)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  g_autofree char *title = g_markup_escape_text (sertel_staff_get_name (staff), -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *role_label = NULL;
  g_autofree char *button_label = NULL;
  gboolean active = sertel_staff_get_active (staff);
  GtkWidget *dropdown;
  GtkWidget *button;
  guint selected = 0;

  for (guint i = 0; i < G_N_ELEMENTS (staff_roles); i++)
    {
      gtk_string_list_append (roles, sertel_role_display_name (staff_roles[i]));
      if (staff_roles[i] == sertel_staff_get_role (staff))
        selected = i;
    }

  if (active)
    subtitle = g_strdup_printf (_("NIP %s"), sertel_staff_get_nip (staff));
  else
    /* Translators: the subtitle of a switched-off account */
    subtitle = g_strdup_printf (_("NIP %s · Inactive"), sertel_staff_get_nip (staff));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (!active)
    gtk_widget_add_css_class (row, "dim-label");

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&roles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  /* Translators: the accessible label of the role drop-down, "Role of Siti Rahmawati" */
  role_label = g_strdup_printf (_("Role of %s"), sertel_staff_get_name (staff));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, role_label, -1);
  gtk_widget_set_tooltip_text (dropdown, role_label);
  g_object_set_data_full (G_OBJECT (dropdown), "staff", g_object_ref (staff), g_object_unref);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (role_selected_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);

  button = gtk_button_new_with_label (active ? _("Deactivate") : _("Reactivate"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  button_label = g_strdup_printf (active ? _("Deactivate %s") : _("Reactivate %s"), sertel_staff_get_name (staff));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_label, -1);
  g_object_set_data_full (G_OBJECT (button), "staff", g_object_ref (staff), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (active_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  g_object_set_data_full (G_OBJECT (row), "staff", g_object_ref (staff), g_object_unref);
  return row;
}

static void
staff_list_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SertelPreferencesWindow *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SERTEL_PREFERENCES_WINDOW (object);
  if (self->staff_group == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->staff_group), TRUE);
  if (staff == NULL)
    {
      toast (self, error->message);
      return;
    }

  for (guint i = 0; i < self->staff_rows->len; i++)
    adw_preferences_group_remove (self->staff_group, g_ptr_array_index (self->staff_rows, i));
  g_ptr_array_set_size (self->staff_rows, 0);
  for (guint i = 0; i < staff->len; i++)
    {
      GtkWidget *row = staff_row_new (self, g_ptr_array_index (staff, i));

      g_ptr_array_add (self->staff_rows, row);
      adw_preferences_group_add (self->staff_group, row);
    }
}

static void
staff_reload (SertelPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->staff_group == NULL || self->store == NULL)
    return;
  task = g_task_new (self, self->cancellable, staff_list_done, NULL);
  g_task_set_source_tag (task, staff_reload);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, staff_list_thread);
}

static void
staff_added_cb (SertelStaffDialog       *dialog,
                SertelStaff             *staff,
                SertelPreferencesWindow *self)
{
  g_autofree char *message = g_strdup_printf (_("%s was added as %s."), sertel_staff_get_name (staff),
                                              sertel_role_display_name (sertel_staff_get_role (staff)));

  toast (self, message);
  staff_reload (self);
}

static void
add_staff_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SertelPreferencesWindow *self = SERTEL_PREFERENCES_WINDOW (widget);
  SertelStaffDialog *dialog;

  if (self->staff_page == NULL)
    return;
  dialog = sertel_staff_dialog_new (GTK_WINDOW (self), self->store, self->actor);
  g_signal_connect_object (dialog, "staff-added", G_CALLBACK (staff_added_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
actor_is_admin (SertelPreferencesWindow *self)
{
  return self->store != NULL && self->actor != NULL &&
         sertel_staff_get_role (self->actor) == SERTEL_ROLE_ADMIN &&
         sertel_staff_get_active (self->actor);
}

/* The OPD list is kept by the administrator and the Operator. */
static void
update_opd_page (SertelPreferencesWindow *self)
{
  gboolean keeper = self->store != NULL && self->actor != NULL &&
                    (sertel_staff_get_role (self->actor) == SERTEL_ROLE_ADMIN ||
                     sertel_staff_get_role (self->actor) == SERTEL_ROLE_OPERATOR);

  if (self->opd_page != NULL)
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->opd_page));
      self->opd_page = NULL;
    }
  if (keeper)
    {
      self->opd_page = sertel_opd_page_new (self->store, self->actor);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->opd_page));
    }

  /* The connection to the office's BSrE service is the administrator's. */
  if (self->bsre_page != NULL)
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->bsre_page));
      self->bsre_page = NULL;
    }
  if (self->mail_page != NULL)
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->mail_page));
      self->mail_page = NULL;
    }
  if (self->records_page != NULL)
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->records_page));
      self->records_page = NULL;
    }
  if (self->database_page != NULL)
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->database_page));
      self->database_page = NULL;
    }
  if (actor_is_admin (self))
    {
      self->mail_page = sertel_mail_preferences_page_new (self->store, self->actor);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->mail_page));
      self->bsre_page = sertel_bsre_preferences_page_new (self->settings);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->bsre_page));
      /* Backups and the retention rule: the administrator's too. */
      self->records_page = sertel_maintenance_page_new (self->store, self->settings);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->records_page));
      self->database_page = sertel_database_preferences_page_new (self->settings, self->store);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->database_page));
    }
}

/* Adds or removes the Staff page to match the actor. */
static void
update_staff_page (SertelPreferencesWindow *self)
{
  gboolean admin = actor_is_admin (self);
  GtkWidget *button;

  update_opd_page (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-staff", admin);

  if (!admin)
    {
      if (self->staff_page != NULL)
        adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), self->staff_page);
      self->staff_page = NULL;
      self->staff_group = NULL;
      g_ptr_array_set_size (self->staff_rows, 0);
      return;
    }

  if (self->staff_page == NULL)
    {
      self->staff_page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
      adw_preferences_page_set_title (self->staff_page, _("Staff"));
      adw_preferences_page_set_icon_name (self->staff_page, "system-users-symbolic");
      adw_preferences_page_set_name (self->staff_page, "staff");

      self->staff_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->staff_group, _("Staff Accounts"));
      adw_preferences_group_set_description (self->staff_group,
                                             _("Accounts are deactivated, never deleted: the audit trail keeps them."));
      button = gtk_button_new_with_mnemonic (_("_Add Staff Member…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prefs.add-staff");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (self->staff_group, button);
      adw_preferences_page_add (self->staff_page, self->staff_group);
      adw_preferences_page_add (self->staff_page,
                                ADW_PREFERENCES_GROUP (sertel_idle_lock_settings_group_new (self->settings)));
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), self->staff_page);
    }
  staff_reload (self);
}

static void
sertel_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SertelPreferencesWindow *self = SERTEL_PREFERENCES_WINDOW (object);

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
sertel_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SertelPreferencesWindow *self = SERTEL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_set_object (&self->store, g_value_get_object (value)))
        {
          update_staff_page (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ACTOR:
      if (g_set_object (&self->actor, g_value_get_object (value)))
        {
          update_staff_page (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_preferences_window_dispose (GObject *object)
{
  SertelPreferencesWindow *self = SERTEL_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_PREFERENCES_WINDOW);
  self->staff_page = NULL;
  self->staff_group = NULL;
  g_clear_pointer (&self->staff_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);

  G_OBJECT_CLASS (sertel_preferences_window_parent_class)->dispose (object);
}

static void
sertel_preferences_window_class_init (SertelPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_preferences_window_get_property;
  object_class->set_property = sertel_preferences_window_set_property;
  object_class->dispose = sertel_preferences_window_dispose;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "prefs.add-staff", NULL, add_staff_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, domain_entry);
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, subdomain_switch);
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, disposition_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, kabid_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, verification_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, registration_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelPreferencesWindow, attachment_spin);
}

static void
sertel_preferences_window_init (SertelPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->staff_rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-staff", FALSE);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "official-email-domain", self->domain_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "allow-email-subdomains", self->subdomain_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-disposition-minutes", self->disposition_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-kabid-minutes", self->kabid_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-verification-minutes", self->verification_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-registration-hours", self->registration_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "attachment-max-mb", self->attachment_spin, "value", G_SETTINGS_BIND_DEFAULT);
}
