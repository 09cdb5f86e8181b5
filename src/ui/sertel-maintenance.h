/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Housekeeping while the register is open, off the main thread: the retention
 * rule once at start, and the daily backup (at start and then whenever a day
 * has passed). The outcome of each backup is kept in the settings
 * backup-last-time / backup-last-error, which Preferences shows. */
#pragma once

#include <gio/gio.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_MAINTENANCE (sertel_maintenance_get_type ())
G_DECLARE_FINAL_TYPE (SertelMaintenance, sertel_maintenance, SERTEL, MAINTENANCE, GObject)

/* @settings: the app's GSettings; NULL makes one. */
SertelMaintenance *sertel_maintenance_new    (SertelStore *store, GSettings *settings);
/* Runs the retention rule and a backup if one is due, then checks hourly. */
void               sertel_maintenance_start  (SertelMaintenance *self);

/* One backup into the folder from the settings, now (@force) or only when
 * due; the outcome is recorded in the settings either way. */
void               sertel_maintenance_backup_async  (SertelStore         *store,
                                                     GSettings           *settings,
                                                     gboolean             force,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The new file, or NULL when none was due (not an error). */
char              *sertel_maintenance_backup_finish (GAsyncResult  *result,
                                                     GError       **error);

G_END_DECLS
