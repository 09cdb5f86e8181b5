/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One applicant on the intake form: the fields, the KTP scan, and the checks
 * run as the user types (NIK, NIP, their cross-check, e-mail, duplicates). */
#pragma once

#include <adwaita.h>

#include "sertel-applicant.h"
#include "sertel-draft.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_APPLICANT_ROW (sertel_applicant_row_get_type ())
G_DECLARE_FINAL_TYPE (SertelApplicantRow, sertel_applicant_row, SERTEL, APPLICANT_ROW, AdwBin)

SertelApplicantRow   *sertel_applicant_row_new            (void);
void                  sertel_applicant_row_set_position   (SertelApplicantRow *self, guint position);
void                  sertel_applicant_row_set_rules      (SertelApplicantRow *self,
                                                           const char         *email_domain,
                                                           gboolean            allow_subdomains,
                                                           gsize               max_scan_size);
void                  sertel_applicant_row_set_store      (SertelApplicantRow *self, SertelStore *store);

/* The KTP scan, checked by content; the chooser and drag-and-drop both come
 * here. */
void                  sertel_applicant_row_set_ktp_file   (SertelApplicantRow *self, GFile *file);
gboolean              sertel_applicant_row_set_ktp_data   (SertelApplicantRow *self, const char *file_name,
                                                           GBytes *data, GError **error);
GBytes               *sertel_applicant_row_get_ktp_data   (SertelApplicantRow *self);
const char           *sertel_applicant_row_get_ktp_name   (SertelApplicantRow *self);

void                  sertel_applicant_row_load_draft     (SertelApplicantRow *self, SertelDraftApplicant *a);
SertelDraftApplicant *sertel_applicant_row_to_draft       (SertelApplicantRow *self);
void                  sertel_applicant_row_load_applicant (SertelApplicantRow *self, SertelApplicant *a);
SertelApplicant      *sertel_applicant_row_to_applicant   (SertelApplicantRow *self);

gboolean              sertel_applicant_row_is_blank       (SertelApplicantRow *self);
/* Blocking problems left; @first (optional) gets the first one in words. */
guint                 sertel_applicant_row_count_problems (SertelApplicantRow *self, char **first);

/* Shared with the intake page: reads a scan off the main thread, refusing
 * what is not a PDF, JPEG or PNG by content, or larger than @max_size. */
void                  sertel_scan_load_async              (GFile *file, gsize max_size, GCancellable *cancellable,
                                                           GAsyncReadyCallback callback, gpointer user_data);
GBytes               *sertel_scan_load_finish             (GAsyncResult *result, char **out_name, GError **error);
char                 *sertel_scan_describe                (const char *name, GBytes *data);
GtkFileFilter        *sertel_scan_filter                  (void);
/* The (first) file in a drop's value: a GdkFileList or a GFile. Borrowed. */
GFile                *sertel_scan_file_from_drop          (const GValue *value);

G_END_DECLS
