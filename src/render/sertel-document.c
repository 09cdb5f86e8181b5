/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <signal.h>
#endif

#include "sertel-document.h"
#include "sertel-render-protocol.h"

G_DEFINE_QUARK (sertel-document-error-quark, sertel_document_error)

#define HELPER_NAME "sertel-render-helper"

enum { WATCH_IDLE, WATCH_ARMED, WATCH_FIRED };

struct _SertelDocument
{
  GObject          parent_instance;

  GBytes          *bytes;
  SertelFileType   type;
  char            *checksum;

  /* One question at a time on the pipes: the render worker, printing and
   * the scan preview may all ask. */
  GMutex           lock;
  GSubprocess     *helper;
  GOutputStream   *to_helper;
  GInputStream    *from_helper;
  GError          *broken;    /* once the helper failed, every call gets this */
  int              watch;     /* WATCH_*, atomic: the watchdog may fire */
  guint            timeout_ms;

  guint            n_pages;
  double          *sizes;     /* width, height per page, in points */
};

G_DEFINE_FINAL_TYPE (SertelDocument, sertel_document, G_TYPE_OBJECT)

static void
stop_helper (SertelDocument *self)
{
  if (self->helper != NULL)
    g_subprocess_force_exit (self->helper);
  g_clear_object (&self->to_helper);
  g_clear_object (&self->from_helper);
  g_clear_object (&self->helper);
}

static void
sertel_document_finalize (GObject *object)
{
  SertelDocument *self = SERTEL_DOCUMENT (object);

  /* Nobody will ask any more: no need to let it finish a page. */
  stop_helper (self);
  g_clear_error (&self->broken);
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

gboolean
sertel_document_error_is_fatal (const GError *error)
{
  return error != NULL && error->domain == SERTEL_DOCUMENT_ERROR &&
         (error->code == SERTEL_DOCUMENT_ERROR_CRASHED || error->code == SERTEL_DOCUMENT_ERROR_HUNG ||
          error->code == SERTEL_DOCUMENT_ERROR_GARBAGE || error->code == SERTEL_DOCUMENT_ERROR_NO_READER);
}

static void
set_failure (GError              **error,
             SertelRenderFailure   failure)
{
  switch (failure)
    {
    case SERTEL_RENDER_FAILURE_EMPTY:
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_EMPTY, _("The file is empty."));
      break;
    case SERTEL_RENDER_FAILURE_NOT_A_DOCUMENT:
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_UNSUPPORTED,
                           _("This file is not a PDF, JPEG or PNG image."));
      break;
    case SERTEL_RENDER_FAILURE_IMAGE_UNSUPPORTED:
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_UNSUPPORTED,
                           _("Images of this kind cannot be shown on this computer."));
      break;
    case SERTEL_RENDER_FAILURE_ENCRYPTED:
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_ENCRYPTED,
                           _("This PDF is protected with a password, so it cannot be shown."));
      break;
    case SERTEL_RENDER_FAILURE_NO_MEMORY:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("There is not enough memory to show this page."));
      break;
    case SERTEL_RENDER_FAILURE_DAMAGED:
    case SERTEL_RENDER_FAILURE_BAD_REQUEST:
    case SERTEL_RENDER_FAILURE_NONE:
    case SERTEL_RENDER_N_FAILURES:
    default:
      g_set_error_literal (error, SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_DAMAGED,
                           _("The file is damaged and cannot be shown."));
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Finding and starting the helper */

static GMutex test_mode_lock;
static char *test_mode;

static void drop_spare (void);

void
sertel_document_set_helper_test_mode (const char *mode)
{
  g_mutex_lock (&test_mode_lock);
  g_free (test_mode);
  test_mode = g_strdup (mode);
  g_mutex_unlock (&test_mode_lock);
  /* The spare was started without (or with another) mode. */
  drop_spare ();
}

static char *
own_directory (void)
{
#ifdef G_OS_WIN32
  return g_win32_get_package_installation_directory_of_module (NULL);
#else
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL ? g_path_get_dirname (exe) : NULL;
#endif
}

/* SERTEL_RENDER_HELPER (tests), then beside the running program (render/
 * is where the build tree has it, next to src/sertel; a relocated Windows
 * install keeps it in bin/ or libexec/), then where it was installed. */
static const char *
helper_path (void)
{
  static char *path;

  if (g_once_init_enter (&path))
    {
      const char *env = g_getenv ("SERTEL_RENDER_HELPER");
      g_autofree char *dir = own_directory ();
      g_autofree char *found = NULL;
      const char *name = HELPER_NAME
#ifdef G_OS_WIN32
        ".exe"
#endif
        ;

      if (env != NULL && *env != '\0')
        found = g_strdup (env);
      if (found == NULL && dir != NULL)
        {
          const char *const places[] = { "", "render", "bin", "libexec", "../libexec" };

          for (guint i = 0; i < G_N_ELEMENTS (places) && found == NULL; i++)
            {
              g_autofree char *candidate = g_build_filename (dir, places[i], name, NULL);

              if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
                found = g_steal_pointer (&candidate);
            }
        }
      if (found == NULL)
        found = g_build_filename (SERTEL_LIBEXECDIR, name, NULL);
      g_once_init_leave (&path, g_steal_pointer (&found));
    }
  return path;
}

/* A thread of its own stops helpers that take too long: the thread waiting
 * for the answer is blocked in read(), and the main thread may be too
 * (printing). */
static gpointer
watchdog_thread (gpointer data)
{
  GMainContext *context = data;

  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static GMainContext *
watchdog_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *c = g_main_context_new ();

      g_thread_unref (g_thread_new ("sertel-render-watchdog", watchdog_thread, c));
      g_once_init_leave (&context, c);
    }
  return context;
}

typedef struct {
  SertelDocument *document;
  GSubprocess    *helper;   /* its own ref: the document may drop its own meanwhile */
} Watch;

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_object_unref (watch->helper);
  g_object_unref (watch->document);
  g_free (watch);
}

static gboolean
watchdog_fire (gpointer data)
{
  Watch *watch = data;

  if (g_atomic_int_compare_and_exchange (&watch->document->watch, WATCH_ARMED, WATCH_FIRED))
    g_subprocess_force_exit (watch->helper);
  return G_SOURCE_REMOVE;
}

static GSource *
watchdog_arm (SertelDocument *self,
              guint           timeout_ms)
{
  GSource *source = g_timeout_source_new (timeout_ms);
  Watch *watch = g_new (Watch, 1);

  watch->document = g_object_ref (self);
  watch->helper = g_object_ref (self->helper);
  self->timeout_ms = timeout_ms;
  g_atomic_int_set (&self->watch, WATCH_ARMED);
  g_source_set_callback (source, watchdog_fire, watch, watch_free);
  g_source_attach (source, watchdog_context ());
  return source;
}

/* TRUE when the helper answered in time. */
static gboolean
watchdog_disarm (SertelDocument *self,
                 GSource        *source)
{
  gboolean in_time = g_atomic_int_compare_and_exchange (&self->watch, WATCH_ARMED, WATCH_IDLE);

  g_source_destroy (source);
  g_source_unref (source);
  return in_time;
}

/* The helper did something it must not: stop it, say why for good. */
static void
helper_failed (SertelDocument *self,
               gboolean        garbage,
               GError        **error)
{
  GSubprocess *helper = self->helper;

  if (self->broken == NULL)
    {
      gboolean hung = g_atomic_int_get (&self->watch) == WATCH_FIRED;

      if (helper != NULL)
        {
          g_subprocess_force_exit (helper);
          g_subprocess_wait (helper, NULL, NULL);
#ifdef G_OS_UNIX
          if (g_subprocess_get_if_signaled (helper))
            g_debug ("The render helper stopped with signal %d", g_subprocess_get_term_sig (helper));
          else
#endif
            g_debug ("The render helper exited (status %d)", g_subprocess_get_status (helper));
        }
      if (hung)
        self->broken = g_error_new (SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_HUNG,
                                    _("This file could not be shown: the document reader took longer than %u "
                                      "seconds and was stopped. The file may be damaged; ask the sender for a new copy."),
                                    self->timeout_ms / 1000);
      else if (garbage)
        self->broken = g_error_new_literal (SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_GARBAGE,
                                            _("This file could not be shown: the document reader gave an answer "
                                              "that makes no sense. The file may be damaged; ask the sender for a new copy."));
      else
        self->broken = g_error_new_literal (SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_CRASHED,
                                            _("This file could not be shown: opening it made the document reader "
                                              "fail. The file may be damaged; ask the sender for a new copy. Your other "
                                              "work is not affected."));
    }
  stop_helper (self);
  if (error != NULL)
    *error = g_error_copy (self->broken);
}

static gboolean
send_frame (SertelDocument *self,
            guint32         kind,
            const void     *payload,
            gsize           len,
            GError        **error)
{
  guint8 header[SERTEL_RENDER_HEADER_SIZE];
  g_autoptr(GError) local = NULL;

  sertel_render_put_u32 (header, kind);
  sertel_render_put_u32 (header + 4, (guint32) len);
  if (!g_output_stream_write_all (self->to_helper, header, sizeof header, NULL, NULL, &local) ||
      !g_output_stream_write_all (self->to_helper, payload, len, NULL, NULL, &local) ||
      !g_output_stream_flush (self->to_helper, NULL, &local))
    {
      g_debug ("Could not write to the render helper: %s", local->message);
      helper_failed (self, FALSE, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_exact (SertelDocument *self,
            void           *buf,
            gsize           len,
            GError        **error)
{
  gsize got = 0;
  g_autoptr(GError) local = NULL;

  if (!g_input_stream_read_all (self->from_helper, buf, len, &got, NULL, &local) || got != len)
    {
      g_debug ("The render helper's answer ended early: %s", local ? local->message : "end of stream");
      helper_failed (self, FALSE, error);
      return FALSE;
    }
  return TRUE;
}

/* Reads a frame's header; FALSE (and the helper stopped) when none comes. */
static gboolean
read_header (SertelDocument *self,
             guint32        *kind,
             guint32        *len,
             GError        **error)
{
  guint8 header[SERTEL_RENDER_HEADER_SIZE];

  if (!read_exact (self, header, sizeof header, error))
    return FALSE;
  *kind = sertel_render_get_u32 (header);
  *len = sertel_render_get_u32 (header + 4);
  return TRUE;
}

/* A FAILED frame's payload. */
static gboolean
read_failure (SertelDocument *self,
              guint32         len,
              GError        **error)
{
  guint8 payload[4];
  guint32 failure;

  if (len != sizeof payload)
    {
      helper_failed (self, TRUE, error);
      return FALSE;
    }
  if (!read_exact (self, payload, sizeof payload, error))
    return FALSE;
  failure = sertel_render_get_u32 (payload);
  if (failure == SERTEL_RENDER_FAILURE_NONE || failure >= SERTEL_RENDER_N_FAILURES)
    {
      helper_failed (self, TRUE, error);
      return FALSE;
    }
  set_failure (error, failure);
  return TRUE;
}

static void
cancel_open (GCancellable *cancellable,
             GSubprocess  *helper)
{
  g_subprocess_force_exit (helper);
}

static gboolean
read_info (SertelDocument *self,
           guint32         len,
           GError        **error)
{
  g_autofree guint8 *payload = NULL;
  guint32 n;

  if (len < 8 || (len - 8) % 16 != 0 || (len - 8) / 16 > SERTEL_RENDER_MAX_PAGES)
    {
      helper_failed (self, TRUE, error);
      return FALSE;
    }
  payload = g_malloc (len);
  if (!read_exact (self, payload, len, error))
    return FALSE;
  n = sertel_render_get_u32 (payload + 4);
  if (sertel_render_get_u32 (payload) != (guint32) self->type || n == 0 || n != (len - 8) / 16)
    {
      helper_failed (self, TRUE, error);
      return FALSE;
    }
  self->n_pages = n;
  self->sizes = g_new (double, 2 * n);
  for (guint i = 0; i < 2 * n; i++)
    {
      double v = sertel_render_get_double (payload + 8 + i * 8);

      if (!isfinite (v) || v < 0.5 || v > 1e6)
        {
          helper_failed (self, TRUE, error);
          return FALSE;
        }
      self->sizes[i] = v;
    }
  return TRUE;
}

static GSubprocess *
spawn_helper (gboolean   warm_up,
              GError   **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

#ifdef G_OS_UNIX
  /* Writing to a helper that just died must give EPIPE, not kill the app. */
  signal (SIGPIPE, SIG_IGN);
#endif
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_mutex_lock (&test_mode_lock);
  if (test_mode != NULL)
    g_subprocess_launcher_setenv (launcher, "SERTEL_RENDER_HELPER_TEST", test_mode, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SERTEL_RENDER_HELPER_TEST");
  g_mutex_unlock (&test_mode_lock);
  return g_subprocess_launcher_spawn (launcher, error, helper_path (), warm_up ? "--warm-up" : NULL, NULL);
}

/* One helper waits, started and linked, for the next document: starting
 * one costs 10–30 ms, a sixth of drawing a scanned page. */
static GMutex spare_lock;
static GSubprocess *spare;
static int replenish_pending;

#define SPARE_DELAY_MS 1500

static void
prepare_spare (gboolean warm_up)
{
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&spare_lock);
  if (spare == NULL)
    spare = spawn_helper (warm_up, &error);
  g_mutex_unlock (&spare_lock);
  if (error != NULL)
    g_debug ("No spare render helper: %s", error->message);
}

void
sertel_document_prepare_helper (void)
{
  /* A document may follow at once: no warming up to wait for. */
  prepare_spare (FALSE);
}

static void
drop_spare (void)
{
  g_autoptr(GSubprocess) old = NULL;

  g_mutex_lock (&spare_lock);
  old = g_steal_pointer (&spare);
  g_mutex_unlock (&spare_lock);
  if (old != NULL)
    g_subprocess_force_exit (old);
}

static gboolean
replenish_cb (gpointer data)
{
  g_atomic_int_set (&replenish_pending, FALSE);
  prepare_spare (TRUE);
  return G_SOURCE_REMOVE;
}

/* The next spare starts a little later: started at once, its loading
 * would compete for the processor with this document's first page. */
static void
replenish_later (void)
{
  GSource *source;

  if (!g_atomic_int_compare_and_exchange (&replenish_pending, FALSE, TRUE))
    return;
  source = g_timeout_source_new (SPARE_DELAY_MS);
  g_source_set_callback (source, replenish_cb, NULL, NULL);
  g_source_attach (source, watchdog_context ());
  g_source_unref (source);
}

static GSubprocess *
take_helper (GError **error)
{
  GSubprocess *helper;

  g_mutex_lock (&spare_lock);
  helper = g_steal_pointer (&spare);
  g_mutex_unlock (&spare_lock);
  /* A spare that died meanwhile (killed from outside) is no use. */
  if (helper != NULL && g_subprocess_get_identifier (helper) == NULL)
    g_clear_object (&helper);
  if (helper == NULL)
    helper = spawn_helper (FALSE, error);
  if (helper != NULL)
    replenish_later ();
  return helper;
}

static gboolean
start_helper (SertelDocument *self,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GError) local = NULL;
  GSource *watchdog;
  gulong handler = 0;
  guint32 kind = 0, len = 0;
  gboolean ok = FALSE;

  self->helper = take_helper (&local);
  if (self->helper == NULL)
    {
      g_warning ("Could not start %s: %s", helper_path (), local->message);
      self->broken = g_error_new_literal (SERTEL_DOCUMENT_ERROR, SERTEL_DOCUMENT_ERROR_NO_READER,
                                          _("This file could not be shown: the document reader "
                                            "(sertel-render-helper) is missing or does not start. Ask your "
                                            "administrator to reinstall Sertel."));
      g_propagate_error (error, g_error_copy (self->broken));
      return FALSE;
    }
  self->to_helper = g_object_ref (g_subprocess_get_stdin_pipe (self->helper));
  self->from_helper = g_object_ref (g_subprocess_get_stdout_pipe (self->helper));

  g_mutex_lock (&self->lock);
  watchdog = watchdog_arm (self, SERTEL_DOCUMENT_OPEN_TIMEOUT_MS);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_open), g_object_ref (self->helper), g_object_unref);
  if (send_frame (self, SERTEL_RENDER_MSG_OPEN, g_bytes_get_data (self->bytes, NULL),
                  g_bytes_get_size (self->bytes), error) &&
      read_header (self, &kind, &len, error))
    {
      if (kind == SERTEL_RENDER_MSG_INFO)
        ok = read_info (self, len, error);
      else if (kind == SERTEL_RENDER_MSG_FAILED)
        {
          if (read_failure (self, len, error))
            stop_helper (self);   /* nothing to show: it need not stay */
        }
      else
        helper_failed (self, TRUE, error);
    }
  g_cancellable_disconnect (cancellable, handler);
  if (!watchdog_disarm (self, watchdog) && ok)
    {
      /* Answered, but the watchdog already stopped it. */
      ok = FALSE;
      helper_failed (self, FALSE, error);
    }
  g_mutex_unlock (&self->lock);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  return ok;
}

/* ------------------------------------------------------------------ */

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
      set_failure (error, SERTEL_RENDER_FAILURE_EMPTY);
      return NULL;
    }

  self = g_object_new (SERTEL_TYPE_DOCUMENT, NULL);
  self->bytes = g_bytes_ref (bytes);
  /* The content decides, never the name. Only magic bytes are read here;
   * the parsing happens in the helper. */
  self->type = sertel_filetype_detect (data, len);
  if (self->type == SERTEL_FILE_TYPE_UNKNOWN)
    {
      set_failure (error, SERTEL_RENDER_FAILURE_NOT_A_DOCUMENT);
      return NULL;
    }
  if (len > SERTEL_RENDER_MAX_FILE)
    {
      set_failure (error, SERTEL_RENDER_FAILURE_NO_MEMORY);
      return NULL;
    }
  self->checksum = sertel_sha256_hex (data, len);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  /* Started now, when the document is opened: the first page then costs
   * only its drawing. */
  if (!start_helper (self, cancellable, error))
    return NULL;
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

/* The IMAGE answer: exactly the size the same rules give here, or garbage. */
static cairo_surface_t *
read_image (SertelDocument *self,
            guint32         len,
            int             want_w,
            int             want_h,
            GError        **error)
{
  guint8 dims[12];
  cairo_surface_t *surface;
  int w, h, stride;

  if (len < sizeof dims)
    {
      helper_failed (self, TRUE, error);
      return NULL;
    }
  if (!read_exact (self, dims, sizeof dims, error))
    return NULL;
  w = (int) sertel_render_get_u32 (dims);
  h = (int) sertel_render_get_u32 (dims + 4);
  stride = (int) sertel_render_get_u32 (dims + 8);
  if (w != want_w || h != want_h || stride != sertel_render_stride (w) ||
      (gsize) len != sizeof dims + (gsize) stride * h)
    {
      g_debug ("The render helper sent %d × %d (stride %d), not %d × %d", w, h, stride, want_w, want_h);
      helper_failed (self, TRUE, error);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_stride (surface) != stride)
    {
      cairo_surface_destroy (surface);
      /* The answer must still be read off the pipe: the helper goes. */
      stop_helper (self);
      g_clear_error (&self->broken);
      self->broken = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                                          _("There is not enough memory to show this page."));
      g_propagate_error (error, g_error_copy (self->broken));
      return NULL;
    }
  /* Straight into cairo's memory: no copy. */
  if (!read_exact (self, cairo_image_surface_get_data (surface), (gsize) stride * h, error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
sertel_document_render (SertelDocument *self,
                        guint           page,
                        double          scale,
                        int             rotation,
                        GCancellable   *cancellable,
                        GError        **error)
{
  cairo_surface_t *surface = NULL;
  guint8 request[16];
  GSource *watchdog;
  guint32 kind = 0, len = 0;
  int sw, sh;

  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (page < self->n_pages, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  rotation = sertel_render_normalize_rotation (rotation);
  sertel_render_fit_size (self->sizes[2 * page], self->sizes[2 * page + 1], scale, &sw, &sh);
  if (rotation == 90 || rotation == 270)
    {
      int t = sw;

      sw = sh;
      sh = t;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  if (self->broken != NULL || self->helper == NULL)
    {
      if (self->broken != NULL)
        g_propagate_error (error, g_error_copy (self->broken));
      else
        set_failure (error, SERTEL_RENDER_FAILURE_DAMAGED);
      g_mutex_unlock (&self->lock);
      return NULL;
    }

  sertel_render_put_u32 (request, page);
  sertel_render_put_u32 (request + 4, (guint32) rotation);
  sertel_render_put_double (request + 8, scale);
  watchdog = watchdog_arm (self, SERTEL_DOCUMENT_RENDER_TIMEOUT_MS);
  if (send_frame (self, SERTEL_RENDER_MSG_RENDER, request, sizeof request, error) &&
      read_header (self, &kind, &len, error))
    {
      if (kind == SERTEL_RENDER_MSG_IMAGE)
        surface = read_image (self, len, sw, sh, error);
      else if (kind == SERTEL_RENDER_MSG_FAILED)
        read_failure (self, len, error);
      else
        helper_failed (self, TRUE, error);
    }
  if (!watchdog_disarm (self, watchdog) && surface != NULL)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      helper_failed (self, FALSE, error);
    }
  g_mutex_unlock (&self->lock);
  return surface;
}

gboolean
sertel_document_draw_fitted (SertelDocument *self,
                             guint           page,
                             cairo_t        *cr,
                             double          width,
                             double          height,
                             GError        **error)
{
  double pw, ph, scale, dx = 1, dy = 0, device;
  cairo_surface_t *surface;

  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (page < self->n_pages, FALSE);

  pw = self->sizes[2 * page];
  ph = self->sizes[2 * page + 1];
  scale = MIN (width / pw, height / ph);
  /* A picture, drawn by the helper: Poppler never runs in the app. At the
   * printer's resolution, and never under 300 dpi. */
  cairo_user_to_device_distance (cr, &dx, &dy);
  device = MAX (hypot (dx, dy), 300.0 / 72.0);
  surface = sertel_document_render (self, page, scale * device, 0, NULL, error);
  if (surface == NULL)
    return FALSE;

  cairo_save (cr);
  cairo_translate (cr, (width - pw * scale) / 2, (height - ph * scale) / 2);
  cairo_scale (cr, pw * scale / cairo_image_surface_get_width (surface),
               ph * scale / cairo_image_surface_get_height (surface));
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
  return TRUE;
}

char *
sertel_document_dup_helper_id (SertelDocument *self)
{
  char *id = NULL;

  g_return_val_if_fail (SERTEL_IS_DOCUMENT (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->helper != NULL)
    id = g_strdup (g_subprocess_get_identifier (self->helper));
  g_mutex_unlock (&self->lock);
  return id;
}
