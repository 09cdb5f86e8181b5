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

/* ------------------------------------------------------------------------ */
/* Several desks acting on the same cases at once */

#define N_DESKS 4
#define N_CASES 8

/* One desk: reads every case's version, says it is ready, waits for the
 * start, then assigns each case to the Verifikator with the version it read
 * (which reserves the Surat Rekomendasi number). Prints "ok ID" or
 * "conflict ID" for each. */
static int
child_desk (const char *path, const char *ready, const char *go, const char *ids_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autoptr(SertelStaff) kasi = NULL;
  g_auto(GStrv) ids = g_strsplit (ids_text, ",", -1);
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  kasi = get_staff (store, 5);
  for (guint i = 0; ids[i]; i++)
    {
      gint64 v = request_version (store, g_ascii_strtoll (ids[i], NULL, 10));
      g_array_append_val (versions, v);
    }
  g_file_set_contents (ready, "", 0, &error);
  g_assert_no_error (error);
  while (!g_file_test (go, G_FILE_TEST_EXISTS))
    g_usleep (1000);

  for (guint i = 0; ids[i]; i++)
    {
      gint64 id = g_ascii_strtoll (ids[i], NULL, 10);
      if (sertel_store_move_request (store, kasi, id, g_array_index (versions, gint64, i),
                                     SERTEL_ACTION_ASSIGN, 6, NULL, &error))
        g_print ("ok %" G_GINT64_FORMAT "\n", id);
      else
        {
          g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT);
          g_clear_error (&error);
          g_print ("conflict %" G_GINT64_FORMAT "\n", id);
        }
    }
  return 0;
}

static void
test_desks (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *go = g_build_filename (fx->dir, "go", NULL);
  GSubprocess *desks[N_DESKS];
  guint ok[N_CASES + 1] = { 0 }, conflicts[N_CASES + 1] = { 0 };
  gint64 first_id = 0;

  for (int i = 0; i < N_CASES; i++)
    {
      g_autofree char *letter = g_strdup_printf ("%d/DESK/2026", i);
      gint64 id = create_two (fx, letter, NULL);
      move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
      move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
      if (i == 0)
        first_id = id;
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", id);
    }

  for (int d = 0; d < N_DESKS; d++)
    {
      g_autofree char *ready = g_strdup_printf ("%s/ready-%d", fx->dir, d);
      desks[d] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "child-desk",
                                   fx->path, ready, go, ids->str, NULL);
      g_assert_no_error (error);
    }
  /* Every desk has read the same versions before any of them acts. */
  for (int d = 0; d < N_DESKS; d++)
    {
      g_autofree char *ready = g_strdup_printf ("%s/ready-%d", fx->dir, d);
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      while (!g_file_test (ready, G_FILE_TEST_EXISTS))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (2000);
        }
    }
  g_file_set_contents (go, "", 0, &error);
  g_assert_no_error (error);

  for (int d = 0; d < N_DESKS; d++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_subprocess_communicate_utf8 (desks[d], NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (desks[d]));
      g_object_unref (desks[d]);
      lines = g_strsplit (out, "\n", -1);
      for (guint i = 0; lines[i] && *lines[i]; i++)
        {
          gboolean is_ok = g_str_has_prefix (lines[i], "ok ");
          gint64 id = g_ascii_strtoll (strchr (lines[i], ' ') + 1, NULL, 10) - first_id + 1;
          g_assert_cmpint (id, >=, 1);
          g_assert_cmpint (id, <=, N_CASES);
          if (is_ok)
            ok[id]++;
          else
            conflicts[id]++;
        }
    }

  /* One success and the rest "changed by someone else", for every case. */
  for (int i = 1; i <= N_CASES; i++)
    {
      g_assert_cmpuint (ok[i], ==, 1);
      g_assert_cmpuint (conflicts[i], ==, N_DESKS - 1);
    }
  /* The numbers were reserved once each, 1..N_CASES with no gap. */
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(DISTINCT recommendation_number) FROM request"
                                      " WHERE recommendation_number IS NOT NULL"), ==, N_CASES);
  g_assert_cmpint (raw_int (fx->path, "SELECT SUM(last) FROM letter_counter"), ==, N_CASES);
  for (int i = 1; i <= N_CASES; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM request WHERE recommendation_number LIKE '%%/%d/%%'", i);
      g_assert_cmpint (raw_int (fx->path, sql), ==, 1);
    }
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM transition WHERE action = 'assign'"), ==, N_CASES);
  assert_audit_ok (fx->store);
}

/* Several desks opening a brand-new register at the same moment: the
 * schema is made once. */
static void
test_first_open_race (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = test_on_pg () ? pg_create_database (NULL) : g_build_filename (dir, "new.db", NULL);
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
  g_assert_cmpint (raw_int (path, test_on_pg () ? "SELECT version FROM sertel_schema" : "PRAGMA user_version"), ==,
                   sertel_store_migrations_latest ());
  g_assert_cmpint (count_tables (path, "'request'"), ==, 1);
  if (test_on_pg ())
    pg_drop_database (path);
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
  if (argc == 6 && g_str_equal (argv[1], "child-desk"))
    return child_desk (argv[2], argv[3], argv[4], argv[5]);

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/concurrency/stale-move", Fx, NULL, fx_setup, test_stale_move, fx_teardown);
  g_test_add ("/concurrency/stale-applicant", Fx, NULL, fx_setup, test_stale_applicant, fx_teardown);
  g_test_add ("/concurrency/processes", Fx, NULL, fx_setup, test_processes, fx_teardown);
  g_test_add ("/concurrency/desks", Fx, NULL, fx_setup, test_desks, fx_teardown);
  g_test_add_func ("/concurrency/first-open-race", test_first_open_race);
  ret = g_test_run ();
  remove_template ();
  return ret;
}
