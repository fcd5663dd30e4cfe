#include "suggest_tally.h"

#include <stdlib.h>

#include "xalloc.h"

struct suggest_tally {
	const requirement_set *set;
	uint64_t *failing;         /* by policy */
	uint64_t *reference_bytes; /* by suggested rule + 1 */
	int32_t *rule_of_seq;      /* the suggestion's deciding rule, by request */
	size_t seq_cap;
	uint64_t bounds_seq; /* the request whose bounds `bounds` holds */
	requirement_bounds bounds;
};

suggest_tally *suggest_tally_new(const requirement_set *set, size_t policy_count,
                                 size_t rule_count)
{
	suggest_tally *t = xcalloc(1, sizeof *t);
	t->set = set;
	t->failing = xcalloc(policy_count ? policy_count : 1, sizeof *t->failing);
	t->reference_bytes = xcalloc(rule_count + 1, sizeof *t->reference_bytes);
	t->bounds_seq = UINT64_MAX;
	return t;
}

void suggest_tally_free(suggest_tally *t)
{
	if (!t)
		return;
	free(t->failing);
	free(t->reference_bytes);
	free(t->rule_of_seq);
	free(t);
}

static void remember_rule(suggest_tally *t, uint64_t seq, int rule)
{
	if (seq >= t->seq_cap) {
		size_t cap = t->seq_cap ? t->seq_cap : 1024;
		while (cap <= seq)
			cap *= 2;
		t->rule_of_seq = xreallocarray(t->rule_of_seq, cap, sizeof *t->rule_of_seq);
		t->seq_cap = cap;
	}
	t->rule_of_seq[seq] = rule;
}

bool suggest_tally_add(suggest_tally *t, size_t policy_index, const replay_request *req,
                       requirement_bounds *bounds)
{
	if (policy_index == 0) {
		t->bounds = requirement_bounds_of(t->set, &req->attrs);
		t->bounds_seq = req->seq;
		remember_rule(t, req->seq, req->decision.rule);
	}
	if (policy_index == 1 && req->seq < t->seq_cap)
		t->reference_bytes[t->rule_of_seq[req->seq] + 1] += req->bytes + req->modelled_bytes;
	*bounds = t->bounds;
	if (t->bounds_seq != req->seq || decision_meets(&req->decision, &t->bounds))
		return true;
	t->failing[policy_index]++;
	return false;
}

uint64_t suggest_tally_failing(const suggest_tally *t, size_t policy_index)
{
	return t->failing[policy_index];
}

uint64_t suggest_tally_reference_bytes(const suggest_tally *t, int rule)
{
	return t->reference_bytes[rule + 1];
}

size_t suggest_costliest_requirement(const suggestion *s, const uint64_t *rule_bytes,
                                     size_t requirement_count, uint64_t *bytes)
{
	uint64_t *by = xcalloc(requirement_count ? requirement_count : 1, sizeof *by);
	size_t best = 0;
	for (size_t i = 0; i < s->count; i++)
		if (s->rules[i].kind != SUGGESTED_CATCH_ALL)
			by[s->rules[i].requirement] += rule_bytes[i];
	for (size_t i = 1; i < requirement_count; i++)
		if (by[i] > by[best])
			best = i;
	*bytes = by[best];
	free(by);
	return best;
}
