/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first thing a clerk sees: sign in, or on an empty register create the
 * first administrator. Emits "signed-in" with the account. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_SIGNIN_PAGE (sertel_signin_page_get_type ())

G_DECLARE_FINAL_TYPE (SertelSigninPage, sertel_signin_page, SERTEL, SIGNIN_PAGE, AdwBin)

GtkWidget   *sertel_signin_page_new       (SertelStore      *store);
SertelStore *sertel_signin_page_get_store (SertelSigninPage *self);
void         sertel_signin_page_set_store (SertelSigninPage *self,
                                           SertelStore      *store);
/* Reads the staff list again (after a sign-out, say). */
void         sertel_signin_page_reload    (SertelSigninPage *self);

G_END_DECLS
