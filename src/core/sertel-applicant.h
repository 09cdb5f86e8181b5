/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One person on a request who is to receive a certificate. */
#pragma once

#include <glib-object.h>

#include "sertel-workflow.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_APPLICANT (sertel_applicant_get_type ())

G_DECLARE_FINAL_TYPE (SertelApplicant, sertel_applicant, SERTEL, APPLICANT, GObject)

SertelApplicant      *sertel_applicant_new                 (void);
SertelApplicant      *sertel_applicant_copy                (SertelApplicant *self);

gint64                sertel_applicant_get_id              (SertelApplicant *self);
void                  sertel_applicant_set_id              (SertelApplicant *self, gint64 id);
gint64                sertel_applicant_get_request_id      (SertelApplicant *self);
void                  sertel_applicant_set_request_id      (SertelApplicant *self, gint64 request_id);
/* name: as on the KTP */
const char           *sertel_applicant_get_name            (SertelApplicant *self);
void                  sertel_applicant_set_name            (SertelApplicant *self, const char *name);
/* name-titled: with academic titles, for letters */
const char           *sertel_applicant_get_name_titled     (SertelApplicant *self);
void                  sertel_applicant_set_name_titled     (SertelApplicant *self, const char *name_titled);
const char           *sertel_applicant_get_nik             (SertelApplicant *self);
void                  sertel_applicant_set_nik             (SertelApplicant *self, const char *nik);
const char           *sertel_applicant_get_nip             (SertelApplicant *self);
void                  sertel_applicant_set_nip             (SertelApplicant *self, const char *nip);
/* pangkat: pangkat/golongan */
const char           *sertel_applicant_get_pangkat         (SertelApplicant *self);
void                  sertel_applicant_set_pangkat         (SertelApplicant *self, const char *pangkat);
const char           *sertel_applicant_get_jabatan         (SertelApplicant *self);
void                  sertel_applicant_set_jabatan         (SertelApplicant *self, const char *jabatan);
const char           *sertel_applicant_get_unit_kerja      (SertelApplicant *self);
void                  sertel_applicant_set_unit_kerja      (SertelApplicant *self, const char *unit_kerja);
const char           *sertel_applicant_get_opd             (SertelApplicant *self);
void                  sertel_applicant_set_opd             (SertelApplicant *self, const char *opd);
const char           *sertel_applicant_get_office_address  (SertelApplicant *self);
void                  sertel_applicant_set_office_address  (SertelApplicant *self, const char *office_address);
const char           *sertel_applicant_get_city            (SertelApplicant *self);
void                  sertel_applicant_set_city            (SertelApplicant *self, const char *city);
const char           *sertel_applicant_get_province        (SertelApplicant *self);
void                  sertel_applicant_set_province        (SertelApplicant *self, const char *province);
const char           *sertel_applicant_get_email           (SertelApplicant *self);
void                  sertel_applicant_set_email           (SertelApplicant *self, const char *email);
const char           *sertel_applicant_get_phone           (SertelApplicant *self);
void                  sertel_applicant_set_phone           (SertelApplicant *self, const char *phone);
SertelApplicantState  sertel_applicant_get_state           (SertelApplicant *self);
void                  sertel_applicant_set_state           (SertelApplicant *self, SertelApplicantState state);
const char           *sertel_applicant_get_state_reason    (SertelApplicant *self);
void                  sertel_applicant_set_state_reason    (SertelApplicant *self, const char *state_reason);
/* mismatch-reason: the office's written reason to go on despite a NIK/NIP disagreement */
const char           *sertel_applicant_get_mismatch_reason (SertelApplicant *self);
void                  sertel_applicant_set_mismatch_reason (SertelApplicant *self, const char *mismatch_reason);
gint64                sertel_applicant_get_version         (SertelApplicant *self);
void                  sertel_applicant_set_version         (SertelApplicant *self, gint64 version);

G_END_DECLS
