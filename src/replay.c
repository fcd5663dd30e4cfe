#include "replay.h"

#include <stdlib.h>
#include <string.h>

#include "request_attrs.h"
#include "xalloc.h"

#define DEFAULT_WINDOW 65536

/* A waiting request and the storage its strings live in; slots are reused, so their
 * buffers grow to the largest request seen and are then allocation-free. */
typedef struct {
	replay_request req;
	bool in_use;
	bool complete;
	char *store;
	size_t store_len;
	size_t store_cap;
	span *groups;
	size_t groups_cap;
} slot;

typedef struct {
	const char *key; /* NULL: empty; points into a slot's store, or owned when flushed */
	size_t key_len;
	uint64_t hash;
	uint64_t seq;
	bool flushed; /* handed on while open; key is owned */
	bool tombstone;
	/* for a flushed request, what its late stages need */
	audit_decision decision;
	request_flow flow;
	bool long_running;
	stage_set written;
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
	size_t new_cap = (live + 1) * 4 > old_cap ? old_cap * 2 : old_cap;
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
	r->ids[i] = (id_entry){ .key = key, .key_len = len, .hash = hash };
	return &r->ids[i];
}

static void id_remove(id_entry *e)
{
	if (e->flushed)
		free((char *)e->key);
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
	r->ids_cap = 1024;
	while (r->ids_cap < r->window * 4)
		r->ids_cap *= 2;
	r->ids = xcalloc(r->ids_cap, sizeof *r->ids);
	return r;
}

void replay_free(replay *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->window; i++) {
		free(r->ring[i].store);
		free(r->ring[i].groups);
	}
	for (size_t i = 0; i < r->ids_cap; i++) {
		if (r->ids[i].key && r->ids[i].flushed)
			free((char *)r->ids[i].key);
	}
	free(r->ring);
	free(r->ids);
	request_info_scratch_free(&r->scratch);
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

/* Copies every string the request keeps into the slot's store: first the total size, so
 * the store grows once and the spans stay put. */
static void copy_into_slot(slot *s, span audit_id, request_attrs *attrs)
{
	span *fields[ATTR_FIELD_COUNT] = { &attrs->user_name, &attrs->verb, &attrs->api_group,
		                           &attrs->api_version, &attrs->resource,
		                           &attrs->subresource, &attrs->namespace_, &attrs->name,
		                           &attrs->path };
	size_t need = audit_id.len + 1;
	for (size_t i = 0; i < ATTR_FIELD_COUNT; i++)
		need += fields[i]->len + 1;
	for (size_t g = 0; g < attrs->group_count; g++)
		need += attrs->groups[g].len + 1;
	if (need > s->store_cap) {
		free(s->store);
		s->store_cap = need * 2;
		s->store = xmalloc(s->store_cap);
	}
	if (attrs->group_count > s->groups_cap) {
		free(s->groups);
		s->groups_cap = attrs->group_count * 2;
		s->groups = xmalloc(s->groups_cap * sizeof *s->groups);
	}
	char *p = s->store;
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
		s->groups[g] = (span){ p, v.len };
		p += v.len;
		*p++ = '\0';
	}
	attrs->groups = s->groups;
	s->store_len = (size_t)(p - s->store);
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
	uint64_t hash = hash_bytes(s->req.audit_id.ptr, s->req.audit_id.len);
	id_entry *e = id_find(r, s->req.audit_id, hash);
	s->req.open = !s->complete;
	r->sink(&s->req, r->ctx);
	if (e && e->seq == s->req.seq) {
		if (s->complete) {
			id_remove(e);
		} else {
			e->key = xstrndup(s->req.audit_id.ptr, s->req.audit_id.len);
			e->flushed = true;
			e->decision = s->req.decision;
			e->flow = s->req.flow;
			e->long_running = s->req.long_running;
			e->written = s->req.written;
		}
	}
	s->in_use = false;
	r->head++;
}

static void drain(replay *r, bool all)
{
	while (r->head < r->next) {
		if (!all && !slot_of(r, r->head)->complete)
			break;
		emit_head(r);
	}
}

static void start_request(replay *r, const audit_event *ev, span id, uint64_t hash)
{
	if (r->next - r->head >= r->window)
		emit_head(r);
	slot *s = slot_of(r, r->next);
	request_attrs attrs;
	request_attrs_from_event(ev, &attrs, &r->scratch);
	memset(&s->req, 0, sizeof s->req);
	copy_into_slot(s, id, &attrs);
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
	replay_request req = { .audit_id = ev->audit_id, .file = ev->file, .line = ev->line,
		               .seq = e->seq, .decision = e->decision, .flow = e->flow,
		               .long_running = e->long_running, .open = true,
		               .written = e->written };
	if (span_eq(ev->stage, "Panic"))
		req.flow = FLOW_PANIC;
	req.stages = decision_stages(&req.decision, req.flow, req.long_running);
	r->hook(&req, ev, r->hook_ctx);
	e->written = req.written;
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
	if (e && slot_of(r, e->seq)->complete) {
		/* the same auditID after its last stage: a new request (sanitised logs reuse IDs) */
		id_remove(e);
		e = NULL;
	}
	if (!e) {
		start_request(r, ev, id, hash);
		e = id_find(r, id, hash);
	}
	slot *s = slot_of(r, e->seq);
	record_event(s, ev);
	if (r->hook)
		s->req.bytes += r->hook(&s->req, ev, r->hook_ctx);
	drain(r, false);
}

void replay_finish(replay *r) { drain(r, true); }
