/* volume: see volume.h. */
#include "volume.h"

#include <stdlib.h>
#include <string.h>

#include "covered_time.h"
#include "gzip_estimate.h"
#include "volume_internal.h"
#include "timestamp.h"
#include "xalloc.h"

volume *volume_new(const policy *p)
{
	volume *v = xcalloc(1, sizeof *v);
	v->policy = p;
	v->by_rule = xcalloc(p->rule_count ? p->rule_count : 1, sizeof *v->by_rule);
	for (int t = 0; t < TOP_COUNT; t++) {
		v->top[t].slots = xcalloc(VOLUME_TOP_SLOTS, sizeof *v->top[t].slots);
	}
	gzip_plan plan = gzip_plan_default(); /* no thread until volume_set_gzip_thread */
	v->gzip = gzip_estimator_new(&plan);
	v->rotation = rotation_defaults();
	v->price_per_gb = -1;
	v->projection = projection_default_options();
	covered_time_init(&v->covered, v->projection.max_gap_seconds, VOLUME_COVERED_STRETCHES);
	return v;
}

void volume_free(volume *v)
{
	if (!v)
		return;
	gzip_estimator_free(v->gzip);
	covered_time_free(&v->covered);
	for (int t = 0; t < TOP_COUNT; t++) {
		free(v->top[t].slots);
		free(v->top_rows[t]);
	}
	free(v->by_rule);
	free(v);
}

void volume_set_gzip_thread(volume *v, bool threaded)
{
	if (!threaded) /* as volume_new made it */
		return;
	gzip_plan plan = gzip_plan_default();
	plan.threaded = threaded;
	gzip_estimator_free(v->gzip);
	v->gzip = gzip_estimator_new(&plan);
}

void volume_use_shared(volume *v, volume_shared *s)
{
	v->shared = s;
	for (int t = 0; t < TOP_COUNT; t++) {
		free(v->top_rows[t]);
		v->top_rows[t] = xcalloc(SHARED_NAME_IDS, sizeof *v->top_rows[t]);
	}
}

void volume_set_rotation(volume *v, const rotation_flags *flags) { v->rotation = *flags; }
void volume_set_price(volume *v, double price_per_gb) { v->price_per_gb = price_per_gb; }

void volume_set_sinks(volume *v, const sink *const *sinks, size_t count, double retention_days)
{
	v->sink_count = count < VOLUME_MAX_SINKS ? count : VOLUME_MAX_SINKS;
	memcpy(v->sinks, sinks, v->sink_count * sizeof *sinks);
	v->sink_retention_days = retention_days;
}

void volume_set_projection_options(volume *v, const projection_options *opts)
{
	v->projection = *opts;
	v->covered.max_gap = opts->max_gap_seconds;
}

void volume_set_input(volume *v, const log_feed_counts *input, uint64_t requests)
{
	v->input = *input;
	v->requests = requests;
}
uint64_t volume_bytes(const volume *v) { return v->total.bytes; }
uint64_t volume_events(const volume *v) { return v->total.events; }
uint64_t volume_modelled_bytes(const volume *v) { return v->modelled_bytes; }
uint64_t volume_gzip_bytes(const volume *v) { return v->gzip_result.gzip_bytes; }

/* Same-length RFC 3339 UTC timestamps sort as text, so one that sorts between the first
 * and the last seen can change neither: most events skip the parse. */
static bool within_seen(const volume *v, span ts)
{
	return v->have_time && ts.len == v->first_text_len && ts.len == v->last_text_len &&
	       memcmp(ts.ptr, v->first_text, ts.len) >= 0 && memcmp(ts.ptr, v->last_text, ts.len) <= 0;
}

static void remember(char *text, size_t *len, span ts)
{
	*len = ts.len < TIME_TEXT_MAX ? ts.len : 0; /* 0: never matches, always parsed */
	memcpy(text, ts.ptr, *len);
}

/* Widens the time span to t, the time ts gives. */
static void note_seconds(volume *v, span ts, double t)
{
	if (!v->have_time || t < v->first_seconds) {
		v->first_seconds = t;
		remember(v->first_text, &v->first_text_len, ts);
	}
	if (!v->have_time || t > v->last_seconds) {
		v->last_seconds = t;
		remember(v->last_text, &v->last_text_len, ts);
	}
	v->have_time = true;
}

/* The time an event was written at: its stage's, else whatever time it carries. */
static span written_at(const audit_event *ev)
{
	if (ev->stage_timestamp.ptr)
		return ev->stage_timestamp;
	return ev->timestamp.ptr ? ev->timestamp : ev->request_received_timestamp;
}

/* The seconds of ev's timestamp ts (which: SHARED_*): parsed once for every volume
 * sharing s when ev is its event at hand. */
static bool seconds_of(volume_shared *s, const audit_event *ev, int which, span ts, double *out)
{
	if (s && s->ev == ev)
		return volume_shared_seconds(s, which, ts, out);
	return timestamp_seconds(ts, out);
}

/* The time span runs from the earliest time received to the latest stage; the covered
 * time counts when events were written, one point per event. */
void volume_note_event(volume *v, const audit_event *ev)
{
	double t;
	span received = ev->request_received_timestamp.ptr ? ev->request_received_timestamp
	                                                   : ev->timestamp;
	if (received.ptr && !within_seen(v, received) &&
	    seconds_of(v->shared, ev, SHARED_RECEIVED, received, &t))
		note_seconds(v, received, t);
	span written = written_at(ev);
	if (written.ptr && seconds_of(v->shared, ev, SHARED_WRITTEN, written, &t)) {
		covered_time_add(&v->covered, t);
		note_seconds(v, written, t);
	}
}

/* ---- accounting ---- */

uint64_t volume_name_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

top_slot *volume_top_find(top_table *t, span name)
{
	size_t n = volume_key_len(name);
	size_t mask = VOLUME_TOP_SLOTS - 1;
	for (size_t i = volume_name_hash(name.ptr, n) & mask, probes = 0; probes < VOLUME_TOP_SLOTS;
	     i = (i + 1) & mask, probes++) {
		top_slot *s = &t->slots[i];
		if (!s->key[0])
			return NULL;
		if (strncmp(s->key, name.ptr, n) == 0 && s->key[n] == '\0')
			return s;
	}
	return NULL;
}

static void pair_add(volume_pair *p, volume_pair add)
{
	p->events += add.events;
	p->bytes += add.bytes;
}

top_slot *volume_top_add(top_table *t, span name, volume_pair add)
{
	size_t n = volume_key_len(name);
	size_t mask = VOLUME_TOP_SLOTS - 1;
	for (size_t i = volume_name_hash(name.ptr, n) & mask;; i = (i + 1) & mask) {
		top_slot *s = &t->slots[i];
		if (s->key[0] && strncmp(s->key, name.ptr, n) == 0 && s->key[n] == '\0') {
			pair_add(&s->total, add);
			return s;
		}
		if (!s->key[0]) {
			/* three quarters full: the rest is "(other)", so probes stay short */
			if (t->used >= VOLUME_TOP_SLOTS * 3 / 4)
				break;
			memcpy(s->key, name.ptr, n);
			s->key[n] = '\0';
			t->used++;
			s->total = add;
			return s;
		}
	}
	pair_add(&t->other, add);
	return NULL;
}

/* volume_top_add through the row the table gave the name of shared id `id` before: a
 * table never moves a name, and once full it stays full, so the row (or "(other)") it
 * gave is the one it would give again. */
static void top_add_remembered(volume *v, int table, int32_t id, span name, volume_pair add)
{
	top_table *t = &v->top[table];
	if (id < 0) {
		volume_top_add(t, name, add);
		return;
	}
	int32_t *row = &v->top_rows[table][id];
	if (*row > 0) {
		pair_add(&t->slots[*row - 1].total, add);
	} else if (*row < 0) {
		pair_add(&t->other, add);
	} else {
		top_slot *s = volume_top_add(t, name, add);
		*row = s ? (int32_t)(s - t->slots) + 1 : -1;
	}
}

static char *put(char *at, const char *end, span s)
{
	size_t n = s.len < (size_t)(end - at) ? s.len : (size_t)(end - at);
	if (n)
		memcpy(at, s.ptr, n);
	return at + n;
}

/* "resource.group/subresource", or "(non-resource)". Built with memcpy: snprintf here
 * cost more than the rest of the accounting of a line. */
static span resource_name(const audit_event *ev, char *buf, size_t cap)
{
	if (!ev->has_object_ref) {
		return span_of("(non-resource)");
	}
	char *at = buf, *end = buf + cap - 1;
	at = put(at, end, ev->object_resource);
	if (ev->object_api_group.len) {
		at = put(at, end, span_of("."));
		at = put(at, end, ev->object_api_group);
	}
	if (ev->object_subresource.len) {
		at = put(at, end, span_of("/"));
		at = put(at, end, ev->object_subresource);
	}
	*at = '\0';
	return (span){ buf, (size_t)(at - buf) };
}

static span or_placeholder(span s, const char *placeholder)
{
	return s.len ? s : span_of(placeholder);
}

void volume_keys_of(const audit_event *ev, volume_keys *out)
{
	out->names[VOLUME_TOP_USERS] = or_placeholder(ev->user_name, "(none)");
	out->names[VOLUME_TOP_RESOURCES] = resource_name(ev, out->resource, sizeof out->resource);
	out->names[VOLUME_TOP_VERBS] = or_placeholder(ev->verb, "(none)");
	out->names[VOLUME_TOP_NAMESPACES] = ev->has_object_ref
	                                            ? or_placeholder(ev->object_namespace, "(cluster)")
	                                            : span_of("(non-resource)");
}

void volume_add_line(volume *v, const volume_line *line)
{
	const audit_event *ev = line->ev;
	uint64_t bytes = line->bytes + line->modelled_bytes;
	v->total.events++;
	v->total.bytes += bytes;
	v->modelled_bytes += line->modelled_bytes;
	v->by_level[line->level].events++;
	v->by_level[line->level].bytes += bytes;
	v->by_stage[line->stage].events++;
	v->by_stage[line->stage].bytes += bytes;
	if (line->rule >= 0 && (size_t)line->rule < v->policy->rule_count) {
		v->by_rule[line->rule].events++;
		v->by_rule[line->rule].bytes += bytes;
	}
	volume_pair add = { 1, bytes };
	if (v->shared && v->shared->ev == ev) {
		const volume_keys *keys;
		const int32_t *ids = volume_shared_ids(v->shared, &keys);
		for (int t = 0; t < TOP_COUNT; t++)
			top_add_remembered(v, t, ids[t], keys->names[t], add);
		return;
	}
	volume_keys keys;
	volume_keys_of(ev, &keys);
	for (int t = 0; t < TOP_COUNT; t++)
		volume_top_add(&v->top[t], keys.names[t], add);
}

void volume_tap(const char *line, size_t len, void *ctx)
{
	volume *v = ctx;
	if (line)
		gzip_estimator_add(v->gzip, line, len);
	else
		gzip_estimator_skip(v->gzip, len);
}

bool volume_tap_needs(size_t len, void *ctx)
{
	const volume *v = ctx;
	return gzip_estimator_needs(v->gzip, len);
}

void volume_finish(volume *v)
{
	if (v->gzip_done)
		return;
	v->gzip_result = gzip_estimator_finish(v->gzip);
	v->gzip_done = true;
}

static uint64_t written_bytes(const volume *v) { return v->total.bytes - v->modelled_bytes; }

/* compressed / written: modelled bytes were never compressed */
static double gzip_ratio(const volume *v)
{
	uint64_t written = written_bytes(v);
	return written && v->gzip_result.ok ? (double)v->gzip_result.gzip_bytes / (double)written
	                                    : 1;
}

/* The modelled bodies at the ratio the written stream compressed to: an estimate, since
 * they were never written; 0 when zlib failed (the measured size is 0 then too). */
static uint64_t gzip_modelled_bytes(const volume *v)
{
	if (!v->gzip_result.ok)
		return 0;
	return (uint64_t)((double)v->modelled_bytes * gzip_ratio(v) + 0.5);
}

projection volume_projection(const volume *v)
{
	const log_feed_counts *in = &v->input;
	uint64_t events_read = in->records - in->skipped;
	projection_input p = {
		.events = v->total.events,
		.bytes = v->total.bytes,
		.gzip_bytes = volume_gzip_bytes(v) + gzip_modelled_bytes(v),
		.requests = v->requests,
		.covered_seconds = covered_time_seconds(&v->covered),
		.covered_approximate = covered_time_approximate(&v->covered),
		.scenario_events = in->scenario_events,
		.recorded_events = events_read - in->scenario_events,
		.scenario_without_period = in->scenario_without_period,
		.periods_differ = in->periods_differ,
		.period_seconds = in->period_seconds,
	};
	return projection_of(&p, &v->projection);
}

/* The share of the written bytes that was compressed: 1 when measured in full. */
static double gzip_sampled_fraction(const gzip_result *r)
{
	return r->input_bytes ? (double)r->compressed_input / (double)r->input_bytes : 1.0;
}

static retention volume_retention(const volume *v)
{
	projection p = volume_projection(v);
	return retention_of(&v->rotation, p.known ? p.bytes_per_day : 0, gzip_ratio(v));
}

/* The projected day the sinks price: the one place where the projection meets them. */
static sink_usage sink_usage_of(const volume *v, const volume_figures *f)
{
	return (sink_usage){ .events_per_day = f->rate.events_per_day,
		             .bytes_per_day = f->rate.bytes_per_day,
		             .gzip_bytes_per_day = f->rate.gzip_bytes_per_day,
		             .retention_days = v->sink_retention_days,
		             .price_per_gb = v->price_per_gb };
}

static void sink_figures(const volume *v, volume_figures *out)
{
	out->sink_count = v->sink_count;
	out->rotation_applies = v->sink_count == 0;
	for (size_t i = 0; i < v->sink_count; i++) {
		out->sinks[i] = v->sinks[i];
		out->rotation_applies |= v->sinks[i]->rotation;
	}
	if (!out->rate.known)
		return;
	sink_usage usage = sink_usage_of(v, out);
	for (size_t i = 0; i < v->sink_count; i++)
		out->sink_costs[i] = sink_cost_of(v->sinks[i], &usage);
}

/* ---- figures ---- */

static size_t top_entries(const top_table *t, const top_slot **best, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < VOLUME_TOP_SLOTS; i++) {
		const top_slot *s = &t->slots[i];
		if (!s->key[0] || !s->total.events) /* no events: every line of it retracted */
			continue;
		size_t at = count < n ? count++ : n;
		if (at == n && s->total.bytes <= best[n - 1]->total.bytes)
			continue;
		if (at == n)
			at = n - 1;
		while (at > 0 && best[at - 1]->total.bytes < s->total.bytes) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = s;
	}
	return count;
}

void volume_figures_of(const volume *v, volume_figures *out)
{
	*out = (volume_figures){ .total = v->total,
		                 .written_bytes = written_bytes(v),
		                 .modelled_bytes = v->modelled_bytes,
		                 .gzip_bytes = volume_gzip_bytes(v) + gzip_modelled_bytes(v),
		                 .gzip_modelled_bytes = gzip_modelled_bytes(v),
		                 .gzip_ratio = gzip_ratio(v),
		                 .gzip_sampled = v->gzip_result.sampled,
		                 .gzip_sampled_fraction = gzip_sampled_fraction(&v->gzip_result),
		                 .by_rule = v->by_rule,
		                 .rule_count = v->policy->rule_count,
		                 .policy = v->policy,
		                 .rate = volume_projection(v),
		                 .rotation = v->rotation,
		                 .price_per_gb = v->price_per_gb };
	memcpy(out->by_level, v->by_level, sizeof out->by_level);
	memcpy(out->by_stage, v->by_stage, sizeof out->by_stage);
	for (int t = 0; t < TOP_COUNT; t++) {
		const top_slot *best[VOLUME_TOP_N];
		volume_top *top = &out->top[t];
		top->count = top_entries(&v->top[t], best, VOLUME_TOP_N);
		for (size_t i = 0; i < top->count; i++)
			top->entries[i] = (volume_top_entry){ best[i]->key, best[i]->total };
		out->top_other[t] = v->top[t].other;
	}
	uint64_t events_read = v->input.records - v->input.skipped;
	out->scenarios_only = events_read && v->input.scenario_events == events_read;
	if (v->have_time && !out->scenarios_only) {
		out->time_span_known = true;
		out->time_span_seconds = v->last_seconds - v->first_seconds;
		timestamp_format(v->first_seconds, out->first_time, sizeof out->first_time);
		timestamp_format(v->last_seconds, out->last_time, sizeof out->last_time);
	}
	if (out->rate.known) {
		out->retention = volume_retention(v);
		if (v->price_per_gb >= 0)
			out->cost_per_30_days = cost_per_30_days_of(&out->rate, v->price_per_gb);
	} else {
		projection_withheld_reason(&out->rate, out->projection_withheld,
		                           sizeof out->projection_withheld);
	}
	sink_figures(v, out);
}
