/* json_scan: see json_scan.h. Strings dominate audit logs (bodies, annotations, URIs), so
 * the string-body loop is the one that matters: it looks at 32 bytes per step (AVX2, else
 * 16) for the only bytes that end a plain run — '"', '\\' and control characters. */
#include "json_scan.h"

#include <stdint.h>
#include <string.h>

#include "hex.h"
#include "simd_scan.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static json_status fail(json_scanner *s, const char *at, const char *why)
{
	s->error_pos = at;
	s->error = why;
	return JSON_INVALID;
}

static json_status need_more(json_scanner *s)
{
	s->error_pos = s->end;
	s->error = "unexpected end of input";
	return JSON_INCOMPLETE;
}

static json_status too_deep(json_scanner *s, const char *at)
{
	s->error_pos = at;
	s->error = "nesting exceeds the maximum depth";
	return JSON_TOO_DEEP;
}

void json_scanner_init(json_scanner *s, const char *end, bool final, size_t max_depth,
                       unsigned char *stack)
{
	*s = (json_scanner){ .end = end, .final = final, .max_depth = max_depth, .stack = stack };
}

static inline bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

const char *json_skip_ws(const char *p, const char *end)
{
	while (p < end && is_ws((unsigned char)*p))
		p++;
	return p;
}

/* Whitespace between tokens, noting line breaks for json_scanner.newline_seen. */
static const char *skip_ws_slow(json_scanner *s, const char *p)
{
	for (; p < s->end && is_ws((unsigned char)*p); p++)
		if (*p == '\n')
			s->newline_seen = true;
	return p;
}

/* Compact JSON has no whitespace between tokens, so the first test nearly always ends it;
 * inlined because the scanner calls it around every token. */
static inline const char *skip_ws(json_scanner *s, const char *p)
{
	if (p < s->end && (unsigned char)*p > ' ') /* one compare: all whitespace is <= ' ' */
		return p;
	return skip_ws_slow(s, p);
}

/* Bit `level` of the stack: 1 when the container at that nesting level is an object. */
static inline void stack_set(json_scanner *s, size_t level, bool is_object)
{
	unsigned char bit = (unsigned char)(1u << (level & 7));
	if (is_object)
		s->stack[level >> 3] |= bit;
	else
		s->stack[level >> 3] &= (unsigned char)~bit;
}

static inline bool stack_is_object(const json_scanner *s, size_t level)
{
	return (s->stack[level >> 3] >> (level & 7)) & 1;
}

/* First byte in [p, end) that is '"', '\\' or below 0x20, or end. ORs into *high the top
 * bits of the bytes looked at, which may include a few bytes past the one returned.
 * 32 bytes a step with AVX2, 16 with SSE2 (simd_scan.h). */
static inline const char *find_string_special(const char *p, const char *end, unsigned *high)
{
	return simd_find_string_special(p, end, high);
}

/* Validates one escape at p ('\\'); returns the byte after it through *next. */
static json_status scan_escape(json_scanner *s, const char *p, const char **next)
{
	if (s->end - p < 2)
		return need_more(s);
	switch (p[1]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		*next = p + 2;
		return JSON_OK;
	case 'u':
		for (int i = 2; i < 6; i++) {
			if (p + i >= s->end)
				return need_more(s);
			if (hex_digit_value((unsigned char)p[i]) < 0)
				return fail(s, p + i, "invalid \\u escape: expected 4 hex digits");
		}
		*next = p + 6;
		return JSON_OK;
	default:
		return fail(s, p + 1, "invalid escape in a string");
	}
}

#if defined(__SSE2__)
/* Bit i set when byte i of the 16 at p may end a plain run: '"', '\\', a control byte, or
 * (a signed compare puts them below ' ' too) a byte >= 0x80. */
static inline unsigned probe16(const char *p)
{
	__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
	                            _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\')));
	hits = _mm_or_si128(hits, _mm_cmplt_epi8(bytes, _mm_set1_epi8(' ')));
	return (unsigned)_mm_movemask_epi8(hits);
}
#endif

/* A plain string closes at q: the scanner notes it. */
static inline json_status plain_string_at(json_scanner *s, const char *q, const char **close)
{
	*close = q;
	s->escape_seen = false;
	s->string_plain = true;
	return JSON_OK;
}

/* Scans the body of a string starting at p (just after the opening quote); on JSON_OK
 * *close points at the closing quote and escape_seen / string_plain describe the body. */
static json_status scan_string_body_slow(json_scanner *s, const char *p, const char **close)
{
	unsigned high = 0;
	bool escaped = false;
#if defined(__SSE2__)
	/* the next 16 bytes before the call to the wide search: most strings that get here
	 * (IDs, timestamps, names) end there */
	if (s->end - p >= 16) {
		unsigned mask = probe16(p);
		if (!mask)
			p += 16;
		else if (p[__builtin_ctz(mask)] == '"')
			return plain_string_at(s, p + __builtin_ctz(mask), close);
	}
#endif
	for (;;) {
		p = find_string_special(p, s->end, &high);
		if (p == s->end)
			return need_more(s);
		if (*p == '"') {
			*close = p;
			s->escape_seen = escaped;
			s->string_plain = !escaped && !high;
			return JSON_OK;
		}
		if (*p == '\\') {
			escaped = true;
			json_status st = scan_escape(s, p, &p);
			if (st != JSON_OK)
				return st;
			continue;
		}
		return fail(s, p, (*p == '\n' || *p == '\r') ? "line break inside a string"
		                                             : "control character inside a string");
	}
}

/* scan_string_body_slow for the common case, inlined: a string of plain ASCII whose closing
 * quote is within 16 bytes is found with one probe and no call. (SSE2 is the x86-64
 * baseline: the probes are there whatever level simd_scan uses.) */
static inline json_status scan_string_body(json_scanner *s, const char *p, const char **close)
{
#if defined(__SSE2__)
	if (s->end - p >= 16) {
		unsigned mask = probe16(p);
		if (!mask) /* 16 plain bytes: the slow path need not look at them again */
			return scan_string_body_slow(s, p + 16, close);
		if (p[__builtin_ctz(mask)] == '"')
			return plain_string_at(s, p + __builtin_ctz(mask), close);
	}
#endif
	return scan_string_body_slow(s, p, close);
}

static json_status scan_digits(json_scanner *s, const char *p, const char **next)
{
	if (p == s->end)
		return need_more(s);
	if (!is_digit((unsigned char)*p))
		return fail(s, p, "invalid number: expected a digit");
	while (p < s->end && is_digit((unsigned char)*p))
		p++;
	*next = p;
	return JSON_OK;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static json_status scan_number(json_scanner *s, const char *p, const char **next)
{
	json_status st;
	if (*p == '-')
		p++;
	if (p < s->end && *p == '0')
		p++;
	else if ((st = scan_digits(s, p, &p)) != JSON_OK)
		return st;
	if (p < s->end && *p == '.' && (st = scan_digits(s, p + 1, &p)) != JSON_OK)
		return st;
	if (p < s->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < s->end && (*p == '+' || *p == '-'))
			p++;
		if ((st = scan_digits(s, p, &p)) != JSON_OK)
			return st;
	}
	/* a number ending exactly at `end` might continue in bytes not read yet */
	if (p == s->end && !s->final)
		return need_more(s);
	*next = p;
	return JSON_OK;
}

static json_status scan_literal(json_scanner *s, const char *p, const char *word, size_t len,
                                const char **next)
{
	for (size_t i = 0; i < len; i++) {
		if (p + i == s->end)
			return need_more(s);
		if (p[i] != word[i])
			return fail(s, p, "invalid literal (expected true, false or null)");
	}
	*next = p + len;
	return JSON_OK;
}

/* Scans a scalar (string, number, literal) at p; *next is one past it. */
static inline json_status scan_scalar(json_scanner *s, const char *p, const char **next)
{
	json_status st;
	switch (*p) {
	case '"':
		st = scan_string_body(s, p + 1, next);
		if (st == JSON_OK)
			(*next)++;
		return st;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return scan_number(s, p, next);
	case 't':
		return scan_literal(s, p, "true", 4, next);
	case 'f':
		return scan_literal(s, p, "false", 5, next);
	case 'n':
		return scan_literal(s, p, "null", 4, next);
	default:
		return fail(s, p, "expected a JSON value");
	}
}

/* Reads `"key" :` at p (after whitespace) and the whitespace after the colon; *next is the
 * first byte of the value, which must exist. */
static inline json_status scan_member_key(json_scanner *s, const char *p, span *key,
                                          const char **next)
{
	if (p == s->end)
		return need_more(s);
	if (*p != '"')
		return fail(s, p, "expected a string key");
	const char *close;
	json_status st = scan_string_body(s, p + 1, &close);
	if (st != JSON_OK)
		return st;
	if (key)
		*key = (span){ p + 1, (size_t)(close - p - 1) };
	p = skip_ws(s, close + 1);
	if (p == s->end)
		return need_more(s);
	if (*p != ':')
		return fail(s, p, "expected ':' after a key");
	p = skip_ws(s, p + 1);
	if (p == s->end)
		return need_more(s);
	*next = p;
	return JSON_OK;
}

/* Opens the container at p; *next is the first byte after '{' or '[' and its whitespace. */
static inline json_status open_container(json_scanner *s, const char *p, size_t *depth,
                                         const char **next)
{
	if (*depth + 1 > s->max_depth)
		return too_deep(s, p);
	(*depth)++;
	stack_set(s, *depth, *p == '{');
	p = skip_ws(s, p + 1);
	if (p == s->end)
		return need_more(s);
	*next = p;
	return JSON_OK;
}

/* After a value inside the container at `depth`: reads ',' (and for objects the next key)
 * or the closing bracket. Sets *closed when the container ended. */
static inline json_status scan_after_value(json_scanner *s, const char **pp, size_t depth,
                                           bool *closed)
{
	const char *p = skip_ws(s, *pp);
	if (p == s->end)
		return need_more(s);
	bool in_object = stack_is_object(s, depth);
	if (*p == (in_object ? '}' : ']')) {
		*closed = true;
		*pp = p + 1;
		return JSON_OK;
	}
	if (*p != ',')
		return fail(s, p, in_object ? "expected ',' or '}'" : "expected ',' or ']'");
	*closed = false;
	p = skip_ws(s, p + 1);
	if (!in_object) {
		if (p == s->end)
			return need_more(s);
		*pp = p;
		return JSON_OK;
	}
	return scan_member_key(s, p, NULL, pp);
}

json_status json_skip_value(json_scanner *s, const char *p, size_t depth, const char **value_end)
{
	const size_t base = depth;
	json_status st;
	p = skip_ws(s, p);
	if (p == s->end)
		return need_more(s);
	for (;;) {
		/* p is at the first byte of a value */
		if (*p == '{' || *p == '[') {
			bool is_object = *p == '{';
			if ((st = open_container(s, p, &depth, &p)) != JSON_OK)
				return st;
			if (*p == (is_object ? '}' : ']')) {
				p++;
			} else if (is_object) {
				if ((st = scan_member_key(s, p, NULL, &p)) != JSON_OK)
					return st;
				continue;
			} else {
				continue;
			}
			depth--;
		} else if ((st = scan_scalar(s, p, &p)) != JSON_OK) {
			return st;
		}
		/* p is just past a complete value: close every container that ends here */
		for (;;) {
			if (depth == base) {
				*value_end = p;
				return JSON_OK;
			}
			bool closed;
			if ((st = scan_after_value(s, &p, depth, &closed)) != JSON_OK)
				return st;
			if (!closed)
				break;
			depth--;
		}
	}
}

static json_status iter_begin(json_scanner *s, const char *p, size_t depth, json_iter *it,
                              char open, const char *expected)
{
	p = skip_ws(s, p);
	if (p == s->end)
		return need_more(s);
	if (*p != open)
		return fail(s, p, expected);
	if (depth + 1 > s->max_depth)
		return too_deep(s, p);
	*it = (json_iter){ .pos = p + 1, .depth = depth + 1, .first = true };
	return JSON_OK;
}

json_status json_object_begin(json_scanner *s, const char *p, size_t depth, json_iter *it)
{
	return iter_begin(s, p, depth, it, '{', "expected an object");
}

json_status json_array_begin(json_scanner *s, const char *p, size_t depth, json_iter *it)
{
	return iter_begin(s, p, depth, it, '[', "expected an array");
}

/* Reads the ',' between members or the closing bracket. JSON_OK leaves *pp at the next
 * member (after whitespace). */
static inline json_status iter_separator(json_scanner *s, json_iter *it, char close,
                                         const char **pp, const char *expected)
{
	const char *p = skip_ws(s, it->pos);
	if (p == s->end)
		return need_more(s);
	if (*p == close) {
		it->pos = p + 1;
		return JSON_END;
	}
	if (!it->first) {
		if (*p != ',')
			return fail(s, p, expected);
		p = skip_ws(s, p + 1);
		if (p == s->end)
			return need_more(s);
	}
	*pp = p;
	return JSON_OK;
}

/* Reads the key at p as json_object_next_key does. Out of line, so that
 * json_object_next_key_guess, which calls it only when no guess matched, saves fewer
 * registers on its way to a guessed key. */
static __attribute__((noinline)) json_status next_key_unguessed(json_scanner *s, json_iter *it,
                                                                const char *p, span *key)
{
	json_status st = scan_member_key(s, p, key, &p);
	if (st != JSON_OK)
		return st;
	it->pos = p;
	it->first = false;
	it->key_escaped = s->escape_seen;
	return JSON_OK;
}

json_status json_object_next_key(json_scanner *s, json_iter *it, span *key)
{
	const char *p;
	json_status st = iter_separator(s, it, '}', &p, "expected ',' or '}'");
	if (st != JSON_OK)
		return st;
	/* after a comma, '}' is not a key: scan_member_key rejects it */
	return next_key_unguessed(s, it, p, key);
}

static inline uint64_t load8(const char *p)
{
	uint64_t word;
	memcpy(&word, p, 8);
	return word;
}

static inline uint32_t load4(const char *p)
{
	uint32_t word;
	memcpy(&word, p, 4);
	return word;
}

/* True when the g->len bytes at p (all readable) are the guess. Guesses are 4 to a few dozen
 * bytes: word compares, the last word overlapping, instead of a call to memcmp. */
static inline bool guess_matches(const char *p, const json_key_guess *g)
{
	size_t len = g->len;
	if (len < 8)
		return load4(p) == load4(g->text) && load4(p + len - 4) == load4(g->text + len - 4);
	for (size_t i = 0; i + 8 < len; i += 8)
		if (load8(p + i) != load8(g->text + i))
			return false;
	return load8(p + len - 8) == load8(g->text + len - 8);
}

json_status json_object_next_key_guess(json_scanner *s, json_iter *it,
                                       const json_key_guess *guesses, size_t count,
                                       size_t *next_guess, span *key)
{
	const char *p;
	json_status st = iter_separator(s, it, '}', &p, "expected ',' or '}'");
	if (st != JSON_OK)
		return st;
	/* a guess is "\"name\":" with a plain name: matching it proves the key valid */
	size_t avail = (size_t)(s->end - p);
	for (size_t i = *next_guess; i < count; i++) {
		const json_key_guess *g = &guesses[i];
		if (g->len >= avail || p[1] != g->text[1] || !guess_matches(p, g))
			continue;
		*key = (span){ p + 1, g->len - 3 };
		p = skip_ws(s, p + g->len);
		if (p == s->end)
			return need_more(s);
		*next_guess = i + 1;
		s->escape_seen = false;
		s->string_plain = true;
		it->pos = p;
		it->first = false;
		it->key_escaped = false;
		return JSON_OK;
	}
	return next_key_unguessed(s, it, p, key);
}

json_status json_array_next_start(json_scanner *s, json_iter *it)
{
	const char *p;
	json_status st = iter_separator(s, it, ']', &p, "expected ',' or ']'");
	if (st != JSON_OK)
		return st;
	/* after a comma, ']' is not a value: the caller's value scan rejects it */
	it->pos = p;
	it->first = false;
	return JSON_OK;
}

json_status json_iter_value(json_scanner *s, json_iter *it, span *value)
{
	const char *start = skip_ws(s, it->pos);
	const char *end;
	json_status st;
	if (start < s->end && *start == '"') {
		/* most values are strings: what json_skip_value would do, minus its set-up */
		st = scan_string_body(s, start + 1, &end);
		if (st == JSON_OK)
			end++;
	} else {
		st = json_skip_value(s, start, it->depth, &end);
	}
	if (st != JSON_OK)
		return st;
	if (value)
		*value = (span){ start, (size_t)(end - start) };
	it->pos = end;
	return JSON_OK;
}

json_status json_object_next(json_scanner *s, json_iter *it, span *key, span *value)
{
	json_status st = json_object_next_key(s, it, key);
	return st == JSON_OK ? json_iter_value(s, it, value) : st;
}

json_status json_array_next(json_scanner *s, json_iter *it, span *value)
{
	json_status st = json_array_next_start(s, it);
	return st == JSON_OK ? json_iter_value(s, it, value) : st;
}

json_type json_value_type(span value)
{
	if (value.len == 0)
		return JSON_TYPE_INVALID;
	switch (value.ptr[0]) {
	case '{': return JSON_TYPE_OBJECT;
	case '[': return JSON_TYPE_ARRAY;
	case '"': return JSON_TYPE_STRING;
	case 't': case 'f': return JSON_TYPE_BOOL;
	case 'n': return JSON_TYPE_NULL;
	default:
		return (value.ptr[0] == '-' || is_digit((unsigned char)value.ptr[0]))
			       ? JSON_TYPE_NUMBER
			       : JSON_TYPE_INVALID;
	}
}

const char *json_type_name(json_type type)
{
	switch (type) {
	case JSON_TYPE_OBJECT: return "an object";
	case JSON_TYPE_ARRAY: return "an array";
	case JSON_TYPE_STRING: return "a string";
	case JSON_TYPE_NUMBER: return "a number";
	case JSON_TYPE_BOOL: return "a boolean";
	case JSON_TYPE_NULL: return "null";
	default: return "not JSON";
	}
}

span json_string_body(span value)
{
	if (value.len < 2 || value.ptr[0] != '"')
		return (span){ NULL, 0 };
	return (span){ value.ptr + 1, value.len - 2 };
}
