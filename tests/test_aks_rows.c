/* Tests for AKSAudit/AKSAuditAdmin rows: the CSV scanner, the row -> Event rebuild, and the
 * reader reading rows as JSON arrays, JSON lines and CSV exports. */
#include <CUnit/CUnit.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aks_rows.h"
#include "csv_rows.h"
#include "log_feed.h"
#include "reader_helpers.h"
#include "test_util.h"

/* --- csv_rows --- */

static void assert_fields(const csv_record *rec, const char *const *want, size_t n)
{
	CU_ASSERT_EQUAL_FATAL(rec->count, n);
	for (size_t i = 0; i < n; i++) {
		if (!span_eq(rec->fields[i], want[i]))
			fprintf(stderr, "\n  field %zu: got \"%.*s\", want \"%s\"\n", i,
			        (int)rec->fields[i].len, rec->fields[i].ptr, want[i]);
		CU_ASSERT(span_eq(rec->fields[i], want[i]));
	}
}

static void test_csv_plain_and_quoted(void)
{
	const char text[] = "a,\"b,c\",\"say \"\"hi\"\"\",,\"line\r\nbreak\"\r\nnext,row\n";
	csv_record rec;
	csv_record_init(&rec);
	const char *next;
	CU_ASSERT_EQUAL_FATAL(csv_read_record(&rec, text, text + strlen(text), true, &next),
	                      CSV_RECORD);
	const char *want[] = { "a", "b,c", "say \"hi\"", "", "line\r\nbreak" };
	assert_fields(&rec, want, 5);
	CU_ASSERT_STRING_EQUAL(next, "next,row\n"); /* past the CRLF */
	CU_ASSERT_EQUAL_FATAL(csv_read_record(&rec, next, text + strlen(text), true, &next),
	                      CSV_RECORD);
	const char *want2[] = { "next", "row" };
	assert_fields(&rec, want2, 2);
	CU_ASSERT_EQUAL(*next, '\0');
	csv_record_free(&rec);
}

static void test_csv_incomplete_until_final(void)
{
	csv_record rec;
	csv_record_init(&rec);
	const char *next;
	/* a window ending inside a quoted field, after a quote that may start "", after a CR
	 * that may start CRLF, or in an unquoted last field: more bytes may change it */
	const char *cut[] = { "a,\"b\nc", "a,\"b\"", "a,b\r", "a,b" };
	for (size_t i = 0; i < 4; i++) {
		const char *t = cut[i];
		CU_ASSERT_EQUAL(csv_read_record(&rec, t, t + strlen(t), false, &next), CSV_INCOMPLETE);
	}
	/* at the end of input the last record needs no line break */
	const char *last = "a,\"b\"";
	CU_ASSERT_EQUAL(csv_read_record(&rec, last, last + strlen(last), true, &next), CSV_RECORD);
	const char *want[] = { "a", "b" };
	assert_fields(&rec, want, 2);
	const char *open = "a,\"b\nc";
	CU_ASSERT_EQUAL(csv_read_record(&rec, open, open + strlen(open), true, &next), CSV_INVALID);
	CU_ASSERT_STRING_EQUAL(rec.error, "quoted field not closed");
	CU_ASSERT_PTR_EQUAL(rec.error_pos, open + 2);
	csv_record_free(&rec);
}

static void test_csv_invalid(void)
{
	csv_record rec;
	csv_record_init(&rec);
	const char *next;
	const char *bare = "ab\"c,d\n";
	CU_ASSERT_EQUAL(csv_read_record(&rec, bare, bare + strlen(bare), true, &next), CSV_INVALID);
	CU_ASSERT_PTR_EQUAL(rec.error_pos, bare + 2);
	const char *after = "\"ab\"c,d\n";
	CU_ASSERT_EQUAL(csv_read_record(&rec, after, after + strlen(after), true, &next),
	                CSV_INVALID);
	CU_ASSERT_PTR_EQUAL(rec.error_pos, after + 4);
	CU_ASSERT_STRING_EQUAL(rec.error, "expected ',' or a line break after a quoted field");
	const char *blank = "\n";
	CU_ASSERT_EQUAL(csv_read_record(&rec, blank, blank + 1, true, &next), CSV_RECORD);
	CU_ASSERT_TRUE(csv_record_is_blank(&rec));
	csv_record_free(&rec);
}

/* --- aks_rows --- */

static void test_column_names(void)
{
	CU_ASSERT_EQUAL(aks_column_of(span_of("AuditId")), AKS_AUDIT_ID);
	CU_ASSERT_EQUAL(aks_column_of(span_of("StageReceivedTime [UTC]")), AKS_STAGE_RECEIVED_TIME);
	CU_ASSERT_EQUAL(aks_column_of(span_of("SourceIps")), AKS_SOURCE_IPS);
	CU_ASSERT_EQUAL(aks_column_of(span_of("BilledSize")), AKS_BILLED_SIZE);
	CU_ASSERT_EQUAL(aks_column_of(span_of("auditID")), -1); /* an event's key, not a column */
	CU_ASSERT_EQUAL(aks_column_of(span_of("TimeGenerated [UTC]")), -1);
	span two[] = { span_of("Stage"), span_of("TimeGenerated") };
	span one[] = { span_of("AuditId"), span_of("TimeGenerated") };
	CU_ASSERT_FALSE(aks_header_recognised(two, 2, NULL));
	CU_ASSERT_FALSE(aks_header_recognised(one, 2, NULL));
	span header[] = { span_of("Verb"), span_of("Stage"), span_of("x") };
	int columns[3];
	CU_ASSERT_TRUE(aks_header_recognised(header, 3, columns));
	CU_ASSERT_EQUAL(columns[0], AKS_VERB);
	CU_ASSERT_EQUAL(columns[1], AKS_STAGE);
	CU_ASSERT_EQUAL(columns[2], -1);
}

static void test_portal_time(void)
{
	char out[AKS_TIME_MAX];
	CU_ASSERT_TRUE(aks_portal_time(span_of("5/5/2020, 4:16:37.655 PM"), out));
	CU_ASSERT_STRING_EQUAL(out, "2020-05-05T16:16:37.655000Z");
	CU_ASSERT_TRUE(aks_portal_time(span_of("12/31/2024, 12:00:00 AM"), out));
	CU_ASSERT_STRING_EQUAL(out, "2024-12-31T00:00:00.000000Z");
	CU_ASSERT_TRUE(aks_portal_time(span_of("1/2/2025, 12:05:09.1234567 PM"), out) == false);
	CU_ASSERT_TRUE(aks_portal_time(span_of("1/2/2025, 12:05:09.123456 PM"), out));
	CU_ASSERT_STRING_EQUAL(out, "2025-01-02T12:05:09.123456Z");
	CU_ASSERT_FALSE(aks_portal_time(span_of("13/2/2025, 1:00:00 PM"), out));
	CU_ASSERT_FALSE(aks_portal_time(span_of("2/2/2025, 0:00:00 PM"), out));
	CU_ASSERT_FALSE(aks_portal_time(span_of("2025-01-02T12:05:09Z"), out));
	CU_ASSERT_FALSE(aks_portal_time(span_of("2/2/2025, 1:00:00 PMX"), out));
}

/* Builds the event of a JSON row given as an object's members. */
static bool build_json(aks_builder *b, const char *const *kv, size_t n, aks_event *ev)
{
	event_member members[24];
	for (size_t i = 0; i < n; i++)
		members[i] = (event_member){ span_of(kv[2 * i]), span_of(kv[2 * i + 1]) };
	aks_row row;
	CU_ASSERT_TRUE_FATAL(aks_row_from_members(&row, members, n));
	return aks_build_event(b, &row, ev);
}

static void test_build_from_json_row(void)
{
	aks_builder b;
	aks_builder_init(&b, 64);
	/* dynamic columns as objects and as strings holding JSON; "&" escaped as Go does */
	const char *kv[] = {
		"TableName", "\"PrimaryResult\"", "Verb", "\"get\"", "AuditId", "\"a-1\"",
		"Stage", "\"ResponseComplete\"", "Level", "\"Metadata\"",
		"RequestUri", "\"/api/v1/pods?a=1&b=2\"",
		"User", "\"{\\\"username\\\": \\\"alice\\\"}\"", "SourceIps", "[ \"10.0.0.1\" ]",
		"UserAgent", "\"\"", "ObjectRef", "null", "RequestObject", "\"\"",
		"ResponseStatus", "{\"code\":200}",
		"StageReceivedTime", "\"2020-05-05T16:16:37.6636470Z\"",
		"Type", "\"AKSAuditAdmin\"", "_BilledSize", "\"951\"",
	};
	aks_event ev;
	CU_ASSERT_TRUE_FATAL(build_json(&b, kv, sizeof kv / sizeof kv[0] / 2, &ev));
	CU_ASSERT(span_eq(ev.text,
	                  "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
	                  "\"auditID\":\"a-1\",\"stage\":\"ResponseComplete\","
	                  "\"requestURI\":\"/api/v1/pods?a=1\\u0026b=2\",\"verb\":\"get\","
	                  "\"user\":{\"username\":\"alice\"},\"sourceIPs\":[\"10.0.0.1\"],"
	                  "\"responseStatus\":{\"code\":200},"
	                  "\"stageTimestamp\":\"2020-05-05T16:16:37.6636470Z\"}"));
	CU_ASSERT_EQUAL(ev.table, AKS_TABLE_AUDIT_ADMIN);
	CU_ASSERT_TRUE(ev.has_billed_size);
	CU_ASSERT_DOUBLE_EQUAL(ev.billed_size, 951.0, 0.0);
	CU_ASSERT_FALSE(ev.request_object_skipped);
	aks_builder_free(&b);
}

static void test_build_from_csv_row(void)
{
	aks_builder b;
	aks_builder_init(&b, 64);
	aks_row row = { .text = true };
	row.cells[AKS_AUDIT_ID] = span_of("a-2");
	row.cells[AKS_LEVEL] = span_of("RequestResponse");
	row.cells[AKS_STAGE] = span_of("ResponseComplete");
	row.cells[AKS_VERB] = span_of("update");
	row.cells[AKS_REQUEST_URI] = span_of("/api/v1/x<y>");
	row.cells[AKS_USER_AGENT] = span_of("kubectl \"1\"\ttab");
	row.cells[AKS_REQUEST_OBJECT] = span_of("skipped-too-big-size-object");
	row.cells[AKS_RESPONSE_OBJECT] = span_of("{ \"kind\" : \"Pod\" }");
	row.cells[AKS_REQUEST_RECEIVED_TIME] = span_of("5/5/2020, 4:16:37.655 PM");
	row.cells[AKS_ANNOTATIONS] = span_of("");
	aks_event ev;
	CU_ASSERT_TRUE_FATAL(aks_build_event(&b, &row, &ev));
	CU_ASSERT(span_eq(ev.text,
	                  "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
	                  "\"level\":\"RequestResponse\",\"auditID\":\"a-2\","
	                  "\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/x\\u003cy\\u003e\","
	                  "\"verb\":\"update\",\"userAgent\":\"kubectl \\\"1\\\"\\ttab\","
	                  "\"responseObject\":{\"kind\":\"Pod\"},"
	                  "\"requestReceivedTimestamp\":\"2020-05-05T16:16:37.655000Z\"}"));
	CU_ASSERT_TRUE(ev.request_object_skipped);
	CU_ASSERT_FALSE(ev.response_object_skipped);
	CU_ASSERT_FALSE(ev.has_billed_size);
	CU_ASSERT_EQUAL(ev.table, AKS_TABLE_OTHER);
	aks_builder_free(&b);
}

static void assert_problem(const char *const *kv, size_t n, const char *want)
{
	aks_builder b;
	aks_builder_init(&b, 64);
	aks_event ev;
	CU_ASSERT_FALSE(build_json(&b, kv, n, &ev));
	if (strcmp(b.problem, want) != 0)
		fprintf(stderr, "\n  got:      %s\n  expected: %s\n", b.problem, want);
	CU_ASSERT_STRING_EQUAL(b.problem, want);
	aks_builder_free(&b);
}

static void test_bad_rows(void)
{
	const char *no_id[] = { "Stage", "\"ResponseComplete\"", "Level", "\"Metadata\"",
		                "Verb", "\"get\"" };
	assert_problem(no_id, 3, "missing \"AuditId\"");
	const char *empty_id[] = { "AuditId", "\"\"", "Stage", "\"ResponseComplete\"" };
	assert_problem(empty_id, 2, "missing \"AuditId\"");
	const char *stage[] = { "AuditId", "\"x\"", "Stage", "\"Done\"", "Level", "\"Metadata\"",
		                "Verb", "\"get\"" };
	assert_problem(stage, 4, "unknown Stage \"Done\"");
	const char *level[] = { "AuditId", "\"x\"", "Stage", "\"Panic\"", "Level", "\"Verbose\"",
		                "Verb", "\"get\"" };
	assert_problem(level, 4, "unknown Level \"Verbose\"");
	const char *number[] = { "AuditId", "\"x\"", "Stage", "\"Panic\"", "Level", "\"None\"",
		                 "Verb", "\"get\"", "UserAgent", "7" };
	assert_problem(number, 5, "UserAgent: expected a string, got a number");
	const char *not_json[] = { "AuditId", "\"x\"", "Stage", "\"Panic\"", "Level", "\"None\"",
		                   "Verb", "\"get\"", "ObjectRef", "\"{\\\"resource\\\":\"" };
	assert_problem(not_json, 5, "ObjectRef: not JSON (byte 13: unexpected end): "
	                            "\"{\"resource\":\"");
	const char *billed[] = { "AuditId", "\"x\"", "Stage", "\"Panic\"", "Level", "\"None\"",
		                 "Verb", "\"get\"", "_BilledSize", "\"12 bytes\"" };
	assert_problem(billed, 5, "_BilledSize: expected a number of bytes, got \"12 bytes\"");
}

/* --- the reader --- */

static void test_reader_json_rows(void)
{
	const char text[] =
		"[{\"AuditId\":\"r1\",\"Level\":\"Metadata\",\"Stage\":\"ResponseComplete\","
		"\"Verb\":\"get\",\"RequestUri\":\"/api\",\"User\":{\"username\":\"u\"},"
		"\"Type\":\"AKSAudit\",\"_BilledSize\":100.5},\n"
		" {\"AuditId\":\"r2\",\"Level\":\"Request\",\"Stage\":\"Started\","
		"\"Verb\":\"get\",\"RequestUri\":\"/api\"},\n"
		" {\"AuditId\":\"r3\",\"Level\":\"Request\",\"Stage\":\"ResponseComplete\","
		"\"Verb\":\"create\",\"RequestUri\":\"/api/v1/namespaces/d/pods\","
		"\"ObjectRef\":\"{\\\"resource\\\":\\\"pods\\\",\\\"namespace\\\":\\\"d\\\"}\","
		"\"RequestObject\":\"skipped-too-big-size-object\",\"Type\":\"AKSAudit\","
		"\"_BilledSize\":\"200\"}]\n";
	event_reader *r = event_reader_open_memory("rows.json", text, strlen(text), NULL);
	audit_event ev;
	const char *message;
	CU_ASSERT_EQUAL_FATAL(event_reader_next(r, &ev, &message), EVENT_READ_EVENT);
	CU_ASSERT(span_eq(ev.audit_id, "r1"));
	CU_ASSERT(span_eq(ev.user_name, "u"));
	CU_ASSERT_TRUE(ev.raw_rebuilt);
	CU_ASSERT_EQUAL(ev.line, 1);
	CU_ASSERT(span_eq(ev.raw, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
	                          "\"level\":\"Metadata\",\"auditID\":\"r1\","
	                          "\"stage\":\"ResponseComplete\",\"requestURI\":\"/api\","
	                          "\"verb\":\"get\",\"user\":{\"username\":\"u\"}}"));
	CU_ASSERT_EQUAL_FATAL(event_reader_next(r, &ev, &message), EVENT_READ_SKIPPED);
	CU_ASSERT_STRING_EQUAL(message, "rows.json:2: bad event ([1]): unknown Stage \"Started\"");
	CU_ASSERT_EQUAL_FATAL(event_reader_next(r, &ev, &message), EVENT_READ_EVENT);
	CU_ASSERT(span_eq(ev.audit_id, "r3"));
	CU_ASSERT(span_eq(ev.object_resource, "pods"));
	CU_ASSERT(span_eq(ev.object_namespace, "d"));
	CU_ASSERT_TRUE(ev.request_object_skipped);
	CU_ASSERT_FALSE(span_is_set(ev.raw_request_object));
	CU_ASSERT_EQUAL(event_reader_next(r, &ev, &message), EVENT_READ_EOF);
	const table_row_figures *rows = event_reader_rows(r);
	CU_ASSERT_EQUAL(rows->rows, 3);
	CU_ASSERT_EQUAL(rows->billed_rows, 2);
	CU_ASSERT_DOUBLE_EQUAL(rows->billed_bytes, 300.5, 0.0);
	CU_ASSERT_EQUAL(rows->skipped_bodies, 1);
	char *note = event_reader_rows_note(r);
	CU_ASSERT_STRING_EQUAL(note, "3 AKSAudit rows (a JSON array of a Log "
	                             "Analytics query): events rebuilt from the columns, their "
	                             "bytes modelled; 1 body stored as "
	                             "\"skipped-too-big-size-object\"; _BilledSize 300 bytes over "
	                             "2 rows");
	free(note);
	event_reader_close(r);
}

static void test_events_are_not_rows(void)
{
	/* an event is read as an event, and says nothing about rows */
	event_reader *r = event_reader_open_memory("log.jsonl", EVENT("e") "\n",
	                                           strlen(EVENT("e") "\n"), NULL);
	audit_event ev;
	CU_ASSERT_EQUAL_FATAL(event_reader_next(r, &ev, NULL), EVENT_READ_EVENT);
	CU_ASSERT_FALSE(ev.raw_rebuilt);
	CU_ASSERT_EQUAL(event_reader_rows(r)->rows, 0);
	CU_ASSERT_PTR_NULL(event_reader_rows_note(r));
	event_reader_close(r);
}

static void test_reader_csv(void)
{
	static const char text[] =
		"\xef\xbb\xbf" "AuditId,Stage,Level,Verb,RequestUri,User,_BilledSize\r\n"
		"c1,ResponseComplete,Metadata,get,/api,\"{\"\"username\"\":\"\"a\"\"}\",10\r\n"
		"\r\n"
		"c2,ResponseComplete,Metadata,list,/api,\"{\r\n\"\"username\"\": \"\"b\"\"}\",\r\n"
		",ResponseComplete,Metadata,get,/api,,\r\n"
		"c4,ResponseComplete,Metadata,get\r\n"
		"c5,ResponseComplete,Metadata,\"get\"x,/api,,\r\n"
		"c6,ResponseComplete,Metadata,get,/api,,5";
	outcomes o;
	read_text("rows.csv", text, sizeof text - 1, NULL, &o);
	CU_ASSERT_EQUAL(o.events, 3);
	CU_ASSERT_EQUAL(o.skipped, 3);
	assert_event(&o, 0, 2, "c1");
	assert_event(&o, 1, 4, "c2");
	assert_skipped(&o, 2, "rows.csv:6: bad event: missing \"AuditId\"");
	assert_skipped(&o, 3, "rows.csv:7: bad event: 4 fields where the header has 7");
	assert_skipped(&o, 4, "rows.csv:8:35: invalid CSV: expected ',' or a line break after "
	                      "a quoted field");
	assert_event(&o, 5, 9, "c6");
}

/* Rows far past the reader's 4 MiB window: records straddle refills, memory stays put. */
static void test_reader_csv_streams(void)
{
	const size_t rows = 40000;
	size_t cap = rows * 200 + 200, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text + len, cap - len, "AuditId,Stage,Level,Verb,RequestUri,User\n");
	for (size_t i = 0; i < rows; i++)
		len += (size_t)snprintf(text + len, cap - len,
		                        "id-%zu,ResponseComplete,Metadata,get,/api/v1/namespaces/n/pods,"
		                        "\"{\"\"username\"\":\"\"user-%zu\"\",\n\"\"groups\"\":[]}\"\n",
		                        i, i);
	event_reader *r = event_reader_open_memory("big.csv", text, len, NULL);
	audit_event ev;
	const char *message;
	size_t events = 0, last_line = 0;
	bool ids_in_order = true;
	char want[32];
	while (event_reader_next(r, &ev, &message) == EVENT_READ_EVENT) {
		snprintf(want, sizeof want, "id-%zu", events);
		ids_in_order &= span_eq(ev.audit_id, want);
		last_line = ev.line;
		events++;
	}
	CU_ASSERT_EQUAL(events, rows);
	CU_ASSERT_TRUE(ids_in_order);
	CU_ASSERT_EQUAL(last_line, 2 + 2 * (rows - 1)); /* two lines a row after the header */
	CU_ASSERT_EQUAL(event_reader_rows(r)->rows, rows);
	event_reader_close(r);
	free(text);
}

static void test_not_a_csv_header(void)
{
	/* a first line that is not a table's header is what it was before: not JSON */
	outcomes o;
	read_string("AuditId,Foo\n" EVENT("a") "\n", &o);
	CU_ASSERT_EQUAL(o.events, 1);
	CU_ASSERT_EQUAL(o.skipped, 1);
	assert_event(&o, 1, 2, "a");
}

static void count_event(const audit_event *ev, void *ctx)
{
	(void)ev;
	(*(size_t *)ctx)++;
}

/* log_feed adds up the rows and their _BilledSize over every LOG, for the volume's Azure
 * sink: 24 AKSAudit rows of the CSV export (30635 bytes billed) and 6 AKSAuditAdmin rows
 * (15587 bytes), the sums of their _BilledSize columns. */
static void test_feed_counts_billed_size(void)
{
	char *paths[] = { SOURCE_ROOT "/fixtures/aks/aksaudit.csv",
		          SOURCE_ROOT "/fixtures/aks/aksauditadmin-objects.json",
		          SOURCE_ROOT "/fixtures/logs/audit2rbac-demo.jsonl" };
	log_feed_options opts = log_feed_default_options();
	opts.progress = false;
	log_feed_counts counts;
	size_t events = 0;
	/* the notes at the end of each LOG go to stderr: keep them out of the test's output */
	fflush(stderr);
	int saved = dup(2), null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	int rc = log_feed(paths, 3, &opts, count_event, &events, &counts);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(counts.table_rows, 30);
	CU_ASSERT_EQUAL(counts.billed_rows, 30);
	CU_ASSERT_DOUBLE_EQUAL(counts.billed_bytes, 30635.0 + 15587.0, 0.0);
	CU_ASSERT(events > 30); /* the plain log's events are read too, and are not rows */
	CU_ASSERT_EQUAL(counts.records, events);
}

void register_tests(void)
{
	static const test_case csv_tests[] = {
		{ "plain and quoted fields", test_csv_plain_and_quoted },
		{ "incomplete until final", test_csv_incomplete_until_final },
		{ "invalid records", test_csv_invalid },
		{ NULL, NULL },
	};
	static const test_case row_tests[] = {
		{ "column names", test_column_names },
		{ "portal datetimes", test_portal_time },
		{ "Event from a JSON row", test_build_from_json_row },
		{ "Event from a CSV row", test_build_from_csv_row },
		{ "bad rows", test_bad_rows },
		{ NULL, NULL },
	};
	static const test_case reader_tests[] = {
		{ "JSON array of rows", test_reader_json_rows },
		{ "events are not rows", test_events_are_not_rows },
		{ "CSV export", test_reader_csv },
		{ "CSV streams past the window", test_reader_csv_streams },
		{ "a first line that is not a header", test_not_a_csv_header },
		{ "log_feed counts rows and billed size", test_feed_counts_billed_size },
		{ NULL, NULL },
	};
	add_suite("csv_rows", csv_tests);
	add_suite("aks_rows", row_tests);
	add_suite("reader_table_rows", reader_tests);
}
