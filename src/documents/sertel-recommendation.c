/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-recommendation.h"
#include "sertel-store-letters.h"

#define BODY_SIZE 11.0
#define TABLE_SIZE 7.5
#define BLOCK_GAP 10.0

/* A piece of the letter that is never split across pages. */
typedef struct {
  GPtrArray *items;        /* Item */
  double     height;
  double     gap_after;
  gboolean   signature;
} Block;

typedef struct {
  PangoLayout *text;
  double       dx, dy;
} Item;

typedef enum { PAGE_LETTER, PAGE_LAMPIRAN } PageKind;

typedef struct {
  PageKind kind;
  guint    first, end;     /* blocks or table rows */
  gboolean signature;      /* lampiran: the signature goes under the table */
  gboolean title;          /* lampiran: the list's title (first lampiran page) */
} Page;

typedef struct {
  SertelLetterDoc        parent;
  SertelLetterSettings *settings;
  SertelLetterLayout   *layout;
  GPtrArray            *blocks;     /* Block* */
  GArray               *pages;      /* Page */
  SertelLetterTable    *table;
  GPtrArray            *heading;    /* Item: the lampiran heading, on every lampiran page */
  double                heading_height;
  PangoLayout          *title;
  guint                 n_lampiran;
  PangoLayout          *lampiran_value;  /* filled in once the pages are counted */
} Recommendation;

static void
item_free (gpointer data)
{
  Item *item = data;
  g_clear_object (&item->text);
  g_free (item);
}

static void
block_free (gpointer data)
{
  Block *b = data;
  g_ptr_array_unref (b->items);
  g_free (b);
}

static Block *
block_new (Recommendation *self, double gap_after)
{
  Block *b = g_new0 (Block, 1);
  b->items = g_ptr_array_new_with_free_func (item_free);
  b->gap_after = gap_after;
  g_ptr_array_add (self->blocks, b);
  return b;
}

/* Adds @text at (@dx, @dy) and grows the block; takes the layout. */
static PangoLayout *
block_add (Block *b, PangoLayout *text, double dx, double dy)
{
  Item *item = g_new0 (Item, 1);
  item->text = text;
  item->dx = dx;
  item->dy = dy;
  g_ptr_array_add (b->items, item);
  b->height = MAX (b->height, dy + sertel_letter_text_height (text));
  return text;
}

static PangoLayout *
text (Recommendation *self, const char *str, gboolean markup, double size, double width, PangoAlignment align)
{
  return sertel_letter_layout_text (self->layout, str, markup, size, FALSE, width, align, FALSE);
}

static PangoLayout *
paragraph (Recommendation *self, const char *str, double width)
{
  PangoLayout *p = sertel_letter_layout_text (self->layout, str, FALSE, BODY_SIZE, FALSE, width,
                                              PANGO_ALIGN_LEFT, TRUE);
  pango_layout_set_indent (p, (int) (36 * PANGO_SCALE));
  pango_layout_set_line_spacing (p, 1.2);
  return p;
}

/* Rows "label : value" as in the Nomor/Sifat/Lampiran/Hal block. */
static double
add_label_rows (Recommendation *self, Block *b, double y, double label_w, double value_w, double size,
                const char * const *labels, const char * const *values, PangoLayout **out_values)
{
  for (guint i = 0; labels[i]; i++)
    {
      PangoLayout *value;

      block_add (b, text (self, labels[i], FALSE, size, label_w, PANGO_ALIGN_LEFT), 0, y);
      block_add (b, text (self, ":", FALSE, size, 8, PANGO_ALIGN_LEFT), label_w, y);
      value = block_add (b, text (self, values[i], FALSE, size, value_w, PANGO_ALIGN_LEFT), label_w + 8, y);
      if (out_values)
        out_values[i] = value;
      y += sertel_letter_text_height (value);
    }
  return y;
}

static void
draw_items (cairo_t *cr, GPtrArray *items, double x, double y)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      sertel_letter_draw_text (cr, item->text, x + item->dx, y + item->dy);
    }
}

/* ------------------------------------------------------------------------- */

static void
build_letter (Recommendation *self, SertelRequest *request, guint n_applicants, const char *date_text)
{
  const SertelLetterSettings *s = self->settings;
  SertelLetterLayout *l = self->layout;
  double w = sertel_letter_layout_content_width (l);
  const char *number = sertel_request_get_recommendation_number (request);
  g_autofree char *letter_date = sertel_letter_format_iso_date (sertel_request_get_letter_date (request));
  g_autofree char *count_words = sertel_letter_number_in_words (n_applicants);
  g_autofree char *place_date = g_strdup_printf ("%s, %s", s->place ? s->place : "", date_text);
  g_autofree char *p1 = NULL, *p2 = NULL;
  PangoLayout *values[4] = { NULL };
  Block *b;
  double y;

  /* Place and date on the right. */
  b = block_new (self, 12);
  block_add (b, text (self, place_date, FALSE, BODY_SIZE, w, PANGO_ALIGN_RIGHT), 0, 0);

  /* Nomor, Sifat, Lampiran, Hal. The lampiran's page count is known only
   * after pagination; its row is re-set then (same height: one line). */
  b = block_new (self, 16);
  add_label_rows (self, b, 0, 62, w * 0.62, BODY_SIZE,
                  (const char * const[]) { "Nomor", "Sifat", "Lampiran", "Hal", NULL },
                  (const char * const[]) { number && *number ? number : "........................",
                                           sertel_letter_sifat_display (sertel_request_get_sifat (request)),
                                           "1 (satu) lembar",
                                           "Rekomendasi Penerbitan Sertifikat Elektronik", NULL },
                  values);
  self->lampiran_value = values[2];

  /* Yth. and the addressee, with its place. */
  b = block_new (self, 18);
  {
    g_autoptr(PangoLayout) yth = text (self, "Yth.", FALSE, BODY_SIZE, 60, PANGO_ALIGN_LEFT);
    double indent = sertel_letter_text_width (yth) + 5;

    block_add (b, g_steal_pointer (&yth), 0, 0);
    y = 0;
    for (guint i = 0; s->addressee && s->addressee[i]; i++)
      {
        PangoLayout *line = block_add (b, text (self, s->addressee[i], FALSE, BODY_SIZE, w * 0.8 - indent,
                                                PANGO_ALIGN_LEFT), indent, y);
        y += sertel_letter_text_height (line);
      }
    if (s->addressee_place && *s->addressee_place)
      block_add (b, text (self, s->addressee_place, FALSE, BODY_SIZE, w * 0.8 - indent, PANGO_ALIGN_LEFT),
                 indent, y);
  }

  /* Opening, content and closing. */
  p1 = g_strdup_printf ("Menindaklanjuti surat %s Nomor %s tanggal %s hal %s, dengan hormat kami sampaikan "
                        "bahwa berkas permohonan penerbitan sertifikat elektronik tersebut telah kami "
                        "verifikasi dan dinyatakan lengkap serta memenuhi ketentuan.",
                        sertel_request_get_opd_name (request), sertel_request_get_letter_number (request),
                        letter_date, sertel_request_get_perihal (request));
  p2 = g_strdup_printf ("Sehubungan dengan hal tersebut, kami merekomendasikan penerbitan sertifikat "
                        "elektronik bagi %u (%s) orang Aparatur Sipil Negara pada %s sebagaimana tercantum "
                        "dalam lampiran surat ini, untuk digunakan dalam penyelenggaraan Sistem Pemerintahan "
                        "Berbasis Elektronik di lingkungan %s.",
                        n_applicants, count_words, sertel_request_get_opd_name (request),
                        s->government ? s->government : "");
  b = block_new (self, 8);
  block_add (b, paragraph (self, p1, w), 0, 0);
  b = block_new (self, 8);
  block_add (b, paragraph (self, p2, w), 0, 0);
  b = block_new (self, 22);
  block_add (b, paragraph (self, "Demikian rekomendasi ini kami sampaikan. Atas perhatian dan kerja sama "
                                 "Bapak/Ibu, kami ucapkan terima kasih.", w), 0, 0);

  b = block_new (self, 20);
  b->signature = TRUE;
  b->height = sertel_letter_signature_height (l);

  if (s->tembusan && s->tembusan[0])
    {
      b = block_new (self, 0);
      y = sertel_letter_text_height (block_add (b, text (self, "Tembusan:", FALSE, 10, w, PANGO_ALIGN_LEFT), 0, 0));
      for (guint i = 0; s->tembusan[i]; i++)
        {
          g_autofree char *n = g_strdup_printf ("%u.", i + 1);
          PangoLayout *line;

          block_add (b, text (self, n, FALSE, 10, 16, PANGO_ALIGN_LEFT), 0, y);
          line = block_add (b, text (self, s->tembusan[i], FALSE, 10, w - 16, PANGO_ALIGN_LEFT), 16, y);
          y += sertel_letter_text_height (line);
        }
    }
}

static void
build_lampiran (Recommendation *self, SertelRequest *request, GPtrArray *applicants, const char *date_text)
{
  const SertelLetterSettings *s = self->settings;
  SertelLetterLayout *l = self->layout;
  double w = sertel_letter_layout_content_width (l);
  double hx = w * 0.42, hw = w - hx;
  const char *number = sertel_request_get_recommendation_number (request);
  g_autofree char *jabatan = g_utf8_strup (s->signatory_jabatan ? s->signatory_jabatan : "", -1);
  g_autofree char *surat = g_strdup_printf ("SURAT %s", jabatan);
  g_autofree char *date_up = g_utf8_strup (date_text, -1);
  g_autofree char *opd_up = g_utf8_strup (sertel_request_get_opd_name (request), -1);
  g_autofree char *title = NULL;
  Block heading = { g_ptr_array_new_with_free_func (item_free), 0, 0, FALSE };
  double y;
  static const SertelLetterColumn columns[] = {
    { "No", 0, "000", PANGO_ALIGN_CENTER },
    { "Nama", 1.2, NULL, PANGO_ALIGN_LEFT },
    { "NIP", 0, "000000000000000000", PANGO_ALIGN_LEFT },
    { "NIK", 0, "0000000000000000", PANGO_ALIGN_LEFT },
    { "Jabatan", 1.0, NULL, PANGO_ALIGN_LEFT },
    { "Unit Kerja", 0.9, NULL, PANGO_ALIGN_LEFT },
    { "E-mail", 1.45, NULL, PANGO_ALIGN_LEFT },
  };

  /* The heading that ties each lampiran page to its letter. */
  block_add (&heading, text (self, "LAMPIRAN", FALSE, 9, hw, PANGO_ALIGN_LEFT), hx, 0);
  y = heading.height;
  y += sertel_letter_text_height (block_add (&heading, text (self, surat, FALSE, 9, hw, PANGO_ALIGN_LEFT), hx, y));
  {
    Block rows = { g_ptr_array_new_with_free_func (item_free), 0, 0, FALSE };

    add_label_rows (self, &rows, 0, 52, hw - 60, 9,
                    (const char * const[]) { "NOMOR", "TANGGAL", "HAL", NULL },
                    (const char * const[]) { number && *number ? number : "........................", date_up,
                                             "REKOMENDASI PENERBITAN SERTIFIKAT ELEKTRONIK", NULL },
                    NULL);
    for (guint i = 0; i < rows.items->len; i++)
      {
        Item *item = g_ptr_array_index (rows.items, i);
        block_add (&heading, g_object_ref (item->text), hx + item->dx, y + item->dy);
      }
    g_ptr_array_unref (rows.items);
  }
  self->heading = heading.items;
  self->heading_height = heading.height + 14;

  title = g_markup_printf_escaped ("<b>DAFTAR APARATUR SIPIL NEGARA YANG DIREKOMENDASIKAN\n"
                                   "UNTUK PENERBITAN SERTIFIKAT ELEKTRONIK</b>\n%s", opd_up);
  self->title = sertel_letter_layout_text (l, title, TRUE, 10, FALSE, w, PANGO_ALIGN_CENTER, FALSE);

  self->table = sertel_letter_table_new (l, w, TABLE_SIZE, columns, G_N_ELEMENTS (columns));
  for (guint i = 0; i < applicants->len; i++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, i);
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      const char *name = sertel_applicant_get_name_titled (a);
      const char *cells[7];

      cells[0] = no;
      cells[1] = name && *name ? name : sertel_applicant_get_name (a);
      cells[2] = sertel_applicant_get_nip (a);
      cells[3] = sertel_applicant_get_nik (a);
      cells[4] = sertel_applicant_get_jabatan (a);
      cells[5] = sertel_applicant_get_unit_kerja (a);
      cells[6] = sertel_applicant_get_email (a);
      sertel_letter_table_add_row (self->table, cells);
    }
}

static void
paginate (Recommendation *self)
{
  SertelLetterLayout *l = self->layout;
  double bottom = sertel_letter_layout_content_bottom (l);
  double sig = sertel_letter_signature_height (l) + 24;
  double title_h = sertel_letter_text_height (self->title) + 10;
  double y = sertel_letter_draw_kop (l, NULL);
  Page page = { PAGE_LETTER, 0, 0, FALSE, FALSE };
  guint first = 0, n_rows = sertel_letter_table_get_n_rows (self->table);
  gboolean first_lampiran = TRUE;

  /* The letter: blocks in order, a block that does not fit starts a page. */
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (self->blocks, i);

      if (y + b->height > bottom && i > page.first)
        {
          page.end = i;
          g_array_append_val (self->pages, page);
          page.first = i;
          y = l->top;
        }
      y += b->height + b->gap_after;
    }
  page.end = self->blocks->len;
  g_array_append_val (self->pages, page);

  /* The lampiran: the heading on every page, whole rows, and the signature
   * under the last row (rows move on rather than leave it alone). */
  do
    {
      double avail = bottom - l->top - self->heading_height - (first_lampiran ? title_h : 0);
      guint n = n_rows > first ? sertel_letter_table_rows_fitting (self->table, first, avail) : 0;
      Page p = { PAGE_LAMPIRAN, first, first + n, FALSE, first_lampiran };

      if (first + n >= n_rows)
        {
          double used = sertel_letter_table_header_height (self->table);
          for (guint r = first; r < first + n; r++)
            used += sertel_letter_table_row_height (self->table, r);
          if (used + sig <= avail)
            p.signature = TRUE;
          else if (n > 1)
            {
              guint fewer = sertel_letter_table_rows_fitting (self->table, first, avail - sig);
              p.end = first + MIN (fewer, n - 1);
            }
        }
      g_array_append_val (self->pages, p);
      first = p.end;
      first_lampiran = FALSE;
      if (p.signature)
        break;
    }
  while (TRUE);

  {
    guint letters = 0;
    for (guint i = 0; i < self->pages->len; i++)
      letters += g_array_index (self->pages, Page, i).kind == PAGE_LETTER;
    self->n_lampiran = self->pages->len - letters;
  }

  /* Now the Lampiran line can say how many pages. */
  {
    g_autofree char *n_words = sertel_letter_number_in_words (self->n_lampiran);
    g_autofree char *value = g_strdup_printf ("%u (%s) lembar", self->n_lampiran, n_words);
    pango_layout_set_text (self->lampiran_value, value, -1);
  }
}

static void
recommendation_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint index)
{
  Recommendation *self = (Recommendation *) doc;
  SertelLetterLayout *l = self->layout;
  Page *page = &g_array_index (self->pages, Page, index);
  double x = l->left, y;

  /* White paper even where a viewer shows a transparent page. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  if (index > 0)
    sertel_letter_draw_page_number (l, cr, index + 1);

  if (page->kind == PAGE_LETTER)
    {
      y = index == 0 ? sertel_letter_draw_kop (l, cr) : l->top;
      for (guint i = page->first; i < page->end; i++)
        {
          Block *b = g_ptr_array_index (self->blocks, i);

          cairo_set_source_rgb (cr, 0, 0, 0);
          if (b->signature)
            sertel_letter_draw_signature (l, cr, y);
          else
            draw_items (cr, b->items, x, y);
          y += b->height + b->gap_after;
        }
      return;
    }

  y = l->top;
  draw_items (cr, self->heading, x, y);
  y += self->heading_height;
  if (page->title)
    {
      sertel_letter_draw_text (cr, self->title, x, y);
      y += sertel_letter_text_height (self->title) + 10;
    }
  if (page->end > page->first)
    y += sertel_letter_table_draw (self->table, cr, x, y, page->first, page->end);
  if (page->signature)
    sertel_letter_draw_signature (l, cr, y + 24);
}

static void
recommendation_finalize (SertelLetterDoc *doc)
{
  Recommendation *self = (Recommendation *) doc;

  g_clear_pointer (&self->table, sertel_letter_table_free);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->heading, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_object (&self->title);
  /* The layouts hold the Pango context of the page layout: free it last. */
  g_clear_pointer (&self->layout, sertel_letter_layout_free);
  g_clear_pointer (&self->settings, sertel_letter_settings_free);
}

SertelLetterDoc *
sertel_recommendation_new (const SertelLetterSettings *settings,
                           SertelRequest              *request,
                           GPtrArray                  *applicants,
                           GDateTime                  *date)
{
  Recommendation *self;
  g_autofree char *date_text = NULL;
  const char *number;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (SERTEL_IS_REQUEST (request), NULL);
  g_return_val_if_fail (applicants != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  self = g_new0 (Recommendation, 1);
  self->settings = sertel_letter_settings_copy (settings);
  self->layout = sertel_letter_layout_new (self->settings);
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->pages = g_array_new (FALSE, FALSE, sizeof (Page));
  date_text = sertel_letter_format_date (date);

  number = sertel_request_get_recommendation_number (request);
  self->parent.title = g_strdup_printf ("Surat Rekomendasi %s", number ? number : "");
  self->parent.width = self->layout->width;
  self->parent.height = self->layout->height;
  self->parent.draw_page = recommendation_draw_page;
  self->parent.finalize = recommendation_finalize;

  build_letter (self, request, applicants->len, date_text);
  build_lampiran (self, request, applicants, date_text);
  paginate (self);
  self->parent.n_pages = self->pages->len;
  return &self->parent;
}

SertelLetterDoc *
sertel_recommendation_new_from_store (SertelStore                *store,
                                      gint64                      request_id,
                                      const SertelLetterSettings *settings,
                                      GDateTime                  *date,
                                      GError                    **error)
{
  g_autoptr(SertelRequest) request = NULL;
  g_autoptr(GPtrArray) applicants = NULL;
  const char *number;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);

  request = sertel_store_get_request (store, request_id, error);
  if (request == NULL)
    return NULL;
  number = sertel_request_get_recommendation_number (request);
  if (number == NULL || *number == '\0')
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("The request has no Surat Rekomendasi number yet: the Kasi reserves it when "
                             "assigning a Verifikator."));
      return NULL;
    }
  applicants = sertel_store_list_applicants (store, request_id, error);
  if (applicants == NULL)
    return NULL;
  return sertel_recommendation_new (settings, request, applicants, date);
}

guint
sertel_recommendation_n_pages (SertelLetterDoc *doc)
{
  return sertel_letter_doc_get_n_pages (doc);
}

void
sertel_recommendation_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint page)
{
  sertel_letter_doc_draw_page (doc, cr, page);
}

guint
sertel_recommendation_n_lampiran_pages (SertelLetterDoc *doc)
{
  g_return_val_if_fail (doc != NULL && doc->draw_page == recommendation_draw_page, 0);
  return ((Recommendation *) doc)->n_lampiran;
}

double
sertel_recommendation_lampiran_column (SertelLetterDoc *doc, guint column, double *width)
{
  Recommendation *self = (Recommendation *) doc;

  g_return_val_if_fail (doc != NULL && doc->draw_page == recommendation_draw_page, 0);
  return self->layout->left + sertel_letter_table_get_column (self->table, column, width);
}

GBytes *
sertel_recommendation_issue (SertelStore                *store,
                             SertelStaff                *actor,
                             gint64                      request_id,
                             const SertelLetterSettings *settings,
                             GError                    **error)
{
  g_autoptr(SertelLetterDoc) doc = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GBytes) pdf = NULL;
  gboolean issued = FALSE;

  g_return_val_if_fail (SERTEL_IS_STORE (store), NULL);

  /* Refuse before rendering when it was issued already. */
  if (!sertel_store_has_letter (store, request_id, SERTEL_RECOMMENDATION_KIND, &issued, NULL, error))
    return NULL;
  if (issued)
    {
      g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED,
                           _("The Surat Rekomendasi was already issued; print the stored one."));
      return NULL;
    }
  date = g_date_time_new_from_unix_local (sertel_store_now (store));
  doc = sertel_recommendation_new_from_store (store, request_id, settings, date, error);
  if (doc == NULL)
    return NULL;
  pdf = sertel_letter_doc_to_pdf (doc, error);
  if (pdf == NULL)
    return NULL;
  if (sertel_store_issue_letter (store, actor, request_id, SERTEL_RECOMMENDATION_KIND, pdf, error) == 0)
    return NULL;
  return g_steal_pointer (&pdf);
}
