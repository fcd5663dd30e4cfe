/* report_blocks: the small pieces every section of the HTML report is built from — the
 * level colours and badges, the columns that put policies side by side, and the heading
 * row of a table with one column per policy. */
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

/* How the report names a side when there are several: A, B, C, ... */
char side_letter(size_t side);

/* Opens a block holding one column per side (two: "two", more: "many", which wraps);
 * each column starts with the side's heading when there are several. */
void open_sides(FILE *out, const report_input *in);
void open_side(FILE *out, const report_input *in, size_t side);
void close_side(FILE *out);
void close_sides(FILE *out);

/* <tr><th>first</th> then one <th> per side ("B: <code>path</code>"). */
void write_side_heads(FILE *out, const report_input *in, const char *first);

#endif
