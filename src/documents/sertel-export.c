/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "sertel-export.h"

G_DEFINE_QUARK (sertel-export-error-quark, sertel_export_error)

#define PROGRESS_EVERY 5000

static const char *
kind_name (SertelExportKind kind)
{
  return kind == SERTEL_EXPORT_APPLICANTS ? "applicants" : "requests";
}

/* Personal data leaves the register only on record, and only for staff
 * with a role (every desk role sees the cases it exports). */
static gboolean
record (SertelStore *store, SertelStaff *actor, const char *what, const SertelExportScope *scope,
        const char *path, GError **error)
{
  g_autofree char *details = NULL;
  g_autofree char *base = NULL;

  if (actor == NULL || sertel_staff_get_role (actor) == SERTEL_ROLE_NONE)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Exporting personal data needs a signed-in staff member with a role."));
      return FALSE;
    }
  base = g_path_get_basename (path);
  if (scope->request_ids)
    details = g_strdup_printf ("requests=%u file=%s", scope->request_ids->len, base);
  else
    details = g_strdup_printf ("from=%" G_GINT64_FORMAT " to=%" G_GINT64_FORMAT " file=%s",
                               scope->from, scope->to, base);
  return sertel_store_record_export (store, actor, what, details, error);
}

static gboolean
parse_iso_date (const char *s, int *y, int *m, int *d)
{
  if (s == NULL || strlen (s) < 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  *y = atoi (s);
  *m = atoi (s + 5);
  *d = atoi (s + 8);
  return g_date_valid_dmy ((GDateDay) *d, (GDateMonth) *m, (GDateYear) *y);
}

/* ------------------------------------------------------------------------- */
/* XLSX */

typedef struct {
  lxw_worksheet            *sheet;
  const SertelExportColumn *cols;
  guint                     n_cols;
  lxw_format               *date;
  lxw_format               *datetime;
  lxw_format               *text;
  lxw_row_t                 row;
  guint                    *total;
  SertelExportProgress      progress;
  gpointer                  progress_data;
} Sheet;

static gboolean
xlsx_failed (lxw_error err, GError **error)
{
  if (err == LXW_NO_ERROR)
    return FALSE;
  g_set_error (error, SERTEL_EXPORT_ERROR, SERTEL_EXPORT_ERROR_WRITE,
               _("The spreadsheet could not be written: %s"), lxw_strerror (err));
  return TRUE;
}

static gboolean
xlsx_row (const char * const *text, const gint64 *number, gpointer user_data, GError **error)
{
  Sheet *s = user_data;

  s->row++;
  for (guint c = 0; c < s->n_cols; c++)
    {
      lxw_col_t col = (lxw_col_t) c;
      lxw_error err = LXW_NO_ERROR;

      switch (s->cols[c].type)
        {
        case SERTEL_EXPORT_NUMBER:
          err = worksheet_write_number (s->sheet, s->row, col, (double) number[c], NULL);
          break;
        case SERTEL_EXPORT_DATETIME:
          {
            g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (number[c]);
            lxw_datetime v = { g_date_time_get_year (dt), g_date_time_get_month (dt),
                               g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                               g_date_time_get_minute (dt), g_date_time_get_second (dt) };
            err = worksheet_write_datetime (s->sheet, s->row, col, &v, s->datetime);
          }
          break;
        case SERTEL_EXPORT_DATE:
          {
            int y, m, d;
            if (parse_iso_date (text[c], &y, &m, &d))
              {
                lxw_datetime v = { y, m, d, 0, 0, 0 };
                err = worksheet_write_datetime (s->sheet, s->row, col, &v, s->date);
              }
            else if (text[c])
              err = worksheet_write_string (s->sheet, s->row, col, text[c], NULL);
          }
          break;
        case SERTEL_EXPORT_ID_NUMBER:
          /* A string cell in a text-formatted column: no spreadsheet turns
           * a NIK into 8.27104E+15. */
          if (text[c])
            err = worksheet_write_string (s->sheet, s->row, col, text[c], s->text);
          break;
        case SERTEL_EXPORT_TEXT:
        default:
          if (text[c])
            err = worksheet_write_string (s->sheet, s->row, col, text[c], NULL);
          break;
        }
      if (xlsx_failed (err, error))
        return FALSE;
    }
  (*s->total)++;
  if (s->progress && *s->total % PROGRESS_EVERY == 0)
    s->progress (*s->total, s->progress_data);
  return TRUE;
}

static gboolean
xlsx_sheet (SertelStore *store, lxw_workbook *wb, const char *name, SertelExportKind kind,
            const SertelExportScope *scope, lxw_format *header, Sheet *s, GError **error)
{
  s->sheet = workbook_add_worksheet (wb, name);
  s->cols = sertel_export_columns (kind, &s->n_cols);
  s->row = 0;
  if (s->sheet == NULL)
    return !xlsx_failed (LXW_ERROR_MEMORY_MALLOC_FAILED, error);

  /* Widths and column formats come before any cell (constant memory). */
  for (guint c = 0; c < s->n_cols; c++)
    {
      lxw_format *f = s->cols[c].type == SERTEL_EXPORT_ID_NUMBER ? s->text : NULL;
      if (xlsx_failed (worksheet_set_column (s->sheet, (lxw_col_t) c, (lxw_col_t) c, s->cols[c].width, f), error))
        return FALSE;
    }
  worksheet_freeze_panes (s->sheet, 1, 0);
  for (guint c = 0; c < s->n_cols; c++)
    if (xlsx_failed (worksheet_write_string (s->sheet, 0, (lxw_col_t) c, s->cols[c].title, header), error))
      return FALSE;

  return sertel_store_export_rows (store, kind, scope->from, scope->to, scope->request_ids, xlsx_row, s, NULL,
                                   error);
}

gboolean
sertel_export_xlsx (SertelStore *store, SertelStaff *actor, const SertelExportScope *scope,
                    const char *path, SertelExportProgress progress, gpointer user_data,
                    guint *out_rows, GError **error)
{
  lxw_workbook_options options = { 0 };
  lxw_workbook *wb;
  lxw_format *header, *date, *datetime, *text;
  Sheet s = { 0 };
  guint total = 0;
  gboolean ok;

  g_return_val_if_fail (SERTEL_IS_STORE (store), FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!record (store, actor, "export-xlsx", scope, path, error))
    return FALSE;

  /* Rows go straight to temporary files: a year of the register never sits
   * in memory, and the shared-string table is skipped (inline strings). */
  options.constant_memory = LXW_TRUE;
  wb = workbook_new_opt (path, &options);
  if (wb == NULL)
    {
      g_set_error (error, SERTEL_EXPORT_ERROR, SERTEL_EXPORT_ERROR_WRITE,
                   _("The spreadsheet %s cannot be created."), path);
      return FALSE;
    }
  workbook_set_properties (wb, &(lxw_doc_properties) { .title = (char *) "Register Sertifikat Elektronik",
                                                       .author = (char *) "Sertel" });
  header = workbook_add_format (wb);
  format_set_bold (header);
  format_set_bg_color (header, 0xD9E1F2);
  format_set_bottom (header, LXW_BORDER_THIN);
  date = workbook_add_format (wb);
  format_set_num_format (date, "dd/mm/yyyy");
  datetime = workbook_add_format (wb);
  format_set_num_format (datetime, "dd/mm/yyyy hh:mm");
  text = workbook_add_format (wb);
  format_set_num_format (text, "@");

  s.date = date;
  s.datetime = datetime;
  s.text = text;
  s.total = &total;
  s.progress = progress;
  s.progress_data = user_data;
  ok = xlsx_sheet (store, wb, "Pemohon", SERTEL_EXPORT_APPLICANTS, scope, header, &s, error) &&
       xlsx_sheet (store, wb, "Permohonan", SERTEL_EXPORT_REQUESTS, scope, header, &s, error);
  if (!ok)
    {
      workbook_close (wb);
      g_remove (path);
      return FALSE;
    }
  if (xlsx_failed (workbook_close (wb), error))
    return FALSE;
  if (progress)
    progress (total, user_data);
  if (out_rows)
    *out_rows = total;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* CSV */

typedef struct {
  GString                  *out;
  const SertelExportColumn *cols;
  guint                     n_cols;
  char                      sep;
} Csv;

static void
csv_field (Csv *c, const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, "\"\r\n") || strchr (value, c->sep))
    {
      g_string_append_c (c->out, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (c->out, '"');
          g_string_append_c (c->out, *p);
        }
      g_string_append_c (c->out, '"');
    }
  else
    g_string_append (c->out, value);
}

static gboolean
csv_row (const char * const *text, const gint64 *number, gpointer user_data, GError **error)
{
  Csv *c = user_data;

  for (guint i = 0; i < c->n_cols; i++)
    {
      if (i > 0)
        g_string_append_c (c->out, c->sep);
      if (c->cols[i].type == SERTEL_EXPORT_NUMBER)
        g_string_append_printf (c->out, "%" G_GINT64_FORMAT, number[i]);
      else if (c->cols[i].type == SERTEL_EXPORT_DATETIME)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (number[i]);
          g_autofree char *s = g_date_time_format (dt, "%Y-%m-%d %H:%M");
          g_string_append (c->out, s);
        }
      else
        csv_field (c, text[i]);
    }
  g_string_append (c->out, "\r\n");
  return TRUE;
}

gboolean
sertel_export_csv (SertelStore *store, SertelStaff *actor, const SertelExportScope *scope,
                   SertelExportKind kind, char separator, const char *path,
                   guint *out_rows, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  Csv c = { out, NULL, 0, separator == ';' ? ';' : ',' };
  g_autofree char *what = NULL;
  guint rows = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (store), FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  what = g_strconcat ("export-csv-", kind_name (kind), NULL);
  if (!record (store, actor, what, scope, path, error))
    return FALSE;

  c.cols = sertel_export_columns (kind, &c.n_cols);
  for (guint i = 0; i < c.n_cols; i++)
    {
      if (i > 0)
        g_string_append_c (out, c.sep);
      csv_field (&c, c.cols[i].title);
    }
  g_string_append (out, "\r\n");
  if (!sertel_store_export_rows (store, kind, scope->from, scope->to, scope->request_ids, csv_row, &c, &rows,
                                 error))
    return FALSE;
  if (!g_file_set_contents (path, out->str, (gssize) out->len, error))
    return FALSE;
  if (out_rows)
    *out_rows = rows;
  return TRUE;
}
