/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lembar disposisi: the request letter beside the instructions and a
 * note, forwarded by the Kepala Dinas (to the Kabid) or the Kabid (to the Kasi). */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_DISPOSITION_PAGE (sertel_disposition_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelDispositionPage, sertel_disposition_page, SERTEL, DISPOSITION_PAGE, AdwBin)

GtkWidget  *sertel_disposition_page_new    (SertelStore *store, SertelStaff *actor, gint64 request_id);
/* Reloads the case; what the user typed and ticked stays. */
void        sertel_disposition_page_reload (SertelDispositionPage *self);

/* "Follow up, Coordinate" from "tindak_lanjuti;koordinasikan". */
char       *sertel_disposition_format_instructions (const char *joined);

G_END_DECLS
