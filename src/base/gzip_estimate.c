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

/* Full up to 4 MiB (exact for small logs, ~60 ms of zlib), then 256 KiB of every 8 MiB
 * (1/32) through one stream, sync-flushed after each sample. Measured against compressing
 * everything on the generated logs (bench/README.md, "gzip size"): +0.2% on 200 MB
 * Metadata and RequestResponse logs, +0.4% on a 2 GB one. A fresh stream per sample
 * overestimates (+4-5% with 256 KiB samples, +1% with 1 MiB ones: each sample starts
 * without history); 128 KiB samples missed by 3% on RequestResponse; fewer, larger
 * samples (1 MiB of every 16 or 32 MiB) missed by up to 2% on 200 MB logs. */
gzip_plan gzip_plan_default(void)
{
	return (gzip_plan){ .full_bytes = 4ull * MIB, .period = 8ull * MIB,
		            .sample_bytes = MIB / 4, .mode = GZIP_SAMPLE_SYNC,
		            .threaded = false };
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
	uint64_t rel = offset - plan->full_bytes, k = rel / plan->period, in = rel % plan->period;
	*compressed = in < plan->sample_bytes;
	*run_len = *compressed ? plan->sample_bytes - in : plan->period - in;
	return k + 1;
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
