/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL driver: one libpq connection used under the store's lock.
 * Statements go as PQexecParams with the store's own $1… placeholders (ints
 * typed int8, text as text, byte arrays as binary bytea);
 * results come back as text, bytea unescaped on demand. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#endif

#include "sertel-db-pg.h"

/* Built-in type oids (catalog/pg_type_d.h is a server header). */
#define BOOLOID    16
#define BYTEAOID   17
#define INT8OID    20
#define INT2OID    21
#define INT4OID    23
#define TEXTOID    25
#define OIDOID     26

/* Every write transaction is preceded by this advisory lock, so writers
 * follow one another as they do on SQLite (one writer at a time): the audit
 * chain's head and the letter counters are read and then written, which must
 * not interleave between desks. The lock is per database. It is taken in a
 * statement of its own before BEGIN (and released after COMMIT or ROLLBACK):
 * a transaction that starts after the wait reads the catalog afresh, so a
 * schema upgrade another desk just committed is seen (a lock taken inside the
 * transaction would leave this backend's catalog cache as it was). */
#define WRITER_LOCK_KEY_SQL "91695177033068"   /* 0x53657274656c, "Sertel" */

/* How long a write waits for another desk's write before giving up, like
 * SQLite's busy timeout. */
#define LOCK_TIMEOUT "15s"

/* After the server was found gone, calls fail at once for this long before
 * the next attempt to reconnect, so a clerk's click does not hang each time. */
#define RETRY_INTERVAL_US (2 * G_USEC_PER_SEC)

struct _SertelDbPg
{
  SertelDb   parent_instance;

  /* libpq allows one thread on a connection at a time; SQLite's
   * connection is opened fully serialized, so the store may call from
   * several threads at once (a count beside a page of rows). */
  GRecMutex  mutex;
  PGconn    *conn;
  char      *display;
  gboolean   in_write;
  gboolean   in_txn;     /* between our BEGIN and COMMIT/ROLLBACK: never reconnect there */
  gint64     next_retry;
  int        backend_pid;   /* atomic: read by the listener's thread */
};

G_DEFINE_FINAL_TYPE (SertelDbPg, sertel_db_pg, SERTEL_TYPE_DB)

#define CONN_LOCKED(self) g_autoptr(GRecMutexLocker) G_GNUC_UNUSED conn_locker = g_rec_mutex_locker_new (&(self)->mutex)

typedef struct {
  SertelDbStmt  parent;
  SertelDbPg   *db;
  char         *sql;
  int           n_params;
  char        **values;
  int          *lengths;
  int          *formats;
  Oid          *types;
  PGresult     *result;
  int           row;
  int           n_rows;
  gint64        changes;
  guchar       *blob;       /* the last unescaped bytea, freed on the next */
} PgStmt;

/* ------------------------------------------------------------------------- */

gboolean
sertel_db_pg_is_location (const char *location)
{
  PQconninfoOption *opts;

  if (location == NULL)
    return FALSE;
  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return TRUE;
  if (strchr (location, '=') == NULL)
    return FALSE;
  /* A folder may have "=" in its name: only what libpq reads as keywords
   * ("host=… dbname=…") is a server. */
  opts = PQconninfoParse (location, NULL);
  if (opts == NULL)
    return FALSE;
  PQconninfoFree (opts);
  return TRUE;
}

void
sertel_db_pg_set_unreachable (GError **error, const char *display)
{
  g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_UNREACHABLE,
               _("Cannot reach the register server at %s. Your work is kept; Sertel will retry."),
               display);
}

static gboolean
connection_lost (SertelDbPg *self)
{
  return self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK;
}

static void
set_error_from_result (SertelDbPg *self, const PGresult *res, GError **error)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *detail = res ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

  if (detail == NULL)
    detail = PQerrorMessage (self->conn);

  if (connection_lost (self) || (state && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))))
    {
      g_debug ("Connection to %s lost (%s): %s", self->display, state ? state : "no state", PQerrorMessage (self->conn));
      sertel_db_pg_set_unreachable (error, self->display);
      return;
    }
  if (state == NULL)
    state = "";

  if (g_str_has_prefix (state, "23"))
    g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_CONSTRAINT,
                 _("The change conflicts with data already in the register (%s)."), detail);
  else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") || g_str_equal (state, "55P03"))
    g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_BUSY,
                 _("The register is busy at another desk. Wait a moment and try again."));
  else if (g_str_equal (state, "42501"))
    g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_DENIED,
                 _("The register server does not allow your login to make this change (%s). Ask an administrator."),
                 detail);
  else if (g_str_has_prefix (state, "53"))
    g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
                 _("The register server is out of space or memory, so the change could not be saved. Tell the administrator."));
  else
    g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
                 _("The register could not be read or written (%s)."), detail);
}

/* SQL the server cannot parse or type is a bug in our SQL, not the user's
 * doing (the SQLite driver says the same when a statement does not prepare). */
static void
warn_if_bug (const PGresult *res, const char *sql)
{
  const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

  if (state && g_str_has_prefix (state, "42") && !g_str_equal (state, "42501"))
    g_critical ("Cannot run “%s”: %s", sql, PQresultErrorMessage (res));
}

/* Runs session settings on a fresh or reset connection. */
static gboolean
setup_session (SertelDbPg *self)
{
  PGresult *res = PQexec (self->conn,
                          "SET lock_timeout = '" LOCK_TIMEOUT "';"
                          "SET client_min_messages = warning;"
                          "SET TIME ZONE 'UTC'");
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  PQclear (res);
  return ok;
}

/* Before a call outside a transaction: when the server went away, reset the
 * connection (not more than once every RETRY_INTERVAL); otherwise fail with
 * a sentence the clerk understands. */
static gboolean
ensure_connected (SertelDbPg *self, GError **error)
{
  gint64 now;

  if (!connection_lost (self))
    return TRUE;

  now = g_get_monotonic_time ();
  if (now >= self->next_retry && PQtransactionStatus (self->conn) != PQTRANS_ACTIVE)
    {
      PQreset (self->conn);
      if (!connection_lost (self) && setup_session (self))
        {
          g_debug ("Reconnected to %s", self->display);
          g_atomic_int_set (&self->backend_pid, PQbackendPID (self->conn));
          self->in_write = FALSE;
          return TRUE;
        }
      self->next_retry = now + RETRY_INTERVAL_US;
    }

  sertel_db_pg_set_unreachable (error, self->display);
  return FALSE;
}

static gboolean
exec_result_ok (SertelDbPg *self, PGresult *res, GError **error)
{
  ExecStatusType st = PQresultStatus (res);

  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return TRUE;
  set_error_from_result (self, res, error);
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Statements */

static void
ensure_param (PgStmt *s, int index)
{
  if (index <= s->n_params)
    return;
  s->values = g_renew (char *, s->values, index);
  s->lengths = g_renew (int, s->lengths, index);
  s->formats = g_renew (int, s->formats, index);
  s->types = g_renew (Oid, s->types, index);
  for (int i = s->n_params; i < index; i++)
    {
      s->values[i] = NULL;
      s->lengths[i] = 0;
      s->formats[i] = 0;
      s->types[i] = 0;
    }
  s->n_params = index;
}

static void
set_param (PgStmt *s, int index, char *value, int length, int format, Oid type)
{
  ensure_param (s, index);
  g_free (s->values[index - 1]);
  s->values[index - 1] = value;
  s->lengths[index - 1] = length;
  s->formats[index - 1] = format;
  s->types[index - 1] = type;
}

static void
p_bind_null (SertelDbStmt *stmt, int index)
{
  set_param ((PgStmt *) stmt, index, NULL, 0, 0, 0);
}

static void
p_bind_int64 (SertelDbStmt *stmt, int index, gint64 value)
{
  set_param ((PgStmt *) stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0, INT8OID);
}

static void
p_bind_text (SertelDbStmt *stmt, int index, const char *value)
{
  /* Typed text: the store writes "$1 IS NULL OR x = $1", where an untyped
   * parameter's type cannot be inferred. */
  set_param ((PgStmt *) stmt, index, g_strdup (value), 0, 0, TEXTOID);
}

static void
p_bind_blob (SertelDbStmt *stmt, int index, gconstpointer data, gsize len)
{
  char *copy = g_malloc (len ? len : 1);

  if (len)
    memcpy (copy, data, len);
  set_param ((PgStmt *) stmt, index, copy, (int) len, 1, BYTEAOID);
}

/* TRUE when the SQL uses $@index (and not just $@index followed by digits). */
static gboolean
uses_param (const char *sql, int index)
{
  char name[16];
  gsize len = g_snprintf (name, sizeof name, "$%d", index);

  for (const char *p = strstr (sql, name); p; p = strstr (p + 1, name))
    if (!g_ascii_isdigit (p[len]))
      return TRUE;
  return FALSE;
}

static gboolean
tests_null (const char *sql, int index)
{
  g_autofree char *pattern = g_strdup_printf ("$%d IS NULL", index);
  return strstr (sql, pattern) != NULL;
}

static SertelDbStep
p_step (SertelDbStmt *stmt, GError **error)
{
  PgStmt *s = (PgStmt *) stmt;
  SertelDbPg *self = s->db;

  g_clear_pointer (&s->blob, PQfreemem);

  if (s->result == NULL)
    {
      CONN_LOCKED (self);
      ExecStatusType st;

      if (!self->in_txn && !ensure_connected (self, error))
        return SERTEL_DB_STEP_ERROR;

      /* A NULL needs a type where the server cannot infer one: a filter
       * ("$1 IS NULL OR x = $1") or a parameter the SQL does not use (one
       * statement serves several filters). Elsewhere it takes its column's. */
      for (int i = 0; i < s->n_params; i++)
        if (s->types[i] == 0 && (!uses_param (s->sql, i + 1) || tests_null (s->sql, i + 1)))
          s->types[i] = TEXTOID;

      s->result = PQexecParams (self->conn, s->sql, s->n_params, s->types,
                                (const char * const *) s->values, s->lengths, s->formats, 0);
      st = PQresultStatus (s->result);
      if (st == PGRES_FATAL_ERROR)
        warn_if_bug (s->result, s->sql);
      if (st == PGRES_COMMAND_OK)
        {
          const char *n = PQcmdTuples (s->result);
          s->changes = (n && *n) ? g_ascii_strtoll (n, NULL, 10) : 0;
          s->n_rows = 0;
        }
      else if (st == PGRES_TUPLES_OK)
        {
          const char *n = PQcmdTuples (s->result);
          /* INSERT … RETURNING counts what it inserted. */
          s->changes = (n && *n) ? g_ascii_strtoll (n, NULL, 10) : 0;
          s->n_rows = PQntuples (s->result);
        }
      else
        {
          set_error_from_result (self, s->result, error);
          g_clear_pointer (&s->result, PQclear);
          return SERTEL_DB_STEP_ERROR;
        }
      s->row = -1;
    }

  if (s->row + 1 < s->n_rows)
    {
      s->row++;
      return SERTEL_DB_STEP_ROW;
    }
  s->row = s->n_rows;
  return SERTEL_DB_STEP_DONE;
}

static gboolean
p_column_is_null (SertelDbStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;
  return s->result == NULL || s->row < 0 || s->row >= s->n_rows || PQgetisnull (s->result, s->row, col);
}

static gint64
p_column_int64 (SertelDbStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;
  const char *v;

  if (p_column_is_null (stmt, col))
    return 0;
  v = PQgetvalue (s->result, s->row, col);
  /* Comparisons come back as booleans where SQLite gives 0 or 1. */
  if (PQftype (s->result, col) == BOOLOID)
    return v[0] == 't';
  return g_ascii_strtoll (v, NULL, 10);
}

static const char *
p_column_text (SertelDbStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;

  if (p_column_is_null (stmt, col))
    return NULL;
  return PQgetvalue (s->result, s->row, col);
}

static gconstpointer
p_column_blob (SertelDbStmt *stmt, int col, gsize *len)
{
  PgStmt *s = (PgStmt *) stmt;
  size_t n = 0;

  *len = 0;
  if (p_column_is_null (stmt, col))
    return NULL;
  if (PQftype (s->result, col) != BYTEAOID)
    {
      *len = PQgetlength (s->result, s->row, col);
      return PQgetvalue (s->result, s->row, col);
    }
  g_clear_pointer (&s->blob, PQfreemem);
  s->blob = PQunescapeBytea ((const guchar *) PQgetvalue (s->result, s->row, col), &n);
  *len = n;
  /* SQLite gives a non-NULL pointer for an empty blob too. */
  return s->blob ? (gconstpointer) s->blob : "";
}

static gint64
p_changes (SertelDbStmt *stmt)
{
  return ((PgStmt *) stmt)->changes;
}

static int
p_column_count (SertelDbStmt *stmt)
{
  PgStmt *s = (PgStmt *) stmt;
  return s->result ? PQnfields (s->result) : 0;
}

static const char *
p_column_name (SertelDbStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;
  return s->result ? PQfname (s->result, col) : NULL;
}

static SertelDbType
p_column_type (SertelDbStmt *stmt, int col)
{
  PgStmt *s = (PgStmt *) stmt;

  if (p_column_is_null (stmt, col))
    return SERTEL_DB_TYPE_NULL;
  switch (PQftype (s->result, col))
    {
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case OIDOID:
    case BOOLOID:
      return SERTEL_DB_TYPE_INT;
    case BYTEAOID:
      return SERTEL_DB_TYPE_BLOB;
    default:
      return SERTEL_DB_TYPE_TEXT;
    }
}

static void
p_release (SertelDbStmt *stmt)
{
  PgStmt *s = (PgStmt *) stmt;

  for (int i = 0; i < s->n_params; i++)
    g_free (s->values[i]);
  g_free (s->values);
  g_free (s->lengths);
  g_free (s->formats);
  g_free (s->types);
  g_clear_pointer (&s->blob, PQfreemem);
  g_clear_pointer (&s->result, PQclear);
  g_free (s->sql);
  g_free (s);
}

static const SertelDbStmtVTable pg_stmt_vtable = {
  .bind_null = p_bind_null,
  .bind_int64 = p_bind_int64,
  .bind_text = p_bind_text,
  .bind_blob = p_bind_blob,
  .step = p_step,
  .column_is_null = p_column_is_null,
  .column_int64 = p_column_int64,
  .column_text = p_column_text,
  .column_blob = p_column_blob,
  .changes = p_changes,
  .release = p_release,
  .column_count = p_column_count,
  .column_name = p_column_name,
  .column_type = p_column_type,
};

static SertelDbStmt *
sertel_db_pg_prepare (SertelDb *db, const char *sql, GError **error)
{
  PgStmt *s = g_new0 (PgStmt, 1);

  /* Parsed by the server when first stepped: the store's statements are
   * short, and a connection reset would drop server-side prepared ones. */
  s->parent.vtable = &pg_stmt_vtable;
  s->db = SERTEL_DB_PG (db);
  s->sql = g_strdup (sql);
  s->row = -1;
  return &s->parent;
}

/* ------------------------------------------------------------------------- */

static gboolean
run (SertelDbPg *self, const char *sql, GError **error)
{
  PGresult *res = PQexec (self->conn, sql);
  gboolean ok = exec_result_ok (self, res, error);

  PQclear (res);
  return ok;
}

static gboolean
sertel_db_pg_exec (SertelDb *db, const char *sql, GError **error)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  CONN_LOCKED (self);

  if (!self->in_txn && !ensure_connected (self, error))
    return FALSE;
  return run (self, sql, error);
}

static void
unlock_writer (SertelDbPg *self)
{
  /* A connection that is gone has lost the lock with it. */
  if (!connection_lost (self))
    PQclear (PQexec (self->conn, "SELECT pg_advisory_unlock (" WRITER_LOCK_KEY_SQL ")"));
}

static gboolean
sertel_db_pg_begin (SertelDb *db, gboolean write, GError **error)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  CONN_LOCKED (self);

  if (!ensure_connected (self, error))
    return FALSE;

  if (!write)
    {
      /* One snapshot for all the reads, as a SQLite read transaction gives. */
      self->in_write = FALSE;
      self->in_txn = run (self, "BEGIN ISOLATION LEVEL REPEATABLE READ", error);
      return self->in_txn;
    }

  if (!run (self, "SELECT pg_advisory_lock (" WRITER_LOCK_KEY_SQL ")", error))
    return FALSE;
  /* READ COMMITTED: every statement sees what the previous writer
   * committed, so the version checks compare with the latest row. */
  if (!run (self, "BEGIN ISOLATION LEVEL READ COMMITTED", error))
    {
      unlock_writer (self);
      return FALSE;
    }
  self->in_write = TRUE;
  self->in_txn = TRUE;
  return TRUE;
}

static gboolean
sertel_db_pg_commit (SertelDb *db, GError **error)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  CONN_LOCKED (self);
  gboolean was_write = self->in_write;
  PGresult *res;
  gboolean ok;

  self->in_write = FALSE;
  self->in_txn = FALSE;

  /* The notification is part of the transaction: other desks hear of the
   * change exactly when it is committed, and never of one rolled back. */
  if (was_write && !run (self, "SELECT pg_notify ('sertel_changed', '')", error))
    {
      PQclear (PQexec (self->conn, "ROLLBACK"));
      unlock_writer (self);
      return FALSE;
    }

  res = PQexec (self->conn, "COMMIT");
  ok = exec_result_ok (self, res, error);
  /* COMMIT of a failed transaction answers ROLLBACK, not an error. */
  if (ok && g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
                   _("The change was not saved because part of it failed. Try again."));
      ok = FALSE;
    }
  PQclear (res);
  if (was_write)
    unlock_writer (self);
  return ok;
}

static void
sertel_db_pg_rollback (SertelDb *db)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  CONN_LOCKED (self);
  PGTransactionStatusType st = PQtransactionStatus (self->conn);

  if (st == PQTRANS_INTRANS || st == PQTRANS_INERROR)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  if (self->in_write)
    unlock_writer (self);
  self->in_write = FALSE;
  self->in_txn = FALSE;
}

static int
sertel_db_pg_get_schema_version (SertelDb *db, GError **error)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  CONN_LOCKED (self);
  PGresult *res;
  int version = -1;

  if (!self->in_txn && !ensure_connected (self, error))
    return -1;

  res = PQexec (self->conn, "SELECT to_regclass ('sertel_schema') IS NOT NULL");
  if (!exec_result_ok (self, res, error))
    {
      PQclear (res);
      return -1;
    }
  if (PQgetvalue (res, 0, 0)[0] != 't')
    {
      PQclear (res);
      return 0;
    }
  PQclear (res);

  res = PQexec (self->conn, "SELECT version FROM sertel_schema WHERE one = 1");
  if (exec_result_ok (self, res, error))
    version = PQntuples (res) > 0 ? atoi (PQgetvalue (res, 0, 0)) : 0;
  PQclear (res);
  return version;
}

static gboolean
sertel_db_pg_set_schema_version (SertelDb *db, int version, GError **error)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE IF NOT EXISTS sertel_schema ("
                                          "  one INTEGER PRIMARY KEY CHECK (one = 1),"
                                          "  version INTEGER NOT NULL);"
                                          "INSERT INTO sertel_schema (one, version) VALUES (1, %d)"
                                          " ON CONFLICT (one) DO UPDATE SET version = excluded.version",
                                          version);
  CONN_LOCKED (self);
  return run (self, sql, error);
}

static gboolean
sertel_db_pg_backup (SertelDb *db, const char *dest_path, GError **error)
{
  /* The store copies a PostgreSQL register into a SQLite file itself
   * (sertel_store_backup); a driver-level copy would be pg_dump's job. */
  g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
               _("A register on a PostgreSQL server is backed up with pg_dump on the server, "
                 "or copied to a file with “sertel-cli migrate-to-sqlite”."));
  return FALSE;
}

static gboolean
sertel_db_pg_integrity_check (SertelDb *db, char **report, GError **error)
{
  SertelDbPg *self = SERTEL_DB_PG (db);
  g_autoptr(GString) str = g_string_new (NULL);
  CONN_LOCKED (self);
  PGresult *res;

  if (!ensure_connected (self, error))
    return FALSE;

  /* The server keeps its own pages consistent; what can still be wrong is an
   * index left invalid by an interrupted build, or a table of ours missing. */
  res = PQexec (self->conn,
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema () AND NOT (i.indisvalid AND i.indisready)"
                " UNION ALL SELECT 'sertel_schema (missing)' WHERE to_regclass ('sertel_schema') IS NULL");
  if (!exec_result_ok (self, res, error))
    {
      PQclear (res);
      return FALSE;
    }
  for (int i = 0; i < PQntuples (res); i++)
    {
      if (str->len)
        g_string_append_c (str, '\n');
      g_string_append_printf (str, "invalid: %s", PQgetvalue (res, i, 0));
    }
  PQclear (res);

  if (str->len == 0)
    g_string_append (str, "ok");
  if (report)
    *report = g_strdup (str->str);
  if (!g_str_equal (str->str, "ok"))
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_CORRUPT,
                   _("The register failed its integrity check: %s"), str->str);
      return FALSE;
    }
  return TRUE;
}

static void
sertel_db_pg_finalize (GObject *object)
{
  SertelDbPg *self = SERTEL_DB_PG (object);

  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->display);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sertel_db_pg_parent_class)->finalize (object);
}

static void
sertel_db_pg_class_init (SertelDbPgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SertelDbClass *db_class = SERTEL_DB_CLASS (klass);

  object_class->finalize = sertel_db_pg_finalize;

  db_class->dialect = "postgresql";
  db_class->exec = sertel_db_pg_exec;
  db_class->prepare = sertel_db_pg_prepare;
  db_class->begin = sertel_db_pg_begin;
  db_class->commit = sertel_db_pg_commit;
  db_class->rollback = sertel_db_pg_rollback;
  db_class->get_schema_version = sertel_db_pg_get_schema_version;
  db_class->set_schema_version = sertel_db_pg_set_schema_version;
  db_class->backup = sertel_db_pg_backup;
  db_class->integrity_check = sertel_db_pg_integrity_check;
}

static void
sertel_db_pg_init (SertelDbPg *self)
{
  g_rec_mutex_init (&self->mutex);
}

/* "host:port/dbname" of a connection string, read by libpq itself so URIs
 * and keyword strings give the same answer; never the password. */
static char *
display_name (const char *conninfo)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo, NULL);
  const char *host = NULL, *hostaddr = NULL, *port = NULL, *dbname = NULL;
  char *out;

  if (opts == NULL)
    return g_strdup (_("the configured server"));
  for (PQconninfoOption *o = opts; o->keyword; o++)
    {
      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "hostaddr"))
        hostaddr = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
    }
  out = g_strdup_printf ("%s%s%s%s%s",
                         host ? host : hostaddr ? hostaddr : "localhost",
                         port ? ":" : "", port ? port : "",
                         dbname ? "/" : "", dbname ? dbname : "");
  PQconninfoFree (opts);
  return out;
}

/* A new libpq connection. The caller's string comes last so what it says
 * (sslmode, connect_timeout, …) wins over our defaults. */
PGconn *
sertel_db_pg_connect (const char *conninfo, GError **error)
{
  /* Keepalives let a cut cable be noticed in seconds rather than hours. */
  const char * const keywords[] = { "connect_timeout", "fallback_application_name", "keepalives_idle",
                                     "keepalives_interval", "keepalives_count", "dbname", NULL };
  const char * const values[] = { "5", "sertel", "5", "2", "3", conninfo, NULL };
  char *parse_error = NULL;
  PQconninfoOption *opts;
  PGconn *conn;

  opts = PQconninfoParse (conninfo, &parse_error);
  if (opts == NULL)
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                   _("The register server address “%s” is not valid: %s"), conninfo,
                   parse_error ? g_strstrip (parse_error) : _("out of memory"));
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (opts);

  conn = PQconnectdbParams (keywords, values, 1);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *display = display_name (conninfo);
      g_autofree char *detail = g_strstrip (g_strdup (PQerrorMessage (conn)));

      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_UNREACHABLE,
                   _("Cannot reach the register server at %s (%s). Check the address in Preferences "
                     "and that the server is running."), display, detail);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

SertelDb *
sertel_db_pg_open (const char *conninfo, GError **error)
{
  g_autoptr(SertelDbPg) self = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (SERTEL_TYPE_DB_PG, NULL);
  self->display = display_name (conninfo);
  self->conn = sertel_db_pg_connect (conninfo, error);
  if (self->conn == NULL)
    return NULL;
  if (!setup_session (self))
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_OPEN,
                   _("The register server at %s refused the session settings: %s"),
                   self->display, PQerrorMessage (self->conn));
      return NULL;
    }
  g_atomic_int_set (&self->backend_pid, PQbackendPID (self->conn));
  return SERTEL_DB (g_steal_pointer (&self));
}

const char *
sertel_db_pg_get_display_name (SertelDbPg *self)
{
  g_return_val_if_fail (SERTEL_IS_DB_PG (self), NULL);
  return self->display;
}

int
sertel_db_pg_get_backend_pid (SertelDbPg *self)
{
  g_return_val_if_fail (SERTEL_IS_DB_PG (self), 0);
  return g_atomic_int_get (&self->backend_pid);
}

/* ------------------------------------------------------------------------- */
/* Listening for other desks' commits */

#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 8000
#define COALESCE_MS    100

struct _SertelDbPgListener
{
  gatomicrefcount       ref;
  /* Guards everything below: the owner may stop listening from any thread
   * while @context runs the callbacks. Recursive, as the owner's function
   * may stop it from inside a callback. */
  GRecMutex             mutex;
  gboolean              stopped;
  char                 *conninfo;
  GWeakRef              own;        /* SertelDbPg */
  GMainContext         *context;
  SertelDbPgListenFunc  func;
  gpointer              user_data;
  GDestroyNotify        destroy;

  PGconn               *conn;
  gboolean              connected;
  gboolean              ever_connected;
  gboolean              connecting;
  guint                 backoff_ms;
  GSource              *watch;
  GSource              *retry;
  GSource              *coalesce;
};

#define LISTENER_LOCKED(l) g_autoptr(GRecMutexLocker) G_GNUC_UNUSED locker = g_rec_mutex_locker_new (&(l)->mutex)

static SertelDbPgListener *
listener_ref (SertelDbPgListener *l)
{
  g_atomic_ref_count_inc (&l->ref);
  return l;
}

static void
listener_unref (gpointer data)
{
  SertelDbPgListener *l = data;

  if (!g_atomic_ref_count_dec (&l->ref))
    return;
  g_clear_pointer (&l->conn, PQfinish);
  g_free (l->conninfo);
  g_weak_ref_clear (&l->own);
  g_main_context_unref (l->context);
  g_rec_mutex_clear (&l->mutex);
  g_free (l);
}

static void
drop_source (GSource **slot)
{
  if (*slot == NULL)
    return;
  g_source_destroy (*slot);
  g_clear_pointer (slot, g_source_unref);
}

/* Attaches @source to @context with a reference on @l; the caller holds the lock. */
static GSource *
listener_attach (SertelDbPgListener *l, GSource *source, GSourceFunc func)
{
  g_source_set_callback (source, func, listener_ref (l), listener_unref);
  g_source_attach (source, l->context);
  return source;
}

/* Calls the owner's function; the caller holds the lock. */
static void
listener_report (SertelDbPgListener *l, gboolean changed)
{
  if (!l->stopped && l->func)
    l->func (l->user_data, l->connected, changed);
}

static void listener_start_connect (SertelDbPgListener *l);

static gboolean
on_retry (gpointer data)
{
  SertelDbPgListener *l = data;
  LISTENER_LOCKED (l);

  if (l->stopped)
    return G_SOURCE_REMOVE;
  g_clear_pointer (&l->retry, g_source_unref);
  listener_start_connect (l);
  return G_SOURCE_REMOVE;
}

static void
listener_schedule_retry (SertelDbPgListener *l)
{
  if (l->retry != NULL || l->stopped)
    return;
  l->retry = listener_attach (l, g_timeout_source_new (l->backoff_ms), on_retry);
  l->backoff_ms = MIN (l->backoff_ms * 2, BACKOFF_MAX_MS);
}

static void
listener_set_connected (SertelDbPgListener *l, gboolean connected)
{
  if (l->connected == connected)
    return;
  l->connected = connected;
  listener_report (l, FALSE);
}

static void
listener_lost (SertelDbPgListener *l)
{
  drop_source (&l->watch);
  g_clear_pointer (&l->conn, PQfinish);
  listener_set_connected (l, FALSE);
  listener_schedule_retry (l);
}

static gboolean
on_coalesced (gpointer data)
{
  SertelDbPgListener *l = data;
  LISTENER_LOCKED (l);

  if (l->stopped)
    return G_SOURCE_REMOVE;
  g_clear_pointer (&l->coalesce, g_source_unref);
  listener_report (l, TRUE);
  return G_SOURCE_REMOVE;
}

/* A burst of commits (an import, a desk moving many cases) becomes one
 * "changed" a moment later. */
static void
listener_changed (SertelDbPgListener *l)
{
  if (l->coalesce == NULL && !l->stopped)
    l->coalesce = listener_attach (l, g_timeout_source_new (COALESCE_MS), on_coalesced);
}

static gboolean
on_readable (gpointer data)
{
  SertelDbPgListener *l = data;
  LISTENER_LOCKED (l);
  g_autoptr(SertelDbPg) own = NULL;
  int own_pid;
  PGnotify *n;
  gboolean changed = FALSE;

  if (l->stopped || l->conn == NULL)
    return G_SOURCE_REMOVE;
  if (!PQconsumeInput (l->conn) || PQstatus (l->conn) != CONNECTION_OK)
    {
      g_debug ("Lost the listening connection: %s", PQerrorMessage (l->conn));
      listener_lost (l);
      return G_SOURCE_REMOVE;
    }
  own = g_weak_ref_get (&l->own);
  own_pid = own ? sertel_db_pg_get_backend_pid (own) : 0;
  while ((n = PQnotifies (l->conn)) != NULL)
    {
      if (n->be_pid != own_pid)
        changed = TRUE;
      PQfreemem (n);
    }
  if (changed)
    listener_changed (l);
  return G_SOURCE_CONTINUE;
}

#ifdef G_OS_UNIX
static gboolean
on_fd (int fd, GIOCondition condition, gpointer data)
{
  return on_readable (data);
}
#endif

static void
listener_watch (SertelDbPgListener *l)
{
#ifdef G_OS_UNIX
  l->watch = listener_attach (l, g_unix_fd_source_new (PQsocket (l->conn), G_IO_IN | G_IO_HUP | G_IO_ERR),
                              G_SOURCE_FUNC (on_fd));
#else
  /* libpq's socket is non-blocking: reading it on a short timer is portable. */
  l->watch = listener_attach (l, g_timeout_source_new (200), on_readable);
#endif
}

static void
connect_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SertelDbPgListener *l = data;
  GError *error = NULL;
  PGconn *conn = sertel_db_pg_connect (l->conninfo, &error);   /* conninfo never changes */
  PGresult *res;

  if (conn == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  res = PQexec (conn, "LISTEN sertel_changed");
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      g_task_return_new_error (task, SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED, "LISTEN: %s", PQerrorMessage (conn));
      PQclear (res);
      PQfinish (conn);
      return;
    }
  PQclear (res);
  g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
connect_done (GObject *source, GAsyncResult *result, gpointer data)
{
  SertelDbPgListener *l = data;
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);

  {
    LISTENER_LOCKED (l);
    gboolean reconnected = l->ever_connected;

    l->connecting = FALSE;
    if (l->stopped)
      g_clear_pointer (&conn, PQfinish);
    else if (conn == NULL)
      {
        g_debug ("Listening connection failed: %s", error->message);
        listener_set_connected (l, FALSE);
        listener_schedule_retry (l);
      }
    else
      {
        l->conn = conn;
        l->backoff_ms = BACKOFF_MIN_MS;
        l->ever_connected = TRUE;
        listener_watch (l);
        listener_set_connected (l, TRUE);
        /* What was committed while we were away was not heard: look again. */
        if (reconnected)
          listener_changed (l);
      }
  }
  listener_unref (l);
}

static void
listener_start_connect (SertelDbPgListener *l)
{
  g_autoptr(GTask) task = NULL;

  if (l->connecting || l->conn != NULL || l->stopped)
    return;
  l->connecting = TRUE;
  task = g_task_new (NULL, NULL, connect_done, listener_ref (l));
  g_task_set_task_data (task, listener_ref (l), listener_unref);
  g_task_run_in_thread (task, connect_thread);
}

static gboolean
on_start (gpointer data)
{
  SertelDbPgListener *l = data;
  LISTENER_LOCKED (l);

  g_clear_pointer (&l->retry, g_source_unref);
  listener_start_connect (l);
  return G_SOURCE_REMOVE;
}

SertelDbPgListener *
sertel_db_pg_listener_new (const char           *conninfo,
                           SertelDbPg           *own,
                           GMainContext         *context,
                           SertelDbPgListenFunc  func,
                           gpointer              user_data,
                           GDestroyNotify        destroy)
{
  SertelDbPgListener *l = g_new0 (SertelDbPgListener, 1);

  g_atomic_ref_count_init (&l->ref);
  g_rec_mutex_init (&l->mutex);
  l->conninfo = g_strdup (conninfo);
  g_weak_ref_init (&l->own, own);
  l->context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  l->func = func;
  l->user_data = user_data;
  l->destroy = destroy;
  /* The store connected a moment ago, so the server is there. */
  l->connected = TRUE;
  l->backoff_ms = BACKOFF_MIN_MS;

  /* Connecting starts from @context, where everything else happens; until
   * it is iterated nothing connects. */
  {
    LISTENER_LOCKED (l);
    l->retry = listener_attach (l, g_idle_source_new (), on_start);
  }
  return l;
}

void
sertel_db_pg_listener_stop (SertelDbPgListener *l)
{
  gpointer user_data;
  GDestroyNotify destroy;

  if (l == NULL)
    return;

  {
    LISTENER_LOCKED (l);
    l->stopped = TRUE;
    l->func = NULL;
    user_data = g_steal_pointer (&l->user_data);
    destroy = g_steal_pointer (&l->destroy);
    /* Destroying the sources drops their references, so the listening
     * connection closes now rather than at exit. */
    drop_source (&l->watch);
    drop_source (&l->retry);
    drop_source (&l->coalesce);
  }
  if (destroy)
    destroy (user_data);
  listener_unref (l);
}
