/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "sertel-test-ui.h"

gboolean
sertel_test_ui_init (void)
{
  /* No display: the UI tests skip instead of aborting (TESTING.md). */
  if (!gtk_init_check ())
    return FALSE;
  adw_init ();
  /* The application adds this through its resource base path. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PREFIX "/icons");
  return TRUE;
}

void
sertel_test_ui_use_language (const char *lang)
{
  /* The build tree keeps catalogs as po/LANG/LC_MESSAGES/sertel.mo: the
   * installed layout, so gettext can read them in place. */
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);

  g_setenv ("LANGUAGE", lang ? lang : "en", TRUE);
  /* gettext ignores LANGUAGE in the plain "C" locale. */
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
sertel_test_ui_iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

void
sertel_test_ui_wait_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (widget));
  /* A few frames for the layout and the first paint. */
  sertel_test_ui_iterate (150);
}

char *
sertel_test_ui_screenshot (GtkWidget *widget, const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  GskRenderer *renderer;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int width, height;

  /* A slow build (sanitizers, valgrind) may not have laid it out yet. */
  while ((gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0) &&
         g_get_monotonic_time () < end)
    sertel_test_ui_iterate (50);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A busy machine may not have painted the widget yet: give it frames. */
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      g_autoptr(GtkSnapshot) snap = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, snap, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snap));
      if (node == NULL)
        sertel_test_ui_iterate (100);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Beside Meson's own logs, where CI keeps them. */
  dir = g_test_build_filename (G_TEST_BUILT, "..", "meson-logs", "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (dir, G_DIR_SEPARATOR_S, name, ".png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("screenshot: %s", file);
  return g_steal_pointer (&file);
}
