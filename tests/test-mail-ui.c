/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox page and Preferences → Mail through their real widgets:
 * retry and cancel change the register; server settings, the password (to
 * sertel-secrets, never GSettings) and a template edit with its preview.
 * Screenshots in English and Indonesian, light and dark. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-mail-preferences-page.h"
#include "sertel-mail.h"
#include "sertel-outbox-page.h"
#include "sertel-secrets.h"
#include "sertel-store-outbox.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

typedef struct {
  const char *lang;
  gboolean    dark;
} Variant;

static const Variant variants[] = {
  { NULL, FALSE },
  { "id", FALSE },
  { "id", TRUE },
};

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

      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return child;
      if ((found = find_label_with_text (child, text)))
        return found;
    }
  return NULL;
}

static guint
count_rows (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_name (child), "outbox-row") == 0)
        n++;
      n += count_rows (child);
    }
  return n;
}

static SertelOutboxState
state_of (SertelStore *store, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelOutboxMessage) m = sertel_store_outbox_get (store, id, &error);

  g_assert_no_error (error);
  return m->state;
}

static void
wait_state (SertelStore *store, gint64 id, SertelOutboxState state)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (state_of (store, id) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sertel_test_ui_iterate (20);
    }
}

static gint64
queue (SertelStore *store, SertelStaff *actor, const char *to, const char *subject)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sertel_store_outbox_queue (store, actor, "received", 0, 0, to, NULL, subject, "Isi.", NULL, NULL, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_outbox_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sertel-mail-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sertel.db", NULL);
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autoptr(SertelStaff) admin = NULL;
  g_autoptr(SertelOutboxMessage) m = NULL;
  GtkWidget *window, *page;
  gint64 queued, failed, sent, unknown;
  guint n_unknown = 0;
  gint64 deadline;

  g_assert_no_error (error);
  admin = sertel_store_add_staff (store, NULL, "Admin Sistem", "198503122010011001", SERTEL_ROLE_ADMIN,
                                  "rahasia-kantor-2026", &error);
  g_assert_no_error (error);

  /* One message in each state a clerk meets. */
  sent = queue (store, admin, "ahmad.yani@malutprov.go.id", "Permohonan sertifikat elektronik diterima — 800/12/DISDIK/2026");
  m = sertel_store_outbox_claim_due (store, 10, &error);
  g_assert_true (sertel_store_outbox_mark_sent (store, m->id, &error));
  g_clear_pointer (&m, sertel_outbox_message_free);
  failed = queue (store, admin, "siti.nuraini@malutprov.go.id", "Surat Rekomendasi sertifikat elektronik — 000.6.5.6/12/DKIP/2026");
  m = sertel_store_outbox_claim_due (store, 10, &error);
  g_assert_true (sertel_store_outbox_mark_failed (store, m->id,
                                                  "The mail server mail.malutprov.go.id could not be reached. "
                                                  "Check the server name, the port and the network.",
                                                  sertel_store_now (store) + 120, &error));
  g_clear_pointer (&m, sertel_outbox_message_free);
  unknown = queue (store, admin, "budi.santoso@malutprov.go.id", "Sertifikat elektronik telah terbit");
  m = sertel_store_outbox_claim_due (store, 10, &error);
  g_clear_pointer (&m, sertel_outbox_message_free);
  g_assert_true (sertel_store_outbox_reconcile (store, &n_unknown, &error));
  g_assert_cmpuint (n_unknown, ==, 1);
  queued = queue (store, admin, "rina.lestari@malutprov.go.id", "Permohonan dikembalikan — 800/13/DINKES/2026");
  g_assert_no_error (error);

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *name = g_strdup_printf ("outbox-%s-%s", variants[v].lang ? variants[v].lang : "en",
                                               variants[v].dark ? "dark" : "light");
      apply_variant (&variants[v]);
      window = gtk_window_new ();
      gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
      page = sertel_outbox_page_new (store, admin);
      gtk_window_set_child (GTK_WINDOW (window), page);
      gtk_window_present (GTK_WINDOW (window));
      sertel_test_ui_wait_mapped (window);
      deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
      while (count_rows (page) < 4)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          sertel_test_ui_iterate (20);
        }
      sertel_test_ui_iterate (300);
      g_free (sertel_test_ui_screenshot (window, name));

      if (v == 0)
        {
          /* The shown error and states. */
          g_assert_nonnull (find_label_with_text (page, "Failed"));
          g_assert_nonnull (find_label_with_text (page, "Interrupted"));
          g_assert_nonnull (find_label_with_text (page, "Sent"));

          /* Retry the failed one, cancel the interrupted one. */
          gtk_widget_activate_action (page, "outbox.retry", "x", failed);
          wait_state (store, failed, SERTEL_OUTBOX_QUEUED);
          gtk_widget_activate_action (page, "outbox.cancel", "x", unknown);
          wait_state (store, unknown, SERTEL_OUTBOX_CANCELLED);

          /* A sent message cannot be cancelled: refused, nothing changes. */
          gtk_widget_activate_action (page, "outbox.cancel", "x", sent);
          sertel_test_ui_iterate (300);
          g_assert_cmpint (state_of (store, sent), ==, SERTEL_OUTBOX_SENT);
          g_assert_cmpint (state_of (store, queued), ==, SERTEL_OUTBOX_QUEUED);
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }

  /* Empty outbox: the status page. */
  {
    g_autofree char *path2 = g_build_filename (dir, "empty.db", NULL);
    g_autoptr(SertelStore) empty = sertel_store_open (path2, &error);

    g_assert_no_error (error);
    apply_variant (&variants[0]);
    window = gtk_window_new ();
    gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
    page = sertel_outbox_page_new (empty, NULL);
    gtk_window_set_child (GTK_WINDOW (window), page);
    gtk_window_present (GTK_WINDOW (window));
    sertel_test_ui_wait_mapped (window);
    sertel_test_ui_iterate (300);
    g_assert_nonnull (find_label_with_text (page, "No Messages"));
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

static void
test_mail_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *secret = NULL;
  GtkWidget *window, *page;
  GtkWidget *row;
  gint64 deadline;

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *name = g_strdup_printf ("mail-preferences-%s-%s", variants[v].lang ? variants[v].lang : "en",
                                               variants[v].dark ? "dark" : "light");
      apply_variant (&variants[v]);
      window = adw_preferences_window_new ();
      adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
      gtk_window_set_default_size (GTK_WINDOW (window), 760, 1000);
      page = sertel_mail_preferences_page_new (NULL, NULL);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
      gtk_window_present (GTK_WINDOW (window));
      sertel_test_ui_wait_mapped (window);

      if (v == 0)
        {
          /* Server settings go to GSettings as typed. */
          row = gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "host_row")
                ? GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "host_row"))
                : NULL;
          g_assert_nonnull (row);
          gtk_editable_set_text (GTK_EDITABLE (row), "mail.malutprov.go.id");
          {
            g_autofree char *host = g_settings_get_string (settings, "smtp-host");
            g_assert_cmpstr (host, ==, "mail.malutprov.go.id");
          }
          row = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "from_row"));
          gtk_editable_set_text (GTK_EDITABLE (row), "sertel@malutprov.go.id");
          row = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "security_row"));
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
          {
            g_autofree char *security = g_settings_get_string (settings, "smtp-security");
            g_assert_cmpstr (security, ==, "tls");
          }
          row = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "port_spin"));
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (row), 465);
          g_assert_cmpuint (g_settings_get_uint (settings, "smtp-port"), ==, 465);

          /* The password: applied into sertel-secrets, the field emptied. */
          row = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "password_row"));
          gtk_editable_set_text (GTK_EDITABLE (row), "kata-sandi-surat");
          g_signal_emit_by_name (row, "apply");
          deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
          while (*gtk_editable_get_text (GTK_EDITABLE (row)) != '\0')
            {
              g_assert_cmpint (g_get_monotonic_time (), <, deadline);
              sertel_test_ui_iterate (20);
            }
          secret = sertel_secret_lookup (SERTEL_MAIL_PASSWORD_KEY, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (secret, ==, "kata-sandi-surat");
          {
            /* Nowhere in the settings. */
            g_autoptr(GSettingsSchema) schema = NULL;
            g_auto(GStrv) keys = NULL;
            g_object_get (settings, "settings-schema", &schema, NULL);
            keys = g_settings_schema_list_keys (schema);
            for (guint i = 0; keys[i]; i++)
              {
                g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
                g_autofree char *text = g_variant_print (value, FALSE);
                g_assert_null (strstr (text, "kata-sandi-surat"));
              }
          }

          /* A template edit: stored, and the preview fills in the sample. */
          row = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "subject_row"));
          gtk_editable_set_text (GTK_EDITABLE (row), "Diterima: {nomor_surat} untuk {nama}");
          {
            g_autofree char *subject = g_settings_get_string (settings, "mail-template-received-subject");
            g_assert_cmpstr (subject, ==, "Diterima: {nomor_surat} untuk {nama}");
          }
          g_assert_nonnull (find_label_with_text (page, "Diterima: 800/125/DISDIK/2026 untuk Siti Nur'aini, S.Kom."));
          g_signal_emit_by_name (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "reset_button"),
                                 "clicked");
          g_assert_nonnull (find_label_with_text (page,
                                                  "Permohonan sertifikat elektronik diterima — 800/125/DISDIK/2026"));

          /* Another template: returned, with a reason in the preview. */
          row = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_MAIL_PREFERENCES_PAGE, "template_row"));
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
          g_assert_nonnull (find_label_with_text (page, "Permohonan dikembalikan — 800/125/DISDIK/2026"));
        }
      sertel_test_ui_iterate (400);
      g_free (sertel_test_ui_screenshot (window, name));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int argc, char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("sertel-mail-ui-config-XXXXXX", NULL);

  /* The password file goes to a private config dir (not the user's); the
   * data dirs stay, for the icon theme. */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }

  g_test_add_func ("/mail-ui/outbox-page", test_outbox_page);
  g_test_add_func ("/mail-ui/mail-preferences", test_mail_preferences);
  return g_test_run ();
}
