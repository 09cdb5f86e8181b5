/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel of SertelRequest over one queue and search of the register.
 * It never holds all rows: get_item() answers at once with a placeholder
 * whose properties fill in (with notify) when its page of rows arrives from
 * a worker thread. */
#pragma once

#include <gio/gio.h>

#include "sertel-store.h"
#include "sertel-store-query.h"

G_BEGIN_DECLS

#define SERTEL_REQUEST_LIST_PAGE_SIZE 100

#define SERTEL_TYPE_REQUEST_LIST_MODEL (sertel_request_list_model_get_type ())
G_DECLARE_FINAL_TYPE (SertelRequestListModel, sertel_request_list_model, SERTEL, REQUEST_LIST_MODEL, GObject)

SertelRequestListModel *sertel_request_list_model_new        (SertelStore *store);
SertelStore            *sertel_request_list_model_get_store  (SertelRequestListModel *self);
/* Counts again off the main thread; items-changed follows. A newer call
 * cancels what an older one started. */
void                    sertel_request_list_model_set_query  (SertelRequestListModel *self,
                                                              SertelQueue             queue,
                                                              const char             *search);
SertelQueue             sertel_request_list_model_get_queue  (SertelRequestListModel *self);
const char             *sertel_request_list_model_get_search (SertelRequestListModel *self);
/* After a change elsewhere: counts again and reloads the cached pages. */
void                    sertel_request_list_model_refresh    (SertelRequestListModel *self);
/* TRUE while a count or a page is being read. */
gboolean                sertel_request_list_model_get_loading(SertelRequestListModel *self);
/* TRUE once the count of the current query has arrived. */
gboolean                sertel_request_list_model_is_counted (SertelRequestListModel *self);

G_END_DECLS
