/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SOP table, checked cell by cell against an expectation written out
 * here independently of the library, and the SLA clock on worked cases. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib.h>
#include <string.h>
#include <glib-object.h>

#include "sertel-workflow.h"
#include "sertel-enums.h"

/* ------------------------------------------------------------------------ */
/* The SOP, as the test reads it                                             */
/* ------------------------------------------------------------------------ */

typedef struct {
  SertelAction action;
  int          from;
  int          to;
  SertelRole   role;
  gboolean     needs_reason;
} Expected;

static const Expected sop[] = {
  { SERTEL_ACTION_DISPOSE,         SERTEL_REQUEST_RECEIVED,       SERTEL_REQUEST_AT_KABID,       SERTEL_ROLE_KEPALA_DINAS, FALSE },
  { SERTEL_ACTION_FORWARD,         SERTEL_REQUEST_AT_KABID,       SERTEL_REQUEST_AT_KASI,        SERTEL_ROLE_KABID,        FALSE },
  { SERTEL_ACTION_ASSIGN,          SERTEL_REQUEST_AT_KASI,        SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_ROLE_KASI,         FALSE },
  { SERTEL_ACTION_RETURN,          SERTEL_REQUEST_AT_KASI,        SERTEL_REQUEST_RETURNED,       SERTEL_ROLE_KASI,         TRUE  },
  { SERTEL_ACTION_RESUBMIT,        SERTEL_REQUEST_RETURNED,       SERTEL_REQUEST_RECEIVED,       SERTEL_ROLE_OPERATOR,     FALSE },
  { SERTEL_ACTION_COMPLETE,        SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_REQUEST_COMPLETED,      SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_REGISTERED, SERTEL_APPLICANT_PENDING,      SERTEL_APPLICANT_REGISTERED,   SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_VERIFIED,   SERTEL_APPLICANT_REGISTERED,   SERTEL_APPLICANT_VERIFIED,     SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_ISSUED,     SERTEL_APPLICANT_VERIFIED,     SERTEL_APPLICANT_ISSUED,       SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_ISSUED,     SERTEL_APPLICANT_REGISTERED,   SERTEL_APPLICANT_ISSUED,       SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_REJECTED,   SERTEL_APPLICANT_PENDING,      SERTEL_APPLICANT_REJECTED,     SERTEL_ROLE_VERIFIKATOR,  TRUE  },
  { SERTEL_ACTION_MARK_REJECTED,   SERTEL_APPLICANT_REGISTERED,   SERTEL_APPLICANT_REJECTED,     SERTEL_ROLE_VERIFIKATOR,  TRUE  },
  { SERTEL_ACTION_MARK_REJECTED,   SERTEL_APPLICANT_VERIFIED,     SERTEL_APPLICANT_REJECTED,     SERTEL_ROLE_VERIFIKATOR,  TRUE  },
};

static const SertelAction all_actions[] = {
  SERTEL_ACTION_DISPOSE, SERTEL_ACTION_FORWARD, SERTEL_ACTION_ASSIGN,
  SERTEL_ACTION_RETURN, SERTEL_ACTION_RESUBMIT, SERTEL_ACTION_COMPLETE,
  SERTEL_ACTION_MARK_REGISTERED, SERTEL_ACTION_MARK_VERIFIED,
  SERTEL_ACTION_MARK_ISSUED, SERTEL_ACTION_MARK_REJECTED,
};

static const SertelRole all_roles[] = {
  SERTEL_ROLE_NONE, SERTEL_ROLE_OPERATOR, SERTEL_ROLE_KEPALA_DINAS,
  SERTEL_ROLE_KABID, SERTEL_ROLE_KASI, SERTEL_ROLE_VERIFIKATOR, SERTEL_ROLE_ADMIN,
};

static gboolean
is_applicant_action (SertelAction action)
{
  return action >= SERTEL_ACTION_MARK_REGISTERED;
}

static const Expected *
expected_for (SertelAction action, int from)
{
  for (guint i = 0; i < G_N_ELEMENTS (sop); i++)
    if (sop[i].action == action && sop[i].from == from)
      return &sop[i];
  return NULL;
}

/* Every (action, from-state, role): can() and check() say exactly what the SOP says. */
static void
test_permissions (void)
{
  guint n_allowed = 0;
  guint n_cells = 0;

  for (guint a = 0; a < G_N_ELEMENTS (all_actions); a++)
    {
      SertelAction action = all_actions[a];
      /* every state of the kind the action moves, plus two nonsense values */
      int last = is_applicant_action (action) ? SERTEL_APPLICANT_REJECTED : SERTEL_REQUEST_RETURNED;

      g_assert_cmpint (sertel_action_is_on_applicant (action), ==, is_applicant_action (action));

      for (int from = -1; from <= last + 1; from++)
        {
          const Expected *e = expected_for (action, from);

          for (guint r = 0; r < G_N_ELEMENTS (all_roles); r++)
            {
              SertelRole role = all_roles[r];
              gboolean allowed = e != NULL && e->role == role;
              g_autoptr(GError) error = NULL;
              int to = -42;
              gboolean ok;

              n_cells++;
              g_test_message ("%s from %d by %s", sertel_action_to_string (action),
                              from, sertel_role_to_string (role));

              g_assert_cmpint (sertel_workflow_can (action, from, role), ==, allowed);

              ok = sertel_workflow_check (action, from, role, "alasan", &to, &error);
              g_assert_cmpint (ok, ==, allowed);
              if (allowed)
                {
                  g_assert_no_error (error);
                  g_assert_cmpint (to, ==, e->to);
                  n_allowed++;
                }
              else
                {
                  g_assert_cmpint (to, ==, -42);
                  g_assert_true (error != NULL);
                  g_assert_true (error->domain == SERTEL_WORKFLOW_ERROR);
                  g_assert_cmpint (error->code, ==,
                                   e == NULL ? SERTEL_WORKFLOW_ERROR_WRONG_STATE
                                             : SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
                  g_assert_true (error->message != NULL && error->message[0] != '\0');
                }

              /* separation of duties */
              if (role == SERTEL_ROLE_ADMIN || role == SERTEL_ROLE_NONE)
                g_assert_false (allowed);
            }
        }
    }

  g_assert_cmpuint (n_allowed, ==, G_N_ELEMENTS (sop));
  g_assert_cmpuint (n_cells, ==, (6 + 2) * 6 * 7 + (5 + 2) * 4 * 7);
}

/* The exported table is the SOP, no more, no less. */
static void
test_table_export (void)
{
  guint n = 0;
  const SertelTransition *t = sertel_workflow_transitions (&n);

  g_assert_nonnull (t);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (sop));

  for (guint i = 0; i < n; i++)
    {
      const Expected *e = expected_for (t[i].action, t[i].from);

      if (e == NULL)
        g_error ("the table lets %s move from %d, which the SOP does not",
                 sertel_action_to_string (t[i].action), t[i].from);
      g_assert_cmpint (t[i].to, ==, e->to);
      g_assert_cmpint (t[i].role, ==, e->role);
      g_assert_cmpint (t[i].needs_reason, ==, e->needs_reason);
      g_assert_cmpint (t[i].on_applicant, ==, is_applicant_action (t[i].action));
      g_assert_true (sertel_workflow_lookup (t[i].action, t[i].from) == &t[i]);

      /* (action, from) is unique */
      for (guint j = i + 1; j < n; j++)
        g_assert_false (t[i].action == t[j].action && t[i].from == t[j].from);
    }

  g_assert_null (sertel_workflow_lookup (SERTEL_ACTION_DISPOSE, SERTEL_REQUEST_AT_KABID));
}

static void
test_error_order_and_messages (void)
{
  g_autoptr(GError) error = NULL;

  /* no such move from here: the state is at fault, whoever asks */
  g_assert_false (sertel_workflow_check (SERTEL_ACTION_DISPOSE, SERTEL_REQUEST_AT_KABID,
                                         SERTEL_ROLE_VERIFIKATOR, NULL, NULL, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  g_assert_cmpstr (error->message, ==, "This request is at the Kabid, so it cannot be disposed.");
  g_clear_error (&error);

  /* the move exists: then the role; role before reason */
  g_assert_false (sertel_workflow_check (SERTEL_ACTION_RETURN, SERTEL_REQUEST_AT_KASI,
                                         SERTEL_ROLE_VERIFIKATOR, NULL, NULL, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  g_assert_cmpstr (error->message, ==,
                   "Only the Kasi Persandian may return a request to the OPD; "
                   "you are signed in as Verifikator.");
  g_clear_error (&error);

  g_assert_false (sertel_workflow_check (SERTEL_ACTION_ASSIGN, SERTEL_REQUEST_AT_KASI,
                                         SERTEL_ROLE_ADMIN, NULL, NULL, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  g_assert_nonnull (strstr (error->message, "Kasi Persandian"));
  g_assert_nonnull (strstr (error->message, "Administrator"));
  g_clear_error (&error);

  g_assert_false (sertel_workflow_check (SERTEL_ACTION_RESUBMIT, SERTEL_REQUEST_RETURNED,
                                         SERTEL_ROLE_NONE, NULL, NULL, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
  g_assert_nonnull (strstr (error->message, "Operator"));
  g_clear_error (&error);

  g_assert_false (sertel_workflow_check (SERTEL_ACTION_MARK_VERIFIED, SERTEL_APPLICANT_PENDING,
                                         SERTEL_ROLE_VERIFIKATOR, NULL, NULL, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_STATE);
  g_assert_cmpstr (error->message, ==,
                   "This applicant is still pending, so they cannot be marked as verified.");
  g_clear_error (&error);

  /* a NULL error is allowed */
  g_assert_false (sertel_workflow_check (SERTEL_ACTION_COMPLETE, SERTEL_REQUEST_COMPLETED,
                                         SERTEL_ROLE_VERIFIKATOR, NULL, NULL, NULL));
}

/* ------------------------------------------------------------------------ */
/* Reasons                                                                   */
/* ------------------------------------------------------------------------ */

static void
test_reason (void)
{
  const char *blank[] = { NULL, "", " ", "   \t\n ", "\r\n", "\xc2\xa0", " \xe2\x80\x83 " /* em space */ };
  const char *good[] = { "KTP tidak terbaca", " x ", "NIK tidak cocok dengan NIP", "\xc2\xa0y" };
  struct { SertelAction action; int from; SertelRole role; const char *msg; } needing[] = {
    { SERTEL_ACTION_RETURN, SERTEL_REQUEST_AT_KASI, SERTEL_ROLE_KASI,
      "Write the reason for returning the request." },
    { SERTEL_ACTION_MARK_REJECTED, SERTEL_APPLICANT_PENDING, SERTEL_ROLE_VERIFIKATOR, NULL },
    { SERTEL_ACTION_MARK_REJECTED, SERTEL_APPLICANT_REGISTERED, SERTEL_ROLE_VERIFIKATOR, NULL },
    { SERTEL_ACTION_MARK_REJECTED, SERTEL_APPLICANT_VERIFIED, SERTEL_ROLE_VERIFIKATOR, NULL },
  };

  for (guint n = 0; n < G_N_ELEMENTS (needing); n++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (blank); i++)
        {
          g_autoptr(GError) error = NULL;
          int to = -42;

          g_assert_false (sertel_workflow_check (needing[n].action, needing[n].from, needing[n].role,
                                                 blank[i], &to, &error));
          g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_REASON_REQUIRED);
          g_assert_cmpint (to, ==, -42);
          if (needing[n].msg != NULL)
            g_assert_cmpstr (error->message, ==, needing[n].msg);
          /* can() does not know the reason; it only says the move is open */
          g_assert_true (sertel_workflow_can (needing[n].action, needing[n].from, needing[n].role));
        }

      for (guint i = 0; i < G_N_ELEMENTS (good); i++)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (sertel_workflow_check (needing[n].action, needing[n].from, needing[n].role,
                                                good[i], NULL, &error));
          g_assert_no_error (error);
        }
    }

  /* moves without a reason need none */
  for (guint i = 0; i < G_N_ELEMENTS (sop); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = sertel_workflow_check (sop[i].action, sop[i].from, sop[i].role, NULL, NULL, &error);

      g_assert_cmpint (ok, ==, !sop[i].needs_reason);
      if (sop[i].needs_reason)
        g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_REASON_REQUIRED);
      else
        g_assert_no_error (error);
    }
}

/* ------------------------------------------------------------------------ */
/* Stable keys and names                                                     */
/* ------------------------------------------------------------------------ */

static void
test_strings (void)
{
  static const struct { SertelRole role; const char *key; const char *name; } roles[] = {
    { SERTEL_ROLE_OPERATOR,     "operator",     "Operator" },
    { SERTEL_ROLE_KEPALA_DINAS, "kepala_dinas", "Kepala Dinas" },
    { SERTEL_ROLE_KABID,        "kabid",        "Kabid Persandian dan Statistik" },
    { SERTEL_ROLE_KASI,         "kasi",         "Kasi Persandian" },
    { SERTEL_ROLE_VERIFIKATOR,  "verifikator",  "Verifikator" },
    { SERTEL_ROLE_ADMIN,        "admin",        "Administrator" },
  };
  static const char *request_keys[] = {
    "received", "at_kabid", "at_kasi", "at_verifikator", "completed", "returned",
  };
  static const char *request_names[] = {
    "Waiting for disposition", "At the Kabid", "At the Kasi", "At the Verifikator",
    "Completed", "Returned to the OPD",
  };
  static const char *applicant_keys[] = {
    "pending", "registered", "verified", "issued", "rejected",
  };
  static const char *applicant_names[] = {
    "Pending", "Registered at BSrE", "Verified", "Certificate issued", "Rejected",
  };
  static const char *action_keys[] = {
    "dispose", "forward", "assign", "return", "resubmit", "complete",
    "mark_registered", "mark_verified", "mark_issued", "mark_rejected",
  };
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_assert_cmpstr (sertel_role_to_string (roles[i].role), ==, roles[i].key);
      g_assert_cmpint (sertel_role_from_string (roles[i].key), ==, roles[i].role);
      g_assert_cmpstr (sertel_role_display_name (roles[i].role), ==, roles[i].name);
    }
  g_assert_cmpint (sertel_role_from_string ("Kasi"), ==, SERTEL_ROLE_NONE);
  g_assert_cmpint (sertel_role_from_string (""), ==, SERTEL_ROLE_NONE);
  g_assert_cmpint (sertel_role_from_string (NULL), ==, SERTEL_ROLE_NONE);
  g_assert_cmpint (sertel_role_from_string (sertel_role_to_string (SERTEL_ROLE_NONE)), ==, SERTEL_ROLE_NONE);

  G_STATIC_ASSERT (G_N_ELEMENTS (request_keys) == SERTEL_REQUEST_RETURNED + 1);
  for (guint i = 0; i < G_N_ELEMENTS (request_keys); i++)
    {
      g_assert_cmpstr (sertel_request_state_to_string (i), ==, request_keys[i]);
      ok = FALSE;
      g_assert_cmpint (sertel_request_state_from_string (request_keys[i], &ok), ==, i);
      g_assert_true (ok);
      g_assert_cmpstr (sertel_request_state_display_name (i), ==, request_names[i]);
    }
  ok = TRUE;
  sertel_request_state_from_string ("pending", &ok);
  g_assert_false (ok);
  ok = TRUE;
  sertel_request_state_from_string (NULL, &ok);
  g_assert_false (ok);
  g_assert_null (sertel_request_state_to_string (SERTEL_REQUEST_RETURNED + 1));
  g_assert_null (sertel_request_state_to_string (-1));

  G_STATIC_ASSERT (G_N_ELEMENTS (applicant_keys) == SERTEL_APPLICANT_REJECTED + 1);
  for (guint i = 0; i < G_N_ELEMENTS (applicant_keys); i++)
    {
      g_assert_cmpstr (sertel_applicant_state_to_string (i), ==, applicant_keys[i]);
      ok = FALSE;
      g_assert_cmpint (sertel_applicant_state_from_string (applicant_keys[i], &ok), ==, i);
      g_assert_true (ok);
      g_assert_cmpstr (sertel_applicant_state_display_name (i), ==, applicant_names[i]);
    }
  ok = TRUE;
  sertel_applicant_state_from_string ("ISSUED", &ok);
  g_assert_false (ok);

  G_STATIC_ASSERT (G_N_ELEMENTS (action_keys) == SERTEL_ACTION_MARK_REJECTED + 1);
  for (guint i = 0; i < G_N_ELEMENTS (action_keys); i++)
    {
      const char *name = sertel_action_display_name (i);

      g_assert_cmpstr (sertel_action_to_string (i), ==, action_keys[i]);
      ok = FALSE;
      g_assert_cmpint (sertel_action_from_string (action_keys[i], &ok), ==, i);
      g_assert_true (ok);
      g_assert_true (name != NULL && name[0] != '\0');
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (sertel_action_display_name (j), !=, name);
    }
  ok = TRUE;
  sertel_action_from_string ("disposition", &ok);
  g_assert_false (ok);

  for (guint s = 0; s < SERTEL_N_STEPS; s++)
    {
      const char *name = sertel_step_display_name (s);
      g_assert_true (name != NULL && name[0] != '\0');
    }

  /* the generated enum types exist and agree with the header */
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (SERTEL_TYPE_REQUEST_STATE);
    g_assert_nonnull (g_enum_get_value (klass, SERTEL_REQUEST_RETURNED));
    g_assert_null (g_enum_get_value (klass, SERTEL_REQUEST_RETURNED + 1));
  }
  g_assert_true (G_TYPE_IS_ENUM (SERTEL_TYPE_ROLE));
  g_assert_true (G_TYPE_IS_ENUM (SERTEL_TYPE_APPLICANT_STATE));
  g_assert_true (G_TYPE_IS_ENUM (SERTEL_TYPE_ACTION));
  g_assert_true (G_TYPE_IS_ENUM (SERTEL_TYPE_WORKFLOW_ERROR));
}

/* ------------------------------------------------------------------------ */
/* Completion                                                                */
/* ------------------------------------------------------------------------ */

static void
test_all_done (void)
{
  static const SertelApplicantState issued[] = { SERTEL_APPLICANT_ISSUED, SERTEL_APPLICANT_ISSUED };
  static const SertelApplicantState rejected[] = { SERTEL_APPLICANT_REJECTED };
  static const SertelApplicantState mixed_done[] = {
    SERTEL_APPLICANT_ISSUED, SERTEL_APPLICANT_REJECTED, SERTEL_APPLICANT_ISSUED,
  };
  static const SertelApplicantState mixed_open[] = {
    SERTEL_APPLICANT_ISSUED, SERTEL_APPLICANT_VERIFIED, SERTEL_APPLICANT_REJECTED,
    SERTEL_APPLICANT_PENDING, SERTEL_APPLICANT_REGISTERED,
  };
  static const SertelApplicantState last_open[] = {
    SERTEL_APPLICANT_ISSUED, SERTEL_APPLICANT_ISSUED, SERTEL_APPLICANT_REGISTERED,
  };
  g_autoptr(GError) error = NULL;

  g_assert_false (sertel_workflow_all_applicants_done (NULL, 0));
  g_assert_false (sertel_workflow_all_applicants_done (issued, 0));
  g_assert_true (sertel_workflow_all_applicants_done (issued, 1));
  g_assert_true (sertel_workflow_all_applicants_done (issued, 2));
  g_assert_true (sertel_workflow_all_applicants_done (rejected, 1));
  g_assert_true (sertel_workflow_all_applicants_done (mixed_done, 3));
  g_assert_false (sertel_workflow_all_applicants_done (mixed_open, 5));
  g_assert_true (sertel_workflow_all_applicants_done (mixed_open, 1));
  g_assert_false (sertel_workflow_all_applicants_done (mixed_open, 2));
  g_assert_false (sertel_workflow_all_applicants_done (last_open, 3));
  g_assert_true (sertel_workflow_all_applicants_done (last_open, 2));
  for (int s = SERTEL_APPLICANT_PENDING; s <= SERTEL_APPLICANT_REJECTED; s++)
    {
      SertelApplicantState one = s;
      g_assert_cmpint (sertel_workflow_all_applicants_done (&one, 1), ==,
                       s == SERTEL_APPLICANT_ISSUED || s == SERTEL_APPLICANT_REJECTED);
    }

  g_assert_false (sertel_workflow_check_finished (NULL, 0, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_NOT_FINISHED);
  g_clear_error (&error);

  g_assert_false (sertel_workflow_check_finished (mixed_open, 5, &error));
  g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_NOT_FINISHED);
  g_assert_true (g_str_has_prefix (error->message, "3 applicants "));
  g_clear_error (&error);

  g_assert_false (sertel_workflow_check_finished (last_open, 3, &error));
  g_assert_true (g_str_has_prefix (error->message, "1 applicant has "));
  g_clear_error (&error);

  g_assert_true (sertel_workflow_check_finished (mixed_done, 3, &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */
/* SLA                                                                       */
/* ------------------------------------------------------------------------ */

#define REQ(t, f, x)        { (t), FALSE, 0, SERTEL_REQUEST_##f, SERTEL_REQUEST_##x }
#define APP(t, id, f, x)    { (t), TRUE, (id), SERTEL_APPLICANT_##f, SERTEL_APPLICANT_##x }

#define T0 G_GINT64_CONSTANT (1767225600)  /* 2026-01-01 00:00 UTC */

static void
assert_sla (const SertelSla *sla,
            gint64 e1, gint64 e2, gint64 e3, gint64 e4,
            gboolean o1, gboolean o2, gboolean o3, gboolean o4,
            int current)
{
  g_assert_cmpint (sla->elapsed[SERTEL_STEP_DISPOSITION], ==, e1);
  g_assert_cmpint (sla->elapsed[SERTEL_STEP_KABID], ==, e2);
  g_assert_cmpint (sla->elapsed[SERTEL_STEP_VERIFICATION], ==, e3);
  g_assert_cmpint (sla->elapsed[SERTEL_STEP_REGISTRATION], ==, e4);
  g_assert_cmpint (sla->overdue[SERTEL_STEP_DISPOSITION], ==, o1);
  g_assert_cmpint (sla->overdue[SERTEL_STEP_KABID], ==, o2);
  g_assert_cmpint (sla->overdue[SERTEL_STEP_VERIFICATION], ==, o3);
  g_assert_cmpint (sla->overdue[SERTEL_STEP_REGISTRATION], ==, o4);
  g_assert_cmpint (sla->current_step, ==, current);
}

static void
test_step_for_state (void)
{
  g_assert_cmpint (sertel_workflow_step_for_state (SERTEL_REQUEST_RECEIVED), ==, SERTEL_STEP_DISPOSITION);
  g_assert_cmpint (sertel_workflow_step_for_state (SERTEL_REQUEST_AT_KABID), ==, SERTEL_STEP_KABID);
  g_assert_cmpint (sertel_workflow_step_for_state (SERTEL_REQUEST_AT_KASI), ==, SERTEL_STEP_VERIFICATION);
  g_assert_cmpint (sertel_workflow_step_for_state (SERTEL_REQUEST_AT_VERIFIKATOR), ==, SERTEL_STEP_REGISTRATION);
  g_assert_cmpint (sertel_workflow_step_for_state (SERTEL_REQUEST_COMPLETED), ==, -1);
  g_assert_cmpint (sertel_workflow_step_for_state (SERTEL_REQUEST_RETURNED), ==, -1);
  /* SOP numbering is the step + 1 */
  g_assert_cmpint (SERTEL_STEP_DISPOSITION, ==, 0);
  g_assert_cmpint (SERTEL_STEP_REGISTRATION, ==, 3);
}

static void
test_sla_on_time (void)
{
  const SertelWorkflowEvent ev[] = {
    REQ (T0 + 600,  RECEIVED, AT_KABID),
    REQ (T0 + 1200, AT_KABID, AT_KASI),
    REQ (T0 + 1800, AT_KASI, AT_VERIFIKATOR),
    APP (T0 + 3000, 11, PENDING, REGISTERED),
    APP (T0 + 5400, 12, PENDING, REGISTERED),
    APP (T0 + 9000, 11, REGISTERED, VERIFIED),
    APP (T0 + 9500, 11, VERIFIED, ISSUED),
    APP (T0 + 9600, 12, REGISTERED, ISSUED),
    REQ (T0 + 9700, AT_VERIFIKATOR, COMPLETED),
  };
  SertelSla sla;

  sertel_workflow_reset_step_limits ();

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 2, T0 + 20000, &sla);
  assert_sla (&sla, 600, 600, 600, 3600, FALSE, FALSE, FALSE, FALSE, -1);
  for (guint s = 0; s < SERTEL_N_STEPS; s++)
    g_assert_true (sla.visited[s]);

  /* the same history seen midway */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 2, T0 + 100, &sla);
  assert_sla (&sla, 100, 0, 0, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_DISPOSITION);
  g_assert_true (sla.visited[SERTEL_STEP_DISPOSITION]);
  g_assert_false (sla.visited[SERTEL_STEP_KABID]);

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 2, T0 + 1500, &sla);
  assert_sla (&sla, 600, 600, 300, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_VERIFICATION);
  g_assert_false (sla.visited[SERTEL_STEP_REGISTRATION]);

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 2, T0 + 4000, &sla);
  assert_sla (&sla, 600, 600, 600, 2200, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_REGISTRATION);

  g_assert_cmpint (sertel_workflow_time_in_step (&sla, SERTEL_STEP_REGISTRATION), ==, 2200);
  g_assert_cmpint (sertel_workflow_time_left (&sla, SERTEL_STEP_REGISTRATION), ==, 86400 - 2200);
  g_assert_cmpint (sertel_workflow_time_left (&sla, SERTEL_STEP_KABID), ==, 300);

  /* nothing yet: now before intake */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 2, T0 - 1, &sla);
  assert_sla (&sla, 0, 0, 0, 0, FALSE, FALSE, FALSE, FALSE, -1);

  /* no events at all */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, NULL, 0, 0, T0 + 60, &sla);
  assert_sla (&sla, 60, 0, 0, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_DISPOSITION);
}

/* Each step in turn takes one second more than its limit; the others take
 * exactly their limit, which is not overdue. */
static void
test_sla_overdue_at_step (gconstpointer data)
{
  SertelStep late = GPOINTER_TO_INT (data);
  gint64 d[SERTEL_N_STEPS];
  gint64 t1, t2, t3, t4;
  SertelSla sla;

  sertel_workflow_reset_step_limits ();
  for (guint s = 0; s < SERTEL_N_STEPS; s++)
    d[s] = sertel_workflow_step_limit (s) + (s == late ? 1 : 0);

  t1 = T0 + d[0];
  t2 = t1 + d[1];
  t3 = t2 + d[2];
  t4 = t3 + d[3];
  {
    const SertelWorkflowEvent ev[] = {
      REQ (t1, RECEIVED, AT_KABID),
      REQ (t2, AT_KABID, AT_KASI),
      REQ (t3, AT_KASI, AT_VERIFIKATOR),
      APP (t4, 1, PENDING, REGISTERED),
    };

    sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 1, t4 + 500000, &sla);
    assert_sla (&sla, d[0], d[1], d[2], d[3],
                late == 0, late == 1, late == 2, late == 3, -1);
    g_assert_cmpint (sertel_workflow_time_left (&sla, late), ==, -1);

    /* while still in the late step, it is overdue and the clock runs */
    {
      gint64 ends[] = { t1, t2, t3, t4 };
      sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 1, ends[late] - 1, &sla);
      g_assert_cmpint (sla.current_step, ==, late);
      g_assert_false (sla.overdue[late]);
      sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 1, ends[late], &sla);
      g_assert_true (sla.overdue[late]);
    }
  }
}

static void
test_sla_return_resubmit (void)
{
  const SertelWorkflowEvent ev[] = {
    REQ (T0 + 100,   RECEIVED, AT_KABID),       /* step 1: 100 */
    REQ (T0 + 300,   AT_KABID, AT_KASI),        /* step 2: 200 */
    REQ (T0 + 700,   AT_KASI, RETURNED),        /* step 3: 400 */
    REQ (T0 + 10700, RETURNED, RECEIVED),       /* 10000 s with the OPD: not counted */
    REQ (T0 + 10800, RECEIVED, AT_KABID),       /* step 1: +100 = 200 */
    REQ (T0 + 11000, AT_KABID, AT_KASI),        /* step 2: +200 = 400 */
    REQ (T0 + 11501, AT_KASI, AT_VERIFIKATOR),  /* step 3: +501 = 901: overdue by summing */
  };
  SertelSla sla;

  sertel_workflow_reset_step_limits ();

  /* while it is with the OPD */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 1, T0 + 5000, &sla);
  assert_sla (&sla, 100, 200, 400, 0, FALSE, FALSE, FALSE, FALSE, -1);
  g_assert_false (sla.visited[SERTEL_STEP_REGISTRATION]);

  /* second round, at the Kasi again: the first round's 400 s count */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 1, T0 + 11500, &sla);
  assert_sla (&sla, 200, 400, 900, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_VERIFICATION);

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 1, T0 + 11600, &sla);
  assert_sla (&sla, 200, 400, 901, 99, FALSE, FALSE, TRUE, FALSE, SERTEL_STEP_REGISTRATION);
}

static void
test_sla_step4_stops (void)
{
  const gint64 t = T0 + 1000;
  const SertelWorkflowEvent ev[] = {
    REQ (T0 + 100, RECEIVED, AT_KABID),
    REQ (T0 + 200, AT_KABID, AT_KASI),
    REQ (t,        AT_KASI, AT_VERIFIKATOR),
    APP (t + 100,  501, PENDING, REGISTERED),
    APP (t + 200,  502, PENDING, REJECTED),
    APP (t + 300,  501, REGISTERED, VERIFIED),   /* 503 still pending: runs on */
    APP (t + 5000, 503, PENDING, REGISTERED),    /* last one out of pending: stops */
    APP (t + 6000, 501, VERIFIED, ISSUED),
  };
  SertelSla sla;

  sertel_workflow_reset_step_limits ();

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 3, t + 4000, &sla);
  assert_sla (&sla, 100, 100, 800, 4000, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_REGISTRATION);

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 3, t + 200000, &sla);
  assert_sla (&sla, 100, 100, 800, 5000, FALSE, FALSE, FALSE, FALSE, -1);
  g_assert_true (sla.visited[SERTEL_STEP_REGISTRATION]);

  /* a fourth applicant nobody has touched keeps the clock running: overdue */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, G_N_ELEMENTS (ev), 4, t + 200000, &sla);
  assert_sla (&sla, 100, 100, 800, 200000, FALSE, FALSE, FALSE, TRUE, SERTEL_STEP_REGISTRATION);

  /* without applicants the step runs until the request leaves it */
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, 3, 0, t + 700, &sla);
  assert_sla (&sla, 100, 100, 800, 700, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_REGISTRATION);
}

static void
test_sla_limits (void)
{
  const SertelWorkflowEvent ev[] = {
    REQ (T0 + 120, RECEIVED, AT_KABID),
  };
  SertelSla sla;

  sertel_workflow_reset_step_limits ();
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_DISPOSITION), ==, 900);
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_KABID), ==, 900);
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_VERIFICATION), ==, 900);
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_REGISTRATION), ==, 86400);

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, 1, 0, T0 + 180, &sla);
  assert_sla (&sla, 120, 60, 0, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_KABID);

  sertel_workflow_set_step_limit (SERTEL_STEP_DISPOSITION, 60);
  sertel_workflow_set_step_limit (SERTEL_STEP_KABID, 59);
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_DISPOSITION), ==, 60);
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, 1, 0, T0 + 180, &sla);
  assert_sla (&sla, 120, 60, 0, 0, TRUE, TRUE, FALSE, FALSE, SERTEL_STEP_KABID);
  g_assert_cmpint (sertel_workflow_time_left (&sla, SERTEL_STEP_DISPOSITION), ==, -60);

  sertel_workflow_set_step_limit (SERTEL_STEP_DISPOSITION, 3600);
  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, 1, 0, T0 + 180, &sla);
  g_assert_false (sla.overdue[SERTEL_STEP_DISPOSITION]);

  if (g_test_undefined ())
    {
      g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*seconds > 0*");
      sertel_workflow_set_step_limit (SERTEL_STEP_KABID, 0);
      g_test_assert_expected_messages ();
      g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_KABID), ==, 59);
    }

  sertel_workflow_reset_step_limits ();
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_DISPOSITION), ==, 900);
  g_assert_cmpint (sertel_workflow_step_limit (SERTEL_STEP_KABID), ==, 900);
}

static void
test_sla_current_step (void)
{
  static const struct { SertelRequestState state; int step; } cases[] = {
    { SERTEL_REQUEST_RECEIVED,       SERTEL_STEP_DISPOSITION },
    { SERTEL_REQUEST_AT_KABID,       SERTEL_STEP_KABID },
    { SERTEL_REQUEST_AT_KASI,        SERTEL_STEP_VERIFICATION },
    { SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_STEP_REGISTRATION },
    { SERTEL_REQUEST_COMPLETED,      -1 },
    { SERTEL_REQUEST_RETURNED,       -1 },
  };
  SertelSla sla;

  sertel_workflow_reset_step_limits ();

  /* a request imported mid-way starts its clock where it is */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sertel_workflow_compute_sla (cases[i].state, T0, NULL, 0, 2, T0 + 30, &sla);
      g_assert_cmpint (sla.current_step, ==, cases[i].step);
      for (int s = 0; s < SERTEL_N_STEPS; s++)
        {
          g_assert_cmpint (sla.elapsed[s], ==, s == cases[i].step ? 30 : 0);
          g_assert_cmpint (sla.visited[s], ==, s == cases[i].step);
        }
    }

  /* events after now are not yet history */
  {
    const SertelWorkflowEvent ev[] = {
      REQ (T0 + 100, RECEIVED, AT_KABID),
      REQ (T0 + 200, AT_KABID, AT_KASI),
    };
    sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, 2, 0, T0 + 150, &sla);
    assert_sla (&sla, 100, 50, 0, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_KABID);
    g_assert_false (sla.visited[SERTEL_STEP_VERIFICATION]);
  }

  /* a clock that stepped back does not make time negative */
  {
    const SertelWorkflowEvent ev[] = {
      REQ (T0 + 100, RECEIVED, AT_KABID),
      REQ (T0 + 50,  AT_KABID, AT_KASI),
    };
    sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, T0, ev, 2, 0, T0 + 150, &sla);
    assert_sla (&sla, 100, 0, 50, 0, FALSE, FALSE, FALSE, FALSE, SERTEL_STEP_VERIFICATION);
  }
}

/* ------------------------------------------------------------------------ */
/* Durations                                                                 */
/* ------------------------------------------------------------------------ */

static void
test_format_duration (void)
{
  static const struct { gint64 s; const char *text; } cases[] = {
    { 0,                        "0 s" },
    { 59,                       "59 s" },
    { 60,                       "1 min" },
    { 720,                      "12 min" },
    { 779,                      "12 min" },
    { 3599,                     "59 min" },
    { 3600,                     "1 h 00 min" },
    { 3900,                     "1 h 05 min" },
    { 86399,                    "23 h 59 min" },
    { 86400,                    "1 d 0 h" },
    { 2 * 86400 + 3 * 3600 + 59, "2 d 3 h" },
    { -720,                     "-12 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sertel_format_duration (cases[i].s);
      g_assert_cmpstr (text, ==, cases[i].text);
    }

  {
    g_autofree char *a = sertel_format_duration (G_MININT64);
    g_autofree char *b = sertel_format_duration (G_MAXINT64);
    g_assert_true (a[0] == '-');
    g_assert_true (g_str_has_suffix (b, " h"));
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow/table/permissions", test_permissions);
  g_test_add_func ("/workflow/table/export", test_table_export);
  g_test_add_func ("/workflow/table/errors", test_error_order_and_messages);
  g_test_add_func ("/workflow/reason", test_reason);
  g_test_add_func ("/workflow/strings", test_strings);
  g_test_add_func ("/workflow/all-applicants-done", test_all_done);
  g_test_add_func ("/workflow/sla/step-for-state", test_step_for_state);
  g_test_add_func ("/workflow/sla/on-time", test_sla_on_time);
  g_test_add_data_func ("/workflow/sla/overdue/step1", GINT_TO_POINTER (SERTEL_STEP_DISPOSITION), test_sla_overdue_at_step);
  g_test_add_data_func ("/workflow/sla/overdue/step2", GINT_TO_POINTER (SERTEL_STEP_KABID), test_sla_overdue_at_step);
  g_test_add_data_func ("/workflow/sla/overdue/step3", GINT_TO_POINTER (SERTEL_STEP_VERIFICATION), test_sla_overdue_at_step);
  g_test_add_data_func ("/workflow/sla/overdue/step4", GINT_TO_POINTER (SERTEL_STEP_REGISTRATION), test_sla_overdue_at_step);
  g_test_add_func ("/workflow/sla/return-resubmit", test_sla_return_resubmit);
  g_test_add_func ("/workflow/sla/step4-stops", test_sla_step4_stops);
  g_test_add_func ("/workflow/sla/limits", test_sla_limits);
  g_test_add_func ("/workflow/sla/current-step", test_sla_current_step);
  g_test_add_func ("/workflow/format-duration", test_format_duration);

  return g_test_run ();
}
