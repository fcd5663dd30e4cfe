/* input_kind: see input_kind.h. */
#include "input_kind.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

typedef struct {
	const char *p, *end;
} text;

/* The position just after `"key"` followed by optional spaces and a colon, searching from
 * t.p; NULL when there is none. */
static const char *json_key_value(text t, const char *key)
{
	size_t klen = strlen(key);
	for (const char *at = t.p; at + klen + 2 <= t.end; at++) {
		at = memchr(at, '"', (size_t)(t.end - at));
		if (!at || at + klen + 2 > t.end)
			return NULL;
		if (memcmp(at + 1, key, klen) != 0 || at[klen + 1] != '"')
			continue;
		const char *v = at + klen + 2;
		while (v < t.end && isspace((unsigned char)*v))
			v++;
		if (v < t.end && *v == ':') {
			v++;
			while (v < t.end && isspace((unsigned char)*v))
				v++;
			return v;
		}
	}
	return NULL;
}

/* Whether a JSON key `"key"` has the string value `value` somewhere in t. */
static bool json_has(text t, const char *key, const char *value)
{
	size_t vlen = strlen(value);
	for (text rest = t;;) {
		const char *v = json_key_value(rest, key);
		if (!v)
			return false;
		if (!value[0])
			return true;
		if (v + vlen + 2 <= t.end && *v == '"' && memcmp(v + 1, value, vlen) == 0 &&
		    v[vlen + 1] == '"')
			return true;
		rest.p = v;
	}
}

/* The markers of the other kinds come first: an event's body may hold "rules" (a Role)
 * and an export's record holds an event. */
static input_kind json_kind(text t)
{
	if (json_has(t, "protoPayload", ""))
		return INPUT_KIND_CLOUD_LOGGING;
	if (json_has(t, "records", "") || (json_has(t, "category", "") && json_has(t, "properties", "")))
		return INPUT_KIND_AZURE_EXPORT;
	if (json_has(t, "auditID", "") || json_has(t, "kind", "Event") ||
	    json_has(t, "kind", "EventList"))
		return INPUT_KIND_AUDIT_LOG;
	if (json_has(t, "kind", "Policy") || json_has(t, "rules", ""))
		return INPUT_KIND_POLICY;
	return INPUT_KIND_UNKNOWN;
}

/* Whether a line of t starts (column 1) with `key:` followed by a space, the line's end or
 * the text's end; with value non-empty, that value must follow (quotes allowed). */
static bool yaml_top_key(text t, const char *key, const char *value)
{
	size_t klen = strlen(key), vlen = strlen(value);
	for (const char *line = t.p; line < t.end;) {
		const char *eol = memchr(line, '\n', (size_t)(t.end - line));
		if (!eol)
			eol = t.end;
		if ((size_t)(eol - line) > klen && memcmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *v = line + klen + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			if (*value == '\0')
				return true;
			if (v < eol && (*v == '"' || *v == '\''))
				v++;
			if ((size_t)(eol - v) >= vlen && memcmp(v, value, vlen) == 0)
				return true;
		}
		line = eol + 1;
	}
	return false;
}

static input_kind yaml_kind(text t)
{
	if (yaml_top_key(t, "kind", "Policy") ||
	    (yaml_top_key(t, "rules", "") && yaml_top_key(t, "apiVersion", "")))
		return INPUT_KIND_POLICY;
	if (yaml_top_key(t, "requests", ""))
		return INPUT_KIND_SCENARIO;
	return INPUT_KIND_UNKNOWN;
}

input_kind input_kind_of(const char *data, size_t len)
{
	if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b)
		return INPUT_KIND_GZIP;
	text t = { data, data + (len < INPUT_KIND_SNIFF ? len : INPUT_KIND_SNIFF) };
	if (t.end - t.p >= 3 && memcmp(t.p, "\xef\xbb\xbf", 3) == 0)
		t.p += 3;
	const char *first = t.p;
	while (first < t.end && isspace((unsigned char)*first))
		first++;
	if (first == t.end)
		return INPUT_KIND_UNKNOWN;
	return *first == '{' || *first == '[' ? json_kind(t) : yaml_kind(t);
}

const char *input_kind_description(input_kind kind)
{
	switch (kind) {
	case INPUT_KIND_GZIP: return "gzip-compressed data";
	case INPUT_KIND_AUDIT_LOG: return "an audit log (audit.k8s.io events)";
	case INPUT_KIND_AZURE_EXPORT: return "an Azure diagnostic export (AKS audit records)";
	case INPUT_KIND_CLOUD_LOGGING: return "a Google Cloud Logging export (protoPayload entries)";
	case INPUT_KIND_POLICY: return "an audit Policy";
	case INPUT_KIND_SCENARIO: return "an auditsim scenario";
	case INPUT_KIND_UNKNOWN: break;
	}
	return "";
}
