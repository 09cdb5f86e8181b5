/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-demo.h"
#include "sertel-store.h"
#include "sertel-window.h"

struct _SertelWindow
{
  AdwApplicationWindow parent_instance;

  GSettings           *settings;
  SertelStore         *store;
  GCancellable        *cancellable;

  /* template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkListBox          *queue_list;
};

G_DEFINE_FINAL_TYPE (SertelWindow, sertel_window, ADW_TYPE_APPLICATION_WINDOW)

static void sertel_window_load (SertelWindow *self, const char *path, gboolean demo);

SertelWindow *
sertel_window_new (SertelApplication *application)
{
  SertelWindow *self = g_object_new (SERTEL_TYPE_WINDOW,
                                     "application", application,
                                     NULL);

  sertel_window_open_register (self,
                               sertel_application_get_database_path (application),
                               sertel_application_get_demo (application));
  return self;
}

/* @path: a SQLite file, or NULL for the default one in the user data folder.
 * @demo: fill the register with sample data when it is new. */
void
sertel_window_open_register (SertelWindow *self,
                             const char   *path,
                             gboolean      demo)
{
  g_return_if_fail (SERTEL_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  sertel_window_load (self, path, demo);
}

typedef struct {
  char        *path;
  gboolean     demo;
  SertelStore *store;
  guint        counts[6];
  guint        total;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_object (&data->store);
  g_free (data);
}

/* Opening runs migrations and counting reads the register: both off the main
 * thread, so a slow disk or a busy register never freezes the window. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  gboolean has_staff = TRUE;

  data->store = sertel_store_open (data->path, &error);
  if (data->store != NULL && data->demo &&
      (!sertel_store_has_staff (data->store, &has_staff, &error) ||
       (!has_staff && !sertel_demo_fill (data->store, 60, &error))))
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->store == NULL ||
      !sertel_store_count_requests (data->store, data->counts, &data->total, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
add_queue_row (SertelWindow *self, const char *title, guint count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = g_strdup_printf ("%u", count);
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->queue_list, row);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SertelWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  /* Queues in the order of the SOP. */
  static const SertelRequestState order[] = {
    SERTEL_REQUEST_RECEIVED, SERTEL_REQUEST_AT_KABID, SERTEL_REQUEST_AT_KASI,
    SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_REQUEST_COMPLETED, SERTEL_REQUEST_RETURNED,
  };

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  g_set_object (&self->store, data->store);
  if (data->total == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    add_queue_row (self, sertel_request_state_display_name (order[i]), data->counts[order[i]]);
  add_queue_row (self, _("All"), data->total);
  gtk_stack_set_visible_child_name (self->main_stack, "queues");
}

static void
sertel_window_load (SertelWindow *self, const char *path, gboolean demo)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, load_done, g_object_ref (self));
  LoadData *data = g_new0 (LoadData, 1);

  data->path = g_strdup (path);
  data->demo = demo;
  g_task_set_source_tag (task, sertel_window_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

static gboolean
sertel_window_close_request (GtkWindow *window)
{
  SertelWindow *self = SERTEL_WINDOW (window);
  int width, height;

  /* Remember the size the clerk chose, not the maximized one. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (sertel_window_parent_class)->close_request (window);
}

static void
sertel_window_dispose (GObject *object)
{
  SertelWindow *self = SERTEL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sertel_window_parent_class)->dispose (object);
}

static void
sertel_window_class_init (SertelWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sertel_window_dispose;
  window_class->close_request = sertel_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, queue_list);
}

static void
sertel_window_init (SertelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}
