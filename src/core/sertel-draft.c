/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sertel-draft.h"
#include "sertel-filetype.h"

#define DRAFT_SUFFIX ".draft"
#define SCAN_SUFFIX  ".scan"
#define GROUP        "draft"
#define FORMAT       1

G_DEFINE_QUARK (sertel-draft-error-quark, sertel_draft_error)

SertelDraftApplicant *
sertel_draft_applicant_new (void)
{
  return g_new0 (SertelDraftApplicant, 1);
}

void
sertel_draft_applicant_free (SertelDraftApplicant *a)
{
  if (a == NULL)
    return;
  g_free (a->name);
  g_free (a->name_titled);
  g_free (a->nik);
  g_free (a->nip);
  g_free (a->pangkat);
  g_free (a->jabatan);
  g_free (a->unit_kerja);
  g_free (a->email);
  g_free (a->phone);
  g_free (a->mismatch_reason);
  g_free (a->ktp_file_name);
  g_clear_pointer (&a->ktp_data, g_bytes_unref);
  g_free (a);
}

SertelDraft *
sertel_draft_new (void)
{
  SertelDraft *d = g_new0 (SertelDraft, 1);

  d->applicants = g_ptr_array_new_with_free_func ((GDestroyNotify) sertel_draft_applicant_free);
  return d;
}

void
sertel_draft_free (SertelDraft *d)
{
  if (d == NULL)
    return;
  g_free (d->id);
  g_free (d->letter_number);
  g_free (d->letter_date);
  g_free (d->opd);
  g_free (d->sifat);
  g_free (d->perihal);
  g_free (d->letter_file_name);
  g_clear_pointer (&d->letter_data, g_bytes_unref);
  g_clear_pointer (&d->applicants, g_ptr_array_unref);
  g_free (d);
}

char *
sertel_draft_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "sertel", "drafts", NULL);
}

/* Ids become file names: only letters, digits and dashes, so that an id can
 * never point outside the folder. */
static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 100)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
check_id (const char *id, GError **error)
{
  if (id_is_valid (id))
    return TRUE;
  g_set_error_literal (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_NOT_FOUND,
                       _("There is no such draft."));
  return FALSE;
}

static char *
new_id (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("draft-%s-%08x", stamp, g_random_int ());
}

/* GKeyFile escapes line breaks, tabs, backslashes and leading blanks, but
 * wants UTF-8: anything else is repaired rather than lost. */
static void
set_text (GKeyFile *kf, const char *group, const char *key, const char *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    return;
  valid = g_utf8_make_valid (value, -1);
  g_key_file_set_string (kf, group, key, valid);
}

static char *
get_text (GKeyFile *kf, const char *group, const char *key)
{
  return g_key_file_get_string (kf, group, key, NULL);
}

static gboolean
write_file (const char *path, const void *data, gsize len, GError **error)
{
  /* CONSISTENT: a temporary file, fsync and rename, so a reader sees either
   * the old content or the new, never half of it. */
  return g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Writes a scan under a name made from its content; an unchanged scan is
 * not written again. Returns the base name. */
static char *
save_scan (const char *dir, const char *id, GBytes *data, GError **error)
{
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  g_autofree char *hash = sertel_sha256_hex (bytes, len);
  g_autofree char *base = g_strconcat (id, ".", hash, SCAN_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (dir, base, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) && !write_file (path, bytes, len, error))
    return NULL;
  return g_steal_pointer (&base);
}

static GBytes *
load_scan (const char *dir, const char *base, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  gsize len = 0;

  if (base == NULL || strchr (base, '/') || strchr (base, '\\') || !g_str_has_suffix (base, SCAN_SUFFIX))
    goto invalid;
  path = g_build_filename (dir, base, NULL);
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  /* The name holds the content's hash: a scan changed behind our back is
   * reported, not silently attached. */
  hash = sertel_sha256_hex ((const guint8 *) contents, len);
  if (strstr (base, hash) == NULL)
    goto invalid;
  return g_bytes_new_take (g_steal_pointer (&contents), len);

invalid:
  g_set_error_literal (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_INVALID,
                       _("A scanned file of the draft is missing or was changed; choose the file again."));
  return NULL;
}

/* Removes the scans of @id that the saved key file no longer names. */
static void
remove_stale_scans (const char *dir, const char *id, GPtrArray *keep)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (id, ".", NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, SCAN_SUFFIX))
        continue;
      if (keep && g_ptr_array_find_with_equal_func (keep, name, g_str_equal, NULL))
        continue;
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_unlink (path);
      }
    }
}

gboolean
sertel_draft_save (SertelDraft *draft, const char *dir, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GPtrArray) scans = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  gsize len = 0;
  gint64 now;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The drafts folder %s cannot be made: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (draft->id == NULL)
    draft->id = new_id ();
  else if (!check_id (draft->id, error))
    return FALSE;

  now = g_get_real_time () / G_USEC_PER_SEC;
  g_key_file_set_integer (kf, GROUP, "format", FORMAT);
  g_key_file_set_int64 (kf, GROUP, "saved-at", now);
  set_text (kf, GROUP, "letter-number", draft->letter_number);
  set_text (kf, GROUP, "letter-date", draft->letter_date);
  set_text (kf, GROUP, "opd", draft->opd);
  set_text (kf, GROUP, "sifat", draft->sifat);
  set_text (kf, GROUP, "perihal", draft->perihal);
  if (draft->letter_data)
    {
      char *scan = save_scan (dir, draft->id, draft->letter_data, error);
      if (scan == NULL)
        return FALSE;
      set_text (kf, GROUP, "letter-file-name", draft->letter_file_name ? draft->letter_file_name : "");
      g_key_file_set_string (kf, GROUP, "letter-scan", scan);
      g_ptr_array_add (scans, scan);
    }
  g_key_file_set_integer (kf, GROUP, "applicants", (int) draft->applicants->len);

  for (guint i = 0; i < draft->applicants->len; i++)
    {
      SertelDraftApplicant *a = g_ptr_array_index (draft->applicants, i);
      g_autofree char *group = g_strdup_printf ("applicant %u", i);

      g_key_file_set_integer (kf, group, "index", (int) i);
      set_text (kf, group, "name", a->name);
      set_text (kf, group, "name-titled", a->name_titled);
      set_text (kf, group, "nik", a->nik);
      set_text (kf, group, "nip", a->nip);
      set_text (kf, group, "pangkat", a->pangkat);
      set_text (kf, group, "jabatan", a->jabatan);
      set_text (kf, group, "unit-kerja", a->unit_kerja);
      set_text (kf, group, "email", a->email);
      set_text (kf, group, "phone", a->phone);
      set_text (kf, group, "mismatch-reason", a->mismatch_reason);
      if (a->ktp_data)
        {
          char *scan = save_scan (dir, draft->id, a->ktp_data, error);
          if (scan == NULL)
            return FALSE;
          set_text (kf, group, "ktp-file-name", a->ktp_file_name ? a->ktp_file_name : "");
          g_key_file_set_string (kf, group, "ktp-scan", scan);
          g_ptr_array_add (scans, scan);
        }
    }

  data = g_key_file_to_data (kf, &len, NULL);
  base = g_strconcat (draft->id, DRAFT_SUFFIX, NULL);
  path = g_build_filename (dir, base, NULL);
  if (!write_file (path, data, len, error))
    {
      /* The scans written above would be orphans unless the old key file
       * names them; they go with the next good save or the delete. */
      return FALSE;
    }
  draft->saved_at = now;
  remove_stale_scans (dir, draft->id, scans);
  return TRUE;
}

SertelDraft *
sertel_draft_load (const char *dir, const char *id, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(SertelDraft) draft = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *scan = NULL;
  int n;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!check_id (id, error))
    return NULL;
  base = g_strconcat (id, DRAFT_SUFFIX, NULL);
  path = g_build_filename (dir, base, NULL);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error_literal (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_NOT_FOUND,
                             _("There is no such draft."));
      else
        g_set_error (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_INVALID,
                     _("The draft %s cannot be read: %s"), id, local->message);
      return NULL;
    }
  if (g_key_file_get_integer (kf, GROUP, "format", NULL) != FORMAT)
    {
      g_set_error (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_INVALID,
                   _("The draft %s was not written by this version of Sertel."), id);
      return NULL;
    }

  draft = sertel_draft_new ();
  draft->id = g_strdup (id);
  draft->saved_at = g_key_file_get_int64 (kf, GROUP, "saved-at", NULL);
  draft->letter_number = get_text (kf, GROUP, "letter-number");
  draft->letter_date = get_text (kf, GROUP, "letter-date");
  draft->opd = get_text (kf, GROUP, "opd");
  draft->sifat = get_text (kf, GROUP, "sifat");
  draft->perihal = get_text (kf, GROUP, "perihal");
  if ((scan = get_text (kf, GROUP, "letter-scan")))
    {
      draft->letter_data = load_scan (dir, scan, error);
      if (draft->letter_data == NULL)
        return NULL;
      draft->letter_file_name = get_text (kf, GROUP, "letter-file-name");
    }

  n = g_key_file_get_integer (kf, GROUP, "applicants", NULL);
  for (int i = 0; i < n && i < 10000; i++)
    {
      g_autofree char *group = g_strdup_printf ("applicant %d", i);
      g_autofree char *ktp = NULL;
      SertelDraftApplicant *a;

      if (!g_key_file_has_group (kf, group))
        continue;
      a = sertel_draft_applicant_new ();
      g_ptr_array_add (draft->applicants, a);
      a->name = get_text (kf, group, "name");
      a->name_titled = get_text (kf, group, "name-titled");
      a->nik = get_text (kf, group, "nik");
      a->nip = get_text (kf, group, "nip");
      a->pangkat = get_text (kf, group, "pangkat");
      a->jabatan = get_text (kf, group, "jabatan");
      a->unit_kerja = get_text (kf, group, "unit-kerja");
      a->email = get_text (kf, group, "email");
      a->phone = get_text (kf, group, "phone");
      a->mismatch_reason = get_text (kf, group, "mismatch-reason");
      if ((ktp = get_text (kf, group, "ktp-scan")))
        {
          a->ktp_data = load_scan (dir, ktp, error);
          if (a->ktp_data == NULL)
            return NULL;
          a->ktp_file_name = get_text (kf, group, "ktp-file-name");
        }
    }
  return g_steal_pointer (&draft);
}

typedef struct {
  char  *id;
  gint64 saved_at;
} Entry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = *(Entry * const *) a;
  const Entry *y = *(Entry * const *) b;

  if (x->saved_at != y->saved_at)
    return x->saved_at < y->saved_at ? 1 : -1;
  return -g_strcmp0 (x->id, y->id);
}

static void
entry_free (Entry *e)
{
  g_free (e->id);
  g_free (e);
}

GPtrArray *
sertel_draft_list (const char *dir, GError **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  d = g_dir_open (dir, 0, &local);
  if (d == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return ids;
      g_propagate_error (error, g_steal_pointer (&local));
      g_ptr_array_unref (ids);
      return NULL;
    }

  while ((name = g_dir_read_name (d)))
    {
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autofree char *path = NULL;
      Entry *e;

      if (!g_str_has_suffix (name, DRAFT_SUFFIX))
        continue;
      path = g_build_filename (dir, name, NULL);
      e = g_new0 (Entry, 1);
      e->id = g_strndup (name, strlen (name) - strlen (DRAFT_SUFFIX));
      if (!id_is_valid (e->id))
        {
          entry_free (e);
          continue;
        }
      /* Temporary files of an interrupted save end differently, so they are
       * never listed. */
      if (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
        e->saved_at = g_key_file_get_int64 (kf, GROUP, "saved-at", NULL);
      g_ptr_array_add (entries, e);
    }

  g_ptr_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      g_ptr_array_add (ids, g_steal_pointer (&e->id));
    }
  return ids;
}

gboolean
sertel_draft_delete (const char *dir, const char *id, GError **error)
{
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!check_id (id, error))
    return FALSE;
  base = g_strconcat (id, DRAFT_SUFFIX, NULL);
  path = g_build_filename (dir, base, NULL);
  /* The key file first: without it the scans are no draft at all. */
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The draft cannot be removed: %s"), g_strerror (saved));
      return FALSE;
    }
  remove_stale_scans (dir, id, NULL);
  return TRUE;
}
