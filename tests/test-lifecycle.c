/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The register over time, on real files: the retention rule (core and
 * sertel-cli purge), daily backups with rotation, restore refusing what is not
 * a whole Sertel register, and files readable by the user only. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-draft.h"
#include "sertel-store-lifecycle.h"

#ifdef G_OS_UNIX
#include <sys/stat.h>
#endif

static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static gint64
unix_utc (int y, int mo, int d)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, mo, d, 9, 0, 0);
  return g_date_time_to_unix (dt);
}

/* A PNG whose bytes carry @marker, so the file on disk can be searched for it. */
static GBytes *
marked_png (const char *marker)
{
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, tiny_png, sizeof tiny_png);
  g_byte_array_append (bytes, (const guint8 *) marker, strlen (marker));
  return g_byte_array_free_to_bytes (bytes);
}

static gboolean
file_contains (const char *path, const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + strlen (needle) <= len; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

/* A request with two applicants, the letter scan and a KTP scan carrying
 * @marker, walked to completion (one issued, one rejected) at @when. */
static gint64
completed_case (Fx *fx, const char *letter_number, const char *marker, gint64 when)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request (letter_number);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GBytes) pdf = pdf_bytes ();
  g_autoptr(GBytes) png = marked_png (marker);
  SertelNewAttachment letter = { "letter", "surat.pdf", pdf, -1 };
  SertelNewAttachment ktp = { "ktp", "ktp.png", png, 0 };
  gint64 id;

  fake_now = when;
  g_ptr_array_add (applicants, make_applicant ("Siti Nur'aini", NIK_F, NIP_F));
  g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
  g_ptr_array_add (attachments, &letter);
  g_ptr_array_add (attachments, &ktp);
  id = sertel_store_create_request (fx->store, fx->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  to_verifikator (fx, id);
  listed = sertel_store_list_applicants (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 2);
  move_applicant_ok (fx, sertel_applicant_get_id (listed->pdata[0]), SERTEL_ACTION_MARK_REGISTERED, NULL);
  move_applicant_ok (fx, sertel_applicant_get_id (listed->pdata[0]), SERTEL_ACTION_MARK_ISSUED, NULL);
  move_applicant_ok (fx, sertel_applicant_get_id (listed->pdata[1]), SERTEL_ACTION_MARK_REJECTED,
                     "Data KTP tidak sesuai dengan data NIP");
  {
    g_autoptr(SertelRequest) done = get_request (fx->store, id);
    g_assert_cmpint (sertel_request_get_state (done), ==, SERTEL_REQUEST_COMPLETED);
  }
  return id;
}

static guint
n_purged (Fx *fx, gint64 request_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) atts = sertel_store_list_attachments (fx->store, request_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < atts->len; i++)
    n += sertel_attachment_get_purged_at (atts->pdata[i]) != 0;
  return n;
}

static void
assert_readable (Fx *fx, gint64 request_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) atts = sertel_store_list_attachments (fx->store, request_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (atts->len, ==, 2);
  for (guint i = 0; i < atts->len; i++)
    {
      g_autoptr(GBytes) data = sertel_store_read_attachment (fx->store, sertel_attachment_get_id (atts->pdata[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (data), >, 0);
    }
}

static void
test_retention (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  SertelPurgeReport report = { 0 };
  gint64 old_case, recent_case, open_case;
  gint64 blobs_before, audit_before;

  sertel_store_set_clock (fx->store, fake_clock, NULL);
  old_case = completed_case (fx, "800/1/DINKES/2020", "KTP-OLD-CASE-4711", unix_utc (2020, 3, 2));
  recent_case = completed_case (fx, "800/2/DINKES/2025", "KTP-RECENT-CASE-0815", unix_utc (2025, 6, 1));
  fake_now = unix_utc (2026, 1, 5);
  open_case = create_two (fx, "800/3/DINKES/2026", NULL);

  /* Five years later by the store's clock: only the case completed in March
   * 2020 is due. */
  fake_now = unix_utc (2026, 11, 25);
  blobs_before = count_rows (fx->path, "blob");
  audit_before = count_rows (fx->path, "audit");

  /* 0 keeps everything. */
  g_assert_true (sertel_store_purge_expired (fx->store, 0, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.request_ids->len, ==, 0);
  sertel_purge_report_clear (&report);

  /* A dry run lists and changes nothing. */
  g_assert_true (sertel_store_purge_expired (fx->store, 5, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.request_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (report.request_ids, gint64, 0), ==, old_case);
  g_assert_cmpuint (report.n_attachments, ==, 2);
  /* The letter scan is the same content as in the other cases: only the KTP goes. */
  g_assert_cmpuint (report.n_files, ==, 1);
  g_assert_cmpint (report.bytes, ==, sizeof tiny_png + strlen ("KTP-OLD-CASE-4711"));
  sertel_purge_report_clear (&report);
  g_assert_cmpint (count_rows (fx->path, "blob"), ==, blobs_before);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, audit_before);
  g_assert_cmpuint (n_purged (fx, old_case), ==, 0);
  assert_readable (fx, old_case);

  /* The real run. */
  g_assert_true (sertel_store_purge_expired (fx->store, 5, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.request_ids->len, ==, 1);
  g_assert_cmpuint (report.n_attachments, ==, 2);
  g_assert_cmpuint (report.n_files, ==, 1);
  sertel_purge_report_clear (&report);

  g_assert_cmpuint (n_purged (fx, old_case), ==, 2);
  {
    g_autoptr(GPtrArray) atts = sertel_store_list_attachments (fx->store, old_case, &error);
    for (guint i = 0; i < atts->len; i++)
      {
        g_autoptr(GBytes) bytes = NULL;
        g_assert_cmpint (sertel_attachment_get_purged_at (atts->pdata[i]), ==, fake_now);
        bytes = sertel_store_read_attachment (fx->store, sertel_attachment_get_id (atts->pdata[i]), &error);
        g_assert_null (bytes);
        g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND);
        g_assert_nonnull (strstr (error->message, "retention rule"));
        g_clear_error (&error);
      }
  }
  assert_readable (fx, recent_case);
  assert_readable (fx, open_case);
  /* One KTP content removed; the empty content stands for purged ones. */
  g_assert_cmpint (count_rows (fx->path, "blob"), ==, blobs_before - 1 + 1);
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM blob WHERE size = 0"), ==, 1);

  /* One audit entry for the case, and the chain still holds. */
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, audit_before + 1);
  {
    g_autoptr(GPtrArray) audit = sertel_store_list_audit (fx->store, old_case, "request", &error);
    SertelAuditRecord *last;
    g_assert_no_error (error);
    last = audit->pdata[audit->len - 1];
    g_assert_cmpstr (last->action, ==, "retention.purge");
    g_assert_nonnull (strstr (last->before_value, "ktp"));
  }
  assert_audit_ok (fx->store);

  /* The scan's bytes are gone from the file on disk and its log. */
  g_clear_object (&fx->store);
  g_assert_false (file_contains (fx->path, "KTP-OLD-CASE-4711"));
  g_assert_false (file_contains (wal, "KTP-OLD-CASE-4711"));
  g_assert_true (file_contains (fx->path, "KTP-RECENT-CASE-0815") || file_contains (wal, "KTP-RECENT-CASE-0815"));
  {
    g_autofree char *integrity = raw_text (fx->path, "PRAGMA integrity_check");
    g_assert_cmpstr (integrity, ==, "ok");
  }

  /* Run again: nothing more to do. */
  fx->store = sertel_store_open (fx->path, &error);
  g_assert_no_error (error);
  sertel_store_set_clock (fx->store, fake_clock, NULL);
  g_assert_true (sertel_store_purge_expired (fx->store, 5, FALSE, &report, &error));
  g_assert_cmpuint (report.request_ids->len, ==, 0);
  sertel_purge_report_clear (&report);
  /* A shorter rule takes the 2025 case too. */
  g_assert_true (sertel_store_purge_expired (fx->store, 1, FALSE, &report, &error));
  g_assert_cmpuint (report.request_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (report.request_ids, gint64, 0), ==, recent_case);
  sertel_purge_report_clear (&report);
  assert_readable (fx, open_case);
  assert_audit_ok (fx->store);
}

/* ------------------------------------------------------------------------ */
/* sertel-cli purge, on a register whose cases completed in 2019. */

static int
run_cli (char **out, char **err, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;
  const char *arg;
  va_list ap;

  g_assert_nonnull (g_getenv ("SERTEL_CLI"));
  g_ptr_array_add (args, (char *) g_getenv ("SERTEL_CLI"));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

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

static void
test_cli_purge (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *line = NULL;
  gint64 old_case;

  /* The CLI runs on the real clock: a case completed in 2019 is due. */
  sertel_store_set_clock (fx->store, fake_clock, NULL);
  old_case = completed_case (fx, "800/9/BPKAD/2019", "KTP-CLI-CASE-2019", unix_utc (2019, 2, 1));
  g_clear_object (&fx->store);
  line = g_strdup_printf ("Request %" G_GINT64_FORMAT ":", old_case);

  g_assert_cmpint (run_cli (&out, NULL, "purge", "--dry-run", "--database", fx->path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, line));
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM attachment WHERE purged_at IS NOT NULL"), ==, 0);
  g_assert_true (file_contains (fx->path, "KTP-CLI-CASE-2019"));

  g_assert_cmpint (run_cli (&out2, NULL, "purge", "--database", fx->path, NULL), ==, 0);
  g_assert_nonnull (strstr (out2, line));
  g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM attachment WHERE purged_at IS NOT NULL"), ==, 2);
  g_assert_false (file_contains (fx->path, "KTP-CLI-CASE-2019"));

  g_assert_cmpint (run_cli (&out3, NULL, "purge", "--database", fx->path, NULL), ==, 0);
  g_assert_null (strstr (out3, line));
  g_assert_cmpint (run_cli (NULL, NULL, "purge", "--years", "-4", "--database", fx->path, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, "verify", "--database", fx->path, NULL), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Scheduled backups */

static guint
count_backups (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, "sertel-backup-") && g_str_has_suffix (name, ".db") &&
         strlen (name) == strlen ("sertel-backup-20261101T090000Z.db");
  return n;
}

#ifdef G_OS_UNIX
static guint
mode_of (const char *path)
{
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}
#endif

static void
test_scheduled_backup (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fx->dir, "backups", NULL);
  g_autofree char *foreign = g_build_filename (folder, "catatan.txt", NULL);
  g_autofree char *lookalike = g_build_filename (folder, "sertel-backup-lama.db", NULL);
  g_autofree char *first = NULL;
  g_autofree char *newest = NULL;
  char *written = NULL;
  guint removed = 0;
  gint64 start = unix_utc (2026, 11, 1);

  sertel_store_set_clock (fx->store, fake_clock, NULL);
  fake_now = start;
  create_two (fx, "300/1/BAPPEDA/2026", NULL);

  /* None yet: due. */
  g_assert_cmpint (sertel_backup_newest (folder, NULL), ==, 0);
  g_assert_true (sertel_store_scheduled_backup (fx->store, folder, 14, FALSE, &written, &removed, &error));
  g_assert_no_error (error);
  g_assert_nonnull (written);
  first = written;
  g_assert_true (g_str_has_suffix (first, "sertel-backup-20261101T090000Z.db"));
  g_assert_cmpint (sertel_backup_newest (folder, NULL), ==, start);
  g_assert_true (sertel_store_check_file (first, &error));
  g_assert_no_error (error);
#ifdef G_OS_UNIX
  g_assert_cmpuint (mode_of (folder), ==, 0700);
  g_assert_cmpuint (mode_of (first), ==, 0600);
#endif
  /* A copy that opens with the request in it. */
  {
    g_autoptr(SertelStore) copy = sertel_store_open (first, &error);
    guint total = 0;
    g_assert_no_error (error);
    g_assert_true (sertel_store_count_requests (copy, (guint[6]) { 0 }, &total, &error));
    g_assert_cmpuint (total, ==, 1);
  }

  /* Files that are not ours, in the same folder, are never touched. */
  g_file_set_contents (foreign, "catatan", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (lookalike, "bukan cadangan", -1, &error);
  g_assert_no_error (error);

  /* Twelve hours later: not due. */
  fake_now = start + 12 * 3600;
  g_assert_true (sertel_store_scheduled_backup (fx->store, folder, 14, FALSE, &written, &removed, &error));
  g_assert_null (written);
  g_assert_cmpuint (count_backups (folder), ==, 1);

  /* A day after each other for twenty days, keeping fourteen. */
  for (int day = 1; day <= 20; day++)
    {
      fake_now = start + day * 24 * 3600;
      create_two (fx, "300/1/BAPPEDA/2026", NULL);
      g_assert_true (sertel_store_scheduled_backup (fx->store, folder, 14, FALSE, &written, &removed, &error));
      g_assert_no_error (error);
      g_assert_nonnull (written);
      g_assert_cmpuint (removed, ==, day > 14 ? 1 : 0);
      g_clear_pointer (&newest, g_free);
      newest = written;
    }
  /* Days 6..20 are within fourteen days of day 20. */
  g_assert_cmpuint (count_backups (folder), ==, 15);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (lookalike, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sertel_backup_newest (folder, NULL), ==, start + 20 * 24 * 3600);
  /* No partial files left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".part") || g_str_has_suffix (name, "-wal") ||
                      g_str_has_suffix (name, "-shm"));
  }
  /* The newest holds all 21 requests. */
  {
    g_autoptr(SertelStore) copy = sertel_store_open (newest, &error);
    guint total = 0;
    g_assert_no_error (error);
    g_assert_true (sertel_store_count_requests (copy, (guint[6]) { 0 }, &total, &error));
    g_assert_cmpuint (total, ==, 21);
  }

  /* No folder given: "backups" beside the register. */
  fake_now += 3600;
  g_assert_true (sertel_store_scheduled_backup (fx->store, NULL, 14, TRUE, &written, &removed, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (written, folder));
  g_clear_pointer (&written, g_free);
  g_clear_pointer (&newest, g_free);

  /* A folder that cannot be made is a clear error. */
  {
    g_autofree char *blocked = g_build_filename (foreign, "sub", NULL);
    g_assert_false (sertel_store_scheduled_backup (fx->store, blocked, 14, TRUE, &written, &removed, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "backup folder"));
    g_clear_error (&error);
  }
}

/* ------------------------------------------------------------------------ */
/* Restore refuses each kind of wrong file with its own reason, and leaves
 * the register as it was. */

static void
test_restore_refusals (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fx->dir, "backup.db", NULL);
  g_autofree char *text = g_build_filename (fx->dir, "daftar.csv", NULL);
  g_autofree char *foreign = g_build_filename (fx->dir, "lain.sqlite", NULL);
  g_autofree char *corrupt = g_build_filename (fx->dir, "rusak.db", NULL);
  g_autofree char *tampered = g_build_filename (fx->dir, "diubah.db", NULL);
  g_autofree char *before = NULL;
  struct { const char *path; const char *reason; } cases[4];

  create_two (fx, "300/7/BAPPEDA/2026", NULL);
  g_assert_true (sertel_store_backup (fx->store, backup, &error));
  g_assert_no_error (error);
  g_clear_object (&fx->store);
  before = file_sha256 (fx->path);

  g_file_set_contents (text, "nama,nik,nip\nSiti,8271035203850001,198503122010012001\n", -1, &error);
  g_assert_no_error (error);

  {
    /* Another program's SQLite database. */
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (foreign, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE pegawai (nama TEXT, nik TEXT);"
                                       "INSERT INTO pegawai VALUES ('Siti', '1');", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  /* Overwrite a page in the middle of a real backup. */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_file_get_contents (backup, &contents, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (len, >, 4 * 4096);
    memset (contents + 2 * 4096, 0xA5, 4096);
    g_file_set_contents (corrupt, contents, len, &error);
    g_assert_no_error (error);
  }

  /* A whole, intact file whose audit trail was edited behind Sertel's back. */
  {
    g_autoptr(GFile) from = g_file_new_for_path (backup);
    g_autoptr(GFile) to = g_file_new_for_path (tampered);
    g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    raw_exec (tampered, "UPDATE audit SET after_value = 'x' WHERE id = 2");
  }

  cases[0].path = text;     cases[0].reason = "not a database file";
  cases[1].path = foreign;  cases[1].reason = "not a Sertel register";
  cases[2].path = corrupt;  cases[2].reason = "is damaged";
  cases[3].path = tampered; cases[3].reason = "audit trail";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;

      g_assert_false (sertel_store_check_file (cases[i].path, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].reason));
      g_clear_error (&error);

      g_assert_false (sertel_store_restore (cases[i].path, fx->path, &error));
      g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
      g_test_message ("%s: %s", cases[i].path, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].reason));
      g_assert_nonnull (strstr (error->message, "Nothing was replaced"));
      g_clear_error (&error);

      after = file_sha256 (fx->path);
      g_assert_cmpstr (after, ==, before);
    }

  /* And the real backup restores. */
  g_assert_true (sertel_store_restore (backup, fx->path, &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */
/* Files readable by the user only */

#ifdef G_OS_UNIX
static void
test_permissions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *data_dir = g_build_filename (dir, "data", "sertel", NULL);
  g_autofree char *path = g_build_filename (data_dir, "sertel.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backup = g_build_filename (dir, "copy.db", NULL);
  g_autofree char *drafts = g_build_filename (data_dir, "drafts", NULL);
  g_autofree char *loose = g_build_filename (dir, "loose.db", NULL);
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autoptr(SertelDraft) draft = sertel_draft_new ();
  mode_t old_mask = umask (022);

  store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  admin = sertel_store_add_staff (store, NULL, "Admin", "198001012005011001", SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (data_dir), ==, 0700);
  g_assert_cmpuint (mode_of (path), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
  g_assert_cmpuint (mode_of (shm), ==, 0600);

  g_assert_true (sertel_store_backup (store, backup, &error));
  g_assert_cmpuint (mode_of (backup), ==, 0600);

  /* A draft with a scan. */
  draft->letter_number = g_strdup ("800/1/X/2026");
  draft->letter_data = png_bytes ();
  draft->letter_file_name = g_strdup ("surat.png");
  g_assert_true (sertel_draft_save (draft, drafts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (drafts), ==, 0700);
  {
    g_autoptr(GDir) d = g_dir_open (drafts, 0, NULL);
    const char *name;
    guint n = 0;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (drafts, name, NULL);
        g_assert_cmpuint (mode_of (p), ==, g_file_test (p, G_FILE_TEST_IS_DIR) ? 0700 : 0600);
        n++;
      }
    g_assert_cmpuint (n, >=, 2);
  }

  /* A register made readable by everyone (copied in by hand) is closed to
   * others when Sertel opens it; a group the office chose keeps access. */
  g_clear_object (&store);
  {
    g_autoptr(GFile) from = g_file_new_for_path (backup);
    g_autoptr(GFile) to = g_file_new_for_path (loose);
    g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_chmod (loose, 0644);
  store = sertel_store_open (loose, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (loose), ==, 0640);

  umask (old_mask);
  g_clear_object (&store);
  rm_rf (dir);
}
#endif

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/lifecycle/retention", Fx, NULL, fx_setup, test_retention, fx_teardown);
  g_test_add ("/lifecycle/cli-purge", Fx, NULL, fx_setup, test_cli_purge, fx_teardown);
  g_test_add ("/lifecycle/scheduled-backup", Fx, NULL, fx_setup, test_scheduled_backup, fx_teardown);
  g_test_add ("/lifecycle/restore-refusals", Fx, NULL, fx_setup, test_restore_refusals, fx_teardown);
#ifdef G_OS_UNIX
  g_test_add_func ("/lifecycle/permissions", test_permissions);
#endif

  ret = g_test_run ();
  remove_template ();
  return ret;
}
