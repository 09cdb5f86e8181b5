/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A member of the office staff and the one role they act in. */
#pragma once

#include <glib-object.h>

#include "sertel-workflow.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_STAFF (sertel_staff_get_type ())

G_DECLARE_FINAL_TYPE (SertelStaff, sertel_staff, SERTEL, STAFF, GObject)

SertelStaff *sertel_staff_new        (void);

/* id: row id in the store, 0 before it is saved */
gint64       sertel_staff_get_id     (SertelStaff *self);
void         sertel_staff_set_id     (SertelStaff *self, gint64 id);
const char  *sertel_staff_get_name   (SertelStaff *self);
void         sertel_staff_set_name   (SertelStaff *self, const char *name);
/* nip: the 18-digit civil servant number */
const char  *sertel_staff_get_nip    (SertelStaff *self);
void         sertel_staff_set_nip    (SertelStaff *self, const char *nip);
SertelRole   sertel_staff_get_role   (SertelStaff *self);
void         sertel_staff_set_role   (SertelStaff *self, SertelRole role);
/* active: FALSE once the account is switched off */
gboolean     sertel_staff_get_active (SertelStaff *self);
void         sertel_staff_set_active (SertelStaff *self, gboolean active);

G_END_DECLS
