/* report_columns: see report_columns.h. */
#include "report_columns.h"

#include <string.h>

#include "html_out.h"
#include "report_blocks.h"
#include "report_svg.h"

/* --- overview --- */

const char *overview_figure_name(size_t figure)
{
	static const char *const names[OVERVIEW_FIGURES] = {
		"requests", "events written", "bytes", "gzip", "projected per day", "cost per 30 days"
	};
	return figure < OVERVIEW_FIGURES ? names[figure] : "";
}

/* A cost carries its currency: the first sink's, or the one --price-per-gb was given in. */
static const char *cost_value(const volume_figures *vol, char *buf, size_t cap)
{
	if (vol->rate.known && vol->sink_count)
		snprintf(buf, cap, "%.2f %s (%s)", vol->sink_costs[0].cost_per_month,
		         vol->sink_costs[0].currency, vol->sink_costs[0].name);
	else if (vol->rate.known && vol->price_per_gb >= 0)
		snprintf(buf, cap, "%.2f (at %g per GB)", vol->cost_per_30_days, vol->price_per_gb);
	else
		snprintf(buf, cap, "n/a");
	return buf;
}

const char *overview_figure_value(size_t figure, const report_side *s, char *buf, size_t cap)
{
	const volume_figures *vol = s->volume;
	switch (figure) {
	case 0: return format_count(buf, cap, s->summary->total.requests);
	case 1: return format_count(buf, cap, vol->total.events);
	case 2: return format_bytes(buf, cap, (double)vol->total.bytes);
	case 3: return format_bytes(buf, cap, (double)vol->gzip_bytes);
	case 4:
		if (vol->rate.known)
			return format_bytes(buf, cap, vol->rate.bytes_per_day);
		snprintf(buf, cap, "n/a");
		return buf;
	default: return cost_value(vol, buf, cap);
	}
}

void write_overview_columns(FILE *out, const report_input *in)
{
	fputs("<table class=\"columns overview\">\n", out);
	write_side_heads(out, in, "");
	for (size_t f = 0; f < OVERVIEW_FIGURES; f++) {
		fprintf(out, "<tr><th>%s</th>", overview_figure_name(f));
		for (size_t i = 0; i < in->side_count; i++) {
			char buf[96];
			fprintf(out, "<td class=\"num\">%s</td>",
			        overview_figure_value(f, &in->sides[i], buf, sizeof buf));
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* --- bytes by level and stage --- */

/* A cell: the bytes, their share of the policy's bytes and a bar of that share. */
static void share_cell(FILE *out, double bytes, double total, const char *colour,
                       const char *class_name)
{
	char b[32];
	double f = total > 0 ? bytes / total : 0;
	fprintf(out, "<td class=\"num share-cell %s\">%s <span class=\"muted\">%.1f%%</span><br>",
	        class_name, format_bytes(b, sizeof b, bytes), 100 * f);
	svg_share_bar(out, f, colour);
	fputs("</td>", out);
}

void write_level_stage_columns(FILE *out, const report_input *in)
{
	static const char *const stage_colours[STAGE_COUNT] = { "#76b7b2", "#59a14f", "#4e79a7",
		                                                "#d1495b" };
	fputs("<table class=\"columns by-level\">\n", out);
	write_side_heads(out, in, "level");
	for (int l = 0; l < LEVEL_COUNT; l++) {
		fputs("<tr><th>", out);
		write_level_badge(out, (audit_level)l);
		fputs("</th>", out);
		for (size_t i = 0; i < in->side_count; i++) {
			const volume_figures *vol = in->sides[i].volume;
			share_cell(out, (double)vol->by_level[l].bytes, (double)vol->total.bytes,
			           level_colour((audit_level)l), "level-cell");
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n<table class=\"columns by-stage\">\n", out);
	write_side_heads(out, in, "stage");
	for (int st = 0; st < STAGE_COUNT; st++) {
		fprintf(out, "<tr><th>%s</th>", stage_name((audit_stage)st));
		for (size_t i = 0; i < in->side_count; i++) {
			const volume_figures *vol = in->sides[i].volume;
			share_cell(out, (double)vol->by_stage[st].bytes, (double)vol->total.bytes,
			           stage_colours[st], "stage-cell");
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* --- top tables --- */

/* The entry of `top` named `name`, or NULL. */
static const volume_top_entry *top_entry(const volume_top *top, const char *name)
{
	for (size_t i = 0; i < top->count; i++)
		if (strcmp(top->entries[i].name, name) == 0)
			return &top->entries[i];
	return NULL;
}

/* Whether `name` is in the top of a side before `side`, or earlier in side's own. */
static bool named_before(const report_input *in, size_t table, size_t side, size_t index)
{
	const char *name = in->sides[side].volume->top[table].entries[index].name;
	for (size_t s = 0; s < side; s++)
		if (top_entry(&in->sides[s].volume->top[table], name))
			return true;
	return false;
}

static void top_row(FILE *out, const report_input *in, size_t table, const char *name)
{
	fputs("<tr><th>", out);
	html_escape_str(out, name);
	fputs("</th>", out);
	for (size_t i = 0; i < in->side_count; i++) {
		const volume_figures *vol = in->sides[i].volume;
		const volume_top_entry *e = top_entry(&vol->top[table], name);
		if (e)
			share_cell(out, (double)e->total.bytes, (double)vol->total.bytes, "#4e79a7",
			           "top-cell");
		else
			fputs("<td class=\"num muted\">–</td>", out);
	}
	fputs("</tr>\n", out);
}

static void top_table(FILE *out, const report_input *in, size_t table, const char *title)
{
	fprintf(out, "<h3>%s</h3>\n<table class=\"columns top\">\n", title);
	write_side_heads(out, in, "");
	size_t rows = 0;
	for (size_t s = 0; s < in->side_count; s++) {
		const volume_top *top = &in->sides[s].volume->top[table];
		for (size_t k = 0; k < top->count; k++) {
			if (named_before(in, table, s, k))
				continue;
			top_row(out, in, table, top->entries[k].name);
			rows++;
		}
	}
	if (!rows)
		fprintf(out, "<tr><td class=\"muted\" colspan=\"%zu\">nothing written</td></tr>\n",
		        in->side_count + 1);
	fputs("</table>\n", out);
}

void write_top_columns(FILE *out, const report_input *in)
{
	fprintf(out, "<p class=\"muted\">Each policy's top %d by bytes; – : not in that policy's "
	             "top %d.</p>\n",
	        VOLUME_TOP_N, VOLUME_TOP_N);
	top_table(out, in, VOLUME_TOP_USERS, "Users");
	top_table(out, in, VOLUME_TOP_RESOURCES, "Resources");
	top_table(out, in, VOLUME_TOP_VERBS, "Verbs");
	top_table(out, in, VOLUME_TOP_NAMESPACES, "Namespaces");
}

/* --- security categories --- */

static uint64_t logged(const security_tally *t, security_category c)
{
	return security_tally_requests(t, c) - t->by_level[c][LEVEL_NONE];
}

/* Whether any side has requests of category c at level l. */
static bool any_at_level(const report_input *in, security_category c, int l)
{
	for (size_t i = 0; i < in->side_count; i++)
		if (in->sides[i].categories->by_level[c][l])
			return true;
	return false;
}

static void category_rows(FILE *out, const report_input *in, security_category c)
{
	char n[32];
	fputs("<tr class=\"category\"><th>", out);
	html_escape_str(out, security_category_title(c));
	fputs("</th>", out);
	for (size_t i = 0; i < in->side_count; i++) {
		const security_tally *t = in->sides[i].categories;
		fprintf(out, "<td class=\"num\">%s", format_count(n, sizeof n, logged(t, c)));
		fprintf(out, " <span class=\"muted\">of %s</span></td>",
		        format_count(n, sizeof n, security_tally_requests(t, c)));
	}
	fputs("</tr>\n", out);
	for (int l = 0; l < LEVEL_COUNT; l++) {
		if (!any_at_level(in, c, l))
			continue;
		fputs("<tr class=\"category-level\"><th class=\"indent\">", out);
		write_level_badge(out, (audit_level)l);
		fputs("</th>", out);
		for (size_t i = 0; i < in->side_count; i++)
			fprintf(out, "<td class=\"num\">%s</td>",
			        format_count(n, sizeof n, in->sides[i].categories->by_level[c][l]));
		fputs("</tr>\n", out);
	}
}

void write_categories(FILE *out, const report_input *in)
{
	for (size_t i = 0; i < in->side_count; i++)
		if (!in->sides[i].categories)
			return;
	fputs("<section id=\"categories\">\n<h2>Security-relevant requests</h2>\n<p class=\"muted\">"
	      "For each category, the requests each policy logs (at any level but None) of all "
	      "the requests of that category, then how many at each level.</p>\n"
	      "<table class=\"columns categories\">\n",
	      out);
	write_side_heads(out, in, "category");
	for (int c = 0; c < SECURITY_CATEGORY_COUNT; c++)
		category_rows(out, in, (security_category)c);
	fputs("</table>\n</section>\n", out);
}
