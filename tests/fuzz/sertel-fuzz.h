/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the fuzz harnesses. Each harness defines LLVMFuzzerTestOneInput;
 * with -Dfuzzing=true libFuzzer drives it, otherwise sertel-fuzz-replay.c
 * feeds it the files named on the command line (the corpus test). */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int  LLVMFuzzerTestOneInput (const uint8_t *data,
                             size_t         size);

/* One line saying what happened to the current input ("refused: …",
 * "opened: …"). The replay program prints it; under libFuzzer it is silent. */
void sertel_fuzz_report     (const char    *format,
                             ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
