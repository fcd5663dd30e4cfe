/* volume: see volume.h. */
#include "volume.h"

#include <math.h> /* INFINITY */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "gzip_estimate.h"
#include "xalloc.h"

#define TOP_KEY_MAX 128
#define TIME_TEXT_MAX 40
#define MIB 1048576.0
#define GB 1e9

typedef struct {
	char key[TOP_KEY_MAX]; /* empty: unused */
	volume_pair total;
} top_slot;

/* Bytes by name with a fixed number of names; the rest are "(other)". */
typedef struct {
	const char *title;
	top_slot *slots;
	size_t used;
	volume_pair other;
} top_table;

enum { TOP_COUNT = VOLUME_TOP_TABLES };

struct volume {
	const policy *policy;
	volume_pair total;
	uint64_t modelled_bytes;
	uint64_t modelled_requests_seen; /* lines that carry modelled bytes */
	volume_pair by_level[LEVEL_COUNT];
	volume_pair by_stage[STAGE_COUNT];
	volume_pair *by_rule; /* policy->rule_count entries */
	top_table top[TOP_COUNT];
	bool have_time;
	double first_seconds, last_seconds;
	char first_text[TIME_TEXT_MAX], last_text[TIME_TEXT_MAX]; /* their timestamps */
	size_t first_text_len, last_text_len;
	gzip_estimator *gzip;
	gzip_result gzip_result; /* set by volume_finish */
	bool gzip_done;
	rotation_flags rotation;
	double price_per_gb;
};

rotation_flags rotation_defaults(void)
{
	return (rotation_flags){ .maxsize_mb = 100, .maxbackup = 100, .maxage_days = 366 };
}

volume *volume_new(const policy *p)
{
	volume *v = xcalloc(1, sizeof *v);
	static const char *const titles[TOP_COUNT] = { "USER", "RESOURCE", "VERB", "NAMESPACE" };
	v->policy = p;
	v->by_rule = xcalloc(p->rule_count ? p->rule_count : 1, sizeof *v->by_rule);
	for (int t = 0; t < TOP_COUNT; t++) {
		v->top[t].title = titles[t];
		v->top[t].slots = xcalloc(VOLUME_TOP_SLOTS, sizeof *v->top[t].slots);
	}
	gzip_plan plan = gzip_plan_default(); /* no thread until volume_set_gzip_thread */
	v->gzip = gzip_estimator_new(&plan);
	v->rotation = rotation_defaults();
	v->price_per_gb = -1;
	return v;
}

void volume_free(volume *v)
{
	if (!v)
		return;
	gzip_estimator_free(v->gzip);
	for (int t = 0; t < TOP_COUNT; t++)
		free(v->top[t].slots);
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

void volume_set_rotation(volume *v, const rotation_flags *flags) { v->rotation = *flags; }
void volume_set_price(volume *v, double price_per_gb) { v->price_per_gb = price_per_gb; }
uint64_t volume_bytes(const volume *v) { return v->total.bytes; }
uint64_t volume_events(const volume *v) { return v->total.events; }
uint64_t volume_modelled_bytes(const volume *v) { return v->modelled_bytes; }
uint64_t volume_gzip_bytes(const volume *v) { return v->gzip_result.gzip_bytes; }

/* ---- time ---- */

static bool digits(const char *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool timestamp_seconds(span ts, double *out)
{
	int y, mo, d, h, mi, s;
	const char *p = ts.ptr;
	if (ts.len < 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' ||
	    p[16] != ':' || p[ts.len - 1] != 'Z' || !digits(p, 4, &y) || !digits(p + 5, 2, &mo) ||
	    !digits(p + 8, 2, &d) || !digits(p + 11, 2, &h) || !digits(p + 14, 2, &mi) ||
	    !digits(p + 17, 2, &s))
		return false;
	double frac = 0, scale = 0.1;
	if (ts.len > 20) {
		if (p[19] != '.')
			return false;
		for (size_t i = 20; i < ts.len - 1; i++, scale /= 10) {
			if (p[i] < '0' || p[i] > '9')
				return false;
			frac += (p[i] - '0') * scale;
		}
	}
	*out = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s + frac;
	return true;
}

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

static void note_time(volume *v, span ts)
{
	double t;
	if (!ts.ptr || within_seen(v, ts) || !timestamp_seconds(ts, &t))
		return;
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

void volume_note_event(volume *v, const audit_event *ev)
{
	note_time(v, ev->request_received_timestamp.ptr ? ev->request_received_timestamp
	                                                : ev->timestamp);
	note_time(v, ev->stage_timestamp.ptr ? ev->stage_timestamp : ev->timestamp);
}

/* ---- accounting ---- */

static uint64_t hash_key(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void top_add(top_table *t, span name, uint64_t bytes)
{
	size_t n = name.len < TOP_KEY_MAX - 1 ? name.len : TOP_KEY_MAX - 1;
	size_t mask = VOLUME_TOP_SLOTS - 1;
	for (size_t i = hash_key(name.ptr, n) & mask;; i = (i + 1) & mask) {
		top_slot *s = &t->slots[i];
		if (s->key[0] && strncmp(s->key, name.ptr, n) == 0 && s->key[n] == '\0') {
			s->total.events++;
			s->total.bytes += bytes;
			return;
		}
		if (!s->key[0]) {
			/* three quarters full: the rest is "(other)", so probes stay short */
			if (t->used >= VOLUME_TOP_SLOTS * 3 / 4)
				break;
			memcpy(s->key, name.ptr, n);
			s->key[n] = '\0';
			t->used++;
			s->total = (volume_pair){ 1, bytes };
			return;
		}
	}
	t->other.events++;
	t->other.bytes += bytes;
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
	char resource[TOP_KEY_MAX];
	top_add(&v->top[VOLUME_TOP_USERS], or_placeholder(ev->user_name, "(none)"), bytes);
	top_add(&v->top[VOLUME_TOP_RESOURCES], resource_name(ev, resource, sizeof resource), bytes);
	top_add(&v->top[VOLUME_TOP_VERBS], or_placeholder(ev->verb, "(none)"), bytes);
	top_add(&v->top[VOLUME_TOP_NAMESPACES],
	        ev->has_object_ref ? or_placeholder(ev->object_namespace, "(cluster)")
	                           : span_of("(non-resource)"),
	        bytes);
}

void volume_tap(const char *line, size_t len, void *ctx)
{
	volume *v = ctx;
	gzip_estimator_add(v->gzip, line, len);
}

void volume_finish(volume *v)
{
	if (v->gzip_done)
		return;
	v->gzip_result = gzip_estimator_finish(v->gzip);
	v->gzip_done = true;
}

/* ---- projections ---- */

projection projection_of(uint64_t events, uint64_t bytes, double seconds)
{
	projection p = { .seconds = seconds };
	if (!(seconds > 0))
		return p;
	p.known = true;
	p.events_per_second = (double)events / seconds;
	p.gb_per_day = (double)bytes / seconds * 86400.0 / GB;
	p.gb_per_30_days = p.gb_per_day * 30.0;
	return p;
}

projection volume_projection(const volume *v)
{
	double seconds = v->have_time ? v->last_seconds - v->first_seconds : 0;
	return projection_of(v->total.events, v->total.bytes, seconds);
}

/* lumberjack (kube-apiserver's rotation): the current file grows to maxsize and is then
 * renamed to a timestamped backup; backups beyond maxbackup, or older than maxage days,
 * are removed, and compressed after rotation when compress is set. */
retention retention_of(const rotation_flags *f, double bytes_per_day, double gzip_ratio)
{
	retention r = { 0 };
	bool no_count_limit = f->maxbackup == 0, no_age_limit = f->maxage_days == 0;
	if (f->maxsize_mb == 0 || (no_count_limit && no_age_limit) || !(bytes_per_day > 0)) {
		r.unlimited = true;
		return r;
	}
	double file_bytes = (double)f->maxsize_mb * MIB, file_days = file_bytes / bytes_per_day;
	double by_count = no_count_limit ? INFINITY : (double)f->maxbackup * file_days;
	double by_age = no_age_limit ? INFINITY : (double)f->maxage_days;
	r.limited_by_age = by_age < by_count;
	r.days_min = r.limited_by_age ? by_age : by_count;
	r.days_max = r.days_min + file_days;
	double backups = r.days_min / file_days;
	if (!no_count_limit && backups > (double)f->maxbackup)
		backups = (double)f->maxbackup;
	double whole = (double)(uint64_t)backups; /* round up without libm */
	backups = whole < backups - 1e-9 ? whole + 1 : whole;
	r.disk_bytes = file_bytes + backups * file_bytes * (f->compress ? gzip_ratio : 1.0);
	return r;
}

static uint64_t written_bytes(const volume *v) { return v->total.bytes - v->modelled_bytes; }

/* compressed / written: modelled bytes were never compressed */
static double gzip_ratio(const volume *v)
{
	uint64_t written = written_bytes(v);
	return written && v->gzip_result.ok ? (double)v->gzip_result.gzip_bytes / (double)written
	                                    : 1;
}

/* The share of the written bytes that was compressed: 1 when measured in full. */
static double gzip_sampled_fraction(const gzip_result *r)
{
	return r->input_bytes ? (double)r->compressed_input / (double)r->input_bytes : 1.0;
}

static retention volume_retention(const volume *v)
{
	projection p = volume_projection(v);
	return retention_of(&v->rotation, p.known ? p.gb_per_day * GB : 0, gzip_ratio(v));
}

/* ---- output ---- */

static size_t top_entries(const top_table *t, const top_slot **best, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < VOLUME_TOP_SLOTS; i++) {
		const top_slot *s = &t->slots[i];
		if (!s->key[0])
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

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void format_time(double seconds, char *buf, size_t cap)
{
	time_t t = (time_t)seconds; /* timestamps here are after 1970: truncation is floor */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_rate(const volume *v, FILE *out)
{
	projection p = volume_projection(v);
	if (!p.known) {
		fprintf(out, "time span: unknown (the events' timestamps span no time)\n");
		return;
	}
	char first[32], last[32];
	format_time(v->first_seconds, first, sizeof first);
	format_time(v->last_seconds, last, sizeof last);
	fprintf(out, "time span: %s to %s (%.3f s): %.3f events/s, %.6f GB/day, %.6f GB/30 days\n",
	        first, last, p.seconds, p.events_per_second, p.gb_per_day, p.gb_per_30_days);
	const rotation_flags *f = &v->rotation;
	retention r = volume_retention(v);
	fprintf(out, "retention (--audit-log-maxsize=%llu --audit-log-maxbackup=%llu "
	             "--audit-log-maxage=%llu%s): ",
	        (unsigned long long)f->maxsize_mb, (unsigned long long)f->maxbackup,
	        (unsigned long long)f->maxage_days, f->compress ? " --audit-log-compress" : "");
	if (r.unlimited)
		fprintf(out, "unlimited (nothing removes old events)\n");
	else
		fprintf(out, "%.1f to %.1f days of history%s, at most %.3f GB on disk\n", r.days_min,
		        r.days_max, r.limited_by_age ? " (limited by maxage)" : "", r.disk_bytes / GB);
	if (v->price_per_gb >= 0)
		fprintf(out, "cost at %.4g per GB ingested: %.2f per 30 days (%.6f GB/30 days)\n",
		        v->price_per_gb, p.gb_per_30_days * v->price_per_gb, p.gb_per_30_days);
}

static void print_pairs(FILE *out, const char *title, const char *const *names,
                        const volume_pair *pairs, size_t n, uint64_t total)
{
	fprintf(out, "\n%-24s %10s %14s %7s\n", title, "EVENTS", "BYTES", "%");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%-24s %10llu %14llu %6.1f%%\n", names[i],
		        (unsigned long long)pairs[i].events, (unsigned long long)pairs[i].bytes,
		        share(pairs[i].bytes, total));
}

static void print_top(const top_table *t, uint64_t total, FILE *out)
{
	const top_slot *best[VOLUME_TOP_N];
	size_t n = top_entries(t, best, VOLUME_TOP_N);
	fprintf(out, "\n%-40s %10s %14s %7s\n", t->title, "EVENTS", "BYTES", "%");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%-40.40s %10llu %14llu %6.1f%%\n", best[i]->key,
		        (unsigned long long)best[i]->total.events,
		        (unsigned long long)best[i]->total.bytes, share(best[i]->total.bytes, total));
	if (t->other.events)
		fprintf(out, "%-40s %10llu %14llu %6.1f%%\n", "(other)",
		        (unsigned long long)t->other.events, (unsigned long long)t->other.bytes,
		        share(t->other.bytes, total));
}

void volume_print_text(const volume *v, FILE *out)
{
	uint64_t total = v->total.bytes;
	fprintf(out, "\nvolume: %llu events, %llu bytes (%.3f MB)", (unsigned long long)v->total.events,
	        (unsigned long long)total, (double)total / 1e6);
	if (v->modelled_bytes)
		fprintf(out, ", of which %llu bytes (%.1f%%) modelled, not exact",
		        (unsigned long long)v->modelled_bytes, share(v->modelled_bytes, total));
	fprintf(out, "\ngzip (zlib level 6): %llu bytes, %.1f%% of the %llu bytes written",
	        (unsigned long long)volume_gzip_bytes(v), 100.0 * gzip_ratio(v),
	        (unsigned long long)written_bytes(v));
	if (v->gzip_result.sampled)
		fprintf(out, ", estimated from a sample of %.1f%%",
		        100.0 * gzip_sampled_fraction(&v->gzip_result));
	fputc('\n', out);
	print_rate(v, out);
	const char *levels[LEVEL_COUNT], *stages[STAGE_COUNT];
	for (int l = 0; l < LEVEL_COUNT; l++)
		levels[l] = level_name((audit_level)l);
	for (int s = 0; s < STAGE_COUNT; s++)
		stages[s] = stage_name((audit_stage)s);
	print_pairs(out, "LEVEL", levels, v->by_level, LEVEL_COUNT, total);
	print_pairs(out, "STAGE", stages, v->by_stage, STAGE_COUNT, total);
	fprintf(out, "\n%-6s %-6s %10s %14s %7s\n", "RULE", "LINE", "EVENTS", "BYTES", "%");
	for (size_t i = 0; i < v->policy->rule_count; i++)
		fprintf(out, "%-6zu %-6d %10llu %14llu %6.1f%%\n", i, v->policy->rules[i].pos.line,
		        (unsigned long long)v->by_rule[i].events, (unsigned long long)v->by_rule[i].bytes,
		        share(v->by_rule[i].bytes, total));
	for (int t = 0; t < TOP_COUNT; t++)
		print_top(&v->top[t], total, out);
}

void volume_figures_of(const volume *v, volume_figures *out)
{
	*out = (volume_figures){ .total = v->total,
		                 .written_bytes = written_bytes(v),
		                 .modelled_bytes = v->modelled_bytes,
		                 .gzip_bytes = volume_gzip_bytes(v),
		                 .gzip_sampled = v->gzip_result.sampled,
		                 .gzip_sampled_fraction = gzip_sampled_fraction(&v->gzip_result),
		                 .by_rule = v->by_rule,
		                 .rule_count = v->policy->rule_count,
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
	}
	if (out->rate.known) {
		format_time(v->first_seconds, out->first_time, sizeof out->first_time);
		format_time(v->last_seconds, out->last_time, sizeof out->last_time);
		out->retention = volume_retention(v);
		if (v->price_per_gb >= 0)
			out->cost_per_30_days = out->rate.gb_per_30_days * v->price_per_gb;
	}
}

static json_t *pair_json(const volume_pair *p)
{
	return json_pack("{s:I,s:I}", "events", (json_int_t)p->events, "bytes", (json_int_t)p->bytes);
}

static json_t *top_json(const volume_top *t)
{
	json_t *a = json_array();
	for (size_t i = 0; i < t->count; i++) {
		const volume_top_entry *e = &t->entries[i];
		json_array_append_new(a, json_pack("{s:s,s:I,s:I}", "name", e->name, "events",
		                                   (json_int_t)e->total.events, "bytes",
		                                   (json_int_t)e->total.bytes));
	}
	return a;
}

static json_t *number_or_null(bool known, double value)
{
	return known ? json_real(value) : json_null();
}

static void rate_json(const volume_figures *f, json_t *o)
{
	const projection *p = &f->rate;
	json_t *span_o = json_null();
	if (p->known)
		span_o = json_pack("{s:s,s:s,s:f}", "first", f->first_time, "last", f->last_time,
		                   "seconds", p->seconds);
	json_object_set_new(o, "timeSpan", span_o);
	json_object_set_new(o, "eventsPerSecond", number_or_null(p->known, p->events_per_second));
	json_object_set_new(o, "gbPerDay", number_or_null(p->known, p->gb_per_day));
	json_object_set_new(o, "gbPer30Days", number_or_null(p->known, p->gb_per_30_days));
	const rotation_flags *rf = &f->rotation;
	const retention *r = &f->retention;
	bool finite = p->known && !r->unlimited;
	json_t *ret = json_pack("{s:I,s:I,s:I,s:b,s:b}", "maxsizeMB", (json_int_t)rf->maxsize_mb,
	                        "maxbackup", (json_int_t)rf->maxbackup, "maxageDays",
	                        (json_int_t)rf->maxage_days, "compress", rf->compress, "unlimited",
	                        r->unlimited);
	json_object_set_new(ret, "daysMin", number_or_null(finite, r->days_min));
	json_object_set_new(ret, "daysMax", number_or_null(finite, r->days_max));
	json_object_set_new(ret, "diskBytes", number_or_null(finite, r->disk_bytes));
	json_object_set_new(ret, "limitedByAge", json_boolean(finite && r->limited_by_age));
	json_object_set_new(o, "retention", ret);
	if (f->price_per_gb >= 0) {
		json_object_set_new(o, "pricePerGB", json_real(f->price_per_gb));
		json_object_set_new(o, "costPer30Days", number_or_null(p->known, f->cost_per_30_days));
	}
}

void volume_add_json(const volume *v, json_t *doc)
{
	volume_figures f;
	volume_figures_of(v, &f);
	json_t *o = json_object();
	json_object_set_new(o, "events", json_integer((json_int_t)f.total.events));
	json_object_set_new(o, "bytes", json_integer((json_int_t)f.total.bytes));
	json_object_set_new(o, "writtenBytes", json_integer((json_int_t)f.written_bytes));
	json_object_set_new(o, "modelledBytes", json_integer((json_int_t)f.modelled_bytes));
	json_object_set_new(o, "modelledShare",
	                    json_real(f.total.bytes ? (double)f.modelled_bytes / (double)f.total.bytes : 0));
	json_object_set_new(o, "gzipBytes", json_integer((json_int_t)f.gzip_bytes));
	json_object_set_new(o, "gzipMethod", json_string(f.gzip_sampled ? "sampled" : "full"));
	json_object_set_new(o, "gzipSampledFraction", json_real(f.gzip_sampled_fraction));
	json_t *levels = json_object(), *stages = json_object(), *rules = json_array();
	for (int l = 0; l < LEVEL_COUNT; l++)
		json_object_set_new(levels, level_name((audit_level)l), pair_json(&f.by_level[l]));
	for (int s = 0; s < STAGE_COUNT; s++)
		json_object_set_new(stages, stage_name((audit_stage)s), pair_json(&f.by_stage[s]));
	for (size_t i = 0; i < f.rule_count; i++) {
		json_t *r = pair_json(&f.by_rule[i]);
		json_object_set_new(r, "rule", json_integer((json_int_t)i));
		json_array_append_new(rules, r);
	}
	json_object_set_new(o, "byLevel", levels);
	json_object_set_new(o, "byStage", stages);
	json_object_set_new(o, "byRule", rules);
	static const char *const keys[TOP_COUNT] = { "topUsers", "topResources", "topVerbs",
		                                     "topNamespaces" };
	for (int t = 0; t < TOP_COUNT; t++)
		json_object_set_new(o, keys[t], top_json(&f.top[t]));
	rate_json(&f, o);
	json_object_set_new(doc, "volume", o);
}
