#include "go_quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

typedef struct {
	char *bytes;
	size_t len, capacity;
} text_buf;

static void put(text_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->capacity) {
		b->capacity = (b->len + n + 1) * 2;
		b->bytes = xreallocarray(b->bytes, b->capacity, 1);
	}
	memcpy(b->bytes + b->len, s, n);
	b->len += n;
	b->bytes[b->len] = '\0';
}

static size_t valid_utf8_len(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
	if (n == 0 || n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	}
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
	    (c == 0xF4 && p[1] > 0x8F))
		return 0;
	return n;
}

static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '\a': return "\\a";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\v': return "\\v";
	case '"': return "\\\"";
	case '\\': return "\\\\";
	default: return NULL;
	}
}

static void put_quoted(text_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	put(b, "\"", 1);
	for (size_t i = 0; i < len;) {
		const char *esc = short_escape(p[i]);
		if (esc) {
			put(b, esc, strlen(esc));
			i++;
		} else if (p[i] >= 0x20 && p[i] < 0x7F) {
			put(b, (const char *)p + i, 1);
			i++;
		} else if (p[i] >= 0x80 && valid_utf8_len(p + i, len - i)) {
			size_t n = valid_utf8_len(p + i, len - i);
			put(b, (const char *)p + i, n);
			i += n;
		} else {
			char hex[8];
			snprintf(hex, sizeof hex, "\\x%02x", p[i]);
			put(b, hex, 4);
			i++;
		}
	}
	put(b, "\"", 1);
}

char *go_quote(const char *s, size_t len)
{
	text_buf b = { 0 };
	put_quoted(&b, s, len);
	return b.bytes;
}

char *go_string_slice(char *const *items, size_t count)
{
	text_buf b = { 0 };
	put(&b, "[]string{", 9);
	for (size_t i = 0; i < count; i++) {
		if (i)
			put(&b, ", ", 2);
		put_quoted(&b, items[i], strlen(items[i]));
	}
	put(&b, "}", 1);
	return b.bytes;
}
