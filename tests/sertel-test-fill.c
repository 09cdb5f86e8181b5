/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A register of any size for tests and benchmarks: eight requests, one per
 * queue, made through the store, then copied in SQL. Included (after
 * sertel-test-util.c) by the tests and benchmarks that need it. */

#define T0      G_GINT64_CONSTANT (1768453200)   /* 2026-01-15 05:00 UTC */

static gint64 fake_now;

static gint64
fake_clock (gpointer data G_GNUC_UNUSED)
{
  return fake_now;
}

static gint64
create_one (Fx *fx, const char *letter, const char *opd, const char *name, gboolean with_ahmad)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SertelRequest) r = make_request (letter);
  g_autoptr(GPtrArray) applicants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new ();
  g_autoptr(GBytes) pdf = pdf_bytes ();
  SertelNewAttachment scan = { "letter", "surat.pdf", pdf, -1 };
  SertelNewAttachment ktp = { "ktp", "ktp.pdf", pdf, 0 };
  SertelNewAttachment ktp2 = { "ktp", "ktp2.pdf", pdf, 1 };
  gint64 id;

  sertel_request_set_opd_name (r, opd);
  g_ptr_array_add (applicants, make_applicant (name, NIK_F, NIP_F));
  g_ptr_array_add (attachments, &scan);
  g_ptr_array_add (attachments, &ktp);
  if (with_ahmad)
    {
      g_ptr_array_add (applicants, make_applicant ("Ahmad Yani", NIK_M, NIP_M));
      g_ptr_array_add (attachments, &ktp2);
    }
  id = sertel_store_create_request (fx->store, fx->operator, r, applicants, attachments, NULL, &error);
  g_assert_no_error (error);
  return id;
}

static void
move_all_applicants (Fx *fx, gint64 id, const SertelAction *actions, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = sertel_store_list_applicants (fx->store, id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    for (guint k = 0; k < n; k++)
      move_applicant_ok (fx, sertel_applicant_get_id (g_ptr_array_index (list, i)), actions[k], NULL);
}

/* Eight requests, one per queue (two waiting for disposition), made through
 * the store at T0; then copied in SQL to @copies of each (copy k received k
 * minutes earlier, with its own letter number "…-k"). */
static void
fill (Fx *fx, guint copies)
{
  static const SertelAction to_bsre[] = { SERTEL_ACTION_MARK_REGISTERED };
  static const SertelAction to_done[] = { SERTEL_ACTION_MARK_REGISTERED, SERTEL_ACTION_MARK_VERIFIED,
                                          SERTEL_ACTION_MARK_ISSUED };
  g_autofree char *sql = NULL;
  gint64 id;

  fake_now = T0;
  sertel_store_set_clock (fx->store, fake_clock, NULL);

  create_one (fx, "001/DIKBUD/2026", "Dinas Pendidikan dan Kebudayaan", "Siti Nur'aini", TRUE);
  id = create_one (fx, "002/DISKES/2026", "Dinas Kesehatan", "Siti Nur'aini", TRUE);
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
  id = create_one (fx, "003/BAPPEDA/2026", "Badan Perencanaan Pembangunan Daerah", "Siti Nur'aini", TRUE);
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  id = create_one (fx, "004/DISHUB/2026", "Dinas Perhubungan", "Siti Nur'aini", TRUE);
  to_verifikator (fx, id);
  id = create_one (fx, "005/BKD/2026", "Badan Kepegawaian Daerah", "Siti Nur'aini", TRUE);
  to_verifikator (fx, id);
  move_all_applicants (fx, id, to_bsre, G_N_ELEMENTS (to_bsre));
  id = create_one (fx, "006/INSPEKTORAT/2026", "Inspektorat", "Siti Nur'aini", TRUE);
  to_verifikator (fx, id);
  move_all_applicants (fx, id, to_done, G_N_ELEMENTS (to_done));
  id = create_one (fx, "007/DPMPTSP/2026", "Dinas Penanaman Modal", "Siti Nur'aini", TRUE);
  move_ok (fx, fx->kadis, id, SERTEL_ACTION_DISPOSE, 0, NULL);
  move_ok (fx, fx->kabid, id, SERTEL_ACTION_FORWARD, 0, NULL);
  move_ok (fx, fx->kasi, id, SERTEL_ACTION_RETURN, 0, "Surat belum ditandatangani");
  create_one (fx, "008/SETDA/2026", "Sekretariat Daerah", "Budi Santoso", FALSE);

  if (copies <= 1)
    return;
  sql = g_strdup_printf (
    "BEGIN;"
    "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
    "INSERT INTO request (id, letter_number, letter_date, received_at, sifat, perihal, opd_id, state,"
    " state_since, assigned_to, return_reason, recommendation_number, n_applicants, created_by, version) "
    "SELECT r.id + k.n * 1000, r.letter_number || '-' || k.n, r.letter_date, r.received_at - k.n * 60, r.sifat,"
    " r.perihal, r.opd_id, r.state, r.state_since, r.assigned_to, r.return_reason,"
    " CASE WHEN r.recommendation_number IS NULL THEN NULL ELSE r.recommendation_number || '-' || k.n END,"
    " r.n_applicants, r.created_by, r.version FROM request r, k WHERE r.id <= 8;"
    "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < %u) "
    "INSERT INTO applicant (request_id, position, name, nik, nip, email, state) "
    "SELECT a.request_id + k.n * 1000, a.position, a.name, a.nik, a.nip, a.email, a.state"
    " FROM applicant a, k WHERE a.request_id <= 8;"
    "COMMIT;",
    copies - 1, copies - 1);
  raw_exec (fx->path, sql);
}

