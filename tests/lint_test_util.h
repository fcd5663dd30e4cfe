/* Helpers shared by the lint tests: lint an inline policy, find a finding, expect one or
 * none. Static functions in a header so each test binary stays a single source file. */
#ifndef AUDITSIM_LINT_TEST_UTIL_H
#define AUDITSIM_LINT_TEST_UTIL_H

#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "policy_test_util.h"

/* Lints a policy (whole YAML body after HEAD) with the default options. */
static inline diag_list lint_yaml(const char *body)
{
	char *yaml = xasprintf(HEAD "%s", body);
	loaded l = open_ok(yaml);
	diag_list findings;
	diag_list_init(&findings, "t.yaml");
	lint_options opts = lint_default_options();
	lint_policy(&l.p, &opts, &findings);
	done(&l);
	free(yaml);
	return findings;
}

/* The first finding with that code, field (NULL: any) and text in its message (NULL:
 * any). */
static inline const diag *finding(const diag_list *findings, const char *code,
                                  const char *field, const char *text)
{
	for (size_t i = 0; i < findings->count; i++) {
		const diag *d = &findings->items[i];
		if (d->code && strcmp(d->code, code) == 0 &&
		    (!field || (d->field && strcmp(d->field, field) == 0)) &&
		    (!text || strstr(d->message, text)))
			return d;
	}
	return NULL;
}

/* Lints the shipped profile policies/NAME.yaml with the default options. */
static inline diag_list lint_profile(const char *name)
{
	char *path = xasprintf("%s/policies/%s.yaml", SOURCE_ROOT, name);
	policy p;
	diag_list load, findings;
	diag_list_init(&load, path);
	diag_list_init(&findings, path);
	CU_ASSERT_EQUAL_FATAL(policy_open(path, &p, &load), LOAD_OK);
	lint_options opts = lint_default_options();
	lint_policy(&p, &opts, &findings);
	policy_free(&p);
	diag_list_free(&load);
	free(path);
	return findings;
}

static inline size_t count_code(const diag_list *findings, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < findings->count; i++)
		n += findings->items[i].code && strcmp(findings->items[i].code, code) == 0;
	return n;
}

/* Lints the body and checks that `code` is reported for `field` with `text` (NULL: any)
 * in its message; prints what was found when not. */
static inline void expect_code(const char *body, const char *code, const char *field,
                               const char *text)
{
	diag_list f = lint_yaml(body);
	const diag *d = finding(&f, code, field, text);
	CU_ASSERT_PTR_NOT_NULL(d);
	if (!d) {
		fprintf(stderr, "\nwanted %s at %s (%s); got:\n", code, field ? field : "-",
		        text ? text : "");
		diag_print(&f, stderr);
	}
	diag_list_free(&f);
}

static inline void expect_no_code(const char *body, const char *code)
{
	diag_list f = lint_yaml(body);
	CU_ASSERT_EQUAL(count_code(&f, code), 0);
	if (count_code(&f, code)) {
		fprintf(stderr, "\nunwanted %s:\n", code);
		diag_print(&f, stderr);
	}
	diag_list_free(&f);
}

#endif
