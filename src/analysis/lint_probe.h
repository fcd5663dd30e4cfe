/* lint_probe: which rule decides a request a client would send, asked of the real checker
 * (checker.h) rather than read off the YAML, so a lint built on it agrees with
 * kube-apiserver's matching: wildcards, groups, resourceNames, users and namespaces.
 *
 * A probe is a method and URL as sent on the wire ("GET
 * /api/v1/namespaces/x/pods/p/exec?command=sh"), turned into policy attributes by
 * request_info as kube-apiserver does (the verb comes from the method: GET on exec is
 * `get`, POST `create`). The request is then sent, in the lint's imagination, by each
 * user, group, namespace and resource name the rule under test lists (a placeholder for
 * each it does not list, standing for "anyone else"), always with the group
 * system:authenticated that kube-apiserver gives every authenticated user. Each finding
 * built on a probe therefore has a witness request; a rule with more combinations than
 * PROBE_MAX_CELLS is tried on the first ones only, so lint may miss a finding there but
 * never invents one. */
#ifndef AUDITSIM_LINT_PROBE_H
#define AUDITSIM_LINT_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "checker.h"
#include "policy.h"

#define PROBE_MAX_CELLS 4096

/* The rules of a policy filed by the users they list (and those that list none), so a
 * request is decided by walking only the rules that can match its user: the same
 * decision as evaluate_policy_rule, since a rule that lists users without the request's
 * fails the checker's rule_matches_user, in O(rules for that user) instead of O(rules).
 * Building costs O(users listed). */
typedef struct probe_index probe_index;

/* p (validated) must outlive the index. */
probe_index *probe_index_new(const policy *p);
void probe_index_free(probe_index *x);

/* evaluate_policy_rule through the index (omit_managed_fields is left false: the lints
 * do not need it). r must have a user. */
audit_decision probe_decide(const probe_index *x, const request_attrs *r);

/* A request as sent: "GET" and a URL; its namespace and name (when it has them) are
 * replaced by each value tried. */
typedef struct {
	const char *method;
	const char *url;
} wire_request;

/* Whether two decisions write the same events for the request at hand. */
typedef bool (*decisions_alike_fn)(audit_decision a, audit_decision b);

/* True when rules[index] decides `req` for some user, group, namespace and name it lists
 * (or a placeholder). With `then` set, that same sender's `then` request must also not
 * match the rule and get a decision from the rules around it that `alike` says writes
 * other events; *then_decision receives it (it may be NULL). Costs, per combination
 * tried, one match of the rule and, when it matches, up to two walks of the rules for
 * that user; nothing stays allocated. */
bool probe_rule_decides(const probe_index *x, size_t index, const wire_request *req,
                        const wire_request *then, decisions_alike_fn alike,
                        audit_decision *then_decision);

#endif
