/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sertel-db-sqlite.h"
#include "sertel-filetype.h"
#include "sertel-store-lifecycle.h"
#include "sertel-store-migrations.h"
#include "sertel-store-private.h"

#define DAY (24 * 60 * 60)

void
sertel_purge_report_clear (SertelPurgeReport *report)
{
  g_clear_pointer (&report->request_ids, g_array_unref);
  memset (report, 0, sizeof *report);
}

/* ------------------------------------------------------------------------- */
/* Retention */

static gint64
cutoff_for (SertelStore *self, guint years)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (sertel_store_now (self));
  g_autoptr(GDateTime) then = g_date_time_add_years (now, - (int) years);

  return then ? g_date_time_to_unix (then) : G_MININT64;
}

/* The attachments of one request still kept: ids, kinds and contents. */
static gboolean
collect_kept (SertelStore *self, gint64 request_id, GString *described, GPtrArray *shas,
              guint *n_attachments, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  stmt = sertel_db_prepare (self->db,
                            "SELECT id, kind, sha256 FROM attachment"
                            " WHERE request_id = $1 AND purged_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      const char *sha = sertel_db_stmt_text (stmt, 2);

      g_string_append_printf (described, "%s%" G_GINT64_FORMAT ":%s", described->len ? "," : "",
                              sertel_db_stmt_int64 (stmt, 0), sertel_db_stmt_text (stmt, 1));
      if (!g_ptr_array_find_with_equal_func (shas, sha, g_str_equal, NULL))
        g_ptr_array_add (shas, g_strdup (sha));
      (*n_attachments)++;
    }
  return rc == SERTEL_DB_STEP_DONE;
}

/* Deletes a stored content that nothing refers to any more; its size is added
 * to @bytes when it went. */
static gboolean
drop_unused_blob (SertelStore *self, const char *sha, guint *n_files, gint64 *bytes, GError **error)
{
  g_autoptr(SertelDbStmt) size = NULL;
  g_autoptr(SertelDbStmt) del = NULL;
  gint64 len = 0;

  size = sertel_db_prepare (self->db, "SELECT size FROM blob WHERE sha256 = $1", error);
  if (size == NULL)
    return FALSE;
  sertel_db_stmt_bind_text (size, 1, sha);
  switch (sertel_db_stmt_step (size, error))
    {
    case SERTEL_DB_STEP_ERROR: return FALSE;
    case SERTEL_DB_STEP_DONE:  return TRUE;
    case SERTEL_DB_STEP_ROW:   len = sertel_db_stmt_int64 (size, 0); break;
    }

  del = sertel_db_prepare (self->db,
                           "DELETE FROM blob WHERE sha256 = $1"
                           " AND NOT EXISTS (SELECT 1 FROM attachment WHERE sha256 = $1)"
                           " AND NOT EXISTS (SELECT 1 FROM letter WHERE sha256 = $1)"
                           " AND NOT EXISTS (SELECT 1 FROM outbox WHERE attachment_sha256 = $1)", error);
  if (del == NULL)
    return FALSE;
  sertel_db_stmt_bind_text (del, 1, sha);
  if (sertel_db_stmt_step (del, error) == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (sertel_db_stmt_changes (del) > 0)
    {
      (*n_files)++;
      *bytes += len;
    }
  return TRUE;
}

gboolean
sertel_store_purge_expired (SertelStore       *self,
                            guint              years,
                            gboolean           dry_run,
                            SertelPurgeReport *out_report,
                            GError           **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) shas = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *empty_sha = NULL;
  SertelPurgeReport report = { 0 };
  gint64 now, cutoff;
  gboolean sqlite;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);

  if (out_report)
    memset (out_report, 0, sizeof *out_report);
  if (years == 0)
    {
      if (out_report)
        out_report->request_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      return TRUE;
    }

  LOCKED (self);
  now = sertel_store_now (self);
  cutoff = cutoff_for (self, years);
  sqlite = g_strcmp0 (sertel_db_get_dialect (self->db), "sqlite") == 0;

  /* Removed personal data must not linger in free pages of the file. */
  if (sqlite && !dry_run && !sertel_db_exec (self->db, "PRAGMA secure_delete = ON", error))
    return FALSE;

  if (!sertel_db_begin (self->db, !dry_run, error))
    return FALSE;

  {
    g_autoptr(SertelDbStmt) stmt = NULL;
    SertelDbStep rc;

    stmt = sertel_db_prepare (self->db,
                              "SELECT r.id FROM request r WHERE r.state = 'completed' AND r.state_since <= $1"
                              " AND EXISTS (SELECT 1 FROM attachment a WHERE a.request_id = r.id AND a.purged_at IS NULL)"
                              " ORDER BY r.id", error);
    if (stmt == NULL)
      goto fail;
    sertel_db_stmt_bind_int64 (stmt, 1, cutoff);
    while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
      {
        gint64 id = sertel_db_stmt_int64 (stmt, 0);
        g_array_append_val (ids, id);
      }
    if (rc == SERTEL_DB_STEP_ERROR)
      goto fail;
  }

  /* A purged attachment points at the empty content, which exists once. */
  if (ids->len > 0 && !dry_run)
    {
      empty_sha = sertel_store_put_blob (self, "", 0, error);
      if (empty_sha == NULL)
        goto fail;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(GString) described = g_string_new (NULL);
      g_autoptr(SertelDbStmt) update = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *years_text = g_strdup_printf ("%u", years);
      g_autofree char *cutoff_text = g_strdup_printf ("%" G_GINT64_FORMAT, cutoff);

      if (!collect_kept (self, id, described, shas, &report.n_attachments, error))
        goto fail;
      if (dry_run)
        continue;

      update = sertel_db_prepare (self->db,
                                  "UPDATE attachment SET purged_at = $1, sha256 = $2"
                                  " WHERE request_id = $3 AND purged_at IS NULL", error);
      if (update == NULL)
        goto fail;
      sertel_db_stmt_bind_int64 (update, 1, now);
      sertel_db_stmt_bind_text (update, 2, empty_sha);
      sertel_db_stmt_bind_int64 (update, 3, id);
      if (sertel_store_run (update, error) < 0)
        goto fail;

      before = sertel_store_describe_pairs ("attachments", described->str, NULL);
      after = sertel_store_describe_pairs ("rule", "retention", "years", years_text,
                                           "completed-before", cutoff_text, NULL);
      if (!sertel_store_audit_append (self, 0, "retention.purge", "request", id, before, after, error))
        goto fail;
    }

  for (guint i = 0; i < shas->len; i++)
    {
      if (dry_run)
        {
          /* What would go: contents that only these attachments use. */
          g_autoptr(SertelDbStmt) stmt = NULL;
          GString *in = g_string_new (NULL);
          g_autofree char *sql = NULL;

          for (guint j = 0; j < ids->len; j++)
            g_string_append_printf (in, "%s%" G_GINT64_FORMAT, j ? "," : "", g_array_index (ids, gint64, j));
          sql = g_strdup_printf ("SELECT b.size FROM blob b WHERE b.sha256 = $1"
                                 " AND NOT EXISTS (SELECT 1 FROM attachment WHERE sha256 = $1"
                                 "                 AND (purged_at IS NULL AND request_id NOT IN (%s)))"
                                 " AND NOT EXISTS (SELECT 1 FROM letter WHERE sha256 = $1)"
                                 " AND NOT EXISTS (SELECT 1 FROM outbox WHERE attachment_sha256 = $1)", in->str);
          g_string_free (in, TRUE);
          stmt = sertel_db_prepare (self->db, sql, error);
          if (stmt == NULL)
            goto fail;
          sertel_db_stmt_bind_text (stmt, 1, g_ptr_array_index (shas, i));
          switch (sertel_db_stmt_step (stmt, error))
            {
            case SERTEL_DB_STEP_ERROR: goto fail;
            case SERTEL_DB_STEP_DONE:  break;
            case SERTEL_DB_STEP_ROW:
              report.n_files++;
              report.bytes += sertel_db_stmt_int64 (stmt, 0);
              break;
            }
        }
      else if (!drop_unused_blob (self, g_ptr_array_index (shas, i), &report.n_files, &report.bytes, error))
        goto fail;
    }

  if (dry_run)
    sertel_db_rollback (self->db);
  else if (!sertel_db_commit (self->db, error))
    goto fail;

  /* Old copies of the pages stay in the write-ahead log until it is
   * checkpointed; a desk reading at this moment may keep some until later. */
  if (sqlite && !dry_run && ids->len > 0)
    sertel_db_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);

  report.request_ids = g_steal_pointer (&ids);
  if (out_report)
    *out_report = report;
  else
    sertel_purge_report_clear (&report);
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Checking a register file */

gboolean
sertel_store_check_file (const char *path, GError **error)
{
  g_autoptr(SertelDb) db = NULL;
  g_autoptr(SertelStore) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  char header[16] = { 0 };
  FILE *f;
  int version;

  g_return_val_if_fail (path != NULL, FALSE);

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s cannot be read or does not exist."), path);
      return FALSE;
    }
  if (fread (header, 1, sizeof header, f) != sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      fclose (f);
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("%s is not a Sertel register: it is not a database file at all."), path);
      return FALSE;
    }
  fclose (f);

  db = sertel_db_sqlite_open_readonly (path, error);
  if (db == NULL)
    return FALSE;
  if (!sertel_db_integrity_check (db, NULL, &local_error))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("%s is damaged: %s"), path, local_error->message);
      return FALSE;
    }
  version = sertel_db_get_schema_version (db, NULL);
  {
    g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (db, "SELECT COUNT(*) FROM sqlite_master"
                                                          " WHERE type = 'table' AND name IN ('audit', 'audit_head', 'request')",
                                                      NULL);
    if (version <= 0 || stmt == NULL || sertel_db_stmt_step (stmt, NULL) != SERTEL_DB_STEP_ROW ||
        sertel_db_stmt_int64 (stmt, 0) != 3)
      {
        g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                     _("%s is a database, but not a Sertel register."), path);
        return FALSE;
      }
  }
  if (version > sertel_store_migrations_latest ())
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("%s was made by a newer version of Sertel (schema %d; this version knows up to %d)."),
                   path, version, sertel_store_migrations_latest ());
      return FALSE;
    }

  /* The audit chain, read-only: a store around the file without migrating. */
  probe = g_object_new (SERTEL_TYPE_STORE, NULL);
  probe->db = g_steal_pointer (&db);
  probe->path = g_strdup (path);
  if (!sertel_store_verify_audit (probe, NULL, NULL, &local_error))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("%s has a broken audit trail: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Scheduled backups */

#define BACKUP_PREFIX "sertel-backup-"
#define BACKUP_SUFFIX ".db"
#define PARTIAL_PREFIX ".sertel-backup-"
#define PARTIAL_SUFFIX ".part"

char *
sertel_store_default_backup_folder (SertelStore *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  /* A register on a server has no folder of its own. */
  if (self->path == NULL || !g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    return g_build_filename (g_get_user_data_dir (), "sertel", "backups", NULL);
  dir = g_path_get_dirname (self->path);
  return g_build_filename (dir, "backups", NULL);
}

/* The UTC time in a scheduled backup's name, or 0 when the name is not ours. */
static gint64
time_from_name (const char *name, const char *prefix, const char *suffix)
{
  int y, mo, d, h, mi, s, n = 0;
  g_autoptr(GDateTime) dt = NULL;
  gsize plen = strlen (prefix);

  if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, suffix) ||
      strlen (name) != plen + strlen ("YYYYMMDDTHHMMSSZ") + strlen (suffix))
    return 0;
  if (sscanf (name + plen, "%4d%2d%2dT%2d%2d%2dZ%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 || n != 16)
    return 0;
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  return dt ? g_date_time_to_unix (dt) : 0;
}

gint64
sertel_backup_newest (const char *folder, char **out_path)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *newest_name = NULL;
  gint64 newest = 0;
  const char *name;

  if (out_path)
    *out_path = NULL;
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      gint64 t = time_from_name (name, BACKUP_PREFIX, BACKUP_SUFFIX);
      if (t > newest)
        {
          newest = t;
          g_free (newest_name);
          newest_name = g_strdup (name);
        }
    }
  if (out_path && newest_name)
    *out_path = g_build_filename (folder, newest_name, NULL);
  return newest;
}

/* Removes our own backups older than @keep_days before @now (never @keep),
 * and partial files a crash left behind. */
static guint
rotate (const char *folder, gint64 now, guint keep_days, const char *keep)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint removed = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      gint64 t = time_from_name (name, BACKUP_PREFIX, BACKUP_SUFFIX);
      gint64 partial = time_from_name (name, PARTIAL_PREFIX, PARTIAL_SUFFIX);

      if (g_strcmp0 (path, keep) == 0)
        continue;
      if ((t > 0 && t < now - (gint64) keep_days * DAY) ||
          (partial > 0 && partial < now - DAY))
        {
          if (g_remove (path) == 0)
            removed += t > 0;
          else
            g_message ("Could not remove the old backup %s", path);
        }
    }
  return removed;
}

gboolean
sertel_store_scheduled_backup (SertelStore  *self,
                               const char   *folder,
                               guint         keep_days,
                               gboolean      force,
                               char        **out_path,
                               guint        *out_removed,
                               GError      **error)
{
  g_autoptr(GDateTime) now_dt = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *partial_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *default_folder = NULL;
  gint64 now;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);

  if (out_path)
    *out_path = NULL;
  if (out_removed)
    *out_removed = 0;
  if (folder == NULL || *folder == '\0')
    folder = default_folder = sertel_store_default_backup_folder (self);
  keep_days = MAX (keep_days, 1);

  now = sertel_store_now (self);
  if (!force && now - sertel_backup_newest (folder, NULL) < DAY)
    return TRUE;

  /* Readable by the user only, like the register. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The backup folder %s could not be created. Choose another folder in Preferences."), folder);
      return FALSE;
    }

  now_dt = g_date_time_new_from_unix_utc (now);
  stamp = g_date_time_format (now_dt, "%Y%m%dT%H%M%SZ");
  name = g_strconcat (BACKUP_PREFIX, stamp, BACKUP_SUFFIX, NULL);
  partial_name = g_strconcat (PARTIAL_PREFIX, stamp, PARTIAL_SUFFIX, NULL);
  path = g_build_filename (folder, name, NULL);
  partial = g_build_filename (folder, partial_name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists. Wait a second and try again."), path);
      return FALSE;
    }

  /* Written under another name and checked, so a file named as a backup is
   * always a whole one. */
  g_remove (partial);
  if (!sertel_store_backup (self, partial, error))
    {
      g_remove (partial);
      return FALSE;
    }
  if (!sertel_store_check_file (partial, error))
    {
      g_remove (partial);
      g_prefix_error (error, _("The new backup failed its check, so it was removed: "));
      return FALSE;
    }
  if (g_rename (partial, path) != 0)
    {
      g_remove (partial);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The backup %s could not be put in place."), path);
      return FALSE;
    }

  if (out_removed)
    *out_removed = rotate (folder, now, keep_days, path);
  else
    rotate (folder, now, keep_days, path);
  if (out_path)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}
