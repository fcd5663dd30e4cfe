/* The volume layer's units: timestamp parsing (timestamp.h), projections and retention
 * with numbers checked by hand (retention.h), and compression and the figures a finished
 * volume gives (volume.h, volume_figures_of) against its JSON members (volume_output.h). */
#include <CUnit/CUnit.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "policy.h"
#include "retention.h"
#include "test_util.h"
#include "timestamp.h"
#include "volume.h"
#include "volume_output.h"

#define NEAR(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9 * (fabs(b) + 1))

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

static void test_projection(void)
{
	/* one day of 86400 events and 10^9 bytes: 1 event/s, 1 GB/day, 30 GB/30 days */
	projection p = projection_of(86400, 1000000000ull, 86400.0);
	CU_ASSERT_TRUE(p.known);
	NEAR(p.events_per_second, 1.0);
	NEAR(p.gb_per_day, 1.0);
	NEAR(p.gb_per_30_days, 30.0);
	/* 600 events, 3 MB in 10 minutes: 1 ev/s, 0.432 GB/day */
	p = projection_of(600, 3000000, 600.0);
	NEAR(p.gb_per_day, 0.432);
	CU_ASSERT_FALSE(projection_of(1, 100, 0).known);
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
	volume_finish(v);

	volume_figures f;
	volume_figures_of(v, &f);
	CU_ASSERT_EQUAL(f.total.events, 3);
	CU_ASSERT_EQUAL(f.total.bytes, 570);
	CU_ASSERT_EQUAL(f.modelled_bytes, 50);
	CU_ASSERT_EQUAL(f.written_bytes, 520);
	CU_ASSERT_EQUAL(f.gzip_bytes, volume_gzip_bytes(v));
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
	NEAR(f.rate.gb_per_day, 570 * 1440 / 1e9);
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
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(member(vol, "retention", "daysMin")), f.retention.days_min, 0);
	CU_ASSERT_DOUBLE_EQUAL(json_real_value(member(vol, "costPer30Days", NULL)), f.cost_per_30_days, 0);
	json_decref(doc);
	volume_free(v);
}

void register_tests(void)
{
	static const test_case timestamp_tests[] = {
		{ "RFC 3339 UTC to seconds", test_timestamps },
		{ NULL, NULL },
	};
	static const test_case retention_tests[] = {
		{ "projection", test_projection },
		{ "retention with the 1.36 defaults", test_retention_defaults },
		{ "retention limited by age, count, compression", test_retention_limits },
		{ NULL, NULL },
	};
	static const test_case volume_tests[] = {
		{ "gzip size is measured", test_gzip_measured },
		{ "the figures, and the JSON document built from them", test_figures },
		{ NULL, NULL },
	};
	add_suite("timestamp", timestamp_tests);
	add_suite("retention", retention_tests);
	add_suite("volume", volume_tests);
}
