/* Tests for the reader's input side: files, stdin, gzip, limits, buffer refills, real logs,
 * and robustness against damaged input. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compression.h"
#include "input.h"
#include "reader_helpers.h"
#include "test_util.h"

#define EVENT_FMT                                                                          \
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","   \
	"\"auditID\":\"id-%zu\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api\","   \
	"\"verb\":\"get\",\"user\":{\"username\":\"u\"}%s}\n"

static void test_plain_and_gzip_files(void)
{
	const char *paths[] = { FIXTURE("two-events.jsonl"), FIXTURE("two-events.jsonl.gz"),
		                /* gzip is recognised by its magic, not its name */
		                FIXTURE("two-events-gzipped.log"),
		                /* concatenated members read as one stream, as gzip -d does */
		                FIXTURE("two-members.jsonl.gz") };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		outcomes o;
		read_path(paths[i], &o);
		CU_ASSERT_EQUAL(o.errors, 0);
		CU_ASSERT_EQUAL(o.events, i == 3 ? 4 : 2);
		assert_event(&o, 0, 1, "a1");
		assert_event(&o, 1, 2, "a2");
		if (i == 3)
			assert_event(&o, 3, 4, "a2");
	}
}

static void test_damaged_gzip(void)
{
	outcomes o;
	read_path(FIXTURE("corrupt.jsonl.gz"), &o);
	CU_ASSERT_EQUAL(o.errors, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.items[o.count - 1].text, "corrupt.jsonl.gz: corrupt gzip data"));
	read_path(FIXTURE("truncated.jsonl.gz"), &o);
	CU_ASSERT_EQUAL(o.errors, 1);
	CU_ASSERT_EQUAL(o.items[o.count - 1].status, EVENT_READ_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.items[o.count - 1].text,
	                              "truncated.jsonl.gz: truncated gzip data"));
	/* the data all inflates before the checksum fails: events first, then the error */
	read_path(FIXTURE("bad-crc.jsonl.gz"), &o);
	CU_ASSERT_EQUAL(o.events, 2);
	CU_ASSERT_EQUAL(o.errors, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.items[o.count - 1].text, "bad-crc.jsonl.gz: corrupt gzip data"));
}

static void test_open_errors(void)
{
	char *error = NULL;
	CU_ASSERT_PTR_NULL(event_reader_open(FIXTURE("no-such-file.jsonl"), NULL, &error));
	CU_ASSERT_PTR_NOT_NULL_FATAL(error);
	CU_ASSERT_PTR_NOT_NULL(strstr(error, "no-such-file.jsonl: No such file or directory"));
	free(error);
	error = NULL;
	CU_ASSERT_PTR_NULL(event_reader_open(SOURCE_ROOT "/fixtures/reader", NULL, &error));
	CU_ASSERT_PTR_NOT_NULL_FATAL(error);
	CU_ASSERT_PTR_NOT_NULL(strstr(error, "is a directory"));
	free(error);
}

static void test_stdin(void)
{
	const char *paths[] = { FIXTURE("two-events.jsonl"), FIXTURE("two-events.jsonl.gz") };
	for (size_t i = 0; i < 2; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(freopen(paths[i], "rb", stdin));
		outcomes o;
		read_path("-", &o);
		CU_ASSERT_EQUAL(o.events, 2);
		assert_event(&o, 1, 2, "a2");
	}
}

/* The input module on its own: small reads see every byte, gzip or not. */
static void test_input_small_reads(void)
{
	const char *paths[] = { FIXTURE("two-events.jsonl"), FIXTURE("two-events.jsonl.gz") };
	char first[4096], second[4096];
	size_t lens[2] = { 0, 0 };
	for (size_t i = 0; i < 2; i++) {
		char *out = i ? second : first;
		input *in = input_open(paths[i], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(in);
		CU_ASSERT_EQUAL(input_is_gzip(in), i == 1);
		ssize_t n;
		while ((n = input_read(in, out + lens[i], 7)) > 0)
			lens[i] += (size_t)n;
		CU_ASSERT_EQUAL(n, 0);
		input_close(in);
	}
	CU_ASSERT_EQUAL(lens[0], lens[1]);
	CU_ASSERT(memcmp(first, second, lens[0]) == 0);
}

/* Bytes looked at with input_peek are read again: a pipe, opened once, loses nothing. */
static void test_peek_then_read_a_pipe(void)
{
	static const char text[] = "  \n" EVENT("p1") "\n" EVENT("p2") "\n";
	const size_t len = sizeof text - 1;
	int fds[2];
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	CU_ASSERT_EQUAL_FATAL(write(fds[1], text, len), (ssize_t)len);
	close(fds[1]);
	char path[64];
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	input *in = input_open(path, NULL);
	close(fds[0]); /* input_open opened the pipe anew */
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	size_t held;
	const unsigned char *head = input_peek(in, 3, &held);
	CU_ASSERT_PTR_NOT_NULL_FATAL(head);
	CU_ASSERT(held >= 3);
	CU_ASSERT(memcmp(head, "  \n", 3) == 0);
	/* asking for more than there is stops at the end of input */
	head = input_peek(in, 4 * len, &held);
	CU_ASSERT_EQUAL(held, len);
	char out[sizeof text];
	size_t got = 0;
	ssize_t n;
	while ((n = input_read(in, out + got, 5)) > 0)
		got += (size_t)n;
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(got, len);
	CU_ASSERT(memcmp(out, text, len) == 0);
	/* after reading, peeking is an error rather than stale bytes */
	CU_ASSERT_PTR_NULL(input_peek(in, 1, &held));
	input_close(in);
}

/* The same for a gzip stream: the peeked bytes are the compressed ones, and all of them
 * still reach the decompressor. */
static void test_peek_then_read_gzip(void)
{
	input *in = input_open(FIXTURE("two-events.jsonl.gz"), NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	size_t held;
	const unsigned char *head = input_peek(in, 2, &held);
	CU_ASSERT_PTR_NOT_NULL_FATAL(head);
	CU_ASSERT(head[0] == 0x1f && head[1] == 0x8b);
	event_reader *r = event_reader_open_input("two-events.jsonl.gz", in, NULL);
	outcomes o;
	drain(r, &o);
	event_reader_close(r);
	CU_ASSERT_EQUAL(o.events, 2);
	CU_ASSERT_EQUAL(o.errors, 0);
	assert_event(&o, 1, 2, "a2");
}

/* Magic numbers: each format by its own, and text that merely starts alike is text. */
static void test_compression_magic(void)
{
	CU_ASSERT_STRING_EQUAL(compression_of("\x1f\x8b\x08", 3), "gzip");
	CU_ASSERT_STRING_EQUAL(compression_of("\x28\xb5\x2f\xfd\x04", 5), "zstd");
	CU_ASSERT_STRING_EQUAL(compression_of("\xfd" "7zXZ\0\0\x04", 8), "xz");
	CU_ASSERT_STRING_EQUAL(compression_of("BZh91AY&SY\x01", 11), "bzip2");
	CU_ASSERT_STRING_EQUAL(compression_of("BZh1\x17\x72\x45\x38\x50\x90", 10), "bzip2");
	CU_ASSERT_PTR_NULL(compression_of("BZh9 is a word", 14));
	CU_ASSERT_PTR_NULL(compression_of("BZh91AY&S", 9)); /* too short to be sure */
	CU_ASSERT_PTR_NULL(compression_of("\x1f", 1));
	CU_ASSERT_PTR_NULL(compression_of("{\"kind\":\"Event\"}", 16));
	CU_ASSERT_PTR_NULL(compression_of("", 0));
}

/* A zstd, bzip2 or xz log is refused at open, saying what it is and how to read it. */
static void test_other_compressions_refused(void)
{
	static const char *const formats[][2] = { { "zst", "zstd" }, { "bz2", "bzip2" },
		                                  { "xz", "xz" } };
	for (size_t i = 0; i < 3; i++) {
		char path[512], want[1200];
		snprintf(path, sizeof path, "%s/fixtures/hostile/log-two-events.jsonl.%s",
		         SOURCE_ROOT, formats[i][0]);
		snprintf(want, sizeof want, "%s is %s-compressed: decompress it first (e.g. %s -dc %s",
		         path, formats[i][1], formats[i][1], path);
		char *error = NULL;
		CU_ASSERT_PTR_NULL(event_reader_open(path, NULL, &error));
		CU_ASSERT_PTR_NOT_NULL_FATAL(error);
		CU_ASSERT_PTR_NOT_NULL(strstr(error, want));
		free(error);
	}
}

/* Many events, so that records straddle refills of the window. */
static void test_many_events_across_refills(void)
{
	size_t count = 30000, cap = count * 400, len = 0;
	char *text = malloc(cap);
	for (size_t i = 0; i < count; i++)
		len += (size_t)snprintf(text + len, cap - len, EVENT_FMT, i, "");
	event_reader *r = event_reader_open_memory("many.jsonl", text, len, NULL);
	audit_event ev;
	size_t seen = 0;
	bool ok = true;
	while (event_reader_next(r, &ev, NULL) == EVENT_READ_EVENT) {
		char id[32];
		snprintf(id, sizeof id, "id-%zu", seen);
		ok = ok && span_eq(ev.audit_id, id) && ev.line == seen + 1 &&
		     ev.raw.ptr[ev.raw.len] == '\n';
		seen++;
	}
	CU_ASSERT_EQUAL(seen, count);
	CU_ASSERT_TRUE(ok);
	event_reader_close(r);
	free(text);
}

/* Builds event i with a requestObject holding a string of `body` bytes. */
static char *event_with_body(size_t i, size_t body, size_t *len)
{
	char *filler = malloc(body + 64);
	int n = snprintf(filler, 64, ",\"requestObject\":{\"data\":\"");
	memset(filler + n, 'x', body);
	strcpy(filler + n + body, "\"}");
	size_t cap = body + 512;
	char *out = malloc(cap);
	*len = (size_t)snprintf(out, cap, EVENT_FMT, i, filler);
	free(filler);
	return out;
}

static void test_record_larger_than_window(void)
{
	size_t len;
	char *big = event_with_body(1, 9 * 1024 * 1024, &len); /* more than the 4 MiB window */
	char *text = malloc(len + 1024);
	size_t n = (size_t)snprintf(text, 1024, EVENT_FMT, (size_t)0, "");
	memcpy(text + n, big, len);
	n += len;
	n += (size_t)snprintf(text + n, 1024, EVENT_FMT, (size_t)2, "");
	outcomes o;
	read_text("big.jsonl", text, n, NULL, &o);
	CU_ASSERT_EQUAL(o.events, 3);
	assert_event(&o, 1, 2, "id-1");
	assert_event(&o, 2, 3, "id-2");
	event_reader_limits limits = { .max_record_bytes = 1024 * 1024, .max_depth = 512 };
	read_text("big.jsonl", text, n, &limits, &o);
	CU_ASSERT_EQUAL(o.events, 2);
	assert_skipped(&o, 1, "big.jsonl:2: record exceeds the maximum record size (1 MiB; raise "
	                      "it with --max-record-bytes)");
	assert_event(&o, 2, 3, "id-2");
	free(big);
	free(text);
}

static void test_record_size_limit_in_bytes(void)
{
	event_reader_limits limits = { .max_record_bytes = 100, .max_depth = 512 };
	char text[2048];
	size_t n = 0;
	for (size_t i = 0; i < 3; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, EVENT_FMT, i, "");
	outcomes o;
	read_text("small.jsonl", text, n, &limits, &o);
	CU_ASSERT_EQUAL(o.skipped, 3);
	assert_skipped(&o, 0, "small.jsonl:1: record exceeds the maximum record size (100 bytes; "
	                      "raise it with --max-record-bytes)");
	assert_skipped(&o, 2, "small.jsonl:3: record exceeds the maximum record size (100 bytes; "
	                      "raise it with --max-record-bytes)");
}

/* A fault past the limit is the limit, however much of the record the window held: a
 * bad value 150 bytes into a record, with a 100-byte limit, read whole (the 4 MiB window)
 * or in small reads, is reported as too large, and reading resumes on the next line. */
static void test_fault_past_the_limit_is_the_limit(void)
{
	event_reader_limits limits = { .max_record_bytes = 100, .max_depth = 512 };
	char text[2048];
	size_t n = (size_t)snprintf(text, sizeof text, EVENT_FMT, (size_t)1,
	                            ",\"annotations\":{\"a\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",x}");
	n += (size_t)snprintf(text + n, sizeof text - n, "{\"kind\":\"Event\"}\n");
	outcomes o;
	read_text("past.jsonl", text, n, &limits, &o);
	CU_ASSERT_EQUAL(o.skipped, 2);
	assert_skipped(&o, 0, "past.jsonl:1: record exceeds the maximum record size (100 bytes; "
	                      "raise it with --max-record-bytes)");
	/* within the limit, the fault itself is named */
	limits.max_record_bytes = 1000;
	read_text("past.jsonl", text, n, &limits, &o);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.items[0].text, "past.jsonl:1:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(o.items[0].text, "invalid JSON"));
}

static void test_depth_limit(void)
{
	char text[4096];
	char nested[1200];
	memset(nested, '[', 520);
	memset(nested + 520, ']', 520);
	nested[1040] = '\0';
	char extra[1300];
	snprintf(extra, sizeof extra, ",\"requestObject\":%s", nested);
	snprintf(text, sizeof text, EVENT_FMT EVENT_FMT, (size_t)1, extra, (size_t)2, "");
	outcomes o;
	read_string(text, &o);
	CU_ASSERT_EQUAL(o.count, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.items[0].text,
	                              "invalid JSON: nesting exceeds the maximum depth (512; raise it "
	                              "with --max-depth)"));
	assert_event(&o, 1, 2, "id-2");
	event_reader_limits limits = { .max_record_bytes = 1024 * 1024, .max_depth = 1000 };
	read_text("log.jsonl", text, strlen(text), &limits, &o);
	CU_ASSERT_EQUAL(o.events, 2);
}

static void test_corpus_logs(void)
{
	outcomes o;
	read_path(LOG_FIXTURE("audit2rbac-demo.jsonl"), &o);
	CU_ASSERT_EQUAL(o.events, 37);
	CU_ASSERT_EQUAL(o.skipped, 0);
	read_path(LOG_FIXTURE("falco-k8saudit-create_configmap_sensitive_values.jsonl"), &o);
	CU_ASSERT_EQUAL(o.events, 6);
	read_path(LOG_FIXTURE("falco-k8saudit-fal_01_003.jsonl"), &o);
	CU_ASSERT_EQUAL(o.count, 1);
	assert_skipped(&o, 0, SOURCE_ROOT "/fixtures/logs/falco-k8saudit-fal_01_003.jsonl:1: bad "
	                      "event: kind: expected a string, got a number");
	read_path(LOG_FIXTURE("sysdig-aks-eventhub-records-kube-audit-2020.json"), &o);
	CU_ASSERT_EQUAL(o.events, 22);
	CU_ASSERT_EQUAL(o.skipped, 0);
	assert_event(&o, 0, 1, "55ffceaa-b7c3-478e-98c6-e509cd2f0dd7");
	read_path(LOG_FIXTURE("sysdig-aks-eventhub-single-record-kube-audit-2020.json"), &o);
	CU_ASSERT_EQUAL(o.count, 1);
	assert_event(&o, 0, 1, "4e2a4193-cb3d-4ff7-bf37-32c392fbc23b");
}

static void test_pretty_event_with_bom(void)
{
	char *error = NULL;
	event_reader *r = event_reader_open(
		LOG_FIXTURE("sysdig-aks-kube-audit-event-RequestResponse-pretty-2020.json"), NULL,
		&error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	audit_event ev;
	CU_ASSERT_EQUAL_FATAL(event_reader_next(r, &ev, NULL), EVENT_READ_EVENT);
	CU_ASSERT_EQUAL(ev.line, 1);
	CU_ASSERT(span_eq(ev.level, "RequestResponse"));
	CU_ASSERT(span_eq(ev.verb, "update"));
	CU_ASSERT(span_eq(ev.object_resource, "controllerrevisions"));
	CU_ASSERT_EQUAL(ev.raw.ptr[0], '{');
	CU_ASSERT_EQUAL(ev.raw.ptr[ev.raw.len - 1], '}');
	CU_ASSERT(span_is_set(ev.raw_request_object) && span_is_set(ev.raw_response_object));
	CU_ASSERT_EQUAL(event_reader_next(r, &ev, NULL), EVENT_READ_EOF);
	CU_ASSERT_EQUAL(event_reader_next(r, &ev, NULL), EVENT_READ_EOF);
	event_reader_close(r);
}

/* Deterministic pseudo-random numbers, so a failure can be replayed. */
static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 16;
}

/* Damaged input never crashes, hangs or reads out of bounds (the sanitizers and valgrind
 * watch), and every call makes progress. */
static void test_damaged_input(void)
{
	static const char sample[] =
		"{\"records\":[{\"properties\":{\"log\":\"{\\\"auditID\\\":\\\"q\\\\u00e9\\\","
		"\\\"level\\\":\\\"None\\\",\\\"stage\\\":\\\"Panic\\\",\\\"verb\\\":\\\"get\\\"}\"}}]}\n"
		"{\"kind\":\"Event\",\"auditID\":\"x\",\"level\":\"Request\",\"stage\":\"Panic\","
		"\"verb\":\"get\",\"user\":{\"groups\":[\"a\",\"b\"]},\"objectRef\":{\"name\":\"n\"},"
		"\"responseStatus\":{\"code\":200},\"requestObject\":[1,{\"a\":null}]}\n"
		"[{\"kind\":\"EventList\",\"items\":[{}]}]\n";
	const char bytes[] = "{}[]\",:\\\n\r \0\xff" "0tn-u";
	unsigned state = 12345;
	size_t len = sizeof sample - 1;
	char *text = malloc(len);
	for (int round = 0; round < 3000; round++) {
		memcpy(text, sample, len);
		int edits = 1 + (int)(next_random(&state) % 4);
		for (int e = 0; e < edits; e++)
			text[next_random(&state) % len] = bytes[next_random(&state) % (sizeof bytes - 1)];
		size_t cut = round % 3 == 0 ? next_random(&state) % (len + 1) : len;
		outcomes o;
		read_text("fuzz.jsonl", text, cut, NULL, &o);
		CU_ASSERT(o.events + o.skipped <= 64);
		CU_ASSERT_EQUAL(o.errors, 0);
	}
	free(text);
}

void register_tests(void)
{
	static const test_case input_tests[] = {
		{ "plain and gzip files", test_plain_and_gzip_files },
		{ "damaged gzip", test_damaged_gzip },
		{ "open errors", test_open_errors },
		{ "standard input", test_stdin },
		{ "input in small reads", test_input_small_reads },
		{ "peeked bytes are read again (pipe)", test_peek_then_read_a_pipe },
		{ "peeked bytes are read again (gzip)", test_peek_then_read_gzip },
		{ "compression magic numbers", test_compression_magic },
		{ "zstd, bzip2 and xz are refused", test_other_compressions_refused },
		{ NULL, NULL },
	};
	static const test_case limit_tests[] = {
		{ "many events across refills", test_many_events_across_refills },
		{ "a record larger than the window", test_record_larger_than_window },
		{ "record size limit in bytes", test_record_size_limit_in_bytes },
		{ "a fault past the limit is the limit", test_fault_past_the_limit_is_the_limit },
		{ "depth limit", test_depth_limit },
		{ NULL, NULL },
	};
	static const test_case corpus_tests[] = {
		{ "real logs", test_corpus_logs },
		{ "pretty event with a BOM", test_pretty_event_with_bom },
		{ "damaged input", test_damaged_input },
		{ NULL, NULL },
	};
	add_suite("reader_input", input_tests);
	add_suite("reader_limits", limit_tests);
	add_suite("reader_corpus", corpus_tests);
}
