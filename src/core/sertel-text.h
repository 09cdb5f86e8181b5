/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SERTEL_TEXT_ERROR (sertel_text_error_quark ())

typedef enum {
  SERTEL_TEXT_ERROR_EMPTY,
  SERTEL_TEXT_ERROR_TOO_LONG,
  SERTEL_TEXT_ERROR_ENCODING,
  SERTEL_TEXT_ERROR_FORMAT,
} SertelTextError;

GQuark  sertel_text_error_quark (void);

/* Cleans one line of free text a clerk typed or pasted (letter numbers,
 * subjects, OPD names): control and invisible characters dropped, white space
 * collapsed, trimmed, NFC. Refuses an empty result (when @required), invalid
 * UTF-8, or more than @max_chars characters; @field names the field in the
 * message. */
char   *sertel_text_clean       (const char  *text,
                                 const char  *field,
                                 guint        max_chars,
                                 gboolean     required,
                                 GError     **error);

/* The same for text of several lines (notes, reasons) when @multiline:
 * line breaks are kept, at most one empty line in a row. */
char   *sertel_text_clean_full  (const char  *text,
                                 const char  *field,
                                 guint        max_chars,
                                 gboolean     required,
                                 gboolean     multiline,
                                 GError     **error);

G_END_DECLS
