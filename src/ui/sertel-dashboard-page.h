/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard: the count of every queue (a click opens the queue with
 * "win.show-queue"), overdue cases, certificates issued this month, a chart
 * of requests and issuances over the last 12 months, and the SOP time
 * compliance of each step. Loads off the main thread when "store" is set and
 * on sertel_dashboard_page_refresh(). */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_DASHBOARD_PAGE (sertel_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (SertelDashboardPage, sertel_dashboard_page, SERTEL, DASHBOARD_PAGE, AdwBin)

GtkWidget   *sertel_dashboard_page_new        (void);
SertelStore *sertel_dashboard_page_get_store  (SertelDashboardPage *self);
void         sertel_dashboard_page_set_store  (SertelDashboardPage *self, SertelStore *store);
SertelStaff *sertel_dashboard_page_get_actor  (SertelDashboardPage *self);
void         sertel_dashboard_page_set_actor  (SertelDashboardPage *self, SertelStaff *actor);
/* The register changed ("win.refresh"): count again. */
void         sertel_dashboard_page_refresh    (SertelDashboardPage *self);
/* TRUE while a load runs (for tests). */
gboolean     sertel_dashboard_page_get_loading (SertelDashboardPage *self);
/* The period chosen for the report and the export, as [from, to). */
void         sertel_dashboard_page_get_period  (SertelDashboardPage *self, gint64 *out_from, gint64 *out_to);
/* Exports the period's register to @path (XLSX) off the main thread as the
 * actor, on record; "dashboard.export" asks for the file first. */
void         sertel_dashboard_page_export_to   (SertelDashboardPage *self, const char *path);
/* TRUE while an export or a report is being made. */
gboolean     sertel_dashboard_page_get_busy    (SertelDashboardPage *self);

G_END_DECLS
