/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BSrE status → applicant states, through the workflow. See sertel-bsre-sync.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-bsre-sync.h"

void
sertel_bsre_sync_summary_free (SertelBsreSyncSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->lines, g_ptr_array_unref);
  g_clear_error (&summary->stopped);
  g_free (summary);
}

char *
sertel_bsre_sync_summary_to_string (const SertelBsreSyncSummary *summary)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (summary != NULL, NULL);

  g_string_append_printf (text, _("BSrE: %u checked"), summary->checked);
  if (summary->issued)
    g_string_append_printf (text, _(", %u issued"), summary->issued);
  if (summary->registered)
    g_string_append_printf (text, _(", %u registered"), summary->registered);
  if (summary->rejected)
    g_string_append_printf (text, _(", %u rejected"), summary->rejected);
  if (summary->unchanged)
    g_string_append_printf (text, _(", %u unchanged"), summary->unchanged);
  if (summary->attention)
    g_string_append_printf (text, _(", %u to look at"), summary->attention);
  if (summary->failed)
    g_string_append_printf (text, _(", %u failed"), summary->failed);
  g_string_append (text, ".");
  if (summary->stopped)
    g_string_append_printf (text, " %s", summary->stopped->message);
  return g_string_free (text, FALSE);
}

/* Errors about one NIK's answer; every other error means the service as a
 * whole cannot be used now, so asking about the next person is pointless. */
static gboolean
error_is_per_applicant (const GError *error)
{
  return g_error_matches (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER)
      || g_error_matches (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER);
}

static gboolean
under_way (SertelApplicantState state)
{
  return state == SERTEL_APPLICANT_PENDING
      || state == SERTEL_APPLICANT_REGISTERED
      || state == SERTEL_APPLICANT_VERIFIED;
}

/* One workflow move with the applicant's current version; the note says
 * where the decision came from, for the audit and the history. */
static gboolean
move (SertelStore       *store,
      SertelStaff       *actor,
      gint64             applicant_id,
      SertelAction       action,
      const char        *note,
      GError           **error)
{
  g_autoptr(SertelApplicant) fresh = sertel_store_get_applicant (store, applicant_id, error);

  if (fresh == NULL)
    return FALSE;
  return sertel_store_move_applicant (store, actor, applicant_id, sertel_applicant_get_version (fresh),
                                      action, note, error);
}

static void
add_line (SertelBsreSyncSummary *summary,
          SertelApplicant       *applicant,
          const char            *text)
{
  g_ptr_array_add (summary->lines,
                   g_strdup_printf ("%s (NIK %s): %s", sertel_applicant_get_name (applicant),
                                    sertel_applicant_get_nik (applicant), text));
}

/* Applies one answer to one applicant, reading its state afresh (a clerk may
 * have moved it while the network was busy). */
static void
apply_status (SertelStore            *store,
              SertelStaff            *actor,
              SertelApplicant        *listed,
              const SertelBsreStatus *status,
              SertelBsreSyncSummary  *summary)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelApplicant) applicant = NULL;
  g_autofree char *note = NULL;
  gint64 id = sertel_applicant_get_id (listed);
  const SertelBsreStatusMapping *m = status->mapping;
  SertelApplicantState state;
  gboolean ok = TRUE;

  if (m == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("BSrE answered “%s”, a status Sertel does not know; nothing was changed."),
                                               status->status);
      summary->attention++;
      add_line (summary, listed, text);
      return;
    }

  applicant = sertel_store_get_applicant (store, id, &error);
  if (applicant == NULL)
    {
      summary->failed++;
      add_line (summary, listed, error->message);
      return;
    }
  state = sertel_applicant_get_state (applicant);
  note = g_strdup_printf ("BSrE: %s", status->status);

  switch (m->effect)
    {
    case SERTEL_BSRE_EFFECT_NONE:
      summary->unchanged++;
      return;

    case SERTEL_BSRE_EFFECT_ATTENTION:
      {
        g_autofree char *text = g_strdup_printf (_("%s (%s) Nothing was changed; decide and record it yourself."),
                                                 _(m->meaning), status->status);
        summary->attention++;
        add_line (summary, applicant, text);
        return;
      }

    case SERTEL_BSRE_EFFECT_REGISTERED:
      if (state != SERTEL_APPLICANT_PENDING)
        {
          summary->unchanged++;   /* never backwards */
          return;
        }
      ok = move (store, actor, id, SERTEL_ACTION_MARK_REGISTERED, note, &error);
      if (ok)
        summary->registered++;
      break;

    case SERTEL_BSRE_EFFECT_ISSUED:
      if (!under_way (state))
        {
          summary->unchanged++;
          return;
        }
      /* The workflow has no pending → issued step: record the registration
       * first, as a clerk would, then the certificate. */
      if (state == SERTEL_APPLICANT_PENDING)
        ok = move (store, actor, id, SERTEL_ACTION_MARK_REGISTERED, note, &error);
      if (ok)
        ok = move (store, actor, id, SERTEL_ACTION_MARK_ISSUED, note, &error);
      if (ok)
        summary->issued++;
      break;

    case SERTEL_BSRE_EFFECT_REJECTED:
      {
        g_autofree char *reason = NULL;

        if (!under_way (state))
          {
            summary->unchanged++;
            return;
          }
        reason = g_strdup_printf ("BSrE: %s — %s", status->status, _(m->meaning));
        ok = move (store, actor, id, SERTEL_ACTION_MARK_REJECTED, reason, &error);
        if (ok)
          summary->rejected++;
        break;
      }

    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      SertelApplicantState to = m->effect == SERTEL_BSRE_EFFECT_ISSUED ? SERTEL_APPLICANT_ISSUED
                              : m->effect == SERTEL_BSRE_EFFECT_REJECTED ? SERTEL_APPLICANT_REJECTED
                              : SERTEL_APPLICANT_REGISTERED;
      g_autofree char *text = g_strdup_printf (_("now “%s” (BSrE: %s)."),
                                               sertel_applicant_state_display_name (to), status->status);
      add_line (summary, applicant, text);
    }
  else
    {
      summary->failed++;
      add_line (summary, applicant, error->message);
    }
}

static GPtrArray *
requests_to_check (SertelStore *store, gint64 request_id, GError **error)
{
  GPtrArray *requests;

  if (request_id > 0)
    {
      SertelRequest *request = sertel_store_get_request (store, request_id, error);

      if (request == NULL)
        return NULL;
      requests = g_ptr_array_new_with_free_func (g_object_unref);
      if (sertel_request_get_state (request) == SERTEL_REQUEST_AT_VERIFIKATOR)
        g_ptr_array_add (requests, request);
      else
        g_object_unref (request);
      return requests;
    }

  requests = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint offset = 0;; offset += 200)
    {
      g_autoptr(GPtrArray) page = sertel_store_list_requests (store, SERTEL_REQUEST_AT_VERIFIKATOR, offset, 200, error);

      if (page == NULL)
        {
          g_ptr_array_unref (requests);
          return NULL;
        }
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (requests, g_object_ref (g_ptr_array_index (page, i)));
      if (page->len < 200)
        break;
    }
  return requests;
}

SertelBsreSyncSummary *
sertel_bsre_sync_run (SertelStore       *store,
                      SertelStaff       *actor,
                      SertelBsreClient  *client,
                      gint64             request_id,
                      GCancellable      *cancellable,
                      GError           **error)
{
  g_autoptr(SertelBsreSyncSummary) summary = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);
  g_return_val_if_fail (SERTEL_IS_STAFF (actor), NULL);
  g_return_val_if_fail (SERTEL_IS_BSRE_CLIENT (client), NULL);

  /* Refuse before asking BSrE anything we could not record. */
  if (!sertel_workflow_can (SERTEL_ACTION_MARK_ISSUED, SERTEL_APPLICANT_REGISTERED, sertel_staff_get_role (actor)))
    {
      g_set_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE,
                   _("Only a Verifikator may record BSrE's answers; you are signed in as %s."),
                   sertel_role_display_name (sertel_staff_get_role (actor)));
      return NULL;
    }

  requests = requests_to_check (store, request_id, error);
  if (requests == NULL)
    return NULL;

  summary = g_new0 (SertelBsreSyncSummary, 1);
  summary->lines = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < requests->len && summary->stopped == NULL; r++)
    {
      SertelRequest *request = g_ptr_array_index (requests, r);
      g_autoptr(GPtrArray) applicants = sertel_store_list_applicants (store, sertel_request_get_id (request), error);

      if (applicants == NULL)
        return NULL;
      for (guint i = 0; i < applicants->len; i++)
        {
          SertelApplicant *applicant = g_ptr_array_index (applicants, i);
          g_autoptr(SertelBsreStatus) status = NULL;
          g_autoptr(GError) local_error = NULL;

          if (!under_way (sertel_applicant_get_state (applicant)))
            continue;
          if (g_cancellable_set_error_if_cancelled (cancellable, &summary->stopped))
            break;

          status = sertel_bsre_client_check_status (client, sertel_applicant_get_nik (applicant),
                                                    cancellable, &local_error);
          if (status == NULL)
            {
              if (error_is_per_applicant (local_error))
                {
                  summary->checked++;
                  summary->failed++;
                  add_line (summary, applicant, local_error->message);
                  continue;
                }
              summary->stopped = g_steal_pointer (&local_error);
              break;
            }
          summary->checked++;
          apply_status (store, actor, applicant, status, summary);
        }
    }
  return g_steal_pointer (&summary);
}

typedef struct {
  SertelStore      *store;
  SertelStaff      *actor;
  SertelBsreClient *client;
  gboolean          needs_password;  /* made from settings: look the password up on the worker */
  gint64            request_id;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_clear_object (&data->client);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  g_autoptr(SertelBsreClient) client = data->client ? g_object_ref (data->client) : NULL;
  SertelBsreSyncSummary *summary = NULL;

  /* The password look-up may talk to a secret service: here, not on the main thread. */
  if (data->needs_password && !sertel_bsre_client_load_password (client, &error))
    g_clear_object (&client);
  if (client)
    summary = sertel_bsre_sync_run (data->store, data->actor, client, data->request_id, cancellable, &error);

  if (summary)
    g_task_return_pointer (task, summary, (GDestroyNotify) sertel_bsre_sync_summary_free);
  else
    g_task_return_error (task, error);
}

static void
start_run (SertelStore         *store,
           SertelStaff         *actor,
           SertelBsreClient    *client,
           GSettings           *settings,
           gint64               request_id,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  data = g_new0 (RunData, 1);
  data->store = g_object_ref (store);
  data->actor = g_object_ref (actor);
  /* GSettings is read here, on the caller's thread, which owns it. */
  if (client)
    data->client = g_object_ref (client);
  else
    {
      data->client = sertel_bsre_client_new_from_settings_without_password (settings);
      data->needs_password = TRUE;
    }
  data->request_id = request_id;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sertel_bsre_sync_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  /* A cancelled run still reports what it changed before it stopped. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

void
sertel_bsre_sync_run_async (SertelStore         *store,
                            SertelStaff         *actor,
                            SertelBsreClient    *client,
                            gint64               request_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (SERTEL_IS_STORE (store));
  g_return_if_fail (SERTEL_IS_STAFF (actor));
  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (client));
  start_run (store, actor, client, NULL, request_id, cancellable, callback, user_data);
}

void
sertel_bsre_sync_run_for_settings_async (SertelStore         *store,
                                         SertelStaff         *actor,
                                         GSettings           *settings,
                                         gint64               request_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (SERTEL_IS_STORE (store));
  g_return_if_fail (SERTEL_IS_STAFF (actor));
  g_return_if_fail (G_IS_SETTINGS (settings));
  start_run (store, actor, NULL, settings, request_id, cancellable, callback, user_data);
}

SertelBsreSyncSummary *
sertel_bsre_sync_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sertel_bsre_sync_run_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The timed poll */

struct _SertelBsrePoller
{
  GObject parent_instance;

  SertelStore      *store;
  SertelStaff      *actor;
  SertelBsreClient *client;         /* NULL: from @settings for each run */
  GSettings        *settings;
  guint             interval;       /* seconds; 0 = off */
  guint             timeout_id;
  GCancellable     *running;        /* non-NULL while a run is in progress */
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SertelBsrePoller, sertel_bsre_poller, G_TYPE_OBJECT)

static void
sertel_bsre_poller_dispose (GObject *object)
{
  SertelBsrePoller *self = SERTEL_BSRE_POLLER (object);

  sertel_bsre_poller_stop (self);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sertel_bsre_poller_parent_class)->dispose (object);
}

static void
sertel_bsre_poller_class_init (SertelBsrePollerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sertel_bsre_poller_dispose;

  /**
   * SertelBsrePoller::finished:
   * @summary: (nullable): the run's SertelBsreSyncSummary, or NULL
   * @error: (nullable): the GError when the run could not be made
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                           G_TYPE_POINTER, G_TYPE_POINTER);
}

static void
sertel_bsre_poller_init (SertelBsrePoller *self)
{
}

SertelBsrePoller *
sertel_bsre_poller_new (SertelStore      *store,
                        SertelStaff      *actor,
                        SertelBsreClient *client)
{
  SertelBsrePoller *self;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);
  g_return_val_if_fail (SERTEL_IS_STAFF (actor), NULL);
  g_return_val_if_fail (SERTEL_IS_BSRE_CLIENT (client), NULL);

  self = g_object_new (SERTEL_TYPE_BSRE_POLLER, NULL);
  self->store = g_object_ref (store);
  self->actor = g_object_ref (actor);
  self->client = g_object_ref (client);
  return self;
}

static void
poll_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SertelBsrePoller) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelBsreSyncSummary) summary = sertel_bsre_sync_run_finish (result, &error);

  g_clear_object (&self->running);
  if (summary)
    {
      g_autofree char *text = sertel_bsre_sync_summary_to_string (summary);
      g_debug ("%s", text);
    }
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, summary, error);
}

gboolean
sertel_bsre_poller_run_now (SertelBsrePoller *self)
{
  g_return_val_if_fail (SERTEL_IS_BSRE_POLLER (self), FALSE);

  if (self->running)
    return FALSE;
  self->running = g_cancellable_new ();
  start_run (self->store, self->actor, self->client, self->settings, 0, self->running,
             poll_done, g_object_ref (self));
  return TRUE;
}

static gboolean
on_tick (gpointer user_data)
{
  SertelBsrePoller *self = user_data;

  /* A run still going (slow network) is left to finish: one at a time. */
  sertel_bsre_poller_run_now (self);
  return G_SOURCE_CONTINUE;
}

void
sertel_bsre_poller_set_interval (SertelBsrePoller *self,
                                 guint             seconds)
{
  g_return_if_fail (SERTEL_IS_BSRE_POLLER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->interval = seconds;
  if (seconds > 0)
    self->timeout_id = g_timeout_add_seconds (seconds, on_tick, self);
}

static void
on_poll_minutes_changed (GSettings *settings, const char *key, gpointer user_data)
{
  sertel_bsre_poller_set_interval (user_data, 60 * g_settings_get_uint (settings, "bsre-poll-minutes"));
}

SertelBsrePoller *
sertel_bsre_poller_new_for_settings (SertelStore *store,
                                     SertelStaff *actor,
                                     GSettings   *settings)
{
  SertelBsrePoller *self;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);
  g_return_val_if_fail (SERTEL_IS_STAFF (actor), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SERTEL_TYPE_BSRE_POLLER, NULL);
  self->store = g_object_ref (store);
  self->actor = g_object_ref (actor);
  self->settings = g_object_ref (settings);
  g_signal_connect (settings, "changed::bsre-poll-minutes", G_CALLBACK (on_poll_minutes_changed), self);
  on_poll_minutes_changed (settings, "bsre-poll-minutes", self);
  return self;
}

guint
sertel_bsre_poller_get_interval (SertelBsrePoller *self)
{
  g_return_val_if_fail (SERTEL_IS_BSRE_POLLER (self), 0);
  return self->interval;
}

void
sertel_bsre_poller_stop (SertelBsrePoller *self)
{
  g_return_if_fail (SERTEL_IS_BSRE_POLLER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->interval = 0;
  if (self->running)
    g_cancellable_cancel (self->running);
}
