/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fills a fresh register at office scale for the benchmarks: requests from
 * about 20 OPDs (weighted), mostly completed with the rest spread over the
 * queues, received over the five years before @now, applicants with valid
 * matching NIK/NIP, and attachments of 200 KB–3 MB that share a small set of
 * content-addressed scan blobs. Direct SQL in one transaction on a register
 * made by sertel_store_open, so the schema is the real one. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint  n_requests;
  guint  n_applicants;
  guint  n_attachments;
  guint  n_blobs;
  double seconds;      /* wall time of the whole fill */
  gint64 file_size;    /* bytes, after the fill */
  gint64 operator_id;  /* a staff row with the operator role */
} SertelSeedStats;

#define SERTEL_SEED_PASSWORD "sertel-seed"

/* @path must not exist yet. Applicants are 3 × @n_requests. Staff: one
 * account per role, all with SERTEL_SEED_PASSWORD. Deterministic for @seed;
 * dates relative to @now (UNIX seconds). */
gboolean sertel_seed_fill (const char      *path,
                           guint            n_requests,
                           guint32          seed,
                           gint64           now,
                           SertelSeedStats *stats,
                           GError         **error);

G_END_DECLS
