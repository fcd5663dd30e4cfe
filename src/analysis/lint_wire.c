/* lint_wire: WEBSOCKET_VERB, EXEC_COMMAND_IN_URI and NOISY_BODIES, from probes. */
#include "lint_wire.h"

#include <stdlib.h>
#include <string.h>

#include "lint_finding.h"
#include "lint_probe.h"
#include "wire_facts.h"
#include "xalloc.h"

/* Where a finding about the rule's verbs goes: its verbs key (else the entry). */
static source_pos verbs_pos(const policy_rule *rule)
{
	return rule->verbs.pos_key.line > 0 ? rule->verbs.pos_key : rule_pos(rule);
}

/* "rules[8] (line 40, level Metadata)", or "no rule (not logged)". */
static char *decision_ref(const policy *p, audit_decision d)
{
	if (d.rule < 0)
		return xstrdup("no rule (not logged)");
	return xasprintf("rules[%d] (line %d, level %s)", d.rule, rule_pos(&p->rules[d.rule]).line,
	                 level_name(d.level));
}

/* rules[index] takes the stream as create (SPDY) but not as get (WebSocket). */
static void report_create_only(const policy *p, size_t index, size_t stream,
                               audit_decision websocket, const lint_tally *traffic,
                               diag_list *out)
{
	const websocket_stream *ws = &WEBSOCKET_STREAMS[stream];
	char *field = xasprintf("rules[%zu].verbs", index);
	char *where = decision_ref(p, websocket);
	char *note = traffic_note(traffic, (int)index, (tally_kind)(TALLY_WEBSOCKET + stream));
	add_finding(out, DIAG_WARNING, "WEBSOCKET_VERB", verbs_pos(&p->rules[index]), field,
	            "matches pods/%s only for verb create; kubectl %s+ runs %s over WebSocket, "
	            "audited as verb get, so those requests fall through to %s; add get to this "
	            "rule's verbs%s",
	            ws->subresource, ws->since, ws->commands, where, note);
	free(note);
	free(where);
	free(field);
}

/* rules[index] takes the stream as get (WebSocket) but not as create (SPDY). */
static void report_get_only(const policy *p, size_t index, size_t stream, audit_decision spdy,
                            const lint_tally *traffic, diag_list *out)
{
	const websocket_stream *ws = &WEBSOCKET_STREAMS[stream];
	const policy_rule *rule = &p->rules[index];
	char *field = xasprintf("rules[%zu].verbs", index);
	char *where = decision_ref(p, spdy);
	char *note = traffic_note(traffic, (int)index, (tally_kind)(TALLY_WEBSOCKET + stream));
	add_finding(out, DIAG_WARNING, "WEBSOCKET_VERB", verbs_pos(rule), field,
	            "matches pods/%s for verb get but not create; kubectl %s+ runs %s over "
	            "WebSocket, audited as verb get, so this rule decides those requests (level "
	            "%s), where older kubectl's (verb create) reach %s; give pods/%s a rule of its "
	            "own before this one%s",
	            ws->subresource, ws->since, ws->commands, level_name(rule->level), where,
	            ws->subresource, note);
	free(note);
	free(where);
	free(field);
}

/* A rule whose verbs split a stream's get from its create, when the policy then decides
 * the two differently (stream_decisions_alike). */
static void check_websocket(const policy *p, const probe_index *x, size_t index,
                            const lint_tally *traffic, diag_list *out)
{
	for (size_t s = 0; s < WEBSOCKET_STREAM_COUNT; s++) {
		wire_request spdy = { "POST", WEBSOCKET_STREAMS[s].url };
		wire_request websocket = { "GET", WEBSOCKET_STREAMS[s].url };
		audit_decision other;
		if (probe_rule_decides(x, index, &spdy, &websocket, stream_decisions_alike, &other))
			report_create_only(p, index, s, other, traffic, out);
		else if (probe_rule_decides(x, index, &websocket, &spdy, stream_decisions_alike, &other))
			report_get_only(p, index, s, other, traffic, out);
	}
}

static bool decides_exec(const probe_index *x, size_t index)
{
	const websocket_stream *exec = &WEBSOCKET_STREAMS[0];
	wire_request websocket = { "GET", exec->url }, spdy = { "POST", exec->url };
	return probe_rule_decides(x, index, &websocket, NULL, NULL, NULL) ||
	       probe_rule_decides(x, index, &spdy, NULL, NULL, NULL);
}

static void check_exec_command(const policy *p, const probe_index *x, size_t index,
                               const lint_tally *traffic, diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	if (rule->level < LEVEL_METADATA || !decides_exec(x, index))
		return;
	char *field = rule_field(index);
	char *note = traffic_note(traffic, (int)index, TALLY_EXEC_COMMAND);
	add_finding(out, DIAG_NOTE, "EXEC_COMMAND_IN_URI", level_pos(rule), field,
	            "level %s logs pods/exec requests, and every level writes requestURI, whose "
	            "query holds the command line (?command=...): a password or token given to "
	            "kubectl exec on its command line ends up in the audit log%s",
	            level_name(rule->level), note);
	free(note);
	free(field);
}

/* The verbs of RESPONSE_BODY_VERBS as sent: method, and whether the URL names an object. */
static const struct {
	const char *method;
	bool named;
} BODY_VERB_REQUESTS[] = {
	{ "GET", true },    { "GET", false },    { "POST", false },  { "PUT", true },
	{ "PATCH", true },  { "DELETE", true },  { "DELETE", false },
};

/* True when rules[index] decides some request with a body for t. */
static bool decides_body_of(const probe_index *x, size_t index, const coverage_target *t)
{
	bool found = false;
	for (size_t v = 0; !found && v < sizeof BODY_VERB_REQUESTS / sizeof BODY_VERB_REQUESTS[0];
	     v++) {
		char *url = xasprintf("%s%s/v1/namespaces/x/%s%s", *t->group ? "/apis/" : "/api",
		                      t->group, t->resource,
		                      BODY_VERB_REQUESTS[v].named ? "/n" : "");
		wire_request req = { BODY_VERB_REQUESTS[v].method, url };
		found = probe_rule_decides(x, index, &req, NULL, NULL, NULL);
		free(url);
	}
	return found;
}

static void check_noisy_bodies(const policy *p, const probe_index *x, size_t index,
                               const lint_tally *traffic, diag_list *out)
{
	const policy_rule *rule = &p->rules[index];
	if (rule->level != LEVEL_REQUEST_RESPONSE)
		return;
	char *reached = NULL;
	for (size_t t = 0; t < NOISY_TARGET_COUNT; t++) {
		if (!decides_body_of(x, index, &NOISY_TARGETS[t]))
			continue;
		char *name = target_name(&NOISY_TARGETS[t]);
		reached = list_append(reached, name);
		free(name);
	}
	if (!reached)
		return;
	char *field = rule_field(index);
	char *note = traffic_note(traffic, (int)index, TALLY_NOISY_BODIES);
	add_finding(out, DIAG_WARNING, "NOISY_BODIES", level_pos(rule), field,
	            "level RequestResponse writes bodies of %s, which every cluster writes "
	            "constantly (each node renews its lease every 10 s, controllers their "
	            "leader-election leases, every change makes an event): log them at Metadata "
	            "or None in an earlier rule%s",
	            reached, note);
	free(note);
	free(field);
	free(reached);
}

void lint_wire_rule(const policy *p, const probe_index *probes, size_t index,
                    const lint_tally *traffic, diag_list *out)
{
	check_websocket(p, probes, index, traffic, out);
	check_exec_command(p, probes, index, traffic, out);
	check_noisy_bodies(p, probes, index, traffic, out);
}
