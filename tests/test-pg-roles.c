/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The database's own rights (data/sertel-postgresql-setup.sql) on a real
 * PostgreSQL cluster: the register is created through sertel_store_open,
 * the script applied with psql, one login per role made as the README says;
 * then each login tries, with raw SQL as a tampered client would, what its
 * role may not do (refused) and what it may (done), and the whole SOP is
 * walked through the store with each desk's own login. Needs
 * tests/with-postgresql.sh (SERTEL_TEST_PG). */
#include "config.h"

#include "sertel-test-util.c"

static char *owner;        /* the register's database, as the cluster's superuser */
static char *logins[7];    /* connection strings by SertelRole */
static gint64 staff_ids[7];

static const SertelRole roles[] = {
  SERTEL_ROLE_OPERATOR, SERTEL_ROLE_KEPALA_DINAS, SERTEL_ROLE_KABID,
  SERTEL_ROLE_KASI, SERTEL_ROLE_VERIFIKATOR, SERTEL_ROLE_ADMIN,
};

/* Runs @sql as @conninfo; NULL when it succeeded, else the server's message. */
static char *
try_sql (const char *conninfo, const char *sql)
{
  PGconn *conn = pg_connect (conninfo);
  PGresult *res = PQexec (conn, sql);
  char *message = NULL;

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    message = g_strdup (PQresultErrorMessage (res));
  PQclear (res);
  PQfinish (conn);
  return message;
}

#define REFUSED(role, sql) G_STMT_START {                                     \
    g_autofree char *_m = try_sql (logins[role], sql);                         \
    if (_m == NULL)                                                            \
      g_error ("%s was allowed: %s", sertel_role_to_string (role), sql);      \
    g_test_message ("%s refused: %s → %s", sertel_role_to_string (role), sql, g_strstrip (_m)); \
    g_assert_true (strstr (_m, "permission denied") || strstr (_m, "must be owner") || strstr (_m, "Sertel:"));  \
  } G_STMT_END

#define ALLOWED(role, sql) G_STMT_START {                                     \
    g_autofree char *_m = try_sql (logins[role], sql);                         \
    if (_m != NULL)                                                            \
      g_error ("%s was refused: %s: %s", sertel_role_to_string (role), sql, _m); \
  } G_STMT_END

static void
run_psql (const char *conninfo, const char *file)
{
  g_autofree char *psql = g_build_filename (g_getenv ("SERTEL_TEST_PG_BINDIR"), "psql", NULL);
  const char *argv[] = { psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", file, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("psql -f %s failed: %s", file, err);
}

static char *
setup_script (void)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "sertel-postgresql-setup.sql", NULL);
}

static gint64
sql_int (const char *sql)
{
  g_autofree char *v = pg_query (owner, sql);
  return v ? g_ascii_strtoll (v, NULL, 10) : -1;
}

static SertelStaff *
staff_as (SertelStore *store, SertelRole role)
{
  g_autoptr(GError) error = NULL;
  SertelStaff *s = sertel_store_authenticate (store, staff_ids[role], TEST_PASSWORD, &error);

  g_assert_no_error (error);
  return s;
}

static SertelStore *
store_as (SertelRole role)
{
  g_autoptr(GError) error = NULL;
  SertelStore *store = sertel_store_open (logins[role], &error);

  g_assert_no_error (error);
  return store;
}

static gint64
take_in (SertelStore *store, SertelStaff *operator, const char *letter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request (letter);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = pdf_bytes ();
  SertelNewAttachment scan = { "letter", "surat.pdf", pdf, -1 };
  gint64 id;

  g_ptr_array_add (applicants, make_applicant ("Siti Aminah", NIK_F, NIP_F));
  g_ptr_array_add (attachments, &scan);
  id = sertel_store_create_request (store, operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autofree char *script = setup_script ();
  static const char *names[] = { "Admin Sistem", "Operator Satu", "Kepala Dinas", "Kabid Persandian",
                                 "Kasi Persandian", "Verifikator Satu" };

  /* The register, made by the owner (here the cluster's superuser). */
  owner = pg_create_database (NULL);
  store = sertel_store_open (owner, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      SertelRole role = i == 0 ? SERTEL_ROLE_ADMIN : roles[i - 1];
      g_autofree char *nip = staff_nip (i + 1);
      g_autoptr(SertelStaff) s = sertel_store_add_staff (store, admin, names[i], nip, role, TEST_PASSWORD, &error);
      g_assert_no_error (error);
      staff_ids[role] = sertel_staff_get_id (s);
      if (role == SERTEL_ROLE_ADMIN)
        admin = g_object_ref (s);
    }
  g_clear_object (&store);

  /* The script, twice: running it again changes nothing and fails nowhere. */
  run_psql (owner, script);
  run_psql (owner, script);

  /* One login per desk, in its role's group, as the README says. */
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      const char *key = sertel_role_to_string (roles[i]);
      g_autofree char *login = g_strdup_printf ("%s_%d", key, (int) getpid ());
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN IN ROLE sertel_%s",
                                              login, login, key);

      g_free (pg_query (owner, sql));
      logins[roles[i]] = g_strdup_printf ("%s user=%s", owner, login);
    }
}

static void
teardown (void)
{
  pg_drop_database (owner);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s_%d", sertel_role_to_string (roles[i]), (int) getpid ());
      g_free (pg_query (g_getenv ("SERTEL_TEST_PG"), sql));
      g_clear_pointer (&logins[roles[i]], g_free);
    }
  g_clear_pointer (&owner, g_free);
}

/* The script's SOP table is the workflow's, row for row. */
static void
test_sop_table (void)
{
  guint n = 0;
  const SertelTransition *t = sertel_workflow_transitions (&n);

  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM sertel_sop_transition"), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const char *from = t[i].on_applicant ? sertel_applicant_state_to_string (t[i].from)
                                           : sertel_request_state_to_string (t[i].from);
      const char *to = t[i].on_applicant ? sertel_applicant_state_to_string (t[i].to)
                                         : sertel_request_state_to_string (t[i].to);
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM sertel_sop_transition WHERE on_applicant = %s"
                                              " AND action = '%s' AND from_state = '%s' AND to_state = '%s' AND role = '%s'",
                                              t[i].on_applicant ? "true" : "false", sertel_action_to_string (t[i].action),
                                              from, to, sertel_role_to_string (t[i].role));
      g_assert_cmpint (sql_int (sql), ==, 1);
    }
}

/* The whole SOP through the store, each step by its own desk's login. */
static void
test_walk_with_own_logins (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) op_store = store_as (SERTEL_ROLE_OPERATOR);
  g_autoptr(SertelStore) kadis_store = store_as (SERTEL_ROLE_KEPALA_DINAS);
  g_autoptr(SertelStore) kabid_store = store_as (SERTEL_ROLE_KABID);
  g_autoptr(SertelStore) kasi_store = store_as (SERTEL_ROLE_KASI);
  g_autoptr(SertelStore) verif_store = store_as (SERTEL_ROLE_VERIFIKATOR);
  g_autoptr(SertelStore) admin_store = store_as (SERTEL_ROLE_ADMIN);
  g_autoptr(SertelStaff) op = staff_as (op_store, SERTEL_ROLE_OPERATOR);
  g_autoptr(SertelStaff) kadis = staff_as (kadis_store, SERTEL_ROLE_KEPALA_DINAS);
  g_autoptr(SertelStaff) kabid = staff_as (kabid_store, SERTEL_ROLE_KABID);
  g_autoptr(SertelStaff) kasi = staff_as (kasi_store, SERTEL_ROLE_KASI);
  g_autoptr(SertelStaff) verif = staff_as (verif_store, SERTEL_ROLE_VERIFIKATOR);
  g_autoptr(SertelStaff) admin = staff_as (admin_store, SERTEL_ROLE_ADMIN);
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(SertelRequest) r = NULL;
  g_autoptr(SertelStaff) added = NULL;
  gint64 id, bad = 0;
  guint rows = 0;
  static const SertelAction steps[] = {
    SERTEL_ACTION_MARK_REGISTERED, SERTEL_ACTION_MARK_VERIFIED, SERTEL_ACTION_MARK_ISSUED,
  };

  id = take_in (op_store, op, "800/10/BKD/2026");

#define MOVE(store, actor, action, assignee) G_STMT_START {                  \
    g_autoptr(SertelRequest) _r = sertel_store_get_request (store, id, &error); \
    g_assert_no_error (error);                                                \
    g_assert_true (sertel_store_move_request (store, actor, id, sertel_request_get_version (_r), \
                                              action, assignee, "ok", &error)); \
    g_assert_no_error (error);                                                \
  } G_STMT_END

  MOVE (kadis_store, kadis, SERTEL_ACTION_DISPOSE, 0);
  MOVE (kabid_store, kabid, SERTEL_ACTION_FORWARD, 0);
  MOVE (kasi_store, kasi, SERTEL_ACTION_ASSIGN, staff_ids[SERTEL_ROLE_VERIFIKATOR]);
  r = sertel_store_get_request (verif_store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sertel_request_get_recommendation_number (r));

  applicants = sertel_store_list_applicants (verif_store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(SertelApplicant) a = sertel_store_get_applicant (verif_store,
                                                                 sertel_applicant_get_id (applicants->pdata[0]), &error);
      g_assert_no_error (error);
      g_assert_true (sertel_store_move_applicant (verif_store, verif, sertel_applicant_get_id (a),
                                                  sertel_applicant_get_version (a), steps[i], NULL, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&r);
  r = sertel_store_get_request (op_store, id, &error);
  g_assert_cmpint (sertel_request_get_state (r), ==, SERTEL_REQUEST_COMPLETED);

  /* Staff and OPDs: the administrator's login may. */
  {
    g_autofree char *nip = staff_nip (40);
    added = sertel_store_add_staff (admin_store, admin, "Operator Dua", nip, SERTEL_ROLE_OPERATOR, TEST_PASSWORD, &error);
    g_assert_no_error (error);
  }

  /* Everything on record and the chain intact. */
  g_assert_true (sertel_store_verify_audit (admin_store, &bad, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpuint (rows, >, 8);
#undef MOVE
}

/* A tampered client: a Kabid's login acting with a Kasi's staff account
 * through the store, then raw SQL from every login. */
static void
test_forbidden (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) op_store = store_as (SERTEL_ROLE_OPERATOR);
  g_autoptr(SertelStore) kabid_store = store_as (SERTEL_ROLE_KABID);
  g_autoptr(SertelStaff) op = staff_as (op_store, SERTEL_ROLE_OPERATOR);
  g_autoptr(SertelStaff) kasi_account = staff_as (kabid_store, SERTEL_ROLE_KASI);
  g_autoptr(SertelRequest) r = NULL;
  g_autofree char *sql = NULL;
  gint64 id, audit_rows, counter;

  /* A case at the Kasi, moved there by the right desks (the owner here). */
  id = take_in (op_store, op, "800/20/BKD/2026");
  sql = g_strdup_printf ("UPDATE request SET state = 'at_kasi' WHERE id = %" G_GINT64_FORMAT, id);
  g_free (pg_query (owner, sql));
  g_clear_pointer (&sql, g_free);

  /* Through the store: refused by the database, nothing half-applied. */
  audit_rows = sql_int ("SELECT COUNT(*) FROM audit");
  counter = sql_int ("SELECT COALESCE(SUM(last), 0) FROM letter_counter");
  r = sertel_store_get_request (kabid_store, id, &error);
  g_assert_no_error (error);
  g_assert_false (sertel_store_move_request (kabid_store, kasi_account, id, sertel_request_get_version (r),
                                             SERTEL_ACTION_ASSIGN, staff_ids[SERTEL_ROLE_VERIFIKATOR], NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("a Kabid login acting as the Kasi: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (sql_int ("SELECT COUNT(*) FROM audit"), ==, audit_rows);
  g_assert_cmpint (sql_int ("SELECT COALESCE(SUM(last), 0) FROM letter_counter"), ==, counter);
  sql = g_strdup_printf ("SELECT state FROM request WHERE id = %" G_GINT64_FORMAT, id);
  {
    g_autofree char *state = pg_query (owner, sql);
    g_assert_cmpstr (state, ==, "at_kasi");
  }
  g_clear_pointer (&sql, g_free);

  /* Raw SQL. Moving the case at the Kasi: only the Kasi's login may. */
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      if (roles[i] == SERTEL_ROLE_KASI)
        continue;
      sql = g_strdup_printf ("UPDATE request SET state = 'at_verifikator', version = version + 1 WHERE id = %" G_GINT64_FORMAT, id);
      REFUSED (roles[i], sql);
      g_clear_pointer (&sql, g_free);
      sql = g_strdup_printf ("INSERT INTO transition (request_id, action, from_state, to_state, actor_id, at)"
                             " VALUES (%" G_GINT64_FORMAT ", 'assign', 'at_kasi', 'at_verifikator', %" G_GINT64_FORMAT ", 1)",
                             id, staff_ids[SERTEL_ROLE_KASI]);
      REFUSED (roles[i], sql);
      g_clear_pointer (&sql, g_free);
    }
  /* Steps outside the SOP, even by the Kasi: straight to completed. */
  sql = g_strdup_printf ("UPDATE request SET state = 'completed' WHERE id = %" G_GINT64_FORMAT, id);
  REFUSED (SERTEL_ROLE_KASI, sql);
  g_clear_pointer (&sql, g_free);
  /* The Kasi's login naming another account as the actor. */
  sql = g_strdup_printf ("INSERT INTO transition (request_id, action, from_state, to_state, actor_id, at)"
                         " VALUES (%" G_GINT64_FORMAT ", 'assign', 'at_kasi', 'at_verifikator', %" G_GINT64_FORMAT ", 1)",
                         id, staff_ids[SERTEL_ROLE_KABID]);
  REFUSED (SERTEL_ROLE_KASI, sql);
  g_clear_pointer (&sql, g_free);
  /* The Kasi's own move by raw SQL is allowed: the rights are the role's. */
  sql = g_strdup_printf ("BEGIN; UPDATE request SET state = 'at_verifikator', version = version + 1 WHERE id = %" G_GINT64_FORMAT ";"
                         " INSERT INTO transition (request_id, action, from_state, to_state, actor_id, at)"
                         " VALUES (%" G_GINT64_FORMAT ", 'assign', 'at_kasi', 'at_verifikator', %" G_GINT64_FORMAT ", 1); ROLLBACK",
                         id, id, staff_ids[SERTEL_ROLE_KASI]);
  ALLOWED (SERTEL_ROLE_KASI, sql);
  g_clear_pointer (&sql, g_free);

  /* Letter details: the Operator's only. */
  sql = g_strdup_printf ("UPDATE request SET perihal = 'diubah' WHERE id = %" G_GINT64_FORMAT, id);
  REFUSED (SERTEL_ROLE_KABID, sql);
  REFUSED (SERTEL_ROLE_VERIFIKATOR, sql);
  REFUSED (SERTEL_ROLE_ADMIN, sql);
  ALLOWED (SERTEL_ROLE_OPERATOR, sql);
  g_clear_pointer (&sql, g_free);

  /* Applicants' progress at BSrE: the Verifikator's only. */
  sql = g_strdup_printf ("UPDATE applicant SET state = 'registered' WHERE request_id = %" G_GINT64_FORMAT, id);
  REFUSED (SERTEL_ROLE_OPERATOR, sql);
  REFUSED (SERTEL_ROLE_KASI, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("BEGIN; UPDATE applicant SET state = 'registered' WHERE request_id = %" G_GINT64_FORMAT "; ROLLBACK", id);
  ALLOWED (SERTEL_ROLE_VERIFIKATOR, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE applicant SET state = 'issued' WHERE request_id = %" G_GINT64_FORMAT, id);
  REFUSED (SERTEL_ROLE_VERIFIKATOR, sql);   /* pending → issued is not in the SOP */
  g_clear_pointer (&sql, g_free);

  /* Nobody removes a case; a new one starts at the beginning. */
  sql = g_strdup_printf ("DELETE FROM request WHERE id = %" G_GINT64_FORMAT, id);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    REFUSED (roles[i], sql);
  g_clear_pointer (&sql, g_free);
  REFUSED (SERTEL_ROLE_OPERATOR, "INSERT INTO request (letter_number, letter_date, received_at, sifat, perihal, opd_id,"
                                 " state, state_since) VALUES ('x', '2026-01-01', 1, 'biasa', 'x', 1, 'completed', 1)");

  /* The audit trail: append only, for everyone, the owner included. */
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      REFUSED (roles[i], "UPDATE audit SET after_value = 'x' WHERE id = 1");
      REFUSED (roles[i], "DELETE FROM audit WHERE id = 1");
      REFUSED (roles[i], "TRUNCATE audit");
    }
  {
    g_autofree char *m = try_sql (owner, "DELETE FROM audit WHERE id = (SELECT MAX(id) FROM audit)");
    g_assert_nonnull (m);
    g_assert_nonnull (strstr (m, "audit trail cannot be changed"));
  }

  /* Staff accounts: the administrator's only. */
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *promote = g_strdup_printf ("UPDATE staff SET role = 'admin' WHERE id = %" G_GINT64_FORMAT,
                                                  staff_ids[SERTEL_ROLE_KABID]);
      if (roles[i] == SERTEL_ROLE_ADMIN)
        {
          g_autofree char *same = g_strdup_printf ("UPDATE staff SET role = 'kabid' WHERE id = %" G_GINT64_FORMAT,
                                                   staff_ids[SERTEL_ROLE_KABID]);
          ALLOWED (roles[i], same);
          continue;
        }
      REFUSED (roles[i], promote);
      REFUSED (roles[i], "INSERT INTO staff (name, nip, role, password_hash, created_at)"
                         " VALUES ('Penyusup', '199001012020011001', 'admin', 'x', 1)");
    }
  /* No login changes the schema or the SOP table. */
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      REFUSED (roles[i], "DELETE FROM sertel_sop_transition");
      REFUSED (roles[i], "DROP TRIGGER sertel_request_guard ON request");
      REFUSED (roles[i], "CREATE TABLE intruder (x int)");
    }
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("SERTEL_TEST_PG") == NULL)
    {
      if (g_strcmp0 (g_getenv ("SERTEL_TEST_PG_REQUIRED"), "1") == 0)
        {
          printf ("Bail out! SERTEL_TEST_PG is not set: run the tests under tests/with-postgresql.sh\n");
          return 1;
        }
      printf ("1..0 # SKIP no PostgreSQL cluster: run under tests/with-postgresql.sh\n");
      return 0;
    }
  setup ();
  g_test_add_func ("/pg-roles/sop-table", test_sop_table);
  g_test_add_func ("/pg-roles/walk-with-own-logins", test_walk_with_own_logins);
  g_test_add_func ("/pg-roles/forbidden", test_forbidden);
  status = g_test_run ();
  teardown ();
  return status;
}
