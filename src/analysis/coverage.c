/* coverage: cells of a rule and whether earlier rules cover them (see coverage.h). */
#include <stdlib.h>
#include <string.h>

#include "coverage_internal.h"
#include "xalloc.h"

/* Beyond this many cells a rule is too big to prove anything about cheaply; saying
 * "not covered" is always sound. */
#define MAX_CELLS 200000

/* Questions about one policy, with its rules filed by selector value. */
struct coverage {
	const policy *p;
	rule_index *index;
};

/* The requests of one rule, possibly narrowed (to a target, to some verbs). */
typedef struct {
	const policy_rule *rule;
	const char **verbs; /* NULL entry: any verb */
	size_t verb_count;
	atom *atoms;
	size_t atom_count;
	char **owned; /* pattern strings built for a target */
	size_t owned_count;
} rule_view;

rule_kind kind_of(const policy_rule *rule)
{
	if (rule->namespaces.count > 0 || rule->resource_count > 0)
		return KIND_RESOURCE;
	if (rule->non_resource_urls.count > 0)
		return KIND_NON_RESOURCE;
	return KIND_ANY;
}

static bool list_contains(const string_list *list, const char *value)
{
	for (size_t i = 0; i < list->count; i++) {
		if (strcmp(list->items[i], value) == 0)
			return true;
	}
	return false;
}

static bool span_is(span s, const char *value) { return span_eq(s, value); }

resource_pattern parse_pattern(const char *text)
{
	resource_pattern p = { .kind = PATTERN_NOTHING };
	if (strcmp(text, "*") == 0)
		return (resource_pattern){ .kind = PATTERN_ALL };
	const char *slash = strchr(text, '/');
	if (!slash) {
		if (*text && !strchr(text, '*'))
			p = (resource_pattern){ .kind = PATTERN_EXACT, .resource = span_of(text) };
		return p;
	}
	span res = { text, (size_t)(slash - text) };
	span sub = span_of(slash + 1);
	/* Real resources and subresources never contain '/' or a literal '*'. */
	if (res.len == 0 || sub.len == 0 || memchr(sub.ptr, '/', sub.len))
		return p;
	bool any_res = span_is(res, "*"), any_sub = span_is(sub, "*");
	bool star_in_res = !any_res && memchr(res.ptr, '*', res.len);
	bool star_in_sub = !any_sub && memchr(sub.ptr, '*', sub.len);
	if ((any_res && any_sub) || star_in_res || star_in_sub)
		return p;
	if (any_sub)
		return (resource_pattern){ .kind = PATTERN_SUB_ANY, .resource = res };
	if (any_res)
		return (resource_pattern){ .kind = PATTERN_ANY_RES, .subresource = sub };
	return (resource_pattern){ .kind = PATTERN_EXACT, .resource = res, .subresource = sub };
}

bool resource_pattern_is_meaningful(const char *pattern)
{
	return parse_pattern(pattern).kind != PATTERN_NOTHING;
}

/* Does pattern p match every (resource, subresource) that pattern q matches? */
static bool pattern_covers(const char *p_text, const char *q_text)
{
	resource_pattern p = parse_pattern(p_text), q = parse_pattern(q_text);
	if (q.kind == PATTERN_NOTHING)
		return false; /* vacuous coverage would only produce confusing findings */
	switch (p.kind) {
	case PATTERN_ALL:
		return true;
	case PATTERN_EXACT:
		return q.kind == PATTERN_EXACT && span_eq_span(p.resource, q.resource) &&
		       span_eq_span(p.subresource, q.subresource);
	case PATTERN_SUB_ANY:
		return (q.kind == PATTERN_EXACT || q.kind == PATTERN_SUB_ANY) &&
		       span_eq_span(p.resource, q.resource);
	case PATTERN_ANY_RES:
		return (q.kind == PATTERN_ANY_RES ||
		        (q.kind == PATTERN_EXACT && q.subresource.len > 0)) &&
		       span_eq_span(p.subresource, q.subresource);
	case PATTERN_NOTHING:
		return false;
	}
	return false;
}

static bool pattern_matches(const char *text, const char *resource, const char *subresource)
{
	resource_pattern p = parse_pattern(text);
	switch (p.kind) {
	case PATTERN_ALL:
		return true;
	case PATTERN_EXACT:
		return span_is(p.resource, resource) && span_is(p.subresource, subresource);
	case PATTERN_SUB_ANY:
		return span_is(p.resource, resource);
	case PATTERN_ANY_RES:
		return *subresource && span_is(p.subresource, subresource);
	case PATTERN_NOTHING:
		return false;
	}
	return false;
}

size_t url_stem(const char *url, bool *is_prefix)
{
	size_t len = strlen(url);
	size_t stem = len;
	while (stem > 0 && url[stem - 1] == '*')
		stem--;
	*is_prefix = stem < len;
	return stem;
}

/* Does nonResourceURLs entry v match every path that entry u matches? */
static bool url_covers(const char *v, const char *u)
{
	bool v_prefix, u_prefix;
	size_t v_stem = url_stem(v, &v_prefix), u_stem = url_stem(u, &u_prefix);
	if (!v_prefix)
		return !u_prefix && strcmp(u, v) == 0;
	return u_stem >= v_stem && strncmp(u, v, v_stem) == 0;
}

static bool selector_allows(const string_list *list, const char *value)
{
	return list->count == 0 || (value && list_contains(list, value));
}

static bool names_covered(const group_resources *f, const string_list *names)
{
	if (f->resources.count == 0 || f->resource_names.count == 0)
		return true;
	if (!names || names->count == 0)
		return false;
	for (size_t i = 0; i < names->count; i++) {
		if (!list_contains(&f->resource_names, names->items[i]))
			return false;
	}
	return true;
}

static bool entry_covers_atom(const group_resources *f, const atom *a)
{
	bool any_group = strcmp(f->group, "*") == 0;
	if (!any_group && strcmp(f->group, a->group) != 0)
		return false;
	if (!names_covered(f, a->names))
		return false;
	if (f->resources.count == 0)
		return true;
	for (size_t i = 0; i < f->resources.count; i++) {
		if (pattern_covers(f->resources.items[i], a->pattern))
			return true;
	}
	return false;
}

static bool resources_cover_atom(const policy_rule *j, const atom *a)
{
	if (j->resource_count == 0)
		return true;
	for (size_t i = 0; i < j->resource_count; i++) {
		if (entry_covers_atom(&j->resources[i], a))
			return true;
	}
	return false;
}

static bool urls_cover_atom(const policy_rule *j, const atom *a)
{
	for (size_t i = 0; i < j->non_resource_urls.count; i++) {
		if (url_covers(j->non_resource_urls.items[i], a->pattern))
			return true;
	}
	return false;
}

bool rule_covers_cell(const policy_rule *j, const cell *c)
{
	if (!selector_allows(&j->users, c->user) || !selector_allows(&j->user_groups, c->group) ||
	    !selector_allows(&j->verbs, c->verb))
		return false;
	switch (kind_of(j)) {
	case KIND_ANY:
		return true;
	case KIND_NON_RESOURCE:
		return c->atom->is_url && urls_cover_atom(j, c->atom);
	case KIND_RESOURCE:
		return !c->atom->is_url && selector_allows(&j->namespaces, c->namespace_) &&
		       resources_cover_atom(j, c->atom);
	}
	return false;
}

static void view_add_atom(rule_view *v, atom a)
{
	v->atoms = xreallocarray(v->atoms, v->atom_count + 1, sizeof *v->atoms);
	v->atoms[v->atom_count++] = a;
}

static const atom ANY_RESOURCE = { .group = "*", .pattern = "*" };
static const atom ANY_URL = { .is_url = true, .pattern = "*" };

/* The atoms of a rule as written: one per (entry, resources string), one per URL, or
 * "every resource" and "every path" for a rule of neither kind. */
static void view_add_rule_atoms(rule_view *v, const policy_rule *rule)
{
	rule_kind kind = kind_of(rule);
	if (kind == KIND_NON_RESOURCE) {
		for (size_t i = 0; i < rule->non_resource_urls.count; i++)
			view_add_atom(v, (atom){ .is_url = true,
			                         .pattern = rule->non_resource_urls.items[i] });
		return;
	}
	if (kind == KIND_ANY || rule->resource_count == 0) {
		view_add_atom(v, ANY_RESOURCE);
		if (kind == KIND_ANY)
			view_add_atom(v, ANY_URL);
		return;
	}
	for (size_t e = 0; e < rule->resource_count; e++) {
		const group_resources *gr = &rule->resources[e];
		if (gr->resources.count == 0) {
			view_add_atom(v, (atom){ .group = gr->group, .pattern = "*" });
			continue;
		}
		for (size_t r = 0; r < gr->resources.count; r++)
			view_add_atom(v, (atom){ .group = gr->group,
			                         .pattern = gr->resources.items[r],
			                         .names = &gr->resource_names });
	}
}

static void view_set_rule_verbs(rule_view *v, const policy_rule *rule)
{
	size_t n = rule->verbs.count ? rule->verbs.count : 1;
	v->verbs = xcalloc(n, sizeof *v->verbs);
	for (size_t i = 0; i < rule->verbs.count; i++)
		v->verbs[i] = rule->verbs.items[i];
	v->verb_count = n;
}

static void view_init(rule_view *v, const policy_rule *rule)
{
	memset(v, 0, sizeof *v);
	v->rule = rule;
	view_set_rule_verbs(v, rule);
	view_add_rule_atoms(v, rule);
}

static void view_free(rule_view *v)
{
	for (size_t i = 0; i < v->owned_count; i++)
		free(v->owned[i]);
	free(v->owned);
	free(v->verbs);
	free(v->atoms);
	memset(v, 0, sizeof *v);
}

/* Odometer over the dimensions of a view. */
typedef struct {
	const rule_view *view;
	size_t index[5];
	size_t size[5];
} cell_walk;

static size_t dimension(const string_list *list) { return list->count ? list->count : 1; }

static const char *item_or_any(const string_list *list, size_t i)
{
	return list->count ? list->items[i] : NULL;
}

/* Returns the number of cells (0 when there are none, or too many to walk). */
static size_t walk_init(cell_walk *w, const rule_view *v)
{
	memset(w, 0, sizeof *w);
	w->view = v;
	w->size[0] = dimension(&v->rule->users);
	w->size[1] = dimension(&v->rule->user_groups);
	w->size[2] = v->verb_count;
	w->size[3] = dimension(&v->rule->namespaces);
	w->size[4] = v->atom_count;
	size_t total = 1;
	for (int d = 0; d < 5; d++) {
		if (w->size[d] == 0 || total > MAX_CELLS / w->size[d])
			return 0;
		total *= w->size[d];
	}
	return total;
}

static cell walk_cell(const cell_walk *w)
{
	const policy_rule *rule = w->view->rule;
	const atom *a = &w->view->atoms[w->index[4]];
	return (cell){
		.user = item_or_any(&rule->users, w->index[0]),
		.group = item_or_any(&rule->user_groups, w->index[1]),
		.verb = w->view->verbs[w->index[2]],
		.namespace_ = a->is_url ? NULL : item_or_any(&rule->namespaces, w->index[3]),
		.atom = a,
	};
}

static bool walk_next(cell_walk *w)
{
	for (int d = 4; d >= 0; d--) {
		if (++w->index[d] < w->size[d])
			return true;
		w->index[d] = 0;
	}
	return false;
}

/* True when rule j alone covers every cell of the view. */
static bool view_covered_by(const rule_view *v, const policy_rule *j)
{
	cell_walk w;
	if (walk_init(&w, v) == 0)
		return false;
	do {
		cell c = walk_cell(&w);
		if (!rule_covers_cell(j, &c))
			return false;
	} while (walk_next(&w));
	return true;
}

/* The first rule before rule_limit that alone covers every cell of the view: only the
 * rules that may cover its first cell are tried. Returns -1 when there is none. */
static int first_single_cover(const coverage *cov, const rule_view *v, size_t rule_limit)
{
	cell_walk w;
	if (walk_init(&w, v) == 0)
		return -1;
	cell first = walk_cell(&w);
	size_t count;
	size_t *candidates = rule_index_candidates(cov->index, rule_limit, &first, &count);
	int by = -1;
	for (size_t i = 0; i < count && by < 0; i++) {
		if (view_covered_by(v, &cov->p->rules[candidates[i]]))
			by = (int)candidates[i];
	}
	free(candidates);
	return by;
}

/* True when every cell of the view is covered by some rule before rule_limit. */
static bool view_covered_by_union(const rule_view *v, const coverage *cov, size_t rule_limit)
{
	cell_walk w;
	if (walk_init(&w, v) == 0)
		return false;
	do {
		cell c = walk_cell(&w);
		if (!rule_index_covers_cell(cov->index, rule_limit, &c))
			return false;
	} while (walk_next(&w));
	return true;
}

static bool view_is_meaningful(const rule_view *v)
{
	for (size_t i = 0; i < v->atom_count; i++) {
		if (v->atoms[i].is_url || resource_pattern_is_meaningful(v->atoms[i].pattern))
			return true;
	}
	return false;
}

coverage *coverage_new(const policy *p)
{
	coverage *cov = xcalloc(1, sizeof *cov);
	cov->p = p;
	cov->index = rule_index_new(p, true);
	return cov;
}

coverage *coverage_new_unindexed(const policy *p)
{
	coverage *cov = xcalloc(1, sizeof *cov);
	cov->p = p;
	cov->index = rule_index_new(p, false);
	return cov;
}

void coverage_free(coverage *cov)
{
	if (!cov)
		return;
	rule_index_free(cov->index);
	free(cov);
}

bool rule_is_shadowed(const coverage *cov, size_t index, int *by)
{
	const policy *p = cov->p;
	*by = -1;
	if (index == 0 || index >= p->rule_count)
		return false;
	rule_view v;
	view_init(&v, &p->rules[index]);
	bool shadowed = false;
	if (view_is_meaningful(&v)) {
		*by = first_single_cover(cov, &v, index);
		shadowed = *by >= 0 || view_covered_by_union(&v, cov, index);
	}
	view_free(&v);
	return shadowed;
}

static char *target_pattern(const coverage_target *t)
{
	if (*t->subresource)
		return xasprintf("%s/%s", t->resource, t->subresource);
	return xstrdup(t->resource);
}

/* Narrows the rule's resource atoms to the target: one atom per atom that can match it,
 * in the target's group, keeping that atom's resourceNames. */
static void view_narrow_to_target(rule_view *v, const rule_view *full, const coverage_target *t)
{
	char *pattern = target_pattern(t);
	v->owned = xmalloc(sizeof *v->owned);
	v->owned[v->owned_count++] = pattern;
	for (size_t i = 0; i < full->atom_count; i++) {
		const atom *a = &full->atoms[i];
		if (a->is_url)
			continue;
		bool group_ok = strcmp(a->group, "*") == 0 || strcmp(a->group, t->group) == 0;
		if (group_ok && pattern_matches(a->pattern, t->resource, t->subresource))
			view_add_atom(v, (atom){ .group = t->group, .pattern = pattern,
			                         .names = a->names });
	}
}

/* Keeps the rule's verbs that are in `verbs` (all of `verbs` when the rule lists none). */
static void view_narrow_verbs(rule_view *v, const policy_rule *rule, const char *const *verbs,
                              size_t verb_count)
{
	if (verb_count == 0) {
		view_set_rule_verbs(v, rule);
		return;
	}
	v->verbs = xcalloc(verb_count, sizeof *v->verbs);
	for (size_t i = 0; i < verb_count; i++) {
		if (rule->verbs.count == 0 || list_contains(&rule->verbs, verbs[i]))
			v->verbs[v->verb_count++] = verbs[i];
	}
}

bool rule_reaches_target(const coverage *cov, size_t index, const coverage_target *target,
                         const char *const *verbs, size_t verb_count)
{
	const policy *p = cov->p;
	if (index >= p->rule_count)
		return false;
	const policy_rule *rule = &p->rules[index];
	rule_view full, narrow;
	view_init(&full, rule);
	memset(&narrow, 0, sizeof narrow);
	narrow.rule = rule;
	view_narrow_to_target(&narrow, &full, target);
	view_narrow_verbs(&narrow, rule, verbs, verb_count);
	bool reaches = narrow.atom_count > 0 && narrow.verb_count > 0 &&
	               !view_covered_by_union(&narrow, cov, index);
	view_free(&narrow);
	view_free(&full);
	return reaches;
}

bool policy_matches_everything(const coverage *cov)
{
	policy_rule everything = { 0 };
	rule_view v;
	view_init(&v, &everything);
	bool covered = view_covered_by_union(&v, cov, cov->p->rule_count);
	view_free(&v);
	return covered;
}
