/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The idle lock: after a while without input the desk hides its work behind
 * a lock screen that asks for the same person's password (or signs out).
 * Nothing on screen is destroyed, so nothing typed is lost. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_IDLE_LOCK (sertel_idle_lock_get_type ())
G_DECLARE_FINAL_TYPE (SertelIdleLock, sertel_idle_lock, SERTEL, IDLE_LOCK, GObject)

/* Wraps @window's content; the time comes from @settings' "idle-lock-seconds"
 * (0 = never). The window keeps the returned object. */
SertelIdleLock *sertel_idle_lock_new          (AdwApplicationWindow *window,
                                               GSettings            *settings);
/* Who is signed in (NULL, NULL on sign-out: the lock goes and the windows it
 * hid are closed). */
void            sertel_idle_lock_set_actor    (SertelIdleLock *self,
                                               SertelStore    *store,
                                               SertelStaff    *actor);
void            sertel_idle_lock_lock         (SertelIdleLock *self);
gboolean        sertel_idle_lock_get_locked   (SertelIdleLock *self);

/* The administrator's row in Preferences: "Lock an idle desk after". */
GtkWidget      *sertel_idle_lock_settings_group_new (GSettings *settings);

G_END_DECLS
