#include "suggest.h"

#include <stdint.h>
#include <stdlib.h>

#include "coverage.h"
#include "rule_intersect.h"
#include "xalloc.h"

#define COST_STAGES (STAGE_BIT(STAGE_REQUEST_RECEIVED) | STAGE_BIT(STAGE_RESPONSE_STARTED))

typedef struct {
	const requirement_set *set;
	const size_t *order; /* requirements with a floor, highest first */
	size_t order_count;
	suggestion *out;
	size_t culprit;
	bool unwritable;
} building;

static void push(building *b, policy_rule *selector, audit_level level, suggested_kind kind,
                 size_t requirement, size_t excepted_from)
{
	suggestion *s = b->out;
	s->rules = xreallocarray(s->rules, s->count + 1, sizeof *s->rules);
	s->rules[s->count++] = (suggested_rule){ .selector = *selector, .level = level,
		                                  .kind = kind, .requirement = requirement,
		                                  .excepted_from = excepted_from };
}

/* The rules deciding, among the requests of `context` (NULL: all), the requirements
 * order[from..]; excepted_from is SIZE_MAX at the top. */
static void build(building *b, size_t from, const policy_rule *context, size_t excepted_from)
{
	static const policy_rule any = { 0 };
	for (size_t k = from; k < b->order_count && !b->unwritable; k++) {
		size_t j = b->order[k];
		const requirement *req = &b->set->items[j];
		policy_rule region;
		intersect_result res = rule_intersect(&req->selector, context ? context : &any, &region);
		if (res == INTERSECT_EMPTY)
			continue;
		if (res == INTERSECT_UNWRITABLE) {
			b->unwritable = true;
			b->culprit = excepted_from;
			return;
		}
		for (size_t e = 0; e < req->except_count && !b->unwritable; e++) {
			policy_rule left_out;
			res = rule_intersect(&region, &req->except[e], &left_out);
			if (res == INTERSECT_EMPTY)
				continue;
			if (res == INTERSECT_UNWRITABLE) {
				b->unwritable = true;
				b->culprit = j;
				break;
			}
			build(b, k + 1, &left_out, j);
			push(b, &left_out, LEVEL_NONE, SUGGESTED_EXCEPT, j, j);
		}
		if (b->unwritable) {
			selector_free(&region);
			return;
		}
		push(b, &region, req->floor, excepted_from == SIZE_MAX ? SUGGESTED_REQUIREMENT
		                                                      : SUGGESTED_LATER,
		     j, excepted_from);
	}
}

/* Requirements with a floor, highest floor first, then in the order given. */
static size_t *floor_order(const requirement_set *set, size_t *count)
{
	size_t *order = xcalloc(set->count ? set->count : 1, sizeof *order);
	*count = 0;
	for (int level = LEVEL_COUNT - 1; level > LEVEL_NONE; level--)
		for (size_t i = 0; i < set->count; i++)
			if ((int)set->items[i].floor == level)
				order[(*count)++] = i;
	return order;
}

/* The stages a requirement that may concern the rule's requests asks to keep. */
static stage_set kept_stages(const requirement_set *set, const policy_rule *selector)
{
	stage_set kept = 0;
	for (size_t i = 0; i < set->count; i++) {
		policy_rule both;
		intersect_result res = rule_intersect(selector, &set->items[i].selector, &both);
		if (res == INTERSECT_RULE)
			selector_free(&both);
		if (res != INTERSECT_EMPTY)
			kept |= set->items[i].stages;
	}
	return kept;
}

static void choose_stages(const requirement_set *set, suggestion *s)
{
	stage_set asked = 0;
	for (size_t i = 0; i < set->count; i++)
		asked |= set->items[i].stages;
	s->omit_stages = COST_STAGES & ~asked & STAGE_BIT(STAGE_REQUEST_RECEIVED);
	for (size_t i = 0; i < s->count; i++) {
		suggested_rule *rule = &s->rules[i];
		if (rule->level != LEVEL_NONE)
			rule->omit_stages = COST_STAGES & ~s->omit_stages &
			                    ~kept_stages(set, &rule->selector);
	}
}

/* A policy whose rules are shallow copies of the selectors, for coverage. */
static policy selectors_policy(const suggestion *s)
{
	policy p;
	policy_init(&p);
	p.rules = xcalloc(s->count ? s->count : 1, sizeof *p.rules);
	for (size_t i = 0; i < s->count; i++)
		p.rules[p.rule_count++] = s->rules[i].selector;
	return p;
}

/* Drops the rules coverage proves shadowed, then adds the catch-all unless the rules
 * already match everything. */
static void drop_shadowed(suggestion *s)
{
	policy p = selectors_policy(s);
	coverage *cov = coverage_new(&p);
	bool *shadowed = xcalloc(s->count ? s->count : 1, sizeof *shadowed);
	for (size_t i = 0; i < s->count; i++) {
		int by;
		shadowed[i] = rule_is_shadowed(cov, i, &by);
	}
	bool everything = policy_matches_everything(cov);
	coverage_free(cov);
	free(p.rules);
	size_t kept = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (shadowed[i])
			selector_free(&s->rules[i].selector);
		else
			s->rules[kept++] = s->rules[i];
	}
	s->count = kept;
	free(shadowed);
	if (!everything) {
		s->rules = xreallocarray(s->rules, s->count + 1, sizeof *s->rules);
		s->rules[s->count++] = (suggested_rule){ .level = LEVEL_NONE, .kind = SUGGESTED_CATCH_ALL };
	}
}

bool suggest_policy(const requirement_set *set, suggestion *out, size_t *culprit)
{
	*out = (suggestion){ 0 };
	building b = { .set = set, .out = out };
	size_t *order = floor_order(set, &b.order_count);
	b.order = order;
	build(&b, 0, NULL, SIZE_MAX);
	free(order);
	if (b.unwritable) {
		*culprit = b.culprit;
		return false;
	}
	drop_shadowed(out);
	choose_stages(set, out);
	return true;
}

void suggestion_free(suggestion *s)
{
	for (size_t i = 0; i < s->count; i++)
		selector_free(&s->rules[i].selector);
	free(s->rules);
	*s = (suggestion){ 0 };
}
