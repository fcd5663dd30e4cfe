/* Shared between report_html.c (page, overview, rules, charts) and report_parts.c
 * (projection, lint, diff). Not an API. */
#ifndef AUDITSIM_REPORT_HTML_INTERNAL_H
#define AUDITSIM_REPORT_HTML_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "report_html.h"

/* Members of the replay document; a missing member reads as 0 / NULL. */
const json_t *doc_get(const json_t *o, const char *key);
double doc_number(const json_t *o, const char *key);
bool doc_is_number(const json_t *o, const char *key);

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

void write_projection(FILE *out, const report_input *in);
void write_lint(FILE *out, const report_input *in);
void write_diff(FILE *out, const report_input *in);

#endif
