/* YAML 1.1 scalar typing exactly as go-yaml v2 (used by sigs.k8s.io/yaml) does it for a
 * plain, untagged scalar: a fixed table of words first, then Go's ParseInt / ParseUint
 * with base prefixes (after deleting every `_`), then its float pattern. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "yaml_doc_internal.h"

typedef struct {
	const char *word;
	doc_kind kind;
	bool boolean;
} yaml_word;

static const yaml_word yaml_words[] = {
	{ "y", DOC_BOOL, true },     { "Y", DOC_BOOL, true },      { "yes", DOC_BOOL, true },
	{ "Yes", DOC_BOOL, true },   { "YES", DOC_BOOL, true },    { "true", DOC_BOOL, true },
	{ "True", DOC_BOOL, true },  { "TRUE", DOC_BOOL, true },   { "on", DOC_BOOL, true },
	{ "On", DOC_BOOL, true },    { "ON", DOC_BOOL, true },     { "n", DOC_BOOL, false },
	{ "N", DOC_BOOL, false },    { "no", DOC_BOOL, false },    { "No", DOC_BOOL, false },
	{ "NO", DOC_BOOL, false },   { "false", DOC_BOOL, false }, { "False", DOC_BOOL, false },
	{ "FALSE", DOC_BOOL, false }, { "off", DOC_BOOL, false },  { "Off", DOC_BOOL, false },
	{ "OFF", DOC_BOOL, false },  { "", DOC_NULL, false },      { "~", DOC_NULL, false },
	{ "null", DOC_NULL, false }, { "Null", DOC_NULL, false },  { "NULL", DOC_NULL, false },
	{ ".nan", DOC_FLOAT, false }, { ".NaN", DOC_FLOAT, false }, { ".NAN", DOC_FLOAT, false },
	{ ".inf", DOC_FLOAT, false }, { ".Inf", DOC_FLOAT, false }, { ".INF", DOC_FLOAT, false },
	{ "+.inf", DOC_FLOAT, false }, { "+.Inf", DOC_FLOAT, false }, { "+.INF", DOC_FLOAT, false },
	{ "-.inf", DOC_FLOAT, false }, { "-.Inf", DOC_FLOAT, false }, { "-.INF", DOC_FLOAT, false },
};

static const yaml_word *find_word(const char *text, size_t len)
{
	for (size_t i = 0; i < sizeof yaml_words / sizeof yaml_words[0]; i++) {
		if (strlen(yaml_words[i].word) == len && memcmp(yaml_words[i].word, text, len) == 0)
			return &yaml_words[i];
	}
	return NULL;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Go's strconv.ParseUint(s, 0, 64) on the unsigned part: 0x/0o/0b prefixes, a leading 0
 * for octal. Returns false on syntax errors and overflow. */
static bool parse_go_uint(const char *s, size_t len, uint64_t *out)
{
	unsigned base = 10;
	size_t i = 0;
	if (len >= 2 && s[0] == '0') {
		char p = (char)tolower((unsigned char)s[1]);
		base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 8;
		i = base == 8 && p != 'o' ? 1 : 2;
	}
	if (i >= len)
		return false;
	uint64_t value = 0;
	for (; i < len; i++) {
		int dv = digit_value(s[i]);
		if (dv >= (int)base)
			return false;
		if (value > (UINT64_MAX - (uint64_t)dv) / base)
			return false;
		value = value * base + (uint64_t)dv;
	}
	*out = value;
	return true;
}

/* ParseInt then ParseUint (which takes no sign). *negative tells the sign. */
static bool parse_go_int(const char *s, size_t len, uint64_t *magnitude, bool *negative)
{
	*negative = false;
	size_t start = 0;
	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		*negative = s[0] == '-';
		start = 1;
	}
	if (!parse_go_uint(s + start, len - start, magnitude))
		return false;
	if (start == 0)
		return true; /* ParseUint accepts the full uint64 range */
	return *negative ? *magnitude <= (uint64_t)INT64_MAX + 1 : *magnitude <= (uint64_t)INT64_MAX;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool matches_yaml_float(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	size_t digits = 0;
	while (i < len && isdigit((unsigned char)s[i]))
		i++, digits++;
	if (digits == 0) {
		if (i >= len || s[i] != '.')
			return false;
		i++;
		size_t frac = 0;
		while (i < len && isdigit((unsigned char)s[i]))
			i++, frac++;
		if (frac == 0)
			return false;
	} else if (i < len && s[i] == '.') {
		i++;
		while (i < len && isdigit((unsigned char)s[i]))
			i++;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t exp = 0;
		while (i < len && isdigit((unsigned char)s[i]))
			i++, exp++;
		if (exp == 0)
			return false;
	}
	return i == len;
}

/* Go's ParseFloat fails on overflow to infinity (and on syntax). */
static bool parses_as_finite_float(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end != '\0' || end == s)
		return false;
	return !(errno == ERANGE && isinf(v));
}

/* Go's ParseFloat grammar for what follows a leading '.': digits with an exponent; C's
 * strtod would also take hex and "inf" forms, which cannot start with '.'. */
static bool dot_float(const char *text, size_t len)
{
	return matches_yaml_float(text, len) && parses_as_finite_float(text);
}

static char *without_underscores(const char *text, size_t len)
{
	char *plain = xmalloc(len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '_')
			plain[n++] = text[i];
	}
	plain[n] = '\0';
	return plain;
}

static doc_kind resolve_number(const char *text, size_t len)
{
	char *plain = without_underscores(text, len);
	size_t plain_len = strlen(plain);
	uint64_t magnitude;
	bool negative;
	doc_kind kind = DOC_STRING;
	if (parse_go_int(plain, plain_len, &magnitude, &negative))
		kind = DOC_INT;
	else if (matches_yaml_float(plain, plain_len) && parses_as_finite_float(plain))
		kind = DOC_FLOAT;
	free(plain);
	return kind;
}

doc_kind yaml_resolve_plain(const char *text, size_t len, bool *boolean)
{
	*boolean = false;
	const yaml_word *word = find_word(text, len);
	if (word) {
		*boolean = word->boolean;
		return word->kind;
	}
	if (len == 0)
		return DOC_NULL;
	char first = text[0];
	if (first == '.') {
		char *copy = xstrndup(text, len);
		bool is_float = dot_float(copy, len);
		free(copy);
		return is_float ? DOC_FLOAT : DOC_STRING;
	}
	if (isdigit((unsigned char)first) || first == '+' || first == '-')
		return resolve_number(text, len);
	return DOC_STRING;
}

const char *yaml_int_decimal(doc *d, const char *text, size_t len)
{
	char *plain = without_underscores(text, len);
	uint64_t magnitude;
	bool negative;
	bool ok = parse_go_int(plain, strlen(plain), &magnitude, &negative);
	free(plain);
	if (!ok)
		return NULL;
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%s%llu", negative && magnitude ? "-" : "",
	                 (unsigned long long)magnitude);
	return doc_strndup(d, buf, (size_t)n);
}
