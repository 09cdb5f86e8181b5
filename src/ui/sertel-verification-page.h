/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 3 and 4 of the SOP: the Kasi's kelengkapan checklist (assign a
 * Verifikator or return to the OPD), and the Verifikator's per-applicant
 * BSrE steps with the Surat Rekomendasi. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_VERIFICATION_PAGE (sertel_verification_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelVerificationPage, sertel_verification_page, SERTEL, VERIFICATION_PAGE, AdwBin)

GtkWidget  *sertel_verification_page_new    (SertelStore *store, SertelStaff *actor, gint64 request_id);
/* Reloads the case; the Kasi's ticks and chosen Verifikator stay. */
void        sertel_verification_page_reload (SertelVerificationPage *self);

/* The checklist keys, recorded as the ASSIGN step's instructions. */
const char *sertel_verification_checklist_label (const char *key);

G_END_DECLS
