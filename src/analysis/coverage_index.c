/* coverage_index: which earlier rules can cover a cell at all.
 *
 * A rule that lists values under a selector covers only cells whose value for it is one
 * of them: a rule with users [a, b] never covers a cell of user c, nor a cell of any
 * user. So each rule is filed under one selector it lists (users, userGroups, verbs,
 * namespaces, the resource names of its patterns, its API groups, or its
 * nonResourceURLs), with one key per value, and a cell only has to try the rules filed
 * under its own values, plus the rules that list no such selector (a catch-all). Of the
 * selectors a rule lists, it is filed under the one whose values the fewest rules share,
 * so a policy of 50,000 per-namespace rules that all name the same user is filed by
 * namespace. The index only ever leaves out rules that cannot cover the cell; whether a
 * candidate covers it is still decided by rule_covers_cell. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coverage_internal.h"
#include "hash_table.h"
#include "xalloc.h"

typedef enum {
	DIM_USER,
	DIM_USER_GROUP,
	DIM_VERB,
	DIM_NAMESPACE,
	DIM_RESOURCE,
	DIM_API_GROUP,
	DIM_URL,
	DIM_COUNT,
} dimension;

/* Key spaces: the first byte of a key. URLs have two, exact paths and prefix stems. */
enum {
	SPACE_USER = 'u',
	SPACE_USER_GROUP = 'g',
	SPACE_VERB = 'v',
	SPACE_NAMESPACE = 'n',
	SPACE_RESOURCE = 'r',
	SPACE_API_GROUP = 'a',
	SPACE_URL_EXACT = '=',
	SPACE_URL_PREFIX = '*',
};

/* Rule indexes in ascending order. */
typedef struct {
	size_t *rules;
	size_t count, capacity;
} rule_list;

struct rule_index {
	const policy *p;
	hash_table *keys; /* key -> index into buckets */
	rule_list *buckets;
	size_t *sharing; /* per bucket: how many rules list its value */
	size_t bucket_count, bucket_capacity;
	rule_list unfiled;
};

/* Called for each key of a rule or a cell; `value` is not NUL-terminated. */
typedef void (*key_visitor)(char space, const char *value, size_t len, void *ctx);

/* What the visitors of a rule's keys work on while the index is built. */
typedef struct {
	rule_index *x;
	size_t rule;
	size_t cost;
} filing;

static void list_push(rule_list *list, size_t rule)
{
	if (list->count && list->rules[list->count - 1] == rule)
		return; /* a value listed twice */
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? list->capacity * 2 : 4;
		list->rules = xreallocarray(list->rules, list->capacity, sizeof *list->rules);
	}
	list->rules[list->count++] = rule;
}

/* The key bytes: the space, then the value. *heap is set when the key did not fit. */
static const char *make_key(char *buf, size_t buf_len, char space, const char *value,
                            size_t len, char **heap)
{
	char *key = len + 1 <= buf_len ? buf : (*heap = xmalloc(len + 1));
	key[0] = space;
	if (len)
		memcpy(key + 1, value, len);
	return key;
}

/* The bucket of a key; SIZE_MAX when there is none. */
static size_t find_bucket(const rule_index *x, char space, const char *value, size_t len)
{
	char buf[256], *heap = NULL;
	const char *key = make_key(buf, sizeof buf, space, value, len, &heap);
	size_t bucket = SIZE_MAX;
	hash_table_find(x->keys, key, len + 1, &bucket);
	free(heap);
	return bucket;
}

/* The bucket of a key, added empty when it is new. */
static size_t add_bucket(rule_index *x, char space, const char *value, size_t len)
{
	char buf[256], *heap = NULL;
	const char *key = make_key(buf, sizeof buf, space, value, len, &heap);
	size_t bucket = hash_table_get_or_add(x->keys, key, len + 1, x->bucket_count);
	free(heap);
	if (bucket < x->bucket_count)
		return bucket;
	if (x->bucket_count == x->bucket_capacity) {
		x->bucket_capacity = x->bucket_capacity ? x->bucket_capacity * 2 : 64;
		x->buckets = xreallocarray(x->buckets, x->bucket_capacity, sizeof *x->buckets);
		x->sharing = xreallocarray(x->sharing, x->bucket_capacity, sizeof *x->sharing);
	}
	x->buckets[bucket] = (rule_list){ 0 };
	x->sharing[bucket] = 0;
	x->bucket_count++;
	return bucket;
}

static bool visit_list(const string_list *list, char space, key_visitor visit, void *ctx)
{
	if (list->count == 0)
		return false;
	for (size_t i = 0; i < list->count; i++)
		visit(space, list->items[i], strlen(list->items[i]), ctx);
	return true;
}

/* Resource names: only when every entry lists resources and every pattern names its
 * resource ("pods", "pods/log", "pods" slash-star). Patterns that match nothing give no
 * key. */
static bool visit_resources(const policy_rule *rule, key_visitor visit, void *ctx)
{
	for (size_t e = 0; e < rule->resource_count; e++) {
		const string_list *patterns = &rule->resources[e].resources;
		if (patterns->count == 0)
			return false;
		for (size_t i = 0; i < patterns->count; i++) {
			pattern_kind kind = parse_pattern(patterns->items[i]).kind;
			if (kind == PATTERN_ALL || kind == PATTERN_ANY_RES)
				return false;
		}
	}
	for (size_t e = 0; e < rule->resource_count; e++) {
		const string_list *patterns = &rule->resources[e].resources;
		for (size_t i = 0; i < patterns->count; i++) {
			resource_pattern p = parse_pattern(patterns->items[i]);
			if (p.kind == PATTERN_EXACT || p.kind == PATTERN_SUB_ANY)
				visit(SPACE_RESOURCE, p.resource.ptr, p.resource.len, ctx);
		}
	}
	return true;
}

static bool visit_api_groups(const policy_rule *rule, key_visitor visit, void *ctx)
{
	for (size_t e = 0; e < rule->resource_count; e++) {
		if (strcmp(rule->resources[e].group, "*") == 0)
			return false;
	}
	for (size_t e = 0; e < rule->resource_count; e++)
		visit(SPACE_API_GROUP, rule->resources[e].group, strlen(rule->resources[e].group), ctx);
	return true;
}

static void visit_url(const char *url, key_visitor visit, void *ctx)
{
	bool is_prefix;
	size_t stem = url_stem(url, &is_prefix);
	if (is_prefix)
		visit(SPACE_URL_PREFIX, url, stem, ctx);
	else
		visit(SPACE_URL_EXACT, url, strlen(url), ctx);
}

/* Visits the keys of the rule under dimension d. Returns false when the rule cannot be
 * filed under d (it lists no such selector, or one that covers cells of any value). */
static bool visit_rule_keys(const policy_rule *rule, dimension d, key_visitor visit, void *ctx)
{
	bool resource_rule = kind_of(rule) == KIND_RESOURCE && rule->resource_count > 0;
	switch (d) {
	case DIM_USER:
		return visit_list(&rule->users, SPACE_USER, visit, ctx);
	case DIM_USER_GROUP:
		return visit_list(&rule->user_groups, SPACE_USER_GROUP, visit, ctx);
	case DIM_VERB:
		return visit_list(&rule->verbs, SPACE_VERB, visit, ctx);
	case DIM_NAMESPACE:
		return visit_list(&rule->namespaces, SPACE_NAMESPACE, visit, ctx);
	case DIM_RESOURCE:
		return resource_rule && visit_resources(rule, visit, ctx);
	case DIM_API_GROUP:
		return resource_rule && visit_api_groups(rule, visit, ctx);
	case DIM_URL:
		if (kind_of(rule) != KIND_NON_RESOURCE)
			return false;
		for (size_t i = 0; i < rule->non_resource_urls.count; i++)
			visit_url(rule->non_resource_urls.items[i], visit, ctx);
		return true;
	case DIM_COUNT:
		break;
	}
	return false;
}

static void count_sharing(char space, const char *value, size_t len, void *ctx)
{
	filing *f = ctx;
	size_t bucket = add_bucket(f->x, space, value, len); /* may move x->sharing */
	f->x->sharing[bucket]++;
}

static void add_cost(char space, const char *value, size_t len, void *ctx)
{
	filing *f = ctx;
	f->cost += f->x->sharing[find_bucket(f->x, space, value, len)];
}

static void file_rule(char space, const char *value, size_t len, void *ctx)
{
	filing *f = ctx;
	list_push(&f->x->buckets[find_bucket(f->x, space, value, len)], f->rule);
}

/* The dimension with the fewest rules sharing the rule's values; DIM_COUNT: none. */
static dimension best_dimension(rule_index *x, const policy_rule *rule)
{
	dimension best = DIM_COUNT;
	size_t best_cost = SIZE_MAX;
	for (int d = 0; d < DIM_COUNT; d++) {
		filing f = { .x = x };
		if (visit_rule_keys(rule, (dimension)d, add_cost, &f) && f.cost < best_cost) {
			best = (dimension)d;
			best_cost = f.cost;
		}
	}
	return best;
}

rule_index *rule_index_new(const policy *p, bool indexed)
{
	rule_index *x = xcalloc(1, sizeof *x);
	x->p = p;
	x->keys = hash_table_new();
	for (size_t i = 0; indexed && i < p->rule_count; i++) {
		filing f = { .x = x, .rule = i };
		for (int d = 0; d < DIM_COUNT; d++)
			visit_rule_keys(&p->rules[i], (dimension)d, count_sharing, &f);
	}
	for (size_t i = 0; i < p->rule_count; i++) {
		dimension d = indexed ? best_dimension(x, &p->rules[i]) : DIM_COUNT;
		filing f = { .x = x, .rule = i };
		if (d == DIM_COUNT)
			list_push(&x->unfiled, i);
		else
			visit_rule_keys(&p->rules[i], d, file_rule, &f);
	}
	return x;
}

void rule_index_free(rule_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->bucket_count; i++)
		free(x->buckets[i].rules);
	free(x->buckets);
	free(x->sharing);
	free(x->unfiled.rules);
	hash_table_free(x->keys);
	free(x);
}

/* The lists a cell's candidates come from: the unfiled rules, then one bucket per key. */
typedef struct {
	const rule_index *x;
	const rule_list *lists[16];
	size_t count;
	const rule_list **more; /* URL prefixes beyond the fixed slots */
	size_t more_count, more_capacity;
} candidate_lists;

static void collect_list(char space, const char *value, size_t len, void *ctx)
{
	candidate_lists *c = ctx;
	const rule_index *x = c->x;
	size_t bucket = find_bucket(x, space, value, len);
	if (bucket == SIZE_MAX)
		return;
	if (c->count < sizeof c->lists / sizeof c->lists[0]) {
		c->lists[c->count++] = &x->buckets[bucket];
		return;
	}
	if (c->more_count == c->more_capacity) {
		c->more_capacity = c->more_capacity ? c->more_capacity * 2 : 16;
		c->more = xreallocarray(c->more, c->more_capacity, sizeof *c->more);
	}
	c->more[c->more_count++] = &x->buckets[bucket];
}

static void visit_value(const char *value, char space, key_visitor visit, void *ctx)
{
	if (value)
		visit(space, value, strlen(value), ctx);
}

/* A URL cell may be covered by its exact path or by any prefix of its stem. */
static void visit_url_cell(const char *url, key_visitor visit, void *ctx)
{
	bool is_prefix;
	size_t stem = url_stem(url, &is_prefix);
	visit(SPACE_URL_EXACT, url, strlen(url), ctx);
	for (size_t len = 0; len <= stem; len++)
		visit(SPACE_URL_PREFIX, url, len, ctx);
}

static candidate_lists lists_for_cell(const rule_index *x, const cell *c)
{
	candidate_lists lists = { .x = x, .count = 1 };
	lists.lists[0] = &x->unfiled;
	visit_value(c->user, SPACE_USER, collect_list, &lists);
	visit_value(c->group, SPACE_USER_GROUP, collect_list, &lists);
	visit_value(c->verb, SPACE_VERB, collect_list, &lists);
	visit_value(c->namespace_, SPACE_NAMESPACE, collect_list, &lists);
	const atom *a = c->atom;
	if (a->is_url) {
		visit_url_cell(a->pattern, collect_list, &lists);
	} else {
		resource_pattern p = parse_pattern(a->pattern);
		if (p.kind == PATTERN_EXACT || p.kind == PATTERN_SUB_ANY)
			collect_list(SPACE_RESOURCE, p.resource.ptr, p.resource.len, &lists);
		visit_value(a->group, SPACE_API_GROUP, collect_list, &lists);
	}
	return lists;
}

static const rule_list *list_at(const candidate_lists *lists, size_t i)
{
	return i < lists->count ? lists->lists[i] : lists->more[i - lists->count];
}

bool rule_index_covers_cell(const rule_index *x, size_t rule_limit, const cell *c)
{
	candidate_lists lists = lists_for_cell(x, c);
	bool covered = false;
	for (size_t l = 0; l < lists.count + lists.more_count && !covered; l++) {
		const rule_list *list = list_at(&lists, l);
		for (size_t i = 0; i < list->count && list->rules[i] < rule_limit && !covered; i++)
			covered = rule_covers_cell(&x->p->rules[list->rules[i]], c);
	}
	free(lists.more);
	return covered;
}

static int compare_rules(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

size_t *rule_index_candidates(const rule_index *x, size_t rule_limit, const cell *c,
                              size_t *count)
{
	candidate_lists lists = lists_for_cell(x, c);
	size_t total = 0;
	for (size_t l = 0; l < lists.count + lists.more_count; l++)
		total += list_at(&lists, l)->count;
	size_t *rules = total ? xreallocarray(NULL, total, sizeof *rules) : NULL;
	size_t n = 0;
	for (size_t l = 0; l < lists.count + lists.more_count; l++) {
		const rule_list *list = list_at(&lists, l);
		for (size_t i = 0; i < list->count && list->rules[i] < rule_limit; i++)
			rules[n++] = list->rules[i];
	}
	free(lists.more);
	if (n > 1)
		qsort(rules, n, sizeof *rules, compare_rules);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (kept == 0 || rules[kept - 1] != rules[i])
			rules[kept++] = rules[i];
	}
	*count = kept;
	if (kept == 0) {
		free(rules);
		return NULL;
	}
	return rules;
}
