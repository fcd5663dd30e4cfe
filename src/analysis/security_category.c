/* security_category: a request's security-relevant kinds, from its attributes. */
#include "security_category.h"

#include <stdbool.h>

#include "stages.h"

#define RBAC_GROUP "rbac.authorization.k8s.io"
#define CRD_GROUP "apiextensions.k8s.io"
#define UNAUTHORIZED 401

static const struct {
	const char *key, *title;
} names[SECURITY_CATEGORY_COUNT] = {
	[SECURITY_SECRET_READS] = { "secretReads", "secret reads" },
	[SECURITY_SECRET_WRITES] = { "secretWrites", "secret writes" },
	[SECURITY_RBAC_CHANGES] = { "rbacChanges", "RBAC changes" },
	[SECURITY_EXEC_ATTACH_PORTFORWARD] = { "execAttachPortforward", "exec/attach/portforward" },
	[SECURITY_TOKEN_REQUESTS] = { "tokenRequests", "token requests" },
	[SECURITY_POD_CREATION] = { "podCreation", "pod creation" },
	[SECURITY_CRD_CHANGES] = { "crdChanges", "CRD changes" },
	[SECURITY_ANONYMOUS] = { "anonymous", "anonymous" },
	[SECURITY_FAILED_AUTHENTICATION] = { "failedAuthentication", "failed authentication" },
};

const char *security_category_key(security_category c) { return names[c].key; }

const char *security_category_title(security_category c) { return names[c].title; }

static bool is_read(span verb)
{
	return span_eq(verb, "get") || span_eq(verb, "list") || span_eq(verb, "watch");
}

/* The verbs that change an object (authorization's write verbs less the RBAC-only
 * escalate, bind and impersonate, which are never a request's verb). */
static bool is_write(span verb)
{
	return span_eq(verb, "create") || span_eq(verb, "update") || span_eq(verb, "patch") ||
	       span_eq(verb, "delete") || span_eq(verb, "deletecollection");
}

/* A request for the object itself (no subresource) of resource in group. */
static bool is_object_of(const request_attrs *a, const char *group, const char *resource)
{
	return a->is_resource && span_eq(a->api_group, group) && span_eq(a->resource, resource) &&
	       a->subresource.len == 0;
}

static bool is_subresource_of(const request_attrs *a, const char *resource, const char *sub)
{
	return a->is_resource && a->api_group.len == 0 && span_eq(a->resource, resource) &&
	       span_eq(a->subresource, sub);
}

static bool is_rbac_object(const request_attrs *a)
{
	return is_object_of(a, RBAC_GROUP, "roles") || is_object_of(a, RBAC_GROUP, "rolebindings") ||
	       is_object_of(a, RBAC_GROUP, "clusterroles") ||
	       is_object_of(a, RBAC_GROUP, "clusterrolebindings");
}

static bool is_pod_connection(const request_attrs *a)
{
	return is_subresource_of(a, "pods", "exec") || is_subresource_of(a, "pods", "attach") ||
	       is_subresource_of(a, "pods", "portforward");
}

static bool is_anonymous(const request_attrs *a)
{
	if (!a->has_user)
		return false;
	if (span_eq(a->user_name, "system:anonymous"))
		return true;
	for (size_t i = 0; i < a->group_count; i++) {
		if (span_eq(a->groups[i], "system:unauthenticated"))
			return true;
	}
	return false;
}

/* The category bit when test holds, else none. */
static security_category_set bit_if(bool test, security_category c)
{
	return test ? SECURITY_BIT(c) : 0;
}

security_category_set security_categories_of(const request_attrs *a, int response_code)
{
	bool secret = is_object_of(a, "", "secrets");
	return bit_if(secret && is_read(a->verb), SECURITY_SECRET_READS) |
	       bit_if(secret && is_write(a->verb), SECURITY_SECRET_WRITES) |
	       bit_if(is_rbac_object(a) && is_write(a->verb), SECURITY_RBAC_CHANGES) |
	       bit_if(is_pod_connection(a), SECURITY_EXEC_ATTACH_PORTFORWARD) |
	       bit_if(is_subresource_of(a, "serviceaccounts", "token") && span_eq(a->verb, "create"),
	              SECURITY_TOKEN_REQUESTS) |
	       bit_if(is_object_of(a, "", "pods") && span_eq(a->verb, "create"), SECURITY_POD_CREATION) |
	       bit_if(is_object_of(a, CRD_GROUP, "customresourcedefinitions") && is_write(a->verb),
	              SECURITY_CRD_CHANGES) |
	       bit_if(is_anonymous(a), SECURITY_ANONYMOUS) |
	       bit_if(!a->has_user && response_code == UNAUTHORIZED, SECURITY_FAILED_AUTHENTICATION);
}

security_category_set security_categories_of_request(const replay_request *req)
{
	return security_categories_of(&req->attrs,
	                              req->flow == FLOW_AUTHN_FAILED ? UNAUTHORIZED : 0);
}

void security_tally_add(security_tally *t, security_category_set set, audit_level level)
{
	for (int c = 0; c < SECURITY_CATEGORY_COUNT; c++) {
		if (set & SECURITY_BIT(c))
			t->by_level[c][level]++;
	}
}

uint64_t security_tally_requests(const security_tally *t, security_category c)
{
	uint64_t n = 0;
	for (int l = 0; l < LEVEL_COUNT; l++)
		n += t->by_level[c][l];
	return n;
}
