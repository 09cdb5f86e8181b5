/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-applicant-row.h"
#include "sertel-csv.h"
#include "sertel-draft.h"
#include "sertel-filetype.h"
#include "sertel-field-limit.h"
#include "sertel-intake-page.h"
#include "sertel-notify.h"
#include "sertel-text.h"

#define SAVE_DELAY_MS 1000

static const char *sifat_keys[] = { "biasa", "segera", "sangat_segera", "rahasia" };

struct _SertelIntakePage
{
  AdwBin        parent_instance;

  GtkWidget    *letter_number_row, *letter_number_msg_row, *letter_number_msg;
  GtkWidget    *letter_date_row, *letter_date_msg_row, *letter_date_msg;
  GtkWidget    *date_popover, *calendar;
  GtkWidget    *opd_row, *opd_entry, *opd_msg_row, *opd_msg;
  GtkWidget    *sifat_row;
  GtkWidget    *perihal_row, *perihal_msg_row, *perihal_msg;
  GtkWidget    *letter_file_row, *letter_file_msg_row, *letter_file_msg;
  GtkWidget    *applicants_box, *scroller;
  GtkWidget    *status_label, *submit_button;

  SertelStore  *store;
  SertelStaff  *actor;
  GSettings    *settings;
  GCancellable *cancellable;
  GtkListStore *opd_model;

  char         *drafts_dir;
  char         *draft_id;
  guint         save_id;
  gboolean      loading;        /* filling the form: no saves, no "touched" */
  GHashTable   *touched;

  char         *letter_name;
  GBytes       *letter_data;
  char         *letter_error;
  guint         busy;
  gboolean      submitting;
  char         *submit_error;
  guint         problems;
};

G_DEFINE_FINAL_TYPE (SertelIntakePage, sertel_intake_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_STORE, PROP_ACTOR, PROP_DRAFTS_DIR, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void update (SertelIntakePage *self);
static void schedule_save (SertelIntakePage *self);

static const char *
text_of (GtkWidget *w)
{
  return gtk_editable_get_text (GTK_EDITABLE (w));
}

static void
set_text (GtkWidget *w, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (w), text ? text : "");
}

static char *
dup_or_null (GtkWidget *w)
{
  return *text_of (w) ? g_strdup (text_of (w)) : NULL;
}

static void
toast (SertelIntakePage *self, const char *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static GPtrArray *
applicant_rows (SertelIntakePage *self)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (self->applicants_box); c; c = gtk_widget_get_next_sibling (c))
    if (SERTEL_IS_APPLICANT_ROW (c))
      g_ptr_array_add (rows, c);
  return rows;
}

static gsize
max_scan_size (SertelIntakePage *self)
{
  return (gsize) g_settings_get_uint (self->settings, "attachment-max-mb") * 1024 * 1024;
}

/* ------------------------------------------------------------------------- */
/* The letter date: typed as DD-MM-YYYY, kept in the register as YYYY-MM-DD. */

static gboolean
parse_date (const char *text, GDate *out)
{
  guint d, m, y;
  char tail;

  if (sscanf (text, "%2u-%2u-%4u%c", &d, &m, &y, &tail) != 3 || y < 1900 || y > 9999 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static void
day_selected (SertelIntakePage *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (GTK_CALENDAR (self->calendar));
  g_autofree char *text = g_date_time_format (dt, "%d-%m-%Y");

  set_text (self->letter_date_row, text);
  gtk_popover_popdown (GTK_POPOVER (self->date_popover));
}

/* ------------------------------------------------------------------------- */
/* Checks: each problem under its field; the count on the action bar. */

static void
show_message (GtkWidget *row, GtkWidget *msg_row, GtkWidget *msg, const char *text)
{
  gtk_widget_set_visible (msg_row, text != NULL);
  gtk_label_set_text (GTK_LABEL (msg), text ? text : "");
  if (text)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
check_text (SertelIntakePage *self, GtkWidget *row, GtkWidget *msg_row, GtkWidget *msg,
            SertelField field, char **first)
{
  g_autofree char *problem = sertel_field_limit_check (row, field, TRUE);
  gboolean touched = *text_of (row) || g_hash_table_contains (self->touched, row);

  if (problem)
    {
      self->problems++;
      if (*first == NULL)
        *first = g_strdup (problem);
    }
  show_message (row, msg_row, msg, problem && touched ? problem : NULL);
}

static void
update_actions (SertelIntakePage *self)
{
  /* Intake is no workflow move: the register lets only the Operator take
   * requests in, and so does the button. */
  gboolean may = self->actor != NULL && sertel_staff_get_role (self->actor) == SERTEL_ROLE_OPERATOR;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "intake.submit",
                                 self->store && may && self->problems == 0 && !self->submitting && self->busy == 0);
}

static void
update (SertelIntakePage *self)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);
  g_autofree char *first = NULL;
  const char *date_problem = NULL;
  GDate date;

  self->problems = 0;
  check_text (self, self->letter_number_row, self->letter_number_msg_row, self->letter_number_msg,
              SERTEL_FIELD_LETTER_NUMBER, &first);

  if (!parse_date (text_of (self->letter_date_row), &date))
    date_problem = _("Write the date of the letter as DD-MM-YYYY, for example 20-11-2026.");
  else
    {
      GDate today;
      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      if (g_date_compare (&date, &today) > 0)
        date_problem = _("The letter date is in the future; check the date on the letter.");
    }
  if (date_problem)
    {
      self->problems++;
      if (first == NULL)
        first = g_strdup (date_problem);
    }
  show_message (self->letter_date_row, self->letter_date_msg_row, self->letter_date_msg,
                date_problem && (*text_of (self->letter_date_row) || g_hash_table_contains (self->touched, self->letter_date_row))
                ? date_problem : NULL);

  check_text (self, self->opd_entry, self->opd_msg_row, self->opd_msg, SERTEL_FIELD_LETTER_OPD, &first);
  check_text (self, self->perihal_row, self->perihal_msg_row, self->perihal_msg, SERTEL_FIELD_PERIHAL, &first);

  {
    const char *problem = self->letter_error;
    if (problem == NULL && self->letter_data == NULL)
      problem = _("Attach the scan of the request letter.");
    if (problem)
      {
        self->problems++;
        if (first == NULL)
          first = g_strdup (problem);
      }
    show_message (self->letter_file_row, self->letter_file_msg_row, self->letter_file_msg,
                  self->letter_error ? self->letter_error : NULL);
  }

  if (rows->len == 0)
    {
      self->problems++;
      if (first == NULL)
        first = g_strdup (_("Add at least one applicant."));
    }
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *row_first = NULL;
      guint n = sertel_applicant_row_count_problems (g_ptr_array_index (rows, i), &row_first);

      self->problems += n;
      if (n > 0 && first == NULL)
        first = g_strdup_printf (_("Applicant %u: %s"), i + 1, row_first);
    }

  if (self->submitting)
    gtk_label_set_text (GTK_LABEL (self->status_label), _("Taking the request in…"));
  else if (self->submit_error)
    gtk_label_set_text (GTK_LABEL (self->status_label), self->submit_error);
  else if (self->problems > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem left. %s", "%u problems left. First: %s",
                                                            self->problems),
                                               self->problems, first);
      gtk_label_set_text (GTK_LABEL (self->status_label), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (self->status_label), _("Ready to submit."));

  update_actions (self);
}

static void
field_changed (SertelIntakePage *self, GObject *widget)
{
  if (self->loading)
    return;
  g_hash_table_add (self->touched, widget);
  g_clear_pointer (&self->submit_error, g_free);
  update (self);
  schedule_save (self);
}

/* ------------------------------------------------------------------------- */
/* Drafts: nothing typed is lost. */

static gboolean
form_is_empty (SertelIntakePage *self)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);

  if (*text_of (self->letter_number_row) || *text_of (self->letter_date_row) || *text_of (self->opd_entry) ||
      *text_of (self->perihal_row) || self->letter_data)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    if (!sertel_applicant_row_is_blank (g_ptr_array_index (rows, i)))
      return FALSE;
  return TRUE;
}

static SertelDraft *
form_to_draft (SertelIntakePage *self)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);
  SertelDraft *d = sertel_draft_new ();
  guint sifat = adw_combo_row_get_selected (ADW_COMBO_ROW (self->sifat_row));

  d->id = g_strdup (self->draft_id);
  d->letter_number = dup_or_null (self->letter_number_row);
  d->letter_date = dup_or_null (self->letter_date_row);
  d->opd = dup_or_null (self->opd_entry);
  d->sifat = g_strdup (sifat_keys[sifat < G_N_ELEMENTS (sifat_keys) ? sifat : 0]);
  d->perihal = dup_or_null (self->perihal_row);
  if (self->letter_data)
    {
      d->letter_data = g_bytes_ref (self->letter_data);
      d->letter_file_name = g_strdup (self->letter_name);
    }
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (d->applicants, sertel_applicant_row_to_draft (g_ptr_array_index (rows, i)));
  return d;
}

void
sertel_intake_page_save_draft (SertelIntakePage *self)
{
  g_autoptr(SertelDraft) d = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SERTEL_IS_INTAKE_PAGE (self));

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->draft_id == NULL && form_is_empty (self))
    return;
  /* A small key file (scans are written once, by content), so it is
   * written right here: the state on disk is then what the user sees. */
  d = form_to_draft (self);
  if (!sertel_draft_save (d, self->drafts_dir, &error))
    {
      g_autofree char *msg = g_strdup_printf (_("The draft could not be saved: %s"), error->message);
      toast (self, msg);
      return;
    }
  if (self->draft_id == NULL)
    self->draft_id = g_strdup (d->id);
}

static gboolean
save_timeout (gpointer data)
{
  SertelIntakePage *self = data;

  self->save_id = 0;
  sertel_intake_page_save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (SertelIntakePage *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout, self);
}

static SertelApplicantRow *add_row (SertelIntakePage *self);

static void
clear_form (SertelIntakePage *self)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);

  self->loading = TRUE;
  for (guint i = 0; i < rows->len; i++)
    gtk_box_remove (GTK_BOX (self->applicants_box), g_ptr_array_index (rows, i));
  set_text (self->letter_number_row, NULL);
  set_text (self->letter_date_row, NULL);
  set_text (self->opd_entry, NULL);
  set_text (self->perihal_row, NULL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->sifat_row), 0);
  g_clear_pointer (&self->letter_data, g_bytes_unref);
  g_clear_pointer (&self->letter_name, g_free);
  g_clear_pointer (&self->letter_error, g_free);
  g_clear_pointer (&self->draft_id, g_free);
  g_clear_pointer (&self->submit_error, g_free);
  g_hash_table_remove_all (self->touched);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->letter_file_row),
                               _("No file yet: choose one or drop a PDF, JPEG or PNG anywhere on this page"));
  add_row (self);
  self->loading = FALSE;
  update (self);
}

static void
load_draft (SertelIntakePage *self, SertelDraft *d)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);

  self->loading = TRUE;
  for (guint i = 0; i < rows->len; i++)
    gtk_box_remove (GTK_BOX (self->applicants_box), g_ptr_array_index (rows, i));
  g_free (self->draft_id);
  self->draft_id = g_strdup (d->id);
  set_text (self->letter_number_row, d->letter_number);
  set_text (self->letter_date_row, d->letter_date);
  set_text (self->opd_entry, d->opd);
  set_text (self->perihal_row, d->perihal);
  for (guint i = 0; i < G_N_ELEMENTS (sifat_keys); i++)
    if (g_strcmp0 (d->sifat, sifat_keys[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->sifat_row), i);
  if (d->letter_data)
    {
      g_autofree char *desc = sertel_scan_describe (d->letter_file_name, d->letter_data);
      self->letter_data = g_bytes_ref (d->letter_data);
      self->letter_name = g_strdup (d->letter_file_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->letter_file_row), desc);
    }
  for (guint i = 0; i < d->applicants->len; i++)
    sertel_applicant_row_load_draft (add_row (self), g_ptr_array_index (d->applicants, i));
  if (d->applicants->len == 0)
    add_row (self);
  self->loading = FALSE;
  update (self);
}

/* The newest draft comes back by itself: the Operator who was interrupted
 * (or whose computer lost power) simply goes on. */
static void
restore_newest_draft (SertelIntakePage *self)
{
  g_autoptr(GPtrArray) ids = sertel_draft_list (self->drafts_dir, NULL);

  for (guint i = 0; ids && i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SertelDraft) d = sertel_draft_load (self->drafts_dir, g_ptr_array_index (ids, i), &error);

      if (d)
        {
          load_draft (self, d);
          return;
        }
      g_debug ("Draft %s skipped: %s", (char *) g_ptr_array_index (ids, i), error->message);
    }
}

/* ------------------------------------------------------------------------- */
/* Applicant rows. */

static void
renumber (SertelIntakePage *self)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);

  for (guint i = 0; i < rows->len; i++)
    sertel_applicant_row_set_position (g_ptr_array_index (rows, i), i + 1);
}

static void
row_changed (SertelIntakePage *self)
{
  field_changed (self, NULL);
}

static void
row_remove (SertelIntakePage *self, SertelApplicantRow *row)
{
  gtk_box_remove (GTK_BOX (self->applicants_box), GTK_WIDGET (row));
  renumber (self);
  update (self);
  schedule_save (self);
}

static SertelApplicantRow *
add_row (SertelIntakePage *self)
{
  SertelApplicantRow *row = sertel_applicant_row_new ();

  {
    g_autofree char *domain = g_settings_get_string (self->settings, "official-email-domain");
    sertel_applicant_row_set_rules (row, domain, g_settings_get_boolean (self->settings, "allow-email-subdomains"),
                                    max_scan_size (self));
  }
  sertel_applicant_row_set_store (row, self->store);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (row_changed), self);
  g_signal_connect_swapped (row, "remove-requested", G_CALLBACK (row_remove), self);
  gtk_box_append (GTK_BOX (self->applicants_box), GTK_WIDGET (row));
  renumber (self);
  return row;
}

static void
add_applicant_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (widget);
  SertelApplicantRow *row = add_row (self);

  update (self);
  schedule_save (self);
  gtk_widget_child_focus (GTK_WIDGET (row), GTK_DIR_TAB_FORWARD);
}

/* ------------------------------------------------------------------------- */
/* The request letter scan. */

static void
letter_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) data = sertel_scan_load_finish (result, &name, &error);

  self->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->letter_error, g_free);
  if (data == NULL)
    self->letter_error = g_strdup (error->message);
  else
    {
      g_autofree char *desc = sertel_scan_describe (name, data);
      g_clear_pointer (&self->letter_data, g_bytes_unref);
      g_free (self->letter_name);
      self->letter_data = g_steal_pointer (&data);
      self->letter_name = g_steal_pointer (&name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->letter_file_row), desc);
    }
  update (self);
  schedule_save (self);
}

void
sertel_intake_page_set_letter_file (SertelIntakePage *self, GFile *file)
{
  g_return_if_fail (SERTEL_IS_INTAKE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  self->busy++;
  update_actions (self);
  sertel_scan_load_async (file, max_scan_size (self), self->cancellable, letter_loaded, g_object_ref (self));
}

static void
letter_chooser_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  g_autoptr(SertelIntakePage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        sertel_intake_page_set_letter_file (self, file);
    }
  g_object_unref (dialog);
}

static GtkWindow *
parent_window (SertelIntakePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
choose_letter_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = sertel_scan_filter ();
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Choose the Scanned Request Letter"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (letter_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, SertelIntakePage *self)
{
  GFile *file = sertel_scan_file_from_drop (value);

  if (file == NULL)
    return FALSE;
  sertel_intake_page_set_letter_file (self, file);
  return TRUE;
}

/* ------------------------------------------------------------------------- */
/* Employee list import. */

typedef struct {
  SertelIntakePage *self;
  GPtrArray        *applicants;
} ImportData;

static void
add_imported (SertelIntakePage *self, GPtrArray *applicants)
{
  g_autoptr(GPtrArray) rows = applicant_rows (self);
  g_autofree char *msg = NULL;

  /* An untouched empty row gives way to the list. */
  for (guint i = 0; i < rows->len; i++)
    if (sertel_applicant_row_is_blank (g_ptr_array_index (rows, i)))
      gtk_box_remove (GTK_BOX (self->applicants_box), g_ptr_array_index (rows, i));
  for (guint i = 0; i < applicants->len; i++)
    sertel_applicant_row_load_applicant (add_row (self), g_ptr_array_index (applicants, i));
  renumber (self);
  update (self);
  schedule_save (self);
  msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u applicant added from the list.",
                                      "%u applicants added from the list.", applicants->len), applicants->len);
  toast (self, msg);
}

static void
import_response (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  ImportData *data = user_data;

  if (g_strcmp0 (response, "add") == 0)
    add_imported (data->self, data->applicants);
  g_object_unref (data->self);
  g_ptr_array_unref (data->applicants);
  g_free (data);
}

static void
csv_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelIntakePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) good = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *domain = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  char *contents = NULL;
  gsize len = 0;
  GtkWidget *dialog;
  ImportData *data;

  self->busy--;
  update_actions (self);
  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &len, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  bytes = g_bytes_new_take (contents, len);
  domain = g_settings_get_string (self->settings, "official-email-domain");
  good = sertel_csv_read_applicants (bytes, domain, g_settings_get_boolean (self->settings, "allow-email-subdomains"),
                                     &problems, &error);
  if (good == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (problems->len == 0 && good->len > 0)
    {
      add_imported (self, good);
      return;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = sertel_csv_problem_format (g_ptr_array_index (problems, i));
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
    }
  dialog = adw_message_dialog_new (parent_window (self), _("Problems in the Employee List"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "%u row can be added; the rows below cannot, and are left out. Correct them in the file and import it again, or add those people by hand.",
                                               "%u rows can be added; the rows below cannot, and are left out. Correct them in the file and import it again, or add those people by hand.",
                                               good->len), good->len);
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();
    GtkWidget *label = gtk_label_new (text->str);

    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_selectable (GTK_LABEL (label), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (good->len > 0)
    {
      g_autofree char *add = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Add %u Applicant", "_Add %u Applicants",
                                                           good->len), good->len);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "add", add);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data = g_new0 (ImportData, 1);
  data->self = g_object_ref (self);
  data->applicants = g_steal_pointer (&good);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sertel_intake_page_import_csv_file (SertelIntakePage *self, GFile *file)
{
  g_return_if_fail (SERTEL_IS_INTAKE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  self->busy++;
  update_actions (self);
  g_file_load_contents_async (file, self->cancellable, csv_loaded, g_object_ref (self));
}

static void
csv_chooser_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  g_autoptr(SertelIntakePage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        sertel_intake_page_import_csv_file (self, file);
    }
  g_object_unref (dialog);
}

static void
import_csv_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  gtk_file_filter_set_name (filter, _("Employee list (CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  dialog = gtk_file_chooser_native_new (_("Import Employee List"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (csv_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------------------- */
/* Submission. */

typedef struct {
  SertelStore   *store;
  SertelStaff   *actor;
  SertelRequest *request;
  GPtrArray     *applicants;
  GPtrArray     *attachments;
  char          *draft_id;
} Submit;

static void
new_attachment_free (SertelNewAttachment *a)
{
  g_bytes_unref (a->data);
  g_free ((char *) a->file_name);
  g_free (a);
}

static void
submit_free (Submit *s)
{
  g_clear_object (&s->store);
  g_clear_object (&s->actor);
  g_clear_object (&s->request);
  g_clear_pointer (&s->applicants, g_ptr_array_unref);
  g_clear_pointer (&s->attachments, g_ptr_array_unref);
  g_free (s->draft_id);
  g_free (s);
}

static void
add_attachment (Submit *s, const char *kind, const char *name, GBytes *data, int index)
{
  SertelNewAttachment *a = g_new0 (SertelNewAttachment, 1);

  a->kind = kind;
  a->file_name = g_strdup (name ? name : kind);
  a->data = g_bytes_ref (data);
  a->applicant_index = index;
  g_ptr_array_add (s->attachments, a);
}

static void
submit_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Submit *s = data;
  g_autoptr(GError) error = NULL;
  gint64 id = sertel_store_create_request (s->store, s->actor, s->request, s->applicants, s->attachments, NULL, &error);

  /* Tell the applicants their request arrived: queued in the outbox, sent by
   * its worker; a failure to queue never undoes the intake. */
  if (id > 0)
    {
      g_autoptr(GError) mail_error = NULL;
      if (!sertel_notify_queue (s->store, s->actor, SERTEL_MAIL_RECEIVED, id, 0, NULL, NULL, &mail_error))
        g_message ("Notification for request %" G_GINT64_FORMAT " not queued: %s", id, mail_error->message);
    }

  if (id <= 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

static void
submit_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (source);
  Submit *s = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *msg = NULL;

  self->submitting = FALSE;
  if (error)
    {
      /* Nothing is lost: the form and its draft stay as they were. */
      g_free (self->submit_error);
      self->submit_error = g_strdup (error->message);
      update (self);
      toast (self, error->message);
      return;
    }

  if (s->draft_id)
    sertel_draft_delete (self->drafts_dir, s->draft_id, NULL);
  g_clear_pointer (&self->draft_id, g_free);
  clear_form (self);
  msg = g_strdup_printf (_("Request %s taken in."), sertel_request_get_letter_number (s->request));
  toast (self, msg);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-case", "x", id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
}

static void
submit_action (GtkWidget *widget, const char *name, GVariant *param)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (widget);
  g_autoptr(GPtrArray) rows = applicant_rows (self);
  g_autoptr(GTask) task = NULL;
  Submit *s;
  GDate date;
  char iso[16];
  guint sifat = adw_combo_row_get_selected (ADW_COMBO_ROW (self->sifat_row));

  update (self);
  if (self->problems > 0 || self->submitting || self->store == NULL || !parse_date (text_of (self->letter_date_row), &date))
    return;

  /* The draft is on disk before the register is touched. */
  sertel_intake_page_save_draft (self);

  s = g_new0 (Submit, 1);
  s->store = g_object_ref (self->store);
  s->actor = self->actor ? g_object_ref (self->actor) : NULL;
  s->draft_id = g_strdup (self->draft_id);
  s->request = sertel_request_new ();
  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &date);
  sertel_request_set_letter_number (s->request, text_of (self->letter_number_row));
  sertel_request_set_letter_date (s->request, iso);
  sertel_request_set_opd_name (s->request, text_of (self->opd_entry));
  sertel_request_set_sifat (s->request, sifat_keys[sifat < G_N_ELEMENTS (sifat_keys) ? sifat : 0]);
  sertel_request_set_perihal (s->request, text_of (self->perihal_row));
  s->applicants = g_ptr_array_new_with_free_func (g_object_unref);
  s->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) new_attachment_free);
  add_attachment (s, "letter", self->letter_name, self->letter_data, -1);
  for (guint i = 0; i < rows->len; i++)
    {
      SertelApplicantRow *row = g_ptr_array_index (rows, i);
      SertelApplicant *a = sertel_applicant_row_to_applicant (row);

      sertel_applicant_set_opd (a, text_of (self->opd_entry));
      g_ptr_array_add (s->applicants, a);
      add_attachment (s, "ktp", sertel_applicant_row_get_ktp_name (row), sertel_applicant_row_get_ktp_data (row), (int) i);
    }

  self->submitting = TRUE;
  g_clear_pointer (&self->submit_error, g_free);
  update (self);
  task = g_task_new (self, NULL, submit_done, NULL);
  g_task_set_source_tag (task, submit_action);
  g_task_set_task_data (task, s, (GDestroyNotify) submit_free);
  g_task_run_in_thread (task, submit_thread);
}

/* ------------------------------------------------------------------------- */
/* The OPD list for completion, read off the main thread. */

static void
opds_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *opds = sertel_store_list_opds (data, &error);

  if (opds == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, opds, (GDestroyNotify) g_ptr_array_unref);
}

static void
opds_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (source);
  g_autoptr(GPtrArray) opds = g_task_propagate_pointer (G_TASK (result), NULL);

  self->busy--;
  update_actions (self);
  if (opds == NULL)
    return;
  gtk_list_store_clear (self->opd_model);
  for (guint i = 0; i < opds->len; i++)
    gtk_list_store_insert_with_values (self->opd_model, NULL, -1, 0, g_ptr_array_index (opds, i), -1);
}

static void
load_opds (SertelIntakePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  self->busy++;
  task = g_task_new (self, self->cancellable, opds_done, NULL);
  g_task_set_source_tag (task, load_opds);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, opds_thread);
}

/* ------------------------------------------------------------------------- */

GtkWidget *
sertel_intake_page_new (void)
{
  return g_object_new (SERTEL_TYPE_INTAKE_PAGE, NULL);
}

guint
sertel_intake_page_count_problems (SertelIntakePage *self)
{
  g_return_val_if_fail (SERTEL_IS_INTAKE_PAGE (self), 0);
  return self->problems;
}

gboolean
sertel_intake_page_is_busy (SertelIntakePage *self)
{
  g_return_val_if_fail (SERTEL_IS_INTAKE_PAGE (self), FALSE);
  return self->busy > 0 || self->submitting;
}

static void
set_store (SertelIntakePage *self, SertelStore *store)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (!g_set_object (&self->store, store))
    return;
  rows = applicant_rows (self);
  for (guint i = 0; i < rows->len; i++)
    sertel_applicant_row_set_store (g_ptr_array_index (rows, i), store);
  load_opds (self);
  update (self);
}

static void
focus_leave (SertelIntakePage *self)
{
  /* Leaving the page: whatever was typed goes to disk now. */
  if (self->save_id)
    sertel_intake_page_save_draft (self);
}

static void
sertel_intake_page_constructed (GObject *object)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (object);

  G_OBJECT_CLASS (sertel_intake_page_parent_class)->constructed (object);
  if (self->drafts_dir == NULL)
    self->drafts_dir = sertel_draft_default_dir ();
  clear_form (self);
  restore_newest_draft (self);
}

static void
sertel_intake_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ACTOR: g_value_set_object (value, self->actor); break;
    case PROP_DRAFTS_DIR: g_value_set_string (value, self->drafts_dir); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_intake_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    case PROP_ACTOR:
      if (g_set_object (&self->actor, g_value_get_object (value)))
        update (self);
      break;
    case PROP_DRAFTS_DIR:
      g_free (self->drafts_dir);
      self->drafts_dir = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_intake_page_dispose (GObject *object)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (object);

  /* Closing the page with typing not yet saved: save it now. */
  if (self->save_id)
    sertel_intake_page_save_draft (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  /* AdwBin unparents its child itself; the template must not do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_INTAKE_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_object (&self->settings);
  g_clear_object (&self->opd_model);
  G_OBJECT_CLASS (sertel_intake_page_parent_class)->dispose (object);
}

static void
sertel_intake_page_finalize (GObject *object)
{
  SertelIntakePage *self = SERTEL_INTAKE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_clear_pointer (&self->letter_data, g_bytes_unref);
  g_free (self->letter_name);
  g_free (self->letter_error);
  g_free (self->submit_error);
  g_free (self->drafts_dir);
  g_free (self->draft_id);
  G_OBJECT_CLASS (sertel_intake_page_parent_class)->finalize (object);
}

static void
sertel_intake_page_class_init (SertelIntakePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sertel_intake_page_constructed;
  object_class->get_property = sertel_intake_page_get_property;
  object_class->set_property = sertel_intake_page_set_property;
  object_class->dispose = sertel_intake_page_dispose;
  object_class->finalize = sertel_intake_page_finalize;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] = g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* Where drafts are kept; the user data dir unless a test says otherwise. */
  properties[PROP_DRAFTS_DIR] = g_param_spec_string ("drafts-dir", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-intake-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SertelIntakePage, name)
  BIND (letter_number_row); BIND (letter_number_msg_row); BIND (letter_number_msg);
  BIND (letter_date_row); BIND (letter_date_msg_row); BIND (letter_date_msg);
  BIND (date_popover); BIND (calendar);
  BIND (opd_row); BIND (opd_entry); BIND (opd_msg_row); BIND (opd_msg);
  BIND (sifat_row);
  BIND (perihal_row); BIND (perihal_msg_row); BIND (perihal_msg);
  BIND (letter_file_row); BIND (letter_file_msg_row); BIND (letter_file_msg);
  BIND (applicants_box); BIND (status_label); BIND (submit_button); BIND (scroller);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed);
  gtk_widget_class_bind_template_callback (widget_class, day_selected);

  gtk_widget_class_install_action (widget_class, "intake.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "intake.add-applicant", NULL, add_applicant_action);
  gtk_widget_class_install_action (widget_class, "intake.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "intake.choose-letter", NULL, choose_letter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "intake.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "intake.submit", NULL);
}

static void
sertel_intake_page_init (SertelIntakePage *self)
{
  GtkEntryCompletion *completion;
  GtkDropTarget *drop;
  GtkEventController *focus;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->cancellable = g_cancellable_new ();
  self->touched = g_hash_table_new (NULL, NULL);
  self->settings = g_settings_new (APP_ID);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;

  sertel_field_limit_attach (self->letter_number_row, SERTEL_FIELD_LETTER_NUMBER);
  sertel_field_limit_attach (self->opd_entry, SERTEL_FIELD_LETTER_OPD);
  sertel_field_limit_attach (self->perihal_row, SERTEL_FIELD_PERIHAL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->opd_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("OPD that sent the letter"), -1);

  self->opd_model = gtk_list_store_new (1, G_TYPE_STRING);
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->opd_model));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_completion_set_inline_completion (completion, TRUE);
  gtk_entry_set_completion (GTK_ENTRY (self->opd_entry), completion);
  g_object_unref (completion);

  /* A letter dropped anywhere outside an applicant is the request letter. */
  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}
