/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "sertel-outbox-page.h"
#include "sertel-store-outbox.h"

/* The newest messages shown; older ones are in `sertel-cli outbox list`. */
#define MAX_ROWS 300

struct _SertelOutboxPage
{
  AdwBin               parent_instance;

  SertelStore         *store;
  SertelStaff         *actor;
  GCancellable        *cancellable;
  GPtrArray           *rows;

  GtkStack            *stack;
  AdwPreferencesGroup *list_group;
};

G_DEFINE_FINAL_TYPE (SertelOutboxPage, sertel_outbox_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_STORE, PROP_ACTOR, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
toast (SertelOutboxPage *self, const char *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* ---- work off the main thread ------------------------------------------ */

typedef enum { JOB_LIST, JOB_RETRY, JOB_CANCEL } Job;

typedef struct {
  Job          job;
  SertelStore *store;
  SertelStaff *actor;
  gint64       id;
  GPtrArray   *messages;
} JobData;

static void
job_data_free (JobData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_clear_pointer (&data->messages, g_ptr_array_unref);
  g_free (data);
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  JobData *data = task_data;
  GError *error = NULL;
  gboolean ok = TRUE;

  if (data->job == JOB_RETRY)
    ok = sertel_store_outbox_retry (data->store, data->actor, data->id, &error);
  else if (data->job == JOB_CANCEL)
    ok = sertel_store_outbox_cancel (data->store, data->actor, data->id, &error);
  if (ok)
    ok = (data->messages = sertel_store_outbox_list (data->store, -1, MAX_ROWS, &error)) != NULL;
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (dt) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    return g_date_time_format (dt, "%H:%M");
  return g_date_time_format (dt, "%d-%m-%Y %H:%M");
}

static char *
describe (SertelOutboxMessage *m)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, _("To %s"), m->recipients);
  if (m->attempts > 0)
    {
      g_string_append (s, " · ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%d attempt", "%d attempts", m->attempts),
                              m->attempts);
    }
  if (m->state == SERTEL_OUTBOX_SENT && m->sent_at > 0)
    {
      g_autofree char *t = format_time (m->sent_at);
      g_string_append (s, " · ");
      g_string_append_printf (s, _("sent %s"), t);
    }
  else if ((m->state == SERTEL_OUTBOX_FAILED || m->state == SERTEL_OUTBOX_QUEUED) && m->next_try_at > 0)
    {
      g_autofree char *t = format_time (m->next_try_at);
      g_string_append (s, " · ");
      g_string_append_printf (s, _("next try %s"), t);
    }
  else if (m->state == SERTEL_OUTBOX_FAILED)
    {
      g_string_append (s, " · ");
      g_string_append (s, _("no more automatic tries"));
    }
  if (m->last_error && *m->last_error && m->state != SERTEL_OUTBOX_SENT && m->state != SERTEL_OUTBOX_CANCELLED)
    {
      g_string_append (s, "\n");
      g_string_append (s, m->last_error);
    }
  return g_markup_escape_text (s->str, -1);
}

static GtkWidget *
row_button (const char *icon, const char *label, const char *action, gint64 id, gboolean sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* An action would make the button as sensitive as the action is; a step
   * this message's state does not allow gets a plain, insensitive button. */
  if (sensitive)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
    }
  else
    gtk_widget_set_sensitive (button, FALSE);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
fill (SertelOutboxPage *self, GPtrArray *messages)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < messages->len; i++)
    {
      SertelOutboxMessage *m = messages->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *state = gtk_label_new (sertel_outbox_state_label (m->state));
      g_autofree char *subtitle = describe (m);
      g_autofree char *title = g_markup_escape_text (m->subject, -1);
      g_autofree char *retry_label = g_strdup_printf (_("Retry “%s”"), m->subject);
      g_autofree char *cancel_label = g_strdup_printf (_("Cancel “%s”"), m->subject);
      gboolean can_retry = m->state == SERTEL_OUTBOX_FAILED || m->state == SERTEL_OUTBOX_UNKNOWN ||
                           m->state == SERTEL_OUTBOX_CANCELLED;
      gboolean can_cancel = m->state == SERTEL_OUTBOX_QUEUED || m->state == SERTEL_OUTBOX_FAILED ||
                            m->state == SERTEL_OUTBOX_UNKNOWN;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_widget_set_name (row, "outbox-row");
      g_object_set_data (G_OBJECT (row), "outbox-id", GINT_TO_POINTER ((gint) m->id));

      gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (state, "caption-heading");
      switch (m->state)
        {
        case SERTEL_OUTBOX_SENT:    gtk_widget_add_css_class (state, "success"); break;
        case SERTEL_OUTBOX_FAILED:  gtk_widget_add_css_class (state, "error"); break;
        case SERTEL_OUTBOX_UNKNOWN: gtk_widget_add_css_class (state, "warning"); break;
        case SERTEL_OUTBOX_CANCELLED: gtk_widget_add_css_class (state, "dim-label"); break;
        case SERTEL_OUTBOX_QUEUED:
        case SERTEL_OUTBOX_SENDING:
        default: break;
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("view-refresh-symbolic", retry_label, "outbox.retry", m->id, can_retry));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("process-stop-symbolic", cancel_label, "outbox.cancel", m->id, can_cancel));
      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, messages->len > 0 ? "list" : "empty");
}

static void
job_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelOutboxPage *self = SERTEL_OUTBOX_PAGE (object);
  JobData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast (self, error->message);
      if (data->job != JOB_LIST)
        sertel_outbox_page_reload (self);
      return;
    }
  fill (self, data->messages);
  if (data->job == JOB_RETRY)
    {
      /* The worker is the window's; it wakes if the window has the action. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.outbox-wake", NULL);
      toast (self, _("The message will be sent again."));
    }
  else if (data->job == JOB_CANCEL)
    toast (self, _("The message was cancelled and will not be sent."));
}

static void
run_job (SertelOutboxPage *self, JobData *data)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, job_done, NULL);

  data->store = g_object_ref (self->store);
  data->actor = self->actor ? g_object_ref (self->actor) : NULL;
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, job_thread);
}

void
sertel_outbox_page_reload (SertelOutboxPage *self)
{
  JobData *data;

  g_return_if_fail (SERTEL_IS_OUTBOX_PAGE (self));
  if (self->store == NULL)
    return;
  data = g_new0 (JobData, 1);
  data->job = JOB_LIST;
  run_job (self, data);
}

static void
change_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SertelOutboxPage *self = SERTEL_OUTBOX_PAGE (widget);
  JobData *data;

  if (self->store == NULL)
    return;
  data = g_new0 (JobData, 1);
  data->job = g_str_equal (action_name, "outbox.retry") ? JOB_RETRY : JOB_CANCEL;
  data->id = g_variant_get_int64 (parameter);
  run_job (self, data);
}

static void
reload_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  sertel_outbox_page_reload (SERTEL_OUTBOX_PAGE (widget));
}

static void
update_actions (SertelOutboxPage *self)
{
  /* Any signed-in staff member may retry or cancel; the store checks too. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.retry", self->store && self->actor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.cancel", self->store && self->actor);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.reload", self->store != NULL);
}

/* ---- object --------------------------------------------------------------- */

GtkWidget *
sertel_outbox_page_new (SertelStore *store, SertelStaff *actor)
{
  return g_object_new (SERTEL_TYPE_OUTBOX_PAGE, "store", store, "actor", actor, NULL);
}

static void
sertel_outbox_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelOutboxPage *self = SERTEL_OUTBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ACTOR: g_value_set_object (value, self->actor); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_outbox_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelOutboxPage *self = SERTEL_OUTBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;
    case PROP_ACTOR:
      g_set_object (&self->actor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  update_actions (self);
  sertel_outbox_page_reload (self);
}

static void
sertel_outbox_page_dispose (GObject *object)
{
  SertelOutboxPage *self = SERTEL_OUTBOX_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* AdwBin keeps its own pointer to the template's child: drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_OUTBOX_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (sertel_outbox_page_parent_class)->dispose (object);
}

static void
sertel_outbox_page_class_init (SertelOutboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_outbox_page_dispose;
  object_class->get_property = sertel_outbox_page_get_property;
  object_class->set_property = sertel_outbox_page_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-outbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelOutboxPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SertelOutboxPage, list_group);

  gtk_widget_class_install_action (widget_class, "outbox.retry", "x", change_action);
  gtk_widget_class_install_action (widget_class, "outbox.cancel", "x", change_action);
  gtk_widget_class_install_action (widget_class, "outbox.reload", NULL, reload_action);
}

static void
sertel_outbox_page_init (SertelOutboxPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  update_actions (self);
}
