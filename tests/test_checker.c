/* checker tests: one edge case of kube-apiserver's policy checker per test
 * (reference §3 and §11): who (users, userGroups), how (verbs), where (namespaces)
 * and evaluate_policy_rule. What a rule selects as the target (resources, resourceNames,
 * nonResourceURLs) is in test_checker_resources.c. Rules and requests are built in
 * memory. */
#include <CUnit/CUnit.h>

#include "checker.h"
#include "policy_builder.h"
#include "test_util.h"

static const span admin_groups[] = { { "system:masters", 14 }, { "system:authenticated", 20 } };

/* ---- users and userGroups ---- */

static void test_users_absent_matches_any_user(void)
{
	policy_rule rule = RULE(LEVEL_METADATA);
	CU_ASSERT_TRUE(rule_matches_user(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("bob") }));
}

static void test_users_match_listed_name(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("bob", "alice"));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("alice") }));
}

static void test_users_reject_unlisted_name(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("bob"));
	request_attrs r = get_pod("default", "p1");
	CU_ASSERT_FALSE(rule_matches_user(&rule, &r));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_users_star_is_a_literal(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("*"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("alice") }));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("*") }));
}

static void test_users_are_case_sensitive(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("Alice"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("alice") }));
}

static void test_users_prefix_of_name_does_not_match(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("system:serviceaccount:"));
	request_attrs r = { .has_user = true, .user_name = span_of("system:serviceaccount:ns:sa") };
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_users_empty_string_matches_user_with_empty_name(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST(""));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("") }));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .has_user = true }));
}

static void test_users_empty_string_never_matches_request_without_user(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST(""));
	request_attrs r = without_user(non_resource_request("get", "/healthz"));
	CU_ASSERT_FALSE(rule_matches_user(&rule, &r));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_users_never_match_request_without_user(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("system:anonymous"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .has_user = false, .user_name = span_of("system:anonymous") }));
}

static void test_user_groups_match_any_of_the_users_groups(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .user_groups = LIST("system:nodes", "system:authenticated"));
	request_attrs r = with_user(get_pod("a", "p"), "alice", admin_groups, 2);
	CU_ASSERT_TRUE(rule_matches_user(&rule, &r));
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
}

static void test_user_groups_without_common_group_do_not_match(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .user_groups = LIST("system:nodes"));
	request_attrs r = with_user(get_pod("a", "p"), "alice", admin_groups, 2);
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_user_groups_prefix_wildcard_is_a_literal(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .user_groups = LIST("system:*"));
	request_attrs r = with_user(get_pod("a", "p"), "alice", admin_groups, 2);
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_user_groups_do_not_match_user_without_groups(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .user_groups = LIST(""));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .has_user = true, .user_name = span_of("alice") }));
}

static void test_user_groups_never_match_request_without_user(void)
{
	static const span anonymous[] = { { "system:unauthenticated", 22 } };
	policy_rule rule = RULE(LEVEL_METADATA, .user_groups = LIST("system:unauthenticated"));
	request_attrs r = non_resource_request("get", "/healthz");
	r.has_user = false;
	r.groups = anonymous;
	r.group_count = 1;
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_users_and_user_groups_must_both_match(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("alice"), .user_groups = LIST("system:nodes"));
	request_attrs r = with_user(get_pod("a", "p"), "alice", admin_groups, 2);
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
	rule.user_groups = LIST("system:masters");
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
}

static void test_rule_without_user_selectors_matches_request_without_user(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("get"));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .verb = span_of("get") }));
}

/* ---- verbs ---- */

static void test_verbs_absent_match_any_verb(void)
{
	policy_rule rule = RULE(LEVEL_METADATA);
	request_attrs r = resource_request("escalate", "rbac.authorization.k8s.io", "roles", "", "a", "r");
	CU_ASSERT_TRUE(rule_matches_verb(&rule, &r));
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
}

static void test_verbs_match_listed_verb(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("list", "watch"));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .verb = span_of("watch") }));
}

static void test_verbs_get_does_not_match_list(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("get"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = span_of("list") }));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = span_of("ge") }));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = span_of("gets") }));
}

static void test_verbs_star_is_a_literal(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("*"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = span_of("get") }));
}

static void test_verbs_http_method_is_a_literal(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("GET"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = span_of("get") }));
}

static void test_verbs_empty_string_matches_unknown_method_verb(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST(""));
	request_attrs r = resource_request("", "", "pods", "", "a", "");
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
	r.verb = span_of("list");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_verbs_head_does_not_match_get_for_non_resource(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("get"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = span_of("head"), .path = span_of("/healthz") }));
}

static void test_verb_with_embedded_nul_never_matches(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("get"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = { "get\0x", 5 } }));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .verb = { "ge\0", 3 } }));
}

/* ---- namespaces ---- */

static void test_namespaces_match_listed_namespace(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("kube-system", "default"));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .is_resource = true, .namespace_ = span_of("default"),
	                                                      .resource = span_of("pods") }));
}

static void test_namespaces_reject_other_namespace(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("kube-system"));
	request_attrs r = get_pod("kube-public", "p");
	CU_ASSERT_FALSE(rule_matches_resource(&rule, &r));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_namespaces_empty_string_matches_cluster_scoped(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST(""));
	CU_ASSERT_TRUE(rule_matches(&rule, &(request_attrs){ .is_resource = true, .resource = span_of("nodes") }));
}

static void test_namespaces_empty_string_rejects_namespaced(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST(""));
	request_attrs r = get_pod("default", "p");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_namespaces_star_is_a_literal(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("*"));
	request_attrs r = get_pod("default", "p");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
	r.namespace_ = span_of("");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_namespaces_rule_never_matches_non_resource(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST(""));
	request_attrs r = non_resource_request("get", "/healthz");
	CU_ASSERT_FALSE(rule_matches_resource(&rule, &r));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_namespaces_rule_ignores_its_non_resource_urls(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("default"), .non_resource_urls = LIST("*"));
	CU_ASSERT_FALSE(rule_matches(&rule, &(request_attrs){ .path = span_of("/healthz") }));
	request_attrs pod = get_pod("default", "p");
	CU_ASSERT_TRUE(rule_matches(&rule, &pod));
}

static void test_namespaces_and_resources_must_both_match(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("a"), RESOURCES(GR("", LIST("pods"))));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
	r.namespace_ = span_of("b");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
	r = resource_request("get", "", "secrets", "", "a", "s");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_namespaces_without_resources_match_any_resource(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("a"));
	request_attrs r = resource_request("create", "apps", "deployments", "scale", "a", "d");
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
}

/* ---- evaluate_policy_rule ---- */

static void test_decide_first_matching_rule_wins(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_REQUEST_RESPONSE, .verbs = LIST("create")),
		RULE(LEVEL_REQUEST, RESOURCES(GR("", LIST("pods")))),
		RULE(LEVEL_METADATA),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = get_pod("a", "p");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(d.rule, 1);
}

static void test_decide_later_broader_rule_does_not_override(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_METADATA, RESOURCES(GR("", LIST("secrets")))),
		RULE(LEVEL_REQUEST_RESPONSE),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = resource_request("get", "", "secrets", "", "a", "s");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_METADATA);
	CU_ASSERT_EQUAL(d.rule, 0);
}

static void test_decide_matching_none_rule_stops_the_search(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_NONE, .users = LIST("system:kube-proxy")),
		RULE(LEVEL_METADATA),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = with_user(resource_request("watch", "", "endpoints", "", "", ""), "system:kube-proxy", NULL, 0);
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_NONE);
	CU_ASSERT_EQUAL(d.rule, 0);
}

static void test_decide_no_match_is_none_with_rule_minus_one(void)
{
	policy_rule rules[] = { RULE(LEVEL_METADATA, .verbs = LIST("delete")) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = get_pod("a", "p");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_NONE);
	CU_ASSERT_EQUAL(d.rule, -1);
}

static void test_decide_no_match_keeps_policy_omit_stages(void)
{
	policy_rule rules[] = { RULE(LEVEL_METADATA, .verbs = LIST("delete"),
	                             .omit_stage_mask = STAGE_BIT(STAGE_RESPONSE_STARTED)) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	p.omit_stage_mask = STAGE_BIT(STAGE_REQUEST_RECEIVED);
	request_attrs r = get_pod("a", "p");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.omit_stages, STAGE_BIT(STAGE_REQUEST_RECEIVED));
}

static void test_decide_no_match_keeps_policy_omit_managed_fields(void)
{
	policy_rule rules[] = { RULE(LEVEL_METADATA, .verbs = LIST("delete"), .omit_managed_fields = TRISTATE_FALSE) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = get_pod("a", "p");
	p.omit_managed_fields = true;
	CU_ASSERT_TRUE(evaluate_policy_rule(&p, &r).omit_managed_fields);
	p.omit_managed_fields = false;
	CU_ASSERT_FALSE(evaluate_policy_rule(&p, &r).omit_managed_fields);
}

static void test_decide_policy_without_rules_is_none(void)
{
	policy p = policy_of(NULL, 0);
	p.omit_stage_mask = STAGE_BIT(STAGE_PANIC);
	request_attrs r = get_pod("a", "p");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_NONE);
	CU_ASSERT_EQUAL(d.rule, -1);
	CU_ASSERT_EQUAL(d.omit_stages, STAGE_BIT(STAGE_PANIC));
}

static void test_decide_omit_stages_is_the_union(void)
{
	policy_rule rules[] = { RULE(LEVEL_METADATA, .omit_stage_mask = STAGE_BIT(STAGE_RESPONSE_STARTED)) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	p.omit_stage_mask = STAGE_BIT(STAGE_REQUEST_RECEIVED);
	request_attrs r = get_pod("a", "p");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.omit_stages, STAGE_BIT(STAGE_REQUEST_RECEIVED) | STAGE_BIT(STAGE_RESPONSE_STARTED));
}

static void test_decide_omit_stages_duplicates_collapse(void)
{
	stage_set both = STAGE_BIT(STAGE_REQUEST_RECEIVED) | STAGE_BIT(STAGE_PANIC);
	policy_rule rules[] = { RULE(LEVEL_METADATA, .omit_stage_mask = both) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	p.omit_stage_mask = STAGE_BIT(STAGE_REQUEST_RECEIVED);
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_EQUAL(evaluate_policy_rule(&p, &r).omit_stages, both);
}

static void test_decide_rule_without_omit_stages_uses_policy_stages(void)
{
	policy_rule rules[] = { RULE(LEVEL_METADATA) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	p.omit_stage_mask = STAGE_BIT(STAGE_REQUEST_RECEIVED);
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_EQUAL(evaluate_policy_rule(&p, &r).omit_stages, STAGE_BIT(STAGE_REQUEST_RECEIVED));
}

static void test_decide_only_the_deciding_rule_adds_omit_stages(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_REQUEST, .verbs = LIST("delete"), .omit_stage_mask = STAGE_BIT(STAGE_PANIC)),
		RULE(LEVEL_METADATA, .omit_stage_mask = STAGE_BIT(STAGE_RESPONSE_STARTED)),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_EQUAL(evaluate_policy_rule(&p, &r).omit_stages, STAGE_BIT(STAGE_RESPONSE_STARTED));
}

static void test_decide_rule_omit_managed_fields_true_overrides_policy_false(void)
{
	policy_rule rules[] = { RULE(LEVEL_REQUEST, .omit_managed_fields = TRISTATE_TRUE) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	p.omit_managed_fields = false;
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_TRUE(evaluate_policy_rule(&p, &r).omit_managed_fields);
}

static void test_decide_rule_omit_managed_fields_false_overrides_policy_true(void)
{
	policy_rule rules[] = { RULE(LEVEL_REQUEST, .omit_managed_fields = TRISTATE_FALSE) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	p.omit_managed_fields = true;
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_FALSE(evaluate_policy_rule(&p, &r).omit_managed_fields);
}

static void test_decide_rule_omit_managed_fields_unset_inherits_policy(void)
{
	policy_rule rules[] = { RULE(LEVEL_REQUEST, .omit_managed_fields = TRISTATE_UNSET) };
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = get_pod("a", "p");
	p.omit_managed_fields = true;
	CU_ASSERT_TRUE(evaluate_policy_rule(&p, &r).omit_managed_fields);
	p.omit_managed_fields = false;
	CU_ASSERT_FALSE(evaluate_policy_rule(&p, &r).omit_managed_fields);
}

static void test_decide_request_without_user_skips_user_rules(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_NONE, .users = LIST("")),
		RULE(LEVEL_NONE, .user_groups = LIST("system:unauthenticated")),
		RULE(LEVEL_METADATA),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = without_user(non_resource_request("get", "/api"));
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_METADATA);
	CU_ASSERT_EQUAL(d.rule, 2);
}

static void test_decide_non_resource_request_skips_resource_rules(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_REQUEST_RESPONSE, .namespaces = LIST("")),
		RULE(LEVEL_REQUEST, RESOURCES(GR("*", EMPTY_LIST))),
		RULE(LEVEL_METADATA, .non_resource_urls = LIST("/healthz*")),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = non_resource_request("get", "/healthz/etcd");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_METADATA);
	CU_ASSERT_EQUAL(d.rule, 2);
}

static void test_decide_resource_request_skips_non_resource_rules(void)
{
	policy_rule rules[] = {
		RULE(LEVEL_REQUEST_RESPONSE, .non_resource_urls = LIST("*")),
		RULE(LEVEL_REQUEST),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = get_pod("a", "p");
	audit_decision d = evaluate_policy_rule(&p, &r);
	CU_ASSERT_EQUAL(d.level, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(d.rule, 1);
}

static void test_decide_is_the_impersonators_decision(void)
{
	/* The caller passes the authenticated user; the impersonated one is never seen. */
	policy_rule rules[] = {
		RULE(LEVEL_REQUEST_RESPONSE, .users = LIST("admin")),
		RULE(LEVEL_METADATA, .users = LIST("impersonator")),
	};
	policy p = policy_of(rules, ARRAY_LEN(rules));
	request_attrs r = with_user(get_pod("a", "p"), "impersonator", NULL, 0);
	CU_ASSERT_EQUAL(evaluate_policy_rule(&p, &r).rule, 1);
}

static const test_case user_tests[] = {
	{ "users_absent_matches_any_user", test_users_absent_matches_any_user },
	{ "users_match_listed_name", test_users_match_listed_name },
	{ "users_reject_unlisted_name", test_users_reject_unlisted_name },
	{ "users_star_is_a_literal", test_users_star_is_a_literal },
	{ "users_are_case_sensitive", test_users_are_case_sensitive },
	{ "users_prefix_of_name_does_not_match", test_users_prefix_of_name_does_not_match },
	{ "users_empty_string_matches_user_with_empty_name", test_users_empty_string_matches_user_with_empty_name },
	{ "users_empty_string_never_matches_request_without_user",
	  test_users_empty_string_never_matches_request_without_user },
	{ "users_never_match_request_without_user", test_users_never_match_request_without_user },
	{ "user_groups_match_any_of_the_users_groups", test_user_groups_match_any_of_the_users_groups },
	{ "user_groups_without_common_group_do_not_match", test_user_groups_without_common_group_do_not_match },
	{ "user_groups_prefix_wildcard_is_a_literal", test_user_groups_prefix_wildcard_is_a_literal },
	{ "user_groups_do_not_match_user_without_groups", test_user_groups_do_not_match_user_without_groups },
	{ "user_groups_never_match_request_without_user", test_user_groups_never_match_request_without_user },
	{ "users_and_user_groups_must_both_match", test_users_and_user_groups_must_both_match },
	{ "rule_without_user_selectors_matches_request_without_user",
	  test_rule_without_user_selectors_matches_request_without_user },
	{ NULL, NULL },
};

static const test_case verb_tests[] = {
	{ "verbs_absent_match_any_verb", test_verbs_absent_match_any_verb },
	{ "verbs_match_listed_verb", test_verbs_match_listed_verb },
	{ "verbs_get_does_not_match_list", test_verbs_get_does_not_match_list },
	{ "verbs_star_is_a_literal", test_verbs_star_is_a_literal },
	{ "verbs_http_method_is_a_literal", test_verbs_http_method_is_a_literal },
	{ "verbs_empty_string_matches_unknown_method_verb", test_verbs_empty_string_matches_unknown_method_verb },
	{ "verbs_head_does_not_match_get_for_non_resource", test_verbs_head_does_not_match_get_for_non_resource },
	{ "verb_with_embedded_nul_never_matches", test_verb_with_embedded_nul_never_matches },
	{ NULL, NULL },
};

static const test_case namespace_tests[] = {
	{ "namespaces_match_listed_namespace", test_namespaces_match_listed_namespace },
	{ "namespaces_reject_other_namespace", test_namespaces_reject_other_namespace },
	{ "namespaces_empty_string_matches_cluster_scoped", test_namespaces_empty_string_matches_cluster_scoped },
	{ "namespaces_empty_string_rejects_namespaced", test_namespaces_empty_string_rejects_namespaced },
	{ "namespaces_star_is_a_literal", test_namespaces_star_is_a_literal },
	{ "namespaces_rule_never_matches_non_resource", test_namespaces_rule_never_matches_non_resource },
	{ "namespaces_rule_ignores_its_non_resource_urls", test_namespaces_rule_ignores_its_non_resource_urls },
	{ "namespaces_and_resources_must_both_match", test_namespaces_and_resources_must_both_match },
	{ "namespaces_without_resources_match_any_resource", test_namespaces_without_resources_match_any_resource },
	{ NULL, NULL },
};

static const test_case decide_tests[] = {
	{ "decide_first_matching_rule_wins", test_decide_first_matching_rule_wins },
	{ "decide_later_broader_rule_does_not_override", test_decide_later_broader_rule_does_not_override },
	{ "decide_matching_none_rule_stops_the_search", test_decide_matching_none_rule_stops_the_search },
	{ "decide_no_match_is_none_with_rule_minus_one", test_decide_no_match_is_none_with_rule_minus_one },
	{ "decide_no_match_keeps_policy_omit_stages", test_decide_no_match_keeps_policy_omit_stages },
	{ "decide_no_match_keeps_policy_omit_managed_fields", test_decide_no_match_keeps_policy_omit_managed_fields },
	{ "decide_policy_without_rules_is_none", test_decide_policy_without_rules_is_none },
	{ "decide_omit_stages_is_the_union", test_decide_omit_stages_is_the_union },
	{ "decide_omit_stages_duplicates_collapse", test_decide_omit_stages_duplicates_collapse },
	{ "decide_rule_without_omit_stages_uses_policy_stages",
	  test_decide_rule_without_omit_stages_uses_policy_stages },
	{ "decide_only_the_deciding_rule_adds_omit_stages", test_decide_only_the_deciding_rule_adds_omit_stages },
	{ "decide_rule_omit_managed_fields_true_overrides_policy_false",
	  test_decide_rule_omit_managed_fields_true_overrides_policy_false },
	{ "decide_rule_omit_managed_fields_false_overrides_policy_true",
	  test_decide_rule_omit_managed_fields_false_overrides_policy_true },
	{ "decide_rule_omit_managed_fields_unset_inherits_policy",
	  test_decide_rule_omit_managed_fields_unset_inherits_policy },
	{ "decide_request_without_user_skips_user_rules", test_decide_request_without_user_skips_user_rules },
	{ "decide_non_resource_request_skips_resource_rules", test_decide_non_resource_request_skips_resource_rules },
	{ "decide_resource_request_skips_non_resource_rules", test_decide_resource_request_skips_non_resource_rules },
	{ "decide_is_the_impersonators_decision", test_decide_is_the_impersonators_decision },
	{ NULL, NULL },
};

void register_tests(void)
{
	add_suite("checker: users and userGroups", user_tests);
	add_suite("checker: verbs", verb_tests);
	add_suite("checker: namespaces", namespace_tests);
	add_suite("checker: evaluate_policy_rule", decide_tests);
}
