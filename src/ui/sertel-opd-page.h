/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sertel-staff.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_OPD_PAGE (sertel_opd_page_get_type ())

G_DECLARE_FINAL_TYPE (SertelOpdPage, sertel_opd_page, SERTEL, OPD_PAGE, AdwPreferencesPage)

/* The list of OPDs that send letters, kept by the administrator and the
 * Operator; the intake form completes OPD names from it. */
GtkWidget *sertel_opd_page_new    (SertelStore *store, SertelStaff *actor);
void       sertel_opd_page_reload (SertelOpdPage *self);

G_END_DECLS
