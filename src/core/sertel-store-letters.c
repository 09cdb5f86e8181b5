/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-filetype.h"
#include "sertel-rights.h"
#include "sertel-store-letters.h"
#include "sertel-store-private.h"

static gboolean
check_kind (const char *kind, GError **error)
{
  if (g_strcmp0 (kind, "rekomendasi") == 0)
    return TRUE;
  g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
               _("Unknown kind of letter “%s”."), kind ? kind : "");
  return FALSE;
}

/* Looks up the issued letter; *out_sha NULL when there is none. */
static gboolean
find_letter_locked (SertelStore *self, gint64 request_id, const char *kind,
                    char **out_sha, gint64 *out_at, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  *out_sha = NULL;
  stmt = sertel_db_prepare (self->db,
                            "SELECT sha256, issued_at FROM letter WHERE request_id = $1 AND kind = $2"
                            " ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  sertel_db_stmt_bind_text (stmt, 2, kind);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_ROW)
    {
      *out_sha = sertel_store_dup_col (stmt, 0);
      if (out_at)
        *out_at = sertel_db_stmt_int64 (stmt, 1);
    }
  return TRUE;
}

gint64
sertel_store_issue_letter (SertelStore  *self,
                           SertelStaff  *actor,
                           gint64        request_id,
                           const char   *kind,
                           GBytes       *pdf,
                           GError      **error)
{
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *after = NULL;
  g_autofree char *size = NULL;
  SertelRequestState state;
  const char *number;
  gconstpointer data;
  gsize len = 0;
  SertelRole role;
  gint64 id;

  g_return_val_if_fail (SERTEL_IS_STORE (self), 0);

  if (!check_kind (kind, error))
    return 0;
  data = pdf ? g_bytes_get_data (pdf, &len) : NULL;
  if (data == NULL || len < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("The letter to issue is not a PDF document."));
      return 0;
    }

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return 0;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  if (!sertel_rights_allow (role, SERTEL_RIGHT_ISSUE_LETTER))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Only the Kasi or the Verifikator may issue the Surat Rekomendasi."));
      goto fail;
    }
  request = sertel_store_get_request_locked (self, request_id, error);
  if (request == NULL)
    goto fail;
  state = sertel_request_get_state (request);
  number = sertel_request_get_recommendation_number (request);
  if (number == NULL || *number == '\0' ||
      (state != SERTEL_REQUEST_AT_VERIFIKATOR && state != SERTEL_REQUEST_COMPLETED))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("The Surat Rekomendasi can be issued only after the Kasi verified the request and "
                             "assigned a Verifikator."));
      goto fail;
    }
  if (!find_letter_locked (self, request_id, kind, &existing, NULL, error))
    goto fail;
  if (existing != NULL)
    {
      /* Never a second letter with a new number: the stored one is the letter. */
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("The Surat Rekomendasi was already issued; print the stored one."));
      goto fail;
    }

  sha = sertel_store_put_blob (self, data, len, error);
  if (sha == NULL)
    goto fail;

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO letter (request_id, kind, number, sha256, size, issued_at, issued_by)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  sertel_db_stmt_bind_text (stmt, 2, kind);
  sertel_db_stmt_bind_text (stmt, 3, number);
  sertel_db_stmt_bind_text (stmt, 4, sha);
  sertel_db_stmt_bind_int64 (stmt, 5, len);
  sertel_db_stmt_bind_int64 (stmt, 6, sertel_store_now (self));
  sertel_db_stmt_bind_int64 (stmt, 7, sertel_staff_get_id (actor));
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    goto fail;
  id = sertel_db_stmt_int64 (stmt, 0);
  /* Finish the statement: SQLite does not commit while it is still open. */
  g_clear_pointer (&stmt, sertel_db_stmt_release);

  size = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
  after = sertel_store_describe_pairs ("kind", kind, "number", number, "sha256", sha, "size", size, NULL);
  if (!sertel_store_audit_append (self, sertel_staff_get_id (actor), "letter.issue", "request", request_id,
                                  NULL, after, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;
  return id;

fail:
  sertel_db_rollback (self->db);
  return 0;
}

GBytes *
sertel_store_get_letter (SertelStore  *self,
                         gint64        request_id,
                         const char   *kind,
                         GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  if (!check_kind (kind, error))
    return NULL;
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT b.data, l.sha256 FROM letter l JOIN blob b ON b.sha256 = l.sha256"
                            " WHERE l.request_id = $1 AND l.kind = $2 ORDER BY l.id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  sertel_db_stmt_bind_text (stmt, 2, kind);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  if (rc == SERTEL_DB_STEP_DONE)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND,
                   _("No Surat Rekomendasi was issued for request %" PRId64 " yet. "
                     "The Kasi or the Verifikator issues it once the request is verified."),
                   request_id);
      return NULL;
    }
  /* A reprint must be the letter that was issued, byte for byte. */
  bytes = sertel_store_blob_from_row (stmt, 0, 1);
  if (bytes == NULL)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT,
                   _("The stored letter of request %" PRId64 " is damaged: its content no longer "
                     "matches its fingerprint. Restore the register from a backup."),
                   request_id);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

gboolean
sertel_store_has_letter (SertelStore  *self,
                         gint64        request_id,
                         const char   *kind,
                         gboolean     *out_issued,
                         gint64       *out_issued_at,
                         GError      **error)
{
  g_autofree char *sha = NULL;
  gint64 at = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  if (!check_kind (kind, error))
    return FALSE;
  LOCKED (self);
  if (!find_letter_locked (self, request_id, kind, &sha, &at, error))
    return FALSE;
  if (out_issued)
    *out_issued = sha != NULL;
  if (out_issued_at)
    *out_issued_at = sha ? at : 0;
  return TRUE;
}
