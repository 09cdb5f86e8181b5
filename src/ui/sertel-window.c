/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-bsre-sync.h"
#include "sertel-case-list.h"
#include "sertel-case-page.h"
#include "sertel-connection-banner.h"
#include "sertel-dashboard-page.h"
#include "sertel-database-config.h"
#include "sertel-demo.h"
#include "sertel-idle-lock.h"
#include "sertel-intake-page.h"
#include "sertel-notify.h"
#include "sertel-outbox-page.h"
#include "sertel-outbox.h"
#include "sertel-disposition-sheet.h"
#include "sertel-maintenance.h"
#include "sertel-preferences-window.h"
#include "sertel-print.h"
#include "sertel-recommendation.h"
#include "sertel-signin-page.h"
#include "sertel-store-letters.h"
#include "sertel-store-privacy.h"
#include "sertel-store-query.h"
#include "sertel-store.h"
#include "sertel-viewer-window.h"
#include "sertel-window.h"

/* The window holds the register and the signed-in person; the pages ask the
 * core and talk back through the win.* actions. */
struct _SertelWindow
{
  AdwApplicationWindow parent_instance;

  GSettings           *settings;
  SertelStore         *store;
  SertelStaff         *actor;
  GCancellable        *cancellable;
  SertelQueue          queue;
  guint                counts[SERTEL_N_QUEUES];
  guint                overdue[SERTEL_N_QUEUES];
  gboolean             counting;
  SertelBsrePoller    *bsre_poller;  /* only while a Verifikator is signed in */
  SertelOutboxWorker  *outbox;       /* sends queued mail while the register is open */
  SertelIdleLock      *idle_lock;    /* locks the desk after a while without input */
  SertelMaintenance   *maintenance;  /* retention rule and daily backup, in the background */
  guint                changed_idle; /* views reload once for a burst of other desks' changes */

  /* template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *main_stack;
  AdwStatusPage       *error_page;
  SertelSigninPage    *signin_page;
  AdwLeaflet          *leaflet;
  GtkWidget           *sidebar;
  GtkWidget           *content;
  AdwWindowTitle      *sidebar_title;
  GtkListBox          *queue_list;
  GtkWidget           *back_button;
  GtkWidget           *new_button;
  AdwWindowTitle      *content_title;
  GtkStack            *content_stack;
  SertelCaseList      *case_list;
  AdwStatusPage       *empty_page;
  AdwBin              *case_bin;
  AdwBin              *intake_bin;
  AdwBin              *outbox_bin;
  AdwBin              *dashboard_bin;
  SertelConnectionBanner *banner;
  GtkLabel            *register_label;
  AdwWindowTitle      *signin_title;
};

G_DEFINE_FINAL_TYPE (SertelWindow, sertel_window, ADW_TYPE_APPLICATION_WINDOW)

static void sertel_window_load (SertelWindow *self, const char *path, gboolean demo);
static void sertel_window_recount (SertelWindow *self);
static void stop_bsre_poller (SertelWindow *self);

/* The sidebar lists the queues in the SOP's order, the signed-in role's own
 * queue first. */
static const SertelQueue sop_order[] = {
  SERTEL_QUEUE_DISPOSITION, SERTEL_QUEUE_KABID, SERTEL_QUEUE_KASI, SERTEL_QUEUE_VERIFIKATOR,
  SERTEL_QUEUE_BSRE, SERTEL_QUEUE_COMPLETED, SERTEL_QUEUE_RETURNED, SERTEL_QUEUE_ALL,
};

SertelWindow *
sertel_window_new (SertelApplication *application)
{
  SertelWindow *self = g_object_new (SERTEL_TYPE_WINDOW,
                                     "application", application,
                                     NULL);

  sertel_window_open_register (self,
                               sertel_application_get_database_path (application),
                               sertel_application_get_demo (application));
  return self;
}

SertelStore *
sertel_window_get_store (SertelWindow *self)
{
  g_return_val_if_fail (SERTEL_IS_WINDOW (self), NULL);
  return self->store;
}

SertelStaff *
sertel_window_get_actor (SertelWindow *self)
{
  g_return_val_if_fail (SERTEL_IS_WINDOW (self), NULL);
  return self->actor;
}

void
sertel_window_toast (SertelWindow *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------------- */
/* Settings the office chooses go to the core, which enforces them. */

static void
apply_settings (SertelWindow *self)
{
  g_autofree char *domain = g_settings_get_string (self->settings, "official-email-domain");
  g_autofree char *pattern = g_settings_get_string (self->settings, "letter-number-pattern");
  g_autofree char *classification = g_settings_get_string (self->settings, "letter-classification");
  g_autofree char *unit = g_settings_get_string (self->settings, "letter-unit-code");

  sertel_workflow_set_step_limit (SERTEL_STEP_DISPOSITION, 60 * (gint64) g_settings_get_uint (self->settings, "sla-disposition-minutes"));
  sertel_workflow_set_step_limit (SERTEL_STEP_KABID, 60 * (gint64) g_settings_get_uint (self->settings, "sla-kabid-minutes"));
  sertel_workflow_set_step_limit (SERTEL_STEP_VERIFICATION, 60 * (gint64) g_settings_get_uint (self->settings, "sla-verification-minutes"));
  sertel_workflow_set_step_limit (SERTEL_STEP_REGISTRATION, 3600 * (gint64) g_settings_get_uint (self->settings, "sla-registration-hours"));

  if (self->store == NULL)
    return;
  sertel_store_set_email_rule (self->store, domain, g_settings_get_boolean (self->settings, "allow-email-subdomains"));
  sertel_store_set_max_attachment_size (self->store, (gsize) g_settings_get_uint (self->settings, "attachment-max-mb") * 1024 * 1024);
  sertel_store_set_letter_format (self->store, pattern, classification, unit);
}

static void
on_settings_changed (GSettings    *settings,
                     const char   *key,
                     SertelWindow *self)
{
  apply_settings (self);
  if (g_str_has_prefix (key, "sla-") && self->actor != NULL)
    sertel_window_recount (self);
}

/* ------------------------------------------------------------------------- */
/* Actions */

static void
update_actions (SertelWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);
  gboolean signed_in = self->actor != NULL;
  gboolean operator = signed_in && sertel_staff_get_role (self->actor) == SERTEL_ROLE_OPERATOR;
  gboolean on_list = g_strcmp0 (page, "list") == 0 || g_strcmp0 (page, "empty") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-request", operator);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-case", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-outbox", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-dashboard", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 signed_in && (!on_list || adw_leaflet_get_folded (self->leaflet)));
  gtk_widget_set_visible (self->new_button, operator);
  gtk_widget_set_visible (self->back_button, !on_list || adw_leaflet_get_folded (self->leaflet));
}

static void
show_content (SertelWindow *self, const char *page, const char *title, const char *subtitle)
{
  gtk_stack_set_visible_child_name (self->content_stack, page);
  adw_window_title_set_title (self->content_title, title ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle ? subtitle : "");
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  update_actions (self);
}

static void
show_queue (SertelWindow *self, SertelQueue queue)
{
  self->queue = queue;
  sertel_case_list_set_queue (self->case_list, queue);
  show_content (self, self->counts[SERTEL_QUEUE_ALL] == 0 ? "empty" : "list",
                sertel_queue_display_name (queue), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "queue")) == (guint) queue)
      gtk_list_box_select_row (self->queue_list, GTK_LIST_BOX_ROW (row));
}

static void
toast_action (GtkWidget *widget, const char *name, GVariant *param)
{
  sertel_window_toast (SERTEL_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
open_case_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);
  g_autofree char *title = g_strdup_printf (_("Request %" PRId64), id);

  adw_bin_set_child (self->case_bin, sertel_case_page_new (self->store, self->actor, id));
  show_content (self, "case", title, NULL);
}

static void
refresh_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);
  GtkWidget *page = adw_bin_get_child (self->case_bin);

  sertel_window_recount (self);
  sertel_case_list_refresh (self->case_list);
  if (adw_bin_get_child (self->dashboard_bin) != NULL)
    sertel_dashboard_page_refresh (SERTEL_DASHBOARD_PAGE (adw_bin_get_child (self->dashboard_bin)));
  if (page != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "case") != 0)
    adw_bin_set_child (self->case_bin, NULL);
}

static void
show_queue_action (GtkWidget *widget, const char *name, GVariant *param)
{
  gboolean ok = FALSE;
  SertelQueue queue = sertel_queue_from_string (g_variant_get_string (param, NULL), &ok);

  if (ok)
    show_queue (SERTEL_WINDOW (widget), queue);
}

static void
new_request_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);

  /* One intake page for the session: what was typed stays when the clerk
   * looks at another case in between (and its draft is on disk anyway). */
  if (adw_bin_get_child (self->intake_bin) == NULL)
    {
      GtkWidget *page = sertel_intake_page_new ();
      g_object_set (page, "store", self->store, "actor", self->actor, NULL);
      adw_bin_set_child (self->intake_bin, page);
    }
  show_content (self, "intake", _("New Request"), NULL);
}

static void
back_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (page, "list") != 0 && g_strcmp0 (page, "empty") != 0)
    show_queue (self, self->queue);
  else if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  update_actions (self);
}

static void
search_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "list") != 0)
    show_queue (self, self->queue);
  gtk_widget_grab_focus (sertel_case_list_get_search_entry (self->case_list));
}

static void
sign_out_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);

  /* Nothing of the last person's work stays on screen for the next one.
   * Toasts are left to expire (a few seconds, and they name no person):
   * dismissing one during its animation crashes libadwaita 1.2. */
  stop_bsre_poller (self);
  g_clear_object (&self->actor);
  sertel_idle_lock_set_actor (self->idle_lock, NULL, NULL);
  adw_bin_set_child (self->case_bin, NULL);
  adw_bin_set_child (self->intake_bin, NULL);
  adw_bin_set_child (self->outbox_bin, NULL);
  adw_bin_set_child (self->dashboard_bin, NULL);
  sertel_signin_page_reload (self->signin_page);
  gtk_stack_set_visible_child_name (self->main_stack, "signin");
  update_actions (self);
}

/* ------------------------------------------------------------------------- */
/* Letters: issuing and printing. Rendering and the store run in a thread;
 * the print dialog comes back on the main loop. */

typedef enum {
  LETTER_ISSUE,
  LETTER_PRINT_STORED,
  LETTER_PRINT_DISPOSITION,
} LetterJob;

typedef struct {
  LetterJob             job;
  SertelStore          *store;
  SertelStaff          *actor;
  gint64                request_id;
  SertelLetterSettings *settings;
  SertelLetterDoc      *doc;
  char                 *number;
} LetterData;

static void
letter_data_free (LetterData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_clear_pointer (&data->settings, sertel_letter_settings_free);
  g_clear_pointer (&data->doc, sertel_letter_doc_free);
  g_free (data->number);
  g_free (data);
}

static void
letter_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LetterData *data = task_data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(SertelRequest) request = NULL;
  GError *error = NULL;

  switch (data->job)
    {
    case LETTER_ISSUE:
      pdf = sertel_recommendation_issue (data->store, data->actor, data->request_id, data->settings, &error);
      if (pdf != NULL)
        {
          /* The applicants get the letter by mail, through the outbox. */
          g_autoptr(GError) mail_error = NULL;
          if (!sertel_notify_queue (data->store, data->actor, SERTEL_MAIL_RECOMMENDED, data->request_id, 0,
                                    NULL, NULL, &mail_error))
            g_message ("Notification not queued: %s", mail_error->message);
        }
      break;
    case LETTER_PRINT_STORED:
      pdf = sertel_store_get_letter (data->store, data->request_id, "rekomendasi", &error);
      break;
    case LETTER_PRINT_DISPOSITION:
      data->doc = sertel_disposition_sheet_new_from_store (data->store, data->request_id, data->settings, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  /* A stored letter is printed from its own PDF: the paper is exactly the
   * issued document, never a new rendering. */
  if (pdf != NULL)
    data->doc = sertel_letter_doc_new_for_pdf (pdf, _("Surat Rekomendasi"), &error);
  if (data->doc != NULL && (request = sertel_store_get_request (data->store, data->request_id, NULL)))
    data->number = g_strdup (sertel_request_get_recommendation_number (request));

  if (data->doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
letter_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelWindow *self = SERTEL_WINDOW (object);
  LetterData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sertel_window_toast (self, error->message);
      return;
    }

  if (data->job == LETTER_ISSUE)
    {
      g_autofree char *title = g_strdup_printf (_("Surat Rekomendasi %s issued"), data->number ? data->number : "");
      AdwToast *toast = adw_toast_new (title);

      /* Printing is offered, not forced: the letter is already on record. */
      adw_toast_set_button_label (toast, _("_Print"));
      adw_toast_set_action_name (toast, "win.print-letter");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (data->request_id));
      adw_toast_set_timeout (toast, 10);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
      return;
    }

  if (sertel_print_document (GTK_WINDOW (self), data->doc, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    sertel_window_toast (self, error->message);
}

static void
run_letter_job (SertelWindow *self, LetterJob job, gint64 request_id)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, letter_done, NULL);
  LetterData *data = g_new0 (LetterData, 1);

  data->job = job;
  data->store = g_object_ref (self->store);
  data->actor = self->actor ? g_object_ref (self->actor) : NULL;
  data->request_id = request_id;
  data->settings = sertel_letter_settings_new_from_gsettings (self->settings);
  g_task_set_source_tag (task, run_letter_job);
  g_task_set_task_data (task, data, (GDestroyNotify) letter_data_free);
  g_task_run_in_thread (task, letter_thread);
}

static void
issue_letter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  run_letter_job (SERTEL_WINDOW (widget), LETTER_ISSUE, g_variant_get_int64 (param));
}

static void
print_letter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  run_letter_job (SERTEL_WINDOW (widget), LETTER_PRINT_STORED, g_variant_get_int64 (param));
}

static void
print_disposition_action (GtkWidget *widget, const char *name, GVariant *param)
{
  run_letter_job (SERTEL_WINDOW (widget), LETTER_PRINT_DISPOSITION, g_variant_get_int64 (param));
}

/* ------------------------------------------------------------------------- */
/* Attachments open in a viewer window of their own, beside the case. */

typedef struct {
  SertelStore *store;
  SertelStaff *actor;
  gint64       attachment_id;
  GBytes      *bytes;
  char        *title;
} AttachmentData;

static void
attachment_data_free (AttachmentData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->title);
  g_free (data);
}

static void
attachment_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AttachmentData *data = task_data;
  GError *error = NULL;

  /* A KTP scan's view goes on the audit trail first. */
  data->bytes = sertel_store_view_attachment (data->store, data->actor, data->attachment_id, "viewer", &error);
  if (data->bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
attachment_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelWindow *self = SERTEL_WINDOW (object);
  AttachmentData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  SertelViewerWindow *viewer;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sertel_window_toast (self, error->message);
      return;
    }

  viewer = sertel_viewer_window_new (gtk_window_get_application (GTK_WINDOW (self)));
  sertel_viewer_window_open_bytes (viewer, data->bytes, data->title);
  gtk_window_present (GTK_WINDOW (viewer));
}

static void
open_attachment_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, attachment_done, NULL);
  AttachmentData *data = g_new0 (AttachmentData, 1);

  data->store = g_object_ref (self->store);
  data->actor = self->actor ? g_object_ref (self->actor) : NULL;
  data->attachment_id = g_variant_get_int64 (param);
  data->title = g_strdup_printf (_("Attachment %" PRId64), data->attachment_id);
  g_task_set_source_tag (task, open_attachment_action);
  g_task_set_task_data (task, data, (GDestroyNotify) attachment_data_free);
  g_task_run_in_thread (task, attachment_thread);
}

/* ------------------------------------------------------------------------- */
/* BSrE status: asked off the main thread; every change goes through the
 * workflow and the audit like a manual one. */

static gboolean
summary_moved (const SertelBsreSyncSummary *summary)
{
  return summary != NULL && (summary->registered || summary->issued || summary->rejected);
}

static void
check_bsre_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelBsreSyncSummary) summary = sertel_bsre_sync_run_finish (result, &error);
  g_autofree char *text = summary ? sertel_bsre_sync_summary_to_string (summary) : NULL;

  if (self->actor == NULL)
    return;   /* signed out meanwhile */
  sertel_window_toast (self, text ? text : error->message);
  if (summary_moved (summary))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
}

static void
check_bsre_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);

  sertel_bsre_sync_run_for_settings_async (self->store, self->actor, self->settings,
                                           g_variant_get_int64 (param), self->cancellable,
                                           check_bsre_done, g_object_ref (self));
}

static void
on_bsre_polled (SertelBsrePoller      *poller,
                SertelBsreSyncSummary *summary,
                GError                *error,
                SertelWindow          *self)
{
  /* A timed check speaks up only when something changed or needs a person. */
  if (summary_moved (summary))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
  if (summary != NULL && (summary_moved (summary) || summary->attention))
    {
      g_autofree char *text = sertel_bsre_sync_summary_to_string (summary);
      sertel_window_toast (self, text);
    }
}

static void
stop_bsre_poller (SertelWindow *self)
{
  if (self->bsre_poller != NULL)
    sertel_bsre_poller_stop (self->bsre_poller);
  g_clear_object (&self->bsre_poller);
}

/* ------------------------------------------------------------------------- */
/* Mail */

static void
show_outbox_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);
  GtkWidget *page = sertel_outbox_page_new (self->store, self->actor);

  /* A fresh page each time: it lists the outbox as it is now, and follows
   * the worker while it is shown. */
  if (self->outbox != NULL)
    g_signal_connect_object (self->outbox, "changed", G_CALLBACK (sertel_outbox_page_reload), page,
                             G_CONNECT_SWAPPED);
  adw_bin_set_child (self->outbox_bin, page);
  show_content (self, "outbox", _("Outbox"), NULL);
}

static void
show_dashboard_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);
  GtkWidget *page = adw_bin_get_child (self->dashboard_bin);

  if (page == NULL)
    {
      page = sertel_dashboard_page_new ();
      adw_bin_set_child (self->dashboard_bin, page);
    }
  g_object_set (page, "store", self->store, "actor", self->actor, NULL);
  sertel_dashboard_page_refresh (SERTEL_DASHBOARD_PAGE (page));
  show_content (self, "dashboard", _("Dashboard"), NULL);
}

static void
outbox_wake_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelWindow *self = SERTEL_WINDOW (widget);

  if (self->outbox != NULL)
    sertel_outbox_worker_wake (self->outbox);
}

/* ------------------------------------------------------------------------- */
/* Queues */

static GtkWidget *
make_queue_row (SertelQueue queue)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (sertel_queue_display_name (queue));
  GtkWidget *overdue = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (overdue, "overdue");
  gtk_widget_add_css_class (overdue, "caption-heading");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), overdue);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "queue", GUINT_TO_POINTER (queue));
  g_object_set_data (G_OBJECT (row), "count", count);
  g_object_set_data (G_OBJECT (row), "overdue", overdue);
  return row;
}

static void
build_queue_list (SertelWindow *self)
{
  SertelQueue first = sertel_queue_for_role (sertel_staff_get_role (self->actor));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))))
    gtk_list_box_remove (self->queue_list, child);

  gtk_list_box_append (self->queue_list, make_queue_row (first));
  for (guint i = 0; i < G_N_ELEMENTS (sop_order); i++)
    if (sop_order[i] != first)
      gtk_list_box_append (self->queue_list, make_queue_row (sop_order[i]));
}

static void
update_queue_rows (SertelWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      SertelQueue queue = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "queue"));
      g_autofree char *count = g_strdup_printf ("%u", self->counts[queue]);
      g_autofree char *overdue = NULL;
      g_autofree char *label = NULL;

      if (self->overdue[queue] > 0)
        overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", self->overdue[queue]),
                                   self->overdue[queue]);
      gtk_label_set_text (g_object_get_data (G_OBJECT (row), "count"), count);
      gtk_label_set_text (g_object_get_data (G_OBJECT (row), "overdue"), overdue ? overdue : "");
      label = overdue ? g_strdup_printf ("%s, %s, %s", sertel_queue_display_name (queue), count, overdue)
                      : g_strdup_printf ("%s, %s", sertel_queue_display_name (queue), count);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
}

typedef struct {
  guint counts[SERTEL_N_QUEUES];
  guint overdue[SERTEL_N_QUEUES];
} CountData;

static void
count_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  SertelStore *store = task_data;
  CountData *data = g_new0 (CountData, 1);
  GError *error = NULL;

  if (!sertel_store_count_queues (store, data->counts, data->overdue, &error))
    {
      g_free (data);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, data, g_free);
}

static void
count_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelWindow *self = SERTEL_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree CountData *data = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean was_empty = self->counts[SERTEL_QUEUE_ALL] == 0;

  self->counting = FALSE;
  if (data == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sertel_window_toast (self, error->message);
      return;
    }
  memcpy (self->counts, data->counts, sizeof self->counts);
  memcpy (self->overdue, data->overdue, sizeof self->overdue);
  update_queue_rows (self);

  /* The first request of a new register replaces the empty state. */
  if (was_empty != (self->counts[SERTEL_QUEUE_ALL] == 0))
    {
      const char *page = gtk_stack_get_visible_child_name (self->content_stack);
      if (g_strcmp0 (page, "list") == 0 || g_strcmp0 (page, "empty") == 0)
        show_queue (self, self->queue);
    }
}

static void
sertel_window_recount (SertelWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->counting)
    return;
  self->counting = TRUE;
  task = g_task_new (self, self->cancellable, count_done, NULL);
  g_task_set_source_tag (task, sertel_window_recount);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, count_thread);
}

static void
on_after_paint_recount (GdkFrameClock *clock, SertelWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_recount, self);
  sertel_window_recount (self);
}

static void
recount_after_paint (SertelWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    sertel_window_recount (self);
  else if (g_signal_handler_find (clock, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                  on_after_paint_recount, self) == 0)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint_recount), self, 0);
}

/* The sidebar's counts read the whole register; the list's first page is a
 * few rows. Both share the store's lock, so the counts wait until the first
 * rows are on screen: what the clerk looks at first comes first. */
static void
on_list_loading (SertelRequestListModel *model,
                 GParamSpec             *pspec,
                 SertelWindow           *self)
{
  g_autoptr(SertelRequest) first = NULL;

  if (sertel_request_list_model_get_loading (model) || !sertel_request_list_model_is_counted (model))
    return;
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    {
      /* Asking for the first row also starts its page if the view has not yet. */
      first = g_list_model_get_item (G_LIST_MODEL (model), 0);
      if (first == NULL || sertel_request_get_id (first) == 0)
        return;
    }
  g_signal_handlers_disconnect_by_func (model, on_list_loading, self);
  /* And after those rows are painted: the counts' worker would compete with
   * that frame for the processor. */
  recount_after_paint (self);
}

static void
recount_after_first_page (SertelWindow *self)
{
  SertelRequestListModel *model = sertel_case_list_get_model (self->case_list);

  if (model == NULL)
    {
      sertel_window_recount (self);
      return;
    }
  g_signal_handlers_disconnect_by_func (model, on_list_loading, self);
  g_signal_connect_object (model, "notify::loading", G_CALLBACK (on_list_loading), self, 0);
  on_list_loading (model, NULL, self);
}

static void
on_queue_activated (GtkListBox    *list,
                    GtkListBoxRow *row,
                    SertelWindow  *self)
{
  show_queue (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "queue")));
}

static void
on_signed_in (SertelSigninPage *page,
              SertelStaff      *staff,
              SertelWindow     *self)
{
  g_autofree char *who = g_strdup_printf ("%s · %s", sertel_staff_get_name (staff),
                                          sertel_role_display_name (sertel_staff_get_role (staff)));

  g_set_object (&self->actor, staff);
  sertel_idle_lock_set_actor (self->idle_lock, self->store, staff);
  adw_window_title_set_subtitle (self->sidebar_title, who);
  memset (self->counts, 0, sizeof self->counts);
  memset (self->overdue, 0, sizeof self->overdue);
  /* Assume cases exist until counted, so a full register never flashes the
   * empty state. */
  self->counts[SERTEL_QUEUE_ALL] = 1;
  build_queue_list (self);
  sertel_case_list_set_store (self->case_list, self->store);
  show_queue (self, sertel_queue_for_role (sertel_staff_get_role (staff)));
  gtk_stack_set_visible_child_name (self->main_stack, "desk");
  recount_after_first_page (self);
  update_actions (self);

  /* The timed BSrE check (off unless configured) runs for a Verifikator:
   * only that role may record what BSrE answers. */
  stop_bsre_poller (self);
  if (sertel_staff_get_role (staff) == SERTEL_ROLE_VERIFIKATOR)
    {
      self->bsre_poller = sertel_bsre_poller_new_for_settings (self->store, staff, self->settings);
      g_signal_connect_object (self->bsre_poller, "finished", G_CALLBACK (on_bsre_polled), self, 0);
    }
}

/* ------------------------------------------------------------------------- */
/* Other desks' changes and the server connection */

/* What is on screen follows the register without F5: the counts, the list
 * (its model refreshes rows in place, so scroll and selection stay) and an
 * open case, whose forms reload keeping the typed note and ticks. */
static gboolean
changed_idle_cb (gpointer user_data)
{
  SertelWindow *self = user_data;
  GtkWidget *page = adw_bin_get_child (self->case_bin);

  self->changed_idle = 0;
  if (self->actor == NULL)
    return G_SOURCE_REMOVE;
  sertel_window_recount (self);
  sertel_case_list_refresh (self->case_list);
  if (adw_bin_get_child (self->dashboard_bin) != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "dashboard") == 0)
    sertel_dashboard_page_refresh (SERTEL_DASHBOARD_PAGE (adw_bin_get_child (self->dashboard_bin)));
  if (page != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "case") == 0)
    sertel_case_page_reload (SERTEL_CASE_PAGE (page));
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (SertelStore *store, SertelWindow *self)
{
  /* While the register does not answer, reading would only fail: the
   * banner's "reconnected" brings the reload. */
  if (self->changed_idle == 0 && sertel_connection_banner_get_reachable (self->banner))
    self->changed_idle = g_timeout_add (50, changed_idle_cb, self);
}

/* Back after an outage (the banner saw the register answer): what others
 * did meanwhile is read again. */
static void
on_reconnected (SertelConnectionBanner *banner, SertelWindow *self)
{
  on_store_changed (self->store, self);
}

static void
watch_store (SertelWindow *self)
{
  g_autofree char *where = sertel_database_location_describe (sertel_store_get_path (self->store));
  g_autofree char *text = g_strdup_printf (_("Register: %s"), where);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, 0);
  g_signal_connect_object (self->banner, "reconnected", G_CALLBACK (on_reconnected), self, 0);
  sertel_connection_banner_set_store (self->banner, self->store);
  gtk_label_set_text (self->register_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->register_label), text);
  /* Before signing in too: which register the password is for. */
  adw_window_title_set_subtitle (self->signin_title, text);
}

/* ------------------------------------------------------------------------- */
/* Opening the register */

typedef struct {
  char                 *path;
  gboolean              demo;
  SertelDatabaseConfig *config;   /* Preferences → Database, when no path was given */
  SertelStore          *store;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->config, sertel_database_config_free);
  g_clear_object (&data->store);
  g_free (data);
}

/* Opening runs migrations (and filling a demo register writes a lot): off
 * the main thread, so a slow disk never freezes the window. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  gboolean has_staff = TRUE;

  /* The server's password may come from the secret service: here, not on
   * the main thread. */
  if (data->config != NULL &&
      (data->path = sertel_database_config_to_location (data->config, &error)) == NULL && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->store = sertel_store_open (data->path, &error);
  if (data->store == NULL ||
      (data->demo &&
       (!sertel_store_has_staff (data->store, &has_staff, &error) ||
        (!has_staff && !sertel_demo_fill (data->store, 60, &error)))))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SertelWindow *self = SERTEL_WINDOW (object);
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return;
    }

  g_set_object (&self->store, data->store);
  apply_settings (self);
  sertel_signin_page_set_store (self->signin_page, self->store);
  watch_store (self);

  /* Mail queued by any desk goes out while the register is open; the worker
   * first settles messages a crash left half-sent, never sending twice. */
  g_clear_object (&self->outbox);
  self->outbox = sertel_outbox_worker_new (self->store);
  sertel_outbox_worker_start (self->outbox);
  g_clear_object (&self->maintenance);
  self->maintenance = sertel_maintenance_new (self->store, self->settings);
  sertel_maintenance_start (self->maintenance);
  gtk_stack_set_visible_child_name (self->main_stack, "signin");
}

static void
sertel_window_load (SertelWindow *self, const char *path, gboolean demo)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, load_done, NULL);
  LoadData *data = g_new0 (LoadData, 1);

  data->path = g_strdup (path);
  data->demo = demo;
  if (path == NULL && !demo)
    data->config = sertel_database_config_from_settings (self->settings);
  g_task_set_source_tag (task, sertel_window_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/* @path: a SQLite file, or NULL for the default one in the user data folder.
 * @demo: fill the register with sample data when it is new. */
void
sertel_window_open_register (SertelWindow *self,
                             const char   *path,
                             gboolean      demo)
{
  g_return_if_fail (SERTEL_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  sertel_window_load (self, path, demo);
}

void
sertel_window_show_preferences (SertelWindow *self)
{
  SertelPreferencesWindow *prefs;

  g_return_if_fail (SERTEL_IS_WINDOW (self));

  prefs = sertel_preferences_window_new_for (GTK_WINDOW (self), self->store, self->actor);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* ------------------------------------------------------------------------- */

static gboolean
sertel_window_close_request (GtkWindow *window)
{
  SertelWindow *self = SERTEL_WINDOW (window);
  int width, height;

  /* Remember the size the clerk chose, not the maximized one. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (sertel_window_parent_class)->close_request (window);
}

static void
sertel_window_dispose (GObject *object)
{
  SertelWindow *self = SERTEL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->changed_idle, g_source_remove);
  stop_bsre_poller (self);
  g_clear_object (&self->outbox);   /* stops and joins its thread */
  g_clear_object (&self->idle_lock);
  g_clear_object (&self->maintenance);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->actor);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sertel_window_parent_class)->dispose (object);
}

/* The window's shortcuts bubble up from the lock screen too: while the desk
 * is locked they must not move the work hidden under it (Alt+Left would
 * leave a half-typed case). */
static gboolean
shortcut_unless_locked (GtkWidget *widget, GVariant *args, gpointer user_data G_GNUC_UNUSED)
{
  SertelWindow *self = SERTEL_WINDOW (widget);

  if (self->idle_lock != NULL && sertel_idle_lock_get_locked (self->idle_lock))
    return TRUE;
  return gtk_widget_activate_action (widget, g_variant_get_string (args, NULL), NULL);
}

static void
sertel_window_class_init (SertelWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sertel_window_dispose;
  window_class->close_request = sertel_window_close_request;

  /* The page classes the template names. */
  g_type_ensure (SERTEL_TYPE_SIGNIN_PAGE);
  g_type_ensure (SERTEL_TYPE_CASE_LIST);
  g_type_ensure (SERTEL_TYPE_CONNECTION_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, content);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, case_list);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, case_bin);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, intake_bin);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, outbox_bin);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, dashboard_bin);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, register_label);
  gtk_widget_class_bind_template_child (widget_class, SertelWindow, signin_title);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_activated);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "x", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", "s", show_queue_action);
  gtk_widget_class_install_action (widget_class, "win.new-request", NULL, new_request_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.open-attachment", "x", open_attachment_action);
  gtk_widget_class_install_action (widget_class, "win.check-bsre", "x", check_bsre_action);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.outbox-wake", NULL, outbox_wake_action);
  gtk_widget_class_install_action (widget_class, "win.issue-letter", "x", issue_letter_action);
  gtk_widget_class_install_action (widget_class, "win.print-letter", "x", print_letter_action);
  gtk_widget_class_install_action (widget_class, "win.print-disposition", "x", print_disposition_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, shortcut_unless_locked, "s", "win.new-request");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, shortcut_unless_locked, "s", "win.search");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, shortcut_unless_locked, "s", "win.back");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F5, 0, shortcut_unless_locked, "s", "win.refresh");
}

static void
on_folded (SertelWindow *self)
{
  update_actions (self);
}

static void
sertel_window_init (SertelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->queue = SERTEL_QUEUE_ALL;

  self->settings = g_settings_new (APP_ID);
  self->idle_lock = sertel_idle_lock_new (ADW_APPLICATION_WINDOW (self), self->settings);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, 0);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (on_folded), self, G_CONNECT_SWAPPED);
  apply_settings (self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  update_actions (self);
}
