/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-mail-templates.h"
#include "sertel-outbox.h"
#include "sertel-store-outbox.h"

gint64
sertel_outbox_backoff (int attempts)
{
  gint64 secs = 60;

  for (int i = 1; i < attempts && secs < 3600; i++)
    secs *= 2;
  return MIN (secs, 3600);
}

/* Sends one claimed message and records how it went. */
static gboolean
send_one (SertelStore            *store,
          const SertelMailConfig *config,
          SertelOutboxMessage    *m,
          int                     max_attempts,
          GCancellable           *cancellable,
          gboolean               *out_sent,
          GError                **error)
{
  g_autoptr(GBytes) attachment = NULL;
  g_autoptr(GError) send_error = NULL;
  SertelMailMessage msg = { 0 };
  gint64 next = 0;

  *out_sent = FALSE;
  if (m->attachment_sha256 != NULL)
    {
      attachment = sertel_store_outbox_get_attachment (store, m->id, &send_error);
      if (attachment == NULL)
        goto failed;
    }

  msg.from_address = config->from_address;
  msg.from_name = config->from_name;
  msg.to = m->recipients;
  msg.cc = m->cc;
  msg.subject = m->subject;
  msg.body = m->body;
  msg.attachment = attachment;
  msg.attachment_name = m->attachment_name;

  if (sertel_mail_send (config, &msg, cancellable, &send_error))
    {
      *out_sent = TRUE;
      return sertel_store_outbox_mark_sent (store, m->id, error);
    }

failed:
  /* A refused address or a malformed message will not get better by
   * waiting; everything else (network, login, timeout) is tried again. */
  if (!g_error_matches (send_error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_RECIPIENT) &&
      !g_error_matches (send_error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_INVALID) &&
      (max_attempts <= 0 || m->attempts < max_attempts))
    next = sertel_store_now (store) + sertel_outbox_backoff (m->attempts);
  return sertel_store_outbox_mark_failed (store, m->id, send_error->message, next, error);
}

gboolean
sertel_outbox_send_due_with_config (SertelStore            *store,
                                    const SertelMailConfig *config,
                                    int                     max_attempts,
                                    GCancellable           *cancellable,
                                    guint                  *out_sent,
                                    guint                  *out_failed,
                                    GError                **error)
{
  guint sent = 0, failed = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (SERTEL_IS_STORE (store), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  while (!g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(SertelOutboxMessage) m = sertel_store_outbox_claim_due (store, max_attempts, error);
      gboolean was_sent;

      if (m == NULL)
        {
          ok = error == NULL || *error == NULL;
          break;
        }
      if (!send_one (store, config, m, max_attempts, cancellable, &was_sent, error))
        {
          /* The outcome could not be recorded: the message stays "sending"
           * and becomes "unknown" at the next start. Stop here. */
          ok = FALSE;
          break;
        }
      if (was_sent)
        sent++;
      else
        failed++;
    }
  if (out_sent)
    *out_sent = sent;
  if (out_failed)
    *out_failed = failed;
  return ok;
}

gboolean
sertel_outbox_send_due (SertelStore   *store,
                        GSettings     *settings,
                        GCancellable  *cancellable,
                        guint         *out_sent,
                        guint         *out_failed,
                        GError       **error)
{
  g_autoptr(SertelMailConfig) config = NULL;

  if (out_sent)
    *out_sent = 0;
  if (out_failed)
    *out_failed = 0;
  config = sertel_mail_config_new_from_settings (settings, error);
  if (config == NULL)
    return FALSE;
  return sertel_outbox_send_due_with_config (store, config, g_settings_get_uint (settings, "mail-max-attempts"),
                                             cancellable, out_sent, out_failed, error);
}

/* ---- the worker ---- */

struct _SertelOutboxWorker
{
  GObject        parent_instance;

  SertelStore   *store;
  GMainContext  *context;      /* where "changed" is emitted */
  GThread       *thread;
  GCancellable  *cancellable;
  GMutex         mutex;
  GCond          cond;
  gboolean       stop;
  gboolean       woken;
};

G_DEFINE_FINAL_TYPE (SertelOutboxWorker, sertel_outbox_worker, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
emit_changed_cb (gpointer data)
{
  g_signal_emit (data, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
emit_changed (SertelOutboxWorker *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_changed_cb,
                              g_object_ref (self), g_object_unref);
}

/* When the next failed or queued message is due; 0 when none. */
static gint64
next_due (SertelStore *store)
{
  g_autoptr(GPtrArray) list = NULL;
  gint64 next = 0;

  for (int s = SERTEL_OUTBOX_QUEUED; s <= SERTEL_OUTBOX_FAILED; s += SERTEL_OUTBOX_FAILED - SERTEL_OUTBOX_QUEUED)
    {
      g_clear_pointer (&list, g_ptr_array_unref);
      list = sertel_store_outbox_list (store, s, 0, NULL);
      for (guint i = 0; list && i < list->len; i++)
        {
          SertelOutboxMessage *m = g_ptr_array_index (list, i);
          if (m->next_try_at > 0 && (next == 0 || m->next_try_at < next))
            next = m->next_try_at;
        }
    }
  return next;
}

static gpointer
worker_thread (gpointer data)
{
  SertelOutboxWorker *self = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  guint n_unknown = 0;

  /* libsecret and GSettings may use a main context: keep theirs here. */
  g_main_context_push_thread_default (context);

  if (!sertel_store_outbox_reconcile (self->store, &n_unknown, &error))
    g_warning ("Could not check the outbox for interrupted messages: %s", error->message);
  else if (n_unknown > 0)
    emit_changed (self);
  g_clear_error (&error);

  settings = sertel_mail_settings_new (&error);
  if (settings == NULL)
    g_warning ("%s", error->message);
  g_clear_error (&error);

  for (;;)
    {
      guint sent = 0, failed = 0;
      gint64 wait_until, next;

      g_mutex_lock (&self->mutex);
      self->woken = FALSE;
      if (self->stop)
        {
          g_mutex_unlock (&self->mutex);
          break;
        }
      g_mutex_unlock (&self->mutex);

      if (settings != NULL)
        {
          if (!sertel_outbox_send_due (self->store, settings, self->cancellable, &sent, &failed, &error) &&
              !g_error_matches (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_NOT_CONFIGURED))
            g_warning ("Outbox: %s", error->message);
          g_clear_error (&error);
          if (sent + failed > 0)
            emit_changed (self);
        }
      while (g_main_context_iteration (context, FALSE))
        ;

      /* Sleep until the next message is due (at most a minute, so the
       * store's clock and other processes queueing are noticed) or a wake. */
      next = next_due (self->store);
      wait_until = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
      if (next > 0)
        {
          gint64 in = next - sertel_store_now (self->store);
          wait_until = MIN (wait_until, g_get_monotonic_time () + MAX (in, 1) * G_TIME_SPAN_SECOND);
        }
      g_mutex_lock (&self->mutex);
      while (!self->stop && !self->woken)
        if (!g_cond_wait_until (&self->cond, &self->mutex, wait_until))
          break;
      g_mutex_unlock (&self->mutex);
    }

  g_main_context_pop_thread_default (context);
  return NULL;
}

SertelOutboxWorker *
sertel_outbox_worker_new (SertelStore *store)
{
  SertelOutboxWorker *self;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);
  self = g_object_new (SERTEL_TYPE_OUTBOX_WORKER, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
sertel_outbox_worker_start (SertelOutboxWorker *self)
{
  g_return_if_fail (SERTEL_IS_OUTBOX_WORKER (self));
  if (self->thread != NULL)
    return;
  self->stop = FALSE;
  g_cancellable_reset (self->cancellable);
  self->thread = g_thread_new ("sertel-outbox", worker_thread, self);
}

void
sertel_outbox_worker_wake (SertelOutboxWorker *self)
{
  g_return_if_fail (SERTEL_IS_OUTBOX_WORKER (self));
  g_mutex_lock (&self->mutex);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
sertel_outbox_worker_stop (SertelOutboxWorker *self)
{
  g_return_if_fail (SERTEL_IS_OUTBOX_WORKER (self));
  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->mutex);
  self->stop = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
sertel_outbox_worker_dispose (GObject *object)
{
  SertelOutboxWorker *self = SERTEL_OUTBOX_WORKER (object);

  sertel_outbox_worker_stop (self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sertel_outbox_worker_parent_class)->dispose (object);
}

static void
sertel_outbox_worker_finalize (GObject *object)
{
  SertelOutboxWorker *self = SERTEL_OUTBOX_WORKER (object);

  g_clear_object (&self->cancellable);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (sertel_outbox_worker_parent_class)->finalize (object);
}

static void
sertel_outbox_worker_class_init (SertelOutboxWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sertel_outbox_worker_dispose;
  object_class->finalize = sertel_outbox_worker_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sertel_outbox_worker_init (SertelOutboxWorker *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}
