/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Intake by the Operator: the request letter and its applicants, checked as
 * the user types, kept as a draft on disk, and taken into the register. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_INTAKE_PAGE (sertel_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (SertelIntakePage, sertel_intake_page, SERTEL, INTAKE_PAGE, AdwBin)

GtkWidget *sertel_intake_page_new               (void);
/* The scanned request letter; the chooser and drag-and-drop come here. */
void       sertel_intake_page_set_letter_file   (SertelIntakePage *self, GFile *file);
/* Reads an employee list (CSV) as the "Import Employee List…" chooser does. */
void       sertel_intake_page_import_csv_file   (SertelIntakePage *self, GFile *file);
/* Blocking problems left (0 when the request can be submitted). */
guint      sertel_intake_page_count_problems    (SertelIntakePage *self);
/* Writes the draft now instead of after the pause in typing. */
void       sertel_intake_page_save_draft        (SertelIntakePage *self);
/* TRUE while a file is read, a submission runs or the OPD list loads. */
gboolean   sertel_intake_page_is_busy           (SertelIntakePage *self);

G_END_DECLS
