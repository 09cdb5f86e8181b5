/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard over a demo register: the tiles show the store's counts,
 * a click on a tile asks the window for that queue, a refresh after a change
 * shows it; screenshots in English and Indonesian, light and dark. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sertel-dashboard-page.h"
#include "sertel-demo.h"
#include "sertel-print.h"
#include "sertel-report.h"
#include "sertel-store-query.h"
#include "sertel-store-report.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

/* 2026-11-20 10:00 UTC: a fixed "now" so the pictures do not drift. */
#define NOW G_GINT64_CONSTANT (1795168800)

typedef struct {
  const char *lang;
  gboolean    dark;
  const char *suffix;
} Variant;

static const Variant variants[] = {
  { NULL, FALSE, "en-light" },
  { "id", FALSE, "id-light" },
  { "id", TRUE, "id-dark" },
};

static gint64
fixed_clock (gpointer data G_GNUC_UNUSED)
{
  return NOW;
}

static SertelStore *
open_demo (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SertelStore *store;

  *out_dir = g_dir_make_tmp ("sertel-dashboard-XXXXXX", NULL);
  g_assert_nonnull (*out_dir);
  path = g_build_filename (*out_dir, "sertel.db", NULL);
  store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (sertel_demo_fill_full (store, 80, SERTEL_DEMO_SEED, NOW, &error));
  g_assert_no_error (error);
  sertel_store_set_clock (store, fixed_clock, NULL);
  return store;
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return child;
      if ((found = find_named (child, name)))
        return found;
    }
  return NULL;
}

/* The first label under @root (a tile's or card's number). */
static const char *
first_label (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *text;

      if (GTK_IS_LABEL (child))
        return gtk_label_get_text (GTK_LABEL (child));
      if ((text = first_label (child)))
        return text;
    }
  return NULL;
}

static void
wait_loaded (SertelDashboardPage *page)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sertel_dashboard_page_get_loading (page) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sertel_dashboard_page_get_loading (page));
  sertel_test_ui_iterate (150);
}

static void
assert_number (GtkWidget *window, const char *name, guint expected)
{
  GtkWidget *w = find_named (window, name);
  g_autofree char *want = g_strdup_printf ("%u", expected);

  if (w == NULL)
    g_error ("no widget named %s", name);
  g_assert_cmpstr (first_label (w), ==, want);
}

static void
assert_matches_store (GtkWidget *window, SertelStore *store)
{
  g_autoptr(GError) error = NULL;
  guint counts[SERTEL_N_QUEUES], overdue[SERTEL_N_QUEUES];
  gint64 start[SERTEL_REPORT_MONTHS + 1];
  guint req[SERTEL_REPORT_MONTHS], iss[SERTEL_REPORT_MONTHS];

  g_assert_true (sertel_store_count_queues (store, counts, overdue, &error));
  g_assert_true (sertel_store_report_monthly (store, NOW, start, req, iss, &error));
  g_assert_no_error (error);
  for (guint q = 0; q < SERTEL_N_QUEUES; q++)
    {
      g_autofree char *name = g_strdup_printf ("queue-%s", sertel_queue_to_string (q));
      assert_number (window, name, counts[q]);
    }
  assert_number (window, "summary-open",
                 counts[SERTEL_QUEUE_ALL] - counts[SERTEL_QUEUE_COMPLETED] - counts[SERTEL_QUEUE_RETURNED]);
  assert_number (window, "summary-overdue", overdue[SERTEL_QUEUE_ALL]);
  assert_number (window, "summary-issued", iss[SERTEL_REPORT_MONTHS - 1]);
}

typedef struct {
  char  *queue;
  guint  calls;
  char  *toast;
} ShowQueue;

static void
on_toast (GSimpleAction *action G_GNUC_UNUSED, GVariant *param, gpointer data)
{
  ShowQueue *sq = data;

  g_free (sq->toast);
  sq->toast = g_variant_dup_string (param, NULL);
}

static void
on_show_queue (GSimpleAction *action G_GNUC_UNUSED, GVariant *param, gpointer data)
{
  ShowQueue *sq = data;

  g_free (sq->queue);
  sq->queue = g_variant_dup_string (param, NULL);
  sq->calls++;
}

static void
test_dashboard (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SertelStore) store = open_demo (&dir);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  g_autoptr(GPtrArray) all_staff = sertel_store_list_staff (store, FALSE, NULL);
  SertelStaff *signed_in = NULL;

  for (guint i = 0; i < all_staff->len; i++)
    if (sertel_staff_get_role (g_ptr_array_index (all_staff, i)) == SERTEL_ROLE_KASI)
      signed_in = g_ptr_array_index (all_staff, i);
  g_assert_nonnull (signed_in);
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const Variant *variant = &variants[v];
      g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
      g_autoptr(GSimpleAction) show = g_simple_action_new ("show-queue", G_VARIANT_TYPE_STRING);
      g_autoptr(GSimpleAction) toast = g_simple_action_new ("toast", G_VARIANT_TYPE_STRING);
      g_autofree char *shot_name = g_strdup_printf ("dashboard-%s", variant->suffix);
      g_autofree char *shot = NULL;
      ShowQueue sq = { NULL, 0, NULL };
      SertelDashboardPage *page;
      GtkWidget *window, *tile;

      sertel_test_ui_use_language (variant->lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variant->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      g_signal_connect (show, "activate", G_CALLBACK (on_show_queue), &sq);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show));
      g_signal_connect (toast, "activate", G_CALLBACK (on_toast), &sq);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (toast));

      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, 1000);
      gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
      page = SERTEL_DASHBOARD_PAGE (sertel_dashboard_page_new ());
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
      g_object_set (page, "store", store, NULL);
      /* Signed in for the pictures after the first; the first checks the
       * export waits for someone on record. */
      if (v > 0)
        g_object_set (page, "actor", signed_in, NULL);
      g_assert_true (sertel_dashboard_page_get_store (page) == store);
      gtk_window_present (GTK_WINDOW (window));
      sertel_test_ui_wait_mapped (window);
      wait_loaded (page);

      assert_matches_store (window, store);
      shot = sertel_test_ui_screenshot (window, shot_name);
      g_test_message ("screenshot: %s", shot);

      /* A tile opens its queue. */
      tile = find_named (window, "queue-kabid");
      g_assert_true (GTK_IS_BUTTON (tile));
      g_signal_emit_by_name (tile, "clicked");
      g_assert_cmpuint (sq.calls, ==, 1);
      g_assert_cmpstr (sq.queue, ==, "kabid");
      g_signal_emit_by_name (find_named (window, "queue-all"), "clicked");
      g_assert_cmpstr (sq.queue, ==, "all");

      /* A change in the register shows after a refresh. */
      if (v == 0)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) waiting = sertel_store_query_requests (store, SERTEL_QUEUE_DISPOSITION, NULL, 0, 1,
                                                                       &error);
          g_autoptr(GPtrArray) staff = sertel_store_list_staff (store, FALSE, &error);
          SertelStaff *kadis = NULL;
          SertelRequest *r;

          g_assert_no_error (error);
          g_assert_cmpuint (waiting->len, ==, 1);
          r = g_ptr_array_index (waiting, 0);
          for (guint i = 0; i < staff->len; i++)
            if (sertel_staff_get_role (g_ptr_array_index (staff, i)) == SERTEL_ROLE_KEPALA_DINAS)
              kadis = g_ptr_array_index (staff, i);
          g_assert_nonnull (kadis);
          g_assert_true (sertel_store_move_request (store, kadis, sertel_request_get_id (r),
                                                    sertel_request_get_version (r), SERTEL_ACTION_DISPOSE, 0,
                                                    NULL, &error));
          g_assert_no_error (error);
          sertel_dashboard_page_refresh (page);
          wait_loaded (page);
          assert_matches_store (window, store);

          /* The export needs someone on record. */
          g_assert_false (gtk_widget_get_sensitive (find_named (window, "export-button")));
          g_assert_true (gtk_widget_get_sensitive (find_named (window, "print-report-button")));
          g_object_set (page, "actor", kadis, NULL);
          wait_loaded (page);
          g_assert_true (gtk_widget_get_sensitive (find_named (window, "export-button")));

          /* This year's register, as a spreadsheet, on record. */
          {
            GtkWidget *dropdown = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (page), SERTEL_TYPE_DASHBOARD_PAGE,
                                                                 "period_dropdown");
            g_autofree char *xlsx = g_build_filename (dir, "register.xlsx", NULL);
            g_autoptr(GPtrArray) audit = NULL;
            gint64 from, to, year_from, year_to;
            gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
            guint exports = 0;

            sertel_dashboard_page_get_period (page, &from, &to);
            sertel_report_month_of (NOW, &year_from, &year_to);
            g_assert_cmpint (from, ==, year_from);
            g_assert_cmpint (to, ==, year_to);
            gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 3);
            sertel_dashboard_page_get_period (page, &from, &to);
            sertel_report_year_of (NOW, &year_from, &year_to);
            g_assert_cmpint (from, ==, year_from);
            g_assert_cmpint (to, ==, year_to);

            sertel_dashboard_page_export_to (page, xlsx);
            g_assert_true (sertel_dashboard_page_get_busy (page));
            g_assert_false (gtk_widget_get_sensitive (find_named (window, "export-button")));
            while (sertel_dashboard_page_get_busy (page) && g_get_monotonic_time () < end)
              g_main_context_iteration (NULL, TRUE);
            g_assert_false (sertel_dashboard_page_get_busy (page));
            g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
            g_assert_nonnull (sq.toast);
            g_assert_true (g_str_has_prefix (sq.toast, "Exported "));
            g_assert_true (g_str_has_suffix (sq.toast, " to register.xlsx."));
            audit = sertel_store_list_audit (store, 0, "export", &error);
            g_assert_no_error (error);
            for (guint i = 0; i < audit->len; i++)
              {
                SertelAuditRecord *a = g_ptr_array_index (audit, i);
                if (g_strcmp0 (a->action, "export") == 0)
                  {
                    g_assert_cmpint (a->actor_id, ==, sertel_staff_get_id (kadis));
                    exports++;
                  }
              }
            g_assert_cmpuint (exports, ==, 1);
            g_remove (xlsx);

            /* The year's report through GtkPrintOperation (the print path of
             * "Print Report…", exported to a file instead of the dialog). */
            {
              g_autoptr(SertelLetterSettings) settings = sertel_letter_settings_new ();
              g_autoptr(SertelLetterDoc) doc = sertel_report_doc_new_from_store (store, year_from, year_to,
                                                                                settings, &error);
              g_autofree char *pdf = g_build_filename (dir, "laporan.pdf", NULL);

              g_assert_no_error (error);
              g_assert_cmpint (sertel_print_document_to_file (doc, pdf, &error), ==,
                               GTK_PRINT_OPERATION_RESULT_APPLY);
              g_assert_no_error (error);
              g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
              g_remove (pdf);
            }
          }
        }

      g_free (sq.queue);
      g_free (sq.toast);
      gtk_window_destroy (GTK_WINDOW (window));
      sertel_test_ui_iterate (50);
    }

  g_clear_object (&store);
  {
    const char *names[] = { "sertel.db", "sertel.db-wal", "sertel.db-shm", "sertel.db-journal" };
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_remove (path);
      }
    g_rmdir (dir);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!sertel_test_ui_init ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  g_test_add_func ("/dashboard/page", test_dashboard);
  return g_test_run ();
}
