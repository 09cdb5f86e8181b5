/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sertel-password.h"

G_DEFINE_QUARK (sertel-password-error-quark, sertel_password_error)

static gboolean
ensure_sodium (void)
{
  static gsize initialized = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialized))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialized, 1);
    }
  return ok;
}

char *
sertel_password_hash (const char *password, GError **error)
{
  char out[crypto_pwhash_STRBYTES];
  glong n_chars;

  g_return_val_if_fail (password != NULL, NULL);

  n_chars = g_utf8_validate (password, -1, NULL) ? g_utf8_strlen (password, -1) : (glong) strlen (password);
  if (n_chars < SERTEL_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_SHORT,
                   _("The password must have at least %d characters."), SERTEL_PASSWORD_MIN_LENGTH);
      return NULL;
    }
  if (strlen (password) > SERTEL_PASSWORD_MAX_LENGTH)
    {
      g_set_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_LONG,
                   _("The password may have at most %d characters."), SERTEL_PASSWORD_MAX_LENGTH);
      return NULL;
    }

  if (!ensure_sodium () ||
      crypto_pwhash_str (out, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_FAILED,
                   _("The password could not be stored because the computer is out of memory."));
      return NULL;
    }

  return g_strdup (out);
}

gboolean
sertel_password_verify (const char *hash, const char *password)
{
  if (hash == NULL || password == NULL || !ensure_sodium ())
    return FALSE;
  if (strlen (hash) >= crypto_pwhash_STRBYTES)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

void
sertel_password_clear_free (char *password)
{
  if (password == NULL)
    return;
  sodium_memzero (password, strlen (password));
  g_free (password);
}
