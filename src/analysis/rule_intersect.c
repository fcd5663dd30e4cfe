#include "rule_intersect.h"

#include <stdlib.h>
#include <string.h>

#include "requirement.h"
#include "strbuf.h"
#include "xalloc.h"

static void list_push(string_list *list, const char *item)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i], item) == 0)
			return;
	list->items = xreallocarray(list->items, list->count + 1, sizeof *list->items);
	list->pos = xreallocarray(list->pos, list->count + 1, sizeof *list->pos);
	list->items[list->count] = xstrdup(item);
	list->pos[list->count++] = (source_pos){ 0, 0 };
}

static void list_copy(const string_list *from, string_list *to)
{
	for (size_t i = 0; i < from->count; i++)
		list_push(to, from->items[i]);
}

static bool list_has(const string_list *list, const char *item)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i], item) == 0)
			return true;
	return false;
}

/* Exact sets, an empty list meaning any value: false when no value is in both. */
static bool exact_intersect(const string_list *a, const string_list *b, string_list *out)
{
	if (a->count == 0 || b->count == 0) {
		list_copy(a->count ? a : b, out);
		return true;
	}
	for (size_t i = 0; i < a->count; i++)
		if (list_has(b, a->items[i]))
			list_push(out, a->items[i]);
	return out->count > 0;
}

static bool list_within(const string_list *a, const string_list *b)
{
	for (size_t i = 0; i < a->count; i++)
		if (!list_has(b, a->items[i]))
			return false;
	return true;
}

/* A request has several groups: "one of A" and "one of B" is one list only when one
 * list holds the other. */
static intersect_result groups_intersect(const string_list *a, const string_list *b,
                                         string_list *out)
{
	if (b->count == 0 || a->count == 0) {
		list_copy(a->count ? a : b, out);
		return INTERSECT_RULE;
	}
	if (list_within(a, b) || list_within(b, a)) {
		list_copy(list_within(a, b) ? a : b, out);
		return INTERSECT_RULE;
	}
	return INTERSECT_UNWRITABLE;
}

/* A resources string as (resource, subresource): resource NULL is any; sub is SUB_ANY
 * (with or without one), SUB_NONE (the bare resource) or the named one. */
typedef enum { SUB_ANY, SUB_NONE, SUB_NAMED } sub_kind;
typedef struct {
	char *resource;
	sub_kind sub;
	char *subresource;
} resource_pattern;

static resource_pattern parse_resource(const char *text)
{
	resource_pattern p = { 0 };
	if (strcmp(text, "*") == 0)
		return p;
	const char *slash = strchr(text, '/');
	if (text[0] == '*' && slash == text + 1) {
		p.sub = SUB_NAMED;
		p.subresource = xstrdup(slash + 1);
		return p;
	}
	p.resource = slash ? xstrndup(text, (size_t)(slash - text)) : xstrdup(text);
	if (!slash)
		p.sub = SUB_NONE;
	else if (strcmp(slash + 1, "*") == 0)
		p.sub = SUB_ANY;
	else {
		p.sub = SUB_NAMED;
		p.subresource = xstrdup(slash + 1);
	}
	return p;
}

static void pattern_free(resource_pattern *p)
{
	free(p->resource);
	free(p->subresource);
}

/* The string for a pattern; NULL for "any resource, no subresource", which no string
 * says (and no intersection of strings gives). */
static char *pattern_text(const resource_pattern *p)
{
	if (!p->resource)
		return p->sub == SUB_ANY     ? xstrdup("*")
		       : p->sub == SUB_NAMED ? xasprintf("*/%s", p->subresource)
		                             : NULL;
	if (p->sub == SUB_ANY)
		return xasprintf("%s/*", p->resource);
	if (p->sub == SUB_NONE)
		return xstrdup(p->resource);
	return xasprintf("%s/%s", p->resource, p->subresource);
}

static bool pattern_intersect(const resource_pattern *a, const resource_pattern *b,
                              resource_pattern *out)
{
	*out = (resource_pattern){ 0 };
	if (a->resource && b->resource && strcmp(a->resource, b->resource) != 0)
		return false;
	const char *resource = a->resource ? a->resource : b->resource;
	if (a->sub != SUB_ANY && b->sub != SUB_ANY &&
	    (a->sub != b->sub || (a->sub == SUB_NAMED && strcmp(a->subresource, b->subresource) != 0)))
		return false;
	const resource_pattern *sub = a->sub != SUB_ANY ? a : b;
	out->resource = resource ? xstrdup(resource) : NULL;
	out->sub = sub->sub;
	out->subresource = sub->subresource ? xstrdup(sub->subresource) : NULL;
	return true;
}

static bool resources_intersect(const string_list *a, const string_list *b, string_list *out)
{
	if (a->count == 0 || b->count == 0) {
		list_copy(a->count ? a : b, out);
		return true;
	}
	for (size_t i = 0; i < a->count; i++) {
		resource_pattern pa = parse_resource(a->items[i]);
		for (size_t j = 0; j < b->count; j++) {
			resource_pattern pb = parse_resource(b->items[j]), both;
			if (pattern_intersect(&pa, &pb, &both)) {
				char *text = pattern_text(&both);
				if (text)
					list_push(out, text);
				free(text);
				pattern_free(&both);
			}
			pattern_free(&pb);
		}
		pattern_free(&pa);
	}
	return out->count > 0;
}

static bool entry_intersect(const group_resources *a, const group_resources *b,
                            group_resources *out)
{
	bool a_any = strcmp(a->group, "*") == 0, b_any = strcmp(b->group, "*") == 0;
	if (!a_any && !b_any && strcmp(a->group, b->group) != 0)
		return false;
	*out = (group_resources){ .group = xstrdup(a_any ? b->group : a->group) };
	/* without resources, an entry's resourceNames are not looked at (checker.c) */
	static const string_list none = { 0 };
	const string_list *names_a = a->resources.count ? &a->resource_names : &none;
	const string_list *names_b = b->resources.count ? &b->resource_names : &none;
	bool ok = resources_intersect(&a->resources, &b->resources, &out->resources) &&
	          exact_intersect(names_a, names_b, &out->resource_names);
	if (!ok) {
		free(out->group);
		string_list_free(&out->resources);
		string_list_free(&out->resource_names);
	}
	return ok;
}

static bool group_resources_intersect(const policy_rule *a, const policy_rule *b, policy_rule *out)
{
	if (a->resource_count == 0 || b->resource_count == 0) {
		const policy_rule *from = a->resource_count ? a : b;
		static const group_resources any = { .group = "*" };
		for (size_t i = 0; i < from->resource_count; i++) {
			out->resources = xreallocarray(out->resources, out->resource_count + 1, sizeof *out->resources);
			entry_intersect(&from->resources[i], &any, &out->resources[out->resource_count++]);
		}
		return true;
	}
	for (size_t i = 0; i < a->resource_count; i++)
		for (size_t j = 0; j < b->resource_count; j++) {
			group_resources both;
			if (!entry_intersect(&a->resources[i], &b->resources[j], &both))
				continue;
			out->resources = xreallocarray(out->resources, out->resource_count + 1, sizeof *out->resources);
			out->resources[out->resource_count++] = both;
		}
	return out->resource_count > 0;
}

/* A nonResourceURLs entry: a prefix when its tail is all '*' (checker.c), else exact. */
static bool url_prefix(const char *pattern, size_t *len)
{
	for (size_t i = 0; pattern[i]; i++)
		if (pattern[i] == '*' && pattern[i + strspn(pattern + i, "*")] == '\0') {
			*len = i;
			return true;
		}
	*len = strlen(pattern);
	return false;
}

static char *url_intersect(const char *a, const char *b)
{
	size_t la, lb;
	bool pa = url_prefix(a, &la), pb = url_prefix(b, &lb);
	if (pa && pb) {
		const char *longer = la >= lb ? a : b;
		size_t shorter = la >= lb ? lb : la;
		return strncmp(a, b, shorter) == 0 ? xstrdup(longer) : NULL;
	}
	if (!pa && !pb)
		return strcmp(a, b) == 0 ? xstrdup(a) : NULL;
	const char *exact = pa ? b : a, *prefix = pa ? a : b;
	return strncmp(exact, prefix, pa ? la : lb) == 0 ? xstrdup(exact) : NULL;
}

static bool urls_intersect(const string_list *a, const string_list *b, string_list *out)
{
	if (a->count == 0 || b->count == 0) {
		list_copy(a->count ? a : b, out);
		return true;
	}
	for (size_t i = 0; i < a->count; i++)
		for (size_t j = 0; j < b->count; j++) {
			char *both = url_intersect(a->items[i], b->items[j]);
			if (both)
				list_push(out, both);
			free(both);
		}
	return out->count > 0;
}

typedef enum { KIND_ANY, KIND_RESOURCE, KIND_NON_RESOURCE } rule_kind;

static rule_kind kind_of(const policy_rule *rule)
{
	if (rule->namespaces.count > 0 || rule->resource_count > 0)
		return KIND_RESOURCE;
	return rule->non_resource_urls.count > 0 ? KIND_NON_RESOURCE : KIND_ANY;
}

intersect_result rule_intersect(const policy_rule *a, const policy_rule *b, policy_rule *out)
{
	*out = (policy_rule){ 0 };
	rule_kind ka = kind_of(a), kb = kind_of(b);
	if (ka != KIND_ANY && kb != KIND_ANY && ka != kb)
		return INTERSECT_EMPTY;
	bool ok = exact_intersect(&a->users, &b->users, &out->users) &&
	          exact_intersect(&a->verbs, &b->verbs, &out->verbs);
	if (ok && (ka == KIND_RESOURCE || kb == KIND_RESOURCE))
		ok = exact_intersect(&a->namespaces, &b->namespaces, &out->namespaces) &&
		     group_resources_intersect(a, b, out);
	else if (ok && (ka == KIND_NON_RESOURCE || kb == KIND_NON_RESOURCE))
		ok = urls_intersect(&a->non_resource_urls, &b->non_resource_urls, &out->non_resource_urls);
	intersect_result result = ok ? groups_intersect(&a->user_groups, &b->user_groups, &out->user_groups)
	                             : INTERSECT_EMPTY;
	if (result != INTERSECT_RULE)
		selector_free(out);
	return result;
}
