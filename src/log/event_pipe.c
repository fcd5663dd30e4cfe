/* event_pipe: see event_pipe.h.
 *
 * Batches sit in a ring. The reader fills ring[fill]; ring[take] onwards, `queued` of
 * them, belong to the caller (the one it reads from counts until it moves on). So the
 * batch being filled is never one being read, and the data is copied without the lock. */
#include "event_pipe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event_spans.h"
#include "xalloc.h"

#define PIPE_BATCHES 4

typedef struct {
	audit_event ev;
	event_read_status status;
	const char *message;
} record;

/* The arena's len <= cap always, and both are multiples of 8 (see batch_use). */
typedef struct {
	char *arena;
	size_t cap, len;
	record recs[EVENT_PIPE_BATCH_EVENTS];
	size_t count;
} batch;

_Static_assert(EVENT_PIPE_BATCH_BYTES % 8 == 0, "a batch's arena is a multiple of 8 bytes");

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

/* Bytes free at the end of b's arena. */
static size_t batch_room(const batch *b) { return b->cap - b->len; }

/* Takes n <= batch_room(b) bytes, rounded up so that the next record starts aligned. The
 * room is a multiple of 8, so the rounded n still fits: len never passes cap. */
static void batch_use(batch *b, size_t n) { b->len += align8(n); }

/* Bytes of an event's copy before its outside strings: member and group arrays, raw. */
static size_t event_fixed_need(const audit_event *ev)
{
	return align8(ev->member_count * sizeof(event_member)) +
	       align8(ev->user_group_count * sizeof(span)) + ev->raw.len;
}

/* Bytes a record needs in a batch: an upper bound of what copy_event uses, and the message. */
static size_t event_need(audit_event *ev, const char *message)
{
	size_t need = 64 + (message ? strlen(message) + 1 : 0);
	if (!ev)
		return need;
	need += event_fixed_need(ev);
	for (size_t i = 0; i < EVENT_STRING_SPANS; i++)
		need += span_bytes_outside(*event_string_span(ev, i), ev->raw);
	for (size_t i = 0; i < ev->member_count; i++)
		need += span_bytes_outside(ev->members[i].key, ev->raw) + span_bytes_outside(ev->members[i].value, ev->raw);
	for (size_t i = 0; i < ev->user_group_count; i++)
		need += span_bytes_outside(ev->user_groups[i], ev->raw);
	return need;
}

typedef struct {
	span old_raw;
	const char *new_raw;
	char *next;    /* where the next outside string goes */
	size_t room;   /* bytes left there */
	bool overflow; /* one did not fit: the copy is void */
} rebase_ctx;

static inline span rebase(rebase_ctx *c, span s)
{
	if (span_within(s, c->old_raw))
		return (span){ c->new_raw + ((uintptr_t)s.ptr - (uintptr_t)c->old_raw.ptr), s.len };
	if (!s.ptr)
		return s;
	if (s.len > c->room) {
		c->overflow = true;
		return s;
	}
	memcpy(c->next, s.ptr, s.len);
	span out = { c->next, s.len };
	c->next += s.len;
	c->room -= s.len;
	return out;
}

/* Copies the text ev points to into the `room` bytes at `at` and points ev there. Returns
 * the bytes used, or 0 when they did not fit: ev is then half rebased, and must be copied
 * again from the original. One pass, because spans outside the raw text (decoded strings)
 * are rare. */
static size_t copy_event(char *at, size_t room, audit_event *ev)
{
	size_t fixed = event_fixed_need(ev);
	if (room < fixed)
		return 0;
	char *start = at;
	event_member *members = (event_member *)(void *)at;
	at += align8(ev->member_count * sizeof *members);
	span *groups = (span *)(void *)at;
	at += align8(ev->user_group_count * sizeof *groups);
	if (ev->raw.len)
		memcpy(at, ev->raw.ptr, ev->raw.len);
	rebase_ctx c = { ev->raw, at, at + ev->raw.len, room - fixed, false };
	for (size_t i = 0; i < EVENT_STRING_SPANS; i++) {
		span *field = event_string_span(ev, i);
		*field = rebase(&c, *field);
	}
	for (size_t i = 0; i < ev->member_count; i++)
		members[i] = (event_member){ rebase(&c, ev->members[i].key),
			                     rebase(&c, ev->members[i].value) };
	for (size_t i = 0; i < ev->user_group_count; i++)
		groups[i] = rebase(&c, ev->user_groups[i]);
	if (c.overflow)
		return 0;
	ev->members = ev->member_count ? members : NULL;
	ev->user_groups = ev->user_group_count ? groups : NULL;
	ev->raw = (span){ ev->raw.ptr ? at : NULL, ev->raw.len };
	return (size_t)(c.next - start);
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
	batch *next = p->ring[p->fill];
	next->count = 0;
	next->len = 0;
	if (next->cap > EVENT_PIPE_BATCH_BYTES) {
		/* Grown for one big record, now given back: only records in flight hold memory. */
		free(next->arena);
		next->cap = EVENT_PIPE_BATCH_BYTES;
		next->arena = xmalloc(next->cap);
	}
	return !atomic_load(&p->stop);
}

/* Puts an event into b in one pass when it fits; false (b unchanged) when it does not. */
static bool add_event(batch *b, const audit_event *ev)
{
	record *r = &b->recs[b->count];
	r->ev = *ev;
	size_t used = copy_event(b->arena + b->len, batch_room(b), &r->ev);
	if (!used)
		return false;
	r->status = EVENT_READ_EVENT;
	r->message = NULL;
	b->count++;
	batch_use(b, used);
	return true;
}

/* Puts a record into b, which has room for `need` bytes (event_need) unless it is empty. */
static void add_record(batch *b, event_read_status st, const audit_event *ev,
                       const char *message, size_t need)
{
	if (need > b->cap) { /* only when b is empty: a record larger than any before */
		free(b->arena);
		b->cap = align8(need); /* a multiple of 8, as batch_use needs */
		b->arena = xmalloc(b->cap);
	}
	record *r = &b->recs[b->count++];
	r->status = st;
	r->message = NULL;
	memset(&r->ev, 0, sizeof r->ev);
	if (st == EVENT_READ_EVENT) {
		r->ev = *ev;
		copy_event(b->arena + b->len, batch_room(b), &r->ev); /* fits: need >= used */
	}
	if (message) {
		char *m = b->arena + b->len + need - strlen(message) - 1;
		memcpy(m, message, strlen(message) + 1);
		r->message = m;
	}
	batch_use(b, need);
}

/* Stores one record in ring[fill], handing full batches over. False when told to stop. */
static bool store_record(event_pipe *p, event_read_status st, audit_event *ev,
                         const char *message)
{
	batch *b = p->ring[p->fill];
	if (b->count == EVENT_PIPE_BATCH_EVENTS) {
		if (!submit(p))
			return false;
		b = p->ring[p->fill];
	}
	if (st == EVENT_READ_EVENT && add_event(b, ev))
		return true;
	size_t need = event_need(st == EVENT_READ_EVENT ? ev : NULL,
	                         st == EVENT_READ_EVENT ? NULL : message);
	if (b->count > 0 && need > batch_room(b)) {
		if (!submit(p))
			return false;
		b = p->ring[p->fill];
	}
	add_record(b, st, ev, st == EVENT_READ_EVENT ? NULL : message, need);
	return true;
}

static void *reader_main(void *arg)
{
	event_pipe *p = arg;
	for (;;) {
		audit_event ev;
		const char *message = NULL;
		event_read_status st = log_source_next(p->src, &ev, &message);
		if (!store_record(p, st, &ev, message))
			return NULL;
		if (st == EVENT_READ_EOF || st == EVENT_READ_ERROR) {
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
		p->ring[i]->cap = EVENT_PIPE_BATCH_BYTES;
		p->ring[i]->arena = xmalloc(EVENT_PIPE_BATCH_BYTES);
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
