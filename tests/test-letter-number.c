/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Surat Rekomendasi numbers: sequential per year, configurable pattern,
 * reserved with the ASSIGN, never handed out twice — even by two processes. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"

static const char *self_exe;
static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static char *
assign_one (Fx *fx, const char *letter)
{
  g_autoptr(SertelRequest) r = NULL;
  gint64 id = create_two (fx, letter, NULL);

  to_verifikator (fx, id);
  r = get_request (fx->store, id);
  return g_strdup (sertel_request_get_recommendation_number (r));
}

static void
test_sequential (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  fake_now = 1768453200;   /* 15 January 2026 */
  sertel_store_set_clock (fx->store, fake_clock, NULL);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *letter = g_strdup_printf ("800/%u/X/2026", i);
      g_autofree char *got = assign_one (fx, letter);
      g_autofree char *want = g_strdup_printf ("000.6.5.6/%u/DKIP/2026", i);
      g_assert_cmpstr (got, ==, want);
    }

  /* A new year starts again at 1. */
  fake_now = 1798761600 + 43200;   /* 1 January 2027, noon UTC: 2027 in every zone */
  {
    g_autofree char *got = assign_one (fx, "800/1/X/2027");
    g_assert_cmpstr (got, ==, "000.6.5.6/1/DKIP/2027");
  }
  fake_now = 1768453200 + 86400;
  {
    g_autofree char *got = assign_one (fx, "800/9/X/2026");
    g_assert_cmpstr (got, ==, "000.6.5.6/4/DKIP/2026");
  }
  g_assert_cmpint (raw_int (fx->path, "SELECT last FROM letter_counter WHERE year = 2026"), ==, 4);
}

static void
test_pattern (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autofree char *direct = NULL;

  fake_now = 1773532800;   /* 15 March 2026 */
  sertel_store_set_clock (fx->store, fake_clock, NULL);
  sertel_store_set_letter_format (fx->store, "{klasifikasi}/{urut}/{unit}/{bulan}/{tahun}", "000.6.5.2", "DISKOMINFO");
  direct = sertel_store_format_letter_number (fx->store, 42, 2030);
  g_assert_cmpstr (direct, ==, "000.6.5.2/42/DISKOMINFO/III/2030");
  {
    g_autofree char *got = assign_one (fx, "1/A/2026");
    g_assert_cmpstr (got, ==, "000.6.5.2/1/DISKOMINFO/III/2026");
  }
  /* NULL keeps what was set; the serial goes on. */
  sertel_store_set_letter_format (fx->store, "B-{urut}/{klasifikasi}/{tahun}", NULL, NULL);
  {
    g_autofree char *got = assign_one (fx, "2/A/2026");
    g_assert_cmpstr (got, ==, "B-2/000.6.5.2/2026");
  }
}

static void
test_never_reused (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = NULL;
  g_autofree char *first = NULL;
  gint64 id, other;

  fake_now = 1768453200;
  sertel_store_set_clock (fx->store, fake_clock, NULL);

  /* A refused ASSIGN reserves nothing. */
  id = create_two (fx, "7/A/2026", NULL);
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  g_assert_false (sertel_store_move_request (fx->store, fx->kasi, id, request_version (fx->store, id),
                                             SERTEL_ACTION_ASSIGN, sertel_staff_get_id (fx->kabid), NULL, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fx->path, "letter_counter"), ==, 0);
  move_ok (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, sertel_staff_get_id (fx->verif), NULL);
  r = get_request (fx->store, id);
  first = g_strdup (sertel_request_get_recommendation_number (r));
  g_assert_cmpstr (first, ==, "000.6.5.6/1/DKIP/2026");
  g_clear_object (&r);

  other = create_two (fx, "8/A/2026", NULL);
  to_verifikator (fx, other);
  r = get_request (fx->store, other);
  g_assert_cmpstr (sertel_request_get_recommendation_number (r), ==, "000.6.5.6/2/DKIP/2026");
  g_clear_object (&r);

  /* The column is UNIQUE: even a hand-made copy cannot take a number twice. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE request SET recommendation_number = '%s' WHERE id = %" G_GINT64_FORMAT,
                                            first, other);
    g_assert_true (raw_exec_violates (fx->path, sql));
  }
  /* A pattern without a serial would repeat; the counter still moves on. */
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(DISTINCT recommendation_number) FROM request WHERE recommendation_number IS NOT NULL"), ==, 2);
}

/* ------------------------------------------------------------------------ */
/* Two processes */

static int
child_assign (const char *path, int n, const char *tag)
{
  g_autoptr(GError) error = NULL;
  Fx fx = { 0 };

  fx.path = g_strdup (path);
  fx.store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  fx.operator = get_staff (fx.store, 2);
  fx.kadis = get_staff (fx.store, 3);
  fx.kabid = get_staff (fx.store, 4);
  fx.kasi = get_staff (fx.store, 5);
  fx.verif = get_staff (fx.store, 6);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *letter = g_strdup_printf ("%s/%d/2026", tag, i);
      gint64 id = create_two (&fx, letter, NULL);
      to_verifikator (&fx, id);
    }
  g_clear_object (&fx.operator);
  g_clear_object (&fx.kadis);
  g_clear_object (&fx.kabid);
  g_clear_object (&fx.kasi);
  g_clear_object (&fx.verif);
  g_clear_object (&fx.store);
  g_free (fx.path);
  return 0;
}

static void
test_two_processes (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  const int n = 30;

  a = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "child-assign", fx->path, "30", "A", NULL);
  g_assert_no_error (error);
  b = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "child-assign", fx->path, "30", "B", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (a, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (b, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fx->path, "request"), ==, 2 * n);
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM request WHERE recommendation_number IS NOT NULL"), ==, 2 * n);
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(DISTINCT recommendation_number) FROM request"), ==, 2 * n);
  /* Exactly 1..60, no gap, no repeat. */
  {
    /* The serial between "000.6.5.6/" and the next "/"; instr is strpos on PostgreSQL. */
    const char *instr = test_on_pg () ? "strpos" : "instr";
    g_autofree char *serial = g_strdup_printf ("CAST(substr(recommendation_number, 11, %s(substr(recommendation_number, 11), '/') - 1) AS INTEGER)",
                                               instr);
    g_autofree char *distinct = g_strdup_printf ("SELECT COUNT(DISTINCT %s) FROM request", serial);
    g_autofree char *max = g_strdup_printf ("SELECT MAX(%s) FROM request", serial);
    g_assert_cmpint (raw_int (fx->path, distinct), ==, 2 * n);
    g_assert_cmpint (raw_int (fx->path, max), ==, 2 * n);
  }
  g_assert_cmpint (raw_int (fx->path, "SELECT SUM(last) FROM letter_counter"), ==, 2 * n);
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM request WHERE letter_number LIKE 'A/%'"), ==, n);
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM request WHERE letter_number LIKE 'B/%'"), ==, n);
  assert_audit_ok (fx->store);
}

int
main (int argc, char *argv[])
{
  int ret;

  self_exe = argv[0];
  if (argc == 5 && g_str_equal (argv[1], "child-assign"))
    return child_assign (argv[2], atoi (argv[3]), argv[4]);

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/letter-number/sequential", Fx, NULL, fx_setup, test_sequential, fx_teardown);
  g_test_add ("/letter-number/pattern", Fx, NULL, fx_setup, test_pattern, fx_teardown);
  g_test_add ("/letter-number/never-reused", Fx, NULL, fx_setup, test_never_reused, fx_teardown);
  g_test_add ("/letter-number/two-processes", Fx, NULL, fx_setup, test_two_processes, fx_teardown);
  ret = g_test_run ();
  remove_template ();
  return ret;
}
