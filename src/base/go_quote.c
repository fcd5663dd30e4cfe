#include "go_quote.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"

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

static void put_quoted(strbuf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	strbuf_put(b, "\"", 1);
	for (size_t i = 0; i < len;) {
		const char *esc = short_escape(p[i]);
		if (esc) {
			strbuf_put(b, esc, strlen(esc));
			i++;
		} else if (p[i] >= 0x20 && p[i] < 0x7F) {
			strbuf_put(b, (const char *)p + i, 1);
			i++;
		} else if (p[i] >= 0x80 && valid_utf8_len(p + i, len - i)) {
			size_t n = valid_utf8_len(p + i, len - i);
			strbuf_put(b, (const char *)p + i, n);
			i += n;
		} else {
			char hex[8];
			snprintf(hex, sizeof hex, "\\x%02x", p[i]);
			strbuf_put(b, hex, 4);
			i++;
		}
	}
	strbuf_put(b, "\"", 1);
}

char *go_quote(const char *s, size_t len)
{
	strbuf b = STRBUF_INIT;
	put_quoted(&b, s, len);
	return strbuf_detach(&b);
}

/* items quoted by quote, between open and close, separated by sep. */
static char *string_slice(char *const *items, size_t count, const char *open, const char *sep,
                          const char *close, void (*quote)(strbuf *, const char *, size_t))
{
	strbuf b = STRBUF_INIT;
	strbuf_puts(&b, open);
	for (size_t i = 0; i < count; i++) {
		if (i)
			strbuf_puts(&b, sep);
		quote(&b, items[i], strlen(items[i]));
	}
	strbuf_puts(&b, close);
	return strbuf_detach(&b);
}

char *go_string_slice(char *const *items, size_t count)
{
	return string_slice(items, count, "[]string{", ", ", "}", put_quoted);
}

static const char *json_short_escape(unsigned char c)
{
	switch (c) {
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '"': return "\\\"";
	case '\\': return "\\\\";
	default: return NULL;
	}
}

/* U+2028 and U+2029, which encoding/json escapes for JavaScript's sake. */
static bool is_line_or_paragraph_separator(const unsigned char *p, size_t n)
{
	return n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9);
}

static void put_json_quoted(strbuf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char hex[8];
	strbuf_put(b, "\"", 1);
	for (size_t i = 0; i < len;) {
		const char *esc = json_short_escape(p[i]);
		size_t n = p[i] >= 0x80 ? valid_utf8_len(p + i, len - i) : 1;
		if (esc) {
			strbuf_puts(b, esc);
		} else if (p[i] < 0x20 || p[i] == '<' || p[i] == '>' || p[i] == '&') {
			snprintf(hex, sizeof hex, "\\u%04x", p[i]);
			strbuf_puts(b, hex);
		} else if (n == 0) {
			strbuf_puts(b, "\\ufffd");
			n = 1;
		} else if (is_line_or_paragraph_separator(p + i, n)) {
			strbuf_puts(b, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
		} else {
			strbuf_put(b, (const char *)p + i, n);
		}
		i += n;
	}
	strbuf_put(b, "\"", 1);
}

char *go_json_quote(const char *s, size_t len)
{
	strbuf b = STRBUF_INIT;
	put_json_quoted(&b, s, len);
	return strbuf_detach(&b);
}

char *go_json_string_slice(char *const *items, size_t count)
{
	return string_slice(items, count, "[", ",", "]", put_json_quoted);
}
