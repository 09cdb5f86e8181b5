/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes small valid inputs for the fuzzers into DIR: a letter-like PDF
 * with text, a vector drawing and an embedded JPEG (as a scan wrapped in a
 * PDF is), a PNG with alpha, a JPEG and an EXIF-less grey JPEG. */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

static GdkPixbuf *
make_pixbuf (int      w,
             int      h,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, w, h);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *p = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *px = p + y * stride + x * n;
        px[0] = (guint8) (x * 255 / w);
        px[1] = (guint8) (y * 255 / h);
        px[2] = (guint8) ((x ^ y) & 0xff);
        if (alpha)
          px[3] = (guint8) (x < w / 2 ? 255 : 128);
      }
  return pixbuf;
}

static void
write_or_die (const char  *dir,
              const char  *name,
              const gchar *data,
              gsize        len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) len, &error))
    g_error ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GdkPixbuf) photo = make_pixbuf (40, 30, FALSE);
  g_autoptr(GdkPixbuf) icon = make_pixbuf (16, 16, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL, *png = NULL, *pdf_path = NULL;
  gsize jpeg_len = 0, png_len = 0;
  cairo_surface_t *pdf, *image;
  cairo_t *cr;

  if (argc != 2)
    {
      g_printerr ("Usage: %s DIR\n", argv[0]);
      return 2;
    }
  g_mkdir_with_parents (argv[1], 0755);

  if (!gdk_pixbuf_save_to_buffer (photo, &jpeg, &jpeg_len, "jpeg", &error, "quality", "50", NULL) ||
      !gdk_pixbuf_save_to_buffer (icon, &png, &png_len, "png", &error, NULL))
    g_error ("%s", error->message);
  write_or_die (argv[1], "scan.jpg", jpeg, jpeg_len);
  write_or_die (argv[1], "icon.png", png, png_len);

  /* A PDF page as small as a KTP, with text, lines and the JPEG embedded
   * as DCT data, the way a scanner's PDF carries its picture. */
  pdf_path = g_build_filename (argv[1], "letter.pdf", NULL);
  pdf = cairo_pdf_surface_create (pdf_path, 243, 153);
  cr = cairo_create (pdf);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 10);
  cairo_move_to (cr, 10, 20);
  cairo_show_text (cr, "NIK 8271010101900003");
  cairo_rectangle (cr, 10, 30, 100, 40);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 30);
  cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG, (const guchar *) g_steal_pointer (&jpeg),
                               jpeg_len, g_free, NULL);
  cairo_set_source_surface (cr, image, 150, 40);
  cairo_paint (cr);
  cairo_surface_destroy (image);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  if (cairo_surface_status (pdf) != CAIRO_STATUS_SUCCESS)
    g_error ("cairo: %s", cairo_status_to_string (cairo_surface_status (pdf)));
  cairo_surface_destroy (pdf);
  return 0;
}
