/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-disposition-page.h"
#include "sertel-scan-preview.h"

struct _SertelDispositionPage
{
  AdwBin             parent_instance;

  SertelStore       *store;
  SertelStaff       *actor;
  gint64             request_id;
  SertelRequest     *request;      /* as loaded: its version goes with the move */
  GCancellable      *cancellable;
  gboolean           busy;
  GPtrArray         *checks;       /* GtkCheckButton*, in key order */

  SertelScanPreview *letter_preview;
  GtkLabel          *title_label;
  GtkFlowBox        *instructions_box;
  GtkTextView       *note_view;
  GtkButton         *forward_button;
};

G_DEFINE_FINAL_TYPE (SertelDispositionPage, sertel_disposition_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_STORE, PROP_ACTOR, PROP_REQUEST_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LOADED, SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

char *
sertel_disposition_format_instructions (const char *joined)
{
  g_auto(GStrv) keys = NULL;
  GString *out = g_string_new (NULL);

  if (joined == NULL || *joined == '\0')
    return g_string_free (out, FALSE);
  keys = g_strsplit (joined, ";", -1);
  for (guint i = 0; keys[i]; i++)
    {
      if (*keys[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      const char *label = sertel_disposition_instruction_label (keys[i]);
      /* A key this version does not know is shown as it was stored. */
      g_string_append (out, label ? label : keys[i]);
    }
  return g_string_free (out, FALSE);
}

GtkWidget *
sertel_disposition_page_new (SertelStore *store, SertelStaff *actor, gint64 request_id)
{
  return g_object_new (SERTEL_TYPE_DISPOSITION_PAGE,
                       "store", store, "actor", actor, "request-id", request_id, NULL);
}

static SertelRole
actor_role (SertelDispositionPage *self)
{
  return self->actor ? sertel_staff_get_role (self->actor) : SERTEL_ROLE_NONE;
}

/* The Kepala Dinas disposes to the Kabid; the Kabid forwards to the Kasi. */
static SertelAction
page_action (SertelDispositionPage *self)
{
  return actor_role (self) == SERTEL_ROLE_KABID ? SERTEL_ACTION_FORWARD : SERTEL_ACTION_DISPOSE;
}

static void
sertel_disposition_page_update_actions (SertelDispositionPage *self)
{
  gboolean can = !self->busy && self->request != NULL && self->actor != NULL &&
                 sertel_workflow_can (page_action (self), sertel_request_get_state (self->request),
                                      actor_role (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.forward", can);
  gtk_button_set_label (self->forward_button,
                        page_action (self) == SERTEL_ACTION_FORWARD ? _("_Forward to the Kasi")
                                                                    : _("_Forward to the Kabid"));
}

typedef struct {
  SertelRequest *request;
  gint64         letter_id;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->request);
  g_free (data);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SertelStore *store = g_object_get_data (G_OBJECT (task), "store");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (task), "id");
  LoadData *data = g_new0 (LoadData, 1);
  g_autoptr(GPtrArray) attachments = NULL;
  GError *error = NULL;

  data->request = sertel_store_get_request (store, id, &error);
  if (data->request != NULL)
    attachments = sertel_store_list_attachments (store, id, &error);
  if (attachments == NULL)
    {
      load_data_free (data);
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < attachments->len; i++)
    if (g_strcmp0 (sertel_attachment_get_kind (attachments->pdata[i]), "letter") == 0)
      {
        data->letter_id = sertel_attachment_get_id (attachments->pdata[i]);
        break;
      }
  g_task_return_pointer (task, data, (GDestroyNotify) load_data_free);
}

static void
load_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelDispositionPage *self = SERTEL_DISPOSITION_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (data == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  g_set_object (&self->request, data->request);
  sertel_scan_preview_load (self->letter_preview, self->store, data->letter_id,
                            _("No request letter is attached."));
  load_data_free (data);
  sertel_disposition_page_update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
sertel_disposition_page_reload (SertelDispositionPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_DISPOSITION_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  sertel_disposition_page_update_actions (self);
  if (self->store == NULL || self->request_id <= 0)
    return;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, sertel_disposition_page_reload);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (self->store), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "id", g_memdup2 (&self->request_id, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, load_thread);
}

typedef struct {
  SertelStore  *store;
  SertelStaff  *actor;
  gint64        request_id;
  gint64        version;
  SertelAction  action;
  char         *instructions;
  char         *note;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_free (data->instructions);
  g_free (data->note);
  g_free (data);
}

static void
move_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MoveData *data = task_data;
  GError *error = NULL;

  if (!sertel_store_move_request_full (data->store, data->actor, data->request_id, data->version,
                                       data->action, 0, data->instructions, data->note, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
move_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelDispositionPage *self = SERTEL_DISPOSITION_PAGE (object);
  g_autoptr(GError) error = NULL;
  MoveData *data = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT))
        {
          /* Someone else changed the case: show it as it is now, keep the form. */
          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                      _("This request was changed by someone else. It has been reloaded; your note and choices are kept."));
          sertel_disposition_page_reload (self);
          return;
        }
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      sertel_disposition_page_update_actions (self);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                              data->action == SERTEL_ACTION_FORWARD ? _("Forwarded to the Kasi.")
                                                                    : _("Forwarded to the Kabid."));
  for (guint i = 0; i < self->checks->len; i++)
    gtk_check_button_set_active (self->checks->pdata[i], FALSE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
  sertel_disposition_page_reload (self);
}

static void
forward_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SertelDispositionPage *self = SERTEL_DISPOSITION_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  MoveData *data;

  if (self->request == NULL || self->busy)
    return;
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      g_ptr_array_add (keys, (gpointer) sertel_disposition_instructions (NULL)[i].key);
  g_ptr_array_add (keys, NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  data = g_new0 (MoveData, 1);
  data->store = g_object_ref (self->store);
  data->actor = g_object_ref (self->actor);
  data->request_id = self->request_id;
  data->version = sertel_request_get_version (self->request);
  data->action = page_action (self);
  data->instructions = g_strjoinv (";", (char **) keys->pdata);
  data->note = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  self->busy = TRUE;
  sertel_disposition_page_update_actions (self);
  task = g_task_new (self, NULL, move_done, NULL);
  g_task_set_source_tag (task, forward_activated);
  g_task_set_task_data (task, data, (GDestroyNotify) move_data_free);
  g_task_run_in_thread (task, move_thread);
}

static void
sertel_disposition_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelDispositionPage *self = SERTEL_DISPOSITION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ACTOR: g_value_set_object (value, self->actor); break;
    case PROP_REQUEST_ID: g_value_set_int64 (value, self->request_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_disposition_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelDispositionPage *self = SERTEL_DISPOSITION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_set_object (&self->store, g_value_get_object (value)); break;
    case PROP_ACTOR: g_set_object (&self->actor, g_value_get_object (value)); break;
    case PROP_REQUEST_ID: self->request_id = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  sertel_disposition_page_reload (self);
}

static void
sertel_disposition_page_dispose (GObject *object)
{
  SertelDispositionPage *self = SERTEL_DISPOSITION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_object (&self->request);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  /* AdwBin keeps its own pointer to the child: let it drop the child first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_DISPOSITION_PAGE);
  G_OBJECT_CLASS (sertel_disposition_page_parent_class)->dispose (object);
}

static void
sertel_disposition_page_class_init (SertelDispositionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_disposition_page_get_property;
  object_class->set_property = sertel_disposition_page_set_property;
  object_class->dispose = sertel_disposition_page_dispose;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] = g_param_spec_int64 ("request-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "loaded": the case was read; "done": the request moved on. */
  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SERTEL_TYPE_SCAN_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-disposition-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelDispositionPage, letter_preview);
  gtk_widget_class_bind_template_child (widget_class, SertelDispositionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SertelDispositionPage, instructions_box);
  gtk_widget_class_bind_template_child (widget_class, SertelDispositionPage, note_view);
  gtk_widget_class_bind_template_child (widget_class, SertelDispositionPage, forward_button);
  gtk_widget_class_install_action (widget_class, "disposition.forward", NULL, forward_activated);
}

static void
sertel_disposition_page_init (SertelDispositionPage *self)
{
  const SertelInstruction *instructions;
  guint n_instructions;

  gtk_widget_init_template (GTK_WIDGET (self));
  instructions = sertel_disposition_instructions (&n_instructions);
  self->checks = g_ptr_array_new ();
  for (guint i = 0; i < n_instructions; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (_(instructions[i].label));

      gtk_widget_set_name (check, instructions[i].key);
      gtk_flow_box_append (self->instructions_box, check);
      /* One tab stop per choice: the check button, not its flow box cell. */
      gtk_widget_set_focusable (gtk_widget_get_parent (check), FALSE);
      g_ptr_array_add (self->checks, check);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "disposition.forward", FALSE);
}
