/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An attachment opened the way the viewer's helper process opens it
 * (src/render/sertel-render-engine.c: Poppler for PDF, gdk-pixbuf for
 * JPEG/PNG), with every page (up to a few) rendered as a thumbnail and at a
 * rotated view scale. Built twice, as fuzz-pdf and fuzz-image, so each
 * keeps its own corpus. */
#include "config.h"

#include <math.h>

#include "sertel-render-engine.h"
#include "sertel-fuzz.h"

#define MAX_PAGES        3
#define THUMBNAIL_WIDTH  120.0   /* pixels across a sidebar thumbnail */

static const char * const failure_names[] = {
  "none", "empty", "not a document", "image unsupported", "encrypted", "damaged",
  "no memory", "bad request",
};
G_STATIC_ASSERT (G_N_ELEMENTS (failure_names) == SERTEL_RENDER_N_FAILURES);

static void
render_one (SertelRenderEngine *engine,
            guint               page,
            double              scale,
            int                 rotation)
{
  double w, h;
  int sw, sh;
  SertelRenderFailure failure = SERTEL_RENDER_FAILURE_NONE;
  cairo_surface_t *surface = sertel_render_engine_render (engine, page, scale, rotation, &failure);

  if (surface == NULL)
    {
      /* Only "not enough memory" may stop a page of a document that opened. */
      g_assert_cmpint (failure, ==, SERTEL_RENDER_FAILURE_NO_MEMORY);
      return;
    }
  g_assert_cmpint (failure, ==, SERTEL_RENDER_FAILURE_NONE);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);

  /* Exactly the size the app will expect from the helper, or it refuses it. */
  sertel_render_engine_get_page_size (engine, page, &w, &h);
  sertel_render_fit_size (w, h, scale, &sw, &sh);
  if (rotation == 90 || rotation == 270)
    {
      int t = sw;
      sw = sh;
      sh = t;
    }
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, sw);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, sh);
  g_assert_cmpint (cairo_image_surface_get_width (surface), <=, SERTEL_RENDER_MAX_SIDE);
  g_assert_cmpint (cairo_image_surface_get_height (surface), <=, SERTEL_RENDER_MAX_SIDE);
  g_assert_cmpint (cairo_image_surface_get_stride (surface), ==,
                   sertel_render_stride (cairo_image_surface_get_width (surface)));
  cairo_surface_destroy (surface);
}

static void
render_pages (SertelRenderEngine *engine,
              int                 rotation)
{
  guint n = sertel_render_engine_get_n_pages (engine);

  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, SERTEL_RENDER_MAX_PAGES);
  for (guint page = 0; page < MIN (n, MAX_PAGES); page++)
    {
      double w = 0, h = 0;

      sertel_render_engine_get_page_size (engine, page, &w, &h);
      g_assert_true (isfinite (w) && isfinite (h) && w > 0 && h > 0);

      render_one (engine, page, THUMBNAIL_WIDTH / w, 0);
      /* A view scale that goes through the caps on huge pages. */
      render_one (engine, page, 0.5, rotation);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(SertelRenderEngine) engine = NULL;
  SertelRenderFailure failure = SERTEL_RENDER_FAILURE_NONE;

  engine = sertel_render_engine_open (bytes, &failure);
  if (engine == NULL)
    {
      g_assert_cmpint (failure, >, SERTEL_RENDER_FAILURE_NONE);
      g_assert_cmpint (failure, <, SERTEL_RENDER_N_FAILURES);
      sertel_fuzz_report ("refused: %s", failure_names[failure]);
    }
  else
    {
      double w, h;

      g_assert_cmpint (failure, ==, SERTEL_RENDER_FAILURE_NONE);
      render_pages (engine, (int) (size % 4) * 90);
      sertel_render_engine_get_page_size (engine, 0, &w, &h);
      sertel_fuzz_report ("opened: %s, %u pages, first %.1f x %.1f pt",
                          sertel_filetype_mime (sertel_render_engine_get_type (engine)),
                          sertel_render_engine_get_n_pages (engine), w, h);
    }
  return 0;
}
