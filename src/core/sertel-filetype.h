/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attachment type detection by magic bytes (never by file name), size limits
 * and content hashing. GLib only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SERTEL_FILE_TYPE_UNKNOWN,
  SERTEL_FILE_TYPE_PDF,
  SERTEL_FILE_TYPE_JPEG,
  SERTEL_FILE_TYPE_PNG,
} SertelFileType;

#define SERTEL_FILETYPE_ERROR (sertel_filetype_error_quark ())

typedef enum {
  SERTEL_FILETYPE_ERROR_UNSUPPORTED,
  SERTEL_FILETYPE_ERROR_EMPTY,
  SERTEL_FILETYPE_ERROR_TOO_LARGE,
} SertelFiletypeError;

/* PDF readers accept up to this many bytes of junk before "%PDF-". */
#define SERTEL_FILETYPE_PDF_MAX_OFFSET 1024

GQuark          sertel_filetype_error_quark (void);

SertelFileType  sertel_filetype_detect      (const guint8    *data,
                                             gsize            len);
const char     *sertel_filetype_mime        (SertelFileType   t);
const char     *sertel_filetype_extension   (SertelFileType   t);
gboolean        sertel_filetype_check       (const guint8    *data,
                                             gsize            len,
                                             gsize            max_size,
                                             SertelFileType  *out,
                                             GError         **error);
char           *sertel_sha256_hex           (const guint8    *data,
                                             gsize            len);

G_END_DECLS
