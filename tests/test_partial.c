/* What a merge of partial summaries rests on (engine/partial.h): covered time joined as
 * stretches equals the covered time of all the events in one; a volume's state added
 * into a fresh volume gives the same figures as the lines counted there; a retracted
 * line leaves no trace in the top tables; the top tables say when they stop being exact;
 * marks (compare's security categories) count a request cut by a shard once.
 * The whole merge, shard by shard, is tests/fleet/shards.sh. */
#include <CUnit/CUnit.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "covered_time.h"
#include "partial.h"
#include "policy.h"
#include "test_util.h"
#include "volume.h"
#include "volume_state.h"

#define NEAR(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9 * (fabs((double)(b)) + 1))

static void fill(covered_time *c, const double *t, size_t n)
{
	covered_time_init(c, 600, 64);
	for (size_t i = 0; i < n; i++)
		covered_time_add(c, t[i]);
}

/* A: 0 100 200 | 2000 2100; B: 150 700 | 5000. All in one: [0,700] [2000,2100] [5000]:
 * 800 s. B's [150,700] overlaps A's [0,200]: joined, [0,700]. */
static void test_covered_stretches_join(void)
{
	static const double a[] = { 0, 100, 200, 2000, 2100 }, b[] = { 150, 700, 5000 };
	covered_time ca, cb;
	fill(&ca, a, 5);
	fill(&cb, b, 3);
	for (size_t i = 0; i < cb.count; i++)
		covered_time_add_stretch(&ca, cb.stretches[i]);
	NEAR(covered_time_seconds(&ca), 800);
	CU_ASSERT_EQUAL(ca.count, 3);
	covered_time_free(&ca);
	covered_time_free(&cb);

	/* [0,100] and [500,600]: 400 s apart, within max_gap: one stretch of 600 s */
	static const double c[] = { 0, 100 }, d[] = { 500, 600 };
	fill(&ca, c, 2);
	fill(&cb, d, 2);
	covered_time_add_stretch(&ca, cb.stretches[0]);
	NEAR(covered_time_seconds(&ca), 600);
	/* and 700 s apart they stay two: 100 + 100 */
	covered_time_free(&ca);
	static const double e[] = { 1300, 1400 };
	fill(&ca, c, 2);
	covered_time_free(&cb);
	fill(&cb, e, 2);
	covered_time_add_stretch(&ca, cb.stretches[0]);
	NEAR(covered_time_seconds(&ca), 200);
	CU_ASSERT_EQUAL(ca.count, 2);
	covered_time_free(&ca);
	covered_time_free(&cb);
}

static void add_line(volume *v, const char *user, const char *ts, audit_level level, int rule,
                     audit_stage stage, uint64_t bytes)
{
	audit_event ev = { 0 };
	ev.user_name = span_of(user);
	ev.verb = span_of("get");
	ev.has_object_ref = true;
	ev.object_resource = span_of("pods");
	ev.object_namespace = span_of("default");
	ev.stage_timestamp = span_of(ts);
	volume_note_event(v, &ev);
	volume_add_line(v, &(volume_line){ &ev, level, rule, stage, bytes, 0 });
}

/* Fills a volume with lines i in [from, to) of a fixed sequence. */
static void lines(volume *v, int from, int to)
{
	static const char *const users[] = { "alice", "bob", "carol" };
	char ts[32];
	for (int i = from; i < to; i++) {
		snprintf(ts, sizeof ts, "2026-01-01T00:%02d:%02dZ", i / 60, i % 60);
		add_line(v, users[i % 3], ts, i % 2 ? LEVEL_METADATA : LEVEL_REQUEST, i % 2,
		         i % 3 ? STAGE_RESPONSE_COMPLETE : STAGE_REQUEST_RECEIVED, 100 + (uint64_t)i);
	}
}

static void merge_into(volume *into, volume *shard)
{
	volume_finish(shard);
	json_t *state = volume_state_json(shard);
	const char *why = NULL;
	CU_ASSERT_TRUE(volume_state_add(into, state, &why));
	json_decref(state);
}

/* Lines 0-99 in one volume, or 0-39 and 40-99 in two merged: the same figures. */
static void test_state_merges_exactly(void)
{
	policy_rule rules[2] = { { .level = LEVEL_REQUEST }, { .level = LEVEL_METADATA } };
	policy p;
	policy_init(&p);
	p.rules = rules;
	p.rule_count = 2;
	volume *one = volume_new(&p), *a = volume_new(&p), *b = volume_new(&p), *merged = volume_new(&p);
	lines(one, 0, 100);
	volume_finish(one);
	lines(a, 0, 40);
	lines(b, 40, 100);
	merge_into(merged, a);
	merge_into(merged, b);
	volume_figures f1, f2;
	volume_figures_of(one, &f1);
	volume_figures_of(merged, &f2);
	/* 100 lines of 100 + i bytes: 10000 + 4950 */
	CU_ASSERT_EQUAL(f2.total.events, 100);
	CU_ASSERT_EQUAL(f2.total.bytes, 14950);
	CU_ASSERT_EQUAL(f2.by_level[LEVEL_REQUEST].bytes, f1.by_level[LEVEL_REQUEST].bytes);
	CU_ASSERT_EQUAL(f2.by_rule[1].events, 50);
	CU_ASSERT_EQUAL(f2.by_stage[STAGE_REQUEST_RECEIVED].events, 34);
	CU_ASSERT_EQUAL(f2.top[VOLUME_TOP_USERS].count, 3);
	for (size_t i = 0; i < 3; i++) {
		CU_ASSERT_STRING_EQUAL(f2.top[VOLUME_TOP_USERS].entries[i].name,
		                       f1.top[VOLUME_TOP_USERS].entries[i].name);
		CU_ASSERT_EQUAL(f2.top[VOLUME_TOP_USERS].entries[i].total.bytes,
		                f1.top[VOLUME_TOP_USERS].entries[i].total.bytes);
	}
	/* one event a second from 00:00:00 to 00:01:39: 99 s, in one volume as merged */
	NEAR(f2.time_span_seconds, 99);
	NEAR(f1.time_span_seconds, 99);
	CU_ASSERT_EQUAL(volume_top_error(merged, VOLUME_TOP_USERS), 0);
	volume_free(one);
	volume_free(a);
	volume_free(b);
	volume_free(merged);
	p.rules = NULL; /* the stack's */
	p.rule_count = 0;
	policy_free(&p);
}

/* A retracted line: its bytes leave the totals, and a name with no line left is not a row. */
static void test_retract_line(void)
{
	policy p;
	policy_init(&p);
	volume *v = volume_new(&p);
	add_line(v, "alice", "2026-01-01T00:00:00Z", LEVEL_METADATA, -1, STAGE_RESPONSE_COMPLETE, 300);
	add_line(v, "derived", "2026-01-01T00:00:01Z", LEVEL_METADATA, -1, STAGE_REQUEST_RECEIVED, 200);
	static const char *const names[VOLUME_TOP_TABLES] = { "derived", "pods", "get", "default" };
	volume_retract_line(v, &(volume_line){ .level = LEVEL_METADATA, .rule = -1,
	                                       .stage = STAGE_REQUEST_RECEIVED, .bytes = 200 },
	                    names);
	volume_finish(v);
	volume_figures f;
	volume_figures_of(v, &f);
	CU_ASSERT_EQUAL(f.total.events, 1);
	CU_ASSERT_EQUAL(f.total.bytes, 300);
	CU_ASSERT_EQUAL(f.by_stage[STAGE_REQUEST_RECEIVED].events, 0);
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_USERS].count, 1);
	CU_ASSERT_STRING_EQUAL(f.top[VOLUME_TOP_USERS].entries[0].name, "alice");
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_RESOURCES].entries[0].total.bytes, 300);
	volume_free(v);
	policy_free(&p);
}

/* Two shards of 1000 distinct users each, the last of the second one heavy: 2000 names
 * do not fit the 1536 a table holds. The heavy one is kept (rows go in heaviest first),
 * and the 464 light ones set apart (10 bytes each) are the error bound. */
static void test_top_error_past_the_bound(void)
{
	policy p;
	policy_init(&p);
	volume *a = volume_new(&p), *b = volume_new(&p), *merged = volume_new(&p);
	char user[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(user, sizeof user, i == 1999 ? "heavy" : "user-%d", i);
		add_line(i < 1000 ? a : b, user, "2026-01-01T00:00:00Z", LEVEL_METADATA, -1,
		         STAGE_RESPONSE_COMPLETE, i == 1999 ? 5000 : 10);
	}
	merge_into(merged, a);
	CU_ASSERT_EQUAL(volume_top_error(merged, VOLUME_TOP_USERS), 0);
	merge_into(merged, b);
	CU_ASSERT_EQUAL(volume_top_error(merged, VOLUME_TOP_USERS), (2000 - VOLUME_TOP_KEY_BOUND) * 10);
	CU_ASSERT_EQUAL(volume_top_error(merged, VOLUME_TOP_VERBS), 0);
	volume_figures f;
	volume_figures_of(merged, &f);
	CU_ASSERT_STRING_EQUAL(f.top[VOLUME_TOP_USERS].entries[0].name, "heavy");
	CU_ASSERT_EQUAL(f.top[VOLUME_TOP_USERS].entries[0].total.bytes, 5000);
	volume_free(a);
	volume_free(b);
	volume_free(merged);
	policy_free(&p);
}

/* The test's requests carry their marks in seq (partial_mark_fn). */
static unsigned marks_in_seq(const replay_request *req) { return (unsigned)req->seq; }

static replay_request request(const char *id, audit_level level, stage_set recorded,
                              unsigned marks)
{
	return (replay_request){ .audit_id = span_of(id), .seq = marks,
		                 .decision = { .level = level, .rule = -1 },
		                 .recorded = recorded, .recorded_events = 1 };
}

#define RR STAGE_BIT(STAGE_REQUEST_RECEIVED)
#define RC STAGE_BIT(STAGE_RESPONSE_COMPLETE)

/* Shard A: r counted (mark 0, Metadata); watch w open (mark 1, Request); x open (mark 2,
 * Metadata) to the end. Shard B: w's ResponseComplete, which B sees as of mark 3 only; y
 * counted without a RequestReceived (mark 0, Metadata). One replay: mark 0 twice at
 * Metadata (r, y), mark 1 once at Request (w, as its first shard saw it), mark 2 once at
 * Metadata (x, counted at the end), mark 3 never. */
static void test_marks_counted_once(void)
{
	policy p;
	policy_init(&p);
	engine_options o = engine_default_options();
	partial_identity id;
	partial_identity_init(&id, "p.yaml", "", 0, &o);
	partial *a = partial_new(&p, &o), *b = partial_new(&p, &o), *merged = partial_new(&p, &o);
	partial_mark(a, marks_in_seq);
	partial_mark(b, marks_in_seq);
	partial_mark(merged, NULL);
	replay_request r = request("r", LEVEL_METADATA, RR, 1), w = request("w", LEVEL_REQUEST, RR, 2),
	               x = request("x", LEVEL_METADATA, RR, 4), wb = request("w", LEVEL_REQUEST, RC, 8),
	               y = request("y", LEVEL_METADATA, RC, 1);
	partial_note_request(a, &r);
	partial_note_open(a, &w);
	partial_note_open(a, &x);
	partial_note_request(b, &wb);
	partial_note_request(b, &y);
	CU_ASSERT_EQUAL(partial_marked_requests(b, 3, LEVEL_REQUEST), 1);
	const char *why = NULL;
	json_t *da = partial_json(a, &id, partial_summary(a), NULL);
	json_t *db = partial_json(b, &id, partial_summary(b), NULL);
	CU_ASSERT_TRUE(partial_merge_json(merged, da, &why));
	CU_ASSERT_TRUE(partial_merge_json(merged, db, &why));
	partial_finish(merged);
	CU_ASSERT_EQUAL(partial_marked_requests(merged, 0, LEVEL_METADATA), 2);
	CU_ASSERT_EQUAL(partial_marked_requests(merged, 1, LEVEL_REQUEST), 1);
	CU_ASSERT_EQUAL(partial_marked_requests(merged, 2, LEVEL_METADATA), 1);
	CU_ASSERT_EQUAL(partial_marked_requests(merged, 3, LEVEL_REQUEST), 0);
	CU_ASSERT_EQUAL(partial_summary(merged)->never_completed, 1);

	/* a partial without marks does not merge into one that counts them */
	partial *plain = partial_new(&p, &o), *marked = partial_new(&p, &o);
	partial_mark(marked, NULL);
	json_t *dp = partial_json(plain, &id, partial_summary(plain), NULL);
	CU_ASSERT_FALSE(partial_merge_json(marked, dp, &why));
	CU_ASSERT_STRING_EQUAL(why, "marks: not the counts of marked requests by level");
	json_decref(dp);
	partial_free(plain);
	partial_free(marked);

	json_decref(da);
	json_decref(db);
	partial_free(a);
	partial_free(b);
	partial_free(merged);
	partial_identity_free(&id);
	policy_free(&p);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "covered time: stretches join as their events would", test_covered_stretches_join },
		{ "volume state: two shards merge to one's figures", test_state_merges_exactly },
		{ "a retracted line leaves no row", test_retract_line },
		{ "top tables: the error past the bound", test_top_error_past_the_bound },
		{ "marks: a request cut by a shard counted once, as its first shard saw it",
		  test_marks_counted_once },
		{ NULL, NULL },
	};
	add_suite("partial", tests);
}
