/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One letter from an OPD asking electronic certificates for its staff. */
#pragma once

#include <glib-object.h>

#include "sertel-workflow.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_REQUEST (sertel_request_get_type ())

G_DECLARE_FINAL_TYPE (SertelRequest, sertel_request, SERTEL, REQUEST, GObject)

SertelRequest      *sertel_request_new                       (void);
SertelRequest      *sertel_request_copy                      (SertelRequest *self);

gint64              sertel_request_get_id                    (SertelRequest *self);
void                sertel_request_set_id                    (SertelRequest *self, gint64 id);
const char         *sertel_request_get_letter_number         (SertelRequest *self);
void                sertel_request_set_letter_number         (SertelRequest *self, const char *letter_number);
/* letter-date: ISO 8601 date, YYYY-MM-DD */
const char         *sertel_request_get_letter_date           (SertelRequest *self);
void                sertel_request_set_letter_date           (SertelRequest *self, const char *letter_date);
/* received-at: UNIX seconds */
gint64              sertel_request_get_received_at           (SertelRequest *self);
void                sertel_request_set_received_at           (SertelRequest *self, gint64 received_at);
const char         *sertel_request_get_sifat                 (SertelRequest *self);
void                sertel_request_set_sifat                 (SertelRequest *self, const char *sifat);
const char         *sertel_request_get_perihal               (SertelRequest *self);
void                sertel_request_set_perihal               (SertelRequest *self, const char *perihal);
gint64              sertel_request_get_opd_id                (SertelRequest *self);
void                sertel_request_set_opd_id                (SertelRequest *self, gint64 opd_id);
const char         *sertel_request_get_opd_name              (SertelRequest *self);
void                sertel_request_set_opd_name              (SertelRequest *self, const char *opd_name);
SertelRequestState  sertel_request_get_state                 (SertelRequest *self);
void                sertel_request_set_state                 (SertelRequest *self, SertelRequestState state);
/* state-since: UNIX seconds the request entered its state */
gint64              sertel_request_get_state_since           (SertelRequest *self);
void                sertel_request_set_state_since           (SertelRequest *self, gint64 state_since);
/* assigned-to: staff id of the Verifikator, 0 for none */
gint64              sertel_request_get_assigned_to           (SertelRequest *self);
void                sertel_request_set_assigned_to           (SertelRequest *self, gint64 assigned_to);
const char         *sertel_request_get_return_reason         (SertelRequest *self);
void                sertel_request_set_return_reason         (SertelRequest *self, const char *return_reason);
const char         *sertel_request_get_recommendation_number (SertelRequest *self);
void                sertel_request_set_recommendation_number (SertelRequest *self, const char *recommendation_number);
/* version: bumped by the store on every save */
gint64              sertel_request_get_version               (SertelRequest *self);
void                sertel_request_set_version               (SertelRequest *self, gint64 version);
guint               sertel_request_get_n_applicants          (SertelRequest *self);
void                sertel_request_set_n_applicants          (SertelRequest *self, guint n_applicants);

G_END_DECLS
