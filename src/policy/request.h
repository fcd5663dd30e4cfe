/* request: the attributes an audit policy sees for one request (kube-apiserver's
 * authorizer.Attributes as used by the policy checker). All strings are spans borrowed
 * from whoever built the request (an event reader's buffers, a scenario, a URL parser). */
#ifndef AUDITSIM_REQUEST_H
#define AUDITSIM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

typedef struct {
	/* false for requests that failed authentication (or never reached it): rules with
	 * users or userGroups never match them. */
	bool has_user;
	span user_name;
	const span *groups;
	size_t group_count;

	span verb; /* the Kubernetes verb: get, list, watch, create, ... or a lowercase method */

	bool is_resource;
	/* resource requests */
	span api_group; /* "" for the core group */
	span api_version;
	span resource;
	span subresource;
	span namespace_; /* "" for cluster-scoped and all-namespace requests */
	span name;
	/* non-resource requests: the percent-decoded path without the query */
	span path;
} request_attrs;

#endif
