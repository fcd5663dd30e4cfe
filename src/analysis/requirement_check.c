#include "requirement_check.h"

#include <stdlib.h>

#include "coverage.h"
#include "rule_intersect.h"
#include "xalloc.h"

requirement_bounds requirement_bounds_of(const requirement_set *set, const request_attrs *r)
{
	requirement_bounds b = { .floor = LEVEL_NONE, .ceiling = LEVEL_REQUEST_RESPONSE };
	for (size_t i = 0; i < set->count; i++) {
		const requirement *req = &set->items[i];
		if (!requirement_concerns(req, r))
			continue;
		if (b.concerned++ == 0)
			b.first = i;
		if (req->floor > b.floor)
			b.floor = req->floor;
		if (req->ceiling < b.ceiling)
			b.ceiling = req->ceiling;
		b.stages |= req->stages;
	}
	return b;
}

bool decision_meets(const audit_decision *d, const requirement_bounds *b)
{
	if (b->concerned == 0)
		return true;
	if (d->level < b->floor || d->level > b->ceiling)
		return false;
	return d->level == LEVEL_NONE || (d->omit_stages & b->stages) == 0;
}

/* Whether every request of both is taken by an except of a or b (coverage's proof: an
 * unproven answer is "no"). */
static bool excepted(const requirement *a, const requirement *b, const policy_rule *both)
{
	size_t count = a->except_count + b->except_count + 1;
	policy p;
	policy_init(&p);
	p.rules = xcalloc(count, sizeof *p.rules);
	for (size_t i = 0; i < a->except_count; i++)
		p.rules[p.rule_count++] = a->except[i];
	for (size_t i = 0; i < b->except_count; i++)
		p.rules[p.rule_count++] = b->except[i];
	p.rules[p.rule_count++] = *both;
	coverage *cov = coverage_new(&p);
	int by;
	bool shadowed = rule_is_shadowed(cov, count - 1, &by);
	coverage_free(cov);
	free(p.rules);
	return shadowed;
}

static bool may_share_a_request(const requirement *a, const requirement *b)
{
	policy_rule both;
	intersect_result res = rule_intersect(&a->selector, &b->selector, &both);
	if (res != INTERSECT_RULE)
		return res == INTERSECT_UNWRITABLE;
	bool shared = !excepted(a, b, &both);
	selector_free(&both);
	return shared;
}

requirement_conflict *requirement_conflicts(const requirement_set *set, size_t *count)
{
	requirement_conflict *found = NULL;
	*count = 0;
	for (size_t j = 0; j < set->count; j++) {
		const requirement *b = &set->items[j];
		for (size_t i = 0; i < j; i++) {
			const requirement *a = &set->items[i];
			audit_level floor = a->floor > b->floor ? a->floor : b->floor;
			audit_level ceiling = a->ceiling < b->ceiling ? a->ceiling : b->ceiling;
			if (floor <= ceiling || !may_share_a_request(a, b))
				continue;
			found = xreallocarray(found, *count + 1, sizeof *found);
			found[(*count)++] = (requirement_conflict){ i, j, floor, ceiling };
		}
	}
	return found;
}

static const char *why_of(const requirement *r) { return r->why[0] ? r->why : "no why given"; }

void requirement_conflict_print(const requirement_set *set, const requirement_conflict *c,
                                FILE *out)
{
	const requirement *a = &set->items[c->first], *b = &set->items[c->second];
	fprintf(out,
	        "%s:%d:%d: error: this requirement (%s) and the one at %s:%d:%d (%s) can concern "
	        "the same requests, which would have to be logged at least at %s and at most at "
	        "%s\n",
	        b->file, b->pos.line, b->pos.col, why_of(b), a->file, a->pos.line, a->pos.col,
	        why_of(a), level_name(c->floor), level_name(c->ceiling));
}
