/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The laporan kegiatan for the Kepala Dinas (the end of the SOP): totals,
 * rejections by reason, per OPD, SOP time per step, the monthly chart and
 * the open and overdue cases, with the signatory block. Counts only: no
 * personal data. Always in Indonesian, like the letters. */
#pragma once

#include "sertel-letter-layout.h"
#include "sertel-store-report.h"

G_BEGIN_DECLS

#define SERTEL_REPORT_TITLE "LAPORAN KEGIATAN PENDAFTARAN DAN PENERBITAN SERTIFIKAT ELEKTRONIK"

/* Takes @report (transfer full). */
SertelLetterDoc *sertel_report_doc_new            (const SertelLetterSettings *settings,
                                                   SertelReport               *report);
/* Computes the report for [@from, @to) and lays it out. */
SertelLetterDoc *sertel_report_doc_new_from_store (SertelStore                *store,
                                                   gint64                      from,
                                                   gint64                      to,
                                                   const SertelLetterSettings *settings,
                                                   GError                    **error);

/* Indonesian words used in the report (and the exports' sheet names). */
char            *sertel_report_format_period      (gint64 from, gint64 to);   /* "1 Maret 2026 s.d. 31 Maret 2026" */
char            *sertel_report_format_duration    (gint64 seconds);           /* "1 jam 05 menit" */
char            *sertel_report_format_count       (guint n);                  /* "100.000" */
const char      *sertel_report_step_name          (SertelStep step);          /* "Disposisi Kepala Dinas" */

G_END_DECLS
