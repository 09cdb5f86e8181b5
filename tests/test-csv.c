/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <string.h>

#include "sertel-csv.h"

/* Two valid people: a man and a woman (NIK day + 40). */
#define NIK_M "8271011203850001"
#define NIP_M "198503122010011001"
#define NIK_F "8271016507920002"
#define NIP_F "199207252019032005"

static GPtrArray *
read_csv (const char *text, gssize len, GPtrArray **problems, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);
  return sertel_csv_read_applicants (bytes, "malutprov.go.id", FALSE, problems, error);
}

static void
assert_problem (GPtrArray *problems, guint index, guint line, const char *column, const char *needle)
{
  SertelCsvProblem *p;

  g_assert_cmpuint (problems->len, >, index);
  p = g_ptr_array_index (problems, index);
  g_assert_cmpuint (p->line, ==, line);
  g_assert_cmpstr (p->column, ==, column);
  if (needle)
    g_assert_nonnull (strstr (p->message, needle));
}

static void
test_comma (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_csv ("nama,nik,nip,email,hp,jabatan\n"
                                        "Budi Santoso," NIK_M "," NIP_M ",budi@malutprov.go.id,0812-3456-7890,Pranata Komputer\n"
                                        "Siti Aminah," NIK_F "," NIP_F ",siti@malutprov.go.id,,\n",
                                        -1, &problems, &error);
  SertelApplicant *a;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (rows->len, ==, 2);
  a = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (sertel_applicant_get_name (a), ==, "Budi Santoso");
  g_assert_cmpstr (sertel_applicant_get_nik (a), ==, NIK_M);
  g_assert_cmpstr (sertel_applicant_get_nip (a), ==, NIP_M);
  g_assert_cmpstr (sertel_applicant_get_phone (a), ==, "081234567890");
  g_assert_cmpstr (sertel_applicant_get_jabatan (a), ==, "Pranata Komputer");
  g_assert_cmpuint (sertel_csv_applicant_get_line (a), ==, 2);
  a = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (sertel_applicant_get_email (a), ==, "siti@malutprov.go.id");
  g_assert_null (sertel_applicant_get_phone (a));
  g_assert_cmpuint (sertel_csv_applicant_get_line (a), ==, 3);
}

static void
test_semicolon_bom_crlf_aliases (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_csv ("\xEF\xBB\xBF" "No;NAMA;Nama Gelar;NIK;NIP;Pangkat;Golongan;Unit Kerja;E-Mail;No. HP;Alamat Kantor;Kota;Provinsi\r\n"
                                        "1;Siti Nur'aini;Dr. Ir. Siti Nur'aini, M.Si.;" NIK_F ";" NIP_F ";Penata;III/c;Sekretariat, Sub Bagian Umum;"
                                        "siti@malutprov.go.id;+62 812 3456 7890;Jl. Raya Sofifi;Sofifi;Maluku Utara\r\n"
                                        "\r\n",
                                        -1, &problems, &error);
  SertelApplicant *a;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (rows->len, ==, 1);
  a = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (sertel_applicant_get_name (a), ==, "Siti Nur'aini");
  g_assert_cmpstr (sertel_applicant_get_name_titled (a), ==, "Dr. Ir. Siti Nur'aini, M.Si.");
  g_assert_cmpstr (sertel_applicant_get_pangkat (a), ==, "Penata (III/c)");
  g_assert_cmpstr (sertel_applicant_get_unit_kerja (a), ==, "Sekretariat, Sub Bagian Umum");
  g_assert_cmpstr (sertel_applicant_get_phone (a), ==, "+6281234567890");
  g_assert_cmpstr (sertel_applicant_get_office_address (a), ==, "Jl. Raya Sofifi");
  g_assert_cmpstr (sertel_applicant_get_city (a), ==, "Sofifi");
  g_assert_cmpstr (sertel_applicant_get_province (a), ==, "Maluku Utara");
}

static void
test_quotes_and_newlines (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_csv ("nama,nik,nip,email,jabatan,alamat_kantor\n"
                                        "\"Budi Santoso\",\"" NIK_M "\",\"" NIP_M "\",budi@malutprov.go.id,"
                                        "\"Kepala \"\"Seksi\"\", Data; Statistik\",\"Jl. Raya Sofifi\r\nBlok A\"\n"
                                        "Siti Aminah," NIK_F "," NIP_F ",siti@malutprov.go.id,x,y",
                                        -1, &problems, &error);
  SertelApplicant *a;

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (rows->len, ==, 2);
  a = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (sertel_applicant_get_jabatan (a), ==, "Kepala \"Seksi\", Data; Statistik");
  /* A line break inside a field is kept as a space in a one-line field. */
  g_assert_cmpstr (sertel_applicant_get_office_address (a), ==, "Jl. Raya Sofifi Blok A");
  /* The second row starts on line 4: the first spans lines 2–3. */
  g_assert_cmpuint (sertel_csv_applicant_get_line (g_ptr_array_index (rows, 1)), ==, 4);
}

static void
test_parse_raw (void)
{
  static const char text[] = "a;b;c\r\n\"x;1\";\"\";\"q\"\"\"\r\n;;\n\"multi\nline\";2;3";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  char delim = 0;
  char **r;

  records = sertel_csv_parse (bytes, &delim, &lines, &error);
  g_assert_no_error (error);
  g_assert_cmpint (delim, ==, ';');
  g_assert_cmpuint (records->len, ==, 3);       /* the empty ";;" row is skipped */
  r = g_ptr_array_index (records, 1);
  g_assert_cmpuint (g_strv_length (r), ==, 3);
  g_assert_cmpstr (r[0], ==, "x;1");
  g_assert_cmpstr (r[1], ==, "");
  g_assert_cmpstr (r[2], ==, "q\"");
  r = g_ptr_array_index (records, 2);
  g_assert_cmpstr (r[0], ==, "multi\nline");
  g_assert_cmpuint (g_array_index (lines, guint, 2), ==, 4);
}

static void
test_bad_rows (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_csv ("nama;nik;nip;email\n"
                                        "Budi Santoso;" NIK_M ";" NIP_M ";budi@malutprov.go.id\n"
                                        "Siti Aminah;" NIK_M ";" NIP_F ";siti@malutprov.go.id\n"   /* mismatch + duplicate NIK */
                                        "Ali;827101120385;" NIP_M "1;ali@gmail.com\n"                  /* lengths, domain */
                                        "Rudi;8.27101E+15;" NIP_M ";rudi@malutprov.go.id\n"            /* spreadsheet number */
                                        "Dewi;" NIK_F "\n"                                            /* too few fields */
                                        "Ani Lestari;" NIK_F ";199207252019032006;ani@malutprov.go.id;;\n",    /* extra empty cells: ok */
                                        -1, &problems, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (sertel_csv_applicant_get_line (g_ptr_array_index (rows, 1)), ==, 7);

  /* Line 3: birth date and sex disagree (both reported), NIK repeated. */
  for (guint i = 0; i < problems->len; i++) { g_autofree char *t = sertel_csv_problem_format (g_ptr_array_index (problems, i)); g_test_message ("%s", t); }
  assert_problem (problems, 0, 3, NULL, "12-03-1985");
  assert_problem (problems, 1, 3, NULL, NULL);
  assert_problem (problems, 2, 3, "nik", "line 2");
  assert_problem (problems, 3, 4, "nip", NULL);
  assert_problem (problems, 4, 4, "nik", "16");
  assert_problem (problems, 5, 4, "email", "malutprov.go.id");
  assert_problem (problems, 6, 5, "nik", "spreadsheet");
  assert_problem (problems, 7, 5, "nip", "line 2");
  assert_problem (problems, 8, 6, NULL, "fields");
  g_assert_cmpuint (problems->len, ==, 9);

  {
    g_autofree char *text = sertel_csv_problem_format (g_ptr_array_index (problems, 3));
    g_assert_true (g_str_has_prefix (text, "Line 4, column nip: "));
  }
}

static void
test_mismatch_reason (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_csv ("nama,nik,nip,email,alasan\n"
                                        "Budi Santoso," NIK_M "," "198503132010011001" ",budi@malutprov.go.id,"
                                        "\"Tanggal lahir di KTP salah cetak; surat Dukcapil terlampir\"\n",
                                        -1, &problems, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (sertel_applicant_get_mismatch_reason (g_ptr_array_index (rows, 0)), ==,
                   "Tanggal lahir di KTP salah cetak; surat Dukcapil terlampir");
}

static void
test_file_errors (void)
{
  struct { const char *text; gssize len; int code; const char *needle; } cases[] = {
    { "", 0, SERTEL_CSV_ERROR_EMPTY, NULL },
    { "\n\n", -1, SERTEL_CSV_ERROR_EMPTY, NULL },
    { "nama,nik,nip\nA,1,2\n", -1, SERTEL_CSV_ERROR_HEADER, "email" },
    { "nama,nama,nik,nip,email\n", -1, SERTEL_CSV_ERROR_HEADER, "nama" },
    { "nama,nik,nip,email\nBudi,\"" NIK_M ",x,y\n", -1, SERTEL_CSV_ERROR_SYNTAX, "line 2" },
    { "nama,nik,nip,email\nBudi\n\nS\xE9verine,1,2,3\n", -1, SERTEL_CSV_ERROR_ENCODING, "Line 4" },
    { "nama,nik,nip,email\nBu\0di,1,2,3\n", 29, SERTEL_CSV_ERROR_ENCODING, "NUL" },
    { "\xFF\xFEn\0a\0", 6, SERTEL_CSV_ERROR_ENCODING, "UTF-16" },
    { "PK\003\004junk", 8, SERTEL_CSV_ERROR_ENCODING, "spreadsheet" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = read_csv (cases[i].text, cases[i].len, &problems, &error);

      g_test_message ("case %u", i);
      g_assert_null (rows);
      g_assert_error (error, SERTEL_CSV_ERROR, cases[i].code);
      if (cases[i].needle)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_limits (void)
{
  g_autoptr(GString) big = g_string_new ("nama,nik,nip,email\n");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *long_text = g_strnfill (SERTEL_CSV_MAX_FIELD_CHARS + 1, 'a');
  g_autofree char *long_row = NULL;

  for (guint i = 0; i <= SERTEL_CSV_MAX_ROWS; i++)
    g_string_append (big, "A,1,2,3\n");
  rows = read_csv (big->str, big->len, &problems, &error);
  g_assert_null (rows);
  g_assert_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_TOO_MANY_ROWS);
  g_assert_nonnull (strstr (error->message, "10002"));
  g_clear_error (&error);

  long_row = g_strdup_printf ("nama,nik,nip,email,jabatan\nBudi Santoso," NIK_M "," NIP_M ",budi@malutprov.go.id,%s\n",
                              long_text);
  rows = read_csv (long_row, -1, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
  assert_problem (problems, 0, 2, "jabatan", "1000");
}

static void
test_hostile (void)
{
  const char *text =
    "nama,nik,nip,email,jabatan,unit_kerja,opd\n"
    "Budi Santoso," NIK_M "," NIP_M ",budi@malutprov.go.id,\"'; DROP TABLE applicant; --\",\"=HYPERLINK(\"\"http://x\"\")\",\"\xF0\x9F\x98\x80 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE2\x80\xAE\"\n"
    "Robert'); DELETE FROM staff;--," NIK_F "," NIP_F ",siti@malutprov.go.id,,,\n"
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D," NIK_F "," NIP_F ",siti@malutprov.go.id,,,\n";
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = read_csv (text, -1, &problems, &error);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) problems2 = NULL;
  g_autoptr(GBytes) written = NULL;
  SertelApplicant *a;
  char *csv;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  a = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (sertel_applicant_get_jabatan (a), ==, "'; DROP TABLE applicant; --");
  g_assert_cmpstr (sertel_applicant_get_unit_kerja (a), ==, "=HYPERLINK(\"http://x\")");
  /* Emoji and Hebrew stay; the bidi override is dropped. */
  g_assert_cmpstr (sertel_applicant_get_opd (a), ==, "\xF0\x9F\x98\x80 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  /* SQL in a name and a right-to-left name are refused, with their lines. */
  assert_problem (problems, 0, 3, "nama", NULL);
  assert_problem (problems, 1, 4, "nama", NULL);

  /* Writing and reading back gives the same text; formulas are defused. */
  csv = sertel_csv_write_applicants (rows, NULL, ';', FALSE);
  g_assert_nonnull (strstr (csv, "\"'=HYPERLINK(\"\"http://x\"\")\""));
  written = g_bytes_new_take (csv, strlen (csv));
  again = sertel_csv_read_applicants (written, NULL, FALSE, &problems2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems2->len, ==, 0);
  g_assert_cmpuint (again->len, ==, 1);
  a = g_ptr_array_index (again, 0);
  g_assert_cmpstr (sertel_applicant_get_jabatan (a), ==, "'; DROP TABLE applicant; --");
  g_assert_cmpstr (sertel_applicant_get_unit_kerja (a), ==, "=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (sertel_applicant_get_nik (a), ==, NIK_M);
}

static void
test_write_excel (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SertelApplicant *a = sertel_applicant_new ();
  gint64 id = 7;
  char *csv;

  sertel_applicant_set_name (a, "Budi Santoso");
  sertel_applicant_set_nik (a, NIK_M);
  sertel_applicant_set_nip (a, NIP_M);
  sertel_applicant_set_email (a, "budi@malutprov.go.id");
  sertel_applicant_set_phone (a, "+6281234567890");
  g_ptr_array_add (rows, a);
  g_array_append_val (ids, id);

  csv = sertel_csv_write_applicants (rows, ids, ',', TRUE);
  g_assert_true (g_str_has_prefix (csv, "permohonan,nama,nama_gelar,nik,nip,"));
  g_assert_nonnull (strstr (csv, "\r\n7,Budi Santoso,,=\"" NIK_M "\",=\"" NIP_M "\","));
  bytes = g_bytes_new_take (csv, strlen (csv));
  again = sertel_csv_read_applicants (bytes, NULL, FALSE, &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (sertel_applicant_get_nik (g_ptr_array_index (again, 0)), ==, NIK_M);
  g_assert_cmpstr (sertel_applicant_get_phone (g_ptr_array_index (again, 0)), ==, "+6281234567890");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/comma", test_comma);
  g_test_add_func ("/csv/semicolon-bom-crlf-aliases", test_semicolon_bom_crlf_aliases);
  g_test_add_func ("/csv/quotes-newlines", test_quotes_and_newlines);
  g_test_add_func ("/csv/parse-raw", test_parse_raw);
  g_test_add_func ("/csv/bad-rows", test_bad_rows);
  g_test_add_func ("/csv/mismatch-reason", test_mismatch_reason);
  g_test_add_func ("/csv/file-errors", test_file_errors);
  g_test_add_func ("/csv/limits", test_limits);
  g_test_add_func ("/csv/hostile", test_hostile);
  g_test_add_func ("/csv/write-excel", test_write_excel);

  return g_test_run ();
}
