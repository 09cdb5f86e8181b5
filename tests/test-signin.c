/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sign-in page and the Staff page of Preferences, driven through their
 * real widgets against a temporary register, with screenshots. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-preferences-window.h"
#include "sertel-signin-page.h"
#include "sertel-staff-dialog.h"
#include "sertel-store.h"
#include "sertel-test-ui.h"

#include "sertel-test-ui.c"

#define ADMIN_NIP "198503122010011001"
#define KASI_NIP  "198211062008011004"
#define OPER_NIP  "199207252019032005"
#define PASSWORD  "rahasia-sekali"

typedef struct {
  const char *lang;
  gboolean    dark;
} Variant;

static const Variant variants[] = {
  { NULL, FALSE },
  { "id", FALSE },
  { "id", TRUE },
};

static void
apply_variant (const Variant *v)
{
  sertel_test_ui_use_language (v->lang);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      v->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static char *
variant_name (const char *view, const Variant *v)
{
  return g_strdup_printf ("%s-%s-%s", view, v->lang ? v->lang : "en", v->dark ? "dark" : "light");
}

static SertelStore *
temp_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sertel-signin-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sertel.db", NULL);
  g_autoptr(GError) error = NULL;
  SertelStore *store = sertel_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static GtkWidget *
child (GtkWidget *page, GType type, const char *name)
{
  GtkWidget *w = GTK_WIDGET (gtk_widget_get_template_child (page, type, name));

  g_assert_nonnull (w);
  return w;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition cond, gpointer data)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!cond (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (cond (data));
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        {
          if (label == NULL)
            return c;
          if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), label) == 0)
            return c;
          if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0)
            return c;
          if (ADW_IS_PREFERENCES_ROW (c) &&
              g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), label) == 0)
            return c;
        }
      if ((found = find_widget (c, type, label)))
        return found;
    }
  return NULL;
}

/* Sign-in page ------------------------------------------------------------- */

typedef struct {
  GtkWidget   *window;
  GtkWidget   *page;
  SertelStaff *signed_in;
} Fixture;

static void
signed_in_cb (SertelSigninPage *page, SertelStaff *staff, Fixture *f)
{
  g_set_object (&f->signed_in, staff);
}

static gboolean
stack_is (gpointer data)
{
  Fixture *f = data;
  GtkStack *stack = GTK_STACK (child (f->page, SERTEL_TYPE_SIGNIN_PAGE, "mode_stack"));
  const char *want = g_object_get_data (G_OBJECT (f->page), "want");

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), want) == 0;
}

static void
wait_stack (Fixture *f, const char *name)
{
  g_object_set_data (G_OBJECT (f->page), "want", (gpointer) name);
  wait_until (stack_is, f);
  sertel_test_ui_iterate (250);   /* the crossfade, before a picture */
}

static gboolean
has_signed_in (gpointer data)
{
  return ((Fixture *) data)->signed_in != NULL;
}

static gboolean
message_shown (gpointer data)
{
  return gtk_widget_get_visible (data) && *gtk_label_get_text (data) != '\0';
}

static void
fixture_open (Fixture *f, SertelStore *store)
{
  f->signed_in = NULL;
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 560, 760);
  f->page = sertel_signin_page_new (store);
  g_signal_connect (f->page, "signed-in", G_CALLBACK (signed_in_cb), f);
  gtk_window_set_child (GTK_WINDOW (f->window), f->page);
  gtk_window_present (GTK_WINDOW (f->window));
  sertel_test_ui_wait_mapped (f->window);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->signed_in);
}

static void
set_text (GtkWidget *page, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, SERTEL_TYPE_SIGNIN_PAGE, name)), text);
}

static void
test_first_admin_and_signin (void)
{
  g_autoptr(SertelStore) store = temp_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  GtkWidget *create_button, *nip_message, *password_message, *signin_button, *list;
  Fixture f = { 0 };

  apply_variant (&variants[0]);
  fixture_open (&f, store);

  /* Empty register: the first-administrator form. */
  wait_stack (&f, "first");
  g_assert_nonnull (find_widget (f.page, GTK_TYPE_LABEL, "Create the First Administrator"));
  create_button = child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "create_button");
  nip_message = child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "first_nip_message");
  g_assert_false (gtk_widget_get_sensitive (create_button));

  /* A NIK typed for a NIP: said at the field, and nothing can be sent. */
  set_text (f.page, "first_name_row", "Rudi Hartono");
  set_text (f.page, "first_nip_row", "8271035203850001");
  set_text (f.page, "first_password_row", PASSWORD);
  set_text (f.page, "first_repeat_row", PASSWORD);
  g_assert_true (message_shown (nip_message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (nip_message)), "18"));
  g_assert_true (gtk_widget_has_css_class (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "first_nip_row"), "error"));
  g_assert_false (gtk_widget_get_sensitive (create_button));

  /* Passwords that differ. */
  set_text (f.page, "first_nip_row", ADMIN_NIP);
  g_assert_false (gtk_widget_get_visible (nip_message));
  set_text (f.page, "first_repeat_row", "rahasia-lain");
  g_assert_true (message_shown (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "first_password_message")));
  g_assert_false (gtk_widget_get_sensitive (create_button));
  set_text (f.page, "first_repeat_row", PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (create_button));

  /* Create: the hash runs in a thread, the page shows it is busy. */
  g_signal_emit_by_name (create_button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (create_button));
  g_assert_true (gtk_widget_get_visible (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "create_spinner")));
  wait_until (has_signed_in, &f);
  g_assert_cmpstr (sertel_staff_get_name (f.signed_in), ==, "Rudi Hartono");
  g_assert_cmpint (sertel_staff_get_role (f.signed_in), ==, SERTEL_ROLE_ADMIN);
  staff = sertel_store_list_staff (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 1);
  g_assert_cmpstr (sertel_staff_get_nip (g_ptr_array_index (staff, 0)), ==, ADMIN_NIP);
  fixture_close (&f);

  /* Add an operator through the core, then sign in on a new page. */
  {
    g_autoptr(SertelStaff) op = sertel_store_add_staff (store, g_ptr_array_index (staff, 0), "Nur Aisyah",
                                                        OPER_NIP, SERTEL_ROLE_OPERATOR, PASSWORD, &error);
    g_assert_no_error (error);
  }
  fixture_open (&f, store);
  wait_stack (&f, "signin");
  list = child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "staff_list");
  g_assert_nonnull (find_widget (list, ADW_TYPE_ACTION_ROW, "Rudi Hartono"));
  g_assert_nonnull (find_widget (list, ADW_TYPE_ACTION_ROW, "Nur Aisyah"));
  signin_button = child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "signin_button");
  password_message = child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_message");
  g_assert_false (gtk_widget_get_sensitive (signin_button));

  /* Choose the operator, type a wrong password, press Enter. */
  g_signal_emit_by_name (list, "row-activated", find_widget (list, ADW_TYPE_ACTION_ROW, "Nur Aisyah"));
  set_text (f.page, "password_entry", "salah-salah");
  g_assert_true (gtk_widget_get_sensitive (signin_button));
  g_signal_emit_by_name (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry"), "activate");
  wait_until (message_shown, password_message);
  g_assert_null (f.signed_in);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry"))), ==, "");
  g_assert_true (gtk_widget_has_css_class (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry"), "error"));
  g_assert_true (gtk_widget_is_focus (gtk_widget_get_first_child (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry"))) ||
                 gtk_widget_has_focus (child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)),
                                         child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "password_entry")));
  sertel_test_ui_iterate (200);
  g_free (sertel_test_ui_screenshot (f.window, "signin-wrong-password-en-light"));

  /* The right one. */
  set_text (f.page, "password_entry", PASSWORD);
  g_signal_emit_by_name (signin_button, "clicked");
  wait_until (has_signed_in, &f);
  g_assert_cmpstr (sertel_staff_get_nip (f.signed_in), ==, OPER_NIP);
  g_assert_cmpint (sertel_staff_get_role (f.signed_in), ==, SERTEL_ROLE_OPERATOR);
  fixture_close (&f);
}

static void
test_screenshots (void)
{
  g_autoptr(SertelStore) empty = temp_store ();
  g_autoptr(SertelStore) store = temp_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) admin = sertel_store_add_staff (store, NULL, "Rudi Hartono", ADMIN_NIP,
                                                         SERTEL_ROLE_ADMIN, PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&(SertelStaff *) { sertel_store_add_staff (store, admin, "Nur Aisyah", OPER_NIP,
                                                             SERTEL_ROLE_OPERATOR, PASSWORD, &error) });
  g_assert_no_error (error);
  g_clear_object (&(SertelStaff *) { sertel_store_add_staff (store, admin, "Bambang Sutrisno", KASI_NIP,
                                                             SERTEL_ROLE_KASI, PASSWORD, &error) });
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *first = variant_name ("signin-first-admin", &variants[i]);
      g_autofree char *signin = variant_name ("signin", &variants[i]);
      Fixture f = { 0 };

      apply_variant (&variants[i]);
      fixture_open (&f, empty);
      wait_stack (&f, "first");
      set_text (f.page, "first_name_row", "Rudi Hartono");
      set_text (f.page, "first_nip_row", "19850312201001");
      sertel_test_ui_iterate (100);
      g_free (sertel_test_ui_screenshot (f.window, first));
      fixture_close (&f);

      fixture_open (&f, store);
      wait_stack (&f, "signin");
      {
        GtkWidget *list = child (f.page, SERTEL_TYPE_SIGNIN_PAGE, "staff_list");
        gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 1));
      }
      sertel_test_ui_iterate (100);
      g_free (sertel_test_ui_screenshot (f.window, signin));
      fixture_close (&f);
    }
}

/* Preferences: the Staff page ----------------------------------------------- */

static GtkWidget *
find_toplevel (GType type)
{
  GList *toplevels = gtk_window_list_toplevels ();
  GtkWidget *found = NULL;

  for (GList *l = toplevels; l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

typedef struct {
  SertelStore *store;
  const char  *nip;
  int          role;      /* -1: any */
  int          active;    /* -1: any */
} StaffWant;

static gboolean
store_has (gpointer data)
{
  StaffWant *want = data;
  g_autoptr(GPtrArray) staff = sertel_store_list_staff (want->store, TRUE, NULL);

  for (guint i = 0; staff && i < staff->len; i++)
    {
      SertelStaff *s = g_ptr_array_index (staff, i);

      if (g_strcmp0 (sertel_staff_get_nip (s), want->nip) == 0 &&
          (want->role < 0 || (int) sertel_staff_get_role (s) == want->role) &&
          (want->active < 0 || sertel_staff_get_active (s) == want->active))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  GtkWidget  *root;
  const char *title;
  const char *subtitle_part;
} RowWant;

static gboolean
row_shown (gpointer data)
{
  RowWant *want = data;
  GtkWidget *row = find_widget (want->root, ADW_TYPE_ACTION_ROW, want->title);

  return row != NULL &&
         (want->subtitle_part == NULL ||
          strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), want->subtitle_part) != NULL);
}

static void
test_preferences_admin (void)
{
  g_autoptr(SertelStore) store = temp_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) admin = sertel_store_add_staff (store, NULL, "Rudi Hartono", ADMIN_NIP,
                                                         SERTEL_ROLE_ADMIN, PASSWORD, &error);
  GtkWidget *prefs, *dialog, *row, *dropdown, *button;
  StaffWant want = { store, KASI_NIP, SERTEL_ROLE_KASI, TRUE };
  RowWant row_want = { NULL, "Bambang Sutrisno", NULL };

  g_assert_no_error (error);
  g_clear_object (&(SertelStaff *) { sertel_store_add_staff (store, admin, "Nur Aisyah", OPER_NIP,
                                                             SERTEL_ROLE_OPERATOR, PASSWORD, &error) });
  g_assert_no_error (error);

  apply_variant (&variants[0]);
  prefs = GTK_WIDGET (sertel_preferences_window_new_for (NULL, store, admin));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 640);
  gtk_window_present (GTK_WINDOW (prefs));
  sertel_test_ui_wait_mapped (prefs);
  row_want.root = prefs;
  g_assert_nonnull (find_widget (prefs, ADW_TYPE_PREFERENCES_PAGE, NULL));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "staff");

  /* Add a Kasi through the dialog. */
  gtk_widget_activate_action (prefs, "prefs.add-staff", NULL);
  dialog = find_toplevel (SERTEL_TYPE_STAFF_DIALOG);
  g_assert_nonnull (dialog);
  sertel_test_ui_wait_mapped (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "name_row")), "Bambang Sutrisno");
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "nip_row")), "12345");
  g_assert_true (message_shown (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "nip_message")));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "add_button")));
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "nip_row")), KASI_NIP);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "role_row")), 3);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "password_row")), "pendek");
  g_assert_true (message_shown (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "password_message")));
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "password_row")), PASSWORD);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "repeat_row")), PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "add_button")));
  sertel_test_ui_iterate (200);
  g_free (sertel_test_ui_screenshot (dialog, "staff-dialog-en-light"));
  g_signal_emit_by_name (child (dialog, SERTEL_TYPE_STAFF_DIALOG, "add_button"), "clicked");
  wait_until (store_has, &want);
  wait_until (row_shown, &row_want);

  /* Change her role to Verifikator (index 4). */
  row = find_widget (prefs, ADW_TYPE_ACTION_ROW, "Bambang Sutrisno");
  dropdown = find_widget (row, GTK_TYPE_DROP_DOWN, NULL);
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 4);
  want.role = SERTEL_ROLE_VERIFIKATOR;
  wait_until (store_has, &want);

  /* The list reloads with fresh rows: wait for the old one to go. */
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  while (row != NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Deactivate: the account stays, marked inactive. */
  row = find_widget (prefs, ADW_TYPE_ACTION_ROW, "Bambang Sutrisno");
  g_assert_nonnull (row);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_widget (row, GTK_TYPE_DROP_DOWN, NULL))), ==, 4);
  button = find_widget (row, GTK_TYPE_BUTTON, "Deactivate");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  want.active = FALSE;
  wait_until (store_has, &want);
  row_want.subtitle_part = "Inactive";
  wait_until (row_shown, &row_want);

  /* The last administrator cannot be switched off: the core refuses, the
   * window says so in a toast, and the account stays active. */
  row = find_widget (prefs, ADW_TYPE_ACTION_ROW, "Rudi Hartono");
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  g_signal_emit_by_name (find_widget (row, GTK_TYPE_BUTTON, "Deactivate"), "clicked");
  while (row != NULL)
    g_main_context_iteration (NULL, TRUE);
  want.nip = ADMIN_NIP;
  want.role = SERTEL_ROLE_ADMIN;
  want.active = TRUE;
  g_assert_true (store_has (&want));
  sertel_test_ui_iterate (300);
  g_free (sertel_test_ui_screenshot (prefs, "preferences-staff-toast-en-light"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* Screenshots of the Staff page. */
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *name = variant_name ("preferences-staff", &variants[i]);

      apply_variant (&variants[i]);
      prefs = GTK_WIDGET (sertel_preferences_window_new_for (NULL, store, admin));
      gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 560);
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "staff");
      gtk_window_present (GTK_WINDOW (prefs));
      sertel_test_ui_wait_mapped (prefs);
      row_want.root = prefs;
      row_want.subtitle_part = NULL;
      wait_until (row_shown, &row_want);
      sertel_test_ui_iterate (300);
      g_free (sertel_test_ui_screenshot (prefs, name));
      gtk_window_destroy (GTK_WINDOW (prefs));
    }
}

static guint
count_pages (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      /* The window keeps an untitled page of its own for search results. */
      if (ADW_IS_PREFERENCES_PAGE (c))
        n += *adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (c)) != '\0';
      else
        n += count_pages (c);
    }
  return n;
}

static void
test_preferences_non_admin (void)
{
  g_autoptr(SertelStore) store = temp_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) admin = sertel_store_add_staff (store, NULL, "Rudi Hartono", ADMIN_NIP,
                                                         SERTEL_ROLE_ADMIN, PASSWORD, &error);
  g_autoptr(SertelStaff) op = sertel_store_add_staff (store, admin, "Nur Aisyah", OPER_NIP,
                                                      SERTEL_ROLE_OPERATOR, PASSWORD, &error);
  GtkWidget *prefs;

  g_assert_no_error (error);
  apply_variant (&variants[0]);

  prefs = GTK_WIDGET (sertel_preferences_window_new_for (NULL, store, op));
  gtk_window_present (GTK_WINDOW (prefs));
  sertel_test_ui_wait_mapped (prefs);
  /* General and the OPD list (the Operator keeps it), no Staff page. */
  g_assert_cmpuint (count_pages (prefs), ==, 2);
  g_assert_null (find_widget (prefs, GTK_TYPE_LABEL, "Staff Accounts"));
  gtk_widget_activate_action (prefs, "prefs.add-staff", NULL);
  sertel_test_ui_iterate (50);
  g_assert_null (find_toplevel (SERTEL_TYPE_STAFF_DIALOG));

  /* The same window for an administrator has the page; switching the
   * actor takes it away again. */
  g_object_set (prefs, "actor", admin, NULL);
  /* General, OPD, Staff, Mail, BSrE, Database and Records. */
  g_assert_cmpuint (count_pages (prefs), ==, 7);
  g_object_set (prefs, "actor", op, NULL);
  g_assert_cmpuint (count_pages (prefs), ==, 2);
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* The old constructor still works, without the page. */
  prefs = GTK_WIDGET (sertel_preferences_window_new (NULL));
  g_assert_cmpuint (count_pages (prefs), ==, 1);
  gtk_window_destroy (GTK_WINDOW (prefs));
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
  /* The full-colour app icon is installed, not bundled: find it in the source. */
  {
    g_autofree char *icons = g_test_build_filename (G_TEST_DIST, "..", "data", "icons", NULL);
    gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), icons);
  }

  g_test_add_func ("/signin/first-admin-and-signin", test_first_admin_and_signin);
  g_test_add_func ("/signin/screenshots", test_screenshots);
  g_test_add_func ("/signin/preferences-admin", test_preferences_admin);
  g_test_add_func ("/signin/preferences-non-admin", test_preferences_non_admin);
  return g_test_run ();
}
