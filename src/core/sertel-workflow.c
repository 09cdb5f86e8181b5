/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SOP as data: roles, states, the one transition table, and the SLA clock. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-workflow.h"

G_DEFINE_QUARK (sertel-workflow-error-quark, sertel_workflow_error)

/* ------------------------------------------------------------------------ */
/* The SOP: every move a case can make, and the one role that may make it.  */
/* ------------------------------------------------------------------------ */

static const SertelTransition transitions[] = {
  /* action                         applicant  from                            to                              role                       reason */
  { SERTEL_ACTION_DISPOSE,          FALSE, SERTEL_REQUEST_RECEIVED,       SERTEL_REQUEST_AT_KABID,       SERTEL_ROLE_KEPALA_DINAS, FALSE },
  { SERTEL_ACTION_FORWARD,          FALSE, SERTEL_REQUEST_AT_KABID,       SERTEL_REQUEST_AT_KASI,        SERTEL_ROLE_KABID,        FALSE },
  { SERTEL_ACTION_ASSIGN,           FALSE, SERTEL_REQUEST_AT_KASI,        SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_ROLE_KASI,         FALSE },
  { SERTEL_ACTION_RETURN,           FALSE, SERTEL_REQUEST_AT_KASI,        SERTEL_REQUEST_RETURNED,       SERTEL_ROLE_KASI,         TRUE  },
  { SERTEL_ACTION_RESUBMIT,         FALSE, SERTEL_REQUEST_RETURNED,       SERTEL_REQUEST_RECEIVED,       SERTEL_ROLE_OPERATOR,     FALSE },
  { SERTEL_ACTION_COMPLETE,         FALSE, SERTEL_REQUEST_AT_VERIFIKATOR, SERTEL_REQUEST_COMPLETED,      SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_REGISTERED,  TRUE,  SERTEL_APPLICANT_PENDING,      SERTEL_APPLICANT_REGISTERED,   SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_VERIFIED,    TRUE,  SERTEL_APPLICANT_REGISTERED,   SERTEL_APPLICANT_VERIFIED,     SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_ISSUED,      TRUE,  SERTEL_APPLICANT_VERIFIED,     SERTEL_APPLICANT_ISSUED,       SERTEL_ROLE_VERIFIKATOR,  FALSE },
  /* a BSrE status poll can see the certificate issued before "verified" */
  { SERTEL_ACTION_MARK_ISSUED,      TRUE,  SERTEL_APPLICANT_REGISTERED,   SERTEL_APPLICANT_ISSUED,       SERTEL_ROLE_VERIFIKATOR,  FALSE },
  { SERTEL_ACTION_MARK_REJECTED,    TRUE,  SERTEL_APPLICANT_PENDING,      SERTEL_APPLICANT_REJECTED,     SERTEL_ROLE_VERIFIKATOR,  TRUE  },
  { SERTEL_ACTION_MARK_REJECTED,    TRUE,  SERTEL_APPLICANT_REGISTERED,   SERTEL_APPLICANT_REJECTED,     SERTEL_ROLE_VERIFIKATOR,  TRUE  },
  { SERTEL_ACTION_MARK_REJECTED,    TRUE,  SERTEL_APPLICANT_VERIFIED,     SERTEL_APPLICANT_REJECTED,     SERTEL_ROLE_VERIFIKATOR,  TRUE  },
};

/* The role each action belongs to, for the message when there is no move
 * from the current state; derived from the table, never written twice. */
static SertelRole
role_for_action (SertelAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action)
      return transitions[i].role;
  g_assert_not_reached ();
  return SERTEL_ROLE_NONE;
}

static gboolean
action_is_valid (SertelAction action)
{
  return (int) action >= SERTEL_ACTION_DISPOSE && action <= SERTEL_ACTION_MARK_REJECTED;
}

/* ------------------------------------------------------------------------ */
/* Stable keys (stored in the database) and display names                    */
/* ------------------------------------------------------------------------ */

static const char * const role_keys[] = {
  [SERTEL_ROLE_NONE]         = "none",
  [SERTEL_ROLE_OPERATOR]     = "operator",
  [SERTEL_ROLE_KEPALA_DINAS] = "kepala_dinas",
  [SERTEL_ROLE_KABID]        = "kabid",
  [SERTEL_ROLE_KASI]         = "kasi",
  [SERTEL_ROLE_VERIFIKATOR]  = "verifikator",
  [SERTEL_ROLE_ADMIN]        = "admin",
};

static const char * const request_state_keys[] = {
  [SERTEL_REQUEST_RECEIVED]       = "received",
  [SERTEL_REQUEST_AT_KABID]       = "at_kabid",
  [SERTEL_REQUEST_AT_KASI]        = "at_kasi",
  [SERTEL_REQUEST_AT_VERIFIKATOR] = "at_verifikator",
  [SERTEL_REQUEST_COMPLETED]      = "completed",
  [SERTEL_REQUEST_RETURNED]       = "returned",
};

static const char * const applicant_state_keys[] = {
  [SERTEL_APPLICANT_PENDING]    = "pending",
  [SERTEL_APPLICANT_REGISTERED] = "registered",
  [SERTEL_APPLICANT_VERIFIED]   = "verified",
  [SERTEL_APPLICANT_ISSUED]     = "issued",
  [SERTEL_APPLICANT_REJECTED]   = "rejected",
};

static const char * const action_keys[] = {
  [SERTEL_ACTION_DISPOSE]         = "dispose",
  [SERTEL_ACTION_FORWARD]         = "forward",
  [SERTEL_ACTION_ASSIGN]          = "assign",
  [SERTEL_ACTION_RETURN]          = "return",
  [SERTEL_ACTION_RESUBMIT]        = "resubmit",
  [SERTEL_ACTION_COMPLETE]        = "complete",
  [SERTEL_ACTION_MARK_REGISTERED] = "mark_registered",
  [SERTEL_ACTION_MARK_VERIFIED]   = "mark_verified",
  [SERTEL_ACTION_MARK_ISSUED]     = "mark_issued",
  [SERTEL_ACTION_MARK_REJECTED]   = "mark_rejected",
};

static int
key_lookup (const char * const *keys,
            guint               n_keys,
            const char         *key)
{
  if (key == NULL)
    return -1;
  for (guint i = 0; i < n_keys; i++)
    if (keys[i] != NULL && strcmp (keys[i], key) == 0)
      return (int) i;
  return -1;
}

#define KEY_OR_NULL(keys, i) \
  (((int) (i) >= 0 && (guint) (i) < G_N_ELEMENTS (keys)) ? keys[(i)] : NULL)

const char *
sertel_role_to_string (SertelRole role)
{
  return KEY_OR_NULL (role_keys, role);
}

SertelRole
sertel_role_from_string (const char *key)
{
  int i = key_lookup (role_keys, G_N_ELEMENTS (role_keys), key);

  return i < 0 ? SERTEL_ROLE_NONE : (SertelRole) i;
}

const char *
sertel_role_display_name (SertelRole role)
{
  switch (role)
    {
    case SERTEL_ROLE_OPERATOR:     return _("Operator");
    case SERTEL_ROLE_KEPALA_DINAS: return _("Kepala Dinas");
    case SERTEL_ROLE_KABID:        return _("Kabid Persandian dan Statistik");
    case SERTEL_ROLE_KASI:         return _("Kasi Persandian");
    case SERTEL_ROLE_VERIFIKATOR:  return _("Verifikator");
    case SERTEL_ROLE_ADMIN:        return _("Administrator");
    case SERTEL_ROLE_NONE:
    default:
      /* Translators: the role of someone who is not signed in */
      return _("No role");
    }
}

const char *
sertel_request_state_to_string (SertelRequestState state)
{
  return KEY_OR_NULL (request_state_keys, state);
}

SertelRequestState
sertel_request_state_from_string (const char *key,
                                  gboolean   *ok)
{
  int i = key_lookup (request_state_keys, G_N_ELEMENTS (request_state_keys), key);

  if (ok != NULL)
    *ok = i >= 0;
  return i < 0 ? SERTEL_REQUEST_RECEIVED : (SertelRequestState) i;
}

const char *
sertel_request_state_display_name (SertelRequestState state)
{
  switch (state)
    {
    case SERTEL_REQUEST_RECEIVED:       return _("Waiting for disposition");
    case SERTEL_REQUEST_AT_KABID:       return _("At the Kabid");
    case SERTEL_REQUEST_AT_KASI:        return _("At the Kasi");
    case SERTEL_REQUEST_AT_VERIFIKATOR: return _("At the Verifikator");
    case SERTEL_REQUEST_COMPLETED:      return _("Completed");
    case SERTEL_REQUEST_RETURNED:       return _("Returned to the OPD");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sertel_applicant_state_to_string (SertelApplicantState state)
{
  return KEY_OR_NULL (applicant_state_keys, state);
}

SertelApplicantState
sertel_applicant_state_from_string (const char *key,
                                    gboolean   *ok)
{
  int i = key_lookup (applicant_state_keys, G_N_ELEMENTS (applicant_state_keys), key);

  if (ok != NULL)
    *ok = i >= 0;
  return i < 0 ? SERTEL_APPLICANT_PENDING : (SertelApplicantState) i;
}

const char *
sertel_applicant_state_display_name (SertelApplicantState state)
{
  switch (state)
    {
    case SERTEL_APPLICANT_PENDING:    return _("Pending");
    case SERTEL_APPLICANT_REGISTERED: return _("Registered at BSrE");
    case SERTEL_APPLICANT_VERIFIED:   return _("Verified");
    case SERTEL_APPLICANT_ISSUED:     return _("Certificate issued");
    case SERTEL_APPLICANT_REJECTED:   return _("Rejected");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sertel_action_to_string (SertelAction action)
{
  return KEY_OR_NULL (action_keys, action);
}

SertelAction
sertel_action_from_string (const char *key,
                           gboolean   *ok)
{
  int i = key_lookup (action_keys, G_N_ELEMENTS (action_keys), key);

  if (ok != NULL)
    *ok = i >= 0;
  return i < 0 ? SERTEL_ACTION_DISPOSE : (SertelAction) i;
}

gboolean
sertel_action_is_on_applicant (SertelAction action)
{
  g_return_val_if_fail (action_is_valid (action), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action)
      return transitions[i].on_applicant;
  g_assert_not_reached ();
  return FALSE;
}

const char *
sertel_action_display_name (SertelAction action)
{
  switch (action)
    {
    /* Translators: the Kepala Dinas writes a disposition to the Kabid */
    case SERTEL_ACTION_DISPOSE:         return _("Dispose to the Kabid");
    case SERTEL_ACTION_FORWARD:         return _("Forward to the Kasi");
    case SERTEL_ACTION_ASSIGN:          return _("Assign a Verifikator");
    case SERTEL_ACTION_RETURN:          return _("Return to the OPD");
    /* Translators: the operator takes in a request the OPD sent back corrected */
    case SERTEL_ACTION_RESUBMIT:        return _("Take in again");
    case SERTEL_ACTION_COMPLETE:        return _("Complete");
    case SERTEL_ACTION_MARK_REGISTERED: return _("Mark as registered");
    case SERTEL_ACTION_MARK_VERIFIED:   return _("Mark as verified");
    case SERTEL_ACTION_MARK_ISSUED:     return _("Mark certificate as issued");
    case SERTEL_ACTION_MARK_REJECTED:   return _("Mark as rejected");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sertel_step_display_name (SertelStep step)
{
  switch (step)
    {
    case SERTEL_STEP_DISPOSITION:  return _("Disposition");
    case SERTEL_STEP_KABID:        return _("Kabid’s instructions");
    case SERTEL_STEP_VERIFICATION: return _("Verification of the files");
    case SERTEL_STEP_REGISTRATION: return _("Registration at BSrE");
    case SERTEL_N_STEPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* The table, and checking a move against it                                 */
/* ------------------------------------------------------------------------ */

const SertelTransition *
sertel_workflow_transitions (guint *n_transitions)
{
  if (n_transitions != NULL)
    *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

const SertelTransition *
sertel_workflow_lookup (SertelAction action,
                        int          from)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action && transitions[i].from == from)
      return &transitions[i];
  return NULL;
}

gboolean
sertel_workflow_can (SertelAction action,
                     int          from,
                     SertelRole   role)
{
  const SertelTransition *t = sertel_workflow_lookup (action, from);

  return t != NULL && t->role == role;
}

static gboolean
reason_is_blank (const char *reason)
{
  if (reason == NULL)
    return TRUE;

  if (g_utf8_validate (reason, -1, NULL))
    {
      for (const char *p = reason; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return FALSE;
      return TRUE;
    }

  for (const char *p = reason; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

/* The part of a wrong-state message that says where the case is. */
static const char *
request_state_phrase (int state)
{
  switch (state)
    {
    /* Translators: completes "This request %s, so …" */
    case SERTEL_REQUEST_RECEIVED:       return _("is waiting for the Kepala Dinas’ disposition");
    case SERTEL_REQUEST_AT_KABID:       return _("is at the Kabid");
    case SERTEL_REQUEST_AT_KASI:        return _("is at the Kasi");
    case SERTEL_REQUEST_AT_VERIFIKATOR: return _("is at the Verifikator");
    case SERTEL_REQUEST_COMPLETED:      return _("is already completed");
    case SERTEL_REQUEST_RETURNED:       return _("was returned to the OPD");
    default:                            return _("is in an unknown state");
    }
}

static const char *
applicant_state_phrase (int state)
{
  switch (state)
    {
    /* Translators: completes "This applicant %s, so …" */
    case SERTEL_APPLICANT_PENDING:    return _("is still pending");
    case SERTEL_APPLICANT_REGISTERED: return _("is already registered at BSrE");
    case SERTEL_APPLICANT_VERIFIED:   return _("is already verified");
    case SERTEL_APPLICANT_ISSUED:     return _("already has a certificate");
    case SERTEL_APPLICANT_REJECTED:   return _("was rejected");
    default:                          return _("is in an unknown state");
    }
}

static void
set_wrong_state (GError       **error,
                 SertelAction   action,
                 int            from)
{
  const char *rs = request_state_phrase (from);
  const char *as = applicant_state_phrase (from);
  GQuark d = SERTEL_WORKFLOW_ERROR;
  int c = SERTEL_WORKFLOW_ERROR_WRONG_STATE;

  switch (action)
    {
    case SERTEL_ACTION_DISPOSE:
      g_set_error (error, d, c, _("This request %s, so it cannot be disposed."), rs);
      break;
    case SERTEL_ACTION_FORWARD:
      g_set_error (error, d, c, _("This request %s, so it cannot be forwarded to the Kasi."), rs);
      break;
    case SERTEL_ACTION_ASSIGN:
      g_set_error (error, d, c, _("This request %s, so it cannot be assigned to a Verifikator."), rs);
      break;
    case SERTEL_ACTION_RETURN:
      g_set_error (error, d, c, _("This request %s, so it cannot be returned to the OPD; only the Kasi returns requests, while verifying the files."), rs);
      break;
    case SERTEL_ACTION_RESUBMIT:
      g_set_error (error, d, c, _("This request %s; only a request returned to the OPD can be taken in again."), rs);
      break;
    case SERTEL_ACTION_COMPLETE:
      g_set_error (error, d, c, _("This request %s, so it cannot be completed."), rs);
      break;
    case SERTEL_ACTION_MARK_REGISTERED:
      g_set_error (error, d, c, _("This applicant %s, so they cannot be marked as registered at BSrE."), as);
      break;
    case SERTEL_ACTION_MARK_VERIFIED:
      g_set_error (error, d, c, _("This applicant %s, so they cannot be marked as verified."), as);
      break;
    case SERTEL_ACTION_MARK_ISSUED:
      g_set_error (error, d, c, _("This applicant %s, so their certificate cannot be recorded as issued."), as);
      break;
    case SERTEL_ACTION_MARK_REJECTED:
      g_set_error (error, d, c, _("This applicant %s, so they cannot be marked as rejected."), as);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
set_wrong_role (GError       **error,
                SertelAction   action,
                SertelRole     role)
{
  const char *who = sertel_role_display_name (role);
  GQuark d = SERTEL_WORKFLOW_ERROR;
  int c = SERTEL_WORKFLOW_ERROR_WRONG_ROLE;

  if (role == SERTEL_ROLE_NONE)
    {
      g_set_error (error, d, c,
                   _("You are not signed in. Sign in as %s to do this."),
                   sertel_role_display_name (role_for_action (action)));
      return;
    }

  if (role == SERTEL_ROLE_ADMIN)
    {
      /* separation of duties: say why, not just who */
      g_set_error (error, d, c,
                   _("An Administrator manages staff accounts and cannot move cases. Sign in as %s to do this."),
                   sertel_role_display_name (role_for_action (action)));
      return;
    }

  switch (action)
    {
    case SERTEL_ACTION_DISPOSE:
      g_set_error (error, d, c, _("Only the Kepala Dinas may write the disposition of a request; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_FORWARD:
      g_set_error (error, d, c, _("Only the Kabid Persandian dan Statistik may forward a request to the Kasi; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_ASSIGN:
      g_set_error (error, d, c, _("Only the Kasi Persandian may assign a request to a Verifikator; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_RETURN:
      g_set_error (error, d, c, _("Only the Kasi Persandian may return a request to the OPD; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_RESUBMIT:
      g_set_error (error, d, c, _("Only an Operator may take in a returned request again; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_COMPLETE:
      g_set_error (error, d, c, _("Only a Verifikator may complete a request; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_MARK_REGISTERED:
      g_set_error (error, d, c, _("Only a Verifikator may mark an applicant as registered at BSrE; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_MARK_VERIFIED:
      g_set_error (error, d, c, _("Only a Verifikator may mark an applicant as verified; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_MARK_ISSUED:
      g_set_error (error, d, c, _("Only a Verifikator may record an applicant’s certificate as issued; you are signed in as %s."), who);
      break;
    case SERTEL_ACTION_MARK_REJECTED:
      g_set_error (error, d, c, _("Only a Verifikator may mark an applicant as rejected; you are signed in as %s."), who);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
set_reason_required (GError       **error,
                     SertelAction   action)
{
  const char *msg;

  switch (action)
    {
    case SERTEL_ACTION_RETURN:
      msg = _("Write the reason for returning the request.");
      break;
    case SERTEL_ACTION_MARK_REJECTED:
      msg = _("Write the reason why the applicant was rejected.");
      break;
    default:
      msg = _("Write the reason for this step.");
      break;
    }
  g_set_error_literal (error, SERTEL_WORKFLOW_ERROR,
                       SERTEL_WORKFLOW_ERROR_REASON_REQUIRED, msg);
}

gboolean
sertel_workflow_check (SertelAction   action,
                       int            from,
                       SertelRole     role,
                       const char    *reason,
                       int           *out_to,
                       GError       **error)
{
  const SertelTransition *t;

  g_return_val_if_fail (action_is_valid (action), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* No such move from here: that is the state's fault, whoever asks. */
  t = sertel_workflow_lookup (action, from);
  if (t == NULL)
    {
      set_wrong_state (error, action, from);
      return FALSE;
    }

  if (t->role != role)
    {
      set_wrong_role (error, action, role);
      return FALSE;
    }

  if (t->needs_reason && reason_is_blank (reason))
    {
      set_reason_required (error, action);
      return FALSE;
    }

  if (out_to != NULL)
    *out_to = t->to;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Completion                                                                */
/* ------------------------------------------------------------------------ */

static inline gboolean
applicant_is_done (SertelApplicantState state)
{
  return state == SERTEL_APPLICANT_ISSUED || state == SERTEL_APPLICANT_REJECTED;
}

gboolean
sertel_workflow_all_applicants_done (const SertelApplicantState *states,
                                     guint                       n_states)
{
  if (n_states == 0)
    return FALSE;

  g_return_val_if_fail (states != NULL, FALSE);

  for (guint i = 0; i < n_states; i++)
    if (!applicant_is_done (states[i]))
      return FALSE;
  return TRUE;
}

gboolean
sertel_workflow_check_finished (const SertelApplicantState *states,
                                guint                       n_states,
                                GError                    **error)
{
  guint open = 0;

  g_return_val_if_fail (n_states == 0 || states != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_states == 0)
    {
      g_set_error_literal (error, SERTEL_WORKFLOW_ERROR,
                           SERTEL_WORKFLOW_ERROR_NOT_FINISHED,
                           _("This request has no applicants; add the employees named in the letter before completing it."));
      return FALSE;
    }

  for (guint i = 0; i < n_states; i++)
    if (!applicant_is_done (states[i]))
      open++;

  if (open > 0)
    {
      g_set_error (error, SERTEL_WORKFLOW_ERROR,
                   SERTEL_WORKFLOW_ERROR_NOT_FINISHED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u applicant has neither a certificate nor a rejection yet; complete the request once BSrE has decided on every applicant.",
                                "%u applicants have neither a certificate nor a rejection yet; complete the request once BSrE has decided on every applicant.",
                                open),
                   open);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* SLA                                                                       */
/* ------------------------------------------------------------------------ */

static const gint default_limits[SERTEL_N_STEPS] = { 900, 900, 900, 86400 };

/* Stored as gint so that reads from worker threads stay atomic. */
static gint step_limits[SERTEL_N_STEPS] = { 900, 900, 900, 86400 };

gint64
sertel_workflow_step_limit (SertelStep step)
{
  g_return_val_if_fail ((int) step >= 0 && step < SERTEL_N_STEPS, 0);

  return g_atomic_int_get (&step_limits[step]);
}

void
sertel_workflow_set_step_limit (SertelStep step,
                                gint64     seconds)
{
  g_return_if_fail ((int) step >= 0 && step < SERTEL_N_STEPS);
  g_return_if_fail (seconds > 0 && seconds <= G_MAXINT);

  g_atomic_int_set (&step_limits[step], (gint) seconds);
}

void
sertel_workflow_reset_step_limits (void)
{
  for (guint i = 0; i < SERTEL_N_STEPS; i++)
    g_atomic_int_set (&step_limits[i], default_limits[i]);
}

int
sertel_workflow_step_for_state (SertelRequestState state)
{
  switch (state)
    {
    case SERTEL_REQUEST_RECEIVED:       return SERTEL_STEP_DISPOSITION;
    case SERTEL_REQUEST_AT_KABID:       return SERTEL_STEP_KABID;
    case SERTEL_REQUEST_AT_KASI:        return SERTEL_STEP_VERIFICATION;
    case SERTEL_REQUEST_AT_VERIFIKATOR: return SERTEL_STEP_REGISTRATION;
    case SERTEL_REQUEST_COMPLETED:
    case SERTEL_REQUEST_RETURNED:
    default:
      return -1;
    }
}

/* The step whose clock runs: the state's step, except that step 4 stops
 * once no applicant is pending (then BSrE or the applicant has the case). */
static int
running_step (SertelRequestState state,
              guint              n_applicants,
              guint              n_not_pending)
{
  int step = sertel_workflow_step_for_state (state);

  if (step == SERTEL_STEP_REGISTRATION && n_applicants > 0 && n_not_pending >= n_applicants)
    return -1;
  return step;
}

void
sertel_workflow_compute_sla (SertelRequestState         initial_state,
                             gint64                     received_at,
                             const SertelWorkflowEvent *events,
                             guint                      n_events,
                             guint                      n_applicants,
                             gint64                     now,
                             SertelSla                 *out_sla)
{
  g_autoptr(GHashTable) applicants = NULL;
  SertelRequestState state = initial_state;
  guint n_not_pending = 0;
  gint64 t;
  int step;

  g_return_if_fail (out_sla != NULL);
  g_return_if_fail (n_events == 0 || events != NULL);

  memset (out_sla, 0, sizeof *out_sla);
  out_sla->current_step = -1;

  if (now < received_at)
    return;

  /* id → SertelApplicantState; keys point into @events */
  applicants = g_hash_table_new (g_int64_hash, g_int64_equal);

  t = received_at;
  step = sertel_workflow_step_for_state (state);
  if (step >= 0)
    out_sla->visited[step] = TRUE;

  for (guint i = 0; i < n_events; i++)
    {
      const SertelWorkflowEvent *ev = &events[i];
      gint64 at;

      if (ev->at > now)
        break;
      at = MAX (ev->at, t);   /* tolerate clock skew: never run backwards */

      step = running_step (state, n_applicants, n_not_pending);
      if (step >= 0)
        out_sla->elapsed[step] += at - t;
      t = at;

      if (ev->on_applicant)
        {
          gpointer value;
          int old = SERTEL_APPLICANT_PENDING;

          if (g_hash_table_lookup_extended (applicants, &ev->applicant_id, NULL, &value))
            old = GPOINTER_TO_INT (value);
          g_hash_table_insert (applicants, (gpointer) &ev->applicant_id,
                               GINT_TO_POINTER (ev->to));

          if (old == SERTEL_APPLICANT_PENDING && ev->to != SERTEL_APPLICANT_PENDING)
            n_not_pending++;
          else if (old != SERTEL_APPLICANT_PENDING && ev->to == SERTEL_APPLICANT_PENDING)
            n_not_pending--;
        }
      else if (ev->to >= SERTEL_REQUEST_RECEIVED && ev->to <= SERTEL_REQUEST_RETURNED)
        {
          state = (SertelRequestState) ev->to;
          step = sertel_workflow_step_for_state (state);
          if (step >= 0)
            out_sla->visited[step] = TRUE;
        }
    }

  step = running_step (state, n_applicants, n_not_pending);
  if (step >= 0)
    out_sla->elapsed[step] += now - t;
  out_sla->current_step = step;

  for (guint i = 0; i < SERTEL_N_STEPS; i++)
    out_sla->overdue[i] = out_sla->elapsed[i] > sertel_workflow_step_limit (i);
}

gint64
sertel_workflow_time_in_step (const SertelSla *sla,
                              SertelStep       step)
{
  g_return_val_if_fail (sla != NULL, 0);
  g_return_val_if_fail ((int) step >= 0 && step < SERTEL_N_STEPS, 0);

  return sla->elapsed[step];
}

gint64
sertel_workflow_time_left (const SertelSla *sla,
                           SertelStep       step)
{
  g_return_val_if_fail (sla != NULL, 0);
  g_return_val_if_fail ((int) step >= 0 && step < SERTEL_N_STEPS, 0);

  return sertel_workflow_step_limit (step) - sla->elapsed[step];
}

char *
sertel_format_duration (gint64 seconds)
{
  gint64 s;

  if (seconds < 0)
    {
      g_autofree char *positive = NULL;

      s = seconds == G_MININT64 ? G_MAXINT64 : -seconds;
      positive = sertel_format_duration (s);
      return g_strconcat ("-", positive, NULL);
    }

  s = seconds;

  if (s < 60)
    /* Translators: a duration in seconds, e.g. "45 s" */
    return g_strdup_printf (_("%d s"), (int) s);

  if (s < 3600)
    /* Translators: a duration in minutes, e.g. "12 min" */
    return g_strdup_printf (_("%d min"), (int) (s / 60));

  if (s < 86400)
    /* Translators: a duration in hours and minutes, e.g. "1 h 05 min" */
    return g_strdup_printf (_("%d h %02d min"), (int) (s / 3600), (int) ((s % 3600) / 60));

  /* Translators: a duration in days and hours, e.g. "2 d 3 h" */
  return g_strdup_printf (_("%d d %d h"),
                          (int) MIN (s / 86400, G_MAXINT),
                          (int) ((s % 86400) / 3600));
}

/* ------------------------------------------------------------------------- */
/* Disposition instructions */

static const SertelInstruction instructions[] = {
  { "tindak_lanjuti", N_("Follow up"), "Tindak lanjuti" },
  { "proses_sesuai_ketentuan", N_("Process according to the rules"), "Proses sesuai ketentuan" },
  { "koordinasikan", N_("Coordinate"), "Koordinasikan" },
  { "untuk_diketahui", N_("For information"), "Untuk diketahui" },
  { "siapkan_bahan", N_("Prepare the material"), "Siapkan bahan" },
  { "hadiri", N_("Attend"), "Hadiri" },
  { "arsipkan", N_("File"), "Arsipkan" },
};

static const char * const instruction_keys[] = {
  "tindak_lanjuti", "proses_sesuai_ketentuan", "koordinasikan", "untuk_diketahui",
  "siapkan_bahan", "hadiri", "arsipkan", NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (instruction_keys) == G_N_ELEMENTS (instructions) + 1);

const SertelInstruction *
sertel_disposition_instructions (guint *n_instructions)
{
  if (n_instructions)
    *n_instructions = G_N_ELEMENTS (instructions);
  return instructions;
}

const char * const *
sertel_disposition_instruction_keys (void)
{
  return instruction_keys;
}

static const SertelInstruction *
find_instruction (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (instructions); i++)
    if (g_strcmp0 (instructions[i].key, key) == 0)
      return &instructions[i];
  return NULL;
}

const char *
sertel_disposition_instruction_label (const char *key)
{
  const SertelInstruction *instruction = find_instruction (key);
  return instruction ? _(instruction->label) : NULL;
}

const char *
sertel_disposition_instruction_letter_label (const char *key)
{
  const SertelInstruction *instruction = find_instruction (key);
  return instruction ? instruction->letter_label : NULL;
}
