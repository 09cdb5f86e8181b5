/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-text.h"

G_DEFINE_QUARK (sertel-text-error-quark, sertel_text_error)

static gboolean
is_invisible (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:       /* zero-width and bidi controls */
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Messages that begin with the field's name ("the jabatan …") begin a
 * sentence. */
static void
capitalize_message (GError **error)
{
  if (error && *error && (*error)->message[0] != '\0')
    {
      gunichar first = g_utf8_get_char ((*error)->message);
      gunichar upper = g_unichar_toupper (first);
      char buf[8] = { 0 };

      if (upper != first && g_unichar_to_utf8 (upper, buf) == g_unichar_to_utf8 (first, NULL))
        memcpy ((*error)->message, buf, strlen (buf));
    }
}

char *
sertel_text_clean (const char  *text,
                   const char  *field,
                   guint        max_chars,
                   gboolean     required,
                   GError     **error)
{
  return sertel_text_clean_full (text, field, max_chars, required, FALSE, error);
}

char *
sertel_text_clean_full (const char  *text,
                        const char  *field,
                        guint        max_chars,
                        gboolean     required,
                        gboolean     multiline,
                        GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *nfc = NULL;
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_ENCODING,
                   _("%s contains characters that are not valid text. Type it again instead of pasting it."), field);
      capitalize_message (error);
      return NULL;
    }

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  for (const char *p = nfc; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* In a note or reason, line breaks stay (CR LF and CR become LF,
       * at most one empty line in a row); trailing blanks of a line go. */
      if (multiline && (c == '\n' || c == '\r'))
        {
          if (c == '\r' && p[1] == '\n')
            p++;
          pending_space = FALSE;
          if (out->len > 0 && !g_str_has_suffix (out->str, "\n\n"))
            {
              g_string_append_c (out, '\n');
              n_chars++;
            }
          continue;
        }
      if (g_unichar_isspace (c) || c == 0x00A0)
        {
          pending_space = out->len > 0 && out->str[out->len - 1] != '\n';
          continue;
        }
      if (is_invisible (c))
        continue;
      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    {
      g_string_truncate (out, out->len - 1);
      n_chars--;
    }
  if (required && out->len == 0)
    {
      g_set_error (error, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_EMPTY,
                   _("Fill in %s."), field);
      return NULL;
    }
  if (max_chars > 0 && n_chars > max_chars)
    {
      g_set_error (error, SERTEL_TEXT_ERROR, SERTEL_TEXT_ERROR_TOO_LONG,
                   _("%s may have at most %u characters; it has %u."), field, max_chars, n_chars);
      capitalize_message (error);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
