/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passwords for the mail server and the BSrE service. They live in the
 * desktop's secret service (libsecret) where one runs, otherwise in a file
 * only the user can read (mode 0600 under the user's config dir); never in
 * GSettings, the database or a log. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SERTEL_SECRET_ERROR (sertel_secret_error_quark ())

typedef enum
{
  SERTEL_SECRET_ERROR_INVALID,
  SERTEL_SECRET_ERROR_FAILED,
} SertelSecretError;

GQuark    sertel_secret_error_quark (void);

/* @key names the secret: lowercase letters, digits, '.', '-' and '_'
 * (e.g. "smtp-password", "bsre-password"). An empty or NULL @value clears it. */
gboolean  sertel_secret_store       (const char  *key,
                                     const char  *value,
                                     GError     **error);
/* The stored value, or NULL with no error when nothing is stored. */
char     *sertel_secret_lookup      (const char  *key,
                                     GError     **error);
gboolean  sertel_secret_clear       (const char  *key,
                                     GError     **error);
/* The same off the calling thread (the secret service may block on D-Bus);
 * @source becomes the GTask's source object, as the callback expects. */
void      sertel_secret_store_async     (const char          *key,
                                         const char          *value,
                                         gpointer             source,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sertel_secret_store_finish    (GAsyncResult        *result,
                                         GError             **error);
/* Whether a non-empty value is stored; never hands the value out. */
void      sertel_secret_is_stored_async (const char          *key,
                                         gpointer             source,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  sertel_secret_is_stored_finish (GAsyncResult       *result);
/* "secret service" or "file": where secrets go on this machine. */
const char *sertel_secret_backend_name (void);

G_END_DECLS
