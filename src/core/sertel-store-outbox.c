/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sertel-filetype.h"
#include "sertel-store-outbox.h"
#include "sertel-store-private.h"

static const char * const state_names[] = {
  "queued", "sending", "sent", "failed", "unknown", "cancelled",
};

const char *
sertel_outbox_state_to_string (SertelOutboxState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "unknown");
  return state_names[state];
}

gboolean
sertel_outbox_state_from_string (const char *s, SertelOutboxState *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (s, state_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sertel_outbox_state_label (SertelOutboxState state)
{
  switch (state)
    {
    case SERTEL_OUTBOX_QUEUED:    return _("Queued");
    case SERTEL_OUTBOX_SENDING:   return _("Sending");
    case SERTEL_OUTBOX_SENT:      return _("Sent");
    case SERTEL_OUTBOX_FAILED:    return _("Failed");
    case SERTEL_OUTBOX_UNKNOWN:   return _("Interrupted");
    case SERTEL_OUTBOX_CANCELLED: return _("Cancelled");
    default:                      return "";
    }
}

void
sertel_outbox_message_free (SertelOutboxMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->kind);
  g_free (message->recipients);
  g_free (message->cc);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->attachment_sha256);
  g_free (message->attachment_name);
  g_free (message->last_error);
  g_free (message);
}

#define OUTBOX_COLUMNS "id, created_at, request_id, applicant_id, kind, recipients, cc, subject, body," \
                       " attachment_sha256, attachment_name, state, attempts, last_attempt_at, last_error," \
                       " next_try_at, sent_at"

static gpointer
message_from_row (SertelDbStmt *stmt)
{
  SertelOutboxMessage *m = g_new0 (SertelOutboxMessage, 1);
  g_autofree char *state = NULL;

  m->id = sertel_db_stmt_int64 (stmt, 0);
  m->created_at = sertel_db_stmt_int64 (stmt, 1);
  m->request_id = sertel_db_stmt_is_null (stmt, 2) ? 0 : sertel_db_stmt_int64 (stmt, 2);
  m->applicant_id = sertel_db_stmt_is_null (stmt, 3) ? 0 : sertel_db_stmt_int64 (stmt, 3);
  m->kind = sertel_store_dup_col (stmt, 4);
  m->recipients = sertel_store_dup_col (stmt, 5);
  m->cc = sertel_store_dup_col (stmt, 6);
  m->subject = sertel_store_dup_col (stmt, 7);
  m->body = sertel_store_dup_col (stmt, 8);
  m->attachment_sha256 = sertel_store_dup_col (stmt, 9);
  m->attachment_name = sertel_store_dup_col (stmt, 10);
  state = sertel_store_dup_col (stmt, 11);
  if (!sertel_outbox_state_from_string (state, &m->state))
    m->state = SERTEL_OUTBOX_UNKNOWN;
  m->attempts = sertel_db_stmt_int64 (stmt, 12);
  m->last_attempt_at = sertel_db_stmt_is_null (stmt, 13) ? 0 : sertel_db_stmt_int64 (stmt, 13);
  m->last_error = sertel_store_dup_col (stmt, 14);
  m->next_try_at = sertel_db_stmt_is_null (stmt, 15) ? 0 : sertel_db_stmt_int64 (stmt, 15);
  m->sent_at = sertel_db_stmt_is_null (stmt, 16) ? 0 : sertel_db_stmt_int64 (stmt, 16);
  return m;
}

static SertelOutboxMessage *
get_locked (SertelStore *self, gint64 id, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  stmt = sertel_db_prepare (self->db, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = $1", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  if (rc == SERTEL_DB_STEP_DONE)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND,
                   _("There is no message %" PRId64 " in the outbox."), id);
      return NULL;
    }
  return message_from_row (stmt);
}

static void
bind_id_or_null (SertelDbStmt *stmt, int i, gint64 v)
{
  if (v > 0)
    sertel_db_stmt_bind_int64 (stmt, i, v);
  else
    sertel_db_stmt_bind_null (stmt, i);
}

gint64
sertel_store_outbox_queue (SertelStore  *self,
                           SertelStaff  *actor,
                           const char   *kind,
                           gint64        request_id,
                           gint64        applicant_id,
                           const char   *recipients,
                           const char   *cc,
                           const char   *subject,
                           const char   *body,
                           GBytes       *attachment,
                           const char   *attachment_name,
                           GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *after = NULL;
  g_autofree char *req = NULL;
  gint64 id, now;

  g_return_val_if_fail (SERTEL_IS_STORE (self), 0);
  g_return_val_if_fail (kind != NULL && subject != NULL && body != NULL, 0);

  if (recipients == NULL || *recipients == '\0')
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("The message has no recipient address."));
      return 0;
    }

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return 0;
  now = sertel_store_now (self);

  if (attachment != NULL)
    {
      gsize len = 0;
      gconstpointer data = g_bytes_get_data (attachment, &len);

      sha = sertel_store_put_blob (self, data, len, error);
      if (sha == NULL)
        goto fail;
    }

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO outbox (created_at, request_id, applicant_id, kind, recipients, cc, subject,"
                            " body, attachment_sha256, attachment_name, state, attempts, next_try_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', 0, $1) RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (stmt, 1, now);
  bind_id_or_null (stmt, 2, request_id);
  bind_id_or_null (stmt, 3, applicant_id);
  sertel_db_stmt_bind_text (stmt, 4, kind);
  sertel_db_stmt_bind_text (stmt, 5, recipients);
  sertel_db_stmt_bind_text (stmt, 6, cc && *cc ? cc : NULL);
  sertel_db_stmt_bind_text (stmt, 7, subject);
  sertel_db_stmt_bind_text (stmt, 8, body);
  sertel_db_stmt_bind_text (stmt, 9, sha);
  sertel_db_stmt_bind_text (stmt, 10, sha ? attachment_name : NULL);
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    goto fail;
  id = sertel_db_stmt_int64 (stmt, 0);
  g_clear_pointer (&stmt, sertel_db_stmt_release);

  req = request_id > 0 ? g_strdup_printf ("%" PRId64, request_id) : NULL;
  /* The audit names who was written to and about what; the body stays in
   * the outbox row. */
  after = sertel_store_describe_pairs ("kind", kind, "recipients", recipients, "cc", cc, "subject", subject,
                                       "request", req, "attachment", sha ? attachment_name : NULL, NULL);
  if (!sertel_store_audit_append (self, actor ? sertel_staff_get_id (actor) : 0, "outbox.queue", "outbox", id,
                                  NULL, after, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;
  return id;

fail:
  sertel_db_rollback (self->db);
  return 0;
}

GPtrArray *
sertel_store_outbox_list (SertelStore  *self,
                          int           state,
                          guint         limit,
                          GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  if (state >= 0)
    {
      stmt = sertel_db_prepare (self->db, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE state = $1"
                                " ORDER BY id DESC LIMIT $2", error);
      if (stmt == NULL)
        return NULL;
      sertel_db_stmt_bind_text (stmt, 1, sertel_outbox_state_to_string (state));
      sertel_db_stmt_bind_int64 (stmt, 2, limit ? limit : G_MAXINT32);
    }
  else
    {
      stmt = sertel_db_prepare (self->db, "SELECT " OUTBOX_COLUMNS " FROM outbox ORDER BY id DESC LIMIT $1", error);
      if (stmt == NULL)
        return NULL;
      sertel_db_stmt_bind_int64 (stmt, 1, limit ? limit : G_MAXINT32);
    }
  return sertel_store_collect_rows (stmt, message_from_row, (GDestroyNotify) sertel_outbox_message_free, error);
}

SertelOutboxMessage *
sertel_store_outbox_get (SertelStore *self, gint64 id, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  return get_locked (self, id, error);
}

GBytes *
sertel_store_outbox_get_attachment (SertelStore *self, gint64 id, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  gconstpointer data;
  gsize len = 0;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  stmt = sertel_db_prepare (self->db,
                            "SELECT b.data FROM outbox o JOIN blob b ON b.sha256 = o.attachment_sha256"
                            " WHERE o.id = $1", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  if (rc == SERTEL_DB_STEP_DONE)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND,
                   _("Message %" PRId64 " in the outbox has no attachment."), id);
      return NULL;
    }
  data = sertel_db_stmt_blob (stmt, 0, &len);
  return g_bytes_new (data, len);
}

gboolean
sertel_store_outbox_count (SertelStore  *self,
                           guint         out_counts[6],
                           GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  memset (out_counts, 0, sizeof (guint) * 6);
  LOCKED (self);
  stmt = sertel_db_prepare (self->db, "SELECT state, COUNT(*) FROM outbox GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      SertelOutboxState s;
      if (sertel_outbox_state_from_string (sertel_db_stmt_text (stmt, 0), &s))
        out_counts[s] = sertel_db_stmt_int64 (stmt, 1);
    }
  return rc == SERTEL_DB_STEP_DONE;
}

/* Sets the state (and what goes with it) of one message, from one of
 * @from_states, with an audit row. */
static gboolean
change_locked (SertelStore        *self,
               gint64              actor_id,
               gint64              id,
               const char         *audit_action,
               const SertelOutboxState *from_states,
               guint               n_from,
               SertelOutboxState   to,
               const char         *message,
               gint64              next_try_at,
               gboolean            reset_attempts,
               GError            **error)
{
  g_autoptr(SertelOutboxMessage) m = NULL;
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *next = NULL;
  gboolean allowed = FALSE;
  gint64 now = sertel_store_now (self);

  m = get_locked (self, id, error);
  if (m == NULL)
    return FALSE;
  for (guint i = 0; i < n_from; i++)
    allowed |= m->state == from_states[i];
  if (!allowed)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                   _("Message %" PRId64 " is “%s” and cannot be changed that way."),
                   id, sertel_outbox_state_label (m->state));
      return FALSE;
    }

  stmt = sertel_db_prepare (self->db,
                            "UPDATE outbox SET state = $2, last_error = COALESCE($3, last_error),"
                            " next_try_at = $4, sent_at = CASE WHEN $2 = 'sent' THEN $5 ELSE sent_at END,"
                            " attempts = CASE WHEN $6 = 1 THEN 0 ELSE attempts END"
                            " WHERE id = $1", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, id);
  sertel_db_stmt_bind_text (stmt, 2, sertel_outbox_state_to_string (to));
  sertel_db_stmt_bind_text (stmt, 3, message);
  bind_id_or_null (stmt, 4, next_try_at);
  sertel_db_stmt_bind_int64 (stmt, 5, now);
  sertel_db_stmt_bind_int64 (stmt, 6, reset_attempts ? 1 : 0);
  if (sertel_store_run (stmt, error) < 0)
    return FALSE;

  next = next_try_at > 0 ? g_strdup_printf ("%" PRId64, next_try_at) : NULL;
  before = sertel_store_describe_pairs ("state", sertel_outbox_state_to_string (m->state), NULL);
  after = sertel_store_describe_pairs ("state", sertel_outbox_state_to_string (to), "error", message,
                                       "next_try_at", next, NULL);
  return sertel_store_audit_append (self, actor_id, audit_action, "outbox", id, before, after, error);
}

static gboolean
change (SertelStore *self, SertelStaff *actor, gint64 id, const char *audit_action,
        const SertelOutboxState *from_states, guint n_from, SertelOutboxState to,
        const char *message, gint64 next_try_at, gboolean reset_attempts, GError **error)
{
  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (actor != NULL)
    {
      SertelRole role;
      if (!sertel_store_actor_role (self, actor, &role, error))
        goto fail;
    }
  if (!change_locked (self, actor ? sertel_staff_get_id (actor) : 0, id, audit_action, from_states, n_from, to,
                      message, next_try_at, reset_attempts, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

SertelOutboxMessage *
sertel_store_outbox_claim_due (SertelStore  *self,
                               int           max_attempts,
                               GError      **error)
{
  g_autoptr(SertelDbStmt) pick = NULL;
  g_autoptr(SertelDbStmt) update = NULL;
  g_autoptr(SertelOutboxMessage) m = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *attempt = NULL;
  gint64 now, id;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return NULL;
  now = sertel_store_now (self);

  pick = sertel_db_prepare (self->db,
                            "SELECT id FROM outbox WHERE state IN ('queued', 'failed')"
                            " AND next_try_at IS NOT NULL AND next_try_at <= $1 AND attempts < $2"
                            " ORDER BY next_try_at, id LIMIT 1", error);
  if (pick == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (pick, 1, now);
  sertel_db_stmt_bind_int64 (pick, 2, max_attempts > 0 ? max_attempts : G_MAXINT32);
  rc = sertel_db_stmt_step (pick, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    goto fail;
  if (rc == SERTEL_DB_STEP_DONE)
    {
      g_clear_pointer (&pick, sertel_db_stmt_release);
      sertel_db_rollback (self->db);
      return NULL;
    }
  id = sertel_db_stmt_int64 (pick, 0);
  g_clear_pointer (&pick, sertel_db_stmt_release);

  m = get_locked (self, id, error);
  if (m == NULL)
    goto fail;

  /* The attempt is on record before the server hears of it. */
  update = sertel_db_prepare (self->db,
                              "UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_attempt_at = $2"
                              " WHERE id = $1", error);
  if (update == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (update, 1, id);
  sertel_db_stmt_bind_int64 (update, 2, now);
  if (sertel_store_run (update, error) < 0)
    goto fail;

  attempt = g_strdup_printf ("%d", m->attempts + 1);
  before = sertel_store_describe_pairs ("state", sertel_outbox_state_to_string (m->state), NULL);
  after = sertel_store_describe_pairs ("state", "sending", "attempt", attempt, NULL);
  if (!sertel_store_audit_append (self, 0, "outbox.attempt", "outbox", id, before, after, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;

  m->state = SERTEL_OUTBOX_SENDING;
  m->attempts++;
  m->last_attempt_at = now;
  return g_steal_pointer (&m);

fail:
  sertel_db_rollback (self->db);
  return NULL;
}

gboolean
sertel_store_outbox_mark_sent (SertelStore *self, gint64 id, GError **error)
{
  static const SertelOutboxState from[] = { SERTEL_OUTBOX_SENDING };

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  return change (self, NULL, id, "outbox.sent", from, G_N_ELEMENTS (from), SERTEL_OUTBOX_SENT,
                 NULL, 0, FALSE, error);
}

gboolean
sertel_store_outbox_mark_failed (SertelStore *self, gint64 id, const char *message,
                                 gint64 next_try_at, GError **error)
{
  static const SertelOutboxState from[] = { SERTEL_OUTBOX_SENDING };

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  return change (self, NULL, id, "outbox.failed", from, G_N_ELEMENTS (from), SERTEL_OUTBOX_FAILED,
                 message ? message : "", next_try_at, FALSE, error);
}

gboolean
sertel_store_outbox_reconcile (SertelStore *self, guint *out_n_unknown, GError **error)
{
  static const SertelOutboxState from[] = { SERTEL_OUTBOX_SENDING };
  g_autoptr(GPtrArray) stuck = NULL;
  guint n = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  if (out_n_unknown)
    *out_n_unknown = 0;

  stuck = sertel_store_outbox_list (self, SERTEL_OUTBOX_SENDING, 0, error);
  if (stuck == NULL)
    return FALSE;
  for (guint i = 0; i < stuck->len; i++)
    {
      SertelOutboxMessage *m = g_ptr_array_index (stuck, i);
      g_autoptr(GError) local = NULL;

      /* The server may or may not have taken it: only a person can tell. */
      if (!change (self, NULL, m->id, "outbox.interrupted", from, G_N_ELEMENTS (from), SERTEL_OUTBOX_UNKNOWN,
                   _("Sending was interrupted; the message may or may not have been delivered. "
                     "Retry it or cancel it."),
                   0, FALSE, &local))
        {
          /* Someone else reconciled it meanwhile: fine. */
          if (g_error_matches (local, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      n++;
    }
  if (out_n_unknown)
    *out_n_unknown = n;
  return TRUE;
}

gboolean
sertel_store_outbox_retry (SertelStore *self, SertelStaff *actor, gint64 id, GError **error)
{
  static const SertelOutboxState from[] = { SERTEL_OUTBOX_FAILED, SERTEL_OUTBOX_UNKNOWN, SERTEL_OUTBOX_CANCELLED };

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  return change (self, actor, id, "outbox.retry", from, G_N_ELEMENTS (from), SERTEL_OUTBOX_QUEUED,
                 NULL, sertel_store_now (self), TRUE, error);
}

gboolean
sertel_store_outbox_cancel (SertelStore *self, SertelStaff *actor, gint64 id, GError **error)
{
  static const SertelOutboxState from[] = { SERTEL_OUTBOX_QUEUED, SERTEL_OUTBOX_FAILED, SERTEL_OUTBOX_UNKNOWN };

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  return change (self, actor, id, "outbox.cancel", from, G_N_ELEMENTS (from), SERTEL_OUTBOX_CANCELLED,
                 NULL, 0, FALSE, error);
}

gboolean
sertel_store_record_email_check (SertelStore *self, SertelStaff *actor, gint64 applicant_id,
                                 const char *address, gboolean accepted, const char *message,
                                 GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  {
    g_autoptr(SertelApplicant) applicant = sertel_store_get_applicant_locked (self, applicant_id, error);
    if (applicant == NULL)
      goto fail;
  }
  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO email_check (applicant_id, address, checked_at, accepted, message)"
                            " VALUES ($1, $2, $3, $4, $5) RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (stmt, 1, applicant_id);
  sertel_db_stmt_bind_text (stmt, 2, address ? address : "");
  sertel_db_stmt_bind_int64 (stmt, 3, sertel_store_now (self));
  sertel_db_stmt_bind_int64 (stmt, 4, accepted ? 1 : 0);
  sertel_db_stmt_bind_text (stmt, 5, message);
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    goto fail;
  id = sertel_db_stmt_int64 (stmt, 0);
  g_clear_pointer (&stmt, sertel_db_stmt_release);

  after = sertel_store_describe_pairs ("address", address, "accepted", accepted ? "true" : "false",
                                       "message", message, NULL);
  (void) id;
  if (!sertel_store_audit_append (self, actor ? sertel_staff_get_id (actor) : 0, "email.check", "applicant",
                                  applicant_id, NULL, after, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

gboolean
sertel_store_get_email_check (SertelStore *self, gint64 applicant_id, gint64 *out_checked_at,
                              gboolean *out_accepted, char **out_message, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  if (out_checked_at) *out_checked_at = 0;
  if (out_accepted) *out_accepted = FALSE;
  if (out_message) *out_message = NULL;

  LOCKED (self);
  stmt = sertel_db_prepare (self->db,
                            "SELECT checked_at, accepted, message FROM email_check WHERE applicant_id = $1"
                            " ORDER BY checked_at DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, applicant_id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_ROW)
    {
      if (out_checked_at) *out_checked_at = sertel_db_stmt_int64 (stmt, 0);
      if (out_accepted) *out_accepted = sertel_db_stmt_int64 (stmt, 1) != 0;
      if (out_message) *out_message = sertel_store_dup_col (stmt, 2);
    }
  return TRUE;
}
