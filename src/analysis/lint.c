/* lint: the static and traffic checks behind `auditsim lint` (codes in lint.h / README). */
#include "lint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lint_finding.h"
#include "lint_wire.h"
#include "wire_facts.h"
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

static const char *const WATCH_VERB[] = { "watch" };

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

lint_options lint_default_options(void)
{
	return (lint_options){ DEFAULT_SENSITIVE, COUNT_OF(DEFAULT_SENSITIVE), NULL };
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

/* Appends ", name" for each target the rule reaches with those verbs; NULL when none. */
static char *reached_resources(const coverage *cov, size_t index, const coverage_target *targets,
                               size_t target_count, const char *const *verbs, size_t verb_count)
{
	char *list = NULL;
	for (size_t t = 0; t < target_count; t++) {
		const char *name = targets[t].resource;
		if (rule_reaches_target(cov, index, &targets[t], verbs, verb_count) &&
		    !(list && strstr(list, name)))
			list = list_append(list, name);
	}
	return list;
}

/* Appends "name" (with its credential note) for each sensitive target whose credential
 * bodies rules[index] may write. NULL when none. */
static char *reached_credentials(const coverage *cov, size_t index, const lint_options *opts,
                                 audit_level level)
{
	char *list = NULL;
	for (size_t t = 0; t < opts->sensitive_count; t++) {
		const coverage_target *target = &opts->sensitive[t];
		const char *const *verbs;
		size_t verb_count = credential_body_verbs(level, target, &verbs);
		if (!verb_count || !rule_reaches_target(cov, index, target, verbs, verb_count))
			continue;
		char *name = target_name(target);
		const char *note = credential_note(target);
		char *item = note ? xasprintf("%s (%s)", name, note) : xstrdup(name);
		list = list_append(list, item);
		free(item);
		free(name);
	}
	return list;
}

static void check_sensitive(const policy *p, const coverage *cov, size_t index,
                            const lint_options *opts, diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	if (rule->level < LEVEL_REQUEST)
		return;
	char *reached = reached_credentials(cov, index, opts, rule->level);
	if (!reached)
		return;
	char *field = rule_field(index);
	char *note = traffic_note(opts->traffic, (int)index, TALLY_SENSITIVE_BODY);
	add_finding(out, DIAG_ERROR, "SENSITIVE_BODY", level_pos(rule), field,
	            "level %s writes %s bodies of %s to the audit log; log these at Metadata "
	            "in an earlier rule%s",
	            level_name(rule->level),
	            rule->level == LEVEL_REQUEST_RESPONSE ? "request and response" : "request",
	            reached, note);
	free(note);
	free(field);
	free(reached);
}

static void check_high_churn_watch(const policy *p, const coverage *cov, size_t index,
                                   diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	if (rule->level < LEVEL_REQUEST)
		return;
	char *reached = reached_resources(cov, index, HIGH_CHURN, COUNT_OF(HIGH_CHURN), WATCH_VERB, 1);
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

/* A rule without selectors matches every request (checker.c: nothing to refuse it). */
static bool is_catch_all(const policy_rule *rule)
{
	return rule->users.count == 0 && rule->user_groups.count == 0 && rule->verbs.count == 0 &&
	       rule->namespaces.count == 0 && rule->resource_count == 0 &&
	       rule->non_resource_urls.count == 0;
}

/* The first live catch-all that logs, or -1. */
static int logging_catch_all(const policy *p, const bool *shadowed)
{
	for (size_t i = 0; i < p->rule_count; i++) {
		if (!shadowed[i] && is_catch_all(&p->rules[i]))
			return p->rules[i].level > LEVEL_NONE ? (int)i : -1;
	}
	return -1;
}

/* One finding for the policy when no logging rule omits RequestReceived. */
static void report_policy_request_received(const policy *p, const bool *shadowed,
                                           const lint_tally *traffic, diag_list *out)
{
	int catch_all = logging_catch_all(p, shadowed);
	char *which = catch_all < 0 ? xstrdup("") :
	                              xasprintf(", the catch-all rules[%d] (line %d) included", catch_all,
	                                        rule_pos(&p->rules[catch_all]).line);
	char *note = traffic_note(traffic, -1, TALLY_REQUEST_RECEIVED);
	source_pos pos = p->rules_pos.line > 0 ? p->rules_pos : rule_pos(&p->rules[0]);
	add_finding(out, DIAG_WARNING, "REQUEST_RECEIVED", pos, "omitStages",
	            "no rule omits RequestReceived%s: every logged request is written at least "
	            "twice (RequestReceived, then ResponseComplete with the same metadata); "
	            "add omitStages: [RequestReceived] at the top of the policy%s",
	            which, note);
	free(note);
	free(which);
}

static void report_rule_request_received(const policy *p, size_t index,
                                         const lint_tally *traffic, diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	char *field = rule_field(index);
	char *note = traffic_note(traffic, (int)index, TALLY_REQUEST_RECEIVED);
	if (is_catch_all(rule))
		add_finding(out, DIAG_WARNING, "REQUEST_RECEIVED", level_pos(rule), field,
		            "catch-all at level %s without omitting RequestReceived: every request "
		            "no earlier rule takes is written at least twice; add omitStages: "
		            "[RequestReceived]%s",
		            level_name(rule->level), note);
	else
		add_finding(out, DIAG_WARNING, "REQUEST_RECEIVED", level_pos(rule), field,
		            "level %s without omitting RequestReceived: each request it logs is "
		            "written at least twice; add omitStages: [RequestReceived]%s",
		            level_name(rule->level), note);
	free(note);
	free(field);
}

static void check_request_received(const policy *p, const bool *shadowed,
                                   const lint_tally *traffic, diag_list *out)
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
		report_policy_request_received(p, shadowed, traffic, out);
		return;
	}
	for (size_t i = 0; i < p->rule_count; i++) {
		if (!shadowed[i] && writes_request_received(p, &p->rules[i]))
			report_rule_request_received(p, i, traffic, out);
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
	probe_index *probes = probe_index_new(p);
	bool *shadowed = xcalloc(p->rule_count ? p->rule_count : 1, sizeof *shadowed);
	check_shadowed(p, cov, shadowed, out);
	for (size_t i = 0; i < p->rule_count; i++) {
		check_literals(&p->rules[i], i, out);
		if (shadowed[i])
			continue;
		check_sensitive(p, cov, i, opts, out);
		check_high_churn_watch(p, cov, i, out);
		lint_wire_rule(p, probes, i, opts->traffic, out);
	}
	check_request_received(p, shadowed, opts->traffic, out);
	check_catch_all(p, cov, out);
	probe_index_free(probes);
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
