/* block_scan: see block_scan.h.
 *
 * Blocks sit in a ring and are numbered (seq) in the order they are read, across files, so
 * block seq lives in ring[seq % ring_size]. A worker takes the next block to read (one
 * worker reads at a time: `producing`), reads it without the lock, scans it, and marks it
 * done; the merger takes done blocks in seq order and frees each once its events are used.
 * A file's blocks have consecutive numbers; the last one has file_end set, unless the
 * file is handed to its own reader first (`halted`). */
#include "block_scan.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event_pipe.h"
#include "event_spans.h"
#include "id_hash.h"
#include "input.h"
#include "seq_arena.h"
#include "xalloc.h"

typedef struct {
	event_read_status status;
	audit_event ev;
	const char *message;
	const request_prepared *prepared;
} scanned;

typedef enum { SLOT_FREE, SLOT_SCANNING, SLOT_DONE } slot_state;

typedef struct {
	char *data;
	size_t cap, len;
	size_t file;
	size_t first_line;
	uint64_t seq;
	bool file_start, file_end;
	bool forced_unclean; /* not cut at a line end: a line past the record limit, a read error */
	bool clean;          /* set by the worker: see event_reader_block_clean */
	scanned *recs;
	size_t count, recs_cap;
	seq_arena arena;  /* what the events keep outside the block */
	uint64_t uses;    /* the arena's item number */
	slot_state state; /* under lock */
} block;

typedef struct {
	const char *path;
	log_source *src;
	char *error;
	bool opened, produced_all, halted, finished;
	uint64_t first_seq;
	size_t blocks;
	size_t next_line; /* the first line of the next block */
	char *carry;      /* read past the last block's last line end */
	size_t carry_len, carry_cap;
	event_reader_input_end input_end; /* after the last block read */
} log_file;

/* auditIDs seen in the block being scanned, by hash: an event whose auditID came before in
 * its block is most likely a later stage of a request, which needs nothing prepared */
#define SEEN_SLOTS 4096

typedef struct {
	block_scan *owner;
	event_reader *reader;
	pthread_t thread;
	request_info_scratch scratch;
	uint64_t *seen; /* SEEN_SLOTS hashes, 0 for none; allocated when preparing */
	size_t seen_count;
} worker;

struct block_scan {
	block_scan_options opts;
	size_t block_bytes;
	log_file *files;
	size_t file_count;
	block *ring;
	size_t ring_size;
	worker *workers;
	size_t worker_count;
	pthread_mutex_t lock;
	pthread_cond_t done; /* for the merger: a block scanned, a file opened, a read over */
	pthread_cond_t room; /* for the workers: a block freed, a read over, a file finished */
	/* under lock */
	bool producing;
	size_t cur_file;
	uint64_t next_seq;
	bool stop;
	/* the merger's */
	size_t current;
	bool any_file;
	uint64_t merge_seq;
	block *held;
	size_t pos;
	bool own_reader; /* the current file is read by its source */
	bool file_over;
	event_pipe *pipe;
	audit_event own_event; /* the last event of a file read by its source */
	const request_prepared *last_prepared;
};

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* ---- reading a block ---- */

static void open_file(block_scan *b, log_file *f)
{
	f->src = log_source_open(f->path, &b->opts.limits, &f->error);
	f->next_line = 1;
	f->input_end = EVENT_READER_INPUT_GOES_ON;
}

/* Makes room for `need` bytes in k's data, with room to spare so that the next block's
 * carried bytes seldom need more, giving back what a long line made it grow to. */
static void block_reserve(block *k, size_t need, size_t block_bytes)
{
	if (k->cap >= need && (k->cap <= 4 * block_bytes || k->cap <= 2 * need))
		return;
	free(k->data);
	k->cap = need > 2 * block_bytes ? need : 2 * block_bytes;
	k->data = xmalloc(k->cap);
}

/* Counts the line ends in k; false when a line is longer than `limit` (the reader's
 * answer for it could depend on where its window was refilled). */
static bool count_lines(block *k, size_t limit, size_t *lines)
{
	const char *p = k->data, *end = k->data + k->len, *line = p;
	size_t n = 0;
	bool within = true;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		within &= (size_t)(p - line) <= limit;
		n++;
		line = ++p;
	}
	*lines = n;
	return within && (size_t)(end - line) <= limit;
}

/* Reads the next block of f into k: the carried bytes, then at least block_bytes more, cut
 * after the last line end; a line longer than the block grows it. */
static void fill_block(block_scan *b, log_file *f, block *k)
{
	input *in = event_reader_input(log_source_reader(f->src));
	size_t limit = b->opts.limits.max_record_bytes;
	size_t want = f->carry_len + b->block_bytes;
	block_reserve(k, want, b->block_bytes);
	if (f->carry_len)
		memcpy(k->data, f->carry, f->carry_len);
	k->len = f->carry_len;
	f->carry_len = 0;
	size_t searched = k->len; /* the carried bytes hold no line end */
	const char *cut = NULL;
	bool ended = false, failed = false, oversize = false;
	for (;;) {
		if (k->len >= want) {
			cut = memrchr(k->data + searched, '\n', k->len - searched);
			if (cut)
				break;
			searched = k->len;
			if (k->len > limit) {
				oversize = true;
				break;
			}
			want = 2 * k->len;
			if (want > k->cap) {
				k->cap = want;
				k->data = xreallocarray(k->data, k->cap, 1);
			}
		}
		ssize_t n = input_read(in, k->data + k->len, want - k->len);
		if (n <= 0) {
			failed = n < 0;
			ended = n == 0;
			break;
		}
		k->len += (size_t)n;
	}
	if (cut) {
		size_t keep = (size_t)(cut + 1 - k->data), rest = k->len - keep;
		if (rest > f->carry_cap) {
			f->carry_cap = rest;
			f->carry = xreallocarray(f->carry, rest, 1);
		}
		if (rest)
			memcpy(f->carry, k->data + keep, rest);
		f->carry_len = rest;
		k->len = keep;
	}
	size_t lines;
	bool within = count_lines(k, limit, &lines);
	k->first_line = f->next_line;
	f->next_line += lines;
	k->file_start = f->blocks == 0;
	k->file_end = ended;
	k->forced_unclean = failed || oversize || !within;
	f->input_end = failed ? EVENT_READER_INPUT_FAILED
	               : ended ? EVENT_READER_INPUT_ENDED : EVENT_READER_INPUT_GOES_ON;
}

/* The next block to scan, read here; NULL when every file has been read (or on stop). */
static block *produce(block_scan *b)
{
	pthread_mutex_lock(&b->lock);
	for (;;) {
		if (b->stop || b->cur_file >= b->file_count) {
			pthread_mutex_unlock(&b->lock);
			return NULL;
		}
		log_file *f = &b->files[b->cur_file];
		block *k = &b->ring[b->next_seq % b->ring_size];
		if (f->produced_all || (f->halted && f->finished)) {
			b->cur_file++;
			continue;
		}
		/* a file handed to its reader: the next one waits until it is read, so that
		 * standard input named twice is read once, in order */
		if (b->producing || f->halted || (f->opened && k->state != SLOT_FREE)) {
			pthread_cond_wait(&b->room, &b->lock);
			continue;
		}
		b->producing = true;
		pthread_mutex_unlock(&b->lock);
		if (!f->opened) {
			open_file(b, f);
			pthread_mutex_lock(&b->lock);
			f->opened = true;
			f->produced_all = !f->src || log_source_is_scenario(f->src);
			b->producing = false;
			pthread_cond_broadcast(&b->room);
			pthread_cond_signal(&b->done);
			continue;
		}
		fill_block(b, f, k);
		pthread_mutex_lock(&b->lock);
		k->seq = b->next_seq++;
		k->file = b->cur_file;
		k->state = SLOT_SCANNING;
		if (f->blocks++ == 0)
			f->first_seq = k->seq;
		f->produced_all = k->file_end;
		f->halted = k->forced_unclean;
		b->producing = false;
		pthread_cond_broadcast(&b->room);
		pthread_cond_signal(&b->done);
		pthread_mutex_unlock(&b->lock);
		return k;
	}
}

/* ---- scanning a block ---- */

/* s where it is when within the block, else copied to *at. */
static span keep_span(char **at, span s, span block_bytes)
{
	if (!s.ptr || span_within(s, block_bytes))
		return s;
	memcpy(*at, s.ptr, s.len);
	span kept = { *at, s.len };
	*at += s.len;
	return kept;
}

/* Bytes of ev's strings outside the block (unescaped ones, in the reader's arena): one
 * compare a span, and in most events none. */
static size_t bytes_outside(audit_event *ev, span block_bytes)
{
	size_t n = span_bytes_outside(ev->raw, block_bytes);
	for (size_t i = 0; i < EVENT_STRING_SPANS; i++)
		n += span_bytes_outside(*event_string_span(ev, i), block_bytes);
	for (size_t i = 0; i < ev->member_count; i++)
		n += span_bytes_outside(ev->members[i].key, block_bytes) +
		     span_bytes_outside(ev->members[i].value, block_bytes);
	for (size_t i = 0; i < ev->user_group_count; i++)
		n += span_bytes_outside(ev->user_groups[i], block_bytes);
	return n;
}

/* Copies the strings of *kept that lie outside the block to `at`. */
static void keep_outside(audit_event *kept, event_member *members, span *groups, char *at,
                         span block_bytes)
{
	kept->raw = keep_span(&at, kept->raw, block_bytes);
	for (size_t i = 0; i < EVENT_STRING_SPANS; i++) {
		span *field = event_string_span(kept, i);
		*field = keep_span(&at, *field, block_bytes);
	}
	for (size_t i = 0; i < kept->member_count; i++) {
		members[i].key = keep_span(&at, members[i].key, block_bytes);
		members[i].value = keep_span(&at, members[i].value, block_bytes);
	}
	for (size_t i = 0; i < kept->user_group_count; i++)
		groups[i] = keep_span(&at, groups[i], block_bytes);
}

/* Keeps a record in k: the event as it is, its member and group arrays copied (the reader
 * reuses them), the strings outside the block copied, the message copied. */
static scanned *keep_record(block *k, event_read_status st, audit_event *ev,
                            const char *message, const char *path)
{
	span block_bytes = { k->data, k->len };
	bool is_event = st == EVENT_READ_EVENT;
	size_t member_bytes = is_event ? ev->member_count * sizeof(event_member) : 0;
	size_t group_bytes = is_event ? ev->user_group_count * sizeof(span) : 0;
	size_t outside = is_event ? bytes_outside(ev, block_bytes) : 0;
	size_t message_bytes = message ? strlen(message) + 1 : 0;
	size_t need = align8(member_bytes) + align8(group_bytes) + outside + message_bytes;
	if (k->count == k->recs_cap) {
		k->recs_cap = k->recs_cap ? k->recs_cap * 2 : 256;
		k->recs = xreallocarray(k->recs, k->recs_cap, sizeof *k->recs);
	}
	scanned *r = &k->recs[k->count++];
	char *at = need ? seq_arena_alloc(&k->arena, need, k->uses) : NULL;
	r->status = st;
	r->message = NULL;
	r->prepared = NULL;
	if (is_event) {
		r->ev = *ev;
		r->ev.file = path;
		event_member *members = (event_member *)(void *)at;
		span *groups = (span *)(void *)(at + align8(member_bytes));
		if (member_bytes)
			memcpy(members, ev->members, member_bytes);
		if (group_bytes)
			memcpy(groups, ev->user_groups, group_bytes);
		r->ev.members = member_bytes ? members : NULL;
		r->ev.user_groups = group_bytes ? groups : NULL;
		if (outside)
			keep_outside(&r->ev, members, groups,
			             at + align8(member_bytes) + align8(group_bytes), block_bytes);
	} else {
		memset(&r->ev, 0, sizeof r->ev);
	}
	if (message) {
		r->message = at + need - message_bytes;
		memcpy(at + need - message_bytes, message, message_bytes);
	}
	return r;
}

/* Notes id as seen in this block; true when it was already. False for every event once
 * the table is half full: they are all prepared then. */
static bool seen_before(worker *w, span id)
{
	if (w->seen_count * 2 >= SEEN_SLOTS)
		return false; /* a block of small events: prepare every one */
	uint64_t h = id_hash(id.ptr, id.len); /* a collision leaves an event unprepared */
	for (size_t i = h & (SEEN_SLOTS - 1);; i = (i + 1) & (SEEN_SLOTS - 1)) {
		if (w->seen[i] == h)
			return true;
		if (!w->seen[i]) {
			w->seen[i] = h;
			w->seen_count++;
			return false;
		}
	}
}

static void prepare_record(worker *w, block *k, scanned *r)
{
	const request_prepare_options *o = w->owner->opts.prepare;
	if (!o || r->status != EVENT_READ_EVENT || seen_before(w, r->ev.audit_id))
		return;
	r->prepared = request_prepare(&r->ev, o, &w->scratch, &k->arena, k->uses);
}

static event_reader *worker_reader(const block_scan *b)
{
	return event_reader_open_memory("", "", 0, &b->opts.limits);
}

static void scan_block(worker *w, block *k)
{
	block_scan *b = w->owner;
	const char *path = b->files[k->file].path;
	k->count = 0;
	seq_arena_release(&k->arena, ++k->uses);
	k->clean = false;
	if (k->forced_unclean)
		return;
	event_reader_scan_block(w->reader, path, k->data, k->len, k->first_line, k->file_start);
	if (w->seen) {
		memset(w->seen, 0, SEEN_SLOTS * sizeof *w->seen);
		w->seen_count = 0;
	}
	for (;;) {
		audit_event ev;
		const char *message = NULL;
		event_read_status st = event_reader_next(w->reader, &ev, &message);
		if (st == EVENT_READ_EOF)
			break;
		if (st == EVENT_READ_ERROR)
			return;
		prepare_record(w, k, keep_record(k, st, &ev, message, path));
	}
	k->clean = event_reader_block_clean(w->reader, k->file_end);
	if (!k->clean) { /* its tallies (Azure categories, table rows) start again at zero */
		event_reader_close(w->reader);
		w->reader = worker_reader(b);
	}
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	block_scan *b = w->owner;
	block *k;
	while ((k = produce(b)) != NULL) {
		scan_block(w, k);
		pthread_mutex_lock(&b->lock);
		k->state = SLOT_DONE;
		pthread_cond_signal(&b->done);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

/* ---- the merger ---- */

/* Waits for the block numbered merge_seq to be scanned. */
static block *wait_block(block_scan *b)
{
	block *k = &b->ring[b->merge_seq % b->ring_size];
	pthread_mutex_lock(&b->lock);
	while (k->state != SLOT_DONE || k->seq != b->merge_seq)
		pthread_cond_wait(&b->done, &b->lock);
	pthread_mutex_unlock(&b->lock);
	return k;
}

static void release_block(block_scan *b)
{
	block *k = &b->ring[b->merge_seq % b->ring_size];
	pthread_mutex_lock(&b->lock);
	k->state = SLOT_FREE;
	b->merge_seq++;
	pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->lock);
	b->held = NULL;
}

/* Block k of file f could not be used: f's own reader goes on from k's first byte, with
 * every block of f read since and the bytes carried after them; it reads the rest. */
static void take_over(block_scan *b, log_file *f, const block *k)
{
	pthread_mutex_lock(&b->lock);
	while (b->producing && !f->produced_all && !f->halted)
		pthread_cond_wait(&b->done, &b->lock);
	f->halted = true; /* read no further: the reader does */
	uint64_t end = f->first_seq + f->blocks;
	pthread_mutex_unlock(&b->lock);
	event_reader *r = log_source_reader(f->src);
	event_reader_resume(r, k->first_line, k->file_start, f->input_end);
	while (b->merge_seq < end) {
		const block *next = wait_block(b);
		event_reader_push(r, next->data, next->len);
		release_block(b);
	}
	event_reader_push(r, f->carry, f->carry_len);
	f->carry_len = 0;
	b->own_reader = true;
	if (b->opts.pipe_fallback)
		b->pipe = event_pipe_start(f->src);
}

log_source *block_scan_open_next(block_scan *b, char **error)
{
	*error = NULL;
	b->current = b->any_file ? b->current + 1 : 0;
	b->any_file = true;
	b->file_over = false;
	log_file *f = &b->files[b->current];
	pthread_mutex_lock(&b->lock);
	while (!f->opened)
		pthread_cond_wait(&b->done, &b->lock);
	pthread_mutex_unlock(&b->lock);
	if (!f->src) {
		*error = f->error;
		f->error = NULL;
		return NULL;
	}
	b->own_reader = log_source_is_scenario(f->src);
	return f->src;
}

event_read_status block_scan_next(block_scan *b, const audit_event **out, const char **message)
{
	log_file *f = &b->files[b->current];
	*message = NULL;
	b->last_prepared = NULL;
	for (;;) {
		if (b->own_reader) {
			*out = &b->own_event;
			return b->pipe ? event_pipe_next(b->pipe, &b->own_event, message)
			               : log_source_next(f->src, &b->own_event, message);
		}
		if (b->file_over)
			return EVENT_READ_EOF;
		if (b->held) {
			if (b->pos < b->held->count) {
				const scanned *r = &b->held->recs[b->pos++];
				*out = &r->ev;
				*message = r->message;
				b->last_prepared = r->prepared;
				return r->status;
			}
			b->file_over = b->held->file_end;
			release_block(b);
			continue;
		}
		block *k = wait_block(b);
		if (k->clean) {
			b->held = k;
			b->pos = 0;
		} else {
			take_over(b, f, k);
		}
	}
}

const request_prepared *block_scan_prepared(const block_scan *b) { return b->last_prepared; }

void block_scan_end_file(block_scan *b)
{
	event_pipe_stop(b->pipe);
	b->pipe = NULL;
	if (b->held)
		release_block(b);
}

void block_scan_close_file(block_scan *b)
{
	block_scan_end_file(b);
	log_file *f = &b->files[b->current];
	pthread_mutex_lock(&b->lock);
	f->finished = true;
	bool read_through = f->produced_all || f->halted;
	pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->lock);
	if (read_through) { /* else a worker may still be reading it: closed at the stop */
		log_source_close(f->src);
		f->src = NULL;
	}
	b->own_reader = false;
}

/* ---- start and stop ---- */

static void free_scan(block_scan *b)
{
	for (size_t i = 0; i < b->worker_count; i++) {
		event_reader_close(b->workers[i].reader);
		request_info_scratch_free(&b->workers[i].scratch);
		free(b->workers[i].seen);
	}
	for (size_t i = 0; i < b->ring_size; i++) {
		free(b->ring[i].data);
		free(b->ring[i].recs);
		seq_arena_free(&b->ring[i].arena);
	}
	for (size_t i = 0; i < b->file_count; i++) {
		log_source_close(b->files[i].src);
		free(b->files[i].error);
		free(b->files[i].carry);
	}
	pthread_cond_destroy(&b->room);
	pthread_cond_destroy(&b->done);
	pthread_mutex_destroy(&b->lock);
	free(b->workers);
	free(b->ring);
	free(b->files);
	free(b);
}

/* Tells the workers to stop and waits for the first `started` of them. */
static void join_workers(block_scan *b, size_t started)
{
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	pthread_cond_broadcast(&b->room);
	pthread_mutex_unlock(&b->lock);
	for (size_t i = 0; i < started; i++)
		pthread_join(b->workers[i].thread, NULL);
}

block_scan *block_scan_start(char *const *paths, size_t count, const block_scan_options *opts)
{
	block_scan *b = xcalloc(1, sizeof *b);
	b->opts = *opts;
	b->block_bytes = opts->block_bytes ? opts->block_bytes : BLOCK_SCAN_BYTES;
	b->file_count = count;
	b->files = xcalloc(count ? count : 1, sizeof *b->files);
	for (size_t i = 0; i < count; i++)
		b->files[i].path = paths[i];
	/* more workers than the ring feeds would only wait */
	size_t most = BLOCK_SCAN_MAX_SLOTS - 2;
	b->worker_count = opts->workers < 1 ? 1 : (size_t)opts->workers;
	if (b->worker_count > most)
		b->worker_count = most;
	size_t ring = 2 * b->worker_count + 2;
	b->ring_size = ring < BLOCK_SCAN_MAX_SLOTS ? ring : BLOCK_SCAN_MAX_SLOTS;
	b->ring = xcalloc(b->ring_size, sizeof *b->ring);
	for (size_t i = 0; i < b->ring_size; i++)
		seq_arena_init(&b->ring[i].arena);
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->done, NULL);
	pthread_cond_init(&b->room, NULL);
	b->workers = xcalloc(b->worker_count, sizeof *b->workers);
	for (size_t i = 0; i < b->worker_count; i++) {
		b->workers[i] = (worker){ .owner = b, .reader = worker_reader(b) };
		if (opts->prepare)
			b->workers[i].seen = xcalloc(SEEN_SLOTS, sizeof *b->workers[i].seen);
		if (pthread_create(&b->workers[i].thread, NULL, worker_main, &b->workers[i]) != 0) {
			join_workers(b, i);
			free_scan(b);
			return NULL;
		}
	}
	return b;
}

void block_scan_stop(block_scan *b)
{
	if (!b)
		return;
	event_pipe_stop(b->pipe);
	join_workers(b, b->worker_count);
	free_scan(b);
}
