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

/* Whether every request of region is taken by rules[0..before) (coverage's proof). */
static bool taken_earlier(const suggestion *s, size_t before, const policy_rule *region)
{
	policy p;
	policy_init(&p);
	p.rules = xcalloc(before + 1, sizeof *p.rules);
	for (size_t i = 0; i < before; i++)
		p.rules[p.rule_count++] = s->rules[i].selector;
	p.rules[p.rule_count++] = *region;
	coverage *cov = coverage_new(&p);
	int by;
	bool taken = rule_is_shadowed(cov, before, &by);
	coverage_free(cov);
	free(p.rules);
	return taken;
}

/* The requests of reads (within rules[index]) that reach that rule and that a
 * requirement capped below Request may concern, one selector per such requirement, into
 * out; false when one cannot be written as a rule. Excepts are left out: "may" is
 * enough to keep Metadata. */
static bool capped_reads(const requirement_set *set, const suggestion *s, size_t index,
                         const policy_rule *reads, policy_rule *out, size_t *count)
{
	*count = 0;
	for (size_t i = 0; i < set->count; i++) {
		if (set->items[i].ceiling >= LEVEL_REQUEST)
			continue;
		policy_rule both;
		intersect_result res = rule_intersect(reads, &set->items[i].selector, &both);
		if (res == INTERSECT_UNWRITABLE) {
			while (*count)
				selector_free(&out[--*count]);
			return false;
		}
		if (res == INTERSECT_EMPTY)
			continue;
		if (taken_earlier(s, index, &both))
			selector_free(&both);
		else
			out[(*count)++] = both;
	}
	return true;
}

/* Whether the selectors in pieces take every request of region (coverage's proof). */
static bool covered_by(const policy_rule *pieces, size_t count, const policy_rule *region)
{
	suggestion s = { .rules = xcalloc(count + 1, sizeof *s.rules), .count = count };
	for (size_t i = 0; i < count; i++)
		s.rules[i].selector = pieces[i];
	bool covered = taken_earlier(&s, count, region);
	free(s.rules);
	return covered;
}

static void add_rule(suggested_rule **rules, size_t *count, size_t *cap, suggested_rule rule)
{
	if (*count == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*rules = xreallocarray(*rules, *cap, sizeof **rules);
	}
	(*rules)[(*count)++] = rule;
}

/* Reads carry no request body, so at Request their events are those of Metadata with a
 * level name one byte shorter: before each Metadata rule, its get and list go to
 * Request, after rules that keep at Metadata those a requirement caps there. The new
 * rules take only requests the Metadata rule would have decided. Watches stay at
 * Metadata: lint's HIGH_CHURN_WATCH (long-running, frequent, no body) would flag
 * them, for a byte per event. */
static void reads_at_request(const requirement_set *set, suggestion *s)
{
	static char *read_verbs[] = { "get", "list" };
	static const policy_rule reads = { .verbs = { .items = read_verbs, .count = 2 } };
	suggested_rule *rules = NULL;
	size_t count = 0, cap = 0;
	policy_rule *capped = xcalloc(set->count + 1, sizeof *capped);
	for (size_t i = 0; i < s->count; i++) {
		suggested_rule *rule = &s->rules[i];
		policy_rule read;
		size_t capped_count;
		if (rule->level == LEVEL_METADATA &&
		    rule_intersect(&rule->selector, &reads, &read) == INTERSECT_RULE) {
			bool split = capped_reads(set, s, i, &read, capped, &capped_count);
			if (split && covered_by(capped, capped_count, &read)) {
				while (capped_count)
					selector_free(&capped[--capped_count]);
				split = false;
			}
			if (split) {
				for (size_t k = 0; k < capped_count; k++) {
					suggested_rule kept = *rule;
					kept.selector = capped[k];
					add_rule(&rules, &count, &cap, kept);
				}
				suggested_rule at_request = *rule;
				at_request.selector = read;
				at_request.level = LEVEL_REQUEST;
				at_request.reads_at_request = true;
				add_rule(&rules, &count, &cap, at_request);
			} else {
				selector_free(&read);
			}
		}
		add_rule(&rules, &count, &cap, *rule);
	}
	free(capped);
	free(s->rules);
	s->rules = rules;
	s->count = count;
}

/* Requirements with a floor, highest floor first; among equal floors the lowest ceiling
 * first (so the rule of a capped one comes before reads go to Request), then in the
 * order given. */
static size_t *floor_order(const requirement_set *set, size_t *count)
{
	size_t *order = xcalloc(set->count ? set->count : 1, sizeof *order);
	*count = 0;
	for (int level = LEVEL_COUNT - 1; level > LEVEL_NONE; level--)
		for (int ceiling = level; ceiling < LEVEL_COUNT; ceiling++)
			for (size_t i = 0; i < set->count; i++)
				if ((int)set->items[i].floor == level && (int)set->items[i].ceiling == ceiling)
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
	reads_at_request(set, out);
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
