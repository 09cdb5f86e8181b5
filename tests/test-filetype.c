/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Sertel-test"
#endif

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-filetype.h"

#define MB ((gsize) 1024 * 1024)

static const guint8 pdf_head[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
static const guint8 jpeg_head[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00 };
static const guint8 jpeg_exif[] = { 0xFF, 0xD8, 0xFF, 0xE1, 0x12, 0x34, 'E', 'x', 'i', 'f', 0x00 };
static const guint8 png_head[] = { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 'I', 'H', 'D', 'R' };

static void
check_fails (const guint8 *data,
             gsize         len,
             gsize         max_size,
             int           code,
             const char   *needle)
{
  g_autoptr(GError) error = NULL;
  SertelFileType t = SERTEL_FILE_TYPE_PNG;

  g_assert_false (sertel_filetype_check (data, len, max_size, &t, &error));
  g_assert_error (error, SERTEL_FILETYPE_ERROR, code);
  g_assert_cmpint (t, ==, SERTEL_FILE_TYPE_UNKNOWN);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("message “%s” lacks “%s”", error->message, needle);
}

static void
test_detect (void)
{
  g_assert_cmpint (sertel_filetype_detect (pdf_head, sizeof pdf_head - 1), ==, SERTEL_FILE_TYPE_PDF);
  g_assert_cmpint (sertel_filetype_detect ((const guint8 *) "%PDF-", 5), ==, SERTEL_FILE_TYPE_PDF);
  g_assert_cmpint (sertel_filetype_detect (jpeg_head, sizeof jpeg_head), ==, SERTEL_FILE_TYPE_JPEG);
  g_assert_cmpint (sertel_filetype_detect (jpeg_exif, sizeof jpeg_exif), ==, SERTEL_FILE_TYPE_JPEG);
  g_assert_cmpint (sertel_filetype_detect (jpeg_head, 3), ==, SERTEL_FILE_TYPE_JPEG);
  g_assert_cmpint (sertel_filetype_detect (png_head, sizeof png_head), ==, SERTEL_FILE_TYPE_PNG);
  g_assert_cmpint (sertel_filetype_detect (png_head, 8), ==, SERTEL_FILE_TYPE_PNG);
}

static void
test_detect_unknown (void)
{
  static const guint8 gif[] = "GIF89a\x01\x00";
  static const guint8 zip[] = { 'P', 'K', 0x03, 0x04, 0x14, 0x00 };
  static const guint8 exe[] = { 'M', 'Z', 0x90, 0x00 };
  static const guint8 png_bad[] = { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x00 };
  static const guint8 html[] = "<html><body>%PDF</body></html>";
  static const guint8 docx_like[] = "PK\x03\x04word/document.xml";

  g_assert_cmpint (sertel_filetype_detect (NULL, 0), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (gif, sizeof gif - 1), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (zip, sizeof zip), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (exe, sizeof exe), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (docx_like, sizeof docx_like - 1), ==, SERTEL_FILE_TYPE_UNKNOWN);
  /* Truncated or damaged signatures. */
  g_assert_cmpint (sertel_filetype_detect (png_head, 7), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (png_bad, sizeof png_bad), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (jpeg_head, 2), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect ((const guint8 *) "%PDF", 4), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect ((const guint8 *) "%PDF1.7", 7), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect ((const guint8 *) "%pdf-1.7", 8), ==, SERTEL_FILE_TYPE_UNKNOWN);
  g_assert_cmpint (sertel_filetype_detect (html, sizeof html - 1), ==, SERTEL_FILE_TYPE_UNKNOWN);
  /* The extension means nothing; only the bytes count. */
  g_assert_cmpint (sertel_filetype_detect ((const guint8 *) "scan.pdf", 8), ==, SERTEL_FILE_TYPE_UNKNOWN);
}

static void
test_detect_pdf_junk (void)
{
  gsize size = 2048;
  g_autofree guint8 *buf = g_malloc (size);

  /* Junk before "%PDF-": accepted up to offset 1024, refused beyond. */
  for (gsize offset = 0; offset <= 1030; offset++)
    {
      memset (buf, 'x', size);
      memcpy (buf + offset, "%PDF-1.4", 8);
      g_assert_cmpint (sertel_filetype_detect (buf, size), ==,
                       offset <= 1024 ? SERTEL_FILE_TYPE_PDF : SERTEL_FILE_TYPE_UNKNOWN);
    }

  /* The signature may end the buffer exactly. */
  memset (buf, 0, size);
  memcpy (buf + 1019, "%PDF-", 5);
  g_assert_cmpint (sertel_filetype_detect (buf, 1024), ==, SERTEL_FILE_TYPE_PDF);
  g_assert_cmpint (sertel_filetype_detect (buf, 1023), ==, SERTEL_FILE_TYPE_UNKNOWN);

  /* Binary junk with stray '%' before the header. */
  memset (buf, '%', size);
  memcpy (buf + 500, "%PDF-", 5);
  g_assert_cmpint (sertel_filetype_detect (buf, size), ==, SERTEL_FILE_TYPE_PDF);
}

static void
test_mime_extension (void)
{
  g_assert_cmpstr (sertel_filetype_mime (SERTEL_FILE_TYPE_PDF), ==, "application/pdf");
  g_assert_cmpstr (sertel_filetype_mime (SERTEL_FILE_TYPE_JPEG), ==, "image/jpeg");
  g_assert_cmpstr (sertel_filetype_mime (SERTEL_FILE_TYPE_PNG), ==, "image/png");
  g_assert_cmpstr (sertel_filetype_mime (SERTEL_FILE_TYPE_UNKNOWN), ==, "application/octet-stream");
  g_assert_cmpstr (sertel_filetype_extension (SERTEL_FILE_TYPE_PDF), ==, "pdf");
  g_assert_cmpstr (sertel_filetype_extension (SERTEL_FILE_TYPE_JPEG), ==, "jpg");
  g_assert_cmpstr (sertel_filetype_extension (SERTEL_FILE_TYPE_PNG), ==, "png");
  g_assert_cmpstr (sertel_filetype_extension (SERTEL_FILE_TYPE_UNKNOWN), ==, "bin");
}

static void
test_check_ok (void)
{
  g_autoptr(GError) error = NULL;
  SertelFileType t = SERTEL_FILE_TYPE_UNKNOWN;

  g_assert_true (sertel_filetype_check (pdf_head, sizeof pdf_head - 1, 10 * MB, &t, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t, ==, SERTEL_FILE_TYPE_PDF);
  g_assert_true (sertel_filetype_check (jpeg_head, sizeof jpeg_head, 10 * MB, &t, &error));
  g_assert_cmpint (t, ==, SERTEL_FILE_TYPE_JPEG);
  g_assert_true (sertel_filetype_check (png_head, sizeof png_head, 0, &t, &error));
  g_assert_cmpint (t, ==, SERTEL_FILE_TYPE_PNG);
  /* Exactly at the limit is fine. */
  g_assert_true (sertel_filetype_check (png_head, sizeof png_head, sizeof png_head, &t, &error));
  g_assert_true (sertel_filetype_check (png_head, sizeof png_head, sizeof png_head, NULL, &error));
  g_assert_no_error (error);
}

static void
test_check_refused (void)
{
  static const guint8 text[] = "Surat permohonan sertifikat elektronik";
  g_autofree guint8 *big = NULL;
  gsize big_len = 11 * MB;

  check_fails (NULL, 0, 10 * MB, SERTEL_FILETYPE_ERROR_EMPTY, "empty");
  check_fails (pdf_head, 0, 10 * MB, SERTEL_FILETYPE_ERROR_EMPTY, "empty");

  check_fails (text, sizeof text - 1, 10 * MB, SERTEL_FILETYPE_ERROR_UNSUPPORTED,
               "Only PDF, JPEG and PNG files can be attached; this file is neither.");
  check_fails ((const guint8 *) "GIF89a", 6, 0, SERTEL_FILETYPE_ERROR_UNSUPPORTED, "PDF, JPEG and PNG");
  check_fails ((const guint8 *) "'; DROP TABLE attachments;--", 28, 0, SERTEL_FILETYPE_ERROR_UNSUPPORTED, NULL);

  /* Too large: both sizes in MB. */
  big = g_malloc0 (big_len);
  memcpy (big, "%PDF-1.4", 8);
  check_fails (big, big_len, 10 * MB, SERTEL_FILETYPE_ERROR_TOO_LARGE, "The file is 11.0 MB; files up to 10.0 MB can be attached.");
  /* One byte over never reads as "10.0 MB; up to 10.0 MB". */
  check_fails (big, 10 * MB + 1, 10 * MB, SERTEL_FILETYPE_ERROR_TOO_LARGE, "10.1 MB; files up to 10.0 MB");
  check_fails (big, 3 * MB, 2 * MB + MB / 2, SERTEL_FILETYPE_ERROR_TOO_LARGE, "3.0 MB; files up to 2.5 MB");
  check_fails (png_head, sizeof png_head, 10, SERTEL_FILETYPE_ERROR_TOO_LARGE, "0.1 MB; files up to 0.0 MB");
  /* The size check comes before the type check. */
  check_fails (text, sizeof text - 1, 4, SERTEL_FILETYPE_ERROR_TOO_LARGE, NULL);
}

static void
test_sha256 (void)
{
  g_autofree char *empty = sertel_sha256_hex (NULL, 0);
  g_autofree char *abc = sertel_sha256_hex ((const guint8 *) "abc", 3);
  g_autofree char *pdf = sertel_sha256_hex (pdf_head, sizeof pdf_head - 1);
  g_autofree char *pdf2 = sertel_sha256_hex (pdf_head, sizeof pdf_head - 1);

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpuint (strlen (pdf), ==, 64);
  g_assert_cmpstr (pdf, ==, pdf2);
  g_assert_cmpstr (pdf, !=, abc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filetype/detect", test_detect);
  g_test_add_func ("/filetype/detect-unknown", test_detect_unknown);
  g_test_add_func ("/filetype/detect-pdf-junk", test_detect_pdf_junk);
  g_test_add_func ("/filetype/mime-extension", test_mime_extension);
  g_test_add_func ("/filetype/check-ok", test_check_ok);
  g_test_add_func ("/filetype/check-refused", test_check_refused);
  g_test_add_func ("/filetype/sha256", test_sha256);

  return g_test_run ();
}
