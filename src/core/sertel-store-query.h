/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case queues of the desk and the searchable, paged list of requests.
 * Part of the store: the SQL lives in sertel-store-query.c. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

typedef enum {
  SERTEL_QUEUE_DISPOSITION = 0,  /* received: waiting for the Kepala Dinas */
  SERTEL_QUEUE_KABID,
  SERTEL_QUEUE_KASI,
  SERTEL_QUEUE_VERIFIKATOR,      /* at the Verifikator, an applicant still pending (or none yet) */
  SERTEL_QUEUE_BSRE,             /* at the Verifikator, no applicant pending: waiting for BSrE */
  SERTEL_QUEUE_COMPLETED,
  SERTEL_QUEUE_RETURNED,
  SERTEL_QUEUE_ALL,
  SERTEL_N_QUEUES,
} SertelQueue;

/* Key of the object data (GINT_TO_POINTER 0/1) that query results carry: the
 * request is longer in its timed step than the SOP allows. */
#define SERTEL_REQUEST_OVERDUE_KEY "sertel-overdue"

const char  *sertel_queue_display_name  (SertelQueue queue);   /* translated */
const char  *sertel_queue_to_string     (SertelQueue queue);   /* stable key, e.g. "kabid" */
SertelQueue  sertel_queue_from_string   (const char *key, gboolean *ok);
/* The queue a role works first: Kepala Dinas → disposition, Kabid → kabid,
 * Kasi → kasi, Verifikator → verifikator; the operator's own work is the
 * returned requests it must take in again, so → returned; admin and none →
 * all. */
SertelQueue  sertel_queue_for_role      (SertelRole role);
gboolean     sertel_request_is_overdue  (SertelRequest *request);

/* Counts every queue, and in each the requests past their step's SOP limit
 * (sertel_workflow_step_limit) at sertel_store_now(). */
gboolean     sertel_store_count_queues  (SertelStore *self,
                                         guint        counts[SERTEL_N_QUEUES],
                                         guint        overdue[SERTEL_N_QUEUES],
                                         GError     **error);

/* Requests of @queue matching @search (NULL or blank for all), newest
 * received first. @search matches a letter number (prefix), an OPD name
 * (substring), an applicant's name (prefix), all case-insensitive, or an
 * applicant's NIK or NIP (spaces and dots ignored; a prefix from 6 digits
 * on, else exact). Each row carries SERTEL_REQUEST_OVERDUE_KEY. */
GPtrArray   *sertel_store_query_requests (SertelStore *self,
                                          SertelQueue  queue,
                                          const char  *search,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);
gboolean     sertel_store_count_query    (SertelStore *self,
                                          SertelQueue  queue,
                                          const char  *search,
                                          guint       *out,
                                          GError     **error);

G_END_DECLS
