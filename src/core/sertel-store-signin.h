/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sign-in lockout: after repeated wrong passwords an account waits a while,
 * longer each time. Kept in the register, so every desk sees it. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_SIGNIN_MAX_FAILURES      5     /* wrong passwords in a row before a lockout */
#define SERTEL_SIGNIN_LOCK_SECONDS      300   /* the first lockout; each next one doubles */
#define SERTEL_SIGNIN_LOCK_MAX_SECONDS  3600

/* The lockout of @staff_id: until when (UNIX seconds, by the store's clock;
 * 0 or past when none) and the wrong passwords since the last sign-in or
 * lockout. */
gboolean sertel_store_get_sign_in_lock (SertelStore *self, gint64 staff_id, gint64 *out_locked_until,
                                        guint *out_failures, GError **error);

/* For sertel_store_authenticate(): refuse a locked account before its
 * password is checked; count a wrong password (locking the account at the
 * limit); clear the count and record the sign-in. Each sets @error with the
 * sentence for the clerk (SERTEL_STORE_ERROR_LOCKED or _AUTH). */
gboolean sertel_store_sign_in_allowed   (SertelStore *self, gint64 staff_id, GError **error);
void     sertel_store_sign_in_failed    (SertelStore *self, gint64 staff_id, GError **error);
gboolean sertel_store_sign_in_succeeded (SertelStore *self, gint64 staff_id, GError **error);

G_END_DECLS
