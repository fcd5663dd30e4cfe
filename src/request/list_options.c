/* list_options: the query of a get without a name, decoded as kube-apiserver decodes
 * metav1.ListOptions (the pairs as Go's url.ParseQuery splits them; limit and
 * timeoutSeconds as int64; labelSelector and fieldSelector with the grammars of
 * apimachinery's labels.Parse and fields.ParseSelector, in selectors.c). All the audit
 * policy can see of the query is list vs watch and the name a metadata.name field
 * selector picks (list_options.h). Nothing here allocates: every decoded byte goes to
 * the caller's cursor. */
#include "list_options.h"

#include <string.h>

#include "go_strconv.h"
#include "selectors.h"
#include "url_unescape.h"

/* The first value of each ListOptions parameter that can change the outcome. */
typedef struct {
	bool has_watch, has_field_selector, has_label_selector, has_limit, has_timeout;
	span watch, field_selector, label_selector, limit, timeout;
} list_query;

static span span_from(const char *p, size_t n) { return (span){ p, n }; }

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
static bool every_parameter_decodes(const list_query *q, kube_version version)
{
	if ((q->has_limit && !go_parses_int64(q->limit)) || (q->has_timeout && !go_parses_int64(q->timeout)))
		return false;
	return !q->has_label_selector || label_selector_is_valid(q->label_selector, version);
}

/* Any list parameter that fails to decode discards the selector's name, as upstream
 * resets the options; the watch decision still sees the raw value. */
void list_options_parse(span query, kube_version version, char **cursor, list_options *out)
{
	list_query q;
	parse_list_query(query, cursor, &q);
	bool found = false;
	span escaped = { 0 };
	bool decoded = every_parameter_decodes(&q, version) &&
	               (!q.has_field_selector || field_selector_name_term(q.field_selector, &found, &escaped));
	out->watch = watch_requested(&q, decoded);
	out->has_name = decoded && found;
	out->name = span_from("", 0);
	if (!out->has_name)
		return;
	out->name = field_selector_unescape_value(escaped, *cursor);
	if (out->name.ptr == *cursor)
		*cursor += out->name.len;
}
