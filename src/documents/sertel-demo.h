/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realistic sample data for an empty register: staff for every role, OPDs of
 * Provinsi Maluku Utara, requests in every state walked through the real
 * workflow, applicants with valid matching NIK/NIP, and small generated PDF
 * scans. Deterministic for a given seed. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_DEMO_ERROR (sertel_demo_error_quark ())

typedef enum {
  SERTEL_DEMO_ERROR_NOT_EMPTY,
  SERTEL_DEMO_ERROR_FAILED,
} SertelDemoError;

/* Every demo account signs in with this password. */
#define SERTEL_DEMO_PASSWORD "sertel-demo"
#define SERTEL_DEMO_SEED     20260101u

GQuark    sertel_demo_error_quark (void);

/* The demo staff, in the order they are created: name, NIP and role.
 * Terminated by an entry with name NULL. */
typedef struct {
  const char *name;
  const char *nip;
  SertelRole  role;
} SertelDemoStaff;

const SertelDemoStaff *sertel_demo_staff (void);

/* Refuses a register that has staff or requests already. Leaves the store's
 * clock unset (real time) when it returns. */
gboolean  sertel_demo_fill        (SertelStore  *store,
                                   guint         n_requests,
                                   GError      **error);
/* The same with an explicit seed and "now" (UNIX seconds): requests are
 * spread over the 120 days before @now. */
gboolean  sertel_demo_fill_full   (SertelStore  *store,
                                   guint         n_requests,
                                   guint32       seed,
                                   gint64        now,
                                   GError      **error);

/* The generated scans, for tests and previews: a one-page request letter and
 * a KTP-like card (marked as a specimen). PDF bytes. */
GBytes   *sertel_demo_letter_pdf  (const char   *opd_name,
                                   const char   *letter_number,
                                   const char   *letter_date_iso,
                                   GPtrArray    *applicants,
                                   GError      **error);
GBytes   *sertel_demo_ktp_pdf     (SertelApplicant *applicant,
                                   GError         **error);

G_END_DECLS
