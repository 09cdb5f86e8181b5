/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Notifications at the workflow's visible steps. They are only QUEUED in the
 * outbox (in one transaction each), never sent inline: the outbox worker
 * sends them, so a slow or absent mail server never holds up a step.
 *
 *   step                                     message (template)
 *   request created (intake)                 received     → each applicant
 *   SERTEL_ACTION_RETURN                     returned     → each applicant, {alasan} = return reason
 *   Surat Rekomendasi issued                 recommended  → each applicant, the letter PDF attached
 *   SERTEL_ACTION_MARK_ISSUED (applicant)    issued       → that applicant
 *   SERTEL_ACTION_MARK_REJECTED (applicant)  rejected     → that applicant, {alasan} = the reason
 *   anything else                            nothing */
#pragma once

#include <gio/gio.h>

#include "sertel-mail-templates.h"
#include "sertel-store.h"

G_BEGIN_DECLS

/* Queues @kind for the applicants of @request_id (all of them, or only
 * @applicant_id when > 0) who have an e-mail address. @reason fills
 * {alasan}; NULL takes it from the register (return reason, applicant's
 * reason). Returns FALSE on error; *out_n_queued counts the messages. */
gboolean sertel_notify_queue                (SertelStore    *store,
                                             SertelStaff    *actor,
                                             SertelMailKind  kind,
                                             gint64          request_id,
                                             gint64          applicant_id,
                                             const char     *reason,
                                             guint          *out_n_queued,
                                             GError        **error);
/* After a successful sertel_store_move_request()/move_applicant(): queues
 * what the table above says for @action (nothing for the other actions).
 * @applicant_id for applicant actions, else 0; @request_id may be 0 when
 * @applicant_id is given. Call it in the same worker thread as the move. */
gboolean sertel_notify_queue_for_transition (SertelStore    *store,
                                             SertelStaff    *actor,
                                             gint64          request_id,
                                             gint64          applicant_id,
                                             SertelAction    action,
                                             guint          *out_n_queued,
                                             GError        **error);

/* "Is this official e-mail active?" for one applicant, off the main thread:
 * sends the check message (template email-check) directly — not through
 * the outbox, the answer is wanted now — and records the result with
 * sertel_store_record_email_check(). The finish function gives whether the
 * server accepted the address and the sentence for the checklist; it fails
 * (server unreachable, login refused, …) without recording anything. */
void     sertel_notify_check_email_async    (SertelStore         *store,
                                             SertelStaff         *actor,
                                             gint64               applicant_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean sertel_notify_check_email_finish   (GAsyncResult        *result,
                                             gboolean            *out_accepted,
                                             char               **out_message,
                                             GError             **error);

G_END_DECLS
