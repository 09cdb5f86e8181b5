/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-store-private.h"
#include "sertel-store-privacy.h"

typedef struct {
  char *kind;
  char *request;
  char *applicant;
  char *file_name;
} AttachmentFacts;

static void
facts_clear (AttachmentFacts *facts)
{
  g_free (facts->kind);
  g_free (facts->request);
  g_free (facts->applicant);
  g_free (facts->file_name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AttachmentFacts, facts_clear)

static gboolean
facts_locked (SertelStore *self, gint64 attachment_id, AttachmentFacts *out, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  stmt = sertel_db_prepare (self->db, "SELECT kind, request_id, applicant_id, file_name FROM attachment WHERE id = $1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, attachment_id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_DONE)
    return sertel_store_not_found (error, _("Attachment"), attachment_id);
  out->kind = sertel_store_dup_col (stmt, 0);
  out->request = g_strdup_printf ("%" G_GINT64_FORMAT, sertel_db_stmt_int64 (stmt, 1));
  if (!sertel_db_stmt_is_null (stmt, 2))
    out->applicant = g_strdup_printf ("%" G_GINT64_FORMAT, sertel_db_stmt_int64 (stmt, 2));
  out->file_name = sertel_store_dup_col (stmt, 3);
  return TRUE;
}

GBytes *
sertel_store_view_attachment (SertelStore  *self,
                              SertelStaff  *actor,
                              gint64        attachment_id,
                              const char   *where,
                              GError      **error)
{
  g_auto(AttachmentFacts) facts = { NULL, NULL, NULL, NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *after = NULL;
  SertelRole role;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);

  LOCKED (self);
  if (!facts_locked (self, attachment_id, &facts, error))
    return NULL;
  /* Read first: a scan that is gone or damaged was not seen. */
  bytes = sertel_store_read_attachment (self, attachment_id, error);
  if (bytes == NULL)
    return NULL;
  if (g_strcmp0 (facts.kind, "ktp") != 0)
    return g_steal_pointer (&bytes);

  /* A KTP scan is personal data (UU 27/2022): who saw it must be on record. */
  if (actor == NULL)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                           _("Sign in to see a KTP scan: every view of one is recorded."));
      return NULL;
    }
  after = sertel_store_describe_pairs ("request", facts.request, "applicant", facts.applicant, "kind", facts.kind,
                                       "file", facts.file_name, "where", where, NULL);
  if (!sertel_db_begin (self->db, TRUE, error))
    return NULL;
  if (!sertel_store_actor_role (self, actor, &role, error) ||
      !sertel_store_audit_append (self, sertel_staff_get_id (actor), "attachment.view", "attachment",
                                  attachment_id, NULL, after, error) ||
      !sertel_db_commit (self->db, error))
    {
      sertel_db_rollback (self->db);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}
