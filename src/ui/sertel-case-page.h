/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One request: its facts, applicants, attachments, service time and the
 * timeline of every step, with the action area for the signed-in role. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_CASE_PAGE (sertel_case_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelCasePage, sertel_case_page, SERTEL, CASE_PAGE, AdwBin)

GtkWidget *sertel_case_page_new             (SertelStore *store, SertelStaff *actor, gint64 request_id);
void       sertel_case_page_reload          (SertelCasePage *self);
/* The embedded SertelDispositionPage or SertelVerificationPage, or NULL. */
GtkWidget *sertel_case_page_get_action_page (SertelCasePage *self);

G_END_DECLS
