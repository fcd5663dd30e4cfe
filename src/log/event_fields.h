/* event_fields: turns one JSON object into an audit_event — picks the fields the simulator
 * uses, checks their types and values, decodes their strings. Internal to the event reader,
 * which handles buffering, framing and wrappers; this module sees one complete object.
 *
 * Go's encoding/json is the model: the last of duplicate keys wins, a second object for the
 * same key merges into the first, and null leaves a field as it was. Decoded strings with
 * no escapes and only ASCII are the input bytes themselves; the others are decoded into an
 * arena that is reused from event to event, so the steady state does not allocate. */
#ifndef AUDITSIM_EVENT_FIELDS_H
#define AUDITSIM_EVENT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"
#include "json_scan.h"

typedef enum {
	FIELD_KIND,
	FIELD_API_VERSION,
	FIELD_LEVEL,
	FIELD_AUDIT_ID,
	FIELD_STAGE,
	FIELD_REQUEST_URI,
	FIELD_VERB,
	FIELD_REQUEST_RECEIVED_TIMESTAMP,
	FIELD_STAGE_TIMESTAMP,
	FIELD_TIMESTAMP,
	FIELD_USER_NAME,
	FIELD_OBJECT_RESOURCE,
	FIELD_OBJECT_NAMESPACE,
	FIELD_OBJECT_NAME,
	FIELD_OBJECT_API_GROUP,
	FIELD_OBJECT_API_VERSION,
	FIELD_OBJECT_SUBRESOURCE,
	FIELD_RESPONSE_MESSAGE,
	FIELD_COUNT
} field_id;

typedef struct arena_block arena_block;

typedef struct {
	/* decoded string fields */
	span strings[FIELD_COUNT];
	span *groups;
	size_t group_count, group_cap;
	event_member *members;
	size_t member_count, member_cap;
	bool has_user, has_impersonated_user, has_object_ref, has_proto_payload;
	long long response_code;
	span request_object, response_object, annotations;
	/* an Azure diagnostics row: the event, as a string or an object */
	span azure_log;
	const char *azure_log_field; /* "properties.log" or "log_s" */
	span azure_category;         /* raw value of "category" or "Category" */
	bool has_problem;
	char problem[320]; /* the first thing wrong, "user.groups[2]: expected a string, …" */
	arena_block *arena_head, *arena_cur;
	size_t next_guess; /* the top-level key expected next (see event_fields_next_key) */
	size_t slot;       /* the last key read: its slot among the known members, */
	span key;          /* and its text decoded */
} event_fields;

void event_fields_init(event_fields *f);
void event_fields_free(event_fields *f);

/* Forgets the previous event (keeps the memory). */
void event_fields_begin(event_fields *f);

/* Reads the next top-level key as json_object_next_key does (*key is its raw body),
 * guessing it from the order in which kube-apiserver writes an Event's fields; a known
 * key's slot then says at once what to do with its value. */
json_status event_fields_next_key(event_fields *f, json_scanner *s, json_iter *it, span *key);

/* Consumes the value, at it->pos, of the member whose key was read last. */
json_status event_fields_member(event_fields *f, json_scanner *s, json_iter *it);

/* Reads a whole object at p (inside `depth` containers) member by member; *end is past it. */
json_status event_fields_object(event_fields *f, json_scanner *s, const char *p, size_t depth,
                                const char **end);

/* True when the object was an Azure diagnostics row that carries the event in azure_log. */
bool event_fields_is_azure_row(const event_fields *f);

/* For an Azure diagnostic record of a category other than kube-audit and kube-audit-admin
 * (kube-apiserver, guard, cluster-autoscaler, …: not audit events, and normal in an
 * export), the category's name as written inside its quotes; else an empty span. A record
 * that has an auditID or a kind is taken for an event whatever its category. */
span event_fields_other_azure_category(const event_fields *f);

/* Checks the event and fills *out (all but file, line and raw). Returns false with
 * f->problem set when the record is not a valid audit event. */
bool event_fields_finish(event_fields *f, audit_event *out);

#endif
