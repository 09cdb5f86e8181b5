/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-document.h"
#include "sertel-scan-preview.h"
#include "sertel-store-privacy.h"

/* Rendered wide enough for a sharp thumbnail, small enough to be quick. */
#define PREVIEW_WIDTH 640

struct _SertelScanPreview
{
  AdwBin        parent_instance;

  GCancellable *cancellable;
  gint64        attachment_id;
  SertelStaff  *actor;          /* who looks: a KTP scan's view is recorded */

  GtkStack     *stack;
  GtkPicture   *picture;
  GtkLabel     *message;
  GtkButton    *open_button;
};

G_DEFINE_FINAL_TYPE (SertelScanPreview, sertel_scan_preview, ADW_TYPE_BIN)

GtkWidget *
sertel_scan_preview_new (void)
{
  return g_object_new (SERTEL_TYPE_SCAN_PREVIEW, NULL);
}

/* Through a SertelDocument: the file is parsed and drawn by a helper
 * process, so a hostile scan costs this preview, not the case page. */
static GdkTexture *
render_first_page (GBytes       *bytes,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr(SertelDocument) document = sertel_document_new_from_bytes (bytes, cancellable, error);
  g_autoptr(GBytes) pixels = NULL;
  cairo_surface_t *surface;
  double w = 0;
  int pw, ph, stride;

  if (document == NULL)
    return NULL;
  sertel_document_get_page_size (document, 0, &w, NULL);
  surface = sertel_document_render (document, 0, PREVIEW_WIDTH / w, 0, cancellable, error);
  if (surface == NULL)
    return NULL;
  pw = cairo_image_surface_get_width (surface);
  ph = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* The texture keeps the surface's memory: no copy. */
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface), (gsize) stride * ph,
                                       (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (pw, ph, GDK_MEMORY_DEFAULT, pixels, stride);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SertelStore *store = task_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "attachment-id"));
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  GdkTexture *texture;

  bytes = sertel_store_view_attachment (store, g_object_get_data (G_OBJECT (task), "actor"), id, "preview", &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  texture = render_first_page (bytes, cancellable, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
show_message (SertelScanPreview *self, const char *text)
{
  gtk_label_set_text (self->message, text);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
render_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelScanPreview *self = SERTEL_SCAN_PREVIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (texture == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The document reader failed on it: "Open" would not show it either. */
      if (sertel_document_error_is_fatal (error))
        show_message (self, error->message);
      else
        {
          text = g_strdup_printf (_("This file cannot be shown here (%s). Use “Open” to view it."), error->message);
          show_message (self, text);
        }
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "picture");
}

void
sertel_scan_preview_load (SertelScanPreview *self,
                          SertelStore       *store,
                          gint64             attachment_id,
                          const char        *missing_text)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_SCAN_PREVIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->attachment_id = attachment_id;
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), attachment_id > 0);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "x", attachment_id);

  if (store == NULL || attachment_id <= 0)
    {
      show_message (self, missing_text ? missing_text : _("No file is attached."));
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "loading");
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, render_done, NULL);
  g_task_set_source_tag (task, sertel_scan_preview_load);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_object_set_data (G_OBJECT (task), "attachment-id", GSIZE_TO_POINTER ((gsize) attachment_id));
  if (self->actor != NULL)
    g_object_set_data_full (G_OBJECT (task), "actor", g_object_ref (self->actor), g_object_unref);
  g_task_run_in_thread (task, render_thread);
}

void
sertel_scan_preview_set_actor (SertelScanPreview *self, SertelStaff *actor)
{
  g_return_if_fail (SERTEL_IS_SCAN_PREVIEW (self));
  g_set_object (&self->actor, actor);
}

void
sertel_scan_preview_set_show_open (SertelScanPreview *self, gboolean show)
{
  g_return_if_fail (SERTEL_IS_SCAN_PREVIEW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), show);
}

gboolean
sertel_scan_preview_has_picture (SertelScanPreview *self)
{
  g_return_val_if_fail (SERTEL_IS_SCAN_PREVIEW (self), FALSE);
  return gtk_picture_get_paintable (self->picture) != NULL;
}

static void
sertel_scan_preview_dispose (GObject *object)
{
  SertelScanPreview *self = SERTEL_SCAN_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actor);
  G_OBJECT_CLASS (sertel_scan_preview_parent_class)->dispose (object);
}

static void
sertel_scan_preview_class_init (SertelScanPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sertel_scan_preview_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "sertel-scan-preview");
}

static void
sertel_scan_preview_init (SertelScanPreview *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *spinner = gtk_spinner_new ();

  /* A scan will be drawn by a helper process: have one starting. */
  sertel_document_prepare_helper ();
  /* Built in code: a handful of widgets, no template needed. */
  self->stack = GTK_STACK (gtk_stack_new ());
  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (GTK_WIDGET (self->stack), 220, 300);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview of the first page"), -1);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_justify (self->message, GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_start (GTK_WIDGET (self->message), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);

  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->picture), "picture");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->message), "message");
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->stack));
  gtk_widget_set_vexpand (frame, TRUE);

  self->open_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Open")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->open_button), _("Open the whole document"));
  /* Target first: the helper checks the type against the window's action. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_button), "win.open-attachment");
  gtk_widget_set_halign (GTK_WIDGET (self->open_button), GTK_ALIGN_END);

  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->open_button));
  adw_bin_set_child (ADW_BIN (self), box);
  show_message (self, _("No file is attached."));
}
