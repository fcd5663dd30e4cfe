/* report_html: the page, its style, the overview, the rules with their shares, and the
 * level, stage, time and top charts. Projection, lint and diff are in report_parts.c. */
#include "report_html.h"

#include <string.h>

#include "html_out.h"
#include "report_blocks.h"
#include "report_columns.h"
#include "report_parts.h"
#include "report_svg.h"

#define SNIPPET_MAX_LINES 24

/* Print CSS: keep the colours (print-color-adjust), drop the page margins' clutter, and
 * never cut a chart or a table row in two. On paper every block takes the page's width
 * (a chart scales with its box, so half a page would shrink its labels to 5pt) and the
 * time chart's axis labels grow to about 8pt; tables with one column per policy wrap
 * their cells rather than run off the page. */
static const char style[] =
	":root{--ink:#1f2933;--muted:#616e7c;--line:#d9dee5;--panel:#f7f8fa;}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:1240px;padding:24px 28px;color:var(--ink);"
	"font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;"
	"border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:14px 0 6px}\n"
	".sub,.muted{color:var(--muted)}code,pre{font:12px/1.35 ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace}\n"
	".sides{display:grid;gap:20px}.sides.two{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}\n"
	".sides.many{grid-template-columns:repeat(auto-fit,minmax(360px,1fr))}\n"
	".side-title{font-weight:600;margin:0 0 6px}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}\n"
	".card{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px}\n"
	".card .k{color:var(--muted);font-size:12px}.card .v{font-size:20px;font-weight:600}\n"
	"table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
	"padding:4px 6px;border-bottom:1px solid var(--line)}th{font-size:12px;color:var(--muted);font-weight:600}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"table.rules pre{margin:4px 0 0;white-space:pre-wrap;overflow-wrap:anywhere;max-width:640px}\n"
	"table.rules td.num{width:4.5em}table.rules td.num .muted{font-size:11px}\n"
	"tr.dead pre{color:var(--muted)}\n"
	".shares{white-space:nowrap;font-size:12px}.shares div{display:flex;gap:6px;align-items:center}\n"
	".sides.two .share{width:72px}\n"
	".shares .n{display:inline-block;width:92px;text-align:right;font-variant-numeric:tabular-nums}\n"
	".level{display:inline-block;padding:1px 6px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}\n"
	".chart{width:100%;height:auto;display:block}.chart text{font-size:12px;fill:var(--ink)}\n"
	".chart .axis{fill:var(--muted);font-size:11px}.chart .grid{stroke:#e6e9ee}.chart .baseline,.chart .tick{stroke:#9aa5b1}\n"
	".chart .bucket,.chart .area{fill:#4e79a7}\n"
	".grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:8px 24px}\n"
	"table.columns,table.projection{table-layout:fixed}table.columns th:first-child,table.projection th:first-child{width:14em}\n"
	"table.columns td.num,table.projection td.num{white-space:normal;overflow-wrap:anywhere}\n"
	"th.side-head{vertical-align:bottom;white-space:normal}th.side-head code{overflow-wrap:anywhere}\n"
	"table.columns svg.share{width:100%;max-width:120px;height:8px}th.indent{padding-left:18px}\n"
	"table.matrix td{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.matrix td.same{outline:2px solid #9aa5b1;outline-offset:-2px}\n"
	".sev-error{color:#b42318;font-weight:600}.sev-warning{color:#b54708;font-weight:600}\n"
	"footer{margin-top:36px;color:var(--muted);font-size:12px}\n"
	"@media (max-width:900px){.sides.two,.grid2{grid-template-columns:1fr}}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h2{break-after:avoid}svg,tr,.card{break-inside:avoid}"
	".sides.two,.sides.many,.grid2{grid-template-columns:1fr}"
	".timechart text,.timechart .axis{font-size:16px}"
	"table.columns,table.projection{font-size:8.5pt}"
	"table.columns th:first-child,table.projection th:first-child{width:10em}code{overflow-wrap:anywhere}"
	"table.rules pre{max-width:none}@page{margin:14mm}}\n";

/* --- header and overview --- */

static void write_head(FILE *out, const report_input *in)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>auditsim report: ",
	      out);
	for (size_t i = 0; i < in->side_count; i++) {
		fputs(i ? " vs " : "", out);
		html_escape_str(out, in->sides[i].path);
	}
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void write_title(FILE *out, const report_input *in)
{
	fputs("<header>\n<h1>Audit policy report</h1>\n<p class=\"sub\">Policy <code>", out);
	html_escape_str(out, in->sides[0].path);
	fputs("</code>", out);
	for (size_t i = 1; i < in->side_count; i++) {
		fputs(i == 1 ? " against <code>" : ", <code>", out);
		html_escape_str(out, in->sides[i].path);
		fputs("</code>", out);
	}
	fputs(", replayed over ", out);
	for (size_t i = 0; i < in->log_count; i++) {
		fputs(i ? ", <code>" : "<code>", out);
		html_escape_str(out, in->logs[i]);
		fputs("</code>", out);
	}
	fputs(". Bytes are those kube-apiserver's log backend would write (as <code>auditsim "
	      "emit</code>), plus modelled bodies the recording lacks.</p>\n</header>\n",
	      out);
}

static void card(FILE *out, const char *key, const char *value)
{
	fprintf(out, "<div class=\"card\"><div class=\"k\">%s</div><div class=\"v\">%s</div></div>\n",
	        key, value);
}

static void write_cards(FILE *out, const report_side *s)
{
	char buf[96];
	fputs("<div class=\"cards\">\n", out);
	for (size_t f = 0; f < OVERVIEW_FIGURES; f++)
		card(out, overview_figure_name(f), overview_figure_value(f, s, buf, sizeof buf));
	fputs("</div>\n", out);
}

static void write_overview(FILE *out, const report_input *in)
{
	fputs("<section id=\"overview\">\n<h2>Overview</h2>\n", out);
	if (in->side_count > 1) {
		write_overview_columns(out, in);
		fputs("</section>\n", out);
		return;
	}
	open_sides(out, in);
	for (size_t i = 0; i < in->side_count; i++) {
		open_side(out, in, i);
		write_cards(out, &in->sides[i]);
		close_side(out);
	}
	close_sides(out);
	fputs("</section>\n", out);
}

/* --- rules --- */

/* The last line start found: rules come in file order, so the rules table reads the
 * file once instead of once per rule (quadratic for a policy of 50,000 rules). */
typedef struct {
	const char *at;
	int line;
} line_cursor;

static const char *line_start(const char *text, size_t len, int line, line_cursor *cursor)
{
	const char *p = text, *end = text + len;
	int n = 1;
	if (cursor->at && cursor->line <= line) {
		p = cursor->at;
		n = cursor->line;
	}
	for (; n < line && p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	if (p >= end)
		return NULL;
	*cursor = (line_cursor){ p, line };
	return p;
}

static bool is_blank_or_comment(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end || *p == '#';
}

/* The rule's own lines: from its line to the next rule's, without the blank and comment
 * lines that lead into the next rule. */
static bool rule_lines(const report_side *s, size_t rule, line_cursor *cursor, const char **from,
                       const char **to)
{
	const policy *p = s->policy;
	if (!s->source || p->rules[rule].pos.line <= 0)
		return false;
	const char *end = s->source + s->source_len;
	*from = line_start(s->source, s->source_len, p->rules[rule].pos.line, cursor);
	if (!*from)
		return false;
	const char *next = NULL;
	if (rule + 1 < p->rule_count && p->rules[rule + 1].pos.line > p->rules[rule].pos.line)
		next = line_start(s->source, s->source_len, p->rules[rule + 1].pos.line, cursor);
	*to = next ? next : end;
	while (*to > *from) {
		const char *prev = *to - 1; /* the newline ending the previous line */
		const char *ls = prev;
		while (ls > *from && ls[-1] != '\n')
			ls--;
		if (!is_blank_or_comment(ls, prev))
			break;
		*to = ls;
	}
	return *to > *from;
}

/* The indentation of the rule's first line ("  - level: …"), removed from every line so
 * the snippet starts at the left edge. */
static size_t indent_of(const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && p[n] == ' ')
		n++;
	return n;
}

static void write_snippet(FILE *out, const report_side *s, size_t rule, line_cursor *cursor)
{
	const char *from, *to;
	fputs("<pre>", out);
	if (!rule_lines(s, rule, cursor, &from, &to)) {
		fprintf(out, "rules[%zu]</pre>", rule);
		return;
	}
	size_t indent = indent_of(from, to);
	int lines = 0;
	const char *p = from;
	while (p < to && lines < SNIPPET_MAX_LINES) {
		const char *nl = memchr(p, '\n', (size_t)(to - p));
		const char *stop = nl ? nl + 1 : to;
		size_t skip = indent_of(p, stop);
		p += skip < indent ? skip : indent;
		html_escape(out, p, (size_t)(stop - p));
		p = stop;
		lines++;
	}
	if (p < to)
		fputs("…\n", out);
	fputs("</pre>", out);
}

static void share_row(FILE *out, const char *what, double part, double whole, const char *colour)
{
	double f = whole > 0 ? part / whole : 0;
	fprintf(out, "<div><span class=\"n\">%s %.1f%%</span>", what, 100 * f);
	svg_share_bar(out, f, colour);
	fputs("</div>", out);
}

static void write_rule_row(FILE *out, const report_side *s, size_t i, line_cursor *cursor)
{
	const count_pair *r = &s->summary->by_rule[i];
	const volume_figures *vol = s->volume;
	uint64_t bytes = i < vol->rule_count ? vol->by_rule[i].bytes : 0;
	audit_level level = s->policy->rules[i].level;
	fprintf(out, "<tr class=\"rule%s\"><td class=\"num\">%zu<div class=\"muted\">line %d</div></td><td>",
	        r->requests > 0 ? "" : " dead", i, s->policy->rules[i].pos.line);
	write_level_badge(out, level);
	write_snippet(out, s, i, cursor);
	fputs("</td><td class=\"shares\">", out);
	const char *colour = level_colour(level);
	share_row(out, "requests", (double)r->requests, (double)s->summary->total.requests, colour);
	share_row(out, "events", (double)r->events, (double)s->summary->total.events, colour);
	share_row(out, "bytes", (double)bytes, (double)vol->total.bytes, colour);
	fputs("</td></tr>\n", out);
}

static void write_rules_table(FILE *out, const report_side *s)
{
	fputs("<table class=\"rules\">\n<tr><th class=\"num\">rule</th><th>level and text</th>"
	      "<th>share of requests, events, bytes</th></tr>\n",
	      out);
	line_cursor cursor = { 0 };
	for (size_t i = 0; i < s->policy->rule_count; i++)
		write_rule_row(out, s, i, &cursor);
	char n[32];
	fprintf(out, "<tr class=\"rule unmatched\"><td class=\"num\">none</td><td>");
	write_level_badge(out, LEVEL_NONE);
	fprintf(out, "<pre>no rule matched</pre></td><td class=\"shares\">%s request%s"
	             "</td></tr>\n</table>\n",
	        format_count(n, sizeof n, s->summary->unmatched.requests),
	        s->summary->unmatched.requests == 1 ? "" : "s");
}

static void write_rules(FILE *out, const report_input *in)
{
	fputs("<section id=\"rules\">\n<h2>The policy, rule by rule</h2>\n<p class=\"muted\">Each rule "
	      "with the share of requests it decided, and of the events and bytes they write. "
	      "Greyed rules decided nothing in this traffic.</p>\n",
	      out);
	open_sides(out, in);
	for (size_t i = 0; i < in->side_count; i++) {
		open_side(out, in, i);
		write_rules_table(out, &in->sides[i]);
		close_side(out);
	}
	close_sides(out);
	fputs("</section>\n", out);
}

/* --- charts --- */

static void level_and_stage_charts(FILE *out, const report_side *s)
{
	static const char *const stage_colours[STAGE_COUNT] = { "#76b7b2", "#59a14f", "#4e79a7",
		                                                "#d1495b" };
	const volume_figures *vol = s->volume;
	svg_bar levels[LEVEL_COUNT], stages[STAGE_COUNT];
	for (int l = 0; l < LEVEL_COUNT; l++)
		levels[l] = (svg_bar){ level_name((audit_level)l), (double)vol->by_level[l].bytes,
			               level_colour((audit_level)l) };
	for (int st = 0; st < STAGE_COUNT; st++)
		stages[st] = (svg_bar){ stage_name((audit_stage)st), (double)vol->by_stage[st].bytes,
			                stage_colours[st] };
	fputs("<h3>By level</h3>\n", out);
	svg_hbar_chart(out, levels, LEVEL_COUNT, (double)vol->total.bytes, "level-bar", "bytes by level");
	fputs("<h3>By stage</h3>\n", out);
	svg_hbar_chart(out, stages, STAGE_COUNT, (double)vol->total.bytes, "stage-bar", "bytes by stage");
}

static void top_chart(FILE *out, const volume_figures *vol, size_t table, const char *title)
{
	const volume_top *top = &vol->top[table];
	svg_bar bars[VOLUME_TOP_N];
	size_t n = 0;
	for (size_t i = 0; i < top->count && n < VOLUME_TOP_N; i++)
		bars[n++] = (svg_bar){ top->entries[i].name, (double)top->entries[i].total.bytes, "#4e79a7" };
	fprintf(out, "<div><h3>%s</h3>\n", title);
	if (n)
		svg_hbar_chart(out, bars, n, (double)vol->total.bytes, "top-bar", title);
	else
		fputs("<p class=\"muted\">nothing written</p>\n", out);
	fputs("</div>\n", out);
}

static void write_charts(FILE *out, const report_input *in)
{
	fputs("<section id=\"levels\">\n<h2>Bytes by level and stage</h2>\n", out);
	if (in->side_count > 1)
		write_level_stage_columns(out, in);
	else
		level_and_stage_charts(out, &in->sides[0]);
	fputs("</section>\n<section id=\"time\">\n<h2>Bytes over time</h2>\n", out);
	for (size_t i = 0; i < in->side_count; i++) {
		open_side(out, in, i);
		svg_time_chart(out, in->sides[i].times);
		close_side(out);
	}
	fputs("</section>\n<section id=\"top\">\n<h2>Top users, resources, verbs and namespaces by "
	      "bytes</h2>\n",
	      out);
	if (in->side_count > 1) {
		write_top_columns(out, in);
	} else {
		const volume_figures *vol = in->sides[0].volume;
		fputs("<div class=\"grid2\">\n", out);
		top_chart(out, vol, VOLUME_TOP_USERS, "Users");
		top_chart(out, vol, VOLUME_TOP_RESOURCES, "Resources");
		top_chart(out, vol, VOLUME_TOP_VERBS, "Verbs");
		top_chart(out, vol, VOLUME_TOP_NAMESPACES, "Namespaces");
		fputs("</div>\n", out);
	}
	fputs("</section>\n", out);
}

void report_write_html(FILE *out, const report_input *in)
{
	write_head(out, in);
	write_title(out, in);
	write_overview(out, in);
	write_rules(out, in);
	write_charts(out, in);
	write_projection(out, in);
	write_categories(out, in);
	write_lint(out, in);
	for (size_t k = 1; k < in->side_count; k++)
		if (in->diffs[k])
			write_diff(out, in, k);
	fputs("<footer>Written by auditsim ", out);
	html_escape_str(out, in->version);
	fputs(". GB = 10<sup>9</sup> bytes. Projections assume the recording is typical of the "
	      "cluster's traffic.</footer>\n</body>\n</html>\n",
	      out);
}
