/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SERTEL_TYPE_APPLICATION (sertel_application_get_type ())

G_DECLARE_FINAL_TYPE (SertelApplication, sertel_application, SERTEL, APPLICATION, AdwApplication)

SertelApplication *sertel_application_new          (void);
const char        *sertel_application_get_database_path (SertelApplication *self);
gboolean           sertel_application_get_demo          (SertelApplication *self);
void               sertel_application_show_about        (GtkWindow         *parent);

G_END_DECLS
