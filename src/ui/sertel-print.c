/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-print.h"

static void
draw_page (GtkPrintOperation *op,
           GtkPrintContext   *context,
           int                page,
           gpointer           user_data)
{
  SertelLetterDoc *doc = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double w = gtk_print_context_get_width (context);
  double h = gtk_print_context_get_height (context);

  /* On the paper the document was made for this is 1:1; on smaller paper
   * chosen in the dialog the page shrinks to fit rather than lose an edge. */
  if (w > 0 && h > 0 && (w + 0.5 < doc->width || h + 0.5 < doc->height))
    {
      double scale = MIN (w / doc->width, h / doc->height);
      cairo_scale (cr, scale, scale);
    }
  sertel_letter_doc_draw_page (doc, cr, (guint) page);
}

static GtkPrintOperation *
make_operation (SertelLetterDoc *doc)
{
  GtkPrintOperation *op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GtkPaperSize *paper;

  if (ABS (doc->width - 595.28) < 1 && ABS (doc->height - 841.89) < 1)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom ("sertel-f4", "F4 (215 × 330 mm)", doc->width, doc->height, GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);

  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_job_name (op, doc->title ? doc->title : PACKAGE_NAME);
  gtk_print_operation_set_n_pages (op, (int) doc->n_pages);
  /* The document draws its own margins (Tata Naskah Dinas). */
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page), doc);
  return op;
}

GtkPrintOperationResult
sertel_print_document (GtkWindow *parent, SertelLetterDoc *doc, GError **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;

  g_return_val_if_fail (doc != NULL, GTK_PRINT_OPERATION_RESULT_ERROR);

  op = make_operation (doc);
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
}

GtkPrintOperationResult
sertel_print_document_to_file (SertelLetterDoc *doc, const char *filename, GError **error)
{
  g_autoptr(GtkPrintOperation) op = NULL;

  g_return_val_if_fail (doc != NULL && filename != NULL, GTK_PRINT_OPERATION_RESULT_ERROR);

  op = make_operation (doc);
  gtk_print_operation_set_export_filename (op, filename);
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
}
