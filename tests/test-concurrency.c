/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Optimistic versions between two stores on one file, and several processes
 * writing the same register at once without losing anything. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-store-migrations.h"

static const char *self_exe;

static void
test_stale_move (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) desk2 = sertel_store_open (fx->path, &error);
  g_autoptr(SertelStaff) kadis2 = NULL;
  g_autoptr(SertelRequest) mine = NULL;
  g_autoptr(SertelRequest) theirs = NULL;
  g_autoptr(SertelRequest) now = NULL;
  gint64 id, transitions;

  g_assert_no_error (error);
  kadis2 = get_staff (desk2, sertel_staff_get_id (fx->kadis));
  id = create_two (fx, "11/C/2026", NULL);
  mine = get_request (fx->store, id);
  theirs = get_request (desk2, id);
  g_assert_cmpint (sertel_request_get_version (mine), ==, sertel_request_get_version (theirs));

  g_assert_true (sertel_store_move_request (fx->store, fx->kadis, id, sertel_request_get_version (mine),
                                            SERTEL_ACTION_DISPOSE, 0, "meja satu", &error));
  g_assert_no_error (error);
  transitions = count_rows (fx->path, "transition");
  g_assert_false (sertel_store_move_request (desk2, kadis2, id, sertel_request_get_version (theirs),
                                             SERTEL_ACTION_DISPOSE, 0, "meja dua", &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  now = get_request (desk2, id);
  g_assert_cmpint (sertel_request_get_version (now), ==, sertel_request_get_version (mine) + 1);
  g_assert_cmpint (sertel_request_get_state (now), ==, SERTEL_REQUEST_AT_KABID);
  g_assert_cmpint (count_rows (fx->path, "transition"), ==, transitions);
  {
    g_autofree char *note = raw_text (fx->path, "SELECT note FROM transition ORDER BY id DESC LIMIT 1");
    g_assert_cmpstr (note, ==, "meja satu");
  }
  assert_audit_ok (desk2);
}

static void
test_stale_applicant (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) desk2 = sertel_store_open (fx->path, &error);
  g_autoptr(SertelStaff) op2 = NULL;
  g_autoptr(GPtrArray) list1 = NULL;
  g_autoptr(GPtrArray) list2 = NULL;
  g_autoptr(SertelApplicant) a1 = NULL;
  g_autoptr(SertelApplicant) a2 = NULL;
  g_autoptr(SertelApplicant) now = NULL;
  gint64 id, audit;

  g_assert_no_error (error);
  op2 = get_staff (desk2, sertel_staff_get_id (fx->operator));
  id = create_two (fx, "12/C/2026", NULL);
  list1 = sertel_store_list_applicants (fx->store, id, &error);
  list2 = sertel_store_list_applicants (desk2, id, &error);
  a1 = sertel_applicant_copy (g_ptr_array_index (list1, 0));
  a2 = sertel_applicant_copy (g_ptr_array_index (list2, 0));
  g_assert_cmpint (sertel_applicant_get_version (a1), ==, sertel_applicant_get_version (a2));

  sertel_applicant_set_phone (a1, "0811 0000 1111");
  g_assert_true (sertel_store_update_applicant (fx->store, fx->operator, a1, &error));
  g_assert_no_error (error);
  audit = count_rows (fx->path, "audit");
  sertel_applicant_set_phone (a2, "0899 9999 9999");
  g_assert_false (sertel_store_update_applicant (desk2, op2, a2, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, audit);

  now = sertel_store_get_applicant (desk2, sertel_applicant_get_id (a2), &error);
  g_assert_cmpstr (sertel_applicant_get_phone (now), ==, "0811 0000 1111");
  g_assert_cmpint (sertel_applicant_get_version (now), ==, 2);

  /* A stale request version on edits of the letter, too. */
  {
    g_autoptr(SertelRequest) r1 = get_request (fx->store, id);
    g_autoptr(SertelRequest) r2 = get_request (desk2, id);
    sertel_request_set_perihal (r1, "Perihal baru");
    g_assert_true (sertel_store_update_request (fx->store, fx->operator, r1, &error));
    g_assert_no_error (error);
    sertel_request_set_perihal (r2, "Perihal lain");
    g_assert_false (sertel_store_update_request (desk2, op2, r2, &error));
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT);
    g_clear_error (&error);
    g_clear_object (&r2);
    r2 = get_request (desk2, id);
    g_assert_cmpstr (sertel_request_get_perihal (r2), ==, "Perihal baru");
  }
}

/* ------------------------------------------------------------------------ */
/* Processes */

#define N_CHILDREN 3
#define N_PER_CHILD 25

static int
child_write (const char *path, int n, const char *tag)
{
  g_autoptr(GError) error = NULL;
  Fx fx = { 0 };

  fx.path = g_strdup (path);
  fx.store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  fx.operator = get_staff (fx.store, 2);
  fx.kadis = get_staff (fx.store, 3);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *letter = g_strdup_printf ("%s/%d/2026", tag, i);
      gint64 id = create_two (&fx, letter, NULL);
      if (i % 2 == 0)
        move_ok (&fx, fx.kadis, id, SERTEL_ACTION_DISPOSE, 0, tag);
    }
  g_clear_object (&fx.operator);
  g_clear_object (&fx.kadis);
  g_clear_object (&fx.store);
  g_free (fx.path);
  return 0;
}

static int
child_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);

  g_assert_no_error (error);
  return 0;
}

static void
test_processes (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *children[N_CHILDREN];
  g_autofree char *n = g_strdup_printf ("%d", N_PER_CHILD);
  gint64 before_audit = count_rows (fx->path, "audit");
  guint rows = 0;

  for (int i = 0; i < N_CHILDREN; i++)
    {
      g_autofree char *tag = g_strdup_printf ("P%d", i);
      children[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "child-write", fx->path, n, tag, NULL);
      g_assert_no_error (error);
    }
  /* The parent writes too, meanwhile. */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *letter = g_strdup_printf ("PARENT/%d", i);
      create_two (fx, letter, NULL);
    }
  for (int i = 0; i < N_CHILDREN; i++)
    {
      g_subprocess_wait_check (children[i], NULL, &error);
      g_assert_no_error (error);
      g_object_unref (children[i]);
    }

  g_assert_cmpint (count_rows (fx->path, "request"), ==, N_CHILDREN * N_PER_CHILD + 5);
  g_assert_cmpint (count_rows (fx->path, "applicant"), ==, 2 * (N_CHILDREN * N_PER_CHILD + 5));
  g_assert_cmpint (count_rows (fx->path, "attachment"), ==, 2 * (N_CHILDREN * N_PER_CHILD + 5));
  g_assert_cmpint (count_rows (fx->path, "blob"), ==, 2);
  g_assert_cmpint (count_rows (fx->path, "transition"), ==, N_CHILDREN * ((N_PER_CHILD + 1) / 2));
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM request WHERE n_applicants <> 2"), ==, 0);
  for (int i = 0; i < N_CHILDREN; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM request WHERE letter_number LIKE 'P%d/%%'", i);
      g_assert_cmpint (raw_int (fx->path, sql), ==, N_PER_CHILD);
    }
  /* Every write made its audit row, in one unbroken chain. */
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM audit WHERE action = 'request.create'"), ==,
                   N_CHILDREN * N_PER_CHILD + 5);
  g_assert_true (sertel_store_verify_audit (fx->store, NULL, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, count_rows (fx->path, "audit"));
  g_assert_cmpint (rows, >, before_audit);
  {
    g_autofree char *report = NULL;
    g_assert_true (sertel_store_integrity_check (fx->store, &report, &error));
    g_assert_cmpstr (report, ==, "ok");
  }
}

/* Several desks opening a brand-new register at the same moment: the
 * schema is made once. */
static void
test_first_open_race (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  GSubprocess *children[4];

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      children[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "child-open", path, NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_subprocess_wait_check (children[i], NULL, &error);
      g_assert_no_error (error);
      g_object_unref (children[i]);
    }
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, sertel_store_migrations_latest ());
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'request'"), ==, 1);
  rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  int ret;

  self_exe = argv[0];
  if (argc == 5 && g_str_equal (argv[1], "child-write"))
    return child_write (argv[2], atoi (argv[3]), argv[4]);
  if (argc == 3 && g_str_equal (argv[1], "child-open"))
    return child_open (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/concurrency/stale-move", Fx, NULL, fx_setup, test_stale_move, fx_teardown);
  g_test_add ("/concurrency/stale-applicant", Fx, NULL, fx_setup, test_stale_applicant, fx_teardown);
  g_test_add ("/concurrency/processes", Fx, NULL, fx_setup, test_processes, fx_teardown);
  g_test_add_func ("/concurrency/first-open-race", test_first_open_race);
  ret = g_test_run ();
  remove_template ();
  return ret;
}
