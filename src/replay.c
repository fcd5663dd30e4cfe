#include "replay.h"

#include <stdlib.h>
#include <string.h>

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

/* What the late stages of a request handed on while open need. Rare (long-running
 * requests older than the window), so it lives outside the table: entries stay small. */
typedef struct {
	audit_decision decision;
	request_flow flow;
	bool long_running;
	stage_set written;
	char key[]; /* the auditID, NUL-terminated */
} flushed_request;

typedef struct {
	const char *key; /* NULL: empty; points into the strings arena, or into `flushed` */
	uint64_t hash;
	uint64_t seq;
	uint32_t key_len;
	bool tombstone;
	flushed_request *flushed; /* set when handed on while open; owned */
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
	size_t ids_used; /* live entries plus tombstones */
	request_info_scratch scratch;
	seq_arena strings; /* the waiting requests' strings, freed as the head moves on */
	replay_event_hook hook;
	void *hook_ctx;
};

static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h | 1; /* never 0, so 0 can mean "no hash" in debugging */
}

static id_entry *id_find(replay *r, span id, uint64_t hash)
{
	size_t mask = r->ids_cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		id_entry *e = &r->ids[i];
		if (!e->key && !e->tombstone)
			return NULL;
		if (e->key && e->hash == hash && e->key_len == id.len &&
		    memcmp(e->key, id.ptr, id.len) == 0)
			return e;
	}
}

/* Rebuilds the table without tombstones, doubling it only when live entries need it. */
static void id_rehash(replay *r)
{
	id_entry *old = r->ids;
	size_t old_cap = r->ids_cap, live = 0;
	for (size_t i = 0; i < old_cap; i++)
		live += old[i].key != NULL;
	/* Grow only when live entries fill more than 3/8, so that a rebuild leaves at least
	 * 1/8 free for inserts before the next one. */
	size_t new_cap = (live + 1) * 8 > old_cap * 3 ? old_cap * 2 : old_cap;
	r->ids = xcalloc(new_cap, sizeof *r->ids);
	r->ids_cap = new_cap;
	r->ids_used = 0;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].key)
			continue;
		size_t mask = new_cap - 1, j = old[i].hash & mask;
		while (r->ids[j].key)
			j = (j + 1) & mask;
		r->ids[j] = old[i];
		r->ids_used++;
	}
	free(old);
}

static id_entry *id_insert(replay *r, const char *key, size_t len, uint64_t hash)
{
	if ((r->ids_used + 1) * 2 > r->ids_cap)
		id_rehash(r);
	size_t mask = r->ids_cap - 1, i = hash & mask;
	while (r->ids[i].key)
		i = (i + 1) & mask;
	if (!r->ids[i].tombstone)
		r->ids_used++;
	r->ids[i] = (id_entry){ .key = key, .key_len = (uint32_t)len, .hash = hash };
	return &r->ids[i];
}

static void id_remove(id_entry *e)
{
	free(e->flushed);
	*e = (id_entry){ .tombstone = true };
}

replay *replay_new(const policy *p, size_t window, replay_sink sink, void *ctx)
{
	replay *r = xcalloc(1, sizeof *r);
	r->policy = p;
	r->sink = sink;
	r->ctx = ctx;
	r->window = window ? window : DEFAULT_WINDOW;
	r->ring = xcalloc(r->window, sizeof *r->ring);
	/* Only requests still waiting for a stage are in the table (a complete one leaves it
	 * at once), a few thousand at most in real logs: a small table stays in the cache. */
	r->ids_cap = 1024;
	r->ids = xcalloc(r->ids_cap, sizeof *r->ids);
	seq_arena_init(&r->strings);
	return r;
}

void replay_free(replay *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ids_cap; i++) {
		if (r->ids[i].key)
			free(r->ids[i].flushed);
	}
	free(r->ring);
	free(r->ids);
	request_info_scratch_free(&r->scratch);
	seq_arena_free(&r->strings);
	free(r);
}

bool event_is_last_stage(const audit_event *ev)
{
	if (span_eq(ev->stage, "ResponseComplete") || span_eq(ev->stage, "Panic"))
		return true;
	request_flow flow = event_flow(ev);
	return flow == FLOW_AUTHN_FAILED || flow == FLOW_INVALID_TIMEOUT;
}

static bool recorded_stage(span stage, audit_stage *out)
{
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (span_eq(stage, stage_name((audit_stage)s))) {
			*out = (audit_stage)s;
			return true;
		}
	}
	return false;
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

/* Hands the oldest waiting request on; an unfinished one stays known by its auditID. */
static void emit_head(replay *r)
{
	slot *s = slot_of(r, r->head);
	id_entry *e = NULL;
	if (!s->complete) /* a complete request left the table when its last stage came */
		e = id_find(r, s->req.audit_id, hash_bytes(s->req.audit_id.ptr, s->req.audit_id.len));
	s->req.open = !s->complete;
	r->sink(&s->req, r->ctx);
	if (e && e->seq == s->req.seq) {
		flushed_request *f = xmalloc(sizeof *f + s->req.audit_id.len + 1);
		memcpy(f->key, s->req.audit_id.ptr, s->req.audit_id.len);
		f->key[s->req.audit_id.len] = '\0';
		f->decision = s->req.decision;
		f->flow = s->req.flow;
		f->long_running = s->req.long_running;
		f->written = s->req.written;
		e->flushed = f;
		e->key = f->key;
	}
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

static id_entry *start_request(replay *r, const audit_event *ev, span id, uint64_t hash)
{
	if (r->next - r->head >= r->window)
		emit_head(r);
	slot *s = slot_of(r, r->next);
	request_attrs attrs;
	request_attrs_from_event(ev, &attrs, &r->scratch);
	memset(&s->req, 0, sizeof s->req);
	copy_into_slot(r, s, id, &attrs);
	s->req.attrs = attrs;
	s->req.file = ev->file;
	s->req.line = ev->line;
	s->req.seq = r->next;
	s->req.decision = policy_decide(r->policy, &s->req.attrs);
	s->req.flow = event_flow(ev);
	s->req.long_running = request_is_long_running(&s->req.attrs);
	s->in_use = true;
	s->complete = false;
	id_entry *e = id_insert(r, s->req.audit_id.ptr, id.len, hash);
	e->seq = r->next;
	r->next++;
	return e;
}

static void record_event(slot *s, const audit_event *ev)
{
	audit_stage stage;
	if (recorded_stage(ev->stage, &stage))
		s->req.recorded |= STAGE_BIT(stage);
	s->req.recorded_events++;
	if (span_eq(ev->stage, "Panic"))
		s->req.flow = FLOW_PANIC;
	if (event_is_last_stage(ev))
		s->complete = true;
	update_stages(s);
}

void replay_set_event_hook(replay *r, replay_event_hook hook, void *ctx)
{
	r->hook = hook;
	r->hook_ctx = ctx;
}

/* The hook still sees late stages, so what they write is written and counted. */
static void late_event(replay *r, id_entry *e, const audit_event *ev)
{
	if (!r->hook)
		return;
	const flushed_request *f = e->flushed;
	replay_request req = { .audit_id = ev->audit_id, .file = ev->file, .line = ev->line,
		               .seq = e->seq, .decision = f->decision, .flow = f->flow,
		               .long_running = f->long_running, .open = true,
		               .written = f->written };
	if (span_eq(ev->stage, "Panic"))
		req.flow = FLOW_PANIC;
	req.stages = decision_stages(&req.decision, req.flow, req.long_running);
	r->hook(&req, ev, r->hook_ctx);
	e->flushed->written = req.written;
}

void replay_add_event(replay *r, const audit_event *ev)
{
	span id = ev->audit_id;
	uint64_t hash = hash_bytes(id.ptr, id.len);
	id_entry *e = id_find(r, id, hash);
	if (e && e->flushed) {
		/* a late stage of a request already handed on */
		late_event(r, e, ev);
		if (event_is_last_stage(ev))
			id_remove(e);
		return;
	}
	/* No entry: a new request. That includes an auditID seen again after its last stage
	 * (sanitised logs reuse IDs), since a complete request leaves the table at once. */
	if (!e)
		e = start_request(r, ev, id, hash);
	slot *s = slot_of(r, e->seq);
	record_event(s, ev);
	if (r->hook)
		s->req.bytes += r->hook(&s->req, ev, r->hook_ctx);
	/* A complete request needs its entry no more. Leaving now keeps the table to the
	 * requests in flight, not the whole window. */
	if (s->complete)
		id_remove(e);
	drain(r, false);
}

void replay_finish(replay *r) { drain(r, true); }
