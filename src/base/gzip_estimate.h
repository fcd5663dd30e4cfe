/* gzip_estimate: the gzip size of a byte stream, cheaply.
 *
 * kube-apiserver compresses rotated audit logs with Go's compress/gzip, not zlib, so any
 * zlib figure is already an estimate of the real file size. Compressing gigabytes at zlib
 * level 6 (~60 MB/s) would cost more than the rest of a replay, so the stream is
 * compressed in full only up to plan.full_bytes; beyond that, a deterministic sample (the
 * first sample_bytes of every period bytes, by byte offset; sparser past sparse_from) is
 * compressed and its ratio extrapolated to the rest. The result depends only on the bytes offered, never on timing
 * or threads. The deflating runs in a thread of its own when plan.threaded is set (and the
 * thread can be created); the caller's thread only copies the sampled bytes. */
#ifndef AUDITSIM_GZIP_ESTIMATE_H
#define AUDITSIM_GZIP_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	GZIP_SAMPLE_FRESH, /* each sample its own deflate stream: no history from elsewhere */
	GZIP_SAMPLE_SYNC,  /* one stream over all samples, sync-flushed after each */
} gzip_sample_mode;

typedef struct {
	uint64_t full_bytes;   /* compressed entirely up to this offset */
	uint64_t period;       /* beyond it, a sample starts every period bytes */
	uint64_t sample_bytes; /* the length of each sample, at most period */
	gzip_sample_mode mode;
	bool threaded;
	/* From sparse_from on (at least full_bytes), samples of sparse_sample_bytes start
	 * every sparse_period bytes instead: a long stream needs more samples, not a fixed
	 * share of its bytes. sparse_period 0: no such tier. */
	uint64_t sparse_from, sparse_period, sparse_sample_bytes;
} gzip_plan;

/* The plan replay uses (gzip_estimate.c says why these numbers), without a thread. */
gzip_plan gzip_plan_default(void);

typedef struct {
	bool ok;                   /* zlib worked throughout; else gzip_bytes is 0 */
	bool sampled;              /* gzip_bytes is extrapolated, not measured */
	uint64_t input_bytes;      /* every byte offered */
	uint64_t compressed_input; /* the bytes actually compressed */
	uint64_t gzip_bytes;       /* gzip wrapper included */
} gzip_result;

typedef struct gzip_estimator gzip_estimator;

gzip_estimator *gzip_estimator_new(const gzip_plan *plan);
void gzip_estimator_add(gzip_estimator *g, const char *p, size_t len);
/* Whether any of the next len bytes would be compressed (false once finished); when not,
 * gzip_estimator_skip counts them without their bytes, with the same result as adding
 * them. */
bool gzip_estimator_needs(const gzip_estimator *g, uint64_t len);
void gzip_estimator_skip(gzip_estimator *g, uint64_t len);
/* Ends the stream (later adds are ignored) and returns the figure; may be called again. */
gzip_result gzip_estimator_finish(gzip_estimator *g);
void gzip_estimator_free(gzip_estimator *g);

#endif
