/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>

#include "sertel-document.h"

G_DEFINE_QUARK (sertel-document-error-quark, sertel_document_error)

/* Images are decoded once, at most this big: a phone photo of a KTP or a
 * 600 dpi scan is kept downscaled instead of as hundreds of megabytes. */
#define IMAGE_MAX_SIDE   6000
#define IMAGE_MAX_PIXELS (24 * 1000 * 1000)

struct _SertelDocument
{
  GObject          parent_instance;

  GBytes          *bytes;
  SertelFileType   type;
  char            *checksum;

  /* PopplerDocument is not safe for concurrent use: every call after
   * loading goes through this lock. */
  GMutex           lock;
  PopplerDocument *pdf;
  cairo_surface_t *image;   /* decoded once, premultiplied */

  guint            n_pages;
  double          *sizes;   /* width, height per page, in points */
};

G_DEFINE_FINAL_TYPE (SertelDocument, sertel_document, G_TYPE_OBJECT)

static void
sertel_document_finalize (GObject *object)
{
  SertelDocument *self = SERTEL_DOCUMENT (object);

  g_clear_object (&self->pdf);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->checksum, g_free);
  g_clear_pointer (&self->sizes, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sertel_document_parent_class)->finalize (object);
}

static void
sertel_document_class_init (SertelDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sertel_document_finalize;
}

static void
sertel_document_init (SertelDocument *self)
{
  g_mutex_init (&self->lock);
}

static void
damaged (GError **error)
{
  g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_DAMAGED,
                       _("The file is damaged and cannot be shown."));
}

static gboolean
load_pdf (SertelDocument *self,
          GError        **error)
{
  g_autoptr(GError) local = NULL;

  self->pdf = poppler_document_new_from_bytes (self->bytes, NULL, &local);
  if (self->pdf == NULL)
    {
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_ENCRYPTED,
                             _("This PDF is protected with a password, so it cannot be shown."));
      else
        damaged (error);
      g_debug ("Poppler could not open the PDF: %s", local ? local->message : "?");
      return FALSE;
    }

  self->n_pages = (guint) MAX (poppler_document_get_n_pages (self->pdf), 0);
  if (self->n_pages == 0)
    {
      damaged (error);
      return FALSE;
    }

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
      if (!(w >= 1 && h >= 1) || !isfinite (w) || !isfinite (h))
        w = 595, h = 842;
      self->sizes[2 * i] = w;
      self->sizes[2 * i + 1] = h;
    }
  return TRUE;
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SertelDocument *self = user_data;
  double shrink = 1.0;

  /* The page keeps the image's real size; only the pixels are reduced. */
  self->sizes[0] = width * 0.75;
  self->sizes[1] = height * 0.75;
  if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE)
    shrink = MIN ((double) IMAGE_MAX_SIDE / width, (double) IMAGE_MAX_SIDE / height);
  if ((double) width * height * shrink * shrink > IMAGE_MAX_PIXELS)
    shrink = sqrt ((double) IMAGE_MAX_PIXELS / ((double) width * height));
  if (shrink < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * shrink)), MAX (1, (int) (height * shrink)));
}

/* gdk_cairo_set_source_pixbuf lives in GDK: convert by hand, once, to keep
 * this file GTK-free. */
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

static gboolean
load_image (SertelDocument *self,
            GError        **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GdkPixbuf *pixbuf;
  const char *mime = sertel_filetype_mime (self->type);
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);

  loader = gdk_pixbuf_loader_new_with_mime_type (mime, &local);
  if (loader == NULL)
    {
      g_set_error (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_UNSUPPORTED,
                   _("Images of this kind cannot be shown on this computer."));
      return FALSE;
    }
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
      damaged (error);
      return FALSE;
    }

  /* Phone photos carry their orientation in EXIF. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  self->image = pixbuf_to_surface (oriented);
  if (self->image == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("There is not enough memory to show this page."));
      return FALSE;
    }
  if (gdk_pixbuf_get_width (oriented) != gdk_pixbuf_get_width (pixbuf))
    {
      double w = self->sizes[0];

      self->sizes[0] = self->sizes[1];
      self->sizes[1] = w;
    }
  return TRUE;
}

SertelDocument *
sertel_document_new_from_bytes (GBytes        *bytes,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(SertelDocument) self = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_EMPTY,
                           _("The file is empty."));
      return NULL;
    }

  self = g_object_new (SERTEL_TYPE_DOCUMENT, NULL);
  self->bytes = g_bytes_ref (bytes);
  /* The content decides, never the name. */
  self->type = sertel_filetype_detect (data, len);
  self->checksum = sertel_sha256_hex (data, len);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  switch (self->type)
    {
    case SERTEL_FILE_TYPE_PDF:
      if (!load_pdf (self, error))
        return NULL;
      break;
    case SERTEL_FILE_TYPE_JPEG:
    case SERTEL_FILE_TYPE_PNG:
      if (!load_image (self, error))
        return NULL;
      break;
    case SERTEL_FILE_TYPE_UNKNOWN:
    default:
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_UNSUPPORTED,
                           _("This file is not a PDF, JPEG or PNG image."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

SertelFileType
sertel_document_get_file_type (SertelDocument *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), SERTEL_FILE_TYPE_UNKNOWN);
  return self->type;
}

GBytes *
sertel_document_get_bytes (SertelDocument *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), NULL);
  return self->bytes;
}

const char *
sertel_document_get_checksum (SertelDocument *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), NULL);
  return self->checksum;
}

guint
sertel_document_get_n_pages (SertelDocument *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), 0);
  return self->n_pages;
}

void
sertel_document_get_page_size (SertelDocument *self,
                               guint           page,
                               double         *width,
                               double         *height)
{
  g_return_if_fail (SERTEL_IS_DOCUMENT (self));
  g_return_if_fail (page < self->n_pages);

  if (width)
    *width = self->sizes[2 * page];
  if (height)
    *height = self->sizes[2 * page + 1];
}

/* Draws the unrotated page at @scale into @cr; the caller holds the lock. */
static void
draw_page_locked (SertelDocument *self,
                  guint           page,
                  cairo_t        *cr,
                  double          scale,
                  gboolean        printing)
{
  if (self->pdf != NULL)
    {
      PopplerPage *p = poppler_document_get_page (self->pdf, (int) page);

      if (p == NULL)
        return;
      cairo_scale (cr, scale, scale);
      if (printing)
        poppler_page_render_for_printing (p, cr);
      else
        poppler_page_render (p, cr);
      g_object_unref (p);
    }
  else if (self->image != NULL)
    {
      int w = cairo_image_surface_get_width (self->image);
      int h = cairo_image_surface_get_height (self->image);

      cairo_scale (cr, self->sizes[0] * scale / w, self->sizes[1] * scale / h);
      cairo_set_source_surface (cr, self->image, 0, 0);
      /* Downscaling a scan: GOOD filters, BEST is much slower for little gain. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_rectangle (cr, 0, 0, w, h);
      cairo_fill (cr);
    }
}

cairo_surface_t *
sertel_document_render (SertelDocument *self,
                        guint           page,
                        double          scale,
                        int             rotation,
                        GCancellable   *cancellable,
                        GError        **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double pw, ph, w, h;
  int sw, sh;

  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (page < self->n_pages, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  rotation = ((rotation % 360) + 360) % 360 / 90 * 90;
  pw = self->sizes[2 * page];
  ph = self->sizes[2 * page + 1];

  /* Cap the surface instead of allocating gigabytes for a huge page. */
  w = pw * scale;
  h = ph * scale;
  if (w > SERTEL_DOCUMENT_MAX_SIDE || h > SERTEL_DOCUMENT_MAX_SIDE)
    scale *= MIN (SERTEL_DOCUMENT_MAX_SIDE / w, SERTEL_DOCUMENT_MAX_SIDE / h);
  if (pw * scale * ph * scale > SERTEL_DOCUMENT_MAX_PIXELS)
    scale = sqrt (SERTEL_DOCUMENT_MAX_PIXELS / (pw * ph));
  sw = MAX (1, (int) ceil (pw * scale - 0.01));
  sh = MAX (1, (int) ceil (ph * scale - 0.01));
  sw = MIN (sw, SERTEL_DOCUMENT_MAX_SIDE);
  sh = MIN (sh, SERTEL_DOCUMENT_MAX_SIDE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (rotation == 90 || rotation == 270)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sh, sw);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sw, sh);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("There is not enough memory to show this page."));
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

  g_mutex_lock (&self->lock);
  draw_page_locked (self, page, cr, scale, FALSE);
  g_mutex_unlock (&self->lock);

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

void
sertel_document_draw_fitted (SertelDocument *self,
                             guint           page,
                             cairo_t        *cr,
                             double          width,
                             double          height)
{
  double pw, ph, scale;

  g_return_if_fail (SERTEL_IS_DOCUMENT (self));
  g_return_if_fail (page < self->n_pages);

  pw = self->sizes[2 * page];
  ph = self->sizes[2 * page + 1];
  scale = MIN (width / pw, height / ph);

  cairo_save (cr);
  cairo_translate (cr, (width - pw * scale) / 2, (height - ph * scale) / 2);
  g_mutex_lock (&self->lock);
  draw_page_locked (self, page, cr, scale, TRUE);
  g_mutex_unlock (&self->lock);
  cairo_restore (cr);
}
