/* report_parts: the report's projection, lint and diff sections (report_parts.h). */
#include "report_parts.h"

#include <math.h>

#include "html_out.h"
#include "report_blocks.h"

/* --- projection: one column per policy --- */

static void projection_row(FILE *out, const report_input *in, const char *what,
                           void (*cell)(FILE *, const volume_figures *vol))
{
	fprintf(out, "<tr><th>%s</th>", what);
	for (size_t i = 0; i < in->side_count; i++) {
		fputs("<td class=\"num\">", out);
		cell(out, in->sides[i].volume);
		fputs("</td>", out);
	}
	fputs("</tr>\n", out);
}

static void cell_bytes(FILE *out, const volume_figures *vol)
{
	char b[32];
	fputs(format_bytes(b, sizeof b, (double)vol->total.bytes), out);
	if (vol->modelled_bytes > 0)
		fprintf(out, " (%.0f%% modelled)",
		        100 * (double)vol->modelled_bytes / (double)vol->total.bytes);
}

static void cell_gzip(FILE *out, const volume_figures *vol)
{
	char b[32];
	fputs(format_bytes(b, sizeof b, (double)vol->gzip_bytes), out);
	if (vol->gzip_modelled_bytes > 0)
		fprintf(out, ", of which %s modelled",
		        format_bytes(b, sizeof b, (double)vol->gzip_modelled_bytes));
	if (vol->written_bytes > 0)
		fprintf(out, " (written: %.1f%%)", 100 * vol->gzip_ratio);
}

static void cell_span(FILE *out, const volume_figures *vol)
{
	if (!vol->time_span_known) {
		fputs(vol->scenarios_only ? "none (scenario)" : "unknown", out);
		return;
	}
	html_escape_str(out, vol->first_time);
	fputs(" to ", out);
	html_escape_str(out, vol->last_time);
}

/* The basis of the projection, or why there is none. */
static void cell_basis(FILE *out, const volume_figures *vol)
{
	char basis[256];
	if (vol->rate.known)
		html_escape_str(out, projection_basis_text(&vol->rate, basis, sizeof basis));
	else {
		fputs("withheld: ", out);
		html_escape_str(out, vol->projection_withheld);
	}
}

static void cell_per_day(FILE *out, const volume_figures *vol)
{
	if (vol->rate.known)
	{
		char b[32], g[32];
		fprintf(out, "%s (gzip %s)", format_bytes(b, sizeof b, vol->rate.bytes_per_day),
		        format_bytes(g, sizeof g, vol->rate.gzip_bytes_per_day));
	}
	else
		fputs("n/a (withheld)", out);
}

static void cell_per_30(FILE *out, const volume_figures *vol)
{
	if (vol->rate.known)
	{
		char b[32];
		fputs(format_bytes(b, sizeof b, vol->rate.bytes_per_day * 30.0), out);
	}
	else
		fputs("n/a", out);
}

static void cell_retention(FILE *out, const volume_figures *vol)
{
	const retention *r = &vol->retention;
	if (!vol->rate.known) {
		fputs("n/a (no projection)", out);
		return;
	}
	if (r->unlimited) {
		fputs("unlimited (nothing removes history)", out);
		return;
	}
	char b[32];
	fprintf(out, "%.1f to %.1f days%s, at most %s on disk", r->days_min, r->days_max,
	        r->limited_by_age ? " (limited by maxage)" : "",
	        format_bytes(b, sizeof b, r->disk_bytes));
}

static void cell_cost(FILE *out, const volume_figures *vol)
{
	if (vol->price_per_gb < 0)
		fputs("n/a (give --price-per-gb)", out);
	else if (vol->rate.known)
		fprintf(out, "%.2f per 30 days at %g per GB", vol->cost_per_30_days, vol->price_per_gb);
	else
		fputs("n/a (no projection)", out);
}

void write_projection(FILE *out, const report_input *in)
{
	fputs("<section id=\"projection\">\n<h2>Projection, compression, retention and cost</h2>\n"
	      "<table class=\"projection\">\n",
	      out);
	write_side_heads(out, in, "");
	projection_row(out, in, "bytes in the recording", cell_bytes);
	projection_row(out, in, "gzip (zlib level 6)", cell_gzip);
	projection_row(out, in, "time span (UTC)", cell_span);
	projection_row(out, in, "projection basis", cell_basis);
	projection_row(out, in, "projected per day", cell_per_day);
	projection_row(out, in, "projected per 30 days", cell_per_30);
	/* the rotation flags are the same for every side */
	const rotation_flags *flags = &in->sides[0].volume->rotation;
	char what[160];
	snprintf(what, sizeof what,
	         "retention (--audit-log-maxsize=%llu --audit-log-maxbackup=%llu "
	         "--audit-log-maxage=%llu%s)",
	         (unsigned long long)flags->maxsize_mb, (unsigned long long)flags->maxbackup,
	         (unsigned long long)flags->maxage_days, flags->compress ? " --audit-log-compress" : "");
	const volume_figures *first = in->sides[0].volume;
	if (first->rotation_applies)
		projection_row(out, in, what, cell_retention);
	if (first->sink_count == 0)
		projection_row(out, in, "ingestion cost", cell_cost);
	/* one row per destination (--sink): the same sinks for every side */
	for (size_t k = 0; k < first->sink_count; k++) {
		fputs("<tr><th>", out);
		html_escape_str(out, first->sinks[k]->name);
		fputs(" per 30 days</th>", out);
		for (size_t i = 0; i < in->side_count; i++) {
			const volume_figures *vol = in->sides[i].volume;
			const sink_cost *c = &vol->sink_costs[k];
			fputs("<td class=\"num\">", out);
			if (vol->rate.known)
				fprintf(out, "%.2f %s (%.3f %s billed, %.0f days kept)", c->cost_per_month,
				        c->currency, c->units_per_month, c->unit, c->retention_days);
			else
				fputs("n/a (no projection)", out);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
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

static void write_matrix(FILE *out, const diff_report *r, char b_letter)
{
	uint64_t max = 0;
	for (int a = 0; a < LEVEL_COUNT; a++)
		for (int b = 0; b < LEVEL_COUNT; b++)
			max = r->matrix[a][b] > max ? r->matrix[a][b] : max;
	fprintf(out, "<table class=\"matrix\">\n<tr><th>A \\ %c</th>", b_letter);
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

static void write_pairs(FILE *out, const diff_report *r, char b)
{
	if (r->pair_count == 0)
		return;
	fprintf(out, "<h3>Rules behind the change</h3>\n<table class=\"pairs\">\n<tr><th>A rule</th>"
	             "<th>%c rule</th><th class=\"num\">requests</th><th class=\"num\">events A</th>"
	             "<th class=\"num\">events %c</th><th class=\"num\">bytes A</th>"
	             "<th class=\"num\">bytes %c</th></tr>\n",
	        b, b, b);
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

void write_diff(FILE *out, const report_input *in, size_t side)
{
	const diff_report *r = in->diffs[side];
	char a[32], b[32], n[32], letter = side_letter(side);
	/* the first diff keeps the id the two-policy page has always had */
	if (side == 1)
		fputs("<section id=\"diff\">\n", out);
	else
		fprintf(out, "<section id=\"diff-%c\">\n", letter);
	fprintf(out, "<h2>From A to %c: level transitions</h2>\n", letter);
	if (in->side_count > 2) {
		fputs("<p class=\"muted\">A: <code>", out);
		html_escape_str(out, in->sides[0].path);
		fprintf(out, "</code>, %c: <code>", letter);
		html_escape_str(out, in->sides[side].path);
		fputs("</code></p>\n", out);
	}
	fprintf(out, "<p>%s of %s requests change level or stages. ",
	        format_count(n, sizeof n, r->changed), format_count(a, sizeof a, r->requests));
	fprintf(out, "Events written: A %s, ", format_count(a, sizeof a, r->a.events));
	fprintf(out, "%c %s; ", letter, format_count(b, sizeof b, r->b.events));
	fprintf(out, "bytes: A %s, ", format_bytes(a, sizeof a, (double)r->a.bytes));
	fprintf(out, "%c %s. Rows are A's level, columns %c's (requests).</p>\n", letter,
	        format_bytes(b, sizeof b, (double)r->b.bytes), letter);
	write_matrix(out, r, letter);
	write_pairs(out, r, letter);
	fputs("</section>\n", out);
}
