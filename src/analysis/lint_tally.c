/* lint_tally: the LOGs' requests filed under the findings they concern. */
#include "lint_tally.h"

#include <assert.h>
#include <stdlib.h>

#include "checker.h"
#include "wire_facts.h"
#include "xalloc.h"

struct lint_tally {
	const policy *policy;
	const coverage_target *sensitive;
	size_t sensitive_count;
	tally_figure *figures; /* rule_count rows of TALLY_KIND_COUNT */
	uint64_t requests;
};

lint_tally *lint_tally_new(const policy *p, const coverage_target *sensitive,
                           size_t sensitive_count)
{
	static_assert(TALLY_KIND_COUNT == TALLY_WEBSOCKET + 3, "one kind per WebSocket stream");
	lint_tally *t = xcalloc(1, sizeof *t);
	t->policy = p;
	t->sensitive = sensitive;
	t->sensitive_count = sensitive_count;
	t->figures = xcalloc(p->rule_count ? p->rule_count * TALLY_KIND_COUNT : 1,
	                     sizeof *t->figures);
	return t;
}

void lint_tally_free(lint_tally *t)
{
	if (!t)
		return;
	free(t->figures);
	free(t);
}

static void file_under(lint_tally *t, int rule, tally_kind kind, const replay_request *req)
{
	tally_figure *f = &t->figures[(size_t)rule * TALLY_KIND_COUNT + kind];
	f->requests++;
	f->bytes += req->bytes + req->modelled_bytes;
}

static bool body_is_credential(const lint_tally *t, const request_attrs *r, audit_level level)
{
	for (size_t i = 0; i < t->sensitive_count; i++) {
		const char *const *verbs;
		size_t count = credential_body_verbs(level, &t->sensitive[i], &verbs);
		if (count && request_is_for(r, &t->sensitive[i]) && verb_is_one_of(r, verbs, count))
			return true;
	}
	return false;
}

static bool body_is_noise(const request_attrs *r, audit_level level)
{
	if (level != LEVEL_REQUEST_RESPONSE ||
	    !verb_is_one_of(r, RESPONSE_BODY_VERBS, RESPONSE_BODY_VERB_COUNT))
		return false;
	for (size_t i = 0; i < NOISY_TARGET_COUNT; i++) {
		if (request_is_for(r, &NOISY_TARGETS[i]))
			return true;
	}
	return false;
}

/* A stream `get` decided otherwise than the same request as `create` (WEBSOCKET_VERB):
 * filed under the rule that takes one of the two verbs and not the other — the one that
 * decides the create without matching the get, and the one that decides the get without
 * matching the create. */
static void tally_websocket(lint_tally *t, const replay_request *req)
{
	int stream = websocket_stream_of(&req->attrs);
	if (stream < 0 || !span_eq(req->attrs.verb, "get"))
		return;
	request_attrs as_create = req->attrs;
	as_create.verb = span_of("create");
	audit_decision create = evaluate_policy_rule(t->policy, &as_create);
	if (stream_decisions_alike(create, req->decision))
		return;
	tally_kind kind = (tally_kind)(TALLY_WEBSOCKET + stream);
	if (create.rule >= 0 && !rule_matches(&t->policy->rules[create.rule], &req->attrs))
		file_under(t, create.rule, kind, req);
	if (req->decision.rule >= 0 && !rule_matches(&t->policy->rules[req->decision.rule], &as_create))
		file_under(t, req->decision.rule, kind, req);
}

void lint_tally_request(lint_tally *t, const replay_request *req)
{
	t->requests++;
	tally_websocket(t, req);
	int rule = req->decision.rule;
	audit_level level = req->decision.level;
	const request_attrs *r = &req->attrs;
	if (rule < 0 || level == LEVEL_NONE)
		return;
	if (body_is_credential(t, r, level))
		file_under(t, rule, TALLY_SENSITIVE_BODY, req);
	if (websocket_stream_of(r) == 0)
		file_under(t, rule, TALLY_EXEC_COMMAND, req);
	if (req->stages & STAGE_BIT(STAGE_REQUEST_RECEIVED))
		file_under(t, rule, TALLY_REQUEST_RECEIVED, req);
	if (body_is_noise(r, level))
		file_under(t, rule, TALLY_NOISY_BODIES, req);
}

tally_figure lint_tally_of(const lint_tally *t, int rule, tally_kind kind)
{
	if (rule >= 0)
		return t->figures[(size_t)rule * TALLY_KIND_COUNT + kind];
	tally_figure sum = { 0, 0 };
	for (size_t i = 0; i < t->policy->rule_count; i++) {
		sum.requests += t->figures[i * TALLY_KIND_COUNT + kind].requests;
		sum.bytes += t->figures[i * TALLY_KIND_COUNT + kind].bytes;
	}
	return sum;
}

uint64_t lint_tally_requests(const lint_tally *t) { return t->requests; }
