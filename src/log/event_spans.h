/* event_spans: every string span an audit_event holds apart from `raw` (members and user
 * groups are arrays of their own), for the two places that keep events past the reader's
 * next call: the event pipe copies each event into a batch, block scanning keeps each
 * event in place in its block and copies only what lies outside it. */
#ifndef AUDITSIM_EVENT_SPANS_H
#define AUDITSIM_EVENT_SPANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define EVENT_STRING_SPANS ((size_t)21)

/* The i-th string span of ev (i < EVENT_STRING_SPANS); a table of offsets, not pointers
 * built per event: this runs for every event. */
span *event_string_span(audit_event *ev, size_t i);

/* Whether s lies within `region`: one unsigned compare per bound, since a pointer below
 * the region wraps to a huge offset. */
static inline bool span_within(span s, span region)
{
	uintptr_t off = (uintptr_t)s.ptr - (uintptr_t)region.ptr;
	return off <= region.len && s.len <= region.len - off;
}

/* Bytes a span needs when kept outside `region`: 0 for an absent one or one within it. */
static inline size_t span_bytes_outside(span s, span region)
{
	return s.ptr && !span_within(s, region) ? s.len : 0;
}

#endif
