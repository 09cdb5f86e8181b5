/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The notifications' wording: Indonesian templates kept in GSettings
 * (mail-template-KIND-subject/-body, editable in Preferences), with
 * placeholders in braces filled in for each applicant:
 * {nama} {nip} {opd} {nomor_surat} {tanggal_surat} {perihal} {alasan}
 * {nomor_rekomendasi} {kantor}. An unknown placeholder is left as written. */
#pragma once

#include <gio/gio.h>

#include "sertel-applicant.h"
#include "sertel-request.h"

G_BEGIN_DECLS

typedef enum
{
  SERTEL_MAIL_RECEIVED,
  SERTEL_MAIL_RETURNED,
  SERTEL_MAIL_RECOMMENDED,     /* the Surat Rekomendasi attached as PDF */
  SERTEL_MAIL_ISSUED,
  SERTEL_MAIL_REJECTED,
  SERTEL_MAIL_EMAIL_CHECK,
  SERTEL_MAIL_N_KINDS,
} SertelMailKind;

/* "received", "returned", "recommended", "issued", "rejected", "email-check" */
const char *sertel_mail_kind_to_string   (SertelMailKind kind);
gboolean    sertel_mail_kind_from_string (const char *s, SertelMailKind *out);
/* For people, translated: "Request received" … */
const char *sertel_mail_kind_label       (SertelMailKind kind);
/* The placeholder names, NULL-terminated, for the editor's help text. */
const char * const *sertel_mail_placeholders (void);

/* The app's settings when its schema is installed, else NULL (with an
 * error saying so). */
GSettings  *sertel_mail_settings_new     (GError **error);

/* Replaces {name} with values[name]; unknown names stay. */
char       *sertel_mail_template_render  (const char *template_text,
                                          GHashTable *values);
/* Values for one applicant of a request; @reason for {alasan} (may be NULL);
 * @office for {kantor}. */
GHashTable *sertel_mail_template_values  (SertelRequest   *request,
                                          SertelApplicant *applicant,
                                          const char      *reason,
                                          const char      *office);
/* Renders the stored template of @kind for the applicant. */
void        sertel_mail_template_render_kind (GSettings       *settings,
                                              SertelMailKind   kind,
                                              SertelRequest   *request,
                                              SertelApplicant *applicant,
                                              const char      *reason,
                                              char           **out_subject,
                                              char           **out_body);
/* A preview of any template text: as above, with @subject/@body given. */
void        sertel_mail_template_preview (GSettings       *settings,
                                          const char      *subject,
                                          const char      *body,
                                          SertelRequest   *request,
                                          SertelApplicant *applicant,
                                          const char      *reason,
                                          char           **out_subject,
                                          char           **out_body);

G_END_DECLS
