/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sertel-report.h"

#define SIZE        10.0
#define TABLE_SIZE  8.5
#define CHART_SIZE  7.0
#define GAP         10.0

/* Chart colours: distinct also when printed in grey. */
#define REQ_RGB   0.13, 0.33, 0.60
#define ISS_RGB   0.45, 0.72, 0.38
#define GOOD_RGB  0.18, 0.52, 0.30
#define TRACK_RGB 0.90, 0.90, 0.90
#define GRID_RGB  0.80, 0.80, 0.80

typedef struct {
  SertelLetterDoc       parent;
  SertelLetterSettings *settings;
  SertelLetterLayout   *layout;
  SertelReport         *report;
  SertelLetterTable    *totals;
  SertelLetterTable    *reasons;
  SertelLetterTable    *opds;
  SertelLetterTable    *steps;
  SertelLetterTable    *cases;
} Report;

/* ------------------------------------------------------------------------- */
/* Indonesian words */

static const char * const month_short[] = {
  "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
};

char *
sertel_report_format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  /* Indonesian groups thousands with a dot. */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, '.');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
sertel_report_format_duration (gint64 seconds)
{
  gint64 s = ABS (seconds);
  const char *sign = seconds < 0 ? "-" : "";

  if (s < 60)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " detik", sign, s);
  if (s < 3600)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " menit", sign, s / 60);
  if (s < 86400)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " jam %02" G_GINT64_FORMAT " menit", sign, s / 3600,
                            (s % 3600) / 60);
  if (s % 86400 < 3600)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT " hari", sign, s / 86400);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT " hari %" G_GINT64_FORMAT " jam", sign, s / 86400,
                          (s % 86400) / 3600);
}

const char *
sertel_report_step_name (SertelStep step)
{
  switch (step)
    {
    case SERTEL_STEP_DISPOSITION:  return "Disposisi Kepala Dinas";
    case SERTEL_STEP_KABID:        return "Disposisi Kabid";
    case SERTEL_STEP_VERIFICATION: return "Verifikasi berkas (Kasi)";
    case SERTEL_STEP_REGISTRATION: return "Pendaftaran (Verifikator)";
    case SERTEL_N_STEPS:
    default:                       break;
    }
  return "";
}

static char *
format_day (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  return sertel_letter_format_date (dt);
}

static char *
short_day (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  return g_date_time_format (dt, "%d-%m-%Y");
}

char *
sertel_report_format_period (gint64 from, gint64 to)
{
  g_autofree char *a = format_day (from);
  g_autofree char *b = format_day (to - 1);

  if (g_str_equal (a, b))
    return g_steal_pointer (&a);
  return g_strdup_printf ("%s s.d. %s", a, b);
}

static char *
count (guint n)
{
  return sertel_report_format_count (n);
}

static char *
percent (guint part, guint whole)
{
  if (whole == 0)
    return g_strdup ("–");
  return g_strdup_printf ("%u%%", (guint) floor (100.0 * part / whole + 0.5));
}

/* ------------------------------------------------------------------------- */
/* Tables */

static void
add_row (SertelLetterTable *t, ...)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  va_list ap;
  char *cell;

  /* Owned strings, NULL-terminated. */
  va_start (ap, t);
  while ((cell = va_arg (ap, char *)) != NULL)
    g_ptr_array_add (cells, cell);
  va_end (ap);
  g_ptr_array_add (cells, NULL);
  sertel_letter_table_add_row (t, (const char * const *) cells->pdata);
}

static void
build_tables (Report *self)
{
  SertelLetterLayout *l = self->layout;
  SertelReport *r = self->report;
  double w = sertel_letter_layout_content_width (l);

  {
    static const SertelLetterColumn cols[] = {
      { "Uraian", 1, NULL, PANGO_ALIGN_LEFT },
      { "Permohonan", 0, "Permohonan 00", PANGO_ALIGN_RIGHT },
      { "Pemohon", 0, "Permohonan 00", PANGO_ALIGN_RIGHT },
    };
    self->totals = sertel_letter_table_new (l, w, TABLE_SIZE, cols, G_N_ELEMENTS (cols));
    add_row (self->totals, g_strdup ("Permohonan diterima"), count (r->requests_received),
             count (r->applicants_received), NULL);
    add_row (self->totals, g_strdup ("Direkomendasikan (Surat Rekomendasi)"), count (r->requests_recommended),
             count (r->applicants_recommended), NULL);
    add_row (self->totals, g_strdup ("Sertifikat elektronik terbit"), g_strdup ("–"),
             count (r->applicants_issued), NULL);
    add_row (self->totals, g_strdup ("Ditolak"), g_strdup ("–"), count (r->applicants_rejected), NULL);
    add_row (self->totals, g_strdup ("Dikembalikan ke OPD"), count (r->requests_returned), g_strdup ("–"), NULL);
    add_row (self->totals, g_strdup ("Masih dalam proses"), count (r->requests_open), count (r->applicants_open),
             NULL);
    add_row (self->totals, g_strdup ("Dalam proses, melewati waktu SOP"), count (r->requests_overdue),
             g_strdup ("–"), NULL);
  }

  if (r->rejections->len > 0)
    {
      static const SertelLetterColumn cols[] = {
        { "No", 0, "000", PANGO_ALIGN_RIGHT },
        { "Alasan penolakan", 1, NULL, PANGO_ALIGN_LEFT },
        { "Pemohon", 0, "Permohonan 00", PANGO_ALIGN_RIGHT },
      };
      self->reasons = sertel_letter_table_new (l, w, TABLE_SIZE, cols, G_N_ELEMENTS (cols));
      for (guint i = 0; i < r->rejections->len; i++)
        {
          SertelReportReason *reason = g_ptr_array_index (r->rejections, i);
          add_row (self->reasons, g_strdup_printf ("%u", i + 1), g_strdup (reason->reason), count (reason->count),
                   NULL);
        }
    }

  if (r->opds->len > 0)
    {
      static const SertelLetterColumn cols[] = {
        { "No", 0, "000", PANGO_ALIGN_RIGHT },
        { "OPD", 1, NULL, PANGO_ALIGN_LEFT },
        { "Permohonan", 0, "Permohonan 00", PANGO_ALIGN_RIGHT },
        { "Pemohon", 0, "Pemohon 00", PANGO_ALIGN_RIGHT },
        { "Terbit", 0, "100.000", PANGO_ALIGN_RIGHT },
        { "Ditolak", 0, "Ditolak 0", PANGO_ALIGN_RIGHT },
        { "Dalam proses", 0, "100.000", PANGO_ALIGN_RIGHT },
      };
      self->opds = sertel_letter_table_new (l, w, TABLE_SIZE, cols, G_N_ELEMENTS (cols));
      for (guint i = 0; i < r->opds->len; i++)
        {
          SertelReportOpd *o = g_ptr_array_index (r->opds, i);
          add_row (self->opds, g_strdup_printf ("%u", i + 1), g_strdup (o->opd), count (o->requests_received),
                   count (o->applicants_received), count (o->applicants_issued), count (o->applicants_rejected),
                   count (o->requests_open), NULL);
        }
    }

  {
    static const SertelLetterColumn cols[] = {
      { "Langkah SOP", 1, NULL, PANGO_ALIGN_LEFT },
      { "Waktu SOP", 0, "15 menit  ", PANGO_ALIGN_RIGHT },
      { "Diukur", 0, "Diukur 00", PANGO_ALIGN_RIGHT },
      { "Tepat waktu", 0, "Diukur 00", PANGO_ALIGN_RIGHT },
      { "%", 0, "100%", PANGO_ALIGN_RIGHT },
      { "Median", 0, "23 jam 59 menit", PANGO_ALIGN_RIGHT },
      { "Terlama", 0, "23 jam 59 menit", PANGO_ALIGN_RIGHT },
    };
    self->steps = sertel_letter_table_new (l, w, TABLE_SIZE, cols, G_N_ELEMENTS (cols));
    for (int s = 0; s < SERTEL_N_STEPS; s++)
      {
        const SertelReportStep *st = &r->steps[s];
        add_row (self->steps, g_strdup_printf ("%d. %s", s + 1, sertel_report_step_name ((SertelStep) s)),
                 sertel_report_format_duration (sertel_workflow_step_limit ((SertelStep) s)),
                 count (st->measured), count (st->within), percent (st->within, st->measured),
                 st->measured ? sertel_report_format_duration (st->median) : g_strdup ("–"),
                 st->measured ? sertel_report_format_duration (st->slowest) : g_strdup ("–"), NULL);
      }
  }

  if (r->open_cases->len > 0)
    {
      static const SertelLetterColumn cols[] = {
        { "No", 0, "000", PANGO_ALIGN_RIGHT },
        { "Nomor surat", 1.2, NULL, PANGO_ALIGN_LEFT },
        { "OPD", 1.1, NULL, PANGO_ALIGN_LEFT },
        { "Diterima", 0, "00-00-0000", PANGO_ALIGN_LEFT },
        { "Tahap", 1.5, NULL, PANGO_ALIGN_LEFT },
        { "Lama", 0, "000 hari 00 jam", PANGO_ALIGN_RIGHT },
        { "Ket.", 0, "Terlambat", PANGO_ALIGN_LEFT },
      };
      self->cases = sertel_letter_table_new (l, w, TABLE_SIZE, cols, G_N_ELEMENTS (cols));
      for (guint i = 0; i < r->open_cases->len; i++)
        {
          SertelReportCase *c = g_ptr_array_index (r->open_cases, i);
          add_row (self->cases, g_strdup_printf ("%u", i + 1), g_strdup (c->letter_number), g_strdup (c->opd),
                   short_day (c->received_at),
                   g_strdup (c->step >= 0 ? sertel_report_step_name ((SertelStep) c->step) : "Menunggu BSrE"),
                   c->step >= 0 ? sertel_report_format_duration (c->in_step) : g_strdup ("–"),
                   g_strdup (c->overdue ? "Terlambat" : ""), NULL);
        }
    }
}

/* ------------------------------------------------------------------------- */
/* Charts */

static void
chart_text (Report *self, cairo_t *cr, const char *str, double x, double y, double width,
            PangoAlignment align, gboolean bold)
{
  g_autoptr(PangoLayout) t = sertel_letter_layout_text (self->layout, str, FALSE, CHART_SIZE, bold, width,
                                                        align, FALSE);
  cairo_set_source_rgb (cr, 0, 0, 0);
  sertel_letter_draw_text (cr, t, x, y);
}

static guint
nice_max (guint max)
{
  guint step = 1;

  if (max <= 4)
    return 4;
  /* A round top so the four grid lines fall on round numbers. */
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
legend (Report *self, cairo_t *cr, double x, double y, double r, double g, double b, const char *label)
{
  cairo_set_source_rgb (cr, r, g, b);
  cairo_rectangle (cr, x, y + 1.5, 7, 7);
  cairo_fill (cr);
  chart_text (self, cr, label, x + 10, y, 120, PANGO_ALIGN_LEFT, FALSE);
}

#define MONTH_CHART_HEIGHT 180.0

static void
draw_month_chart (Report *self, cairo_t *cr, double x, double y, double w)
{
  SertelReport *r = self->report;
  double left = x + 30, top = y + 20, bottom = y + MONTH_CHART_HEIGHT - 26, right = x + w;
  double gw = (right - left) / SERTEL_REPORT_MONTHS, bw = gw * 0.32;
  guint max = 0, top_value;

  for (guint m = 0; m < SERTEL_REPORT_MONTHS; m++)
    max = MAX (max, MAX (r->month_requests[m], r->month_issued[m]));
  /* Headroom for the numbers above the tallest bar. */
  top_value = nice_max (max + (max + 3) / 4);

  legend (self, cr, left, y, REQ_RGB, "Permohonan diterima");
  legend (self, cr, left + 130, y, ISS_RGB, "Sertifikat terbit");

  /* Grid and scale. */
  cairo_set_line_width (cr, 0.4);
  for (guint i = 0; i <= 4; i++)
    {
      double gy = bottom - (bottom - top) * i / 4.0;
      g_autofree char *label = count (top_value * i / 4);

      cairo_set_source_rgb (cr, GRID_RGB);
      cairo_move_to (cr, left, gy);
      cairo_line_to (cr, right, gy);
      cairo_stroke (cr);
      chart_text (self, cr, label, x, gy - 5, 26, PANGO_ALIGN_RIGHT, FALSE);
    }

  for (guint m = 0; m < SERTEL_REPORT_MONTHS; m++)
    {
      guint values[2] = { r->month_requests[m], r->month_issued[m] };
      double gx = left + gw * m + (gw - 2 * bw) / 2;
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (r->month_start[m]);
      g_autofree char *label = g_strdup_printf ("%s\n%d", month_short[g_date_time_get_month (start) - 1],
                                                g_date_time_get_year (start));

      for (guint k = 0; k < 2; k++)
        {
          double h = (bottom - top) * values[k] / top_value, bx = gx + k * bw;

          if (k == 0)
            cairo_set_source_rgb (cr, REQ_RGB);
          else
            cairo_set_source_rgb (cr, ISS_RGB);
          cairo_rectangle (cr, bx, bottom - h, bw - 0.5, h);
          cairo_fill (cr);
          if (values[k] > 0)
            {
              /* Upright along the bar: "8.418" is wider than a bar. */
              g_autofree char *v = count (values[k]);
              g_autoptr(PangoLayout) t = sertel_letter_layout_text (self->layout, v, FALSE, 6, FALSE, -1,
                                                                    PANGO_ALIGN_LEFT, FALSE);
              cairo_save (cr);
              cairo_set_source_rgb (cr, 0, 0, 0);
              cairo_move_to (cr, bx + (bw - sertel_letter_text_height (t)) / 2, bottom - h - 2);
              cairo_rotate (cr, -G_PI / 2);
              pango_cairo_show_layout (cr, t);
              cairo_restore (cr);
            }
        }
      chart_text (self, cr, label, left + gw * m, bottom + 2, gw, PANGO_ALIGN_CENTER, FALSE);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);
}

#define STEP_ROW 20.0
#define STEP_CHART_HEIGHT (SERTEL_N_STEPS * STEP_ROW + 16.0)

static void
draw_step_chart (Report *self, cairo_t *cr, double x, double y, double w)
{
  SertelReport *r = self->report;
  double label_w = 170, value_w = 110, bar_x = x + label_w, bar_w = w - label_w - value_w;

  for (int s = 0; s < SERTEL_N_STEPS; s++)
    {
      const SertelReportStep *st = &r->steps[s];
      double ry = y + s * STEP_ROW;
      g_autofree char *label = g_strdup_printf ("%d. %s", s + 1, sertel_report_step_name ((SertelStep) s));
      g_autofree char *value = NULL;

      chart_text (self, cr, label, x, ry + 3, label_w - 6, PANGO_ALIGN_LEFT, FALSE);
      cairo_set_source_rgb (cr, TRACK_RGB);
      cairo_rectangle (cr, bar_x, ry + 2, bar_w, STEP_ROW - 6);
      cairo_fill (cr);
      if (st->measured > 0)
        {
          g_autofree char *pct = percent (st->within, st->measured);
          g_autofree char *within = count (st->within);
          g_autofree char *measured = count (st->measured);

          cairo_set_source_rgb (cr, GOOD_RGB);
          cairo_rectangle (cr, bar_x, ry + 2, bar_w * st->within / st->measured, STEP_ROW - 6);
          cairo_fill (cr);
          value = g_strdup_printf ("%s tepat waktu (%s dari %s)", pct, within, measured);
        }
      else
        value = g_strdup ("belum ada data");
      chart_text (self, cr, value, bar_x + bar_w + 6, ry + 3, value_w - 6, PANGO_ALIGN_LEFT, FALSE);
    }
  /* Scale under the bars. */
  for (guint i = 0; i <= 4; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u%%", i * 25);
      chart_text (self, cr, label, bar_x + bar_w * i / 4 - 15, y + SERTEL_N_STEPS * STEP_ROW, 30,
                  PANGO_ALIGN_CENTER, FALSE);
    }
}

/* ------------------------------------------------------------------------- */
/* The flow of the pages: one walk measures (cr NULL) or draws one page. */

typedef struct {
  Report  *self;
  cairo_t *cr;
  guint    target;
  guint    page;
  double   y;
} Walk;

static gboolean
drawing (Walk *w)
{
  return w->cr != NULL && w->page == w->target;
}

static double
bottom_of (Walk *w)
{
  return sertel_letter_layout_content_bottom (w->self->layout);
}

static void
new_page (Walk *w)
{
  w->page++;
  /* Room for "- 2 -" in the top margin is already outside the content. */
  w->y = w->self->layout->top;
  if (drawing (w))
    sertel_letter_draw_page_number (w->self->layout, w->cr, w->page + 1);
}

static void
ensure (Walk *w, double h)
{
  if (w->y + h > bottom_of (w) && w->y > w->self->layout->top + 1)
    new_page (w);
}

static void
text_block (Walk *w, const char *str, gboolean markup, double size, gboolean bold, PangoAlignment align,
            double keep_with_next)
{
  SertelLetterLayout *l = w->self->layout;
  g_autoptr(PangoLayout) t = sertel_letter_layout_text (l, str, markup, size, bold,
                                                        sertel_letter_layout_content_width (l), align, FALSE);
  double h = sertel_letter_text_height (t);

  ensure (w, h + keep_with_next);
  if (drawing (w))
    {
      cairo_set_source_rgb (w->cr, 0, 0, 0);
      sertel_letter_draw_text (w->cr, t, l->left, w->y);
    }
  w->y += h;
}

static void
heading (Walk *w, const char *str)
{
  w->y += GAP;
  /* A heading never ends a page alone: keep room for what follows. */
  text_block (w, str, FALSE, SIZE, TRUE, PANGO_ALIGN_LEFT, 110);
  w->y += 4;
}

static void
table (Walk *w, SertelLetterTable *t)
{
  guint n = sertel_letter_table_get_n_rows (t), first = 0;

  while (first < n)
    {
      double avail = bottom_of (w) - w->y;
      guint fit;

      if (sertel_letter_table_header_height (t) + sertel_letter_table_row_height (t, first) > avail &&
          w->y > w->self->layout->top + 1)
        {
          new_page (w);
          continue;
        }
      fit = sertel_letter_table_rows_fitting (t, first, avail);
      if (drawing (w))
        w->y += sertel_letter_table_draw (t, w->cr, w->self->layout->left, w->y, first, first + fit);
      else
        {
          w->y += sertel_letter_table_header_height (t);
          for (guint r = first; r < first + fit; r++)
            w->y += sertel_letter_table_row_height (t, r);
        }
      first += fit;
      if (first < n)
        new_page (w);
    }
}

static void
chart (Walk *w, double h, void (*draw) (Report *, cairo_t *, double, double, double))
{
  SertelLetterLayout *l = w->self->layout;

  ensure (w, h);
  if (drawing (w))
    {
      cairo_save (w->cr);
      draw (w->self, w->cr, l->left, w->y, sertel_letter_layout_content_width (l));
      cairo_restore (w->cr);
    }
  w->y += h;
}

static void
walk (Walk *w)
{
  Report *self = w->self;
  SertelLetterLayout *l = self->layout;
  SertelReport *r = self->report;
  g_autofree char *period = sertel_report_format_period (r->from, r->to);
  g_autofree char *period_line = g_strdup_printf ("Periode: %s", period);

  w->page = 0;
  w->y = sertel_letter_draw_kop (l, drawing (w) ? w->cr : NULL);
  text_block (w, SERTEL_REPORT_TITLE, FALSE, 12, TRUE, PANGO_ALIGN_CENTER, 0);
  w->y += 2;
  text_block (w, period_line, FALSE, SIZE, FALSE, PANGO_ALIGN_CENTER, 0);

  heading (w, "A. Rekapitulasi");
  table (w, self->totals);

  heading (w, "B. Penolakan menurut alasan");
  if (self->reasons)
    table (w, self->reasons);
  else
    text_block (w, "Tidak ada pemohon yang ditolak dalam periode ini.", FALSE, SIZE, FALSE, PANGO_ALIGN_LEFT, 0);

  heading (w, "C. Rekapitulasi per OPD");
  if (self->opds)
    table (w, self->opds);
  else
    text_block (w, "Tidak ada kegiatan dalam periode ini.", FALSE, SIZE, FALSE, PANGO_ALIGN_LEFT, 0);

  heading (w, "D. Permohonan dan penerbitan per bulan");
  chart (w, MONTH_CHART_HEIGHT, draw_month_chart);

  heading (w, "E. Kepatuhan waktu SOP per langkah");
  text_block (w, "Waktu kerja kantor tiap langkah untuk permohonan yang diterima dalam periode ini; "
                 "langkah yang masih berjalan dihitung bila sudah melewati waktu SOP.",
              FALSE, TABLE_SIZE, FALSE, PANGO_ALIGN_LEFT, 80);
  w->y += 4;
  table (w, self->steps);
  w->y += 8;
  chart (w, STEP_CHART_HEIGHT, draw_step_chart);

  heading (w, "F. Permohonan yang masih dalam proses");
  if (self->cases)
    {
      table (w, self->cases);
      if (r->requests_open > r->open_cases->len)
        {
          g_autofree char *shown = count (r->open_cases->len);
          g_autofree char *all = count (r->requests_open);
          g_autofree char *note = g_strdup_printf ("Ditampilkan %s dari %s permohonan (yang terlambat lebih dulu); "
                                                   "daftar lengkap ada pada ekspor register.", shown, all);
          w->y += 4;
          text_block (w, note, FALSE, TABLE_SIZE, FALSE, PANGO_ALIGN_LEFT, 0);
        }
    }
  else
    text_block (w, "Tidak ada permohonan yang masih dalam proses.", FALSE, SIZE, FALSE, PANGO_ALIGN_LEFT, 0);

  /* Place and date, then the signatory, kept together. */
  {
    g_autofree char *day = format_day (r->made_at);
    g_autofree char *place = g_strdup_printf ("%s, %s", self->settings->place ? self->settings->place : "", day);
    /* Where sertel_letter_draw_signature() puts the block, in its size. */
    double sig_w = sertel_letter_layout_content_width (l) * 0.48, sig_x = l->width - l->right - sig_w;
    g_autoptr(PangoLayout) t = sertel_letter_layout_text (l, place, FALSE, 11, FALSE, sig_w,
                                                          PANGO_ALIGN_LEFT, FALSE);
    double h = sertel_letter_text_height (t);

    w->y += 2 * GAP;
    ensure (w, h + sertel_letter_signature_height (l));
    if (drawing (w))
      {
        cairo_set_source_rgb (w->cr, 0, 0, 0);
        sertel_letter_draw_text (w->cr, t, sig_x, w->y);
        sertel_letter_draw_signature (l, w->cr, w->y + h);
      }
    w->y += h + sertel_letter_signature_height (l);
  }
}

static void
report_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint page)
{
  Walk w = { (Report *) doc, cr, page, 0, 0 };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  walk (&w);
  cairo_restore (cr);
}

static void
report_finalize (SertelLetterDoc *doc)
{
  Report *self = (Report *) doc;

  g_clear_pointer (&self->totals, sertel_letter_table_free);
  g_clear_pointer (&self->reasons, sertel_letter_table_free);
  g_clear_pointer (&self->opds, sertel_letter_table_free);
  g_clear_pointer (&self->steps, sertel_letter_table_free);
  g_clear_pointer (&self->cases, sertel_letter_table_free);
  g_clear_pointer (&self->report, sertel_report_free);
  g_clear_pointer (&self->layout, sertel_letter_layout_free);
  g_clear_pointer (&self->settings, sertel_letter_settings_free);
}

SertelLetterDoc *
sertel_report_doc_new (const SertelLetterSettings *settings, SertelReport *report)
{
  Report *self;
  Walk w = { 0 };

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (report != NULL, NULL);

  self = g_new0 (Report, 1);
  self->settings = sertel_letter_settings_copy (settings);
  self->layout = sertel_letter_layout_new (self->settings);
  self->report = report;
  build_tables (self);

  {
    g_autofree char *period = sertel_report_format_period (report->from, report->to);
    self->parent.title = g_strdup_printf ("Laporan Kegiatan %s", period);
  }
  self->parent.width = self->layout->width;
  self->parent.height = self->layout->height;
  self->parent.draw_page = report_draw_page;
  self->parent.finalize = report_finalize;

  /* Measure once to count the pages. */
  w.self = self;
  w.target = G_MAXUINT;
  walk (&w);
  self->parent.n_pages = w.page + 1;
  return &self->parent;
}

SertelLetterDoc *
sertel_report_doc_new_from_store (SertelStore *store, gint64 from, gint64 to,
                                  const SertelLetterSettings *settings, GError **error)
{
  SertelReport *report;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);

  report = sertel_store_report (store, from, to, error);
  if (report == NULL)
    return NULL;
  return sertel_report_doc_new (settings, report);
}
