/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sertel-document-view.h"

#define PAGE_MARGIN   16   /* around all pages, CSS px */
#define PAGE_GAP      12   /* between pages */
#define THUMB_WIDTH   96   /* a thumbnail's longer side follows the page */
#define ZOOM_MIN      0.1
#define ZOOM_MAX      8.0
#define ZOOM_STEP     1.2
#define PX_PER_POINT  (96.0 / 72.0)

typedef enum {
  ZOOM_AUTO,        /* fit width, but never above 100 % */
  ZOOM_FREE,
  ZOOM_FIT_WIDTH,
  ZOOM_FIT_PAGE,
} ZoomMode;

/* ------------------------------------------------------------------ */
/* One page (or thumbnail): a white sheet showing the latest texture,
 * stretched while a sharper one is on its way. */

#define SERTEL_TYPE_PAGE_WIDGET (sertel_page_widget_get_type ())
G_DECLARE_FINAL_TYPE (SertelPageWidget, sertel_page_widget, SERTEL, PAGE_WIDGET, GtkWidget)

struct _SertelPageWidget
{
  GtkWidget   parent_instance;
  int         width, height;     /* CSS px */
  int         wanted;            /* device px width of the texture it asks for */
  GdkTexture *texture;
};

G_DEFINE_FINAL_TYPE (SertelPageWidget, sertel_page_widget, GTK_TYPE_WIDGET)

static void
sertel_page_widget_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  SertelPageWidget *self = SERTEL_PAGE_WIDGET (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;
}

static void
sertel_page_widget_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  SertelPageWidget *self = SERTEL_PAGE_WIDGET (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  GskRoundedRect outline;
  const GdkRGBA edge = { 0, 0, 0, 0.2 };
  cairo_surface_t *surface;
  GskRenderer *renderer;

  /* A hairline, not a blurred shadow: the cairo renderer blurs slowly, and
   * this is drawn for every page on every scroll step. */
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (-1, -1, bounds.size.width + 2, bounds.size.height + 2), 0);
  gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 1, 1, 1, 1 }, (GdkRGBA[4]) { edge, edge, edge, edge });
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &bounds);
  if (self->texture == NULL)
    return;

  surface = g_object_get_data (G_OBJECT (self->texture), SERTEL_RENDER_CACHE_SURFACE_KEY);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  if (surface != NULL && GSK_IS_CAIRO_RENDERER (renderer))
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

      cairo_scale (cr, bounds.size.width / cairo_image_surface_get_width (surface),
                   bounds.size.height / cairo_image_surface_get_height (surface));
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
}

static void
sertel_page_widget_dispose (GObject *object)
{
  g_clear_object (&SERTEL_PAGE_WIDGET (object)->texture);
  G_OBJECT_CLASS (sertel_page_widget_parent_class)->dispose (object);
}

static void
sertel_page_widget_class_init (SertelPageWidgetClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sertel_page_widget_dispose;
  widget_class->measure = sertel_page_widget_measure;
  widget_class->snapshot = sertel_page_widget_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sertel_page_widget_init (SertelPageWidget *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_VISIBLE);
}

static void
page_widget_set_size (SertelPageWidget *self,
                      int               width,
                      int               height)
{
  if (self->width == width && self->height == height)
    return;
  self->width = width;
  self->height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
page_widget_set_texture (SertelPageWidget *self,
                         GdkTexture       *texture)
{
  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */

struct _SertelDocumentView
{
  AdwBin              parent_instance;

  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *status_page;
  GtkEntry           *page_entry;
  GtkLabel           *n_pages_label;
  GtkLabel           *zoom_label;
  GtkToggleButton    *thumbnails_button;
  GtkRevealer        *thumbnails_revealer;
  GtkScrolledWindow  *thumbnails_scroller;
  GtkListBox         *thumbnails;
  GtkScrolledWindow  *scroller;
  GtkBox             *pages;

  char               *title;
  GCancellable       *load_cancellable;
  GError             *error;
  SertelDocument     *document;
  SertelRenderCache  *cache;

  GPtrArray          *page_widgets;
  GPtrArray          *thumb_widgets;
  double             *offsets;      /* top of each page in the scroll, CSS px */
  double              total_height;

  double              zoom;
  ZoomMode            mode;
  int                 rotation;
  guint               current_page;
  double              jump_value;     /* where go_to_page scrolled to */
  double              pending_scroll;
  gboolean            syncing_thumbnails;
  guint               update_id;
  guint               fit_id;
};

G_DEFINE_FINAL_TYPE (SertelDocumentView, sertel_document_view, ADW_TYPE_BIN)

static void update_actions (SertelDocumentView *self);
static void relayout       (SertelDocumentView *self,
                            gboolean            keep_page);

static GtkAdjustment *
vadjustment (SertelDocumentView *self)
{
  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

static GtkAdjustment *
hadjustment (SertelDocumentView *self)
{
  return gtk_scrolled_window_get_hadjustment (self->scroller);
}

static gboolean
rotated (SertelDocumentView *self)
{
  return self->rotation == 90 || self->rotation == 270;
}

/* Page size in points as shown, that is after rotation. */
static void
page_points (SertelDocumentView *self,
             guint               page,
             double             *w,
             double             *h)
{
  double pw, ph;

  sertel_document_get_page_size (self->document, page, &pw, &ph);
  *w = rotated (self) ? ph : pw;
  *h = rotated (self) ? pw : ph;
}

/* ------------------------------------------------------------------ */
/* Remembered rotation, per document content (SHA-256), in a key file. */

static char *
state_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sertel", "viewer-state.ini", NULL);
}

static int
load_rotation (const char *checksum)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = state_path ();

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return 0;
  return ((g_key_file_get_integer (kf, checksum, "rotation", NULL) % 360) + 360) % 360 / 90 * 90;
}

static void
save_rotation (const char *checksum,
               int         rotation)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = state_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  if (rotation == 0)
    g_key_file_remove_group (kf, checksum, NULL);
  else
    g_key_file_set_integer (kf, checksum, "rotation", rotation);
  g_mkdir_with_parents (dir, 0700);
  /* A few hundred bytes: writing it here does not hold up the window. */
  if (!g_key_file_save_to_file (kf, path, &error))
    g_warning ("Could not remember the rotation: %s", error->message);
}

/* ------------------------------------------------------------------ */
/* What to render: the visible pages first, then their neighbours and the
 * thumbnails on screen; everything else is cancelled. */

static void
set_current_page (SertelDocumentView *self,
                  guint               page)
{
  g_autofree char *text = g_strdup_printf ("%u", page + 1);

  self->current_page = page;
  if (!gtk_widget_has_focus (GTK_WIDGET (self->page_entry)))
    gtk_editable_set_text (GTK_EDITABLE (self->page_entry), text);
  self->syncing_thumbnails = TRUE;
  gtk_list_box_select_row (self->thumbnails, gtk_list_box_get_row_at_index (self->thumbnails, (int) page));
  self->syncing_thumbnails = FALSE;
  update_actions (self);
}

/* The current page is the one taking most of the view, unless the view
 * still sits where a jump to a page put it (the last page may be shorter
 * than the window). */
static void
update_current_page (SertelDocumentView *self)
{
  GtkAdjustment *adj = vadjustment (self);
  double top = gtk_adjustment_get_value (adj);
  double bottom = top + gtk_adjustment_get_page_size (adj);
  double best = -1;
  guint current = self->current_page;

  if (self->page_widgets->len == 0 || self->pending_scroll >= 0 || fabs (top - self->jump_value) < 1)
    return;
  self->jump_value = -1000;

  for (guint i = 0; i < self->page_widgets->len; i++)
    {
      SertelPageWidget *pw = g_ptr_array_index (self->page_widgets, i);
      double visible = MIN (bottom, self->offsets[i] + pw->height) - MAX (top, self->offsets[i]);

      if (visible > best + 0.5)
        {
          best = visible;
          current = i;
        }
    }

  if (current != self->current_page)
    set_current_page (self, current);
}

static void
update_renders (SertelDocumentView *self)
{
  GtkAdjustment *adj = vadjustment (self);
  double top = gtk_adjustment_get_value (adj);
  double page_size = gtk_adjustment_get_page_size (adj);
  double bottom = top + page_size;
  int sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (self->cache == NULL)
    return;

  sertel_render_cache_begin (self->cache);

  for (guint i = 0; i < self->page_widgets->len; i++)
    {
      SertelPageWidget *pw = g_ptr_array_index (self->page_widgets, i);
      double y0 = self->offsets[i], y1 = y0 + pw->height;
      SertelRenderPriority priority;
      double w_pt, h_pt;
      GdkTexture *texture;

      if (y1 >= top && y0 <= bottom)
        priority = SERTEL_RENDER_PRIORITY_VISIBLE;
      else if (y1 >= top - page_size && y0 <= bottom + page_size)
        priority = SERTEL_RENDER_PRIORITY_NEIGHBOUR;
      else
        {
          /* Far away: let the cache keep it, not the widget. */
          if (y1 < top - 3 * page_size || y0 > bottom + 3 * page_size)
            page_widget_set_texture (pw, NULL);
          continue;
        }

      page_points (self, i, &w_pt, &h_pt);
      pw->wanted = MAX (1, (int) round (pw->width * sf));
      texture = sertel_render_cache_lookup (self->cache, i, self->rotation, pw->wanted);
      if (texture != NULL)
        page_widget_set_texture (pw, texture);
      else
        sertel_render_cache_request (self->cache, i, self->rotation, pw->wanted,
                                     (double) pw->wanted / w_pt, priority);
    }

  if (gtk_revealer_get_child_revealed (self->thumbnails_revealer) ||
      gtk_revealer_get_reveal_child (self->thumbnails_revealer))
    {
      GtkAdjustment *tadj = gtk_scrolled_window_get_vadjustment (self->thumbnails_scroller);
      double ttop = gtk_adjustment_get_value (tadj);
      double tbottom = ttop + MAX (gtk_adjustment_get_page_size (tadj), 1);

      for (guint i = 0; i < self->thumb_widgets->len; i++)
        {
          SertelPageWidget *tw = g_ptr_array_index (self->thumb_widgets, i);
          GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (self->thumbnails, (int) i));
          graphene_rect_t b;
          double w_pt, h_pt;
          GdkTexture *texture;

          if (!gtk_widget_compute_bounds (row, GTK_WIDGET (self->thumbnails), &b))
            continue;
          if (b.origin.y + b.size.height < ttop || b.origin.y > tbottom)
            continue;
          page_points (self, i, &w_pt, &h_pt);
          tw->wanted = MAX (1, (int) round (tw->width * sf));
          texture = sertel_render_cache_lookup (self->cache, i, self->rotation, tw->wanted);
          if (texture != NULL)
            page_widget_set_texture (tw, texture);
          else
            sertel_render_cache_request (self->cache, i, self->rotation, tw->wanted,
                                         (double) tw->wanted / w_pt, SERTEL_RENDER_PRIORITY_THUMBNAIL);
        }
    }

  sertel_render_cache_end (self->cache);
  update_current_page (self);
}

static gboolean
update_idle_cb (gpointer data)
{
  SertelDocumentView *self = data;

  self->update_id = 0;
  update_renders (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (SertelDocumentView *self)
{
  if (self->update_id == 0 && self->document != NULL)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, update_idle_cb, self, NULL);
}

static void
on_rendered (SertelRenderCache  *cache,
             guint               page,
             int                 rotation,
             int                 width,
             GdkTexture         *texture,
             SertelDocumentView *self)
{
  SertelPageWidget *pw;

  if (rotation != self->rotation || page >= self->page_widgets->len)
    return;
  pw = g_ptr_array_index (self->page_widgets, page);
  if (pw->wanted == width)
    page_widget_set_texture (pw, texture);
  pw = g_ptr_array_index (self->thumb_widgets, page);
  if (pw->wanted == width)
    page_widget_set_texture (pw, texture);
}

static void show_error (SertelDocumentView *self,
                        const GError       *error);
static void clear_document (SertelDocumentView *self);

/* The helper that draws this document crashed, hung or talked nonsense:
 * this document shows nothing more, the rest of the app goes on. */
static void
on_render_failed (SertelRenderCache  *cache,
                  guint               page,
                  const GError       *error,
                  SertelDocumentView *self)
{
  g_autoptr(GError) copy = NULL;

  if (!sertel_document_error_is_fatal (error))
    {
      g_debug ("Page %u could not be drawn: %s", page + 1, error->message);
      return;
    }
  /* clear_document () frees what @error may belong to. */
  copy = g_error_copy (error);
  clear_document (self);
  show_error (self, copy);
}

/* ------------------------------------------------------------------ */
/* Zoom and layout */

static double
fit_zoom (SertelDocumentView *self,
          ZoomMode            mode)
{
  double avail_w = gtk_adjustment_get_page_size (hadjustment (self)) - 2 * PAGE_MARGIN;
  double avail_h = gtk_adjustment_get_page_size (vadjustment (self)) - 2 * PAGE_MARGIN;
  double max_w = 1, w, h, zoom;

  if (avail_w < 50)
    return self->zoom;
  for (guint i = 0; i < sertel_document_get_n_pages (self->document); i++)
    {
      page_points (self, i, &w, &h);
      max_w = MAX (max_w, w * PX_PER_POINT);
    }
  zoom = avail_w / max_w;
  if (mode == ZOOM_AUTO)
    zoom = MIN (zoom, 1.0);
  if (mode == ZOOM_FIT_PAGE && avail_h >= 50)
    {
      page_points (self, self->current_page, &w, &h);
      zoom = MIN (zoom, avail_h / (h * PX_PER_POINT));
    }
  return CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
}

static void
apply_scroll (SertelDocumentView *self)
{
  if (self->pending_scroll >= 0 &&
      gtk_adjustment_get_upper (vadjustment (self)) >= self->total_height - 1)
    {
      double y = self->pending_scroll;

      self->pending_scroll = -1;
      gtk_adjustment_set_value (vadjustment (self), y);
      if (self->jump_value > -1000)
        self->jump_value = gtk_adjustment_get_value (vadjustment (self));
    }
}

static void
scroll_to_y (SertelDocumentView *self,
             double              y)
{
  self->pending_scroll = MAX (0, y);
  apply_scroll (self);
  queue_update (self);
}

static void
relayout (SertelDocumentView *self,
          gboolean            keep_page)
{
  g_autofree char *zoom_text = NULL;
  guint anchor = self->current_page;
  double fraction = 0, y = PAGE_MARGIN;

  if (self->document == NULL)
    return;

  if (keep_page && anchor < self->page_widgets->len)
    {
      SertelPageWidget *pw = g_ptr_array_index (self->page_widgets, anchor);

      /* Keep the same spot of the same page in view while the scale changes. */
      fraction = (gtk_adjustment_get_value (vadjustment (self)) - self->offsets[anchor]) / MAX (pw->height, 1);
    }

  for (guint i = 0; i < self->page_widgets->len; i++)
    {
      SertelPageWidget *pw = g_ptr_array_index (self->page_widgets, i);
      SertelPageWidget *tw = g_ptr_array_index (self->thumb_widgets, i);
      double w, h;

      page_points (self, i, &w, &h);
      page_widget_set_size (pw, MAX (1, (int) round (w * PX_PER_POINT * self->zoom)),
                            MAX (1, (int) round (h * PX_PER_POINT * self->zoom)));
      /* Thumbnails: the same box for every page, the page fitted in it. */
      page_widget_set_size (tw, MAX (1, (int) round (w >= h ? THUMB_WIDTH : THUMB_WIDTH * w / h)),
                            MAX (1, (int) round (w >= h ? THUMB_WIDTH * h / w : THUMB_WIDTH)));
      self->offsets[i] = y;
      y += pw->height + PAGE_GAP;
    }
  self->total_height = y - PAGE_GAP + PAGE_MARGIN;

  zoom_text = g_strdup_printf ("%.0f%%", self->zoom * 100);
  gtk_label_set_text (self->zoom_label, zoom_text);

  if (keep_page && anchor < self->page_widgets->len)
    {
      SertelPageWidget *pw = g_ptr_array_index (self->page_widgets, anchor);

      scroll_to_y (self, self->offsets[anchor] + fraction * pw->height);
    }
  update_actions (self);
  queue_update (self);
}

static void
set_zoom_full (SertelDocumentView *self,
               ZoomMode            mode,
               double              zoom)
{
  self->mode = mode;
  if (mode != ZOOM_FREE)
    zoom = fit_zoom (self, mode);
  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (fabs (zoom - self->zoom) < 0.0005)
    {
      update_actions (self);
      return;
    }
  self->zoom = zoom;
  relayout (self, TRUE);
}

static gboolean
fit_idle_cb (gpointer data)
{
  SertelDocumentView *self = data;

  self->fit_id = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  if (self->mode != ZOOM_FREE)
    set_zoom_full (self, self->mode, self->zoom);
  apply_scroll (self);
  queue_update (self);
  return G_SOURCE_REMOVE;
}

/* Emitted while the scrolled window is being allocated: resizing the pages
 * right there would leave them unallocated for this frame, so refit after. */
static void
on_viewport_size_changed (SertelDocumentView *self)
{
  if (self->fit_id == 0 && self->document != NULL)
    self->fit_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 5, fit_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------ */
/* Actions */

static void
update_actions (SertelDocumentView *self)
{
  gboolean ready = self->document != NULL;
  guint n = ready ? sertel_document_get_n_pages (self->document) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-in", ready && self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-out", ready && self->zoom > ZOOM_MIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-reset", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-fit-width", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.zoom-fit-page", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.rotate-left", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.rotate-right", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous-page", ready && self->current_page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.first-page", ready && self->current_page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next-page", ready && self->current_page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.last-page", ready && self->current_page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.toggle-thumbnails", ready);
}

static void
zoom_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (widget);

  if (g_str_equal (name, "viewer.zoom-in"))
    set_zoom_full (self, ZOOM_FREE, self->zoom * ZOOM_STEP);
  else if (g_str_equal (name, "viewer.zoom-out"))
    set_zoom_full (self, ZOOM_FREE, self->zoom / ZOOM_STEP);
  else if (g_str_equal (name, "viewer.zoom-reset"))
    set_zoom_full (self, ZOOM_FREE, 1.0);
  else if (g_str_equal (name, "viewer.zoom-fit-width"))
    set_zoom_full (self, ZOOM_FIT_WIDTH, self->zoom);
  else if (g_str_equal (name, "viewer.zoom-fit-page"))
    set_zoom_full (self, ZOOM_FIT_PAGE, self->zoom);
}

static void
rotate_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (widget);

  sertel_document_view_set_rotation (self, self->rotation + (g_str_equal (name, "viewer.rotate-left") ? 270 : 90));
}

static void
page_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (widget);
  guint n = sertel_document_view_get_n_pages (self);

  if (n == 0)
    return;
  if (g_str_equal (name, "viewer.next-page"))
    sertel_document_view_go_to_page (self, MIN (self->current_page + 1, n - 1));
  else if (g_str_equal (name, "viewer.previous-page"))
    sertel_document_view_go_to_page (self, self->current_page > 0 ? self->current_page - 1 : 0);
  else if (g_str_equal (name, "viewer.first-page"))
    sertel_document_view_go_to_page (self, 0);
  else if (g_str_equal (name, "viewer.last-page"))
    sertel_document_view_go_to_page (self, n - 1);
}

static void
toggle_thumbnails_action (GtkWidget  *widget,
                          const char *name,
                          GVariant   *param)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (widget);

  gtk_toggle_button_set_active (self->thumbnails_button, !gtk_toggle_button_get_active (self->thumbnails_button));
}

/* Page Up/Down, Home/End move by page, except while typing a page number. */
static gboolean
page_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus)))
    return FALSE;
  if (!gtk_widget_is_sensitive (widget) || SERTEL_DOCUMENT_VIEW (widget)->document == NULL)
    return FALSE;
  return gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), NULL);
}

static void
add_shortcuts (SertelDocumentView *self)
{
  static const struct { guint key; GdkModifierType mods; const char *action; } named[] = {
    { GDK_KEY_plus, GDK_CONTROL_MASK, "viewer.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "viewer.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "viewer.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "viewer.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "viewer.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-reset" },
    { GDK_KEY_KP_0, GDK_CONTROL_MASK, "viewer.zoom-reset" },
    { GDK_KEY_Left, GDK_CONTROL_MASK, "viewer.rotate-left" },
    { GDK_KEY_Right, GDK_CONTROL_MASK, "viewer.rotate-right" },
    { GDK_KEY_F9, 0, "viewer.toggle-thumbnails" },
  };
  static const struct { guint key; const char *action; } pages[] = {
    { GDK_KEY_Page_Up, "viewer.previous-page" },
    { GDK_KEY_KP_Page_Up, "viewer.previous-page" },
    { GDK_KEY_Page_Down, "viewer.next-page" },
    { GDK_KEY_KP_Page_Down, "viewer.next-page" },
    { GDK_KEY_Home, "viewer.first-page" },
    { GDK_KEY_KP_Home, "viewer.first-page" },
    { GDK_KEY_End, "viewer.last-page" },
    { GDK_KEY_KP_End, "viewer.last-page" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Capture: the scrolled window would otherwise eat Page Up/Down. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (named[i].key, named[i].mods),
                                                            gtk_named_action_new (named[i].action)));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (pages[i].key, 0),
                                                gtk_callback_action_new (page_key_cb, NULL, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (pages[i].action));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ------------------------------------------------------------------ */
/* Template callbacks */

static void
on_page_entry_activate (SertelDocumentView *self,
                        GtkEntry           *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  guint64 page = 0;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &page, NULL))
    sertel_document_view_go_to_page (self, (guint) MIN (page, sertel_document_view_get_n_pages (self)) - 1);
  gtk_widget_grab_focus (GTK_WIDGET (self->pages));
  set_current_page (self, self->current_page);
}

static void
on_thumbnail_activated (SertelDocumentView *self,
                        GtkListBoxRow      *row,
                        GtkListBox         *box)
{
  sertel_document_view_go_to_page (self, (guint) gtk_list_box_row_get_index (row));
}

static void
on_thumbnail_selected (GtkListBox         *box,
                       GtkListBoxRow      *row,
                       SertelDocumentView *self)
{
  if (!self->syncing_thumbnails && row != NULL)
    sertel_document_view_go_to_page (self, (guint) gtk_list_box_row_get_index (row));
}

/* ------------------------------------------------------------------ */
/* Loading */

static void
clear_document (SertelDocumentView *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_handle_id (&self->fit_id, g_source_remove);
  if (self->cache != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cache, self);
      sertel_render_cache_cancel_all (self->cache);
    }
  g_clear_object (&self->cache);
  g_clear_object (&self->document);
  g_clear_error (&self->error);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages))) != NULL)
    gtk_box_remove (self->pages, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->thumbnails))) != NULL)
    gtk_list_box_remove (self->thumbnails, child);
  g_ptr_array_set_size (self->page_widgets, 0);
  g_ptr_array_set_size (self->thumb_widgets, 0);
  g_clear_pointer (&self->offsets, g_free);
  self->current_page = 0;
  self->pending_scroll = -1;
  self->jump_value = -1000;
}

static void
show_error (SertelDocumentView *self,
            const GError       *error)
{
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  adw_status_page_set_description (self->status_page, error->message);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

static void
show_document (SertelDocumentView *self,
               SertelDocument     *document)
{
  guint n = sertel_document_get_n_pages (document);
  g_autofree char *of = NULL;

  self->document = g_object_ref (document);
  self->cache = sertel_render_cache_new (document, SERTEL_RENDER_CACHE_DEFAULT_BYTES);
  g_signal_connect (self->cache, "rendered", G_CALLBACK (on_rendered), self);
  g_signal_connect (self->cache, "failed", G_CALLBACK (on_render_failed), self);
  self->rotation = load_rotation (sertel_document_get_checksum (document));
  self->offsets = g_new0 (double, n);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *page = g_object_new (SERTEL_TYPE_PAGE_WIDGET, NULL);
      GtkWidget *thumb = g_object_new (SERTEL_TYPE_PAGE_WIDGET, NULL);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *label = g_strdup_printf (_("Page %u"), i + 1);
      GtkWidget *number_label = gtk_label_new (number);

      gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (self->pages, page);
      g_ptr_array_add (self->page_widgets, page);

      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_widget_set_size_request (box, THUMB_WIDTH, -1);
      gtk_box_append (GTK_BOX (box), thumb);
      gtk_widget_add_css_class (number_label, "caption");
      gtk_widget_add_css_class (number_label, "numeric");
      gtk_box_append (GTK_BOX (box), number_label);
      gtk_list_box_append (self->thumbnails, box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_ptr_array_add (self->thumb_widgets, thumb);
    }

  /* Translators: after the page number entry, e.g. "of 12". */
  of = g_strdup_printf (_("of %u"), n);
  gtk_label_set_text (self->n_pages_label, of);
  /* One page needs no thumbnails. */
  gtk_toggle_button_set_active (self->thumbnails_button, n > 1);

  self->mode = ZOOM_AUTO;
  self->zoom = 1.0;
  self->zoom = fit_zoom (self, ZOOM_AUTO);
  relayout (self, FALSE);
  gtk_adjustment_set_value (vadjustment (self), 0);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "document");
  set_current_page (self, 0);
  update_actions (self);
  queue_update (self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  SertelDocument *document = sertel_document_new_from_bytes (task_data, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelDocument) document = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  if (document == NULL)
    show_error (self, error);
  else
    show_document (self, document);
}

static void
start_loading (SertelDocumentView *self,
               const char         *title)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  clear_document (self);
  g_free (self->title);
  self->title = g_strdup (title);
  self->load_cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);
}

void
sertel_document_view_load_bytes (SertelDocumentView *self,
                                 GBytes             *bytes,
                                 const char         *title)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (bytes != NULL);

  start_loading (self, title);
  /* Poppler parses the whole file: off the main thread. */
  task = g_task_new (self, self->load_cancellable, load_done, NULL);
  g_task_set_source_tag (task, sertel_document_view_load_bytes);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, load_thread);
}

static void
file_loaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SertelDocumentView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *title = g_strdup (self->title);
  gsize len = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->load_cancellable);
      show_error (self, error);
      return;
    }
  sertel_document_view_load_bytes (self, g_bytes_new_take (g_steal_pointer (&contents), len), title);
}

void
sertel_document_view_load_file (SertelDocumentView *self,
                                GFile              *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SERTEL_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  start_loading (self, name);
  g_file_load_contents_async (file, self->load_cancellable, file_loaded, g_object_ref (self));
}

void
sertel_document_view_clear (SertelDocumentView *self)
{
  g_return_if_fail (SERTEL_IS_DOCUMENT_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  clear_document (self);
  g_clear_pointer (&self->title, g_free);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_actions (self);
}

/* ------------------------------------------------------------------ */

static void
sertel_document_view_dispose (GObject *object)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->page_widgets != NULL)
    clear_document (self);
  /* AdwBin keeps its own pointer to the child: let it go first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_DOCUMENT_VIEW);
  G_OBJECT_CLASS (sertel_document_view_parent_class)->dispose (object);
}

static void
sertel_document_view_finalize (GObject *object)
{
  SertelDocumentView *self = SERTEL_DOCUMENT_VIEW (object);

  g_clear_pointer (&self->page_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->thumb_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sertel_document_view_parent_class)->finalize (object);
}

static void
sertel_document_view_class_init (SertelDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_document_view_dispose;
  object_class->finalize = sertel_document_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, stack);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, status_page);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, page_entry);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, n_pages_label);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, thumbnails_button);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, thumbnails_revealer);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, thumbnails_scroller);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SertelDocumentView, pages);
  gtk_widget_class_bind_template_callback (widget_class, on_page_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_thumbnail_activated);

  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit-width", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit-page", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-left", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "viewer.rotate-right", NULL, rotate_action);
  gtk_widget_class_install_action (widget_class, "viewer.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.first-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.last-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "viewer.toggle-thumbnails", NULL, toggle_thumbnails_action);
}

static void
ensure_style (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || gdk_display_get_default () == NULL)
    return;
  done = TRUE;
  /* White sheets on a slightly darker desk, in light and dark styles. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider,
                                   ".sertel-viewer-canvas { background-color: mix(@window_bg_color, @window_fg_color, 0.12); }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
sertel_document_view_init (SertelDocumentView *self)
{
  ensure_style ();
  /* A document comes next: its helper can be starting meanwhile. */
  sertel_document_prepare_helper ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->page_widgets = g_ptr_array_new ();
  self->thumb_widgets = g_ptr_array_new ();
  self->zoom = 1.0;
  self->mode = ZOOM_AUTO;
  self->pending_scroll = -1;
  self->jump_value = -1000;

  gtk_box_set_spacing (self->pages, PAGE_GAP);
  gtk_widget_set_margin_top (GTK_WIDGET (self->pages), PAGE_MARGIN);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->pages), PAGE_MARGIN);
  gtk_widget_set_margin_start (GTK_WIDGET (self->pages), PAGE_MARGIN);
  gtk_widget_set_margin_end (GTK_WIDGET (self->pages), PAGE_MARGIN);

  g_signal_connect_swapped (vadjustment (self), "value-changed", G_CALLBACK (queue_update), self);
  g_signal_connect_swapped (vadjustment (self), "notify::page-size", G_CALLBACK (on_viewport_size_changed), self);
  g_signal_connect_swapped (vadjustment (self), "changed", G_CALLBACK (apply_scroll), self);
  g_signal_connect_swapped (hadjustment (self), "notify::page-size", G_CALLBACK (on_viewport_size_changed), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->thumbnails_scroller), "value-changed",
                            G_CALLBACK (queue_update), self);
  g_signal_connect_swapped (self->thumbnails_revealer, "notify::child-revealed", G_CALLBACK (queue_update), self);
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (queue_update), self);
  g_signal_connect (self->thumbnails, "row-selected", G_CALLBACK (on_thumbnail_selected), self);

  add_shortcuts (self);
  update_actions (self);
}

SertelDocumentView *
sertel_document_view_new (void)
{
  return g_object_new (SERTEL_TYPE_DOCUMENT_VIEW, NULL);
}

const char *
sertel_document_view_get_title (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), NULL);
  return self->title;
}

SertelDocument *
sertel_document_view_get_document (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), NULL);
  return self->document;
}

gboolean
sertel_document_view_is_loading (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), FALSE);
  return self->load_cancellable != NULL;
}

const GError *
sertel_document_view_get_error (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), NULL);
  return self->error;
}

guint
sertel_document_view_get_n_pages (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), 0);
  return self->document ? sertel_document_get_n_pages (self->document) : 0;
}

guint
sertel_document_view_get_current_page (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), 0);
  return self->current_page;
}

void
sertel_document_view_go_to_page (SertelDocumentView *self,
                                 guint               page)
{
  g_return_if_fail (SERTEL_IS_DOCUMENT_VIEW (self));

  if (page >= self->page_widgets->len)
    return;
  self->jump_value = -1;   /* set once the scroll is applied */
  scroll_to_y (self, self->offsets[page] - PAGE_GAP / 2.0);
  set_current_page (self, page);
}

double
sertel_document_view_get_zoom (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), 1.0);
  return self->zoom;
}

void
sertel_document_view_set_zoom (SertelDocumentView *self,
                               double              zoom)
{
  g_return_if_fail (SERTEL_IS_DOCUMENT_VIEW (self));
  set_zoom_full (self, ZOOM_FREE, zoom);
}

int
sertel_document_view_get_rotation (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), 0);
  return self->rotation;
}

void
sertel_document_view_set_rotation (SertelDocumentView *self,
                                   int                 rotation)
{
  g_return_if_fail (SERTEL_IS_DOCUMENT_VIEW (self));

  rotation = ((rotation % 360) + 360) % 360 / 90 * 90;
  if (self->document == NULL || rotation == self->rotation)
    return;
  self->rotation = rotation;
  save_rotation (sertel_document_get_checksum (self->document), rotation);
  /* The old pictures are turned the wrong way. */
  for (guint i = 0; i < self->page_widgets->len; i++)
    {
      page_widget_set_texture (g_ptr_array_index (self->page_widgets, i), NULL);
      page_widget_set_texture (g_ptr_array_index (self->thumb_widgets, i), NULL);
    }
  if (self->mode != ZOOM_FREE)
    self->zoom = fit_zoom (self, self->mode);
  relayout (self, TRUE);
}

GdkTexture *
sertel_document_view_get_page_texture (SertelDocumentView *self,
                                       guint               page)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), NULL);
  if (page >= self->page_widgets->len)
    return NULL;
  return SERTEL_PAGE_WIDGET (g_ptr_array_index (self->page_widgets, page))->texture;
}

GdkTexture *
sertel_document_view_get_thumbnail_texture (SertelDocumentView *self,
                                            guint               page)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), NULL);
  if (page >= self->thumb_widgets->len)
    return NULL;
  return SERTEL_PAGE_WIDGET (g_ptr_array_index (self->thumb_widgets, page))->texture;
}

SertelRenderCache *
sertel_document_view_get_cache (SertelDocumentView *self)
{
  g_return_val_if_fail (SERTEL_IS_DOCUMENT_VIEW (self), NULL);
  return self->cache;
}
