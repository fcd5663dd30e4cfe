/* volume_state: see volume_state.h. */
#include "volume_state.h"

#include <stdlib.h>
#include <string.h>

#include "json_field.h"
#include "volume_internal.h"
#include "xalloc.h"

static json_t *pair_json(volume_pair p)
{
	return json_pack("[I,I]", (json_int_t)p.events, (json_int_t)p.bytes);
}

static json_t *pairs_json(const volume_pair *pairs, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, pair_json(pairs[i]));
	return a;
}

/* Every name the table holds, in slot order: a merge needs all of them, not the top ten. */
static json_t *top_json(const top_table *t)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < VOLUME_TOP_SLOTS; i++) {
		const top_slot *s = &t->slots[i];
		if (s->key[0] && s->total.events)
			json_array_append_new(rows, json_pack("[s,I,I]", s->key,
			                                      (json_int_t)s->total.events,
			                                      (json_int_t)s->total.bytes));
	}
	return json_pack("{s:o,s:o}", "rows", rows, "other", pair_json(t->other));
}

static json_t *covered_json(const covered_time *c)
{
	json_t *stretches = json_array();
	for (size_t i = 0; i < c->count; i++) {
		const covered_stretch *s = &c->stretches[i];
		json_array_append_new(stretches, json_pack("[f,f,f]", s->start, s->end, s->uncovered));
	}
	return json_pack("{s:o,s:b,s:b,s:f,s:I}", "stretches", stretches, "mergedAtCap",
	                 c->merged_at_cap, "outOfOrder", c->out_of_order, "latest", c->latest,
	                 "points", (json_int_t)c->points);
}

static json_t *input_json(const log_feed_counts *in)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:f,s:I,s:b,s:b,s:f}", "records",
	                 (json_int_t)in->records, "skipped", (json_int_t)in->skipped, "tableRows",
	                 (json_int_t)in->table_rows, "billedRows", (json_int_t)in->billed_rows,
	                 "billedBytes", in->billed_bytes, "scenarioEvents",
	                 (json_int_t)in->scenario_events, "scenarioWithoutPeriod",
	                 in->scenario_without_period, "periodsDiffer", in->periods_differ,
	                 "periodSeconds", in->period_seconds);
}

json_t *volume_state_json(const volume *v)
{
	const gzip_result *g = &v->gzip_result;
	json_t *tops = json_array();
	for (int t = 0; t < TOP_COUNT; t++)
		json_array_append_new(tops, top_json(&v->top[t]));
	json_t *time = v->have_time ? json_pack("[f,f]", v->first_seconds, v->last_seconds)
	                            : json_null();
	return json_pack("{s:o,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:{s:b,s:b,s:I,s:I,s:I},s:o}", "total",
	                 pair_json(v->total), "modelledBytes", (json_int_t)v->modelled_bytes,
	                 "byLevel", pairs_json(v->by_level, LEVEL_COUNT), "byStage",
	                 pairs_json(v->by_stage, STAGE_COUNT), "byRule",
	                 pairs_json(v->by_rule, v->policy->rule_count), "tops", tops, "covered",
	                 covered_json(&v->covered), "time", time, "gzip", "ok", g->ok, "sampled",
	                 g->sampled, "inputBytes", (json_int_t)g->input_bytes, "compressedInput",
	                 (json_int_t)g->compressed_input, "gzipBytes", (json_int_t)g->gzip_bytes,
	                 "input", input_json(&v->input));
}

/* ---- adding a state ---- */

static bool add_pair(volume_pair *to, const json_t *pair)
{
	uint64_t events, bytes;
	if (!json_is_array(pair) || json_array_size(pair) != 2 || !json_item_u64(pair, 0, &events) ||
	    !json_item_u64(pair, 1, &bytes))
		return false;
	to->events += events;
	to->bytes += bytes;
	return true;
}

static bool add_pairs(volume_pair *to, size_t n, const json_t *array)
{
	if (!json_is_array(array) || json_array_size(array) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!add_pair(&to[i], json_array_get(array, i)))
			return false;
	return true;
}

typedef struct {
	const char *name;
	volume_pair add;
} top_row;

static int heavier_first(const void *a, const void *b)
{
	uint64_t x = ((const top_row *)a)->add.bytes, y = ((const top_row *)b)->add.bytes;
	return x < y ? 1 : x > y ? -1 : strcmp(((const top_row *)a)->name, ((const top_row *)b)->name);
}

/* Rows go in heaviest first: when the table fills, the names set apart as "(other)" are
 * the lightest of this partial's, which keeps the heavy hitters and the error small. */
static bool add_top(top_table *t, const json_t *table)
{
	const json_t *rows = json_object_get(table, "rows");
	if (!json_is_array(rows) || !add_pair(&t->other, json_object_get(table, "other")))
		return false;
	size_t n = json_array_size(rows);
	top_row *sorted = xcalloc(n ? n : 1, sizeof *sorted);
	for (size_t i = 0; i < n; i++) {
		const json_t *row = json_array_get(rows, i);
		top_row *r = &sorted[i];
		r->name = json_string_value(json_array_get(row, 0));
		if (!r->name || !*r->name || json_array_size(row) != 3 ||
		    !json_item_u64(row, 1, &r->add.events) || !json_item_u64(row, 2, &r->add.bytes)) {
			free(sorted);
			return false;
		}
	}
	qsort(sorted, n, sizeof *sorted, heavier_first);
	for (size_t i = 0; i < n; i++)
		volume_top_add(t, span_of(sorted[i].name), sorted[i].add);
	free(sorted);
	return true;
}

static bool add_covered(covered_time *c, const json_t *doc)
{
	const json_t *stretches = json_object_get(doc, "stretches");
	bool merged = false, out_of_order = false;
	double latest = 0;
	uint64_t points = 0;
	if (!json_is_array(stretches) || !json_field_bool(doc, "mergedAtCap", &merged) ||
	    !json_field_bool(doc, "outOfOrder", &out_of_order) ||
	    !json_field_double(doc, "latest", &latest) || !json_field_u64(doc, "points", &points))
		return false;
	double first_start = 0;
	for (size_t i = 0; i < json_array_size(stretches); i++) {
		const json_t *s = json_array_get(stretches, i);
		covered_stretch st;
		if (json_array_size(s) != 3 || !json_item_double(s, 0, &st.start) ||
		    !json_item_double(s, 1, &st.end) || !json_item_double(s, 2, &st.uncovered) ||
		    st.end < st.start)
			return false;
		if (i == 0)
			first_start = st.start;
		covered_time_add_stretch(c, st);
	}
	if (!points)
		return true;
	/* its events came after ours: out of order when its earliest is before our latest */
	c->out_of_order |= out_of_order || (c->points && first_start < c->latest);
	c->merged_at_cap |= merged;
	if (!c->points || latest > c->latest)
		c->latest = latest;
	c->points += points;
	return true;
}

static bool add_time(volume *v, const json_t *time)
{
	if (json_is_null(time))
		return true;
	double first, last;
	if (json_array_size(time) != 2 || !json_item_double(time, 0, &first) ||
	    !json_item_double(time, 1, &last))
		return false;
	if (!v->have_time || first < v->first_seconds)
		v->first_seconds = first;
	if (!v->have_time || last > v->last_seconds)
		v->last_seconds = last;
	v->have_time = true;
	return true;
}

static bool add_gzip(gzip_result *g, const json_t *doc)
{
	gzip_result add = { 0 };
	if (!json_field_bool(doc, "ok", &add.ok) || !json_field_bool(doc, "sampled", &add.sampled) ||
	    !json_field_u64(doc, "inputBytes", &add.input_bytes) ||
	    !json_field_u64(doc, "compressedInput", &add.compressed_input) ||
	    !json_field_u64(doc, "gzipBytes", &add.gzip_bytes))
		return false;
	bool first = g->input_bytes == 0 && g->gzip_bytes == 0 && !g->sampled && !g->ok;
	g->ok = first ? add.ok : g->ok && add.ok;
	g->sampled |= add.sampled;
	g->input_bytes += add.input_bytes;
	g->compressed_input += add.compressed_input;
	g->gzip_bytes = g->ok ? g->gzip_bytes + add.gzip_bytes : 0;
	return true;
}

/* As log_feed would count them over the shards' LOGs one after the other. */
static bool add_input(log_feed_counts *in, const json_t *doc)
{
	log_feed_counts add = { 0 };
	if (!json_field_u64(doc, "records", &add.records) ||
	    !json_field_u64(doc, "skipped", &add.skipped) ||
	    !json_field_u64(doc, "tableRows", &add.table_rows) ||
	    !json_field_u64(doc, "billedRows", &add.billed_rows) ||
	    !json_field_double(doc, "billedBytes", &add.billed_bytes) ||
	    !json_field_u64(doc, "scenarioEvents", &add.scenario_events) ||
	    !json_field_bool(doc, "scenarioWithoutPeriod", &add.scenario_without_period) ||
	    !json_field_bool(doc, "periodsDiffer", &add.periods_differ) ||
	    !json_field_double(doc, "periodSeconds", &add.period_seconds))
		return false;
	in->records += add.records;
	in->skipped += add.skipped;
	in->table_rows += add.table_rows;
	in->billed_rows += add.billed_rows;
	in->billed_bytes += add.billed_bytes;
	in->scenario_events += add.scenario_events;
	in->scenario_without_period |= add.scenario_without_period;
	in->periods_differ |= add.periods_differ;
	if (in->period_seconds == 0)
		in->period_seconds = add.period_seconds;
	else if (add.period_seconds != 0 && add.period_seconds != in->period_seconds)
		in->periods_differ = true;
	return true;
}

bool volume_state_add(volume *v, const json_t *state, const char **why)
{
	uint64_t modelled = 0;
	const json_t *tops = json_object_get(state, "tops");
	*why = "volume: a count is missing or not a count";
	if (!add_pair(&v->total, json_object_get(state, "total")) ||
	    !json_field_u64(state, "modelledBytes", &modelled) ||
	    !add_pairs(v->by_level, LEVEL_COUNT, json_object_get(state, "byLevel")) ||
	    !add_pairs(v->by_stage, STAGE_COUNT, json_object_get(state, "byStage")) ||
	    !add_pairs(v->by_rule, v->policy->rule_count, json_object_get(state, "byRule")))
		return false;
	v->modelled_bytes += modelled;
	*why = "volume.tops: not four tables of [name, events, bytes] rows";
	if (json_array_size(tops) != TOP_COUNT)
		return false;
	for (int t = 0; t < TOP_COUNT; t++)
		if (!add_top(&v->top[t], json_array_get(tops, (size_t)t)))
			return false;
	*why = "volume.covered: not the covered time's stretches";
	if (!add_covered(&v->covered, json_object_get(state, "covered")))
		return false;
	*why = "volume.time: not [first, last] seconds";
	if (!add_time(v, json_object_get(state, "time")))
		return false;
	*why = "volume.gzip: not a compressed size";
	if (!add_gzip(&v->gzip_result, json_object_get(state, "gzip")))
		return false;
	*why = "volume.input: not the input's counts";
	if (!add_input(&v->input, json_object_get(state, "input")))
		return false;
	v->gzip_done = true;
	return true;
}

static void pair_take(volume_pair *p, uint64_t bytes)
{
	p->events--;
	p->bytes -= bytes;
}

static void top_take(top_table *t, const char *name, uint64_t bytes)
{
	top_slot *s = volume_top_find(t, span_of(name));
	pair_take(s ? &s->total : &t->other, bytes);
}

void volume_retract_line(volume *v, const volume_line *counted, const char *const *names)
{
	uint64_t bytes = counted->bytes + counted->modelled_bytes;
	pair_take(&v->total, bytes);
	v->modelled_bytes -= counted->modelled_bytes;
	pair_take(&v->by_level[counted->level], bytes);
	pair_take(&v->by_stage[counted->stage], bytes);
	if (counted->rule >= 0 && (size_t)counted->rule < v->policy->rule_count)
		pair_take(&v->by_rule[counted->rule], bytes);
	for (int t = 0; t < TOP_COUNT; t++)
		top_take(&v->top[t], names[t], bytes);
}

void volume_set_requests(volume *v, uint64_t requests) { v->requests = requests; }

uint64_t volume_top_error(const volume *v, int table) { return v->top[table].other.bytes; }
