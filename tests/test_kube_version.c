/* --kube-version tests: the version parser, then each row of kube-versions.md that
 * changes what auditsim computes, with a version on each side of its boundary:
 * lenient-only decoding (1.25 | 1.26), value rendering in field errors (1.33 | 1.34),
 * label-selector value lists (1.34 | 1.35), group "*" (1.35 | 1.36), the rotation
 * flags' defaults and maxsize 0 (1.35 | 1.36), and the annotations and fields a written
 * event keeps (each key's release; authenticationMetadata 1.34 | 1.35). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "event_reader.h"
#include "event_writer.h"
#include "go_quote.h"
#include "kube_version.h"
#include "policy_test_util.h"
#include "request_info.h"
#include "retention.h"
#include "selectors.h"

#define V(minor) ((kube_version){ (minor) })

/* ---- parsing ---- */

static int parsed_minor(const char *text)
{
	kube_version v = { -1 };
	char *error = NULL;
	if (!kube_version_parse(text, &v, &error))
		free(error);
	return v.minor;
}

static void expect_parse_error(const char *text, const char *message)
{
	kube_version v = { -1 };
	char *error = NULL;
	CU_ASSERT_FALSE(kube_version_parse(text, &v, &error));
	CU_ASSERT_EQUAL(v.minor, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(error);
	CU_ASSERT_STRING_EQUAL(error, message);
	free(error);
}

static void test_parse_forms(void)
{
	CU_ASSERT_EQUAL(parsed_minor("1.30"), 30);
	CU_ASSERT_EQUAL(parsed_minor("v1.30"), 30);
	CU_ASSERT_EQUAL(parsed_minor("1.30.2"), 30);
	CU_ASSERT_EQUAL(parsed_minor("v1.35.11"), 35);
	CU_ASSERT_EQUAL(parsed_minor("1.24"), 24);
	CU_ASSERT_EQUAL(parsed_minor("1.37"), 37);
}

static void test_parse_out_of_range(void)
{
	expect_parse_error("1.23", "Kubernetes 1.23 is not simulated (supported: 1.24 to 1.37)");
	expect_parse_error("1.38", "Kubernetes 1.38 is not simulated (supported: 1.24 to 1.37)");
	expect_parse_error("2.30", "Kubernetes 2.30 is not simulated (supported: 1.24 to 1.37)");
}

static void test_parse_malformed(void)
{
	static const char *const bad[] = { "", "1", "1.", "1.30.", "1.30.x", "v", "V1.30",
		                           "1.30 ", " 1.30", "1,30", "latest", "1.-30" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *message = xasprintf("\"%s\" is not a Kubernetes version X.Y (supported: 1.24 "
		                          "to 1.37)",
		                          bad[i]);
		expect_parse_error(bad[i], message);
		free(message);
	}
}

static void test_text(void)
{
	char buf[KUBE_VERSION_TEXT_MAX];
	CU_ASSERT_STRING_EQUAL(kube_version_text(V(35), buf), "1.35");
	CU_ASSERT_STRING_EQUAL(kube_version_text(KUBE_VERSION_NEWEST, buf), "1.37");
}

/* ---- loading: lenient only before 1.26 ---- */

static loaded open_for(kube_version version, const char *text)
{
	loaded l;
	diag_list_init(&l.diags, "t.yaml");
	l.result = policy_load_buffer_for("t.yaml", text, strlen(text), version, &l.p, &l.diags);
	if (l.result == LOAD_OK && !policy_validate_for(&l.p, version, &l.diags))
		l.result = LOAD_INVALID;
	return l;
}

/* an unknown field (a misspelt `resources`) and a duplicate key */
#define STRICT_COMPLAINTS                                                                      \
	HEAD "rules:\n- level: Metadata\n  level: None\n  resource:\n  - group: apps\n"

static void test_decoding_1_26_falls_back(void)
{
	loaded l = open_for(V(26), STRICT_COMPLAINTS);
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.lenient);
	CU_ASSERT_EQUAL(warnings(&l), 2);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].level",
	                            "duplicate key \"level\" (first at 4:3): kube-apiserver falls "
	                            "back to lenient decoding, where the last one wins"));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].resource",
	                            "kube-apiserver falls back to lenient decoding, which drops it"));
	CU_ASSERT_EQUAL(l.p.rules[0].level, LEVEL_NONE); /* the last one wins */
	CU_ASSERT_EQUAL(l.p.rules[0].resource_count, 0);
	done(&l);
}

static void test_decoding_1_25_is_lenient_only(void)
{
	loaded l = open_for(V(25), STRICT_COMPLAINTS);
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_FALSE(l.p.lenient); /* no fallback: the only pass is lenient */
	CU_ASSERT_EQUAL(warnings(&l), 2);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].level",
	                            "duplicate key \"level\" (first at 4:3): kube-apiserver before "
	                            "1.26 decodes leniently only and keeps the last one without a "
	                            "warning"));
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_WARNING, "rules[0].resource",
	                            "kube-apiserver before 1.26 decodes leniently only and drops it "
	                            "without a warning"));
	CU_ASSERT_PTR_NULL(find(&l, DIAG_WARNING, NULL, "falls back"));
	/* the policy that loads is the same */
	CU_ASSERT_EQUAL(l.p.rules[0].level, LEVEL_NONE);
	CU_ASSERT_EQUAL(l.p.rules[0].resource_count, 0);
	done(&l);
}

/* ---- validation: group "*" from 1.36 ---- */

#define STAR_GROUP HEAD "rules:\n- level: Request\n  resources:\n  - group: \"*\"\n    resources: [deployments]\n"
#define DNS1123_MESSAGE                                                                        \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "  \
	"'-' or '.', and must start and end with an alphanumeric character (e.g. "            \
	"'example.com', regex used for validation is "                                         \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

static void test_star_group_invalid_in_1_35(void)
{
	loaded l = open_for(V(35), STAR_GROUP);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL_FATAL(errors(&l), 1);
	CU_ASSERT_STRING_EQUAL(l.diags.items[0].field, "rules[0].resources.group");
	CU_ASSERT_STRING_EQUAL(l.diags.items[0].message, "Invalid value: \"*\": " DNS1123_MESSAGE);
	CU_ASSERT_EQUAL(l.diags.items[0].pos.line, 6);
	done(&l);
	l = open_for(V(24), STAR_GROUP);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	done(&l);
}

static void test_star_group_matches_every_group_in_1_36(void)
{
	loaded l = open_for(V(36), STAR_GROUP);
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	request_attrs apps = { .is_resource = true, .verb = span_of("get"),
		               .api_group = span_of("apps"), .resource = span_of("deployments") };
	request_attrs other = apps;
	other.api_group = span_of("example.com");
	CU_ASSERT_EQUAL(evaluate_policy_rule(&l.p, &apps).level, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(evaluate_policy_rule(&l.p, &other).level, LEVEL_REQUEST);
	done(&l);
	/* other wildcard forms stay invalid */
	l = open_for(V(37), HEAD "rules:\n- level: None\n  resources:\n  - group: \"*.k8s.io\"\n");
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	done(&l);
}

/* ---- validation: value rendering from 1.34 ---- */

/* The one error message of text under version. */
static void expect_only_error(kube_version version, const char *text, const char *expected)
{
	loaded l = open_for(version, text);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL_FATAL(errors(&l), 1);
	char *line = xasprintf("%s: %s", l.diags.items[0].field, l.diags.items[0].message);
	CU_ASSERT_STRING_EQUAL(line, expected);
	if (strcmp(line, expected) != 0)
		fprintf(stderr, "\n  got      %s\n  expected %s\n", line, expected);
	free(line);
	done(&l);
}

#define NAMES_WITHOUT_RESOURCES HEAD "rules:\n- level: None\n  resources:\n  - resourceNames: [a, b]\n"
#define URLS_AND_NAMESPACES HEAD "rules:\n- level: None\n  nonResourceURLs: [/x]\n  namespaces: [ns]\n"
#define ODD_LEVEL HEAD "rules:\n- level: \"<a>&\\x01\"\n"

static void test_lists_render_as_go_before_1_34(void)
{
	expect_only_error(V(33), NAMES_WITHOUT_RESOURCES,
	                  "rules[0].resources.resourceNames: Invalid value: []string{\"a\", \"b\"}: "
	                  "using resourceNames requires at least one resource");
	expect_only_error(V(33), URLS_AND_NAMESPACES,
	                  "rules[0].nonResourceURLs: Invalid value: []string{\"/x\"}: rules cannot "
	                  "apply to both regular resources and non-resource URLs");
	expect_only_error(V(33), ODD_LEVEL,
	                  "rules[0].level: Unsupported value: \"<a>&\\x01\": supported values: "
	                  "\"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
}

static void test_lists_render_as_json_from_1_34(void)
{
	expect_only_error(V(34), NAMES_WITHOUT_RESOURCES,
	                  "rules[0].resources.resourceNames: Invalid value: [\"a\",\"b\"]: "
	                  "using resourceNames requires at least one resource");
	expect_only_error(V(34), URLS_AND_NAMESPACES,
	                  "rules[0].nonResourceURLs: Invalid value: [\"/x\"]: rules cannot "
	                  "apply to both regular resources and non-resource URLs");
	expect_only_error(V(34), ODD_LEVEL,
	                  "rules[0].level: Unsupported value: \"\\u003ca\\u003e\\u0026\\u0001\": "
	                  "supported values: \"None\", \"Metadata\", \"Request\", "
	                  "\"RequestResponse\"");
	/* plain levels read the same in both */
	expect_only_error(V(34), HEAD "rules:\n- level: none\n",
	                  "rules[0].level: Unsupported value: \"none\": supported values: \"None\", "
	                  "\"Metadata\", \"Request\", \"RequestResponse\"");
}

static void test_json_quote(void)
{
	char *q = go_json_quote("a\"\\\b\f\n\r\t\x01\x7f<>&", 13);
	CU_ASSERT_STRING_EQUAL(q, "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u0001\x7f\\u003c\\u003e\\u0026\"");
	free(q);
	/* é kept, a lone continuation byte and a truncated sequence become U+FFFD each,
	 * U+2028 escaped */
	q = go_json_quote("\xc3\xa9\x80\xe2\x80\xa8\xe2\x80", 8);
	CU_ASSERT_STRING_EQUAL(q, "\"\xc3\xa9\\ufffd\\u2028\\ufffd\\ufffd\"");
	free(q);
	char *items[] = { "a", "" };
	q = go_json_string_slice(items, 2);
	CU_ASSERT_STRING_EQUAL(q, "[\"a\",\"\"]");
	free(q);
}

/* ---- request attributes: label-selector value lists from 1.35 ---- */

static bool selector_ok(const char *s, int minor) { return label_selector_is_valid(span_of(s), V(minor)); }

static void test_empty_value_entries(void)
{
	/* "(a,,)" and "(,,)" parse from 1.35 only */
	CU_ASSERT_FALSE(selector_ok("x in (a,,)", 34));
	CU_ASSERT_TRUE(selector_ok("x in (a,,)", 35));
	CU_ASSERT_FALSE(selector_ok("x in (,,)", 34));
	CU_ASSERT_TRUE(selector_ok("x in (,,)", 35));
	CU_ASSERT_FALSE(selector_ok("x notin (a,,)", 24));
	/* the same in both: a value after ",,", three commas, one */
	static const char *const both[] = { "x in (a,,b)", "x in (a,,,)", "x in (,)", "x in (a,)",
		                            "x in (,a)", "x in ()", "x in (a,b),y" };
	for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
		CU_ASSERT_TRUE(selector_ok(both[i], 34));
		CU_ASSERT_TRUE(selector_ok(both[i], 35));
	}
	CU_ASSERT_FALSE(selector_ok("x in (a b)", 34));
	CU_ASSERT_FALSE(selector_ok("x in (a b)", 35));
}

/* The name the policy sees for a list with a metadata.name field selector. */
static char *list_name(const char *url, int minor)
{
	request_info_scratch scratch = { 0 };
	request_attrs r = { 0 };
	bool ok = request_info_parse_for(span_of("GET"), span_of(url), V(minor), &r, &scratch);
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_TRUE(span_eq(r.verb, "list"));
	char *name = xstrndup(r.name.ptr ? r.name.ptr : "", r.name.len);
	request_info_scratch_free(&scratch);
	return name;
}

static void test_field_selector_name_depends_on_label_selector(void)
{
	const char *url = "/api/v1/namespaces/d/pods?labelSelector=x+in+(a,,)"
	                  "&fieldSelector=metadata.name%3Dfoo";
	char *name = list_name(url, 34);
	CU_ASSERT_STRING_EQUAL(name, "");
	free(name);
	name = list_name(url, 35);
	CU_ASSERT_STRING_EQUAL(name, "foo");
	free(name);
}

/* ---- rotation flags: defaults and maxsize 0 from 1.36 ---- */

static void test_rotation_defaults_per_version(void)
{
	rotation_flags f = rotation_defaults_for(V(35));
	/* --audit-log-maxsize 0, which lumberjack reads as 100 MB; no other limit */
	CU_ASSERT_EQUAL(f.maxsize_mb, 100);
	CU_ASSERT_EQUAL(f.maxbackup, 0);
	CU_ASSERT_EQUAL(f.maxage_days, 0);
	CU_ASSERT_TRUE(retention_of(&f, 1e9, 1.0).unlimited); /* every backup is kept */
	f = rotation_defaults_for(V(36));
	CU_ASSERT_EQUAL(f.maxsize_mb, 100);
	CU_ASSERT_EQUAL(f.maxbackup, 100);
	CU_ASSERT_EQUAL(f.maxage_days, 366);
	CU_ASSERT_FALSE(retention_of(&f, 1e9, 1.0).unlimited);
}

static void test_maxsize_zero_per_version(void)
{
	rotation_flags given = { .maxsize_mb = 0, .maxbackup = 5,
		                 .maxage_days = ROTATION_FLAG_UNSET };
	rotation_flags f = rotation_flags_for(given, V(35));
	CU_ASSERT_EQUAL(f.maxsize_mb, 100); /* still rotates, at 100 MB */
	CU_ASSERT_EQUAL(f.maxbackup, 5);
	CU_ASSERT_EQUAL(f.maxage_days, 0);
	/* 5 backups of 100 MiB at 1 GB/day: 0.524288 days */
	retention r = retention_of(&f, 1e9, 1.0);
	CU_ASSERT_FALSE(r.unlimited);
	CU_ASSERT_DOUBLE_EQUAL(r.days_min, 0.524288, 1e-9);
	f = rotation_flags_for(given, V(36));
	CU_ASSERT_EQUAL(f.maxsize_mb, 0); /* a plain append, never rotated */
	CU_ASSERT_EQUAL(f.maxage_days, 366);
	CU_ASSERT_TRUE(retention_of(&f, 1e9, 1.0).unlimited);
	/* given values are kept as they are in both */
	given = (rotation_flags){ 50, 3, 7, true };
	f = rotation_flags_for(given, V(24));
	CU_ASSERT_EQUAL(f.maxsize_mb, 50);
	CU_ASSERT_EQUAL(f.maxbackup, 3);
	CU_ASSERT_EQUAL(f.maxage_days, 7);
	CU_ASSERT_TRUE(f.compress);
}


/* ---- written events: annotations and fields per release ---- */

/* A Metadata ResponseComplete recorded by a 1.37 kube-apiserver: constrained
 * impersonation, and annotations from 1.24 (etcd, decision), 1.31, 1.33 and 1.36. */
static const char recorded_event[] =
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
	"\"auditID\":\"a1\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/nodes\","
	"\"verb\":\"list\",\"user\":{\"username\":\"alice\"},"
	"\"impersonatedUser\":{\"username\":\"bob\"},"
	"\"authenticationMetadata\":{\"impersonationConstraint\":\"impersonate:user-info\"},"
	"\"objectRef\":{\"resource\":\"nodes\",\"apiVersion\":\"v1\"},"
	"\"responseStatus\":{\"metadata\":{},\"code\":200},"
	"\"requestReceivedTimestamp\":\"2026-01-05T10:00:00.000000Z\","
	"\"stageTimestamp\":\"2026-01-05T10:00:00.900000Z\","
	"\"annotations\":{\"apiserver.latency.k8s.io/apf-queue-wait\":\"1ms\","
	"\"apiserver.latency.k8s.io/authorization\":\"2ms\","
	"\"apiserver.latency.k8s.io/etcd\":\"800ms\","
	"\"apiserver.latency.k8s.io/impersonation\":\"3ms\","
	"\"authorization.k8s.io/decision\":\"allow\"}}";

/* A tap without tap_needs needs every line, so the writer builds it. */
static void ignore_line(const char *line, size_t len, void *ctx)
{
	(void)line;
	(void)len;
	(void)ctx;
}

/* The line written for the recorded stage at Metadata by kube-apiserver 1.minor. */
static char *written_by(int minor)
{
	event_reader *r = event_reader_open_memory("t.jsonl", recorded_event,
	                                           sizeof recorded_event - 1, NULL);
	audit_event ev;
	const char *message = NULL;
	CU_ASSERT_EQUAL_FATAL(event_reader_next(r, &ev, &message), EVENT_READ_EVENT);
	event_writer *w = event_writer_new(0);
	emit_spec spec = { .level = LEVEL_METADATA, .stage = STAGE_RESPONSE_COMPLETE,
		           .kube_version = V(minor) };
	byte_sink sink = { .tap = ignore_line };
	event_writer_write(w, &ev, &spec, &sink);
	span line = event_writer_line(w);
	char *out = xstrndup(line.ptr, line.len);
	event_writer_free(w);
	event_reader_close(r);
	return out;
}

static void test_annotations_by_release(void)
{
	char *line = written_by(37);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"annotations\":{\"apiserver.latency.k8s.io/apf-queue-wait\":"
	                                    "\"1ms\",\"apiserver.latency.k8s.io/authorization\":\"2ms\","
	                                    "\"apiserver.latency.k8s.io/etcd\":\"800ms\","
	                                    "\"apiserver.latency.k8s.io/impersonation\":\"3ms\","
	                                    "\"authorization.k8s.io/decision\":\"allow\"}}"));
	free(line);
	line = written_by(35); /* no impersonation latency */
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"annotations\":{\"apiserver.latency.k8s.io/apf-queue-wait\":"
	                                    "\"1ms\",\"apiserver.latency.k8s.io/authorization\":\"2ms\","
	                                    "\"apiserver.latency.k8s.io/etcd\":\"800ms\","
	                                    "\"authorization.k8s.io/decision\":\"allow\"}}"));
	free(line);
	line = written_by(32); /* no authorization latency either */
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"annotations\":{\"apiserver.latency.k8s.io/apf-queue-wait\":"
	                                    "\"1ms\",\"apiserver.latency.k8s.io/etcd\":\"800ms\","
	                                    "\"authorization.k8s.io/decision\":\"allow\"}}"));
	free(line);
	line = written_by(30); /* 1.24's keys only */
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"annotations\":{\"apiserver.latency.k8s.io/etcd\":\"800ms\","
	                                    "\"authorization.k8s.io/decision\":\"allow\"}}"));
	free(line);
}

static void test_authentication_metadata_from_1_35(void)
{
	static const char field[] =
		",\"authenticationMetadata\":{\"impersonationConstraint\":\"impersonate:user-info\"}";
	char *line = written_by(35);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, field));
	free(line);
	line = written_by(34);
	CU_ASSERT_PTR_NULL(strstr(line, "authenticationMetadata"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"impersonatedUser\":{\"username\":\"bob\"}"));
	free(line);
	/* the newest writes what 1.37 writes: the bytes of the newest and of 0 agree */
	line = written_by(0);
	char *newest = written_by(37);
	CU_ASSERT_STRING_EQUAL(line, newest);
	CU_ASSERT_STRING_EQUAL(newest, recorded_event); /* as recorded, byte for byte */
	free(line);
	free(newest);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "parse X.Y, vX.Y, X.Y.Z", test_parse_forms },
		{ "parse out of range", test_parse_out_of_range },
		{ "parse malformed", test_parse_malformed },
		{ "text", test_text },
		{ "1.26 strict then lenient", test_decoding_1_26_falls_back },
		{ "1.25 lenient only", test_decoding_1_25_is_lenient_only },
		{ "1.35 group * invalid", test_star_group_invalid_in_1_35 },
		{ "1.36 group * matches every group", test_star_group_matches_every_group_in_1_36 },
		{ "1.33 values as Go %#v", test_lists_render_as_go_before_1_34 },
		{ "1.34 values as JSON", test_lists_render_as_json_from_1_34 },
		{ "json.Marshal quoting", test_json_quote },
		{ "1.34/1.35 empty value-list entries", test_empty_value_entries },
		{ "1.34/1.35 field-selector name", test_field_selector_name_depends_on_label_selector },
		{ "1.35/1.36 rotation defaults", test_rotation_defaults_per_version },
		{ "1.35/1.36 maxsize 0", test_maxsize_zero_per_version },
		{ "annotations by release", test_annotations_by_release },
		{ "1.34/1.35 authenticationMetadata", test_authentication_metadata_from_1_35 },
		{ NULL, NULL },
	};
	add_suite("kube_version", tests);
}
