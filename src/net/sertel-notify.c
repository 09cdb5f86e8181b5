/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-mail.h"
#include "sertel-notify.h"
#include "sertel-store-letters.h"
#include "sertel-store-outbox.h"

gboolean
sertel_notify_queue (SertelStore    *store,
                     SertelStaff    *actor,
                     SertelMailKind  kind,
                     gint64          request_id,
                     gint64          applicant_id,
                     const char     *reason,
                     guint          *out_n_queued,
                     GError        **error)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GBytes) letter = NULL;
  g_autofree char *letter_name = NULL;
  guint n = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (store), FALSE);
  if (out_n_queued)
    *out_n_queued = 0;

  settings = sertel_mail_settings_new (error);
  if (settings == NULL)
    return FALSE;
  request = sertel_store_get_request (store, request_id, error);
  if (request == NULL)
    return FALSE;
  applicants = sertel_store_list_applicants (store, request_id, error);
  if (applicants == NULL)
    return FALSE;

  if (kind == SERTEL_MAIL_RECOMMENDED)
    {
      const char *number = sertel_request_get_recommendation_number (request);

      letter = sertel_store_get_letter (store, request_id, "rekomendasi", error);
      if (letter == NULL)
        return FALSE;
      letter_name = g_strdup_printf ("Surat Rekomendasi %s.pdf", number ? number : "");
      /* A file name has no slashes; the number has several. */
      g_strdelimit (letter_name, "/\\", '-');
    }

  for (guint i = 0; i < applicants->len; i++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, i);
      g_autofree char *subject = NULL;
      g_autofree char *body = NULL;
      const char *email = sertel_applicant_get_email (a);
      const char *why = reason;

      if (applicant_id > 0 && sertel_applicant_get_id (a) != applicant_id)
        continue;
      if (email == NULL || *email == '\0')
        continue;
      if (why == NULL)
        why = kind == SERTEL_MAIL_RETURNED ? sertel_request_get_return_reason (request)
                                           : sertel_applicant_get_state_reason (a);

      sertel_mail_template_render_kind (settings, kind, request, a, why, &subject, &body);
      if (sertel_store_outbox_queue (store, actor, sertel_mail_kind_to_string (kind), request_id,
                                     sertel_applicant_get_id (a), email, NULL, subject, body,
                                     letter, letter_name, error) == 0)
        return FALSE;
      n++;
    }
  if (out_n_queued)
    *out_n_queued = n;
  return TRUE;
}

gboolean
sertel_notify_queue_for_transition (SertelStore   *store,
                                    SertelStaff   *actor,
                                    gint64         request_id,
                                    gint64         applicant_id,
                                    SertelAction   action,
                                    guint         *out_n_queued,
                                    GError       **error)
{
  if (out_n_queued)
    *out_n_queued = 0;
  if (request_id <= 0 && applicant_id > 0)
    {
      /* Applicant steps know the applicant; the request follows from it. */
      g_autoptr(SertelApplicant) applicant = sertel_store_get_applicant (store, applicant_id, error);
      if (applicant == NULL)
        return FALSE;
      request_id = sertel_applicant_get_request_id (applicant);
    }
  switch (action)
    {
    case SERTEL_ACTION_RETURN:
      return sertel_notify_queue (store, actor, SERTEL_MAIL_RETURNED, request_id, 0, NULL, out_n_queued, error);
    case SERTEL_ACTION_MARK_ISSUED:
      g_return_val_if_fail (applicant_id > 0, FALSE);
      return sertel_notify_queue (store, actor, SERTEL_MAIL_ISSUED, request_id, applicant_id, NULL,
                                  out_n_queued, error);
    case SERTEL_ACTION_MARK_REJECTED:
      g_return_val_if_fail (applicant_id > 0, FALSE);
      return sertel_notify_queue (store, actor, SERTEL_MAIL_REJECTED, request_id, applicant_id, NULL,
                                  out_n_queued, error);
    case SERTEL_ACTION_DISPOSE:
    case SERTEL_ACTION_FORWARD:
    case SERTEL_ACTION_ASSIGN:
    case SERTEL_ACTION_RESUBMIT:
    case SERTEL_ACTION_COMPLETE:
    case SERTEL_ACTION_MARK_REGISTERED:
    case SERTEL_ACTION_MARK_VERIFIED:
    default:
      /* Internal steps: the applicant hears nothing. */
      return TRUE;
    }
}

/* ---- the e-mail check ---- */

typedef struct
{
  SertelStore *store;
  SertelStaff *actor;
  gint64       applicant_id;
  gboolean     accepted;
  char        *message;
} CheckData;

static void
check_data_free (CheckData *d)
{
  g_clear_object (&d->store);
  g_clear_object (&d->actor);
  g_free (d->message);
  g_free (d);
}

static void
check_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CheckData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SertelMailConfig) config = NULL;
  g_autoptr(SertelApplicant) applicant = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  const char *email;

  applicant = sertel_store_get_applicant (d->store, d->applicant_id, &error);
  if (applicant == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  email = sertel_applicant_get_email (applicant);
  if (email == NULL || *email == '\0')
    return g_task_return_new_error (task, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_INVALID,
                                    _("This applicant has no e-mail address to check."));
  request = sertel_store_get_request (d->store, sertel_applicant_get_request_id (applicant), NULL);

  settings = sertel_mail_settings_new (&error);
  if (settings == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));
  config = sertel_mail_config_new_from_settings (settings, &error);
  if (config == NULL)
    return g_task_return_error (task, g_steal_pointer (&error));

  sertel_mail_template_render_kind (settings, SERTEL_MAIL_EMAIL_CHECK, request, applicant, NULL, &subject, &body);
  if (!sertel_mail_probe_address (config, email, subject, body, cancellable, &d->accepted, &d->message, &error) ||
      !sertel_store_record_email_check (d->store, d->actor, d->applicant_id, email, d->accepted, d->message, &error))
    return g_task_return_error (task, g_steal_pointer (&error));
  g_task_return_boolean (task, TRUE);
}

void
sertel_notify_check_email_async (SertelStore         *store,
                                 SertelStaff         *actor,
                                 gint64               applicant_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *d;

  g_return_if_fail (SERTEL_IS_STORE (store));
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, sertel_notify_check_email_async);
  d = g_new0 (CheckData, 1);
  d->store = g_object_ref (store);
  d->actor = actor ? g_object_ref (actor) : NULL;
  d->applicant_id = applicant_id;
  g_task_set_task_data (task, d, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
sertel_notify_check_email_finish (GAsyncResult  *result,
                                  gboolean      *out_accepted,
                                  char         **out_message,
                                  GError       **error)
{
  CheckData *d;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sertel_notify_check_email_async, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  if (out_accepted)
    *out_accepted = d->accepted;
  if (out_message)
    *out_message = g_strdup (d->message);
  return TRUE;
}
