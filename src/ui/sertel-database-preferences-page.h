/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences → Database, for the administrator: keep the register in a file
 * on this computer or on the office's PostgreSQL server (server, port,
 * database, login, TLS mode, or a pasted connection string), with a test
 * that says what failed. The choice is GSettings (database-*), read at the
 * next start; the password goes to the secrets, never to GSettings. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_DATABASE_PREFERENCES_PAGE (sertel_database_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelDatabasePreferencesPage, sertel_database_preferences_page, SERTEL, DATABASE_PREFERENCES_PAGE, AdwPreferencesPage)

/* @settings: the app's GSettings; NULL makes one. @store: the register open
 * now (named at the top of the page), or NULL. */
GtkWidget *sertel_database_preferences_page_new (GSettings *settings, SertelStore *store);

G_END_DECLS
