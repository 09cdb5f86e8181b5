/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile and careless input at intake, from a generated table: too long,
 * empty where required, control and invisible characters, bad NIK, NIP,
 * e-mail and phone formats, SQL and HTML text, emoji. Each goes through the
 * real intake page (typed into the widget) and through sertel-cli
 * import-csv. A refused input must get a message at its field (in the CSV
 * report, its line and column) and leave the register's row counts as they
 * were; an input that is only dirty must be stored cleaned. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "sertel-test-util.c"
#include "sertel-applicant-row.h"
#include "sertel-fields.h"
#include "sertel-intake-page.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

typedef enum { ON_PAGE, ON_ROW } Where;

typedef struct {
  SertelField field;
  Where       where;
  const char *widget;      /* template child, or NULL: not on the form */
  const char *column;      /* CSV column, or NULL: not in the list */
  gboolean    required;
} FieldUi;

static const FieldUi field_ui[] = {
  { SERTEL_FIELD_LETTER_NUMBER,  ON_PAGE, "letter_number_row", NULL,            TRUE },
  { SERTEL_FIELD_PERIHAL,        ON_PAGE, "perihal_row",       NULL,            TRUE },
  { SERTEL_FIELD_LETTER_OPD,     ON_PAGE, "opd_entry",         NULL,            TRUE },
  { SERTEL_FIELD_NAME,           ON_ROW,  "name_row",          "nama",          TRUE },
  { SERTEL_FIELD_NAME_TITLED,    ON_ROW,  "name_titled_row",   "nama_gelar",    FALSE },
  { SERTEL_FIELD_NIK,            ON_ROW,  "nik_row",           "nik",           TRUE },
  { SERTEL_FIELD_NIP,            ON_ROW,  "nip_row",           "nip",           TRUE },
  { SERTEL_FIELD_EMAIL,          ON_ROW,  "email_row",         "email",         TRUE },
  { SERTEL_FIELD_PHONE,          ON_ROW,  "phone_row",         "hp",            FALSE },
  { SERTEL_FIELD_PANGKAT,        ON_ROW,  "pangkat_row",       "pangkat",       FALSE },
  { SERTEL_FIELD_GOLONGAN,       ON_ROW,  NULL,                "golongan",      FALSE },
  { SERTEL_FIELD_JABATAN,        ON_ROW,  "jabatan_row",       "jabatan",       FALSE },
  { SERTEL_FIELD_UNIT_KERJA,     ON_ROW,  "unit_row",          "unit_kerja",    FALSE },
  { SERTEL_FIELD_OPD,            ON_ROW,  NULL,                "opd",           FALSE },
  { SERTEL_FIELD_OFFICE_ADDRESS, ON_ROW,  NULL,                "alamat_kantor", FALSE },
  { SERTEL_FIELD_CITY,           ON_ROW,  NULL,                "kota",          FALSE },
  { SERTEL_FIELD_PROVINCE,       ON_ROW,  NULL,                "provinsi",      FALSE },
};

static const FieldUi *
ui_of (SertelField field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_ui); i++)
    if (field_ui[i].field == field)
      return &field_ui[i];
  g_assert_not_reached ();
}

typedef struct {
  SertelField field;
  char       *input;
  char       *cleaned;     /* NULL: refused; else what the register keeps */
  char       *why;         /* what the case is, for the log */
} Case;

static void
case_free (Case *c)
{
  g_free (c->input);
  g_free (c->cleaned);
  g_free (c->why);
  g_free (c);
}

static void
add (GPtrArray *cases, SertelField field, const char *input, const char *cleaned, const char *why)
{
  Case *c = g_new0 (Case, 1);

  c->field = field;
  c->input = g_strdup (input);
  c->cleaned = g_strdup (cleaned);
  c->why = g_strdup (why);
  g_ptr_array_add (cases, c);
}

static char *
repeat (const char *unit, guint n)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

/* The table. Every free-text field gets the same families of bad input;
 * the identity fields get their own. */
static GPtrArray *
make_cases (void)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);

  for (guint i = 0; i < G_N_ELEMENTS (field_ui); i++)
    {
      SertelField f = field_ui[i].field;
      guint max = sertel_field_info (f)->max_chars;
      g_autofree char *over = repeat ("a", max + 1);
      g_autofree char *over_e = repeat ("é", max + 1);
      g_autofree char *over_emoji = repeat ("😀", max + 1);
      g_autofree char *huge = repeat ("Lorem ipsum ", 900);

      if (f == SERTEL_FIELD_NIK || f == SERTEL_FIELD_NIP)
        continue;   /* below: digits */
      add (cases, f, over, NULL, "one character too long");
      add (cases, f, over_e, NULL, "too long in two-byte characters");
      add (cases, f, over_emoji, NULL, "too long in emoji");
      add (cases, f, huge, NULL, "a pasted document");
      {
        g_autofree char *over2 = repeat ("b", max + 2);
        g_autofree char *twice = repeat ("ab", max);
        g_autofree char *words = repeat ("kata ", max / 5 + 2);
        add (cases, f, over2, NULL, "two characters too long");
        add (cases, f, twice, NULL, "twice the limit");
        add (cases, f, words, NULL, "too many words");
      }
      if (field_ui[i].required)
        {
          add (cases, f, "", NULL, "empty");
          add (cases, f, "   \t  ", NULL, "only blanks");
          add (cases, f, "\u200B\u200C\u2060\uFEFF", NULL, "only zero-width marks");
          add (cases, f, "\u202E\u202D\u2066", NULL, "only bidi controls");
          add (cases, f, "\x01\x02\x1B\x7F", NULL, "only C0 controls");
          add (cases, f, "\xc2\x80\xc2\x90\xc2\x9f", NULL, "only C1 controls");
        }
    }

  /* Names: letters of the KTP only. */
  add (cases, SERTEL_FIELD_NAME, "Robert'); DROP TABLE applicant;--", NULL, "SQL in a name");
  add (cases, SERTEL_FIELD_NAME, "<script>alert(1)</script>", NULL, "HTML in a name");
  add (cases, SERTEL_FIELD_NAME, "Siti 😀", NULL, "emoji in a name");
  add (cases, SERTEL_FIELD_NAME, "Siti Nur 2", NULL, "digits in a name");
  add (cases, SERTEL_FIELD_NAME, "Сити Нур", NULL, "Cyrillic look-alikes");
  add (cases, SERTEL_FIELD_NAME, "...", NULL, "no letter at all");
  add (cases, SERTEL_FIELD_NAME, "Siti@Nur", NULL, "an at sign in a name");
  add (cases, SERTEL_FIELD_NAME_TITLED, "Dr. Siti 😀, M.Si", NULL, "emoji with titles");
  add (cases, SERTEL_FIELD_NAME_TITLED, "<b>Dr. Siti</b>", NULL, "HTML with titles");

  /* NIK: 16 digits, a real date, a serial from 0001. */
  {
    static const char *bad_nik[] = {
      "827103520385000", "82710352038500011", "8271035203850000", "8271033203850001" /* day 32 */,
      "8271037203850001" /* day 72 */, "8271035213850001" /* month 13 */, "8271035200850001" /* month 00 */,
      "82710352038500AB", "8271O35203850001" /* letter O */, "1' OR '1'='1", "8271035203850001; DROP TABLE",
      "", "    ", "\u200B", "８２７１０３５２０３８５０００１" /* full-width */, "8271035203850001😀",
      "abcdefghijklmnop", "-271035203850001", "82710352.03.85.0001x", "82 71 03 52 03 85 00",
      "9999999999999999", "0000000000000000", "8271035203850001\t1", "8271-0352-0385-0001-2",
      "NIK 8271035203850001", "82710352038500", "8271038003850001" /* day 80 */,
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad_nik); i++)
      add (cases, SERTEL_FIELD_NIK, bad_nik[i], NULL, "bad NIK");
  }
  /* NIP: 18 digits, birth date, TMT, sex digit. */
  {
    static const char *bad_nip[] = {
      "19850312201001200", "1985031220100120011", "198513122010012001" /* month 13 */,
      "198503322010012001" /* day 32 */, "198503122010013001" /* sex 3 */, "198503122010002001" /* TMT month 00 */,
      "198503122010132001" /* TMT month 13 */, "19850312201001200A", "NIP198503122010012",
      "1' OR '1'='1", "", "   ", "\u202E198503122010012001\u202C\u200B0", "<b>198503122010012001</b>",
      "000000000000000000", "999999999999999999", "１９８５０３１２２０１００１２００１",
      "19850312 2010 01 2 0011", "NIP: 198503122010012001", "198502302010012001" /* 30 February */,
      "198503122010012", "2085031220100120001",
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad_nip); i++)
      add (cases, SERTEL_FIELD_NIP, bad_nip[i], NULL, "bad NIP");
  }
  /* E-mail: one address on the official domain. */
  {
    g_autofree char *long_local = repeat ("a", 65);
    g_autofree char *long_mail = g_strdup_printf ("%s@malutprov.go.id", long_local);
    g_autofree char *huge_local = repeat ("b", 300);
    g_autofree char *huge_mail = g_strdup_printf ("%s@malutprov.go.id", huge_local);
    const char *bad_mail[] = {
      "siti", "siti@", "@malutprov.go.id", "siti@@malutprov.go.id", "siti@gmail.com",
      "siti malutprov.go.id", "siti@malutprov.go.id.evil.example", "siti@malutprov..go.id",
      "siti@evilmalutprov.go.id", "si ti@malutprov.go.id", "siti@malutprov.go.id,budi@malutprov.go.id",
      "siti@malutprov.go.id; DROP TABLE applicant", "<script>@malutprov.go.id", "siti😀@malutprov.go.id",
      "siti@xn--malutprov-go-id.example", "\"siti\"@gmail.com", "siti@[127.0.0.1]", long_mail,
      ".siti@malutprov.go.id", "siti.@malutprov.go.id", huge_mail,
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad_mail); i++)
      add (cases, SERTEL_FIELD_EMAIL, bad_mail[i], NULL, "bad e-mail");
  }
  /* Phone. */
  {
    static const char *bad_phone[] = {
      "abc", "0812-ABCD-7890", "12345", "08123456789012345678", "+62 812 3456 7890 ext 5",
      "0812;DROP TABLE", "0812 3456 7890 😀", "++6281234567890", "0812/3456/7890", "<b>0812</b>",
    };
    for (guint i = 0; i < G_N_ELEMENTS (bad_phone); i++)
      add (cases, SERTEL_FIELD_PHONE, bad_phone[i], NULL, "bad phone number");
  }

  /* Dirty but acceptable: cleaned before it is stored. */
  add (cases, SERTEL_FIELD_JABATAN, "Pranata\tKomputer", "Pranata Komputer", "a tab");
  add (cases, SERTEL_FIELD_JABATAN, "Pranata\u200BKomputer\u200C", "PranataKomputer", "zero-width marks");
  add (cases, SERTEL_FIELD_JABATAN, "\u202EPranata Komputer\u202C", "Pranata Komputer", "bidi override");
  add (cases, SERTEL_FIELD_JABATAN, "Pranata\x01\x1B Komputer\x7F", "Pranata Komputer", "C0 controls");
  add (cases, SERTEL_FIELD_JABATAN, "Pranata\xc2\x90 Komputer\xc2\x9f", "Pranata Komputer", "C1 controls");
  add (cases, SERTEL_FIELD_UNIT_KERJA, "  Bidang   Persandian  ", "Bidang Persandian", "runs of blanks");
  add (cases, SERTEL_FIELD_UNIT_KERJA, "Bidang\r\nPersandian", "Bidang Persandian", "a line break in one line");
  add (cases, SERTEL_FIELD_PANGKAT, "Penata Muda (III/a)\uFEFF", "Penata Muda (III/a)", "a byte-order mark");
  add (cases, SERTEL_FIELD_JABATAN, "<b>Kepala</b> & \"Seksi\"", "<b>Kepala</b> & \"Seksi\"", "HTML kept as text");
  add (cases, SERTEL_FIELD_JABATAN, "Pranata Komputer'; DROP TABLE applicant;--",
       "Pranata Komputer'; DROP TABLE applicant;--", "SQL kept as text");
  add (cases, SERTEL_FIELD_UNIT_KERJA, "Sub Bagian Umum & Kepegawaian — Seksi Ke-2",
       "Sub Bagian Umum & Kepegawaian — Seksi Ke-2", "ordinary Indonesian punctuation");
  return cases;
}

/* ------------------------------------------------------------------------ */
/* A valid form */

typedef struct {
  Fx         fx;
  char      *pdf, *png, *drafts;
  GtkWidget *window, *page;
  SertelApplicantRow *row;
} Form;

static void
make_scans (Form *f)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  f->pdf = g_build_filename (f->fx.dir, "surat.pdf", NULL);
  surface = cairo_pdf_surface_create (f->pdf, 595, 842);
  cr = cairo_create (surface);
  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, "Permohonan penerbitan sertifikat elektronik");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  f->png = g_build_filename (f->fx.dir, "ktp.png", NULL);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 40);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.2, 0.4, 0.8);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, f->png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static GtkWidget *
widget_of (Form *f, const FieldUi *ui)
{
  GObject *o = ui->where == ON_PAGE ? gtk_widget_get_template_child (f->page, SERTEL_TYPE_INTAKE_PAGE, ui->widget)
                                    : gtk_widget_get_template_child (GTK_WIDGET (f->row), SERTEL_TYPE_APPLICANT_ROW, ui->widget);
  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

/* The message row under a field: its name with _msg_row for _row/_entry. */
static GtkWidget *
message_of (Form *f, const FieldUi *ui, gboolean row)
{
  g_autofree char *base = g_strdup (ui->widget);
  g_autofree char *name = NULL;
  GObject *o;

  *strrchr (base, '_') = '\0';
  if (g_str_equal (base, "opd"))
    base[3] = '\0';
  name = g_strdup_printf (row ? "%s_msg_row" : "%s_msg", base);
  o = ui->where == ON_PAGE ? gtk_widget_get_template_child (f->page, SERTEL_TYPE_INTAKE_PAGE, name)
                           : gtk_widget_get_template_child (GTK_WIDGET (f->row), SERTEL_TYPE_APPLICANT_ROW, name);
  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

static void
type (GtkWidget *editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static void
wait_idle (GtkWidget *page)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sertel_intake_page_is_busy (SERTEL_INTAKE_PAGE (page)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sertel_intake_page_is_busy (SERTEL_INTAKE_PAGE (page)));
}

static const char *good_values[][2] = {
  { "letter_number_row", "800/12/BKD/2026" },
  { "perihal_row", "Permohonan penerbitan sertifikat elektronik" },
  { "opd_entry", "Badan Kepegawaian Daerah" },
  { "name_row", "Siti Nur'aini" },
  { "name_titled_row", "Siti Nur'aini, S.Kom." },
  { "nik_row", NIK_F },
  { "nip_row", NIP_F },
  { "email_row", "siti.nuraini@malutprov.go.id" },
  { "phone_row", "0812 3456 7890" },
  { "pangkat_row", "Penata Muda (III/a)" },
  { "jabatan_row", "Pranata Komputer Ahli Pertama" },
  { "unit_row", "Bidang Persandian" },
};

static const char *
good_value (const char *widget)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_values); i++)
    if (g_str_equal (good_values[i][0], widget))
      return good_values[i][1];
  g_assert_not_reached ();
}

static void
fill_form (Form *f)
{
  g_autoptr(GFile) pdf = g_file_new_for_path (f->pdf);
  g_autoptr(GFile) png = g_file_new_for_path (f->png);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (guint i = 0; i < G_N_ELEMENTS (field_ui); i++)
    if (field_ui[i].widget)
      type (widget_of (f, &field_ui[i]), good_value (field_ui[i].widget));
  type (GTK_WIDGET (gtk_widget_get_template_child (f->page, SERTEL_TYPE_INTAKE_PAGE, "letter_date_row")), "20-11-2026");
  sertel_intake_page_set_letter_file (SERTEL_INTAKE_PAGE (f->page), pdf);
  if (sertel_applicant_row_get_ktp_data (f->row) == NULL)
    sertel_applicant_row_set_ktp_file (f->row, png);
  while (sertel_applicant_row_get_ktp_data (f->row) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  wait_idle (f->page);
  g_assert_cmpuint (sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (f->page)), ==, 0);
}

static void
open_form (Form *f)
{
  f->window = gtk_window_new ();
  f->page = g_object_new (SERTEL_TYPE_INTAKE_PAGE, "drafts-dir", f->drafts,
                          "store", f->fx.store, "actor", f->fx.operator, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 820, 1400);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  sertel_test_ui_wait_mapped (f->window);
  f->row = SERTEL_APPLICANT_ROW (gtk_widget_get_first_child (
             GTK_WIDGET (gtk_widget_get_template_child (f->page, SERTEL_TYPE_INTAKE_PAGE, "applicants_box"))));
  fill_form (f);
}

typedef struct { gint64 requests, applicants, attachments, audit; } Counts;

static Counts
counts (Fx *fx)
{
  Counts c = { count_rows (fx->path, "request"), count_rows (fx->path, "applicant"),
               count_rows (fx->path, "attachment"), count_rows (fx->path, "audit") };
  return c;
}

static void
assert_counts (Fx *fx, Counts before)
{
  Counts now = counts (fx);
  g_assert_cmpint (now.requests, ==, before.requests);
  g_assert_cmpint (now.applicants, ==, before.applicants);
  g_assert_cmpint (now.attachments, ==, before.attachments);
  g_assert_cmpint (now.audit, ==, before.audit);
}

/* The message says which field it is about: its name, or the word the
 * identity rules use for it. */
static void
assert_names_field (const char *msg, const Case *c)
{
  g_autofree char *lower = g_utf8_strdown (msg, -1);
  const char *label = sertel_field_label (c->field);
  const char *word;

  if (g_str_has_prefix (label, "the "))
    label += 4;
  switch (c->field)
    {
    case SERTEL_FIELD_NIK: word = "nik"; break;
    case SERTEL_FIELD_NIP: word = "nip"; break;
    case SERTEL_FIELD_EMAIL: word = "e-mail"; break;
    case SERTEL_FIELD_NAME:
    case SERTEL_FIELD_NAME_TITLED: word = "name"; break;
    case SERTEL_FIELD_PHONE: word = "phone"; break;
    default: word = label; break;
    }
  g_autofree char *lower_word = g_utf8_strdown (word, -1);

  if (strstr (lower, lower_word) == NULL)
    g_error ("%s (%s): the message “%s” does not name the field (“%s”)", label, c->why, msg, word);
}

/* ------------------------------------------------------------------------ */

static void
test_intake_page (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) cases = make_cases ();
  Form f = { 0 };
  guint refused = 0, cleaned = 0, skipped = 0;
  gboolean shot = FALSE;

  f.fx = *fx;
  f.drafts = g_build_filename (fx->dir, "drafts", NULL);
  make_scans (&f);
  sertel_test_ui_use_language (NULL);
  open_form (&f);

  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = cases->pdata[i];
      const FieldUi *ui = ui_of (c->field);
      GtkWidget *w;
      Counts before = counts (fx);

      if (ui->widget == NULL)
        {
          skipped++;
          continue;
        }
      w = widget_of (&f, ui);
      type (w, c->input);
      if (c->cleaned == NULL)
        {
          const char *msg;

          /* At the field: a sentence, the field marked, Submit held back. */
          if (!gtk_widget_get_visible (message_of (&f, ui, TRUE)))
            g_error ("%s (%s): “%s” was taken without a message", sertel_field_label (c->field), c->why, c->input);
          msg = gtk_label_get_text (GTK_LABEL (message_of (&f, ui, FALSE)));
          assert_names_field (msg, c);
          g_assert_true (gtk_widget_has_css_class (w, "error"));
          g_assert_cmpuint (sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (f.page)), >, 0);
          g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (f.page, SERTEL_TYPE_INTAKE_PAGE,
                                                                                                "submit_button"))));
          /* Asking anyway stores nothing. */
          gtk_widget_activate_action (f.page, "intake.submit", NULL);
          wait_idle (f.page);
          assert_counts (fx, before);
          if (!shot && c->field == SERTEL_FIELD_JABATAN)
            {
              sertel_test_ui_iterate (100);
              g_free (sertel_test_ui_screenshot (f.window, "intake-limit-en-light"));
              shot = TRUE;
            }
          type (w, good_value (ui->widget));
          g_assert_false (gtk_widget_get_visible (message_of (&f, ui, TRUE)));
          refused++;
        }
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) requests = NULL;
          g_autoptr(GPtrArray) applicants = NULL;
          g_autofree char *stored = NULL;

          g_assert_cmpuint (sertel_intake_page_count_problems (SERTEL_INTAKE_PAGE (f.page)), ==, 0);
          gtk_widget_activate_action (f.page, "intake.submit", NULL);
          wait_idle (f.page);
          g_assert_cmpint (counts (fx).requests, ==, before.requests + 1);
          requests = sertel_store_list_requests (fx->store, -1, 0, 1, &error);
          g_assert_no_error (error);
          applicants = sertel_store_list_applicants (fx->store, sertel_request_get_id (requests->pdata[0]), &error);
          g_assert_no_error (error);
          g_object_get (applicants->pdata[0], sertel_field_info (c->field)->key, &stored, NULL);
          g_assert_cmpstr (stored, ==, c->cleaned);
          /* The form is empty again: fill it for the next case. */
          f.row = SERTEL_APPLICANT_ROW (gtk_widget_get_first_child (
                    GTK_WIDGET (gtk_widget_get_template_child (f.page, SERTEL_TYPE_INTAKE_PAGE, "applicants_box"))));
          fill_form (&f);
          cleaned++;
        }
    }
  g_test_message ("intake page: %u refused at the field with nothing stored, %u stored cleaned, %u not on the form",
                  refused, cleaned, skipped);
  g_assert_cmpuint (refused + cleaned, >=, 200);

  gtk_window_destroy (GTK_WINDOW (f.window));
  g_free (f.pdf);
  g_free (f.png);
  g_free (f.drafts);
}

/* ------------------------------------------------------------------------ */
/* sertel-cli import-csv */

static const char *csv_columns[] = {
  "nama", "nama_gelar", "nik", "nip", "pangkat", "golongan", "jabatan", "unit_kerja", "opd", "email", "hp",
  "alamat_kantor", "kota", "provinsi",
};

static char *
csv_quote (const char *v)
{
  GString *s = g_string_new ("\"");
  for (const char *p = v; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* A good row with a NIK and NIP of its own (serial @k), and @column set to
 * @value. */
static void
append_row (GString *csv, guint k, const char *column, const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      const char *col = csv_columns[i];
      g_autofree char *v = NULL;

      if (column && g_str_equal (col, column))
        v = g_strdup (value);
      else if (g_str_equal (col, "nama")) v = g_strdup ("Siti Nur'aini");
      else if (g_str_equal (col, "nik")) v = g_strdup_printf ("827103520385%04u", k);
      else if (g_str_equal (col, "nip")) v = g_strdup_printf ("198503122010012%03u", k);
      else if (g_str_equal (col, "email")) v = g_strdup_printf ("siti%u@malutprov.go.id", k);
      else if (g_str_equal (col, "hp")) v = g_strdup ("0812 3456 7890");
      else if (g_str_equal (col, "jabatan")) v = g_strdup ("Pranata Komputer");
      else v = g_strdup ("");
      if (i)
        g_string_append_c (csv, ',');
      g_autofree char *q = csv_quote (v);
      g_string_append (csv, q);
    }
  g_string_append_c (csv, '\n');
}

static int
run_import (Fx *fx, const char *file, gint64 request_id, char **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, request_id);
  g_autofree char *out = NULL;

  g_subprocess_launcher_setenv (launcher, "SERTEL_PASSWORD", TEST_PASSWORD, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SERTEL_CLI"), "import-csv", file,
                                      "--request", id, "--user", sertel_staff_get_nip (fx->operator),
                                      "--database", fx->path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli_import (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  g_autoptr(GPtrArray) cases = make_cases ();
  g_autoptr(GString) bad = g_string_new (NULL);
  g_autoptr(GString) good = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_file = g_build_filename (fx->dir, "bad.csv", NULL);
  g_autofree char *good_file = g_build_filename (fx->dir, "dirty.csv", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) listed = NULL;
  Counts before;
  gint64 request_id;
  guint line = 1, k = 1, refused = 0, cleaned = 0;

  request_id = create_two (fx, "800/21/BKD/2026", NULL);
  before = counts (fx);

  /* Every refused case on its own line, and one good row: all or nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    g_string_append_printf (bad, "%s%s", i ? "," : "", csv_columns[i]);
  g_string_append_c (bad, '\n');
  g_string_append (good, bad->str);
  append_row (bad, k++, NULL, NULL);
  line++;
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = cases->pdata[i];
      const FieldUi *ui = ui_of (c->field);
      guint no;

      if (ui->column == NULL)
        continue;
      if (c->cleaned)
        {
          append_row (good, k++, ui->column, c->input);
          continue;
        }
      /* A line break inside a quoted field would start no new row: keep
       * the line count honest by leaving those out of the multi-row file. */
      if (strchr (c->input, '\n') || strchr (c->input, '\r'))
        continue;
      append_row (bad, k++, ui->column, c->input);
      no = ++line;
      g_array_append_val (lines, no);
    }
  g_file_set_contents (bad_file, bad->str, bad->len, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_import (fx, bad_file, request_id, &err), ==, 1);
  assert_counts (fx, before);
  g_assert_nonnull (strstr (err, "Nothing was imported"));
  {
    guint j = 0;
    for (guint i = 0; i < cases->len; i++)
      {
        Case *c = cases->pdata[i];
        const FieldUi *ui = ui_of (c->field);
        g_autofree char *expect = NULL;

        if (ui->column == NULL || c->cleaned || strchr (c->input, '\n') || strchr (c->input, '\r'))
          continue;
        /* The report names the line and the column of each refused cell. */
        expect = g_strdup_printf ("Line %u, column %s: ", g_array_index (lines, guint, j), ui->column);
        if (strstr (err, expect) == NULL)
          g_error ("%s (%s): no “%s” in:\n%s", ui->column, c->why, expect, err);
        j++;
        refused++;
      }
  }

  /* Text that is not UTF-8 at all is refused by line before anything else. */
  {
    static const char *invalid[] = { "Siti \xff Nur", "Pranata \xc3\x28", "\xc0\xaf", "Siti\xed\xa0\x80" };
    for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
      {
        g_autoptr(GString) csv = g_string_new (NULL);
        g_autofree char *file = g_build_filename (fx->dir, "invalid.csv", NULL);
        g_autofree char *e = NULL;

        for (guint j = 0; j < G_N_ELEMENTS (csv_columns); j++)
          g_string_append_printf (csv, "%s%s", j ? "," : "", csv_columns[j]);
        g_string_append_c (csv, '\n');
        append_row (csv, 900 + i, i % 2 ? "jabatan" : "nama", invalid[i]);
        g_file_set_contents (file, csv->str, csv->len, &error);
        g_assert_no_error (error);
        g_assert_cmpint (run_import (fx, file, request_id, &e), ==, 1);
        g_assert_nonnull (strstr (e, "Line 2 is not valid UTF-8"));
        assert_counts (fx, before);
        refused++;
      }
  }

  /* The dirty but acceptable rows go in, cleaned. */
  g_file_set_contents (good_file, good->str, good->len, &error);
  g_assert_no_error (error);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_import (fx, good_file, request_id, &err), ==, 0);
  listed = sertel_store_list_applicants (fx->store, request_id, &error);
  g_assert_no_error (error);
  for (guint i = 0, row = 2; i < cases->len; i++)
    {
      Case *c = cases->pdata[i];
      const FieldUi *ui = ui_of (c->field);
      g_autofree char *stored = NULL;

      if (ui->column == NULL || c->cleaned == NULL)
        continue;
      g_object_get (listed->pdata[row++], sertel_field_info (c->field)->key, &stored, NULL);
      g_assert_cmpstr (stored, ==, c->cleaned);
      cleaned++;
    }
  g_test_message ("import-csv: %u refused by line and column with nothing imported, %u imported cleaned",
                  refused, cleaned);
  g_assert_cmpuint (refused + cleaned, >=, 200);
}

/* The messages at the fields, in English and Indonesian, light and dark. */
static void
test_screenshots (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  static const struct { const char *lang; gboolean dark; } variants[] = {
    { NULL, FALSE }, { "id", FALSE }, { NULL, TRUE }, { "id", TRUE },
  };
  g_autofree char *long_jabatan = repeat ("Pranata Komputer Ahli Pertama ", 12);

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *name = g_strdup_printf ("intake-bad-input-%s-%s", variants[v].lang ? variants[v].lang : "en",
                                               variants[v].dark ? "dark" : "light");
      Form f = { 0 };

      sertel_test_ui_use_language (variants[v].lang);
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          variants[v].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      f.fx = *fx;
      f.drafts = g_build_filename (fx->dir, "drafts", NULL);
      make_scans (&f);
      open_form (&f);
      type (widget_of (&f, ui_of (SERTEL_FIELD_NAME_TITLED)), "Dr. Siti 😀");
      type (widget_of (&f, ui_of (SERTEL_FIELD_PANGKAT)), long_jabatan);
      type (widget_of (&f, ui_of (SERTEL_FIELD_JABATAN)), long_jabatan);
      type (widget_of (&f, ui_of (SERTEL_FIELD_PHONE)), "0812-ABCD-7890");
      g_assert_true (gtk_widget_get_visible (message_of (&f, ui_of (SERTEL_FIELD_PHONE), TRUE)));
      /* Scroll to the applicant's fields. */
      {
        GtkWidget *w = widget_of (&f, ui_of (SERTEL_FIELD_NAME_TITLED));
        GtkWidget *sw = gtk_widget_get_ancestor (w, GTK_TYPE_SCROLLED_WINDOW);
        double x = 0, y = 0;
        sertel_test_ui_iterate (200);
        if (sw && gtk_widget_translate_coordinates (w, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (sw)), 0, 0, &x, &y))
          gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw)), y - 40);
        sertel_test_ui_iterate (200);
      }
      g_free (sertel_test_ui_screenshot (f.window, name));
      gtk_window_destroy (GTK_WINDOW (f.window));
      g_free (f.pdf);
      g_free (f.png);
      g_free (f.drafts);
    }
  sertel_test_ui_use_language (NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }
  g_test_add ("/bad-input/intake-page", Fx, NULL, fx_setup, test_intake_page, fx_teardown);
  g_test_add ("/bad-input/cli-import", Fx, NULL, fx_setup, test_cli_import, fx_teardown);
  g_test_add ("/bad-input/screenshots", Fx, NULL, fx_setup, test_screenshots, fx_teardown);
  status = g_test_run ();
  remove_template ();
  return status;
}
