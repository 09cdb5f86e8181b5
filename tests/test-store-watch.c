/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Another desk's commit reaches this one as "changed" within a second (SQLite:
 * data_version; PostgreSQL: LISTEN/NOTIFY), and on PostgreSQL "connected"
 * follows the server going away and coming back, with nothing half-applied. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-db.h"

static void
on_changed (SertelStore *store, guint *n)
{
  (*n)++;
}

/* Iterates the main context until @done says so or @ms pass; returns the
 * milliseconds it took, or -1 on timeout. */
static gint64
wait_until (gboolean (*done) (gpointer), gpointer data, int ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return -1;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return (g_get_monotonic_time () - start) / 1000;
}

static gboolean
nonzero (gpointer data)
{
  return *(guint *) data > 0;
}

static void
spin (int ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
test_changed (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) desk2 = sertel_store_open (fx->path, &error);
  g_autoptr(SertelStaff) admin2 = NULL;
  guint mine = 0, theirs = 0;
  gint64 ms;

  g_assert_no_error (error);
  g_assert_cmpstr (sertel_store_get_backend (fx->store), ==, test_on_pg () ? "postgresql" : "sqlite");
  g_assert_true (sertel_store_get_connected (fx->store));
  admin2 = get_staff (desk2, sertel_staff_get_id (fx->admin));
  g_signal_connect (fx->store, "changed", G_CALLBACK (on_changed), &mine);
  g_signal_connect (desk2, "changed", G_CALLBACK (on_changed), &theirs);
  spin (300);   /* the listening connections are up */
  mine = theirs = 0;

  /* One desk's commit reaches the other within a second, not itself. */
  create_two (fx, "1/W/2026", NULL);
  ms = wait_until (nonzero, &theirs, 1000);
  g_test_message ("changed arrived after %" G_GINT64_FORMAT " ms", ms);
  g_assert_cmpint (ms, >=, 0);
  spin (700);
  g_assert_cmpuint (mine, ==, 0);
  g_assert_cmpuint (theirs, ==, 1);

  /* A burst of commits arrives as few emissions, the last one included. */
  theirs = mine = 0;
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("Dinas Uji %d", i);
      g_assert_cmpint (sertel_store_add_opd (desk2, admin2, name, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_cmpint (wait_until (nonzero, &mine, 1000), >=, 0);
  spin (700);
  g_assert_cmpuint (theirs, ==, 0);
  g_assert_cmpuint (mine, >=, 1);
  g_assert_cmpuint (mine, <=, 3);
}

/* ------------------------------------------------------------------------ */
/* A server of this test's own, so stopping it disturbs no other test. */

typedef struct {
  char *dir;
  char *bindir;
  char *port;
  gboolean as_postgres;
} Cluster;

static void
cluster_run (Cluster *c, const char *tool, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (c->as_postgres)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (c->bindir, tool, NULL));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", tool, out, err);
}

static void
cluster_start (Cluster *c)
{
  g_autofree char *data = g_build_filename (c->dir, "data", NULL);
  g_autofree char *log = g_build_filename (c->dir, "log", NULL);
  g_autofree char *opts = g_strdup_printf ("-k %s -p %s -c listen_addresses=127.0.0.1 -c fsync=off", c->dir, c->port);
  const char *args[] = { "-D", data, "-w", "-l", log, "-o", opts, "start", NULL };

  cluster_run (c, "pg_ctl", args);
}

static void
cluster_stop (Cluster *c)
{
  g_autofree char *data = g_build_filename (c->dir, "data", NULL);
  const char *args[] = { "-D", data, "-m", "fast", "-w", "stop", NULL };

  cluster_run (c, "pg_ctl", args);
}

static char *
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, any, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
on_notify (SertelStore *store, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

static gboolean
is_disconnected (gpointer store)
{
  return !sertel_store_get_connected (store);
}

static gboolean
is_connected (gpointer store)
{
  return sertel_store_get_connected (store);
}

static void
test_reconnect (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autofree char *data = NULL, *conninfo = NULL, *nip = staff_nip (1);
  Cluster c = { 0 };
  guint notified = 0;
  gint64 opds;

  if (!test_on_pg ())
    {
      g_test_skip ("PostgreSQL only");
      return;
    }
  c.bindir = g_strdup (g_getenv ("SERTEL_TEST_PG_BINDIR"));
  g_assert_nonnull (c.bindir);
  c.dir = g_dir_make_tmp ("sertel-pg-restart-XXXXXX", &error);
  g_assert_no_error (error);
  c.port = free_port ();
  data = g_build_filename (c.dir, "data", NULL);
  c.as_postgres = getuid () == 0;
  if (c.as_postgres)
    {
      const char *chown_argv[] = { "chown", "postgres:", c.dir, NULL };
      int status = 0;
      g_spawn_sync (NULL, (char **) chown_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  {
    const char *args[] = { "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", NULL };
    cluster_run (&c, "initdb", args);
  }
  cluster_start (&c);
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%s user=postgres dbname=postgres", c.port);

  store = sertel_store_open (conninfo, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "notify::connected", G_CALLBACK (on_notify), &notified);
  admin = sertel_store_add_staff (store, NULL, "Admin Sistem", nip, SERTEL_ROLE_ADMIN, TEST_PASSWORD, &error);
  g_assert_no_error (error);
  spin (300);
  g_assert_true (sertel_store_get_connected (store));

  /* The server goes away: the store says so, and a change fails whole,
   * with a sentence naming the server. */
  cluster_stop (&c);
  g_assert_cmpint (wait_until (is_disconnected, store, 3000), >=, 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (sertel_store_add_opd (store, admin, "Dinas Terputus", &error), <=, 0);
  g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_clear_error (&error);

  /* It comes back: "connected" again, and the next change goes through. */
  cluster_start (&c);
  g_assert_cmpint (wait_until (is_connected, store, 10000), >=, 0);
  g_assert_cmpuint (notified, ==, 2);
  {
    /* A read outside a transaction reconnects too (the store's connection
     * reports an unknown state, not idle, once the server has gone). */
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    g_autoptr(GPtrArray) names = NULL;
    while ((names = sertel_store_list_opds (store, &error)) == NULL && g_get_monotonic_time () < deadline)
      {
        g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_UNREACHABLE);
        g_clear_error (&error);
        spin (200);
      }
    g_assert_no_error (error);
    g_assert_nonnull (names);
  }
  {
    /* The store's own connection retries at most every 2 s. */
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    gint64 id;
    while ((id = sertel_store_add_opd (store, admin, "Dinas Tersambung", &error)) <= 0 &&
           g_get_monotonic_time () < deadline)
      {
        g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_UNREACHABLE);
        g_clear_error (&error);
        spin (200);
      }
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
  }
  opds = raw_int (conninfo, "SELECT COUNT(*) FROM opd");
  g_assert_cmpint (raw_int (conninfo, "SELECT COUNT(*) FROM opd WHERE name = 'Dinas Terputus'"), ==, 0);
  g_assert_cmpint (opds, ==, 1);
  assert_audit_ok (store);

  g_clear_object (&store);
  cluster_stop (&c);
  rm_rf (c.dir);
  g_free (c.dir);
  g_free (c.bindir);
  g_free (c.port);
}

/* sslmode and the rest of the string reach libpq: a server without TLS
 * refuses "sslmode=require", and the message says which server. */
static void
test_sslmode (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(SertelStore) store = NULL;

  if (!test_on_pg ())
    {
      g_test_skip ("PostgreSQL only");
      return;
    }
  conninfo = g_strdup_printf ("%s sslmode=require", g_getenv ("SERTEL_TEST_PG"));
  store = sertel_store_open (conninfo, &error);
  g_assert_null (store);
  g_assert_error (error, SERTEL_DB_ERROR, SERTEL_DB_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "SSL"));
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store-watch/changed", Fx, NULL, fx_setup, test_changed, fx_teardown);
  g_test_add_func ("/store-watch/sslmode", test_sslmode);
  g_test_add_func ("/store-watch/reconnect", test_reconnect);
  ret = g_test_run ();
  remove_template ();
  return ret;
}
