/* The replay's memory bound: requests that never complete are handed on open when the
 * window fills, remembered for a window more, then forgotten and counted as never
 * completed, so what the replay holds stays the same however many of them come. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "event_reader.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "replay.h"
#include "test_util.h"

static const char *metadata_policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\n"
                                     "rules:\n- level: Metadata\n";

typedef struct {
	uint64_t requests;
	uint64_t open;
	char first_id[64];
	char last_id[64];
} sink_counts;

static void count_request(const replay_request *req, void *ctx)
{
	sink_counts *c = ctx;
	if (c->requests == 0)
		snprintf(c->first_id, sizeof c->first_id, "%.*s", (int)req->audit_id.len,
		         req->audit_id.ptr);
	snprintf(c->last_id, sizeof c->last_id, "%.*s", (int)req->audit_id.len, req->audit_id.ptr);
	c->requests++;
	c->open += req->open;
}

static void load_policy(policy *p)
{
	diag_list diags;
	diag_list_init(&diags, "test-policy.yaml");
	load_result res = policy_load_buffer("test-policy.yaml", metadata_policy,
	                                     strlen(metadata_policy), p, &diags);
	CU_ASSERT_FATAL(res == LOAD_OK && policy_validate(p, &diags));
	diag_list_free(&diags);
}

#define EVENT_FORMAT                                                                           \
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","       \
	"\"auditID\":\"%s\",\"stage\":\"%s\",\"requestURI\":\"/api/v1/namespaces/ns%zu/pods\","  \
	"\"verb\":\"%s\",\"user\":{\"username\":\"user-%zu\",\"groups\":[\"system:"            \
	"authenticated\"]},\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns%zu\","       \
	"\"apiVersion\":\"v1\"}}\n"

/* A growing buffer of JSON lines. */
typedef struct {
	char *text;
	size_t len, cap;
} log_text;

static void add_event(log_text *log, const char *id, const char *stage, const char *verb, size_t n)
{
	char line[512];
	int len = snprintf(line, sizeof line, EVENT_FORMAT, id, stage, n % 100, verb, n, n % 100);
	CU_ASSERT_FATAL(len > 0 && (size_t)len < sizeof line);
	if (log->len + (size_t)len + 1 > log->cap) {
		log->cap = (log->cap + (size_t)len + 1) * 2;
		log->text = realloc(log->text, log->cap);
		CU_ASSERT_FATAL(log->text != NULL);
	}
	memcpy(log->text + log->len, line, (size_t)len + 1);
	log->len += (size_t)len;
}

/* `count` RequestReceived-only events, each of its own auditID "rr-N". */
static void add_never_completed(log_text *log, size_t first, size_t count)
{
	char id[32];
	for (size_t n = first; n < first + count; n++) {
		snprintf(id, sizeof id, "rr-%zu", n);
		add_event(log, id, "RequestReceived", "list", n);
	}
}

typedef struct {
	policy policy;
	event_reader *reader;
	replay *replay;
	sink_counts sink;
} replay_run;

static void run_open(replay_run *run, const log_text *log, size_t window)
{
	memset(run, 0, sizeof *run);
	load_policy(&run->policy);
	run->reader = event_reader_open_memory("test.jsonl", log->text, log->len, NULL);
	CU_ASSERT_FATAL(run->reader != NULL);
	run->replay = replay_new(&run->policy, window, count_request, &run->sink);
}

/* Adds up to `count` events (all when 0); returns how many were added. */
static size_t run_events(replay_run *run, size_t count)
{
	audit_event ev;
	const char *message = NULL;
	size_t added = 0;
	while (count == 0 || added < count) {
		event_read_status st = event_reader_next(run->reader, &ev, &message);
		if (st == EVENT_READ_EOF)
			break;
		CU_ASSERT_EQUAL_FATAL(st, EVENT_READ_EVENT);
		replay_add_event(run->replay, &ev);
		added++;
	}
	return added;
}

static void run_close(replay_run *run)
{
	replay_free(run->replay);
	event_reader_close(run->reader);
	policy_free(&run->policy);
}

#define WINDOW 1024
#define ARENA_BLOCK (256 * 1024)

static void test_never_completed_requests_keep_memory_flat(void)
{
	log_text log = { 0 };
	add_never_completed(&log, 0, 40 * WINDOW);
	replay_run run;
	run_open(&run, &log, WINDOW);
	/* past the window and the remembered window: from here on, one is forgotten per event */
	CU_ASSERT_EQUAL(run_events(&run, 4 * WINDOW), 4 * WINDOW);
	replay_footprint early = replay_footprint_of(run.replay);
	CU_ASSERT_EQUAL(run_events(&run, 0), 36 * WINDOW);
	replay_footprint late = replay_footprint_of(run.replay);

	CU_ASSERT_EQUAL(late.waiting, WINDOW);
	CU_ASSERT_EQUAL(late.remembered, WINDOW);
	CU_ASSERT(late.table_slots <= 4 * WINDOW);
	CU_ASSERT_EQUAL(late.table_slots, early.table_slots);
	/* the window's strings (about 100 bytes a request) and the remembered auditIDs: the
	 * block being filled, the one before and a spare in each of the two arenas */
	CU_ASSERT(late.string_bytes <= 6 * ARENA_BLOCK);
	CU_ASSERT(late.string_bytes <= early.string_bytes + ARENA_BLOCK);

	replay_tally before_end = replay_tally_of(run.replay);
	CU_ASSERT_EQUAL(before_end.forgotten, 38 * WINDOW);
	CU_ASSERT_EQUAL(before_end.never_completed, 39 * WINDOW); /* and those remembered */
	replay_finish(run.replay);
	replay_tally end = replay_tally_of(run.replay);
	CU_ASSERT_EQUAL(end.never_completed, 40 * WINDOW);
	CU_ASSERT_EQUAL(end.completed_late, 0);
	CU_ASSERT_EQUAL(run.sink.requests, 40 * WINDOW);
	CU_ASSERT_EQUAL(run.sink.open, 40 * WINDOW);
	CU_ASSERT_STRING_EQUAL(run.sink.first_id, "rr-0");
	CU_ASSERT_STRING_EQUAL(run.sink.last_id, "rr-40959");
	run_close(&run);
	free(log.text);
}

/* A long watch: more than the window of requests between its first and last stage. Its
 * late stage is its own, counted as recorded, and it did complete. */
static void test_late_stage_of_long_watch_is_counted_and_completes(void)
{
	log_text log = { 0 };
	add_event(&log, "watch", "RequestReceived", "watch", 0);
	add_event(&log, "watch", "ResponseStarted", "watch", 0);
	char id[32];
	for (size_t n = 1; n <= 3 * 4; n++) {
		snprintf(id, sizeof id, "get-%zu", n);
		add_event(&log, id, "ResponseComplete", "get", n);
	}
	add_event(&log, "watch", "ResponseComplete", "watch", 0);
	replay_run run;
	run_open(&run, &log, 4);
	run_events(&run, 0);
	replay_finish(run.replay);
	replay_tally t = replay_tally_of(run.replay);
	CU_ASSERT_EQUAL(run.sink.requests, 13); /* the late stage is no request of its own */
	CU_ASSERT_EQUAL(run.sink.open, 1);
	CU_ASSERT_EQUAL(t.late_events, 1);
	CU_ASSERT_EQUAL(t.late_by_stage[STAGE_RESPONSE_COMPLETE], 1);
	CU_ASSERT_EQUAL(t.completed_late, 1);
	CU_ASSERT_EQUAL(t.never_completed, 0);
	CU_ASSERT_EQUAL(replay_footprint_of(run.replay).remembered, 0);
	run_close(&run);
	free(log.text);
}

/* Remembered for `window` requests handed on open after it, then forgotten: a last stage
 * that comes later still is a request of its own (the price of the bound). */
static void test_forgotten_request_counts_as_never_completed(void)
{
	log_text log = { 0 };
	add_event(&log, "watch", "RequestReceived", "watch", 0);
	add_never_completed(&log, 1, 2 * 4 + 1);
	add_event(&log, "watch", "ResponseComplete", "watch", 0);
	replay_run run;
	run_open(&run, &log, 4);
	run_events(&run, 0);
	replay_finish(run.replay);
	replay_tally t = replay_tally_of(run.replay);
	CU_ASSERT_EQUAL(run.sink.requests, 11);
	CU_ASSERT_STRING_EQUAL(run.sink.last_id, "watch");
	/* watch and rr-1..rr-5, each as a later one was handed on (the last three at the end) */
	CU_ASSERT_EQUAL(t.forgotten, 6);
	CU_ASSERT_EQUAL(t.never_completed, 10);
	CU_ASSERT_EQUAL(t.late_events, 0);
	run_close(&run);
	free(log.text);
}

/* A stage of a request still waiting is no late event, and a complete request is no
 * longer remembered once it is handed on. */
static void test_requests_complete_in_window_leave_nothing(void)
{
	log_text log = { 0 };
	char id[32];
	for (size_t n = 0; n < 100; n++) {
		snprintf(id, sizeof id, "get-%zu", n);
		add_event(&log, id, "RequestReceived", "get", n);
		add_event(&log, id, "ResponseComplete", "get", n);
	}
	replay_run run;
	run_open(&run, &log, 4);
	run_events(&run, 0);
	replay_footprint f = replay_footprint_of(run.replay);
	CU_ASSERT_EQUAL(f.waiting, 0);
	CU_ASSERT_EQUAL(f.remembered, 0);
	replay_finish(run.replay);
	replay_tally t = replay_tally_of(run.replay);
	CU_ASSERT_EQUAL(t.never_completed, 0);
	CU_ASSERT_EQUAL(t.late_events, 0);
	CU_ASSERT_EQUAL(run.sink.open, 0);
	run_close(&run);
	free(log.text);
}

void register_tests(void)
{
	static const test_case memory[] = {
		{ "never-completed requests keep memory flat",
		  test_never_completed_requests_keep_memory_flat },
		{ "late stage of a long watch is counted and completes",
		  test_late_stage_of_long_watch_is_counted_and_completes },
		{ "forgotten request counts as never completed",
		  test_forgotten_request_counts_as_never_completed },
		{ "requests complete in the window leave nothing",
		  test_requests_complete_in_window_leave_nothing },
		{ NULL, NULL },
	};
	add_suite("replay memory", memory);
}
