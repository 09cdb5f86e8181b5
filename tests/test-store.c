/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store: opening and schema, staff, the whole SOP walk with refusals that
 * change nothing, validation in the core, attachments, duplicates, hostile
 * text, backup and restore. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-db-sqlite.h"
#include "sertel-store-migrations.h"

/* ------------------------------------------------------------------------ */
/* Opening */

static void
test_open_fresh (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sub", "dir", "sertel.db", NULL);
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autofree char *mode = NULL;
  gboolean has = TRUE;

  store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sertel_store_get_path (store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, sertel_store_migrations_latest ());
  g_assert_cmpint (sertel_store_migrations_latest (), >=, 1);
  mode = raw_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  for (guint i = 0; i < 9; i++)
    {
      static const char *tables[] = { "staff", "opd", "request", "applicant", "blob", "attachment",
                                      "transition", "audit", "letter_counter" };
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'", tables[i]);
      g_assert_cmpint (raw_int (path, sql), ==, 1);
    }
#ifdef G_OS_UNIX
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 077, ==, 0);   /* private: NIKs and KTP scans */
  }
#endif

  g_assert_true (sertel_store_has_staff (store, &has, &error));
  g_assert_false (has);
  admin = sertel_store_add_staff (store, NULL, "Admin Sistem", "198001012005011001", SERTEL_ROLE_ADMIN,
                                  TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Re-open: the data is still there, nothing migrated twice. */
  store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (sertel_store_has_staff (store, &has, &error));
  g_assert_true (has);
  {
    g_autoptr(SertelStaff) again = sertel_store_get_staff (store, sertel_staff_get_id (admin), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sertel_staff_get_name (again), ==, "Admin Sistem");
    g_assert_cmpint (sertel_staff_get_role (again), ==, SERTEL_ROLE_ADMIN);
  }
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, sertel_store_migrations_latest ());
  g_clear_object (&store);
  rm_rf (dir);
}

static void
test_open_foreign_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sertel.db", NULL);
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autoptr(SertelDb) db = NULL;
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_assert_no_error (error);
  /* The driver the store opens its file with switches foreign keys on. */
  db = sertel_db_sqlite_open (path, &error);
  g_assert_no_error (error);
  stmt = sertel_db_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sertel_db_stmt_step (stmt, &error), ==, SERTEL_DB_STEP_ROW);
  g_assert_cmpint (sertel_db_stmt_int64 (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, sertel_db_stmt_release);
  /* …and they are enforced: an applicant of a request that does not exist. */
  g_assert_false (sertel_db_exec (db, "INSERT INTO applicant (request_id, position, name, nik, nip, state)"
                                      " VALUES (999, 1, 'x', 'y', 'z', 'pending')", &error));
  g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_CONSTRAINT);
  g_clear_object (&db);
  g_clear_object (&store);
  rm_rf (dir);
}

static void
test_open_newer_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sertel.db", NULL);
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_no_error (error);
  g_clear_object (&store);
  /* A later Sertel wrote this file; it also left it in rollback-journal mode. */
  sql = g_strdup_printf ("PRAGMA journal_mode = DELETE; PRAGMA user_version = %d;",
                         sertel_store_migrations_latest () + 3);
  raw_exec (path, sql);
  before = file_sha256 (path);

  store = sertel_store_open (path, &error);
  g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
  after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));   /* not switched to WAL either */
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, sertel_store_migrations_latest () + 3);
  rm_rf (dir);
}

static void
test_open_not_a_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.db", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SertelStore *store;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "line %u of a shopping list, not a register\n", i);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  before = file_sha256 (path);

  store = sertel_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_CORRUPT);
  after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);
  rm_rf (dir);
}

/* ------------------------------------------------------------------------ */
/* Staff */

static void
test_staff (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sertel.db", NULL);
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autoptr(SertelStaff) admin = NULL;
  g_autoptr(SertelStaff) op = NULL;
  g_autoptr(SertelStaff) admin2 = NULL;
  g_autoptr(SertelStaff) who = NULL;
  g_autofree char *hash = NULL;
  SertelStaff *none;

  g_assert_no_error (error);

  /* The first account must be an administrator. */
  none = sertel_store_add_staff (store, NULL, "Operator", "198001012005011002", SERTEL_ROLE_OPERATOR, TEST_PASSWORD, &error);
  g_assert_null (none);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (path, "staff"), ==, 0);

  /* Bad input is refused before anything is written. */
  none = sertel_store_add_staff (store, NULL, "Admin", "19800101200501100", SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
  g_assert_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_LENGTH);
  g_clear_error (&error);
  none = sertel_store_add_staff (store, NULL, "Admin", "198001012005011001", SERTEL_ROLE_ADMIN, "pendek", &error);
  g_assert_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_SHORT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (path, "staff"), ==, 0);

  admin = sertel_store_add_staff (store, NULL, "  Admin   Sistem ", "1980 0101 200501 1 001", SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sertel_staff_get_name (admin), ==, "Admin Sistem");
  g_assert_cmpstr (sertel_staff_get_nip (admin), ==, "198001012005011001");

  /* The second needs an administrator acting. */
  none = sertel_store_add_staff (store, NULL, "Operator", "198001012005011002", SERTEL_ROLE_OPERATOR, TEST_PASSWORD, &error);
  g_assert_null (none);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  g_clear_error (&error);
  op = sertel_store_add_staff (store, admin, "Operator Satu", "198001012005011002", SERTEL_ROLE_OPERATOR, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  none = sertel_store_add_staff (store, op, "Kasi", "198001012005011003", SERTEL_ROLE_KASI, TEST_PASSWORD, &error);
  g_assert_null (none);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  /* Same NIP twice. */
  none = sertel_store_add_staff (store, admin, "Kembar", "198001012005011002", SERTEL_ROLE_KASI, TEST_PASSWORD, &error);
  g_assert_null (none);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (path, "staff"), ==, 2);

  /* Stored as Argon2id, never the password itself. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT password_hash FROM staff WHERE id = %" G_GINT64_FORMAT, sertel_staff_get_id (op));
    hash = raw_text (path, sql);
  }
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, TEST_PASSWORD));
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM staff WHERE password_hash NOT LIKE '$argon2id$%'"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM staff WHERE instr(password_hash, '%s') > 0", TEST_PASSWORD);
    g_assert_cmpint (raw_int (path, sql), ==, 0);
  }

  /* Sign in. */
  who = sertel_store_authenticate (store, sertel_staff_get_id (op), TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sertel_staff_get_role (who), ==, SERTEL_ROLE_OPERATOR);
  g_clear_object (&who);
  who = sertel_store_authenticate (store, sertel_staff_get_id (op), "salah-sandi-123", &error);
  g_assert_null (who);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  g_clear_error (&error);
  who = sertel_store_authenticate (store, 4242, TEST_PASSWORD, &error);
  g_assert_null (who);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  g_clear_error (&error);

  /* Role changes and deactivation: administrators only. */
  g_assert_false (sertel_store_set_staff_role (store, op, sertel_staff_get_id (op), SERTEL_ROLE_ADMIN, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (sertel_store_set_staff_active (store, op, sertel_staff_get_id (admin), FALSE, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (sertel_store_set_staff_role (store, admin, sertel_staff_get_id (op), SERTEL_ROLE_KASI, &error));
  g_assert_no_error (error);
  who = sertel_store_get_staff (store, sertel_staff_get_id (op), &error);
  g_assert_cmpint (sertel_staff_get_role (who), ==, SERTEL_ROLE_KASI);
  g_clear_object (&who);

  /* The last administrator stays. */
  g_assert_false (sertel_store_set_staff_role (store, admin, sertel_staff_get_id (admin), SERTEL_ROLE_OPERATOR, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (sertel_store_set_staff_active (store, admin, sertel_staff_get_id (admin), FALSE, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1"), ==, 1);

  /* Deactivated: cannot sign in, cannot act. */
  g_assert_true (sertel_store_set_staff_active (store, admin, sertel_staff_get_id (op), FALSE, &error));
  g_assert_no_error (error);
  who = sertel_store_authenticate (store, sertel_staff_get_id (op), TEST_PASSWORD, &error);
  g_assert_null (who);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) active = sertel_store_list_staff (store, FALSE, &error);
    g_autoptr(GPtrArray) all = sertel_store_list_staff (store, TRUE, &error);
    g_assert_cmpuint (active->len, ==, 1);
    g_assert_cmpuint (all->len, ==, 2);
  }

  /* With a second administrator the first may step down. */
  admin2 = sertel_store_add_staff (store, admin, "Admin Dua", "198001012005011004", SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (sertel_store_set_staff_active (store, admin2, sertel_staff_get_id (admin), FALSE, &error));
  g_assert_no_error (error);
  /* The deactivated administrator's old object no longer carries rights. */
  g_assert_false (sertel_store_set_staff_active (store, admin, sertel_staff_get_id (op), TRUE, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_true (sertel_store_set_staff_active (store, admin2, sertel_staff_get_id (op), TRUE, &error));
  g_assert_no_error (error);
  who = sertel_store_authenticate (store, sertel_staff_get_id (op), TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&who);

  assert_audit_ok (store);
  g_clear_object (&store);
  rm_rf (dir);
}

/* ------------------------------------------------------------------------ */
/* The SOP walk */

typedef struct {
  gint64 version;
  SertelRequestState state;
  gint64 transitions, audit;
} Snap;

static Snap
snap (Fx *fx, gint64 id)
{
  g_autoptr(SertelRequest) r = get_request (fx->store, id);
  Snap s = { sertel_request_get_version (r), sertel_request_get_state (r),
             count_rows (fx->path, "transition"), count_rows (fx->path, "audit") };
  return s;
}

static void
assert_unchanged (Fx *fx, gint64 id, const Snap *before)
{
  Snap now = snap (fx, id);

  g_assert_cmpint (now.version, ==, before->version);
  g_assert_cmpint (now.state, ==, before->state);
  g_assert_cmpint (now.transitions, ==, before->transitions);
  g_assert_cmpint (now.audit, ==, before->audit);
}

static void
refuse_move (Fx *fx, SertelStaff *actor, gint64 id, SertelAction action, gint64 assignee,
             const char *note, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;
  Snap before = snap (fx, id);

  g_assert_false (sertel_store_move_request (fx->store, actor, id, before.version, action, assignee, note, &error));
  g_assert_error (error, domain, code);
  assert_unchanged (fx, id, &before);
}

static void
refuse_applicant (Fx *fx, SertelStaff *actor, gint64 applicant_id, SertelAction action,
                  const char *reason, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelApplicant) a = sertel_store_get_applicant (fx->store, applicant_id, &error);
  g_autoptr(SertelApplicant) after = NULL;
  Snap before = snap (fx, sertel_applicant_get_request_id (a));

  g_assert_false (sertel_store_move_applicant (fx->store, actor, applicant_id, sertel_applicant_get_version (a),
                                               action, reason, &error));
  g_assert_error (error, domain, code);
  assert_unchanged (fx, sertel_applicant_get_request_id (a), &before);
  after = sertel_store_get_applicant (fx->store, applicant_id, NULL);
  g_assert_cmpint (sertel_applicant_get_state (after), ==, sertel_applicant_get_state (a));
  g_assert_cmpint (sertel_applicant_get_version (after), ==, sertel_applicant_get_version (a));
}

static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static void
test_sop_walk (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GPtrArray) transitions = NULL;
  g_autofree char *expected_number = NULL;
  const GQuark wf = SERTEL_WORKFLOW_ERROR;
  gint64 id, a1, a2, verif_id = sertel_staff_get_id (fx->verif);
  SertelSla sla;

  fake_now = 1768453200;   /* 2026-01-15 05:00 UTC */
  sertel_store_set_clock (fx->store, fake_clock, NULL);

  id = create_two (fx, "800/123/DISDIK/I/2026", NULL);
  r = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_RECEIVED);
  g_assert_cmpint (sertel_request_get_version (r), ==, 1);
  g_assert_cmpuint (sertel_request_get_n_applicants (r), ==, 2);
  g_assert_cmpint (sertel_request_get_received_at (r), ==, fake_now);
  g_assert_cmpstr (sertel_request_get_opd_name (r), ==, "Dinas Pendidikan");
  g_clear_object (&r);
  applicants = sertel_store_list_applicants (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applicants->len, ==, 2);
  a1 = sertel_applicant_get_id (g_ptr_array_index (applicants, 0));
  a2 = sertel_applicant_get_id (g_ptr_array_index (applicants, 1));
  g_assert_cmpstr (sertel_applicant_get_nik (g_ptr_array_index (applicants, 0)), ==, NIK_F);
  g_assert_cmpstr (sertel_applicant_get_nip (g_ptr_array_index (applicants, 1)), ==, NIP_M);
  g_assert_cmpint (sertel_applicant_get_state (g_ptr_array_index (applicants, 0)), ==, SERTEL_APPLICANT_PENDING);
  attachments = sertel_store_list_attachments (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 2);
  g_assert_cmpstr (sertel_attachment_get_mime (g_ptr_array_index (attachments, 0)), ==, "application/pdf");
  g_assert_cmpstr (sertel_attachment_get_mime (g_ptr_array_index (attachments, 1)), ==, "image/png");
  g_assert_cmpint (sertel_attachment_get_applicant_id (g_ptr_array_index (attachments, 1)), ==, a1);

  /* Only the Operator takes requests in. */
  {
    g_autoptr(SertelRequest) other = make_request ("1/2/3");
    gint64 before = count_rows (fx->path, "request");
    g_assert_cmpint (sertel_store_create_request (fx->store, fx->kasi, other, NULL, NULL, NULL, &error), ==, 0);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
    g_clear_error (&error);
    g_assert_cmpint (sertel_store_create_request (fx->store, NULL, other, NULL, NULL, NULL, &error), ==, 0);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
    g_clear_error (&error);
    g_assert_cmpint (count_rows (fx->path, "request"), ==, before);
  }

  /* Step 1: the Kepala Dinas. */
  refuse_move (fx, fx->kabid, id, SERTEL_ACTION_DISPOSE, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_move (fx, fx->operator, id, SERTEL_ACTION_DISPOSE, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_move (fx, fx->admin, id, SERTEL_ACTION_DISPOSE, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_move (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, verif_id, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_move (fx, fx->operator, id, SERTEL_ACTION_RESUBMIT, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_applicant (fx, fx->verif, a1, SERTEL_ACTION_MARK_REGISTERED, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  fake_now += 600;
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, "Proses sesuai SOP");

  /* Step 2: the Kabid. */
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_FORWARD, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_move (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  fake_now += 1200;
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);

  /* Step 3: the Kasi; first a return to the OPD. */
  refuse_move (fx, fx->verif, id, SERTEL_ACTION_ASSIGN, verif_id, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_move (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_REASON_REQUIRED);
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, "", wf, SERTEL_WORKFLOW_ERROR_REASON_REQUIRED);
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, "   ", wf, SERTEL_WORKFLOW_ERROR_REASON_REQUIRED);
  /* An assignee who is not an active Verifikator. */
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, sertel_staff_get_id (fx->operator), NULL,
               SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, 0, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_assert_cmpint (count_rows (fx->path, "letter_counter"), ==, 0);
  move_ok (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, "  Scan KTP pemohon kedua tidak terbaca ");
  r = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_RETURNED);
  g_assert_cmpstr (sertel_request_get_return_reason (r), ==, "Scan KTP pemohon kedua tidak terbaca");
  g_assert_null (sertel_request_get_recommendation_number (r));
  g_clear_object (&r);

  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_RESUBMIT, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_move (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  fake_now += 86400;   /* the OPD takes a day: not office time */
  move_ok (fx, fx->operator, id, SERTEL_ACTION_RESUBMIT, 0, "Scan diganti");
  r = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_RECEIVED);
  g_assert_null (sertel_request_get_return_reason (r));
  g_clear_object (&r);

  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  fake_now += 300;
  move_ok (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, verif_id, NULL);
  r = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_AT_VERIFIKATOR);
  g_assert_cmpint (sertel_request_get_assigned_to (r), ==, verif_id);
  expected_number = g_strdup_printf ("000.6.5.6/1/DKIP/%d", 2026);
  g_assert_cmpstr (sertel_request_get_recommendation_number (r), ==, expected_number);
  g_clear_object (&r);

  /* Step 4: the Verifikator, applicant by applicant. */
  refuse_move (fx, fx->verif, id, SERTEL_ACTION_COMPLETE, 0, NULL, wf, SERTEL_WORKFLOW_ERROR_NOT_FINISHED);
  refuse_applicant (fx, fx->kasi, a1, SERTEL_ACTION_MARK_REGISTERED, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_applicant (fx, fx->operator, a1, SERTEL_ACTION_MARK_REGISTERED, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  refuse_applicant (fx, fx->verif, a1, SERTEL_ACTION_MARK_VERIFIED, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_applicant (fx, fx->verif, a1, SERTEL_ACTION_MARK_ISSUED, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_applicant (fx, fx->verif, a1, SERTEL_ACTION_MARK_REJECTED, "", wf, SERTEL_WORKFLOW_ERROR_REASON_REQUIRED);
  fake_now += 3600;
  move_applicant_ok (fx, a1, SERTEL_ACTION_MARK_REGISTERED, NULL);
  move_applicant_ok (fx, a1, SERTEL_ACTION_MARK_VERIFIED, NULL);
  refuse_applicant (fx, fx->verif, a1, SERTEL_ACTION_MARK_REGISTERED, NULL, wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  move_applicant_ok (fx, a1, SERTEL_ACTION_MARK_ISSUED, NULL);
  r = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_AT_VERIFIKATOR);
  g_clear_object (&r);
  move_applicant_ok (fx, a2, SERTEL_ACTION_MARK_REGISTERED, NULL);
  move_applicant_ok (fx, a2, SERTEL_ACTION_MARK_ISSUED, NULL);

  /* The last applicant done completes the request in the same breath. */
  r = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_COMPLETED);
  g_assert_cmpstr (sertel_request_get_recommendation_number (r), ==, expected_number);
  g_clear_object (&r);
  refuse_applicant (fx, fx->verif, a2, SERTEL_ACTION_MARK_REJECTED, "terlambat", wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  refuse_move (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, "terlambat", wf, SERTEL_WORKFLOW_ERROR_WRONG_STATE);

  transitions = sertel_store_list_transitions (fx->store, id, &error);
  g_assert_no_error (error);
  {
    static const char *expected[] = { "dispose", "forward", "return", "resubmit", "dispose", "forward", "assign",
                                      "mark_registered", "mark_verified", "mark_issued",
                                      "mark_registered", "mark_issued", "complete" };
    g_assert_cmpuint (transitions->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < transitions->len; i++)
      {
        SertelTransitionRecord *t = g_ptr_array_index (transitions, i);
        g_assert_cmpstr (t->action, ==, expected[i]);
      }
    g_assert_cmpstr (((SertelTransitionRecord *) g_ptr_array_index (transitions, 0))->note, ==, "Proses sesuai SOP");
    g_assert_cmpint (((SertelTransitionRecord *) g_ptr_array_index (transitions, 0))->actor_id, ==, sertel_staff_get_id (fx->kadis));
    g_assert_cmpint (((SertelTransitionRecord *) g_ptr_array_index (transitions, 12))->actor_id, ==, verif_id);
  }

  /* Office time: 600 s in step 1 and 1200 s in step 2 on the first round. */
  g_assert_true (sertel_store_get_sla (fx->store, id, &sla, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sla.elapsed[SERTEL_STEP_DISPOSITION], ==, 600);
  g_assert_cmpint (sla.elapsed[SERTEL_STEP_KABID], ==, 1200);
  g_assert_cmpint (sla.elapsed[SERTEL_STEP_VERIFICATION], ==, 300);
  g_assert_true (sla.overdue[SERTEL_STEP_KABID]);
  g_assert_false (sla.overdue[SERTEL_STEP_DISPOSITION]);

  assert_audit_ok (fx->store);
}

/* An applicant added later counts: the request can be assigned. */
static void
test_add_applicant_counts (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request ("005/1/BKD/2026");
  g_autoptr(SertelApplicant) a = make_applicant ("Ahmad Yani", NIK_M, NIP_M);
  g_autoptr(SertelRequest) got = NULL;
  gint64 id, aid;

  id = sertel_store_create_request (fx->store, fx->operator, r, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  got = get_request (fx->store, id);
  g_assert_cmpuint (sertel_request_get_n_applicants (got), ==, 0);
  g_clear_object (&got);

  /* A stale version is refused. */
  g_assert_cmpint (sertel_store_add_applicant (fx->store, fx->operator, id, 7, a, NULL, &error), ==, 0);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  aid = sertel_store_add_applicant (fx->store, fx->operator, id, 1, a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (aid, >, 0);
  got = get_request (fx->store, id);
  g_assert_cmpuint (sertel_request_get_n_applicants (got), ==, 1);
  g_assert_cmpint (sertel_request_get_version (got), ==, 2);
  g_clear_object (&got);

  to_verifikator (fx, id);
  got = get_request (fx->store, id);
  g_assert_cmpint (sertel_request_get_state (got), ==, SERTEL_REQUEST_AT_VERIFIKATOR);
  g_clear_object (&got);

  /* After the disposition, no more applicants. */
  {
    g_autoptr(SertelApplicant) b = make_applicant ("Siti Nur'aini", NIK_F, NIP_F);
    g_assert_cmpint (sertel_store_add_applicant (fx->store, fx->operator, id, request_version (fx->store, id), b, NULL, &error), ==, 0);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  }
}

/* ------------------------------------------------------------------------ */
/* Validation in the core */

static void
expect_create_fails (Fx *fx, SertelRequest *r, SertelApplicant *a, GQuark domain, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) applicants = g_ptr_array_new ();
  gint64 requests = count_rows (fx->path, "request");
  gint64 people = count_rows (fx->path, "applicant");
  gint64 audit = count_rows (fx->path, "audit");

  if (a)
    g_ptr_array_add (applicants, a);
  g_assert_cmpint (sertel_store_create_request (fx->store, fx->operator, r, applicants, NULL, NULL, &error), ==, 0);
  g_assert_error (error, domain, code);
  g_assert_cmpint (count_rows (fx->path, "request"), ==, requests);
  g_assert_cmpint (count_rows (fx->path, "applicant"), ==, people);
  g_assert_cmpint (count_rows (fx->path, "audit"), ==, audit);
}

static void
test_validation (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  const GQuark id_err = SERTEL_IDENTITY_ERROR;

  /* Applicants */
  {
    g_autoptr(SertelRequest) r = make_request ("1/A/2026");
    g_autoptr(SertelApplicant) a = make_applicant ("Siti", "827103520385000", NIP_F);
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_LENGTH);
    sertel_applicant_set_nik (a, "82710352038500X1");
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_NOT_DIGITS);
    sertel_applicant_set_nik (a, NIK_F);
    sertel_applicant_set_nip (a, "19850312201001200A");
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_NOT_DIGITS);
    sertel_applicant_set_nip (a, "198502302010012001");   /* 30 February */
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_BIRTH_DATE);
    sertel_applicant_set_nip (a, NIP_F);
    sertel_applicant_set_email (a, "siti@gmail.com");
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN);
    sertel_applicant_set_email (a, "siti at malutprov.go.id");
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX);
    sertel_applicant_set_email (a, NULL);
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_EMPTY);
    sertel_applicant_set_email (a, "siti@malutprov.go.id");
    sertel_applicant_set_name (a, "   ");
    expect_create_fails (fx, r, a, id_err, SERTEL_IDENTITY_ERROR_EMPTY);
  }

  /* A NIK/NIP disagreement: refused without a reason, kept with one. */
  {
    g_autoptr(SertelRequest) r = make_request ("2/A/2026");
    g_autoptr(SertelApplicant) a = make_applicant ("Siti Nur'aini", NIK_F, NIP_M);
    g_autoptr(GPtrArray) applicants = g_ptr_array_new ();
    g_autoptr(GPtrArray) list = NULL;
    gint64 id;

    expect_create_fails (fx, r, a, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_applicant_set_mismatch_reason (a, "  \t ");
    expect_create_fails (fx, r, a, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_applicant_set_mismatch_reason (a, "NIK salah cetak di Dukcapil; surat keterangan terlampir");
    g_ptr_array_add (applicants, a);
    id = sertel_store_create_request (fx->store, fx->operator, r, applicants, NULL, NULL, &error);
    g_assert_no_error (error);
    list = sertel_store_list_applicants (fx->store, id, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (sertel_applicant_get_mismatch_reason (g_ptr_array_index (list, 0)), ==,
                     "NIK salah cetak di Dukcapil; surat keterangan terlampir");
    {
      g_autofree char *sql = g_strdup_printf ("SELECT mismatch_reason FROM applicant WHERE request_id = %" G_GINT64_FORMAT, id);
      g_autofree char *stored = raw_text (fx->path, sql);
      g_assert_cmpstr (stored, ==, "NIK salah cetak di Dukcapil; surat keterangan terlampir");
    }
  }

  /* Numbers typed with spaces and dots are normalised. */
  {
    g_autoptr(SertelRequest) r = make_request ("3/A/2026");
    g_autoptr(SertelApplicant) a = make_applicant ("Ahmad Yani", "8271.0115.0790.0002", "19900715 201503 1 001");
    g_autoptr(GPtrArray) applicants = g_ptr_array_new ();
    g_autoptr(GPtrArray) list = NULL;
    gint64 id;

    g_ptr_array_add (applicants, a);
    id = sertel_store_create_request (fx->store, fx->operator, r, applicants, NULL, NULL, &error);
    g_assert_no_error (error);
    list = sertel_store_list_applicants (fx->store, id, &error);
    g_assert_cmpstr (sertel_applicant_get_nik (g_ptr_array_index (list, 0)), ==, NIK_M);
    g_assert_cmpstr (sertel_applicant_get_nip (g_ptr_array_index (list, 0)), ==, NIP_M);
  }

  /* The letter itself. */
  {
    g_autoptr(SertelRequest) r = make_request (NULL);
    expect_create_fails (fx, r, NULL, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_EMPTY);
    sertel_request_set_letter_number (r, " \t ");
    expect_create_fails (fx, r, NULL, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_EMPTY);
    sertel_request_set_letter_number (r, "4/A/2026");
    sertel_request_set_letter_date (r, "2026-02-30");
    expect_create_fails (fx, r, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_request_set_letter_date (r, "15/01/2026");
    expect_create_fails (fx, r, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_request_set_letter_date (r, "2026-13-01");
    expect_create_fails (fx, r, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_request_set_letter_date (r, NULL);
    expect_create_fails (fx, r, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_request_set_letter_date (r, "2026-01-15");
    sertel_request_set_sifat (r, "kilat");
    expect_create_fails (fx, r, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_request_set_sifat (r, NULL);
    expect_create_fails (fx, r, NULL, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    sertel_request_set_sifat (r, "segera");
    sertel_request_set_perihal (r, "");
    expect_create_fails (fx, r, NULL, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_EMPTY);
    sertel_request_set_perihal (r, "Permohonan");
    sertel_request_set_opd_name (r, NULL);
    expect_create_fails (fx, r, NULL, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_EMPTY);
  }

  /* A bad applicant second in line rolls back the whole request. */
  {
    g_autoptr(SertelRequest) r = make_request ("5/A/2026");
    g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
    gint64 before = count_rows (fx->path, "request");

    g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
    g_ptr_array_add (applicants, make_applicant ("Siti", NIK_F, "1985"));
    g_assert_cmpint (sertel_store_create_request (fx->store, fx->operator, r, applicants, NULL, NULL, &error), ==, 0);
    g_assert_error (error, id_err, SERTEL_IDENTITY_ERROR_LENGTH);
    g_assert_cmpint (count_rows (fx->path, "request"), ==, before);
    g_assert_cmpint (raw_int (fx->path, "SELECT COUNT(*) FROM applicant WHERE request_id NOT IN (SELECT id FROM request)"), ==, 0);
  }
}

/* ------------------------------------------------------------------------ */
/* Attachments */

static void
test_attachments (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = png_bytes ();
  g_autoptr(GBytes) text = g_bytes_new_static ("Ini bukan PDF, hanya teks.\n", 27);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sha = NULL;
  gint64 id, att, blobs;
  guint8 jpeg[600];

  id = create_two (fx, "10/B/2026", NULL);
  blobs = count_rows (fx->path, "blob");
  g_assert_cmpint (blobs, ==, 2);

  /* Named .pdf, but a PNG: stored as what it is. */
  att = sertel_store_add_attachment (fx->store, fx->operator, id, 0, "ktp", "C:\\Users\\op\\scan.pdf", png, &error);
  g_assert_no_error (error);
  list = sertel_store_list_attachments (fx->store, id, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (sertel_attachment_get_id (g_ptr_array_index (list, 2)), ==, att);
  g_assert_cmpstr (sertel_attachment_get_mime (g_ptr_array_index (list, 2)), ==, "image/png");
  g_assert_cmpint (sertel_attachment_get_size (g_ptr_array_index (list, 2)), ==, g_bytes_get_size (png));
  g_clear_pointer (&list, g_ptr_array_unref);
  /* The same content again is stored once. */
  g_assert_cmpint (count_rows (fx->path, "blob"), ==, blobs);

  /* Text named scan.pdf: refused, nothing written. */
  {
    gint64 n = count_rows (fx->path, "attachment");
    g_assert_cmpint (sertel_store_add_attachment (fx->store, fx->operator, id, 0, "letter", "scan.pdf", text, &error), ==, 0);
    g_assert_error (error, SERTEL_FILETYPE_ERROR, SERTEL_FILETYPE_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    g_assert_cmpint (count_rows (fx->path, "attachment"), ==, n);
    g_assert_cmpint (count_rows (fx->path, "blob"), ==, blobs);
    /* Empty file, unknown kind, wrong role. */
    {
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
      g_assert_cmpint (sertel_store_add_attachment (fx->store, fx->operator, id, 0, "letter", "kosong.pdf", empty, &error), ==, 0);
      g_assert_error (error, SERTEL_FILETYPE_ERROR, SERTEL_FILETYPE_ERROR_EMPTY);
      g_clear_error (&error);
    }
    g_assert_cmpint (sertel_store_add_attachment (fx->store, fx->operator, id, 0, "selfie", "a.png", png, &error), ==, 0);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (sertel_store_add_attachment (fx->store, fx->verif, id, 0, "ktp", "a.png", png, &error), ==, 0);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
    g_clear_error (&error);
    g_assert_cmpint (count_rows (fx->path, "attachment"), ==, n);
  }

  /* A JPEG, read back byte-identical with the same fingerprint. */
  for (guint i = 0; i < sizeof jpeg; i++)
    jpeg[i] = (guint8) g_random_int_range (0, 256);
  jpeg[0] = 0xFF; jpeg[1] = 0xD8; jpeg[2] = 0xFF; jpeg[3] = 0xE0;
  {
    g_autoptr(GBytes) jb = g_bytes_new (jpeg, sizeof jpeg);
    g_autofree char *base = NULL;
    att = sertel_store_add_attachment (fx->store, fx->operator, id, 0, "sk", "/home/op/Dokumen/sk pengangkatan.jpg", jb, &error);
    g_assert_no_error (error);
    back = sertel_store_read_attachment (fx->store, att, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (back, jb));
    sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jb);
    list = sertel_store_list_attachments (fx->store, id, &error);
    g_assert_cmpstr (sertel_attachment_get_sha256 (g_ptr_array_index (list, list->len - 1)), ==, sha);
    g_assert_cmpstr (sertel_attachment_get_mime (g_ptr_array_index (list, list->len - 1)), ==, "image/jpeg");
    base = g_strdup (sertel_attachment_get_file_name (g_ptr_array_index (list, list->len - 1)));
    g_assert_cmpstr (base, ==, "sk pengangkatan.jpg");   /* no folder kept */
    g_clear_pointer (&list, g_ptr_array_unref);
    g_clear_pointer (&back, g_bytes_unref);
  }
  /* The PDF from intake too. */
  {
    g_autoptr(GBytes) pdf = pdf_bytes ();
    list = sertel_store_list_attachments (fx->store, id, &error);
    back = sertel_store_read_attachment (fx->store, sertel_attachment_get_id (g_ptr_array_index (list, 0)), &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (back, pdf));
    g_clear_pointer (&list, g_ptr_array_unref);
    g_clear_pointer (&back, g_bytes_unref);
  }

  /* The size limit (1 KB here). */
  sertel_store_set_max_attachment_size (fx->store, 1024);
  {
    guint8 big[1025];
    g_autoptr(GBytes) bb = NULL;
    memset (big, 'x', sizeof big);
    memcpy (big, "%PDF-1.4\n", 9);
    bb = g_bytes_new (big, sizeof big);
    g_assert_cmpint (sertel_store_add_attachment (fx->store, fx->operator, id, 0, "letter", "besar.pdf", bb, &error), ==, 0);
    g_assert_error (error, SERTEL_FILETYPE_ERROR, SERTEL_FILETYPE_ERROR_TOO_LARGE);
    g_clear_error (&error);
    g_clear_pointer (&bb, g_bytes_unref);
    bb = g_bytes_new (big, 1024);
    g_assert_cmpint (sertel_store_add_attachment (fx->store, fx->operator, id, 0, "letter", "pas.pdf", bb, &error), >, 0);
    g_assert_no_error (error);
  }

  /* A damaged blob is caught on reading. */
  raw_exec (fx->path, test_on_pg ()
                        ? "UPDATE blob SET data = '\\x89504E470D0A1A0A00'::bytea WHERE sha256 = (SELECT sha256 FROM attachment WHERE kind = 'ktp' LIMIT 1)"
                        : "UPDATE blob SET data = X'89504E470D0A1A0A00' WHERE sha256 = (SELECT sha256 FROM attachment WHERE kind = 'ktp' LIMIT 1)");
  list = sertel_store_list_attachments (fx->store, id, &error);
  back = sertel_store_read_attachment (fx->store, sertel_attachment_get_id (g_ptr_array_index (list, 1)), &error);
  g_assert_null (back);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT);
  g_clear_error (&error);
  back = sertel_store_read_attachment (fx->store, 9999, &error);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------------------ */
/* Duplicates */

static gboolean
any_contains (GPtrArray *warnings, const char *a, const char *b)
{
  for (guint i = 0; warnings && i < warnings->len; i++)
    if (g_regex_match_simple (a, g_ptr_array_index (warnings, i), 0, 0) &&
        (b == NULL || strstr (g_ptr_array_index (warnings, i), b)))
      return TRUE;
  return FALSE;
}

static void
test_duplicates (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autofree char *ref_a = NULL;
  g_autofree char *ref_b = NULL;
  gint64 a, b, c;

  a = create_two (fx, "800/1/DISDIK/2026", &warnings);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  ref_a = g_strdup_printf ("\\brequest %" G_GINT64_FORMAT "\\b", a);

  /* B carries the woman again: warned, naming A. */
  {
    g_autoptr(SertelRequest) r = make_request ("800/2/BKD/2026");
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
    g_ptr_array_add (list, make_applicant ("Siti Nur'aini", NIK_F, NIP_F));
    b = sertel_store_create_request (fx->store, fx->operator, r, list, NULL, &warnings, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (any_contains (warnings, ref_a, "800/1/DISDIK/2026"));
  g_assert_true (any_contains (warnings, NIK_F, "open"));
  g_clear_pointer (&warnings, g_ptr_array_unref);
  ref_b = g_strdup_printf ("\\brequest %" G_GINT64_FORMAT "\\b", b);

  /* A completes: the woman issued, the man rejected. */
  to_verifikator (fx, a);
  applicants = sertel_store_list_applicants (fx->store, a, &error);
  move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (applicants, 0)), SERTEL_ACTION_MARK_REGISTERED, NULL);
  move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (applicants, 0)), SERTEL_ACTION_MARK_ISSUED, NULL);
  move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (applicants, 1)), SERTEL_ACTION_MARK_REJECTED,
                     "Data KTP tidak sesuai data NIP");
  {
    g_autoptr(SertelRequest) r = get_request (fx->store, a);
    g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_COMPLETED);
  }
  {
    g_autoptr(SertelApplicant) rej = sertel_store_get_applicant (fx->store, sertel_applicant_get_id (g_ptr_array_index (applicants, 1)), &error);
    g_assert_cmpstr (sertel_applicant_get_state_reason (rej), ==, "Data KTP tidak sesuai data NIP");
  }

  /* C: the woman (issued in A, open in B) and the man (rejected in A only). */
  {
    g_autoptr(SertelRequest) r = make_request ("800/3/DINKES/2026");
    g_autoptr(SertelApplicant) woman = make_applicant ("Siti Nur'aini", NIK_F, NIP_F);
    g_autoptr(SertelApplicant) man = make_applicant ("Ahmad Yani", NIK_M, NIP_M);
    c = sertel_store_create_request (fx->store, fx->operator, r, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sertel_store_add_applicant (fx->store, fx->operator, c, 1, man, &warnings, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpuint (warnings->len, ==, 0);
    g_clear_pointer (&warnings, g_ptr_array_unref);
    g_assert_cmpint (sertel_store_add_applicant (fx->store, fx->operator, c, 2, woman, &warnings, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpuint (warnings->len, ==, 2);
    g_assert_true (any_contains (warnings, ref_a, "issued"));
    g_assert_true (any_contains (warnings, ref_b, "open"));
    g_clear_pointer (&warnings, g_ptr_array_unref);
  }

  /* Asked directly, typed with dots. */
  warnings = sertel_store_find_duplicates (fx->store, "8271.0352.0385.0001", c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_clear_pointer (&warnings, g_ptr_array_unref);
  warnings = sertel_store_find_duplicates (fx->store, NIK_M, c, &error);
  g_assert_cmpuint (warnings->len, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Hostile text */

static char *
junk (guint len)
{
  char *s = g_malloc (len + 1);
  for (guint i = 0; i < len; i++)
    s[i] = (char) g_random_int_range (1, 256);   /* no NUL; mostly invalid UTF-8 */
  s[len] = '\0';
  return s;
}

static void
test_hostile_text (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  guint stored = 0, refused = 0;
  gint64 base;

  g_ptr_array_add (inputs, g_strdup ("'); DROP TABLE request;--"));
  g_ptr_array_add (inputs, g_strdup ("Robert\"); DELETE FROM staff; --"));
  g_ptr_array_add (inputs, g_strdup ("1' OR '1'='1"));
  g_ptr_array_add (inputs, g_strdup ("a;b;c; SELECT * FROM audit"));
  g_ptr_array_add (inputs, g_strdup ("$1 $2 ?1 :name @x %s %n"));
  g_ptr_array_add (inputs, g_strdup ("Surat 🙂🔐 dari Dinas 🇮🇩"));
  g_ptr_array_add (inputs, g_strdup ("طلب شهادة إلكترونية"));
  g_ptr_array_add (inputs, g_strdup ("שלום \u202Eevil\u202C text"));
  g_ptr_array_add (inputs, g_strdup ("Tab\there\nnew line\r\nand\x01 control"));
  g_ptr_array_add (inputs, g_strdup ("Nur'aini O'Brien"));
  g_ptr_array_add (inputs, g_strnfill (10000, 'A'));
  g_ptr_array_add (inputs, g_strnfill (10000, '\''));
  g_ptr_array_add (inputs, g_strdup ("\xff\xfe\xfd invalid"));
  g_ptr_array_add (inputs, g_strdup ("e\xcc\x81 decomposed"));
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (inputs, junk (1 + g_random_int_range (0, 300)));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelRequest) r = make_request ("BASE/1/2026");
    base = sertel_store_create_request (fx->store, fx->operator, r, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  for (guint i = 0; i < inputs->len; i++)
    {
      const char *s = g_ptr_array_index (inputs, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) clean_error = NULL;
      g_autoptr(SertelRequest) r = make_request (s);
      g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(SertelApplicant) a = make_applicant ("Siti Nur'aini", NIK_F, NIP_F);
      g_autofree char *want_number = sertel_text_clean (s, "x", 100, TRUE, NULL);
      g_autofree char *want_perihal = sertel_text_clean (s, "x", 500, TRUE, NULL);
      g_autofree char *want_opd = sertel_text_clean (s, "x", 200, TRUE, NULL);
      g_autofree char *want_name = sertel_name_normalize (s, NULL);
      g_autofree char *want_jabatan = sertel_text_clean (s, "x", 300, FALSE, NULL);
      gint64 id;

      sertel_request_set_perihal (r, s);
      sertel_request_set_opd_name (r, s);
      sertel_applicant_set_name (a, s);
      sertel_applicant_set_jabatan (a, s);
      sertel_applicant_set_city (a, s);
      g_ptr_array_add (applicants, g_object_ref (a));

      (void) applicants;
      /* The letter's fields. */
      id = sertel_store_create_request (fx->store, fx->operator, r, NULL, NULL, NULL, &error);
      if (want_number && want_perihal && want_opd)
        {
          g_autoptr(SertelRequest) got = NULL;

          g_assert_no_error (error);
          g_assert_cmpint (id, >, 0);
          got = get_request (fx->store, id);
          g_assert_cmpstr (sertel_request_get_letter_number (got), ==, want_number);
          g_assert_cmpstr (sertel_request_get_perihal (got), ==, want_perihal);
          g_assert_cmpstr (sertel_request_get_opd_name (got), ==, want_opd);
          stored++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_cmpint (id, ==, 0);
          /* A refusal names what to fix; it is never a SQL failure. */
          g_assert_false (error->domain == SERTEL_DB_ERROR);
          g_clear_error (&error);
          refused++;
        }

      /* The applicant's name, then the free-text fields. */
      for (guint part = 0; part < 2; part++)
        {
          g_autoptr(SertelApplicant) p = make_applicant ("Siti Nur'aini", NIK_F, NIP_F);
          gboolean expect_ok = part == 0 ? want_name != NULL : want_jabatan != NULL;
          gint64 aid;

          if (part == 0)
            sertel_applicant_set_name (p, s);
          else
            {
              sertel_applicant_set_jabatan (p, s);
              sertel_applicant_set_city (p, s);
            }
          aid = sertel_store_add_applicant (fx->store, fx->operator, base, 0, p, NULL, &error);
          if (expect_ok)
            {
              g_autoptr(SertelApplicant) got = NULL;
              g_assert_no_error (error);
              g_assert_cmpint (aid, >, 0);
              got = sertel_store_get_applicant (fx->store, aid, &error);
              g_assert_no_error (error);
              if (part == 0)
                g_assert_cmpstr (sertel_applicant_get_name (got), ==, want_name);
              else
                {
                  g_assert_cmpstr (sertel_applicant_get_jabatan (got), ==, *want_jabatan ? want_jabatan : NULL);
                  g_assert_cmpstr (sertel_applicant_get_city (got), ==, *want_jabatan ? want_jabatan : NULL);
                }
              stored++;
            }
          else
            {
              g_assert_nonnull (error);
              g_assert_cmpint (aid, ==, 0);
              g_assert_false (error->domain == SERTEL_DB_ERROR);
              g_clear_error (&error);
              refused++;
            }
        }

      /* The same text as a return reason, an OPD, a rejection reason. */
      {
        g_autoptr(GError) e2 = NULL;
        gint64 opd = sertel_store_ensure_opd (fx->store, fx->operator, s, &e2);
        g_assert_true ((opd > 0 && e2 == NULL) || (opd == 0 && e2 != NULL && e2->domain != SERTEL_DB_ERROR));
      }
      (void) clean_error;
    }

  /* Exact round trips for the classic injection strings. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelRequest) r = make_request ("'); DROP TABLE request;--");
    g_autoptr(SertelRequest) got = NULL;
    gint64 id;

    sertel_request_set_perihal (r, "Robert'); DROP TABLE applicant;-- \"quoted\" ; 🙂 مرحبا");
    id = sertel_store_create_request (fx->store, fx->operator, r, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    got = get_request (fx->store, id);
    g_assert_cmpstr (sertel_request_get_letter_number (got), ==, "'); DROP TABLE request;--");
    g_assert_cmpstr (sertel_request_get_perihal (got), ==, "Robert'); DROP TABLE applicant;-- \"quoted\" ; 🙂 مرحبا");

    /* Return reasons and notes too. */
    move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, "'; DELETE FROM audit; --");
    move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
    {
      g_autofree char *bad = junk (200);
      g_autoptr(GError) e2 = NULL;
      gboolean ok = sertel_store_move_request (fx->store, fx->kasi, id, request_version (fx->store, id),
                                               SERTEL_ACTION_RETURN, 0, bad, &e2);
      if (!ok)
        g_assert_true (e2 != NULL && e2->domain != SERTEL_DB_ERROR);
      else
        g_assert_true (g_utf8_validate (bad, -1, NULL));
    }
  }

  /* An applicant rejected with junk as the reason. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) people = NULL;
    g_autofree char *bad = junk (100);
    g_autoptr(SertelApplicant) a = NULL;
    gint64 id = create_two (fx, "99/Z/2026", NULL);

    to_verifikator (fx, id);
    people = sertel_store_list_applicants (fx->store, id, &error);
    a = g_object_ref (g_ptr_array_index (people, 0));
    if (!sertel_store_move_applicant (fx->store, fx->verif, sertel_applicant_get_id (a), sertel_applicant_get_version (a),
                                      SERTEL_ACTION_MARK_REJECTED, bad, &error))
      g_assert_true (error != NULL && error->domain != SERTEL_DB_ERROR);
    g_clear_error (&error);
    move_applicant_ok (fx, sertel_applicant_get_id (a), SERTEL_ACTION_MARK_REJECTED, "Alasan: 'x'; DROP TABLE blob;-- 🙂");
    g_clear_object (&a);
    a = sertel_store_get_applicant (fx->store, sertel_applicant_get_id (g_ptr_array_index (people, 0)), &error);
    g_assert_cmpstr (sertel_applicant_get_state_reason (a), ==, "Alasan: 'x'; DROP TABLE blob;-- 🙂");
  }

  g_test_message ("hostile inputs: %u stored, %u refused", stored, refused);
  g_assert_cmpuint (stored, >, 0);
  g_assert_cmpuint (refused, >, 0);

  /* Every table is still there and whole. */
  g_assert_cmpint (count_tables (fx->path, "'staff','opd','request','applicant','blob','attachment','transition','audit',"
                                          "'audit_head','letter_counter'"), ==, 10);
  g_assert_cmpint (count_rows (fx->path, "staff"), ==, 6);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *report = NULL;
    g_assert_true (sertel_store_integrity_check (fx->store, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (report, ==, "ok");
  }
  assert_audit_ok (fx->store);
}

/* ------------------------------------------------------------------------ */
/* Backup and restore */

static void
test_backup_restore (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fx->dir, "backup.db", NULL);
  g_autofree char *junkfile = g_build_filename (fx->dir, "junk.db", NULL);
  g_autofree char *truncated = g_build_filename (fx->dir, "truncated.db", NULL);
  g_autofree char *newer = g_build_filename (fx->dir, "newer.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SertelStore) copy = NULL;
  gint64 id;

  id = create_two (fx, "300/7/BAPPEDA/2026", NULL);
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);

  g_assert_true (sertel_store_backup (fx->store, backup, &error));
  g_assert_no_error (error);
  /* Never over an existing file. */
  g_assert_false (sertel_store_backup (fx->store, backup, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  copy = sertel_store_open (backup, &error);
  g_assert_no_error (error);
  assert_audit_ok (copy);
  {
    g_autoptr(SertelRequest) r = get_request (copy, id);
    g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_AT_KABID);
  }
  g_clear_object (&copy);

  if (test_on_pg ())
    {
      /* A backup of a server register is the SQLite file above; the server
       * itself is never replaced by one. */
      gint64 requests = count_rows (fx->path, "request");
      g_assert_false (sertel_store_restore (backup, fx->path, &error));
      g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
      g_assert_cmpint (count_rows (fx->path, "request"), ==, requests);
      return;
    }

  /* A change after the backup, which the restore will undo. */
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  g_clear_object (&fx->store);
  before = file_sha256 (fx->path);

  /* Random bytes. */
  {
    guint8 bytes[8192];
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int_range (0, 256);
    g_file_set_contents (junkfile, (const char *) bytes, sizeof bytes, &error);
    g_assert_no_error (error);
  }
  g_assert_false (sertel_store_restore (junkfile, fx->path, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SERTEL_STORE_ERROR || error->domain == SERTEL_DB_ERROR);
  g_test_message ("random bytes: %s", error->message);
  g_clear_error (&error);

  /* A backup cut in half. */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_file_get_contents (backup, &contents, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (len, >, 4096);
    g_file_set_contents (truncated, contents, len / 2, &error);
    g_assert_no_error (error);
  }
  g_assert_false (sertel_store_restore (truncated, fx->path, &error));
  g_assert_nonnull (error);
  g_test_message ("truncated: %s", error->message);
  g_clear_error (&error);

  /* A register from a newer Sertel. */
  {
    g_autoptr(GFile) from = g_file_new_for_path (backup);
    g_autoptr(GFile) to = g_file_new_for_path (newer);
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", sertel_store_migrations_latest () + 1);
    g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    raw_exec (newer, sql);
  }
  g_assert_false (sertel_store_restore (newer, fx->path, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A missing file. */
  {
    g_autofree char *missing = g_build_filename (fx->dir, "missing.db", NULL);
    g_assert_false (sertel_store_restore (missing, fx->path, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  after = file_sha256 (fx->path);
  g_assert_cmpstr (before, ==, after);
  {
    g_autofree char *tmp = g_strconcat (fx->path, ".restoring", NULL);
    g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  }

  /* The good backup restores. */
  g_assert_true (sertel_store_restore (backup, fx->path, &error));
  g_assert_no_error (error);
  fx->store = sertel_store_open (fx->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SertelRequest) r = get_request (fx->store, id);
    g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_AT_KABID);
  }
  assert_audit_ok (fx->store);
  {
    g_autofree char *report = NULL;
    g_assert_true (sertel_store_integrity_check (fx->store, &report, &error));
    g_assert_cmpstr (report, ==, "ok");
  }
  /* Work goes on after the restore. */
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  assert_audit_ok (fx->store);
}

/* An employee list goes in whole or not at all. */
static void
test_add_applicants_all_or_nothing (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(SertelRequest) r = make_request ("800/1/DIKBUD/2026");
  gint64 id, version;
  guint failed = 99;

  id = sertel_store_create_request (fx->store, fx->operator, r, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  version = request_version (fx->store, id);

  g_ptr_array_add (list, make_applicant ("Siti Nur'aini", NIK_F, NIP_F));
  g_ptr_array_add (list, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
  g_ptr_array_add (list, make_applicant ("Salah Ketik", NIK_M, "19900715201503100"));   /* 17 digits */
  g_assert_false (sertel_store_add_applicants (fx->store, fx->operator, id, version, list, &warnings, &failed, &error));
  g_assert_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_LENGTH);
  g_assert_cmpuint (failed, ==, 2);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fx->path, "applicant"), ==, 0);
  g_assert_cmpint (request_version (fx->store, id), ==, version);

  g_ptr_array_remove_index (list, 2);
  g_assert_true (sertel_store_add_applicants (fx->store, fx->operator, id, version, list, &warnings, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fx->path, "applicant"), ==, 2);
  {
    g_autoptr(SertelRequest) after = get_request (fx->store, id);
    g_assert_cmpuint (sertel_request_get_n_applicants (after), ==, 2);
  }
}

/* The Kepala Dinas' and Kabid's disposition instructions stay with the step. */
static void
test_disposition_instructions (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) transitions = NULL;
  gint64 id = create_two (fx, "800/2/BKD/2026", NULL);
  SertelTransitionRecord *t;

  g_assert_true (sertel_store_move_request_full (fx->store, fx->kadis, id, request_version (fx->store, id),
                                                 SERTEL_ACTION_DISPOSE, 0, "tindak_lanjuti;koordinasikan",
                                                 "Segera diproses", &error));
  g_assert_no_error (error);
  transitions = sertel_store_list_transitions (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (transitions->len, ==, 1);
  t = g_ptr_array_index (transitions, 0);
  g_assert_cmpstr (t->action, ==, "dispose");
  g_assert_cmpstr (t->instructions, ==, "tindak_lanjuti;koordinasikan");
  g_assert_cmpstr (t->note, ==, "Segera diproses");
  g_assert_cmpstr (t->actor_name, ==, sertel_staff_get_name (fx->kadis));
  assert_audit_ok (fx->store);
}

/* The OPD list in Preferences: kept by the administrator and the Operator,
 * switched off but never deleted; the intake completes from active ones. */
static void
test_opd_list (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) names = NULL;
  SertelOpdRecord *bappeda = NULL;
  gint64 id;

  create_two (fx, "800/3/DIKBUD/2026", NULL);   /* Dinas Pendidikan, one request */
  id = sertel_store_add_opd (fx->store, fx->operator, "  Badan   Perencanaan Pembangunan Daerah ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* The same name again is the same OPD. */
  g_assert_cmpint (sertel_store_add_opd (fx->store, fx->admin, "Badan Perencanaan Pembangunan Daerah", &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (sertel_store_add_opd (fx->store, fx->kasi, "Dinas Kesehatan", &error), ==, 0);
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpint (sertel_store_add_opd (fx->store, fx->operator, "   ", &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  records = sertel_store_list_opd_records (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  for (guint i = 0; i < records->len; i++)
    {
      SertelOpdRecord *r = records->pdata[i];
      if (g_str_equal (r->name, "Badan Perencanaan Pembangunan Daerah"))
        bappeda = r;
      else
        g_assert_cmpuint (r->n_requests, ==, 1);
    }
  g_assert_nonnull (bappeda);
  g_assert_true (bappeda->active);
  g_assert_cmpuint (bappeda->n_requests, ==, 0);

  g_assert_false (sertel_store_set_opd_active (fx->store, fx->verif, id, FALSE, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_true (sertel_store_set_opd_active (fx->store, fx->admin, id, FALSE, &error));
  g_assert_no_error (error);
  names = sertel_store_list_opds (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (names->pdata[0], ==, "Dinas Pendidikan");
  g_assert_false (sertel_store_set_opd_active (fx->store, fx->admin, 9999, TRUE, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND);
  assert_audit_ok (fx->store);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/fresh", test_open_fresh);
  g_test_add_func ("/store/open/foreign-keys", test_open_foreign_keys);
  g_test_add_func ("/store/open/newer-schema", test_open_newer_schema);
  g_test_add_func ("/store/open/not-a-database", test_open_not_a_database);
  g_test_add_func ("/store/staff", test_staff);
  g_test_add ("/store/sop-walk", Fx, NULL, fx_setup, test_sop_walk, fx_teardown);
  g_test_add ("/store/add-applicant-counts", Fx, NULL, fx_setup, test_add_applicant_counts, fx_teardown);
  g_test_add ("/store/add-applicants-all-or-nothing", Fx, NULL, fx_setup, test_add_applicants_all_or_nothing, fx_teardown);
  g_test_add ("/store/disposition-instructions", Fx, NULL, fx_setup, test_disposition_instructions, fx_teardown);
  g_test_add ("/store/opd-list", Fx, NULL, fx_setup, test_opd_list, fx_teardown);
  g_test_add ("/store/validation", Fx, NULL, fx_setup, test_validation, fx_teardown);
  g_test_add ("/store/attachments", Fx, NULL, fx_setup, test_attachments, fx_teardown);
  g_test_add ("/store/duplicates", Fx, NULL, fx_setup, test_duplicates, fx_teardown);
  g_test_add ("/store/hostile-text", Fx, NULL, fx_setup, test_hostile_text, fx_teardown);
  g_test_add ("/store/backup-restore", Fx, NULL, fx_setup, test_backup_restore, fx_teardown);

  ret = g_test_run ();
  remove_template ();
  return ret;
}
