/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sertel-db.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_DB_PG (sertel_db_pg_get_type ())
G_DECLARE_FINAL_TYPE (SertelDbPg, sertel_db_pg, SERTEL, DB_PG, SertelDb)

/* TRUE when @location names a PostgreSQL server rather than a file: a
 * postgresql:// or postgres:// URI, or a libpq keyword string ("host=… dbname=…"). */
gboolean    sertel_db_pg_is_location     (const char *location);

/* Connects with a libpq connection string or URI. Everything in it (sslmode,
 * sslrootcert, passfile, …) goes to libpq untouched; connect_timeout defaults
 * to 5 seconds. */
SertelDb   *sertel_db_pg_open            (const char *conninfo, GError **error);

/* "HOST:PORT/DBNAME" for messages; never the password. */
const char *sertel_db_pg_get_display_name (SertelDbPg *self);

/* The server process of this connection: a notification it sent itself
 * carries this id. 0 when not connected. */
int         sertel_db_pg_get_backend_pid (SertelDbPg *self);

/* A new libpq connection with our defaults (connect_timeout, keepalives);
 * the caller's string overrides them. */
struct pg_conn *sertel_db_pg_connect     (const char *conninfo, GError **error);

/* Listens for other desks' commits on a connection of its own, in @context:
 * @func runs there with changed = TRUE (bursts coalesced) when another
 * connection committed, and with the new state when the server goes away or
 * comes back (it reconnects with back-off by itself). Notifications sent by
 * @own's connection are ignored. */
typedef void (*SertelDbPgListenFunc) (gpointer user_data, gboolean connected, gboolean changed);
typedef struct _SertelDbPgListener SertelDbPgListener;

SertelDbPgListener *sertel_db_pg_listener_new  (const char *conninfo, SertelDbPg *own, GMainContext *context,
                                                SertelDbPgListenFunc func, gpointer user_data,
                                                GDestroyNotify destroy);
/* Stops it; safe from any thread. */
void                sertel_db_pg_listener_stop (SertelDbPgListener *listener);

/* A sentence for a clerk: the server at @display cannot be reached. */
void        sertel_db_pg_set_unreachable (GError **error, const char *display);

G_END_DECLS
