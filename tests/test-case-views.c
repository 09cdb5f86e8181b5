/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case page with its disposition and verification forms, driven through
 * the real widgets and actions from the Kepala Dinas to the Verifikator,
 * with the store checked after each step; plus wrong roles, the return
 * flow's required reason and a conflict that keeps the typed note. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "sertel-case-page.h"
#include "sertel-disposition-page.h"
#include "sertel-scan-preview.h"
#include "sertel-store-outbox.h"
#include "sertel-store.h"
#include "sertel-test-ui.h"
#include "sertel-verification-page.h"

#include "sertel-test-ui.c"

#define PASSWORD "rahasia-sekali"

typedef struct {
  const char *lang;
  gboolean    dark;
} Variant;

static const Variant variants[] = {
  { NULL, FALSE },
  { "id", FALSE },
  { "id", TRUE },
};

typedef struct {
  char        *path;
  SertelStore *store;
  SertelStaff *admin, *operator, *kadis, *kabid, *kasi, *verifikator;
  gint64       request_id;
  /* What the page asked of the window. */
  GPtrArray   *toasts;
  guint        refreshes;
  gint64       issue_letter;
  gint64       now;          /* the store's clock, moved on by the walk */
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

static void
apply_variant (const Variant *v)
{
  sertel_test_ui_use_language (v->lang);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      v->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
shot (GtkWidget *widget, const char *view, const Variant *v)
{
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;

  if (v == NULL)
    return;
  name = g_strdup_printf ("%s-%s-%s", view, v->lang ? v->lang : "en", v->dark ? "dark" : "light");
  sertel_test_ui_iterate (250);
  file = sertel_test_ui_screenshot (gtk_widget_get_root (widget) ? GTK_WIDGET (gtk_widget_get_root (widget)) : widget, name);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
}

#define WAIT_FOR(cond) G_STMT_START {                                         \
    gint64 _end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;              \
    while (!(cond) && g_get_monotonic_time () < _end)                        \
      if (!g_main_context_iteration (NULL, FALSE))                            \
        g_usleep (1000); /* leave the CPU to the workers */                   \
    g_assert_true (cond);                                                     \
  } G_STMT_END

/* ---- files ------------------------------------------------------------ */

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
letter_pdf (void)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, out, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 18);
  cairo_move_to (cr, 60, 90);
  cairo_show_text (cr, "BADAN KEPEGAWAIAN DAERAH");
  cairo_set_font_size (cr, 12);
  cairo_move_to (cr, 60, 130);
  cairo_show_text (cr, "Nomor: 800/12/BKD/2026");
  cairo_move_to (cr, 60, 160);
  cairo_show_text (cr, "Perihal: Permohonan penerbitan sertifikat elektronik");
  for (int i = 0; i < 12; i++)
    {
      cairo_rectangle (cr, 60, 200 + i * 22, 470 - (i % 3) * 60, 8);
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
ktp_png (const char *name)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 428, 270);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.55, 0.75, 0.9);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_font_size (cr, 16);
  cairo_move_to (cr, 20, 40);
  cairo_show_text (cr, "SPECIMEN KTP");
  cairo_move_to (cr, 20, 80);
  cairo_show_text (cr, name);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_bytes, out);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

/* ---- register --------------------------------------------------------- */

static SertelStaff *
staff (Fixture *f, const char *name, const char *nip, SertelRole role)
{
  g_autoptr(GError) error = NULL;
  SertelStaff *s = sertel_store_add_staff (f->store, f->admin, name, nip, role, PASSWORD, &error);

  g_assert_no_error (error);
  return s;
}

static SertelApplicant *
applicant (const char *name, const char *nik, const char *nip, const char *email, const char *mismatch)
{
  SertelApplicant *a = sertel_applicant_new ();

  sertel_applicant_set_name (a, name);
  sertel_applicant_set_nik (a, nik);
  sertel_applicant_set_nip (a, nip);
  sertel_applicant_set_email (a, email);
  sertel_applicant_set_mismatch_reason (a, mismatch);
  return a;
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sertel-case-XXXXXX", NULL);
  g_autoptr(SertelRequest) request = sertel_request_new ();
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) letter = letter_pdf ();
  g_autoptr(GBytes) ktp1 = ktp_png ("SITI RAHMAWATI");
  g_autoptr(GBytes) ktp2 = ktp_png ("AHMAD FAUZI");
  SertelNewAttachment *att;

  memset (f, 0, sizeof *f);
  f->toasts = g_ptr_array_new_with_free_func (g_free);
  f->path = g_build_filename (dir, "sertel.db", NULL);
  f->store = sertel_store_open (f->path, &error);
  g_assert_no_error (error);
  f->now = g_get_real_time () / G_USEC_PER_SEC - 3600;
  sertel_store_set_clock (f->store, fixture_clock, f);
  f->admin = sertel_store_add_staff (f->store, NULL, "Admin Sertel", "198001012005011001", SERTEL_ROLE_ADMIN, PASSWORD, &error);
  g_assert_no_error (error);
  f->operator = staff (f, "Operator Satu", "199002022015032001", SERTEL_ROLE_OPERATOR);
  f->kadis = staff (f, "Kepala Dinas", "197104181997031003", SERTEL_ROLE_KEPALA_DINAS);
  f->kabid = staff (f, "Kabid Persandian", "197809232003122002", SERTEL_ROLE_KABID);
  f->kasi = staff (f, "Kasi Sertel", "198211062008011004", SERTEL_ROLE_KASI);
  f->verifikator = staff (f, "Verifikator Satu", "199001142015032001", SERTEL_ROLE_VERIFIKATOR);

  sertel_request_set_letter_number (request, "800/12/BKD/2026");
  sertel_request_set_letter_date (request, "2026-11-20");
  sertel_request_set_sifat (request, "biasa");
  sertel_request_set_perihal (request, "Permohonan penerbitan sertifikat elektronik");
  sertel_request_set_opd_name (request, "Badan Kepegawaian Daerah");
  g_ptr_array_add (applicants, applicant ("Siti Rahmawati", "8271035203850001", "198503122010012001",
                                          "siti.rahmawati@malutprov.go.id", NULL));
  /* Born a day apart by NIK and NIP: accepted at intake with a reason. */
  g_ptr_array_add (applicants, applicant ("Ahmad Fauzi", "8271031204900002", "199004132015031001",
                                          "ahmad.fauzi@malutprov.go.id",
                                          "Tanggal lahir di KTP salah ketik; surat Dukcapil terlampir"));

  att = g_new0 (SertelNewAttachment, 1);
  *att = (SertelNewAttachment) { "letter", "surat-permohonan.pdf", letter, -1 };
  g_ptr_array_add (attachments, att);
  att = g_new0 (SertelNewAttachment, 1);
  *att = (SertelNewAttachment) { "ktp", "ktp-siti.png", ktp1, 0 };
  g_ptr_array_add (attachments, att);
  att = g_new0 (SertelNewAttachment, 1);
  *att = (SertelNewAttachment) { "ktp", "ktp-ahmad.png", ktp2, 1 };
  g_ptr_array_add (attachments, att);

  f->request_id = sertel_store_create_request (f->store, f->operator, request, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->request_id, >, 0);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->admin);
  g_clear_object (&f->operator);
  g_clear_object (&f->kadis);
  g_clear_object (&f->kabid);
  g_clear_object (&f->kasi);
  g_clear_object (&f->verifikator);
  g_clear_object (&f->store);
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
  g_free (f->path);
}

static SertelRequestState
state_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = sertel_store_get_request (f->store, f->request_id, &error);

  g_assert_no_error (error);
  return sertel_request_get_state (r);
}

static SertelRequest *
request_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SertelRequest *r = sertel_store_get_request (f->store, f->request_id, &error);

  g_assert_no_error (error);
  return r;
}

static SertelTransitionRecord *
last_transition (Fixture *f, GPtrArray **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = sertel_store_list_transitions (f->store, f->request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*keep)->len, >, 0);
  return (*keep)->pdata[(*keep)->len - 1];
}

static void
move (Fixture *f, SertelStaff *actor, SertelAction action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = request_of (f);

  g_assert_true (sertel_store_move_request (f->store, actor, f->request_id, sertel_request_get_version (r),
                                            action, 0, NULL, &error));
  g_assert_no_error (error);
}

/* ---- window ----------------------------------------------------------- */

static void
toast_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->toasts, g_variant_dup_string (parameter, NULL));
}

static void
refresh_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ((Fixture *) user_data)->refreshes++;
}

static void
issue_letter_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ((Fixture *) user_data)->issue_letter = g_variant_get_int64 (parameter);
}

static void
open_attachment_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
}

/* A window offering the "win" actions the main window gives the page. */
static GtkWidget *
window_for (Fixture *f, GtkWidget *page)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  const GActionEntry entries[] = {
    { "toast", toast_activated, "s", NULL, NULL, { 0 } },
    { "refresh", refresh_activated, NULL, NULL, NULL, { 0 } },
    { "issue-letter", issue_letter_activated, "x", NULL, NULL, { 0 } },
    { "open-attachment", open_attachment_activated, "x", NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), f);
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  sertel_test_ui_wait_mapped (window);
  return window;
}

static void
count_signal (gpointer instance, guint *counter)
{
  (*counter)++;
}

/* Waits for the next "loaded" of @widget after @change ran. */
static void
wait_loaded (GtkWidget *widget, guint *counter, guint before)
{
  WAIT_FOR (*counter > before);
}

static void
collect (GtkWidget *root, GType type, const char *name, GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        g_ptr_array_add (out, child);
      collect (child, type, name, out);
    }
}

/* The @nth widget of @type (and @name) below @root, in tree order. */
static GtkWidget *
find_named (GtkWidget *root, GType type, const char *name, guint nth)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect (root, type, name, all);
  return nth < all->len ? all->pdata[nth] : NULL;
}

/* The form the case page embeds, once it has loaded. Its own counter: a
 * form the page dropped may still finish a load in the background. */
static GtkWidget *
action_page_of (GtkWidget *page, GType type)
{
  GtkWidget *action;
  guint loaded = 0;
  gulong handler;

  WAIT_FOR (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)) != NULL);
  action = sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page));
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (action, type));
  handler = g_signal_connect (action, "loaded", G_CALLBACK (count_signal), &loaded);
  /* It may have loaded already: load again and wait for that one. */
  if (type == SERTEL_TYPE_DISPOSITION_PAGE)
    sertel_disposition_page_reload (SERTEL_DISPOSITION_PAGE (action));
  else
    sertel_verification_page_reload (SERTEL_VERIFICATION_PAGE (action));
  wait_loaded (action, &loaded, 0);
  g_signal_handler_disconnect (action, handler);
  return action;
}

static void
set_actor (GtkWidget *page, SertelStaff *actor, guint *loaded)
{
  guint before = *loaded;

  g_object_set (page, "actor", actor, NULL);
  wait_loaded (page, loaded, before);
}

static void
type_note (GtkWidget *disposition, const char *text)
{
  GtkWidget *view = find_named (disposition, GTK_TYPE_TEXT_VIEW, NULL, 0);

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static char *
typed_note (GtkWidget *disposition)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_named (disposition, GTK_TYPE_TEXT_VIEW, NULL, 0)));
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static void
tick (GtkWidget *root, const char *name)
{
  GtkWidget *check = find_named (root, GTK_TYPE_CHECK_BUTTON, name, 0);

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

static GtkWidget *
button_with_action (GtkWidget *root, const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;
      if ((found = button_with_action (child, action_name)))
        return found;
    }
  return NULL;
}

/* The case page's own scrolled window: the tallest one (the status page
 * and the note field have theirs too). */
static GtkAdjustment *
case_adjustment (GtkWidget *page)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GtkWidget *best = NULL;

  collect (page, GTK_TYPE_SCROLLED_WINDOW, NULL, all);
  for (guint i = 0; i < all->len; i++)
    if (best == NULL || gtk_widget_get_height (all->pdata[i]) > gtk_widget_get_height (best))
      best = all->pdata[i];
  g_assert_nonnull (best);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (best));
}

static void
scroll_to_end (GtkWidget *page)
{
  GtkAdjustment *adj;

  sertel_test_ui_iterate (200);
  adj = case_adjustment (page);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

/* Scrolls so that the bottom of @widget (the action form) is in view. */
static void
scroll_to_show (GtkWidget *page, GtkWidget *widget)
{
  GtkAdjustment *adj;
  graphene_rect_t bounds;

  sertel_test_ui_iterate (200);
  adj = case_adjustment (page);
  g_assert_true (gtk_widget_compute_bounds (widget, page, &bounds));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + bounds.origin.y + bounds.size.height + 24 -
                                 gtk_widget_get_height (page));
}

static SertelApplicantState
applicant_state (Fixture *f, guint index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (f->store, f->request_id, &error);

  g_assert_no_error (error);
  return sertel_applicant_get_state (list->pdata[index]);
}

/* Clicks @action's button of the applicant @index and waits for the store
 * and the page to show the new state. */
static void
mark (Fixture *f, GtkWidget *verification, guint index, SertelAction action, SertelApplicantState expect)
{
  GtkWidget *button = NULL;

  /* The rows are rebuilt from the register after each step. */
  WAIT_FOR ((button = find_named (verification, GTK_TYPE_BUTTON, sertel_action_to_string (action), index)) != NULL &&
            gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  WAIT_FOR (applicant_state (f, index) == expect);
}

/* ---- tests ------------------------------------------------------------ */

static void
walk (const Variant *v)
{
  Fixture f;
  GtkWidget *page, *window, *action, *check;
  guint page_loaded = 0;
  g_autoptr(GPtrArray) keep = NULL;
  SertelTransitionRecord *t;
  const char *items[] = { "letter", "email", "ktp", "nik_nip", "no_duplicate" };

  apply_variant (v);
  fixture_set_up (&f);

  /* Kepala Dinas: the disposition form with the letter. */
  page = sertel_case_page_new (f.store, f.kadis, f.request_id);
  g_signal_connect (page, "loaded", G_CALLBACK (count_signal), &page_loaded);
  window = window_for (&f, page);
  wait_loaded (page, &page_loaded, 0);
  action = action_page_of (page, SERTEL_TYPE_DISPOSITION_PAGE);
  g_assert_true (gtk_widget_get_sensitive (button_with_action (action, "disposition.forward")));
  WAIT_FOR (sertel_scan_preview_has_picture (SERTEL_SCAN_PREVIEW (find_named (action, SERTEL_TYPE_SCAN_PREVIEW, NULL, 0))));
  tick (action, "tindak_lanjuti");
  tick (action, "koordinasikan");
  type_note (action, "Mohon segera diproses sesuai SOP.");
  shot (page, "case-disposition", v);
  f.now += 9 * 60;

  g_assert_true (gtk_widget_activate_action (action, "disposition.forward", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_KABID);
  t = last_transition (&f, &keep);
  g_assert_cmpstr (t->action, ==, "dispose");
  g_assert_cmpstr (t->instructions, ==, "tindak_lanjuti;koordinasikan");
  g_assert_cmpstr (t->note, ==, "Mohon segera diproses sesuai SOP.");
  WAIT_FOR (f.refreshes > 0);
  /* No form for the Kepala Dinas any more. */
  WAIT_FOR (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)) == NULL);
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Kabid: forwards to the Kasi. */
  set_actor (page, f.kabid, &page_loaded);
  action = action_page_of (page, SERTEL_TYPE_DISPOSITION_PAGE);
  tick (action, "proses_sesuai_ketentuan");
  /* The Kabid took longer than the SOP's 15 minutes: overdue on the timeline. */
  f.now += 25 * 60;
  g_assert_true (gtk_widget_activate_action (action, "disposition.forward", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_KASI);
  t = last_transition (&f, &keep);
  g_assert_cmpstr (t->action, ==, "forward");
  g_assert_cmpstr (t->instructions, ==, "proses_sesuai_ketentuan");
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Kasi: the checklist, pre-filled by the core's checks. */
  set_actor (page, f.kasi, &page_loaded);
  action = action_page_of (page, SERTEL_TYPE_VERIFICATION_PAGE);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      check = find_named (action, GTK_TYPE_CHECK_BUTTON, items[i], 0);
      g_assert_nonnull (check);
      g_assert_true (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "automatic-ok")));
      g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    }
  g_assert_false (gtk_widget_get_sensitive (button_with_action (action, "verification.assign")));
  g_assert_true (gtk_widget_get_sensitive (button_with_action (action, "verification.return")));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    tick (action, items[i]);
  /* Every item confirmed, but no Verifikator chosen yet. */
  g_assert_false (gtk_widget_get_sensitive (button_with_action (action, "verification.assign")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (action, GTK_TYPE_DROP_DOWN, NULL, 0)), 1);
  g_assert_true (gtk_widget_get_sensitive (button_with_action (action, "verification.assign")));
  scroll_to_show (page, action);
  shot (page, "case-kasi", v);
  f.now += 12 * 60;

  g_assert_true (gtk_widget_activate_action (action, "verification.assign", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_VERIFIKATOR);
  {
    g_autoptr(SertelRequest) r = request_of (&f);
    g_assert_cmpint (sertel_request_get_assigned_to (r), ==, sertel_staff_get_id (f.verifikator));
    g_assert_nonnull (sertel_request_get_recommendation_number (r));
    g_assert_cmpstr (sertel_request_get_recommendation_number (r), !=, "");
  }
  t = last_transition (&f, &keep);
  g_assert_cmpstr (t->instructions, ==, "letter;email;ktp;nik_nip;no_duplicate");
  g_clear_pointer (&keep, g_ptr_array_unref);

  /* Verifikator: each applicant through BSrE. */
  set_actor (page, f.verifikator, &page_loaded);
  action = action_page_of (page, SERTEL_TYPE_VERIFICATION_PAGE);
  g_assert_true (gtk_widget_get_sensitive (button_with_action (action, "verification.issue-letter")));
  g_assert_false (gtk_widget_get_sensitive (find_named (action, GTK_TYPE_BUTTON, "mark_issued", 0)));
  g_assert_false (gtk_widget_get_sensitive (find_named (action, GTK_TYPE_BUTTON, "mark_verified", 1)));
  scroll_to_show (page, action);
  shot (page, "case-verifikator", v);
  for (guint i = 0; i < 2; i++)
    {
      mark (&f, action, i, SERTEL_ACTION_MARK_REGISTERED, SERTEL_APPLICANT_REGISTERED);
      mark (&f, action, i, SERTEL_ACTION_MARK_VERIFIED, SERTEL_APPLICANT_VERIFIED);
      mark (&f, action, i, SERTEL_ACTION_MARK_ISSUED, SERTEL_APPLICANT_ISSUED);
    }
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_COMPLETED);
  WAIT_FOR (gtk_widget_get_sensitive (button_with_action (action, "verification.issue-letter")));
  g_assert_true (gtk_widget_activate_action (action, "verification.issue-letter", NULL));
  g_assert_cmpint (f.issue_letter, ==, f.request_id);

  /* The whole timeline. */
  {
    guint before = page_loaded;
    sertel_case_page_reload (SERTEL_CASE_PAGE (page));
    wait_loaded (page, &page_loaded, before);
  }
  {
    /* Applicants and attachments, with the letter's preview opened. */
    GtkWidget *row = find_named (page, ADW_TYPE_EXPANDER_ROW, NULL, 0);
    GtkWidget *preview;

    g_assert_nonnull (row);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    preview = find_named (row, SERTEL_TYPE_SCAN_PREVIEW, NULL, 0);
    WAIT_FOR (sertel_scan_preview_has_picture (SERTEL_SCAN_PREVIEW (preview)));
    scroll_to_show (page, row);
    shot (page, "case-attachments", v);
  }
  scroll_to_end (page);
  shot (page, "case-timeline", v);

  g_signal_handlers_disconnect_by_data (page, &page_loaded);
  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&f);
}

static void
test_walk (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    walk (&variants[i]);
}

/* A role that may not act sees no form, or an insensitive one. */
static void
test_wrong_role (void)
{
  Fixture f;
  GtkWidget *window, *disposition, *verification, *page;
  guint loaded = 0, page_loaded = 0;

  apply_variant (&variants[0]);
  fixture_set_up (&f);

  /* The Kabid looking at a case still waiting for the Kepala Dinas. */
  disposition = sertel_disposition_page_new (f.store, f.kabid, f.request_id);
  g_signal_connect (disposition, "loaded", G_CALLBACK (count_signal), &loaded);
  window = window_for (&f, disposition);
  wait_loaded (disposition, &loaded, 0);
  g_assert_false (gtk_widget_get_sensitive (button_with_action (disposition, "disposition.forward")));
  g_assert_false (gtk_widget_activate_action (disposition, "disposition.forward", NULL) &&
                  state_of (&f) != SERTEL_REQUEST_RECEIVED);
  sertel_test_ui_iterate (200);
  g_assert_cmpint (state_of (&f), ==, SERTEL_REQUEST_RECEIVED);
  g_signal_handlers_disconnect_by_data (disposition, &loaded);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The case page shows no form to the operator. */
  page = sertel_case_page_new (f.store, f.operator, f.request_id);
  g_signal_connect (page, "loaded", G_CALLBACK (count_signal), &page_loaded);
  window = window_for (&f, page);
  wait_loaded (page, &page_loaded, 0);
  g_assert_null (sertel_case_page_get_action_page (SERTEL_CASE_PAGE (page)));
  g_signal_handlers_disconnect_by_data (page, &page_loaded);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A Verifikator at the Kasi's step: no assign, no return, no letter. */
  move (&f, f.kadis, SERTEL_ACTION_DISPOSE);
  move (&f, f.kabid, SERTEL_ACTION_FORWARD);
  loaded = 0;
  verification = sertel_verification_page_new (f.store, f.verifikator, f.request_id);
  g_signal_connect (verification, "loaded", G_CALLBACK (count_signal), &loaded);
  window = window_for (&f, verification);
  wait_loaded (verification, &loaded, 0);
  g_assert_false (gtk_widget_get_sensitive (button_with_action (verification, "verification.assign")));
  g_assert_false (gtk_widget_get_sensitive (button_with_action (verification, "verification.return")));
  g_assert_false (gtk_widget_get_sensitive (button_with_action (verification, "verification.issue-letter")));
  g_signal_handlers_disconnect_by_data (verification, &loaded);
  gtk_window_destroy (GTK_WINDOW (window));

  fixture_tear_down (&f);
}

static AdwMessageDialog *
find_dialog (void)
{
  AdwMessageDialog *dialog = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  return dialog;
}

static void
test_return_needs_reason (void)
{
  Fixture f;
  GtkWidget *window, *verification;
  AdwMessageDialog *dialog = NULL;
  GtkWidget *entry;
  guint loaded = 0;
  g_autoptr(SertelRequest) r = NULL;

  apply_variant (&variants[0]);
  fixture_set_up (&f);
  move (&f, f.kadis, SERTEL_ACTION_DISPOSE);
  move (&f, f.kabid, SERTEL_ACTION_FORWARD);

  verification = sertel_verification_page_new (f.store, f.kasi, f.request_id);
  g_signal_connect (verification, "loaded", G_CALLBACK (count_signal), &loaded);
  window = window_for (&f, verification);
  wait_loaded (verification, &loaded, 0);

  g_assert_true (gtk_widget_activate_action (verification, "verification.return", NULL));
  WAIT_FOR ((dialog = find_dialog ()) != NULL);
  sertel_test_ui_wait_mapped (GTK_WIDGET (dialog));
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_ENTRY (entry));
  /* No reason, no return. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Surat permohonan belum ditandatangani.");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  sertel_test_ui_iterate (400);
  g_free (sertel_test_ui_screenshot (GTK_WIDGET (dialog), "return-dialog-en-light"));
  adw_message_dialog_response (dialog, "confirm");
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_RETURNED);
  r = request_of (&f);
  g_assert_cmpstr (sertel_request_get_return_reason (r), ==, "Surat permohonan belum ditandatangani.");

  /* A move's reload may still finish after this test: not into its counter. */
  g_signal_handlers_disconnect_by_data (verification, &loaded);
  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&f);
}

/* The mail server refused an applicant's address ("is this official e-mail
 * active?"): the Kasi's checklist says so; an address never checked is
 * named as such; the Kasi may ask the server from here. */
static void
test_email_probe_on_checklist (void)
{
  Fixture f;
  GtkWidget *window, *verification, *check;
  guint loaded = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) applicants = NULL;

  apply_variant (&variants[0]);
  fixture_set_up (&f);
  move (&f, f.kadis, SERTEL_ACTION_DISPOSE);
  move (&f, f.kabid, SERTEL_ACTION_FORWARD);

  /* Never checked: still an official address, the item passes. */
  verification = sertel_verification_page_new (f.store, f.kasi, f.request_id);
  g_signal_connect (verification, "loaded", G_CALLBACK (count_signal), &loaded);
  window = window_for (&f, verification);
  wait_loaded (verification, &loaded, 0);
  check = find_named (verification, GTK_TYPE_CHECK_BUTTON, "email", 0);
  g_assert_true (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "automatic-ok")));
  g_assert_true (gtk_widget_get_sensitive (button_with_action (verification, "verification.check-emails")));

  /* The server refused the first applicant's address. */
  applicants = sertel_store_list_applicants (f.store, f.request_id, &error);
  g_assert_no_error (error);
  g_assert_true (sertel_store_record_email_check (f.store, f.kasi, sertel_applicant_get_id (applicants->pdata[0]),
                                                  sertel_applicant_get_email (applicants->pdata[0]), FALSE,
                                                  "The mail server does not know this address.", &error));
  g_assert_no_error (error);
  sertel_verification_page_reload (SERTEL_VERIFICATION_PAGE (verification));
  wait_loaded (verification, &loaded, 1);
  check = find_named (verification, GTK_TYPE_CHECK_BUTTON, "email", 0);
  g_assert_false (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), "automatic-ok")));
  shot (verification, "case-kasi-email-refused", &variants[0]);

  g_signal_handlers_disconnect_by_data (verification, &loaded);
  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&f);
}

/* Someone else changed the request between loading and forwarding: the page
 * says so, reloads, and keeps the note and the ticks. */
static void
test_conflict (void)
{
  Fixture f;
  GtkWidget *window, *page, *action;
  guint page_loaded = 0, action_loaded = 0, before;
  gulong handler;
  g_autofree char *note = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  SertelTransitionRecord *t;

  apply_variant (&variants[0]);
  fixture_set_up (&f);
  page = sertel_case_page_new (f.store, f.kadis, f.request_id);
  g_signal_connect (page, "loaded", G_CALLBACK (count_signal), &page_loaded);
  window = window_for (&f, page);
  wait_loaded (page, &page_loaded, 0);
  action = action_page_of (page, SERTEL_TYPE_DISPOSITION_PAGE);
  handler = g_signal_connect (action, "loaded", G_CALLBACK (count_signal), &action_loaded);
  tick (action, "untuk_diketahui");
  type_note (action, "Catatan yang tidak boleh hilang.");

  {
    /* The operator corrects the perihal through another connection. */
    g_autoptr(GError) error = NULL;
    g_autoptr(SertelStore) other = sertel_store_open (f.path, &error);
    g_autoptr(SertelRequest) r = NULL;

    g_assert_no_error (error);
    r = sertel_store_get_request (other, f.request_id, &error);
    g_assert_no_error (error);
    sertel_request_set_perihal (r, "Permohonan sertifikat elektronik (revisi)");
    g_assert_true (sertel_store_update_request (other, f.operator, r, &error));
    g_assert_no_error (error);
  }

  before = action_loaded;
  g_assert_true (gtk_widget_activate_action (action, "disposition.forward", NULL));
  WAIT_FOR (f.toasts->len > 0);
  g_assert_nonnull (strstr (f.toasts->pdata[0], "changed by someone else"));
  wait_loaded (action, &action_loaded, before);
  g_assert_cmpint (state_of (&f), ==, SERTEL_REQUEST_RECEIVED);
  note = typed_note (action);
  g_assert_cmpstr (note, ==, "Catatan yang tidak boleh hilang.");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_named (action, GTK_TYPE_CHECK_BUTTON, "untuk_diketahui", 0))));

  /* With the fresh version the forward goes through. */
  g_assert_true (gtk_widget_activate_action (action, "disposition.forward", NULL));
  WAIT_FOR (state_of (&f) == SERTEL_REQUEST_AT_KABID);
  t = last_transition (&f, &keep);
  g_assert_cmpstr (t->note, ==, "Catatan yang tidak boleh hilang.");
  g_assert_cmpstr (t->instructions, ==, "untuk_diketahui");
  g_signal_handler_disconnect (action, handler);

  g_signal_handlers_disconnect_by_data (page, &page_loaded);
  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&f);
}

/* A file that is no picture says so in a sentence. */
static void
test_preview_unreadable (void)
{
  Fixture f;
  GtkWidget *window, *preview;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sk = letter_pdf ();
  gint64 id;

  apply_variant (&variants[0]);
  fixture_set_up (&f);
  preview = sertel_scan_preview_new ();
  window = window_for (&f, preview);
  sertel_scan_preview_load (SERTEL_SCAN_PREVIEW (preview), f.store, 0, NULL);
  g_assert_false (sertel_scan_preview_has_picture (SERTEL_SCAN_PREVIEW (preview)));
  id = sertel_store_add_attachment (f.store, f.operator, f.request_id, 0, "sk", "sk.pdf", sk, &error);
  g_assert_no_error (error);
  sertel_scan_preview_load (SERTEL_SCAN_PREVIEW (preview), f.store, id, NULL);
  WAIT_FOR (sertel_scan_preview_has_picture (SERTEL_SCAN_PREVIEW (preview)));
  /* An id that does not exist: a sentence, not a crash. */
  sertel_scan_preview_load (SERTEL_SCAN_PREVIEW (preview), f.store, 999999, NULL);
  sertel_test_ui_iterate (500);
  g_assert_false (sertel_scan_preview_has_picture (SERTEL_SCAN_PREVIEW (preview)));
  gtk_window_destroy (GTK_WINDOW (window));
  fixture_tear_down (&f);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!sertel_test_ui_init ())
    {
      g_print ("1..0 # SKIP no display; run the UI tests under xvfb-run\n");
      return 0;
    }

  {
    /* The application loads its style sheet through AdwApplication; the
     * pages alone need it added for the .overdue colour. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_test_add_func ("/case-views/walk", test_walk);
  g_test_add_func ("/case-views/wrong-role", test_wrong_role);
  g_test_add_func ("/case-views/return-needs-reason", test_return_needs_reason);
  g_test_add_func ("/case-views/conflict", test_conflict);
  g_test_add_func ("/case-views/email-probe", test_email_probe_on_checklist);
  g_test_add_func ("/case-views/preview-unreadable", test_preview_unreadable);
  return g_test_run ();
}
