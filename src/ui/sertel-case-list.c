/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-case-list.h"

typedef enum {
  COL_RECEIVED,
  COL_LETTER,
  COL_OPD,
  COL_APPLICANTS,
  COL_STEP,
  COL_TIME,
  N_COLUMNS
} Column;

struct _SertelCaseList
{
  AdwBin                  parent_instance;

  GtkSearchEntry         *search_entry;
  GtkSpinner             *spinner;
  GtkStack               *stack;
  GtkColumnView          *column_view;
  AdwStatusPage          *empty_page;

  SertelStore            *store;
  SertelRequestListModel *model;
  GtkSliceListModel      *first_screen;  /* the model, capped until the first rows are painted */
  GdkFrameClock          *paint_clock;   /* waited on for that frame */
  gulong                  after_paint_id;
  GtkSingleSelection     *selection;
  SertelQueue             queue;
  char                   *search;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUEUE,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SertelCaseList, sertel_case_list, ADW_TYPE_BIN)

/* ------------------------------------------------------------------------- */
/* Cells: one label (the time column adds an icon), filled from the row's
 * request, and again on its notify when a placeholder's page arrives. */

static void
update_cell (GtkListItem *list_item)
{
  SertelCaseList *self = g_object_get_data (G_OBJECT (list_item), "sertel-case-list");
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (list_item), "sertel-column"));
  SertelRequest *r = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkWidget *label = column == COL_TIME ? gtk_widget_get_last_child (child) : child;
  g_autofree char *text = NULL;
  gboolean late = FALSE;

  /* A placeholder whose page has not arrived yet: blank. */
  if (r != NULL && sertel_request_get_id (r) != 0)
    {
      switch (column)
        {
        case COL_RECEIVED:
          {
            g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (sertel_request_get_received_at (r));
            text = dt ? g_date_time_format (dt, "%d-%m-%Y %H:%M") : NULL;
          }
          break;
        case COL_LETTER:
          text = g_strdup (sertel_request_get_letter_number (r));
          break;
        case COL_OPD:
          text = g_strdup (sertel_request_get_opd_name (r));
          break;
        case COL_APPLICANTS:
          text = g_strdup_printf ("%u", sertel_request_get_n_applicants (r));
          break;
        case COL_STEP:
          text = g_strdup (sertel_request_state_display_name (sertel_request_get_state (r)));
          break;
        case COL_TIME:
          /* A completed case runs no clock. */
          if (sertel_request_get_state (r) != SERTEL_REQUEST_COMPLETED && self->store)
            text = sertel_format_duration (MAX (0, sertel_store_now (self->store) - sertel_request_get_state_since (r)));
          late = sertel_request_is_overdue (r);
          break;
        case N_COLUMNS:
        default:
          g_assert_not_reached ();
        }
    }

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  if (column == COL_TIME)
    {
      gtk_widget_set_visible (gtk_widget_get_first_child (child), late);
      if (late)
        gtk_widget_add_css_class (child, "overdue");
      else
        gtk_widget_remove_css_class (child, "overdue");
    }
}

/* Tooltips are made when asked for: setting one on every bind costs a round
 * trip to the X server in GTK 4.8, which stalls scrolling a long list. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text == NULL || *text == '\0')
        return FALSE;
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }
  /* The time column's box: overdue when its alarm icon shows. */
  if (gtk_widget_get_visible (gtk_widget_get_first_child (widget)))
    {
      gtk_tooltip_set_text (tooltip, _("Overdue"));
      return TRUE;
    }
  return FALSE;
}

static void
on_item_notify (GObject *item, GParamSpec *pspec, GtkListItem *list_item)
{
  update_cell (list_item);
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            SertelCaseList           *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "sertel-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_APPLICANTS ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COL_APPLICANTS || column == COL_RECEIVED || column == COL_TIME)
    gtk_widget_add_css_class (label, "numeric");

  g_object_set_data (G_OBJECT (list_item), "sertel-case-list", self);
  g_object_set_data (G_OBJECT (list_item), "sertel-column", GINT_TO_POINTER (column));

  if (column == COL_TIME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");

      gtk_widget_set_visible (icon, FALSE);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_has_tooltip (box, TRUE);
      g_signal_connect (box, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
      gtk_list_item_set_child (list_item, box);
    }
  else
    {
      if (column == COL_LETTER || column == COL_OPD)
        {
          /* The whole text of an ellipsized letter number or OPD name. */
          gtk_widget_set_has_tooltip (label, TRUE);
          g_signal_connect (label, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
        }
      gtk_list_item_set_child (list_item, label);
    }
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           SertelCaseList           *self)
{
  GObject *item = gtk_list_item_get_item (list_item);

  /* The model fills a placeholder (or refreshes a row) with its notifies
   * frozen, and the id and version change whenever the row's content does:
   * two signals, not one per property, per cell. */
  if (item)
    {
      g_signal_connect (item, "notify::id", G_CALLBACK (on_item_notify), list_item);
      g_signal_connect (item, "notify::version", G_CALLBACK (on_item_notify), list_item);
    }
  update_cell (list_item);
}

static void
cell_unbind (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             SertelCaseList           *self)
{
  GObject *item = gtk_list_item_get_item (list_item);

  if (item)
    g_signal_handlers_disconnect_by_func (item, on_item_notify, list_item);
}

static void
add_column (SertelCaseList *self, Column column, const char *title, gboolean expand, int fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;

  g_object_set_data (G_OBJECT (factory), "sertel-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind), self);

  col = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (col, fixed_width);
  gtk_column_view_append_column (self->column_view, col);
}

/* ------------------------------------------------------------------------- */

static void
update_empty (SertelCaseList *self)
{
  gboolean empty = self->model &&
                   sertel_request_list_model_is_counted (self->model) &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  if (self->search && *self->search)
    {
      adw_status_page_set_title (self->empty_page, _("No Matches"));
      adw_status_page_set_description (self->empty_page,
                                       _("No request in this queue has that name, NIP, NIK, letter number or OPD."));
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Requests"));
      adw_status_page_set_description (self->empty_page, _("Requests in this queue will show here."));
      adw_status_page_set_icon_name (self->empty_page, "folder-documents-symbolic");
    }
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
on_items_changed (SertelCaseList *self)
{
  update_empty (self);
}

/* GTK 4.8's list view makes a row widget for up to 200 items whatever the
 * height, six cells each here: laying out 1,200 cells made the first frame
 * with data 60–90 ms late. A new register's list therefore starts with one
 * screen of rows; the rest join right after that screen is painted. */
#define FIRST_SCREEN_ROWS 50

static void
stop_waiting_for_paint (SertelCaseList *self)
{
  g_clear_signal_handler (&self->after_paint_id, self->paint_clock);
  g_clear_object (&self->paint_clock);
}

static void
show_all_rows (SertelCaseList *self)
{
  stop_waiting_for_paint (self);
  if (self->first_screen != NULL)
    gtk_slice_list_model_set_size (self->first_screen, G_MAXUINT);
}

static void
on_after_paint (GdkFrameClock *clock, SertelCaseList *self)
{
  show_all_rows (self);
}

static void
on_model_loading (SertelCaseList *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->first_screen == NULL || gtk_slice_list_model_get_size (self->first_screen) == G_MAXUINT ||
      self->after_paint_id != 0 || !sertel_request_list_model_is_counted (self->model) ||
      sertel_request_list_model_get_loading (self->model))
    return;
  /* Nothing will be painted while the list is not on screen. */
  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_all_rows (self);
  else
    {
      self->paint_clock = g_object_ref (clock);
      self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), self);
    }
}

static void
run_query (SertelCaseList *self)
{
  if (self->model)
    sertel_request_list_model_set_query (self->model, self->queue, self->search);
}

static void
on_search_changed (SertelCaseList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (g_strcmp0 (stripped, self->search ? self->search : "") == 0)
    return;
  g_free (self->search);
  self->search = *stripped ? g_steal_pointer (&stripped) : NULL;
  run_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

static void
on_activate (SertelCaseList *self, guint position)
{
  g_autoptr(SertelRequest) r = NULL;

  if (self->model == NULL)
    return;
  r = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  /* A row whose page has not arrived yet has no id to open. */
  if (r == NULL || sertel_request_get_id (r) == 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x", sertel_request_get_id (r));
}

/* ------------------------------------------------------------------------- */

static void
sertel_case_list_dispose (GObject *object)
{
  SertelCaseList *self = SERTEL_CASE_LIST (object);

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  stop_waiting_for_paint (self);
  if (self->column_view)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->first_screen);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_CASE_LIST);
  G_OBJECT_CLASS (sertel_case_list_parent_class)->dispose (object);
}

static void
sertel_case_list_finalize (GObject *object)
{
  SertelCaseList *self = SERTEL_CASE_LIST (object);

  g_free (self->search);
  G_OBJECT_CLASS (sertel_case_list_parent_class)->finalize (object);
}

static void
sertel_case_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SertelCaseList *self = SERTEL_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUEUE:
      g_value_set_uint (value, self->queue);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_case_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SertelCaseList *self = SERTEL_CASE_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sertel_case_list_set_store (self, g_value_get_object (value));
      break;
    case PROP_QUEUE:
      sertel_case_list_set_queue (self, g_value_get_uint (value));
      break;
    case PROP_SEARCH:
      sertel_case_list_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_case_list_class_init (SertelCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_case_list_dispose;
  object_class->finalize = sertel_case_list_finalize;
  object_class->get_property = sertel_case_list_get_property;
  object_class->set_property = sertel_case_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A SertelQueue */
  properties[PROP_QUEUE] =
    g_param_spec_uint ("queue", NULL, NULL, 0, SERTEL_N_QUEUES - 1, SERTEL_QUEUE_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelCaseList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SertelCaseList, spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelCaseList, stack);
  gtk_widget_class_bind_template_child (widget_class, SertelCaseList, column_view);
  gtk_widget_class_bind_template_child (widget_class, SertelCaseList, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
}

static void
sertel_case_list_init (SertelCaseList *self)
{
  self->queue = SERTEL_QUEUE_ALL;
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, COL_RECEIVED, _("Received"), FALSE, -1);
  add_column (self, COL_LETTER, _("Letter Number"), FALSE, 220);
  add_column (self, COL_OPD, _("OPD"), TRUE, -1);
  add_column (self, COL_APPLICANTS, _("Applicants"), FALSE, -1);
  add_column (self, COL_STEP, _("Step"), FALSE, -1);
  add_column (self, COL_TIME, _("Time in Step"), FALSE, -1);
  /* Typing while the list has focus goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  update_empty (self);
}

GtkWidget *
sertel_case_list_new (void)
{
  return g_object_new (SERTEL_TYPE_CASE_LIST, NULL);
}

SertelStore *
sertel_case_list_get_store (SertelCaseList *self)
{
  g_return_val_if_fail (SERTEL_IS_CASE_LIST (self), NULL);
  return self->store;
}

void
sertel_case_list_set_store (SertelCaseList *self, SertelStore *store)
{
  g_return_if_fail (SERTEL_IS_CASE_LIST (self));
  g_return_if_fail (store == NULL || SERTEL_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  stop_waiting_for_paint (self);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->first_screen);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);

  if (store)
    {
      self->model = sertel_request_list_model_new (store);
      run_query (self);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_loading), self,
                               G_CONNECT_SWAPPED);
      g_object_bind_property (self->model, "loading", self->spinner, "spinning", G_BINDING_SYNC_CREATE);
      g_object_bind_property (self->model, "loading", self->spinner, "visible", G_BINDING_SYNC_CREATE);
      self->first_screen = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->model)), 0,
                                                     FIRST_SCREEN_ROWS);
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->first_screen)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

SertelQueue
sertel_case_list_get_queue (SertelCaseList *self)
{
  g_return_val_if_fail (SERTEL_IS_CASE_LIST (self), SERTEL_QUEUE_ALL);
  return self->queue;
}

void
sertel_case_list_set_queue (SertelCaseList *self, SertelQueue queue)
{
  g_return_if_fail (SERTEL_IS_CASE_LIST (self));
  g_return_if_fail ((guint) queue < SERTEL_N_QUEUES);

  if (self->queue == queue)
    return;
  self->queue = queue;
  run_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

const char *
sertel_case_list_get_search (SertelCaseList *self)
{
  g_return_val_if_fail (SERTEL_IS_CASE_LIST (self), NULL);
  return self->search;
}

void
sertel_case_list_set_search (SertelCaseList *self, const char *search)
{
  g_return_if_fail (SERTEL_IS_CASE_LIST (self));

  /* Through the entry, so it shows what is searched; the debounce is the
   * entry's own ("search-changed"), so apply it at once here. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  on_search_changed (self);
}

GtkWidget *
sertel_case_list_get_search_entry (SertelCaseList *self)
{
  g_return_val_if_fail (SERTEL_IS_CASE_LIST (self), NULL);
  return GTK_WIDGET (self->search_entry);
}

SertelRequestListModel *
sertel_case_list_get_model (SertelCaseList *self)
{
  g_return_val_if_fail (SERTEL_IS_CASE_LIST (self), NULL);
  return self->model;
}

void
sertel_case_list_refresh (SertelCaseList *self)
{
  g_return_if_fail (SERTEL_IS_CASE_LIST (self));
  if (self->model)
    sertel_request_list_model_refresh (self->model);
}
