/* rule_intersect: the requests two rule selectors both match, as one selector — the
 * symbolic intersection behind `suggest`'s conflict check and its rules for the requests
 * a requirement leaves out. Component by component, with the checker's semantics
 * (checker.h): users, verbs, namespaces and resourceNames are exact sets; a group is
 * exact or "*"; a resources string is "*", "res", "res/sub", "star/sub" or "res/star"; a
 * nonResourceURL is exact or a prefix ending in "*"; a rule with namespaces or resources
 * matches resource requests only, one with nonResourceURLs alone non-resource requests
 * only. Pure: no I/O; the result owns its strings. */
#ifndef AUDITSIM_RULE_INTERSECT_H
#define AUDITSIM_RULE_INTERSECT_H

#include "policy.h"

typedef enum {
	INTERSECT_EMPTY,     /* no request matches both */
	INTERSECT_RULE,      /* *out matches exactly the requests both match */
	/* some request matches both, but no single rule says which: two userGroups lists
	 * neither of which holds the other (a user in a group of each matches both) */
	INTERSECT_UNWRITABLE,
} intersect_result;

/* Only the selector fields are read and written; *out (zeroed by the call) is filled for
 * INTERSECT_RULE only, level unset; free it with selector_free (requirement.h). */
intersect_result rule_intersect(const policy_rule *a, const policy_rule *b, policy_rule *out);

#endif
