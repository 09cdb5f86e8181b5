/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Letters the office issued, kept as the PDF that was printed: a reprint is
 * the same document, and a letter is never regenerated with a new number. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

/* Stores @pdf as the issued letter of @kind ("rekomendasi") for the request.
 * Only the Kasi or the Verifikator, only once the request has its
 * recommendation number and is at the Verifikator or completed; a second
 * letter of the same kind is refused. Returns the letter's id, 0 on error. */
gint64   sertel_store_issue_letter (SertelStore  *self,
                                    SertelStaff  *actor,
                                    gint64        request_id,
                                    const char   *kind,
                                    GBytes       *pdf,
                                    GError      **error);
/* The bytes stored at issue; SERTEL_STORE_ERROR_NOT_FOUND when none. */
GBytes  *sertel_store_get_letter   (SertelStore  *self,
                                    gint64        request_id,
                                    const char   *kind,
                                    GError      **error);
/* Whether a letter of @kind was issued (and when, UNIX seconds). */
gboolean sertel_store_has_letter   (SertelStore  *self,
                                    gint64        request_id,
                                    const char   *kind,
                                    gboolean     *out_issued,
                                    gint64       *out_issued_at,
                                    GError      **error);

G_END_DECLS
