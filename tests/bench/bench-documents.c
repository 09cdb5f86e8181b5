/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long a Surat Rekomendasi with 100 applicants takes to become a PDF
 * (layout and cairo-pdf), and the lembar disposisi. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-disposition-sheet.h"
#include "sertel-recommendation.h"

static GPtrArray *
applicants (guint n)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      SertelApplicant *a = sertel_applicant_new ();
      g_autofree char *nik = g_strdup_printf ("820101010180%04u", i + 1);
      g_autofree char *nip = g_strdup_printf ("198001012006011%03u", i + 1);
      g_autofree char *email = g_strdup_printf ("pegawai.nomor%u@malutprov.go.id", i + 1);

      sertel_applicant_set_name (a, "Siti Nurhaliza Abdurrahman Marasabessy");
      sertel_applicant_set_nik (a, nik);
      sertel_applicant_set_nip (a, nip);
      sertel_applicant_set_email (a, email);
      sertel_applicant_set_jabatan (a, "Pranata Komputer Ahli Muda pada Seksi Persandian");
      sertel_applicant_set_unit_kerja (a, "Bidang Persandian dan Statistik");
      g_ptr_array_add (list, a);
    }
  return list;
}

int
main (int argc, char *argv[])
{
  g_autoptr(SertelLetterSettings) settings = sertel_letter_settings_new ();
  g_autoptr(SertelRequest) request = sertel_request_new ();
  g_autoptr(GPtrArray) list = applicants (100);
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 11, 25, 10, 0, 0);
  const guint runs = 10;
  gint64 best = G_MAXINT64, total = 0;
  gsize size = 0;
  guint pages = 0;

  sertel_request_set_id (request, 42);
  sertel_request_set_letter_number (request, "800.1.3/162/DIKBUD/2026");
  sertel_request_set_letter_date (request, "2026-11-20");
  sertel_request_set_sifat (request, "biasa");
  sertel_request_set_perihal (request, "Permohonan Penerbitan Sertifikat Elektronik");
  sertel_request_set_opd_name (request, "Dinas Pendidikan dan Kebudayaan");
  sertel_request_set_recommendation_number (request, "000.6.5.6/15/DKIP/2026");
  sertel_request_set_received_at (request, g_date_time_to_unix (date));

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SertelLetterDoc) doc = sertel_recommendation_new (settings, request, list, date);
      g_autoptr(GBytes) pdf = sertel_letter_doc_to_pdf (doc, &error);
      gint64 took = g_get_monotonic_time () - start;

      g_assert_no_error (error);
      size = g_bytes_get_size (pdf);
      pages = sertel_letter_doc_get_n_pages (doc);
      best = MIN (best, took);
      total += took;
    }
  g_print ("Surat Rekomendasi, 100 applicants, %u pages, %" G_GSIZE_FORMAT " bytes: "
           "best %.1f ms, mean %.1f ms over %u runs\n",
           pages, size, best / 1000.0, total / 1000.0 / runs, runs);

  {
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();
    g_autoptr(SertelLetterDoc) sheet = sertel_disposition_sheet_new (settings, request, NULL);
    g_autoptr(GBytes) pdf = sertel_letter_doc_to_pdf (sheet, &error);

    g_assert_no_error (error);
    g_print ("Lembar disposisi: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  }
  return 0;
}
