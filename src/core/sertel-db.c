/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-db.h"

G_DEFINE_QUARK (sertel-db-error-quark, sertel_db_error)

G_DEFINE_ABSTRACT_TYPE (SertelDb, sertel_db, G_TYPE_OBJECT)

static void
sertel_db_class_init (SertelDbClass *klass)
{
}

static void
sertel_db_init (SertelDb *self)
{
}

const char *
sertel_db_get_dialect (SertelDb *self)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), NULL);
  return SERTEL_DB_GET_CLASS (self)->dialect;
}

gboolean
sertel_db_exec (SertelDb *self, const char *sql, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), FALSE);
  return SERTEL_DB_GET_CLASS (self)->exec (self, sql, error);
}

SertelDbStmt *
sertel_db_prepare (SertelDb *self, const char *sql, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), NULL);
  return SERTEL_DB_GET_CLASS (self)->prepare (self, sql, error);
}

gboolean
sertel_db_begin (SertelDb *self, gboolean write, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), FALSE);
  return SERTEL_DB_GET_CLASS (self)->begin (self, write, error);
}

gboolean
sertel_db_commit (SertelDb *self, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), FALSE);
  return SERTEL_DB_GET_CLASS (self)->commit (self, error);
}

void
sertel_db_rollback (SertelDb *self)
{
  g_return_if_fail (SERTEL_IS_DB (self));
  SERTEL_DB_GET_CLASS (self)->rollback (self);
}

int
sertel_db_get_schema_version (SertelDb *self, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), -1);
  return SERTEL_DB_GET_CLASS (self)->get_schema_version (self, error);
}

gboolean
sertel_db_set_schema_version (SertelDb *self, int version, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), FALSE);
  return SERTEL_DB_GET_CLASS (self)->set_schema_version (self, version, error);
}

gboolean
sertel_db_backup (SertelDb *self, const char *dest_path, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), FALSE);
  return SERTEL_DB_GET_CLASS (self)->backup (self, dest_path, error);
}

gboolean
sertel_db_integrity_check (SertelDb *self, char **report, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_DB (self), FALSE);
  return SERTEL_DB_GET_CLASS (self)->integrity_check (self, report, error);
}
