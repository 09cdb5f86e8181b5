/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sertel-render-protocol.h"

double
sertel_render_fit_size (double  pw,
                        double  ph,
                        double  scale,
                        int    *width,
                        int    *height)
{
  double w = pw * scale, h = ph * scale;
  int sw, sh;

  /* Cap the surface instead of allocating gigabytes for a huge page. */
  if (w > SERTEL_RENDER_MAX_SIDE || h > SERTEL_RENDER_MAX_SIDE)
    scale *= MIN (SERTEL_RENDER_MAX_SIDE / w, SERTEL_RENDER_MAX_SIDE / h);
  if (pw * scale * ph * scale > SERTEL_RENDER_MAX_PIXELS)
    scale = sqrt (SERTEL_RENDER_MAX_PIXELS / (pw * ph));
  sw = MAX (1, (int) ceil (pw * scale - 0.01));
  sh = MAX (1, (int) ceil (ph * scale - 0.01));
  *width = MIN (sw, SERTEL_RENDER_MAX_SIDE);
  *height = MIN (sh, SERTEL_RENDER_MAX_SIDE);
  return scale;
}

int
sertel_render_stride (int width)
{
  /* CAIRO_FORMAT_ARGB32: 4 bytes a pixel, rows aligned to 4 bytes. */
  return width * 4;
}

int
sertel_render_normalize_rotation (int rotation)
{
  return ((rotation % 360) + 360) % 360 / 90 * 90;
}

void
sertel_render_put_u32 (guint8 *p,
                       guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

guint32
sertel_render_get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

void
sertel_render_put_double (guint8 *p,
                          double  v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  bits = GUINT64_TO_LE (bits);
  memcpy (p, &bits, 8);
}

double
sertel_render_get_double (const guint8 *p)
{
  guint64 bits;
  double v;

  memcpy (&bits, p, 8);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&v, &bits, 8);
  return v;
}
