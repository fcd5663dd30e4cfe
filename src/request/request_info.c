/* request_info: HTTP method + request URI -> the attributes the audit policy sees.
 *
 * The path is percent-decoded as Go's net/url does before kube-apiserver looks at it,
 * then split into segments. For a get without a name the query decides list or watch
 * and may name the object through a metadata.name field selector; list_options decodes
 * it as ListOptions would, and this file only applies the outcome.
 *
 * Memory: everything decoded goes into the caller's scratch buffer, sized once per call
 * for the worst case, so the parse never allocates once the buffer is large enough. */
#include "request_info.h"

#include <stdlib.h>
#include <string.h>

#include "list_options.h"
#include "url_unescape.h"
#include "xalloc.h"

#define MAX_SEGMENTS 12 /* the parser never looks past segment 9 */

typedef struct {
	span items[MAX_SEGMENTS];
	size_t count; /* all segments, even those not stored */
} path_segments;

void request_info_scratch_free(request_info_scratch *s)
{
	free(s->buf);
	s->buf = NULL;
	s->cap = 0;
}

/* ---- bytes ---- */

static span span_from(const char *p, size_t n) { return (span){ p, n }; }

static bool is_token_byte(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* net/http answers 400 itself for a method that is not an HTTP token. */
static bool method_is_token(span method)
{
	if (method.len == 0)
		return false;
	for (size_t i = 0; i < method.len; i++) {
		if (!is_token_byte((unsigned char)method.ptr[i]))
			return false;
	}
	return true;
}

/* Methods compare exactly, as Go's switch on req.Method does: HTTP methods are
 * case-sensitive, so a resource request made with "get" gets verb "", not "get". */
static bool method_is(span method, const char *name)
{
	size_t n = strlen(name);
	return method.len == n && memcmp(method.ptr, name, n) == 0;
}

/* Only origin-form URIs reach kube-apiserver's handlers: "*" (OPTIONS) is answered by
 * net/http, and control bytes or spaces make the request line invalid. */
static bool request_uri_is_acceptable(span url)
{
	if (url.len == 0 || url.ptr[0] != '/')
		return false;
	for (size_t i = 0; i < url.len; i++) {
		unsigned char c = (unsigned char)url.ptr[i];
		if (c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

/* path.IsValidPathSegmentName: not "." or "..", no '/' or '%'. */
static bool is_path_segment_name(span name)
{
	return !span_eq(name, ".") && !span_eq(name, "..") && !memchr(name.ptr, '/', name.len) &&
	       !memchr(name.ptr, '%', name.len);
}

/* ---- the query ---- */

/* The verb becomes list or watch; the name a field selector picks is kept only when it
 * could be a path segment, as requestinfo.go checks before using it. */
static void resolve_list_or_watch(span query, kube_version version, char **cursor,
                                  request_attrs *out)
{
	list_options options;
	list_options_parse(query, version, cursor, &options);
	out->verb = span_of(options.watch ? "watch" : "list");
	if (options.has_name && is_path_segment_name(options.name))
		out->name = options.name;
}

/* ---- the path ---- */

/* Trims '/' at both ends and splits on '/', keeping empty segments. */
static void split_path(span path, path_segments *segs)
{
	size_t begin = 0, end = path.len;
	while (begin < end && path.ptr[begin] == '/')
		begin++;
	while (end > begin && path.ptr[end - 1] == '/')
		end--;
	segs->count = 0;
	if (begin == end)
		return;
	size_t start = begin;
	for (size_t i = begin; i <= end; i++) {
		if (i < end && path.ptr[i] != '/')
			continue;
		if (segs->count < MAX_SEGMENTS)
			segs->items[segs->count] = span_from(path.ptr + start, i - start);
		segs->count++;
		start = i + 1;
	}
}

static span verb_for_method(span method)
{
	if (method_is(method, "POST"))
		return span_of("create");
	if (method_is(method, "GET") || method_is(method, "HEAD"))
		return span_of("get");
	if (method_is(method, "PUT"))
		return span_of("update");
	if (method_is(method, "PATCH"))
		return span_of("patch");
	if (method_is(method, "DELETE"))
		return span_of("delete");
	return span_of("");
}

static span lowercase_copy(span s, char **cursor)
{
	char *dst = *cursor;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];
		dst[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	*cursor += s.len;
	return span_from(dst, s.len);
}

/* The resource form: /api/<version>/... or /apis/<group>/<version>/..., an optional
 * watch|proxy verb segment, an optional namespaces/<ns>, then
 * resource/name/subresource. Returns false for a verb segment with nothing after it. */
static bool parse_resource_parts(const path_segments *segs, bool grouped, span method,
                                 request_attrs *out)
{
	size_t i = grouped ? 3 : 2;
	out->api_group = grouped ? segs->items[1] : span_from("", 0);
	out->api_version = segs->items[i - 1];
	bool verb_in_path = span_eq(segs->items[i], "watch") || span_eq(segs->items[i], "proxy");
	if (verb_in_path) {
		if (segs->count - i < 2)
			return false;
		out->verb = segs->items[i++];
	} else {
		out->verb = verb_for_method(method);
	}

	if (span_eq(segs->items[i], "namespaces") && segs->count - i > 1) {
		out->namespace_ = segs->items[i + 1];
		/* namespaces/<ns>/status|finalize are subresources of the namespace itself */
		if (segs->count - i > 2 && !span_eq(segs->items[i + 2], "status") &&
		    !span_eq(segs->items[i + 2], "finalize"))
			i += 2;
	}
	size_t parts = segs->count - i;
	out->resource = segs->items[i];
	if (parts >= 2)
		out->name = segs->items[i + 1];
	if (parts >= 3 && !span_eq(out->verb, "proxy"))
		out->subresource = segs->items[i + 2];
	return true;
}

static bool is_resource_path(const path_segments *segs, bool *grouped)
{
	if (segs->count < 3)
		return false;
	*grouped = span_eq(segs->items[0], "apis");
	if (!*grouped && !span_eq(segs->items[0], "api"))
		return false;
	return !*grouped || segs->count >= 4;
}

static void reserve_scratch(request_info_scratch *s, size_t need)
{
	if (s->cap >= need)
		return;
	free(s->buf);
	s->buf = xmalloc(need);
	s->cap = need;
}

bool request_info_parse(span method, span url, request_attrs *out, request_info_scratch *scratch)
{
	return request_info_parse_for(method, url, KUBE_VERSION_NEWEST, out, scratch);
}

bool request_info_parse_for(span method, span url, kube_version version, request_attrs *out,
                            request_info_scratch *scratch)
{
	if (!method_is_token(method) || !request_uri_is_acceptable(url))
		return false;
	const char *question = memchr(url.ptr, '?', url.len);
	span raw_path = span_from(url.ptr, question ? (size_t)(question - url.ptr) : url.len);
	span query = question ? span_from(question + 1, url.len - raw_path.len - 1) : span_from("", 0);

	/* path + lowercased method + list_options_parse's at most 4x the query */
	reserve_scratch(scratch, raw_path.len + method.len + 4 * query.len + 1);
	char *cursor = scratch->buf;
	size_t path_len;
	if (!url_unescape(raw_path, false, cursor, &path_len))
		return false;
	out->path = span_from(cursor, path_len);
	cursor += path_len;

	span empty = span_from("", 0);
	out->api_group = out->api_version = out->resource = empty;
	out->subresource = out->namespace_ = out->name = empty;

	path_segments segs;
	bool grouped = false;
	split_path(out->path, &segs);
	out->is_resource = is_resource_path(&segs, &grouped);
	if (!out->is_resource) {
		out->verb = lowercase_copy(method, &cursor);
		return true;
	}
	if (!parse_resource_parts(&segs, grouped, method, out))
		return false;
	if (out->name.len == 0 && span_eq(out->verb, "get"))
		resolve_list_or_watch(query, version, &cursor, out);
	if (out->name.len == 0 && span_eq(out->verb, "delete"))
		out->verb = span_of("deletecollection");
	return true;
}

/* A non-resource verb is the method lowercased, so only the exact lowercase form maps
 * back. */
static bool is_lowercase_of(span verb, const char *upper)
{
	size_t n = strlen(upper);
	if (verb.len != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (verb.ptr[i] != (char)(upper[i] - 'A' + 'a'))
			return false;
	}
	return true;
}

const char *method_for_verb(span verb, bool is_resource)
{
	static const char *const resource_methods[][2] = {
		{ "create", "POST" }, { "get", "GET" },       { "list", "GET" },
		{ "watch", "GET" },   { "proxy", "GET" },     { "update", "PUT" },
		{ "patch", "PATCH" }, { "delete", "DELETE" }, { "deletecollection", "DELETE" },
	};
	static const char *const http_methods[] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE",
	};
	if (is_resource) {
		for (size_t i = 0; i < sizeof resource_methods / sizeof resource_methods[0]; i++) {
			if (span_eq(verb, resource_methods[i][0]))
				return resource_methods[i][1];
		}
		return NULL;
	}
	for (size_t i = 0; i < sizeof http_methods / sizeof http_methods[0]; i++) {
		if (is_lowercase_of(verb, http_methods[i]))
			return http_methods[i];
	}
	return NULL;
}
