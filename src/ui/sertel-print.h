/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing the office's documents: a GtkPrintOperation whose draw-page calls
 * the same drawing function as the PDF export, with the native dialog and
 * its print preview. */
#pragma once

#include <gtk/gtk.h>

#include "sertel-letter-layout.h"

G_BEGIN_DECLS

/* Shows the print dialog for @doc (borrowed until it returns) over @parent.
 * A stored letter is printed with sertel_letter_doc_new_for_pdf() so the
 * paper is exactly the issued document. */
GtkPrintOperationResult sertel_print_document         (GtkWindow       *parent,
                                                       SertelLetterDoc *doc,
                                                       GError         **error);
/* The same operation exported to a PDF file without a dialog (for tests;
 * needs a display). */
GtkPrintOperationResult sertel_print_document_to_file (SertelLetterDoc *doc,
                                                       const char      *filename,
                                                       GError         **error);

G_END_DECLS
