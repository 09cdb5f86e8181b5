/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sertel-store-private.h"
#include "sertel-store-report.h"

static void
reason_free (SertelReportReason *r)
{
  g_free (r->reason);
  g_free (r);
}

static void
opd_free (SertelReportOpd *o)
{
  g_free (o->opd);
  g_free (o);
}

static void
case_free (SertelReportCase *c)
{
  g_free (c->letter_number);
  g_free (c->opd);
  g_free (c);
}

void
sertel_report_free (SertelReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rejections, g_ptr_array_unref);
  g_clear_pointer (&report->opds, g_ptr_array_unref);
  g_clear_pointer (&report->open_cases, g_ptr_array_unref);
  g_free (report);
}

/* ------------------------------------------------------------------------- */
/* Periods, in local time: the office's months and days. */

static gint64
local_midnight (int year, int month, int day)
{
  g_autoptr(GDateTime) dt = NULL;

  /* Normalise month overflow (month 13 → January of the next year). */
  while (month > 12)
    {
      month -= 12;
      year++;
    }
  while (month < 1)
    {
      month += 12;
      year--;
    }
  dt = g_date_time_new_local (year, month, day, 0, 0, 0);
  return dt ? g_date_time_to_unix (dt) : 0;
}

void
sertel_report_month_of (gint64 t, gint64 *out_from, gint64 *out_to)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  int y = g_date_time_get_year (dt), m = g_date_time_get_month (dt);

  if (out_from)
    *out_from = local_midnight (y, m, 1);
  if (out_to)
    *out_to = local_midnight (y, m + 1, 1);
}

void
sertel_report_year_of (gint64 t, gint64 *out_from, gint64 *out_to)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  int y = g_date_time_get_year (dt);

  if (out_from)
    *out_from = local_midnight (y, 1, 1);
  if (out_to)
    *out_to = local_midnight (y + 1, 1, 1);
}

void
sertel_report_months_ending (gint64 t, gint64 out_start[SERTEL_REPORT_MONTHS + 1])
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  int y = g_date_time_get_year (dt), m = g_date_time_get_month (dt);

  for (int i = 0; i <= SERTEL_REPORT_MONTHS; i++)
    out_start[i] = local_midnight (y, m - (SERTEL_REPORT_MONTHS - 1) + i, 1);
}

static gboolean
parse_day (const char *iso, int *y, int *m, int *d)
{
  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return FALSE;
  *y = atoi (iso);
  *m = atoi (iso + 5);
  *d = atoi (iso + 8);
  if (!g_date_valid_dmy ((GDateDay) *d, (GDateMonth) *m, (GDateYear) *y))
    return FALSE;
  return TRUE;
}

gboolean
sertel_report_parse_period (const char *from_iso, const char *to_iso,
                            gint64 *out_from, gint64 *out_to, GError **error)
{
  int fy, fm, fd, ty, tm, td;

  if (!parse_day (from_iso, &fy, &fm, &fd))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("The start date “%s” is not a date: write it as YYYY-MM-DD."), from_iso ? from_iso : "");
      return FALSE;
    }
  if (!parse_day (to_iso, &ty, &tm, &td))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("The end date “%s” is not a date: write it as YYYY-MM-DD."), to_iso ? to_iso : "");
      return FALSE;
    }
  *out_from = local_midnight (fy, fm, fd);
  {
    /* The end day is included: the period ends at the next midnight. */
    g_autoptr(GDateTime) end = g_date_time_new_local (ty, tm, td, 0, 0, 0);
    g_autoptr(GDateTime) next = g_date_time_add_days (end, 1);
    *out_to = g_date_time_to_unix (next);
  }
  if (*out_to <= *out_from)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("The end date is before the start date."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */

static gint
cmp_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static gint
cmp_case (gconstpointer a, gconstpointer b)
{
  const SertelReportCase *x = *(SertelReportCase * const *) a;
  const SertelReportCase *y = *(SertelReportCase * const *) b;

  if (x->overdue != y->overdue)
    return x->overdue ? -1 : 1;
  if (x->in_step != y->in_step)
    return x->in_step > y->in_step ? -1 : 1;
  return x->request_id < y->request_id ? -1 : x->request_id > y->request_id;
}

/* opd.id → name, for the passes that meet requests one by one. */
static GHashTable *
opd_names_locked (SertelStore *self, GError **error)
{
  g_autoptr(SertelDbStmt) names = sertel_db_prepare (self->db, "SELECT id, name FROM opd", error);
  g_autoptr(GHashTable) opd_names = NULL;
  SertelDbStep rc;

  if (names == NULL)
    return NULL;
  opd_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sertel_db_stmt_step (names, error)) == SERTEL_DB_STEP_ROW)
    g_hash_table_insert (opd_names, g_memdup2 (&(gint64) { sertel_db_stmt_int64 (names, 0) }, sizeof (gint64)),
                         sertel_store_dup_col (names, 1));
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&opd_names);
}

static SertelReportOpd *opd_entry (GHashTable *by_name, GPtrArray *opds, const char *name);

typedef struct {
  SertelReportStep *steps;
  GArray           *durations[SERTEL_N_STEPS];
  SertelReport     *report;       /* NULL: compliance only */
  gint64            now;
} SlaPass;

static void
sla_finish_request (SlaPass *pass, GArray *events, gint64 id, gint64 received_at, guint n_applicants,
                    SertelRequestState state, const char *letter_number, const char *opd)
{
  SertelSla sla;

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, received_at,
                               (const SertelWorkflowEvent *) events->data, events->len,
                               n_applicants, pass->now, &sla);
  for (int s = 0; s < SERTEL_N_STEPS; s++)
    {
      if (!sla.visited[s] || (s == sla.current_step && !sla.overdue[s]))
        continue;
      pass->steps[s].measured++;
      if (!sla.overdue[s])
        pass->steps[s].within++;
      g_array_append_val (pass->durations[s], sla.elapsed[s]);
    }

  if (pass->report && state != SERTEL_REQUEST_COMPLETED && state != SERTEL_REQUEST_RETURNED)
    {
      SertelReportCase *c = g_new0 (SertelReportCase, 1);

      c->request_id = id;
      c->letter_number = g_strdup (letter_number);
      c->opd = g_strdup (opd);
      c->received_at = received_at;
      c->state = state;
      c->step = sla.current_step;
      c->in_step = sla.current_step >= 0 ? sla.elapsed[sla.current_step] : 0;
      c->overdue = sla.current_step >= 0 && sla.overdue[sla.current_step];
      if (c->overdue)
        pass->report->requests_overdue++;
      g_ptr_array_add (pass->report->open_cases, c);
    }
}

/* One pass over the requests received in the period and their transitions
 * (ordered by request), feeding each request's history to the same SLA rules
 * the case page shows. With a report, the same pass counts the requests
 * received (and still open) per OPD: @opd_names maps opd.id to its name and
 * @by_name the report's OPD entries. */
static gboolean
sla_pass_locked (SertelStore *self, gint64 from, gint64 to, SertelReportStep steps[SERTEL_N_STEPS],
                 SertelReport *report, GHashTable *opd_names, GHashTable *by_name, GError **error)
{
  static const char sql[] =
    "SELECT r.id, r.received_at, r.n_applicants, r.state, r.letter_number, r.opd_id,"
    " t.applicant_id, t.to_state, t.at"
    " FROM request r LEFT JOIN transition t ON t.request_id = r.id"
    /* "+": walk the requests in key order (the order wanted) rather than
     * through the received_at index and a sort of every transition. */
    " WHERE +r.received_at >= $1 AND +r.received_at < $2 ORDER BY r.id, t.id";
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (SertelWorkflowEvent));
  g_autofree char *letter = NULL;
  g_autofree char *opd = NULL;
  SlaPass pass = { 0 };
  gint64 id = 0, received_at = 0;
  guint n_applicants = 0;
  SertelRequestState state = SERTEL_REQUEST_RECEIVED;
  SertelDbStep rc = SERTEL_DB_STEP_DONE;

  memset (steps, 0, sizeof (SertelReportStep) * SERTEL_N_STEPS);
  pass.steps = steps;
  pass.report = report;
  pass.now = sertel_store_now (self);
  for (int s = 0; s < SERTEL_N_STEPS; s++)
    pass.durations[s] = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    goto out;
  sertel_db_stmt_bind_int64 (stmt, 1, from);
  sertel_db_stmt_bind_int64 (stmt, 2, to);
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      gint64 row_id = sertel_db_stmt_int64 (stmt, 0);

      if (row_id != id)
        {
          if (id != 0)
            sla_finish_request (&pass, events, id, received_at, n_applicants, state, letter, opd);
          g_array_set_size (events, 0);
          id = row_id;
          received_at = sertel_db_stmt_int64 (stmt, 1);
          n_applicants = (guint) sertel_db_stmt_int64 (stmt, 2);
          state = sertel_request_state_from_string (sertel_db_stmt_text (stmt, 3), NULL);
          g_free (letter);
          g_free (opd);
          letter = NULL;
          opd = NULL;
          if (report)
            {
              gint64 opd_id = sertel_db_stmt_int64 (stmt, 5);
              gboolean open = state != SERTEL_REQUEST_COMPLETED && state != SERTEL_REQUEST_RETURNED;
              const char *opd_name = NULL;

              /* Received (and open) per OPD: the requests of a known OPD,
               * as a join on opd counts them. */
              if (g_hash_table_lookup_extended (opd_names, &opd_id, NULL, (gpointer *) &opd_name))
                {
                  SertelReportOpd *o = opd_entry (by_name, report->opds, opd_name);

                  o->requests_received++;
                  o->applicants_received += n_applicants;
                  report->requests_received++;
                  report->applicants_received += n_applicants;
                  if (open)
                    {
                      o->requests_open++;
                      report->requests_open++;
                      report->applicants_open += n_applicants;
                    }
                }
              /* Only open cases are listed: skip the copies for the others. */
              if (open)
                {
                  letter = sertel_store_dup_col (stmt, 4);
                  opd = g_strdup (opd_name);
                }
            }
        }
      if (!sertel_db_stmt_is_null (stmt, 7))
        {
          SertelWorkflowEvent ev = { 0 };
          const char *to_state = sertel_db_stmt_text (stmt, 7);

          ev.at = sertel_db_stmt_int64 (stmt, 8);
          ev.on_applicant = !sertel_db_stmt_is_null (stmt, 6) && sertel_db_stmt_int64 (stmt, 6) > 0;
          if (ev.on_applicant)
            {
              ev.applicant_id = sertel_db_stmt_int64 (stmt, 6);
              ev.to = sertel_applicant_state_from_string (to_state, NULL);
            }
          else
            ev.to = sertel_request_state_from_string (to_state, NULL);
          g_array_append_val (events, ev);
        }
    }
  if (rc == SERTEL_DB_STEP_ERROR)
    goto out;
  if (id != 0)
    sla_finish_request (&pass, events, id, received_at, n_applicants, state, letter, opd);

  for (int s = 0; s < SERTEL_N_STEPS; s++)
    {
      GArray *d = pass.durations[s];
      gint64 *v = (gint64 *) d->data;

      if (d->len == 0)
        continue;
      g_array_sort (d, cmp_int64);
      steps[s].median = d->len % 2 ? v[d->len / 2] : (v[d->len / 2 - 1] + v[d->len / 2]) / 2;
      steps[s].slowest = v[d->len - 1];
    }
  if (report)
    {
      g_ptr_array_sort (report->open_cases, cmp_case);
      if (report->open_cases->len > SERTEL_REPORT_MAX_CASES)
        g_ptr_array_set_size (report->open_cases, SERTEL_REPORT_MAX_CASES);
    }
  rc = SERTEL_DB_STEP_DONE;

out:
  for (int s = 0; s < SERTEL_N_STEPS; s++)
    g_array_unref (pass.durations[s]);
  return stmt != NULL && rc != SERTEL_DB_STEP_ERROR;
}


gboolean
sertel_store_report_compliance (SertelStore *self, gint64 from, gint64 to,
                                SertelReportStep out_steps[SERTEL_N_STEPS], GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_steps != NULL, FALSE);
  LOCKED (self);
  return sla_pass_locked (self, from, to, out_steps, NULL, NULL, NULL, error);
}

/* ------------------------------------------------------------------------- */

/* One COUNT per month, each a range of an index (request_received,
 * transition_action), rather than twelve CASEs on every row of the year. */
static char *
monthly_sql (const char *column, const char *from_where)
{
  GString *sql = g_string_new ("SELECT ");

  for (int i = 0; i < SERTEL_REPORT_MONTHS; i++)
    g_string_append_printf (sql, "%s(SELECT COUNT(*) %s AND %s >= $%d AND %s < $%d)",
                            i ? ", " : "", from_where, column, i + 1, column, i + 2);
  return g_string_free (sql, FALSE);
}

static gboolean
monthly_counts_locked (SertelStore *self, const char *sql, const gint64 start[SERTEL_REPORT_MONTHS + 1],
                       const char *action, guint out[SERTEL_REPORT_MONTHS], GError **error)
{
  g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (self->db, sql, error);
  SertelDbStep rc;

  memset (out, 0, sizeof (guint) * SERTEL_REPORT_MONTHS);
  if (stmt == NULL)
    return FALSE;
  for (int i = 0; i <= SERTEL_REPORT_MONTHS; i++)
    sertel_db_stmt_bind_int64 (stmt, i + 1, start[i]);
  if (action)
    sertel_db_stmt_bind_text (stmt, SERTEL_REPORT_MONTHS + 2, action);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_ROW)
    for (int i = 0; i < SERTEL_REPORT_MONTHS; i++)
      out[i] = (guint) sertel_db_stmt_int64 (stmt, i);
  return TRUE;
}

static gboolean
monthly_locked (SertelStore *self, const gint64 start[SERTEL_REPORT_MONTHS + 1],
                guint requests[SERTEL_REPORT_MONTHS], guint issued[SERTEL_REPORT_MONTHS], GError **error)
{
  g_autofree char *req_sql = monthly_sql ("received_at", "FROM request WHERE 1 = 1");
  g_autofree char *action_where = g_strdup_printf ("FROM transition WHERE action = $%d", SERTEL_REPORT_MONTHS + 2);
  g_autofree char *iss_sql = monthly_sql ("at", action_where);

  return monthly_counts_locked (self, req_sql, start, NULL, requests, error) &&
         monthly_counts_locked (self, iss_sql, start, sertel_action_to_string (SERTEL_ACTION_MARK_ISSUED),
                                issued, error);
}

gboolean
sertel_store_report_monthly (SertelStore *self, gint64 t,
                             gint64 out_start[SERTEL_REPORT_MONTHS + 1],
                             guint out_requests[SERTEL_REPORT_MONTHS],
                             guint out_issued[SERTEL_REPORT_MONTHS],
                             GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);

  sertel_report_months_ending (t, out_start);
  return monthly_locked (self, out_start, out_requests, out_issued, error);
}

/* ------------------------------------------------------------------------- */

static SertelReportOpd *
opd_entry (GHashTable *by_name, GPtrArray *opds, const char *name)
{
  SertelReportOpd *o = g_hash_table_lookup (by_name, name ? name : "");

  if (o == NULL)
    {
      o = g_new0 (SertelReportOpd, 1);
      o->opd = g_strdup (name ? name : "");
      g_ptr_array_add (opds, o);
      g_hash_table_insert (by_name, o->opd, o);
    }
  return o;
}

static gint
cmp_opd (gconstpointer a, gconstpointer b)
{
  const SertelReportOpd *x = *(SertelReportOpd * const *) a;
  const SertelReportOpd *y = *(SertelReportOpd * const *) b;

  if (x->requests_received != y->requests_received)
    return x->requests_received > y->requests_received ? -1 : 1;
  if (x->applicants_issued != y->applicants_issued)
    return x->applicants_issued > y->applicants_issued ? -1 : 1;
  return g_utf8_collate (x->opd, y->opd);
}

static gint
cmp_reason (gconstpointer a, gconstpointer b)
{
  const SertelReportReason *x = *(SertelReportReason * const *) a;
  const SertelReportReason *y = *(SertelReportReason * const *) b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_utf8_collate (x->reason, y->reason);
}

/* The steps taken in the period, in one scan of the transitions: a range of
 * transition_action per action, the note read only for rejections. The rows
 * are summed here: a GROUP BY would sort every one of them first, which took
 * most of the time. */
static gboolean
activity_locked (SertelStore *self, SertelReport *report, GHashTable *opd_names, GHashTable *by_name,
                 GError **error)
{
  static const char sql[] =
    "SELECT r.opd_id, t.action, CASE WHEN t.action = $3 THEN t.note ELSE NULL END, r.n_applicants"
    " FROM transition t JOIN request r ON r.id = t.request_id"
    " WHERE t.at >= $1 AND t.at < $2 AND t.action IN ($3, $4, $5, $6)";
  const char *rejected = sertel_action_to_string (SERTEL_ACTION_MARK_REJECTED);
  const char *issued = sertel_action_to_string (SERTEL_ACTION_MARK_ISSUED);
  const char *assign = sertel_action_to_string (SERTEL_ACTION_ASSIGN);
  const char *ret = sertel_action_to_string (SERTEL_ACTION_RETURN);
  g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (self->db, sql, error);
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  SertelDbStep rc;

  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, report->from);
  sertel_db_stmt_bind_int64 (stmt, 2, report->to);
  sertel_db_stmt_bind_text (stmt, 3, rejected);
  sertel_db_stmt_bind_text (stmt, 4, issued);
  sertel_db_stmt_bind_text (stmt, 5, assign);
  sertel_db_stmt_bind_text (stmt, 6, ret);
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      const char *action = sertel_db_stmt_text (stmt, 1);
      gint64 opd_id = sertel_db_stmt_int64 (stmt, 0);
      const guint n = 1;
      guint applicants = (guint) sertel_db_stmt_int64 (stmt, 3);

      if (g_strcmp0 (action, issued) == 0)
        {
          opd_entry (by_name, report->opds, g_hash_table_lookup (opd_names, &opd_id))->applicants_issued += n;
          report->applicants_issued += n;
        }
      else if (g_strcmp0 (action, rejected) == 0)
        {
          g_autofree char *reason = sertel_store_dup_col (stmt, 2);
          SertelReportReason *r;

          opd_entry (by_name, report->opds, g_hash_table_lookup (opd_names, &opd_id))->applicants_rejected += n;
          report->applicants_rejected += n;
          if (reason)
            g_strstrip (reason);
          if (reason == NULL || *reason == '\0')
            {
              g_free (reason);
              reason = g_strdup ("Tanpa alasan");
            }
          r = g_hash_table_lookup (reasons, reason);
          if (r == NULL)
            {
              r = g_new0 (SertelReportReason, 1);
              r->reason = g_steal_pointer (&reason);
              g_ptr_array_add (report->rejections, r);
              g_hash_table_insert (reasons, r->reason, r);
            }
          r->count += n;
        }
      else if (g_strcmp0 (action, assign) == 0)
        {
          report->requests_recommended += n;
          report->applicants_recommended += applicants;
        }
      else if (g_strcmp0 (action, ret) == 0)
        report->requests_returned += n;
    }
  return rc != SERTEL_DB_STEP_ERROR;
}

SertelReport *
sertel_store_report (SertelStore *self, gint64 from, gint64 to, GError **error)
{
  g_autoptr(SertelReport) report = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) opd_names = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  g_return_val_if_fail (from < to, NULL);
  LOCKED (self);

  report = g_new0 (SertelReport, 1);
  report->from = from;
  report->to = to;
  report->made_at = sertel_store_now (self);
  report->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) reason_free);
  report->opds = g_ptr_array_new_with_free_func ((GDestroyNotify) opd_free);
  report->open_cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);

  /* One read transaction: the numbers agree with each other even while
   * desks keep working. */
  if (!sertel_db_begin (self->db, FALSE, error))
    return NULL;
  sertel_report_months_ending (to - 1, report->month_start);
  if ((opd_names = opd_names_locked (self, error)) == NULL ||
      !activity_locked (self, report, opd_names, by_name, error) ||
      !sla_pass_locked (self, from, to, report->steps, report, opd_names, by_name, error) ||
      !monthly_locked (self, report->month_start, report->month_requests, report->month_issued, error))
    {
      sertel_db_rollback (self->db);
      return NULL;
    }
  sertel_db_rollback (self->db);

  g_ptr_array_sort (report->opds, cmp_opd);
  g_ptr_array_sort (report->rejections, cmp_reason);
  return g_steal_pointer (&report);
}

/* ------------------------------------------------------------------------- */
/* Exports */

static const SertelExportColumn request_columns[] = {
  { "No. Agenda",          SERTEL_EXPORT_NUMBER,    10 },
  { "Nomor Surat",         SERTEL_EXPORT_TEXT,      24 },
  { "Tanggal Surat",       SERTEL_EXPORT_DATE,      13 },
  { "Diterima",            SERTEL_EXPORT_DATETIME,  17 },
  { "OPD",                 SERTEL_EXPORT_TEXT,      36 },
  { "Sifat",               SERTEL_EXPORT_TEXT,      12 },
  { "Perihal",             SERTEL_EXPORT_TEXT,      36 },
  { "Jumlah Pemohon",      SERTEL_EXPORT_NUMBER,    10 },
  { "Status",              SERTEL_EXPORT_TEXT,      20 },
  { "Nomor Rekomendasi",   SERTEL_EXPORT_TEXT,      24 },
  { "Alasan Dikembalikan", SERTEL_EXPORT_TEXT,      30 },
};

static const SertelExportColumn applicant_columns[] = {
  { "No. Agenda",          SERTEL_EXPORT_NUMBER,    10 },
  { "Nomor Surat",         SERTEL_EXPORT_TEXT,      24 },
  { "Diterima",            SERTEL_EXPORT_DATETIME,  17 },
  { "OPD",                 SERTEL_EXPORT_TEXT,      36 },
  { "Nama",                SERTEL_EXPORT_TEXT,      30 },
  { "NIK",                 SERTEL_EXPORT_ID_NUMBER, 19 },
  { "NIP",                 SERTEL_EXPORT_ID_NUMBER, 21 },
  { "Pangkat/Golongan",    SERTEL_EXPORT_TEXT,      22 },
  { "Jabatan",             SERTEL_EXPORT_TEXT,      30 },
  { "Unit Kerja",          SERTEL_EXPORT_TEXT,      28 },
  { "E-mail Dinas",        SERTEL_EXPORT_TEXT,      30 },
  { "No. HP",              SERTEL_EXPORT_ID_NUMBER, 15 },
  { "Status",              SERTEL_EXPORT_TEXT,      14 },
  { "Alasan Ditolak",      SERTEL_EXPORT_TEXT,      30 },
};

const SertelExportColumn *
sertel_export_columns (SertelExportKind kind, guint *n_columns)
{
  if (kind == SERTEL_EXPORT_APPLICANTS)
    {
      *n_columns = G_N_ELEMENTS (applicant_columns);
      return applicant_columns;
    }
  *n_columns = G_N_ELEMENTS (request_columns);
  return request_columns;
}

/* Fixed Indonesian words for the office's spreadsheets, like the letters. */
static const char *
request_state_words (const char *key)
{
  static const char * const words[] = {
    [SERTEL_REQUEST_RECEIVED] = "Menunggu disposisi",
    [SERTEL_REQUEST_AT_KABID] = "Di Kabid",
    [SERTEL_REQUEST_AT_KASI] = "Di Kasi",
    [SERTEL_REQUEST_AT_VERIFIKATOR] = "Di Verifikator",
    [SERTEL_REQUEST_COMPLETED] = "Selesai",
    [SERTEL_REQUEST_RETURNED] = "Dikembalikan",
  };
  gboolean ok = FALSE;
  SertelRequestState s = sertel_request_state_from_string (key, &ok);

  return ok ? words[s] : key;
}

static const char *
applicant_state_words (const char *key)
{
  static const char * const words[] = {
    [SERTEL_APPLICANT_PENDING] = "Menunggu",
    [SERTEL_APPLICANT_REGISTERED] = "Terdaftar",
    [SERTEL_APPLICANT_VERIFIED] = "Terverifikasi",
    [SERTEL_APPLICANT_ISSUED] = "Terbit",
    [SERTEL_APPLICANT_REJECTED] = "Ditolak",
  };
  gboolean ok = FALSE;
  SertelApplicantState s = sertel_applicant_state_from_string (key, &ok);

  return ok ? words[s] : key;
}

#define EXPORT_REQUEST_SQL \
  "SELECT r.id, r.letter_number, r.letter_date, r.received_at, o.name, r.sifat, r.perihal, r.n_applicants," \
  " r.state, r.recommendation_number, r.return_reason" \
  " FROM request r JOIN opd o ON o.id = r.opd_id"
#define EXPORT_APPLICANT_SQL \
  "SELECT r.id, r.letter_number, r.received_at, o.name, a.name, a.nik, a.nip, a.pangkat, a.jabatan," \
  " a.unit_kerja, a.email, a.phone, a.state, a.state_reason" \
  " FROM request r JOIN opd o ON o.id = r.opd_id JOIN applicant a ON a.request_id = r.id"

static gboolean
export_stmt (SertelDbStmt *stmt, SertelExportKind kind, SertelExportRowFunc func, gpointer user_data,
             guint *rows, GError **error)
{
  guint n;
  const SertelExportColumn *cols = sertel_export_columns (kind, &n);
  const char *text[G_N_ELEMENTS (applicant_columns)];
  gint64 number[G_N_ELEMENTS (applicant_columns)];
  SertelDbStep rc;

  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      for (guint i = 0; i < n; i++)
        {
          text[i] = NULL;
          number[i] = 0;
          if (cols[i].type == SERTEL_EXPORT_NUMBER || cols[i].type == SERTEL_EXPORT_DATETIME)
            number[i] = sertel_db_stmt_int64 (stmt, (int) i);
          else if (!sertel_db_stmt_is_null (stmt, (int) i))
            text[i] = sertel_db_stmt_text (stmt, (int) i);
        }
      /* States in words, not keys. */
      if (kind == SERTEL_EXPORT_REQUESTS)
        text[8] = request_state_words (text[8]);
      else
        text[12] = applicant_state_words (text[12]);
      if (!func (text, number, user_data, error))
        return FALSE;
      (*rows)++;
    }
  return rc != SERTEL_DB_STEP_ERROR;
}

gboolean
sertel_store_export_rows (SertelStore *self, SertelExportKind kind,
                          gint64 from, gint64 to, GArray *request_ids,
                          SertelExportRowFunc func, gpointer user_data,
                          guint *out_rows, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  const char *base = kind == SERTEL_EXPORT_APPLICANTS ? EXPORT_APPLICANT_SQL : EXPORT_REQUEST_SQL;
  const char *order = kind == SERTEL_EXPORT_APPLICANTS ? " ORDER BY r.received_at, r.id, a.position"
                                                       : " ORDER BY r.received_at, r.id";
  g_autofree char *sql = NULL;
  guint rows = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  LOCKED (self);

  if (!sertel_db_begin (self->db, FALSE, error))
    return FALSE;
  if (request_ids == NULL)
    {
      sql = g_strconcat (base, " WHERE r.received_at >= $1 AND r.received_at < $2", order, NULL);
      stmt = sertel_db_prepare (self->db, sql, error);
      ok = stmt != NULL;
      if (ok)
        {
          sertel_db_stmt_bind_int64 (stmt, 1, from);
          sertel_db_stmt_bind_int64 (stmt, 2, to);
          ok = export_stmt (stmt, kind, func, user_data, &rows, error);
        }
    }
  else
    {
      /* A search's result: usually few requests, each by its key. */
      sql = g_strconcat (base, " WHERE r.id = $1", order, NULL);
      for (guint i = 0; ok && i < request_ids->len; i++)
        {
          g_autoptr(SertelDbStmt) one = sertel_db_prepare (self->db, sql, error);

          ok = one != NULL;
          if (ok)
            {
              sertel_db_stmt_bind_int64 (one, 1, g_array_index (request_ids, gint64, i));
              ok = export_stmt (one, kind, func, user_data, &rows, error);
            }
        }
    }
  sertel_db_rollback (self->db);
  if (out_rows)
    *out_rows = rows;
  return ok;
}
