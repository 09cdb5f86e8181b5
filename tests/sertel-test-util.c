/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared helpers for the store tests: a temporary register with one staff
 * member per role, direct SQLite access to look behind the store's back, and
 * builders for valid requests and applicants. Included (not linked) by each
 * test, so every helper is static and may go unused. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sertel-db.h"
#include "sertel-filetype.h"
#include "sertel-identity.h"
#include "sertel-password.h"
#include "sertel-store.h"
#include "sertel-text.h"

#define TEST_PASSWORD "rahasia-kantor-2026"

/* Valid matching NIK/NIP pairs: a woman born 12-03-1985 and a man born 15-07-1990. */
#define NIK_F "8271035203850001"
#define NIP_F "198503122010012001"
#define NIK_M "8271011507900002"
#define NIP_M "199007152015031001"

typedef struct {
  char        *dir;
  char        *path;
  SertelStore *store;
  SertelStaff *admin, *operator, *kadis, *kabid, *kasi, *verif;
} Fx;

/* ------------------------------------------------------------------------ */

static G_GNUC_UNUSED void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static G_GNUC_UNUSED char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sertel-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

static G_GNUC_UNUSED char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* ------------------------------------------------------------------------ */
/* The engine under test. By default every store test runs on SQLite files;
 * its "-pg" variant in tests/meson.build sets SERTEL_TEST_BACKEND=postgresql
 * and each test case then gets a new database (CREATE DATABASE … TEMPLATE) on
 * the throwaway cluster tests/with-postgresql.sh started, named by
 * SERTEL_TEST_PG. Without a cluster the variant is skipped, unless
 * SERTEL_TEST_PG_REQUIRED=1 (CI, build-aux/setup test): then it fails. */

static G_GNUC_UNUSED gboolean
test_on_pg (void)
{
  return g_strcmp0 (g_getenv ("SERTEL_TEST_BACKEND"), "postgresql") == 0;
}

__attribute__((constructor)) static void
check_test_backend (void)
{
  if (!test_on_pg () || g_getenv ("SERTEL_TEST_PG") != NULL)
    return;
  if (g_strcmp0 (g_getenv ("SERTEL_TEST_PG_REQUIRED"), "1") == 0)
    {
      printf ("Bail out! SERTEL_TEST_PG is not set: run the tests under tests/with-postgresql.sh\n");
      fflush (stdout);
      exit (1);
    }
  /* A developer's plain `meson test` without a cluster: TAP's skip-all. */
  printf ("1..0 # SKIP no PostgreSQL cluster: run under tests/with-postgresql.sh to test this engine\n");
  fflush (stdout);
  exit (0);
}

/* Skips a test that looks at SQLite's own file; returns TRUE when skipped. */
static G_GNUC_UNUSED gboolean
skip_on_pg (const char *why)
{
  if (!test_on_pg ())
    return FALSE;
  g_test_skip (why);
  return TRUE;
}

static gboolean
is_conninfo (const char *path)
{
  return strchr (path, '=') != NULL || g_str_has_prefix (path, "postgres");
}

static G_GNUC_UNUSED PGconn *
pg_connect (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", conninfo, PQerrorMessage (conn));
  return conn;
}

/* Runs @sql on @conninfo; returns the first value of the first row, if any. */
static G_GNUC_UNUSED char *
pg_query (const char *conninfo, const char *sql)
{
  PGconn *conn = pg_connect (conninfo);
  PGresult *res = PQexec (conn, sql);
  char *v = NULL;

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("raw SQL “%s” failed: %s", sql, PQerrorMessage (conn));
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    v = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  PQfinish (conn);
  return v;
}

/* The connection string of database @name on the test cluster (libpq takes
 * the last dbname=). */
static G_GNUC_UNUSED char *
pg_conninfo_for (const char *name)
{
  return g_strdup_printf ("%s dbname=%s", g_getenv ("SERTEL_TEST_PG"), name);
}

/* A new empty database on the test cluster, copied from @template_db (or
 * empty when NULL); returns its connection string. */
static G_GNUC_UNUSED char *
pg_create_database (const char *template_db)
{
  static int counter;
  g_autofree char *name = g_strdup_printf ("sertel_t%d_%d", (int) getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s%s%s", name,
                                          template_db ? " TEMPLATE " : "", template_db ? template_db : "");

  g_free (pg_query (g_getenv ("SERTEL_TEST_PG"), sql));
  return pg_conninfo_for (name);
}

static G_GNUC_UNUSED void
pg_drop_database (const char *conninfo)
{
  PQconninfoOption *opts = PQconninfoParse (conninfo, NULL);
  g_autofree char *sql = NULL;

  for (PQconninfoOption *o = opts; o && o->keyword; o++)
    if (g_str_equal (o->keyword, "dbname") && o->val)
      sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", o->val);
  PQconninfoFree (opts);
  g_assert_nonnull (sql);
  g_free (pg_query (g_getenv ("SERTEL_TEST_PG"), sql));
}

/* ------------------------------------------------------------------------ */
/* Raw SQL, as an intruder or an auditor would see the register: the file
 * through SQLite, or the database through libpq. */

static G_GNUC_UNUSED sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 15000);
  return db;
}

static G_GNUC_UNUSED void
raw_exec (const char *path, const char *sql)
{
  sqlite3 *db;
  char *msg = NULL;
  int rc;

  if (is_conninfo (path))
    {
      g_free (pg_query (path, sql));
      return;
    }
  db = raw_open (path);
  rc = sqlite3_exec (db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    g_error ("raw SQL “%s” failed: %s", sql, msg);
  sqlite3_close (db);
}

static G_GNUC_UNUSED gint64
raw_int (const char *path, const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  if (is_conninfo (path))
    {
      g_autofree char *text = pg_query (path, sql);
      g_assert_nonnull (text);
      /* A comparison is a boolean here, 0 or 1 in SQLite. */
      if (g_str_equal (text, "t") || g_str_equal (text, "f"))
        return text[0] == 't';
      return g_ascii_strtoll (text, NULL, 10);
    }
  db = raw_open (path);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("raw SQL “%s” failed: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static G_GNUC_UNUSED char *
raw_text (const char *path, const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  if (is_conninfo (path))
    return pg_query (path, sql);
  db = raw_open (path);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("raw SQL “%s” failed: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* TRUE when @sql is refused for breaking a constraint (UNIQUE, CHECK, …). */
static G_GNUC_UNUSED gboolean
raw_exec_violates (const char *path, const char *sql)
{
  gboolean violates;

  if (is_conninfo (path))
    {
      PGconn *conn = pg_connect (path);
      PGresult *res = PQexec (conn, sql);
      const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      violates = PQresultStatus (res) == PGRES_FATAL_ERROR && state && g_str_has_prefix (state, "23");
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = raw_open (path);
      violates = (sqlite3_exec (db, sql, NULL, NULL, NULL) & 0xff) == SQLITE_CONSTRAINT;
      sqlite3_close (db);
    }
  return violates;
}

/* The first column of every row of @sql, as integers; $1… take @params
 * (text) on either engine. */
static G_GNUC_UNUSED GArray *
raw_ids (const char *path, const char *sql, int n_params, const char * const *params)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (is_conninfo (path))
    {
      PGconn *conn = pg_connect (path);
      PGresult *res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);

      if (PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("raw SQL “%s” failed: %s", sql, PQerrorMessage (conn));
      for (int i = 0; i < PQntuples (res); i++)
        {
          gint64 v = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);
          g_array_append_val (ids, v);
        }
      PQclear (res);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = raw_open (path);
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("raw SQL “%s” failed: %s", sql, sqlite3_errmsg (db));
      for (int i = 0; i < n_params; i++)
        {
          char name[16];
          g_snprintf (name, sizeof name, "$%d", i + 1);
          sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, name), params[i], -1, SQLITE_TRANSIENT);
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 v = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, v);
        }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  return ids;
}

/* How many of the tables named in @list ("'a','b'") the register has. */
static G_GNUC_UNUSED gint64
count_tables (const char *path, const char *list)
{
  g_autofree char *sql = g_strdup_printf (is_conninfo (path)
                                            ? "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema () AND tablename IN (%s)"
                                            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (%s)",
                                          list);
  return raw_int (path, sql);
}

static G_GNUC_UNUSED gint64
count_rows (const char *path, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  return raw_int (path, sql);
}

/* ------------------------------------------------------------------------ */
/* A register with one account per role, copied from a template made once
 * (Argon2 is slow on purpose). */

static char *template_path;

static G_GNUC_UNUSED char *
staff_nip (guint i)
{
  /* born 01-01-1980, CPNS 2005-01, male, serial i */
  return g_strdup_printf ("198001012005011%03u", i);
}

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = test_on_pg () ? pg_create_database (NULL)
                                        : g_build_filename (dir, "template-live.db", NULL);
  static const struct { const char *name; SertelRole role; } staff[] = {
    { "Operator Satu", SERTEL_ROLE_OPERATOR },
    { "Kepala Dinas", SERTEL_ROLE_KEPALA_DINAS },
    { "Kabid Persandian", SERTEL_ROLE_KABID },
    { "Kasi Persandian", SERTEL_ROLE_KASI },
    { "Verifikator Satu", SERTEL_ROLE_VERIFIKATOR },
  };

  store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *nip = staff_nip (1);
    admin = sertel_store_add_staff (store, NULL, "Admin Sistem", nip, SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autofree char *nip = staff_nip (i + 2);
      g_autoptr(SertelStaff) s = sertel_store_add_staff (store, admin, staff[i].name, nip, staff[i].role,
                                                         TEST_PASSWORD, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sertel_staff_get_id (s), ==, i + 2);
    }
  if (test_on_pg ())
    {
      /* The template database itself; no one may be connected to it when
       * it is copied. */
      g_clear_object (&store);
      template_path = g_steal_pointer (&path);
      rm_rf (dir);
      return;
    }
  template_path = g_build_filename (dir, "template.db", NULL);
  sertel_store_backup (store, template_path, &error);
  g_assert_no_error (error);
}

/* The template database's name, from its connection string. */
static char *
pg_template_name (void)
{
  PQconninfoOption *opts = PQconninfoParse (template_path, NULL);
  char *name = NULL;

  for (PQconninfoOption *o = opts; o && o->keyword; o++)
    if (g_str_equal (o->keyword, "dbname") && o->val)
      name = g_strdup (o->val);
  PQconninfoFree (opts);
  return name;
}

static G_GNUC_UNUSED SertelStaff *
get_staff (SertelStore *store, gint64 id)
{
  g_autoptr(GError) error = NULL;
  SertelStaff *s = sertel_store_get_staff (store, id, &error);

  g_assert_no_error (error);
  return s;
}

static G_GNUC_UNUSED void
fx_setup (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  if (template_path == NULL)
    make_template ();

  fx->dir = make_tmpdir ();
  if (test_on_pg ())
    {
      g_autofree char *name = pg_template_name ();
      fx->path = pg_create_database (name);
    }
  else
    {
      fx->path = g_build_filename (fx->dir, "sertel.db", NULL);
      from = g_file_new_for_path (template_path);
      to = g_file_new_for_path (fx->path);
      g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  fx->store = sertel_store_open (fx->path, &error);
  g_assert_no_error (error);
  fx->admin = get_staff (fx->store, 1);
  fx->operator = get_staff (fx->store, 2);
  fx->kadis = get_staff (fx->store, 3);
  fx->kabid = get_staff (fx->store, 4);
  fx->kasi = get_staff (fx->store, 5);
  fx->verif = get_staff (fx->store, 6);
}

static G_GNUC_UNUSED void
fx_teardown (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_clear_object (&fx->admin);
  g_clear_object (&fx->operator);
  g_clear_object (&fx->kadis);
  g_clear_object (&fx->kabid);
  g_clear_object (&fx->kasi);
  g_clear_object (&fx->verif);
  if (test_on_pg ())
    {
      /* Work the test started (a list model's query) may still hold the
       * store: let it finish before its database goes, or it would fail
       * against a dropped database after the test. */
      SertelStore *store = fx->store;
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      if (store != NULL)
        g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
      g_clear_object (&fx->store);
      while (store != NULL && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      if (store != NULL)
        g_object_remove_weak_pointer (G_OBJECT (store), (gpointer *) &store);
      pg_drop_database (fx->path);
    }
  g_clear_object (&fx->store);
  rm_rf (fx->dir);
  g_free (fx->dir);
  g_free (fx->path);
}

static G_GNUC_UNUSED void
remove_template (void)
{
  if (template_path && test_on_pg ())
    {
      pg_drop_database (template_path);
      g_clear_pointer (&template_path, g_free);
    }
  if (template_path)
    {
      g_autofree char *dir = g_path_get_dirname (template_path);
      rm_rf (dir);
      g_clear_pointer (&template_path, g_free);
    }
}

/* ------------------------------------------------------------------------ */
/* Builders */

static G_GNUC_UNUSED SertelApplicant *
make_applicant (const char *name, const char *nik, const char *nip)
{
  SertelApplicant *a = sertel_applicant_new ();
  g_autofree char *local = g_ascii_strdown (name, -1);
  g_autofree char *email = NULL;

  g_strdelimit (local, " '.,", '.');
  email = g_strdup_printf ("%s@malutprov.go.id", local);
  sertel_applicant_set_name (a, name);
  sertel_applicant_set_nik (a, nik);
  sertel_applicant_set_nip (a, nip);
  sertel_applicant_set_email (a, email);
  sertel_applicant_set_pangkat (a, "Penata Muda (III/a)");
  sertel_applicant_set_jabatan (a, "Pranata Komputer Ahli Pertama");
  sertel_applicant_set_unit_kerja (a, "Bidang Persandian");
  sertel_applicant_set_phone (a, "081234567890");
  return a;
}

static G_GNUC_UNUSED SertelRequest *
make_request (const char *letter_number)
{
  SertelRequest *r = sertel_request_new ();

  sertel_request_set_letter_number (r, letter_number);
  sertel_request_set_letter_date (r, "2026-01-15");
  sertel_request_set_sifat (r, "biasa");
  sertel_request_set_perihal (r, "Permohonan Sertifikat Elektronik");
  sertel_request_set_opd_name (r, "Dinas Pendidikan");
  return r;
}

static const guint8 tiny_pdf[] =
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
  "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

static const guint8 tiny_png[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
  0x00, 0x00, 0x00, 0x0d, 'I', 'H', 'D', 'R', 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde,
};

static G_GNUC_UNUSED GBytes *
pdf_bytes (void)
{
  return g_bytes_new_static (tiny_pdf, sizeof tiny_pdf - 1);
}

static G_GNUC_UNUSED GBytes *
png_bytes (void)
{
  return g_bytes_new_static (tiny_png, sizeof tiny_png);
}

/* Creates a request with the two applicants (female, male), a letter scan and
 * one KTP scan; returns its id. */
static G_GNUC_UNUSED gint64
create_two (Fx *fx, const char *letter_number, GPtrArray **out_warnings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request (letter_number);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = pdf_bytes ();
  g_autoptr(GBytes) png = png_bytes ();
  SertelNewAttachment letter = { "letter", "surat.pdf", pdf, -1 };
  SertelNewAttachment ktp = { "ktp", "ktp-siti.png", png, 0 };
  gint64 id;

  g_ptr_array_add (applicants, make_applicant ("Siti Nur'aini", NIK_F, NIP_F));
  g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
  g_ptr_array_add (attachments, &letter);
  g_ptr_array_add (attachments, &ktp);
  id = sertel_store_create_request (fx->store, fx->operator, r, applicants, attachments, out_warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static G_GNUC_UNUSED SertelRequest *
get_request (SertelStore *store, gint64 id)
{
  g_autoptr(GError) error = NULL;
  SertelRequest *r = sertel_store_get_request (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static G_GNUC_UNUSED gint64
request_version (SertelStore *store, gint64 id)
{
  g_autoptr(SertelRequest) r = get_request (store, id);
  return sertel_request_get_version (r);
}

/* Moves a request as @actor, asserting success. */
static G_GNUC_UNUSED void
move_ok (Fx *fx, SertelStaff *actor, gint64 id, SertelAction action, gint64 assignee, const char *note)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = sertel_store_move_request (fx->store, actor, id, request_version (fx->store, id),
                                           action, assignee, note, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

/* Walks a fresh request to the Verifikator. */
static G_GNUC_UNUSED void
to_verifikator (Fx *fx, gint64 id)
{
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, "Untuk diproses");
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  move_ok (fx, fx->kasi, id, SERTEL_ACTION_ASSIGN, sertel_staff_get_id (fx->verif), NULL);
}

static G_GNUC_UNUSED void
move_applicant_ok (Fx *fx, gint64 applicant_id, SertelAction action, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelApplicant) a = sertel_store_get_applicant (fx->store, applicant_id, &error);
  gboolean ok;

  g_assert_no_error (error);
  ok = sertel_store_move_applicant (fx->store, fx->verif, applicant_id, sertel_applicant_get_version (a),
                                    action, reason, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static G_GNUC_UNUSED void
assert_audit_ok (SertelStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 bad = -1;
  guint rows = 0;

  g_assert_true (sertel_store_verify_audit (store, &bad, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpuint (rows, >, 0);
}
