/* replay: groups recorded events into requests (one per auditID, however far apart its
 * stages are), decides each request once with the checker, and hands finished requests
 * to a sink in order of first appearance.
 *
 * Memory is bounded by the window, however many requests never complete: requests wait in
 * a ring until they are complete (their last stage has been read) and every earlier
 * request has gone. When more than `window` requests wait, the oldest is handed on as it
 * stands (marked `open`) and its auditID is remembered, so that its later events are
 * counted as its own (replay_tally) and not as new requests. At most `window` such
 * requests are remembered: when another is handed on open, the oldest still waiting for
 * its last stage is forgotten and counted as never completed; a stage of it that comes
 * later still starts a new request. Memory: the window's requests and their strings, an
 * auditID table of at most 4 x `window` entries, and `window` remembered requests. */
#ifndef AUDITSIM_REPLAY_H
#define AUDITSIM_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "checker.h"
#include "kube_version.h"
#include "policy.h"
#include "request.h"
#include "stages.h"

typedef struct {
	span audit_id;
	const char *file;
	size_t line; /* of the first event */
	uint64_t seq; /* 0-based order of first appearance */

	request_attrs attrs; /* strings owned by the replay until the sink returns */
	audit_decision decision;
	request_flow flow;
	bool long_running;
	stage_set stages;   /* written under the policy */
	stage_set recorded; /* stages present in the recording */
	unsigned recorded_events;
	bool open; /* handed on before its last stage was read */
	/* later events whose verb differs from the first one's, or that repeat a stage already
	 * recorded: the request is still decided from its first event */
	unsigned conflicting_events;
	size_t first_conflict_line;

	/* kept by the event hook (emitter.h); zero without one */
	stage_set written;       /* stages already written */
	uint64_t bytes;          /* written for this request, newlines included */
	uint64_t modelled_bytes; /* bodies the recording lacks, modelled; not in `bytes` */
} replay_request;

typedef void (*replay_sink)(const replay_request *req, void *ctx);

/* Called for every event once its request is decided, before any request is handed on;
 * returns bytes to add to req->bytes. For a late stage of a request already handed on
 * (open), req holds the remembered decision, flow, stages and `written`, with empty
 * attributes; what the hook changes in `written` is kept, its bytes are not added to
 * anything. */
typedef uint64_t (*replay_event_hook)(replay_request *req, const audit_event *ev, void *ctx);

typedef struct replay replay;

/* The policy must be validated and outlive the replay. window 0 picks the default. */
replay *replay_new(const policy *p, size_t window, replay_sink sink, void *ctx);

void replay_set_event_hook(replay *r, replay_event_hook hook, void *ctx);

/* The kube-apiserver version whose request attributes the replay derives from each URL
 * (request_info_parse_for); the newest unless set. Set it before the first event. */
void replay_set_kube_version(replay *r, kube_version version);

/* Adds one event; may call the sink for requests that are now finished. */
void replay_add_event(replay *r, const audit_event *ev);

/* replay_add_event with ev's request attributes and its decision under the replay's policy
 * already worked out elsewhere (request_prepared.h: by a block scan worker, for the same
 * kube-apiserver version), used when ev starts a request. attrs NULL: none were. */
void replay_add_decided_event(replay *r, const audit_event *ev, const request_attrs *attrs,
                              const audit_decision *decision);

/* Hands every waiting request to the sink. */
void replay_finish(replay *r);

/* For a partial summary (partial.h): hands the complete waiting requests to the sink as
 * replay_finish does, and each one still waiting for its last stage to keep instead, in
 * order; those are not remembered, tallied or handed to the sink. */
void replay_finish_keeping_open(replay *r, replay_sink keep, void *ctx);

void replay_free(replay *r);

/* What only the replay sees, final once replay_finish has returned. */
typedef struct {
	/* events of requests already handed on open: the window filled before their last stage */
	uint64_t late_events;
	uint64_t late_by_stage[STAGE_COUNT];
	/* requests handed on open whose last stage came later, while still remembered */
	uint64_t completed_late;
	/* requests whose last stage was never read as theirs: the recording ended first, or
	 * they were forgotten (more than `window` later requests were handed on open first) */
	uint64_t never_completed;
	uint64_t forgotten; /* of never_completed, those forgotten before the end */
} replay_tally;

replay_tally replay_tally_of(const replay *r);

/* What a replay holds now; tests check the memory bound with it. Cheap. */
typedef struct {
	size_t waiting;      /* requests in the window, at most `window` */
	size_t remembered;   /* open requests handed on and still known, at most `window` */
	size_t table_slots;  /* the auditID table's capacity: at most 4 x `window`, or 1024 */
	size_t string_bytes; /* blocks of the arenas that hold their strings */
} replay_footprint;

replay_footprint replay_footprint_of(const replay *r);

/* The stages a request's recording shows as its last one: ResponseComplete or Panic, or
 * ResponseStarted for the user-less special flows. */
bool event_is_last_stage(const audit_event *ev);

#endif
