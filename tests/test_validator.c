/* Validator tests: kube-apiserver's ValidatePolicy (semantics §2) — every row of the
 * table, its field paths, types and order — and the reader's "0 rules" check, as the
 * newest version (1.37) words them: list and level values as JSON (since 1.34). The
 * older versions' forms are in test_kube_version.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "go_quote.h"
#include "policy_test_util.h"

#define GROUP_MESSAGE                                                                          \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "  \
	"'-' or '.', and must start and end with an alphanumeric character (e.g. "            \
	"'example.com', regex used for validation is "                                         \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

/* Validates the policy text and checks its error list exactly: "field: message" lines. */
static void expect_errors(const char *text, const char *const *expected)
{
	loaded l = open_text(text);
	size_t n = 0;
	while (expected[n])
		n++;
	CU_ASSERT_EQUAL(l.result, n ? LOAD_INVALID : LOAD_OK);
	CU_ASSERT_EQUAL(errors(&l), n);
	bool same = errors(&l) == n;
	for (size_t i = 0; same && i < n; i++) {
		const diag *d = &l.diags.items[i];
		char *line = xasprintf("%s: %s", d->field ? d->field : "", d->message);
		same = strcmp(line, expected[i]) == 0;
		free(line);
	}
	CU_ASSERT_TRUE(same);
	if (!same) {
		fprintf(stderr, "\nexpected:\n");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  %s\n", expected[i]);
		fprintf(stderr, "got:\n");
		diag_print(&l.diags, stderr);
	}
	done(&l);
}

static void expect_valid(const char *text)
{
	static const char *const none[] = { NULL };
	expect_errors(text, none);
}

static void test_policy_omit_stages(void)
{
	expect_errors(HEAD "omitStages: [RequestReceived, Foo, responseStarted]\nrules:\n- level: None\n",
	              (const char *const[]){
	                      "omitStages[1]: Invalid value: \"Foo\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      "omitStages[2]: Invalid value: \"responseStarted\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      NULL });
}

static void test_level_required(void)
{
	static const char *const required[] = { "rules[0].level: Required value", NULL };
	expect_errors(HEAD "rules:\n- users: [a]\n", required);
	expect_errors(HEAD "rules:\n- level: \"\"\n", required);
	expect_errors(HEAD "rules:\n- level: ~\n", required);
	expect_errors(HEAD "rules:\n- {}\n", required);
	loaded l = open_text(HEAD "rules:\n- level: None\n- verbs: [get]\n");
	const diag *d = find(&l, DIAG_ERROR, "rules[1].level", "Required value");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 5); /* the rule entry */
	CU_ASSERT_EQUAL(d->pos.col, 3);
	done(&l);
}

static void test_level_not_supported(void)
{
	static const char *const names[] = { "Verbose", "none", "Metadata ", "METADATA" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *text = xasprintf(HEAD "rules:\n- level: \"%s\"\n", names[i]);
		char *expected = xasprintf("rules[0].level: Unsupported value: \"%s\": supported values: "
		                           "\"None\", \"Metadata\", \"Request\", \"RequestResponse\"",
		                           names[i]);
		expect_errors(text, (const char *const[]){ expected, NULL });
		free(text);
		free(expected);
	}
	loaded l = open_text(HEAD "rules:\n- verbs: [get]\n  level: Verbose\n");
	const diag *d = find(&l, DIAG_ERROR, "rules[0].level", "Unsupported value");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 5); /* the level value */
	CU_ASSERT_EQUAL(d->pos.col, 10);
	done(&l);
}

#define NO_SLASH "non-resource URL rules must begin with a '/' character"
#define MID_STAR "non-resource URL wildcards '*' must be the final character of the rule"

static void test_non_resource_urls(void)
{
	expect_errors(HEAD "rules:\n- level: None\n  nonResourceURLs: [healthz, \"*healthz\", \"**\", "
	                   "\"healthz*\", \"/**\", \"\", \"*\", \"/api*\", /healthz, \"/a*b\"]\n",
	              (const char *const[]){
	                      "rules[0].nonResourceURLs[0]: Invalid value: \"healthz\": " NO_SLASH,
	                      "rules[0].nonResourceURLs[1]: Invalid value: \"*healthz\": " NO_SLASH,
	                      "rules[0].nonResourceURLs[1]: Invalid value: \"*healthz\": " MID_STAR,
	                      "rules[0].nonResourceURLs[2]: Invalid value: \"**\": " NO_SLASH,
	                      "rules[0].nonResourceURLs[2]: Invalid value: \"**\": " MID_STAR,
	                      "rules[0].nonResourceURLs[3]: Invalid value: \"healthz*\": " NO_SLASH,
	                      "rules[0].nonResourceURLs[4]: Invalid value: \"/**\": " MID_STAR,
	                      "rules[0].nonResourceURLs[5]: Invalid value: \"\": " NO_SLASH,
	                      "rules[0].nonResourceURLs[9]: Invalid value: \"/a*b\": " MID_STAR,
	                      NULL });
	loaded l = open_text(HEAD "rules:\n- level: None\n  nonResourceURLs:\n  - /ok\n  - bad\n");
	const diag *d = find(&l, DIAG_ERROR, "rules[0].nonResourceURLs[1]", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 7);
	CU_ASSERT_EQUAL(d->pos.col, 5);
	done(&l);
}

static void test_resource_groups(void)
{
	expect_valid(HEAD "rules:\n- level: None\n  resources:\n  - group: \"\"\n  - group: \"*\"\n"
	                  "  - group: apps\n  - group: rbac.authorization.k8s.io\n  - {}\n  - group: a-1.b2\n");
	expect_errors(HEAD "rules:\n- level: None\n  resources:\n  - group: Apps\n  - group: apps\n"
	                   "  - group: rbac.authorization.k8s.io/v1beta1\n",
	              (const char *const[]){
	                      "rules[0].resources.group: Invalid value: \"Apps\": " GROUP_MESSAGE,
	                      "rules[0].resources.group: Invalid value: "
	                      "\"rbac.authorization.k8s.io/v1beta1\": " GROUP_MESSAGE,
	                      NULL });
	static const char *const bad[] = { "-apps", "apps-", "a..b", ".apps", "apps.", "a_b", "*.k8s.io" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = xasprintf(HEAD "rules:\n- level: None\n  resources:\n  - group: \"%s\"\n", bad[i]);
		loaded l = open_text(text);
		CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].resources.group", "RFC 1123"));
		done(&l);
		free(text);
	}
}

static void test_long_group(void)
{
	char group[300];
	memset(group, 'a', 254);
	group[254] = '\0';
	char *text = xasprintf(HEAD "rules:\n- level: None\n  resources:\n  - group: %s\n", group);
	char *expected = xasprintf("rules[0].resources.group: Invalid value: \"%s\": must be no more "
	                           "than 253 characters",
	                           group);
	expect_errors(text, (const char *const[]){ expected, NULL });
	free(text);
	free(expected);
	memset(group, 'a', 253);
	group[253] = '\0';
	text = xasprintf(HEAD "rules:\n- level: None\n  resources:\n  - group: %s\n", group);
	expect_valid(text);
	free(text);
}

static void test_resource_names_need_resources(void)
{
	expect_errors(HEAD "rules:\n- level: None\n  resources:\n  - group: apps\n"
	                   "    resourceNames: [a, b]\n  - resources: [pods]\n    resourceNames: [c]\n",
	              (const char *const[]){
	                      "rules[0].resources.resourceNames: Invalid value: [\"a\",\"b\"]: "
	                      "using resourceNames requires at least one resource",
	                      NULL });
}

static void test_rule_omit_stages(void)
{
	expect_errors(HEAD "rules:\n- level: None\n  omitStages: [Panic, Panic, panic]\n",
	              (const char *const[]){
	                      "rules[0].omitStages[2]: Invalid value: \"panic\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      NULL });
}

static void test_resources_and_urls_conflict(void)
{
	static const char *const conflict[] = {
		"rules[0].nonResourceURLs: Invalid value: [\"/healthz\",\"/readyz\"]: rules "
		"cannot apply to both regular resources and non-resource URLs",
		NULL
	};
	expect_errors(HEAD "rules:\n- level: None\n  nonResourceURLs: [/healthz, /readyz]\n"
	                   "  resources: [{group: \"\"}]\n",
	              conflict);
	expect_errors(HEAD "rules:\n- level: None\n  nonResourceURLs: [/healthz, /readyz]\n"
	                   "  namespaces: [\"\"]\n",
	              conflict);
	expect_valid(HEAD "rules:\n- level: None\n  nonResourceURLs: [/healthz]\n  resources: []\n"
	                  "  namespaces: []\n");
}

static void test_error_order(void)
{
	expect_errors(HEAD "omitStages: [X]\nrules:\n- level: None\n- nonResourceURLs: [a]\n"
	                   "  omitStages: [Yy]\n  namespaces: [ns]\n  resources:\n  - group: A\n"
	                   "    resourceNames: [r]\n  level: Bad\n- level: Request\n  users: [\"*\"]\n"
	                   "- omitStages: [Zz]\n",
	              (const char *const[]){
	                      "omitStages[0]: Invalid value: \"X\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      "rules[1].level: Unsupported value: \"Bad\": supported values: \"None\", "
	                      "\"Metadata\", \"Request\", \"RequestResponse\"",
	                      "rules[1].nonResourceURLs[0]: Invalid value: \"a\": " NO_SLASH,
	                      "rules[1].resources.group: Invalid value: \"A\": " GROUP_MESSAGE,
	                      "rules[1].resources.resourceNames: Invalid value: [\"r\"]: "
	                      "using resourceNames requires at least one resource",
	                      "rules[1].omitStages[0]: Invalid value: \"Yy\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      "rules[1].nonResourceURLs: Invalid value: [\"a\"]: rules cannot "
	                      "apply to both regular resources and non-resource URLs",
	                      "rules[3].level: Required value",
	                      "rules[3].omitStages[0]: Invalid value: \"Zz\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      NULL });
}

static void test_zero_rules(void)
{
	static const char *const zero[] = { ": loaded illegal policy with 0 rules", NULL };
	expect_errors(HEAD "rules: []\n", zero);
	expect_errors(HEAD "omitStages: [Panic]\n", zero);
	expect_errors(HEAD "rules: ~\n", zero);
	/* validation errors come first and stop the load before the rule count is looked at */
	expect_errors(HEAD "omitStages: [Nope]\nrules: []\n",
	              (const char *const[]){
	                      "omitStages[0]: Invalid value: \"Nope\": allowed stages are "
	                      "RequestReceived,ResponseStarted,ResponseComplete,Panic",
	                      NULL });
}

static void test_unvalidated_fields(void)
{
	expect_valid(HEAD "rules:\n- level: Request\n  verbs: [\"*\", GET]\n  users: [\"*\", \"\"]\n"
	                  "  userGroups: [\"system:*\"]\n  namespaces: [\"*\"]\n  resources:\n"
	                  "  - resources: [Pods, \"\", \"*/*\", pods/log/*]\n    resourceNames: [\"\"]\n");
}

static void test_resolved_fields(void)
{
	loaded l = open_text(HEAD "omitStages: [RequestReceived, RequestReceived]\nrules:\n"
	                          "- level: RequestResponse\n  omitStages: [Panic, ResponseStarted]\n"
	                          "- level: Metadata\n- level: None\n- level: Request\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.omit_stage_mask, STAGE_BIT(STAGE_REQUEST_RECEIVED));
	CU_ASSERT_EQUAL(l.p.rules[0].level, LEVEL_REQUEST_RESPONSE);
	CU_ASSERT_EQUAL(l.p.rules[0].omit_stage_mask,
	                STAGE_BIT(STAGE_PANIC) | STAGE_BIT(STAGE_RESPONSE_STARTED));
	CU_ASSERT_EQUAL(l.p.rules[1].level, LEVEL_METADATA);
	CU_ASSERT_EQUAL(l.p.rules[1].omit_stage_mask, 0);
	CU_ASSERT_EQUAL(l.p.rules[2].level, LEVEL_NONE);
	CU_ASSERT_EQUAL(l.p.rules[3].level, LEVEL_REQUEST);
	done(&l);
}

static void test_errors_in_several_rules(void)
{
	expect_errors(HEAD "rules:\n- level: X\n- level: None\n- level: None\n- nonResourceURLs: [x*y]\n"
	                   "  level: None\n",
	              (const char *const[]){
	                      "rules[0].level: Unsupported value: \"X\": supported values: \"None\", "
	                      "\"Metadata\", \"Request\", \"RequestResponse\"",
	                      "rules[3].nonResourceURLs[0]: Invalid value: \"x*y\": " NO_SLASH,
	                      "rules[3].nonResourceURLs[0]: Invalid value: \"x*y\": " MID_STAR,
	                      NULL });
}

static void test_values_are_quoted_like_go(void)
{
	expect_errors(HEAD "rules:\n- level: \"a\\\"b\\\\c\\td\\x01\"\n",
	              (const char *const[]){
	                      "rules[0].level: Unsupported value: \"a\\\"b\\\\c\\td\\u0001\": supported "
	                      "values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"",
	                      NULL });
	char *quoted = go_quote("caf\xc3\xa9 \xff\n", 8);
	CU_ASSERT_STRING_EQUAL(quoted, "\"caf\xc3\xa9 \\xff\\n\"");
	free(quoted);
	char *items[] = { "a", "" };
	char *slice = go_string_slice(items, 2);
	CU_ASSERT_STRING_EQUAL(slice, "[]string{\"a\", \"\"}");
	free(slice);
}

static void test_validate_reports_positions_for_every_error(void)
{
	loaded l = open_text(HEAD "omitStages: [X]\nrules:\n- level: Bad\n  nonResourceURLs: [a]\n"
	                          "  namespaces: [n]\n  omitStages: [Y]\n  resources:\n  - group: A\n"
	                          "    resourceNames: [r]\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	for (size_t i = 0; i < l.diags.count; i++) {
		CU_ASSERT_TRUE(l.diags.items[i].pos.line > 0);
		CU_ASSERT_TRUE(l.diags.items[i].pos.col > 0);
	}
	done(&l);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "policy omitStages", test_policy_omit_stages },
		{ "level Required", test_level_required },
		{ "level NotSupported", test_level_not_supported },
		{ "nonResourceURLs", test_non_resource_urls },
		{ "resources group", test_resource_groups },
		{ "resources group length", test_long_group },
		{ "resourceNames need resources", test_resource_names_need_resources },
		{ "rule omitStages", test_rule_omit_stages },
		{ "resources and URLs conflict", test_resources_and_urls_conflict },
		{ "error order", test_error_order },
		{ "zero rules", test_zero_rules },
		{ "unvalidated fields", test_unvalidated_fields },
		{ "resolved level and stages", test_resolved_fields },
		{ "errors in several rules", test_errors_in_several_rules },
		{ "values are quoted like Go", test_values_are_quoted_like_go },
		{ "every error has a position", test_validate_reports_positions_for_every_error },
		{ NULL, NULL },
	};
	add_suite("validator", tests);
}
