/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The intake page driven through its widgets: checks at the field, the
 * NIK/NIP warning and its reason, the e-mail domain, Submit held back until
 * every problem is fixed, the request in the register with its scans byte
 * for byte, and the draft that survives the page going away. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "sertel-applicant-row.h"
#include "sertel-draft.h"
#include "sertel-intake-page.h"
#include "sertel-store.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

#define NIK_F "8271035203850001"
#define NIP_F "198503122010012001"
#define NIK_M "8271011507900002"
#define NIP_M "199007152015031001"

typedef struct {
  const char *lang;
  gboolean    dark;
} Variant;

static const Variant variants[] = {
  { NULL, FALSE },
  { "id", FALSE },
  { "id", TRUE },
};

typedef struct {
  char        *dir;
  char        *drafts;
  SertelStore *store;
  SertelStaff *operator;
  char        *pdf;
  char        *png;
} Fixture;

static void
make_scans (Fixture *f)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  f->pdf = g_build_filename (f->dir, "surat.pdf", NULL);
  surface = cairo_pdf_surface_create (f->pdf, 595, 842);
  cr = cairo_create (surface);
  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, "Permohonan penerbitan sertifikat elektronik");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  f->png = g_build_filename (f->dir, "ktp.png", NULL);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 40);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.2, 0.4, 0.8);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, f->png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
fixture_init (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SertelStaff) admin = NULL;

  f->dir = g_dir_make_tmp ("sertel-intake-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->drafts = g_build_filename (f->dir, "drafts", NULL);
  path = g_build_filename (f->dir, "sertel.db", NULL);
  f->store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  admin = sertel_store_add_staff (f->store, NULL, "Admin Sertel", "198001012005011001", SERTEL_ROLE_ADMIN, "rahasia-sekali", &error);
  g_assert_no_error (error);
  f->operator = sertel_store_add_staff (f->store, admin, "Operator Satu", "199207252019032005", SERTEL_ROLE_OPERATOR, "rahasia-sekali", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sertel_store_ensure_opd (f->store, admin, "Badan Kepegawaian Daerah", &error), >, 0);
  make_scans (f);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_object (&f->store);
  g_clear_object (&f->operator);
  g_free (f->dir);
  g_free (f->drafts);
  g_free (f->pdf);
  g_free (f->png);
}

static GtkWidget *
child (GtkWidget *w, GType type, const char *name)
{
  GObject *o = gtk_widget_get_template_child (w, type, name);
  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

#define PAGE(page, name) child (page, SERTEL_TYPE_INTAKE_PAGE, name)
#define ROW(row, name) child (GTK_WIDGET (row), SERTEL_TYPE_APPLICANT_ROW, name)

static GtkWidget *
new_page (Fixture *f, GtkWidget **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (SERTEL_TYPE_INTAKE_PAGE, "drafts-dir", f->drafts,
                                  "store", f->store, "actor", f->operator, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 820, 1400);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  *out_window = window;
  return page;
}

static void
wait_idle (GtkWidget *page)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sertel_intake_page_is_busy (SERTEL_INTAKE_PAGE (page)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sertel_intake_page_is_busy (SERTEL_INTAKE_PAGE (page)));
  sertel_test_ui_iterate (50);
}

static GPtrArray *
rows_of (GtkWidget *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (PAGE (page, "applicants_box")); c; c = gtk_widget_get_next_sibling (c))
    g_ptr_array_add (rows, c);
  return rows;
}

static void
type (GtkWidget *editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
set_ktp (GtkWidget *page, SertelApplicantRow *row, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  sertel_applicant_row_set_ktp_file (row, file);
  while (sertel_applicant_row_get_ktp_data (row) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (sertel_applicant_row_get_ktp_data (row));
}

static const char *
label (GtkWidget *w)
{
  return gtk_label_get_text (GTK_LABEL (w));
}

static void
fill_letter (Fixture *f, GtkWidget *page)
{
  g_autoptr(GFile) pdf = g_file_new_for_path (f->pdf);

  type (PAGE (page, "letter_number_row"), "800/12/BKD/2026");
  type (PAGE (page, "letter_date_row"), "20-11-2026");
  type (PAGE (page, "opd_entry"), "Badan Kepegawaian Daerah");
  adw_combo_row_set_selected (ADW_COMBO_ROW (PAGE (page, "sifat_row")), 2);
  type (PAGE (page, "perihal_row"), "Permohonan penerbitan sertifikat elektronik");
  sertel_intake_page_set_letter_file (SERTEL_INTAKE_PAGE (page), pdf);
  wait_idle (page);
}

static void
test_intake_flow (void)
{
  Fixture f = { 0 };
  GtkWidget *window, *page, *submit;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  SertelApplicantRow *a, *b;
  gint64 request_id;

  fixture_init (&f);
  sertel_test_ui_use_language (NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  page = new_page (&f, &window);
  submit = PAGE (page, "submit_button");

  /* An empty form: one empty applicant, Submit held back. */
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_false (gtk_widget_is_sensitive (submit));
  g_assert_cmpuint (sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (page)), >, 0);

  fill_letter (&f, page);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (PAGE (page, "letter_file_row"))), "surat.pdf"));

  /* A date that is no date is said at the field. */
  type (PAGE (page, "letter_date_row"), "31-02-2026");
  g_assert_true (gtk_widget_get_visible (PAGE (page, "letter_date_msg_row")));
  g_assert_true (gtk_widget_has_css_class (PAGE (page, "letter_date_row"), "error"));
  type (PAGE (page, "letter_date_row"), "20-11-2026");
  g_assert_false (gtk_widget_get_visible (PAGE (page, "letter_date_msg_row")));

  /* Applicant 1: a NIP one digit short. */
  a = g_ptr_array_index (rows, 0);
  type (ROW (a, "name_row"), "Siti Rahmawati");
  type (ROW (a, "nik_row"), NIK_F);
  type (ROW (a, "nip_row"), "19850312201001200");
  g_assert_true (gtk_widget_get_visible (ROW (a, "nip_msg_row")));
  g_assert_nonnull (strstr (label (ROW (a, "nip_msg")), "18"));
  g_assert_true (gtk_widget_has_css_class (ROW (a, "nip_row"), "error"));
  g_test_message ("bad NIP: %s", label (ROW (a, "nip_msg")));

  /* A NIP a year off: the loud warning, and a reason is needed. */
  type (ROW (a, "nip_row"), "198603122010012001");
  g_assert_false (gtk_widget_get_visible (ROW (a, "nip_msg_row")));
  g_assert_true (gtk_widget_get_visible (ROW (a, "mismatch_bar")));
  g_assert_nonnull (strstr (label (ROW (a, "mismatch_label")), "12-03-1985"));
  g_assert_nonnull (strstr (label (ROW (a, "mismatch_label")), "12-03-1986"));
  g_test_message ("mismatch: %s", label (ROW (a, "mismatch_label")));

  /* An e-mail off the official domain. */
  type (ROW (a, "email_row"), "siti@gmail.com");
  g_assert_true (gtk_widget_get_visible (ROW (a, "email_msg_row")));
  g_assert_nonnull (strstr (label (ROW (a, "email_msg")), "malutprov.go.id"));
  g_test_message ("e-mail: %s", label (ROW (a, "email_msg")));
  set_ktp (page, a, f.png);

  /* Applicant 2. */
  gtk_widget_activate_action (page, "intake.add-applicant", NULL);
  g_ptr_array_unref (rows);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 2);
  b = g_ptr_array_index (rows, 1);
  type (ROW (b, "name_row"), "Ahmad Fauzi");
  type (ROW (b, "name_titled_row"), "Ahmad Fauzi, S.Kom.");
  type (ROW (b, "nik_row"), NIK_M);
  type (ROW (b, "nip_row"), NIP_M);
  type (ROW (b, "jabatan_row"), "Pranata Komputer");
  type (ROW (b, "email_row"), "ahmad.fauzi@malutprov.go.id");
  g_assert_true (gtk_widget_get_visible (ROW (b, "ktp_msg_row")) == FALSE);
  set_ktp (page, b, f.png);
  g_assert_false (gtk_widget_get_visible (ROW (b, "mismatch_bar")));
  g_assert_false (gtk_widget_get_visible (ROW (b, "email_msg_row")));

  /* Still held back: the reason and the e-mail of applicant 1. */
  g_assert_false (gtk_widget_is_sensitive (submit));
  g_assert_cmpuint (sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (page)), ==, 2);
  g_assert_nonnull (strstr (label (PAGE (page, "status_label")), "2"));
  sertel_test_ui_iterate (200);
  g_free (sertel_test_ui_screenshot (window, "intake-problems-en-light"));

  /* The draft is on disk while typing; a crash now loses nothing. */
  sertel_test_ui_iterate (1500);
  ids = sertel_draft_list (f.drafts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  sertel_test_ui_iterate (50);

  page = new_page (&f, &window);
  submit = PAGE (page, "submit_button");
  g_ptr_array_unref (rows);
  rows = rows_of (page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (PAGE (page, "letter_number_row"))), ==, "800/12/BKD/2026");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (PAGE (page, "opd_entry"))), ==, "Badan Kepegawaian Daerah");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (PAGE (page, "sifat_row"))), ==, 2);
  a = g_ptr_array_index (rows, 0);
  b = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ROW (a, "nip_row"))), ==, "198603122010012001");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ROW (b, "name_titled_row"))), ==, "Ahmad Fauzi, S.Kom.");
  g_assert_nonnull (sertel_applicant_row_get_ktp_data (b));
  g_assert_true (gtk_widget_get_visible (ROW (a, "mismatch_bar")));

  /* Fix what is left: a reason, the official e-mail. */
  type (ROW (a, "reason_entry"), "NIP sesuai SK; NIK dikoreksi Disdukcapil");
  g_assert_false (gtk_widget_is_sensitive (submit));
  type (ROW (a, "email_row"), "siti.rahmawati@malutprov.go.id");
  g_assert_cmpuint (sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (page)), ==, 0);
  wait_idle (page);
  g_assert_true (gtk_widget_is_sensitive (submit));

  gtk_widget_activate_action (page, "intake.submit", NULL);
  wait_idle (page);

  requests = sertel_store_list_requests (f.store, -1, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 1);
  request_id = sertel_request_get_id (g_ptr_array_index (requests, 0));
  g_assert_cmpstr (sertel_request_get_letter_date (g_ptr_array_index (requests, 0)), ==, "2026-11-20");
  g_assert_cmpstr (sertel_request_get_sifat (g_ptr_array_index (requests, 0)), ==, "sangat_segera");
  applicants = sertel_store_list_applicants (f.store, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applicants->len, ==, 2);
  g_assert_cmpstr (sertel_applicant_get_mismatch_reason (g_ptr_array_index (applicants, 0)), ==,
                   "NIP sesuai SK; NIK dikoreksi Disdukcapil");
  g_assert_null (sertel_applicant_get_mismatch_reason (g_ptr_array_index (applicants, 1)));

  attachments = sertel_store_list_attachments (f.store, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 3);
  for (guint i = 0; i < attachments->len; i++)
    {
      SertelAttachment *att = g_ptr_array_index (attachments, i);
      g_autoptr(GBytes) stored = sertel_store_read_attachment (f.store, sertel_attachment_get_id (att), &error);
      g_autofree char *orig = NULL;
      gsize len = 0;

      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (g_str_equal (sertel_attachment_get_kind (att), "letter") ? f.pdf : f.png,
                                          &orig, &len, NULL));
      g_assert_cmpmem (g_bytes_get_data (stored, NULL), g_bytes_get_size (stored), orig, len);
      if (g_str_equal (sertel_attachment_get_kind (att), "ktp"))
        g_assert_cmpint (sertel_attachment_get_applicant_id (att), >, 0);
    }

  /* Taken in: the draft is gone and the form is empty again. */
  g_ptr_array_unref (ids);
  ids = sertel_draft_list (f.drafts, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (PAGE (page, "letter_number_row"))), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
  fixture_clear (&f);
}

/* The register refuses a non-Operator; the page keeps Submit held back. */
static void
test_intake_screens (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      Fixture f = { 0 };
      GtkWidget *window, *page;
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *empty = g_strdup_printf ("intake-empty-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                                variants[i].dark ? "dark" : "light");
      g_autofree char *problems = g_strdup_printf ("intake-problems-%s-%s", variants[i].lang ? variants[i].lang : "en",
                                                   variants[i].dark ? "dark" : "light");
      SertelApplicantRow *a;

      fixture_init (&f);
      sertel_test_ui_use_language (variants[i].lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variants[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      page = new_page (&f, &window);
      g_free (sertel_test_ui_screenshot (window, empty));

      type (PAGE (page, "letter_number_row"), "800/12/BKD/2026");
      type (PAGE (page, "letter_date_row"), "20-13-2026");
      rows = rows_of (page);
      a = g_ptr_array_index (rows, 0);
      type (ROW (a, "name_row"), "Siti Rahmawati");
      type (ROW (a, "nik_row"), NIK_F);
      type (ROW (a, "nip_row"), "198603122010012001");
      type (ROW (a, "email_row"), "siti@gmail.com");
      sertel_test_ui_iterate (200);
      g_free (sertel_test_ui_screenshot (window, problems));
      {
        /* The applicant with the NIK/NIP warning, further down. */
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (PAGE (page, "scroller")));
        g_autofree char *lower = g_strconcat (problems, "-applicant", NULL);

        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
        sertel_test_ui_iterate (200);
        g_free (sertel_test_ui_screenshot (window, lower));
      }
      gtk_window_destroy (GTK_WINDOW (window));
      fixture_clear (&f);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }

  g_test_add_func ("/intake/flow", test_intake_flow);
  g_test_add_func ("/intake/screens", test_intake_screens);
  return g_test_run ();
}
