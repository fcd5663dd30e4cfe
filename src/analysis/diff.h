/* diff: the same recorded traffic decided under two policies, A and B.
 *
 * The engine (run.h) runs both policies over every event. Both replays group events into
 * requests the same way (grouping does not depend on the policy), so the same requests
 * come in the same order, A's before B's: A's decisions wait in a small queue until B's
 * request takes them, and memory stays bounded by the replay window. A request has
 * changed when its level or the stages written differ; rule indexes of two policies are
 * not comparable by themselves.
 *
 * A request's bytes are the engine's (the writer behind `emit` and replay's volume): what
 * kube-apiserver would write for it, plus modelled bodies the recording lacks (so `bytes`
 * means what replay's `bytes` means); the modelled part is kept apart as well. */
#ifndef AUDITSIM_DIFF_H
#define AUDITSIM_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "policy.h"
#include "replay.h"

/* Events and bytes written under one policy; bytes include modelled_bytes. */
typedef struct {
	uint64_t events;
	uint64_t bytes;
	uint64_t modelled_bytes;
} diff_volume;

/* Changed requests decided by rule_a under A and rule_b under B (-1: no rule matched). */
typedef struct {
	int rule_a, rule_b;
	audit_level level_a, level_b; /* the levels of those rules (None for -1) */
	uint64_t requests;
	diff_volume a, b;
} diff_rule_pair;

/* Changed requests for one resource ("pods", "deployments.apps/scale") or, for
 * non-resource requests, one path's first segment ("/healthz", "/apis*"). */
typedef struct {
	char *name;
	uint64_t requests;
	diff_volume a, b;
} diff_resource;

/* One changed request, for showing. Owns its strings. */
typedef struct {
	char *audit_id;
	char *verb;
	char *user; /* NULL: no user */
	char *target;
	char *file;
	size_t line;
	audit_level level_a, level_b;
	int rule_a, rule_b;
	stage_set stages_a, stages_b;
} diff_sample;

typedef struct {
	uint64_t requests;
	uint64_t changed;
	uint64_t matrix[LEVEL_COUNT][LEVEL_COUNT]; /* requests by [A level][B level] */
	diff_volume a, b; /* every request, changed or not */
	/* sorted by the size of the change (bytes, events, then requests), largest first */
	diff_rule_pair *pairs;
	size_t pair_count;
	diff_resource *resources;
	size_t resource_count;
	/* the first changed requests, in order of appearance */
	diff_sample *samples;
	size_t sample_count;
	/* requests B decided without A's decision waiting for them: the replays went out of
	 * step, which would be a bug in the replay engine; the report is then incomplete */
	uint64_t unpaired;
} diff_report;

typedef struct diff diff;

/* Both policies must outlive the diff. At most sample_limit changed requests are kept as
 * samples. */
diff *diff_new(const policy *a, const policy *b, size_t sample_limit);

/* A request decided under policy `side` (0: A, 1: B): an engine_request_fn with ctx the
 * diff (run.h). Every request comes under A first, then under B. */
void diff_add_request(diff *d, size_t side, const replay_request *req);

/* Once the engine has run: fills the report (sorted); valid until diff_free. */
const diff_report *diff_finish(diff *d);

void diff_free(diff *d);

/* "deployments.apps/scale shop/web" for resource requests, the path otherwise. The
 * caller frees the result. */
char *request_target(const request_attrs *a);

#endif
