/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Surat Rekomendasi and the lembar disposisi: made as PDFs, read back
 * with Poppler, and every field, the pages, the repeated table header and
 * the paper size checked; issuing stores the letter once. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <poppler.h>

#include "sertel-disposition-sheet.h"
#include "sertel-recommendation.h"
#include "sertel-store-letters.h"
#include "sertel-test-util.c"

#define SIGNER_NAME "Dr. Ir. Hasanuddin Abdullah, S.Kom., M.Si."
#define SIGNER_PANGKAT "Pembina Utama Muda (IV/c)"
#define SIGNER_NIP "197104181997031003"

static SertelLetterSettings *
test_settings (SertelPaper paper)
{
  SertelLetterSettings *s = sertel_letter_settings_new ();

  g_free (s->signatory_name);
  s->signatory_name = g_strdup (SIGNER_NAME);
  g_free (s->signatory_pangkat);
  s->signatory_pangkat = g_strdup (SIGNER_PANGKAT);
  g_free (s->signatory_nip);
  s->signatory_nip = g_strdup (SIGNER_NIP);
  g_free (s->phone);
  s->phone = g_strdup ("(0921) 3121000");
  g_strfreev (s->tembusan);
  s->tembusan = g_strdupv ((char *[]) { "Gubernur Maluku Utara (sebagai laporan)",
                                        "Kepala Dinas Pendidikan Provinsi Maluku Utara", NULL });
  s->paper = paper;
  return s;
}

/* Applicant i: a man born 01-01-1980, NIP serial i, NIK serial i. */
static SertelApplicant *
numbered_applicant (guint i, gboolean long_text)
{
  g_autofree char *nik = g_strdup_printf ("820101010180%04u", i + 1);
  g_autofree char *nip = g_strdup_printf ("198001012006011%03u", i + 1);
  g_autofree char *email = g_strdup_printf ("pegawai.nomor%u@malutprov.go.id", i + 1);
  char code[4] = { 'A' + (i / 676) % 26, 'a' + (i / 26) % 26, 'a' + i % 26, 0 };
  g_autoptr(GString) name = g_string_new (NULL);
  SertelApplicant *a;

  g_string_printf (name, "Pegawai %s Nur", code);
  if (long_text)
    {
      /* 100 characters, the longest names offices send. */
      while (name->len < 100)
        g_string_append (name, " Wijayakusumaningrat");
      g_string_truncate (name, 100);
      g_strchomp (name->str);
      name->len = strlen (name->str);
    }
  a = make_applicant (name->str, nik, nip);
  sertel_applicant_set_email (a, email);
  if (long_text)
    {
      sertel_applicant_set_jabatan (a, "Pranata Komputer Ahli Muda pada Seksi Pengelolaan Infrastruktur "
                                       "Teknologi Informasi dan Komunikasi Daerah");
      sertel_applicant_set_unit_kerja (a, "Bidang Persandian dan Statistik Sektoral");
    }
  return a;
}

static gint64
create_numbered (Fx *fx, guint n, gboolean long_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request ("800.1.3/162/DIKBUD/2026");
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = pdf_bytes ();
  SertelNewAttachment letter = { "letter", "surat.pdf", pdf, -1 };
  gint64 id;

  sertel_request_set_opd_name (r, "Dinas Pendidikan dan Kebudayaan");
  sertel_request_set_perihal (r, "Permohonan Penerbitan Sertifikat Elektronik");
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (applicants, numbered_applicant (i, long_text));
  g_ptr_array_add (attachments, &letter);
  id = sertel_store_create_request (fx->store, fx->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  return id;
}

/* ------------------------------------------------------------------------- */
/* Reading the PDF back */

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

/* Whitespace collapsed, so text that wrapped still matches. */
static char *
page_text (PopplerDocument *doc, int index)
{
  PopplerPage *page = poppler_document_get_page (doc, index);
  g_autofree char *text = poppler_page_get_text (page);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; p && *p; p++)
    {
      if (g_ascii_isspace (*p))
        space = TRUE;
      else
        {
          if (space && out->len)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  g_object_unref (page);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One cell's text found on the page, exactly (case-sensitive). */
static gboolean
page_has (PopplerDocument *doc, int index, const char *needle)
{
  PopplerPage *page = poppler_document_get_page (doc, index);
  GList *found = poppler_page_find_text_with_options (page, needle, POPPLER_FIND_CASE_SENSITIVE);
  gboolean has = found != NULL;

  g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
  g_object_unref (page);
  return has;
}

static void
assert_text (PopplerDocument *doc, int index, const char *needle)
{
  g_autofree char *text = page_text (doc, index);

  if (strstr (text, needle) == NULL)
    g_error ("page %d lacks “%s”; it reads:\n%s", index + 1, needle, text);
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p && *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* The text of one table column on a page, whitespace removed: wrapped cells
 * read back whole, and no other column runs into them. (get_text_for_area
 * selects as a reader drags, whole lines; so filter characters by place.) */
static char *
column_text (PopplerDocument *doc, int index, SertelLetterDoc *letter, guint column)
{
  PopplerPage *page = poppler_document_get_page (doc, index);
  double width = 0, x = sertel_recommendation_lampiran_column (letter, column, &width);
  g_autofree char *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  GString *out = g_string_new (NULL);
  guint n = 0, i = 0;

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
  for (const char *p = text; p && *p && i < n; p = g_utf8_next_char (p), i++)
    {
      double cx = (rects[i].x1 + rects[i].x2) / 2;

      if (!g_ascii_isspace (*p) && cx > x && cx < x + width)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_free (rects);
  g_object_unref (page);
  return g_string_free (out, FALSE);
}

/* Column texts of every lampiran page, read once. */
typedef struct {
  int    n_pages;
  char **columns[7];   /* [column][page] */
} Columns;

static Columns *
columns_read (PopplerDocument *doc, SertelLetterDoc *letter)
{
  Columns *c = g_new0 (Columns, 1);

  c->n_pages = poppler_document_get_n_pages (doc);
  for (guint col = 0; col < 7; col++)
    {
      c->columns[col] = g_new0 (char *, c->n_pages + 1);
      for (int i = 1; i < c->n_pages; i++)
        c->columns[col][i] = column_text (doc, i, letter, col);
      c->columns[col][0] = g_strdup ("");
    }
  return c;
}

static void
columns_free (Columns *c)
{
  for (guint col = 0; col < 7; col++)
    g_strfreev (c->columns[col]);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Columns, columns_free)

/* The lampiran page whose @column holds @needle, or -1. */
static int
column_page_of (Columns *c, guint column, const char *needle)
{
  g_autofree char *want = strip_spaces (needle);

  for (int i = 1; i < c->n_pages; i++)
    if (strstr (c->columns[column][i], want))
      return i;
  return -1;
}

static void
assert_page_size (PopplerDocument *doc, double w, double h)
{
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      double pw, ph;

      poppler_page_get_size (page, &pw, &ph);
      g_assert_cmpfloat_with_epsilon (pw, w, 0.6);
      g_assert_cmpfloat_with_epsilon (ph, h, 0.6);
      g_object_unref (page);
    }
}

/* Nothing runs into the margins or off the page (no overflow, no clipping). */
static void
assert_inside_margins (PopplerDocument *doc, const SertelLetterSettings *s)
{
  double mm = 72.0 / 25.4;

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      PopplerPage *page = poppler_document_get_page (doc, i);
      PopplerRectangle *rects = NULL;
      guint n = 0;
      double pw, ph;

      poppler_page_get_size (page, &pw, &ph);
      g_assert_true (poppler_page_get_text_layout (page, &rects, &n));
      for (guint k = 0; k < n; k++)
        {
          if (rects[k].x2 - rects[k].x1 <= 0.01)
            continue;   /* line breaks */
          g_assert_cmpfloat (rects[k].x1, >=, s->margin_left_mm * mm - 1);
          g_assert_cmpfloat (rects[k].x2, <=, pw - s->margin_right_mm * mm + 1);
          g_assert_cmpfloat (rects[k].y1, >=, 2);
          g_assert_cmpfloat (rects[k].y2, <=, ph - s->margin_bottom_mm * mm + 1);
        }
      g_free (rects);
      g_object_unref (page);
    }
}

static void
save_for_review (GBytes *pdf, const char *name)
{
  /* Kept in the build's test folder, for pdftoppm and a look. */
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
  g_test_message ("wrote %s", path);
}

/* ------------------------------------------------------------------------- */

static void
test_words (void)
{
  static const struct { guint n; const char *words; } cases[] = {
    { 0, "nol" }, { 1, "satu" }, { 10, "sepuluh" }, { 11, "sebelas" }, { 12, "dua belas" },
    { 20, "dua puluh" }, { 45, "empat puluh lima" }, { 100, "seratus" }, { 115, "seratus lima belas" },
    { 200, "dua ratus" }, { 1000, "seribu" }, { 2026, "dua ribu dua puluh enam" },
  };
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 11, 25, 10, 0, 0);
  g_autofree char *formatted = sertel_letter_format_date (date);
  g_autofree char *iso = sertel_letter_format_iso_date ("2026-01-15");
  g_autofree char *nip = sertel_letter_format_nip (SIGNER_NIP);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *w = sertel_letter_number_in_words (cases[i].n);
      g_assert_cmpstr (w, ==, cases[i].words);
    }
  g_assert_cmpstr (formatted, ==, "25 November 2026");
  g_assert_cmpstr (iso, ==, "15 Januari 2026");
  g_assert_cmpstr (nip, ==, "19710418 199703 1 003");
  g_assert_cmpstr (sertel_letter_sifat_display ("sangat_segera"), ==, "Sangat Segera");
}

static void
test_letter_three (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelLetterSettings) settings = test_settings (SERTEL_PAPER_A4);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *date = NULL;
  g_autofree char *place_date = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *date_up = NULL;
  g_autoptr(SertelLetterDoc) layout = NULL;
  g_autoptr(Columns) columns = NULL;
  PopplerDocument *doc;
  gboolean issued = TRUE, audited = FALSE;
  gint64 id = create_numbered (fx, 3, FALSE);
  int n;

  /* Before the Kasi's verification there is no number, so no letter. */
  g_assert_null (sertel_recommendation_issue (fx->store, fx->kasi, id, settings, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_null (sertel_store_get_letter (fx->store, id, "rekomendasi", &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  to_verifikator (fx, id);
  request = get_request (fx->store, id);
  applicants = sertel_store_list_applicants (fx->store, id, &error);
  g_assert_no_error (error);

  /* Only the Kasi or the Verifikator issues it. */
  g_assert_null (sertel_recommendation_issue (fx->store, fx->operator, id, settings, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  pdf = sertel_recommendation_issue (fx->store, fx->kasi, id, settings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  save_for_review (pdf, "letter-3.pdf");
  today = g_date_time_new_from_unix_local (sertel_store_now (fx->store));
  date = sertel_letter_format_date (today);
  place_date = g_strdup_printf ("Sofifi, %s", date);
  date_up = g_utf8_strup (date, -1);

  /* The same letter again, for where its columns lie. */
  layout = sertel_recommendation_new_from_store (fx->store, id, settings, today, &error);
  g_assert_no_error (error);

  doc = open_pdf (pdf);
  n = poppler_document_get_n_pages (doc);
  g_assert_cmpint (n, ==, 2);
  assert_page_size (doc, 595.28, 841.89);
  assert_inside_margins (doc, settings);

  /* The letter. */
  assert_text (doc, 0, "PEMERINTAH PROVINSI MALUKU UTARA");
  assert_text (doc, 0, "Telepon (0921) 3121000");
  assert_text (doc, 0, "diskominfo@malutprov.go.id");
  assert_text (doc, 0, place_date);
  assert_text (doc, 0, sertel_request_get_recommendation_number (request));
  assert_text (doc, 0, ": Biasa");
  assert_text (doc, 0, ": 1 (satu) lembar");
  assert_text (doc, 0, ": Rekomendasi Penerbitan Sertifikat Elektronik");
  assert_text (doc, 0, "Yth. Kepala Balai Besar Sertifikasi Elektronik (BSrE)");
  assert_text (doc, 0, "Badan Siber dan Sandi Negara");
  assert_text (doc, 0, "di Jakarta");
  assert_text (doc, 0, "Dinas Pendidikan dan Kebudayaan");
  assert_text (doc, 0, "800.1.3/162/DIKBUD/2026");
  assert_text (doc, 0, "15 Januari 2026");
  assert_text (doc, 0, "3 (tiga) orang");
  assert_text (doc, 0, "Kepala Dinas Komunikasi, Informatika dan Persandian Provinsi Maluku Utara,");
  assert_text (doc, 0, SIGNER_NAME);
  assert_text (doc, 0, SIGNER_PANGKAT);
  assert_text (doc, 0, "NIP 19710418 199703 1 003");
  assert_text (doc, 0, "Tembusan:");
  assert_text (doc, 0, "Gubernur Maluku Utara (sebagai laporan)");

  /* The lampiran. */
  assert_text (doc, 1, "LAMPIRAN");
  assert_text (doc, 1, sertel_request_get_recommendation_number (request));
  assert_text (doc, 1, date_up);
  for (const char * const *h = (const char * const[]) { "No", "Nama", "NIP", "NIK", "Jabatan", "Unit Kerja", "E-mail", NULL }; *h; h++)
    g_assert_true (page_has (doc, 1, *h));
  columns = columns_read (doc, layout);
  for (guint i = 0; i < applicants->len; i++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, i);
      g_assert_cmpint (column_page_of (columns, 1, sertel_applicant_get_name (a)), ==, 1);
      g_assert_cmpint (column_page_of (columns, 2, sertel_applicant_get_nip (a)), ==, 1);
      g_assert_cmpint (column_page_of (columns, 3, sertel_applicant_get_nik (a)), ==, 1);
      g_assert_cmpint (column_page_of (columns, 4, sertel_applicant_get_jabatan (a)), ==, 1);
      g_assert_cmpint (column_page_of (columns, 5, sertel_applicant_get_unit_kerja (a)), ==, 1);
      g_assert_cmpint (column_page_of (columns, 6, sertel_applicant_get_email (a)), ==, 1);
    }
  assert_text (doc, 1, SIGNER_NAME);
  g_object_unref (doc);

  /* Once only; a reprint is the same bytes. */
  g_assert_null (sertel_recommendation_issue (fx->store, fx->verif, id, settings, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==, "The Surat Rekomendasi was already issued; print the stored one.");
  g_clear_error (&error);
  {
    /* The store refuses it too, even with other bytes. */
    g_autoptr(GBytes) other = pdf_bytes ();
    g_assert_cmpint (sertel_store_issue_letter (fx->store, fx->kasi, id, "rekomendasi", other, &error), ==, 0);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
    g_clear_error (&error);
  }
  stored = sertel_store_get_letter (fx->store, id, "rekomendasi", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, pdf));
  again = sertel_store_get_letter (fx->store, id, "rekomendasi", &error);
  g_assert_true (g_bytes_equal (again, pdf));
  g_assert_true (sertel_store_has_letter (fx->store, id, "rekomendasi", &issued, NULL, &error));
  g_assert_true (issued);
  g_assert_cmpint (count_rows (fx->path, "letter"), ==, 1);

  /* The hash is on record. */
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  audit = sertel_store_list_audit (fx->store, id, "request", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      SertelAuditRecord *r = g_ptr_array_index (audit, i);
      if (g_strcmp0 (r->action, "letter.issue") == 0)
        {
          g_assert_nonnull (strstr (r->after_value, sha));
          g_assert_nonnull (strstr (r->after_value, sertel_request_get_recommendation_number (request)));
          audited = TRUE;
        }
    }
  g_assert_true (audited);
  assert_audit_ok (fx->store);

  /* The stored PDF as a printable document draws the same pages. */
  {
    g_autoptr(SertelLetterDoc) printable = sertel_letter_doc_new_for_pdf (stored, "Surat", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sertel_letter_doc_get_n_pages (printable), ==, 2);
    g_assert_cmpfloat_with_epsilon (printable->width, 595.28, 0.6);
  }
}

static void
test_letter_two_hundred (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelLetterSettings) settings = test_settings (SERTEL_PAPER_F4);
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(SertelLetterDoc) letter = NULL;
  g_autoptr(Columns) columns = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 11, 25, 10, 0, 0);
  g_autofree char *lampiran = NULL;
  g_autofree char *words = NULL;
  PopplerDocument *doc;
  gint64 id = create_numbered (fx, 200, TRUE);
  guint n_lampiran;
  int n;

  settings->signatory_acting = SERTEL_SIGNATORY_PLT;
  {
    /* A logo image in the kop (a plain disc standing in for the emblem). */
    cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 96, 96);
    cairo_t *cr = cairo_create (img);

    cairo_arc (cr, 48, 48, 44, 0, 2 * G_PI);
    cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
    cairo_fill (cr);
    cairo_destroy (cr);
    g_free (settings->logo_path);
    settings->logo_path = g_build_filename (fx->dir, "logo.png", NULL);
    g_assert_cmpint (cairo_surface_write_to_png (img, settings->logo_path), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (img);
  }
  to_verifikator (fx, id);
  letter = sertel_recommendation_new_from_store (fx->store, id, settings, date, &error);
  g_assert_no_error (error);
  pdf = sertel_letter_doc_to_pdf (letter, &error);
  g_assert_no_error (error);
  save_for_review (pdf, "letter-200.pdf");
  applicants = sertel_store_list_applicants (fx->store, id, &error);
  g_assert_no_error (error);

  doc = open_pdf (pdf);
  n = poppler_document_get_n_pages (doc);
  n_lampiran = sertel_recommendation_n_lampiran_pages (letter);
  g_test_message ("200 applicants: %d pages, %u of them lampiran", n, n_lampiran);
  g_assert_cmpint (n, ==, (int) sertel_recommendation_n_pages (letter));
  g_assert_cmpint (n, ==, (int) n_lampiran + 1);
  g_assert_cmpuint (n_lampiran, >=, 10);
  assert_page_size (doc, 609.45, 935.43);
  assert_inside_margins (doc, settings);

  words = sertel_letter_number_in_words (n_lampiran);
  lampiran = g_strdup_printf (": %u (%s) lembar", n_lampiran, words);
  assert_text (doc, 0, lampiran);
  assert_text (doc, 0, "200 (dua ratus) orang");
  assert_text (doc, 0, "Plt. Kepala Dinas Komunikasi");

  /* Every lampiran page: the heading and the table header. */
  for (int p = 1; p < n; p++)
    {
      assert_text (doc, p, "LAMPIRAN");
      assert_text (doc, p, ": 000.6.5.6/1/DKIP/2026");
      assert_text (doc, p, ": 25 NOVEMBER 2026");
      for (const char * const *h = (const char * const[]) { "No", "Nama", "NIP", "NIK", "Jabatan", "Unit Kerja", "E-mail", NULL }; *h; h++)
        g_assert_true (page_has (doc, p, *h));
    }

  /* Every applicant once, each row whole on one page. */
  columns = columns_read (doc, letter);
  for (guint i = 0; i < applicants->len; i++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, i);
      int page = column_page_of (columns, 3, sertel_applicant_get_nik (a));

      /* The whole row on one page: no row is split. */
      g_assert_cmpint (page, >=, 1);
      g_assert_cmpint (column_page_of (columns, 2, sertel_applicant_get_nip (a)), ==, page);
      g_assert_cmpint (column_page_of (columns, 1, sertel_applicant_get_name (a)), ==, page);
      g_assert_cmpint (column_page_of (columns, 6, sertel_applicant_get_email (a)), ==, page);
    }
  /* The signature closes the list. */
  assert_text (doc, n - 1, SIGNER_NAME);
  g_object_unref (doc);
}

static void
test_disposition_sheet (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelLetterSettings) settings = test_settings (SERTEL_PAPER_A4);
  g_autoptr(SertelLetterDoc) sheet = NULL;
  g_autoptr(SertelLetterDoc) blank = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) blank_pdf = NULL;
  g_autofree char *agenda = NULL;
  PopplerDocument *doc;
  gint64 id = create_two (fx, "045/BKD/XI/2026", NULL);
  gboolean ok;

  /* Before any disposition: a sheet with empty boxes, to fill in by hand. */
  blank = sertel_disposition_sheet_new_from_store (fx->store, id, settings, &error);
  g_assert_no_error (error);
  blank_pdf = sertel_letter_doc_to_pdf (blank, &error);
  g_assert_no_error (error);
  save_for_review (blank_pdf, "disposition-blank.pdf");

  ok = sertel_store_move_request_full (fx->store, fx->kadis, id, request_version (fx->store, id),
                                       SERTEL_ACTION_DISPOSE, 0, "tindak_lanjuti;koordinasikan",
                                       "Segera proses sesuai SOP.", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  ok = sertel_store_move_request_full (fx->store, fx->kabid, id, request_version (fx->store, id),
                                       SERTEL_ACTION_FORWARD, 0, "proses_sesuai_ketentuan;arsipkan",
                                       "Periksa kelengkapan KTP pemohon.", &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  sheet = sertel_disposition_sheet_new_from_store (fx->store, id, settings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sertel_disposition_sheet_n_pages (sheet), ==, 1);
  pdf = sertel_letter_doc_to_pdf (sheet, &error);
  g_assert_no_error (error);
  save_for_review (pdf, "disposition.pdf");

  doc = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  assert_page_size (doc, 595.28, 841.89);
  assert_inside_margins (doc, settings);
  agenda = g_strdup_printf ("%05" G_GINT64_FORMAT, id);
  assert_text (doc, 0, "LEMBAR DISPOSISI");
  assert_text (doc, 0, ": Dinas Pendidikan");
  assert_text (doc, 0, "045/BKD/XI/2026");
  assert_text (doc, 0, "15 Januari 2026");
  assert_text (doc, 0, "Diterima tanggal");
  assert_text (doc, 0, agenda);
  assert_text (doc, 0, "Biasa");
  assert_text (doc, 0, "Permohonan Sertifikat Elektronik");
  assert_text (doc, 0, "Kepala Bidang Persandian dan Statistik");
  assert_text (doc, 0, "Kepala Seksi Persandian");
  assert_text (doc, 0, "Kepala Dinas");
  assert_text (doc, 0, "Kabid Persandian");
  for (const char * const *k = sertel_disposition_instruction_keys (); *k; k++)
    assert_text (doc, 0, sertel_disposition_instruction_letter_label (*k));
  assert_text (doc, 0, "Catatan: Segera proses sesuai SOP.");
  assert_text (doc, 0, "Catatan: Periksa kelengkapan KTP pemohon.");
  g_object_unref (doc);
}

static void
test_settings_defaults (void)
{
  g_autoptr(SertelLetterSettings) s = sertel_letter_settings_new ();
  g_autoptr(SertelLetterSettings) copy = sertel_letter_settings_copy (s);
  double w, h;

  g_assert_cmpstr (copy->addressee[0], ==, "Kepala Balai Besar Sertifikasi Elektronik (BSrE)");
  g_assert_cmpstr (copy->addressee_place, ==, "di Jakarta");
  g_assert_cmpstr (copy->place, ==, "Sofifi");
  g_assert_cmpfloat (copy->margin_left_mm, ==, 30);
  sertel_paper_get_size (SERTEL_PAPER_F4, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 609.45, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 935.43, 0.01);

  /* The GSettings keys carry the same defaults. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
    g_autoptr(GSettings) gs = NULL;
    g_autoptr(SertelLetterSettings) from = NULL;

    if (schema == NULL)
      {
        g_test_message ("no settings schema installed; the GSettings half is skipped");
        return;
      }
    gs = g_settings_new (APP_ID);
    from = sertel_letter_settings_new_from_gsettings (gs);
    g_assert_cmpstr (from->agency, ==, s->agency);
    g_assert_cmpstr (from->government, ==, s->government);
    g_assert_cmpstr (from->signatory_jabatan, ==, s->signatory_jabatan);
    g_assert_cmpstrv (from->addressee, s->addressee);
    g_assert_cmpint (from->paper, ==, SERTEL_PAPER_A4);
    g_assert_cmpfloat (from->margin_top_mm, ==, s->margin_top_mm);
    g_assert_cmpfloat (from->margin_left_mm, ==, s->margin_left_mm);
  }
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/documents/words", test_words);
  g_test_add_func ("/documents/settings", test_settings_defaults);
  g_test_add ("/documents/letter-three", Fx, NULL, fx_setup, test_letter_three, fx_teardown);
  g_test_add ("/documents/letter-two-hundred", Fx, NULL, fx_setup, test_letter_two_hundred, fx_teardown);
  g_test_add ("/documents/disposition-sheet", Fx, NULL, fx_setup, test_disposition_sheet, fx_teardown);
  status = g_test_run ();
  remove_template ();
  return status;
}
