/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV importer with identity validation, as the intake page and
 * `sertel-cli import-csv` call it. What it accepts must survive being written
 * out by the exporter and read back: same people, no new problems. */
#include "config.h"

#include "sertel-csv.h"
#include "sertel-fuzz.h"

#define DOMAIN "malutprov.go.id"

static void
check_problems (GPtrArray *problems)
{
  guint last_line = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      SertelCsvProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *text = sertel_csv_problem_format (p);

      /* The header is line 1: a problem is always in a data row. */
      g_assert_cmpuint (p->line, >=, 2);
      g_assert_cmpuint (p->line, >=, last_line);
      g_assert_cmpstr (p->message, !=, "");
      g_assert_true (g_utf8_validate (text, -1, NULL));
      last_line = p->line;
    }
}

static void
round_trip (GPtrArray *applicants,
            gboolean   allow_subdomains,
            char       delimiter,
            gboolean   excel_text)
{
  g_autofree char *csv = sertel_csv_write_applicants (applicants, NULL, delimiter, excel_text);
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, strlen (csv));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;

  again = sertel_csv_read_applicants (bytes, DOMAIN, allow_subdomains, &problems, &error);
  g_assert_no_error (error);
  if (problems->len > 0)
    {
      g_autofree char *text = sertel_csv_problem_format (g_ptr_array_index (problems, 0));
      g_error ("the exporter's own output was refused: %s\n%s", text, csv);
    }
  g_assert_cmpuint (again->len, ==, applicants->len);
  for (guint i = 0; i < again->len; i++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, i);
      SertelApplicant *b = g_ptr_array_index (again, i);

      g_assert_cmpstr (sertel_applicant_get_name (a), ==, sertel_applicant_get_name (b));
      g_assert_cmpstr (sertel_applicant_get_nik (a), ==, sertel_applicant_get_nik (b));
      g_assert_cmpstr (sertel_applicant_get_nip (a), ==, sertel_applicant_get_nip (b));
      g_assert_cmpstr (sertel_applicant_get_email (a), ==, sertel_applicant_get_email (b));
      g_assert_cmpstr (sertel_applicant_get_mismatch_reason (a), ==,
                       sertel_applicant_get_mismatch_reason (b));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GError) error = NULL;
  /* The office's setting, varied by the input so both ways get fuzzed. */
  gboolean allow_subdomains = size % 2 == 1;

  applicants = sertel_csv_read_applicants (bytes, DOMAIN, allow_subdomains, &problems, &error);
  if (applicants == NULL)
    {
      g_assert_nonnull (error);
      g_assert_null (problems);
      g_assert_cmpstr (error->message, !=, "");
      sertel_fuzz_report ("refused: %s", error->message);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  check_problems (problems);
  for (guint i = 0; i < applicants->len; i++)
    g_assert_cmpuint (sertel_csv_applicant_get_line (g_ptr_array_index (applicants, i)), >=, 2);

  round_trip (applicants, allow_subdomains, ',', FALSE);
  round_trip (applicants, allow_subdomains, ';', TRUE);

  sertel_fuzz_report ("read: %u rows accepted, %u problems", applicants->len, problems->len);
  return 0;
}
