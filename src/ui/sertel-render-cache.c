/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include "sertel-render-cache.h"

typedef struct {
  guint64       key;
  GdkTexture   *texture;
  gsize         bytes;
  GList        *link;       /* in lru, most recent first */
} Entry;

typedef struct {
  gatomicrefcount ref;
  GWeakRef      cache;
  SertelDocument *document;   /* its own ref: a closing view need not wait */
  guint64       key;
  guint         page;
  int           rotation;
  int           width;
  double        scale;
  SertelRenderPriority priority;
  guint64       seq;
  gboolean      wanted;     /* requested again since begin () */
  GCancellable *cancellable;
  GBytes       *pixels;
  cairo_surface_t *surface;   /* the same pixels as cairo sees them */
  GError       *error;
  int           px_width, px_height, stride;
} Job;

struct _SertelRenderCache
{
  GObject         parent_instance;

  SertelDocument *document;
  GThreadPool    *pool;
  GHashTable     *jobs;       /* key → Job*, queued or running */
  GHashTable     *entries;    /* key → Entry* */
  GQueue          lru;
  gsize           bytes;
  gsize           max_bytes;
  guint64         seq;

  guint           hits;
  guint           renders;
  guint           cancelled;
};

G_DEFINE_FINAL_TYPE (SertelRenderCache, sertel_render_cache, G_TYPE_OBJECT)

enum { RENDERED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static guint64
make_key (guint page,
          int   rotation,
          int   width)
{
  return ((guint64) page << 32) | ((guint64) (rotation / 90 & 3) << 24) | ((guint64) width & 0xFFFFFF);
}

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
job_unref (Job *job)
{
  if (g_atomic_ref_count_dec (&job->ref))
    {
      g_weak_ref_clear (&job->cache);
      g_clear_object (&job->document);
      g_clear_object (&job->cancellable);
      g_clear_pointer (&job->pixels, g_bytes_unref);
      g_clear_pointer (&job->surface, cairo_surface_destroy);
      g_clear_error (&job->error);
      g_free (job);
    }
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
trim (SertelRenderCache *self)
{
  /* Keep at least the newest entry, however big: it is on screen. */
  while (self->bytes > self->max_bytes && self->lru.length > 1)
    {
      Entry *oldest = g_queue_pop_tail (&self->lru);

      self->bytes -= oldest->bytes;
      g_hash_table_remove (self->entries, &oldest->key);
    }
}

static gboolean
job_finished_cb (gpointer data)
{
  Job *job = data;
  g_autoptr(SertelRenderCache) self = g_weak_ref_get (&job->cache);
  g_autoptr(GdkTexture) texture = NULL;
  Entry *entry;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (g_hash_table_lookup (self->jobs, &job->key) == job)
    g_hash_table_remove (self->jobs, &job->key);
  if (g_cancellable_is_cancelled (job->cancellable))
    return G_SOURCE_REMOVE;
  if (job->pixels == NULL)
    {
      if (job->error != NULL)
        g_signal_emit (self, signals[FAILED], 0, job->page, job->error);
      return G_SOURCE_REMOVE;
    }

  texture = gdk_memory_texture_new (job->px_width, job->px_height, GDK_MEMORY_DEFAULT,
                                    job->pixels, job->stride);
  g_object_set_data_full (G_OBJECT (texture), SERTEL_RENDER_CACHE_SURFACE_KEY,
                          cairo_surface_reference (job->surface), (GDestroyNotify) cairo_surface_destroy);
  self->renders++;

  entry = g_hash_table_lookup (self->entries, &job->key);
  if (entry != NULL)
    {
      g_queue_delete_link (&self->lru, entry->link);
      self->bytes -= entry->bytes;
      g_hash_table_remove (self->entries, &job->key);
    }
  entry = g_new0 (Entry, 1);
  entry->key = job->key;
  entry->texture = g_object_ref (texture);
  /* What the texture holds in memory, not what it shows. */
  entry->bytes = (gsize) job->stride * job->px_height;
  g_queue_push_head (&self->lru, entry);
  entry->link = self->lru.head;
  g_hash_table_insert (self->entries, &entry->key, entry);
  self->bytes += entry->bytes;
  trim (self);

  g_signal_emit (self, signals[RENDERED], 0, job->page, job->rotation, job->width, texture);
  return G_SOURCE_REMOVE;
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  cairo_surface_t *surface;

  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      surface = sertel_document_render (job->document, job->page, job->scale, job->rotation,
                                        job->cancellable, &job->error);
      if (surface != NULL)
        {
          job->px_width = cairo_image_surface_get_width (surface);
          job->px_height = cairo_image_surface_get_height (surface);
          job->stride = cairo_image_surface_get_stride (surface);
          /* The surface lives as long as the bytes: no copy. */
          job->pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                    (gsize) job->stride * job->px_height,
                                                    (GDestroyNotify) cairo_surface_destroy,
                                                    surface);
          job->surface = cairo_surface_reference (surface);
        }
    }

  /* Back on the main thread: textures and signals belong there. Not
   * g_main_context_invoke (): while the main thread is between iterations
   * it runs the callback right here, on this thread. */
  g_idle_add_full (G_PRIORITY_DEFAULT, job_finished_cb, job, (GDestroyNotify) job_unref);
}

static gint
compare_jobs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Job *ja = a, *jb = b;

  if (ja->priority != jb->priority)
    return ja->priority < jb->priority ? -1 : 1;
  return ja->seq < jb->seq ? -1 : ja->seq > jb->seq;
}

static void
cancel_job (SertelRenderCache *self,
            Job               *job)
{
  g_cancellable_cancel (job->cancellable);
  self->cancelled++;
}

void
sertel_render_cache_cancel_all (SertelRenderCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SERTEL_IS_RENDER_CACHE (self));

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      cancel_job (self, value);
      g_hash_table_iter_remove (&iter);
    }
}

static void
sertel_render_cache_dispose (GObject *object)
{
  SertelRenderCache *self = SERTEL_RENDER_CACHE (object);

  if (self->jobs != NULL)
    sertel_render_cache_cancel_all (self);
  /* Cancelled jobs are skipped. Not waiting for the page being drawn: a
   * closing window must not hang on a heavy scan; the job owns what it uses
   * and its result finds no cache (weak ref) and is dropped. */
  if (self->pool != NULL)
    {
      g_thread_pool_free (self->pool, FALSE, FALSE);
      self->pool = NULL;
    }
  G_OBJECT_CLASS (sertel_render_cache_parent_class)->dispose (object);
}

static void
sertel_render_cache_finalize (GObject *object)
{
  SertelRenderCache *self = SERTEL_RENDER_CACHE (object);

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_queue_clear (&self->lru);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (sertel_render_cache_parent_class)->finalize (object);
}

static void
sertel_render_cache_class_init (SertelRenderCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sertel_render_cache_dispose;
  object_class->finalize = sertel_render_cache_finalize;

  /* page, rotation, width, texture */
  signals[RENDERED] = g_signal_new ("rendered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                    G_TYPE_UINT, G_TYPE_INT, G_TYPE_INT, GDK_TYPE_TEXTURE);
  /* page, why: the page could not be drawn (for good when
   * sertel_document_error_is_fatal () says so). */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_UINT, G_TYPE_ERROR);
}

static void
sertel_render_cache_init (SertelRenderCache *self)
{
  self->jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) job_unref);
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, entry_free);
  g_queue_init (&self->lru);
  self->max_bytes = SERTEL_RENDER_CACHE_DEFAULT_BYTES;
}

SertelRenderCache *
sertel_render_cache_new (SertelDocument *document,
                         gsize           max_bytes)
{
  SertelRenderCache *self;

  g_return_val_if_fail (SERTEL_IS_DOCUMENT (document), NULL);

  self = g_object_new (SERTEL_TYPE_RENDER_CACHE, NULL);
  self->document = g_object_ref (document);
  self->max_bytes = max_bytes > 0 ? max_bytes : SERTEL_RENDER_CACHE_DEFAULT_BYTES;
  /* One worker: Poppler renders one page of a document at a time anyway,
   * and a single queue keeps the visible page strictly first. */
  self->pool = g_thread_pool_new (worker, NULL, 1, FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, compare_jobs, NULL);
  return self;
}

SertelDocument *
sertel_render_cache_get_document (SertelRenderCache *self)
{
  g_return_val_if_fail (SERTEL_IS_RENDER_CACHE (self), NULL);
  return self->document;
}

GdkTexture *
sertel_render_cache_lookup (SertelRenderCache *self,
                            guint              page,
                            int                rotation,
                            int                width)
{
  guint64 key = make_key (page, rotation, width);
  Entry *entry;

  g_return_val_if_fail (SERTEL_IS_RENDER_CACHE (self), NULL);

  entry = g_hash_table_lookup (self->entries, &key);
  if (entry == NULL)
    return NULL;
  self->hits++;
  g_queue_unlink (&self->lru, entry->link);
  g_queue_push_head_link (&self->lru, entry->link);
  return entry->texture;
}

void
sertel_render_cache_request (SertelRenderCache    *self,
                             guint                 page,
                             int                   rotation,
                             int                   width,
                             double                scale,
                             SertelRenderPriority  priority)
{
  guint64 key = make_key (page, rotation, width);
  Job *job;

  g_return_if_fail (SERTEL_IS_RENDER_CACHE (self));

  if (g_hash_table_contains (self->entries, &key))
    return;

  job = g_hash_table_lookup (self->jobs, &key);
  if (job != NULL)
    {
      job->wanted = TRUE;
      if (job->priority <= priority)
        return;
      /* Became more urgent (scrolled into view): queue it again in front. */
      cancel_job (self, job);
      g_hash_table_remove (self->jobs, &key);
    }

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref);
  g_weak_ref_init (&job->cache, self);
  job->document = g_object_ref (self->document);
  job->key = key;
  job->page = page;
  job->rotation = rotation;
  job->width = width;
  job->scale = scale;
  job->priority = priority;
  job->seq = self->seq++;
  job->wanted = TRUE;
  job->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->jobs, &job->key, job_ref (job));
  g_thread_pool_push (self->pool, job, NULL);
}

void
sertel_render_cache_begin (SertelRenderCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SERTEL_IS_RENDER_CACHE (self));

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Job *) value)->wanted = FALSE;
}

void
sertel_render_cache_end (SertelRenderCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SERTEL_IS_RENDER_CACHE (self));

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (!((Job *) value)->wanted)
        {
          cancel_job (self, value);
          g_hash_table_iter_remove (&iter);
        }
    }
}

void
sertel_render_cache_set_max_bytes (SertelRenderCache *self,
                                   gsize              max_bytes)
{
  g_return_if_fail (SERTEL_IS_RENDER_CACHE (self));
  self->max_bytes = max_bytes > 0 ? max_bytes : SERTEL_RENDER_CACHE_DEFAULT_BYTES;
  trim (self);
}

gsize
sertel_render_cache_get_bytes (SertelRenderCache *self)
{
  g_return_val_if_fail (SERTEL_IS_RENDER_CACHE (self), 0);
  return self->bytes;
}

guint
sertel_render_cache_get_hits (SertelRenderCache *self)
{
  g_return_val_if_fail (SERTEL_IS_RENDER_CACHE (self), 0);
  return self->hits;
}

guint
sertel_render_cache_get_renders (SertelRenderCache *self)
{
  g_return_val_if_fail (SERTEL_IS_RENDER_CACHE (self), 0);
  return self->renders;
}

guint
sertel_render_cache_get_cancelled (SertelRenderCache *self)
{
  g_return_val_if_fail (SERTEL_IS_RENDER_CACHE (self), 0);
  return self->cancelled;
}
