/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sertel-application.h"
#include "sertel-staff.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_WINDOW (sertel_window_get_type ())

G_DECLARE_FINAL_TYPE (SertelWindow, sertel_window, SERTEL, WINDOW, AdwApplicationWindow)

SertelWindow *sertel_window_new              (SertelApplication *application);
void          sertel_window_open_register    (SertelWindow      *self,
                                              const char        *path,
                                              gboolean           demo);
SertelStore  *sertel_window_get_store        (SertelWindow      *self);
SertelStaff  *sertel_window_get_actor        (SertelWindow      *self);
void          sertel_window_toast            (SertelWindow      *self,
                                              const char        *message);
void          sertel_window_show_preferences (SertelWindow      *self);

G_END_DECLS
