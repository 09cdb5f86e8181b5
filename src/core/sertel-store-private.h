/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's insides, shared by its parts (sertel-store-*.c) and nothing
 * else: views and tools use sertel-store.h. */
#pragma once

#include "sertel-db.h"
#include "sertel-store.h"

G_BEGIN_DECLS

struct _SertelStore
{
  GObject          parent_instance;

  GRecMutex        lock;
  SertelDb        *db;
  char            *path;

  SertelClockFunc  clock;
  gpointer         clock_data;

  /* Hearing of other desks' commits ("changed", "connected"). */
  GMainContext    *context;
  GSource         *watch;           /* SQLite: PRAGMA data_version poll */
  gint64           data_version;
  gpointer         listener;        /* PostgreSQL: SertelDbPgListener */
  int              connected;       /* atomic */

  gsize            max_attachment;
  char            *letter_pattern;
  char            *letter_classification;
  char            *letter_unit;
  char            *email_domain;
  gboolean         email_subdomains;
};

#define LOCKED(self) g_autoptr(GRecMutexLocker) G_GNUC_UNUSED locker = g_rec_mutex_locker_new (&(self)->lock)

#define APPLICANT_COLUMNS "id, request_id, name, name_titled, nik, nip, pangkat, jabatan, unit_kerja, opd," \
                          " office_address, city, province, email, phone, state, state_reason, mismatch_reason, version"
#define REQUEST_COLUMNS "r.id, r.letter_number, r.letter_date, r.received_at, r.sifat, r.perihal, r.opd_id, o.name," \
                        " r.state, r.state_since, r.assigned_to, r.return_reason, r.recommendation_number," \
                        " r.n_applicants, r.version"
#define REQUEST_FROM    " FROM request r JOIN opd o ON o.id = r.opd_id"

typedef gpointer (*RowFunc) (SertelDbStmt *stmt);

/* Helpers; the *_locked ones and all that write expect the caller to hold
 * the lock and, for writes, an open transaction. */
gint64           sertel_store_run                    (SertelDbStmt *stmt, GError **error);
char            *sertel_store_dup_col                (SertelDbStmt *stmt, int col);
GPtrArray       *sertel_store_collect_rows           (SertelDbStmt *stmt, RowFunc row, GDestroyNotify free_func,
                                                      GError **error);
gboolean         sertel_store_not_found              (GError **error, const char *what, gint64 id);
gboolean         sertel_store_conflict               (GError **error);
gboolean         sertel_store_actor_role             (SertelStore *self, SertelStaff *actor, SertelRole *out_role,
                                                      GError **error);
gboolean         sertel_store_require_admin          (SertelStore *self, SertelStaff *actor, GError **error);
gboolean         sertel_store_audit_append           (SertelStore *self, gint64 actor_id, const char *action,
                                                      const char *entity, gint64 entity_id, const char *before,
                                                      const char *after, GError **error);
char            *sertel_store_describe_pairs         (const char *first_key, ...) G_GNUC_NULL_TERMINATED;
char            *sertel_store_describe_object        (GObject *object, const char * const *skip);
/* Content-addressed files (attachments, letters, mail): stored once by their
 * SHA-256, which is returned (NULL on error). */
char            *sertel_store_put_blob               (SertelStore *self, gconstpointer data, gsize len,
                                                      GError **error);
/* The bytes in column @data_col, or NULL when they no longer match the
 * SHA-256 in column @sha_col: what comes back must be what went in. */
GBytes          *sertel_store_blob_from_row          (SertelDbStmt *stmt, int data_col, int sha_col);
SertelRequest   *sertel_store_request_from_row       (SertelDbStmt *stmt);
SertelRequest   *sertel_store_get_request_locked     (SertelStore *self, gint64 request_id, GError **error);
SertelApplicant *sertel_store_applicant_from_row     (SertelDbStmt *stmt);
GPtrArray       *sertel_store_list_applicants_locked (SertelStore *self, const char *where, gint64 id, GError **error);
SertelApplicant *sertel_store_get_applicant_locked   (SertelStore *self, gint64 applicant_id, GError **error);

G_END_DECLS
