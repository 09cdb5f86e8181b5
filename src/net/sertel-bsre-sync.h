/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Periksa status BSrE": asks BSrE the status of every applicant still under
 * way in requests at the Verifikator and moves them through the workflow as
 * the signed-in Verifikator (each move checked and audited like a manual one).
 * Also an optional timed poll. */
#pragma once

#include <gio/gio.h>

#include "sertel-bsre.h"
#include "sertel-store.h"

G_BEGIN_DECLS

typedef struct {
  guint      checked;       /* applicants asked about */
  guint      registered;    /* moved pending → registered */
  guint      issued;        /* moved to issued */
  guint      rejected;      /* moved to rejected */
  guint      unchanged;     /* answered, nothing to record */
  guint      attention;     /* answered a value a Verifikator must look at, or an unknown one */
  guint      failed;        /* no usable answer, or the register refused the move */
  GPtrArray *lines;         /* char*: one sentence per applicant that moved, needs attention or failed */
  GError    *stopped;       /* set when the service could not be reached at all: the rest were not asked */
} SertelBsreSyncSummary;

void      sertel_bsre_sync_summary_free (SertelBsreSyncSummary *summary);
/* One sentence for a toast, e.g. "BSrE: 3 checked, 2 issued, 1 unchanged." */
char     *sertel_bsre_sync_summary_to_string (const SertelBsreSyncSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelBsreSyncSummary, sertel_bsre_sync_summary_free)

/* Checks the applicants (pending, registered or verified) of @request_id, or of
 * every request at the Verifikator when @request_id is 0. Blocks: call from a
 * worker thread or the CLI. Returns NULL only when the register cannot be read
 * or @actor may not record the result; a network failure ends the run early
 * with summary->stopped set, leaving every applicant not yet answered as it was. */
SertelBsreSyncSummary *sertel_bsre_sync_run    (SertelStore *store, SertelStaff *actor, SertelBsreClient *client,
                                                gint64 request_id, GCancellable *cancellable, GError **error);
void      sertel_bsre_sync_run_async           (SertelStore *store, SertelStaff *actor, SertelBsreClient *client,
                                                gint64 request_id, GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
/* The same, with the client made on the worker thread from the app's
 * settings and stored password (sertel_bsre_client_new_from_settings): what
 * the window's "Periksa status BSrE" calls. */
void      sertel_bsre_sync_run_for_settings_async (SertelStore *store, SertelStaff *actor, GSettings *settings,
                                                   gint64 request_id, GCancellable *cancellable,
                                                   GAsyncReadyCallback callback, gpointer user_data);
SertelBsreSyncSummary *sertel_bsre_sync_run_finish (GAsyncResult *result, GError **error);  /* for both */

/* The timed check: every @minutes (0 = off) runs sertel_bsre_sync_run over all
 * requests at the Verifikator, one run at a time, on a worker thread. The
 * client's rate limit keeps the service from being flooded. Emits "finished"
 * (SertelBsreSyncSummary*, or NULL with a GError*) on the main context it was
 * created in. */
#define SERTEL_TYPE_BSRE_POLLER (sertel_bsre_poller_get_type ())
G_DECLARE_FINAL_TYPE (SertelBsrePoller, sertel_bsre_poller, SERTEL, BSRE_POLLER, GObject)

SertelBsrePoller *sertel_bsre_poller_new       (SertelStore *store, SertelStaff *actor, SertelBsreClient *client);
/* Follows bsre-poll-minutes in @settings (0 = off) and makes a fresh client
 * from the settings for every run, so changes in Preferences apply. */
SertelBsrePoller *sertel_bsre_poller_new_for_settings (SertelStore *store, SertelStaff *actor, GSettings *settings);
void      sertel_bsre_poller_set_interval      (SertelBsrePoller *self, guint seconds);   /* 0 = off */
guint     sertel_bsre_poller_get_interval      (SertelBsrePoller *self);
/* Starts a run now unless one is running; FALSE if one was. */
gboolean  sertel_bsre_poller_run_now           (SertelBsrePoller *self);
/* Cancels a run in progress and stops the timer. */
void      sertel_bsre_poller_stop              (SertelBsrePoller *self);

G_END_DECLS
