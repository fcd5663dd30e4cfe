/* coverage index: the indexed questions (coverage_new) give the same answers as trying
 * every earlier rule (coverage_new_unindexed) on thousands of random small policies, and
 * a policy of 50,000 rules lints with the expected findings in about a second (trying
 * every earlier rule took 147 s, so under the old check this test times out). */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "lint.h"
#include "policy_test_util.h"

/* --- random small policies --- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static unsigned rng_below(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

#define PICK(array) ((array)[rng_below(sizeof(array) / sizeof((array)[0]))])

static const char *const USERS[] = { "a", "b", "c" };
static const char *const USER_GROUPS[] = { "g1", "g2" };
static const char *const VERBS[] = { "get", "list", "watch", "create" };
static const char *const NAMESPACES[] = { "n1", "n2", "kube-system" };
static const char *const API_GROUPS[] = { "", "apps", "*" };
static const char *const RESOURCES[] = { "pods",       "pods/log", "pods/*", "*/scale",
	                                 "*",          "secrets",  "deployments",
	                                 "deployments/scale", "*/*" };
static const char *const NAMES[] = { "x", "y" };
static const char *const URLS[] = { "/a", "/a*", "/a/b", "/a/b*", "/*", "*", "/b", "/healthz*" };

/* "[x, y]" with one to three items, repeats allowed (a rule may list a value twice). */
static void write_list(FILE *out, const char *key, const char *const *items, size_t count)
{
	unsigned n = 1 + rng_below(3);
	fprintf(out, "  %s: [", key);
	for (unsigned i = 0; i < n; i++)
		fprintf(out, "%s'%s'", i ? ", " : "", items[rng_below((unsigned)count)]);
	fputs("]\n", out);
}

#define MAYBE_LIST(out, key, items)                                                         \
	do {                                                                                \
		if (rng_below(2))                                                           \
			write_list(out, key, items, sizeof(items) / sizeof((items)[0]));    \
	} while (0)

static void write_resources(FILE *out)
{
	unsigned entries = 1 + rng_below(2);
	fputs("  resources:\n", out);
	for (unsigned e = 0; e < entries; e++) {
		fprintf(out, "  - group: '%s'\n", PICK(API_GROUPS));
		if (rng_below(4))
			write_list(out, "  resources", RESOURCES, sizeof RESOURCES / sizeof RESOURCES[0]);
		if (!rng_below(4))
			write_list(out, "  resourceNames", NAMES, sizeof NAMES / sizeof NAMES[0]);
	}
}

static void write_rule(FILE *out)
{
	fputs("- level: Metadata\n", out);
	MAYBE_LIST(out, "users", USERS);
	MAYBE_LIST(out, "userGroups", USER_GROUPS);
	MAYBE_LIST(out, "verbs", VERBS);
	switch (rng_below(4)) {
	case 0: /* any kind */
		break;
	case 1:
		write_list(out, "nonResourceURLs", URLS, sizeof URLS / sizeof URLS[0]);
		break;
	default:
		MAYBE_LIST(out, "namespaces", NAMESPACES);
		if (rng_below(4))
			write_resources(out);
		break;
	}
}

static char *random_policy(void)
{
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);
	fputs(HEAD "rules:\n", out);
	unsigned rules = 1 + rng_below(10);
	for (unsigned i = 0; i < rules; i++)
		write_rule(out);
	fclose(out);
	return text;
}

/* --- indexed vs every earlier rule --- */

typedef struct {
	size_t single, union_, reached;
} agreement;

static const coverage_target TARGETS[] = {
	{ "", "secrets", "" },
	{ "", "pods", "log" },
	{ "apps", "deployments", "scale" },
	{ "", "pods", "" },
};

static void compare_policy(const policy *p, agreement *seen)
{
	static const char *const verb_sets[][2] = { { "get", "list" }, { "watch", NULL } };
	coverage *indexed = coverage_new(p), *reference = coverage_new_unindexed(p);
	for (size_t i = 0; i < p->rule_count; i++) {
		int by_indexed, by_reference;
		bool s_indexed = rule_is_shadowed(indexed, i, &by_indexed);
		bool s_reference = rule_is_shadowed(reference, i, &by_reference);
		CU_ASSERT_EQUAL(s_indexed, s_reference);
		CU_ASSERT_EQUAL(by_indexed, by_reference);
		seen->single += s_reference && by_reference >= 0;
		seen->union_ += s_reference && by_reference < 0;
		for (size_t t = 0; t < sizeof TARGETS / sizeof TARGETS[0]; t++) {
			for (size_t v = 0; v < 3; v++) {
				const char *const *verbs = v < 2 ? verb_sets[v] : NULL;
				size_t verb_count = v == 0 ? 2 : v == 1 ? 1 : 0;
				bool reached = rule_reaches_target(reference, i, &TARGETS[t], verbs, verb_count);
				CU_ASSERT_EQUAL(rule_reaches_target(indexed, i, &TARGETS[t], verbs, verb_count),
				                reached);
				seen->reached += reached;
			}
		}
	}
	CU_ASSERT_EQUAL(policy_matches_everything(indexed), policy_matches_everything(reference));
	coverage_free(indexed);
	coverage_free(reference);
}

static void test_index_agrees_with_every_rule(void)
{
	agreement seen = { 0 };
	size_t policies = 0;
	for (int round = 0; round < 3000; round++) {
		char *yaml = random_policy();
		loaded l = open_text(yaml);
		if (l.result == LOAD_OK) {
			compare_policy(&l.p, &seen);
			policies++;
		}
		done(&l);
		free(yaml);
	}
	/* the random policies exercise every answer, not just "not shadowed" */
	CU_ASSERT(policies > 2000);
	CU_ASSERT(seen.single > 1000);
	CU_ASSERT(seen.union_ > 20);
	CU_ASSERT(seen.reached > 10000);
}

/* --- a policy of 50,000 rules --- */

#define BIG_RULES 50000

/* Per-tenant rules, every tenth repeating the rule five before it (so it is SHADOWED),
 * then a catch-all. The CLI case lint-50000-rules writes the same policy with awk. */
static char *big_policy(size_t *len)
{
	static const char *const levels[] = { "None", "Metadata", "Request", "RequestResponse" };
	static const char *const resources[][2] = { { "", "pods" },        { "apps", "deployments" },
		                                    { "", "services" },    { "", "configmaps" },
		                                    { "batch", "jobs" },   { "coordination.k8s.io", "leases" } };
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	fputs(HEAD "omitStages: [RequestReceived]\nrules:\n", out);
	for (int i = 0; i < BIG_RULES - 1; i++) {
		int k = i % 10 == 9 ? i - 5 : i;
		fprintf(out, "- level: %s\n  users: [user-%d]\n", levels[(k * 7) % 4], k % 997);
		if (k % 3 == 0)
			fputs("  verbs: [create, update, patch]\n", out);
		fprintf(out, "  namespaces: [ns-%d]\n  resources: [{group: '%s', resources: [%s]}]\n",
		        k % 4999, resources[k % 6][0], resources[k % 6][1]);
	}
	fputs("- level: Metadata\n", out);
	fclose(out);
	return text;
}

static size_t count_code(const diag_list *findings, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < findings->count; i++)
		n += findings->items[i].code && strcmp(findings->items[i].code, code) == 0;
	return n;
}

static void test_lint_50000_rules(void)
{
	size_t len;
	char *yaml = big_policy(&len);
	loaded l = load_bytes(yaml, len);
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE_FATAL(policy_validate(&l.p, &l.diags));
	CU_ASSERT_EQUAL_FATAL(l.p.rule_count, BIG_RULES);
	diag_list findings;
	diag_list_init(&findings, "big.yaml");
	lint_options opts = lint_default_options();
	lint_policy(&l.p, &opts, &findings);
	lint_sort(&findings);
	CU_ASSERT_EQUAL(count_code(&findings, "SHADOWED"), 4999);
	CU_ASSERT_EQUAL(count_code(&findings, "SENSITIVE_BODY"), 3332);
	CU_ASSERT_EQUAL(count_code(&findings, "HIGH_CHURN_WATCH"), 3334);
	/* the wire lints: each live leases rule at RequestResponse, and the catch-all, the
	 * only rule that logs exec */
	CU_ASSERT_EQUAL(count_code(&findings, "NOISY_BODIES"), 3334);
	CU_ASSERT_EQUAL(count_code(&findings, "EXEC_COMMAND_IN_URI"), 1);
	CU_ASSERT_EQUAL(findings.count, 4999 + 3332 + 3334 + 3334 + 1);
	for (size_t i = 1; i < findings.count; i++)
		CU_ASSERT_FATAL(findings.items[i - 1].pos.line <= findings.items[i].pos.line);
	/* the first SHADOWED: rules[9] repeats rules[4] */
	size_t first = 0;
	while (strcmp(findings.items[first].code, "SHADOWED") != 0)
		first++;
	CU_ASSERT_STRING_EQUAL(findings.items[first].field, "rules[9]");
	CU_ASSERT_PTR_NOT_NULL(strstr(findings.items[first].message, "rules[4] (line 23, level None)"));
	diag_list_free(&findings);
	done(&l);
	free(yaml);
}

void register_tests(void)
{
	static const test_case index_tests[] = {
		{ "index agrees with trying every rule", test_index_agrees_with_every_rule },
		{ "lint of 50,000 rules", test_lint_50000_rules },
		{ NULL, NULL },
	};
	add_suite("coverage index", index_tests);
}
