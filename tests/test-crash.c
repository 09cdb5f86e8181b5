/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash safety: a child process runs the store's real writing code on a real
 * SQLite file (requests with applicants and scans, workflow moves, letter
 * numbers, issued letters, applicant edits, export records, the outbox and
 * intake drafts) and is killed with SIGKILL at random points, again and
 * again. The child prints each change on stdout only after the store call
 * returned, so every printed line is a promise: after each kill the parent
 * reopens the register the way the app does and checks every promised change
 * is there and whole, nothing half-written is visible, SQLite's integrity
 * check passes and the audit chain verifies.
 *
 * SERTEL_CRASH_TRIALS sets the number of trials (default 100) for a longer
 * run by hand. */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <stdio.h>
#ifdef G_OS_UNIX
#include <signal.h>
#endif

#include "sertel-test-util.c"
#include "sertel-draft.h"
#include "sertel-store-letters.h"
#include "sertel-store-outbox.h"

#define DEFAULT_TRIALS 100

static const char *self_exe;

/* ------------------------------------------------------------------------ */
/* The child: writes until it is killed. */

typedef struct {
  SertelStore *store;
  SertelStaff *operator, *kadis, *kabid, *kasi, *verif;
  GRand       *rand;
  GArray      *open;          /* gint64 request ids not completed */
  SertelDraft *draft;
  char        *draft_dir;
  guint        draft_counter;
  guint        serial;
  char        *tag;
} Writer;

/* Every promise is one line, flushed before the next write starts. */
static void G_GNUC_PRINTF (1, 2)
ack (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static GBytes *
unique_pdf (Writer *w)
{
  /* A comment after %%EOF keeps it a PDF and gives it its own blob. */
  g_autofree char *tail = g_strdup_printf ("%% %s-%u-%u\n", w->tag, w->serial, g_rand_int (w->rand));
  GByteArray *a = g_byte_array_new ();

  g_byte_array_append (a, tiny_pdf, sizeof tiny_pdf - 1);
  g_byte_array_append (a, (const guint8 *) tail, strlen (tail));
  return g_byte_array_free_to_bytes (a);
}

static void
child_create (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *letter_number = g_strdup_printf ("%s/%u/2026", w->tag, ++w->serial);
  g_autoptr(SertelRequest) r = make_request (letter_number);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = unique_pdf (w);
  g_autoptr(GBytes) png = png_bytes ();
  guint n = g_rand_int_range (w->rand, 1, 4);
  SertelNewAttachment *a;
  gint64 id;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (applicants, i % 2 == 0 ? make_applicant ("Siti Nur'aini", NIK_F, NIP_F)
                                              : make_applicant ("Ahmad Yani", NIK_M, NIP_M));
      a = g_new0 (SertelNewAttachment, 1);
      *a = (SertelNewAttachment) { "ktp", "ktp.png", png, (int) i };
      g_ptr_array_add (attachments, a);
    }
  a = g_new0 (SertelNewAttachment, 1);
  *a = (SertelNewAttachment) { "letter", "surat.pdf", pdf, -1 };
  g_ptr_array_add (attachments, a);

  id = sertel_store_create_request (w->store, w->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  g_array_append_val (w->open, id);
  ack ("C %" G_GINT64_FORMAT " %u %u %s", id, n, attachments->len, letter_number);
}

static void
child_move_request (Writer *w, SertelRequest *r, SertelStaff *actor, SertelAction action,
                    gint64 assignee, const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) after = NULL;
  gint64 id = sertel_request_get_id (r);
  gint64 version = sertel_request_get_version (r);

  {
    gboolean ok = sertel_store_move_request (w->store, actor, id, version, action, assignee, note, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  /* Read back only what the promise needs: the number ASSIGN reserved. */
  after = get_request (w->store, id);
  ack ("M %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %s", id, version + 1,
       sertel_request_state_to_string (sertel_request_get_state (after)),
       sertel_request_get_recommendation_number (after) ? sertel_request_get_recommendation_number (after) : "-");
}

static void
child_issue_letter (Writer *w, SertelRequest *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = unique_pdf (w);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  gint64 id;

  id = sertel_store_issue_letter (w->store, w->kasi, sertel_request_get_id (r), "rekomendasi", pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  ack ("L %" G_GINT64_FORMAT " %s %s", sertel_request_get_id (r), sha,
       sertel_request_get_recommendation_number (r));
}

/* One step for an applicant still on its way; FALSE when none is. */
static gboolean
child_move_applicant (Writer *w, SertelRequest *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (w->store, sertel_request_get_id (r), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      SertelApplicant *a = g_ptr_array_index (list, i);
      SertelAction action;
      const char *reason = NULL;
      gint64 version = sertel_applicant_get_version (a);

      switch (sertel_applicant_get_state (a))
        {
        case SERTEL_APPLICANT_PENDING:
          if (g_rand_int_range (w->rand, 0, 10) == 0)
            {
              action = SERTEL_ACTION_MARK_REJECTED;
              reason = "NIK tidak cocok dengan KTP";
            }
          else
            action = SERTEL_ACTION_MARK_REGISTERED;
          break;
        case SERTEL_APPLICANT_REGISTERED:
          action = SERTEL_ACTION_MARK_VERIFIED;
          break;
        case SERTEL_APPLICANT_VERIFIED:
          action = SERTEL_ACTION_MARK_ISSUED;
          break;
        default:
          continue;
        }
      {
        gboolean ok = sertel_store_move_applicant (w->store, w->verif, sertel_applicant_get_id (a), version,
                                                  action, reason, &error);
        g_assert_no_error (error);
        g_assert_true (ok);
      }
      ack ("A %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s", sertel_applicant_get_id (a), version + 1,
           sertel_action_to_string (action));
      return TRUE;
    }
  return FALSE;
}

/* Takes a random open request one step further along the SOP. */
static void
child_advance (Writer *w)
{
  g_autoptr(GError) error = NULL;
  guint pick = g_rand_int_range (w->rand, 0, w->open->len);
  gint64 id = g_array_index (w->open, gint64, pick);
  g_autoptr(SertelRequest) r = get_request (w->store, id);

  switch (sertel_request_get_state (r))
    {
    case SERTEL_REQUEST_RECEIVED:
      child_move_request (w, r, w->kadis, SERTEL_ACTION_DISPOSE, 0, "Untuk diproses");
      break;
    case SERTEL_REQUEST_AT_KABID:
      child_move_request (w, r, w->kabid, SERTEL_ACTION_FORWARD, 0, NULL);
      break;
    case SERTEL_REQUEST_AT_KASI:
      if (g_rand_int_range (w->rand, 0, 6) == 0)
        child_move_request (w, r, w->kasi, SERTEL_ACTION_RETURN, 0, "Lampiran SK belum ada");
      else
        child_move_request (w, r, w->kasi, SERTEL_ACTION_ASSIGN, sertel_staff_get_id (w->verif), NULL);
      break;
    case SERTEL_REQUEST_RETURNED:
      child_move_request (w, r, w->operator, SERTEL_ACTION_RESUBMIT, 0, "Berkas dilengkapi");
      break;
    case SERTEL_REQUEST_AT_VERIFIKATOR:
      {
        gboolean issued = FALSE;
        {
          gboolean ok = sertel_store_has_letter (w->store, id, "rekomendasi", &issued, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (ok);
        }
        if (!issued)
          child_issue_letter (w, r);
        else if (!child_move_applicant (w, r))
          g_error ("request %" G_GINT64_FORMAT " at the Verifikator with every applicant done", id);
      }
      break;
    case SERTEL_REQUEST_COMPLETED:
    default:
      g_array_remove_index_fast (w->open, pick);
      break;
    }
}

static void
child_edit_applicant (Writer *w)
{
  g_autoptr(GError) error = NULL;
  gint64 id = g_array_index (w->open, gint64, g_rand_int_range (w->rand, 0, w->open->len));
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (w->store, id, &error);
  g_autoptr(SertelApplicant) a = NULL;
  g_autoptr(SertelRequest) r = get_request (w->store, id);
  g_autofree char *phone = g_strdup_printf ("0812%08u", g_rand_int_range (w->rand, 0, 100000000));
  SertelStaff *actor;
  gint64 version;

  g_assert_no_error (error);
  /* Who may correct an applicant depends on where the request is. */
  switch (sertel_request_get_state (r))
    {
    case SERTEL_REQUEST_RECEIVED:
    case SERTEL_REQUEST_RETURNED:
      actor = w->operator;
      break;
    case SERTEL_REQUEST_AT_KASI:
      actor = w->kasi;
      break;
    default:
      return;
    }
  a = sertel_applicant_copy (g_ptr_array_index (list, 0));
  version = sertel_applicant_get_version (a);
  sertel_applicant_set_phone (a, phone);
  {
    gboolean ok = sertel_store_update_applicant (w->store, actor, a, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  ack ("P %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s", sertel_applicant_get_id (a), version + 1, phone);
}

static void
child_export (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *details = g_strdup_printf ("%s-export-%u#", w->tag, ++w->serial);

  {
    gboolean ok = sertel_store_record_export (w->store, w->operator, "csv", details, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  ack ("E %s", details);
}

/* The outbox's own cycle: queue, claim ("sending" before the server is
 * asked), then sent. A kill between claim and sent leaves "sending", which
 * the next start turns into "unknown". */
static void
child_outbox (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelOutboxMessage) m = NULL;

  if (g_rand_boolean (w->rand))
    {
      g_autofree char *subject = g_strdup_printf ("Permohonan %s-%u diterima", w->tag, ++w->serial);
      gint64 id = sertel_store_outbox_queue (w->store, w->operator, "received", 0, 0,
                                             "opd@malutprov.go.id", NULL, subject, "Yth. Bapak/Ibu,\n",
                                             NULL, NULL, &error);
      g_assert_no_error (error);
      ack ("O %" G_GINT64_FORMAT " queued", id);
      return;
    }
  m = sertel_store_outbox_claim_due (w->store, 5, &error);
  g_assert_no_error (error);
  if (m == NULL)
    return;
  ack ("O %" G_GINT64_FORMAT " sending", m->id);
  /* The conversation with the mail server takes a moment. */
  g_usleep (g_rand_int_range (w->rand, 0, 5000));
  {
    gboolean ok = sertel_store_outbox_mark_sent (w->store, m->id, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  ack ("O %" G_GINT64_FORMAT " sent", m->id);
}

static void
child_draft (Writer *w)
{
  g_autoptr(GError) error = NULL;

  if (w->draft == NULL)
    {
      SertelDraftApplicant *a = sertel_draft_applicant_new ();
      w->draft = sertel_draft_new ();
      w->draft->letter_number = g_strdup_printf ("%s/draft", w->tag);
      w->draft->letter_date = g_strdup ("15-01-2026");
      w->draft->letter_file_name = g_strdup ("surat.pdf");
      a->name = g_strdup ("Siti Nur'aini");
      a->nik = g_strdup (NIK_F);
      a->ktp_file_name = g_strdup ("ktp.png");
      a->ktp_data = png_bytes ();
      g_ptr_array_add (w->draft->applicants, a);
    }
  /* A new scan each time: the scan files change along with the key file. */
  g_clear_pointer (&w->draft->letter_data, g_bytes_unref);
  w->draft->letter_data = unique_pdf (w);
  g_free (w->draft->perihal);
  w->draft->perihal = g_strdup_printf ("%u", ++w->draft_counter);
  g_assert_true (sertel_draft_save (w->draft, w->draft_dir, &error));
  g_assert_no_error (error);
  ack ("D %s %u", w->draft->id, w->draft_counter);
}

static int
child_main (const char *path, const char *draft_dir, guint32 seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  Writer w = { 0 };

  w.rand = g_rand_new_with_seed (seed);
  w.tag = g_strdup_printf ("K%08x", seed);
  w.draft_dir = g_strdup (draft_dir);
  w.store = sertel_store_open (path, &error);
  g_assert_no_error (error);
  w.operator = get_staff (w.store, 2);
  w.kadis = get_staff (w.store, 3);
  w.kabid = get_staff (w.store, 4);
  w.kasi = get_staff (w.store, 5);
  w.verif = get_staff (w.store, 6);
  /* Carry on with what earlier (killed) writers left half-way along the SOP. */
  w.open = g_array_new (FALSE, FALSE, sizeof (gint64));
  existing = sertel_store_list_requests (w.store, -1, 0, 10000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < existing->len; i++)
    {
      SertelRequest *r = g_ptr_array_index (existing, i);
      gint64 id = sertel_request_get_id (r);
      if (sertel_request_get_state (r) != SERTEL_REQUEST_COMPLETED)
        g_array_append_val (w.open, id);
    }
  ack ("READY");

  for (;;)
    {
      guint dice = g_rand_int_range (w.rand, 0, 100);

      if (w.open->len < 4 || dice < 20)
        child_create (&w);
      else if (dice < 75)
        child_advance (&w);
      else if (dice < 83)
        child_edit_applicant (&w);
      else if (dice < 88)
        child_export (&w);
      else if (dice < 95)
        child_outbox (&w);
      else
        child_draft (&w);
    }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* The parent: kill, reopen, check. */

typedef struct {
  GMainLoop      *loop;
  GSubprocess    *child;
  GDataInputStream *out;
  GPtrArray      *lines;
  guint           kill_after;   /* kill once this many promises were read */
  guint           delay_us;     /* …and this much later */
  gboolean        killed;
  gboolean        eof;
} Trial;

static void
kill_child (Trial *t)
{
  if (t->killed)
    return;
  t->killed = TRUE;
  if (t->delay_us > 0)
    g_usleep (t->delay_us);
  g_subprocess_force_exit (t->child);
}

static void read_next (Trial *t);

static void
line_read (GObject *source, GAsyncResult *result, gpointer data)
{
  Trial *t = data;
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    {
      t->eof = TRUE;
      g_main_loop_quit (t->loop);
      return;
    }
  g_ptr_array_add (t->lines, line);
  if (t->lines->len >= t->kill_after)
    kill_child (t);
  read_next (t);
}

static void
read_next (Trial *t)
{
  g_data_input_stream_read_line_async (t->out, G_PRIORITY_DEFAULT, NULL, line_read, t);
}

static gboolean
kill_timeout (gpointer data)
{
  kill_child (data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  guint trials;
  guint acks;
  guint creates, moves, applicant_moves, letters, edits, exports, outbox, drafts;
  guint unknown_outbox;
  guint killed_before_ready;
  guint losses;
  gint64 child_us, check_us;
} Totals;

static void
lost (Totals *tot, const char *line, const char *what)
{
  tot->losses++;
  g_test_message ("LOST: “%s”: %s", line, what);
  g_test_fail ();
}

/* Everything committed must be whole, whoever wrote it and whether or not
 * it was promised. */
static void
check_invariants (const char *path)
{
  static const struct { const char *sql; const char *what; } checks[] = {
    { "SELECT COUNT(*) FROM request r WHERE n_applicants <> (SELECT COUNT(*) FROM applicant a WHERE a.request_id = r.id)",
      "requests whose applicants are not all there" },
    { "SELECT COUNT(*) FROM request r WHERE NOT EXISTS (SELECT 1 FROM attachment t WHERE t.request_id = r.id AND t.kind = 'letter')",
      "requests without their letter scan" },
    { "SELECT COUNT(*) FROM applicant a WHERE NOT EXISTS (SELECT 1 FROM attachment t WHERE t.request_id = a.request_id"
      " AND t.applicant_id = a.id AND t.kind = 'ktp')",
      "applicants without their KTP scan" },
    { "SELECT COUNT(*) FROM attachment t WHERE NOT EXISTS (SELECT 1 FROM blob b WHERE b.sha256 = t.sha256)",
      "attachments without their bytes" },
    { "SELECT COUNT(*) FROM request WHERE id NOT IN (SELECT entity_id FROM audit WHERE action = 'request.create')",
      "requests without their audit entry" },
    { "SELECT COUNT(*) FROM request r WHERE r.state <> COALESCE((SELECT to_state FROM transition t WHERE t.request_id = r.id"
      " AND t.applicant_id IS NULL ORDER BY t.id DESC LIMIT 1), 'received')",
      "requests whose state is not their last move's" },
    { "SELECT COUNT(*) FROM applicant a WHERE a.state <> COALESCE((SELECT to_state FROM transition t"
      " WHERE t.request_id = a.request_id AND t.applicant_id = a.id ORDER BY t.id DESC LIMIT 1), 'pending')",
      "applicants whose state is not their last move's" },
    { "SELECT (SELECT COUNT(*) FROM transition) - (SELECT COUNT(*) FROM audit WHERE action LIKE 'request.%'"
      " AND action NOT IN ('request.create', 'request.edit') OR action LIKE 'applicant.%' AND action NOT IN ('applicant.add', 'applicant.edit'))",
      "moves and their audit entries that do not pair up" },
    { "SELECT COUNT(*) FROM request WHERE state IN ('at_verifikator', 'completed') AND recommendation_number IS NULL",
      "requests past the Kasi without a recommendation number" },
    { "SELECT (SELECT COUNT(*) FROM request WHERE recommendation_number IS NOT NULL) - (SELECT COALESCE(SUM(last), 0) FROM letter_counter)",
      "recommendation numbers taken but not given to a request (or the other way)" },
    { "SELECT COUNT(*) FROM letter l JOIN request r ON r.id = l.request_id WHERE l.number IS NOT r.recommendation_number"
      " OR r.state NOT IN ('at_verifikator', 'completed') OR NOT EXISTS (SELECT 1 FROM blob b WHERE b.sha256 = l.sha256)",
      "issued letters without their number, request state or PDF" },
    { "SELECT COUNT(*) FROM request r WHERE r.state = 'completed' AND EXISTS (SELECT 1 FROM applicant a WHERE a.request_id = r.id"
      " AND a.state NOT IN ('issued', 'rejected'))",
      "completed requests with applicants still on their way" },
    { "SELECT COUNT(*) FROM outbox WHERE state = 'sending'", "outbox messages left “sending” after start-up" },
    { "SELECT COUNT(*) FROM pragma_foreign_key_check", "rows pointing at nothing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      gint64 n = raw_int (path, checks[i].sql);
      if (n != 0)
        g_error ("after a kill: %" G_GINT64_FORMAT " %s", n, checks[i].what);
    }
}

/* Opens the register as the app does after a crash and checks every promise
 * of @lines against it. */
static void
check_trial (const char *path, const char *draft_dir, GPtrArray *lines, Totals *tot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelStore) store = sertel_store_open (path, &error);
  g_autofree char *report = NULL;
  g_autoptr(GHashTable) sent = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_unknown = 0;
  guint rows = 0;
  gint64 bad = -1;

  g_assert_no_error (error);
  /* The app's start-up: a message left "sending" becomes "unknown". */
  {
    gboolean ok = sertel_store_outbox_reconcile (store, &n_unknown, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  g_assert_cmpuint (n_unknown, <=, 1);   /* one writer, one message at a time */
  tot->unknown_outbox += n_unknown;

  {
    gboolean ok = sertel_store_integrity_check (store, &report, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
  }
  g_assert_cmpstr (report, ==, "ok");
  if (!sertel_store_verify_audit (store, &bad, &rows, &error))
    g_error ("audit chain broken at row %" G_GINT64_FORMAT ": %s", bad, error ? error->message : "");
  g_assert_cmpint (rows, ==, count_rows (path, "audit"));
  check_invariants (path);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_auto(GStrv) f = g_strsplit (line, " ", -1);
      guint n = g_strv_length (f);

      if (g_str_equal (line, "READY"))
        continue;
      tot->acks++;
      switch (f[0][0])
        {
        case 'C':
          {
            g_autoptr(SertelRequest) r = NULL;
            g_autoptr(GPtrArray) att = NULL;
            g_assert_cmpuint (n, ==, 5);
            tot->creates++;
            r = sertel_store_get_request (store, g_ascii_strtoll (f[1], NULL, 10), NULL);
            if (r == NULL)
              {
                lost (tot, line, "the request is gone");
                break;
              }
            if (g_strcmp0 (sertel_request_get_letter_number (r), f[4]) != 0)
              lost (tot, line, "another letter number");
            if (sertel_request_get_n_applicants (r) != g_ascii_strtoull (f[2], NULL, 10))
              lost (tot, line, "applicants missing");
            att = sertel_store_list_attachments (store, sertel_request_get_id (r), &error);
            g_assert_no_error (error);
            if (att->len != g_ascii_strtoull (f[3], NULL, 10))
              lost (tot, line, "attachments missing");
            for (guint k = 0; k < att->len; k++)
              {
                g_autoptr(GBytes) bytes = sertel_store_read_attachment (store, sertel_attachment_get_id (g_ptr_array_index (att, k)), &error);
                if (bytes == NULL)
                  lost (tot, line, error->message);
                g_clear_error (&error);
              }
          }
          break;
        case 'M':
          {
            g_autoptr(SertelRequest) r = NULL;
            gint64 version = g_ascii_strtoll (f[2], NULL, 10);
            g_assert_cmpuint (n, ==, 5);
            tot->moves++;
            r = sertel_store_get_request (store, g_ascii_strtoll (f[1], NULL, 10), NULL);
            if (r == NULL || sertel_request_get_version (r) < version)
              lost (tot, line, "the move is gone");
            else if (sertel_request_get_version (r) == version &&
                     !g_str_equal (sertel_request_state_to_string (sertel_request_get_state (r)), f[3]))
              lost (tot, line, "the move without its state");
            else if (!g_str_equal (f[4], "-") &&
                     g_strcmp0 (sertel_request_get_recommendation_number (r), f[4]) != 0)
              lost (tot, line, "the recommendation number changed");
          }
          break;
        case 'A':
          {
            g_autoptr(SertelApplicant) a = NULL;
            g_assert_cmpuint (n, ==, 4);
            tot->applicant_moves++;
            a = sertel_store_get_applicant (store, g_ascii_strtoll (f[1], NULL, 10), NULL);
            if (a == NULL || sertel_applicant_get_version (a) < g_ascii_strtoll (f[2], NULL, 10))
              lost (tot, line, "the applicant's move is gone");
          }
          break;
        case 'L':
          {
            g_autoptr(GBytes) pdf = NULL;
            g_autoptr(SertelRequest) r = NULL;
            g_autofree char *sha = NULL;
            g_assert_cmpuint (n, ==, 4);
            tot->letters++;
            pdf = sertel_store_get_letter (store, g_ascii_strtoll (f[1], NULL, 10), "rekomendasi", &error);
            if (pdf == NULL)
              {
                lost (tot, line, error->message);
                g_clear_error (&error);
                break;
              }
            sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
            r = get_request (store, g_ascii_strtoll (f[1], NULL, 10));
            if (!g_str_equal (sha, f[2]))
              lost (tot, line, "another letter");
            if (g_strcmp0 (sertel_request_get_recommendation_number (r), f[3]) != 0)
              lost (tot, line, "the letter's number changed");
          }
          break;
        case 'P':
          {
            g_autoptr(SertelApplicant) a = NULL;
            gint64 version = g_ascii_strtoll (f[2], NULL, 10);
            g_assert_cmpuint (n, ==, 4);
            tot->edits++;
            a = sertel_store_get_applicant (store, g_ascii_strtoll (f[1], NULL, 10), NULL);
            if (a == NULL || sertel_applicant_get_version (a) < version)
              lost (tot, line, "the edit is gone");
            else if (sertel_applicant_get_version (a) == version &&
                     g_strcmp0 (sertel_applicant_get_phone (a), f[3]) != 0)
              lost (tot, line, "the edit is half there");
          }
          break;
        case 'E':
          {
            g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM audit WHERE action = 'export' AND after_value LIKE '%%%s%%'", f[1]);
            g_assert_cmpuint (n, ==, 2);
            tot->exports++;
            if (raw_int (path, sql) != 1)
              lost (tot, line, "the export record is gone");
          }
          break;
        case 'O':
          {
            gint64 id = g_ascii_strtoll (f[1], NULL, 10);
            g_autoptr(SertelOutboxMessage) m = sertel_store_outbox_get (store, id, NULL);
            g_assert_cmpuint (n, ==, 3);
            tot->outbox++;
            if (m == NULL)
              lost (tot, line, "the message is gone");
            else if (g_str_equal (f[2], "sent"))
              {
                g_hash_table_add (sent, &m->id);
                if (m->state != SERTEL_OUTBOX_SENT)
                  lost (tot, line, "a sent message is no longer sent");
              }
            else if (g_str_equal (f[2], "sending") && m->state != SERTEL_OUTBOX_SENT &&
                     m->state != SERTEL_OUTBOX_UNKNOWN)
              lost (tot, line, "an interrupted send was not set aside");
          }
          break;
        case 'D':
          g_assert_cmpuint (n, ==, 3);
          tot->drafts++;
          {
            guint counter = (guint) g_ascii_strtoull (f[2], NULL, 10);
            gpointer old = NULL;
            if (!g_hash_table_lookup_extended (drafts, f[1], NULL, &old) || GPOINTER_TO_UINT (old) < counter)
              g_hash_table_insert (drafts, g_strdup (f[1]), GUINT_TO_POINTER (counter));
          }
          break;
        default:
          g_error ("unexpected line from the writer: %s", line);
        }
    }

  /* Every draft on disk loads whole; a promised save is there (or a later one). */
  {
    g_autoptr(GPtrArray) ids = sertel_draft_list (draft_dir, &error);
    GHashTableIter iter;
    gpointer key, value;

    g_assert_no_error (error);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(SertelDraft) d = sertel_draft_load (draft_dir, g_ptr_array_index (ids, i), &error);
        if (d == NULL)
          g_error ("draft %s does not load after a kill: %s", (char *) g_ptr_array_index (ids, i), error->message);
        g_assert_nonnull (d->letter_data);
      }
    g_hash_table_iter_init (&iter, drafts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_autoptr(SertelDraft) d = sertel_draft_load (draft_dir, key, NULL);
        if (d == NULL || g_ascii_strtoull (d->perihal, NULL, 10) < GPOINTER_TO_UINT (value))
          {
            tot->losses++;
            g_test_message ("LOST: draft %s save %u", (char *) key, GPOINTER_TO_UINT (value));
            g_test_fail ();
          }
      }
  }
}

static void
run_trial (const char *path, const char *draft_dir, Totals *tot)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int ());
  g_autoptr(GMainContext) context = g_main_context_new ();
  Trial t = { 0 };
  gint64 started = g_get_monotonic_time ();

  g_main_context_push_thread_default (context);
  t.loop = g_main_loop_new (context, FALSE);
  t.lines = g_ptr_array_new_with_free_func (g_free);
  t.child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              self_exe, "child", path, draft_dir, seed, NULL);
  g_assert_no_error (error);
  t.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (t.child));

  if (g_test_rand_int_range (0, 10) == 0)
    {
      /* Now and then mid-start: while it opens (and recovers) the register. */
      GSource *source = g_timeout_source_new (g_test_rand_int_range (0, 40));
      g_source_set_callback (source, kill_timeout, &t, NULL);
      g_source_attach (source, context);
      g_source_unref (source);
      t.kill_after = G_MAXUINT;
    }
  else
    {
      t.kill_after = g_test_rand_int_range (2, 30);
      t.delay_us = g_test_rand_int_range (0, 4000);
    }
  read_next (&t);
  g_main_loop_run (t.loop);

  g_subprocess_wait (t.child, NULL, &error);
  g_assert_no_error (error);
#ifdef G_OS_UNIX
  /* It died of the kill, not of a failed assertion of its own. */
  g_assert_true (g_subprocess_get_if_signaled (t.child));
  g_assert_cmpint (g_subprocess_get_term_sig (t.child), ==, SIGKILL);
#endif
  if (t.lines->len == 0)
    tot->killed_before_ready++;

  tot->child_us += g_get_monotonic_time () - started;
  started = g_get_monotonic_time ();
  check_trial (path, draft_dir, t.lines, tot);
  tot->check_us += g_get_monotonic_time () - started;
  tot->trials++;

  g_main_loop_unref (t.loop);
  g_object_unref (t.out);
  g_object_unref (t.child);
  g_ptr_array_unref (t.lines);
  g_main_context_pop_thread_default (context);
}

static void
test_kill_at_random (Fx *fx, gconstpointer data G_GNUC_UNUSED)
{
  const char *env = g_getenv ("SERTEL_CRASH_TRIALS");
  guint n = env ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_TRIALS;
  g_autofree char *draft_dir = g_build_filename (fx->dir, "drafts", NULL);
  gint64 start = g_get_monotonic_time ();
  Totals tot = { 0 };

  /* The parent keeps no connection open while the child writes: the child
   * is the app, the parent only looks after each crash. */
  g_clear_object (&fx->store);
  for (guint i = 0; i < n; i++)
    run_trial (fx->path, draft_dir, &tot);

  g_test_message ("trials: %u, writes acknowledged: %u (requests %u, moves %u, applicant moves %u, letters %u,"
                  " edits %u, export records %u, outbox %u, drafts %u), killed before the first write: %u,"
                  " outbox messages found mid-send: %u, losses: %u; %.1f s (writers %.1f s, checks %.1f s)",
                  tot.trials, tot.acks, tot.creates, tot.moves, tot.applicant_moves, tot.letters, tot.edits,
                  tot.exports, tot.outbox, tot.drafts, tot.killed_before_ready, tot.unknown_outbox, tot.losses,
                  (g_get_monotonic_time () - start) / 1e6, tot.child_us / 1e6, tot.check_us / 1e6);
  g_assert_cmpuint (tot.losses, ==, 0);
  g_assert_cmpuint (tot.trials, ==, n);
  /* The mix reached every kind of write. */
  if (n >= DEFAULT_TRIALS)
    {
      g_assert_cmpuint (tot.creates, >, 0);
      g_assert_cmpuint (tot.moves, >, 0);
      g_assert_cmpuint (tot.applicant_moves, >, 0);
      g_assert_cmpuint (tot.letters, >, 0);
      g_assert_cmpuint (tot.edits, >, 0);
      g_assert_cmpuint (tot.exports, >, 0);
      g_assert_cmpuint (tot.outbox, >, 0);
      g_assert_cmpuint (tot.drafts, >, 0);
    }
}

int
main (int argc, char *argv[])
{
  int ret;

  self_exe = argv[0];
  if (argc == 5 && g_str_equal (argv[1], "child"))
    return child_main (argv[2], argv[3], (guint32) g_ascii_strtoull (argv[4], NULL, 10));

  g_test_init (&argc, &argv, NULL);
#ifdef G_OS_UNIX
  g_test_add ("/crash/kill-at-random", Fx, NULL, fx_setup, test_kill_at_random, fx_teardown);
#endif
  ret = g_test_run ();
  remove_template ();
  return ret;
}
