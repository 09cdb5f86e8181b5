/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-identity.h"
#include "sertel-notify.h"
#include "sertel-store-outbox.h"
#include "sertel-verification-page.h"

/* The SOP's kelengkapan items, in the order the Kasi reads them. */
static const struct { const char *key; const char *label; } checklist[] = {
  { "letter", N_("Request letter attached") },
  { "email", N_("Official e-mail for every applicant") },
  { "ktp", N_("KTP scan for every applicant") },
  { "nik_nip", N_("NIK and NIP consistent") },
  { "no_duplicate", N_("No duplicate request") },
};
#define N_ITEMS G_N_ELEMENTS (checklist)

/* Verifikator buttons: the action and its label, in SOP order. */
static const struct { SertelAction action; const char *label; } marks[] = {
  { SERTEL_ACTION_MARK_REGISTERED, N_("_Registered at BSrE") },
  { SERTEL_ACTION_MARK_VERIFIED, N_("_Verified") },
  { SERTEL_ACTION_MARK_ISSUED, N_("_Issued") },
  { SERTEL_ACTION_MARK_REJECTED, N_("Re_jected…") },
};

struct _SertelVerificationPage
{
  AdwBin               parent_instance;

  SertelStore         *store;
  SertelStaff         *actor;
  gint64               request_id;
  SertelRequest       *request;
  GPtrArray           *applicants;      /* SertelApplicant* */
  GArray              *verifikator_ids; /* gint64, dropdown position - 1 */
  GCancellable        *cancellable;
  gboolean             busy;
  guint                checking_index;   /* the applicant whose address is being checked */
  gboolean             confirmed[N_ITEMS];
  gint64               chosen_verifikator;
  GPtrArray           *rows;            /* rows added to the groups, removed on reload */
  GPtrArray           *checks;          /* GtkCheckButton* per checklist item */
  GPtrArray           *mark_buttons;    /* GtkButton* of the Verifikator rows */

  GtkStack            *stack;
  AdwPreferencesGroup *checklist_group;
  GtkDropDown         *verifikator_dropdown;
  GtkButton           *assign_button;
  GtkButton           *return_button;
  AdwPreferencesGroup *applicants_group;
  GtkButton           *issue_button;
};

G_DEFINE_FINAL_TYPE (SertelVerificationPage, sertel_verification_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_STORE, PROP_ACTOR, PROP_REQUEST_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_LOADED, SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
sertel_verification_checklist_label (const char *key)
{
  for (guint i = 0; i < N_ITEMS; i++)
    if (g_strcmp0 (checklist[i].key, key) == 0)
      return _(checklist[i].label);
  return key;
}

GtkWidget *
sertel_verification_page_new (SertelStore *store, SertelStaff *actor, gint64 request_id)
{
  return g_object_new (SERTEL_TYPE_VERIFICATION_PAGE,
                       "store", store, "actor", actor, "request-id", request_id, NULL);
}

static SertelRole
actor_role (SertelVerificationPage *self)
{
  return self->actor ? sertel_staff_get_role (self->actor) : SERTEL_ROLE_NONE;
}

static int
request_state (SertelVerificationPage *self)
{
  return self->request ? (int) sertel_request_get_state (self->request) : -1;
}

static void
sertel_verification_page_update_actions (SertelVerificationPage *self)
{
  SertelRole role = actor_role (self);
  int state = request_state (self);
  gboolean all = TRUE;
  const char *number = self->request ? sertel_request_get_recommendation_number (self->request) : NULL;

  for (guint i = 0; i < N_ITEMS; i++)
    all = all && self->confirmed[i];

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verification.assign",
                                 !self->busy && state >= 0 && all && self->chosen_verifikator > 0 &&
                                 sertel_workflow_can (SERTEL_ACTION_ASSIGN, state, role));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verification.return",
                                 !self->busy && state >= 0 &&
                                 sertel_workflow_can (SERTEL_ACTION_RETURN, state, role));
  /* The Kasi asks the mail server whether each address is active. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verification.check-emails",
                                 !self->busy && state == SERTEL_REQUEST_AT_KASI && role == SERTEL_ROLE_KASI &&
                                 self->applicants != NULL && self->applicants->len > 0);
  /* Asking BSrE makes sense while applicants wait on it, and only the
   * Verifikator may record what it answers. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verification.check-bsre",
                                 !self->busy && state == SERTEL_REQUEST_AT_VERIFIKATOR &&
                                 sertel_workflow_can (SERTEL_ACTION_MARK_ISSUED, SERTEL_APPLICANT_REGISTERED, role));
  /* The letter exists once ASSIGN reserved its number; the Verifikator issues it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "verification.issue-letter",
                                 !self->busy && number != NULL && *number != '\0' &&
                                 role == SERTEL_ROLE_VERIFIKATOR);

  for (guint i = 0; self->mark_buttons && i < self->mark_buttons->len; i++)
    {
      GtkWidget *button = self->mark_buttons->pdata[i];
      SertelApplicant *a = g_object_get_data (G_OBJECT (button), "applicant");
      SertelAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));

      gtk_widget_set_sensitive (button, !self->busy && state == SERTEL_REQUEST_AT_VERIFIKATOR &&
                                sertel_workflow_can (action, sertel_applicant_get_state (a), role));
    }
}

/* ---- loading ---------------------------------------------------------- */

typedef struct {
  char          *domain;
  gboolean       subdomains;
  SertelRequest *request;
  GPtrArray     *applicants;
  GPtrArray     *verifikators;  /* SertelStaff* */
  gboolean       ok[N_ITEMS];
  char          *result[N_ITEMS];
  guint          unchecked_emails;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->domain);
  g_clear_object (&data->request);
  g_clear_pointer (&data->applicants, g_ptr_array_unref);
  g_clear_pointer (&data->verifikators, g_ptr_array_unref);
  for (guint i = 0; i < N_ITEMS; i++)
    g_free (data->result[i]);
  g_free (data);
}

/* Sentences for every failing applicant, or @ok_text when all pass. */
static void
set_result (LoadData *data, guint item, GString *problems, const char *ok_text)
{
  data->ok[item] = problems->len == 0;
  data->result[item] = problems->len == 0 ? g_strdup (ok_text) : g_strdup (problems->str);
}

static void
append_problem (GString *s, const char *text)
{
  if (s->len > 0)
    g_string_append_c (s, '\n');
  g_string_append (s, text);
}

static gboolean
run_checks (SertelStore *store, gint64 request_id, LoadData *data, GError **error)
{
  g_autoptr(GPtrArray) attachments = sertel_store_list_attachments (store, request_id, error);
  g_autoptr(GString) email = g_string_new (NULL);
  g_autoptr(GString) ktp = g_string_new (NULL);
  g_autoptr(GString) nik_nip = g_string_new (NULL);
  g_autoptr(GString) accepted = g_string_new (NULL);
  g_autoptr(GString) dups = g_string_new (NULL);
  gboolean letter = FALSE;

  if (attachments == NULL)
    return FALSE;
  for (guint i = 0; i < attachments->len; i++)
    if (g_strcmp0 (sertel_attachment_get_kind (attachments->pdata[i]), "letter") == 0)
      letter = TRUE;
  data->ok[0] = letter;
  data->result[0] = g_strdup (letter ? _("The request letter is attached.")
                                     : _("No request letter is attached."));

  for (guint i = 0; i < data->applicants->len; i++)
    {
      SertelApplicant *a = data->applicants->pdata[i];
      const char *name = sertel_applicant_get_name (a);
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) found = NULL;
      gboolean has_ktp = FALSE;
      SertelNik nik;
      SertelNip nip;

      if (!sertel_email_check (sertel_applicant_get_email (a) ? sertel_applicant_get_email (a) : "",
                               data->domain, data->subdomains, &local))
        {
          g_autofree char *s = g_strdup_printf ("%s: %s", name, local->message);
          append_problem (email, s);
        }
      else
        {
          /* The SOP wants an active address: a refusal by the province's
           * mail server is a problem; an address never checked is said so. */
          gint64 checked_at = 0;
          gboolean active = FALSE;
          g_autofree char *message = NULL;

          if (sertel_store_get_email_check (store, sertel_applicant_get_id (a), &checked_at, &active, &message, NULL) &&
              checked_at > 0 && !active)
            {
              g_autofree char *s = g_strdup_printf (_("%s: %s"), name, message ? message : _("The mail server refused the address."));
              append_problem (email, s);
            }
          else if (checked_at == 0)
            data->unchecked_emails++;
        }
      g_clear_error (&local);

      for (guint j = 0; j < attachments->len; j++)
        if (g_strcmp0 (sertel_attachment_get_kind (attachments->pdata[j]), "ktp") == 0 &&
            sertel_attachment_get_applicant_id (attachments->pdata[j]) == sertel_applicant_get_id (a))
          has_ktp = TRUE;
      if (!has_ktp)
        {
          g_autofree char *s = g_strdup_printf (_("%s: no KTP scan."), name);
          append_problem (ktp, s);
        }

      if (!sertel_nip_parse (sertel_applicant_get_nip (a), &nip, &local) ||
          !sertel_nik_parse (sertel_applicant_get_nik (a), g_date_get_year (&nip.birth), &nik, &local))
        {
          g_autofree char *s = g_strdup_printf ("%s: %s", name, local->message);
          append_problem (nik_nip, s);
        }
      else
        {
          g_autoptr(GPtrArray) findings = sertel_identity_cross_check (&nik, &nip);
          const char *reason = sertel_applicant_get_mismatch_reason (a);

          for (guint k = 0; findings && k < findings->len; k++)
            {
              SertelFinding *f = findings->pdata[k];
              g_autofree char *s = NULL;

              /* A disagreement the office explained at intake is accepted. */
              if (reason && *reason)
                {
                  s = g_strdup_printf (_("%s: %s Accepted with the recorded reason: “%s”."), name, f->message, reason);
                  append_problem (accepted, s);
                }
              else
                {
                  s = g_strdup_printf ("%s: %s", name, f->message);
                  append_problem (nik_nip, s);
                }
            }
        }

      found = sertel_store_find_duplicates (store, sertel_applicant_get_nik (a), request_id, error);
      if (found == NULL)
        return FALSE;
      for (guint k = 0; k < found->len; k++)
        append_problem (dups, found->pdata[k]);
    }

  if (data->applicants->len == 0)
    append_problem (email, _("The request has no applicants."));
  if (data->unchecked_emails > 0 && email->len == 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Every applicant has an official e-mail address; %u has not been checked with the mail server yet.",
                                                         "Every applicant has an official e-mail address; %u have not been checked with the mail server yet.",
                                                         data->unchecked_emails),
                                            data->unchecked_emails);
      set_result (data, 1, email, s);
    }
  else
    set_result (data, 1, email, _("Every applicant has an official e-mail address, accepted by the mail server where checked."));
  set_result (data, 2, ktp, _("Every applicant has a KTP scan."));
  if (nik_nip->len == 0 && accepted->len > 0)
    {
      data->ok[3] = TRUE;
      data->result[3] = g_strdup (accepted->str);
    }
  else
    set_result (data, 3, nik_nip, _("NIK and NIP agree for every applicant."));
  set_result (data, 4, dups, _("No applicant is in another open or issued request."));
  return TRUE;
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  SertelStore *store = g_object_get_data (G_OBJECT (task), "store");
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (task), "id");
  g_autoptr(GPtrArray) staff = NULL;
  GError *error = NULL;

  data->request = sertel_store_get_request (store, id, &error);
  if (data->request == NULL ||
      (data->applicants = sertel_store_list_applicants (store, id, &error)) == NULL ||
      (staff = sertel_store_list_staff (store, FALSE, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->verifikators = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < staff->len; i++)
    if (sertel_staff_get_role (staff->pdata[i]) == SERTEL_ROLE_VERIFIKATOR &&
        sertel_staff_get_active (staff->pdata[i]))
      g_ptr_array_add (data->verifikators, g_object_ref (staff->pdata[i]));

  /* The checks only matter at the Kasi; the Verifikator does not wait for them. */
  if (sertel_request_get_state (data->request) == SERTEL_REQUEST_AT_KASI &&
      !run_checks (store, id, data, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
clear_rows (SertelVerificationPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->checks, 0);
  g_ptr_array_set_size (self->mark_buttons, 0);
}

static void
check_toggled (GtkCheckButton *check, SertelVerificationPage *self)
{
  guint item = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "item"));

  self->confirmed[item] = gtk_check_button_get_active (check);
  sertel_verification_page_update_actions (self);
}

static void
build_checklist (SertelVerificationPage *self, LoadData *data)
{
  for (guint i = 0; i < N_ITEMS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (data->ok[i] ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      GtkWidget *check = gtk_check_button_new ();

      /* Subtitles quote names and reasons clerks typed: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(checklist[i].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), data->result[i] ? data->result[i] : "");
      gtk_widget_add_css_class (icon, data->ok[i] ? "success" : "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      data->ok[i] ? _("Passed") : _("Needs attention"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_name (check, checklist[i].key);
      gtk_widget_set_tooltip_text (check, _("Confirmed"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(checklist[i].label), -1);
      /* Keep the Kasi's ticks across a reload. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), self->confirmed[i]);
      g_object_set_data (G_OBJECT (check), "item", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (check), "automatic-ok", GINT_TO_POINTER (data->ok[i]));
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->checklist_group, row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->checks, check);
    }
}

static void
dropdown_selected (GtkDropDown *dropdown, GParamSpec *pspec, SertelVerificationPage *self)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  self->chosen_verifikator = (pos != GTK_INVALID_LIST_POSITION && pos > 0 && pos <= self->verifikator_ids->len)
                             ? g_array_index (self->verifikator_ids, gint64, pos - 1) : 0;
  sertel_verification_page_update_actions (self);
}

static void
build_verifikators (SertelVerificationPage *self, LoadData *data)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 keep = self->chosen_verifikator;
  guint select = 0;

  gtk_string_list_append (names, _("Choose a Verifikator"));
  g_array_set_size (self->verifikator_ids, 0);
  for (guint i = 0; i < data->verifikators->len; i++)
    {
      gint64 id = sertel_staff_get_id (data->verifikators->pdata[i]);

      gtk_string_list_append (names, sertel_staff_get_name (data->verifikators->pdata[i]));
      g_array_append_val (self->verifikator_ids, id);
      if (id == keep)
        select = i + 1;
    }
  g_signal_handlers_block_by_func (self->verifikator_dropdown, dropdown_selected, self);
  gtk_drop_down_set_model (self->verifikator_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->verifikator_dropdown, select);
  g_signal_handlers_unblock_by_func (self->verifikator_dropdown, dropdown_selected, self);
  dropdown_selected (self->verifikator_dropdown, NULL, self);
}

static void mark_clicked (GtkButton *button, SertelVerificationPage *self);

static void
build_applicants (SertelVerificationPage *self)
{
  for (guint i = 0; i < self->applicants->len; i++)
    {
      SertelApplicant *a = self->applicants->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *subtitle = NULL;
      const char *reason = sertel_applicant_get_state_reason (a);

      subtitle = g_strdup_printf (_("%s · NIP %s%s%s"),
                                  sertel_applicant_state_display_name (sertel_applicant_get_state (a)),
                                  sertel_applicant_get_nip (a),
                                  reason && *reason ? " · " : "", reason && *reason ? reason : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sertel_applicant_get_name (a));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      for (guint k = 0; k < G_N_ELEMENTS (marks); k++)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_(marks[k].label));
          g_autofree char *a11y = g_strdup_printf ("%s: %s", sertel_applicant_get_name (a),
                                                   sertel_action_display_name (marks[k].action));

          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
          gtk_widget_set_name (button, sertel_action_to_string (marks[k].action));
          if (marks[k].action == SERTEL_ACTION_MARK_REJECTED)
            gtk_widget_add_css_class (button, "destructive-action");
          g_object_set_data_full (G_OBJECT (button), "applicant", g_object_ref (a), g_object_unref);
          g_object_set_data (G_OBJECT (button), "action", GINT_TO_POINTER (marks[k].action));
          g_signal_connect (button, "clicked", G_CALLBACK (mark_clicked), self);
          gtk_box_append (GTK_BOX (box), button);
          g_ptr_array_add (self->mark_buttons, button);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      adw_preferences_group_add (self->applicants_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
load_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (object);
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  SertelRole role = actor_role (self);
  int state;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }

  g_set_object (&self->request, data->request);
  g_clear_pointer (&self->applicants, g_ptr_array_unref);
  self->applicants = g_ptr_array_ref (data->applicants);
  state = sertel_request_get_state (self->request);

  clear_rows (self);
  if (state == SERTEL_REQUEST_AT_KASI && role == SERTEL_ROLE_KASI)
    {
      build_checklist (self, data);
      build_verifikators (self, data);
      gtk_stack_set_visible_child_name (self->stack, "kasi");
    }
  else if ((state == SERTEL_REQUEST_AT_VERIFIKATOR || state == SERTEL_REQUEST_COMPLETED) &&
           role == SERTEL_ROLE_VERIFIKATOR)
    {
      build_applicants (self);
      gtk_stack_set_visible_child_name (self->stack, "verifikator");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "none");

  sertel_verification_page_update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
sertel_verification_page_reload (SertelVerificationPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSettings) settings = NULL;
  LoadData *data;

  g_return_if_fail (SERTEL_IS_VERIFICATION_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL || self->request_id <= 0)
    return;

  settings = g_settings_new (APP_ID);
  data = g_new0 (LoadData, 1);
  data->domain = g_settings_get_string (settings, "official-email-domain");
  data->subdomains = g_settings_get_boolean (settings, "allow-email-subdomains");

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, sertel_verification_page_reload);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (self->store), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "id", g_memdup2 (&self->request_id, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, load_thread);
}

/* ---- changes ---------------------------------------------------------- */

typedef struct {
  SertelStore  *store;
  SertelStaff  *actor;
  gint64        id;            /* request or applicant */
  gint64        version;
  SertelAction  action;
  gint64        assignee;
  char         *instructions;
  char         *reason;
} MoveData;

static void
move_data_free (MoveData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->actor);
  g_free (data->instructions);
  g_free (data->reason);
  g_free (data);
}

static void
move_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  MoveData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (sertel_action_is_on_applicant (data->action))
    ok = sertel_store_move_applicant (data->store, data->actor, data->id, data->version,
                                      data->action, data->reason, &error);
  else
    ok = sertel_store_move_request_full (data->store, data->actor, data->id, data->version,
                                         data->action, data->assignee, data->instructions,
                                         data->reason, &error);
  if (ok)
    {
      /* The applicant or the OPD hears of a return, an issue or a rejection
       * through the outbox; a failure to queue never undoes the step. */
      g_autoptr(GError) mail_error = NULL;
      gboolean on_applicant = sertel_action_is_on_applicant (data->action);

      if (!sertel_notify_queue_for_transition (data->store, data->actor, on_applicant ? 0 : data->id,
                                               on_applicant ? data->id : 0, data->action, NULL, &mail_error))
        g_message ("Notification not queued: %s", mail_error->message);
    }
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
move_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (object);
  MoveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_CONFLICT))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                    _("This request was changed by someone else. It has been reloaded; check it and try again."));
      else
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      sertel_verification_page_reload (self);
      return;
    }

  if (data->action == SERTEL_ACTION_ASSIGN)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Assigned to the Verifikator."));
  else if (data->action == SERTEL_ACTION_RETURN)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Returned to the OPD."));
  if (!sertel_action_is_on_applicant (data->action))
    {
      memset (self->confirmed, 0, sizeof self->confirmed);
      self->chosen_verifikator = 0;
    }
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
  sertel_verification_page_reload (self);
}

static void
run_move (SertelVerificationPage *self, MoveData *data)
{
  g_autoptr(GTask) task = NULL;

  data->store = g_object_ref (self->store);
  data->actor = g_object_ref (self->actor);
  self->busy = TRUE;
  sertel_verification_page_update_actions (self);
  task = g_task_new (self, NULL, move_done, NULL);
  g_task_set_source_tag (task, run_move);
  g_task_set_task_data (task, data, (GDestroyNotify) move_data_free);
  g_task_run_in_thread (task, move_thread);
}

typedef void (*ReasonCallback) (SertelVerificationPage *self, gpointer target, const char *reason);

static void
reason_changed (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "confirm", *text != '\0');
}

static void
reason_response (AdwMessageDialog *dialog, const char *response, SertelVerificationPage *self)
{
  ReasonCallback callback = (ReasonCallback) g_object_get_data (G_OBJECT (dialog), "callback");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "confirm") == 0 && *text != '\0')
    callback (self, g_object_get_data (G_OBJECT (dialog), "target"), text);
}

/* A reason is required: the confirming response stays off until one is typed. */
static void
ask_reason (SertelVerificationPage *self,
            const char             *heading,
            const char             *body,
            const char             *confirm_label,
            ReasonCallback          callback,
            gpointer                target)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", confirm_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
  adw_message_dialog_set_default_response (dialog, "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed), dialog);
  g_object_set_data (G_OBJECT (dialog), "callback", (gpointer) callback);
  if (target)
    g_object_set_data_full (G_OBJECT (dialog), "target", g_object_ref (target), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
return_with_reason (SertelVerificationPage *self, gpointer target, const char *reason)
{
  MoveData *data;

  if (self->request == NULL)
    return;
  data = g_new0 (MoveData, 1);
  data->id = self->request_id;
  data->version = sertel_request_get_version (self->request);
  data->action = SERTEL_ACTION_RETURN;
  data->reason = g_strdup (reason);
  run_move (self, data);
}

static void
return_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ask_reason (SERTEL_VERIFICATION_PAGE (widget), _("Return to the OPD?"),
              _("The OPD gets the request back with your reason and can send it in again."),
              _("_Return"), return_with_reason, NULL);
}

static void
assign_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (widget);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  MoveData *data;

  if (self->request == NULL || self->chosen_verifikator <= 0)
    return;
  for (guint i = 0; i < N_ITEMS; i++)
    if (self->confirmed[i])
      g_ptr_array_add (keys, (gpointer) checklist[i].key);
  g_ptr_array_add (keys, NULL);

  data = g_new0 (MoveData, 1);
  data->id = self->request_id;
  data->version = sertel_request_get_version (self->request);
  data->action = SERTEL_ACTION_ASSIGN;
  data->assignee = self->chosen_verifikator;
  data->instructions = g_strjoinv (";", (char **) keys->pdata);
  run_move (self, data);
}

static void check_next_email (SertelVerificationPage *self, guint index);

static void
check_email_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean accepted = FALSE;

  if (!sertel_notify_check_email_finish (result, &accepted, &message, &error))
    {
      /* The server could not be asked at all: say why and stop. */
      self->busy = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      sertel_verification_page_reload (self);
      g_object_unref (self);
      return;
    }
  check_next_email (self, self->checking_index + 1);
  g_object_unref (self);
}

static void
check_next_email (SertelVerificationPage *self, guint index)
{
  SertelApplicant *a;

  if (self->applicants == NULL || index >= self->applicants->len)
    {
      self->busy = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                  _("The e-mail addresses were checked with the mail server."));
      sertel_verification_page_reload (self);
      return;
    }
  a = self->applicants->pdata[index];
  self->checking_index = index;
  sertel_notify_check_email_async (self->store, self->actor, sertel_applicant_get_id (a), NULL,
                                   check_email_done, g_object_ref (self));
}

static void
check_emails_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (widget);

  self->busy = TRUE;
  sertel_verification_page_update_actions (self);
  check_next_email (self, 0);
}

static void
check_bsre_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (widget);

  /* The window runs the check off the main thread and refreshes the case. */
  gtk_widget_activate_action (widget, "win.check-bsre", "x", self->request_id);
}

static void
issue_letter_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (widget);

  /* The documents work renders and records the letter behind this action. */
  gtk_widget_activate_action (widget, "win.issue-letter", "x", self->request_id);
}

static void
reject_with_reason (SertelVerificationPage *self, gpointer target, const char *reason)
{
  SertelApplicant *a = target;
  MoveData *data = g_new0 (MoveData, 1);

  data->id = sertel_applicant_get_id (a);
  data->version = sertel_applicant_get_version (a);
  data->action = SERTEL_ACTION_MARK_REJECTED;
  data->reason = g_strdup (reason);
  run_move (self, data);
}

static void
mark_clicked (GtkButton *button, SertelVerificationPage *self)
{
  SertelApplicant *a = g_object_get_data (G_OBJECT (button), "applicant");
  SertelAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "action"));
  MoveData *data;

  if (self->busy)
    return;
  if (action == SERTEL_ACTION_MARK_REJECTED)
    {
      g_autofree char *heading = g_strdup_printf (_("Reject %s?"), sertel_applicant_get_name (a));

      ask_reason (self, heading, _("Say why, so the OPD knows what to do."),
                  _("Re_ject"), reject_with_reason, a);
      return;
    }
  data = g_new0 (MoveData, 1);
  data->id = sertel_applicant_get_id (a);
  data->version = sertel_applicant_get_version (a);
  data->action = action;
  run_move (self, data);
}

/* ---- GObject ---------------------------------------------------------- */

static void
sertel_verification_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ACTOR: g_value_set_object (value, self->actor); break;
    case PROP_REQUEST_ID: g_value_set_int64 (value, self->request_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_verification_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_set_object (&self->store, g_value_get_object (value)); break;
    case PROP_ACTOR: g_set_object (&self->actor, g_value_get_object (value)); break;
    case PROP_REQUEST_ID:
      if (self->request_id != g_value_get_int64 (value))
        {
          /* Another case: the ticks belonged to the old one. */
          memset (self->confirmed, 0, sizeof self->confirmed);
          self->chosen_verifikator = 0;
        }
      self->request_id = g_value_get_int64 (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); return;
    }
  sertel_verification_page_reload (self);
}

static void
sertel_verification_page_dispose (GObject *object)
{
  SertelVerificationPage *self = SERTEL_VERIFICATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_object (&self->request);
  g_clear_pointer (&self->applicants, g_ptr_array_unref);
  /* AdwBin keeps its own pointer to the child: let it drop the child first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_VERIFICATION_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->mark_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->verifikator_ids, g_array_unref);
  G_OBJECT_CLASS (sertel_verification_page_parent_class)->dispose (object);
}

static void
sertel_verification_page_class_init (SertelVerificationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_verification_page_get_property;
  object_class->set_property = sertel_verification_page_set_property;
  object_class->dispose = sertel_verification_page_dispose;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] = g_param_spec_int64 ("request-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-verification-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, checklist_group);
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, verifikator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, assign_button);
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, return_button);
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, applicants_group);
  gtk_widget_class_bind_template_child (widget_class, SertelVerificationPage, issue_button);
  gtk_widget_class_install_action (widget_class, "verification.assign", NULL, assign_activated);
  gtk_widget_class_install_action (widget_class, "verification.return", NULL, return_activated);
  gtk_widget_class_install_action (widget_class, "verification.issue-letter", NULL, issue_letter_activated);
  gtk_widget_class_install_action (widget_class, "verification.check-bsre", NULL, check_bsre_activated);
  gtk_widget_class_install_action (widget_class, "verification.check-emails", NULL, check_emails_activated);
}

static void
sertel_verification_page_init (SertelVerificationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
  self->mark_buttons = g_ptr_array_new ();
  self->verifikator_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (self->verifikator_dropdown, "notify::selected", G_CALLBACK (dropdown_selected), self);
  sertel_verification_page_update_actions (self);
}
