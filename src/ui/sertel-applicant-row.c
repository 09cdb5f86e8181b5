/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-applicant-row.h"
#include "sertel-filetype.h"
#include "sertel-field-limit.h"
#include "sertel-identity.h"

struct _SertelApplicantRow
{
  AdwBin        parent_instance;

  AdwPreferencesGroup *group;
  GtkWidget    *remove_button;
  GtkWidget    *name_row, *name_msg_row, *name_msg;
  GtkWidget    *name_titled_row, *name_titled_msg_row, *name_titled_msg;
  GtkWidget    *nik_row, *nik_msg_row, *nik_msg;
  GtkWidget    *nip_row, *nip_msg_row, *nip_msg;
  GtkWidget    *pangkat_row, *pangkat_msg_row, *pangkat_msg;
  GtkWidget    *jabatan_row, *jabatan_msg_row, *jabatan_msg;
  GtkWidget    *unit_row, *unit_msg_row, *unit_msg;
  GtkWidget    *phone_row, *phone_msg_row, *phone_msg;
  GtkWidget    *email_row, *email_msg_row, *email_msg;
  GtkWidget    *ktp_row, *ktp_button, *ktp_msg_row, *ktp_msg;
  GtkWidget    *mismatch_bar, *mismatch_label, *reason_entry;
  GtkWidget    *duplicate_box, *duplicate_label;

  SertelStore  *store;
  char         *email_domain;
  gboolean      allow_subdomains;
  gsize         max_scan_size;

  char         *ktp_name;
  GBytes       *ktp_data;
  char         *ktp_error;     /* why the last file offered was refused */
  gboolean      ktp_touched;

  GCancellable *cancellable;   /* file loads and duplicate look-ups */
  char         *dup_nik;       /* the NIK the duplicate warning is about */
  GHashTable   *touched;       /* rows the user has typed in */
  guint         problems;
  char         *first_problem;
  gboolean      loading;       /* filling from a draft: no "changed" per field */
};

G_DEFINE_FINAL_TYPE (SertelApplicantRow, sertel_applicant_row, ADW_TYPE_BIN)

enum { CHANGED, REMOVE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------- */
/* Scans, shared with the intake page. */

typedef struct {
  GFile *file;
  gsize  max_size;
  char  *name;
} ScanLoad;

static void
scan_load_free (ScanLoad *s)
{
  g_clear_object (&s->file);
  g_free (s->name);
  g_free (s);
}

static void
scan_load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ScanLoad *s = data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  info = g_file_query_info (s->file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  s->name = g_strdup (g_file_info_get_display_name (info));
  /* Refuse a huge file before reading it all into memory. */
  if (s->max_size > 0 && (guint64) g_file_info_get_size (info) > s->max_size)
    {
      guint8 probe[1] = { 0 };
      sertel_filetype_check (probe, (gsize) g_file_info_get_size (info), s->max_size, NULL, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_file_load_contents (s->file, cancellable, &contents, &len, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!sertel_filetype_check ((const guint8 *) contents, len, s->max_size, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_bytes_new_take (g_steal_pointer (&contents), len), (GDestroyNotify) g_bytes_unref);
}

void
sertel_scan_load_async (GFile *file, gsize max_size, GCancellable *cancellable,
                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ScanLoad *s = g_new0 (ScanLoad, 1);

  g_return_if_fail (G_IS_FILE (file));
  s->file = g_object_ref (file);
  s->max_size = max_size;
  g_task_set_source_tag (task, sertel_scan_load_async);
  g_task_set_task_data (task, s, (GDestroyNotify) scan_load_free);
  g_task_run_in_thread (task, scan_load_thread);
}

GBytes *
sertel_scan_load_finish (GAsyncResult *result, char **out_name, GError **error)
{
  ScanLoad *s = g_task_get_task_data (G_TASK (result));

  if (out_name)
    *out_name = g_strdup (s->name);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
sertel_scan_describe (const char *name, GBytes *data)
{
  g_autofree char *size = g_format_size (g_bytes_get_size (data));
  const char *kind = sertel_filetype_mime (sertel_filetype_detect (g_bytes_get_data (data, NULL), g_bytes_get_size (data)));

  /* TRANSLATORS: a chosen file: its name, size and type, e.g. "ktp.png — 120 kB, image/png" */
  return g_strdup_printf (_("%s — %s, %s"), name ? name : "", size, kind ? kind : "");
}

GFile *
sertel_scan_file_from_drop (const GValue *value)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);
      return files ? files->data : NULL;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    return g_value_get_object (value);
  return NULL;
}

GtkFileFilter *
sertel_scan_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDF, JPEG or PNG"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  gtk_file_filter_add_suffix (filter, "png");
  return filter;
}

/* ------------------------------------------------------------------------- */

static const char *
text_of (GtkWidget *editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
dup_or_null (GtkWidget *editable)
{
  const char *t = text_of (editable);
  return *t ? g_strdup (t) : NULL;
}

static void
set_text (GtkWidget *editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text ? text : "");
}

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
add_problem (SertelApplicantRow *self, const char *text)
{
  self->problems++;
  if (self->first_problem == NULL)
    self->first_problem = g_strdup (text);
}

static gboolean
is_touched (SertelApplicantRow *self, GtkWidget *row)
{
  return *text_of (row) != '\0' || g_hash_table_contains (self->touched, row);
}

static void duplicates_lookup (SertelApplicantRow *self, const char *nik);

/* Shows the problem of a field checked by its own rule (@rule_error, may be
 * NULL), after the one of text cut at the field's limit. */
static void
checked (SertelApplicantRow *self, GtkWidget *row, GtkWidget *msg_row, GtkWidget *msg,
         SertelField field, const GError *rule_error)
{
  g_autofree char *problem = sertel_field_limit_cut_message (row, field);

  if (problem == NULL && rule_error != NULL)
    problem = g_strdup (rule_error->message);
  if (problem)
    add_problem (self, problem);
  show_message (row, msg_row, msg, problem && is_touched (self, row) ? problem : NULL);
}

/* Runs every check of the row, shows each problem under its field, and
 * counts the ones that block the submission. */
static void
validate (SertelApplicantRow *self)
{
  g_autoptr(GError) name_error = NULL;
  g_autoptr(GError) nik_error = NULL;
  g_autoptr(GError) nip_error = NULL;
  g_autoptr(GError) email_error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  SertelNik nik;
  SertelNip nip;
  gboolean nik_ok, nip_ok;
  const char *ktp_text = NULL;

  self->problems = 0;
  g_clear_pointer (&self->first_problem, g_free);

  name = sertel_name_normalize (text_of (self->name_row), &name_error);
  checked (self, self->name_row, self->name_msg_row, self->name_msg, SERTEL_FIELD_NAME, name_error);

  nip_ok = sertel_nip_parse (text_of (self->nip_row), &nip, &nip_error);
  checked (self, self->nip_row, self->nip_msg_row, self->nip_msg, SERTEL_FIELD_NIP, nip_error);

  nik_ok = sertel_nik_parse (text_of (self->nik_row), nip_ok ? (int) g_date_get_year (&nip.birth) : 0,
                             &nik, &nik_error);
  checked (self, self->nik_row, self->nik_msg_row, self->nik_msg, SERTEL_FIELD_NIK, nik_error);

  sertel_email_check (text_of (self->email_row), self->email_domain, self->allow_subdomains, &email_error);
  checked (self, self->email_row, self->email_msg_row, self->email_msg, SERTEL_FIELD_EMAIL, email_error);

  /* The other fields: the register's limits and cleaning, shown at the
   * field (a paste cut at the limit too). */
  {
    const struct { GtkWidget *row, *msg_row, *msg; SertelField field; } free_text[] = {
      { self->name_titled_row, self->name_titled_msg_row, self->name_titled_msg, SERTEL_FIELD_NAME_TITLED },
      { self->pangkat_row, self->pangkat_msg_row, self->pangkat_msg, SERTEL_FIELD_PANGKAT },
      { self->jabatan_row, self->jabatan_msg_row, self->jabatan_msg, SERTEL_FIELD_JABATAN },
      { self->unit_row, self->unit_msg_row, self->unit_msg, SERTEL_FIELD_UNIT_KERJA },
      { self->phone_row, self->phone_msg_row, self->phone_msg, SERTEL_FIELD_PHONE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (free_text); i++)
      {
        g_autofree char *problem = sertel_field_limit_check (free_text[i].row, free_text[i].field, FALSE);

        /* The name with titles follows the rules of a name. */
        if (problem == NULL && free_text[i].field == SERTEL_FIELD_NAME_TITLED && *text_of (free_text[i].row))
          {
            g_autoptr(GError) titled_error = NULL;
            g_autofree char *titled = sertel_name_normalize (text_of (free_text[i].row), &titled_error);
            if (titled == NULL)
              problem = g_strdup (titled_error->message);
          }
        if (problem)
          add_problem (self, problem);
        show_message (free_text[i].row, free_text[i].msg_row, free_text[i].msg,
                      problem && is_touched (self, free_text[i].row) ? problem : NULL);
      }
  }

  if (self->ktp_error)
    ktp_text = self->ktp_error;
  else if (self->ktp_data == NULL)
    ktp_text = _("Attach the scan of the applicant's KTP.");
  if (ktp_text)
    add_problem (self, ktp_text);
  show_message (self->ktp_row, self->ktp_msg_row, self->ktp_msg,
                ktp_text && (self->ktp_touched || self->ktp_error) ? ktp_text : NULL);

  /* A disagreement is loud, and goes on only with a written reason. */
  findings = nik_ok && nip_ok ? sertel_identity_cross_check (&nik, &nip) : NULL;
  if (findings && findings->len > 0)
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      for (guint i = 0; i < findings->len; i++)
        {
          SertelFinding *f = g_ptr_array_index (findings, i);
          if (msg->len)
            g_string_append_c (msg, '\n');
          g_string_append (msg, f->message);
        }
      gtk_label_set_text (GTK_LABEL (self->mismatch_label), msg->str);
      gtk_widget_set_visible (self->mismatch_bar, TRUE);
      gtk_widget_add_css_class (self->nik_row, "warning");
      gtk_widget_add_css_class (self->nip_row, "warning");
      g_autofree char *reason = g_strstrip (g_strdup (text_of (self->reason_entry)));

      g_autofree char *reason_problem = sertel_field_limit_check (self->reason_entry, SERTEL_FIELD_MISMATCH_REASON, FALSE);

      if (reason_problem)
        {
          add_problem (self, reason_problem);
          gtk_widget_add_css_class (self->reason_entry, "error");
          gtk_widget_set_tooltip_text (self->reason_entry, reason_problem);
        }
      else if (*reason == '\0')
        {
          g_autofree char *need = g_strdup_printf (_("%s Write the reason to go on, or correct the numbers."), msg->str);
          add_problem (self, need);
          gtk_widget_add_css_class (self->reason_entry, "error");
          gtk_widget_set_tooltip_text (self->reason_entry, NULL);
        }
      else
        {
          gtk_widget_remove_css_class (self->reason_entry, "error");
          gtk_widget_set_tooltip_text (self->reason_entry, NULL);
        }
    }
  else
    {
      gtk_widget_set_visible (self->mismatch_bar, FALSE);
      gtk_widget_remove_css_class (self->nik_row, "warning");
      gtk_widget_remove_css_class (self->nip_row, "warning");
    }

  if (nik_ok)
    duplicates_lookup (self, nik.digits);
  else
    {
      g_clear_pointer (&self->dup_nik, g_free);
      gtk_widget_set_visible (self->duplicate_box, FALSE);
    }
}

static void
changed (SertelApplicantRow *self)
{
  validate (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
field_changed (SertelApplicantRow *self, GtkEditable *editable)
{
  if (!self->loading)
    g_hash_table_add (self->touched, editable);
  changed (self);
}

static void
remove_clicked (SertelApplicantRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

/* ------------------------------------------------------------------------- */
/* Duplicates: the register is asked off the main thread. */

static void
dup_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SertelStore *store = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GPtrArray *dups = sertel_store_find_duplicates (store, g_object_get_data (G_OBJECT (task), "nik"), 0, &error);

  if (dups == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, dups, (GDestroyNotify) g_ptr_array_unref);
}

static void
dup_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SertelApplicantRow *self = SERTEL_APPLICANT_ROW (source);
  g_autoptr(GPtrArray) dups = g_task_propagate_pointer (G_TASK (result), NULL);
  const char *nik = g_object_get_data (G_OBJECT (result), "nik");
  g_autofree char *text = NULL;

  if (g_task_had_error (G_TASK (result)) || g_strcmp0 (nik, self->dup_nik) != 0)
    return;
  if (dups && dups->len > 0)
    {
      g_ptr_array_add (dups, NULL);
      text = g_strjoinv ("\n", (char **) dups->pdata);
    }
  gtk_label_set_text (GTK_LABEL (self->duplicate_label), text ? text : "");
  gtk_widget_set_visible (self->duplicate_box, text != NULL);
}

static void
duplicates_lookup (SertelApplicantRow *self, const char *nik)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || g_strcmp0 (nik, self->dup_nik) == 0)
    return;
  g_free (self->dup_nik);
  self->dup_nik = g_strdup (nik);
  gtk_widget_set_visible (self->duplicate_box, FALSE);
  task = g_task_new (self, self->cancellable, dup_done, NULL);
  g_task_set_source_tag (task, duplicates_lookup);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "nik", g_strdup (nik), g_free);
  g_task_run_in_thread (task, dup_thread);
}

/* ------------------------------------------------------------------------- */
/* The KTP scan. */

gboolean
sertel_applicant_row_set_ktp_data (SertelApplicantRow *self, const char *file_name, GBytes *data, GError **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (SERTEL_IS_APPLICANT_ROW (self), FALSE);

  self->ktp_touched = TRUE;
  g_clear_pointer (&self->ktp_error, g_free);
  if (data && !sertel_filetype_check (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                      self->max_scan_size, NULL, &local))
    {
      self->ktp_error = g_strdup (local->message);
      changed (self);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_clear_pointer (&self->ktp_data, g_bytes_unref);
  g_clear_pointer (&self->ktp_name, g_free);
  if (data)
    {
      g_autofree char *desc = NULL;
      self->ktp_data = g_bytes_ref (data);
      self->ktp_name = g_strdup (file_name ? file_name : "ktp");
      desc = sertel_scan_describe (self->ktp_name, data);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ktp_row), desc);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ktp_row),
                                 _("No file yet: choose one or drop a PDF, JPEG or PNG here"));
  changed (self);
  return TRUE;
}

static void
ktp_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelApplicantRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) data = sertel_scan_load_finish (result, &name, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data == NULL)
    {
      self->ktp_touched = TRUE;
      g_free (self->ktp_error);
      self->ktp_error = g_strdup (error->message);
      changed (self);
      return;
    }
  sertel_applicant_row_set_ktp_data (self, name, data, NULL);
}

void
sertel_applicant_row_set_ktp_file (SertelApplicantRow *self, GFile *file)
{
  g_return_if_fail (SERTEL_IS_APPLICANT_ROW (self));
  g_return_if_fail (G_IS_FILE (file));

  sertel_scan_load_async (file, self->max_scan_size, self->cancellable, ktp_loaded, g_object_ref (self));
}

GBytes *
sertel_applicant_row_get_ktp_data (SertelApplicantRow *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT_ROW (self), NULL);
  return self->ktp_data;
}

const char *
sertel_applicant_row_get_ktp_name (SertelApplicantRow *self)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT_ROW (self), NULL);
  return self->ktp_name;
}

static void
ktp_chooser_response (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  g_autoptr(SertelApplicantRow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        sertel_applicant_row_set_ktp_file (self, file);
    }
  g_object_unref (dialog);
}

static void
choose_ktp_clicked (SertelApplicantRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = sertel_scan_filter ();

  dialog = gtk_file_chooser_native_new (_("Choose the KTP Scan"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (ktp_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, SertelApplicantRow *self)
{
  GFile *file = sertel_scan_file_from_drop (value);

  if (file == NULL)
    return FALSE;
  sertel_applicant_row_set_ktp_file (self, file);
  return TRUE;
}

/* ------------------------------------------------------------------------- */

void
sertel_applicant_row_set_position (SertelApplicantRow *self, guint position)
{
  g_autofree char *title = g_strdup_printf (_("Applicant %u"), position);
  g_autofree char *remove = g_strdup_printf (_("Remove applicant %u from the request"), position);

  g_return_if_fail (SERTEL_IS_APPLICANT_ROW (self));
  adw_preferences_group_set_title (self->group, title);
  gtk_widget_set_tooltip_text (self->remove_button, remove);
}

void
sertel_applicant_row_set_rules (SertelApplicantRow *self, const char *email_domain,
                                gboolean allow_subdomains, gsize max_scan_size)
{
  g_return_if_fail (SERTEL_IS_APPLICANT_ROW (self));
  g_free (self->email_domain);
  self->email_domain = g_strdup (email_domain);
  self->allow_subdomains = allow_subdomains;
  self->max_scan_size = max_scan_size;
  validate (self);
}

void
sertel_applicant_row_set_store (SertelApplicantRow *self, SertelStore *store)
{
  g_return_if_fail (SERTEL_IS_APPLICANT_ROW (self));
  if (g_set_object (&self->store, store))
    {
      g_clear_pointer (&self->dup_nik, g_free);
      validate (self);
    }
}

gboolean
sertel_applicant_row_is_blank (SertelApplicantRow *self)
{
  GtkWidget *rows[] = { self->name_row, self->name_titled_row, self->nik_row, self->nip_row, self->pangkat_row,
                        self->jabatan_row, self->unit_row, self->email_row, self->phone_row, self->reason_entry };

  g_return_val_if_fail (SERTEL_IS_APPLICANT_ROW (self), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*text_of (rows[i]))
      return FALSE;
  return self->ktp_data == NULL;
}

guint
sertel_applicant_row_count_problems (SertelApplicantRow *self, char **first)
{
  g_return_val_if_fail (SERTEL_IS_APPLICANT_ROW (self), 0);
  if (first)
    *first = g_strdup (self->first_problem);
  return self->problems;
}

void
sertel_applicant_row_load_draft (SertelApplicantRow *self, SertelDraftApplicant *a)
{
  g_return_if_fail (SERTEL_IS_APPLICANT_ROW (self));
  self->loading = TRUE;
  set_text (self->name_row, a->name);
  set_text (self->name_titled_row, a->name_titled);
  set_text (self->nik_row, a->nik);
  set_text (self->nip_row, a->nip);
  set_text (self->pangkat_row, a->pangkat);
  set_text (self->jabatan_row, a->jabatan);
  set_text (self->unit_row, a->unit_kerja);
  set_text (self->email_row, a->email);
  set_text (self->phone_row, a->phone);
  set_text (self->reason_entry, a->mismatch_reason);
  if (a->ktp_data)
    sertel_applicant_row_set_ktp_data (self, a->ktp_file_name, a->ktp_data, NULL);
  self->loading = FALSE;
  validate (self);
}

SertelDraftApplicant *
sertel_applicant_row_to_draft (SertelApplicantRow *self)
{
  SertelDraftApplicant *a = sertel_draft_applicant_new ();

  a->name = dup_or_null (self->name_row);
  a->name_titled = dup_or_null (self->name_titled_row);
  a->nik = dup_or_null (self->nik_row);
  a->nip = dup_or_null (self->nip_row);
  a->pangkat = dup_or_null (self->pangkat_row);
  a->jabatan = dup_or_null (self->jabatan_row);
  a->unit_kerja = dup_or_null (self->unit_row);
  a->email = dup_or_null (self->email_row);
  a->phone = dup_or_null (self->phone_row);
  a->mismatch_reason = dup_or_null (self->reason_entry);
  if (self->ktp_data)
    {
      a->ktp_data = g_bytes_ref (self->ktp_data);
      a->ktp_file_name = g_strdup (self->ktp_name);
    }
  return a;
}

void
sertel_applicant_row_load_applicant (SertelApplicantRow *self, SertelApplicant *a)
{
  g_return_if_fail (SERTEL_IS_APPLICANT_ROW (self));
  self->loading = TRUE;
  set_text (self->name_row, sertel_applicant_get_name (a));
  set_text (self->name_titled_row, sertel_applicant_get_name_titled (a));
  set_text (self->nik_row, sertel_applicant_get_nik (a));
  set_text (self->nip_row, sertel_applicant_get_nip (a));
  set_text (self->pangkat_row, sertel_applicant_get_pangkat (a));
  set_text (self->jabatan_row, sertel_applicant_get_jabatan (a));
  set_text (self->unit_row, sertel_applicant_get_unit_kerja (a));
  set_text (self->email_row, sertel_applicant_get_email (a));
  set_text (self->phone_row, sertel_applicant_get_phone (a));
  set_text (self->reason_entry, sertel_applicant_get_mismatch_reason (a));
  self->loading = FALSE;
  validate (self);
}

SertelApplicant *
sertel_applicant_row_to_applicant (SertelApplicantRow *self)
{
  SertelApplicant *a = sertel_applicant_new ();
  g_autofree char *reason = g_strstrip (g_strdup (text_of (self->reason_entry)));

  sertel_applicant_set_name (a, text_of (self->name_row));
  sertel_applicant_set_name_titled (a, text_of (self->name_titled_row));
  sertel_applicant_set_nik (a, text_of (self->nik_row));
  sertel_applicant_set_nip (a, text_of (self->nip_row));
  sertel_applicant_set_pangkat (a, text_of (self->pangkat_row));
  sertel_applicant_set_jabatan (a, text_of (self->jabatan_row));
  sertel_applicant_set_unit_kerja (a, text_of (self->unit_row));
  sertel_applicant_set_email (a, text_of (self->email_row));
  sertel_applicant_set_phone (a, text_of (self->phone_row));
  /* The reason counts only while the numbers disagree. */
  if (gtk_widget_get_visible (self->mismatch_bar) && *reason)
    sertel_applicant_set_mismatch_reason (a, reason);
  return a;
}

/* ------------------------------------------------------------------------- */

static void
sertel_applicant_row_dispose (GObject *object)
{
  SertelApplicantRow *self = SERTEL_APPLICANT_ROW (object);

  g_cancellable_cancel (self->cancellable);
  /* AdwBin unparents its child itself; the template must not do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_APPLICANT_ROW);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sertel_applicant_row_parent_class)->dispose (object);
}

static void
sertel_applicant_row_finalize (GObject *object)
{
  SertelApplicantRow *self = SERTEL_APPLICANT_ROW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ktp_data, g_bytes_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->ktp_name);
  g_free (self->ktp_error);
  g_free (self->email_domain);
  g_free (self->dup_nik);
  g_free (self->first_problem);
  G_OBJECT_CLASS (sertel_applicant_row_parent_class)->finalize (object);
}

static void
sertel_applicant_row_class_init (SertelApplicantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_applicant_row_dispose;
  object_class->finalize = sertel_applicant_row_finalize;

  /* Any field changed: the page recounts problems and saves the draft. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-applicant-row.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SertelApplicantRow, name)
  BIND (group); BIND (remove_button);
  BIND (name_row); BIND (name_msg_row); BIND (name_msg);
  BIND (name_titled_row); BIND (name_titled_msg_row); BIND (name_titled_msg);
  BIND (nik_row); BIND (nik_msg_row); BIND (nik_msg);
  BIND (nip_row); BIND (nip_msg_row); BIND (nip_msg);
  BIND (pangkat_row); BIND (pangkat_msg_row); BIND (pangkat_msg);
  BIND (jabatan_row); BIND (jabatan_msg_row); BIND (jabatan_msg);
  BIND (unit_row); BIND (unit_msg_row); BIND (unit_msg);
  BIND (phone_row); BIND (phone_msg_row); BIND (phone_msg);
  BIND (email_row); BIND (email_msg_row); BIND (email_msg);
  BIND (ktp_row); BIND (ktp_button); BIND (ktp_msg_row); BIND (ktp_msg);
  BIND (mismatch_bar); BIND (mismatch_label); BIND (reason_entry);
  BIND (duplicate_box); BIND (duplicate_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked);
  gtk_widget_class_bind_template_callback (widget_class, choose_ktp_clicked);
}

static void
sertel_applicant_row_init (SertelApplicantRow *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->cancellable = g_cancellable_new ();
  self->touched = g_hash_table_new (NULL, NULL);
  self->email_domain = g_strdup ("malutprov.go.id");
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;

  sertel_field_limit_attach (self->name_row, SERTEL_FIELD_NAME);
  sertel_field_limit_attach (self->name_titled_row, SERTEL_FIELD_NAME_TITLED);
  sertel_field_limit_attach (self->nik_row, SERTEL_FIELD_NIK);
  sertel_field_limit_attach (self->nip_row, SERTEL_FIELD_NIP);
  sertel_field_limit_attach (self->pangkat_row, SERTEL_FIELD_PANGKAT);
  sertel_field_limit_attach (self->jabatan_row, SERTEL_FIELD_JABATAN);
  sertel_field_limit_attach (self->unit_row, SERTEL_FIELD_UNIT_KERJA);
  sertel_field_limit_attach (self->email_row, SERTEL_FIELD_EMAIL);
  sertel_field_limit_attach (self->phone_row, SERTEL_FIELD_PHONE);
  sertel_field_limit_attach (self->reason_entry, SERTEL_FIELD_MISMATCH_REASON);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->ktp_row),
                               _("No file yet: choose one or drop a PDF, JPEG or PNG here"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason to go on despite the NIK/NIP mismatch"), -1);

  /* A KTP dropped on this applicant belongs to this applicant. */
  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  validate (self);
}

SertelApplicantRow *
sertel_applicant_row_new (void)
{
  return g_object_new (SERTEL_TYPE_APPLICANT_ROW, NULL);
}
