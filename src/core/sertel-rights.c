/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Sertel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sertel-rights.h"
#include "sertel-store.h"

#define BIT(role) (1u << (role))
#define DESK (BIT (SERTEL_ROLE_OPERATOR) | BIT (SERTEL_ROLE_KEPALA_DINAS) | BIT (SERTEL_ROLE_KABID) | \
              BIT (SERTEL_ROLE_KASI) | BIT (SERTEL_ROLE_VERIFIKATOR))

/* The Administrator keeps accounts, settings and the register's copies but
 * handles no case (separation of duties); case work follows the SOP. The NIK
 * in full is for those who check it: the Operator at intake, the Kasi against
 * the KTP and NIP, the Verifikator at BSrE. The Kepala Dinas and the Kabid
 * dispose and forward and see it masked. */
static const struct {
  const char *key;
  guint       roles;
} table[SERTEL_N_RIGHTS] = {
  [SERTEL_RIGHT_MANAGE_STAFF]    = { "manage_staff",    BIT (SERTEL_ROLE_ADMIN) },
  [SERTEL_RIGHT_KEEP_OPDS]       = { "keep_opds",       BIT (SERTEL_ROLE_ADMIN) | BIT (SERTEL_ROLE_OPERATOR) },
  [SERTEL_RIGHT_OFFICE_SETTINGS] = { "office_settings", BIT (SERTEL_ROLE_ADMIN) },
  [SERTEL_RIGHT_INTAKE]          = { "intake",          BIT (SERTEL_ROLE_OPERATOR) },
  /* every export is on the audit trail; the CLI serves administrators */
  [SERTEL_RIGHT_EXPORT]          = { "export",          DESK | BIT (SERTEL_ROLE_ADMIN) },
  [SERTEL_RIGHT_BACKUP]          = { "backup",          BIT (SERTEL_ROLE_ADMIN) },
  [SERTEL_RIGHT_RESTORE]         = { "restore",         BIT (SERTEL_ROLE_ADMIN) },
  [SERTEL_RIGHT_ISSUE_LETTER]    = { "issue_letter",    BIT (SERTEL_ROLE_KASI) | BIT (SERTEL_ROLE_VERIFIKATOR) },
  [SERTEL_RIGHT_REPORT]          = { "report",          DESK | BIT (SERTEL_ROLE_ADMIN) },
  [SERTEL_RIGHT_VIEW_FULL_NIK]   = { "view_full_nik",   BIT (SERTEL_ROLE_OPERATOR) | BIT (SERTEL_ROLE_KASI) |
                                                        BIT (SERTEL_ROLE_VERIFIKATOR) },
};

const char *
sertel_right_to_string (SertelRight right)
{
  g_return_val_if_fail ((int) right >= 0 && right < SERTEL_N_RIGHTS, NULL);
  return table[right].key;
}

gboolean
sertel_rights_allow (SertelRole  role,
                     SertelRight right)
{
  g_return_val_if_fail ((int) right >= 0 && right < SERTEL_N_RIGHTS, FALSE);

  if (role <= SERTEL_ROLE_NONE || role > SERTEL_ROLE_ADMIN)
    return FALSE;
  return (table[right].roles & BIT (role)) != 0;
}

gboolean
sertel_rights_check (SertelRole    role,
                     SertelRight   right,
                     GError      **error)
{
  const char *msg;

  if (sertel_rights_allow (role, right))
    return TRUE;

  switch (right)
    {
    case SERTEL_RIGHT_MANAGE_STAFF:
      msg = _("Only an administrator may manage staff accounts.");
      break;
    case SERTEL_RIGHT_KEEP_OPDS:
      msg = _("Only the administrator or the Operator may change the list of OPDs.");
      break;
    case SERTEL_RIGHT_OFFICE_SETTINGS:
      msg = _("Only an administrator may change the office’s settings.");
      break;
    case SERTEL_RIGHT_INTAKE:
      msg = _("Only the Operator takes in requests, applicants and scans.");
      break;
    case SERTEL_RIGHT_EXPORT:
      msg = _("Exporting personal data needs a signed-in staff member with a role.");
      break;
    case SERTEL_RIGHT_BACKUP:
      msg = _("Only an administrator may make a backup of the register.");
      break;
    case SERTEL_RIGHT_RESTORE:
      msg = _("Only an administrator may restore the register from a backup.");
      break;
    case SERTEL_RIGHT_ISSUE_LETTER:
      msg = _("Only the Kasi or the Verifikator may issue the Surat Rekomendasi.");
      break;
    case SERTEL_RIGHT_REPORT:
      msg = _("Sign in to see the activity report.");
      break;
    case SERTEL_RIGHT_VIEW_FULL_NIK:
      msg = _("Only the Operator, the Kasi and the Verifikator see a NIK in full.");
      break;
    case SERTEL_N_RIGHTS:
    default:
      g_return_val_if_reached (FALSE);
    }
  g_set_error_literal (error, SERTEL_STORE_ERROR, SERTEL_STORE_ERROR_NOT_ALLOWED, msg);
  return FALSE;
}
