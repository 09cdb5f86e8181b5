/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing goes through the same drawing as the PDF export: a print
 * operation exported to a file gives the same pages, size and text. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>

#include "sertel-disposition-sheet.h"
#include "sertel-print.h"
#include "sertel-recommendation.h"

static SertelRequest *
request (void)
{
  SertelRequest *r = sertel_request_new ();

  sertel_request_set_id (r, 7);
  sertel_request_set_letter_number (r, "800.1.3/162/DIKBUD/2026");
  sertel_request_set_letter_date (r, "2026-11-20");
  sertel_request_set_sifat (r, "segera");
  sertel_request_set_perihal (r, "Permohonan Penerbitan Sertifikat Elektronik");
  sertel_request_set_opd_name (r, "Dinas Pendidikan dan Kebudayaan");
  sertel_request_set_recommendation_number (r, "000.6.5.6/15/DKIP/2026");
  sertel_request_set_received_at (r, 1795000000);
  return r;
}

static void
check_print (SertelPaper paper, double height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelLetterSettings) settings = sertel_letter_settings_new ();
  g_autoptr(SertelRequest) r = request ();
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 11, 25, 10, 0, 0);
  g_autoptr(SertelLetterDoc) doc = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sertel-print-XXXXXX", &error);
  g_autofree char *file = g_build_filename (dir, "print.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (file, NULL, NULL);
  GtkPrintOperationResult result;
  PopplerDocument *pdf;
  PopplerPage *page;
  g_autofree char *text = NULL;
  double w, h;

  for (guint i = 0; i < 30; i++)
    {
      SertelApplicant *a = sertel_applicant_new ();
      g_autofree char *nik = g_strdup_printf ("820101010180%04u", i + 1);
      g_autofree char *nip = g_strdup_printf ("198001012006011%03u", i + 1);

      sertel_applicant_set_name (a, "Siti Nurhaliza");
      sertel_applicant_set_nik (a, nik);
      sertel_applicant_set_nip (a, nip);
      sertel_applicant_set_email (a, "siti@malutprov.go.id");
      g_ptr_array_add (applicants, a);
    }
  settings->paper = paper;
  doc = sertel_recommendation_new (settings, r, applicants, date);
  result = sertel_print_document_to_file (doc, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, (int) sertel_recommendation_n_pages (doc));
  page = poppler_document_get_page (pdf, 0);
  poppler_page_get_size (page, &w, &h);
  g_assert_cmpfloat_with_epsilon (h, height, 1.0);
  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, "000.6.5.6/15/DKIP/2026"));
  g_assert_nonnull (strstr (text, "Segera"));
  g_object_unref (page);
  g_object_unref (pdf);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_print_a4 (void)
{
  check_print (SERTEL_PAPER_A4, 841.89);
}

static void
test_print_f4 (void)
{
  check_print (SERTEL_PAPER_F4, 935.43);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 0;
    }
  g_test_add_func ("/print/a4", test_print_a4);
  g_test_add_func ("/print/f4", test_print_f4);
  return g_test_run ();
}
