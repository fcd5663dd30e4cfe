/* report_columns: the HTML report's tables with one column per policy whose rows are the
 * same figures for every policy, so a row reads across: the overview, bytes by level and
 * stage, the top users, resources, verbs and namespaces, and the security categories.
 * Used when the report shows more than one policy (one policy keeps its cards and
 * charts, report_html.c). */
#ifndef AUDITSIM_REPORT_COLUMNS_H
#define AUDITSIM_REPORT_COLUMNS_H

#include <stddef.h>
#include <stdio.h>

#include "report_input.h"

/* The overview's figures, as cards or as rows: requests, events written, bytes, gzip,
 * projected per day, cost per 30 days. */
enum { OVERVIEW_FIGURES = 6 };
const char *overview_figure_name(size_t figure);
/* The figure's value for one policy, in buf. */
const char *overview_figure_value(size_t figure, const report_side *s, char *buf, size_t cap);

void write_overview_columns(FILE *out, const report_input *in);
void write_level_stage_columns(FILE *out, const report_input *in);
/* One table per top list: the names any policy has in its top, in the first policy's
 * order then the others'; a name not in a policy's top shows "–" there. */
void write_top_columns(FILE *out, const report_input *in);
/* The <section> of security categories; nothing when the sides carry no tally. */
void write_categories(FILE *out, const report_input *in);

#endif
