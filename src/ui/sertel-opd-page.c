/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-opd-page.h"

struct _SertelOpdPage
{
  AdwPreferencesPage    parent_instance;

  SertelStore          *store;
  SertelStaff          *actor;
  GCancellable         *cancellable;
  GPtrArray            *rows;      /* the rows currently in list_group */
  gboolean              filling;   /* switches set from the register, not by a click */

  AdwEntryRow          *add_row;
  AdwPreferencesGroup  *list_group;
};

G_DEFINE_FINAL_TYPE (SertelOpdPage, sertel_opd_page, ADW_TYPE_PREFERENCES_PAGE)

static void
toast (SertelOpdPage *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

/* ---- work off the main thread ------------------------------------------ */

typedef enum { JOB_LIST, JOB_ADD, JOB_SET_ACTIVE } Job;

typedef struct {
  Job          job;
  SertelStore *store;
  SertelStaff *actor;
  char        *name;
  gint64       opd_id;
  gboolean     active;
  GPtrArray   *records;
} JobData;

static void
job_data_free (JobData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_free (data->name);
  g_clear_pointer (&data->records, g_ptr_array_unref);
  g_free (data);
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  JobData *data = task_data;
  GError *error = NULL;
  gboolean ok = TRUE;

  if (data->job == JOB_ADD)
    ok = sertel_store_add_opd (data->store, data->actor, data->name, &error) > 0;
  else if (data->job == JOB_SET_ACTIVE)
    ok = sertel_store_set_opd_active (data->store, data->actor, data->opd_id, data->active, &error);
  /* Every job ends with the list as the register has it now. */
  if (ok)
    ok = (data->records = sertel_store_list_opd_records (data->store, &error)) != NULL;

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void on_active_changed (GtkSwitch *sw, GParamSpec *pspec, SertelOpdPage *self);

static void
fill (SertelOpdPage *self, GPtrArray *records)
{
  self->filling = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < records->len; i++)
    {
      SertelOpdRecord *r = records->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u request", "%u requests", r->n_requests),
                                                   r->n_requests);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_switch_set_active (GTK_SWITCH (sw), r->active);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (sw, _("Offered in the intake form"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (sw), GTK_ACCESSIBLE_PROPERTY_LABEL, r->name, -1);
      g_object_set_data (G_OBJECT (sw), "opd-id", GINT_TO_POINTER ((gint) r->id));
      g_signal_connect (sw, "notify::active", G_CALLBACK (on_active_changed), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      if (!r->active)
        gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
  self->filling = FALSE;
}

static void
job_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelOpdPage *self = SERTEL_OPD_PAGE (object);
  JobData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      /* Show the register as it is, not the click that was refused. */
      if (data->job != JOB_LIST)
        sertel_opd_page_reload (self);
      return;
    }
  if (data->job == JOB_ADD)
    gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
  fill (self, data->records);
}

static void
run_job (SertelOpdPage *self, JobData *data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, job_done, NULL);

  data->store = g_object_ref (self->store);
  data->actor = self->actor ? g_object_ref (self->actor) : NULL;
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, job_thread);
}

void
sertel_opd_page_reload (SertelOpdPage *self)
{
  JobData *data;

  g_return_if_fail (SERTEL_IS_OPD_PAGE (self));
  if (self->store == NULL)
    return;
  data = g_new0 (JobData, 1);
  data->job = JOB_LIST;
  run_job (self, data);
}

static void
on_add_apply (SertelOpdPage *self)
{
  JobData *data = g_new0 (JobData, 1);

  data->job = JOB_ADD;
  data->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row)));
  run_job (self, data);
}

static void
on_active_changed (GtkSwitch *sw, GParamSpec *pspec, SertelOpdPage *self)
{
  JobData *data;

  if (self->filling)
    return;
  data = g_new0 (JobData, 1);
  data->job = JOB_SET_ACTIVE;
  data->opd_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sw), "opd-id"));
  data->active = gtk_switch_get_active (sw);
  run_job (self, data);
}

/* ---- object --------------------------------------------------------------- */

GtkWidget *
sertel_opd_page_new (SertelStore *store, SertelStaff *actor)
{
  SertelOpdPage *self = g_object_new (SERTEL_TYPE_OPD_PAGE, NULL);

  g_set_object (&self->store, store);
  g_set_object (&self->actor, actor);
  sertel_opd_page_reload (self);
  return GTK_WIDGET (self);
}

static void
sertel_opd_page_dispose (GObject *object)
{
  SertelOpdPage *self = SERTEL_OPD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_OPD_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sertel_opd_page_parent_class)->dispose (object);
}

static void
sertel_opd_page_class_init (SertelOpdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_opd_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-opd-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelOpdPage, add_row);
  gtk_widget_class_bind_template_child (widget_class, SertelOpdPage, list_group);
  gtk_widget_class_bind_template_callback (widget_class, on_add_apply);
}

static void
sertel_opd_page_init (SertelOpdPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
}
