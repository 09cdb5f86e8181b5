/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sertel-password.h"
#include "sertel-secrets.h"

G_DEFINE_QUARK (sertel-secret-error-quark, sertel_secret_error)

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "id.go.malutprov.Sertel.Secret", SECRET_SCHEMA_NONE,
    {
      { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };
  return &schema;
}

/* Whether a session bus can be reached at all. Without this check libsecret
 * may try to autolaunch a bus (dbus-launch) and wait; with
 * DBUS_SESSION_BUS_ADDRESS=disabled: (tests, servers) it must not even try. */
static gboolean
have_session_bus (void)
{
  static gsize once = 0;
  static gboolean have = FALSE;

  if (g_once_init_enter (&once))
    {
      const char *addr = g_getenv ("DBUS_SESSION_BUS_ADDRESS");

      if (addr != NULL && *addr != '\0')
        have = !g_str_has_prefix (addr, "disabled:");
      else
        {
          /* No address: only the systemd user bus socket counts. */
          g_autofree char *sock = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
          have = g_file_test (sock, G_FILE_TEST_EXISTS) && !g_file_test (sock, G_FILE_TEST_IS_REGULAR);
        }
      g_once_init_leave (&once, 1);
    }
  return have;
}

/* Set once the secret service failed, so we do not wait on it again. */
static gint service_failed = 0;

static gboolean
service_usable (void)
{
  return have_session_bus () && !g_atomic_int_get (&service_failed);
}

static void
service_broken (const GError *error)
{
  /* The message is libsecret's (no secret in it). */
  g_debug ("Secret service unavailable, using the private file: %s", error ? error->message : "");
  g_atomic_int_set (&service_failed, 1);
}

static gboolean
check_key (const char *key, GError **error)
{
  if (key == NULL || *key == '\0')
    goto bad;
  for (const char *p = key; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '_'))
      goto bad;
  if (key[0] == '.')
    goto bad;
  return TRUE;

bad:
  g_set_error (error, SERTEL_SECRET_ERROR, SERTEL_SECRET_ERROR_INVALID,
               _("“%s” is not a valid name for a stored password."), key ? key : "");
  return FALSE;
}

static char *
secret_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "sertel", "secrets", NULL);
}

static char *
secret_file (const char *key)
{
  g_autofree char *dir = secret_dir ();
  return g_build_filename (dir, key, NULL);
}

static gboolean
file_store (const char *key, const char *value, GError **error)
{
  g_autofree char *dir = secret_dir ();
  g_autofree char *path = secret_file (key);
  g_autoptr(GError) local = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, SERTEL_SECRET_ERROR, SERTEL_SECRET_ERROR_FAILED,
                   _("The password could not be saved: %s."), g_strerror (saved));
      return FALSE;
    }
  /* An existing directory might have wider rights; narrow them. */
  g_chmod (dir, 0700);
  if (!g_file_set_contents_full (path, value, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &local))
    {
      g_set_error (error, SERTEL_SECRET_ERROR, SERTEL_SECRET_ERROR_FAILED,
                   _("The password could not be saved: %s."), local->message);
      return FALSE;
    }
  return TRUE;
}

static char *
file_lookup (const char *key, GError **error)
{
  g_autofree char *path = secret_file (key);
  g_autoptr(GError) local = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, SERTEL_SECRET_ERROR, SERTEL_SECRET_ERROR_FAILED,
                   _("The stored password could not be read: %s."), local->message);
      return NULL;
    }
  return contents;
}

static gboolean
file_clear (const char *key, GError **error)
{
  g_autofree char *path = secret_file (key);

  if (g_remove (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, SERTEL_SECRET_ERROR, SERTEL_SECRET_ERROR_FAILED,
                   _("The stored password could not be removed: %s."), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
sertel_secret_store (const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (value == NULL || *value == '\0')
    return sertel_secret_clear (key, error);

  if (service_usable ())
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *label = g_strdup_printf ("Sertel: %s", key);

      if (secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, value,
                                      NULL, &local, "key", key, NULL))
        {
          /* Do not leave an older copy in the file behind. */
          return file_clear (key, error);
        }
      service_broken (local);
    }
  return file_store (key, value, error);
}

char *
sertel_secret_lookup (const char  *key,
                      GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_key (key, error))
    return NULL;

  if (service_usable ())
    {
      g_autoptr(GError) local = NULL;
      char *value = secret_password_lookup_sync (get_schema (), NULL, &local, "key", key, NULL);

      if (value != NULL)
        {
          /* Hand out plain memory the caller frees with g_free. */
          char *copy = g_strdup (value);
          secret_password_free (value);
          return copy;
        }
      if (local != NULL)
        service_broken (local);
    }
  return file_lookup (key, error);
}

gboolean
sertel_secret_clear (const char  *key,
                     GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_key (key, error))
    return FALSE;
  if (service_usable ())
    {
      g_autoptr(GError) local = NULL;

      secret_password_clear_sync (get_schema (), NULL, &local, "key", key, NULL);
      if (local != NULL)
        service_broken (local);
    }
  return file_clear (key, error);
}

const char *
sertel_secret_backend_name (void)
{
  return service_usable () ? "secret service" : "file";
}

/* The same, off the calling thread: a secret service answers over D-Bus and
 * may block; a preferences page must not. @source is the GTask's source
 * object (the page), so its callback sees it as usual. */
typedef struct {
  char *key;
  char *value;
} SecretJob;

static void
secret_job_free (gpointer data)
{
  SecretJob *job = data;

  sertel_password_clear_free (job->value);
  g_free (job->key);
  g_free (job);
}

static void
store_thread (GTask *task, gpointer source G_GNUC_UNUSED, gpointer task_data, GCancellable *cancellable G_GNUC_UNUSED)
{
  SecretJob *job = task_data;
  GError *error = NULL;

  if (sertel_secret_store (job->key, job->value, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
is_stored_thread (GTask *task, gpointer source G_GNUC_UNUSED, gpointer task_data, GCancellable *cancellable G_GNUC_UNUSED)
{
  SecretJob *job = task_data;
  g_autofree char *value = sertel_secret_lookup (job->key, NULL);

  g_task_return_boolean (task, value != NULL && *value != '\0');
  if (value)
    memset (value, 0, strlen (value));
}

static void
run_job (gpointer source, const char *key, const char *value, gpointer tag, GTaskThreadFunc func,
         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (source, NULL, callback, user_data);
  SecretJob *job = g_new0 (SecretJob, 1);

  job->key = g_strdup (key);
  job->value = g_strdup (value);
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, secret_job_free);
  g_task_run_in_thread (task, func);
}

void
sertel_secret_store_async (const char *key, const char *value, gpointer source,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  run_job (source, key, value, sertel_secret_store_async, store_thread, callback, user_data);
}

gboolean
sertel_secret_store_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sertel_secret_is_stored_async (const char *key, gpointer source, GAsyncReadyCallback callback, gpointer user_data)
{
  run_job (source, key, NULL, sertel_secret_is_stored_async, is_stored_thread, callback, user_data);
}

gboolean
sertel_secret_is_stored_finish (GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}
