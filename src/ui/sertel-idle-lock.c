/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-password.h"
#include "sertel-idle-lock.h"

#define TICK_MS 250

struct _SertelIdleLock
{
  GObject               parent_instance;

  AdwApplicationWindow *window;          /* weak: the window owns this */
  GSettings            *settings;
  SertelStore          *store;
  SertelStaff          *actor;

  GtkWidget            *content;         /* the window's own content, kept as it is */
  GtkWidget            *focus;           /* weak: where the keyboard was before locking */
  GtkWidget            *lock_page;
  AdwStatusPage        *status;
  AdwPasswordEntryRow  *password_row;
  GtkLabel             *message;
  GtkWidget            *unlock_button;
  GtkWidget            *sign_out_button;

  gint64                last_input;      /* monotonic µs */
  guint                 tick_id;
  gboolean              locked;
  gboolean              busy;
  GPtrArray            *hidden;          /* other windows of the app, hidden while locked */
  GCancellable         *cancellable;
  GtkApplication       *app;
  gulong                window_added_id;
};

G_DEFINE_FINAL_TYPE (SertelIdleLock, sertel_idle_lock, G_TYPE_OBJECT)

static guint
timeout_seconds (SertelIdleLock *self)
{
  return g_settings_get_uint (self->settings, "idle-lock-seconds");
}

/* Any key, click, scroll or pointer move in any of the app's windows counts;
 * while locked, nothing but the lock screen gets keys. */
static gboolean
on_event (GtkEventControllerLegacy *controller, GdkEvent *event, SertelIdleLock *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_SCROLL:
    case GDK_MOTION_NOTIFY:
    case GDK_TOUCH_BEGIN:
      self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return FALSE;
}

static void
watch_window (SertelIdleLock *self, GtkWindow *window)
{
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (legacy, "sertel-idle-lock");
  g_signal_connect_object (legacy, "event", G_CALLBACK (on_event), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), legacy);
}

static void
on_window_added (GtkApplication *app, GtkWindow *window, SertelIdleLock *self)
{
  watch_window (self, window);
  /* a window opened while locked (e.g. by a timer) waits too */
  if (self->locked && window != GTK_WINDOW (self->window))
    {
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      g_ptr_array_add (self->hidden, g_object_ref (window));
    }
}

static gboolean
tick (gpointer user_data)
{
  SertelIdleLock *self = user_data;
  guint seconds = timeout_seconds (self);

  if (self->actor == NULL || seconds == 0 || self->locked)
    return G_SOURCE_CONTINUE;
  if (g_get_monotonic_time () - self->last_input >= (gint64) seconds * G_USEC_PER_SEC)
    sertel_idle_lock_lock (self);
  return G_SOURCE_CONTINUE;
}

static void
update_tick (SertelIdleLock *self)
{
  gboolean want = self->actor != NULL && timeout_seconds (self) > 0;

  if (want && self->tick_id == 0)
    {
      self->last_input = g_get_monotonic_time ();
      self->tick_id = g_timeout_add (TICK_MS, tick, self);
    }
  else if (!want)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
show_message (SertelIdleLock *self, const char *text)
{
  gtk_label_set_text (self->message, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

static void
set_busy (SertelIdleLock *self, gboolean busy)
{
  self->busy = busy;
  /* The entry keeps focus and sensitivity (a focused entry turned
   * insensitive loses its cursor); a second Enter is ignored while busy. */
  gtk_widget_set_sensitive (self->unlock_button, !busy);
}

static void
unlock (SertelIdleLock *self, gboolean show_hidden)
{
  self->locked = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_message (self, NULL);
  gtk_widget_set_sensitive (self->content, TRUE);
  gtk_widget_set_visible (self->lock_page, FALSE);
  if (self->focus != NULL && show_hidden)
    gtk_widget_grab_focus (self->focus);
  g_clear_weak_pointer (&self->focus);
  for (guint i = 0; i < self->hidden->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (self->hidden, i);
      if (show_hidden)
        gtk_widget_set_visible (w, TRUE);
      else
        gtk_window_destroy (GTK_WINDOW (w));   /* signed out: nothing of it stays */
    }
  g_ptr_array_set_size (self->hidden, 0);
  self->last_input = g_get_monotonic_time ();
}

void
sertel_idle_lock_lock (SertelIdleLock *self)
{
  g_autofree char *who = NULL;

  g_return_if_fail (SERTEL_IS_IDLE_LOCK (self));

  if (self->locked || self->actor == NULL)
    return;
  self->locked = TRUE;

  /* Other windows (a KTP scan in the viewer, Preferences) hide with it. */
  if (self->app != NULL)
    for (GList *l = gtk_application_get_windows (self->app); l != NULL; l = l->next)
      if (l->data != (gpointer) self->window && gtk_widget_get_visible (l->data))
        {
          gtk_widget_set_visible (l->data, FALSE);
          g_ptr_array_add (self->hidden, g_object_ref (l->data));
        }

  who = g_strdup_printf (_("Signed in as %s (%s). Enter your password to go on; your work is kept as you left it."),
                         sertel_staff_get_name (self->actor),
                         sertel_role_display_name (sertel_staff_get_role (self->actor)));
  adw_status_page_set_title (self->status, _("Desk Locked"));
  adw_status_page_set_description (self->status, who);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("_Password"));
  gtk_button_set_label (GTK_BUTTON (self->unlock_button), _("_Unlock"));
  gtk_button_set_label (GTK_BUTTON (self->sign_out_button), _("Sign _Out"));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_message (self, NULL);
  /* Focus leaves the work first (and comes back to it after), then the work
   * turns insensitive, not removed: what was typed stays, no key reaches it. */
  g_set_weak_pointer (&self->focus, gtk_root_get_focus (GTK_ROOT (self->window)));
  gtk_widget_set_visible (self->lock_page, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  gtk_widget_set_sensitive (self->content, FALSE);
}

gboolean
sertel_idle_lock_get_locked (SertelIdleLock *self)
{
  g_return_val_if_fail (SERTEL_IS_IDLE_LOCK (self), FALSE);
  return self->locked;
}

/* Unlocking -------------------------------------------------------------- */

typedef struct {
  SertelStore *store;
  gint64       staff_id;
  char        *password;
} UnlockData;

static void
unlock_data_free (UnlockData *data)
{
  g_clear_object (&data->store);
  sertel_password_clear_free (data->password);
  g_free (data);
}

static void
unlock_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  UnlockData *data = task_data;
  GError *error = NULL;
  SertelStaff *staff = sertel_store_authenticate (data->store, data->staff_id, data->password, &error);

  if (staff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, staff, g_object_unref);
}

static void
unlock_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = g_task_propagate_pointer (G_TASK (result), &error);
  SertelIdleLock *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SERTEL_IDLE_LOCK (source);
  set_busy (self, FALSE);
  if (!self->locked)
    return;
  if (staff == NULL)
    {
      show_message (self, error->message);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  unlock (self, TRUE);
}

static void
unlock_clicked (SertelIdleLock *self)
{
  g_autoptr(GTask) task = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  UnlockData *data;

  if (self->busy || !self->locked || self->actor == NULL || *password == '\0')
    return;
  data = g_new0 (UnlockData, 1);
  data->store = g_object_ref (self->store);
  data->staff_id = sertel_staff_get_id (self->actor);
  data->password = g_strdup (password);

  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  /* The same rules as the sign-in page: wrong passwords count towards a lockout. */
  task = g_task_new (self, self->cancellable, unlock_done, NULL);
  g_task_set_source_tag (task, unlock_clicked);
  g_task_set_task_data (task, data, (GDestroyNotify) unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

static void
sign_out_clicked (SertelIdleLock *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self->window), "win.sign-out", NULL);
}

/* Building ---------------------------------------------------------------- */

static GtkWidget *
build_lock_page (SertelIdleLock *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *sign_out = gtk_button_new_with_mnemonic (_("Sign _Out"));

  self->sign_out_button = sign_out;

  gtk_widget_add_css_class (page, "background");
  gtk_widget_set_name (page, "sertel-lock-screen");
  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->status, "system-lock-screen-symbolic");
  adw_status_page_set_title (self->status, _("Desk Locked"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->status), TRUE);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 400);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("_Password"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->password_row), TRUE);
  g_signal_connect_object (self->password_row, "entry-activated", G_CALLBACK (unlock_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->password_row));

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);

  self->unlock_button = gtk_button_new_with_mnemonic (_("_Unlock"));
  gtk_widget_add_css_class (self->unlock_button, "suggested-action");
  gtk_widget_add_css_class (self->unlock_button, "pill");
  gtk_widget_add_css_class (sign_out, "pill");
  g_signal_connect_object (self->unlock_button, "clicked", G_CALLBACK (unlock_clicked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sign_out, "clicked", G_CALLBACK (sign_out_clicked), self, G_CONNECT_SWAPPED);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), sign_out);
  gtk_box_append (GTK_BOX (buttons), self->unlock_button);

  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (box), buttons);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  adw_status_page_set_child (self->status, clamp);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->status));
  gtk_widget_set_visible (page, FALSE);
  return page;
}

static void
on_settings_changed (GSettings *settings, const char *key, SertelIdleLock *self)
{
  if (g_strcmp0 (key, "idle-lock-seconds") == 0)
    update_tick (self);
}

SertelIdleLock *
sertel_idle_lock_new (AdwApplicationWindow *window,
                      GSettings            *settings)
{
  SertelIdleLock *self;
  GtkWidget *overlay;

  g_return_val_if_fail (ADW_IS_APPLICATION_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SERTEL_TYPE_IDLE_LOCK, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed), self, 0);

  /* The lock screen lies over the window's own content, which stays. */
  self->content = g_object_ref (adw_application_window_get_content (window));
  adw_application_window_set_content (window, NULL);
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->content);
  self->lock_page = build_lock_page (self);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->lock_page);
  adw_application_window_set_content (window, overlay);

  watch_window (self, GTK_WINDOW (window));
  self->app = gtk_window_get_application (GTK_WINDOW (window));
  if (self->app != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (self->app), (gpointer *) &self->app);
      self->window_added_id = g_signal_connect (self->app, "window-added", G_CALLBACK (on_window_added), self);
      for (GList *l = gtk_application_get_windows (self->app); l != NULL; l = l->next)
        if (l->data != (gpointer) window)
          watch_window (self, l->data);
    }
  self->last_input = g_get_monotonic_time ();
  return self;
}

void
sertel_idle_lock_set_actor (SertelIdleLock *self,
                            SertelStore    *store,
                            SertelStaff    *actor)
{
  g_return_if_fail (SERTEL_IS_IDLE_LOCK (self));

  if (actor == NULL && self->locked)
    unlock (self, FALSE);
  g_set_object (&self->store, store);
  g_set_object (&self->actor, actor);
  self->last_input = g_get_monotonic_time ();
  update_tick (self);
}

static void
sertel_idle_lock_dispose (GObject *object)
{
  SertelIdleLock *self = SERTEL_IDLE_LOCK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->app != NULL)
    {
      g_clear_signal_handler (&self->window_added_id, self->app);
      g_object_remove_weak_pointer (G_OBJECT (self->app), (gpointer *) &self->app);
      self->app = NULL;
    }
  if (self->window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }
  if (self->hidden != NULL)
    g_ptr_array_set_size (self->hidden, 0);
  g_clear_weak_pointer (&self->focus);
  g_clear_object (&self->content);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sertel_idle_lock_parent_class)->dispose (object);
}

static void
sertel_idle_lock_finalize (GObject *object)
{
  SertelIdleLock *self = SERTEL_IDLE_LOCK (object);

  g_clear_pointer (&self->hidden, g_ptr_array_unref);
  G_OBJECT_CLASS (sertel_idle_lock_parent_class)->finalize (object);
}

static void
sertel_idle_lock_class_init (SertelIdleLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sertel_idle_lock_dispose;
  object_class->finalize = sertel_idle_lock_finalize;
}

static void
sertel_idle_lock_init (SertelIdleLock *self)
{
  self->hidden = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Preferences ------------------------------------------------------------- */

static gboolean
seconds_to_minutes (GValue *value, GVariant *variant, gpointer user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue *value, const GVariantType *type, gpointer user_data)
{
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60 + 0.5));
}

GtkWidget *
sertel_idle_lock_settings_group_new (GSettings *settings)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 240, 1);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Idle Desks"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A desk left without input locks and asks for the same person’s password; "
                                           "nothing on screen is lost."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Lock after (minutes, 0 = never)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_widget_set_name (spin, "idle-lock-minutes");
  g_settings_bind_with_mapping (settings, "idle-lock-seconds", spin, "value", G_SETTINGS_BIND_DEFAULT,
                                seconds_to_minutes, minutes_to_seconds, NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return group;
}
