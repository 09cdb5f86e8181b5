/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit chain: every change appends a row; any changed, removed,
 * truncated or reordered row is found, and the first bad row is named. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"

/* Does a day's work and returns the number of audit rows. */
static gint64
some_work (Fx *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(SertelApplicant) a = NULL;
  gint64 id, rows = count_rows (fx->path, "audit"), n;

  gint64 new_opd = raw_int (fx->path, "SELECT COUNT(*) = 0 FROM opd WHERE name = 'Dinas Pendidikan'");
  id = create_two (fx, "800/5/DISHUB/2026", NULL);
  n = count_rows (fx->path, "audit");
  /* (the OPD when new), two applicants, two attachments, the request */
  g_assert_cmpint (n, ==, rows + 5 + new_opd);
  rows = n;

  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, "Segera");
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);

  people = sertel_store_list_applicants (fx->store, id, &error);
  a = sertel_applicant_copy (g_ptr_array_index (people, 1));
  sertel_applicant_set_phone (a, "0821 1111 2222");
  g_assert_true (sertel_store_update_applicant (fx->store, fx->kasi, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT after_value FROM audit WHERE id = %" G_GINT64_FORMAT, rows);
    g_autofree char *after = raw_text (fx->path, sql);
    g_assert_nonnull (strstr (after, "0821 1111 2222"));
  }

  {
    g_autoptr(GBytes) png = png_bytes ();
    sertel_store_add_attachment (fx->store, fx->kasi, id, sertel_applicant_get_id (a), "sk", "sk.png", png, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);
  }

  move_ok (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, sertel_staff_get_id (fx->verif), NULL);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);
  move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (people, 0)), SERTEL_ACTION_MARK_REGISTERED, NULL);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);

  sertel_store_set_staff_role (fx->store, fx->admin, sertel_staff_get_id (fx->operator), SERTEL_ROLE_OPERATOR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);

  {
    g_autoptr(SertelStaff) s = sertel_store_authenticate (fx->store, sertel_staff_get_id (fx->kasi), TEST_PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (fx->path, "audit"), ==, ++rows);
  }

  /* A refused change writes nothing. */
  {
    g_assert_false (sertel_store_move_request (fx->store, fx->operator, id, request_version (fx->store, id),
                                               SERTEL_ACTION_DISPOSE, 0, NULL, &error));
    g_clear_error (&error);
    g_assert_cmpint (count_rows (fx->path, "audit"), ==, rows);
  }

  /* Who, what, before/after, per record. */
  {
    g_autoptr(GPtrArray) list = sertel_store_list_audit (fx->store, id, "request", &error);
    SertelAuditRecord *first, *last;
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 4);   /* create, dispose, forward, assign */
    first = g_ptr_array_index (list, 0);
    last = g_ptr_array_index (list, 3);
    g_assert_cmpstr (first->action, ==, "request.create");
    g_assert_cmpint (first->actor_id, ==, sertel_staff_get_id (fx->operator));
    g_assert_cmpstr (last->action, ==, "request.assign");
    g_assert_cmpint (last->actor_id, ==, sertel_staff_get_id (fx->kasi));
    g_assert_nonnull (strstr (last->before_value, "at_kasi"));
    g_assert_nonnull (strstr (last->after_value, "at_verifikator"));
  }

  assert_audit_ok (fx->store);
  return rows;
}

static void
expect_bad (Fx *fx, gint64 expected_bad)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = -1;

  g_assert_false (sertel_store_verify_audit (fx->store, &bad, NULL, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT);
  g_assert_cmpint (bad, ==, expected_bad);
  g_clear_error (&error);
  /* A second store on the file, opened afterwards, sees the same. */
  {
    g_autoptr(SertelStore) other = sertel_store_open (fx->path, &error);
    gint64 bad2 = -1;
    g_assert_no_error (error);
    g_assert_false (sertel_store_verify_audit (other, &bad2, NULL, &error));
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT);
    g_assert_cmpint (bad2, ==, expected_bad);
  }
}

static void
test_appends (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  guint rows = 0;
  gint64 n = some_work (fx);

  g_assert_true (sertel_store_verify_audit (fx->store, NULL, &rows, &error));
  g_assert_cmpuint (rows, ==, n);
  g_assert_cmpint (raw_int (fx->path, "SELECT last_id FROM audit_head"), ==, n);
  /* Rows chain: each prev_hash is the row before's hash. */
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM audit a JOIN audit b ON b.id = a.id - 1 WHERE a.prev_hash <> b.hash"), ==, 0);
}

static void
test_changed_value (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  gint64 n = some_work (fx);
  gint64 k = n / 2;
  g_autofree char *sql = g_strdup_printf ("UPDATE audit SET after_value = replace(after_value, 'a', 'o') || ' ' WHERE id = %" G_GINT64_FORMAT, k);

  raw_exec (fx->path, sql);
  expect_bad (fx, k);
}

static void
test_changed_fields (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  gint64 n = some_work (fx);
  static const char *changes[] = {
    "UPDATE audit SET at = at + 1",
    "UPDATE audit SET actor_id = COALESCE (actor_id, 0) + 100",
    "UPDATE audit SET action = 'request.forward'",
    "UPDATE audit SET entity_id = entity_id + 1",
    "UPDATE audit SET before_value = CASE WHEN before_value IS NULL THEN '' ELSE NULL END",
    "UPDATE audit SET after_value = CASE WHEN after_value IS NULL THEN '' ELSE NULL END",
    "UPDATE audit SET hash = '0000000000000000000000000000000000000000000000000000000000000000'",
  };

  g_assert_cmpint (n, >, 10);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      int k = 8 + (int) i;
      g_autofree char *backup = g_strdup_printf ("CREATE TABLE IF NOT EXISTS saved AS SELECT * FROM audit WHERE 1 = 0; DELETE FROM saved;"
                                                 " INSERT INTO saved SELECT * FROM audit WHERE id = %d", k);
      g_autofree char *change = g_strdup_printf ("%s WHERE id = %d", changes[i], k);
      g_autofree char *undo = g_strdup_printf ("DELETE FROM audit WHERE id = %d; INSERT INTO audit SELECT * FROM saved", k);

      raw_exec (fx->path, backup);
      g_test_message ("%s", change);
      raw_exec (fx->path, change);
      expect_bad (fx, k);
      raw_exec (fx->path, undo);
      assert_audit_ok (fx->store);
    }
}

static void
test_deleted_middle (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  gint64 n = some_work (fx);
  gint64 k = n / 2;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM audit WHERE id = %" G_GINT64_FORMAT, k);

  raw_exec (fx->path, sql);
  expect_bad (fx, k);
}

static void
test_deleted_first (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  some_work (fx);
  raw_exec (fx->path, "DELETE FROM audit WHERE id = 1");
  expect_bad (fx, 1);
}

static void
test_deleted_tail (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  gint64 n = some_work (fx);
  g_autofree char *last = g_strdup_printf ("DELETE FROM audit WHERE id = %" G_GINT64_FORMAT, n);
  g_autofree char *two = g_strdup_printf ("DELETE FROM audit WHERE id >= %" G_GINT64_FORMAT, n - 2);

  raw_exec (fx->path, last);
  expect_bad (fx, n);
  raw_exec (fx->path, two);
  expect_bad (fx, n - 2);
  raw_exec (fx->path, "DELETE FROM audit");
  expect_bad (fx, 1);
}

static void
test_swapped (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  gint64 n = some_work (fx);
  gint64 k = n / 2;
  g_autofree char *sql = g_strdup_printf (
    "CREATE TABLE t AS SELECT * FROM audit WHERE id IN (%1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ");"
    "DELETE FROM audit WHERE id IN (%1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ");"
    "INSERT INTO audit SELECT CASE id WHEN %1$" G_GINT64_FORMAT " THEN %2$" G_GINT64_FORMAT " ELSE %1$" G_GINT64_FORMAT " END,"
    " at, actor_id, action, entity, entity_id, before_value, after_value, prev_hash, hash FROM t;"
    "DROP TABLE t;", k, k + 1);

  raw_exec (fx->path, sql);
  expect_bad (fx, k);
}

static void
test_work_after_verify (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  /* Rows written by two stores on one file still chain. */
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) other = sertel_store_open (fx->path, &error);
  g_autoptr(SertelStaff) op = NULL;

  g_assert_no_error (error);
  some_work (fx);
  op = sertel_store_get_staff (other, sertel_staff_get_id (fx->operator), &error);
  g_assert_cmpint (sertel_store_ensure_opd (other, op, "Badan Kepegawaian Daerah", &error), >, 0);
  g_assert_no_error (error);
  some_work (fx);
  assert_audit_ok (fx->store);
  assert_audit_ok (other);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/audit/appends", Fx, NULL, fx_setup, test_appends, fx_teardown);
  g_test_add ("/audit/changed-value", Fx, NULL, fx_setup, test_changed_value, fx_teardown);
  g_test_add ("/audit/changed-fields", Fx, NULL, fx_setup, test_changed_fields, fx_teardown);
  g_test_add ("/audit/deleted-middle", Fx, NULL, fx_setup, test_deleted_middle, fx_teardown);
  g_test_add ("/audit/deleted-first", Fx, NULL, fx_setup, test_deleted_first, fx_teardown);
  g_test_add ("/audit/deleted-tail", Fx, NULL, fx_setup, test_deleted_tail, fx_teardown);
  g_test_add ("/audit/swapped", Fx, NULL, fx_setup, test_swapped, fx_teardown);
  g_test_add ("/audit/two-stores", Fx, NULL, fx_setup, test_work_after_verify, fx_teardown);
  ret = g_test_run ();
  remove_template ();
  return ret;
}
