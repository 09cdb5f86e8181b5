/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case list on a register of 100,000 requests: time from presenting the
 * window to the first frame whose first row shows real data, the longest main
 * loop iteration while scrolling (small steps, a sweep to the bottom, random
 * jumps), and the process RSS. The same figures for a bare GtkListView over a
 * GtkStringList of 100,000 strings, as the peer. Needs a display (xvfb-run).
 * The register is made the way tests/test-request-list-model.c makes its
 * /model/100k register: eight requests through the store, copied in SQL. */
#include "config.h"

#define G_LOG_DOMAIN "Sertel"

#include <adwaita.h>
#include <stdio.h>
#if defined(G_OS_UNIX) && defined(__linux__)
#include <unistd.h>
#endif

#include "../sertel-test-util.c"
#include "sertel-case-list.h"
#include "sertel-request-list-model.h"

#define COPIES      12500                            /* 8 requests × 12,500 = 100,000 */
#define N_ROWS      100000
#define STEP_PX     200.0
#define STEP_MS     8
#define SMOOTH_STEPS 1500                            /* 300,000 px from the top */
#define SWEEP_STEPS  1000                            /* top to bottom */
#define N_JUMPS      20
#define JUMP_MS      250
#define FRAME_US     16700

/* ------------------------------------------------------------------------ */
/* The register (as in tests/test-request-list-model.c) */

#include "../sertel-test-fill.c"

/* ------------------------------------------------------------------------ */
/* Memory */

static char *
rss_string (void)
{
#if defined(G_OS_UNIX) && defined(__linux__)
  g_autofree char *contents = NULL;
  unsigned long size = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &contents, NULL, NULL) &&
      sscanf (contents, "%lu %lu", &size, &resident) == 2)
    return g_strdup_printf ("%.1f MB", resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0));
#endif
  return g_strdup ("n/a");
}

/* ------------------------------------------------------------------------ */
/* Main loop timing: the time an iteration spends in poll() is waiting, not
 * work, so it is taken out. */

static GPollFunc default_poll;
static gint64 poll_us;

static gint
timed_poll (GPollFD *fds, guint nfds, gint timeout)
{
  gint64 t = g_get_monotonic_time ();
  gint r = default_poll (fds, nfds, timeout);

  poll_us += g_get_monotonic_time () - t;
  return r;
}

typedef struct {
  const char *name;
  guint       iterations;
  guint       over;           /* iterations longer than one frame */
  gint64      max_us;
  double      max_at;         /* adjustment value then */
  guint       max_step;
  /* The frame phases in the longest iteration (0 if it painted no frame). */
  gint64      max_update, max_layout, max_paint;
  guint       frames;
  gint64      frame_total_us;
} Phase;

typedef struct Run Run;
struct Run {
  const char    *name;
  GtkWidget     *window;
  GtkWidget     *view;        /* where the row labels are */
  GtkAdjustment *vadj;
  gboolean     (*ready) (Run *run);
  GListModel    *model;       /* the case list's model (for the check) */

  gint64         presented;
  gint64         first_paint;
  gint64         first_data;
  guint          frames_to_data;

  /* Frame clock stamps (end of each phase) within the current iteration. */
  gint64         before_paint, end_update, end_layout;
  gint64         it_update, it_layout, it_paint;
  guint          it_frames;
  guint          frames;

  Phase         *phase;
  guint          step;
  guint          n_steps;
  double         step_px;
  gboolean       sweep;
  gboolean       done;
};

static GtkLabel *
find_label (GtkWidget *widget, gboolean (*match) (const char *text, gpointer data), gpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) && match (gtk_label_get_text (GTK_LABEL (child)), data))
        return GTK_LABEL (child);
      if ((found = find_label (child, match, data)))
        return found;
    }
  return NULL;
}

static gboolean
text_equals (const char *text, gpointer data)
{
  return g_strcmp0 (text, data) == 0;
}

/* The first row's letter number is in the model and on screen. */
static gboolean
case_list_ready (Run *run)
{
  g_autoptr(SertelRequest) first = NULL;
  const char *letter;

  if (g_list_model_get_n_items (run->model) == 0)
    return FALSE;
  first = g_list_model_get_item (run->model, 0);
  if (first == NULL || sertel_request_get_id (first) == 0)
    return FALSE;
  letter = sertel_request_get_letter_number (first);
  return letter && *letter && find_label (run->view, text_equals, (gpointer) letter) != NULL;
}

static gboolean
peer_ready (Run *run)
{
  return find_label (run->view, text_equals, (gpointer) "Baris 1") != NULL;
}

static void
on_before_paint (GdkFrameClock *clock G_GNUC_UNUSED, Run *run)
{
  run->before_paint = run->end_update = run->end_layout = g_get_monotonic_time ();
}

static void
on_update (GdkFrameClock *clock G_GNUC_UNUSED, Run *run)
{
  run->end_update = g_get_monotonic_time ();
  run->it_update += run->end_update - run->before_paint;
}

static void
on_layout (GdkFrameClock *clock G_GNUC_UNUSED, Run *run)
{
  run->end_layout = g_get_monotonic_time ();
  run->it_layout += run->end_layout - run->end_update;
}

static void
on_after_paint (GdkFrameClock *clock G_GNUC_UNUSED, Run *run)
{
  gint64 now = g_get_monotonic_time ();

  run->it_paint += now - run->end_layout;
  run->it_frames++;
  run->frames++;
  if (run->first_paint == 0)
    run->first_paint = now;
  if (run->first_data == 0 && run->ready (run))
    {
      run->first_data = now;
      run->frames_to_data = run->frames;
    }
}

static void
connect_clock (Run *run)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (run->window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), run);
  g_signal_connect (clock, "update", G_CALLBACK (on_update), run);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), run);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), run);
}

/* One timed iteration of the default main context. */
static void
iterate_once (Run *run, Phase *phase)
{
  gint64 t = g_get_monotonic_time ();
  gint64 p = poll_us;
  gint64 work;

  run->it_update = run->it_layout = run->it_paint = 0;
  run->it_frames = 0;
  g_main_context_iteration (NULL, TRUE);
  work = g_get_monotonic_time () - t - (poll_us - p);

  if (phase == NULL)
    return;
  phase->iterations++;
  phase->frames += run->it_frames;
  phase->frame_total_us += run->it_update + run->it_layout + run->it_paint;
  if (work > FRAME_US)
    phase->over++;
  if (work > phase->max_us)
    {
      phase->max_us = work;
      phase->max_at = gtk_adjustment_get_value (run->vadj);
      phase->max_step = run->step;
      phase->max_update = run->it_update;
      phase->max_layout = run->it_layout;
      phase->max_paint = run->it_paint;
    }
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @ms have passed: the timeout wakes the loop then even if
 * nothing else does. */
static void
iterate_for (Run *run, Phase *phase, guint ms)
{
  gboolean fired = FALSE;

  g_timeout_add (ms, set_flag, &fired);
  while (!fired)
    iterate_once (run, phase);
}

static gboolean
scroll_step (gpointer data)
{
  Run *run = data;
  double lower = gtk_adjustment_get_lower (run->vadj);
  double bottom = gtk_adjustment_get_upper (run->vadj) - gtk_adjustment_get_page_size (run->vadj);
  double value;

  run->step++;
  if (run->sweep)
    value = lower + (bottom - lower) * run->step / run->n_steps;
  else
    value = gtk_adjustment_get_value (run->vadj) + run->step_px;
  gtk_adjustment_set_value (run->vadj, MIN (value, bottom));
  if (run->step >= run->n_steps || (!run->sweep && value >= bottom))
    {
      run->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
scroll_phase (Run *run, Phase *phase, gboolean sweep, guint n_steps)
{
  gtk_adjustment_set_value (run->vadj, gtk_adjustment_get_lower (run->vadj));
  iterate_for (run, NULL, 300);

  run->phase = phase;
  run->step = 0;
  run->n_steps = n_steps;
  run->step_px = STEP_PX;
  run->sweep = sweep;
  run->done = FALSE;
  g_timeout_add (STEP_MS, scroll_step, run);
  while (!run->done)
    iterate_once (run, phase);
  /* Let the last pages land and paint. */
  iterate_for (run, phase, 200);
}

static void
jump_phase (Run *run, Phase *phase)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  for (guint i = 0; i < N_JUMPS; i++)
    {
      double bottom = gtk_adjustment_get_upper (run->vadj) - gtk_adjustment_get_page_size (run->vadj);

      run->step = i + 1;
      gtk_adjustment_set_value (run->vadj, g_rand_double_range (rand, 0, MAX (bottom, 1)));
      iterate_for (run, phase, JUMP_MS);
    }
}

enum { SMOOTH, SWEEP, JUMPS, N_PHASES };

typedef struct {
  double  first_paint_ms;
  double  first_data_ms;
  guint   frames_to_data;
  Phase   phases[N_PHASES];
  char   *rss_open;
  char   *rss_scrolled;
  double  upper;
} Result;

static void
measure (Run *run, Result *result)
{
  static const char * const names[N_PHASES] = { "smooth", "sweep", "jumps" };
  gint64 end;

  for (guint p = 0; p < N_PHASES; p++)
    result->phases[p].name = names[p];

  gtk_window_set_default_size (GTK_WINDOW (run->window), 1000, 700);
  gtk_widget_realize (run->window);
  connect_clock (run);
  run->presented = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (run->window));

  end = run->presented + 20 * G_USEC_PER_SEC;
  while (run->first_data == 0 && g_get_monotonic_time () < end)
    iterate_once (run, NULL);
  g_assert_cmpint (run->first_data, !=, 0);
  result->first_paint_ms = (run->first_paint - run->presented) / 1000.0;
  result->first_data_ms = (run->first_data - run->presented) / 1000.0;
  result->frames_to_data = run->frames_to_data;

  iterate_for (run, NULL, 500);
  result->rss_open = rss_string ();

  scroll_phase (run, &result->phases[SMOOTH], FALSE, SMOOTH_STEPS);
  scroll_phase (run, &result->phases[SWEEP], TRUE, SWEEP_STEPS);
  result->upper = gtk_adjustment_get_upper (run->vadj);
  jump_phase (run, &result->phases[JUMPS]);
  result->rss_scrolled = rss_string ();

  gtk_window_destroy (GTK_WINDOW (run->window));
  iterate_for (run, NULL, 300);
}

/* ------------------------------------------------------------------------ */
/* The peer: a bare GtkListView over a GtkStringList */

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

static void
run_peer (Result *result)
{
  GtkStringList *strings;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *sw = gtk_scrolled_window_new ();
  GtkWidget *view;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Run run = { 0 };
  gint64 t = g_get_monotonic_time ();

  for (guint i = 0; i < N_ROWS; i++)
    g_ptr_array_add (texts, g_strdup_printf ("Baris %u", i + 1));
  g_ptr_array_add (texts, NULL);
  strings = gtk_string_list_new ((const char * const *) texts->pdata);
  g_print ("peer: GtkStringList of %u strings made in %.0f ms\n",
           g_list_model_get_n_items (G_LIST_MODEL (strings)), (g_get_monotonic_time () - t) / 1000.0);

  g_signal_connect (factory, "setup", G_CALLBACK (peer_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (peer_bind), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (strings))), factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), view);

  run.name = "GtkListView";
  run.window = gtk_window_new ();
  run.view = view;
  run.ready = peer_ready;
  run.vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
  gtk_window_set_child (GTK_WINDOW (run.window), sw);
  measure (&run, result);
}

static void
run_case_list (SertelStore *store, Result *result)
{
  GtkWidget *list = sertel_case_list_new ();
  GtkWidget *column_view;
  Run run = { 0 };

  sertel_case_list_set_store (SERTEL_CASE_LIST (list), store);
  sertel_case_list_set_queue (SERTEL_CASE_LIST (list), SERTEL_QUEUE_ALL);
  column_view = (GtkWidget *) gtk_widget_get_template_child (list, SERTEL_TYPE_CASE_LIST, "column_view");

  run.name = "SertelCaseList";
  run.window = gtk_window_new ();
  run.view = column_view;
  run.model = G_LIST_MODEL (sertel_case_list_get_model (SERTEL_CASE_LIST (list)));
  run.ready = case_list_ready;
  run.vadj = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW)));
  gtk_window_set_child (GTK_WINDOW (run.window), list);
  measure (&run, result);
}

/* A first window, so neither run pays for loading the theme and fonts. */
static void
warm_up (void)
{
  GtkWidget *window = gtk_window_new ();
  gint64 end = g_get_monotonic_time () + 500 * 1000;

  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Sertel 001/DIKBUD/2026 Dinas Kesehatan"));
  gtk_window_present (GTK_WINDOW (window));
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
print_row (const char *what, double a, double b, const char *unit)
{
  g_print ("  %-34s %12.1f %12.1f %s %8.2f×\n", what, a, b, unit, b > 0 ? a / b : 0.0);
}

static void
print_phase (const Phase *a, const Phase *b)
{
  g_autofree char *what = g_strdup_printf ("%s: longest iteration", a->name);
  g_autofree char *over = g_strdup_printf ("%s: iterations > 16.7 ms", a->name);
  g_autofree char *frames = g_strdup_printf ("%s: frames painted", a->name);
  g_autofree char *mean = g_strdup_printf ("%s: mean frame (upd+lay+paint)", a->name);

  print_row (what, a->max_us / 1000.0, b->max_us / 1000.0, "ms");
  g_print ("  %-34s %12u %12u    of %u / %u iterations\n", over, a->over, b->over, a->iterations, b->iterations);
  g_print ("  %-34s %12u %12u\n", frames, a->frames, b->frames);
  print_row (mean, a->frames ? a->frame_total_us / 1000.0 / a->frames : 0.0,
             b->frames ? b->frame_total_us / 1000.0 / b->frames : 0.0, "ms");
}

static void
print_worst (const char *name, const Phase *p)
{
  g_print ("  %-14s %-6s worst %.1f ms at step %u (value %.0f px): frame update %.1f, layout %.1f, paint %.1f ms,"
           " outside the frame %.1f ms\n",
           name, p->name, p->max_us / 1000.0, p->max_step, p->max_at, p->max_update / 1000.0, p->max_layout / 1000.0,
           p->max_paint / 1000.0, (p->max_us - p->max_update - p->max_layout - p->max_paint) / 1000.0);
}

int
main (int argc, char *argv[])
{
  g_autofree char *rss_start = NULL;
  Result cases = { 0 }, peer = { 0 };
  Fx fx = { 0 };
  gint64 t;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("no display: skipped (run under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PREFIX "/icons");
  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);

  fx_setup (&fx, NULL);
  t = g_get_monotonic_time ();
  fill (&fx, COPIES);
  g_print ("register of %" G_GINT64_FORMAT " requests made in %.0f ms\n", count_rows (fx.path, "request"),
           (g_get_monotonic_time () - t) / 1000.0);
  g_assert_cmpint (count_rows (fx.path, "request"), ==, N_ROWS);

  warm_up ();
  rss_start = rss_string ();

  run_case_list (fx.store, &cases);
  run_peer (&peer);

  g_print ("\n  %-34s %12s %12s    %8s\n", "100,000 rows", "SertelCaseList", "GtkListView", "ratio");
  print_row ("present → first frame", cases.first_paint_ms, peer.first_paint_ms, "ms");
  print_row ("present → first row with data", cases.first_data_ms, peer.first_data_ms, "ms");
  g_print ("  %-34s %12u %12u\n", "  (frames until then)", cases.frames_to_data, peer.frames_to_data);
  for (guint p = 0; p < N_PHASES; p++)
    print_phase (&cases.phases[p], &peer.phases[p]);
  print_row ("scroll height (upper)", cases.upper, peer.upper, "px");
  g_print ("  %-34s %12s %12s\n", "RSS with the list open", cases.rss_open, peer.rss_open);
  g_print ("  %-34s %12s %12s\n", "RSS after scrolling", cases.rss_scrolled, peer.rss_scrolled);
  g_print ("  %-34s %12s\n", "RSS before (register made, warm)", rss_start);
  g_print ("\n  steps: smooth %.0f px every %d ms from the top (%d steps); sweep top to bottom in %d steps every %d ms;"
           " %d random jumps, %d ms each\n", STEP_PX, STEP_MS, SMOOTH_STEPS, SWEEP_STEPS, STEP_MS, N_JUMPS, JUMP_MS);
  for (guint p = 0; p < N_PHASES; p++)
    print_worst ("SertelCaseList", &cases.phases[p]);
  for (guint p = 0; p < N_PHASES; p++)
    print_worst ("GtkListView", &peer.phases[p]);

  for (guint p = 0; p < 2; p++)
    {
      Result *r = p ? &peer : &cases;
      g_free (r->rss_open);
      g_free (r->rss_scrolled);
    }
  fx_teardown (&fx, NULL);
  remove_template ();
  return 0;
}
