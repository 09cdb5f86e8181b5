/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sertel-db.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_DB_SQLITE (sertel_db_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (SertelDbSqlite, sertel_db_sqlite, SERTEL, DB_SQLITE, SertelDb)

/* Opens (creating when missing, readable by the user only) a SQLite file. */
SertelDb *sertel_db_sqlite_open (const char *path, GError **error);

/* Opens a file read-only, for checking a file before it is restored. */
SertelDb *sertel_db_sqlite_open_readonly (const char *path, GError **error);

const char *sertel_db_sqlite_get_path (SertelDbSqlite *self);

G_END_DECLS
