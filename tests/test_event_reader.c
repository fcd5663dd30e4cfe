/* Tests for the event reader: fields, JSON lines, bad records, multi-line values, wrappers. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "reader_helpers.h"
#include "test_util.h"

static const char full_event[] =
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"RequestResponse\","
	"\"auditID\":\"\\u0061bc\",\"stage\":\"ResponseComplete\","
	"\"requestURI\":\"/api/v1/namespaces/d/pods?a=1\\u0026b=2\",\"verb\":\"create\","
	"\"user\":{\"username\":\"caf\xff\",\"uid\":\"1\",\"groups\":[\"g1\",\"g\\n2\"],"
	"\"extra\":{\"k\":[\"v\"]}},\"impersonatedUser\":{\"username\":\"bob\"},"
	"\"sourceIPs\":[\"10.0.0.1\"],\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"d\","
	"\"name\":\"p\",\"apiGroup\":\"apps\",\"apiVersion\":\"v1\",\"subresource\":\"status\"},"
	"\"responseStatus\":{\"metadata\":{},\"message\":\"pods \\\"p\\\" exists\",\"code\":409},"
	"\"requestObject\":{\"kind\":\"Pod\",\"spec\":{\"x\":[1,2]}},\"responseObject\":null,"
	"\"requestReceivedTimestamp\":\"2025-03-24T07:52:04.917617Z\","
	"\"stageTimestamp\":\"2025-03-24T07:52:04.920000Z\","
	"\"annotations\":{\"authorization.k8s.io/decision\":\"allow\"}}\n";

static void test_fields(void)
{
	first_event fe;
	CU_ASSERT_FATAL(open_first(&fe, full_event));
	const audit_event *ev = &fe.ev;
	CU_ASSERT_STRING_EQUAL(ev->file, "log.jsonl");
	CU_ASSERT_EQUAL(ev->line, 1);
	CU_ASSERT(span_eq(ev->kind, "Event"));
	CU_ASSERT(span_eq(ev->api_version, "audit.k8s.io/v1"));
	CU_ASSERT(span_eq(ev->level, "RequestResponse"));
	CU_ASSERT(span_eq(ev->audit_id, "abc"));
	CU_ASSERT(span_eq(ev->stage, "ResponseComplete"));
	CU_ASSERT(span_eq(ev->request_uri, "/api/v1/namespaces/d/pods?a=1&b=2"));
	CU_ASSERT(span_eq(ev->verb, "create"));
	CU_ASSERT_TRUE(ev->has_user);
	CU_ASSERT(span_eq(ev->user_name, "caf\xef\xbf\xbd")); /* invalid UTF-8 -> U+FFFD */
	CU_ASSERT_EQUAL_FATAL(ev->user_group_count, 2);
	CU_ASSERT(span_eq(ev->user_groups[0], "g1"));
	CU_ASSERT(span_eq(ev->user_groups[1], "g\n2"));
	CU_ASSERT_TRUE(ev->has_impersonated_user);
	CU_ASSERT_TRUE(ev->has_object_ref);
	CU_ASSERT(span_eq(ev->object_resource, "pods"));
	CU_ASSERT(span_eq(ev->object_namespace, "d"));
	CU_ASSERT(span_eq(ev->object_name, "p"));
	CU_ASSERT(span_eq(ev->object_api_group, "apps"));
	CU_ASSERT(span_eq(ev->object_api_version, "v1"));
	CU_ASSERT(span_eq(ev->object_subresource, "status"));
	CU_ASSERT_EQUAL(ev->response_code, 409);
	CU_ASSERT(span_eq(ev->response_message, "pods \"p\" exists"));
	CU_ASSERT(span_eq(ev->request_received_timestamp, "2025-03-24T07:52:04.917617Z"));
	CU_ASSERT(span_eq(ev->stage_timestamp, "2025-03-24T07:52:04.920000Z"));
	CU_ASSERT_FALSE(span_is_set(ev->timestamp));
	CU_ASSERT(span_eq(ev->raw_request_object, "{\"kind\":\"Pod\",\"spec\":{\"x\":[1,2]}}"));
	CU_ASSERT_FALSE(span_is_set(ev->raw_response_object)); /* null is absent */
	CU_ASSERT(span_eq(ev->raw_annotations, "{\"authorization.k8s.io/decision\":\"allow\"}"));
	/* raw is exactly the line without its newline, pointing into the input */
	CU_ASSERT_EQUAL(ev->raw.len, strlen(full_event) - 1);
	CU_ASSERT(memcmp(ev->raw.ptr, full_event, ev->raw.len) == 0);
	close_first(&fe);
}

static void test_members_in_order(void)
{
	first_event fe;
	CU_ASSERT_FATAL(open_first(&fe, full_event));
	const audit_event *ev = &fe.ev;
	const char *keys[] = { "kind", "apiVersion", "level", "auditID", "stage", "requestURI",
		               "verb", "user", "impersonatedUser", "sourceIPs", "objectRef",
		               "responseStatus", "requestObject", "responseObject",
		               "requestReceivedTimestamp", "stageTimestamp", "annotations" };
	CU_ASSERT_EQUAL_FATAL(ev->member_count, sizeof keys / sizeof keys[0]);
	for (size_t i = 0; i < ev->member_count; i++)
		CU_ASSERT(span_eq(ev->members[i].key, keys[i]));
	CU_ASSERT(span_eq(ev->members[3].value, "\"\\u0061bc\""));
	CU_ASSERT(span_eq(ev->members[9].value, "[\"10.0.0.1\"]"));
	CU_ASSERT(span_eq(ev->members[13].value, "null"));
	close_first(&fe);
}

static void test_absent_fields(void)
{
	first_event fe;
	CU_ASSERT_FATAL(open_first(&fe, "{\"level\":\"None\",\"auditID\":\"x\",\"stage\":\"Panic\","
	                                "\"verb\":\"\"}"));
	const audit_event *ev = &fe.ev;
	CU_ASSERT_FALSE(span_is_set(ev->kind));
	CU_ASSERT_FALSE(span_is_set(ev->api_version));
	CU_ASSERT(span_is_set(ev->verb) && ev->verb.len == 0); /* "" is a valid verb */
	CU_ASSERT_FALSE(ev->has_user);
	CU_ASSERT_FALSE(ev->has_object_ref);
	CU_ASSERT_FALSE(ev->has_impersonated_user);
	CU_ASSERT_EQUAL(ev->user_group_count, 0);
	CU_ASSERT_EQUAL(ev->response_code, 0);
	CU_ASSERT_FALSE(span_is_set(ev->raw_annotations));
	close_first(&fe);
}

/* Go's encoding/json: the last duplicate wins, objects merge, null changes nothing. */
static void test_duplicate_keys(void)
{
	first_event fe;
	CU_ASSERT_FATAL(open_first(
		&fe, "{\"level\":\"None\",\"auditID\":\"x\",\"stage\":\"Panic\",\"verb\":\"get\","
		     "\"verb\":\"list\",\"verb\":null,\"user\":{\"username\":\"a\",\"groups\":[\"g1\"]},"
		     "\"user\":{\"groups\":[\"g2\",\"g3\"]},\"kin\\u0064\":\"Event\"}"));
	const audit_event *ev = &fe.ev;
	CU_ASSERT(span_eq(ev->verb, "list"));
	CU_ASSERT(span_eq(ev->user_name, "a"));
	CU_ASSERT_EQUAL_FATAL(ev->user_group_count, 2);
	CU_ASSERT(span_eq(ev->user_groups[0], "g2"));
	CU_ASSERT(span_eq(ev->kind, "Event"));
	CU_ASSERT_EQUAL(ev->member_count, 9);
	CU_ASSERT(span_eq(ev->members[8].key, "kind")); /* keys are decoded */
	close_first(&fe);
}

/* Known members have fixed slots found by guessing kube-apiserver's key order; keys in
 * any other order, with spaces before the colon (no guess matches) or escaped, must land
 * in the same fields. */
static void test_fields_in_any_order(void)
{
	first_event fe;
	CU_ASSERT_FATAL(open_first(
		&fe, "{\"annotations\":{\"a\":\"b\"},\"stageTimestamp\":\"2025-01-01T00:00:01Z\","
		     "\"responseStatus\":{\"code\":404,\"message\":\"gone\"},"
		     "\"objectRef\":{\"subresource\":\"status\",\"apiVersion\":\"v1\",\"apiGroup\":\"apps\","
		     "\"name\":\"web\",\"namespace\":\"prod\",\"resource\":\"deployments\"},"
		     "\"user\" :{\"groups\":[\"g\"],\"username\" : \"alice\"},\"verb\":\"patch\","
		     "\"requestURI\":\"/apis/apps/v1\",\"st\\u0061ge\":\"ResponseComplete\","
		     "\"auditID\" : \"id-1\",\"level\":\"Metadata\",\"apiVersion\":\"audit.k8s.io/v1\","
		     "\"kind\":\"Event\"}"));
	const audit_event *ev = &fe.ev;
	CU_ASSERT(span_eq(ev->kind, "Event"));
	CU_ASSERT(span_eq(ev->api_version, "audit.k8s.io/v1"));
	CU_ASSERT(span_eq(ev->level, "Metadata"));
	CU_ASSERT(span_eq(ev->audit_id, "id-1"));
	CU_ASSERT(span_eq(ev->stage, "ResponseComplete"));
	CU_ASSERT(span_eq(ev->request_uri, "/apis/apps/v1"));
	CU_ASSERT(span_eq(ev->verb, "patch"));
	CU_ASSERT(span_eq(ev->user_name, "alice"));
	CU_ASSERT_EQUAL(ev->user_group_count, 1);
	CU_ASSERT(span_eq(ev->object_resource, "deployments"));
	CU_ASSERT(span_eq(ev->object_namespace, "prod"));
	CU_ASSERT(span_eq(ev->object_name, "web"));
	CU_ASSERT(span_eq(ev->object_api_group, "apps"));
	CU_ASSERT(span_eq(ev->object_api_version, "v1"));
	CU_ASSERT(span_eq(ev->object_subresource, "status"));
	CU_ASSERT_EQUAL(ev->response_code, 404);
	CU_ASSERT(span_eq(ev->response_message, "gone"));
	CU_ASSERT(span_eq(ev->stage_timestamp, "2025-01-01T00:00:01Z"));
	CU_ASSERT(span_eq(ev->raw_annotations, "{\"a\":\"b\"}"));
	CU_ASSERT_EQUAL(ev->member_count, 12);
	CU_ASSERT(span_eq(ev->members[7].key, "stage")); /* decoded */
	close_first(&fe);
}

static void test_v1beta1_and_no_api_version(void)
{
	outcomes o;
	read_string("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"level\":\"Metadata\","
	            "\"timestamp\":\"2017-09-11T19:55:05Z\",\"auditID\":\"b1\",\"stage\":\"ResponseComplete\","
	            "\"verb\":\"list\"}\n"
	            "{\"auditID\":\"b2\",\"level\":\"Request\",\"stage\":\"ResponseStarted\",\"verb\":\"create\"}\n",
	            &o);
	CU_ASSERT_EQUAL(o.events, 2);
	assert_event(&o, 0, 1, "b1");
	assert_event(&o, 1, 2, "b2");
}

static void test_crlf_blank_lines_and_bom(void)
{
	outcomes o;
	read_string("\xef\xbb\xbf" EVENT("c1") "\r\n\r\n   \r\n" EVENT("c2") "\r\n\n" EVENT("c3"), &o);
	CU_ASSERT_EQUAL(o.count, 3);
	assert_event(&o, 0, 1, "c1");
	assert_event(&o, 1, 4, "c2");
	assert_event(&o, 2, 6, "c3");
}

static void test_truncated_lines(void)
{
	char expected[200];
	const char *cut = "{\"kind\":\"Event\",\"auditID\":\"x";
	const char *cut_last = "{\"kind\":\"Event\",\"au";
	char text[1000];
	snprintf(text, sizeof text, EVENT("t1") "\n%s\n" EVENT("t3") "\r\n%s", cut, cut_last);
	outcomes o;
	read_string(text, &o);
	CU_ASSERT_EQUAL(o.count, 4);
	assert_event(&o, 0, 1, "t1");
	snprintf(expected, sizeof expected,
	         "log.jsonl:2:%zu: invalid JSON: truncated record (the line ends inside the value)",
	         strlen(cut) + 1);
	assert_skipped(&o, 1, expected);
	assert_event(&o, 2, 3, "t3");
	snprintf(expected, sizeof expected,
	         "log.jsonl:4:%zu: invalid JSON: unexpected end of file (truncated record)",
	         strlen(cut_last) + 1);
	assert_skipped(&o, 3, expected);
}

/* A line cut between tokens is continued by the next line; still the cut line is named. */
static void test_truncated_line_between_tokens(void)
{
	outcomes o;
	read_string(EVENT("u1") "\n{\"kind\":\"Event\",\n" EVENT("u3") "\n{\"kind\":\n" EVENT("u5")
	            "\n" EVENT("u6") "\n",
	            &o);
	CU_ASSERT_EQUAL(o.events, 4);
	assert_event(&o, 0, 1, "u1");
	assert_skipped(&o, 1, "log.jsonl:2:17: invalid JSON: truncated record (the line ends "
	                      "inside the value)");
	assert_event(&o, 2, 3, "u3");
	assert_skipped(&o, 3, "log.jsonl:4:9: invalid JSON: truncated record (the line ends "
	                      "inside the value)");
	assert_event(&o, 4, 5, "u5");
	assert_event(&o, 5, 6, "u6");
}

static void test_invalid_json_position(void)
{
	outcomes o;
	read_string(EVENT("i1") "\n" EVENT("i2") "\n{\"kind\":\"Event\" \"x\":1}\ngarbage\n" EVENT("i5"),
	            &o);
	CU_ASSERT_EQUAL(o.count, 5);
	assert_skipped(&o, 2, "log.jsonl:3:17: invalid JSON: expected ',' or '}'");
	assert_skipped(&o, 3, "log.jsonl:4:1: invalid JSON: expected a JSON value");
	assert_event(&o, 4, 5, "i5");
}

static void test_nul_bytes(void)
{
	static const char text[] = EVENT("n1") "\n\0\0\0\n{\"auditID\":\"a\0b\"}\n" EVENT("n4") "\n";
	outcomes o;
	read_text("log.jsonl", text, sizeof text - 1, NULL, &o);
	CU_ASSERT_EQUAL(o.events, 2);
	CU_ASSERT_EQUAL(o.skipped, 2);
	assert_skipped(&o, 1, "log.jsonl:2:1: invalid JSON: expected a JSON value");
	assert_skipped(&o, 2, "log.jsonl:3:14: invalid JSON: control character inside a string");
	assert_event(&o, 3, 4, "n4");
}

static const struct {
	const char *line, *message;
} bad_events[] = {
	{ "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\"}",
	  "kind is \"EventList\", not \"Event\"" },
	{ "{\"apiVersion\":\"audit.k8s.io/v2\",\"auditID\":\"x\"}",
	  "apiVersion \"audit.k8s.io/v2\" is not audit.k8s.io/v1 or v1beta1" },
	{ "{\"kind\":\"Event\",\"level\":\"Metadata\",\"stage\":\"Panic\",\"verb\":\"get\"}",
	  "missing \"auditID\"" },
	{ "{\"auditID\":7,\"level\":\"Metadata\",\"stage\":\"Panic\",\"verb\":\"get\"}",
	  "auditID: expected a string, got a number" },
	{ "{\"auditID\":\"x\",\"level\":\"Metadata\",\"verb\":\"get\"}", "missing \"stage\"" },
	{ "{\"auditID\":\"x\",\"level\":\"Metadata\",\"stage\":\"Done\",\"verb\":\"get\"}",
	  "unknown stage \"Done\"" },
	{ "{\"auditID\":\"x\",\"stage\":\"Panic\",\"verb\":\"get\"}", "missing \"level\"" },
	{ "{\"auditID\":\"x\",\"level\":\"Verbose\",\"stage\":\"Panic\",\"verb\":\"get\"}",
	  "unknown level \"Verbose\"" },
	{ "{\"auditID\":\"x\",\"level\":\"None\",\"stage\":\"Panic\"}", "missing \"verb\"" },
	{ "{\"auditID\":\"x\",\"level\":\"None\",\"stage\":\"Panic\",\"verb\":null}", "missing \"verb\"" },
	{ "{\"auditID\":\"x\",\"level\":\"None\",\"stage\":\"Panic\",\"verb\":\"get\",\"requestURI\":5}",
	  "requestURI: expected a string, got a number" },
	{ "{\"auditID\":\"x\",\"user\":{\"username\":[]}}",
	  "user.username: expected a string, got an array" },
	{ "{\"auditID\":\"x\",\"user\":{\"groups\":[\"a\",1]}}",
	  "user.groups[1]: expected a string, got a number" },
	{ "{\"auditID\":\"x\",\"user\":{\"groups\":\"a\"}}", "user.groups: expected an array, got a string" },
	{ "{\"auditID\":\"x\",\"user\":\"bob\"}", "user: expected an object, got a string" },
	{ "{\"auditID\":\"x\",\"objectRef\":{\"namespace\":true}}",
	  "objectRef.namespace: expected a string, got a boolean" },
	{ "{\"auditID\":\"x\",\"responseStatus\":{\"code\":\"200\"}}",
	  "responseStatus.code: expected an integer, got a string" },
	{ "{\"auditID\":\"x\",\"responseStatus\":{\"code\":200.0}}",
	  "responseStatus.code: expected a 32-bit integer, got 200.0" },
	{ "{\"auditID\":\"x\",\"annotations\":{\"a\":1}}", "annotations.a: expected a string, got a number" },
	{ "{\"auditID\":\"x\",\"impersonatedUser\":[]}", "impersonatedUser: expected an object, got an array" },
	{ "\"just a string\"", "not a JSON object (a string)" },
	{ "42", "not a JSON object (a number)" },
	{ "null", "not a JSON object (null)" },
	{ "{\"protoPayload\":{},\"logName\":\"x\"}",
	  "a Cloud Logging entry (protoPayload), not an audit.k8s.io event" },
};

static void test_bad_events(void)
{
	char text[16384] = "";
	size_t n = sizeof bad_events / sizeof bad_events[0];
	for (size_t i = 0; i < n; i++) {
		strcat(text, EVENT("ok") "\n");
		strcat(text, bad_events[i].line);
		strcat(text, "\n");
	}
	outcomes o;
	read_string(text, &o);
	CU_ASSERT_EQUAL(o.events, n);
	CU_ASSERT_EQUAL(o.skipped, n);
	for (size_t i = 0; i < n && 2 * i + 1 < o.count; i++) {
		char expected[400];
		snprintf(expected, sizeof expected, "log.jsonl:%zu: bad event: %s", 2 * i + 2,
		         bad_events[i].message);
		assert_event(&o, 2 * i, 2 * i + 1, "ok");
		assert_skipped(&o, 2 * i + 1, expected);
	}
}

static void test_pretty_and_concatenated_values(void)
{
	outcomes o;
	read_string("{\n  \"auditID\": \"p1\",\n  \"level\": \"None\",\n  \"stage\": \"Panic\",\n"
	            "  \"verb\": \"get\"\n}\n"
	            "{\n  \"auditID\": \"bad\" \"x\",\n  \"level\": \"None\"\n}\n"
	            "{\"auditID\": \"p3\", \"level\": \"None\", \"stage\": \"Panic\", \"verb\": \"get\"} "
	            "{\"auditID\": \"p4\", \"level\": \"None\", \"stage\": \"Panic\", \"verb\": \"get\"}",
	            &o);
	CU_ASSERT_EQUAL(o.count, 4);
	assert_event(&o, 0, 1, "p1");
	/* after the error, reading resumes at the next line starting with '{' */
	assert_skipped(&o, 1, "log.jsonl:8:20: invalid JSON: expected ',' or '}'");
	assert_event(&o, 2, 11, "p3");
	assert_event(&o, 3, 11, "p4");
}

static void test_event_list(void)
{
	outcomes o;
	read_string("{\n  \"kind\": \"EventList\",\n  \"apiVersion\": \"audit.k8s.io/v1\",\n"
	            "  \"metadata\": {},\n  \"items\": [\n    " EVENT("e1") ",\n    " EVENT("e2")
	            ",\n    {\"auditID\":\"e3\"},\n    7\n  ],\n  \"after\": {\"a\": [1, 2]}\n}\n"
	            EVENT("e4") "\n",
	            &o);
	CU_ASSERT_EQUAL(o.count, 5);
	assert_event(&o, 0, 6, "e1");
	assert_event(&o, 1, 7, "e2");
	assert_skipped(&o, 2, "log.jsonl:8: bad event (items[2]): missing \"stage\"");
	assert_skipped(&o, 3, "log.jsonl:9: bad event (items[3]): not a JSON object (a number)");
	assert_event(&o, 4, 13, "e4");
}

static void test_top_level_array(void)
{
	outcomes o;
	read_string("[" EVENT("a1") ", " EVENT("a2") "]\n[]\n" EVENT("a3"), &o);
	CU_ASSERT_EQUAL(o.count, 3);
	assert_event(&o, 0, 1, "a1");
	assert_event(&o, 1, 1, "a2");
	assert_event(&o, 2, 3, "a3");
}

/* The event as a JSON string inside an Azure row. */
#define ESCAPED_EVENT(id)                                                                  \
	"{\\\"kind\\\":\\\"Event\\\",\\\"level\\\":\\\"Metadata\\\",\\\"auditID\\\":\\\"" id   \
	"\\\",\\\"stage\\\":\\\"ResponseComplete\\\",\\\"verb\\\":\\\"get\\\"}\\n"

static void test_azure_rows(void)
{
	outcomes o;
	read_string("{\"category\":\"kube-audit\",\"properties\":{\"log\":\"" ESCAPED_EVENT("z1")
	            "\",\"pod\":\"p\"}}\n"
	            "{\"category\":\"kube-audit-admin\",\"properties\":{\"log\":" EVENT("z2") "}}\n"
	            "{\"TimeGenerated\":\"t\",\"log_s\":\"" ESCAPED_EVENT("z3") "\"}\n"
	            "{\"properties\":{\"log\":\"{\\\"kind\\\":\\\"Event\\\"}\"}}\n"
	            "{\"properties\":{\"log\":\"{\\\"kind\\\":\"}}\n"
	            "{\"properties\":{\"log\":17}}\n"
	            "{\"records\":[{\"properties\":{\"log\":\"" ESCAPED_EVENT("z7") "\"}},"
	            "{\"properties\":{\"log\":\"{}\"}}]}\n",
	            &o);
	CU_ASSERT_EQUAL(o.count, 8);
	assert_event(&o, 0, 1, "z1");
	assert_event(&o, 1, 2, "z2");
	assert_event(&o, 2, 3, "z3");
	assert_skipped(&o, 3, "log.jsonl:4: bad event (properties.log): missing \"auditID\"");
	assert_skipped(&o, 4, "log.jsonl:5: bad event (properties.log): invalid JSON at byte 9: "
	                      "unexpected end of the event");
	assert_skipped(&o, 5, "log.jsonl:6: bad event (properties.log): expected the event as a "
	                      "string or an object, got a number");
	assert_event(&o, 6, 7, "z7");
	assert_skipped(&o, 7, "log.jsonl:7: bad event (records[1].properties.log): missing "
	                      "\"auditID\"");
}

/* Records of other Azure categories pass without a message and are counted by name; a
 * record that is an event is one whatever its category says. */
static void test_azure_other_categories(void)
{
	static const char text[] =
		"{\"category\":\"kube-apiserver\",\"properties\":{\"log\":\"I1007 started\"}}\n"
		"{\"category\":\"kube-audit\",\"properties\":{\"log\":\"" ESCAPED_EVENT("c1") "\"}}\n"
		"{\"category\":\"guard\",\"properties\":{\"log\":\"{\\\"level\\\":\\\"info\\\"}\"}}\n"
		"{\"records\":[{\"category\":\"kube-apiserver\",\"properties\":{\"log\":\"W\"}},"
		"{\"category\":\"guard\",\"properties\":{}},"
		"{\"category\":\"guard\",\"properties\":{\"log\":\"x\"}}]}\n"
		"{\"Category\":\"kube-controller-manager\",\"log_s\":\"I1007 sync\"}\n"
		"{\"category\":\"kube-apiserver\",\"kind\":\"Event\",\"auditID\":\"c2\","
		"\"stage\":\"ResponseComplete\",\"level\":\"None\",\"verb\":\"get\"}\n";
	size_t len = sizeof text - 1;
	char *copy = malloc(len);
	memcpy(copy, text, len);
	event_reader *r = event_reader_open_memory("log.jsonl", copy, len, NULL);
	CU_ASSERT_PTR_NULL(event_reader_other_categories_note(r));
	outcomes o;
	drain(r, &o);
	CU_ASSERT_EQUAL(o.count, 2);
	CU_ASSERT_EQUAL(o.skipped, 0);
	assert_event(&o, 0, 2, "c1");
	assert_event(&o, 1, 6, "c2");
	char *note = event_reader_other_categories_note(r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(note);
	CU_ASSERT_STRING_EQUAL(note, "skipped 6 Azure records of other categories (guard 3, "
	                             "kube-apiserver 2, kube-controller-manager 1)");
	free(note);
	event_reader_close(r);
	free(copy);

	read_string("{\"category\":\"guard\",\"properties\":{\"log\":\"x\"}}\n", &o);
	CU_ASSERT_EQUAL(o.count, 0);
}

/* One note for any number of categories: past 16 names the rest are "others". */
static void test_azure_many_categories(void)
{
	char text[20 * 64];
	size_t len = 0;
	for (int i = 0; i < 20; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
		                        "{\"category\":\"c%02d\",\"properties\":{\"log\":\"x\"}}\n", i);
	event_reader *r = event_reader_open_memory("log.jsonl", text, len, NULL);
	outcomes o;
	drain(r, &o);
	CU_ASSERT_EQUAL(o.count, 0);
	char *note = event_reader_other_categories_note(r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(note);
	CU_ASSERT_PTR_NOT_NULL(strstr(note, "skipped 20 Azure records of other categories (c00 1, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(note, "c15 1, others 4)"));
	free(note);
	event_reader_close(r);
}

/* raw of an event carried as a string is its decoded text. */
static void test_azure_raw_is_decoded_text(void)
{
	first_event fe;
	CU_ASSERT_FATAL(open_first(&fe, "{\"properties\":{\"log\":\" " ESCAPED_EVENT("r1") "\"}}"));
	CU_ASSERT(span_eq(fe.ev.raw, "{\"kind\":\"Event\",\"level\":\"Metadata\",\"auditID\":\"r1\","
	                             "\"stage\":\"ResponseComplete\",\"verb\":\"get\"}"));
	CU_ASSERT(span_eq(fe.ev.members[2].value, "\"r1\""));
	close_first(&fe);
}

void register_tests(void)
{
	static const test_case field_tests[] = {
		{ "decoded fields and raw spans", test_fields },
		{ "members in input order", test_members_in_order },
		{ "absent fields", test_absent_fields },
		{ "duplicate keys", test_duplicate_keys },
		{ "fields in any order", test_fields_in_any_order },
		{ "v1beta1 and no apiVersion", test_v1beta1_and_no_api_version },
		{ NULL, NULL },
	};
	static const test_case line_tests[] = {
		{ "CRLF, blank lines and a BOM", test_crlf_blank_lines_and_bom },
		{ "truncated lines", test_truncated_lines },
		{ "line cut between tokens", test_truncated_line_between_tokens },
		{ "invalid JSON position", test_invalid_json_position },
		{ "NUL bytes", test_nul_bytes },
		{ "bad events are reported and skipped", test_bad_events },
		{ NULL, NULL },
	};
	static const test_case format_tests[] = {
		{ "pretty and concatenated values", test_pretty_and_concatenated_values },
		{ "EventList", test_event_list },
		{ "top-level array", test_top_level_array },
		{ "Azure rows", test_azure_rows },
		{ "Azure raw is the decoded text", test_azure_raw_is_decoded_text },
		{ "Azure records of other categories", test_azure_other_categories },
		{ "many Azure categories", test_azure_many_categories },
		{ NULL, NULL },
	};
	add_suite("reader_fields", field_tests);
	add_suite("reader_json_lines", line_tests);
	add_suite("reader_formats", format_tests);
}
