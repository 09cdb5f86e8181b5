/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copies a whole register between engines (SQLite file ⇄ PostgreSQL), row by
 * row with the same ids, so the audit chain, letter numbers, attachments and
 * outbox arrive as they were and still verify. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sertel-store-copy.h"
#include "sertel-store-private.h"

/* Parents before children, so each foreign key finds its row. Tables added
 * by later migrations and not named here follow, by name. */
static const char * const table_order[] = {
  "staff", "opd", "request", "applicant", "blob", "attachment", "transition",
  "audit", "audit_head", "letter_counter", "letter", "outbox", "email_check",
};

/* The schema's own bookkeeping: the target has its own, made by the same
 * Sertel when it was opened. */
static gboolean
is_bookkeeping (const char *table)
{
  return g_str_equal (table, "sertel_schema") || g_str_equal (table, "schema_skipped");
}

static gboolean
is_pg (SertelStore *store)
{
  return g_strcmp0 (sertel_db_get_dialect (store->db), "postgresql") == 0;
}

static int
order_of (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (table_order); i++)
    if (g_str_equal (table_order[i], table))
      return (int) i;
  return G_N_ELEMENTS (table_order);
}

static int
compare_tables (gconstpointer a, gconstpointer b)
{
  const char *ta = *(const char * const *) a, *tb = *(const char * const *) b;
  int oa = order_of (ta), ob = order_of (tb);

  return oa != ob ? oa - ob : g_strcmp0 (ta, tb);
}

static gpointer
dup_first (SertelDbStmt *stmt)
{
  return sertel_store_dup_col (stmt, 0);
}

static GPtrArray *
list_tables (SertelStore *store, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) tables = NULL;

  stmt = sertel_db_prepare (store->db,
                            is_pg (store)
                              ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema ()"
                              : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'",
                            error);
  if (stmt == NULL)
    return NULL;
  tables = sertel_store_collect_rows (stmt, dup_first, g_free, error);
  if (tables == NULL)
    return NULL;
  for (guint i = tables->len; i > 0; i--)
    if (is_bookkeeping (g_ptr_array_index (tables, i - 1)))
      g_ptr_array_remove_index (tables, i - 1);
  g_ptr_array_sort (tables, compare_tables);
  return g_steal_pointer (&tables);
}

/* Table names come from the catalog, never from the user; quoting keeps a
 * name such as "request" a plain identifier on both engines. */
static char *
quote_ident (const char *name)
{
  g_autoptr(GString) s = g_string_new ("\"");

  for (const char *p = name; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
target_is_empty (SertelStore *target, GError **error)
{
  static const char * const tables[] = { "staff", "opd", "request", "audit" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", tables[i]);
      g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (target->db, sql, error);

      if (stmt == NULL || sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
        return FALSE;
      if (sertel_db_stmt_int64 (stmt, 0) > 0)
        {
          g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                       _("%s already holds a register (its table %s has rows). Sertel copies only into an "
                         "empty database or a new file, so nothing there is overwritten."),
                       sertel_store_get_server_name (target) ? sertel_store_get_server_name (target)
                                                             : sertel_store_get_path (target),
                       tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Copies one table; returns the number of rows or -1. */
static gint64
copy_table (SertelStore *source, SertelStore *target, const char *table, gboolean *out_has_id, GError **error)
{
  g_autofree char *quoted = quote_ident (table);
  g_autofree char *select = g_strdup_printf ("SELECT * FROM %s", quoted);
  g_autofree char *insert_sql = NULL;
  g_autoptr(SertelDbStmt) rows = NULL;
  SertelDbStep rc;
  gint64 n = 0;
  int n_cols = 0;

  *out_has_id = FALSE;
  rows = sertel_db_prepare (source->db, select, error);
  if (rows == NULL)
    return -1;

  while ((rc = sertel_db_stmt_step (rows, error)) == SERTEL_DB_STEP_ROW)
    {
      g_autoptr(SertelDbStmt) insert = NULL;

      if (insert_sql == NULL)
        {
          g_autoptr(GString) cols = g_string_new (NULL);
          g_autoptr(GString) vals = g_string_new (NULL);

          n_cols = sertel_db_stmt_column_count (rows);
          for (int c = 0; c < n_cols; c++)
            {
              const char *name = sertel_db_stmt_column_name (rows, c);
              g_autofree char *q = quote_ident (name);

              if (g_str_equal (name, "id"))
                *out_has_id = TRUE;
              g_string_append_printf (cols, "%s%s", c ? ", " : "", q);
              g_string_append_printf (vals, "%s$%d", c ? ", " : "", c + 1);
            }
          /* A blob is named by its content: one already there (the empty
           * one a migration may make) is the same bytes. */
          insert_sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)%s", quoted, cols->str, vals->str,
                                        g_str_equal (table, "blob") ? " ON CONFLICT (sha256) DO NOTHING" : "");
        }

      insert = sertel_db_prepare (target->db, insert_sql, error);
      if (insert == NULL)
        return -1;
      for (int c = 0; c < n_cols; c++)
        {
          switch (sertel_db_stmt_column_type (rows, c))
            {
            case SERTEL_DB_TYPE_NULL:
              sertel_db_stmt_bind_null (insert, c + 1);
              break;
            case SERTEL_DB_TYPE_INT:
              sertel_db_stmt_bind_int64 (insert, c + 1, sertel_db_stmt_int64 (rows, c));
              break;
            case SERTEL_DB_TYPE_BLOB:
              {
                gsize len = 0;
                gconstpointer data = sertel_db_stmt_blob (rows, c, &len);
                sertel_db_stmt_bind_blob (insert, c + 1, data, len);
              }
              break;
            case SERTEL_DB_TYPE_TEXT:
            default:
              sertel_db_stmt_bind_text (insert, c + 1, sertel_db_stmt_text (rows, c));
              break;
            }
        }
      if (sertel_store_run (insert, error) < 0)
        return -1;
      n++;
    }
  return rc == SERTEL_DB_STEP_ERROR ? -1 : n;
}

/* New rows on PostgreSQL take their ids from a sequence, which knows nothing
 * of the ids copied in: move it past them. */
static gboolean
advance_identity (SertelStore *target, const char *table, GError **error)
{
  g_autofree char *quoted = quote_ident (table);
  g_autofree char *sql = g_strdup_printf ("SELECT setval (pg_get_serial_sequence ($1, 'id'),"
                                          " (SELECT COALESCE (MAX(id), 0) + 1 FROM %s), false)"
                                          " WHERE pg_get_serial_sequence ($1, 'id') IS NOT NULL", quoted);
  g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (target->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_text (stmt, 1, quoted);
  return sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ERROR;
}

gboolean
sertel_store_copy_into (SertelStore        *source,
                        SertelStore        *target,
                        SertelCopyProgress  progress,
                        gpointer            user_data,
                        GError            **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (source), FALSE);
  g_return_val_if_fail (SERTEL_IS_STORE (target), FALSE);
  g_return_val_if_fail (source != target, FALSE);

  g_rec_mutex_lock (&source->lock);
  g_rec_mutex_lock (&target->lock);

  /* One snapshot of the source, one transaction on the target: the copy is
   * whole or not there at all. */
  if (!sertel_db_begin (source->db, FALSE, &local_error))
    goto out;
  if (!sertel_db_begin (target->db, TRUE, &local_error))
    {
      sertel_db_rollback (source->db);
      goto out;
    }
  if (!target_is_empty (target, &local_error))
    goto fail;
  if (!is_pg (target) && !sertel_db_exec (target->db, "PRAGMA defer_foreign_keys = ON", &local_error))
    goto fail;

  tables = list_tables (source, &local_error);
  if (tables == NULL)
    goto fail;
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      gboolean has_id = FALSE;
      gint64 n = copy_table (source, target, table, &has_id, &local_error);

      if (n < 0)
        goto fail;
      if (has_id && is_pg (target) && !advance_identity (target, table, &local_error))
        goto fail;
      if (progress)
        progress (table, n, user_data);
    }

  sertel_db_rollback (source->db);
  if (!sertel_db_commit (target->db, &local_error))
    goto fail;
  goto out;

fail:
  sertel_db_rollback (target->db);
  sertel_db_rollback (source->db);

out:
  g_rec_mutex_unlock (&target->lock);
  g_rec_mutex_unlock (&source->lock);
  if (local_error != NULL)
    {
      if (local_error->domain == SERTEL_STORE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                     _("The register could not be copied; nothing was written to the target: %s"),
                     local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sertel_store_copy_to_new_file (SertelStore        *self,
                               const char         *dest_path,
                               SertelCopyProgress  progress,
                               gpointer            user_data,
                               GError            **error)
{
  g_autoptr(SertelStore) target = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists. Choose a new file name for the copy."), dest_path);
      return FALSE;
    }
  target = sertel_store_open (dest_path, error);
  if (target == NULL)
    return FALSE;
  if (!sertel_store_copy_into (self, target, progress, user_data, &local_error))
    {
      /* Nothing half-made is left behind. */
      static const char * const suffixes[] = { "", "-wal", "-shm" };

      g_clear_object (&target);
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *f = g_strconcat (dest_path, suffixes[i], NULL);
          g_remove (f);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
