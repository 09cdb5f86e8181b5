/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every field a clerk fills in at intake, with its limit: one table that the
 * register, the CSV import and the intake form all read, so a limit is
 * written once and every message names the field and the limit. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  /* the request letter */
  SERTEL_FIELD_LETTER_NUMBER = 0,
  SERTEL_FIELD_PERIHAL,
  SERTEL_FIELD_LETTER_OPD,        /* the OPD that sent the letter */
  /* the applicant */
  SERTEL_FIELD_NAME,
  SERTEL_FIELD_NAME_TITLED,
  SERTEL_FIELD_NIK,
  SERTEL_FIELD_NIP,
  SERTEL_FIELD_EMAIL,
  SERTEL_FIELD_PHONE,
  SERTEL_FIELD_PANGKAT,
  SERTEL_FIELD_GOLONGAN,
  SERTEL_FIELD_JABATAN,
  SERTEL_FIELD_UNIT_KERJA,
  SERTEL_FIELD_OPD,
  SERTEL_FIELD_OFFICE_ADDRESS,
  SERTEL_FIELD_CITY,
  SERTEL_FIELD_PROVINCE,
  SERTEL_FIELD_MISMATCH_REASON,   /* why to go on despite a NIK/NIP mismatch */
  /* the steps */
  SERTEL_FIELD_NOTE,              /* a note on a disposition or other move */
  SERTEL_FIELD_REASON,            /* why a request is returned or an applicant rejected */
  SERTEL_N_FIELDS
} SertelField;

typedef struct {
  const char *key;        /* the applicant's property, or a stable key */
  const char *label;      /* untranslated; use sertel_field_label() */
  guint       max_chars;  /* what the field may hold once cleaned */
  guint       max_input;  /* what an entry accepts as typed (spaces, dots in numbers) */
  gboolean    multiline;
} SertelFieldInfo;

const SertelFieldInfo *sertel_field_info      (SertelField field);
/* "the jabatan", translated: fits "Fill in %s." and "%s may have at most…". */
const char            *sertel_field_label     (SertelField field);
/* The characters an entry for @field should accept. */
guint                  sertel_field_max_input (SertelField field);

/* Cleans free text for @field: control characters, bidi overrides and
 * zero-width marks removed; tabs and (in one-line fields) line breaks become
 * one space; NFC. Refuses invalid UTF-8, an empty result when @required, and
 * more than the field's limit, naming the field and the limit. */
char                  *sertel_field_clean     (SertelField  field,
                                               const char  *text,
                                               gboolean     required,
                                               GError     **error);

/* A mobile or office phone number: digits with spaces, dashes, dots or
 * brackets between them and an optional leading +, 9 to 15 digits. Returns
 * the number as cleaned text ("" for empty), or NULL with a message. */
char                  *sertel_phone_clean     (const char  *text,
                                               GError     **error);

G_END_DECLS
