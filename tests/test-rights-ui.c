/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rights at the desk, through the real main window: the idle lock keeps what
 * was typed, the sign-in page says how long a locked account waits, the case
 * page masks the NIK for roles that do not check it, and looking at a KTP
 * scan is recorded. Screenshots in English, Indonesian and dark. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-case-page.h"
#include "sertel-idle-lock.h"
#include "sertel-identity.h"
#include "sertel-intake-page.h"
#include "sertel-signin-page.h"
#include "sertel-store-signin.h"
#include "sertel-store.h"
#include "sertel-test-ui.h"
#include "sertel-window.h"

#include "sertel-test-ui.c"

#define PASSWORD "rahasia-sekali"
#define NIK      "8271035203850001"
#define NIP      "198503122010012001"

#define WAIT_FOR(cond) G_STMT_START {                                         \
    gint64 _end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;              \
    while (!(cond) && g_get_monotonic_time () < _end)                        \
      g_main_context_iteration (NULL, FALSE);                                 \
    g_assert_true (cond);                                                     \
  } G_STMT_END

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
  char        *dir;
  char        *path;
  SertelStore *store;      /* a second connection, as another desk */
  gint64       ids[7];     /* staff ids by SertelRole */
  gint64       request;
  GtkWidget   *window;
} Fixture;

static const guint8 png[] = {
  0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
  0x00, 0x00, 0x00, 0x0d, 'I', 'H', 'D', 'R', 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
  0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde,
};

static void
fixture_set_up (Fixture *f)
{
  static const struct { const char *name; const char *nip; SertelRole role; } staff[] = {
    { "Rina Marasabessy", "199207252019032005", SERTEL_ROLE_OPERATOR },
    { "Ahmad Rizal Sangadji", "197104181997031003", SERTEL_ROLE_KEPALA_DINAS },
    { "Nurhayati Umasugi", "197809232003122002", SERTEL_ROLE_KABID },
    { "Fadli Tuanany", "198211062008011004", SERTEL_ROLE_KASI },
    { "Sitti Rahmawati Ibrahim", "199001142015032001", SERTEL_ROLE_VERIFIKATOR },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) admin = NULL;
  g_autoptr(SertelStaff) operator = NULL;
  g_autoptr(SertelRequest) r = sertel_request_new ();
  g_autoptr(SertelApplicant) a = sertel_applicant_new ();
  g_autoptr(GPtrArray) applicants = g_ptr_array_new ();
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) scan = g_bytes_new_static (png, sizeof png);
  SertelNewAttachment ktp = { "ktp", "ktp-siti.png", scan, 0 };

  f->dir = g_dir_make_tmp ("sertel-rights-ui-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "sertel.db", NULL);
  f->store = sertel_store_open (f->path, &error);
  g_assert_no_error (error);
  admin = sertel_store_add_staff (f->store, NULL, "Administrator", "198503122010011001", SERTEL_ROLE_ADMIN,
                                  PASSWORD, &error);
  g_assert_no_error (error);
  f->ids[SERTEL_ROLE_ADMIN] = sertel_staff_get_id (admin);
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr(SertelStaff) s = sertel_store_add_staff (f->store, admin, staff[i].name, staff[i].nip,
                                                         staff[i].role, PASSWORD, &error);
      g_assert_no_error (error);
      f->ids[staff[i].role] = sertel_staff_get_id (s);
      if (staff[i].role == SERTEL_ROLE_OPERATOR)
        operator = g_object_ref (s);
    }

  sertel_request_set_letter_number (r, "800.1.3/162/BKD/2026");
  sertel_request_set_letter_date (r, "2026-11-20");
  sertel_request_set_sifat (r, "biasa");
  sertel_request_set_perihal (r, "Permohonan Sertifikat Elektronik");
  sertel_request_set_opd_name (r, "Badan Kepegawaian Daerah");
  sertel_applicant_set_name (a, "Siti Nur'aini");
  sertel_applicant_set_nik (a, NIK);
  sertel_applicant_set_nip (a, NIP);
  sertel_applicant_set_email (a, "siti.nuraini@malutprov.go.id");
  sertel_applicant_set_pangkat (a, "Penata Muda (III/a)");
  sertel_applicant_set_jabatan (a, "Pranata Komputer Ahli Pertama");
  sertel_applicant_set_unit_kerja (a, "Bidang Kepegawaian");
  sertel_applicant_set_phone (a, "081234567890");
  g_ptr_array_add (applicants, a);
  g_ptr_array_add (attachments, &ktp);
  f->request = sertel_store_create_request (f->store, operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);

  f->window = g_object_new (SERTEL_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 760);
  sertel_window_open_register (SERTEL_WINDOW (f->window), f->path, FALSE);
  gtk_window_present (GTK_WINDOW (f->window));
  sertel_test_ui_wait_mapped (f->window);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sertel_test_ui_iterate (100);
  g_clear_object (&f->store);
  g_free (f->path);
  g_free (f->dir);
}

static void
apply_variant (const Variant *v)
{
  sertel_test_ui_use_language (v->lang);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      v->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
shot (GtkWidget *window, const char *view, const Variant *v)
{
  g_autofree char *name = g_strdup_printf ("rights-%s-%s-%s", view, v->lang ? v->lang : "en",
                                           v->dark ? "dark" : "light");
  sertel_test_ui_iterate (400);
  g_free (sertel_test_ui_screenshot (window, name));
}

static GtkWidget *
child (GtkWidget *w, GType type, const char *name)
{
  GObject *o = gtk_widget_get_template_child (w, type, name);
  g_assert_nonnull (o);
  return GTK_WIDGET (o);
}

static const char *
visible_page (GtkWidget *window, const char *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (window, SERTEL_TYPE_WINDOW, stack)));
}

/* Everything a widget tree says in words: labels, row titles and subtitles. */
static void
gather_text (GtkWidget *root, GString *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      if (!gtk_widget_get_visible (c))
        continue;
      if (GTK_IS_LABEL (c))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (c)));
      gather_text (c, out);
    }
}

static gboolean
tree_says (GtkWidget *root, const char *needle)
{
  g_autoptr(GString) text = g_string_new (NULL);

  gather_text (root, text);
  return strstr (text->str, needle) != NULL;
}

/* Scrolls the page so that the label saying @needle is in view. */
static void
scroll_to_text (GtkWidget *root, const char *needle)
{
  GtkWidget *label = NULL;
  GtkWidget *scrolled;
  graphene_point_t at;
  GtkAdjustment *adj;

  for (GtkWidget *w = root; w != NULL;)
    {
      GtkWidget *next = NULL;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        {
          g_autoptr(GString) text = g_string_new (GTK_IS_LABEL (c) ? gtk_label_get_text (GTK_LABEL (c)) : "");
          gather_text (c, text);
          if (strstr (text->str, needle) != NULL)
            {
              next = c;
              break;
            }
        }
      if (next == NULL)
        break;
      label = next;
      w = next;
    }
  g_assert_nonnull (label);
  scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_point (label, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adj, at.y - 120);
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
        return c;
      if ((found = find_button (c, label)))
        return found;
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget *root, GType type, const char *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (c), name) == 0))
        return c;
      if ((found = find_named (c, type, name)))
        return found;
    }
  return NULL;
}

static void
sign_in (Fixture *f, SertelRole role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = NULL;

  if (g_strcmp0 (visible_page (f->window, "main_stack"), "desk") == 0)
    g_assert_true (gtk_widget_activate_action (f->window, "win.sign-out", NULL));
  WAIT_FOR (g_strcmp0 (visible_page (f->window, "main_stack"), "signin") == 0);
  staff = sertel_store_authenticate (f->store, f->ids[role], PASSWORD, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (child (f->window, SERTEL_TYPE_WINDOW, "signin_page"), "signed-in", staff);
  WAIT_FOR (g_strcmp0 (visible_page (f->window, "main_stack"), "desk") == 0);
}

static GtkWidget *
lock_page (Fixture *f)
{
  GtkWidget *page = find_named (f->window, GTK_TYPE_BOX, "sertel-lock-screen");
  g_assert_nonnull (page);
  return page;
}

static gboolean
is_locked (Fixture *f)
{
  return gtk_widget_get_visible (lock_page (f));
}

static guint
audit_count (Fixture *f, const char *action, const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sertel_store_list_audit (f->store, 0, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      SertelAuditRecord *r = g_ptr_array_index (rows, i);
      if (g_strcmp0 (r->action, action) == 0 && (where == NULL || (r->after_value && strstr (r->after_value, where))))
        n++;
    }
  return n;
}

/* ------------------------------------------------------------------------ */

/* Runs the window's own shortcut for a key, as a key press would. */
static gboolean
press_shortcut (GtkWidget *window, guint keyval, GdkModifierType mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, window,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
test_idle_lock (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Fixture f = { 0 };
  GtkWidget *intake, *number_row, *password, *sign_out;

  fixture_set_up (&f);
  apply_variant (&variants[0]);
  g_settings_set_uint (settings, "idle-lock-seconds", 0);
  sign_in (&f, SERTEL_ROLE_OPERATOR);

  /* The Operator starts typing a letter in, then leaves the desk. */
  g_assert_true (gtk_widget_activate_action (f.window, "win.new-request", NULL));
  WAIT_FOR (g_strcmp0 (visible_page (f.window, "content_stack"), "intake") == 0);
  intake = adw_bin_get_child (ADW_BIN (child (f.window, SERTEL_TYPE_WINDOW, "intake_bin")));
  number_row = child (intake, SERTEL_TYPE_INTAKE_PAGE, "letter_number_row");
  gtk_editable_set_text (GTK_EDITABLE (number_row), "800.1.3/175/DINKES/2026");

  /* 0 never locks */
  sertel_test_ui_iterate (1500);
  g_assert_false (is_locked (&f));

  g_settings_set_uint (settings, "idle-lock-seconds", 1);
  {
    gint64 start = g_get_monotonic_time ();
    WAIT_FOR (is_locked (&f));
    /* not before the second has passed */
    g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC - 300000);
  }
  g_settings_set_uint (settings, "idle-lock-seconds", 0);
  g_assert_true (tree_says (lock_page (&f), "Rina Marasabessy"));
  /* the work underneath is out of reach but intact */
  g_assert_false (gtk_widget_is_sensitive (number_row));

  password = find_named (lock_page (&f), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  g_assert_nonnull (password);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      /* locked anew in each language: the lock screen words follow it */
      apply_variant (&variants[i]);
      gtk_editable_set_text (GTK_EDITABLE (password), PASSWORD);
      g_signal_emit_by_name (password, "entry-activated");
      WAIT_FOR (!is_locked (&f));
      g_settings_set_uint (settings, "idle-lock-seconds", 1);
      WAIT_FOR (is_locked (&f));
      g_settings_set_uint (settings, "idle-lock-seconds", 0);
      shot (f.window, "lock-screen", &variants[i]);
    }
  apply_variant (&variants[0]);

  /* a wrong password is refused on the lock screen too */
  gtk_editable_set_text (GTK_EDITABLE (password), "salah-sandi-123");
  g_signal_emit_by_name (password, "entry-activated");
  WAIT_FOR (tree_says (lock_page (&f), "password is wrong"));
  g_assert_true (is_locked (&f));
  g_assert_cmpuint (audit_count (&f, "staff.sign_in_failed", NULL), ==, 1);

  /* the window's shortcuts do nothing under the lock: Alt+Left would have
   * left the half-typed intake, Ctrl+F moved focus into the hidden work */
  g_assert_true (press_shortcut (f.window, GDK_KEY_Left, GDK_ALT_MASK));
  g_assert_true (press_shortcut (f.window, GDK_KEY_f, GDK_CONTROL_MASK));
  sertel_test_ui_iterate (100);
  g_assert_cmpstr (visible_page (f.window, "content_stack"), ==, "intake");
  g_assert_true (is_locked (&f));

  /* the right one: back where the Operator was, with what was typed */
  gtk_editable_set_text (GTK_EDITABLE (password), PASSWORD);
  g_signal_emit_by_name (password, "entry-activated");
  WAIT_FOR (!is_locked (&f));
  g_assert_cmpstr (visible_page (f.window, "content_stack"), ==, "intake");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (number_row)), ==, "800.1.3/175/DINKES/2026");
  g_assert_true (gtk_widget_is_sensitive (number_row));

  /* locked again, "Sign Out" leaves for the sign-in page */
  g_settings_set_uint (settings, "idle-lock-seconds", 1);
  WAIT_FOR (is_locked (&f));
  g_settings_set_uint (settings, "idle-lock-seconds", 0);
  sign_out = find_button (lock_page (&f), _("Sign _Out"));
  g_assert_nonnull (sign_out);
  g_signal_emit_by_name (sign_out, "clicked");
  WAIT_FOR (g_strcmp0 (visible_page (f.window, "main_stack"), "signin") == 0);
  g_assert_false (is_locked (&f));
  g_settings_reset (settings, "idle-lock-seconds");
  fixture_tear_down (&f);
}

/* Another desk locked the Kasi's account; this one says how long to wait. */
static void
test_lockout_message (void)
{
  Fixture f = { 0 };
  GtkWidget *page, *list, *row = NULL, *entry, *msg;

  fixture_set_up (&f);
  for (guint i = 0; i < SERTEL_SIGNIN_MAX_FAILURES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SertelStaff) who = sertel_store_authenticate (f.store, f.ids[SERTEL_ROLE_KASI], "salah-sandi-123",
                                                              &error);
      g_assert_null (who);
    }
  page = child (f.window, SERTEL_TYPE_WINDOW, "signin_page");
  WAIT_FOR (g_strcmp0 (visible_page (f.window, "main_stack"), "signin") == 0);
  list = child (page, SERTEL_TYPE_SIGNIN_PAGE, "staff_list");
  WAIT_FOR ((row = find_named (list, ADW_TYPE_ACTION_ROW, NULL)) != NULL);
  for (GtkWidget *r = gtk_widget_get_first_child (list); r; r = gtk_widget_get_next_sibling (r))
    if (ADW_IS_PREFERENCES_ROW (r) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (r)), "Fadli Tuanany") == 0)
      row = r;
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Fadli Tuanany");
  entry = child (page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry");
  msg = child (page, SERTEL_TYPE_SIGNIN_PAGE, "password_message");
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      apply_variant (&variants[i]);
      g_signal_emit_by_name (list, "row-activated", row);
      /* even the right password waits */
      gtk_editable_set_text (GTK_EDITABLE (entry), PASSWORD);
      g_signal_emit_by_name (entry, "activate");
      WAIT_FOR (audit_count (&f, "staff.sign_in_locked", NULL) == i + 1);
      WAIT_FOR (gtk_widget_get_visible (msg) && *gtk_label_get_text (GTK_LABEL (msg)) != '\0');
      sertel_test_ui_iterate (200);
      {
        /* "5 min", "5 mnt": the wait, in the language on screen */
        g_autofree char *wait = g_strdup_printf (_("%d min"), 5);
        if (strstr (gtk_label_get_text (GTK_LABEL (msg)), wait) == NULL)
          g_error ("“%s” not in “%s”", wait, gtk_label_get_text (GTK_LABEL (msg)));
      }
      shot (f.window, "signin-locked", &variants[i]);
    }
  g_assert_cmpstr (visible_page (f.window, "main_stack"), ==, "signin");
  g_assert_cmpuint (audit_count (&f, "staff.locked_out", NULL), ==, 1);
  g_assert_cmpuint (audit_count (&f, "staff.sign_in_locked", NULL), ==, G_N_ELEMENTS (variants));
  apply_variant (&variants[0]);
  fixture_tear_down (&f);
}

static GtkWidget *
open_case (Fixture *f)
{
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (f->window, "win.open-case", "x", f->request));
  WAIT_FOR (g_strcmp0 (visible_page (f->window, "content_stack"), "case") == 0);
  page = adw_bin_get_child (ADW_BIN (child (f->window, SERTEL_TYPE_WINDOW, "case_bin")));
  g_assert_true (SERTEL_IS_CASE_PAGE (page));
  WAIT_FOR (tree_says (page, "Siti Nur"));
  return page;
}

/* The Kepala Dinas and the Kabid see 8271••••••••0001; the Kasi checks the
 * whole number. A search by the full NIK finds the case for anyone. */
static void
test_masked_nik (void)
{
  static const struct { SertelRole role; gboolean full; } who[] = {
    { SERTEL_ROLE_KEPALA_DINAS, FALSE },
    { SERTEL_ROLE_KABID, FALSE },
    { SERTEL_ROLE_ADMIN, FALSE },
    { SERTEL_ROLE_OPERATOR, TRUE },
    { SERTEL_ROLE_KASI, TRUE },
    { SERTEL_ROLE_VERIFIKATOR, TRUE },
  };
  g_autofree char *masked = sertel_nik_mask (NIK);
  Fixture f = { 0 };

  fixture_set_up (&f);
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      GtkWidget *page;

      gboolean photo = who[i].role == SERTEL_ROLE_KEPALA_DINAS || who[i].role == SERTEL_ROLE_KASI;

      for (guint v = 0; v < (photo ? G_N_ELEMENTS (variants) : 1); v++)
        {
          apply_variant (&variants[v]);
          sign_in (&f, who[i].role);
          page = open_case (&f);
          g_assert_cmpint (tree_says (page, NIK), ==, who[i].full);
          g_assert_cmpint (tree_says (page, masked), ==, !who[i].full);
          /* the NIP is no secret of the KTP: shown to all */
          g_assert_true (tree_says (page, NIP));
          if (photo)
            {
              g_autofree char *view = g_strdup_printf ("case-%s", sertel_role_to_string (who[i].role));
              sertel_test_ui_iterate (1000);   /* the stack's crossfade and the layout */
              scroll_to_text (page, who[i].full ? NIK : masked);
              shot (f.window, view, &variants[v]);
            }
          /* out of the case page, so the next sign-in starts afresh */
          g_assert_true (gtk_widget_activate_action (f.window, "win.sign-out", NULL));
        }
      apply_variant (&variants[0]);
    }

  /* search by the full NIK, as the Kepala Dinas */
  sign_in (&f, SERTEL_ROLE_KEPALA_DINAS);
  {
    GtkWidget *list = child (f.window, SERTEL_TYPE_WINDOW, "case_list");
    GtkWidget *search = find_named (list, GTK_TYPE_SEARCH_ENTRY, NULL);

    g_assert_nonnull (search);
    gtk_editable_set_text (GTK_EDITABLE (search), NIK);
    WAIT_FOR (tree_says (list, "800.1.3/162/BKD/2026"));
    g_assert_false (tree_says (list, NIK + 4));
    for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
      {
        apply_variant (&variants[v]);
        shot (f.window, "search-nik", &variants[v]);
      }
    apply_variant (&variants[0]);
  }
  fixture_tear_down (&f);
}

/* Opening the KTP scan in the preview and in the viewer each leave a row. */
static void
test_ktp_view_audit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  Fixture f = { 0 };
  GtkWidget *page, *expander;
  gint64 ktp;

  fixture_set_up (&f);
  attachments = sertel_store_list_attachments (f.store, f.request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 1);
  ktp = sertel_attachment_get_id (g_ptr_array_index (attachments, 0));

  sign_in (&f, SERTEL_ROLE_KASI);
  page = open_case (&f);
  g_assert_cmpuint (audit_count (&f, "attachment.view", NULL), ==, 0);
  expander = find_named (page, ADW_TYPE_EXPANDER_ROW, NULL);
  g_assert_nonnull (expander);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  WAIT_FOR (audit_count (&f, "attachment.view", "preview") == 1);

  g_assert_true (gtk_widget_activate_action (f.window, "win.open-attachment", "x", ktp));
  WAIT_FOR (audit_count (&f, "attachment.view", "viewer") == 1);
  WAIT_FOR (g_list_length (gtk_window_list_toplevels ()) >= 2);
  {
    g_autoptr(GPtrArray) rows = sertel_store_list_audit (f.store, ktp, "attachment", &error);
    SertelAuditRecord *last = g_ptr_array_index (rows, rows->len - 1);

    g_assert_cmpint (last->actor_id, ==, f.ids[SERTEL_ROLE_KASI]);
    g_assert_cmpstr (last->action, ==, "attachment.view");
  }
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
  g_test_add_func ("/rights-ui/idle-lock", test_idle_lock);
  g_test_add_func ("/rights-ui/lockout-message", test_lockout_message);
  g_test_add_func ("/rights-ui/masked-nik", test_masked_nik);
  g_test_add_func ("/rights-ui/ktp-view-audit", test_ktp_view_audit);
  return g_test_run ();
}
