/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The framed protocol between the app and sertel-render-helper, the process
 * that parses and draws documents so that a file which crashes or hangs
 * Poppler or an image decoder costs one preview, not the app.
 *
 * Every message is a header of two little-endian guint32 (kind, payload
 * length) followed by the payload. The app sends OPEN once, then RENDER as
 * often as it likes; closing the helper's stdin ends it.
 *
 *   app → helper  OPEN     the file's bytes
 *                 RENDER   guint32 page, guint32 rotation, double scale (LE bits)
 *   helper → app  INFO     guint32 file type, guint32 n_pages, then per page
 *                          double width, double height (points, LE bits)
 *                 IMAGE    guint32 width, height, stride, then stride × height
 *                          bytes of cairo ARGB32 (premultiplied, native endian)
 *                 FAILED   guint32 SertelRenderFailure
 *
 * GLib only: the helper and the app share the size rules below, so the app
 * knows exactly what size of picture to expect and refuses anything else. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SERTEL_RENDER_MSG_OPEN   = 0x4e45504f,   /* "OPEN" */
  SERTEL_RENDER_MSG_RENDER = 0x444e4552,   /* "REND" */
  SERTEL_RENDER_MSG_INFO   = 0x4f464e49,   /* "INFO" */
  SERTEL_RENDER_MSG_IMAGE  = 0x4547414d,   /* "MAGE" */
  SERTEL_RENDER_MSG_FAILED = 0x4c494146,   /* "FAIL" */
} SertelRenderMsg;

/* Why the helper could not open or draw a file. */
typedef enum {
  SERTEL_RENDER_FAILURE_NONE,
  SERTEL_RENDER_FAILURE_EMPTY,
  SERTEL_RENDER_FAILURE_NOT_A_DOCUMENT,    /* not PDF, JPEG or PNG */
  SERTEL_RENDER_FAILURE_IMAGE_UNSUPPORTED, /* no decoder on this computer */
  SERTEL_RENDER_FAILURE_ENCRYPTED,
  SERTEL_RENDER_FAILURE_DAMAGED,
  SERTEL_RENDER_FAILURE_NO_MEMORY,
  SERTEL_RENDER_FAILURE_BAD_REQUEST,
  SERTEL_RENDER_N_FAILURES
} SertelRenderFailure;

#define SERTEL_RENDER_HEADER_SIZE 8

/* Limits both sides keep: never a surface larger than this (a 600 dpi A3
 * scan is shown downscaled), never more pages than a register would hold. */
#define SERTEL_RENDER_MAX_SIDE      4096
#define SERTEL_RENDER_MAX_PIXELS    (32 * 1024 * 1024)
#define SERTEL_RENDER_MAX_PAGES     100000
#define SERTEL_RENDER_MAX_FILE      (512u * 1024 * 1024)

/* The picture size (before rotation) for a page of @pw × @ph points asked
 * at @scale device pixels per point, capped to the limits above; returns
 * the scale really used. */
double  sertel_render_fit_size     (double  pw,
                                    double  ph,
                                    double  scale,
                                    int    *width,
                                    int    *height);
/* cairo's ARGB32 stride for @width, without linking cairo. */
int     sertel_render_stride       (int     width);
int     sertel_render_normalize_rotation (int rotation);

void    sertel_render_put_u32      (guint8 *p,
                                    guint32 v);
guint32 sertel_render_get_u32      (const guint8 *p);
void    sertel_render_put_double   (guint8 *p,
                                    double  v);
double  sertel_render_get_double   (const guint8 *p);

G_END_DECLS
