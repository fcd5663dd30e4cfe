/* checker tests for what a rule selects as the request's target, as the checker's
 * ruleMatchesResource and ruleMatchesNonResource decide it: resources with their
 * group/resource/subresource strings (§3.4 table), resourceNames, and nonResourceURLs
 * with path_matches. One edge case per test; rules and requests are built in memory. */
#include <CUnit/CUnit.h>

#include "checker.h"
#include "policy_builder.h"
#include "test_util.h"

/* GET of subresource `subresource` of pod default/p1. */
static request_attrs pod_sub(const char *subresource)
{
	return resource_request("get", "", "pods", subresource, "default", "p1");
}

/* ---- resources: groups ---- */

static void test_resources_rule_never_matches_non_resource(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, RESOURCES(GR("*", EMPTY_LIST)));
	request_attrs r = non_resource_request("get", "/api/v1");
	CU_ASSERT_FALSE(rule_matches_resource(&rule, &r));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_resources_empty_group_is_the_core_group_only(void)
{
	group_resources gr = GR("", LIST("pods"));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r.api_group = span_of("apps");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_named_group_matches_that_group_only(void)
{
	group_resources gr = GR("apps", LIST("deployments"));
	request_attrs r = resource_request("get", "apps", "deployments", "", "a", "d");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r.api_group = span_of("");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
	r.api_group = span_of("extensions");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_star_group_matches_every_group(void)
{
	group_resources gr = GR("*", LIST("deployments"));
	request_attrs r = resource_request("get", "apps", "deployments", "", "a", "d");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r.api_group = span_of("");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_group_is_case_sensitive(void)
{
	group_resources gr = GR("Apps", EMPTY_LIST);
	request_attrs r = resource_request("get", "apps", "deployments", "", "a", "d");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_group_is_never_part_of_the_resource(void)
{
	group_resources gr = GR("*", LIST("apps/deployments"));
	request_attrs r = resource_request("get", "apps", "deployments", "", "a", "d");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_entry_without_resources_matches_whole_group(void)
{
	group_resources gr = GR("apps", EMPTY_LIST);
	request_attrs r = resource_request("patch", "apps", "deployments", "scale", "a", "d");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r.subresource = span_of("");
	r.resource = span_of("statefulsets");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

/* ---- resources: the resource strings (§3.4 table) ---- */

static void test_resources_star_matches_any_resource(void)
{
	group_resources gr = GR("", LIST("*"));
	request_attrs r = resource_request("list", "", "secrets", "", "a", "");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_star_matches_subresources(void)
{
	group_resources gr = GR("", LIST("*"));
	request_attrs r = pod_sub("log");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_plain_matches_bare_resource(void)
{
	group_resources gr = GR("", LIST("pods"));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_plain_does_not_match_subresource(void)
{
	group_resources gr = GR("", LIST("pods"));
	request_attrs r = pod_sub("status");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_plain_does_not_match_longer_or_shorter_resource(void)
{
	group_resources gr = GR("", LIST("pods"));
	request_attrs r = resource_request("get", "", "podsx", "", "a", "p");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
	r.resource = span_of("pod");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_with_subresource_matches_that_subresource(void)
{
	group_resources gr = GR("", LIST("pods/log"));
	request_attrs r = pod_sub("log");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_with_subresource_rejects_other_subresource(void)
{
	group_resources gr = GR("", LIST("pods/log"));
	request_attrs r = pod_sub("exec");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
	r = pod_sub("logs");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_with_subresource_rejects_bare_resource(void)
{
	group_resources gr = GR("", LIST("pods/log"));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_star_subresource_matches_any_resource_with_it(void)
{
	group_resources gr = GR("*", LIST("*/scale"));
	request_attrs r = resource_request("update", "apps", "deployments", "scale", "a", "d");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r = resource_request("get", "", "replicationcontrollers", "scale", "a", "rc");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_star_subresource_rejects_bare_and_other(void)
{
	group_resources gr = GR("*", LIST("*/scale"));
	request_attrs r = resource_request("get", "apps", "deployments", "", "a", "d");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
	r.subresource = span_of("status");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_pods_star_matches_bare_pods(void)
{
	group_resources gr = GR("", LIST("pods/*"));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r = resource_request("list", "", "pods", "", "", "");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_pods_star_matches_any_pods_subresource(void)
{
	group_resources gr = GR("", LIST("pods/*"));
	request_attrs exec = pod_sub("exec"), status = pod_sub("status");
	CU_ASSERT_TRUE(group_resources_match(&gr, &exec));
	CU_ASSERT_TRUE(group_resources_match(&gr, &status));
}

static void test_resources_pods_star_rejects_other_resources(void)
{
	group_resources gr = GR("", LIST("pods/*"));
	request_attrs r = resource_request("get", "", "podtemplates", "", "a", "t");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
	r = resource_request("get", "", "services", "proxy", "a", "s");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_star_star_matches_nothing_real(void)
{
	group_resources gr = GR("*", LIST("*/*"));
	request_attrs bare = get_pod("a", "p"), log = pod_sub("log");
	CU_ASSERT_FALSE(group_resources_match(&gr, &bare));
	CU_ASSERT_FALSE(group_resources_match(&gr, &log));
}

static void test_resources_star_star_only_matches_literal_stars(void)
{
	group_resources gr = GR("*", LIST("*/*"));
	request_attrs sub_star = resource_request("get", "", "pods", "*", "a", "p");
	request_attrs resource_star = resource_request("get", "", "*", "", "a", "p");
	CU_ASSERT_TRUE(group_resources_match(&gr, &sub_star));
	CU_ASSERT_TRUE(group_resources_match(&gr, &resource_star));
}

static void test_resources_three_parts_match_nothing(void)
{
	group_resources gr = GR("", LIST("pods/log/*"));
	request_attrs bare = get_pod("a", "p"), log = pod_sub("log");
	CU_ASSERT_FALSE(group_resources_match(&gr, &bare));
	CU_ASSERT_FALSE(group_resources_match(&gr, &log));
}

static void test_resources_trailing_slash_matches_nothing(void)
{
	group_resources gr = GR("", LIST("pods/"));
	request_attrs bare = get_pod("a", "p"), log = pod_sub("log");
	CU_ASSERT_FALSE(group_resources_match(&gr, &bare));
	CU_ASSERT_FALSE(group_resources_match(&gr, &log));
}

static void test_resources_are_case_sensitive(void)
{
	group_resources gr = GR("", LIST("Pods"));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_empty_string_matches_nothing_real(void)
{
	group_resources gr = GR("", LIST(""));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resources_any_string_of_an_entry_matches(void)
{
	group_resources gr = GR("", LIST("configmaps", "pods/log", "secrets"));
	request_attrs r = pod_sub("log");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resources_any_entry_of_a_rule_matches(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, RESOURCES(GR("apps", LIST("deployments")), GR("", LIST("pods"))));
	request_attrs r = get_pod("a", "p");
	CU_ASSERT_TRUE(rule_matches_resource(&rule, &r));
	r = resource_request("get", "batch", "jobs", "", "a", "j");
	CU_ASSERT_FALSE(rule_matches_resource(&rule, &r));
}

static void test_resources_empty_list_matches_any_resource_request(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("a"), .resource_count = 0);
	request_attrs r = resource_request("get", "x.io", "things", "sub", "a", "n");
	CU_ASSERT_TRUE(rule_matches_resource(&rule, &r));
}

/* ---- resourceNames ---- */

static void test_resource_names_match_request_name(void)
{
	group_resources gr = GR_NAMES("", LIST("configmaps"), LIST("cm1", "cm2"));
	request_attrs r = resource_request("get", "", "configmaps", "", "a", "cm2");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
}

static void test_resource_names_reject_other_name(void)
{
	group_resources gr = GR_NAMES("", LIST("configmaps"), LIST("cm1"));
	request_attrs r = resource_request("get", "", "configmaps", "", "a", "cm10");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resource_names_reject_nameless_request(void)
{
	group_resources gr = GR_NAMES("", LIST("configmaps"), LIST("cm1"));
	request_attrs r = resource_request("list", "", "configmaps", "", "a", "");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resource_names_empty_string_matches_nameless_requests(void)
{
	group_resources gr = GR_NAMES("", LIST("pods"), LIST(""));
	const char *verbs[] = { "list", "create", "deletecollection", "watch" };
	for (size_t i = 0; i < ARRAY_LEN(verbs); i++) {
		request_attrs r = resource_request(verbs[i], "", "pods", "", "a", "");
		CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	}
	request_attrs named = get_pod("a", "p");
	CU_ASSERT_FALSE(group_resources_match(&gr, &named));
}

static void test_resource_names_apply_to_subresource_requests(void)
{
	group_resources gr = GR_NAMES("", LIST("pods/log"), LIST("p1"));
	request_attrs r = pod_sub("log");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r.name = span_of("p2");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resource_names_apply_with_star_resource(void)
{
	group_resources gr = GR_NAMES("*", LIST("*"), LIST("shared"));
	request_attrs r = resource_request("update", "apps", "deployments", "", "a", "shared");
	CU_ASSERT_TRUE(group_resources_match(&gr, &r));
	r.name = span_of("other");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

static void test_resource_names_are_case_sensitive(void)
{
	group_resources gr = GR_NAMES("", LIST("secrets"), LIST("Token"));
	request_attrs r = resource_request("get", "", "secrets", "", "a", "token");
	CU_ASSERT_FALSE(group_resources_match(&gr, &r));
}

/* ---- nonResourceURLs and path_matches ---- */

static void test_path_star_matches_every_path(void)
{
	CU_ASSERT_TRUE(path_matches("*", span_of("/healthz")));
	CU_ASSERT_TRUE(path_matches("*", span_of("/")));
	CU_ASSERT_TRUE(path_matches("*", span_of("")));
}

static void test_path_exact_matches_itself(void)
{
	CU_ASSERT_TRUE(path_matches("/healthz", span_of("/healthz")));
	CU_ASSERT_TRUE(path_matches("/", span_of("/")));
}

static void test_path_exact_rejects_subpath(void)
{
	CU_ASSERT_FALSE(path_matches("/healthz", span_of("/healthz/etcd")));
}

static void test_path_exact_rejects_trailing_slash(void)
{
	CU_ASSERT_FALSE(path_matches("/healthz", span_of("/healthz/")));
}

static void test_path_exact_rejects_shorter_path(void)
{
	CU_ASSERT_FALSE(path_matches("/healthz", span_of("/health")));
	CU_ASSERT_FALSE(path_matches("/", span_of("")));
}

static void test_path_exact_is_case_sensitive(void)
{
	CU_ASSERT_FALSE(path_matches("/Healthz", span_of("/healthz")));
}

static void test_path_trailing_star_matches_prefix(void)
{
	CU_ASSERT_TRUE(path_matches("/healthz*", span_of("/healthz/etcd")));
	CU_ASSERT_TRUE(path_matches("/healthz/*", span_of("/healthz/etcd")));
}

static void test_path_trailing_star_matches_the_prefix_itself(void)
{
	CU_ASSERT_TRUE(path_matches("/healthz*", span_of("/healthz")));
	CU_ASSERT_FALSE(path_matches("/healthz/*", span_of("/healthz")));
}

static void test_path_trailing_star_is_a_plain_string_prefix(void)
{
	CU_ASSERT_TRUE(path_matches("/api*", span_of("/api")));
	CU_ASSERT_TRUE(path_matches("/api*", span_of("/apis")));
	CU_ASSERT_TRUE(path_matches("/api*", span_of("/api/v1")));
	CU_ASSERT_TRUE(path_matches("/api*", span_of("/apix")));
	CU_ASSERT_TRUE(path_matches("/healthz*", span_of("/healthzfoo")));
}

static void test_path_trailing_star_rejects_shorter_path(void)
{
	CU_ASSERT_FALSE(path_matches("/healthz*", span_of("/health")));
	CU_ASSERT_FALSE(path_matches("/api*", span_of("/ap")));
}

static void test_path_all_trailing_stars_are_stripped(void)
{
	CU_ASSERT_TRUE(path_matches("/api**", span_of("/api")));
	CU_ASSERT_TRUE(path_matches("/api***", span_of("/apis/apps")));
	CU_ASSERT_TRUE(path_matches("**", span_of("/anything")));
}

static void test_path_inner_star_is_a_literal(void)
{
	CU_ASSERT_FALSE(path_matches("/a*b", span_of("/axb")));
	CU_ASSERT_TRUE(path_matches("/a*b", span_of("/a*b")));
}

static void test_path_prefix_with_literal_star_in_path(void)
{
	CU_ASSERT_TRUE(path_matches("/api*", span_of("/api*x")));
}

static void test_path_is_compared_without_query(void)
{
	CU_ASSERT_FALSE(path_matches("/readyz?verbose", span_of("/readyz")));
}

static void test_non_resource_urls_rule_never_matches_resource_request(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .non_resource_urls = LIST("*"));
	request_attrs r = get_pod("a", "p");
	r.path = span_of("/api/v1/namespaces/a/pods/p");
	CU_ASSERT_FALSE(rule_matches_non_resource(&rule, &r));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_non_resource_urls_any_entry_matches(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .non_resource_urls = LIST("/healthz", "/version", "/readyz*"));
	request_attrs r = non_resource_request("get", "/readyz/ping");
	CU_ASSERT_TRUE(rule_matches_non_resource(&rule, &r));
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
	r.path = span_of("/livez");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static void test_non_resource_urls_see_discovery_paths(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .non_resource_urls = LIST("/api*"));
	request_attrs api = non_resource_request("get", "/api/v1");
	request_attrs apis = non_resource_request("get", "/apis/apps/v1");
	CU_ASSERT_TRUE(rule_matches(&rule, &api));
	CU_ASSERT_TRUE(rule_matches(&rule, &apis));
}

static void test_rule_without_kind_selectors_matches_both_kinds(void)
{
	policy_rule rule = RULE(LEVEL_REQUEST);
	request_attrs pod = get_pod("a", "p"), healthz = non_resource_request("get", "/healthz");
	CU_ASSERT_TRUE(rule_matches(&rule, &pod));
	CU_ASSERT_TRUE(rule_matches(&rule, &healthz));
}

static void test_non_resource_rule_with_verbs_and_users(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .users = LIST("alice"), .verbs = LIST("get"),
	                        .non_resource_urls = LIST("/metrics"));
	request_attrs r = non_resource_request("get", "/metrics");
	CU_ASSERT_TRUE(rule_matches(&rule, &r));
	r.verb = span_of("post");
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
	r = without_user(non_resource_request("get", "/metrics"));
	CU_ASSERT_FALSE(rule_matches(&rule, &r));
}

static const test_case resource_tests[] = {
	{ "resources_rule_never_matches_non_resource", test_resources_rule_never_matches_non_resource },
	{ "resources_empty_group_is_the_core_group_only", test_resources_empty_group_is_the_core_group_only },
	{ "resources_named_group_matches_that_group_only", test_resources_named_group_matches_that_group_only },
	{ "resources_star_group_matches_every_group", test_resources_star_group_matches_every_group },
	{ "resources_group_is_case_sensitive", test_resources_group_is_case_sensitive },
	{ "resources_group_is_never_part_of_the_resource", test_resources_group_is_never_part_of_the_resource },
	{ "resources_entry_without_resources_matches_whole_group",
	  test_resources_entry_without_resources_matches_whole_group },
	{ "resources_star_matches_any_resource", test_resources_star_matches_any_resource },
	{ "resources_star_matches_subresources", test_resources_star_matches_subresources },
	{ "resources_plain_matches_bare_resource", test_resources_plain_matches_bare_resource },
	{ "resources_plain_does_not_match_subresource", test_resources_plain_does_not_match_subresource },
	{ "resources_plain_does_not_match_longer_or_shorter_resource",
	  test_resources_plain_does_not_match_longer_or_shorter_resource },
	{ "resources_with_subresource_matches_that_subresource",
	  test_resources_with_subresource_matches_that_subresource },
	{ "resources_with_subresource_rejects_other_subresource",
	  test_resources_with_subresource_rejects_other_subresource },
	{ "resources_with_subresource_rejects_bare_resource", test_resources_with_subresource_rejects_bare_resource },
	{ "resources_star_subresource_matches_any_resource_with_it",
	  test_resources_star_subresource_matches_any_resource_with_it },
	{ "resources_star_subresource_rejects_bare_and_other", test_resources_star_subresource_rejects_bare_and_other },
	{ "resources_pods_star_matches_bare_pods", test_resources_pods_star_matches_bare_pods },
	{ "resources_pods_star_matches_any_pods_subresource", test_resources_pods_star_matches_any_pods_subresource },
	{ "resources_pods_star_rejects_other_resources", test_resources_pods_star_rejects_other_resources },
	{ "resources_star_star_matches_nothing_real", test_resources_star_star_matches_nothing_real },
	{ "resources_star_star_only_matches_literal_stars", test_resources_star_star_only_matches_literal_stars },
	{ "resources_three_parts_match_nothing", test_resources_three_parts_match_nothing },
	{ "resources_trailing_slash_matches_nothing", test_resources_trailing_slash_matches_nothing },
	{ "resources_are_case_sensitive", test_resources_are_case_sensitive },
	{ "resources_empty_string_matches_nothing_real", test_resources_empty_string_matches_nothing_real },
	{ "resources_any_string_of_an_entry_matches", test_resources_any_string_of_an_entry_matches },
	{ "resources_any_entry_of_a_rule_matches", test_resources_any_entry_of_a_rule_matches },
	{ "resources_empty_list_matches_any_resource_request", test_resources_empty_list_matches_any_resource_request },
	{ "resource_names_match_request_name", test_resource_names_match_request_name },
	{ "resource_names_reject_other_name", test_resource_names_reject_other_name },
	{ "resource_names_reject_nameless_request", test_resource_names_reject_nameless_request },
	{ "resource_names_empty_string_matches_nameless_requests",
	  test_resource_names_empty_string_matches_nameless_requests },
	{ "resource_names_apply_to_subresource_requests", test_resource_names_apply_to_subresource_requests },
	{ "resource_names_apply_with_star_resource", test_resource_names_apply_with_star_resource },
	{ "resource_names_are_case_sensitive", test_resource_names_are_case_sensitive },
	{ NULL, NULL },
};

static const test_case non_resource_tests[] = {
	{ "path_star_matches_every_path", test_path_star_matches_every_path },
	{ "path_exact_matches_itself", test_path_exact_matches_itself },
	{ "path_exact_rejects_subpath", test_path_exact_rejects_subpath },
	{ "path_exact_rejects_trailing_slash", test_path_exact_rejects_trailing_slash },
	{ "path_exact_rejects_shorter_path", test_path_exact_rejects_shorter_path },
	{ "path_exact_is_case_sensitive", test_path_exact_is_case_sensitive },
	{ "path_trailing_star_matches_prefix", test_path_trailing_star_matches_prefix },
	{ "path_trailing_star_matches_the_prefix_itself", test_path_trailing_star_matches_the_prefix_itself },
	{ "path_trailing_star_is_a_plain_string_prefix", test_path_trailing_star_is_a_plain_string_prefix },
	{ "path_trailing_star_rejects_shorter_path", test_path_trailing_star_rejects_shorter_path },
	{ "path_all_trailing_stars_are_stripped", test_path_all_trailing_stars_are_stripped },
	{ "path_inner_star_is_a_literal", test_path_inner_star_is_a_literal },
	{ "path_prefix_with_literal_star_in_path", test_path_prefix_with_literal_star_in_path },
	{ "path_is_compared_without_query", test_path_is_compared_without_query },
	{ "non_resource_urls_rule_never_matches_resource_request",
	  test_non_resource_urls_rule_never_matches_resource_request },
	{ "non_resource_urls_any_entry_matches", test_non_resource_urls_any_entry_matches },
	{ "non_resource_urls_see_discovery_paths", test_non_resource_urls_see_discovery_paths },
	{ "rule_without_kind_selectors_matches_both_kinds", test_rule_without_kind_selectors_matches_both_kinds },
	{ "non_resource_rule_with_verbs_and_users", test_non_resource_rule_with_verbs_and_users },
	{ NULL, NULL },
};

void register_tests(void)
{
	add_suite("checker: resources and resourceNames", resource_tests);
	add_suite("checker: nonResourceURLs", non_resource_tests);
}
