/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mail outbox: a message is committed here first and sent later by a
 * worker (src/net/sertel-outbox.c), so nothing typed or decided is lost when
 * the mail server is down. The worker records each attempt ("sending")
 * before it talks to the server; a message still "sending" at start-up was
 * interrupted by a crash and becomes "unknown" — it is not resent
 * automatically, a person retries or cancels it, so nothing goes out twice.
 * Also the results of "is this official e-mail active?" checks. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

typedef enum
{
  SERTEL_OUTBOX_QUEUED,
  SERTEL_OUTBOX_SENDING,
  SERTEL_OUTBOX_SENT,
  SERTEL_OUTBOX_FAILED,     /* will be tried again at next_try_at (0: gave up) */
  SERTEL_OUTBOX_UNKNOWN,    /* interrupted mid-send: a person decides */
  SERTEL_OUTBOX_CANCELLED,
} SertelOutboxState;

const char *sertel_outbox_state_to_string (SertelOutboxState state);   /* "queued" … */
gboolean    sertel_outbox_state_from_string (const char *s, SertelOutboxState *out);
/* For people: "Queued", "Sending", … (translated). */
const char *sertel_outbox_state_label     (SertelOutboxState state);

typedef struct
{
  gint64             id;
  gint64             created_at;
  gint64             request_id;       /* 0 when none */
  gint64             applicant_id;     /* 0 when none */
  char              *kind;             /* "received", "returned", "recommended", "issued", "rejected", "email-check", … */
  char              *recipients;       /* To: addresses joined by ", " */
  char              *cc;               /* may be NULL */
  char              *subject;
  char              *body;
  char              *attachment_sha256;/* NULL when none */
  char              *attachment_name;
  SertelOutboxState  state;
  int                attempts;
  gint64             last_attempt_at;
  char              *last_error;
  gint64             next_try_at;      /* 0: no automatic try */
  gint64             sent_at;
} SertelOutboxMessage;

void                 sertel_outbox_message_free (SertelOutboxMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelOutboxMessage, sertel_outbox_message_free)

/* Commits a message (state queued, due now). @actor may be NULL for the
 * system. @attachment (optional) is stored as a blob. Returns its id. */
gint64   sertel_store_outbox_queue       (SertelStore   *self,
                                          SertelStaff   *actor,
                                          const char    *kind,
                                          gint64         request_id,
                                          gint64         applicant_id,
                                          const char    *recipients,
                                          const char    *cc,
                                          const char    *subject,
                                          const char    *body,
                                          GBytes        *attachment,
                                          const char    *attachment_name,
                                          GError       **error);
/* Newest first; @state -1 for all. */
GPtrArray *sertel_store_outbox_list      (SertelStore   *self,
                                          int            state,
                                          guint          limit,
                                          GError       **error);
SertelOutboxMessage *sertel_store_outbox_get (SertelStore *self, gint64 id, GError **error);
GBytes  *sertel_store_outbox_get_attachment (SertelStore *self, gint64 id, GError **error);
/* Counts by state (array of 6, indexed by SertelOutboxState). */
gboolean sertel_store_outbox_count       (SertelStore   *self,
                                          guint          out_counts[6],
                                          GError       **error);

/* For the worker. Takes the oldest due message (queued or failed with
 * next_try_at <= now and fewer than @max_attempts attempts) and, in the same
 * transaction, records the attempt: state sending, attempts + 1, the time.
 * NULL with no error when nothing is due. */
SertelOutboxMessage *sertel_store_outbox_claim_due (SertelStore *self,
                                                    int          max_attempts,
                                                    GError     **error);
gboolean sertel_store_outbox_mark_sent   (SertelStore   *self,
                                          gint64         id,
                                          GError       **error);
/* @next_try_at 0: no more automatic tries. */
gboolean sertel_store_outbox_mark_failed (SertelStore   *self,
                                          gint64         id,
                                          const char    *message,
                                          gint64         next_try_at,
                                          GError       **error);
/* At start-up: every message left "sending" becomes "unknown". */
gboolean sertel_store_outbox_reconcile   (SertelStore   *self,
                                          guint         *out_n_unknown,
                                          GError       **error);
/* A person's decisions: retry (failed, unknown, cancelled → queued, due now,
 * attempts counted afresh) and cancel (queued, failed, unknown → cancelled). */
gboolean sertel_store_outbox_retry       (SertelStore   *self,
                                          SertelStaff   *actor,
                                          gint64         id,
                                          GError       **error);
gboolean sertel_store_outbox_cancel      (SertelStore   *self,
                                          SertelStaff   *actor,
                                          gint64         id,
                                          GError       **error);

/* "Is this official e-mail active?" results. */
gboolean sertel_store_record_email_check (SertelStore   *self,
                                          SertelStaff   *actor,
                                          gint64         applicant_id,
                                          const char    *address,
                                          gboolean       accepted,
                                          const char    *message,
                                          GError       **error);
/* The latest check of the applicant; *out_checked_at 0 when never checked. */
gboolean sertel_store_get_email_check    (SertelStore   *self,
                                          gint64         applicant_id,
                                          gint64        *out_checked_at,
                                          gboolean      *out_accepted,
                                          char         **out_message,
                                          GError       **error);

G_END_DECLS
