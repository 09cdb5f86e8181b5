/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <string.h>

#include "sertel-disposition-sheet.h"

#define SIZE 10.0
#define PAD 5.0

/* One stage of the disposition (Kepala Dinas → Kabid, Kabid → Kasi). */
typedef struct {
  const char *heading;
  const char *forward_to;
  char       *by;            /* who and when, or NULL when not yet done */
  char      **instructions;
  char       *note;
} Stage;

typedef struct {
  SertelLetterDoc        parent;
  SertelLetterSettings *settings;
  SertelLetterLayout   *layout;
  SertelRequest        *request;
  Stage                 stages[2];
} Sheet;

static PangoLayout *
text (Sheet *self, const char *str, gboolean bold, double size, double width)
{
  return sertel_letter_layout_text (self->layout, str, FALSE, size, bold, width, PANGO_ALIGN_LEFT, FALSE);
}

static void
box (cairo_t *cr, double x, double y, double w, double h)
{
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
}

/* A check box with its label; returns the height used. */
static double
check (Sheet *self, cairo_t *cr, double x, double y, double width, const char *label, gboolean checked)
{
  g_autoptr(PangoLayout) l = text (self, label, FALSE, SIZE, width - 16);
  double h = sertel_letter_text_height (l);
  double s = 8, by = y + (MIN (h, 14) - s) / 2 + 0.5;

  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, x, by, s, s);
  cairo_stroke (cr);
  if (checked)
    {
      /* A drawn tick: no font needs to have the glyph. */
      cairo_set_line_width (cr, 1.4);
      cairo_move_to (cr, x + 1.6, by + s * 0.55);
      cairo_line_to (cr, x + s * 0.42, by + s - 1.6);
      cairo_line_to (cr, x + s - 1.2, by + 1.4);
      cairo_stroke (cr);
    }
  sertel_letter_draw_text (cr, l, x + 14, y);
  return h;
}

/* "Label : value" rows within a box column; returns the height. */
static double
field (Sheet *self, cairo_t *cr, double x, double y, double width, double label_w, const char *label,
       const char *value)
{
  g_autoptr(PangoLayout) l = text (self, label, FALSE, SIZE, label_w);
  g_autoptr(PangoLayout) c = text (self, ":", FALSE, SIZE, 8);
  g_autoptr(PangoLayout) v = text (self, value && *value ? value : "", FALSE, SIZE, width - label_w - 8);
  double h = MAX (sertel_letter_text_height (l), sertel_letter_text_height (v));

  if (cr)
    {
      sertel_letter_draw_text (cr, l, x, y);
      sertel_letter_draw_text (cr, c, x + label_w, y);
      sertel_letter_draw_text (cr, v, x + label_w + 8, y);
    }
  return h + 3;
}

static double
draw_stage (Sheet *self, cairo_t *cr, Stage *stage, double x, double y, double w)
{
  double half = w / 2, y0 = y, ly, ry;
  g_autoptr(PangoLayout) heading = text (self, stage->heading, TRUE, SIZE, w - 2 * PAD);
  g_autoptr(PangoLayout) note = NULL;
  g_autofree char *note_text = NULL;

  sertel_letter_draw_text (cr, heading, x + PAD, y + PAD);
  y += sertel_letter_text_height (heading) + PAD + 4;

  /* Left: to whom and by whom; right: the instructions. */
  ly = y;
  ly += field (self, cr, x + PAD, ly, half - 2 * PAD, 100, "Diteruskan kepada", stage->forward_to);
  ly += field (self, cr, x + PAD, ly, half - 2 * PAD, 100, "Oleh / tanggal",
               stage->by ? stage->by : "");
  ry = y;
  {
    g_autoptr(PangoLayout) harap = text (self, "Dengan hormat harap:", FALSE, SIZE, half - 2 * PAD);
    sertel_letter_draw_text (cr, harap, x + half + PAD, ry);
    ry += sertel_letter_text_height (harap) + 3;
  }
  for (const char * const *key = sertel_disposition_instruction_keys (); *key; key++)
    {
      gboolean on = stage->instructions && g_strv_contains ((const char * const *) stage->instructions,
                                                            *key);
      ry += check (self, cr, x + half + PAD, ry, half - 2 * PAD,
                   sertel_disposition_instruction_letter_label (*key), on) + 2;
    }
  /* Keys this sheet does not know are still shown, as they were chosen. */
  for (guint i = 0; stage->instructions && stage->instructions[i]; i++)
    if (*stage->instructions[i] && sertel_disposition_instruction_letter_label (stage->instructions[i]) == NULL)
      ry += check (self, cr, x + half + PAD, ry, half - 2 * PAD, stage->instructions[i], TRUE) + 2;

  y = MAX (ly, ry) + 2;
  cairo_move_to (cr, x + half, y0 + sertel_letter_text_height (heading) + PAD + 2);
  cairo_line_to (cr, x + half, y);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + w, y);
  cairo_stroke (cr);

  note_text = g_strdup_printf ("Catatan: %s", stage->note ? stage->note : "");
  note = text (self, note_text, FALSE, SIZE, w - 2 * PAD);
  /* A long note is cut with "…" rather than run off the sheet. */
  pango_layout_set_height (note, -6);
  pango_layout_set_ellipsize (note, PANGO_ELLIPSIZE_END);
  sertel_letter_draw_text (cr, note, x + PAD, y + PAD);
  y += MAX (sertel_letter_text_height (note) + 2 * PAD, 62);

  box (cr, x, y0, w, y - y0);
  return y - y0;
}

static void
sheet_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint page)
{
  Sheet *self = (Sheet *) doc;
  SertelLetterLayout *l = self->layout;
  SertelRequest *r = self->request;
  double x = l->left, w = sertel_letter_layout_content_width (l), half = w / 2;
  double y, y0, ly, ry;
  g_autoptr(PangoLayout) title = NULL;
  g_autofree char *letter_date = sertel_letter_format_iso_date (sertel_request_get_letter_date (r));
  g_autofree char *agenda = g_strdup_printf ("%05" G_GINT64_FORMAT, sertel_request_get_id (r));
  g_autofree char *received = NULL;
  const char *sifat = sertel_request_get_sifat (r);

  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (sertel_request_get_received_at (r));
    g_autofree char *day = sertel_letter_format_date (at);
    received = g_strdup_printf ("%s, pukul %02d.%02d", day, g_date_time_get_hour (at), g_date_time_get_minute (at));
  }

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = sertel_letter_draw_kop (l, cr);
  title = sertel_letter_layout_text (l, "<b>LEMBAR DISPOSISI</b>", TRUE, 13, FALSE, w, PANGO_ALIGN_CENTER, FALSE);
  sertel_letter_draw_text (cr, title, x, y);
  y += sertel_letter_text_height (title) + 10;

  /* The incoming letter. */
  y0 = y;
  ly = y + PAD;
  ly += field (self, cr, x + PAD, ly, half - 2 * PAD, 72, "Surat dari", sertel_request_get_opd_name (r));
  ly += field (self, cr, x + PAD, ly, half - 2 * PAD, 72, "Nomor surat", sertel_request_get_letter_number (r));
  ly += field (self, cr, x + PAD, ly, half - 2 * PAD, 72, "Tanggal surat", letter_date);
  ry = y + PAD;
  ry += field (self, cr, x + half + PAD, ry, half - 2 * PAD, 88, "Diterima tanggal", received);
  ry += field (self, cr, x + half + PAD, ry, half - 2 * PAD, 88, "Nomor agenda", agenda);
  y = MAX (ly, ry) + PAD - 3;
  cairo_move_to (cr, x + half, y0);
  cairo_line_to (cr, x + half, y);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);
  box (cr, x, y0, w, y - y0);

  /* Sifat and perihal across the sheet. */
  y0 = y;
  y += PAD;
  {
    static const char * const keys[] = { "sangat_segera", "segera", "rahasia", "biasa" };
    g_autoptr(PangoLayout) label = text (self, "Sifat", FALSE, SIZE, 72);
    g_autoptr(PangoLayout) colon = text (self, ":", FALSE, SIZE, 8);
    double cx = x + PAD + 80, h = 0;

    sertel_letter_draw_text (cr, label, x + PAD, y);
    sertel_letter_draw_text (cr, colon, x + PAD + 72, y);
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autoptr(PangoLayout) m = text (self, sertel_letter_sifat_display (keys[i]), FALSE, SIZE, -1);

        h = MAX (h, check (self, cr, cx, y, 200, sertel_letter_sifat_display (keys[i]),
                           g_strcmp0 (sifat, keys[i]) == 0));
        cx += 14 + sertel_letter_text_width (m) + 22;
      }
    y += h + 3;
  }
  y += field (self, cr, x + PAD, y, w - 2 * PAD, 72, "Perihal", sertel_request_get_perihal (r)) + PAD - 3;
  box (cr, x, y0, w, y - y0);

  y += 10;
  y += draw_stage (self, cr, &self->stages[0], x, y, w) + 10;
  draw_stage (self, cr, &self->stages[1], x, y, w);
}

static void
sheet_finalize (SertelLetterDoc *doc)
{
  Sheet *self = (Sheet *) doc;

  for (guint i = 0; i < G_N_ELEMENTS (self->stages); i++)
    {
      g_free (self->stages[i].by);
      g_strfreev (self->stages[i].instructions);
      g_free (self->stages[i].note);
    }
  g_clear_object (&self->request);
  g_clear_pointer (&self->layout, sertel_letter_layout_free);
  g_clear_pointer (&self->settings, sertel_letter_settings_free);
}

static void
stage_fill (Stage *stage, SertelTransitionRecord *t)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (t->at);
  g_autofree char *day = sertel_letter_format_date (at);

  g_free (stage->by);
  g_strfreev (stage->instructions);
  g_free (stage->note);
  stage->by = g_strdup_printf ("%s, %s pukul %02d.%02d", t->actor_name ? t->actor_name : "", day,
                               g_date_time_get_hour (at), g_date_time_get_minute (at));
  stage->instructions = g_strsplit (t->instructions ? t->instructions : "", ";", -1);
  stage->note = g_strdup (t->note);
}

SertelLetterDoc *
sertel_disposition_sheet_new (const SertelLetterSettings *settings,
                              SertelRequest              *request,
                              GPtrArray                  *transitions)
{
  Sheet *self;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (SERTEL_IS_REQUEST (request), NULL);

  self = g_new0 (Sheet, 1);
  self->settings = sertel_letter_settings_copy (settings);
  self->layout = sertel_letter_layout_new (self->settings);
  self->request = g_object_ref (request);
  self->stages[0].heading = "Disposisi Kepala Dinas";
  self->stages[0].forward_to = "Kepala Bidang Persandian dan Statistik";
  self->stages[1].heading = "Disposisi Kepala Bidang Persandian dan Statistik";
  self->stages[1].forward_to = "Kepala Seksi Persandian";

  /* The latest round counts: a returned and resubmitted request is
   * disposed again. */
  for (guint i = 0; transitions && i < transitions->len; i++)
    {
      SertelTransitionRecord *t = g_ptr_array_index (transitions, i);

      if (t->applicant_id != 0)
        continue;
      if (g_strcmp0 (t->action, sertel_action_to_string (SERTEL_ACTION_DISPOSE)) == 0)
        stage_fill (&self->stages[0], t);
      else if (g_strcmp0 (t->action, sertel_action_to_string (SERTEL_ACTION_FORWARD)) == 0)
        stage_fill (&self->stages[1], t);
    }

  self->parent.title = g_strdup_printf ("Lembar Disposisi %s", sertel_request_get_letter_number (request));
  self->parent.width = self->layout->width;
  self->parent.height = self->layout->height;
  self->parent.n_pages = 1;
  self->parent.draw_page = sheet_draw_page;
  self->parent.finalize = sheet_finalize;
  return &self->parent;
}

SertelLetterDoc *
sertel_disposition_sheet_new_from_store (SertelStore                *store,
                                         gint64                      request_id,
                                         const SertelLetterSettings *settings,
                                         GError                    **error)
{
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GPtrArray) transitions = NULL;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);

  request = sertel_store_get_request (store, request_id, error);
  if (request == NULL)
    return NULL;
  transitions = sertel_store_list_transitions (store, request_id, error);
  if (transitions == NULL)
    return NULL;
  return sertel_disposition_sheet_new (settings, request, transitions);
}

guint
sertel_disposition_sheet_n_pages (SertelLetterDoc *doc)
{
  return sertel_letter_doc_get_n_pages (doc);
}

void
sertel_disposition_sheet_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint page)
{
  sertel_letter_doc_draw_page (doc, cr, page);
}
