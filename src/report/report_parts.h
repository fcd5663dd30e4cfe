/* report_parts: the HTML report's projection, lint and diff sections, each one
 * <section> written from the report's input (report_input.h). */
#ifndef AUDITSIM_REPORT_PARTS_H
#define AUDITSIM_REPORT_PARTS_H

#include <stddef.h>
#include <stdio.h>

#include "report_input.h"

/* Bytes, gzip, time span, projected GB, retention and cost: one column per policy. */
void write_projection(FILE *out, const report_input *in);
/* Each policy's lint findings. */
void write_lint(FILE *out, const report_input *in);
/* The level transition matrix from the first policy to sides[side] and the rule pairs
 * behind it; in->diffs[side] must be set (1 <= side < side_count). */
void write_diff(FILE *out, const report_input *in, size_t side);

#endif
