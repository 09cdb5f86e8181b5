/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passwords: Argon2id through libsodium, salted, length rules. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "sertel-password.h"

static void
test_hash_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sertel_password_hash ("kata-sandi-kuat", &error);

  g_assert_no_error (error);
  g_assert_nonnull (hash);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "kata-sandi-kuat"));
  g_assert_true (sertel_password_verify (hash, "kata-sandi-kuat"));
  g_assert_false (sertel_password_verify (hash, "kata-sandi-kuaT"));
  g_assert_false (sertel_password_verify (hash, "kata-sandi-kua"));
  g_assert_false (sertel_password_verify (hash, ""));
  g_assert_false (sertel_password_verify (NULL, "kata-sandi-kuat"));
  g_assert_false (sertel_password_verify (hash, NULL));
  g_assert_false (sertel_password_verify ("not a hash", "kata-sandi-kuat"));
  /* A bare SHA-256 of the password is not accepted as a stored hash. */
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "kata-sandi-kuat", -1);
    g_assert_false (sertel_password_verify (sha, "kata-sandi-kuat"));
  }
}

static void
test_salt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = sertel_password_hash ("sama-sama-saja", &error);
  g_autofree char *b = sertel_password_hash ("sama-sama-saja", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (sertel_password_verify (a, "sama-sama-saja"));
  g_assert_true (sertel_password_verify (b, "sama-sama-saja"));
}

static void
test_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *longest = g_strnfill (SERTEL_PASSWORD_MAX_LENGTH, 'x');
  g_autofree char *too_long = g_strnfill (SERTEL_PASSWORD_MAX_LENGTH + 1, 'x');

  g_assert_null (sertel_password_hash ("1234567", &error));
  g_assert_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_SHORT);
  g_clear_error (&error);
  g_assert_null (sertel_password_hash ("", &error));
  g_assert_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_SHORT);
  g_clear_error (&error);
  /* Seven characters in fourteen bytes are still seven characters. */
  g_assert_null (sertel_password_hash ("ééééééé", &error));
  g_assert_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_SHORT);
  g_clear_error (&error);
  g_assert_null (sertel_password_hash (too_long, &error));
  g_assert_error (error, SERTEL_PASSWORD_ERROR, SERTEL_PASSWORD_ERROR_TOO_LONG);
  g_clear_error (&error);

  hash = sertel_password_hash ("12345678", &error);
  g_assert_no_error (error);
  g_assert_true (sertel_password_verify (hash, "12345678"));
  g_clear_pointer (&hash, g_free);
  hash = sertel_password_hash (longest, &error);
  g_assert_no_error (error);
  g_assert_true (sertel_password_verify (hash, longest));
  g_clear_pointer (&hash, g_free);
  hash = sertel_password_hash ("sandi 🔐 rahasia", &error);
  g_assert_no_error (error);
  g_assert_true (sertel_password_verify (hash, "sandi 🔐 rahasia"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/password/hash-verify", test_hash_verify);
  g_test_add_func ("/password/salt", test_salt);
  g_test_add_func ("/password/length", test_length);
  return g_test_run ();
}
