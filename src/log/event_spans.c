#include "event_spans.h"

static const size_t string_span_offsets[EVENT_STRING_SPANS] = {
	offsetof(audit_event, kind), offsetof(audit_event, api_version),
	offsetof(audit_event, level), offsetof(audit_event, audit_id),
	offsetof(audit_event, stage), offsetof(audit_event, request_uri),
	offsetof(audit_event, verb), offsetof(audit_event, user_name),
	offsetof(audit_event, object_resource), offsetof(audit_event, object_namespace),
	offsetof(audit_event, object_name), offsetof(audit_event, object_api_group),
	offsetof(audit_event, object_api_version), offsetof(audit_event, object_subresource),
	offsetof(audit_event, response_message), offsetof(audit_event, request_received_timestamp),
	offsetof(audit_event, stage_timestamp), offsetof(audit_event, timestamp),
	offsetof(audit_event, raw_request_object), offsetof(audit_event, raw_response_object),
	offsetof(audit_event, raw_annotations),
};

span *event_string_span(audit_event *ev, size_t i)
{
	return (span *)(void *)((char *)ev + string_span_offsets[i]);
}
