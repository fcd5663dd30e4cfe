/* report_input: what the HTML report (report_html.h) shows, as typed figures: each
 * policy's summary and volume, its lint findings, bytes over time and security
 * categories, and the diff of the first policy with each other one. The report reads
 * these structs only; nothing travels as JSON. */
#ifndef AUDITSIM_REPORT_INPUT_H
#define AUDITSIM_REPORT_INPUT_H

#include <stddef.h>

#include "diag.h"
#include "diff.h"
#include "policy.h"
#include "security_category.h"
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
	/* requests of each security category by the level this policy logs them at; NULL:
	 * not tallied, and the report has no categories section */
	const security_tally *categories;
} report_side;

/* The most policies one report shows side by side: eight columns still fit a page. */
#define REPORT_MAX_SIDES 8

typedef struct {
	char *const *logs;
	size_t log_count;
	report_side sides[REPORT_MAX_SIDES]; /* A, then B, C, ... with --against */
	size_t side_count;
	/* diffs[k]: the first policy against sides[k], for 1 <= k < side_count; diffs[0]
	 * and an unset entry: no transition section for that side */
	const diff_report *diffs[REPORT_MAX_SIDES];
	const char *version;
} report_input;

#endif
