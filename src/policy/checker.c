/* checker: does a validated policy rule match a request, and which rule decides.
 * Every comparison is exact and case-sensitive, as in kube-apiserver's checker.go.
 * Policy strings are NUL-terminated and request attributes are spans, so comparisons
 * walk both at once instead of measuring the policy string first. */
#include "checker.h"

#include <string.h>

/* True when NUL-terminated s holds exactly the bytes of a. A NUL inside the span can
 * never match, because s ends there. */
static bool cstr_eq_span(const char *s, span a)
{
	for (size_t i = 0; i < a.len; i++) {
		if (s[i] == '\0' || s[i] != a.ptr[i])
			return false;
	}
	return s[a.len] == '\0';
}

/* Like cstr_eq_span, but returns where s continues after the bytes of a (NULL when s
 * does not start with them), so combined forms like "pods/log" need no temporary. */
static const char *cstr_skip_span(const char *s, span a)
{
	for (size_t i = 0; i < a.len; i++) {
		if (s[i] == '\0' || s[i] != a.ptr[i])
			return NULL;
	}
	return s + a.len;
}

static bool has_string(const string_list *list, span value)
{
	for (size_t i = 0; i < list->count; i++) {
		if (cstr_eq_span(list->items[i], value))
			return true;
	}
	return false;
}

static bool user_in_groups(const string_list *user_groups, const request_attrs *r)
{
	for (size_t g = 0; g < r->group_count; g++) {
		if (has_string(user_groups, r->groups[g]))
			return true;
	}
	return false;
}

/* A request without a user (failed authentication) never satisfies a users or
 * userGroups selector, not even users: [""]. */
bool rule_matches_user(const policy_rule *rule, const request_attrs *r)
{
	if (rule->users.count > 0 && !(r->has_user && has_string(&rule->users, r->user_name)))
		return false;
	if (rule->user_groups.count > 0 && !(r->has_user && user_in_groups(&rule->user_groups, r)))
		return false;
	return true;
}

bool rule_matches_verb(const policy_rule *rule, const request_attrs *r)
{
	return rule->verbs.count == 0 || has_string(&rule->verbs, r->verb);
}

/* One `resources` string against the request: "*", the combined
 * "resource[/subresource]", "*" + "/" + subresource, or resource + "/" + "*" (which
 * also matches the bare resource). "*" inside other forms is a literal. */
static bool resource_entry_matches(const char *entry, const request_attrs *r)
{
	bool has_subresource = r->subresource.len > 0;

	if (entry[0] == '*' && entry[1] == '\0')
		return true;

	const char *rest = cstr_skip_span(entry, r->resource);
	if (rest) {
		if (!has_subresource && rest[0] == '\0')
			return true;
		if (has_subresource && rest[0] == '/' && cstr_eq_span(rest + 1, r->subresource))
			return true;
		if (rest[0] == '/' && rest[1] == '*' && rest[2] == '\0')
			return true;
	}
	return has_subresource && entry[0] == '*' && entry[1] == '/' &&
	       cstr_eq_span(entry + 2, r->subresource);
}

bool group_resources_match(const group_resources *gr, const request_attrs *r)
{
	bool any_group = gr->group[0] == '*' && gr->group[1] == '\0';
	if (!any_group && !cstr_eq_span(gr->group, r->api_group))
		return false;
	if (gr->resources.count == 0)
		return true;
	/* The names filter applies to every resource string of the entry alike. */
	if (gr->resource_names.count > 0 && !has_string(&gr->resource_names, r->name))
		return false;
	for (size_t i = 0; i < gr->resources.count; i++) {
		if (resource_entry_matches(gr->resources.items[i], r))
			return true;
	}
	return false;
}

/* Meant for resource rules (namespaces or resources set): non-resource requests never
 * match, and an empty `resources` accepts every resource. */
bool rule_matches_resource(const policy_rule *rule, const request_attrs *r)
{
	if (!r->is_resource)
		return false;
	if (rule->namespaces.count > 0 && !has_string(&rule->namespaces, r->namespace_))
		return false;
	if (rule->resource_count == 0)
		return true;
	for (size_t i = 0; i < rule->resource_count; i++) {
		if (group_resources_match(&rule->resources[i], r))
			return true;
	}
	return false;
}

/* "*" matches everything; a pattern whose tail is all '*' is a plain prefix of what
 * precedes the stars; anything else must equal the path. One pass over the pattern. */
bool path_matches(const char *pattern, span path)
{
	for (size_t i = 0;; i++) {
		if (pattern[i] == '\0')
			return i == path.len;
		if (pattern[i] == '*' && pattern[i + strspn(pattern + i, "*")] == '\0')
			return true;
		if (i >= path.len || pattern[i] != path.ptr[i])
			return false;
	}
}

bool rule_matches_non_resource(const policy_rule *rule, const request_attrs *r)
{
	if (r->is_resource)
		return false;
	for (size_t i = 0; i < rule->non_resource_urls.count; i++) {
		if (path_matches(rule->non_resource_urls.items[i], r->path))
			return true;
	}
	return false;
}

/* namespaces or resources make a resource rule, whose nonResourceURLs are ignored;
 * nonResourceURLs alone make a non-resource rule; none of them match both kinds. */
bool rule_matches(const policy_rule *rule, const request_attrs *r)
{
	if (!rule_matches_user(rule, r) || !rule_matches_verb(rule, r))
		return false;
	if (rule->namespaces.count > 0 || rule->resource_count > 0)
		return rule_matches_resource(rule, r);
	if (rule->non_resource_urls.count > 0)
		return rule_matches_non_resource(rule, r);
	return true;
}

audit_decision evaluate_policy_rule(const policy *p, const request_attrs *r)
{
	for (size_t i = 0; i < p->rule_count; i++) {
		const policy_rule *rule = &p->rules[i];
		if (!rule_matches(rule, r))
			continue;
		bool omit_managed_fields = p->omit_managed_fields;
		if (rule->omit_managed_fields != TRISTATE_UNSET)
			omit_managed_fields = rule->omit_managed_fields == TRISTATE_TRUE;
		return (audit_decision){
			.level = rule->level,
			.rule = (int)i,
			.omit_stages = p->omit_stage_mask | rule->omit_stage_mask,
			.omit_managed_fields = omit_managed_fields,
		};
	}
	return (audit_decision){
		.level = LEVEL_NONE,
		.rule = -1,
		.omit_stages = p->omit_stage_mask,
		.omit_managed_fields = p->omit_managed_fields,
	};
}
