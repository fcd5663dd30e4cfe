/* compare_output: N policies side by side, as text, JSON and CSV. */
#include "compare_output.h"

#include <stdlib.h>
#include <string.h>

#include "export_formats.h"
#include "volume.h"
#include "xalloc.h"

/* --- text: a grid of cells, printed with each column as wide as its widest cell --- */

typedef struct {
	size_t cols;       /* label_cols, then one per policy */
	size_t label_cols; /* left-aligned; the policies' columns are right-aligned */
	size_t rows, cap;
	char **cells; /* rows x cols, each owned or NULL (empty) */
} grid;

static char **grid_row(grid *g)
{
	if (g->rows == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 32;
		g->cells = xreallocarray(g->cells, g->cap * g->cols, sizeof *g->cells);
	}
	char **row = &g->cells[g->rows++ * g->cols];
	memset(row, 0, g->cols * sizeof *row);
	return row;
}

static char *count_cell(uint64_t n) { return xasprintf("%llu", (unsigned long long)n); }

static void grid_print_free(grid *g, FILE *out)
{
	size_t *width = xcalloc(g->cols, sizeof *width);
	for (size_t i = 0; i < g->rows * g->cols; i++) {
		size_t len = g->cells[i] ? strlen(g->cells[i]) : 0;
		if (len > width[i % g->cols])
			width[i % g->cols] = len;
	}
	for (size_t r = 0; r < g->rows; r++) {
		for (size_t c = 0; c < g->cols; c++) {
			const char *s = g->cells[r * g->cols + c];
			int w = (int)width[c];
			if (c + 1 == g->cols && c < g->label_cols)
				w = 0; /* no trailing blanks */
			fprintf(out, "%s%*s", c ? "   " : "", c < g->label_cols ? -w : w, s ? s : "");
			free(g->cells[r * g->cols + c]);
		}
		fputc('\n', out);
	}
	free(width);
	free(g->cells);
}

/* The header row: labels, then each policy's name. */
static void header_row(grid *g, const char *const *labels, const compare_column *cols)
{
	char **row = grid_row(g);
	for (size_t c = 0; c < g->label_cols; c++)
		row[c] = xstrdup(labels[c]);
	for (size_t i = 0; i + g->label_cols < g->cols; i++)
		row[g->label_cols + i] = xstrdup(cols[i].name);
}

static void figure_rows(grid *g, const compare_column *cols, size_t count,
                        const volume_figures *vol)
{
	char **row = grid_row(g);
	row[0] = xstrdup("requests");
	for (size_t i = 0; i < count; i++)
		row[1 + i] = count_cell(cols[i].figures->summary.total.requests);
	for (int l = 0; l < LEVEL_COUNT; l++) {
		row = grid_row(g);
		row[0] = xasprintf("  %s", level_name((audit_level)l));
		for (size_t i = 0; i < count; i++)
			row[1 + i] = count_cell(cols[i].figures->summary.by_level[l].requests);
	}
	const char *labels[] = { "events", "bytes", "gzip bytes" };
	for (size_t k = 0; k < 3; k++) {
		row = grid_row(g);
		row[0] = xstrdup(labels[k]);
		for (size_t i = 0; i < count; i++)
			row[1 + i] = count_cell(k == 0   ? cols[i].figures->summary.total.events
			                        : k == 1 ? vol[i].total.bytes
			                                 : vol[i].gzip_bytes);
	}
	row = grid_row(g);
	row[0] = xstrdup("GB/day");
	bool priced = false;
	for (size_t i = 0; i < count; i++) {
		row[1 + i] = vol[i].rate.known ? xasprintf("%.6f", vol[i].rate.gb_per_day) : xstrdup("-");
		priced |= vol[i].price_per_gb >= 0;
	}
	size_t sinks = count ? vol[0].sink_count : 0; /* the same destinations for every column */
	for (size_t k = 0; k < sinks; k++) {
		row = grid_row(g);
		const sink_cost *first = &vol[0].sink_costs[k];
		row[0] = vol[0].rate.known ? xasprintf("%s (%s/30 days)", first->name, first->currency)
		                           : xasprintf("%s (per 30 days)", vol[0].sinks[k]->name);
		for (size_t i = 0; i < count; i++)
			row[1 + i] = vol[i].rate.known
			                     ? xasprintf("%.2f", vol[i].sink_costs[k].cost_per_month)
			                     : xstrdup("-");
	}
	if (!priced || sinks)
		return;
	row = grid_row(g);
	row[0] = xstrdup("cost per 30 days");
	for (size_t i = 0; i < count; i++)
		row[1 + i] = vol[i].price_per_gb >= 0 && vol[i].rate.known
		                     ? xasprintf("%.2f", vol[i].cost_per_30_days)
		                     : xstrdup("-");
}

/* Per category: its requests ("all"), then, when it has any, each level's. */
static void category_rows(grid *g, const compare_column *cols, size_t count)
{
	for (int c = 0; c < SECURITY_CATEGORY_COUNT; c++) {
		char **row = grid_row(g);
		row[0] = xstrdup(security_category_title((security_category)c));
		row[1] = xstrdup("all");
		for (size_t i = 0; i < count; i++)
			row[2 + i] = count_cell(security_tally_requests(cols[i].categories, (security_category)c));
		if (count == 0 || security_tally_requests(cols[0].categories, (security_category)c) == 0)
			continue;
		for (int l = 0; l < LEVEL_COUNT; l++) {
			row = grid_row(g);
			row[1] = xstrdup(level_name((audit_level)l));
			for (size_t i = 0; i < count; i++)
				row[2 + i] = count_cell(cols[i].categories->by_level[c][l]);
		}
	}
}

void compare_print_text(FILE *out, const compare_column *cols, size_t count)
{
	volume_figures *vol = xcalloc(count ? count : 1, sizeof *vol);
	for (size_t i = 0; i < count; i++)
		volume_figures_of(cols[i].figures->volume, &vol[i]);
	grid figures = { .cols = 1 + count, .label_cols = 1 };
	header_row(&figures, (const char *[]){ "FIGURE" }, cols);
	figure_rows(&figures, cols, count, vol);
	grid_print_free(&figures, out);
	/* one input, one basis: the per-day rows of every column rest on it */
	char basis[256];
	if (count && vol[0].rate.known)
		fprintf(out, "per day: %s\n", projection_basis_text(&vol[0].rate, basis, sizeof basis));
	else if (count)
		fprintf(out, "per day: withheld \u2014 %s\n", vol[0].projection_withheld);
	fputc('\n', out);
	grid categories = { .cols = 2 + count, .label_cols = 2 };
	header_row(&categories, (const char *[]){ "SECURITY CATEGORY", "LEVEL" }, cols);
	category_rows(&categories, cols, count);
	grid_print_free(&categories, out);
	free(vol);
}

/* --- JSON: the replay document's members, moved --- */

/* doc's member key (a new reference), or null when doc or the member is absent. */
static json_t *member_or_null(json_t *doc, const char *key)
{
	json_t *v = doc ? json_object_get(doc, key) : NULL;
	return v ? json_incref(v) : json_null();
}

/* replay's byLevel[L] ({requests, events}) with bytes from its volume.byLevel[L]. */
static json_t *levels_json(json_t *doc, json_t *volume)
{
	json_t *levels = json_object();
	json_t *counts = json_object_get(doc, "byLevel");
	json_t *bytes = volume ? json_object_get(volume, "byLevel") : NULL;
	for (int l = 0; l < LEVEL_COUNT; l++) {
		const char *name = level_name((audit_level)l);
		json_t *level = json_deep_copy(json_object_get(counts, name));
		json_object_set_new(level, "bytes",
		                    member_or_null(json_object_get(bytes, name), "bytes"));
		json_object_set_new(levels, name, level);
	}
	return levels;
}

static json_t *categories_json(const security_tally *t)
{
	json_t *o = json_object();
	for (int c = 0; c < SECURITY_CATEGORY_COUNT; c++) {
		json_t *levels = json_object();
		for (int l = 0; l < LEVEL_COUNT; l++)
			json_object_set_new(levels, level_name((audit_level)l),
			                    json_integer((json_int_t)t->by_level[c][l]));
		json_object_set_new(o, security_category_key((security_category)c),
		                    json_pack("{s:I,s:o}", "requests",
		                              (json_int_t)security_tally_requests(t, (security_category)c),
		                              "byLevel", levels));
	}
	return o;
}

static json_t *column_json(const compare_column *col)
{
	json_t *doc = engine_figures_json(col->figures);
	json_t *volume = json_object_get(doc, "volume");
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(col->name));
	json_object_set_new(o, "requests", member_or_null(doc, "requests"));
	json_object_set_new(o, "events", member_or_null(doc, "events"));
	json_object_set_new(o, "bytes", member_or_null(volume, "bytes"));
	json_object_set_new(o, "gzipBytes", member_or_null(volume, "gzipBytes"));
	json_object_set_new(o, "byLevel", levels_json(doc, volume));
	json_object_set_new(o, "projection", member_or_null(volume, "projection"));
	json_t *withheld = volume ? json_object_get(volume, "projectionWithheld") : NULL;
	if (withheld)
		json_object_set(o, "projectionWithheld", withheld);
	json_object_set_new(o, "sinks", member_or_null(volume, "sinks"));
	json_object_set_new(o, "categories", categories_json(col->categories));
	json_decref(doc);
	return o;
}

json_t *compare_json(const compare_column *cols, size_t count)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, column_json(&cols[i]));
	return json_pack("{s:o}", "policies", list);
}

/* --- CSV --- */

/* One row: policy,figure,category,level,value; NULL category or level: empty. */
static void csv_row(FILE *out, const char *policy, const char *figure, const char *category,
                    const char *level, const char *value)
{
	csv_field(out, span_of(policy));
	fprintf(out, ",%s,%s,%s,%s\n", figure, category ? category : "", level ? level : "", value);
}

static void csv_count(FILE *out, const char *policy, const char *figure, const char *category,
                      const char *level, uint64_t n)
{
	char value[24];
	snprintf(value, sizeof value, "%llu", (unsigned long long)n);
	csv_row(out, policy, figure, category, level, value);
}

static void csv_column(FILE *out, const compare_column *col)
{
	const replay_summary *s = &col->figures->summary;
	volume_figures vol;
	volume_figures_of(col->figures->volume, &vol);
	csv_count(out, col->name, "requests", NULL, NULL, s->total.requests);
	csv_count(out, col->name, "events", NULL, NULL, s->total.events);
	csv_count(out, col->name, "bytes", NULL, NULL, vol.total.bytes);
	for (int l = 0; l < LEVEL_COUNT; l++) {
		const char *level = level_name((audit_level)l);
		csv_count(out, col->name, "requests", NULL, level, s->by_level[l].requests);
		csv_count(out, col->name, "events", NULL, level, s->by_level[l].events);
		csv_count(out, col->name, "bytes", NULL, level, vol.by_level[l].bytes);
	}
	csv_count(out, col->name, "gzipBytes", NULL, NULL, vol.gzip_bytes);
	char value[40];
	if (vol.rate.known) {
		snprintf(value, sizeof value, "%.6f", vol.rate.gb_per_day);
		csv_row(out, col->name, "gbPerDay", NULL, NULL, value);
	}
	if (vol.rate.known && vol.price_per_gb >= 0 && vol.sink_count == 0) {
		snprintf(value, sizeof value, "%.2f", vol.cost_per_30_days);
		csv_row(out, col->name, "costPer30Days", NULL, NULL, value);
	}
	for (size_t k = 0; vol.rate.known && k < vol.sink_count; k++) {
		snprintf(value, sizeof value, "%.2f", vol.sink_costs[k].cost_per_month);
		csv_row(out, col->name, "sinkCostPerMonth", vol.sink_costs[k].name, NULL, value);
	}
	for (int c = 0; c < SECURITY_CATEGORY_COUNT; c++) {
		const char *key = security_category_key((security_category)c);
		csv_count(out, col->name, "categoryRequests", key, NULL,
		          security_tally_requests(col->categories, (security_category)c));
		for (int l = 0; l < LEVEL_COUNT; l++)
			csv_count(out, col->name, "categoryRequests", key, level_name((audit_level)l),
			          col->categories->by_level[c][l]);
	}
}

void compare_print_csv(FILE *out, const compare_column *cols, size_t count)
{
	fputs("policy,figure,category,level,value\n", out);
	for (size_t i = 0; i < count; i++)
		csv_column(out, &cols[i]);
}
