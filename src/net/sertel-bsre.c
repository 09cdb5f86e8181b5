/* SPDX-License-Identifier: GPL-3.0-or-later */
/* BSrE status client on libcurl + json-glib. See sertel-bsre.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sertel-password.h"
#include "sertel-bsre.h"
#include "sertel-secrets.h"

G_DEFINE_QUARK (sertel-bsre-error-quark, sertel_bsre_error)

/* An answer larger than this is not a status: stop reading. */
#define MAX_BODY_BYTES (256 * 1024)

/* ------------------------------------------------------------------------ */
/* THE table: the service's status values → what happens to an applicant.
 * Documented in README ("BSrE status"); change it here only.
 *
 * No value rejects automatically: EXPIRED, RENEW, SUSPEND and REVOKE describe
 * a certificate (often an earlier one, or one already issued) rather than a
 * refusal of this application, and a rejection is final (it can complete the
 * request and tell the applicant). They come back as "attention" so a
 * Verifikator decides and writes the reason. */

static const SertelBsreStatusMapping status_table[] = {
  { "ISSUE",                    SERTEL_BSRE_EFFECT_ISSUED,     N_("The certificate is issued and can sign.") },
  { "WAITING_FOR_VERIFICATION", SERTEL_BSRE_EFFECT_REGISTERED, N_("Registered; BSrE is verifying the registration.") },
  { "NEW",                      SERTEL_BSRE_EFFECT_REGISTERED, N_("Registered; BSrE has not verified it yet.") },
  { "NO_CERTIFICATE",           SERTEL_BSRE_EFFECT_REGISTERED, N_("Registered at BSrE, but no certificate yet.") },
  { "NOT_REGISTERED",           SERTEL_BSRE_EFFECT_NONE,       N_("Not registered at BSrE yet.") },
  { "EXPIRED",                  SERTEL_BSRE_EFFECT_ATTENTION,  N_("BSrE reports an expired certificate for this NIK.") },
  { "RENEW",                    SERTEL_BSRE_EFFECT_ATTENTION,  N_("BSrE reports that the certificate for this NIK must be renewed.") },
  { "SUSPEND",                  SERTEL_BSRE_EFFECT_ATTENTION,  N_("BSrE reports the certificate for this NIK as suspended.") },
  { "REVOKE",                   SERTEL_BSRE_EFFECT_ATTENTION,  N_("BSrE reports the certificate for this NIK as revoked.") },
};

const SertelBsreStatusMapping *
sertel_bsre_status_table (guint *n_entries)
{
  if (n_entries)
    *n_entries = G_N_ELEMENTS (status_table);
  return status_table;
}

const SertelBsreStatusMapping *
sertel_bsre_status_lookup (const char *status)
{
  g_autofree char *key = NULL;

  if (status == NULL)
    return NULL;
  key = g_ascii_strup (status, -1);
  g_strstrip (key);
  for (guint i = 0; i < G_N_ELEMENTS (status_table); i++)
    if (g_str_equal (status_table[i].status, key))
      return &status_table[i];
  return NULL;
}

const char *
sertel_bsre_effect_to_string (SertelBsreEffect effect)
{
  switch (effect)
    {
    case SERTEL_BSRE_EFFECT_NONE:       return "unchanged";
    case SERTEL_BSRE_EFFECT_REGISTERED: return "registered";
    case SERTEL_BSRE_EFFECT_ISSUED:     return "issued";
    case SERTEL_BSRE_EFFECT_REJECTED:   return "rejected";
    case SERTEL_BSRE_EFFECT_ATTENTION:  return "attention";
    default:                            g_return_val_if_reached ("unknown");
    }
}

void
sertel_bsre_status_free (SertelBsreStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->nik);
  g_free (status->status);
  g_free (status->message);
  g_free (status);
}

/* ------------------------------------------------------------------------ */
/* Parsing */

static const char *
member_string (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return 0;
}

static JsonObject *
member_object (JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The service's error text, if the body is `{"status_code":N,"error":"…"}`
 * (or has a message where the error should be). */
static char *
error_text (JsonObject *root)
{
  const char *text = member_string (root, "error");
  JsonObject *data = member_object (root, "data");

  if (text == NULL)
    text = member_string (data, "error");
  if (text == NULL && member_object (root, "error"))
    text = member_string (member_object (root, "error"), "message");
  return text && *text ? g_strdup (text) : NULL;
}

static void
set_unreadable (GError **error, const char *detail)
{
  g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BAD_ANSWER,
               _("The BSrE server answered something that is not a certificate status (%s). "
                 "Check the address and the API version in Preferences."), detail);
}

SertelBsreStatus *
sertel_bsre_parse_status (const char  *nik,
                          const char  *body,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *server_error = NULL;
  SertelBsreStatus *result;
  JsonNode *root_node;
  JsonObject *root, *data;
  const char *status;

  g_return_val_if_fail (body != NULL || length == 0, NULL);

  if (!json_parser_load_from_data (parser, body ? body : "", length, &local_error))
    {
      set_unreadable (error, local_error->message);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      set_unreadable (error, _("no JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);
  data = member_object (root, "data");

  /* Clients seen in public read any of these: be as tolerant. */
  status = member_string (root, "status");
  if (status == NULL)
    status = member_string (root, "userStatus");
  if (status == NULL)
    status = member_string (data, "status");
  if (status == NULL)
    status = member_string (data, "userStatus");

  server_error = error_text (root);
  if (status == NULL || *status == '\0')
    {
      if (server_error)
        g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER,
                     _("The BSrE server reported an error: %s"), server_error);
      else
        set_unreadable (error, _("no status in the answer"));
      return NULL;
    }

  result = g_new0 (SertelBsreStatus, 1);
  result->nik = g_strdup (nik);
  result->status = g_strdup (status);
  result->status_code = member_int (root, "status_code");
  result->message = g_strdup (member_string (root, "message"));
  if (result->message == NULL)
    result->message = g_strdup (member_string (data, "message"));
  result->mapping = sertel_bsre_status_lookup (status);
  if (result->mapping == NULL)
    g_message ("BSrE answered an unknown status '%s'; the applicant is left as they are", status);
  return result;
}

/* ------------------------------------------------------------------------ */
/* The client */

struct _SertelBsreClient
{
  GObject parent_instance;

  char *base_url;           /* without a trailing "/" */
  char *user;
  char *password;
  char *ca_file;
  SertelBsreApiVersion version;
  guint connect_ms;
  guint total_ms;
  guint max_retries;
  guint backoff_ms;
  guint retry_after_cap_ms;
  guint per_minute;

  GMutex rate_lock;
  gint64 next_slot;         /* monotonic µs before which no request may start */
};

G_DEFINE_FINAL_TYPE (SertelBsreClient, sertel_bsre_client, G_TYPE_OBJECT)

static void
sertel_bsre_client_finalize (GObject *object)
{
  SertelBsreClient *self = SERTEL_BSRE_CLIENT (object);

  g_free (self->base_url);
  g_free (self->user);
  sertel_password_clear_free (self->password);
  g_free (self->ca_file);
  g_mutex_clear (&self->rate_lock);
  G_OBJECT_CLASS (sertel_bsre_client_parent_class)->finalize (object);
}

static void
sertel_bsre_client_class_init (SertelBsreClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sertel_bsre_client_finalize;
}

static void
sertel_bsre_client_init (SertelBsreClient *self)
{
  self->version = SERTEL_BSRE_API_V1;
  self->connect_ms = 10 * 1000;
  self->total_ms = 30 * 1000;
  self->max_retries = 3;
  self->backoff_ms = 1000;
  self->retry_after_cap_ms = 60 * 1000;
  g_mutex_init (&self->rate_lock);
}

static void
ensure_curl (void)
{
  static gsize once = 0;

  /* curl_global_init is not thread-safe with every TLS backend: once, early. */
  if (g_once_init_enter (&once))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&once, 1);
    }
}

SertelBsreClient *
sertel_bsre_client_new (const char *base_url,
                        const char *user,
                        const char *password)
{
  SertelBsreClient *self = g_object_new (SERTEL_TYPE_BSRE_CLIENT, NULL);
  gsize len;

  ensure_curl ();
  self->base_url = g_strstrip (g_strdup (base_url ? base_url : ""));
  len = strlen (self->base_url);
  while (len > 0 && self->base_url[len - 1] == '/')
    self->base_url[--len] = '\0';
  self->user = user && *user ? g_strdup (user) : NULL;
  self->password = password && *password ? g_strdup (password) : NULL;
  return self;
}

SertelBsreClient *
sertel_bsre_client_new_from_settings_without_password (GSettings *settings)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *version = NULL;
  SertelBsreClient *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  url = g_settings_get_string (settings, "bsre-base-url");
  user = g_settings_get_string (settings, "bsre-user");
  version = g_settings_get_string (settings, "bsre-api-version");
  self = sertel_bsre_client_new (url, user, NULL);
  sertel_bsre_client_set_api_version (self, g_str_equal (version, "v2") ? SERTEL_BSRE_API_V2 : SERTEL_BSRE_API_V1);
  sertel_bsre_client_set_timeouts (self,
                                   1000 * g_settings_get_uint (settings, "bsre-connect-timeout"),
                                   1000 * g_settings_get_uint (settings, "bsre-timeout"));
  sertel_bsre_client_set_rate_limit (self, g_settings_get_uint (settings, "bsre-rate-per-minute"));
  return self;
}

gboolean
sertel_bsre_client_load_password (SertelBsreClient  *self,
                                  GError           **error)
{
  char *password;
  GError *local_error = NULL;

  g_return_val_if_fail (SERTEL_IS_BSRE_CLIENT (self), FALSE);

  password = sertel_bsre_password_lookup (&local_error);
  if (local_error)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  sertel_password_clear_free (self->password);
  self->password = password && *password ? password : NULL;
  if (self->password == NULL)
    g_free (password);
  return TRUE;
}

SertelBsreClient *
sertel_bsre_client_new_from_settings (GSettings  *settings,
                                      GError    **error)
{
  g_autoptr(SertelBsreClient) self = sertel_bsre_client_new_from_settings_without_password (settings);

  if (!sertel_bsre_client_load_password (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

char *
sertel_bsre_password_lookup (GError **error)
{
  GError *local_error = NULL;
  char *password = sertel_secret_lookup ("bsre-password", &local_error);

  if (local_error)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (password == NULL && g_getenv ("SERTEL_BSRE_PASSWORD"))
    password = g_strdup (g_getenv ("SERTEL_BSRE_PASSWORD"));
  return password;
}

const char *
sertel_bsre_client_get_base_url (SertelBsreClient *self)
{
  g_return_val_if_fail (SERTEL_IS_BSRE_CLIENT (self), NULL);
  return self->base_url;
}

void
sertel_bsre_client_set_api_version (SertelBsreClient     *self,
                                    SertelBsreApiVersion  version)
{
  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (self));
  g_return_if_fail (version == SERTEL_BSRE_API_V1 || version == SERTEL_BSRE_API_V2);
  self->version = version;
}

SertelBsreApiVersion
sertel_bsre_client_get_api_version (SertelBsreClient *self)
{
  g_return_val_if_fail (SERTEL_IS_BSRE_CLIENT (self), SERTEL_BSRE_API_V1);
  return self->version;
}

void
sertel_bsre_client_set_timeouts (SertelBsreClient *self,
                                 guint             connect_ms,
                                 guint             total_ms)
{
  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (self));
  self->connect_ms = MAX (connect_ms, 100);
  self->total_ms = MAX (total_ms, self->connect_ms);
}

void
sertel_bsre_client_set_retries (SertelBsreClient *self,
                                guint             max_retries,
                                guint             backoff_ms,
                                guint             retry_after_cap_ms)
{
  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (self));
  self->max_retries = MIN (max_retries, 10);
  self->backoff_ms = backoff_ms;
  self->retry_after_cap_ms = retry_after_cap_ms;
}

void
sertel_bsre_client_set_rate_limit (SertelBsreClient *self,
                                   guint             per_minute)
{
  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (self));
  self->per_minute = per_minute;
}

void
sertel_bsre_client_set_ca_file (SertelBsreClient *self,
                                const char       *ca_file)
{
  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (self));
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

/* ------------------------------------------------------------------------ */
/* One transfer */

typedef struct {
  GByteArray   *body;
  gboolean      too_big;
  GCancellable *cancellable;
} Transfer;

static size_t
on_write (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  Transfer *t = user_data;
  gsize n = size * nmemb;

  if (t->body->len + n > MAX_BODY_BYTES)
    {
      t->too_big = TRUE;
      return 0;   /* makes curl stop with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (t->body, (const guint8 *) ptr, n);
  return n;
}

/* curl calls this often (at least once a second, usually far more): the
 * place to notice a cancel while a transfer waits on the network. */
static int
on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Transfer *t = user_data;

  return g_cancellable_is_cancelled (t->cancellable) ? 1 : 0;
}

/* Sleeps @ms in small slices; FALSE when cancelled. */
static gboolean
sleep_cancellable (gint64 ms, GCancellable *cancellable, GError **error)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (20 * 1000, MAX (until - g_get_monotonic_time (), 0)));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Waits for this request's slot under the rate limit. */
static gboolean
wait_rate_slot (SertelBsreClient *self, GCancellable *cancellable, GError **error)
{
  gint64 now, start;

  if (self->per_minute == 0)
    return TRUE;
  g_mutex_lock (&self->rate_lock);
  now = g_get_monotonic_time ();
  start = MAX (now, self->next_slot);
  self->next_slot = start + (G_USEC_PER_SEC * 60) / self->per_minute;
  g_mutex_unlock (&self->rate_lock);
  return sleep_cancellable ((start - now) / 1000, cancellable, error);
}

static void
set_curl_error (SertelBsreClient *self, CURLcode code, const char *detail, GError **error)
{
  const char *host = self->base_url;

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_UNREACHABLE,
                   _("The BSrE server at %s cannot be reached (%s). Check the address in Preferences and the network."),
                   host, detail);
      break;
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_TIMEOUT,
                   _("The BSrE server at %s did not answer in time (%u s). Try again later, or allow more time in Preferences."),
                   host, (self->total_ms + 999) / 1000);
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_CERTIFICATE,
                   _("The certificate of the BSrE server at %s is not trusted (%s). Ask the administrator to check the server's certificate."),
                   host, detail);
      break;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_CONNECTION_LOST,
                   _("The connection to the BSrE server at %s broke off before the answer was complete (%s). Nothing was changed; try again."),
                   host, detail);
      break;
    default:
      g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_UNREACHABLE,
                   _("Could not talk to the BSrE server at %s (%s)."), host, detail);
      break;
    }
}

/* One HTTP exchange. Returns the HTTP code (0 on a transport error, with
 * @error set); @out_body gets the body, @out_retry_after_ms the server's
 * Retry-After (-1 when absent). */
static long
perform (SertelBsreClient  *self,
         const char        *nik,
         GCancellable      *cancellable,
         GBytes           **out_body,
         gint64            *out_retry_after_ms,
         GError           **error)
{
  g_autofree char *url = NULL;
  g_autofree char *post = NULL;
  char curl_message[CURL_ERROR_SIZE] = "";
  struct curl_slist *headers = NULL;
  Transfer t = { g_byte_array_new (), FALSE, cancellable };
  curl_off_t retry_after = -1;
  long http_code = 0;
  CURLcode code;
  CURL *curl;

  *out_retry_after_ms = -1;
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_byte_array_unref (t.body);
      g_set_error_literal (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_UNREACHABLE,
                           _("Could not start a network connection (out of memory)."));
      return 0;
    }

  if (self->version == SERTEL_BSRE_API_V2)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "nik");
      json_builder_add_string_value (builder, nik);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      post = json_generator_to_data (generator, NULL);

      url = g_strconcat (self->base_url, "/api/v2/user/check/status", NULL);
      curl_easy_setopt (curl, CURLOPT_POST, 1L);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, post);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) strlen (post));
      headers = curl_slist_append (headers, "Content-Type: application/json");
    }
  else
    {
      g_autofree char *escaped = g_uri_escape_string (nik, NULL, FALSE);
      url = g_strconcat (self->base_url, "/api/user/status/", escaped, NULL);
      curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
    }
  headers = curl_slist_append (headers, "Accept: application/json");
  /* curl would wait for "100 Continue" on a POST; the service never sends it. */
  headers = curl_slist_append (headers, "Expect:");

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Sertel/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);     /* threads: no SIGALRM */
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) self->connect_ms);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) self->total_ms);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_message);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &t);
  if (self->ca_file)
    curl_easy_setopt (curl, CURLOPT_CAINFO, self->ca_file);
  if (self->user)
    {
      curl_easy_setopt (curl, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC);
      curl_easy_setopt (curl, CURLOPT_USERNAME, self->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, self->password ? self->password : "");
    }

  code = curl_easy_perform (curl);
  if (code == CURLE_OK)
    {
      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &http_code);
      /* curl reports 0 when there is no Retry-After: take 0 as "not said". */
      if (curl_easy_getinfo (curl, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0
          && (http_code == 429 || http_code == 503 || http_code == 504))
        *out_retry_after_ms = (gint64) retry_after * 1000;
      *out_body = g_byte_array_free_to_bytes (g_steal_pointer (&t.body));
    }
  else if (code == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (cancellable))
    g_cancellable_set_error_if_cancelled (cancellable, error);
  else if (code == CURLE_WRITE_ERROR && t.too_big)
    set_unreadable (error, _("the answer is far too long"));
  else
    set_curl_error (self, code, *curl_message ? curl_message : curl_easy_strerror (code), error);

  if (t.body)
    g_byte_array_unref (t.body);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  return code == CURLE_OK ? http_code : 0;
}

static char *
body_error_text (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return error_text (json_node_get_object (root));
}

SertelBsreStatus *
sertel_bsre_client_check_status (SertelBsreClient  *self,
                                 const char        *nik,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_return_val_if_fail (SERTEL_IS_BSRE_CLIENT (self), NULL);
  g_return_val_if_fail (nik != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->base_url == NULL || *self->base_url == '\0')
    {
      g_set_error_literal (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_NOT_CONFIGURED,
                           _("The address of the BSrE service is not set. Enter it in Preferences → BSrE."));
      return NULL;
    }

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GBytes) body = NULL;
      g_autofree char *server_text = NULL;
      gint64 retry_after_ms = -1;
      long http;

      if (!wait_rate_slot (self, cancellable, error))
        return NULL;
      http = perform (self, nik, cancellable, &body, &retry_after_ms, error);
      if (http == 0)
        return NULL;

      if (http == 429 || http == 503 || http == 504)
        {
          gint64 wait_ms;

          if (attempt >= self->max_retries)
            {
              g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_BUSY,
                           _("The BSrE server is busy (HTTP %ld) and still was after %u tries. Try again later."),
                           http, attempt + 1);
              return NULL;
            }
          wait_ms = retry_after_ms >= 0 ? retry_after_ms : (gint64) self->backoff_ms << MIN (attempt, 16);
          wait_ms = MIN (wait_ms, (gint64) self->retry_after_cap_ms);
          g_debug ("BSrE answered HTTP %ld; retrying in %" G_GINT64_FORMAT " ms", http, wait_ms);
          if (!sleep_cancellable (wait_ms, cancellable, error))
            return NULL;
          continue;
        }

      if (http == 401 || http == 403)
        {
          if (self->user)
            g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_AUTH,
                         _("The BSrE server refused the login of user “%s” (HTTP %ld). Check the user name and password in Preferences."),
                         self->user, http);
          else
            g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_AUTH,
                         _("The BSrE server asks for a login (HTTP %ld). Enter the user name and password in Preferences."),
                         http);
          return NULL;
        }

      if (http < 200 || http >= 300)
        {
          server_text = body_error_text (body);
          if (server_text)
            g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER,
                         _("The BSrE server reported an error (HTTP %ld): %s"), http, server_text);
          else
            g_set_error (error, SERTEL_BSRE_ERROR, SERTEL_BSRE_ERROR_SERVER,
                         _("The BSrE server reported an error (HTTP %ld)."), http);
          return NULL;
        }

      {
        gsize size = 0;
        const char *data = g_bytes_get_data (body, &size);
        return sertel_bsre_parse_status (nik, data ? data : "", (gssize) size, error);
      }
    }
}

static void
check_status_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  SertelBsreStatus *status = sertel_bsre_client_check_status (source_object, task_data, cancellable, &error);

  if (status)
    g_task_return_pointer (task, status, (GDestroyNotify) sertel_bsre_status_free);
  else
    g_task_return_error (task, error);
}

void
sertel_bsre_client_check_status_async (SertelBsreClient    *self,
                                       const char          *nik,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_BSRE_CLIENT (self));
  g_return_if_fail (nik != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sertel_bsre_client_check_status_async);
  g_task_set_task_data (task, g_strdup (nik), g_free);
  /* curl notices the cancel itself; the result must still come back. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, check_status_thread);
}

SertelBsreStatus *
sertel_bsre_client_check_status_finish (SertelBsreClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sertel_bsre_client_check_status_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
