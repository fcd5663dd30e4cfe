/* explain_event: which fields an Event carries for a request at a level and stage, from
 * §7 of the semantics (pkg/audit/request.go, context.go, the handlers). */
#include "explain.h"

#include <string.h>

static bool verb_is(const request_attrs *r, const char *verb) { return span_eq(r->verb, verb); }

/* exec, attach, portforward and proxy hijack or stream the connection: no bodies. */
static bool is_connect(const request_attrs *r)
{
	static const char *const subresources[] = { "exec", "attach", "portforward", "proxy" };
	if (verb_is(r, "proxy"))
		return true;
	for (size_t i = 0; i < sizeof subresources / sizeof subresources[0]; i++) {
		if (span_eq(r->subresource, subresources[i]))
			return true;
	}
	return false;
}

static event_field field(const char *name, field_presence presence, const char *why)
{
	return (event_field){ name, presence, why };
}

/* Absent whatever the request when the stage or flow rules it out. */
static const char *body_ruled_out(request_flow flow, audit_stage stage)
{
	if (flow == FLOW_AUTHN_FAILED || flow == FLOW_INVALID_TIMEOUT)
		return "the request was rejected before its body was read";
	if (stage == STAGE_REQUEST_RECEIVED)
		return "never at RequestReceived: the body is read later";
	if (stage == STAGE_RESPONSE_STARTED)
		return "not at ResponseStarted for this request";
	return NULL;
}

static event_field request_object(const request_attrs *r, request_flow flow, audit_level level,
                                  audit_stage stage, bool omit_managed_fields)
{
	static const char name[] = "requestObject";
	const char *ruled_out = body_ruled_out(flow, stage);
	if (level < LEVEL_REQUEST)
		return field(name, FIELD_ABSENT, "needs level Request or RequestResponse");
	if (!r->is_resource)
		return field(name, FIELD_ABSENT, "non-resource requests never log bodies");
	if (ruled_out)
		return field(name, FIELD_ABSENT, ruled_out);
	if (is_connect(r))
		return field(name, FIELD_ABSENT, "exec, attach, portforward and proxy have no body");
	if (verb_is(r, "patch"))
		return field(name, FIELD_PRESENT, "the patch document as sent (managedFields are "
		                                  "never removed from patches)");
	if (verb_is(r, "create") || verb_is(r, "update"))
		return field(name, FIELD_PRESENT,
		             omit_managed_fields ? "the object as sent, metadata.managedFields removed"
		                                 : "the object as sent");
	if (verb_is(r, "delete") || verb_is(r, "deletecollection"))
		return field(name, FIELD_SOMETIMES, "the DeleteOptions, when the client sent a body");
	return field(name, FIELD_ABSENT, "this verb sends no body");
}

static event_field response_object(const request_attrs *r, request_flow flow, audit_level level,
                                   audit_stage stage, bool omit_managed_fields)
{
	static const char name[] = "responseObject";
	if (level < LEVEL_REQUEST_RESPONSE)
		return field(name, FIELD_ABSENT, "needs level RequestResponse");
	if (!r->is_resource)
		return field(name, FIELD_ABSENT, "non-resource requests never log bodies");
	if (flow != FLOW_NORMAL)
		return field(name, FIELD_ABSENT, "no response object: the handler did not complete");
	if (stage != STAGE_RESPONSE_COMPLETE)
		return field(name, FIELD_ABSENT, "only at ResponseComplete");
	if (verb_is(r, "watch"))
		return field(name, FIELD_ABSENT, "a watch streams its response: not logged");
	if (is_connect(r) || span_eq(r->subresource, "log"))
		return field(name, FIELD_ABSENT, "streamed responses (log, exec, attach, "
		                                 "portforward, proxy) are not logged");
	if (verb_is(r, "list"))
		return field(name, FIELD_PRESENT,
		             omit_managed_fields ? "the whole list, each item without managedFields"
		                                 : "the whole list returned");
	return field(name, FIELD_PRESENT,
	             omit_managed_fields ? "the object returned (or the error Status), "
	                                   "managedFields removed"
	                                 : "the object returned (or the error Status)");
}

static event_field response_status(request_flow flow, audit_stage stage)
{
	static const char name[] = "responseStatus";
	if (stage == STAGE_REQUEST_RECEIVED)
		return field(name, FIELD_ABSENT, "not yet known at RequestReceived");
	switch (flow) {
	case FLOW_AUTHN_FAILED:
		return field(name, FIELD_PRESENT, "code 401, status Failure, reason Unauthorized");
	case FLOW_INVALID_TIMEOUT:
		return field(name, FIELD_PRESENT, "code 400, reason BadRequest (invalid timeout)");
	case FLOW_PANIC: return field(name, FIELD_PRESENT, "code 500, reason InternalError");
	case FLOW_NORMAL: break;
	}
	return field(name, FIELD_PRESENT, "the code; status, message and reason for errors");
}

void explain_event_fields(const request_attrs *r, request_flow flow, audit_level level,
                          audit_stage stage, bool omit_managed_fields,
                          event_field out[EVENT_FIELD_COUNT])
{
	bool received = stage == STAGE_REQUEST_RECEIVED;
	size_t n = 0;
	out[n++] = field("kind", FIELD_PRESENT, "Event");
	out[n++] = field("apiVersion", FIELD_PRESENT, "audit.k8s.io/v1");
	out[n++] = field("level", FIELD_PRESENT, "the level the policy decided");
	out[n++] = field("auditID", FIELD_PRESENT, "the client's Audit-ID header or a new UUID");
	out[n++] = field("stage", FIELD_PRESENT, "this stage");
	out[n++] = field("requestURI", FIELD_PRESENT, "path and query as sent");
	out[n++] = field("verb", FIELD_PRESENT, "the Kubernetes verb (the method for non-resource paths)");
	out[n++] = field("user", FIELD_PRESENT,
	                 r->has_user ? "username, uid, groups, extra of the authenticated user"
	                             : "{} : the request has no user");
	out[n++] = field("impersonatedUser", received ? FIELD_ABSENT : FIELD_SOMETIMES,
	                 received ? "never at RequestReceived" : "when the client impersonates");
	out[n++] = field("authenticationMetadata", FIELD_SOMETIMES,
	                 "only with constrained impersonation");
	out[n++] = field("sourceIPs", FIELD_PRESENT, "client addresses");
	out[n++] = field("userAgent", FIELD_SOMETIMES, "when the client sent one");
	out[n++] = field("objectRef", r->is_resource ? FIELD_PRESENT : FIELD_ABSENT,
	                 !r->is_resource ? "non-resource requests have none"
	                 : verb_is(r, "create") && !r->name.len && !received
	                         ? "resource, namespace, apiGroup, apiVersion, subresource; name "
	                           "filled in from the body"
	                         : "resource, namespace, name, apiGroup, apiVersion, subresource");
	out[n++] = response_status(flow, stage);
	out[n++] = request_object(r, flow, level, stage, omit_managed_fields);
	out[n++] = response_object(r, flow, level, stage, omit_managed_fields);
	out[n++] = field("requestReceivedTimestamp", FIELD_PRESENT, "when the request arrived");
	out[n++] = field("stageTimestamp", FIELD_PRESENT, "when this stage was written");
	out[n++] = field("annotations", FIELD_SOMETIMES,
	                 received ? "only those set before the audit filter"
	                          : "authorization decision and reason, admission, latency");
}
