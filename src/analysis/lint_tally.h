/* lint_tally: which requests of the LOGs each finding of lint is about, and the bytes
 * they write under the policy. Fed by the engine (run.h, engine_options.on_request) with
 * every replayed request and its bytes — the same figure that adds up to the engine's
 * per-rule bytes (written plus modelled bodies) — and filed under the rule the finding
 * names:
 *   SENSITIVE_BODY    requests the rule decides for a sensitive target with a verb whose
 *                     body its level logs (wire_facts.h);
 *   EXEC_COMMAND_IN_URI  pods/exec requests the rule logs;
 *   REQUEST_RECEIVED  requests the rule decides that wrote a RequestReceived event;
 *   NOISY_BODIES      events and leases requests with a logged body the rule decides;
 *   WEBSOCKET_VERB    pods exec/attach/portforward `get` requests decided differently
 *                     from the same request sent as `create`: filed under the rule that
 *                     takes one verb and does not match the other.
 * Cost per request: a few comparisons; one policy walk more for a stream `get`; nothing
 * allocated. */
#ifndef AUDITSIM_LINT_TALLY_H
#define AUDITSIM_LINT_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "coverage.h"
#include "policy.h"
#include "replay.h"

typedef enum {
	TALLY_SENSITIVE_BODY,
	TALLY_EXEC_COMMAND,
	TALLY_REQUEST_RECEIVED,
	TALLY_NOISY_BODIES,
	TALLY_WEBSOCKET, /* + index in WEBSOCKET_STREAMS */
	TALLY_KIND_COUNT = TALLY_WEBSOCKET + 3
} tally_kind;

typedef struct {
	uint64_t requests;
	uint64_t bytes;
} tally_figure;

typedef struct lint_tally lint_tally;

/* p (validated) and the sensitive targets are borrowed and must outlive the tally. */
lint_tally *lint_tally_new(const policy *p, const coverage_target *sensitive,
                           size_t sensitive_count);
void lint_tally_free(lint_tally *t);

/* One replayed request, decided under the tally's policy. */
void lint_tally_request(lint_tally *t, const replay_request *req);

/* The requests of `kind` filed under rules[rule]; rule -1: under every rule. */
tally_figure lint_tally_of(const lint_tally *t, int rule, tally_kind kind);

/* How many requests the LOGs held. */
uint64_t lint_tally_requests(const lint_tally *t);

#endif
