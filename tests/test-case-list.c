/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case list over a demo register: rows fill in from the paged model,
 * the search entry filters, queues switch, an empty result says so, and
 * activating a row asks the window to open that case. Screenshots in
 * English and Indonesian, light and dark. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-case-list.h"
#include "sertel-demo.h"
#include "sertel-store-query.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

/* 2026-11-20 10:00 UTC: a fixed "now" so the pictures do not drift. */
#define NOW G_GINT64_CONSTANT (1795168800)

typedef struct {
  const char *lang;
  gboolean    dark;
} Variant;

static const Variant variants[] = {
  { NULL, FALSE },
  { "id", FALSE },
  { "id", TRUE },
};

static char *register_path;

static gint64
fixed_clock (gpointer data G_GNUC_UNUSED)
{
  return NOW;
}

static SertelStore *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  SertelStore *store;

  if (register_path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("sertel-case-list-XXXXXX", NULL);
      g_autoptr(SertelStore) fresh = NULL;

      g_assert_nonnull (dir);
      register_path = g_build_filename (dir, "sertel.db", NULL);
      fresh = sertel_store_open (register_path, &error);
      g_assert_no_error (error);
      g_assert_true (sertel_demo_fill_full (fresh, 60, SERTEL_DEMO_SEED, NOW, &error));
      g_assert_no_error (error);
    }
  store = sertel_store_open (register_path, &error);
  g_assert_no_error (error);
  sertel_store_set_clock (store, fixed_clock, NULL);
  return store;
}

static void
apply_variant (const Variant *v)
{
  sertel_test_ui_use_language (v->lang);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      v->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static GtkWidget *
find_label_with_text (GtkWidget *root, const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = find_label_with_text (child, text)))
        return found;
    }
  return NULL;
}

static void
wait_loaded (SertelCaseList *list)
{
  SertelRequestListModel *model = sertel_case_list_get_model (list);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Past the entry's search delay first, then until every read is back. */
  sertel_test_ui_iterate (250);
  while ((sertel_request_list_model_get_loading (model) || !sertel_request_list_model_is_counted (model)) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sertel_request_list_model_get_loading (model));
  sertel_test_ui_iterate (150);   /* rows rebind and paint */
}

/* The first rows of the store's answer are on screen, in order of the model. */
static void
assert_rows (GtkWidget *window, SertelStore *store, SertelQueue queue, const char *search, guint expected_min)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sertel_store_query_requests (store, queue, search, 0, 5, &error);
  guint n = 0;

  g_assert_no_error (error);
  g_assert_true (sertel_store_count_query (store, queue, search, &n, &error));
  g_assert_cmpuint (n, >=, expected_min);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *letter = sertel_request_get_letter_number (g_ptr_array_index (rows, i));
      gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
      /* A slow build (sanitizers) binds the rows a while after loading. */
      while (find_label_with_text (window, letter) == NULL && g_get_monotonic_time () < end)
        sertel_test_ui_iterate (50);
      if (find_label_with_text (window, letter) == NULL)
        g_error ("row %u (%s) is not shown", i, letter);
    }
}

typedef struct {
  gint64 opened;
  guint  calls;
} OpenCase;

static void
on_open_case (GSimpleAction *action G_GNUC_UNUSED, GVariant *param, gpointer data)
{
  OpenCase *oc = data;

  oc->opened = g_variant_get_int64 (param);
  oc->calls++;
}

static void
test_case_list (void)
{
  g_autoptr(SertelStore) store = open_demo ();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The application loads this itself; a bare window in a test does not. */
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      const Variant *variant = &variants[v];
      const char *suffix = variant->lang ? (variant->dark ? "id-dark" : "id-light") : "en-light";
      g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
      g_autoptr(GSimpleAction) open = g_simple_action_new ("open-case", G_VARIANT_TYPE_INT64);
      g_autoptr(GError) error = NULL;
      g_autoptr(SertelRequest) first = NULL;
      g_autofree char *shot = NULL;
      g_autofree char *name_prefix = NULL;
      OpenCase oc = { 0, 0 };
      SertelRequestListModel *model;
      GtkWidget *window, *entry, *column_view, *stack;
      SertelCaseList *list;
      guint n = 0;

      apply_variant (variant);
      g_signal_connect (open, "activate", G_CALLBACK (on_open_case), &oc);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (open));

      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
      gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
      list = SERTEL_CASE_LIST (sertel_case_list_new ());
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
      g_object_set (list, "store", store, "queue", SERTEL_QUEUE_ALL, NULL);
      gtk_window_present (GTK_WINDOW (window));
      sertel_test_ui_wait_mapped (window);
      wait_loaded (list);

      model = sertel_case_list_get_model (list);
      entry = sertel_case_list_get_search_entry (list);
      column_view = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (list), SERTEL_TYPE_CASE_LIST, "column_view");
      stack = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (list), SERTEL_TYPE_CASE_LIST, "stack");
      g_assert_true (GTK_IS_SEARCH_ENTRY (entry));

      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60);
      assert_rows (window, store, SERTEL_QUEUE_ALL, NULL, 60);
      g_assert_nonnull (find_label_with_text (window, _("Received")));
      shot = sertel_test_ui_screenshot (window, variant->lang ? (variant->dark ? "case-list-all-id-dark"
                                                                                : "case-list-all-id-light")
                                                              : "case-list-all-en-light");
      g_clear_pointer (&shot, g_free);

      /* Typing an applicant's first name (a prefix) filters the rows. */
      {
        g_autoptr(GPtrArray) rows = sertel_store_query_requests (store, SERTEL_QUEUE_ALL, NULL, 3, 1, &error);
        g_autoptr(GPtrArray) people = sertel_store_list_applicants (
          store, sertel_request_get_id (g_ptr_array_index (rows, 0)), &error);
        const char *name = sertel_applicant_get_name (g_ptr_array_index (people, 0));
        name_prefix = g_strndup (name, 5);
      }
      gtk_widget_grab_focus (entry);
      gtk_editable_set_text (GTK_EDITABLE (entry), name_prefix);
      wait_loaded (list);
      g_assert_cmpstr (sertel_case_list_get_search (list), ==, name_prefix);
      g_assert_true (sertel_store_count_query (store, SERTEL_QUEUE_ALL, name_prefix, &n, &error));
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <, 60);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
      assert_rows (window, store, SERTEL_QUEUE_ALL, name_prefix, 1);
      {
        g_autofree char *name = g_strdup_printf ("case-list-search-%s", suffix);
        shot = sertel_test_ui_screenshot (window, name);
        g_clear_pointer (&shot, g_free);
      }

      /* Nothing found: the list says so. */
      gtk_editable_set_text (GTK_EDITABLE (entry), "zzz-tidak-ada");
      wait_loaded (list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
      g_assert_nonnull (find_label_with_text (window, _("No Matches")));
      {
        g_autofree char *name = g_strdup_printf ("case-list-no-match-%s", suffix);
        sertel_test_ui_iterate (300);   /* the crossfade */
        shot = sertel_test_ui_screenshot (window, name);
        g_clear_pointer (&shot, g_free);
      }

      /* Another queue, with the search cleared. */
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      sertel_case_list_set_queue (list, SERTEL_QUEUE_COMPLETED);
      wait_loaded (list);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "list");
      g_assert_true (sertel_store_count_query (store, SERTEL_QUEUE_COMPLETED, NULL, &n, &error));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
      assert_rows (window, store, SERTEL_QUEUE_COMPLETED, NULL, 1);

      /* Enter or a double click on a row opens the case. */
      sertel_case_list_set_queue (list, SERTEL_QUEUE_ALL);
      wait_loaded (list);
      first = g_list_model_get_item (G_LIST_MODEL (model), 2);
      g_assert_cmpint (sertel_request_get_id (first), !=, 0);
      g_signal_emit_by_name (column_view, "activate", 2);
      g_assert_cmpuint (oc.calls, ==, 1);
      g_assert_cmpint (oc.opened, ==, sertel_request_get_id (first));

      /* A change elsewhere shows after a refresh. */
      sertel_case_list_refresh (list);
      wait_loaded (list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60);

      gtk_window_destroy (GTK_WINDOW (window));
      sertel_test_ui_iterate (50);
    }
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  if (!sertel_test_ui_init ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  g_test_add_func ("/case-list/browse-search-open", test_case_list);
  rc = g_test_run ();
  if (register_path)
    {
      g_autofree char *dir = g_path_get_dirname (register_path);
      g_remove (register_path);
      g_rmdir (dir);
    }
  return rc;
}
