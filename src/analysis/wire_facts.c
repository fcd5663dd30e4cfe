/* wire_facts: the tables behind the wire lints and their LOG tally. */
#include "wire_facts.h"

#include <string.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const REQUEST_BODY_VERBS[] = { "create", "update", "patch" };
const char *const RESPONSE_BODY_VERBS[] = { "get",   "list",   "create",          "update",
	                                    "patch", "delete", "deletecollection" };
const size_t RESPONSE_BODY_VERB_COUNT = COUNT_OF(RESPONSE_BODY_VERBS);

const coverage_target NOISY_TARGETS[] = {
	{ "", "events", "" },
	{ "events.k8s.io", "events", "" },
	{ "coordination.k8s.io", "leases", "" },
};
const size_t NOISY_TARGET_COUNT = COUNT_OF(NOISY_TARGETS);

/* kube-versions.md §9.1: exec, attach and cp default to WebSocket from kubectl 1.30,
 * port-forward from 1.31 (each opt-in one release earlier). */
const websocket_stream WEBSOCKET_STREAMS[] = {
	{ "exec", "exec and cp", "1.30",
	  "/api/v1/namespaces/x/pods/p/exec?command=sh&stdin=true&stdout=true&tty=true" },
	{ "attach", "attach", "1.30", "/api/v1/namespaces/x/pods/p/attach?stdin=true&stdout=true" },
	{ "portforward", "port-forward", "1.31", "/api/v1/namespaces/x/pods/p/portforward?ports=8080" },
};
const size_t WEBSOCKET_STREAM_COUNT = COUNT_OF(WEBSOCKET_STREAMS);

static bool is_stream(const char *subresource)
{
	static const char *const streams[] = { "exec", "attach", "portforward", "proxy", "log" };
	for (size_t i = 0; i < COUNT_OF(streams); i++) {
		if (strcmp(subresource, streams[i]) == 0)
			return true;
	}
	return false;
}

static bool is_token_request(const coverage_target *t)
{
	return !*t->group && strcmp(t->resource, "serviceaccounts") == 0 &&
	       strcmp(t->subresource, "token") == 0;
}

size_t credential_body_verbs(audit_level level, const coverage_target *t,
                             const char *const **verbs)
{
	*verbs = NULL;
	if (level < LEVEL_REQUEST || is_stream(t->subresource))
		return 0;
	if (level == LEVEL_REQUEST_RESPONSE) {
		*verbs = RESPONSE_BODY_VERBS;
		return RESPONSE_BODY_VERB_COUNT;
	}
	if (is_token_request(t))
		return 0;
	*verbs = REQUEST_BODY_VERBS;
	return COUNT_OF(REQUEST_BODY_VERBS);
}

const char *credential_note(const coverage_target *t)
{
	if (is_token_request(t))
		return "the response holds the issued token";
	if (strcmp(t->group, "authentication.k8s.io") == 0 && strcmp(t->resource, "tokenreviews") == 0 &&
	    !*t->subresource)
		return "spec.token is a bearer token";
	return NULL;
}

bool request_is_for(const request_attrs *r, const coverage_target *t)
{
	return r->is_resource && span_eq(r->api_group, t->group) && span_eq(r->resource, t->resource) &&
	       span_eq(r->subresource, t->subresource);
}

bool stream_decisions_alike(audit_decision a, audit_decision b)
{
	if (a.level == LEVEL_NONE || b.level == LEVEL_NONE)
		return a.level == b.level;
	return a.omit_stages == b.omit_stages;
}

int websocket_stream_of(const request_attrs *r)
{
	if (!r->is_resource || r->api_group.len > 0 || !span_eq(r->resource, "pods"))
		return -1;
	for (size_t i = 0; i < WEBSOCKET_STREAM_COUNT; i++) {
		if (span_eq(r->subresource, WEBSOCKET_STREAMS[i].subresource))
			return (int)i;
	}
	return -1;
}

bool verb_is_one_of(const request_attrs *r, const char *const *verbs, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (span_eq(r->verb, verbs[i]))
			return true;
	}
	return false;
}
