/* Checks shared by the request_info and list_options tests: parse a METHOD + URL with
 * request_info_parse and compare every attribute, failing with a message that names
 * the URL and the field. The macros at the end define one CUnit test per URL; they
 * pass __FILE__ and __LINE__ so a failure points at the test's row, not at this header. */
#ifndef AUDITSIM_TEST_REQUEST_INFO_CHECKS_H
#define AUDITSIM_TEST_REQUEST_INFO_CHECKS_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "request.h"
#include "request_info.h"
#include "span.h"

static inline void expect_true(bool condition, const char *file, unsigned line, const char *fmt,
                               const char *url, const char *detail)
{
	char msg[1024];
	snprintf(msg, sizeof msg, fmt, url, detail);
	CU_assertImplementation(condition ? CU_TRUE : CU_FALSE, line, msg, file, "", CU_FALSE);
}

static inline void expect_field(const char *method, const char *url, const char *field,
                                span got, const char *want, const char *file, unsigned line)
{
	char msg[1024];
	snprintf(msg, sizeof msg, "%s %s: %s is \"%.*s\", want \"%s\"", method, url, field,
	         (int)got.len, got.ptr ? got.ptr : "", want);
	CU_assertImplementation(span_eq(got, want) ? CU_TRUE : CU_FALSE, line, msg, file, "",
	                        CU_FALSE);
}

static inline bool parse(const char *method, const char *url, request_attrs *out,
                         request_info_scratch *scratch)
{
	memset(out, 0, sizeof *out);
	return request_info_parse(span_of(method), span_of(url), out, scratch);
}

/* A resource request: every attribute the policy sees, field by field. */
static inline void check_resource(const char *method, const char *url, const char *verb,
                                  const char *group, const char *version, const char *namespace_,
                                  const char *resource, const char *subresource, const char *name,
                                  const char *file, unsigned line)
{
	request_info_scratch scratch = { 0 };
	request_attrs r;
	bool ok = parse(method, url, &r, &scratch);
	expect_true(ok, file, line, "%s: parse failed%s", url, "");
	if (ok) {
		expect_true(r.is_resource, file, line, "%s: not a resource request%s", url, "");
		expect_field(method, url, "verb", r.verb, verb, file, line);
		expect_field(method, url, "apiGroup", r.api_group, group, file, line);
		expect_field(method, url, "apiVersion", r.api_version, version, file, line);
		expect_field(method, url, "namespace", r.namespace_, namespace_, file, line);
		expect_field(method, url, "resource", r.resource, resource, file, line);
		expect_field(method, url, "subresource", r.subresource, subresource, file, line);
		expect_field(method, url, "name", r.name, name, file, line);
	}
	request_info_scratch_free(&scratch);
}

static inline void check_non_resource(const char *method, const char *url, const char *verb,
                                      const char *path, const char *file, unsigned line)
{
	request_info_scratch scratch = { 0 };
	request_attrs r;
	bool ok = parse(method, url, &r, &scratch);
	expect_true(ok, file, line, "%s: parse failed%s", url, "");
	if (ok) {
		expect_true(!r.is_resource, file, line, "%s: parsed as a resource request%s", url, "");
		expect_field(method, url, "verb", r.verb, verb, file, line);
		expect_field(method, url, "path", r.path, path, file, line);
	}
	request_info_scratch_free(&scratch);
}

static inline void check_rejected(const char *method, const char *url, const char *file,
                                  unsigned line)
{
	request_info_scratch scratch = { 0 };
	request_attrs r;
	expect_true(!parse(method, url, &r, &scratch), file, line,
	            "%s %s: accepted, but kube-apiserver rejects it before auditing", method, url);
	request_info_scratch_free(&scratch);
}

/* Each macro defines one test function for one URL. */
#define RESOURCE(fn, method, url, verb, group, version, ns, resource, sub, name)  \
	static void fn(void)                                                      \
	{                                                                         \
		check_resource(method, url, verb, group, version, ns, resource, sub, \
		               name, __FILE__, __LINE__);                            \
	}
#define NON_RESOURCE(fn, method, url, verb, path) \
	static void fn(void) { check_non_resource(method, url, verb, path, __FILE__, __LINE__); }
#define REJECTED(fn, method, url) \
	static void fn(void) { check_rejected(method, url, __FILE__, __LINE__); }

/* The list/watch outcome and name of GET <url> for core pods in namespace d. */
#define PODS_LIST(fn, query, verb, name)                                              \
	static void fn(void)                                                          \
	{                                                                             \
		check_resource("GET", "/api/v1/namespaces/d/pods" query, verb, "", "v1", "d", \
		               "pods", "", name, __FILE__, __LINE__);                       \
	}

#endif
