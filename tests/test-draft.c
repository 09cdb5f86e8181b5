/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake drafts on disk: a round trip keeps every character, a failed save
 * leaves the previous one whole, files are private, list and delete. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "sertel-draft.h"

/* Text that a careless format would break: key file syntax, escapes, line
 * breaks, leading blanks, non-Latin script, right-to-left marks. */
static const char *hostile[] = {
  "[draft]\nletter-number=hacked",
  "  leading and trailing blanks  ",
  "back\\slash \\n not a newline; semi;colon # hash",
  "tab\there\r\nCRLF",
  "Đặng Thị 🙂 محمد \u202Eevil",
  "=",
  "",
};

static char *
make_dir (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sertel-draft-XXXXXX", NULL);
  g_assert_nonnull (tmp);
  /* A folder that does not exist yet: the save makes it. */
  return g_build_filename (tmp, "drafts", NULL);
}

static SertelDraft *
sample_draft (void)
{
  SertelDraft *d = sertel_draft_new ();
  SertelDraftApplicant *a = sertel_draft_applicant_new ();
  SertelDraftApplicant *b = sertel_draft_applicant_new ();

  d->letter_number = g_strdup (hostile[0]);
  d->letter_date = g_strdup ("20-11-2026");
  d->opd = g_strdup (hostile[1]);
  d->sifat = g_strdup ("sangat_segera");
  d->perihal = g_strdup (hostile[2]);
  d->letter_file_name = g_strdup ("surat permohonan [1].pdf");
  d->letter_data = g_bytes_new_static ("%PDF-1.4\0binary\n\xff", 18);

  a->name = g_strdup (hostile[4]);
  a->name_titled = g_strdup (hostile[3]);
  a->nik = g_strdup ("8271035203850001");
  a->nip = g_strdup ("198503122010012001");
  a->email = g_strdup (hostile[5]);
  a->mismatch_reason = g_strdup ("Baris satu\nBaris dua");
  a->phone = g_strdup (hostile[6]);
  a->ktp_file_name = g_strdup ("ktp.png");
  a->ktp_data = g_bytes_new_static ("\x89PNG\r\n\x1a\n....", 12);
  g_ptr_array_add (d->applicants, a);

  b->name = g_strdup ("Tanpa KTP");
  g_ptr_array_add (d->applicants, b);
  return d;
}

static void
assert_bytes_equal (GBytes *a, GBytes *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (g_bytes_equal (a, b));
}

static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(SertelDraft) d = sample_draft ();
  g_autoptr(SertelDraft) back = NULL;
  g_autoptr(GError) error = NULL;
  SertelDraftApplicant *a, *b;

  g_assert_true (sertel_draft_save (d, dir, &error));
  g_assert_no_error (error);
  g_assert_nonnull (d->id);
  g_assert_cmpint (d->saved_at, >, 0);

  back = sertel_draft_load (dir, d->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->id, ==, d->id);
  g_assert_cmpstr (back->letter_number, ==, hostile[0]);
  g_assert_cmpstr (back->letter_date, ==, "20-11-2026");
  g_assert_cmpstr (back->opd, ==, hostile[1]);
  g_assert_cmpstr (back->sifat, ==, "sangat_segera");
  g_assert_cmpstr (back->perihal, ==, hostile[2]);
  g_assert_cmpstr (back->letter_file_name, ==, "surat permohonan [1].pdf");
  assert_bytes_equal (back->letter_data, d->letter_data);

  g_assert_cmpuint (back->applicants->len, ==, 2);
  a = g_ptr_array_index (back->applicants, 0);
  b = g_ptr_array_index (back->applicants, 1);
  g_assert_cmpstr (a->name, ==, hostile[4]);
  g_assert_cmpstr (a->name_titled, ==, hostile[3]);
  g_assert_cmpstr (a->nik, ==, "8271035203850001");
  g_assert_cmpstr (a->nip, ==, "198503122010012001");
  g_assert_cmpstr (a->email, ==, hostile[5]);
  g_assert_cmpstr (a->phone, ==, "");
  g_assert_cmpstr (a->mismatch_reason, ==, "Baris satu\nBaris dua");
  g_assert_null (a->pangkat);
  g_assert_cmpstr (a->ktp_file_name, ==, "ktp.png");
  assert_bytes_equal (a->ktp_data, ((SertelDraftApplicant *) g_ptr_array_index (d->applicants, 0))->ktp_data);
  g_assert_cmpstr (b->name, ==, "Tanpa KTP");
  g_assert_null (b->ktp_data);

  /* Invalid UTF-8 is repaired, not a failed save. */
  g_free (d->perihal);
  d->perihal = g_strdup ("bad \xff byte");
  g_assert_true (sertel_draft_save (d, dir, &error));
  g_assert_no_error (error);
  g_clear_pointer (&back, sertel_draft_free);
  back = sertel_draft_load (dir, d->id, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (back->perihal, -1, NULL));
  g_assert_true (g_str_has_prefix (back->perihal, "bad "));

  /* Ids that would leave the folder are refused. */
  g_assert_null (sertel_draft_load (dir, "../etc/passwd", &error));
  g_assert_error (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_NOT_FOUND);
}

static void
test_private_files (void)
{
#ifdef G_OS_UNIX
  g_autofree char *dir = make_dir ();
  g_autoptr(SertelDraft) d = sample_draft ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;
  guint files = 0;
  GStatBuf st;

  g_assert_true (sertel_draft_save (d, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  gdir = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (gdir)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      files++;
    }
  /* The key file and two scans. */
  g_assert_cmpuint (files, ==, 3);
#else
  g_test_skip ("file modes are a POSIX matter");
#endif
}

/* A save that cannot be written leaves the previous save whole. */
static void
test_failed_save_keeps_old (void)
{
#ifdef G_OS_UNIX
  g_autofree char *dir = make_dir ();
  g_autoptr(SertelDraft) d = sample_draft ();
  g_autoptr(SertelDraft) back = NULL;
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes into read-only folders");
      return;
    }

  g_assert_true (sertel_draft_save (d, dir, &error));
  g_assert_no_error (error);

  g_free (d->letter_number);
  d->letter_number = g_strdup ("changed");
  g_clear_pointer (&d->letter_data, g_bytes_unref);
  d->letter_data = g_bytes_new_static ("%PDF-1.7 another scan", 21);
  g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
  g_assert_false (sertel_draft_save (d, dir, &error));
  g_assert_nonnull (error);
  g_test_message ("refused as expected: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);

  back = sertel_draft_load (dir, d->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->letter_number, ==, hostile[0]);
  g_assert_cmpmem (g_bytes_get_data (back->letter_data, NULL), g_bytes_get_size (back->letter_data),
                   "%PDF-1.4\0binary\n\xff", 18);

  /* Once the folder is writable again the next save goes through and the
   * old scan is cleared away. */
  g_assert_true (sertel_draft_save (d, dir, &error));
  g_assert_no_error (error);
  g_clear_pointer (&back, sertel_draft_free);
  back = sertel_draft_load (dir, d->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->letter_number, ==, "changed");
  g_assert_cmpuint (g_bytes_get_size (back->letter_data), ==, 21);
#else
  g_test_skip ("file modes are a POSIX matter");
#endif
}

/* A scan changed on disk is reported, not silently attached. */
static void
test_tampered_scan (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(SertelDraft) d = sertel_draft_new ();
  g_autoptr(SertelDraft) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  d->letter_data = g_bytes_new_static ("%PDF-1.4 x", 10);
  g_assert_true (sertel_draft_save (d, dir, &error));
  gdir = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (gdir)))
    if (g_str_has_suffix (name, ".scan"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_assert_true (g_file_set_contents (path, "%PDF-1.4 y", 10, NULL));
      }
  back = sertel_draft_load (dir, d->id, &error);
  g_assert_null (back);
  g_assert_error (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_INVALID);
}

static void
test_list_delete (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(SertelDraft) first = sample_draft ();
  g_autoptr(SertelDraft) second = sertel_draft_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = NULL;
  g_autoptr(GDir) gdir = NULL;

  /* An absent folder is no drafts, not an error. */
  ids = sertel_draft_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  g_assert_true (sertel_draft_save (first, dir, &error));
  second->letter_number = g_strdup ("kedua");
  g_assert_true (sertel_draft_save (second, dir, &error));
  g_assert_no_error (error);

  /* A leftover temporary file of an interrupted save is no draft. */
  junk = g_build_filename (dir, "draft-x.draft.ABC123", NULL);
  g_assert_true (g_file_set_contents (junk, "half", 4, NULL));

  ids = sertel_draft_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (ids, first->id, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (ids, second->id, g_str_equal, NULL));
  g_clear_pointer (&ids, g_ptr_array_unref);

  g_assert_true (sertel_draft_delete (dir, first->id, &error));
  g_assert_no_error (error);
  /* Deleting twice is fine. */
  g_assert_true (sertel_draft_delete (dir, first->id, &error));
  ids = sertel_draft_list (dir, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, second->id);

  /* Its scans went with it. */
  gdir = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (gdir)); )
    g_assert_false (g_str_has_prefix (name, first->id));

  g_assert_null (sertel_draft_load (dir, first->id, &error));
  g_assert_error (error, SERTEL_DRAFT_ERROR, SERTEL_DRAFT_ERROR_NOT_FOUND);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/draft/round-trip", test_round_trip);
  g_test_add_func ("/draft/private-files", test_private_files);
  g_test_add_func ("/draft/failed-save-keeps-old", test_failed_save_keeps_old);
  g_test_add_func ("/draft/tampered-scan", test_tampered_scan);
  g_test_add_func ("/draft/list-delete", test_list_delete);
  return g_test_run ();
}
