/* The parts behind replay's speed: the sampled gzip size, the seq arena, and the event
 * pipe (the same events, in the same order, as reading directly). */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "event_pipe.h"
#include "gzip_estimate.h"
#include "log_source.h"
#include "seq_arena.h"
#include "test_util.h"

/* Lines that look a little like a log and compress like one. */
static char *make_stream(size_t n)
{
	char *s = malloc(n);
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		s[i] = (i % 97 == 96) ? '\n' : (char)('a' + ((x >> 16) % 8));
	}
	return s;
}

static uint64_t zlib_gzip_size(const char *p, size_t n)
{
	z_stream z = { 0 };
	CU_ASSERT_EQUAL_FATAL(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&z, n);
	unsigned char *out = malloc(cap);
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	CU_ASSERT_EQUAL(deflate(&z, Z_FINISH), Z_STREAM_END);
	uint64_t size = z.total_out;
	deflateEnd(&z);
	free(out);
	return size;
}

static gzip_result estimate(const gzip_plan *plan, const char *p, size_t n, size_t piece)
{
	gzip_estimator *g = gzip_estimator_new(plan);
	for (size_t at = 0; at < n; at += piece)
		gzip_estimator_add(g, p + at, n - at < piece ? n - at : piece);
	gzip_result r = gzip_estimator_finish(g);
	gzip_estimator_free(g);
	return r;
}

static void test_gzip_full_is_zlib(void)
{
	size_t n = 300000;
	char *s = make_stream(n);
	gzip_plan plan = gzip_plan_default(); /* 4 MiB full: all of this */
	gzip_result r = estimate(&plan, s, n, 997);
	CU_ASSERT_TRUE(r.ok);
	CU_ASSERT_FALSE(r.sampled);
	CU_ASSERT_EQUAL(r.input_bytes, n);
	CU_ASSERT_EQUAL(r.compressed_input, n);
	CU_ASSERT_EQUAL(r.gzip_bytes, zlib_gzip_size(s, n));
	free(s);
}

static void test_gzip_sampled_is_deterministic(void)
{
	size_t n = 3000000;
	char *s = make_stream(n);
	uint64_t full = zlib_gzip_size(s, n);
	for (int mode = 0; mode < 2; mode++) {
		gzip_plan plan = { .full_bytes = 100000, .period = 200000, .sample_bytes = 50000,
			           .mode = mode ? GZIP_SAMPLE_SYNC : GZIP_SAMPLE_FRESH,
			           .threaded = true };
		gzip_result a = estimate(&plan, s, n, 4096);
		plan.threaded = false;
		gzip_result b = estimate(&plan, s, n, 100003); /* other pieces, no thread */
		CU_ASSERT_TRUE(a.ok && a.sampled);
		CU_ASSERT_EQUAL(a.gzip_bytes, b.gzip_bytes);
		CU_ASSERT_EQUAL(a.compressed_input, b.compressed_input);
		/* 100000 + 15 samples of 50000 (the last period is cut at 3000000) */
		CU_ASSERT_EQUAL(a.compressed_input, 100000 + 15 * 50000);
		/* fresh streams start without history, so they overestimate (as on real logs) */
		double error = ((double)a.gzip_bytes - (double)full) / (double)full;
		double bound = mode ? 0.02 : 0.10;
		CU_ASSERT_TRUE(error > -bound && error < bound);
	}
	free(s);
}

static void test_gzip_empty(void)
{
	gzip_plan plan = gzip_plan_default();
	gzip_result r = estimate(&plan, "", 0, 1);
	CU_ASSERT_TRUE(r.ok);
	CU_ASSERT_EQUAL(r.gzip_bytes, zlib_gzip_size("", 0));
}

/* Skipping the bytes needs() says are not compressed gives the figure adding them does;
 * windows by offset: [0,10) full, then [10,13), [20,23), ... */
static void test_gzip_skip_is_add(void)
{
	gzip_plan plan = { .full_bytes = 10, .period = 10, .sample_bytes = 3,
		           .mode = GZIP_SAMPLE_SYNC };
	gzip_estimator *g = gzip_estimator_new(&plan);
	CU_ASSERT_TRUE(gzip_estimator_needs(g, 1));
	gzip_estimator_add(g, "0123456789abc", 13);
	CU_ASSERT_FALSE(gzip_estimator_needs(g, 7)); /* 13..19 */
	CU_ASSERT_TRUE(gzip_estimator_needs(g, 8));  /* reaches 20 */
	CU_ASSERT_FALSE(gzip_estimator_needs(g, 0));
	gzip_estimator_skip(g, 7);
	CU_ASSERT_TRUE(gzip_estimator_needs(g, 1));
	gzip_estimator_add(g, "xyz", 3);
	CU_ASSERT_FALSE(gzip_estimator_needs(g, 7)); /* 23..29 */
	gzip_estimator_skip(g, 5);
	gzip_result skipped = gzip_estimator_finish(g);
	CU_ASSERT_FALSE(gzip_estimator_needs(g, 100)); /* finished: nothing more is taken */
	gzip_estimator_free(g);

	g = gzip_estimator_new(&plan);
	gzip_estimator_add(g, "0123456789abc", 13);
	gzip_estimator_add(g, "-------", 7);
	gzip_estimator_add(g, "xyz", 3);
	gzip_estimator_add(g, "=====", 5);
	gzip_result added = gzip_estimator_finish(g);
	gzip_estimator_free(g);
	CU_ASSERT_TRUE(skipped.ok && skipped.sampled);
	CU_ASSERT_EQUAL(skipped.input_bytes, 28);
	CU_ASSERT_EQUAL(skipped.compressed_input, 16);
	CU_ASSERT_EQUAL(skipped.input_bytes, added.input_bytes);
	CU_ASSERT_EQUAL(skipped.compressed_input, added.compressed_input);
	CU_ASSERT_EQUAL(skipped.gzip_bytes, added.gzip_bytes);
}

/* The sparse tier: [0,10) full, [10,13) and [20,23) from the dense tier, then from 30
 * on [30,32), [50,52), [70,72): what a user relies on is which bytes are compressed. */
static void test_gzip_sparse_tier(void)
{
	gzip_plan plan = { .full_bytes = 10, .period = 10, .sample_bytes = 3,
		           .mode = GZIP_SAMPLE_SYNC, .sparse_from = 30, .sparse_period = 20,
		           .sparse_sample_bytes = 2 };
	char *s = make_stream(75);
	gzip_result r = estimate(&plan, s, 75, 7);
	CU_ASSERT_TRUE(r.ok && r.sampled);
	CU_ASSERT_EQUAL(r.compressed_input, 10 + 3 + 3 + 2 + 2 + 2);

	gzip_estimator *g = gzip_estimator_new(&plan);
	gzip_estimator_add(g, s, 23);
	CU_ASSERT_FALSE(gzip_estimator_needs(g, 7)); /* 23..29 */
	CU_ASSERT_TRUE(gzip_estimator_needs(g, 8));  /* reaches 30, the first sparse sample */
	gzip_estimator_skip(g, 7);
	gzip_estimator_add(g, s + 30, 2);
	CU_ASSERT_FALSE(gzip_estimator_needs(g, 18)); /* 32..49 */
	CU_ASSERT_TRUE(gzip_estimator_needs(g, 19));
	gzip_estimator_skip(g, 18);
	gzip_estimator_add(g, s + 50, 25);
	gzip_result skipped = gzip_estimator_finish(g);
	gzip_estimator_free(g);
	CU_ASSERT_EQUAL(skipped.compressed_input, r.compressed_input);
	CU_ASSERT_EQUAL(skipped.gzip_bytes, r.gzip_bytes);
	free(s);
}

/* replay's plan on a 100 MiB stream: 4 MiB in full; 256 KiB at 4, 12, ..., 60 MiB (8
 * samples); 128 KiB at 64, 80 and 96 MiB. 6.375 MiB compressed, and the estimate of a
 * uniform stream stays within 2% of the whole. */
static void test_gzip_default_plan_shares(void)
{
	enum { PIECE = 64 * 1024 };
	const uint64_t mib = 1024 * 1024, n = 100 * mib;
	char *s = make_stream(PIECE);
	gzip_plan plan = gzip_plan_default();
	gzip_estimator *g = gzip_estimator_new(&plan);
	for (uint64_t at = 0; at < n; at += PIECE) {
		if (gzip_estimator_needs(g, PIECE))
			gzip_estimator_add(g, s, PIECE);
		else
			gzip_estimator_skip(g, PIECE);
	}
	gzip_result r = gzip_estimator_finish(g);
	gzip_estimator_free(g);
	CU_ASSERT_TRUE(r.ok && r.sampled);
	CU_ASSERT_EQUAL(r.input_bytes, n);
	CU_ASSERT_EQUAL(r.compressed_input, 4 * mib + 8 * (mib / 4) + 3 * (mib / 8));
	/* the same 64 KiB over and over (beyond zlib's 32 KiB window, so no cheaper the
	 * second time): the whole is 100 times its first MiB */
	char *mib_of = malloc(mib);
	for (uint64_t at = 0; at < mib; at += PIECE)
		memcpy(mib_of + at, s, PIECE);
	double whole = 100.0 * (double)zlib_gzip_size(mib_of, mib);
	double error = ((double)r.gzip_bytes - whole) / whole;
	CU_ASSERT_TRUE(error > -0.02 && error < 0.02);
	free(mib_of);
	free(s);
}

static void test_seq_arena(void)
{
	seq_arena a;
	seq_arena_init(&a);
	char *first = seq_arena_alloc(&a, 10, 0);
	memcpy(first, "123456789", 10);
	for (uint64_t seq = 1; seq < 100000; seq++) {
		char *p = seq_arena_alloc(&a, 40 + seq % 50, seq);
		CU_ASSERT_EQUAL((uintptr_t)p % 16, 0);
		memset(p, 'x', 40);
		if (seq > 1000)
			seq_arena_release(&a, seq - 1000); /* the oldest go */
		/* about 90 KB live: the block being filled, the one before, and a spare */
		CU_ASSERT(seq_arena_bytes_held(&a) <= 3 * 256 * 1024);
	}
	char *big = seq_arena_alloc(&a, 1 << 20, 100000); /* larger than a block */
	memset(big, 0, 1 << 20);
	CU_ASSERT(seq_arena_bytes_held(&a) >= 1 << 20);
	seq_arena_release(&a, 100001);
	seq_arena_free(&a);
	CU_ASSERT_EQUAL(seq_arena_bytes_held(&a), 0);
}

/* Reads every event of a log directly and through the pipe: the same bytes come out. */
static void compare_pipe(const char *path)
{
	char *error = NULL;
	log_source *direct = log_source_open(path, NULL, &error);
	log_source *piped_src = log_source_open(path, NULL, &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(direct);
	CU_ASSERT_PTR_NOT_NULL_FATAL(piped_src);
	event_pipe *pipe = event_pipe_start(piped_src);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pipe);
	for (;;) {
		audit_event a, b;
		const char *ma = NULL, *mb = NULL;
		event_read_status sa = log_source_next(direct, &a, &ma);
		event_read_status sb = event_pipe_next(pipe, &b, &mb);
		CU_ASSERT_EQUAL_FATAL(sa, sb);
		if (sa == EVENT_READ_EVENT) {
			CU_ASSERT_TRUE(span_eq_span(a.raw, b.raw));
			CU_ASSERT_TRUE(span_eq_span(a.audit_id, b.audit_id));
			CU_ASSERT_TRUE(span_eq_span(a.user_name, b.user_name));
			CU_ASSERT_TRUE(span_eq_span(a.request_uri, b.request_uri));
			CU_ASSERT_EQUAL(a.member_count, b.member_count);
			for (size_t i = 0; i < a.member_count && i < b.member_count; i++)
				CU_ASSERT_TRUE(span_eq_span(a.members[i].value, b.members[i].value));
			CU_ASSERT_EQUAL(a.user_group_count, b.user_group_count);
			CU_ASSERT_EQUAL(a.line, b.line);
		} else if (sa == EVENT_READ_SKIPPED) {
			CU_ASSERT_STRING_EQUAL(ma, mb);
		} else {
			break;
		}
	}
	event_pipe_stop(pipe);
	log_source_close(direct);
	log_source_close(piped_src);
}

static void test_pipe_same_events(void)
{
	compare_pipe(SOURCE_ROOT "/fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl");
	compare_pipe(SOURCE_ROOT "/fixtures/logs/audit2rbac-demo.jsonl");
}

static void test_pipe_stops_early(void)
{
	char *error = NULL;
	log_source *src = log_source_open(
		SOURCE_ROOT "/fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl", NULL, &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	event_pipe *pipe = event_pipe_start(src);
	audit_event ev;
	const char *message;
	CU_ASSERT_EQUAL(event_pipe_next(pipe, &ev, &message), EVENT_READ_EVENT);
	event_pipe_stop(pipe); /* the reader may be blocked on a full ring */
	log_source_close(src);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "gzip: up to the threshold, exactly zlib", test_gzip_full_is_zlib },
		{ "gzip: sampled, same with or without a thread", test_gzip_sampled_is_deterministic },
		{ "gzip: empty stream", test_gzip_empty },
		{ "gzip: skipping unsampled bytes equals adding them", test_gzip_skip_is_add },
		{ "gzip: a sparser tier of samples past sparse_from", test_gzip_sparse_tier },
		{ "gzip: replay's plan compresses 6.375 of 100 MiB", test_gzip_default_plan_shares },
		{ "seq arena", test_seq_arena },
		{ "pipe: the same events as reading directly", test_pipe_same_events },
		{ "pipe: stopping before the end", test_pipe_stops_early },
		{ NULL, NULL },
	};
	add_suite("perf parts", tests);
}
