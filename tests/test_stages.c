/* stages tests: the long-running check (reference §4.5) and which stages each flow
 * writes (§6), alone and after a decision's level and omitStages. */
#include <CUnit/CUnit.h>
#include <stdio.h>

#include "policy_builder.h"
#include "request_info.h"
#include "stages.h"
#include "test_util.h"

#define RR STAGE_BIT(STAGE_REQUEST_RECEIVED)
#define RS STAGE_BIT(STAGE_RESPONSE_STARTED)
#define RC STAGE_BIT(STAGE_RESPONSE_COMPLETE)
#define PANIC STAGE_BIT(STAGE_PANIC)

static const request_flow all_flows[] = { FLOW_NORMAL, FLOW_PANIC, FLOW_AUTHN_FAILED, FLOW_INVALID_TIMEOUT };

/* Parses the URL the way kube-apiserver would and asks the long-running question. */
static bool url_is_long_running(const char *method, const char *url)
{
	request_info_scratch scratch = { 0 };
	request_attrs r = { 0 };
	bool ok = request_info_parse(span_of(method), span_of(url), &r, &scratch);
	char msg[512];
	snprintf(msg, sizeof msg, "%s %s: parse failed", method, url);
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, __LINE__, msg, __FILE__, "", CU_FALSE);
	bool long_running = ok && request_is_long_running(&r);
	request_info_scratch_free(&scratch);
	return long_running;
}

static audit_decision decision(audit_level level, stage_set omit)
{
	return (audit_decision){ .level = level, .rule = 0, .omit_stages = omit };
}

/* ---- request_is_long_running ---- */

static void test_watch_verb_is_long_running(void)
{
	request_attrs r = resource_request("watch", "", "pods", "", "a", "");
	CU_ASSERT_TRUE(request_is_long_running(&r));
}

static void test_proxy_verb_is_long_running(void)
{
	request_attrs r = resource_request("proxy", "", "nodes", "", "", "n1");
	CU_ASSERT_TRUE(request_is_long_running(&r));
}

static void test_ordinary_verbs_are_not_long_running(void)
{
	const char *verbs[] = { "get", "list", "create", "update", "patch", "delete", "deletecollection", "" };
	for (size_t i = 0; i < ARRAY_LEN(verbs); i++) {
		request_attrs r = resource_request(verbs[i], "", "pods", "", "a", "p");
		CU_ASSERT_FALSE(request_is_long_running(&r));
	}
}

static void test_long_running_subresources(void)
{
	const char *subresources[] = { "attach", "exec", "proxy", "log", "portforward" };
	for (size_t i = 0; i < ARRAY_LEN(subresources); i++) {
		request_attrs r = resource_request("get", "", "pods", subresources[i], "a", "p");
		CU_ASSERT_TRUE(request_is_long_running(&r));
	}
}

static void test_long_running_subresource_of_any_resource(void)
{
	request_attrs node_proxy = resource_request("get", "", "nodes", "proxy", "", "n1");
	request_attrs service_proxy = resource_request("create", "", "services", "proxy", "a", "s");
	request_attrs custom_log = resource_request("get", "x.io", "things", "log", "a", "t");
	CU_ASSERT_TRUE(request_is_long_running(&node_proxy));
	CU_ASSERT_TRUE(request_is_long_running(&service_proxy));
	CU_ASSERT_TRUE(request_is_long_running(&custom_log));
}

static void test_other_subresources_are_not_long_running(void)
{
	const char *subresources[] = { "status", "scale", "eviction", "binding", "logs", "Log", "execs", "token" };
	for (size_t i = 0; i < ARRAY_LEN(subresources); i++) {
		request_attrs r = resource_request("get", "", "pods", subresources[i], "a", "p");
		CU_ASSERT_FALSE(request_is_long_running(&r));
	}
}

static void test_long_running_resource_names_are_not_subresources(void)
{
	request_attrs r = resource_request("get", "", "log", "", "a", "exec");
	CU_ASSERT_FALSE(request_is_long_running(&r));
}

static void test_debug_pprof_subpath_is_long_running(void)
{
	request_attrs profile = non_resource_request("get", "/debug/pprof/profile");
	request_attrs index = non_resource_request("get", "/debug/pprof/");
	CU_ASSERT_TRUE(request_is_long_running(&profile));
	CU_ASSERT_TRUE(request_is_long_running(&index));
}

static void test_debug_pprof_without_slash_is_not_long_running(void)
{
	request_attrs bare = non_resource_request("get", "/debug/pprof");
	request_attrs longer = non_resource_request("get", "/debug/pprofx/heap");
	request_attrs flags = non_resource_request("get", "/debug/flags/v");
	CU_ASSERT_FALSE(request_is_long_running(&bare));
	CU_ASSERT_FALSE(request_is_long_running(&longer));
	CU_ASSERT_FALSE(request_is_long_running(&flags));
}

static void test_non_resource_paths_are_not_long_running(void)
{
	request_attrs healthz = non_resource_request("get", "/healthz");
	request_attrs api = non_resource_request("get", "/api/v1");
	CU_ASSERT_FALSE(request_is_long_running(&healthz));
	CU_ASSERT_FALSE(request_is_long_running(&api));
}

static void test_non_resource_subresource_field_is_ignored(void)
{
	request_attrs r = non_resource_request("get", "/x");
	r.subresource = span_of("exec");
	CU_ASSERT_FALSE(request_is_long_running(&r));
}

static void test_resource_path_under_pprof_is_not_long_running(void)
{
	request_attrs r = resource_request("get", "", "pods", "", "a", "p");
	r.path = span_of("/debug/pprof/heap");
	CU_ASSERT_FALSE(request_is_long_running(&r));
}

static void test_watch_verb_on_non_resource_is_long_running(void)
{
	/* kube-apiserver tests the verb before the kind: a WATCH method on any path. */
	request_attrs r = non_resource_request("watch", "/healthz");
	CU_ASSERT_TRUE(request_is_long_running(&r));
}

static void test_parsed_urls_long_running(void)
{
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/namespaces/a/pods?watch=1"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/watch/pods"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/proxy/nodes/n1/stats"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/namespaces/a/pods/p/log?follow=true"));
	CU_ASSERT_TRUE(url_is_long_running("POST", "/api/v1/namespaces/a/pods/p/exec?command=sh"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/namespaces/a/pods/p/attach"));
	CU_ASSERT_TRUE(url_is_long_running("POST", "/api/v1/namespaces/a/pods/p/portforward"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/namespaces/a/services/s/proxy/metrics"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/api/v1/nodes/n1/proxy/stats"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/debug/pprof/heap"));
	CU_ASSERT_TRUE(url_is_long_running("GET", "/debug/pprof%2Fheap"));
}

static void test_parsed_urls_not_long_running(void)
{
	CU_ASSERT_FALSE(url_is_long_running("GET", "/api/v1/namespaces/a/pods"));
	CU_ASSERT_FALSE(url_is_long_running("GET", "/api/v1/namespaces/a/pods?watch=false"));
	CU_ASSERT_FALSE(url_is_long_running("GET", "/api/v1/namespaces/a/pods/p?watch=1"));
	CU_ASSERT_FALSE(url_is_long_running("GET", "/api/v1/namespaces/a/pods/p/status"));
	CU_ASSERT_FALSE(url_is_long_running("GET", "/debug/pprof"));
	CU_ASSERT_FALSE(url_is_long_running("GET", "/healthz?watch=1"));
	CU_ASSERT_FALSE(url_is_long_running("GET", "/api/v1/namespaces/a/pods/p/x%2Flog"));
}

/* ---- flow_stages ---- */

static void test_normal_flow_writes_received_and_complete(void)
{
	CU_ASSERT_EQUAL(flow_stages(FLOW_NORMAL, false), RR | RC);
}

static void test_normal_long_running_flow_adds_response_started(void)
{
	CU_ASSERT_EQUAL(flow_stages(FLOW_NORMAL, true), RR | RS | RC);
}

static void test_panic_replaces_response_complete(void)
{
	CU_ASSERT_EQUAL(flow_stages(FLOW_PANIC, false), RR | PANIC);
}

static void test_panic_of_long_running_keeps_response_started(void)
{
	CU_ASSERT_EQUAL(flow_stages(FLOW_PANIC, true), RR | RS | PANIC);
}

static void test_failed_authentication_writes_only_response_started(void)
{
	CU_ASSERT_EQUAL(flow_stages(FLOW_AUTHN_FAILED, false), RS);
	CU_ASSERT_EQUAL(flow_stages(FLOW_AUTHN_FAILED, true), RS);
}

static void test_invalid_timeout_writes_only_response_started(void)
{
	CU_ASSERT_EQUAL(flow_stages(FLOW_INVALID_TIMEOUT, false), RS);
}

static void test_unknown_flow_writes_nothing(void)
{
	CU_ASSERT_EQUAL(flow_stages((request_flow)42, false), 0u);
}

/* ---- decision_stages ---- */

static void test_level_none_writes_nothing_in_any_flow(void)
{
	audit_decision d = decision(LEVEL_NONE, 0);
	for (size_t i = 0; i < ARRAY_LEN(all_flows); i++) {
		CU_ASSERT_EQUAL(decision_stages(&d, all_flows[i], false), 0u);
		CU_ASSERT_EQUAL(decision_stages(&d, all_flows[i], true), 0u);
	}
}

static void test_every_level_above_none_writes_the_flow(void)
{
	for (audit_level level = LEVEL_METADATA; level < LEVEL_COUNT; level++) {
		audit_decision d = decision(level, 0);
		CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, false), RR | RC);
		CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, true), RR | RS | RC);
	}
}

static void test_omitting_request_received(void)
{
	audit_decision d = decision(LEVEL_METADATA, RR);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, false), RC);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, true), RS | RC);
}

static void test_omitting_response_started_changes_nothing_for_ordinary_requests(void)
{
	audit_decision d = decision(LEVEL_REQUEST, RS);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, false), RR | RC);
}

static void test_omitting_response_started_of_long_running(void)
{
	audit_decision d = decision(LEVEL_REQUEST, RS);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, true), RR | RC);
}

static void test_omitting_response_complete(void)
{
	audit_decision d = decision(LEVEL_METADATA, RC);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, true), RR | RS);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_PANIC, false), RR | PANIC);
}

static void test_omitting_panic(void)
{
	audit_decision d = decision(LEVEL_METADATA, PANIC);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_PANIC, false), RR);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_NORMAL, false), RR | RC);
}

static void test_omitting_every_stage_writes_nothing(void)
{
	audit_decision d = decision(LEVEL_REQUEST_RESPONSE, RR | RS | RC | PANIC);
	for (size_t i = 0; i < ARRAY_LEN(all_flows); i++)
		CU_ASSERT_EQUAL(decision_stages(&d, all_flows[i], true), 0u);
}

static void test_failed_authentication_honours_omit_stages(void)
{
	audit_decision kept = decision(LEVEL_METADATA, RR | RC);
	audit_decision omitted = decision(LEVEL_METADATA, RS);
	CU_ASSERT_EQUAL(decision_stages(&kept, FLOW_AUTHN_FAILED, false), RS);
	CU_ASSERT_EQUAL(decision_stages(&omitted, FLOW_AUTHN_FAILED, false), 0u);
}

static void test_invalid_timeout_honours_level_and_omit_stages(void)
{
	audit_decision none = decision(LEVEL_NONE, 0);
	audit_decision metadata = decision(LEVEL_METADATA, RR);
	audit_decision omitted = decision(LEVEL_METADATA, RS);
	CU_ASSERT_EQUAL(decision_stages(&none, FLOW_INVALID_TIMEOUT, false), 0u);
	CU_ASSERT_EQUAL(decision_stages(&metadata, FLOW_INVALID_TIMEOUT, false), RS);
	CU_ASSERT_EQUAL(decision_stages(&omitted, FLOW_INVALID_TIMEOUT, false), 0u);
}

/* The whole path: a policy decision for a request without a user, then its stages. */
static void test_failed_authentication_end_to_end(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_NONE, .users = LIST("")),
		RULE(LEVEL_METADATA, .omit_stage_mask = RR),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = without_user(non_resource_request("get", "/api"));
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_METADATA);
	CU_ASSERT_EQUAL(decision_stages(&d, FLOW_AUTHN_FAILED, request_is_long_running(&r)), RS);
}

static const test_case long_running_tests[] = {
	{ "watch_verb_is_long_running", test_watch_verb_is_long_running },
	{ "proxy_verb_is_long_running", test_proxy_verb_is_long_running },
	{ "ordinary_verbs_are_not_long_running", test_ordinary_verbs_are_not_long_running },
	{ "long_running_subresources", test_long_running_subresources },
	{ "long_running_subresource_of_any_resource", test_long_running_subresource_of_any_resource },
	{ "other_subresources_are_not_long_running", test_other_subresources_are_not_long_running },
	{ "long_running_resource_names_are_not_subresources", test_long_running_resource_names_are_not_subresources },
	{ "debug_pprof_subpath_is_long_running", test_debug_pprof_subpath_is_long_running },
	{ "debug_pprof_without_slash_is_not_long_running", test_debug_pprof_without_slash_is_not_long_running },
	{ "non_resource_paths_are_not_long_running", test_non_resource_paths_are_not_long_running },
	{ "non_resource_subresource_field_is_ignored", test_non_resource_subresource_field_is_ignored },
	{ "resource_path_under_pprof_is_not_long_running", test_resource_path_under_pprof_is_not_long_running },
	{ "watch_verb_on_non_resource_is_long_running", test_watch_verb_on_non_resource_is_long_running },
	{ "parsed_urls_long_running", test_parsed_urls_long_running },
	{ "parsed_urls_not_long_running", test_parsed_urls_not_long_running },
	{ NULL, NULL },
};

static const test_case flow_tests[] = {
	{ "normal_flow_writes_received_and_complete", test_normal_flow_writes_received_and_complete },
	{ "normal_long_running_flow_adds_response_started", test_normal_long_running_flow_adds_response_started },
	{ "panic_replaces_response_complete", test_panic_replaces_response_complete },
	{ "panic_of_long_running_keeps_response_started", test_panic_of_long_running_keeps_response_started },
	{ "failed_authentication_writes_only_response_started",
	  test_failed_authentication_writes_only_response_started },
	{ "invalid_timeout_writes_only_response_started", test_invalid_timeout_writes_only_response_started },
	{ "unknown_flow_writes_nothing", test_unknown_flow_writes_nothing },
	{ NULL, NULL },
};

static const test_case decision_tests[] = {
	{ "level_none_writes_nothing_in_any_flow", test_level_none_writes_nothing_in_any_flow },
	{ "every_level_above_none_writes_the_flow", test_every_level_above_none_writes_the_flow },
	{ "omitting_request_received", test_omitting_request_received },
	{ "omitting_response_started_changes_nothing_for_ordinary_requests",
	  test_omitting_response_started_changes_nothing_for_ordinary_requests },
	{ "omitting_response_started_of_long_running", test_omitting_response_started_of_long_running },
	{ "omitting_response_complete", test_omitting_response_complete },
	{ "omitting_panic", test_omitting_panic },
	{ "omitting_every_stage_writes_nothing", test_omitting_every_stage_writes_nothing },
	{ "failed_authentication_honours_omit_stages", test_failed_authentication_honours_omit_stages },
	{ "invalid_timeout_honours_level_and_omit_stages", test_invalid_timeout_honours_level_and_omit_stages },
	{ "failed_authentication_end_to_end", test_failed_authentication_end_to_end },
	{ NULL, NULL },
};

void register_tests(void)
{
	add_suite("stages: request_is_long_running", long_running_tests);
	add_suite("stages: flow_stages", flow_tests);
	add_suite("stages: decision_stages", decision_tests);
}
