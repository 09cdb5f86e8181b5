/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The libadwaita 1.2 stand-in for AdwBanner (1.3) at the top of the desk:
 * "Connection to the register server lost…" with a Retry button, revealed
 * while the store's "connected" is FALSE; "reconnected" is emitted once a
 * read works again after a loss. */
#pragma once

#include <adwaita.h>

#include "sertel-store.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_CONNECTION_BANNER (sertel_connection_banner_get_type ())
G_DECLARE_FINAL_TYPE (SertelConnectionBanner, sertel_connection_banner, SERTEL, CONNECTION_BANNER, AdwBin)

GtkWidget *sertel_connection_banner_new           (void);
/* Follows @store's "connected" (NULL: shows nothing). */
void       sertel_connection_banner_set_store     (SertelConnectionBanner *self,
                                                   SertelStore            *store);
gboolean   sertel_connection_banner_get_connected (SertelConnectionBanner *self);
/* FALSE from a loss until a read on the store works again. */
gboolean   sertel_connection_banner_get_reachable (SertelConnectionBanner *self);
void       sertel_connection_banner_set_connected (SertelConnectionBanner *self,
                                                   gboolean                connected);

G_END_DECLS
