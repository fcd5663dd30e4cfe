/* doc_print: see doc_print.h. */
#include "doc_print.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool doc_print_format_of(const char *name, doc_print_format *out)
{
	if (strcmp(name, "json") == 0)
		*out = DOC_PRINT_JSON;
	else if (strcmp(name, "yaml") == 0)
		*out = DOC_PRINT_YAML;
	else
		return false;
	return true;
}

/* Words YAML 1.1 (which kubectl's and most readers' libraries follow) reads as booleans or
 * null, in any of their spellings. */
static bool is_yaml_keyword(const char *s)
{
	static const char *const words[] = { "y",    "n",     "yes", "no",  "on", "off",
		                             "true", "false", "null", "~" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	return false;
}

/* Whether s, written plain, would read back as a number (so "1.30" stays a string). */
static bool looks_numeric(const char *s)
{
	if (!*s)
		return false;
	char *end;
	strtod(s, &end);
	if (*end == '\0')
		return true;
	return strncmp(s, "0x", 2) == 0 || strncmp(s, "0o", 2) == 0 || strcasecmp(s, ".inf") == 0 ||
	       strcasecmp(s, "-.inf") == 0 || strcasecmp(s, ".nan") == 0;
}

/* Whether s must be quoted to read back as this same string. */
static bool needs_quotes(const char *s, size_t len)
{
	if (len == 0 || strlen(s) != len || is_yaml_keyword(s) || looks_numeric(s))
		return true;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]) || isspace((unsigned char)s[len - 1]))
		return true;
	/* YAML 1.1 also reads dates, times and base-60 numbers: leave no digit-led string plain */
	if (isdigit((unsigned char)s[0]) || s[0] == '.' || s[0] == '+')
		return true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return true;
		if ((c == ':' && (i + 1 == len || s[i + 1] == ' ')) || (c == '#' && s[i - 1] == ' '))
			return true;
	}
	return false;
}

/* The code point of the UTF-8 sequence at s (valid UTF-8, as jansson's strings are) and
 * its length in *n. */
static unsigned utf8_decode(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return (unsigned)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*n = 3;
		return (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*n = 4;
	return (unsigned)(s[0] & 0x07) << 18 | (unsigned)(s[1] & 0x3f) << 12 |
	       (unsigned)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

/* Characters YAML does not allow as they are (c-printable), or reads as line breaks. */
static bool must_escape(unsigned c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
	       c == 0xfeff || c == 0xfffe || c == 0xffff;
}

static bool has_unprintable(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n)
		if (must_escape(utf8_decode((const unsigned char *)s + i, &n)))
			return true;
	return false;
}

/* A YAML double-quoted scalar: quote and backslash escaped, and every character YAML does
 * not print as it is written as a hexadecimal escape (two digits below 0x100, else four). */
static void print_quoted(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0, n; i < len; i += n) {
		unsigned c = utf8_decode((const unsigned char *)s + i, &n);
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", (int)c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (must_escape(c))
			fprintf(out, c < 0x100 ? "\\x%02X" : "\\u%04X", c);
		else
			fwrite(s + i, 1, n, out);
	}
	fputc('"', out);
}

static void print_string(FILE *out, const char *s, size_t len)
{
	if (needs_quotes(s, len) || has_unprintable(s, len))
		print_quoted(out, s, len);
	else
		fwrite(s, 1, len, out);
}

static bool is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static bool is_empty(const json_t *v)
{
	return (json_is_object(v) && json_object_size(v) == 0) ||
	       (json_is_array(v) && json_array_size(v) == 0);
}

static void print_scalar(FILE *out, const json_t *v)
{
	if (json_is_string(v))
		print_string(out, json_string_value(v), json_string_length(v));
	else if (json_is_object(v))
		fputs("{}", out);
	else if (json_is_array(v))
		fputs("[]", out);
	else
		json_dumpf(v, out, JSON_ENCODE_ANY); /* numbers, true, false, null as JSON has them */
}

static void print_node(FILE *out, const json_t *v, int indent, bool inline_first);

static void print_object(FILE *out, const json_t *obj, int indent, bool inline_first)
{
	const char *key;
	json_t *value;
	bool first = true;
	json_object_foreach((json_t *)obj, key, value) {
		if (!(first && inline_first))
			fprintf(out, "%*s", indent, "");
		first = false;
		/* YAML keys written inline may be at most 1024 characters: a long one (escapes may
		 * make it up to 6 times as long) takes the explicit form "? key" then ": value" */
		size_t key_len = strlen(key);
		if (key_len > 128) {
			fputs("? ", out);
			print_string(out, key, key_len);
			fprintf(out, "\n%*s", indent, "");
		} else {
			print_string(out, key, key_len);
		}
		fputc(':', out);
		if (is_scalar(value) || is_empty(value)) {
			fputc(' ', out);
			print_scalar(out, value);
			fputc('\n', out);
		} else {
			fputc('\n', out);
			print_node(out, value, json_is_array(value) ? indent : indent + 2, false);
		}
	}
}

static void print_array(FILE *out, const json_t *arr, int indent, bool inline_first)
{
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item) {
		if (!(i == 0 && inline_first))
			fprintf(out, "%*s", indent, "");
		fputs("- ", out);
		if (is_scalar(item) || is_empty(item)) {
			print_scalar(out, item);
			fputc('\n', out);
		} else if (json_is_object(item)) {
			print_object(out, item, indent + 2, true);
		} else {
			print_array(out, item, indent + 2, true);
		}
	}
}

static void print_node(FILE *out, const json_t *v, int indent, bool inline_first)
{
	if (json_is_object(v) && json_object_size(v))
		print_object(out, v, indent, inline_first);
	else if (json_is_array(v) && json_array_size(v))
		print_array(out, v, indent, inline_first);
	else {
		print_scalar(out, v);
		fputc('\n', out);
	}
}

void doc_print(FILE *out, const json_t *doc, doc_print_format format)
{
	if (format == DOC_PRINT_JSON) {
		json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		fputc('\n', out);
		return;
	}
	print_node(out, doc, 0, false);
}
