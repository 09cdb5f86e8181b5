/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-store-private.h"
#include "sertel-store-signin.h"

typedef struct {
  guint  failures;
  guint  lockouts;       /* lockouts since the last successful sign-in */
  gint64 locked_until;
} Guard;

static gboolean
read_guard_locked (SertelStore *self, gint64 staff_id, Guard *out, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  *out = (Guard) { 0, 0, 0 };
  stmt = sertel_db_prepare (self->db, "SELECT failures, lockouts, locked_until FROM sign_in_guard WHERE staff_id = $1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, staff_id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_ROW)
    {
      out->failures = (guint) sertel_db_stmt_int64 (stmt, 0);
      out->lockouts = (guint) sertel_db_stmt_int64 (stmt, 1);
      out->locked_until = sertel_db_stmt_int64 (stmt, 2);
    }
  return TRUE;
}

static gboolean
write_guard_locked (SertelStore *self, gint64 staff_id, const Guard *guard, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO sign_in_guard (staff_id, failures, lockouts, locked_until) VALUES ($1, $2, $3, $4)"
                            " ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures,"
                            " lockouts = excluded.lockouts, locked_until = excluded.locked_until", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, staff_id);
  sertel_db_stmt_bind_int64 (stmt, 2, guard->failures);
  sertel_db_stmt_bind_int64 (stmt, 3, guard->lockouts);
  sertel_db_stmt_bind_int64 (stmt, 4, guard->locked_until);
  return sertel_store_run (stmt, error) >= 0;
}

/* Whole minutes, rounded up, once a minute or more is left: "5 min" reads
 * better at the desk than "4 min" for 4 min 59 s. */
static char *
wait_text (gint64 seconds)
{
  if (seconds >= 60)
    seconds = (seconds + 59) / 60 * 60;
  return sertel_format_duration (MAX (seconds, 1));
}

static void
set_locked (GError **error, gint64 remaining)
{
  g_autofree char *wait = wait_text (remaining);

  g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_LOCKED,
               _("Too many wrong passwords: this account is locked. Try again in %s, or ask an administrator."),
               wait);
}

static gint64
lock_seconds (guint lockouts)
{
  gint64 s = SERTEL_SIGNIN_LOCK_SECONDS;

  for (guint i = 1; i < lockouts && s < SERTEL_SIGNIN_LOCK_MAX_SECONDS; i++)
    s *= 2;
  return MIN (s, SERTEL_SIGNIN_LOCK_MAX_SECONDS);
}

/* Attempts while locked are on record too: someone may be guessing. */
static void
record_locked_attempt_locked (SertelStore *self, gint64 staff_id, gint64 until)
{
  g_autofree char *after = NULL;
  g_autofree char *until_text = g_strdup_printf ("%" G_GINT64_FORMAT, until);

  after = sertel_store_describe_pairs ("locked_until", until_text, NULL);
  if (!sertel_db_begin (self->db, TRUE, NULL))
    return;
  if (sertel_store_audit_append (self, 0, "staff.sign_in_locked", "staff", staff_id, NULL, after, NULL))
    sertel_db_commit (self->db, NULL);
  else
    sertel_db_rollback (self->db);
}

gboolean
sertel_store_get_sign_in_lock (SertelStore *self, gint64 staff_id, gint64 *out_locked_until,
                               guint *out_failures, GError **error)
{
  Guard guard;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);
  if (!read_guard_locked (self, staff_id, &guard, error))
    return FALSE;
  if (out_locked_until)
    *out_locked_until = guard.locked_until;
  if (out_failures)
    *out_failures = guard.failures;
  return TRUE;
}

gboolean
sertel_store_sign_in_allowed (SertelStore *self, gint64 staff_id, GError **error)
{
  Guard guard;
  gint64 now;

  LOCKED (self);
  if (!read_guard_locked (self, staff_id, &guard, error))
    return FALSE;
  now = sertel_store_now (self);
  if (guard.locked_until > now)
    {
      record_locked_attempt_locked (self, staff_id, guard.locked_until);
      set_locked (error, guard.locked_until - now);
      return FALSE;
    }
  return TRUE;
}

void
sertel_store_sign_in_failed (SertelStore *self, gint64 staff_id, GError **error)
{
  g_autofree char *count = NULL;
  g_autofree char *after = NULL;
  GError *local = NULL;
  Guard guard;
  gint64 now;

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, &local))
    goto fail;
  /* Read again under the write lock: another desk may have counted or
   * locked since this attempt began. */
  if (!read_guard_locked (self, staff_id, &guard, &local))
    goto fail;
  now = sertel_store_now (self);
  if (guard.locked_until > now)
    {
      sertel_db_rollback (self->db);
      record_locked_attempt_locked (self, staff_id, guard.locked_until);
      set_locked (error, guard.locked_until - now);
      return;
    }

  guard.failures++;
  count = g_strdup_printf ("%u", guard.failures);
  after = sertel_store_describe_pairs ("failures", count, NULL);
  if (!sertel_store_audit_append (self, 0, "staff.sign_in_failed", "staff", staff_id, NULL, after, &local))
    goto fail;

  if (guard.failures >= SERTEL_SIGNIN_MAX_FAILURES)
    {
      g_autofree char *until_text = NULL;
      g_autofree char *lock_after = NULL;
      gint64 seconds;

      guard.lockouts++;
      guard.failures = 0;
      seconds = lock_seconds (guard.lockouts);
      guard.locked_until = now + seconds;
      until_text = g_strdup_printf ("%" G_GINT64_FORMAT, guard.locked_until);
      lock_after = sertel_store_describe_pairs ("locked_until", until_text, NULL);
      if (!sertel_store_audit_append (self, 0, "staff.locked_out", "staff", staff_id, NULL, lock_after, &local) ||
          !write_guard_locked (self, staff_id, &guard, &local) ||
          !sertel_db_commit (self->db, &local))
        goto fail;
      set_locked (error, seconds);
      return;
    }

  if (!write_guard_locked (self, staff_id, &guard, &local) || !sertel_db_commit (self->db, &local))
    goto fail;
  {
    guint left = SERTEL_SIGNIN_MAX_FAILURES - guard.failures;
    g_autofree char *wait = wait_text (lock_seconds (guard.lockouts + 1));

    if (left > 2)
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                           _("The name or password is wrong. Try again."));
    else
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The password is wrong. After %u more wrong attempt this account is locked for %s.",
                                "The password is wrong. After %u more wrong attempts this account is locked for %s.",
                                left),
                   left, wait);
  }
  return;

fail:
  sertel_db_rollback (self->db);
  /* The count could not be kept; the password was still wrong. */
  g_propagate_error (error, local);
}

gboolean
sertel_store_sign_in_succeeded (SertelStore *self, gint64 staff_id, GError **error)
{
  g_autoptr(SertelDbStmt) clear = NULL;
  Guard guard;
  gint64 now;

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!read_guard_locked (self, staff_id, &guard, error))
    goto fail;
  now = sertel_store_now (self);
  /* Locked by another desk while this password was being checked. */
  if (guard.locked_until > now)
    {
      sertel_db_rollback (self->db);
      set_locked (error, guard.locked_until - now);
      return FALSE;
    }
  clear = sertel_db_prepare (self->db, "DELETE FROM sign_in_guard WHERE staff_id = $1", error);
  if (clear == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (clear, 1, staff_id);
  if (sertel_store_run (clear, error) < 0 ||
      !sertel_store_audit_append (self, staff_id, "staff.sign_in", "staff", staff_id, NULL, NULL, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}
