/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A client for the status call of BSrE's "Esign Client Service" that each
 * institution runs: asks for a person's certificate status by NIK, over HTTP
 * Basic, with connect and total timeouts, retries on 429/503/504, and every
 * call cancellable. The service's status values are mapped to applicant
 * states in ONE table (sertel_bsre_status_table), documented in README. */
#pragma once

#include <gio/gio.h>

#include "sertel-workflow.h"

G_BEGIN_DECLS

#define SERTEL_BSRE_ERROR (sertel_bsre_error_quark ())

typedef enum {
  SERTEL_BSRE_ERROR_NOT_CONFIGURED,  /* no base URL */
  SERTEL_BSRE_ERROR_UNREACHABLE,     /* name unknown, connection refused */
  SERTEL_BSRE_ERROR_CONNECTION_LOST, /* the connection broke off mid-answer */
  SERTEL_BSRE_ERROR_AUTH,            /* HTTP 401 / 403 */
  SERTEL_BSRE_ERROR_CERTIFICATE,     /* TLS: the server's certificate is not trusted */
  SERTEL_BSRE_ERROR_TIMEOUT,
  SERTEL_BSRE_ERROR_BAD_ANSWER,      /* not JSON, or no status in it */
  SERTEL_BSRE_ERROR_SERVER,          /* the service reported an error (its text is in the message) */
  SERTEL_BSRE_ERROR_BUSY,            /* 429/503/504 still after every retry */
} SertelBsreError;

typedef enum {
  SERTEL_BSRE_API_V1 = 1,            /* GET  {base}/api/user/status/{nik} */
  SERTEL_BSRE_API_V2 = 2,            /* POST {base}/api/v2/user/check/status  {"nik": "…"} */
} SertelBsreApiVersion;

/* What a status value does to an applicant whose application is under way. */
typedef enum {
  SERTEL_BSRE_EFFECT_NONE = 0,       /* nothing to record yet */
  SERTEL_BSRE_EFFECT_REGISTERED,     /* BSrE has the registration: pending → registered */
  SERTEL_BSRE_EFFECT_ISSUED,         /* the certificate is issued */
  SERTEL_BSRE_EFFECT_REJECTED,       /* the application ended without a certificate (reason below) */
  SERTEL_BSRE_EFFECT_ATTENTION,      /* no automatic change: a Verifikator must look (warning) */
} SertelBsreEffect;

typedef struct {
  const char       *status;          /* the service's value, e.g. "ISSUE" */
  SertelBsreEffect  effect;
  const char       *meaning;         /* for the clerk (translatable, English source) */
} SertelBsreStatusMapping;

GQuark       sertel_bsre_error_quark          (void);

/* The one table; an unknown value is not in it (lookup returns NULL: no
 * change, and a warning). Lookup ignores case and surrounding spaces. */
const SertelBsreStatusMapping *sertel_bsre_status_table  (guint *n_entries);
const SertelBsreStatusMapping *sertel_bsre_status_lookup (const char *status);
const char  *sertel_bsre_effect_to_string     (SertelBsreEffect effect);   /* "issued", "registered", … */

/* One answer. */
typedef struct {
  char   *nik;
  char   *status;                    /* raw value as the service sent it */
  gint64  status_code;               /* the service's status_code, or 0 */
  char   *message;                   /* the service's message, or NULL */
  const SertelBsreStatusMapping *mapping; /* NULL when the value is unknown */
} SertelBsreStatus;

void         sertel_bsre_status_free          (SertelBsreStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelBsreStatus, sertel_bsre_status_free)

/* Parses a body the service answered with HTTP 200: the status from
 * `status`, `userStatus` or `data.status`; `{"status_code":N,"error":"…"}`
 * becomes SERTEL_BSRE_ERROR_SERVER. Public for tests. */
SertelBsreStatus *sertel_bsre_parse_status    (const char *nik, const char *body, gssize length, GError **error);

#define SERTEL_TYPE_BSRE_CLIENT (sertel_bsre_client_get_type ())
G_DECLARE_FINAL_TYPE (SertelBsreClient, sertel_bsre_client, SERTEL, BSRE_CLIENT, GObject)

/* @base_url e.g. "https://esign.malutprov.go.id"; @user and @password may be
 * NULL (no login). Defaults: API v1, connect timeout 10 s, total 30 s,
 * 3 retries, back-off from 1 s doubling, Retry-After capped at 60 s, no
 * rate limit. Configure before the first call; calls may then run from
 * several threads at once. */
SertelBsreClient *sertel_bsre_client_new      (const char *base_url, const char *user, const char *password);
/* From the app's GSettings (bsre-*) and the "bsre-password" secret; with
 * no secret stored, $SERTEL_BSRE_PASSWORD is used (for scripts). The secret
 * look-up may block (D-Bus): call it off the main thread, or make the client
 * with _new_from_settings_without_password on the thread that owns @settings
 * and look the password up on the worker (sertel_bsre_client_load_password). */
SertelBsreClient *sertel_bsre_client_new_from_settings (GSettings *settings, GError **error);
SertelBsreClient *sertel_bsre_client_new_from_settings_without_password (GSettings *settings);
gboolean     sertel_bsre_client_load_password (SertelBsreClient *self, GError **error);

/* The stored "bsre-password" secret, else $SERTEL_BSRE_PASSWORD, else NULL. */
char        *sertel_bsre_password_lookup      (GError **error);

const char  *sertel_bsre_client_get_base_url  (SertelBsreClient *self);
void         sertel_bsre_client_set_api_version (SertelBsreClient *self, SertelBsreApiVersion version);
SertelBsreApiVersion sertel_bsre_client_get_api_version (SertelBsreClient *self);
void         sertel_bsre_client_set_timeouts  (SertelBsreClient *self, guint connect_ms, guint total_ms);
/* @max_retries after the first try; the wait before retry n is
 * @backoff_ms * 2^(n-1), or the server's Retry-After, at most @retry_after_cap_ms. */
void         sertel_bsre_client_set_retries   (SertelBsreClient *self, guint max_retries,
                                               guint backoff_ms, guint retry_after_cap_ms);
/* At most @per_minute requests a minute (retries count); 0 = unlimited. */
void         sertel_bsre_client_set_rate_limit(SertelBsreClient *self, guint per_minute);
/* Trust this CA bundle instead of the system's (an office's private CA). */
void         sertel_bsre_client_set_ca_file   (SertelBsreClient *self, const char *ca_file);

/* Blocks: call from a worker thread (or the CLI). Cancelling @cancellable
 * stops the transfer within a fraction of a second (G_IO_ERROR_CANCELLED). */
SertelBsreStatus *sertel_bsre_client_check_status (SertelBsreClient *self, const char *nik,
                                                   GCancellable *cancellable, GError **error);
void         sertel_bsre_client_check_status_async  (SertelBsreClient *self, const char *nik,
                                                     GCancellable *cancellable,
                                                     GAsyncReadyCallback callback, gpointer user_data);
SertelBsreStatus *sertel_bsre_client_check_status_finish (SertelBsreClient *self, GAsyncResult *result,
                                                          GError **error);

G_END_DECLS
