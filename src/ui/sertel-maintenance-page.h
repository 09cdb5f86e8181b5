/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Records (administrator): the daily backup (on/off, folder,
 * days kept, the last result, "Back Up Now") and the retention rule. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_MAINTENANCE_PAGE (sertel_maintenance_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelMaintenancePage, sertel_maintenance_page, SERTEL, MAINTENANCE_PAGE, AdwPreferencesPage)

/* @settings: the app's GSettings; NULL makes one. */
GtkWidget *sertel_maintenance_page_new (SertelStore *store, GSettings *settings);

G_END_DECLS
