/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Personal data on screen: who looked at a KTP scan is on record. */
#pragma once

#include "sertel-store.h"

G_BEGIN_DECLS

/* The bytes of an attachment for showing to @actor. A KTP scan is shown only
 * to a signed-in member of staff and only once the view is on the audit
 * trail ("attachment.view": who, when, which request, applicant and file,
 * and @where — "viewer", "preview"); no record, no bytes. Other kinds are
 * read as sertel_store_read_attachment() does. */
GBytes *sertel_store_view_attachment (SertelStore  *self,
                                      SertelStaff  *actor,
                                      gint64        attachment_id,
                                      const char   *where,
                                      GError      **error);

G_END_DECLS
