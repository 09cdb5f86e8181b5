/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A window of its own around a SertelDocumentView: open with the default
 * application, save a copy, print. */
#pragma once

#include <adwaita.h>

#include "sertel-document-view.h"

G_BEGIN_DECLS

#define SERTEL_TYPE_VIEWER_WINDOW (sertel_viewer_window_get_type ())
G_DECLARE_FINAL_TYPE (SertelViewerWindow, sertel_viewer_window, SERTEL, VIEWER_WINDOW, AdwApplicationWindow)

SertelViewerWindow *sertel_viewer_window_new        (GtkApplication     *app);
void                sertel_viewer_window_open       (SertelViewerWindow *self,
                                                     GFile              *file);
void                sertel_viewer_window_open_bytes (SertelViewerWindow *self,
                                                     GBytes             *bytes,
                                                     const char         *title);
SertelDocumentView *sertel_viewer_window_get_view   (SertelViewerWindow *self);

G_END_DECLS
