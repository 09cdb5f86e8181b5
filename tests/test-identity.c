/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Sertel-test"
#endif

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-identity.h"

/* The example pair from the design: a woman born 12-03-1985, Ternate. */
#define NIK_SITI "8271035203850001"
#define NIP_SITI "198503122010012001"

#define OFFICIAL "malutprov.go.id"

/* ------------------------------------------------------------------ */
/* helpers                                                            */

static void
assert_date (const GDate *d,
             guint        day,
             guint        month,
             guint        year)
{
  g_assert_true (g_date_valid (d));
  g_assert_cmpuint (g_date_get_day (d), ==, day);
  g_assert_cmpuint (g_date_get_month (d), ==, month);
  g_assert_cmpuint (g_date_get_year (d), ==, year);
}

/* Parses @text as a NIK that must be refused with @code and a message that
 * contains @needle (when not NULL). */
static void
nik_fails (const char *text,
           int         reference_year,
           int         code,
           const char *needle)
{
  g_autoptr(GError) error = NULL;
  SertelNik nik;

  g_assert_false (sertel_nik_parse (text, reference_year, &nik, &error));
  g_assert_error (error, SERTEL_IDENTITY_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "The NIK") ||
                 g_str_has_prefix (error->message, "The birth") ||
                 g_str_has_prefix (error->message, "The regency") ||
                 g_str_has_prefix (error->message, "The district") ||
                 g_str_has_prefix (error->message, "Enter the NIK"));
  g_assert_nonnull (strstr (error->message, "NIK"));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("NIK “%s”: message “%s” lacks “%s”", text, error->message, needle);
}

static void
nip_fails (const char *text,
           int         code,
           const char *needle)
{
  g_autoptr(GError) error = NULL;
  SertelNip nip;

  g_assert_false (sertel_nip_parse (text, &nip, &error));
  g_assert_error (error, SERTEL_IDENTITY_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "NIP"));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("NIP “%s”: message “%s” lacks “%s”", text, error->message, needle);
}

static void
email_fails (const char *email,
             gboolean    allow_subdomains,
             int         code,
             const char *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sertel_email_check (email, OFFICIAL, allow_subdomains, &error));
  g_assert_error (error, SERTEL_IDENTITY_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("e-mail “%s”: message “%s” lacks “%s”", email, error->message, needle);
}

static void
email_ok (const char *email,
          gboolean    allow_subdomains)
{
  g_autoptr(GError) error = NULL;

  if (!sertel_email_check (email, OFFICIAL, allow_subdomains, &error))
    g_error ("e-mail “%s” refused: %s", email, error->message);
}

static void
name_fails (const char *text,
            int         code,
            const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = sertel_name_normalize (text, &error);

  g_assert_null (name);
  g_assert_error (error, SERTEL_IDENTITY_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("name: message “%s” lacks “%s”", error->message, needle);
}

static void
name_is (const char *text,
         const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = sertel_name_normalize (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, expected);
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, piece);
  return g_string_free (s, FALSE);
}

static void
get_today (GDate *d)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (d, 1);
  g_date_set_dmy (d, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* ------------------------------------------------------------------ */
/* normalize                                                          */

static void
test_normalize (void)
{
  struct { const char *in, *out; } cases[] = {
    { "8271035203850001", "8271035203850001" },
    { "8271 0352 0385 0001", "8271035203850001" },
    { "82.71.03.520385.0001", "8271035203850001" },
    { "82-71-03-520385-0001", "8271035203850001" },
    { "  8271035203850001\t\n", "8271035203850001" },
    { "8271\xc2\xa0" "0352\xe2\x80\xaf" "0385\xe2\x80\x93" "0001", "8271035203850001" }, /* NBSP, NNBSP, en dash */
    { "\xef\xbb\xbf" "19850312\xe2\x80\x8b" "201001 2 001", "198503122010012001" },  /* BOM, ZWSP */
    { "82a71", "82a71" },
    { "", "" },
    { " . - ", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = sertel_identity_normalize_number (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }

  /* Invalid UTF-8 comes back valid, with the bad bytes replaced. */
  {
    g_autofree char *got = sertel_identity_normalize_number ("82\xff\xfe" "71");
    g_assert_true (g_utf8_validate (got, -1, NULL));
    g_assert_true (g_str_has_prefix (got, "82"));
    g_assert_true (g_str_has_suffix (got, "71"));
    g_assert_cmpstr (got, !=, "8271");
  }
}

/* ------------------------------------------------------------------ */
/* NIK                                                                */

static void
test_nik_valid_female (void)
{
  g_autoptr(GError) error = NULL;
  SertelNik nik;

  g_assert_true (sertel_nik_parse (NIK_SITI, 1985, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nik.digits, ==, NIK_SITI);
  g_assert_cmpuint (nik.province, ==, 82);
  g_assert_cmpuint (nik.regency, ==, 71);
  g_assert_cmpuint (nik.district, ==, 3);
  assert_date (&nik.birth, 12, 3, 1985);
  g_assert_cmpint (nik.sex, ==, SERTEL_SEX_FEMALE);
  g_assert_cmpuint (nik.serial, ==, 1);
  g_assert_false (nik.year_ambiguous);

  /* Women's days run 41–71: 41 is the 1st, 71 the 31st. */
  g_assert_true (sertel_nik_parse ("8271034101900123", 0, &nik, &error));
  assert_date (&nik.birth, 1, 1, 1990);
  g_assert_cmpint (nik.sex, ==, SERTEL_SEX_FEMALE);
  g_assert_cmpuint (nik.serial, ==, 123);
  g_assert_true (sertel_nik_parse ("8271037112909999", 0, &nik, &error));
  assert_date (&nik.birth, 31, 12, 1990);
  g_assert_cmpint (nik.sex, ==, SERTEL_SEX_FEMALE);
  g_assert_cmpuint (nik.serial, ==, 9999);
  g_assert_no_error (error);
}

static void
test_nik_valid_male (void)
{
  g_autoptr(GError) error = NULL;
  SertelNik nik;

  g_assert_true (sertel_nik_parse ("8271031203850002", 0, &nik, &error));
  g_assert_no_error (error);
  assert_date (&nik.birth, 12, 3, 1985);
  g_assert_cmpint (nik.sex, ==, SERTEL_SEX_MALE);
  g_assert_cmpuint (nik.serial, ==, 2);

  /* Aceh (11) and Papua (94) ends of the province range. */
  g_assert_true (sertel_nik_parse ("1101010101800001", 0, &nik, &error));
  assert_date (&nik.birth, 1, 1, 1980);
  g_assert_true (sertel_nik_parse ("9471023112790005", 0, &nik, &error));
  assert_date (&nik.birth, 31, 12, 1979);
  g_assert_no_error (error);

  /* Validation only: out may be NULL. */
  g_assert_true (sertel_nik_parse (NIK_SITI, 0, NULL, &error));
  g_assert_no_error (error);
}

static void
test_nik_separators (void)
{
  const char *inputs[] = {
    "8271 0352 0385 0001",
    "82.71.03.520385.0001",
    "82-71-03-520385-0001",
    " 8271035203850001 ",
    "8271\xc2\xa0" "035203850001",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      SertelNik nik;

      g_assert_true (sertel_nik_parse (inputs[i], 0, &nik, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (nik.digits, ==, NIK_SITI);
      assert_date (&nik.birth, 12, 3, 1985);
    }
}

static void
test_nik_empty (void)
{
  nik_fails ("", 0, SERTEL_IDENTITY_ERROR_EMPTY, "16-digit");
  nik_fails ("   ", 0, SERTEL_IDENTITY_ERROR_EMPTY, NULL);
  nik_fails (" .- ", 0, SERTEL_IDENTITY_ERROR_EMPTY, NULL);
}

static void
test_nik_length (void)
{
  nik_fails ("827103520385000", 0, SERTEL_IDENTITY_ERROR_LENGTH, "must have 16 digits; 15 were entered");
  nik_fails ("82710352038500011", 0, SERTEL_IDENTITY_ERROR_LENGTH, "17 were entered");
  nik_fails ("8", 0, SERTEL_IDENTITY_ERROR_LENGTH, "1 was entered");
  /* A NIP typed into the NIK field gets a hint. */
  nik_fails (NIP_SITI, 0, SERTEL_IDENTITY_ERROR_LENGTH, "18 were entered");
  nik_fails (NIP_SITI, 0, SERTEL_IDENTITY_ERROR_LENGTH, "NIP");
  /* Separators do not count as digits. */
  nik_fails ("8271 0352 0385 000", 0, SERTEL_IDENTITY_ERROR_LENGTH, "15 were entered");
}

static void
test_nik_not_digits (void)
{
  nik_fails ("8271O35203850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“O”");
  nik_fails ("827103520385000l", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“l”");
  nik_fails ("8271035203850001x", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“x”");
  nik_fails ("82710352/03850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“/”");
  nik_fails ("+6282710352038500", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“+”");
}

static void
test_nik_region (void)
{
  nik_fails ("0071035203850001", 0, SERTEL_IDENTITY_ERROR_REGION, "province code 00");
  nik_fails ("0571035203850001", 0, SERTEL_IDENTITY_ERROR_REGION, "province code 05");
  nik_fails ("8200035203850001", 0, SERTEL_IDENTITY_ERROR_REGION, "regency");
  nik_fails ("8271005203850001", 0, SERTEL_IDENTITY_ERROR_REGION, "district");
}

static void
test_nik_birth_date (void)
{
  /* Day digits outside 01–31 and 41–71. */
  nik_fails ("8271030003850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 00");
  nik_fails ("8271033203850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 32");
  nik_fails ("8271034003850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 40");
  nik_fails ("8271037203850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "41–71");
  nik_fails ("8271039903850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 99");
  /* Month. */
  nik_fails ("8271031200850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "month");
  nik_fails ("8271031213850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 13");
  /* Days that do not exist in the month, for men and for women. */
  nik_fails ("8271033104850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "31-04-1985");
  nik_fails ("8271033002850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "30-02-1985");
  nik_fails ("8271037002850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "30-02-1985");
  nik_fails ("8271037104850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "does not exist");
}

static void
test_nik_leap (void)
{
  g_autoptr(GError) error = NULL;
  SertelNik nik;

  /* 1984 is a leap year. */
  g_assert_true (sertel_nik_parse ("8271032902840001", 1984, &nik, &error));
  g_assert_no_error (error);
  assert_date (&nik.birth, 29, 2, 1984);
  g_assert_cmpint (nik.sex, ==, SERTEL_SEX_MALE);
  g_assert_true (sertel_nik_parse ("8271036902840001", 0, &nik, &error));
  g_assert_no_error (error);
  assert_date (&nik.birth, 29, 2, 1984);
  g_assert_cmpint (nik.sex, ==, SERTEL_SEX_FEMALE);

  /* 1985 is not. */
  nik_fails ("8271032902850001", 0, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "29-02-1985");
  nik_fails ("8271036902850001", 1985, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "29-02-1985");

  /* 2000 was a leap year (divisible by 400). */
  g_assert_true (sertel_nik_parse ("8271036902000001", 0, &nik, &error));
  g_assert_no_error (error);
  assert_date (&nik.birth, 29, 2, 2000);
  g_assert_true (sertel_nik_parse ("8271036902000001", 2000, &nik, &error));
  g_assert_no_error (error);
  assert_date (&nik.birth, 29, 2, 2000);
  g_assert_false (nik.year_ambiguous);

  /* 1900 was not: with a NIP saying 1900 the date cannot exist. */
  nik_fails ("8271032902000001", 1900, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "29-02-1900");
}

static void
test_nik_century (void)
{
  g_autoptr(GError) error = NULL;
  GDate today, tomorrow;
  SertelNik nik;
  char text[32];

  get_today (&today);

  /* 2085 is in the future, so 85 means 1985. */
  g_assert_true (sertel_nik_parse ("8271031203850001", 0, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, 1985);
  g_assert_true (nik.year_ambiguous);

  /* 2005 is past, so 05 means 2005 without a reference... */
  g_assert_true (sertel_nik_parse ("8271031203050001", 0, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, 2005);
  g_assert_true (nik.year_ambiguous);

  /* ...and 1905 when the NIP says so. */
  g_assert_true (sertel_nik_parse ("8271031203050001", 1905, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, 1905);
  g_assert_false (nik.year_ambiguous);

  /* A reference whose last two digits differ decides nothing. */
  g_assert_true (sertel_nik_parse ("8271031203850001", 1986, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, 1985);
  g_assert_true (nik.year_ambiguous);

  /* Tomorrow in this century is the future: it means a century ago. */
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  g_snprintf (text, sizeof text, "827103%02u%02u%02u0001",
              (guint) g_date_get_day (&tomorrow),
              (guint) g_date_get_month (&tomorrow),
              (guint) g_date_get_year (&tomorrow) % 100);
  g_assert_true (sertel_nik_parse (text, 0, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, g_date_get_year (&tomorrow) - 100);

  /* Even a reference year cannot put the birth in the future. */
  g_assert_true (sertel_nik_parse (text, (int) g_date_get_year (&tomorrow), &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, g_date_get_year (&tomorrow) - 100);
  g_assert_true (nik.year_ambiguous);

  /* Today itself is not the future. */
  g_snprintf (text, sizeof text, "827103%02u%02u%02u0001",
              (guint) g_date_get_day (&today) + 40,
              (guint) g_date_get_month (&today),
              (guint) g_date_get_year (&today) % 100);
  g_assert_true (sertel_nik_parse (text, 0, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, g_date_get_year (&today));
}

static void
test_nik_serial (void)
{
  nik_fails ("8271035203850000", 0, SERTEL_IDENTITY_ERROR_SERIAL, "0000");
  nik_fails ("8271 0352 0385 0000", 1985, SERTEL_IDENTITY_ERROR_SERIAL, "serial");
}

static void
test_nik_hostile (void)
{
  g_autofree char *digits = repeat ("8", 10000);
  g_autofree char *letters = repeat ("A", 10000);
  g_autofree char *emoji = repeat ("\xf0\x9f\x98\x80", 10000);

  nik_fails (digits, 0, SERTEL_IDENTITY_ERROR_LENGTH, "10000 were entered");
  nik_fails (letters, 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“A”");
  nik_fails (emoji, 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "\xf0\x9f\x98\x80");
  nik_fails ("8271035203850001\xf0\x9f\x98\x80", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "\xf0\x9f\x98\x80");
  /* Arabic-Indic digits and Hebrew letters. */
  nik_fails ("\xd9\xa8\xd9\xa2\xd9\xa7\xd9\xa1" "035203850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "\xd9\xa8");
  nik_fails ("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, NULL);
  /* A right-to-left override would show the clerk different digits. */
  nik_fails ("8271\xe2\x80\xae" "035203850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "U+202E");
  /* Embedded controls are named by number, not printed raw. */
  nik_fails ("8271\x07" "035203850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "U+0007");
  nik_fails ("8271\x1b[2J035203850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "U+001B");
  /* SQL. */
  nik_fails ("8271035203850001'; DROP TABLE applicants;--", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“'”");
  nik_fails ("' OR '1'='1", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“'”");
  /* Bytes that are not UTF-8. */
  nik_fails ("8271\xff\xfe" "035203850001", 0, SERTEL_IDENTITY_ERROR_NOT_DIGITS, NULL);
  /* Absurd reference years are ignored. */
  {
    g_autoptr(GError) error = NULL;
    SertelNik nik;

    g_assert_true (sertel_nik_parse (NIK_SITI, -1985, &nik, &error));
    g_assert_true (sertel_nik_parse (NIK_SITI, G_MAXINT, &nik, &error));
    g_assert_no_error (error);
    assert_date (&nik.birth, 12, 3, 1985);
  }
}

/* ------------------------------------------------------------------ */
/* NIP                                                                */

static void
test_nip_valid_pns (void)
{
  g_autoptr(GError) error = NULL;
  SertelNip nip;

  g_assert_true (sertel_nip_parse (NIP_SITI, &nip, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (nip.digits, ==, NIP_SITI);
  g_assert_cmpint (nip.kind, ==, SERTEL_NIP_PNS);
  assert_date (&nip.birth, 12, 3, 1985);
  g_assert_cmpuint (nip.appointment_year, ==, 2010);
  g_assert_cmpuint (nip.appointment_month, ==, 1);
  g_assert_cmpuint (nip.contract, ==, 0);
  g_assert_cmpint (nip.sex, ==, SERTEL_SEX_FEMALE);
  g_assert_cmpuint (nip.serial, ==, 1);

  /* A man, TMT in December (digit 13 = 1). */
  g_assert_true (sertel_nip_parse ("197011021998121002", &nip, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nip.kind, ==, SERTEL_NIP_PNS);
  assert_date (&nip.birth, 2, 11, 1970);
  g_assert_cmpuint (nip.appointment_year, ==, 1998);
  g_assert_cmpuint (nip.appointment_month, ==, 12);
  g_assert_cmpint (nip.sex, ==, SERTEL_SEX_MALE);
  g_assert_cmpuint (nip.serial, ==, 2);

  /* Exactly 18 at the TMT month is allowed. */
  g_assert_true (sertel_nip_parse ("198503122003032001", &nip, &error));
  g_assert_no_error (error);

  g_assert_true (sertel_nip_parse (NIP_SITI, NULL, &error));
  g_assert_no_error (error);
}

static void
test_nip_valid_pppk (void)
{
  g_autoptr(GError) error = NULL;
  SertelNip nip;

  g_assert_true (sertel_nip_parse ("199007152022211001", &nip, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nip.kind, ==, SERTEL_NIP_PPPK);
  assert_date (&nip.birth, 15, 7, 1990);
  g_assert_cmpuint (nip.appointment_year, ==, 2022);
  g_assert_cmpuint (nip.appointment_month, ==, 0);
  g_assert_cmpuint (nip.contract, ==, 1);
  g_assert_cmpint (nip.sex, ==, SERTEL_SEX_MALE);
  g_assert_cmpuint (nip.serial, ==, 1);

  g_assert_true (sertel_nip_parse ("1988 1123 2023 2 9 2 005", &nip, &error));
  g_assert_no_error (error);
  g_assert_cmpint (nip.kind, ==, SERTEL_NIP_PPPK);
  g_assert_cmpuint (nip.contract, ==, 9);
  g_assert_cmpint (nip.sex, ==, SERTEL_SEX_FEMALE);
  g_assert_cmpuint (nip.serial, ==, 5);

  /* Born 29-02-2000 (a leap year), PPPK in 2022. */
  g_assert_true (sertel_nip_parse ("200002292022211001", &nip, &error));
  g_assert_no_error (error);
  assert_date (&nip.birth, 29, 2, 2000);

  /* Contract number 0 does not exist. */
  nip_fails ("199007152022201001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "contract");
  /* Appointed at 17. */
  nip_fails ("199007152007211001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "18");
}

static void
test_nip_separators (void)
{
  const char *inputs[] = {
    "19850312 201001 2 001",
    "19850312.201001.2.001",
    "19850312-201001-2-001",
    "\t198503122010012001\n",
    "19850312\xc2\xa0" "201001\xc2\xa0" "2\xc2\xa0" "001",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      SertelNip nip;

      g_assert_true (sertel_nip_parse (inputs[i], &nip, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (nip.digits, ==, NIP_SITI);
    }
}

static void
test_nip_length (void)
{
  nip_fails ("", SERTEL_IDENTITY_ERROR_EMPTY, "18-digit");
  nip_fails (" - ", SERTEL_IDENTITY_ERROR_EMPTY, NULL);
  nip_fails ("19850312201001200", SERTEL_IDENTITY_ERROR_LENGTH, "must have 18 digits; 17 were entered");
  nip_fails ("1985031220100120011", SERTEL_IDENTITY_ERROR_LENGTH, "19 were entered");
  nip_fails ("1", SERTEL_IDENTITY_ERROR_LENGTH, "1 was entered");
  nip_fails (NIK_SITI, SERTEL_IDENTITY_ERROR_LENGTH, "16 were entered");
  nip_fails (NIK_SITI, SERTEL_IDENTITY_ERROR_LENGTH, "NIK");
}

static void
test_nip_not_digits (void)
{
  nip_fails ("19850312201001200I", SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“I”");
  nip_fails ("NIP198503122010012001", SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“N”");
  nip_fails ("19850312_201001_2_001", SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“_”");
}

static void
test_nip_birth_date (void)
{
  g_autoptr(GError) error = NULL;
  GDate tomorrow;
  SertelNip nip;
  char text[32];

  nip_fails ("198513122010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 13");
  nip_fails ("198500122010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "is 00");
  nip_fails ("198503002010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "00-03-1985");
  nip_fails ("198503322010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "32-03-1985");
  nip_fails ("198502302010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "30-02-1985");
  nip_fails ("198504312010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "31-04-1985");
  nip_fails ("189912312010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "31-12-1899");
  nip_fails ("000001012010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, NULL);

  /* 29 February: 1984 and 2000 leap, 1985 and 1900 not. */
  g_assert_true (sertel_nip_parse ("198402292010012001", &nip, &error));
  g_assert_no_error (error);
  assert_date (&nip.birth, 29, 2, 1984);
  nip_fails ("198502292010012001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "29-02-1985");
  nip_fails ("190002291920011001", SERTEL_IDENTITY_ERROR_BIRTH_DATE, "29-02-1900");

  /* Born tomorrow. */
  get_today (&tomorrow);
  g_date_add_days (&tomorrow, 1);
  g_snprintf (text, sizeof text, "%04u%02u%02u2010012001",
              (guint) g_date_get_year (&tomorrow),
              (guint) g_date_get_month (&tomorrow),
              (guint) g_date_get_day (&tomorrow));
  nip_fails (text, SERTEL_IDENTITY_ERROR_BIRTH_DATE, "future");
}

static void
test_nip_appointment (void)
{
  GDate today;
  char text[32];

  /* Digit 13 must be 0, 1 or 2. */
  nip_fails ("198503122010312001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "Digit 13 of the NIP is 3");
  nip_fails ("198503122010912001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "PPPK");
  /* TMT month. */
  nip_fails ("198503122010002001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "month");
  nip_fails ("198503122010132001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "is 13");
  /* Before birth, and before 18. */
  nip_fails ("198503121980012001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "before the birth date");
  nip_fails ("198503122002012001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "turned 18");
  nip_fails ("198503122003022001", SERTEL_IDENTITY_ERROR_APPOINTMENT, "12-03-1985");
  /* Far in the future. */
  get_today (&today);
  g_snprintf (text, sizeof text, "19850312%04u012001", (guint) g_date_get_year (&today) + 2);
  nip_fails (text, SERTEL_IDENTITY_ERROR_APPOINTMENT, "future");
}

static void
test_nip_sex (void)
{
  nip_fails ("198503122010010001", SERTEL_IDENTITY_ERROR_SEX, "Digit 15 of the NIP is 0");
  nip_fails ("198503122010013001", SERTEL_IDENTITY_ERROR_SEX, "is 3");
  nip_fails ("199007152022219001", SERTEL_IDENTITY_ERROR_SEX, "1 for a man or 2 for a woman");
}

static void
test_nip_serial (void)
{
  nip_fails ("198503122010012000", SERTEL_IDENTITY_ERROR_SERIAL, "000");
  nip_fails ("199007152022211000", SERTEL_IDENTITY_ERROR_SERIAL, "serial");
}

static void
test_nip_hostile (void)
{
  g_autofree char *digits = repeat ("1", 10000);
  g_autofree char *emoji = repeat ("\xf0\x9f\x91\x8d", 10000);
  g_autofree char *rtl = repeat ("\xd8\xb3", 10000);

  nip_fails (digits, SERTEL_IDENTITY_ERROR_LENGTH, "10000 were entered");
  nip_fails (emoji, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "\xf0\x9f\x91\x8d");
  nip_fails (rtl, SERTEL_IDENTITY_ERROR_NOT_DIGITS, "\xd8\xb3");
  nip_fails ("19850312\xe2\x80\xae" "2010012001", SERTEL_IDENTITY_ERROR_NOT_DIGITS, "U+202E");
  nip_fails ("198503122010012001\x01", SERTEL_IDENTITY_ERROR_NOT_DIGITS, "U+0001");
  nip_fails ("1; DELETE FROM staff; --", SERTEL_IDENTITY_ERROR_NOT_DIGITS, "“;”");
  nip_fails ("\xc0\xaf", SERTEL_IDENTITY_ERROR_NOT_DIGITS, NULL);
}

/* ------------------------------------------------------------------ */
/* cross-check                                                        */

static GPtrArray *
cross_check (const char *nik_text,
             const char *nip_text)
{
  g_autoptr(GError) error = NULL;
  SertelNik nik;
  SertelNip nip;

  g_assert_true (sertel_nip_parse (nip_text, &nip, &error));
  g_assert_no_error (error);
  g_assert_true (sertel_nik_parse (nik_text, (int) g_date_get_year (&nip.birth), &nik, &error));
  g_assert_no_error (error);
  return sertel_identity_cross_check (&nik, &nip);
}

static void
test_cross_agree (void)
{
  g_autoptr(GPtrArray) findings = cross_check (NIK_SITI, NIP_SITI);

  g_assert_nonnull (findings);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* PPPK man born 15-07-1990. */
  findings = cross_check ("8271031507900003", "199007152022211001");
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_cross_birth_date (void)
{
  g_autoptr(GPtrArray) findings = cross_check (NIK_SITI, "198603122010012001");
  SertelFinding *f;

  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpint (f->field, ==, SERTEL_FINDING_BIRTH_DATE);
  g_assert_cmpstr (f->nik_value, ==, "12-03-1985");
  g_assert_cmpstr (f->nip_value, ==, "12-03-1986");
  g_assert_cmpstr (f->message, ==,
                   "The birth date in the NIK (12-03-1985) does not match the NIP (12-03-1986).");
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Day off by one for a woman: the NIK day is 53 → 13. */
  findings = cross_check ("8271035303850001", NIP_SITI);
  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpint (f->field, ==, SERTEL_FINDING_BIRTH_DATE);
  g_assert_cmpstr (f->nik_value, ==, "13-03-1985");
  g_assert_cmpstr (f->nip_value, ==, "12-03-1985");
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* Month differs. */
  findings = cross_check ("8271035204850001", NIP_SITI);
  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpstr (f->nik_value, ==, "12-04-1985");
  g_assert_nonnull (strstr (f->message, "12-04-1985"));
  g_assert_nonnull (strstr (f->message, "12-03-1985"));
}

static void
test_cross_sex (void)
{
  /* A man's NIK (day 12) against a woman's NIP. */
  g_autoptr(GPtrArray) findings = cross_check ("8271031203850001", NIP_SITI);
  SertelFinding *f;

  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpint (f->field, ==, SERTEL_FINDING_SEX);
  g_assert_cmpstr (f->nik_value, ==, "male");
  g_assert_cmpstr (f->nip_value, ==, "female");
  g_assert_cmpstr (f->message, ==, "The sex in the NIK (male) does not match the NIP (female).");
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* And the other way round, PPPK. */
  findings = cross_check ("8271035507900003", "199007152022211001");
  g_assert_cmpuint (findings->len, ==, 1);
  f = g_ptr_array_index (findings, 0);
  g_assert_cmpint (f->field, ==, SERTEL_FINDING_SEX);
  g_assert_cmpstr (f->nik_value, ==, "female");
  g_assert_cmpstr (f->nip_value, ==, "male");
}

static void
test_cross_both (void)
{
  g_autoptr(GPtrArray) findings = cross_check ("8271031303840001", NIP_SITI);
  SertelFinding *date, *sex;

  g_assert_cmpuint (findings->len, ==, 2);
  date = g_ptr_array_index (findings, 0);
  sex = g_ptr_array_index (findings, 1);
  g_assert_cmpint (date->field, ==, SERTEL_FINDING_BIRTH_DATE);
  g_assert_cmpstr (date->nik_value, ==, "13-03-1984");
  g_assert_cmpstr (date->nip_value, ==, "12-03-1985");
  g_assert_cmpint (sex->field, ==, SERTEL_FINDING_SEX);
  g_assert_cmpstr (sex->nik_value, ==, "male");
  g_assert_cmpstr (sex->nip_value, ==, "female");
}

static void
test_cross_century (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  SertelNik nik;
  SertelNip nip;

  /* Parsed without the NIP, 05 reads as 2005; the NIK carries no century,
   * so against a NIP of 1905 it still agrees. */
  g_assert_true (sertel_nip_parse ("190503121930011001", &nip, &error));
  g_assert_true (sertel_nik_parse ("8271031203050001", 0, &nik, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, 2005);
  findings = sertel_identity_cross_check (&nik, &nip);
  g_assert_cmpuint (findings->len, ==, 0);
  g_clear_pointer (&findings, g_ptr_array_unref);

  /* With the reference, the NIK's year is the NIP's. */
  g_assert_true (sertel_nik_parse ("8271031203050001", 1905, &nik, &error));
  g_assert_cmpuint (g_date_get_year (&nik.birth), ==, 1905);
  findings = sertel_identity_cross_check (&nik, &nip);
  g_assert_cmpuint (findings->len, ==, 0);
}

static void
test_sex_strings (void)
{
  g_assert_cmpstr (sertel_sex_to_string (SERTEL_SEX_MALE), ==, "male");
  g_assert_cmpstr (sertel_sex_to_string (SERTEL_SEX_FEMALE), ==, "female");
  g_assert_cmpstr (sertel_sex_to_string (SERTEL_SEX_UNKNOWN), ==, "unknown");
}

/* ------------------------------------------------------------------ */
/* e-mail                                                             */

static void
test_email_valid (void)
{
  g_autoptr(GError) error = NULL;

  email_ok ("siti.nuraini@malutprov.go.id", FALSE);
  email_ok ("siti_nur-aini+bsre@malutprov.go.id", FALSE);
  email_ok ("Siti.Nuraini@MALUTPROV.GO.ID", FALSE);
  email_ok ("diskominfo@Malutprov.Go.Id", TRUE);
  email_ok ("a@malutprov.go.id", FALSE);
  email_ok ("a@bkd.malutprov.go.id", TRUE);
  email_ok ("a@BKD.MalutProv.go.id", TRUE);
  email_ok ("a@x.y.malutprov.go.id", TRUE);

  /* The configured domain may carry an "@" or a final dot. */
  g_assert_true (sertel_email_check ("a@malutprov.go.id", "@malutprov.go.id", FALSE, &error));
  g_assert_true (sertel_email_check ("a@malutprov.go.id", "MALUTPROV.GO.ID.", FALSE, &error));
  g_assert_no_error (error);
}

static void
test_email_domain (void)
{
  /* Subdomains only when allowed. */
  email_fails ("a@bkd.malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN,
               "The e-mail must be an official address ending in @malutprov.go.id.");
  /* Lookalikes. */
  email_fails ("a@malutprov.go.id.evil.com", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, "@malutprov.go.id");
  email_fails ("a@malutprov.go.id.evil.com", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, "subdomain");
  email_fails ("a@evilmalutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, "@malutprov.go.id");
  email_fails ("a@evilmalutprov.go.id", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, "@malutprov.go.id");
  email_fails ("a@evil-malutprov.go.id", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, NULL);
  email_fails ("a@malutprov.go.id.com", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, NULL);
  email_fails ("a@malutprov.go.ld", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, NULL);
  email_fails ("a@go.id", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, NULL);
  email_fails ("siti@gmail.com", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, "ending in @malutprov.go.id");
  email_fails ("malutprov.go.id@gmail.com", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_DOMAIN, NULL);
}

static void
test_email_syntax (void)
{
  g_autofree char *huge = NULL;
  g_autofree char *long_local = NULL;

  email_fails ("", FALSE, SERTEL_IDENTITY_ERROR_EMPTY, "@malutprov.go.id");
  email_fails ("siti", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "exactly one “@”");
  email_fails ("siti@@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "exactly one");
  email_fails ("a@b@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "exactly one");
  email_fails ("@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "no name before");
  email_fails ("siti..nur@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "two dots");
  email_fails (".siti@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "start or end");
  email_fails ("siti.@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "start or end");
  email_fails ("siti nur@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "space");
  email_fails (" siti@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "space");
  email_fails ("siti@malutprov.go.id\n", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "space");
  email_fails ("siti\xc2\xa0@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "space");
  email_fails ("siti@", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@malutprov", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@malutprov..go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@.malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@malutprov.go.id.", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@-bkd.malutprov.go.id", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@bkd_.malutprov.go.id", TRUE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@10.0.0.1", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "not a valid domain");
  email_fails ("siti@[10.0.0.1]", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, NULL);
  email_fails ("\"siti\"@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "“\"”");
  email_fails ("siti(x)@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "“(”");

  long_local = repeat ("a", 65);
  {
    g_autofree char *addr = g_strconcat (long_local, "@malutprov.go.id", NULL);
    email_fails (addr, FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "at most 64");
  }
  {
    g_autofree char *local64 = repeat ("a", 64);
    g_autofree char *addr = g_strconcat (local64, "@malutprov.go.id", NULL);
    email_ok (addr, FALSE);
  }

  huge = repeat ("a", 10000);
  email_fails (huge, FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "too long");
}

static void
test_email_hostile (void)
{
  g_autofree char *emoji = repeat ("\xf0\x9f\x98\x80", 10000);

  email_fails (emoji, FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, NULL);
  email_fails ("siti\xf0\x9f\x98\x80@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "\xf0\x9f\x98\x80");
  /* Cyrillic "а" looks like the Latin one. */
  email_fails ("siti@m\xd0\xb0lutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "\xd0\xb0");
  email_fails ("\xd8\xb3\xd9\x8a\xd8\xaa\xd9\x8a@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, NULL);
  email_fails ("siti@malutprov.go.id\xe2\x80\xae" "moc.live", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "U+202E");
  email_fails ("siti\x07@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "U+0007");
  email_fails ("siti@malutprov.go.id\r\nBcc: x@evil.com", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, NULL);
  email_fails ("x'; DROP TABLE applicants;--@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, NULL);
  email_fails ("x';--@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "“'”");
  email_fails ("siti\xff@malutprov.go.id", FALSE, SERTEL_IDENTITY_ERROR_EMAIL_SYNTAX, "cannot be read");
}

/* ------------------------------------------------------------------ */
/* name                                                               */

static void
test_name_normalize (void)
{
  name_is ("Siti Nur'aini", "Siti Nur'aini");
  name_is ("Dr. Ir. Siti Nur'aini, M.Si", "Dr. Ir. Siti Nur'aini, M.Si");
  name_is ("  Dr.  Ir.\tSiti   Nur'aini,\nM.Si  ", "Dr. Ir. Siti Nur'aini, M.Si");
  name_is ("Siti\xc2\xa0Nur\xe2\x80\x83" "aini", "Siti Nur aini");
  name_is ("Nur\xe2\x80\x99" "aini", "Nur'aini");
  name_is ("Abdul-Rahman", "Abdul-Rahman");
  name_is ("Jos\xc3\xa9", "Jos\xc3\xa9");
  name_is ("Jose\xcc\x81", "Jos\xc3\xa9"); /* combining acute → NFC */
  /* Controls and invisible marks are cleaned out. */
  name_is ("Siti\x01 Nur\x7f", "Siti Nur");
  name_is ("Siti\xe2\x80\x8b Nur", "Siti Nur");
  name_is ("\xe2\x80\xae" "Siti Nur", "Siti Nur");
  name_is ("Siti\r\n\r\nNur", "Siti Nur");
}

static void
test_name_refused (void)
{
  g_autofree char *len200 = repeat ("a", 200);
  g_autofree char *len201 = repeat ("a", 201);
  g_autofree char *huge = repeat ("Siti ", 2000);
  g_autofree char *emoji = repeat ("\xf0\x9f\x98\x80", 10000);

  name_fails ("", SERTEL_IDENTITY_ERROR_EMPTY, "KTP");
  name_fails ("   \t\n ", SERTEL_IDENTITY_ERROR_EMPTY, NULL);
  name_fails ("\x01\x02", SERTEL_IDENTITY_ERROR_EMPTY, NULL);
  name_fails ("...", SERTEL_IDENTITY_ERROR_NAME, "no letters");
  name_fails ("Siti \xf0\x9f\x98\x80", SERTEL_IDENTITY_ERROR_NAME, "\xf0\x9f\x98\x80");
  name_fails (emoji, SERTEL_IDENTITY_ERROR_NAME, NULL);
  name_fails ("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf", SERTEL_IDENTITY_ERROR_NAME, "Latin letters");
  name_fails ("\xd7\xa9\xd7\xa8\xd7\x94", SERTEL_IDENTITY_ERROR_NAME, NULL);
  name_fails ("Siti 2", SERTEL_IDENTITY_ERROR_NAME, "“2”");
  name_fails ("Robert'); DROP TABLE students;--", SERTEL_IDENTITY_ERROR_NAME, "“)”");
  name_fails ("<script>alert(1)</script>", SERTEL_IDENTITY_ERROR_NAME, "“<”");
  name_fails ("Siti\xff", SERTEL_IDENTITY_ERROR_NAME, "cannot be read");

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *name = sertel_name_normalize (len200, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (name), ==, 200);
  }
  name_fails (len201, SERTEL_IDENTITY_ERROR_NAME, "201 characters; at most 200");
  name_fails (huge, SERTEL_IDENTITY_ERROR_NAME, "at most 200");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/identity/normalize", test_normalize);
  g_test_add_func ("/identity/nik/valid-female", test_nik_valid_female);
  g_test_add_func ("/identity/nik/valid-male", test_nik_valid_male);
  g_test_add_func ("/identity/nik/separators", test_nik_separators);
  g_test_add_func ("/identity/nik/empty", test_nik_empty);
  g_test_add_func ("/identity/nik/length", test_nik_length);
  g_test_add_func ("/identity/nik/not-digits", test_nik_not_digits);
  g_test_add_func ("/identity/nik/region", test_nik_region);
  g_test_add_func ("/identity/nik/birth-date", test_nik_birth_date);
  g_test_add_func ("/identity/nik/leap-day", test_nik_leap);
  g_test_add_func ("/identity/nik/century", test_nik_century);
  g_test_add_func ("/identity/nik/serial", test_nik_serial);
  g_test_add_func ("/identity/nik/hostile", test_nik_hostile);
  g_test_add_func ("/identity/nip/valid-pns", test_nip_valid_pns);
  g_test_add_func ("/identity/nip/valid-pppk", test_nip_valid_pppk);
  g_test_add_func ("/identity/nip/separators", test_nip_separators);
  g_test_add_func ("/identity/nip/length", test_nip_length);
  g_test_add_func ("/identity/nip/not-digits", test_nip_not_digits);
  g_test_add_func ("/identity/nip/birth-date", test_nip_birth_date);
  g_test_add_func ("/identity/nip/appointment", test_nip_appointment);
  g_test_add_func ("/identity/nip/sex", test_nip_sex);
  g_test_add_func ("/identity/nip/serial", test_nip_serial);
  g_test_add_func ("/identity/nip/hostile", test_nip_hostile);
  g_test_add_func ("/identity/cross-check/agree", test_cross_agree);
  g_test_add_func ("/identity/cross-check/birth-date", test_cross_birth_date);
  g_test_add_func ("/identity/cross-check/sex", test_cross_sex);
  g_test_add_func ("/identity/cross-check/both", test_cross_both);
  g_test_add_func ("/identity/cross-check/century", test_cross_century);
  g_test_add_func ("/identity/sex-strings", test_sex_strings);
  g_test_add_func ("/identity/email/valid", test_email_valid);
  g_test_add_func ("/identity/email/domain", test_email_domain);
  g_test_add_func ("/identity/email/syntax", test_email_syntax);
  g_test_add_func ("/identity/email/hostile", test_email_hostile);
  g_test_add_func ("/identity/name/normalize", test_name_normalize);
  g_test_add_func ("/identity/name/refused", test_name_refused);

  return g_test_run ();
}
