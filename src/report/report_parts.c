/* report_parts: the report's projection, lint and diff sections. */
#include <math.h>

#include "html_out.h"
#include "report_html_internal.h"

/* --- projection: one column per policy --- */

static void projection_row(FILE *out, const report_input *in, const char *what,
                           void (*cell)(FILE *, const json_t *vol))
{
	fprintf(out, "<tr><th>%s</th>", what);
	for (size_t i = 0; i < in->side_count; i++) {
		fputs("<td class=\"num\">", out);
		cell(out, doc_get(in->sides[i].doc, "volume"));
		fputs("</td>", out);
	}
	fputs("</tr>\n", out);
}

static void cell_bytes(FILE *out, const json_t *vol)
{
	char b[32];
	fputs(format_bytes(b, sizeof b, doc_number(vol, "bytes")), out);
	double modelled = doc_number(vol, "modelledBytes");
	if (modelled > 0)
		fprintf(out, " (%.0f%% modelled)", 100 * modelled / doc_number(vol, "bytes"));
}

static void cell_gzip(FILE *out, const json_t *vol)
{
	char b[32];
	double written = doc_number(vol, "writtenBytes");
	fputs(format_bytes(b, sizeof b, doc_number(vol, "gzipBytes")), out);
	if (written > 0)
		fprintf(out, " (%.1f%% of written)", 100 * doc_number(vol, "gzipBytes") / written);
}

static void cell_span(FILE *out, const json_t *vol)
{
	const json_t *span = doc_get(vol, "timeSpan");
	if (!json_is_object(span)) {
		fputs("unknown", out);
		return;
	}
	html_escape_str(out, json_string_value(doc_get(span, "first")));
	fputs(" to ", out);
	html_escape_str(out, json_string_value(doc_get(span, "last")));
}

static void cell_per_day(FILE *out, const json_t *vol)
{
	if (doc_is_number(vol, "gbPerDay"))
		fprintf(out, "%.6f GB", doc_number(vol, "gbPerDay"));
	else
		fputs("n/a (no time span)", out);
}

static void cell_per_30(FILE *out, const json_t *vol)
{
	if (doc_is_number(vol, "gbPer30Days"))
		fprintf(out, "%.6f GB", doc_number(vol, "gbPer30Days"));
	else
		fputs("n/a", out);
}

static void cell_retention(FILE *out, const json_t *vol)
{
	const json_t *r = doc_get(vol, "retention");
	if (json_is_true(doc_get(r, "unlimited"))) {
		fputs("unlimited (nothing removes history)", out);
		return;
	}
	if (!doc_is_number(r, "daysMin")) {
		fputs("n/a", out);
		return;
	}
	char b[32];
	fprintf(out, "%.1f to %.1f days%s, at most %s on disk", doc_number(r, "daysMin"),
	        doc_number(r, "daysMax"), json_is_true(doc_get(r, "limitedByAge")) ? " (limited by maxage)" : "",
	        format_bytes(b, sizeof b, doc_number(r, "diskBytes")));
}

static void cell_cost(FILE *out, const json_t *vol)
{
	if (doc_is_number(vol, "costPer30Days"))
		fprintf(out, "%.2f per 30 days at %g per GB", doc_number(vol, "costPer30Days"),
		        doc_number(vol, "pricePerGB"));
	else if (doc_is_number(vol, "pricePerGB"))
		fputs("n/a (no time span)", out);
	else
		fputs("n/a (give --price-per-gb)", out);
}

void write_projection(FILE *out, const report_input *in)
{
	fputs("<section id=\"projection\">\n<h2>Projection, compression, retention and cost</h2>\n"
	      "<table class=\"projection\">\n<tr><th></th>",
	      out);
	for (size_t i = 0; i < in->side_count; i++) {
		fputs("<th class=\"num\"><code>", out);
		html_escape_str(out, in->sides[i].path);
		fputs("</code></th>", out);
	}
	fputs("</tr>\n", out);
	projection_row(out, in, "bytes in the recording", cell_bytes);
	projection_row(out, in, "gzip (zlib level 6)", cell_gzip);
	projection_row(out, in, "time span (UTC)", cell_span);
	projection_row(out, in, "projected per day", cell_per_day);
	projection_row(out, in, "projected per 30 days", cell_per_30);
	/* the rotation flags are the same for every side */
	const json_t *flags = doc_get(doc_get(in->sides[0].doc, "volume"), "retention");
	char what[160];
	snprintf(what, sizeof what,
	         "retention (--audit-log-maxsize=%.0f --audit-log-maxbackup=%.0f "
	         "--audit-log-maxage=%.0f%s)",
	         doc_number(flags, "maxsizeMB"), doc_number(flags, "maxbackup"),
	         doc_number(flags, "maxageDays"),
	         json_is_true(doc_get(flags, "compress")) ? " --audit-log-compress" : "");
	projection_row(out, in, what, cell_retention);
	projection_row(out, in, "ingestion cost", cell_cost);
	fputs("</table>\n</section>\n", out);
}

/* --- lint --- */

static void lint_table(FILE *out, const diag_list *findings)
{
	if (!findings || findings->count == 0) {
		fputs("<p class=\"muted\">No findings.</p>\n", out);
		return;
	}
	fputs("<table class=\"lint\">\n<tr><th>severity</th><th class=\"num\">line:col</th><th>code</th>"
	      "<th>field</th><th>message</th></tr>\n",
	      out);
	for (size_t i = 0; i < findings->count; i++) {
		const diag *d = &findings->items[i];
		const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
		fprintf(out, "<tr class=\"finding\"><td class=\"sev-%s\">%s</td><td class=\"num\">%d:%d</td>"
		             "<td><code>",
		        sev, sev, d->pos.line, d->pos.col);
		html_escape_str(out, d->code ? d->code : "");
		fputs("</code></td><td><code>", out);
		html_escape_str(out, d->field ? d->field : "");
		fputs("</code></td><td>", out);
		html_escape_str(out, d->message);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

void write_lint(FILE *out, const report_input *in)
{
	fputs("<section id=\"lint\">\n<h2>Lint findings</h2>\n", out);
	for (size_t i = 0; i < in->side_count; i++) {
		open_side(out, in, i);
		lint_table(out, in->sides[i].lint);
		close_side(out);
	}
	fputs("</section>\n", out);
}

/* --- diff --- */

/* The cell's tint grows with the log of its count, so one large cell does not wash out
 * the others; unchanged (diagonal) cells are outlined. */
static void matrix_cell(FILE *out, uint64_t n, uint64_t max, bool same)
{
	double alpha = n && max ? 0.15 + 0.6 * log1p((double)n) / log1p((double)max) : 0;
	char count[32];
	fprintf(out, "<td class=\"cell%s\" style=\"background:rgba(78,121,167,%.2f)\">%s</td>",
	        same ? " same" : "", alpha, format_count(count, sizeof count, n));
}

static void write_matrix(FILE *out, const diff_report *r)
{
	uint64_t max = 0;
	for (int a = 0; a < LEVEL_COUNT; a++)
		for (int b = 0; b < LEVEL_COUNT; b++)
			max = r->matrix[a][b] > max ? r->matrix[a][b] : max;
	fputs("<table class=\"matrix\">\n<tr><th>A \\ B</th>", out);
	for (int b = 0; b < LEVEL_COUNT; b++) {
		fputs("<th class=\"num\">", out);
		write_level_badge(out, (audit_level)b);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (int a = 0; a < LEVEL_COUNT; a++) {
		fputs("<tr><th>", out);
		write_level_badge(out, (audit_level)a);
		fputs("</th>", out);
		for (int b = 0; b < LEVEL_COUNT; b++)
			matrix_cell(out, r->matrix[a][b], max, a == b);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void write_rule_ref(FILE *out, int rule, audit_level level)
{
	if (rule < 0)
		fputs("(no rule) ", out);
	else
		fprintf(out, "rules[%d] ", rule);
	write_level_badge(out, level);
}

static void write_pairs(FILE *out, const diff_report *r)
{
	if (r->pair_count == 0)
		return;
	fputs("<h3>Rules behind the change</h3>\n<table class=\"pairs\">\n<tr><th>A rule</th>"
	      "<th>B rule</th><th class=\"num\">requests</th><th class=\"num\">events A</th>"
	      "<th class=\"num\">events B</th><th class=\"num\">bytes A</th>"
	      "<th class=\"num\">bytes B</th></tr>\n",
	      out);
	for (size_t i = 0; i < r->pair_count && i < 10; i++) {
		const diff_rule_pair *p = &r->pairs[i];
		fputs("<tr><td>", out);
		write_rule_ref(out, p->rule_a, p->level_a);
		fputs("</td><td>", out);
		write_rule_ref(out, p->rule_b, p->level_b);
		char ba[32], bb[32];
		fprintf(out, "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>"
		             "<td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
		        (unsigned long long)p->requests, (unsigned long long)p->a.events,
		        (unsigned long long)p->b.events, format_bytes(ba, sizeof ba, (double)p->a.bytes),
		        format_bytes(bb, sizeof bb, (double)p->b.bytes));
	}
	fputs("</table>\n", out);
}

void write_diff(FILE *out, const report_input *in)
{
	const diff_report *r = in->diff;
	char a[32], b[32], n[32];
	fputs("<section id=\"diff\">\n<h2>From A to B: level transitions</h2>\n", out);
	fprintf(out, "<p>%s of %s requests change level or stages. ",
	        format_count(n, sizeof n, r->changed), format_count(a, sizeof a, r->requests));
	fprintf(out, "Events written: A %s, ", format_count(a, sizeof a, r->a.events));
	fprintf(out, "B %s; ", format_count(b, sizeof b, r->b.events));
	fprintf(out, "bytes: A %s, ", format_bytes(a, sizeof a, (double)r->a.bytes));
	fprintf(out, "B %s. Rows are A's level, columns B's (requests).</p>\n",
	        format_bytes(b, sizeof b, (double)r->b.bytes));
	write_matrix(out, r);
	write_pairs(out, r);
	fputs("</section>\n", out);
}
