/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See sertel-field-limit.h. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-field-limit.h"

#define CUT_KEY "sertel-field-cut"

static GtkText *
text_of (GtkWidget *editable)
{
  GtkEditable *e = GTK_EDITABLE (editable);

  /* AdwEntryRow and GtkEntry hand the editing to a GtkText. */
  while (e != NULL && !GTK_IS_TEXT (e))
    e = gtk_editable_get_delegate (e);
  return e ? GTK_TEXT (e) : NULL;
}

/* Runs before the text goes in: the buffer cuts what passes the limit, so
 * this is the one moment to see that it did. */
static void
on_insert_text (GtkEditable *text, const char *new_text, int length, int *position G_GNUC_UNUSED, gpointer user_data)
{
  GtkWidget *owner = user_data;
  GtkEntryBuffer *buffer = gtk_text_get_buffer (GTK_TEXT (text));
  int max = gtk_text_get_max_length (GTK_TEXT (text));
  glong adding = g_utf8_strlen (new_text, length);

  g_object_set_data (G_OBJECT (owner), CUT_KEY,
                     GINT_TO_POINTER (max > 0 && gtk_entry_buffer_get_length (buffer) + adding > (guint) max));
}

static void
on_delete_text (GtkEditable *text G_GNUC_UNUSED, int start G_GNUC_UNUSED, int end G_GNUC_UNUSED, gpointer user_data)
{
  g_object_set_data (G_OBJECT (user_data), CUT_KEY, NULL);
}

void
sertel_field_limit_attach (GtkWidget *editable, SertelField field)
{
  GtkText *text;

  g_return_if_fail (GTK_IS_EDITABLE (editable));

  text = text_of (editable);
  g_return_if_fail (text != NULL);
  gtk_text_set_max_length (text, (int) sertel_field_max_input (field));
  g_signal_connect_object (text, "insert-text", G_CALLBACK (on_insert_text), editable, 0);
  g_signal_connect_object (text, "delete-text", G_CALLBACK (on_delete_text), editable, 0);
}

char *
sertel_field_limit_cut_message (GtkWidget *editable, SertelField field)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  if (g_object_get_data (G_OBJECT (editable), CUT_KEY))
    {
      g_autofree char *msg = g_strdup_printf (_("%s may have at most %u characters; what was pasted was cut there. "
                                                "Check it."),
                                              sertel_field_label (field), sertel_field_max_input (field));
      /* The field's name may begin the sentence. */
      gunichar first = g_utf8_get_char (msg);
      g_autofree char *rest = g_strdup (g_utf8_next_char (msg));
      char buf[8] = { 0 };

      g_unichar_to_utf8 (g_unichar_toupper (first), buf);
      return g_strconcat (buf, rest, NULL);
    }
  return NULL;
}

char *
sertel_field_limit_check (GtkWidget *editable, SertelField field, gboolean required)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *clean = NULL;
  char *cut;
  const char *text;

  g_return_val_if_fail (GTK_IS_EDITABLE (editable), NULL);

  if ((cut = sertel_field_limit_cut_message (editable, field)) != NULL)
    return cut;
  text = gtk_editable_get_text (GTK_EDITABLE (editable));
  clean = field == SERTEL_FIELD_PHONE ? sertel_phone_clean (text, &error)
                                      : sertel_field_clean (field, text, required, &error);
  return clean ? NULL : g_strdup (error->message);
}
