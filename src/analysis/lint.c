/* lint: the static and traffic checks behind `auditsim lint` (codes in lint.h / README). */
#include "lint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* TokenRequests have no resource of their own: they are created through
 * serviceaccounts/token, so that entry stands for them. */
static const coverage_target DEFAULT_SENSITIVE[] = {
	{ "", "secrets", "" },
	{ "", "configmaps", "" },
	{ "", "serviceaccounts", "token" },
	{ "authentication.k8s.io", "tokenreviews", "" },
	{ "certificates.k8s.io", "certificatesigningrequests", "" },
};

/* Resources whose objects change constantly in a running cluster, so watches on them
 * are many and long. */
static const coverage_target HIGH_CHURN[] = {
	{ "", "events", "" },         { "events.k8s.io", "events", "" },
	{ "", "endpoints", "" },      { "discovery.k8s.io", "endpointslices", "" },
	{ "coordination.k8s.io", "leases", "" },
	{ "", "pods", "" },           { "", "nodes", "" },
	{ "", "configmaps", "" },
};

/* API groups no current kube-apiserver serves, with the release that removed the last
 * resource. */
static const struct {
	const char *group;
	const char *removed_in;
} UNSERVED_GROUPS[] = {
	{ "extensions", "1.22" },
	{ "settings.k8s.io", "1.20" },
	{ "auditregistration.k8s.io", "1.19" },
};

/* Verbs whose requests carry a body that the level logs (§7.3): Request logs the request
 * body of writes (a delete's is only DeleteOptions), RequestResponse also the returned
 * object, including for reads other than watch. */
static const char *const REQUEST_BODY_VERBS[] = { "create", "update", "patch" };
static const char *const RESPONSE_BODY_VERBS[] = { "get",   "list",   "create",          "update",
	                                           "patch", "delete", "deletecollection" };
static const char *const WATCH_VERB[] = { "watch" };

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

lint_options lint_default_options(void)
{
	return (lint_options){ DEFAULT_SENSITIVE, COUNT_OF(DEFAULT_SENSITIVE) };
}

bool lint_parse_target(char *text, coverage_target *out)
{
	char *slash = strchr(text, '/');
	out->subresource = "";
	if (slash) {
		*slash = '\0';
		out->subresource = slash + 1;
		if (!*out->subresource || strchr(out->subresource, '/'))
			return false;
	}
	char *dot = strchr(text, '.');
	out->group = "";
	if (dot) {
		*dot = '\0';
		out->group = dot + 1;
		if (!*out->group)
			return false;
	}
	out->resource = text;
	return *text != '\0';
}

static void add_finding(diag_list *out, diag_severity severity, const char *code, source_pos pos,
                        const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void add_finding(diag_list *out, diag_severity severity, const char *code, source_pos pos,
                        const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag *d = diag_addv(out, severity, pos, field, fmt, ap);
	va_end(ap);
	d->code = xstrdup(code);
}

void lint_add_decode_warnings(const diag_list *load_diags, diag_list *out)
{
	for (size_t i = 0; i < load_diags->count; i++) {
		const diag *d = &load_diags->items[i];
		if (d->severity != DIAG_WARNING)
			continue;
		const char *code = d->code;
		if (!code && strncmp(d->message, "unknown field", 13) == 0)
			code = "UNKNOWN_FIELD";
		else if (!code && strncmp(d->message, "duplicate key", 13) == 0)
			code = "DUPLICATE_KEY";
		else if (!code)
			code = "LENIENT_DECODE";
		add_finding(out, DIAG_WARNING, code, d->pos, d->field, "%s", d->message);
	}
}

static source_pos rule_pos(const policy_rule *rule)
{
	return rule->pos.line > 0 ? rule->pos : rule->level_pos;
}

static source_pos level_pos(const policy_rule *rule)
{
	return rule->level_pos.line > 0 ? rule->level_pos : rule->pos;
}

static char *rule_field(size_t index) { return xasprintf("rules[%zu]", index); }

/* Marks shadowed rules and reports them. */
static void check_shadowed(const policy *p, const coverage *cov, bool *shadowed, diag_list *out)
{
	for (size_t i = 0; i < p->rule_count; i++) {
		int by;
		shadowed[i] = rule_is_shadowed(cov, i, &by);
		if (!shadowed[i])
			continue;
		char *field = rule_field(i);
		if (by >= 0)
			add_finding(out, DIAG_ERROR, "SHADOWED", rule_pos(&p->rules[i]), field,
			            "never decides anything: rules[%d] (line %d, level %s) matches "
			            "every request this rule could match",
			            by, rule_pos(&p->rules[by]).line, level_name(p->rules[by].level));
		else
			add_finding(out, DIAG_ERROR, "SHADOWED", rule_pos(&p->rules[i]), field,
			            "never decides anything: the rules before it together match every "
			            "request this rule could match");
		free(field);
	}
}

static bool has_upper(const char *s)
{
	for (; *s; s++) {
		if (isupper((unsigned char)*s))
			return true;
	}
	return false;
}

/* One selector list (users, userGroups, verbs, namespaces, resourceNames): '*' is never
 * a wildcard there; verbs and namespaces are always lowercase in real requests. */
static void check_literal_list(const string_list *list, const char *field_prefix,
                               const char *what, bool lowercase_only, diag_list *out)
{
	for (size_t i = 0; i < list->count; i++) {
		const char *item = list->items[i];
		char *field = xasprintf("%s[%zu]", field_prefix, i);
		source_pos pos = list->pos ? list->pos[i] : list->pos_key;
		if (strchr(item, '*'))
			add_finding(out, DIAG_ERROR, "LITERAL_WILDCARD", pos, field,
			            "\"%s\" is not a wildcard: %s are compared literally, so it matches "
			            "no real request; leave %s out to match every one",
			            item, what, what);
		else if (lowercase_only && has_upper(item))
			add_finding(out, DIAG_ERROR, "CASE_MISMATCH", pos, field,
			            "\"%s\" matches no request: %s are lowercase and compared "
			            "case-sensitively", item, what);
		free(field);
	}
}

static void check_resource_string(const char *item, source_pos pos, const char *field,
                                  diag_list *out)
{
	if (resource_pattern_is_meaningful(item)) {
		if (has_upper(item))
			add_finding(out, DIAG_ERROR, "CASE_MISMATCH", pos, field,
			            "\"%s\" matches no request: resources are lowercase plurals "
			            "(\"pods\", not \"Pods\") compared case-sensitively", item);
		return;
	}
	if (strchr(item, '*'))
		add_finding(out, DIAG_ERROR, "LITERAL_WILDCARD", pos, field,
		            "\"%s\" matches no real request: only \"*\", \"RESOURCE/*\" and "
		            "\"*/SUBRESOURCE\" are wildcards (use \"*\" for every resource and "
		            "subresource)", item);
	else
		add_finding(out, DIAG_ERROR, "NEVER_MATCHES", pos, field,
		            "\"%s\" matches no real request: write \"RESOURCE\" or "
		            "\"RESOURCE/SUBRESOURCE\"", item);
}

static void check_group(const group_resources *gr, const char *field, diag_list *out)
{
	for (size_t g = 0; g < COUNT_OF(UNSERVED_GROUPS); g++) {
		if (strcmp(gr->group, UNSERVED_GROUPS[g].group) == 0)
			add_finding(out, DIAG_WARNING, "UNSERVED_GROUP", gr->group_pos, field,
			            "group \"%s\" is not served since Kubernetes %s: this entry matches "
			            "nothing on current clusters", gr->group, UNSERVED_GROUPS[g].removed_in);
	}
}

static void check_resources(const policy_rule *rule, size_t index, diag_list *out)
{
	for (size_t e = 0; e < rule->resource_count; e++) {
		const group_resources *gr = &rule->resources[e];
		char *entry = xasprintf("rules[%zu].resources[%zu]", index, e);
		char *group_field = xasprintf("%s.group", entry);
		check_group(gr, group_field, out);
		for (size_t r = 0; r < gr->resources.count; r++) {
			char *field = xasprintf("%s.resources[%zu]", entry, r);
			source_pos pos = gr->resources.pos ? gr->resources.pos[r] : gr->pos;
			check_resource_string(gr->resources.items[r], pos, field, out);
			free(field);
		}
		char *names = xasprintf("%s.resourceNames", entry);
		check_literal_list(&gr->resource_names, names, "resourceNames", false, out);
		free(names);
		free(group_field);
		free(entry);
	}
}

static void check_literals(const policy_rule *rule, size_t index, diag_list *out)
{
	static const struct {
		size_t offset;
		const char *key;
		bool lowercase_only;
	} lists[] = {
		{ offsetof(policy_rule, users), "users", false },
		{ offsetof(policy_rule, user_groups), "userGroups", false },
		{ offsetof(policy_rule, verbs), "verbs", true },
		{ offsetof(policy_rule, namespaces), "namespaces", true },
	};
	for (size_t l = 0; l < COUNT_OF(lists); l++) {
		const string_list *list = (const string_list *)((const char *)rule + lists[l].offset);
		char *prefix = xasprintf("rules[%zu].%s", index, lists[l].key);
		check_literal_list(list, prefix, lists[l].key, lists[l].lowercase_only, out);
		free(prefix);
	}
	check_resources(rule, index, out);
}

/* "secrets", "serviceaccounts/token", "tokenreviews.authentication.k8s.io". */
static char *target_name(const coverage_target *t)
{
	return xasprintf("%s%s%s%s%s", t->resource, *t->group ? "." : "", t->group,
	                 *t->subresource ? "/" : "", t->subresource);
}

/* Appends ", name" for each target the rule reaches with those verbs; NULL when none. */
static char *reached_targets(const coverage *cov, size_t index, const coverage_target *targets,
                             size_t target_count, const char *const *verbs, size_t verb_count,
                             bool by_resource_only)
{
	char *list = NULL;
	for (size_t t = 0; t < target_count; t++) {
		if (!rule_reaches_target(cov, index, &targets[t], verbs, verb_count))
			continue;
		char *name = by_resource_only ? xstrdup(targets[t].resource) : target_name(&targets[t]);
		if (list && by_resource_only && strstr(list, name)) {
			free(name);
			continue;
		}
		char *grown = xasprintf("%s%s%s", list ? list : "", list ? ", " : "", name);
		free(list);
		free(name);
		list = grown;
	}
	return list;
}

/* Connect-style subresources and logs stream their data: kube-apiserver logs no body
 * for them at any level (§7.3). */
static bool body_is_never_logged(const coverage_target *t)
{
	static const char *const streams[] = { "exec", "attach", "portforward", "proxy", "log" };
	for (size_t i = 0; i < COUNT_OF(streams); i++) {
		if (strcmp(t->subresource, streams[i]) == 0)
			return true;
	}
	return false;
}

/* The sensitive targets whose bodies can be logged at all. Returns how many were kept. */
static size_t loggable_targets(const lint_options *opts, coverage_target *kept)
{
	size_t n = 0;
	for (size_t i = 0; i < opts->sensitive_count; i++) {
		if (!body_is_never_logged(&opts->sensitive[i]))
			kept[n++] = opts->sensitive[i];
	}
	return n;
}

static void check_sensitive(const policy *p, const coverage *cov, size_t index,
                            const lint_options *opts, diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	if (rule->level < LEVEL_REQUEST || opts->sensitive_count == 0)
		return;
	coverage_target *targets = xcalloc(opts->sensitive_count, sizeof *targets);
	size_t target_count = loggable_targets(opts, targets);
	bool response = rule->level == LEVEL_REQUEST_RESPONSE;
	const char *const *verbs = response ? RESPONSE_BODY_VERBS : REQUEST_BODY_VERBS;
	size_t verb_count = response ? COUNT_OF(RESPONSE_BODY_VERBS) : COUNT_OF(REQUEST_BODY_VERBS);
	char *reached = reached_targets(cov, index, targets, target_count, verbs, verb_count, false);
	free(targets);
	if (!reached)
		return;
	char *field = rule_field(index);
	add_finding(out, DIAG_ERROR, "SENSITIVE_BODY", level_pos(rule), field,
	            "level %s writes %s bodies of %s to the audit log; log these at Metadata "
	            "in an earlier rule",
	            level_name(rule->level), response ? "request and response" : "request", reached);
	free(field);
	free(reached);
}

static void check_high_churn_watch(const policy *p, const coverage *cov, size_t index,
                                   diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	if (rule->level < LEVEL_REQUEST)
		return;
	char *reached = reached_targets(cov, index, HIGH_CHURN, COUNT_OF(HIGH_CHURN), WATCH_VERB, 1,
	                                true);
	if (!reached)
		return;
	char *field = rule_field(index);
	add_finding(out, DIAG_WARNING, "HIGH_CHURN_WATCH", level_pos(rule), field,
	            "watches of %s reach level %s: frequent, long-running requests for which "
	            "no body is logged, so Metadata (or None) records the same; exclude watch "
	            "from this rule",
	            reached, level_name(rule->level));
	free(field);
	free(reached);
}

static bool writes_request_received(const policy *p, const policy_rule *rule)
{
	stage_set omitted = p->omit_stage_mask | rule->omit_stage_mask;
	return rule->level > LEVEL_NONE && !(omitted & STAGE_BIT(STAGE_REQUEST_RECEIVED));
}

static void check_request_received(const policy *p, const bool *shadowed, diag_list *out)
{
	size_t logging = 0, writing = 0;
	for (size_t i = 0; i < p->rule_count; i++) {
		if (shadowed[i] || p->rules[i].level == LEVEL_NONE)
			continue;
		logging++;
		writing += writes_request_received(p, &p->rules[i]);
	}
	if (writing == 0)
		return;
	if (writing == logging && logging > 1) {
		source_pos pos = p->rules_pos.line > 0 ? p->rules_pos : rule_pos(&p->rules[0]);
		add_finding(out, DIAG_WARNING, "REQUEST_RECEIVED", pos, "omitStages",
		            "no rule omits RequestReceived: every logged request is written at least "
		            "twice (RequestReceived, then ResponseComplete with the same metadata); "
		            "add omitStages: [RequestReceived] at the top of the policy");
		return;
	}
	for (size_t i = 0; i < p->rule_count; i++) {
		if (shadowed[i] || !writes_request_received(p, &p->rules[i]))
			continue;
		char *field = rule_field(i);
		add_finding(out, DIAG_WARNING, "REQUEST_RECEIVED", level_pos(&p->rules[i]), field,
		            "level %s without omitting RequestReceived: each request it logs is "
		            "written at least twice; add omitStages: [RequestReceived]",
		            level_name(p->rules[i].level));
		free(field);
	}
}

static void check_catch_all(const policy *p, const coverage *cov, diag_list *out)
{
	if (p->rule_count == 0 || policy_matches_everything(cov))
		return;
	size_t last = p->rule_count - 1;
	char *field = rule_field(last);
	add_finding(out, DIAG_WARNING, "NO_CATCH_ALL", rule_pos(&p->rules[last]), field,
	            "no catch-all rule: requests that no rule matches are silently not logged; "
	            "end with a rule without selectors (\"- level: Metadata\", or \"- level: "
	            "None\" to say so)");
	free(field);
}

void lint_policy(const policy *p, const lint_options *opts, diag_list *out)
{
	coverage *cov = coverage_new(p);
	bool *shadowed = xcalloc(p->rule_count ? p->rule_count : 1, sizeof *shadowed);
	check_shadowed(p, cov, shadowed, out);
	for (size_t i = 0; i < p->rule_count; i++) {
		check_literals(&p->rules[i], i, out);
		if (shadowed[i])
			continue;
		check_sensitive(p, cov, i, opts, out);
		check_high_churn_watch(p, cov, i, out);
	}
	check_request_received(p, shadowed, out);
	check_catch_all(p, cov, out);
	free(shadowed);
	coverage_free(cov);
}

void lint_traffic(const policy *p, const replay_summary *s, diag_list *out)
{
	coverage *cov = coverage_new(p);
	for (size_t i = 0; i < p->rule_count; i++) {
		int by;
		if (s->by_rule[i].requests > 0 || rule_is_shadowed(cov, i, &by))
			continue;
		char *field = rule_field(i);
		add_finding(out, DIAG_WARNING, "UNMATCHED_RULE", rule_pos(&p->rules[i]), field,
		            "decided none of the %llu requests in the logs",
		            (unsigned long long)s->total.requests);
		free(field);
	}
	coverage_free(cov);
}

static bool pos_before(source_pos a, source_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* Merges the sorted runs from[lo, mid) and from[mid, hi) into to[lo, hi), the left run
 * first among equal positions. */
static void merge_runs(const diag *from, diag *to, size_t lo, size_t mid, size_t hi)
{
	size_t left = lo, right = mid;
	for (size_t k = lo; k < hi; k++) {
		if (left < mid && (right == hi || !pos_before(from[right].pos, from[left].pos)))
			to[k] = from[left++];
		else
			to[k] = from[right++];
	}
}

void lint_sort(diag_list *findings)
{
	/* bottom-up merge sort: stable, O(n log n) (a policy of 50,000 rules can have as
	 * many findings) */
	size_t n = findings->count;
	if (n < 2)
		return;
	diag *from = findings->items, *to = xcalloc(n, sizeof *to), *spare = to;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			merge_runs(from, to, lo, mid, hi);
		}
		diag *swap = from;
		from = to;
		to = swap;
	}
	if (from != findings->items)
		memcpy(findings->items, from, n * sizeof *from);
	free(spare);
}
