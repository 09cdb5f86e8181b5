/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-case-page.h"
#include "sertel-disposition-page.h"
#include "sertel-identity.h"
#include "sertel-letter-layout.h"
#include "sertel-rights.h"
#include "sertel-scan-preview.h"
#include "sertel-verification-page.h"

struct _SertelCasePage
{
  AdwBin               parent_instance;

  SertelStore         *store;
  SertelStaff         *actor;
  gint64               request_id;
  GCancellable        *cancellable;
  GPtrArray           *rows;          /* rows added to the groups, removed on reload */
  GtkWidget           *action_page;

  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *title_label;
  GtkLabel            *state_label;
  AdwPreferencesGroup *facts_group;
  AdwBin              *action_bin;
  AdwPreferencesGroup *applicants_group;
  AdwPreferencesGroup *attachments_group;
  AdwPreferencesGroup *sla_group;
  AdwPreferencesGroup *timeline_group;
};

G_DEFINE_FINAL_TYPE (SertelCasePage, sertel_case_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_STORE, PROP_ACTOR, PROP_REQUEST_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

GtkWidget *
sertel_case_page_new (SertelStore *store, SertelStaff *actor, gint64 request_id)
{
  return g_object_new (SERTEL_TYPE_CASE_PAGE,
                       "store", store, "actor", actor, "request-id", request_id, NULL);
}

GtkWidget *
sertel_case_page_get_action_page (SertelCasePage *self)
{
  g_return_val_if_fail (SERTEL_IS_CASE_PAGE (self), NULL);
  return self->action_page;
}

typedef struct {
  SertelRequest *request;
  GPtrArray     *applicants;
  GPtrArray     *attachments;
  GPtrArray     *transitions;
  SertelSla      sla;
  char          *verifikator;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->request);
  g_clear_pointer (&data->applicants, g_ptr_array_unref);
  g_clear_pointer (&data->attachments, g_ptr_array_unref);
  g_clear_pointer (&data->transitions, g_ptr_array_unref);
  g_free (data->verifikator);
  g_free (data);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  SertelStore *store = g_object_get_data (G_OBJECT (task), "store");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (task), "id");
  GError *error = NULL;

  if ((data->request = sertel_store_get_request (store, id, &error)) == NULL ||
      (data->applicants = sertel_store_list_applicants (store, id, &error)) == NULL ||
      (data->attachments = sertel_store_list_attachments (store, id, &error)) == NULL ||
      (data->transitions = sertel_store_list_transitions (store, id, &error)) == NULL ||
      !sertel_store_get_sla (store, id, &data->sla, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (sertel_request_get_assigned_to (data->request) > 0)
    {
      g_autoptr(SertelStaff) staff = sertel_store_get_staff (store, sertel_request_get_assigned_to (data->request), NULL);
      if (staff)
        data->verifikator = g_strdup (sertel_staff_get_name (staff));
    }
  g_task_return_boolean (task, TRUE);
}

static char *
format_time (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);

  /* Day, month and time as the office writes them. */
  return dt ? g_date_time_format (dt, _("%d %b %Y, %H:%M")) : g_strdup ("");
}

static char *
format_size (gint64 size)
{
  return g_format_size ((guint64) MAX (size, 0));
}

/* Keys recorded with a step, as words: disposition instructions or the
 * Kasi's confirmed checklist items. */
static char *
format_instruction_keys (const char *joined)
{
  g_auto(GStrv) keys = NULL;
  GString *out = g_string_new (NULL);

  if (joined == NULL)
    return g_string_free (out, FALSE);
  keys = g_strsplit (joined, ";", -1);
  for (guint i = 0; keys[i]; i++)
    {
      const char *label = sertel_disposition_instruction_label (keys[i]);

      if (*keys[i] == '\0')
        continue;
      if (label == NULL)
        label = sertel_verification_checklist_label (keys[i]);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, label);
    }
  return g_string_free (out, FALSE);
}

static GtkWidget *
add_row (SertelCasePage *self, AdwPreferencesGroup *group, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Clerks' text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
add_fact (SertelCasePage *self, const char *title, const char *value)
{
  GtkWidget *row;
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return;
  row = add_row (self, self->facts_group, title, NULL);
  label = gtk_label_new (value);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* A wrapping label asks for almost no width: ask for the value's width
   * (up to a line of 40 characters) so short values stay on one line. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN ((int) g_utf8_strlen (value, -1), 40));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

static void
clear_rows (SertelCasePage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
build_facts (SertelCasePage *self, LoadData *data)
{
  SertelRequest *r = data->request;
  g_autofree char *letter = NULL;
  g_autofree char *letter_date = NULL;
  g_autofree char *received = format_time (sertel_request_get_received_at (r));

  /* The letter's date as the letter itself writes it ("20 November 2026"). */
  letter_date = sertel_letter_format_iso_date (sertel_request_get_letter_date (r));
  letter = g_strdup_printf (_("%s, dated %s"), sertel_request_get_letter_number (r), letter_date);
  gtk_label_set_text (self->title_label, sertel_request_get_letter_number (r));
  gtk_label_set_text (self->state_label, sertel_request_state_display_name (sertel_request_get_state (r)));

  add_fact (self, _("Letter"), letter);
  add_fact (self, _("OPD"), sertel_request_get_opd_name (r));
  add_fact (self, _("Sifat"), sertel_letter_sifat_display (sertel_request_get_sifat (r)));
  add_fact (self, _("Perihal"), sertel_request_get_perihal (r));
  add_fact (self, _("Received"), received);
  add_fact (self, _("Step"), sertel_request_state_display_name (sertel_request_get_state (r)));
  add_fact (self, _("Verifikator"), data->verifikator);
  add_fact (self, _("Surat Rekomendasi"), sertel_request_get_recommendation_number (r));

  /* The letter exists once its number was reserved (and it was issued:
   * the window says so when it was not). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.print-letter",
                                 sertel_request_get_recommendation_number (r) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.print-disposition", TRUE);
  add_fact (self, _("Return reason"), sertel_request_get_return_reason (r));
}

static void
build_applicants (SertelCasePage *self, LoadData *data)
{
  for (guint i = 0; i < data->applicants->len; i++)
    {
      SertelApplicant *a = data->applicants->pdata[i];
      GString *sub = g_string_new (NULL);
      const char *mismatch = sertel_applicant_get_mismatch_reason (a);
      const char *reason = sertel_applicant_get_state_reason (a);
      GtkWidget *row;
      GtkWidget *state;
      SertelNik nik;
      SertelNip nip;
      /* In full only to those who check it against the KTP and at BSrE. */
      g_autofree char *shown_nik = sertel_rights_allow (self->actor ? sertel_staff_get_role (self->actor)
                                                                    : SERTEL_ROLE_NONE,
                                                        SERTEL_RIGHT_VIEW_FULL_NIK)
                                   ? g_strdup (sertel_applicant_get_nik (a))
                                   : sertel_nik_mask (sertel_applicant_get_nik (a));

      g_string_append_printf (sub, _("NIK %s · NIP %s · %s"), shown_nik,
                              sertel_applicant_get_nip (a), sertel_applicant_get_email (a));
      /* A NIK/NIP disagreement stays visible, with the reason the office recorded. */
      if (sertel_nip_parse (sertel_applicant_get_nip (a), &nip, NULL) &&
          sertel_nik_parse (sertel_applicant_get_nik (a), g_date_get_year (&nip.birth), &nik, NULL))
        {
          g_autoptr(GPtrArray) findings = sertel_identity_cross_check (&nik, &nip);

          for (guint k = 0; findings && k < findings->len; k++)
            g_string_append_printf (sub, "\n⚠ %s", ((SertelFinding *) findings->pdata[k])->message);
          if (findings && findings->len > 0 && mismatch && *mismatch)
            {
              g_autofree char *tail = g_strdup_printf (_("Recorded reason: %s"), mismatch);
              g_string_append_printf (sub, "\n%s", tail);
            }
          else if (findings && findings->len > 0)
            g_string_append_printf (sub, "\n%s", _("No reason was recorded."));
        }
      if (reason && *reason)
        g_string_append_printf (sub, "\n%s", reason);

      row = add_row (self, self->applicants_group, sertel_applicant_get_name (a), sub->str);
      state = gtk_label_new (sertel_applicant_state_display_name (sertel_applicant_get_state (a)));
      gtk_widget_add_css_class (state, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      g_string_free (sub, TRUE);
    }
}

static const char *
applicant_name (LoadData *data, gint64 applicant_id)
{
  for (guint i = 0; i < data->applicants->len; i++)
    if (sertel_applicant_get_id (data->applicants->pdata[i]) == applicant_id)
      return sertel_applicant_get_name (data->applicants->pdata[i]);
  return NULL;
}

static void
preview_expanded (AdwExpanderRow *row, GParamSpec *pspec, SertelCasePage *self)
{
  SertelScanPreview *preview = g_object_get_data (G_OBJECT (row), "preview");

  /* Rendered on first opening only: a case can carry many scans. */
  if (adw_expander_row_get_expanded (row) && !g_object_get_data (G_OBJECT (row), "loaded"))
    {
      g_object_set_data (G_OBJECT (row), "loaded", GINT_TO_POINTER (1));
      sertel_scan_preview_set_actor (preview, self->actor);
      sertel_scan_preview_load (preview, self->store,
                                GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "attachment-id")), NULL);
    }
}

static const char *
kind_display_name (const char *kind)
{
  if (g_strcmp0 (kind, "letter") == 0)
    return _("Request letter");
  if (g_strcmp0 (kind, "ktp") == 0)
    return _("KTP");
  if (g_strcmp0 (kind, "sk") == 0)
    return _("SK");
  return kind;
}

static void
build_attachments (SertelCasePage *self, LoadData *data)
{
  if (data->attachments->len == 0)
    add_row (self, self->attachments_group, _("No files are attached."), NULL);

  for (guint i = 0; i < data->attachments->len; i++)
    {
      SertelAttachment *att = data->attachments->pdata[i];
      GtkWidget *row;
      GtkWidget *open;
      GtkWidget *preview;
      g_autofree char *size = format_size (sertel_attachment_get_size (att));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *who = applicant_name (data, sertel_attachment_get_applicant_id (att));
      gint64 id = sertel_attachment_get_id (att);

      title = who ? g_strdup_printf ("%s — %s", kind_display_name (sertel_attachment_get_kind (att)), who)
                  : g_strdup (kind_display_name (sertel_attachment_get_kind (att)));

      /* The retention rule removed the scan; the row says so instead. */
      if (sertel_attachment_get_purged_at (att) != 0)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (sertel_attachment_get_purged_at (att));
          g_autofree char *date = g_date_time_format (when, "%d-%m-%Y");
          g_autofree char *note = g_strdup_printf (_("%s — removed on %s under the retention rule for closed cases"),
                                                   sertel_attachment_get_file_name (att), date);
          row = add_row (self, self->attachments_group, title, note);
          gtk_widget_add_css_class (row, "dim-label");
          continue;
        }

      row = adw_expander_row_new ();
      open = gtk_button_new_from_icon_name ("document-open-symbolic");
      preview = sertel_scan_preview_new ();
      subtitle = g_strdup_printf ("%s · %s", sertel_attachment_get_file_name (att), size);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_widget_set_tooltip_text (open, _("Open"));
      {
        g_autofree char *a11y = g_strdup_printf (_("Open %s"), sertel_attachment_get_file_name (att));
        gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      }
      gtk_actionable_set_action_target (GTK_ACTIONABLE (open), "x", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "win.open-attachment");
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), open);

      sertel_scan_preview_set_show_open (SERTEL_SCAN_PREVIEW (preview), FALSE);
      gtk_widget_set_margin_top (preview, 6);
      gtk_widget_set_margin_bottom (preview, 6);
      gtk_widget_set_margin_start (preview, 6);
      gtk_widget_set_margin_end (preview, 6);
      gtk_widget_set_size_request (preview, -1, 360);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), preview);
      g_object_set_data (G_OBJECT (row), "preview", preview);
      g_object_set_data (G_OBJECT (row), "attachment-id", GSIZE_TO_POINTER ((gsize) id));
      g_signal_connect (row, "notify::expanded", G_CALLBACK (preview_expanded), self);

      adw_preferences_group_add (self->attachments_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
build_sla (SertelCasePage *self, LoadData *data)
{
  gboolean any = FALSE;

  for (int step = 0; step < SERTEL_N_STEPS; step++)
    {
      g_autofree char *spent = NULL;
      g_autofree char *limit = NULL;
      g_autofree char *text = NULL;
      GtkWidget *row;
      GtkWidget *label;

      if (!data->sla.visited[step])
        continue;
      any = TRUE;
      spent = sertel_format_duration (data->sla.elapsed[step]);
      limit = sertel_format_duration (sertel_workflow_step_limit (step));
      /* TRANSLATORS: time spent in a step "of" its SOP limit, e.g. "12 min of 15 min" */
      text = g_strdup_printf (_("%s of %s"), spent, limit);
      row = add_row (self, self->sla_group, sertel_step_display_name (step),
                     data->sla.current_step == step ? _("In progress") : NULL);
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "numeric");
      if (data->sla.overdue[step])
        {
          g_autofree char *a11y = g_strdup_printf (_("%s, overdue"), text);
          gtk_widget_add_css_class (label, "overdue");
          gtk_label_set_text (GTK_LABEL (label), a11y);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sla_group), any);
}

static void
build_timeline (SertelCasePage *self, LoadData *data)
{
  gint64 previous = sertel_request_get_received_at (data->request);
  g_autofree char *received = format_time (previous);

  add_row (self, self->timeline_group, _("Received"), received);

  for (guint i = 0; i < data->transitions->len; i++)
    {
      SertelTransitionRecord *t = data->transitions->pdata[i];
      gboolean ok = FALSE;
      SertelAction action = sertel_action_from_string (t->action, &ok);
      GString *sub = g_string_new (NULL);
      g_autofree char *when = format_time (t->at);
      g_autofree char *title = NULL;
      g_autofree char *words = format_instruction_keys (t->instructions);
      const char *who = t->applicant_id ? applicant_name (data, t->applicant_id) : NULL;
      const char *action_name = ok ? sertel_action_display_name (action) : t->action;
      GtkWidget *row;

      title = who ? g_strdup_printf ("%s — %s", action_name, who) : g_strdup (action_name);
      /* TRANSLATORS: who took a step, and when */
      g_string_append_printf (sub, _("%s · %s"), t->actor_name ? t->actor_name : "", when);
      if (words && *words)
        g_string_append_printf (sub, "\n%s %s", _("Instructions:"), words);
      if (t->note && *t->note)
        g_string_append_printf (sub, "\n%s %s", _("Note:"), t->note);
      row = add_row (self, self->timeline_group, title, sub->str);
      g_string_free (sub, TRUE);

      /* Time taken by a timed request step (1–3; step 4 is per applicant and
       * shows in the service time above). */
      if (t->applicant_id == 0)
        {
          gboolean known = FALSE;
          SertelRequestState from = sertel_request_state_from_string (t->from_state, &known);
          int step = known ? sertel_workflow_step_for_state (from) : -1;

          if (step >= 0 && step != SERTEL_STEP_REGISTRATION)
            {
              gint64 taken = MAX (t->at - previous, 0);
              gint64 limit = sertel_workflow_step_limit (step);
              g_autofree char *spent = sertel_format_duration (taken);
              g_autofree char *max = sertel_format_duration (limit);
              g_autofree char *text = g_strdup_printf (_("%s of %s"), spent, max);
              GtkWidget *label = gtk_label_new (text);

              gtk_widget_add_css_class (label, "numeric");
              if (taken > limit)
                {
                  /* In words too, not only in colour. */
                  g_autofree char *over = g_strdup_printf (_("%s, overdue"), text);
                  gtk_label_set_text (GTK_LABEL (label), over);
                  gtk_widget_add_css_class (label, "overdue");
                }
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
            }
          previous = t->at;
        }
    }
}

static void action_done (GtkWidget *page, SertelCasePage *self);

static void
build_action_area (SertelCasePage *self, SertelRequest *request)
{
  SertelRole role = self->actor ? sertel_staff_get_role (self->actor) : SERTEL_ROLE_NONE;
  SertelRequestState state = sertel_request_get_state (request);
  GType type = G_TYPE_NONE;

  if ((role == SERTEL_ROLE_KEPALA_DINAS && state == SERTEL_REQUEST_RECEIVED) ||
      (role == SERTEL_ROLE_KABID && state == SERTEL_REQUEST_AT_KABID))
    type = SERTEL_TYPE_DISPOSITION_PAGE;
  else if ((role == SERTEL_ROLE_KASI && state == SERTEL_REQUEST_AT_KASI) ||
           (role == SERTEL_ROLE_VERIFIKATOR &&
            (state == SERTEL_REQUEST_AT_VERIFIKATOR || state == SERTEL_REQUEST_COMPLETED)))
    type = SERTEL_TYPE_VERIFICATION_PAGE;

  /* The same form again (a refresh): reload it and keep what was typed. */
  if (self->action_page && G_OBJECT_TYPE (self->action_page) == type)
    {
      if (type == SERTEL_TYPE_DISPOSITION_PAGE)
        sertel_disposition_page_reload (SERTEL_DISPOSITION_PAGE (self->action_page));
      else
        sertel_verification_page_reload (SERTEL_VERIFICATION_PAGE (self->action_page));
      return;
    }

  self->action_page = NULL;
  adw_bin_set_child (self->action_bin, NULL);
  if (type == G_TYPE_NONE)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->action_bin), FALSE);
      return;
    }
  self->action_page = g_object_new (type, "store", self->store, "actor", self->actor,
                                    "request-id", self->request_id, NULL);
  g_signal_connect_object (self->action_page, "done", G_CALLBACK (action_done), self, 0);
  adw_bin_set_child (self->action_bin, self->action_page);
  gtk_widget_set_visible (GTK_WIDGET (self->action_bin), TRUE);
}

static void
load_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelCasePage *self = SERTEL_CASE_PAGE (object);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  clear_rows (self);
  build_facts (self, data);
  build_applicants (self, data);
  build_attachments (self, data);
  build_sla (self, data);
  build_timeline (self, data);
  build_action_area (self, data->request);
  gtk_stack_set_visible_child_name (self->stack, "case");
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
sertel_case_page_reload (SertelCasePage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_CASE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->request_id <= 0)
    return;
  /* Keep the old content on screen while a reload runs; spin only when empty. */
  if (self->rows->len == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, sertel_case_page_reload);
  g_task_set_task_data (task, g_new0 (LoadData, 1), (GDestroyNotify) load_data_free);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (self->store), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "id", g_memdup2 (&self->request_id, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, load_thread);
}

static void
action_done (GtkWidget *page, SertelCasePage *self)
{
  sertel_case_page_reload (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
}

static void
sertel_case_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelCasePage *self = SERTEL_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ACTOR: g_value_set_object (value, self->actor); break;
    case PROP_REQUEST_ID: g_value_set_int64 (value, self->request_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_case_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelCasePage *self = SERTEL_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_set_object (&self->store, g_value_get_object (value)); break;
    case PROP_ACTOR: g_set_object (&self->actor, g_value_get_object (value)); break;
    case PROP_REQUEST_ID: self->request_id = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  /* Another person or case: the old form does not carry over. */
  self->action_page = NULL;
  adw_bin_set_child (self->action_bin, NULL);
  sertel_case_page_reload (self);
}

static void
sertel_case_page_dispose (GObject *object)
{
  SertelCasePage *self = SERTEL_CASE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  self->action_page = NULL;
  /* AdwBin keeps its own pointer to the child: let it drop the child first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_CASE_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (sertel_case_page_parent_class)->dispose (object);
}

static void
print_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelCasePage *self = SERTEL_CASE_PAGE (widget);

  /* The window renders and prints off the main thread. */
  gtk_widget_activate_action (widget,
                              g_str_equal (name, "case.print-letter") ? "win.print-letter" : "win.print-disposition",
                              "x", self->request_id);
}

static void
sertel_case_page_class_init (SertelCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_case_page_get_property;
  object_class->set_property = sertel_case_page_set_property;
  object_class->dispose = sertel_case_page_dispose;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] = g_param_spec_int64 ("request-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, stack);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, facts_group);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, action_bin);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, applicants_group);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, sla_group);
  gtk_widget_class_bind_template_child (widget_class, SertelCasePage, timeline_group);

  gtk_widget_class_install_action (widget_class, "case.print-disposition", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "case.print-letter", NULL, print_activated);
}

static void
sertel_case_page_init (SertelCasePage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->action_bin), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.print-disposition", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.print-letter", FALSE);
}
