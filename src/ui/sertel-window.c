/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-window.h"

struct _SertelWindow
{
  AdwApplicationWindow parent_instance;

  GSettings           *settings;

  /* template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  AdwStatusPage       *empty_page;
};

G_DEFINE_FINAL_TYPE (SertelWindow, sertel_window, ADW_TYPE_APPLICATION_WINDOW)

SertelWindow *
sertel_window_new (SertelApplication *application)
{
  return g_object_new (SERTEL_TYPE_WINDOW,
                       "application", application,
                       NULL);
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

  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_WINDOW);
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
}

static void
sertel_window_init (SertelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}
