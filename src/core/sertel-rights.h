/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may do what beyond moving cases (which sertel-workflow's table decides):
 * one table, used by the store to refuse and by the views to hide. */
#pragma once

#include <glib.h>

#include "sertel-workflow.h"

G_BEGIN_DECLS

typedef enum {
  SERTEL_RIGHT_MANAGE_STAFF = 0,   /* add accounts, change roles, (de)activate */
  SERTEL_RIGHT_KEEP_OPDS,          /* the OPD list the intake completes from */
  SERTEL_RIGHT_OFFICE_SETTINGS,    /* mail server, BSrE service, e-mail domain, SOP limits, idle lock */
  SERTEL_RIGHT_INTAKE,             /* take in requests, applicants and scans */
  SERTEL_RIGHT_EXPORT,             /* personal data to CSV/XLSX, always on record */
  SERTEL_RIGHT_BACKUP,
  SERTEL_RIGHT_RESTORE,
  SERTEL_RIGHT_ISSUE_LETTER,       /* the Surat Rekomendasi */
  SERTEL_RIGHT_REPORT,             /* the activity report (numbers, no personal data) */
  SERTEL_RIGHT_VIEW_FULL_NIK,      /* the NIK unmasked on the case page */
  SERTEL_N_RIGHTS,
} SertelRight;

const char *sertel_right_to_string (SertelRight right);   /* stable key, e.g. "export" */
gboolean    sertel_rights_allow    (SertelRole role, SertelRight right);
/* FALSE with SERTEL_STORE_ERROR_NOT_ALLOWED and a sentence saying who may. */
gboolean    sertel_rights_check    (SertelRole role, SertelRight right, GError **error);

G_END_DECLS
