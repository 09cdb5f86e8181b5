/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-attachment.h"

struct _SertelAttachment
{
  GObject parent_instance;

  gint64  id;
  gint64  request_id;
  gint64  applicant_id;
  char   *kind;
  char   *file_name;
  char   *mime;
  gint64  size;
  char   *sha256;
  gint64  added_at;
  gint64  purged_at;
};

G_DEFINE_FINAL_TYPE (SertelAttachment, sertel_attachment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REQUEST_ID,
  PROP_APPLICANT_ID,
  PROP_KIND,
  PROP_FILE_NAME,
  PROP_MIME,
  PROP_SIZE,
  PROP_SHA256,
  PROP_ADDED_AT,
  PROP_PURGED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sertel_attachment_finalize (GObject *object)
{
  SertelAttachment *self = (SertelAttachment *) object;

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->mime, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (sertel_attachment_parent_class)->finalize (object);
}

static void
sertel_attachment_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SertelAttachment *self = SERTEL_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REQUEST_ID:
      g_value_set_int64 (value, self->request_id);
      break;

    case PROP_APPLICANT_ID:
      g_value_set_int64 (value, self->applicant_id);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;

    case PROP_MIME:
      g_value_set_string (value, self->mime);
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_ADDED_AT:
      g_value_set_int64 (value, self->added_at);
      break;

    case PROP_PURGED_AT:
      g_value_set_int64 (value, self->purged_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_attachment_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SertelAttachment *self = SERTEL_ATTACHMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      sertel_attachment_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_REQUEST_ID:
      sertel_attachment_set_request_id (self, g_value_get_int64 (value));
      break;

    case PROP_APPLICANT_ID:
      sertel_attachment_set_applicant_id (self, g_value_get_int64 (value));
      break;

    case PROP_KIND:
      sertel_attachment_set_kind (self, g_value_get_string (value));
      break;

    case PROP_FILE_NAME:
      sertel_attachment_set_file_name (self, g_value_get_string (value));
      break;

    case PROP_MIME:
      sertel_attachment_set_mime (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      sertel_attachment_set_size (self, g_value_get_int64 (value));
      break;

    case PROP_SHA256:
      sertel_attachment_set_sha256 (self, g_value_get_string (value));
      break;

    case PROP_ADDED_AT:
      sertel_attachment_set_added_at (self, g_value_get_int64 (value));
      break;

    case PROP_PURGED_AT:
      sertel_attachment_set_purged_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_attachment_class_init (SertelAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sertel_attachment_finalize;
  object_class->get_property = sertel_attachment_get_property;
  object_class->set_property = sertel_attachment_set_property;

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

  /* 0 when the file belongs to the request */
  properties[PROP_APPLICANT_ID] =
    g_param_spec_int64 ("applicant-id", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /* "letter", "ktp" or "sk" */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MIME] =
    g_param_spec_string ("mime", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* bytes */
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /* lowercase hex digest */
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /* UNIX seconds */
  properties[PROP_ADDED_AT] =
    g_param_spec_int64 ("added-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /* UNIX seconds; 0 while the file is kept. Set when the retention rule
   * removed the scan: the row stays as the record that it existed. */
  properties[PROP_PURGED_AT] =
    g_param_spec_int64 ("purged-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sertel_attachment_init (SertelAttachment *self G_GNUC_UNUSED)
{
  /* Every field starts zeroed: ids and sizes 0, strings NULL. */
}

SertelAttachment *
sertel_attachment_new (void)
{
  return g_object_new (SERTEL_TYPE_ATTACHMENT, NULL);
}

gint64
sertel_attachment_get_id (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), 0);

  return self->id;
}

void
sertel_attachment_set_id (SertelAttachment *self,
                          gint64            id)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
sertel_attachment_get_request_id (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), 0);

  return self->request_id;
}

void
sertel_attachment_set_request_id (SertelAttachment *self,
                                  gint64            request_id)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (self->request_id == request_id)
    return;

  self->request_id = request_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_ID]);
}

gint64
sertel_attachment_get_applicant_id (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), 0);

  return self->applicant_id;
}

void
sertel_attachment_set_applicant_id (SertelAttachment *self,
                                    gint64            applicant_id)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (self->applicant_id == applicant_id)
    return;

  self->applicant_id = applicant_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICANT_ID]);
}

const char *
sertel_attachment_get_kind (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), NULL);

  return self->kind;
}

void
sertel_attachment_set_kind (SertelAttachment *self,
                            const char       *kind)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (g_strcmp0 (self->kind, kind) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
sertel_attachment_get_file_name (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), NULL);

  return self->file_name;
}

void
sertel_attachment_set_file_name (SertelAttachment *self,
                                 const char       *file_name)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (g_strcmp0 (self->file_name, file_name) == 0)
    return;

  g_free (self->file_name);
  self->file_name = g_strdup (file_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE_NAME]);
}

const char *
sertel_attachment_get_mime (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), NULL);

  return self->mime;
}

void
sertel_attachment_set_mime (SertelAttachment *self,
                            const char       *mime)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (g_strcmp0 (self->mime, mime) == 0)
    return;

  g_free (self->mime);
  self->mime = g_strdup (mime);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIME]);
}

gint64
sertel_attachment_get_size (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), 0);

  return self->size;
}

void
sertel_attachment_set_size (SertelAttachment *self,
                            gint64            size)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (self->size == size)
    return;

  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

const char *
sertel_attachment_get_sha256 (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), NULL);

  return self->sha256;
}

void
sertel_attachment_set_sha256 (SertelAttachment *self,
                              const char       *sha256)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (g_strcmp0 (self->sha256, sha256) == 0)
    return;

  g_free (self->sha256);
  self->sha256 = g_strdup (sha256);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHA256]);
}

gint64
sertel_attachment_get_added_at (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), 0);

  return self->added_at;
}

void
sertel_attachment_set_added_at (SertelAttachment *self,
                                gint64            added_at)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (self->added_at == added_at)
    return;

  self->added_at = added_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDED_AT]);
}

gint64
sertel_attachment_get_purged_at (SertelAttachment *self)
{
  g_return_val_if_fail (SERTEL_IS_ATTACHMENT (self), 0);

  return self->purged_at;
}

void
sertel_attachment_set_purged_at (SertelAttachment *self,
                                 gint64            purged_at)
{
  g_return_if_fail (SERTEL_IS_ATTACHMENT (self));

  if (self->purged_at == purged_at)
    return;

  self->purged_at = purged_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURGED_AT]);
}
