/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SOP as data: roles, states, the one transition table, and the SLA clock. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SERTEL_ROLE_NONE = 0,
  SERTEL_ROLE_OPERATOR,
  SERTEL_ROLE_KEPALA_DINAS,
  SERTEL_ROLE_KABID,
  SERTEL_ROLE_KASI,
  SERTEL_ROLE_VERIFIKATOR,
  SERTEL_ROLE_ADMIN,
} SertelRole;

typedef enum {
  SERTEL_REQUEST_RECEIVED = 0,     /* waiting for the Kepala Dinas' disposition */
  SERTEL_REQUEST_AT_KABID,
  SERTEL_REQUEST_AT_KASI,
  SERTEL_REQUEST_AT_VERIFIKATOR,
  SERTEL_REQUEST_COMPLETED,
  SERTEL_REQUEST_RETURNED,         /* back at the OPD, with a reason */
} SertelRequestState;

typedef enum {
  SERTEL_APPLICANT_PENDING = 0,
  SERTEL_APPLICANT_REGISTERED,     /* activated in the BSrE account */
  SERTEL_APPLICANT_VERIFIED,       /* BSrE verified the registration */
  SERTEL_APPLICANT_ISSUED,
  SERTEL_APPLICANT_REJECTED,
} SertelApplicantState;

typedef enum {
  SERTEL_ACTION_DISPOSE = 0,       /* Kepala Dinas → Kabid */
  SERTEL_ACTION_FORWARD,           /* Kabid → Kasi */
  SERTEL_ACTION_ASSIGN,            /* Kasi verified the files → Verifikator */
  SERTEL_ACTION_RETURN,            /* Kasi → OPD, reason required */
  SERTEL_ACTION_RESUBMIT,          /* operator takes a returned request in again */
  SERTEL_ACTION_COMPLETE,          /* every applicant issued or rejected */
  SERTEL_ACTION_MARK_REGISTERED,   /* applicant actions from here on */
  SERTEL_ACTION_MARK_VERIFIED,
  SERTEL_ACTION_MARK_ISSUED,
  SERTEL_ACTION_MARK_REJECTED,     /* reason required */
} SertelAction;

/* The four timed steps of the SOP (table "mutu baku"). */
typedef enum {
  SERTEL_STEP_DISPOSITION = 0,     /* 1: Kepala Dinas, 15 min */
  SERTEL_STEP_KABID,               /* 2: Kabid, 15 min */
  SERTEL_STEP_VERIFICATION,        /* 3: Kasi, 15 min */
  SERTEL_STEP_REGISTRATION,        /* 4: Verifikator, 1 day */
  SERTEL_N_STEPS,
} SertelStep;

#define SERTEL_WORKFLOW_ERROR (sertel_workflow_error_quark ())

typedef enum {
  SERTEL_WORKFLOW_ERROR_WRONG_ROLE,
  SERTEL_WORKFLOW_ERROR_WRONG_STATE,
  SERTEL_WORKFLOW_ERROR_REASON_REQUIRED,
  SERTEL_WORKFLOW_ERROR_NOT_FINISHED,
} SertelWorkflowError;

typedef struct {
  SertelAction action;
  gboolean     on_applicant;   /* FALSE: moves a request; TRUE: moves an applicant */
  int          from;           /* SertelRequestState or SertelApplicantState */
  int          to;
  SertelRole   role;           /* the one role allowed to take it */
  gboolean     needs_reason;
} SertelTransition;

GQuark       sertel_workflow_error_quark        (void);

const char  *sertel_role_to_string              (SertelRole role);     /* stable key, e.g. "kasi" */
SertelRole   sertel_role_from_string            (const char *key);
const char  *sertel_role_display_name           (SertelRole role);     /* translated */
const char  *sertel_request_state_to_string     (SertelRequestState state);
SertelRequestState sertel_request_state_from_string (const char *key, gboolean *ok);
const char  *sertel_request_state_display_name  (SertelRequestState state);
const char  *sertel_applicant_state_to_string   (SertelApplicantState state);
SertelApplicantState sertel_applicant_state_from_string (const char *key, gboolean *ok);
const char  *sertel_applicant_state_display_name(SertelApplicantState state);
const char  *sertel_action_to_string            (SertelAction action);
SertelAction sertel_action_from_string          (const char *key, gboolean *ok);
gboolean     sertel_action_is_on_applicant      (SertelAction action); /* TRUE for mark_* */
const char  *sertel_action_display_name         (SertelAction action);
const char  *sertel_step_display_name           (SertelStep step);

/* The table itself, for views that list what can be done. */
const SertelTransition *sertel_workflow_transitions (guint *n_transitions);
const SertelTransition *sertel_workflow_lookup      (SertelAction action, int from);

/* Checks role, state and reason; the store calls this inside every change. */
gboolean     sertel_workflow_check             (SertelAction  action,
                                                int           from,
                                                SertelRole    role,
                                                const char   *reason,
                                                int          *out_to,
                                                GError      **error);
gboolean     sertel_workflow_can               (SertelAction action,
                                                int          from,
                                                SertelRole   role);

/* A request completes when every applicant is issued or rejected (and it has one). */
gboolean     sertel_workflow_all_applicants_done (const SertelApplicantState *states,
                                                  guint                       n_states);
/* The same test, as the store uses it before COMPLETE: FALSE with
 * SERTEL_WORKFLOW_ERROR_NOT_FINISHED and a sentence for the clerk. */
gboolean     sertel_workflow_check_finished    (const SertelApplicantState *states,
                                                guint                       n_states,
                                                GError                    **error);

/* SLA limits in seconds, per step; defaults 900, 900, 900, 86400. */
gint64       sertel_workflow_step_limit        (SertelStep step);
void         sertel_workflow_set_step_limit    (SertelStep step, gint64 seconds); /* 1 .. G_MAXINT */
void         sertel_workflow_reset_step_limits (void);
/* The step a request is in while in this state, or -1 when no office clock runs:
 * RECEIVED → SERTEL_STEP_DISPOSITION (SOP step 1), AT_KABID → SERTEL_STEP_KABID (2),
 * AT_KASI → SERTEL_STEP_VERIFICATION (3), AT_VERIFIKATOR → SERTEL_STEP_REGISTRATION (4).
 * The value is a SertelStep, i.e. an index into SertelSla's arrays. */
int          sertel_workflow_step_for_state    (SertelRequestState state);

/* One event in a request's history, oldest first; times are UNIX seconds. */
typedef struct {
  gint64   at;
  gboolean on_applicant;
  gint64   applicant_id;      /* when on_applicant */
  int      from;
  int      to;
} SertelWorkflowEvent;

typedef struct {
  gint64   elapsed[SERTEL_N_STEPS];  /* office seconds spent in each step, summed over rounds */
  gboolean overdue[SERTEL_N_STEPS];
  gboolean visited[SERTEL_N_STEPS];
  int      current_step;             /* -1 when the clock is paused or stopped */
} SertelSla;

/* Computes office time per step from the history up to @now. Step 4 runs from
 * reaching the Verifikator until no applicant is pending any more: after that
 * the case waits on BSrE or the applicant, which the office does not count;
 * a returned request waits on the OPD, also not counted.
 *
 * The clock starts at @received_at in @initial_state (normally RECEIVED).
 * @events are the request's and its applicants' transitions, oldest first;
 * only `to` is used (the state moves to it). Events after @now are ignored; an
 * event older than the one before it counts as simultaneous with it. Every one
 * of the @n_applicants applicants starts PENDING and is identified by the
 * applicant_id of its events; with no applicants step 4 runs until the request
 * leaves the Verifikator. Time in a step is summed over rounds (a returned and
 * resubmitted request runs steps 1–3 again). overdue[i] is elapsed[i] >
 * sertel_workflow_step_limit (i); visited[i] is TRUE once the request entered
 * the step; current_step is the step whose clock runs at @now, or -1. */
void         sertel_workflow_compute_sla       (SertelRequestState         initial_state,
                                                gint64                     received_at,
                                                const SertelWorkflowEvent *events,
                                                guint                      n_events,
                                                guint                      n_applicants,
                                                gint64                     now,
                                                SertelSla                 *out_sla);

/* Office seconds spent in @step (summed over rounds), and what is left of its
 * limit (negative when overdue). */
gint64       sertel_workflow_time_in_step      (const SertelSla *sla, SertelStep step);
gint64       sertel_workflow_time_left         (const SertelSla *sla, SertelStep step);

/* A duration for a clerk: "45 s", "12 min", "1 h 05 min", "2 d 3 h"; negative
 * durations get a leading "-". Free with g_free(). */
char        *sertel_format_duration            (gint64 seconds);

/* The instructions of a lembar disposisi, in print order. Keys are stored in
 * the register; the label is for the screen (translated), the letter label is
 * the fixed Indonesian wording printed on the official sheet. */
typedef struct {
  const char *key;
  const char *label;
  const char *letter_label;
} SertelInstruction;

const SertelInstruction *sertel_disposition_instructions       (guint *n_instructions);
const char * const      *sertel_disposition_instruction_keys   (void);   /* NULL-terminated */
const char              *sertel_disposition_instruction_label  (const char *key);   /* NULL when unknown */
const char              *sertel_disposition_instruction_letter_label (const char *key);

G_END_DECLS
