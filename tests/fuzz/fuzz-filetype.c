/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Type detection of an attachment, as the intake does it before storing:
 * sertel_filetype_check with the size limit, then the content hash. */
#include "config.h"

#include <string.h>

#include "sertel-filetype.h"
#include "sertel-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  SertelFileType type = SERTEL_FILE_TYPE_PDF;
  /* A limit that some inputs pass and some exceed. */
  gsize limit = size > 0 ? (data[0] % 2 ? size : size - 1) : 0;
  gboolean ok = sertel_filetype_check (data, size, limit, &type, &error);

  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpint (type, ==, sertel_filetype_detect (data, size));
      g_assert_cmpint (type, !=, SERTEL_FILE_TYPE_UNKNOWN);
      sertel_fuzz_report ("accepted: %s (.%s)", sertel_filetype_mime (type),
                          sertel_filetype_extension (type));
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_cmpint (type, ==, SERTEL_FILE_TYPE_UNKNOWN);
      g_assert_cmpstr (error->message, !=, "");
      sertel_fuzz_report ("refused: %s", error->message);
    }

  hash = sertel_sha256_hex (data, size);
  g_assert_cmpuint (strlen (hash), ==, 64);
  return 0;
}
