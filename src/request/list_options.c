/* list_options: the query of a get without a name, decoded as kube-apiserver decodes
 * metav1.ListOptions (the pairs as Go's url.ParseQuery splits them; limit and
 * timeoutSeconds as int64; labelSelector and fieldSelector with the grammars of
 * apimachinery's labels.Parse and fields.ParseSelector). The selectors are validated,
 * never evaluated: all the audit policy can see of them is list vs watch and the name a
 * metadata.name field selector picks (list_options.h). Nothing here allocates: every
 * decoded byte goes to the caller's cursor. */
#include "list_options.h"

#include <stdint.h>
#include <string.h>

#include "hex.h"

/* The first value of each ListOptions parameter that can change the outcome. */
typedef struct {
	bool has_watch, has_field_selector, has_label_selector, has_limit, has_timeout;
	span watch, field_selector, label_selector, limit, timeout;
} list_query;

/* ---- bytes ---- */

static span span_from(const char *p, size_t n) { return (span){ p, n }; }

/* Go's url.PathUnescape / QueryUnescape: a '%' without two hex digits fails the whole
 * component rather than passing through, because that is what decides which query
 * pairs upstream drops. */
bool url_unescape(span raw, bool plus_is_space, char *dst, size_t *out_len)
{
	size_t n = 0;
	for (size_t i = 0; i < raw.len; i++) {
		char c = raw.ptr[i];
		if (c == '%') {
			if (i + 2 >= raw.len)
				return false;
			int hi = hex_digit_value((unsigned char)raw.ptr[i + 1]),
			    lo = hex_digit_value((unsigned char)raw.ptr[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			dst[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			dst[n++] = (plus_is_space && c == '+') ? ' ' : c;
		}
	}
	*out_len = n;
	return true;
}

/* Length of the valid UTF-8 sequence at p (Go's rules: no overlongs, no surrogates,
 * nothing above U+10FFFF), or 0 when the byte starts no valid sequence. */
static size_t utf8_sequence_len(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return 1;
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		lo = p[0] == 0xE0 ? 0xA0 : 0x80;
		hi = p[0] == 0xED ? 0x9F : 0xBF;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		lo = p[0] == 0xF0 ? 0x90 : 0x80;
		hi = p[0] == 0xF4 ? 0x8F : 0xBF;
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	}
	return len;
}

/* strconv.ParseInt(s, 10, 64) succeeds: optional sign, digits, within int64. */
static bool parses_as_int64(span s)
{
	size_t i = 0;
	bool negative = false;
	if (s.len > 0 && (s.ptr[0] == '+' || s.ptr[0] == '-')) {
		negative = s.ptr[0] == '-';
		i = 1;
	}
	if (i == s.len)
		return false;
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t value = 0;
	for (; i < s.len; i++) {
		if (s.ptr[i] < '0' || s.ptr[i] > '9')
			return false;
		unsigned digit = (unsigned)(s.ptr[i] - '0');
		if (value > (limit - digit) / 10)
			return false;
		value = value * 10 + digit;
	}
	return true;
}

/* ---- label selectors (apimachinery labels.Parse), validity only ---- */

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 bytes. */
static bool is_qualified_name_part(span s)
{
	if (s.len == 0 || s.len > 63 || !is_alnum(s.ptr[0]) || !is_alnum(s.ptr[s.len - 1]))
		return false;
	for (size_t i = 1; i + 1 < s.len; i++) {
		char c = s.ptr[i];
		if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
			return false;
	}
	return true;
}

/* Lowercase DNS-1123 labels joined by '.', at most 253 bytes. */
static bool is_dns1123_subdomain(span s)
{
	if (s.len == 0 || s.len > 253)
		return false;
	size_t start = 0;
	for (size_t i = 0; i <= s.len; i++) {
		if (i < s.len && s.ptr[i] != '.')
			continue;
		span label = span_from(s.ptr + start, i - start);
		if (label.len == 0)
			return false;
		for (size_t j = 0; j < label.len; j++) {
			char c = label.ptr[j];
			bool lower_alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			bool edge = j == 0 || j + 1 == label.len;
			if (!lower_alnum && (edge || c != '-'))
				return false;
		}
		start = i + 1;
	}
	return true;
}

static bool is_label_key(span key)
{
	const char *slash = memchr(key.ptr, '/', key.len);
	if (!slash)
		return is_qualified_name_part(key);
	span prefix = span_from(key.ptr, (size_t)(slash - key.ptr));
	span name = span_from(slash + 1, key.len - prefix.len - 1);
	return memchr(name.ptr, '/', name.len) == NULL && is_dns1123_subdomain(prefix) &&
	       is_qualified_name_part(name);
}

static bool is_label_value(span value) { return value.len == 0 || is_qualified_name_part(value); }

typedef enum {
	LT_EOS,
	LT_OPEN,
	LT_CLOSE,
	LT_COMMA,
	LT_NOT,
	LT_EQ,
	LT_DOUBLE_EQ,
	LT_NOT_EQ,
	LT_GT,
	LT_LT,
	LT_IN,
	LT_NOT_IN,
	LT_IDENT,
} label_token_kind;

typedef struct {
	label_token_kind kind;
	span text;
} label_token;

/* In a value position "in" and "notin" are plain identifiers. */
typedef enum { CTX_OPERATOR, CTX_VALUES } label_context;

typedef struct {
	span input;
	size_t pos;
	label_token next;
} label_parser;

/* Like the upstream lexer, a NUL byte reads as end of input: it ends the selector at
 * the start of a token and ends the token inside one. */
static char lex_read(label_parser *p)
{
	if (p->pos >= p->input.len)
		return '\0';
	return p->input.ptr[p->pos++];
}

static bool is_label_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool is_label_special(char c) { return c != '\0' && strchr("=!(),><", c) != NULL; }

static label_token_kind special_kind(const char *s, size_t n)
{
	if (n == 2)
		return s[1] != '=' ? LT_EOS : s[0] == '=' ? LT_DOUBLE_EQ : s[0] == '!' ? LT_NOT_EQ : LT_EOS;
	switch (s[0]) {
	case '(': return LT_OPEN;
	case ')': return LT_CLOSE;
	case ',': return LT_COMMA;
	case '!': return LT_NOT;
	case '=': return LT_EQ;
	case '>': return LT_GT;
	default: return LT_LT;
	}
}

/* Longest run of special bytes that is still an operator ("!=", "==", else one byte). */
static label_token lex_special(label_parser *p)
{
	size_t start = p->pos;
	label_token best = { LT_EOS, span_from(p->input.ptr + start, 1) };
	for (size_t n = 1;; n++) {
		char c = lex_read(p);
		if (c == '\0')
			break;
		if (!is_label_special(c)) {
			p->pos--;
			break;
		}
		label_token_kind kind = n <= 2 ? special_kind(p->input.ptr + start, n) : LT_EOS;
		if (kind == LT_EOS) {
			p->pos--;
			break;
		}
		best = (label_token){ kind, span_from(p->input.ptr + start, n) };
	}
	return best;
}

static label_token lex_word(label_parser *p)
{
	size_t start = p->pos, n = 0;
	for (;;) {
		char c = lex_read(p);
		if (c == '\0')
			break;
		if (is_label_special(c) || is_label_space(c)) {
			p->pos--;
			break;
		}
		n++;
	}
	span text = span_from(p->input.ptr + start, n);
	label_token_kind kind = span_eq(text, "in") ? LT_IN : span_eq(text, "notin") ? LT_NOT_IN : LT_IDENT;
	return (label_token){ kind, text };
}

static label_token lex(label_parser *p)
{
	char c;
	do
		c = lex_read(p);
	while (is_label_space(c));
	if (c == '\0')
		return (label_token){ LT_EOS, span_from(p->input.ptr + p->pos, 0) };
	p->pos--;
	return is_label_special(c) ? lex_special(p) : lex_word(p);
}

static label_token peek(const label_parser *p, label_context ctx)
{
	label_token t = p->next;
	if (ctx == CTX_VALUES && (t.kind == LT_IN || t.kind == LT_NOT_IN))
		t.kind = LT_IDENT;
	return t;
}

static label_token take(label_parser *p, label_context ctx)
{
	label_token t = peek(p, ctx);
	if (p->next.kind != LT_EOS)
		p->next = lex(p);
	return t;
}

/* "(a,,b)", "(,)", "(a,)": empty entries are the value "". */
static bool parse_value_list(label_parser *p)
{
	if (take(p, CTX_VALUES).kind != LT_OPEN)
		return false;
	label_token_kind first = peek(p, CTX_VALUES).kind;
	if (first == LT_CLOSE) {
		take(p, CTX_VALUES);
		return true;
	}
	if (first != LT_IDENT && first != LT_COMMA)
		return false;
	for (;;) {
		label_token t = take(p, CTX_VALUES);
		label_token_kind after = peek(p, CTX_VALUES).kind;
		if (t.kind == LT_IDENT) {
			if (!is_label_value(t.text) || (after != LT_COMMA && after != LT_CLOSE))
				return false;
		} else if (t.kind != LT_COMMA) {
			return false;
		}
		if (after == LT_CLOSE) {
			take(p, CTX_VALUES);
			return true;
		}
	}
}

/* The single value after =, ==, !=, > or <; absent means "". */
static bool parse_exact_value(label_parser *p, span *value)
{
	label_token_kind next = peek(p, CTX_VALUES).kind;
	if (next == LT_EOS || next == LT_COMMA) {
		*value = span_from("", 0);
		return true;
	}
	label_token t = take(p, CTX_VALUES);
	*value = t.text;
	return t.kind == LT_IDENT;
}

static bool parse_requirement(label_parser *p)
{
	label_token key = take(p, CTX_VALUES);
	bool does_not_exist = key.kind == LT_NOT;
	if (does_not_exist)
		key = take(p, CTX_VALUES);
	if (key.kind != LT_IDENT || !is_label_key(key.text))
		return false;
	label_token_kind next = peek(p, CTX_VALUES).kind;
	if (does_not_exist || next == LT_EOS || next == LT_COMMA)
		return true;

	label_token_kind op = take(p, CTX_OPERATOR).kind;
	span value;
	switch (op) {
	case LT_IN:
	case LT_NOT_IN:
		return parse_value_list(p);
	case LT_EQ:
	case LT_DOUBLE_EQ:
	case LT_NOT_EQ:
		return parse_exact_value(p, &value) && is_label_value(value);
	case LT_GT:
	case LT_LT:
		return parse_exact_value(p, &value) && is_label_value(value) && parses_as_int64(value);
	default:
		return false;
	}
}

static bool label_selector_is_valid(span selector)
{
	label_parser p = { .input = selector };
	p.next = lex(&p);
	label_token_kind next = peek(&p, CTX_VALUES).kind;
	while (next != LT_EOS) {
		if (next != LT_IDENT && next != LT_NOT)
			return false;
		if (!parse_requirement(&p))
			return false;
		label_token_kind after = take(&p, CTX_VALUES).kind;
		if (after == LT_EOS)
			return true;
		if (after != LT_COMMA)
			return false;
		next = peek(&p, CTX_VALUES).kind;
		if (next != LT_IDENT && next != LT_NOT)
			return false;
	}
	return true;
}

/* ---- field selectors (apimachinery fields.ParseSelector) ---- */

/* A term's value: only \\ \, \= escapes; unescaped ',' or '=' and a lone trailing
 * backslash are errors. */
static bool field_value_is_valid(span v)
{
	for (size_t i = 0; i < v.len; i++) {
		if (v.ptr[i] == '\\') {
			if (++i == v.len || v.ptr[i] == '\0' || !strchr("\\,=", v.ptr[i]))
				return false;
		} else if (v.ptr[i] == ',' || v.ptr[i] == '=') {
			return false;
		}
	}
	return true;
}

/* Splits a term at its first operator ("!=" before "==" before "="). */
static bool split_field_term(span term, span *field, span *op, span *value)
{
	for (size_t i = 0; i < term.len; i++) {
		size_t op_len = 0;
		if (term.ptr[i] == '!' && i + 1 < term.len && term.ptr[i + 1] == '=')
			op_len = 2;
		else if (term.ptr[i] == '=')
			op_len = (i + 1 < term.len && term.ptr[i + 1] == '=') ? 2 : 1;
		if (op_len == 0)
			continue;
		*field = span_from(term.ptr, i);
		*op = span_from(term.ptr + i, op_len);
		*value = span_from(term.ptr + i + op_len, term.len - i - op_len);
		return true;
	}
	return false;
}

/* Go's string ordering: bytewise, a proper prefix first. */
static int compare_bytes(span a, span b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
	if (c != 0)
		return c;
	return a.len < b.len ? -1 : a.len > b.len;
}

/* Validates every term and picks the metadata.name=X (or ==X) term that sorts first as
 * raw text, as upstream sorts the terms before looking for the field. *value is that
 * term's escaped value; returns false when the selector does not parse. */
static bool field_selector_name_term(span selector, bool *found, span *value)
{
	*found = false;
	span best_term = { 0 };
	size_t start = 0;
	bool escaped = false;
	for (size_t i = 0; i <= selector.len; i++) {
		if (i < selector.len) {
			bool splits = !escaped && selector.ptr[i] == ',';
			escaped = !escaped && selector.ptr[i] == '\\';
			if (!splits)
				continue;
		}
		span term = span_from(selector.ptr + start, i - start);
		start = i + 1;
		if (term.len == 0)
			continue;
		span field, op, term_value;
		if (!split_field_term(term, &field, &op, &term_value) || !field_value_is_valid(term_value))
			return false;
		if (span_eq(op, "!=") || !span_eq(field, "metadata.name"))
			continue;
		if (!*found || compare_bytes(term, best_term) < 0) {
			*found = true;
			best_term = term;
			*value = term_value;
		}
	}
	return true;
}

/* Removes the escapes. Upstream copies an escaped value rune by rune, which turns each
 * byte of invalid UTF-8 into U+FFFD; a value without backslashes is used as it is.
 * Writes at most 3 * v.len bytes. */
static span unescape_field_value(span v, char *dst)
{
	if (!memchr(v.ptr, '\\', v.len))
		return v;
	size_t n = 0;
	for (size_t i = 0; i < v.len;) {
		if (v.ptr[i] == '\\')
			i++;
		size_t len = utf8_sequence_len((const unsigned char *)v.ptr + i, v.len - i);
		if (len == 0) {
			memcpy(dst + n, "\xEF\xBF\xBD", 3);
			n += 3;
			i++;
		} else {
			memcpy(dst + n, v.ptr + i, len);
			n += len;
			i += len;
		}
	}
	return span_from(dst, n);
}

/* ---- the query ---- */

/* Where the first value of a ListOptions parameter that matters is kept. */
static bool list_query_slot(list_query *q, span key, bool **has, span **slot)
{
	struct {
		const char *name;
		bool *has;
		span *slot;
	} const params[] = {
		{ "watch", &q->has_watch, &q->watch },
		{ "fieldSelector", &q->has_field_selector, &q->field_selector },
		{ "labelSelector", &q->has_label_selector, &q->label_selector },
		{ "limit", &q->has_limit, &q->limit },
		{ "timeoutSeconds", &q->has_timeout, &q->timeout },
	};
	for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
		if (span_eq(key, params[i].name)) {
			*has = params[i].has;
			*slot = params[i].slot;
			return true;
		}
	}
	return false;
}

/* Go's url.ParseQuery: '&'-separated pairs; a pair containing ';' or a bad escape in
 * its key or value is dropped, the rest are kept. Decoded values of interest are kept
 * in *cursor (which advances); other keys only borrow it. Uses at most query.len bytes. */
static void parse_list_query(span query, char **cursor, list_query *q)
{
	memset(q, 0, sizeof *q);
	size_t start = 0;
	for (size_t i = 0; i <= query.len; i++) {
		if (i < query.len && query.ptr[i] != '&')
			continue;
		span pair = span_from(query.ptr + start, i - start);
		start = i + 1;
		if (pair.len == 0 || memchr(pair.ptr, ';', pair.len))
			continue;
		const char *eq = memchr(pair.ptr, '=', pair.len);
		span raw_key = span_from(pair.ptr, eq ? (size_t)(eq - pair.ptr) : pair.len);
		span raw_value = eq ? span_from(eq + 1, pair.len - raw_key.len - 1) : span_from("", 0);
		size_t key_len, value_len;
		if (!url_unescape(raw_key, true, *cursor, &key_len))
			continue;
		bool *has;
		span *slot;
		if (!list_query_slot(q, span_from(*cursor, key_len), &has, &slot) || *has)
			continue;
		if (!url_unescape(raw_value, true, *cursor, &value_len))
			continue;
		*has = true;
		*slot = span_from(*cursor, value_len);
		*cursor += value_len;
	}
}

static bool ascii_eq_fold(char c, char lower) { return c == lower || c == lower - 'a' + 'A'; }

/* "false" in any case. With unicode_fold (Go's strings.EqualFold) the 's' may also be
 * U+017F LATIN SMALL LETTER LONG S, which folds to it; strings.ToLower does not map it. */
static bool is_false_word(span v, bool unicode_fold)
{
	size_t s_len = v.len == 6 && unicode_fold && memcmp(v.ptr + 3, "\xC5\xBF", 2) == 0 ? 2 : 1;
	if (v.len != 4 + s_len)
		return false;
	bool s_ok = s_len == 2 || ascii_eq_fold(v.ptr[3], 's');
	return ascii_eq_fold(v.ptr[0], 'f') && ascii_eq_fold(v.ptr[1], 'a') &&
	       ascii_eq_fold(v.ptr[2], 'l') && s_ok && ascii_eq_fold(v.ptr[3 + s_len], 'e');
}

/* Only "0" and "false" are false. A successful decode compares with EqualFold
 * (Convert_Slice_string_To_bool); after a failed one upstream lowercases instead. */
static bool watch_requested(const list_query *q, bool decoded)
{
	if (!q->has_watch)
		return false;
	return !(span_eq(q->watch, "0") || is_false_word(q->watch, decoded));
}

/* Every list parameter converts: integers parse and both selectors parse. */
static bool every_parameter_decodes(const list_query *q)
{
	if ((q->has_limit && !parses_as_int64(q->limit)) || (q->has_timeout && !parses_as_int64(q->timeout)))
		return false;
	return !q->has_label_selector || label_selector_is_valid(q->label_selector);
}

/* Any list parameter that fails to decode discards the selector's name, as upstream
 * resets the options; the watch decision still sees the raw value. */
void list_options_parse(span query, char **cursor, list_options *out)
{
	list_query q;
	parse_list_query(query, cursor, &q);
	bool found = false;
	span escaped = { 0 };
	bool decoded = every_parameter_decodes(&q) &&
	               (!q.has_field_selector || field_selector_name_term(q.field_selector, &found, &escaped));
	out->watch = watch_requested(&q, decoded);
	out->has_name = decoded && found;
	out->name = span_from("", 0);
	if (!out->has_name)
		return;
	out->name = unescape_field_value(escaped, *cursor);
	if (out->name.ptr == *cursor)
		*cursor += out->name.len;
}
