/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The OPD employee list as CSV: reading it into applicants (every row checked
 * with the identity rules, every bad row reported by line number) and writing
 * applicants back out. GLib only. */
#pragma once

#include <glib.h>

#include "sertel-applicant.h"

G_BEGIN_DECLS

#define SERTEL_CSV_ERROR (sertel_csv_error_quark ())

typedef enum {
  SERTEL_CSV_ERROR_EMPTY,          /* no header row */
  SERTEL_CSV_ERROR_ENCODING,       /* not UTF-8 (or a spreadsheet / UTF-16 file) */
  SERTEL_CSV_ERROR_HEADER,         /* required column missing, or named twice */
  SERTEL_CSV_ERROR_SYNTAX,         /* a quoted field never closed */
  SERTEL_CSV_ERROR_TOO_MANY_ROWS,
} SertelCsvError;

#define SERTEL_CSV_MAX_ROWS        10000
#define SERTEL_CSV_MAX_FIELD_CHARS 1000

/* One thing wrong with one row. @line is the line of the file where the row
 * starts (the header is line 1); @column is the column's name as written in
 * the header, or NULL when the problem is with the whole row. */
typedef struct {
  guint  line;
  char  *column;
  char  *message;
} SertelCsvProblem;

GQuark      sertel_csv_error_quark      (void);
void        sertel_csv_problem_free     (SertelCsvProblem *problem);
/* "Line 4, column nik: …" — translated, for a clerk. */
char       *sertel_csv_problem_format   (const SertelCsvProblem *problem);

/* Reads an employee list: a header row (Indonesian or English column names,
 * any case), comma or semicolon separated (taken from the header line),
 * UTF-8 with or without BOM, RFC 4180 quoting, CRLF or LF.
 *
 * Required columns: nama, nik, nip, email. Columns it does not know (e.g.
 * "no") are ignored. A column alasan / mismatch_reason lets a row go on
 * despite a NIK/NIP disagreement.
 *
 * Returns the applicants of the rows that passed every check, in file order
 * (each carries its line, see sertel_csv_applicant_get_line()); every problem
 * of the other rows goes to @out_problems (SertelCsvProblem*, never NULL on
 * success). A file that cannot be read as a list at all (bad encoding, no
 * usable header, an unclosed quote, more than SERTEL_CSV_MAX_ROWS rows) is an
 * error and returns NULL. Empty rows are skipped. */
GPtrArray  *sertel_csv_read_applicants  (GBytes      *data,
                                         const char  *official_domain,
                                         gboolean     allow_subdomains,
                                         GPtrArray  **out_problems,
                                         GError     **error);

/* The line of the file an applicant from sertel_csv_read_applicants() came
 * from, or 0. */
guint       sertel_csv_applicant_get_line (SertelApplicant *applicant);

/* Lower level: splits @data into records of fields (GPtrArray of GStrv),
 * with the starting line of each record in @out_lines (guint). */
GPtrArray  *sertel_csv_parse            (GBytes      *data,
                                         char        *out_delimiter,
                                         GArray     **out_lines,
                                         GError     **error);

/* Writing. One header row, then one row per applicant; @request_ids
 * (optional, gint64, parallel to @applicants) adds a leading request column.
 * Fields that a spreadsheet would run as a formula (starting with = + - @)
 * get a leading apostrophe, which the reader takes off again. With
 * @excel_text NIK and NIP are written as ="…" so spreadsheets keep all
 * digits; the reader accepts that form too. */
char       *sertel_csv_write_applicants (GPtrArray   *applicants,
                                         GArray      *request_ids,
                                         char         delimiter,
                                         gboolean     excel_text);
/* Appends one field, quoted when needed. */
void        sertel_csv_append_field     (GString     *out,
                                         const char  *value,
                                         char         delimiter);

G_END_DECLS
