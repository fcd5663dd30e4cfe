/* lint and coverage: reachability of sensitive bodies and high-churn watches, and each
 * lint code (shadowing itself, rule by rule, is in test_lint_shadowing.c). Policies
 * are written inline as YAML and loaded by the real loader. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "lint.h"
#include "lint_test_util.h"
#include "summary.h"

/* --- each lint --- */

static void test_lint_shadowed_finding(void)
{
	expect_code("rules:\n- level: Metadata\n- level: None\n  verbs: [get]\n", "SHADOWED",
	            "rules[1]", "rules[0] (line 4, level Metadata)");
}

static void test_lint_sensitive_catch_all(void)
{
	diag_list f = lint_yaml("omitStages: [RequestReceived]\nrules:\n- level: RequestResponse\n");
	const diag *d = finding(&f, "SENSITIVE_BODY", "rules[0]", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->severity, DIAG_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "secrets, configmaps, serviceaccounts/token (the "
	                                          "response holds the issued token), "
	                                          "tokenreviews.authentication.k8s.io (spec.token is "
	                                          "a bearer token)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "certificatesigningrequests.certificates.k8s.io"));
	diag_list_free(&f);
}

static void test_lint_sensitive_shielded(void)
{
	const char *body = "omitStages: [RequestReceived]\nrules:\n"
	                   "- level: Metadata\n  resources:\n"
	                   "  - {group: '', resources: [secrets, configmaps, serviceaccounts/token]}\n"
	                   "  - {group: authentication.k8s.io, resources: [tokenreviews]}\n"
	                   "  - {group: certificates.k8s.io, resources: [certificatesigningrequests]}\n"
	                   "- level: RequestResponse\n";
	expect_no_code(body, "SENSITIVE_BODY");
}

static void test_lint_sensitive_partly_shielded(void)
{
	diag_list f = lint_yaml("omitStages: [RequestReceived]\nrules:\n"
	                        "- level: Metadata\n  resources: [{group: '', resources: [secrets]}]\n"
	                        "- level: Request\n");
	const diag *d = finding(&f, "SENSITIVE_BODY", "rules[1]", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NULL(strstr(d->message, "secrets"));
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "configmaps"));
	diag_list_free(&f);
}

static void test_lint_sensitive_not_shielded_by_narrow_rule(void)
{
	/* a rule for one user or some names does not keep everyone's secrets out */
	expect_code("rules:\n- level: Metadata\n  users: [a]\n  resources: [{group: '', resources: [secrets]}]\n"
	            "- level: RequestResponse\n  resources: [{group: '', resources: [secrets]}]\n",
	            "SENSITIVE_BODY", "rules[1]", "secrets");
	expect_code("rules:\n- level: Metadata\n"
	            "  resources: [{group: '', resources: [secrets], resourceNames: [x]}]\n"
	            "- level: RequestResponse\n  resources: [{group: '', resources: [secrets]}]\n",
	            "SENSITIVE_BODY", "rules[1]", "secrets");
}

static void test_lint_sensitive_needs_a_body_verb(void)
{
	/* Request logs no body for reads; RequestResponse logs the returned object */
	expect_no_code("rules:\n- level: Request\n  verbs: [get, list, watch]\n", "SENSITIVE_BODY");
	expect_code("rules:\n- level: RequestResponse\n  verbs: [get]\n", "SENSITIVE_BODY", "rules[0]",
	            "request and response bodies of secrets");
	expect_code("rules:\n- level: Request\n  verbs: [patch]\n", "SENSITIVE_BODY", "rules[0]",
	            "request bodies of secrets");
	expect_no_code("rules:\n- level: RequestResponse\n  verbs: [watch]\n", "SENSITIVE_BODY");
}

static void test_lint_sensitive_wrong_group_unaffected(void)
{
	expect_no_code("rules:\n- level: RequestResponse\n  resources: [{group: apps, resources: ['*']}]\n",
	               "SENSITIVE_BODY");
	expect_no_code("rules:\n- level: RequestResponse\n  nonResourceURLs: ['*']\n", "SENSITIVE_BODY");
}

static void test_lint_sensitive_option(void)
{
	loaded l = open_ok(HEAD "rules:\n- level: RequestResponse\n");
	char text[] = "widgets.example.com/status";
	coverage_target target;
	CU_ASSERT_TRUE_FATAL(lint_parse_target(text, &target));
	CU_ASSERT_STRING_EQUAL(target.resource, "widgets");
	CU_ASSERT_STRING_EQUAL(target.group, "example.com");
	CU_ASSERT_STRING_EQUAL(target.subresource, "status");
	lint_options opts = { &target, 1, NULL };
	diag_list f;
	diag_list_init(&f, "t.yaml");
	lint_policy(&l.p, &opts, &f);
	const diag *d = finding(&f, "SENSITIVE_BODY", "rules[0]", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "widgets.example.com/status"));
	CU_ASSERT_PTR_NULL(strstr(d->message, "secrets"));
	diag_list_free(&f);
	/* exec streams: no body is ever logged for it */
	char exec[] = "pods/exec";
	CU_ASSERT_TRUE_FATAL(lint_parse_target(exec, &target));
	diag_list_init(&f, "t.yaml");
	lint_policy(&l.p, &opts, &f);
	CU_ASSERT_PTR_NULL(finding(&f, "SENSITIVE_BODY", NULL, NULL));
	diag_list_free(&f);
	char bad[] = "secrets/";
	CU_ASSERT_FALSE(lint_parse_target(bad, &target));
	done(&l);
}

static void test_lint_high_churn_watch(void)
{
	expect_code("rules:\n- level: Request\n", "HIGH_CHURN_WATCH", "rules[0]",
	            "events, endpoints, endpointslices, leases, pods, nodes, configmaps");
	expect_no_code("rules:\n- level: Request\n  verbs: [create, update]\n", "HIGH_CHURN_WATCH");
	expect_no_code("rules:\n- level: None\n  verbs: [watch]\n- level: Request\n", "HIGH_CHURN_WATCH");
	expect_no_code("rules:\n- level: Metadata\n", "HIGH_CHURN_WATCH");
}

static void test_lint_request_received(void)
{
	/* every logging rule writes it: one finding for the policy */
	diag_list f = lint_yaml("rules:\n- level: Metadata\n  verbs: [get]\n- level: Request\n");
	CU_ASSERT_EQUAL(count_code(&f, "REQUEST_RECEIVED"), 1);
	CU_ASSERT_PTR_NOT_NULL(finding(&f, "REQUEST_RECEIVED", "omitStages", NULL));
	diag_list_free(&f);
	/* one rule forgets it */
	expect_code("rules:\n- level: Metadata\n  verbs: [get]\n  omitStages: [RequestReceived]\n"
	            "- level: Request\n",
	            "REQUEST_RECEIVED", "rules[1]", "level Request");
	expect_no_code("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n", "REQUEST_RECEIVED");
	expect_no_code("rules:\n- level: None\n", "REQUEST_RECEIVED");
}

static void test_lint_catch_all(void)
{
	expect_code("rules:\n- level: Metadata\n  verbs: [get]\n", "NO_CATCH_ALL", "rules[0]", NULL);
	expect_no_code("rules:\n- level: Metadata\n  verbs: [get]\n- level: None\n", "NO_CATCH_ALL");
	expect_no_code("rules:\n- level: Metadata\n  resources: [{group: '*'}]\n"
	               "- level: None\n  nonResourceURLs: ['*']\n",
	               "NO_CATCH_ALL");
}

static void test_lint_literal_wildcards(void)
{
	expect_code("rules:\n- level: None\n  verbs: ['*']\n- level: None\n", "LITERAL_WILDCARD",
	            "rules[0].verbs[0]", "verbs are compared literally");
	expect_code("rules:\n- level: None\n  users: ['system:*']\n- level: None\n", "LITERAL_WILDCARD",
	            "rules[0].users[0]", NULL);
	expect_code("rules:\n- level: None\n  userGroups: ['system:serviceaccounts:*']\n- level: None\n",
	            "LITERAL_WILDCARD", "rules[0].userGroups[0]", NULL);
	expect_code("rules:\n- level: None\n  namespaces: ['*']\n- level: None\n", "LITERAL_WILDCARD",
	            "rules[0].namespaces[0]", NULL);
	expect_code("rules:\n- level: None\n  resources: [{group: '', resources: ['*/*']}]\n- level: None\n",
	            "LITERAL_WILDCARD", "rules[0].resources[0].resources[0]", NULL);
	expect_code("rules:\n- level: None\n  resources: [{group: '', resources: ['pod*']}]\n- level: None\n",
	            "LITERAL_WILDCARD", "rules[0].resources[0].resources[0]", NULL);
	expect_no_code("rules:\n- level: None\n  resources: [{group: '', resources: ['*', 'pods/*', '*/scale']}]\n"
	               "- level: None\n",
	               "LITERAL_WILDCARD");
}

static void test_lint_case_and_groups(void)
{
	expect_code("rules:\n- level: None\n  resources: [{group: '', resources: [Pods]}]\n- level: None\n",
	            "CASE_MISMATCH", "rules[0].resources[0].resources[0]", "lowercase");
	expect_code("rules:\n- level: None\n  verbs: [GET]\n- level: None\n", "CASE_MISMATCH",
	            "rules[0].verbs[0]", NULL);
	expect_code("rules:\n- level: None\n  resources: [{group: extensions}]\n- level: None\n",
	            "UNSERVED_GROUP", "rules[0].resources[0].group", "1.22");
	expect_code("rules:\n- level: None\n  resources: [{group: '', resources: [pods/log/x]}]\n"
	            "- level: None\n",
	            "NEVER_MATCHES", "rules[0].resources[0].resources[0]", NULL);
}

static void test_lint_decode_warnings(void)
{
	loaded l = open_text(HEAD "rules:\n- level: None\n  verb: [get]\n  level: Metadata\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	diag_list f;
	diag_list_init(&f, "t.yaml");
	lint_add_decode_warnings(&l.diags, &f);
	const diag *unknown = finding(&f, "UNKNOWN_FIELD", NULL, NULL);
	const diag *duplicate = finding(&f, "DUPLICATE_KEY", NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL(unknown);
	CU_ASSERT_PTR_NOT_NULL(duplicate);
	if (unknown)
		CU_ASSERT_EQUAL(unknown->pos.line, 5);
	if (duplicate)
		CU_ASSERT_EQUAL(duplicate->pos.line, 6);
	diag_list_free(&f);
	done(&l);
}

static void test_lint_unmatched_rule(void)
{
	loaded l = open_ok(HEAD "rules:\n- level: None\n  verbs: [get]\n- level: Metadata\n"
	                        "- level: Request\n");
	replay_summary s;
	summary_init(&s, &l.p);
	s.total.requests = 3;
	s.by_rule[1].requests = 3;
	diag_list f;
	diag_list_init(&f, "t.yaml");
	lint_traffic(&l.p, &s, &f);
	/* rules[0] matched nothing; rules[2] is shadowed, which is reported on its own */
	CU_ASSERT_EQUAL(count_code(&f, "UNMATCHED_RULE"), 1);
	CU_ASSERT_PTR_NOT_NULL(finding(&f, "UNMATCHED_RULE", "rules[0]", NULL));
	diag_list_free(&f);
	summary_free(&s);
	done(&l);
}

static void test_lint_sort_by_position(void)
{
	diag_list f = lint_yaml("rules:\n- level: None\n  verbs: ['*']\n- level: Request\n");
	for (size_t i = 1; i < f.count; i++) {
		source_pos a = f.items[i - 1].pos, b = f.items[i].pos;
		CU_ASSERT_FALSE(a.line > b.line || (a.line == b.line && a.col > b.col));
	}
	lint_sort(&f);
	for (size_t i = 1; i < f.count; i++) {
		source_pos a = f.items[i - 1].pos, b = f.items[i].pos;
		CU_ASSERT_FALSE(a.line > b.line || (a.line == b.line && a.col > b.col));
	}
	diag_list_free(&f);
}

static void test_shipped_profiles_load_and_lint(void)
{
	/* aks-kube-audit-admin's added first rule (None for get and list) makes four of the
	 * source's None rules, which list only get/list, dead: a true finding. */
	static const struct {
		const char *name;
		size_t shadowed;
	} profiles[] = { { "k8s-docs", 0 },          { "gke", 0 },
		         { "eks", 0 },               { "openshift-default", 0 },
		         { "openshift-writerequestbodies", 0 },
		         { "openshift-allrequestbodies", 0 },
		         { "aks-kube-audit", 0 },    { "aks-kube-audit-admin", 4 },
		         { "metadata-only", 0 } };
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		diag_list f = lint_profile(profiles[i].name);
		CU_ASSERT_EQUAL(count_code(&f, "SHADOWED"), profiles[i].shadowed);
		diag_list_free(&f);
	}
}

void register_tests(void)
{
	static const test_case lints[] = {
		{ "SHADOWED", test_lint_shadowed_finding },
		{ "SENSITIVE_BODY catch-all", test_lint_sensitive_catch_all },
		{ "SENSITIVE_BODY shielded", test_lint_sensitive_shielded },
		{ "SENSITIVE_BODY partly shielded", test_lint_sensitive_partly_shielded },
		{ "SENSITIVE_BODY narrow shield", test_lint_sensitive_not_shielded_by_narrow_rule },
		{ "SENSITIVE_BODY verbs", test_lint_sensitive_needs_a_body_verb },
		{ "SENSITIVE_BODY other groups", test_lint_sensitive_wrong_group_unaffected },
		{ "--sensitive", test_lint_sensitive_option },
		{ "HIGH_CHURN_WATCH", test_lint_high_churn_watch },
		{ "REQUEST_RECEIVED", test_lint_request_received },
		{ "NO_CATCH_ALL", test_lint_catch_all },
		{ "LITERAL_WILDCARD", test_lint_literal_wildcards },
		{ "CASE_MISMATCH, UNSERVED_GROUP, NEVER_MATCHES", test_lint_case_and_groups },
		{ "UNKNOWN_FIELD, DUPLICATE_KEY", test_lint_decode_warnings },
		{ "UNMATCHED_RULE", test_lint_unmatched_rule },
		{ "sorted", test_lint_sort_by_position },
		{ "shipped profiles", test_shipped_profiles_load_and_lint },
		{ NULL, NULL },
	};
	add_suite("lints", lints);
}
