/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An intake entry held to its field's limit (sertel-fields.h): the entry
 * takes no more than the limit, and a paste that was cut there is reported
 * at the field until the clerk changes it. */
#pragma once

#include <gtk/gtk.h>

#include "sertel-fields.h"

G_BEGIN_DECLS

/* @editable: a GtkEditable (AdwEntryRow, GtkEntry, GtkText). */
void   sertel_field_limit_attach (GtkWidget *editable, SertelField field);
/* A sentence when the last paste into @editable was cut at the limit, else NULL. */
char  *sertel_field_limit_cut_message (GtkWidget *editable, SertelField field);
/* The problem with what @editable holds, as a sentence naming the field, or
 * NULL: text cut at the limit, then the core's own check of the field. */
char  *sertel_field_limit_check  (GtkWidget *editable, SertelField field, gboolean required);

G_END_DECLS
