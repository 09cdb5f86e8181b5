/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The laporan kegiatan and the exports: a register built here with known
 * counts at known times (a fake clock), every number of the report checked,
 * the PDF read back with Poppler, the XLSX opened (a zip of XML) and the CSV
 * read. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <poppler.h>

#include "sertel-test-util.c"
#include "sertel-export.h"
#include "sertel-report.h"
#include "sertel-store-report.h"

#define REASON_KTP   "Data KTP tidak sesuai NIP"
#define REASON_EMAIL "E-mail tidak aktif"

static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static gint64
at (int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

#define MINUTES(n) ((gint64) (n) * 60)

static gint64
create_at (Fx *fx, gint64 when, const char *letter, const char *opd, guint n_applicants)
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

  fake_now = when;
  sertel_request_set_opd_name (r, opd);
  g_ptr_array_add (applicants, make_applicant ("Siti Nur'aini", NIK_F, NIP_F));
  g_ptr_array_add (attachments, &scan);
  g_ptr_array_add (attachments, &ktp0);
  if (n_applicants > 1)
    {
      g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
      g_ptr_array_add (attachments, &ktp1);
    }
  id = sertel_store_create_request (fx->store, fx->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
move_at (Fx *fx, gint64 when, SertelStaff *actor, gint64 id, SertelAction action, const char *note)
{
  fake_now = when;
  move_ok (fx, actor, id, action, action == SERTEL_ACTION_ASSIGN ? sertel_staff_get_id (fx->verif) : 0, note);
}

/* Every applicant of @id: @action at @when (reason for rejections). */
static void
applicant_at (Fx *fx, gint64 when, gint64 id, guint index, SertelAction action, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (fx->store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (index, <, list->len);
  fake_now = when;
  move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (list, index)), action, reason);
}

/* Steps 1–3 at the given minutes after @start; returns the time of ASSIGN. */
static gint64
walk (Fx *fx, gint64 id, gint64 start, int m1, int m2, int m3)
{
  move_at (fx, start + MINUTES (m1), fx->kadis, id, SERTEL_ACTION_DISPOSE, "Untuk diproses");
  move_at (fx, start + MINUTES (m1 + m2), fx->kabid, id, SERTEL_ACTION_FORWARD, NULL);
  move_at (fx, start + MINUTES (m1 + m2 + m3), fx->kasi, id, SERTEL_ACTION_ASSIGN, NULL);
  return start + MINUTES (m1 + m2 + m3);
}

/* The register of the tests; the period is March 2026.
 *  J  Jan 10, BKD, 2 applicants, both issued the same day.
 *  G  Feb 25, BKD, 2 applicants, assigned in February; on Mar 1 one issued,
 *     one rejected (e-mail).
 *  A  Mar 2, Pendidikan, 2: steps 10/20/5 min, registered after 2 h; one
 *     issued, one rejected (KTP).
 *  B  Mar 3, Kesehatan, 1: steps 30/15/10 min, registered after 2 days,
 *     rejected (KTP).
 *  C  Mar 10, Kesehatan, 2: 5/5 min, returned by the Kasi after 40 min.
 *  D  Mar 20, Pendidikan, 1: disposed after 5 min, still at the Kabid.
 *  E  Mar 31 23:50, Pendidikan, 2: waiting for disposition.
 * "Now" is Mar 31 23:55. */
static void
fill (Fx *fx)
{
  gint64 id, t;

  sertel_store_set_clock (fx->store, fake_clock, NULL);

  t = at (1, 10, 8, 0);
  id = create_at (fx, t, "001/BKD/2026", "Badan Kepegawaian Daerah", 2);
  t = walk (fx, id, t, 5, 5, 5);
  applicant_at (fx, t + MINUTES (60), id, 0, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, t + MINUTES (60), id, 1, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, t + MINUTES (120), id, 0, SERTEL_ACTION_MARK_ISSUED, NULL);
  applicant_at (fx, t + MINUTES (120), id, 1, SERTEL_ACTION_MARK_ISSUED, NULL);

  t = at (2, 25, 8, 0);
  id = create_at (fx, t, "002/BKD/2026", "Badan Kepegawaian Daerah", 2);
  t = walk (fx, id, t, 5, 5, 5);
  applicant_at (fx, t + MINUTES (60), id, 0, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, t + MINUTES (60), id, 1, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, at (3, 1, 10, 0), id, 0, SERTEL_ACTION_MARK_ISSUED, NULL);
  applicant_at (fx, at (3, 1, 10, 0), id, 1, SERTEL_ACTION_MARK_REJECTED, REASON_EMAIL);

  t = at (3, 2, 8, 0);
  id = create_at (fx, t, "003/DIKBUD/2026", "Dinas Pendidikan", 2);
  t = walk (fx, id, t, 10, 20, 5);
  applicant_at (fx, t + MINUTES (120), id, 0, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, t + MINUTES (120), id, 1, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, t + MINUTES (180), id, 0, SERTEL_ACTION_MARK_ISSUED, NULL);
  applicant_at (fx, t + MINUTES (180), id, 1, SERTEL_ACTION_MARK_REJECTED, REASON_KTP);

  t = at (3, 3, 9, 0);
  id = create_at (fx, t, "004/DINKES/2026", "Dinas Kesehatan", 1);
  t = walk (fx, id, t, 30, 15, 10);
  applicant_at (fx, t + 2 * 86400, id, 0, SERTEL_ACTION_MARK_REGISTERED, NULL);
  applicant_at (fx, t + 2 * 86400 + 60, id, 0, SERTEL_ACTION_MARK_REJECTED, "  " REASON_KTP " ");

  t = at (3, 10, 9, 0);
  id = create_at (fx, t, "005/DINKES/2026", "Dinas Kesehatan", 2);
  move_at (fx, t + MINUTES (5), fx->kadis, id, SERTEL_ACTION_DISPOSE, NULL);
  move_at (fx, t + MINUTES (10), fx->kabid, id, SERTEL_ACTION_FORWARD, NULL);
  move_at (fx, t + MINUTES (50), fx->kasi, id, SERTEL_ACTION_RETURN, "Surat belum ditandatangani");

  t = at (3, 20, 8, 0);
  id = create_at (fx, t, "006/DIKBUD/2026", "Dinas Pendidikan", 1);
  move_at (fx, t + MINUTES (5), fx->kadis, id, SERTEL_ACTION_DISPOSE, NULL);

  create_at (fx, at (3, 31, 23, 50), "007/DIKBUD/2026", "Dinas Pendidikan", 2);

  fake_now = at (3, 31, 23, 55);
}

static SertelReport *
march (Fx *fx)
{
  g_autoptr(GError) error = NULL;
  gint64 from = 0, to = 0;
  SertelReport *report;

  g_assert_true (sertel_report_parse_period ("2026-03-01", "2026-03-31", &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (from, ==, at (3, 1, 0, 0));
  g_assert_cmpint (to, ==, at (4, 1, 0, 0));
  report = sertel_store_report (fx->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* ------------------------------------------------------------------------ */

static void
test_periods (void)
{
  g_autoptr(GError) error = NULL;
  gint64 from = 0, to = 0, months[SERTEL_REPORT_MONTHS + 1];

  g_assert_false (sertel_report_parse_period ("2026-02-30", "2026-03-01", &from, &to, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sertel_report_parse_period ("2026-03-01", "1 Maret", &from, &to, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sertel_report_parse_period ("2026-03-02", "2026-03-01", &from, &to, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sertel_report_parse_period ("2026-01-01", "2026-12-31", &from, &to, &error));
  g_assert_cmpint (from, ==, at (1, 1, 0, 0));
  g_assert_cmpint (to - from, ==, 365 * 86400);

  sertel_report_month_of (at (2, 14, 12, 0), &from, &to);
  g_assert_cmpint (from, ==, at (2, 1, 0, 0));
  g_assert_cmpint (to, ==, at (3, 1, 0, 0));
  sertel_report_year_of (at (2, 14, 12, 0), &from, &to);
  g_assert_cmpint (from, ==, at (1, 1, 0, 0));
  g_assert_cmpint (to, ==, at (1, 1, 0, 0) + 365 * 86400);
  sertel_report_months_ending (at (3, 31, 23, 0), months);
  g_assert_cmpint (months[SERTEL_REPORT_MONTHS - 1], ==, at (3, 1, 0, 0));
  g_assert_cmpint (months[SERTEL_REPORT_MONTHS], ==, at (4, 1, 0, 0));
  g_assert_cmpint (months[SERTEL_REPORT_MONTHS - 3], ==, at (1, 1, 0, 0));
  {
    g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (months[0]);
    g_assert_cmpint (g_date_time_get_year (first), ==, 2025);
    g_assert_cmpint (g_date_time_get_month (first), ==, 4);
  }
}

static void
test_numbers (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(SertelReport) r = NULL;
  const SertelReportOpd *o;
  const SertelReportCase *c;

  fill (fx);
  r = march (fx);

  g_assert_cmpuint (r->requests_received, ==, 5);
  g_assert_cmpuint (r->applicants_received, ==, 8);
  g_assert_cmpuint (r->requests_recommended, ==, 2);     /* A and B; G was assigned in February */
  g_assert_cmpuint (r->applicants_recommended, ==, 3);
  g_assert_cmpuint (r->applicants_issued, ==, 2);        /* A's and G's (marked on Mar 1) */
  g_assert_cmpuint (r->applicants_rejected, ==, 3);
  g_assert_cmpuint (r->requests_returned, ==, 1);
  g_assert_cmpuint (r->requests_open, ==, 2);            /* D and E */
  g_assert_cmpuint (r->applicants_open, ==, 3);
  g_assert_cmpuint (r->requests_overdue, ==, 1);         /* D */

  g_assert_cmpuint (r->rejections->len, ==, 2);
  g_assert_cmpstr (((SertelReportReason *) r->rejections->pdata[0])->reason, ==, REASON_KTP);
  g_assert_cmpuint (((SertelReportReason *) r->rejections->pdata[0])->count, ==, 2);
  g_assert_cmpstr (((SertelReportReason *) r->rejections->pdata[1])->reason, ==, REASON_EMAIL);
  g_assert_cmpuint (((SertelReportReason *) r->rejections->pdata[1])->count, ==, 1);

  g_assert_cmpuint (r->opds->len, ==, 3);
  o = r->opds->pdata[0];
  g_assert_cmpstr (o->opd, ==, "Dinas Pendidikan");
  g_assert_cmpuint (o->requests_received, ==, 3);
  g_assert_cmpuint (o->applicants_received, ==, 5);
  g_assert_cmpuint (o->applicants_issued, ==, 1);
  g_assert_cmpuint (o->applicants_rejected, ==, 1);
  g_assert_cmpuint (o->requests_open, ==, 2);
  o = r->opds->pdata[1];
  g_assert_cmpstr (o->opd, ==, "Dinas Kesehatan");
  g_assert_cmpuint (o->requests_received, ==, 2);
  g_assert_cmpuint (o->applicants_received, ==, 3);
  g_assert_cmpuint (o->applicants_issued, ==, 0);
  g_assert_cmpuint (o->applicants_rejected, ==, 1);
  g_assert_cmpuint (o->requests_open, ==, 0);
  o = r->opds->pdata[2];
  g_assert_cmpstr (o->opd, ==, "Badan Kepegawaian Daerah");
  g_assert_cmpuint (o->requests_received, ==, 0);
  g_assert_cmpuint (o->applicants_issued, ==, 1);
  g_assert_cmpuint (o->applicants_rejected, ==, 1);

  /* Step 1: A 10, B 30 (late), C 5, D 5; E runs 5 min, not late, not measured. */
  g_assert_cmpuint (r->steps[SERTEL_STEP_DISPOSITION].measured, ==, 4);
  g_assert_cmpuint (r->steps[SERTEL_STEP_DISPOSITION].within, ==, 3);
  g_assert_cmpint (r->steps[SERTEL_STEP_DISPOSITION].median, ==, 450);
  g_assert_cmpint (r->steps[SERTEL_STEP_DISPOSITION].slowest, ==, MINUTES (30));
  /* Step 2: A 20 (late), B 15 (exactly the limit: within), C 5, D still there (late). */
  g_assert_cmpuint (r->steps[SERTEL_STEP_KABID].measured, ==, 4);
  g_assert_cmpuint (r->steps[SERTEL_STEP_KABID].within, ==, 2);
  g_assert_cmpint (r->steps[SERTEL_STEP_KABID].median, ==, 1050);
  g_assert_cmpint (r->steps[SERTEL_STEP_KABID].slowest, ==, at (3, 31, 23, 55) - at (3, 20, 8, 5));
  /* Step 3: A 5, B 10, C 40 (late). */
  g_assert_cmpuint (r->steps[SERTEL_STEP_VERIFICATION].measured, ==, 3);
  g_assert_cmpuint (r->steps[SERTEL_STEP_VERIFICATION].within, ==, 2);
  g_assert_cmpint (r->steps[SERTEL_STEP_VERIFICATION].median, ==, MINUTES (10));
  g_assert_cmpint (r->steps[SERTEL_STEP_VERIFICATION].slowest, ==, MINUTES (40));
  /* Step 4: A 2 h, B 2 days (late). */
  g_assert_cmpuint (r->steps[SERTEL_STEP_REGISTRATION].measured, ==, 2);
  g_assert_cmpuint (r->steps[SERTEL_STEP_REGISTRATION].within, ==, 1);
  g_assert_cmpint (r->steps[SERTEL_STEP_REGISTRATION].median, ==, (2 * 3600 + 2 * 86400) / 2);
  g_assert_cmpint (r->steps[SERTEL_STEP_REGISTRATION].slowest, ==, 2 * 86400);

  g_assert_cmpuint (r->open_cases->len, ==, 2);
  c = r->open_cases->pdata[0];
  g_assert_cmpstr (c->letter_number, ==, "006/DIKBUD/2026");
  g_assert_cmpstr (c->opd, ==, "Dinas Pendidikan");
  g_assert_true (c->overdue);
  g_assert_cmpint (c->step, ==, SERTEL_STEP_KABID);
  g_assert_cmpint (c->state, ==, SERTEL_REQUEST_AT_KABID);
  g_assert_cmpint (c->in_step, ==, at (3, 31, 23, 55) - at (3, 20, 8, 5));
  c = r->open_cases->pdata[1];
  g_assert_cmpstr (c->letter_number, ==, "007/DIKBUD/2026");
  g_assert_false (c->overdue);
  g_assert_cmpint (c->step, ==, SERTEL_STEP_DISPOSITION);
  g_assert_cmpint (c->in_step, ==, MINUTES (5));

  /* The chart: April 2025 … March 2026. */
  for (guint m = 0; m < SERTEL_REPORT_MONTHS; m++)
    {
      guint want_req = m == 9 ? 1 : m == 10 ? 1 : m == 11 ? 5 : 0;
      guint want_iss = m == 9 ? 2 : m == 11 ? 2 : 0;
      g_assert_cmpuint (r->month_requests[m], ==, want_req);
      g_assert_cmpuint (r->month_issued[m], ==, want_iss);
    }
  g_assert_cmpint (r->month_start[11], ==, at (3, 1, 0, 0));

  /* The same numbers through the dashboard's calls. */
  {
    g_autoptr(GError) error = NULL;
    gint64 start[SERTEL_REPORT_MONTHS + 1];
    guint req[SERTEL_REPORT_MONTHS], iss[SERTEL_REPORT_MONTHS];
    SertelReportStep steps[SERTEL_N_STEPS];

    g_assert_true (sertel_store_report_monthly (fx->store, fake_now, start, req, iss, &error));
    g_assert_no_error (error);
    g_assert_cmpmem (req, sizeof req, r->month_requests, sizeof req);
    g_assert_cmpmem (iss, sizeof iss, r->month_issued, sizeof iss);
    g_assert_true (sertel_store_report_compliance (fx->store, r->from, r->to, steps, &error));
    g_assert_no_error (error);
    g_assert_cmpmem (steps, sizeof steps, r->steps, sizeof steps);
  }

  /* January alone: J, whose steps were all within. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelReport) jan = sertel_store_report (fx->store, at (1, 1, 0, 0), at (2, 1, 0, 0), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (jan->requests_received, ==, 1);
    g_assert_cmpuint (jan->applicants_issued, ==, 2);
    g_assert_cmpuint (jan->requests_recommended, ==, 1);
    g_assert_cmpuint (jan->requests_open, ==, 0);
    g_assert_cmpuint (jan->rejections->len, ==, 0);
    for (guint s = 0; s < SERTEL_N_STEPS; s++)
      {
        g_assert_cmpuint (jan->steps[s].measured, ==, 1);
        g_assert_cmpuint (jan->steps[s].within, ==, 1);
      }
    g_assert_cmpint (jan->steps[SERTEL_STEP_REGISTRATION].median, ==, MINUTES (60));
  }

  /* An empty period. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelReport) empty = sertel_store_report (fx->store, at (6, 1, 0, 0), at (7, 1, 0, 0), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (empty->requests_received, ==, 0);
    g_assert_cmpuint (empty->opds->len, ==, 0);
    g_assert_cmpuint (empty->steps[0].measured, ==, 0);
    g_assert_cmpint (empty->steps[0].median, ==, 0);
  }
}

/* ------------------------------------------------------------------------ */
/* The PDF, read back */

static char *
squash (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\r\n", -1);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      {
        if (s->len)
          g_string_append_c (s, ' ');
        g_string_append (s, words[i]);
      }
  return g_strdup (s->str);
}

/* The text whose glyphs lie in the band [@top, @bottom] of @page, left to
 * right, with a space wherever the glyphs leave a gap: Poppler runs table
 * cells together otherwise. */
typedef struct {
  double   x1, x2;
  gunichar c;
} Glyph;

static gint
cmp_glyph (gconstpointer a, gconstpointer b)
{
  const Glyph *x = a, *y = b;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

static char *
band_text (PopplerPage *page, double top, double bottom)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (Glyph));
  guint n = 0, i = 0;
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
  for (const char *p = text; *p && i < n; p = g_utf8_next_char (p), i++)
    {
      double mid = (rects[i].y1 + rects[i].y2) / 2;
      Glyph g = { rects[i].x1, rects[i].x2, g_utf8_get_char (p) };

      if (mid >= top && mid <= bottom && g.c != '\n')
        g_array_append_val (glyphs, g);
    }
  g_array_sort (glyphs, cmp_glyph);
  for (i = 0; i < glyphs->len; i++)
    {
      const Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (i > 0 && g->x1 - g_array_index (glyphs, Glyph, i - 1).x2 > 2.0)
        g_string_append_c (s, ' ');
      g_string_append_unichar (s, g->c);
    }
  return squash (s->str);
}

/* TRUE when some line of the document that holds @label reads @expected
 * (the label and the cells of its table row, whitespace squashed). */
static gboolean
row_reads (PopplerDocument *doc, const char *label, const char *expected)
{
  for (int p = 0; p < poppler_document_get_n_pages (doc); p++)
    {
      g_autoptr(GObject) page_obj = G_OBJECT (poppler_document_get_page (doc, p));
      PopplerPage *page = POPPLER_PAGE (page_obj);
      GList *hits = poppler_page_find_text (page, label);
      double w, h;
      gboolean found = FALSE;

      poppler_page_get_size (page, &w, &h);
      for (GList *l = hits; l && !found; l = l->next)
        {
          PopplerRectangle *hit = l->data;
          double mid = h - (hit->y1 + hit->y2) / 2;
          g_autofree char *flat = band_text (page, mid - 2, mid + 2);

          g_test_message ("row “%s”: %s", label, flat);
          found = g_strcmp0 (flat, expected) == 0;
        }
      g_list_free_full (hits, (GDestroyNotify) poppler_rectangle_free);
      if (found)
        return TRUE;
    }
  return FALSE;
}

static char *
all_text (PopplerDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (int p = 0; p < poppler_document_get_n_pages (doc); p++)
    {
      g_autoptr(GObject) page_obj = G_OBJECT (poppler_document_get_page (doc, p));
      PopplerPage *page = POPPLER_PAGE (page_obj);
      g_autofree char *text = poppler_page_get_text (page);
      g_string_append (s, text);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static void
test_pdf (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelLetterSettings) settings = sertel_letter_settings_new ();
  g_autoptr(SertelLetterDoc) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GObject) pd_obj = NULL;
  PopplerDocument *pd;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;

  fill (fx);
  doc = sertel_report_doc_new (settings, march (fx));
  pdf = sertel_letter_doc_to_pdf (doc, &error);
  g_assert_no_error (error);
  pd = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  pd_obj = G_OBJECT (pd);
  g_assert_cmpint (poppler_document_get_n_pages (pd), ==, (int) sertel_letter_doc_get_n_pages (doc));

  text = all_text (pd);
  flat = squash (text);
  g_assert_nonnull (strstr (flat, SERTEL_REPORT_TITLE));
  g_assert_nonnull (strstr (flat, "Periode: 1 Maret 2026 s.d. 31 Maret 2026"));
  for (const char *h = "A. Rekapitulasi\0B. Penolakan menurut alasan\0C. Rekapitulasi per OPD\0"
                       "D. Permohonan dan penerbitan per bulan\0E. Kepatuhan waktu SOP per langkah\0"
                       "F. Permohonan yang masih dalam proses\0"; *h; h += strlen (h) + 1)
    g_assert_nonnull (strstr (flat, h));
  /* The signatory of the settings, and the date of the report. */
  g_assert_nonnull (strstr (flat, settings->signatory_name));
  g_assert_nonnull (strstr (flat, "31 Maret 2026"));
  /* The chart's legend and month labels are text too. */
  g_assert_nonnull (strstr (flat, "Permohonan diterima"));
  g_assert_nonnull (strstr (flat, "Sertifikat terbit"));
  g_assert_nonnull (strstr (flat, "75% tepat waktu (3 dari 4)"));

  if (g_getenv ("SERTEL_REPORT_PDF"))
    g_file_set_contents (g_getenv ("SERTEL_REPORT_PDF"), g_bytes_get_data (pdf, NULL),
                         (gssize) g_bytes_get_size (pdf), NULL);
  g_assert_true (row_reads (pd, "Permohonan diterima", "Permohonan diterima 5 8"));
  g_assert_true (row_reads (pd, "Direkomendasikan", "Direkomendasikan (Surat Rekomendasi) 2 3"));
  g_assert_true (row_reads (pd, "Sertifikat elektronik terbit", "Sertifikat elektronik terbit – 2"));
  g_assert_true (row_reads (pd, "Dikembalikan ke OPD", "Dikembalikan ke OPD 1 –"));
  g_assert_true (row_reads (pd, "Masih dalam proses", "Masih dalam proses 2 3"));
  g_assert_true (row_reads (pd, "melewati waktu SOP", "Dalam proses, melewati waktu SOP 1 –"));
  g_assert_true (row_reads (pd, REASON_KTP, "1 " REASON_KTP " 2"));
  g_assert_true (row_reads (pd, REASON_EMAIL, "2 " REASON_EMAIL " 1"));
  g_assert_true (row_reads (pd, "Dinas Kesehatan", "2 Dinas Kesehatan 2 3 0 1 0"));
  g_assert_true (row_reads (pd, "Badan Kepegawaian", "3 Badan Kepegawaian Daerah 0 0 1 1 0"));
  g_assert_true (row_reads (pd, "1. Disposisi Kepala Dinas", "1. Disposisi Kepala Dinas 15 menit 4 3 75% 7 menit 30 menit"));
  g_assert_true (row_reads (pd, "3. Verifikasi berkas", "3. Verifikasi berkas (Kasi) 15 menit 3 2 67% 10 menit 40 menit"));
  g_assert_true (row_reads (pd, "4. Pendaftaran", "4. Pendaftaran (Verifikator) 1 hari 2 1 50% 1 hari 1 jam 2 hari"));
  g_assert_true (row_reads (pd, "006/DIKBUD/2026", "1 006/DIKBUD/2026 Dinas Pendidikan 20-03-2026 Disposisi Kabid 11 hari 15 jam Terlambat"));
  g_assert_true (row_reads (pd, "007/DIKBUD/2026", "2 007/DIKBUD/2026 Dinas Pendidikan 31-03-2026 Disposisi Kepala Dinas 5 menit"));

  /* Counts only: no NIK, NIP or names of applicants. */
  g_assert_null (strstr (flat, NIK_F));
  g_assert_null (strstr (flat, NIP_F));
  g_assert_null (strstr (flat, "Ahmad Yani"));
}

static void
test_formats (void)
{
  g_autofree char *a = sertel_report_format_count (0);
  g_autofree char *b = sertel_report_format_count (100000);
  g_autofree char *c = sertel_report_format_count (1234567);
  g_autofree char *d = sertel_report_format_duration (45);
  g_autofree char *e = sertel_report_format_duration (3900);
  g_autofree char *f = sertel_report_format_duration (2 * 86400);
  g_autofree char *g = sertel_report_format_duration (2 * 86400 + 3 * 3600);
  g_autofree char *h = sertel_report_format_period (at (3, 1, 0, 0), at (3, 2, 0, 0));

  g_assert_cmpstr (a, ==, "0");
  g_assert_cmpstr (b, ==, "100.000");
  g_assert_cmpstr (c, ==, "1.234.567");
  g_assert_cmpstr (d, ==, "45 detik");
  g_assert_cmpstr (e, ==, "1 jam 05 menit");
  g_assert_cmpstr (f, ==, "2 hari");
  g_assert_cmpstr (g, ==, "2 hari 3 jam");
  g_assert_cmpstr (h, ==, "1 Maret 2026");
}

/* ------------------------------------------------------------------------ */
/* Exports */

static char *
unzip_member (const char *zip, const char *member)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "unzip", "-p", zip, member, NULL };
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The <v> of cell @ref with a style (s="N"), as a number; asserts it exists. */
static double
styled_number (const char *xml, const char *ref)
{
  g_autofree char *pattern = g_strdup_printf ("<c r=\"%s\" s=\"[1-9][0-9]*\"(?: t=\"n\")?><v>([0-9.]+)</v></c>", ref);
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;
  g_autofree char *v = NULL;

  if (!g_regex_match (re, xml, 0, &m))
    g_error ("no styled number in %s", ref);
  v = g_match_info_fetch (m, 1);
  return g_ascii_strtod (v, NULL);
}

static gboolean
text_cell (const char *xml, const char *ref, const char *value)
{
  /* Inline strings (constant-memory mode) or shared strings. */
  g_autofree char *inline_str = g_strdup_printf ("<c r=\"%s\" s=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>",
                                                 ref, "", value);
  g_autofree char *pattern = g_strdup_printf ("<c r=\"%s\"( s=\"[0-9]+\")? t=\"inlineStr\"><is><t>%s</t></is></c>",
                                              ref, value);
  g_autoptr(GRegex) re = g_regex_new (pattern, 0, 0, NULL);

  (void) inline_str;
  return g_regex_match (re, xml, 0, NULL);
}

static double
excel_serial (gint64 unix_time)
{
  return unix_time / 86400.0 + 25569.0;
}

static void
test_xlsx (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "register.xlsx", NULL);
  g_autofree char *sheet1 = NULL;
  g_autofree char *sheet2 = NULL;
  g_autofree char *workbook = NULL;
  g_autofree char *styles = NULL;
  SertelExportScope scope = { at (3, 1, 0, 0), at (4, 1, 0, 0), NULL };
  guint rows = 0;

  fill (fx);

  /* Personal data needs someone on record. */
  g_assert_false (sertel_export_xlsx (fx->store, NULL, &scope, path, NULL, NULL, &rows, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (sertel_export_xlsx (fx->store, fx->kasi, &scope, path, NULL, NULL, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 8 + 5);

  workbook = unzip_member (path, "xl/workbook.xml");
  g_assert_nonnull (strstr (workbook, "name=\"Pemohon\""));
  g_assert_nonnull (strstr (workbook, "name=\"Permohonan\""));

  sheet1 = unzip_member (path, "xl/worksheets/sheet1.xml");
  g_test_message ("%.2000s", sheet1);
  /* Header frozen, widths set. */
  g_assert_nonnull (strstr (sheet1, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
  g_assert_nonnull (strstr (sheet1, "<col min=\"6\" max=\"6\" width=\"19."));
  g_assert_true (text_cell (sheet1, "E1", "Nama"));
  g_assert_true (text_cell (sheet1, "F1", "NIK"));
  /* Row 2 is A's first applicant: NIK and NIP as text, never as numbers. */
  g_assert_true (text_cell (sheet1, "A2", "") == FALSE);
  g_assert_true (text_cell (sheet1, "B2", "003/DIKBUD/2026"));
  g_assert_true (text_cell (sheet1, "F2", NIK_F));
  g_assert_true (text_cell (sheet1, "G2", NIP_F));
  g_assert_true (text_cell (sheet1, "G3", NIP_M));
  g_assert_null (strstr (sheet1, "<v>" NIK_F "</v>"));
  g_assert_null (strstr (sheet1, "<v>" NIP_F "</v>"));
  g_assert_true (text_cell (sheet1, "M2", "Terbit"));
  g_assert_true (text_cell (sheet1, "M3", "Ditolak"));
  g_assert_true (text_cell (sheet1, "N3", REASON_KTP));
  /* Received as a real date-time (a styled serial number). */
  g_assert_cmpfloat_with_epsilon (styled_number (sheet1, "C2"), excel_serial (at (3, 2, 8, 0)), 1e-6);
  g_assert_nonnull (strstr (sheet1, "<c r=\"A9\""));
  g_assert_null (strstr (sheet1, "<c r=\"A10\""));

  sheet2 = unzip_member (path, "xl/worksheets/sheet2.xml");
  g_assert_nonnull (strstr (sheet2, "<pane ySplit=\"1\""));
  g_assert_true (text_cell (sheet2, "B2", "003/DIKBUD/2026"));
  /* Tanggal Surat is a date: 2026-01-15. */
  g_assert_cmpfloat_with_epsilon (styled_number (sheet2, "C2"), excel_serial (at (1, 15, 0, 0)), 1e-6);
  g_assert_cmpfloat_with_epsilon (styled_number (sheet2, "D2"), excel_serial (at (3, 2, 8, 0)), 1e-6);
  g_assert_nonnull (strstr (sheet2, "<c r=\"H2\"><v>2</v></c>"));
  g_assert_true (text_cell (sheet2, "I6", "Menunggu disposisi"));
  g_assert_null (strstr (sheet2, "<c r=\"A7\""));

  styles = unzip_member (path, "xl/styles.xml");
  g_assert_nonnull (strstr (styles, "formatCode=\"dd/mm/yyyy\""));
  g_assert_nonnull (strstr (styles, "formatCode=\"dd/mm/yyyy hh:mm\""));

  /* A search's result: one request. */
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 id = 3;   /* A */
    SertelExportScope some = { 0, 0, ids };

    g_array_append_val (ids, id);
    g_assert_true (sertel_export_xlsx (fx->store, fx->kasi, &some, path, NULL, NULL, &rows, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rows, ==, 2 + 1);
  }

  /* Both exports are on record. */
  {
    g_autoptr(GPtrArray) audit = sertel_store_list_audit (fx->store, 0, "export", &error);
    guint n = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < audit->len; i++)
      {
        SertelAuditRecord *a = g_ptr_array_index (audit, i);
        if (g_strcmp0 (a->action, "export") == 0 && strstr (a->after_value, "export-xlsx"))
          {
            g_assert_cmpint (a->actor_id, ==, sertel_staff_get_id (fx->kasi));
            n++;
          }
      }
    g_assert_cmpuint (n, ==, 2);
  }
  assert_audit_ok (fx->store);
}

static void
test_csv (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fx->dir, "pemohon.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  SertelExportScope scope = { at (3, 1, 0, 0), at (4, 1, 0, 0), NULL };
  guint rows = 0;

  fill (fx);
  g_assert_true (sertel_export_csv (fx->store, fx->operator, &scope, SERTEL_EXPORT_APPLICANTS, ',', path, &rows,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 8);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);
  g_assert_cmpstr (lines[0], ==, "No. Agenda,Nomor Surat,Diterima,OPD,Nama,NIK,NIP,Pangkat/Golongan,Jabatan,"
                                 "Unit Kerja,E-mail Dinas,No. HP,Status,Alasan Ditolak");
  g_assert_cmpstr (lines[1], ==, "3,003/DIKBUD/2026,2026-03-02 08:00,Dinas Pendidikan,Siti Nur'aini,"
                                 NIK_F "," NIP_F ",Penata Muda (III/a),Pranata Komputer Ahli Pertama,"
                                 "Bidang Persandian,siti.nur.aini@malutprov.go.id,081234567890,Terbit,");
  g_assert_true (g_str_has_suffix (lines[2], ",Ditolak," REASON_KTP));
  g_assert_cmpstr (lines[9], ==, "");

  /* Requests, with ; and quoting. */
  g_assert_true (sertel_export_csv (fx->store, fx->operator, &scope, SERTEL_EXPORT_REQUESTS, ';', path, &rows,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 5);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&lines, g_strfreev);
  g_file_get_contents (path, &contents, NULL, &error);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "No. Agenda;Nomor Surat;Tanggal Surat;Diterima;OPD;Sifat;Perihal;Jumlah Pemohon;"
                                 "Status;Nomor Rekomendasi;Alasan Dikembalikan");
  g_assert_true (g_str_has_prefix (lines[1], "3;003/DIKBUD/2026;2026-01-15;2026-03-02 08:00;Dinas Pendidikan;biasa;"));
  g_assert_true (g_str_has_suffix (lines[3], ";Dikembalikan;;Surat belum ditandatangani"));
}

/* The command line: PDF without a user, exports with one. */
static void
test_cli (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  const char *cli = g_getenv ("SERTEL_CLI");
  g_autofree char *pdf = g_build_filename (fx->dir, "laporan.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (fx->dir, "register.xlsx", NULL);
  g_autofree char *nip = staff_nip (5);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "SERTEL_PASSWORD", TEST_PASSWORD, TRUE);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sertel-cli not built");
      return;
    }
  fill (fx);
  g_clear_object (&fx->store);   /* the CLI opens the file itself */

  {
    const char *argv[] = { cli, "report", "--database", fx->path, "--from", "2026-03-01", "--to", "2026-03-31",
                           "--pdf", pdf, NULL };
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  }
  {
    /* An export without --user is a usage error. */
    const char *argv[] = { cli, "report", "--database", fx->path, "--from", "2026-03-01", "--to", "2026-03-31",
                           "--xlsx", xlsx, NULL };
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
    g_assert_false (g_file_test (xlsx, G_FILE_TEST_EXISTS));
  }
  {
    const char *argv[] = { cli, "report", "--database", fx->path, "--from", "2026-03-01", "--to", "2026-03-31",
                           "--xlsx", xlsx, "--user", nip, NULL };
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  }
  {
    const char *argv[] = { cli, "report", "--database", fx->path, "--from", "2026-03-31", "--to", "2026-03-01",
                           "--pdf", pdf, NULL };
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
  }
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM audit WHERE action = 'export'"), ==, 1);
}

/* ------------------------------------------------------------------------ */

int
main (int argc, char **argv)
{
  int rc;

  /* Months and days are local: pin the zone so the expected bounds hold. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/periods", test_periods);
  g_test_add_func ("/report/formats", test_formats);
  g_test_add ("/report/numbers", Fx, NULL, fx_setup, test_numbers, fx_teardown);
  g_test_add ("/report/pdf", Fx, NULL, fx_setup, test_pdf, fx_teardown);
  g_test_add ("/report/xlsx", Fx, NULL, fx_setup, test_xlsx, fx_teardown);
  g_test_add ("/report/csv", Fx, NULL, fx_setup, test_csv, fx_teardown);
  g_test_add ("/report/cli", Fx, NULL, fx_setup, test_cli, fx_teardown);

  rc = g_test_run ();
  remove_template ();
  return rc;
}
