/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-staff.h"
#include "sertel-enums.h"

struct _SertelStaff
{
  GObject parent_instance;

  gint64      id;
  char       *name;
  char       *nip;
  SertelRole  role;
  gboolean    active;
};

G_DEFINE_FINAL_TYPE (SertelStaff, sertel_staff, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_NIP,
  PROP_ROLE,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sertel_staff_finalize (GObject *object)
{
  SertelStaff *self = (SertelStaff *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->nip, g_free);

  G_OBJECT_CLASS (sertel_staff_parent_class)->finalize (object);
}

static void
sertel_staff_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SertelStaff *self = SERTEL_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_NIP:
      g_value_set_string (value, self->nip);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_staff_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SertelStaff *self = SERTEL_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      sertel_staff_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      sertel_staff_set_name (self, g_value_get_string (value));
      break;

    case PROP_NIP:
      sertel_staff_set_nip (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      sertel_staff_set_role (self, g_value_get_enum (value));
      break;

    case PROP_ACTIVE:
      sertel_staff_set_active (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_staff_class_init (SertelStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sertel_staff_finalize;
  object_class->get_property = sertel_staff_get_property;
  object_class->set_property = sertel_staff_set_property;

  /* row id in the store, 0 before it is saved */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* the 18-digit civil servant number */
  properties[PROP_NIP] =
    g_param_spec_string ("nip", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       SERTEL_TYPE_ROLE,
                       SERTEL_ROLE_NONE,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /* FALSE once the account is switched off */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sertel_staff_init (SertelStaff *self)
{
  self->role = SERTEL_ROLE_NONE;
  self->active = TRUE;
}

SertelStaff *
sertel_staff_new (void)
{
  return g_object_new (SERTEL_TYPE_STAFF, NULL);
}

gint64
sertel_staff_get_id (SertelStaff *self)
{
  g_return_val_if_fail (SERTEL_IS_STAFF (self), 0);

  return self->id;
}

void
sertel_staff_set_id (SertelStaff *self,
                     gint64       id)
{
  g_return_if_fail (SERTEL_IS_STAFF (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
sertel_staff_get_name (SertelStaff *self)
{
  g_return_val_if_fail (SERTEL_IS_STAFF (self), NULL);

  return self->name;
}

void
sertel_staff_set_name (SertelStaff *self,
                       const char  *name)
{
  g_return_if_fail (SERTEL_IS_STAFF (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
sertel_staff_get_nip (SertelStaff *self)
{
  g_return_val_if_fail (SERTEL_IS_STAFF (self), NULL);

  return self->nip;
}

void
sertel_staff_set_nip (SertelStaff *self,
                      const char  *nip)
{
  g_return_if_fail (SERTEL_IS_STAFF (self));

  if (g_strcmp0 (self->nip, nip) == 0)
    return;

  g_free (self->nip);
  self->nip = g_strdup (nip);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NIP]);
}

SertelRole
sertel_staff_get_role (SertelStaff *self)
{
  g_return_val_if_fail (SERTEL_IS_STAFF (self), SERTEL_ROLE_NONE);

  return self->role;
}

void
sertel_staff_set_role (SertelStaff *self,
                       SertelRole   role)
{
  g_return_if_fail (SERTEL_IS_STAFF (self));

  if (self->role == role)
    return;

  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

gboolean
sertel_staff_get_active (SertelStaff *self)
{
  g_return_val_if_fail (SERTEL_IS_STAFF (self), FALSE);

  return self->active;
}

void
sertel_staff_set_active (SertelStaff *self,
                         gboolean     active)
{
  g_return_if_fail (SERTEL_IS_STAFF (self));

  active = !!active;

  if (self->active == active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}
