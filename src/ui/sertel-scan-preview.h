/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page 1 of a stored PDF, or a PNG/JPEG scan, as a thumbnail with an "Open"
 * button for the full document viewer (win.open-attachment). */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_SCAN_PREVIEW (sertel_scan_preview_get_type ())
G_DECLARE_FINAL_TYPE (SertelScanPreview, sertel_scan_preview, SERTEL, SCAN_PREVIEW, AdwBin)

GtkWidget *sertel_scan_preview_new           (void);
/* Reads and renders the attachment off the main thread; @attachment_id 0
 * shows @missing_text (or a default sentence). */
void       sertel_scan_preview_load          (SertelScanPreview *self,
                                              SertelStore       *store,
                                              gint64             attachment_id,
                                              const char        *missing_text);
void       sertel_scan_preview_set_show_open (SertelScanPreview *self,
                                              gboolean           show);
/* The member of staff looking; a KTP scan is shown only to one, on record. */
void       sertel_scan_preview_set_actor     (SertelScanPreview *self,
                                              SertelStaff       *actor);
/* TRUE once a picture is shown (for tests). */
gboolean   sertel_scan_preview_has_picture   (SertelScanPreview *self);

G_END_DECLS
