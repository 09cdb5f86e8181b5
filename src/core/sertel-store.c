/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sertel-db-pg.h"
#include "sertel-db-sqlite.h"
#include "sertel-fields.h"
#include "sertel-filetype.h"
#include "sertel-identity.h"
#include "sertel-password.h"
#include "sertel-rights.h"
#include "sertel-store-copy.h"
#include "sertel-store-signin.h"
#include "sertel-store-private.h"
#include "sertel-store-lifecycle.h"
#include "sertel-store-migrations.h"
#include "sertel-text.h"

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define DEFAULT_MAX_ATTACHMENT (20 * 1024 * 1024)


G_DEFINE_FINAL_TYPE (SertelStore, sertel_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (sertel-store-error-quark, sertel_store_error)

enum {
  PROP_0,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Another desk's commit is noticed this often on SQLite: data_version only
 * moves when another connection commits, so our own writes stay quiet. */
#define DATA_VERSION_POLL_MS 500


/* ------------------------------------------------------------------------- */

void
sertel_transition_record_free (SertelTransitionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->action);
  g_free (record->from_state);
  g_free (record->to_state);
  g_free (record->actor_name);
  g_free (record->note);
  g_free (record->instructions);
  g_free (record);
}

void
sertel_audit_record_free (SertelAuditRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->action);
  g_free (record->entity);
  g_free (record->before_value);
  g_free (record->after_value);
  g_free (record);
}

static void
sertel_store_dispose (GObject *object)
{
  SertelStore *self = SERTEL_STORE (object);

  if (self->watch)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  g_clear_pointer ((SertelDbPgListener **) &self->listener, sertel_db_pg_listener_stop);

  G_OBJECT_CLASS (sertel_store_parent_class)->dispose (object);
}

static void
sertel_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelStore *self = SERTEL_STORE (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, sertel_store_get_connected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_store_finalize (GObject *object)
{
  SertelStore *self = SERTEL_STORE (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->db);
  g_free (self->path);
  g_free (self->letter_pattern);
  g_free (self->letter_classification);
  g_free (self->letter_unit);
  g_free (self->email_domain);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sertel_store_parent_class)->finalize (object);
}

static void
sertel_store_class_init (SertelStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sertel_store_dispose;
  object_class->finalize = sertel_store_finalize;
  object_class->get_property = sertel_store_get_property;

  /* FALSE while the register's server cannot be reached; calls then fail
   * with SERTEL_DB_ERROR_UNREACHABLE and Sertel keeps retrying. */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Another desk (process, connection) committed a change: views reload.
   * Bursts arrive as one emission. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sertel_store_init (SertelStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->connected = TRUE;
  self->max_attachment = DEFAULT_MAX_ATTACHMENT;
  self->letter_pattern = g_strdup ("{klasifikasi}/{urut}/{unit}/{tahun}");
  self->letter_classification = g_strdup ("000.6.5.6");
  self->letter_unit = g_strdup ("DKIP");
  self->email_domain = g_strdup ("malutprov.go.id");
}

char *
sertel_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sertel", "sertel.db", NULL);
}

/* ------------------------------------------------------------------------- */
/* Hearing of other desks */

static gint64
read_data_version_locked (SertelStore *self)
{
  g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (self->db, "PRAGMA data_version", NULL);

  if (stmt == NULL || sertel_db_stmt_step (stmt, NULL) != SERTEL_DB_STEP_ROW)
    return -1;
  return sertel_db_stmt_int64 (stmt, 0);
}

static gboolean
poll_data_version (gpointer data)
{
  g_autoptr(SertelStore) self = g_weak_ref_get (data);
  gint64 version;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  /* A worker holding the register for a long job is not waited for: the
   * next tick looks again. */
  if (!g_rec_mutex_trylock (&self->lock))
    return G_SOURCE_CONTINUE;
  version = read_data_version_locked (self);
  g_rec_mutex_unlock (&self->lock);

  if (version >= 0 && version != self->data_version)
    {
      self->data_version = version;
      g_signal_emit (self, signals[CHANGED], 0);
    }
  return G_SOURCE_CONTINUE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_listener (gpointer data, gboolean connected, gboolean changed)
{
  g_autoptr(SertelStore) self = g_weak_ref_get (data);

  if (self == NULL)
    return;
  if (g_atomic_int_get (&self->connected) != connected)
    {
      g_atomic_int_set (&self->connected, connected);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
start_watching (SertelStore *self, const char *location)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  if (SERTEL_IS_DB_PG (self->db))
    {
      self->listener = sertel_db_pg_listener_new (location, SERTEL_DB_PG (self->db), self->context,
                                                  on_listener, ref, weak_ref_free);
      return;
    }

  self->data_version = read_data_version_locked (self);
  self->watch = g_timeout_source_new (DATA_VERSION_POLL_MS);
  g_source_set_callback (self->watch, poll_data_version, ref, weak_ref_free);
  g_source_attach (self->watch, self->context);
}

SertelStore *
sertel_store_open (const char *path, GError **error)
{
  g_autoptr(SertelStore) self = NULL;
  g_autofree char *default_path = NULL;
  gboolean pg = sertel_db_pg_is_location (path);

  if (path == NULL)
    path = default_path = sertel_store_default_path ();

  self = g_object_new (SERTEL_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->context = g_main_context_ref_thread_default ();
  self->db = pg ? sertel_db_pg_open (path, error) : sertel_db_sqlite_open (path, error);
  if (self->db == NULL)
    return NULL;

  /* The version check comes first: a newer register must not be touched,
   * not even by switching its journal mode. */
  if (!sertel_store_migrate (self->db, error))
    return NULL;
  if (!pg && !sertel_db_exec (self->db,
                              "PRAGMA journal_mode = WAL;"
                              "PRAGMA synchronous = FULL;", error))
    return NULL;

  start_watching (self, path);
  return g_steal_pointer (&self);
}

gboolean
sertel_store_is_server_location (const char *location)
{
  return sertel_db_pg_is_location (location);
}

const char *
sertel_store_get_backend (SertelStore *self)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  return sertel_db_get_dialect (self->db);
}

const char *
sertel_store_get_server_name (SertelStore *self)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  return SERTEL_IS_DB_PG (self->db) ? sertel_db_pg_get_display_name (SERTEL_DB_PG (self->db)) : NULL;
}

gboolean
sertel_store_get_connected (SertelStore *self)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  return g_atomic_int_get (&self->connected);
}

const char *
sertel_store_get_path (SertelStore *self)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  return self->path;
}

void
sertel_store_set_clock (SertelStore     *self,
                        SertelClockFunc  func,
                        gpointer         user_data)
{
  g_return_if_fail (SERTEL_IS_STORE (self));
  self->clock = func;
  self->clock_data = user_data;
}

gint64
sertel_store_now (SertelStore *self)
{
  if (self->clock)
    return self->clock (self->clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
sertel_store_set_max_attachment_size (SertelStore *self, gsize bytes)
{
  g_return_if_fail (SERTEL_IS_STORE (self));
  self->max_attachment = bytes;
}

static void
replace_str (char **slot, const char *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
}

void
sertel_store_set_letter_format (SertelStore *self,
                                const char  *pattern,
                                const char  *classification,
                                const char  *unit)
{
  g_return_if_fail (SERTEL_IS_STORE (self));
  LOCKED (self);
  if (pattern && *pattern)
    replace_str (&self->letter_pattern, pattern);
  if (classification)
    replace_str (&self->letter_classification, classification);
  if (unit)
    replace_str (&self->letter_unit, unit);
}

void
sertel_store_set_email_rule (SertelStore *self,
                             const char  *domain,
                             gboolean     allow_subdomains)
{
  g_return_if_fail (SERTEL_IS_STORE (self));
  LOCKED (self);
  if (domain && *domain)
    replace_str (&self->email_domain, domain);
  self->email_subdomains = allow_subdomains;
}

/* ------------------------------------------------------------------------- */
/* Small helpers */

/* Runs a statement that returns no rows; returns the number of rows changed or -1. */
gint64
sertel_store_run (SertelDbStmt *stmt, GError **error)
{
  if (sertel_db_stmt_step (stmt, error) == SERTEL_DB_STEP_ERROR)
    return -1;
  return sertel_db_stmt_changes (stmt);
}

char *
sertel_store_dup_col (SertelDbStmt *stmt, int col)
{
  return g_strdup (sertel_db_stmt_text (stmt, col));
}

/* Steps @stmt to its end and makes one element of each row with @row. */

GPtrArray *
sertel_store_collect_rows (SertelDbStmt   *stmt,
              RowFunc         row,
              GDestroyNotify  free_func,
              GError        **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (free_func);
  SertelDbStep rc;

  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    g_ptr_array_add (out, row (stmt));
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&out);
}

static gpointer
first_text_from_row (SertelDbStmt *stmt)
{
  return sertel_store_dup_col (stmt, 0);
}

gboolean
sertel_store_not_found (GError **error, const char *what, gint64 id)
{
  g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND,
               _("%s number %" PRId64 " is not in the register."), what, id);
  return FALSE;
}

gboolean
sertel_store_conflict (GError **error)
{
  g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT,
                       _("Someone else changed this case a moment ago. It has been reloaded: check it and try again."));
  return FALSE;
}

/* Reads the actor's role from the register, not from the caller: a staff
 * member who was deactivated or moved to another role since signing in acts
 * with what the register says now. */
gboolean
sertel_store_actor_role (SertelStore  *self,
            SertelStaff  *actor,
            SertelRole   *out_role,
            GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  if (actor == NULL || sertel_staff_get_id (actor) <= 0)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                           _("Sign in before changing the register."));
      return FALSE;
    }

  stmt = sertel_db_prepare (self->db, "SELECT role, active FROM staff WHERE id = $1", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, sertel_staff_get_id (actor));
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_DONE || sertel_db_stmt_int64 (stmt, 1) == 0)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                           _("Your account is no longer active. Ask an administrator."));
      return FALSE;
    }

  *out_role = sertel_role_from_string (sertel_db_stmt_text (stmt, 0));
  return TRUE;
}

gboolean
sertel_store_require_admin (SertelStore *self, SertelStaff *actor, GError **error)
{
  SertelRole role;

  if (!sertel_store_actor_role (self, actor, &role, error))
    return FALSE;
  if (!sertel_rights_allow (role, SERTEL_RIGHT_MANAGE_STAFF))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Only an administrator may manage staff accounts."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Audit chain: each row's hash covers its own fields and the previous hash,
 * so a changed, removed or reordered row breaks the chain from there on. */

static void
hash_field (GChecksum *sum, const char *value)
{
  char len[32];

  /* Length-prefixed so that moving text between fields changes the hash. */
  if (value == NULL)
    {
      g_checksum_update (sum, (const guchar *) "-1:", 3);
      return;
    }
  g_snprintf (len, sizeof len, "%zu:", strlen (value));
  g_checksum_update (sum, (const guchar *) len, -1);
  g_checksum_update (sum, (const guchar *) value, -1);
}

static char *
audit_hash (const char *prev_hash, gint64 id, gint64 at, gint64 actor_id,
            const char *action, const char *entity, gint64 entity_id,
            const char *before, const char *after)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  char num[64];

  hash_field (sum, prev_hash);
  g_snprintf (num, sizeof num, "%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT,
              id, at, actor_id, entity_id);
  hash_field (sum, num);
  hash_field (sum, action);
  hash_field (sum, entity);
  hash_field (sum, before);
  hash_field (sum, after);
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
sertel_store_audit_append (SertelStore *self,
              gint64       actor_id,
              const char  *action,
              const char  *entity,
              gint64       entity_id,
              const char  *before,
              const char  *after,
              GError     **error)
{
  g_autoptr(SertelDbStmt) head = NULL;
  g_autoptr(SertelDbStmt) insert = NULL;
  g_autoptr(SertelDbStmt) update = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 id = 1, at = sertel_store_now (self);
  SertelDbStep rc;

  head = sertel_db_prepare (self->db, "SELECT last_id, last_hash FROM audit_head WHERE one = 1", error);
  if (head == NULL)
    return FALSE;
  rc = sertel_db_stmt_step (head, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (rc == SERTEL_DB_STEP_ROW)
    {
      id = sertel_db_stmt_int64 (head, 0) + 1;
      prev_hash = sertel_store_dup_col (head, 1);
    }
  else
    prev_hash = g_strdup (GENESIS_HASH);

  hash = audit_hash (prev_hash, id, at, actor_id, action, entity, entity_id, before, after);

  insert = sertel_db_prepare (self->db,
                              "INSERT INTO audit (id, at, actor_id, action, entity, entity_id,"
                              " before_value, after_value, prev_hash, hash)"
                              " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", error);
  if (insert == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (insert, 1, id);
  sertel_db_stmt_bind_int64 (insert, 2, at);
  if (actor_id > 0)
    sertel_db_stmt_bind_int64 (insert, 3, actor_id);
  else
    sertel_db_stmt_bind_null (insert, 3);
  sertel_db_stmt_bind_text (insert, 4, action);
  sertel_db_stmt_bind_text (insert, 5, entity);
  sertel_db_stmt_bind_int64 (insert, 6, entity_id);
  sertel_db_stmt_bind_text (insert, 7, before);
  sertel_db_stmt_bind_text (insert, 8, after);
  sertel_db_stmt_bind_text (insert, 9, prev_hash);
  sertel_db_stmt_bind_text (insert, 10, hash);
  if (sertel_store_run (insert, error) < 0)
    return FALSE;

  update = sertel_db_prepare (self->db,
                              "INSERT INTO audit_head (one, last_id, last_hash) VALUES (1, $1, $2)"
                              " ON CONFLICT (one) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash",
                              error);
  if (update == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (update, 1, id);
  sertel_db_stmt_bind_text (update, 2, hash);
  return sertel_store_run (update, error) >= 0;
}

/* A record's fields as GVariant text: stable, readable, and parseable again. */
char *
sertel_store_describe_object (GObject *object, const char * const *skip)
{
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  g_autofree GParamSpec **specs = NULL;
  g_autoptr(GVariant) variant = NULL;
  guint n_specs;

  if (object == NULL)
    return NULL;

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      const char *name = specs[i]->name;
      g_auto(GValue) value = G_VALUE_INIT;
      GType type = specs[i]->value_type;

      if (skip && g_strv_contains (skip, name))
        continue;

      g_value_init (&value, type);
      g_object_get_property (object, name, &value);

      if (type == G_TYPE_STRING)
        {
          const char *s = g_value_get_string (&value);
          if (s != NULL)
            g_variant_builder_add (builder, "{sv}", name, g_variant_new_string (s));
        }
      else if (type == G_TYPE_INT64)
        g_variant_builder_add (builder, "{sv}", name, g_variant_new_int64 (g_value_get_int64 (&value)));
      else if (type == G_TYPE_UINT)
        g_variant_builder_add (builder, "{sv}", name, g_variant_new_uint32 (g_value_get_uint (&value)));
      else if (type == G_TYPE_BOOLEAN)
        g_variant_builder_add (builder, "{sv}", name, g_variant_new_boolean (g_value_get_boolean (&value)));
      else if (G_TYPE_IS_ENUM (type))
        {
          GEnumValue *ev = g_enum_get_value (g_type_class_peek (type), g_value_get_enum (&value));
          g_variant_builder_add (builder, "{sv}", name, g_variant_new_string (ev ? ev->value_nick : "?"));
        }
    }

  variant = g_variant_ref_sink (g_variant_builder_end (builder));
  return g_variant_print (variant, FALSE);
}

char *
sertel_store_describe_pairs (const char *first_key, ...)
{
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_autoptr(GVariant) variant = NULL;
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);
      if (value != NULL)
        g_variant_builder_add (builder, "{ss}", key, value);
      key = va_arg (args, const char *);
    }
  va_end (args);

  variant = g_variant_ref_sink (g_variant_builder_end (builder));
  return g_variant_print (variant, FALSE);
}

gboolean
sertel_store_verify_audit (SertelStore  *self,
                           gint64       *out_bad_id,
                           guint        *out_rows,
                           GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(SertelDbStmt) head = NULL;
  g_autofree char *prev = g_strdup (GENESIS_HASH);
  gint64 expected_id = 1;
  guint rows = 0;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);

  if (out_bad_id)
    *out_bad_id = 0;

  if (!sertel_db_begin (self->db, FALSE, error))
    return FALSE;

  stmt = sertel_db_prepare (self->db,
                            "SELECT id, at, actor_id, action, entity, entity_id, before_value, after_value,"
                            " prev_hash, hash FROM audit ORDER BY id", error);
  if (stmt == NULL)
    goto fail;

  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      gint64 id = sertel_db_stmt_int64 (stmt, 0);
      g_autofree char *hash = audit_hash (prev, id,
                                          sertel_db_stmt_int64 (stmt, 1),
                                          sertel_db_stmt_int64 (stmt, 2),
                                          sertel_db_stmt_text (stmt, 3),
                                          sertel_db_stmt_text (stmt, 4),
                                          sertel_db_stmt_int64 (stmt, 5),
                                          sertel_db_stmt_text (stmt, 6),
                                          sertel_db_stmt_text (stmt, 7));

      if (id != expected_id ||
          g_strcmp0 (prev, sertel_db_stmt_text (stmt, 8)) != 0 ||
          g_strcmp0 (hash, sertel_db_stmt_text (stmt, 9)) != 0)
        {
          if (out_bad_id)
            *out_bad_id = id != expected_id && id > expected_id ? expected_id : id;
          g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT,
                       _("The audit trail was altered at entry %" PRId64
                         ": it was changed, removed or moved after it was written."),
                       id != expected_id && id > expected_id ? expected_id : id);
          goto fail;
        }

      g_free (prev);
      prev = g_strdup (sertel_db_stmt_text (stmt, 9));
      expected_id = id + 1;
      rows++;
    }
  if (rc == SERTEL_DB_STEP_ERROR)
    goto fail;

  /* The head remembers the last row, so cutting rows off the end shows too. */
  head = sertel_db_prepare (self->db, "SELECT last_id, last_hash FROM audit_head WHERE one = 1", error);
  if (head == NULL)
    goto fail;
  rc = sertel_db_stmt_step (head, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    goto fail;
  if ((rc == SERTEL_DB_STEP_ROW &&
       (sertel_db_stmt_int64 (head, 0) != expected_id - 1 ||
        g_strcmp0 (sertel_db_stmt_text (head, 1), prev) != 0)) ||
      (rc == SERTEL_DB_STEP_DONE && rows > 0))
    {
      if (out_bad_id)
        *out_bad_id = expected_id;
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT,
                   _("The audit trail was altered at entry %" PRId64
                     ": entries after it were removed."), expected_id);
      goto fail;
    }

  sertel_db_rollback (self->db);
  if (out_rows)
    *out_rows = rows;
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

static gpointer
audit_from_row (SertelDbStmt *stmt)
{
  SertelAuditRecord *r = g_new0 (SertelAuditRecord, 1);
  r->id = sertel_db_stmt_int64 (stmt, 0);
  r->at = sertel_db_stmt_int64 (stmt, 1);
  r->actor_id = sertel_db_stmt_int64 (stmt, 2);
  r->action = sertel_store_dup_col (stmt, 3);
  r->entity = sertel_store_dup_col (stmt, 4);
  r->entity_id = sertel_db_stmt_int64 (stmt, 5);
  r->before_value = sertel_store_dup_col (stmt, 6);
  r->after_value = sertel_store_dup_col (stmt, 7);
  return r;
}

GPtrArray *
sertel_store_list_audit (SertelStore  *self,
                         gint64        entity_id,
                         const char   *entity,
                         GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT id, at, actor_id, action, entity, entity_id, before_value, after_value"
                            " FROM audit WHERE ($1 IS NULL OR entity = $1) AND ($2 = 0 OR entity_id = $2)"
                            " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_text (stmt, 1, entity);
  sertel_db_stmt_bind_int64 (stmt, 2, entity_id);
  return sertel_store_collect_rows (stmt, audit_from_row, (GDestroyNotify) sertel_audit_record_free, error);
}

/* ------------------------------------------------------------------------- */
/* Staff */

#define STAFF_COLUMNS "id, name, nip, role, active"

static SertelStaff *
staff_from_row (SertelDbStmt *stmt)
{
  SertelStaff *staff = sertel_staff_new ();

  sertel_staff_set_id (staff, sertel_db_stmt_int64 (stmt, 0));
  sertel_staff_set_name (staff, sertel_db_stmt_text (stmt, 1));
  sertel_staff_set_nip (staff, sertel_db_stmt_text (stmt, 2));
  sertel_staff_set_role (staff, sertel_role_from_string (sertel_db_stmt_text (stmt, 3)));
  sertel_staff_set_active (staff, sertel_db_stmt_int64 (stmt, 4) != 0);
  return staff;
}

static gboolean
count_staff_locked (SertelStore *self, gint64 *out_count, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (self->db, "SELECT COUNT(*) FROM staff", error);

  if (stmt == NULL || sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    return FALSE;
  *out_count = sertel_db_stmt_int64 (stmt, 0);
  return TRUE;
}

gboolean
sertel_store_has_staff (SertelStore *self, gboolean *out_has, GError **error)
{
  gint64 count = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);

  if (!count_staff_locked (self, &count, error))
    return FALSE;
  *out_has = count > 0;
  return TRUE;
}

SertelStaff *
sertel_store_add_staff (SertelStore  *self,
                        SertelStaff  *actor,
                        const char   *name,
                        const char   *nip,
                        SertelRole    role,
                        const char   *password,
                        GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(SertelStaff) staff = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *after = NULL;
  SertelNip parsed_nip;
  gint64 count = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);

  if (role == SERTEL_ROLE_NONE)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("Choose a role for the new staff member."));
      return NULL;
    }
  clean_name = sertel_name_normalize (name ? name : "", error);
  if (clean_name == NULL)
    return NULL;
  if (!sertel_nip_parse (nip ? nip : "", &parsed_nip, error))
    return NULL;
  /* Hash before taking the lock: Argon2 is slow on purpose. */
  hash = sertel_password_hash (password ? password : "", error);
  if (hash == NULL)
    return NULL;

  LOCKED (self);

  if (!sertel_db_begin (self->db, TRUE, error))
    return NULL;

  if (!count_staff_locked (self, &count, error))
    goto fail;
  if (count == 0)
    {
      /* The first account of an empty register is its administrator. */
      if (role != SERTEL_ROLE_ADMIN)
        {
          g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                               _("The first account of a new register must be an administrator."));
          goto fail;
        }
    }
  else if (!sertel_store_require_admin (self, actor, error))
    goto fail;

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO staff (name, nip, role, password_hash, active, created_at)"
                            " VALUES ($1, $2, $3, $4, 1, $5) RETURNING " STAFF_COLUMNS, error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_text (stmt, 1, clean_name);
  sertel_db_stmt_bind_text (stmt, 2, parsed_nip.digits);
  sertel_db_stmt_bind_text (stmt, 3, sertel_role_to_string (role));
  sertel_db_stmt_bind_text (stmt, 4, hash);
  sertel_db_stmt_bind_int64 (stmt, 5, sertel_store_now (self));
  if (sertel_db_stmt_step (stmt, NULL) != SERTEL_DB_STEP_ROW)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("A staff account with NIP %s already exists."), parsed_nip.digits);
      goto fail;
    }
  staff = staff_from_row (stmt);
  g_clear_pointer (&stmt, sertel_db_stmt_release);

  after = sertel_store_describe_object (G_OBJECT (staff), NULL);
  if (!sertel_store_audit_append (self, actor ? sertel_staff_get_id (actor) : sertel_staff_get_id (staff),
                     "staff.add", "staff", sertel_staff_get_id (staff), NULL, after, error))
    goto fail;

  if (!sertel_db_commit (self->db, error))
    goto fail;
  return g_steal_pointer (&staff);

fail:
  sertel_db_rollback (self->db);
  return NULL;
}

SertelStaff *
sertel_store_authenticate (SertelStore  *self,
                           gint64        staff_id,
                           const char   *password,
                           GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(SertelStaff) staff = NULL;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);

  {
    LOCKED (self);
    stmt = sertel_db_prepare (self->db, "SELECT " STAFF_COLUMNS ", password_hash FROM staff WHERE id = $1", error);
    if (stmt == NULL)
      return NULL;
    sertel_db_stmt_bind_int64 (stmt, 1, staff_id);
    rc = sertel_db_stmt_step (stmt, error);
    if (rc == SERTEL_DB_STEP_ERROR)
      return NULL;
    if (rc == SERTEL_DB_STEP_ROW)
      {
        staff = staff_from_row (stmt);
        hash = sertel_store_dup_col (stmt, 5);
      }
    g_clear_pointer (&stmt, sertel_db_stmt_release);
  }

  /* A locked account's password is not even checked. */
  if (staff != NULL && !sertel_store_sign_in_allowed (self, staff_id, error))
    return NULL;

  /* Verify outside the lock: Argon2 takes a while. */
  if (staff == NULL || !sertel_password_verify (hash, password))
    {
      if (staff != NULL)
        sertel_store_sign_in_failed (self, staff_id, error);
      else
        g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                             _("The name or password is wrong. Try again."));
      return NULL;
    }
  if (!sertel_staff_get_active (staff))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUTH,
                           _("This account has been deactivated. Ask an administrator."));
      return NULL;
    }

  /* Clears the count of wrong passwords and records the sign-in. */
  if (!sertel_store_sign_in_succeeded (self, staff_id, error))
    return NULL;

  return g_steal_pointer (&staff);
}

static GPtrArray *
list_staff_locked (SertelStore *self, const char *sql, gint64 id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SertelDbStmt) stmt = sertel_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, id);
  return sertel_store_collect_rows (stmt, (RowFunc) staff_from_row, g_object_unref, error);
}

GPtrArray *
sertel_store_list_staff (SertelStore *self, gboolean include_inactive, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  return list_staff_locked (self,
                            "SELECT " STAFF_COLUMNS " FROM staff WHERE active = 1 OR $1 = 1 ORDER BY name, id",
                            include_inactive ? 1 : 0, error);
}

SertelStaff *
sertel_store_get_staff (SertelStore *self, gint64 staff_id, GError **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  list = list_staff_locked (self, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = $1", staff_id, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      sertel_store_not_found (error, _("Staff member"), staff_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

static gboolean would_leave_no_admin (SertelStore *self, gint64 staff_id, GError **error);

static gboolean
update_staff (SertelStore *self,
              SertelStaff *actor,
              gint64       staff_id,
              const char  *sql,
              const char  *value,
              const char  *action,
              gboolean     removes_admin,
              GError     **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) before_list = NULL;
  g_autofree char *before = NULL;
  gint64 changed;

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!sertel_store_require_admin (self, actor, error))
    goto fail;
  /* Checked under the write lock: two administrators demoting each other at
   * two desks must not both succeed. */
  if (removes_admin && would_leave_no_admin (self, staff_id, error))
    goto fail;

  before_list = list_staff_locked (self, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = $1", staff_id, error);
  if (before_list == NULL)
    goto fail;
  if (before_list->len == 0)
    {
      sertel_store_not_found (error, _("Staff member"), staff_id);
      goto fail;
    }
  before = sertel_store_describe_object (g_ptr_array_index (before_list, 0), NULL);

  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_text (stmt, 1, value);
  sertel_db_stmt_bind_int64 (stmt, 2, staff_id);
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    goto fail;
  if (changed == 0)
    {
      sertel_store_not_found (error, _("Staff member"), staff_id);
      goto fail;
    }

  {
    g_autofree char *after = sertel_store_describe_pairs ("value", value, NULL);
    if (!sertel_store_audit_append (self, sertel_staff_get_id (actor), action, "staff", staff_id, before, after, error))
      goto fail;
  }

  return sertel_db_commit (self->db, error) || (sertel_db_rollback (self->db), FALSE);

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

static gboolean
would_leave_no_admin (SertelStore *self, gint64 staff_id, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  stmt = sertel_db_prepare (self->db,
                            "SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1 AND id <> $1", error);
  if (stmt == NULL)
    return TRUE;
  sertel_db_stmt_bind_int64 (stmt, 1, staff_id);
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    return TRUE;
  if (sertel_db_stmt_int64 (stmt, 0) == 0)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("This is the last active administrator. Make someone else an administrator first."));
      return TRUE;
    }
  return FALSE;
}

gboolean
sertel_store_set_staff_role (SertelStore  *self,
                             SertelStaff  *actor,
                             gint64        staff_id,
                             SertelRole    role,
                             GError      **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);

  if (role == SERTEL_ROLE_NONE)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("Choose a role for the staff member."));
      return FALSE;
    }
  return update_staff (self, actor, staff_id, "UPDATE staff SET role = $1 WHERE id = $2",
                       sertel_role_to_string (role), "staff.role", role != SERTEL_ROLE_ADMIN, error);
}

gboolean
sertel_store_set_staff_active (SertelStore  *self,
                               SertelStaff  *actor,
                               gint64        staff_id,
                               gboolean      active,
                               GError      **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);

  /* Accounts are deactivated, never deleted: the audit trail points at them. */
  return update_staff (self, actor, staff_id, "UPDATE staff SET active = CAST($1 AS INTEGER) WHERE id = $2",
                       active ? "1" : "0", active ? "staff.activate" : "staff.deactivate", !active, error);
}

/* ------------------------------------------------------------------------- */
/* OPDs */

static gint64
ensure_opd_locked (SertelStore *self, gint64 actor_id, const char *name, GError **error)
{
  g_autoptr(SertelDbStmt) find = NULL;
  g_autoptr(SertelDbStmt) insert = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *after = NULL;
  SertelDbStep rc;
  gint64 id;

  clean = sertel_field_clean (SERTEL_FIELD_LETTER_OPD, name, TRUE, error);
  if (clean == NULL)
    return 0;

  find = sertel_db_prepare (self->db, "SELECT id FROM opd WHERE name = $1", error);
  if (find == NULL)
    return 0;
  sertel_db_stmt_bind_text (find, 1, clean);
  rc = sertel_db_stmt_step (find, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return 0;
  if (rc == SERTEL_DB_STEP_ROW)
    return sertel_db_stmt_int64 (find, 0);

  insert = sertel_db_prepare (self->db, "INSERT INTO opd (name) VALUES ($1) RETURNING id", error);
  if (insert == NULL)
    return 0;
  sertel_db_stmt_bind_text (insert, 1, clean);
  if (sertel_db_stmt_step (insert, error) != SERTEL_DB_STEP_ROW)
    return 0;
  id = sertel_db_stmt_int64 (insert, 0);

  after = sertel_store_describe_pairs ("name", clean, NULL);
  if (!sertel_store_audit_append (self, actor_id, "opd.add", "opd", id, NULL, after, error))
    return 0;
  return id;
}

gint64
sertel_store_ensure_opd (SertelStore *self, SertelStaff *actor, const char *name, GError **error)
{
  SertelRole role;
  gint64 id;

  g_return_val_if_fail (SERTEL_IS_STORE (self), 0);
  LOCKED (self);

  if (!sertel_db_begin (self->db, TRUE, error))
    return 0;
  if (!sertel_store_actor_role (self, actor, &role, error) ||
      (id = ensure_opd_locked (self, sertel_staff_get_id (actor), name, error)) == 0 ||
      !sertel_db_commit (self->db, error))
    {
      sertel_db_rollback (self->db);
      return 0;
    }
  return id;
}

GPtrArray *
sertel_store_list_opds (SertelStore *self, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db, "SELECT name FROM opd WHERE active = 1 ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  return sertel_store_collect_rows (stmt, first_text_from_row, g_free, error);
}

void
sertel_opd_record_free (SertelOpdRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_free (record);
}

static gpointer
opd_from_row (SertelDbStmt *stmt)
{
  SertelOpdRecord *r = g_new0 (SertelOpdRecord, 1);

  r->id = sertel_db_stmt_int64 (stmt, 0);
  r->name = sertel_store_dup_col (stmt, 1);
  r->active = sertel_db_stmt_int64 (stmt, 2) != 0;
  r->n_requests = (guint) sertel_db_stmt_int64 (stmt, 3);
  return r;
}

GPtrArray *
sertel_store_list_opd_records (SertelStore *self, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT o.id, o.name, o.active, (SELECT COUNT(*) FROM request r WHERE r.opd_id = o.id)"
                            " FROM opd o ORDER BY o.name", error);
  if (stmt == NULL)
    return NULL;
  return sertel_store_collect_rows (stmt, opd_from_row, (GDestroyNotify) sertel_opd_record_free, error);
}

/* The OPD list is kept by the administrator and the Operator, who takes the
 * letters in. An OPD is switched off, never deleted: requests refer to it. */
static gboolean
require_opd_keeper (SertelStore *self, SertelStaff *actor, GError **error)
{
  SertelRole role;

  if (!sertel_store_actor_role (self, actor, &role, error))
    return FALSE;
  if (!sertel_rights_allow (role, SERTEL_RIGHT_KEEP_OPDS))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Only the administrator or the Operator may change the list of OPDs."));
      return FALSE;
    }
  return TRUE;
}

gint64
sertel_store_add_opd (SertelStore *self, SertelStaff *actor, const char *name, GError **error)
{
  gint64 id;

  g_return_val_if_fail (SERTEL_IS_STORE (self), 0);
  LOCKED (self);

  if (!sertel_db_begin (self->db, TRUE, error))
    return 0;
  if (!require_opd_keeper (self, actor, error) ||
      (id = ensure_opd_locked (self, sertel_staff_get_id (actor), name, error)) == 0 ||
      !sertel_db_commit (self->db, error))
    {
      sertel_db_rollback (self->db);
      return 0;
    }
  return id;
}

gboolean
sertel_store_set_opd_active (SertelStore *self, SertelStaff *actor, gint64 opd_id, gboolean active,
                             GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *after = NULL;
  gint64 changed;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);

  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!require_opd_keeper (self, actor, error))
    goto fail;
  stmt = sertel_db_prepare (self->db, "UPDATE opd SET active = $1 WHERE id = $2", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (stmt, 1, active ? 1 : 0);
  sertel_db_stmt_bind_int64 (stmt, 2, opd_id);
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    goto fail;
  if (changed == 0)
    {
      sertel_store_not_found (error, _("OPD"), opd_id);
      goto fail;
    }
  after = sertel_store_describe_pairs ("active", active ? "true" : "false", NULL);
  if (!sertel_store_audit_append (self, sertel_staff_get_id (actor), active ? "opd.activate" : "opd.deactivate",
                                  "opd", opd_id, NULL, after, error) ||
      !sertel_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Applicants: validation happens here, in the core, whatever the caller. */

static gboolean
prefix_error (GError **error, const char *who)
{
  if (error && *error)
    g_prefix_error (error, "%s: ", who);
  return FALSE;
}

/* Checks and normalises an applicant in place. */
static gboolean
validate_applicant (SertelStore      *self,
                    SertelApplicant  *applicant,
                    guint             position,
                    GError          **error)
{
  g_autofree char *who = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  SertelNik nik;
  SertelNip nip;
  const char *reason;

  who = g_strdup_printf (_("Applicant %u"), position);

  name = sertel_name_normalize (sertel_applicant_get_name (applicant) ? sertel_applicant_get_name (applicant) : "", error);
  if (name == NULL)
    return prefix_error (error, who);
  sertel_applicant_set_name (applicant, name);
  g_free (who);
  who = g_strdup_printf (_("Applicant %u (%s)"), position, name);

  if (sertel_applicant_get_name_titled (applicant) && *sertel_applicant_get_name_titled (applicant))
    {
      g_autofree char *titled = sertel_name_normalize (sertel_applicant_get_name_titled (applicant), error);
      if (titled == NULL)
        return prefix_error (error, who);
      sertel_applicant_set_name_titled (applicant, titled);
    }

  if (!sertel_nip_parse (sertel_applicant_get_nip (applicant) ? sertel_applicant_get_nip (applicant) : "", &nip, error))
    return prefix_error (error, who);
  if (!sertel_nik_parse (sertel_applicant_get_nik (applicant) ? sertel_applicant_get_nik (applicant) : "",
                         g_date_get_year (&nip.birth), &nik, error))
    return prefix_error (error, who);
  sertel_applicant_set_nip (applicant, nip.digits);
  sertel_applicant_set_nik (applicant, nik.digits);

  if (!sertel_email_check (sertel_applicant_get_email (applicant) ? sertel_applicant_get_email (applicant) : "",
                           self->email_domain, self->email_subdomains, error))
    return prefix_error (error, who);

  /* The other fields are free text a clerk typed or pasted: cleaned like
   * every other line of text, so that invalid UTF-8 or control characters
   * never reach the register (or the audit trail's GVariant text). */
  {
    static const SertelField free_text[] = {
      SERTEL_FIELD_PANGKAT, SERTEL_FIELD_JABATAN, SERTEL_FIELD_UNIT_KERJA, SERTEL_FIELD_OPD,
      SERTEL_FIELD_OFFICE_ADDRESS, SERTEL_FIELD_CITY, SERTEL_FIELD_PROVINCE, SERTEL_FIELD_PHONE,
      SERTEL_FIELD_MISMATCH_REASON,
    };

    for (guint i = 0; i < G_N_ELEMENTS (free_text); i++)
      {
        const char *property = sertel_field_info (free_text[i])->key;
        g_autofree char *raw = NULL;
        g_autofree char *clean = NULL;

        g_object_get (applicant, property, &raw, NULL);
        if (raw == NULL)
          continue;
        clean = free_text[i] == SERTEL_FIELD_PHONE ? sertel_phone_clean (raw, error)
                                                   : sertel_field_clean (free_text[i], raw, FALSE, error);
        if (clean == NULL)
          return prefix_error (error, who);
        g_object_set (applicant, property, *clean ? clean : NULL, NULL);
      }
  }

  /* A NIK/NIP disagreement may go on only with the office's written reason
   * (a NIK is never reissued, even when its digits are wrong). */
  findings = sertel_identity_cross_check (&nik, &nip);
  reason = sertel_applicant_get_mismatch_reason (applicant);
  if (findings->len > 0 && (reason == NULL || *reason == '\0'))
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      for (guint i = 0; i < findings->len; i++)
        {
          SertelFinding *f = g_ptr_array_index (findings, i);
          if (msg->len)
            g_string_append_c (msg, ' ');
          g_string_append (msg, f->message);
        }
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("%s: %s BSrE rejects such applications; to go on anyway, write the reason."),
                   who, msg->str);
      return FALSE;
    }
  return TRUE;
}


SertelApplicant *
sertel_store_applicant_from_row (SertelDbStmt *stmt)
{
  SertelApplicant *a = sertel_applicant_new ();

  sertel_applicant_set_id (a, sertel_db_stmt_int64 (stmt, 0));
  sertel_applicant_set_request_id (a, sertel_db_stmt_int64 (stmt, 1));
  sertel_applicant_set_name (a, sertel_db_stmt_text (stmt, 2));
  sertel_applicant_set_name_titled (a, sertel_db_stmt_text (stmt, 3));
  sertel_applicant_set_nik (a, sertel_db_stmt_text (stmt, 4));
  sertel_applicant_set_nip (a, sertel_db_stmt_text (stmt, 5));
  sertel_applicant_set_pangkat (a, sertel_db_stmt_text (stmt, 6));
  sertel_applicant_set_jabatan (a, sertel_db_stmt_text (stmt, 7));
  sertel_applicant_set_unit_kerja (a, sertel_db_stmt_text (stmt, 8));
  sertel_applicant_set_opd (a, sertel_db_stmt_text (stmt, 9));
  sertel_applicant_set_office_address (a, sertel_db_stmt_text (stmt, 10));
  sertel_applicant_set_city (a, sertel_db_stmt_text (stmt, 11));
  sertel_applicant_set_province (a, sertel_db_stmt_text (stmt, 12));
  sertel_applicant_set_email (a, sertel_db_stmt_text (stmt, 13));
  sertel_applicant_set_phone (a, sertel_db_stmt_text (stmt, 14));
  sertel_applicant_set_state (a, sertel_applicant_state_from_string (sertel_db_stmt_text (stmt, 15), NULL));
  sertel_applicant_set_state_reason (a, sertel_db_stmt_text (stmt, 16));
  sertel_applicant_set_mismatch_reason (a, sertel_db_stmt_text (stmt, 17));
  sertel_applicant_set_version (a, sertel_db_stmt_int64 (stmt, 18));
  return a;
}

static GPtrArray *
find_duplicates_locked (SertelStore *self, const char *nik, gint64 exclude_request_id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  stmt = sertel_db_prepare (self->db,
                            "SELECT r.id, r.letter_number, o.name, a.state, r.state FROM applicant a"
                            " JOIN request r ON r.id = a.request_id JOIN opd o ON o.id = r.opd_id"
                            " WHERE a.nik = $1 AND r.id <> $2 AND a.state <> 'rejected'"
                            " AND (a.state = 'issued' OR r.state <> 'completed')"
                            " ORDER BY r.id", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_text (stmt, 1, nik);
  sertel_db_stmt_bind_int64 (stmt, 2, exclude_request_id);
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      gboolean issued = g_strcmp0 (sertel_db_stmt_text (stmt, 3), "issued") == 0;
      g_ptr_array_add (out, issued
                       ? g_strdup_printf (_("NIK %s already has an issued certificate (request %" PRId64 ", letter %s from %s)."),
                                          nik, sertel_db_stmt_int64 (stmt, 0), sertel_db_stmt_text (stmt, 1), sertel_db_stmt_text (stmt, 2))
                       : g_strdup_printf (_("NIK %s is already in open request %" PRId64 " (letter %s from %s)."),
                                          nik, sertel_db_stmt_int64 (stmt, 0), sertel_db_stmt_text (stmt, 1), sertel_db_stmt_text (stmt, 2)));
    }
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
sertel_store_find_duplicates (SertelStore *self, const char *nik, gint64 exclude_request_id, GError **error)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  digits = sertel_identity_normalize_number (nik ? nik : "");
  return find_duplicates_locked (self, digits, exclude_request_id, error);
}

static gint64
insert_applicant_locked (SertelStore      *self,
                         gint64            actor_id,
                         gint64            request_id,
                         guint             position,
                         SertelApplicant  *a,
                         GPtrArray        *warnings,
                         GError          **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) dups = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  if (!validate_applicant (self, a, position, error))
    return 0;

  dups = find_duplicates_locked (self, sertel_applicant_get_nik (a), request_id, error);
  if (dups == NULL)
    return 0;
  for (guint i = 0; i < dups->len && warnings; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (dups, i)));

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO applicant (request_id, position, name, name_titled, nik, nip, pangkat, jabatan,"
                            " unit_kerja, opd, office_address, city, province, email, phone, state, mismatch_reason, version)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'pending', $16, 1)"
                            " RETURNING id", error);
  if (stmt == NULL)
    return 0;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  sertel_db_stmt_bind_int64 (stmt, 2, position);
  sertel_db_stmt_bind_text (stmt, 3, sertel_applicant_get_name (a));
  sertel_db_stmt_bind_text (stmt, 4, sertel_applicant_get_name_titled (a));
  sertel_db_stmt_bind_text (stmt, 5, sertel_applicant_get_nik (a));
  sertel_db_stmt_bind_text (stmt, 6, sertel_applicant_get_nip (a));
  sertel_db_stmt_bind_text (stmt, 7, sertel_applicant_get_pangkat (a));
  sertel_db_stmt_bind_text (stmt, 8, sertel_applicant_get_jabatan (a));
  sertel_db_stmt_bind_text (stmt, 9, sertel_applicant_get_unit_kerja (a));
  sertel_db_stmt_bind_text (stmt, 10, sertel_applicant_get_opd (a));
  sertel_db_stmt_bind_text (stmt, 11, sertel_applicant_get_office_address (a));
  sertel_db_stmt_bind_text (stmt, 12, sertel_applicant_get_city (a));
  sertel_db_stmt_bind_text (stmt, 13, sertel_applicant_get_province (a));
  sertel_db_stmt_bind_text (stmt, 14, sertel_applicant_get_email (a));
  sertel_db_stmt_bind_text (stmt, 15, sertel_applicant_get_phone (a));
  sertel_db_stmt_bind_text (stmt, 16, sertel_applicant_get_mismatch_reason (a));
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    return 0;
  id = sertel_db_stmt_int64 (stmt, 0);
  sertel_applicant_set_id (a, id);
  sertel_applicant_set_request_id (a, request_id);
  sertel_applicant_set_state (a, SERTEL_APPLICANT_PENDING);
  sertel_applicant_set_version (a, 1);

  after = sertel_store_describe_object (G_OBJECT (a), NULL);
  if (!sertel_store_audit_append (self, actor_id, "applicant.add", "applicant", id, NULL, after, error))
    return 0;
  return id;
}

/* ------------------------------------------------------------------------- */
/* Attachments, stored once per content (by SHA-256) and shared. */

char *
sertel_store_put_blob (SertelStore *self, gconstpointer data, gsize len, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *sha = sertel_sha256_hex (data, len);

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO blob (sha256, size, data) VALUES ($1, $2, $3)"
                            " ON CONFLICT (sha256) DO NOTHING", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_text (stmt, 1, sha);
  sertel_db_stmt_bind_int64 (stmt, 2, len);
  sertel_db_stmt_bind_blob (stmt, 3, data ? data : "", len);
  if (sertel_store_run (stmt, error) < 0)
    return NULL;
  return g_steal_pointer (&sha);
}

GBytes *
sertel_store_blob_from_row (SertelDbStmt *stmt, int data_col, int sha_col)
{
  gsize len = 0;
  gconstpointer data = sertel_db_stmt_blob (stmt, data_col, &len);
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  g_autofree char *check = sertel_sha256_hex (g_bytes_get_data (bytes, NULL), len);

  if (g_strcmp0 (check, sertel_db_stmt_text (stmt, sha_col)) != 0)
    return NULL;
  return g_steal_pointer (&bytes);
}

static gint64
insert_attachment_locked (SertelStore  *self,
                          gint64        actor_id,
                          gint64        request_id,
                          gint64        applicant_id,
                          const char   *kind,
                          const char   *file_name,
                          GBytes       *data,
                          GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *after = NULL;
  g_autofree char *base = NULL;
  SertelFileType type;
  gconstpointer bytes;
  gsize len = 0;
  gint64 id;

  if (g_strcmp0 (kind, "letter") != 0 && g_strcmp0 (kind, "ktp") != 0 && g_strcmp0 (kind, "sk") != 0)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("Unknown kind of attachment “%s”."), kind ? kind : "");
      return 0;
    }

  bytes = data ? g_bytes_get_data (data, &len) : NULL;
  if (!sertel_filetype_check (bytes, len, self->max_attachment, &type, error))
    return 0;
  /* Keep only the base name, in valid UTF-8: a path says where a clerk's
   * files are, which the register has no need to know. */
  base = g_path_get_basename (file_name && *file_name ? file_name : "scan");
  if (!g_utf8_validate (base, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (base, -1);
      g_free (base);
      base = g_steal_pointer (&valid);
    }

  sha = sertel_store_put_blob (self, bytes, len, error);
  if (sha == NULL)
    return 0;

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO attachment (request_id, applicant_id, kind, file_name, mime, size, sha256, added_at, added_by)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id", error);
  if (stmt == NULL)
    return 0;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  if (applicant_id > 0)
    sertel_db_stmt_bind_int64 (stmt, 2, applicant_id);
  else
    sertel_db_stmt_bind_null (stmt, 2);
  sertel_db_stmt_bind_text (stmt, 3, kind);
  sertel_db_stmt_bind_text (stmt, 4, base);
  sertel_db_stmt_bind_text (stmt, 5, sertel_filetype_mime (type));
  sertel_db_stmt_bind_int64 (stmt, 6, len);
  sertel_db_stmt_bind_text (stmt, 7, sha);
  sertel_db_stmt_bind_int64 (stmt, 8, sertel_store_now (self));
  sertel_db_stmt_bind_int64 (stmt, 9, actor_id);
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    return 0;
  id = sertel_db_stmt_int64 (stmt, 0);

  {
    g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, len);
    after = sertel_store_describe_pairs ("kind", kind, "file-name", base, "mime", sertel_filetype_mime (type),
                            "size", size, "sha256", sha, NULL);
  }
  if (!sertel_store_audit_append (self, actor_id, "attachment.add", "attachment", id, NULL, after, error))
    return 0;
  return id;
}

/* ------------------------------------------------------------------------- */
/* Requests */


SertelRequest *
sertel_store_request_from_row (SertelDbStmt *stmt)
{
  SertelRequest *r = sertel_request_new ();

  sertel_request_set_id (r, sertel_db_stmt_int64 (stmt, 0));
  sertel_request_set_letter_number (r, sertel_db_stmt_text (stmt, 1));
  sertel_request_set_letter_date (r, sertel_db_stmt_text (stmt, 2));
  sertel_request_set_received_at (r, sertel_db_stmt_int64 (stmt, 3));
  sertel_request_set_sifat (r, sertel_db_stmt_text (stmt, 4));
  sertel_request_set_perihal (r, sertel_db_stmt_text (stmt, 5));
  sertel_request_set_opd_id (r, sertel_db_stmt_int64 (stmt, 6));
  sertel_request_set_opd_name (r, sertel_db_stmt_text (stmt, 7));
  sertel_request_set_state (r, sertel_request_state_from_string (sertel_db_stmt_text (stmt, 8), NULL));
  sertel_request_set_state_since (r, sertel_db_stmt_int64 (stmt, 9));
  sertel_request_set_assigned_to (r, sertel_db_stmt_int64 (stmt, 10));
  sertel_request_set_return_reason (r, sertel_db_stmt_text (stmt, 11));
  sertel_request_set_recommendation_number (r, sertel_db_stmt_text (stmt, 12));
  sertel_request_set_n_applicants (r, (guint) sertel_db_stmt_int64 (stmt, 13));
  sertel_request_set_version (r, sertel_db_stmt_int64 (stmt, 14));
  return r;
}

SertelRequest *
sertel_store_get_request_locked (SertelStore *self, gint64 request_id, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;

  stmt = sertel_db_prepare (self->db, "SELECT " REQUEST_COLUMNS REQUEST_FROM " WHERE r.id = $1", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  if (rc == SERTEL_DB_STEP_DONE)
    {
      sertel_store_not_found (error, _("Request"), request_id);
      return NULL;
    }
  return sertel_store_request_from_row (stmt);
}

SertelRequest *
sertel_store_get_request (SertelStore *self, gint64 request_id, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  return sertel_store_get_request_locked (self, request_id, error);
}

static gboolean
validate_request_fields (SertelRequest *request, char **out_number, char **out_perihal, GError **error)
{
  g_autofree char *number = NULL;
  g_autofree char *perihal = NULL;
  const char *date = sertel_request_get_letter_date (request);
  const char *sifat = sertel_request_get_sifat (request);
  GDate parsed;

  number = sertel_field_clean (SERTEL_FIELD_LETTER_NUMBER, sertel_request_get_letter_number (request), TRUE, error);
  if (number == NULL)
    return FALSE;

  g_date_clear (&parsed, 1);
  if (date == NULL || strlen (date) != 10 || (g_date_set_parse (&parsed, date), !g_date_valid (&parsed)) ||
      date[4] != '-' || date[7] != '-')
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("Fill in the date of the request letter as a real date."));
      return FALSE;
    }

  if (sifat == NULL || !g_strv_contains ((const char * const[]) { "biasa", "segera", "sangat_segera", "rahasia", NULL }, sifat))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("Choose the letter's sifat: biasa, segera, sangat segera or rahasia."));
      return FALSE;
    }

  perihal = sertel_field_clean (SERTEL_FIELD_PERIHAL, sertel_request_get_perihal (request), TRUE, error);
  if (perihal == NULL)
    return FALSE;

  *out_number = g_steal_pointer (&number);
  *out_perihal = g_steal_pointer (&perihal);
  return TRUE;
}

gint64
sertel_store_create_request (SertelStore    *self,
                             SertelStaff    *actor,
                             SertelRequest  *request,
                             GPtrArray      *applicants,
                             GPtrArray      *attachments,
                             GPtrArray     **out_warnings,
                             GError        **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(SertelDbStmt) count = NULL;
  g_autoptr(GArray) applicant_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autofree char *number = NULL;
  g_autofree char *perihal = NULL;
  g_autofree char *after = NULL;
  SertelRole role;
  gint64 id, opd_id, now, actor_id;

  g_return_val_if_fail (SERTEL_IS_STORE (self), 0);
  g_return_val_if_fail (SERTEL_IS_REQUEST (request), 0);

  if (!validate_request_fields (request, &number, &perihal, error))
    return 0;

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return 0;

  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  if (!sertel_rights_allow (role, SERTEL_RIGHT_INTAKE))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                   _("Only the Operator takes in new requests; you are signed in as %s."),
                   sertel_role_display_name (role));
      goto fail;
    }
  actor_id = sertel_staff_get_id (actor);

  opd_id = ensure_opd_locked (self, actor_id, sertel_request_get_opd_name (request), error);
  if (opd_id == 0)
    goto fail;

  now = sertel_store_now (self);
  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO request (letter_number, letter_date, received_at, sifat, perihal, opd_id,"
                            " state, state_since, created_by, version)"
                            " VALUES ($1, $2, $3, $4, $5, $6, 'received', $3, $7, 1) RETURNING id", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_text (stmt, 1, number);
  sertel_db_stmt_bind_text (stmt, 2, sertel_request_get_letter_date (request));
  sertel_db_stmt_bind_int64 (stmt, 3, now);
  sertel_db_stmt_bind_text (stmt, 4, sertel_request_get_sifat (request));
  sertel_db_stmt_bind_text (stmt, 5, perihal);
  sertel_db_stmt_bind_int64 (stmt, 6, opd_id);
  sertel_db_stmt_bind_int64 (stmt, 7, actor_id);
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    goto fail;
  id = sertel_db_stmt_int64 (stmt, 0);
  g_clear_pointer (&stmt, sertel_db_stmt_release);

  for (guint i = 0; applicants && i < applicants->len; i++)
    {
      gint64 aid = insert_applicant_locked (self, actor_id, id, i + 1,
                                            g_ptr_array_index (applicants, i), warnings, error);
      if (aid == 0)
        goto fail;
      g_array_append_val (applicant_ids, aid);
    }

  for (guint i = 0; attachments && i < attachments->len; i++)
    {
      SertelNewAttachment *att = g_ptr_array_index (attachments, i);
      gint64 aid = 0;

      if (att->applicant_index >= 0)
        {
          if ((guint) att->applicant_index >= applicant_ids->len)
            {
              g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                                   _("A scan belongs to an applicant who is not on the request."));
              goto fail;
            }
          aid = g_array_index (applicant_ids, gint64, att->applicant_index);
        }
      if (insert_attachment_locked (self, actor_id, id, aid, att->kind, att->file_name, att->data, error) == 0)
        goto fail;
    }

  count = sertel_db_prepare (self->db,
                             "UPDATE request SET n_applicants = (SELECT COUNT(*) FROM applicant WHERE request_id = $1)"
                             " WHERE id = $1", error);
  if (count == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (count, 1, id);
  if (sertel_store_run (count, error) < 0)
    goto fail;

  sertel_request_set_id (request, id);
  sertel_request_set_letter_number (request, number);
  sertel_request_set_perihal (request, perihal);
  sertel_request_set_opd_id (request, opd_id);
  sertel_request_set_received_at (request, now);
  sertel_request_set_state (request, SERTEL_REQUEST_RECEIVED);
  sertel_request_set_state_since (request, now);
  sertel_request_set_version (request, 1);
  sertel_request_set_n_applicants (request, applicant_ids->len);

  {
    const char * const skip[] = { "version", NULL };
    after = sertel_store_describe_object (G_OBJECT (request), skip);
  }
  if (!sertel_store_audit_append (self, actor_id, "request.create", "request", id, NULL, after, error))
    goto fail;

  if (!sertel_db_commit (self->db, error))
    goto fail;

  if (out_warnings)
    *out_warnings = g_steal_pointer (&warnings);
  return id;

fail:
  sertel_db_rollback (self->db);
  return 0;
}

gboolean
sertel_store_update_request (SertelStore    *self,
                             SertelStaff    *actor,
                             SertelRequest  *edited,
                             GError        **error)
{
  g_autoptr(SertelRequest) current = NULL;
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *number = NULL;
  g_autofree char *perihal = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SertelRole role;
  gint64 opd_id, changed;
  const char * const skip[] = { "version", "state-since", NULL };

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (SERTEL_IS_REQUEST (edited), FALSE);

  if (!validate_request_fields (edited, &number, &perihal, error))
    return FALSE;

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;

  current = sertel_store_get_request_locked (self, sertel_request_get_id (edited), error);
  if (current == NULL)
    goto fail;
  /* Letter details are the intake's: the Operator corrects them while the
   * case has not gone past the Kepala Dinas, or after the OPD fixed it. */
  if (role != SERTEL_ROLE_OPERATOR ||
      (sertel_request_get_state (current) != SERTEL_REQUEST_RECEIVED &&
       sertel_request_get_state (current) != SERTEL_REQUEST_RETURNED))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Only the Operator may correct a request's letter details, and only before the disposition or after it was returned."));
      goto fail;
    }

  opd_id = ensure_opd_locked (self, sertel_staff_get_id (actor), sertel_request_get_opd_name (edited), error);
  if (opd_id == 0)
    goto fail;

  stmt = sertel_db_prepare (self->db,
                            "UPDATE request SET letter_number = $1, letter_date = $2, sifat = $3, perihal = $4,"
                            " opd_id = $5, version = version + 1 WHERE id = $6 AND version = $7", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_text (stmt, 1, number);
  sertel_db_stmt_bind_text (stmt, 2, sertel_request_get_letter_date (edited));
  sertel_db_stmt_bind_text (stmt, 3, sertel_request_get_sifat (edited));
  sertel_db_stmt_bind_text (stmt, 4, perihal);
  sertel_db_stmt_bind_int64 (stmt, 5, opd_id);
  sertel_db_stmt_bind_int64 (stmt, 6, sertel_request_get_id (edited));
  sertel_db_stmt_bind_int64 (stmt, 7, sertel_request_get_version (edited));
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    goto fail;
  if (changed == 0)
    {
      sertel_store_conflict (error);
      goto fail;
    }

  before = sertel_store_describe_object (G_OBJECT (current), skip);
  g_clear_object (&current);
  current = sertel_store_get_request_locked (self, sertel_request_get_id (edited), error);
  if (current == NULL)
    goto fail;
  after = sertel_store_describe_object (G_OBJECT (current), skip);
  if (!sertel_store_audit_append (self, sertel_staff_get_id (actor), "request.edit", "request",
                     sertel_request_get_id (edited), before, after, error))
    goto fail;
  if (!sertel_db_commit (self->db, error))
    goto fail;

  sertel_request_set_version (edited, sertel_request_get_version (current));
  sertel_request_set_opd_id (edited, opd_id);
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

GPtrArray *
sertel_store_list_requests (SertelStore  *self,
                            int           state,
                            guint         offset,
                            guint         limit,
                            GError      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT " REQUEST_COLUMNS REQUEST_FROM
                            " WHERE ($1 IS NULL OR r.state = $1) ORDER BY r.received_at DESC, r.id DESC"
                            " LIMIT $2 OFFSET $3", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_text (stmt, 1, state >= 0 ? sertel_request_state_to_string (state) : NULL);
  sertel_db_stmt_bind_int64 (stmt, 2, limit ? limit : G_MAXINT32);
  sertel_db_stmt_bind_int64 (stmt, 3, offset);
  return sertel_store_collect_rows (stmt, (RowFunc) sertel_store_request_from_row, g_object_unref, error);
}

gboolean
sertel_store_count_requests (SertelStore  *self,
                             guint         out_counts[6],
                             guint        *out_total,
                             GError      **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  SertelDbStep rc;
  guint total = 0;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);

  memset (out_counts, 0, sizeof (guint) * 6);
  stmt = sertel_db_prepare (self->db, "SELECT state, COUNT(*) FROM request GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sertel_db_stmt_step (stmt, error)) == SERTEL_DB_STEP_ROW)
    {
      gboolean ok = FALSE;
      SertelRequestState s = sertel_request_state_from_string (sertel_db_stmt_text (stmt, 0), &ok);
      guint n = (guint) sertel_db_stmt_int64 (stmt, 1);
      if (ok && (int) s >= 0 && s < 6)
        out_counts[s] = n;
      total += n;
    }
  if (rc == SERTEL_DB_STEP_ERROR)
    return FALSE;
  if (out_total)
    *out_total = total;
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Applicants */

GPtrArray *
sertel_store_list_applicants_locked (SertelStore *self, const char *where, gint64 id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *sql = g_strconcat ("SELECT " APPLICANT_COLUMNS " FROM applicant ", where, NULL);

  stmt = sertel_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, id);
  return sertel_store_collect_rows (stmt, (RowFunc) sertel_store_applicant_from_row, g_object_unref, error);
}

GPtrArray *
sertel_store_list_applicants (SertelStore *self, gint64 request_id, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  return sertel_store_list_applicants_locked (self, "WHERE request_id = $1 ORDER BY position, id", request_id, error);
}

SertelApplicant *
sertel_store_get_applicant_locked (SertelStore *self, gint64 applicant_id, GError **error)
{
  g_autoptr(GPtrArray) list = sertel_store_list_applicants_locked (self, "WHERE id = $1", applicant_id, error);

  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      sertel_store_not_found (error, _("Applicant"), applicant_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (list, 0));
}

SertelApplicant *
sertel_store_get_applicant (SertelStore *self, gint64 applicant_id, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);
  return sertel_store_get_applicant_locked (self, applicant_id, error);
}

/* Bumps the request's version so that every change to a case, even to one
 * applicant, is seen by a desk holding an older copy of it. */
static gboolean
bump_request_version (SertelStore *self, gint64 request_id, gint64 expected_version, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  gint64 changed;

  stmt = sertel_db_prepare (self->db,
                            "UPDATE request SET version = version + 1,"
                            " n_applicants = (SELECT COUNT(*) FROM applicant WHERE request_id = $1)"
                            " WHERE id = $1 AND ($2 = 0 OR version = $2)", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  sertel_db_stmt_bind_int64 (stmt, 2, expected_version);
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    return FALSE;
  if (changed == 0)
    return sertel_store_conflict (error);
  return TRUE;
}

gboolean
sertel_store_add_applicants (SertelStore  *self,
                             SertelStaff  *actor,
                             gint64        request_id,
                             gint64        expected_request_version,
                             GPtrArray    *applicants,
                             GPtrArray   **out_warnings,
                             guint        *out_failed_index,
                             GError      **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(SertelDbStmt) pos = NULL;
  g_autoptr(SertelDbStmt) count = NULL;
  SertelRole role;
  guint first_position;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (applicants != NULL, FALSE);

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  request = sertel_store_get_request_locked (self, request_id, error);
  if (request == NULL)
    goto fail;
  if (role != SERTEL_ROLE_OPERATOR ||
      (sertel_request_get_state (request) != SERTEL_REQUEST_RECEIVED &&
       sertel_request_get_state (request) != SERTEL_REQUEST_RETURNED))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Only the Operator may add applicants, and only before the disposition or after the request was returned."));
      goto fail;
    }
  if (!bump_request_version (self, request_id, expected_request_version, error))
    goto fail;

  pos = sertel_db_prepare (self->db, "SELECT COALESCE(MAX(position), 0) + 1 FROM applicant WHERE request_id = $1", error);
  if (pos == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (pos, 1, request_id);
  if (sertel_db_stmt_step (pos, error) != SERTEL_DB_STEP_ROW)
    goto fail;
  first_position = (guint) sertel_db_stmt_int64 (pos, 0);
  g_clear_pointer (&pos, sertel_db_stmt_release);

  /* All in one transaction: an employee list goes in whole or not at all. */
  for (guint i = 0; i < applicants->len; i++)
    {
      if (insert_applicant_locked (self, sertel_staff_get_id (actor), request_id, first_position + i,
                                   g_ptr_array_index (applicants, i), warnings, error) == 0)
        {
          if (out_failed_index)
            *out_failed_index = i;
          goto fail;
        }
    }

  /* The count was taken before the inserts: take it again, or the request
   * keeps saying it has fewer applicants (and cannot be assigned). */
  count = sertel_db_prepare (self->db,
                             "UPDATE request SET n_applicants = (SELECT COUNT(*) FROM applicant WHERE request_id = $1)"
                             " WHERE id = $1", error);
  if (count == NULL)
    goto fail;
  sertel_db_stmt_bind_int64 (count, 1, request_id);
  if (sertel_store_run (count, error) < 0 || !sertel_db_commit (self->db, error))
    goto fail;

  if (out_warnings)
    *out_warnings = g_steal_pointer (&warnings);
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

gint64
sertel_store_add_applicant (SertelStore      *self,
                            SertelStaff      *actor,
                            gint64            request_id,
                            gint64            expected_request_version,
                            SertelApplicant  *applicant,
                            GPtrArray       **out_warnings,
                            GError          **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (SERTEL_IS_APPLICANT (applicant), 0);

  g_ptr_array_add (one, applicant);
  if (!sertel_store_add_applicants (self, actor, request_id, expected_request_version, one,
                                    out_warnings, NULL, error))
    return 0;
  return sertel_applicant_get_id (applicant);
}

gboolean
sertel_store_record_export (SertelStore  *self,
                            SertelStaff  *actor,
                            const char   *what,
                            const char   *details,
                            GError      **error)
{
  g_autofree char *after = NULL;
  SertelRole role;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  /* Personal data leaves the register only on record (UU 27/2022): who,
   * when and what, so those affected can be told after a breach. */
  after = sertel_store_describe_pairs ("what", what, "details", details, NULL);
  if (!sertel_store_actor_role (self, actor, &role, error) ||
      !sertel_rights_check (role, SERTEL_RIGHT_EXPORT, error) ||
      !sertel_store_audit_append (self, sertel_staff_get_id (actor), "export", "export", 0, NULL, after, error) ||
      !sertel_db_commit (self->db, error))
    {
      sertel_db_rollback (self->db);
      return FALSE;
    }
  return TRUE;
}

gboolean
sertel_store_update_applicant (SertelStore      *self,
                               SertelStaff      *actor,
                               SertelApplicant  *edited,
                               GError          **error)
{
  g_autoptr(SertelApplicant) current = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SertelRole role;
  gint64 changed;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (SERTEL_IS_APPLICANT (edited), FALSE);

  if (!validate_applicant (self, edited, 1, error))
    return FALSE;

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  current = sertel_store_get_applicant_locked (self, sertel_applicant_get_id (edited), error);
  if (current == NULL)
    goto fail;
  request = sertel_store_get_request_locked (self, sertel_applicant_get_request_id (current), error);
  if (request == NULL)
    goto fail;
  /* The Operator corrects data at intake; the Kasi while verifying. */
  if (!((role == SERTEL_ROLE_OPERATOR &&
         (sertel_request_get_state (request) == SERTEL_REQUEST_RECEIVED ||
          sertel_request_get_state (request) == SERTEL_REQUEST_RETURNED)) ||
        (role == SERTEL_ROLE_KASI && sertel_request_get_state (request) == SERTEL_REQUEST_AT_KASI)))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Applicant data can be corrected by the Operator at intake or by the Kasi during verification, not at this step."));
      goto fail;
    }

  stmt = sertel_db_prepare (self->db,
                            "UPDATE applicant SET name = $1, name_titled = $2, nik = $3, nip = $4, pangkat = $5,"
                            " jabatan = $6, unit_kerja = $7, opd = $8, office_address = $9, city = $10, province = $11,"
                            " email = $12, phone = $13, mismatch_reason = $14, version = version + 1"
                            " WHERE id = $15 AND version = $16", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_text (stmt, 1, sertel_applicant_get_name (edited));
  sertel_db_stmt_bind_text (stmt, 2, sertel_applicant_get_name_titled (edited));
  sertel_db_stmt_bind_text (stmt, 3, sertel_applicant_get_nik (edited));
  sertel_db_stmt_bind_text (stmt, 4, sertel_applicant_get_nip (edited));
  sertel_db_stmt_bind_text (stmt, 5, sertel_applicant_get_pangkat (edited));
  sertel_db_stmt_bind_text (stmt, 6, sertel_applicant_get_jabatan (edited));
  sertel_db_stmt_bind_text (stmt, 7, sertel_applicant_get_unit_kerja (edited));
  sertel_db_stmt_bind_text (stmt, 8, sertel_applicant_get_opd (edited));
  sertel_db_stmt_bind_text (stmt, 9, sertel_applicant_get_office_address (edited));
  sertel_db_stmt_bind_text (stmt, 10, sertel_applicant_get_city (edited));
  sertel_db_stmt_bind_text (stmt, 11, sertel_applicant_get_province (edited));
  sertel_db_stmt_bind_text (stmt, 12, sertel_applicant_get_email (edited));
  sertel_db_stmt_bind_text (stmt, 13, sertel_applicant_get_phone (edited));
  sertel_db_stmt_bind_text (stmt, 14, sertel_applicant_get_mismatch_reason (edited));
  sertel_db_stmt_bind_int64 (stmt, 15, sertel_applicant_get_id (edited));
  sertel_db_stmt_bind_int64 (stmt, 16, sertel_applicant_get_version (edited));
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    goto fail;
  if (changed == 0)
    {
      sertel_store_conflict (error);
      goto fail;
    }
  if (!bump_request_version (self, sertel_applicant_get_request_id (current), 0, error))
    goto fail;

  before = sertel_store_describe_object (G_OBJECT (current), NULL);
  g_clear_object (&current);
  current = sertel_store_get_applicant_locked (self, sertel_applicant_get_id (edited), error);
  if (current == NULL)
    goto fail;
  after = sertel_store_describe_object (G_OBJECT (current), NULL);
  if (!sertel_store_audit_append (self, sertel_staff_get_id (actor), "applicant.edit", "applicant",
                     sertel_applicant_get_id (edited), before, after, error))
    goto fail;
  if (!sertel_db_commit (self->db, error))
    goto fail;

  sertel_applicant_set_version (edited, sertel_applicant_get_version (current));
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

/* ------------------------------------------------------------------------- */
/* Letter numbers */

static const char *
roman_month (int month)
{
  static const char *roman[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII" };
  return month >= 1 && month <= 12 ? roman[month - 1] : "";
}

char *
sertel_store_format_letter_number (SertelStore *self, guint serial, int year)
{
  g_autoptr(GString) s = NULL;
  g_autoptr(GDateTime) now = NULL;
  char buf[32];

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  now = g_date_time_new_from_unix_local (sertel_store_now (self));
  s = g_string_new (self->letter_pattern);
  g_string_replace (s, "{klasifikasi}", self->letter_classification, 0);
  g_string_replace (s, "{unit}", self->letter_unit, 0);
  g_snprintf (buf, sizeof buf, "%u", serial);
  g_string_replace (s, "{urut}", buf, 0);
  g_snprintf (buf, sizeof buf, "%d", year);
  g_string_replace (s, "{tahun}", buf, 0);
  g_string_replace (s, "{bulan}", roman_month (g_date_time_get_month (now)), 0);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Takes the next serial of the year inside the caller's transaction: the
 * write lock makes it unique even across desks and processes. */
static char *
reserve_letter_number_locked (SertelStore *self, const char *kind, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (sertel_store_now (self));
  int year = g_date_time_get_year (now);
  guint serial;

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO letter_counter (kind, year, last) VALUES ($1, $2, 1)"
                            " ON CONFLICT (kind, year) DO UPDATE SET last = letter_counter.last + 1"
                            " RETURNING last", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_text (stmt, 1, kind);
  sertel_db_stmt_bind_int64 (stmt, 2, year);
  if (sertel_db_stmt_step (stmt, error) != SERTEL_DB_STEP_ROW)
    return NULL;
  serial = (guint) sertel_db_stmt_int64 (stmt, 0);

  return sertel_store_format_letter_number (self, serial, year);
}

/* ------------------------------------------------------------------------- */
/* Workflow */

static gboolean
insert_transition (SertelStore *self, gint64 request_id, gint64 applicant_id, SertelAction action,
                   const char *from, const char *to, gint64 actor_id, gint64 at, const char *instructions,
                   const char *note, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  stmt = sertel_db_prepare (self->db,
                            "INSERT INTO transition (request_id, applicant_id, action, from_state, to_state, actor_id, at,"
                            " note, instructions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  if (applicant_id > 0)
    sertel_db_stmt_bind_int64 (stmt, 2, applicant_id);
  else
    sertel_db_stmt_bind_null (stmt, 2);
  sertel_db_stmt_bind_text (stmt, 3, sertel_action_to_string (action));
  sertel_db_stmt_bind_text (stmt, 4, from);
  sertel_db_stmt_bind_text (stmt, 5, to);
  sertel_db_stmt_bind_int64 (stmt, 6, actor_id);
  sertel_db_stmt_bind_int64 (stmt, 7, at);
  sertel_db_stmt_bind_text (stmt, 8, note && *note ? note : NULL);
  sertel_db_stmt_bind_text (stmt, 9, instructions && *instructions ? instructions : NULL);
  return sertel_store_run (stmt, error) >= 0;
}

static gboolean
move_request_locked (SertelStore    *self,
                     gint64          actor_id,
                     SertelRole      role,
                     SertelRequest  *request,
                     gint64          expected_version,
                     SertelAction    action,
                     gint64          assignee,
                     const char     *instructions,
                     const char     *note,
                     GError        **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autofree char *number = NULL;
  g_autofree char *clean_note = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SertelRequestState from = sertel_request_get_state (request);
  gint64 request_id = sertel_request_get_id (request);
  gint64 now = sertel_store_now (self);
  gint64 changed;
  int to;

  /* Cleaned first: a reason of nothing but invisible characters is none. */
  if (note)
    {
      clean_note = sertel_field_clean (action == SERTEL_ACTION_RETURN ? SERTEL_FIELD_REASON : SERTEL_FIELD_NOTE,
                                       note, FALSE, error);
      if (clean_note == NULL)
        return FALSE;
    }
  if (!sertel_workflow_check (action, from, role, clean_note, &to, error))
    return FALSE;

  if (action == SERTEL_ACTION_ASSIGN)
    {
      g_autoptr(SertelDbStmt) check = NULL;
      SertelDbStep rc;

      check = sertel_db_prepare (self->db, "SELECT role, active FROM staff WHERE id = $1", error);
      if (check == NULL)
        return FALSE;
      sertel_db_stmt_bind_int64 (check, 1, assignee);
      rc = sertel_db_stmt_step (check, error);
      if (rc == SERTEL_DB_STEP_ERROR)
        return FALSE;
      if (rc == SERTEL_DB_STEP_DONE ||
          sertel_role_from_string (sertel_db_stmt_text (check, 0)) != SERTEL_ROLE_VERIFIKATOR ||
          sertel_db_stmt_int64 (check, 1) == 0)
        {
          g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                               _("Choose an active Verifikator to handle the request."));
          return FALSE;
        }
      if (sertel_request_get_n_applicants (request) == 0)
        {
          g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                               _("The request has no applicants; return it to the OPD instead."));
          return FALSE;
        }
      /* The Surat Rekomendasi is the output of this step: its number is
       * taken in the same transaction, so it is never handed out twice. */
      if (sertel_request_get_recommendation_number (request) == NULL)
        {
          number = reserve_letter_number_locked (self, "rekomendasi", error);
          if (number == NULL)
            return FALSE;
        }
    }
  else if (action == SERTEL_ACTION_COMPLETE)
    {
      g_autoptr(GPtrArray) applicants = sertel_store_list_applicants_locked (self, "WHERE request_id = $1", request_id, error);
      g_autofree SertelApplicantState *states = NULL;

      if (applicants == NULL)
        return FALSE;
      states = g_new0 (SertelApplicantState, applicants->len + 1);
      for (guint i = 0; i < applicants->len; i++)
        states[i] = sertel_applicant_get_state (g_ptr_array_index (applicants, i));
      if (!sertel_workflow_all_applicants_done (states, applicants->len))
        {
          g_set_error_literal (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_NOT_FINISHED,
                               _("The request can be completed only when every applicant is issued or rejected."));
          return FALSE;
        }
    }

  before = sertel_store_describe_pairs ("state", sertel_request_state_to_string (from), NULL);

  stmt = sertel_db_prepare (self->db,
                            "UPDATE request SET state = $1, state_since = $2, version = version + 1,"
                            " assigned_to = CASE WHEN $3 > 0 THEN $3 ELSE assigned_to END,"
                            " return_reason = CASE WHEN $1 = 'returned' THEN $4 WHEN $1 = 'received' THEN NULL ELSE return_reason END,"
                            " recommendation_number = COALESCE(recommendation_number, $5)"
                            " WHERE id = $6 AND version = $7 AND state = $8", error);
  if (stmt == NULL)
    return FALSE;
  sertel_db_stmt_bind_text (stmt, 1, sertel_request_state_to_string (to));
  sertel_db_stmt_bind_int64 (stmt, 2, now);
  sertel_db_stmt_bind_int64 (stmt, 3, action == SERTEL_ACTION_ASSIGN ? assignee : 0);
  sertel_db_stmt_bind_text (stmt, 4, clean_note);
  sertel_db_stmt_bind_text (stmt, 5, number);
  sertel_db_stmt_bind_int64 (stmt, 6, request_id);
  sertel_db_stmt_bind_int64 (stmt, 7, expected_version);
  sertel_db_stmt_bind_text (stmt, 8, sertel_request_state_to_string (from));
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    return FALSE;
  if (changed == 0)
    return sertel_store_conflict (error);

  if (!insert_transition (self, request_id, 0, action, sertel_request_state_to_string (from),
                          sertel_request_state_to_string (to), actor_id, now, instructions, clean_note, error))
    return FALSE;

  {
    g_autofree char *assignee_str = assignee > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, assignee) : NULL;
    after = sertel_store_describe_pairs ("state", sertel_request_state_to_string (to), "note", clean_note,
                                         "instructions", instructions,
                            "assigned-to", assignee_str, "recommendation-number", number, NULL);
  }
  {
    g_autofree char *what = g_strconcat ("request.", sertel_action_to_string (action), NULL);
    return sertel_store_audit_append (self, actor_id, what, "request", request_id, before, after, error);
  }
}

gboolean
sertel_store_move_request (SertelStore   *self,
                           SertelStaff   *actor,
                           gint64         request_id,
                           gint64         expected_version,
                           SertelAction   action,
                           gint64         assignee,
                           const char    *note,
                           GError       **error)
{
  return sertel_store_move_request_full (self, actor, request_id, expected_version, action,
                                         assignee, NULL, note, error);
}

gboolean
sertel_store_move_request_full (SertelStore   *self,
                                SertelStaff   *actor,
                                gint64         request_id,
                                gint64         expected_version,
                                SertelAction   action,
                                gint64         assignee,
                                const char    *instructions,
                                const char    *note,
                                GError       **error)
{
  g_autoptr(SertelRequest) request = NULL;
  SertelRole role;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  request = sertel_store_get_request_locked (self, request_id, error);
  if (request == NULL)
    goto fail;
  if (sertel_request_get_version (request) != expected_version)
    {
      sertel_store_conflict (error);
      goto fail;
    }
  if (instructions && (!g_utf8_validate (instructions, -1, NULL) || strlen (instructions) > 1000))
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                           _("The instructions are too long or not valid text."));
      goto fail;
    }
  if (!move_request_locked (self, sertel_staff_get_id (actor), role, request, expected_version,
                            action, assignee, instructions, note, error))
    goto fail;
  return sertel_db_commit (self->db, error) || (sertel_db_rollback (self->db), FALSE);

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

gboolean
sertel_store_move_applicant (SertelStore   *self,
                             SertelStaff   *actor,
                             gint64         applicant_id,
                             gint64         expected_version,
                             SertelAction   action,
                             const char    *reason,
                             GError       **error)
{
  g_autoptr(SertelApplicant) applicant = NULL;
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) siblings = NULL;
  g_autofree SertelApplicantState *states = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SertelApplicantState from;
  SertelRole role;
  gint64 changed, now, actor_id;
  int to;

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return FALSE;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  actor_id = sertel_staff_get_id (actor);
  applicant = sertel_store_get_applicant_locked (self, applicant_id, error);
  if (applicant == NULL)
    goto fail;
  request = sertel_store_get_request_locked (self, sertel_applicant_get_request_id (applicant), error);
  if (request == NULL)
    goto fail;
  if (sertel_request_get_state (request) != SERTEL_REQUEST_AT_VERIFIKATOR)
    {
      g_set_error (error, SERTEL_WORKFLOW_ERROR, SERTEL_WORKFLOW_ERROR_WRONG_STATE,
                   _("Applicants are registered only while the request is at the Verifikator; this one is: %s."),
                   sertel_request_state_display_name (sertel_request_get_state (request)));
      goto fail;
    }

  from = sertel_applicant_get_state (applicant);
  if (reason)
    {
      clean = sertel_field_clean (SERTEL_FIELD_REASON, reason, FALSE, error);
      if (clean == NULL)
        goto fail;
    }
  if (!sertel_workflow_check (action, from, role, clean, &to, error))
    goto fail;

  now = sertel_store_now (self);
  stmt = sertel_db_prepare (self->db,
                            "UPDATE applicant SET state = $1, state_reason = CASE WHEN $1 = 'rejected' THEN $2 ELSE state_reason END,"
                            " version = version + 1 WHERE id = $3 AND version = $4 AND state = $5", error);
  if (stmt == NULL)
    goto fail;
  sertel_db_stmt_bind_text (stmt, 1, sertel_applicant_state_to_string (to));
  sertel_db_stmt_bind_text (stmt, 2, clean);
  sertel_db_stmt_bind_int64 (stmt, 3, applicant_id);
  sertel_db_stmt_bind_int64 (stmt, 4, expected_version);
  sertel_db_stmt_bind_text (stmt, 5, sertel_applicant_state_to_string (from));
  changed = sertel_store_run (stmt, error);
  if (changed < 0)
    goto fail;
  if (changed == 0)
    {
      sertel_store_conflict (error);
      goto fail;
    }
  if (!bump_request_version (self, sertel_request_get_id (request), 0, error))
    goto fail;
  if (!insert_transition (self, sertel_request_get_id (request), applicant_id, action,
                          sertel_applicant_state_to_string (from), sertel_applicant_state_to_string (to),
                          actor_id, now, NULL, clean, error))
    goto fail;

  before = sertel_store_describe_pairs ("state", sertel_applicant_state_to_string (from), NULL);
  after = sertel_store_describe_pairs ("state", sertel_applicant_state_to_string (to), "reason", clean, NULL);
  {
    g_autofree char *what = g_strconcat ("applicant.", sertel_action_to_string (action), NULL);
    if (!sertel_store_audit_append (self, actor_id, what, "applicant", applicant_id, before, after, error))
      goto fail;
  }

  /* The request completes with its last applicant. */
  siblings = sertel_store_list_applicants_locked (self, "WHERE request_id = $1", sertel_request_get_id (request), error);
  if (siblings == NULL)
    goto fail;
  states = g_new0 (SertelApplicantState, siblings->len + 1);
  for (guint i = 0; i < siblings->len; i++)
    states[i] = sertel_applicant_get_state (g_ptr_array_index (siblings, i));
  if (sertel_workflow_all_applicants_done (states, siblings->len))
    {
      g_autoptr(SertelRequest) fresh = sertel_store_get_request_locked (self, sertel_request_get_id (request), error);
      if (fresh == NULL ||
          !move_request_locked (self, actor_id, role, fresh, sertel_request_get_version (fresh),
                                SERTEL_ACTION_COMPLETE, 0, NULL, NULL, error))
        goto fail;
    }

  if (!sertel_db_commit (self->db, error))
    goto fail;
  return TRUE;

fail:
  sertel_db_rollback (self->db);
  return FALSE;
}

static gpointer
transition_from_row (SertelDbStmt *stmt)
{
  SertelTransitionRecord *t = g_new0 (SertelTransitionRecord, 1);
  t->id = sertel_db_stmt_int64 (stmt, 0);
  t->applicant_id = sertel_db_stmt_int64 (stmt, 1);
  t->action = sertel_store_dup_col (stmt, 2);
  t->from_state = sertel_store_dup_col (stmt, 3);
  t->to_state = sertel_store_dup_col (stmt, 4);
  t->actor_id = sertel_db_stmt_int64 (stmt, 5);
  t->actor_name = sertel_store_dup_col (stmt, 6);
  t->at = sertel_db_stmt_int64 (stmt, 7);
  t->note = sertel_store_dup_col (stmt, 8);
  t->instructions = sertel_store_dup_col (stmt, 9);
  return t;
}

GPtrArray *
sertel_store_list_transitions (SertelStore *self, gint64 request_id, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT t.id, t.applicant_id, t.action, t.from_state, t.to_state, t.actor_id, s.name, t.at, t.note,"
                            " t.instructions"
                            " FROM transition t LEFT JOIN staff s ON s.id = t.actor_id"
                            " WHERE t.request_id = $1 ORDER BY t.id", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  return sertel_store_collect_rows (stmt, transition_from_row, (GDestroyNotify) sertel_transition_record_free, error);
}

gboolean
sertel_store_get_sla (SertelStore *self, gint64 request_id, SertelSla *out_sla, GError **error)
{
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GPtrArray) transitions = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (SertelWorkflowEvent));

  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);

  request = sertel_store_get_request_locked (self, request_id, error);
  if (request == NULL)
    return FALSE;
  transitions = sertel_store_list_transitions (self, request_id, error);
  if (transitions == NULL)
    return FALSE;

  for (guint i = 0; i < transitions->len; i++)
    {
      SertelTransitionRecord *t = g_ptr_array_index (transitions, i);
      SertelWorkflowEvent ev = { 0 };

      ev.at = t->at;
      ev.on_applicant = t->applicant_id > 0;
      ev.applicant_id = t->applicant_id;
      if (ev.on_applicant)
        {
          ev.from = sertel_applicant_state_from_string (t->from_state, NULL);
          ev.to = sertel_applicant_state_from_string (t->to_state, NULL);
        }
      else
        {
          ev.from = sertel_request_state_from_string (t->from_state, NULL);
          ev.to = sertel_request_state_from_string (t->to_state, NULL);
        }
      g_array_append_val (events, ev);
    }

  sertel_workflow_compute_sla (SERTEL_REQUEST_RECEIVED, sertel_request_get_received_at (request),
                               (const SertelWorkflowEvent *) events->data, events->len,
                               sertel_request_get_n_applicants (request), sertel_store_now (self), out_sla);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Attachments */

gint64
sertel_store_add_attachment (SertelStore  *self,
                             SertelStaff  *actor,
                             gint64        request_id,
                             gint64        applicant_id,
                             const char   *kind,
                             const char   *file_name,
                             GBytes       *data,
                             GError      **error)
{
  g_autoptr(SertelRequest) request = NULL;
  SertelRole role;
  gint64 id;

  g_return_val_if_fail (SERTEL_IS_STORE (self), 0);

  LOCKED (self);
  if (!sertel_db_begin (self->db, TRUE, error))
    return 0;
  if (!sertel_store_actor_role (self, actor, &role, error))
    goto fail;
  request = sertel_store_get_request_locked (self, request_id, error);
  if (request == NULL)
    goto fail;
  if (role != SERTEL_ROLE_OPERATOR && role != SERTEL_ROLE_KASI)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("Only the Operator or the Kasi may attach files to a request."));
      goto fail;
    }
  if (applicant_id > 0)
    {
      g_autoptr(SertelApplicant) a = sertel_store_get_applicant_locked (self, applicant_id, error);
      if (a == NULL)
        goto fail;
      if (sertel_applicant_get_request_id (a) != request_id)
        {
          g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                               _("That applicant is on another request."));
          goto fail;
        }
    }
  id = insert_attachment_locked (self, sertel_staff_get_id (actor), request_id, applicant_id,
                                 kind, file_name, data, error);
  if (id == 0 || !bump_request_version (self, request_id, 0, error) || !sertel_db_commit (self->db, error))
    goto fail;
  return id;

fail:
  sertel_db_rollback (self->db);
  return 0;
}

static gpointer
attachment_from_row (SertelDbStmt *stmt)
{
  SertelAttachment *a = sertel_attachment_new ();
  sertel_attachment_set_id (a, sertel_db_stmt_int64 (stmt, 0));
  sertel_attachment_set_request_id (a, sertel_db_stmt_int64 (stmt, 1));
  sertel_attachment_set_applicant_id (a, sertel_db_stmt_int64 (stmt, 2));
  sertel_attachment_set_kind (a, sertel_db_stmt_text (stmt, 3));
  sertel_attachment_set_file_name (a, sertel_db_stmt_text (stmt, 4));
  sertel_attachment_set_mime (a, sertel_db_stmt_text (stmt, 5));
  sertel_attachment_set_size (a, sertel_db_stmt_int64 (stmt, 6));
  sertel_attachment_set_sha256 (a, sertel_db_stmt_text (stmt, 7));
  sertel_attachment_set_added_at (a, sertel_db_stmt_int64 (stmt, 8));
  if (!sertel_db_stmt_is_null (stmt, 9))
    sertel_attachment_set_purged_at (a, sertel_db_stmt_int64 (stmt, 9));
  return a;
}

GPtrArray *
sertel_store_list_attachments (SertelStore *self, gint64 request_id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SertelDbStmt) stmt = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT id, request_id, applicant_id, kind, file_name, mime, size, sha256, added_at, purged_at"
                            " FROM attachment WHERE request_id = $1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, request_id);
  return sertel_store_collect_rows (stmt, attachment_from_row, g_object_unref, error);
}

GBytes *
sertel_store_read_attachment (SertelStore *self, gint64 attachment_id, GError **error)
{
  g_autoptr(SertelDbStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SertelDbStep rc;

  g_return_val_if_fail (SERTEL_IS_STORE (self), NULL);
  LOCKED (self);

  stmt = sertel_db_prepare (self->db,
                            "SELECT b.data, a.sha256, a.purged_at FROM attachment a JOIN blob b ON b.sha256 = a.sha256 WHERE a.id = $1",
                            error);
  if (stmt == NULL)
    return NULL;
  sertel_db_stmt_bind_int64 (stmt, 1, attachment_id);
  rc = sertel_db_stmt_step (stmt, error);
  if (rc == SERTEL_DB_STEP_ERROR)
    return NULL;
  if (rc == SERTEL_DB_STEP_DONE)
    {
      sertel_store_not_found (error, _("Attachment"), attachment_id);
      return NULL;
    }
  if (!sertel_db_stmt_is_null (stmt, 2))
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (sertel_db_stmt_int64 (stmt, 2));
      g_autofree char *date = g_date_time_format (when, "%d-%m-%Y");
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_FOUND,
                   _("This scan was removed on %s under the retention rule for closed cases."), date);
      return NULL;
    }
  bytes = sertel_store_blob_from_row (stmt, 0, 1);
  if (bytes == NULL)
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_AUDIT,
                   _("Attachment %" PRId64 " is damaged: its content no longer matches its fingerprint. Restore the register from a backup."),
                   attachment_id);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* ------------------------------------------------------------------------- */
/* Maintenance */

gboolean
sertel_store_integrity_check (SertelStore *self, char **report, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  LOCKED (self);
  return sertel_db_integrity_check (self->db, report, error);
}

gboolean
sertel_store_backup (SertelStore *self, const char *dest_path, GError **error)
{
  g_return_val_if_fail (SERTEL_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists. Choose a new file name for the backup."), dest_path);
      return FALSE;
    }
  /* A register on a server is backed up as a SQLite file with the same rows:
   * it opens in Sertel and `sertel-cli migrate-to-postgresql` puts it back. */
  if (SERTEL_IS_DB_PG (self->db))
    return sertel_store_copy_to_new_file (self, dest_path, NULL, NULL, error);
  LOCKED (self);
  return sertel_db_backup (self->db, dest_path, error);
}

gboolean
sertel_store_restore (const char *source, const char *dest_path, GError **error)
{
  g_autoptr(SertelStore) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp = NULL;
  gint64 bad = 0;

  g_return_val_if_fail (source != NULL && dest_path != NULL, FALSE);

  if (sertel_db_pg_is_location (dest_path))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("A register on a PostgreSQL server is not replaced by a file. Restore the backup into a new, "
                     "empty database with “sertel-cli migrate-to-postgresql” and point Sertel at that database."));
      return FALSE;
    }

  /* Check the file read-only before anything is replaced; the message says
   * which check failed. */
  if (!sertel_store_check_file (source, &local_error))
    {
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("Nothing was replaced: the file cannot be restored. %s"), local_error->message);
      return FALSE;
    }

  /* Copy next to the target, verify the copy, then swap it in. */
  tmp = g_strconcat (dest_path, ".restoring", NULL);
  g_remove (tmp);
  {
    g_autoptr(SertelDb) src = sertel_db_sqlite_open_readonly (source, error);
    if (src == NULL || !sertel_db_backup (src, tmp, error))
      return FALSE;
  }
  probe = sertel_store_open (tmp, error);
  if (probe == NULL)
    {
      g_remove (tmp);
      return FALSE;
    }
  if (!sertel_store_verify_audit (probe, &bad, NULL, &local_error))
    {
      g_clear_object (&probe);
      g_remove (tmp);
      g_set_error (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_INVALID,
                   _("%s cannot be restored: %s"), source, local_error->message);
      return FALSE;
    }
  sertel_db_exec (probe->db, "PRAGMA journal_mode = DELETE", NULL);
  g_clear_object (&probe);

  {
    g_autofree char *wal = g_strconcat (dest_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (dest_path, "-shm", NULL);
    g_autoptr(GFile) from = g_file_new_for_path (tmp);
    g_autoptr(GFile) to = g_file_new_for_path (dest_path);

    if (!g_file_move (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
      {
        g_remove (tmp);
        return FALSE;
      }
    g_remove (wal);
    g_remove (shm);
  }
  return TRUE;
}
