/* security_category: which security-relevant kinds of request a request is — the ones an
 * auditor asks a policy about ("does it log every secret read, and at which level?").
 * A request may be of several (an anonymous secret read is both) or of none.
 *
 *   secret reads       get, list, watch of secrets (core group)
 *   secret writes      create, update, patch, delete, deletecollection of secrets
 *   RBAC changes       those writes to roles, rolebindings, clusterroles and
 *                      clusterrolebindings in rbac.authorization.k8s.io
 *   exec/attach/pf     pods/exec, pods/attach, pods/portforward, any verb
 *   token requests     create of serviceaccounts/token
 *   pod creation       create of pods (not of a pods subresource such as eviction)
 *   CRD changes        writes to customresourcedefinitions in apiextensions.k8s.io; not
 *                      to their status subresource, which kube-apiserver's own CRD
 *                      controllers update as bookkeeping
 *   anonymous          user system:anonymous or group system:unauthenticated
 *   failed authn       no user and response code 401: what kube-apiserver's
 *                      authentication failure handler records (semantics §5, §6)
 *
 * Pure functions over the request's attributes: no allocation, no state. */
#ifndef AUDITSIM_SECURITY_CATEGORY_H
#define AUDITSIM_SECURITY_CATEGORY_H

#include <stdint.h>

#include "policy.h"
#include "replay.h"
#include "request.h"

typedef enum {
	SECURITY_SECRET_READS = 0,
	SECURITY_SECRET_WRITES,
	SECURITY_RBAC_CHANGES,
	SECURITY_EXEC_ATTACH_PORTFORWARD,
	SECURITY_TOKEN_REQUESTS,
	SECURITY_POD_CREATION,
	SECURITY_CRD_CHANGES,
	SECURITY_ANONYMOUS,
	SECURITY_FAILED_AUTHENTICATION,
	SECURITY_CATEGORY_COUNT
} security_category;

/* A set of categories: bit (1u << category). */
typedef unsigned security_category_set;
#define SECURITY_BIT(c) (1u << (c))

/* The JSON and CSV name ("secretReads"), and the table's ("secret reads"). */
const char *security_category_key(security_category c);
const char *security_category_title(security_category c);

/* The categories of a request with attributes a and response_code (0 when unknown). */
security_category_set security_categories_of(const request_attrs *a, int response_code);

/* The same for a replayed request: its code is known as far as the policy's flow tells
 * (a failed authentication is a user-less 401, request_attrs.h's event_flow). */
security_category_set security_categories_of_request(const replay_request *req);

/* Requests of each category by the level one policy logs them at. */
typedef struct {
	uint64_t by_level[SECURITY_CATEGORY_COUNT][LEVEL_COUNT];
} security_tally;

/* Counts a request of the categories in set, logged at level. */
void security_tally_add(security_tally *t, security_category_set set, audit_level level);

/* Requests of category c, whatever their level. */
uint64_t security_tally_requests(const security_tally *t, security_category c);

#endif
