/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile files (issue #11): every file in tests/corpus/ goes through the
 * same entry points the fuzzers drive (tests/fuzz, replay-NAME), each in its
 * own process with a time limit, and must end the way tests/corpus/outcomes.txt
 * says: refused with an error, read with problems, or opened. A file that
 * crashes or hangs a library we cannot fix (Poppler, an image decoder) is
 * recorded there as "contained": the viewer's helper process is what keeps
 * that from the app. Our own code must never crash or hang. The valid seeds
 * in tests/fuzz/seeds/ run too and must open, so a harness that refused
 * everything would fail here. */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

/* Under AddressSanitizer (meson -Db_sanitize=address) each of Poppler's many
 * small allocations records its stack, which makes some files ten times
 * slower: more time there, the same check. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#define TIME_LIMIT_S 120
#else
#define TIME_LIMIT_S 30
#endif

typedef struct {
  char *harness;    /* pdf, image, csv */
  char *path;
  char *expected;   /* refused, problems, read, opened, handled, contained */
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->harness);
  g_free (c->path);
  g_free (c->expected);
  g_free (c);
}

typedef struct {
  GMainLoop *loop;
  char      *out;
  char      *err;
  GError    *error;
  gboolean   timed_out;
} Run;

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  GSubprocess *process = user_data;

  g_object_set_data (G_OBJECT (process), "timed-out", GINT_TO_POINTER (1));
  g_subprocess_force_exit (process);
  return G_SOURCE_REMOVE;
}

/* Runs replay-@harness on @path; returns what happened: the harness's
 * report ("refused: …", "opened: …", "read: …"), or "crashed …"/"hung". */
static char *
run_harness (const char *harness,
             const char *path,
             char      **out_stderr)
{
  g_autofree char *exe_name = g_strconcat ("replay-", harness, NULL);
  g_autofree char *exe = g_test_build_filename (G_TEST_BUILT, "fuzz", exe_name, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (TIME_LIMIT_S);
  g_autoptr(GError) error = NULL;
  g_autofree char *suppressions = g_test_build_filename (G_TEST_DIST, "fuzz", "lsan.supp", NULL);
  g_autofree char *lsan_options = g_strconcat ("suppressions=", suppressions, ":print_suppressions=0", NULL);
  Run run = { loop, NULL, NULL, NULL, FALSE };
  char *report;
  char *colon;

  /* Libraries may warn about a broken file; only our harness's assertions
   * and real crashes count. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* Built with ASan: a huge allocation fails as it does without ASan, and
   * the leaks Poppler makes on broken files are told from ours by their
   * stack (tests/fuzz/lsan.supp). No effect on an ordinary build. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS",
                                "fast_unwind_on_malloc=0:allocator_may_return_null=1:max_allocation_size_mb=1024",
                                TRUE);
  g_subprocess_launcher_setenv (launcher, "LSAN_OPTIONS", lsan_options, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, exe, path, NULL);
  g_assert_no_error (error);

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, on_timeout, process, NULL);
  g_source_attach (timeout, context);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &run);
  g_main_loop_run (loop);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
  g_assert_no_error (run.error);

  *out_stderr = run.err;
  if (g_object_get_data (G_OBJECT (process), "timed-out"))
    report = g_strdup ("hung");
  else if (g_subprocess_get_if_signaled (process))
    report = g_strdup_printf ("crashed (signal %d)", g_subprocess_get_term_sig (process));
  else if (g_subprocess_get_exit_status (process) != 0)
    report = g_strdup_printf ("crashed (exit status %d)", g_subprocess_get_exit_status (process));
  else
    {
      /* "PATH: refused: …": drop the path, keep the first line. */
      g_assert_true (g_str_has_prefix (run.out, path));
      report = g_strdup (run.out + strlen (path) + 2);
      if ((colon = strchr (report, '\n')) != NULL)
        *colon = '\0';
    }
  g_free (run.out);
  return report;
}

static const char *
outcome_of (const char *report)
{
  guint accepted = 0, problems = 0;

  if (g_str_has_prefix (report, "refused: "))
    return "refused";
  if (g_str_has_prefix (report, "opened: "))
    return "opened";
  if (sscanf (report, "read: %u rows accepted, %u problems", &accepted, &problems) == 2)
    return problems > 0 ? "problems" : "read";
  if (g_str_has_prefix (report, "crashed") || g_str_equal (report, "hung"))
    return "contained";
  return "?";
}

static void
test_file (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *err = NULL;
  g_autofree char *report = run_harness (c->harness, c->path, &err);
  const char *outcome = outcome_of (report);
  g_autofree char *type_err = NULL;
  g_autofree char *type_report = NULL;

  g_test_message ("%s: %s", c->path, report);
  if (g_str_equal (c->expected, "contained"))
    {
      /* Known to break the library; the helper process contains it. Still
       * run so a fixed library shows up as a change in the log. */
      if (!g_str_equal (outcome, "contained"))
        g_test_message ("no longer crashes the library: %s", report);
    }
  else if (g_str_equal (outcome, "contained"))
    g_test_fail_printf ("%s %s (expected %s):\n%s", c->path, report, c->expected, err);
  else if (!g_str_equal (c->expected, "handled"))
    g_assert_cmpstr (outcome, ==, c->expected);

  /* Type detection sees every attachment before anything else does. */
  type_report = run_harness ("filetype", c->path, &type_err);
  if (!g_str_has_prefix (type_report, "accepted: ") && !g_str_has_prefix (type_report, "refused: "))
    g_test_fail_printf ("type detection on %s: %s\n%s", c->path, type_report, type_err);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* outcomes.txt: "DIR/FILE OUTCOME" per line; # starts a comment. */
static GHashTable *
read_outcomes (const char *corpus)
{
  g_autofree char *path = g_build_filename (corpus, "outcomes.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *outcomes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) words = NULL;
      char *hash = strchr (lines[i], '#');

      if (hash)
        *hash = '\0';
      words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      if (words[0] == NULL || words[0][0] == '\0')
        continue;
      for (guint w = 1; words[w]; w++)
        if (words[w][0])
          {
            g_hash_table_insert (outcomes, g_strdup (words[0]), g_strdup (words[w]));
            break;
          }
    }
  return outcomes;
}

static void
add_dir (GPtrArray   *cases,
         const char  *dir,
         const char  *harness,
         const char  *key_prefix,
         GHashTable  *outcomes,
         const char  *fixed)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *key = g_strconcat (key_prefix, "/", n, NULL);
      const char *expected = fixed ? fixed : g_hash_table_lookup (outcomes, key);
      Case *c;
      g_autofree char *test_path = NULL;

      if (expected == NULL)
        g_error ("tests/corpus/%s is not in tests/corpus/outcomes.txt: add it with what must happen to it", key);
      c = g_new0 (Case, 1);
      c->harness = g_strdup (harness);
      c->path = g_build_filename (dir, n, NULL);
      c->expected = g_strdup (expected);
      g_ptr_array_add (cases, c);
      if (outcomes)
        g_hash_table_remove (outcomes, key);

      test_path = g_strdup_printf ("/corpus/%s/%s", fixed ? "seed" : "broken", key);
      g_test_add_data_func (test_path, c, test_file);
    }
}

int
main (int    argc,
      char **argv)
{
  static const char * const harnesses[] = { "pdf", "image", "csv" };
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (case_free);
  g_autoptr(GHashTable) outcomes = NULL;
  g_autofree char *corpus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Report every file that goes wrong, not only the first. */
  g_test_set_nonfatal_assertions ();
  corpus = g_test_build_filename (G_TEST_DIST, "corpus", NULL);
  outcomes = read_outcomes (corpus);

  for (guint i = 0; i < G_N_ELEMENTS (harnesses); i++)
    {
      g_autofree char *broken = g_build_filename (corpus, harnesses[i], NULL);
      g_autofree char *seeds = g_test_build_filename (G_TEST_DIST, "fuzz", "seeds", harnesses[i], NULL);

      add_dir (cases, broken, harnesses[i], harnesses[i], outcomes, NULL);
      add_dir (cases, seeds, harnesses[i], harnesses[i], NULL,
               g_str_equal (harnesses[i], "csv") ? "read" : "opened");
    }
  /* A name in outcomes.txt without its file is a lost test case. */
  if (g_hash_table_size (outcomes) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, outcomes);
      g_hash_table_iter_next (&iter, &key, NULL);
      g_error ("tests/corpus/outcomes.txt names %s, which is not in tests/corpus", (char *) key);
    }

  status = g_test_run ();
  return status;
}
