/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-filetype.h"

G_DEFINE_QUARK (sertel-filetype-error-quark, sertel_filetype_error)

#define BYTES_PER_MB (1024.0 * 1024.0)

static const guint8 pdf_magic[] = { '%', 'P', 'D', 'F', '-' };
static const guint8 jpeg_magic[] = { 0xFF, 0xD8, 0xFF };
static const guint8 png_magic[] = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

static gboolean
has_prefix (const guint8 *data,
            gsize         len,
            const guint8 *magic,
            gsize         magic_len)
{
  return len >= magic_len && memcmp (data, magic, magic_len) == 0;
}

SertelFileType
sertel_filetype_detect (const guint8 *data,
                        gsize         len)
{
  gsize last;

  g_return_val_if_fail (data != NULL || len == 0, SERTEL_FILE_TYPE_UNKNOWN);

  if (len == 0)
    return SERTEL_FILE_TYPE_UNKNOWN;

  if (has_prefix (data, len, png_magic, sizeof png_magic))
    return SERTEL_FILE_TYPE_PNG;
  if (has_prefix (data, len, jpeg_magic, sizeof jpeg_magic))
    return SERTEL_FILE_TYPE_JPEG;

  /* "%PDF-" at any offset up to 1024, as PDF readers allow. */
  if (len < sizeof pdf_magic)
    return SERTEL_FILE_TYPE_UNKNOWN;
  last = MIN (len - sizeof pdf_magic, (gsize) SERTEL_FILETYPE_PDF_MAX_OFFSET);
  for (gsize i = 0; i <= last; i++)
    {
      if (data[i] == '%' && memcmp (data + i, pdf_magic, sizeof pdf_magic) == 0)
        return SERTEL_FILE_TYPE_PDF;
    }

  return SERTEL_FILE_TYPE_UNKNOWN;
}

const char *
sertel_filetype_mime (SertelFileType t)
{
  switch (t)
    {
    case SERTEL_FILE_TYPE_PDF:
      return "application/pdf";
    case SERTEL_FILE_TYPE_JPEG:
      return "image/jpeg";
    case SERTEL_FILE_TYPE_PNG:
      return "image/png";
    case SERTEL_FILE_TYPE_UNKNOWN:
    default:
      return "application/octet-stream";
    }
}

const char *
sertel_filetype_extension (SertelFileType t)
{
  switch (t)
    {
    case SERTEL_FILE_TYPE_PDF:
      return "pdf";
    case SERTEL_FILE_TYPE_JPEG:
      return "jpg";
    case SERTEL_FILE_TYPE_PNG:
      return "png";
    case SERTEL_FILE_TYPE_UNKNOWN:
    default:
      return "bin";
    }
}

/* Sizes for the clerk, in MB with one decimal: the file's size rounded up
 * and the limit rounded down, so a file just over the limit never reads as
 * "10.0 MB; up to 10.0 MB". */
static char *
format_mb (gsize    bytes,
           gboolean round_up)
{
  guint64 tenths_num = (guint64) bytes * 10;
  guint64 unit = (guint64) BYTES_PER_MB;
  guint64 tenths = tenths_num / unit;

  if (round_up && tenths_num % unit != 0)
    tenths++;

  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%u",
                          tenths / 10, (guint) (tenths % 10));
}

/* @max_size 0 means no limit. */
gboolean
sertel_filetype_check (const guint8    *data,
                       gsize            len,
                       gsize            max_size,
                       SertelFileType  *out,
                       GError         **error)
{
  SertelFileType t;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out != NULL)
    *out = SERTEL_FILE_TYPE_UNKNOWN;

  if (len == 0)
    {
      g_set_error_literal (error, SERTEL_FILETYPE_ERROR, SERTEL_FILETYPE_ERROR_EMPTY,
                           _("The file is empty; scan the document again or choose another file."));
      return FALSE;
    }

  if (max_size > 0 && len > max_size)
    {
      g_autofree char *size = format_mb (len, TRUE);
      g_autofree char *limit = format_mb (max_size, FALSE);

      g_set_error (error, SERTEL_FILETYPE_ERROR, SERTEL_FILETYPE_ERROR_TOO_LARGE,
                   _("The file is %s MB; files up to %s MB can be attached. Scan it at a lower resolution or choose a smaller file."),
                   size, limit);
      return FALSE;
    }

  t = sertel_filetype_detect (data, len);
  if (t == SERTEL_FILE_TYPE_UNKNOWN)
    {
      g_set_error_literal (error, SERTEL_FILETYPE_ERROR, SERTEL_FILETYPE_ERROR_UNSUPPORTED,
                           _("Only PDF, JPEG and PNG files can be attached; this file is neither."));
      return FALSE;
    }

  if (out != NULL)
    *out = t;
  return TRUE;
}

char *
sertel_sha256_hex (const guint8 *data,
                   gsize         len)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  /* g_checksum_update takes a gssize; feed large buffers in pieces. */
  while (len > 0)
    {
      gsize chunk = MIN (len, (gsize) G_MAXSSIZE);

      g_checksum_update (checksum, data, (gssize) chunk);
      data += chunk;
      len -= chunk;
    }

  return g_strdup (g_checksum_get_string (checksum));
}
