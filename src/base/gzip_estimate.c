/* gzip_estimate: see gzip_estimate.h. */
#include "gzip_estimate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xalloc.h"

#define MIB (1024u * 1024u)
#define CHUNK_BYTES (256u * 1024u)
#define CHUNK_COUNT 8 /* 2 MiB in flight: the worker may lag a little, never much */
#define OUT_BYTES 65536

/* Full up to 4 MiB (exact for small logs, ~45 ms of zlib), then 256 KiB of every 8 MiB
 * (1/32) up to 64 MiB, then 128 KiB of every 16 MiB (1/128), all through one stream,
 * sync-flushed after each sample. The error comes from the number of samples, not from
 * their share of the bytes, so past 64 MiB a sparser sample does as well at a quarter of
 * the cost. Measured against compressing everything on the generated logs
 * (bench/README.md, "gzip size"; the 1 GB logs write 560 and 311 MB): -0.05% and -0.35%
 * with 1.8% and 2.7% of the bytes compressed, where 1/32 throughout gave +0.01% and
 * -1.1% with 3.9% and 4.5%. A shorter full prefix is what misses: 1 MiB of it gave
 * +1.2% and +5.7% on the 100 MB logs (56 and 31 MB written). A fresh stream per sample overestimates (+4-5% with 256 KiB
 * samples: each starts without history); zlib level 1 or 3 with a correction factor is
 * 2.3x faster, but the factor differs by 3.5% between Metadata and RequestResponse logs;
 * libdeflate level 6 is 1.7x faster but has no sync flush, so its samples start without
 * history (+1% and +4%). */
gzip_plan gzip_plan_default(void)
{
	return (gzip_plan){ .full_bytes = 4ull * MIB, .period = 8ull * MIB,
		            .sample_bytes = MIB / 4, .mode = GZIP_SAMPLE_SYNC,
		            .threaded = false, .sparse_from = 64ull * MIB,
		            .sparse_period = 16ull * MIB, .sparse_sample_bytes = MIB / 8 };
}

/* Bytes of one segment: 0 is the fully compressed prefix, k + 1 the k-th sample. */
typedef struct {
	unsigned char *data;
	size_t len;
	uint64_t segment;
} chunk;

/* Owned by the worker (or the caller's thread when unthreaded). */
typedef struct {
	z_stream full;   /* gzip wrapper, as gzip(1) and lumberjack write */
	z_stream sample; /* raw deflate */
	bool full_ok, sample_ok, failed;
	bool full_closed;
	uint64_t segment; /* the one being compressed; UINT64_MAX before the first */
	uint64_t full_out;
	uint64_t sample_in, sample_out;
	unsigned char out[OUT_BYTES];
} deflater;

struct gzip_estimator {
	gzip_plan plan;
	uint64_t offset; /* bytes offered so far */
	bool finished;
	gzip_result result;
	chunk ring[CHUNK_COUNT];
	size_t fill;   /* the chunk the caller fills; the caller's alone */
	size_t worker; /* the next chunk the worker takes */
	size_t queued; /* chunks handed over and not yet done; under lock */
	bool stop;
	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, room;
	deflater *d;
};

/* ---- the deflating side ---- */

/* Runs deflate until it has consumed its input (and, for a flush, written everything);
 * returns the bytes it wrote. */
static uint64_t run(z_stream *z, unsigned char *out, int flush, bool *failed)
{
	uint64_t before = z->total_out;
	do {
		z->next_out = out;
		z->avail_out = OUT_BYTES;
		int rc = deflate(z, flush);
		if (rc == Z_STREAM_ERROR) {
			*failed = true;
			return 0;
		}
		if (rc == Z_STREAM_END)
			break;
	} while (z->avail_out == 0 || z->avail_in > 0);
	return z->total_out - before;
}

static void close_segment(deflater *d, gzip_sample_mode mode)
{
	if (d->segment == UINT64_MAX)
		return;
	if (d->segment == 0) {
		d->full.next_in = NULL;
		d->full.avail_in = 0;
		run(&d->full, d->out, Z_FINISH, &d->failed);
		d->full_out = d->full.total_out;
		d->full_closed = true;
		return;
	}
	d->sample.next_in = NULL;
	d->sample.avail_in = 0;
	if (mode == GZIP_SAMPLE_FRESH) {
		d->sample_out += run(&d->sample, d->out, Z_FINISH, &d->failed);
		if (deflateReset(&d->sample) != Z_OK)
			d->failed = true;
	} else {
		d->sample_out += run(&d->sample, d->out, Z_SYNC_FLUSH, &d->failed);
	}
}

static void deflate_chunk(deflater *d, const chunk *c, gzip_sample_mode mode)
{
	if (d->failed)
		return;
	if (c->segment != d->segment) {
		close_segment(d, mode);
		d->segment = c->segment;
	}
	z_stream *z = c->segment == 0 ? &d->full : &d->sample;
	z->next_in = c->data;
	z->avail_in = (uInt)c->len;
	uint64_t out = run(z, d->out, Z_NO_FLUSH, &d->failed);
	if (c->segment != 0) {
		d->sample_in += c->len;
		d->sample_out += out;
	}
}

static deflater *deflater_new(void)
{
	deflater *d = xcalloc(1, sizeof *d);
	d->segment = UINT64_MAX;
	/* windowBits 15 + 16: the gzip wrapper; -15: raw deflate, the samples need no header */
	d->full_ok = deflateInit2(&d->full, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	d->sample_ok = deflateInit2(&d->sample, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	d->failed = !d->full_ok || !d->sample_ok;
	return d;
}

static void deflater_free(deflater *d)
{
	if (!d)
		return;
	if (d->full_ok)
		deflateEnd(&d->full);
	if (d->sample_ok)
		deflateEnd(&d->sample);
	free(d);
}

static void *worker_main(void *arg)
{
	gzip_estimator *g = arg;
	pthread_mutex_lock(&g->lock);
	for (;;) {
		while (g->queued == 0 && !g->stop)
			pthread_cond_wait(&g->work, &g->lock);
		if (g->queued == 0)
			break;
		pthread_mutex_unlock(&g->lock);
		deflate_chunk(g->d, &g->ring[g->worker], g->plan.mode);
		g->worker = (g->worker + 1) % CHUNK_COUNT;
		pthread_mutex_lock(&g->lock);
		g->queued--;
		pthread_cond_signal(&g->room);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

/* ---- the caller's side ---- */

gzip_estimator *gzip_estimator_new(const gzip_plan *plan)
{
	gzip_estimator *g = xcalloc(1, sizeof *g);
	g->plan = *plan;
	if (g->plan.period == 0)
		g->plan.period = 1;
	if (g->plan.sample_bytes > g->plan.period)
		g->plan.sample_bytes = g->plan.period;
	if (g->plan.sparse_period) {
		if (g->plan.sparse_from < g->plan.full_bytes)
			g->plan.sparse_from = g->plan.full_bytes;
		if (g->plan.sparse_sample_bytes > g->plan.sparse_period)
			g->plan.sparse_sample_bytes = g->plan.sparse_period;
	}
	for (size_t i = 0; i < CHUNK_COUNT; i++)
		g->ring[i].data = xmalloc(CHUNK_BYTES);
	g->d = deflater_new();
	if (plan->threaded) {
		pthread_mutex_init(&g->lock, NULL);
		pthread_cond_init(&g->work, NULL);
		pthread_cond_init(&g->room, NULL);
		g->threaded = pthread_create(&g->thread, NULL, worker_main, g) == 0;
		if (!g->threaded) {
			pthread_cond_destroy(&g->room);
			pthread_cond_destroy(&g->work);
			pthread_mutex_destroy(&g->lock);
		}
	}
	return g;
}

/* Hands the chunk being filled over, and waits for a free one to fill next. */
static void submit(gzip_estimator *g)
{
	chunk *c = &g->ring[g->fill];
	if (c->len == 0)
		return;
	if (!g->threaded) {
		deflate_chunk(g->d, c, g->plan.mode);
		c->len = 0;
		return;
	}
	g->fill = (g->fill + 1) % CHUNK_COUNT;
	pthread_mutex_lock(&g->lock);
	g->queued++;
	pthread_cond_signal(&g->work);
	while (g->queued == CHUNK_COUNT)
		pthread_cond_wait(&g->room, &g->lock);
	pthread_mutex_unlock(&g->lock);
	g->ring[g->fill].len = 0;
}

static void append(gzip_estimator *g, uint64_t segment, const char *p, size_t len)
{
	while (len > 0) {
		chunk *c = &g->ring[g->fill];
		if (c->len > 0 && (c->segment != segment || c->len == CHUNK_BYTES)) {
			submit(g);
			c = &g->ring[g->fill];
		}
		c->segment = segment;
		size_t n = CHUNK_BYTES - c->len < len ? CHUNK_BYTES - c->len : len;
		memcpy(c->data + c->len, p, n);
		c->len += n;
		p += n;
		len -= n;
	}
}

/* Where the sparse tier starts: UINT64_MAX when there is none. */
static uint64_t sparse_start(const gzip_plan *plan)
{
	return plan->sparse_period ? plan->sparse_from : UINT64_MAX;
}

/* Within one tier of samples starting at `from`: the sample index of the byte at offset,
 * whether it is sampled, and how many bytes from there on share that fate. */
static uint64_t tier_at(uint64_t from, uint64_t period, uint64_t sample_bytes, uint64_t offset,
                        uint64_t *run_len, bool *compressed)
{
	uint64_t rel = offset - from, in = rel % period;
	*compressed = in < sample_bytes;
	*run_len = *compressed ? sample_bytes - in : period - in;
	return rel / period;
}

/* The segment the byte at offset belongs to, and how many bytes from there on share
 * its fate (in or out of the compressed set). */
static uint64_t segment_at(const gzip_plan *plan, uint64_t offset, uint64_t *run_len,
                           bool *compressed)
{
	if (offset < plan->full_bytes) {
		*run_len = plan->full_bytes - offset;
		*compressed = true;
		return 0;
	}
	uint64_t sparse = sparse_start(plan);
	if (offset < sparse) {
		uint64_t k = tier_at(plan->full_bytes, plan->period, plan->sample_bytes, offset,
		                     run_len, compressed);
		if (*run_len > sparse - offset)
			*run_len = sparse - offset;
		return k + 1;
	}
	/* numbered after every sample the dense tier can have */
	uint64_t dense = (sparse - plan->full_bytes) / plan->period + 1;
	return dense + 1 + tier_at(sparse, plan->sparse_period, plan->sparse_sample_bytes, offset,
	                           run_len, compressed);
}

void gzip_estimator_add(gzip_estimator *g, const char *p, size_t len)
{
	if (g->finished)
		return;
	while (len > 0) {
		uint64_t run_len;
		bool compressed;
		uint64_t segment = segment_at(&g->plan, g->offset, &run_len, &compressed);
		size_t n = run_len < len ? (size_t)run_len : len;
		if (compressed) {
			append(g, segment, p, n);
			g->result.compressed_input += n;
		}
		g->offset += n;
		p += n;
		len -= n;
	}
}

bool gzip_estimator_needs(const gzip_estimator *g, uint64_t len)
{
	if (g->finished)
		return false;
	for (uint64_t offset = g->offset; len > 0;) {
		uint64_t run_len;
		bool compressed;
		segment_at(&g->plan, offset, &run_len, &compressed);
		if (compressed)
			return true;
		uint64_t n = run_len < len ? run_len : len;
		offset += n;
		len -= n;
	}
	return false;
}

void gzip_estimator_skip(gzip_estimator *g, uint64_t len)
{
	if (!g->finished)
		g->offset += len;
}

static void stop_worker(gzip_estimator *g)
{
	if (!g->threaded)
		return;
	pthread_mutex_lock(&g->lock);
	g->stop = true;
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->room);
	pthread_cond_destroy(&g->work);
	pthread_mutex_destroy(&g->lock);
	g->threaded = false;
}

gzip_result gzip_estimator_finish(gzip_estimator *g)
{
	if (g->finished)
		return g->result;
	g->finished = true;
	submit(g);
	stop_worker(g);
	deflater *d = g->d;
	close_segment(d, g->plan.mode);
	if (!d->full_closed) /* nothing was offered at all: an empty gzip file */
		run(&d->full, d->out, Z_FINISH, &d->failed);
	gzip_result *r = &g->result;
	r->input_bytes = g->offset;
	r->ok = !d->failed;
	r->sampled = g->offset > g->plan.full_bytes;
	uint64_t full_out = d->full_closed ? d->full_out : d->full.total_out;
	if (!r->ok) {
		r->gzip_bytes = 0;
	} else if (!r->sampled) {
		r->gzip_bytes = full_out;
	} else {
		double ratio = d->sample_in ? (double)d->sample_out / (double)d->sample_in : 1.0;
		double rest = (double)(g->offset - g->plan.full_bytes) * ratio;
		r->gzip_bytes = full_out + (uint64_t)(rest + 0.5);
	}
	return *r;
}

void gzip_estimator_free(gzip_estimator *g)
{
	if (!g)
		return;
	stop_worker(g);
	for (size_t i = 0; i < CHUNK_COUNT; i++)
		free(g->ring[i].data);
	deflater_free(g->d);
	free(g);
}
