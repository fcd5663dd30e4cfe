/* request_info tests: every row of the reference's URL tables for the path, the verb and
 * the refused requests, one CUnit test per behaviour, each checked field by field with
 * messages that name the URL. What the query decides (list or watch, selector names) is
 * in test_list_options.c. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "checker.h"
#include "policy_builder.h"
#include "request_info.h"
#include "request_info_checks.h"
#include "test_util.h"

/* ---- §4.1 resource or not ---- */
NON_RESOURCE(test_root_is_non_resource, "GET", "/", "get", "/")
NON_RESOURCE(test_api_alone_is_non_resource, "GET", "/api", "get", "/api")
NON_RESOURCE(test_api_version_is_non_resource, "GET", "/api/v1", "get", "/api/v1")
NON_RESOURCE(test_api_version_trailing_slash_is_non_resource, "GET", "/api/v1/", "get", "/api/v1/")
NON_RESOURCE(test_apis_alone_is_non_resource, "GET", "/apis", "get", "/apis")
NON_RESOURCE(test_apis_group_is_non_resource, "GET", "/apis/apps", "get", "/apis/apps")
NON_RESOURCE(test_apis_group_version_is_non_resource, "GET", "/apis/apps/v1", "get", "/apis/apps/v1")
NON_RESOURCE(test_apis_group_version_trailing_slash_is_non_resource, "GET", "/apis/extensions/v1beta1/", "get",
             "/apis/extensions/v1beta1/")
NON_RESOURCE(test_apis_with_three_segments_is_non_resource, "GET", "/apis/version/resource", "get",
             "/apis/version/resource")
NON_RESOURCE(test_bad_prefix_is_non_resource, "GET", "/badprefix/version/resource", "get",
             "/badprefix/version/resource")
NON_RESOURCE(test_api_prefix_is_case_sensitive, "GET", "/API/v1/pods", "get", "/API/v1/pods")
NON_RESOURCE(test_apix_prefix_is_non_resource, "GET", "/apix/v1/pods", "get", "/apix/v1/pods")
NON_RESOURCE(test_healthz_is_non_resource, "GET", "/healthz", "get", "/healthz")
NON_RESOURCE(test_non_resource_path_drops_query, "GET", "/readyz?verbose", "get", "/readyz")
NON_RESOURCE(test_non_resource_path_drops_empty_query, "GET", "/livez?", "get", "/livez")
NON_RESOURCE(test_non_resource_path_is_percent_decoded, "GET", "/hea%6Cthz", "get", "/healthz")
NON_RESOURCE(test_non_resource_encoded_slash_is_decoded, "GET", "/healthz%2Fetcd", "get", "/healthz/etcd")
NON_RESOURCE(test_non_resource_encoded_question_mark_stays_in_path, "GET", "/healthz%3Fverbose", "get",
             "/healthz?verbose")
NON_RESOURCE(test_non_resource_plus_is_not_a_space, "GET", "/a+b", "get", "/a+b")
NON_RESOURCE(test_non_resource_keeps_empty_segments, "GET", "//healthz//", "get", "//healthz//")
NON_RESOURCE(test_non_resource_head_is_head_not_get, "HEAD", "/healthz", "head", "/healthz")
NON_RESOURCE(test_non_resource_post_is_post, "POST", "/logs", "post", "/logs")
NON_RESOURCE(test_non_resource_put_is_put, "PUT", "/x", "put", "/x")
NON_RESOURCE(test_non_resource_patch_is_patch, "PATCH", "/x", "patch", "/x")
NON_RESOURCE(test_non_resource_delete_is_delete, "DELETE", "/x", "delete", "/x")
NON_RESOURCE(test_non_resource_options_is_options, "OPTIONS", "/openapi/v2", "options", "/openapi/v2")
NON_RESOURCE(test_non_resource_unknown_method_is_lowercased, "PROPFIND", "/x", "propfind", "/x")
NON_RESOURCE(test_non_resource_method_is_case_insensitive, "Get", "/version", "get", "/version")
NON_RESOURCE(test_non_resource_discovery_with_watch_query, "GET", "/apis/apps/v1?watch=1", "get",
             "/apis/apps/v1")

RESOURCE(test_api_three_segments_is_resource, "GET", "/api/version/resource", "list", "", "version", "",
         "resource", "", "")
RESOURCE(test_apis_four_segments_is_resource, "GET", "/apis/batch/v1/job", "list", "batch", "v1", "", "job",
         "", "")
RESOURCE(test_apis_name, "GET", "/apis/batch/v1/job/foo", "get", "batch", "v1", "", "job", "", "foo")
RESOURCE(test_apis_subresource, "GET", "/apis/batch/v1/job/foo/scale", "get", "batch", "v1", "", "job",
         "scale", "foo")
RESOURCE(test_api_more_steps_ignored_after_subresource, "GET", "/api/version/resource/name/subresource/x/y",
         "get", "", "version", "", "resource", "subresource", "name")
RESOURCE(test_encoded_api_path_is_a_resource_path, "GET", "/api%2Fv1%2Fpods", "list", "", "v1", "", "pods",
         "", "")
RESOURCE(test_trailing_slash_is_trimmed, "GET", "/api/v1/namespaces/a/pods/", "list", "", "v1", "a", "pods",
         "", "")
RESOURCE(test_many_trailing_slashes_are_trimmed, "GET", "/api/v1/namespaces/a/pods///", "list", "", "v1",
         "a", "pods", "", "")
RESOURCE(test_leading_slashes_are_trimmed, "GET", "//api/v1/pods", "list", "", "v1", "", "pods", "", "")
RESOURCE(test_empty_segment_becomes_empty_resource, "GET", "/api/v1//pods", "get", "", "v1", "", "", "",
         "pods")
RESOURCE(test_empty_segment_becomes_empty_version, "GET", "/api//v1/pods", "get", "", "", "", "v1", "",
         "pods")

/* ---- §4.2 verbs ---- */
RESOURCE(test_post_is_create, "POST", "/api/v1/namespaces/other/pods", "create", "", "v1", "other", "pods",
         "", "")
RESOURCE(test_get_with_name_is_get, "GET", "/api/v1/namespaces/other/pods/foo", "get", "", "v1", "other",
         "pods", "", "foo")
RESOURCE(test_head_with_name_is_get, "HEAD", "/api/v1/namespaces/other/pods/foo", "get", "", "v1", "other",
         "pods", "", "foo")
RESOURCE(test_head_without_name_is_list, "HEAD", "/api/v1/pods", "list", "", "v1", "", "pods", "", "")
RESOURCE(test_put_is_update, "PUT", "/api/v1/namespaces/other/pods/foo", "update", "", "v1", "other", "pods",
         "", "foo")
RESOURCE(test_patch_is_patch, "PATCH", "/api/v1/namespaces/other/pods/foo", "patch", "", "v1", "other",
         "pods", "", "foo")
RESOURCE(test_delete_with_name_is_delete, "DELETE", "/api/v1/namespaces/other/pods/foo", "delete", "", "v1",
         "other", "pods", "", "foo")
RESOURCE(test_options_on_resource_is_empty_verb, "OPTIONS", "/api/v1/namespaces/a/pods", "", "", "v1", "a",
         "pods", "", "")
RESOURCE(test_connect_on_resource_is_empty_verb, "CONNECT", "/api/v1/namespaces/a/pods/p/exec", "", "", "v1",
         "a", "pods", "exec", "p")
RESOURCE(test_unknown_method_on_resource_is_empty_verb, "PROPFIND", "/api/v1/pods/p", "", "", "v1", "", "pods",
         "", "p")
/* Go's switch on req.Method is exact: a lower-case method is an unknown one. */
RESOURCE(test_resource_method_is_case_sensitive, "post", "/api/v1/namespaces/a/pods", "", "", "v1",
         "a", "pods", "", "")
RESOURCE(test_resource_lower_case_get_is_no_list, "get", "/api/v1/pods?watch=true", "", "", "v1", "",
         "pods", "", "")
RESOURCE(test_watch_path_all_namespaces, "GET", "/api/v1/watch/pods", "watch", "", "v1", "", "pods", "", "")
RESOURCE(test_watch_path_in_namespace, "GET", "/api/v1/watch/namespaces/other/pods", "watch", "", "v1",
         "other", "pods", "", "")
RESOURCE(test_watch_path_single_object, "GET", "/api/v1/watch/namespaces/a/pods/p", "watch", "", "v1", "a",
         "pods", "", "p")
RESOURCE(test_watch_path_keeps_subresource, "GET", "/api/v1/watch/namespaces/a/pods/p/status", "watch", "",
         "v1", "a", "pods", "status", "p")
RESOURCE(test_watch_path_wins_over_method, "POST", "/api/v1/watch/pods", "watch", "", "v1", "", "pods", "", "")
RESOURCE(test_watch_path_ignores_watch_false_query, "GET", "/api/v1/watch/pods?watch=false", "watch", "", "v1",
         "", "pods", "", "")
RESOURCE(test_watch_path_never_reads_field_selector, "GET",
         "/api/v1/watch/namespaces/a/pods?fieldSelector=metadata.name%3Dfoo", "watch", "", "v1", "a", "pods",
         "", "")
RESOURCE(test_watch_path_is_percent_decoded, "GET", "/api/v1/%77atch/pods", "watch", "", "v1", "", "pods", "",
         "")
RESOURCE(test_watch_path_in_group, "GET", "/apis/apps/v1/watch/deployments", "watch", "apps", "v1", "",
         "deployments", "", "")
RESOURCE(test_proxy_path_node, "GET", "/api/v1/proxy/nodes/n1/x", "proxy", "", "v1", "", "nodes", "", "n1")
RESOURCE(test_proxy_path_never_has_subresource, "GET", "/api/v1/proxy/namespaces/a/pods/p/x/y", "proxy", "",
         "v1", "a", "pods", "", "p")
RESOURCE(test_proxy_path_long_subpath, "GET",
         "/api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource", "proxy", "", "v1", "other", "pods",
         "", "foo")
RESOURCE(test_proxy_path_wins_over_delete, "DELETE", "/api/v1/proxy/namespaces/a/services/s", "proxy", "",
         "v1", "a", "services", "", "s")
RESOURCE(test_proxy_path_without_name_stays_proxy, "GET", "/api/v1/proxy/pods", "proxy", "", "v1", "", "pods",
         "", "")
REJECTED(test_watch_path_without_resource_is_rejected, "GET", "/api/v1/watch")
REJECTED(test_watch_path_with_trailing_slash_only_is_rejected, "GET", "/api/v1/watch/")
REJECTED(test_proxy_path_without_resource_is_rejected, "GET", "/api/v1/proxy")
REJECTED(test_group_watch_path_without_resource_is_rejected, "GET", "/apis/apps/v1/watch")

/* ---- §4.3 namespace, resource, name, subresource ---- */
RESOURCE(test_namespaces_list, "GET", "/api/v1/namespaces", "list", "", "v1", "", "namespaces", "", "")
RESOURCE(test_namespace_get_has_its_own_namespace, "GET", "/api/v1/namespaces/kube-system", "get", "", "v1",
         "kube-system", "namespaces", "", "kube-system")
RESOURCE(test_namespace_get_trailing_slash, "GET", "/api/v1/namespaces/a/", "get", "", "v1", "a",
         "namespaces", "", "a")
RESOURCE(test_namespace_patch_has_its_own_namespace, "PATCH", "/api/v1/namespaces/new-namespace", "patch", "",
         "v1", "new-namespace", "namespaces", "", "new-namespace")
RESOURCE(test_namespace_delete_has_its_own_namespace, "DELETE", "/api/v1/namespaces/a", "delete", "", "v1",
         "a", "namespaces", "", "a")
RESOURCE(test_namespace_finalize_is_subresource, "PUT", "/api/v1/namespaces/foo/finalize", "update", "", "v1",
         "foo", "namespaces", "finalize", "foo")
RESOURCE(test_namespace_status_is_subresource, "PUT", "/api/v1/namespaces/other/status", "update", "", "v1",
         "other", "namespaces", "status", "other")
RESOURCE(test_namespace_status_get, "GET", "/api/v1/namespaces/a/status", "get", "", "v1", "a", "namespaces",
         "status", "a")
RESOURCE(test_namespace_finalize_extra_parts_ignored, "PUT", "/api/v1/namespaces/a/finalize/x", "update", "",
         "v1", "a", "namespaces", "finalize", "a")
RESOURCE(test_namespace_named_status, "GET", "/api/v1/namespaces/status", "get", "", "v1", "status",
         "namespaces", "", "status")
RESOURCE(test_namespace_create_has_no_namespace, "POST", "/api/v1/namespaces", "create", "", "v1", "",
         "namespaces", "", "")
RESOURCE(test_namespaces_delete_collection, "DELETE", "/api/v1/namespaces", "deletecollection", "", "v1", "",
         "namespaces", "", "")
RESOURCE(test_all_namespace_pods_list_has_empty_namespace, "GET", "/api/v1/pods", "list", "", "v1", "", "pods",
         "", "")
RESOURCE(test_all_namespace_group_list, "GET", "/apis/apps/v1/deployments", "list", "apps", "v1", "",
         "deployments", "", "")
RESOURCE(test_namespaced_list, "GET", "/api/v1/namespaces/other/pods", "list", "", "v1", "other", "pods", "",
         "")
RESOURCE(test_cluster_scoped_get, "GET", "/api/v1/nodes/n1", "get", "", "v1", "", "nodes", "", "n1")
RESOURCE(test_cluster_scoped_group_list, "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles", "list",
         "rbac.authorization.k8s.io", "v1", "", "clusterroles", "", "")
RESOURCE(test_group_scale_subresource, "GET", "/apis/apps/v1/namespaces/a/deployments/w/scale", "get", "apps",
         "v1", "a", "deployments", "scale", "w")
RESOURCE(test_pod_status_subresource, "GET", "/api/v1/namespaces/other/pods/foo/status", "get", "", "v1",
         "other", "pods", "status", "foo")
RESOURCE(test_pod_proxy_subresource_with_subpath, "GET", "/api/v1/namespaces/a/pods/p/proxy/x/y", "get", "",
         "v1", "a", "pods", "proxy", "p")
RESOURCE(test_pod_log_subresource, "GET", "/api/v1/namespaces/a/pods/p/log?follow=true", "get", "", "v1", "a",
         "pods", "log", "p")
RESOURCE(test_pod_exec_post, "POST", "/api/v1/namespaces/a/pods/p/exec?command=ls", "create", "", "v1", "a",
         "pods", "exec", "p")
RESOURCE(test_pod_eviction_create, "POST", "/api/v1/namespaces/a/pods/p/eviction", "create", "", "v1", "a",
         "pods", "eviction", "p")
RESOURCE(test_delete_collection_namespaced, "DELETE", "/api/v1/namespaces/a/pods", "deletecollection", "",
         "v1", "a", "pods", "", "")
RESOURCE(test_delete_collection_cluster_scoped, "DELETE", "/api/v1/nodes", "deletecollection", "", "v1", "",
         "nodes", "", "")
RESOURCE(test_delete_collection_in_group, "DELETE", "/apis/extensions/v1/namespaces/other/pods",
         "deletecollection", "extensions", "v1", "other", "pods", "", "")
RESOURCE(test_delete_collection_ignores_name_selector, "DELETE",
         "/api/v1/namespaces/a/pods?fieldSelector=metadata.name%3Dfoo", "deletecollection", "", "v1", "a",
         "pods", "", "")
RESOURCE(test_group_create, "POST", "/apis/extensions/v1/namespaces/other/pods", "create", "extensions", "v1",
         "other", "pods", "", "")
RESOURCE(test_group_version_identification, "POST", "/apis/extensions/v1beta3/namespaces/other/pods",
         "create", "extensions", "v1beta3", "other", "pods", "", "")
RESOURCE(test_empty_namespace_segment, "GET", "/api/v1/namespaces//pods", "list", "", "v1", "", "pods", "", "")
RESOURCE(test_nested_namespaces_not_reprocessed, "GET", "/api/v1/namespaces/a/namespaces/b", "get", "", "v1",
         "a", "namespaces", "", "b")

/* ---- percent-decoding of the path ---- */
RESOURCE(test_encoded_slash_in_name_splits_it, "GET", "/api/v1/namespaces/a/pods/x%2Fy", "get", "", "v1", "a",
         "pods", "y", "x")
RESOURCE(test_lowercase_hex_escape, "GET", "/api/v1/namespaces/a/pods/x%2fy", "get", "", "v1", "a", "pods",
         "y", "x")
RESOURCE(test_encoded_space_in_name, "GET", "/api/v1/namespaces/a/pods/p%20q", "get", "", "v1", "a", "pods",
         "", "p q")
RESOURCE(test_encoded_namespace_is_decoded, "GET", "/api/v1/namespaces/d%65fault/pods", "list", "", "v1",
         "default", "pods", "", "")
RESOURCE(test_plus_in_path_is_literal, "GET", "/api/v1/namespaces/a/pods/a+b", "get", "", "v1", "a", "pods",
         "", "a+b")
RESOURCE(test_encoded_percent_in_path_name_is_kept, "GET", "/api/v1/namespaces/a/pods/a%25b", "get", "", "v1",
         "a", "pods", "", "a%b")
REJECTED(test_bad_percent_escape_is_rejected, "GET", "/api/v1/namespaces/a/pods/x%zz")
REJECTED(test_truncated_percent_escape_is_rejected, "GET", "/api/v1/pods/%4")
REJECTED(test_lone_percent_is_rejected, "GET", "/api/v1/pods/%")
REJECTED(test_bad_escape_in_non_resource_path_is_rejected, "GET", "/healthz%")

/* ---- request URIs and methods net/http refuses ---- */
REJECTED(test_empty_url_is_rejected, "GET", "")
REJECTED(test_relative_url_is_rejected, "GET", "healthz")
REJECTED(test_asterisk_url_is_rejected, "OPTIONS", "*")
REJECTED(test_absolute_url_is_rejected, "GET", "http://host/api/v1/pods")
REJECTED(test_space_in_url_is_rejected, "GET", "/api/v1/pods /x")
REJECTED(test_control_byte_in_url_is_rejected, "GET", "/api/v1/pods\x01")
REJECTED(test_delete_byte_in_url_is_rejected, "GET", "/healthz\x7f")
REJECTED(test_empty_method_is_rejected, "", "/healthz")
REJECTED(test_method_with_space_is_rejected, "GE T", "/healthz")
REJECTED(test_method_with_separator_is_rejected, "GET/", "/api/v1/pods")

/* ---- method_for_verb ---- */
static void expect_method(const char *verb, bool is_resource, const char *want)
{
	const char *got = method_for_verb(span_of(verb), is_resource);
	char msg[256];
	snprintf(msg, sizeof msg, "method_for_verb(\"%s\", %s) is %s, want %s", verb,
	         is_resource ? "resource" : "non-resource", got ? got : "NULL", want ? want : "NULL");
	bool same = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
	CU_assertImplementation(same ? CU_TRUE : CU_FALSE, __LINE__, msg, __FILE__, "", CU_FALSE);
}

static void test_method_for_resource_verbs(void)
{
	expect_method("create", true, "POST");
	expect_method("get", true, "GET");
	expect_method("list", true, "GET");
	expect_method("watch", true, "GET");
	expect_method("proxy", true, "GET");
	expect_method("update", true, "PUT");
	expect_method("patch", true, "PATCH");
	expect_method("delete", true, "DELETE");
	expect_method("deletecollection", true, "DELETE");
}

static void test_method_for_unknown_resource_verb_is_null(void)
{
	expect_method("", true, NULL);
	expect_method("escalate", true, NULL);
	expect_method("GET", true, NULL);
	expect_method("head", true, NULL);
}

static void test_method_for_non_resource_verb_is_uppercased(void)
{
	expect_method("get", false, "GET");
	expect_method("head", false, "HEAD");
	expect_method("post", false, "POST");
	expect_method("put", false, "PUT");
	expect_method("patch", false, "PATCH");
	expect_method("delete", false, "DELETE");
	expect_method("options", false, "OPTIONS");
}

static void test_method_for_non_resource_needs_lowercase_known_verb(void)
{
	expect_method("", false, NULL);
	expect_method("GET", false, NULL);
	expect_method("list", false, NULL);
	expect_method("create", false, NULL);
}

/* Replaying a recorded event re-parses its requestURI with the method its verb implies;
 * that must give back the same attributes. */
static void expect_round_trip(const char *method, const char *url)
{
	request_info_scratch first_scratch = { 0 }, second_scratch = { 0 };
	request_attrs first, second;
	CU_ASSERT_TRUE_FATAL(parse(method, url, &first, &first_scratch));
	char verb[32];
	snprintf(verb, sizeof verb, "%.*s", (int)first.verb.len, first.verb.ptr);
	const char *implied = method_for_verb(first.verb, first.is_resource);
	expect_true(implied != NULL, __FILE__, __LINE__, "%s: no method for verb %s", url, verb);
	if (implied && parse(implied, url, &second, &second_scratch)) {
		expect_field(implied, url, "verb", second.verb, verb, __FILE__, __LINE__);
		expect_true(second.is_resource == first.is_resource, __FILE__, __LINE__,
		            "%s: kind changed%s", url, "");
		expect_true(span_eq_span(second.name, first.name), __FILE__, __LINE__,
		            "%s: name changed%s", url, "");
		expect_true(span_eq_span(second.subresource, first.subresource), __FILE__, __LINE__,
		            "%s: subresource changed%s", url, "");
	}
	request_info_scratch_free(&first_scratch);
	request_info_scratch_free(&second_scratch);
}

static void test_method_for_verb_round_trips(void)
{
	expect_round_trip("POST", "/api/v1/namespaces/a/pods");
	expect_round_trip("GET", "/api/v1/namespaces/a/pods/p");
	expect_round_trip("GET", "/api/v1/namespaces/a/pods?watch=1&fieldSelector=metadata.name%3Dp");
	expect_round_trip("HEAD", "/api/v1/pods");
	expect_round_trip("PUT", "/api/v1/namespaces/a/finalize");
	expect_round_trip("PATCH", "/apis/apps/v1/namespaces/a/deployments/d/scale");
	expect_round_trip("DELETE", "/api/v1/namespaces/a/pods");
	expect_round_trip("DELETE", "/api/v1/namespaces/a/pods/p");
	expect_round_trip("GET", "/api/v1/proxy/nodes/n/x");
	expect_round_trip("GET", "/api/v1/watch/pods");
	expect_round_trip("HEAD", "/healthz");
	expect_round_trip("POST", "/logs");
}

/* ---- scratch memory ---- */
static void test_attributes_point_into_url_or_scratch(void)
{
	const char *url = "/apis/apps/v1/namespaces/a/deployments?fieldSelector=metadata.name%3Dw";
	request_info_scratch scratch = { 0 };
	request_attrs r;
	CU_ASSERT_TRUE_FATAL(parse("GET", url, &r, &scratch));
	span fields[] = { r.api_group, r.api_version, r.namespace_, r.resource, r.name, r.path };
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const char *p = fields[i].ptr;
		bool in_url = p >= url && p + fields[i].len <= url + strlen(url);
		bool in_scratch = p >= scratch.buf && p + fields[i].len <= scratch.buf + scratch.cap;
		CU_ASSERT_TRUE(in_url || in_scratch);
	}
	request_info_scratch_free(&scratch);
}

static void test_scratch_is_reused_without_growing(void)
{
	request_info_scratch scratch = { 0 };
	request_attrs r;
	CU_ASSERT_TRUE_FATAL(parse("GET", "/api/v1/namespaces/some-long-namespace/pods?watch=1", &r, &scratch));
	char *buf = scratch.buf;
	size_t cap = scratch.cap;
	for (int i = 0; i < 100; i++) {
		CU_ASSERT_TRUE(parse("GET", "/api/v1/namespaces/a/pods/p", &r, &scratch));
		CU_ASSERT_PTR_EQUAL(scratch.buf, buf);
		CU_ASSERT_EQUAL(scratch.cap, cap);
	}
	CU_ASSERT_TRUE(span_eq(r.name, "p"));
	request_info_scratch_free(&scratch);
	CU_ASSERT_PTR_NULL(scratch.buf);
	CU_ASSERT_EQUAL(scratch.cap, 0);
}

static void test_scratch_grows_for_long_urls(void)
{
	static char url[20000];
	int n = snprintf(url, sizeof url, "/api/v1/namespaces/d/pods?labelSelector=");
	for (int i = 0; i < 3000; i++)
		n += snprintf(url + n, sizeof url - (size_t)n, "%%5C");
	snprintf(url + n, sizeof url - (size_t)n, "&fieldSelector=metadata.name%%3D%%FF%%5C%%5C%%FF");
	request_info_scratch scratch = { 0 };
	request_attrs r;
	CU_ASSERT_TRUE_FATAL(parse("GET", url, &r, &scratch));
	CU_ASSERT_TRUE(span_eq(r.verb, "list"));
	CU_ASSERT_TRUE(span_eq(r.name, ""));
	request_info_scratch_free(&scratch);
}

static void test_long_escaped_field_selector_name_fits_scratch(void)
{
	static char url[12000];
	int n = snprintf(url, sizeof url, "/api/v1/pods?fieldSelector=metadata.name%%3D");
	for (int i = 0; i < 1000; i++)
		n += snprintf(url + n, sizeof url - (size_t)n, "%%FF%%5C%%5C");
	request_info_scratch scratch = { 0 };
	request_attrs r;
	CU_ASSERT_TRUE_FATAL(parse("GET", url, &r, &scratch));
	CU_ASSERT_EQUAL(r.name.len, 1000 * 4);
	request_info_scratch_free(&scratch);
}

/* ---- the parsed attributes through the checker (§3.3, §4.3, §11) ---- */
static bool url_matches(const char *method, const char *url, const policy_rule *rule)
{
	request_info_scratch scratch = { 0 };
	request_attrs r;
	bool ok = parse(method, url, &r, &scratch);
	CU_ASSERT_TRUE(ok);
	r.has_user = true;
	r.user_name = span_of("alice");
	bool matches = ok && rule_matches(rule, &r);
	request_info_scratch_free(&scratch);
	return matches;
}

static void test_empty_namespace_rule_matches_namespace_list_create_watch(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST(""));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces", &rule));
	CU_ASSERT_TRUE(url_matches("POST", "/api/v1/namespaces", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces?watch=1", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/watch/namespaces", &rule));
}

static void test_empty_namespace_rule_misses_namespace_get_update_delete(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST(""));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/namespaces/kube-system", &rule));
	CU_ASSERT_FALSE(url_matches("PUT", "/api/v1/namespaces/a", &rule));
	CU_ASSERT_FALSE(url_matches("DELETE", "/api/v1/namespaces/a", &rule));
	CU_ASSERT_FALSE(url_matches("PUT", "/api/v1/namespaces/a/finalize", &rule));
}

static void test_empty_namespace_rule_matches_all_namespace_pod_list(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST(""));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/pods", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/watch/pods", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/nodes/n1", &rule));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/namespaces/a/pods", &rule));
}

static void test_namespace_rule_matches_the_namespace_object_itself(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .namespaces = LIST("kube-system"));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces/kube-system", &rule));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/namespaces?fieldSelector=metadata.name%3Dkube-system", &rule));
}

static void test_resource_names_see_field_selector_name(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, RESOURCES(GR_NAMES("", LIST("configmaps"), LIST("cm1"))));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces/a/configmaps?fieldSelector=metadata.name%3Dcm1", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces/a/configmaps?watch=1&fieldSelector=metadata.name=cm1",
	                           &rule));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/namespaces/a/configmaps?limit=x&fieldSelector=metadata.name=cm1",
	                            &rule));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/namespaces/a/configmaps", &rule));
}

static void test_resource_names_never_see_create_body_name(void)
{
	policy_rule named = RULE(LEVEL_METADATA, RESOURCES(GR_NAMES("", LIST("pods"), LIST("p1"))));
	policy_rule nameless = RULE(LEVEL_METADATA, RESOURCES(GR_NAMES("", LIST("pods"), LIST(""))));
	CU_ASSERT_FALSE(url_matches("POST", "/api/v1/namespaces/a/pods", &named));
	CU_ASSERT_TRUE(url_matches("POST", "/api/v1/namespaces/a/pods", &nameless));
	CU_ASSERT_TRUE(url_matches("DELETE", "/api/v1/namespaces/a/pods", &nameless));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces/a/pods", &nameless));
}

static void test_api_prefix_rule_catches_discovery_not_resources(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .non_resource_urls = LIST("/api*"));
	CU_ASSERT_TRUE(url_matches("GET", "/api", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/apis/apps/v1", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/apix", &rule));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/pods", &rule));
}

static void test_head_non_resource_is_not_matched_by_get_verb(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("get"));
	CU_ASSERT_FALSE(url_matches("HEAD", "/healthz", &rule));
	CU_ASSERT_TRUE(url_matches("GET", "/healthz", &rule));
	CU_ASSERT_TRUE(url_matches("HEAD", "/api/v1/namespaces/a/pods/p", &rule));
}

static void test_empty_verb_rule_matches_unknown_resource_method(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST(""));
	CU_ASSERT_TRUE(url_matches("OPTIONS", "/api/v1/namespaces/a/pods", &rule));
	CU_ASSERT_FALSE(url_matches("OPTIONS", "/healthz", &rule));
}

static void test_encoded_slash_changes_what_resources_match(void)
{
	policy_rule rule = RULE(LEVEL_METADATA, RESOURCES(GR("", LIST("pods"))));
	CU_ASSERT_TRUE(url_matches("GET", "/api/v1/namespaces/a/pods/x", &rule));
	CU_ASSERT_FALSE(url_matches("GET", "/api/v1/namespaces/a/pods/x%2Flog", &rule));
}

static const test_case resource_or_not_tests[] = {
	{ "root_is_non_resource", test_root_is_non_resource },
	{ "api_alone_is_non_resource", test_api_alone_is_non_resource },
	{ "api_version_is_non_resource", test_api_version_is_non_resource },
	{ "api_version_trailing_slash_is_non_resource", test_api_version_trailing_slash_is_non_resource },
	{ "apis_alone_is_non_resource", test_apis_alone_is_non_resource },
	{ "apis_group_is_non_resource", test_apis_group_is_non_resource },
	{ "apis_group_version_is_non_resource", test_apis_group_version_is_non_resource },
	{ "apis_group_version_trailing_slash_is_non_resource", test_apis_group_version_trailing_slash_is_non_resource },
	{ "apis_with_three_segments_is_non_resource", test_apis_with_three_segments_is_non_resource },
	{ "bad_prefix_is_non_resource", test_bad_prefix_is_non_resource },
	{ "api_prefix_is_case_sensitive", test_api_prefix_is_case_sensitive },
	{ "apix_prefix_is_non_resource", test_apix_prefix_is_non_resource },
	{ "healthz_is_non_resource", test_healthz_is_non_resource },
	{ "non_resource_path_drops_query", test_non_resource_path_drops_query },
	{ "non_resource_path_drops_empty_query", test_non_resource_path_drops_empty_query },
	{ "non_resource_path_is_percent_decoded", test_non_resource_path_is_percent_decoded },
	{ "non_resource_encoded_slash_is_decoded", test_non_resource_encoded_slash_is_decoded },
	{ "non_resource_encoded_question_mark_stays_in_path", test_non_resource_encoded_question_mark_stays_in_path },
	{ "non_resource_plus_is_not_a_space", test_non_resource_plus_is_not_a_space },
	{ "non_resource_keeps_empty_segments", test_non_resource_keeps_empty_segments },
	{ "non_resource_head_is_head_not_get", test_non_resource_head_is_head_not_get },
	{ "non_resource_post_is_post", test_non_resource_post_is_post },
	{ "non_resource_put_is_put", test_non_resource_put_is_put },
	{ "non_resource_patch_is_patch", test_non_resource_patch_is_patch },
	{ "non_resource_delete_is_delete", test_non_resource_delete_is_delete },
	{ "non_resource_options_is_options", test_non_resource_options_is_options },
	{ "non_resource_unknown_method_is_lowercased", test_non_resource_unknown_method_is_lowercased },
	{ "non_resource_method_is_case_insensitive", test_non_resource_method_is_case_insensitive },
	{ "non_resource_discovery_with_watch_query", test_non_resource_discovery_with_watch_query },
	{ "api_three_segments_is_resource", test_api_three_segments_is_resource },
	{ "apis_four_segments_is_resource", test_apis_four_segments_is_resource },
	{ "apis_name", test_apis_name },
	{ "apis_subresource", test_apis_subresource },
	{ "api_more_steps_ignored_after_subresource", test_api_more_steps_ignored_after_subresource },
	{ "encoded_api_path_is_a_resource_path", test_encoded_api_path_is_a_resource_path },
	{ "trailing_slash_is_trimmed", test_trailing_slash_is_trimmed },
	{ "many_trailing_slashes_are_trimmed", test_many_trailing_slashes_are_trimmed },
	{ "leading_slashes_are_trimmed", test_leading_slashes_are_trimmed },
	{ "empty_segment_becomes_empty_resource", test_empty_segment_becomes_empty_resource },
	{ "empty_segment_becomes_empty_version", test_empty_segment_becomes_empty_version },
	{ NULL, NULL },
};

static const test_case verb_tests[] = {
	{ "post_is_create", test_post_is_create },
	{ "get_with_name_is_get", test_get_with_name_is_get },
	{ "head_with_name_is_get", test_head_with_name_is_get },
	{ "head_without_name_is_list", test_head_without_name_is_list },
	{ "put_is_update", test_put_is_update },
	{ "patch_is_patch", test_patch_is_patch },
	{ "delete_with_name_is_delete", test_delete_with_name_is_delete },
	{ "options_on_resource_is_empty_verb", test_options_on_resource_is_empty_verb },
	{ "connect_on_resource_is_empty_verb", test_connect_on_resource_is_empty_verb },
	{ "unknown_method_on_resource_is_empty_verb", test_unknown_method_on_resource_is_empty_verb },
	{ "resource_method_is_case_sensitive", test_resource_method_is_case_sensitive },
	{ "resource_lower_case_get_is_no_list", test_resource_lower_case_get_is_no_list },
	{ "watch_path_all_namespaces", test_watch_path_all_namespaces },
	{ "watch_path_in_namespace", test_watch_path_in_namespace },
	{ "watch_path_single_object", test_watch_path_single_object },
	{ "watch_path_keeps_subresource", test_watch_path_keeps_subresource },
	{ "watch_path_wins_over_method", test_watch_path_wins_over_method },
	{ "watch_path_ignores_watch_false_query", test_watch_path_ignores_watch_false_query },
	{ "watch_path_never_reads_field_selector", test_watch_path_never_reads_field_selector },
	{ "watch_path_is_percent_decoded", test_watch_path_is_percent_decoded },
	{ "watch_path_in_group", test_watch_path_in_group },
	{ "proxy_path_node", test_proxy_path_node },
	{ "proxy_path_never_has_subresource", test_proxy_path_never_has_subresource },
	{ "proxy_path_long_subpath", test_proxy_path_long_subpath },
	{ "proxy_path_wins_over_delete", test_proxy_path_wins_over_delete },
	{ "proxy_path_without_name_stays_proxy", test_proxy_path_without_name_stays_proxy },
	{ "watch_path_without_resource_is_rejected", test_watch_path_without_resource_is_rejected },
	{ "watch_path_with_trailing_slash_only_is_rejected", test_watch_path_with_trailing_slash_only_is_rejected },
	{ "proxy_path_without_resource_is_rejected", test_proxy_path_without_resource_is_rejected },
	{ "group_watch_path_without_resource_is_rejected", test_group_watch_path_without_resource_is_rejected },
	{ NULL, NULL },
};

static const test_case namespace_resource_name_tests[] = {
	{ "namespaces_list", test_namespaces_list },
	{ "namespace_get_has_its_own_namespace", test_namespace_get_has_its_own_namespace },
	{ "namespace_get_trailing_slash", test_namespace_get_trailing_slash },
	{ "namespace_patch_has_its_own_namespace", test_namespace_patch_has_its_own_namespace },
	{ "namespace_delete_has_its_own_namespace", test_namespace_delete_has_its_own_namespace },
	{ "namespace_finalize_is_subresource", test_namespace_finalize_is_subresource },
	{ "namespace_status_is_subresource", test_namespace_status_is_subresource },
	{ "namespace_status_get", test_namespace_status_get },
	{ "namespace_finalize_extra_parts_ignored", test_namespace_finalize_extra_parts_ignored },
	{ "namespace_named_status", test_namespace_named_status },
	{ "namespace_create_has_no_namespace", test_namespace_create_has_no_namespace },
	{ "namespaces_delete_collection", test_namespaces_delete_collection },
	{ "all_namespace_pods_list_has_empty_namespace", test_all_namespace_pods_list_has_empty_namespace },
	{ "all_namespace_group_list", test_all_namespace_group_list },
	{ "namespaced_list", test_namespaced_list },
	{ "cluster_scoped_get", test_cluster_scoped_get },
	{ "cluster_scoped_group_list", test_cluster_scoped_group_list },
	{ "group_scale_subresource", test_group_scale_subresource },
	{ "pod_status_subresource", test_pod_status_subresource },
	{ "pod_proxy_subresource_with_subpath", test_pod_proxy_subresource_with_subpath },
	{ "pod_log_subresource", test_pod_log_subresource },
	{ "pod_exec_post", test_pod_exec_post },
	{ "pod_eviction_create", test_pod_eviction_create },
	{ "delete_collection_namespaced", test_delete_collection_namespaced },
	{ "delete_collection_cluster_scoped", test_delete_collection_cluster_scoped },
	{ "delete_collection_in_group", test_delete_collection_in_group },
	{ "delete_collection_ignores_name_selector", test_delete_collection_ignores_name_selector },
	{ "group_create", test_group_create },
	{ "group_version_identification", test_group_version_identification },
	{ "empty_namespace_segment", test_empty_namespace_segment },
	{ "nested_namespaces_not_reprocessed", test_nested_namespaces_not_reprocessed },
	{ NULL, NULL },
};

static const test_case percent_decoding_tests[] = {
	{ "encoded_slash_in_name_splits_it", test_encoded_slash_in_name_splits_it },
	{ "lowercase_hex_escape", test_lowercase_hex_escape },
	{ "encoded_space_in_name", test_encoded_space_in_name },
	{ "encoded_namespace_is_decoded", test_encoded_namespace_is_decoded },
	{ "plus_in_path_is_literal", test_plus_in_path_is_literal },
	{ "encoded_percent_in_path_name_is_kept", test_encoded_percent_in_path_name_is_kept },
	{ "bad_percent_escape_is_rejected", test_bad_percent_escape_is_rejected },
	{ "truncated_percent_escape_is_rejected", test_truncated_percent_escape_is_rejected },
	{ "lone_percent_is_rejected", test_lone_percent_is_rejected },
	{ "bad_escape_in_non_resource_path_is_rejected", test_bad_escape_in_non_resource_path_is_rejected },
	{ NULL, NULL },
};

static const test_case refused_tests[] = {
	{ "empty_url_is_rejected", test_empty_url_is_rejected },
	{ "relative_url_is_rejected", test_relative_url_is_rejected },
	{ "asterisk_url_is_rejected", test_asterisk_url_is_rejected },
	{ "absolute_url_is_rejected", test_absolute_url_is_rejected },
	{ "space_in_url_is_rejected", test_space_in_url_is_rejected },
	{ "control_byte_in_url_is_rejected", test_control_byte_in_url_is_rejected },
	{ "delete_byte_in_url_is_rejected", test_delete_byte_in_url_is_rejected },
	{ "empty_method_is_rejected", test_empty_method_is_rejected },
	{ "method_with_space_is_rejected", test_method_with_space_is_rejected },
	{ "method_with_separator_is_rejected", test_method_with_separator_is_rejected },
	{ NULL, NULL },
};

static const test_case method_for_verb_tests[] = {
	{ "method_for_resource_verbs", test_method_for_resource_verbs },
	{ "method_for_unknown_resource_verb_is_null", test_method_for_unknown_resource_verb_is_null },
	{ "method_for_non_resource_verb_is_uppercased", test_method_for_non_resource_verb_is_uppercased },
	{ "method_for_non_resource_needs_lowercase_known_verb", test_method_for_non_resource_needs_lowercase_known_verb },
	{ "method_for_verb_round_trips", test_method_for_verb_round_trips },
	{ NULL, NULL },
};

static const test_case scratch_tests[] = {
	{ "attributes_point_into_url_or_scratch", test_attributes_point_into_url_or_scratch },
	{ "scratch_is_reused_without_growing", test_scratch_is_reused_without_growing },
	{ "scratch_grows_for_long_urls", test_scratch_grows_for_long_urls },
	{ "long_escaped_field_selector_name_fits_scratch", test_long_escaped_field_selector_name_fits_scratch },
	{ NULL, NULL },
};

static const test_case with_checker_tests[] = {
	{ "empty_namespace_rule_matches_namespace_list_create_watch", test_empty_namespace_rule_matches_namespace_list_create_watch },
	{ "empty_namespace_rule_misses_namespace_get_update_delete", test_empty_namespace_rule_misses_namespace_get_update_delete },
	{ "empty_namespace_rule_matches_all_namespace_pod_list", test_empty_namespace_rule_matches_all_namespace_pod_list },
	{ "namespace_rule_matches_the_namespace_object_itself", test_namespace_rule_matches_the_namespace_object_itself },
	{ "resource_names_see_field_selector_name", test_resource_names_see_field_selector_name },
	{ "resource_names_never_see_create_body_name", test_resource_names_never_see_create_body_name },
	{ "api_prefix_rule_catches_discovery_not_resources", test_api_prefix_rule_catches_discovery_not_resources },
	{ "head_non_resource_is_not_matched_by_get_verb", test_head_non_resource_is_not_matched_by_get_verb },
	{ "empty_verb_rule_matches_unknown_resource_method", test_empty_verb_rule_matches_unknown_resource_method },
	{ "encoded_slash_changes_what_resources_match", test_encoded_slash_changes_what_resources_match },
	{ NULL, NULL },
};

void register_tests(void)
{
	add_suite("request_info: §4.1 resource or not", resource_or_not_tests);
	add_suite("request_info: §4.2 verbs", verb_tests);
	add_suite("request_info: §4.3 namespace, resource, name, subresource", namespace_resource_name_tests);
	add_suite("request_info: percent-decoding of the path", percent_decoding_tests);
	add_suite("request_info: request URIs and methods net/http refuses", refused_tests);
	add_suite("request_info: method_for_verb", method_for_verb_tests);
	add_suite("request_info: scratch memory", scratch_tests);
	add_suite("request_info: the parsed attributes through the checker (§3.3, §4.3, §11)", with_checker_tests);
}
