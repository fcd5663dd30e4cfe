/* Whether two audit events hold the same values, field by field: for checks that one way of
 * reading a log (the event pipe) gives what another (the reader) gives. Shared by the unit
 * tests and the fuzz targets. */
#ifndef AUDITSIM_EVENT_COMPARE_H
#define AUDITSIM_EVENT_COMPARE_H

#include <stdbool.h>
#include <string.h>

#include "event.h"
#include "event_reader.h"

/* The same bytes, and both absent or both present. */
static inline bool event_compare_span(span a, span b)
{
	return (a.ptr == NULL) == (b.ptr == NULL) && span_eq_span(a, b);
}

/* NULL when a and b hold the same event, else the name of the first field that differs.
 * Reads every byte of both (a span outside its buffer shows up under the sanitizers). */
static inline const char *event_difference(const audit_event *a, const audit_event *b)
{
	if (strcmp(a->file, b->file) != 0 || a->line != b->line)
		return "file:line";
	const struct {
		const char *name;
		span a, b;
	} spans[] = {
		{ "raw", a->raw, b->raw },
		{ "kind", a->kind, b->kind },
		{ "apiVersion", a->api_version, b->api_version },
		{ "level", a->level, b->level },
		{ "auditID", a->audit_id, b->audit_id },
		{ "stage", a->stage, b->stage },
		{ "requestURI", a->request_uri, b->request_uri },
		{ "verb", a->verb, b->verb },
		{ "user.username", a->user_name, b->user_name },
		{ "objectRef.resource", a->object_resource, b->object_resource },
		{ "objectRef.namespace", a->object_namespace, b->object_namespace },
		{ "objectRef.name", a->object_name, b->object_name },
		{ "objectRef.apiGroup", a->object_api_group, b->object_api_group },
		{ "objectRef.apiVersion", a->object_api_version, b->object_api_version },
		{ "objectRef.subresource", a->object_subresource, b->object_subresource },
		{ "responseStatus.message", a->response_message, b->response_message },
		{ "requestReceivedTimestamp", a->request_received_timestamp,
		  b->request_received_timestamp },
		{ "stageTimestamp", a->stage_timestamp, b->stage_timestamp },
		{ "timestamp", a->timestamp, b->timestamp },
		{ "requestObject", a->raw_request_object, b->raw_request_object },
		{ "responseObject", a->raw_response_object, b->raw_response_object },
		{ "annotations", a->raw_annotations, b->raw_annotations },
	};
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
		if (!event_compare_span(spans[i].a, spans[i].b))
			return spans[i].name;
	if (a->has_user != b->has_user || a->has_impersonated_user != b->has_impersonated_user ||
	    a->has_object_ref != b->has_object_ref || a->response_code != b->response_code)
		return "a flag or responseStatus.code";
	if (a->member_count != b->member_count)
		return "member count";
	for (size_t i = 0; i < a->member_count; i++)
		if (!event_compare_span(a->members[i].key, b->members[i].key) ||
		    !event_compare_span(a->members[i].value, b->members[i].value))
			return "a member";
	if (a->user_group_count != b->user_group_count)
		return "group count";
	for (size_t i = 0; i < a->user_group_count; i++)
		if (!event_compare_span(a->user_groups[i], b->user_groups[i]))
			return "a group";
	return NULL;
}

/* NULL when two reads gave the same status and message (and event, for EVENT_READ_EVENT),
 * else what differs. */
static inline const char *read_difference(event_read_status sa, const audit_event *a,
                                          const char *ma, event_read_status sb,
                                          const audit_event *b, const char *mb)
{
	if (sa != sb)
		return "status";
	if ((ma == NULL) != (mb == NULL) || (ma && strcmp(ma, mb) != 0))
		return "message";
	return sa == EVENT_READ_EVENT ? event_difference(a, b) : NULL;
}

#endif
