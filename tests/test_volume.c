/* The volume layer's units: timestamp parsing (timestamp.h), projections and retention
 * with numbers checked by hand (retention.h), and compression and the figures a finished
 * volume gives (volume.h, volume_figures_of) against its JSON members (volume_output.h). */
#include <CUnit/CUnit.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "covered_time.h"
#include "policy.h"
#include "retention.h"
#include "test_util.h"
#include "timestamp.h"
#include "volume.h"
#include "volume_output.h"

#define NEAR(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9 * (fabs((double)(b)) + 1))

static void test_timestamps(void)
{
	double t;
	CU_ASSERT_TRUE(timestamp_seconds(span_of("1970-01-02T00:00:01.5Z"), &t));
	NEAR(t, 86401.5);
	/* 2025-01-01 is day 20089 since 1970: 20089 * 86400 */
	CU_ASSERT_TRUE(timestamp_seconds(span_of("2025-01-01T00:00:00Z"), &t));
	NEAR(t, 1735689600.0);
	CU_ASSERT_FALSE(timestamp_seconds(span_of("2025-01-01 00:00:00Z"), &t));
	CU_ASSERT_FALSE(timestamp_seconds(span_of("2025-01-01T00:00:00+01:00"), &t));
}

/* --- covered_time: the gaps between time-consecutive events, long ones left out --- */

static double covered(const double *times, size_t n, double max_gap, size_t cap, bool *approx)
{
	covered_time c;
	covered_time_init(&c, max_gap, cap);
	for (size_t i = 0; i < n; i++)
		covered_time_add(&c, times[i]);
	double seconds = covered_time_seconds(&c);
	if (approx)
		*approx = covered_time_approximate(&c);
	covered_time_free(&c);
	return seconds;
}

#define COVERED(times, max_gap) covered(times, sizeof times / sizeof times[0], max_gap, 64, NULL)

static void test_covered_in_order(void)
{
	/* gaps 10, 20, 700 (left out), 5: 35 s */
	static const double t[] = { 0, 10, 30, 730, 735 };
	NEAR(COVERED(t, 600), 35);
	/* a gap of exactly max_gap counts; a hair over does not */
	static const double at_gap[] = { 0, 600, 1200.5 };
	NEAR(COVERED(at_gap, 600), 600);
	static const double one[] = { 1e9 };
	NEAR(COVERED(one, 600), 0); /* a single event covers no time */
	static const double same[] = { 5, 5, 5 };
	NEAR(COVERED(same, 600), 0);
}

static void test_covered_out_of_order(void)
{
	/* the same times as in order, shuffled: 35 s */
	static const double t[] = { 730, 0, 735, 30, 10 };
	NEAR(COVERED(t, 600), 35);
	/* 0 and 1000 are apart; 500 joins them into one stretch of 1000 s */
	static const double joined[] = { 0, 1000, 500 };
	NEAR(COVERED(joined, 600), 1000);
	/* an event before a stretch widens it backwards */
	static const double back[] = { 100, 110, 50, 700 };
	NEAR(COVERED(back, 600), 650);
}

static void test_covered_two_logs_interleaved(void)
{
	/* two apiservers' logs, one after the other: 09:00-09:10 each, events every 60 s on
	 * one and every 90 s on the other; then a second hour apart. Covered: 600 + 600 s. */
	double t[64];
	size_t n = 0;
	for (int k = 0; k <= 10; k++)
		t[n++] = 32400 + 60.0 * k;
	for (int k = 0; k <= 6; k++)
		t[n++] = 32400 + 90.0 * k + 45;
	for (int k = 0; k <= 10; k++)
		t[n++] = 36000 + 60.0 * k;
	NEAR(covered(t, n, 600, 64, NULL), 600 + 600);
}

static void test_covered_cap(void)
{
	/* 10 stretches 2000 s apart, each 10 s long, with room for 3: in time order the
	 * stretches joined for room keep their gaps out, so the sum stays exact: 100 s */
	double t[20];
	for (int k = 0; k < 10; k++) {
		t[2 * k] = 2000.0 * k;
		t[2 * k + 1] = 2000.0 * k + 10;
	}
	bool approx = true;
	NEAR(covered(t, 20, 600, 3, &approx), 100);
	CU_ASSERT_FALSE(approx);
	/* a late stretch, 9000-9010 s, more than max-gap from the others: exact is 110 s; once
	 * stretches were joined it may fall into a kept-out gap and add nothing, so the
	 * figure is flagged approximate */
	double late[22];
	memcpy(late, t, sizeof t);
	late[20] = 9000;
	late[21] = 9010;
	double got = covered(late, 22, 600, 3, &approx);
	CU_ASSERT_TRUE(approx);
	CU_ASSERT_TRUE(got >= 100 && got <= 110);
	/* without a join, out of order is exact */
	NEAR(covered(late, 22, 600, 64, &approx), 110);
	CU_ASSERT_FALSE(approx);
}

/* --- projection: its basis, or why it is withheld --- */

static projection_input recording(uint64_t requests, double covered_seconds)
{
	return (projection_input){ .events = 86400, .bytes = 1000000000ull, .gzip_bytes = 100000000ull,
		                   .requests = requests, .covered_seconds = covered_seconds,
		                   .recorded_events = 86400 };
}

static void test_projection(void)
{
	projection_options o = projection_default_options();
	NEAR(o.max_gap_seconds, 600);
	NEAR(o.scale, 1);
	/* one day of 86400 events and 10^9 bytes: 1 event/s, 1 GB/day, 30 GB/30 days */
	projection_input in = recording(86400, 86400.0);
	projection p = projection_of(&in, &o);
	CU_ASSERT_TRUE(p.known);
	CU_ASSERT_EQUAL(p.basis, PROJECTION_TIMESTAMPS);
	NEAR(p.events_per_day, 86400);
	NEAR(p.events_per_second, 1.0);
	NEAR(p.bytes_per_day, 1e9);
	NEAR(p.gzip_bytes_per_day, 1e8);
	NEAR(p.gb_per_day, 1.0);
	NEAR(p.gb_per_30_days, 30.0);
	/* 600 events, 3 MB in 10 minutes: 0.432 GB/day */
	in = (projection_input){ .events = 600, .bytes = 3000000, .requests = 600,
		                 .covered_seconds = 600, .recorded_events = 600 };
	NEAR(projection_of(&in, &o).gb_per_day, 0.432);
}

static void test_projection_thresholds(void)
{
	projection_options o = projection_default_options();
	projection_input in = recording(100, 60);
	CU_ASSERT_TRUE(projection_of(&in, &o).known); /* 60 s and 100 requests: enough */
	in = recording(100, 59.999);
	projection p = projection_of(&in, &o);
	CU_ASSERT_FALSE(p.known);
	CU_ASSERT_EQUAL(p.withheld, WITHHELD_THIN);
	NEAR(p.bytes_per_day, 0);
	in = recording(99, 60);
	CU_ASSERT_EQUAL(projection_of(&in, &o).withheld, WITHHELD_THIN);
	char why[320];
	in = recording(22, 12);
	p = projection_of(&in, &o);
	CU_ASSERT_STRING_EQUAL(projection_withheld_reason(&p, why, sizeof why),
	                       "only 12 s of traffic and 22 requests (need 60 s and 100 "
	                       "requests); pass --duration D if you know what the recording covers");
	/* --duration overrides a thin basis: 37 events in 30 minutes are 1776 a day */
	o.duration_seconds = 1800;
	in = recording(1, 0);
	in.events = 37;
	p = projection_of(&in, &o);
	CU_ASSERT_TRUE(p.known);
	CU_ASSERT_EQUAL(p.basis, PROJECTION_DURATION);
	NEAR(p.events_per_day, 1776);
	char text[256];
	CU_ASSERT_STRING_EQUAL(projection_basis_text(&p, text, sizeof text),
	                       "from 1,800 s of traffic (--duration 30m), 1 request, scale 1");
}

static void test_projection_scenarios(void)
{
	projection_options o = projection_default_options();
	/* a scenario with period 24h: its counts are the day's */
	projection_input in = { .events = 183880, .bytes = 112935736, .requests = 188446,
		                .scenario_events = 188446, .period_seconds = 86400 };
	projection p = projection_of(&in, &o);
	CU_ASSERT_TRUE(p.known);
	CU_ASSERT_EQUAL(p.basis, PROJECTION_PERIOD);
	CU_ASSERT_DOUBLE_EQUAL(p.events_per_day, 183880, 0);
	CU_ASSERT_DOUBLE_EQUAL(p.bytes_per_day, 112935736, 0);
	char text[256];
	CU_ASSERT_STRING_EQUAL(projection_basis_text(&p, text, sizeof text),
	                       "from 86,400 s of traffic (scenario period 24h), 188,446 requests, scale 1");
	in.scenario_without_period = true;
	CU_ASSERT_EQUAL(projection_of(&in, &o).withheld, WITHHELD_NO_PERIOD);
	in.scenario_without_period = false;
	in.periods_differ = true;
	CU_ASSERT_EQUAL(projection_of(&in, &o).withheld, WITHHELD_PERIODS_DIFFER);
	in.periods_differ = false;
	in.recorded_events = 1;
	CU_ASSERT_EQUAL(projection_of(&in, &o).withheld, WITHHELD_MIXED);
	o.duration_seconds = 43200; /* --duration settles a mixed input: 12 h */
	p = projection_of(&in, &o);
	CU_ASSERT_EQUAL(p.basis, PROJECTION_DURATION);
	CU_ASSERT_DOUBLE_EQUAL(p.events_per_day, 2 * 183880, 0);
}

/* --scale N is exactly N times scale 1, for every per-day figure */
static void test_projection_scale(void)
{
	projection_options one = projection_default_options(), hundred = one;
	hundred.scale = 100;
	projection_input in = recording(437, 2039);
	in.events = 1234;
	in.bytes = 987654;
	in.gzip_bytes = 12345;
	projection a = projection_of(&in, &one), b = projection_of(&in, &hundred);
	CU_ASSERT_DOUBLE_EQUAL(b.events_per_day, a.events_per_day * 100, 0);
	CU_ASSERT_DOUBLE_EQUAL(b.bytes_per_day, a.bytes_per_day * 100, 0);
	CU_ASSERT_DOUBLE_EQUAL(b.gzip_bytes_per_day, a.gzip_bytes_per_day * 100, 0);
	/* 1234 events in 2039 s: 52,289.55 a day */
	NEAR(a.events_per_day, 1234 * 86400.0 / 2039);
	CU_ASSERT_DOUBLE_EQUAL(b.scale, 100, 0);
	/* and the cost scales with it */
	NEAR(cost_per_30_days_of(&b, 0.5), 100 * cost_per_30_days_of(&a, 0.5));
}

static void test_retention_defaults(void)
{
	/* 100 backups of 100 MiB = 10 485 760 000 bytes: 10.48576 days at 1 GB/day, plus
	 * the current file (0.1048576 days) just before a rotation */
	rotation_flags f = rotation_defaults();
	CU_ASSERT_EQUAL(f.maxsize_mb, 100);
	CU_ASSERT_EQUAL(f.maxbackup, 100);
	CU_ASSERT_EQUAL(f.maxage_days, 366);
	CU_ASSERT_FALSE(f.compress);
	retention r = retention_of(&f, 1e9, 1.0);
	CU_ASSERT_FALSE(r.unlimited);
	CU_ASSERT_FALSE(r.limited_by_age);
	NEAR(r.days_min, 10.48576);
	NEAR(r.days_max, 10.5906176);
	NEAR(r.disk_bytes, 101 * 104857600.0);
}

static void test_retention_limits(void)
{
	rotation_flags f = rotation_defaults();
	f.maxage_days = 5; /* the age limit comes first at 1 GB/day */
	retention r = retention_of(&f, 1e9, 1.0);
	CU_ASSERT_TRUE(r.limited_by_age);
	NEAR(r.days_min, 5.0);
	/* 5 days = 5e9 bytes = 47.68 files: 48 backups kept, plus the current file */
	NEAR(r.disk_bytes, 49 * 104857600.0);

	f = (rotation_flags){ .maxsize_mb = 100, .maxbackup = 10, .compress = true };
	r = retention_of(&f, 1e9, 0.1);
	NEAR(r.days_min, 1.048576);
	/* current file plain, 10 backups at a tenth of their size */
	NEAR(r.disk_bytes, 104857600.0 + 10 * 104857600.0 * 0.1);

	f = (rotation_flags){ .maxsize_mb = 0, .maxbackup = 100, .maxage_days = 366 };
	CU_ASSERT_TRUE(retention_of(&f, 1e9, 1.0).unlimited);
	f = (rotation_flags){ .maxsize_mb = 100 };
	CU_ASSERT_TRUE(retention_of(&f, 1e9, 1.0).unlimited);
}

static void test_gzip_measured(void)
{
	policy p;
	policy_init(&p);
	volume *v = volume_new(&p);
	volume_finish(v);
	/* an empty gzip member: 10-byte header, an empty final block (2 bytes), CRC and size */
	CU_ASSERT_EQUAL(volume_gzip_bytes(v), 20);
	volume_free(v);

	v = volume_new(&p);
	static const char line[] = "{\"kind\":\"Event\",\"level\":\"Metadata\"}\n";
	for (int i = 0; i < 10000; i++)
		volume_tap(line, sizeof line - 1, v);
	volume_finish(v);
	/* 370 000 bytes of one repeated line deflate to well under 1% */
	CU_ASSERT_TRUE(volume_gzip_bytes(v) > 20);
	CU_ASSERT_TRUE(volume_gzip_bytes(v) < 3700);
	volume_free(v);
	policy_free(&p);
}

static void add_line(volume *v, const char *user, const char *verb, const char *resource,
                     const char *ns, audit_level level, int rule, audit_stage stage,
                     uint64_t bytes, uint64_t modelled)
{
	audit_event ev = { 0 };
	ev.user_name = span_of(user);
	ev.verb = span_of(verb);
	ev.has_object_ref = true;
	ev.object_resource = span_of(resource);
	ev.object_namespace = span_of(ns);
	volume_add_line(v, &(volume_line){ &ev, level, rule, stage, bytes, modelled });
}

/* Whether two finished volumes add up to the same figures, name by name. */
static void check_same_figures(const volume *a, const volume *b)
{
	volume_figures fa, fb;
	volume_figures_of(a, &fa);
	volume_figures_of(b, &fb);
	CU_ASSERT_EQUAL(fa.total.events, fb.total.events);
	CU_ASSERT_EQUAL(fa.total.bytes, fb.total.bytes);
	CU_ASSERT_EQUAL(fa.time_span_known, fb.time_span_known);
	CU_ASSERT_STRING_EQUAL(fa.first_time, fb.first_time);
	CU_ASSERT_STRING_EQUAL(fa.last_time, fb.last_time);
	CU_ASSERT_EQUAL(fa.rate.known, fb.rate.known);
	CU_ASSERT_DOUBLE_EQUAL(fa.rate.bytes_per_day, fb.rate.bytes_per_day, 0);
	for (int t = 0; t < VOLUME_TOP_TABLES; t++) {
		CU_ASSERT_EQUAL_FATAL(fa.top[t].count, fb.top[t].count);
		for (size_t i = 0; i < fa.top[t].count; i++) {
			CU_ASSERT_STRING_EQUAL(fa.top[t].entries[i].name, fb.top[t].entries[i].name);
			CU_ASSERT_EQUAL(fa.top[t].entries[i].total.bytes, fb.top[t].entries[i].total.bytes);
			CU_ASSERT_EQUAL(fa.top[t].entries[i].total.events, fb.top[t].entries[i].total.events);
		}
		CU_ASSERT_EQUAL(fa.top_other[t].events, fb.top_other[t].events);
		CU_ASSERT_EQUAL(fa.top_other[t].bytes, fb.top_other[t].bytes);
	}
}

/* Compare's lanes: volumes of several policies fed the same events work out names and
 * timestamps once per event (volume_shared). Each must add up to what it does alone:
 * 3500 users fill the users table ("(other)" from the 1537th) and the shared table of
 * ids (3072), the first users come back after that, resource names longer than a table
 * keeps are cut alike, and lines built from another event go the ordinary way. */
static void test_shared_names_and_times(void)
{
	policy p;
	policy_init(&p);
	volume_shared *s = volume_shared_new();
	volume *alone[2] = { volume_new(&p), volume_new(&p) };
	volume *lanes[2] = { volume_new(&p), volume_new(&p) };
	for (int l = 0; l < 2; l++)
		volume_use_shared(lanes[l], s);
	char user[32], resource[200], ns[16], when[32];
	memset(resource, 'r', 150);
	for (int i = 0; i < 5000; i++) {
		audit_event ev = { 0 }, elsewhere;
		snprintf(user, sizeof user, "user-%d", i % 3500);
		snprintf(resource + 150, 8, "%d", i % 3); /* cut to the same 127 bytes */
		snprintf(ns, sizeof ns, "ns-%d", i % 7);
		/* a minute of events written out of order, now and then */
		snprintf(when, sizeof when, "2020-05-05T15:%02d:%02dZ", (i / 60) % 60, (i * 7) % 60);
		ev.user_name = span_of(user);
		ev.verb = span_of(i % 2 ? "get" : "list");
		ev.has_object_ref = true;
		ev.object_resource = span_of(resource);
		ev.object_namespace = span_of(ns);
		ev.stage_timestamp = span_of(when);
		elsewhere = ev;
		volume_shared_begin_event(s, &ev);
		for (int l = 0; l < 2; l++) {
			volume_note_event(alone[l], &ev);
			volume_note_event(lanes[l], &ev);
			/* the second policy writes two lines of twice the bytes for two events of
			 * three; now and then a line comes from another event than the one at hand */
			int lines = l == 0 ? 1 : (i % 3 ? 2 : 0);
			for (int k = 0; k < lines; k++) {
				const audit_event *from = i % 10 == 9 && k == 1 ? &elsewhere : &ev;
				volume_line line = { from, LEVEL_METADATA, -1, STAGE_RESPONSE_COMPLETE,
					             (uint64_t)(100 + i % 17) * (l + 1), 0 };
				volume_add_line(alone[l], &line);
				volume_add_line(lanes[l], &line);
			}
		}
	}
	for (int l = 0; l < 2; l++) {
		volume_finish(alone[l]);
		volume_finish(lanes[l]);
		check_same_figures(alone[l], lanes[l]);
		volume_free(alone[l]);
	}
	/* the users table is full: the rest went to "(other)", in both */
	volume_figures f;
	volume_figures_of(lanes[0], &f);
	CU_ASSERT_EQUAL(f.total.events, 5000);
	CU_ASSERT_EQUAL(f.top_other[VOLUME_TOP_USERS].events, 3500 - VOLUME_TOP_KEY_BOUND);
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_RESOURCES].count, 1);
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_RESOURCES].entries[0].total.events, 5000);
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_NAMESPACES].count, 7);
	for (int l = 0; l < 2; l++)
		volume_free(lanes[l]);
	volume_shared_free(s);
}

static json_t *member(const json_t *o, const char *path_a, const char *path_b)
{
	json_t *m = json_object_get(o, path_a);
	return path_b ? json_object_get(m, path_b) : m;
}

/* volume_figures_of gives what was added up, and the JSON document says the same. */
static void test_figures(void)
{
	policy_rule rules[2] = { { .level = LEVEL_METADATA }, { .level = LEVEL_REQUEST_RESPONSE } };
	policy p;
	policy_init(&p);
	p.rules = rules;
	p.rule_count = 2;
	volume *v = volume_new(&p);
	volume_set_price(v, 0.5);
	audit_event ev = { 0 };
	ev.stage_timestamp = span_of("2020-05-05T15:45:00Z");
	volume_note_event(v, &ev);
	ev.stage_timestamp = span_of("2020-05-05T15:46:00Z");
	volume_note_event(v, &ev);
	add_line(v, "alice", "get", "pods", "default", LEVEL_METADATA, 0, STAGE_RESPONSE_COMPLETE, 100, 0);
	add_line(v, "bob", "list", "secrets", "kube-system", LEVEL_REQUEST_RESPONSE, 1,
	         STAGE_RESPONSE_COMPLETE, 300, 50);
	add_line(v, "alice", "get", "pods", "default", LEVEL_METADATA, 0, STAGE_REQUEST_RECEIVED, 120, 0);
	/* 60 s covered and 100 requests: just enough to project from */
	volume_set_input(v, &(log_feed_counts){ .records = 2 }, 100);
	volume_finish(v);

	volume_figures f;
	volume_figures_of(v, &f);
	CU_ASSERT_EQUAL(f.total.events, 3);
	CU_ASSERT_EQUAL(f.total.bytes, 570);
	CU_ASSERT_EQUAL(f.modelled_bytes, 50);
	CU_ASSERT_EQUAL(f.written_bytes, 520);
	/* the 50 modelled bytes at the written stream's ratio, added to what was measured */
	CU_ASSERT_EQUAL(f.gzip_modelled_bytes,
	                (uint64_t)(50.0 * (double)volume_gzip_bytes(v) / 520.0 + 0.5));
	CU_ASSERT_EQUAL(f.gzip_bytes, volume_gzip_bytes(v) + f.gzip_modelled_bytes);
	CU_ASSERT_EQUAL(f.by_level[LEVEL_METADATA].bytes, 220);
	CU_ASSERT_EQUAL(f.by_level[LEVEL_REQUEST_RESPONSE].events, 1);
	CU_ASSERT_EQUAL(f.by_stage[STAGE_RESPONSE_COMPLETE].bytes, 450);
	CU_ASSERT_EQUAL(f.by_stage[STAGE_REQUEST_RECEIVED].bytes, 120);
	CU_ASSERT_EQUAL_FATAL(f.rule_count, 2);
	CU_ASSERT_EQUAL(f.by_rule[0].bytes, 220);
	CU_ASSERT_EQUAL(f.by_rule[1].bytes, 350);
	/* top tables by bytes, largest first */
	CU_ASSERT_EQUAL_FATAL(f.top[VOLUME_TOP_USERS].count, 2);
	CU_ASSERT_STRING_EQUAL(f.top[VOLUME_TOP_USERS].entries[0].name, "bob");
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_USERS].entries[1].total.bytes, 220);
	CU_ASSERT_STRING_EQUAL(f.top[VOLUME_TOP_RESOURCES].entries[1].name, "pods");
	CU_ASSERT_STRING_EQUAL(f.top[VOLUME_TOP_VERBS].entries[0].name, "list");
	CU_ASSERT_STRING_EQUAL(f.top[VOLUME_TOP_NAMESPACES].entries[0].name, "kube-system");
	/* one minute: 570 bytes * 1440 a day */
	CU_ASSERT_TRUE(f.rate.known);
	CU_ASSERT_EQUAL(f.rate.basis, PROJECTION_TIMESTAMPS);
	NEAR(f.rate.basis_seconds, 60);
	NEAR(f.rate.gb_per_day, 570 * 1440 / 1e9);
	NEAR(f.rate.gzip_bytes_per_day, (double)f.gzip_bytes * 1440);
	CU_ASSERT_STRING_EQUAL(f.first_time, "2020-05-05T15:45:00Z");
	CU_ASSERT_STRING_EQUAL(f.last_time, "2020-05-05T15:46:00Z");
	CU_ASSERT_FALSE(f.retention.unlimited);
	CU_ASSERT_TRUE(f.retention.days_min > 0);
	NEAR(f.cost_per_30_days, f.rate.gb_per_30_days * 0.5);

	json_t *doc = json_object();
	volume_add_json(v, doc);
	const json_t *vol = json_object_get(doc, "volume");
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "events", NULL)), 3);
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "bytes", NULL)), 570);
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "writtenBytes", NULL)), 520);
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "modelledBytes", NULL)), 50);
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "gzipBytes", NULL)), (json_int_t)f.gzip_bytes);
	CU_ASSERT_EQUAL(json_integer_value(member(member(vol, "byLevel", "Metadata"), "bytes", NULL)), 220);
	CU_ASSERT_EQUAL(json_integer_value(member(member(vol, "byStage", "RequestReceived"), "bytes", NULL)), 120);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_array_get(member(vol, "byRule", NULL), 1), "bytes")), 350);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_array_get(member(vol, "topUsers", NULL), 0), "name")), "bob");
	CU_ASSERT_STRING_EQUAL(json_string_value(member(vol, "timeSpan", "first")), "2020-05-05T15:45:00Z");
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(member(vol, "gbPerDay", NULL)), f.rate.gb_per_day, 0);
	CU_ASSERT_STRING_EQUAL(json_string_value(member(vol, "projection", "basis")), "timestamps");
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(member(vol, "projection", "bytesPerDay")), 570.0 * 1440, 1e-6);
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "projection", "requests")), 100);
	CU_ASSERT_TRUE(json_is_null(member(vol, "projectionWithheld", NULL)));
	CU_ASSERT_EQUAL(json_integer_value(member(vol, "gzipModelledBytes", NULL)), (json_int_t)f.gzip_modelled_bytes);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(member(vol, "retention", "daysMin")), f.retention.days_min, 0);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(member(vol, "costPer30Days", NULL)), f.cost_per_30_days, 0);
	json_decref(doc);
	volume_free(v);
}

/* One request short of the threshold: no per-day, retention or cost figure anywhere. */
static void test_figures_withheld(void)
{
	policy p;
	policy_init(&p);
	volume *v = volume_new(&p);
	volume_set_price(v, 0.5);
	audit_event ev = { 0 };
	ev.stage_timestamp = span_of("2020-05-05T15:45:00Z");
	volume_note_event(v, &ev);
	ev.stage_timestamp = span_of("2020-05-05T15:46:00Z");
	volume_note_event(v, &ev);
	add_line(v, "alice", "get", "pods", "default", LEVEL_METADATA, -1, STAGE_RESPONSE_COMPLETE, 100, 0);
	volume_set_input(v, &(log_feed_counts){ .records = 2 }, 99);
	volume_finish(v);
	volume_figures f;
	volume_figures_of(v, &f);
	CU_ASSERT_FALSE(f.rate.known);
	CU_ASSERT_TRUE(f.time_span_known); /* the span is still information */
	NEAR(f.time_span_seconds, 60);
	CU_ASSERT_PTR_NOT_NULL(strstr(f.projection_withheld, "60 s of traffic and 99 requests"));
	NEAR(f.cost_per_30_days, 0);
	NEAR(f.retention.days_min, 0);
	json_t *doc = json_object();
	volume_add_json(v, doc);
	const json_t *vol = json_object_get(doc, "volume");
	CU_ASSERT_TRUE(json_is_null(member(vol, "projection", NULL)));
	CU_ASSERT_STRING_EQUAL(json_string_value(member(vol, "projectionWithheld", NULL)), f.projection_withheld);
	CU_ASSERT_TRUE(json_is_null(member(vol, "gbPerDay", NULL)));
	CU_ASSERT_TRUE(json_is_null(member(vol, "costPer30Days", NULL)));
	CU_ASSERT_TRUE(json_is_null(member(vol, "retention", "daysMin")));
	json_decref(doc);
	volume_free(v);
	policy_free(&p);
}

void register_tests(void)
{
	static const test_case timestamp_tests[] = {
		{ "RFC 3339 UTC to seconds", test_timestamps },
		{ NULL, NULL },
	};
	static const test_case covered_tests[] = {
		{ "in order; a gap of exactly max-gap counts; one event", test_covered_in_order },
		{ "out of order", test_covered_out_of_order },
		{ "two logs interleaved", test_covered_two_logs_interleaved },
		{ "the stretch cap", test_covered_cap },
		{ NULL, NULL },
	};
	static const test_case retention_tests[] = {
		{ "projection", test_projection },
		{ "withheld under 60 s or 100 requests; --duration", test_projection_thresholds },
		{ "scenarios: period, none, different, mixed", test_projection_scenarios },
		{ "--scale is exact", test_projection_scale },
		{ "retention with the 1.36 defaults", test_retention_defaults },
		{ "retention limited by age, count, compression", test_retention_limits },
		{ NULL, NULL },
	};
	static const test_case volume_tests[] = {
		{ "gzip size is measured", test_gzip_measured },
		{ "the figures, and the JSON document built from them", test_figures },
		{ "a withheld projection, in the figures and the JSON", test_figures_withheld },
		{ "names and times shared between volumes", test_shared_names_and_times },
		{ NULL, NULL },
	};
	add_suite("timestamp", timestamp_tests);
	add_suite("covered_time", covered_tests);
	add_suite("retention", retention_tests);
	add_suite("volume", volume_tests);
}
