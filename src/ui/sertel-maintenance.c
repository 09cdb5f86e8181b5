/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See sertel-maintenance.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-maintenance.h"
#include "sertel-store-lifecycle.h"

/* How often the running app looks whether a day has passed since the last
 * backup (a desk left on overnight makes one the next day). */
#define CHECK_SECONDS (30 * 60)

struct _SertelMaintenance
{
  GObject       parent_instance;

  SertelStore  *store;
  GSettings    *settings;
  GCancellable *cancellable;
  guint         timer;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (SertelMaintenance, sertel_maintenance, G_TYPE_OBJECT)

typedef struct {
  SertelStore *store;
  GSettings   *settings;
  guint        purge_years;   /* 0: no retention run */
  gboolean     backup;
  gboolean     force;
  char        *folder;
  guint        keep_days;
  char        *written;
  GError      *backup_error;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->settings);
  g_free (job->folder);
  g_free (job->written);
  g_clear_error (&job->backup_error);
  g_free (job);
}

/* Reads what the job needs from the settings on the calling (main) thread. */
static Job *
job_new (SertelStore *store, GSettings *settings, gboolean purge, gboolean backup, gboolean force)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (store);
  job->settings = g_object_ref (settings);
  job->purge_years = purge ? g_settings_get_uint (settings, "retention-years") : 0;
  job->backup = force || (backup && g_settings_get_boolean (settings, "backup-enabled"));
  job->force = force;
  job->folder = g_settings_get_string (settings, "backup-folder");
  job->keep_days = g_settings_get_uint (settings, "backup-keep-days");
  return job;
}

static void
job_thread (GTask        *task,
            gpointer      source_object G_GNUC_UNUSED,
            gpointer      task_data,
            GCancellable *cancellable G_GNUC_UNUSED)
{
  Job *job = task_data;

  if (job->purge_years > 0)
    {
      g_autoptr(GError) error = NULL;
      SertelPurgeReport report = { 0 };

      if (!sertel_store_purge_expired (job->store, job->purge_years, FALSE, &report, &error))
        g_message ("The retention rule could not be applied: %s", error->message);
      else if (report.request_ids->len > 0)
        g_message ("Retention rule: the scans of %u cases completed more than %u years ago were removed",
                   report.request_ids->len, job->purge_years);
      sertel_purge_report_clear (&report);
    }
  if (job->backup)
    sertel_store_scheduled_backup (job->store, job->folder, job->keep_days, job->force,
                                   &job->written, NULL, &job->backup_error);
  g_task_return_boolean (task, TRUE);
}

/* On the main thread: the outcome goes to the settings Preferences shows. */
static void
record (Job *job)
{
  if (!job->backup)
    return;
  if (job->backup_error != NULL)
    {
      g_message ("The automatic backup failed: %s", job->backup_error->message);
      g_settings_set_string (job->settings, "backup-last-error", job->backup_error->message);
    }
  else if (job->written != NULL)
    {
      g_settings_delay (job->settings);
      g_settings_set_int64 (job->settings, "backup-last-time", sertel_store_now (job->store));
      g_settings_set_string (job->settings, "backup-last-error", "");
      g_settings_apply (job->settings);
    }
}

void
sertel_maintenance_backup_async (SertelStore         *store,
                                 GSettings           *settings,
                                 gboolean             force,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (SERTEL_IS_STORE (store));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_task_set_source_tag (task, sertel_maintenance_backup_async);
  g_task_set_task_data (task, job_new (store, settings, FALSE, TRUE, force), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

char *
sertel_maintenance_backup_finish (GAsyncResult *result, GError **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  record (job);
  if (job->backup_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->backup_error));
      return NULL;
    }
  return g_steal_pointer (&job->written);
}

/* ------------------------------------------------------------------------ */

static void
run_done (GObject *object, GAsyncResult *result, gpointer user_data G_GNUC_UNUSED)
{
  SertelMaintenance *self = SERTEL_MAINTENANCE (object);
  Job *job = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  record (job);
}

static void
run (SertelMaintenance *self, gboolean purge)
{
  g_autoptr(GTask) task = NULL;

  if (self->busy)
    return;
  self->busy = TRUE;
  task = g_task_new (self, self->cancellable, run_done, NULL);
  g_task_set_source_tag (task, run);
  g_task_set_task_data (task, job_new (self->store, self->settings, purge, TRUE, FALSE), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static gboolean
tick (gpointer user_data)
{
  run (SERTEL_MAINTENANCE (user_data), FALSE);
  return G_SOURCE_CONTINUE;
}

void
sertel_maintenance_start (SertelMaintenance *self)
{
  g_return_if_fail (SERTEL_IS_MAINTENANCE (self));

  run (self, TRUE);
  if (self->timer == 0)
    self->timer = g_timeout_add_seconds (CHECK_SECONDS, tick, self);
}

SertelMaintenance *
sertel_maintenance_new (SertelStore *store, GSettings *settings)
{
  SertelMaintenance *self;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);

  self = g_object_new (SERTEL_TYPE_MAINTENANCE, NULL);
  self->store = g_object_ref (store);
  self->settings = settings ? g_object_ref (settings) : g_settings_new (APP_ID);
  return self;
}

static void
sertel_maintenance_dispose (GObject *object)
{
  SertelMaintenance *self = SERTEL_MAINTENANCE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);

  G_OBJECT_CLASS (sertel_maintenance_parent_class)->dispose (object);
}

static void
sertel_maintenance_finalize (GObject *object)
{
  SertelMaintenance *self = SERTEL_MAINTENANCE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sertel_maintenance_parent_class)->finalize (object);
}

static void
sertel_maintenance_class_init (SertelMaintenanceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sertel_maintenance_dispose;
  G_OBJECT_CLASS (klass)->finalize = sertel_maintenance_finalize;
}

static void
sertel_maintenance_init (SertelMaintenance *self)
{
  self->cancellable = g_cancellable_new ();
}
