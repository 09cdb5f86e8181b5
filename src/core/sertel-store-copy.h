/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Moving a register between engines: sertel-cli migrate-to-postgresql and
 * migrate-to-sqlite, and the backup of a register kept on a server. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

typedef void (*SertelCopyProgress) (const char *table, gint64 rows, gpointer user_data);

/* Copies every row of @source into @target (both opened, so at the same
 * schema) with their ids, in one transaction on @target: all or nothing.
 * Refuses a @target that already holds staff, OPDs, requests or audit rows. */
gboolean sertel_store_copy_into        (SertelStore        *source,
                                        SertelStore        *target,
                                        SertelCopyProgress  progress,
                                        gpointer            user_data,
                                        GError            **error);

/* Copies @self into a new SQLite file (which must not exist yet). */
gboolean sertel_store_copy_to_new_file (SertelStore        *self,
                                        const char         *dest_path,
                                        SertelCopyProgress  progress,
                                        gpointer            user_data,
                                        GError            **error);

G_END_DECLS
