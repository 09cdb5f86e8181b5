/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sertel-password.h"
#include "sertel-identity.h"
#include "sertel-signin-page.h"
#include "sertel-staff-dialog.h"

struct _SertelSigninPage
{
  AdwBin parent_instance;

  SertelStore  *store;
  GCancellable *cancellable;     /* the loading of the staff list */
  gboolean      busy;            /* hashing or checking a password */

  GtkImage     *app_icon;
  GtkStack     *mode_stack;
  GtkSpinner   *loading_spinner;
  GtkLabel     *error_label;

  GtkWidget    *first_box;
  AdwEntryRow  *first_name_row;
  AdwEntryRow  *first_nip_row;
  AdwEntryRow  *first_password_row;
  AdwEntryRow  *first_repeat_row;
  GtkLabel     *first_name_message;
  GtkLabel     *first_nip_message;
  GtkLabel     *first_password_message;
  GtkWidget    *create_button;
  GtkSpinner   *create_spinner;

  GtkWidget    *signin_box;
  GtkListBox   *staff_list;
  GtkEditable  *password_entry;
  GtkLabel     *password_message;
  GtkWidget    *signin_button;
  GtkSpinner   *signin_spinner;
};

G_DEFINE_FINAL_TYPE (SertelSigninPage, sertel_signin_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static SertelStaff *
selected_staff (SertelSigninPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->staff_list);

  return row ? g_object_get_data (G_OBJECT (row), "staff") : NULL;
}

static void
update_sensitivity (SertelSigninPage *self)
{
  gboolean first_ok = sertel_staff_form_ok (row_text (self->first_name_row), row_text (self->first_nip_row),
                                            row_text (self->first_password_row), row_text (self->first_repeat_row));
  const char *password = gtk_editable_get_text (self->password_entry);

  gtk_widget_set_sensitive (self->create_button, !self->busy && first_ok);
  gtk_widget_set_sensitive (self->signin_button, !self->busy && selected_staff (self) != NULL && *password != '\0');
  /* The fields stay put, read-only, while the slow hash runs: making a
   * focused text insensitive would throw its focus away. */
  gtk_editable_set_editable (GTK_EDITABLE (self->first_name_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->first_nip_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->first_password_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->first_repeat_row), !self->busy);
  gtk_editable_set_editable (self->password_entry, !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->staff_list), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), self->busy);
  gtk_spinner_set_spinning (self->create_spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->signin_spinner), self->busy);
  gtk_spinner_set_spinning (self->signin_spinner, self->busy);
}

static void
set_busy (SertelSigninPage *self,
          gboolean          busy)
{
  self->busy = busy;
  update_sensitivity (self);
}

/* Loading the staff list --------------------------------------------------- */

typedef struct {
  gboolean   has_staff;
  GPtrArray *staff;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->staff, g_ptr_array_unref);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SertelStore *store = task_data;
  GError *error = NULL;
  LoadResult *result = g_new0 (LoadResult, 1);

  if (!sertel_store_has_staff (store, &result->has_staff, &error) ||
      (result->has_staff && (result->staff = sertel_store_list_staff (store, FALSE, &error)) == NULL))
    {
      load_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static GtkWidget *
staff_row_new (SertelStaff *staff)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  g_autofree char *title = g_markup_escape_text (sertel_staff_get_name (staff), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sertel_role_display_name (sertel_staff_get_role (staff)));
  gtk_widget_set_visible (check, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data_full (G_OBJECT (row), "staff", g_object_ref (staff), g_object_unref);
  return row;
}

static void
show_signin (SertelSigninPage *self,
             GPtrArray        *staff)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list))))
    gtk_list_box_remove (self->staff_list, child);
  for (guint i = 0; i < staff->len; i++)
    gtk_list_box_append (self->staff_list, staff_row_new (g_ptr_array_index (staff, i)));

  /* One account: nothing to choose. */
  if (staff->len == 1)
    gtk_list_box_select_row (self->staff_list, gtk_list_box_get_row_at_index (self->staff_list, 0));

  gtk_editable_set_text (self->password_entry, "");
  sertel_staff_form_show_message (GTK_WIDGET (self->password_entry), self->password_message, NULL);
  gtk_stack_set_visible_child_name (self->mode_stack, "signin");
  if (staff->len == 1)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->staff_list));
  update_sensitivity (self);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SertelSigninPage *self;
  g_autoptr(GError) error = NULL;
  LoadResult *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SERTEL_SIGNIN_PAGE (object);
  gtk_spinner_set_spinning (self->loading_spinner, FALSE);

  if (loaded == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_stack_set_visible_child_name (self->mode_stack, "error");
      return;
    }

  if (!loaded->has_staff)
    {
      gtk_stack_set_visible_child_name (self->mode_stack, "first");
      gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
    }
  else
    {
      show_signin (self, loaded->staff);
    }
  load_result_free (loaded);
}

void
sertel_signin_page_reload (SertelSigninPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SERTEL_IS_SIGNIN_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->mode_stack, "loading");
  gtk_spinner_set_spinning (self->loading_spinner, TRUE);

  /* The task keeps the page alive; a cancelled load is ignored on return. */
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, sertel_signin_page_reload);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

static void
retry_clicked_cb (SertelSigninPage *self)
{
  sertel_signin_page_reload (self);
}

/* The first administrator -------------------------------------------------- */

static void
first_changed_cb (SertelSigninPage *self)
{
  g_autofree char *name_msg = sertel_staff_form_name_message (row_text (self->first_name_row));
  g_autofree char *nip_msg = sertel_staff_form_nip_message (row_text (self->first_nip_row));
  g_autofree char *pw_msg = sertel_staff_form_password_message (row_text (self->first_password_row),
                                                                row_text (self->first_repeat_row));

  sertel_staff_form_show_message (GTK_WIDGET (self->first_name_row), self->first_name_message, name_msg);
  sertel_staff_form_show_message (GTK_WIDGET (self->first_nip_row), self->first_nip_message, nip_msg);
  sertel_staff_form_show_message (GTK_WIDGET (self->first_password_row), self->first_password_message, pw_msg);
  update_sensitivity (self);
}

typedef struct {
  SertelStore *store;
  gint64       staff_id;
  char        *name;
  char        *nip;
  char        *password;
} AccountData;

static void
account_data_free (AccountData *data)
{
  g_clear_object (&data->store);
  g_free (data->name);
  g_free (data->nip);
  sertel_password_clear_free (data->password);
  g_free (data);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AccountData *data = task_data;
  GError *error = NULL;
  SertelStaff *staff;

  staff = sertel_store_add_staff (data->store, NULL, data->name, data->nip,
                                  SERTEL_ROLE_ADMIN, data->password, &error);
  if (staff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, staff, g_object_unref);
}

static void
signed_in (SertelSigninPage *self,
           SertelStaff      *staff)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* The window usually swaps this page out now; a text field destroyed
   * while it holds the focus makes GTK 4.8 warn. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_root_set_focus (root, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, staff);
  /* Ready for the next person when the window signs out again. */
  gtk_editable_set_text (GTK_EDITABLE (self->first_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->first_repeat_row), "");
  gtk_editable_set_text (self->password_entry, "");
}

static void
create_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SertelSigninPage *self = SERTEL_SIGNIN_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (staff == NULL)
    {
      /* Say it at the field it is about; the rest under the passwords. */
      if (error->domain == SERTEL_IDENTITY_ERROR && error->code == SERTEL_IDENTITY_ERROR_NAME)
        sertel_staff_form_show_message (GTK_WIDGET (self->first_name_row), self->first_name_message, error->message);
      else if (error->domain == SERTEL_IDENTITY_ERROR)
        sertel_staff_form_show_message (GTK_WIDGET (self->first_nip_row), self->first_nip_message, error->message);
      else
        sertel_staff_form_show_message (GTK_WIDGET (self->first_password_row), self->first_password_message, error->message);
      return;
    }

  signed_in (self, staff);
  sertel_signin_page_reload (self);
}

static void
create_clicked_cb (SertelSigninPage *self)
{
  g_autoptr(GTask) task = NULL;
  AccountData *data;

  if (self->busy || self->store == NULL || !gtk_widget_get_sensitive (self->create_button))
    return;

  data = g_new0 (AccountData, 1);
  data->store = g_object_ref (self->store);
  data->name = g_strdup (row_text (self->first_name_row));
  data->nip = g_strdup (row_text (self->first_nip_row));
  data->password = g_strdup (row_text (self->first_password_row));

  set_busy (self, TRUE);
  task = g_task_new (self, NULL, create_done, NULL);
  g_task_set_source_tag (task, create_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) account_data_free);
  g_task_run_in_thread (task, create_thread);
}

static void
first_activated_cb (SertelSigninPage *self)
{
  create_clicked_cb (self);
}

/* Signing in --------------------------------------------------------------- */

static void
staff_selected_cb (SertelSigninPage *self)
{
  GtkListBoxRow *selected;

  /* The list also says so while the page is being torn down. */
  if (self->staff_list == NULL || self->password_entry == NULL)
    return;
  selected = gtk_list_box_get_selected_row (self->staff_list);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->staff_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");

      if (check)
        gtk_widget_set_visible (check, row == GTK_WIDGET (selected));
    }
  sertel_staff_form_show_message (GTK_WIDGET (self->password_entry), self->password_message, NULL);
  update_sensitivity (self);
}

static void
staff_activated_cb (SertelSigninPage *self,
                    GtkListBoxRow    *row)
{
  gtk_list_box_select_row (self->staff_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
password_changed_cb (SertelSigninPage *self)
{
  update_sensitivity (self);
}

static void
authenticate_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  AccountData *data = task_data;
  GError *error = NULL;
  SertelStaff *staff;

  staff = sertel_store_authenticate (data->store, data->staff_id, data->password, &error);
  if (staff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, staff, g_object_unref);
}

static void
authenticate_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SertelSigninPage *self = SERTEL_SIGNIN_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStaff) staff = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (staff == NULL)
    {
      sertel_staff_form_show_message (GTK_WIDGET (self->password_entry), self->password_message, error->message);
      gtk_editable_set_text (self->password_entry, "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  sertel_staff_form_show_message (GTK_WIDGET (self->password_entry), self->password_message, NULL);
  signed_in (self, staff);
}

static void
signin_clicked_cb (SertelSigninPage *self)
{
  g_autoptr(GTask) task = NULL;
  SertelStaff *staff = selected_staff (self);
  const char *password = gtk_editable_get_text (self->password_entry);
  AccountData *data;

  if (self->busy || self->store == NULL)
    return;
  if (staff == NULL)
    {
      sertel_staff_form_show_message (GTK_WIDGET (self->password_entry), self->password_message,
                                      _("Choose your name in the list first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->staff_list));
      return;
    }
  if (*password == '\0')
    return;

  data = g_new0 (AccountData, 1);
  data->store = g_object_ref (self->store);
  data->staff_id = sertel_staff_get_id (staff);
  data->password = g_strdup (password);

  set_busy (self, TRUE);
  task = g_task_new (self, NULL, authenticate_done, NULL);
  g_task_set_source_tag (task, signin_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) account_data_free);
  g_task_run_in_thread (task, authenticate_thread);
}

/* GObject ------------------------------------------------------------------ */

GtkWidget *
sertel_signin_page_new (SertelStore *store)
{
  g_return_val_if_fail (store == NULL || SERTEL_IS_STORE (store), NULL);

  return g_object_new (SERTEL_TYPE_SIGNIN_PAGE, "store", store, NULL);
}

SertelStore *
sertel_signin_page_get_store (SertelSigninPage *self)
{
  g_return_val_if_fail (SERTEL_IS_SIGNIN_PAGE (self), NULL);

  return self->store;
}

void
sertel_signin_page_set_store (SertelSigninPage *self,
                              SertelStore      *store)
{
  g_return_if_fail (SERTEL_IS_SIGNIN_PAGE (self));
  g_return_if_fail (store == NULL || SERTEL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  sertel_signin_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
sertel_signin_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SertelSigninPage *self = SERTEL_SIGNIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_signin_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SertelSigninPage *self = SERTEL_SIGNIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sertel_signin_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sertel_signin_page_dispose (GObject *object)
{
  SertelSigninPage *self = SERTEL_SIGNIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SERTEL_TYPE_SIGNIN_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sertel_signin_page_parent_class)->dispose (object);
}

static void
sertel_signin_page_class_init (SertelSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sertel_signin_page_get_property;
  object_class->set_property = sertel_signin_page_set_property;
  object_class->dispose = sertel_signin_page_dispose;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SERTEL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SertelSigninPage::signed-in:
   * @staff: the account that signed in (or the first administrator just made)
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SERTEL_TYPE_STAFF);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sertel-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, app_icon);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_box);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_nip_row);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_password_row);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_name_message);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_nip_message);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, first_password_message);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, signin_box);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, staff_list);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, password_message);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, signin_button);
  gtk_widget_class_bind_template_child (widget_class, SertelSigninPage, signin_spinner);
  gtk_widget_class_bind_template_callback (widget_class, first_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, first_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, signin_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
sertel_signin_page_init (SertelSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_image_set_from_icon_name (self->app_icon, APP_ID);
  gtk_widget_set_name (GTK_WIDGET (self), "signin-page");
}
