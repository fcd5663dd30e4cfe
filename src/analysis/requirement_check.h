/* requirement_check: whether a set of requirements can be met at all, and whether a
 * decision meets them. Matching is the checker's (requirement_concerns, rule_matches);
 * the conflict check reasons on selectors (rule_intersect, coverage), so it holds for
 * every possible request, not only recorded ones. */
#ifndef AUDITSIM_REQUIREMENT_CHECK_H
#define AUDITSIM_REQUIREMENT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checker.h"
#include "diag.h"
#include "requirement.h"

/* What the requirements concerning one request ask: a level in [floor, ceiling] (empty
 * when floor > ceiling) with `stages` kept. concerned == 0: nothing is asked. */
typedef struct {
	audit_level floor, ceiling;
	stage_set stages;
	size_t concerned;
	size_t first; /* index of the first requirement concerned (when concerned > 0) */
} requirement_bounds;

requirement_bounds requirement_bounds_of(const requirement_set *set, const request_attrs *r);

/* Whether the decision lies within the bounds and omits none of their stages. */
bool decision_meets(const audit_decision *d, const requirement_bounds *b);

/* Two requirements that can concern the same request with bounds that do not overlap. */
typedef struct {
	size_t first, second; /* indexes, first < second */
	audit_level floor, ceiling; /* the larger floor, the smaller ceiling */
} requirement_conflict;

/* Every conflicting pair, in order of the second then the first; *count of them (the
 * caller frees the array). Sound for "no conflict": a pair is reported unless their
 * selectors provably share no request outside their excepts. */
requirement_conflict *requirement_conflicts(const requirement_set *set, size_t *count);

/* "FILE:L:C: error: requirement (WHY) and the one at FILE:L (WHY) …" on out. */
void requirement_conflict_print(const requirement_set *set, const requirement_conflict *c,
                                FILE *out);

#endif
