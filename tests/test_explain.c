/* explain: which selector stops a rule and the words used for it, the decision and
 * stages of a whole policy, and the fields an event carries (§7). */
#include <string.h>

#include "explain.h"
#include "policy_builder.h"
#include "test_util.h"

/* The reason rule gives for r, checked against want (NULL: the rule must match). */
static void expect(policy_rule rule, request_attrs r, rule_selector selector, const char *want)
{
	rule_explanation e = explain_rule(&rule, &r);
	CU_ASSERT_EQUAL(e.matched, want == NULL);
	CU_ASSERT_EQUAL(e.failed, selector);
	if (want && e.reason) {
		if (strcmp(e.reason, want) != 0)
			fprintf(stderr, "\n  got: %s\n want: %s\n", e.reason, want);
		CU_ASSERT_STRING_EQUAL(e.reason, want);
	}
	rule_explanation_free(&e);
}

static request_attrs pods_get(void) { return resource_request("get", "", "pods", "", "shop", "p1"); }

static void test_matching_rule(void)
{
	expect(RULE(LEVEL_METADATA, .verbs = LIST("get")), pods_get(), SELECTOR_NONE, NULL);
}

static void test_users(void)
{
	expect(RULE(LEVEL_NONE, .users = LIST("bob", "carol")), pods_get(), SELECTOR_USERS,
	       "users [bob carol] does not contain \"alice\"");
	expect(RULE(LEVEL_NONE, .users = LIST("alice")), without_user(pods_get()), SELECTOR_USERS,
	       "users: the request has no user (failed authentication)");
}

static void test_user_groups(void)
{
	static const span groups[] = { { "dev", 3 }, { "system:authenticated", 20 } };
	request_attrs r = with_user(pods_get(), "alice", groups, 2);
	expect(RULE(LEVEL_NONE, .users = LIST("alice"), .user_groups = LIST("system:nodes")), r,
	       SELECTOR_USER_GROUPS,
	       "userGroups [system:nodes] contains none of the request's groups [dev "
	       "system:authenticated]");
	expect(RULE(LEVEL_NONE, .user_groups = LIST("")), without_user(r), SELECTOR_USER_GROUPS,
	       "userGroups: the request has no user (failed authentication)");
}

static void test_verbs(void)
{
	request_attrs r = resource_request("watch", "", "pods", "", "", "");
	expect(RULE(LEVEL_NONE, .verbs = LIST("get", "list")), r, SELECTOR_VERBS,
	       "verbs [get list] does not contain \"watch\"");
}

static void test_namespaces(void)
{
	expect(RULE(LEVEL_NONE, .namespaces = LIST("kube-system")), pods_get(), SELECTOR_NAMESPACES,
	       "namespaces [kube-system] does not contain \"shop\"");
	request_attrs all = resource_request("list", "", "pods", "", "", "");
	expect(RULE(LEVEL_NONE, .namespaces = LIST("a")), all, SELECTOR_NAMESPACES,
	       "namespaces [a] does not contain \"\" (the request is cluster-scoped or across all "
	       "namespaces)");
}

static void test_resources_group_then_resource_then_names(void)
{
	request_attrs logs = resource_request("get", "", "pods", "log", "shop", "p1");
	expect(RULE(LEVEL_NONE, RESOURCES(GR("apps", LIST("deployments")))), logs,
	       SELECTOR_RESOURCES, "resources: no entry covers group \"\"");
	expect(RULE(LEVEL_NONE, RESOURCES(GR("", LIST("pods")))), logs, SELECTOR_RESOURCES,
	       "resources: no entry of group \"\" covers \"pods/log\"");
	expect(RULE(LEVEL_NONE, RESOURCES(GR_NAMES("", LIST("pods/log"), LIST("p2")))), logs,
	       SELECTOR_RESOURCES, "resources: resourceNames [p2] for \"pods/log\" do not contain \"p1\"");
	request_attrs unnamed = resource_request("list", "", "pods", "", "shop", "");
	expect(RULE(LEVEL_NONE, RESOURCES(GR_NAMES("", LIST("pods"), LIST("p2")))), unnamed,
	       SELECTOR_RESOURCES,
	       "resources: resourceNames [p2] for \"pods\" need a name and the request has none");
	expect(RULE(LEVEL_NONE, RESOURCES(GR("*", LIST("pods/*")))), logs, SELECTOR_NONE, NULL);
}

static void test_kinds_of_request(void)
{
	request_attrs health = non_resource_request("get", "/healthz");
	expect(RULE(LEVEL_NONE, .non_resource_urls = LIST("/api*", "/version")), health,
	       SELECTOR_NON_RESOURCE_URLS, "nonResourceURLs [/api* /version] do not match \"/healthz\"");
	expect(RULE(LEVEL_NONE, .non_resource_urls = LIST("/healthz*")), pods_get(),
	       SELECTOR_NON_RESOURCE_URLS,
	       "nonResourceURLs: a resource request never matches a nonResourceURLs rule");
	expect(RULE(LEVEL_NONE, RESOURCES(GR("", EMPTY_LIST))), health, SELECTOR_RESOURCES,
	       "resources: a non-resource request never matches a rule with resources");
}

/* The first failing selector in the checker's order is the one reported. */
static void test_first_failure_wins(void)
{
	request_attrs r = resource_request("watch", "", "pods", "", "", "");
	expect(RULE(LEVEL_NONE, .users = LIST("bob"), .verbs = LIST("get")), r, SELECTOR_USERS,
	       "users [bob] does not contain \"alice\"");
}

static void test_policy_decision_and_stages(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_NONE, .verbs = LIST("get")),
		RULE(LEVEL_REQUEST, .verbs = LIST("watch"), .omit_stage_mask = STAGE_BIT(STAGE_REQUEST_RECEIVED)),
		RULE(LEVEL_METADATA),
	};
	policy p = policy_of(rules, 3);
	request_attrs r = resource_request("watch", "", "pods", "", "", "");
	policy_explanation e;
	explain_policy(&p, &r, FLOW_NORMAL, &e);
	CU_ASSERT_EQUAL(e.rule_count, 3);
	CU_ASSERT_FALSE(e.rules[0].matched);
	CU_ASSERT_TRUE(e.rules[1].matched);
	CU_ASSERT_TRUE(e.rules[2].matched);
	CU_ASSERT_EQUAL(e.decision.rule, 1);
	CU_ASSERT_EQUAL(e.decision.level, LEVEL_REQUEST);
	CU_ASSERT_TRUE(e.long_running);
	CU_ASSERT_EQUAL(e.stages, STAGE_BIT(STAGE_RESPONSE_STARTED) | STAGE_BIT(STAGE_RESPONSE_COMPLETE));
	CU_ASSERT_TRUE(e.has_sample);
	CU_ASSERT_EQUAL(e.sample_stage, STAGE_RESPONSE_COMPLETE);
	policy_explanation_free(&e);

	request_attrs get = pods_get();
	explain_policy(&p, &get, FLOW_AUTHN_FAILED, &e);
	CU_ASSERT_EQUAL(e.decision.level, LEVEL_NONE);
	CU_ASSERT_FALSE(e.has_sample);
	policy_explanation_free(&e);
}

static field_presence presence_of(const event_field *fields, const char *name)
{
	for (size_t i = 0; i < EVENT_FIELD_COUNT; i++) {
		if (strcmp(fields[i].name, name) == 0)
			return fields[i].presence;
	}
	CU_FAIL("no such field");
	return FIELD_ABSENT;
}

static void test_event_fields(void)
{
	event_field f[EVENT_FIELD_COUNT];
	request_attrs create = resource_request("create", "", "pods", "", "shop", "");
	explain_event_fields(&create, FLOW_NORMAL, LEVEL_METADATA, STAGE_RESPONSE_COMPLETE, false, f);
	CU_ASSERT_EQUAL(presence_of(f, "requestObject"), FIELD_ABSENT);
	CU_ASSERT_EQUAL(presence_of(f, "objectRef"), FIELD_PRESENT);
	explain_event_fields(&create, FLOW_NORMAL, LEVEL_REQUEST, STAGE_RESPONSE_COMPLETE, false, f);
	CU_ASSERT_EQUAL(presence_of(f, "requestObject"), FIELD_PRESENT);
	CU_ASSERT_EQUAL(presence_of(f, "responseObject"), FIELD_ABSENT);
	explain_event_fields(&create, FLOW_NORMAL, LEVEL_REQUEST_RESPONSE, STAGE_REQUEST_RECEIVED,
	                     false, f);
	CU_ASSERT_EQUAL(presence_of(f, "requestObject"), FIELD_ABSENT);
	CU_ASSERT_EQUAL(presence_of(f, "responseStatus"), FIELD_ABSENT);

	request_attrs get = pods_get();
	explain_event_fields(&get, FLOW_NORMAL, LEVEL_REQUEST_RESPONSE, STAGE_RESPONSE_COMPLETE, true, f);
	CU_ASSERT_EQUAL(presence_of(f, "requestObject"), FIELD_ABSENT);
	CU_ASSERT_EQUAL(presence_of(f, "responseObject"), FIELD_PRESENT);

	request_attrs watch = resource_request("watch", "", "pods", "", "", "");
	explain_event_fields(&watch, FLOW_NORMAL, LEVEL_REQUEST_RESPONSE, STAGE_RESPONSE_COMPLETE, false, f);
	CU_ASSERT_EQUAL(presence_of(f, "responseObject"), FIELD_ABSENT);

	request_attrs exec = resource_request("create", "", "pods", "exec", "shop", "p1");
	explain_event_fields(&exec, FLOW_NORMAL, LEVEL_REQUEST_RESPONSE, STAGE_RESPONSE_COMPLETE, false, f);
	CU_ASSERT_EQUAL(presence_of(f, "requestObject"), FIELD_ABSENT);
	CU_ASSERT_EQUAL(presence_of(f, "responseObject"), FIELD_ABSENT);

	request_attrs health = non_resource_request("get", "/healthz");
	explain_event_fields(&health, FLOW_AUTHN_FAILED, LEVEL_REQUEST_RESPONSE,
	                     STAGE_RESPONSE_STARTED, false, f);
	CU_ASSERT_EQUAL(presence_of(f, "objectRef"), FIELD_ABSENT);
	CU_ASSERT_EQUAL(presence_of(f, "responseObject"), FIELD_ABSENT);
	CU_ASSERT_EQUAL(presence_of(f, "responseStatus"), FIELD_PRESENT);
}

void register_tests(void)
{
	static const test_case rules[] = {
		{ "a matching rule", test_matching_rule },
		{ "users", test_users },
		{ "userGroups", test_user_groups },
		{ "verbs", test_verbs },
		{ "namespaces", test_namespaces },
		{ "resources: group, resource, names", test_resources_group_then_resource_then_names },
		{ "resource and non-resource rules", test_kinds_of_request },
		{ "the first failing selector", test_first_failure_wins },
		{ NULL, NULL },
	};
	static const test_case policy_level[] = {
		{ "decision and stages", test_policy_decision_and_stages },
		{ "event fields", test_event_fields },
		{ NULL, NULL },
	};
	add_suite("explain_rule", rules);
	add_suite("explain_policy", policy_level);
}
