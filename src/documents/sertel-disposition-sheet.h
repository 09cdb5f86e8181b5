/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lembar disposisi of a request: the incoming letter's data and the
 * Kepala Dinas' and the Kabid's instructions and notes, on one page. A
 * request not yet disposed prints with empty boxes, to fill in by hand. */
#pragma once

#include "sertel-letter-layout.h"
#include "sertel-store.h"

G_BEGIN_DECLS

/* @transitions: SertelTransitionRecord* of the request, oldest first. */
SertelLetterDoc *sertel_disposition_sheet_new            (const SertelLetterSettings *settings,
                                                         SertelRequest              *request,
                                                         GPtrArray                  *transitions);
SertelLetterDoc *sertel_disposition_sheet_new_from_store (SertelStore                *store,
                                                         gint64                      request_id,
                                                         const SertelLetterSettings *settings,
                                                         GError                    **error);
guint           sertel_disposition_sheet_n_pages        (SertelLetterDoc *doc);
void            sertel_disposition_sheet_draw_page      (SertelLetterDoc *doc, cairo_t *cr, guint page);

/* The instruction keys and their words: sertel_disposition_instructions()
 * in sertel-workflow.h. */

G_END_DECLS
