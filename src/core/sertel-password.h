/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SERTEL_PASSWORD_ERROR (sertel_password_error_quark ())

typedef enum {
  SERTEL_PASSWORD_ERROR_TOO_SHORT,
  SERTEL_PASSWORD_ERROR_TOO_LONG,
  SERTEL_PASSWORD_ERROR_FAILED,
} SertelPasswordError;

#define SERTEL_PASSWORD_MIN_LENGTH 8
#define SERTEL_PASSWORD_MAX_LENGTH 256

GQuark   sertel_password_error_quark (void);
/* Argon2id through libsodium's crypto_pwhash_str: salted and slow on purpose. */
char    *sertel_password_hash        (const char *password, GError **error);
gboolean sertel_password_verify      (const char *hash, const char *password);
/* Overwrites a typed or looked-up password before freeing it, so it does not
 * linger in freed memory (sodium_memzero: the compiler may not drop it). NULL-safe. */
void     sertel_password_clear_free  (char *password);

G_END_DECLS
