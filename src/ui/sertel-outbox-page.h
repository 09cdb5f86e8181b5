/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sertel-staff.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_OUTBOX_PAGE (sertel_outbox_page_get_type ())

G_DECLARE_FINAL_TYPE (SertelOutboxPage, sertel_outbox_page, SERTEL, OUTBOX_PAGE, AdwBin)

/* The mail outbox: each notification with its state, attempts, last error
 * and next try; Retry and Cancel. Properties "store" and "actor"; reload
 * when the outbox worker says "changed". Activates "win.toast" with errors
 * and "win.outbox-wake" after a retry (so the worker looks at once). */
GtkWidget *sertel_outbox_page_new    (SertelStore *store, SertelStaff *actor);
void       sertel_outbox_page_reload (SertelOutboxPage *self);

G_END_DECLS
