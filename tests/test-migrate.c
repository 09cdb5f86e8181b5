/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sertel-cli migrate-to-postgresql and migrate-to-sqlite on real files and a
 * real cluster: every row arrives with its id, attachments byte for byte, the
 * audit chain still verifies, new rows take new ids, and a database that
 * already holds a register is refused untouched. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-store-copy.h"
#include "sertel-store-outbox.h"

#define KASI_NIP "198211062008011004"   /* the demo Kasi */

/* Every table a register has, children after parents. */
static const char * const tables[] = {
  "staff", "opd", "request", "applicant", "blob", "attachment", "transition", "audit",
  "audit_head", "letter_counter", "letter", "outbox", "email_check",
};

static int
run_cli (char **out, char **err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) g_getenv ("SERTEL_CLI"));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "SERTEL_PASSWORD", "sertel-demo", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  g_test_message ("%s %s\nstdout: %s\nstderr: %s", (char *) args->pdata[1], args->len > 2 ? (char *) args->pdata[2] : "",
                  o, e);
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* Row counts and a digest of every table's rows in id order, as text: the
 * same on both engines when the copy is faithful. */
static char *
fingerprint (const char *location)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *count = g_strdup_printf ("SELECT COUNT(*) FROM %s", tables[i]);
      g_string_append_printf (s, "%s=%" G_GINT64_FORMAT " ", tables[i], raw_int (location, count));
    }
  {
    /* What must be identical to the byte: the audit chain's head, blob
     * digests and sizes, letter numbers. */
    g_autofree char *head = raw_text (location, "SELECT last_hash FROM audit_head");
    g_autofree char *last = raw_text (location, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
    g_autofree char *size = raw_text (location, "SELECT CAST(SUM(size) AS TEXT) FROM blob");
    g_autofree char *numbers = raw_text (location, "SELECT MAX(recommendation_number) FROM request");
    g_autofree char *max_id = raw_text (location, "SELECT CAST(MAX(id) AS TEXT) FROM applicant");
    g_string_append_printf (s, "head=%s last=%s blobsize=%s rec=%s applicant-max=%s", head, last, size, numbers, max_id);
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Every attachment's bytes, read through the store, in id order. */
static GPtrArray *
read_attachments (const char *location)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = sertel_store_open (location, &error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 n = raw_int (location, "SELECT COALESCE(MAX(id), 0) FROM attachment");

  g_assert_no_error (error);
  for (gint64 id = 1; id <= n; id++)
    {
      GBytes *b = sertel_store_read_attachment (store, id, &error);
      g_assert_no_error (error);
      g_ptr_array_add (out, b);
    }
  return g_steal_pointer (&out);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *file = NULL, *back = NULL, *server = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *fp_file = NULL, *fp_server = NULL, *fp_back = NULL, *fp_before = NULL;
  g_autoptr(GPtrArray) bytes_file = NULL;
  g_autoptr(GPtrArray) bytes_server = NULL;
  g_autoptr(GPtrArray) bytes_back = NULL;

  if (!test_on_pg ())
    {
      g_test_skip ("needs the PostgreSQL cluster (the -pg variant)");
      return;
    }
  dir = make_tmpdir ();
  file = g_build_filename (dir, "kantor.db", NULL);
  back = g_build_filename (dir, "kembali.db", NULL);
  server = pg_create_database (NULL);

  /* A register with every kind of record, made by the real tool. */
  g_assert_cmpint (run_cli (NULL, NULL, "demo", "--database", file, "--requests", "30", NULL), ==, 0);
  {
    /* An issued Surat Rekomendasi and a message waiting in the outbox. */
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           raw_int (file, "SELECT MIN(id) FROM request WHERE state = 'at_verifikator'"));
    g_autoptr(SertelStore) store = NULL;
    g_autoptr(SertelStaff) kasi = NULL;
    g_autoptr(GBytes) pdf = pdf_bytes ();

    g_assert_cmpint (run_cli (NULL, NULL, "issue-letter", id, "--user", KASI_NIP, "--database", file, NULL), ==, 0);
    store = sertel_store_open (file, &error);
    g_assert_no_error (error);
    kasi = sertel_store_authenticate (store, raw_int (file, "SELECT id FROM staff WHERE nip = '" KASI_NIP "'"),
                                      "sertel-demo", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sertel_store_outbox_queue (store, kasi, "test", g_ascii_strtoll (id, NULL, 10), 0,
                                                "siti.nuraini@malutprov.go.id", NULL, "Uji pindah", "Isi pesan",
                                                pdf, "surat.pdf", &error), >, 0);
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_rows (file, "letter"), ==, 1);
  g_assert_cmpint (count_rows (file, "outbox"), ==, 1);
  fp_file = fingerprint (file);
  g_assert_cmpint (count_rows (file, "attachment"), >, 0);
  g_assert_cmpint (count_rows (file, "transition"), >, 0);

  /* Into PostgreSQL: the same rows, the same bytes, a chain that verifies. */
  g_assert_cmpint (run_cli (&out, &err, "migrate-to-postgresql", file, server, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "verifies"));
  fp_server = fingerprint (server);
  g_assert_cmpstr (fp_server, ==, fp_file);
  g_assert_cmpint (run_cli (NULL, NULL, "verify", "--database", server, NULL), ==, 0);
  bytes_file = read_attachments (file);
  bytes_server = read_attachments (server);
  g_assert_cmpuint (bytes_file->len, ==, bytes_server->len);
  for (guint i = 0; i < bytes_file->len; i++)
    g_assert_true (g_bytes_equal (g_ptr_array_index (bytes_file, i), g_ptr_array_index (bytes_server, i)));

  /* New rows on the server take ids after the copied ones. */
  {
    g_autoptr(SertelStore) store = sertel_store_open (server, &error);
    g_autoptr(SertelStaff) admin = NULL;
    gint64 max_opd = raw_int (server, "SELECT MAX(id) FROM opd");
    gint64 id;

    g_assert_no_error (error);
    admin = sertel_store_authenticate (store, 1, "sertel-demo", &error);
    g_assert_no_error (error);
    id = sertel_store_add_opd (store, admin, "Dinas Sesudah Pindah", &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, ==, max_opd + 1);
    assert_audit_ok (store);
  }

  /* A database that already holds a register is refused and left as it was. */
  fp_before = fingerprint (server);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "migrate-to-postgresql", file, server, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already holds a register"));
  {
    g_autofree char *fp_after = fingerprint (server);
    g_assert_cmpstr (fp_after, ==, fp_before);
  }

  /* And back into a new SQLite file. */
  g_assert_cmpint (run_cli (NULL, NULL, "migrate-to-sqlite", server, back, NULL), ==, 0);
  fp_back = fingerprint (back);
  g_assert_cmpstr (fp_back, ==, fp_before);
  g_assert_cmpint (run_cli (NULL, NULL, "verify", "--database", back, NULL), ==, 0);
  bytes_back = read_attachments (back);
  g_assert_cmpuint (bytes_back->len, ==, bytes_server->len);
  for (guint i = 0; i < bytes_back->len; i++)
    g_assert_true (g_bytes_equal (g_ptr_array_index (bytes_back, i), g_ptr_array_index (bytes_server, i)));

  /* An existing file is never overwritten; the arguments' order is checked. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, &err, "migrate-to-sqlite", server, back, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_cmpint (run_cli (NULL, NULL, "migrate-to-sqlite", back, server, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "migrate-to-postgresql", server, file, NULL), ==, 2);

  pg_drop_database (server);
  rm_rf (dir);
}

/* A failure half-way leaves nothing behind: the target stays empty. */
static void
test_all_or_nothing (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "sasaran.db", NULL);
  g_autoptr(SertelStore) target = NULL;
  gint64 requests;

  create_two (fx, "1/MIG/2026", NULL);
  create_two (fx, "2/MIG/2026", NULL);
  requests = count_rows (fx->path, "request");
  target = sertel_store_open (file, &error);
  g_assert_no_error (error);
  /* The target has a letter counter row already: its key collides with the
   * source's, after staff, requests and applicants were copied. */
  raw_exec (fx->path, "INSERT INTO letter_counter (kind, year, last) VALUES ('test', 2026, 1)");
  raw_exec (file, "INSERT INTO letter_counter (kind, year, last) VALUES ('test', 2026, 7)");
  g_assert_false (sertel_store_copy_into (fx->store, target, NULL, NULL, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpint (count_rows (file, "request"), ==, 0);
  g_assert_cmpint (count_rows (file, "staff"), ==, 0);
  g_assert_cmpint (count_rows (fx->path, "request"), ==, requests);
  g_clear_object (&target);
  rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/migrate/round-trip", test_round_trip);
  g_test_add ("/migrate/all-or-nothing", Fx, NULL, fx_setup, test_all_or_nothing, fx_teardown);
  ret = g_test_run ();
  remove_template ();
  return ret;
}
