/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-request-list-model.h"

/* Pages kept; the one least recently asked for goes first. A list shows a few
 * dozen rows, so this is scrolling room, not a copy of the register. */
#define MAX_PAGES 20

typedef struct {
  guint      index;
  guint      serial;       /* tells a page from a later one at the same index */
  GPtrArray *items;        /* SertelRequest placeholders, filled in place */
  gboolean   loaded;
  gboolean   loading;
  guint64    last_used;
} Page;

struct _SertelRequestListModel
{
  GObject       parent_instance;

  SertelStore  *store;
  SertelQueue   queue;
  char         *search;

  guint         n_items;
  gboolean      counted;       /* n_items belongs to the current query */
  gboolean      counting;
  guint         generation;    /* bumped by set_query and refresh */
  GCancellable *cancellable;   /* of the current generation */

  GHashTable   *pages;         /* page index → Page */
  guint         page_serial;
  guint64       tick;
  guint         n_running;     /* tasks not yet back */
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SertelRequestListModel, sertel_request_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

/* What a worker needs: a copy of the query, never the model itself. */
typedef struct {
  SertelStore *store;
  SertelQueue  queue;
  char        *search;
  guint        offset;
  guint        limit;
  guint        generation;
  guint        page_index;
  guint        page_serial;
  guint        count;
  GPtrArray   *first_rows;   /* a new query's first page, read with its count */
  gboolean     count_later;  /* a search's first page came alone: count is its length so far */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->store);
  g_free (job->search);
  g_clear_pointer (&job->first_rows, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (SertelRequestListModel *self)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (self->store);
  job->queue = self->queue;
  job->search = g_strdup (self->search);
  job->generation = self->generation;
  return job;
}

static void
running_changed (SertelRequestListModel *self, int delta)
{
  gboolean was = self->n_running > 0;

  self->n_running = (guint) ((int) self->n_running + delta);
  if (was != (self->n_running > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
copy_into (SertelRequest *dest, SertelRequest *src)
{
  /* Object data first: views read the overdue flag when the properties'
   * notify reaches them. */
  g_object_set_data (G_OBJECT (dest), SERTEL_REQUEST_OVERDUE_KEY,
                     g_object_get_data (G_OBJECT (src), SERTEL_REQUEST_OVERDUE_KEY));
  g_object_freeze_notify (G_OBJECT (dest));
  sertel_request_set_letter_number (dest, sertel_request_get_letter_number (src));
  sertel_request_set_letter_date (dest, sertel_request_get_letter_date (src));
  sertel_request_set_received_at (dest, sertel_request_get_received_at (src));
  sertel_request_set_sifat (dest, sertel_request_get_sifat (src));
  sertel_request_set_perihal (dest, sertel_request_get_perihal (src));
  sertel_request_set_opd_id (dest, sertel_request_get_opd_id (src));
  sertel_request_set_opd_name (dest, sertel_request_get_opd_name (src));
  sertel_request_set_state (dest, sertel_request_get_state (src));
  sertel_request_set_state_since (dest, sertel_request_get_state_since (src));
  sertel_request_set_assigned_to (dest, sertel_request_get_assigned_to (src));
  sertel_request_set_return_reason (dest, sertel_request_get_return_reason (src));
  sertel_request_set_recommendation_number (dest, sertel_request_get_recommendation_number (src));
  sertel_request_set_n_applicants (dest, sertel_request_get_n_applicants (src));
  sertel_request_set_version (dest, sertel_request_get_version (src));
  /* id last: a view may take a non-zero id as "the row is here" */
  sertel_request_set_id (dest, sertel_request_get_id (src));
  g_object_thaw_notify (G_OBJECT (dest));
}

/* ------------------------------------------------------------------------- */
/* Pages */

static void
page_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GPtrArray *rows;

  /* A query overtaken while it waited for a thread is not run at all. */
  if (g_task_return_error_if_cancelled (task))
    return;
  rows = sertel_store_query_requests (job->store, job->queue, job->search, job->offset, job->limit, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
page_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_task_propagate_pointer (G_TASK (result), &error);
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page_index));

  if (page && page->serial == job->page_serial && job->generation == self->generation)
    page->loading = FALSE;

  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read requests: %s", error->message);
    }
  else if (job->generation == self->generation && page && page->serial == job->page_serial)
    {
      page->loaded = TRUE;
      for (guint i = 0; i < rows->len && i < page->items->len; i++)
        copy_into (g_ptr_array_index (page->items, i), g_ptr_array_index (rows, i));
    }
  running_changed (self, -1);
}

static void
page_load (SertelRequestListModel *self, Page *page)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (page->loading)
    return;
  page->loading = TRUE;
  job = job_new (self);
  job->offset = page->index * SERTEL_REQUEST_LIST_PAGE_SIZE;
  job->limit = SERTEL_REQUEST_LIST_PAGE_SIZE;
  job->page_index = page->index;
  job->page_serial = page->serial;

  task = g_task_new (self, self->cancellable, page_done, NULL);
  g_task_set_source_tag (task, page_load);
  g_task_set_task_data (task, job, job_free);
  running_changed (self, +1);
  g_task_run_in_thread (task, page_thread);
}

static void
evict_far_pages (SertelRequestListModel *self, Page *keep)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer value;
      Page *oldest = NULL;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Page *p = value;
          if (p != keep && (oldest == NULL || p->last_used < oldest->last_used))
            oldest = p;
        }
      if (oldest == NULL)
        break;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }
}

static Page *
page_get (SertelRequestListModel *self, guint index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      guint first = index * SERTEL_REQUEST_LIST_PAGE_SIZE;
      guint n = MIN (SERTEL_REQUEST_LIST_PAGE_SIZE, self->n_items - first);

      page = g_new0 (Page, 1);
      page->index = index;
      page->serial = ++self->page_serial;
      page->items = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (page->items, sertel_request_new ());
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      evict_far_pages (self, page);
    }
  page->last_used = ++self->tick;
  /* While a new query is being counted the rows shown belong to the old
   * one and are about to be replaced: reading them would be wasted. */
  if (!page->loaded && !self->counting)
    page_load (self, page);
  return page;
}

/* A page whose rows were read already (with the count): its placeholders are
 * the rows themselves. */
static void
page_fill (SertelRequestListModel *self, guint index, GPtrArray *rows)
{
  guint first = index * SERTEL_REQUEST_LIST_PAGE_SIZE;
  guint n = MIN (SERTEL_REQUEST_LIST_PAGE_SIZE, self->n_items - first);
  Page *page;

  if (rows->len != n)
    return;   /* the register changed between the two reads: read it again */
  page = g_new0 (Page, 1);
  page->index = index;
  page->serial = ++self->page_serial;
  page->items = g_ptr_array_ref (rows);
  page->loaded = TRUE;
  page->last_used = ++self->tick;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
}

/* ------------------------------------------------------------------------- */
/* Counting */

static void start_full_count (SertelRequestListModel *self);

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* A search shows its first page before it is counted: counting a broad
   * one ("ah": 38,000 of 100,000 requests) takes longer than the page. */
  if (job->limit > 0 && job->search != NULL)
    {
      job->first_rows = sertel_store_query_requests (job->store, job->queue, job->search, 0, job->limit, &error);
      if (job->first_rows == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      job->count = job->first_rows->len;
      job->count_later = job->count == job->limit;
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!sertel_store_count_query (job->store, job->queue, job->search, &job->count, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* A new query is shown from its top: its first page comes back with the
   * count, so its rows are bound once, with their data, one trip sooner. */
  if (job->limit > 0 && job->count > 0 &&
      !(job->first_rows = sertel_store_query_requests (job->store, job->queue, job->search, 0,
                                                       MIN (job->limit, job->count), &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
count_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean keep_pages = GPOINTER_TO_INT (user_data);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not count requests: %s", error->message);
          if (job->generation == self->generation)
            self->counting = FALSE;
        }
    }
  else if (job->generation == self->generation)
    {
      guint old = self->n_items;

      self->counting = FALSE;
      self->counted = TRUE;
      if (keep_pages && old == job->count)
        {
          /* Same length (a refresh): read the cached pages again in place,
           * so bound rows update through notify and keep their place. */
          GHashTableIter iter;
          gpointer value;

          g_hash_table_iter_init (&iter, self->pages);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            {
              Page *page = value;
              page->loading = FALSE;
              page_load (self, page);
            }
        }
      else
        {
          g_hash_table_remove_all (self->pages);
          self->n_items = job->count;
          if (job->first_rows != NULL)
            page_fill (self, 0, job->first_rows);
          g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
          if (old != self->n_items)
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
      if (job->count_later)
        start_full_count (self);
    }
  running_changed (self, -1);
}

/* The rest of a search's matches, after its first page. */
static void
full_count_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count requests: %s", error->message);
    }
  else if (job->generation == self->generation && job->count != self->n_items)
    {
      guint old = self->n_items;

      if (job->count > old)
        {
          /* The rows shown stay bound; the others join after them. */
          self->n_items = job->count;
          g_list_model_items_changed (G_LIST_MODEL (self), old, 0, job->count - old);
        }
      else
        {
          /* Fewer than the first page: the register changed in between. */
          g_hash_table_remove_all (self->pages);
          self->n_items = job->count;
          g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  running_changed (self, -1);
}

static void
start_full_count (SertelRequestListModel *self)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, self->cancellable, full_count_done, NULL);
  g_task_set_source_tag (task, start_full_count);
  g_task_set_task_data (task, job_new (self), job_free);
  running_changed (self, +1);
  g_task_run_in_thread (task, count_thread);
}

static void
start_count (SertelRequestListModel *self, gboolean keep_pages)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->counting = TRUE;

  job = job_new (self);
  job->limit = keep_pages ? 0 : SERTEL_REQUEST_LIST_PAGE_SIZE;
  task = g_task_new (self, self->cancellable, count_done, GINT_TO_POINTER (keep_pages));
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, job, job_free);
  running_changed (self, +1);
  g_task_run_in_thread (task, count_thread);
}

/* ------------------------------------------------------------------------- */
/* GListModel */

static GType
list_model_get_item_type (GListModel *model)
{
  return SERTEL_TYPE_REQUEST;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return SERTEL_REQUEST_LIST_MODEL (model)->n_items;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;
  page = page_get (self, position / SERTEL_REQUEST_LIST_PAGE_SIZE);
  return g_object_ref (g_ptr_array_index (page->items, position % SERTEL_REQUEST_LIST_PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

/* ------------------------------------------------------------------------- */

static void
sertel_request_list_model_dispose (GObject *object)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_hash_table_remove_all (self->pages);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sertel_request_list_model_parent_class)->dispose (object);
}

static void
sertel_request_list_model_finalize (GObject *object)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (object);

  g_hash_table_unref (self->pages);
  g_free (self->search);
  G_OBJECT_CLASS (sertel_request_list_model_parent_class)->finalize (object);
}

static void
sertel_request_list_model_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_running > 0);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_request_list_model_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_request_list_model_constructed (GObject *object)
{
  SertelRequestListModel *self = SERTEL_REQUEST_LIST_MODEL (object);

  G_OBJECT_CLASS (sertel_request_list_model_parent_class)->constructed (object);
  g_return_if_fail (SERTEL_IS_STORE (self->store));
  start_count (self, FALSE);
}

static void
sertel_request_list_model_class_init (SertelRequestListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sertel_request_list_model_dispose;
  object_class->finalize = sertel_request_list_model_finalize;
  object_class->get_property = sertel_request_list_model_get_property;
  object_class->set_property = sertel_request_list_model_set_property;
  object_class->constructed = sertel_request_list_model_constructed;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sertel_request_list_model_init (SertelRequestListModel *self)
{
  self->queue = SERTEL_QUEUE_ALL;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
}

SertelRequestListModel *
sertel_request_list_model_new (SertelStore *store)
{
  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);
  return g_object_new (SERTEL_TYPE_REQUEST_LIST_MODEL, "store", store, NULL);
}

SertelStore *
sertel_request_list_model_get_store (SertelRequestListModel *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self), NULL);
  return self->store;
}

void
sertel_request_list_model_set_query (SertelRequestListModel *self,
                                     SertelQueue             queue,
                                     const char             *search)
{
  g_return_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self));
  g_return_if_fail ((guint) queue < SERTEL_N_QUEUES);

  if (search && *search == '\0')
    search = NULL;
  g_free (self->search);
  self->search = g_strdup (search);
  self->queue = queue;
  self->counted = FALSE;
  start_count (self, FALSE);
}

SertelQueue
sertel_request_list_model_get_queue (SertelRequestListModel *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self), SERTEL_QUEUE_ALL);
  return self->queue;
}

const char *
sertel_request_list_model_get_search (SertelRequestListModel *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self), NULL);
  return self->search;
}

void
sertel_request_list_model_refresh (SertelRequestListModel *self)
{
  g_return_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self));
  start_count (self, TRUE);
}

gboolean
sertel_request_list_model_get_loading (SertelRequestListModel *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self), FALSE);
  return self->n_running > 0;
}

gboolean
sertel_request_list_model_is_counted (SertelRequestListModel *self)
{
  g_return_val_if_fail (SERTEL_IS_REQUEST_LIST_MODEL (self), FALSE);
  return self->counted;
}
