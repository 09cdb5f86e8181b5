/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every role against every move of a case from every state, and against
 * every privileged action, through the store. The expected permissions are
 * written out here from the SOP (sop/…, "PELAKSANA" and "Identifikasi
 * Langkah") and DESIGN.md, not taken from the code under test. */
#include "config.h"

#include "sertel-test-util.c"
#include "sertel-rights.h"
#include "sertel-store-letters.h"
#include "sertel-store-signin.h"
#include "sertel-store-privacy.h"

/* Roles in the order of the tables below; NONE is "not signed in". */
static const SertelRole roles[] = {
  SERTEL_ROLE_NONE, SERTEL_ROLE_OPERATOR, SERTEL_ROLE_KEPALA_DINAS, SERTEL_ROLE_KABID,
  SERTEL_ROLE_KASI, SERTEL_ROLE_VERIFIKATOR, SERTEL_ROLE_ADMIN,
};
#define N_ROLES G_N_ELEMENTS (roles)

/* ------------------------------------------------------------------------ */
/* The SOP, as the test reads it */

/* The moves of a request: step 1 the Kepala Dinas disposes to the Kabid, step
 * 2 the Kabid forwards to the Kasi, step 3 the Kasi verifies and assigns a
 * Verifikator or returns the letter to the OPD, the Operator takes a returned
 * letter in again, the Verifikator completes it. Nothing else moves. */
static const struct {
  SertelAction       action;
  SertelRequestState from;
  SertelRole         role;
} sop_request_moves[] = {
  { SERTEL_ACTION_DISPOSE,  SERTEL_REQUEST_RECEIVED,       SERTEL_ROLE_KEPALA_DINAS },
  { SERTEL_ACTION_FORWARD,  SERTEL_REQUEST_AT_KABID,       SERTEL_ROLE_KABID },
  { SERTEL_ACTION_ASSIGN,   SERTEL_REQUEST_AT_KASI,        SERTEL_ROLE_KASI },
  { SERTEL_ACTION_RETURN,   SERTEL_REQUEST_AT_KASI,        SERTEL_ROLE_KASI },
  { SERTEL_ACTION_RESUBMIT, SERTEL_REQUEST_RETURNED,       SERTEL_ROLE_OPERATOR },
  { SERTEL_ACTION_COMPLETE, SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_ROLE_VERIFIKATOR },
};

/* Step 4: only the Verifikator records an applicant's progress at BSrE. A
 * status poll may see a certificate issued straight after registration. */
static const struct {
  SertelAction         action;
  SertelApplicantState from;
} sop_applicant_moves[] = {
  { SERTEL_ACTION_MARK_REGISTERED, SERTEL_APPLICANT_PENDING },
  { SERTEL_ACTION_MARK_VERIFIED,   SERTEL_APPLICANT_REGISTERED },
  { SERTEL_ACTION_MARK_ISSUED,     SERTEL_APPLICANT_VERIFIED },
  { SERTEL_ACTION_MARK_ISSUED,     SERTEL_APPLICANT_REGISTERED },
  { SERTEL_ACTION_MARK_REJECTED,   SERTEL_APPLICANT_PENDING },
  { SERTEL_ACTION_MARK_REJECTED,   SERTEL_APPLICANT_REGISTERED },
  { SERTEL_ACTION_MARK_REJECTED,   SERTEL_APPLICANT_VERIFIED },
};

/* Privileged actions: 1 allowed, 0 refused; columns in the order of roles[]:
 *                                        none op  kadis kabid kasi verif admin */
static const struct {
  SertelRight right;
  guint8      allowed[N_ROLES];
} sop_rights[] = {
  /* the Administrator keeps accounts and settings and handles no case */
  { SERTEL_RIGHT_MANAGE_STAFF,    { 0, 0, 0, 0, 0, 0, 1 } },
  /* the Operator takes the letters in and so keeps the OPD list too */
  { SERTEL_RIGHT_KEEP_OPDS,       { 0, 1, 0, 0, 0, 0, 1 } },
  { SERTEL_RIGHT_OFFICE_SETTINGS, { 0, 0, 0, 0, 0, 0, 1 } },
  /* SOP step 1: the letter is registered at the front desk */
  { SERTEL_RIGHT_INTAKE,          { 0, 1, 0, 0, 0, 0, 0 } },
  /* any member of staff, always on the audit trail */
  { SERTEL_RIGHT_EXPORT,          { 0, 1, 1, 1, 1, 1, 1 } },
  { SERTEL_RIGHT_BACKUP,          { 0, 0, 0, 0, 0, 0, 1 } },
  { SERTEL_RIGHT_RESTORE,         { 0, 0, 0, 0, 0, 0, 1 } },
  /* step 3's output is the Surat Rekomendasi; the Verifikator sends it to BSrE */
  { SERTEL_RIGHT_ISSUE_LETTER,    { 0, 0, 0, 0, 1, 1, 0 } },
  /* the activity report: numbers, for the Kepala Dinas and whoever prepares it */
  { SERTEL_RIGHT_REPORT,          { 0, 1, 1, 1, 1, 1, 1 } },
  /* the NIK is checked by the Operator at intake, by the Kasi against KTP and
   * NIP, by the Verifikator at BSrE; the Kepala Dinas and Kabid only pass it on */
  { SERTEL_RIGHT_VIEW_FULL_NIK,   { 0, 1, 0, 0, 1, 1, 0 } },
};

static guint
role_index (SertelRole role)
{
  for (guint i = 0; i < N_ROLES; i++)
    if (roles[i] == role)
      return i;
  g_assert_not_reached ();
  return 0;
}

static gboolean
expected_right (SertelRight right, SertelRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (sop_rights); i++)
    if (sop_rights[i].right == right)
      return sop_rights[i].allowed[role_index (role)];
  g_assert_not_reached ();
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static SertelStaff *
actor_for (Fx *fx, SertelRole role)
{
  switch (role)
    {
    case SERTEL_ROLE_OPERATOR:     return fx->operator;
    case SERTEL_ROLE_KEPALA_DINAS: return fx->kadis;
    case SERTEL_ROLE_KABID:        return fx->kabid;
    case SERTEL_ROLE_KASI:         return fx->kasi;
    case SERTEL_ROLE_VERIFIKATOR:  return fx->verif;
    case SERTEL_ROLE_ADMIN:        return fx->admin;
    case SERTEL_ROLE_NONE:
    default:                       return NULL;
    }
}

static guint serial;

static gint64
pending_applicant (Fx *fx, gint64 request_id, guint index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (fx->store, request_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, index);
  return sertel_applicant_get_id (g_ptr_array_index (list, index));
}

/* A new request with two applicants, walked by the right people to @state. */
static gint64
request_in_state (Fx *fx, SertelRequestState state)
{
  g_autofree char *number = g_strdup_printf ("800/%u/DISDIK/2026", ++serial);
  gint64 id = create_two (fx, number, NULL);

  switch (state)
    {
    case SERTEL_REQUEST_RECEIVED:
      break;
    case SERTEL_REQUEST_AT_KABID:
      move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
      break;
    case SERTEL_REQUEST_AT_KASI:
      move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
      move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
      break;
    case SERTEL_REQUEST_AT_VERIFIKATOR:
      to_verifikator (fx, id);
      break;
    case SERTEL_REQUEST_COMPLETED:
      to_verifikator (fx, id);
      move_applicant_ok (fx, pending_applicant (fx, id, 0), SERTEL_ACTION_MARK_REJECTED, "NIK tidak sesuai");
      move_applicant_ok (fx, pending_applicant (fx, id, 1), SERTEL_ACTION_MARK_REGISTERED, NULL);
      move_applicant_ok (fx, pending_applicant (fx, id, 1), SERTEL_ACTION_MARK_ISSUED, NULL);
      break;
    case SERTEL_REQUEST_RETURNED:
      move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
      move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
      move_ok (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, "KTP tidak terbaca");
      break;
    default:
      g_assert_not_reached ();
    }
  {
    g_autoptr(SertelRequest) r = get_request (fx->store, id);
    g_assert_cmpint (sertel_request_get_state (r), ==, state);
  }
  return id;
}

static gint64
audit_rows (Fx *fx)
{
  return count_rows (fx->path, "audit");
}

/* ------------------------------------------------------------------------ */

static void
test_rights_table (void)
{
  guint checked = 0;

  /* every right is in the expected table once */
  g_assert_cmpuint (G_N_ELEMENTS (sop_rights), ==, SERTEL_N_RIGHTS);
  for (guint r = 0; r < G_N_ELEMENTS (sop_rights); r++)
    for (guint i = 0; i < N_ROLES; i++)
      {
        g_autoptr(GError) error = NULL;
        gboolean want = sop_rights[r].allowed[i];

        if (sertel_rights_allow (roles[i], sop_rights[r].right) != want)
          g_error ("%s for %s: expected %s", sertel_right_to_string (sop_rights[r].right),
                   sertel_role_to_string (roles[i]), want ? "allowed" : "refused");
        g_assert_cmpint (sertel_rights_check (roles[i], sop_rights[r].right, &error), ==, want);
        if (!want)
          {
            g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
            g_assert_cmpstr (error->message, !=, "");
          }
        checked++;
      }
  g_assert_cmpuint (checked, ==, SERTEL_N_RIGHTS * N_ROLES);
}

/* A refused move says why: not signed in, not this role's move, or no such
 * move from this state. */
static void
assert_refused (gboolean ok, const GError *error, SertelRole role, gboolean move_exists)
{
  g_assert_false (ok);
  if (role == SERTEL_ROLE_NONE)
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  else if (move_exists)
    g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  else
    g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
}

static gboolean
sop_allows_request_move (SertelAction action, SertelRequestState from, SertelRole *out_role)
{
  for (guint i = 0; i < G_N_ELEMENTS (sop_request_moves); i++)
    if (sop_request_moves[i].action == action && sop_request_moves[i].from == from)
      {
        *out_role = sop_request_moves[i].role;
        return TRUE;
      }
  return FALSE;
}

static void
test_request_moves (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  static const SertelAction actions[] = {
    SERTEL_ACTION_DISPOSE, SERTEL_ACTION_FORWARD, SERTEL_ACTION_ASSIGN,
    SERTEL_ACTION_RETURN, SERTEL_ACTION_RESUBMIT, SERTEL_ACTION_COMPLETE,
  };
  guint tried = 0, allowed = 0;

  for (int state = SERTEL_REQUEST_RECEIVED; state <= SERTEL_REQUEST_RETURNED; state++)
    {
      gint64 id = request_in_state (fx, state);

      for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
        for (guint r = 0; r < N_ROLES; r++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(SertelRequest) before = get_request (fx->store, id);
            g_autoptr(SertelRequest) after = NULL;
            SertelRole sop_role = SERTEL_ROLE_NONE;
            gboolean in_sop = sop_allows_request_move (actions[a], state, &sop_role);
            gint64 rows = audit_rows (fx);
            gboolean ok;

            ok = sertel_store_move_request (fx->store, actor_for (fx, roles[r]), id,
                                            sertel_request_get_version (before), actions[a],
                                            sertel_staff_get_id (fx->verif), "Alasan pengujian", &error);
            tried++;
            g_test_message ("%s from %s by %s: %s", sertel_action_to_string (actions[a]),
                            sertel_request_state_to_string (state), sertel_role_to_string (roles[r]),
                            ok ? "done" : error->message);

            if (in_sop && roles[r] == sop_role)
              {
                if (actions[a] == SERTEL_ACTION_COMPLETE)
                  {
                    /* the role may; the case may not yet (applicants pending) */
                    g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_NOT_FINISHED);
                    continue;
                  }
                g_assert_no_error (error);
                g_assert_true (ok);
                allowed++;
                id = request_in_state (fx, state);
                continue;
              }

            assert_refused (ok, error, roles[r], in_sop);
            /* nothing moved, nothing written */
            after = get_request (fx->store, id);
            g_assert_cmpint (sertel_request_get_state (after), ==, state);
            g_assert_cmpint (sertel_request_get_version (after), ==, sertel_request_get_version (before));
            g_assert_cmpint (audit_rows (fx), ==, rows);
          }
    }
  g_assert_cmpuint (tried, ==, 6 * G_N_ELEMENTS (actions) * N_ROLES);
  g_assert_cmpuint (allowed, ==, G_N_ELEMENTS (sop_request_moves) - 1);
  assert_audit_ok (fx->store);
}

/* The first applicant of a request at the Verifikator, brought to @state;
 * the second stays pending so that the request does not complete. */
static gint64
applicant_in_state (Fx *fx, SertelApplicantState state, gint64 *out_request)
{
  gint64 request = request_in_state (fx, SERTEL_REQUEST_AT_VERIFIKATOR);
  gint64 id = pending_applicant (fx, request, 0);

  switch (state)
    {
    case SERTEL_APPLICANT_PENDING:
      break;
    case SERTEL_APPLICANT_REJECTED:
      move_applicant_ok (fx, id, SERTEL_ACTION_MARK_REJECTED, "NIK tidak sesuai");
      break;
    case SERTEL_APPLICANT_ISSUED:
    case SERTEL_APPLICANT_VERIFIED:
    case SERTEL_APPLICANT_REGISTERED:
      move_applicant_ok (fx, id, SERTEL_ACTION_MARK_REGISTERED, NULL);
      if (state == SERTEL_APPLICANT_REGISTERED)
        break;
      move_applicant_ok (fx, id, SERTEL_ACTION_MARK_VERIFIED, NULL);
      if (state == SERTEL_APPLICANT_VERIFIED)
        break;
      move_applicant_ok (fx, id, SERTEL_ACTION_MARK_ISSUED, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
  if (out_request)
    *out_request = request;
  return id;
}

static gboolean
sop_allows_applicant_move (SertelAction action, SertelApplicantState from)
{
  for (guint i = 0; i < G_N_ELEMENTS (sop_applicant_moves); i++)
    if (sop_applicant_moves[i].action == action && sop_applicant_moves[i].from == from)
      return TRUE;
  return FALSE;
}

static const SertelAction applicant_actions[] = {
  SERTEL_ACTION_MARK_REGISTERED, SERTEL_ACTION_MARK_VERIFIED,
  SERTEL_ACTION_MARK_ISSUED, SERTEL_ACTION_MARK_REJECTED,
};

static void
test_applicant_moves (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  guint tried = 0, allowed = 0;

  for (int state = SERTEL_APPLICANT_PENDING; state <= SERTEL_APPLICANT_REJECTED; state++)
    {
      gint64 id = applicant_in_state (fx, state, NULL);

      for (guint a = 0; a < G_N_ELEMENTS (applicant_actions); a++)
        for (guint r = 0; r < N_ROLES; r++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(SertelApplicant) before = sertel_store_get_applicant (fx->store, id, NULL);
            g_autoptr(SertelApplicant) after = NULL;
            gboolean in_sop = sop_allows_applicant_move (applicant_actions[a], state);
            gint64 rows = audit_rows (fx);
            gboolean ok;

            ok = sertel_store_move_applicant (fx->store, actor_for (fx, roles[r]), id,
                                              sertel_applicant_get_version (before), applicant_actions[a],
                                              "Alasan pengujian", &error);
            tried++;
            if (in_sop && roles[r] == SERTEL_ROLE_VERIFIKATOR)
              {
                g_assert_no_error (error);
                g_assert_true (ok);
                allowed++;
                id = applicant_in_state (fx, state, NULL);
                continue;
              }
            assert_refused (ok, error, roles[r], in_sop);
            after = sertel_store_get_applicant (fx->store, id, NULL);
            g_assert_cmpint (sertel_applicant_get_state (after), ==, state);
            g_assert_cmpint (sertel_applicant_get_version (after), ==, sertel_applicant_get_version (before));
            g_assert_cmpint (audit_rows (fx), ==, rows);
          }
    }
  g_assert_cmpuint (tried, ==, 5 * G_N_ELEMENTS (applicant_actions) * N_ROLES);
  g_assert_cmpuint (allowed, ==, G_N_ELEMENTS (sop_applicant_moves));
}

/* Step 4 happens only at the Verifikator: in any other state of the request
 * no one, not even the Verifikator, moves an applicant. */
static void
test_applicant_moves_elsewhere (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  static const SertelRequestState states[] = {
    SERTEL_REQUEST_RECEIVED, SERTEL_REQUEST_AT_KABID, SERTEL_REQUEST_AT_KASI,
    SERTEL_REQUEST_COMPLETED, SERTEL_REQUEST_RETURNED,
  };

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      gint64 request = request_in_state (fx, states[s]);
      gint64 rows = audit_rows (fx);

      for (guint i = 0; i < 2; i++)
        {
          gint64 id = pending_applicant (fx, request, i);

          for (guint a = 0; a < G_N_ELEMENTS (applicant_actions); a++)
            for (guint r = 0; r < N_ROLES; r++)
              {
                g_autoptr(GError) error = NULL;
                g_autoptr(SertelApplicant) before = sertel_store_get_applicant (fx->store, id, NULL);

                g_assert_false (sertel_store_move_applicant (fx->store, actor_for (fx, roles[r]), id,
                                                             sertel_applicant_get_version (before),
                                                             applicant_actions[a], "Alasan", &error));
                if (roles[r] == SERTEL_ROLE_NONE)
                  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
                else
                  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
              }
        }
      g_assert_cmpint (audit_rows (fx), ==, rows);
    }
}

/* ------------------------------------------------------------------------ */
/* Privileged actions through the store */

typedef gboolean (*TryFunc) (Fx *fx, SertelStaff *actor, GError **error);

static gint64 target_staff;

static gboolean
try_add_staff (Fx *fx, SertelStaff *actor, GError **error)
{
  g_autofree char *nip = staff_nip (100 + ++serial);
  g_autoptr(SertelStaff) s = sertel_store_add_staff (fx->store, actor, "Pegawai Baru", nip,
                                                     SERTEL_ROLE_VERIFIKATOR, TEST_PASSWORD, error);
  return s != NULL;
}

static gboolean
try_set_role (Fx *fx, SertelStaff *actor, GError **error)
{
  return sertel_store_set_staff_role (fx->store, actor, target_staff, SERTEL_ROLE_KASI, error) &&
         sertel_store_set_staff_role (fx->store, actor, target_staff, SERTEL_ROLE_VERIFIKATOR, error);
}

static gboolean
try_deactivate (Fx *fx, SertelStaff *actor, GError **error)
{
  return sertel_store_set_staff_active (fx->store, actor, target_staff, FALSE, error) &&
         sertel_store_set_staff_active (fx->store, actor, target_staff, TRUE, error);
}

static gboolean
try_add_opd (Fx *fx, SertelStaff *actor, GError **error)
{
  g_autofree char *name = g_strdup_printf ("Badan Uji %u", ++serial);
  return sertel_store_add_opd (fx->store, actor, name, error) > 0;
}

static gboolean
try_opd_active (Fx *fx, SertelStaff *actor, GError **error)
{
  g_autoptr(GPtrArray) opds = sertel_store_list_opd_records (fx->store, NULL);
  gint64 opd = 0;

  for (guint i = 0; i < opds->len; i++)
    if (g_str_equal (((SertelOpdRecord *) g_ptr_array_index (opds, i))->name, "Dinas Pendidikan"))
      opd = ((SertelOpdRecord *) g_ptr_array_index (opds, i))->id;
  g_assert_cmpint (opd, >, 0);
  return sertel_store_set_opd_active (fx->store, actor, opd, FALSE, error) &&
         sertel_store_set_opd_active (fx->store, actor, opd, TRUE, error);
}

static gboolean
try_intake (Fx *fx, SertelStaff *actor, GError **error)
{
  g_autofree char *number = g_strdup_printf ("900/%u/DINKES/2026", ++serial);
  g_autoptr(SertelRequest) r = make_request (number);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
  return sertel_store_create_request (fx->store, actor, r, applicants, NULL, NULL, error) > 0;
}

static gboolean
try_add_applicant (Fx *fx, SertelStaff *actor, GError **error)
{
  gint64 id = request_in_state (fx, SERTEL_REQUEST_RECEIVED);
  g_autoptr(SertelApplicant) a = make_applicant ("Nur Laila", NIK_F, NIP_F);

  return sertel_store_add_applicant (fx->store, actor, id, request_version (fx->store, id), a, NULL, error) > 0;
}

static gboolean
try_export (Fx *fx, SertelStaff *actor, GError **error)
{
  return sertel_store_record_export (fx->store, actor, "export-csv", "test", error);
}

static gboolean
try_issue_letter (Fx *fx, SertelStaff *actor, GError **error)
{
  gint64 id = request_in_state (fx, SERTEL_REQUEST_AT_VERIFIKATOR);
  g_autoptr(GBytes) pdf = pdf_bytes ();

  return sertel_store_issue_letter (fx->store, actor, id, "rekomendasi", pdf, error) > 0;
}

static const struct {
  const char *name;
  SertelRight right;
  TryFunc     try;
} privileged[] = {
  { "add staff",          SERTEL_RIGHT_MANAGE_STAFF, try_add_staff },
  { "change a role",      SERTEL_RIGHT_MANAGE_STAFF, try_set_role },
  { "deactivate",         SERTEL_RIGHT_MANAGE_STAFF, try_deactivate },
  { "add an OPD",         SERTEL_RIGHT_KEEP_OPDS,    try_add_opd },
  { "switch an OPD off",  SERTEL_RIGHT_KEEP_OPDS,    try_opd_active },
  { "take a request in",  SERTEL_RIGHT_INTAKE,       try_intake },
  { "add an applicant",   SERTEL_RIGHT_INTAKE,       try_add_applicant },
  { "export",             SERTEL_RIGHT_EXPORT,       try_export },
  { "issue the letter",   SERTEL_RIGHT_ISSUE_LETTER, try_issue_letter },
};

static void
test_privileged (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nip = staff_nip (99);
  g_autoptr(SertelStaff) target = sertel_store_add_staff (fx->store, fx->admin, "Sasaran Uji", nip,
                                                          SERTEL_ROLE_VERIFIKATOR, TEST_PASSWORD, &error);

  g_assert_no_error (error);
  target_staff = sertel_staff_get_id (target);
  g_assert_cmpint (sertel_store_add_opd (fx->store, fx->admin, "Dinas Pendidikan", &error), >, 0);
  g_assert_no_error (error);

  for (guint p = 0; p < G_N_ELEMENTS (privileged); p++)
    for (guint r = 0; r < N_ROLES; r++)
      {
        g_autoptr(GError) local = NULL;
        gboolean want = expected_right (privileged[p].right, roles[r]);
        gint64 rows;
        gboolean ok;

        rows = audit_rows (fx);
        ok = privileged[p].try (fx, actor_for (fx, roles[r]), &local);
        g_test_message ("%s by %s: %s", privileged[p].name, sertel_role_to_string (roles[r]),
                        ok ? "done" : local->message);
        if (want)
          {
            g_assert_no_error (local);
            g_assert_true (ok);
            continue;
          }
        g_assert_false (ok);
        if (roles[r] == SERTEL_ROLE_NONE)
          g_assert_error (local, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
        else
          g_assert_error (local, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
        /* a refused action writes nothing but what its set-up wrote */
        if (privileged[p].try != try_add_applicant && privileged[p].try != try_issue_letter)
          g_assert_cmpint (audit_rows (fx), ==, rows);
      }
  assert_audit_ok (fx->store);
}

/* The store asks the register, not the object the desk holds: an account
 * switched off or given another role since sign-in acts as the register says. */
static void
test_stale_actor (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  gint64 id = request_in_state (fx, SERTEL_REQUEST_AT_KASI);
  g_autoptr(SertelStaff) kasi_at_desk = get_staff (fx->store, sertel_staff_get_id (fx->kasi));

  g_assert_true (sertel_store_set_staff_role (fx->store, fx->admin, sertel_staff_get_id (fx->kasi),
                                              SERTEL_ROLE_KABID, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sertel_staff_get_role (kasi_at_desk), ==, SERTEL_ROLE_KASI);
  g_assert_false (sertel_store_move_request (fx->store, kasi_at_desk, id, request_version (fx->store, id),
                                             SERTEL_ACTION_ASSIGN, sertel_staff_get_id (fx->verif), NULL, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  g_clear_error (&error);

  g_assert_true (sertel_store_set_staff_active (fx->store, fx->admin, sertel_staff_get_id (fx->operator),
                                                FALSE, &error));
  g_assert_false (try_intake (fx, fx->operator, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_false (try_export (fx, fx->operator, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
}

/* The NIK in lists: four digits each side, the birth date hidden. */
static void
test_nik_mask (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "8271035203850003", "8271\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220003" },
    { "123456789", "1234\u20226789" },
    { "12345678", "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = sertel_nik_mask (cases[i].in);
      g_assert_cmpstr (masked, ==, cases[i].out);
    }
  {
    g_autofree char *masked = sertel_nik_mask (NIK_F);
    /* nothing of the birth date (digits 7–12) is left */
    g_assert_null (strstr (masked, "520385"));
    g_assert_cmpint (g_utf8_strlen (masked, -1), ==, 16);
  }
}

/* ------------------------------------------------------------------------ */
/* Sign-in lockout, by the store's clock */

static gint64 fake_now = 1767225600;   /* 2026-01-01 */

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static SertelStaff *
sign_in (SertelStore *store, gint64 staff_id, const char *password, GError **error)
{
  return sertel_store_authenticate (store, staff_id, password, error);
}

static void
wrong (SertelStore *store, gint64 staff_id, GQuark domain, int code, const char *expect_in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) who = sign_in (store, staff_id, "salah-sandi-123", &error);

  g_assert_null (who);
  g_assert_error (error, domain, code);
  if (expect_in_message)
    {
      if (strstr (error->message, expect_in_message) == NULL)
        g_error ("“%s” not in “%s”", expect_in_message, error->message);
    }
}

static guint
audit_count (Fx *fx, const char *action, gint64 staff_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE action = '%s' AND entity = 'staff'"
                                          " AND entity_id = %" G_GINT64_FORMAT, action, staff_id);
  return (guint) raw_int (fx->path, sql);
}

static void
test_lockout (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) other_desk = NULL;
  gint64 kasi = sertel_staff_get_id (fx->kasi);
  gint64 until = 0;
  guint failures = 0;

  sertel_store_set_clock (fx->store, fake_clock, NULL);
  other_desk = sertel_store_open (fx->path, &error);
  g_assert_no_error (error);
  sertel_store_set_clock (other_desk, fake_clock, NULL);

  /* four wrong: told, and warned before the last ones */
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, "Try again");
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, "Try again");
  wrong (other_desk, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, "After 2 more wrong attempts");
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, "After 1 more wrong attempt this account is locked for 5 min");
  g_assert_true (sertel_store_get_sign_in_lock (other_desk, kasi, &until, &failures, &error));
  g_assert_cmpuint (failures, ==, 4);
  g_assert_cmpint (until, ==, 0);

  /* the fifth locks for five minutes, at every desk */
  wrong (other_desk, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED, "Try again in 5 min");
  g_assert_true (sertel_store_get_sign_in_lock (fx->store, kasi, &until, NULL, &error));
  g_assert_cmpint (until, ==, fake_now + 300);
  {
    g_autoptr(SertelStaff) who = sign_in (fx->store, kasi, TEST_PASSWORD, &error);
    g_assert_null (who);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED);
    g_clear_error (&error);
  }
  /* others are not affected */
  {
    g_autoptr(SertelStaff) who = sign_in (other_desk, sertel_staff_get_id (fx->verif), TEST_PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_nonnull (who);
  }
  fake_now += 240;
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED, "Try again in 1 min");
  fake_now += 59;
  {
    g_autoptr(SertelStaff) who = sign_in (other_desk, kasi, TEST_PASSWORD, &error);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED);
    g_assert_nonnull (strstr (error->message, "1 s"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (audit_count (fx, "staff.sign_in_failed", kasi), ==, 5);
  g_assert_cmpuint (audit_count (fx, "staff.locked_out", kasi), ==, 1);
  g_assert_cmpuint (audit_count (fx, "staff.sign_in_locked", kasi), ==, 3);

  /* after the wait, five more wrong ones lock for twice as long */
  fake_now += 1;
  for (guint i = 0; i < SERTEL_SIGNIN_MAX_FAILURES - 1; i++)
    wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, NULL);
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED, "Try again in 10 min");
  g_assert_true (sertel_store_get_sign_in_lock (fx->store, kasi, &until, NULL, &error));
  g_assert_cmpint (until, ==, fake_now + 600);

  /* a successful sign-in after the wait clears everything */
  fake_now += 600;
  {
    g_autoptr(SertelStaff) who = sign_in (fx->store, kasi, TEST_PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_nonnull (who);
  }
  g_assert_true (sertel_store_get_sign_in_lock (fx->store, kasi, &until, &failures, &error));
  g_assert_cmpint (until, ==, 0);
  g_assert_cmpuint (failures, ==, 0);
  for (guint i = 0; i < SERTEL_SIGNIN_MAX_FAILURES - 1; i++)
    wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, NULL);
  {
    /* the count of wrong ones also starts again after a success */
    g_autoptr(SertelStaff) who = sign_in (fx->store, kasi, TEST_PASSWORD, &error);
    g_assert_no_error (error);
  }
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, "Try again");
  for (guint i = 0; i < SERTEL_SIGNIN_MAX_FAILURES - 2; i++)
    wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH, NULL);
  wrong (fx->store, kasi, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED, "Try again in 5 min");
  assert_audit_ok (fx->store);
}

/* ------------------------------------------------------------------------ */
/* Every view of a KTP scan is on record */

static void
test_ktp_view_recorded (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  gint64 request = create_two (fx, "800/77/DISDIK/2026", NULL);
  g_autoptr(GPtrArray) attachments = sertel_store_list_attachments (fx->store, request, &error);
  g_autoptr(GPtrArray) views = NULL;
  gint64 ktp = 0, letter = 0, applicant = 0;
  gint64 rows;

  for (guint i = 0; i < attachments->len; i++)
    {
      SertelAttachment *a = g_ptr_array_index (attachments, i);
      if (g_str_equal (sertel_attachment_get_kind (a), "ktp"))
        {
          ktp = sertel_attachment_get_id (a);
          applicant = sertel_attachment_get_applicant_id (a);
        }
      else if (g_str_equal (sertel_attachment_get_kind (a), "letter"))
        letter = sertel_attachment_get_id (a);
    }
  g_assert_cmpint (ktp, >, 0);
  g_assert_cmpint (letter, >, 0);

  /* each role that opens it, each time, with where it was seen */
  for (guint r = 1; r < N_ROLES; r++)
    {
      g_autoptr(GBytes) bytes = sertel_store_view_attachment (fx->store, actor_for (fx, roles[r]), ktp,
                                                              r % 2 ? "viewer" : "preview", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (bytes), ==, sizeof tiny_png);
    }
  views = sertel_store_list_audit (fx->store, ktp, "attachment", &error);
  g_assert_no_error (error);
  /* the scan's own row (added at intake) first, then one per view */
  g_assert_cmpuint (views->len, ==, N_ROLES);
  g_assert_cmpstr (((SertelAuditRecord *) g_ptr_array_index (views, 0))->action, !=, "attachment.view");
  for (guint i = 1; i < views->len; i++)
    {
      SertelAuditRecord *rec = g_ptr_array_index (views, i);
      g_autofree char *want_request = g_strdup_printf ("'request': '%" G_GINT64_FORMAT "'", request);
      g_autofree char *want_applicant = g_strdup_printf ("'applicant': '%" G_GINT64_FORMAT "'", applicant);
      gboolean seen = FALSE;

      g_assert_cmpstr (rec->action, ==, "attachment.view");
      g_assert_cmpint (rec->entity_id, ==, ktp);
      g_assert_cmpint (rec->at, >, 0);
      g_assert_nonnull (strstr (rec->after_value, want_request));
      g_assert_nonnull (strstr (rec->after_value, want_applicant));
      g_assert_nonnull (strstr (rec->after_value, "ktp-siti.png"));
      for (guint r = 1; r < N_ROLES; r++)
        seen |= rec->actor_id == sertel_staff_get_id (actor_for (fx, roles[r]));
      g_assert_true (seen);
    }

  /* the request letter is no personal scan: read without a record */
  rows = audit_rows (fx);
  {
    g_autoptr(GBytes) bytes = sertel_store_view_attachment (fx->store, fx->kadis, letter, "viewer", &error);
    g_assert_no_error (error);
    g_assert_nonnull (bytes);
  }
  g_assert_cmpint (audit_rows (fx), ==, rows);

  /* no one unknown sees a KTP: not signed in, or switched off */
  {
    g_autoptr(GBytes) bytes = sertel_store_view_attachment (fx->store, NULL, ktp, "viewer", &error);
    g_assert_null (bytes);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
    g_clear_error (&error);
  }
  g_assert_true (sertel_store_set_staff_active (fx->store, fx->admin, sertel_staff_get_id (fx->kabid), FALSE, &error));
  rows = audit_rows (fx);
  {
    g_autoptr(GBytes) bytes = sertel_store_view_attachment (fx->store, fx->kabid, ktp, "viewer", &error);
    g_assert_null (bytes);
    g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH);
    g_clear_error (&error);
  }
  g_assert_cmpint (audit_rows (fx), ==, rows);
  assert_audit_ok (fx->store);
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rights/table", test_rights_table);
  g_test_add_func ("/rights/nik-mask", test_nik_mask);
  g_test_add ("/rights/request-moves", Fx, NULL, fx_setup, test_request_moves, fx_teardown);
  g_test_add ("/rights/applicant-moves", Fx, NULL, fx_setup, test_applicant_moves, fx_teardown);
  g_test_add ("/rights/applicant-moves-elsewhere", Fx, NULL, fx_setup, test_applicant_moves_elsewhere, fx_teardown);
  g_test_add ("/rights/privileged", Fx, NULL, fx_setup, test_privileged, fx_teardown);
  g_test_add ("/rights/lockout", Fx, NULL, fx_setup, test_lockout, fx_teardown);
  g_test_add ("/rights/ktp-view", Fx, NULL, fx_setup, test_ktp_view_recorded, fx_teardown);
  g_test_add ("/rights/stale-actor", Fx, NULL, fx_setup, test_stale_actor, fx_teardown);
  rc = g_test_run ();
  remove_template ();
  return rc;
}
