/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <poppler.h>

#include "sertel-render-engine.h"

/* Images are decoded once, at most this big: a phone photo of a KTP or a
 * 600 dpi scan is kept downscaled instead of as hundreds of megabytes. */
#define IMAGE_MAX_SIDE   6000
#define IMAGE_MAX_PIXELS (24 * 1000 * 1000)
/* What a header may claim. Above it the image is refused before decoding:
 * gdk-pixbuf allocates (nearly) the full size first, so a 325-byte JPEG
 * claiming 64516 × 61368 pixels (found by tests/fuzz) cost 350 MB and
 * seconds. An A4 page scanned at 1200 dpi is 140 MP. */
#define IMAGE_MAX_DECLARED_PIXELS (150.0 * 1000 * 1000)

struct _SertelRenderEngine
{
  GBytes          *bytes;
  SertelFileType   type;
  PopplerDocument *pdf;
  cairo_surface_t *image;   /* decoded once, premultiplied */
  guint            n_pages;
  double          *sizes;   /* width, height per page, in points */
  gboolean         too_big; /* the image claims more than IMAGE_MAX_DECLARED_PIXELS */
};

void
sertel_render_engine_free (SertelRenderEngine *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->pdf);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_free);
  g_free (self);
}

static SertelRenderFailure
load_pdf (SertelRenderEngine *self)
{
  g_autoptr(GError) local = NULL;

  self->pdf = poppler_document_new_from_bytes (self->bytes, NULL, &local);
  if (self->pdf == NULL)
    {
      g_debug ("Poppler could not open the PDF: %s", local ? local->message : "?");
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        return SERTEL_RENDER_FAILURE_ENCRYPTED;
      return SERTEL_RENDER_FAILURE_DAMAGED;
    }

  self->n_pages = (guint) CLAMP (poppler_document_get_n_pages (self->pdf), 0, SERTEL_RENDER_MAX_PAGES);
  if (self->n_pages == 0)
    return SERTEL_RENDER_FAILURE_DAMAGED;

  self->sizes = g_new0 (double, 2 * self->n_pages);
  for (guint i = 0; i < self->n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (self->pdf, (int) i);
      double w = 0, h = 0;

      if (page != NULL)
        {
          poppler_page_get_size (page, &w, &h);
          g_object_unref (page);
        }
      /* A page without a sane size still gets a place in the scroll. */
      if (!(w >= 1 && h >= 1) || !isfinite (w) || !isfinite (h) || w > 1e6 || h > 1e6)
        w = 595, h = 842;
      self->sizes[2 * i] = w;
      self->sizes[2 * i + 1] = h;
    }
  return SERTEL_RENDER_FAILURE_NONE;
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SertelRenderEngine *self = user_data;
  double shrink = 1.0;

  /* The page keeps the image's real size; only the pixels are reduced. */
  self->sizes[0] = MAX (width, 1) * 0.75;
  self->sizes[1] = MAX (height, 1) * 0.75;
  if ((double) width * height > IMAGE_MAX_DECLARED_PIXELS)
    {
      /* A size of 0 makes the loader stop with an error. */
      self->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE)
    shrink = MIN ((double) IMAGE_MAX_SIDE / width, (double) IMAGE_MAX_SIDE / height);
  if ((double) width * height * shrink * shrink > IMAGE_MAX_PIXELS)
    shrink = sqrt ((double) IMAGE_MAX_PIXELS / ((double) width * height));
  if (shrink < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * shrink)), MAX (1, (int) (height * shrink)));
}

/* gdk_cairo_set_source_pixbuf lives in GDK: convert by hand, once. */
static cairo_surface_t *
pixbuf_to_surface (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface;
  guint8 *dst;
  int dstride;

  surface = cairo_image_surface_create (alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  dst = cairo_image_surface_get_data (surface);
  dstride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize) y * stride;
      guint32 *d = (guint32 *) (gpointer) (dst + (gsize) y * dstride);

      for (int x = 0; x < w; x++, s += n)
        {
          guint a = alpha ? s[3] : 255;
          guint r = (s[0] * a + 127) / 255, g = (s[1] * a + 127) / 255, b = (s[2] * a + 127) / 255;

          d[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static SertelRenderFailure
load_image (SertelRenderEngine *self)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GdkPixbuf *pixbuf;
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);

  loader = gdk_pixbuf_loader_new_with_mime_type (sertel_filetype_mime (self->type), &local);
  if (loader == NULL)
    return SERTEL_RENDER_FAILURE_IMAGE_UNSUPPORTED;
  self->n_pages = 1;
  self->sizes = g_new0 (double, 2);
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), self);
  if (!gdk_pixbuf_loader_write (loader, data, len, &local) ||
      !gdk_pixbuf_loader_close (loader, &local) ||
      (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
    {
      g_debug ("gdk-pixbuf could not read the image: %s", local ? local->message : "?");
      if (local == NULL)
        gdk_pixbuf_loader_close (loader, NULL);
      return self->too_big ? SERTEL_RENDER_FAILURE_NO_MEMORY : SERTEL_RENDER_FAILURE_DAMAGED;
    }

  /* Phone photos carry their orientation in EXIF. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  self->image = pixbuf_to_surface (oriented);
  if (self->image == NULL)
    return SERTEL_RENDER_FAILURE_NO_MEMORY;
  if (gdk_pixbuf_get_width (oriented) != gdk_pixbuf_get_width (pixbuf))
    {
      double w = self->sizes[0];

      self->sizes[0] = self->sizes[1];
      self->sizes[1] = w;
    }
  return SERTEL_RENDER_FAILURE_NONE;
}

SertelRenderEngine *
sertel_render_engine_open (GBytes              *bytes,
                           SertelRenderFailure *failure)
{
  g_autoptr(SertelRenderEngine) self = g_new0 (SertelRenderEngine, 1);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  *failure = SERTEL_RENDER_FAILURE_NONE;
  if (len == 0)
    {
      *failure = SERTEL_RENDER_FAILURE_EMPTY;
      return NULL;
    }
  self->bytes = g_bytes_ref (bytes);
  /* The content decides, never the name. */
  self->type = sertel_filetype_detect (data, len);
  switch (self->type)
    {
    case SERTEL_FILE_TYPE_PDF:
      *failure = load_pdf (self);
      break;
    case SERTEL_FILE_TYPE_JPEG:
    case SERTEL_FILE_TYPE_PNG:
      *failure = load_image (self);
      break;
    case SERTEL_FILE_TYPE_UNKNOWN:
    default:
      *failure = SERTEL_RENDER_FAILURE_NOT_A_DOCUMENT;
      break;
    }
  if (*failure != SERTEL_RENDER_FAILURE_NONE)
    return NULL;
  return g_steal_pointer (&self);
}

SertelFileType
sertel_render_engine_get_type (SertelRenderEngine *self)
{
  return self->type;
}

guint
sertel_render_engine_get_n_pages (SertelRenderEngine *self)
{
  return self->n_pages;
}

void
sertel_render_engine_get_page_size (SertelRenderEngine *self,
                                    guint               page,
                                    double             *width,
                                    double             *height)
{
  g_return_if_fail (page < self->n_pages);
  *width = self->sizes[2 * page];
  *height = self->sizes[2 * page + 1];
}

cairo_surface_t *
sertel_render_engine_render (SertelRenderEngine  *self,
                             guint                page,
                             double               scale,
                             int                  rotation,
                             SertelRenderFailure *failure)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double pw, ph;
  int sw, sh;

  *failure = SERTEL_RENDER_FAILURE_NONE;
  if (page >= self->n_pages || !(scale > 0) || !isfinite (scale))
    {
      *failure = SERTEL_RENDER_FAILURE_BAD_REQUEST;
      return NULL;
    }
  rotation = sertel_render_normalize_rotation (rotation);
  pw = self->sizes[2 * page];
  ph = self->sizes[2 * page + 1];
  scale = sertel_render_fit_size (pw, ph, scale, &sw, &sh);

  if (rotation == 90 || rotation == 270)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sh, sw);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sw, sh);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      *failure = SERTEL_RENDER_FAILURE_NO_MEMORY;
      return NULL;
    }

  cr = cairo_create (surface);
  /* Paper is white, whatever the PDF leaves transparent. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  switch (rotation)
    {
    case 90:
      cairo_translate (cr, sh, 0);
      break;
    case 180:
      cairo_translate (cr, sw, sh);
      break;
    case 270:
      cairo_translate (cr, 0, sw);
      break;
    default:
      break;
    }
  cairo_rotate (cr, rotation * G_PI / 180.0);

  if (self->pdf != NULL)
    {
      PopplerPage *p = poppler_document_get_page (self->pdf, (int) page);

      if (p != NULL)
        {
          cairo_scale (cr, scale, scale);
          poppler_page_render (p, cr);
          g_object_unref (p);
        }
    }
  else if (self->image != NULL)
    {
      int w = cairo_image_surface_get_width (self->image);
      int h = cairo_image_surface_get_height (self->image);

      cairo_scale (cr, pw * scale / w, ph * scale / h);
      cairo_set_source_surface (cr, self->image, 0, 0);
      /* Downscaling a scan: GOOD filters, BEST is much slower for little gain. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_rectangle (cr, 0, 0, w, h);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}
