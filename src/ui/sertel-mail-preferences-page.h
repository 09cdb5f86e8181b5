/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sertel-staff.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_MAIL_PREFERENCES_PAGE (sertel_mail_preferences_page_get_type ())

G_DECLARE_FINAL_TYPE (SertelMailPreferencesPage, sertel_mail_preferences_page, SERTEL, MAIL_PREFERENCES_PAGE,
                      AdwPreferencesPage)

/* Preferences → Mail: the outgoing server (the password goes to
 * sertel-secrets, never to GSettings), and the notification templates with
 * a live preview. Properties "store" and "actor" (kept for symmetry with
 * the other pages; the page reads no register data). */
GtkWidget *sertel_mail_preferences_page_new (SertelStore *store, SertelStaff *actor);

G_END_DECLS
