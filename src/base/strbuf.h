/* strbuf: a growable byte string that is always NUL-terminated, for building messages,
 * quoted strings and JSON text piece by piece.
 *
 * A zeroed strbuf (STRBUF_INIT) is empty and owns nothing. The buffer owns data until
 * strbuf_detach hands it to the caller or strbuf_free releases it. Appending n bytes costs
 * O(n) amortised (the capacity doubles); allocation failure aborts (xalloc). */
#ifndef AUDITSIM_STRBUF_H
#define AUDITSIM_STRBUF_H

#include <stddef.h>

typedef struct {
	char *data; /* NULL until the first append; then len bytes and a NUL */
	size_t len, cap;
} strbuf;

#define STRBUF_INIT { NULL, 0, 0 }

/* Appends n bytes (which may hold NULs). */
void strbuf_put(strbuf *b, const void *bytes, size_t n);
/* Appends a NUL-terminated string. */
void strbuf_puts(strbuf *b, const char *s);
/* Appends one byte. */
void strbuf_putc(strbuf *b, char c);

/* Drops everything after the first len bytes (len <= b->len); keeps the capacity. */
void strbuf_truncate(strbuf *b, size_t len);

/* The text so far: "" when nothing was appended. Valid until the next append. */
const char *strbuf_str(const strbuf *b);

/* Hands the text to the caller, who frees it (never NULL, "" when empty), and leaves
 * the buffer empty. */
char *strbuf_detach(strbuf *b);

/* Frees the text and leaves the buffer empty. */
void strbuf_free(strbuf *b);

#endif
