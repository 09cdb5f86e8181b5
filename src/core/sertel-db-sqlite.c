/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sertel-db-sqlite.h"

struct _SertelDbSqlite
{
  SertelDb    parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *cache;      /* SQL text → CachedStmt* not in use */
};

G_DEFINE_FINAL_TYPE (SertelDbSqlite, sertel_db_sqlite, SERTEL_TYPE_DB)

typedef struct {
  SertelDbStmt    parent;
  SertelDbSqlite *db;
  sqlite3_stmt   *stmt;
  char           *sql;
  gboolean        cached;
} SqliteStmt;

static GError *
error_from_code (sqlite3 *handle, int rc)
{
  const char *detail = handle ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return g_error_new (SERTEL_DB_ERROR, SERTEL_DB_ERROR_BUSY,
                          _("The register is busy at another desk. Wait a moment and try again."));
    case SQLITE_CONSTRAINT:
      return g_error_new (SERTEL_DB_ERROR, SERTEL_DB_ERROR_CONSTRAINT,
                          _("The change conflicts with data already in the register (%s)."), detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return g_error_new (SERTEL_DB_ERROR, SERTEL_DB_ERROR_CORRUPT,
                          _("The register file is damaged or is not a Sertel register (%s). Restore it from a backup."), detail);
    case SQLITE_FULL:
      return g_error_new (SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
                          _("The disk is full, so the change could not be saved. Free some space and try again."));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return g_error_new (SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                          _("The register file cannot be written (%s). Check that the folder exists and that you may write to it."), detail);
    default:
      return g_error_new (SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
                          _("The register could not be read or written (%s)."), detail);
    }
}

static void
set_error (GError **error, sqlite3 *handle, int rc)
{
  g_propagate_error (error, error_from_code (handle, rc));
}

static int
param_index (SqliteStmt *s, int index)
{
  char name[16];

  g_snprintf (name, sizeof name, "$%d", index);
  return sqlite3_bind_parameter_index (s->stmt, name);
}

static void
s_bind_null (SertelDbStmt *stmt, int index)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  sqlite3_bind_null (s->stmt, param_index (s, index));
}

static void
s_bind_int64 (SertelDbStmt *stmt, int index, gint64 value)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  sqlite3_bind_int64 (s->stmt, param_index (s, index), value);
}

static void
s_bind_text (SertelDbStmt *stmt, int index, const char *value)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  sqlite3_bind_text (s->stmt, param_index (s, index), value, -1, SQLITE_TRANSIENT);
}

static void
s_bind_blob (SertelDbStmt *stmt, int index, gconstpointer data, gsize len)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  sqlite3_bind_blob64 (s->stmt, param_index (s, index), data ? data : "", len, SQLITE_TRANSIENT);
}

static SertelDbStep
s_step (SertelDbStmt *stmt, GError **error)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  int rc = sqlite3_step (s->stmt);

  if (rc == SQLITE_ROW)
    return SERTEL_DB_STEP_ROW;
  if (rc == SQLITE_DONE)
    return SERTEL_DB_STEP_DONE;

  set_error (error, s->db->handle, sqlite3_extended_errcode (s->db->handle));
  return SERTEL_DB_STEP_ERROR;
}

static gboolean
s_column_is_null (SertelDbStmt *stmt, int col)
{
  return sqlite3_column_type (((SqliteStmt *) stmt)->stmt, col) == SQLITE_NULL;
}

static gint64
s_column_int64 (SertelDbStmt *stmt, int col)
{
  return sqlite3_column_int64 (((SqliteStmt *) stmt)->stmt, col);
}

static const char *
s_column_text (SertelDbStmt *stmt, int col)
{
  return (const char *) sqlite3_column_text (((SqliteStmt *) stmt)->stmt, col);
}

static gconstpointer
s_column_blob (SertelDbStmt *stmt, int col, gsize *len)
{
  SqliteStmt *s = (SqliteStmt *) stmt;
  gconstpointer data = sqlite3_column_blob (s->stmt, col);

  *len = (gsize) sqlite3_column_bytes (s->stmt, col);
  return data;
}

static gint64
s_changes (SertelDbStmt *stmt)
{
  return sqlite3_changes64 (((SqliteStmt *) stmt)->db->handle);
}

static void
sqlite_stmt_free (SqliteStmt *s)
{
  sqlite3_finalize (s->stmt);
  g_free (s->sql);
  g_free (s);
}

static void
s_release (SertelDbStmt *stmt)
{
  SqliteStmt *s = (SqliteStmt *) stmt;

  sqlite3_reset (s->stmt);
  sqlite3_clear_bindings (s->stmt);

  /* Keep one prepared copy of each statement: preparing costs more than
   * running most of our queries. */
  if (s->cached && !g_hash_table_contains (s->db->cache, s->sql))
    g_hash_table_insert (s->db->cache, s->sql, s);
  else
    sqlite_stmt_free (s);
}

static int
s_column_count (SertelDbStmt *stmt)
{
  return sqlite3_column_count (((SqliteStmt *) stmt)->stmt);
}

static const char *
s_column_name (SertelDbStmt *stmt, int col)
{
  return sqlite3_column_name (((SqliteStmt *) stmt)->stmt, col);
}

static SertelDbType
s_column_type (SertelDbStmt *stmt, int col)
{
  switch (sqlite3_column_type (((SqliteStmt *) stmt)->stmt, col))
    {
    case SQLITE_NULL:    return SERTEL_DB_TYPE_NULL;
    case SQLITE_INTEGER: return SERTEL_DB_TYPE_INT;
    case SQLITE_BLOB:    return SERTEL_DB_TYPE_BLOB;
    default:             return SERTEL_DB_TYPE_TEXT;
    }
}

static const SertelDbStmtVTable sqlite_stmt_vtable = {
  .bind_null = s_bind_null,
  .bind_int64 = s_bind_int64,
  .bind_text = s_bind_text,
  .bind_blob = s_bind_blob,
  .step = s_step,
  .column_is_null = s_column_is_null,
  .column_int64 = s_column_int64,
  .column_text = s_column_text,
  .column_blob = s_column_blob,
  .changes = s_changes,
  .release = s_release,
  .column_count = s_column_count,
  .column_name = s_column_name,
  .column_type = s_column_type,
};

static SertelDbStmt *
sertel_db_sqlite_prepare (SertelDb *db, const char *sql, GError **error)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (db);
  SqliteStmt *s;
  int rc;

  s = g_hash_table_lookup (self->cache, sql);
  if (s != NULL)
    {
      g_hash_table_steal (self->cache, sql);
      return &s->parent;
    }

  s = g_new0 (SqliteStmt, 1);
  s->parent.vtable = &sqlite_stmt_vtable;
  s->db = self;
  s->sql = g_strdup (sql);
  s->cached = TRUE;
  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* A statement that does not prepare is a bug in our SQL, not the user's doing. */
      g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->handle));
      set_error (error, self->handle, rc);
      g_free (s->sql);
      g_free (s);
      return NULL;
    }

  return &s->parent;
}

static gboolean
sertel_db_sqlite_exec (SertelDb *db, const char *sql, GError **error)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (db);
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (error, self->handle, sqlite3_extended_errcode (self->handle));
      return FALSE;
    }
  return TRUE;
}

static gboolean
sertel_db_sqlite_begin (SertelDb *db, gboolean write, GError **error)
{
  /* IMMEDIATE takes the write lock up front, so two desks never deadlock
   * upgrading a read lock; the busy timeout makes the second one wait. */
  return sertel_db_sqlite_exec (db, write ? "BEGIN IMMEDIATE" : "BEGIN", error);
}

static gboolean
sertel_db_sqlite_commit (SertelDb *db, GError **error)
{
  return sertel_db_sqlite_exec (db, "COMMIT", error);
}

static void
sertel_db_sqlite_rollback (SertelDb *db)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (db);

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

static int
sertel_db_sqlite_get_schema_version (SertelDb *db, GError **error)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (db);
  sqlite3_stmt *stmt = NULL;
  int rc, version = -1;

  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    set_error (error, self->handle, rc);
  sqlite3_finalize (stmt);

  return version;
}

static gboolean
sertel_db_sqlite_set_schema_version (SertelDb *db, int version, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);
  return sertel_db_sqlite_exec (db, sql, error);
}

static gboolean
create_private_file (const char *path, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;

  /* PRIVATE: readable by the user only — the register holds NIKs and KTP scans. */
  out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, &local_error);
  if (out == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
#ifdef G_OS_UNIX
          /* A register copied in by hand may be readable by everyone: close
           * it to others. Group access is left as the office chose it (a
           * register shared by a group of desks). */
          GStatBuf st;
          if (g_stat (path, &st) == 0 && (st.st_mode & 0007) != 0)
            g_chmod (path, st.st_mode & 0770);
#endif
          return TRUE;
        }
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                   _("The file %s could not be created: %s"), path, local_error->message);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

static gboolean
sertel_db_sqlite_backup (SertelDb *db, const char *dest_path, GError **error)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (db);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  if (!create_private_file (dest_path, error))
    return FALSE;

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, dest, rc);
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", self->handle, "main");
  if (backup == NULL)
    {
      set_error (error, dest, sqlite3_errcode (dest));
      sqlite3_close (dest);
      return FALSE;
    }

  /* Copy in slices so other desks can keep writing between them. */
  do
    {
      rc = sqlite3_backup_step (backup, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (20);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      set_error (error, dest, rc);
      sqlite3_close (dest);
      return FALSE;
    }

  /* A backup is one self-contained file: no -wal beside it. */
  sqlite3_exec (dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
  rc = sqlite3_close (dest);
  if (rc != SQLITE_OK)
    {
      set_error (error, NULL, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sertel_db_sqlite_integrity_check (SertelDb *db, char **report, GError **error)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (db);
  g_autoptr(GString) str = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, self->handle, rc);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        ok = FALSE;
      if (str->len)
        g_string_append_c (str, '\n');
      g_string_append (str, line ? line : "");
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_error (error, self->handle, rc);
      return FALSE;
    }

  if (report)
    *report = g_strdup (str->str);
  if (!ok)
    g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_CORRUPT,
                 _("The register file failed its integrity check: %s"), str->str);
  return ok;
}

static void
sertel_db_sqlite_finalize (GObject *object)
{
  SertelDbSqlite *self = SERTEL_DB_SQLITE (object);

  g_hash_table_destroy (self->cache);
  if (self->handle)
    sqlite3_close (self->handle);
  g_free (self->path);

  G_OBJECT_CLASS (sertel_db_sqlite_parent_class)->finalize (object);
}

static void
sertel_db_sqlite_class_init (SertelDbSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SertelDbClass *db_class = SERTEL_DB_CLASS (klass);

  object_class->finalize = sertel_db_sqlite_finalize;

  db_class->dialect = "sqlite";
  db_class->exec = sertel_db_sqlite_exec;
  db_class->prepare = sertel_db_sqlite_prepare;
  db_class->begin = sertel_db_sqlite_begin;
  db_class->commit = sertel_db_sqlite_commit;
  db_class->rollback = sertel_db_sqlite_rollback;
  db_class->get_schema_version = sertel_db_sqlite_get_schema_version;
  db_class->set_schema_version = sertel_db_sqlite_set_schema_version;
  db_class->backup = sertel_db_sqlite_backup;
  db_class->integrity_check = sertel_db_sqlite_integrity_check;
}

static void
sertel_db_sqlite_init (SertelDbSqlite *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sqlite_stmt_free);
}

static SertelDb *
open_with_flags (const char *path, int flags, GError **error)
{
  g_autoptr(SertelDbSqlite) self = NULL;
  int rc;

  self = g_object_new (SERTEL_TYPE_DB_SQLITE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                   _("The register %s could not be opened: %s"), path,
                   self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  /* Another desk (process) may hold the write lock for a moment. */
  sqlite3_busy_timeout (self->handle, 15000);

  if (!sertel_db_sqlite_exec (SERTEL_DB (self), "PRAGMA foreign_keys = ON", error))
    return NULL;

  return SERTEL_DB (g_steal_pointer (&self));
}

SertelDb *
sertel_db_sqlite_open (const char *path, GError **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                   _("The folder %s for the register could not be created."), dir);
      return NULL;
    }
  if (!create_private_file (path, error))
    return NULL;

  return open_with_flags (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, error);
}

SertelDb *
sertel_db_sqlite_open_readonly (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                   _("The file %s does not exist."), path);
      return NULL;
    }
  return open_with_flags (path, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, error);
}

const char *
sertel_db_sqlite_get_path (SertelDbSqlite *self)
{
  g_return_val_if_fail (SERTEL_IS_DB_SQLITE (self), NULL);
  return self->path;
}
