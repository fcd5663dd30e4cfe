/* doc_print: -o yaml prints the -o json tree as block YAML that reads back as the same
 * values; one behaviour per test, each against the text a reader would see. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_print.h"
#include "test_util.h"

/* doc printed as format, in a newly allocated string; takes the reference. */
static char *printed(json_t *doc, doc_print_format format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	doc_print(f, doc, format);
	fclose(f);
	json_decref(doc);
	return buf;
}

static void check_yaml(const char *json, const char *want)
{
	json_error_t err;
	json_t *doc = json_loads(json, JSON_DECODE_ANY, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	char *got = printed(doc, DOC_PRINT_YAML);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n--- got ---\n%s--- want ---\n%s", got, want);
	free(got);
}

static void test_maps_nest_by_two_and_lists_sit_under_their_key(void)
{
	check_yaml("{\"a\":{\"b\":1,\"c\":{\"d\":\"x\"}},\"l\":[1,2]}",
	           "a:\n  b: 1\n  c:\n    d: x\nl:\n- 1\n- 2\n");
}

static void test_maps_in_lists_start_on_the_dash(void)
{
	check_yaml("[{\"rule\":0,\"level\":\"None\"},{\"rule\":1,\"stages\":[\"ResponseComplete\"]}]",
	           "- rule: 0\n  level: None\n- rule: 1\n  stages:\n  - ResponseComplete\n");
}

static void test_lists_in_lists_indent(void)
{
	check_yaml("[[1,[2]],3]", "- - 1\n  - - 2\n- 3\n");
}

static void test_empty_containers_and_scalars_stay_inline(void)
{
	check_yaml("{\"m\":{},\"l\":[],\"n\":null,\"t\":true,\"f\":false,\"r\":0.5,\"i\":-3}",
	           "m: {}\nl: []\n\"n\": null\nt: true\nf: false\nr: 0.5\ni: -3\n");
	check_yaml("{}", "{}\n");
	check_yaml("\"plain\"", "plain\n");
}

static void test_strings_that_would_read_as_something_else_are_quoted(void)
{
	check_yaml("[\"\",\"true\",\"Yes\",\"off\",\"null\",\"~\",\"12\",\"1.30\",\"0x1F\",\".inf\"]",
	           "- \"\"\n- \"true\"\n- \"Yes\"\n- \"off\"\n- \"null\"\n- \"~\"\n- \"12\"\n"
	           "- \"1.30\"\n- \"0x1F\"\n- \".inf\"\n");
}

static void test_dates_and_base_60_stay_strings(void)
{
	check_yaml("[\"2020-05-05T15:45:26Z\",\"1:30\"]",
	           "- \"2020-05-05T15:45:26Z\"\n- \"1:30\"\n");
}

static void test_yaml_syntax_inside_strings_is_quoted(void)
{
	check_yaml("[\"a: b\",\"x #y\",\"-x\",\"*all\",\"{a}\",\"trailing \",\"line\\nbreak\",\"ends:\"]",
	           "- \"a: b\"\n- \"x #y\"\n- \"-x\"\n- \"*all\"\n- \"{a}\"\n- \"trailing \"\n"
	           "- \"line\\nbreak\"\n- \"ends:\"\n");
}

static void test_characters_yaml_cannot_print_are_escaped(void)
{
	/* DEL, a C1 control (U+0085, YAML's next line), U+2028, a BOM: never raw */
	check_yaml("[\"a\\u007fb\",\"x\\u0085y\",\"p\\u2028q\",\"\\ufeffz\",\"caf\\u00e9\"]",
	           "- \"a\\x7Fb\"\n- \"x\\x85y\"\n- \"p\\u2028q\"\n- \"\\uFEFFz\"\n- caf\u00e9\n");
}

static void test_long_keys_take_the_explicit_form(void)
{
	char json[512], want[512];
	char key[201];
	memset(key, 'k', 200);
	key[200] = '\0';
	snprintf(json, sizeof json, "{\"%s\":1}", key);
	snprintf(want, sizeof want, "? %s\n: 1\n", key);
	check_yaml(json, want);
}

static void test_ordinary_strings_are_plain(void)
{
	check_yaml("[\"system:serviceaccount:kube-system:x\",\"/api/v1/pods?watch=true\",\"a#b\","
	           "\"RequestResponse\",\"rbac.authorization.k8s.io\"]",
	           "- system:serviceaccount:kube-system:x\n- /api/v1/pods?watch=true\n- a#b\n"
	           "- RequestResponse\n- rbac.authorization.k8s.io\n");
}

static void test_keys_are_quoted_by_the_same_rules(void)
{
	check_yaml("{\"\":1,\"on\":2,\"a b\":3,\"k: v\":4}",
	           "\"\": 1\n\"on\": 2\na b: 3\n\"k: v\": 4\n");
}

static void test_json_is_indented_in_order(void)
{
	char *buf = printed(json_pack("{s:i,s:[s]}", "z", 1, "a", "x"), DOC_PRINT_JSON);
	CU_ASSERT_STRING_EQUAL(buf, "{\n  \"z\": 1,\n  \"a\": [\n    \"x\"\n  ]\n}\n");
	free(buf);
}

static void test_format_names(void)
{
	doc_print_format f;
	CU_ASSERT(doc_print_format_of("yaml", &f) && f == DOC_PRINT_YAML);
	CU_ASSERT(doc_print_format_of("json", &f) && f == DOC_PRINT_JSON);
	CU_ASSERT_FALSE(doc_print_format_of("yml", &f));
	CU_ASSERT_FALSE(doc_print_format_of("JSON", &f));
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "maps nest by two and lists sit under their key",
		  test_maps_nest_by_two_and_lists_sit_under_their_key },
		{ "maps in lists start on the dash", test_maps_in_lists_start_on_the_dash },
		{ "lists in lists indent", test_lists_in_lists_indent },
		{ "empty containers and scalars stay inline", test_empty_containers_and_scalars_stay_inline },
		{ "strings that would read as something else are quoted",
		  test_strings_that_would_read_as_something_else_are_quoted },
		{ "dates and base-60 stay strings", test_dates_and_base_60_stay_strings },
		{ "YAML syntax inside strings is quoted", test_yaml_syntax_inside_strings_is_quoted },
		{ "ordinary strings are plain", test_ordinary_strings_are_plain },
		{ "characters YAML cannot print are escaped",
		  test_characters_yaml_cannot_print_are_escaped },
		{ "long keys take the explicit form", test_long_keys_take_the_explicit_form },
		{ "keys are quoted by the same rules", test_keys_are_quoted_by_the_same_rules },
		{ "JSON is indented in order", test_json_is_indented_in_order },
		{ "format names", test_format_names },
		{ NULL, NULL },
	};
	add_suite("doc_print", tests);
}
