/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sertel-render-helper [--warm-up | FILE]: opens one document (PDF, JPEG
 * or PNG) sent over stdin, or named on the command line, and answers page
 * renders over stdout (sertel-render-protocol.h). The app runs one per open document:
 * when a hostile file crashes or hangs Poppler, only this process goes. */
#define G_LOG_DOMAIN "Sertel"
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* F_SETPIPE_SZ */
#endif

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef G_OS_WIN32
#include <fcntl.h>
#include <io.h>
#else
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <cairo-pdf.h>

#include "sertel-render-engine.h"

/* Address space: a 512 MB file, a 24-megapixel image and a 4096² page
 * with room to spare. */
#define HELPER_MAX_MEMORY ((rlim_t) 3 * 1024 * 1024 * 1024)

static FILE *out;

/* Test hook, for the containment tests only: misbehave the way a hostile
 * file can make Poppler misbehave. "crash", "hang" or "garbage" act on the
 * first render; with "-open" appended, on opening. */
static const char *test_mode;

static gboolean
read_exact (void  *buf,
            gsize  len)
{
  return len == 0 || fread (buf, 1, len, stdin) == len;
}

static void
write_exact (const void *buf,
             gsize       len)
{
  if (len > 0 && fwrite (buf, 1, len, out) != len)
    exit (3);   /* the app is gone */
}

static void
send_header (guint32 kind,
             guint32 len)
{
  guint8 header[SERTEL_RENDER_HEADER_SIZE];

  sertel_render_put_u32 (header, kind);
  sertel_render_put_u32 (header + 4, len);
  write_exact (header, sizeof header);
}

static void
send_failure (SertelRenderFailure failure)
{
  guint8 payload[4];

  sertel_render_put_u32 (payload, failure);
  send_header (SERTEL_RENDER_MSG_FAILED, sizeof payload);
  write_exact (payload, sizeof payload);
  fflush (out);
}

static void
misbehave (const char *when)
{
  g_autofree char *crash = g_strconcat ("crash", when, NULL);
  g_autofree char *hang = g_strconcat ("hang", when, NULL);
  g_autofree char *garbage = g_strconcat ("garbage", when, NULL);

  if (test_mode == NULL)
    return;
  if (g_str_equal (test_mode, crash))
    abort ();
  if (g_str_equal (test_mode, hang))
    for (;;)
      g_usleep (G_USEC_PER_SEC);
  if (g_str_equal (test_mode, garbage))
    {
      static const char junk[] = "\x89PNG this is not an answer\x00\xff\xff\xff\x7f";

      write_exact (junk, sizeof junk);
      fflush (out);
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }
}

static void
send_info (SertelRenderEngine *engine)
{
  guint n = sertel_render_engine_get_n_pages (engine);
  gsize len = 8 + (gsize) n * 16;
  g_autofree guint8 *payload = g_malloc (len);

  sertel_render_put_u32 (payload, sertel_render_engine_get_type (engine));
  sertel_render_put_u32 (payload + 4, n);
  for (guint i = 0; i < n; i++)
    {
      double w, h;

      sertel_render_engine_get_page_size (engine, i, &w, &h);
      sertel_render_put_double (payload + 8 + i * 16, w);
      sertel_render_put_double (payload + 16 + i * 16, h);
    }
  send_header (SERTEL_RENDER_MSG_INFO, (guint32) len);
  write_exact (payload, len);
  fflush (out);
}

static void
send_image (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint8 dims[12];

  sertel_render_put_u32 (dims, (guint32) w);
  sertel_render_put_u32 (dims + 4, (guint32) h);
  sertel_render_put_u32 (dims + 8, (guint32) stride);
  send_header (SERTEL_RENDER_MSG_IMAGE, (guint32) (sizeof dims + (gsize) stride * h));
  write_exact (dims, sizeof dims);
  write_exact (data, (gsize) stride * h);
  fflush (out);
}

static SertelRenderEngine *
open_bytes (GBytes *bytes)
{
  SertelRenderFailure failure;
  SertelRenderEngine *engine;

  misbehave ("-open");
  engine = sertel_render_engine_open (bytes, &failure);
  if (engine == NULL)
    send_failure (failure);
  else
    send_info (engine);
  return engine;
}

static void
setup_streams (void)
{
  int fd;

  /* Only protocol frames may reach the app: anything a library prints goes
   * to stderr instead. */
#ifdef G_OS_WIN32
  _setmode (_fileno (stdin), _O_BINARY);
  _setmode (_fileno (stdout), _O_BINARY);
  fflush (stdout);
  fd = _dup (_fileno (stdout));
  _dup2 (_fileno (stderr), _fileno (stdout));
#else
  fflush (stdout);
  fd = dup (STDOUT_FILENO);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
#endif
  out = fd >= 0 ? fdopen (fd, "wb") : NULL;
  if (out == NULL)
    exit (4);
#ifdef F_SETPIPE_SZ
  /* A page is megabytes: with Linux's default 64 KiB pipe it crosses in
   * fifty turns of the two processes, each a wait for the scheduler on a
   * busy machine. 1 MiB is the unprivileged maximum; failing is harmless. */
  fcntl (fd, F_SETPIPE_SZ, 1024 * 1024);
  fcntl (STDIN_FILENO, F_SETPIPE_SZ, 1024 * 1024);
#endif
  /* Whole frames in few writes; pages are megabytes. */
  setvbuf (out, NULL, _IOFBF, 256 * 1024);
  setvbuf (stdin, NULL, _IOFBF, 256 * 1024);
}

/* A file built to make Poppler allocate without end should end this
 * process, not push the app (and the clerk's unsaved work) out of memory. */
static void
limit_memory (void)
{
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer maps terabytes of shadow address space: under any cap
   * the helper could not allocate at all (tests in a -Db_sanitize tree). */
  return;
#elif defined(G_OS_UNIX)
  struct rlimit limit = { .rlim_cur = HELPER_MAX_MEMORY, .rlim_max = HELPER_MAX_MEMORY };

  if (sizeof (void *) >= 8)
    setrlimit (RLIMIT_AS, &limit);
#endif
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* --warm-up: a helper started well ahead of its document loads meanwhile
 * what the first page of a letter would otherwise wait for (fonts,
 * fontconfig's cache, Poppler's and cairo's font machinery), by drawing a
 * line of text through the same engine. Not for a helper wanted at once:
 * a scan would wait for it in vain. */
static void
warm_up (void)
{
  GByteArray *array = g_byte_array_new ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(SertelRenderEngine) engine = NULL;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, array, 100, 20);
  cairo_t *cr = cairo_create (surface);
  SertelRenderFailure failure;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_move_to (cr, 2, 15);
  cairo_show_text (cr, "Sertel");
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  pdf = g_byte_array_free_to_bytes (array);
  engine = sertel_render_engine_open (pdf, &failure);
  if (engine != NULL)
    {
      cairo_surface_t *page = sertel_render_engine_render (engine, 0, 1.0, 0, &failure);

      g_clear_pointer (&page, cairo_surface_destroy);
    }
}

int
main (int argc, char *argv[])
{
  g_autoptr(SertelRenderEngine) engine = NULL;
  guint8 header[SERTEL_RENDER_HEADER_SIZE];

  limit_memory ();
  setup_streams ();
  test_mode = g_getenv ("SERTEL_RENDER_HELPER_TEST");

  if (argc > 1 && g_str_equal (argv[1], "--warm-up"))
    warm_up ();
  else if (argc > 1)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (argv[1], FALSE, &error);
      g_autoptr(GBytes) bytes = NULL;

      if (mapped == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      bytes = g_mapped_file_get_bytes (mapped);
      engine = open_bytes (bytes);
    }

  while (read_exact (header, sizeof header))
    {
      guint32 kind = sertel_render_get_u32 (header);
      guint32 len = sertel_render_get_u32 (header + 4);

      if (kind == SERTEL_RENDER_MSG_OPEN && engine == NULL && len <= SERTEL_RENDER_MAX_FILE)
        {
          guint8 *data = g_try_malloc (MAX (len, 1));
          g_autoptr(GBytes) bytes = NULL;

          if (data == NULL || !read_exact (data, len))
            return 2;
          bytes = g_bytes_new_take (data, len);
          engine = open_bytes (bytes);
        }
      else if (kind == SERTEL_RENDER_MSG_RENDER && len == 16)
        {
          guint8 payload[16];
          SertelRenderFailure failure = SERTEL_RENDER_FAILURE_BAD_REQUEST;
          cairo_surface_t *surface = NULL;

          if (!read_exact (payload, sizeof payload))
            return 2;
          misbehave ("");
          if (engine != NULL)
            surface = sertel_render_engine_render (engine, sertel_render_get_u32 (payload),
                                                   sertel_render_get_double (payload + 8),
                                                   (int) sertel_render_get_u32 (payload + 4), &failure);
          if (surface == NULL)
            send_failure (failure);
          else
            send_image (surface);
          g_clear_pointer (&surface, cairo_surface_destroy);
        }
      else
        return 2;   /* not our app talking */
    }
  return 0;
}
