/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which register the app opens: a SQLite file on this computer or the
 * office's PostgreSQL server, as chosen in Preferences → Database (GSettings
 * keys database-*; the server password in sertel-secrets). Turns that choice
 * into the location sertel_store_open() takes, and names a location for
 * people without ever showing a password. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The secret key of the PostgreSQL login's password. */
#define SERTEL_DATABASE_PASSWORD_KEY "database-password"

typedef struct {
  gboolean server;       /* FALSE: the SQLite file */
  char    *path;         /* SQLite file; NULL or "" for the default one */
  char    *conninfo;     /* pasted connection string or URI; overrides the fields */
  char    *host;
  guint    port;
  char    *dbname;
  char    *user;
  char    *sslmode;
  char    *password;     /* NULL: look it up in the secrets */
} SertelDatabaseConfig;

void                  sertel_database_config_free        (SertelDatabaseConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelDatabaseConfig, sertel_database_config_free)

/* Reads the keys; call on the thread that owns @settings. */
SertelDatabaseConfig *sertel_database_config_from_settings (GSettings *settings);

/* The location for sertel_store_open(): NULL with no error for the default
 * SQLite file. May block on the secret service when the password is not in
 * @config: call off the main thread. Missing host or login → a sentence. */
char                 *sertel_database_config_to_location (const SertelDatabaseConfig *config,
                                                          GError                    **error);

/* TRUE when @location names a PostgreSQL server (a postgresql:// or
 * postgres:// URI, or a libpq "key=value" string) rather than a file. */
gboolean              sertel_database_location_is_server (const char *location);

/* For the window and messages: "server HOST:PORT/DB" or the file's path;
 * never a password. NULL → the default file. */
char                 *sertel_database_location_describe  (const char *location);

G_END_DECLS
