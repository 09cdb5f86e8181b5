/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Startup on a register of 100,000 requests: the time from spawning a process
 * to its first painted frame that shows the window's content, against a bare
 * libadwaita window (AdwApplicationWindow + GtkListView over a GtkStringList
 * of 100,000 strings) as the peer. Needs a display (xvfb-run).
 *
 * The parent builds the register once (as bench-case-list.c does) and
 * re-executes this binary with a mode argument for every run:
 *   --child peer          the bare window; its frame is the one with "Baris 1"
 *   --child signin PATH   Sertel's window on PATH; its frame is the sign-in page
 *                         ready for a password
 *   --child desk PATH     the same, then signs in the administrator
 *                         automatically (the Argon2 check is timed on its own)
 *                         and its frame is the case list with its first row
 * The child prints "mark NAME MONOTONIC_US" lines and exits on its frame. The
 * monotonic clock is the system's, so the parent subtracts the time it took
 * just before spawning.
 *
 * To see where a child's time goes on a busy machine, run one under
 * callgrind (SERTEL_BENCH_KEEP=1 keeps the register and prints its path):
 *   valgrind --tool=callgrind bench-startup --child desk PATH
 * writes one profile per stretch between two marks, named after the mark. */
#include "config.h"

#define G_LOG_DOMAIN "Sertel"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#endif
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif

#include "../sertel-test-util.c"
#include "sertel-case-list.h"
#include "sertel-request-list-model.h"
#include "sertel-signin-page.h"
#include "sertel-store-query.h"
#include "sertel-window.h"

#define COPIES      12500                            /* 8 requests × 12,500 = 100,000 */
#define N_ROWS      100000
#define N_RUNS      5
#define CHILD_LIMIT 60                               /* seconds before a child gives up */
#ifdef HAVE_CALLGRIND
#define RUNNING_UNDER_VALGRIND RUNNING_ON_VALGRIND
#else
#define RUNNING_UNDER_VALGRIND 0
#endif

/* ------------------------------------------------------------------------ */
/* The register (as in bench-case-list.c and tests/test-request-list-model.c) */

#include "../sertel-test-fill.c"

/* ------------------------------------------------------------------------ */
/* The child */

typedef enum { MODE_PEER, MODE_SIGNIN, MODE_DESK } Mode;

typedef struct {
  Mode            mode;
  const char     *path;
  GtkWidget      *window;
  GtkWidget      *view;          /* peer: the list view */
  gboolean        seen_frame;
  gboolean        signin_seen;
  gboolean        signing_in;
  gboolean        desk_painted;
  gboolean        counted;
  gboolean        loaded;
  guint           counted_frames, loaded_frames;
} Child;

static void
mark (const char *name)
{
  g_print ("mark %s %" G_GINT64_FORMAT "\n", name, g_get_monotonic_time ());
#ifdef HAVE_CALLGRIND
  /* Under callgrind each stretch between two marks is a profile of its own
   * (instruction counts do not depend on what else the machine is doing). */
  CALLGRIND_DUMP_STATS_AT (name);
#endif
}

static G_NORETURN void
child_exit (int status)
{
  fflush (stdout);
#ifdef G_OS_UNIX
  _exit (status);   /* no teardown: the worker threads may still be busy */
#else
  exit (status);
#endif
}

static gboolean
child_timeout (gpointer data G_GNUC_UNUSED)
{
  g_printerr ("child: no frame within %d s\n", CHILD_LIMIT);
  child_exit (1);
}

static GtkLabel *
find_label (GtkWidget *widget, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)))
        return found;
    }
  return NULL;
}

static gpointer
window_child (Child *c, const char *name)
{
  return gtk_widget_get_template_child (c->window, SERTEL_TYPE_WINDOW, name);
}

static gboolean
stack_shows (GtkStack *stack, const char *name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0;
}

/* The sign-in page, ready for a password (its accounts are read). */
static gboolean
signin_ready (Child *c)
{
  GtkWidget *page = window_child (c, "signin_page");
  GtkStack *mode = GTK_STACK (gtk_widget_get_template_child (page, SERTEL_TYPE_SIGNIN_PAGE, "mode_stack"));

  return stack_shows (window_child (c, "main_stack"), "signin") && stack_shows (mode, "signin") &&
         gtk_widget_get_mapped (page);
}

/* The desk with the case list's first row of data on screen. */
static gboolean
desk_ready (Child *c)
{
  SertelCaseList *list = window_child (c, "case_list");
  GListModel *model = G_LIST_MODEL (sertel_case_list_get_model (list));
  GtkWidget *view;
  g_autoptr(SertelRequest) first = NULL;
  const char *letter;

  if (!stack_shows (window_child (c, "main_stack"), "desk") || model == NULL ||
      g_list_model_get_n_items (model) == 0)
    return FALSE;
  first = g_list_model_get_item (model, 0);
  if (first == NULL || sertel_request_get_id (first) == 0)
    return FALSE;
  letter = sertel_request_get_letter_number (first);
  view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (list), SERTEL_TYPE_CASE_LIST, "column_view"));
  return letter && *letter && find_label (view, letter) != NULL;
}

/* The case list's model: counted (its rows appear), then its first page read. */
static void
on_items_changed (GListModel *model, guint position G_GNUC_UNUSED, guint removed G_GNUC_UNUSED,
                  guint added G_GNUC_UNUSED, Child *c)
{
  if (!c->counted && g_list_model_get_n_items (model) > 0)
    {
      c->counted = TRUE;
      mark ("list-counted");
    }
}

static void
on_loading (SertelRequestListModel *model, GParamSpec *pspec G_GNUC_UNUSED, Child *c)
{
  if (c->counted && !c->loaded && !sertel_request_list_model_get_loading (model))
    {
      c->loaded = TRUE;
      mark ("list-page-read");
    }
}

static gboolean
sign_in (gpointer data)
{
  Child *c = data;
  SertelStore *store = sertel_window_get_store (SERTEL_WINDOW (c->window));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = NULL;

  mark ("auth-start");
  /* The administrator: the desk opens on the whole register. */
  staff = sertel_store_authenticate (store, 1, TEST_PASSWORD, &error);
  mark ("auth-end");
  g_assert_no_error (error);
  g_signal_emit_by_name (window_child (c, "signin_page"), "signed-in", staff);
  mark ("signed-in");
  {
    SertelRequestListModel *model = sertel_case_list_get_model (window_child (c, "case_list"));

    g_assert_nonnull (model);
    g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), c);
    g_signal_connect (model, "notify::loading", G_CALLBACK (on_loading), c);
  }
  return G_SOURCE_REMOVE;
}

/* The frames after the list was counted and after its page was read. */
static void
on_before_paint (GdkFrameClock *clock G_GNUC_UNUSED, Child *c)
{
  if (c->loaded && c->loaded_frames++ == 0)
    mark ("page-frame-start");
  else if (c->counted && !c->loaded && c->counted_frames++ == 0)
    mark ("count-frame-start");
}

static void
on_after_paint (GdkFrameClock *clock G_GNUC_UNUSED, Child *c)
{
  if (c->counted && !c->loaded && c->counted_frames == 1)
    mark ("count-frame-end");
  if (c->loaded && c->loaded_frames == 1)
    mark ("page-frame-end");
  if (!c->seen_frame)
    {
      c->seen_frame = TRUE;
      mark ("any-frame");
    }
  switch (c->mode)
    {
    case MODE_PEER:
      if (find_label (c->view, "Baris 1"))
        {
          mark ("frame");
          child_exit (0);
        }
      break;

    case MODE_SIGNIN:
    case MODE_DESK:
      if (!c->signin_seen && signin_ready (c))
        {
          c->signin_seen = TRUE;
          mark (c->mode == MODE_SIGNIN ? "frame" : "signin-frame");
          if (c->mode == MODE_SIGNIN)
            child_exit (0);
          c->signing_in = TRUE;
          g_idle_add (sign_in, c);
        }
      else if (c->mode == MODE_DESK && c->signing_in && !c->desk_painted &&
               stack_shows (window_child (c, "main_stack"), "desk"))
        {
          c->desk_painted = TRUE;
          mark ("desk-frame");
        }
      if (c->mode == MODE_DESK && c->signing_in && desk_ready (c))
        {
          if (!c->desk_painted)
            mark ("desk-frame");
          mark ("frame");
          child_exit (0);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_main_stack (GtkStack *stack, GParamSpec *pspec G_GNUC_UNUSED, Child *c G_GNUC_UNUSED)
{
  g_autofree char *name = g_strdup_printf ("stack-%s", gtk_stack_get_visible_child_name (stack));
  mark (name);
}

static void
peer_setup (GtkSignalListItemFactory *factory G_GNUC_UNUSED, GtkListItem *item, gpointer data G_GNUC_UNUSED)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_list_item_set_child (item, label);
}

static void
peer_bind (GtkSignalListItemFactory *factory G_GNUC_UNUSED, GtkListItem *item, gpointer data G_GNUC_UNUSED)
{
  GtkStringObject *s = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (s));
}

/* A bare libadwaita window: a header bar over a GtkListView of 100,000 rows. */
static GtkWidget *
peer_window (Child *c)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GtkStringList *strings;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = adw_application_window_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *sw = gtk_scrolled_window_new ();

  for (guint i = 0; i < N_ROWS; i++)
    g_ptr_array_add (texts, g_strdup_printf ("Baris %u", i + 1));
  g_ptr_array_add (texts, NULL);
  strings = gtk_string_list_new ((const char * const *) texts->pdata);
  mark ("model");

  g_signal_connect (factory, "setup", G_CALLBACK (peer_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (peer_bind), NULL);
  c->view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (strings))), factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), c->view);
  gtk_widget_set_vexpand (sw, TRUE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Sertel", "100.000 baris"));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), sw);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  return window;
}

static int
run_child (Mode mode, const char *path)
{
  Child c = { mode, path, NULL, NULL, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE };

  mark ("main");
  /* As src/main.c does. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    {
      g_printerr ("child: no display\n");
      return 1;
    }
  adw_init ();
  mark ("init");

  if (mode == MODE_PEER)
    c.window = peer_window (&c);
  else
    {
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                        RESOURCE_PREFIX "/icons");
      c.window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
      g_signal_connect (window_child (&c, "main_stack"), "notify::visible-child-name", G_CALLBACK (on_main_stack), &c);
      sertel_window_open_register (SERTEL_WINDOW (c.window), path, FALSE);
    }
  mark ("window");

  gtk_window_set_default_size (GTK_WINDOW (c.window), 1000, 700);
  gtk_widget_realize (c.window);
  g_signal_connect (gtk_widget_get_frame_clock (c.window), "before-paint", G_CALLBACK (on_before_paint), &c);
  g_signal_connect (gtk_widget_get_frame_clock (c.window), "after-paint", G_CALLBACK (on_after_paint), &c);
  gtk_window_present (GTK_WINDOW (c.window));
  mark ("present");
  g_timeout_add_seconds (CHILD_LIMIT * (RUNNING_UNDER_VALGRIND ? 20 : 1), child_timeout, NULL);

  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

/* ------------------------------------------------------------------------ */
/* The parent */

#define MAX_MARKS 32

typedef struct {
  char   *names[MAX_MARKS];
  double  ms[MAX_MARKS];      /* since the spawn */
  guint   n;
} Marks;

static double
marks_get (const Marks *m, const char *name)
{
  for (guint i = 0; i < m->n; i++)
    if (g_strcmp0 (m->names[i], name) == 0)
      return m->ms[i];
  return -1.0;
}

static void
marks_clear (Marks *m)
{
  for (guint i = 0; i < m->n; i++)
    g_free (m->names[i]);
  m->n = 0;
}

static void
spawn_child (const char *self, const char *mode, const char *path, Marks *marks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { self, "--child", mode, path, NULL };
  gint64 t0;

  t0 = g_get_monotonic_time ();
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, NULL);
  if (!g_subprocess_get_successful (proc))
    g_error ("child %s failed; it said:\n%s", mode, out);

  marks_clear (marks);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char name[64];
      gint64 t;

      if (sscanf (lines[i], "mark %63s %" G_GINT64_FORMAT, name, &t) == 2 && marks->n < MAX_MARKS)
        {
          marks->names[marks->n] = g_strdup (name);
          marks->ms[marks->n] = (t - t0) / 1000.0;
          marks->n++;
        }
    }
  g_assert_cmpfloat (marks_get (marks, "frame"), >, 0.0);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  double s[N_RUNS];

  memcpy (s, v, n * sizeof *v);
  qsort (s, n, sizeof *s, cmp_double);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

enum { K_MAIN, K_INIT, K_MODEL, K_WINDOW, K_PRESENT, K_LOADED, K_ANY, K_SIGNIN, K_AUTH_START, K_AUTH_END,
       K_SIGNED, K_DESK, K_COUNTED, K_CF_START, K_CF_END, K_PAGE, K_PF_START, K_PF_END, K_FRAME, N_KEYS };
static const char * const keys[N_KEYS] = { "main", "init", "model", "window", "present", "stack-signin",
                                           "any-frame", "signin-frame", "auth-start", "auth-end", "signed-in",
                                           "desk-frame", "list-counted", "count-frame-start",
                                           "count-frame-end", "list-page-read", "page-frame-start",
                                           "page-frame-end", "frame" };

typedef struct {
  double v[N_KEYS][N_RUNS];
} Series;

static double
med (Series *s, guint key)
{
  return median (s->v[key], N_RUNS);
}

static void
print_ratio (const char *what, double a, double b)
{
  g_print ("  %-46s %9.1f ms %9.1f ms %7.2f×\n", what, a, b, b > 0 ? a / b : 0.0);
}

static const char *
fmt_ms (double v, char *buf)
{
  if (v < 0)
    return "-";
  g_snprintf (buf, 32, "%.1f", v);
  return buf;
}

static void
print_one (const char *what, double a)
{
  g_print ("  %-46s %9.1f ms\n", what, a);
}

int
main (int argc, char *argv[])
{
  g_autofree char *self = NULL;
  Series peer = { 0 }, signin = { 0 }, desk = { 0 };
  double auth[N_RUNS], desk_less_auth[N_RUNS];
  Marks marks = { 0 };
  Fx fx = { 0 };
  gint64 t;

  if (argc >= 3 && g_strcmp0 (argv[1], "--child") == 0)
    {
      if (g_strcmp0 (argv[2], "peer") == 0)
        return run_child (MODE_PEER, NULL);
      if (argc >= 4 && g_strcmp0 (argv[2], "signin") == 0)
        return run_child (MODE_SIGNIN, argv[3]);
      if (argc >= 4 && g_strcmp0 (argv[2], "desk") == 0)
        return run_child (MODE_DESK, argv[3]);
      g_printerr ("unknown child mode %s\n", argv[2]);
      return 2;
    }

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("no display: skipped (run under xvfb-run)\n");
      return 77;
    }
  self = g_path_is_absolute (argv[0]) ? g_strdup (argv[0]) : g_canonicalize_filename (argv[0], NULL);

  fx_setup (&fx, NULL);
  t = g_get_monotonic_time ();
  fill (&fx, COPIES);
  g_print ("register of %" G_GINT64_FORMAT " requests made in %.0f ms\n", count_rows (fx.path, "request"),
           (g_get_monotonic_time () - t) / 1000.0);
  g_assert_cmpint (count_rows (fx.path, "request"), ==, N_ROWS);
  /* The children open the file themselves. */
  g_clear_object (&fx.store);

  /* One run of each first, not counted: the page cache and the font and
   * icon caches are then warm for every measured run alike. */
  spawn_child (self, "peer", "-", &marks);
  spawn_child (self, "signin", fx.path, &marks);
  spawn_child (self, "desk", fx.path, &marks);

  for (guint r = 0; r < N_RUNS; r++)
    {
      struct { const char *mode; Series *s; } runs[] = { { "peer", &peer }, { "signin", &signin }, { "desk", &desk } };

      for (guint k = 0; k < G_N_ELEMENTS (runs); k++)
        {
          spawn_child (self, runs[k].mode, fx.path, &marks);
          for (guint key = 0; key < N_KEYS; key++)
            runs[k].s->v[key][r] = marks_get (&marks, keys[key]);
        }
      auth[r] = desk.v[K_AUTH_END][r] - desk.v[K_AUTH_START][r];
      desk_less_auth[r] = desk.v[K_FRAME][r] - auth[r];
    }
  marks_clear (&marks);

  g_print ("\n  startup, 100,000 requests (median of %d runs)   %12s %12s %8s\n", N_RUNS, "Sertel", "bare Adw", "ratio");
  print_ratio ("(a) spawn → sign-in page painted", med (&signin, K_FRAME), med (&peer, K_FRAME));
  print_ratio ("(b) spawn → case list painted with data", med (&desk, K_FRAME), med (&peer, K_FRAME));
  print_ratio ("(b) without the password check", median (desk_less_auth, N_RUNS), med (&peer, K_FRAME));
  print_one ("    password check (sertel_store_authenticate)", median (auth, N_RUNS));

  g_print ("\n  where the time goes (median ms since spawn)      %12s %12s %12s\n", "sign-in", "desk", "bare Adw");
  for (guint key = 0; key < N_KEYS; key++)
    {
      double a = med (&signin, key), b = med (&desk, key), c = med (&peer, key);
      char cell[3][32];

      if (a < 0 && b < 0 && c < 0)
        continue;
      g_print ("  %-48s %12s %12s %12s\n", keys[key], fmt_ms (a, cell[0]), fmt_ms (b, cell[1]), fmt_ms (c, cell[2]));
    }
  g_print ("\n  main: exec and dynamic linking; init: gtk_init + adw_init; model: the 100,000 strings (peer);\n"
           "  window: the window built; stack-signin: register opened off the main thread;\n"
           "  any-frame: the first frame painted (Sertel: the loading page); frame: the measured frame.\n");

  /* What the desk asks the register for once signed in, timed on its own
   * in this process (warm): the sidebar's queue counts, the list's count and
   * its first page. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelStore) store = sertel_store_open (fx.path, &error);
    double q[3][N_RUNS];

    g_assert_no_error (error);
    for (guint r = 0; r < N_RUNS; r++)
      {
        guint counts[SERTEL_N_QUEUES], overdue[SERTEL_N_QUEUES], n = 0;
        g_autoptr(GPtrArray) rows = NULL;

        t = g_get_monotonic_time ();
        g_assert_true (sertel_store_count_queues (store, counts, overdue, &error));
        q[0][r] = (g_get_monotonic_time () - t) / 1000.0;
        t = g_get_monotonic_time ();
        g_assert_true (sertel_store_count_query (store, SERTEL_QUEUE_ALL, NULL, &n, &error));
        q[1][r] = (g_get_monotonic_time () - t) / 1000.0;
        g_assert_cmpuint (n, ==, N_ROWS);
        t = g_get_monotonic_time ();
        rows = sertel_store_query_requests (store, SERTEL_QUEUE_ALL, NULL, 0, SERTEL_REQUEST_LIST_PAGE_SIZE, &error);
        q[2][r] = (g_get_monotonic_time () - t) / 1000.0;
        g_assert_nonnull (rows);
      }
    g_print ("\n  the desk's queries, each alone (median ms)\n");
    print_one ("sertel_store_count_queues (sidebar)", median (q[0], N_RUNS));
    print_one ("sertel_store_count_query (All, the list)", median (q[1], N_RUNS));
    print_one ("sertel_store_query_requests (All, first page)", median (q[2], N_RUNS));
  }

  /* To profile one child by hand (perf record … --child desk PATH). */
  if (g_getenv ("SERTEL_BENCH_KEEP") != NULL)
    {
      g_print ("\n  register kept at %s\n", fx.path);
      return 0;
    }
  fx_teardown (&fx, NULL);
  remove_template ();
  return 0;
}
