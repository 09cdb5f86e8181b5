/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders pages of a SertelDocument on a worker thread, most urgent first,
 * and keeps the results as textures in a byte-bounded LRU cache. */
#pragma once

#include <gtk/gtk.h>

#include "sertel-document.h"

G_BEGIN_DECLS

typedef enum {
  SERTEL_RENDER_PRIORITY_VISIBLE,     /* on screen now */
  SERTEL_RENDER_PRIORITY_THUMBNAIL,   /* a thumbnail on screen */
  SERTEL_RENDER_PRIORITY_NEIGHBOUR,   /* likely next: preloaded */
} SertelRenderPriority;

#define SERTEL_RENDER_CACHE_DEFAULT_BYTES (64 * 1024 * 1024)

/* Each texture carries its pixels as a cairo image surface under this key
 * (same memory): GTK 4.8's cairo renderer converts a texture through floats
 * on every frame, drawing the surface directly is many times faster. */
#define SERTEL_RENDER_CACHE_SURFACE_KEY "sertel-render-cache-surface"

#define SERTEL_TYPE_RENDER_CACHE (sertel_render_cache_get_type ())
G_DECLARE_FINAL_TYPE (SertelRenderCache, sertel_render_cache, SERTEL, RENDER_CACHE, GObject)

SertelRenderCache *sertel_render_cache_new          (SertelDocument       *document,
                                                     gsize                 max_bytes);
SertelDocument    *sertel_render_cache_get_document (SertelRenderCache    *self);
/* A cached texture for @page at @width device pixels (after rotation), or
 * NULL. Transfer none; marks it recently used. */
GdkTexture        *sertel_render_cache_lookup       (SertelRenderCache    *self,
                                                     guint                 page,
                                                     int                   rotation,
                                                     int                   width);
/* Queues a render unless it is cached or already queued; "rendered" is
 * emitted on the main thread when it is done, "failed" (page, GError) when
 * the page could not be drawn. */
void               sertel_render_cache_request      (SertelRenderCache    *self,
                                                     guint                 page,
                                                     int                   rotation,
                                                     int                   width,
                                                     double                scale,
                                                     SertelRenderPriority  priority);
/* Between begin and end, the caller requests all it still wants: any
 * queued render not requested again is cancelled (scrolled away). */
void               sertel_render_cache_begin        (SertelRenderCache    *self);
void               sertel_render_cache_end          (SertelRenderCache    *self);
void               sertel_render_cache_cancel_all   (SertelRenderCache    *self);

void               sertel_render_cache_set_max_bytes (SertelRenderCache   *self,
                                                      gsize                max_bytes);
gsize              sertel_render_cache_get_bytes    (SertelRenderCache    *self);
/* Counters, for tests and the benchmark. */
guint              sertel_render_cache_get_hits     (SertelRenderCache    *self);
guint              sertel_render_cache_get_renders  (SertelRenderCache    *self);
guint              sertel_render_cache_get_cancelled (SertelRenderCache   *self);

G_END_DECLS
