/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Records. See sertel-maintenance-page.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-maintenance.h"
#include "sertel-maintenance-page.h"
#include "sertel-store-lifecycle.h"

struct _SertelMaintenancePage
{
  AdwPreferencesPage parent_instance;

  SertelStore    *store;
  GSettings      *settings;
  GCancellable   *cancellable;
  GtkFileChooserNative *chooser;

  AdwActionRow   *status_row;
  GtkImage       *status_icon;
  GtkSpinner     *spinner;
  GtkButton      *backup_button;
  GtkSwitch      *enabled_switch;
  AdwActionRow   *folder_row;
  GtkButton      *reset_button;
  GtkSpinButton  *keep_spin;
  GtkSpinButton  *retention_spin;
};

G_DEFINE_FINAL_TYPE (SertelMaintenancePage, sertel_maintenance_page, ADW_TYPE_PREFERENCES_PAGE)

static void
update_status (SertelMaintenancePage *self)
{
  g_autofree char *error = g_settings_get_string (self->settings, "backup-last-error");
  gint64 last = g_settings_get_int64 (self->settings, "backup-last-time");
  g_autofree char *text = NULL;
  g_autofree char *when = NULL;

  if (last > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (last);
      when = g_date_time_format (dt, "%d-%m-%Y %H:%M");
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (*error != '\0')
    {
      text = when ? g_strdup_printf (_("The last backup failed: %s The one before was made on %s."), error, when)
                  : g_strdup_printf (_("The last backup failed: %s"), error);
      gtk_image_set_from_icon_name (self->status_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
    }
  else if (when)
    {
      text = g_strdup_printf (_("Made and checked on %s."), when);
      gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
    }
  else
    {
      text = g_strdup (_("No backup has been made from this computer yet."));
      gtk_image_set_from_icon_name (self->status_icon, "dialog-information-symbolic");
    }
  adw_action_row_set_subtitle (self->status_row, text);
}

static void
update_folder (SertelMaintenancePage *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");
  g_autofree char *fallback = NULL;

  if (*folder == '\0' && self->store != NULL)
    {
      g_autofree char *dir = sertel_store_default_backup_folder (self->store);
      fallback = g_strdup_printf (_("%s (default)"), dir);
    }
  adw_action_row_set_subtitle (self->folder_row, *folder ? folder : fallback ? fallback : _("Beside the register"));
  gtk_widget_set_visible (GTK_WIDGET (self->reset_button), *folder != '\0');
}

static void
settings_changed (SertelMaintenancePage *self, const char *key, GSettings *settings G_GNUC_UNUSED)
{
  if (g_str_has_prefix (key, "backup-last-"))
    update_status (self);
  else if (g_strcmp0 (key, "backup-folder") == 0)
    update_folder (self);
}

static void
backup_done (GObject *object G_GNUC_UNUSED, GAsyncResult *result, gpointer user_data)
{
  SertelMaintenancePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = sertel_maintenance_backup_finish (result, &error);
  GtkRoot *root;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), TRUE);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (ADW_IS_PREFERENCES_WINDOW (root))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                        adw_toast_new (error ? error->message : _("The backup was written and checked.")));
    }
  g_object_unref (self);
}

static void
on_backup_now (SertelMaintenancePage *self)
{
  if (self->store == NULL)
    return;
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), FALSE);
  sertel_maintenance_backup_async (self->store, self->settings, TRUE, self->cancellable,
                                   backup_done, g_object_ref (self));
}

static void
chooser_response (SertelMaintenancePage *self, int response, GtkNativeDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path)
        g_settings_set_string (self->settings, "backup-folder", path);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_folder (SertelMaintenancePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Backup Folder"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_reset_folder (SertelMaintenancePage *self)
{
  g_settings_reset (self->settings, "backup-folder");
}

GtkWidget *
sertel_maintenance_page_new (SertelStore *store, GSettings *settings)
{
  SertelMaintenancePage *self;

  g_return_val_if_fail (store == NULL || SERTEL_IS_STORE (store), NULL);

  self = g_object_new (SERTEL_TYPE_MAINTENANCE_PAGE, NULL);
  self->store = store ? g_object_ref (store) : NULL;
  self->settings = settings ? g_object_ref (settings) : g_settings_new (APP_ID);

  g_settings_bind (self->settings, "backup-enabled", self->enabled_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-keep-days", self->keep_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "retention-years", self->retention_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backup_button), store != NULL);
  update_status (self);
  update_folder (self);
  return GTK_WIDGET (self);
}

static void
sertel_maintenance_page_dispose (GObject *object)
{
  SertelMaintenancePage *self = SERTEL_MAINTENANCE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_MAINTENANCE_PAGE);

  G_OBJECT_CLASS (sertel_maintenance_page_parent_class)->dispose (object);
}

static void
sertel_maintenance_page_finalize (GObject *object)
{
  SertelMaintenancePage *self = SERTEL_MAINTENANCE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sertel_maintenance_page_parent_class)->finalize (object);
}

static void
sertel_maintenance_page_class_init (SertelMaintenancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_maintenance_page_dispose;
  object_class->finalize = sertel_maintenance_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-maintenance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, status_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, backup_button);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, SertelMaintenancePage, retention_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_now);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_folder);
}

static void
sertel_maintenance_page_init (SertelMaintenancePage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
