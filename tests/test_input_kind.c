/* input_kind: what a refused file most likely is, one kind per test, with the near misses
 * that must not be taken for another kind. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "input_kind.h"
#include "test_util.h"

static input_kind kind_of(const char *text) { return input_kind_of(text, strlen(text)); }

static void test_json_lines_of_events_are_an_audit_log(void)
{
	CU_ASSERT_EQUAL(kind_of("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\"}\n{}"),
	                INPUT_KIND_AUDIT_LOG);
	CU_ASSERT_EQUAL(kind_of("  {\"auditID\" : \"x\"}"), INPUT_KIND_AUDIT_LOG);
	CU_ASSERT_EQUAL(kind_of("{\"kind\": \"EventList\", \"items\": []}"), INPUT_KIND_AUDIT_LOG);
}

static void test_an_event_creating_a_role_is_still_an_audit_log(void)
{
	/* a Role's body has "rules", as a Policy has */
	CU_ASSERT_EQUAL(kind_of("{\"auditID\":\"a\",\"requestObject\":{\"kind\":\"Role\",\"rules\":[]}}"),
	                INPUT_KIND_AUDIT_LOG);
}

static void test_azure_records_are_an_export(void)
{
	CU_ASSERT_EQUAL(kind_of("{\"records\": [{\"category\": \"kube-audit\"}]}"),
	                INPUT_KIND_AZURE_EXPORT);
	CU_ASSERT_EQUAL(kind_of("{\"category\":\"kube-audit\",\"properties\":{\"log\":"
	                        "\"{\\\"kind\\\":\\\"Event\\\"}\"}}"),
	                INPUT_KIND_AZURE_EXPORT);
}

static void test_protopayload_is_cloud_logging(void)
{
	CU_ASSERT_EQUAL(kind_of("{\"protoPayload\":{\"methodName\":\"io.k8s.get\"}}"),
	                INPUT_KIND_CLOUD_LOGGING);
}

static void test_policies_in_yaml_and_json(void)
{
	CU_ASSERT_EQUAL(kind_of("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n"),
	                INPUT_KIND_POLICY);
	CU_ASSERT_EQUAL(kind_of("# comment\nkind: \"Policy\"\n"), INPUT_KIND_POLICY);
	CU_ASSERT_EQUAL(kind_of("apiVersion: audit.k8s.io/v1\nrules:\n- level: None\n"),
	                INPUT_KIND_POLICY);
	CU_ASSERT_EQUAL(kind_of("{\"apiVersion\":\"audit.k8s.io/v1\",\"kind\":\"Policy\"}"),
	                INPUT_KIND_POLICY);
}

static void test_a_scenario_has_requests_at_the_top(void)
{
	CU_ASSERT_EQUAL(kind_of("description: x\nrequests:\n  - user: a\n"), INPUT_KIND_SCENARIO);
	/* indented, it is some other document's key */
	CU_ASSERT_EQUAL(kind_of("spec:\n  requests:\n    cpu: 1\n"), INPUT_KIND_UNKNOWN);
}

static void test_keys_must_be_whole_words(void)
{
	CU_ASSERT_EQUAL(kind_of("kinds: Policy\n"), INPUT_KIND_UNKNOWN);
	CU_ASSERT_EQUAL(kind_of("{\"kindly\":\"Event\"}"), INPUT_KIND_UNKNOWN);
	CU_ASSERT_EQUAL(kind_of("{\"kind\":\"Events\"}"), INPUT_KIND_UNKNOWN);
}

static void test_gzip_empty_and_truncated(void)
{
	CU_ASSERT_EQUAL(input_kind_of("\x1f\x8b\x08", 3), INPUT_KIND_GZIP);
	CU_ASSERT_EQUAL(kind_of(""), INPUT_KIND_UNKNOWN);
	CU_ASSERT_EQUAL(kind_of(" \n\t"), INPUT_KIND_UNKNOWN);
	CU_ASSERT_EQUAL(kind_of("{\"kind"), INPUT_KIND_UNKNOWN);
	CU_ASSERT_EQUAL(kind_of("{\"auditID\""), INPUT_KIND_UNKNOWN); /* no colon yet */
	CU_ASSERT_EQUAL(kind_of("\xef\xbb\xbf{\"auditID\":1}"), INPUT_KIND_AUDIT_LOG);
}

static void test_every_kind_but_unknown_is_described(void)
{
	CU_ASSERT_STRING_EQUAL(input_kind_description(INPUT_KIND_UNKNOWN), "");
	for (int k = INPUT_KIND_GZIP; k <= INPUT_KIND_SCENARIO; k++)
		CU_ASSERT(strlen(input_kind_description((input_kind)k)) > 0);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "JSON lines of events are an audit log", test_json_lines_of_events_are_an_audit_log },
		{ "an event creating a Role is still an audit log",
		  test_an_event_creating_a_role_is_still_an_audit_log },
		{ "Azure records are an export", test_azure_records_are_an_export },
		{ "protoPayload is Cloud Logging", test_protopayload_is_cloud_logging },
		{ "policies in YAML and JSON", test_policies_in_yaml_and_json },
		{ "a scenario has requests at the top", test_a_scenario_has_requests_at_the_top },
		{ "keys must be whole words", test_keys_must_be_whole_words },
		{ "gzip, empty and truncated", test_gzip_empty_and_truncated },
		{ "every kind but unknown is described", test_every_kind_but_unknown_is_described },
		{ NULL, NULL },
	};
	add_suite("input_kind", tests);
}
