#include "replay.h"

#include <stdlib.h>
#include <string.h>

#include "id_hash.h"
#include "request_attrs.h"
#include "seq_arena.h"
#include "xalloc.h"

#define DEFAULT_WINDOW 65536

/* A waiting request. Its strings (and group spans) live in the replay's seq_arena, in
 * request order: per-slot buffers grown to the largest request each slot had ever held
 * made RSS grow with the length of the log (52 MB at 200 MB, 65 MB at 2 GB). */
typedef struct {
	replay_request req;
	bool in_use;
	bool complete;
} slot;

/* A request handed on open: what its late stages need. They wait in a ring of `window`
 * in the order they were handed on, their auditIDs in an arena freed in the same order;
 * when the ring is full the oldest is forgotten. A per-request allocation kept until a
 * last stage that may never come made memory grow with every such request. */
typedef struct {
	const char *key; /* the auditID; NULL once its last stage came (or never used) */
	uint32_t key_len;
	uint64_t hash;
	audit_decision decision;
	request_flow flow;
	bool long_running;
	stage_set written;
} open_request;

typedef struct {
	const char *key; /* NULL: empty; points into the strings or the open_keys arena */
	uint64_t hash;
	uint64_t seq;
	uint32_t key_len;
	uint64_t open_number; /* 0: waiting in the window; else 1 + its number in open_ring */
} id_entry;

struct replay {
	const policy *policy;
	replay_sink sink;
	void *ctx;
	slot *ring;
	size_t window;
	uint64_t head; /* seq of the oldest waiting request */
	uint64_t next; /* seq of the next new request */
	id_entry *ids;
	size_t ids_cap;
	size_t ids_used;
	request_info_scratch scratch;
	seq_arena strings; /* the waiting requests' strings, freed as the head moves on */
	open_request *open_ring; /* `window` entries; number n at n % window */
	uint64_t open_oldest;    /* number of the oldest remembered */
	uint64_t open_next;      /* number of the next one handed on open */
	seq_arena open_keys;     /* their auditIDs, by number */
	replay_tally tally;      /* never_completed is added up in replay_tally_of */
	size_t open_live;        /* remembered and still waiting for their last stage */
	replay_event_hook hook;
	void *hook_ctx;
	kube_version version; /* how request attributes are derived from URLs */
};

static id_entry *id_find(replay *r, span id, uint64_t hash)
{
	size_t mask = r->ids_cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		id_entry *e = &r->ids[i];
		if (!e->key)
			return NULL;
		if (e->hash == hash && e->key_len == id.len &&
		    memcmp(e->key, id.ptr, id.len) == 0)
			return e;
	}
}

/* Doubles the table. Linear probing with backward-shift removal: no tombstones, so a
 * lookup that misses (the first event of every request) stops at the first gap. */
static void id_grow(replay *r)
{
	id_entry *old = r->ids;
	size_t old_cap = r->ids_cap, new_cap = old_cap * 2, mask = new_cap - 1;
	r->ids = xcalloc(new_cap, sizeof *r->ids);
	r->ids_cap = new_cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].key)
			continue;
		size_t j = old[i].hash & mask;
		while (r->ids[j].key)
			j = (j + 1) & mask;
		r->ids[j] = old[i];
	}
	free(old);
}

static id_entry *id_insert(replay *r, const char *key, size_t len, uint64_t hash)
{
	if ((r->ids_used + 1) * 2 > r->ids_cap)
		id_grow(r);
	size_t mask = r->ids_cap - 1, i = hash & mask;
	while (r->ids[i].key)
		i = (i + 1) & mask;
	r->ids_used++;
	r->ids[i] = (id_entry){ .key = key, .key_len = (uint32_t)len, .hash = hash };
	return &r->ids[i];
}

/* Empties e's place and moves later entries of its probe run back into the gap, so every
 * entry stays reachable from its home without tombstones. Moves entries: pointers into
 * the table are stale afterwards. */
static void id_remove(replay *r, const id_entry *e)
{
	size_t mask = r->ids_cap - 1, gap = (size_t)(e - r->ids);
	r->ids[gap] = (id_entry){ 0 };
	r->ids_used--;
	for (size_t j = (gap + 1) & mask; r->ids[j].key; j = (j + 1) & mask) {
		size_t home = r->ids[j].hash & mask;
		/* stays when its home lies cyclically in (gap, j] */
		bool stays = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
		if (stays)
			continue;
		r->ids[gap] = r->ids[j];
		r->ids[j] = (id_entry){ 0 };
		gap = j;
	}
}

replay *replay_new(const policy *p, size_t window, replay_sink sink, void *ctx)
{
	replay *r = xcalloc(1, sizeof *r);
	r->policy = p;
	r->sink = sink;
	r->ctx = ctx;
	r->window = window ? window : DEFAULT_WINDOW;
	r->version = KUBE_VERSION_NEWEST;
	r->ring = xcalloc(r->window, sizeof *r->ring);
	/* Only requests still waiting for a stage are in the table (a complete one leaves it
	 * at once), a few thousand at most in real logs: a small table stays in the cache. */
	r->ids_cap = 1024;
	r->ids = xcalloc(r->ids_cap, sizeof *r->ids);
	seq_arena_init(&r->strings);
	/* untouched until requests are handed on open: costs nothing on most logs */
	r->open_ring = xcalloc(r->window, sizeof *r->open_ring);
	seq_arena_init(&r->open_keys);
	return r;
}

void replay_free(replay *r)
{
	if (!r)
		return;
	free(r->ring);
	free(r->ids);
	free(r->open_ring);
	request_info_scratch_free(&r->scratch);
	seq_arena_free(&r->strings);
	seq_arena_free(&r->open_keys);
	free(r);
}

/* The stage an event records, or STAGE_COUNT for none of the four; once per event, by
 * length first (comparing with each stage name was ~4% of the deciding thread). */
static audit_stage recorded_stage(span stage)
{
	switch (stage.len) {
	case 5:
		return span_eq(stage, "Panic") ? STAGE_PANIC : STAGE_COUNT;
	case 15:
		return span_eq(stage, "RequestReceived")   ? STAGE_REQUEST_RECEIVED
		       : span_eq(stage, "ResponseStarted") ? STAGE_RESPONSE_STARTED
		                                           : STAGE_COUNT;
	case 16:
		return span_eq(stage, "ResponseComplete") ? STAGE_RESPONSE_COMPLETE : STAGE_COUNT;
	default:
		return STAGE_COUNT;
	}
}

static bool is_last_stage(const audit_event *ev, audit_stage stage)
{
	if (stage == STAGE_RESPONSE_COMPLETE || stage == STAGE_PANIC)
		return true;
	if (stage != STAGE_RESPONSE_STARTED) /* the special flows end at ResponseStarted */
		return false;
	request_flow flow = event_flow(ev);
	return flow == FLOW_AUTHN_FAILED || flow == FLOW_INVALID_TIMEOUT;
}

bool event_is_last_stage(const audit_event *ev)
{
	return is_last_stage(ev, recorded_stage(ev->stage));
}

#define ATTR_FIELD_COUNT 9

/* Copies every string the request keeps into one allocation of the arena. */
static void copy_into_slot(replay *r, slot *s, span audit_id, request_attrs *attrs)
{
	span *fields[ATTR_FIELD_COUNT] = { &attrs->user_name, &attrs->verb, &attrs->api_group,
		                           &attrs->api_version, &attrs->resource,
		                           &attrs->subresource, &attrs->namespace_, &attrs->name,
		                           &attrs->path };
	size_t groups_bytes = attrs->group_count * sizeof(span); /* first: aligned */
	size_t need = groups_bytes + audit_id.len + 1;
	for (size_t i = 0; i < ATTR_FIELD_COUNT; i++)
		need += fields[i]->len + 1;
	for (size_t g = 0; g < attrs->group_count; g++)
		need += attrs->groups[g].len + 1;
	char *store = seq_arena_alloc(&r->strings, need, r->next);
	span *groups = (span *)(void *)store;
	char *p = store + groups_bytes;
	memcpy(p, audit_id.ptr, audit_id.len);
	s->req.audit_id = (span){ p, audit_id.len };
	p += audit_id.len;
	*p++ = '\0';
	for (size_t i = 0; i < ATTR_FIELD_COUNT; i++) {
		span v = *fields[i];
		if (v.len)
			memcpy(p, v.ptr, v.len);
		*fields[i] = (span){ v.ptr ? p : NULL, v.len };
		p += v.len;
		*p++ = '\0';
	}
	for (size_t g = 0; g < attrs->group_count; g++) {
		span v = attrs->groups[g];
		if (v.len)
			memcpy(p, v.ptr, v.len);
		groups[g] = (span){ p, v.len };
		p += v.len;
		*p++ = '\0';
	}
	attrs->groups = attrs->group_count ? groups : NULL;
}

static slot *slot_of(replay *r, uint64_t seq) { return &r->ring[seq % r->window]; }

static void update_stages(slot *s)
{
	s->req.stages = decision_stages(&s->req.decision, s->req.flow, s->req.long_running);
}

static open_request *open_of(replay *r, uint64_t number)
{
	return &r->open_ring[number % r->window];
}

/* Drops the oldest request handed on open from the table, unless its last stage came:
 * from now on its auditID starts a new request. */
static void forget_oldest_open(replay *r)
{
	open_request *o = open_of(r, r->open_oldest);
	if (o->key) {
		id_entry *e = id_find(r, (span){ o->key, o->key_len }, o->hash);
		if (e && e->open_number == r->open_oldest + 1)
			id_remove(r, e);
		o->key = NULL;
		r->open_live--;
		r->tally.forgotten++;
	}
	r->open_oldest++;
	seq_arena_release(&r->open_keys, r->open_oldest);
}

/* Keeps what the late stages of req (handed on open, entry e) need, in place of its
 * slot; the caller has made room in the ring. */
static void remember_open(replay *r, id_entry *e, const replay_request *req)
{
	uint64_t number = r->open_next++;
	char *key = seq_arena_alloc(&r->open_keys, req->audit_id.len + 1, number);
	memcpy(key, req->audit_id.ptr, req->audit_id.len);
	key[req->audit_id.len] = '\0';
	*open_of(r, number) = (open_request){ .key = key, .key_len = e->key_len, .hash = e->hash,
		                              .decision = req->decision, .flow = req->flow,
		                              .long_running = req->long_running,
		                              .written = req->written };
	e->key = key;
	e->open_number = number + 1;
	r->open_live++;
}

/* Hands the oldest waiting request on; an unfinished one stays known by its auditID for
 * as long as fewer than `window` later requests have been handed on open. */
static void emit_head(replay *r)
{
	slot *s = slot_of(r, r->head);
	id_entry *e = NULL;
	if (!s->complete) { /* a complete request left the table when its last stage came */
		if (r->open_next - r->open_oldest == r->window)
			forget_oldest_open(r); /* before the lookup: removing moves entries */
		e = id_find(r, s->req.audit_id, id_hash(s->req.audit_id.ptr, s->req.audit_id.len));
	}
	s->req.open = !s->complete;
	r->sink(&s->req, r->ctx);
	if (e && e->seq == s->req.seq)
		remember_open(r, e, &s->req);
	s->in_use = false;
	r->head++;
	seq_arena_release(&r->strings, r->head);
}

static void drain(replay *r, bool all)
{
	while (r->head < r->next) {
		if (!all && !slot_of(r, r->head)->complete)
			break;
		emit_head(r);
	}
}

/* prepared_attrs and prepared_decision: as worked out here, or NULL to work them out. */
static id_entry *start_request(replay *r, const audit_event *ev, span id, uint64_t hash,
                               const request_attrs *prepared_attrs,
                               const audit_decision *prepared_decision)
{
	if (r->next - r->head >= r->window)
		emit_head(r);
	slot *s = slot_of(r, r->next);
	request_attrs attrs;
	if (prepared_attrs)
		attrs = *prepared_attrs;
	else
		request_attrs_from_event(ev, r->version, &attrs, &r->scratch);
	memset(&s->req, 0, sizeof s->req);
	copy_into_slot(r, s, id, &attrs);
	s->req.attrs = attrs;
	s->req.file = ev->file;
	s->req.line = ev->line;
	s->req.seq = r->next;
	s->req.decision = prepared_attrs ? *prepared_decision
	                                 : evaluate_policy_rule(r->policy, &s->req.attrs);
	s->req.flow = event_flow(ev);
	s->req.long_running = request_is_long_running(&s->req.attrs);
	s->in_use = true;
	s->complete = false;
	id_entry *e = id_insert(r, s->req.audit_id.ptr, id.len, hash);
	e->seq = r->next;
	r->next++;
	return e;
}

/* An event that cannot belong to the same request as those before it: another verb, or
 * a stage the request has already recorded (two ResponseComplete, say). */
static bool event_conflicts(const replay_request *req, const audit_event *ev, audit_stage stage)
{
	bool repeated = stage != STAGE_COUNT && (req->recorded & STAGE_BIT(stage));
	return repeated || !span_eq_span(req->attrs.verb, ev->verb);
}

static void note_conflict(replay_request *req, const audit_event *ev)
{
	if (req->conflicting_events++ == 0)
		req->first_conflict_line = ev->line;
}

static void record_event(slot *s, const audit_event *ev, audit_stage stage)
{
	if (stage != STAGE_COUNT)
		s->req.recorded |= STAGE_BIT(stage);
	s->req.recorded_events++;
	if (stage == STAGE_PANIC)
		s->req.flow = FLOW_PANIC;
	if (is_last_stage(ev, stage))
		s->complete = true;
	update_stages(s);
}

void replay_set_event_hook(replay *r, replay_event_hook hook, void *ctx)
{
	r->hook = hook;
	r->hook_ctx = ctx;
}

void replay_set_kube_version(replay *r, kube_version version) { r->version = version; }

/* A late stage is counted as recorded, and the hook still sees it, so what it writes is
 * written and counted. The last one ends the request: it is forgotten at once. */
static void late_event(replay *r, id_entry *e, const audit_event *ev, audit_stage stage)
{
	open_request *o = open_of(r, e->open_number - 1);
	r->tally.late_events++;
	if (stage != STAGE_COUNT)
		r->tally.late_by_stage[stage]++;
	if (r->hook) {
		replay_request req = { .audit_id = ev->audit_id, .file = ev->file, .line = ev->line,
			               .seq = e->seq, .decision = o->decision, .flow = o->flow,
			               .long_running = o->long_running, .open = true,
			               .written = o->written };
		if (stage == STAGE_PANIC)
			req.flow = FLOW_PANIC;
		req.stages = decision_stages(&req.decision, req.flow, req.long_running);
		r->hook(&req, ev, r->hook_ctx);
		o->written = req.written;
	}
	if (is_last_stage(ev, stage)) {
		o->key = NULL; /* its auditID stays in the arena until the ring passes it */
		r->open_live--;
		r->tally.completed_late++;
		id_remove(r, e);
	}
}

void replay_add_event(replay *r, const audit_event *ev)
{
	replay_add_decided_event(r, ev, NULL, NULL);
}

void replay_add_decided_event(replay *r, const audit_event *ev, const request_attrs *attrs,
                              const audit_decision *decision)
{
	span id = ev->audit_id;
	uint64_t hash = id_hash(id.ptr, id.len);
	id_entry *e = id_find(r, id, hash);
	audit_stage stage = recorded_stage(ev->stage);
	if (e && e->open_number) {
		late_event(r, e, ev, stage);
		return;
	}
	/* No entry: a new request. That includes an auditID seen again after its last stage
	 * (sanitised logs reuse IDs), since a complete request leaves the table at once. */
	bool joined = e != NULL;
	if (!e)
		e = start_request(r, ev, id, hash, attrs, decision);
	slot *s = slot_of(r, e->seq);
	if (joined && event_conflicts(&s->req, ev, stage))
		note_conflict(&s->req, ev);
	record_event(s, ev, stage);
	if (r->hook)
		s->req.bytes += r->hook(&s->req, ev, r->hook_ctx);
	/* A complete request needs its entry no more. Leaving now keeps the table to the
	 * requests in flight, not the whole window. */
	if (s->complete)
		id_remove(r, e);
	drain(r, false);
}

void replay_finish(replay *r) { drain(r, true); }

void replay_finish_keeping_open(replay *r, replay_sink keep, void *ctx)
{
	for (; r->head < r->next; r->head++) {
		slot *s = slot_of(r, r->head);
		if (s->complete)
			r->sink(&s->req, r->ctx);
		else
			keep(&s->req, ctx);
		s->in_use = false;
	}
	seq_arena_release(&r->strings, r->head);
}

replay_tally replay_tally_of(const replay *r)
{
	replay_tally t = r->tally;
	t.never_completed = t.forgotten + r->open_live;
	return t;
}

replay_footprint replay_footprint_of(const replay *r)
{
	return (replay_footprint){
		.waiting = (size_t)(r->next - r->head),
		.remembered = r->open_live,
		.table_slots = r->ids_cap,
		.string_bytes = seq_arena_bytes_held(&r->strings) + seq_arena_bytes_held(&r->open_keys),
	};
}
