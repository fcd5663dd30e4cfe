/* event_writer: writes the JSON line kube-apiserver's log backend writes for one stage of
 * one request, built from a recorded event of that request (semantics §7–§8).
 *
 * Fields come out in kube-apiserver's order with apiVersion audit.k8s.io/v1; every value is
 * a copy of the recorded bytes (insignificant whitespace dropped, strings never re-escaped),
 * except `level` and `stage`, which come from the new decision, and timestamps, which are
 * put in the six-digit form. Only what the level and stage carry is written; managedFields
 * are cut out of bodies as a span operation. The same writer serves `emit` (to a file) and
 * the byte counts of `replay` (count only), so the two cannot disagree. */
#ifndef AUDITSIM_EVENT_WRITER_H
#define AUDITSIM_EVENT_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "kube_version.h"
#include "policy.h"
#include "request.h"

/* Where written lines go: a FILE, or nowhere (file NULL) when only bytes are counted.
 * `tap`, when set, sees every line too (the volume report compresses a sample of them).
 * Without a file, a line is built only if tap_needs (NULL: always) says the tap needs
 * its len bytes; otherwise the tap gets line NULL and only the length, so that it can
 * keep its offset. */
typedef struct {
	FILE *file;
	uint64_t bytes; /* everything handed to the sink, newlines included */
	uint64_t lines;
	bool failed;    /* a write to file failed */
	void (*tap)(const char *line, size_t len, void *ctx);
	bool (*tap_needs)(size_t len, void *ctx);
	void *tap_ctx;
} byte_sink;

typedef struct {
	audit_level level; /* Metadata or above */
	audit_stage stage;
	bool omit_managed_fields;
	/* The recorded event is another stage than the one written: RequestReceived then
	 * loses responseStatus, impersonatedUser, bodies, the objectRef fields filled later
	 * (§7.2) and every annotation but authentication's; ResponseStarted loses bodies and
	 * latency annotations. */
	bool synthesised;
	/* The URL's attributes, so a synthesised RequestReceived keeps only the objectRef
	 * name and namespace the URL gave; NULL keeps them as recorded. */
	const request_attrs *url_attrs;
	/* The kube-apiserver that writes (0: the newest): an older one leaves out the
	 * annotations added after it (annotation_since.h) and, before 1.35,
	 * authenticationMetadata. Nothing is added to a recording made by an older one. */
	kube_version kube_version;
} emit_spec;

typedef struct {
	size_t bytes;                 /* the line, newline included */
	size_t request_object_bytes;  /* `,"requestObject":…` as written; 0 when absent */
	size_t response_object_bytes; /* `,"responseObject":…` as written */
} emit_result;

typedef struct event_writer event_writer;

/* max_depth bounds the JSON nesting of bodies (0: the reader's default). Free with
 * event_writer_free. */
event_writer *event_writer_new(size_t max_depth);
void event_writer_free(event_writer *w);

/* Writes the line for spec's stage of the request ev belongs to, from ev, into sink.
 * Cost: one pass over ev's bytes (two for a line the sink's tap needs but no file takes);
 * no allocation once the line buffer has grown. */
emit_result event_writer_write(event_writer *w, const audit_event *ev, const emit_spec *spec,
                               byte_sink *sink);

/* What event_writer_write would write, measured without building the line (the same
 * code counts instead of copying). */
emit_result event_writer_measure(event_writer *w, const audit_event *ev, const emit_spec *spec);

/* The line last built (without its newline), empty when the last call only measured it;
 * valid until the next call. */
span event_writer_line(const event_writer *w);

/* §7.3: whether a request recorded as ev can carry a requestObject (create, update,
 * patch, delete, deletecollection of a resource) or a responseObject (resource requests
 * other than watch and the streaming subresources). */
bool event_request_body_applies(const audit_event *ev);
bool event_response_body_applies(const audit_event *ev);

#endif
