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
  GCancellable *cancellable;   /* the probe in flight */
  gboolean      connected;
  gboolean      reachable;     /* FALSE from a loss until a read works again */

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

enum {
  SIGNAL_RECONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SertelConnectionBanner, sertel_connection_banner, ADW_TYPE_BIN)

GtkWidget *
sertel_connection_banner_new (void)
{
  return g_object_new (SERTEL_TYPE_CONNECTION_BANNER, NULL);
}

gboolean
sertel_connection_banner_get_reachable (SertelConnectionBanner *self)
{
  g_return_val_if_fail (SERTEL_IS_CONNECTION_BANNER (self), TRUE);
  return self->reachable;
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

static void on_store_connected (SertelConnectionBanner *self);

void
sertel_connection_banner_set_store (SertelConnectionBanner *self,
                                    SertelStore            *store)
{
  g_return_if_fail (SERTEL_IS_CONNECTION_BANNER (self));
  g_return_if_fail (store == NULL || SERTEL_IS_STORE (store));

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_connected, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_object (store, "notify::connected", G_CALLBACK (on_store_connected), self, G_CONNECT_SWAPPED);
      sertel_connection_banner_set_connected (self, sertel_store_get_connected (store));
    }
  else
    sertel_connection_banner_set_connected (self, TRUE);
}

/* The register is back when a read on the store's own connection works
 * (the store may notice the server before its connection is re-made): try
 * a small read every half second, for at most @tries. */
#define PROBE_INTERVAL_US (G_USEC_PER_SEC / 2)

static void
probe_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SertelStore *store = g_object_get_data (G_OBJECT (task), "store");
  guint tries = GPOINTER_TO_UINT (task_data);
  GError *error = NULL;
  gboolean has_staff;

  for (guint i = 0; ; i++)
    {
      g_clear_error (&error);
      if (sertel_store_has_staff (store, &has_staff, &error))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
      if (i + 1 >= tries || g_cancellable_is_cancelled (cancellable))
        break;
      g_usleep (PROBE_INTERVAL_US);
    }
  g_task_return_error (task, error);
}

static void
probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelConnectionBanner *self = SERTEL_CONNECTION_BANNER (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self->label == NULL || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;   /* disposed, or a newer probe runs */
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), TRUE);
  if (ok)
    {
      self->reachable = TRUE;
      sertel_connection_banner_set_connected (self, TRUE);
      g_signal_emit (self, signals[SIGNAL_RECONNECTED], 0);
    }
  else if (!sertel_store_get_connected (self->store))
    gtk_label_set_text (self->label, error->message);
  else
    /* The server answers the store's listener but not yet its connection. */
    gtk_label_set_text (self->label, _("Connection to the register server lost. Your work is kept; retrying…"));
}

static void
probe (SertelConnectionBanner *self, guint tries)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, probed, NULL);
  g_task_set_source_tag (task, probe);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (self->store), g_object_unref);
  g_task_set_task_data (task, GUINT_TO_POINTER (tries), NULL);
  g_task_run_in_thread (task, probe_thread);
}

/* Lost: shown at once. Back: hidden as the store says so; "reconnected"
 * once a read works again (the store's connection may be re-made later
 * than the server is noticed). */
static void
on_store_connected (SertelConnectionBanner *self)
{
  if (!sertel_store_get_connected (self->store))
    {
      g_cancellable_cancel (self->cancellable);
      self->reachable = FALSE;
      sertel_connection_banner_set_connected (self, FALSE);
    }
  else if (!self->reachable)
    {
      sertel_connection_banner_set_connected (self, TRUE);
      probe (self, 60);
    }
}

static void
on_retry_clicked (SertelConnectionBanner *self)
{
  if (self->store == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), FALSE);
  gtk_label_set_text (self->label, _("Connecting to the register server…"));
  probe (self, 1);
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

  /* The register answers again after the connection was lost: what other
   * desks did meanwhile can be read now. */
  signals[SIGNAL_RECONNECTED] = g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  self->reachable = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}
