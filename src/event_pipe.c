/* event_pipe: see event_pipe.h.
 *
 * Batches sit in a ring. The reader fills ring[fill]; ring[take] onwards, `queued` of
 * them, belong to the caller (the one it reads from counts until it moves on). So the
 * batch being filled is never one being read, and the data is copied without the lock. */
#include "event_pipe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define PIPE_BATCHES 4
#define BATCH_BYTES ((size_t)512 << 10)
#define BATCH_EVENTS 512

typedef struct {
	audit_event ev;
	event_read_status status;
	const char *message;
} record;

typedef struct {
	char *arena;
	size_t cap, len;
	record recs[BATCH_EVENTS];
	size_t count;
} batch;

struct event_pipe {
	log_source *src;
	batch *ring[PIPE_BATCHES];
	size_t fill;   /* the reader's */
	size_t take;   /* the caller's: the batch it reads */
	size_t pos;    /* the caller's: next record in ring[take] */
	bool holding;  /* the caller has waited for ring[take] */
	bool finished; /* the caller has seen EOF or an error */
	record final;
	size_t queued; /* under lock */
	atomic_bool stop;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, room;
};

/* ---- copying an event into a batch ---- */

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static bool inside(span s, span raw)
{
	uintptr_t p = (uintptr_t)s.ptr, r = (uintptr_t)raw.ptr;
	return p >= r && p + s.len <= r + raw.len;
}

/* Bytes a span needs outside the copied raw text. */
static size_t outside(span s, span raw) { return s.ptr && !inside(s, raw) ? s.len : 0; }

#define STRING_SPANS 21

/* Every string span of an event but `raw`; members and groups are done apart. */
static void string_spans(audit_event *ev, span *out[STRING_SPANS])
{
	span *const fields[STRING_SPANS] = {
		&ev->kind, &ev->api_version, &ev->level, &ev->audit_id, &ev->stage,
		&ev->request_uri, &ev->verb, &ev->user_name, &ev->object_resource,
		&ev->object_namespace, &ev->object_name, &ev->object_api_group,
		&ev->object_api_version, &ev->object_subresource, &ev->response_message,
		&ev->request_received_timestamp, &ev->stage_timestamp, &ev->timestamp,
		&ev->raw_request_object, &ev->raw_response_object, &ev->raw_annotations,
	};
	memcpy(out, fields, sizeof fields);
}

static size_t event_need(audit_event *ev, const char *message)
{
	size_t need = 64 + (message ? strlen(message) + 1 : 0);
	if (!ev)
		return need;
	need += align8(ev->member_count * sizeof(event_member)) +
	        align8(ev->user_group_count * sizeof(span)) + ev->raw.len;
	span *spans[STRING_SPANS];
	string_spans(ev, spans);
	for (size_t i = 0; i < STRING_SPANS; i++)
		need += outside(*spans[i], ev->raw);
	for (size_t i = 0; i < ev->member_count; i++)
		need += outside(ev->members[i].key, ev->raw) + outside(ev->members[i].value, ev->raw);
	for (size_t i = 0; i < ev->user_group_count; i++)
		need += outside(ev->user_groups[i], ev->raw);
	return need;
}

typedef struct {
	span old_raw;
	const char *new_raw;
	char *next; /* where the next outside string goes */
} rebase_ctx;

static span rebase(rebase_ctx *c, span s)
{
	if (!s.ptr)
		return s;
	if (inside(s, c->old_raw))
		return (span){ c->new_raw + (s.ptr - c->old_raw.ptr), s.len };
	memcpy(c->next, s.ptr, s.len);
	span out = { c->next, s.len };
	c->next += s.len;
	return out;
}

/* Copies ev into at, which has event_need(ev) bytes, 8-aligned. */
static void copy_event(char *at, audit_event *ev)
{
	event_member *members = (event_member *)at;
	at += align8(ev->member_count * sizeof *members);
	span *groups = (span *)at;
	at += align8(ev->user_group_count * sizeof *groups);
	if (ev->raw.len)
		memcpy(at, ev->raw.ptr, ev->raw.len);
	rebase_ctx c = { ev->raw, at, at + ev->raw.len };
	span *spans[STRING_SPANS];
	string_spans(ev, spans);
	for (size_t i = 0; i < STRING_SPANS; i++)
		*spans[i] = rebase(&c, *spans[i]);
	for (size_t i = 0; i < ev->member_count; i++)
		members[i] = (event_member){ rebase(&c, ev->members[i].key),
			                     rebase(&c, ev->members[i].value) };
	for (size_t i = 0; i < ev->user_group_count; i++)
		groups[i] = rebase(&c, ev->user_groups[i]);
	ev->members = ev->member_count ? members : NULL;
	ev->user_groups = ev->user_group_count ? groups : NULL;
	ev->raw = (span){ ev->raw.ptr ? at : NULL, ev->raw.len };
}

/* ---- the reader thread ---- */

/* Hands ring[fill] to the caller and waits for a free batch; false when told to stop. */
static bool submit(event_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	p->queued++;
	pthread_cond_signal(&p->work);
	while (p->queued == PIPE_BATCHES && !atomic_load(&p->stop))
		pthread_cond_wait(&p->room, &p->lock);
	pthread_mutex_unlock(&p->lock);
	p->fill = (p->fill + 1) % PIPE_BATCHES;
	p->ring[p->fill]->count = 0;
	p->ring[p->fill]->len = 0;
	return !atomic_load(&p->stop);
}

static void add_record(batch *b, event_read_status st, audit_event *ev, const char *message,
                       size_t need)
{
	if (need > b->cap) { /* only when b is empty: a record larger than any before */
		free(b->arena);
		b->cap = need;
		b->arena = xmalloc(b->cap);
	}
	char *at = b->arena + b->len;
	record *r = &b->recs[b->count++];
	r->status = st;
	r->message = NULL;
	memset(&r->ev, 0, sizeof r->ev);
	if (st == EVENT_READ_EVENT) {
		copy_event(at, ev);
		r->ev = *ev;
	}
	if (message) {
		char *m = b->arena + b->len + need - strlen(message) - 1;
		memcpy(m, message, strlen(message) + 1);
		r->message = m;
	}
	b->len = align8(b->len + need);
}

static void *reader_main(void *arg)
{
	event_pipe *p = arg;
	for (;;) {
		audit_event ev;
		const char *message = NULL;
		event_read_status st = log_source_next(p->src, &ev, &message);
		bool end = st == EVENT_READ_EOF || st == EVENT_READ_ERROR;
		size_t need = event_need(st == EVENT_READ_EVENT ? &ev : NULL,
		                         st == EVENT_READ_EVENT ? NULL : message);
		batch *b = p->ring[p->fill];
		if (b->count == BATCH_EVENTS || (b->count > 0 && b->len + need > b->cap)) {
			if (!submit(p))
				return NULL;
			b = p->ring[p->fill];
		}
		add_record(b, st, &ev, st == EVENT_READ_EVENT ? NULL : message, need);
		if (end) {
			submit(p);
			return NULL;
		}
		if (atomic_load(&p->stop))
			return NULL;
	}
}

/* ---- the caller's side ---- */

event_pipe *event_pipe_start(log_source *src)
{
	event_pipe *p = xcalloc(1, sizeof *p);
	p->src = src;
	for (size_t i = 0; i < PIPE_BATCHES; i++) {
		p->ring[i] = xcalloc(1, sizeof *p->ring[i]);
		p->ring[i]->cap = BATCH_BYTES;
		p->ring[i]->arena = xmalloc(BATCH_BYTES);
	}
	atomic_init(&p->stop, false);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->room, NULL);
	if (pthread_create(&p->thread, NULL, reader_main, p) != 0) {
		atomic_store(&p->stop, true); /* no thread to join */
		event_pipe_stop(p);
		return NULL;
	}
	return p;
}

event_read_status event_pipe_next(event_pipe *p, audit_event *out, const char **message)
{
	for (;;) {
		if (p->finished) {
			*message = p->final.message;
			return p->final.status;
		}
		if (!p->holding) {
			pthread_mutex_lock(&p->lock);
			while (p->queued == 0)
				pthread_cond_wait(&p->work, &p->lock);
			pthread_mutex_unlock(&p->lock);
			p->holding = true;
			p->pos = 0;
		}
		batch *b = p->ring[p->take];
		if (p->pos < b->count) {
			const record *r = &b->recs[p->pos++];
			*out = r->ev;
			*message = r->message;
			if (r->status == EVENT_READ_EOF || r->status == EVENT_READ_ERROR) {
				p->finished = true; /* the batch stays held: the message lives in it */
				p->final = *r;
			}
			return r->status;
		}
		pthread_mutex_lock(&p->lock);
		p->queued--;
		pthread_cond_signal(&p->room);
		pthread_mutex_unlock(&p->lock);
		p->take = (p->take + 1) % PIPE_BATCHES;
		p->holding = false;
	}
}

void event_pipe_stop(event_pipe *p)
{
	if (!p)
		return;
	if (!atomic_load(&p->stop)) {
		pthread_mutex_lock(&p->lock);
		atomic_store(&p->stop, true);
		pthread_cond_signal(&p->room);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	pthread_cond_destroy(&p->room);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	for (size_t i = 0; i < PIPE_BATCHES; i++) {
		if (p->ring[i])
			free(p->ring[i]->arena);
		free(p->ring[i]);
	}
	free(p);
}
