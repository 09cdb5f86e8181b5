/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Instantiates every widget template under fatal warnings (a wrong property
 * or a missing child fails here), and saves screenshots of each view in
 * English and Indonesian, light and dark. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-application.h"
#include "sertel-opd-page.h"
#include "sertel-preferences-window.h"
#include "sertel-store.h"
#include "sertel-test-ui.h"
#include "sertel-window.h"

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

static char *
variant_name (const char *view, const Variant *v)
{
  return g_strdup_printf ("%s-%s-%s", view, v->lang ? v->lang : "en", v->dark ? "dark" : "light");
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

static GtkStack *
window_stack (GtkWidget *window, const char *name)
{
  return GTK_STACK (gtk_widget_get_template_child (window, SERTEL_TYPE_WINDOW, name));
}

static void
wait_for_page (GtkWidget *window, const char *stack_name, const char *page)
{
  GtkStack *stack = window_stack (window, stack_name);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), page) != 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, page);
  sertel_test_ui_iterate (400);   /* let the crossfade and the counts finish before the picture */
}

static char *
temp_register (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sertel-ui-XXXXXX", NULL);
  g_assert_nonnull (dir);
  return g_build_filename (dir, "sertel.db", NULL);
}

/* A register with an administrator and an operator, and @n_requests
 * requests made through the core as the office would. */
static char *
make_register (guint n_requests)
{
  char *path = temp_register ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autoptr(SertelStaff) admin = NULL;
  g_autoptr(SertelStaff) operator = NULL;

  g_assert_no_error (error);
  admin = sertel_store_add_staff (store, NULL, "Admin Sertel", "198001012005011001", SERTEL_ROLE_ADMIN, "rahasia-sekali", &error);
  g_assert_no_error (error);
  operator = sertel_store_add_staff (store, admin, "Rina Marasabessy", "199002022015032001", SERTEL_ROLE_OPERATOR, "rahasia-sekali", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_requests; i++)
    {
      g_autoptr(SertelRequest) request = sertel_request_new ();
      g_autoptr(SertelApplicant) applicant = sertel_applicant_new ();
      g_autoptr(GPtrArray) applicants = g_ptr_array_new ();
      g_autofree char *number = g_strdup_printf ("800/%u/BKD/2026", i + 12);

      sertel_request_set_letter_number (request, number);
      sertel_request_set_letter_date (request, "2026-11-20");
      sertel_request_set_sifat (request, "biasa");
      sertel_request_set_perihal (request, "Permohonan penerbitan sertifikat elektronik");
      sertel_request_set_opd_name (request, "Badan Kepegawaian Daerah");
      sertel_applicant_set_name (applicant, "Siti Rahmawati");
      sertel_applicant_set_nik (applicant, "8271035203850001");
      sertel_applicant_set_nip (applicant, "198503122010012001");
      sertel_applicant_set_email (applicant, "siti.rahmawati@malutprov.go.id");
      g_ptr_array_add (applicants, applicant);
      g_assert_cmpint (sertel_store_create_request (store, operator, request, applicants, NULL, NULL, &error), >, 0);
      g_assert_no_error (error);
    }
  return path;
}

/* Signs in as staff member @id the way the sign-in page announces it. */
static void
sign_in_as (GtkWidget *window, gint64 id)
{
  SertelStore *store = sertel_window_get_store (SERTEL_WINDOW (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = sertel_store_authenticate (store, id, "rahasia-sekali", &error);
  GtkWidget *page = (GtkWidget *) gtk_widget_get_template_child (window, SERTEL_TYPE_WINDOW, "signin_page");

  g_assert_no_error (error);
  g_signal_emit_by_name (page, "signed-in", staff);
  wait_for_page (window, "main_stack", "desk");
}

static GtkWidget *
open_window (const char *path, int width, int height)
{
  GtkWidget *window = g_object_new (SERTEL_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  sertel_window_open_register (SERTEL_WINDOW (window), path, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  return window;
}

/* A new register asks for its first administrator. */
static void
test_window_first_run (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = variant_name ("window-first-run", &variants[i]);
      g_autofree char *path = temp_register ();
      g_autofree char *file = NULL;
      GtkWidget *window;

      apply_variant (&variants[i]);
      window = open_window (path, 900, 640);
      wait_for_page (window, "main_stack", "signin");
      file = sertel_test_ui_screenshot (window, name);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* Signed in on a register without requests: the empty state. */
static void
test_window (void)
{
  g_autofree char *path = make_register (0);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = variant_name ("window-empty", &variants[i]);
      g_autofree char *file = NULL;
      GtkWidget *window;
      const char *expected;

      apply_variant (&variants[i]);
      window = open_window (path, 1000, 640);
      wait_for_page (window, "main_stack", "signin");
      sign_in_as (window, 2);
      wait_for_page (window, "content_stack", "empty");

      /* The empty state is shown, in the chosen language. */
      expected = variants[i].lang ? "Belum Ada Permohonan" : "No Requests Yet";
      g_assert_nonnull (find_label_with_text (window, expected));

      file = sertel_test_ui_screenshot (window, name);
      g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_window_queues (void)
{
  g_autofree char *path = make_register (3);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = variant_name ("window-queues", &variants[i]);
      g_autofree char *narrow = variant_name ("window-narrow", &variants[i]);
      g_autofree char *file = NULL;
      GtkWidget *window;
      GtkListBox *queues;
      guint n_rows = 0;

      apply_variant (&variants[i]);
      window = open_window (path, 1100, 640);
      wait_for_page (window, "main_stack", "signin");
      sign_in_as (window, 2);
      wait_for_page (window, "content_stack", "list");

      /* Every SOP queue is in the sidebar; the three new requests wait for
       * the disposition. */
      queues = GTK_LIST_BOX (gtk_widget_get_template_child (window, SERTEL_TYPE_WINDOW, "queue_list"));
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (queues)); row; row = gtk_widget_get_next_sibling (row))
        n_rows++;
      g_assert_cmpuint (n_rows, ==, 8);
      gtk_widget_activate_action (window, "win.show-queue", "s", "disposition");
      sertel_test_ui_iterate (500);
      file = sertel_test_ui_screenshot (window, name);

      /* On a narrow window the sidebar folds away. */
      gtk_window_set_default_size (GTK_WINDOW (window), 420, 640);
      sertel_test_ui_iterate (500);
      g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (gtk_widget_get_template_child (window, SERTEL_TYPE_WINDOW, "leaflet"))));
      g_free (file);
      file = sertel_test_ui_screenshot (window, narrow);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* A register from a newer Sertel is not opened, and the window says why. */
static void
test_window_newer_register (void)
{
  g_autofree char *path = temp_register ();
  g_autofree char *file = NULL;
  GtkWidget *window;

  {
    g_autoptr(SertelStore) store = sertel_store_open (path, NULL);
    g_assert_nonnull (store);
  }
  {
    /* user_version lives at offset 60 of the header, big-endian. */
    g_autofree char *bytes = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
    g_assert_cmpuint (len, >, 100);
    bytes[60] = 0; bytes[61] = 0; bytes[62] = 0x03; bytes[63] = (char) 0xE7;
    g_assert_true (g_file_set_contents (path, bytes, len, NULL));
  }

  apply_variant (&variants[0]);
  window = open_window (path, 900, 600);
  wait_for_page (window, "main_stack", "error");
  g_assert_nonnull (find_label_with_text (window, "The Register Cannot Be Opened"));
  file = sertel_test_ui_screenshot (window, "window-error-en-light");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = variant_name ("preferences", &variants[i]);
      g_autofree char *file = NULL;
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      GtkWidget *prefs;

      apply_variant (&variants[i]);
      prefs = GTK_WIDGET (sertel_preferences_window_new (NULL));
      gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 760);
      gtk_window_present (GTK_WINDOW (prefs));
      sertel_test_ui_wait_mapped (prefs);

      /* Bound to the settings: the defaults show, and a change goes back. */
      g_assert_nonnull (find_label_with_text (prefs, variants[i].lang ? "Domain" : "Domain"));
      file = sertel_test_ui_screenshot (prefs, name);
      {
        g_autofree char *domain = g_settings_get_string (settings, "official-email-domain");
        g_assert_cmpstr (domain, ==, "malutprov.go.id");
      }
      gtk_window_destroy (GTK_WINDOW (prefs));
    }
}

static void
test_about (void)
{
  GtkWidget *about = NULL;
  g_autofree char *file = NULL;
  GList *toplevels;

  apply_variant (&variants[1]);
  sertel_application_show_about (NULL);
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_ABOUT_WINDOW (l->data))
      about = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  /* No made-up links. */
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), ==, "");
  g_assert_cmpstr (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (about)), ==, "");
  sertel_test_ui_wait_mapped (about);
  file = sertel_test_ui_screenshot (about, "about-id-light");
  gtk_window_destroy (GTK_WINDOW (about));
}

static GtkWidget *
find_widget_of_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget_of_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

/* The OPD list in Preferences: the Operator adds an office; the register
 * follows; a Kasi has no such page. */
static void
test_opd_page (void)
{
  g_autofree char *path = make_register (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autoptr(SertelStaff) admin = NULL;
  g_autoptr(SertelStaff) operator = NULL;
  g_autoptr(SertelStaff) kasi = NULL;
  SertelPreferencesWindow *prefs;

  g_assert_no_error (error);
  admin = sertel_store_authenticate (store, 1, "rahasia-sekali", &error);
  g_assert_no_error (error);
  operator = sertel_store_authenticate (store, 2, "rahasia-sekali", &error);
  g_assert_no_error (error);

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *name = variant_name ("preferences-opd", &variants[v]);
      GtkWidget *page;

      apply_variant (&variants[v]);
      prefs = sertel_preferences_window_new_for (NULL, store, operator);
      gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 700);
      gtk_window_present (GTK_WINDOW (prefs));
      sertel_test_ui_wait_mapped (GTK_WIDGET (prefs));
      page = find_widget_of_type (GTK_WIDGET (prefs), SERTEL_TYPE_OPD_PAGE);
      g_assert_nonnull (page);

      if (v == 0)
        {
          GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (page, SERTEL_TYPE_OPD_PAGE, "add_row"));
          g_autoptr(GPtrArray) names = NULL;
          gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

          gtk_editable_set_text (GTK_EDITABLE (entry), "Badan Perencanaan Pembangunan Daerah");
          g_signal_emit_by_name (entry, "apply");
          /* The entry empties once the register has the new OPD. */
          while (g_get_monotonic_time () < end && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), "") != 0)
            g_main_context_iteration (NULL, FALSE);
          names = sertel_store_list_opds (store, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (names->len, ==, 2);
        }
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), ADW_PREFERENCES_PAGE (page));
      sertel_test_ui_iterate (500);
      g_free (sertel_test_ui_screenshot (GTK_WIDGET (prefs), name));
      gtk_window_destroy (GTK_WINDOW (prefs));
    }

  kasi = sertel_store_add_staff (store, admin, "Fadli Tuanany", "198211062008011004", SERTEL_ROLE_KASI,
                                 "rahasia-sekali", &error);
  g_assert_no_error (error);
  prefs = sertel_preferences_window_new_for (NULL, store, kasi);
  g_assert_null (find_widget_of_type (GTK_WIDGET (prefs), SERTEL_TYPE_OPD_PAGE));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *window;
  g_autofree char *file = NULL;

  apply_variant (&variants[1]);
  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  window = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  file = sertel_test_ui_screenshot (window, "shortcuts-id-light");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      /* TAP for "skipped": Meson counts it as SKIP, not as a pass. */
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }

  g_test_add_func ("/widgets/window-first-run", test_window_first_run);
  g_test_add_func ("/widgets/window", test_window);
  g_test_add_func ("/widgets/window-queues", test_window_queues);
  g_test_add_func ("/widgets/window-newer-register", test_window_newer_register);
  g_test_add_func ("/widgets/preferences", test_preferences);
  g_test_add_func ("/widgets/opd-page", test_opd_page);
  g_test_add_func ("/widgets/shortcuts", test_shortcuts);
  g_test_add_func ("/widgets/about", test_about);
  return g_test_run ();
}
