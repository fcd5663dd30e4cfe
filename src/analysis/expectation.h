/* expectation: a test file's expectations (scenario `expect:` keys, `expectInvalid`)
 * held against what a policy decides — what `auditsim test` runs. The decision is the
 * checker's, exactly as replay makes it: evaluate_policy_rule for level, rule and
 * omitManagedFields, and the stages kube-apiserver writes for the request's flow. */
#ifndef AUDITSIM_EXPECTATION_H
#define AUDITSIM_EXPECTATION_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "policy.h"
#include "scenario.h"

/* Every field of the policy's decision on req. Pure; p must be valid. */
expect_values expectation_actual(const policy *p, const scenario_request *req);

/* EXPECT_BIT of each field expected gives that actual differs on. */
unsigned expectation_mismatches(const expect_values *expected, const expect_values *actual);

/* Whether diags holds an error at exactly this field ("rules[2].level"). */
bool expectation_invalid_met(const diag_list *diags, const char *field);

/* One test: an expectation of one request, or a file's expectInvalid. */
typedef struct {
	char *file;       /* the test file */
	source_pos pos;   /* the request entry, or the expectInvalid value */
	char *name;       /* "requests[3]: get pods shop/web (alice)" */
	bool passed;
	char *expected;   /* "level Metadata, rule 1" */
	char *actual;     /* the same fields as decided; for expectInvalid what validation said */
	char *decided_by; /* "rules[7] at policy line 40"; NULL for expectInvalid */
} expectation_case;

typedef struct {
	expectation_case *cases;
	size_t count;
	size_t failed;
} expectation_results;

/* The policy as a test sees it: valid (p decides) or not (diags says why). */
typedef struct {
	const policy *p;         /* NULL when the policy failed to load or validate */
	const diag_list *diags;  /* its diagnostics */
} tested_policy;

/* Appends one case per request with an expectation of s, or one for s's expectInvalid.
 * When tp has no valid policy, each request expectation fails with the first error.
 * Strings are owned by results; free with expectation_results_free. */
void expectation_check_scenario(const tested_policy *tp, const scenario *s,
                                 expectation_results *results);
void expectation_results_free(expectation_results *results);

#endif
