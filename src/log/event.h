/* event: one recorded audit event (audit.k8s.io/v1 or v1beta1 Event) as spans.
 * Filled by the event reader without building a DOM: decoded strings point into the
 * reader's arena (or, when they needed no unescaping, straight into the input buffer), raw
 * spans into the reader's input buffer. Everything is valid until the next
 * event_reader_next() call on the same reader. */
#ifndef AUDITSIM_EVENT_H
#define AUDITSIM_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

/* One top-level member of the event object, in input order. */
typedef struct {
	span key;   /* decoded key */
	span value; /* raw JSON text of the value, exactly as in the input */
} event_member;

typedef struct {
	/* where it came from */
	const char *file;   /* as given to the reader ("-" for stdin) */
	size_t line;        /* 1-based line where the event starts */
	span raw;           /* the raw JSON text of the whole event object */
	/* raw is not a recorded line but rebuilt from a Log Analytics row's columns
	 * (aks_rows.h): key order, number formatting and escapes are a model */
	bool raw_rebuilt;
	/* the row held the body as "skipped-too-big-size-object": recorded, size unknown */
	bool request_object_skipped, response_object_skipped;

	/* every top-level member, in input order (for writers that re-emit fields) */
	const event_member *members;
	size_t member_count;

	/* decoded (unescaped) strings; absent fields are {NULL, 0} */
	span kind;
	span api_version;
	span level;
	span audit_id;
	span stage;
	span request_uri;
	span verb;

	bool has_user;          /* "user" present and an object */
	span user_name;         /* user.username */
	const span *user_groups; /* user.groups */
	size_t user_group_count;
	bool has_impersonated_user;

	bool has_object_ref;    /* "objectRef" present and an object */
	span object_resource;
	span object_namespace;
	span object_name;
	span object_api_group;
	span object_api_version;
	span object_subresource;

	int response_code;      /* responseStatus.code; 0 when absent */
	span response_message; /* responseStatus.message */

	span request_received_timestamp; /* v1; v1beta1 events may only have `timestamp` */
	span stage_timestamp;
	span timestamp;                   /* v1beta1 */

	/* raw JSON values; {NULL,0} when absent */
	span raw_request_object;
	span raw_response_object;
	span raw_annotations;
} audit_event;

#endif
