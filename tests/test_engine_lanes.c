/* run: many policies in one engine (compare's N lanes) add up to what each policy gives
 * alone, requests reach the callback policy by policy in order, and -j changes nothing. */
#include <CUnit/CUnit.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "emitter.h"
#include "event_reader.h"
#include "policy_test_util.h"
#include "run.h"
#include "test_util.h"

#define LOG_A SOURCE_ROOT "/fixtures/logs/falco-k8saudit-exec_pod.jsonl"
#define LOG_B SOURCE_ROOT "/fixtures/logs/falco-k8saudit-create_secret.jsonl"
#define LOG_C SOURCE_ROOT "/fixtures/logs/audit2rbac-demo.jsonl"

static const char *const RULES[] = {
	"rules:\n- level: Metadata\n",
	"rules:\n- level: None\n  resources: [{group: '', resources: [secrets]}]\n- level: RequestResponse\n",
	"omitStages: [RequestReceived]\nrules:\n- level: Request\n",
	"rules:\n- level: None\n",
	"rules:\n- level: Metadata\n  verbs: [get, list, watch]\n- level: RequestResponse\n",
};
enum { POLICIES = sizeof RULES / sizeof RULES[0] };

/* The RULES policies, loaded, and the array the engine takes. */
typedef struct {
	loaded loaded[POLICIES];
	const policy *policies[POLICIES];
} policy_set;

static void load_all(policy_set *set)
{
	for (size_t i = 0; i < POLICIES; i++) {
		char *yaml = xasprintf(HEAD "%s", RULES[i]);
		set->loaded[i] = open_ok(yaml);
		free(yaml);
		set->policies[i] = &set->loaded[i].p;
	}
}

static void free_all(policy_set *set)
{
	for (size_t i = 0; i < POLICIES; i++)
		done(&set->loaded[i]);
}

/* The `replay -o json` document of each policy, run over the three logs with jobs. */
static void run_json(const policy *const *policies, size_t count, long jobs, json_t **docs)
{
	char *logs[] = { LOG_A, LOG_B, LOG_C };
	engine_options o = engine_default_options();
	o.measure_volume = true;
	o.feed.jobs = jobs;
	engine *e = engine_new(policies, count, &o);
	CU_ASSERT_EQUAL(engine_run(e, logs, 3), 0);
	for (size_t i = 0; i < count; i++)
		docs[i] = engine_figures_json(engine_figures_of(e, i));
	engine_free(e);
}

static void test_n_policies_equal_each_alone(void)
{
	policy_set set;
	load_all(&set);
	const policy *const *policies = set.policies;
	json_t *together[POLICIES];
	run_json(policies, POLICIES, 1, together);
	for (size_t i = 0; i < POLICIES; i++) {
		json_t *alone;
		run_json(&policies[i], 1, 1, &alone);
		CU_ASSERT_TRUE(json_equal(together[i], alone));
		json_decref(alone);
	}
	/* the policies differ, so the lanes are not one lane five times */
	CU_ASSERT_FALSE(json_equal(together[0], together[1]));
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(together[3], "events")), 0);
	CU_ASSERT_TRUE(json_integer_value(json_object_get(together[0], "events")) > 0);
	for (size_t i = 0; i < POLICIES; i++) {
		json_decref(together[i]);
	}
	free_all(&set);
}

static void test_jobs_change_nothing(void)
{
	policy_set set;
	load_all(&set);
	const policy *const *policies = set.policies;
	json_t *one[POLICIES], *many[POLICIES];
	run_json(policies, POLICIES, 1, one);
	run_json(policies, POLICIES, 3, many);
	for (size_t i = 0; i < POLICIES; i++) {
		CU_ASSERT_TRUE(json_equal(one[i], many[i]));
		json_decref(one[i]);
		json_decref(many[i]);
	}
	free_all(&set);
}

/* Which policy each callback came from, in order. */
typedef struct {
	size_t calls;
	size_t order[256];
	uint64_t seq[256];
} callback_log;

static void note_request(size_t policy_index, const replay_request *req, void *ctx)
{
	callback_log *log = ctx;
	if (log->calls < 256) {
		log->order[log->calls] = policy_index;
		log->seq[log->calls] = req->seq;
	}
	log->calls++;
}

static void test_requests_reach_callback_policy_by_policy(void)
{
	policy_set set;
	load_all(&set);
	const policy *const *policies = set.policies;
	callback_log log = { 0 };
	engine_options o = engine_default_options();
	o.on_request = note_request;
	o.ctx = &log;
	char *logs[] = { LOG_C };
	engine *e = engine_new(policies, POLICIES, &o);
	CU_ASSERT_EQUAL(engine_run(e, logs, 1), 0);
	uint64_t requests = engine_figures_of(e, 0)->summary.total.requests;
	CU_ASSERT_TRUE(requests > 1);
	CU_ASSERT_EQUAL_FATAL(log.calls, requests * POLICIES);
	/* request r's calls are 0, 1, ..., POLICIES-1, all with r's seq */
	for (size_t i = 0; i < log.calls && i < 256; i++) {
		CU_ASSERT_EQUAL(log.order[i], i % POLICIES);
		CU_ASSERT_EQUAL(log.seq[i], i / POLICIES);
	}
	engine_free(e);
	free_all(&set);
}

static void test_engine_takes_up_to_the_limit(void)
{
	loaded l = open_text(HEAD "rules:\n- level: Metadata\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	const policy *policies[ENGINE_POLICY_LIMIT];
	for (size_t i = 0; i < ENGINE_POLICY_LIMIT; i++)
		policies[i] = &l.p;
	engine_options o = engine_default_options();
	char *logs[] = { LOG_B };
	engine *e = engine_new(policies, ENGINE_POLICY_LIMIT, &o);
	CU_ASSERT_EQUAL(engine_run(e, logs, 1), 0);
	const engine_figures *first = engine_figures_of(e, 0);
	const engine_figures *last = engine_figures_of(e, ENGINE_POLICY_LIMIT - 1);
	CU_ASSERT_TRUE(first->bytes > 0);
	CU_ASSERT_EQUAL(last->bytes, first->bytes);
	CU_ASSERT_EQUAL(last->summary.total.events, first->summary.total.events);
	engine_free(e);
	done(&l);
}

/* Policies that write the same stage of a request at other levels and with and without
 * omitManagedFields: the engine measures one shape of line per event and stage and works
 * the others out (emitter.c, emit_share), so every line's length must still be the one
 * the policy alone writes. Metadata comes first, so RequestResponse cannot borrow its
 * bodies; Request with managedFields cut comes after RequestResponse with them cut, so
 * it can. */
static const char *const SHAPES[] = {
	"rules:\n- level: Metadata\n",
	"omitManagedFields: true\nrules:\n- level: RequestResponse\n",
	"omitManagedFields: true\nrules:\n- level: Request\n",
	"rules:\n- level: Request\n",
	"rules:\n- level: RequestResponse\n",
	"omitStages: [RequestReceived]\nrules:\n- level: Metadata\n  verbs: [get, list, watch]\n"
	"- level: RequestResponse\n  omitManagedFields: true\n",
};
enum { SHAPE_POLICIES = sizeof SHAPES / sizeof SHAPES[0], SHAPE_LINES = 512 };

#define EMIT_FLOWS SOURCE_ROOT "/fixtures/emit/flows.jsonl"
#define EMIT_INPUT SOURCE_ROOT "/fixtures/emit/input.jsonl"

/* Every line each policy wrote: stage, bytes and modelled bytes, in order. */
typedef struct {
	size_t count[SHAPE_POLICIES];
	uint64_t line[SHAPE_POLICIES][SHAPE_LINES][3];
} line_log;

static void note_line(size_t policy_index, const emitted_line *line, void *ctx)
{
	line_log *log = ctx;
	size_t *n = &log->count[policy_index];
	if (*n < SHAPE_LINES) {
		log->line[policy_index][*n][0] = line->stage;
		log->line[policy_index][*n][1] = line->bytes;
		log->line[policy_index][*n][2] = line->modelled_bytes;
	}
	(*n)++;
}

/* The lines of `count` policies run together into log (from index `first` on). */
static void run_lines(const policy *const *policies, size_t count, bool volume, line_log *log,
                      size_t first)
{
	line_log one = { 0 };
	char *logs[] = { EMIT_FLOWS, EMIT_INPUT, LOG_A };
	engine_options o = engine_default_options();
	o.measure_volume = volume;
	o.on_line = note_line;
	o.ctx = &one;
	engine *e = engine_new(policies, count, &o);
	CU_ASSERT_EQUAL(engine_run(e, logs, 3), 0);
	engine_free(e);
	for (size_t i = 0; i < count; i++) {
		log->count[first + i] = one.count[i];
		memcpy(log->line[first + i], one.line[i], sizeof one.line[i]);
	}
}

static void check_shared_lines(bool volume)
{
	loaded l[SHAPE_POLICIES];
	const policy *policies[SHAPE_POLICIES];
	for (size_t i = 0; i < SHAPE_POLICIES; i++) {
		char *yaml = xasprintf(HEAD "%s", SHAPES[i]);
		l[i] = open_ok(yaml);
		free(yaml);
		policies[i] = &l[i].p;
	}
	static line_log together, alone;
	memset(&together, 0, sizeof together);
	memset(&alone, 0, sizeof alone);
	run_lines(policies, SHAPE_POLICIES, volume, &together, 0);
	for (size_t i = 0; i < SHAPE_POLICIES; i++)
		run_lines(&policies[i], 1, volume, &alone, i);
	for (size_t i = 0; i < SHAPE_POLICIES; i++) {
		CU_ASSERT_TRUE(alone.count[i] > 20);
		CU_ASSERT_TRUE(alone.count[i] <= SHAPE_LINES);
		CU_ASSERT_EQUAL_FATAL(together.count[i], alone.count[i]);
		CU_ASSERT_EQUAL(memcmp(together.line[i], alone.line[i],
		                       alone.count[i] * sizeof alone.line[i][0]),
		                0);
	}
	/* the shapes differ: the fourth line is c1's ResponseComplete, 1332 bytes at
	 * RequestResponse and 1212 with managedFields cut (fixtures/emit's
	 * expected-flows-RequestResponse-omf-*.jsonl), no bodies at Metadata */
	CU_ASSERT_EQUAL(alone.line[4][3][0], STAGE_RESPONSE_COMPLETE);
	CU_ASSERT_EQUAL(alone.line[4][3][1], 1332);
	CU_ASSERT_EQUAL(alone.line[1][3][1], 1212);
	CU_ASSERT_TRUE(alone.line[0][3][1] < 1212);
	for (size_t i = 0; i < SHAPE_POLICIES; i++)
		done(&l[i]);
}

/* without the volume no gzip sample wants a line's bytes: lengths are worked out */
static void test_shared_line_lengths(void) { check_shared_lines(false); }
/* with it, each line of these small logs is built for the gzip size */
static void test_shared_line_lengths_volume(void) { check_shared_lines(true); }

void register_tests(void)
{
	static const test_case tests[] = {
		{ "N policies equal each alone", test_n_policies_equal_each_alone },
		{ "-j changes nothing", test_jobs_change_nothing },
		{ "requests reach the callback policy by policy", test_requests_reach_callback_policy_by_policy },
		{ "up to ENGINE_POLICY_LIMIT policies", test_engine_takes_up_to_the_limit },
		{ "lines shared between policies keep their length", test_shared_line_lengths },
		{ "... and with the volume", test_shared_line_lengths_volume },
		{ NULL, NULL },
	};
	add_suite("engine lanes", tests);
}
