/* report_html: the self-contained HTML report (`auditsim report`): one file with its CSS
 * inline and its charts as inline SVG, no script, no font, nothing fetched, so it opens
 * from a file or an e-mail attachment and prints (print CSS: no backgrounds lost, no
 * chart split across pages).
 *
 * Everything shown comes from the input below; every string from the policy, the logs
 * or the file names is HTML-escaped. The output does not depend on the time it is
 * written, so it can be compared in tests. */
#ifndef AUDITSIM_REPORT_HTML_H
#define AUDITSIM_REPORT_HTML_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "diff.h"
#include "policy.h"
#include "time_buckets.h"

/* One policy's results. All borrowed. */
typedef struct {
	const char *path;     /* the policy file, as named */
	const policy *policy; /* validated */
	const char *source;   /* the file's text, for each rule's lines; NULL: summarised */
	size_t source_len;
	const json_t *doc;    /* the `replay -o json` document (summary and volume) */
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

void report_write_html(FILE *out, const report_input *in);

#endif
