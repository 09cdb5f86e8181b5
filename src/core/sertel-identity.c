/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-identity.h"

G_DEFINE_QUARK (sertel-identity-error-quark, sertel_identity_error)

#define EMAIL_MAX_LENGTH 254
#define EMAIL_LOCAL_MAX_LENGTH 64
#define DOMAIN_MAX_LENGTH 253
#define DOMAIN_LABEL_MAX_LENGTH 63
/* Beyond this many bytes a name is refused before any Unicode work. */
#define NAME_MAX_BYTES (SERTEL_NAME_MAX_CHARS * 8)

/* ------------------------------------------------------------------ */
/* helpers                                                            */

static void
get_today (guint *day,
           guint *month,
           guint *year)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  *day = (guint) g_date_time_get_day_of_month (now);
  *month = (guint) g_date_time_get_month (now);
  *year = (guint) g_date_time_get_year (now);
}

/* Compares two calendar dates given as numbers; <0, 0, >0 like strcmp. */
static int
compare_dmy (guint d1, guint m1, guint y1,
             guint d2, guint m2, guint y2)
{
  if (y1 != y2)
    return y1 < y2 ? -1 : 1;
  if (m1 != m2)
    return m1 < m2 ? -1 : 1;
  if (d1 != d2)
    return d1 < d2 ? -1 : 1;
  return 0;
}

static gboolean
is_after_today (guint day,
                guint month,
                guint year)
{
  guint td, tm, ty;

  get_today (&td, &tm, &ty);
  return compare_dmy (day, month, year, td, tm, ty) > 0;
}

/* Value of @len ASCII digits starting at @s (caller has checked they are digits). */
static guint
digits_value (const char *s,
              gsize       len)
{
  guint v = 0;

  for (gsize i = 0; i < len; i++)
    v = v * 10 + (guint) (s[i] - '0');
  return v;
}

/* How an offending character is shown to the clerk: visible characters in
 * quotes, invisible ones (controls, format marks, spaces) by code point. */
static char *
describe_char (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  if (g_unichar_isgraph (c) &&
      type != G_UNICODE_FORMAT &&
      type != G_UNICODE_NON_SPACING_MARK &&
      type != G_UNICODE_ENCLOSING_MARK &&
      type != G_UNICODE_SPACING_MARK &&
      type != G_UNICODE_PRIVATE_USE &&
      type != G_UNICODE_SURROGATE)
    {
      char buf[8] = { 0 };

      g_unichar_to_utf8 (c, buf);
      /* TRANSLATORS: a character quoted in an error message */
      return g_strdup_printf (_("“%s”"), buf);
    }

  /* TRANSLATORS: an invisible character named by its Unicode number */
  return g_strdup_printf (_("the invisible character U+%04X"), (guint) c);
}

/* Characters people type or paste inside long numbers. Bidirectional
 * overrides are deliberately not here: they change what the clerk sees. */
static gboolean
is_number_separator (gunichar c)
{
  switch (c)
    {
    case '.':
    case '-':
    case 0x00A0: /* no-break space */
    case 0x00AD: /* soft hyphen */
    case 0x200B: /* zero-width space */
    case 0x200E: /* left-to-right mark */
    case 0x200F: /* right-to-left mark */
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2060: /* word joiner */
    case 0x2212: /* minus sign */
    case 0xFEFF: /* byte-order mark */
    case 0xFF0E: /* fullwidth full stop */
    case 0xFF0D: /* fullwidth hyphen-minus */
      return TRUE;
    default:
      break;
    }

  return g_unichar_isspace (c) ||
         g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

char *
sertel_identity_normalize_number (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_number_separator (c))
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Returns a description of the first character of @s that is not an ASCII
 * digit, or NULL; counts the characters of @s into @n_chars. */
static char *
find_non_digit (const char *s,
                guint      *n_chars)
{
  char *bad = NULL;
  guint n = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n++;
      if (bad == NULL && !(c >= '0' && c <= '9'))
        bad = describe_char (c);
    }

  *n_chars = n;
  return bad;
}

char *
sertel_identity_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%02u-%02u-%04u",
                          (guint) g_date_get_day (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_year (date));
}

const char *
sertel_sex_to_string (SertelSex sex)
{
  switch (sex)
    {
    case SERTEL_SEX_MALE:
      return C_("sex", "male");
    case SERTEL_SEX_FEMALE:
      return C_("sex", "female");
    case SERTEL_SEX_UNKNOWN:
    default:
      return C_("sex", "unknown");
    }
}

/* ------------------------------------------------------------------ */
/* NIK                                                                */

gboolean
sertel_nik_parse (const char  *text,
                  int          reference_year,
                  SertelNik   *out,
                  GError     **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *bad = NULL;
  SertelNik nik;
  guint n_chars = 0;
  guint day, month, yy, year;
  guint td, tm, ty;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (&nik, 0, sizeof nik);
  norm = sertel_identity_normalize_number (text);

  if (*norm == '\0')
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMPTY,
                           _("Enter the NIK: the 16-digit number printed on the KTP."));
      return FALSE;
    }

  bad = find_non_digit (norm, &n_chars);
  if (bad != NULL)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NOT_DIGITS,
                   _("The NIK may contain only digits; remove %s."), bad);
      return FALSE;
    }

  if (n_chars != SERTEL_NIK_LENGTH)
    {
      if (n_chars == SERTEL_NIP_LENGTH)
        g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_LENGTH,
                     _("The NIK must have 16 digits; %u were entered. An 18-digit number is a NIP; take the NIK from the KTP."),
                     n_chars);
      else
        g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_LENGTH,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The NIK must have 16 digits; %u was entered.",
                                  "The NIK must have 16 digits; %u were entered.",
                                  n_chars),
                     n_chars);
      return FALSE;
    }

  memcpy (nik.digits, norm, SERTEL_NIK_LENGTH);
  nik.digits[SERTEL_NIK_LENGTH] = '\0';
  nik.province = digits_value (norm, 2);
  nik.regency = digits_value (norm + 2, 2);
  nik.district = digits_value (norm + 4, 2);

  if (nik.province < 11)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_REGION,
                   _("The NIK starts with province code %02u, which does not exist; check the first two digits against the KTP."),
                   nik.province);
      return FALSE;
    }
  if (nik.regency == 0)
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_REGION,
                           _("The regency or city code in the NIK (digits 3–4) is 00, which does not exist; check it against the KTP."));
      return FALSE;
    }
  if (nik.district == 0)
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_REGION,
                           _("The district code in the NIK (digits 5–6) is 00, which does not exist; check it against the KTP."));
      return FALSE;
    }

  day = digits_value (norm + 6, 2);
  month = digits_value (norm + 8, 2);
  yy = digits_value (norm + 10, 2);

  if (day >= 1 && day <= 31)
    nik.sex = SERTEL_SEX_MALE;
  else if (day >= 41 && day <= 71)
    {
      nik.sex = SERTEL_SEX_FEMALE;
      day -= 40;
    }
  else
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_BIRTH_DATE,
                   _("The birth day in the NIK (digits 7–8) is %02u; it must be 01–31 for a man or 41–71 for a woman. Check it against the KTP."),
                   day);
      return FALSE;
    }

  if (month < 1 || month > 12)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_BIRTH_DATE,
                   _("The birth month in the NIK (digits 9–10) is %02u; it must be 01–12. Check it against the KTP."),
                   month);
      return FALSE;
    }

  /* The NIK carries no century. A reference year (the NIP's) decides it when
   * its last two digits agree; otherwise take the current century unless that
   * puts the birth in the future. */
  get_today (&td, &tm, &ty);
  year = 0;
  nik.year_ambiguous = TRUE;
  if (reference_year > 0 && (guint) reference_year % 100 == yy &&
      compare_dmy (day, month, (guint) reference_year, td, tm, ty) <= 0)
    {
      year = (guint) reference_year;
      nik.year_ambiguous = FALSE;
    }
  if (year == 0)
    {
      year = (ty / 100) * 100 + yy;
      if (compare_dmy (day, month, year, td, tm, ty) > 0)
        year -= 100;
    }

  if (year > G_MAXUINT16 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_BIRTH_DATE,
                   _("The birth date in the NIK (%02u-%02u-%04u) does not exist; check digits 7–12 against the KTP."),
                   day, month, year);
      return FALSE;
    }

  g_date_clear (&nik.birth, 1);
  g_date_set_dmy (&nik.birth, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  nik.serial = digits_value (norm + 12, 4);
  if (nik.serial == 0)
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_SERIAL,
                           _("The NIK ends in 0000, which is not a valid serial number; check the last four digits against the KTP."));
      return FALSE;
    }

  if (out != NULL)
    *out = nik;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* NIP                                                                */

gboolean
sertel_nip_parse (const char  *text,
                  SertelNip   *out,
                  GError     **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *bad = NULL;
  SertelNip nip;
  guint n_chars = 0;
  guint bd, bm, by;
  guint td, tm, ty;
  guint appointment_months, eighteenth_months;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (&nip, 0, sizeof nip);
  norm = sertel_identity_normalize_number (text);

  if (*norm == '\0')
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMPTY,
                           _("Enter the NIP: the 18-digit employee number from the appointment decree."));
      return FALSE;
    }

  bad = find_non_digit (norm, &n_chars);
  if (bad != NULL)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NOT_DIGITS,
                   _("The NIP may contain only digits; remove %s."), bad);
      return FALSE;
    }

  if (n_chars != SERTEL_NIP_LENGTH)
    {
      if (n_chars == SERTEL_NIK_LENGTH)
        g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_LENGTH,
                     _("The NIP must have 18 digits; %u were entered. A 16-digit number is a NIK; take the NIP from the appointment decree."),
                     n_chars);
      else
        g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_LENGTH,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The NIP must have 18 digits; %u was entered.",
                                  "The NIP must have 18 digits; %u were entered.",
                                  n_chars),
                     n_chars);
      return FALSE;
    }

  memcpy (nip.digits, norm, SERTEL_NIP_LENGTH);
  nip.digits[SERTEL_NIP_LENGTH] = '\0';

  /* Birth date, digits 1–8, YYYYMMDD. */
  by = digits_value (norm, 4);
  bm = digits_value (norm + 4, 2);
  bd = digits_value (norm + 6, 2);

  if (bm < 1 || bm > 12)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_BIRTH_DATE,
                   _("The birth month in the NIP (digits 5–6) is %02u; it must be 01–12. Check it against the appointment decree."),
                   bm);
      return FALSE;
    }
  if (by < 1900 || !g_date_valid_dmy ((GDateDay) bd, (GDateMonth) bm, (GDateYear) by))
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_BIRTH_DATE,
                   _("The birth date in the NIP (%02u-%02u-%04u) does not exist; check digits 1–8 against the appointment decree."),
                   bd, bm, by);
      return FALSE;
    }
  if (is_after_today (bd, bm, by))
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_BIRTH_DATE,
                   _("The birth date in the NIP (%02u-%02u-%04u) is in the future; check digits 1–8 against the appointment decree."),
                   bd, bm, by);
      return FALSE;
    }
  g_date_clear (&nip.birth, 1);
  g_date_set_dmy (&nip.birth, (GDateDay) bd, (GDateMonth) bm, (GDateYear) by);

  /* Digit 13 tells a PNS (TMT month 01–12, so 0 or 1) from a PPPK (2). */
  nip.appointment_year = digits_value (norm + 8, 4);
  switch (norm[12])
    {
    case '0':
    case '1':
      nip.kind = SERTEL_NIP_PNS;
      nip.appointment_month = digits_value (norm + 12, 2);
      if (nip.appointment_month < 1 || nip.appointment_month > 12)
        {
          g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_APPOINTMENT,
                       _("The appointment month in the NIP (digits 13–14) is %02u; it must be 01–12. Check it against the appointment decree."),
                       nip.appointment_month);
          return FALSE;
        }
      break;

    case '2':
      nip.kind = SERTEL_NIP_PPPK;
      nip.contract = digits_value (norm + 13, 1);
      if (nip.contract == 0)
        {
          g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_APPOINTMENT,
                               _("The contract number in this PPPK NIP (digit 14) is 0; it must be 1–9. Check it against the work contract."));
          return FALSE;
        }
      break;

    default:
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_APPOINTMENT,
                   _("Digit 13 of the NIP is %c; it must be 0 or 1 for a PNS, or 2 for a PPPK. Check it against the appointment decree."),
                   norm[12]);
      return FALSE;
    }

  get_today (&td, &tm, &ty);
  if (nip.appointment_year > ty + 1)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_APPOINTMENT,
                   _("The appointment year in the NIP (digits 9–12) is %04u, which is in the future; check it against the appointment decree."),
                   nip.appointment_year);
      return FALSE;
    }

  /* Months are compared, so a PPPK (year only) counts from January. */
  appointment_months = nip.appointment_year * 12 +
                       (nip.appointment_month > 0 ? nip.appointment_month : 12) - 1;
  eighteenth_months = (by + 18) * 12 + bm - 1;
  if (appointment_months < by * 12 + bm - 1)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_APPOINTMENT,
                   _("The appointment year in the NIP (%04u) is before the birth date (%02u-%02u-%04u); check digits 1–14 against the appointment decree."),
                   nip.appointment_year, bd, bm, by);
      return FALSE;
    }
  if (appointment_months < eighteenth_months)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_APPOINTMENT,
                   _("The appointment year in the NIP (%04u) is before the employee turned 18 (born %02u-%02u-%04u); check digits 1–14 against the appointment decree."),
                   nip.appointment_year, bd, bm, by);
      return FALSE;
    }

  switch (norm[14])
    {
    case '1':
      nip.sex = SERTEL_SEX_MALE;
      break;
    case '2':
      nip.sex = SERTEL_SEX_FEMALE;
      break;
    default:
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_SEX,
                   _("Digit 15 of the NIP is %c; it must be 1 for a man or 2 for a woman. Check it against the appointment decree."),
                   norm[14]);
      return FALSE;
    }

  nip.serial = digits_value (norm + 15, 3);
  if (nip.serial == 0)
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_SERIAL,
                           _("The NIP ends in 000, which is not a valid serial number; check the last three digits against the appointment decree."));
      return FALSE;
    }

  if (out != NULL)
    *out = nip;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Cross-check                                                        */

void
sertel_finding_free (SertelFinding *f)
{
  if (f == NULL)
    return;
  g_free (f->nik_value);
  g_free (f->nip_value);
  g_free (f->message);
  g_free (f);
}

GPtrArray *
sertel_identity_cross_check (const SertelNik *nik,
                             const SertelNip *nip)
{
  GPtrArray *findings;

  g_return_val_if_fail (nik != NULL, NULL);
  g_return_val_if_fail (nip != NULL, NULL);

  findings = g_ptr_array_new_with_free_func ((GDestroyNotify) sertel_finding_free);

  /* The NIK has no century, so its year agrees when the last two digits do. */
  if (g_date_valid (&nik->birth) && g_date_valid (&nip->birth) &&
      (g_date_get_day (&nik->birth) != g_date_get_day (&nip->birth) ||
       g_date_get_month (&nik->birth) != g_date_get_month (&nip->birth) ||
       g_date_get_year (&nik->birth) % 100 != g_date_get_year (&nip->birth) % 100))
    {
      SertelFinding *f = g_new0 (SertelFinding, 1);

      f->field = SERTEL_FINDING_BIRTH_DATE;
      f->nik_value = sertel_identity_format_date (&nik->birth);
      f->nip_value = sertel_identity_format_date (&nip->birth);
      f->message = g_strdup_printf (_("The birth date in the NIK (%s) does not match the NIP (%s)."),
                                    f->nik_value, f->nip_value);
      g_ptr_array_add (findings, f);
    }

  if (nik->sex != SERTEL_SEX_UNKNOWN && nip->sex != SERTEL_SEX_UNKNOWN &&
      nik->sex != nip->sex)
    {
      SertelFinding *f = g_new0 (SertelFinding, 1);

      f->field = SERTEL_FINDING_SEX;
      f->nik_value = g_strdup (sertel_sex_to_string (nik->sex));
      f->nip_value = g_strdup (sertel_sex_to_string (nip->sex));
      f->message = g_strdup_printf (_("The sex in the NIK (%s) does not match the NIP (%s)."),
                                    f->nik_value, f->nip_value);
      g_ptr_array_add (findings, f);
    }

  return findings;
}

/* ------------------------------------------------------------------ */
/* E-mail                                                             */

static gboolean
is_local_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-' || c == '+';
}

/* Domain labels: 1–63 of letters, digits and inner hyphens; at least two
 * labels; the last not all digits. */
static gboolean
domain_is_valid (const char *domain)
{
  g_auto(GStrv) labels = NULL;
  guint n;

  if (*domain == '\0' || strlen (domain) > DOMAIN_MAX_LENGTH)
    return FALSE;

  labels = g_strsplit (domain, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);
      gboolean all_digits = TRUE;

      if (len == 0 || len > DOMAIN_LABEL_MAX_LENGTH)
        return FALSE;
      if (label[0] == '-' || label[len - 1] == '-')
        return FALSE;
      for (gsize j = 0; j < len; j++)
        {
          if (!g_ascii_isalnum (label[j]) && label[j] != '-')
            return FALSE;
          if (!g_ascii_isdigit (label[j]))
            all_digits = FALSE;
        }
      if (i == n - 1 && all_digits)
        return FALSE;
    }

  return TRUE;
}

static gboolean
has_suffix_ci (const char *s,
               const char *suffix)
{
  gsize ls = strlen (s), lx = strlen (suffix);

  return ls >= lx && g_ascii_strcasecmp (s + ls - lx, suffix) == 0;
}

gboolean
sertel_email_check (const char  *email,
                    const char  *official_domain,
                    gboolean     allow_subdomains,
                    GError     **error)
{
  g_autofree char *official = NULL;
  g_autofree char *local = NULL;
  const char *at;
  const char *domain;
  gsize len;

  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (official_domain != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The configured domain may be written "@malutprov.go.id" or with a final dot. */
  official = g_strstrip (g_strdup (official_domain));
  if (official[0] == '@')
    memmove (official, official + 1, strlen (official));
  len = strlen (official);
  if (len > 0 && official[len - 1] == '.')
    official[len - 1] = '\0';

  if (*email == '\0')
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMPTY,
                   _("Enter the official e-mail address, ending in @%s."), official);
      return FALSE;
    }

  if (!g_utf8_validate (email, -1, NULL))
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                           _("The e-mail address contains characters that cannot be read; type it again."));
      return FALSE;
    }

  len = strlen (email);
  if (len > EMAIL_MAX_LENGTH)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                   _("The e-mail address is too long; an address has at most %u characters."),
                   (guint) EMAIL_MAX_LENGTH);
      return FALSE;
    }

  for (const char *p = email; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                               _("The e-mail address contains a space; remove it."));
          return FALSE;
        }
      if (c >= 0x80 || g_ascii_iscntrl ((char) c))
        {
          g_autofree char *what = describe_char (c);

          g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                       _("The e-mail address may contain only Latin letters, digits and the marks . _ - + @; remove %s."),
                       what);
          return FALSE;
        }
    }

  at = strchr (email, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                   _("The e-mail address must contain exactly one “@”, as in name@%s."),
                   official);
      return FALSE;
    }

  local = g_strndup (email, (gsize) (at - email));
  domain = at + 1;

  if (*local == '\0')
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                   _("The e-mail address has no name before the “@”; enter the full address, as in name@%s."),
                   official);
      return FALSE;
    }
  if (strlen (local) > EMAIL_LOCAL_MAX_LENGTH)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                   _("The part of the e-mail address before the “@” is too long; it may have at most %u characters."),
                   (guint) EMAIL_LOCAL_MAX_LENGTH);
      return FALSE;
    }
  for (const char *p = local; *p != '\0'; p++)
    {
      if (!is_local_char (*p))
        {
          g_autofree char *what = describe_char ((gunichar) (guchar) *p);

          g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                       _("The e-mail address may contain only Latin letters, digits and the marks . _ - + before the “@”; remove %s."),
                       what);
          return FALSE;
        }
    }
  if (local[0] == '.' || local[strlen (local) - 1] == '.' || strstr (local, "..") != NULL)
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                           _("The part of the e-mail address before the “@” cannot start or end with a dot or have two dots in a row; correct it."));
      return FALSE;
    }

  if (!domain_is_valid (domain))
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX,
                   _("The part of the e-mail address after the “@” is not a valid domain; it must be %s."),
                   official);
      return FALSE;
    }

  if (g_ascii_strcasecmp (domain, official) == 0)
    return TRUE;

  if (allow_subdomains && *official != '\0')
    {
      g_autofree char *dotted = g_strconcat (".", official, NULL);

      if (strlen (domain) > strlen (dotted) && has_suffix_ci (domain, dotted))
        return TRUE;
    }

  if (allow_subdomains)
    g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN,
                 _("The e-mail must be an official address ending in @%s or in a subdomain of it, such as @bkd.%s."),
                 official, official);
  else
    g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN,
                 _("The e-mail must be an official address ending in @%s."),
                 official);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Name                                                               */

static gboolean
is_name_space (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return g_unichar_isspace (c) ||
         type == G_UNICODE_SPACE_SEPARATOR ||
         type == G_UNICODE_LINE_SEPARATOR ||
         type == G_UNICODE_PARAGRAPH_SEPARATOR;
}

static gboolean
is_mark (GUnicodeType type)
{
  return type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_ENCLOSING_MARK;
}

char *
sertel_name_normalize (const char  *text,
                       GError     **error)
{
  g_autofree char *nfc = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  gboolean prev_letter = FALSE;
  gboolean any_letter = FALSE;
  guint n_chars;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                           _("The name contains characters that cannot be read; type it again as on the KTP."));
      return NULL;
    }

  if (strlen (text) > NAME_MAX_BYTES)
    {
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                   _("The name has %u characters; at most %u are allowed. Shorten it."),
                   (guint) MIN (g_utf8_strlen (text, -1), (glong) G_MAXINT),
                   (guint) SERTEL_NAME_MAX_CHARS);
      return NULL;
    }

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    {
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                           _("The name contains characters that cannot be read; type it again as on the KTP."));
      return NULL;
    }

  out = g_string_sized_new (strlen (nfc));

  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (is_name_space (c))
        {
          pending_space = out->len > 0;
          prev_letter = FALSE;
          continue;
        }

      /* Controls and invisible format marks (bidi overrides, zero-width
       * spaces) are cleaned out silently. */
      if (type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT)
        continue;

      /* Typographic apostrophes become the plain one used on the KTP. */
      if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x0060 || c == 0x00B4)
        c = '\'';

      if (g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
        {
          prev_letter = TRUE;
          any_letter = TRUE;
        }
      else if (is_mark (type) && prev_letter)
        {
          /* a combining accent on a Latin letter */
        }
      else if (c == '\'' || c == '.' || c == ',' || c == '-')
        {
          prev_letter = FALSE;
        }
      else
        {
          g_autofree char *what = describe_char (c);

          g_string_free (out, TRUE);
          if (g_unichar_isdigit (c))
            g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                         _("A name contains no digits; remove %s and type the name as on the KTP."),
                         what);
          else
            g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                         _("The name may contain only Latin letters, spaces and the marks . , ' -; remove %s and type the name as on the KTP."),
                         what);
          return NULL;
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_EMPTY,
                           _("Enter the name as it is written on the KTP."));
      return NULL;
    }

  if (!any_letter)
    {
      g_string_free (out, TRUE);
      g_set_error_literal (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                           _("The name contains no letters; type the name as on the KTP."));
      return NULL;
    }

  n_chars = (guint) g_utf8_strlen (out->str, -1);
  if (n_chars > SERTEL_NAME_MAX_CHARS)
    {
      g_string_free (out, TRUE);
      g_set_error (error, SERTEL_IDENTITY_ERROR, SERTEL_IDENTITY_ERROR_NAME,
                   _("The name has %u characters; at most %u are allowed. Shorten it."),
                   n_chars, (guint) SERTEL_NAME_MAX_CHARS);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

char *
sertel_nik_mask (const char *nik)
{
  GString *out = g_string_new (NULL);
  glong n;

  if (nik == NULL || !g_utf8_validate (nik, -1, NULL))
    return g_string_free (out, FALSE);

  n = g_utf8_strlen (nik, -1);
  for (glong i = 0; i < n; i++, nik = g_utf8_next_char (nik))
    {
      /* Four digits on each side identify a case to a clerk; the birth date
       * and most of the number stay hidden. */
      if (n > 8 && (i < 4 || i >= n - 4))
        g_string_append_unichar (out, g_utf8_get_char (nik));
      else
        g_string_append (out, "\u2022");
    }
  return g_string_free (out, FALSE);
}
