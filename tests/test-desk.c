/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One request walked from intake to issued through the real main window:
 * each person signs in, finds the case and takes their step with the
 * page's own actions; the register is checked after every step and each
 * view is photographed. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "sertel-applicant-row.h"
#include "sertel-case-page.h"
#include "sertel-disposition-page.h"
#include "sertel-intake-page.h"
#include "sertel-store-letters.h"
#include "sertel-store.h"
#include "sertel-test-ui.h"
#include "sertel-verification-page.h"
#include "sertel-window.h"

#include "sertel-test-ui.c"

#define PASSWORD "rahasia-sekali"

#define WAIT_FOR(cond) G_STMT_START {                                         \
    gint64 _end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;              \
    while (!(cond) && g_get_monotonic_time () < _end)                        \
      if (!g_main_context_iteration (NULL, FALSE))                            \
        g_usleep (1000); /* leave the CPU to the workers */                   \
    g_assert_true (cond);                                                     \
  } G_STMT_END

typedef struct {
  char        *dir;
  char        *path;
  char        *pdf;
  char        *png;
  SertelStore *store;      /* a second connection, to check the register */
  gint64       ids[7];     /* staff ids by SertelRole */
} Fixture;

static void
make_scans (Fixture *f)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  f->pdf = g_build_filename (f->dir, "surat-permohonan.pdf", NULL);
  surface = cairo_pdf_surface_create (f->pdf, 595, 842);
  cr = cairo_create (surface);
  cairo_set_font_size (cr, 14);
  cairo_move_to (cr, 72, 96);
  cairo_show_text (cr, "BADAN KEPEGAWAIAN DAERAH PROVINSI MALUKU UTARA");
  cairo_move_to (cr, 72, 140);
  cairo_show_text (cr, "Perihal: Permohonan penerbitan sertifikat elektronik");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  f->png = g_build_filename (f->dir, "ktp.png", NULL);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 320, 200);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.55, 0.75, 0.95);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, f->png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
fixture_set_up (Fixture *f)
{
  static const struct { const char *name; const char *nip; SertelRole role; } staff[] = {
    { "Rina Marasabessy", "199207252019032005", SERTEL_ROLE_OPERATOR },
    { "Ahmad Rizal Sangadji", "197104181997031003", SERTEL_ROLE_KEPALA_DINAS },
    { "Nurhayati Umasugi", "197809232003122002", SERTEL_ROLE_KABID },
    { "Fadli Tuanany", "198211062008011004", SERTEL_ROLE_KASI },
    { "Sitti Rahmawati Ibrahim", "199001142015032001", SERTEL_ROLE_VERIFIKATOR },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) admin = NULL;

  f->dir = g_dir_make_tmp ("sertel-desk-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "sertel.db", NULL);
  f->store = sertel_store_open (f->path, &error);
  g_assert_no_error (error);
  admin = sertel_store_add_staff (f->store, NULL, "Administrator", "198503122010011001", SERTEL_ROLE_ADMIN, PASSWORD, &error);
  g_assert_no_error (error);
  f->ids[SERTEL_ROLE_ADMIN] = sertel_staff_get_id (admin);
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(SertelStaff) s = sertel_store_add_staff (f->store, admin, staff[i].name, staff[i].nip,
                                                         staff[i].role, PASSWORD, &error);
      g_assert_no_error (error);
      f->ids[staff[i].role] = sertel_staff_get_id (s);
    }
  make_scans (f);
}

static SertelRequest *
only_request (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_requests (f->store, -1, 0, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  return g_object_ref (list->pdata[0]);
}

static SertelRequestState
state_of (Fixture *f)
{
  g_autoptr(SertelRequest) r = only_request (f);
  return sertel_request_get_state (r);
}

static gboolean
letter_issued (Fixture *f, gint64 id)
{
  gboolean issued = FALSE;

  g_assert_true (sertel_store_has_letter (f->store, id, "rekomendasi", &issued, NULL, NULL));
  return issued;
}

static GtkWidget *
child (GtkWidget *w, GType type, const char *name)
{
  GObject *o = gtk_widget_get_template_child (w, type, name);
  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

static const char *
visible_page (GtkWidget *window, const char *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, stack)));
}

static void
collect (GtkWidget *root, GType type, const char *name, GPtrArray *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (c), name) == 0))
        g_ptr_array_add (out, c);
      collect (c, type, name, out);
    }
}

static GtkWidget *
find (GtkWidget *root, GType type, const char *name, guint nth)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect (root, type, name, all);
  return nth < all->len ? all->pdata[nth] : NULL;
}

/* Signs in through the sign-in page's own signal, as its button does after
 * checking the password with the store. */
static void
sign_in (GtkWidget *window, Fixture *f, SertelRole role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = NULL;

  if (g_strcmp0 (visible_page (window, "main_stack"), "desk") == 0)
    g_assert_true (gtk_widget_activate_action (window, "win.sign-out", NULL));
  WAIT_FOR (g_strcmp0 (visible_page (window, "main_stack"), "signin") == 0);
  staff = sertel_store_authenticate (f->store, f->ids[role], PASSWORD, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (child (window, SERTEL_TYPE_WINDOW, "signin_page"), "signed-in", staff);
  WAIT_FOR (g_strcmp0 (visible_page (window, "main_stack"), "desk") == 0);
}

static void
shot (GtkWidget *window, const char *name)
{
  sertel_test_ui_iterate (400);
  g_free (sertel_test_ui_screenshot (window, name));
}

/* Opens the case the way a row activation does, and waits for the step's
 * form the case page embeds for this role. */
static GtkWidget *
open_case (GtkWidget *window, gint64 id, GType form_type)
{
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (window, "win.open-case", "x", id));
  WAIT_FOR (g_strcmp0 (visible_page (window, "content_stack"), "case") == 0);
  page = adw_bin_get_child (ADW_BIN (child (window, SERTEL_TYPE_WINDOW, "case_bin")));
  g_assert_true (SERTEL_IS_CASE_PAGE (page));
  WAIT_FOR (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)) != NULL);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)), form_type));
  /* Let the form load the case before acting on it. */
  sertel_test_ui_iterate (600);
  return sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page));
}

static void
type (GtkWidget *editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
test_walk (void)
{
  Fixture f = { 0 };
  GtkWidget *window, *intake, *form, *button;
  SertelApplicantRow *row;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) letter = NULL;
  g_autoptr(GFile) ktp = NULL;
  g_autoptr(SertelRequest) request = NULL;
  const char *items[] = { "letter", "email", "ktp", "nik_nip", "no_duplicate" };
  gint64 id;

  fixture_set_up (&f);
  sertel_test_ui_use_language (NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  sertel_window_open_register (SERTEL_WINDOW (window), f.path, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);

  /* 1. The Operator takes the letter in (Ctrl+N). */
  sign_in (window, &f, SERTEL_ROLE_OPERATOR);
  g_assert_true (gtk_widget_activate_action (window, "win.new-request", NULL));
  WAIT_FOR (g_strcmp0 (visible_page (window, "content_stack"), "intake") == 0);
  intake = adw_bin_get_child (ADW_BIN (child (window, SERTEL_TYPE_WINDOW, "intake_bin")));
  g_assert_true (SERTEL_IS_INTAKE_PAGE (intake));
  type (child (intake, SERTEL_TYPE_INTAKE_PAGE, "letter_number_row"), "800.1.3/162/BKD/2026");
  type (child (intake, SERTEL_TYPE_INTAKE_PAGE, "letter_date_row"), "20-11-2026");
  type (child (intake, SERTEL_TYPE_INTAKE_PAGE, "opd_entry"), "Badan Kepegawaian Daerah");
  type (child (intake, SERTEL_TYPE_INTAKE_PAGE, "perihal_row"), "Permohonan penerbitan sertifikat elektronik");
  letter = g_file_new_for_path (f.pdf);
  sertel_intake_page_set_letter_file (SERTEL_INTAKE_PAGE (intake), letter);
  row = SERTEL_APPLICANT_ROW (gtk_widget_get_first_child (child (intake, SERTEL_TYPE_INTAKE_PAGE, "applicants_box")));
  type (child (GTK_WIDGET (row), SERTEL_TYPE_APPLICANT_ROW, "name_row"), "Siti Rahmawati");
  type (child (GTK_WIDGET (row), SERTEL_TYPE_APPLICANT_ROW, "nik_row"), "8271035203850001");
  type (child (GTK_WIDGET (row), SERTEL_TYPE_APPLICANT_ROW, "nip_row"), "19850312 201001 2 001");
  type (child (GTK_WIDGET (row), SERTEL_TYPE_APPLICANT_ROW, "email_row"), "siti.rahmawati@malutprov.go.id");
  ktp = g_file_new_for_path (f.png);
  sertel_applicant_row_set_ktp_file (row, ktp);
  WAIT_FOR (sertel_applicant_row_get_ktp_data (row) != NULL);
  WAIT_FOR (!sertel_intake_page_is_busy (SERTEL_INTAKE_PAGE (intake)) &&
            sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (intake)) == 0);
  shot (window, "desk-1-intake");
  g_assert_true (gtk_widget_activate_action (intake, "intake.submit", NULL));

  /* The window opens the new case; the register has it, with its scans. */
  WAIT_FOR (g_strcmp0 (visible_page (window, "content_stack"), "case") == 0);
  request = only_request (&f);
  id = sertel_request_get_id (request);
  g_assert_cmpint (sertel_request_get_state (request), ==, SERTEL_REQUEST_RECEIVED);
  g_assert_cmpuint (sertel_request_get_n_applicants (request), ==, 1);
  {
    g_autoptr(GPtrArray) attachments = sertel_store_list_attachments (f.store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (attachments->len, ==, 2);
  }
  shot (window, "desk-1-case");

  /* 2. The Kepala Dinas: the queue first, then the disposition. */
  sign_in (window, &f, SERTEL_ROLE_KEPALA_DINAS);
  WAIT_FOR (g_strcmp0 (visible_page (window, "content_stack"), "list") == 0);
  shot (window, "desk-2-queue");
  form = open_case (window, id, SERTEL_TYPE_DISPOSITION_PAGE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (form, GTK_TYPE_CHECK_BUTTON, "tindak_lanjuti", 0)), TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find (form, GTK_TYPE_TEXT_VIEW, NULL, 0))),
                            "Segera diproses sesuai SOP.", -1);
  shot (window, "desk-2-disposition");
  g_assert_true (gtk_widget_activate_action (form, "disposition.forward", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_KABID);

  /* 3. The Kabid forwards to the Kasi. */
  sign_in (window, &f, SERTEL_ROLE_KABID);
  form = open_case (window, id, SERTEL_TYPE_DISPOSITION_PAGE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (form, GTK_TYPE_CHECK_BUTTON, "proses_sesuai_ketentuan", 0)), TRUE);
  g_assert_true (gtk_widget_activate_action (form, "disposition.forward", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_KASI);

  /* 4. The Kasi confirms the checklist and assigns the Verifikator. */
  sign_in (window, &f, SERTEL_ROLE_KASI);
  form = open_case (window, id, SERTEL_TYPE_VERIFICATION_PAGE);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      GtkWidget *check = NULL;
      WAIT_FOR ((check = find (form, GTK_TYPE_CHECK_BUTTON, items[i], 0)) != NULL);
      g_assert_true (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "automatic-ok")));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (form, GTK_TYPE_DROP_DOWN, NULL, 0)), 1);
  shot (window, "desk-4-verification");
  g_assert_true (gtk_widget_activate_action (form, "verification.assign", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_VERIFIKATOR);
  g_clear_object (&request);
  request = only_request (&f);
  g_assert_cmpint (sertel_request_get_assigned_to (request), ==, f.ids[SERTEL_ROLE_VERIFIKATOR]);
  g_assert_nonnull (sertel_request_get_recommendation_number (request));

  /* 5. The Verifikator registers the applicant at BSrE until issued. */
  sign_in (window, &f, SERTEL_ROLE_VERIFIKATOR);
  form = open_case (window, id, SERTEL_TYPE_VERIFICATION_PAGE);
  {
    const SertelAction steps[] = { SERTEL_ACTION_MARK_REGISTERED, SERTEL_ACTION_MARK_VERIFIED, SERTEL_ACTION_MARK_ISSUED };
    const SertelApplicantState expect[] = { SERTEL_APPLICANT_REGISTERED, SERTEL_APPLICANT_VERIFIED, SERTEL_APPLICANT_ISSUED };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        g_autoptr(GPtrArray) applicants = NULL;

        button = NULL;
        WAIT_FOR ((button = find (form, GTK_TYPE_BUTTON, sertel_action_to_string (steps[i]), 0)) != NULL &&
                  gtk_widget_get_sensitive (button));
        g_signal_emit_by_name (button, "clicked");
        WAIT_FOR ((applicants = sertel_store_list_applicants (f.store, id, NULL)) != NULL &&
                  sertel_applicant_get_state (applicants->pdata[0]) == expect[i]);
      }
  }
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_COMPLETED);

  /* The Surat Rekomendasi: issued once, kept with the request. */
  g_assert_false (letter_issued (&f, id));
  g_assert_true (gtk_widget_activate_action (window, "win.issue-letter", "x", id));
  WAIT_FOR (letter_issued (&f, id));
  g_assert_true (gtk_widget_activate_action (window, "win.open-case", "x", id));
  WAIT_FOR (g_strcmp0 (visible_page (window, "content_stack"), "case") == 0);
  shot (window, "desk-5-completed");

  /* The audit trail of the whole walk is intact. */
  {
    gint64 bad = 0;
    guint rows = 0;
    g_assert_true (sertel_store_verify_audit (f.store, &bad, &rows, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rows, >, 10);
  }

  /* The same desk in Indonesian, dark. */
  sertel_test_ui_use_language ("id");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_widget_activate_action (window, "win.show-queue", "s", "completed");
  shot (window, "desk-6-completed-queue-id-dark");

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&f.store);
  g_free (f.pdf);
  g_free (f.png);
  g_free (f.path);
  g_free (f.dir);
}

int
main (int argc, char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("sertel-desk-home-XXXXXX", NULL);

  /* Drafts and viewer state go to a private data folder, not the user's. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }
  g_test_add_func ("/desk/walk", test_walk);
  return g_test_run ();
}
