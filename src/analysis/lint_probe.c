/* lint_probe: requests sent by every sender a rule lists, decided by the checker. */
#include "lint_probe.h"

#include <stdint.h>
#include <stdlib.h>

#include "hash_table.h"
#include "request_info.h"
#include "xalloc.h"

/* Values no policy is expected to list: they stand for every sender the rule does not
 * name. */
#define SOMEONE_ELSE "auditsim-lint:someone-else"
#define OTHER_NAMESPACE "auditsim-lint-namespace"
#define OTHER_NAME "auditsim-lint-name"
/* kube-apiserver adds it to every authenticated user's groups. */
#define AUTHENTICATED "system:authenticated"

/* Rule indexes in ascending order. */
typedef struct {
	size_t *rules;
	size_t count, cap;
} rule_list;

struct probe_index {
	const policy *policy;
	rule_list anyone;  /* rules without users */
	hash_table *by_user; /* user name -> index in per_user */
	rule_list *per_user;
	size_t user_count;
};

static void rule_list_add(rule_list *l, size_t rule)
{
	if (l->count > 0 && l->rules[l->count - 1] == rule)
		return; /* a user listed twice in one rule */
	if (l->count == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		l->rules = xreallocarray(l->rules, l->cap, sizeof *l->rules);
	}
	l->rules[l->count++] = rule;
}

probe_index *probe_index_new(const policy *p)
{
	probe_index *x = xcalloc(1, sizeof *x);
	x->policy = p;
	x->by_user = hash_table_new();
	for (size_t i = 0; i < p->rule_count; i++) {
		const string_list *users = &p->rules[i].users;
		if (users->count == 0)
			rule_list_add(&x->anyone, i);
		for (size_t u = 0; u < users->count; u++) {
			const char *name = users->items[u];
			size_t slot = hash_table_get_or_add(x->by_user, name, strlen(name), x->user_count);
			if (slot == x->user_count) {
				x->per_user = xreallocarray(x->per_user, x->user_count + 1, sizeof *x->per_user);
				x->per_user[x->user_count++] = (rule_list){ 0 };
			}
			rule_list_add(&x->per_user[slot], i);
		}
	}
	return x;
}

void probe_index_free(probe_index *x)
{
	if (!x)
		return;
	for (size_t u = 0; u < x->user_count; u++)
		free(x->per_user[u].rules);
	free(x->per_user);
	free(x->anyone.rules);
	hash_table_free(x->by_user);
	free(x);
}

/* The decision of rules[rule] (-1: none), as evaluate_policy_rule makes it. */
static audit_decision decision_of(const policy *p, int rule)
{
	if (rule < 0)
		return (audit_decision){ .level = LEVEL_NONE, .rule = -1,
			                 .omit_stages = p->omit_stage_mask };
	return (audit_decision){ .level = p->rules[rule].level, .rule = rule,
		                 .omit_stages = p->omit_stage_mask | p->rules[rule].omit_stage_mask };
}

audit_decision probe_decide(const probe_index *x, const request_attrs *r)
{
	static const rule_list none = { 0 };
	const rule_list *mine = &none;
	size_t slot;
	if (hash_table_find(x->by_user, r->user_name.ptr, r->user_name.len, &slot))
		mine = &x->per_user[slot];
	const rule_list *anyone = &x->anyone;
	size_t a = 0, m = 0;
	/* both lists ascending: merged, the first rule that matches decides */
	while (a < anyone->count || m < mine->count) {
		bool from_anyone = m == mine->count ||
		                   (a < anyone->count && anyone->rules[a] < mine->rules[m]);
		size_t rule = from_anyone ? anyone->rules[a++] : mine->rules[m++];
		if (rule_matches(&x->policy->rules[rule], r))
			return decision_of(x->policy, (int)rule);
	}
	return decision_of(x->policy, -1);
}

/* The values tried for one selector: those listed, or one placeholder (NULL for a group:
 * none beyond system:authenticated). */
typedef struct {
	const char **values;
	size_t count;
} axis;

static axis axis_of(const string_list *listed, const char *placeholder, bool skip_empty)
{
	axis a = { xcalloc(listed->count + 1, sizeof *a.values), 0 };
	for (size_t i = 0; i < listed->count; i++) {
		if (!skip_empty || *listed->items[i])
			a.values[a.count++] = listed->items[i];
	}
	if (listed->count == 0)
		a.values[a.count++] = placeholder;
	return a;
}

/* Every resourceName any entry lists, and a name none lists. */
static axis names_of(const policy_rule *rule)
{
	size_t total = 1;
	for (size_t e = 0; e < rule->resource_count; e++)
		total += rule->resources[e].resource_names.count;
	axis a = { xcalloc(total, sizeof *a.values), 0 };
	for (size_t e = 0; e < rule->resource_count; e++) {
		const string_list *names = &rule->resources[e].resource_names;
		for (size_t i = 0; i < names->count; i++)
			a.values[a.count++] = names->items[i];
	}
	a.values[a.count++] = OTHER_NAME;
	return a;
}

enum { AXIS_USER, AXIS_GROUP, AXIS_NAMESPACE, AXIS_NAME, AXIS_COUNT };

/* How many combinations to try: the product of the axes, at most PROBE_MAX_CELLS. */
static size_t cells_to_try(const axis *axes)
{
	size_t cells = 1;
	for (size_t k = 0; k < AXIS_COUNT; k++) {
		if (axes[k].count == 0)
			return 0;
		if (cells > PROBE_MAX_CELLS / axes[k].count)
			return PROBE_MAX_CELLS;
		cells *= axes[k].count;
	}
	return cells;
}

/* The request `base` as sent by cell number `cell` (mixed radix over the axes). `groups`
 * holds two slots for the request's groups. */
static request_attrs sent_by(request_attrs base, const axis *axes, size_t cell, span *groups)
{
	size_t pick[AXIS_COUNT];
	for (size_t k = 0; k < AXIS_COUNT; k++) {
		pick[k] = cell % axes[k].count;
		cell /= axes[k].count;
	}
	base.has_user = true;
	base.user_name = span_of(axes[AXIS_USER].values[pick[AXIS_USER]]);
	const char *group = axes[AXIS_GROUP].values[pick[AXIS_GROUP]];
	base.group_count = 0;
	if (group)
		groups[base.group_count++] = span_of(group);
	groups[base.group_count++] = span_of(AUTHENTICATED);
	base.groups = groups;
	if (base.namespace_.len > 0)
		base.namespace_ = span_of(axes[AXIS_NAMESPACE].values[pick[AXIS_NAMESPACE]]);
	if (base.name.len > 0)
		base.name = span_of(axes[AXIS_NAME].values[pick[AXIS_NAME]]);
	return base;
}

/* Tries each cell of rules[index]; see the header. */
static bool first_witness(const probe_index *x, size_t index, const axis *axes,
                          const request_attrs *req, const request_attrs *then,
                          decisions_alike_fn alike, audit_decision *then_decision)
{
	const policy_rule *rule = &x->policy->rules[index];
	size_t cells = cells_to_try(axes);
	span groups[2], then_groups[2];
	for (size_t c = 0; c < cells; c++) {
		request_attrs r = sent_by(*req, axes, c, groups);
		if (!rule_matches(rule, &r))
			continue;
		audit_decision d = probe_decide(x, &r);
		if (d.rule != (int)index)
			continue;
		if (!then)
			return true;
		request_attrs t = sent_by(*then, axes, c, then_groups);
		if (rule_matches(rule, &t))
			continue;
		audit_decision other = probe_decide(x, &t);
		if (!alike(d, other)) {
			if (then_decision)
				*then_decision = other;
			return true;
		}
	}
	return false;
}

bool probe_rule_decides(const probe_index *x, size_t index, const wire_request *req,
                        const wire_request *then, decisions_alike_fn alike,
                        audit_decision *then_decision)
{
	request_info_scratch scratch = { 0 }, then_scratch = { 0 };
	request_attrs base = { 0 }, then_base = { 0 };
	bool parsed = request_info_parse(span_of(req->method), span_of(req->url), &base, &scratch) &&
	              (!then || request_info_parse(span_of(then->method), span_of(then->url),
	                                           &then_base, &then_scratch));
	bool found = false;
	if (parsed) {
		const policy_rule *rule = &x->policy->rules[index];
		axis axes[AXIS_COUNT] = {
			[AXIS_USER] = axis_of(&rule->users, SOMEONE_ELSE, false),
			[AXIS_GROUP] = axis_of(&rule->user_groups, NULL, false),
			[AXIS_NAMESPACE] = axis_of(&rule->namespaces, OTHER_NAMESPACE, true),
			[AXIS_NAME] = names_of(rule),
		};
		found = first_witness(x, index, axes, &base, then ? &then_base : NULL, alike,
		                      then_decision);
		for (size_t k = 0; k < AXIS_COUNT; k++)
			free(axes[k].values);
	}
	request_info_scratch_free(&scratch);
	request_info_scratch_free(&then_scratch);
	return found;
}
