/* Loader tests: how kube-apiserver decodes a Policy file (semantics §1), one rule at a
 * time, mostly from inline YAML through policy_load_buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_test_util.h"
#include "yaml_doc.h"

/* ---- format sniffing and JSON ---- */

static void test_json_policy_loads(void)
{
	loaded l = load("{\"apiVersion\":\"audit.k8s.io/v1\",\"kind\":\"Policy\",\n"
	                " \"rules\":[{\"level\":\"Metadata\",\"users\":[\"alice\"]}]}");
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.rule_count, 1);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].level_name, "Metadata");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "alice");
	CU_ASSERT_EQUAL(l.p.rules[0].pos.line, 2);
	CU_ASSERT_EQUAL(l.p.rules[0].pos.col, 11);
	done(&l);
}

static void test_json_rejects_yaml_flow_mapping(void)
{
	expect_error("{apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{level: Metadata}]}", NULL,
	             "invalid JSON: invalid character 'a' looking for beginning of object key string");
	expect_error("  \n\t{apiVersion: audit.k8s.io/v1}", NULL, "invalid JSON");
}

static void test_json_is_strict(void)
{
	expect_error("{\"apiVersion\":\"audit.k8s.io/v1\",\"rules\":[{\"level\":\"None\"},]}", NULL,
	             "looking for beginning of value");
	expect_error("{\"apiVersion\":\"audit.k8s.io/v1\"} // comment", NULL, "after top-level value");
	expect_error("{\"apiVersion\":'audit.k8s.io/v1'}", NULL, "invalid character '\\''");
	expect_error("{\"apiVersion\":\"audit.k8s.io/v1\",\"rules\":[{\"level\":\"None\"}]", NULL,
	             "unexpected end of JSON input");
	expect_error("{\"a\": 01}", NULL, "after object key:value pair");
	expect_error("{\"a\": tru}", NULL, "in literal true");
	expect_error("{\"a\": \"x\ny\"}", NULL, "in string literal");
	expect_error("{\"a\": \"\\q\"}", NULL, "in string escape code");
}

static void test_json_error_position(void)
{
	loaded l = load("{\n  \"apiVersion\": \"audit.k8s.io/v1\",\n  rules: []\n}");
	const diag *d = find(&l, DIAG_ERROR, NULL, "invalid JSON");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 3);
	CU_ASSERT_EQUAL(d->pos.col, 3);
	done(&l);
}

static void test_json_strings_and_types(void)
{
	loaded l = load("{\"apiVersion\":\"audit.k8s.io/v1\",\"rules\":[{\"level\":\"None\","
	                "\"users\":[\"caf\\u00e9\",\"\\ud83d\\ude00\",\"a\\/b\",null]}]}");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "caf\xc3\xa9");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[1], "\xf0\x9f\x98\x80");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[2], "a/b");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[3], "");
	done(&l);
	expect_error("{\"apiVersion\":\"audit.k8s.io/v1\",\"rules\":[{\"users\":[5]}]}",
	             "rules[0].users[0]", "expected a string, got number (5)");
}

static void test_json_duplicate_key_is_lenient(void)
{
	loaded l = load("{\"apiVersion\":\"audit.k8s.io/v1\",\"rules\":[{\"level\":\"None\","
	                "\"level\":\"Request\"}]}");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].level_name, "Request");
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].level", "duplicate key"));
	done(&l);
}

static void test_bom_before_brace_is_yaml(void)
{
	/* A byte order mark is not white space, so the file is not sniffed as JSON and the
	 * YAML reader takes the flow mapping. */
	expect_ok("\xEF\xBB\xBF{apiVersion: audit.k8s.io/v1, rules: [{level: Metadata}]}");
}

/* ---- YAML 1.1 typing ---- */

static void test_yaml_booleans_are_not_strings(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  users: [y, n]\n  userGroups: [on]\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].users[0]", "expected a string, got bool (y)"));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].users[1]", "got bool (n)"));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].userGroups[0]", "got bool (on)"));
	CU_ASSERT_EQUAL(errors(&l), 3);
	done(&l);
}

static void test_yaml_numbers_are_not_strings(void)
{
	expect_error(HEAD "rules:\n- level: None\n  namespaces: [2024]\n", "rules[0].namespaces[0]",
	             "expected a string, got int (2024)");
	expect_error(HEAD "omitStages: [Y]\nrules:\n- level: None\n", "omitStages[0]", "got bool (Y)");
	static const char *const numbers[] = { "0x1F", "0o17", "017", "1_000", "-5", "+5", "1.5",
		                               ".5", "1e3", "08", "123456789012345678901234567890",
		                               "18446744073709551615" };
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		char text[256];
		snprintf(text, sizeof text, HEAD "rules:\n- level: None\n  verbs: [%s]\n", numbers[i]);
		expect_error(text, "rules[0].verbs[0]", "expected a string, got");
	}
	expect_error(HEAD "rules:\n- level: None\n  verbs: [08]\n", "rules[0].verbs[0]", "got float (08)");
}

static void test_yaml_plain_strings_stay_strings(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  verbs: [1e400, 0x, 1.2.3, 1_a, +inf, yes_no, "
	                     "'y', \"on\", '2024', ., -, 2024-01-01, <<]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL_FATAL(l.p.rules[0].verbs.count, 13);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].verbs.items[0], "1e400");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].verbs.items[6], "y");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].verbs.items[12], "<<");
	done(&l);
}

static void test_yaml_bool_fields(void)
{
	loaded l = load(HEAD "omitManagedFields: yes\nrules:\n- level: None\n  omitManagedFields: off\n"
	                     "- level: None\n  omitManagedFields: ~\n- level: None\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.omit_managed_fields);
	CU_ASSERT_EQUAL(l.p.rules[0].omit_managed_fields, TRISTATE_FALSE);
	CU_ASSERT_EQUAL(l.p.rules[1].omit_managed_fields, TRISTATE_UNSET);
	CU_ASSERT_EQUAL(l.p.rules[2].omit_managed_fields, TRISTATE_UNSET);
	done(&l);
	l = load(HEAD "omitManagedFields: Off\nrules:\n- level: None\n  omitManagedFields: Y\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_FALSE(l.p.omit_managed_fields);
	CU_ASSERT_EQUAL(l.p.rules[0].omit_managed_fields, TRISTATE_TRUE);
	done(&l);
}

static void test_quoted_true_is_not_a_bool(void)
{
	expect_error(HEAD "omitManagedFields: \"true\"\nrules:\n- level: None\n", "omitManagedFields",
	             "expected a bool, got string (\"true\")");
	expect_error(HEAD "rules:\n- level: None\n  omitManagedFields: 'false'\n",
	             "rules[0].omitManagedFields", "expected a bool, got string");
	expect_error(HEAD "rules:\n- level: None\n  omitManagedFields: 1\n",
	             "rules[0].omitManagedFields", "expected a bool, got int (1)");
}

static void test_null_list_entry_is_empty_string(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  namespaces: [~]\n  users: [null, \"\", a]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL_FATAL(l.p.rules[0].namespaces.count, 1);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].namespaces.items[0], "");
	CU_ASSERT_EQUAL_FATAL(l.p.rules[0].users.count, 3);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[1], "");
	done(&l);
}

static void test_null_values(void)
{
	loaded l = load(HEAD "omitStages: ~\nrules:\n- level: None\n  users: null\n  resources:\n"
	                     "  - ~\n  - group: ~\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.omit_stages.count, 0);
	CU_ASSERT_EQUAL(l.p.rules[0].users.count, 0);
	CU_ASSERT_EQUAL_FATAL(l.p.rules[0].resource_count, 2);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].resources[0].group, "");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].resources[1].group, "");
	done(&l);
}

static void test_null_rule_is_empty_rule(void)
{
	loaded l = open_text(HEAD "rules:\n- level: None\n- ~\n-\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL(l.p.rule_count, 3);
	const diag *d = find(&l, DIAG_ERROR, "rules[1].level", "Required value");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 5);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[2].level", "Required value"));
	done(&l);
}

static void test_wrong_shapes(void)
{
	expect_error(HEAD "rules:\n- level: None\n  users: alice\n", "rules[0].users",
	             "expected a list of strings, got string (\"alice\")");
	expect_error(HEAD "rules: {level: None}\n", "rules", "expected a list of rules, got map");
	expect_error(HEAD "rules:\n- Metadata\n", "rules[0]", "expected a rule (a map), got string");
	expect_error(HEAD "rules:\n- level: [None]\n", "rules[0].level", "expected a string, got list");
	expect_error(HEAD "rules:\n- level: None\n  resources: [pods]\n", "rules[0].resources[0]",
	             "got string");
	expect_error(HEAD "rules:\n- level: None\n  resources:\n  - group: 5\n",
	             "rules[0].resources[0].group", "got int (5)");
	expect_error(HEAD "rules:\n- level: None\n  users: [[a]]\n", "rules[0].users[0]", "got list");
}

static void test_every_type_error_is_reported(void)
{
	loaded l = load(HEAD "omitStages: [5]\nrules:\n- level: 1\n  users: [y]\n- level: None\n"
	                     "  verbs: get\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL(errors(&l), 4);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "omitStages[0]", NULL));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].level", NULL));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].users[0]", NULL));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[1].verbs", NULL));
	done(&l);
}

static void test_error_positions(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n- level: Metadata\n  users:\n    - alice\n    - y\n");
	const diag *d = find(&l, DIAG_ERROR, "rules[1].users[1]", "expected a string, got bool (y)");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 8);
	CU_ASSERT_EQUAL(d->pos.col, 7);
	done(&l);
	l = load(HEAD "rules:\n  - level: None\n    users: [a, b]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.rules[0].pos.line, 4);
	CU_ASSERT_EQUAL(l.p.rules[0].pos.col, 5);
	CU_ASSERT_EQUAL(l.p.rules[0].level_pos.col, 12);
	CU_ASSERT_EQUAL(l.p.rules[0].users.pos[1].col, 16);
	CU_ASSERT_EQUAL(l.p.rules[0].users.pos_key.line, 5);
	done(&l);
}

static void test_tags(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  users: [!!str 5, !!str yes, !custom 7]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "5");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[1], "yes");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[2], "7");
	done(&l);
	expect_error(HEAD "rules:\n- level: None\n  users: [!!int abc]\n", NULL, "as a !!int");
	expect_error(HEAD "rules:\n- level: None\n  users: [!!int \"5\"]\n", "rules[0].users[0]",
	             "got int (5)");
}

static void test_block_scalars_are_strings(void)
{
	loaded l = load(HEAD "rules:\n- level: |-\n    Metadata\n  users:\n  - >-\n    true\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].level_name, "Metadata");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "true");
	done(&l);
}

static void test_json_conversion_failures(void)
{
	/* sigs.k8s.io/yaml cannot turn these into JSON, even inside an unknown field. */
	expect_error(HEAD "extra: .inf\nrules:\n- level: None\n", NULL, "cannot be converted to JSON");
	expect_error(HEAD "rules:\n- level: None\n  users: [-.Inf]\n", NULL, "cannot be converted");
	expect_error(HEAD "~: x\nrules:\n- level: None\n", NULL, "unsupported map key");
	expect_error(HEAD "? [a]\n: x\nrules:\n- level: None\n", NULL, "unsupported map key");
}

static void test_non_string_keys_are_converted(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  yes: 1\n  0x10: 2\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].true", "unknown field \"true\""));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].16", "unknown field \"16\""));
	done(&l);
}

void register_tests(void)
{
	static const test_case format_tests[] = {
		{ "json policy loads", test_json_policy_loads },
		{ "json rejects a YAML flow mapping", test_json_rejects_yaml_flow_mapping },
		{ "json is strict", test_json_is_strict },
		{ "json error position", test_json_error_position },
		{ "json strings and types", test_json_strings_and_types },
		{ "json duplicate key is lenient", test_json_duplicate_key_is_lenient },
		{ "BOM before { is read as YAML", test_bom_before_brace_is_yaml },
		{ NULL, NULL },
	};
	static const test_case typing_tests[] = {
		{ "YAML 1.1 booleans are not strings", test_yaml_booleans_are_not_strings },
		{ "YAML numbers are not strings", test_yaml_numbers_are_not_strings },
		{ "plain scalars that stay strings", test_yaml_plain_strings_stay_strings },
		{ "bool fields take yes/off", test_yaml_bool_fields },
		{ "quoted true is not a bool", test_quoted_true_is_not_a_bool },
		{ "null list entry is \"\"", test_null_list_entry_is_empty_string },
		{ "null values", test_null_values },
		{ "null rule is an empty rule", test_null_rule_is_empty_rule },
		{ "wrong shapes", test_wrong_shapes },
		{ "every type error is reported", test_every_type_error_is_reported },
		{ "error positions", test_error_positions },
		{ "tags", test_tags },
		{ "block scalars are strings", test_block_scalars_are_strings },
		{ "YAML to JSON conversion failures", test_json_conversion_failures },
		{ "non-string keys are converted", test_non_string_keys_are_converted },
		{ NULL, NULL },
	};
	add_suite("loader: format", format_tests);
	add_suite("loader: typing", typing_tests);
}
