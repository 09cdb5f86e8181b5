/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Mail: MIME messages built by hand (so the outbox keeps exactly what goes
 * out) and sent through libcurl's SMTP. Sending blocks: call it from a
 * worker thread (GTask, the outbox worker), never from the main loop. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SERTEL_MAIL_ERROR (sertel_mail_error_quark ())

typedef enum
{
  SERTEL_MAIL_ERROR_NOT_CONFIGURED,
  SERTEL_MAIL_ERROR_UNREACHABLE,
  SERTEL_MAIL_ERROR_LOGIN,
  SERTEL_MAIL_ERROR_CERTIFICATE,
  SERTEL_MAIL_ERROR_TIMEOUT,
  SERTEL_MAIL_ERROR_RECIPIENT,     /* RCPT TO refused: permanent */
  SERTEL_MAIL_ERROR_SENDER,        /* MAIL FROM refused */
  SERTEL_MAIL_ERROR_CANCELLED,
  SERTEL_MAIL_ERROR_INVALID,
  SERTEL_MAIL_ERROR_FAILED,
} SertelMailError;

GQuark sertel_mail_error_quark (void);

typedef enum
{
  SERTEL_MAIL_SECURITY_STARTTLS,   /* smtp:// and STARTTLS required */
  SERTEL_MAIL_SECURITY_TLS,        /* smtps:// */
  SERTEL_MAIL_SECURITY_NONE,       /* plain, only for a server on the office network */
} SertelMailSecurity;

typedef struct
{
  char               *host;
  guint               port;        /* 0: the security's default */
  SertelMailSecurity  security;
  char               *user;        /* NULL or empty: no login */
  char               *password;
  char               *from_address;
  char               *from_name;
  guint               connect_timeout;  /* seconds */
  guint               timeout;          /* seconds, the whole message */
} SertelMailConfig;

SertelMailConfig *sertel_mail_config_new  (void);
/* From the smtp-* keys, with the password from sertel-secrets
 * ("smtp-password"). SERTEL_MAIL_ERROR_NOT_CONFIGURED when no host or
 * sender is set. */
SertelMailConfig *sertel_mail_config_new_from_settings (GSettings *settings, GError **error);
void              sertel_mail_config_free (SertelMailConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelMailConfig, sertel_mail_config_free)

/* The secret key the SMTP password is kept under. */
#define SERTEL_MAIL_PASSWORD_KEY "smtp-password"

typedef struct
{
  const char  *from_address;
  const char  *from_name;        /* may be NULL */
  const char  *to;               /* addresses separated by ',' */
  const char  *cc;               /* may be NULL */
  const char  *subject;          /* UTF-8 */
  const char  *body;             /* UTF-8 plain text */
  GBytes      *attachment;       /* may be NULL */
  const char  *attachment_name;
  const char  *attachment_type;  /* NULL: application/pdf */
} SertelMailMessage;

/* The whole RFC 5322 message, CRLF line ends. @date NULL: now. */
char     *sertel_mail_build            (const SertelMailMessage *message,
                                        GDateTime               *date,
                                        GError                 **error);
/* "Wed, 25 Nov 2026 09:55:40 +0900": English names whatever the locale. */
char     *sertel_mail_format_date      (GDateTime *date);
/* =?UTF-8?B?…?= words when @text is not plain ASCII, else @text. */
char     *sertel_mail_encode_header    (const char *text);
/* Splits "a@x, b@y" into trimmed addresses; NULL-terminated. */
char    **sertel_mail_split_addresses  (const char *list);

/* Builds and sends @message; blocks up to the configured timeouts.
 * Cancelling @cancellable aborts the transfer. */
gboolean  sertel_mail_send             (const SertelMailConfig  *config,
                                        const SertelMailMessage *message,
                                        GCancellable            *cancellable,
                                        GError                 **error);

/* "Is this official e-mail active?": sends a short check message to
 * @address. TRUE when the server answered about the recipient:
 * *out_accepted says whether it took it, *out_message is a sentence for the
 * checklist. FALSE (with @error) when the server could not be asked. */
gboolean  sertel_mail_probe_address    (const SertelMailConfig  *config,
                                        const char              *address,
                                        const char              *subject,
                                        const char              *body,
                                        GCancellable            *cancellable,
                                        gboolean                *out_accepted,
                                        char                   **out_message,
                                        GError                 **error);

G_END_DECLS
