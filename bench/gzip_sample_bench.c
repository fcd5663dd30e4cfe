/* gzip-sample-bench: how far gzip_estimate's sampling is from compressing everything.
 *
 *   auditsim emit POLICY LOG | build/bench/gzip-sample-bench
 *
 * Reads the emitted stream on stdin once and feeds it to a full compression and to
 * several sampling plans side by side; prints each plan's estimate, its error against the
 * full figure, and the share of bytes it compressed. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "gzip_estimate.h"

#define MIB (1024ull * 1024ull)

typedef struct {
	const char *name;
	gzip_plan plan;
} variant;

static gzip_plan with_sparse(gzip_plan p, uint64_t from, uint64_t period, uint64_t sample)
{
	p.sparse_from = from;
	p.sparse_period = period;
	p.sparse_sample_bytes = sample;
	return p;
}

int main(void)
{
	const gzip_plan dense = { 4 * MIB, 8 * MIB, MIB / 4, GZIP_SAMPLE_SYNC, true, 0, 0, 0 };
	const variant variants[] = {
		{ "full", { UINT64_MAX, 1, 1, GZIP_SAMPLE_FRESH, true, 0, 0, 0 } },
		{ "default", gzip_plan_default() },
		{ "before: 4 MiB full, then 256 KiB of every 8 MiB, sync", dense },
		{ "… past 64 MiB, 128 KiB of every 16 MiB", with_sparse(dense, 64 * MIB, 16 * MIB, MIB / 8) },
		{ "… past 256 MiB, 128 KiB of every 16 MiB", with_sparse(dense, 256 * MIB, 16 * MIB, MIB / 8) },
		{ "… past 64 MiB, 256 KiB of every 32 MiB", with_sparse(dense, 64 * MIB, 32 * MIB, MIB / 4) },
		{ "… past 64 MiB, 128 KiB of every 32 MiB", with_sparse(dense, 64 * MIB, 32 * MIB, MIB / 8) },
		{ "… past 256 MiB, 128 KiB of every 32 MiB", with_sparse(dense, 256 * MIB, 32 * MIB, MIB / 8) },
		{ "1 MiB full, 256 KiB of every 8 MiB, past 64 MiB 128 KiB of every 16 MiB",
		  with_sparse((gzip_plan){ MIB, 8 * MIB, MIB / 4, GZIP_SAMPLE_SYNC, true, 0, 0, 0 }, 64 * MIB, 16 * MIB, MIB / 8) },
	};
	enum { N = sizeof variants / sizeof variants[0] };
	gzip_estimator *est[N];
	for (size_t i = 0; i < N; i++)
		est[i] = gzip_estimator_new(&variants[i].plan);
	static char buf[1 << 20];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		for (size_t i = 0; i < N; i++)
			gzip_estimator_add(est[i], buf, n);
	}
	gzip_result full = gzip_estimator_finish(est[0]);
	printf("| plan | gzip bytes | error vs full | bytes compressed |\n| --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < N; i++) {
		gzip_result r = gzip_estimator_finish(est[i]);
		double err = full.gzip_bytes ? 100.0 * ((double)r.gzip_bytes - (double)full.gzip_bytes) /
		                                   (double)full.gzip_bytes
		                             : 0;
		printf("| %s | %" PRIu64 " | %+.3f%% | %.1f%% |\n", variants[i].name, r.gzip_bytes, err,
		       r.input_bytes ? 100.0 * (double)r.compressed_input / (double)r.input_bytes : 0);
		gzip_estimator_free(est[i]);
	}
	return 0;
}
