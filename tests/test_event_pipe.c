/* The event pipe with records larger than a batch's arena (EVENT_PIPE_BATCH_BYTES), in every
 * position of a batch: each log is read directly and through the pipe, and every status,
 * message and field of every event must be the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_compare.h"
#include "event_pipe.h"
#include "log_source.h"
#include "test_util.h"

#define KiB ((size_t)1 << 10)
#define MiB ((size_t)1 << 20)
#define SMALL 0 /* a record's size: as short as its kind allows */

typedef enum {
	PLAIN,       /* an event whose strings are used in place */
	ESCAPED,     /* an event whose user name and groups are decoded outside its line */
	NO_AUDIT_ID, /* valid JSON, skipped with a message */
	BAD_JSON,    /* skipped with a message */
} record_kind;

typedef struct {
	size_t size; /* bytes on its line, newline excluded (at least what the kind needs) */
	record_kind kind;
} record_spec;

/* ---- writing a log ---- */

/* Writes n bytes of padding, a letter that changes with the record so that mixed-up
 * records do not compare equal. */
static void put_padding(FILE *f, size_t n, size_t index)
{
	char chunk[4096];
	memset(chunk, 'a' + (int)(index % 26), sizeof chunk);
	for (size_t left = n; left > 0;) {
		size_t piece = left < sizeof chunk ? left : sizeof chunk;
		CU_ASSERT_EQUAL_FATAL(fwrite(chunk, 1, piece, f), piece);
		left -= piece;
	}
}

static void put_record(FILE *f, size_t index, record_spec r)
{
	char head[512];
	const char *user = r.kind == ESCAPED ?
	                           "{\"username\":\"caf\\u00e9\",\"groups\":[\"a\\\"b\",\"system:x\"]}" :
	                           "{\"username\":\"alice\",\"groups\":[\"system:authenticated\"]}";
	char audit_id[48] = "";
	if (r.kind != NO_AUDIT_ID)
		snprintf(audit_id, sizeof audit_id, "\"auditID\":\"r%zu\",", index);
	int n = snprintf(head, sizeof head,
	                 "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
	                 "\"level\":\"RequestResponse\",%s\"stage\":\"ResponseComplete\","
	                 "\"requestURI\":\"/api/v1/pods\",\"verb\":\"list\",\"user\":%s,"
	                 "\"responseObject\":{\"kind\":\"PodList\",\"pad\":\"",
	                 audit_id, user);
	CU_ASSERT_FATAL(n > 0 && (size_t)n < sizeof head);
	const char *tail = r.kind == BAD_JSON ? "\"},}" : "\"}}";
	size_t fixed = (size_t)n + strlen(tail);
	CU_ASSERT_EQUAL_FATAL(fwrite(head, 1, (size_t)n, f), (size_t)n);
	put_padding(f, r.size > fixed ? r.size - fixed : 0, index);
	fprintf(f, "%s\n", tail);
}

/* Writes the records to a new temporary file; returns its path (the caller unlinks and
 * frees it). */
static char *write_log(const record_spec *records, size_t count)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	size_t len = strlen(dir) + sizeof "/auditsim-pipe-XXXXXX";
	char *path = malloc(len);
	snprintf(path, len, "%s/auditsim-pipe-XXXXXX", dir);
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	FILE *f = fdopen(fd, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (size_t i = 0; i < count; i++)
		put_record(f, i, records[i]);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	return path;
}

/* ---- reading both ways ---- */

/* Writes the records, reads them directly and through the pipe, and checks that both give
 * the same outcomes, one per record. */
static void check_log(const char *label, const record_spec *records, size_t count)
{
	char *path = write_log(records, count);
	char *error = NULL;
	log_source *direct = log_source_open(path, NULL, &error);
	log_source *piped = log_source_open(path, NULL, &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(direct);
	CU_ASSERT_PTR_NOT_NULL_FATAL(piped);
	event_pipe *pipe = event_pipe_start(piped);
	CU_ASSERT_PTR_NOT_NULL_FATAL(pipe);
	size_t outcomes = 0, events = 0;
	for (;; outcomes++) {
		audit_event a, b;
		const char *ma = NULL, *mb = NULL;
		event_read_status sa = log_source_next(direct, &a, &ma);
		event_read_status sb = event_pipe_next(pipe, &b, &mb);
		const char *difference = read_difference(sa, &a, ma, sb, &b, mb);
		if (difference) {
			fprintf(stderr, "\n  %s: record %zu: %s differs\n", label, outcomes, difference);
			CU_FAIL("the pipe and the reader disagree");
			break;
		}
		if (sa == EVENT_READ_EOF || sa == EVENT_READ_ERROR)
			break;
		events += sa == EVENT_READ_EVENT;
	}
	size_t expected_events = 0;
	for (size_t i = 0; i < count; i++)
		expected_events += records[i].kind == PLAIN || records[i].kind == ESCAPED;
	CU_ASSERT_EQUAL(outcomes, count);
	CU_ASSERT_EQUAL(events, expected_events);
	event_pipe_stop(pipe);
	log_source_close(direct);
	log_source_close(piped);
	unlink(path);
	free(path);
}

/* ---- the layouts ---- */

/* Record sizes from 100 KiB to 15 MiB: below and above an arena, odd and even. */
static const size_t big_sizes[] = {
	100 * KiB, EVENT_PIPE_BATCH_BYTES - 1, EVENT_PIPE_BATCH_BYTES + 1, 600 * KiB + 3,
	MiB + 5,   15 * MiB + 7,
};
#define BIG_SIZES (sizeof big_sizes / sizeof big_sizes[0])

static const record_spec S = { SMALL, PLAIN };

static void test_big_alone(void)
{
	for (size_t i = 0; i < BIG_SIZES; i++)
		check_log("alone", &(record_spec){ big_sizes[i], PLAIN }, 1);
}

static void test_big_first(void)
{
	for (size_t i = 0; i < BIG_SIZES; i++) {
		record_spec log[] = { { big_sizes[i], PLAIN }, S, S, S };
		check_log("first", log, sizeof log / sizeof log[0]);
	}
}

static void test_big_middle(void)
{
	for (size_t i = 0; i < BIG_SIZES; i++) {
		record_spec log[] = { S, S, { big_sizes[i], PLAIN }, S, S };
		check_log("middle", log, sizeof log / sizeof log[0]);
	}
}

static void test_big_last(void)
{
	for (size_t i = 0; i < BIG_SIZES; i++) {
		record_spec log[] = { S, S, S, { big_sizes[i], PLAIN } };
		check_log("last", log, sizeof log / sizeof log[0]);
	}
}

static void test_bigs_in_a_row(void)
{
	const record_spec log[] = {
		S,
		{ 600 * KiB + 1, PLAIN },
		{ 700 * KiB + 5, PLAIN },
		{ 15 * MiB + 3, PLAIN },
		{ 100 * KiB, PLAIN },
		{ MiB + 7, PLAIN },
		{ 2 * MiB + 3, PLAIN },
		{ 2 * MiB + 5, PLAIN },
		S,
		S,
		{ 3 * MiB + 1, PLAIN },
		{ 600 * KiB + 2, PLAIN },
	};
	check_log("in a row", log, sizeof log / sizeof log[0]);
}

/* A big record as the last of a full batch, the first of the next, and one either side. */
static void test_big_at_batch_count_boundaries(void)
{
	size_t count = 2 * EVENT_PIPE_BATCH_EVENTS + 4;
	record_spec *log = malloc(count * sizeof *log);
	for (size_t at = EVENT_PIPE_BATCH_EVENTS - 2; at <= EVENT_PIPE_BATCH_EVENTS + 1; at++) {
		for (size_t i = 0; i < count; i++)
			log[i] = S;
		log[at] = (record_spec){ 600 * KiB + at, PLAIN };
		log[at + EVENT_PIPE_BATCH_EVENTS] = (record_spec){ MiB + at, PLAIN };
		check_log("at a batch's count", log, count);
	}
	free(log);
}

/* Every size from a few hundred bytes under an arena to a few over, one byte apart, each
 * between small records: one of them needs exactly the arena, the next one byte more. */
static void test_sizes_around_the_arena(void)
{
	size_t first = EVENT_PIPE_BATCH_BYTES - 640, last = EVENT_PIPE_BATCH_BYTES + 16;
	size_t count = 2 * (last - first + 1) + 1;
	record_spec *log = malloc(count * sizeof *log);
	for (size_t i = 0; i < count; i++)
		log[i] = i % 2 ? (record_spec){ first + i / 2, PLAIN } : S;
	check_log("around the arena", log, count);
	free(log);
}

/* Big records whose strings are decoded outside the line, and big skipped records. */
static void test_big_escaped_and_skipped(void)
{
	const record_spec log[] = {
		{ MiB + 1, ESCAPED },
		S,
		{ 600 * KiB + 3, NO_AUDIT_ID },
		S,
		{ 2 * MiB + 1, BAD_JSON },
		{ SMALL, ESCAPED },
		{ 15 * MiB, ESCAPED },
		{ SMALL, NO_AUDIT_ID },
		{ EVENT_PIPE_BATCH_BYTES + 5, ESCAPED },
		{ SMALL, BAD_JSON },
		{ 700 * KiB + 7, BAD_JSON },
	};
	check_log("escaped and skipped", log, sizeof log / sizeof log[0]);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "a big record alone", test_big_alone },
		{ "a big record first, then small ones", test_big_first },
		{ "a big record between small ones", test_big_middle },
		{ "a big record last", test_big_last },
		{ "big records in a row", test_bigs_in_a_row },
		{ "a big record at a batch's count boundary", test_big_at_batch_count_boundaries },
		{ "sizes around the arena, one byte apart", test_sizes_around_the_arena },
		{ "big records decoded outside the line, and skipped", test_big_escaped_and_skipped },
		{ NULL, NULL },
	};
	add_suite("event pipe", tests);
}
