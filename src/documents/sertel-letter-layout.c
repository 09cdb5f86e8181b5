/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "sertel-letter-layout.h"

#define MM (72.0 / 25.4)

/* ------------------------------------------------------------------------- */
/* Settings */

SertelLetterSettings *
sertel_letter_settings_new (void)
{
  SertelLetterSettings *s = g_new0 (SertelLetterSettings, 1);

  /* Defaults for the Diskominfo of Maluku Utara; every office checks them
   * in Preferences (the address and phone are its own to fill in). */
  s->government = g_strdup ("Pemerintah Provinsi Maluku Utara");
  s->agency = g_strdup ("Dinas Komunikasi, Informatika dan Persandian");
  s->address = g_strdup ("Kompleks Perkantoran Pemerintah Provinsi Maluku Utara, Sofifi");
  s->phone = g_strdup ("");
  s->email = g_strdup ("diskominfo@malutprov.go.id");
  s->website = g_strdup ("diskominfo.malutprov.go.id");
  s->logo_path = g_strdup ("");
  s->place = g_strdup ("Sofifi");
  s->addressee = g_strdupv ((char *[]) {
    "Kepala Balai Besar Sertifikasi Elektronik (BSrE)",
    "Badan Siber dan Sandi Negara", NULL });
  s->addressee_place = g_strdup ("di Jakarta");
  s->signatory_jabatan = g_strdup ("Kepala Dinas Komunikasi, Informatika dan Persandian Provinsi Maluku Utara");
  s->signatory_name = g_strdup ("");
  s->signatory_pangkat = g_strdup ("");
  s->signatory_nip = g_strdup ("");
  s->signatory_acting = SERTEL_SIGNATORY_DEFINITIVE;
  s->tembusan = g_new0 (char *, 1);
  s->paper = SERTEL_PAPER_A4;
  /* Tata Naskah Dinas: 2 cm top, 3 cm left, 2 cm right and bottom. */
  s->margin_top_mm = 20;
  s->margin_bottom_mm = 20;
  s->margin_left_mm = 30;
  s->margin_right_mm = 20;
  return s;
}

SertelLetterSettings *
sertel_letter_settings_copy (const SertelLetterSettings *o)
{
  SertelLetterSettings *s = g_new0 (SertelLetterSettings, 1);

  g_return_val_if_fail (o != NULL, NULL);
  *s = *o;
  s->government = g_strdup (o->government);
  s->agency = g_strdup (o->agency);
  s->address = g_strdup (o->address);
  s->phone = g_strdup (o->phone);
  s->email = g_strdup (o->email);
  s->website = g_strdup (o->website);
  s->logo_path = g_strdup (o->logo_path);
  s->place = g_strdup (o->place);
  s->addressee = o->addressee ? g_strdupv (o->addressee) : g_new0 (char *, 1);
  s->addressee_place = g_strdup (o->addressee_place);
  s->signatory_jabatan = g_strdup (o->signatory_jabatan);
  s->signatory_name = g_strdup (o->signatory_name);
  s->signatory_pangkat = g_strdup (o->signatory_pangkat);
  s->signatory_nip = g_strdup (o->signatory_nip);
  s->tembusan = o->tembusan ? g_strdupv (o->tembusan) : g_new0 (char *, 1);
  return s;
}

void
sertel_letter_settings_free (SertelLetterSettings *s)
{
  if (s == NULL)
    return;
  g_free (s->government);
  g_free (s->agency);
  g_free (s->address);
  g_free (s->phone);
  g_free (s->email);
  g_free (s->website);
  g_free (s->logo_path);
  g_free (s->place);
  g_strfreev (s->addressee);
  g_free (s->addressee_place);
  g_free (s->signatory_jabatan);
  g_free (s->signatory_name);
  g_free (s->signatory_pangkat);
  g_free (s->signatory_nip);
  g_strfreev (s->tembusan);
  g_free (s);
}

static void
replace_str (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

static void
replace_strv (char ***field, char **value)
{
  g_strfreev (*field);
  *field = value;
}

SertelLetterSettings *
sertel_letter_settings_new_from_gsettings (GSettings *gs)
{
  SertelLetterSettings *s = sertel_letter_settings_new ();
  g_autofree char *paper = NULL;
  g_autofree char *acting = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (gs), s);

  replace_str (&s->government, g_settings_get_string (gs, "letter-government"));
  replace_str (&s->agency, g_settings_get_string (gs, "letter-agency"));
  replace_str (&s->address, g_settings_get_string (gs, "letter-address"));
  replace_str (&s->phone, g_settings_get_string (gs, "letter-phone"));
  replace_str (&s->email, g_settings_get_string (gs, "letter-email"));
  replace_str (&s->website, g_settings_get_string (gs, "letter-website"));
  replace_str (&s->logo_path, g_settings_get_string (gs, "letter-logo-path"));
  replace_str (&s->place, g_settings_get_string (gs, "letter-place"));
  replace_strv (&s->addressee, g_settings_get_strv (gs, "letter-addressee"));
  replace_str (&s->addressee_place, g_settings_get_string (gs, "letter-addressee-place"));
  replace_str (&s->signatory_jabatan, g_settings_get_string (gs, "letter-signatory-jabatan"));
  replace_str (&s->signatory_name, g_settings_get_string (gs, "letter-signatory-name"));
  replace_str (&s->signatory_pangkat, g_settings_get_string (gs, "letter-signatory-pangkat"));
  replace_str (&s->signatory_nip, g_settings_get_string (gs, "letter-signatory-nip"));
  acting = g_settings_get_string (gs, "letter-signatory-acting");
  s->signatory_acting = sertel_signatory_acting_from_string (acting);
  replace_strv (&s->tembusan, g_settings_get_strv (gs, "letter-tembusan"));
  paper = g_settings_get_string (gs, "letter-paper");
  s->paper = sertel_paper_from_string (paper);
  s->margin_top_mm = g_settings_get_double (gs, "letter-margin-top-mm");
  s->margin_bottom_mm = g_settings_get_double (gs, "letter-margin-bottom-mm");
  s->margin_left_mm = g_settings_get_double (gs, "letter-margin-left-mm");
  s->margin_right_mm = g_settings_get_double (gs, "letter-margin-right-mm");
  return s;
}

const char *
sertel_paper_to_string (SertelPaper paper)
{
  return paper == SERTEL_PAPER_F4 ? "f4" : "a4";
}

SertelPaper
sertel_paper_from_string (const char *key)
{
  return g_strcmp0 (key, "f4") == 0 ? SERTEL_PAPER_F4 : SERTEL_PAPER_A4;
}

void
sertel_paper_get_size (SertelPaper paper, double *width_pt, double *height_pt)
{
  double w = paper == SERTEL_PAPER_F4 ? 215 : 210;
  double h = paper == SERTEL_PAPER_F4 ? 330 : 297;

  if (width_pt)
    *width_pt = w * MM;
  if (height_pt)
    *height_pt = h * MM;
}

const char *
sertel_signatory_acting_to_string (SertelSignatoryActing acting)
{
  switch (acting)
    {
    case SERTEL_SIGNATORY_PLT: return "plt";
    case SERTEL_SIGNATORY_PLH: return "plh";
    case SERTEL_SIGNATORY_DEFINITIVE:
    default: return "";
    }
}

SertelSignatoryActing
sertel_signatory_acting_from_string (const char *key)
{
  if (g_strcmp0 (key, "plt") == 0)
    return SERTEL_SIGNATORY_PLT;
  if (g_strcmp0 (key, "plh") == 0)
    return SERTEL_SIGNATORY_PLH;
  return SERTEL_SIGNATORY_DEFINITIVE;
}

/* ------------------------------------------------------------------------- */
/* Indonesian words */

static const char * const months[] = {
  "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
  "Agustus", "September", "Oktober", "November", "Desember",
};

char *
sertel_letter_format_date (GDateTime *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  return g_strdup_printf ("%d %s %d", g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1], g_date_time_get_year (date));
}

char *
sertel_letter_format_iso_date (const char *iso)
{
  guint64 y, m, d;
  g_auto(GStrv) parts = NULL;

  if (iso == NULL)
    return g_strdup ("");
  parts = g_strsplit (iso, "-", 3);
  if (g_strv_length (parts) != 3 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &d, NULL))
    return g_strdup (iso);
  return g_strdup_printf ("%u %s %u", (guint) d, months[m - 1], (guint) y);
}

static const char * const units[] = {
  "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
  "sepuluh", "sebelas",
};

static void
words (GString *out, guint n)
{
  if (out->len > 0 && n > 0)
    g_string_append_c (out, ' ');
  if (n < 12)
    {
      if (n > 0 || out->len == 0)
        g_string_append (out, units[n]);
    }
  else if (n < 20)
    g_string_append_printf (out, "%s belas", units[n - 10]);
  else if (n < 100)
    {
      g_string_append_printf (out, "%s puluh", units[n / 10]);
      if (n % 10)
        words (out, n % 10);
    }
  else if (n < 1000)
    {
      if (n / 100 == 1)
        g_string_append (out, "seratus");
      else
        g_string_append_printf (out, "%s ratus", units[n / 100]);
      if (n % 100)
        words (out, n % 100);
    }
  else if (n < 1000000)
    {
      if (n / 1000 == 1)
        g_string_append (out, "seribu");
      else
        {
          words (out, n / 1000);
          g_string_append (out, " ribu");
        }
      if (n % 1000)
        words (out, n % 1000);
    }
  else
    g_string_append_printf (out, "%u", n);
}

char *
sertel_letter_number_in_words (guint n)
{
  GString *out = g_string_new (NULL);

  words (out, n);
  return g_string_free (out, FALSE);
}

const char *
sertel_letter_sifat_display (const char *key)
{
  if (g_strcmp0 (key, "segera") == 0)
    return "Segera";
  if (g_strcmp0 (key, "sangat_segera") == 0)
    return "Sangat Segera";
  if (g_strcmp0 (key, "rahasia") == 0)
    return "Rahasia";
  return "Biasa";
}

char *
sertel_letter_format_nip (const char *nip)
{
  /* The usual way a NIP is written under a signature: birth date, TMT,
   * sex, serial. */
  if (nip == NULL || strlen (nip) != 18)
    return g_strdup (nip ? nip : "");
  return g_strdup_printf ("%.8s %.6s %.1s %.3s", nip, nip + 8, nip + 14, nip + 15);
}

/* ------------------------------------------------------------------------- */
/* Documents */

guint
sertel_letter_doc_get_n_pages (SertelLetterDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);
  return doc->n_pages;
}

void
sertel_letter_doc_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint page)
{
  g_return_if_fail (doc != NULL && cr != NULL);
  g_return_if_fail (page < doc->n_pages);

  cairo_save (cr);
  doc->draw_page (doc, cr, page);
  cairo_restore (cr);
}

void
sertel_letter_doc_free (SertelLetterDoc *doc)
{
  if (doc == NULL)
    return;
  if (doc->finalize)
    doc->finalize (doc);
  g_free (doc->title);
  g_free (doc);
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
sertel_letter_doc_to_pdf (SertelLetterDoc *doc, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (doc != NULL, NULL);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, doc->width, doc->height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title ? doc->title : "");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint i = 0; i < doc->n_pages; i++)
    {
      sertel_letter_doc_draw_page (doc, cr, i);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The PDF could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

typedef struct {
  SertelLetterDoc   parent;
  GBytes          *pdf;
  PopplerDocument *poppler;
} PdfDocument;

static void
pdf_draw_page (SertelLetterDoc *doc, cairo_t *cr, guint page)
{
  PdfDocument *self = (PdfDocument *) doc;
  /* Poppler 22.12 has no autoptr for its types. */
  PopplerPage *p = poppler_document_get_page (self->poppler, page);

  if (p != NULL)
    {
      poppler_page_render_for_printing (p, cr);
      g_object_unref (p);
    }
}

static void
pdf_finalize (SertelLetterDoc *doc)
{
  PdfDocument *self = (PdfDocument *) doc;

  g_clear_object (&self->poppler);
  g_clear_pointer (&self->pdf, g_bytes_unref);
}

SertelLetterDoc *
sertel_letter_doc_new_for_pdf (GBytes *pdf, const char *title, GError **error)
{
  PopplerDocument *poppler;
  PopplerPage *first;
  PdfDocument *self;

  g_return_val_if_fail (pdf != NULL, NULL);

  poppler = poppler_document_new_from_bytes (pdf, NULL, error);
  if (poppler == NULL)
    return NULL;
  if (poppler_document_get_n_pages (poppler) < 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The stored letter has no pages."));
      g_object_unref (poppler);
      return NULL;
    }
  self = g_new0 (PdfDocument, 1);
  first = poppler_document_get_page (poppler, 0);
  poppler_page_get_size (first, &self->parent.width, &self->parent.height);
  g_object_unref (first);
  self->parent.title = g_strdup (title);
  self->parent.n_pages = poppler_document_get_n_pages (poppler);
  self->parent.draw_page = pdf_draw_page;
  self->parent.finalize = pdf_finalize;
  self->pdf = g_bytes_ref (pdf);
  self->poppler = poppler;
  return &self->parent;
}

/* ------------------------------------------------------------------------- */
/* Layout */

typedef struct {
  const guint8 *data;
  gsize         len;
  gsize         pos;
} PngReader;

static cairo_status_t
read_png (void *closure, unsigned char *out, unsigned int length)
{
  PngReader *r = closure;

  if (r->len - r->pos < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Through GIO rather than cairo's fopen(): file names in UTF-8 on Windows too. */
static cairo_surface_t *
load_png (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  PngReader reader;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 0, 0);
  reader.data = (const guint8 *) contents;
  reader.len = len;
  reader.pos = 0;
  return cairo_image_surface_create_from_png_stream (read_png, &reader);
}

SertelLetterLayout *
sertel_letter_layout_new (const SertelLetterSettings *settings)
{
  SertelLetterLayout *l = g_new0 (SertelLetterLayout, 1);
  cairo_font_options_t *options;
  PangoFontMap *map;

  l->settings = settings;
  sertel_paper_get_size (settings->paper, &l->width, &l->height);
  l->top = CLAMP (settings->margin_top_mm, 5, 60) * MM;
  l->bottom = CLAMP (settings->margin_bottom_mm, 5, 60) * MM;
  l->left = CLAMP (settings->margin_left_mm, 5, 60) * MM;
  l->right = CLAMP (settings->margin_right_mm, 5, 60) * MM;

  /* One context for measuring and drawing, at 72 dpi (1 unit = 1 pt) and
   * without hinted metrics, so the same layout on paper, PDF and preview. */
  map = pango_cairo_font_map_get_default ();
  l->pango = pango_font_map_create_context (map);
  pango_cairo_context_set_resolution (l->pango, 72);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (l->pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (l->pango, pango_language_from_string ("id"));

  if (settings->logo_path && *settings->logo_path)
    {
      cairo_surface_t *logo = load_png (settings->logo_path);

      if (cairo_surface_status (logo) == CAIRO_STATUS_SUCCESS &&
          cairo_image_surface_get_width (logo) > 0 && cairo_image_surface_get_height (logo) > 0)
        l->logo = logo;
      else
        {
          g_warning ("The letterhead logo %s is not a readable PNG; drawing a placeholder.",
                     settings->logo_path);
          cairo_surface_destroy (logo);
        }
    }
  return l;
}

void
sertel_letter_layout_free (SertelLetterLayout *l)
{
  if (l == NULL)
    return;
  g_clear_object (&l->pango);
  g_clear_pointer (&l->logo, cairo_surface_destroy);
  g_free (l);
}

double
sertel_letter_layout_content_width (SertelLetterLayout *l)
{
  return l->width - l->left - l->right;
}

double
sertel_letter_layout_content_bottom (SertelLetterLayout *l)
{
  return l->height - l->bottom;
}

PangoLayout *
sertel_letter_layout_text (SertelLetterLayout *l,
                           const char         *text,
                           gboolean            markup,
                           double              size,
                           gboolean            bold,
                           double              width,
                           PangoAlignment      align,
                           gboolean            justify)
{
  PangoLayout *layout = pango_layout_new (l->pango);
  PangoFontDescription *font = pango_font_description_from_string (SERTEL_LETTER_FONT);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  /* Long names and addresses without spaces break anywhere rather than
   * running out of their cell. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_justify (layout, justify);
  if (markup)
    pango_layout_set_markup (layout, text ? text : "", -1);
  else
    pango_layout_set_text (layout, text ? text : "", -1);

  /* No hyphen where a word is broken: in an e-mail address or a NIP a
   * hyphen would read as part of it. */
  {
    PangoAttrList *old = pango_layout_get_attributes (layout);
    PangoAttrList *attrs = old ? pango_attr_list_copy (old) : pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }
  return layout;
}

double
sertel_letter_text_height (PangoLayout *text)
{
  int w, h;

  pango_layout_get_size (text, &w, &h);
  return (double) h / PANGO_SCALE;
}

double
sertel_letter_text_width (PangoLayout *text)
{
  PangoRectangle logical;

  pango_layout_get_extents (text, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

void
sertel_letter_draw_text (cairo_t *cr, PangoLayout *text, double x, double y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, text);
}

static void
draw_placeholder_logo (cairo_t *cr, double x, double y, double size)
{
  /* A neutral mark where the province's emblem goes, not an imitation of
   * it: a light shield outline. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_move_to (cr, x + size * 0.12, y + size * 0.08);
  cairo_line_to (cr, x + size * 0.88, y + size * 0.08);
  cairo_line_to (cr, x + size * 0.88, y + size * 0.52);
  cairo_curve_to (cr, x + size * 0.88, y + size * 0.78, x + size * 0.62, y + size * 0.88, x + size * 0.5, y + size * 0.95);
  cairo_curve_to (cr, x + size * 0.38, y + size * 0.88, x + size * 0.12, y + size * 0.78, x + size * 0.12, y + size * 0.52);
  cairo_close_path (cr);
  cairo_stroke (cr);
  cairo_restore (cr);
}

double
sertel_letter_draw_kop (SertelLetterLayout *l, cairo_t *cr)
{
  const SertelLetterSettings *s = l->settings;
  double content = sertel_letter_layout_content_width (l);
  double logo = 24 * MM;
  double gap = 3 * MM;
  double text_width = content - (logo + gap);
  g_autofree char *government = g_utf8_strup (s->government ? s->government : "", -1);
  g_autofree char *agency = g_utf8_strup (s->agency ? s->agency : "", -1);
  g_autoptr(GString) contact = g_string_new (NULL);
  g_autoptr(PangoLayout) l1 = NULL;
  g_autoptr(PangoLayout) l2 = NULL;
  g_autoptr(PangoLayout) l3 = NULL;
  g_autoptr(PangoLayout) l4 = NULL;
  double y = l->top, h, block, rule;

  if (s->phone && *s->phone)
    g_string_append_printf (contact, "Telepon %s", s->phone);
  if (s->email && *s->email)
    g_string_append_printf (contact, "%sPos-el %s", contact->len ? ", " : "", s->email);
  if (s->website && *s->website)
    g_string_append_printf (contact, "%sLaman %s", contact->len ? ", " : "", s->website);

  l1 = sertel_letter_layout_text (l, government, FALSE, 13.5, TRUE, text_width, PANGO_ALIGN_CENTER, FALSE);
  l2 = sertel_letter_layout_text (l, agency, FALSE, 14.5, TRUE, text_width, PANGO_ALIGN_CENTER, FALSE);
  l3 = sertel_letter_layout_text (l, s->address, FALSE, 9.5, FALSE, text_width, PANGO_ALIGN_CENTER, FALSE);
  l4 = sertel_letter_layout_text (l, contact->str, FALSE, 9.5, FALSE, text_width, PANGO_ALIGN_CENTER, FALSE);

  block = sertel_letter_text_height (l1) + sertel_letter_text_height (l2) +
          sertel_letter_text_height (l3) + (contact->len ? sertel_letter_text_height (l4) : 0) + 2;
  h = MAX (block, logo);
  rule = y + h + 3;

  if (cr != NULL)
    {
      double ty = y + (h - block) / 2;
      double x = l->left + logo + gap;

      cairo_set_source_rgb (cr, 0, 0, 0);
      if (l->logo)
        {
          double iw = cairo_image_surface_get_width (l->logo);
          double ih = cairo_image_surface_get_height (l->logo);
          double scale = MIN (logo / iw, logo / ih);

          cairo_save (cr);
          cairo_translate (cr, l->left + (logo - iw * scale) / 2, y + (h - ih * scale) / 2);
          cairo_scale (cr, scale, scale);
          cairo_set_source_surface (cr, l->logo, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
        }
      else
        draw_placeholder_logo (cr, l->left, y + (h - logo) / 2, logo);

      sertel_letter_draw_text (cr, l1, x, ty);
      ty += sertel_letter_text_height (l1);
      sertel_letter_draw_text (cr, l2, x, ty);
      ty += sertel_letter_text_height (l2) + 2;
      sertel_letter_draw_text (cr, l3, x, ty);
      ty += sertel_letter_text_height (l3);
      if (contact->len)
        sertel_letter_draw_text (cr, l4, x, ty);

      /* The kop's double rule: thick over thin. */
      cairo_set_line_width (cr, 2.2);
      cairo_move_to (cr, l->left, rule);
      cairo_line_to (cr, l->width - l->right, rule);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 0.7);
      cairo_move_to (cr, l->left, rule + 2.6);
      cairo_line_to (cr, l->width - l->right, rule + 2.6);
      cairo_stroke (cr);
    }
  return rule + 2.6 + 14;
}

void
sertel_letter_draw_page_number (SertelLetterLayout *l, cairo_t *cr, guint page_number)
{
  g_autofree char *text = g_strdup_printf ("- %u -", page_number);
  g_autoptr(PangoLayout) layout = sertel_letter_layout_text (l, text, FALSE, 10, FALSE,
                                                             sertel_letter_layout_content_width (l),
                                                             PANGO_ALIGN_CENTER, FALSE);

  cairo_set_source_rgb (cr, 0, 0, 0);
  sertel_letter_draw_text (cr, layout, l->left, MAX (4, l->top / 2 - sertel_letter_text_height (layout) / 2));
}

/* The signature block's texts, made once per use. */
typedef struct {
  PangoLayout *jabatan;
  PangoLayout *name;
  PangoLayout *pangkat;
  PangoLayout *nip;
  double       x;
  double       width;
} Signature;

static void
signature_clear (Signature *sig)
{
  g_clear_object (&sig->jabatan);
  g_clear_object (&sig->name);
  g_clear_object (&sig->pangkat);
  g_clear_object (&sig->nip);
}

#define SIGNATURE_ROOM (20 * MM)   /* space for the hand signature and stamp */

static void
signature_make (SertelLetterLayout *l, Signature *sig)
{
  const SertelLetterSettings *s = l->settings;
  const char *prefix = s->signatory_acting == SERTEL_SIGNATORY_PLT ? "Plt. " :
                       s->signatory_acting == SERTEL_SIGNATORY_PLH ? "Plh. " : "";
  g_autofree char *jabatan = g_strdup_printf ("%s%s,", prefix, s->signatory_jabatan ? s->signatory_jabatan : "");
  g_autofree char *nip = sertel_letter_format_nip (s->signatory_nip);
  g_autofree char *nip_line = g_strdup_printf ("NIP %s", *nip ? nip : "....................................");
  g_autofree char *name_markup = NULL;
  const char *name = s->signatory_name && *s->signatory_name ? s->signatory_name
                                                              : "....................................";

  sig->width = sertel_letter_layout_content_width (l) * 0.48;
  sig->x = l->width - l->right - sig->width;
  name_markup = g_markup_printf_escaped ("<b>%s</b>", name);
  sig->jabatan = sertel_letter_layout_text (l, jabatan, FALSE, 11, FALSE, sig->width, PANGO_ALIGN_LEFT, FALSE);
  sig->name = sertel_letter_layout_text (l, name_markup, TRUE, 11, FALSE, sig->width, PANGO_ALIGN_LEFT, FALSE);
  sig->pangkat = sertel_letter_layout_text (l, s->signatory_pangkat, FALSE, 11, FALSE, sig->width,
                                            PANGO_ALIGN_LEFT, FALSE);
  sig->nip = sertel_letter_layout_text (l, nip_line, FALSE, 11, FALSE, sig->width, PANGO_ALIGN_LEFT, FALSE);
}

double
sertel_letter_signature_height (SertelLetterLayout *l)
{
  Signature sig = { 0 };
  double h;

  signature_make (l, &sig);
  h = sertel_letter_text_height (sig.jabatan) + SIGNATURE_ROOM + sertel_letter_text_height (sig.name) +
      sertel_letter_text_height (sig.pangkat) + sertel_letter_text_height (sig.nip);
  signature_clear (&sig);
  return h;
}

void
sertel_letter_draw_signature (SertelLetterLayout *l, cairo_t *cr, double y)
{
  Signature sig = { 0 };

  signature_make (l, &sig);
  cairo_set_source_rgb (cr, 0, 0, 0);
  sertel_letter_draw_text (cr, sig.jabatan, sig.x, y);
  y += sertel_letter_text_height (sig.jabatan) + SIGNATURE_ROOM;
  sertel_letter_draw_text (cr, sig.name, sig.x, y);
  y += sertel_letter_text_height (sig.name);
  if (l->settings->signatory_pangkat && *l->settings->signatory_pangkat)
    {
      sertel_letter_draw_text (cr, sig.pangkat, sig.x, y);
      y += sertel_letter_text_height (sig.pangkat);
    }
  sertel_letter_draw_text (cr, sig.nip, sig.x, y);
  signature_clear (&sig);
}

/* ------------------------------------------------------------------------- */
/* Table */

#define CELL_PAD_X 2.5
#define CELL_PAD_Y 2.0

struct _SertelLetterTable
{
  SertelLetterLayout *layout;
  guint               n_columns;
  double             *widths;
  PangoAlignment     *aligns;
  double              font_size;
  PangoLayout       **header;
  double              header_height;
  GPtrArray          *rows;     /* of PangoLayout*[n_columns] */
  GArray             *heights;  /* double */
};

SertelLetterTable *
sertel_letter_table_new (SertelLetterLayout       *layout,
                         double                    width,
                         double                    font_size,
                         const SertelLetterColumn *columns,
                         guint                     n_columns)
{
  SertelLetterTable *t = g_new0 (SertelLetterTable, 1);
  double fixed = 0, weights = 0;

  t->layout = layout;
  t->n_columns = n_columns;
  t->font_size = font_size;
  t->widths = g_new0 (double, n_columns);
  t->aligns = g_new0 (PangoAlignment, n_columns);
  t->rows = g_ptr_array_new ();
  t->heights = g_array_new (FALSE, FALSE, sizeof (double));

  /* Columns for numbers are as wide as the number, so a NIP never wraps;
   * the rest share what is left. */
  for (guint i = 0; i < n_columns; i++)
    {
      t->aligns[i] = columns[i].align;
      if (columns[i].fixed_sample)
        {
          g_autoptr(PangoLayout) sample = sertel_letter_layout_text (layout, columns[i].fixed_sample, FALSE,
                                                                     font_size, FALSE, -1, PANGO_ALIGN_LEFT, FALSE);
          pango_layout_set_width (sample, -1);
          t->widths[i] = ceil (sertel_letter_text_width (sample)) + 2 * CELL_PAD_X + 1;
          fixed += t->widths[i];
        }
      else
        weights += columns[i].weight;
    }
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].fixed_sample == NULL)
      t->widths[i] = MAX (20, (width - fixed) * columns[i].weight / MAX (weights, 0.001));

  t->header = g_new0 (PangoLayout *, n_columns);
  for (guint i = 0; i < n_columns; i++)
    {
      t->header[i] = sertel_letter_layout_text (layout, columns[i].title, FALSE, font_size, TRUE,
                                                t->widths[i] - 2 * CELL_PAD_X, PANGO_ALIGN_CENTER, FALSE);
      t->header_height = MAX (t->header_height, sertel_letter_text_height (t->header[i]) + 2 * CELL_PAD_Y);
    }
  return t;
}

static void
free_row (SertelLetterTable *t, PangoLayout **row)
{
  for (guint i = 0; i < t->n_columns; i++)
    g_clear_object (&row[i]);
  g_free (row);
}

void
sertel_letter_table_free (SertelLetterTable *t)
{
  if (t == NULL)
    return;
  for (guint r = 0; r < t->rows->len; r++)
    free_row (t, g_ptr_array_index (t->rows, r));
  g_ptr_array_unref (t->rows);
  g_array_unref (t->heights);
  for (guint i = 0; i < t->n_columns; i++)
    g_clear_object (&t->header[i]);
  g_free (t->header);
  g_free (t->widths);
  g_free (t->aligns);
  g_free (t);
}

void
sertel_letter_table_add_row (SertelLetterTable *t, const char * const *cells)
{
  PangoLayout **row = g_new0 (PangoLayout *, t->n_columns);
  double h = 0;

  for (guint i = 0; i < t->n_columns; i++)
    {
      row[i] = sertel_letter_layout_text (t->layout, cells[i], FALSE, t->font_size, FALSE,
                                          t->widths[i] - 2 * CELL_PAD_X, t->aligns[i], FALSE);
      h = MAX (h, sertel_letter_text_height (row[i]) + 2 * CELL_PAD_Y);
    }
  g_ptr_array_add (t->rows, row);
  g_array_append_val (t->heights, h);
}

guint
sertel_letter_table_get_n_rows (SertelLetterTable *t)
{
  return t->rows->len;
}

double
sertel_letter_table_get_column (SertelLetterTable *t, guint column, double *width)
{
  double x = 0;

  g_return_val_if_fail (column < t->n_columns, 0);
  for (guint i = 0; i < column; i++)
    x += t->widths[i];
  if (width)
    *width = t->widths[column];
  return x;
}

double
sertel_letter_table_header_height (SertelLetterTable *t)
{
  return t->header_height;
}

double
sertel_letter_table_row_height (SertelLetterTable *t, guint row)
{
  g_return_val_if_fail (row < t->heights->len, 0);
  return g_array_index (t->heights, double, row);
}

guint
sertel_letter_table_rows_fitting (SertelLetterTable *t, guint first, double available)
{
  double used = t->header_height;
  guint n = 0;

  for (guint r = first; r < t->rows->len; r++)
    {
      used += g_array_index (t->heights, double, r);
      if (used > available && n > 0)
        break;
      n++;
      if (used > available)
        break;
    }
  return n;
}

static void
draw_row (SertelLetterTable *t, cairo_t *cr, PangoLayout **cells, double x, double y, double h, gboolean header)
{
  double cx = x;

  if (header)
    {
      double total = 0;
      for (guint i = 0; i < t->n_columns; i++)
        total += t->widths[i];
      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_rectangle (cr, x, y, total, h);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.6);
  for (guint i = 0; i < t->n_columns; i++)
    {
      double th = sertel_letter_text_height (cells[i]);
      double ty = header ? y + (h - th) / 2 : y + CELL_PAD_Y;

      cairo_rectangle (cr, cx, y, t->widths[i], h);
      cairo_stroke (cr);
      sertel_letter_draw_text (cr, cells[i], cx + CELL_PAD_X, ty);
      cx += t->widths[i];
    }
}

double
sertel_letter_table_draw (SertelLetterTable *t, cairo_t *cr, double x, double y, guint first, guint end)
{
  double y0 = y;

  draw_row (t, cr, t->header, x, y, t->header_height, TRUE);
  y += t->header_height;
  for (guint r = first; r < end && r < t->rows->len; r++)
    {
      double h = g_array_index (t->heights, double, r);
      draw_row (t, cr, g_ptr_array_index (t->rows, r), x, y, h, FALSE);
      y += h;
    }
  return y - y0;
}
