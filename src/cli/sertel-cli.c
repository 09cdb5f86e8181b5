/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sertel-cli: the register from the command line, for administrators and
 * scripts. Exit codes: 0 done, 1 findings or a failed operation, 2 usage. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <inttypes.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sertel-bsre.h"
#include "sertel-csv.h"
#include "sertel-demo.h"
#include "sertel-disposition-sheet.h"
#include "sertel-export.h"
#include "sertel-identity.h"
#include "sertel-mail-templates.h"
#include "sertel-outbox.h"
#include "sertel-recommendation.h"
#include "sertel-report.h"
#include "sertel-store.h"
#include "sertel-store-copy.h"
#include "sertel-store-lifecycle.h"
#include "sertel-store-letters.h"
#include "sertel-store-outbox.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

#define MAX_CSV_BYTES (64 * 1024 * 1024)

/* Options every command takes. */
static char *opt_database;
static char *opt_user;
static char *opt_password_file;
static char *opt_domain;
static gboolean opt_subdomains;

static GOptionEntry database_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database,
    N_("The register: a file (default: in the user's data directory) or a PostgreSQL server, "
       "as postgresql://HOST/DBNAME or \"host=HOST dbname=DBNAME sslmode=verify-full\""), N_("PATH") },
  { NULL }
};

static GOptionEntry user_entries[] = {
  { "user", 'u', 0, G_OPTION_ARG_STRING, &opt_user,
    N_("Act as the staff member with this NIP"), N_("NIP") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file,
    N_("Read the password from this file (otherwise from the environment variable SERTEL_PASSWORD)"), N_("FILE") },
  { NULL }
};

static GOptionEntry domain_entries[] = {
  { "domain", 0, 0, G_OPTION_ARG_STRING, &opt_domain,
    N_("The official e-mail domain (default: malutprov.go.id)"), N_("DOMAIN") },
  { "allow-subdomains", 0, 0, G_OPTION_ARG_NONE, &opt_subdomains,
    N_("Accept addresses on subdomains of the official domain"), NULL },
  { NULL }
};

static const char *
domain (void)
{
  return opt_domain ? opt_domain : "malutprov.go.id";
}

static void
print_error (const char *what, const GError *error)
{
  if (what)
    g_printerr ("%s: %s\n", what, error->message);
  else
    g_printerr ("%s\n", error->message);
}

/* Parses the command's options; on a usage error prints it and returns FALSE. */
static gboolean
parse_options (GOptionContext *context,
               const char     *command,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “sertel-cli %s --help” to see how it is used.\n"), command);
      return FALSE;
    }
  return TRUE;
}

static int
usage_error (const char *command, const char *message)
{
  g_printerr ("%s\n", message);
  g_printerr (_("Run “sertel-cli %s --help” to see how it is used.\n"), command);
  return EXIT_USAGE;
}

static char *
database_path (void)
{
  return opt_database ? g_strdup (opt_database) : sertel_store_default_path ();
}

/* Opens an existing register; commands other than demo and restore never
 * create one by accident. */
static SertelStore *
open_existing (GError **error)
{
  g_autofree char *path = database_path ();

  if (!sertel_store_is_server_location (path) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no register at %s. Give the right file with --database."), path);
      return NULL;
    }
  return sertel_store_open (path, error);
}

static gboolean
ensure_parent (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The folder %s cannot be created."), dir);
      return FALSE;
    }
  return TRUE;
}

static char *
read_password (GError **error)
{
  if (opt_password_file)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (opt_password_file, &contents, &len, error))
        return NULL;
      /* One line: the newline an editor adds is not part of the password. */
      while (len > 0 && (contents[len - 1] == '\n' || contents[len - 1] == '\r'))
        contents[--len] = '\0';
      return g_steal_pointer (&contents);
    }
  if (g_getenv ("SERTEL_PASSWORD"))
    return g_strdup (g_getenv ("SERTEL_PASSWORD"));

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Give the password with --password-file FILE or in the environment variable SERTEL_PASSWORD."));
  return NULL;
}

/* Signs in as the staff member named by --user. */
static SertelStaff *
sign_in (SertelStore *store, GError **error)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autofree char *password = NULL;
  g_autofree char *nip = NULL;

  if (opt_user == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Changes to the register need a staff member: give your NIP with --user."));
      return NULL;
    }
  password = read_password (error);
  if (password == NULL)
    return NULL;

  nip = sertel_identity_normalize_number (opt_user);
  staff = sertel_store_list_staff (store, TRUE, error);
  if (staff == NULL)
    return NULL;
  for (guint i = 0; i < staff->len; i++)
    {
      SertelStaff *s = g_ptr_array_index (staff, i);
      if (g_strcmp0 (sertel_staff_get_nip (s), nip) == 0)
        return sertel_store_authenticate (store, sertel_staff_get_id (s), password, error);
    }
  /* The same answer as a wrong password: do not tell which NIPs exist. */
  g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                       _("The name or password is wrong. Try again."));
  return NULL;
}

static gboolean
parse_id (const char *text, gint64 *out)
{
  guint64 v = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* check-identity NIK NIP [EMAIL] */

static int
cmd_check_identity (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NIK NIP [EMAIL] — check identity numbers"));
  g_autoptr(GError) error = NULL;
  SertelNik nik;
  SertelNip nip;
  gboolean nik_ok, nip_ok;
  guint problems = 0;

  g_option_context_set_summary (context,
                                _("Checks a NIK and a NIP (and an official e-mail address) the way intake does, "
                                  "and prints every problem and every disagreement between them.\n"
                                  "Exit status: 0 valid, 1 problems found, 2 wrong use."));
  g_option_context_add_main_entries (context, domain_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "check-identity", &argc, &argv))
    return EXIT_USAGE;
  if (argc < 3 || argc > 4)
    return usage_error ("check-identity", _("Give a NIK and a NIP, and optionally an e-mail address."));

  nip_ok = sertel_nip_parse (argv[2], &nip, &error);
  if (!nip_ok)
    {
      g_print (_("NIP: %s\n"), error->message);
      g_clear_error (&error);
      problems++;
    }
  nik_ok = sertel_nik_parse (argv[1], nip_ok ? (int) g_date_get_year (&nip.birth) : 0, &nik, &error);
  if (!nik_ok)
    {
      g_print (_("NIK: %s\n"), error->message);
      g_clear_error (&error);
      problems++;
    }

  if (nik_ok && nip_ok)
    {
      g_autoptr(GPtrArray) findings = sertel_identity_cross_check (&nik, &nip);

      for (guint i = 0; i < findings->len; i++)
        {
          SertelFinding *f = g_ptr_array_index (findings, i);
          g_print ("%s\n", f->message);
          problems++;
        }
      if (findings->len == 0)
        {
          g_autofree char *birth = sertel_identity_format_date (&nip.birth);
          g_print (_("NIK %s and NIP %s agree: born %s, %s.\n"), nik.digits, nip.digits, birth,
                   sertel_sex_to_string (nip.sex));
          g_print (nip.kind == SERTEL_NIP_PPPK ? _("The NIP is that of a PPPK (contract ASN).\n")
                                               : _("The NIP is that of a PNS.\n"));
        }
    }

  if (argc == 4)
    {
      if (!sertel_email_check (argv[3], domain (), opt_subdomains, &error))
        {
          g_print (_("E-mail: %s\n"), error->message);
          g_clear_error (&error);
          problems++;
        }
      else
        g_print (_("The e-mail address %s is on the official domain.\n"), argv[3]);
    }

  return problems > 0 ? EXIT_FAILED : EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* import-csv FILE --request ID */

static int
cmd_import_csv (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — add the employees on a list to a request"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) actor = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GHashTable) bad_lines = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *request_text = NULL;
  gboolean skip_bad = FALSE;
  gint64 request_id = 0;
  guint added = 0;
  GOptionEntry entries[] = {
    { "request", 'r', 0, G_OPTION_ARG_STRING, &request_text, N_("The request to add the employees to"), N_("ID") },
    { "skip-bad", 0, 0, G_OPTION_ARG_NONE, &skip_bad, N_("Import the good rows even when others have problems"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Reads an employee list (CSV: a header row, comma or semicolon separated, UTF-8) "
                                  "and adds every employee on it to a request. Nothing is imported unless every row "
                                  "passes, or with --skip-bad.\n"
                                  "Columns: nama, nama_gelar, nik, nip, pangkat, golongan, jabatan, unit_kerja, opd, "
                                  "email, hp, alamat_kantor, kota, provinsi, alasan.\n"
                                  "Exit status: 0 all imported, 1 problems (reported by line), 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, user_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, domain_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "import-csv", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error ("import-csv", _("Give exactly one CSV file."));
  if (request_text == NULL)
    return usage_error ("import-csv", _("Say which request the employees belong to with --request ID."));
  if (!parse_id (request_text, &request_id))
    return usage_error ("import-csv", _("The request ID must be a positive whole number."));
  if (opt_user == NULL)
    return usage_error ("import-csv", _("Changes to the register need a staff member: give your NIP with --user."));

  /* The list first: a bad file needs no password. */
  file = g_file_new_for_commandline_arg (argv[1]);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    return print_error (argv[1], error), EXIT_FAILED;
  if (g_file_info_get_size (info) > MAX_CSV_BYTES)
    {
      g_printerr (_("%s is larger than 64 MB; an employee list is never that big. Split it into smaller files.\n"),
                  argv[1]);
      return EXIT_FAILED;
    }
  data = g_file_load_bytes (file, NULL, NULL, &error);
  if (data == NULL)
    return print_error (argv[1], error), EXIT_FAILED;

  applicants = sertel_csv_read_applicants (data, domain (), opt_subdomains, &problems, &error);
  if (applicants == NULL)
    {
      print_error (argv[1], error);
      g_printerr (_("Nothing was imported.\n"));
      return EXIT_FAILED;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      SertelCsvProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *line = sertel_csv_problem_format (p);
      g_printerr ("%s: %s\n", argv[1], line);
      g_hash_table_add (bad_lines, GUINT_TO_POINTER (p->line));
    }
  if (problems->len > 0 && !skip_bad)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "Nothing was imported: %u row has problems. Fix it and import the list again, "
                               "or import the good rows with --skip-bad.\n",
                               "Nothing was imported: %u rows have problems. Fix them and import the list again, "
                               "or import the good rows with --skip-bad.\n",
                               g_hash_table_size (bad_lines)),
                  g_hash_table_size (bad_lines));
      return EXIT_FAILED;
    }
  if (applicants->len == 0 && problems->len == 0)
    {
      g_printerr (_("%s lists no employees; nothing was imported.\n"), argv[1]);
      return EXIT_FAILED;
    }

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  sertel_store_set_email_rule (store, domain (), opt_subdomains);
  actor = sign_in (store, &error);
  if (actor == NULL)
    return print_error (NULL, error), EXIT_FAILED;

  request = sertel_store_get_request (store, request_id, &error);
  if (request == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (sertel_staff_get_role (actor) != SERTEL_ROLE_OPERATOR ||
      (sertel_request_get_state (request) != SERTEL_REQUEST_RECEIVED &&
       sertel_request_get_state (request) != SERTEL_REQUEST_RETURNED))
    {
      g_printerr (_("Only the Operator may add applicants, and only before the disposition or after the request was "
                    "returned. Request %" PRId64 " is: %s. Nothing was imported.\n"),
                  request_id, sertel_request_state_display_name (sertel_request_get_state (request)));
      return EXIT_FAILED;
    }

  {
    g_autoptr(GPtrArray) warnings = NULL;
    guint failed = 0;

    /* One transaction: if the register refuses any row, nothing is added. */
    if (!sertel_store_add_applicants (store, actor, request_id, sertel_request_get_version (request),
                                      applicants, &warnings, &failed, &error))
      {
        if (failed < applicants->len && !g_error_matches (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT))
          g_printerr (_("%s: line %u: %s\n"), argv[1],
                      sertel_csv_applicant_get_line (g_ptr_array_index (applicants, failed)), error->message);
        else
          print_error (NULL, error);
        g_printerr (_("Nothing was imported.\n"));
        return EXIT_FAILED;
      }
    added = applicants->len;
    for (guint w = 0; warnings && w < warnings->len; w++)
      g_printerr (_("%s: warning: %s\n"), argv[1], (const char *) g_ptr_array_index (warnings, w));
  }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Added %u employee to request %" PRId64 ".\n",
                        "Added %u employees to request %" PRId64 ".\n", added),
           added, request_id);
  if (problems->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u row with problems was skipped.\n",
                               "%u rows with problems were skipped.\n", g_hash_table_size (bad_lines)),
                  g_hash_table_size (bad_lines));
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* export-csv [--request ID] FILE|- */

static int
cmd_export_csv (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE|- — write the applicants as CSV"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) actor = NULL;
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) request_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *csv = NULL;
  g_autofree char *request_text = NULL;
  gboolean semicolon = FALSE, excel = FALSE;
  gint64 request_id = 0;
  GOptionEntry entries[] = {
    { "request", 'r', 0, G_OPTION_ARG_STRING, &request_text, N_("Only the applicants of this request"), N_("ID") },
    { "semicolon", 0, 0, G_OPTION_ARG_NONE, &semicolon, N_("Separate fields with ; (as spreadsheets in Indonesian expect)"), NULL },
    { "excel", 0, 0, G_OPTION_ARG_NONE, &excel, N_("Write NIK and NIP as =\"…\" so spreadsheets keep every digit"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Writes the applicants (of one request, or of all) as CSV with a header row; "
                                  "“-” writes to standard output. The file holds personal data: keep it safe.\n"
                                  "Exit status: 0 written, 1 failed, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, user_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "export-csv", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error ("export-csv", _("Give exactly one output file, or - for standard output."));
  if (request_text && !parse_id (request_text, &request_id))
    return usage_error ("export-csv", _("The request ID must be a positive whole number."));
  if (opt_user == NULL)
    return usage_error ("export-csv", _("Exporting personal data is recorded: give your NIP with --user."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  actor = sign_in (store, &error);
  if (actor == NULL)
    return print_error (NULL, error), EXIT_FAILED;

  if (request_id > 0)
    {
      g_autoptr(SertelRequest) request = sertel_store_get_request (store, request_id, &error);
      g_autoptr(GPtrArray) list = NULL;

      if (request == NULL || (list = sertel_store_list_applicants (store, request_id, &error)) == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      for (guint i = 0; i < list->len; i++)
        g_ptr_array_add (applicants, g_object_ref (g_ptr_array_index (list, i)));
    }
  else
    {
      g_autoptr(GPtrArray) requests = sertel_store_list_requests (store, -1, 0, 0, &error);

      if (requests == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      /* Oldest first, as the register grew. */
      for (guint r = requests->len; r > 0; r--)
        {
          gint64 id = sertel_request_get_id (g_ptr_array_index (requests, r - 1));
          g_autoptr(GPtrArray) list = sertel_store_list_applicants (store, id, &error);

          if (list == NULL)
            return print_error (NULL, error), EXIT_FAILED;
          for (guint i = 0; i < list->len; i++)
            {
              g_ptr_array_add (applicants, g_object_ref (g_ptr_array_index (list, i)));
              g_array_append_val (request_ids, id);
            }
        }
    }

  csv = sertel_csv_write_applicants (applicants, request_id > 0 ? NULL : request_ids,
                                     semicolon ? ';' : ',', excel);
  {
    g_autofree char *details = g_strdup_printf ("applicants=%u request=%" G_GINT64_FORMAT " file=%s",
                                                applicants->len, request_id, argv[1]);
    /* On record before the data leaves; no record, no export. */
    if (!sertel_store_record_export (store, actor, "export-csv", details, &error))
      return print_error (NULL, error), EXIT_FAILED;
  }
  if (g_str_equal (argv[1], "-"))
    {
      /* Bytes as they are: no conversion to the console's charset. */
      if (fwrite (csv, 1, strlen (csv), stdout) != strlen (csv) || fflush (stdout) != 0)
        {
          g_printerr (_("The list could not be written to standard output.\n"));
          return EXIT_FAILED;
        }
    }
  else if (!g_file_set_contents (argv[1], csv, -1, &error))
    return print_error (NULL, error), EXIT_FAILED;
  else
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote %u applicant to %s.\n", "Wrote %u applicants to %s.\n",
                             applicants->len),
                applicants->len, argv[1]);
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* backup FILE, restore FILE */

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  /* Keys are looked up one by one: an older schema may lack them. */
  return schema != NULL && g_settings_schema_has_key (schema, "backup-folder") ? g_settings_new (APP_ID) : NULL;
}

/* An unsigned key of the app's settings when its schema is installed. */
static guint
settings_uint (const char *key, guint fallback)
{
  g_autoptr(GSettings) settings = app_settings ();
  return settings ? g_settings_get_uint (settings, key) : fallback;
}

static char *
settings_string (const char *key)
{
  g_autoptr(GSettings) settings = app_settings ();
  return settings ? g_settings_get_string (settings, key) : NULL;
}

static int
cmd_backup (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — copy the register into a new file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autofree char *folder = NULL;
  gboolean scheduled = FALSE;
  int keep_days = -1;
  const GOptionEntry entries[] = {
    { "scheduled", 0, 0, G_OPTION_ARG_NONE, &scheduled,
      N_("Write a dated backup into the backup folder, checked, and remove those older than the days kept"), NULL },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("The backup folder (default: the app's setting)"), N_("DIR") },
    { "keep-days", 0, 0, G_OPTION_ARG_INT, &keep_days, N_("Days the dated backups are kept (default: 14)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Copies the register, while it may be in use, into a new file (SQLite online backup).\n"
                                  "Exit status: 0 copied, 1 failed, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "backup", &argc, &argv))
    return EXIT_USAGE;
  if (argc != (scheduled ? 1 : 2))
    return usage_error ("backup", scheduled ? _("With --scheduled, give no file name: the backup goes into the folder.")
                                            : _("Give exactly one file to write the backup to."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (scheduled)
    {
      g_autofree char *written = NULL;
      guint removed = 0;

      if (keep_days < 1)
        keep_days = (int) settings_uint ("backup-keep-days", 14);
      if (folder == NULL)
        folder = settings_string ("backup-folder");
      if (!sertel_store_scheduled_backup (store, folder, (guint) keep_days, TRUE, &written, &removed, &error))
        return print_error (NULL, error), EXIT_FAILED;
      g_print (_("The register %s was copied to %s and checked; %u old backups were removed.\n"),
               sertel_store_get_path (store), written, removed);
      return EXIT_OK;
    }
  if (!sertel_store_backup (store, argv[1], &error))
    return print_error (NULL, error), EXIT_FAILED;
  g_print (_("The register %s was copied to %s.\n"), sertel_store_get_path (store), argv[1]);
  return EXIT_OK;
}

static int
cmd_restore (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — replace the register with a backup"));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_option_context_set_summary (context,
                                _("Checks a backup (integrity, schema, audit trail) and only then puts it in place of "
                                  "the register given with --database. A file that fails a check is refused and "
                                  "the register is left as it was.\n"
                                  "Exit status: 0 restored, 1 refused or failed, 2 wrong use."));
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "restore", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error ("restore", _("Give exactly one backup file."));
  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("%s does not exist or is not a file.\n"), argv[1]);
      return EXIT_FAILED;
    }

  path = database_path ();
  if (!ensure_parent (path, &error) || !sertel_store_restore (argv[1], path, &error))
    return print_error (NULL, error), EXIT_FAILED;
  g_print (_("The register %s was restored from %s.\n"), path, argv[1]);
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* migrate-to-postgresql FILE SERVER, migrate-to-sqlite SERVER FILE */

static void
print_copied (const char *table, gint64 rows, gpointer user_data)
{
  g_print (_("  %s: %" PRId64 " rows\n"), table, rows);
}

static int
migrate (int argc, char **argv, gboolean to_server)
{
  const char *command = to_server ? "migrate-to-postgresql" : "migrate-to-sqlite";
  g_autoptr(GOptionContext) context =
    g_option_context_new (to_server ? _("FILE SERVER — copy a SQLite register into PostgreSQL")
                                    : _("SERVER FILE — copy a PostgreSQL register into a new SQLite file"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) source = NULL;
  g_autoptr(SertelStore) target = NULL;
  const char *from, *to, *file;
  gint64 bad = 0;
  guint rows = 0;

  g_option_context_set_summary (context,
                                _("Copies every record with its number: staff, requests, applicants, attachments, "
                                  "letters, the outbox and the audit trail, which must still verify afterwards. "
                                  "SERVER is a libpq connection string or URI (postgresql://USER@HOST/DBNAME, "
                                  "\"host=HOST dbname=DBNAME sslmode=verify-full\"); the database must exist and be "
                                  "empty, and a FILE to write must not exist yet. Nothing is written when a check "
                                  "fails.\n"
                                  "Exit status: 0 copied, 1 refused or failed, 2 wrong use."));
  if (!parse_options (context, command, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 3)
    return usage_error (command, to_server ? _("Give the SQLite file and then the PostgreSQL server.")
                                           : _("Give the PostgreSQL server and then the new SQLite file."));
  from = argv[1];
  to = argv[2];
  file = to_server ? from : to;
  if (sertel_store_is_server_location (file) || !sertel_store_is_server_location (to_server ? to : from))
    return usage_error (command, to_server ? _("Give the SQLite file and then the PostgreSQL server.")
                                           : _("Give the PostgreSQL server and then the new SQLite file."));
  if (to_server && !g_file_test (from, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("%s does not exist or is not a file.\n"), from);
      return EXIT_FAILED;
    }

  source = sertel_store_open (from, &error);
  if (source == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (to_server)
    {
      target = sertel_store_open (to, &error);
      if (target == NULL || !sertel_store_copy_into (source, target, print_copied, NULL, &error))
        return print_error (NULL, error), EXIT_FAILED;
    }
  else
    {
      if (!ensure_parent (to, &error) || !sertel_store_copy_to_new_file (source, to, print_copied, NULL, &error))
        return print_error (NULL, error), EXIT_FAILED;
      target = sertel_store_open (to, &error);
      if (target == NULL)
        return print_error (NULL, error), EXIT_FAILED;
    }

  /* The chain is recomputed on the copy, not trusted. */
  if (!sertel_store_verify_audit (target, &bad, &rows, &error))
    {
      if (error)
        return print_error (NULL, error), EXIT_FAILED;
      g_printerr (_("The copy's audit trail does not verify from row %" PRId64 ".\n"), bad);
      return EXIT_FAILED;
    }
  g_print (_("The register was copied from %s to %s; its audit trail of %u rows verifies.\n"),
           sertel_store_get_server_name (source) ? sertel_store_get_server_name (source) : from,
           sertel_store_get_server_name (target) ? sertel_store_get_server_name (target) : to, rows);
  return EXIT_OK;
}

static int
cmd_migrate_to_postgresql (int argc, char **argv)
{
  return migrate (argc, argv, TRUE);
}

static int
cmd_migrate_to_sqlite (int argc, char **argv)
{
  return migrate (argc, argv, FALSE);
}

/* ------------------------------------------------------------------------- */
/* purge [--dry-run] [--years N] */

static int
cmd_purge (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— remove the scans of cases closed long ago"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  SertelPurgeReport report = { 0 };
  gboolean dry_run = FALSE;
  int years = -1;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Only list what would be removed"), NULL },
    { "years", 0, 0, G_OPTION_ARG_INT, &years,
      N_("Keep the scans this many years after completion (default: the app's setting, 5; 0 keeps them)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Applies the retention rule: removes the KTP, SK and letter scans of cases completed "
                                  "more than N years ago. The cases, the issued letters and the audit trail stay; "
                                  "each case gets an entry in the audit trail.\n"
                                  "Exit status: 0 done, 1 failed, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "purge", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    return usage_error ("purge", _("purge takes no file names."));
  if (years < -1 || years > 100)
    return usage_error ("purge", _("Give --years between 0 and 100."));
  if (years < 0)
    years = (int) settings_uint ("retention-years", 5);

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (years == 0)
    {
      g_print (_("The retention rule is off (0 years): nothing is removed.\n"));
      return EXIT_OK;
    }
  if (!sertel_store_purge_expired (store, (guint) years, dry_run, &report, &error))
    return print_error (NULL, error), EXIT_FAILED;

  for (guint i = 0; i < report.request_ids->len; i++)
    g_print (dry_run ? _("Request %" PRId64 ": its scans would be removed.\n")
                     : _("Request %" PRId64 ": its scans were removed.\n"),
             g_array_index (report.request_ids, gint64, i));
  g_print (dry_run ? _("%u cases, %u attachments, %u stored files (%" PRId64 " bytes) would be removed.\n")
                   : _("%u cases, %u attachments, %u stored files (%" PRId64 " bytes) removed.\n"),
           report.request_ids->len, report.n_attachments, report.n_files, report.bytes);
  sertel_purge_report_clear (&report);
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* verify */

static int
cmd_verify (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check the register and its audit trail"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *report = NULL;
  guint counts[6] = { 0 };
  guint total = 0, n_applicants = 0, n_attachments = 0, n_audit = 0;
  gint64 bad = 0;
  int status = EXIT_OK;

  g_option_context_set_summary (context,
                                _("Runs SQLite's integrity check, recomputes the audit chain and prints how many "
                                  "records the register holds.\n"
                                  "Exit status: 0 intact, 1 damaged (the first bad entry is named), 2 wrong use."));
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "verify", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    return usage_error ("verify", _("verify takes no arguments."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;

  if (!sertel_store_integrity_check (store, &report, &error))
    {
      g_printerr (_("The database file is damaged: %s\n"), error->message);
      if (report)
        g_printerr ("%s\n", report);
      return EXIT_FAILED;
    }
  g_print (_("Database integrity: ok\n"));

  if (!sertel_store_verify_audit (store, &bad, &n_audit, &error))
    {
      g_printerr ("%s\n", error->message);
      if (bad > 0)
        g_printerr (_("First bad audit entry: %" PRId64 "\n"), bad);
      status = EXIT_FAILED;
    }
  else
    g_print (_("Audit trail: ok (%u entries)\n"), n_audit);

  staff = sertel_store_list_staff (store, TRUE, &error);
  if (staff == NULL || !sertel_store_count_requests (store, counts, &total, &error) ||
      (requests = sertel_store_list_requests (store, -1, 0, 0, &error)) == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  for (guint i = 0; i < requests->len; i++)
    {
      gint64 id = sertel_request_get_id (g_ptr_array_index (requests, i));
      g_autoptr(GPtrArray) a = sertel_store_list_applicants (store, id, &error);
      g_autoptr(GPtrArray) f = a ? sertel_store_list_attachments (store, id, &error) : NULL;

      if (f == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      n_applicants += a->len;
      n_attachments += f->len;
    }

  g_print (_("Staff: %u\n"), staff->len);
  g_print (_("Requests: %u\n"), total);
  for (int s = SERTEL_REQUEST_RECEIVED; s <= SERTEL_REQUEST_RETURNED; s++)
    g_print ("  %s: %u\n", sertel_request_state_display_name (s), counts[s]);
  g_print (_("Applicants: %u\n"), n_applicants);
  g_print (_("Attachments: %u\n"), n_attachments);
  return status;
}

/* ------------------------------------------------------------------------- */
/* letter, issue-letter, disposition-sheet */

static char *opt_pdf;
static char *opt_paper;

static GOptionEntry pdf_entries[] = {
  { "pdf", 'o', 0, G_OPTION_ARG_FILENAME, &opt_pdf, N_("Write the PDF to this file"), N_("FILE") },
  { "paper", 0, 0, G_OPTION_ARG_STRING, &opt_paper, N_("Paper size for a new document: a4 or f4 (default: as set in the app)"), N_("SIZE") },
  { NULL }
};

/* The letterhead and signatory as set in the app's Preferences, when its
 * settings schema is installed; the defaults otherwise. */
static SertelLetterSettings *
letter_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  SertelLetterSettings *settings;

  if (schema != NULL && g_settings_schema_has_key (schema, "letter-paper"))
    {
      g_autoptr(GSettings) gs = g_settings_new (APP_ID);
      settings = sertel_letter_settings_new_from_gsettings (gs);
    }
  else
    settings = sertel_letter_settings_new ();
  if (opt_paper)
    settings->paper = sertel_paper_from_string (opt_paper);
  return settings;
}

static gboolean
check_pdf_options (const char *command, int argc, char **argv, gint64 *out_id, int *out_status)
{
  if (argc != 2)
    {
      *out_status = usage_error (command, _("Give exactly one request ID."));
      return FALSE;
    }
  if (!parse_id (argv[1], out_id))
    {
      *out_status = usage_error (command, _("The request ID must be a positive whole number."));
      return FALSE;
    }
  if (opt_paper && !g_str_equal (opt_paper, "a4") && !g_str_equal (opt_paper, "f4"))
    {
      *out_status = usage_error (command, _("--paper must be a4 or f4."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_pdf (GBytes *pdf, const char *file, GError **error)
{
  return g_file_set_contents (file, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), error);
}

static int
cmd_letter (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("REQUEST — write the issued Surat Rekomendasi"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) actor = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gint64 id = 0;
  int status = EXIT_OK;

  g_option_context_set_summary (context,
                                _("Writes the Surat Rekomendasi of a request exactly as it was issued (the same "
                                  "bytes, the same number), for archiving. With --user the export is recorded in "
                                  "the audit trail.\n"
                                  "Exit status: 0 written, 1 none issued or failed, 2 wrong use."));
  g_option_context_add_main_entries (context, pdf_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, user_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "letter", &argc, &argv))
    return EXIT_USAGE;
  if (!check_pdf_options ("letter", argc, argv, &id, &status))
    return status;
  if (opt_pdf == NULL)
    return usage_error ("letter", _("Say where to write the letter with --pdf FILE."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (opt_user && (actor = sign_in (store, &error)) == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  pdf = sertel_store_get_letter (store, id, SERTEL_RECOMMENDATION_KIND, &error);
  if (pdf == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (actor)
    {
      g_autofree char *details = g_strdup_printf ("letter=rekomendasi request=%" G_GINT64_FORMAT " file=%s", id, opt_pdf);
      if (!sertel_store_record_export (store, actor, "letter", details, &error))
        return print_error (NULL, error), EXIT_FAILED;
    }
  if (!write_pdf (pdf, opt_pdf, &error))
    return print_error (NULL, error), EXIT_FAILED;
  g_printerr (_("Wrote the Surat Rekomendasi of request %" PRId64 " to %s.\n"), id, opt_pdf);
  return EXIT_OK;
}

static int
cmd_issue_letter (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("REQUEST — issue the Surat Rekomendasi"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) actor = NULL;
  g_autoptr(SertelLetterSettings) settings = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gint64 id = 0;
  int status = EXIT_OK;

  g_option_context_set_summary (context,
                                _("Draws the Surat Rekomendasi of a verified request with its reserved number and "
                                  "today's date, and stores it with the request; a letter is issued only once "
                                  "(print the stored one with “sertel-cli letter”). Only the Kasi or the "
                                  "Verifikator may issue it.\n"
                                  "Exit status: 0 issued, 1 refused or failed, 2 wrong use."));
  g_option_context_add_main_entries (context, pdf_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, user_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "issue-letter", &argc, &argv))
    return EXIT_USAGE;
  if (!check_pdf_options ("issue-letter", argc, argv, &id, &status))
    return status;
  if (opt_user == NULL)
    return usage_error ("issue-letter", _("Changes to the register need a staff member: give your NIP with --user."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  actor = sign_in (store, &error);
  if (actor == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  settings = letter_settings ();
  pdf = sertel_recommendation_issue (store, actor, id, settings, &error);
  if (pdf == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  request = sertel_store_get_request (store, id, &error);
  if (opt_pdf && !write_pdf (pdf, opt_pdf, &error))
    return print_error (NULL, error), EXIT_FAILED;
  g_print (_("Issued the Surat Rekomendasi %s for request %" PRId64 ".\n"),
           request ? sertel_request_get_recommendation_number (request) : "", id);
  return EXIT_OK;
}

static int
cmd_disposition_sheet (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("REQUEST — write the lembar disposisi"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelLetterSettings) settings = NULL;
  g_autoptr(SertelLetterDoc) doc = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gint64 id = 0;
  int status = EXIT_OK;

  g_option_context_set_summary (context,
                                _("Draws the lembar disposisi of a request (the incoming letter, the instructions "
                                  "and notes of the Kepala Dinas and the Kabid) as a PDF.\n"
                                  "Exit status: 0 written, 1 failed, 2 wrong use."));
  g_option_context_add_main_entries (context, pdf_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "disposition-sheet", &argc, &argv))
    return EXIT_USAGE;
  if (!check_pdf_options ("disposition-sheet", argc, argv, &id, &status))
    return status;
  if (opt_pdf == NULL)
    return usage_error ("disposition-sheet", _("Say where to write the sheet with --pdf FILE."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  settings = letter_settings ();
  doc = sertel_disposition_sheet_new_from_store (store, id, settings, &error);
  if (doc == NULL || (pdf = sertel_letter_doc_to_pdf (doc, &error)) == NULL || !write_pdf (pdf, opt_pdf, &error))
    return print_error (NULL, error), EXIT_FAILED;
  g_printerr (_("Wrote the lembar disposisi of request %" PRId64 " to %s.\n"), id, opt_pdf);
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* report */

static int
cmd_report (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the activity report and exports of a period"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autoptr(SertelStaff) actor = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *csv = NULL;
  gboolean requests = FALSE, semicolon = FALSE;
  SertelExportScope scope = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day of the period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day of the period (included)"), N_("YYYY-MM-DD") },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx, N_("Write the requests and applicants of the period as a spreadsheet"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the applicants of the period as CSV"), N_("FILE") },
    { "requests", 0, 0, G_OPTION_ARG_NONE, &requests, N_("With --csv: write the requests instead of the applicants"), NULL },
    { "semicolon", 0, 0, G_OPTION_ARG_NONE, &semicolon, N_("With --csv: separate fields with ;"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Writes the laporan kegiatan of a period as PDF (--pdf; counts only, so it needs no "
                                  "--user), and exports the requests and applicants received in the period to XLSX "
                                  "or CSV (personal data: these need --user and are recorded in the audit trail). "
                                  "For a monthly scheduled job.\n"
                                  "Exit status: 0 written, 1 failed, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, pdf_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, user_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "report", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    return usage_error ("report", _("This command takes no arguments besides its options."));
  if (from_text == NULL || to_text == NULL)
    return usage_error ("report", _("Give the period with --from and --to."));
  if (!sertel_report_parse_period (from_text, to_text, &scope.from, &scope.to, &error))
    return usage_error ("report", error->message);
  if (opt_pdf == NULL && xlsx == NULL && csv == NULL)
    return usage_error ("report", _("Say what to write with --pdf FILE, --xlsx FILE or --csv FILE."));
  if (opt_paper && !g_str_equal (opt_paper, "a4") && !g_str_equal (opt_paper, "f4"))
    return usage_error ("report", _("--paper must be a4 or f4."));
  if ((xlsx || csv) && opt_user == NULL)
    return usage_error ("report", _("Exporting personal data is recorded: give your NIP with --user."));

  store = open_existing (&error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (opt_user && (actor = sign_in (store, &error)) == NULL)
    return print_error (NULL, error), EXIT_FAILED;

  if (opt_pdf)
    {
      g_autoptr(SertelLetterSettings) settings = letter_settings ();
      g_autoptr(SertelLetterDoc) doc = sertel_report_doc_new_from_store (store, scope.from, scope.to, settings, &error);
      g_autoptr(GBytes) pdf = NULL;

      if (doc == NULL || (pdf = sertel_letter_doc_to_pdf (doc, &error)) == NULL || !write_pdf (pdf, opt_pdf, &error))
        return print_error (NULL, error), EXIT_FAILED;
      g_printerr (_("Wrote the activity report to %s.\n"), opt_pdf);
    }
  if (xlsx)
    {
      guint rows = 0;

      if (!sertel_export_xlsx (store, actor, &scope, xlsx, NULL, NULL, &rows, &error))
        return print_error (NULL, error), EXIT_FAILED;
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote %u row to %s.\n", "Wrote %u rows to %s.\n", rows), rows, xlsx);
    }
  if (csv)
    {
      guint rows = 0;

      if (!sertel_export_csv (store, actor, &scope, requests ? SERTEL_EXPORT_REQUESTS : SERTEL_EXPORT_APPLICANTS,
                              semicolon ? ';' : ',', csv, &rows, &error))
        return print_error (NULL, error), EXIT_FAILED;
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote %u row to %s.\n", "Wrote %u rows to %s.\n", rows), rows, csv);
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */
/* demo */

static int
cmd_demo (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— fill a new register with sample data"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autofree char *path = NULL;
  int n_requests = 40;
  const SertelDemoStaff *staff = sertel_demo_staff ();
  GOptionEntry entries[] = {
    { "requests", 'n', 0, G_OPTION_ARG_INT, &n_requests, N_("How many requests to make (default 40)"), N_("N") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Fills an empty register with realistic sample data for training and trials: a "
                                  "staff account for every role, requests from OPDs of Maluku Utara in every state, "
                                  "applicants with valid NIK and NIP, and small generated scans. Refuses a register "
                                  "that already holds data.\n"
                                  "Every sample account's password is “sertel-demo”.\n"
                                  "Exit status: 0 filled, 1 refused or failed, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "demo", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    return usage_error ("demo", _("demo takes no arguments."));
  if (n_requests < 0 || n_requests > 5000)
    return usage_error ("demo", _("--requests must be between 0 and 5000."));

  path = database_path ();
  if (!ensure_parent (path, &error))
    return print_error (NULL, error), EXIT_FAILED;
  store = sertel_store_open (path, &error);
  if (store == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  if (!sertel_demo_fill (store, (guint) n_requests, &error))
    return print_error (NULL, error), EXIT_FAILED;

  g_print (_("The register %s now holds %d sample requests.\n"), path, n_requests);
  g_print (_("Sample accounts (password “%s”):\n"), SERTEL_DEMO_PASSWORD);
  for (guint i = 0; staff[i].name; i++)
    g_print ("  %-24s NIP %s  %s\n", staff[i].name, staff[i].nip, sertel_role_display_name (staff[i].role));
  return EXIT_OK;
}

/* ------------------------------------------------------------------------- */

/* ------------------------------------------------------------------------- */
/* bsre-status NIK */

/* The BSrE client as the app would make it (GSettings bsre-*, the stored
 * password), with options given here taking precedence. */
static SertelBsreClient *
bsre_client (const char *url, const char *user, const char *api, GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *set_url = NULL;
  g_autofree char *set_user = NULL;
  g_autofree char *set_api = NULL;
  g_autofree char *password = NULL;
  SertelBsreClient *client;

  if (schema != NULL && g_settings_schema_has_key (schema, "bsre-base-url"))
    {
      settings = g_settings_new (APP_ID);
      set_url = g_settings_get_string (settings, "bsre-base-url");
      set_user = g_settings_get_string (settings, "bsre-user");
      set_api = g_settings_get_string (settings, "bsre-api-version");
    }
  password = sertel_bsre_password_lookup (error);
  if (error && *error)
    return NULL;

  client = sertel_bsre_client_new (url ? url : set_url, user ? user : set_user, password);
  if (password)
    memset (password, 0, strlen (password));
  api = api ? api : set_api;
  sertel_bsre_client_set_api_version (client, g_strcmp0 (api, "v2") == 0 ? SERTEL_BSRE_API_V2 : SERTEL_BSRE_API_V1);
  if (settings)
    sertel_bsre_client_set_timeouts (client, 1000 * g_settings_get_uint (settings, "bsre-connect-timeout"),
                                     1000 * g_settings_get_uint (settings, "bsre-timeout"));
  return client;
}

static int
cmd_bsre_status (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("NIK — ask BSrE for a person's certificate status"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelBsreClient) client = NULL;
  g_autoptr(SertelBsreStatus) status = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *api = NULL;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Address of the BSrE service (default: as set in the app)"), N_("URL") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("BSrE user name (default: as set in the app)"), N_("NAME") },
    { "api-version", 0, 0, G_OPTION_ARG_STRING, &api, N_("API version: v1 or v2 (default: as set in the app)"), N_("VERSION") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Asks the BSrE service for the certificate status of one NIK and prints the raw status "
                                  "and what it means for an applicant. Uses the app's BSrE settings and stored password "
                                  "(or $SERTEL_BSRE_PASSWORD).\n"
                                  "Exit status: 0 answered, 1 error, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "bsre-status", &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error ("bsre-status", _("Give exactly one NIK."));
  if (api && !g_str_equal (api, "v1") && !g_str_equal (api, "v2"))
    return usage_error ("bsre-status", _("The API version is v1 or v2."));

  client = bsre_client (url, user, api, &error);
  if (client == NULL)
    return print_error (NULL, error), EXIT_FAILED;
  status = sertel_bsre_client_check_status (client, argv[1], NULL, &error);
  if (status == NULL)
    return print_error (NULL, error), EXIT_FAILED;

  g_print ("nik: %s\n", status->nik);
  g_print ("status: %s\n", status->status);
  g_print ("state: %s\n", status->mapping ? sertel_bsre_effect_to_string (status->mapping->effect) : "unknown");
  if (status->mapping)
    g_print ("%s\n", _(status->mapping->meaning));
  else
    g_print (_("Sertel does not know this status; an applicant with it is left as they are.\n"));
  if (status->message && *status->message)
    g_print ("message: %s\n", status->message);
  return EXIT_OK;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("-");
  dt = g_date_time_new_from_unix_local (unix_time);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/* outbox list | send | retry ID | cancel ID */
static int
cmd_outbox (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("list | send | retry ID | cancel ID — the mail outbox"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = NULL;
  g_autofree char *state_text = NULL;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state_text,
      N_("With list: only messages in this state (queued, sending, sent, failed, unknown, cancelled)"), N_("STATE") },
    { NULL }
  };
  const char *sub;

  g_option_context_set_summary (context,
                                _("Shows and sends the notifications waiting in the outbox.\n"
                                  "  list          every message with its state, attempts, next try and last error\n"
                                  "  send          send the messages that are due now (the app's mail settings; the\n"
                                  "                password as stored by the app or in $SERTEL_SMTP_PASSWORD)\n"
                                  "  retry ID      send a failed, interrupted or cancelled message again (needs --user)\n"
                                  "  cancel ID     do not send a message (needs --user)\n"
                                  "A message interrupted by a crash is marked “unknown” when the app starts and is never "
                                  "resent by itself: retry or cancel it.\n"
                                  "Exit status: 0 done (send: everything due was sent), 1 failed or a message could not "
                                  "be sent, 2 wrong use."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, database_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, user_entries, GETTEXT_PACKAGE);
  if (!parse_options (context, "outbox", &argc, &argv))
    return EXIT_USAGE;
  sub = argc >= 2 ? argv[1] : "list";

  if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) list = NULL;
      SertelOutboxState state = 0;

      if (argc > 2)
        return usage_error ("outbox", _("“list” takes no further arguments."));
      if (state_text && !sertel_outbox_state_from_string (state_text, &state))
        return usage_error ("outbox", _("Unknown state; use queued, sending, sent, failed, unknown or cancelled."));
      store = open_existing (&error);
      if (store == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      list = sertel_store_outbox_list (store, state_text ? (int) state : -1, 0, &error);
      if (list == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      for (guint i = 0; i < list->len; i++)
        {
          SertelOutboxMessage *m = g_ptr_array_index (list, i);
          g_autofree char *created = format_time (m->created_at);
          g_autofree char *next = format_time (m->next_try_at);

          g_print ("%" PRId64 "\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", m->id, sertel_outbox_state_to_string (m->state),
                   created, m->attempts,
                   m->state == SERTEL_OUTBOX_QUEUED || m->state == SERTEL_OUTBOX_FAILED ? next : "-",
                   m->recipients, m->subject, m->last_error && m->state != SERTEL_OUTBOX_SENT ? m->last_error : "");
        }
      return EXIT_OK;
    }

  if (g_str_equal (sub, "send"))
    {
      g_autoptr(GSettings) settings = NULL;
      g_autoptr(SertelMailConfig) config = NULL;
      guint sent = 0, failed = 0;

      if (argc > 2)
        return usage_error ("outbox", _("“send” takes no further arguments."));
      store = open_existing (&error);
      if (store == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      settings = sertel_mail_settings_new (&error);
      if (settings == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      config = sertel_mail_config_new_from_settings (settings, &error);
      if (config == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      if (g_getenv ("SERTEL_SMTP_PASSWORD"))
        {
          g_free (config->password);
          config->password = g_strdup (g_getenv ("SERTEL_SMTP_PASSWORD"));
        }
      if (!sertel_outbox_send_due_with_config (store, config, g_settings_get_uint (settings, "mail-max-attempts"),
                                               NULL, &sent, &failed, &error))
        return print_error (NULL, error), EXIT_FAILED;
      g_print (_("Sent: %u. Failed: %u.\n"), sent, failed);
      if (failed > 0)
        g_printerr (_("See “sertel-cli outbox list” for the reasons.\n"));
      return failed > 0 ? EXIT_FAILED : EXIT_OK;
    }

  if (g_str_equal (sub, "retry") || g_str_equal (sub, "cancel"))
    {
      g_autoptr(SertelStaff) actor = NULL;
      gint64 id;
      gboolean ok;

      if (argc != 3)
        return usage_error ("outbox", _("Give exactly one message ID."));
      if (!parse_id (argv[2], &id))
        return usage_error ("outbox", _("The message ID must be a positive whole number."));
      store = open_existing (&error);
      if (store == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      actor = sign_in (store, &error);
      if (actor == NULL)
        return print_error (NULL, error), EXIT_FAILED;
      if (g_str_equal (sub, "retry"))
        ok = sertel_store_outbox_retry (store, actor, id, &error);
      else
        ok = sertel_store_outbox_cancel (store, actor, id, &error);
      if (!ok)
        return print_error (NULL, error), EXIT_FAILED;
      if (g_str_equal (sub, "retry"))
        g_print (_("Message %" PRId64 " will be sent again.\n"), id);
      else
        g_print (_("Message %" PRId64 " was cancelled.\n"), id);
      return EXIT_OK;
    }

  return usage_error ("outbox", _("Use list, send, retry ID or cancel ID."));
}

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *help;
} commands[] = {
  { "check-identity", cmd_check_identity, N_("Check a NIK, a NIP and an e-mail address") },
  { "bsre-status", cmd_bsre_status, N_("Ask BSrE for a person's certificate status by NIK") },
  { "import-csv", cmd_import_csv, N_("Add the employees on a CSV list to a request") },
  { "export-csv", cmd_export_csv, N_("Write applicants as CSV") },
  { "backup", cmd_backup, N_("Copy the register into a new file") },
  { "restore", cmd_restore, N_("Replace the register with a checked backup") },
  { "purge", cmd_purge, N_("Remove the scans of cases completed longer ago than the retention rule keeps them") },
  { "verify", cmd_verify, N_("Check the register's integrity and audit trail") },
  { "migrate-to-postgresql", cmd_migrate_to_postgresql, N_("Copy a SQLite register into an empty PostgreSQL database") },
  { "migrate-to-sqlite", cmd_migrate_to_sqlite, N_("Copy a PostgreSQL register into a new SQLite file") },
  { "demo", cmd_demo, N_("Fill an empty register with sample data") },
  { "issue-letter", cmd_issue_letter, N_("Issue the Surat Rekomendasi of a verified request") },
  { "letter", cmd_letter, N_("Write the issued Surat Rekomendasi as PDF") },
  { "disposition-sheet", cmd_disposition_sheet, N_("Write the lembar disposisi of a request as PDF") },
  { "report", cmd_report, N_("Write the activity report of a period (PDF) and export its register (XLSX, CSV)") },
  { "outbox", cmd_outbox, N_("List, send, retry or cancel the notifications in the mail outbox") },
};

static void
print_usage (FILE *out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text, _("Usage: sertel-cli COMMAND [OPTIONS…] [ARGUMENTS…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-16s %s\n", commands[i].name, _(commands[i].help));
  g_string_append (text, _("\nEvery command takes --database PATH and --help.\n"
                           "Exit status: 0 done, 1 problems found or the operation failed, 2 wrong use.\n"));
  if (out == stdout)
    g_print ("%s", text->str);
  else
    g_printerr ("%s", text->str);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *program = NULL;
  char **sub_argv;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("sertel-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("sertel-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[1], commands[i].name))
        continue;

      /* The command sees "sertel-cli COMMAND" as its program name. */
      program = g_strdup_printf ("%s %s", "sertel-cli", commands[i].name);
      g_set_prgname (program);
      sub_argv = g_new0 (char *, argc);
      sub_argv[0] = program;
      for (int k = 2; k < argc; k++)
        sub_argv[k - 1] = argv[k];
      status = commands[i].run (argc - 1, sub_argv);
      g_free (sub_argv);
      g_clear_pointer (&opt_database, g_free);
      g_clear_pointer (&opt_user, g_free);
      g_clear_pointer (&opt_password_file, g_free);
      g_clear_pointer (&opt_domain, g_free);
      g_clear_pointer (&opt_pdf, g_free);
      g_clear_pointer (&opt_paper, g_free);
      return status;
    }

  g_printerr (_("“%s” is not a sertel-cli command.\n\n"), argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
