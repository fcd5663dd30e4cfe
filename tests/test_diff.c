/* diff: two policies over one in-memory recording; the pairing of requests, the level
 * matrix, events, rule pairs, resources and samples. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "emitter.h"
#include "event_reader.h"
#include "run.h"
#include "policy_test_util.h"

/* One ResponseComplete event (a complete request) for a user and a resource URL. */
#define EVENT(id, verb, uri, object_ref)                                                     \
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","        \
	"\"auditID\":\"" id "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"" uri "\","      \
	"\"verb\":\"" verb "\",\"user\":{\"username\":\"alice\",\"groups\":"                     \
	"[\"system:authenticated\"]}," object_ref "\"responseStatus\":{\"metadata\":{},"         \
	"\"code\":200},\"requestReceivedTimestamp\":\"2025-01-01T00:00:00.000000Z\","            \
	"\"stageTimestamp\":\"2025-01-01T00:00:00.001000Z\"}\n"

static const char RECORDING[] =
	EVENT("1", "get", "/api/v1/namespaces/default/secrets/s",
	      "\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"default\",\"name\":\"s\","
	      "\"apiVersion\":\"v1\"},")
	EVENT("2", "list", "/api/v1/namespaces/default/pods",
	      "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\",\"apiVersion\":\"v1\"},")
	EVENT("3", "get", "/healthz", "")
	EVENT("4", "get", "/api/v1/namespaces/default/pods/p",
	      "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\",\"name\":\"p\","
	      "\"apiVersion\":\"v1\"},");

typedef struct {
	loaded a, b;
	diff *d;
	const diff_report *report;
} diff_run;

static void pair_request(size_t side, const replay_request *req, void *ctx)
{
	diff_add_request(ctx, side, req);
}

static diff_run run(const char *rules_a, const char *rules_b, size_t samples)
{
	diff_run r;
	char *ya = xasprintf(HEAD "%s", rules_a), *yb = xasprintf(HEAD "%s", rules_b);
	r.a = open_text(ya);
	r.b = open_text(yb);
	free(ya);
	free(yb);
	CU_ASSERT_EQUAL_FATAL(r.a.result, LOAD_OK);
	CU_ASSERT_EQUAL_FATAL(r.b.result, LOAD_OK);
	r.d = diff_new(&r.a.p, &r.b.p, samples);
	engine_options opts = engine_default_options();
	opts.on_request = pair_request;
	opts.ctx = r.d;
	const policy *policies[] = { &r.a.p, &r.b.p };
	engine *e = engine_new(policies, 2, &opts);
	event_reader *reader = event_reader_open_memory("mem.jsonl", RECORDING, sizeof RECORDING - 1, NULL);
	audit_event ev;
	const char *message;
	event_read_status st;
	while ((st = event_reader_next(reader, &ev, &message)) != EVENT_READ_EOF) {
		CU_ASSERT_EQUAL_FATAL(st, EVENT_READ_EVENT);
		engine_add_event(e, &ev);
	}
	event_reader_close(reader);
	engine_finish(e, &(log_feed_counts){ 0 });
	engine_free(e);
	r.report = diff_finish(r.d);
	return r;
}

static void finish(diff_run *r)
{
	diff_free(r->d);
	done(&r->a);
	done(&r->b);
}

static void test_identical_policies(void)
{
	diff_run r = run("rules:\n- level: Metadata\n", "rules:\n- level: Metadata\n", 5);
	CU_ASSERT_EQUAL(r.report->requests, 4);
	CU_ASSERT_EQUAL(r.report->changed, 0);
	CU_ASSERT_EQUAL(r.report->matrix[LEVEL_METADATA][LEVEL_METADATA], 4);
	CU_ASSERT_EQUAL(r.report->a.events, r.report->b.events);
	CU_ASSERT_EQUAL(r.report->pair_count, 0);
	CU_ASSERT_EQUAL(r.report->sample_count, 0);
	CU_ASSERT_EQUAL(r.report->unpaired, 0);
	finish(&r);
}

static void test_level_matrix_and_events(void)
{
	/* B drops /healthz and logs secrets at RequestResponse */
	diff_run r = run("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n",
	                 "omitStages: [RequestReceived]\nrules:\n"
	                 "- level: None\n  nonResourceURLs: [/healthz]\n"
	                 "- level: RequestResponse\n  resources: [{group: '', resources: [secrets]}]\n"
	                 "- level: Metadata\n",
	                 5);
	const diff_report *rep = r.report;
	CU_ASSERT_EQUAL(rep->requests, 4);
	CU_ASSERT_EQUAL(rep->changed, 2);
	CU_ASSERT_EQUAL(rep->matrix[LEVEL_METADATA][LEVEL_NONE], 1);
	CU_ASSERT_EQUAL(rep->matrix[LEVEL_METADATA][LEVEL_REQUEST_RESPONSE], 1);
	CU_ASSERT_EQUAL(rep->matrix[LEVEL_METADATA][LEVEL_METADATA], 2);
	CU_ASSERT_EQUAL(rep->a.events, 4);
	CU_ASSERT_EQUAL(rep->b.events, 3);
	/* the recording holds no bodies: B's secret response is modelled from the default
	 * table, and is B's only modelled part */
	CU_ASSERT_EQUAL(rep->a.modelled_bytes, 0);
	CU_ASSERT_EQUAL(rep->b.modelled_bytes, default_body_bytes(span_of("get"), true));
	CU_ASSERT_TRUE(rep->a.bytes > 0);
	CU_ASSERT_EQUAL(rep->pair_count, 2);
	/* largest byte change first: the modelled secret body outweighs the /healthz line */
	CU_ASSERT_EQUAL(rep->pairs[0].rule_a, 0);
	CU_ASSERT_EQUAL(rep->pairs[0].rule_b, 1);
	CU_ASSERT_EQUAL(rep->pairs[0].level_b, LEVEL_REQUEST_RESPONSE);
	/* the same line at another level, plus the modelled body */
	CU_ASSERT_TRUE(rep->pairs[0].b.bytes >= rep->pairs[0].a.bytes + rep->b.modelled_bytes);
	CU_ASSERT_EQUAL(rep->pairs[1].rule_b, 0);
	CU_ASSERT_EQUAL(rep->pairs[1].level_b, LEVEL_NONE);
	CU_ASSERT_EQUAL(rep->pairs[1].b.bytes, 0);
	CU_ASSERT_EQUAL(rep->resource_count, 2);
	CU_ASSERT_STRING_EQUAL(rep->resources[0].name, "secrets");
	CU_ASSERT_STRING_EQUAL(rep->resources[1].name, "/healthz");
	/* totals: what changed plus the two unchanged requests, the same on both sides */
	uint64_t unchanged = rep->a.bytes - rep->pairs[0].a.bytes - rep->pairs[1].a.bytes;
	CU_ASSERT_EQUAL(rep->b.bytes, unchanged + rep->pairs[0].b.bytes);
	CU_ASSERT_EQUAL_FATAL(rep->sample_count, 2);
	const diff_sample *s = &rep->samples[0];
	CU_ASSERT_STRING_EQUAL(s->audit_id, "1");
	CU_ASSERT_STRING_EQUAL(s->verb, "get");
	CU_ASSERT_STRING_EQUAL(s->user, "alice");
	CU_ASSERT_STRING_EQUAL(s->target, "secrets default/s");
	CU_ASSERT_EQUAL(s->level_a, LEVEL_METADATA);
	CU_ASSERT_EQUAL(s->level_b, LEVEL_REQUEST_RESPONSE);
	CU_ASSERT_EQUAL(s->rule_b, 1);
	CU_ASSERT_EQUAL(s->stages_b, STAGE_BIT(STAGE_RESPONSE_COMPLETE));
	CU_ASSERT_STRING_EQUAL(rep->samples[1].target, "/healthz");
	CU_ASSERT_EQUAL(rep->samples[1].stages_b, 0);
	finish(&r);
}

static void test_stages_alone_are_a_change(void)
{
	diff_run r = run("rules:\n- level: Metadata\n",
	                 "rules:\n- level: Metadata\n  omitStages: [RequestReceived]\n", 5);
	CU_ASSERT_EQUAL(r.report->changed, 4);
	CU_ASSERT_EQUAL(r.report->matrix[LEVEL_METADATA][LEVEL_METADATA], 4);
	CU_ASSERT_EQUAL(r.report->a.events, 8);
	CU_ASSERT_EQUAL(r.report->b.events, 4);
	finish(&r);
}

static void test_sample_limit(void)
{
	diff_run r = run("rules:\n- level: None\n", "rules:\n- level: Metadata\n", 1);
	CU_ASSERT_EQUAL(r.report->changed, 4);
	CU_ASSERT_EQUAL(r.report->sample_count, 1);
	CU_ASSERT_EQUAL(r.report->pairs[0].rule_a, 0);
	CU_ASSERT_EQUAL(r.report->pair_count, 1);
	finish(&r);
}

static void test_no_rule_matched(void)
{
	diff_run r = run("rules:\n- level: Metadata\n  verbs: [list]\n", "rules:\n- level: Metadata\n", 5);
	CU_ASSERT_EQUAL(r.report->changed, 3);
	CU_ASSERT_EQUAL(r.report->pairs[0].rule_a, -1);
	CU_ASSERT_EQUAL(r.report->pairs[0].level_a, LEVEL_NONE);
	finish(&r);
}

static void test_request_target(void)
{
	request_attrs a = { .is_resource = true, .resource = span_of("deployments"),
		            .api_group = span_of("apps"), .subresource = span_of("scale"),
		            .namespace_ = span_of("shop"), .name = span_of("web") };
	char *t = request_target(&a);
	CU_ASSERT_STRING_EQUAL(t, "deployments.apps/scale shop/web");
	free(t);
	request_attrs cluster = { .is_resource = true, .resource = span_of("nodes") };
	t = request_target(&cluster);
	CU_ASSERT_STRING_EQUAL(t, "nodes");
	free(t);
}

/* "rules:" with `count` - 1 rules for other users, then a catch-all at `last_level`. */
static char *many_rules(size_t count, const char *last_level)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);
	fputs("rules:\n", out);
	for (size_t i = 0; i + 1 < count; i++)
		fprintf(out, "- {level: None, users: [user-%zu]}\n", i);
	fprintf(out, "- level: %s\n", last_level);
	fclose(out);
	return text;
}

/* Rule pairs are kept as they occur, not in a (rules of A + 1) x (rules of B + 1) matrix,
 * which for 50,000 rules each would take 180 GB. */
static void test_rule_pairs_of_large_policies(void)
{
	char *rules_a = many_rules(50000, "Request"), *rules_b = many_rules(50000, "Metadata");
	diff_run r = run(rules_a, rules_b, 0);
	CU_ASSERT_EQUAL(r.report->changed, 4);
	CU_ASSERT_EQUAL_FATAL(r.report->pair_count, 1);
	CU_ASSERT_EQUAL(r.report->pairs[0].rule_a, 49999);
	CU_ASSERT_EQUAL(r.report->pairs[0].rule_b, 49999);
	CU_ASSERT_EQUAL(r.report->pairs[0].level_a, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(r.report->pairs[0].level_b, LEVEL_METADATA);
	CU_ASSERT_EQUAL(r.report->pairs[0].requests, 4);
	finish(&r);
	free(rules_a);
	free(rules_b);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "identical policies", test_identical_policies },
		{ "level matrix and events", test_level_matrix_and_events },
		{ "stages alone", test_stages_alone_are_a_change },
		{ "sample limit", test_sample_limit },
		{ "no rule matched", test_no_rule_matched },
		{ "request target", test_request_target },
		{ "rule pairs of large policies", test_rule_pairs_of_large_policies },
		{ NULL, NULL },
	};
	add_suite("diff", tests);
}
