/* span: a borrowed run of bytes (not NUL-terminated).
 * Spans point into memory owned by someone else (an input line, an arena, the policy);
 * they are valid only as long as that owner says. A NULL ptr with len 0 is "absent". */
#ifndef AUDITSIM_SPAN_H
#define AUDITSIM_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
	const char *ptr;
	size_t len;
} span;

static inline span span_of(const char *s) { return (span){ s, s ? strlen(s) : 0 }; }

/* True when the span holds exactly the bytes of NUL-terminated s. */
static inline bool span_eq(span a, const char *s)
{
	size_t n = strlen(s);
	return a.len == n && (n == 0 || memcmp(a.ptr, s, n) == 0);
}

static inline bool span_eq_span(span a, span b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool span_starts_with(span a, const char *prefix, size_t prefix_len)
{
	return a.len >= prefix_len && (prefix_len == 0 || memcmp(a.ptr, prefix, prefix_len) == 0);
}

static inline bool span_is_set(span a) { return a.ptr != NULL; }

#endif
