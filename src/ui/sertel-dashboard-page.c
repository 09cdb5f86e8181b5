/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-dashboard-page.h"
#include "sertel-export.h"
#include "sertel-print.h"
#include "sertel-report.h"
#include "sertel-store-query.h"
#include "sertel-store-report.h"

/* The queues in the order of the SOP, then all of them. */
static const SertelQueue tile_queues[] = {
  SERTEL_QUEUE_DISPOSITION, SERTEL_QUEUE_KABID, SERTEL_QUEUE_KASI, SERTEL_QUEUE_VERIFIKATOR,
  SERTEL_QUEUE_BSRE, SERTEL_QUEUE_RETURNED, SERTEL_QUEUE_COMPLETED, SERTEL_QUEUE_ALL,
};

typedef struct {
  guint            counts[SERTEL_N_QUEUES];
  guint            overdue[SERTEL_N_QUEUES];
  gint64           month_start[SERTEL_REPORT_MONTHS + 1];
  guint            month_requests[SERTEL_REPORT_MONTHS];
  guint            month_issued[SERTEL_REPORT_MONTHS];
  SertelReportStep steps[SERTEL_N_STEPS];
} Data;

struct _SertelDashboardPage
{
  AdwBin        parent_instance;

  SertelStore  *store;
  SertelStaff  *actor;
  GCancellable *cancellable;
  Data         *data;          /* NULL until the first load */
  gboolean      loading;
  gboolean      busy;          /* an export or a report is being made */

  GtkSpinner   *spinner;
  GtkLabel     *progress_label;
  GtkDropDown  *period_dropdown;
  GtkBox       *summary_box;
  GtkFlowBox   *queue_box;
  GtkWidget    *month_chart;
  GtkLabel     *compliance_caption;
  GtkListBox   *compliance_list;

  GtkLabel     *open_value;
  GtkLabel     *overdue_value;
  GtkLabel     *issued_value;
  GtkWidget    *tiles[SERTEL_N_QUEUES];
  GtkLabel     *tile_counts[SERTEL_N_QUEUES];
  GtkLabel     *tile_overdue[SERTEL_N_QUEUES];
  AdwActionRow *step_rows[SERTEL_N_STEPS];
  GtkLevelBar  *step_bars[SERTEL_N_STEPS];
  GtkLabel     *step_percent[SERTEL_N_STEPS];
};

G_DEFINE_FINAL_TYPE (SertelDashboardPage, sertel_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------- */
/* Loading */

static void
load_thread (GTask *task, gpointer source G_GNUC_UNUSED, gpointer task_data, GCancellable *cancellable)
{
  SertelStore *store = task_data;
  g_autofree Data *d = g_new0 (Data, 1);
  GError *error = NULL;

  if (!sertel_store_count_queues (store, d->counts, d->overdue, &error) ||
      !sertel_store_report_monthly (store, sertel_store_now (store), d->month_start, d->month_requests,
                                    d->month_issued, &error) ||
      g_cancellable_is_cancelled (cancellable) ||
      !sertel_store_report_compliance (store, d->month_start[0], d->month_start[SERTEL_REPORT_MONTHS], d->steps,
                                       &error))
    {
      if (error)
        g_task_return_error (task, error);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&d), g_free);
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%u", n);
}

static void
show_data (SertelDashboardPage *self)
{
  const Data *d = self->data;
  guint open = d->counts[SERTEL_QUEUE_ALL] - d->counts[SERTEL_QUEUE_COMPLETED] - d->counts[SERTEL_QUEUE_RETURNED];

  {
    g_autofree char *a = format_count (open);
    g_autofree char *b = format_count (d->overdue[SERTEL_QUEUE_ALL]);
    g_autofree char *c = format_count (d->month_issued[SERTEL_REPORT_MONTHS - 1]);

    gtk_label_set_text (self->open_value, a);
    gtk_label_set_text (self->overdue_value, b);
    gtk_label_set_text (self->issued_value, c);
    if (d->overdue[SERTEL_QUEUE_ALL] > 0)
      gtk_widget_add_css_class (GTK_WIDGET (self->overdue_value), "overdue");
    else
      gtk_widget_remove_css_class (GTK_WIDGET (self->overdue_value), "overdue");
  }

  for (guint i = 0; i < G_N_ELEMENTS (tile_queues); i++)
    {
      SertelQueue q = tile_queues[i];
      g_autofree char *count = format_count (d->counts[q]);
      g_autofree char *late = NULL;
      g_autofree char *a11y = NULL;

      gtk_label_set_text (self->tile_counts[q], count);
      if (d->overdue[q] > 0)
        late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue", "%u overdue", d->overdue[q]),
                                d->overdue[q]);
      gtk_label_set_text (self->tile_overdue[q], late ? late : "");
      gtk_widget_set_visible (GTK_WIDGET (self->tile_overdue[q]), late != NULL);
      a11y = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u case", "%s: %u cases", d->counts[q]),
                              sertel_queue_display_name (q), d->counts[q]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->tiles[q]), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
    }

  for (int s = 0; s < SERTEL_N_STEPS; s++)
    {
      const SertelReportStep *st = &d->steps[s];
      g_autofree char *limit = sertel_format_duration (sertel_workflow_step_limit ((SertelStep) s));
      g_autofree char *subtitle = NULL;
      g_autofree char *pct = NULL;

      if (st->measured > 0)
        {
          g_autofree char *median = sertel_format_duration (st->median);
          g_autofree char *slowest = sertel_format_duration (st->slowest);

          /* Translators: "3 of 4 within 15 min · median 7 min · slowest 30 min" */
          subtitle = g_strdup_printf (_("%u of %u within %s · median %s · slowest %s"), st->within, st->measured,
                                      limit, median, slowest);
          pct = g_strdup_printf ("%u %%", (guint) (100.0 * st->within / st->measured + 0.5));
          gtk_level_bar_set_value (self->step_bars[s], (double) st->within / st->measured);
        }
      else
        {
          subtitle = g_strdup_printf (_("No measurements yet · limit %s"), limit);
          pct = g_strdup ("–");
          gtk_level_bar_set_value (self->step_bars[s], 0);
        }
      adw_action_row_set_subtitle (self->step_rows[s], subtitle);
      gtk_label_set_text (self->step_percent[s], pct);
    }

  /* The chart's numbers for screen readers. */
  {
    GString *desc = g_string_new (NULL);

    for (guint m = 0; m < SERTEL_REPORT_MONTHS; m++)
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (d->month_start[m]);
        g_autofree char *month = g_date_time_format (dt, "%Y-%m");

        g_string_append_printf (desc, _("%s: %u requests, %u issued. "), month, d->month_requests[m],
                                d->month_issued[m]);
      }
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    desc->str, -1);
    g_string_free (desc, TRUE);
  }
  gtk_widget_queue_draw (self->month_chart);
}

static void
load_done (GObject *source G_GNUC_UNUSED, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Data *d = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (d == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  g_free (self->data);
  self->data = d;
  show_data (self);
}

void
sertel_dashboard_page_refresh (SertelDashboardPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_DASHBOARD_PAGE (self));

  /* A newer load replaces an older one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_spinner_start (self->spinner);
  task = g_task_new (NULL, self->cancellable, load_done, g_object_ref (self));
  g_task_set_source_tag (task, sertel_dashboard_page_refresh);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
sertel_dashboard_page_get_loading (SertelDashboardPage *self)
{
  g_return_val_if_fail (SERTEL_IS_DASHBOARD_PAGE (self), FALSE);
  return self->loading;
}

/* ------------------------------------------------------------------------- */
/* The chart */

static const char *
month_abbrev (int month)
{
  switch (month)
    {
    case 1:  return C_("abbreviated month", "Jan");
    case 2:  return C_("abbreviated month", "Feb");
    case 3:  return C_("abbreviated month", "Mar");
    case 4:  return C_("abbreviated month", "Apr");
    case 5:  return C_("abbreviated month", "May");
    case 6:  return C_("abbreviated month", "Jun");
    case 7:  return C_("abbreviated month", "Jul");
    case 8:  return C_("abbreviated month", "Aug");
    case 9:  return C_("abbreviated month", "Sep");
    case 10: return C_("abbreviated month", "Oct");
    case 11: return C_("abbreviated month", "Nov");
    case 12: return C_("abbreviated month", "Dec");
    default: return "";
    }
}

static guint
nice_top (guint max)
{
  guint step = 1;

  if (max <= 4)
    return 4;
  while (step * 4 < max)
    {
      if (step * 2 * 4 >= max)
        return step * 2 * 4;
      if (step * 5 * 4 >= max)
        return step * 5 * 4;
      step *= 10;
    }
  return step * 4;
}

static void
draw_text (GtkWidget *widget, cairo_t *cr, const char *text, double x, double y, double width,
           PangoAlignment align, gboolean small)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = NULL;

  if (small)
    {
      font = pango_font_description_new ();
      pango_font_description_set_size (font, 8 * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
    }
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, align);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
legend (GtkWidget *widget, cairo_t *cr, const GdkRGBA *fg, const GdkRGBA *color, double x, double y,
        const char *label)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_rectangle (cr, x, y + 4, 10, 10);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, fg);
  draw_text (widget, cr, label, x + 14, y, 220, PANGO_ALIGN_LEFT, FALSE);
}

static void
draw_month_chart (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  SertelDashboardPage *self = user_data;
  GtkWidget *widget = GTK_WIDGET (area);
  const Data *d = self->data;
  GdkRGBA fg, grid, req = { 0.21, 0.52, 0.89, 1 }, iss = { 0.15, 0.64, 0.41, 1 };
  double left = 40, top = 30, bottom = height - 36, right = width - 4, gw, bw;
  guint max = 0, top_value;

  if (d == NULL)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  grid = fg;
  grid.alpha = 0.15;

  legend (widget, cr, &fg, &req, left, 0, _("Requests received"));
  legend (widget, cr, &fg, &iss, left + 220, 0, _("Certificates issued"));

  for (guint m = 0; m < SERTEL_REPORT_MONTHS; m++)
    max = MAX (max, MAX (d->month_requests[m], d->month_issued[m]));
  top_value = nice_top (max);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i <= 4; i++)
    {
      double y = bottom - (bottom - top) * i / 4.0;
      g_autofree char *label = format_count (top_value * i / 4);

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_move_to (cr, left, (int) y + 0.5);
      cairo_line_to (cr, right, (int) y + 0.5);
      cairo_stroke (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (widget, cr, label, 0, y - 8, left - 6, PANGO_ALIGN_RIGHT, TRUE);
    }

  gw = (right - left) / SERTEL_REPORT_MONTHS;
  bw = MIN (gw * 0.34, 28);
  for (guint m = 0; m < SERTEL_REPORT_MONTHS; m++)
    {
      guint values[2] = { d->month_requests[m], d->month_issued[m] };
      double x = left + gw * m + (gw - 2 * bw) / 2;
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (d->month_start[m]);
      g_autofree char *label = g_strdup_printf ("%s\n%d", month_abbrev (g_date_time_get_month (dt)),
                                                g_date_time_get_year (dt));

      for (guint k = 0; k < 2; k++)
        {
          double h = (bottom - top) * values[k] / top_value;

          gdk_cairo_set_source_rgba (cr, k == 0 ? &req : &iss);
          cairo_rectangle (cr, x + k * bw, bottom - h, bw - 1, h);
          cairo_fill (cr);
        }
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (widget, cr, label, left + gw * m, bottom + 4, gw, PANGO_ALIGN_CENTER, TRUE);
    }
}


/* ------------------------------------------------------------------------- */
/* The report and the export of a period */

static void
update_actions (SertelDashboardPage *self)
{
  /* Exports hold personal data: only a signed-in member of staff with a
   * role, and the store refuses anyone else anyway. */
  gboolean can_export = self->store && self->actor && sertel_staff_get_role (self->actor) != SERTEL_ROLE_NONE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.print-report", self->store && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", can_export && !self->busy);
}

static void
set_busy (SertelDashboardPage *self, gboolean busy, const char *what)
{
  self->busy = busy;
  gtk_label_set_text (self->progress_label, busy && what ? what : "");
  if (busy)
    gtk_spinner_start (self->spinner);
  else if (!self->loading)
    gtk_spinner_stop (self->spinner);
  update_actions (self);
}

gboolean
sertel_dashboard_page_get_busy (SertelDashboardPage *self)
{
  g_return_val_if_fail (SERTEL_IS_DASHBOARD_PAGE (self), FALSE);
  return self->busy;
}

static gint64
local_month_start (int year, int month)
{
  g_autoptr(GDateTime) dt = NULL;

  while (month > 12)
    month -= 12, year++;
  while (month < 1)
    month += 12, year--;
  dt = g_date_time_new_local (year, month, 1, 0, 0, 0);
  return g_date_time_to_unix (dt);
}

void
sertel_dashboard_page_get_period (SertelDashboardPage *self, gint64 *out_from, gint64 *out_to)
{
  gint64 now = self->store ? sertel_store_now (self->store) : g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (now);
  int y = g_date_time_get_year (dt), m = g_date_time_get_month (dt), q = (m - 1) / 3 * 3 + 1;
  gint64 from, to;

  g_return_if_fail (SERTEL_IS_DASHBOARD_PAGE (self));

  switch (gtk_drop_down_get_selected (self->period_dropdown))
    {
    case 1:  from = local_month_start (y, m - 1); to = local_month_start (y, m); break;
    case 2:  from = local_month_start (y, q); to = local_month_start (y, q + 3); break;
    case 3:  sertel_report_year_of (now, &from, &to); break;
    case 0:
    default: sertel_report_month_of (now, &from, &to); break;
    }
  if (out_from)
    *out_from = from;
  if (out_to)
    *out_to = to;
}

/* The letterhead and signatory as set in Preferences, or the defaults. */
static SertelLetterSettings *
letter_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  if (schema != NULL && g_settings_schema_has_key (schema, "letter-paper"))
    {
      g_autoptr(GSettings) gs = g_settings_new (APP_ID);
      return sertel_letter_settings_new_from_gsettings (gs);
    }
  return sertel_letter_settings_new ();
}

typedef struct {
  SertelStore          *store;
  SertelStaff          *actor;
  SertelLetterSettings *settings;
  gint64                from;
  gint64                to;
  char                 *path;
  GWeakRef              page;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->actor);
  g_clear_pointer (&job->settings, sertel_letter_settings_free);
  g_free (job->path);
  g_weak_ref_clear (&job->page);
  g_free (job);
}

static Job *
job_new (SertelDashboardPage *self)
{
  Job *job = g_new0 (Job, 1);

  job->store = g_object_ref (self->store);
  job->actor = self->actor ? g_object_ref (self->actor) : NULL;
  g_weak_ref_init (&job->page, self);
  sertel_dashboard_page_get_period (self, &job->from, &job->to);
  return job;
}

static void
report_thread (GTask *task, gpointer source G_GNUC_UNUSED, gpointer task_data, GCancellable *cancellable G_GNUC_UNUSED)
{
  Job *job = task_data;
  GError *error = NULL;
  SertelLetterDoc *doc = sertel_report_doc_new_from_store (job->store, job->from, job->to, job->settings, &error);

  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) sertel_letter_doc_free);
}

static void
report_done (GObject *source G_GNUC_UNUSED, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelLetterDoc) doc = g_task_propagate_pointer (G_TASK (result), &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  set_busy (self, FALSE, NULL);
  if (doc == NULL || sertel_print_document (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, doc, &error)
                       == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      if (error)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
    }
}

static void
print_report_action (GtkWidget *widget, const char *action_name G_GNUC_UNUSED, GVariant *param G_GNUC_UNUSED)
{
  SertelDashboardPage *self = SERTEL_DASHBOARD_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->store == NULL || self->busy)
    return;
  job = job_new (self);
  job->settings = letter_settings ();
  set_busy (self, TRUE, _("Making the report…"));
  task = g_task_new (NULL, NULL, report_done, g_object_ref (self));
  g_task_set_source_tag (task, print_report_action);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, report_thread);
}

typedef struct {
  SertelDashboardPage *page;
  guint                rows;
} Progress;

static void
progress_free (Progress *p)
{
  g_clear_object (&p->page);
  g_free (p);
}

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;

  if (p->page->busy)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exporting… %u row",
                                                            "Exporting… %u rows", p->rows), p->rows);
      gtk_label_set_text (p->page->progress_label, text);
    }
  return G_SOURCE_REMOVE;
}

static void
export_progress (guint rows, gpointer user_data)
{
  Job *job = user_data;
  Progress *p;
  SertelDashboardPage *page = g_weak_ref_get (&job->page);

  if (page == NULL)
    return;
  /* From the export's thread to the main loop; the task keeps the page
   * alive until it is done, so the last unref is on the main thread. */
  p = g_new (Progress, 1);
  p->page = page;
  p->rows = rows;
  g_idle_add_full (G_PRIORITY_DEFAULT, show_progress, p, (GDestroyNotify) progress_free);
}

static void
export_thread (GTask *task, gpointer source G_GNUC_UNUSED, gpointer task_data, GCancellable *cancellable G_GNUC_UNUSED)
{
  Job *job = task_data;
  SertelExportScope scope = { job->from, job->to, NULL };
  GError *error = NULL;
  guint rows = 0;

  if (!sertel_export_xlsx (job->store, job->actor, &scope, job->path, export_progress, job, &rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, rows);
}

static void
export_done (GObject *source G_GNUC_UNUSED, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(SertelDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  gssize rows = g_task_propagate_int (G_TASK (result), &error);

  set_busy (self, FALSE, NULL);
  if (rows < 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (job->path);
      g_autofree char *msg = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u row to %s.",
                                                           "Exported %u rows to %s.", (gulong) rows),
                                              (guint) rows, name);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", msg);
    }
}

void
sertel_dashboard_page_export_to (SertelDashboardPage *self, const char *path)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SERTEL_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->store == NULL || self->busy)
    return;
  job = job_new (self);
  job->path = g_strdup (path);
  set_busy (self, TRUE, _("Exporting…"));
  /* Waits for the export even when the page goes: the file must not be
   * left half written. */
  task = g_task_new (NULL, NULL, export_done, g_object_ref (self));
  g_task_set_source_tag (task, sertel_dashboard_page_export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, SertelDashboardPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path)
        sertel_dashboard_page_export_to (self, path);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget *widget, const char *action_name G_GNUC_UNUSED, GVariant *param G_GNUC_UNUSED)
{
  SertelDashboardPage *self = SERTEL_DASHBOARD_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *name = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gint64 f, t;

  sertel_dashboard_page_get_period (self, &f, &t);
  from = g_date_time_new_from_unix_local (f);
  last = g_date_time_new_from_unix_local (t - 1);
  a = g_date_time_format (from, "%Y-%m-%d");
  b = g_date_time_format (last, "%Y-%m-%d");
  name = g_strdup_printf ("register-%s-%s.xlsx", a, b);

  dialog = gtk_file_chooser_native_new (_("Export the Register"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("Spreadsheets (XLSX)"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------------------- */
/* Building the widgets */

static void
on_tile_clicked (GtkButton *button, SertelDashboardPage *self)
{
  SertelQueue q = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sertel-queue"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-queue", "s", sertel_queue_to_string (q));
}

static GtkLabel *
summary_card (SertelDashboardPage *self, const char *caption, const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *value = gtk_label_new ("–");
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_name (box, name);
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (value, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (self->summary_box, box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return GTK_LABEL (value);
}

static void
build (SertelDashboardPage *self)
{
  self->open_value = summary_card (self, _("Open cases"), "summary-open");
  self->overdue_value = summary_card (self, _("Past the SOP time"), "summary-overdue");
  self->issued_value = summary_card (self, _("Certificates issued this month"), "summary-issued");

  for (guint i = 0; i < G_N_ELEMENTS (tile_queues); i++)
    {
      SertelQueue q = tile_queues[i];
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *count = gtk_label_new ("–");
      GtkWidget *name = gtk_label_new (sertel_queue_display_name (q));
      GtkWidget *late = gtk_label_new (NULL);
      g_autofree char *widget_name = g_strdup_printf ("queue-%s", sertel_queue_to_string (q));

      gtk_widget_add_css_class (button, "card");
      gtk_widget_set_name (button, widget_name);
      gtk_widget_add_css_class (count, "title-2");
      gtk_widget_add_css_class (count, "numeric");
      gtk_label_set_xalign (GTK_LABEL (count), 0);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (late), 0);
      gtk_widget_add_css_class (late, "overdue");
      gtk_widget_add_css_class (late, "caption");
      gtk_widget_set_visible (late, FALSE);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_widget_set_margin_start (box, 6);
      gtk_widget_set_margin_end (box, 6);
      gtk_box_append (GTK_BOX (box), count);
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), late);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_set_tooltip_text (button, _("Open this queue"));
      g_object_set_data (G_OBJECT (button), "sertel-queue", GUINT_TO_POINTER (q));
      g_signal_connect (button, "clicked", G_CALLBACK (on_tile_clicked), self);
      gtk_flow_box_append (self->queue_box, button);

      self->tiles[q] = button;
      self->tile_counts[q] = GTK_LABEL (count);
      self->tile_overdue[q] = GTK_LABEL (late);
    }

  for (int s = 0; s < SERTEL_N_STEPS; s++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
      GtkWidget *pct = gtk_label_new ("–");
      g_autofree char *title = g_strdup_printf ("%d. %s", s + 1, sertel_step_display_name ((SertelStep) s));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_size_request (bar, 160, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      /* Fully green only when every case kept the SOP time. */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW, 0.5);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH, 0.9);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
      gtk_widget_add_css_class (pct, "numeric");
      gtk_label_set_width_chars (GTK_LABEL (pct), 5);
      gtk_label_set_xalign (GTK_LABEL (pct), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pct);
      gtk_list_box_append (self->compliance_list, row);
      self->step_rows[s] = ADW_ACTION_ROW (row);
      self->step_bars[s] = GTK_LEVEL_BAR (bar);
      self->step_percent[s] = GTK_LABEL (pct);
    }

  gtk_label_set_text (self->compliance_caption,
                      _("Office time of each step for the requests received in the last 12 months; "
                        "a step still running counts once it is late."));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->month_chart), draw_month_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Requests and issued certificates per month"), -1);
}

/* ------------------------------------------------------------------------- */

static void
sertel_dashboard_page_dispose (GObject *object)
{
  SertelDashboardPage *self = SERTEL_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_DASHBOARD_PAGE);
  G_OBJECT_CLASS (sertel_dashboard_page_parent_class)->dispose (object);
}

static void
sertel_dashboard_page_finalize (GObject *object)
{
  SertelDashboardPage *self = SERTEL_DASHBOARD_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->data, g_free);
  G_OBJECT_CLASS (sertel_dashboard_page_parent_class)->finalize (object);
}

static void
sertel_dashboard_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SertelDashboardPage *self = SERTEL_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_dashboard_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  SertelDashboardPage *self = SERTEL_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sertel_dashboard_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_ACTOR:
      sertel_dashboard_page_set_actor (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_dashboard_page_class_init (SertelDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sertel_dashboard_page_dispose;
  object_class->finalize = sertel_dashboard_page_finalize;
  object_class->get_property = sertel_dashboard_page_get_property;
  object_class->set_property = sertel_dashboard_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR] =
    g_param_spec_object ("actor", NULL, NULL, SERTEL_TYPE_STAFF,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, period_dropdown);

  gtk_widget_class_install_action (widget_class, "dashboard.print-report", NULL, print_report_action);
  gtk_widget_class_install_action (widget_class, "dashboard.export", NULL, export_action);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, queue_box);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, month_chart);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, compliance_caption);
  gtk_widget_class_bind_template_child (widget_class, SertelDashboardPage, compliance_list);
}

static void
sertel_dashboard_page_init (SertelDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build (self);
  update_actions (self);
}

GtkWidget *
sertel_dashboard_page_new (void)
{
  return g_object_new (SERTEL_TYPE_DASHBOARD_PAGE, NULL);
}

SertelStore *
sertel_dashboard_page_get_store (SertelDashboardPage *self)
{
  g_return_val_if_fail (SERTEL_IS_DASHBOARD_PAGE (self), NULL);
  return self->store;
}

void
sertel_dashboard_page_set_store (SertelDashboardPage *self, SertelStore *store)
{
  g_return_if_fail (SERTEL_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (store == NULL || SERTEL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  update_actions (self);
  sertel_dashboard_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

SertelStaff *
sertel_dashboard_page_get_actor (SertelDashboardPage *self)
{
  g_return_val_if_fail (SERTEL_IS_DASHBOARD_PAGE (self), NULL);
  return self->actor;
}

void
sertel_dashboard_page_set_actor (SertelDashboardPage *self, SertelStaff *actor)
{
  g_return_if_fail (SERTEL_IS_DASHBOARD_PAGE (self));

  /* Every role sees the same counts; the actor is kept for the page
   * contract (and reloads, as a sign-in may follow a change). */
  if (!g_set_object (&self->actor, actor))
    return;
  update_actions (self);
  sertel_dashboard_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}
