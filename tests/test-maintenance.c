/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Housekeeping in the running app, through real widgets and files: at start
 * the retention rule removes old scans and a backup is written in the
 * background; Preferences → Records shows the outcome (or the error) and
 * "Back Up Now" writes one; the case page says a scan was removed under the
 * retention rule. Screenshots in English, Indonesian and dark. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-test-util.c"
#include "sertel-case-page.h"
#include "sertel-maintenance.h"
#include "sertel-maintenance-page.h"
#include "sertel-store-lifecycle.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static gint64
unix_utc (int y, int mo, int d)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, 9, 0, 0);
  return g_date_time_to_unix (dt);
}

/* A case completed on @when: one applicant issued, one rejected. */
static gint64
completed_case (Fx *fx, gint64 when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  gint64 id;

  fake_now = when;
  id = create_two (fx, "800/1/DINKES/2020", NULL);
  to_verifikator (fx, id);
  listed = sertel_store_list_applicants (fx->store, id, &error);
  g_assert_no_error (error);
  move_applicant_ok (fx, sertel_applicant_get_id (listed->pdata[0]), SERTEL_ACTION_MARK_REGISTERED, NULL);
  move_applicant_ok (fx, sertel_applicant_get_id (listed->pdata[0]), SERTEL_ACTION_MARK_ISSUED, NULL);
  move_applicant_ok (fx, sertel_applicant_get_id (listed->pdata[1]), SERTEL_ACTION_MARK_REJECTED,
                     "Data KTP tidak sesuai dengan data NIP");
  return id;
}

static void
wait_for (gboolean (*done) (gpointer), gpointer data)
{
  for (guint i = 0; i < 1000 && !done (data); i++)
    sertel_test_ui_iterate (10);
  g_assert_true (done (data));
}

static gboolean
backup_recorded (gpointer data)
{
  return g_settings_get_int64 (G_SETTINGS (data), "backup-last-time") != 0;
}

static gboolean
error_recorded (gpointer data)
{
  g_autofree char *error = g_settings_get_string (G_SETTINGS (data), "backup-last-error");
  return *error != '\0';
}

static guint
files_in (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static GtkWidget *
child (GtkWidget *page, const char *name)
{
  GtkWidget *w = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAINTENANCE_PAGE, name));
  g_assert_nonnull (w);
  return w;
}

static void
reset_settings (GSettings *settings)
{
  const char *keys[] = { "backup-folder", "backup-last-time", "backup-last-error", "backup-enabled",
                         "backup-keep-days", "retention-years" };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* At start: the old case loses its scans, a backup lands beside the
 * register, and both happen off the main thread. */
static void
test_start (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SertelMaintenance) maintenance = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fx->dir, "backups", NULL);
  g_autofree char *newest = NULL;
  gint64 old_case, recent_case;
  gint64 t0;

  reset_settings (settings);
  sertel_store_set_clock (fx->store, fake_clock, NULL);
  old_case = completed_case (fx, unix_utc (2020, 3, 2));
  recent_case = completed_case (fx, unix_utc (2025, 3, 2));
  fake_now = unix_utc (2026, 11, 25);

  maintenance = sertel_maintenance_new (fx->store, settings);
  t0 = g_get_monotonic_time ();
  sertel_maintenance_start (maintenance);
  /* Nothing was done on the main thread before start returned. */
  g_test_message ("start returned after %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - t0);
  g_assert_cmpint (g_settings_get_int64 (settings, "backup-last-time"), ==, 0);
  wait_for (backup_recorded, settings);

  g_assert_cmpint (g_settings_get_int64 (settings, "backup-last-time"), ==, fake_now);
  g_assert_cmpint (sertel_backup_newest (folder, &newest), ==, fake_now);
  g_assert_true (sertel_store_check_file (newest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM attachment WHERE purged_at IS NOT NULL"), ==, 2);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM attachment WHERE purged_at IS NOT NULL"
                                            " AND request_id = %" G_GINT64_FORMAT, old_case);
    g_assert_cmpint (raw_int (fx->path, sql), ==, 2);
  }
  (void) recent_case;

  /* A folder that cannot be written: the error is kept for Preferences. */
  {
    g_autofree char *blocker = g_build_filename (fx->dir, "a-file", NULL);
    g_autofree char *bad = g_build_filename (blocker, "backups", NULL);
    g_file_set_contents (blocker, "", 0, &error);
    g_assert_no_error (error);
    g_settings_set_string (settings, "backup-folder", bad);
    fake_now += 2 * 24 * 3600;
    g_clear_object (&maintenance);
    maintenance = sertel_maintenance_new (fx->store, settings);
    sertel_maintenance_start (maintenance);
    wait_for (error_recorded, settings);
  }
  reset_settings (settings);
}

typedef struct {
  GtkWidget *window;
  GtkWidget *page;
} Ui;

static void
ui_open (Ui *ui, SertelStore *store, GSettings *settings)
{
  ui->window = adw_preferences_window_new ();
  ui->page = sertel_maintenance_page_new (store, settings);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (ui->window), ADW_PREFERENCES_PAGE (ui->page));
  gtk_window_set_default_size (GTK_WINDOW (ui->window), 640, 860);
  gtk_window_present (GTK_WINDOW (ui->window));
  sertel_test_ui_wait_mapped (ui->window);
}

static gboolean
status_says_made (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (data));
  return subtitle && strstr (subtitle, "Made and checked") != NULL;
}

static void
test_page (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *folder = g_build_filename (fx->dir, "backups", NULL);
  GtkWidget *status;
  Ui ui = { 0 };

  reset_settings (settings);
  ui_open (&ui, fx->store, settings);
  status = child (ui.page, "status_row");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status)), "No backup"));
  /* The default folder is shown, beside the register. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (ui.page, "folder_row"))), folder));
  g_assert_false (gtk_widget_get_visible (child (ui.page, "reset_button")));

  /* The controls are the settings. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (ui.page, "keep_spin")), 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "backup-keep-days"), ==, 30);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (ui.page, "retention_spin")), 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "retention-years"), ==, 0);
  gtk_switch_set_active (GTK_SWITCH (child (ui.page, "enabled_switch")), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "backup-enabled"));

  /* Back Up Now works with the automatic backup off, and shows the result. */
  g_assert_cmpuint (files_in (folder), ==, 0);
  g_signal_emit_by_name (child (ui.page, "backup_button"), "clicked");
  wait_for (status_says_made, status);
  g_assert_cmpuint (files_in (folder), ==, 1);
  g_free (sertel_test_ui_screenshot (ui.window, "records-preferences-en-light"));

  /* A failure is shown with its reason. */
  g_settings_set_string (settings, "backup-last-error",
                         "The backup folder /media/usb/cadangan could not be created. Choose another folder in Preferences.");
  sertel_test_ui_iterate (50);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status)), "failed"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (status)), "/media/usb/cadangan"));
  g_free (sertel_test_ui_screenshot (ui.window, "records-preferences-error-en-light"));

  gtk_window_destroy (GTK_WINDOW (ui.window));
  reset_settings (settings);
}

static void
test_screenshots (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  static const struct { const char *lang; gboolean dark; } variants[] = {
    { "id", FALSE }, { "en", TRUE }, { "id", TRUE },
  };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  reset_settings (settings);
  g_settings_set_int64 (settings, "backup-last-time", unix_utc (2026, 11, 25));
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = g_strdup_printf ("records-preferences-%s-%s", variants[i].lang,
                                               variants[i].dark ? "dark" : "light");
      Ui ui = { 0 };

      sertel_test_ui_use_language (g_strcmp0 (variants[i].lang, "en") == 0 ? NULL : variants[i].lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variants[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      ui_open (&ui, fx->store, settings);
      sertel_test_ui_iterate (50);
      g_free (sertel_test_ui_screenshot (ui.window, name));
      gtk_window_destroy (GTK_WINDOW (ui.window));
    }
  sertel_test_ui_use_language (NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  reset_settings (settings);
}

/* The case page of a purged case says what happened to the scans. */
static GtkWidget *
find_label (GtkWidget *w, const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;
      if (GTK_IS_LABEL (c) && strstr (gtk_label_get_label (GTK_LABEL (c)), text))
        return c;
      if ((found = find_label (c, text)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
page_lists_removal (gpointer data)
{
  return find_label (data, "retention rule") != NULL || find_label (data, "aturan retensi") != NULL;
}

/* Scrolls the page so that @w is in view. */
static void
scroll_to (GtkWidget *w)
{
  GtkWidget *sw = gtk_widget_get_ancestor (w, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  double x = 0, y = 0;

  g_assert_nonnull (sw);
  sertel_test_ui_iterate (300);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
  g_assert_true (gtk_widget_translate_coordinates (w, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (sw)), 0, 0, &x, &y));
  g_test_message ("scroll: y %.0f of %.0f (page %.0f)", y, gtk_adjustment_get_upper (adj), gtk_adjustment_get_page_size (adj));
  gtk_adjustment_set_value (adj, MIN (y - 200, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)));
  sertel_test_ui_iterate (300);
}

static void
test_case_page (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  SertelPurgeReport report = { 0 };
  GtkWidget *window, *page;
  gint64 id;

  sertel_store_set_clock (fx->store, fake_clock, NULL);
  id = completed_case (fx, unix_utc (2020, 3, 2));
  fake_now = unix_utc (2026, 11, 25);
  g_assert_true (sertel_store_purge_expired (fx->store, 5, FALSE, &report, &error));
  g_assert_no_error (error);
  sertel_purge_report_clear (&report);

  for (guint i = 0; i < 2; i++)
    {
      const char *lang = i == 0 ? NULL : "id";
      g_autofree char *name = g_strdup_printf ("case-page-retention-%s-light", lang ? lang : "en");

      sertel_test_ui_use_language (lang);
      window = gtk_window_new ();
      page = GTK_WIDGET (sertel_case_page_new (fx->store, fx->verif, id));
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
      gtk_window_present (GTK_WINDOW (window));
      sertel_test_ui_wait_mapped (window);
      wait_for (page_lists_removal, page);
      scroll_to (find_label (page, "retention rule") ? find_label (page, "retention rule")
                                                      : find_label (page, "aturan retensi"));
      g_free (sertel_test_ui_screenshot (window, name));
      gtk_window_destroy (GTK_WINDOW (window));
    }
  sertel_test_ui_use_language (NULL);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }
  g_test_add ("/maintenance/start", Fx, NULL, fx_setup, test_start, fx_teardown);
  g_test_add ("/maintenance/page", Fx, NULL, fx_setup, test_page, fx_teardown);
  g_test_add ("/maintenance/screenshots", Fx, NULL, fx_setup, test_screenshots, fx_teardown);
  g_test_add ("/maintenance/case-page", Fx, NULL, fx_setup, test_case_page, fx_teardown);
  status = g_test_run ();
  remove_template ();
  return status;
}
