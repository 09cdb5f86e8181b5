/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Drawing helpers for official letters (Tata Naskah Dinas): page sizes and
 * margins, the kop surat, paragraphs with Pango, the signature block, and a
 * table that breaks across pages with its header repeated and no row split.
 * Every document is a SertelLetterDoc that draws page N on any cairo_t, so PDF
 * export and printing share one drawing path. No GTK here. */
#pragma once

#include <gio/gio.h>
#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef enum {
  SERTEL_PAPER_A4 = 0,   /* 210 × 297 mm */
  SERTEL_PAPER_F4,       /* 215 × 330 mm, "folio" in Indonesian offices */
} SertelPaper;

typedef enum {
  SERTEL_SIGNATORY_DEFINITIVE = 0,
  SERTEL_SIGNATORY_PLT,  /* pelaksana tugas */
  SERTEL_SIGNATORY_PLH,  /* pelaksana harian */
} SertelSignatoryActing;

/* What the office sets in Preferences. Text that is Indonesian by nature;
 * strings are owned (g_free), string arrays NULL-terminated (g_strfreev). */
typedef struct {
  char  *government;          /* "Pemerintah Provinsi Maluku Utara" (the kop shows it in capitals) */
  char  *agency;              /* "Dinas Komunikasi, Informatika dan Persandian" */
  char  *address;
  char  *phone;
  char  *email;
  char  *website;
  char  *logo_path;           /* a PNG; NULL or "" draws a neutral placeholder */
  char  *place;               /* "Sofifi" */
  char **addressee;           /* lines after "Yth." */
  char  *addressee_place;     /* "di Jakarta" */
  char  *signatory_jabatan;   /* without Plt./Plh. */
  char  *signatory_name;      /* with degrees */
  char  *signatory_pangkat;   /* "Pembina Utama Muda (IV/c)" */
  char  *signatory_nip;
  SertelSignatoryActing signatory_acting;
  char **tembusan;            /* may be empty */
  SertelPaper paper;
  double margin_top_mm;
  double margin_bottom_mm;
  double margin_left_mm;
  double margin_right_mm;
} SertelLetterSettings;

/* Defaults for the Diskominfo of Provinsi Maluku Utara. */
SertelLetterSettings *sertel_letter_settings_new     (void);
SertelLetterSettings *sertel_letter_settings_copy    (const SertelLetterSettings *settings);
void                  sertel_letter_settings_free    (SertelLetterSettings *settings);
/* Reads the letter-* keys of @settings (schema id.go.malutprov.Sertel). */
SertelLetterSettings *sertel_letter_settings_new_from_gsettings (GSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelLetterSettings, sertel_letter_settings_free)

const char  *sertel_paper_to_string      (SertelPaper paper);          /* "a4", "f4" */
SertelPaper  sertel_paper_from_string    (const char *key);            /* A4 for unknown */
void         sertel_paper_get_size       (SertelPaper paper, double *width_pt, double *height_pt);
const char  *sertel_signatory_acting_to_string   (SertelSignatoryActing acting); /* "", "plt", "plh" */
SertelSignatoryActing sertel_signatory_acting_from_string (const char *key);

/* Indonesian words for letters (never translated). */
char        *sertel_letter_format_date       (GDateTime *date);         /* "25 November 2026" */
char        *sertel_letter_format_iso_date   (const char *iso_date);    /* "2026-01-15" → "15 Januari 2026" */
char        *sertel_letter_number_in_words   (guint n);                 /* 12 → "dua belas" */
const char  *sertel_letter_sifat_display     (const char *key);         /* "sangat_segera" → "Sangat Segera" */
char        *sertel_letter_format_nip        (const char *nip);         /* "19710418 199703 1 003" */

/* ------------------------------------------------------------------------- */
/* A document: pages of one size, drawn on demand. */

typedef struct _SertelLetterDoc SertelLetterDoc;

struct _SertelLetterDoc
{
  char    *title;
  double   width;               /* points */
  double   height;
  guint    n_pages;
  void   (*draw_page) (SertelLetterDoc *doc, cairo_t *cr, guint page);
  void   (*finalize)  (SertelLetterDoc *doc);
};

guint        sertel_letter_doc_get_n_pages (SertelLetterDoc *doc);
void         sertel_letter_doc_draw_page   (SertelLetterDoc *doc, cairo_t *cr, guint page);
/* Renders every page into a PDF (fonts embedded, text selectable). */
GBytes      *sertel_letter_doc_to_pdf      (SertelLetterDoc *doc, GError **error);
void         sertel_letter_doc_free        (SertelLetterDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelLetterDoc, sertel_letter_doc_free)

/* A stored PDF as a document, so a reprint draws exactly the issued pages. */
SertelLetterDoc *sertel_letter_doc_new_for_pdf (GBytes *pdf, const char *title, GError **error);

/* ------------------------------------------------------------------------- */
/* Layout: page geometry and fonts for one document. */

typedef struct {
  const SertelLetterSettings *settings;
  PangoContext    *pango;
  cairo_surface_t *logo;      /* NULL: placeholder */
  double width, height;       /* page, points */
  double top, bottom, left, right;   /* margins, points */
} SertelLetterLayout;

#define SERTEL_LETTER_FONT "Arial, Liberation Sans, DejaVu Sans"

SertelLetterLayout *sertel_letter_layout_new   (const SertelLetterSettings *settings);
void                sertel_letter_layout_free  (SertelLetterLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelLetterLayout, sertel_letter_layout_free)

double       sertel_letter_layout_content_width (SertelLetterLayout *layout);
double       sertel_letter_layout_content_bottom (SertelLetterLayout *layout);

/* A block of text @width points wide; @size in points; @markup: Pango markup. */
PangoLayout *sertel_letter_layout_text   (SertelLetterLayout *layout, const char *text, gboolean markup,
                                          double size, gboolean bold, double width,
                                          PangoAlignment align, gboolean justify);
double       sertel_letter_text_height   (PangoLayout *text);
double       sertel_letter_text_width    (PangoLayout *text);
void         sertel_letter_draw_text     (cairo_t *cr, PangoLayout *text, double x, double y);

/* The kop surat; returns the y below it. @cr may be NULL to measure. */
double       sertel_letter_draw_kop      (SertelLetterLayout *layout, cairo_t *cr);
/* "- 2 -" centred in the top margin (pages after the first). */
void         sertel_letter_draw_page_number (SertelLetterLayout *layout, cairo_t *cr, guint page_number);

/* The signature block in the right half: jabatan (with Plt./Plh.), room for
 * the signature, name, pangkat/golongan, NIP. */
double       sertel_letter_signature_height (SertelLetterLayout *layout);
void         sertel_letter_draw_signature   (SertelLetterLayout *layout, cairo_t *cr, double y);

/* ------------------------------------------------------------------------- */
/* A table that breaks across pages: the header is repeated on every page and
 * a row is never split. */

typedef struct {
  const char    *title;
  double         weight;        /* share of the width left after fixed columns */
  const char    *fixed_sample;  /* non-NULL: the column is exactly this text's width */
  PangoAlignment align;
} SertelLetterColumn;

typedef struct _SertelLetterTable SertelLetterTable;

SertelLetterTable *sertel_letter_table_new      (SertelLetterLayout *layout, double width, double font_size,
                                                 const SertelLetterColumn *columns, guint n_columns);
void               sertel_letter_table_free     (SertelLetterTable *table);
void               sertel_letter_table_add_row  (SertelLetterTable *table, const char * const *cells);
guint              sertel_letter_table_get_n_rows (SertelLetterTable *table);
/* A column's left edge (from the table's left) and width, in points. */
double             sertel_letter_table_get_column (SertelLetterTable *table, guint column, double *width);
double             sertel_letter_table_header_height (SertelLetterTable *table);
double             sertel_letter_table_row_height (SertelLetterTable *table, guint row);
/* How many rows from @first fit in @available points (with the header);
 * at least one, so a row taller than a page still gets a page of its own. */
guint              sertel_letter_table_rows_fitting (SertelLetterTable *table, guint first, double available);
/* Draws the header and rows [@first, @end); returns the height drawn. */
double             sertel_letter_table_draw     (SertelLetterTable *table, cairo_t *cr, double x, double y,
                                                 guint first, guint end);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SertelLetterTable, sertel_letter_table_free)

G_END_DECLS
