/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-request.h"
#include "sertel-enums.h"

struct _SertelRequest
{
  GObject parent_instance;

  gint64              id;
  char               *letter_number;
  char               *letter_date;
  gint64              received_at;
  char               *sifat;
  char               *perihal;
  gint64              opd_id;
  char               *opd_name;
  SertelRequestState  state;
  gint64              state_since;
  gint64              assigned_to;
  char               *return_reason;
  char               *recommendation_number;
  gint64              version;
  guint               n_applicants;
};

G_DEFINE_FINAL_TYPE (SertelRequest, sertel_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LETTER_NUMBER,
  PROP_LETTER_DATE,
  PROP_RECEIVED_AT,
  PROP_SIFAT,
  PROP_PERIHAL,
  PROP_OPD_ID,
  PROP_OPD_NAME,
  PROP_STATE,
  PROP_STATE_SINCE,
  PROP_ASSIGNED_TO,
  PROP_RETURN_REASON,
  PROP_RECOMMENDATION_NUMBER,
  PROP_VERSION,
  PROP_N_APPLICANTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sertel_request_finalize (GObject *object)
{
  SertelRequest *self = (SertelRequest *) object;

  g_clear_pointer (&self->letter_number, g_free);
  g_clear_pointer (&self->letter_date, g_free);
  g_clear_pointer (&self->sifat, g_free);
  g_clear_pointer (&self->perihal, g_free);
  g_clear_pointer (&self->opd_name, g_free);
  g_clear_pointer (&self->return_reason, g_free);
  g_clear_pointer (&self->recommendation_number, g_free);

  G_OBJECT_CLASS (sertel_request_parent_class)->finalize (object);
}

static void
sertel_request_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SertelRequest *self = SERTEL_REQUEST (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_LETTER_NUMBER:
      g_value_set_string (value, self->letter_number);
      break;

    case PROP_LETTER_DATE:
      g_value_set_string (value, self->letter_date);
      break;

    case PROP_RECEIVED_AT:
      g_value_set_int64 (value, self->received_at);
      break;

    case PROP_SIFAT:
      g_value_set_string (value, self->sifat);
      break;

    case PROP_PERIHAL:
      g_value_set_string (value, self->perihal);
      break;

    case PROP_OPD_ID:
      g_value_set_int64 (value, self->opd_id);
      break;

    case PROP_OPD_NAME:
      g_value_set_string (value, self->opd_name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATE_SINCE:
      g_value_set_int64 (value, self->state_since);
      break;

    case PROP_ASSIGNED_TO:
      g_value_set_int64 (value, self->assigned_to);
      break;

    case PROP_RETURN_REASON:
      g_value_set_string (value, self->return_reason);
      break;

    case PROP_RECOMMENDATION_NUMBER:
      g_value_set_string (value, self->recommendation_number);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_N_APPLICANTS:
      g_value_set_uint (value, self->n_applicants);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_request_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SertelRequest *self = SERTEL_REQUEST (object);

  switch (prop_id)
    {
    case PROP_ID:
      sertel_request_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_LETTER_NUMBER:
      sertel_request_set_letter_number (self, g_value_get_string (value));
      break;

    case PROP_LETTER_DATE:
      sertel_request_set_letter_date (self, g_value_get_string (value));
      break;

    case PROP_RECEIVED_AT:
      sertel_request_set_received_at (self, g_value_get_int64 (value));
      break;

    case PROP_SIFAT:
      sertel_request_set_sifat (self, g_value_get_string (value));
      break;

    case PROP_PERIHAL:
      sertel_request_set_perihal (self, g_value_get_string (value));
      break;

    case PROP_OPD_ID:
      sertel_request_set_opd_id (self, g_value_get_int64 (value));
      break;

    case PROP_OPD_NAME:
      sertel_request_set_opd_name (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      sertel_request_set_state (self, g_value_get_enum (value));
      break;

    case PROP_STATE_SINCE:
      sertel_request_set_state_since (self, g_value_get_int64 (value));
      break;

    case PROP_ASSIGNED_TO:
      sertel_request_set_assigned_to (self, g_value_get_int64 (value));
      break;

    case PROP_RETURN_REASON:
      sertel_request_set_return_reason (self, g_value_get_string (value));
      break;

    case PROP_RECOMMENDATION_NUMBER:
      sertel_request_set_recommendation_number (self, g_value_get_string (value));
      break;

    case PROP_VERSION:
      sertel_request_set_version (self, g_value_get_int64 (value));
      break;

    case PROP_N_APPLICANTS:
      sertel_request_set_n_applicants (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_request_class_init (SertelRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sertel_request_finalize;
  object_class->get_property = sertel_request_get_property;
  object_class->set_property = sertel_request_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_LETTER_NUMBER] =
    g_param_spec_string ("letter-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* ISO 8601 date, YYYY-MM-DD */
  properties[PROP_LETTER_DATE] =
    g_param_spec_string ("letter-date", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* UNIX seconds */
  properties[PROP_RECEIVED_AT] =
    g_param_spec_int64 ("received-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_SIFAT] =
    g_param_spec_string ("sifat", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PERIHAL] =
    g_param_spec_string ("perihal", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_OPD_ID] =
    g_param_spec_int64 ("opd-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_OPD_NAME] =
    g_param_spec_string ("opd-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SERTEL_TYPE_REQUEST_STATE,
                       SERTEL_REQUEST_RECEIVED,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /* UNIX seconds the request entered its state */
  properties[PROP_STATE_SINCE] =
    g_param_spec_int64 ("state-since", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /* staff id of the Verifikator, 0 for none */
  properties[PROP_ASSIGNED_TO] =
    g_param_spec_int64 ("assigned-to", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_RETURN_REASON] =
    g_param_spec_string ("return-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_RECOMMENDATION_NUMBER] =
    g_param_spec_string ("recommendation-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* bumped by the store on every save */
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_N_APPLICANTS] =
    g_param_spec_uint ("n-applicants", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sertel_request_init (SertelRequest *self)
{
  self->state = SERTEL_REQUEST_RECEIVED;
}

SertelRequest *
sertel_request_new (void)
{
  return g_object_new (SERTEL_TYPE_REQUEST, NULL);
}

/**
 * sertel_request_copy:
 * @self: a #SertelRequest
 *
 * Returns: (transfer full): a new object with every property of @self
 */
SertelRequest *
sertel_request_copy (SertelRequest *self)
{
  SertelRequest *copy;

  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  copy = sertel_request_new ();
  copy->id = self->id;
  copy->letter_number = g_strdup (self->letter_number);
  copy->letter_date = g_strdup (self->letter_date);
  copy->received_at = self->received_at;
  copy->sifat = g_strdup (self->sifat);
  copy->perihal = g_strdup (self->perihal);
  copy->opd_id = self->opd_id;
  copy->opd_name = g_strdup (self->opd_name);
  copy->state = self->state;
  copy->state_since = self->state_since;
  copy->assigned_to = self->assigned_to;
  copy->return_reason = g_strdup (self->return_reason);
  copy->recommendation_number = g_strdup (self->recommendation_number);
  copy->version = self->version;
  copy->n_applicants = self->n_applicants;

  return copy;
}

gint64
sertel_request_get_id (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->id;
}

void
sertel_request_set_id (SertelRequest *self,
                       gint64         id)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
sertel_request_get_letter_number (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->letter_number;
}

void
sertel_request_set_letter_number (SertelRequest *self,
                                  const char    *letter_number)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->letter_number, letter_number) == 0)
    return;

  g_free (self->letter_number);
  self->letter_number = g_strdup (letter_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LETTER_NUMBER]);
}

const char *
sertel_request_get_letter_date (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->letter_date;
}

void
sertel_request_set_letter_date (SertelRequest *self,
                                const char    *letter_date)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->letter_date, letter_date) == 0)
    return;

  g_free (self->letter_date);
  self->letter_date = g_strdup (letter_date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LETTER_DATE]);
}

gint64
sertel_request_get_received_at (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->received_at;
}

void
sertel_request_set_received_at (SertelRequest *self,
                                gint64         received_at)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->received_at == received_at)
    return;

  self->received_at = received_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED_AT]);
}

const char *
sertel_request_get_sifat (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->sifat;
}

void
sertel_request_set_sifat (SertelRequest *self,
                          const char    *sifat)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->sifat, sifat) == 0)
    return;

  g_free (self->sifat);
  self->sifat = g_strdup (sifat);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIFAT]);
}

const char *
sertel_request_get_perihal (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->perihal;
}

void
sertel_request_set_perihal (SertelRequest *self,
                            const char    *perihal)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->perihal, perihal) == 0)
    return;

  g_free (self->perihal);
  self->perihal = g_strdup (perihal);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIHAL]);
}

gint64
sertel_request_get_opd_id (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->opd_id;
}

void
sertel_request_set_opd_id (SertelRequest *self,
                           gint64         opd_id)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->opd_id == opd_id)
    return;

  self->opd_id = opd_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPD_ID]);
}

const char *
sertel_request_get_opd_name (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->opd_name;
}

void
sertel_request_set_opd_name (SertelRequest *self,
                             const char    *opd_name)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->opd_name, opd_name) == 0)
    return;

  g_free (self->opd_name);
  self->opd_name = g_strdup (opd_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPD_NAME]);
}

SertelRequestState
sertel_request_get_state (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), SERTEL_REQUEST_RECEIVED);

  return self->state;
}

void
sertel_request_set_state (SertelRequest      *self,
                          SertelRequestState  state)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gint64
sertel_request_get_state_since (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->state_since;
}

void
sertel_request_set_state_since (SertelRequest *self,
                                gint64         state_since)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->state_since == state_since)
    return;

  self->state_since = state_since;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_SINCE]);
}

gint64
sertel_request_get_assigned_to (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->assigned_to;
}

void
sertel_request_set_assigned_to (SertelRequest *self,
                                gint64         assigned_to)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->assigned_to == assigned_to)
    return;

  self->assigned_to = assigned_to;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNED_TO]);
}

const char *
sertel_request_get_return_reason (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->return_reason;
}

void
sertel_request_set_return_reason (SertelRequest *self,
                                  const char    *return_reason)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->return_reason, return_reason) == 0)
    return;

  g_free (self->return_reason);
  self->return_reason = g_strdup (return_reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETURN_REASON]);
}

const char *
sertel_request_get_recommendation_number (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), NULL);

  return self->recommendation_number;
}

void
sertel_request_set_recommendation_number (SertelRequest *self,
                                          const char    *recommendation_number)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (g_strcmp0 (self->recommendation_number, recommendation_number) == 0)
    return;

  g_free (self->recommendation_number);
  self->recommendation_number = g_strdup (recommendation_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOMMENDATION_NUMBER]);
}

gint64
sertel_request_get_version (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->version;
}

void
sertel_request_set_version (SertelRequest *self,
                            gint64         version)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

guint
sertel_request_get_n_applicants (SertelRequest *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST (self), 0);

  return self->n_applicants;
}

void
sertel_request_set_n_applicants (SertelRequest *self,
                                 guint          n_applicants)
{
  g_return_if_fail (SERTEL_IS_REQUEST (self));

  if (self->n_applicants == n_applicants)
    return;

  self->n_applicants = n_applicants;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_APPLICANTS]);
}
