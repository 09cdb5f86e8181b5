/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the real sertel-cli binary (SERTEL_CLI) on temporary registers. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include <poppler.h>

#include "sertel-store.h"
#include "sertel-store-letters.h"

#define DEMO_ADMIN "198503122010011001"   /* the demo administrator */
#define NIK_M "8271011203850001"
#define NIP_M "198503122010011001"
#define NIK_F "8271016507920002"
#define NIP_F "199207252019032005"
#define OPERATOR_NIP "199207252019032005"   /* the demo Operator */

static char *tmpdir;

static int
run (char **out, char **err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;
  const char *cli = g_getenv ("SERTEL_CLI");
  const char *arg;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_setenv (launcher, "SERTEL_PASSWORD", "sertel-demo", TRUE);
  g_subprocess_launcher_set_cwd (launcher, tmpdir);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", o, e);
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static char *
path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
write_file (const char *name, const char *text)
{
  g_autofree char *p = path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (p, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_check_identity (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, NULL, "check-identity", NIK_M, NIP_M, "budi@malutprov.go.id", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "agree"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (&out, NULL, "check-identity", NIK_M, NIP_F, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "12-03-1985"));
  g_assert_nonnull (strstr (out, "25-07-1992"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (&out, NULL, "check-identity", "8271 0112.0385 0001", NIP_M, "budi@gmail.com", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "malutprov.go.id"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (&out, NULL, "check-identity", "123", NIP_M, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "NIK"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (NULL, &err, "check-identity", NIK_M, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--help"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, "check-identity", "--no-such-option", NIK_M, NIP_M, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "no-such-command", NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "--help", NULL), ==, 0);
  g_assert_cmpint (run (&out, NULL, "demo", "--help", NULL), ==, 0);
}

static void
test_demo_verify_backup_restore (void)
{
  g_autofree char *db = path ("demo.db");
  g_autofree char *copy = path ("copy.db");
  g_autofree char *restored = path ("restored.db");
  g_autofree char *garbage = path ("garbage.db");
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL;
  g_autoptr(GError) error = NULL;
  guint8 junk[4096];

  g_assert_cmpint (run (&out, NULL, "demo", "--database", db, "--requests", "12", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "sertel-demo"));
  g_assert_nonnull (strstr (out, "Administrator"));
  g_clear_pointer (&out, g_free);

  /* A register with data is never filled again. */
  g_assert_cmpint (run (NULL, &err, "demo", "--database", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&out, NULL, "verify", "--database", db, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Requests: 12"));
  g_assert_nonnull (strstr (out, "Staff: 7"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (NULL, NULL, "backup", "--database", db, copy, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, "backup", "--database", db, copy, NULL), ==, 1);   /* exists */
  g_assert_cmpint (run (NULL, NULL, "restore", "--database", restored, copy, NULL), ==, 0);
  g_assert_cmpint (run (&out, NULL, "export-csv", "--user", DEMO_ADMIN, "--database", db, "-", NULL), ==, 0);
  g_assert_cmpint (run (&out2, NULL, "export-csv", "--user", DEMO_ADMIN, "--database", restored, "-", NULL), ==, 0);
  g_assert_cmpstr (out, ==, out2);
  g_assert_true (g_str_has_prefix (out, "permohonan,nama,nama_gelar,nik,nip,"));

  /* Personal data leaves only on record: no user, no export; each export
   * is in the audit trail. */
  g_assert_cmpint (run (NULL, NULL, "export-csv", "--database", db, "-", NULL), ==, 2);
  {
    g_autoptr(SertelStore) store = sertel_store_open (db, &error);
    g_autoptr(GPtrArray) exports = NULL;

    g_assert_no_error (error);
    exports = sertel_store_list_audit (store, 0, "export", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (exports->len, ==, 1);
    g_assert_nonnull (strstr (((SertelAuditRecord *) g_ptr_array_index (exports, 0))->after_value, "export-csv"));
  }

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8) (i * 7 + 1);
  g_file_set_contents (garbage, (const char *) junk, sizeof junk, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (NULL, &err, "restore", "--database", restored, garbage, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot be restored"));
  g_clear_pointer (&err, g_free);
  /* The register is untouched. */
  g_assert_cmpint (run (NULL, NULL, "verify", "--database", restored, NULL), ==, 0);

  g_assert_cmpint (run (NULL, &err, "verify", "--database", "no-such.db", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no register"));
  g_assert_cmpint (run (NULL, NULL, "verify", "--database", db, "extra", NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "backup", "--database", db, NULL), ==, 2);
}

static char *
newest_received_request (const char *db)
{
  g_autofree char *out = NULL;
  char **lines;
  char *id = NULL;

  /* The demo's newest request waits for the disposition; its ID is the
   * highest in the export. */
  g_assert_cmpint (run (&out, NULL, "export-csv", "--user", DEMO_ADMIN, "--database", db, "-", NULL), ==, 0);
  lines = g_strsplit (out, "\r\n", -1);
  for (guint i = 1; lines[i] && *lines[i]; i++)
    {
      g_free (id);
      id = g_strndup (lines[i], strcspn (lines[i], ","));
    }
  g_strfreev (lines);
  return id;
}

static void
test_import_export (void)
{
  g_autofree char *db = path ("import.db");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *id = NULL;
  g_autofree char *exported = path ("export.csv");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run (NULL, NULL, "demo", "--database", db, "--requests", "6", NULL), ==, 0);
  id = newest_received_request (db);
  g_assert_nonnull (id);

  write_file ("good.csv", "\xEF\xBB\xBF" "No;Nama;NIK;NIP;E-mail;HP;Jabatan\r\n"
              "1;Budi Santoso;" NIK_M ";" NIP_M ";budi@malutprov.go.id;0812 3456 7890;\"Analis; Data\"\r\n"
              "2;Siti Aminah;" NIK_F ";" NIP_F ";siti@malutprov.go.id;;\r\n");
  write_file ("mixed.csv", "nama,nik,nip,email\n"
              "Ani Lestari,8271015505900003,199005152015032001,ani@malutprov.go.id\n"
              "Rudi,8271011203850009,199207252019032005,rudi@gmail.com\n");
  write_file ("password", "sertel-demo\n");

  /* Usage: no --request, no --user. */
  g_assert_cmpint (run (NULL, NULL, "import-csv", "--database", db, "good.csv", NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "import-csv", "--database", db, "--request", id, "good.csv", NULL), ==, 2);
  /* A wrong password changes nothing. */
  write_file ("wrong", "nope\n");
  g_assert_cmpint (run (NULL, &err, "import-csv", "--database", db, "--request", id, "--user", OPERATOR_NIP,
                        "--password-file", "wrong", "good.csv", NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  /* All or nothing: one bad row, nothing imported. */
  g_assert_cmpint (run (NULL, &err, "import-csv", "--database", db, "--request", id, "--user", OPERATOR_NIP,
                        "mixed.csv", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Line 3"));
  g_assert_nonnull (strstr (err, "Nothing was imported"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, NULL, "export-csv", "--user", DEMO_ADMIN, "--database", db, "--request", id, "-", NULL), ==, 0);
  g_assert_null (strstr (out, "Ani Lestari"));
  g_clear_pointer (&out, g_free);

  /* --skip-bad imports the good row, reports the bad one, exits 1. */
  g_assert_cmpint (run (&out, &err, "import-csv", "--database", db, "--request", id, "--user", OPERATOR_NIP,
                        "--skip-bad", "mixed.csv", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Added 1 employee"));
  g_assert_nonnull (strstr (err, "Line 3"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (&out, NULL, "import-csv", "--database", db, "--request", id, "--user", OPERATOR_NIP,
                        "--password-file", "password", "good.csv", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Added 2 employees"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (NULL, NULL, "export-csv", "--user", DEMO_ADMIN, "--database", db, "--request", id, "--semicolon", exported, NULL), ==, 0);
  g_file_get_contents (exported, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "nama;nama_gelar;nik;nip;"));
  g_assert_nonnull (strstr (contents, "Budi Santoso;;" NIK_M ";" NIP_M ";"));
  g_assert_nonnull (strstr (contents, "\"Analis; Data\""));
  g_assert_nonnull (strstr (contents, "Ani Lestari"));

  /* Importing into a request that has moved on is refused. */
  g_assert_cmpint (run (NULL, &err, "import-csv", "--database", db, "--request", "1", "--user", OPERATOR_NIP,
                        "good.csv", NULL), ==, 1);

  g_assert_cmpint (run (&out, NULL, "verify", "--database", db, NULL), ==, 0);
}

/* letter, issue-letter and disposition-sheet on a demo register. */
#define KASI_NIP "198211062008011004"   /* the demo Kasi */

static gint64
first_in_state (SertelStore *store, SertelRequestState state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_requests (store, state, 0, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  return sertel_request_get_id (g_ptr_array_index (list, 0));
}

static void
test_letters (void)
{
  g_autofree char *db = path ("letters.db");
  g_autofree char *issued = path ("issued.pdf");
  g_autofree char *written = path ("written.pdf");
  g_autofree char *sheet = path ("sheet.pdf");
  g_autofree char *err = NULL, *out = NULL;
  g_autofree char *r = NULL, *q = NULL;
  g_autofree char *a = NULL, *b = NULL;
  gsize la = 0, lb = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(GBytes) stored = NULL;
  PopplerDocument *doc;

  g_assert_cmpint (run (NULL, NULL, "demo", "--database", db, "--requests", "12", NULL), ==, 0);
  store = sertel_store_open (db, &error);
  g_assert_no_error (error);
  r = g_strdup_printf ("%" G_GINT64_FORMAT, first_in_state (store, SERTEL_REQUEST_AT_VERIFIKATOR));
  q = g_strdup_printf ("%" G_GINT64_FORMAT, first_in_state (store, SERTEL_REQUEST_RECEIVED));

  /* None issued yet: a clear error and exit 1. */
  g_assert_cmpint (run (NULL, &err, "letter", r, "--pdf", written, "--database", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No Surat Rekomendasi was issued"));
  g_assert_false (g_file_test (written, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* Not verified yet: no number, no letter. */
  g_assert_cmpint (run (NULL, NULL, "issue-letter", q, "--user", KASI_NIP, "--database", db, NULL), ==, 1);

  g_assert_cmpint (run (&out, NULL, "issue-letter", r, "--user", KASI_NIP, "--pdf", issued, "--database", db, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "000.6.5.6/"));
  g_assert_cmpint (run (NULL, &err, "issue-letter", r, "--user", KASI_NIP, "--database", db, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already issued"));
  g_clear_pointer (&err, g_free);

  /* The archived copy is the issued letter, byte for byte. */
  g_assert_cmpint (run (NULL, NULL, "letter", r, "--pdf", written, "--database", db, NULL), ==, 0);
  g_file_get_contents (issued, &a, &la, &error);
  g_assert_no_error (error);
  g_file_get_contents (written, &b, &lb, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a, la, b, lb);
  stored = sertel_store_get_letter (store, g_ascii_strtoll (r, NULL, 10), "rekomendasi", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a, la, g_bytes_get_data (stored, NULL), g_bytes_get_size (stored));

  g_assert_cmpint (run (NULL, NULL, "disposition-sheet", r, "--pdf", sheet, "--paper", "f4", "--database", db, NULL), ==, 0);
  {
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *contents = NULL;
    gsize len = 0;
    PopplerPage *page;
    g_autofree char *text = NULL;
    double w, h;

    g_file_get_contents (sheet, &contents, &len, &error);
    g_assert_no_error (error);
    bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
    doc = poppler_document_new_from_bytes (bytes, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
    page = poppler_document_get_page (doc, 0);
    poppler_page_get_size (page, &w, &h);
    g_assert_cmpfloat_with_epsilon (h, 935.43, 0.6);
    text = poppler_page_get_text (page);
    g_assert_nonnull (strstr (text, "LEMBAR DISPOSISI"));
    g_object_unref (page);
    g_object_unref (doc);
  }

  g_assert_cmpint (run (NULL, NULL, "letter", "abc", "--pdf", written, "--database", db, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "letter", r, "--database", db, NULL), ==, 2);
  g_assert_cmpint (run (NULL, NULL, "disposition-sheet", r, "--pdf", sheet, "--paper", "a3", "--database", db, NULL), ==, 2);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("sertel-cli-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/cli/check-identity", test_check_identity);
  g_test_add_func ("/cli/demo-verify-backup-restore", test_demo_verify_backup_restore);
  g_test_add_func ("/cli/import-export", test_import_export);
  g_test_add_func ("/cli/letters", test_letters);

  status = g_test_run ();

  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr(GFileEnumerator) e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                              G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
    GFileInfo *info;
    while (e && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  g_free (tmpdir);
  return status;
}
