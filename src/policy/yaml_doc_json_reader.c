/* yaml_doc_json_reader: yaml_doc's JSON reader, the builder of the document tree for
 * `{`-first files (yaml_doc.h; doc_build_json in yaml_doc_internal.h). Strict JSON, with
 * the grammar and messages of Go's encoding/json (which kube-apiserver uses for them): no
 * comments, no trailing commas, no unquoted keys, nothing after the top-level value. Like
 * Go, invalid UTF-8 and lone surrogates inside strings become U+FFFD instead of failing.
 * It has no header of its own: yaml_doc calls it and it builds into yaml_doc's arena, so a
 * header would make the two modules include each other (tests/layers.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yaml_doc_internal.h"

typedef struct {
	doc *d;
	diag_list *diags;
	const unsigned char *p, *end;
	source_pos pos;
} json_reader;

static void put_rune(strbuf *b, uint32_t rune)
{
	unsigned char out[4];
	size_t n;
	if (rune < 0x80) {
		out[0] = (unsigned char)rune;
		n = 1;
	} else if (rune < 0x800) {
		out[0] = (unsigned char)(0xC0 | rune >> 6);
		out[1] = (unsigned char)(0x80 | (rune & 0x3F));
		n = 2;
	} else if (rune < 0x10000) {
		out[0] = (unsigned char)(0xE0 | rune >> 12);
		out[1] = (unsigned char)(0x80 | ((rune >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (rune & 0x3F));
		n = 3;
	} else {
		out[0] = (unsigned char)(0xF0 | rune >> 18);
		out[1] = (unsigned char)(0x80 | ((rune >> 12) & 0x3F));
		out[2] = (unsigned char)(0x80 | ((rune >> 6) & 0x3F));
		out[3] = (unsigned char)(0x80 | (rune & 0x3F));
		n = 4;
	}
	strbuf_put(b, out, n);
}

static void advance(json_reader *r)
{
	if (*r->p == '\n') {
		r->pos.line++;
		r->pos.col = 1;
	} else if ((*r->p & 0xC0) != 0x80) {
		r->pos.col++;
	}
	r->p++;
}

static bool at_end(const json_reader *r) { return r->p >= r->end; }

static void skip_space(json_reader *r)
{
	while (!at_end(r) && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		advance(r);
}

/* Go's quoteChar: how encoding/json shows the offending character. */
static void syntax_error(json_reader *r, const char *context)
{
	if (at_end(r)) {
		diag_add(r->diags, DIAG_ERROR, r->pos, NULL, "invalid JSON: unexpected end of JSON input");
		return;
	}
	unsigned char c = *r->p;
	if (c == '\'')
		diag_add(r->diags, DIAG_ERROR, r->pos, NULL, "invalid JSON: invalid character '\\'' %s",
		         context);
	else if (c == '"')
		diag_add(r->diags, DIAG_ERROR, r->pos, NULL, "invalid JSON: invalid character '\"' %s",
		         context);
	else if (c < 0x20 || c >= 0x7F)
		diag_add(r->diags, DIAG_ERROR, r->pos, NULL,
		         "invalid JSON: invalid character '\\x%02x' %s", c, context);
	else
		diag_add(r->diags, DIAG_ERROR, r->pos, NULL, "invalid JSON: invalid character '%c' %s",
		         c, context);
}

static bool expect_char(json_reader *r, char want, const char *context)
{
	skip_space(r);
	if (at_end(r) || *r->p != (unsigned char)want) {
		syntax_error(r, context);
		return false;
	}
	advance(r);
	return true;
}

/* Length of a valid UTF-8 sequence at p (Go's rules: no overlongs, no surrogates), or 0. */
static size_t utf8_sequence_len(const unsigned char *p, const unsigned char *end)
{
	size_t left = (size_t)(end - p);
	unsigned char c = p[0];
	if (c >= 0xC2 && c <= 0xDF)
		return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

/* Reads the 4 hex digits after "\u"; -1 after reporting an error. */
static int32_t read_hex4(json_reader *r)
{
	int32_t value = 0;
	for (int i = 0; i < 4; i++) {
		int digit = at_end(r) ? -1 : hex_digit_value(*r->p);
		if (digit < 0) {
			syntax_error(r, "in \\u hexadecimal character escape");
			return -1;
		}
		value = value * 16 + digit;
		advance(r);
	}
	return value;
}

static bool low_surrogate_follows(const json_reader *r)
{
	return r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' &&
	       (r->p[2] == 'd' || r->p[2] == 'D') && strchr("cdefCDEF", r->p[3]) && r->p[3];
}

static bool read_unicode_escape(json_reader *r, strbuf *out)
{
	int32_t rune = read_hex4(r);
	if (rune < 0)
		return false;
	if (rune >= 0xD800 && rune < 0xDC00 && low_surrogate_follows(r)) {
		advance(r);
		advance(r);
		int32_t low = read_hex4(r);
		if (low < 0)
			return false;
		put_rune(out, 0x10000 + (((uint32_t)rune - 0xD800) << 10) + ((uint32_t)low - 0xDC00));
		return true;
	}
	put_rune(out, rune >= 0xD800 && rune < 0xE000 ? 0xFFFD : (uint32_t)rune);
	return true;
}

static bool read_escape(json_reader *r, strbuf *out)
{
	advance(r); /* the backslash */
	if (at_end(r)) {
		syntax_error(r, "in string escape code");
		return false;
	}
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *hit = *r->p ? strchr(from, *r->p) : NULL;
	if (hit) {
		strbuf_put(out, &to[hit - from], 1);
		advance(r);
		return true;
	}
	if (*r->p != 'u') {
		syntax_error(r, "in string escape code");
		return false;
	}
	advance(r);
	return read_unicode_escape(r, out);
}

static bool read_string_bytes(json_reader *r, strbuf *out)
{
	advance(r); /* the opening quote */
	for (;;) {
		if (at_end(r)) {
			syntax_error(r, "in string literal");
			return false;
		}
		unsigned char c = *r->p;
		if (c == '"') {
			advance(r);
			return true;
		}
		if (c < 0x20) {
			syntax_error(r, "in string literal");
			return false;
		}
		if (c == '\\') {
			if (!read_escape(r, out))
				return false;
			continue;
		}
		size_t n = c < 0x80 ? 1 : utf8_sequence_len(r->p, r->end);
		if (n == 0) {
			put_rune(out, 0xFFFD);
			n = 1;
		} else {
			strbuf_put(out, r->p, n);
		}
		for (size_t i = 0; i < n; i++)
			advance(r);
	}
}

static const doc_node *read_string(json_reader *r)
{
	doc_node *node = doc_new_node(r->d, DOC_STRING, r->pos);
	strbuf text = STRBUF_INIT;
	bool ok = read_string_bytes(r, &text);
	if (ok) {
		node->text = doc_strndup(r->d, strbuf_str(&text), text.len);
		node->len = text.len;
	}
	strbuf_free(&text);
	return ok ? node : NULL;
}

static bool is_digit(const json_reader *r) { return !at_end(r) && *r->p >= '0' && *r->p <= '9'; }

static bool read_digits(json_reader *r, const char *context)
{
	if (!is_digit(r)) {
		syntax_error(r, context);
		return false;
	}
	while (is_digit(r))
		advance(r);
	return true;
}

static const doc_node *read_number(json_reader *r)
{
	const unsigned char *start = r->p;
	doc_node *node = doc_new_node(r->d, DOC_INT, r->pos);
	if (*r->p == '-')
		advance(r);
	if (!at_end(r) && *r->p == '0')
		advance(r);
	else if (!read_digits(r, "in numeric literal"))
		return NULL;
	if (!at_end(r) && *r->p == '.') {
		advance(r);
		node->kind = DOC_FLOAT;
		if (!read_digits(r, "after decimal point in numeric literal"))
			return NULL;
	}
	if (!at_end(r) && (*r->p == 'e' || *r->p == 'E')) {
		advance(r);
		node->kind = DOC_FLOAT;
		if (!at_end(r) && (*r->p == '+' || *r->p == '-'))
			advance(r);
		if (!read_digits(r, "in exponent of numeric literal"))
			return NULL;
	}
	node->len = (size_t)(r->p - start);
	node->text = doc_strndup(r->d, (const char *)start, node->len);
	return node;
}

static const doc_node *read_literal(json_reader *r, const char *word, doc_kind kind)
{
	doc_node *node = doc_new_node(r->d, kind, r->pos);
	char context[40];
	for (size_t i = 0; word[i]; i++) {
		if (at_end(r) || *r->p != (unsigned char)word[i]) {
			snprintf(context, sizeof context, "in literal %s (expecting '%c')", word, word[i]);
			syntax_error(r, context);
			return NULL;
		}
		advance(r);
	}
	node->text = word;
	node->len = strlen(word);
	node->boolean = word[0] == 't';
	return node;
}

static const doc_node *read_value(json_reader *r, int depth);

static const doc_node *read_array(json_reader *r, int depth)
{
	doc_node *seq = doc_new_node(r->d, DOC_SEQ, r->pos);
	advance(r);
	const doc_node **items = NULL;
	size_t count = 0, capacity = 0;
	skip_space(r);
	bool ok = true;
	if (!at_end(r) && *r->p == ']') {
		advance(r);
	} else {
		for (;;) {
			const doc_node *item = read_value(r, depth + 1);
			if (!item) {
				ok = false;
				break;
			}
			if (count == capacity) {
				capacity = capacity ? capacity * 2 : 8;
				items = xreallocarray(items, capacity, sizeof *items);
			}
			items[count++] = item;
			doc_add_weight(&seq->weight, item->weight);
			skip_space(r);
			if (!at_end(r) && *r->p == ',') {
				advance(r);
				continue;
			}
			ok = expect_char(r, ']', "after array element");
			break;
		}
	}
	if (ok && count) {
		seq->items = doc_alloc(r->d, count * sizeof *items);
		memcpy(seq->items, items, count * sizeof *items);
		seq->item_count = count;
	}
	free(items);
	return ok ? seq : NULL;
}

static bool read_member(json_reader *r, pair_vec *pairs, int depth)
{
	skip_space(r);
	if (at_end(r) || *r->p != '"') {
		syntax_error(r, "looking for beginning of object key string");
		return false;
	}
	doc_pair pair = { .pos = r->pos };
	pair.key = read_string(r);
	if (!pair.key || !expect_char(r, ':', "after object key"))
		return false;
	pair.value = read_value(r, depth + 1);
	if (!pair.value)
		return false;
	pair.name = pair.key->text;
	pair.name_len = pair.key->len;
	pair_vec_push(pairs, pair);
	return true;
}

static const doc_node *read_object(json_reader *r, int depth)
{
	doc_node *map = doc_new_node(r->d, DOC_MAP, r->pos);
	advance(r);
	pair_vec pairs = { 0 };
	skip_space(r);
	bool ok = true;
	if (!at_end(r) && *r->p == '}') {
		advance(r);
	} else {
		for (;;) {
			if (!read_member(r, &pairs, depth)) {
				ok = false;
				break;
			}
			skip_space(r);
			if (!at_end(r) && *r->p == ',') {
				advance(r);
				continue;
			}
			ok = expect_char(r, '}', "after object key:value pair");
			break;
		}
	}
	if (!ok) {
		free(pairs.items);
		return NULL;
	}
	if (!doc_finish_map(r->d, map, &pairs)) {
		diag_add(r->diags, DIAG_ERROR, map->pos, NULL,
		         "document has more than %d nodes (auditsim's limit for policies)", DOC_MAX_NODES);
		return NULL;
	}
	return map;
}

static const doc_node *read_value(json_reader *r, int depth)
{
	skip_space(r);
	if (at_end(r)) {
		syntax_error(r, "looking for beginning of value");
		return NULL;
	}
	unsigned char c = *r->p;
	if ((c == '{' || c == '[') && depth >= DOC_MAX_DEPTH) {
		diag_add(r->diags, DIAG_ERROR, r->pos, NULL,
		         "document nests deeper than %d levels (auditsim's limit for policies)", DOC_MAX_DEPTH);
		return NULL;
	}
	switch (c) {
	case '{':
		return read_object(r, depth);
	case '[':
		return read_array(r, depth);
	case '"':
		return read_string(r);
	case 't':
		return read_literal(r, "true", DOC_BOOL);
	case 'f':
		return read_literal(r, "false", DOC_BOOL);
	case 'n':
		return read_literal(r, "null", DOC_NULL);
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return read_number(r);
		syntax_error(r, "looking for beginning of value");
		return NULL;
	}
}

const doc_node *doc_build_json(doc *d, const char *data, size_t len, diag_list *diags)
{
	json_reader r = { d, diags, (const unsigned char *)data, (const unsigned char *)data + len,
		          { 1, 1 } };
	const doc_node *root = read_value(&r, 0);
	if (!root)
		return NULL;
	skip_space(&r);
	if (!at_end(&r)) {
		syntax_error(&r, "after top-level value");
		return NULL;
	}
	return root;
}
