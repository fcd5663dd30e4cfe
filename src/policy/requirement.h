/* requirement: what an audit log must hold, as `auditsim suggest` reads it. A requirement
 * is a selector in the Policy's own rule language (users, userGroups, verbs, resources,
 * namespaces, nonResourceURLs: decoded and validated by the policy layer, so the same
 * fields mean the same requests) with a floor and a ceiling level:
 *
 *   apiVersion: auditsim/v1          # optional
 *   kind: AuditRequirements          # optional
 *   requirements:
 *   - why: RBAC changes: who gave whom which rights
 *     verbs: [create, update, patch, delete, deletecollection]
 *     resources: [{group: rbac.authorization.k8s.io}]
 *     atLeast: RequestResponse       # floor (default None)
 *     atMost: RequestResponse        # ceiling (default RequestResponse)
 *     stages: [ResponseStarted]      # stages the log must keep (default: none)
 *     except:                        # requests of these selectors are not concerned
 *     - nonResourceURLs: ["/healthz*"]
 *
 * A request is concerned by a requirement when it matches the selector and none of its
 * `except` selectors (both by the checker's rule_matches). A request concerned by several
 * must be logged at a level within all their bounds at once. Several files add up: the
 * set is the union of their requirements, each remembering its file and line. */
#ifndef AUDITSIM_REQUIREMENT_H
#define AUDITSIM_REQUIREMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "kube_version.h"
#include "policy.h"
#include "policy_loader.h"
#include "request.h"

typedef struct {
	policy_rule selector;   /* validated, level None */
	policy_rule *except;    /* validated, level None */
	size_t except_count;
	audit_level floor;      /* atLeast */
	audit_level ceiling;    /* atMost */
	stage_set stages;       /* stages that must not be omitted */
	char *why;              /* "" when absent */
	char *file;             /* the file it came from, for messages */
	source_pos pos;         /* its list entry */
} requirement;

typedef struct {
	requirement *items;
	size_t count;
} requirement_set;

void requirement_set_init(requirement_set *set);
void requirement_set_free(requirement_set *set);

/* Decodes and validates the requirements in data (YAML or JSON, as a policy file is read)
 * for kube-apiserver `version` (group "*" needs 1.36) and appends them to set. Errors go
 * to diags as "file:line:col: error: requirements[2].atLeast: …"; on LOAD_INVALID
 * nothing is appended. name is each requirement's `file`. */
load_result requirement_load_buffer(const char *name, const char *data, size_t len,
                                    kube_version version, requirement_set *set,
                                    diag_list *diags);

/* The same for a file; LOAD_IO_ERROR when it cannot be read. */
load_result requirement_load_file(const char *path, kube_version version, requirement_set *set,
                                  diag_list *diags);

/* Frees what a selector (a policy_rule outside a policy) holds. */
void selector_free(policy_rule *rule);

/* Whether r is concerned by req: the selector matches and no except does. */
bool requirement_concerns(const requirement *req, const request_attrs *r);

#endif
