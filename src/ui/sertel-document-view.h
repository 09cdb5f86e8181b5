/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shows a PDF or a JPEG/PNG scan: all pages in one scroll, thumbnails, zoom,
 * rotation (remembered per document), rendered off the main thread. */
#pragma once

#include <adwaita.h>

#include "sertel-document.h"
#include "sertel-render-cache.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_DOCUMENT_VIEW (sertel_document_view_get_type ())
G_DECLARE_FINAL_TYPE (SertelDocumentView, sertel_document_view, SERTEL, DOCUMENT_VIEW, AdwBin)

SertelDocumentView *sertel_document_view_new              (void);
void                sertel_document_view_load_bytes       (SertelDocumentView *self,
                                                           GBytes             *bytes,
                                                           const char         *title);
void                sertel_document_view_load_file        (SertelDocumentView *self,
                                                           GFile              *file);
void                sertel_document_view_clear            (SertelDocumentView *self);

const char         *sertel_document_view_get_title        (SertelDocumentView *self);
/* NULL until loaded (and after an error). */
SertelDocument     *sertel_document_view_get_document     (SertelDocumentView *self);
gboolean            sertel_document_view_is_loading       (SertelDocumentView *self);
/* Why the file cannot be shown, or NULL. */
const GError       *sertel_document_view_get_error        (SertelDocumentView *self);

guint               sertel_document_view_get_n_pages      (SertelDocumentView *self);
guint               sertel_document_view_get_current_page (SertelDocumentView *self);
void                sertel_document_view_go_to_page       (SertelDocumentView *self,
                                                           guint               page);
double              sertel_document_view_get_zoom         (SertelDocumentView *self);
void                sertel_document_view_set_zoom         (SertelDocumentView *self,
                                                           double              zoom);
int                 sertel_document_view_get_rotation     (SertelDocumentView *self);
void                sertel_document_view_set_rotation     (SertelDocumentView *self,
                                                           int                 rotation);

/* For tests and the benchmark: what a page shows now (or NULL), and the cache. */
GdkTexture         *sertel_document_view_get_page_texture (SertelDocumentView *self,
                                                           guint               page);
GdkTexture         *sertel_document_view_get_thumbnail_texture (SertelDocumentView *self,
                                                                guint               page);
SertelRenderCache  *sertel_document_view_get_cache        (SertelDocumentView *self);

G_END_DECLS
