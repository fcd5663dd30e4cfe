/* lint shadowing: rule_is_shadowed, one selector at a time, with true positives
 * (an earlier rule, or the union of earlier rules, covers every request the rule
 * could match) and the cases that must not be flagged. The lint codes built on it are
 * tested in test_lint.c. Policies are written inline as YAML and loaded by the real
 * loader. */
#include <CUnit/CUnit.h>
#include <stdlib.h>

#include "coverage.h"
#include "policy_test_util.h"

/* --- helpers --- */

/* Is rules[index] of the policy (rules only, HEAD added) shadowed, and by which rule? */
static bool shadowed(const char *rules, size_t index, int *by)
{
	char *yaml = xasprintf(HEAD "rules:\n%s", rules);
	loaded l = open_ok(yaml);
	coverage *cov = coverage_new(&l.p);
	bool result = rule_is_shadowed(cov, index, by);
	coverage_free(cov);
	done(&l);
	free(yaml);
	return result;
}

static void expect_shadowed(const char *rules, size_t index, int want_by)
{
	int by = -2;
	CU_ASSERT_TRUE(shadowed(rules, index, &by));
	CU_ASSERT_EQUAL(by, want_by);
}

static void expect_not_shadowed(const char *rules, size_t index)
{
	int by;
	CU_ASSERT_FALSE(shadowed(rules, index, &by));
}

/* --- shadowing: true positives --- */

static void test_shadow_after_catch_all(void)
{
	expect_shadowed("- level: Metadata\n- level: None\n  verbs: [get]\n", 1, 0);
}

static void test_shadow_users_superset(void)
{
	expect_shadowed("- level: None\n  users: [a, b]\n"
	                "- level: Request\n  users: [a]\n  verbs: [get]\n",
	                1, 0);
}

static void test_shadow_groups_superset(void)
{
	expect_shadowed("- level: None\n  userGroups: [g1, g2]\n"
	                "- level: Request\n  userGroups: [g2]\n  users: [x]\n",
	                1, 0);
}

static void test_shadow_verbs_superset(void)
{
	expect_shadowed("- level: None\n  verbs: [get, list, watch]\n"
	                "- level: Request\n  verbs: [watch]\n  resources: [{group: '', resources: [pods]}]\n",
	                1, 0);
}

static void test_shadow_namespaces_superset(void)
{
	expect_shadowed("- level: None\n  namespaces: [kube-system, default]\n"
	                "- level: Request\n  namespaces: [default]\n"
	                "  resources: [{group: '', resources: [pods]}]\n",
	                1, 0);
}

static void test_shadow_any_group(void)
{
	expect_shadowed("- level: None\n  resources: [{group: '*'}]\n"
	                "- level: Request\n  resources: [{group: apps, resources: [deployments]}]\n",
	                1, 0);
}

static void test_shadow_star_covers_subresources(void)
{
	expect_shadowed("- level: None\n  resources: [{group: '', resources: ['*']}]\n"
	                "- level: Request\n  resources: [{group: '', resources: [pods/log]}]\n",
	                1, 0);
}

static void test_shadow_sub_any_covers_bare_resource(void)
{
	/* pods slash-star also matches bare pods (§3.4) */
	const char *rules = "- level: None\n  resources: [{group: '', resources: ['pods/*']}]\n"
	                    "- level: Request\n  resources: [{group: '', resources: [pods, pods/exec]}]\n";
	expect_shadowed(rules, 1, 0);
}

static void test_shadow_any_resource_subresource(void)
{
	expect_shadowed("- level: None\n  resources: [{group: apps, resources: ['*/scale']}]\n"
	                "- level: Request\n  resources: [{group: apps, resources: [deployments/scale]}]\n",
	                1, 0);
}

static void test_shadow_resource_names(void)
{
	expect_shadowed("- level: None\n"
	                "  resources: [{group: '', resources: [configmaps], resourceNames: [a, b]}]\n"
	                "- level: Request\n"
	                "  resources: [{group: '', resources: [configmaps], resourceNames: [a]}]\n",
	                1, 0);
	expect_shadowed("- level: None\n  resources: [{group: '', resources: [configmaps]}]\n"
	                "- level: Request\n"
	                "  resources: [{group: '', resources: [configmaps], resourceNames: [a]}]\n",
	                1, 0);
}

static void test_shadow_url_prefix(void)
{
	expect_shadowed("- level: None\n  nonResourceURLs: ['/healthz*']\n"
	                "- level: Request\n  nonResourceURLs: [/healthz, /healthz/etcd, '/healthz/*']\n",
	                1, 0);
	expect_shadowed("- level: None\n  nonResourceURLs: ['/api*']\n"
	                "- level: Request\n  nonResourceURLs: ['/apis/*']\n",
	                1, 0);
	expect_shadowed("- level: None\n  nonResourceURLs: ['*']\n"
	                "- level: Request\n  nonResourceURLs: [/metrics]\n",
	                1, 0);
}

static void test_shadow_any_kind_covers_both_kinds(void)
{
	const char *rules = "- level: None\n  users: [a]\n"
	                    "- level: Request\n  users: [a]\n  nonResourceURLs: [/metrics]\n"
	                    "- level: Request\n  users: [a]\n  namespaces: [x]\n";
	expect_shadowed(rules, 1, 0);
	expect_shadowed(rules, 2, 0);
}

static void test_shadow_union_of_rules(void)
{
	expect_shadowed("- level: None\n  verbs: [get]\n- level: None\n  verbs: [list]\n"
	                "- level: Request\n  verbs: [get, list]\n",
	                2, -1);
	/* every resource plus every path is everything */
	expect_shadowed("- level: None\n  resources: [{group: '*'}]\n"
	                "- level: None\n  nonResourceURLs: ['*']\n- level: Metadata\n",
	                2, -1);
}

/* --- shadowing: must not flag --- */

static void test_no_shadow_users_subset(void)
{
	expect_not_shadowed("- level: None\n  users: [a]\n- level: Request\n  users: [a, b]\n", 1);
	expect_not_shadowed("- level: None\n  users: [a]\n- level: Request\n", 1);
}

static void test_no_shadow_verbs(void)
{
	expect_not_shadowed("- level: None\n  verbs: [get]\n- level: Request\n", 1);
	expect_not_shadowed("- level: None\n  verbs: [get]\n- level: Request\n  verbs: [get, list]\n", 1);
}

static void test_no_shadow_groups_vs_users(void)
{
	/* alice need not be in g1 */
	expect_not_shadowed("- level: None\n  userGroups: [g1]\n- level: Request\n  users: [alice]\n", 1);
}

static void test_no_shadow_namespaces(void)
{
	expect_not_shadowed("- level: None\n  namespaces: [default]\n"
	                    "- level: Request\n  resources: [{group: '', resources: [pods]}]\n",
	                    1);
}

static void test_no_shadow_group_mismatch(void)
{
	expect_not_shadowed("- level: None\n  resources: [{group: apps, resources: ['*']}]\n"
	                    "- level: Request\n  resources: [{group: '', resources: [pods]}]\n",
	                    1);
	expect_not_shadowed("- level: None\n  resources: [{group: '', resources: [pods]}]\n"
	                    "- level: Request\n  resources: [{group: '*', resources: [pods]}]\n",
	                    1);
}

static void test_no_shadow_resource_patterns(void)
{
	const char *pods_then_log = "- level: None\n  resources: [{group: '', resources: [pods]}]\n"
	                            "- level: Request\n  resources: [{group: '', resources: [pods/log]}]\n";
	expect_not_shadowed(pods_then_log, 1);
	expect_not_shadowed("- level: None\n  resources: [{group: '', resources: [pods]}]\n"
	                    "- level: Request\n  resources: [{group: '', resources: ['pods/*']}]\n",
	                    1);
	expect_not_shadowed("- level: None\n  resources: [{group: apps, resources: ['*/scale']}]\n"
	                    "- level: Request\n  resources: [{group: apps, resources: ['deployments/*']}]\n",
	                    1);
	expect_not_shadowed("- level: None\n  resources: [{group: '', resources: ['pods/*']}]\n"
	                    "- level: Request\n  resources: [{group: '', resources: [nodes]}]\n",
	                    1);
}

static void test_no_shadow_resource_names(void)
{
	expect_not_shadowed("- level: None\n"
	                    "  resources: [{group: '', resources: [configmaps], resourceNames: [a]}]\n"
	                    "- level: Request\n  resources: [{group: '', resources: [configmaps]}]\n",
	                    1);
}

static void test_no_shadow_urls(void)
{
	expect_not_shadowed("- level: None\n  nonResourceURLs: [/healthz]\n"
	                    "- level: Request\n  nonResourceURLs: ['/healthz*']\n",
	                    1);
	expect_not_shadowed("- level: None\n  nonResourceURLs: ['/healthz*']\n"
	                    "- level: Request\n  nonResourceURLs: ['*']\n",
	                    1);
	expect_not_shadowed("- level: None\n  nonResourceURLs: ['/apis*']\n"
	                    "- level: Request\n  nonResourceURLs: ['/api*']\n",
	                    1);
}

static void test_no_shadow_across_scopes(void)
{
	/* a resource rule never covers non-resource requests, nor the reverse */
	expect_not_shadowed("- level: None\n  resources: [{group: '*'}]\n- level: Request\n", 1);
	expect_not_shadowed("- level: None\n  nonResourceURLs: ['*']\n"
	                    "- level: Request\n  resources: [{group: '', resources: [pods]}]\n",
	                    1);
	expect_not_shadowed("- level: None\n  resources: [{group: '*'}]\n"
	                    "- level: Request\n  nonResourceURLs: [/metrics]\n",
	                    1);
}

static void test_no_shadow_literals(void)
{
	/* "*" in verbs and star-slash-star are literals: they cover nothing */
	expect_not_shadowed("- level: None\n  verbs: ['*']\n- level: Request\n  verbs: [get]\n", 1);
	expect_not_shadowed("- level: None\n  resources: [{group: '', resources: ['*/*']}]\n"
	                    "- level: Request\n  resources: [{group: '', resources: [pods/log]}]\n",
	                    1);
	/* a rule that matches nothing is reported as a literal, not as shadowed */
	expect_not_shadowed("- level: Metadata\n"
	                    "- level: None\n  resources: [{group: '', resources: ['*/*']}]\n",
	                    1);
}

static void test_no_shadow_partial_union(void)
{
	expect_not_shadowed("- level: None\n  verbs: [get]\n- level: None\n  users: [a]\n"
	                    "- level: Request\n  verbs: [get, list]\n",
	                    2);
}

static void test_first_rule_never_shadowed(void)
{
	expect_not_shadowed("- level: Metadata\n", 0);
}

void register_tests(void)
{
	static const test_case shadow_true[] = {
		{ "after catch-all", test_shadow_after_catch_all },
		{ "users superset", test_shadow_users_superset },
		{ "userGroups superset", test_shadow_groups_superset },
		{ "verbs superset", test_shadow_verbs_superset },
		{ "namespaces superset", test_shadow_namespaces_superset },
		{ "group *", test_shadow_any_group },
		{ "* covers subresources", test_shadow_star_covers_subresources },
		{ "pods/* covers pods", test_shadow_sub_any_covers_bare_resource },
		{ "*/scale", test_shadow_any_resource_subresource },
		{ "resourceNames", test_shadow_resource_names },
		{ "nonResourceURLs prefix", test_shadow_url_prefix },
		{ "any-kind rule covers both kinds", test_shadow_any_kind_covers_both_kinds },
		{ "union of earlier rules", test_shadow_union_of_rules },
		{ NULL, NULL },
	};
	static const test_case shadow_false[] = {
		{ "users subset", test_no_shadow_users_subset },
		{ "verbs", test_no_shadow_verbs },
		{ "groups vs users", test_no_shadow_groups_vs_users },
		{ "namespaces", test_no_shadow_namespaces },
		{ "group mismatch", test_no_shadow_group_mismatch },
		{ "resource patterns", test_no_shadow_resource_patterns },
		{ "resourceNames", test_no_shadow_resource_names },
		{ "nonResourceURLs", test_no_shadow_urls },
		{ "scopes", test_no_shadow_across_scopes },
		{ "literals", test_no_shadow_literals },
		{ "partial union", test_no_shadow_partial_union },
		{ "first rule", test_first_rule_never_shadowed },
		{ NULL, NULL },
	};
	add_suite("shadowing: flagged", shadow_true);
	add_suite("shadowing: not flagged", shadow_false);
}
