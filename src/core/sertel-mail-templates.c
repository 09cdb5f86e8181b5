/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-mail-templates.h"

static const char * const kind_names[] = {
  "received", "returned", "recommended", "issued", "rejected", "email-check",
};
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == SERTEL_MAIL_N_KINDS);

static const char * const placeholders[] = {
  "nama", "nip", "opd", "nomor_surat", "tanggal_surat", "perihal", "alasan", "nomor_rekomendasi", "kantor", NULL,
};

const char *
sertel_mail_kind_to_string (SertelMailKind kind)
{
  g_return_val_if_fail ((guint) kind < SERTEL_MAIL_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
sertel_mail_kind_from_string (const char *s, SertelMailKind *out)
{
  for (guint i = 0; i < SERTEL_MAIL_N_KINDS; i++)
    if (g_strcmp0 (s, kind_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sertel_mail_kind_label (SertelMailKind kind)
{
  switch (kind)
    {
    case SERTEL_MAIL_RECEIVED:    return _("Request received");
    case SERTEL_MAIL_RETURNED:    return _("Request returned");
    case SERTEL_MAIL_RECOMMENDED: return _("Recommendation issued");
    case SERTEL_MAIL_ISSUED:      return _("Certificate issued");
    case SERTEL_MAIL_REJECTED:    return _("Rejected by BSrE");
    case SERTEL_MAIL_EMAIL_CHECK: return _("E-mail check");
    case SERTEL_MAIL_N_KINDS:
    default:                      return "";
    }
}

const char * const *
sertel_mail_placeholders (void)
{
  return placeholders;
}

GSettings *
sertel_mail_settings_new (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, "mail-template-received-body"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The mail settings are not installed; install Sertel properly or set "
                             "GSETTINGS_SCHEMA_DIR."));
      return NULL;
    }
  return g_settings_new (APP_ID);
}

char *
sertel_mail_template_render (const char *template_text, GHashTable *values)
{
  GString *out = g_string_new (NULL);
  const char *p = template_text ? template_text : "";

  while (*p)
    {
      const char *open = strchr (p, '{');
      const char *close;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      close = strchr (open + 1, '}');
      if (close == NULL)
        {
          g_string_append (out, open);
          break;
        }
      {
        g_autofree char *name = g_strndup (open + 1, close - open - 1);
        const char *value = values ? g_hash_table_lookup (values, name) : NULL;

        if (value != NULL)
          g_string_append (out, value);
        else
          g_string_append_len (out, open, close - open + 1);
      }
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

static void
put (GHashTable *values, const char *key, const char *value)
{
  g_hash_table_insert (values, g_strdup (key), g_strdup (value ? value : ""));
}

GHashTable *
sertel_mail_template_values (SertelRequest   *request,
                             SertelApplicant *applicant,
                             const char      *reason,
                             const char      *office)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (applicant != NULL)
    {
      const char *titled = sertel_applicant_get_name_titled (applicant);
      put (values, "nama", titled && *titled ? titled : sertel_applicant_get_name (applicant));
      put (values, "nip", sertel_applicant_get_nip (applicant));
    }
  if (request != NULL)
    {
      put (values, "opd", sertel_request_get_opd_name (request));
      put (values, "nomor_surat", sertel_request_get_letter_number (request));
      put (values, "tanggal_surat", sertel_request_get_letter_date (request));
      put (values, "perihal", sertel_request_get_perihal (request));
      put (values, "nomor_rekomendasi", sertel_request_get_recommendation_number (request));
    }
  if (!g_hash_table_contains (values, "opd") && applicant != NULL)
    put (values, "opd", sertel_applicant_get_opd (applicant));
  put (values, "alasan", reason);
  put (values, "kantor", office);
  return values;
}

static char *
office_name (GSettings *settings)
{
  g_autofree char *name = settings ? g_settings_get_string (settings, "smtp-from-name") : NULL;
  return g_strdup (name && *name ? name : "Dinas Kominfo Provinsi Maluku Utara");
}

void
sertel_mail_template_preview (GSettings       *settings,
                              const char      *subject,
                              const char      *body,
                              SertelRequest   *request,
                              SertelApplicant *applicant,
                              const char      *reason,
                              char           **out_subject,
                              char           **out_body)
{
  g_autofree char *office = office_name (settings);
  g_autoptr(GHashTable) values = sertel_mail_template_values (request, applicant, reason, office);

  if (out_subject)
    {
      /* A header is one line. */
      g_autofree char *s = sertel_mail_template_render (subject, values);
      g_strdelimit (s, "\r\n", ' ');
      *out_subject = g_steal_pointer (&s);
    }
  if (out_body)
    *out_body = sertel_mail_template_render (body, values);
}

void
sertel_mail_template_render_kind (GSettings       *settings,
                                  SertelMailKind   kind,
                                  SertelRequest   *request,
                                  SertelApplicant *applicant,
                                  const char      *reason,
                                  char           **out_subject,
                                  char           **out_body)
{
  g_autofree char *skey = g_strdup_printf ("mail-template-%s-subject", sertel_mail_kind_to_string (kind));
  g_autofree char *bkey = g_strdup_printf ("mail-template-%s-body", sertel_mail_kind_to_string (kind));
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));
  subject = g_settings_get_string (settings, skey);
  body = g_settings_get_string (settings, bkey);
  sertel_mail_template_preview (settings, subject, body, request, applicant, reason, out_subject, out_body);
}
