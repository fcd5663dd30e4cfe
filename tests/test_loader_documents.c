/* Loader tests, part two: documents (multi-document, anchors, merges, limits),
 * apiVersion/kind recognition, strict-then-lenient decoding, metadata, files on disk and
 * the real-world policies of the corpus. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "policy_test_util.h"
#include "xalloc.h"
#include "yaml_doc.h"

/* ---- documents ---- */

static void test_only_first_document_counts(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n---\nthis: [is broken\n");
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.rule_count, 1);
	done(&l);
	expect_ok(HEAD "rules:\n- level: None\n---\napiVersion: audit.k8s.io/v1beta1\nrules: 5\n");
	expect_ok(HEAD "rules:\n- level: None\n...\n%%%garbage\n");
}

static void test_document_decorations(void)
{
	expect_ok("---\n# a comment\n" HEAD "rules: # inline comment\n- level: None\n...\n");
	expect_ok("\xEF\xBB\xBF" HEAD "rules:\n- level: None\n");
	loaded l = load("apiVersion: audit.k8s.io/v1\r\nkind: Policy\r\nrules:\r\n- level: None\r\n"
	                "  users: [a]\r\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "a");
	CU_ASSERT_EQUAL(l.p.rules[0].users.pos[0].line, 5);
	done(&l);
	expect_ok("    apiVersion: audit.k8s.io/v1\n    rules:\n    - level: None\n");
}

static void test_anchors_and_aliases(void)
{
	loaded l = load(HEAD "rules:\n- &rule {level: Metadata, users: &who [alice, bob]}\n"
	                     "- *rule\n- level: None\n  userGroups: *who\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL_FATAL(l.p.rule_count, 3);
	CU_ASSERT_STRING_EQUAL(l.p.rules[1].level_name, "Metadata");
	CU_ASSERT_STRING_EQUAL(l.p.rules[1].users.items[1], "bob");
	CU_ASSERT_STRING_EQUAL(l.p.rules[2].user_groups.items[0], "alice");
	CU_ASSERT_FALSE(l.p.lenient);
	done(&l);
	expect_error(HEAD "rules:\n- *nothing\n", NULL, "unknown anchor 'nothing'");
	expect_error(HEAD "rules: &loop\n- *loop\n", NULL, "contains itself");
}

static void test_merge_keys(void)
{
	loaded l = load(HEAD "base: &base {level: Request, verbs: [get]}\nrules:\n- <<: *base\n"
	                     "  users: [alice]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].level_name, "Request");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].verbs.items[0], "get");
	/* only the unknown "base" field is a strict complaint */
	CU_ASSERT_EQUAL(warnings(&l), 1);
	done(&l);
}

static void test_overridden_merge_key_is_duplicate(void)
{
	loaded l = load(HEAD "rules:\n- &base {level: Request}\n- <<: *base\n  level: None\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_STRING_EQUAL(l.p.rules[1].level_name, "None");
	const diag *d = find(&l, DIAG_WARNING, "rules[1].level", "duplicate key \"level\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 6);
	done(&l);
}

static void test_merge_list_first_map_wins(void)
{
	loaded l = load(HEAD "a: &a {level: Metadata}\nb: &b {level: Request, verbs: [list]}\n"
	                     "rules:\n- <<: [*a, *b]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].level_name, "Metadata");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].verbs.items[0], "list");
	done(&l);
	expect_error(HEAD "rules:\n- <<: [a]\n", NULL, "map merge requires map");
}

static void test_alias_bomb_is_an_error(void)
{
	char text[2048];
	int n = snprintf(text, sizeof text, HEAD "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 9; i++)
		n += snprintf(text + n, sizeof text - (size_t)n,
		              "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
		              i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	snprintf(text + n, sizeof text - (size_t)n, "rules:\n- level: None\n");
	expect_error(text, NULL, "more than 1000000 nodes");
}

static void test_nesting_limit(void)
{
	size_t depth = DOC_MAX_DEPTH + 10;
	char *text = xmalloc(depth * 2 + 64);
	int n = sprintf(text, "a: ");
	for (size_t i = 0; i < depth; i++)
		text[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		text[n++] = ']';
	text[n] = '\0';
	expect_error(text, NULL, "nests deeper than 256 levels");
	text[0] = '{';
	text[1] = '"';
	text[2] = '"';
	memmove(text + 4, text + 3, strlen(text + 3) + 1);
	text[3] = ':';
	strcat(text, "}");
	expect_error(text, NULL, "nests deeper than 256 levels");
	free(text);
}

static void test_size_limit(void)
{
	size_t len = DOC_MAX_BYTES + 1;
	char *text = xmalloc(len);
	memset(text, ' ', len);
	loaded l = load_bytes(text, len);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, NULL, "larger than the limit of"));
	done(&l);
	free(text);
}

static void test_syntax_errors(void)
{
	expect_error(HEAD "rules:\n\t- level: None\n", NULL, "YAML syntax error");
	expect_error(HEAD "rules: [{level: None}\n", NULL, "YAML syntax error");
	expect_error(HEAD "rules:\n- level: None\n users: [a]\n", NULL, "YAML syntax error");
	expect_error("a: \"\xff\"\n", NULL, "YAML syntax error");
}

static void test_top_level_must_be_a_map(void)
{
	expect_error("- apiVersion: audit.k8s.io/v1\n", NULL, "got list");
	expect_error("Policy\n", NULL, "got string");
	expect_error("5\n", NULL, "got int");
}

static void test_empty_file_is_unknown_group_version(void)
{
	expect_error("", NULL, "unknown group version");
	expect_error("# only a comment\n\n", NULL, "unknown group version");
	expect_error("---\n...\n", NULL, "unknown group version");
	expect_error("~\n", NULL, "unknown group version");
}

/* ---- apiVersion and kind ---- */

static void test_api_version_is_case_insensitive(void)
{
	loaded l = load("APIVERSION: audit.k8s.io/v1\nKind: Policy\nrules:\n- level: None\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "APIVERSION", "unknown field"));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "Kind", "unknown field"));
	done(&l);
	/* YAML is re-encoded with sorted keys, so "apiVersion" is read after "APIVERSION". */
	expect_ok("APIVERSION: audit.k8s.io/v1beta1\napiVersion: audit.k8s.io/v1\nrules:\n- level: None\n");
	expect_error("apiVersion: audit.k8s.io/v1beta1\nAPIVERSION: audit.k8s.io/v1\nrules:\n- level: None\n",
	             "apiVersion", "v1beta1");
	/* a JSON file is read in order: the last one wins */
	expect_ok("{\"apiVersion\":\"audit.k8s.io/v1beta1\",\"ApiVersion\":\"audit.k8s.io/v1\","
	          "\"rules\":[{\"level\":\"None\"}]}");
}

static void test_kind_may_be_omitted(void)
{
	expect_ok("apiVersion: audit.k8s.io/v1\nrules:\n- level: None\n");
	expect_ok("apiVersion: audit.k8s.io/v1\nkind: ~\nrules:\n- level: None\n");
}

static void test_missing_api_version(void)
{
	expect_error("kind: Policy\nrules:\n- level: None\n", NULL, "unknown group version");
	expect_error("apiVersion: audit.k8s.io/\nrules:\n- level: None\n", NULL,
	             "unknown group version");
	/* the body is not decoded against the v1 types then */
	expect_error("rules:\n- users: [y]\n", NULL, "unknown group version");
}

static void test_removed_versions_fail_with_hint(void)
{
	expect_error("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n- level: None\n",
	             "apiVersion", V1BETA1_HINT);
	expect_error("apiVersion: audit.k8s.io/v1alpha1\nkind: Policy\nrules:\n- level: None\n",
	             "apiVersion", "audit.k8s.io/v1alpha1 was removed in Kubernetes 1.24; change "
	                           "apiVersion to audit.k8s.io/v1 (the fields are the same)");
}

static void test_other_versions_and_kinds_fail(void)
{
	expect_error("apiVersion: v1\nkind: Policy\nrules:\n- level: None\n", "apiVersion",
	             "no kind \"Policy\" is registered for version \"v1\"");
	expect_error("apiVersion: audit.k8s.io/v2\nrules:\n- level: None\n", "apiVersion", "v2");
	expect_error("apiVersion: a/b/c\nrules:\n- level: None\n", "apiVersion",
	             "unexpected GroupVersion string: a/b/c");
	expect_error("apiVersion: 1\nrules:\n- level: None\n", "apiVersion", "got int");
	static const char *const kinds[] = { "PolicyList", "Event", "AuditPolicy", "policy" };
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		char text[128];
		snprintf(text, sizeof text, "apiVersion: audit.k8s.io/v1\nkind: %s\nrules:\n- level: None\n",
		         kinds[i]);
		expect_error(text, "kind", kinds[i]);
	}
}

/* ---- strict, then lenient ---- */

static void test_unknown_fields_are_dropped(void)
{
	loaded l = load(HEAD "color: blue\nrules:\n- level: None\n  extra: [1]\n  resources:\n"
	                     "  - group: apps\n    resource: [deployments]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_EQUAL(warnings(&l), 3);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "color", "unknown field \"color\""));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].extra", NULL));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].resources[0].resource", NULL));
	CU_ASSERT_EQUAL(l.p.rules[0].resources[0].resources.count, 0);
	done(&l);
}

static void test_field_names_are_case_sensitive(void)
{
	loaded l = open_text(HEAD "rules:\n- Level: Metadata\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].Level", "unknown field"));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, "rules[0].level", "Required value"));
	done(&l);
}

static void test_misspelt_selector_broadens_rule(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  verb: [get]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.rules[0].verbs.count, 0);
	CU_ASSERT_TRUE(l.p.lenient);
	done(&l);
}

static void test_misindented_verbs_under_resources(void)
{
	loaded l = open_text(HEAD "rules:\n- level: Metadata\n  resources:\n  - group: \"\"\n"
	                          "    resources: [pods]\n    verbs: [get]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(l.p.rules[0].verbs.count, 0);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].resources[0].verbs", NULL));
	done(&l);
}

static void test_duplicate_keys_last_wins(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  level: Metadata\n  users: [a]\n  users: [b]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].level_name, "Metadata");
	CU_ASSERT_STRING_EQUAL(l.p.rules[0].users.items[0], "b");
	const diag *d = find(&l, DIAG_WARNING, "rules[0].level", "first at 4:3");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(d->pos.line, 5);
	done(&l);
	/* the earlier duplicate is never decoded, so its type does not matter */
	expect_ok(HEAD "rules:\n- level: 5\n  level: None\n");
}

static void test_type_errors_stay_fatal_with_strict_complaints(void)
{
	loaded l = load(HEAD "extra: 1\nrules:\n- level: None\n  users: [y]\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL(errors(&l), 1);
	done(&l);
}

/* ---- metadata ---- */

static void test_metadata_is_accepted(void)
{
	loaded l = load(HEAD "metadata:\n  name: policy\n  namespace: ~\n  labels: {a: b, c: ~}\n"
	                     "  annotations:\n    x: \"1\"\n  creationTimestamp: 2024-02-29T10:00:00.5+01:00\n"
	                     "  generation: 3\n  finalizers: [f]\nrules:\n- level: None\n");
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_FALSE(l.p.lenient);
	done(&l);
	expect_ok(HEAD "metadata: {creationTimestamp: null}\nrules:\n- level: None\n");
	expect_ok(HEAD "metadata: ~\nrules:\n- level: None\n");
}

static void test_metadata_types(void)
{
	expect_error(HEAD "metadata:\n  name: 5\nrules:\n- level: None\n", "metadata.name", "got int (5)");
	expect_error(HEAD "metadata:\n  creationTimestamp: 2024-01-01\nrules:\n- level: None\n",
	             "metadata.creationTimestamp", "RFC 3339");
	expect_error(HEAD "metadata:\n  creationTimestamp: \"2024-13-01T00:00:00Z\"\nrules:\n- level: None\n",
	             "metadata.creationTimestamp", "RFC 3339");
	expect_error(HEAD "metadata:\n  labels: {a: 1}\nrules:\n- level: None\n", "metadata.labels.a",
	             "got int (1)");
	expect_error(HEAD "metadata: [a]\nrules:\n- level: None\n", "metadata", "got list");
	loaded l = load(HEAD "metadata:\n  owner: me\nrules:\n- level: None\n");
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "metadata.owner", "unknown field"));
	done(&l);
}

/* ---- files ---- */

static void test_file_errors(void)
{
	diag_list diags;
	policy p;
	diag_list_init(&diags, "missing.yaml");
	CU_ASSERT_EQUAL(policy_load_file(SOURCE_ROOT "/fixtures/no-such-file.yaml", &p, &diags),
	                LOAD_IO_ERROR);
	CU_ASSERT_EQUAL(diag_count(&diags, DIAG_ERROR), 1);
	policy_free(&p);
	diag_list_free(&diags);
	diag_list_init(&diags, "dir");
	CU_ASSERT_EQUAL(policy_open(SOURCE_ROOT "/fixtures", &p, &diags), LOAD_IO_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(diags.items[0].message, "directory"));
	policy_free(&p);
	diag_list_free(&diags);
}

typedef void (*file_check)(const char *path, load_result result, const diag_list *diags);

static void for_each_policy_file(const char *dir, file_check check)
{
	DIR *d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	size_t seen = 0;
	struct dirent *entry;
	while ((entry = readdir(d)) != NULL) {
		const char *name = entry->d_name;
		size_t len = strlen(name);
		bool policy_file = (len > 5 && strcmp(name + len - 5, ".yaml") == 0) ||
		                   (len > 5 && strcmp(name + len - 5, ".json") == 0);
		if (!policy_file)
			continue;
		char *path = xasprintf("%s/%s", dir, name);
		diag_list diags;
		diag_list_init(&diags, path);
		policy p;
		load_result result = policy_open(path, &p, &diags);
		check(path, result, &diags);
		policy_free(&p);
		diag_list_free(&diags);
		free(path);
		seen++;
	}
	closedir(d);
	CU_ASSERT_TRUE(seen > 0);
}

static bool mentions(const diag_list *diags, const char *text)
{
	for (size_t i = 0; i < diags->count; i++) {
		if (strstr(diags->items[i].message, text))
			return true;
	}
	return false;
}

static void expect_valid_file(const char *path, load_result result, const diag_list *diags)
{
	CU_ASSERT_EQUAL(result, LOAD_OK);
	if (result != LOAD_OK) {
		fprintf(stderr, "\n%s should be valid:\n", path);
		diag_print(diags, stderr);
	}
}

static void expect_invalid_file(const char *path, load_result result, const diag_list *diags)
{
	CU_ASSERT_EQUAL(result, LOAD_INVALID);
	CU_ASSERT_TRUE(diag_count(diags, DIAG_ERROR) > 0);
	if (result != LOAD_INVALID)
		fprintf(stderr, "\n%s should be invalid\n", path);
}

/* Every corpus policy loads, except the v1beta1 ones, which fail with the hint. */
static void expect_corpus_outcome(const char *path, load_result result, const diag_list *diags)
{
	bool v1beta1 = strstr(path, "v1beta1") || strstr(path, "eks-best-practices") ||
	               strstr(path, "rendered-skipAuditInternalUsers");
	if (v1beta1) {
		CU_ASSERT_EQUAL(result, LOAD_INVALID);
		CU_ASSERT_TRUE(mentions(diags, V1BETA1_HINT));
	} else {
		expect_valid_file(path, result, diags);
	}
}

static void test_valid_fixtures(void)
{
	for_each_policy_file(SOURCE_ROOT "/fixtures/policies-valid", expect_valid_file);
}

static void test_invalid_fixtures(void)
{
	for_each_policy_file(SOURCE_ROOT "/fixtures/policies-invalid", expect_invalid_file);
}

static void test_corpus_policies(void)
{
	for_each_policy_file(SOURCE_ROOT "/fixtures/corpus-policies", expect_corpus_outcome);
}

/* The shared corpus next to the checkout, when there is one (it holds files whose licence
 * keeps them out of fixtures/). */
static void test_shared_corpus_policies(void)
{
	static const char *const dirs[] = { SOURCE_ROOT "/../shared/corpus/policies",
		                            SOURCE_ROOT "/../shared/corpus/policies/derived-from-code" };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		struct stat st;
		if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
			for_each_policy_file(dirs[i], expect_corpus_outcome);
	}
}

static void load_corpus_file(const char *name, policy *p, diag_list *diags)
{
	char *path = xasprintf(SOURCE_ROOT "/fixtures/corpus-policies/%s", name);
	diag_list_init(diags, path);
	CU_ASSERT_EQUAL(policy_open(path, p, diags), LOAD_OK);
	free(path);
}

static void test_corpus_details(void)
{
	policy p;
	diag_list diags;
	load_corpus_file("openshift-profile-WriteRequestBodies.yaml", &p, &diags);
	CU_ASSERT_TRUE(p.lenient); /* the misspelt `resource:` key */
	CU_ASSERT_EQUAL(p.rule_count, 5);
	CU_ASSERT_TRUE(p.omit_managed_fields);
	CU_ASSERT_EQUAL(p.omit_stage_mask, STAGE_BIT(STAGE_REQUEST_RECEIVED));
	policy_free(&p);
	diag_list_free(&diags);
	load_corpus_file("gke-configure-helper.yaml", &p, &diags);
	CU_ASSERT_EQUAL(p.rule_count, 17);
	CU_ASSERT_FALSE(p.lenient);
	policy_free(&p);
	diag_list_free(&diags);
	load_corpus_file("k8s-docs-audit-policy.yaml", &p, &diags);
	CU_ASSERT_EQUAL(p.rule_count, 9);
	policy_free(&p);
	diag_list_free(&diags);
}

void register_tests(void)
{
	static const test_case document_tests[] = {
		{ "only the first document counts", test_only_first_document_counts },
		{ "---, comments, ..., BOM, CRLF", test_document_decorations },
		{ "anchors and aliases", test_anchors_and_aliases },
		{ "merge keys", test_merge_keys },
		{ "overridden merge key is a duplicate", test_overridden_merge_key_is_duplicate },
		{ "merge list: first map wins", test_merge_list_first_map_wins },
		{ "alias bomb is an error", test_alias_bomb_is_an_error },
		{ "nesting limit", test_nesting_limit },
		{ "size limit", test_size_limit },
		{ "syntax errors", test_syntax_errors },
		{ "top level must be a map", test_top_level_must_be_a_map },
		{ "empty file: unknown group version", test_empty_file_is_unknown_group_version },
		{ NULL, NULL },
	};
	static const test_case type_meta_tests[] = {
		{ "apiVersion is matched case-insensitively", test_api_version_is_case_insensitive },
		{ "kind may be omitted", test_kind_may_be_omitted },
		{ "missing apiVersion", test_missing_api_version },
		{ "v1beta1/v1alpha1 fail with a hint", test_removed_versions_fail_with_hint },
		{ "other versions and kinds fail", test_other_versions_and_kinds_fail },
		{ NULL, NULL },
	};
	static const test_case strict_tests[] = {
		{ "unknown fields are dropped", test_unknown_fields_are_dropped },
		{ "field names are case-sensitive", test_field_names_are_case_sensitive },
		{ "misspelt selector broadens the rule", test_misspelt_selector_broadens_rule },
		{ "misindented verbs under resources", test_misindented_verbs_under_resources },
		{ "duplicate keys: last wins", test_duplicate_keys_last_wins },
		{ "type errors stay fatal", test_type_errors_stay_fatal_with_strict_complaints },
		{ "metadata is accepted", test_metadata_is_accepted },
		{ "metadata types", test_metadata_types },
		{ NULL, NULL },
	};
	static const test_case file_tests[] = {
		{ "file errors", test_file_errors },
		{ "valid fixtures", test_valid_fixtures },
		{ "invalid fixtures", test_invalid_fixtures },
		{ "corpus policies", test_corpus_policies },
		{ "shared corpus policies", test_shared_corpus_policies },
		{ "corpus details", test_corpus_details },
		{ NULL, NULL },
	};
	add_suite("loader: documents", document_tests);
	add_suite("loader: apiVersion and kind", type_meta_tests);
	add_suite("loader: strict and lenient", strict_tests);
	add_suite("loader: files", file_tests);
}
