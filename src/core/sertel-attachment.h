/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A file stored with a request or with one of its applicants. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SERTEL_TYPE_ATTACHMENT (sertel_attachment_get_type ())

G_DECLARE_FINAL_TYPE (SertelAttachment, sertel_attachment, SERTEL, ATTACHMENT, GObject)

SertelAttachment *sertel_attachment_new              (void);

gint64            sertel_attachment_get_id           (SertelAttachment *self);
void              sertel_attachment_set_id           (SertelAttachment *self, gint64 id);
gint64            sertel_attachment_get_request_id   (SertelAttachment *self);
void              sertel_attachment_set_request_id   (SertelAttachment *self, gint64 request_id);
/* applicant-id: 0 when the file belongs to the request */
gint64            sertel_attachment_get_applicant_id (SertelAttachment *self);
void              sertel_attachment_set_applicant_id (SertelAttachment *self, gint64 applicant_id);
/* kind: "letter", "ktp" or "sk" */
const char       *sertel_attachment_get_kind         (SertelAttachment *self);
void              sertel_attachment_set_kind         (SertelAttachment *self, const char *kind);
const char       *sertel_attachment_get_file_name    (SertelAttachment *self);
void              sertel_attachment_set_file_name    (SertelAttachment *self, const char *file_name);
const char       *sertel_attachment_get_mime         (SertelAttachment *self);
void              sertel_attachment_set_mime         (SertelAttachment *self, const char *mime);
/* size: bytes */
gint64            sertel_attachment_get_size         (SertelAttachment *self);
void              sertel_attachment_set_size         (SertelAttachment *self, gint64 size);
/* sha256: lowercase hex digest */
const char       *sertel_attachment_get_sha256       (SertelAttachment *self);
void              sertel_attachment_set_sha256       (SertelAttachment *self, const char *sha256);
/* added-at: UNIX seconds */
gint64            sertel_attachment_get_added_at     (SertelAttachment *self);
void              sertel_attachment_set_added_at     (SertelAttachment *self, gint64 added_at);
/* purged-at: UNIX seconds when the retention rule removed the file, else 0 */
gint64            sertel_attachment_get_purged_at    (SertelAttachment *self);
void              sertel_attachment_set_purged_at    (SertelAttachment *self, gint64 purged_at);

G_END_DECLS
