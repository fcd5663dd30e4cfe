/* fuzz_decision_roundtrip: the bytes choose a small policy and a request from lists of
 * realistic and awkward values; after validation, evaluate_policy_rule must agree with the
 * slow reference below, written from the semantics document (§3) alone: it reads the rules'
 * strings as written (level names, omitStages names) and compares plain C strings,
 * building "resource/subresource" with snprintf. On disagreement it prints both sides
 * and aborts. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "checker.h"
#include "policy.h"
#include "policy_validator.h"
#include "request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const levels[] = { "None", "Metadata", "Request", "RequestResponse" };
static const char *const stages[] = { "RequestReceived", "ResponseStarted", "ResponseComplete",
	                              "Panic" };
static const char *const users[] = { "alice", "system:kube-proxy", "", "*", "system:anonymous" };
static const char *const groups[] = { "system:authenticated", "system:masters", "system:nodes",
	                              "", "*", "system:*" };
static const char *const verbs[] = { "get", "list", "watch", "create", "update", "patch",
	                             "delete", "deletecollection", "", "*", "GET", "proxy",
	                             "post" };
static const char *const api_groups[] = { "", "apps", "rbac.authorization.k8s.io", "*",
	                                  "batch" };
static const char *const resources[] = { "pods", "secrets", "deployments", "*", "configmaps",
	                                 "", "namespaces" };
static const char *const subresources[] = { "", "log", "status", "scale", "*", "exec" };
static const char *const resource_entries[] = { "*", "pods", "pods/log", "*/scale", "pods/*",
	                                        "*/*", "pods/", "secrets", "deployments/scale",
	                                        "*/status", "", "Pods", "pods/log/*", "/",
	                                        "*/", "/*", "**", "*/log", "deployments/*" };
static const char *const names[] = { "", "foo", "bar", "*", "kube-system" };
static const char *const namespaces[] = { "", "default", "kube-system", "*" };
static const char *const url_patterns[] = { "*", "/healthz", "/healthz*", "/api*", "/", "/*",
	                                    "/healthz/", "/apis/*", "/metrics", "/healthz**",
	                                    "/api" };
static const char *const paths[] = { "/healthz", "/healthz/etcd", "/healthzfoo", "/api", "/apis",
	                             "/", "", "/metrics", "/api/v1", "/*", "/healthz*" };

typedef struct {
	const uint8_t *p;
	size_t left;
} byte_source;

static unsigned next_byte(byte_source *b)
{
	if (b->left == 0)
		return 0;
	b->left--;
	return *b->p++;
}

static const char *pick(byte_source *b, const char *const *list, size_t count)
{
	return list[next_byte(b) % count];
}

static char *dup_or_die(const char *s)
{
	char *copy = strdup(s);
	if (!copy)
		abort();
	return copy;
}

/* 0..3 entries most of the time; 0 means absent or [] (the same to the checker). */
static void fill_list(byte_source *b, string_list *list, const char *const *values, size_t count)
{
	list->count = next_byte(b) % 4;
	list->items = calloc(list->count + 1, sizeof *list->items);
	list->pos = calloc(list->count + 1, sizeof *list->pos);
	if (!list->items || !list->pos)
		abort();
	for (size_t i = 0; i < list->count; i++)
		list->items[i] = dup_or_die(pick(b, values, count));
}

static void fill_rule(byte_source *b, policy_rule *rule)
{
	rule->level_name = dup_or_die(pick(b, levels, COUNT(levels)));
	unsigned shape = next_byte(b);
	fill_list(b, &rule->users, users, COUNT(users));
	fill_list(b, &rule->user_groups, groups, COUNT(groups));
	fill_list(b, &rule->verbs, verbs, COUNT(verbs));
	if (shape & 1)
		fill_list(b, &rule->namespaces, namespaces, COUNT(namespaces));
	if (shape & 2) {
		rule->resource_count = next_byte(b) % 3;
		rule->resources = calloc(rule->resource_count + 1, sizeof *rule->resources);
		if (!rule->resources)
			abort();
		for (size_t i = 0; i < rule->resource_count; i++) {
			group_resources *gr = &rule->resources[i];
			gr->group = dup_or_die(pick(b, api_groups, COUNT(api_groups)));
			fill_list(b, &gr->resources, resource_entries, COUNT(resource_entries));
			if (gr->resources.count > 0 && (next_byte(b) & 1))
				fill_list(b, &gr->resource_names, names, COUNT(names));
		}
	}
	if (shape & 4)
		fill_list(b, &rule->non_resource_urls, url_patterns, COUNT(url_patterns));
	if (shape & 8)
		fill_list(b, &rule->omit_stages, stages, COUNT(stages));
	rule->omit_managed_fields = (tristate)((shape >> 4) % 3);
}

typedef struct {
	bool has_user;
	const char *user;
	const char *groups[3];
	size_t group_count;
	const char *verb;
	bool is_resource;
	const char *api_group, *resource, *subresource, *namespace_, *name, *path;
} plain_request;

static void fill_request(byte_source *b, plain_request *q)
{
	unsigned shape = next_byte(b);
	q->has_user = (shape & 1) == 0;
	q->user = q->has_user ? pick(b, users, COUNT(users)) : "";
	q->group_count = q->has_user ? next_byte(b) % 4 : 0;
	for (size_t i = 0; i < q->group_count; i++)
		q->groups[i] = pick(b, groups, COUNT(groups));
	q->verb = pick(b, verbs, COUNT(verbs));
	q->is_resource = (shape & 2) != 0;
	q->api_group = q->is_resource ? pick(b, api_groups, COUNT(api_groups)) : "";
	q->resource = q->is_resource ? pick(b, resources, COUNT(resources)) : "";
	q->subresource = q->is_resource ? pick(b, subresources, COUNT(subresources)) : "";
	q->namespace_ = q->is_resource ? pick(b, namespaces, COUNT(namespaces)) : "";
	q->name = q->is_resource ? pick(b, names, COUNT(names)) : "";
	q->path = q->is_resource ? "" : pick(b, paths, COUNT(paths));
}

/* ---- the reference: §3 of the semantics document, read literally ---- */

static bool ref_has(const string_list *list, const char *value)
{
	for (size_t i = 0; i < list->count; i++) {
		if (strcmp(list->items[i], value) == 0)
			return true;
	}
	return false;
}

static bool ref_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool ref_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* §3.4: one resources string against the request. */
static bool ref_resource_string(const char *r, const plain_request *q)
{
	char combined[256];
	if (q->subresource[0] != '\0')
		snprintf(combined, sizeof combined, "%s/%s", q->resource, q->subresource);
	else
		snprintf(combined, sizeof combined, "%s", q->resource);
	if (strcmp(r, "*") == 0 || strcmp(r, combined) == 0)
		return true;
	if (q->subresource[0] != '\0' && ref_starts_with(r, "*/") && strcmp(r + 2, q->subresource) == 0)
		return true;
	if (ref_ends_with(r, "/*")) {
		size_t stem = strlen(r) - 2;
		if (strlen(q->resource) == stem && strncmp(r, q->resource, stem) == 0)
			return true;
	}
	return false;
}

static bool ref_group_resources(const group_resources *gr, const plain_request *q)
{
	if (strcmp(gr->group, q->api_group) != 0 && strcmp(gr->group, "*") != 0)
		return false;
	if (gr->resources.count == 0)
		return true;
	for (size_t i = 0; i < gr->resources.count; i++) {
		if (gr->resource_names.count > 0 && !ref_has(&gr->resource_names, q->name))
			continue;
		if (ref_resource_string(gr->resources.items[i], q))
			return true;
	}
	return false;
}

/* §3.5 */
static bool ref_path(const char *spec, const char *path)
{
	if (strcmp(spec, "*") == 0 || strcmp(spec, path) == 0)
		return true;
	size_t n = strlen(spec);
	if (n == 0 || spec[n - 1] != '*')
		return false;
	while (n > 0 && spec[n - 1] == '*')
		n--;
	return strncmp(path, spec, n) == 0;
}

/* §3.3 */
static bool ref_rule(const policy_rule *rule, const plain_request *q)
{
	if (rule->users.count > 0 && !(q->has_user && ref_has(&rule->users, q->user)))
		return false;
	if (rule->user_groups.count > 0) {
		if (!q->has_user)
			return false;
		bool any = false;
		for (size_t i = 0; i < q->group_count; i++)
			any = any || ref_has(&rule->user_groups, q->groups[i]);
		if (!any)
			return false;
	}
	if (rule->verbs.count > 0 && !ref_has(&rule->verbs, q->verb))
		return false;
	if (rule->namespaces.count > 0 || rule->resource_count > 0) {
		if (!q->is_resource)
			return false;
		if (rule->namespaces.count > 0 && !ref_has(&rule->namespaces, q->namespace_))
			return false;
		if (rule->resource_count == 0)
			return true;
		for (size_t i = 0; i < rule->resource_count; i++) {
			if (ref_group_resources(&rule->resources[i], q))
				return true;
		}
		return false;
	}
	if (rule->non_resource_urls.count > 0) {
		if (q->is_resource)
			return false;
		for (size_t i = 0; i < rule->non_resource_urls.count; i++) {
			if (ref_path(rule->non_resource_urls.items[i], q->path))
				return true;
		}
		return false;
	}
	return true;
}

static unsigned ref_stage_mask(const string_list *list)
{
	unsigned mask = 0;
	for (size_t i = 0; i < list->count; i++) {
		for (size_t s = 0; s < COUNT(stages); s++) {
			if (strcmp(list->items[i], stages[s]) == 0)
				mask |= 1u << s;
		}
	}
	return mask;
}

/* §3.1 */
static audit_decision ref_decide(const policy *p, const plain_request *q)
{
	audit_decision d = { .level = LEVEL_NONE, .rule = -1,
		             .omit_stages = ref_stage_mask(&p->omit_stages),
		             .omit_managed_fields = p->omit_managed_fields };
	for (size_t i = 0; i < p->rule_count; i++) {
		const policy_rule *rule = &p->rules[i];
		if (!ref_rule(rule, q))
			continue;
		for (size_t l = 0; l < COUNT(levels); l++) {
			if (strcmp(rule->level_name, levels[l]) == 0)
				d.level = (audit_level)l;
		}
		d.rule = (int)i;
		d.omit_stages |= ref_stage_mask(&rule->omit_stages);
		if (rule->omit_managed_fields != TRISTATE_UNSET)
			d.omit_managed_fields = rule->omit_managed_fields == TRISTATE_TRUE;
		break;
	}
	return d;
}

/* ---- reporting ---- */

static void print_list(const char *key, const string_list *list)
{
	if (list->count == 0)
		return;
	fprintf(stderr, "    %s: [", key);
	for (size_t i = 0; i < list->count; i++)
		fprintf(stderr, "%s\"%s\"", i ? ", " : "", list->items[i]);
	fprintf(stderr, "]\n");
}

static void report(const policy *p, const plain_request *q, audit_decision got, audit_decision want)
{
	fprintf(stderr, "evaluate_policy_rule disagrees with the reference\npolicy:\n");
	print_list("omitStages", &p->omit_stages);
	fprintf(stderr, "  omitManagedFields: %d\n", p->omit_managed_fields);
	for (size_t i = 0; i < p->rule_count; i++) {
		const policy_rule *rule = &p->rules[i];
		fprintf(stderr, "  - level: %s\n", rule->level_name);
		print_list("users", &rule->users);
		print_list("userGroups", &rule->user_groups);
		print_list("verbs", &rule->verbs);
		print_list("namespaces", &rule->namespaces);
		for (size_t g = 0; g < rule->resource_count; g++) {
			fprintf(stderr, "    resources[%zu].group: \"%s\"\n", g, rule->resources[g].group);
			print_list("  resources", &rule->resources[g].resources);
			print_list("  resourceNames", &rule->resources[g].resource_names);
		}
		print_list("nonResourceURLs", &rule->non_resource_urls);
		print_list("omitStages", &rule->omit_stages);
		fprintf(stderr, "    omitManagedFields: %d\n", (int)rule->omit_managed_fields);
	}
	fprintf(stderr, "request: user %s\"%s\" groups", q->has_user ? "" : "(none) ", q->user);
	for (size_t i = 0; i < q->group_count; i++)
		fprintf(stderr, " \"%s\"", q->groups[i]);
	fprintf(stderr, " verb \"%s\" %s group \"%s\" resource \"%s\" sub \"%s\" ns \"%s\" "
	        "name \"%s\" path \"%s\"\n", q->verb, q->is_resource ? "resource" : "non-resource",
	        q->api_group, q->resource, q->subresource, q->namespace_, q->name, q->path);
	fprintf(stderr, "evaluate_policy_rule: level %d rule %d omit %#x omf %d\n", (int)got.level,
	        got.rule, got.omit_stages, got.omit_managed_fields);
	fprintf(stderr, "reference:            level %d rule %d omit %#x omf %d\n", (int)want.level,
	        want.rule, want.omit_stages, want.omit_managed_fields);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	byte_source b = { data, size };
	policy p;
	policy_init(&p);
	p.file = dup_or_die("fuzz.yaml");
	fill_list(&b, &p.omit_stages, stages, COUNT(stages));
	p.omit_managed_fields = next_byte(&b) & 1;
	p.rule_count = 1 + next_byte(&b) % 4;
	p.rules = calloc(p.rule_count, sizeof *p.rules);
	if (!p.rules)
		abort();
	for (size_t i = 0; i < p.rule_count; i++)
		fill_rule(&b, &p.rules[i]);

	diag_list diags;
	diag_list_init(&diags, p.file);
	bool valid = policy_validate(&p, &diags);
	diag_list_free(&diags);

	/* Several requests against the same policy. */
	for (int n = 0; valid && n < 8 && (n == 0 || b.left > 0); n++) {
		plain_request q;
		fill_request(&b, &q);
		span group_spans[3];
		for (size_t i = 0; i < q.group_count; i++)
			group_spans[i] = span_of(q.groups[i]);
		request_attrs attrs = {
			.has_user = q.has_user, .user_name = span_of(q.user), .groups = group_spans,
			.group_count = q.group_count, .verb = span_of(q.verb),
			.is_resource = q.is_resource, .api_group = span_of(q.api_group),
			.api_version = span_of("v1"), .resource = span_of(q.resource),
			.subresource = span_of(q.subresource), .namespace_ = span_of(q.namespace_),
			.name = span_of(q.name), .path = span_of(q.path),
		};
		audit_decision got = evaluate_policy_rule(&p, &attrs);
		audit_decision want = ref_decide(&p, &q);
		if (got.level != want.level || got.rule != want.rule ||
		    got.omit_stages != want.omit_stages ||
		    got.omit_managed_fields != want.omit_managed_fields)
			report(&p, &q, got, want);
	}
	policy_free(&p);
	return 0;
}
