/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SERTEL_TYPE_PREFERENCES_WINDOW (sertel_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SertelPreferencesWindow, sertel_preferences_window, SERTEL, PREFERENCES_WINDOW, AdwPreferencesWindow)

SertelPreferencesWindow *sertel_preferences_window_new (GtkWindow *parent);

G_END_DECLS
