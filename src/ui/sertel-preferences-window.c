/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-preferences-window.h"

struct _SertelPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;

  GtkEditable    *domain_entry;
  GtkSwitch      *subdomain_switch;
  GtkSpinButton  *disposition_spin;
  GtkSpinButton  *kabid_spin;
  GtkSpinButton  *verification_spin;
  GtkSpinButton  *registration_spin;
  GtkSpinButton  *attachment_spin;
};

G_DEFINE_FINAL_TYPE (SertelPreferencesWindow, sertel_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

SertelPreferencesWindow *
sertel_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (SERTEL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

static void
sertel_preferences_window_dispose (GObject *object)
{
  SertelPreferencesWindow *self = SERTEL_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sertel_preferences_window_parent_class)->dispose (object);
}

static void
sertel_preferences_window_class_init (SertelPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_preferences_window_dispose;

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

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "official-email-domain", self->domain_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "allow-email-subdomains", self->subdomain_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-disposition-minutes", self->disposition_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-kabid-minutes", self->kabid_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-verification-minutes", self->verification_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sla-registration-hours", self->registration_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "attachment-max-mb", self->attachment_spin, "value", G_SETTINGS_BIND_DEFAULT);
}
