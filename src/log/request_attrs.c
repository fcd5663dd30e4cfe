#include "request_attrs.h"

#include <string.h>

static const char invalid_timeout_message[] = "invalid timeout specified in the request URL";

/* kube-apiserver always has a user after authentication; an empty user object is what
 * the log shows for requests that never had one. */
static bool event_has_user(const audit_event *ev)
{
	return ev->has_user && (ev->user_name.len > 0 || ev->user_group_count > 0);
}

request_flow event_flow(const audit_event *ev)
{
	if (span_eq(ev->stage, "Panic"))
		return FLOW_PANIC;
	if (!span_eq(ev->stage, "ResponseStarted") || event_has_user(ev))
		return FLOW_NORMAL;
	if (ev->response_code == 401)
		return FLOW_AUTHN_FAILED;
	if (ev->response_code == 400 &&
	    span_starts_with(ev->response_message, invalid_timeout_message,
	                     sizeof invalid_timeout_message - 1))
		return FLOW_INVALID_TIMEOUT;
	return FLOW_NORMAL;
}

static span path_without_query(span uri)
{
	const char *q = uri.ptr ? memchr(uri.ptr, '?', uri.len) : NULL;
	return (span){ uri.ptr, q ? (size_t)(q - uri.ptr) : uri.len };
}

static void fill_user(const audit_event *ev, request_attrs *out)
{
	out->has_user = event_has_user(ev);
	out->user_name = ev->user_name;
	out->groups = ev->user_groups;
	out->group_count = ev->user_group_count;
}

/* The objectRef as logged, with the name the policy could not have seen removed: a
 * create's name comes from its body (§7.2). */
static void fill_from_object_ref(const audit_event *ev, request_attrs *out)
{
	out->api_group = ev->object_api_group;
	out->api_version = ev->object_api_version;
	out->resource = ev->object_resource;
	out->subresource = ev->object_subresource;
	out->namespace_ = ev->object_namespace;
	out->name = span_eq(ev->verb, "create") ? (span){ "", 0 } : ev->object_name;
}

void request_attrs_from_event(const audit_event *ev, kube_version version, request_attrs *out,
                              request_info_scratch *scratch)
{
	memset(out, 0, sizeof *out);
	bool is_resource = ev->has_object_ref;
	const char *method = method_for_verb(ev->verb, is_resource);
	request_attrs parsed;
	memset(&parsed, 0, sizeof parsed);
	bool parsed_ok = method && ev->request_uri.ptr &&
	                 request_info_parse_for(span_of(method), ev->request_uri, version, &parsed, scratch);

	fill_user(ev, out);
	out->verb = ev->verb;
	out->is_resource = is_resource;
	if (!is_resource) {
		out->path = parsed_ok && !parsed.is_resource ? parsed.path
		                                             : path_without_query(ev->request_uri);
		return;
	}
	fill_from_object_ref(ev, out);
	/* The URL is what the policy saw: it carries the field-selector name of a list and no
	 * name for a create, where objectRef has been filled in from the body. */
	if (parsed_ok && parsed.is_resource) {
		out->namespace_ = parsed.namespace_;
		out->name = parsed.name;
	}
}
