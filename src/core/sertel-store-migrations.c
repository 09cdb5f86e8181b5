/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-store-migrations.h"

/* Numbered migrations; migration N brings the schema from N-1 to N. Written
 * once for every engine: @ID@ and @BLOB@ are replaced with the engine's
 * spelling of an identity key and a byte column. Never edit a released one:
 * add the next. */
static const char * const migrations[] = {
  /* 1: the register */
  "CREATE TABLE staff ("
  "  id @ID@,"
  "  name TEXT NOT NULL,"
  "  nip TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at BIGINT NOT NULL);"
  "CREATE TABLE opd ("
  "  id @ID@,"
  "  name TEXT NOT NULL UNIQUE,"
  "  active INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE request ("
  "  id @ID@,"
  "  letter_number TEXT NOT NULL,"
  "  letter_date TEXT NOT NULL,"
  "  received_at BIGINT NOT NULL,"
  "  sifat TEXT NOT NULL,"
  "  perihal TEXT NOT NULL,"
  "  opd_id BIGINT NOT NULL REFERENCES opd (id),"
  "  state TEXT NOT NULL,"
  "  state_since BIGINT NOT NULL,"
  "  assigned_to BIGINT REFERENCES staff (id),"
  "  return_reason TEXT,"
  "  recommendation_number TEXT UNIQUE,"
  "  n_applicants INTEGER NOT NULL DEFAULT 0,"
  "  created_by BIGINT REFERENCES staff (id),"
  "  version BIGINT NOT NULL DEFAULT 1);"
  "CREATE INDEX request_state ON request (state, state_since);"
  "CREATE INDEX request_received ON request (received_at);"
  "CREATE INDEX request_opd ON request (opd_id);"
  "CREATE INDEX request_letter ON request (letter_number);"
  "CREATE TABLE applicant ("
  "  id @ID@,"
  "  request_id BIGINT NOT NULL REFERENCES request (id),"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  name_titled TEXT,"
  "  nik TEXT NOT NULL,"
  "  nip TEXT NOT NULL,"
  "  pangkat TEXT,"
  "  jabatan TEXT,"
  "  unit_kerja TEXT,"
  "  opd TEXT,"
  "  office_address TEXT,"
  "  city TEXT,"
  "  province TEXT,"
  "  email TEXT,"
  "  phone TEXT,"
  "  state TEXT NOT NULL,"
  "  state_reason TEXT,"
  "  mismatch_reason TEXT,"
  "  version BIGINT NOT NULL DEFAULT 1);"
  "CREATE INDEX applicant_request ON applicant (request_id, position);"
  "CREATE INDEX applicant_nik ON applicant (nik);"
  "CREATE INDEX applicant_nip ON applicant (nip);"
  "CREATE INDEX applicant_name ON applicant (name);"
  "CREATE TABLE blob ("
  "  sha256 TEXT PRIMARY KEY,"
  "  size BIGINT NOT NULL,"
  "  data @BLOB@ NOT NULL);"
  "CREATE TABLE attachment ("
  "  id @ID@,"
  "  request_id BIGINT NOT NULL REFERENCES request (id),"
  "  applicant_id BIGINT REFERENCES applicant (id),"
  "  kind TEXT NOT NULL,"
  "  file_name TEXT NOT NULL,"
  "  mime TEXT NOT NULL,"
  "  size BIGINT NOT NULL,"
  "  sha256 TEXT NOT NULL REFERENCES blob (sha256),"
  "  added_at BIGINT NOT NULL,"
  "  added_by BIGINT REFERENCES staff (id));"
  "CREATE INDEX attachment_request ON attachment (request_id);"
  "CREATE TABLE transition ("
  "  id @ID@,"
  "  request_id BIGINT NOT NULL REFERENCES request (id),"
  "  applicant_id BIGINT REFERENCES applicant (id),"
  "  action TEXT NOT NULL,"
  "  from_state TEXT NOT NULL,"
  "  to_state TEXT NOT NULL,"
  "  actor_id BIGINT REFERENCES staff (id),"
  "  at BIGINT NOT NULL,"
  "  note TEXT);"
  "CREATE INDEX transition_request ON transition (request_id, id);"
  "CREATE TABLE audit ("
  "  id @ID@,"
  "  at BIGINT NOT NULL,"
  "  actor_id BIGINT,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id BIGINT,"
  "  before_value TEXT,"
  "  after_value TEXT,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL);"
  "CREATE TABLE audit_head ("
  "  one INTEGER PRIMARY KEY CHECK (one = 1),"
  "  last_id BIGINT NOT NULL,"
  "  last_hash TEXT NOT NULL);"
  "CREATE TABLE letter_counter ("
  "  kind TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  last INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, year));",

  /* 2: disposition instructions on a step, and the letters the office issued
   * (the PDF kept as a blob, so a reprint is the same document) */
  "ALTER TABLE transition ADD COLUMN instructions TEXT;"
  "CREATE TABLE letter ("
  "  id @ID@,"
  "  request_id BIGINT NOT NULL REFERENCES request (id),"
  "  kind TEXT NOT NULL,"
  "  number TEXT,"
  "  sha256 TEXT NOT NULL REFERENCES blob (sha256),"
  "  size BIGINT NOT NULL,"
  "  issued_at BIGINT NOT NULL,"
  "  issued_by BIGINT REFERENCES staff (id));"
  "CREATE INDEX letter_request ON letter (request_id, kind);"
  "CREATE UNIQUE INDEX letter_one_recommendation ON letter (request_id) WHERE kind = 'rekomendasi';",

  /* 3: the case list searches names and letter numbers case-insensitively by
   * prefix (lower(x) >= $p AND lower(x) < $p || U+10FFFF): expression
   * indexes serve that in SQLite and PostgreSQL alike */
  "CREATE INDEX applicant_name_lower ON applicant (lower(name));"
  "CREATE INDEX request_letter_lower ON request (lower(letter_number));",

  /* 4: the mail outbox (every message is committed here before a worker
   * sends it; "sending" records an attempt before it is made, so a crash
   * mid-send is found and never sent twice) and the results of "is this
   * official e-mail active?" checks */
  "CREATE TABLE outbox ("
  "  id @ID@,"
  "  created_at BIGINT NOT NULL,"
  "  request_id BIGINT REFERENCES request (id),"
  "  applicant_id BIGINT REFERENCES applicant (id),"
  "  kind TEXT NOT NULL,"
  "  recipients TEXT NOT NULL,"
  "  cc TEXT,"
  "  subject TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  attachment_sha256 TEXT REFERENCES blob (sha256),"
  "  attachment_name TEXT,"
  "  state TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_attempt_at BIGINT,"
  "  last_error TEXT,"
  "  next_try_at BIGINT,"
  "  sent_at BIGINT);"
  "CREATE INDEX outbox_due ON outbox (state, next_try_at);"
  "CREATE INDEX outbox_request ON outbox (request_id);"
  "CREATE TABLE email_check ("
  "  id @ID@,"
  "  applicant_id BIGINT NOT NULL REFERENCES applicant (id),"
  "  address TEXT NOT NULL,"
  "  checked_at BIGINT NOT NULL,"
  "  accepted INTEGER NOT NULL,"
  "  message TEXT);"
  "CREATE INDEX email_check_applicant ON email_check (applicant_id, checked_at);",

  /* 5: the activity report walks the transitions of a period */
  "CREATE INDEX transition_at ON transition (at, action);",

  /* 6: the activity report and the dashboard's chart count the steps of one
   * action in a period: a range of this index each, without reading the
   * transitions themselves; the SOP pass reads every request's history in
   * order from this one alone (to_state is a short state key) */
  "CREATE INDEX transition_action ON transition (action, at, request_id);"
  "CREATE INDEX transition_history ON transition (request_id, id, at, applicant_id, to_state);",

  /* 7: sign-in lockout, in the register so that every desk sees it:
   * wrong passwords in a row, lockouts since the last sign-in (each one
   * longer) and until when the account waits (UNIX seconds) */
  "CREATE TABLE sign_in_guard ("
  "  staff_id BIGINT PRIMARY KEY REFERENCES staff (id),"
  "  failures INTEGER NOT NULL DEFAULT 0,"
  "  lockouts INTEGER NOT NULL DEFAULT 0,"
  "  locked_until BIGINT NOT NULL DEFAULT 0);",

  /* 8: the retention rule removes the scans of cases closed long ago; the
   * attachment row stays as the record that a file existed, marked with the
   * time it was removed (its content then points at the empty blob) */
  "ALTER TABLE attachment ADD COLUMN purged_at BIGINT;",
};

int
sertel_store_migrations_latest (void)
{
  return G_N_ELEMENTS (migrations);
}

static char *
for_dialect (const char *sql, const char *dialect)
{
  gboolean pg = g_strcmp0 (dialect, "postgresql") == 0;
  g_autoptr(GString) s = g_string_new (sql);

  g_string_replace (s, "@ID@", pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                                  : "INTEGER PRIMARY KEY", 0);
  g_string_replace (s, "@BLOB@", pg ? "BYTEA" : "BLOB", 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
sertel_store_migrate (SertelDb *db, GError **error)
{
  int version, latest = sertel_store_migrations_latest ();

  version = sertel_db_get_schema_version (db, error);
  if (version < 0)
    return FALSE;

  if (version > latest)
    {
      g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_NEWER_SCHEMA,
                   _("This register was made by a newer version of Sertel (schema %d; this version knows up to %d). "
                     "It was left untouched: update Sertel to open it."),
                   version, latest);
      return FALSE;
    }

  for (int v = version + 1; v <= latest; v++)
    {
      g_autofree char *sql = for_dialect (migrations[v - 1], sertel_db_get_dialect (db));
      g_autoptr(GError) local_error = NULL;

      int current;

      /* Each step in its own transaction: a failure leaves the last good
       * version. The version is read again under the write lock, as another
       * desk may have opened the same new register a moment ago. */
      if (!sertel_db_begin (db, TRUE, error))
        return FALSE;
      current = sertel_db_get_schema_version (db, &local_error);
      if (current >= v)
        {
          if (!sertel_db_commit (db, error))
            return FALSE;
          continue;
        }
      if (current < 0 ||
          !sertel_db_exec (db, sql, &local_error) ||
          !sertel_db_set_schema_version (db, v, &local_error) ||
          !sertel_db_commit (db, &local_error))
        {
          sertel_db_rollback (db);
          g_set_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_FAILED,
                       _("The register could not be upgraded to schema %d: %s"), v, local_error->message);
          return FALSE;
        }
      g_debug ("Register upgraded to schema %d", v);
    }

  return TRUE;
}
