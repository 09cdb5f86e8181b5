/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <string.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "sertel-password.h"
#include "sertel-mail.h"
#include "sertel-secrets.h"

G_DEFINE_QUARK (sertel-mail-error-quark, sertel_mail_error)

/* curl_global_init is not thread-safe on every libcurl: once, early. */
static void
ensure_curl (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&once, 1);
    }
}

SertelMailConfig *
sertel_mail_config_new (void)
{
  SertelMailConfig *config = g_new0 (SertelMailConfig, 1);

  config->security = SERTEL_MAIL_SECURITY_STARTTLS;
  config->connect_timeout = 15;
  config->timeout = 60;
  return config;
}

void
sertel_mail_config_free (SertelMailConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->host);
  g_free (config->user);
  sertel_password_clear_free (config->password);
  g_free (config->from_address);
  g_free (config->from_name);
  g_free (config);
}

SertelMailConfig *
sertel_mail_config_new_from_settings (GSettings *settings, GError **error)
{
  g_autoptr(SertelMailConfig) config = sertel_mail_config_new ();
  g_autofree char *security = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  config->host = g_strstrip (g_settings_get_string (settings, "smtp-host"));
  config->port = g_settings_get_uint (settings, "smtp-port");
  security = g_settings_get_string (settings, "smtp-security");
  if (g_strcmp0 (security, "tls") == 0)
    config->security = SERTEL_MAIL_SECURITY_TLS;
  else if (g_strcmp0 (security, "none") == 0)
    config->security = SERTEL_MAIL_SECURITY_NONE;
  config->user = g_strstrip (g_settings_get_string (settings, "smtp-user"));
  config->from_address = g_strstrip (g_settings_get_string (settings, "smtp-from"));
  config->from_name = g_settings_get_string (settings, "smtp-from-name");
  config->timeout = g_settings_get_uint (settings, "smtp-timeout-seconds");
  config->connect_timeout = MIN (15, config->timeout);

  if (*config->host == '\0' || *config->from_address == '\0')
    {
      g_set_error_literal (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_NOT_CONFIGURED,
                           _("No mail server is set up. Enter the server and the sender address in "
                             "Preferences → Mail."));
      return NULL;
    }
  if (*config->user != '\0')
    {
      config->password = sertel_secret_lookup (SERTEL_MAIL_PASSWORD_KEY, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  return g_steal_pointer (&config);
}

/* ---- MIME ---- */

static gboolean
is_plain_ascii (const char *s)
{
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p >= 0x7f || (*p < 0x20 && *p != '\t'))
      return FALSE;
  return TRUE;
}

char *
sertel_mail_encode_header (const char *text)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return g_strdup ("");
  if (is_plain_ascii (text))
    return g_strdup (text);

  /* RFC 2047: encoded words of at most 75 characters, each whole UTF-8
   * characters (45 bytes → 60 base64 characters + 12 of framing). */
  out = g_string_new (NULL);
  p = text;
  end = text + strlen (text);
  while (p < end)
    {
      const char *q = p;
      g_autofree char *b64 = NULL;

      while (q < end)
        {
          const char *next = g_utf8_next_char (q);
          if (next - p > 45)
            break;
          q = next;
        }
      if (q == p)
        q = MIN (end, p + 45);
      b64 = g_base64_encode ((const guchar *) p, q - p);
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
      p = q;
    }
  return g_string_free (out, FALSE);
}

char *
sertel_mail_format_date (GDateTime *date)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autofree char *rest = g_date_time_format (date, "%Y %H:%M:%S %z");

  /* %a and %b follow the locale; RFC 5322 wants the English names. */
  return g_strdup_printf ("%s, %02d %s %s", days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date), months[g_date_time_get_month (date) - 1], rest);
}

char **
sertel_mail_split_addresses (const char *list)
{
  g_auto(GStrv) parts = g_strsplit_set (list ? list : "", ",;", -1);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    {
      char *a = g_strstrip (parts[i]);
      if (*a)
        g_ptr_array_add (out, g_strdup (a));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

static gboolean
valid_address (const char *a)
{
  const char *at = strchr (a, '@');

  if (at == NULL || at == a || at[1] == '\0' || strchr (at + 1, '@'))
    return FALSE;
  for (const char *p = a; *p; p++)
    if (g_ascii_isspace (*p) || *p == '<' || *p == '>' || *p == '"' || *p == ',' || (guchar) *p < 0x20)
      return FALSE;
  return TRUE;
}

static void
append_base64_lines (GString *out, gconstpointer data, gsize len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  gsize n = strlen (b64);

  for (gsize i = 0; i < n; i += 76)
    {
      g_string_append_len (out, b64 + i, MIN (76, n - i));
      g_string_append (out, "\r\n");
    }
}

/* Text with CRLF line ends whatever it was typed with. */
static char *
to_crlf (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\r')
        {
          if (p[1] == '\n')
            p++;
          g_string_append (out, "\r\n");
        }
      else if (*p == '\n')
        g_string_append (out, "\r\n");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
append_address_header (GString *out, const char *name, const char *list)
{
  g_auto(GStrv) addrs = sertel_mail_split_addresses (list);

  g_string_append_printf (out, "%s: ", name);
  for (guint i = 0; addrs[i]; i++)
    g_string_append_printf (out, "%s<%s>", i ? ",\r\n " : "", addrs[i]);
  g_string_append (out, "\r\n");
}

static char *
quote_display_name (const char *name)
{
  GString *s;

  if (!is_plain_ascii (name))
    return sertel_mail_encode_header (name);
  s = g_string_new ("\"");
  for (const char *p = name; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static gboolean
check_addresses (const char *list, gboolean required, GError **error)
{
  g_auto(GStrv) addrs = sertel_mail_split_addresses (list);

  if (required && addrs[0] == NULL)
    {
      g_set_error_literal (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_INVALID,
                           _("The message has no recipient address."));
      return FALSE;
    }
  for (guint i = 0; addrs[i]; i++)
    if (!valid_address (addrs[i]))
      {
        g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_INVALID,
                     _("“%s” is not an e-mail address."), addrs[i]);
        return FALSE;
      }
  return TRUE;
}

char *
sertel_mail_build (const SertelMailMessage *m,
                   GDateTime               *date,
                   GError                 **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *boundary = NULL;
  const char *domain;

  g_return_val_if_fail (m != NULL, NULL);

  if (m->from_address == NULL || !valid_address (m->from_address))
    {
      g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_INVALID,
                   _("The sender address “%s” is not an e-mail address. Correct it in Preferences → Mail."),
                   m->from_address ? m->from_address : "");
      return NULL;
    }
  if (!check_addresses (m->to, TRUE, error) || !check_addresses (m->cc, FALSE, error))
    return NULL;

  if (date == NULL)
    date = now = g_date_time_new_now_local ();
  date_text = sertel_mail_format_date (date);
  subject = sertel_mail_encode_header (m->subject);
  domain = strchr (m->from_address, '@') + 1;

  out = g_string_new (NULL);
  g_string_append_printf (out, "Date: %s\r\n", date_text);
  if (m->from_name && *m->from_name)
    {
      g_autofree char *name = quote_display_name (m->from_name);
      g_string_append_printf (out, "From: %s <%s>\r\n", name, m->from_address);
    }
  else
    g_string_append_printf (out, "From: <%s>\r\n", m->from_address);
  append_address_header (out, "To", m->to);
  if (m->cc && *m->cc)
    append_address_header (out, "Cc", m->cc);
  g_string_append_printf (out, "Subject: %s\r\n", subject);
  g_string_append_printf (out, "Message-ID: <%" G_GINT64_FORMAT ".%08x%08x@%s>\r\n",
                          g_date_time_to_unix (date), g_random_int (), g_random_int (), domain);
  g_string_append (out, "MIME-Version: 1.0\r\n");

  body = to_crlf (m->body ? m->body : "");
  if (m->attachment != NULL)
    {
      g_autofree char *fname = g_strdup (m->attachment_name && *m->attachment_name ? m->attachment_name
                                                                                   : "lampiran.pdf");
      g_autofree char *fname_enc = NULL;
      gsize len = 0;
      gconstpointer data = g_bytes_get_data (m->attachment, &len);

      g_strdelimit (fname, "\"\\\r\n", '_');
      fname_enc = sertel_mail_encode_header (fname);
      boundary = g_strdup_printf ("=_sertel_%08x%08x", g_random_int (), g_random_int ());
      g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
      g_string_append (out, "This is a message in MIME format.\r\n");
      g_string_append_printf (out, "--%s\r\n", boundary);
      g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
      append_base64_lines (out, body, strlen (body));
      g_string_append_printf (out, "--%s\r\n", boundary);
      g_string_append_printf (out, "Content-Type: %s; name=\"%s\"\r\n",
                              m->attachment_type ? m->attachment_type : "application/pdf", fname_enc);
      g_string_append (out, "Content-Transfer-Encoding: base64\r\n");
      g_string_append_printf (out, "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n", fname_enc);
      append_base64_lines (out, data, len);
      g_string_append_printf (out, "--%s--\r\n", boundary);
    }
  else
    {
      g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
      append_base64_lines (out, body, strlen (body));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- SMTP through libcurl ---- */

typedef struct
{
  const char   *data;
  gsize         len;
  gsize         pos;
  GCancellable *cancellable;
} Upload;

static size_t
read_cb (char *buffer, size_t size, size_t nitems, void *user_data)
{
  Upload *up = user_data;
  gsize n = MIN (size * nitems, up->len - up->pos);

  memcpy (buffer, up->data + up->pos, n);
  up->pos += n;
  return n;
}

static int
progress_cb (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Upload *up = user_data;

  /* Non-zero aborts the transfer: CURLE_ABORTED_BY_CALLBACK. */
  return g_cancellable_is_cancelled (up->cancellable) ? 1 : 0;
}

static void
set_error_from_curl (GError **error, const SertelMailConfig *config, CURLcode rc,
                     const char *errbuf, long response)
{
  const char *host = config->host;

  switch (rc)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_PROXY:
      g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_UNREACHABLE,
                   _("The mail server %s could not be reached. Check the server name, the port and the network."),
                   host);
      return;
    case CURLE_LOGIN_DENIED:
      g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_LOGIN,
                   _("The mail server %s refused the login. Check the user name and the password in "
                     "Preferences → Mail."), host);
      return;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_CERTIFICATE,
                   _("A secure connection to the mail server %s could not be made (certificate problem "
                     "or no encryption offered). Check the server name and the security setting."), host);
      return;
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_TIMEOUT,
                   _("The mail server %s did not answer in time. It will be tried again."), host);
      return;
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error_literal (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_CANCELLED,
                           _("Sending was cancelled."));
      return;
    default:
      break;
    }

  /* curl reports a refused RCPT TO / MAIL FROM as a send error whose text
   * names the command ("RCPT failed: 550"). */
  if (g_str_has_prefix (errbuf, "RCPT failed"))
    {
      g_set_error_literal (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_RECIPIENT,
                           _("The mail server does not know this address."));
      return;
    }
  if (g_str_has_prefix (errbuf, "MAIL failed"))
    {
      g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_SENDER,
                   _("The mail server refused the sender address %s. Check it in Preferences → Mail."),
                   config->from_address);
      return;
    }
  g_set_error (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_FAILED,
               _("The mail server %s did not take the message (%s)."), host,
               *errbuf ? errbuf : curl_easy_strerror (rc));
  (void) response;
}

static gboolean
send_raw (const SertelMailConfig *config,
          const char             *from_address,
          char                  **recipients,
          const char             *data,
          GCancellable           *cancellable,
          GError                **error)
{
  g_autofree char *url = NULL;
  g_autofree char *mail_from = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *rcpt = NULL;
  Upload up = { data, strlen (data), 0, cancellable };
  long response = 0;
  CURLcode rc;
  CURL *curl;
  guint port;

  if (config == NULL || config->host == NULL || *config->host == '\0')
    {
      g_set_error_literal (error, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_NOT_CONFIGURED,
                           _("No mail server is set up. Enter the server and the sender address in "
                             "Preferences → Mail."));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  ensure_curl ();
  port = config->port ? config->port : config->security == SERTEL_MAIL_SECURITY_TLS ? 465 : 587;
  url = g_strdup_printf ("%s://%s:%u", config->security == SERTEL_MAIL_SECURITY_TLS ? "smtps" : "smtp",
                         config->host, port);
  mail_from = g_strdup_printf ("<%s>", from_address);
  for (guint i = 0; recipients[i]; i++)
    {
      g_autofree char *r = g_strdup_printf ("<%s>", recipients[i]);
      rcpt = curl_slist_append (rcpt, r);
    }

  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) (config->security == SERTEL_MAIL_SECURITY_NONE
                                                   ? CURLUSESSL_NONE : CURLUSESSL_ALL));
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) (config->connect_timeout ? config->connect_timeout : 15));
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) (config->timeout ? config->timeout : 60));
  if (config->user && *config->user)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, config->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password ? config->password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &up);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) up.len);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &up);

  rc = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response);
  curl_easy_cleanup (curl);
  curl_slist_free_all (rcpt);

  if (rc != CURLE_OK)
    {
      g_debug ("SMTP to %s failed: %s (%s, last reply %ld)", url, curl_easy_strerror (rc), errbuf, response);
      set_error_from_curl (error, config, rc, errbuf, response);
      return FALSE;
    }
  return TRUE;
}

gboolean
sertel_mail_send (const SertelMailConfig  *config,
                  const SertelMailMessage *message,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_auto(GStrv) to = NULL;
  g_auto(GStrv) cc = NULL;

  g_return_val_if_fail (config != NULL && message != NULL, FALSE);

  data = sertel_mail_build (message, NULL, error);
  if (data == NULL)
    return FALSE;
  to = sertel_mail_split_addresses (message->to);
  cc = sertel_mail_split_addresses (message->cc);
  all = g_ptr_array_new ();
  for (guint i = 0; to[i]; i++)
    g_ptr_array_add (all, to[i]);
  for (guint i = 0; cc[i]; i++)
    g_ptr_array_add (all, cc[i]);
  g_ptr_array_add (all, NULL);
  return send_raw (config, message->from_address, (char **) all->pdata, data, cancellable, error);
}

gboolean
sertel_mail_probe_address (const SertelMailConfig  *config,
                           const char              *address,
                           const char              *subject,
                           const char              *body,
                           GCancellable            *cancellable,
                           gboolean                *out_accepted,
                           char                   **out_message,
                           GError                 **error)
{
  g_autoptr(GError) local = NULL;
  SertelMailMessage m = { 0 };

  g_return_val_if_fail (config != NULL, FALSE);
  *out_accepted = FALSE;
  *out_message = NULL;

  m.from_address = config->from_address;
  m.from_name = config->from_name;
  m.to = address;
  m.subject = subject ? subject : "Pemeriksaan alamat e-mail dinas";
  m.body = body ? body : "Pesan ini dikirim untuk memeriksa bahwa alamat e-mail dinas ini aktif. "
                         "Pesan ini tidak perlu dibalas.";

  /* libcurl cannot stop after RCPT TO, so a short real message goes out;
   * what counts is whether the server took the recipient. */
  if (sertel_mail_send (config, &m, cancellable, &local))
    {
      *out_accepted = TRUE;
      *out_message = g_strdup (_("The mail server accepted this address."));
      return TRUE;
    }
  if (g_error_matches (local, SERTEL_MAIL_ERROR, SERTEL_MAIL_ERROR_RECIPIENT))
    {
      *out_message = g_strdup (local->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}
