/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A document to look at: a PDF or a JPEG/PNG image, parsed and drawn by
 * its own sertel-render-helper process (one per open document), so that a
 * file which crashes or hangs Poppler or an image decoder costs this one
 * document, not the app. Thread-safe; GTK-free: GIO and cairo. */
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
  /* The helper process failed: the file cannot be shown at all. */
  SERTEL_DOCUMENT_ERROR_CRASHED,
  SERTEL_DOCUMENT_ERROR_HUNG,
  SERTEL_DOCUMENT_ERROR_GARBAGE,
  SERTEL_DOCUMENT_ERROR_NO_READER,
} SertelDocumentError;

/* Never make a surface larger than this: a 600 dpi A3 scan is shown downscaled. */
#define SERTEL_DOCUMENT_MAX_SIDE   4096
#define SERTEL_DOCUMENT_MAX_PIXELS (32 * 1024 * 1024)

/* How long the helper may take before it is stopped. */
#define SERTEL_DOCUMENT_OPEN_TIMEOUT_MS   20000
#define SERTEL_DOCUMENT_RENDER_TIMEOUT_MS 10000

#define SERTEL_TYPE_DOCUMENT (sertel_document_get_type ())
G_DECLARE_FINAL_TYPE (SertelDocument, sertel_document, SERTEL, DOCUMENT, GObject)

GQuark           sertel_document_error_quark    (void);
/* TRUE for the errors after which the document shows nothing more. */
gboolean         sertel_document_error_is_fatal (const GError   *error);

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
/* Draws @page fitted and centred into a @width × @height box of @cr
 * (printing), as a picture of at least 300 dpi drawn by the helper. */
gboolean         sertel_document_draw_fitted    (SertelDocument *self,
                                                 guint           page,
                                                 cairo_t        *cr,
                                                 double          width,
                                                 double          height,
                                                 GError        **error);
/* Starts a helper to wait for the next document, unless one waits: call
 * when a document is likely to be opened soon. */
void             sertel_document_prepare_helper (void);
/* For the containment tests: helpers started from now on get
 * SERTEL_RENDER_HELPER_TEST=@mode ("crash", "hang", "garbage", each
 * optionally with "-open"), or none for NULL. Not the process environment:
 * setenv () is unsafe once threads run. */
void             sertel_document_set_helper_test_mode (const char *mode);
/* The helper's process id as a string, for tests; NULL when none runs. */
char            *sertel_document_dup_helper_id  (SertelDocument *self);

G_END_DECLS
