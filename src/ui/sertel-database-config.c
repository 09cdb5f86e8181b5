/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See sertel-database-config.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-password.h"
#include "sertel-database-config.h"
#include "sertel-db-pg.h"
#include "sertel-secrets.h"

void
sertel_database_config_free (SertelDatabaseConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  g_free (config->conninfo);
  g_free (config->host);
  g_free (config->dbname);
  g_free (config->user);
  g_free (config->sslmode);
  sertel_password_clear_free (config->password);
  g_free (config);
}

SertelDatabaseConfig *
sertel_database_config_from_settings (GSettings *settings)
{
  SertelDatabaseConfig *config = g_new0 (SertelDatabaseConfig, 1);
  g_autofree char *backend = g_settings_get_string (settings, "database-backend");

  config->server = g_str_equal (backend, "postgresql");
  config->path = g_settings_get_string (settings, "database-path");
  config->conninfo = g_strstrip (g_settings_get_string (settings, "database-pg-conninfo"));
  config->host = g_strstrip (g_settings_get_string (settings, "database-pg-host"));
  config->port = g_settings_get_uint (settings, "database-pg-port");
  config->dbname = g_strstrip (g_settings_get_string (settings, "database-pg-dbname"));
  config->user = g_strstrip (g_settings_get_string (settings, "database-pg-user"));
  config->sslmode = g_settings_get_string (settings, "database-pg-sslmode");
  return config;
}

/* libpq keyword values are always quoted here, so spaces, quotes and
 * backslashes in a password or name cannot change the meaning. */
static void
append_keyword (GString *s, const char *key, const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%s='", key);
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
}

static gboolean
is_uri (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* A pasted string gets the stored password only when it carries none. */
static char *
add_password (const char *conninfo, const char *password)
{
  if (password == NULL || *password == '\0')
    return g_strdup (conninfo);
  if (is_uri (conninfo))
    {
      g_autofree char *escaped = NULL;

      if (strstr (conninfo, "password=") != NULL)
        return g_strdup (conninfo);
      /* user:password@ in the URI counts too. */
      {
        const char *authority = strstr (conninfo, "://") + 3;
        const char *at = strchr (authority, '@');
        const char *slash = strchr (authority, '/');
        const char *colon = strchr (authority, ':');

        if (at != NULL && (slash == NULL || at < slash) && colon != NULL && colon < at)
          return g_strdup (conninfo);
      }
      escaped = g_uri_escape_string (password, NULL, FALSE);
      return g_strdup_printf ("%s%spassword=%s", conninfo, strchr (conninfo, '?') ? "&" : "?", escaped);
    }
  else
    {
      GString *s;

      if (strstr (conninfo, "password") != NULL)
        return g_strdup (conninfo);
      s = g_string_new (conninfo);
      append_keyword (s, "password", password);
      return g_string_free (s, FALSE);
    }
}

char *
sertel_database_config_to_location (const SertelDatabaseConfig *config,
                                    GError                    **error)
{
  g_autofree char *password = NULL;
  g_autoptr(GString) s = NULL;
  g_autofree char *port = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (!config->server)
    return config->path != NULL && *config->path != '\0' ? g_strdup (config->path) : NULL;

  if (config->conninfo == NULL || *config->conninfo == '\0')
    {
      if (config->host == NULL || *config->host == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("No PostgreSQL server is set. Enter the server’s name or address in Preferences → Database, or choose the file on this computer."));
          return NULL;
        }
      if (config->user == NULL || *config->user == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("No PostgreSQL login is set. Enter this desk’s login in Preferences → Database."));
          return NULL;
        }
    }
  else if (!sertel_database_location_is_server (config->conninfo))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The connection string is not one PostgreSQL understands. It starts with “postgresql://” or is made of “key=value” pairs, e.g. “host=db.kantor dbname=sertel user=kasi1”."));
      return NULL;
    }

  if (config->password != NULL)
    password = g_strdup (config->password);
  else
    {
      g_autoptr(GError) local_error = NULL;

      password = sertel_secret_lookup (SERTEL_DATABASE_PASSWORD_KEY, &local_error);
      /* No stored password is fine: the server may trust this desk, or
       * libpq finds one in ~/.pgpass. */
      if (local_error != NULL)
        g_message ("Database password not read: %s", local_error->message);
    }

  if (config->conninfo != NULL && *config->conninfo != '\0')
    {
      char *location = add_password (config->conninfo, password);

      if (password != NULL)
        memset (password, 0, strlen (password));
      return location;
    }

  s = g_string_new (NULL);
  port = g_strdup_printf ("%u", config->port);
  append_keyword (s, "host", config->host);
  append_keyword (s, "port", port);
  append_keyword (s, "dbname", config->dbname);
  append_keyword (s, "user", config->user);
  append_keyword (s, "sslmode", config->sslmode);
  append_keyword (s, "password", password);
  append_keyword (s, "application_name", "Sertel");
  if (password != NULL)
    memset (password, 0, strlen (password));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
sertel_database_location_is_server (const char *location)
{
  /* The store's own rule, so the app and the store never disagree. */
  return sertel_db_pg_is_location (location);
}

/* The value of @key in a libpq keyword string, unquoted; the last one
 * counts, as for libpq. */
static char *
keyword_value (const char *conninfo, const char *key)
{
  const char *p = conninfo;
  char *found = NULL;

  while (*p)
    {
      const char *start;
      g_autofree char *name = NULL;
      GString *value = g_string_new (NULL);

      while (g_ascii_isspace (*p))
        p++;
      start = p;
      while (*p && *p != '=' && !g_ascii_isspace (*p))
        p++;
      name = g_strndup (start, p - start);
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '=')
        p++;
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\'')
        {
          for (p++; *p && *p != '\''; p++)
            {
              if (*p == '\\' && p[1])
                p++;
              g_string_append_c (value, *p);
            }
          if (*p == '\'')
            p++;
        }
      else
        while (*p && !g_ascii_isspace (*p))
          g_string_append_c (value, *p++);
      if (g_str_equal (name, key))
        {
          g_free (found);
          found = g_string_free (value, FALSE);
        }
      else
        g_string_free (value, TRUE);
    }
  return found;
}

char *
sertel_database_location_describe (const char *location)
{
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;
  g_autofree char *server = NULL;

  if (location == NULL || *location == '\0')
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "sertel", "sertel.db", NULL);
      /* Translators: the register is kept in a file on this computer */
      return g_strdup_printf (_("This computer: %s"), path);
    }
  if (!sertel_database_location_is_server (location))
    return g_strdup_printf (_("This computer: %s"), location);

  if (is_uri (location))
    {
      const char *authority = strstr (location, "://") + 3;
      const char *end = authority + strcspn (authority, "/?");
      const char *at = g_strrstr_len (authority, end - authority, "@");
      const char *hostport = at ? at + 1 : authority;

      host = g_uri_unescape_segment (hostport, end, NULL);
      if (*end == '/')
        {
          const char *db = end + 1;
          dbname = g_uri_unescape_segment (db, db + strcspn (db, "?"), NULL);
        }
      server = g_strdup (host != NULL && *host ? host : "localhost");
    }
  else
    {
      host = keyword_value (location, "host");
      if (host == NULL)
        host = keyword_value (location, "hostaddr");
      port = keyword_value (location, "port");
      dbname = keyword_value (location, "dbname");
      server = port != NULL && *port ? g_strdup_printf ("%s:%s", host ? host : "localhost", port)
                                     : g_strdup (host ? host : "localhost");
    }
  if (dbname != NULL && *dbname != '\0')
    {
      char *with_db = g_strdup_printf ("%s/%s", server, dbname);
      g_free (server);
      server = with_db;
    }
  /* Translators: the register is kept on a PostgreSQL server, e.g. "db.kantor:5432/sertel" */
  return g_strdup_printf (_("Server: %s"), server);
}
