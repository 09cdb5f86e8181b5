/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The register over time: the retention rule that removes the scans of cases
 * closed long ago, and the daily backups kept for a number of days. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

/* What a retention run removed (or, dry, would remove). */
typedef struct {
  GArray *request_ids;     /* gint64, the cases whose scans went */
  guint   n_attachments;
  guint   n_files;         /* stored contents no longer used by anything */
  gint64  bytes;           /* their size */
} SertelPurgeReport;

void      sertel_purge_report_clear       (SertelPurgeReport *report);

/* Removes the attachments (KTP, SK and letter scans) of the requests that were
 * completed more than @years years ago by the store's clock; the issued
 * letters and the audit trail stay. Each case gets one audit entry; the
 * attachment rows stay, marked with the time. @years 0 keeps everything. */
gboolean  sertel_store_purge_expired      (SertelStore       *self,
                                           guint              years,
                                           gboolean           dry_run,
                                           SertelPurgeReport *out_report,
                                           GError           **error);

/* Checks a register file without changing it: that it is an SQLite file, a
 * Sertel register of a schema this version reads, intact, with an unbroken
 * audit trail. The message says which of these failed. */
gboolean  sertel_store_check_file         (const char *path, GError **error);

/* Backups written by the schedule are named sertel-backup-YYYYMMDDTHHMMSSZ.db
 * (UTC); rotation touches only files so named. By default they go into
 * "backups" beside the register (for the usual register, sertel/backups in
 * the user data folder). */
char     *sertel_store_default_backup_folder (SertelStore *self);
/* The time of the newest scheduled backup in @folder (UNIX seconds), 0 if none. */
gint64    sertel_backup_newest            (const char *folder, char **out_path);

/* Writes a new backup into @folder when @force or at least a day has passed
 * since the newest one, checks it, then removes the scheduled backups older
 * than @keep_days days (never the newest). @folder NULL or "" is the default
 * folder. @out_path receives the new file, or NULL when none was due. */
gboolean  sertel_store_scheduled_backup   (SertelStore  *self,
                                           const char   *folder,
                                           guint         keep_days,
                                           gboolean      force,
                                           char        **out_path,
                                           guint        *out_removed,
                                           GError      **error);

G_END_DECLS
