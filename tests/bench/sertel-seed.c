/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sertel-seed.h"
#include "sertel-store.h"
#include "sertel-workflow.h"

#define N_BLOBS     50
#define BLOB_MIN    (200 * 1024)
#define BLOB_MAX    (3 * 1024 * 1024)
#define YEARS       5

/* OPDs of a province, with how often each sends requests (weights). */
static const struct { const char *name; const char *code; guint weight; } opds[] = {
  { "Dinas Pendidikan dan Kebudayaan", "DIKBUD", 160 },
  { "Dinas Kesehatan", "DINKES", 120 },
  { "Badan Kepegawaian Daerah", "BKD", 90 },
  { "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", 80 },
  { "Sekretariat Daerah", "SETDA", 75 },
  { "Inspektorat", "INSP", 60 },
  { "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", 55 },
  { "Badan Perencanaan Pembangunan Daerah", "BAPPEDA", 50 },
  { "Dinas Komunikasi, Informatika dan Persandian", "DISKOMINFO", 45 },
  { "Dinas Perhubungan", "DISHUB", 40 },
  { "Dinas Sosial", "DINSOS", 35 },
  { "Dinas Kelautan dan Perikanan", "DKP", 35 },
  { "Dinas Pertanian", "DISTAN", 30 },
  { "Badan Pendapatan Daerah", "BAPENDA", 30 },
  { "Dinas Penanaman Modal dan PTSP", "DPMPTSP", 25 },
  { "Satuan Polisi Pamong Praja", "SATPOLPP", 25 },
  { "Dinas Lingkungan Hidup", "DLH", 20 },
  { "Dinas Pariwisata", "DISPAR", 15 },
  { "Badan Penanggulangan Bencana Daerah", "BPBD", 15 },
  { "Sekretariat DPRD", "SETWAN", 10 },
};

static const char * const female_first[] = {
  "Siti", "Nur", "Fatimah", "Rahmawati", "Dewi", "Sri", "Ani", "Rina", "Wulan", "Yuliana", "Maria", "Hasna",
  "Nurhayati", "Fitri", "Marlina", "Sartika", "Halima", "Aisyah", "Ratna", "Indah",
};
static const char * const male_first[] = {
  "Ahmad", "Muhammad", "Abdul", "Rizal", "Hasan", "Irfan", "Yusuf", "Budi", "Agus", "Fadli", "Ridwan", "Samsul",
  "Junaidi", "Hendra", "Arief", "Iksan", "Sofyan", "Rusli", "Taufik", "Jefri",
};
static const char * const middle[] = { "", "", "", "Nur", "Abdul", "Sari", "Putra", "Dwi", "Eka", "Tri" };
static const char * const surnames[] = {
  "Hasan", "Umar", "Abubakar", "Sangaji", "Ibrahim", "Tjan", "Kaicil", "Baba", "Mahmud", "Sahmad", "Mustafa",
  "Djafar", "Lamusu", "Marsaoly", "Soleman", "Tomagola", "Ternate", "Syah", "Bailussy", "Hamid", "Yunus",
  "Latif", "Saleh", "Arsad", "Karim", "Rasyid", "Salim", "Habib", "Taher", "Ali",
};
static const guint regencies[] = { 71, 72, 1, 2, 3, 4, 5, 6, 7, 8 };
static const char * const jabatan[] = {
  "Pranata Komputer Ahli Pertama", "Analis Kepegawaian", "Kepala Sub Bagian Umum", "Bendahara Pengeluaran",
  "Sekretaris", "Kepala Bidang", "Guru Ahli Muda", "Perawat Terampil", "Arsiparis", "Auditor Ahli Muda",
};
static const char * const pangkat[] = {
  "Pengatur (II/c)", "Penata Muda (III/a)", "Penata Muda Tk. I (III/b)", "Penata (III/c)",
  "Penata Tk. I (III/d)", "Pembina (IV/a)", "Pembina Tk. I (IV/b)",
};

#define PICK(r, a) ((a)[g_rand_int_range ((r), 0, G_N_ELEMENTS (a))])

static gboolean
check (sqlite3 *db, int rc, const char *what, GError **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "seed: %s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3 *db, const char *sql, GError **error)
{
  return check (db, sqlite3_exec (db, sql, NULL, NULL, NULL), sql, error);
}

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!check (db, sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), sql, error))
    return NULL;
  return stmt;
}

static gboolean
run (sqlite3 *db, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return check (db, rc, sqlite3_sql (stmt), error);
}

static guint
pick_opd (GRand *r, guint total)
{
  guint x = (guint) g_rand_int_range (r, 0, (gint32) total);

  for (guint i = 0; i < G_N_ELEMENTS (opds); i++)
    {
      if (x < opds[i].weight)
        return i;
      x -= opds[i].weight;
    }
  return 0;
}

/* The state of a request received @age seconds ago: old ones are done; of
 * the last 60 days a growing share is still in a queue. */
static SertelRequestState
pick_state (GRand *r, gint64 age)
{
  guint x = (guint) g_rand_int_range (r, 0, 1000);

  if (age > 60 * 86400)
    return x < 985 ? SERTEL_REQUEST_COMPLETED : SERTEL_REQUEST_RETURNED;
  if (x < 450)
    return SERTEL_REQUEST_COMPLETED;
  if (x < 520)
    return SERTEL_REQUEST_RETURNED;
  if (x < 620)
    return SERTEL_REQUEST_RECEIVED;
  if (x < 700)
    return SERTEL_REQUEST_AT_KABID;
  if (x < 780)
    return SERTEL_REQUEST_AT_KASI;
  return SERTEL_REQUEST_AT_VERIFIKATOR;
}

gboolean
sertel_seed_fill (const char      *path,
                  guint            n_requests,
                  guint32          seed,
                  gint64           now,
                  SertelSeedStats *stats,
                  GError         **error)
{
  static const SertelRole roles[] = { SERTEL_ROLE_OPERATOR, SERTEL_ROLE_KEPALA_DINAS, SERTEL_ROLE_KABID,
                                      SERTEL_ROLE_KASI, SERTEL_ROLE_VERIFIKATOR };
  static const char * const role_names[] = { "Operator Satu", "Kepala Dinas", "Kabid Persandian",
                                             "Kasi Persandian", "Verifikator Satu" };
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  gint64 t0 = g_get_monotonic_time ();
  gint64 operator_id = 0, verifikator_id = 0;
  char blob_sha[N_BLOBS][65];
  gint64 blob_size[N_BLOBS];
  guint opd_total = 0, n_app = 0, n_att = 0;
  guint target_applicants = n_requests * 3;
  g_autofree guint8 *counts = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *ins_req = NULL, *ins_app = NULL, *ins_att = NULL, *ins_blob = NULL;
  gboolean ok = FALSE;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  /* The schema, and one real administrator (one Argon2 hash, shared). */
  {
    g_autoptr(SertelStore) store = sertel_store_open (path, error);
    g_autoptr(SertelStaff) admin = NULL;

    if (store == NULL)
      return FALSE;
    admin = sertel_store_add_staff (store, NULL, "Admin Sistem", "198001012005011001", SERTEL_ROLE_ADMIN,
                                    SERTEL_SEED_PASSWORD, error);
    if (admin == NULL)
      return FALSE;
  }

  if (!check (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), "open", error))
    goto out;
  sqlite3_busy_timeout (db, 15000);
  if (!exec (db, "PRAGMA cache_size = -200000; BEGIN IMMEDIATE", error))
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO staff (name, nip, role, password_hash, active, created_at)"
        " SELECT '%s', '198001012005011%03u', '%s', password_hash, 1, created_at FROM staff WHERE id = 1",
        role_names[i], i + 2, sertel_role_to_string (roles[i]));
      if (!exec (db, sql, error))
        goto out;
      if (roles[i] == SERTEL_ROLE_OPERATOR)
        operator_id = sqlite3_last_insert_rowid (db);
      if (roles[i] == SERTEL_ROLE_VERIFIKATOR)
        verifikator_id = sqlite3_last_insert_rowid (db);
    }

  {
    sqlite3_stmt *ins_opd = prepare (db, "INSERT INTO opd (id, name, active) VALUES (?1, ?2, 1)", error);
    if (ins_opd == NULL)
      goto out;
    for (guint i = 0; i < G_N_ELEMENTS (opds); i++)
      {
        opd_total += opds[i].weight;
        sqlite3_bind_int64 (ins_opd, 1, i + 1);
        sqlite3_bind_text (ins_opd, 2, opds[i].name, -1, SQLITE_STATIC);
        if (!run (db, ins_opd, error))
          {
            sqlite3_finalize (ins_opd);
            goto out;
          }
      }
    sqlite3_finalize (ins_opd);
  }

  /* Scans: N_BLOBS distinct files of 200 KB–3 MB, each named by its sha256. */
  ins_blob = prepare (db, "INSERT INTO blob (sha256, size, data) VALUES (?1, ?2, ?3)", error);
  if (ins_blob == NULL)
    goto out;
  for (guint i = 0; i < N_BLOBS; i++)
    {
      gsize size = (gsize) g_rand_int_range (r, BLOB_MIN, BLOB_MAX + 1);
      guint32 *data = g_malloc (size + 4);
      g_autofree char *sha = NULL;

      for (gsize k = 0; k < size / 4 + 1; k++)
        data[k] = g_rand_int (r);
      memcpy (data, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15);
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
      g_strlcpy (blob_sha[i], sha, sizeof blob_sha[i]);
      blob_size[i] = (gint64) size;
      sqlite3_bind_text (ins_blob, 1, blob_sha[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins_blob, 2, (gint64) size);
      sqlite3_bind_blob64 (ins_blob, 3, data, size, g_free);
      if (!run (db, ins_blob, error))
        goto out;
    }

  /* Applicants per request: 1–8, mean 3, then evened out to exactly 3 × n. */
  counts = g_malloc (MAX (n_requests, 1));
  {
    static const guint8 dist[] = { 1, 1, 1, 2, 2, 3, 3, 4, 5, 8 };
    guint total = 0;

    for (guint i = 0; i < n_requests; i++)
      total += counts[i] = dist[g_rand_int_range (r, 0, G_N_ELEMENTS (dist))];
    while (n_requests > 0 && total != target_applicants)
      {
        guint i = (guint) g_rand_int_range (r, 0, (gint32) n_requests);
        if (total > target_applicants && counts[i] > 1)
          counts[i]--, total--;
        else if (total < target_applicants && counts[i] < 8)
          counts[i]++, total++;
      }
  }

  ins_req = prepare (db,
    "INSERT INTO request (id, letter_number, letter_date, received_at, sifat, perihal, opd_id, state, state_since,"
    " assigned_to, return_reason, recommendation_number, n_applicants, created_by, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 'Permohonan Sertifikat Elektronik', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    error);
  ins_app = prepare (db,
    "INSERT INTO applicant (id, request_id, position, name, name_titled, nik, nip, pangkat, jabatan, unit_kerja,"
    " opd, city, province, email, phone, state, state_reason)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'Sekretariat', ?10, 'Sofifi', 'Maluku Utara', ?11, ?12, ?13, ?14)",
    error);
  ins_att = prepare (db,
    "INSERT INTO attachment (request_id, applicant_id, kind, file_name, mime, size, sha256, added_at, added_by)"
    " VALUES (?1, ?2, ?3, ?4, 'application/pdf', ?5, ?6, ?7, ?8)", error);
  if (ins_req == NULL || ins_app == NULL || ins_att == NULL)
    goto out;

  {
    gint64 span = (gint64) YEARS * 365 * 86400;
    guint serial[G_N_ELEMENTS (opds)][YEARS + 2];
    int first_year;

    {
      g_autoptr(GDateTime) n = g_date_time_new_from_unix_local (now);
      first_year = g_date_time_get_year (n) - YEARS - 1;
    }

    memset (serial, 0, sizeof serial);
    for (guint i = 0; i < n_requests; i++)
      {
        /* Evenly over the years, newest last, with jitter: ids follow time. */
        gint64 received = MIN (now - 60, now - span + (gint64) ((double) span * (i + 0.5) / n_requests)
                                         + g_rand_int_range (r, -600, 600));
        gint64 age = now - received;
        g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (received);
        g_autoptr(GDateTime) written = g_date_time_add_days (when, -g_rand_int_range (r, 1, 8));
        g_autofree char *letter_date = g_date_time_format (written, "%Y-%m-%d");
        guint o = pick_opd (r, opd_total);
        guint year_slot = (guint) CLAMP (g_date_time_get_year (written) - first_year, 0, YEARS + 1);
        guint no = ++serial[o][year_slot];
        g_autofree char *letter = g_strdup_printf ("800/%03u/%s/%d", no, opds[o].code, g_date_time_get_year (written));
        g_autofree char *rec = NULL;
        SertelRequestState state = pick_state (r, age);
        gint64 id = i + 1;
        /* Drawn once: MIN is a macro and would draw twice. */
        gint64 step_time = g_rand_int_range (r, 600, 5 * 86400);
        gint64 since = state == SERTEL_REQUEST_RECEIVED ? received : MIN (now - 60, received + step_time);
        gboolean bsre = state == SERTEL_REQUEST_AT_VERIFIKATOR && g_rand_boolean (r);
        guint n = counts[i];

        sqlite3_bind_int64 (ins_req, 1, id);
        sqlite3_bind_text (ins_req, 2, letter, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (ins_req, 3, letter_date, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (ins_req, 4, received);
        sqlite3_bind_text (ins_req, 5, g_rand_int_range (r, 0, 10) == 0 ? "segera" : "biasa", -1, SQLITE_STATIC);
        sqlite3_bind_int64 (ins_req, 6, o + 1);
        sqlite3_bind_text (ins_req, 7, sertel_request_state_to_string (state), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (ins_req, 8, since);
        if (state == SERTEL_REQUEST_AT_VERIFIKATOR || state == SERTEL_REQUEST_COMPLETED)
          sqlite3_bind_int64 (ins_req, 9, verifikator_id);
        if (state == SERTEL_REQUEST_RETURNED)
          sqlite3_bind_text (ins_req, 10, "Surat belum ditandatangani", -1, SQLITE_STATIC);
        if (state == SERTEL_REQUEST_COMPLETED)
          {
            rec = g_strdup_printf ("800/%06u/REK/%d", (guint) id, g_date_time_get_year (when));
            sqlite3_bind_text (ins_req, 11, rec, -1, SQLITE_TRANSIENT);
          }
        sqlite3_bind_int64 (ins_req, 12, n);
        sqlite3_bind_int64 (ins_req, 13, operator_id);
        sqlite3_bind_int64 (ins_req, 14, 1 + (state != SERTEL_REQUEST_RECEIVED ? 3 : 0));
        if (!run (db, ins_req, error))
          goto out;

        /* The letter scan. */
        {
          guint b = (guint) g_rand_int_range (r, 0, N_BLOBS);
          sqlite3_bind_int64 (ins_att, 1, id);
          sqlite3_bind_text (ins_att, 3, "letter", -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_att, 4, "surat-permohonan.pdf", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (ins_att, 5, blob_size[b]);
          sqlite3_bind_text (ins_att, 6, blob_sha[b], -1, SQLITE_STATIC);
          sqlite3_bind_int64 (ins_att, 7, received);
          sqlite3_bind_int64 (ins_att, 8, operator_id);
          if (!run (db, ins_att, error))
            goto out;
          n_att++;
        }

        for (guint k = 0; k < n; k++)
          {
            gboolean female = g_rand_boolean (r);
            guint by = (guint) g_rand_int_range (r, 1968, 1999);
            guint bm = (guint) g_rand_int_range (r, 1, 13);
            guint bd = (guint) g_rand_int_range (r, 1, 29);
            guint tmt = by + (guint) g_rand_int_range (r, 20, 31);   /* not inside MIN(): evaluated twice */
            const char *first;
            tmt = MIN (tmt, 2024u);
            first = female ? PICK (r, female_first) : PICK (r, male_first);
            const char *mid = PICK (r, middle);
            const char *last = PICK (r, surnames);
            g_autofree char *name = *mid ? g_strdup_printf ("%s %s %s", first, mid, last)
                                         : g_strdup_printf ("%s %s", first, last);
            g_autofree char *titled = g_strdup_printf ("%s, S.Kom", name);
            g_autofree char *nik = g_strdup_printf ("82%02u%02u%02u%02u%02u%04u", PICK (r, regencies),
                                                    (guint) g_rand_int_range (r, 1, 11), bd + (female ? 40 : 0), bm,
                                                    by % 100, (guint) g_rand_int_range (r, 1, 10000));
            g_autofree char *nip = g_strdup_printf ("%04u%02u%02u%04u%02u%u%03u", by, bm, bd, tmt,
                                                    (guint) g_rand_int_range (r, 1, 13), female ? 2u : 1u,
                                                    (guint) g_rand_int_range (r, 1, 1000));
            g_autofree char *email = NULL;
            g_autofree char *phone = g_strdup_printf ("0812%08u", (guint) g_rand_int_range (r, 0, 100000000));
            gint64 app_id = ++n_app;
            SertelApplicantState as = SERTEL_APPLICANT_PENDING;
            const char *reason = NULL;

            email = g_ascii_strdown (first, -1);
            {
              char *full = g_strdup_printf ("%s.%s%u@malutprov.go.id", email, last, (guint) app_id);
              g_free (email);
              email = g_ascii_strdown (full, -1);
              g_free (full);
            }
            if (state == SERTEL_REQUEST_COMPLETED)
              {
                as = g_rand_int_range (r, 0, 100) < 96 ? SERTEL_APPLICANT_ISSUED : SERTEL_APPLICANT_REJECTED;
                if (as == SERTEL_APPLICANT_REJECTED)
                  reason = "Data KTP tidak sesuai NIP";
              }
            else if (bsre)
              as = SERTEL_APPLICANT_REGISTERED;
            else if (state == SERTEL_REQUEST_AT_VERIFIKATOR && k % 2 == 1)
              as = SERTEL_APPLICANT_REGISTERED;

            sqlite3_bind_int64 (ins_app, 1, app_id);
            sqlite3_bind_int64 (ins_app, 2, id);
            sqlite3_bind_int64 (ins_app, 3, k);
            sqlite3_bind_text (ins_app, 4, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (ins_app, 5, titled, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (ins_app, 6, nik, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (ins_app, 7, nip, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (ins_app, 8, PICK (r, pangkat), -1, SQLITE_STATIC);
            sqlite3_bind_text (ins_app, 9, PICK (r, jabatan), -1, SQLITE_STATIC);
            sqlite3_bind_text (ins_app, 10, opds[o].name, -1, SQLITE_STATIC);
            sqlite3_bind_text (ins_app, 11, email, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (ins_app, 12, phone, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (ins_app, 13, sertel_applicant_state_to_string (as), -1, SQLITE_STATIC);
            if (reason)
              sqlite3_bind_text (ins_app, 14, reason, -1, SQLITE_STATIC);
            if (!run (db, ins_app, error))
              goto out;

            /* The KTP scan: the same file recurs (content-addressed). */
            {
              guint b = (guint) g_rand_int_range (r, 0, N_BLOBS);
              g_autofree char *file = g_strdup_printf ("ktp-%u.pdf", k + 1);
              sqlite3_bind_int64 (ins_att, 1, id);
              sqlite3_bind_int64 (ins_att, 2, app_id);
              sqlite3_bind_text (ins_att, 3, "ktp", -1, SQLITE_STATIC);
              sqlite3_bind_text (ins_att, 4, file, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int64 (ins_att, 5, blob_size[b]);
              sqlite3_bind_text (ins_att, 6, blob_sha[b], -1, SQLITE_STATIC);
              sqlite3_bind_int64 (ins_att, 7, received);
              sqlite3_bind_int64 (ins_att, 8, operator_id);
              if (!run (db, ins_att, error))
                goto out;
              n_att++;
            }
          }
      }
  }

  if (!exec (db, "COMMIT; ANALYZE", error))
    goto out;
  ok = TRUE;

out:
  sqlite3_finalize (ins_req);
  sqlite3_finalize (ins_app);
  sqlite3_finalize (ins_att);
  sqlite3_finalize (ins_blob);
  if (!ok && db)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  if (ok && stats)
    {
      memset (stats, 0, sizeof *stats);
      stats->n_requests = n_requests;
      stats->n_applicants = n_app;
      stats->n_attachments = n_att;
      stats->n_blobs = N_BLOBS;
      stats->seconds = (g_get_monotonic_time () - t0) / 1e6;
      stats->file_size = g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
      stats->operator_id = operator_id;
    }
  return ok;
}
