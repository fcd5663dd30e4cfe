/* Internals shared by coverage.c (cells, and whether a rule covers one) and
 * coverage_index.c (which earlier rules can cover a cell at all). Not a public API. */
#ifndef AUDITSIM_COVERAGE_INTERNAL_H
#define AUDITSIM_COVERAGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "coverage.h"
#include "span.h"

/* What one `resources` string matches, by §3.4. */
typedef enum {
	PATTERN_ALL,     /* "*": every resource and subresource */
	PATTERN_EXACT,   /* "pods" (no subresource) or "pods/log" */
	PATTERN_SUB_ANY, /* "pods" slash-star: pods with any subresource and bare pods */
	PATTERN_ANY_RES, /* star-slash "scale": any resource with subresource scale */
	PATTERN_NOTHING, /* star-slash-star, "po*s", "pods/log/x", "": never a real request */
} pattern_kind;

typedef struct {
	pattern_kind kind;
	span resource;    /* EXACT, SUB_ANY */
	span subresource; /* EXACT (empty for none), ANY_RES */
} resource_pattern;

typedef enum { KIND_ANY, KIND_RESOURCE, KIND_NON_RESOURCE } rule_kind;

/* One resource pattern in one group with its names, or one nonResourceURL. */
typedef struct {
	bool is_url;
	const char *group;        /* resource atoms; "*" any group */
	const char *pattern;      /* the resources string ("*" when the entry lists none) or URL */
	const string_list *names; /* NULL or empty: any name */
} atom;

/* One value per dimension; NULL means "any". */
typedef struct {
	const char *user;
	const char *group;
	const char *verb;
	const char *namespace_;
	const atom *atom;
} cell;

rule_kind kind_of(const policy_rule *rule);
resource_pattern parse_pattern(const char *text);

/* A nonResourceURLs entry: "*", a prefix ending in '*', or an exact path. Returns the
 * length of the part before the trailing stars and whether there were any. */
size_t url_stem(const char *url, bool *is_prefix);

/* Does rule j match every request of cell c? */
bool rule_covers_cell(const policy_rule *j, const cell *c);

/* The rules of a policy, filed under the selector values a rule must list to cover a
 * cell (see coverage_index.c). */
typedef struct rule_index rule_index;

/* Files every rule of p (which must outlive the index): O(selector values) time and
 * memory. Unindexed, every rule is a candidate for every cell (the quadratic reference). */
rule_index *rule_index_new(const policy *p, bool indexed);
void rule_index_free(rule_index *x);

/* True when some rule before rule_limit covers c. Costs one rule_covers_cell per rule
 * filed under one of c's values (or not filed at all), not one per rule. */
bool rule_index_covers_cell(const rule_index *x, size_t rule_limit, const cell *c);

/* The rules before rule_limit that may cover c, ascending, each once; every rule that
 * covers c is among them. Returns an array the caller frees (NULL when *count is 0). */
size_t *rule_index_candidates(const rule_index *x, size_t rule_limit, const cell *c,
                              size_t *count);

#endif
