/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-applicant.h"
#include "sertel-enums.h"

struct _SertelApplicant
{
  GObject parent_instance;

  gint64                id;
  gint64                request_id;
  char                 *name;
  char                 *name_titled;
  char                 *nik;
  char                 *nip;
  char                 *pangkat;
  char                 *jabatan;
  char                 *unit_kerja;
  char                 *opd;
  char                 *office_address;
  char                 *city;
  char                 *province;
  char                 *email;
  char                 *phone;
  SertelApplicantState  state;
  char                 *state_reason;
  char                 *mismatch_reason;
  gint64                version;
};

G_DEFINE_FINAL_TYPE (SertelApplicant, sertel_applicant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REQUEST_ID,
  PROP_NAME,
  PROP_NAME_TITLED,
  PROP_NIK,
  PROP_NIP,
  PROP_PANGKAT,
  PROP_JABATAN,
  PROP_UNIT_KERJA,
  PROP_OPD,
  PROP_OFFICE_ADDRESS,
  PROP_CITY,
  PROP_PROVINCE,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_STATE,
  PROP_STATE_REASON,
  PROP_MISMATCH_REASON,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sertel_applicant_finalize (GObject *object)
{
  SertelApplicant *self = (SertelApplicant *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->name_titled, g_free);
  g_clear_pointer (&self->nik, g_free);
  g_clear_pointer (&self->nip, g_free);
  g_clear_pointer (&self->pangkat, g_free);
  g_clear_pointer (&self->jabatan, g_free);
  g_clear_pointer (&self->unit_kerja, g_free);
  g_clear_pointer (&self->opd, g_free);
  g_clear_pointer (&self->office_address, g_free);
  g_clear_pointer (&self->city, g_free);
  g_clear_pointer (&self->province, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->state_reason, g_free);
  g_clear_pointer (&self->mismatch_reason, g_free);

  G_OBJECT_CLASS (sertel_applicant_parent_class)->finalize (object);
}

static void
sertel_applicant_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SertelApplicant *self = SERTEL_APPLICANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REQUEST_ID:
      g_value_set_int64 (value, self->request_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_NAME_TITLED:
      g_value_set_string (value, self->name_titled);
      break;

    case PROP_NIK:
      g_value_set_string (value, self->nik);
      break;

    case PROP_NIP:
      g_value_set_string (value, self->nip);
      break;

    case PROP_PANGKAT:
      g_value_set_string (value, self->pangkat);
      break;

    case PROP_JABATAN:
      g_value_set_string (value, self->jabatan);
      break;

    case PROP_UNIT_KERJA:
      g_value_set_string (value, self->unit_kerja);
      break;

    case PROP_OPD:
      g_value_set_string (value, self->opd);
      break;

    case PROP_OFFICE_ADDRESS:
      g_value_set_string (value, self->office_address);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;

    case PROP_PROVINCE:
      g_value_set_string (value, self->province);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATE_REASON:
      g_value_set_string (value, self->state_reason);
      break;

    case PROP_MISMATCH_REASON:
      g_value_set_string (value, self->mismatch_reason);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_applicant_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SertelApplicant *self = SERTEL_APPLICANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      sertel_applicant_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_REQUEST_ID:
      sertel_applicant_set_request_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      sertel_applicant_set_name (self, g_value_get_string (value));
      break;

    case PROP_NAME_TITLED:
      sertel_applicant_set_name_titled (self, g_value_get_string (value));
      break;

    case PROP_NIK:
      sertel_applicant_set_nik (self, g_value_get_string (value));
      break;

    case PROP_NIP:
      sertel_applicant_set_nip (self, g_value_get_string (value));
      break;

    case PROP_PANGKAT:
      sertel_applicant_set_pangkat (self, g_value_get_string (value));
      break;

    case PROP_JABATAN:
      sertel_applicant_set_jabatan (self, g_value_get_string (value));
      break;

    case PROP_UNIT_KERJA:
      sertel_applicant_set_unit_kerja (self, g_value_get_string (value));
      break;

    case PROP_OPD:
      sertel_applicant_set_opd (self, g_value_get_string (value));
      break;

    case PROP_OFFICE_ADDRESS:
      sertel_applicant_set_office_address (self, g_value_get_string (value));
      break;

    case PROP_CITY:
      sertel_applicant_set_city (self, g_value_get_string (value));
      break;

    case PROP_PROVINCE:
      sertel_applicant_set_province (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      sertel_applicant_set_email (self, g_value_get_string (value));
      break;

    case PROP_PHONE:
      sertel_applicant_set_phone (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      sertel_applicant_set_state (self, g_value_get_enum (value));
      break;

    case PROP_STATE_REASON:
      sertel_applicant_set_state_reason (self, g_value_get_string (value));
      break;

    case PROP_MISMATCH_REASON:
      sertel_applicant_set_mismatch_reason (self, g_value_get_string (value));
      break;

    case PROP_VERSION:
      sertel_applicant_set_version (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_applicant_class_init (SertelApplicantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sertel_applicant_finalize;
  object_class->get_property = sertel_applicant_get_property;
  object_class->set_property = sertel_applicant_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_REQUEST_ID] =
    g_param_spec_int64 ("request-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /* as on the KTP */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* with academic titles, for letters */
  properties[PROP_NAME_TITLED] =
    g_param_spec_string ("name-titled", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NIK] =
    g_param_spec_string ("nik", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NIP] =
    g_param_spec_string ("nip", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* pangkat/golongan */
  properties[PROP_PANGKAT] =
    g_param_spec_string ("pangkat", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_JABATAN] =
    g_param_spec_string ("jabatan", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_UNIT_KERJA] =
    g_param_spec_string ("unit-kerja", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_OPD] =
    g_param_spec_string ("opd", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_OFFICE_ADDRESS] =
    g_param_spec_string ("office-address", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CITY] =
    g_param_spec_string ("city", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PROVINCE] =
    g_param_spec_string ("province", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SERTEL_TYPE_APPLICANT_STATE,
                       SERTEL_APPLICANT_PENDING,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE_REASON] =
    g_param_spec_string ("state-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* the office's written reason to go on despite a NIK/NIP disagreement */
  properties[PROP_MISMATCH_REASON] =
    g_param_spec_string ("mismatch-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sertel_applicant_init (SertelApplicant *self)
{
  self->state = SERTEL_APPLICANT_PENDING;
}

SertelApplicant *
sertel_applicant_new (void)
{
  return g_object_new (SERTEL_TYPE_APPLICANT, NULL);
}

/**
 * sertel_applicant_copy:
 * @self: a #SertelApplicant
 *
 * Returns: (transfer full): a new object with every property of @self
 */
SertelApplicant *
sertel_applicant_copy (SertelApplicant *self)
{
  SertelApplicant *copy;

  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  copy = sertel_applicant_new ();
  copy->id = self->id;
  copy->request_id = self->request_id;
  copy->name = g_strdup (self->name);
  copy->name_titled = g_strdup (self->name_titled);
  copy->nik = g_strdup (self->nik);
  copy->nip = g_strdup (self->nip);
  copy->pangkat = g_strdup (self->pangkat);
  copy->jabatan = g_strdup (self->jabatan);
  copy->unit_kerja = g_strdup (self->unit_kerja);
  copy->opd = g_strdup (self->opd);
  copy->office_address = g_strdup (self->office_address);
  copy->city = g_strdup (self->city);
  copy->province = g_strdup (self->province);
  copy->email = g_strdup (self->email);
  copy->phone = g_strdup (self->phone);
  copy->state = self->state;
  copy->state_reason = g_strdup (self->state_reason);
  copy->mismatch_reason = g_strdup (self->mismatch_reason);
  copy->version = self->version;

  return copy;
}

gint64
sertel_applicant_get_id (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), 0);

  return self->id;
}

void
sertel_applicant_set_id (SertelApplicant *self,
                         gint64           id)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sertel_applicant_get_request_id (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), 0);

  return self->request_id;
}

void
sertel_applicant_set_request_id (SertelApplicant *self,
                                 gint64           request_id)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (self->request_id == request_id)
    return;

  self->request_id = request_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_ID]);
}

const char *
sertel_applicant_get_name (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->name;
}

void
sertel_applicant_set_name (SertelApplicant *self,
                           const char      *name)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
sertel_applicant_get_name_titled (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->name_titled;
}

void
sertel_applicant_set_name_titled (SertelApplicant *self,
                                  const char      *name_titled)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->name_titled, name_titled) == 0)
    return;

  g_free (self->name_titled);
  self->name_titled = g_strdup (name_titled);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME_TITLED]);
}

const char *
sertel_applicant_get_nik (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->nik;
}

void
sertel_applicant_set_nik (SertelApplicant *self,
                          const char      *nik)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->nik, nik) == 0)
    return;

  g_free (self->nik);
  self->nik = g_strdup (nik);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NIK]);
}

const char *
sertel_applicant_get_nip (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->nip;
}

void
sertel_applicant_set_nip (SertelApplicant *self,
                          const char      *nip)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->nip, nip) == 0)
    return;

  g_free (self->nip);
  self->nip = g_strdup (nip);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NIP]);
}

const char *
sertel_applicant_get_pangkat (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->pangkat;
}

void
sertel_applicant_set_pangkat (SertelApplicant *self,
                              const char      *pangkat)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->pangkat, pangkat) == 0)
    return;

  g_free (self->pangkat);
  self->pangkat = g_strdup (pangkat);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PANGKAT]);
}

const char *
sertel_applicant_get_jabatan (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->jabatan;
}

void
sertel_applicant_set_jabatan (SertelApplicant *self,
                              const char      *jabatan)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->jabatan, jabatan) == 0)
    return;

  g_free (self->jabatan);
  self->jabatan = g_strdup (jabatan);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JABATAN]);
}

const char *
sertel_applicant_get_unit_kerja (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->unit_kerja;
}

void
sertel_applicant_set_unit_kerja (SertelApplicant *self,
                                 const char      *unit_kerja)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->unit_kerja, unit_kerja) == 0)
    return;

  g_free (self->unit_kerja);
  self->unit_kerja = g_strdup (unit_kerja);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT_KERJA]);
}

const char *
sertel_applicant_get_opd (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->opd;
}

void
sertel_applicant_set_opd (SertelApplicant *self,
                          const char      *opd)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->opd, opd) == 0)
    return;

  g_free (self->opd);
  self->opd = g_strdup (opd);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPD]);
}

const char *
sertel_applicant_get_office_address (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->office_address;
}

void
sertel_applicant_set_office_address (SertelApplicant *self,
                                     const char      *office_address)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->office_address, office_address) == 0)
    return;

  g_free (self->office_address);
  self->office_address = g_strdup (office_address);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICE_ADDRESS]);
}

const char *
sertel_applicant_get_city (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->city;
}

void
sertel_applicant_set_city (SertelApplicant *self,
                           const char      *city)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->city, city) == 0)
    return;

  g_free (self->city);
  self->city = g_strdup (city);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CITY]);
}

const char *
sertel_applicant_get_province (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->province;
}

void
sertel_applicant_set_province (SertelApplicant *self,
                               const char      *province)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->province, province) == 0)
    return;

  g_free (self->province);
  self->province = g_strdup (province);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVINCE]);
}

const char *
sertel_applicant_get_email (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->email;
}

void
sertel_applicant_set_email (SertelApplicant *self,
                            const char      *email)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->email, email) == 0)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

const char *
sertel_applicant_get_phone (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->phone;
}

void
sertel_applicant_set_phone (SertelApplicant *self,
                            const char      *phone)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->phone, phone) == 0)
    return;

  g_free (self->phone);
  self->phone = g_strdup (phone);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

SertelApplicantState
sertel_applicant_get_state (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), SERTEL_APPLICANT_PENDING);

  return self->state;
}

void
sertel_applicant_set_state (SertelApplicant      *self,
                            SertelApplicantState  state)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
sertel_applicant_get_state_reason (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->state_reason;
}

void
sertel_applicant_set_state_reason (SertelApplicant *self,
                                   const char      *state_reason)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->state_reason, state_reason) == 0)
    return;

  g_free (self->state_reason);
  self->state_reason = g_strdup (state_reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_REASON]);
}

const char *
sertel_applicant_get_mismatch_reason (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), NULL);

  return self->mismatch_reason;
}

void
sertel_applicant_set_mismatch_reason (SertelApplicant *self,
                                      const char      *mismatch_reason)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (g_strcmp0 (self->mismatch_reason, mismatch_reason) == 0)
    return;

  g_free (self->mismatch_reason);
  self->mismatch_reason = g_strdup (mismatch_reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISMATCH_REASON]);
}

gint64
sertel_applicant_get_version (SertelApplicant *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT (self), 0);

  return self->version;
}

void
sertel_applicant_set_version (SertelApplicant *self,
                              gint64           version)
{
  g_return_if_fail (SERTEL_IS_APPLICANT (self));

  if (self->version == version)
    return;

  self->version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}
