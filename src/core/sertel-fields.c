/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-fields.h"
#include "sertel-identity.h"
#include "sertel-text.h"

/* The limits: generous for real Indonesian titles and addresses, small
 * enough that a paste of a whole document is caught. NIK and NIP are checked
 * by their own rules (16 and 18 digits); max_input lets an entry take them
 * with spaces or dots as printed. */
static const SertelFieldInfo fields[SERTEL_N_FIELDS] = {
  [SERTEL_FIELD_LETTER_NUMBER]   = { "letter-number",   N_("the number of the request letter"), 100, 100, FALSE },
  [SERTEL_FIELD_PERIHAL]         = { "perihal",         N_("the subject (perihal) of the letter"), 500, 500, FALSE },
  [SERTEL_FIELD_LETTER_OPD]      = { "opd-name",        N_("the OPD that sent the letter"), 200, 200, FALSE },
  [SERTEL_FIELD_NAME]            = { "name",            N_("the name"), SERTEL_NAME_MAX_CHARS, SERTEL_NAME_MAX_CHARS, FALSE },
  [SERTEL_FIELD_NAME_TITLED]     = { "name-titled",     N_("the name with titles"), SERTEL_NAME_MAX_CHARS, SERTEL_NAME_MAX_CHARS, FALSE },
  [SERTEL_FIELD_NIK]             = { "nik",             N_("the NIK"), 16, 32, FALSE },
  [SERTEL_FIELD_NIP]             = { "nip",             N_("the NIP"), 18, 36, FALSE },
  [SERTEL_FIELD_EMAIL]           = { "email",           N_("the e-mail address"), 254, 254, FALSE },
  [SERTEL_FIELD_PHONE]           = { "phone",           N_("the phone number"), 30, 30, FALSE },
  [SERTEL_FIELD_PANGKAT]         = { "pangkat",         N_("the pangkat/golongan"), 100, 100, FALSE },
  [SERTEL_FIELD_GOLONGAN]        = { "golongan",        N_("the golongan"), 20, 20, FALSE },
  [SERTEL_FIELD_JABATAN]         = { "jabatan",         N_("the jabatan"), 300, 300, FALSE },
  [SERTEL_FIELD_UNIT_KERJA]      = { "unit-kerja",      N_("the unit kerja"), 300, 300, FALSE },
  [SERTEL_FIELD_OPD]             = { "opd",             N_("the OPD"), 200, 200, FALSE },
  [SERTEL_FIELD_OFFICE_ADDRESS]  = { "office-address",  N_("the office address"), 500, 500, FALSE },
  [SERTEL_FIELD_CITY]            = { "city",            N_("the city"), 100, 100, FALSE },
  [SERTEL_FIELD_PROVINCE]        = { "province",        N_("the province"), 100, 100, FALSE },
  [SERTEL_FIELD_MISMATCH_REASON] = { "mismatch-reason", N_("the reason for going on despite the NIK/NIP mismatch"), 2000, 2000, TRUE },
  [SERTEL_FIELD_NOTE]            = { "note",            N_("the note"), 2000, 2000, TRUE },
  [SERTEL_FIELD_REASON]          = { "reason",          N_("the reason"), 2000, 2000, TRUE },
};

const SertelFieldInfo *
sertel_field_info (SertelField field)
{
  g_return_val_if_fail (field < SERTEL_N_FIELDS, NULL);
  return &fields[field];
}

const char *
sertel_field_label (SertelField field)
{
  g_return_val_if_fail (field < SERTEL_N_FIELDS, "");
  return _(fields[field].label);
}

guint
sertel_field_max_input (SertelField field)
{
  g_return_val_if_fail (field < SERTEL_N_FIELDS, 0);
  return fields[field].max_input;
}

char *
sertel_field_clean (SertelField field, const char *text, gboolean required, GError **error)
{
  g_return_val_if_fail (field < SERTEL_N_FIELDS, NULL);

  return sertel_text_clean_full (text, _(fields[field].label), fields[field].max_chars, required,
                                 fields[field].multiline, error);
}

char *
sertel_phone_clean (const char *text, GError **error)
{
  g_autofree char *clean = sertel_field_clean (SERTEL_FIELD_PHONE, text, FALSE, error);
  guint digits = 0;

  if (clean == NULL)
    return NULL;
  if (*clean == '\0')
    return g_steal_pointer (&clean);
  for (const char *p = clean; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if ((*p == '+' && p == clean) || *p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')')
        continue;
      else
        {
          g_set_error_literal (error, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_FORMAT,
                               _("The phone number may hold only digits, spaces, dashes and a leading +; "
                                 "for example 0812 3456 7890."));
          return NULL;
        }
    }
  if (digits < 9 || digits > 15)
    {
      g_set_error (error, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_FORMAT,
                   _("The phone number should have 9 to 15 digits; it has %u. For example 0812 3456 7890."), digits);
      return NULL;
    }
  return g_steal_pointer (&clean);
}
