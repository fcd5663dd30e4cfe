/* json_string: the string and number helpers of json_scan.h — decoding string bodies as Go's
 * encoding/json does, telling plain strings apart, reading integers. */
#include "json_scan.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "hex.h"
#include "strbuf.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool json_string_is_plain(span body)
{
	const char *p = body.ptr, *end = body.ptr + body.len;
#if defined(__SSE2__)
	const __m128i backslash = _mm_set1_epi8('\\');
	while (end - p >= 16) {
		__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* movemask collects the top bits: set for bytes >= 0x80 */
		if (_mm_movemask_epi8(_mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, backslash))))
			return false;
		p += 16;
	}
#endif
	/* 8 bytes at a time: a byte is flagged when its top bit is set or it equals '\\' */
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	for (; end - p >= 8; p += 8) {
		uint64_t word;
		memcpy(&word, p, 8);
		uint64_t x = word ^ (ones * '\\');
		if ((word | ((x - ones) & ~x)) & highs)
			return false;
	}
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\\' || c >= 0x80)
			return false;
	}
	return true;
}

bool json_read_int(span value, long long *out)
{
	size_t i = 0;
	bool negative = value.len > 0 && value.ptr[0] == '-';
	if (negative)
		i++;
	if (i == value.len)
		return false;
	if (value.ptr[i] == '0' && value.len > i + 1)
		return false;
	unsigned long long limit = negative ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	unsigned long long n = 0;
	for (; i < value.len; i++) {
		unsigned char c = (unsigned char)value.ptr[i];
		if (!is_digit(c))
			return false;
		unsigned d = c - '0';
		if (n > (limit - d) / 10)
			return false;
		n = n * 10 + d;
	}
	/* -LLONG_MIN is not representable: negate in unsigned arithmetic, then convert */
	*out = negative ? (long long)(0 - n) : (long long)n;
	return true;
}

/* Length of the valid UTF-8 sequence at p (at most `avail` bytes), or 0 when invalid. */
static size_t utf8_sequence_length(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (avail < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

static size_t put_utf8(char *out, unsigned long cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The 4 hex digits of a \u escape at p[0..5], or -1. */
static long read_u_escape(const char *p, const char *end)
{
	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	long cp = 0;
	for (int i = 2; i < 6; i++) {
		int h = hex_digit_value((unsigned char)p[i]);
		if (h < 0)
			return -1;
		cp = cp * 16 + h;
	}
	return cp;
}

#define REPLACEMENT_CHARACTER 0xfffdUL

/* Decodes the escape at p; returns the input bytes it used, writing the code point. */
static size_t decode_escape(const char *p, const char *end, unsigned long *cp)
{
	static const char simple_from[] = "\"\\/bfnrt";
	static const char simple_to[] = "\"\\/\b\f\n\r\t";
	if (end - p >= 2) {
		const char *hit = memchr(simple_from, p[1], sizeof simple_from - 1);
		if (hit) {
			*cp = (unsigned char)simple_to[hit - simple_from];
			return 2;
		}
	}
	long unit = read_u_escape(p, end);
	if (unit < 0) {
		*cp = '\\'; /* malformed: keep the backslash literally */
		return 1;
	}
	if (unit >= 0xd800 && unit <= 0xdbff) {
		long low = read_u_escape(p + 6, end);
		if (low >= 0xdc00 && low <= 0xdfff) {
			*cp = 0x10000UL + (((unsigned long)unit - 0xd800) << 10) +
			      ((unsigned long)low - 0xdc00);
			return 12;
		}
	}
	*cp = (unit >= 0xd800 && unit <= 0xdfff) ? REPLACEMENT_CHARACTER : (unsigned long)unit;
	return 6;
}

size_t json_string_decode(span body, char *out, size_t cap)
{
	const char *p = body.ptr, *end = body.ptr + body.len;
	size_t n = 0;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		unsigned long cp;
		if (c == '\\') {
			p += decode_escape(p, end, &cp);
		} else if (c < 0x80) {
			if (n + 1 > cap)
				return (size_t)-1;
			out[n++] = (char)c;
			p++;
			continue;
		} else {
			size_t len = utf8_sequence_length((const unsigned char *)p, (size_t)(end - p));
			if (len) {
				if (n + len > cap)
					return (size_t)-1;
				memcpy(out + n, p, len);
				n += len;
				p += len;
				continue;
			}
			cp = REPLACEMENT_CHARACTER;
			p++;
		}
		char encoded[4];
		size_t len = put_utf8(encoded, cp);
		if (n + len > cap)
			return (size_t)-1;
		memcpy(out + n, encoded, len);
		n += len;
	}
	return n;
}

/* Bytes Go writes as they are (the common case, copied a run at a time). */
static inline bool go_keeps(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0xe2;
}

/* The escape Go writes for s[*i] (advancing *i past a U+2028/9), or NULL for the byte
 * itself; esc is room for a \u00XX. */
static const char *go_escape(span s, size_t *i, char esc[7])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char)s.ptr[*i];
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		break;
	}
	if (c < 0x20 || c == '<' || c == '>' || c == '&') {
		memcpy(esc, "\\u00", 4);
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		esc[6] = '\0';
		return esc;
	}
	if (c == 0xe2 && *i + 2 < s.len && (unsigned char)s.ptr[*i + 1] == 0x80 &&
	    ((unsigned char)s.ptr[*i + 2] & 0xfe) == 0xa8) {
		*i += 2;
		return (unsigned char)s.ptr[*i] == 0xa8 ? "\\u2028" : "\\u2029";
	}
	return NULL;
}

void json_put_go_string(strbuf *t, span s)
{
	strbuf_putc(t, '"');
	size_t i = 0;
	while (i < s.len) {
		size_t run = i;
		while (run < s.len && go_keeps((unsigned char)s.ptr[run]))
			run++;
		strbuf_put(t, s.ptr + i, run - i);
		if (run == s.len)
			break;
		i = run;
		char esc[7];
		const char *escape = go_escape(s, &i, esc);
		if (escape)
			strbuf_puts(t, escape);
		else
			strbuf_putc(t, s.ptr[i]);
		i++;
	}
	strbuf_putc(t, '"');
}
