/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for UI tests: wait for a window to paint, and save what it shows. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

gboolean sertel_test_ui_init          (void);
void     sertel_test_ui_use_language  (const char *lang);   /* "id" or NULL for English */
void     sertel_test_ui_wait_mapped   (GtkWidget *widget);
void     sertel_test_ui_iterate       (guint ms);
char    *sertel_test_ui_screenshot    (GtkWidget *widget, const char *name);

G_END_DECLS
