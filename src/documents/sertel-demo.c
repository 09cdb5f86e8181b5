/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "sertel-demo.h"
#include "sertel-identity.h"

G_DEFINE_QUARK (sertel-demo-error-quark, sertel_demo_error)

/* ------------------------------------------------------------------------- */
/* Fixed content */

static const SertelDemoStaff demo_staff[] = {
  { "Administrator",           "198503122010011001", SERTEL_ROLE_ADMIN },
  { "Rina Marasabessy",        "199207252019032005", SERTEL_ROLE_OPERATOR },
  { "Ahmad Rizal Sangadji",    "197104181997031003", SERTEL_ROLE_KEPALA_DINAS },
  { "Nurhayati Umasugi",       "197809232003122002", SERTEL_ROLE_KABID },
  { "Fadli Tuanany",           "198211062008011004", SERTEL_ROLE_KASI },
  { "Sitti Rahmawati Ibrahim", "199001142015032001", SERTEL_ROLE_VERIFIKATOR },
  { "Irfan Sahmad",            "199406302020121002", SERTEL_ROLE_VERIFIKATOR },
  { NULL, NULL, SERTEL_ROLE_NONE },
};

const SertelDemoStaff *
sertel_demo_staff (void)
{
  return demo_staff;
}

typedef struct {
  const char *name;
  const char *code;
  const char *address;
  const char *city;
} DemoOpd;

#define SOFIFI "Jl. Raya Sofifi, Kompleks Perkantoran Gubernur Maluku Utara"

static const DemoOpd demo_opds[] = {
  { "Dinas Pendidikan dan Kebudayaan", "DIKBUD", SOFIFI, "Sofifi" },
  { "Dinas Kesehatan", "DINKES", SOFIFI, "Sofifi" },
  { "Badan Kepegawaian Daerah", "BKD", SOFIFI, "Sofifi" },
  { "Badan Perencanaan Pembangunan Daerah", "BAPPEDA", SOFIFI, "Sofifi" },
  { "RSUD Dr. H. Chasan Boesoirie", "RSUD-CB", "Jl. Cempaka, Kelurahan Tanah Raja, Ternate Tengah", "Ternate" },
  { "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", SOFIFI, "Sofifi" },
  { "Badan Pendapatan Daerah", "BAPENDA", SOFIFI, "Sofifi" },
  { "Inspektorat Daerah", "INSP", SOFIFI, "Sofifi" },
  { "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", SOFIFI, "Sofifi" },
  { "Dinas Perhubungan", "DISHUB", SOFIFI, "Sofifi" },
  { "Dinas Kelautan dan Perikanan", "DKP", SOFIFI, "Sofifi" },
  { "Dinas Pariwisata", "DISPAR", "Jl. Pahlawan Revolusi, Ternate", "Ternate" },
  { "Dinas Sosial", "DINSOS", SOFIFI, "Sofifi" },
  { "Dinas Pertanian", "DISTAN", SOFIFI, "Sofifi" },
  { "Dinas Lingkungan Hidup", "DLH", SOFIFI, "Sofifi" },
  { "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", SOFIFI, "Sofifi" },
  { "Satuan Polisi Pamong Praja", "SATPOLPP", SOFIFI, "Sofifi" },
  { "Badan Penanggulangan Bencana Daerah", "BPBD", SOFIFI, "Sofifi" },
  { "Sekretariat Daerah", "SETDA", SOFIFI, "Sofifi" },
  { "Sekretariat DPRD", "SETWAN", "Jl. Raya Sofifi, Kompleks DPRD Provinsi Maluku Utara", "Sofifi" },
  { "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", SOFIFI, "Sofifi" },
};

static const char * const male_first[] = {
  "Abdul", "Ahmad", "Muhammad", "Rizal", "Fahri", "Hasan", "Irwan", "Sukardi", "Samsul", "Yusuf",
  "Arif", "Budi", "Hendra", "Ikbal", "Jufri", "Kamarudin", "Lukman", "Rahmat", "Syahrul", "Taufik",
  "Zulkifli", "Ridwan", "Asrul", "Mansur", "Fikri",
};
static const char * const female_first[] = {
  "Siti", "Nur'aini", "Fatimah", "Rahmawati", "Hasnah", "Aisyah", "Dewi", "Hartini", "Juwita", "Kartini",
  "Lestari", "Marlina", "Nurjanah", "Rosmini", "Sri", "Wahyuni", "Yuliana", "Ummi", "Nurul", "Fitriani",
  "Halima", "Safia", "Mardiana",
};
static const char * const middle[] = {
  "", "", "", "Nur", "Putri", "Rahman", "Hidayat", "Kurnia", "Ayu", "Sari", "Abdullah",
};
static const char * const surnames[] = {
  "Sangadji", "Umasugi", "Marsaoly", "Tuanany", "Djafar", "Hamid", "Ibrahim", "Abdullah", "Taher",
  "Duwila", "Gafur", "Ishak", "Sahmad", "Tomagola", "Alting", "Kasuba", "Buamona", "Mahmud", "Latif",
  "Soleman", "Syamsuddin", "Bahrudin", "Kaidati", "Gani", "Umar", "Salim", "Hi. Muhammad", "La Ode",
  "Hasyim", "Fabanyo",
};
static const char * const prefix_titles[] = { "Dr.", "Ir.", "dr.", "drg.", "Drs.", "Hj." };
static const char * const suffix_titles[] = {
  "S.Pd.", "S.E.", "S.Kom.", "M.Si.", "S.H.", "S.T.", "M.M.", "S.Sos.", "M.Pd.", "S.Kep., Ns.",
  "S.Ak.", "S.IP.", "M.Kes.", "S.Si.", "A.Md.",
};
static const char * const pangkat_pns[] = {
  "Pengatur (II/c)", "Pengatur Tingkat I (II/d)", "Penata Muda (III/a)", "Penata Muda Tingkat I (III/b)",
  "Penata (III/c)", "Penata Tingkat I (III/d)", "Pembina (IV/a)", "Pembina Tingkat I (IV/b)",
  "Pembina Utama Muda (IV/c)",
};
static const char * const jabatan[] = {
  "Analis Kepegawaian Ahli Muda", "Pranata Komputer Ahli Pertama", "Kepala Sub Bagian Umum dan Kepegawaian",
  "Perencana Ahli Muda", "Analis Keuangan Pusat dan Daerah Ahli Pertama", "Bendahara Pengeluaran",
  "Sekretaris", "Kepala Bidang Perencanaan", "Arsiparis Ahli Pertama", "Pengelola Barang Milik Daerah",
  "Auditor Ahli Muda", "Dokter Ahli Madya", "Perawat Ahli Pertama", "Guru Ahli Madya",
  "Pengelola Layanan Operasional", "Analis Kebijakan Ahli Muda", "Penata Kelola Sistem dan Teknologi Informasi",
};
static const char * const units[] = {
  "Sekretariat", "Sub Bagian Umum dan Kepegawaian", "Sub Bagian Perencanaan dan Keuangan",
  "Bidang Program", "Bidang Pelayanan", "Bidang Pengendalian dan Evaluasi", "UPTD",
};
static const struct { guint code; const char *place; const char *region; } regencies[] = {
  { 71, "Ternate", "KOTA TERNATE" },
  { 72, "Tidore", "KOTA TIDORE KEPULAUAN" },
  { 1, "Jailolo", "KABUPATEN HALMAHERA BARAT" },
  { 2, "Weda", "KABUPATEN HALMAHERA TENGAH" },
  { 3, "Sanana", "KABUPATEN KEPULAUAN SULA" },
  { 4, "Labuha", "KABUPATEN HALMAHERA SELATAN" },
  { 5, "Tobelo", "KABUPATEN HALMAHERA UTARA" },
  { 6, "Maba", "KABUPATEN HALMAHERA TIMUR" },
  { 7, "Daruba", "KABUPATEN PULAU MOROTAI" },
  { 8, "Bobong", "KABUPATEN PULAU TALIABU" },
};
static const char * const phone_prefix[] = { "0812", "0813", "0821", "0822", "0852", "0853", "0811", "0823", "0895", "0877" };
static const char * const return_reasons[] = {
  "Surat permohonan belum ditandatangani Kepala OPD.",
  "Scan KTP salah satu pemohon tidak terbaca; mohon dikirim ulang.",
  "Alamat e-mail pemohon belum menggunakan domain resmi malutprov.go.id.",
  "Daftar pemohon tidak dilampirkan pada surat permohonan.",
};
static const char * const reject_reasons[] = {
  "Pemohon tidak menyelesaikan registrasi akun BSrE dalam batas waktu.",
  "BSrE menolak: foto swafoto tidak sesuai dengan data kependudukan.",
  "Pemohon telah pindah tugas ke instansi lain.",
};
static const char * const months_id[] = {
  "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
  "Oktober", "November", "Desember",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* ------------------------------------------------------------------------- */
/* PDF drawing */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Pango 1.50 justifies through pango_layout_set_justify(). */
#define JUSTIFY ((PangoAlignment) 99)

static PangoLayout *
new_layout (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  PangoLayout *layout;

  /* One unit is one point on the page. */
  pango_cairo_context_set_resolution (context, 72);
  layout = pango_layout_new (context);
  g_object_unref (context);
  return layout;
}

/* Draws @text at (@x, @y) in a box @width wide; returns its height. */
static double
draw_text (cairo_t        *cr,
           PangoLayout    *layout,
           const char     *font,
           const char     *text,
           double          x,
           double          y,
           double          width,
           PangoAlignment  align)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align == JUSTIFY ? PANGO_ALIGN_LEFT : align);
  pango_layout_set_justify (layout, align == JUSTIFY);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* The same, with one tab stop @tab points from the left (label : value). */
static double
draw_tabbed (cairo_t *cr, PangoLayout *layout, const char *font, const char *text,
             double x, double y, double width, double tab)
{
  PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, (int) tab);
  double h;

  pango_layout_set_tabs (layout, tabs);
  h = draw_text (cr, layout, font, text, x, y, width, PANGO_ALIGN_LEFT);
  pango_layout_set_tabs (layout, NULL);
  pango_tab_array_free (tabs);
  return h;
}

static char *
date_indonesian (const char *iso)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  if (!g_date_valid (&d))
    return g_strdup (iso);
  return g_strdup_printf ("%u %s %u", g_date_get_day (&d), months_id[g_date_get_month (&d) - 1],
                          g_date_get_year (&d));
}

static GBytes *
finish_pdf (cairo_surface_t *surface, cairo_t *cr, GByteArray *bytes, GError **error)
{
  cairo_status_t status;

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (bytes);
      g_set_error (error, SERTEL_DEMO_ERROR, SERTEL_DEMO_ERROR_FAILED,
                   _("The sample scan could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

static cairo_surface_t *
new_pdf (GByteArray *bytes, const char *date_iso)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, 595.28, 841.89);
  g_autofree char *stamp = g_strdup_printf ("%sT09:00:00", date_iso ? date_iso : "2026-01-01");

  /* A fixed creation date keeps the demo byte-for-byte repeatable. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sertel (demo data)");
  return surface;
}

GBytes *
sertel_demo_letter_pdf (const char  *opd_name,
                        const char  *letter_number,
                        const char  *letter_date_iso,
                        GPtrArray   *applicants,
                        GError     **error)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = new_pdf (bytes, letter_date_iso);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(PangoLayout) layout = new_layout (cr);
  g_autofree char *opd_upper = g_utf8_strup (opd_name ? opd_name : "", -1);
  g_autofree char *date = date_indonesian (letter_date_iso ? letter_date_iso : "");
  g_autofree char *place_date = g_strdup_printf ("Sofifi, %s", date);
  g_autofree char *meta = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const double left = 70, width = 595.28 - 140;
  double y = 50;
  guint n = applicants ? applicants->len : 0;

  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Kop */
  y += draw_text (cr, layout, "Serif Bold 13", "PEMERINTAH PROVINSI MALUKU UTARA", left, y, width, PANGO_ALIGN_CENTER);
  y += draw_text (cr, layout, "Serif Bold 15", opd_upper, left, y, width, PANGO_ALIGN_CENTER);
  y += draw_text (cr, layout, "Serif 9", SOFIFI ", Sofifi — Kode Pos 97852", left, y, width, PANGO_ALIGN_CENTER);
  y += 6;
  cairo_set_line_width (cr, 2.2);
  cairo_move_to (cr, left, y);
  cairo_line_to (cr, left + width, y);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, left, y + 3);
  cairo_line_to (cr, left + width, y + 3);
  cairo_stroke (cr);
  y += 16;

  draw_text (cr, layout, "Serif 11", place_date, left, y, width, PANGO_ALIGN_RIGHT);
  meta = g_strdup_printf ("Nomor\t: %s\nSifat\t: Biasa\nLampiran\t: 1 (satu) berkas\n"
                          "Hal\t: Permohonan Penerbitan Sertifikat Elektronik",
                          letter_number ? letter_number : "");
  y += draw_tabbed (cr, layout, "Serif 11", meta, left, y, width * 0.7, 60) + 16;
  y += draw_text (cr, layout, "Serif 11",
                  "Yth. Kepala Dinas Komunikasi, Informatika dan Persandian\nProvinsi Maluku Utara\ndi Sofifi",
                  left, y, width, PANGO_ALIGN_LEFT) + 14;

  g_string_append_printf (body,
                          "Dalam rangka penerapan tanda tangan elektronik di lingkungan %s, bersama ini kami "
                          "mengajukan permohonan penerbitan sertifikat elektronik bagi %u (%s) orang pegawai "
                          "sebagaimana tercantum di bawah ini:",
                          opd_name ? opd_name : "", n, n == 1 ? "satu" : n == 2 ? "dua" : n == 3 ? "tiga" :
                          n == 4 ? "empat" : n == 5 ? "lima" : "beberapa");
  y += draw_text (cr, layout, "Serif 11", body->str, left, y, width, JUSTIFY) + 10;

  for (guint i = 0; i < n; i++)
    {
      SertelApplicant *a = g_ptr_array_index (applicants, i);
      const char *titled = sertel_applicant_get_name_titled (a);
      g_autofree char *line = g_strdup_printf ("%u.  %s — NIP %s — %s", i + 1,
                                               titled && *titled ? titled : sertel_applicant_get_name (a),
                                               sertel_applicant_get_nip (a),
                                               sertel_applicant_get_jabatan (a) ? sertel_applicant_get_jabatan (a) : "");
      y += draw_text (cr, layout, "Serif 10", line, left + 12, y, width - 12, PANGO_ALIGN_LEFT) + 3;
    }
  y += 10;
  y += draw_text (cr, layout, "Serif 11",
                  "Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja samanya diucapkan terima kasih.",
                  left, y, width, JUSTIFY) + 30;

  y += draw_text (cr, layout, "Serif 11", "Kepala,", left + width * 0.55, y, width * 0.45, PANGO_ALIGN_LEFT) + 50;
  draw_text (cr, layout, "Serif Bold 11", "(tanda tangan dan cap)\n\nNIP …………………………",
             left + width * 0.55, y, width * 0.45, PANGO_ALIGN_LEFT);

  /* This is sample data; say so on the page. */
  cairo_save (cr);
  cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 0.25);
  draw_text (cr, layout, "Sans Bold 10", "CONTOH — DATA DEMO SERTEL", left, 815, width, PANGO_ALIGN_CENTER);
  cairo_restore (cr);

  return finish_pdf (surface, cr, bytes, error);
}

static const char *
region_for_nik (const char *nik, const char **out_place)
{
  guint code = nik && strlen (nik) >= 4 ? (guint) ((nik[2] - '0') * 10 + (nik[3] - '0')) : 0;

  for (guint i = 0; i < G_N_ELEMENTS (regencies); i++)
    if (regencies[i].code == code)
      {
        *out_place = regencies[i].place;
        return regencies[i].region;
      }
  *out_place = "Ternate";
  return "KOTA TERNATE";
}

/* The card is drawn as a picture (as a scanner would deliver it) and placed
 * on an A4 page. */
GBytes *
sertel_demo_ktp_pdf (SertelApplicant *applicant,
                     GError         **error)
{
  const int W = 856, H = 540;   /* 85.6 × 54 mm at 10 px/mm */
  GByteArray *bytes;
  cairo_surface_t *card, *surface;
  cairo_t *cr, *page;
  PangoLayout *layout;
  cairo_pattern_t *bg;
  SertelNik nik;
  g_autofree char *name_up = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *nik_line = NULL;
  g_autofree char *province_line = NULL;
  const char *place = NULL;
  const char *region;
  int ref_year = 0;

  g_return_val_if_fail (SERTEL_IS_APPLICANT (applicant), NULL);

  {
    SertelNip nip;
    if (sertel_nip_parse (sertel_applicant_get_nip (applicant) ? sertel_applicant_get_nip (applicant) : "", &nip, NULL))
      ref_year = g_date_get_year (&nip.birth);
  }
  if (!sertel_nik_parse (sertel_applicant_get_nik (applicant) ? sertel_applicant_get_nik (applicant) : "",
                         ref_year, &nik, error))
    return NULL;

  region = region_for_nik (nik.digits, &place);
  name_up = g_utf8_strup (sertel_applicant_get_name (applicant) ? sertel_applicant_get_name (applicant) : "", -1);
  birth = g_strdup_printf ("%s, %02u-%02u-%04u", place, g_date_get_day (&nik.birth), g_date_get_month (&nik.birth),
                           g_date_get_year (&nik.birth));
  fields = g_strdup_printf ("Nama\t: %s\nTempat/Tgl Lahir\t: %s\nJenis Kelamin\t: %s\nAlamat\t: %s\n"
                            "Pekerjaan\t: PEGAWAI NEGERI SIPIL\nKewarganegaraan\t: WNI\nBerlaku Hingga\t: SEUMUR HIDUP",
                            name_up, birth, nik.sex == SERTEL_SEX_FEMALE ? "PEREMPUAN" : "LAKI-LAKI",
                            g_str_equal (place, "Ternate") ? "KEL. TANAH RAJA, TERNATE TENGAH" : "KEL. GURABATI, TIDORE");
  nik_line = g_strdup_printf ("NIK  :  %s", nik.digits);
  province_line = g_strdup_printf ("PROVINSI MALUKU UTARA\n%s", region);

  /* Drawn in 10 px/mm units, stored at 5 px/mm: small, like a fax-grade scan. */
  card = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W / 2, H / 2);
  cr = cairo_create (card);
  cairo_scale (cr, 0.5, 0.5);

  bg = cairo_pattern_create_linear (0, 0, W, H);
  cairo_pattern_add_color_stop_rgb (bg, 0, 0.70, 0.84, 0.95);
  cairo_pattern_add_color_stop_rgb (bg, 1, 0.86, 0.93, 0.98);
  cairo_set_source (cr, bg);
  cairo_paint (cr);
  cairo_pattern_destroy (bg);

  layout = new_layout (cr);
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.1);
  draw_text (cr, layout, "Sans Bold 26", province_line, 0, 18, W, PANGO_ALIGN_CENTER);
  draw_text (cr, layout, "Sans Bold 30", nik_line, 30, 110, W - 60, PANGO_ALIGN_LEFT);
  draw_tabbed (cr, layout, "Sans 19", fields, 30, 170, W - 260, 190);

  /* Photo: a red background with a head and shoulders. */
  cairo_set_source_rgb (cr, 0.80, 0.15, 0.15);
  cairo_rectangle (cr, W - 210, 140, 170, 220);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.25, 0.2, 0.2);
  cairo_arc (cr, W - 125, 215, 45, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_save (cr);
  cairo_translate (cr, W - 125, 360);
  cairo_scale (cr, 80, 70);
  cairo_arc (cr, 0, 0, 1, G_PI, 2 * G_PI);
  cairo_restore (cr);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.1);
  draw_text (cr, layout, "Sans 15", place, W - 210, 380, 170, PANGO_ALIGN_CENTER);

  /* A specimen mark across the card. */
  cairo_save (cr);
  cairo_translate (cr, W / 2.0, H / 2.0);
  cairo_rotate (cr, -0.35);
  cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 0.35);
  draw_text (cr, layout, "Sans Bold 54", "SPESIMEN", -W / 2.0, -40, W, PANGO_ALIGN_CENTER);
  cairo_restore (cr);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (card);

  bytes = g_byte_array_new ();
  surface = new_pdf (bytes, NULL);
  page = cairo_create (surface);
  cairo_save (page);
  cairo_translate (page, 60, 60);
  cairo_scale (page, 0.8, 0.8);
  cairo_set_source_surface (page, card, 0, 0);
  cairo_paint (page);
  cairo_restore (page);
  cairo_surface_destroy (card);
  {
    PangoLayout *caption = new_layout (page);
    cairo_set_source_rgb (page, 0.3, 0.3, 0.3);
    draw_text (page, caption, "Sans 8", "Pindaian KTP — contoh data demo Sertel, bukan dokumen asli.", 60, 60 + H * 0.4 + 8, 400,
               PANGO_ALIGN_LEFT);
    g_object_unref (caption);
  }
  return finish_pdf (surface, page, bytes, error);
}

/* ------------------------------------------------------------------------- */
/* People */

typedef struct {
  GRand      *rand;
  GHashTable *niks;
  GHashTable *nips;
  GHashTable *emails;
  int         now_year;
  int         now_month;
} Gen;

static char *
ascii_lower_word (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s; s++)
    if (g_ascii_isalnum (*s))
      g_string_append_c (out, g_ascii_tolower (*s));
  return g_string_free (out, FALSE);
}

static SertelApplicant *
make_applicant (Gen *gen, const DemoOpd *opd, GError **error)
{
  GRand *r = gen->rand;

  for (int attempt = 0; attempt < 50; attempt++)
    {
      g_autoptr(SertelApplicant) a = sertel_applicant_new ();
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *nik = NULL, *nip = NULL, *name = NULL, *titled = NULL, *email = NULL, *phone = NULL;
      g_autofree char *first_l = NULL, *last_l = NULL, *local_part = NULL;
      gboolean female = g_rand_boolean (r);
      gboolean pppk = g_rand_int_range (r, 0, 100) < 15;
      guint year = (guint) g_rand_int_range (r, 1968, 1999);
      guint month = (guint) g_rand_int_range (r, 1, 13);
      guint day = (guint) g_rand_int_range (r, 1, 29);
      guint regency = regencies[g_rand_int_range (r, 0, G_N_ELEMENTS (regencies))].code;
      guint district = (guint) g_rand_int_range (r, 1, 11);
      const char *first = female ? PICK (r, female_first) : PICK (r, male_first);
      const char *mid = PICK (r, middle);
      const char *last = PICK (r, surnames);
      const char *pangkat;
      SertelNik pn;
      SertelNip pp;

      nik = g_strdup_printf ("82%02u%02u%02u%02u%02u%04u", regency, district, day + (female ? 40 : 0), month,
                             year % 100, (guint) g_rand_int_range (r, 1, 1000));
      if (pppk)
        {
          guint appointed = (guint) g_rand_int_range (r, 2021, MIN (gen->now_year, 2025) + 1);
          nip = g_strdup_printf ("%04u%02u%02u%04u2%u%u%03u", year, month, day, appointed,
                                 (guint) g_rand_int_range (r, 1, 3), female ? 2u : 1u,
                                 (guint) g_rand_int_range (r, 1, 4));
          pangkat = PICK (r, ((const char * const[]) { "IX", "X", "VII", "XI" }));
        }
      else
        {
          /* MIN evaluates its arguments twice: draw the age at appointment once. */
          guint age_at_tmt = (guint) g_rand_int_range (r, 20, 31);
          guint tmt = MIN (year + age_at_tmt, (guint) gen->now_year - 1);
          nip = g_strdup_printf ("%04u%02u%02u%04u%02u%u%03u", year, month, day, tmt,
                                 (guint) g_rand_int_range (r, 1, 13), female ? 2u : 1u,
                                 (guint) g_rand_int_range (r, 1, 4));
          pangkat = pangkat_pns[MIN ((gen->now_year - (int) tmt) / 4, (int) G_N_ELEMENTS (pangkat_pns) - 1)];
        }

      if (g_hash_table_contains (gen->niks, nik) || g_hash_table_contains (gen->nips, nip))
        continue;

      /* Every generated pair must pass the very checks intake applies. */
      if (!sertel_nip_parse (nip, &pp, &local) ||
          !sertel_nik_parse (nik, (int) g_date_get_year (&pp.birth), &pn, &local))
        {
          g_set_error (error, SERTEL_DEMO_ERROR, SERTEL_DEMO_ERROR_FAILED,
                       "demo generated an invalid identity %s / %s: %s", nik, nip, local->message);
          return NULL;
        }
      findings = sertel_identity_cross_check (&pn, &pp);
      if (findings->len > 0)
        {
          g_set_error (error, SERTEL_DEMO_ERROR, SERTEL_DEMO_ERROR_FAILED,
                       "demo generated a mismatching identity %s / %s", nik, nip);
          return NULL;
        }

      name = *mid ? g_strdup_printf ("%s %s %s", first, mid, last) : g_strdup_printf ("%s %s", first, last);
      if (g_rand_int_range (r, 0, 100) < 70)
        {
          const char *suffix = PICK (r, suffix_titles);
          if (g_rand_int_range (r, 0, 100) < 12)
            titled = g_strdup_printf ("%s %s, %s", PICK (r, prefix_titles), name, suffix);
          else
            titled = g_strdup_printf ("%s, %s", name, suffix);
        }

      first_l = ascii_lower_word (first);
      last_l = ascii_lower_word (last);
      local_part = g_strdup_printf ("%s.%s", first_l, last_l);
      email = g_strdup_printf ("%s@malutprov.go.id", local_part);
      for (guint k = 2; g_hash_table_contains (gen->emails, email); k++)
        {
          g_free (email);
          email = g_strdup_printf ("%s%u@malutprov.go.id", local_part, k);
        }
      phone = g_strdup_printf ("%s%04u%04u", PICK (r, phone_prefix), (guint) g_rand_int_range (r, 0, 10000),
                               (guint) g_rand_int_range (r, 0, 10000));

      sertel_applicant_set_name (a, name);
      sertel_applicant_set_name_titled (a, titled);
      sertel_applicant_set_nik (a, nik);
      sertel_applicant_set_nip (a, nip);
      sertel_applicant_set_pangkat (a, pangkat);
      sertel_applicant_set_jabatan (a, PICK (r, jabatan));
      sertel_applicant_set_unit_kerja (a, PICK (r, units));
      sertel_applicant_set_opd (a, opd->name);
      sertel_applicant_set_office_address (a, opd->address);
      sertel_applicant_set_city (a, opd->city);
      sertel_applicant_set_province (a, "Maluku Utara");
      sertel_applicant_set_email (a, email);
      sertel_applicant_set_phone (a, phone);

      g_hash_table_add (gen->niks, g_steal_pointer (&nik));
      g_hash_table_add (gen->nips, g_steal_pointer (&nip));
      g_hash_table_add (gen->emails, g_steal_pointer (&email));
      return g_steal_pointer (&a);
    }

  g_set_error_literal (error, SERTEL_DEMO_ERROR, SERTEL_DEMO_ERROR_FAILED,
                       "demo could not generate a unique identity");
  return NULL;
}

/* ------------------------------------------------------------------------- */
/* The workflow walk */

typedef enum {
  EV_CREATE,
  EV_MOVE,
  EV_APPLICANT,
} EventKind;

typedef struct {
  gint64       at;
  guint        req;
  guint        seq;
  EventKind    kind;
  SertelAction action;
  guint        applicant;   /* index on the request, for EV_APPLICANT */
  const char  *note;
} Event;

typedef struct {
  SertelRequest *request;
  GPtrArray     *applicants;   /* SertelApplicant* as generated */
  GPtrArray     *attachments;  /* SertelNewAttachment* */
  gint64         id;
  GArray        *applicant_ids;
  guint          verifikator;  /* index into the staff array */
} Plan;

static void
new_attachment_free (SertelNewAttachment *att)
{
  g_bytes_unref (att->data);
  g_free ((char *) att->file_name);
  g_free (att);
}

static void
plan_clear (Plan *plan)
{
  g_clear_object (&plan->request);
  g_clear_pointer (&plan->applicants, g_ptr_array_unref);
  g_clear_pointer (&plan->attachments, g_ptr_array_unref);
  g_clear_pointer (&plan->applicant_ids, g_array_unref);
}

static int
compare_events (gconstpointer a, gconstpointer b)
{
  const Event *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->req != y->req)
    return x->req < y->req ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

static gint64
demo_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

/* A working moment: weekdays 08:00–15:00 WIT (UTC+9). */
static gint64
office_time (GRand *r, gint64 t)
{
  g_autoptr(GTimeZone) wit = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, wit);
  g_autoptr(GDateTime) day = NULL;
  int dow = g_date_time_get_day_of_week (local);
  int shift = dow == 6 ? 2 : dow == 7 ? 1 : 0;

  day = g_date_time_new (wit, g_date_time_get_year (local), g_date_time_get_month (local),
                         g_date_time_get_day_of_month (local), 8 + g_rand_int_range (r, 0, 7),
                         g_rand_int_range (r, 0, 60), 0);
  return g_date_time_to_unix (day) + shift * 86400;
}

static void
add_event (GArray *events, Plan *plan, guint req, guint *seq, gint64 *t, gint64 delay,
           EventKind kind, SertelAction action, guint applicant, const char *note)
{
  Event ev = { 0 };

  *t += delay;
  ev.at = *t;
  ev.req = req;
  ev.seq = (*seq)++;
  ev.kind = kind;
  ev.action = action;
  ev.applicant = applicant;
  ev.note = note;
  g_array_append_val (events, ev);
}

gboolean
sertel_demo_fill (SertelStore  *store,
                  guint         n_requests,
                  GError      **error)
{
  return sertel_demo_fill_full (store, n_requests, SERTEL_DEMO_SEED,
                                g_get_real_time () / G_USEC_PER_SEC, error);
}

gboolean
sertel_demo_fill_full (SertelStore  *store,
                       guint         n_requests,
                       guint32       seed,
                       gint64        now,
                       GError      **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) staff = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_autoptr(GDateTime) now_dt = g_date_time_new_from_unix_utc (now);
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree Plan *plans = NULL;
  SertelStaff *operator_, *kadis, *kabid, *kasi;
  Gen gen = { 0 };
  gboolean has_staff = FALSE;
  gboolean ok = FALSE;
  gint64 clock = now - 121 * 86400;

  g_return_val_if_fail (SERTEL_IS_STORE (store), FALSE);

  if (!sertel_store_has_staff (store, &has_staff, error))
    return FALSE;
  existing = sertel_store_list_requests (store, -1, 0, 1, error);
  if (existing == NULL)
    return FALSE;
  if (has_staff || existing->len > 0)
    {
      g_set_error (error, SERTEL_DEMO_ERROR, SERTEL_DEMO_ERROR_NOT_EMPTY,
                   _("The register %s already holds staff or requests. Sample data goes only into a new, "
                     "empty register; choose another database file."),
                   sertel_store_get_path (store));
      return FALSE;
    }

  gen.rand = rand;
  gen.niks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen.nips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen.emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gen.now_year = g_date_time_get_year (now_dt);
  gen.now_month = g_date_time_get_month (now_dt);
  plans = g_new0 (Plan, MAX (n_requests, 1));

  sertel_store_set_clock (store, demo_clock, &clock);

  /* Staff: the administrator first (a new register's first account), who
   * then adds the others. */
  for (guint i = 0; demo_staff[i].name; i++)
    {
      SertelStaff *s = sertel_store_add_staff (store, i == 0 ? NULL : g_ptr_array_index (staff, 0),
                                               demo_staff[i].name, demo_staff[i].nip, demo_staff[i].role,
                                               SERTEL_DEMO_PASSWORD, error);
      if (s == NULL)
        goto out;
      g_ptr_array_add (staff, s);
    }
  operator_ = g_ptr_array_index (staff, 1);
  kadis = g_ptr_array_index (staff, 2);
  kabid = g_ptr_array_index (staff, 3);
  kasi = g_ptr_array_index (staff, 4);

  /* Plans, oldest first, spread over the 120 days before now. */
  for (guint i = 0; i < n_requests; i++)
    {
      Plan *plan = &plans[i];
      const DemoOpd *opd = &demo_opds[g_rand_int_range (rand, 0, G_N_ELEMENTS (demo_opds))];
      guint from_newest = n_requests - 1 - i;
      guint n_app = (guint) g_rand_int_range (rand, 1, 6);
      int fate = g_rand_int_range (rand, 0, 100);
      guint seq = 0;
      gint64 t, received;
      g_autoptr(GDateTime) letter_dt = NULL;
      g_autofree char *letter_date = NULL;
      g_autofree char *letter_number = NULL;
      guint stop_after = G_MAXUINT;   /* how many events of the plan may run */
      guint first_event = events->len;

      if (from_newest < 5 && n_requests >= 6)
        {
          /* The newest few show every early state, whatever the clock says. */
          received = now - (gint64) (from_newest + 1) * 3 * 3600;
          fate = from_newest == 4 ? 0 : 50;
          stop_after = from_newest == 4 ? G_MAXUINT : from_newest + 1 + (from_newest == 3 ? 1 : 0);
        }
      else
        received = MIN (office_time (rand, now - (gint64) (120 - (120 * i) / MAX (n_requests, 1)) * 86400),
                        now - 16 * 3600);

      letter_dt = g_date_time_new_from_unix_utc (received - g_rand_int_range (rand, 1, 5) * 86400);
      letter_date = g_date_time_format (letter_dt, "%Y-%m-%d");
      letter_number = g_strdup_printf ("800.1.3/%u/%s/%d", (guint) g_rand_int_range (rand, 10, 400), opd->code,
                                       g_date_time_get_year (letter_dt));

      plan->request = sertel_request_new ();
      sertel_request_set_letter_number (plan->request, letter_number);
      sertel_request_set_letter_date (plan->request, letter_date);
      sertel_request_set_sifat (plan->request, g_rand_int_range (rand, 0, 100) < 80 ? "biasa" : "segera");
      sertel_request_set_perihal (plan->request, g_rand_boolean (rand)
                                  ? "Permohonan Penerbitan Sertifikat Elektronik"
                                  : "Permohonan Pendaftaran Sertifikat Elektronik bagi Pegawai");
      sertel_request_set_opd_name (plan->request, opd->name);
      plan->applicants = g_ptr_array_new_with_free_func (g_object_unref);
      plan->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) new_attachment_free);
      plan->verifikator = g_rand_boolean (rand) ? 5 : 6;

      for (guint k = 0; k < n_app; k++)
        {
          SertelApplicant *a = make_applicant (&gen, opd, error);
          if (a == NULL)
            goto out;
          g_ptr_array_add (plan->applicants, a);
        }

      {
        SertelNewAttachment *att = g_new0 (SertelNewAttachment, 1);
        att->kind = "letter";
        att->file_name = g_strdup_printf ("surat-permohonan-%s.pdf", opd->code);
        att->applicant_index = -1;
        att->data = sertel_demo_letter_pdf (opd->name, letter_number, letter_date, plan->applicants, error);
        g_ptr_array_add (plan->attachments, att);
        if (att->data == NULL)
          goto out;
      }
      for (guint k = 0; k < n_app; k++)
        {
          SertelNewAttachment *att = g_new0 (SertelNewAttachment, 1);
          SertelApplicant *a = g_ptr_array_index (plan->applicants, k);
          att->kind = "ktp";
          att->file_name = g_strdup_printf ("ktp-%s.pdf", sertel_applicant_get_nik (a));
          att->applicant_index = (int) k;
          att->data = sertel_demo_ktp_pdf (a, error);
          g_ptr_array_add (plan->attachments, att);
          if (att->data == NULL)
            goto out;
        }

      /* The SOP path with realistic delays (a few are overdue). */
      t = received;
      add_event (events, plan, i, &seq, &t, 0, EV_CREATE, 0, 0, NULL);
      for (int round = 0; round < 2; round++)
        {
          add_event (events, plan, i, &seq, &t, g_rand_int_range (rand, 3, 40) * 60, EV_MOVE,
                     SERTEL_ACTION_DISPOSE, 0, "Untuk ditindaklanjuti sesuai SOP.");
          add_event (events, plan, i, &seq, &t, g_rand_int_range (rand, 3, 25) * 60, EV_MOVE,
                     SERTEL_ACTION_FORWARD, 0, "Mohon diverifikasi kelengkapan berkas pemohon.");
          if (round == 0 && fate < 20)
            {
              add_event (events, plan, i, &seq, &t, g_rand_int_range (rand, 5, 30) * 60, EV_MOVE,
                         SERTEL_ACTION_RETURN, 0, PICK (rand, return_reasons));
              if (fate < 8)
                break;          /* still waiting on the OPD */
              add_event (events, plan, i, &seq, &t, g_rand_int_range (rand, 2, 7) * 86400, EV_MOVE,
                         SERTEL_ACTION_RESUBMIT, 0, "Berkas telah dilengkapi oleh OPD.");
              continue;
            }
          add_event (events, plan, i, &seq, &t, g_rand_int_range (rand, 5, 30) * 60, EV_MOVE,
                     SERTEL_ACTION_ASSIGN, 0, "Berkas lengkap; silakan didaftarkan ke BSrE.");
          for (guint k = 0; k < n_app; k++)
            {
              gint64 ta = t;
              int outcome = g_rand_int_range (rand, 0, 100);

              add_event (events, plan, i, &seq, &ta, g_rand_int_range (rand, 1, 30) * 3600, EV_APPLICANT,
                         SERTEL_ACTION_MARK_REGISTERED, k, NULL);
              if (outcome < 8)
                {
                  add_event (events, plan, i, &seq, &ta, g_rand_int_range (rand, 3, 10) * 86400, EV_APPLICANT,
                             SERTEL_ACTION_MARK_REJECTED, k, PICK (rand, reject_reasons));
                }
              else
                {
                  add_event (events, plan, i, &seq, &ta, g_rand_int_range (rand, 1, 5) * 86400, EV_APPLICANT,
                             SERTEL_ACTION_MARK_VERIFIED, k, NULL);
                  add_event (events, plan, i, &seq, &ta, g_rand_int_range (rand, 12, 72) * 3600, EV_APPLICANT,
                             SERTEL_ACTION_MARK_ISSUED, k, NULL);
                }
            }
          break;
        }

      /* Cut the plan: forced early states, and nothing after now. */
      for (guint e = first_event, n = 0; e < events->len; e++, n++)
        {
          Event *ev = &g_array_index (events, Event, e);
          if (n >= stop_after || ev->at > now)
            ev->at = G_MAXINT64;   /* never runs */
        }
    }

  g_array_sort (events, compare_events);

  for (guint e = 0; e < events->len; e++)
    {
      Event *ev = &g_array_index (events, Event, e);
      Plan *plan = &plans[ev->req];

      if (ev->at == G_MAXINT64)
        break;
      clock = ev->at;

      switch (ev->kind)
        {
        case EV_CREATE:
          {
            g_autoptr(GPtrArray) stored = NULL;

            plan->id = sertel_store_create_request (store, operator_, plan->request, plan->applicants,
                                                    plan->attachments, NULL, error);
            if (plan->id == 0)
              goto out;
            stored = sertel_store_list_applicants (store, plan->id, error);
            if (stored == NULL)
              goto out;
            plan->applicant_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
            for (guint k = 0; k < plan->applicants->len; k++)
              {
                const char *nik = sertel_applicant_get_nik (g_ptr_array_index (plan->applicants, k));
                gint64 id = 0;
                for (guint j = 0; j < stored->len; j++)
                  if (g_strcmp0 (sertel_applicant_get_nik (g_ptr_array_index (stored, j)), nik) == 0)
                    id = sertel_applicant_get_id (g_ptr_array_index (stored, j));
                g_array_append_val (plan->applicant_ids, id);
              }
          }
          break;

        case EV_MOVE:
          {
            g_autoptr(SertelRequest) current = sertel_store_get_request (store, plan->id, error);
            SertelStaff *actor;
            gint64 assignee = 0;

            if (current == NULL)
              goto out;
            switch (ev->action)
              {
              case SERTEL_ACTION_DISPOSE: actor = kadis; break;
              case SERTEL_ACTION_FORWARD: actor = kabid; break;
              case SERTEL_ACTION_ASSIGN:
                actor = kasi;
                assignee = sertel_staff_get_id (g_ptr_array_index (staff, plan->verifikator));
                break;
              case SERTEL_ACTION_RETURN: actor = kasi; break;
              case SERTEL_ACTION_RESUBMIT: actor = operator_; break;
              default: g_assert_not_reached (); actor = NULL;
              }
            if (!sertel_store_move_request (store, actor, plan->id, sertel_request_get_version (current),
                                            ev->action, assignee, ev->note, error))
              goto out;
          }
          break;

        case EV_APPLICANT:
          {
            gint64 aid = g_array_index (plan->applicant_ids, gint64, ev->applicant);
            g_autoptr(SertelApplicant) current = sertel_store_get_applicant (store, aid, error);

            if (current == NULL)
              goto out;
            if (!sertel_store_move_applicant (store, g_ptr_array_index (staff, plan->verifikator), aid,
                                              sertel_applicant_get_version (current), ev->action,
                                              ev->note, error))
              goto out;
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  ok = TRUE;

out:
  sertel_store_set_clock (store, NULL, NULL);
  for (guint i = 0; i < n_requests; i++)
    plan_clear (&plans[i]);
  g_hash_table_unref (gen.niks);
  g_hash_table_unref (gen.nips);
  g_hash_table_unref (gen.emails);
  if (!ok && error && *error)
    g_prefix_error (error, _("The sample data could not be added: "));
  return ok;
}
