/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stand-in for BSrE's Esign Client Service on a real socket (127.0.0.1, a
 * free port): HTTP/1.1 by hand on GThreadedSocketService, in its own thread
 * with its own main context, so a test blocked in a synchronous call is still
 * answered. Records the last request; answers from a script of replies, else
 * a status from a NIK table. Included (not linked) by the tests. */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* The fake service */

typedef struct {
  int         http;          /* 0: 200 */
  char       *body;          /* NULL: a status answer from the NIK table */
  char       *headers;       /* extra header lines, each ending in \r\n */
  guint       delay_ms;
  gboolean    drop;          /* promise more bytes than sent, then close */
} Reply;

typedef struct {
  GMutex         lock;
  GCond          cond;
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  GSocketService *service;
  guint16        port;
  gboolean       ready;
  gboolean       stopping;
  guint          active;       /* handlers running */

  GQueue        *script;       /* Reply*, used first, one per request */
  Reply          fallback;     /* when the script is empty */
  GHashTable    *status_for_nik;  /* NIK → status value */
  char          *field;        /* "status", "userStatus" or "data.status" */

  guint          n_requests;
  char          *method, *path, *authorization, *content_type, *body;
} Fake;

static G_GNUC_UNUSED void
reply_free (Reply *r)
{
  g_free (r->body);
  g_free (r->headers);
  g_free (r);
}

static G_GNUC_UNUSED void
fake_push (Fake *f, int http, const char *body, const char *headers, guint delay_ms, gboolean drop)
{
  Reply *r = g_new0 (Reply, 1);

  r->http = http;
  r->body = g_strdup (body);
  r->headers = g_strdup (headers);
  r->delay_ms = delay_ms;
  r->drop = drop;
  g_mutex_lock (&f->lock);
  g_queue_push_tail (f->script, r);
  g_mutex_unlock (&f->lock);
}

static G_GNUC_UNUSED void
fake_set_status (Fake *f, const char *nik, const char *status)
{
  g_mutex_lock (&f->lock);
  g_hash_table_replace (f->status_for_nik, g_strdup (nik), g_strdup (status));
  g_mutex_unlock (&f->lock);
}

static G_GNUC_UNUSED guint
fake_requests (Fake *f)
{
  guint n;

  g_mutex_lock (&f->lock);
  n = f->n_requests;
  g_mutex_unlock (&f->lock);
  return n;
}

static char *
status_body (Fake *f, const char *nik)
{
  const char *status = g_hash_table_lookup (f->status_for_nik, nik ? nik : "");

  if (status == NULL)
    status = "NOT_REGISTERED";
  if (g_str_equal (f->field, "userStatus"))
    return g_strdup_printf ("{\"status_code\":1111,\"userStatus\":\"%s\",\"message\":\"ok\"}", status);
  if (g_str_equal (f->field, "data.status"))
    return g_strdup_printf ("{\"status_code\":1111,\"data\":{\"nik\":\"%s\",\"status\":\"%s\"}}", nik, status);
  return g_strdup_printf ("{\"status_code\":1111,\"status\":\"%s\",\"message\":\"ok\"}", status);
}

/* The NIK from the path (v1) or the JSON body (v2). */
static char *
request_nik (const char *path, const char *body)
{
  const char *slash;

  if (g_str_has_prefix (path, "/api/user/status/"))
    {
      slash = strrchr (path, '/');
      return g_uri_unescape_string (slash + 1, NULL);
    }
  if (body && *body)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      if (json_parser_load_from_data (parser, body, -1, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *o = json_node_get_object (json_parser_get_root (parser));
          if (json_object_has_member (o, "nik"))
            return g_strdup (json_object_get_string_member (o, "nik"));
        }
    }
  return NULL;
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  Fake *f = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_autofree char *request_line = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *ctype = NULL;
  g_autofree char *body = NULL;
  g_autofree char *nik = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  gsize content_length = 0;
  Reply *scripted;
  Reply reply;
  const char *text;

  g_mutex_lock (&f->lock);
  f->active++;
  g_mutex_unlock (&f->lock);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  request_line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);
  if (request_line == NULL)
    goto out;
  parts = g_strsplit (request_line, " ", 3);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[2], ==, "HTTP/1.1");

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);
      char *colon;

      if (line == NULL || *line == '\0')
        break;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      if (g_ascii_strcasecmp (line, "Content-Length") == 0)
        content_length = g_ascii_strtoull (g_strstrip (colon + 1), NULL, 10);
      else if (g_ascii_strcasecmp (line, "Authorization") == 0)
        auth = g_strdup (g_strstrip (colon + 1));
      else if (g_ascii_strcasecmp (line, "Content-Type") == 0)
        ctype = g_strdup (g_strstrip (colon + 1));
    }
  body = g_malloc0 (content_length + 1);
  if (content_length > 0
      && !g_input_stream_read_all (G_INPUT_STREAM (in), body, content_length, NULL, NULL, NULL))
    goto out;
  nik = request_nik (parts[1], body);

  g_mutex_lock (&f->lock);
  f->n_requests++;
  g_free (f->method); f->method = g_strdup (parts[0]);
  g_free (f->path); f->path = g_strdup (parts[1]);
  g_free (f->authorization); f->authorization = g_strdup (auth);
  g_free (f->content_type); f->content_type = g_strdup (ctype);
  g_free (f->body); f->body = g_strdup (body);
  scripted = g_queue_pop_head (f->script);
  reply = scripted ? *scripted : f->fallback;
  answer = g_strdup (reply.body ? reply.body : NULL);
  if (answer == NULL)
    answer = status_body (f, nik);
  reply.headers = g_strdup (reply.headers);
  g_mutex_unlock (&f->lock);
  if (scripted)
    reply_free (scripted);

  /* A slow server: wait, but give up when the test ends. */
  for (guint waited = 0; waited < reply.delay_ms; waited += 10)
    {
      gboolean stopping;
      g_mutex_lock (&f->lock);
      stopping = f->stopping;
      g_mutex_unlock (&f->lock);
      if (stopping)
        break;
      g_usleep (10 * 1000);
    }

  text = reply.http == 0 || reply.http == 200 ? "OK" : "Whatever";
  g_string_append_printf (head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n%s\r\n",
                          reply.http ? reply.http : 200, text,
                          strlen (answer) + (reply.drop ? 100 : 0), reply.headers ? reply.headers : "");
  g_free (reply.headers);
  if (g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL))
    {
      gsize n = reply.drop ? strlen (answer) / 2 : strlen (answer);
      g_output_stream_write_all (out, answer, n, NULL, NULL, NULL);
    }

out:
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_mutex_lock (&f->lock);
  f->active--;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  return TRUE;
}

static gpointer
fake_thread (gpointer data)
{
  Fake *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  /* The service accepts on the thread-default context: this thread's own,
   * so a test blocked in a synchronous call is still answered. */
  g_main_context_push_thread_default (f->context);
  f->service = G_SOCKET_SERVICE (g_threaded_socket_service_new (16));
  g_socket_listener_add_address (G_SOCKET_LISTENER (f->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (f->service, "run", G_CALLBACK (on_run), f);
  g_socket_service_start (f->service);

  g_mutex_lock (&f->lock);
  f->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  f->ready = TRUE;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);

  g_main_loop_run (f->loop);

  g_socket_service_stop (f->service);
  g_socket_listener_close (G_SOCKET_LISTENER (f->service));
  g_clear_object (&f->service);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static G_GNUC_UNUSED Fake *
fake_start (void)
{
  Fake *f = g_new0 (Fake, 1);

  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->script = g_queue_new ();
  f->status_for_nik = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->field = g_strdup ("status");
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->thread = g_thread_new ("fake-bsre", fake_thread, f);
  g_mutex_lock (&f->lock);
  while (!f->ready)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);
  return f;
}

static G_GNUC_UNUSED void
fake_stop (Fake *f)
{
  g_mutex_lock (&f->lock);
  f->stopping = TRUE;
  g_mutex_unlock (&f->lock);
  g_main_loop_quit (f->loop);
  g_thread_join (f->thread);
  /* Handlers still answering hold @f: wait for them. */
  g_mutex_lock (&f->lock);
  while (f->active > 0)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);

  g_queue_free_full (f->script, (GDestroyNotify) reply_free);
  g_hash_table_unref (f->status_for_nik);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_free (f->field);
  g_free (f->method);
  g_free (f->path);
  g_free (f->authorization);
  g_free (f->content_type);
  g_free (f->body);
  g_free (f->fallback.body);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_free (f);
}

static G_GNUC_UNUSED char *
fake_url (Fake *f)
{
  return g_strdup_printf ("http://127.0.0.1:%u/", f->port);
}

