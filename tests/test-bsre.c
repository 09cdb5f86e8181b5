/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The BSrE status client and the "Periksa status BSrE" sync against a stand-in
 * for the service on a real socket (127.0.0.1, a free port): an HTTP/1.1
 * server written here on GThreadedSocketService that checks the request and
 * answers JSON — or 401, 500, 503, 429 with Retry-After, slowly, broken JSON,
 * a dropped connection. Each fault must end in the right state, nothing lost. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-test-util.c"
#include "sertel-fake-bsre.c"

#include "sertel-bsre.h"
#include "sertel-bsre-sync.h"

#define BSRE_USER "dkip-malut"
#define BSRE_PASSWORD "s3cret:with:colons"

/* A client with short timeouts and back-off so faults are quick to test. */
static SertelBsreClient *
fake_client (Fake *f, SertelBsreApiVersion version)
{
  g_autofree char *url = fake_url (f);
  SertelBsreClient *client = sertel_bsre_client_new (url, BSRE_USER, BSRE_PASSWORD);

  sertel_bsre_client_set_api_version (client, version);
  sertel_bsre_client_set_timeouts (client, 1000, 1500);
  sertel_bsre_client_set_retries (client, 3, 50, 2000);
  return client;
}

/* A port nothing listens on: bound, read back, closed. */
static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_socket_bind (sock, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* ------------------------------------------------------------------------ */
/* Parsing and the table */

static void
test_parse (void)
{
  static const char *bodies[] = {
    "{\"status_code\":1111,\"status\":\"ISSUE\",\"message\":\"ok\"}",
    "{\"userStatus\":\"ISSUE\"}",
    "{\"data\":{\"status\":\"ISSUE\"}}",
    "{\"status\":\" issue \"}",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(SertelBsreStatus) s = sertel_bsre_parse_status (NIK_F, bodies[i], -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (s->mapping);
      g_assert_cmpint (s->mapping->effect, ==, SERTEL_BSRE_EFFECT_ISSUED);
    }

  {
    g_autoptr(SertelBsreStatus) s = sertel_bsre_parse_status (NIK_F, bodies[0], -1, &error);
    g_assert_cmpint (s->status_code, ==, 1111);
    g_assert_cmpstr (s->message, ==, "ok");
    g_assert_cmpstr (s->nik, ==, NIK_F);
  }

  g_assert_null (sertel_bsre_parse_status (NIK_F, "{\"status_code\":2021,\"error\":\"NIK tidak valid\"}", -1, &error));
  g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "NIK tidak valid"));
  g_clear_error (&error);

  g_assert_null (sertel_bsre_parse_status (NIK_F, "{\"status\":\"ISS", -1, &error));
  g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER);
  g_clear_error (&error);
  g_assert_null (sertel_bsre_parse_status (NIK_F, "[1,2]", -1, &error));
  g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER);
  g_clear_error (&error);
  g_assert_null (sertel_bsre_parse_status (NIK_F, "{\"status\":12}", -1, &error));
  g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER);
  g_clear_error (&error);

  /* An unknown value is an answer, with no mapping: the caller leaves the applicant. */
  {
    g_autoptr(SertelBsreStatus) s = sertel_bsre_parse_status (NIK_F, "{\"status\":\"PENDING_KYC\"}", -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (s->status, ==, "PENDING_KYC");
    g_assert_null (s->mapping);
  }
}

static void
test_table (void)
{
  static const struct { const char *status; SertelBsreEffect effect; } expected[] = {
    { "ISSUE", SERTEL_BSRE_EFFECT_ISSUED },
    { "EXPIRED", SERTEL_BSRE_EFFECT_ATTENTION },
    { "RENEW", SERTEL_BSRE_EFFECT_ATTENTION },
    { "WAITING_FOR_VERIFICATION", SERTEL_BSRE_EFFECT_REGISTERED },
    { "NEW", SERTEL_BSRE_EFFECT_REGISTERED },
    { "NO_CERTIFICATE", SERTEL_BSRE_EFFECT_REGISTERED },
    { "NOT_REGISTERED", SERTEL_BSRE_EFFECT_NONE },
    { "SUSPEND", SERTEL_BSRE_EFFECT_ATTENTION },
    { "REVOKE", SERTEL_BSRE_EFFECT_ATTENTION },
  };
  guint n = 0;

  sertel_bsre_status_table (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SertelBsreStatusMapping *m = sertel_bsre_status_lookup (expected[i].status);
      g_assert_nonnull (m);
      g_assert_cmpint (m->effect, ==, expected[i].effect);
      g_assert_nonnull (m->meaning);
    }
  g_assert_null (sertel_bsre_status_lookup ("VERIFIED"));
  g_assert_null (sertel_bsre_status_lookup (NULL));
}

/* ------------------------------------------------------------------------ */
/* The client against the fake */

static void
assert_basic_auth (Fake *f)
{
  g_autofree char *expected_plain = g_strdup_printf ("%s:%s", BSRE_USER, BSRE_PASSWORD);
  g_autofree char *expected = g_base64_encode ((const guchar *) expected_plain, strlen (expected_plain));
  g_autofree char *header = g_strdup_printf ("Basic %s", expected);

  g_assert_cmpstr (f->authorization, ==, header);
}

static void
test_v1_and_v2 (void)
{
  Fake *f = fake_start ();
  g_autoptr(GError) error = NULL;

  fake_set_status (f, NIK_F, "ISSUE");
  {
    g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V1);
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (s->status, ==, "ISSUE");
    g_assert_cmpint (s->mapping->effect, ==, SERTEL_BSRE_EFFECT_ISSUED);
    g_assert_cmpstr (f->method, ==, "GET");
    g_assert_cmpstr (f->path, ==, "/api/user/status/" NIK_F);
    assert_basic_auth (f);
  }
  {
    g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V2);
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_M, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (s->status, ==, "NOT_REGISTERED");
    g_assert_cmpint (s->mapping->effect, ==, SERTEL_BSRE_EFFECT_NONE);
    g_assert_cmpstr (f->method, ==, "POST");
    g_assert_cmpstr (f->path, ==, "/api/v2/user/check/status");
    g_assert_cmpstr (f->content_type, ==, "application/json");
    g_assert_cmpstr (f->body, ==, "{\"nik\":\"" NIK_M "\"}");
    assert_basic_auth (f);
  }
  g_assert_cmpuint (fake_requests (f), ==, 2);
  fake_stop (f);
}

static void
test_every_status_and_field (void)
{
  static const char *fields[] = { "status", "userStatus", "data.status" };
  Fake *f = fake_start ();
  guint n = 0;
  const SertelBsreStatusMapping *table = sertel_bsre_status_table (&n);

  for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
    for (guint v = 1; v <= 2; v++)
      {
        g_autoptr(SertelBsreClient) client = fake_client (f, v);

        g_free (f->field);
        f->field = g_strdup (fields[k]);
        for (guint i = 0; i < n; i++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(SertelBsreStatus) s = NULL;

            fake_set_status (f, NIK_F, table[i].status);
            s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpstr (s->status, ==, table[i].status);
            g_assert_true (s->mapping == &table[i]);
          }
      }
  g_assert_cmpuint (fake_requests (f), ==, G_N_ELEMENTS (fields) * 2 * n);
  fake_stop (f);
}

/* One request that must fail with @code, after @n_requests requests. */
static GError *
expect_failure (Fake *f, SertelBsreClient *client, GQuark domain, int code, guint n_requests)
{
  GError *error = NULL;
  guint before = fake_requests (f);
  SertelBsreStatus *s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);

  g_assert_null (s);
  g_assert_error (error, domain, code);
  g_assert_cmpuint (fake_requests (f) - before, ==, n_requests);
  g_test_message ("%s", error->message);
  return error;
}

static void
test_http_errors (void)
{
  Fake *f = fake_start ();
  g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V1);
  GError *error;

  fake_push (f, 401, "{\"error\":\"Unauthorized\"}", NULL, 0, FALSE);
  error = expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_AUTH, 1);
  g_assert_nonnull (strstr (error->message, BSRE_USER));
  g_assert_null (strstr (error->message, BSRE_PASSWORD));   /* never in a message */
  g_error_free (error);

  fake_push (f, 403, "{}", NULL, 0, FALSE);
  g_error_free (expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_AUTH, 1));

  /* 500 is not retried; the service's own text reaches the clerk. */
  fake_push (f, 500, "{\"status_code\":5000,\"error\":\"Database BSrE sedang gangguan\"}", NULL, 0, FALSE);
  error = expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER, 1);
  g_assert_nonnull (strstr (error->message, "Database BSrE sedang gangguan"));
  g_error_free (error);

  fake_push (f, 500, "<html>Internal Server Error</html>", NULL, 0, FALSE);
  error = expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER, 1);
  g_assert_nonnull (strstr (error->message, "500"));
  g_error_free (error);

  /* An error object with HTTP 200. */
  fake_push (f, 200, "{\"status_code\":2021,\"error\":\"NIK tidak ditemukan\"}", NULL, 0, FALSE);
  error = expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER, 1);
  g_assert_nonnull (strstr (error->message, "NIK tidak ditemukan"));
  g_error_free (error);

  fake_push (f, 200, "{\"status\": \"ISSUE\", ", NULL, 0, FALSE);
  g_error_free (expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER, 1));

  fake_push (f, 200, "", NULL, 0, FALSE);
  g_error_free (expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER, 1));

  /* Dropped after the headers and half the body. */
  fake_push (f, 200, "{\"status_code\":1111,\"status\":\"ISSUE\",\"message\":\"ok\"}", NULL, 0, TRUE);
  g_error_free (expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_CONNECTION_LOST, 1));

  fake_stop (f);
}

static void
test_retries (void)
{
  Fake *f = fake_start ();
  g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V2);
  g_autoptr(GError) error = NULL;
  gint64 start;

  fake_set_status (f, NIK_F, "ISSUE");

  /* 503 then 200: one retry, the answer arrives. */
  fake_push (f, 503, "{\"error\":\"busy\"}", NULL, 0, FALSE);
  {
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (s->status, ==, "ISSUE");
    g_assert_cmpuint (fake_requests (f), ==, 2);
  }

  /* 504 twice then 200, with the back-off growing (50 + 100 ms). */
  fake_push (f, 504, "", NULL, 0, FALSE);
  fake_push (f, 504, "", NULL, 0, FALSE);
  start = g_get_monotonic_time ();
  {
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fake_requests (f), ==, 5);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  }

  /* 429 with Retry-After: 1 — the client waits the second the server asked for. */
  fake_push (f, 429, "{\"error\":\"Too Many Requests\"}", "Retry-After: 1\r\n", 0, FALSE);
  start = g_get_monotonic_time ();
  {
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (fake_requests (f), ==, 7);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * 1000);
  }

  /* A Retry-After of an hour is capped (here at 300 ms). */
  sertel_bsre_client_set_retries (client, 3, 50, 300);
  fake_push (f, 429, "{}", "Retry-After: 3600\r\n", 0, FALSE);
  start = g_get_monotonic_time ();
  {
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  }

  /* Still busy after every retry: BUSY, 1 + 3 requests, no more. */
  for (guint i = 0; i < 4; i++)
    fake_push (f, 503, "{}", NULL, 0, FALSE);
  fake_push (f, 200, NULL, NULL, 0, FALSE);  /* would succeed: must not be reached */
  {
    guint before = fake_requests (f);
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
    g_assert_null (s);
    g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BUSY);
    g_clear_error (&error);
    g_assert_cmpuint (fake_requests (f) - before, ==, 4);
  }
  fake_stop (f);
}

static void
test_timeout_refused_unconfigured (void)
{
  Fake *f = fake_start ();
  g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V1);
  GError *error = NULL;
  gint64 start;

  /* Answers after 5 s; the total timeout is 1.5 s. */
  fake_push (f, 200, NULL, NULL, 5000, FALSE);
  start = g_get_monotonic_time ();
  error = expect_failure (f, client, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_TIMEOUT, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_clear_error (&error);

  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
    g_autoptr(SertelBsreClient) refused = sertel_bsre_client_new (url, BSRE_USER, BSRE_PASSWORD);
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (refused, NIK_F, NULL, &error);

    g_assert_null (s);
    g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_UNREACHABLE);
    g_assert_nonnull (strstr (error->message, url));
    g_clear_error (&error);
  }
  {
    g_autoptr(SertelBsreClient) empty = sertel_bsre_client_new ("  ", NULL, NULL);
    g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (empty, NIK_F, NULL, &error);

    g_assert_null (s);
    g_assert_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_NOT_CONFIGURED);
    g_clear_error (&error);
  }
  fake_stop (f);
}

typedef struct {
  GMainLoop        *loop;
  SertelBsreStatus *status;
  GError           *error;
  gint64            done_at;
} AsyncResult;

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;

  r->status = sertel_bsre_client_check_status_finish (SERTEL_BSRE_CLIENT (source), result, &r->error);
  r->done_at = g_get_monotonic_time ();
  g_main_loop_quit (r->loop);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* The async call runs off the main thread (the main loop keeps turning) and a
 * cancel stops a slow transfer at once. */
static void
test_async_and_cancel (void)
{
  Fake *f = fake_start ();
  g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V1);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult r = { loop, NULL, NULL, 0 };
  gint64 start;

  fake_set_status (f, NIK_M, "WAITING_FOR_VERIFICATION");
  sertel_bsre_client_check_status_async (client, NIK_M, NULL, on_checked, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.status->mapping->effect, ==, SERTEL_BSRE_EFFECT_REGISTERED);
  g_clear_pointer (&r.status, sertel_bsre_status_free);

  sertel_bsre_client_set_timeouts (client, 1000, 20000);
  fake_push (f, 200, NULL, NULL, 10000, FALSE);
  sertel_bsre_client_check_status_async (client, NIK_M, cancellable, on_checked, &r);
  start = g_get_monotonic_time ();
  g_timeout_add (200, cancel_later, cancellable);
  g_main_loop_run (loop);
  g_assert_null (r.status);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  /* within a fraction of a second, not after the server's 10 s */
  g_assert_cmpint (r.done_at - start, <, 1500 * 1000);
  fake_stop (f);
}

static void
test_rate_limit (void)
{
  Fake *f = fake_start ();
  g_autoptr(SertelBsreClient) client = fake_client (f, SERTEL_BSRE_API_V1);
  gint64 start = g_get_monotonic_time ();

  sertel_bsre_client_set_rate_limit (client, 600);   /* one every 100 ms */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SertelBsreStatus) s = sertel_bsre_client_check_status (client, NIK_F, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 290 * 1000);
  g_assert_cmpuint (fake_requests (f), ==, 4);
  fake_stop (f);
}

/* sertel-cli bsre-status NIK: the same client from a terminal. */
static int
run_cli (Fake *f, const char *tmp, char **out, char **err, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("SERTEL_CLI"));
  g_ptr_array_add (args, "bsre-status");
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  /* the password from the environment; no secret file of the real user */
  g_subprocess_launcher_setenv (launcher, "SERTEL_BSRE_PASSWORD", BSRE_PASSWORD, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", tmp, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("SERTEL_CLI");
  g_autofree char *tmp = NULL;
  g_autofree char *url = NULL;
  Fake *f;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("sertel-cli is not built");
      return;
    }
  tmp = make_tmpdir ();
  f = fake_start ();
  url = fake_url (f);
  fake_set_status (f, NIK_F, "ISSUE");

  {
    g_autofree char *out = NULL, *err = NULL;
    int rc = run_cli (f, tmp, &out, &err, "--url", url, "--user", BSRE_USER, "--api-version", "v2", NIK_F, NULL);
    g_test_message ("%s%s", out, err);
    g_assert_cmpint (rc, ==, 0);
    g_assert_nonnull (strstr (out, "status: ISSUE\n"));
    g_assert_nonnull (strstr (out, "state: issued\n"));
    g_assert_cmpstr (f->path, ==, "/api/v2/user/check/status");
    assert_basic_auth (f);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    int rc = run_cli (f, tmp, &out, &err, "--url", url, "--user", BSRE_USER, NIK_M, NULL);
    g_assert_cmpint (rc, ==, 0);
    g_assert_nonnull (strstr (out, "status: NOT_REGISTERED\n"));
    g_assert_nonnull (strstr (out, "state: unchanged\n"));
    g_assert_cmpstr (f->path, ==, "/api/user/status/" NIK_M);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    int rc;

    fake_push (f, 401, "{}", NULL, 0, FALSE);
    rc = run_cli (f, tmp, &out, &err, "--url", url, "--user", BSRE_USER, NIK_F, NULL);
    g_assert_cmpint (rc, ==, 1);
    g_assert_nonnull (strstr (err, BSRE_USER));
    g_assert_null (strstr (err, BSRE_PASSWORD));
    g_assert_cmpstr (out, ==, "");
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    g_assert_cmpint (run_cli (f, tmp, &out, &err, NULL), ==, 2);
  }
  {
    g_autofree char *out = NULL, *err = NULL;
    /* nothing configured: a sentence, exit 1 */
    g_assert_cmpint (run_cli (f, tmp, &out, &err, NIK_F, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "Preferences"));
  }
  fake_stop (f);
  rm_rf (tmp);
}

/* ------------------------------------------------------------------------ */
/* The sync over a register */

typedef struct {
  Fx      fx;
  Fake   *fake;
  gint64  request_id;
  gint64  siti, ahmad;          /* applicant ids */
} Sx;

static void
sx_setup (Sx *sx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) applicants = NULL;

  fx_setup (&sx->fx, data);
  sx->request_id = create_two (&sx->fx, "800/BSRE/2026", NULL);
  to_verifikator (&sx->fx, sx->request_id);
  applicants = sertel_store_list_applicants (sx->fx.store, sx->request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applicants->len, ==, 2);
  sx->siti = sertel_applicant_get_id (g_ptr_array_index (applicants, 0));
  sx->ahmad = sertel_applicant_get_id (g_ptr_array_index (applicants, 1));
  sx->fake = fake_start ();
}

static void
sx_teardown (Sx *sx, gconstpointer data)
{
  fake_stop (sx->fake);
  assert_audit_ok (sx->fx.store);
  fx_teardown (&sx->fx, data);
}

static SertelApplicantState
state_of (Sx *sx, gint64 id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelApplicant) a = sertel_store_get_applicant (sx->fx.store, id, &error);

  g_assert_no_error (error);
  return sertel_applicant_get_state (a);
}

typedef struct {
  GMainLoop             *loop;
  SertelBsreSyncSummary *summary;
  GError                *error;
} SyncResult;

static void
on_synced (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SyncResult *r = user_data;

  r->summary = sertel_bsre_sync_run_finish (result, &r->error);
  g_main_loop_quit (r->loop);
}

/* Runs the sync the way the window does: async, results on the main loop. */
static SertelBsreSyncSummary *
sync_async (Sx *sx, SertelStaff *actor, SertelBsreClient *client, gint64 request_id, GError **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SyncResult r = { loop, NULL, NULL };

  sertel_bsre_sync_run_async (sx->fx.store, actor, client, request_id, NULL, on_synced, &r);
  g_main_loop_run (loop);
  if (r.error)
    g_propagate_error (error, r.error);
  if (r.summary)
    {
      g_autofree char *text = sertel_bsre_sync_summary_to_string (r.summary);
      g_test_message ("%s", text);
      for (guint i = 0; i < r.summary->lines->len; i++)
        g_test_message ("  %s", (char *) g_ptr_array_index (r.summary->lines, i));
    }
  return r.summary;
}

static void
test_sync_issued (Sx *sx, gconstpointer data)
{
  g_autoptr(SertelBsreClient) client = fake_client (sx->fake, SERTEL_BSRE_API_V2);
  g_autoptr(SertelBsreSyncSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) transitions = NULL;
  g_autoptr(SertelRequest) request = NULL;
  guint bsre_moves = 0;

  /* Siti was registered by hand; Ahmad is still pending. Both now ISSUE. */
  move_applicant_ok (&sx->fx, sx->siti, SERTEL_ACTION_MARK_REGISTERED, NULL);
  fake_set_status (sx->fake, NIK_F, "ISSUE");
  fake_set_status (sx->fake, NIK_M, "ISSUE");

  summary = sync_async (sx, sx->fx.verif, client, 0, &error);
  g_assert_no_error (error);
  g_assert_null (summary->stopped);
  g_assert_cmpuint (summary->checked, ==, 2);
  g_assert_cmpuint (summary->issued, ==, 2);
  g_assert_cmpuint (summary->failed, ==, 0);
  g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_ISSUED);
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_ISSUED);

  /* Every move went through the workflow as the Verifikator, noted as from BSrE;
   * the last one completed the request in the same transaction. */
  request = get_request (sx->fx.store, sx->request_id);
  g_assert_cmpint (sertel_request_get_state (request), ==, SERTEL_REQUEST_COMPLETED);
  transitions = sertel_store_list_transitions (sx->fx.store, sx->request_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < transitions->len; i++)
    {
      SertelTransitionRecord *t = g_ptr_array_index (transitions, i);
      if (g_strcmp0 (t->note, "BSrE: ISSUE") == 0)
        {
          g_assert_cmpint (t->actor_id, ==, sertel_staff_get_id (sx->fx.verif));
          bsre_moves++;
        }
    }
  g_assert_cmpuint (bsre_moves, ==, 3);   /* Siti: issued; Ahmad: registered, issued */
  g_assert_cmpint (raw_int (sx->fx.path, "SELECT count(*) FROM audit WHERE action = 'applicant.mark_issued'"), ==, 2);

  /* Nothing left to ask. */
  g_clear_pointer (&summary, sertel_bsre_sync_summary_free);
  summary = sync_async (sx, sx->fx.verif, client, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->checked, ==, 0);
}

static void
test_sync_registered_and_attention (Sx *sx, gconstpointer data)
{
  g_autoptr(SertelBsreClient) client = fake_client (sx->fake, SERTEL_BSRE_API_V1);
  g_autoptr(SertelBsreSyncSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  fake_set_status (sx->fake, NIK_F, "WAITING_FOR_VERIFICATION");
  fake_set_status (sx->fake, NIK_M, "NOT_REGISTERED");
  summary = sertel_bsre_sync_run (sx->fx.store, sx->fx.verif, client, sx->request_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->registered, ==, 1);
  g_assert_cmpuint (summary->unchanged, ==, 1);
  g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_REGISTERED);
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_PENDING);
  g_clear_pointer (&summary, sertel_bsre_sync_summary_free);

  /* NEW again for a registered applicant: never backwards. REVOKE: a person decides. */
  fake_set_status (sx->fake, NIK_F, "NEW");
  fake_set_status (sx->fake, NIK_M, "REVOKE");
  summary = sertel_bsre_sync_run (sx->fx.store, sx->fx.verif, client, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->unchanged, ==, 1);
  g_assert_cmpuint (summary->attention, ==, 1);
  g_assert_cmpuint (summary->lines->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary->lines, 0), "REVOKE"));
  g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_REGISTERED);
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_PENDING);
  g_clear_pointer (&summary, sertel_bsre_sync_summary_free);

  /* An unknown value: no change, said in words. */
  fake_set_status (sx->fake, NIK_M, "PENDING_KYC");
  summary = sertel_bsre_sync_run (sx->fx.store, sx->fx.verif, client, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->attention, ==, 1);
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_PENDING);
}

static void
test_sync_faults (Sx *sx, gconstpointer data)
{
  g_autoptr(SertelBsreClient) client = fake_client (sx->fake, SERTEL_BSRE_API_V1);
  g_autoptr(GError) error = NULL;
  gint64 audit_rows = count_rows (sx->fx.path, "audit");

  move_applicant_ok (&sx->fx, sx->siti, SERTEL_ACTION_MARK_REGISTERED, NULL);
  audit_rows = count_rows (sx->fx.path, "audit");
  fake_set_status (sx->fake, NIK_F, "ISSUE");
  fake_set_status (sx->fake, NIK_M, "ISSUE");

  /* 500 for one NIK: that one fails, the other is still asked and moves. */
  fake_push (sx->fake, 500, "{\"status_code\":5000,\"error\":\"gangguan\"}", NULL, 0, FALSE);
  {
    g_autoptr(SertelBsreSyncSummary) s = sync_async (sx, sx->fx.verif, client, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s->failed, ==, 1);
    g_assert_cmpuint (s->issued, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (s->lines, 0), "gangguan"));
  }
  g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_REGISTERED);   /* as it was */
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_ISSUED);
  audit_rows = count_rows (sx->fx.path, "audit");

  /* Every transport fault stops the run and changes nothing. */
  {
    struct { int http; const char *body; guint delay; gboolean drop; int code; } faults[] = {
      { 401, "{}", 0, FALSE, SERTEL_BSRE_ERROR_AUTH },
      { 200, NULL, 5000, FALSE, SERTEL_BSRE_ERROR_TIMEOUT },
      { 200, NULL, 0, TRUE, SERTEL_BSRE_ERROR_CONNECTION_LOST },
      { 200, "{\"status\":", 0, FALSE, -1 },   /* per applicant: failed, not stopped */
    };
    for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
      {
        g_autoptr(SertelBsreSyncSummary) s = NULL;

        fake_push (sx->fake, faults[i].http, faults[i].body, NULL, faults[i].delay, faults[i].drop);
        s = sync_async (sx, sx->fx.verif, client, 0, &error);
        g_assert_no_error (error);
        if (faults[i].code >= 0)
          {
            g_assert_error (s->stopped, SERTEL_BSRE_ERROR, faults[i].code);
            g_assert_cmpuint (s->checked, ==, 0);
          }
        else
          {
            g_assert_null (s->stopped);
            g_assert_cmpuint (s->failed, ==, 1);
          }
        g_assert_cmpuint (s->issued, ==, 0);
        g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_REGISTERED);
        g_assert_cmpint (count_rows (sx->fx.path, "audit"), ==, audit_rows);
      }
  }

  /* Refused connection. */
  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
    g_autoptr(SertelBsreClient) refused = sertel_bsre_client_new (url, NULL, NULL);
    g_autoptr(SertelBsreSyncSummary) s = sync_async (sx, sx->fx.verif, refused, 0, &error);

    g_assert_no_error (error);
    g_assert_error (s->stopped, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_UNREACHABLE);
    g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_REGISTERED);
    g_assert_cmpint (count_rows (sx->fx.path, "audit"), ==, audit_rows);
  }

  /* Not a Verifikator: refused before BSrE is asked. */
  {
    guint before = fake_requests (sx->fake);
    g_autoptr(SertelBsreSyncSummary) s = sync_async (sx, sx->fx.kasi, client, 0, &error);

    g_assert_null (s);
    g_assert_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_ROLE);
    g_clear_error (&error);
    g_assert_cmpuint (fake_requests (sx->fake), ==, before);
  }

  /* Finally BSrE answers: the registered applicant is issued. */
  {
    g_autoptr(SertelBsreSyncSummary) s = sync_async (sx, sx->fx.verif, client, sx->request_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s->issued, ==, 1);
    g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_ISSUED);
  }
}

static void
on_poll_finished (SertelBsrePoller *poller, SertelBsreSyncSummary *summary, GError *error, gpointer user_data)
{
  SyncResult *r = user_data;

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  r->summary = g_new0 (SertelBsreSyncSummary, 1);
  r->summary->checked = summary->checked;
  r->summary->registered = summary->registered;
  g_main_loop_quit (r->loop);
}

static void
test_poller (Sx *sx, gconstpointer data)
{
  g_autoptr(SertelBsreClient) client = fake_client (sx->fake, SERTEL_BSRE_API_V1);
  g_autoptr(SertelBsrePoller) poller = sertel_bsre_poller_new (sx->fx.store, sx->fx.verif, client);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  SyncResult r = { loop, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  fake_set_status (sx->fake, NIK_F, "NEW");
  fake_set_status (sx->fake, NIK_M, "NEW");
  g_signal_connect (poller, "finished", G_CALLBACK (on_poll_finished), &r);
  g_assert_cmpuint (sertel_bsre_poller_get_interval (poller), ==, 0);
  sertel_bsre_poller_set_interval (poller, 1);
  g_main_loop_run (loop);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (r.summary->checked, ==, 2);
  g_assert_cmpuint (r.summary->registered, ==, 2);
  g_free (r.summary);
  sertel_bsre_poller_stop (poller);
  g_assert_cmpuint (sertel_bsre_poller_get_interval (poller), ==, 0);
  g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_REGISTERED);
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_REGISTERED);
}

/* The window's way: settings (memory backend in tests) and the password from
 * the secrets or the environment; the timer follows bsre-poll-minutes. */
static void
test_poller_for_settings (Sx *sx, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SertelBsrePoller) poller = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *url = fake_url (sx->fake);
  SyncResult r = { loop, NULL, NULL };

  g_settings_set_string (settings, "bsre-base-url", url);
  g_settings_set_string (settings, "bsre-user", BSRE_USER);
  g_settings_set_string (settings, "bsre-api-version", "v2");
  g_setenv ("SERTEL_BSRE_PASSWORD", BSRE_PASSWORD, TRUE);
  fake_set_status (sx->fake, NIK_F, "ISSUE");

  poller = sertel_bsre_poller_new_for_settings (sx->fx.store, sx->fx.verif, settings);
  g_assert_cmpuint (sertel_bsre_poller_get_interval (poller), ==, 0);   /* off by default */
  g_settings_set_uint (settings, "bsre-poll-minutes", 2);
  g_assert_cmpuint (sertel_bsre_poller_get_interval (poller), ==, 120);

  g_signal_connect (poller, "finished", G_CALLBACK (on_poll_finished), &r);
  g_assert_true (sertel_bsre_poller_run_now (poller));
  g_assert_false (sertel_bsre_poller_run_now (poller));   /* one run at a time */
  g_main_loop_run (loop);
  g_assert_cmpuint (r.summary->checked, ==, 2);
  g_free (r.summary);
  g_assert_cmpint (state_of (sx, sx->siti), ==, SERTEL_APPLICANT_ISSUED);
  g_assert_cmpint (state_of (sx, sx->ahmad), ==, SERTEL_APPLICANT_PENDING);
  g_assert_cmpstr (sx->fake->path, ==, "/api/v2/user/check/status");
  assert_basic_auth (sx->fake);

  g_settings_set_uint (settings, "bsre-poll-minutes", 0);
  g_assert_cmpuint (sertel_bsre_poller_get_interval (poller), ==, 0);
  g_settings_reset (settings, "bsre-base-url");
  g_settings_reset (settings, "bsre-user");
  g_settings_reset (settings, "bsre-api-version");
  g_unsetenv ("SERTEL_BSRE_PASSWORD");
}

int
main (int argc, char *argv[])
{
  g_autofree char *config_dir = g_dir_make_tmp ("sertel-bsre-XXXXXX", NULL);
  int status;

  /* No secret of the real user: secrets go to a file under this dir. */
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  g_unsetenv ("SERTEL_BSRE_PASSWORD");
  /* 127.0.0.1 directly, whatever proxy the machine has */
  g_unsetenv ("http_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bsre/parse", test_parse);
  g_test_add_func ("/bsre/table", test_table);
  g_test_add_func ("/bsre/client/v1-v2", test_v1_and_v2);
  g_test_add_func ("/bsre/client/every-status-and-field", test_every_status_and_field);
  g_test_add_func ("/bsre/client/http-errors", test_http_errors);
  g_test_add_func ("/bsre/client/retries", test_retries);
  g_test_add_func ("/bsre/client/timeout-refused-unconfigured", test_timeout_refused_unconfigured);
  g_test_add_func ("/bsre/client/async-cancel", test_async_and_cancel);
  g_test_add_func ("/bsre/client/rate-limit", test_rate_limit);
  g_test_add_func ("/bsre/cli", test_cli);
  g_test_add ("/bsre/sync/issued", Sx, NULL, sx_setup, test_sync_issued, sx_teardown);
  g_test_add ("/bsre/sync/registered-attention", Sx, NULL, sx_setup, test_sync_registered_and_attention, sx_teardown);
  g_test_add ("/bsre/sync/faults", Sx, NULL, sx_setup, test_sync_faults, sx_teardown);
  g_test_add ("/bsre/sync/poller", Sx, NULL, sx_setup, test_poller, sx_teardown);
  g_test_add ("/bsre/sync/poller-for-settings", Sx, NULL, sx_setup, test_poller_for_settings, sx_teardown);

  status = g_test_run ();
  remove_template ();
  rm_rf (config_dir);
  return status;
}
