/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mail through a real SMTP server: aiosmtpd (Debian's python3-aiosmtpd) on
 * 127.0.0.1 stores what it receives in a maildir, and Python's own e-mail
 * parser reads it back, so recipients, headers, the body and the attached
 * PDF are checked by an independent decoder. Also: an unreachable server,
 * a refused recipient, a crash mid-send (reconciled, never resent), retry
 * and cancel, the worker thread, the secrets file and the templates. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sys/wait.h>
#ifdef __linux__
#include <signal.h>
#include <sys/prctl.h>
#endif

#include "sertel-mail-templates.h"
#include "sertel-mail.h"
#include "sertel-notify.h"
#include "sertel-outbox.h"
#include "sertel-secrets.h"
#include "sertel-store-letters.h"
#include "sertel-store-outbox.h"
#include "sertel-test-util.c"

#define PYTHON "/usr/bin/python3"
#define FROM "sertel@malutprov.go.id"

static GSubprocess *smtp_server;
static char *maildir;
static guint smtp_port;
static guint closed_port;

static guint
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (sock);
  g_socket_bind (sock, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_open (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;

  g_socket_client_set_timeout (client, 1);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return conn != NULL;
}

#ifdef __linux__
/* The server goes when the test goes, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

static void
start_server (void)
{
  /* Silenced: a server holding the test's stdout open would keep the
   * harness waiting after a failed assertion. */
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  const char *subdirs[] = { "tmp", "new", "cur" };

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return;
  maildir = make_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *d = g_build_filename (maildir, subdirs[i], NULL);
      g_mkdir (d, 0700);
    }
  smtp_port = free_port ();
  closed_port = free_port ();
  listen = g_strdup_printf ("127.0.0.1:%u", smtp_port);
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  g_subprocess_launcher_setenv (launcher, "PYTHONPATH", g_test_get_dir (G_TEST_DIST), TRUE);
  smtp_server = g_subprocess_launcher_spawn (launcher, &error, PYTHON, "-m", "aiosmtpd", "-n", "-l", listen,
                                             "-c", "smtp_refuse.RefusingMailbox", maildir, NULL);
  g_assert_no_error (error);
  for (int i = 0; i < 100 && !port_open (smtp_port); i++)
    g_usleep (50000);
}

static void
stop_server (void)
{
  if (smtp_server)
    {
      g_subprocess_force_exit (smtp_server);
      g_subprocess_wait (smtp_server, NULL, NULL);
      g_clear_object (&smtp_server);
    }
  if (maildir)
    rm_rf (maildir);
  g_clear_pointer (&maildir, g_free);
}

static gboolean
need_server (void)
{
  if (smtp_server == NULL || !port_open (smtp_port))
    {
      g_test_skip ("python3-aiosmtpd is not installed (see build-aux/setup)");
      return FALSE;
    }
  return TRUE;
}

/* The received messages, oldest first, as Python's e-mail parser sees them. */
static JsonArray *
received (JsonParser **out_parser)
{
  static const char script[] =
    "import sys, json, base64, email, email.policy, os\n"
    "d = os.path.join(sys.argv[1], 'new')\n"
    "out = []\n"
    "for f in sorted(os.listdir(d), key=lambda n: os.stat(os.path.join(d, n)).st_mtime_ns):\n"
    "    m = email.message_from_bytes(open(os.path.join(d, f), 'rb').read(), policy=email.policy.default)\n"
    "    r = {'subject': str(m['subject']), 'date': str(m['date']), 'message_id': str(m['message-id']),\n"
    "         'from': str(m['from']), 'to': str(m['to']), 'cc': str(m['cc'] or ''),\n"
    "         'rcpt': str(m['x-rcptto']), 'attachments': []}\n"
    "    r['date_ok'] = email.utils.parsedate_to_datetime(r['date']) is not None\n"
    "    r['body'] = m.get_body(('plain',)).get_content().replace('\\r\\n', '\\n')\n"
    "    for a in m.iter_attachments():\n"
    "        r['attachments'].append({'name': a.get_filename(), 'type': a.get_content_type(),\n"
    "                                 'data': base64.b64encode(a.get_content()).decode()})\n"
    "    out.append(r)\n"
    "print(json.dumps(out))\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                               PYTHON, "-c", script, maildir, NULL);
  JsonParser *parser;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (p));
  parser = json_parser_new ();
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  *out_parser = parser;
  return json_node_get_array (json_parser_get_root (parser));
}

static guint
n_received (void)
{
  g_autoptr(JsonParser) parser = NULL;
  return json_array_get_length (received (&parser));
}

static void
clear_maildir (void)
{
  g_autofree char *d = g_build_filename (maildir, "new", NULL);
  g_autoptr(GDir) dir = g_dir_open (d, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *f = g_build_filename (d, name, NULL);
      g_remove (f);
    }
}

static SertelMailConfig *
config_for (guint port)
{
  SertelMailConfig *c = sertel_mail_config_new ();

  c->host = g_strdup ("127.0.0.1");
  c->port = port;
  c->security = SERTEL_MAIL_SECURITY_NONE;
  c->from_address = g_strdup (FROM);
  c->from_name = g_strdup ("Dinas Kominfo Provinsi Maluku Utara");
  c->connect_timeout = 5;
  c->timeout = 20;
  return c;
}

static GSettings *
mail_settings (guint port)
{
  g_autoptr(GError) error = NULL;
  GSettings *s = sertel_mail_settings_new (&error);

  g_assert_no_error (error);
  g_settings_set_string (s, "smtp-host", "127.0.0.1");
  g_settings_set_uint (s, "smtp-port", port);
  g_settings_set_string (s, "smtp-security", "none");
  g_settings_set_string (s, "smtp-user", "");
  g_settings_set_string (s, "smtp-from", FROM);
  g_settings_set_uint (s, "smtp-timeout-seconds", 20);
  return s;
}

static SertelOutboxMessage *
get_msg (SertelStore *store, gint64 id)
{
  g_autoptr(GError) error = NULL;
  SertelOutboxMessage *m = sertel_store_outbox_get (store, id, &error);

  g_assert_no_error (error);
  return m;
}

static gint64
queue_simple (Fx *fx, const char *to, const char *subject)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sertel_store_outbox_queue (fx->store, fx->operator, "received", 0, 0, to, NULL, subject,
                                         "Isi pesan.\nBaris kedua.", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64 fake_now;

static gint64
fake_clock (gpointer data)
{
  return fake_now;
}

/* ------------------------------------------------------------------------ */

static void
test_secrets (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "sertel", "secrets", "smtp-password", NULL);
  g_autofree char *value = NULL;
  GStatBuf st;
  gint64 start = g_get_monotonic_time ();

  /* No session bus in the tests: the private file, and quickly. */
  g_assert_cmpstr (sertel_secret_backend_name (), ==, "file");
  g_assert_true (sertel_secret_store ("smtp-password", "rahasia ÿ 123", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  value = sertel_secret_lookup ("smtp-password", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "rahasia ÿ 123");
  g_clear_pointer (&value, g_free);

  g_assert_true (sertel_secret_clear ("smtp-password", &error));
  g_assert_no_error (error);
  value = sertel_secret_lookup ("smtp-password", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_false (sertel_secret_store ("../etc/passwd", "x", &error));
  g_assert_error (error, SERTEL_SECRET_ERROR, SERTEL_SECRET_ERROR_INVALID);
}

static void
test_mime (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 25, 9, 5, 7);
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GBytes) pdf = pdf_bytes ();
  SertelMailMessage m = {
    .from_address = FROM, .from_name = "Dinas Kominfo", .to = "a@malutprov.go.id, b@malutprov.go.id",
    .cc = "c@malutprov.go.id", .subject = "Surat Rekomendasi — nomor 000.6/1", .body = "Halo\nDunia",
    .attachment = pdf, .attachment_name = "rekomendasi.pdf",
  };

  text = sertel_mail_build (&m, date, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "Date: Wed, 25 Nov 2026 09:05:07 +0000\r\n"));
  g_assert_nonnull (strstr (text, "\r\nSubject: =?UTF-8?B?"));
  g_assert_nonnull (strstr (text, "@malutprov.go.id>\r\nMIME-Version: 1.0\r\n"));
  g_assert_nonnull (strstr (text, "Content-Type: multipart/mixed;"));
  g_assert_nonnull (strstr (text, "Content-Disposition: attachment; filename=\"rekomendasi.pdf\""));
  /* No bare LF anywhere. */
  for (const char *p = text; *p; p++)
    if (*p == '\n')
      g_assert_cmpint (p[-1], ==, '\r');

  subject = sertel_mail_encode_header ("Plain ASCII");
  g_assert_cmpstr (subject, ==, "Plain ASCII");

  m.to = "bukan alamat";
  g_clear_pointer (&text, g_free);
  text = sertel_mail_build (&m, date, &error);
  g_assert_null (text);
  g_assert_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_INVALID);
}

static void
test_backoff (void)
{
  g_assert_cmpint (sertel_outbox_backoff (1), ==, 60);
  g_assert_cmpint (sertel_outbox_backoff (2), ==, 120);
  g_assert_cmpint (sertel_outbox_backoff (3), ==, 240);
  g_assert_cmpint (sertel_outbox_backoff (7), ==, 3600);
  g_assert_cmpint (sertel_outbox_backoff (10), ==, 3600);
}

static void
test_send_receive (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(SertelOutboxMessage) m1 = NULL;
  g_autoptr(SertelOutboxMessage) m2 = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree guint8 *decoded = NULL;
  GString *big = g_string_new ("%PDF-1.7\n");
  JsonArray *msgs;
  JsonObject *o, *att;
  guint sent = 0, failed = 0;
  gsize len;
  gint64 id1, id2;
  const char *subject = "Surat Rekomendasi sertifikat elektronik — Nomor 000.6.5.6/12/DKIP/2026 untuk Siti Nur’aini";

  if (!need_server ())
    return;
  clear_maildir ();

  /* A PDF with every byte value, larger than one base64 line. */
  for (int i = 0; i < 5000; i++)
    g_string_append_c (big, (char) (i * 7 % 256));
  pdf = g_string_free_to_bytes (big);

  id1 = sertel_store_outbox_queue (fx->store, fx->kasi, "recommended", 0, 0,
                                   "siti.nuraini@malutprov.go.id", "dinas.pendidikan@malutprov.go.id",
                                   subject, "Yth. Siti Nur’aini,\n\nTerlampir Surat Rekomendasi.\n.\nSalam",
                                   pdf, "Surat Rekomendasi.pdf", &error);
  g_assert_no_error (error);
  id2 = queue_simple (fx, "ahmad.yani@malutprov.go.id", "Permohonan diterima");

  /* Committed first: queued, nothing on the wire yet. */
  m1 = get_msg (fx->store, id1);
  g_assert_cmpint (m1->state, ==, SERTEL_OUTBOX_QUEUED);
  g_assert_cmpint (m1->attempts, ==, 0);
  g_clear_pointer (&m1, sertel_outbox_message_free);
  g_assert_cmpuint (n_received (), ==, 0);

  settings = mail_settings (smtp_port);
  g_assert_true (sertel_outbox_send_due (fx->store, settings, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 2);
  g_assert_cmpuint (failed, ==, 0);

  m1 = get_msg (fx->store, id1);
  m2 = get_msg (fx->store, id2);
  g_assert_cmpint (m1->state, ==, SERTEL_OUTBOX_SENT);
  g_assert_cmpint (m1->attempts, ==, 1);
  g_assert_cmpint (m1->sent_at, >, 0);
  g_assert_cmpint (m2->state, ==, SERTEL_OUTBOX_SENT);

  msgs = received (&parser);
  g_assert_cmpuint (json_array_get_length (msgs), ==, 2);
  o = json_array_get_object_element (msgs, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "subject"), ==, subject);
  g_assert_nonnull (strstr (json_object_get_string_member (o, "rcpt"), "siti.nuraini@malutprov.go.id"));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "rcpt"), "dinas.pendidikan@malutprov.go.id"));
  g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "siti.nuraini@malutprov.go.id");
  g_assert_cmpstr (json_object_get_string_member (o, "cc"), ==, "dinas.pendidikan@malutprov.go.id");
  g_assert_nonnull (strstr (json_object_get_string_member (o, "from"), FROM));
  g_assert_true (json_object_get_boolean_member (o, "date_ok"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "message_id"), "@malutprov.go.id>"));
  g_assert_cmpstr (json_object_get_string_member (o, "body"), ==,
                   "Yth. Siti Nur’aini,\n\nTerlampir Surat Rekomendasi.\n.\nSalam");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "attachments")), ==, 1);
  att = json_array_get_object_element (json_object_get_array_member (o, "attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (att, "name"), ==, "Surat Rekomendasi.pdf");
  g_assert_cmpstr (json_object_get_string_member (att, "type"), ==, "application/pdf");
  decoded = g_base64_decode (json_object_get_string_member (att, "data"), &len);
  g_assert_cmpmem (decoded, len, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));

  o = json_array_get_object_element (msgs, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "subject"), ==, "Permohonan diterima");
  g_assert_cmpstr (json_object_get_string_member (o, "body"), ==, "Isi pesan.\nBaris kedua.");

  /* Nothing more is due: a second run sends nothing. */
  g_assert_true (sertel_outbox_send_due (fx->store, settings, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent + failed, ==, 0);
  g_assert_cmpuint (n_received (), ==, 2);

  /* queue, attempt, sent: each in the audit chain. */
  audit = sertel_store_list_audit (fx->store, id1, "outbox", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 3);
  assert_audit_ok (fx->store);
}

static void
test_unreachable (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelMailConfig) bad = config_for (closed_port);
  g_autoptr(SertelMailConfig) good = NULL;
  g_autoptr(SertelOutboxMessage) m = NULL;
  guint sent = 0, failed = 0;
  gint64 id;

  if (!need_server ())
    return;
  clear_maildir ();
  fake_now = 1800000000;
  sertel_store_set_clock (fx->store, fake_clock, NULL);
  id = queue_simple (fx, "siti.nuraini@malutprov.go.id", "Coba lagi");

  g_assert_true (sertel_outbox_send_due_with_config (fx->store, bad, 10, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (failed, ==, 1);
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_FAILED);
  g_assert_cmpint (m->attempts, ==, 1);
  g_assert_cmpint (m->next_try_at, ==, fake_now + 60);
  g_assert_nonnull (strstr (m->last_error, "could not be reached"));
  g_clear_pointer (&m, sertel_outbox_message_free);

  /* Not due yet: nothing is tried. */
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, bad, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent + failed, ==, 0);

  /* A minute later, again; the pause doubles. */
  fake_now += 61;
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, bad, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (failed, ==, 1);
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->attempts, ==, 2);
  g_assert_cmpint (m->next_try_at, ==, fake_now + 120);
  g_clear_pointer (&m, sertel_outbox_message_free);

  /* The server is back: delivered, once. */
  fake_now += 121;
  good = config_for (smtp_port);
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, good, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent, ==, 1);
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_SENT);
  g_assert_cmpint (m->attempts, ==, 3);
  g_assert_cmpuint (n_received (), ==, 1);
  g_clear_pointer (&m, sertel_outbox_message_free);

  /* Giving up after max attempts: no next try, waits for a person. */
  id = queue_simple (fx, "ahmad.yani@malutprov.go.id", "Dua kali saja");
  for (int i = 0; i < 2; i++)
    {
      fake_now += 4000;
      g_assert_true (sertel_outbox_send_due_with_config (fx->store, bad, 2, NULL, &sent, &failed, &error));
      g_assert_cmpuint (failed, ==, 1);
    }
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_FAILED);
  g_assert_cmpint (m->attempts, ==, 2);
  g_assert_cmpint (m->next_try_at, ==, 0);
  fake_now += 4000;
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, good, 2, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent + failed, ==, 0);
}

static void
test_reconcile_retry_cancel (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelMailConfig) good = config_for (smtp_port);
  g_autoptr(SertelOutboxMessage) claimed = NULL;
  g_autoptr(SertelOutboxMessage) m = NULL;
  guint sent = 0, failed = 0, n_unknown = 0;
  gint64 id, other;

  if (!need_server ())
    return;
  clear_maildir ();
  id = queue_simple (fx, "siti.nuraini@malutprov.go.id", "Terputus");

  /* The worker recorded the attempt, then the power went. */
  claimed = sertel_store_outbox_claim_due (fx->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (claimed->id, ==, id);
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_SENDING);
  g_assert_cmpint (m->attempts, ==, 1);
  g_assert_cmpint (m->last_attempt_at, >, 0);
  g_clear_pointer (&m, sertel_outbox_message_free);

  /* Next start: reconciled to "unknown", and not sent again by itself. */
  g_assert_true (sertel_store_outbox_reconcile (fx->store, &n_unknown, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_unknown, ==, 1);
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_UNKNOWN);
  g_assert_nonnull (m->last_error);
  g_clear_pointer (&m, sertel_outbox_message_free);
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, good, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent + failed, ==, 0);
  g_assert_cmpuint (n_received (), ==, 0);

  /* A person retries: sent exactly once. */
  g_assert_true (sertel_store_outbox_retry (fx->store, fx->operator, id, &error));
  g_assert_no_error (error);
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, good, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (n_received (), ==, 1);

  /* A sent message can be neither retried nor cancelled. */
  g_assert_false (sertel_store_outbox_retry (fx->store, fx->operator, id, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (sertel_store_outbox_cancel (fx->store, fx->operator, id, &error));
  g_assert_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* Cancelled before sending: never sent. */
  other = queue_simple (fx, "ahmad.yani@malutprov.go.id", "Batal");
  g_assert_true (sertel_store_outbox_cancel (fx->store, fx->operator, other, &error));
  g_assert_no_error (error);
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, good, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (sent + failed, ==, 0);
  m = get_msg (fx->store, other);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_CANCELLED);
  g_assert_cmpuint (n_received (), ==, 1);
  assert_audit_ok (fx->store);
}

static void
test_refused_recipient (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelMailConfig) good = config_for (smtp_port);
  g_autoptr(SertelOutboxMessage) m = NULL;
  g_autofree char *message = NULL;
  gboolean accepted = TRUE;
  guint sent = 0, failed = 0;
  gint64 id, checked_at = 0, applicant_id;

  if (!need_server ())
    return;
  clear_maildir ();
  {
    g_autoptr(GPtrArray) applicants = sertel_store_list_applicants (fx->store, create_two (fx, "800/1/2026", NULL),
                                                                    &error);
    g_assert_no_error (error);
    applicant_id = sertel_applicant_get_id (g_ptr_array_index (applicants, 0));
  }

  /* The probe: refused in words, accepted otherwise. */
  g_assert_true (sertel_mail_probe_address (good, "tidakada.orang@malutprov.go.id", NULL, NULL, NULL,
                                            &accepted, &message, &error));
  g_assert_no_error (error);
  g_assert_false (accepted);
  g_assert_cmpstr (message, ==, "The mail server does not know this address.");
  g_assert_true (sertel_store_record_email_check (fx->store, fx->kasi, applicant_id, "tidakada.orang@malutprov.go.id",
                                                  accepted, message, &error));
  g_assert_no_error (error);
  g_clear_pointer (&message, g_free);
  g_assert_true (sertel_store_get_email_check (fx->store, applicant_id, &checked_at, &accepted, &message, &error));
  g_assert_cmpint (checked_at, >, 0);
  g_assert_false (accepted);
  g_assert_cmpstr (message, ==, "The mail server does not know this address.");
  g_clear_pointer (&message, g_free);
  g_assert_cmpuint (n_received (), ==, 0);

  g_assert_true (sertel_mail_probe_address (good, "siti.nuraini@malutprov.go.id", NULL, NULL, NULL,
                                            &accepted, &message, &error));
  g_assert_no_error (error);
  g_assert_true (accepted);
  g_assert_cmpuint (n_received (), ==, 1);
  g_clear_pointer (&message, g_free);

  /* An unreachable server is not a verdict on the address. */
  {
    g_autoptr(SertelMailConfig) bad = config_for (closed_port);
    g_assert_false (sertel_mail_probe_address (bad, "siti.nuraini@malutprov.go.id", NULL, NULL, NULL,
                                               &accepted, &message, &error));
    g_assert_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_UNREACHABLE);
    g_clear_error (&error);
  }

  /* In the outbox a refused recipient fails without a next try. */
  id = queue_simple (fx, "tidakada@malutprov.go.id", "Tidak sampai");
  g_assert_true (sertel_outbox_send_due_with_config (fx->store, good, 10, NULL, &sent, &failed, &error));
  g_assert_cmpuint (failed, ==, 1);
  m = get_msg (fx->store, id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_FAILED);
  g_assert_cmpint (m->next_try_at, ==, 0);
  g_assert_cmpstr (m->last_error, ==, "The mail server does not know this address.");
}

static void
on_changed (SertelOutboxWorker *worker, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_worker (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SertelOutboxWorker) worker = NULL;
  g_autoptr(SertelOutboxMessage) stuck = NULL;
  g_autoptr(SertelOutboxMessage) m = NULL;
  gint64 id, stuck_id, deadline;
  guint changed = 0;

  if (!need_server ())
    return;
  clear_maildir ();
  settings = mail_settings (smtp_port);

  /* One left "sending" by a crash before the worker starts. */
  stuck_id = queue_simple (fx, "ahmad.yani@malutprov.go.id", "Terputus");
  stuck = sertel_store_outbox_claim_due (fx->store, 10, &error);
  g_assert_no_error (error);

  worker = sertel_outbox_worker_new (fx->store);
  g_signal_connect (worker, "changed", G_CALLBACK (on_changed), &changed);
  sertel_outbox_worker_start (worker);
  id = queue_simple (fx, "siti.nuraini@malutprov.go.id", "Dari pekerja");
  sertel_outbox_worker_wake (worker);

  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  for (;;)
    {
      g_clear_pointer (&m, sertel_outbox_message_free);
      m = get_msg (fx->store, id);
      if (m->state == SERTEL_OUTBOX_SENT && changed >= 2)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  sertel_outbox_worker_stop (worker);
  g_clear_pointer (&m, sertel_outbox_message_free);
  m = get_msg (fx->store, stuck_id);
  g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_UNKNOWN);
  g_assert_cmpuint (n_received (), ==, 1);
}

static void
test_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = sertel_mail_settings_new (&error);
  g_autoptr(SertelRequest) r = make_request ("800/12/DISDIK/2026");
  g_autoptr(SertelApplicant) a = make_applicant ("Siti Nur'aini", NIK_F, NIP_F);
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *plain = NULL;

  g_assert_no_error (error);
  sertel_mail_template_render_kind (settings, SERTEL_MAIL_RETURNED, r, a, "Scan KTP tidak terbaca", &subject, &body);
  g_assert_cmpstr (subject, ==, "Permohonan dikembalikan — 800/12/DISDIK/2026");
  g_assert_true (g_str_has_prefix (body, "Yth. Siti Nur'aini,\n\n"));
  g_assert_nonnull (strstr (body, "Scan KTP tidak terbaca"));
  g_assert_nonnull (strstr (body, "Dinas Pendidikan"));
  g_assert_null (strstr (body, "{"));

  values = sertel_mail_template_values (r, a, NULL, "Kantor");
  plain = sertel_mail_template_render ("{nama} {tidak_dikenal} {", values);
  g_assert_cmpstr (plain, ==, "Siti Nur'aini {tidak_dikenal} {");

  for (guint k = 0; k < SERTEL_MAIL_N_KINDS; k++)
    {
      g_autofree char *s = NULL;
      g_autofree char *b = NULL;
      sertel_mail_template_render_kind (settings, k, r, a, "alasan", &s, &b);
      g_assert_true (*s && *b);
      g_assert_null (strchr (s, '\n'));
    }
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = data;
  g_autofree char *message = NULL;
  gboolean accepted = FALSE;

  g_assert_true (sertel_notify_check_email_finish (result, &accepted, &message, &error));
  g_assert_no_error (error);
  g_assert_true (accepted);
  g_assert_cmpstr (message, ==, "The mail server accepted this address.");
  *done = TRUE;
}

/* The steps queue the right messages (nothing sent inline); the worker's
 * run then delivers them with the letter attached and the reason written. */
static void
test_notify_steps (Fx *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) letter = NULL;
  g_autofree guint8 *decoded = NULL;
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gint64 id, a1, a2, checked_at = 0;
  guint n = 0, sent = 0, failed = 0;
  gboolean done = FALSE;
  JsonArray *msgs;
  gsize len;

  if (!need_server ())
    return;
  clear_maildir ();
  settings = mail_settings (smtp_port);

  id = create_two (fx, "800/77/DISDIK/2026", NULL);
  applicants = sertel_store_list_applicants (fx->store, id, &error);
  g_assert_no_error (error);
  a1 = sertel_applicant_get_id (g_ptr_array_index (applicants, 0));
  a2 = sertel_applicant_get_id (g_ptr_array_index (applicants, 1));

  g_assert_true (sertel_notify_queue (fx->store, fx->operator, SERTEL_MAIL_RECEIVED, id, 0, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  /* Internal steps queue nothing. */
  to_verifikator (fx, id);
  g_assert_true (sertel_notify_queue_for_transition (fx->store, fx->kasi, id, 0, SERTEL_ACTION_ASSIGN, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  for (int i = 0; i < 3000; i++)
    g_string_append_c (pdf, (char) (i * 13 % 256));
  letter = g_string_free_to_bytes (pdf);
  g_assert_cmpint (sertel_store_issue_letter (fx->store, fx->verif, id, "rekomendasi", letter, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (sertel_notify_queue (fx->store, fx->verif, SERTEL_MAIL_RECOMMENDED, id, 0, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  move_applicant_ok (fx, a1, SERTEL_ACTION_MARK_REGISTERED, NULL);
  move_applicant_ok (fx, a1, SERTEL_ACTION_MARK_VERIFIED, NULL);
  move_applicant_ok (fx, a1, SERTEL_ACTION_MARK_ISSUED, NULL);
  g_assert_true (sertel_notify_queue_for_transition (fx->store, fx->verif, id, a1, SERTEL_ACTION_MARK_ISSUED,
                                                     &n, &error));
  g_assert_cmpuint (n, ==, 1);
  move_applicant_ok (fx, a2, SERTEL_ACTION_MARK_REJECTED, "NIK tidak terdaftar di Dukcapil");
  g_assert_true (sertel_notify_queue_for_transition (fx->store, fx->verif, 0, a2, SERTEL_ACTION_MARK_REJECTED,
                                                     &n, &error));
  g_assert_cmpuint (n, ==, 1);

  /* All committed, none sent yet. */
  outbox = sertel_store_outbox_list (fx->store, SERTEL_OUTBOX_QUEUED, 0, &error);
  g_assert_cmpuint (outbox->len, ==, 6);
  g_assert_cmpuint (n_received (), ==, 0);

  g_assert_true (sertel_outbox_send_due (fx->store, settings, NULL, &sent, &failed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 6);
  msgs = received (&parser);
  g_assert_cmpuint (json_array_get_length (msgs), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      JsonObject *o = json_array_get_object_element (msgs, i);
      const char *subject = json_object_get_string_member (o, "subject");
      JsonArray *atts = json_object_get_array_member (o, "attachments");

      if (g_str_has_prefix (subject, "Surat Rekomendasi"))
        {
          JsonObject *att = json_array_get_object_element (atts, 0);
          g_assert_cmpuint (json_array_get_length (atts), ==, 1);
          g_assert_true (g_str_has_prefix (json_object_get_string_member (att, "name"), "Surat Rekomendasi "));
          g_clear_pointer (&decoded, g_free);
          decoded = g_base64_decode (json_object_get_string_member (att, "data"), &len);
          g_assert_cmpmem (decoded, len, g_bytes_get_data (letter, NULL), g_bytes_get_size (letter));
        }
      else
        g_assert_cmpuint (json_array_get_length (atts), ==, 0);
      if (g_str_has_prefix (subject, "Permohonan sertifikat elektronik ditolak"))
        {
          g_assert_nonnull (strstr (json_object_get_string_member (o, "body"), "NIK tidak terdaftar di Dukcapil"));
          g_assert_nonnull (strstr (json_object_get_string_member (o, "rcpt"), "ahmad.yani@malutprov.go.id"));
        }
      g_assert_null (strstr (json_object_get_string_member (o, "body"), "{nama}"));
    }

  /* The e-mail check, off the main thread, recorded for the checklist. */
  sertel_notify_check_email_async (fx->store, fx->kasi, a1, NULL, on_checked, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sertel_store_get_email_check (fx->store, a1, &checked_at, NULL, NULL, &error));
  g_assert_cmpint (checked_at, >, 0);
  g_assert_cmpuint (n_received (), ==, 7);
  assert_audit_ok (fx->store);
}

/* sertel-cli outbox: exit codes and messages. */
static void
test_cli (Fx *fx, gconstpointer data)
{
  const char *cli = g_getenv ("SERTEL_CLI");
  struct { const char *args; int status; const char *out; } cases[] = {
    { "list", 0, "Nur" },
    { "list --state sent", 0, NULL },
    { "list --state frob", 2, NULL },
    { "retry 1", 1, NULL },              /* no --user */
    { "cancel x", 2, NULL },
    { "frob", 2, NULL },
    { "send", 1, NULL },                 /* no mail server set up */
  };

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("SERTEL_CLI is not set");
      return;
    }
  queue_simple (fx, "siti.nuraini@malutprov.go.id", "Untuk Siti Nur'aini");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *database = g_shell_quote (fx->path);
      g_autofree char *cmd = g_strdup_printf ("%s outbox %s --database %s", cli, cases[i].args, database);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int wait_status = 0;

      g_spawn_command_line_sync (cmd, &out, &err, &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (wait_status));
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, cases[i].status);
      if (cases[i].out)
        g_assert_nonnull (strstr (out, cases[i].out));
    }

  /* Signed in: cancel, and then retry. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelOutboxMessage) m = NULL;
    g_autofree char *nip = staff_nip (2);
    g_autofree char *database = g_shell_quote (fx->path);
    g_autofree char *cmd = g_strdup_printf ("%s outbox cancel 1 --user %s --database %s", cli, nip, database);
    const char *env_pw = "SERTEL_PASSWORD";
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int wait_status = 0;

    g_setenv (env_pw, TEST_PASSWORD, TRUE);
    g_spawn_command_line_sync (cmd, &out, &err, &wait_status, &error);
    g_unsetenv (env_pw);
    g_assert_no_error (error);
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
    m = get_msg (fx->store, 1);
    g_assert_cmpint (m->state, ==, SERTEL_OUTBOX_CANCELLED);
    g_assert_nonnull (strstr (out, "cancelled"));
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  start_server ();

  g_test_add_func ("/mail/secrets", test_secrets);
  g_test_add_func ("/mail/mime", test_mime);
  g_test_add_func ("/mail/backoff", test_backoff);
  g_test_add_func ("/mail/templates", test_templates);
  g_test_add ("/mail/send-receive", Fx, NULL, fx_setup, test_send_receive, fx_teardown);
  g_test_add ("/mail/unreachable", Fx, NULL, fx_setup, test_unreachable, fx_teardown);
  g_test_add ("/mail/reconcile-retry-cancel", Fx, NULL, fx_setup, test_reconcile_retry_cancel, fx_teardown);
  g_test_add ("/mail/refused-recipient", Fx, NULL, fx_setup, test_refused_recipient, fx_teardown);
  g_test_add ("/mail/worker", Fx, NULL, fx_setup, test_worker, fx_teardown);
  g_test_add ("/mail/notify-steps", Fx, NULL, fx_setup, test_notify_steps, fx_teardown);
  g_test_add ("/mail/cli", Fx, NULL, fx_setup, test_cli, fx_teardown);

  status = g_test_run ();
  stop_server ();
  remove_template ();
  return status;
}
