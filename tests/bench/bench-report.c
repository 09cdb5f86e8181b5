/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A year with 100,000 requests: how long the laporan kegiatan (numbers and
 * PDF) and the XLSX export of the year take. Ten requests in every state are
 * made through the store, then copied in SQL across the year (the way
 * tests/test-request-list-model.c fills its register). */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "../sertel-test-util.c"
#include "sertel-export.h"
#include "sertel-report.h"
#include "sertel-store-report.h"

#define COPIES 10000   /* × 10 requests */
#define SPREAD 3150    /* seconds between copies: 10,000 of them fill a year */

static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static gint64
create (Fx *fx, const char *letter, const char *opd, gboolean two)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request (letter);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = pdf_bytes ();
  SertelNewAttachment scan = { "letter", "surat.pdf", pdf, -1 };
  SertelNewAttachment ktp0 = { "ktp", "ktp0.pdf", pdf, 0 };
  SertelNewAttachment ktp1 = { "ktp", "ktp1.pdf", pdf, 1 };
  gint64 id;

  sertel_request_set_opd_name (r, opd);
  g_ptr_array_add (applicants, make_applicant ("Siti Nur'aini", NIK_F, NIP_F));
  g_ptr_array_add (attachments, &scan);
  g_ptr_array_add (attachments, &ktp0);
  if (two)
    {
      g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
      g_ptr_array_add (attachments, &ktp1);
    }
  id = sertel_store_create_request (fx->store, fx->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
step (Fx *fx, gint64 id, SertelAction action, int minutes, const char *note)
{
  fake_now += minutes * 60;
  move_ok (fx, action == SERTEL_ACTION_DISPOSE ? fx->kadis : action == SERTEL_ACTION_FORWARD ? fx->kabid : fx->kasi,
           id, action, action == SERTEL_ACTION_ASSIGN ? sertel_staff_get_id (fx->verif) : 0, note);
}

static void
applicants_do (Fx *fx, gint64 id, SertelAction action, int minutes, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (fx->store, id, &error);

  fake_now += minutes * 60;
  for (guint i = 0; i < list->len; i++)
    move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (list, i)),
                       i == 1 && reason ? SERTEL_ACTION_MARK_REJECTED : action, i == 1 ? reason : NULL);
}

static void
fill (Fx *fx)
{
  static const char * const opds[] = { "Dinas Pendidikan", "Dinas Kesehatan", "Badan Kepegawaian Daerah",
                                       "Inspektorat", "Dinas Perhubungan" };
  g_autoptr(GDateTime) start = g_date_time_new_local (2026, 1, 1, 8, 0, 0);
  g_autofree char *sql = NULL;
  gint64 t0 = g_date_time_to_unix (start);

  sertel_store_set_clock (fx->store, fake_clock, NULL);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *letter = g_strdup_printf ("%03u/B/2026", i + 1);
      gint64 id;

      fake_now = t0 + i * 60;
      id = create (fx, letter, opds[i % G_N_ELEMENTS (opds)], i % 3 != 0);
      if (i == 9)
        continue;                                     /* waiting for disposition */
      step (fx, id, SERTEL_ACTION_DISPOSE, 5 + i * 3, NULL);
      if (i == 8)
        continue;                                     /* at the Kabid */
      step (fx, id, SERTEL_ACTION_FORWARD, 10 + i, NULL);
      if (i == 7)
        {
          step (fx, id, SERTEL_ACTION_RETURN, 30, "Surat belum ditandatangani");
          continue;
        }
      step (fx, id, SERTEL_ACTION_ASSIGN, 8 + i, NULL);
      if (i == 6)
        continue;                                     /* at the Verifikator */
      applicants_do (fx, id, SERTEL_ACTION_MARK_REGISTERED, 60 * (i + 1), NULL);
      if (i == 5)
        continue;                                     /* waiting for BSrE */
      applicants_do (fx, id, SERTEL_ACTION_MARK_ISSUED, 600, i % 2 ? "Data KTP tidak sesuai NIP" : NULL);
    }

  sql = g_strdup_printf (
    "BEGIN;"
    "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
    "INSERT INTO request (id, letter_number, letter_date, received_at, sifat, perihal, opd_id, state,"
    " state_since, assigned_to, return_reason, recommendation_number, n_applicants, created_by, version) "
    "SELECT r.id + k.n * 100, r.letter_number || '-' || k.n, r.letter_date, r.received_at + k.n * %d, r.sifat,"
    " r.perihal, r.opd_id, r.state, r.state_since + k.n * %d, r.assigned_to, r.return_reason,"
    " CASE WHEN r.recommendation_number IS NULL THEN NULL ELSE r.recommendation_number || '-' || k.n END,"
    " r.n_applicants, r.created_by, r.version FROM request r, k WHERE r.id <= 10;"
    "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
    "INSERT INTO applicant (id, request_id, position, name, nik, nip, pangkat, jabatan, unit_kerja, email, phone,"
    " state, state_reason) "
    "SELECT a.id + k.n * 1000, a.request_id + k.n * 100, a.position, a.name, a.nik, a.nip, a.pangkat, a.jabatan,"
    " a.unit_kerja, a.email, a.phone, a.state, a.state_reason FROM applicant a, k WHERE a.request_id <= 10;"
    "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
    "INSERT INTO transition (request_id, applicant_id, action, from_state, to_state, actor_id, at, note) "
    "SELECT t.request_id + k.n * 100, CASE WHEN t.applicant_id IS NULL THEN NULL ELSE t.applicant_id + k.n * 1000 END,"
    " t.action, t.from_state, t.to_state, t.actor_id, t.at + k.n * %d, t.note FROM transition t, k"
    " WHERE t.request_id <= 10;"
    "COMMIT;",
    COPIES - 1, SPREAD, SPREAD, COPIES - 1, COPIES - 1, SPREAD);
  raw_exec (fx->path, sql);
  fake_now = t0 + 366 * 86400;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelReport) report = NULL;
  g_autoptr(SertelLetterSettings) settings = sertel_letter_settings_new ();
  g_autofree char *xlsx = NULL;
  g_autofree char *csv = NULL;
  Fx fx = { 0 };
  gint64 from = 0, to = 0, t;
  guint rows = 0;

  g_test_init (&argc, &argv, NULL);
  fx_setup (&fx, NULL);

  t = g_get_monotonic_time ();
  fill (&fx);
  g_print ("register of %" G_GINT64_FORMAT " requests, %" G_GINT64_FORMAT " applicants, %" G_GINT64_FORMAT
           " transitions made in %.0f ms\n", count_rows (fx.path, "request"), count_rows (fx.path, "applicant"),
           count_rows (fx.path, "transition"), (g_get_monotonic_time () - t) / 1000.0);

  /* To look at the register afterwards: SERTEL_BENCH_DB=FILE keeps a copy. */
  if (g_getenv ("SERTEL_BENCH_DB"))
    {
      g_autoptr(GFile) src = g_file_new_for_path (fx.path);
      g_autoptr(GFile) dest = g_file_new_for_path (g_getenv ("SERTEL_BENCH_DB"));
      g_file_copy (src, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  g_assert_true (sertel_report_parse_period ("2026-01-01", "2026-12-31", &from, &to, &error));

  t = g_get_monotonic_time ();
  report = sertel_store_report (fx.store, from, to, &error);
  g_assert_no_error (error);
  g_print ("year report numbers: %.0f ms (%u requests, %u issued, %u open)\n",
           (g_get_monotonic_time () - t) / 1000.0, report->requests_received, report->applicants_issued,
           report->requests_open);
  g_assert_cmpuint (report->requests_received, ==, 10 * COPIES);

  t = g_get_monotonic_time ();
  {
    g_autoptr(SertelLetterDoc) doc = sertel_report_doc_new (settings, g_steal_pointer (&report));
    g_autoptr(GBytes) pdf = sertel_letter_doc_to_pdf (doc, &error);

    g_assert_no_error (error);
    if (g_getenv ("SERTEL_BENCH_PDF"))
      g_file_set_contents (g_getenv ("SERTEL_BENCH_PDF"), g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                           NULL);
    g_print ("year report PDF: %.0f ms (%u pages, %zu KB)\n", (g_get_monotonic_time () - t) / 1000.0,
             sertel_letter_doc_get_n_pages (doc), g_bytes_get_size (pdf) / 1024);
  }

  {
    gint64 start[SERTEL_REPORT_MONTHS + 1];
    guint req[SERTEL_REPORT_MONTHS], iss[SERTEL_REPORT_MONTHS];
    SertelReportStep steps[SERTEL_N_STEPS];

    t = g_get_monotonic_time ();
    g_assert_true (sertel_store_report_monthly (fx.store, fake_now - 86400, start, req, iss, &error));
    g_assert_true (sertel_store_report_compliance (fx.store, start[0], start[SERTEL_REPORT_MONTHS], steps, &error));
    g_print ("dashboard (12 months chart and compliance): %.0f ms\n", (g_get_monotonic_time () - t) / 1000.0);
  }

  xlsx = g_build_filename (fx.dir, "year.xlsx", NULL);
  t = g_get_monotonic_time ();
  {
    SertelExportScope scope = { from, to, NULL };
    g_assert_true (sertel_export_xlsx (fx.store, fx.kasi, &scope, xlsx, NULL, NULL, &rows, &error));
    g_assert_no_error (error);
  }
  g_print ("year XLSX export: %.0f ms (%u rows)\n", (g_get_monotonic_time () - t) / 1000.0, rows);

  csv = g_build_filename (fx.dir, "year.csv", NULL);
  t = g_get_monotonic_time ();
  {
    SertelExportScope scope = { from, to, NULL };
    g_assert_true (sertel_export_csv (fx.store, fx.kasi, &scope, SERTEL_EXPORT_APPLICANTS, ',', csv, &rows, &error));
    g_assert_no_error (error);
  }
  g_print ("year CSV export (applicants): %.0f ms (%u rows)\n", (g_get_monotonic_time () - t) / 1000.0, rows);

  fx_teardown (&fx, NULL);
  remove_template ();
  return 0;
}
