/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The harnesses without libFuzzer: runs LLVMFuzzerTestOneInput once for every
 * file named on the command line (or every file in a named directory) and
 * prints one line per input, so the corpus runs in the normal build.
 * Exit status 0 when every input was handled; a crash is a crash. */
#include "config.h"

#include <gio/gio.h>
#include <stdarg.h>
#include <stdio.h>

#include "sertel-fuzz.h"

static const char *current;

void
sertel_fuzz_report (const char *format,
                    ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line per report, whatever the message holds. */
  g_strdelimit (text, "\r\n", ' ');
  printf ("%s: %s\n", current, text);
  fflush (stdout);
}

static gboolean
run_file (const char *path,
          guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  current = path;
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  (*count)++;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
run_path (const char *path,
          guint      *count)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path, count);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return FALSE;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* Same order every time, so a failure is easy to repeat. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    if (!run_path (g_ptr_array_index (names, i), count))
      return FALSE;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE|DIRECTORY…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    if (!run_path (argv[i], &count))
      return 1;
  g_printerr ("%u inputs run\n", count);
  return 0;
}
