/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See sertel-connection-banner.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-connection-banner.h"

struct _SertelConnectionBanner
{
  AdwBin parent_instance;

  SertelStore  *store;
  GBinding     *binding;
  GCancellable *cancellable;   /* the retry in flight */
  gboolean      connected;

  GtkRevealer  *revealer;
  GtkLabel     *label;
  GtkButton    *retry_button;
};

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SertelConnectionBanner, sertel_connection_banner, ADW_TYPE_BIN)

GtkWidget *
sertel_connection_banner_new (void)
{
  return g_object_new (SERTEL_TYPE_CONNECTION_BANNER, NULL);
}

gboolean
sertel_connection_banner_get_connected (SertelConnectionBanner *self)
{
  g_return_val_if_fail (SERTEL_IS_CONNECTION_BANNER (self), TRUE);
  return self->connected;
}

void
sertel_connection_banner_set_connected (SertelConnectionBanner *self,
                                        gboolean                connected)
{
  g_return_if_fail (SERTEL_IS_CONNECTION_BANNER (self));

  connected = !!connected;
  if (self->connected == connected)
    return;
  self->connected = connected;
  if (!connected)
    {
      /* A new loss starts with the usual sentence and a usable button. */
      gtk_label_set_text (self->label, _("Connection to the register server lost. Your work is kept; retrying…"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
    }
  gtk_revealer_set_reveal_child (self->revealer, !connected);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

void
sertel_connection_banner_set_store (SertelConnectionBanner *self,
                                    SertelStore            *store)
{
  g_return_if_fail (SERTEL_IS_CONNECTION_BANNER (self));
  g_return_if_fail (store == NULL || SERTEL_IS_STORE (store));

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->binding, g_binding_unbind);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->binding = g_object_bind_property (store, "connected", self, "connected", G_BINDING_SYNC_CREATE);
  else
    sertel_connection_banner_set_connected (self, TRUE);
}

/* Retry: one small read. The store reconnects on use; when the server is
 * back, "connected" turns TRUE and the banner goes. */
static void
retry_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean has_staff;

  if (sertel_store_has_staff (task_data, &has_staff, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
retried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelConnectionBanner *self = SERTEL_CONNECTION_BANNER (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->label == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
  if (error != NULL)
    gtk_label_set_text (self->label, error->message);
}

static void
on_retry_clicked (SertelConnectionBanner *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), FALSE);
  gtk_label_set_text (self->label, _("Connecting to the register server…"));
  task = g_task_new (self, self->cancellable, retried, NULL);
  g_task_set_source_tag (task, on_retry_clicked);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, retry_thread);
}

static void
sertel_connection_banner_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelConnectionBanner *self = SERTEL_CONNECTION_BANNER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_connection_banner_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelConnectionBanner *self = SERTEL_CONNECTION_BANNER (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      sertel_connection_banner_set_connected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_connection_banner_dispose (GObject *object)
{
  SertelConnectionBanner *self = SERTEL_CONNECTION_BANNER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->binding, g_binding_unbind);
  g_clear_object (&self->store);
  /* AdwBin keeps its own pointer to the child: let it drop the child first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_CONNECTION_BANNER);
  self->label = NULL;
  G_OBJECT_CLASS (sertel_connection_banner_parent_class)->dispose (object);
}

static void
sertel_connection_banner_class_init (SertelConnectionBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_connection_banner_get_property;
  object_class->set_property = sertel_connection_banner_set_property;
  object_class->dispose = sertel_connection_banner_dispose;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-connection-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelConnectionBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, SertelConnectionBanner, label);
  gtk_widget_class_bind_template_child (widget_class, SertelConnectionBanner, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
sertel_connection_banner_init (SertelConnectionBanner *self)
{
  self->connected = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}
