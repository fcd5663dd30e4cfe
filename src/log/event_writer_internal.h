/* event_writer_internal: what the event writer's two files share — the writer's state and
 * its appends (event_writer.c: the line, field by field) and the rebuilding of nested
 * objects member by member (event_writer_members.c: managedFields stripped, members
 * filtered). Private to those two files. */
#ifndef AUDITSIM_EVENT_WRITER_INTERNAL_H
#define AUDITSIM_EVENT_WRITER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "event_writer.h"
#include "span.h"
#include "xalloc.h"

/* The members kube-apiserver writes, in its order, plus the v1beta1 `timestamp` that
 * stands in for missing v1 timestamps. */
enum {
	F_AUDIT_ID,
	F_REQUEST_URI,
	F_VERB,
	F_USER,
	F_IMPERSONATED_USER,
	F_AUTHENTICATION_METADATA,
	F_SOURCE_IPS,
	F_USER_AGENT,
	F_OBJECT_REF,
	F_RESPONSE_STATUS,
	F_REQUEST_OBJECT,
	F_RESPONSE_OBJECT,
	F_REQUEST_RECEIVED_TIMESTAMP,
	F_STAGE_TIMESTAMP,
	F_ANNOTATIONS,
	F_TIMESTAMP,
	F_COUNT
};

#define WRITER_NEST_MAX 6

struct event_writer {
	char *buf;
	size_t len; /* of the line so far, also in counting mode */
	size_t cap;
	bool counting; /* len grows, buf is left alone */
	bool built;    /* buf holds the last line */
	size_t max_depth;
	unsigned char *stacks[WRITER_NEST_MAX];
	span fields[F_COUNT];
};

/* What happens to a member's value when an object is rebuilt. Bodies nest at most four
 * deep here (list, items, item, metadata), and each depth has its own scanner stack, as
 * a scanner's stack must not change under it while an outer object is being iterated. */
typedef enum {
	MEMBER_KEEP,
	MEMBER_DROP,
	MEMBER_STRIP_METADATA, /* an object's metadata: without managedFields */
	MEMBER_STRIP_ITEMS,    /* a list's items: each item's metadata */
	MEMBER_STRIP_ROWS,     /* a Table's rows: each row's object's metadata */
	MEMBER_STRIP_OBJECT,   /* a row's object */
} member_action;

typedef member_action (*member_filter)(span key, const void *ctx);

/* Appends in place, or in counting mode only counts: inline, as the hot path calls them
 * for every token. */
static inline void writer_reserve(event_writer *w, size_t extra)
{
	if (w->counting || w->len + extra <= w->cap)
		return;
	while (w->len + extra > w->cap)
		w->cap *= 2;
	w->buf = xreallocarray(w->buf, w->cap, 1);
}

static inline void writer_append(event_writer *w, const char *p, size_t n)
{
	if (!w->counting) {
		writer_reserve(w, n);
		memcpy(w->buf + w->len, p, n);
	}
	w->len += n;
}

/* A validated JSON value without the whitespace between tokens (event_writer.c). */
void writer_append_value(event_writer *w, span v);

/* The members of obj that filter keeps, as a JSON object; returns how many, or -1 when
 * obj is not an object (event_writer_members.c). */
long writer_copy_object(event_writer *w, span obj, member_filter filter, const void *ctx, int nest);
/* value, with what action says stripped from it. */
void writer_copy_stripped(event_writer *w, span value, member_action action, int nest);

#endif
