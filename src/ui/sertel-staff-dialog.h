/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A modal window where an administrator adds a staff member, and the field
 * checks it shares with the first-administrator form of the sign-in page. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_STAFF_DIALOG (sertel_staff_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SertelStaffDialog, sertel_staff_dialog, SERTEL, STAFF_DIALOG, AdwWindow)

SertelStaffDialog *sertel_staff_dialog_new (GtkWindow   *parent,
                                            SertelStore *store,
                                            SertelStaff *actor);

/* Field checks as the user types: NULL when the text is acceptable, else a
 * sentence to show at the field. @text empty gives NULL for the message but
 * FALSE from the _ok functions, so an empty form is quiet yet cannot be sent. */
char     *sertel_staff_form_name_message     (const char *name);
char     *sertel_staff_form_nip_message      (const char *nip);
char     *sertel_staff_form_password_message (const char *password,
                                              const char *repeat);
gboolean  sertel_staff_form_ok               (const char *name,
                                              const char *nip,
                                              const char *password,
                                              const char *repeat);
/* Shows @message under a field (hidden when NULL) and marks @field. */
void      sertel_staff_form_show_message     (GtkWidget  *field,
                                              GtkLabel   *label,
                                              const char *message);

G_END_DECLS
