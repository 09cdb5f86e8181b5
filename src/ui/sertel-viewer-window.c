/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sertel-viewer-window.h"

struct _SertelViewerWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  SertelDocumentView   *view;

  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (SertelViewerWindow, sertel_viewer_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (SertelViewerWindow *self,
       const char         *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
update_actions (SertelViewerWindow *self)
{
  gboolean ready = sertel_document_view_get_document (self->view) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-external", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-copy", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", ready);
}

static void
update_title (SertelViewerWindow *self)
{
  const char *title = sertel_document_view_get_title (self->view);

  if (title == NULL || *title == '\0')
    title = _("Document Viewer");
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* A file name for a copy: the shown title, with the extension the content
 * really has. */
static char *
suggested_name (SertelViewerWindow *self)
{
  SertelDocument *document = sertel_document_view_get_document (self->view);
  const char *title = sertel_document_view_get_title (self->view);
  const char *ext = sertel_filetype_extension (sertel_document_get_file_type (document));
  g_autofree char *base = g_strdup (title && *title ? title : _("document"));
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  /* No path separators from a title that came from elsewhere. */
  g_strdelimit (base, "/\\:", '_');
  return g_strdup_printf ("%s.%s", base, ext);
}

/* ------------------------------------------------------------------ */

static void
open_external_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  SertelViewerWindow *self = SERTEL_VIEWER_WINDOW (widget);
  SertelDocument *document = sertel_document_view_get_document (self->view);
  g_autofree char *file_name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (document == NULL)
    return;
  bytes = sertel_document_get_bytes (document);
  /* The other application gets its own copy, named by content, so the
   * original (perhaps inside the register) is never touched. */
  file_name = suggested_name (self);
  dir = g_build_filename (g_get_user_cache_dir (), "sertel", "view",
                          sertel_document_get_checksum (document), NULL);
  path = g_build_filename (dir, file_name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
    {
      toast (self, _("The file could not be handed to another application."));
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SertelViewerWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *msg = g_strdup_printf (_("The copy could not be saved: %s"), error->message);
      toast (self, msg);
    }
  else
    toast (self, _("Copy saved."));
}

static void
on_save_response (GtkNativeDialog    *dialog,
                  int                 response,
                  SertelViewerWindow *self)
{
  SertelDocument *document = sertel_document_view_get_document (self->view);

  if (response == GTK_RESPONSE_ACCEPT && document != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GBytes *bytes = sertel_document_get_bytes (document);

      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, save_done, g_object_ref (self));
    }
  g_clear_object (&self->chooser);
}

static void
save_copy_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  SertelViewerWindow *self = SERTEL_VIEWER_WINDOW (widget);
  g_autofree char *suggested = NULL;

  if (sertel_document_view_get_document (self->view) == NULL || self->chooser != NULL)
    return;
  suggested = suggested_name (self);
  self->chooser = gtk_file_chooser_native_new (_("Save a Copy"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              SertelDocument    *document)
{
  g_autoptr(GError) error = NULL;

  /* Drawn by the document's helper process, fitted to the printable area;
   * a page it cannot draw prints blank rather than stopping the app. */
  if (!sertel_document_draw_fitted (document, (guint) page, gtk_print_context_get_cairo_context (context),
                                    gtk_print_context_get_width (context),
                                    gtk_print_context_get_height (context), &error))
    g_warning ("Page %d could not be printed: %s", page + 1, error->message);
}

static void
on_request_page_setup (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page,
                       GtkPageSetup      *setup,
                       SertelDocument    *document)
{
  double w, h;

  /* Landscape pages print landscape. */
  sertel_document_get_page_size (document, (guint) page, &w, &h);
  gtk_page_setup_set_orientation (setup, w > h ? GTK_PAGE_ORIENTATION_LANDSCAPE : GTK_PAGE_ORIENTATION_PORTRAIT);
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  SertelViewerWindow *self = SERTEL_VIEWER_WINDOW (widget);
  SertelDocument *document = sertel_document_view_get_document (self->view);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (document == NULL)
    return;
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (operation, (int) sertel_document_get_n_pages (document));
  gtk_print_operation_set_job_name (operation, sertel_document_view_get_title (self->view) ?: _("Document"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (on_draw_page), document, 0);
  g_signal_connect_object (operation, "request-page-setup", G_CALLBACK (on_request_page_setup), document, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *msg = g_strdup_printf (_("The document could not be printed: %s"), error->message);
      toast (self, msg);
    }
}

static void
close_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* ------------------------------------------------------------------ */

static void
sertel_viewer_window_dispose (GObject *object)
{
  SertelViewerWindow *self = SERTEL_VIEWER_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_VIEWER_WINDOW);
  G_OBJECT_CLASS (sertel_viewer_window_parent_class)->dispose (object);
}

static void
sertel_viewer_window_class_init (SertelViewerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_viewer_window_dispose;

  g_type_ensure (SERTEL_TYPE_DOCUMENT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-viewer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelViewerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SertelViewerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SertelViewerWindow, view);

  gtk_widget_class_install_action (widget_class, "win.open-external", NULL, open_external_action);
  gtk_widget_class_install_action (widget_class, "win.save-copy", NULL, save_copy_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-external", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
}

static void
sertel_viewer_window_init (SertelViewerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The view's stack switches when a document is ready or refused. */
  g_signal_connect_object (gtk_widget_get_first_child (GTK_WIDGET (self->view)), "notify::visible-child",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

SertelViewerWindow *
sertel_viewer_window_new (GtkApplication *app)
{
  return g_object_new (SERTEL_TYPE_VIEWER_WINDOW, "application", app, NULL);
}

void
sertel_viewer_window_open (SertelViewerWindow *self,
                           GFile              *file)
{
  g_return_if_fail (SERTEL_IS_VIEWER_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  sertel_document_view_load_file (self->view, file);
  update_title (self);
  update_actions (self);
}

void
sertel_viewer_window_open_bytes (SertelViewerWindow *self,
                                 GBytes             *bytes,
                                 const char         *title)
{
  g_return_if_fail (SERTEL_IS_VIEWER_WINDOW (self));
  g_return_if_fail (bytes != NULL);

  sertel_document_view_load_bytes (self->view, bytes, title);
  update_title (self);
  update_actions (self);
}

SertelDocumentView *
sertel_viewer_window_get_view (SertelViewerWindow *self)
{
  g_return_val_if_fail (SERTEL_IS_VIEWER_WINDOW (self), NULL);
  return self->view;
}
