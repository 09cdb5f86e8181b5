/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case queues and the paged request list: counts and overdue per queue,
 * every kind of search (and hostile search text), and the GListModel that
 * pages rows in from worker threads. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-request-list-model.h"
#include "sertel-store-query.h"

#define COPIES  250                              /* 8 requests × 250 = 2,000 */

#include "sertel-test-fill.c"

static guint
count_query (SertelStore *store, SertelQueue queue, const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n = G_MAXUINT;

  g_assert_true (sertel_store_count_query (store, queue, search, &n, &error));
  g_assert_no_error (error);
  /* The page query agrees with the count. */
  rows = sertel_store_query_requests (store, queue, search, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n);
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_queue_names (void)
{
  for (guint q = 0; q < SERTEL_N_QUEUES; q++)
    {
      gboolean ok = FALSE;
      g_assert_nonnull (sertel_queue_display_name (q));
      g_assert_cmpint (sertel_queue_from_string (sertel_queue_to_string (q), &ok), ==, q);
      g_assert_true (ok);
    }
  sertel_queue_from_string ("nope", NULL);
  g_assert_cmpint (sertel_queue_for_role (SERTEL_ROLE_KEPALA_DINAS), ==, SERTEL_QUEUE_DISPOSITION);
  g_assert_cmpint (sertel_queue_for_role (SERTEL_ROLE_KABID), ==, SERTEL_QUEUE_KABID);
  g_assert_cmpint (sertel_queue_for_role (SERTEL_ROLE_KASI), ==, SERTEL_QUEUE_KASI);
  g_assert_cmpint (sertel_queue_for_role (SERTEL_ROLE_VERIFIKATOR), ==, SERTEL_QUEUE_VERIFIKATOR);
  g_assert_cmpint (sertel_queue_for_role (SERTEL_ROLE_OPERATOR), ==, SERTEL_QUEUE_RETURNED);
  g_assert_cmpint (sertel_queue_for_role (SERTEL_ROLE_ADMIN), ==, SERTEL_QUEUE_ALL);
}

static void
test_counts (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  guint counts[SERTEL_N_QUEUES], overdue[SERTEL_N_QUEUES];
  static const guint expected[SERTEL_N_QUEUES] = { 2, 1, 1, 1, 1, 1, 1, 8 };
  gint64 t = g_get_monotonic_time ();

  fill (fx, COPIES);
  g_test_message ("2,000 requests made in %.0f ms", (g_get_monotonic_time () - t) / 1000.0);

  fake_now = T0 + 60;
  g_assert_true (sertel_store_count_queues (fx->store, counts, overdue, &error));
  g_assert_no_error (error);
  for (guint q = 0; q < SERTEL_N_QUEUES; q++)
    {
      g_assert_cmpuint (counts[q], ==, expected[q] * COPIES);
      g_assert_cmpuint (overdue[q], ==, 0);
      g_assert_cmpuint (count_query (fx->store, q, NULL), ==, expected[q] * COPIES);
    }

  /* 20 minutes: the 15-minute steps are late, the Verifikator's day is not. */
  fake_now = T0 + 20 * 60;
  g_assert_true (sertel_store_count_queues (fx->store, counts, overdue, &error));
  g_assert_cmpuint (overdue[SERTEL_QUEUE_DISPOSITION], ==, 2 * COPIES);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_KABID], ==, COPIES);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_KASI], ==, COPIES);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_VERIFIKATOR], ==, 0);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_BSRE], ==, 0);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_ALL], ==, 4 * COPIES);

  /* Two days: the pending Verifikator cases too; BSrE, completed and
   * returned cases run no office clock. */
  fake_now = T0 + 2 * 86400;
  g_assert_true (sertel_store_count_queues (fx->store, counts, NULL, &error));
  g_assert_true (sertel_store_count_queues (fx->store, counts, overdue, &error));
  g_assert_cmpuint (overdue[SERTEL_QUEUE_VERIFIKATOR], ==, COPIES);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_BSRE], ==, 0);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_COMPLETED], ==, 0);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_RETURNED], ==, 0);
  g_assert_cmpuint (overdue[SERTEL_QUEUE_ALL], ==, 5 * COPIES);

  /* A longer limit moves the line. */
  sertel_workflow_set_step_limit (SERTEL_STEP_DISPOSITION, 3 * 86400);
  g_assert_true (sertel_store_count_queues (fx->store, counts, overdue, &error));
  g_assert_cmpuint (overdue[SERTEL_QUEUE_DISPOSITION], ==, 0);
  sertel_workflow_reset_step_limits ();
}

static void
test_rows (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) next = NULL;
  SertelRequest *r;

  fill (fx, COPIES);
  fake_now = T0 + 20 * 60;

  page = sertel_store_query_requests (fx->store, SERTEL_QUEUE_ALL, NULL, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 100);
  /* Newest first: the eight originals (same second, higher id first). */
  r = g_ptr_array_index (page, 0);
  g_assert_cmpstr (sertel_request_get_letter_number (r), ==, "008/SETDA/2026");
  g_assert_cmpint (sertel_request_get_received_at (r), ==, T0);
  g_assert_true (sertel_request_is_overdue (r));
  r = g_ptr_array_index (page, 8);
  g_assert_cmpstr (sertel_request_get_letter_number (r), ==, "008/SETDA/2026-1");
  for (guint i = 1; i < page->len; i++)
    g_assert_cmpint (sertel_request_get_received_at (g_ptr_array_index (page, i - 1)), >=,
                     sertel_request_get_received_at (g_ptr_array_index (page, i)));

  next = sertel_store_query_requests (fx->store, SERTEL_QUEUE_ALL, NULL, 100, 100, &error);
  g_assert_cmpuint (next->len, ==, 100);
  g_assert_cmpint (sertel_request_get_received_at (g_ptr_array_index (page, 99)), >=,
                   sertel_request_get_received_at (g_ptr_array_index (next, 0)));
  g_clear_pointer (&next, g_ptr_array_unref);
  next = sertel_store_query_requests (fx->store, SERTEL_QUEUE_ALL, NULL, 1950, 100, &error);
  g_assert_cmpuint (next->len, ==, 50);
  g_clear_pointer (&next, g_ptr_array_unref);

  next = sertel_store_query_requests (fx->store, SERTEL_QUEUE_BSRE, NULL, 0, 10, &error);
  g_assert_cmpuint (next->len, ==, 10);
  for (guint i = 0; i < next->len; i++)
    {
      r = g_ptr_array_index (next, i);
      g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_AT_VERIFIKATOR);
      g_assert_false (sertel_request_is_overdue (r));
      g_assert_cmpstr (sertel_request_get_opd_name (r), ==, "Badan Kepegawaian Daerah");
    }
}

static void
test_search (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  static const char * const hostile[] = {
    "%", "_", "%%", "!", "!%", "'", "\"", "''", "\\", "*", "?",
    "'; DROP TABLE request; --", "\" OR 1=1 --", "' OR '1'='1", "%' OR 1=1 --", "$1", "NULL",
    "\xff\xfe broken utf-8", "𝔖𝔢𝔯𝔱𝔢𝔩",
  };
  SertelStore *store = fx->store;

  fill (fx, COPIES);

  /* Blank searches are no search. */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, ""), ==, 8 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "   \t "), ==, 8 * COPIES);

  /* Letter number: a prefix, any case, trimmed. */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "005/BKD"), ==, COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "  005/bkd/2026 "), ==, COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "005/bkd/2026-17"), ==, 11);   /* 17, 170–179 */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "BKD/2026"), ==, 0);   /* not a prefix, not an OPD */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_BSRE, "005/"), ==, COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_KASI, "005/"), ==, 0);

  /* OPD: a substring, any case. */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "kepegawaian"), ==, COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "DINAS"), ==, 4 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_DISPOSITION, "dinas"), ==, COPIES);

  /* Applicant name: a prefix, any case. */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "budi"), ==, COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "BUDI SAN"), ==, COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "santoso"), ==, 0);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "ahmad"), ==, 7 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "siti nur'"), ==, 7 * COPIES);

  /* NIK and NIP: exact, separators ignored; a prefix from six digits on. */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, NIK_M), ==, 7 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "8271 0115 0790 0002"), ==, 7 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, NIK_F), ==, 8 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "199007"), ==, 7 * COPIES);   /* NIP prefix */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "1990.0715"), ==, 7 * COPIES);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "82710"), ==, 0);      /* too short for a prefix */
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "8271011507900003"), ==, 0);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, "00"), ==, 8 * COPIES);   /* letter numbers */

  /* Hostile text finds nothing, breaks nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, hostile[i]), ==, 0);
  g_assert_cmpuint (count_query (store, SERTEL_QUEUE_ALL, NULL), ==, 8 * COPIES);
  g_assert_cmpint (count_rows (fx->path, "request"), ==, 8 * COPIES);
}

/* ------------------------------------------------------------------------ */
/* The model */

static void
wait_idle (SertelRequestListModel *model)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* One turn first: a query just started has not reported yet. */
  g_main_context_iteration (NULL, FALSE);
  while ((sertel_request_list_model_get_loading (model) || !sertel_request_list_model_is_counted (model)) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sertel_request_list_model_get_loading (model));
}

static void
on_items_changed (GListModel *model, guint pos, guint removed, guint added, guint *calls)
{
  /* A reset, or a search's remaining matches joining after its first page. */
  g_assert_true (pos == 0 || (removed == 0 && pos == g_list_model_get_n_items (model) - added));
  (*calls)++;
  (void) removed; (void) added;
}

static void
on_notify (GObject *object G_GNUC_UNUSED, GParamSpec *pspec G_GNUC_UNUSED, guint *calls)
{
  (*calls)++;
}

static void
on_items_changed_at (GListModel *model G_GNUC_UNUSED, guint pos, guint removed G_GNUC_UNUSED,
                     guint added G_GNUC_UNUSED, GArray *positions)
{
  g_array_append_val (positions, pos);
}

static void
test_model (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(SertelRequestListModel) model = NULL;
  g_autoptr(SertelRequest) first = NULL;
  g_autoptr(SertelRequest) again = NULL;
  g_autoptr(SertelRequest) far = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0, notifies = 0;
  g_autoptr(GArray) positions = NULL;
  gint64 id;

  fill (fx, COPIES);
  fake_now = T0 + 20 * 60;

  model = sertel_request_list_model_new (fx->store);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == SERTEL_TYPE_REQUEST);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  wait_idle (model);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 8 * COPIES);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 8 * COPIES));

  /* The first page came with the count: its rows are there at once. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_nonnull (first);
  g_assert_cmpstr (sertel_request_get_letter_number (first), ==, "008/SETDA/2026");
  g_assert_true (sertel_request_is_overdue (first));
  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (again == first);
  g_assert_false (sertel_request_list_model_get_loading (model));   /* cached: no new read */

  /* Any other page: at once a placeholder; filled in place (with notify)
   * when the page is in, as the store reads that row. */
  {
    g_autoptr(SertelRequest) later = g_list_model_get_item (G_LIST_MODEL (model), 100);
    g_autoptr(GPtrArray) rows = sertel_store_query_requests (fx->store, SERTEL_QUEUE_ALL, NULL, 100, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (sertel_request_get_id (later), ==, 0);
    g_signal_connect (later, "notify::letter-number", G_CALLBACK (on_notify), &notifies);
    g_assert_true (sertel_request_list_model_get_loading (model));
    wait_idle (model);
    g_assert_cmpuint (notifies, ==, 1);
    g_assert_cmpint (sertel_request_get_id (later), ==, sertel_request_get_id (g_ptr_array_index (rows, 0)));
    g_assert_cmpstr (sertel_request_get_letter_number (later), ==,
                     sertel_request_get_letter_number (g_ptr_array_index (rows, 0)));
  }

  /* A far page loads on its own. */
  far = g_list_model_get_item (G_LIST_MODEL (model), 1999);
  wait_idle (model);
  g_assert_cmpstr (sertel_request_get_letter_number (far), ==, "001/DIKBUD/2026-249");

  /* Touching many pages keeps only a few. */
  for (guint p = 0; p < 20; p++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), p * 100 + 5));
  wait_idle (model);
  {
    g_autoptr(SertelRequest) r = g_list_model_get_item (G_LIST_MODEL (model), 1005);
    g_assert_cmpint (sertel_request_get_id (r), !=, 0);
  }

  /* A newer query overtakes the older ones: one items-changed, for the last. */
  changes = 0;
  sertel_request_list_model_set_query (model, SERTEL_QUEUE_ALL, "dinas");
  sertel_request_list_model_set_query (model, SERTEL_QUEUE_KASI, NULL);
  sertel_request_list_model_set_query (model, SERTEL_QUEUE_ALL, "budi");
  g_assert_cmpint (sertel_request_list_model_get_queue (model), ==, SERTEL_QUEUE_ALL);
  g_assert_cmpstr (sertel_request_list_model_get_search (model), ==, "budi");
  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_at), positions);
  wait_idle (model);
  /* Its first page first (as the rows), then the rest once counted. */
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpuint (positions->len, ==, 2);
  g_assert_cmpuint (g_array_index (positions, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (positions, guint, 1), ==, SERTEL_REQUEST_LIST_PAGE_SIZE);
  g_signal_handlers_disconnect_by_func (model, on_items_changed_at, positions);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, COPIES);
  {
    g_autoptr(SertelRequest) r = g_list_model_get_item (G_LIST_MODEL (model), 0);
    wait_idle (model);
    g_assert_cmpstr (sertel_request_get_opd_name (r), ==, "Sekretariat Daerah");
  }

  /* A change elsewhere, then refresh: the count and the rows follow. */
  sertel_request_list_model_set_query (model, SERTEL_QUEUE_DISPOSITION, NULL);
  wait_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2 * COPIES);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_idle (model);
  id = sertel_request_get_id (first);
  g_assert_cmpint (sertel_request_get_state (first), ==, SERTEL_REQUEST_RECEIVED);

  /* same length: rows update in place, no items-changed */
  changes = 0;
  {
    g_autoptr(SertelRequest) r = get_request (fx->store, id);
    sertel_request_set_perihal (r, "Perihal yang diubah");
    g_assert_true (sertel_store_update_request (fx->store, fx->operator, r, &error));
    g_assert_no_error (error);
  }
  sertel_request_list_model_refresh (model);
  wait_idle (model);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpstr (sertel_request_get_perihal (first), ==, "Perihal yang diubah");

  /* one more: items-changed for everything */
  fake_now = T0 + 3600;
  create_one (fx, "009/BARU/2026", "Dinas Sosial", "Citra Lestari", FALSE);
  sertel_request_list_model_refresh (model);
  wait_idle (model);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2 * COPIES + 1);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_idle (model);
  g_assert_cmpstr (sertel_request_get_letter_number (first), ==, "009/BARU/2026");
  g_assert_false (sertel_request_is_overdue (first));

  /* Dropped while a read is under way: nothing crashes, nothing leaks. */
  sertel_request_list_model_set_query (model, SERTEL_QUEUE_ALL, "00");
  /* The read keeps the model alive past this frame: its signals must not
   * reach the counters on this stack (ASan saw it in the next test). */
  g_signal_handlers_disconnect_by_data (model, &changes);
  g_clear_object (&model);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* How long the first page takes on a register of 100,000 requests. */
static void
test_100k (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(SertelRequestListModel) model = NULL;
  g_autoptr(SertelRequest) first = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[SERTEL_N_QUEUES], overdue[SERTEL_N_QUEUES];
  gint64 t;

  t = g_get_monotonic_time ();
  fill (fx, 12500);
  g_test_message ("100,000 requests made in %.0f ms", (g_get_monotonic_time () - t) / 1000.0);

  t = g_get_monotonic_time ();
  g_assert_true (sertel_store_count_queues (fx->store, counts, overdue, &error));
  g_test_message ("count_queues on 100k: %.1f ms", (g_get_monotonic_time () - t) / 1000.0);
  g_assert_cmpuint (counts[SERTEL_QUEUE_ALL], ==, 100000);

  for (guint q = 0; q < SERTEL_N_QUEUES; q++)
    {
      const char *searches[] = { NULL, "budi", "dinas", NIK_M, "005/bkd/2026-99" };
      for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
        {
          g_autoptr(GPtrArray) rows = NULL;
          guint n = 0;

          t = g_get_monotonic_time ();
          g_assert_true (sertel_store_count_query (fx->store, q, searches[s], &n, &error));
          rows = sertel_store_query_requests (fx->store, q, searches[s], 0, 100, &error);
          g_assert_no_error (error);
          g_test_message ("100k: queue %s, search \"%s\": %u rows, count + first page %.1f ms",
                          sertel_queue_to_string (q), searches[s] ? searches[s] : "", n,
                          (g_get_monotonic_time () - t) / 1000.0);
        }
    }

  /* A broad word is read in date order, a specific one through its ids:
   * either way the rows of every page are those plain SQL gives. */
  {
    const char *words[] = { "dinas", "ah", "budi" };

    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      for (guint offset = 0; offset <= 200; offset += 200)
        {
          g_autofree char *like = g_strdup_printf ("%%%s%%", words[w]);
          g_autofree char *prefix = g_strdup_printf ("%s%%", words[w]);
          g_autofree char *offset_text = g_strdup_printf ("%u", offset);
          const char *params[] = { like, prefix, offset_text };
          g_autoptr(GPtrArray) rows = sertel_store_query_requests (fx->store, SERTEL_QUEUE_ALL, words[w], offset, 100, &error);
          g_autoptr(GArray) ids = NULL;

          g_assert_no_error (error);
          ids = raw_ids (fx->path,
                         "SELECT r.id FROM request r JOIN opd o ON o.id = r.opd_id WHERE lower(o.name) LIKE $1"
                         " OR lower(r.letter_number) LIKE $2 OR EXISTS (SELECT 1 FROM applicant a WHERE a.request_id = r.id"
                         " AND lower(a.name) LIKE $2) ORDER BY r.received_at DESC, r.id DESC LIMIT 100"
                         " OFFSET CAST($3 AS INTEGER)", 3, params);
          g_assert_cmpuint (ids->len, ==, rows->len);
          for (guint i = 0; i < ids->len; i++)
            g_assert_cmpint (sertel_request_get_id (g_ptr_array_index (rows, i)), ==, g_array_index (ids, gint64, i));
        }
  }

  t = g_get_monotonic_time ();
  model = sertel_request_list_model_new (fx->store);
  wait_idle (model);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_idle (model);
  g_assert_cmpint (sertel_request_get_id (first), !=, 0);
  g_test_message ("100k: model count + first page filled in %.1f ms", (g_get_monotonic_time () - t) / 1000.0);
  {
    g_autoptr(SertelRequest) last = NULL;
    t = g_get_monotonic_time ();
    last = g_list_model_get_item (G_LIST_MODEL (model), 99999);
    wait_idle (model);
    g_assert_cmpint (sertel_request_get_id (last), !=, 0);
    g_test_message ("100k: last page filled in %.1f ms", (g_get_monotonic_time () - t) / 1000.0);
  }
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/queue/names", test_queue_names);
  g_test_add ("/query/counts", Fx, NULL, fx_setup, test_counts, fx_teardown);
  g_test_add ("/query/rows", Fx, NULL, fx_setup, test_rows, fx_teardown);
  g_test_add ("/query/search", Fx, NULL, fx_setup, test_search, fx_teardown);
  g_test_add ("/model/paging", Fx, NULL, fx_setup, test_model, fx_teardown);
  g_test_add ("/model/100k", Fx, NULL, fx_setup, test_100k, fx_teardown);
  rc = g_test_run ();
  remove_template ();
  return rc;
}
