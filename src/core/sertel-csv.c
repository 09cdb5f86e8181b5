/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-csv.h"
#include "sertel-fields.h"
#include "sertel-identity.h"
#include "sertel-text.h"

G_DEFINE_QUARK (sertel-csv-error-quark, sertel_csv_error)

#define LINE_KEY "sertel-csv-line"

void
sertel_csv_problem_free (SertelCsvProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->message);
  g_free (problem);
}

char *
sertel_csv_problem_format (const SertelCsvProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->column)
    return g_strdup_printf (_("Line %u, column %s: %s"), problem->line, problem->column, problem->message);
  return g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
}

guint
sertel_csv_applicant_get_line (SertelApplicant *applicant)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (applicant), 0);
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (applicant), LINE_KEY));
}

/* ------------------------------------------------------------------------- */
/* Splitting */

static guint
line_of_offset (const char *data, gsize offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= offset || data[i + 1] != '\n'))
        line++;
    }
  return line;
}

static gboolean
check_encoding (const char *data, gsize len, GError **error)
{
  const char *end = NULL;

  if (len >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    goto utf16;
  if (len >= 2 && ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF))
    goto utf16;
  if (len >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    {
      g_set_error_literal (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_ENCODING,
                           _("This is a spreadsheet workbook, not a CSV file. In the spreadsheet choose "
                             "“Save as” → “CSV UTF-8” and import that file."));
      return FALSE;
    }

  if (!g_utf8_validate (data, (gssize) len, &end))
    {
      gsize offset = (gsize) (end - data);

      if (data[offset] == '\0')
        g_set_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_ENCODING,
                     _("Line %u contains a NUL byte, which a CSV file never has. Save the list as "
                       "“CSV UTF-8” and import it again."),
                     line_of_offset (data, offset));
      else
        g_set_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_ENCODING,
                     _("Line %u is not valid UTF-8 text. Save the list as “CSV UTF-8” and import it again."),
                     line_of_offset (data, offset));
      return FALSE;
    }
  return TRUE;

utf16:
  g_set_error_literal (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_ENCODING,
                       _("The file is in UTF-16, not UTF-8. Save the list as “CSV UTF-8” and import it again."));
  return FALSE;
}

/* The delimiter is whichever of , and ; occurs more often (outside quotes)
 * on the header line. */
static char
detect_delimiter (const char *p, const char *end)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

static gboolean
record_is_empty (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *f = g_ptr_array_index (fields, i);
      if (f && *f)
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
sertel_csv_parse (GBytes  *data,
                  char    *out_delimiter,
                  GArray **out_lines,
                  GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  const char *start, *p, *end;
  gsize len = 0;
  guint line = 1, record_line = 1, quote_line = 0;
  gboolean quoted = FALSE, field_started = FALSE, at_record_start = TRUE;
  char delim;

  g_return_val_if_fail (data != NULL, NULL);

  start = g_bytes_get_data (data, &len);
  if (start == NULL)
    start = "";
  if (!check_encoding (start, len, error))
    return NULL;

  p = start;
  end = start + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  delim = detect_delimiter (p, end);
  fields = g_ptr_array_new_with_free_func (g_free);

#define END_FIELD() G_STMT_START {                                  \
    g_ptr_array_add (fields, g_strndup (field->str, field->len));   \
    g_string_truncate (field, 0);                                   \
    field_started = FALSE;                                          \
  } G_STMT_END
#define END_RECORD() G_STMT_START {                                 \
    END_FIELD ();                                                   \
    if (!record_is_empty (fields))                                  \
      {                                                             \
        /* Header + SERTEL_CSV_MAX_ROWS data rows at most. */       \
        if (records->len > SERTEL_CSV_MAX_ROWS)                     \
          goto too_many;                                            \
        g_ptr_array_add (fields, NULL);                             \
        g_ptr_array_add (records, g_ptr_array_free (g_steal_pointer (&fields), FALSE)); \
        g_array_append_val (lines, record_line);                    \
        fields = g_ptr_array_new_with_free_func (g_free);           \
      }                                                             \
    else                                                            \
      g_ptr_array_set_size (fields, 0);                             \
    at_record_start = TRUE;                                         \
  } G_STMT_END

  while (p < end)
    {
      char c = *p;

      if (at_record_start)
        {
          record_line = line;
          at_record_start = FALSE;
        }

      if (quoted)
        {
          if (c == '"')
            {
              if (p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                  continue;
                }
              quoted = FALSE;
              p++;
              continue;
            }
          if (c == '\r')
            {
              /* Line breaks inside a field become \n. */
              g_string_append_c (field, '\n');
              line++;
              p += (p + 1 < end && p[1] == '\n') ? 2 : 1;
              continue;
            }
          if (c == '\n')
            line++;
          g_string_append_c (field, c);
          p++;
          continue;
        }

      if (c == '"' && !field_started)
        {
          quoted = TRUE;
          field_started = TRUE;
          quote_line = line;
          p++;
          continue;
        }
      if (c == delim)
        {
          END_FIELD ();
          p++;
          continue;
        }
      if (c == '\r' || c == '\n')
        {
          p += (c == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
          END_RECORD ();
          line++;
          continue;
        }
      /* A quote inside an unquoted field, or text after a closing quote,
       * is kept as it is, as spreadsheets do. */
      field_started = TRUE;
      g_string_append_c (field, c);
      p++;
    }

  if (quoted)
    {
      g_set_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_SYNTAX,
                   _("A quoted field that starts on line %u is never closed: a \" is missing. "
                     "Check that row in the spreadsheet and save the list again."),
                   quote_line);
      return NULL;
    }
  if (!at_record_start || field->len > 0 || fields->len > 0)
    END_RECORD ();

#undef END_RECORD
#undef END_FIELD

  if (out_delimiter)
    *out_delimiter = delim;
  if (out_lines)
    *out_lines = g_steal_pointer (&lines);
  return g_steal_pointer (&records);

too_many:
  g_set_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_TOO_MANY_ROWS,
               _("The list has more than %u rows (line %u is one too many). Split it into smaller files."),
               (guint) SERTEL_CSV_MAX_ROWS, record_line);
  return NULL;
}

/* ------------------------------------------------------------------------- */
/* Columns */

typedef enum {
  COL_NONE = -1,
  COL_NAME,
  COL_NAME_TITLED,
  COL_NIK,
  COL_NIP,
  COL_PANGKAT,
  COL_GOLONGAN,
  COL_JABATAN,
  COL_UNIT_KERJA,
  COL_OPD,
  COL_EMAIL,
  COL_PHONE,
  COL_OFFICE_ADDRESS,
  COL_CITY,
  COL_PROVINCE,
  COL_MISMATCH_REASON,
  N_COLS
} Column;

static const struct {
  const char *key;
  Column      column;
} aliases[] = {
  { "nama", COL_NAME }, { "name", COL_NAME }, { "nama_lengkap", COL_NAME }, { "nama_ktp", COL_NAME },
  { "nama_sesuai_ktp", COL_NAME }, { "full_name", COL_NAME },
  { "nama_gelar", COL_NAME_TITLED }, { "name_titled", COL_NAME_TITLED }, { "nama_dengan_gelar", COL_NAME_TITLED },
  { "nama_bergelar", COL_NAME_TITLED }, { "nama_lengkap_gelar", COL_NAME_TITLED },
  { "nik", COL_NIK }, { "nomor_induk_kependudukan", COL_NIK }, { "no_ktp", COL_NIK },
  { "nip", COL_NIP }, { "nip_baru", COL_NIP },
  { "pangkat", COL_PANGKAT }, { "pangkat_golongan", COL_PANGKAT }, { "pangkat_gol", COL_PANGKAT },
  { "pangkat_golongan_ruang", COL_PANGKAT },
  { "golongan", COL_GOLONGAN }, { "gol", COL_GOLONGAN }, { "golongan_ruang", COL_GOLONGAN },
  { "jabatan", COL_JABATAN }, { "position", COL_JABATAN }, { "job_title", COL_JABATAN },
  { "unit_kerja", COL_UNIT_KERJA }, { "unitkerja", COL_UNIT_KERJA }, { "unit", COL_UNIT_KERJA },
  { "work_unit", COL_UNIT_KERJA },
  { "opd", COL_OPD }, { "instansi", COL_OPD }, { "perangkat_daerah", COL_OPD },
  { "email", COL_EMAIL }, { "e_mail", COL_EMAIL }, { "email_dinas", COL_EMAIL }, { "surel", COL_EMAIL },
  { "alamat_email", COL_EMAIL },
  { "hp", COL_PHONE }, { "no_hp", COL_PHONE }, { "nomor_hp", COL_PHONE }, { "phone", COL_PHONE },
  { "telepon", COL_PHONE }, { "telp", COL_PHONE }, { "no_telp", COL_PHONE }, { "no_telepon", COL_PHONE },
  { "handphone", COL_PHONE }, { "mobile", COL_PHONE },
  { "alamat_kantor", COL_OFFICE_ADDRESS }, { "office_address", COL_OFFICE_ADDRESS }, { "alamat", COL_OFFICE_ADDRESS },
  { "kota", COL_CITY }, { "city", COL_CITY }, { "kabupaten_kota", COL_CITY }, { "kab_kota", COL_CITY },
  { "provinsi", COL_PROVINCE }, { "province", COL_PROVINCE },
  { "alasan", COL_MISMATCH_REASON }, { "mismatch_reason", COL_MISMATCH_REASON },
  { "alasan_perbedaan", COL_MISMATCH_REASON },
};

/* "Unit Kerja", "E-mail", "Pangkat/Golongan" → unit_kerja, e_mail, pangkat_golongan. */
static char *
header_key (const char *text)
{
  g_autofree char *down = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *clean = sertel_text_clean (text, "", 0, FALSE, NULL);

  if (clean == NULL)
    return g_strdup ("");
  down = g_utf8_strdown (clean, -1);
  for (const char *p = down; *p; p++)
    {
      gboolean sep = (*p == ' ' || *p == '-' || *p == '.' || *p == '/' || *p == '_' || *p == '\\');

      if (sep)
        {
          if (out->len > 0 && out->str[out->len - 1] != '_')
            g_string_append_c (out, '_');
        }
      else
        g_string_append_c (out, *p);
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
column_for_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (aliases[i].key, key))
      return (int) aliases[i].column;
  return -1;
}

/* ------------------------------------------------------------------------- */
/* Rows */

typedef struct {
  GPtrArray  *problems;
  guint       line;
  char      **header;     /* the header row as written */
  int        *source;     /* Column → index into the row, or -1 */
  gboolean    bad;
} Row;

static void
problem (Row *row, Column col, const char *message)
{
  SertelCsvProblem *p = g_new0 (SertelCsvProblem, 1);

  p->line = row->line;
  if (col != COL_NONE && col < N_COLS && row->source[col] >= 0)
    p->column = g_strdup (row->header[row->source[col]]);
  p->message = g_strdup (message);
  g_ptr_array_add (row->problems, p);
  row->bad = TRUE;
}

static void
problem_error (Row *row, Column col, GError *error)
{
  problem (row, col, error->message);
}

/* Takes off the apostrophe the writer puts before =, +, -, @ (and that
 * clerks type before long numbers), and ="…" around numbers. */
static char *
unescape_spreadsheet (const char *value, gboolean number)
{
  gsize len = strlen (value);

  if (number && len >= 3 && value[0] == '=' && value[1] == '"' && value[len - 1] == '"')
    return g_strndup (value + 2, len - 3);
  if (value[0] == '\'' &&
      (number || value[1] == '=' || value[1] == '+' || value[1] == '-' || value[1] == '@' ||
       value[1] == '\t' || value[1] == '\r'))
    return g_strdup (value + 1);
  return g_strdup (value);
}

/* A spreadsheet that took a NIK for a number writes 8.27101E+15. */
static gboolean
looks_like_scientific (const char *value)
{
  return (strchr (value, 'E') || strchr (value, 'e')) && strchr (value, '+') &&
         g_ascii_isdigit (value[0]);
}

static char *
raw_field (Row *row, char **fields, guint n_fields, Column col)
{
  int idx = row->source[col];

  if (idx < 0 || (guint) idx >= n_fields)
    return g_strdup ("");
  return unescape_spreadsheet (fields[idx], col == COL_NIK || col == COL_NIP || col == COL_PHONE);
}

/* Free text, cleaned and held to the same limit as at the intake form. */
static char *
text_field (Row *row, char **fields, guint n_fields, Column col, SertelField field)
{
  g_autofree char *raw = raw_field (row, fields, n_fields, col);
  g_autoptr(GError) error = NULL;
  char *clean = sertel_field_clean (field, raw, FALSE, &error);

  if (clean == NULL)
    problem_error (row, col, error);
  return clean;
}

/* A phone number by the register's rule, kept as its digits (and a leading +). */
static char *
clean_phone (Row *row, const char *raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = sertel_phone_clean (raw, &error);
  GString *digits;

  if (checked == NULL)
    {
      problem_error (row, COL_PHONE, error);
      return NULL;
    }
  digits = g_string_new (NULL);
  for (const char *p = checked; *p; p++)
    if (g_ascii_isdigit (*p) || *p == '+')
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static SertelApplicant *
read_row (Row        *row,
          char      **fields,
          const char *domain,
          gboolean    allow_subdomains,
          GHashTable *seen_nik,
          GHashTable *seen_nip,
          guint       n_header)
{
  g_autoptr(SertelApplicant) a = sertel_applicant_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *titled = NULL, *nik_raw = NULL, *nip_raw = NULL, *email = NULL;
  g_autofree char *phone_raw = NULL, *phone = NULL, *reason = NULL, *pangkat = NULL, *golongan = NULL;
  g_autofree char *jabatan = NULL, *unit = NULL, *opd = NULL, *address = NULL, *city = NULL, *province = NULL;
  guint n_fields = g_strv_length (fields);
  SertelNik nik;
  SertelNip nip;
  gboolean nik_ok = FALSE, nip_ok = FALSE;

  if (n_fields > n_header)
    {
      /* Spreadsheets sometimes leave empty cells after the last column. */
      for (guint i = n_header; i < n_fields; i++)
        if (*fields[i])
          {
            g_autofree char *msg = g_strdup_printf (_("This row has %u fields but the header has %u columns. "
                                                      "Put quotes around text that contains the separator."),
                                                    n_fields, n_header);
            problem (row, COL_NONE, msg);
            return NULL;
          }
    }
  else if (n_fields < n_header)
    {
      g_autofree char *msg = g_strdup_printf (_("This row has %u fields but the header has %u columns; "
                                                "a separator is missing or the row was cut off."),
                                              n_fields, n_header);
      problem (row, COL_NONE, msg);
      return NULL;
    }

  for (guint i = 0; i < n_fields && i < n_header; i++)
    if (g_utf8_strlen (fields[i], -1) > SERTEL_CSV_MAX_FIELD_CHARS)
      {
        SertelCsvProblem *p = g_new0 (SertelCsvProblem, 1);
        p->line = row->line;
        p->column = g_strdup (row->header[i]);
        p->message = g_strdup_printf (_("The field has %ld characters; at most %u are allowed."),
                                      g_utf8_strlen (fields[i], -1), (guint) SERTEL_CSV_MAX_FIELD_CHARS);
        g_ptr_array_add (row->problems, p);
        row->bad = TRUE;
      }
  if (row->bad)
    return NULL;

  /* Name */
  {
    g_autofree char *raw = raw_field (row, fields, n_fields, COL_NAME);
    name = sertel_name_normalize (raw, &error);
    if (name == NULL)
      {
        problem_error (row, COL_NAME, error);
        g_clear_error (&error);
      }
  }
  {
    g_autofree char *raw = raw_field (row, fields, n_fields, COL_NAME_TITLED);
    if (*g_strstrip (raw))
      {
        titled = sertel_name_normalize (raw, &error);
        if (titled == NULL)
          {
            problem_error (row, COL_NAME_TITLED, error);
            g_clear_error (&error);
          }
      }
  }

  /* NIP first: its year settles the century of the NIK's birth year. */
  nip_raw = raw_field (row, fields, n_fields, COL_NIP);
  if (looks_like_scientific (nip_raw))
    problem (row, COL_NIP, _("The NIP was turned into a number by a spreadsheet and lost digits. "
                             "Format the column as text, type the NIP again and save the list."));
  else if (!(nip_ok = sertel_nip_parse (nip_raw, &nip, &error)))
    {
      problem_error (row, COL_NIP, error);
      g_clear_error (&error);
    }

  nik_raw = raw_field (row, fields, n_fields, COL_NIK);
  if (looks_like_scientific (nik_raw))
    problem (row, COL_NIK, _("The NIK was turned into a number by a spreadsheet and lost digits. "
                             "Format the column as text, type the NIK again and save the list."));
  else if (!(nik_ok = sertel_nik_parse (nik_raw, nip_ok ? (int) g_date_get_year (&nip.birth) : 0, &nik, &error)))
    {
      problem_error (row, COL_NIK, error);
      g_clear_error (&error);
    }

  reason = text_field (row, fields, n_fields, COL_MISMATCH_REASON, SERTEL_FIELD_MISMATCH_REASON);

  if (nik_ok && nip_ok)
    {
      g_autoptr(GPtrArray) findings = sertel_identity_cross_check (&nik, &nip);

      if (findings->len > 0 && (reason == NULL || *reason == '\0'))
        {
          for (guint i = 0; i < findings->len; i++)
            {
              SertelFinding *f = g_ptr_array_index (findings, i);
              g_autofree char *msg = g_strdup_printf (_("%s BSrE rejects such applications; to go on anyway, "
                                                        "write the reason in a column “alasan”."),
                                                      f->message);
              problem (row, COL_NONE, msg);
            }
        }
    }

  if (nik_ok)
    {
      const char *other = g_hash_table_lookup (seen_nik, nik.digits);
      if (other)
        {
          g_autofree char *msg = g_strdup_printf (_("The NIK %s is already on line %s of this list."), nik.digits, other);
          problem (row, COL_NIK, msg);
        }
      else
        g_hash_table_insert (seen_nik, g_strdup (nik.digits), g_strdup_printf ("%u", row->line));
    }
  if (nip_ok)
    {
      const char *other = g_hash_table_lookup (seen_nip, nip.digits);
      if (other)
        {
          g_autofree char *msg = g_strdup_printf (_("The NIP %s is already on line %s of this list."), nip.digits, other);
          problem (row, COL_NIP, msg);
        }
      else
        g_hash_table_insert (seen_nip, g_strdup (nip.digits), g_strdup_printf ("%u", row->line));
    }

  /* E-mail */
  {
    g_autofree char *raw = raw_field (row, fields, n_fields, COL_EMAIL);
    email = g_strdup (g_strstrip (raw));
    if (!sertel_email_check (email, domain, allow_subdomains, &error))
      {
        problem_error (row, COL_EMAIL, error);
        g_clear_error (&error);
      }
  }

  phone_raw = raw_field (row, fields, n_fields, COL_PHONE);
  phone = clean_phone (row, g_strstrip (phone_raw));

  pangkat = text_field (row, fields, n_fields, COL_PANGKAT, SERTEL_FIELD_PANGKAT);
  golongan = text_field (row, fields, n_fields, COL_GOLONGAN, SERTEL_FIELD_GOLONGAN);
  jabatan = text_field (row, fields, n_fields, COL_JABATAN, SERTEL_FIELD_JABATAN);
  unit = text_field (row, fields, n_fields, COL_UNIT_KERJA, SERTEL_FIELD_UNIT_KERJA);
  opd = text_field (row, fields, n_fields, COL_OPD, SERTEL_FIELD_OPD);
  address = text_field (row, fields, n_fields, COL_OFFICE_ADDRESS, SERTEL_FIELD_OFFICE_ADDRESS);
  city = text_field (row, fields, n_fields, COL_CITY, SERTEL_FIELD_CITY);
  province = text_field (row, fields, n_fields, COL_PROVINCE, SERTEL_FIELD_PROVINCE);

  if (row->bad)
    return NULL;

  /* Separate pangkat and golongan columns become "Penata (III/c)". */
  if (*golongan)
    {
      char *joined = *pangkat ? g_strdup_printf ("%s (%s)", pangkat, golongan) : g_strdup (golongan);
      g_free (pangkat);
      pangkat = joined;
    }

  sertel_applicant_set_name (a, name);
  sertel_applicant_set_name_titled (a, titled);
  sertel_applicant_set_nik (a, nik.digits);
  sertel_applicant_set_nip (a, nip.digits);
  sertel_applicant_set_email (a, email);
#define SET_OPT(setter, value) if (*(value)) setter (a, value)
  SET_OPT (sertel_applicant_set_phone, phone);
  SET_OPT (sertel_applicant_set_pangkat, pangkat);
  SET_OPT (sertel_applicant_set_jabatan, jabatan);
  SET_OPT (sertel_applicant_set_unit_kerja, unit);
  SET_OPT (sertel_applicant_set_opd, opd);
  SET_OPT (sertel_applicant_set_office_address, address);
  SET_OPT (sertel_applicant_set_city, city);
  SET_OPT (sertel_applicant_set_province, province);
  SET_OPT (sertel_applicant_set_mismatch_reason, reason);
#undef SET_OPT
  g_object_set_data (G_OBJECT (a), LINE_KEY, GUINT_TO_POINTER (row->line));
  return g_steal_pointer (&a);
}

GPtrArray *
sertel_csv_read_applicants (GBytes      *data,
                            const char  *official_domain,
                            gboolean     allow_subdomains,
                            GPtrArray  **out_problems,
                            GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sertel_csv_problem_free);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen_nik = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) seen_nip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) missing = g_string_new (NULL);
  int source[N_COLS];
  char **header;
  guint n_header;
  char delim = ',';

  g_return_val_if_fail (data != NULL, NULL);

  if (official_domain == NULL)
    official_domain = "malutprov.go.id";

  records = sertel_csv_parse (data, &delim, &lines, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error_literal (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_EMPTY,
                           _("The file is empty. The first row must name the columns, e.g. nama;nik;nip;email."));
      return NULL;
    }

  header = g_ptr_array_index (records, 0);
  n_header = g_strv_length (header);
  for (guint c = 0; c < N_COLS; c++)
    source[c] = -1;
  for (guint i = 0; i < n_header; i++)
    {
      g_autofree char *key = header_key (header[i]);
      int col = column_for_key (key);

      if (col < 0)
        continue;   /* "no", remarks …: not ours */
      if (source[col] >= 0)
        {
          g_set_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_HEADER,
                       _("The columns “%s” and “%s” in the header both mean the same thing; remove one of them."),
                       header[source[col]], header[i]);
          return NULL;
        }
      source[col] = (int) i;
    }

  {
    static const struct { Column col; const char *name; } required[] = {
      { COL_NAME, "nama" }, { COL_NIK, "nik" }, { COL_NIP, "nip" }, { COL_EMAIL, "email" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (required); i++)
      if (source[required[i].col] < 0)
        {
          if (missing->len)
            g_string_append (missing, ", ");
          g_string_append (missing, required[i].name);
        }
    if (missing->len)
      {
        g_set_error (error, SERTEL_CSV_ERROR, SERTEL_CSV_ERROR_HEADER,
                     _("The header row (line 1) lacks the column(s) %s. The first row must name the columns, "
                       "separated by commas or semicolons, e.g. nama;nik;nip;email."),
                     missing->str);
        return NULL;
      }
  }

  for (guint r = 1; r < records->len; r++)
    {
      Row row = { 0 };
      SertelApplicant *a;

      row.problems = problems;
      row.line = g_array_index (lines, guint, r);
      row.header = header;
      row.source = source;
      a = read_row (&row, g_ptr_array_index (records, r), official_domain, allow_subdomains,
                    seen_nik, seen_nip, n_header);
      if (a)
        g_ptr_array_add (out, a);
    }

  if (out_problems)
    *out_problems = g_steal_pointer (&problems);
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------- */
/* Writing */

void
sertel_csv_append_field (GString    *out,
                         const char *value,
                         char        delimiter)
{
  gboolean formula;

  if (value == NULL)
    value = "";
  formula = value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
            value[0] == '\t' || value[0] == '\r';

  if (formula || strchr (value, delimiter) || strchr (value, '"') || strchr (value, '\n') ||
      strchr (value, '\r') || (value[0] == '\'' ))
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
}

static void
append_number (GString *out, const char *digits, char delimiter, gboolean excel_text)
{
  if (excel_text && digits && *digits)
    {
      g_autofree char *wrapped = g_strdup_printf ("=\"%s\"", digits);
      /* Written as is: ="…" must reach the spreadsheet unquoted. */
      g_string_append (out, wrapped);
    }
  else
    sertel_csv_append_field (out, digits, delimiter);
}

char *
sertel_csv_write_applicants (GPtrArray *applicants,
                             GArray    *request_ids,
                             char       delimiter,
                             gboolean   excel_text)
{
  static const char * const columns[] = {
    "nama", "nama_gelar", "nik", "nip", "pangkat", "jabatan", "unit_kerja", "opd",
    "alamat_kantor", "kota", "provinsi", "email", "hp", "status", "alasan_status", "alasan",
  };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (applicants != NULL, NULL);
  g_return_val_if_fail (delimiter == ',' || delimiter == ';', NULL);
  g_return_val_if_fail (request_ids == NULL || request_ids->len == applicants->len, NULL);

  if (request_ids)
    {
      g_string_append (out, "permohonan");
      g_string_append_c (out, delimiter);
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (i)
        g_string_append_c (out, delimiter);
      g_string_append (out, columns[i]);
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < applicants->len; r++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, r);
      const char *texts[] = {
        sertel_applicant_get_name (a), sertel_applicant_get_name_titled (a), NULL, NULL,
        sertel_applicant_get_pangkat (a), sertel_applicant_get_jabatan (a),
        sertel_applicant_get_unit_kerja (a), sertel_applicant_get_opd (a),
        sertel_applicant_get_office_address (a), sertel_applicant_get_city (a),
        sertel_applicant_get_province (a), sertel_applicant_get_email (a), sertel_applicant_get_phone (a),
        sertel_applicant_state_to_string (sertel_applicant_get_state (a)),
        sertel_applicant_get_state_reason (a), sertel_applicant_get_mismatch_reason (a),
      };
      G_STATIC_ASSERT (G_N_ELEMENTS (texts) == G_N_ELEMENTS (columns));

      if (request_ids)
        {
          g_string_append_printf (out, "%" G_GINT64_FORMAT, g_array_index (request_ids, gint64, r));
          g_string_append_c (out, delimiter);
        }
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          if (i)
            g_string_append_c (out, delimiter);
          if (i == 2)
            append_number (out, sertel_applicant_get_nik (a), delimiter, excel_text);
          else if (i == 3)
            append_number (out, sertel_applicant_get_nip (a), delimiter, excel_text);
          else
            sertel_csv_append_field (out, texts[i], delimiter);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}
