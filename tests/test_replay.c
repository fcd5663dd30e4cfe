/* The replay engine: grouping recorded events into requests and deciding each once, with
 * the attributes kube-apiserver's policy saw (semantics §5, §6, §7.2, §10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "event_reader.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "replay.h"
#include "test_util.h"

#define MAX_SEEN 64

typedef struct {
	size_t count;
	char id[MAX_SEEN][64];
	audit_level level[MAX_SEEN];
	int rule[MAX_SEEN];
	stage_set stages[MAX_SEEN];
	stage_set recorded[MAX_SEEN];
	bool open[MAX_SEEN];
	unsigned conflicts[MAX_SEEN];
	char user[MAX_SEEN][64];
	char name[MAX_SEEN][64];
} seen_requests;

static void remember(const replay_request *req, void *ctx)
{
	seen_requests *seen = ctx;
	if (seen->count >= MAX_SEEN)
		return;
	size_t i = seen->count++;
	snprintf(seen->id[i], sizeof seen->id[i], "%.*s", (int)req->audit_id.len, req->audit_id.ptr);
	seen->level[i] = req->decision.level;
	seen->rule[i] = req->decision.rule;
	seen->stages[i] = req->stages;
	seen->recorded[i] = req->recorded;
	seen->open[i] = req->open;
	seen->conflicts[i] = req->conflicting_events;
	snprintf(seen->user[i], sizeof seen->user[i], "%.*s", (int)req->attrs.user_name.len,
	         req->attrs.user_name.ptr ? req->attrs.user_name.ptr : "");
	snprintf(seen->name[i], sizeof seen->name[i], "%.*s", (int)req->attrs.name.len,
	         req->attrs.name.ptr ? req->attrs.name.ptr : "");
}

static bool load_policy_text(const char *yaml, policy *p)
{
	diag_list diags;
	diag_list_init(&diags, "test-policy.yaml");
	load_result res = policy_load_buffer("test-policy.yaml", yaml, strlen(yaml), p, &diags);
	bool ok = res == LOAD_OK;
	if (ok) {
		ok = policy_validate(p, &diags);
	}
	if (!ok)
		diag_print(&diags, stderr);
	diag_list_free(&diags);
	return ok;
}

/* Replays the JSON lines through the policy with the given window; fills seen. */
static void replay_text(const char *policy_yaml, const char *log, size_t window, seen_requests *seen)
{
	memset(seen, 0, sizeof *seen);
	policy p;
	CU_ASSERT_FATAL(load_policy_text(policy_yaml, &p));
	event_reader *reader = event_reader_open_memory("test.jsonl", log, strlen(log), NULL);
	CU_ASSERT_FATAL(reader != NULL);
	replay *r = replay_new(&p, window, remember, seen);
	audit_event ev;
	const char *message = NULL;
	event_read_status st;
	while ((st = event_reader_next(reader, &ev, &message)) != EVENT_READ_EOF) {
		CU_ASSERT_EQUAL_FATAL(st, EVENT_READ_EVENT);
		replay_add_event(r, &ev);
	}
	replay_finish(r);
	replay_free(r);
	event_reader_close(reader);
	policy_free(&p);
}

#define EV(id, stage, extra)                                                                   \
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"" id \
	"\",\"stage\":\"" stage "\"," extra "}\n"
#define ALICE_GET_POD                                                                          \
	"\"requestURI\":\"/api/v1/namespaces/d/pods/p\",\"verb\":\"get\",\"user\":{\"username\":" \
	"\"alice\",\"groups\":[\"dev\",\"system:authenticated\"]},\"objectRef\":{\"resource\":"  \
	"\"pods\",\"namespace\":\"d\",\"name\":\"p\",\"apiVersion\":\"v1\"},\"responseStatus\":{"  \
	"\"metadata\":{},\"code\":200}"
#define WATCH_PODS                                                                             \
	"\"requestURI\":\"/api/v1/pods?watch=true\",\"verb\":\"watch\",\"user\":{\"username\":"   \
	"\"bob\"},\"objectRef\":{\"resource\":\"pods\",\"apiVersion\":\"v1\"}"

static const char *metadata_policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\n"
                                     "rules:\n- level: Metadata\n";

static void test_stages_of_one_request_are_one_request(void)
{
	seen_requests seen;
	replay_text(metadata_policy,
	            EV("a", "RequestReceived", ALICE_GET_POD) EV("a", "ResponseComplete", ALICE_GET_POD),
	            0, &seen);
	CU_ASSERT_EQUAL(seen.count, 1);
	CU_ASSERT_STRING_EQUAL(seen.id[0], "a");
	CU_ASSERT_EQUAL(seen.stages[0],
	                STAGE_BIT(STAGE_REQUEST_RECEIVED) | STAGE_BIT(STAGE_RESPONSE_COMPLETE));
	CU_ASSERT_EQUAL(seen.recorded[0], seen.stages[0]);
	CU_ASSERT_FALSE(seen.open[0]);
}

static void test_requests_come_out_in_order_of_first_appearance(void)
{
	seen_requests seen;
	/* the watch starts first and ends last; the get in between must wait for it */
	replay_text(metadata_policy,
	            EV("w", "RequestReceived", WATCH_PODS) EV("g", "RequestReceived", ALICE_GET_POD)
	                EV("g", "ResponseComplete", ALICE_GET_POD) EV("w", "ResponseStarted", WATCH_PODS)
	                    EV("w", "ResponseComplete", WATCH_PODS),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 2);
	CU_ASSERT_STRING_EQUAL(seen.id[0], "w");
	CU_ASSERT_STRING_EQUAL(seen.id[1], "g");
	CU_ASSERT_EQUAL(seen.stages[0], STAGE_BIT(STAGE_REQUEST_RECEIVED) |
	                                    STAGE_BIT(STAGE_RESPONSE_STARTED) |
	                                    STAGE_BIT(STAGE_RESPONSE_COMPLETE));
}

static void test_full_window_hands_on_open_request_and_keeps_its_late_stages(void)
{
	seen_requests seen;
	/* window 2: the watch is handed on open when the third request arrives; its late
	 * ResponseComplete must not become a request of its own */
	replay_text(metadata_policy,
	            EV("w", "RequestReceived", WATCH_PODS) EV("g1", "ResponseComplete", ALICE_GET_POD)
	                EV("g2", "ResponseComplete", ALICE_GET_POD)
	                    EV("g3", "ResponseComplete", ALICE_GET_POD)
	                        EV("w", "ResponseComplete", WATCH_PODS),
	            2, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 4);
	CU_ASSERT_STRING_EQUAL(seen.id[0], "w");
	CU_ASSERT_TRUE(seen.open[0]);
	CU_ASSERT_STRING_EQUAL(seen.id[3], "g3");
}

static void test_same_audit_id_after_last_stage_is_a_new_request(void)
{
	seen_requests seen;
	replay_text(metadata_policy,
	            EV("x", "ResponseComplete", ALICE_GET_POD) EV("x", "ResponseComplete", WATCH_PODS),
	            0, &seen);
	CU_ASSERT_EQUAL(seen.count, 2);
}

static void test_later_event_with_another_verb_is_counted_as_conflict(void)
{
	seen_requests seen;
	replay_text(metadata_policy,
	            EV("x", "RequestReceived", ALICE_GET_POD) EV("x", "ResponseComplete", WATCH_PODS),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.conflicts[0], 1);
	CU_ASSERT_STRING_EQUAL(seen.user[0], "alice"); /* decided from the first event */
}

static void test_consistent_stages_are_no_conflict(void)
{
	seen_requests seen;
	replay_text(metadata_policy,
	            EV("a", "RequestReceived", ALICE_GET_POD) EV("a", "ResponseComplete", ALICE_GET_POD),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.conflicts[0], 0);
}

static void test_request_without_last_stage_is_open_at_end(void)
{
	seen_requests seen;
	replay_text(metadata_policy, EV("w", "RequestReceived", WATCH_PODS), 0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_TRUE(seen.open[0]);
}

static void test_panic_replaces_response_complete(void)
{
	seen_requests seen;
	replay_text(metadata_policy,
	            EV("p", "RequestReceived", ALICE_GET_POD) EV("p", "Panic", ALICE_GET_POD), 0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.stages[0], STAGE_BIT(STAGE_REQUEST_RECEIVED) | STAGE_BIT(STAGE_PANIC));
	CU_ASSERT_FALSE(seen.open[0]);
}

static void test_failed_authentication_has_no_user_and_only_response_started(void)
{
	seen_requests seen;
	const char *policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
	                     "- level: RequestResponse\n  users: [\"\"]\n- level: Metadata\n";
	replay_text(policy,
	            EV("u", "ResponseStarted",
	               "\"requestURI\":\"/api/v1/pods\",\"verb\":\"list\",\"user\":{},\"objectRef\":{"
	               "\"resource\":\"pods\",\"apiVersion\":\"v1\"},\"responseStatus\":{\"metadata\":{},"
	               "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\","
	               "\"code\":401}"),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.rule[0], 1); /* users: [""] never matches a request without a user */
	CU_ASSERT_EQUAL(seen.stages[0], STAGE_BIT(STAGE_RESPONSE_STARTED));
	CU_ASSERT_FALSE(seen.open[0]);
}

static void test_invalid_timeout_is_only_response_started(void)
{
	seen_requests seen;
	replay_text(metadata_policy,
	            EV("t", "ResponseStarted",
	               "\"requestURI\":\"/api/v1/pods?timeout=x\",\"verb\":\"list\",\"user\":{},"
	               "\"objectRef\":{\"resource\":\"pods\",\"apiVersion\":\"v1\"},\"responseStatus\":{"
	               "\"metadata\":{},\"status\":\"Failure\",\"message\":\"invalid timeout specified "
	               "in the request URL - time: invalid duration \\\"x\\\"\",\"reason\":\"BadRequest\","
	               "\"code\":400}"),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.stages[0], STAGE_BIT(STAGE_RESPONSE_STARTED));
}

static void test_policy_sees_impersonator_not_impersonated_user(void)
{
	seen_requests seen;
	const char *policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
	                     "- level: None\n  users: [bob]\n- level: Request\n  users: [admin]\n";
	replay_text(policy,
	            EV("i", "ResponseComplete",
	               "\"requestURI\":\"/api/v1/namespaces/d/pods\",\"verb\":\"list\",\"user\":{"
	               "\"username\":\"admin\",\"groups\":[\"system:masters\"]},\"impersonatedUser\":{"
	               "\"username\":\"bob\"},\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"d\","
	               "\"apiVersion\":\"v1\"}"),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.rule[0], 1);
	CU_ASSERT_STRING_EQUAL(seen.user[0], "admin");
}

static void test_create_name_comes_from_url_not_object_ref(void)
{
	seen_requests seen;
	const char *policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
	                     "- level: None\n  resources:\n  - group: \"\"\n    resources: [pods]\n"
	                     "    resourceNames: [web]\n- level: Metadata\n";
	replay_text(policy,
	            EV("c", "ResponseComplete",
	               "\"requestURI\":\"/api/v1/namespaces/d/pods\",\"verb\":\"create\",\"user\":{"
	               "\"username\":\"alice\"},\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"d\","
	               "\"name\":\"web\",\"apiVersion\":\"v1\"}"),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.rule[0], 1);
	CU_ASSERT_STRING_EQUAL(seen.name[0], "");
}

static void test_list_name_comes_from_field_selector(void)
{
	seen_requests seen;
	const char *policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
	                     "- level: None\n  resources:\n  - group: \"\"\n    resources: [pods]\n"
	                     "    resourceNames: [web]\n- level: Metadata\n";
	replay_text(policy,
	            EV("l", "ResponseComplete",
	               "\"requestURI\":\"/api/v1/namespaces/d/pods?fieldSelector=metadata.name%3Dweb\","
	               "\"verb\":\"list\",\"user\":{\"username\":\"alice\"},\"objectRef\":{\"resource\":"
	               "\"pods\",\"namespace\":\"d\",\"name\":\"web\",\"apiVersion\":\"v1\"}"),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.rule[0], 0);
	CU_ASSERT_EQUAL(seen.level[0], LEVEL_NONE);
	CU_ASSERT_EQUAL(seen.stages[0], 0);
}

static void test_non_resource_path_drops_query(void)
{
	seen_requests seen;
	const char *policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
	                     "- level: None\n  nonResourceURLs: [/readyz]\n- level: Metadata\n";
	replay_text(policy,
	            EV("n", "ResponseComplete",
	               "\"requestURI\":\"/readyz?verbose\",\"verb\":\"get\",\"user\":{\"username\":"
	               "\"kubelet\"}"),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.rule[0], 0);
}

static void test_omit_stages_union_applies_to_recorded_request(void)
{
	seen_requests seen;
	const char *policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\n"
	                     "rules:\n- level: Metadata\n  omitStages: [ResponseStarted]\n";
	replay_text(policy,
	            EV("w", "RequestReceived", WATCH_PODS) EV("w", "ResponseStarted", WATCH_PODS)
	                EV("w", "ResponseComplete", WATCH_PODS),
	            0, &seen);
	CU_ASSERT_EQUAL_FATAL(seen.count, 1);
	CU_ASSERT_EQUAL(seen.stages[0], STAGE_BIT(STAGE_RESPONSE_COMPLETE));
}

void register_tests(void)
{
	static const test_case grouping[] = {
		{ "stages of one request are one request", test_stages_of_one_request_are_one_request },
		{ "requests come out in order of first appearance",
		  test_requests_come_out_in_order_of_first_appearance },
		{ "full window hands on open request and keeps its late stages",
		  test_full_window_hands_on_open_request_and_keeps_its_late_stages },
		{ "same auditID after last stage is a new request",
		  test_same_audit_id_after_last_stage_is_a_new_request },
		{ "request without last stage is open at end", test_request_without_last_stage_is_open_at_end },
		{ "later event with another verb is a conflict",
		  test_later_event_with_another_verb_is_counted_as_conflict },
		{ "consistent stages are no conflict", test_consistent_stages_are_no_conflict },
		{ NULL, NULL },
	};
	static const test_case flows[] = {
		{ "panic replaces ResponseComplete", test_panic_replaces_response_complete },
		{ "failed authentication: no user, only ResponseStarted",
		  test_failed_authentication_has_no_user_and_only_response_started },
		{ "invalid timeout: only ResponseStarted", test_invalid_timeout_is_only_response_started },
		{ "omitStages union applies", test_omit_stages_union_applies_to_recorded_request },
		{ NULL, NULL },
	};
	static const test_case attributes[] = {
		{ "policy sees the impersonator", test_policy_sees_impersonator_not_impersonated_user },
		{ "create name comes from the URL", test_create_name_comes_from_url_not_object_ref },
		{ "list name comes from a field selector", test_list_name_comes_from_field_selector },
		{ "non-resource path drops the query", test_non_resource_path_drops_query },
		{ NULL, NULL },
	};
	add_suite("replay grouping", grouping);
	add_suite("replay flows", flows);
	add_suite("replay attributes", attributes);
}
