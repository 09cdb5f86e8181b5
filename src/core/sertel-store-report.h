/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The numbers of the laporan kegiatan, the dashboard and the exports. Part
 * of the store: the SQL lives in sertel-store-report.c.
 *
 * What each number counts, for a period [from, to):
 * - received: requests whose received_at lies in the period, and their
 *   applicants;
 * - recommended: requests the Kasi assigned to a Verifikator in the period
 *   (the step that reserves the Surat Rekomendasi number), and their
 *   applicants;
 * - issued / rejected: applicants marked so in the period (rejections grouped
 *   by the reason written);
 * - returned: requests sent back to the OPD in the period;
 * - open: requests received in the period that are neither completed nor
 *   returned now, and their applicants;
 * - SOP time: for the requests received in the period, the office time of
 *   each step as sertel_workflow_compute_sla() counts it. A step is measured
 *   once it is finished, or while it runs once it is already late; within
 *   the limit means not overdue.
 * Per OPD the same received / open (by received_at) and issued / rejected (by
 * the time of marking) numbers. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_REPORT_MONTHS    12
/* The list of open cases in a report is cut here (most overdue first); the
 * totals still count every one. */
#define SERTEL_REPORT_MAX_CASES 500

typedef struct {
  char  *reason;
  guint  count;
} SertelReportReason;

typedef struct {
  char  *opd;
  guint  requests_received;
  guint  applicants_received;
  guint  applicants_issued;
  guint  applicants_rejected;
  guint  requests_open;
} SertelReportOpd;

typedef struct {
  guint  measured;       /* steps finished, or running and already late */
  guint  within;         /* of those, within the SOP limit */
  gint64 median;         /* seconds; 0 when none measured */
  gint64 slowest;
} SertelReportStep;

typedef struct {
  gint64  request_id;
  char   *letter_number;
  char   *opd;
  gint64  received_at;
  int     state;         /* SertelRequestState */
  int     step;          /* SertelStep whose clock runs, or -1 (waiting on BSrE) */
  gint64  in_step;       /* office seconds in that step */
  gboolean overdue;
} SertelReportCase;

typedef struct {
  gint64 from;
  gint64 to;
  gint64 made_at;

  guint  requests_received;
  guint  applicants_received;
  guint  requests_recommended;
  guint  applicants_recommended;
  guint  applicants_issued;
  guint  applicants_rejected;
  guint  requests_returned;
  guint  requests_open;
  guint  applicants_open;
  guint  requests_overdue;     /* of the open ones, late in their current step */

  GPtrArray *rejections;       /* SertelReportReason*, most frequent first */
  GPtrArray *opds;             /* SertelReportOpd*, most requests first */
  SertelReportStep steps[SERTEL_N_STEPS];
  GPtrArray *open_cases;       /* SertelReportCase*, overdue first, longest in step first; at most MAX_CASES */

  /* The 12 months ending with the month that holds @to - 1 (oldest first). */
  gint64 month_start[SERTEL_REPORT_MONTHS + 1];
  guint  month_requests[SERTEL_REPORT_MONTHS];
  guint  month_issued[SERTEL_REPORT_MONTHS];
} SertelReport;

void          sertel_report_free              (SertelReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelReport, sertel_report_free)

/* Local-time bounds of whole days: @from_iso and @to_iso ("YYYY-MM-DD") are
 * both included. */
gboolean      sertel_report_parse_period      (const char *from_iso, const char *to_iso,
                                               gint64 *out_from, gint64 *out_to, GError **error);
/* The local month / year holding @t, as [from, to). */
void          sertel_report_month_of          (gint64 t, gint64 *out_from, gint64 *out_to);
void          sertel_report_year_of           (gint64 t, gint64 *out_from, gint64 *out_to);
/* Fills month_start (12 local months ending with the one holding @t). */
void          sertel_report_months_ending     (gint64 t, gint64 out_start[SERTEL_REPORT_MONTHS + 1]);

/* Everything above for [@from, @to). Counts only: no personal data. */
SertelReport *sertel_store_report             (SertelStore *self, gint64 from, gint64 to, GError **error);

/* Requests received and applicants issued per month, for the 12 months
 * ending with the one holding @t (the dashboard's chart). */
gboolean      sertel_store_report_monthly     (SertelStore *self, gint64 t,
                                               gint64 out_start[SERTEL_REPORT_MONTHS + 1],
                                               guint out_requests[SERTEL_REPORT_MONTHS],
                                               guint out_issued[SERTEL_REPORT_MONTHS],
                                               GError **error);

/* SOP compliance per step for the requests received in [@from, @to). */
gboolean      sertel_store_report_compliance  (SertelStore *self, gint64 from, gint64 to,
                                               SertelReportStep out_steps[SERTEL_N_STEPS],
                                               GError **error);

/* ------------------------------------------------------------------------- */
/* Rows for the exports of the register (personal data: the caller records
 * the export with sertel_store_record_export()). */

typedef enum {
  SERTEL_EXPORT_TEXT = 0,
  SERTEL_EXPORT_NUMBER,     /* an integer */
  SERTEL_EXPORT_DATE,       /* "YYYY-MM-DD" */
  SERTEL_EXPORT_DATETIME,   /* UNIX seconds */
  SERTEL_EXPORT_ID_NUMBER,  /* digits that must stay text: NIK, NIP, phone */
} SertelExportType;

typedef enum {
  SERTEL_EXPORT_REQUESTS = 0,
  SERTEL_EXPORT_APPLICANTS,
} SertelExportKind;

typedef struct {
  const char       *title;      /* header cell (Indonesian, like the letters) */
  SertelExportType  type;
  double            width;      /* spreadsheet column width, in characters */
} SertelExportColumn;

const SertelExportColumn *sertel_export_columns (SertelExportKind kind, guint *n_columns);

/* One row: text[i] for TEXT, DATE and ID_NUMBER columns (NULL when empty),
 * number[i] for NUMBER and DATETIME columns. Valid during the call only. */
typedef gboolean (*SertelExportRowFunc) (const char * const *text, const gint64 *number,
                                         gpointer user_data, GError **error);

/* Calls @func for every row of @kind: the requests received in [@from, @to)
 * — or, when @request_ids is non-NULL, those requests (gint64) — oldest
 * first. Holds the store's lock throughout; stops at the first FALSE.
 * @out_rows: how many rows were passed. */
gboolean      sertel_store_export_rows        (SertelStore *self, SertelExportKind kind,
                                               gint64 from, gint64 to, GArray *request_ids,
                                               SertelExportRowFunc func, gpointer user_data,
                                               guint *out_rows, GError **error);

G_END_DECLS
