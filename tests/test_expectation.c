/* Expectations of test files: `expect:` and `expectInvalid` as the scenario reader parses
 * them (values, errors with positions), their comparison with the checker's decision,
 * and --update's rewrite of the text, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expectation.h"
#include "expectation_update.h"
#include "policy_test_util.h"
#include "scenario.h"

typedef struct {
	scenario s;
	diag_list diags;
	bool ok;
} loaded_test;

static loaded_test load_test(const char *text)
{
	loaded_test l;
	diag_list_init(&l.diags, "t.yaml");
	l.ok = scenario_load_buffer("t.yaml", text, strlen(text), &l.s, &l.diags);
	return l;
}

static void unload_test(loaded_test *l)
{
	scenario_free(&l->s);
	diag_list_free(&l->diags);
}

/* The only diagnostic of a file that must fail, as "line:col field: message". */
static void assert_only_error(const char *text, const char *want)
{
	loaded_test l = load_test(text);
	CU_ASSERT_FALSE(l.ok);
	CU_ASSERT_EQUAL(l.diags.count, 1);
	if (l.diags.count) {
		const diag *d = &l.diags.items[0];
		char got[512];
		snprintf(got, sizeof got, "%d:%d %s: %s", d->pos.line, d->pos.col,
		         d->field ? d->field : "-", d->message);
		if (strcmp(got, want) != 0)
			fprintf(stderr, "\n  got  %s\n  want %s\n", got, want);
		CU_ASSERT_STRING_EQUAL(got, want);
	}
	unload_test(&l);
}

#define ENTRY "requests:\n  - user: alice\n    path: /healthz\n"

static void test_expect_values(void)
{
	loaded_test l = load_test(ENTRY "    expect:\n      level: Metadata\n"
	                                "      stages: [ResponseStarted, ResponseComplete]\n"
	                                "      rule: none\n      omitManagedFields: true\n"
	                                "  - user: bob\n    path: /x\n    expect: {rule: 12}\n"
	                                "  - user: carol\n    path: /y\n");
	CU_ASSERT_TRUE_FATAL(l.ok);
	CU_ASSERT_EQUAL_FATAL(l.s.count, 3);
	const expect_values *e = &l.s.requests[0].expect;
	CU_ASSERT_EQUAL(e->fields, EXPECT_ALL);
	CU_ASSERT_EQUAL(e->level, LEVEL_METADATA);
	CU_ASSERT_EQUAL(e->stages, STAGE_BIT(STAGE_RESPONSE_STARTED) | STAGE_BIT(STAGE_RESPONSE_COMPLETE));
	CU_ASSERT_EQUAL(e->rule, -1);
	CU_ASSERT_TRUE(e->omit_managed_fields);
	CU_ASSERT_EQUAL(l.s.requests[1].expect.fields, EXPECT_BIT(EXPECT_RULE));
	CU_ASSERT_EQUAL(l.s.requests[1].expect.rule, 12);
	/* no expect: no test, and the request is read as before */
	CU_ASSERT_EQUAL(l.s.requests[2].expect.fields, 0);
	CU_ASSERT_FALSE(l.s.requests[2].expect_at.written);
	CU_ASSERT_STRING_EQUAL(l.s.requests[2].path, "/y");
	CU_ASSERT_EQUAL(l.s.total, 3);
	unload_test(&l);
}

static void test_expect_errors(void)
{
	assert_only_error(ENTRY "    expect: {levle: Metadata}\n",
	                  "4:14 requests[0].expect: unknown key \"levle\" (level, stages, rule, "
	                  "omitManagedFields)");
	assert_only_error(ENTRY "    expect: {level: Verbose}\n",
	                  "4:21 requests[0].expect.level: \"Verbose\" is not a level (None, "
	                  "Metadata, Request, RequestResponse)");
	/* levels compare exactly, as kube-apiserver's validation compares them */
	assert_only_error(ENTRY "    expect: {level: metadata}\n",
	                  "4:21 requests[0].expect.level: \"metadata\" is not a level (None, "
	                  "Metadata, Request, RequestResponse)");
	assert_only_error(ENTRY "    expect:\n      stages: [ResponseComplete, Done]\n",
	                  "5:34 requests[0].expect.stages: \"Done\" is not a stage (RequestReceived, "
	                  "ResponseStarted, ResponseComplete, Panic)");
	assert_only_error(ENTRY "    expect: {stages: ResponseComplete}\n",
	                  "4:22 requests[0].expect.stages: must be a list of stages "
	                  "([RequestReceived, ResponseComplete], [] for none)");
	assert_only_error(ENTRY "    expect: {rule: -1}\n",
	                  "4:20 requests[0].expect.rule: \"-1\" is not a rule index (0, 1, ... as "
	                  "in rules[i], or none)");
	assert_only_error(ENTRY "    expect: {omitManagedFields: yes}\n",
	                  "4:33 requests[0].expect.omitManagedFields: \"yes\" is not true or false");
	assert_only_error(ENTRY "    expect: {level: None, level: Metadata}\n",
	                  "4:27 requests[0].expect: duplicate key \"level\"");
	assert_only_error(ENTRY "    expect: [Metadata]\n",
	                  "4:13 requests[0].expect: must be a mapping (level, stages, rule, "
	                  "omitManagedFields)");
	assert_only_error(ENTRY "    expect: {}\n    expect: {}\n",
	                  "5:5 requests[0]: duplicate key \"expect\"");
}

static void test_expect_invalid(void)
{
	loaded_test l = load_test("expectInvalid: \"rules[2].level\"\n");
	CU_ASSERT_TRUE_FATAL(l.ok);
	CU_ASSERT_STRING_EQUAL(l.s.expect_invalid, "rules[2].level");
	CU_ASSERT_EQUAL(l.s.expect_invalid_pos.line, 1);
	CU_ASSERT_EQUAL(l.s.expect_invalid_pos.col, 16);
	CU_ASSERT_EQUAL(l.s.count, 0);
	unload_test(&l);
	assert_only_error("expectInvalid: \"rules[0]\"\n" ENTRY "    expect: {level: None}\n",
	                  "3:5 requests[0].expect: a file with expectInvalid expects no decisions: "
	                  "an invalid policy decides nothing");
	assert_only_error("description: x\n", "1:1 requests: missing");
}

#define POLICY                                                                                 \
	HEAD "omitStages: [RequestReceived]\nrules:\n"                                          \
	     "  - level: None\n    nonResourceURLs: [/healthz]\n"                             \
	     "  - level: RequestResponse\n    verbs: [patch]\n    omitManagedFields: true\n"  \
	     "  - level: Metadata\n    resources: [{group: \"\", resources: [pods]}]\n"

static void test_actual_is_the_checkers_decision(void)
{
	loaded pol = open_ok(POLICY);
	loaded_test t = load_test("requests:\n"
	                          "  - {user: a, path: /healthz}\n"
	                          "  - {user: a, verb: patch, resource: pods, name: p, namespace: n}\n"
	                          "  - {user: a, verb: watch, resource: pods}\n"
	                          "  - {user: a, verb: get, resource: nodes, name: n}\n"
	                          "  - {request: GET /api/v1/pods}\n");
	CU_ASSERT_TRUE_FATAL(t.ok);
	expect_values a[5];
	for (size_t i = 0; i < 5; i++)
		a[i] = expectation_actual(&pol.p, &t.s.requests[i]);
	CU_ASSERT_EQUAL(a[0].level, LEVEL_NONE);
	CU_ASSERT_EQUAL(a[0].rule, 0);
	CU_ASSERT_EQUAL(a[0].stages, 0); /* None writes nothing */
	CU_ASSERT_EQUAL(a[1].level, LEVEL_REQUEST_RESPONSE);
	CU_ASSERT_EQUAL(a[1].stages, STAGE_BIT(STAGE_RESPONSE_COMPLETE));
	CU_ASSERT_TRUE(a[1].omit_managed_fields);
	/* a watch is long-running: ResponseStarted, then ResponseComplete */
	CU_ASSERT_EQUAL(a[2].rule, 2);
	CU_ASSERT_EQUAL(a[2].stages,
	                STAGE_BIT(STAGE_RESPONSE_STARTED) | STAGE_BIT(STAGE_RESPONSE_COMPLETE));
	CU_ASSERT_FALSE(a[2].omit_managed_fields);
	CU_ASSERT_EQUAL(a[3].level, LEVEL_NONE);
	CU_ASSERT_EQUAL(a[3].rule, -1);
	/* failed authentication: ResponseStarted only, whatever omitStages says of the rest */
	CU_ASSERT_EQUAL(a[4].stages, STAGE_BIT(STAGE_RESPONSE_STARTED));
	unload_test(&t);
	policy_free(&pol.p);
	diag_list_free(&pol.diags);
}

static void test_mismatches_only_expected_fields(void)
{
	expect_values actual = { EXPECT_ALL, LEVEL_METADATA, STAGE_BIT(STAGE_RESPONSE_COMPLETE), 3,
		                 false };
	expect_values level_only = { EXPECT_BIT(EXPECT_LEVEL), LEVEL_REQUEST, 0, 0, true };
	CU_ASSERT_EQUAL(expectation_mismatches(&level_only, &actual), EXPECT_BIT(EXPECT_LEVEL));
	expect_values right = { EXPECT_BIT(EXPECT_LEVEL) | EXPECT_BIT(EXPECT_RULE), LEVEL_METADATA,
		                0, 3, true };
	CU_ASSERT_EQUAL(expectation_mismatches(&right, &actual), 0);
	expect_values wrong = { EXPECT_ALL, LEVEL_METADATA, 0, 4, true };
	CU_ASSERT_EQUAL(expectation_mismatches(&wrong, &actual),
	                EXPECT_BIT(EXPECT_STAGES) | EXPECT_BIT(EXPECT_RULE) |
	                        EXPECT_BIT(EXPECT_OMIT_MANAGED_FIELDS));
	char *text = expect_values_text(&actual, EXPECT_ALL);
	CU_ASSERT_STRING_EQUAL(text, "level Metadata, stages [ResponseComplete], rule 3, "
	                             "omitManagedFields false");
	free(text);
	expect_values none = { EXPECT_ALL, LEVEL_NONE, 0, -1, false };
	text = expect_values_text(&none, EXPECT_BIT(EXPECT_STAGES) | EXPECT_BIT(EXPECT_RULE));
	CU_ASSERT_STRING_EQUAL(text, "stages [], rule none");
	free(text);
}

static void test_cases_and_invalid_policy(void)
{
	loaded pol = open_ok(POLICY);
	loaded_test t = load_test("requests:\n  - {user: a, path: /healthz, expect: {level: None}}\n"
	                          "  - {user: a, path: /x}\n"
	                          "  - {user: a, path: /y, expect: {rule: 0}}\n");
	CU_ASSERT_TRUE_FATAL(t.ok);
	tested_policy tp = { &pol.p, &pol.diags };
	expectation_results r = { NULL, 0, 0 };
	expectation_check_scenario(&tp, &t.s, &r);
	CU_ASSERT_EQUAL_FATAL(r.count, 2);
	CU_ASSERT_EQUAL(r.failed, 1);
	CU_ASSERT_TRUE(r.cases[0].passed);
	CU_ASSERT_FALSE(r.cases[1].passed);
	CU_ASSERT_STRING_EQUAL(r.cases[1].name, "requests[2]: get /y (a)");
	CU_ASSERT_STRING_EQUAL(r.cases[1].expected, "rule 0");
	CU_ASSERT_STRING_EQUAL(r.cases[1].actual, "rule none");
	CU_ASSERT_STRING_EQUAL(r.cases[1].decided_by, "no rule (level None)");
	CU_ASSERT_EQUAL(r.cases[1].pos.line, 4);
	expectation_results_free(&r);

	/* an invalid policy: the expectInvalid test passes at its field, fails at another */
	loaded bad = open_text(HEAD "rules:\n  - level: Verbose\n");
	CU_ASSERT_EQUAL_FATAL(bad.result, LOAD_INVALID);
	tested_policy invalid = { NULL, &bad.diags };
	loaded_test right = load_test("expectInvalid: rules[0].level\n");
	loaded_test wrong = load_test("expectInvalid: rules[1].level\n");
	expectation_check_scenario(&invalid, &right.s, &r);
	expectation_check_scenario(&invalid, &wrong.s, &r);
	expectation_check_scenario(&invalid, &t.s, &r);
	CU_ASSERT_EQUAL_FATAL(r.count, 4);
	CU_ASSERT_TRUE(r.cases[0].passed);
	CU_ASSERT_FALSE(r.cases[1].passed);
	CU_ASSERT_STRING_EQUAL(r.cases[1].actual, "errors at rules[0].level");
	CU_ASSERT_FALSE(r.cases[2].passed); /* decisions of an invalid policy never pass */
	CU_ASSERT_EQUAL(r.failed, 3);
	/* and a valid policy fails an expectInvalid */
	expectation_results valid = { NULL, 0, 0 };
	expectation_check_scenario(&tp, &right.s, &valid);
	CU_ASSERT_FALSE(valid.cases[0].passed);
	CU_ASSERT_STRING_EQUAL(valid.cases[0].actual, "the policy is valid");
	expectation_results_free(&valid);
	expectation_results_free(&r);
	unload_test(&right);
	unload_test(&wrong);
	unload_test(&t);
	policy_free(&bad.p);
	diag_list_free(&bad.diags);
	policy_free(&pol.p);
	diag_list_free(&pol.diags);
}

/* --update's text for `before` under POLICY, compared with `after`. */
static void assert_update(const char *before, const char *after, size_t want_changes)
{
	loaded pol = open_ok(POLICY);
	loaded_test t = load_test(before);
	CU_ASSERT_TRUE_FATAL(t.ok);
	expect_values *actual = calloc(t.s.count + 1, sizeof *actual);
	for (size_t i = 0; i < t.s.count; i++)
		actual[i] = expectation_actual(&pol.p, &t.s.requests[i]);
	size_t len = 0, changes = 0;
	char *text = expectation_update(before, strlen(before), &t.s, actual, &pol.diags, &len,
	                                &changes);
	if (strcmp(text, after) != 0)
		fprintf(stderr, "\n--- got\n%s--- want\n%s---\n", text, after);
	CU_ASSERT_STRING_EQUAL(text, after);
	CU_ASSERT_EQUAL(len, strlen(after));
	CU_ASSERT_EQUAL(changes, want_changes);
	free(text);
	free(actual);
	unload_test(&t);
	policy_free(&pol.p);
	diag_list_free(&pol.diags);
}

static void test_update_rewrites_values_only(void)
{
	/* wrong values change, right ones and everything else stay, comments included */
	assert_update("# head\nrequests:\n"
	              "  - user: a   # who\n    verb: watch\n    resource: pods\n"
	              "    expect:\n      level: 'None'  # was\n      rule: 2\n"
	              "      stages:\n        - ResponseComplete\n",
	              "# head\nrequests:\n"
	              "  - user: a   # who\n    verb: watch\n    resource: pods\n"
	              "    expect:\n      level: 'Metadata'  # was\n      rule: 2\n"
	              "      stages:\n        - ResponseStarted\n        - ResponseComplete\n",
	              2);
	/* flow values, and an expectation that is met: nothing to write */
	assert_update("requests:\n  - {user: a, path: /healthz, expect: {level: Request, stages: "
	              "[ResponseComplete]}}\n  - {user: a, path: /healthz, expect: {rule: 0}}\n",
	              "requests:\n  - {user: a, path: /healthz, expect: {level: None, stages: "
	              "[]}}\n  - {user: a, path: /healthz, expect: {rule: 0}}\n",
	              2);
}

static void test_update_adds_expectations(void)
{
	/* a block entry gets a line after its last value, at its keys' column; a flow entry
	 * a key before its brace; an empty expect: a value after its colon; and a file
	 * without a final newline keeps none after the added line's own */
	assert_update("requests:\n  # first\n  - user: a\n    path: /healthz  # hc\n"
	              "  # second\n  - {user: a, verb: patch, resource: pods, name: p}\n"
	              "  - user: b\n    path: /z\n    expect:   # fill\n"
	              "  - user: c\n    path: /c\n    groups:\n      - g\n",
	              "requests:\n  # first\n  - user: a\n    path: /healthz  # hc\n"
	              "    expect: {level: None, rule: 0}\n"
	              "  # second\n  - {user: a, verb: patch, resource: pods, name: p, expect: "
	              "{level: RequestResponse, rule: 1}}\n"
	              "  - user: b\n    path: /z\n    expect: {level: None, rule: none}   # fill\n"
	              "  - user: c\n    path: /c\n    groups:\n      - g\n"
	              "    expect: {level: None, rule: none}\n",
	              4);
	assert_update("requests:\n  - user: a\n    path: /healthz",
	              "requests:\n  - user: a\n    path: /healthz\n"
	              "    expect: {level: None, rule: 0}\n",
	              1);
}

static void test_update_counts_bytes_not_characters(void)
{
	/* libyaml's marks count characters: a name in UTF-8 before a value must not shift
	 * the bytes rewritten */
	assert_update("requests:\n  - user: \"J\xc3\xbcrgen \xe2\x9c\x93\"\n    path: /healthz\n"
	              "    expect: {level: Metadata}  # \xc3\xa9t\xc3\xa9\n",
	              "requests:\n  - user: \"J\xc3\xbcrgen \xe2\x9c\x93\"\n    path: /healthz\n"
	              "    expect: {level: None}  # \xc3\xa9t\xc3\xa9\n",
	              1);
}

static void test_update_expect_invalid(void)
{
	const char *before = "# why\nexpectInvalid: rules[3].level  # old\n";
	loaded bad = open_text(HEAD "rules:\n  - level: Verbose\n");
	loaded_test t = load_test(before);
	CU_ASSERT_TRUE_FATAL(t.ok);
	size_t len = 0, changes = 0;
	char *text = expectation_update(before, strlen(before), &t.s, NULL, &bad.diags, &len,
	                                &changes);
	CU_ASSERT_STRING_EQUAL(text, "# why\nexpectInvalid: \"rules[0].level\"  # old\n");
	CU_ASSERT_EQUAL(changes, 1);
	free(text);
	unload_test(&t);
	policy_free(&bad.p);
	diag_list_free(&bad.diags);
}

void register_tests(void)
{
	static const test_case parse[] = {
		{ "expect: values", test_expect_values },
		{ "expect: errors with positions", test_expect_errors },
		{ "expectInvalid", test_expect_invalid },
		{ NULL, NULL },
	};
	static const test_case compare[] = {
		{ "the actual decision is the checker's", test_actual_is_the_checkers_decision },
		{ "only expected fields compare", test_mismatches_only_expected_fields },
		{ "cases and an invalid policy", test_cases_and_invalid_policy },
		{ NULL, NULL },
	};
	static const test_case update[] = {
		{ "values rewritten in place", test_update_rewrites_values_only },
		{ "missing expectations added", test_update_adds_expectations },
		{ "byte offsets under UTF-8", test_update_counts_bytes_not_characters },
		{ "expectInvalid rewritten", test_update_expect_invalid },
		{ NULL, NULL },
	};
	add_suite("expect parsing", parse);
	add_suite("expectation", compare);
	add_suite("expectation update", update);
}
