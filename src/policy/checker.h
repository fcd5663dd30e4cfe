/* checker: the policy checker. Pure functions from (policy, request) to a decision;
 * no I/O, no allocation. Mirrors kube-apiserver's pkg/audit/policy/checker.go, whose
 * names ours follow in snake_case: EvaluatePolicyRule, ruleMatches, ruleMatchesResource,
 * ruleMatchesNonResource, hasString (doc/semantics.md §3). */
#ifndef AUDITSIM_CHECKER_H
#define AUDITSIM_CHECKER_H

#include <stdbool.h>

#include "policy.h"
#include "request.h"

typedef struct {
	audit_level level;
	int rule;               /* 0-based index of the deciding rule; -1 when none matched */
	stage_set omit_stages;  /* union of the policy's and the rule's omitStages */
	bool omit_managed_fields;
} audit_decision;

/* Upstream's EvaluatePolicyRule: the first rule that matches decides; none matching
 * gives level None with the policy's omitStages and omitManagedFields. The policy must
 * have been validated. */
audit_decision evaluate_policy_rule(const policy *p, const request_attrs *r);

bool rule_matches(const policy_rule *rule, const request_attrs *r);
bool rule_matches_user(const policy_rule *rule, const request_attrs *r);
bool rule_matches_verb(const policy_rule *rule, const request_attrs *r);
bool rule_matches_resource(const policy_rule *rule, const request_attrs *r);
bool rule_matches_non_resource(const policy_rule *rule, const request_attrs *r);
/* group "*" matches every group (1.36, #135262). The checker needs no version for it: a
 * policy validated for an earlier version cannot hold "*" (policy_validate_for). */
bool group_resources_match(const group_resources *gr, const request_attrs *r);
/* One nonResourceURLs entry against a path: "*", exact, or trailing-"*" prefix. */
bool path_matches(const char *pattern, span path);

#endif
