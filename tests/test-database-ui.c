/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Several desks on one register, through the real window: Preferences →
 * Database (settings, password in the secrets, "Test connection" saying
 * what failed), the window naming its register, other desks' changes
 * appearing without F5 (counts, list, an open case keeping the typed note),
 * and the connection banner. On SQLite always; on PostgreSQL too when
 * tests/with-postgresql.sh provides a cluster (SERTEL_TEST_PG), where the
 * server is stopped and started under the open window.
 * Screenshots in English and Indonesian, light and dark. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-test-util.c"
#include "sertel-test-ui.h"
#include "sertel-test-ui.c"

#include "sertel-case-page.h"
#include "sertel-connection-banner.h"
#include "sertel-database-config.h"
#include "sertel-database-preferences-page.h"
#include "sertel-disposition-page.h"
#include "sertel-secrets.h"
#include "sertel-store-query.h"
#include "sertel-window.h"

#define WAIT_FOR(cond, seconds) G_STMT_START {                                \
    gint64 _end = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;       \
    while (!(cond) && g_get_monotonic_time () < _end)                        \
      g_main_context_iteration (NULL, FALSE);                                 \
    g_assert_true (cond);                                                     \
  } G_STMT_END

static char *config_dir;

static GtkWidget *
child (GtkWidget *w, GType type, const char *name)
{
  GObject *o = gtk_widget_get_template_child (w, type, name);
  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

/* Whether some label under @root shows @text (part of it). */
static gboolean
shows_text (GtkWidget *root, const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && gtk_widget_get_mapped (c) && strstr (gtk_label_get_text (GTK_LABEL (c)), text))
        return TRUE;
      if (shows_text (c, text))
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The location the app opens */

static void
test_config (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SertelDatabaseConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *described = NULL;

  /* The default: the file on this computer. */
  config = sertel_database_config_from_settings (settings);
  location = sertel_database_config_to_location (config, &error);
  g_assert_no_error (error);
  g_assert_null (location);
  g_clear_pointer (&config, sertel_database_config_free);

  /* A server without a host is a sentence, not a connection attempt. */
  g_settings_set_string (settings, "database-backend", "postgresql");
  config = sertel_database_config_from_settings (settings);
  g_assert_null (sertel_database_config_to_location (config, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_clear_error (&error);
  g_clear_pointer (&config, sertel_database_config_free);

  /* Fields → a keyword string, every value quoted: a password with a space,
   * a quote and a backslash cannot add keywords. */
  g_settings_set_string (settings, "database-pg-host", "db.kantor");
  g_settings_set_uint (settings, "database-pg-port", 5433);
  g_settings_set_string (settings, "database-pg-user", "kasi1");
  g_settings_set_string (settings, "database-pg-sslmode", "verify-full");
  config = sertel_database_config_from_settings (settings);
  config->password = g_strdup ("a b'c\\ d host=evil");
  location = sertel_database_config_to_location (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==,
                   "host='db.kantor' port='5433' dbname='sertel' user='kasi1' sslmode='verify-full'"
                   " password='a b\\'c\\\\ d host=evil' application_name='Sertel'");
  g_assert_true (sertel_database_location_is_server (location));
  described = sertel_database_location_describe (location);
  g_assert_cmpstr (described, ==, "Server: db.kantor:5433/sertel");
  g_clear_pointer (&described, g_free);
  g_clear_pointer (&location, g_free);
  g_clear_pointer (&config, sertel_database_config_free);

  /* A pasted URI gets the stored password as a parameter, escaped. */
  g_settings_set_string (settings, "database-pg-conninfo", "postgresql://kasi1@db.kantor:6432/register?sslmode=require");
  config = sertel_database_config_from_settings (settings);
  config->password = g_strdup ("p&ss word");
  location = sertel_database_config_to_location (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (location, ==, "postgresql://kasi1@db.kantor:6432/register?sslmode=require&password=p%26ss%20word");
  described = sertel_database_location_describe (location);
  g_assert_cmpstr (described, ==, "Server: db.kantor:6432/register");
  g_assert_null (strstr (described, "ss"));
  g_clear_pointer (&described, g_free);
  g_clear_pointer (&location, g_free);
  g_clear_pointer (&config, sertel_database_config_free);

  /* Something else pasted is refused with an example. */
  g_settings_set_string (settings, "database-pg-conninfo", "db.kantor");
  config = sertel_database_config_from_settings (settings);
  g_assert_null (sertel_database_config_to_location (config, &error));
  g_assert_nonnull (strstr (error->message, "postgresql://"));
  g_clear_error (&error);

  /* Files stay files, even with '=' in a folder name. */
  g_assert_false (sertel_database_location_is_server ("/srv/a=b/sertel.db"));
  g_assert_false (sertel_database_location_is_server ("C:\\Data\\sertel.db"));
  g_assert_true (sertel_database_location_is_server ("  host=x dbname=y"));
  described = sertel_database_location_describe ("/srv/sertel.db");
  g_assert_cmpstr (described, ==, "This computer: /srv/sertel.db");

  g_settings_reset (settings, "database-backend");
  g_settings_reset (settings, "database-pg-host");
  g_settings_reset (settings, "database-pg-port");
  g_settings_reset (settings, "database-pg-user");
  g_settings_reset (settings, "database-pg-sslmode");
  g_settings_reset (settings, "database-pg-conninfo");
}

/* ------------------------------------------------------------------------ */
/* Preferences → Database */

typedef struct {
  GtkWidget *window;
  GtkWidget *page;
} Prefs;

static void
prefs_open (Prefs *p, GSettings *settings, SertelStore *store)
{
  p->window = adw_preferences_window_new ();
  p->page = sertel_database_preferences_page_new (settings, store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (p->window), ADW_PREFERENCES_PAGE (p->page));
  gtk_window_set_default_size (GTK_WINDOW (p->window), 680, 1000);
  gtk_window_present (GTK_WINDOW (p->window));
  sertel_test_ui_wait_mapped (p->window);
}

static GtkWidget *
prefs_child (Prefs *p, const char *name)
{
  return child (p->page, SERTEL_TYPE_DATABASE_PREFERENCES_PAGE, name);
}

static const char *
run_test (Prefs *p)
{
  AdwActionRow *result = ADW_ACTION_ROW (prefs_child (p, "result_row"));

  g_signal_emit_by_name (prefs_child (p, "test_button"), "clicked");
  g_assert_cmpstr (adw_action_row_get_subtitle (result), ==, _("Connecting…"));
  WAIT_FOR (g_strcmp0 (adw_action_row_get_subtitle (result), _("Connecting…")) != 0, 20);
  return adw_action_row_get_subtitle (result);
}

/* A string setting, freed after the comparison. */
static void
assert_setting (GSettings *settings, const char *key, const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  const char *answer;
  Prefs p = { 0 };
  int free_port;

  sertel_test_ui_use_language (NULL);
  prefs_open (&p, settings, NULL);

  /* The file is the default; the server's fields wait greyed out. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (prefs_child (&p, "local_check"))));
  g_assert_false (gtk_widget_get_sensitive (prefs_child (&p, "server_group")));

  /* Choosing the server → GSettings; the fields → GSettings. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (prefs_child (&p, "server_check")), TRUE);
  assert_setting (settings, "database-backend", "postgresql");
  g_assert_true (gtk_widget_get_sensitive (prefs_child (&p, "server_group")));
  g_assert_false (gtk_widget_get_sensitive (prefs_child (&p, "path_row")));

  /* Nothing to connect to yet: says what is missing. */
  answer = run_test (&p);
  g_assert_nonnull (strstr (answer, _("No PostgreSQL server is set.")));

  gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "host_row")), "127.0.0.1");
  gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "user_row")), "kasi1");
  adw_combo_row_set_selected (ADW_COMBO_ROW (prefs_child (&p, "sslmode_row")), 0);
  assert_setting (settings, "database-pg-host", "127.0.0.1");
  assert_setting (settings, "database-pg-user", "kasi1");
  assert_setting (settings, "database-pg-sslmode", "disable");

  /* A port nobody listens on: the failure in words, within the timeout. */
  {
    g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (s, any, FALSE, NULL));
    bound = g_socket_get_local_address (s, NULL);
    free_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }   /* closed again: nothing listens there */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (prefs_child (&p, "port_spin")), free_port);
  g_assert_cmpuint (g_settings_get_uint (settings, "database-pg-port"), ==, (guint) free_port);
  answer = run_test (&p);
  g_test_message ("unreachable server: %s", answer);
  g_assert_true (g_str_has_prefix (answer, _("Failed: ")));
  g_assert_true (gtk_widget_get_sensitive (prefs_child (&p, "test_button")));

  /* The password goes to the secrets, not GSettings. */
  gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "password_row")), "rahasia db");
  g_signal_emit_by_name (prefs_child (&p, "password_row"), "apply");
  WAIT_FOR (*gtk_editable_get_text (GTK_EDITABLE (prefs_child (&p, "password_row"))) == '\0', 10);
  stored = sertel_secret_lookup (SERTEL_DATABASE_PASSWORD_KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "rahasia db");

  /* A pasted string greys out the fields it replaces. */
  gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "conninfo_row")), "postgresql://kasi1@127.0.0.1/sertel");
  g_assert_false (gtk_widget_get_sensitive (prefs_child (&p, "host_row")));
  g_assert_false (gtk_widget_get_sensitive (prefs_child (&p, "port_row")));
  assert_setting (settings, "database-pg-conninfo", "postgresql://kasi1@127.0.0.1/sertel");
  gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "conninfo_row")), "");

  /* A real server: a new database gets the register. */
  if (g_getenv ("SERTEL_TEST_PG") != NULL)
    {
      g_autofree char *conninfo = pg_create_database (NULL);

      gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "conninfo_row")), conninfo);
      answer = run_test (&p);
      g_assert_cmpstr (answer, ==, _("Connected. The register is new: the next start asks for its first administrator."));
      g_assert_cmpint (raw_int (conninfo, "SELECT COUNT(*) FROM staff"), ==, 0);
      gtk_editable_set_text (GTK_EDITABLE (prefs_child (&p, "conninfo_row")), "");
      pg_drop_database (conninfo);
    }

  gtk_window_destroy (GTK_WINDOW (p.window));
  sertel_secret_clear (SERTEL_DATABASE_PASSWORD_KEY, NULL);
  {
    static const char * const keys[] = { "database-backend", "database-pg-host", "database-pg-port",
                                         "database-pg-user", "database-pg-sslmode", "database-pg-conninfo" };
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      g_settings_reset (settings, keys[i]);
  }
}

static void
test_preferences_screenshots (void)
{
  static const struct { const char *lang; gboolean dark; } variants[] = {
    { NULL, FALSE }, { "id", FALSE }, { "id", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *name = g_strdup_printf ("database-preferences-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                               variants[i].dark ? "dark" : "light");
      Prefs p = { 0 };

      sertel_test_ui_use_language (variants[i].lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variants[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      g_settings_set_string (settings, "database-backend", "postgresql");
      g_settings_set_string (settings, "database-pg-host", "db.diskominfo.malutprov.go.id");
      g_settings_set_string (settings, "database-pg-user", "kasi.fadli");
      g_settings_set_string (settings, "database-pg-sslmode", "verify-full");
      prefs_open (&p, settings, NULL);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (prefs_child (&p, "current_row")), "");
      sertel_test_ui_iterate (400);
      g_free (sertel_test_ui_screenshot (p.window, name));
      gtk_window_destroy (GTK_WINDOW (p.window));
      g_settings_reset (settings, "database-backend");
      g_settings_reset (settings, "database-pg-host");
      g_settings_reset (settings, "database-pg-user");
      g_settings_reset (settings, "database-pg-sslmode");
    }
  sertel_test_ui_use_language (NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
}

/* ------------------------------------------------------------------------ */
/* The banner on its own */

static void
test_banner (void)
{
  GtkWidget *window = gtk_window_new ();
  SertelConnectionBanner *banner = SERTEL_CONNECTION_BANNER (sertel_connection_banner_new ());
  GtkRevealer *revealer = GTK_REVEALER (child (GTK_WIDGET (banner), SERTEL_TYPE_CONNECTION_BANNER, "revealer"));
  GtkLabel *label = GTK_LABEL (child (GTK_WIDGET (banner), SERTEL_TYPE_CONNECTION_BANNER, "label"));

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (banner));
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);

  g_assert_true (sertel_connection_banner_get_connected (banner));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_object_set (banner, "connected", FALSE, NULL);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpstr (gtk_label_get_text (label), ==, _("Connection to the register server lost. Your work is kept; retrying…"));
  g_object_set (banner, "connected", TRUE, NULL);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------------ */
/* Two desks on one register */

typedef struct {
  char        *location;     /* the register: a file or a connection string */
  SertelStore *other;        /* the other desk */
  SertelStaff *operator, *kadis;
  GtkWidget   *window;
} Desks;

static void
desks_staff (Desks *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autofree char *nip1 = staff_nip (1);
  g_autofree char *nip2 = staff_nip (2);
  g_autofree char *nip3 = staff_nip (3);

  admin = sertel_store_add_staff (d->other, NULL, "Admin Sistem", nip1, SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  d->operator = sertel_store_add_staff (d->other, admin, "Operator Satu", nip2, SERTEL_ROLE_OPERATOR, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  d->kadis = sertel_store_add_staff (d->other, admin, "Kepala Dinas", nip3, SERTEL_ROLE_KEPALA_DINAS, TEST_PASSWORD, &error);
  g_assert_no_error (error);
}

static gint64
other_desk_takes_in (Desks *d, const char *letter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request (letter);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = pdf_bytes ();
  SertelNewAttachment scan = { "letter", "surat.pdf", pdf, -1 };
  gint64 id;

  g_ptr_array_add (applicants, make_applicant ("Siti Aminah", NIK_F, NIP_F));
  g_ptr_array_add (attachments, &scan);
  id = sertel_store_create_request (d->other, d->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static GtkWidget *
queue_count_label (Desks *d, SertelQueue queue)
{
  GtkWidget *list = child (d->window, SERTEL_TYPE_WINDOW, "queue_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "queue")) == (guint) queue)
      return g_object_get_data (G_OBJECT (row), "count");
  g_assert_not_reached ();
}

static const char *
window_page (Desks *d, const char *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (d->window, SERTEL_TYPE_WINDOW, stack)));
}

static void
desks_open (Desks *d, const char *location)
{
  g_autoptr(GError) error = NULL;

  d->location = g_strdup (location);
  d->other = sertel_store_open (location, &error);
  g_assert_no_error (error);
  desks_staff (d);

  d->window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (d->window), 1100, 760);
  sertel_window_open_register (SERTEL_WINDOW (d->window), location, FALSE);
  gtk_window_present (GTK_WINDOW (d->window));
  sertel_test_ui_wait_mapped (d->window);
  WAIT_FOR (g_strcmp0 (window_page (d, "main_stack"), "signin") == 0, 15);
  /* Before signing in, the header says which register the password is for. */
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (d->window, SERTEL_TYPE_WINDOW, "signin_title"))),
                                   "Register: "));
  g_signal_emit_by_name (child (d->window, SERTEL_TYPE_WINDOW, "signin_page"), "signed-in", d->kadis);
  WAIT_FOR (g_strcmp0 (window_page (d, "main_stack"), "desk") == 0, 15);
}

static void
desks_close (Desks *d)
{
  gtk_window_destroy (GTK_WINDOW (d->window));
  sertel_test_ui_iterate (100);
  g_clear_object (&d->operator);
  g_clear_object (&d->kadis);
  g_clear_object (&d->other);
  g_free (d->location);
}

/* Waits until @label reads @text; returns the milliseconds it took. */
static double
wait_label (GtkWidget *label, const char *text)
{
  gint64 start = g_get_monotonic_time ();

  WAIT_FOR (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0, 5);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
live_updates (Desks *d, const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) edited = NULL;
  GtkWidget *all = queue_count_label (d, SERTEL_QUEUE_ALL);
  GtkWidget *page, *form, *note;
  GtkTextBuffer *buffer;
  g_autofree char *register_text = NULL;
  gint64 id;
  double ms;

  /* The window names its register, without a password. */
  register_text = g_strdup (gtk_label_get_text (GTK_LABEL (child (d->window, SERTEL_TYPE_WINDOW, "register_label"))));
  g_test_message ("%s: %s", what, register_text);
  g_assert_true (g_str_has_prefix (register_text, "Register: "));
  g_assert_null (strstr (register_text, "password"));

  /* 1. Another desk takes a letter in: the counts and the list follow. */
  WAIT_FOR (g_strcmp0 (gtk_label_get_text (GTK_LABEL (all)), "0") == 0, 10);
  /* The store starts listening for other desks in the background after it
   * opens; a change before that is seen only at the next one. */
  sertel_test_ui_iterate (1000);
  id = other_desk_takes_in (d, "800/1/BKD/2026");
  ms = wait_label (all, "1");
  g_test_message ("%s: a request taken in at another desk counted here after %.0f ms", what, ms);
  g_assert_cmpfloat (ms, <, 1500);   /* 1 s asked; margin for a loaded 2-core CI machine */
  WAIT_FOR (g_strcmp0 (window_page (d, "content_stack"), "list") == 0, 5);
  wait_label (queue_count_label (d, SERTEL_QUEUE_DISPOSITION), "1");

  /* 2. The Kepala Dinas opens it and starts a note. */
  g_assert_true (gtk_widget_activate_action (d->window, "win.open-case", "x", id));
  page = adw_bin_get_child (ADW_BIN (child (d->window, SERTEL_TYPE_WINDOW, "case_bin")));
  WAIT_FOR (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)) != NULL, 10);
  form = sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page));
  g_assert_true (SERTEL_IS_DISPOSITION_PAGE (form));
  sertel_test_ui_iterate (500);
  note = child (form, SERTEL_TYPE_DISPOSITION_PAGE, "note_view");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note));
  gtk_text_buffer_set_text (buffer, "Segera diproses", -1);

  /* 3. The Operator corrects the letter meanwhile: the open case shows it
   *    without F5, and the typed note stays. */
  edited = sertel_store_get_request (d->other, id, &error);
  g_assert_no_error (error);
  sertel_request_set_perihal (edited, "Permohonan sertifikat elektronik (diperbaiki)");
  g_assert_true (sertel_store_update_request (d->other, d->operator, edited, &error));
  g_assert_no_error (error);
  {
    gint64 start = g_get_monotonic_time ();
    WAIT_FOR (shows_text (page, "(diperbaiki)"), 5);
    ms = (g_get_monotonic_time () - start) / 1000.0;
    g_test_message ("%s: the open case showed the other desk's correction after %.0f ms", what, ms);
    g_assert_cmpfloat (ms, <, 1500);   /* 1 s asked; margin for a loaded 2-core CI machine */
  }
  sertel_test_ui_iterate (300);
  g_assert_true (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)) == form);
  {
    GtkTextIter s, e;
    g_autofree char *text = NULL;
    gtk_text_buffer_get_bounds (buffer, &s, &e);
    text = gtk_text_buffer_get_text (buffer, &s, &e, FALSE);
    g_assert_cmpstr (text, ==, "Segera diproses");
  }

  /* 4. The disposition goes through on the reloaded version (no conflict). */
  g_signal_emit_by_name (child (form, SERTEL_TYPE_DISPOSITION_PAGE, "forward_button"), "clicked");
  {
    g_autoptr(SertelRequest) r = NULL;
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    do
      {
        g_clear_object (&r);
        sertel_test_ui_iterate (50);
        r = sertel_store_get_request (d->other, id, NULL);
      }
    while (sertel_request_get_state (r) == SERTEL_REQUEST_RECEIVED && g_get_monotonic_time () < end);
    g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_AT_KABID);
  }
}

static void
test_live_sqlite (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sertel.db", NULL);
  Desks d = { 0 };

  sertel_test_ui_use_language (NULL);
  desks_open (&d, path);
  live_updates (&d, "SQLite");
  g_free (sertel_test_ui_screenshot (d.window, "database-live-sqlite"));

  /* The banner as a clerk sees it, in a window opened in each language (a
   * file is always "connected", so it is shown by hand here; the PostgreSQL
   * test stops a real server). */
  {
    static const struct { const char *lang; gboolean dark; } variants[] = {
      { NULL, FALSE }, { "id", FALSE }, { "id", TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
      {
        g_autofree char *name = g_strdup_printf ("database-banner-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                                 variants[i].dark ? "dark" : "light");
        GtkWidget *window, *banner;

        sertel_test_ui_use_language (variants[i].lang);
        adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                            variants[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
        window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
        gtk_window_set_default_size (GTK_WINDOW (window), 1100, 640);
        sertel_window_open_register (SERTEL_WINDOW (window), path, FALSE);
        gtk_window_present (GTK_WINDOW (window));
        sertel_test_ui_wait_mapped (window);
        WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, "main_stack"))), "signin") == 0, 15);
        g_signal_emit_by_name (child (window, SERTEL_TYPE_WINDOW, "signin_page"), "signed-in", d.kadis);
        gtk_widget_activate_action (window, "win.show-queue", "s", "all");
        WAIT_FOR (!gtk_stack_get_transition_running (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, "main_stack"))), 5);
        banner = child (window, SERTEL_TYPE_WINDOW, "banner");
        g_object_set (banner, "connected", FALSE, NULL);
        sertel_test_ui_iterate (800);
        g_assert_true (gtk_revealer_get_child_revealed (GTK_REVEALER (child (banner, SERTEL_TYPE_CONNECTION_BANNER, "revealer"))));
        g_free (sertel_test_ui_screenshot (window, name));
        gtk_window_destroy (GTK_WINDOW (window));
      }
    sertel_test_ui_use_language (NULL);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  }
  desks_close (&d);
  rm_rf (dir);
}

/* ------------------------------------------------------------------------ */
/* PostgreSQL: the same, then the server goes away and comes back */

static void
pg_ctl (const char *command)
{
  const char *data = g_getenv ("SERTEL_TEST_PG_DATA");
  g_autofree char *bin = g_build_filename (g_getenv ("SERTEL_TEST_PG_BINDIR"), "pg_ctl", NULL);
  g_autofree char *sockdir = g_path_get_dirname (data);
  g_autofree char *port = NULL;
  g_autofree char *options = NULL;
  g_autofree char *log = g_build_filename (sockdir, "server.log", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  {
    const char *p = strstr (g_getenv ("SERTEL_TEST_PG"), "port=");
    g_assert_nonnull (p);
    port = g_strndup (p + 5, strspn (p + 5, "0123456789"));
  }
  options = g_strdup_printf ("-k %s -p %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                             " -c max_connections=300", sockdir, port);
  /* initdb/pg_ctl refuse root: the cluster belongs to "postgres" then. */
  if (getuid () == 0)
    {
      g_ptr_array_add (argv, "runuser");
      g_ptr_array_add (argv, "-u");
      g_ptr_array_add (argv, "postgres");
      g_ptr_array_add (argv, "--");
    }
  g_ptr_array_add (argv, bin);
  g_ptr_array_add (argv, "-D");
  g_ptr_array_add (argv, (char *) data);
  g_ptr_array_add (argv, "-w");
  if (g_str_equal (command, "stop"))
    {
      g_ptr_array_add (argv, "-m");
      g_ptr_array_add (argv, "fast");
    }
  else
    {
      g_ptr_array_add (argv, "-l");
      g_ptr_array_add (argv, log);
      g_ptr_array_add (argv, "-o");
      g_ptr_array_add (argv, options);
    }
  g_ptr_array_add (argv, (char *) command);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_live_postgresql (void)
{
  g_autofree char *conninfo = NULL;
  GtkWidget *revealer, *page, *form, *note;
  GtkTextBuffer *buffer;
  g_autoptr(GError) error = NULL;
  gint64 id, start;
  Desks d = { 0 };

  if (g_getenv ("SERTEL_TEST_PG") == NULL)
    {
      g_test_skip ("no PostgreSQL cluster: run under tests/with-postgresql.sh");
      return;
    }
  sertel_test_ui_use_language (NULL);
  conninfo = pg_create_database (NULL);
  desks_open (&d, conninfo);
  live_updates (&d, "PostgreSQL");

  /* A second case, open at the Kepala Dinas with a note typed. */
  id = other_desk_takes_in (&d, "800/2/BKD/2026");
  wait_label (queue_count_label (&d, SERTEL_QUEUE_DISPOSITION), "1");
  g_assert_true (gtk_widget_activate_action (d.window, "win.open-case", "x", id));
  page = adw_bin_get_child (ADW_BIN (child (d.window, SERTEL_TYPE_WINDOW, "case_bin")));
  WAIT_FOR (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)) != NULL, 10);
  form = sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page));
  sertel_test_ui_iterate (500);
  note = child (form, SERTEL_TYPE_DISPOSITION_PAGE, "note_view");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note));
  gtk_text_buffer_set_text (buffer, "Mohon dipercepat", -1);

  /* The server stops: the banner says so. */
  revealer = child (child (d.window, SERTEL_TYPE_WINDOW, "banner"), SERTEL_TYPE_CONNECTION_BANNER, "revealer");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  pg_ctl ("stop");
  start = g_get_monotonic_time ();
  WAIT_FOR (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)), 15);
  g_test_message ("banner shown %.0f ms after the server stopped", (g_get_monotonic_time () - start) / 1000.0);

  /* Acting now fails with the store's sentence; the note stays. */
  g_signal_emit_by_name (child (form, SERTEL_TYPE_DISPOSITION_PAGE, "forward_button"), "clicked");
  sertel_test_ui_iterate (3000);
  {
    GtkTextIter s, e;
    g_autofree char *text = NULL;
    gtk_text_buffer_get_bounds (buffer, &s, &e);
    text = gtk_text_buffer_get_text (buffer, &s, &e, FALSE);
    g_assert_cmpstr (text, ==, "Mohon dipercepat");
  }
  sertel_test_ui_iterate (400);
  g_free (sertel_test_ui_screenshot (d.window, "database-banner-pg-en-light"));
  sertel_test_ui_use_language ("id");
  {
    /* The banner's sentence in Indonesian, as a clerk there sees it. */
    GtkLabel *label = GTK_LABEL (child (child (d.window, SERTEL_TYPE_WINDOW, "banner"), SERTEL_TYPE_CONNECTION_BANNER, "label"));
    gtk_label_set_text (label, _("Connection to the register server lost. Your work is kept; retrying…"));
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    sertel_test_ui_iterate (400);
    g_free (sertel_test_ui_screenshot (d.window, "database-banner-pg-id-dark"));
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  }
  sertel_test_ui_use_language (NULL);

  /* Back: the banner goes, the same click goes through. */
  pg_ctl ("start");
  start = g_get_monotonic_time ();
  WAIT_FOR (!gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)), 20);
  g_test_message ("banner hidden %.0f ms after the server started", (g_get_monotonic_time () - start) / 1000.0);
  sertel_test_ui_iterate (1000);
  form = sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page));
  g_signal_emit_by_name (child (form, SERTEL_TYPE_DISPOSITION_PAGE, "forward_button"), "clicked");
  {
    /* Checked on a connection of its own, made after the restart. */
    g_autofree char *state_sql = g_strdup_printf ("SELECT state FROM request WHERE id = %" G_GINT64_FORMAT, id);
    g_autofree char *note_sql = g_strdup_printf ("SELECT note FROM transition WHERE request_id = %" G_GINT64_FORMAT
                                                 " ORDER BY id DESC LIMIT 1", id);
    g_autofree char *state = NULL;
    g_autofree char *last_note = NULL;
    gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    do
      {
        g_clear_pointer (&state, g_free);
        sertel_test_ui_iterate (100);
        state = raw_text (conninfo, state_sql);
      }
    while (g_strcmp0 (state, "at_kabid") != 0 && g_get_monotonic_time () < end);
    g_assert_cmpstr (state, ==, "at_kabid");
    last_note = raw_text (conninfo, note_sql);
    g_assert_cmpstr (last_note, ==, "Mohon dipercepat");
  }

  desks_close (&d);
  pg_drop_database (conninfo);
}

/* No --database: the window opens what Preferences → Database says, the
 * password coming from the secrets. */
static void
test_open_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *window;
  const char *subtitle;

  if (g_getenv ("SERTEL_TEST_PG") == NULL)
    {
      g_test_skip ("no PostgreSQL cluster: run under tests/with-postgresql.sh");
      return;
    }
  conninfo = pg_create_database (NULL);
  g_settings_set_string (settings, "database-backend", "postgresql");
  g_settings_set_string (settings, "database-pg-conninfo", conninfo);
  /* The cluster trusts local logins: a stored password is passed along and
   * does no harm. */
  g_assert_true (sertel_secret_store (SERTEL_DATABASE_PASSWORD_KEY, "nicht-gebraucht", &error));
  g_assert_no_error (error);

  window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
  sertel_window_open_register (SERTEL_WINDOW (window), NULL, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, "main_stack"))), "loading") != 0, 15);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, "main_stack"))), ==, "signin");
  g_assert_cmpstr (sertel_store_get_backend (sertel_window_get_store (SERTEL_WINDOW (window))), ==, "postgresql");
  subtitle = adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (window, SERTEL_TYPE_WINDOW, "signin_title")));
  g_test_message ("opened from the settings: %s", subtitle);
  g_assert_true (g_str_has_prefix (subtitle, "Register: Server: 127.0.0.1:"));
  g_assert_null (strstr (subtitle, "nicht"));
  gtk_window_destroy (GTK_WINDOW (window));
  sertel_test_ui_iterate (100);

  /* A server without a host: the window says what to fix. */
  g_settings_set_string (settings, "database-pg-conninfo", "");
  g_settings_set_string (settings, "database-pg-host", "");
  window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
  sertel_window_open_register (SERTEL_WINDOW (window), NULL, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, "main_stack"))), "error") == 0, 15);
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (child (window, SERTEL_TYPE_WINDOW, "error_page"))),
                            "Preferences → Database"));
  gtk_window_destroy (GTK_WINDOW (window));
  sertel_test_ui_iterate (100);

  g_settings_reset (settings, "database-backend");
  g_settings_reset (settings, "database-pg-conninfo");
  g_settings_reset (settings, "database-pg-host");
  sertel_secret_clear (SERTEL_DATABASE_PASSWORD_KEY, NULL);
  pg_drop_database (conninfo);
}

int
main (int argc, char *argv[])
{
  int status;

  config_dir = g_dir_make_tmp ("sertel-database-ui-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }
  {
    /* The app's style sheet (AdwApplication loads it; these windows have none). */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_test_add_func ("/database-ui/config", test_config);
  g_test_add_func ("/database-ui/preferences", test_preferences);
  g_test_add_func ("/database-ui/preferences-screenshots", test_preferences_screenshots);
  g_test_add_func ("/database-ui/banner", test_banner);
  g_test_add_func ("/database-ui/live-sqlite", test_live_sqlite);
  g_test_add_func ("/database-ui/live-postgresql", test_live_postgresql);
  g_test_add_func ("/database-ui/open-from-settings", test_open_from_settings);
  status = g_test_run ();
  rm_rf (config_dir);
  g_free (config_dir);
  return status;
}
