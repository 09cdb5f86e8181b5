/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-identity.h"
#include "sertel-store-private.h"
#include "sertel-store-query.h"

static const char * const queue_keys[SERTEL_N_QUEUES] = {
  [SERTEL_QUEUE_DISPOSITION] = "disposition",
  [SERTEL_QUEUE_KABID]       = "kabid",
  [SERTEL_QUEUE_KASI]        = "kasi",
  [SERTEL_QUEUE_VERIFIKATOR] = "verifikator",
  [SERTEL_QUEUE_BSRE]        = "bsre",
  [SERTEL_QUEUE_COMPLETED]   = "completed",
  [SERTEL_QUEUE_RETURNED]    = "returned",
  [SERTEL_QUEUE_ALL]         = "all",
};

const char *
sertel_queue_display_name (SertelQueue queue)
{
  switch (queue)
    {
    case SERTEL_QUEUE_DISPOSITION: return _("Waiting for Disposition");
    case SERTEL_QUEUE_KABID:       return _("At the Kabid");
    case SERTEL_QUEUE_KASI:        return _("At the Kasi");
    case SERTEL_QUEUE_VERIFIKATOR: return _("At the Verifikator");
    case SERTEL_QUEUE_BSRE:        return _("Waiting for BSrE");
    case SERTEL_QUEUE_COMPLETED:   return _("Completed");
    case SERTEL_QUEUE_RETURNED:    return _("Returned");
    case SERTEL_QUEUE_ALL:         return _("All");
    case SERTEL_N_QUEUES:
    default:                       break;
    }
  g_return_val_if_reached (NULL);
}

const char *
sertel_queue_to_string (SertelQueue queue)
{
  g_return_val_if_fail ((guint) queue < SERTEL_N_QUEUES, NULL);
  return queue_keys[queue];
}

SertelQueue
sertel_queue_from_string (const char *key, gboolean *ok)
{
  for (guint i = 0; i < SERTEL_N_QUEUES; i++)
    if (g_strcmp0 (key, queue_keys[i]) == 0)
      {
        if (ok)
          *ok = TRUE;
        return (SertelQueue) i;
      }
  if (ok)
    *ok = FALSE;
  return SERTEL_QUEUE_ALL;
}

SertelQueue
sertel_queue_for_role (SertelRole role)
{
  switch (role)
    {
    case SERTEL_ROLE_KEPALA_DINAS: return SERTEL_QUEUE_DISPOSITION;
    case SERTEL_ROLE_KABID:        return SERTEL_QUEUE_KABID;
    case SERTEL_ROLE_KASI:         return SERTEL_QUEUE_KASI;
    case SERTEL_ROLE_VERIFIKATOR:  return SERTEL_QUEUE_VERIFIKATOR;
    /* The operator's own pending work is what came back from the Kasi. */
    case SERTEL_ROLE_OPERATOR:     return SERTEL_QUEUE_RETURNED;
    case SERTEL_ROLE_ADMIN:
    case SERTEL_ROLE_NONE:
    default:                       return SERTEL_QUEUE_ALL;
    }
}

gboolean
sertel_request_is_overdue (SertelRequest *request)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (request), FALSE);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (request), SERTEL_REQUEST_OVERDUE_KEY)) != 0;
}

/* ------------------------------------------------------------------------- */
/* SQL. Every statement uses the same numbered parameters (bound by
 * bind_common), so the fragments below can be combined freely:
 *   $1 now, $2..$7 the states received, at_kabid, at_kasi, at_verifikator,
 *   completed, returned, $8 the applicant state pending, $9..$12 the SOP
 *   limits of steps 1–4, $13/$14 a lower-case prefix and its upper bound,
 *   $15 a LIKE pattern for a substring, $16/$17 a number prefix and its upper
 *   bound, $18 limit, $19 offset.
 * Prefixes are ranges (x >= p AND x < p || U+10FFFF) rather than LIKE: an
 * index on lower(x) serves them in SQLite and PostgreSQL alike, and the
 * user's text needs no escaping. */

#define PENDING "EXISTS (SELECT 1 FROM applicant pa WHERE pa.request_id = r.id AND pa.state = $8)"
#define AT_VERIFIKATOR_WORKING "(r.state = $5 AND (r.n_applicants = 0 OR " PENDING "))"
#define OVERDUE \
  "CASE WHEN (r.state = $2 AND $1 - r.state_since > $9)" \
  " OR (r.state = $3 AND $1 - r.state_since > $10)" \
  " OR (r.state = $4 AND $1 - r.state_since > $11)" \
  " OR ($1 - r.state_since > $12 AND " AT_VERIFIKATOR_WORKING ") THEN 1 ELSE 0 END"

static const char * const queue_where[SERTEL_N_QUEUES] = {
  [SERTEL_QUEUE_DISPOSITION] = "r.state = $2",
  [SERTEL_QUEUE_KABID]       = "r.state = $3",
  [SERTEL_QUEUE_KASI]        = "r.state = $4",
  [SERTEL_QUEUE_VERIFIKATOR] = AT_VERIFIKATOR_WORKING,
  [SERTEL_QUEUE_BSRE]        = "(r.state = $5 AND r.n_applicants > 0 AND NOT " PENDING ")",
  [SERTEL_QUEUE_COMPLETED]   = "r.state = $6",
  [SERTEL_QUEUE_RETURNED]    = "r.state = $7",
  [SERTEL_QUEUE_ALL]         = "1 = 1",
};

/* A specific search (a number, or a word few requests match) gathers the
 * matching request ids first, one index range per kind of match: an OR of
 * request columns and applicant subqueries makes SQLite scan every request
 * (40–95 ms at 100,000 for one NIP; 0.2 ms this way). A broad search (one
 * or two letters, or a word thousands of requests match) would sort all its
 * matches for one page; scanning in date order and testing each request
 * until the page is full is the faster plan there, with the applicants
 * looked up per request (not gathered first: "ah" matches 7,000 of them).
 * Counting always gathers the ids: it must see every match anyway. */
#define BROAD_SEARCH_TEXT \
  " AND (lower(r.letter_number) >= $13 AND lower(r.letter_number) < $14" \
  " OR r.opd_id IN (SELECT o2.id FROM opd o2 WHERE lower(o2.name) LIKE $15 ESCAPE '!')" \
  " OR EXISTS (SELECT 1 FROM applicant a2 WHERE a2.request_id = r.id" \
  " AND lower(a2.name) >= $13 AND lower(a2.name) < $14)"
/* The ids a word gathers, up to a bound: telling a broad word from a
 * specific one costs a few index steps. */
#define SEARCH_IDS \
  "SELECT rl.id FROM request rl WHERE lower(rl.letter_number) >= $13 AND lower(rl.letter_number) < $14" \
  " UNION ALL SELECT ro.id FROM request ro WHERE ro.opd_id IN" \
  " (SELECT o2.id FROM opd o2 WHERE lower(o2.name) LIKE $15 ESCAPE '!')" \
  " UNION ALL SELECT a2.request_id FROM applicant a2 WHERE lower(a2.name) >= $13 AND lower(a2.name) < $14"
/* From this many gathered ids on, a word is broad (sorting that many costs
 * more than scanning in date order to a page's last row). */
#define BROAD_IDS 4000
#define SEARCH_TEXT \
  " AND r.id IN (SELECT rl.id FROM request rl WHERE lower(rl.letter_number) >= $13 AND lower(rl.letter_number) < $14" \
  " UNION ALL SELECT ro.id FROM request ro WHERE ro.opd_id IN" \
  " (SELECT o2.id FROM opd o2 WHERE lower(o2.name) LIKE $15 ESCAPE '!')" \
  " UNION ALL SELECT a2.request_id FROM applicant a2 WHERE lower(a2.name) >= $13 AND lower(a2.name) < $14"
#define SEARCH_NUMBER_PREFIX \
  " UNION ALL SELECT a3.request_id FROM applicant a3 WHERE a3.nik >= $16 AND a3.nik < $17" \
  " UNION ALL SELECT a4.request_id FROM applicant a4 WHERE a4.nip >= $16 AND a4.nip < $17"
#define SEARCH_NUMBER_EXACT \
  " UNION ALL SELECT a3.request_id FROM applicant a3 WHERE a3.nik = $16" \
  " UNION ALL SELECT a4.request_id FROM applicant a4 WHERE a4.nip = $16"

/* Above every character: the upper bound of a prefix range. */
#define MAX_CHAR "\xf4\x8f\xbf\xbf"

typedef struct {
  char *lower;      /* trimmed, ASCII lower case (SQLite's lower() folds ASCII only) */
  char *lower_end;
  char *like;       /* %lower% with LIKE's wildcards escaped by '!' */
  char *number;     /* normalized digits, or NULL when the search is not a number */
  char *number_end;
  gboolean number_prefix;
  gboolean broad;   /* scan in date order (pages only) */
} Search;

static void
search_clear (Search *s)
{
  g_free (s->lower);
  g_free (s->lower_end);
  g_free (s->like);
  g_free (s->number);
  g_free (s->number_end);
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* FALSE when @text holds no search. */
static gboolean
search_init (Search *s, const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *number = NULL;
  GString *like;

  memset (s, 0, sizeof *s);
  if (text == NULL)
    return FALSE;
  valid = g_strstrip (g_utf8_make_valid (text, -1));
  if (*valid == '\0')
    return FALSE;

  s->lower = g_ascii_strdown (valid, -1);
  s->lower_end = g_strconcat (s->lower, MAX_CHAR, NULL);

  like = g_string_new ("%");
  for (const char *p = s->lower; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '!')
        g_string_append_c (like, '!');
      g_string_append_c (like, *p);
    }
  g_string_append_c (like, '%');
  s->like = g_string_free (like, FALSE);

  number = sertel_identity_normalize_number (valid);
  if (all_digits (number))
    {
      s->number_prefix = strlen (number) >= 6;
      s->number_end = g_strconcat (number, MAX_CHAR, NULL);
      s->number = g_steal_pointer (&number);
    }
  return TRUE;
}

static char *
build_sql (const char *select, SertelQueue queue, const Search *s, const char *tail)
{
  GString *sql = g_string_new (select);

  g_string_append (sql, " WHERE ");
  g_string_append (sql, queue_where[queue]);
  if (s->lower && s->broad)
    g_string_append (sql, BROAD_SEARCH_TEXT ")");
  else if (s->lower)
    {
      g_string_append (sql, SEARCH_TEXT);
      if (s->number)
        g_string_append (sql, s->number_prefix ? SEARCH_NUMBER_PREFIX : SEARCH_NUMBER_EXACT);
      g_string_append_c (sql, ')');
    }
  if (tail)
    g_string_append (sql, tail);
  return g_string_free (sql, FALSE);
}

/* TRUE when "$N" (not followed by a digit) occurs in @sql: a driver may
 * refuse a value for a parameter the statement does not have. */
static gboolean
uses_param (const char *sql, int n)
{
  char name[8];
  gsize len = (gsize) g_snprintf (name, sizeof name, "$%d", n);

  for (const char *p = strstr (sql, name); p; p = strstr (p + 1, name))
    if (!g_ascii_isdigit (p[len]))
      return TRUE;
  return FALSE;
}

static void
bind_common (SertelStore *self, SertelDbStmt *stmt, const char *sql, const Search *s,
             guint limit, guint offset)
{
  static const SertelRequestState states[] = {
    SERTEL_REQUEST_RECEIVED, SERTEL_REQUEST_AT_KABID, SERTEL_REQUEST_AT_KASI,
    SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_REQUEST_COMPLETED, SERTEL_REQUEST_RETURNED,
  };

  if (uses_param (sql, 1))
    sertel_db_stmt_bind_int64 (stmt, 1, sertel_store_now (self));
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (uses_param (sql, 2 + (int) i))
      sertel_db_stmt_bind_text (stmt, 2 + (int) i, sertel_request_state_to_string (states[i]));
  if (uses_param (sql, 8))
    sertel_db_stmt_bind_text (stmt, 8, sertel_applicant_state_to_string (SERTEL_APPLICANT_PENDING));
  for (int step = 0; step < SERTEL_N_STEPS; step++)
    if (uses_param (sql, 9 + step))
      sertel_db_stmt_bind_int64 (stmt, 9 + step, sertel_workflow_step_limit ((SertelStep) step));
  if (uses_param (sql, 13))
    {
      sertel_db_stmt_bind_text (stmt, 13, s->lower);
      sertel_db_stmt_bind_text (stmt, 14, s->lower_end);
      sertel_db_stmt_bind_text (stmt, 15, s->like);
    }
  if (uses_param (sql, 16))
    sertel_db_stmt_bind_text (stmt, 16, s->number);
  if (uses_param (sql, 17))
    sertel_db_stmt_bind_text (stmt, 17, s->number_end);
  if (uses_param (sql, 18))
    sertel_db_stmt_bind_int64 (stmt, 18, limit ? limit : G_MAXINT32);
  if (uses_param (sql, 19))
    sertel_db_stmt_bind_int64 (stmt, 19, offset);
}

/* Whether a page of @s is read in date order: a word (not a number) of one
 * or two letters, or one that gathers BROAD_IDS ids or more. */
static gboolean
search_decide_broad (SertelStore *self, Search *s, GError **error)
{
  static const char sql[] = "SELECT COUNT(*) FROM (SELECT 1 FROM (" SEARCH_IDS ") AS ids LIMIT $18) AS m";
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  s->broad = FALSE;
  if (s->lower == NULL || s->number != NULL)
    return TRUE;
  if (g_utf8_strlen (s->lower, -1) < 3)
    {
      s->broad = TRUE;
      return TRUE;
    }
  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_common (self, stmt, sql, s, BROAD_IDS, 0);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  s->broad = rc == SERTEL_DB_STEP_ROW && sertel_db_stmt_int64 (stmt, 0) >= BROAD_IDS;
  return TRUE;
}

gboolean
sertel_store_count_queues (SertelStore *self,
                           guint        counts[SERTEL_N_QUEUES],
                           guint        overdue[SERTEL_N_QUEUES],
                           GError     **error)
{
  static const char sql[] =
    "SELECT r.state, CASE WHEN " AT_VERIFIKATOR_WORKING " THEN 1 ELSE 0 END, " OVERDUE ", COUNT(*)"
    " FROM request r GROUP BY 1, 2, 3";
  g_autoptr(SertelDbStmt) stmt = NULL;
  Search none = { 0 };
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  LOCKED (self);

  memset (counts, 0, sizeof (guint) * SERTEL_N_QUEUES);
  if (overdue)
    memset (overdue, 0, sizeof (guint) * SERTEL_N_QUEUES);

  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_common (self, stmt, sql, &none, 0, 0);
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      gboolean ok = FALSE;
      SertelRequestState state = sertel_request_state_from_string (sertel_db_stmt_text (stmt, 0), &ok);
      gboolean working = sertel_db_stmt_int64 (stmt, 1) != 0;
      gboolean late = sertel_db_stmt_int64 (stmt, 2) != 0;
      guint n = (guint) sertel_db_stmt_int64 (stmt, 3);
      SertelQueue queue;

      if (!ok)
        continue;
      switch (state)
        {
        case SERTEL_REQUEST_RECEIVED:       queue = SERTEL_QUEUE_DISPOSITION; break;
        case SERTEL_REQUEST_AT_KABID:       queue = SERTEL_QUEUE_KABID; break;
        case SERTEL_REQUEST_AT_KASI:        queue = SERTEL_QUEUE_KASI; break;
        case SERTEL_REQUEST_AT_VERIFIKATOR: queue = working ? SERTEL_QUEUE_VERIFIKATOR : SERTEL_QUEUE_BSRE; break;
        case SERTEL_REQUEST_COMPLETED:      queue = SERTEL_QUEUE_COMPLETED; break;
        case SERTEL_REQUEST_RETURNED:       queue = SERTEL_QUEUE_RETURNED; break;
        default:                            continue;
        }
      counts[queue] += n;
      counts[SERTEL_QUEUE_ALL] += n;
      if (overdue && late)
        {
          overdue[queue] += n;
          overdue[SERTEL_QUEUE_ALL] += n;
        }
    }
  return rc != SERTEL_DB_STEP_ERROR;
}

static gpointer
request_with_overdue_from_row (SertelDbStmt *stmt)
{
  SertelRequest *r = sertel_store_request_from_row (stmt);

  /* The column after REQUEST_COLUMNS */
  g_object_set_data (G_OBJECT (r), SERTEL_REQUEST_OVERDUE_KEY,
                     GINT_TO_POINTER (sertel_db_stmt_int64 (stmt, 15) != 0));
  return r;
}

GPtrArray *
sertel_store_query_requests (SertelStore *self,
                             SertelQueue  queue,
                             const char  *search,
                             guint        offset,
                             guint        limit,
                             GError     **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  Search s;
  GPtrArray *out;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) queue < SERTEL_N_QUEUES, NULL);
  LOCKED (self);

  search_init (&s, search);
  if (!search_decide_broad (self, &s, error))
    {
      search_clear (&s);
      return NULL;
    }
  sql = build_sql ("SELECT " REQUEST_COLUMNS ", " OVERDUE REQUEST_FROM, queue, &s,
                   " ORDER BY r.received_at DESC, r.id DESC LIMIT $18 OFFSET $19");
  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    {
      search_clear (&s);
      return NULL;
    }
  bind_common (self, stmt, sql, &s, limit, offset);
  out = sertel_store_collect_rows (stmt, request_with_overdue_from_row, g_object_unref, error);
  search_clear (&s);
  return out;
}

gboolean
sertel_store_count_query (SertelStore *self,
                          SertelQueue  queue,
                          const char  *search,
                          guint       *out,
                          GError     **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  SertelDbStep rc;
  Search s;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail ((guint) queue < SERTEL_N_QUEUES, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  LOCKED (self);

  search_init (&s, search);
  sql = build_sql ("SELECT COUNT(*) FROM request r", queue, &s, NULL);
  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt != NULL)
    bind_common (self, stmt, sql, &s, 0, 0);
  search_clear (&s);
  if (stmt == NULL)
    return FALSE;
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  *out = rc == SERTEL_DB_STEP_ROW ? (guint) sertel_db_stmt_int64 (stmt, 0) : 0;
  return TRUE;
}
