/* coverage: static reasoning about which requests a policy's rules can match, for lint.
 *
 * A rule's requests are split into finitely many "cells", one per combination of its
 * listed users, userGroups, verbs, namespaces and resource patterns (or nonResourceURLs);
 * their union is exactly the set the rule matches. A cell is covered by another rule when
 * that rule provably matches every request of the cell: each of its selectors is absent or
 * contains the cell's value, resource patterns by the semantics of §3.4 ("*"; "pods" then slash-star,
 * which also matches bare "pods"; star-slash-"scale"), nonResourceURLs by prefix. Anything that cannot
 * be proven counts as not covered, so "covered" answers are sound and "not covered" ones
 * may be pessimistic (a union of many partial rules, a literal "*" that matches nothing). */
#ifndef AUDITSIM_COVERAGE_H
#define AUDITSIM_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

/* Every request of one resource, as "some request for secrets" in the lints. */
typedef struct {
	const char *group;       /* "" for the core group */
	const char *resource;    /* "secrets" */
	const char *subresource; /* "" for the resource itself, "token" */
} coverage_target;

/* Questions about one policy (validated; it must outlive the object). Building it files
 * every rule under the selector values a covering rule must list (coverage_index.c):
 * O(selector values) time and memory. A question then tries, for each cell, only the
 * earlier rules filed under one of the cell's values (and those that list no such
 * selector, such as a catch-all), so a lint of a policy of distinct rules is about linear
 * in its size instead of quadratic. */
typedef struct coverage coverage;

coverage *coverage_new(const policy *p);

/* The same answers with every earlier rule tried for every cell, O(rules) per cell: the
 * reference the index is tested against. */
coverage *coverage_new_unindexed(const policy *p);

void coverage_free(coverage *cov);

/* True when every request rules[index] could match is matched by earlier rules, i.e. the
 * rule can never decide anything. *by is set to the first earlier rule that covers it
 * all alone, or -1 when it takes several together. A rule whose patterns match nothing
 * in practice (such as star-slash-star) is never reported here: that is a different
 * finding. */
bool rule_is_shadowed(const coverage *cov, size_t index, int *by);

/* True when rules[index] may decide some request for target with one of `verbs`
 * (verb_count 0: any verb): it can match such a request and the earlier rules are not
 * proven to take all of them first. */
bool rule_reaches_target(const coverage *cov, size_t index, const coverage_target *target,
                         const char *const *verbs, size_t verb_count);

/* True when the rules together provably match every request, resource or not. */
bool policy_matches_everything(const coverage *cov);

/* True when a `resources` string can match some real request: "*", "pods", "pods/log",
 * "pods" slash-star, star-slash "scale". False for star-slash-star, "po*s",
 * "pods/log/x", "" and other forms that only a literal would match (§3.4). */
bool resource_pattern_is_meaningful(const char *pattern);

#endif
