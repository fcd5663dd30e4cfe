/* selectors: see selectors.h. */
#include "selectors.h"

#include <string.h>

#include "go_strconv.h"

static span span_from(const char *p, size_t n) { return (span){ p, n }; }

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

/* An entry of a value list: a valid label value, followed by ',' or ')'. */
static bool value_entry_is_valid(const label_parser *p, label_token t)
{
	label_token_kind after = peek(p, CTX_VALUES).kind;
	return is_label_value(t.text) && (after == LT_COMMA || after == LT_CLOSE);
}

/* Since 1.35 (apimachinery 65de33d3): "(a,,b)", "(,)", "(a,)", "(a,,)": empty entries
 * are the value "", however many commas there are. */
static bool parse_value_entries(label_parser *p)
{
	for (;;) {
		label_token t = take(p, CTX_VALUES);
		if (t.kind == LT_IDENT && !value_entry_is_valid(p, t))
			return false;
		if (t.kind != LT_IDENT && t.kind != LT_COMMA)
			return false;
		if (peek(p, CTX_VALUES).kind == LT_CLOSE)
			return true;
	}
}

/* Before 1.35 the list parser takes a second ',' right after a first one, then wants a
 * value or a ',': so "(a,,b)" and "(a,,,)" parse but "(a,,)" and "(,,)" do not. */
static bool parse_value_entries_before_1_35(label_parser *p)
{
	for (;;) {
		label_token t = take(p, CTX_VALUES);
		if (t.kind == LT_IDENT) {
			if (!value_entry_is_valid(p, t))
				return false;
		} else if (t.kind == LT_COMMA) {
			if (peek(p, CTX_VALUES).kind == LT_COMMA)
				take(p, CTX_VALUES);
			else if (peek(p, CTX_VALUES).kind == LT_CLOSE)
				return true;
			continue;
		} else {
			return false;
		}
		if (peek(p, CTX_VALUES).kind == LT_CLOSE)
			return true;
	}
}

/* "(" entries ")"; "()" is the value "". */
static bool parse_value_list(label_parser *p, kube_version version)
{
	if (take(p, CTX_VALUES).kind != LT_OPEN)
		return false;
	label_token_kind first = peek(p, CTX_VALUES).kind;
	if (first != LT_CLOSE) {
		if (first != LT_IDENT && first != LT_COMMA)
			return false;
		bool entries = kube_version_at_least(version, 35) ? parse_value_entries(p)
		                                                   : parse_value_entries_before_1_35(p);
		if (!entries)
			return false;
	}
	take(p, CTX_VALUES);
	return true;
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

static bool parse_requirement(label_parser *p, kube_version version)
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
		return parse_value_list(p, version);
	case LT_EQ:
	case LT_DOUBLE_EQ:
	case LT_NOT_EQ:
		return parse_exact_value(p, &value) && is_label_value(value);
	case LT_GT:
	case LT_LT:
		return parse_exact_value(p, &value) && is_label_value(value) && go_parses_int64(value);
	default:
		return false;
	}
}

bool label_selector_is_valid(span selector, kube_version version)
{
	label_parser p = { .input = selector };
	p.next = lex(&p);
	label_token_kind next = peek(&p, CTX_VALUES).kind;
	while (next != LT_EOS) {
		if (next != LT_IDENT && next != LT_NOT)
			return false;
		if (!parse_requirement(&p, version))
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
bool field_selector_name_term(span selector, bool *found, span *value)
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
span field_selector_unescape_value(span v, char *dst)
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
