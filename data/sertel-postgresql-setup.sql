-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Sertel on PostgreSQL: the database's own rights, so that a desk's login can
-- do only what its role may in the SOP, whatever program it connects with.
--
-- Run it as a superuser (or a role with CREATEROLE that owns the tables) in
-- the register's database, AFTER the register's tables exist — that is, after
-- the owner's login has opened the register once (Sertel, or
-- `sertel-cli --database 'host=… dbname=sertel user=sertel_owner' verify`):
--
--   psql -v ON_ERROR_STOP=1 -d sertel -f sertel-postgresql-setup.sql
--
-- It can be run again at any time (and must be, after an upgrade of Sertel
-- that adds tables): it changes nothing that is already right.
--
-- Roles
--   sertel_desk          every desk: read the register, write the audit trail,
--                        queue mail, record e-mail checks and sign-in attempts
--   sertel_operator      front desk: takes requests in, corrects letter details
--                        and applicants, keeps the OPD list, resubmits returned
--   sertel_kepala_dinas  disposes to the Kabid
--   sertel_kabid         forwards to the Kasi
--   sertel_kasi          assigns a Verifikator (reserving the letter number)
--                        or returns to the OPD; issues the Surat Rekomendasi
--   sertel_verifikator   records each applicant at BSrE, completes; issues letters
--   sertel_admin         staff accounts, the OPD list, the retention rule
-- Each group role is a member of sertel_desk. They cannot log in.
--
-- Logins: one PostgreSQL login per desk or person, member of exactly one
-- group, e.g.
--   CREATE ROLE kasi_fadli LOGIN PASSWORD '…' IN ROLE sertel_kasi;
-- and the same login in that desk's Preferences → Database. The person then
-- signs in to Sertel with their staff account as usual; the database checks
-- in addition that the staff account acting has the role of the login's
-- group, so an account cannot act through another role's desk.
--
-- The tables' owner (the login that created them, e.g. sertel_owner) is not
-- limited by grants: keep its password with the administrator; it upgrades
-- the schema and runs `sertel-cli migrate-to-postgresql`.

\set ON_ERROR_STOP 1

BEGIN;

-- ---------------------------------------------------------------------------
-- Group roles

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['sertel_desk', 'sertel_operator', 'sertel_kepala_dinas', 'sertel_kabid',
                           'sertel_kasi', 'sertel_verifikator', 'sertel_admin']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', r);
    END IF;
    IF r <> 'sertel_desk' AND NOT pg_has_role (r, 'sertel_desk', 'MEMBER') THEN
      EXECUTE format ('GRANT sertel_desk TO %I', r);
    END IF;
  END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- The SOP's transition table (src/core/sertel-workflow.c), as data the
-- triggers below read. tests/test-pg-roles.c checks it against the C table.

CREATE TABLE IF NOT EXISTS sertel_sop_transition (
  on_applicant boolean NOT NULL,
  action       text    NOT NULL,
  from_state   text    NOT NULL,
  to_state     text    NOT NULL,
  role         text    NOT NULL,
  PRIMARY KEY (on_applicant, action, from_state, to_state)
);
DELETE FROM sertel_sop_transition;
INSERT INTO sertel_sop_transition (on_applicant, action, from_state, to_state, role) VALUES
  (false, 'dispose',         'received',       'at_kabid',       'kepala_dinas'),
  (false, 'forward',         'at_kabid',       'at_kasi',        'kabid'),
  (false, 'assign',          'at_kasi',        'at_verifikator', 'kasi'),
  (false, 'return',          'at_kasi',        'returned',       'kasi'),
  (false, 'resubmit',        'returned',       'received',       'operator'),
  (false, 'complete',        'at_verifikator', 'completed',      'verifikator'),
  (true,  'mark_registered', 'pending',        'registered',     'verifikator'),
  (true,  'mark_verified',   'registered',     'verified',       'verifikator'),
  (true,  'mark_issued',     'verified',       'issued',         'verifikator'),
  (true,  'mark_issued',     'registered',     'issued',         'verifikator'),
  (true,  'mark_rejected',   'pending',        'rejected',       'verifikator'),
  (true,  'mark_rejected',   'registered',     'rejected',       'verifikator'),
  (true,  'mark_rejected',   'verified',       'rejected',       'verifikator');

-- ---------------------------------------------------------------------------
-- Who is acting

-- TRUE for the tables' owner and superusers: migrations and copies.
CREATE OR REPLACE FUNCTION sertel_is_owner () RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
  SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
      OR pg_has_role (session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.request'::regclass), 'MEMBER')
$$;

-- TRUE when the login is in the group of Sertel role @role ("kasi", …).
CREATE OR REPLACE FUNCTION sertel_login_has_role (role text) RETURNS boolean
  LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sertel_' || role)
     AND pg_has_role (session_user, 'sertel_' || role, 'MEMBER')
$$;

-- A move of a case must be in the SOP's table, by a login of the role the
-- table names. @actor_id, when given, must be an active staff account of
-- that role.
CREATE OR REPLACE FUNCTION sertel_check_move (applicant boolean, check_from text, check_to text, actor_id bigint)
  RETURNS void LANGUAGE plpgsql STABLE SET search_path = pg_catalog, public AS $$
DECLARE
  needed text;
  actor_role text;
BEGIN
  IF sertel_is_owner () THEN
    RETURN;
  END IF;
  SELECT t.role INTO needed
    FROM sertel_sop_transition t
   WHERE t.on_applicant = applicant AND t.from_state = check_from AND t.to_state = check_to
   LIMIT 1;
  IF needed IS NULL THEN
    RAISE EXCEPTION 'Sertel: % cannot move from % to % (not in the SOP)',
      CASE WHEN applicant THEN 'an applicant' ELSE 'a request' END, check_from, check_to
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT sertel_login_has_role (needed) THEN
    RAISE EXCEPTION 'Sertel: the login % may not move % from % to %: that step is the %''s',
      session_user, CASE WHEN applicant THEN 'an applicant' ELSE 'a request' END, check_from, check_to, needed
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF actor_id IS NOT NULL THEN
    SELECT s.role INTO actor_role FROM staff s WHERE s.id = actor_id AND s.active = 1;
    IF actor_role IS DISTINCT FROM needed THEN
      RAISE EXCEPTION 'Sertel: staff account % is not an active % and may not take this step', actor_id, needed
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Triggers: they hold for every login but the owner

-- New requests and applicants start at the beginning; a change of state is
-- a move the SOP allows the login (one function for both tables).
CREATE OR REPLACE FUNCTION sertel_state_guard () RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
  applicant boolean := TG_TABLE_NAME = 'applicant';
  first_state text := CASE WHEN TG_TABLE_NAME = 'applicant' THEN 'pending' ELSE 'received' END;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.state <> first_state AND NOT sertel_is_owner () THEN
      RAISE EXCEPTION 'Sertel: a new % starts as %, not %', TG_TABLE_NAME, first_state, NEW.state
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
    PERFORM sertel_check_move (applicant, OLD.state, NEW.state, NULL);
  END IF;
  RETURN NEW;
END
$$;

-- Every step on record must be one the SOP allows the login and the staff
-- account named as its actor.
CREATE OR REPLACE FUNCTION sertel_transition_guard () RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM sertel_check_move (NEW.applicant_id IS NOT NULL, NEW.from_state, NEW.to_state, NEW.actor_id);
  RETURN NEW;
END
$$;

-- The audit trail is written once: no login, the owner included, changes or
-- removes a row (the hash chain would show it; this refuses it outright).
CREATE OR REPLACE FUNCTION sertel_audit_guard () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Sertel: the audit trail cannot be changed or removed'
    USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS sertel_request_guard ON request;
CREATE TRIGGER sertel_request_guard BEFORE INSERT OR UPDATE OF state ON request
  FOR EACH ROW EXECUTE FUNCTION sertel_state_guard ();
DROP TRIGGER IF EXISTS sertel_applicant_guard ON applicant;
CREATE TRIGGER sertel_applicant_guard BEFORE INSERT OR UPDATE OF state ON applicant
  FOR EACH ROW EXECUTE FUNCTION sertel_state_guard ();
DROP TRIGGER IF EXISTS sertel_transition_guard ON transition;
CREATE TRIGGER sertel_transition_guard BEFORE INSERT ON transition
  FOR EACH ROW EXECUTE FUNCTION sertel_transition_guard ();
DROP TRIGGER IF EXISTS sertel_audit_guard ON audit;
CREATE TRIGGER sertel_audit_guard BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION sertel_audit_guard ();
DROP TRIGGER IF EXISTS sertel_audit_truncate_guard ON audit;
CREATE TRIGGER sertel_audit_truncate_guard BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION sertel_audit_guard ();

-- ---------------------------------------------------------------------------
-- Grants. Start from nothing, then give each group what its role does.

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['sertel_desk', 'sertel_operator', 'sertel_kepala_dinas', 'sertel_kabid',
                           'sertel_kasi', 'sertel_verifikator', 'sertel_admin']
  LOOP
    EXECUTE format ('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', r);
    EXECUTE format ('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', r);
  END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO sertel_desk;
-- Every desk reads the whole register (queues, the case page, reports).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO sertel_desk;
-- Identity columns draw from sequences.
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO sertel_desk;

-- Everyone: the audit trail (append only), its head, mail and checks.
GRANT INSERT ON audit TO sertel_desk;
GRANT INSERT, UPDATE ON audit_head TO sertel_desk;
GRANT INSERT, UPDATE ON outbox TO sertel_desk;            -- every open Sertel sends queued mail
GRANT INSERT ON email_check TO sertel_desk;
GRANT INSERT ON blob TO sertel_desk;                      -- content-addressed: a row is its own proof
GRANT INSERT ON transition TO sertel_desk;                -- checked row by row by sertel_transition_guard
-- A case's version and counters move with every change to it; its state
-- only as sertel_request_guard allows.
GRANT UPDATE (state, state_since, version, assigned_to, return_reason, recommendation_number, n_applicants)
  ON request TO sertel_desk;

-- Front desk: intake and corrections.
GRANT INSERT ON request, applicant, attachment, opd TO sertel_operator;
GRANT UPDATE ON request, applicant, opd TO sertel_operator;

-- Kasi: the Surat Rekomendasi number is reserved when a Verifikator is assigned.
GRANT INSERT, UPDATE ON letter_counter TO sertel_kasi;
GRANT INSERT ON letter TO sertel_kasi, sertel_verifikator;

-- Verifikator: each applicant's progress at BSrE.
GRANT UPDATE (state, state_reason, version) ON applicant TO sertel_verifikator;

-- Administrator: staff accounts, the OPD list, the retention rule.
GRANT INSERT, UPDATE ON staff TO sertel_admin;
GRANT INSERT, UPDATE ON opd TO sertel_admin;
GRANT DELETE ON blob TO sertel_admin;

-- Tables that newer migrations add, when present.
DO $$
BEGIN
  -- The retention rule empties the scans of long-closed cases.
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = 'attachment' AND column_name = 'purged_at') THEN
    GRANT UPDATE (purged_at, sha256) ON attachment TO sertel_admin;
  END IF;
  IF to_regclass ('public.sign_in_guard') IS NOT NULL THEN
    -- Failed sign-ins are counted before anyone is signed in.
    GRANT INSERT, UPDATE, DELETE ON sign_in_guard TO sertel_desk;
  END IF;
END
$$;

COMMIT;
