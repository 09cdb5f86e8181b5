/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A thin connection interface under the store. The store writes its SQL once,
 * with $1, $2… placeholders; each driver (SQLite now, PostgreSQL later) binds
 * and steps it. Only the store may use this. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SERTEL_DB_ERROR (sertel_db_error_quark ())

typedef enum {
  SERTEL_DB_ERROR_OPEN,
  SERTEL_DB_ERROR_NEWER_SCHEMA,
  SERTEL_DB_ERROR_BUSY,
  SERTEL_DB_ERROR_CONSTRAINT,
  SERTEL_DB_ERROR_CORRUPT,
  SERTEL_DB_ERROR_FAILED,
  SERTEL_DB_ERROR_UNREACHABLE,  /* the server is gone; nothing was applied */
  SERTEL_DB_ERROR_DENIED,       /* the database refused this login the change */
} SertelDbError;

/* What a column holds in this row, for code that copies rows it does not
 * know (the copy between engines). */
typedef enum {
  SERTEL_DB_TYPE_NULL,
  SERTEL_DB_TYPE_INT,
  SERTEL_DB_TYPE_TEXT,
  SERTEL_DB_TYPE_BLOB,
} SertelDbType;

typedef enum {
  SERTEL_DB_STEP_ERROR = -1,
  SERTEL_DB_STEP_DONE = 0,
  SERTEL_DB_STEP_ROW = 1,
} SertelDbStep;

typedef struct _SertelDbStmt SertelDbStmt;

typedef struct {
  void         (*bind_null)      (SertelDbStmt *stmt, int index);
  void         (*bind_int64)     (SertelDbStmt *stmt, int index, gint64 value);
  void         (*bind_text)      (SertelDbStmt *stmt, int index, const char *value);
  void         (*bind_blob)      (SertelDbStmt *stmt, int index, gconstpointer data, gsize len);
  SertelDbStep (*step)           (SertelDbStmt *stmt, GError **error);
  gboolean     (*column_is_null) (SertelDbStmt *stmt, int col);
  gint64       (*column_int64)   (SertelDbStmt *stmt, int col);
  const char  *(*column_text)    (SertelDbStmt *stmt, int col);
  gconstpointer(*column_blob)    (SertelDbStmt *stmt, int col, gsize *len);
  gint64       (*changes)        (SertelDbStmt *stmt);
  void         (*release)        (SertelDbStmt *stmt);
  int          (*column_count)   (SertelDbStmt *stmt);
  const char  *(*column_name)    (SertelDbStmt *stmt, int col);
  SertelDbType (*column_type)    (SertelDbStmt *stmt, int col);
} SertelDbStmtVTable;

struct _SertelDbStmt {
  const SertelDbStmtVTable *vtable;
};

#define SERTEL_TYPE_DB (sertel_db_get_type ())
G_DECLARE_DERIVABLE_TYPE (SertelDb, sertel_db, SERTEL, DB, GObject)

struct _SertelDbClass
{
  GObjectClass parent_class;

  const char   *dialect;   /* "sqlite" or "postgresql": migrations may differ */

  gboolean      (*exec)                (SertelDb *self, const char *sql, GError **error);
  SertelDbStmt *(*prepare)             (SertelDb *self, const char *sql, GError **error);
  gboolean      (*begin)               (SertelDb *self, gboolean write, GError **error);
  gboolean      (*commit)              (SertelDb *self, GError **error);
  void          (*rollback)            (SertelDb *self);
  int           (*get_schema_version)  (SertelDb *self, GError **error);
  gboolean      (*set_schema_version)  (SertelDb *self, int version, GError **error);
  gboolean      (*backup)              (SertelDb *self, const char *dest_path, GError **error);
  gboolean      (*integrity_check)     (SertelDb *self, char **report, GError **error);
};

GQuark        sertel_db_error_quark       (void);
const char   *sertel_db_get_dialect       (SertelDb *self);
gboolean      sertel_db_exec              (SertelDb *self, const char *sql, GError **error);
SertelDbStmt *sertel_db_prepare           (SertelDb *self, const char *sql, GError **error);
gboolean      sertel_db_begin             (SertelDb *self, gboolean write, GError **error);
gboolean      sertel_db_commit            (SertelDb *self, GError **error);
void          sertel_db_rollback          (SertelDb *self);
int           sertel_db_get_schema_version(SertelDb *self, GError **error);
gboolean      sertel_db_set_schema_version(SertelDb *self, int version, GError **error);
gboolean      sertel_db_backup            (SertelDb *self, const char *dest_path, GError **error);
gboolean      sertel_db_integrity_check   (SertelDb *self, char **report, GError **error);

/* Statement helpers; indexes are 1-based like $1. */
static inline void sertel_db_stmt_bind_null  (SertelDbStmt *s, int i)                { s->vtable->bind_null (s, i); }
static inline void sertel_db_stmt_bind_int64 (SertelDbStmt *s, int i, gint64 v)      { s->vtable->bind_int64 (s, i, v); }
static inline void sertel_db_stmt_bind_text  (SertelDbStmt *s, int i, const char *v) { if (v) s->vtable->bind_text (s, i, v); else s->vtable->bind_null (s, i); }
static inline void sertel_db_stmt_bind_blob  (SertelDbStmt *s, int i, gconstpointer d, gsize n) { s->vtable->bind_blob (s, i, d, n); }
static inline SertelDbStep sertel_db_stmt_step (SertelDbStmt *s, GError **e)         { return s->vtable->step (s, e); }
static inline gboolean sertel_db_stmt_is_null (SertelDbStmt *s, int c)               { return s->vtable->column_is_null (s, c); }
static inline gint64 sertel_db_stmt_int64    (SertelDbStmt *s, int c)                { return s->vtable->column_int64 (s, c); }
static inline const char *sertel_db_stmt_text (SertelDbStmt *s, int c)               { return s->vtable->column_text (s, c); }
static inline gconstpointer sertel_db_stmt_blob (SertelDbStmt *s, int c, gsize *n)   { return s->vtable->column_blob (s, c, n); }
static inline gint64 sertel_db_stmt_changes  (SertelDbStmt *s)                       { return s->vtable->changes (s); }
static inline void sertel_db_stmt_release    (SertelDbStmt *s)                       { if (s) s->vtable->release (s); }
static inline int sertel_db_stmt_column_count (SertelDbStmt *s)                      { return s->vtable->column_count (s); }
static inline const char *sertel_db_stmt_column_name (SertelDbStmt *s, int c)        { return s->vtable->column_name (s, c); }
static inline SertelDbType sertel_db_stmt_column_type (SertelDbStmt *s, int c)       { return s->vtable->column_type (s, c); }

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelDbStmt, sertel_db_stmt_release)

G_END_DECLS
