/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The list of cases in one queue, with a search entry: a GtkColumnView over
 * the paged SertelRequestListModel. Activating a row activates
 * "win.open-case" with the request id. */
#pragma once

#include <adwaita.h>

#include "sertel-request-list-model.h"
#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_CASE_LIST (sertel_case_list_get_type ())

G_DECLARE_FINAL_TYPE (SertelCaseList, sertel_case_list, SERTEL, CASE_LIST, AdwBin)

GtkWidget              *sertel_case_list_new              (void);
SertelStore            *sertel_case_list_get_store        (SertelCaseList *self);
void                    sertel_case_list_set_store        (SertelCaseList *self, SertelStore *store);
SertelQueue             sertel_case_list_get_queue        (SertelCaseList *self);
void                    sertel_case_list_set_queue        (SertelCaseList *self, SertelQueue queue);
const char             *sertel_case_list_get_search       (SertelCaseList *self);
void                    sertel_case_list_set_search       (SertelCaseList *self, const char *search);
/* For the window's Ctrl+F (or a GtkSearchBar's key capture). */
GtkWidget              *sertel_case_list_get_search_entry (SertelCaseList *self);
/* NULL until a store is set. */
SertelRequestListModel *sertel_case_list_get_model        (SertelCaseList *self);
/* The register changed elsewhere ("win.refresh"): count and read again. */
void                    sertel_case_list_refresh          (SertelCaseList *self);

G_END_DECLS
