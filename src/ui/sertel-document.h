/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A document to look at: a PDF (through poppler-glib) or a JPEG/PNG image,
 * with a thread-safe render call. GTK-free: cairo, Poppler and gdk-pixbuf. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "sertel-filetype.h"

G_BEGIN_DECLS

#define SERTEL_DOCUMENT_ERROR (sertel_document_error_quark ())

typedef enum {
  SERTEL_DOCUMENT_ERROR_EMPTY,
  SERTEL_DOCUMENT_ERROR_UNSUPPORTED,
  SERTEL_DOCUMENT_ERROR_ENCRYPTED,
  SERTEL_DOCUMENT_ERROR_DAMAGED,
} SertelDocumentError;

/* Never make a surface larger than this: a 600 dpi A3 scan is shown downscaled. */
#define SERTEL_DOCUMENT_MAX_SIDE   4096
#define SERTEL_DOCUMENT_MAX_PIXELS (32 * 1024 * 1024)

#define SERTEL_TYPE_DOCUMENT (sertel_document_get_type ())
G_DECLARE_FINAL_TYPE (SertelDocument, sertel_document, SERTEL, DOCUMENT, GObject)

GQuark           sertel_document_error_quark    (void);

SertelDocument  *sertel_document_new_from_bytes (GBytes         *bytes,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
SertelFileType   sertel_document_get_file_type  (SertelDocument *self);
GBytes          *sertel_document_get_bytes      (SertelDocument *self);
const char      *sertel_document_get_checksum   (SertelDocument *self);
guint            sertel_document_get_n_pages    (SertelDocument *self);
/* In points (1/72 inch); an image pixel counts as a CSS pixel (96 dpi). */
void             sertel_document_get_page_size  (SertelDocument *self,
                                                 guint           page,
                                                 double         *width,
                                                 double         *height);
/* Safe from any thread. @scale is device pixels per point, @rotation one of
 * 0, 90, 180, 270 (clockwise). The surface is ARGB32, capped to the limits
 * above (then smaller than asked). */
cairo_surface_t *sertel_document_render         (SertelDocument *self,
                                                 guint           page,
                                                 double          scale,
                                                 int             rotation,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
/* Draws @page fitted and centred into a @width × @height box of @cr (printing). */
void             sertel_document_draw_fitted    (SertelDocument *self,
                                                 guint           page,
                                                 cairo_t        *cr,
                                                 double          width,
                                                 double          height);

G_END_DECLS
