/* explain: see explain.h. The selectors are tried in the order kube-apiserver's checker
 * tries them (users, userGroups, verbs, then namespaces and resources for a resource
 * rule or nonResourceURLs for a non-resource rule), so the reported selector is the one
 * that actually stopped the rule. */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

const char *rule_selector_name(rule_selector selector)
{
	static const char *const names[] = { "", "users", "userGroups", "verbs", "namespaces",
		                             "resources", "nonResourceURLs" };
	return (unsigned)selector < sizeof names / sizeof names[0] ? names[selector] : "?";
}

/* "[a b \"\"]": the list as a reader of the policy would recognise it. */
static char *list_text(char *const *items, size_t count)
{
	char *out = xstrdup("[");
	for (size_t i = 0; i < count; i++) {
		char *more = xasprintf("%s%s%s", out, i ? " " : "", items[i][0] ? items[i] : "\"\"");
		free(out);
		out = more;
	}
	char *done = xasprintf("%s]", out);
	free(out);
	return done;
}

static char *spans_text(const span *items, size_t count)
{
	char *out = xstrdup("[");
	for (size_t i = 0; i < count; i++) {
		char *more = xasprintf("%s%s%.*s", out, i ? " " : "", (int)items[i].len, items[i].ptr);
		free(out);
		out = more;
	}
	char *done = xasprintf("%s]", out);
	free(out);
	return done;
}

static rule_explanation failed(rule_selector selector, char *reason)
{
	return (rule_explanation){ false, selector, reason };
}

/* --- users, userGroups, verbs --- */

static rule_explanation explain_user(const policy_rule *rule, const request_attrs *r)
{
	policy_rule users_only = *rule;
	memset(&users_only.user_groups, 0, sizeof users_only.user_groups);
	rule_selector which = rule_matches_user(&users_only, r) ? SELECTOR_USER_GROUPS
	                                                        : SELECTOR_USERS;
	const string_list *list = which == SELECTOR_USERS ? &rule->users : &rule->user_groups;
	if (!r->has_user)
		return failed(which, xasprintf("%s: the request has no user (failed authentication)",
		                               rule_selector_name(which)));
	char *wanted = list_text(list->items, list->count);
	char *reason;
	if (which == SELECTOR_USERS) {
		reason = xasprintf("users %s does not contain \"%.*s\"", wanted, (int)r->user_name.len,
		                   r->user_name.ptr);
	} else {
		char *groups = spans_text(r->groups, r->group_count);
		reason = xasprintf("userGroups %s contains none of the request's groups %s", wanted,
		                   groups);
		free(groups);
	}
	free(wanted);
	return failed(which, reason);
}

static rule_explanation explain_verb(const policy_rule *rule, const request_attrs *r)
{
	char *wanted = list_text(rule->verbs.items, rule->verbs.count);
	char *reason = xasprintf("verbs %s does not contain \"%.*s\"", wanted, (int)r->verb.len,
	                         r->verb.ptr ? r->verb.ptr : "");
	free(wanted);
	return failed(SELECTOR_VERBS, reason);
}

/* --- resource rules --- */

/* "pods" or "pods/log": the form a resources entry is compared with. */
static char *resource_form(const request_attrs *r)
{
	if (!r->subresource.len)
		return xasprintf("%.*s", (int)r->resource.len, r->resource.ptr);
	return xasprintf("%.*s/%.*s", (int)r->resource.len, r->resource.ptr,
	                 (int)r->subresource.len, r->subresource.ptr);
}

static bool entry_covers_group(const group_resources *gr, const request_attrs *r)
{
	group_resources group_only = *gr;
	memset(&group_only.resources, 0, sizeof group_only.resources);
	memset(&group_only.resource_names, 0, sizeof group_only.resource_names);
	return group_resources_match(&group_only, r);
}

static bool entry_covers_resource(const group_resources *gr, const request_attrs *r)
{
	group_resources without_names = *gr;
	memset(&without_names.resource_names, 0, sizeof without_names.resource_names);
	return group_resources_match(&without_names, r);
}

/* Why no entry matched: the group, then the resource, then the names. */
static char *resources_reason(const policy_rule *rule, const request_attrs *r)
{
	const group_resources *group_hit = NULL, *resource_hit = NULL;
	for (size_t i = 0; i < rule->resource_count; i++) {
		const group_resources *gr = &rule->resources[i];
		if (entry_covers_group(gr, r) && !group_hit)
			group_hit = gr;
		if (entry_covers_resource(gr, r) && !resource_hit)
			resource_hit = gr;
	}
	if (!group_hit)
		return xasprintf("resources: no entry covers group \"%.*s\"", (int)r->api_group.len,
		                 r->api_group.ptr ? r->api_group.ptr : "");
	char *form = resource_form(r);
	char *reason;
	if (!resource_hit) {
		reason = xasprintf("resources: no entry of group \"%.*s\" covers \"%s\"",
		                   (int)r->api_group.len, r->api_group.ptr ? r->api_group.ptr : "", form);
	} else {
		const string_list *names = &resource_hit->resource_names;
		char *wanted = list_text(names->items, names->count);
		if (r->name.len)
			reason = xasprintf("resources: resourceNames %s for \"%s\" do not contain \"%.*s\"",
			                   wanted, form, (int)r->name.len, r->name.ptr);
		else
			reason = xasprintf("resources: resourceNames %s for \"%s\" need a name and the "
			                   "request has none", wanted, form);
		free(wanted);
	}
	free(form);
	return reason;
}

static rule_explanation explain_resource_rule(const policy_rule *rule, const request_attrs *r)
{
	rule_selector which = rule->namespaces.count ? SELECTOR_NAMESPACES : SELECTOR_RESOURCES;
	if (!r->is_resource)
		return failed(which, xasprintf("%s: a non-resource request never matches a rule with "
		                               "%s", rule_selector_name(which),
		                               rule_selector_name(which)));
	policy_rule namespaces_only = *rule;
	namespaces_only.resource_count = 0;
	if (!rule_matches_resource(&namespaces_only, r)) {
		char *wanted = list_text(rule->namespaces.items, rule->namespaces.count);
		char *reason = xasprintf("namespaces %s does not contain \"%.*s\"%s", wanted,
		                         (int)r->namespace_.len,
		                         r->namespace_.ptr ? r->namespace_.ptr : "",
		                         r->namespace_.len ? ""
		                                           : " (the request is cluster-scoped or "
		                                             "across all namespaces)");
		free(wanted);
		return failed(SELECTOR_NAMESPACES, reason);
	}
	return failed(SELECTOR_RESOURCES, resources_reason(rule, r));
}

static rule_explanation explain_non_resource_rule(const policy_rule *rule, const request_attrs *r)
{
	if (r->is_resource)
		return failed(SELECTOR_NON_RESOURCE_URLS,
		              xstrdup("nonResourceURLs: a resource request never matches a "
		                      "nonResourceURLs rule"));
	char *wanted = list_text(rule->non_resource_urls.items, rule->non_resource_urls.count);
	char *reason = xasprintf("nonResourceURLs %s do not match \"%.*s\"", wanted,
	                         (int)r->path.len, r->path.ptr ? r->path.ptr : "");
	free(wanted);
	return failed(SELECTOR_NON_RESOURCE_URLS, reason);
}

rule_explanation explain_rule(const policy_rule *rule, const request_attrs *r)
{
	if (rule_matches(rule, r))
		return (rule_explanation){ true, SELECTOR_NONE, NULL };
	if (!rule_matches_user(rule, r))
		return explain_user(rule, r);
	if (!rule_matches_verb(rule, r))
		return explain_verb(rule, r);
	if (rule->namespaces.count > 0 || rule->resource_count > 0)
		return explain_resource_rule(rule, r);
	return explain_non_resource_rule(rule, r);
}

void rule_explanation_free(rule_explanation *e)
{
	free(e->reason);
	e->reason = NULL;
}

/* --- the whole policy --- */

static audit_stage last_stage(stage_set stages)
{
	audit_stage last = STAGE_REQUEST_RECEIVED;
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s))
			last = (audit_stage)s;
	}
	return last;
}

void explain_policy(const policy *p, const request_attrs *r, request_flow flow,
                    policy_explanation *out)
{
	memset(out, 0, sizeof *out);
	out->rule_count = p->rule_count;
	out->rules = xcalloc(p->rule_count ? p->rule_count : 1, sizeof *out->rules);
	for (size_t i = 0; i < p->rule_count; i++)
		out->rules[i] = explain_rule(&p->rules[i], r);
	out->decision = evaluate_policy_rule(p, r);
	out->flow = flow;
	out->long_running = request_is_long_running(r);
	out->flow_stages = flow_stages(flow, out->long_running);
	out->stages = decision_stages(&out->decision, flow, out->long_running);
	out->has_sample = out->stages != 0;
	out->sample_stage = last_stage(out->stages);
}

void policy_explanation_free(policy_explanation *e)
{
	for (size_t i = 0; i < e->rule_count; i++)
		rule_explanation_free(&e->rules[i]);
	free(e->rules);
	memset(e, 0, sizeof *e);
}
