/* suggest: the cheapest policy that meets a set of requirements for every possible
 * request. A request concerned by requirements must be logged at least at the highest of
 * their floors; nothing asks more, so that level (None when no requirement concerns it)
 * is the cheapest that meets them all, and the policy below decides exactly that:
 *
 * - requirements with a floor above None become rules, highest floor first (lowest
 *   ceiling first among equal floors; a request
 *   that several concern meets the first one's rule, whose floor is the highest, and that
 *   floor is within every ceiling once requirement_conflicts found none);
 * - before the rule of a requirement with `except`, the excepted requests get the rules
 *   of the later requirements restricted to them (rule_intersect), then a None rule, so
 *   they skip the requirement that does not concern them;
 * - reads (get, list) carry no request body: where no requirement caps them at
 *   Metadata they go to Request, whose events are the same but for a level name one byte
 *   shorter ("Request" for "Metadata"), in a rule just before the Metadata one;
 * - every rule that logs omits ResponseStarted, and the policy omits RequestReceived,
 *   unless a requirement that may concern its requests asks for the stage; managed
 *   fields are omitted;
 * - rules that coverage proves shadowed are dropped; a last `level: None` says that
 *   nothing else is logged.
 * Deterministic: the same requirements give the same rules in the same order. */
#ifndef AUDITSIM_SUGGEST_H
#define AUDITSIM_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "requirement.h"

typedef enum {
	SUGGESTED_REQUIREMENT, /* the requests `requirement` concerns (first of its floor) */
	SUGGESTED_EXCEPT,      /* requests an except of `requirement` leaves out */
	SUGGESTED_LATER,       /* excepted requests that a later `requirement` concerns */
	SUGGESTED_CATCH_ALL,   /* whatever no requirement concerns */
} suggested_kind;

typedef struct {
	policy_rule selector; /* owned; level fields unset */
	audit_level level;
	stage_set omit_stages; /* beyond the policy's */
	suggested_kind kind;
	size_t requirement; /* index in the set (not for SUGGESTED_CATCH_ALL) */
	size_t excepted_from; /* SUGGESTED_LATER: the requirement whose except it is in */
	bool reads_at_request; /* get, list at Request: no body, a shorter level name */
} suggested_rule;

typedef struct {
	suggested_rule *rules;
	size_t count;
	stage_set omit_stages; /* the policy's */
} suggestion;

/* Fills *out (free with suggestion_free whatever the result). Returns false when an
 * except cannot be written as rules (rule_intersect: INTERSECT_UNWRITABLE); *culprit is
 * then the requirement whose except it is. The set must be free of conflicts. */
bool suggest_policy(const requirement_set *set, suggestion *out, size_t *culprit);

void suggestion_free(suggestion *s);

#endif
