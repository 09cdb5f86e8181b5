/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exports of the register — requests and applicants of a period, or of a
 * search — to CSV and XLSX (libxlsxwriter: typed columns, dates as dates,
 * the header row frozen, column widths set, NIK/NIP/phone as text so a
 * spreadsheet keeps every digit). Personal data: each export needs an
 * actor with a staff role and is written to the audit before the file. */
#pragma once

#include "sertel-store-report.h"

G_BEGIN_DECLS

#define SERTEL_EXPORT_ERROR (sertel_export_error_quark ())

typedef enum {
  SERTEL_EXPORT_ERROR_WRITE,
} SertelExportError;

GQuark   sertel_export_error_quark (void);

/* What to export: the requests received in [from, to), or, when
 * request_ids (gint64) is set, those requests (e.g. a search's result). */
typedef struct {
  gint64  from;
  gint64  to;
  GArray *request_ids;
} SertelExportScope;

/* Called now and then with the rows written so far; may be NULL. Runs on
 * the exporting thread. */
typedef void (*SertelExportProgress) (guint rows, gpointer user_data);

/* A workbook with two sheets: "Pemohon" (sheet 1) and "Permohonan". */
gboolean sertel_export_xlsx (SertelStore *store, SertelStaff *actor, const SertelExportScope *scope,
                             const char *path, SertelExportProgress progress, gpointer user_data,
                             guint *out_rows, GError **error);
/* One table as UTF-8 CSV with a header row; dates as YYYY-MM-DD and
 * YYYY-MM-DD HH:MM; @separator ',' or ';'. */
gboolean sertel_export_csv  (SertelStore *store, SertelStaff *actor, const SertelExportScope *scope,
                             SertelExportKind kind, char separator, const char *path,
                             guint *out_rows, GError **error);

G_END_DECLS
