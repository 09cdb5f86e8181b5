/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks the Flatpak manifest: the right application, command and runtime,
 * the sandbox holes the application needs (display, GPU, network for mail and
 * BSrE) and none of the broad ones (home/host file system, session bus,
 * CUPS — printing goes through the portal).
 *
 * The manifest is, in this order: the first argument that is not a GTest
 * option, the SERTEL_FLATPAK_MANIFEST environment variable, or
 * G_TEST_SRCDIR/../flatpak/id.go.malutprov.Sertel.json.
 */
#define G_LOG_DOMAIN "test-flatpak-manifest"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#define MANIFEST_NAME "id.go.malutprov.Sertel.json"

static JsonParser *parser;

static char *
manifest_path (int    argc,
               char **argv)
{
  const char *env = g_getenv ("SERTEL_FLATPAK_MANIFEST");

  /* g_test_init() has removed the options it knows. */
  if (argc > 1 && argv[1][0] != '-')
    return g_strdup (argv[1]);
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_test_build_filename (G_TEST_DIST, "..", "flatpak", MANIFEST_NAME, NULL);
}

static JsonObject *
manifest_root (void)
{
  JsonNode *root = json_parser_get_root (parser);

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    g_error ("manifest: member \"%s\" is missing", name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    g_error ("manifest: member \"%s\" is not a string", name);
  return json_node_get_string (node);
}

static JsonArray *
member_array (JsonObject *obj,
              const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    g_error ("manifest: member \"%s\" is missing", name);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    g_error ("manifest: member \"%s\" is not an array", name);
  return json_node_get_array (node);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
find_module (const char *name)
{
  JsonArray *modules = member_array (manifest_root (), "modules");

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonNode *node = json_array_get_element (modules, i);

      /* A module may also be a string naming a JSON file. */
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (g_strcmp0 (member_string (json_node_get_object (node), "name"), name) == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

static void
test_identity (void)
{
  JsonObject *root = manifest_root ();
  JsonNode *id_node = json_object_get_member (root, "app-id");

  /* flatpak-builder accepts "id" as well as "app-id". */
  if (id_node == NULL)
    id_node = json_object_get_member (root, "id");
  g_assert_nonnull (id_node);
  g_assert_cmpstr (json_node_get_string (id_node), ==, APP_ID);

  g_assert_cmpstr (member_string (root, "command"), ==, "sertel");
  g_assert_cmpstr (member_string (root, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (member_string (root, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (member_string (root, "runtime-version"), !=, "");
}

static void
test_finish_args_required (void)
{
  static const char * const required[] = {
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
    "--share=network",   /* SMTP outbox and the BSrE service */
  };
  JsonArray *args = member_array (manifest_root (), "finish-args");

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (!array_has_string (args, required[i]))
      g_error ("manifest: finish-args lacks %s", required[i]);
}

static void
test_finish_args_forbidden (void)
{
  /* Prefixes, so that e.g. --filesystem=home:ro is caught too. */
  static const char * const forbidden[] = {
    "--filesystem=home",
    "--filesystem=host",  /* also host-os, host-etc */
    "--filesystem=~",
    "--filesystem=/",
    "--device=all",
    "--socket=x11",       /* fallback-x11 only */
    "--socket=session-bus",
    "--socket=system-bus",
    "--socket=cups",      /* printing goes through the portal */
  };
  JsonArray *args = member_array (manifest_root (), "finish-args");

  for (guint i = 0; i < json_array_get_length (args); i++)
    {
      const char *arg = json_array_get_string_element (args, i);

      g_assert_nonnull (arg);
      for (guint j = 0; j < G_N_ELEMENTS (forbidden); j++)
        if (g_str_has_prefix (arg, forbidden[j]))
          g_error ("manifest: finish-args has %s, which gives more access than Sertel needs", arg);
    }
}

static void
test_modules (void)
{
  JsonArray *modules = member_array (manifest_root (), "modules");
  JsonObject *sertel;
  JsonNode *last;
  JsonArray *sources;
  gboolean has_dir = FALSE;

  g_assert_nonnull (find_module ("libsodium"));
  /* Poppler is not part of the GNOME runtime: it is built as a module. */
  g_assert_nonnull (find_module ("poppler"));

  /* The application itself is built last, from this source tree, with meson. */
  g_assert_cmpuint (json_array_get_length (modules), >, 0);
  last = json_array_get_element (modules, json_array_get_length (modules) - 1);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (last));
  sertel = json_node_get_object (last);
  g_assert_cmpstr (member_string (sertel, "name"), ==, "sertel");
  g_assert_cmpstr (member_string (sertel, "buildsystem"), ==, "meson");

  sources = member_array (sertel, "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *src = json_array_get_object_element (sources, i);

      if (src != NULL && g_strcmp0 (json_object_get_string_member_with_default (src, "type", NULL), "dir") == 0)
        has_dir = TRUE;
    }
  g_assert_true (has_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  path = manifest_path (argc, argv);
  parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("cannot read the Flatpak manifest %s: %s", path, error->message);

  g_test_add_func ("/flatpak-manifest/identity", test_identity);
  g_test_add_func ("/flatpak-manifest/finish-args/required", test_finish_args_required);
  g_test_add_func ("/flatpak-manifest/finish-args/forbidden", test_finish_args_forbidden);
  g_test_add_func ("/flatpak-manifest/modules", test_modules);

  ret = g_test_run ();
  g_clear_object (&parser);
  return ret;
}
