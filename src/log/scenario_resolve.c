/* scenario_resolve: from the keys of one scenario request to what kube-apiserver's
 * policy would see. Attributes are first turned into the method and URL a client sends
 * (§4 run backwards), then that URL goes through request_info_parse like any recorded
 * URL, and the result must give back the attributes that were written: a name with a
 * "/" or a verb that needs a name it lacks is reported rather than silently changed. */
#include "scenario.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "request_info.h"
#include "xalloc.h"

static const char *const field_names[SPEC_FIELD_COUNT] = {
	"user",      "groups", "verb",    "apiGroup", "apiVersion", "resource", "subresource",
	"namespace", "name",   "path",    "request",  "flow",       "code",     "count",
};

const char *spec_field_name(spec_field field)
{
	return (unsigned)field < SPEC_FIELD_COUNT ? field_names[field] : "?";
}

typedef struct {
	spec_field field;
	char *message;
} resolve_error;

static bool fail(resolve_error *err, spec_field field, char *message)
{
	err->field = field;
	err->message = message;
	return false;
}

static const char *spec_get(const request_spec *spec, spec_field field)
{
	const char *v = spec->value[field];
	return v && *v ? v : NULL;
}

/* --- users and groups (§5) --- */

static void add_group(scenario_request *out, const char *group)
{
	for (size_t i = 0; i < out->group_count; i++) {
		if (strcmp(out->groups[i], group) == 0)
			return;
	}
	out->groups = xreallocarray(out->groups, out->group_count + 1, sizeof *out->groups);
	out->groups[out->group_count++] = xstrdup(group);
}

/* Service accounts and nodes get their own groups from their authenticators; every
 * authenticated user but the anonymous one gets system:authenticated. */
/* gcc 12 with -fsanitize=address reports a false stringop-overread for the pointer past
 * the prefix (it loses track of the strncmp that guarantees the bytes exist). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
static void add_implied_groups(scenario_request *out)
{
	static const char sa_prefix[] = "system:serviceaccount:";
	const char *user = out->user_name;
	if (strncmp(user, sa_prefix, sizeof sa_prefix - 1) == 0) {
		const char *ns = user + sizeof sa_prefix - 1;
		const char *colon = strchr(ns, ':');
		add_group(out, "system:serviceaccounts");
		if (colon) {
			char *ns_group = xasprintf("system:serviceaccounts:%.*s", (int)(colon - ns), ns);
			add_group(out, ns_group);
			free(ns_group);
		}
	} else if (strncmp(user, "system:node:", 12) == 0) {
		add_group(out, "system:nodes");
	}
	if (strcmp(user, "system:anonymous") == 0)
		add_group(out, "system:unauthenticated");
	else
		add_group(out, "system:authenticated");
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static bool parse_flow(const char *s, request_flow *out)
{
	static const struct {
		const char *name;
		request_flow flow;
	} flows[] = {
		{ "normal", FLOW_NORMAL },
		{ "authn-failed", FLOW_AUTHN_FAILED },
		{ "invalid-timeout", FLOW_INVALID_TIMEOUT },
		{ "panic", FLOW_PANIC },
	};
	for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++) {
		if (strcmp(s, flows[i].name) == 0) {
			*out = flows[i].flow;
			return true;
		}
	}
	return false;
}

/* Failed authentication and an invalid ?timeout= are the flows without a user (§6);
 * every request that reaches the audit filter has one. */
static bool resolve_user(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	const char *flow = spec_get(spec, SPEC_FLOW);
	const char *user = spec_get(spec, SPEC_USER);
	out->has_user = user != NULL;
	out->flow = user ? FLOW_NORMAL : FLOW_AUTHN_FAILED;
	if (flow && !parse_flow(flow, &out->flow))
		return fail(err, SPEC_FLOW,
		            xasprintf("unknown flow \"%s\" (normal, authn-failed, invalid-timeout, "
		                      "panic)", flow));
	bool userless_flow = out->flow == FLOW_AUTHN_FAILED || out->flow == FLOW_INVALID_TIMEOUT;
	if (user && userless_flow)
		return fail(err, SPEC_USER,
		            xasprintf("a request in flow %s has no user: it is rejected before "
		                      "authentication completes", flow));
	if (!user && !userless_flow)
		return fail(err, SPEC_USER,
		            xstrdup("a request that reaches the audit filter has a user "
		                    "(unauthenticated ones are system:anonymous)"));
	if (!user) {
		if (spec->group_count > 0)
			return fail(err, SPEC_GROUPS, xstrdup("groups given for a request without a user"));
		return true;
	}
	out->user_name = xstrdup(user);
	for (size_t i = 0; i < spec->group_count; i++)
		add_group(out, spec->groups[i]);
	add_implied_groups(out);
	out->group_spans = xcalloc(out->group_count ? out->group_count : 1, sizeof *out->group_spans);
	for (size_t i = 0; i < out->group_count; i++)
		out->group_spans[i] = span_of(out->groups[i]);
	return true;
}

/* --- from attributes to a URL --- */

/* Characters that would change the URL's structure rather than sit inside a segment. */
static bool segment_is_plain(const char *s)
{
	for (; *s; s++) {
		if (strchr("?#% ", *s) || iscntrl((unsigned char)*s))
			return false;
	}
	return true;
}

typedef enum { NAME_IN_PATH, NAME_IN_SELECTOR, NAME_NONE } name_place;

typedef struct {
	const char *verb;
	const char *method;
	name_place name;
	bool name_required;
	const char *query;
} verb_form;

/* The request each verb is made with. A list or watch by name is a metadata.name field
 * selector (§4.4); a create names its object in the body, unless it targets a
 * subresource of an existing object (eviction, binding, token). */
static const verb_form verb_forms[] = {
	{ "get", "GET", NAME_IN_PATH, true, NULL },
	{ "list", "GET", NAME_IN_SELECTOR, false, NULL },
	{ "watch", "GET", NAME_IN_SELECTOR, false, "watch=true" },
	{ "create", "POST", NAME_NONE, false, NULL },
	{ "update", "PUT", NAME_IN_PATH, true, NULL },
	{ "patch", "PATCH", NAME_IN_PATH, true, NULL },
	{ "delete", "DELETE", NAME_IN_PATH, true, NULL },
	{ "deletecollection", "DELETE", NAME_NONE, false, NULL },
	{ "proxy", "GET", NAME_IN_PATH, true, NULL },
};

static const verb_form *find_verb_form(const char *verb)
{
	for (size_t i = 0; i < sizeof verb_forms / sizeof verb_forms[0]; i++) {
		if (strcmp(verb_forms[i].verb, verb) == 0)
			return &verb_forms[i];
	}
	return NULL;
}

static bool check_segments(const request_spec *spec, resolve_error *err)
{
	static const spec_field segments[] = { SPEC_API_GROUP, SPEC_API_VERSION, SPEC_RESOURCE,
		                               SPEC_SUBRESOURCE, SPEC_NAMESPACE, SPEC_NAME };
	for (size_t i = 0; i < sizeof segments / sizeof segments[0]; i++) {
		const char *v = spec_get(spec, segments[i]);
		if (v && !segment_is_plain(v))
			return fail(err, segments[i],
			            xasprintf("\"%s\" cannot be part of a URL path (it holds ?, #, %%, "
			                      "a space or a control character)", v));
	}
	return true;
}

/* "/api/v1" or "/apis/GROUP/VERSION", then the deprecated "/proxy" verb segment. */
static char *url_prefix(const request_spec *spec, const verb_form *form)
{
	const char *group = spec_get(spec, SPEC_API_GROUP);
	const char *version = spec_get(spec, SPEC_API_VERSION);
	const char *proxy = strcmp(form->verb, "proxy") == 0 ? "/proxy" : "";
	if (!version)
		version = "v1";
	if (!group)
		return xasprintf("/api/%s%s", version, proxy);
	return xasprintf("/apis/%s/%s%s", group, version, proxy);
}

/* The path below the prefix: a namespace object is addressed by its own name. */
static char *url_object_path(const request_spec *spec, const char *name_in_path)
{
	const char *resource = spec_get(spec, SPEC_RESOURCE);
	const char *sub = spec_get(spec, SPEC_SUBRESOURCE);
	const char *ns = spec_get(spec, SPEC_NAMESPACE);
	char *tail = name_in_path ? xasprintf("/%s%s%s", name_in_path, sub ? "/" : "", sub ? sub : "")
	                          : xstrdup("");
	char *path = strcmp(resource, "namespaces") != 0 && ns
	                     ? xasprintf("/namespaces/%s/%s%s", ns, resource, tail)
	                     : xasprintf("/%s%s", resource, tail);
	free(tail);
	return path;
}

static bool check_name_use(const request_spec *spec, const verb_form *form, resolve_error *err)
{
	const char *name = spec_get(spec, SPEC_NAME);
	const char *sub = spec_get(spec, SPEC_SUBRESOURCE);
	const char *resource = spec_get(spec, SPEC_RESOURCE);
	const char *ns = spec_get(spec, SPEC_NAMESPACE);
	if (strcmp(form->verb, "deletecollection") == 0 && (name || sub))
		return fail(err, name ? SPEC_NAME : SPEC_SUBRESOURCE,
		            xstrdup("deletecollection names no object"));
	if (strcmp(form->verb, "proxy") == 0 && sub)
		return fail(err, SPEC_SUBRESOURCE,
		            xstrdup("verb proxy never has a subresource; use verb get with "
		                    "subresource proxy for the current form"));
	if (sub && form->name == NAME_IN_SELECTOR)
		return fail(err, SPEC_SUBRESOURCE,
		            xasprintf("verb %s has no subresource form", form->verb));
	if ((form->name_required || sub) && !name)
		return fail(err, SPEC_NAME,
		            xasprintf("verb %s%s needs a name", form->verb,
		                      sub ? " of a subresource" : ""));
	if (ns && name && strcmp(resource, "namespaces") == 0 && strcmp(ns, name) != 0)
		return fail(err, SPEC_NAMESPACE,
		            xstrdup("a namespace object's namespace is its own name"));
	return true;
}

/* Builds method and URL for an attribute-form resource request. */
static bool resource_url(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	const char *verb = spec_get(spec, SPEC_VERB);
	const char *name = spec_get(spec, SPEC_NAME);
	if (!verb)
		verb = name ? "get" : "list";
	const verb_form *form = find_verb_form(verb);
	if (!form)
		return fail(err, SPEC_VERB,
		            xasprintf("unknown verb \"%s\" (get, list, watch, create, update, patch, "
		                      "delete, deletecollection, proxy)", verb));
	if (!check_segments(spec, err) || !check_name_use(spec, form, err))
		return false;
	const char *sub = spec_get(spec, SPEC_SUBRESOURCE);
	bool name_in_path = form->name == NAME_IN_PATH || (sub && name);
	char *prefix = url_prefix(spec, form);
	char *object = url_object_path(spec, name_in_path ? name : NULL);
	char *selector = !name_in_path && name && form->name == NAME_IN_SELECTOR
	                         ? xasprintf("fieldSelector=metadata.name%%3D%s", name)
	                         : NULL;
	const char *q1 = selector ? selector : form->query;
	const char *q2 = selector ? form->query : NULL;
	out->request_uri = xasprintf("%s%s%s%s%s%s", prefix, object, q1 ? "?" : "", q1 ? q1 : "",
	                             q2 ? "&" : "", q2 ? q2 : "");
	out->method = xstrdup(form->method);
	free(prefix);
	free(object);
	free(selector);
	return true;
}

static bool non_resource_url(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	const char *path = spec_get(spec, SPEC_PATH);
	const char *verb = spec_get(spec, SPEC_VERB);
	if (path[0] != '/')
		return fail(err, SPEC_PATH, xasprintf("\"%s\" does not start with /", path));
	for (spec_field f = SPEC_API_GROUP; f <= SPEC_NAME; f++) {
		if (spec_get(spec, f))
			return fail(err, f, xasprintf("a path request (non-resource) has no %s",
			                              spec_field_name(f)));
	}
	/* A non-resource verb is the method in lowercase (§4.1). */
	char *method = xstrdup(verb ? verb : "get");
	for (char *c = method; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	out->method = method;
	out->request_uri = xstrdup(path);
	return true;
}

/* "METHOD URL", separated by spaces. */
static bool request_line_url(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	for (spec_field f = SPEC_VERB; f <= SPEC_PATH; f++) {
		if (spec_get(spec, f))
			return fail(err, f, xasprintf("give either request or %s, not both",
			                              spec_field_name(f)));
	}
	const char *line = spec_get(spec, SPEC_REQUEST);
	size_t method_len = strcspn(line, " \t");
	const char *url = line + method_len + strspn(line + method_len, " \t");
	if (method_len == 0 || *url != '/' || strpbrk(url, " \t"))
		return fail(err, SPEC_REQUEST,
		            xasprintf("\"%s\" is not \"METHOD URL\" (for example \"GET /api/v1/pods\")",
		                      line));
	out->method = xstrndup(line, method_len);
	out->request_uri = xstrdup(url);
	return true;
}

static bool build_url(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	if (spec_get(spec, SPEC_REQUEST))
		return request_line_url(spec, out, err);
	if (spec_get(spec, SPEC_PATH))
		return non_resource_url(spec, out, err);
	if (!spec_get(spec, SPEC_RESOURCE))
		return fail(err, SPEC_RESOURCE,
		            xstrdup("a request needs request (METHOD URL), path or resource"));
	return resource_url(spec, out, err);
}

/* --- from the URL to attributes --- */

static char *span_dup(span s) { return xstrndup(s.ptr ? s.ptr : "", s.len); }

static void copy_attrs(const request_attrs *a, scenario_request *out)
{
	out->verb = span_dup(a->verb);
	out->is_resource = a->is_resource;
	out->api_group = span_dup(a->api_group);
	out->api_version = span_dup(a->api_version);
	out->resource = span_dup(a->resource);
	out->subresource = span_dup(a->subresource);
	out->namespace_ = span_dup(a->namespace_);
	out->name = span_dup(a->name);
	out->path = span_dup(a->path);
}

static bool same(const char *written, const char *derived)
{
	return !written || strcmp(written, derived) == 0;
}

/* The URL built from the attributes must give them back; when it does not, the
 * attributes describe a request no client can make. */
static bool check_round_trip(const request_spec *spec, const scenario_request *out,
                             resolve_error *err)
{
	static const spec_field fields[] = { SPEC_VERB, SPEC_RESOURCE, SPEC_SUBRESOURCE,
		                             SPEC_NAME, SPEC_NAMESPACE };
	const char *derived[] = { out->verb, out->resource, out->subresource, out->name,
		                  out->namespace_ };
	bool is_create = strcmp(out->verb, "create") == 0 && !out->subresource[0];
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *written = spec_get(spec, fields[i]);
		if (fields[i] == SPEC_NAME && is_create)
			continue;
		if (fields[i] == SPEC_NAMESPACE && strcmp(out->resource, "namespaces") == 0)
			continue;
		if (!same(written, derived[i]))
			return fail(err, fields[i],
			            xasprintf("\"%s\" does not survive the URL %s %s (kube-apiserver "
			                      "would see \"%s\")",
			                      written, out->method, out->request_uri, derived[i]));
	}
	return true;
}

static bool parse_url(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	request_attrs parsed;
	request_info_scratch scratch = { 0 };
	memset(&parsed, 0, sizeof parsed);
	bool ok = request_info_parse(span_of(out->method), span_of(out->request_uri), &parsed,
	                             &scratch);
	if (ok)
		copy_attrs(&parsed, out);
	request_info_scratch_free(&scratch);
	if (!ok)
		return fail(err, spec_get(spec, SPEC_REQUEST) ? SPEC_REQUEST : SPEC_RESOURCE,
		            xasprintf("kube-apiserver rejects %s %s before auditing it", out->method,
		                      out->request_uri));
	if (!spec_get(spec, SPEC_REQUEST) && !spec_get(spec, SPEC_PATH) &&
	    !check_round_trip(spec, out, err))
		return false;
	/* A create's object name comes from its body: logged, but not seen by the policy. */
	const char *written_name = spec_get(spec, SPEC_NAME);
	out->object_name = xstrdup(!out->name[0] && written_name ? written_name : out->name);
	return true;
}

/* --- status code and repetition --- */

static int default_code(const scenario_request *out)
{
	static const char *const connect_subresources[] = { "exec", "attach", "portforward" };
	switch (out->flow) {
	case FLOW_AUTHN_FAILED: return 401;
	case FLOW_INVALID_TIMEOUT: return 400;
	case FLOW_PANIC: return 500;
	case FLOW_NORMAL: break;
	}
	for (size_t i = 0; i < sizeof connect_subresources / sizeof connect_subresources[0]; i++) {
		if (out->is_resource && strcmp(out->subresource, connect_subresources[i]) == 0)
			return 101;
	}
	return strcmp(out->verb, "create") == 0 ? 201 : 200;
}

static bool parse_number(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return false;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool resolve_numbers(const request_spec *spec, scenario_request *out, resolve_error *err)
{
	unsigned long n = 1;
	const char *count = spec->value[SPEC_COUNT];
	if (count && !parse_number(count, 1, 100000000, &n))
		return fail(err, SPEC_COUNT, xasprintf("\"%s\" is not a number from 1 to 100000000", count));
	out->count = n;
	const char *code = spec->value[SPEC_CODE];
	if (code && !parse_number(code, 100, 599, &n))
		return fail(err, SPEC_CODE, xasprintf("\"%s\" is not an HTTP status code", code));
	out->code = code ? (int)n : default_code(out);
	return true;
}

bool scenario_resolve(const request_spec *spec, scenario_request *out, spec_field *field,
                      char **message)
{
	resolve_error err = { SPEC_FIELD_COUNT, NULL };
	memset(out, 0, sizeof *out);
	out->pos = spec->entry;
	bool ok = resolve_user(spec, out, &err) && build_url(spec, out, &err) &&
	          parse_url(spec, out, &err) && resolve_numbers(spec, out, &err);
	if (!ok) {
		scenario_request_free(out);
		*field = err.field;
		*message = err.message;
	}
	return ok;
}

void scenario_request_attrs(const scenario_request *req, request_attrs *out)
{
	memset(out, 0, sizeof *out);
	out->has_user = req->has_user;
	out->user_name = span_of(req->user_name);
	out->groups = req->group_spans;
	out->group_count = req->group_count;
	out->verb = span_of(req->verb);
	out->is_resource = req->is_resource;
	if (req->is_resource) {
		out->api_group = span_of(req->api_group);
		out->api_version = span_of(req->api_version);
		out->resource = span_of(req->resource);
		out->subresource = span_of(req->subresource);
		out->namespace_ = span_of(req->namespace_);
		out->name = span_of(req->name);
	} else {
		out->path = span_of(req->path);
	}
}

void scenario_request_free(scenario_request *req)
{
	char *owned[] = { req->user_name, req->method, req->request_uri, req->verb,
		          req->api_group, req->api_version, req->resource, req->subresource,
		          req->namespace_, req->name, req->path, req->object_name };
	for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
		free(owned[i]);
	for (size_t i = 0; i < req->group_count; i++)
		free(req->groups[i]);
	free(req->groups);
	free(req->group_spans);
	memset(req, 0, sizeof *req);
}

char *scenario_request_warning(const scenario_request *req)
{
	bool lower = false;
	for (const char *c = req->method; *c; c++)
		lower |= islower((unsigned char)*c) != 0;
	if (!lower)
		return NULL;
	return xasprintf("method \"%s\" is not what a client sends: kube-apiserver compares "
	                 "methods exactly, so it is an unknown method%s",
	                 req->method,
	                 req->is_resource ? " and the request gets verb \"\"" :
	                                    " (the verb is still its lower case)");
}
