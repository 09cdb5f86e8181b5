/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sends what the outbox (sertel-store-outbox.h) holds, off the main thread.
 *
 * Each message: the attempt is committed (state "sending", attempts + 1,
 * time) BEFORE the server is contacted; then it is marked "sent", or
 * "failed" with the error sentence and the next try after a growing pause
 * (1, 2, 4 … minutes, at most an hour; after mail-max-attempts tries, or
 * when the server refused a recipient, no further automatic try).
 *
 * At start-up a message still "sending" was cut off by a crash or power cut:
 * the server may or may not have taken it. It becomes "unknown" and is NOT
 * sent again automatically; staff see it in the outbox and retry or cancel
 * it. So nothing is ever sent twice by the program itself. */
#pragma once

#include <gio/gio.h>

#include "sertel-mail.h"
#include "sertel-store.h"

G_BEGIN_DECLS

/* Seconds to wait after the @attempts-th failed try: 60 · 2^(attempts-1),
 * at most 3600. */
gint64   sertel_outbox_backoff   (int attempts);

/* Sends every message due now, one after another, with @settings (smtp-*,
 * mail-max-attempts; the password from sertel-secrets). Blocks: for the
 * worker thread and the CLI. Returns FALSE only when nothing could be
 * tried (no server set up, database error); per-message failures are
 * recorded in the outbox and counted in @out_failed. */
gboolean sertel_outbox_send_due  (SertelStore   *store,
                                  GSettings     *settings,
                                  GCancellable  *cancellable,
                                  guint         *out_sent,
                                  guint         *out_failed,
                                  GError       **error);
/* The same with an explicit configuration. */
gboolean sertel_outbox_send_due_with_config (SertelStore            *store,
                                             const SertelMailConfig *config,
                                             int                     max_attempts,
                                             GCancellable           *cancellable,
                                             guint                  *out_sent,
                                             guint                  *out_failed,
                                             GError                **error);

#define SERTEL_TYPE_OUTBOX_WORKER (sertel_outbox_worker_get_type ())
G_DECLARE_FINAL_TYPE (SertelOutboxWorker, sertel_outbox_worker, SERTEL, OUTBOX_WORKER, GObject)

/* A background thread over the outbox. start() reconciles interrupted
 * messages first, then sends what is due and sleeps until the next try or
 * a wake(). The "changed" signal (main context of the creator) follows
 * every state change, for the outbox page. Stopped on dispose. */
SertelOutboxWorker *sertel_outbox_worker_new   (SertelStore *store);
void                sertel_outbox_worker_start (SertelOutboxWorker *self);
/* Something was queued or a setting changed: look now. */
void                sertel_outbox_worker_wake  (SertelOutboxWorker *self);
/* Cancels a transfer in progress and joins the thread. */
void                sertel_outbox_worker_stop  (SertelOutboxWorker *self);

G_END_DECLS
