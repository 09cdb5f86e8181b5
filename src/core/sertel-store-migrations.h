/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sertel-db.h"

G_BEGIN_DECLS

/* The schema version this build writes; a register with a higher one was
 * made by a newer Sertel and is refused untouched. */
int      sertel_store_migrations_latest (void);
gboolean sertel_store_migrate           (SertelDb *db, GError **error);

G_END_DECLS
