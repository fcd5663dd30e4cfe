#include "suggest_tests.h"

#include <string.h>

#include "checker.h"
#include "requirement_check.h"

/* One candidate request, its strings borrowed from the selector. */
typedef struct {
	request_attrs attrs;
	span groups[2];
	const char *resource_entry; /* the pattern it was built from */
} candidate;


static const char *first_or(const string_list *list, const char *fallback)
{
	return list->count ? list->items[0] : fallback;
}

/* A resource and subresource that the pattern matches ("*" and "star/x" take pods). */
static void set_resource(candidate *c, const char *pattern, char *buf, size_t cap)
{
	const char *slash = strchr(pattern, '/');
	if (strcmp(pattern, "*") == 0) {
		c->attrs.resource = span_of("pods");
		return;
	}
	if (pattern[0] == '*' && slash == pattern + 1) {
		c->attrs.resource = span_of("pods");
		c->attrs.subresource = span_of(slash + 1);
		return;
	}
	size_t len = slash ? (size_t)(slash - pattern) : strlen(pattern);
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, pattern, len);
	buf[len] = '\0';
	c->attrs.resource = span_of(buf);
	if (slash && strcmp(slash + 1, "*") != 0)
		c->attrs.subresource = span_of(slash + 1);
}

/* The path a nonResourceURLs pattern matches: itself, or its prefix. */
static void set_path(candidate *c, const char *pattern, char *buf, size_t cap)
{
	size_t len = strcspn(pattern, "*");
	if (pattern[len] == '*' && pattern[len + strspn(pattern + len, "*")] != '\0')
		len = strlen(pattern);
	if (len >= cap)
		len = cap - 1;
	memcpy(buf, pattern, len);
	buf[len] = '\0';
	c->attrs.path = span_of(len ? buf : "/");
}

static void base_candidate(candidate *c, const policy_rule *sel, const char *verb)
{
	memset(c, 0, sizeof *c);
	c->attrs.has_user = true;
	c->attrs.user_name = span_of(first_or(&sel->users, "auditsim-test"));
	c->groups[0] = span_of("system:authenticated");
	c->groups[1] = span_of(first_or(&sel->user_groups, "system:authenticated"));
	c->attrs.groups = c->groups;
	c->attrs.group_count = 2;
	c->attrs.verb = span_of(verb);
}

/* Verbs on one object (a scenario needs its name) or on a subresource. */
static bool named_verb(const char *verb, const request_attrs *r)
{
	return r->subresource.len || strcmp(verb, "get") == 0 || strcmp(verb, "update") == 0 ||
	       strcmp(verb, "patch") == 0 || strcmp(verb, "delete") == 0;
}

/* Collections have no subresource form: a test file refuses "list pods/status". */
static bool has_request_form(const request_attrs *r)
{
	return !r->subresource.len ||
	       !(span_eq(r->verb, "list") || span_eq(r->verb, "watch") ||
	         span_eq(r->verb, "deletecollection"));
}

typedef struct {
	candidate c;
	char resource[256];
	char path[1024];
} found_request;

/* The first candidate the requirement concerns; false when none of those tried is. */
static bool find_request(const requirement *req, found_request *f)
{
	static const char *const any_verb[] = { "get", "create", "update", "patch", "delete",
		                                "list", "watch" };
	const policy_rule *sel = &req->selector;
	size_t verbs = sel->verbs.count ? sel->verbs.count : sizeof any_verb / sizeof *any_verb;
	for (size_t v = 0; v < verbs; v++) {
		const char *verb = sel->verbs.count ? sel->verbs.items[v] : any_verb[v];
		if (sel->resource_count == 0 && sel->namespaces.count == 0 &&
		    sel->non_resource_urls.count > 0) {
			for (size_t u = 0; u < sel->non_resource_urls.count; u++) {
				base_candidate(&f->c, sel, verb);
				set_path(&f->c, sel->non_resource_urls.items[u], f->path, sizeof f->path);
				if (requirement_concerns(req, &f->c.attrs))
					return true;
			}
			continue;
		}
		size_t entries = sel->resource_count ? sel->resource_count : 1;
		for (size_t e = 0; e < entries; e++) {
			const group_resources *gr = sel->resource_count ? &sel->resources[e] : NULL;
			size_t patterns = gr && gr->resources.count ? gr->resources.count : 1;
			for (size_t p = 0; p < patterns; p++) {
				base_candidate(&f->c, sel, verb);
				f->c.attrs.is_resource = true;
				f->c.attrs.api_version = span_of("v1");
				f->c.attrs.namespace_ = span_of(first_or(&sel->namespaces, "default"));
				const char *group = gr ? gr->group : "";
				f->c.attrs.api_group = span_of(strcmp(group, "*") == 0 ? "" : group);
				f->c.resource_entry = gr && gr->resources.count ? gr->resources.items[p] : "*";
				set_resource(&f->c, f->c.resource_entry, f->resource, sizeof f->resource);
				f->c.attrs.name = span_of(named_verb(verb, &f->c.attrs) ? "example" : "");
				if (gr && gr->resources.count && gr->resource_names.count)
					f->c.attrs.name = span_of(gr->resource_names.items[0]);
				if (has_request_form(&f->c.attrs) && requirement_concerns(req, &f->c.attrs))
					return true;
			}
		}
	}
	return false;
}

static void write_value(FILE *out, const char *key, span value)
{
	if (value.len)
		fprintf(out, "    %s: \"%.*s\"\n", key, (int)value.len, value.ptr);
}

static void write_request(FILE *out, const request_attrs *r, audit_level level)
{
	fprintf(out, "  - user: \"%.*s\"\n", (int)r->user_name.len, r->user_name.ptr);
	fprintf(out, "    groups: [\"%.*s\"]\n", (int)r->groups[1].len, r->groups[1].ptr);
	write_value(out, "verb", r->verb);
	if (r->is_resource) {
		write_value(out, "apiGroup", r->api_group);
		write_value(out, "resource", r->resource);
		write_value(out, "subresource", r->subresource);
		write_value(out, "namespace", r->namespace_);
		write_value(out, "name", r->name);
	} else {
		write_value(out, "path", r->path);
	}
	fprintf(out, "    expect: {level: %s}\n", level_name(level));
}

/* The request and the level the policy gives it, within the bounds (else the floor,
 * so that the test fails). */
static void write_checked(FILE *out, const requirement_set *set, found_request *f,
                          const policy *suggested)
{
	requirement_bounds b = requirement_bounds_of(set, &f->c.attrs);
	audit_decision d = evaluate_policy_rule(suggested, &f->c.attrs);
	if (decision_meets(&d, &b)) {
		write_request(out, &f->c.attrs, d.level);
	} else {
		fprintf(out, "  # the suggested policy gives %s, outside [%s, %s]\n",
		        level_name(d.level), level_name(b.floor), level_name(b.ceiling));
		write_request(out, &f->c.attrs, b.floor);
	}
}

/* One requirement's entry: its comment, then its request (or why there is none). */
static void write_entry(FILE *out, const requirement_set *set, const requirement *req,
                        const policy *suggested)
{
	found_request f;
	fprintf(out, "  # %s (%s:%d)\n", req->why[0] ? req->why : "no why given", req->file,
	        req->pos.line);
	if (!find_request(req, &f)) {
		fputs("  # no request built from its selector lies outside its excepts\n", out);
		return;
	}
	write_checked(out, set, &f, suggested);
}

/* When no requirement gave a request: GET /version, so the file still tests the policy
 * (a test file needs one request at least). */
static void write_probe(FILE *out, const requirement_set *set, const policy *suggested)
{
	found_request f;
	base_candidate(&f.c, &(policy_rule){ 0 }, "get");
	f.c.attrs.path = span_of("/version");
	fputs("  # no requirement gave a request: one any policy decides\n", out);
	write_checked(out, set, &f, suggested);
}

void suggest_write_tests(FILE *out, const requirement_set *set, const policy *suggested)
{
	fputs("# Written by auditsim suggest --tests: one request per requirement, expecting the\n"
	      "# level the suggested policy gives it, within the bounds of every requirement\n"
	      "# concerning it.\n"
	      "description: the requirements of the suggested policy\n", out);
	size_t found = 0;
	for (size_t i = 0; i < set->count; i++) {
		found_request f;
		found += find_request(&set->items[i], &f);
	}
	fputs("requests:\n", out);
	for (size_t i = 0; i < set->count; i++)
		write_entry(out, set, &set->items[i], suggested);
	if (found == 0)
		write_probe(out, set, suggested);
}
