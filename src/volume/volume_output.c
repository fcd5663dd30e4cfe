/* volume_output: see volume_output.h. */
#include "volume_output.h"

#include "retention.h"
#include "sink_output.h"

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* ---- text ---- */

static void print_rotation(const volume_figures *f, FILE *out);

static void print_time_span(const volume_figures *f, FILE *out)
{
	if (f->scenarios_only) {
		fprintf(out, "time span: none (scenario requests are not recorded at a time)\n");
		return;
	}
	if (!f->time_span_known) {
		fprintf(out, "time span: unknown (no event carries a timestamp)\n");
		return;
	}
	char seconds[32];
	fprintf(out, "time span: %s to %s (%s s first to last)\n", f->first_time, f->last_time,
	        projection_number(f->time_span_seconds, seconds, sizeof seconds));
}

static void print_projection(const volume_figures *f, FILE *out)
{
	const projection *p = &f->rate;
	if (!p->known) {
		fprintf(out, "projection: withheld \u2014 %s\n", f->projection_withheld);
		return;
	}
	char basis[256], events[32];
	fprintf(out, "projection: %s: %s events/day, %.3f GB/day, %.3f GB/day gzip\n",
	        projection_basis_text(p, basis, sizeof basis),
	        projection_number(p->events_per_day, events, sizeof events), p->gb_per_day,
	        p->gzip_bytes_per_day / RETENTION_GB);
}

/* Retention (of kube-apiserver's own files, when they are a destination) and cost: only
 * with a projection. */
static void print_retention_cost(const volume_figures *f, FILE *out)
{
	const projection *p = &f->rate;
	if (!p->known)
		return;
	if (f->rotation_applies)
		print_rotation(f, out);
	if (f->price_per_gb >= 0 && f->sink_count == 0)
		fprintf(out, "cost at %.4g per GB ingested: %.2f per 30 days (%.6f GB/30 days)\n",
		        f->price_per_gb, f->cost_per_30_days, p->gb_per_30_days);
	for (size_t i = 0; i < f->sink_count; i++)
		sink_print_text(f->sinks[i], &f->sink_costs[i], f->price_per_gb, out);
}

/* What kube-apiserver's rotation flags keep of its own files. */
static void print_rotation(const volume_figures *f, FILE *out)
{
	const rotation_flags *rf = &f->rotation;
	const retention *r = &f->retention;
	fprintf(out, "retention (--audit-log-maxsize=%llu --audit-log-maxbackup=%llu "
	             "--audit-log-maxage=%llu%s): ",
	        (unsigned long long)rf->maxsize_mb, (unsigned long long)rf->maxbackup,
	        (unsigned long long)rf->maxage_days, rf->compress ? " --audit-log-compress" : "");
	if (r->unlimited)
		fprintf(out, "unlimited (nothing removes old events)\n");
	else
		fprintf(out, "%.1f to %.1f days of history%s, at most %.3f GB on disk\n", r->days_min,
		        r->days_max, r->limited_by_age ? " (limited by maxage)" : "",
		        r->disk_bytes / RETENTION_GB);
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

static void print_top(const volume_top *t, const volume_pair *other, const char *title,
                      uint64_t total, FILE *out)
{
	fprintf(out, "\n%-40s %10s %14s %7s\n", title, "EVENTS", "BYTES", "%");
	for (size_t i = 0; i < t->count; i++) {
		const volume_top_entry *e = &t->entries[i];
		fprintf(out, "%-40.40s %10llu %14llu %6.1f%%\n", e->name,
		        (unsigned long long)e->total.events, (unsigned long long)e->total.bytes,
		        share(e->total.bytes, total));
	}
	if (other->events)
		fprintf(out, "%-40s %10llu %14llu %6.1f%%\n", "(other)",
		        (unsigned long long)other->events, (unsigned long long)other->bytes,
		        share(other->bytes, total));
}

void volume_print_text(const volume *v, FILE *out)
{
	volume_figures f;
	volume_figures_of(v, &f);
	uint64_t total = f.total.bytes;
	fprintf(out, "\nvolume: %llu events, %llu bytes (%.3f MB)", (unsigned long long)f.total.events,
	        (unsigned long long)total, (double)total / 1e6);
	if (f.modelled_bytes)
		fprintf(out, ", of which %llu bytes (%.1f%%) modelled, not exact",
		        (unsigned long long)f.modelled_bytes, share(f.modelled_bytes, total));
	fprintf(out, "\ngzip (zlib level 6): %llu bytes", (unsigned long long)f.gzip_bytes);
	if (f.gzip_modelled_bytes)
		fprintf(out, ", of which %llu modelled (at the written bytes' ratio)",
		        (unsigned long long)f.gzip_modelled_bytes);
	fprintf(out, "; the %llu bytes written compress to %.1f%%", (unsigned long long)f.written_bytes,
	        100.0 * f.gzip_ratio);
	if (f.gzip_sampled)
		fprintf(out, ", estimated from a sample of %.1f%%", 100.0 * f.gzip_sampled_fraction);
	fputc('\n', out);
	print_time_span(&f, out);
	print_projection(&f, out);
	print_retention_cost(&f, out);
	const char *levels[LEVEL_COUNT], *stages[STAGE_COUNT];
	for (int l = 0; l < LEVEL_COUNT; l++)
		levels[l] = level_name((audit_level)l);
	for (int s = 0; s < STAGE_COUNT; s++)
		stages[s] = stage_name((audit_stage)s);
	print_pairs(out, "LEVEL", levels, f.by_level, LEVEL_COUNT, total);
	print_pairs(out, "STAGE", stages, f.by_stage, STAGE_COUNT, total);
	fprintf(out, "\n%-6s %-6s %10s %14s %7s\n", "RULE", "LINE", "EVENTS", "BYTES", "%");
	for (size_t i = 0; i < f.rule_count; i++)
		fprintf(out, "%-6zu %-6d %10llu %14llu %6.1f%%\n", i, f.policy->rules[i].pos.line,
		        (unsigned long long)f.by_rule[i].events, (unsigned long long)f.by_rule[i].bytes,
		        share(f.by_rule[i].bytes, total));
	static const char *const titles[VOLUME_TOP_TABLES] = { "USER", "RESOURCE", "VERB",
		                                               "NAMESPACE" };
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		print_top(&f.top[t], &f.top_other[t], titles[t], total, out);
}

void volume_print_projection(const volume *v, FILE *out)
{
	volume_figures f;
	volume_figures_of(v, &f);
	print_projection(&f, out);
	print_retention_cost(&f, out);
}

/* ---- JSON ---- */

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

/* One object per sink; null when sinks were chosen but the rate is not known. */
static json_t *sinks_json(const volume_figures *f)
{
	if (f->sink_count && !f->rate.known)
		return json_null();
	json_t *a = json_array();
	for (size_t i = 0; i < f->sink_count; i++)
		json_array_append_new(a, sink_cost_json(&f->sink_costs[i]));
	return a;
}

static json_t *projection_json(const projection *p)
{
	if (!p->known)
		return json_null();
	json_t *o = json_pack("{s:s,s:f,s:I,s:f,s:f,s:f,s:f}", "basis",
	                      projection_basis_name(p->basis), "basisSeconds", p->basis_seconds,
	                      "requests", (json_int_t)p->requests, "scale", p->scale, "eventsPerDay",
	                      p->events_per_day, "bytesPerDay", p->bytes_per_day, "gzipBytesPerDay",
	                      p->gzip_bytes_per_day);
	if (p->basis == PROJECTION_TIMESTAMPS) {
		json_object_set_new(o, "maxGapSeconds", json_real(p->max_gap_seconds));
		json_object_set_new(o, "approximate", json_boolean(p->approximate));
	}
	return o;
}

static void rate_json(const volume_figures *f, json_t *o)
{
	const projection *p = &f->rate;
	json_t *span_o = json_null();
	if (f->time_span_known)
		span_o = json_pack("{s:s,s:s,s:f}", "first", f->first_time, "last", f->last_time,
		                   "seconds", f->time_span_seconds);
	json_object_set_new(o, "timeSpan", span_o);
	json_object_set_new(o, "projection", projection_json(p));
	json_object_set_new(o, "projectionWithheld",
	                    p->known ? json_null() : json_string(f->projection_withheld));
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
	json_object_set_new(o, "sinks", sinks_json(f));
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
	json_object_set_new(o, "gzipModelledBytes", json_integer((json_int_t)f.gzip_modelled_bytes));
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
	static const char *const keys[VOLUME_TOP_TABLES] = { "topUsers", "topResources", "topVerbs",
		                                     "topNamespaces" };
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		json_object_set_new(o, keys[t], top_json(&f.top[t]));
	rate_json(&f, o);
	json_object_set_new(doc, "volume", o);
}
