/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model objects: property round-trips, change notification, copies and
 * strings that must survive untouched (emoji, right-to-left, very long). */
/* tests/meson.build passes -DG_LOG_DOMAIN="Sertel-test"; this keeps a
 * standalone compile the same. */
#ifndef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Sertel-test"
#endif

#include "config.h"

#include <string.h>

#include "sertel-applicant.h"
#include "sertel-attachment.h"
#include "sertel-enums.h"
#include "sertel-request.h"
#include "sertel-staff.h"

/* The domain the core logs its criticals in. */
#define CORE_LOG_DOMAIN "Sertel"

/* Helpers ---------------------------------------------------------------- */

typedef struct {
  GPtrArray *names;   /* property names in the order they were notified */
} NotifyLog;

static void
notify_log_cb (GObject    *object G_GNUC_UNUSED,
               GParamSpec *pspec,
               gpointer    user_data)
{
  NotifyLog *log = user_data;

  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static void
notify_log_attach (NotifyLog *log,
                   GObject   *object)
{
  log->names = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (object, "notify", G_CALLBACK (notify_log_cb), log);
}

static void
notify_log_detach (NotifyLog *log,
                   GObject   *object)
{
  g_signal_handlers_disconnect_by_func (object, notify_log_cb, log);
  g_clear_pointer (&log->names, g_ptr_array_unref);
}

static void
notify_log_reset (NotifyLog *log)
{
  g_ptr_array_set_size (log->names, 0);
}

/* Asserts that exactly one notification, for @name, arrived since the reset. */
static void
notify_log_assert_one (NotifyLog  *log,
                       const char *name)
{
  g_assert_cmpuint (log->names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (log->names, 0), ==, name);
}

static void
notify_log_assert_none (NotifyLog *log)
{
  if (log->names->len > 0)
    g_error ("unexpected notify::%s", (const char *) g_ptr_array_index (log->names, 0));
}

/* A value for @pspec that differs from its default for odd @salt and from
 * the value of @salt - 1 for every @salt > 0. */
static void
make_value (GParamSpec *pspec,
            guint       salt,
            GValue     *value)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_value_init (value, type);

  if (salt == 0)
    {
      g_param_value_set_default (pspec, value);
    }
  else if (type == G_TYPE_INT64)
    {
      /* Beyond 32 bits, and negative for even salts. */
      gint64 v = (gint64) salt * G_GINT64_CONSTANT (4294967311) + (gint64) strlen (pspec->name);

      g_value_set_int64 (value, salt % 2 ? v : -v);
    }
  else if (type == G_TYPE_UINT)
    {
      g_value_set_uint (value, G_MAXUINT - salt);
    }
  else if (type == G_TYPE_STRING)
    {
      g_value_take_string (value, g_strdup_printf ("%s #%u", pspec->name, salt));
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      gboolean def = G_PARAM_SPEC_BOOLEAN (pspec)->default_value;

      g_value_set_boolean (value, salt % 2 ? !def : def);
    }
  else if (G_TYPE_IS_ENUM (type))
    {
      GParamSpecEnum *espec = G_PARAM_SPEC_ENUM (pspec);
      GEnumClass *klass = espec->enum_class;
      guint def_index = 0;
      guint offset;

      g_assert_cmpuint (klass->n_values, >=, 3);
      for (guint i = 0; i < klass->n_values; i++)
        if (klass->values[i].value == espec->default_value)
          def_index = i;

      offset = ((salt - 1) % (klass->n_values - 1)) + 1;
      g_value_set_enum (value, klass->values[(def_index + offset) % klass->n_values].value);
    }
  else
    {
      g_error ("no test value for property %s of type %s", pspec->name, g_type_name (type));
    }
}

static void
assert_values_equal (GParamSpec   *pspec,
                     const GValue *a,
                     const GValue *b)
{
  if (g_param_values_cmp (pspec, a, b) != 0)
    {
      g_autofree char *sa = g_strdup_value_contents (a);
      g_autofree char *sb = g_strdup_value_contents (b);

      g_error ("property %s: %s != %s", pspec->name, sa, sb);
    }
}

static void
assert_property_equals (GObject      *object,
                        GParamSpec   *pspec,
                        const GValue *expected)
{
  g_auto(GValue) got = G_VALUE_INIT;

  g_value_init (&got, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (object, pspec->name, &got);
  assert_values_equal (pspec, expected, &got);
}

/* Sets every property to the value for @salt. */
static void
fill_object (GObject *object,
             guint    salt)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      make_value (pspecs[i], salt, &value);
      g_object_set_property (object, pspecs[i]->name, &value);
    }
}

static void
assert_objects_equal (GObject *a,
                      GObject *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_assert_true (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;

      g_value_init (&va, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (a, pspecs[i]->name, &va);
      assert_property_equals (b, pspecs[i], &va);

      /* Strings are copies, never shared. */
      if (G_PARAM_SPEC_VALUE_TYPE (pspecs[i]) == G_TYPE_STRING && g_value_get_string (&va) != NULL)
        {
          g_auto(GValue) vb = G_VALUE_INIT;

          g_value_init (&vb, G_TYPE_STRING);
          g_object_get_property (b, pspecs[i]->name, &vb);
          g_assert_true (g_value_get_string (&va) != g_value_get_string (&vb));
        }
    }
}

static GObject *
new_model (GType type)
{
  GObject *object = g_object_new (type, NULL);

  g_assert_true (G_IS_OBJECT (object));
  g_assert_false (g_object_is_floating (object));
  return object;
}

/* Generic tests, run for every model type -------------------------------- */

static void
test_properties_flags (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  GObjectClass *klass = g_type_class_ref (type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 0);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamFlags flags = pspecs[i]->flags;

      g_assert_true (pspecs[i]->owner_type == type);
      g_assert_true ((flags & G_PARAM_READWRITE) == G_PARAM_READWRITE);
      g_assert_true (flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_true ((flags & G_PARAM_STATIC_STRINGS) == G_PARAM_STATIC_STRINGS);
      g_assert_false (flags & (G_PARAM_CONSTRUCT | G_PARAM_CONSTRUCT_ONLY));
    }

  g_type_class_unref (klass);
}

static void
test_defaults (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  g_autoptr(GObject) object = new_model (type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) def = G_VALUE_INIT;

      make_value (pspecs[i], 0, &def);
      assert_property_equals (object, pspecs[i], &def);
    }
}

/* Through g_object_set_property: one notify on change, none on the same value,
 * and nothing for any other property. */
static void
test_properties_roundtrip (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  g_autoptr(GObject) object = new_model (type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;
  NotifyLog log;

  notify_log_attach (&log, object);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      const guint salts[] = { 1, 1, 2, 2, 3, 0, 0 };
      g_auto(GValue) previous = G_VALUE_INIT;

      make_value (pspec, 0, &previous);
      for (guint s = 0; s < G_N_ELEMENTS (salts); s++)
        {
          g_auto(GValue) value = G_VALUE_INIT;
          gboolean changes;

          make_value (pspec, salts[s], &value);
          changes = g_param_values_cmp (pspec, &previous, &value) != 0;

          notify_log_reset (&log);
          g_object_set_property (object, pspec->name, &value);
          if (changes)
            notify_log_assert_one (&log, pspec->name);
          else
            notify_log_assert_none (&log);
          assert_property_equals (object, pspec, &value);

          g_value_unset (&previous);
          g_value_init (&previous, G_VALUE_TYPE (&value));
          g_value_copy (&value, &previous);
        }
    }
  notify_log_detach (&log, object);
}

/* Setting an equal string from a different buffer is no change. */
static void
test_strings_equal_content (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  g_autoptr(GObject) object = new_model (type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;
  NotifyLog log;

  notify_log_attach (&log, object);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      const char *name = pspecs[i]->name;
      char buffer[32];
      g_autofree char *got = NULL;

      if (G_PARAM_SPEC_VALUE_TYPE (pspecs[i]) != G_TYPE_STRING)
        continue;

      g_strlcpy (buffer, "sama", sizeof buffer);
      notify_log_reset (&log);
      g_object_set (object, name, buffer, NULL);
      notify_log_assert_one (&log, name);

      /* The object holds its own copy. */
      buffer[0] = 'S';
      g_object_get (object, name, &got, NULL);
      g_assert_cmpstr (got, ==, "sama");
      g_clear_pointer (&got, g_free);

      notify_log_reset (&log);
      g_object_set (object, name, "sama", NULL);
      notify_log_assert_none (&log);

      /* NULL and "" differ. */
      g_object_set (object, name, "", NULL);
      notify_log_assert_one (&log, name);
      notify_log_reset (&log);
      g_object_set (object, name, NULL, NULL);
      notify_log_assert_one (&log, name);
      notify_log_reset (&log);
      g_object_set (object, name, NULL, NULL);
      notify_log_assert_none (&log);
    }
  notify_log_detach (&log, object);
}

static char *
make_long_string (void)
{
  /* 10,000 characters mixing 1-, 2-, 3- and 4-byte UTF-8. */
  static const char *const pieces[] = { "a", "\xc3\xa9", "\xe0\xa4\x95", "\xf0\x9f\x98\x80" };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append (s, pieces[i % G_N_ELEMENTS (pieces)]);

  return g_string_free (s, FALSE);
}

static void
test_strings_unicode (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  g_autoptr(GObject) object = new_model (type);
  g_autofree char *long_string = make_long_string ();
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;
  const char *samples[] = {
    /* emoji with ZWJ sequence, skin tone and a flag */
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd \xf0\x9f\x87\xae\xf0\x9f\x87\xa9",
    /* Arabic, right to left, with an explicit RLM and digits */
    "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf \xe2\x80\x8f\xd8\xb9\xd9\x84\xd9\x8a 123",
    /* Hebrew mixed with Latin and an RLO/PDF pair */
    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d Sofifi \xe2\x80\xae\x61\x62\x63\xe2\x80\xac",
    /* combining accents and a non-breaking space */
    "Dr. Ir. Ha\xcc\x81si\xcc\x81m,\xc2\xa0M.Si.",
    long_string,
  };

  g_assert_cmpint (g_utf8_strlen (long_string, -1), ==, 10000);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      if (G_PARAM_SPEC_VALUE_TYPE (pspecs[i]) != G_TYPE_STRING)
        continue;

      for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
        {
          g_autofree char *got = NULL;

          g_assert_true (g_utf8_validate (samples[s], -1, NULL));
          g_object_set (object, pspecs[i]->name, samples[s], NULL);
          g_object_get (object, pspecs[i]->name, &got, NULL);
          g_assert_cmpuint (strlen (got), ==, strlen (samples[s]));
          g_assert_cmpstr (got, ==, samples[s]);
        }
    }
}

static void
test_finalize (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  GObject *object = new_model (type);

  fill_object (object, 1);
  g_assert_finalize_object (object);
}

/* Copies ----------------------------------------------------------------- */

typedef GObject *(*CopyFunc) (GObject *);

static void
check_copy (GType    type,
            CopyFunc copy_func)
{
  for (guint salt = 0; salt <= 2; salt++)
    {
      g_autoptr(GObject) object = new_model (type);
      g_autoptr(GObject) copy = NULL;
      NotifyLog log;

      fill_object (object, salt);
      notify_log_attach (&log, object);
      copy = copy_func (object);
      notify_log_assert_none (&log);
      notify_log_detach (&log, object);

      g_assert_nonnull (copy);
      g_assert_true (copy != object);
      assert_objects_equal (object, copy);

      /* Changing the original leaves the copy alone. */
      fill_object (object, salt + 1);
      {
        g_autoptr(GObject) expected = new_model (type);

        fill_object (expected, salt);
        assert_objects_equal (expected, copy);
      }
    }
}

static void
test_request_copy (void)
{
  check_copy (SERTEL_TYPE_REQUEST, (CopyFunc) sertel_request_copy);
}

static void
test_applicant_copy (void)
{
  check_copy (SERTEL_TYPE_APPLICANT, (CopyFunc) sertel_applicant_copy);
}

static void
test_copy_bad_input (void)
{
  if (g_test_undefined ())
    {
      g_test_expect_message (CORE_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*SERTEL_IS_REQUEST*");
      g_assert_null (sertel_request_copy (NULL));
      g_test_assert_expected_messages ();

      g_test_expect_message (CORE_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*SERTEL_IS_APPLICANT*");
      g_assert_null (sertel_applicant_copy (NULL));
      g_test_assert_expected_messages ();

      g_test_expect_message (CORE_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*SERTEL_IS_STAFF*");
      sertel_staff_set_name (NULL, "x");
      g_test_assert_expected_messages ();

      g_test_expect_message (CORE_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*SERTEL_IS_ATTACHMENT*");
      g_assert_cmpint (sertel_attachment_get_size (NULL), ==, 0);
      g_test_assert_expected_messages ();
    }
}

/* The C accessors, one by one -------------------------------------------- */

static void
count_cb (GObject    *object G_GNUC_UNUSED,
          GParamSpec *pspec G_GNUC_UNUSED,
          gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Each check: the setter stores, the getter and the property agree, one
 * notify per change, none when the value is the same. */
#define CHECK_INT64(obj, set, get, pname)                                       \
  G_STMT_START {                                                               \
    guint n_ = 0;                                                              \
    gint64 via_prop_ = 0;                                                      \
    gulong h_ = g_signal_connect (obj, "notify::" pname, G_CALLBACK (count_cb), &n_); \
    g_assert_cmpint (get (obj), ==, 0);                                        \
    set (obj, G_GINT64_CONSTANT (9007199254740993));                           \
    g_assert_cmpint (get (obj), ==, G_GINT64_CONSTANT (9007199254740993));     \
    g_assert_cmpuint (n_, ==, 1);                                              \
    set (obj, G_GINT64_CONSTANT (9007199254740993));                           \
    g_assert_cmpuint (n_, ==, 1);                                              \
    g_object_get (obj, pname, &via_prop_, NULL);                               \
    g_assert_cmpint (via_prop_, ==, G_GINT64_CONSTANT (9007199254740993));     \
    set (obj, G_MININT64);                                                     \
    g_assert_cmpint (get (obj), ==, G_MININT64);                               \
    set (obj, G_MAXINT64);                                                     \
    g_assert_cmpint (get (obj), ==, G_MAXINT64);                               \
    g_assert_cmpuint (n_, ==, 3);                                              \
    set (obj, 0);                                                              \
    g_assert_cmpint (get (obj), ==, 0);                                        \
    g_assert_cmpuint (n_, ==, 4);                                              \
    g_signal_handler_disconnect (obj, h_);                                     \
  } G_STMT_END

#define CHECK_STRING(obj, set, get, pname)                                      \
  G_STMT_START {                                                               \
    guint n_ = 0;                                                              \
    char buf_[16];                                                             \
    g_autofree char *via_prop_ = NULL;                                         \
    gulong h_ = g_signal_connect (obj, "notify::" pname, G_CALLBACK (count_cb), &n_); \
    g_assert_null (get (obj));                                                 \
    g_strlcpy (buf_, "nilai", sizeof buf_);                                    \
    set (obj, buf_);                                                           \
    g_assert_cmpuint (n_, ==, 1);                                              \
    g_assert_true (get (obj) != buf_);                                         \
    buf_[0] = 'N';                                                             \
    g_assert_cmpstr (get (obj), ==, "nilai");                                  \
    set (obj, "nilai");                                                        \
    g_assert_cmpuint (n_, ==, 1);                                              \
    set (obj, get (obj));                                                      \
    g_assert_cmpuint (n_, ==, 1);                                              \
    g_object_get (obj, pname, &via_prop_, NULL);                               \
    g_assert_cmpstr (via_prop_, ==, "nilai");                                  \
    set (obj, "");                                                             \
    g_assert_cmpstr (get (obj), ==, "");                                       \
    g_assert_cmpuint (n_, ==, 2);                                              \
    set (obj, NULL);                                                           \
    g_assert_null (get (obj));                                                 \
    g_assert_cmpuint (n_, ==, 3);                                              \
    set (obj, NULL);                                                           \
    g_assert_cmpuint (n_, ==, 3);                                              \
    g_signal_handler_disconnect (obj, h_);                                     \
  } G_STMT_END

#define CHECK_ENUM(obj, set, get, pname, def, other)                           \
  G_STMT_START {                                                               \
    guint n_ = 0;                                                              \
    int via_prop_ = -1;                                                        \
    gulong h_ = g_signal_connect (obj, "notify::" pname, G_CALLBACK (count_cb), &n_); \
    g_assert_cmpint (get (obj), ==, def);                                      \
    set (obj, def);                                                            \
    g_assert_cmpuint (n_, ==, 0);                                              \
    set (obj, other);                                                          \
    g_assert_cmpint (get (obj), ==, other);                                    \
    g_assert_cmpuint (n_, ==, 1);                                              \
    set (obj, other);                                                          \
    g_assert_cmpuint (n_, ==, 1);                                              \
    g_object_get (obj, pname, &via_prop_, NULL);                               \
    g_assert_cmpint (via_prop_, ==, other);                                    \
    set (obj, def);                                                            \
    g_assert_cmpint (get (obj), ==, def);                                      \
    g_assert_cmpuint (n_, ==, 2);                                              \
    g_signal_handler_disconnect (obj, h_);                                     \
  } G_STMT_END

static void
test_staff_accessors (void)
{
  g_autoptr(SertelStaff) staff = sertel_staff_new ();
  guint n = 0;
  gulong h;

  CHECK_INT64 (staff, sertel_staff_set_id, sertel_staff_get_id, "id");
  CHECK_STRING (staff, sertel_staff_set_name, sertel_staff_get_name, "name");
  CHECK_STRING (staff, sertel_staff_set_nip, sertel_staff_get_nip, "nip");
  CHECK_ENUM (staff, sertel_staff_set_role, sertel_staff_get_role, "role",
              SERTEL_ROLE_NONE, SERTEL_ROLE_VERIFIKATOR);
  CHECK_ENUM (staff, sertel_staff_set_role, sertel_staff_get_role, "role",
              SERTEL_ROLE_NONE, SERTEL_ROLE_ADMIN);

  /* active defaults to TRUE; any non-zero gboolean is TRUE. */
  h = g_signal_connect (staff, "notify::active", G_CALLBACK (count_cb), &n);
  g_assert_true (sertel_staff_get_active (staff));
  sertel_staff_set_active (staff, 2);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (sertel_staff_get_active (staff), ==, TRUE);
  sertel_staff_set_active (staff, FALSE);
  g_assert_false (sertel_staff_get_active (staff));
  g_assert_cmpuint (n, ==, 1);
  sertel_staff_set_active (staff, FALSE);
  g_assert_cmpuint (n, ==, 1);
  sertel_staff_set_active (staff, TRUE);
  g_assert_true (sertel_staff_get_active (staff));
  g_assert_cmpuint (n, ==, 2);
  g_signal_handler_disconnect (staff, h);
}

static void
test_staff_construct (void)
{
  g_autoptr(SertelStaff) staff = g_object_new (SERTEL_TYPE_STAFF,
                                               "id", (gint64) 7,
                                               "name", "Nurlela Hasan",
                                               "nip", "198703212010012003",
                                               "role", SERTEL_ROLE_KASI,
                                               "active", FALSE,
                                               NULL);

  g_assert_cmpint (sertel_staff_get_id (staff), ==, 7);
  g_assert_cmpstr (sertel_staff_get_name (staff), ==, "Nurlela Hasan");
  g_assert_cmpstr (sertel_staff_get_nip (staff), ==, "198703212010012003");
  g_assert_cmpint (sertel_staff_get_role (staff), ==, SERTEL_ROLE_KASI);
  g_assert_false (sertel_staff_get_active (staff));
}

static void
test_request_accessors (void)
{
  g_autoptr(SertelRequest) request = sertel_request_new ();
  guint n = 0;
  gulong h;

  CHECK_INT64 (request, sertel_request_set_id, sertel_request_get_id, "id");
  CHECK_STRING (request, sertel_request_set_letter_number, sertel_request_get_letter_number, "letter-number");
  CHECK_STRING (request, sertel_request_set_letter_date, sertel_request_get_letter_date, "letter-date");
  CHECK_INT64 (request, sertel_request_set_received_at, sertel_request_get_received_at, "received-at");
  CHECK_STRING (request, sertel_request_set_sifat, sertel_request_get_sifat, "sifat");
  CHECK_STRING (request, sertel_request_set_perihal, sertel_request_get_perihal, "perihal");
  CHECK_INT64 (request, sertel_request_set_opd_id, sertel_request_get_opd_id, "opd-id");
  CHECK_STRING (request, sertel_request_set_opd_name, sertel_request_get_opd_name, "opd-name");
  CHECK_ENUM (request, sertel_request_set_state, sertel_request_get_state, "state",
              SERTEL_REQUEST_RECEIVED, SERTEL_REQUEST_RETURNED);
  CHECK_ENUM (request, sertel_request_set_state, sertel_request_get_state, "state",
              SERTEL_REQUEST_RECEIVED, SERTEL_REQUEST_AT_VERIFIKATOR);
  CHECK_INT64 (request, sertel_request_set_state_since, sertel_request_get_state_since, "state-since");
  CHECK_INT64 (request, sertel_request_set_assigned_to, sertel_request_get_assigned_to, "assigned-to");
  CHECK_STRING (request, sertel_request_set_return_reason, sertel_request_get_return_reason, "return-reason");
  CHECK_STRING (request, sertel_request_set_recommendation_number, sertel_request_get_recommendation_number,
                "recommendation-number");
  CHECK_INT64 (request, sertel_request_set_version, sertel_request_get_version, "version");

  h = g_signal_connect (request, "notify::n-applicants", G_CALLBACK (count_cb), &n);
  g_assert_cmpuint (sertel_request_get_n_applicants (request), ==, 0);
  sertel_request_set_n_applicants (request, 3);
  sertel_request_set_n_applicants (request, 3);
  g_assert_cmpuint (sertel_request_get_n_applicants (request), ==, 3);
  g_assert_cmpuint (n, ==, 1);
  sertel_request_set_n_applicants (request, G_MAXUINT);
  g_assert_cmpuint (sertel_request_get_n_applicants (request), ==, G_MAXUINT);
  sertel_request_set_n_applicants (request, 0);
  g_assert_cmpuint (n, ==, 3);
  g_signal_handler_disconnect (request, h);
}

static void
test_applicant_accessors (void)
{
  g_autoptr(SertelApplicant) applicant = sertel_applicant_new ();

  CHECK_INT64 (applicant, sertel_applicant_set_id, sertel_applicant_get_id, "id");
  CHECK_INT64 (applicant, sertel_applicant_set_request_id, sertel_applicant_get_request_id, "request-id");
  CHECK_STRING (applicant, sertel_applicant_set_name, sertel_applicant_get_name, "name");
  CHECK_STRING (applicant, sertel_applicant_set_name_titled, sertel_applicant_get_name_titled, "name-titled");
  CHECK_STRING (applicant, sertel_applicant_set_nik, sertel_applicant_get_nik, "nik");
  CHECK_STRING (applicant, sertel_applicant_set_nip, sertel_applicant_get_nip, "nip");
  CHECK_STRING (applicant, sertel_applicant_set_pangkat, sertel_applicant_get_pangkat, "pangkat");
  CHECK_STRING (applicant, sertel_applicant_set_jabatan, sertel_applicant_get_jabatan, "jabatan");
  CHECK_STRING (applicant, sertel_applicant_set_unit_kerja, sertel_applicant_get_unit_kerja, "unit-kerja");
  CHECK_STRING (applicant, sertel_applicant_set_opd, sertel_applicant_get_opd, "opd");
  CHECK_STRING (applicant, sertel_applicant_set_office_address, sertel_applicant_get_office_address, "office-address");
  CHECK_STRING (applicant, sertel_applicant_set_city, sertel_applicant_get_city, "city");
  CHECK_STRING (applicant, sertel_applicant_set_province, sertel_applicant_get_province, "province");
  CHECK_STRING (applicant, sertel_applicant_set_email, sertel_applicant_get_email, "email");
  CHECK_STRING (applicant, sertel_applicant_set_phone, sertel_applicant_get_phone, "phone");
  CHECK_ENUM (applicant, sertel_applicant_set_state, sertel_applicant_get_state, "state",
              SERTEL_APPLICANT_PENDING, SERTEL_APPLICANT_REJECTED);
  CHECK_ENUM (applicant, sertel_applicant_set_state, sertel_applicant_get_state, "state",
              SERTEL_APPLICANT_PENDING, SERTEL_APPLICANT_ISSUED);
  CHECK_STRING (applicant, sertel_applicant_set_state_reason, sertel_applicant_get_state_reason, "state-reason");
  CHECK_STRING (applicant, sertel_applicant_set_mismatch_reason, sertel_applicant_get_mismatch_reason,
                "mismatch-reason");
  CHECK_INT64 (applicant, sertel_applicant_set_version, sertel_applicant_get_version, "version");
}

static void
test_attachment_accessors (void)
{
  g_autoptr(SertelAttachment) attachment = sertel_attachment_new ();

  CHECK_INT64 (attachment, sertel_attachment_set_id, sertel_attachment_get_id, "id");
  CHECK_INT64 (attachment, sertel_attachment_set_request_id, sertel_attachment_get_request_id, "request-id");
  CHECK_INT64 (attachment, sertel_attachment_set_applicant_id, sertel_attachment_get_applicant_id, "applicant-id");
  CHECK_STRING (attachment, sertel_attachment_set_kind, sertel_attachment_get_kind, "kind");
  CHECK_STRING (attachment, sertel_attachment_set_file_name, sertel_attachment_get_file_name, "file-name");
  CHECK_STRING (attachment, sertel_attachment_set_mime, sertel_attachment_get_mime, "mime");
  CHECK_INT64 (attachment, sertel_attachment_set_size, sertel_attachment_get_size, "size");
  CHECK_STRING (attachment, sertel_attachment_set_sha256, sertel_attachment_get_sha256, "sha256");
  CHECK_INT64 (attachment, sertel_attachment_set_added_at, sertel_attachment_get_added_at, "added-at");
}

/* The copy keeps every field the store and the letters rely on. */
static void
test_applicant_copy_fields (void)
{
  g_autoptr(SertelApplicant) a = sertel_applicant_new ();
  g_autoptr(SertelApplicant) b = NULL;

  sertel_applicant_set_id (a, 12);
  sertel_applicant_set_request_id (a, 3);
  sertel_applicant_set_name (a, "HASIM UMAR");
  sertel_applicant_set_name_titled (a, "Dr. Hasim Umar, S.T., M.T.");
  sertel_applicant_set_nik (a, "8202011203800001");
  sertel_applicant_set_nip (a, "198003122005011002");
  sertel_applicant_set_state (a, SERTEL_APPLICANT_VERIFIED);
  sertel_applicant_set_mismatch_reason (a, "Tanggal lahir di KTP berbeda; dikonfirmasi dengan SK.");
  sertel_applicant_set_version (a, 5);

  b = sertel_applicant_copy (a);
  g_assert_cmpint (sertel_applicant_get_id (b), ==, 12);
  g_assert_cmpint (sertel_applicant_get_request_id (b), ==, 3);
  g_assert_cmpstr (sertel_applicant_get_name (b), ==, "HASIM UMAR");
  g_assert_cmpstr (sertel_applicant_get_name_titled (b), ==, "Dr. Hasim Umar, S.T., M.T.");
  g_assert_cmpstr (sertel_applicant_get_nik (b), ==, "8202011203800001");
  g_assert_cmpstr (sertel_applicant_get_nip (b), ==, "198003122005011002");
  g_assert_cmpint (sertel_applicant_get_state (b), ==, SERTEL_APPLICANT_VERIFIED);
  g_assert_cmpstr (sertel_applicant_get_mismatch_reason (b), ==,
                   "Tanggal lahir di KTP berbeda; dikonfirmasi dengan SK.");
  g_assert_cmpint (sertel_applicant_get_version (b), ==, 5);
  g_assert_null (sertel_applicant_get_email (b));
}

static void
test_request_copy_fields (void)
{
  g_autoptr(SertelRequest) a = sertel_request_new ();
  g_autoptr(SertelRequest) b = NULL;

  sertel_request_set_id (a, 99);
  sertel_request_set_letter_number (a, "800/123/DISKOMINFO/2024");
  sertel_request_set_letter_date (a, "2024-02-29");
  sertel_request_set_received_at (a, 1709190000);
  sertel_request_set_state (a, SERTEL_REQUEST_AT_KASI);
  sertel_request_set_assigned_to (a, 4);
  sertel_request_set_n_applicants (a, 17);

  b = sertel_request_copy (a);
  g_assert_cmpint (sertel_request_get_id (b), ==, 99);
  g_assert_cmpstr (sertel_request_get_letter_number (b), ==, "800/123/DISKOMINFO/2024");
  g_assert_cmpstr (sertel_request_get_letter_date (b), ==, "2024-02-29");
  g_assert_cmpint (sertel_request_get_received_at (b), ==, 1709190000);
  g_assert_cmpint (sertel_request_get_state (b), ==, SERTEL_REQUEST_AT_KASI);
  g_assert_cmpint (sertel_request_get_assigned_to (b), ==, 4);
  g_assert_cmpuint (sertel_request_get_n_applicants (b), ==, 17);
  g_assert_null (sertel_request_get_perihal (b));
}

static void
test_enum_property_types (void)
{
  g_autoptr(SertelStaff) staff = sertel_staff_new ();
  g_autoptr(SertelRequest) request = sertel_request_new ();
  g_autoptr(SertelApplicant) applicant = sertel_applicant_new ();
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (staff), "role");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SERTEL_TYPE_ROLE);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (request), "state");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SERTEL_TYPE_REQUEST_STATE);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (applicant), "state");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SERTEL_TYPE_APPLICANT_STATE);

  /* Nicks work through the generic property machinery too. */
  {
    g_auto(GValue) from = G_VALUE_INIT;
    g_auto(GValue) to = G_VALUE_INIT;
    GEnumValue *ev = g_enum_get_value_by_nick (g_type_class_peek (SERTEL_TYPE_REQUEST_STATE), "returned");

    g_assert_nonnull (ev);
    g_value_init (&from, SERTEL_TYPE_REQUEST_STATE);
    g_value_set_enum (&from, ev->value);
    g_object_set_property (G_OBJECT (request), "state", &from);
    g_assert_cmpint (sertel_request_get_state (request), ==, SERTEL_REQUEST_RETURNED);
    g_value_init (&to, SERTEL_TYPE_REQUEST_STATE);
    g_object_get_property (G_OBJECT (request), "state", &to);
    g_assert_cmpint (g_value_get_enum (&to), ==, SERTEL_REQUEST_RETURNED);
  }
}

/* ------------------------------------------------------------------------ */

static void
add_generic_tests (const char *name,
                   GType       type)
{
  static const struct {
    const char *suffix;
    GTestDataFunc func;
  } tests[] = {
    { "flags", test_properties_flags },
    { "defaults", test_defaults },
    { "roundtrip", test_properties_roundtrip },
    { "equal-strings", test_strings_equal_content },
    { "unicode", test_strings_unicode },
    { "finalize", test_finalize },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/models/%s/%s", name, tests[i].suffix);

      g_test_add_data_func (path, GSIZE_TO_POINTER (type), tests[i].func);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_generic_tests ("staff", SERTEL_TYPE_STAFF);
  add_generic_tests ("request", SERTEL_TYPE_REQUEST);
  add_generic_tests ("applicant", SERTEL_TYPE_APPLICANT);
  add_generic_tests ("attachment", SERTEL_TYPE_ATTACHMENT);

  g_test_add_func ("/models/staff/accessors", test_staff_accessors);
  g_test_add_func ("/models/staff/construct", test_staff_construct);
  g_test_add_func ("/models/request/accessors", test_request_accessors);
  g_test_add_func ("/models/request/copy", test_request_copy);
  g_test_add_func ("/models/request/copy-fields", test_request_copy_fields);
  g_test_add_func ("/models/applicant/accessors", test_applicant_accessors);
  g_test_add_func ("/models/applicant/copy", test_applicant_copy);
  g_test_add_func ("/models/applicant/copy-fields", test_applicant_copy_fields);
  g_test_add_func ("/models/attachment/accessors", test_attachment_accessors);
  g_test_add_func ("/models/enum-types", test_enum_property_types);
  g_test_add_func ("/models/bad-input", test_copy_bad_input);

  return g_test_run ();
}
