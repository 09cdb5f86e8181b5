/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document viewer: real PDFs made here with cairo-pdf and real images,
 * rendered through the widget; pixels checked at known places; broken files
 * must give a sentence, not a crash. */
#include "config.h"

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <signal.h>
#endif

#include "sertel-document-view.h"
#include "sertel-test-ui.h"
#include "sertel-viewer-window.h"

#include "sertel-test-ui.c"

#define PAGE_W 300.0
#define PAGE_H 400.0

/* Page i has one rectangle near its top left: red, green, blue. */
static const double page_colours[3][3] = { { 1, 0, 0 }, { 0, 0.8, 0 }, { 0, 0, 1 } };

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (guint  n_pages,
          double width,
          double height)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, array, width, height);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      const double *c = page_colours[i % 3];

      cairo_set_source_rgb (cr, c[0], c[1], c[2]);
      /* The top-left quarter: x 10–40 %, y 10–40 %. */
      cairo_rectangle (cr, width * 0.1, height * 0.1, width * 0.3, height * 0.3);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

static GdkPixbuf *
make_pixbuf (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 100);
  cairo_t *cr = cairo_create (surface);
  GdkPixbuf *pixbuf;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_rectangle (cr, 20, 10, 60, 40);   /* the left half, top */
  cairo_fill (cr);
  cairo_destroy (cr);
  pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, 200, 100);
  cairo_surface_destroy (surface);
  return pixbuf;
}

static GBytes *
make_image (const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf ();
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize len = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

/* ------------------------------------------------------------------ */

typedef struct { guint8 r, g, b; } Rgb;

static Rgb
pixel_at (GdkTexture *texture,
          double      fx,
          double      fy)
{
  int w = gdk_texture_get_width (texture);
  int h = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) w * h * 4);
  int x = CLAMP ((int) (fx * w), 0, w - 1);
  int y = CLAMP ((int) (fy * h), 0, h - 1);
  guint32 px;

  gdk_texture_download (texture, data, (gsize) w * 4);
  memcpy (&px, data + ((gsize) y * w + x) * 4, 4);
  /* Native-endian ARGB, like cairo. */
  return (Rgb) { (px >> 16) & 0xFF, (px >> 8) & 0xFF, px & 0xFF };
}

static void
assert_colour (GdkTexture   *texture,
               double        fx,
               double        fy,
               const double *rgb)
{
  Rgb p = pixel_at (texture, fx, fy);

  g_assert_cmpint (ABS ((int) p.r - (int) (rgb[0] * 255)), <=, 40);
  g_assert_cmpint (ABS ((int) p.g - (int) (rgb[1] * 255)), <=, 40);
  g_assert_cmpint (ABS ((int) p.b - (int) (rgb[2] * 255)), <=, 40);
}

static const double white[3] = { 1, 1, 1 };

#define WAIT_UNTIL(cond) G_STMT_START {                                     \
  gint64 end_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;              \
  while (!(cond) && g_get_monotonic_time () < end_)                         \
    if (!g_main_context_iteration (NULL, FALSE))                            \
      g_usleep (1000);                                                      \
  g_assert_true (cond);                                                     \
} G_STMT_END

static GtkWidget *
view_window (SertelDocumentView **view)
{
  GtkWidget *window = gtk_window_new ();

  *view = sertel_document_view_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*view));
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  return window;
}

static GdkTexture *
wait_texture (SertelDocumentView *view,
              guint               page)
{
  WAIT_UNTIL (sertel_document_view_get_page_texture (view, page) != NULL);
  return sertel_document_view_get_page_texture (view, page);
}

/* A texture of the width the page now has on screen (not a stretched one). */
static GdkTexture *
wait_sharp_texture (SertelDocumentView *view,
                    guint               page,
                    int                 width)
{
  WAIT_UNTIL (sertel_document_view_get_page_texture (view, page) != NULL &&
              ABS (gdk_texture_get_width (sertel_document_view_get_page_texture (view, page)) - width) <= 2);
  return sertel_document_view_get_page_texture (view, page);
}

static void
test_pdf_pages (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3, PAGE_W, PAGE_H);
  SertelDocumentView *view;
  GtkWidget *window = view_window (&view);
  GdkTexture *texture;
  int width;

  sertel_document_view_load_bytes (view, pdf, "three.pdf");
  WAIT_UNTIL (sertel_document_view_get_document (view) != NULL);
  g_assert_cmpuint (sertel_document_view_get_n_pages (view), ==, 3);
  g_assert_null (sertel_document_view_get_error (view));

  texture = wait_texture (view, 0);
  width = gdk_texture_get_width (texture);
  /* Fit width, rendered at the surface scale. */
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (ABS (gdk_texture_get_height (texture) * 3 - width * 4), <=, 8);
  assert_colour (texture, 0.25, 0.25, page_colours[0]);
  assert_colour (texture, 0.75, 0.75, white);
  assert_colour (texture, 0.25, 0.75, white);

  /* The last page: through the real action, as End would. */
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.last-page", NULL);
  texture = wait_texture (view, 2);
  assert_colour (texture, 0.25, 0.25, page_colours[2]);
  WAIT_UNTIL (sertel_document_view_get_current_page (view) == 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.previous-page", NULL);
  texture = wait_texture (view, 1);
  assert_colour (texture, 0.25, 0.25, page_colours[1]);

  /* Thumbnails come too, small. */
  WAIT_UNTIL (sertel_document_view_get_thumbnail_texture (view, 0) != NULL);
  g_assert_cmpint (gdk_texture_get_width (sertel_document_view_get_thumbnail_texture (view, 0)), <, 200);
  assert_colour (sertel_document_view_get_thumbnail_texture (view, 0), 0.25, 0.25, page_colours[0]);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_zoom_rotate_cache (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3, PAGE_W, PAGE_H);
  SertelDocumentView *view;
  GtkWidget *window = view_window (&view);
  SertelRenderCache *cache;
  GdkTexture *texture, *first;
  int width, sf = gtk_widget_get_scale_factor (window);
  guint hits, renders;

  sertel_document_view_load_bytes (view, pdf, "three.pdf");
  first = wait_texture (view, 0);
  width = gdk_texture_get_width (first);

  /* Opens at 100 % here (the window is wide enough to fit more). */
  g_assert_cmpfloat_with_epsilon (sertel_document_view_get_zoom (view), 1.0, 0.001);
  g_assert_cmpint (ABS (width - (int) (PAGE_W * 96 / 72 * sf + 0.5)), <=, 1);

  /* Zoom out: a smaller texture, rendered anew. */
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.zoom-out", NULL);
  texture = wait_sharp_texture (view, 0, (int) (width / 1.2 + 0.5));
  g_assert_cmpint (gdk_texture_get_width (texture), <, width);
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.zoom-fit-width", NULL);
  WAIT_UNTIL (sertel_document_view_get_zoom (view) > 1.1);
  texture = wait_sharp_texture (view, 0, (int) (width * sertel_document_view_get_zoom (view) + 0.5));
  g_assert_cmpint (gdk_texture_get_width (texture), >, width);

  /* Back to 100 % (Ctrl+0): served from the cache, the very same texture. */
  cache = sertel_document_view_get_cache (view);
  /* Neighbours still rendering at this zoom would count below: let them land. */
  do
    {
      renders = sertel_render_cache_get_renders (cache);
      sertel_test_ui_iterate (300);
    }
  while (renders != sertel_render_cache_get_renders (cache));
  hits = sertel_render_cache_get_hits (cache);
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.zoom-reset", NULL);
  WAIT_UNTIL (sertel_document_view_get_page_texture (view, 0) == first);
  g_assert_cmpuint (sertel_render_cache_get_hits (cache), >, hits);
  g_assert_cmpuint (sertel_render_cache_get_renders (cache), ==, renders);
  g_assert_cmpuint (sertel_render_cache_get_bytes (cache), <=, SERTEL_RENDER_CACHE_DEFAULT_BYTES);

  /* Rotate right: the page lies on its side and the rectangle that was top
   * left is now top right. */
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.rotate-right", NULL);
  g_assert_cmpint (sertel_document_view_get_rotation (view), ==, 90);
  texture = wait_texture (view, 0);
  g_assert_cmpint (gdk_texture_get_width (texture), >, gdk_texture_get_height (texture));
  assert_colour (texture, 0.75, 0.25, page_colours[0]);
  assert_colour (texture, 0.25, 0.25, white);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Remembered for this document (by content), not for others. */
  window = view_window (&view);
  sertel_document_view_load_bytes (view, pdf, "again.pdf");
  WAIT_UNTIL (sertel_document_view_get_document (view) != NULL);
  g_assert_cmpint (sertel_document_view_get_rotation (view), ==, 90);
  texture = wait_texture (view, 0);
  assert_colour (texture, 0.75, 0.25, page_colours[0]);
  gtk_widget_activate_action (GTK_WIDGET (view), "viewer.rotate-left", NULL);
  g_assert_cmpint (sertel_document_view_get_rotation (view), ==, 0);
  {
    g_autoptr(GBytes) other = make_pdf (2, PAGE_W, PAGE_H);

    sertel_document_view_load_bytes (view, other, "other.pdf");
    WAIT_UNTIL (sertel_document_view_get_document (view) != NULL);
    g_assert_cmpint (sertel_document_view_get_rotation (view), ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_keyboard (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3, PAGE_W, PAGE_H);
  SertelDocumentView *view;
  GtkWidget *window = view_window (&view);
  double zoom;

  sertel_document_view_load_bytes (view, pdf, "three.pdf");
  wait_texture (view, 0);
  zoom = sertel_document_view_get_zoom (view);

  /* The shortcut controller maps keys to these actions; the actions are
   * what a key press runs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "viewer.zoom-in", NULL));
  g_assert_cmpfloat (sertel_document_view_get_zoom (view), >, zoom);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "viewer.next-page", NULL));
  WAIT_UNTIL (sertel_document_view_get_current_page (view) == 1);
  {
    GtkListBox *thumbs = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (view), SERTEL_TYPE_DOCUMENT_VIEW, "thumbnails"));

    sertel_test_ui_iterate (100);
    g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (thumbs)), ==, 1);
    g_assert_cmpuint (sertel_document_view_get_current_page (view), ==, 1);
    /* Choosing a thumbnail scrolls to its page. */
    gtk_list_box_select_row (thumbs, gtk_list_box_get_row_at_index (thumbs, 2));
    WAIT_UNTIL (sertel_document_view_get_current_page (view) == 2);
    sertel_test_ui_iterate (100);
    g_assert_cmpuint (sertel_document_view_get_current_page (view), ==, 2);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "viewer.first-page", NULL));
  WAIT_UNTIL (sertel_document_view_get_current_page (view) == 0);

  /* The page number entry. */
  {
    GtkEditable *entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (view), SERTEL_TYPE_DOCUMENT_VIEW, "page_entry"));

    gtk_editable_set_text (entry, "2");
    g_signal_emit_by_name (entry, "activate");
    WAIT_UNTIL (sertel_document_view_get_current_page (view) == 1);
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "2");
    /* Past the end: the last page, and the entry says which. */
    gtk_editable_set_text (entry, "99");
    g_signal_emit_by_name (entry, "activate");
    WAIT_UNTIL (sertel_document_view_get_current_page (view) == 2);
    g_assert_cmpstr (gtk_editable_get_text (entry), ==, "3");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_images (void)
{
  const char *types[] = { "png", "jpeg" };
  static const double red[3] = { 1, 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GBytes) image = make_image (types[i]);
      SertelDocumentView *view;
      GtkWidget *window = view_window (&view);
      GdkTexture *texture;

      /* Named .pdf on purpose: the content decides. */
      sertel_document_view_load_bytes (view, image, "ktp.pdf");
      WAIT_UNTIL (sertel_document_view_get_document (view) != NULL);
      g_assert_cmpint (sertel_document_get_file_type (sertel_document_view_get_document (view)), ==,
                       i == 0 ? SERTEL_FILE_TYPE_PNG : SERTEL_FILE_TYPE_JPEG);
      texture = wait_texture (view, 0);
      g_assert_cmpint (ABS (gdk_texture_get_width (texture) - 2 * gdk_texture_get_height (texture)), <=, 2);
      assert_colour (texture, 0.25, 0.3, red);
      assert_colour (texture, 0.75, 0.75, white);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_huge_page (void)
{
  /* An A3 page at 600 dpi would be 7016 × 9921 pixels. */
  g_autoptr(GBytes) pdf = make_pdf (1, 842, 1191);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelDocument) document = sertel_document_new_from_bytes (pdf, NULL, &error);
  cairo_surface_t *surface;

  g_assert_no_error (error);
  surface = sertel_document_render (document, 0, 600.0 / 72, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), <=, SERTEL_DOCUMENT_MAX_SIDE);
  g_assert_cmpint (cairo_image_surface_get_height (surface), <=, SERTEL_DOCUMENT_MAX_SIDE);
  g_assert_cmpint ((gint64) cairo_image_surface_get_width (surface) * cairo_image_surface_get_height (surface),
                   <=, SERTEL_DOCUMENT_MAX_PIXELS);
  g_assert_cmpint (cairo_image_surface_get_height (surface), >=, 4000);
  cairo_surface_destroy (surface);
}

static void
on_rendered_record (SertelRenderCache *cache,
                    guint              page,
                    int                rotation,
                    int                width,
                    GdkTexture        *texture,
                    GArray            *order)
{
  g_array_append_val (order, page);
}

/* The worker takes the visible page first; pages nobody asks for any more
 * are cancelled; the cache stays inside its byte budget. */
static void
test_render_queue (void)
{
  g_autoptr(GBytes) pdf = make_pdf (12, PAGE_W, PAGE_H);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelDocument) document = sertel_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(SertelRenderCache) cache = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  const int width = 2400;   /* big enough that the worker is still busy below */
  const double scale = width / PAGE_W;
  gsize one = 0;

  g_assert_no_error (error);
  cache = sertel_render_cache_new (document, 0);
  g_signal_connect (cache, "rendered", G_CALLBACK (on_rendered_record), order);

  for (guint i = 0; i < 10; i++)
    sertel_render_cache_request (cache, i, 0, width, scale, SERTEL_RENDER_PRIORITY_NEIGHBOUR);
  /* The user jumps to page 11: only it (and page 10 as a neighbour) are wanted. */
  sertel_render_cache_begin (cache);
  sertel_render_cache_request (cache, 10, 0, width, scale, SERTEL_RENDER_PRIORITY_NEIGHBOUR);
  sertel_render_cache_request (cache, 11, 0, width, scale, SERTEL_RENDER_PRIORITY_VISIBLE);
  sertel_render_cache_end (cache);
  g_assert_cmpuint (sertel_render_cache_get_cancelled (cache), >=, 9);

  WAIT_UNTIL (sertel_render_cache_lookup (cache, 10, 0, width) != NULL);
  /* At most one page was already being drawn; then 11, then 10. */
  g_assert_cmpuint (order->len, <=, 3);
  g_assert_cmpuint (g_array_index (order, guint, order->len - 1), ==, 10);
  g_assert_cmpuint (g_array_index (order, guint, order->len - 2), ==, 11);
  sertel_test_ui_iterate (100);
  g_assert_cmpuint (order->len, <=, 3);

  /* The budget: room for two pages, ask for five. */
  one = sertel_render_cache_get_bytes (cache) / (order->len);
  sertel_render_cache_set_max_bytes (cache, 2 * one + one / 2);
  for (guint i = 0; i < 5; i++)
    sertel_render_cache_request (cache, i, 0, width, scale, SERTEL_RENDER_PRIORITY_VISIBLE);
  /* Same priority: in the order asked, so page 4 comes last. */
  WAIT_UNTIL (g_array_index (order, guint, order->len - 1) == 4);
  g_assert_cmpuint (sertel_render_cache_get_bytes (cache), <=, 2 * one + one / 2);
  /* The most recent stays, the oldest went. */
  g_assert_nonnull (sertel_render_cache_lookup (cache, 4, 0, width));
  g_assert_null (sertel_render_cache_lookup (cache, 0, 0, width));
}

/* Printing draws through sertel_document_draw_fitted: into a PDF here,
 * read back with Poppler (through the viewer's own document). */
static void
test_print_drawing (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3, PAGE_W, PAGE_H);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelDocument) document = sertel_document_new_from_bytes (pdf, NULL, &error);
  g_autoptr(SertelDocument) printed = NULL;
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GBytes) out = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_no_error (error);
  /* A4 paper, as a print context would give. */
  surface = cairo_pdf_surface_create_for_stream (append_bytes, array, 595, 842);
  cr = cairo_create (surface);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (sertel_document_draw_fitted (document, i, cr, 595, 842, &error));
      g_assert_no_error (error);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  out = g_byte_array_free_to_bytes (g_steal_pointer (&array));

  printed = sertel_document_new_from_bytes (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sertel_document_get_n_pages (printed), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      cairo_surface_t *page = sertel_document_render (printed, i, 0.5, 0, NULL, &error);
      int w = cairo_image_surface_get_width (page), h = cairo_image_surface_get_height (page);
      guint32 *row;
      guint32 px;
      /* 300 × 400 fitted to 595 wide: 1.983×, centred vertically. */
      double fit = 595.0 / PAGE_W, top = (842 - PAGE_H * fit) / 2;
      int x = (int) (0.25 * PAGE_W * fit * 0.5), y = (int) ((top + 0.25 * PAGE_H * fit) * 0.5);

      g_assert_no_error (error);
      g_assert_cmpint (w, ==, 298);
      g_assert_cmpint (y, <, h);
      row = (guint32 *) (gpointer) (cairo_image_surface_get_data (page) + y * cairo_image_surface_get_stride (page));
      px = row[x];
      g_assert_cmpint (ABS ((int) ((px >> 16) & 0xFF) - (int) (page_colours[i][0] * 255)), <=, 40);
      g_assert_cmpint (ABS ((int) ((px >> 8) & 0xFF) - (int) (page_colours[i][1] * 255)), <=, 40);
      g_assert_cmpint (ABS ((int) (px & 0xFF) - (int) (page_colours[i][2] * 255)), <=, 40);
      cairo_surface_destroy (page);
    }
}

/* ------------------------------------------------------------------ */

static GBytes *
make_encrypted (void)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *dir = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GBytes) pdf = make_pdf (1, PAGE_W, PAGE_H);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;
  int status = 0;

  if (qpdf == NULL)
    return NULL;
  dir = g_dir_make_tmp ("sertel-viewer-XXXXXX", NULL);
  in = g_build_filename (dir, "in.pdf", NULL);
  out = g_build_filename (dir, "out.pdf", NULL);
  g_assert_true (g_file_set_contents (in, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), NULL));
  {
    const char *argv[] = { qpdf, "--encrypt", "user", "owner", "256", "--", in, out, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, &len, NULL));
  g_unlink (in);
  g_unlink (out);
  g_rmdir (dir);
  return g_bytes_new_take (contents, len);
}

static void
assert_refused (SertelDocumentView *view,
                const char         *expected)
{
  AdwStatusPage *status = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (view), SERTEL_TYPE_DOCUMENT_VIEW, "status_page"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (view), SERTEL_TYPE_DOCUMENT_VIEW, "stack"));

  WAIT_UNTIL (!sertel_document_view_is_loading (view));
  g_assert_nonnull (sertel_document_view_get_error (view));
  g_assert_cmpstr (sertel_document_view_get_error (view)->message, ==, expected);
  g_assert_cmpstr (adw_status_page_get_description (status), ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_null (sertel_document_view_get_document (view));
}

static void
test_broken (void)
{
  g_autoptr(GBytes) pdf = make_pdf (3, PAGE_W, PAGE_H);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (pdf, 0, g_bytes_get_size (pdf) / 2);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) encrypted = make_encrypted ();
  g_autoptr(GByteArray) noise = g_byte_array_new ();
  g_autoptr(GBytes) noise_bytes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *dir = g_dir_make_tmp ("sertel-viewer-XXXXXX", NULL);
  g_autofree char *text_path = g_build_filename (dir, "letter.pdf", NULL);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autofree char *missing_path = g_build_filename (dir, "missing.pdf", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  const char *damaged = "The file is damaged and cannot be shown.";
  SertelDocumentView *view;
  GtkWidget *window = view_window (&view);

  g_byte_array_append (noise, (const guint8 *) "%PDF-1.7\n", 9);
  for (guint i = 0; i < 20000; i++)
    {
      guint8 b = (guint8) g_rand_int_range (rand, 0, 256);
      g_byte_array_append (noise, &b, 1);
    }
  noise_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&noise));

  sertel_document_view_load_bytes (view, truncated, "truncated.pdf");
  assert_refused (view, damaged);
  sertel_document_view_load_bytes (view, noise_bytes, "noise.pdf");
  assert_refused (view, damaged);
  sertel_document_view_load_bytes (view, empty, "empty.pdf");
  assert_refused (view, "The file is empty.");

  g_assert_true (g_file_set_contents (text_path, "Kepada Yth. Kepala BKD\nMohon diproses.\n", -1, NULL));
  sertel_document_view_load_file (view, text_file);
  assert_refused (view, "This file is not a PDF, JPEG or PNG image.");
  g_assert_cmpstr (sertel_document_view_get_title (view), ==, "letter.pdf");

  /* A file that is gone: GIO's own sentence, still no crash. */
  sertel_document_view_load_file (view, missing);
  WAIT_UNTIL (!sertel_document_view_is_loading (view));
  g_assert_nonnull (sertel_document_view_get_error (view));

  /* After an error, a good file shows again. */
  sertel_document_view_load_bytes (view, pdf, "good.pdf");
  wait_texture (view, 0);

  if (encrypted != NULL)
    {
      sertel_document_view_load_bytes (view, encrypted, "locked.pdf");
      assert_refused (view, "This PDF is protected with a password, so it cannot be shown.");
    }

  g_unlink (text_path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  if (encrypted == NULL)
    g_test_skip ("qpdf is not installed: the encrypted PDF was not tried");
}

/* ------------------------------------------------------------------ */
/* Containment: the real helper, told by its test hook to crash, hang or
 * answer junk (as a hostile file can make Poppler do), costs one preview. */

#define WAIT_UNTIL_MS(cond, ms) G_STMT_START {                              \
  gint64 end_ = g_get_monotonic_time () + (ms) * 1000;                      \
  while (!(cond) && g_get_monotonic_time () < end_)                         \
    if (!g_main_context_iteration (NULL, FALSE))                            \
      g_usleep (1000);                                                      \
  g_assert_true (cond);                                                     \
} G_STMT_END

static void
test_contained (void)
{
  static const struct { const char *mode; int code; gboolean opens; } cases[] = {
    { "crash-open", SERTEL_DOCUMENT_ERROR_CRASHED, FALSE },
    { "garbage-open", SERTEL_DOCUMENT_ERROR_GARBAGE, FALSE },
    { "crash", SERTEL_DOCUMENT_ERROR_CRASHED, TRUE },
    { "garbage", SERTEL_DOCUMENT_ERROR_GARBAGE, TRUE },
    { "hang", SERTEL_DOCUMENT_ERROR_HUNG, TRUE },
  };
  g_autoptr(GBytes) hostile = make_pdf (3, PAGE_W, PAGE_H);
  g_autoptr(GBytes) other = make_pdf (12, PAGE_W, PAGE_H);
  SertelDocumentView *good, *bad;
  GtkWidget *good_window = view_window (&good);
  GtkWidget *bad_window = view_window (&bad);
  AdwStatusPage *status = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (bad), SERTEL_TYPE_DOCUMENT_VIEW, "status_page"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (bad), SERTEL_TYPE_DOCUMENT_VIEW, "stack"));
  SertelDocument *good_document;
  g_autofree char *good_helper = NULL;

  /* Another document, open all along in its own helper. */
  sertel_document_view_load_bytes (good, other, "other.pdf");
  wait_texture (good, 0);
  good_document = sertel_document_view_get_document (good);
  good_helper = sertel_document_dup_helper_id (good_document);
  g_assert_nonnull (good_helper);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *helper = NULL;
      const GError *error;
      gint64 start;

      g_test_message ("helper test mode %s", cases[i].mode);
      sertel_document_set_helper_test_mode (cases[i].mode);
      start = g_get_monotonic_time ();
      sertel_document_view_load_bytes (bad, hostile, "hostile.pdf");
      WAIT_UNTIL_MS (sertel_document_view_get_document (bad) != NULL || sertel_document_view_get_error (bad) != NULL,
                     SERTEL_DOCUMENT_OPEN_TIMEOUT_MS + 5000);
      /* Only this document's helper was started with the hook. */
      sertel_document_set_helper_test_mode (NULL);
      if (cases[i].opens)
        {
          g_assert_nonnull (sertel_document_view_get_document (bad));
          helper = sertel_document_dup_helper_id (sertel_document_view_get_document (bad));
          g_assert_nonnull (helper);
        }

      WAIT_UNTIL_MS (sertel_document_view_get_error (bad) != NULL, SERTEL_DOCUMENT_RENDER_TIMEOUT_MS + 5000);
      error = sertel_document_view_get_error (bad);
      g_assert_error (error, SERTEL_DOCUMENT_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "This file could not be shown: "));
      g_assert_cmpstr (adw_status_page_get_description (status), ==, error->message);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
      g_assert_null (sertel_document_view_get_document (bad));
      if (cases[i].code == SERTEL_DOCUMENT_ERROR_HUNG)
        {
          /* Stopped at the time limit, not before and not much after. */
          g_assert_cmpint (g_get_monotonic_time () - start, >=, SERTEL_DOCUMENT_RENDER_TIMEOUT_MS * 1000);
          g_assert_cmpint (g_get_monotonic_time () - start, <, (SERTEL_DOCUMENT_RENDER_TIMEOUT_MS + 5000) * 1000);
        }
      else
        g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
#ifdef G_OS_UNIX
      /* The helper is gone, reaped, not left running. */
      if (helper != NULL)
        g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (helper, NULL, 10), 0), ==, -1);
#endif

      /* The other document goes on in the same helper: a page not drawn yet. */
      g_assert_true (sertel_document_view_get_document (good) == good_document);
      {
        g_autofree char *now = sertel_document_dup_helper_id (good_document);

        g_assert_cmpstr (now, ==, good_helper);
      }
      sertel_document_view_go_to_page (good, 2 + 2 * i);
      wait_texture (good, 2 + 2 * i);
      assert_colour (sertel_document_view_get_page_texture (good, 2 + 2 * i), 0.25, 0.25, page_colours[(2 + 2 * i) % 3]);
      g_assert_true (gtk_widget_get_mapped (bad_window));
    }

  /* The same view shows a sound file again. */
  sertel_document_view_load_bytes (bad, hostile, "sound.pdf");
  assert_colour (wait_texture (bad, 0), 0.25, 0.25, page_colours[0]);
  g_assert_null (sertel_document_view_get_error (bad));

  gtk_window_destroy (GTK_WINDOW (bad_window));
  gtk_window_destroy (GTK_WINDOW (good_window));
}

/* ------------------------------------------------------------------ */

static void
test_window (void)
{
  static const struct { const char *lang; gboolean dark; } variants[] = {
    { NULL, FALSE }, { "id", FALSE }, { "id", TRUE },
  };
  g_autoptr(GBytes) pdf = make_pdf (3, PAGE_W, PAGE_H);
  g_autofree char *dir = g_dir_make_tmp ("sertel-viewer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "Surat Permohonan BKD.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), NULL));

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = g_strdup_printf ("viewer-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                               variants[i].dark ? "dark" : "light");
      g_autofree char *error_name = g_strdup_printf ("viewer-error-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                                     variants[i].dark ? "dark" : "light");
      g_autofree char *crash_name = g_strdup_printf ("viewer-crash-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                                     variants[i].dark ? "dark" : "light");
      g_autofree char *shot = NULL;
      SertelViewerWindow *window;
      SertelDocumentView *view;
      g_autoptr(GBytes) text = g_bytes_new_static ("just text", 9);

      sertel_test_ui_use_language (variants[i].lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variants[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

      window = sertel_viewer_window_new (NULL);
      view = sertel_viewer_window_get_view (window);
      gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
      sertel_viewer_window_open (window, file);
      gtk_window_present (GTK_WINDOW (window));
      sertel_test_ui_wait_mapped (GTK_WIDGET (window));
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Surat Permohonan BKD.pdf");

      wait_texture (view, 0);
      WAIT_UNTIL (sertel_document_view_get_thumbnail_texture (view, 2) != NULL);
      g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));
      sertel_test_ui_iterate (400);   /* the thumbnail revealer slides in */
      shot = sertel_test_ui_screenshot (GTK_WIDGET (window), name);
      g_clear_pointer (&shot, g_free);

      /* And what a clerk sees for a file that is not a document. */
      sertel_viewer_window_open_bytes (window, text, "scan.pdf");
      WAIT_UNTIL (sertel_document_view_get_error (view) != NULL);
      sertel_test_ui_iterate (400);
      shot = sertel_test_ui_screenshot (GTK_WIDGET (window), error_name);
      g_clear_pointer (&shot, g_free);

      /* And a file that makes the document reader fail. */
      sertel_document_set_helper_test_mode ("crash");
      sertel_viewer_window_open_bytes (window, pdf, "Surat Permohonan BKD.pdf");
      WAIT_UNTIL (sertel_document_view_get_document (view) != NULL || sertel_document_view_get_error (view) != NULL);
      sertel_document_set_helper_test_mode (NULL);
      WAIT_UNTIL (sertel_document_view_get_error (view) != NULL);
      g_assert_error (sertel_document_view_get_error (view), SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_CRASHED);
      g_assert_null (sertel_document_view_get_document (view));
      sertel_test_ui_iterate (400);
      shot = sertel_test_ui_screenshot (GTK_WIDGET (window), crash_name);

      gtk_window_destroy (GTK_WINDOW (window));
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("sertel-viewer-data-XXXXXX", NULL);

  /* The remembered rotations go to a fresh place, not the user's. (Not
   * G_TEST_OPTION_ISOLATE_DIRS: it hides the icon theme too.) */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }

  g_test_add_func ("/document-view/pdf-pages", test_pdf_pages);
  g_test_add_func ("/document-view/zoom-rotate-cache", test_zoom_rotate_cache);
  g_test_add_func ("/document-view/keyboard", test_keyboard);
  g_test_add_func ("/document-view/images", test_images);
  g_test_add_func ("/document-view/huge-page", test_huge_page);
  g_test_add_func ("/document-view/render-queue", test_render_queue);
  g_test_add_func ("/document-view/print-drawing", test_print_drawing);
  g_test_add_func ("/document-view/broken", test_broken);
  g_test_add_func ("/document-view/contained", test_contained);
  g_test_add_func ("/document-view/window", test_window);
  return g_test_run ();
}
