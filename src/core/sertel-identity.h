/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Identity numbers (NIK, NIP), the official e-mail and the applicant's name:
 * parsing, validation and the NIK/NIP cross-check the SOP asks for at intake.
 * GLib only; every refusal is a GError whose message tells a clerk what to fix. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SERTEL_IDENTITY_ERROR (sertel_identity_error_quark ())

typedef enum {
  SERTEL_IDENTITY_ERROR_LENGTH,        /* wrong number of digits */
  SERTEL_IDENTITY_ERROR_NOT_DIGITS,    /* a character that is not a digit */
  SERTEL_IDENTITY_ERROR_BIRTH_DATE,    /* impossible or future birth date */
  SERTEL_IDENTITY_ERROR_APPOINTMENT,   /* NIP: bad TMT / PPPK year, contract, kind digit, age */
  SERTEL_IDENTITY_ERROR_SEX,           /* NIP: sex digit not 1 or 2 */
  SERTEL_IDENTITY_ERROR_SERIAL,        /* all-zero serial */
  SERTEL_IDENTITY_ERROR_REGION,        /* NIK: province/regency/district code 00 or unknown */
  SERTEL_IDENTITY_ERROR_EMPTY,         /* nothing entered */
  SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
  SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN,  /* valid address, but not on the official domain */
  SERTEL_IDENTITY_ERROR_NAME,          /* characters a KTP name cannot hold, or too long */
} SertelIdentityError;

typedef enum {
  SERTEL_SEX_UNKNOWN,
  SERTEL_SEX_MALE,
  SERTEL_SEX_FEMALE,
} SertelSex;

typedef enum {
  SERTEL_NIP_PNS,
  SERTEL_NIP_PPPK,
} SertelNipKind;

#define SERTEL_NIK_LENGTH 16
#define SERTEL_NIP_LENGTH 18
#define SERTEL_NAME_MAX_CHARS 200

typedef struct {
  char      digits[SERTEL_NIK_LENGTH + 1];   /* normalized, NUL-terminated */
  guint     province, regency, district;
  GDate     birth;           /* day already reduced by 40 for women; year resolved */
  SertelSex sex;
  guint     serial;          /* 1..9999 */
  gboolean  year_ambiguous;  /* TRUE when the century was guessed (no matching reference year) */
} SertelNik;

typedef struct {
  char          digits[SERTEL_NIP_LENGTH + 1];
  SertelNipKind kind;
  GDate         birth;
  guint         appointment_year;
  guint         appointment_month;  /* 1..12 for PNS (TMT), 0 for PPPK */
  guint         contract;           /* 1..9 for PPPK, 0 for PNS */
  SertelSex     sex;
  guint         serial;             /* 1..999 */
} SertelNip;

typedef enum {
  SERTEL_FINDING_BIRTH_DATE,
  SERTEL_FINDING_SEX,
} SertelFindingField;

/* One NIK/NIP disagreement. The values are as a clerk reads them: dates as
 * DD-MM-YYYY, sex as the translated "male"/"female". The message is a
 * translated sentence naming both values. */
typedef struct {
  SertelFindingField field;
  char *nik_value;
  char *nip_value;
  char *message;
} SertelFinding;

GQuark      sertel_identity_error_quark      (void);

char       *sertel_identity_normalize_number (const char        *text);

gboolean    sertel_nik_parse                 (const char        *text,
                                              int                reference_year,
                                              SertelNik         *out,
                                              GError           **error);
gboolean    sertel_nip_parse                 (const char        *text,
                                              SertelNip         *out,
                                              GError           **error);

GPtrArray  *sertel_identity_cross_check      (const SertelNik   *nik,
                                              const SertelNip   *nip);
void        sertel_finding_free              (SertelFinding     *f);

const char *sertel_sex_to_string             (SertelSex          sex);
char       *sertel_identity_format_date      (const GDate       *date);

gboolean    sertel_email_check               (const char        *email,
                                              const char        *official_domain,
                                              gboolean           allow_subdomains,
                                              GError           **error);

char       *sertel_name_normalize            (const char        *text,
                                              GError           **error);

/* A NIK for lists and screens that need not show it: the first four and the
 * last four digits, the rest as bullets (8271••••••••0003). Anything too
 * short to keep digits is all bullets; NULL gives "". */
char       *sertel_nik_mask                  (const char        *nik);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelFinding, sertel_finding_free)

G_END_DECLS
