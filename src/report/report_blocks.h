/* report_blocks: the small pieces every section of the HTML report is built from — the
 * level colours and badges, and the columns that put two policies side by side. */
#ifndef AUDITSIM_REPORT_BLOCKS_H
#define AUDITSIM_REPORT_BLOCKS_H

#include <stddef.h>
#include <stdio.h>

#include "policy.h"
#include "report_input.h"

/* The colour of each level, used in badges, bars and the matrix. */
const char *level_colour(audit_level level);

/* <span class="level L">Name</span> */
void write_level_badge(FILE *out, audit_level level);

/* Opens a block holding one column per side (two when comparing); each column starts
 * with the side's heading when there are two. */
void open_sides(FILE *out, const report_input *in);
void open_side(FILE *out, const report_input *in, size_t side);
void close_side(FILE *out);
void close_sides(FILE *out);

#endif
