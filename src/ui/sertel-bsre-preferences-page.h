/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → BSrE: the service's address, login, API version, timeouts and
 * the timed check; a NIK can be tried at once. The password goes to the
 * secrets (sertel-secrets), never to GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SERTEL_TYPE_BSRE_PREFERENCES_PAGE (sertel_bsre_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelBsrePreferencesPage, sertel_bsre_preferences_page, SERTEL, BSRE_PREFERENCES_PAGE, AdwPreferencesPage)

/* @settings: the app's GSettings (id.go.malutprov.Sertel); NULL makes one. */
GtkWidget *sertel_bsre_preferences_page_new (GSettings *settings);

G_END_DECLS
