/* report_input: what the HTML report (report_html.h) shows, as typed figures: each
 * policy's summary and volume, its lint findings and bytes over time, and the diff of
 * two. The report reads these structs only; nothing travels as JSON. */
#ifndef AUDITSIM_REPORT_INPUT_H
#define AUDITSIM_REPORT_INPUT_H

#include <stddef.h>

#include "diag.h"
#include "diff.h"
#include "policy.h"
#include "summary.h"
#include "time_buckets.h"
#include "volume.h"

/* One policy's results. All borrowed. */
typedef struct {
	const char *path;     /* the policy file, as named */
	const policy *policy; /* validated */
	const char *source;   /* the file's text, for each rule's lines; NULL: summarised */
	size_t source_len;
	const replay_summary *summary; /* requests and events, by level and rule */
	const volume_figures *volume;  /* bytes, gzip, time span, projection, retention, cost */
	const time_series *times;
	const diag_list *lint; /* lint findings, sorted */
} report_side;

typedef struct {
	char *const *logs;
	size_t log_count;
	report_side sides[2]; /* A, and B with --against */
	size_t side_count;
	const diff_report *diff; /* A against B; NULL with one policy */
	const char *version;
} report_input;

#endif
