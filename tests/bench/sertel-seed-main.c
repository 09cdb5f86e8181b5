/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sertel-seed --database FILE [--requests N]: an office-scale register for
 * benchmarks and trying the app out (accounts share SERTEL_SEED_PASSWORD). */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>

#include "sertel-seed.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— fill a new Sertel register at office scale");
  g_autofree char *database = NULL;
  int requests = 100000;
  int seed = 20260101;
  SertelSeedStats stats;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The register to create (must not exist)", "FILE" },
    { "requests", 'n', 0, G_OPTION_ARG_INT, &requests, "Number of requests (default 100000)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (database == NULL || requests < 0)
    {
      g_printerr ("usage: sertel-seed --database FILE [--requests N]\n");
      return 2;
    }
  if (g_file_test (database, G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s exists already\n", database);
      return 1;
    }
  if (!sertel_seed_fill (database, (guint) requests, (guint32) seed, g_get_real_time () / G_USEC_PER_SEC,
                         &stats, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("seeded %u requests, %u applicants, %u attachments on %u blobs in %.1f s; file %.1f MB\n"
           "accounts: admin NIP 198001012005011001, password %s\n",
           stats.n_requests, stats.n_applicants, stats.n_attachments, stats.n_blobs, stats.seconds,
           stats.file_size / 1048576.0, SERTEL_SEED_PASSWORD);
  return 0;
}
