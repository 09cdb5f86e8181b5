/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → BSrE through its real widgets: the settings are bound, the
 * password goes to the secrets (not GSettings), and "Check" asks a stand-in
 * BSrE on 127.0.0.1 off the main thread and shows the answer in words.
 * Screenshots in English and Indonesian, light and dark. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-bsre-preferences-page.h"
#include "sertel-secrets.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"
#include "sertel-fake-bsre.c"

#define NIK "8271035203850001"

static char *config_dir;

/* Waits (turning the main loop) until the answer row says something other
 * than @busy_text, at most 10 s. */
static const char *
wait_answer (AdwActionRow *row, const char *busy_text)
{
  for (guint i = 0; i < 1000; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (row);
      if (g_strcmp0 (subtitle, busy_text) != 0)
        return subtitle;
      sertel_test_ui_iterate (10);
    }
  g_assert_not_reached ();
}

typedef struct {
  GtkWidget *window;
  SertelBsrePreferencesPage *page;
  AdwEntryRow *url_row, *user_row, *nik_row;
  AdwPasswordEntryRow *password_row;
  AdwComboRow *version_row;
  AdwActionRow *result_row;
  GtkButton *check_button;
} Ui;

static void
ui_open (Ui *ui, GSettings *settings)
{
  ui->window = adw_preferences_window_new ();
  ui->page = SERTEL_BSRE_PREFERENCES_PAGE (sertel_bsre_preferences_page_new (settings));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (ui->window), ADW_PREFERENCES_PAGE (ui->page));
  gtk_window_set_default_size (GTK_WINDOW (ui->window), 640, 900);
  gtk_window_present (GTK_WINDOW (ui->window));
  sertel_test_ui_wait_mapped (ui->window);

  ui->url_row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "url_row"));
  ui->user_row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "user_row"));
  ui->nik_row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "nik_row"));
  ui->password_row = ADW_PASSWORD_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "password_row"));
  ui->version_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "version_row"));
  ui->result_row = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "result_row"));
  ui->check_button = GTK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (ui->page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "check_button"));
}

static void
test_settings_and_check (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *expected = NULL;
  Fake *f = fake_start ();
  const char *answer;
  Ui ui = { 0 };

  url = fake_url (f);
  fake_set_status (f, NIK, "ISSUE");
  ui_open (&ui, settings);

  /* Typed into the rows → GSettings. */
  gtk_editable_set_text (GTK_EDITABLE (ui.url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (ui.user_row), "dkip");
  adw_combo_row_set_selected (ui.version_row, 1);
  {
    g_autofree char *base_url = g_settings_get_string (settings, "bsre-base-url");
    g_autofree char *user = g_settings_get_string (settings, "bsre-user");
    g_autofree char *version = g_settings_get_string (settings, "bsre-api-version");
    g_assert_cmpstr (base_url, ==, url);
    g_assert_cmpstr (user, ==, "dkip");
    g_assert_cmpstr (version, ==, "v2");
  }
  g_settings_set_uint (settings, "bsre-poll-minutes", 15);
  g_settings_set_uint (settings, "bsre-timeout", 5);

  /* The password: applied → stored as a secret, the row emptied, not in GSettings. */
  gtk_editable_set_text (GTK_EDITABLE (ui.password_row), "kata-sandi-bsre");
  sertel_test_ui_iterate (100);   /* the page's own look-up: nothing stored yet */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (ui.password_row)), ==, _("_Password"));
  g_signal_emit_by_name (ui.password_row, "apply");
  for (guint i = 0; i < 500 && *gtk_editable_get_text (GTK_EDITABLE (ui.password_row)); i++)
    sertel_test_ui_iterate (10);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui.password_row)), ==, "");
  stored = sertel_secret_lookup ("bsre-password", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "kata-sandi-bsre");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (ui.password_row)), "stored"));
  g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (ui.password_row)), "kata-sandi"));

  /* Check: off the main thread, the answer in words, the login as set. */
  gtk_editable_set_text (GTK_EDITABLE (ui.nik_row), NIK);
  g_signal_emit_by_name (ui.check_button, "clicked");
  answer = wait_answer (ui.result_row, _("Asking BSrE…"));
  g_assert_nonnull (strstr (answer, "ISSUE"));
  g_assert_cmpstr (f->path, ==, "/api/v2/user/check/status");
  {
    g_autofree char *b64 = g_base64_encode ((const guchar *) "dkip:kata-sandi-bsre", strlen ("dkip:kata-sandi-bsre"));
    expected = g_strdup_printf ("Basic %s", b64);
  }
  g_assert_cmpstr (f->authorization, ==, expected);
  sertel_test_ui_iterate (400);   /* let the rows' title animations end */
  g_free (sertel_test_ui_screenshot (ui.window, "bsre-preferences-en-light"));

  /* A refused login reads as a sentence in the row. */
  fake_push (f, 401, "{}", NULL, 0, FALSE);
  g_signal_emit_by_name (ui.nik_row, "entry-activated");
  answer = wait_answer (ui.result_row, _("Asking BSrE…"));
  g_assert_nonnull (strstr (answer, "dkip"));

  /* Cancel a slow answer: the page is usable again at once. */
  fake_push (f, 200, NULL, NULL, 8000, FALSE);
  g_signal_emit_by_name (ui.check_button, "clicked");
  sertel_test_ui_iterate (100);
  {
    GtkButton *cancel = GTK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (ui.page), SERTEL_TYPE_BSRE_PREFERENCES_PAGE, "cancel_button"));
    gint64 start = g_get_monotonic_time ();
    g_signal_emit_by_name (cancel, "clicked");
    answer = wait_answer (ui.result_row, _("Asking BSrE…"));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
    g_assert_cmpstr (answer, ==, _("Cancelled."));
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (ui.nik_row)));
  }

  gtk_window_destroy (GTK_WINDOW (ui.window));
  fake_stop (f);
  sertel_secret_clear ("bsre-password", NULL);
}

static void
test_screenshots (void)
{
  static const struct { const char *lang; gboolean dark; } variants[] = {
    { "id", FALSE },
    { "id", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *name = g_strdup_printf ("bsre-preferences-%s-%s", variants[i].lang, variants[i].dark ? "dark" : "light");
      Ui ui = { 0 };

      sertel_test_ui_use_language (variants[i].lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variants[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      ui_open (&ui, settings);
      gtk_editable_set_text (GTK_EDITABLE (ui.url_row), "https://esign.malutprov.go.id");
      gtk_editable_set_text (GTK_EDITABLE (ui.user_row), "dkip-malut");
      sertel_test_ui_iterate (400);
      g_free (sertel_test_ui_screenshot (ui.window, name));
      gtk_window_destroy (GTK_WINDOW (ui.window));
    }
  sertel_test_ui_use_language (NULL);
}

int
main (int argc, char *argv[])
{
  int status;

  /* Secrets go to a file in a temporary config dir (no secret service here). */
  config_dir = g_dir_make_tmp ("sertel-bsre-prefs-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_unsetenv ("SERTEL_BSRE_PASSWORD");
  /* 127.0.0.1 directly, whatever proxy the machine has */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }
  g_test_add_func ("/bsre-preferences/settings-and-check", test_settings_and_check);
  g_test_add_func ("/bsre-preferences/screenshots", test_screenshots);
  status = g_test_run ();
  {
    g_autofree char *secrets = g_build_filename (config_dir, "sertel", "secrets", NULL);
    g_autofree char *sertel = g_build_filename (config_dir, "sertel", NULL);
    g_remove (secrets);
    g_rmdir (sertel);
    g_rmdir (config_dir);
  }
  g_free (config_dir);
  return status;
}
