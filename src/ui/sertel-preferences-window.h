/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_PREFERENCES_WINDOW (sertel_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SertelPreferencesWindow, sertel_preferences_window, SERTEL, PREFERENCES_WINDOW, AdwPreferencesWindow)

SertelPreferencesWindow *sertel_preferences_window_new     (GtkWindow   *parent);
/* With the register and the signed-in person: an administrator also gets
 * the "Staff" page. */
SertelPreferencesWindow *sertel_preferences_window_new_for (GtkWindow   *parent,
                                                            SertelStore *store,
                                                            SertelStaff *actor);

G_END_DECLS
