/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An unfinished intake kept on disk so that nothing typed is lost: a GKeyFile
 * per draft with the scans beside it, each written atomically (temporary file
 * and rename), readable by the user only. GLib only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SERTEL_DRAFT_ERROR (sertel_draft_error_quark ())

typedef enum {
  SERTEL_DRAFT_ERROR_NOT_FOUND,
  SERTEL_DRAFT_ERROR_INVALID,     /* not a draft, or a scan beside it is missing or changed */
} SertelDraftError;

typedef struct {
  char   *name;
  char   *name_titled;
  char   *nik;
  char   *nip;
  char   *pangkat;
  char   *jabatan;
  char   *unit_kerja;
  char   *email;
  char   *phone;
  char   *mismatch_reason;
  char   *ktp_file_name;   /* the name the scan had when chosen */
  GBytes *ktp_data;        /* NULL when no scan is chosen */
} SertelDraftApplicant;

typedef struct {
  char      *id;              /* set by the first save */
  gint64     saved_at;        /* UNIX seconds of the last save */
  char      *letter_number;
  char      *letter_date;     /* as typed, DD-MM-YYYY */
  char      *opd;
  char      *sifat;           /* biasa, segera, sangat_segera, rahasia */
  char      *perihal;
  char      *letter_file_name;
  GBytes    *letter_data;     /* NULL when no scan is chosen */
  GPtrArray *applicants;      /* SertelDraftApplicant* */
} SertelDraft;

GQuark                sertel_draft_error_quark     (void);

SertelDraft          *sertel_draft_new             (void);
void                  sertel_draft_free            (SertelDraft *draft);
SertelDraftApplicant *sertel_draft_applicant_new   (void);
void                  sertel_draft_applicant_free  (SertelDraftApplicant *applicant);

/* The user's drafts folder: <user data dir>/sertel/drafts. */
char                 *sertel_draft_default_dir     (void);

/* Writes @draft into @dir (created with mode 0700), giving it an id on the
 * first save. Scans go first under names made from their content, then the
 * key file replaces the old one in one rename: a failure or power cut at any
 * point leaves the previous save whole. */
gboolean              sertel_draft_save            (SertelDraft *draft,
                                                    const char  *dir,
                                                    GError     **error);
SertelDraft          *sertel_draft_load            (const char  *dir,
                                                    const char  *id,
                                                    GError     **error);
/* The ids of the drafts in @dir, newest first; an absent folder is empty. */
GPtrArray            *sertel_draft_list            (const char  *dir,
                                                    GError     **error);
/* Removes the draft and its scans; a draft that is not there is no error. */
gboolean              sertel_draft_delete          (const char  *dir,
                                                    const char  *id,
                                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelDraft, sertel_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelDraftApplicant, sertel_draft_applicant_free)

G_END_DECLS
