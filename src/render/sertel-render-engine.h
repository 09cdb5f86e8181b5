/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The part that touches untrusted bytes: Poppler for PDFs, gdk-pixbuf for
 * JPEG/PNG. Runs only inside sertel-render-helper, never in the app. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "sertel-filetype.h"
#include "sertel-render-protocol.h"

G_BEGIN_DECLS

typedef struct _SertelRenderEngine SertelRenderEngine;

SertelRenderEngine *sertel_render_engine_open        (GBytes              *bytes,
                                                      SertelRenderFailure *failure);
void                sertel_render_engine_free        (SertelRenderEngine  *self);
SertelFileType      sertel_render_engine_get_type    (SertelRenderEngine  *self);
guint               sertel_render_engine_get_n_pages (SertelRenderEngine  *self);
/* In points (1/72 inch); an image pixel counts as a CSS pixel (96 dpi). */
void                sertel_render_engine_get_page_size (SertelRenderEngine *self,
                                                        guint               page,
                                                        double             *width,
                                                        double             *height);
/* An ARGB32 surface of the size sertel_render_fit_size() gives, turned by
 * @rotation (0, 90, 180, 270 clockwise); NULL with @failure set. */
cairo_surface_t    *sertel_render_engine_render      (SertelRenderEngine  *self,
                                                      guint                page,
                                                      double               scale,
                                                      int                  rotation,
                                                      SertelRenderFailure *failure);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelRenderEngine, sertel_render_engine_free)

G_END_DECLS
