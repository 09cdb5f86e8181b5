/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The register: the one owner of SQL. Every change is one transaction that
 * checks the workflow, the actor's role and the record's version, and appends
 * to the audit chain. Safe to call from any thread. */
#pragma once

#include <gio/gio.h>

#include "sertel-applicant.h"
#include "sertel-attachment.h"
#include "sertel-request.h"
#include "sertel-staff.h"
#include "sertel-workflow.h"

G_BEGIN_DECLS

#define SERTEL_STORE_ERROR (sertel_store_error_quark ())

typedef enum {
  SERTEL_STORE_ERROR_NOT_FOUND,
  SERTEL_STORE_ERROR_CONFLICT,        /* changed by someone else */
  SERTEL_STORE_ERROR_NOT_ALLOWED,
  SERTEL_STORE_ERROR_INVALID,
  SERTEL_STORE_ERROR_AUTH,
  SERTEL_STORE_ERROR_AUDIT,
  SERTEL_STORE_ERROR_LOCKED,          /* too many wrong passwords: wait */
} SertelStoreError;

#define SERTEL_TYPE_STORE (sertel_store_get_type ())
G_DECLARE_FINAL_TYPE (SertelStore, sertel_store, SERTEL, STORE, GObject)

typedef gint64 (*SertelClockFunc) (gpointer user_data);

/* One attachment to add: the bytes and what they are. */
typedef struct {
  const char *kind;            /* "letter", "ktp", "sk" */
  const char *file_name;
  GBytes     *data;
  int         applicant_index; /* index into the applicants array, or -1 */
} SertelNewAttachment;

typedef struct {
  gint64  id;
  gint64  applicant_id;        /* 0 for a move of the whole request */
  char   *action;
  char   *from_state;
  char   *to_state;
  gint64  actor_id;
  char   *actor_name;
  gint64  at;
  char   *note;
  char   *instructions;        /* disposition instructions, keys joined by ";" */
} SertelTransitionRecord;

void sertel_transition_record_free (SertelTransitionRecord *record);

typedef struct {
  gint64 id;
  gint64 at;
  gint64 actor_id;
  char  *action;
  char  *entity;
  gint64 entity_id;
  char  *before_value;
  char  *after_value;
} SertelAuditRecord;

void sertel_audit_record_free (SertelAuditRecord *record);

GQuark        sertel_store_error_quark         (void);

char         *sertel_store_default_path        (void);
/* @location is a file path (SQLite; NULL for the default file) or a
 * PostgreSQL server: a postgresql:// or postgres:// URI or a libpq keyword
 * string ("host=… port=… dbname=… sslmode=verify-full"), passed to libpq as
 * given. "changed" and "notify::connected" are emitted in the main context
 * that was thread-default when the store was opened. */
SertelStore  *sertel_store_open                (const char *location, GError **error);
const char   *sertel_store_get_path            (SertelStore *self);
/* "sqlite" or "postgresql". */
const char   *sertel_store_get_backend         (SertelStore *self);
/* TRUE when @location names a PostgreSQL server rather than a file. */
gboolean      sertel_store_is_server_location  (const char *location);
/* The server as "host:port/dbname" for messages (no password); NULL for a file. */
const char   *sertel_store_get_server_name     (SertelStore *self);
/* FALSE while the PostgreSQL server cannot be reached (always TRUE on SQLite). */
gboolean      sertel_store_get_connected       (SertelStore *self);
void          sertel_store_set_clock           (SertelStore *self, SertelClockFunc func, gpointer user_data);
gint64        sertel_store_now                 (SertelStore *self);

/* Settings the office chooses (from GSettings in the app, flags in the CLI). */
void          sertel_store_set_max_attachment_size (SertelStore *self, gsize bytes);
void          sertel_store_set_letter_format   (SertelStore *self,
                                                const char  *pattern,        /* "{klasifikasi}/{urut}/{unit}/{tahun}" */
                                                const char  *classification, /* "000.6.5.6" */
                                                const char  *unit);          /* "DKIP" */

void          sertel_store_set_email_rule      (SertelStore *self, const char *domain, gboolean allow_subdomains);

/* Staff */
gboolean      sertel_store_has_staff           (SertelStore *self, gboolean *out_has, GError **error);
/* @actor may be NULL only for the first administrator of an empty register. */
SertelStaff  *sertel_store_add_staff           (SertelStore *self, SertelStaff *actor,
                                                const char *name, const char *nip,
                                                SertelRole role, const char *password,
                                                GError **error);
SertelStaff  *sertel_store_authenticate        (SertelStore *self, gint64 staff_id,
                                                const char *password, GError **error);
GPtrArray    *sertel_store_list_staff          (SertelStore *self, gboolean include_inactive, GError **error);
SertelStaff  *sertel_store_get_staff           (SertelStore *self, gint64 staff_id, GError **error);
gboolean      sertel_store_set_staff_role      (SertelStore *self, SertelStaff *actor, gint64 staff_id,
                                                SertelRole role, GError **error);
gboolean      sertel_store_set_staff_active    (SertelStore *self, SertelStaff *actor, gint64 staff_id,
                                                gboolean active, GError **error);

/* OPDs */
gint64        sertel_store_ensure_opd          (SertelStore *self, SertelStaff *actor, const char *name, GError **error);
GPtrArray    *sertel_store_list_opds           (SertelStore *self, GError **error);   /* of char*, active ones */

typedef struct {
  gint64    id;
  char     *name;
  gboolean  active;
  guint     n_requests;
} SertelOpdRecord;

void          sertel_opd_record_free           (SertelOpdRecord *record);
/* Every OPD with its requests counted, for the list kept in Preferences. */
GPtrArray    *sertel_store_list_opd_records    (SertelStore *self, GError **error);
gint64        sertel_store_add_opd             (SertelStore *self, SertelStaff *actor, const char *name, GError **error);
gboolean      sertel_store_set_opd_active      (SertelStore *self, SertelStaff *actor, gint64 opd_id,
                                                gboolean active, GError **error);

/* Requests. @request carries letter-number, letter-date, sifat, perihal and
 * opd-name; @applicants SertelApplicant*; @attachments SertelNewAttachment*.
 * @out_warnings (optional) receives sentences about duplicates. */
gint64        sertel_store_create_request      (SertelStore *self, SertelStaff *actor,
                                                SertelRequest *request, GPtrArray *applicants,
                                                GPtrArray *attachments, GPtrArray **out_warnings,
                                                GError **error);
SertelRequest*sertel_store_get_request         (SertelStore *self, gint64 request_id, GError **error);
gboolean      sertel_store_update_request      (SertelStore *self, SertelStaff *actor,
                                                SertelRequest *edited, GError **error);
GPtrArray    *sertel_store_list_requests       (SertelStore *self, int state /* -1 all */,
                                                guint offset, guint limit, GError **error);
gboolean      sertel_store_count_requests      (SertelStore *self, guint out_counts[6], guint *out_total, GError **error);

/* Applicants */
GPtrArray    *sertel_store_list_applicants     (SertelStore *self, gint64 request_id, GError **error);
SertelApplicant *sertel_store_get_applicant    (SertelStore *self, gint64 applicant_id, GError **error);
gint64        sertel_store_add_applicant       (SertelStore *self, SertelStaff *actor, gint64 request_id,
                                                gint64 expected_request_version, SertelApplicant *applicant,
                                                GPtrArray **out_warnings, GError **error);
/* Adds several applicants in one transaction: all of them or none. On
 * failure @out_failed_index says which one was refused. */
gboolean      sertel_store_add_applicants      (SertelStore *self, SertelStaff *actor, gint64 request_id,
                                                gint64 expected_request_version, GPtrArray *applicants,
                                                GPtrArray **out_warnings, guint *out_failed_index,
                                                GError **error);
gboolean      sertel_store_update_applicant    (SertelStore *self, SertelStaff *actor,
                                                SertelApplicant *edited, GError **error);
GPtrArray    *sertel_store_find_duplicates     (SertelStore *self, const char *nik,
                                                gint64 exclude_request_id, GError **error);

/* Workflow. @assignee is the Verifikator's staff id for ASSIGN, else 0.
 * ASSIGN reserves the Surat Rekomendasi number in the same transaction. */
gboolean      sertel_store_move_request        (SertelStore *self, SertelStaff *actor, gint64 request_id,
                                                gint64 expected_version, SertelAction action,
                                                gint64 assignee, const char *note, GError **error);
/* The same, with the disposition instructions chosen on a lembar disposisi
 * (stable keys joined by ";", e.g. "tindak_lanjuti;koordinasikan"). */
gboolean      sertel_store_move_request_full   (SertelStore *self, SertelStaff *actor, gint64 request_id,
                                                gint64 expected_version, SertelAction action,
                                                gint64 assignee, const char *instructions,
                                                const char *note, GError **error);
/* Moves an applicant; when the last one is issued or rejected the request
 * completes in the same transaction. */
gboolean      sertel_store_move_applicant      (SertelStore *self, SertelStaff *actor, gint64 applicant_id,
                                                gint64 expected_version, SertelAction action,
                                                const char *reason, GError **error);
GPtrArray    *sertel_store_list_transitions    (SertelStore *self, gint64 request_id, GError **error);
gboolean      sertel_store_get_sla             (SertelStore *self, gint64 request_id, SertelSla *out_sla, GError **error);

/* Attachments */
gint64        sertel_store_add_attachment      (SertelStore *self, SertelStaff *actor, gint64 request_id,
                                                gint64 applicant_id, const char *kind,
                                                const char *file_name, GBytes *data, GError **error);
GPtrArray    *sertel_store_list_attachments    (SertelStore *self, gint64 request_id, GError **error);
GBytes       *sertel_store_read_attachment     (SertelStore *self, gint64 attachment_id, GError **error);

/* Letter numbers */
char         *sertel_store_format_letter_number(SertelStore *self, guint serial, int year);

/* Audit */
GPtrArray    *sertel_store_list_audit          (SertelStore *self, gint64 entity_id, const char *entity,
                                                GError **error);
/* Recomputes the chain; FALSE with @out_bad_id set to the first bad row. */
gboolean      sertel_store_verify_audit        (SertelStore *self, gint64 *out_bad_id, guint *out_rows, GError **error);

/* Writes to the audit trail that @actor exported personal data. */
gboolean      sertel_store_record_export       (SertelStore *self, SertelStaff *actor, const char *what,
                                                const char *details, GError **error);

/* Maintenance */
gboolean      sertel_store_integrity_check     (SertelStore *self, char **report, GError **error);
gboolean      sertel_store_backup              (SertelStore *self, const char *dest_path, GError **error);
/* Checks @source (integrity and schema) before it replaces @dest_path. */
gboolean      sertel_store_restore             (const char *source, const char *dest_path, GError **error);

G_END_DECLS
