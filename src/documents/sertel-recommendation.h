/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Surat Rekomendasi (output of SOP step 3): a surat dinas to BSrE with
 * its lampiran listing the applicants. Always in Indonesian. */
#pragma once

#include "sertel-letter-layout.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_RECOMMENDATION_KIND "rekomendasi"

/* @applicants: SertelApplicant*; @date: the letter's date (the issue day).
 * The number printed is the request's recommendation-number. */
SertelLetterDoc *sertel_recommendation_new            (const SertelLetterSettings *settings,
                                                      SertelRequest              *request,
                                                      GPtrArray                  *applicants,
                                                      GDateTime                  *date);
/* Loads the request and its applicants; refuses a request without a
 * reserved recommendation number. */
SertelLetterDoc *sertel_recommendation_new_from_store (SertelStore                *store,
                                                      gint64                      request_id,
                                                      const SertelLetterSettings *settings,
                                                      GDateTime                  *date,
                                                      GError                    **error);
guint           sertel_recommendation_n_pages        (SertelLetterDoc *doc);
void            sertel_recommendation_draw_page      (SertelLetterDoc *doc, cairo_t *cr, guint page);
/* The number of lampiran pages (counted in the letter's "Lampiran" line). */
guint           sertel_recommendation_n_lampiran_pages (SertelLetterDoc *doc);
/* Where column @column (0 No, 1 Nama, 2 NIP, 3 NIK, 4 Jabatan, 5 Unit Kerja,
 * 6 E-mail) of the lampiran table lies on the page: left edge and width in
 * points. For tests and viewers that read a column back. */
double          sertel_recommendation_lampiran_column  (SertelLetterDoc *doc, guint column, double *width);

/* Renders the letter dated today (the store's clock) and issues it: the PDF
 * is stored with the request and returned. Slow: call it off the main thread. */
GBytes         *sertel_recommendation_issue          (SertelStore                *store,
                                                      SertelStaff                *actor,
                                                      gint64                      request_id,
                                                      const SertelLetterSettings *settings,
                                                      GError                    **error);

G_END_DECLS
