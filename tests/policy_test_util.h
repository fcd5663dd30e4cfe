/* Helpers shared by the loader and validator tests: load inline text, find diagnostics.
 * Static functions in a header so each test binary stays a single source file. */
#ifndef AUDITSIM_POLICY_TEST_UTIL_H
#define AUDITSIM_POLICY_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "policy.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "test_util.h"
#include "xalloc.h"

#define HEAD "apiVersion: audit.k8s.io/v1\nkind: Policy\n"
#define V1BETA1_HINT                                                                           \
	"audit.k8s.io/v1beta1 was removed in Kubernetes 1.24; change apiVersion to "            \
	"audit.k8s.io/v1 (the fields are the same)"

typedef struct {
	policy p;
	diag_list diags;
	load_result result;
} loaded;

static inline loaded load_bytes(const char *data, size_t len)
{
	loaded l;
	diag_list_init(&l.diags, "t.yaml");
	l.result = policy_load_buffer("t.yaml", data, len, &l.p, &l.diags);
	return l;
}

static inline loaded load(const char *text) { return load_bytes(text, strlen(text)); }

/* Load then validate, as policy_open does for a file. */
static inline loaded open_text(const char *text)
{
	loaded l = load(text);
	if (l.result == LOAD_OK && !policy_validate(&l.p, &l.diags))
		l.result = LOAD_INVALID;
	return l;
}

/* open_text that must succeed: a policy a test relies on failing to load stops it. */
static inline loaded open_ok(const char *yaml)
{
	loaded l = open_text(yaml);
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	return l;
}

static inline void done(loaded *l)
{
	policy_free(&l->p);
	diag_list_free(&l->diags);
}

/* The first diagnostic of that severity whose field equals `field` (NULL: any field) and
 * whose message contains `text`. */
static inline const diag *find(const loaded *l, diag_severity severity, const char *field,
                        const char *text)
{
	for (size_t i = 0; i < l->diags.count; i++) {
		const diag *d = &l->diags.items[i];
		if (d->severity != severity)
			continue;
		if (field && (!d->field || strcmp(d->field, field) != 0))
			continue;
		if (text && !strstr(d->message, text))
			continue;
		return d;
	}
	return NULL;
}

static inline size_t errors(const loaded *l) { return diag_count(&l->diags, DIAG_ERROR); }
static inline size_t warnings(const loaded *l) { return diag_count(&l->diags, DIAG_WARNING); }

static inline void expect_ok(const char *text)
{
	loaded l = load(text);
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL(errors(&l), 0);
	done(&l);
}

static inline void expect_error(const char *text, const char *field, const char *message)
{
	loaded l = load(text);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_PTR_NOT_NULL(find(&l, DIAG_ERROR, field, message));
	if (!find(&l, DIAG_ERROR, field, message)) {
		fprintf(stderr, "\nexpected error %s: %s; got:\n", field ? field : "-", message);
		diag_print(&l.diags, stderr);
	}
	done(&l);
}

#endif
