/* export formats, terminal fitting and the report's building blocks, each checked on
 * small hand-made inputs: CSV quoting and formula guard, the summary CSV and Prometheus
 * documents, HTML escaping, column fitting, time buckets. */
#include <CUnit/CUnit.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "export_formats.h"
#include "html_out.h"
#include "report_svg.h"
#include "term.h"
#include "test_util.h"
#include "time_buckets.h"

/* Runs write(out) into memory and returns the text (caller frees). */
#define CAPTURE(var, stmt)                                   \
	do {                                                     \
		size_t capture_len;                                  \
		FILE *out = open_memstream(&(var), &capture_len);    \
		stmt;                                                \
		fclose(out);                                         \
	} while (0)

static void test_csv_field(void)
{
	char *text;
	CAPTURE(text, csv_field(out, span_of("plain")));
	CU_ASSERT_STRING_EQUAL(text, "plain");
	free(text);
	CAPTURE(text, csv_field(out, span_of("a,b \"q\"")));
	CU_ASSERT_STRING_EQUAL(text, "\"a,b \"\"q\"\"\"");
	free(text);
	CAPTURE(text, csv_field(out, span_of("line\nbreak")));
	CU_ASSERT_STRING_EQUAL(text, "\"line\nbreak\"");
	free(text);
	/* a spreadsheet would run these as formulas */
	CAPTURE(text, csv_field(out, span_of("=HYPERLINK(\"x\")")));
	CU_ASSERT_STRING_EQUAL(text, "\"'=HYPERLINK(\"\"x\"\")\"");
	free(text);
	CAPTURE(text, csv_field(out, span_of("@sum")));
	CU_ASSERT_STRING_EQUAL(text, "\"'@sum\"");
	free(text);
	CAPTURE(text, csv_field(out, (span){ NULL, 0 }));
	CU_ASSERT_STRING_EQUAL(text, "");
	free(text);
}

static json_t *small_doc(void)
{
	json_error_t err;
	json_t *doc = json_loads(
		"{\"policy\":\"p\\\"q.yaml\",\"requests\":3,\"events\":4,"
		"\"byLevel\":{\"None\":{\"requests\":1,\"events\":0},\"Metadata\":{\"requests\":2,\"events\":4},"
		"\"Request\":{\"requests\":0,\"events\":0},\"RequestResponse\":{\"requests\":0,\"events\":0}},"
		"\"byRule\":[{\"rule\":0,\"line\":5,\"level\":\"Metadata\",\"requests\":2,\"events\":4}],"
		"\"unmatched\":{\"requests\":1,\"events\":0},"
		"\"volume\":{\"bytes\":1000,\"gzipBytes\":300,\"modelledBytes\":0,\"gbPerDay\":0.5,"
		"\"byLevel\":{\"Metadata\":{\"events\":4,\"bytes\":1000}},"
		"\"byStage\":{\"ResponseComplete\":{\"events\":4,\"bytes\":1000}},"
		"\"byRule\":[{\"rule\":0,\"events\":4,\"bytes\":1000}],"
		"\"topUsers\":[{\"name\":\"=alice\",\"events\":4,\"bytes\":1000}]}}",
		0, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	return doc;
}

static void test_summary_csv(void)
{
	json_t *doc = small_doc();
	char *text;
	CAPTURE(text, export_summary_csv(out, doc));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "dimension,name,level,line,requests,events,bytes\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\ntotal,,,,3,4,1000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nlevel,Metadata,Metadata,,2,4,1000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nstage,ResponseComplete,,,,4,1000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nrule,0,Metadata,5,2,4,1000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nunmatched,,None,,1,0,0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nuser,\"'=alice\",,,,4,1000\n"));
	free(text);
	json_decref(doc);
}

static void test_prom(void)
{
	json_t *doc = small_doc();
	char *text;
	CAPTURE(text, export_prom(out, doc));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "# HELP auditsim_events "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "# TYPE auditsim_events gauge\n"));
	/* the quote in the policy name is escaped in the label */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "auditsim_events{policy=\"p\\\"q.yaml\",level=\"Metadata\"} 4\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "auditsim_bytes{policy=\"p\\\"q.yaml\",level=\"Metadata\"} 1000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
		"auditsim_rule_bytes{policy=\"p\\\"q.yaml\",rule=\"0\",line=\"5\",level=\"Metadata\"} 1000\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "auditsim_projected_bytes_per_day{policy=\"p\\\"q.yaml\"} 500000000\n"));
	/* each family's HELP and TYPE exactly once */
	const char *first = strstr(text, "# TYPE auditsim_bytes gauge");
	CU_ASSERT_PTR_NOT_NULL(first);
	CU_ASSERT_PTR_NULL(first ? strstr(first + 1, "# TYPE auditsim_bytes gauge") : NULL);
	free(text);
	json_decref(doc);
}

static void test_html_escape(void)
{
	char *text;
	CAPTURE(text, html_escape_str(out, "<script>\"a\" & 'b'</script>"));
	CU_ASSERT_STRING_EQUAL(text, "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;");
	free(text);
	CAPTURE(text, html_escape(out, "a\0b\x1b", 4));
	CU_ASSERT_STRING_EQUAL(text, "a&#xFFFD;b&#xFFFD;");
	free(text);
	char buf[32];
	CU_ASSERT_STRING_EQUAL(format_bytes(buf, sizeof buf, 950), "950 B");
	CU_ASSERT_STRING_EQUAL(format_bytes(buf, sizeof buf, 950994), "951 kB");
	CU_ASSERT_STRING_EQUAL(format_bytes(buf, sizeof buf, 1.21e9), "1.21 GB");
	CU_ASSERT_STRING_EQUAL(format_count(buf, sizeof buf, 1234567), "1,234,567");
	CU_ASSERT_STRING_EQUAL(format_count(buf, sizeof buf, 12), "12");
}

static void test_fit_columns(void)
{
	const term_column cols[] = { { 36, 36, 1 }, { 16, 8, 0 }, { 32, 12, 0 }, { 4, 4, 0 } };
	int w[4];
	term_fit_columns(cols, 4, 0, 1, w); /* no limit: natural */
	CU_ASSERT(w[0] == 36 && w[1] == 16 && w[2] == 32 && w[3] == 4);
	term_fit_columns(cols, 4, 60, 1, w); /* the droppable column goes first: 16+32+4+2 */
	CU_ASSERT(w[0] == 0 && w[1] == 16 && w[2] == 32 && w[3] == 4);
	term_fit_columns(cols, 4, 40, 1, w); /* then the widest is squeezed: 40 - 2 gaps = 38 */
	CU_ASSERT_EQUAL(w[0], 0);
	CU_ASSERT_EQUAL(w[1] + w[2] + w[3], 38);
	CU_ASSERT(w[2] >= 12 && w[1] >= 8);
	term_fit_columns(cols, 4, 10, 1, w); /* nothing below the minimums */
	CU_ASSERT(w[1] == 8 && w[2] == 12 && w[3] == 4);
}

static void test_time_buckets(void)
{
	time_buckets *tb = time_buckets_new();
	audit_event ev = { 0 };
	ev.stage_timestamp = span_of("2020-05-05T15:45:26.5Z");
	time_buckets_add(tb, &ev, 100, 1);
	ev.stage_timestamp = span_of("2020-05-05T15:47:59Z");
	time_buckets_add(tb, &ev, 50, 1);
	ev.stage_timestamp = span_of("2020-05-05T15:45:00Z"); /* out of order: same minute */
	time_buckets_add(tb, &ev, 7, 1);
	ev.stage_timestamp = span_of("not a time");
	time_buckets_add(tb, &ev, 9, 1);
	time_series s = time_buckets_series(tb, 720);
	CU_ASSERT_EQUAL(s.width, 60);
	CU_ASSERT_EQUAL_FATAL(s.count, 3); /* 15:45, 15:46 (empty), 15:47 */
	CU_ASSERT_EQUAL(s.buckets[0].bytes, 107);
	CU_ASSERT_EQUAL(s.buckets[0].events, 2);
	CU_ASSERT_EQUAL(s.buckets[1].bytes, 0);
	CU_ASSERT_EQUAL(s.buckets[2].bytes, 50);
	CU_ASSERT_EQUAL(s.buckets[0].start % 60, 0);
	CU_ASSERT_EQUAL(s.untimed_bytes, 9);
	time_series_free(&s);
	/* two points a day apart do not fit 720 minutes: per hour */
	ev.stage_timestamp = span_of("2020-05-06T16:00:00Z");
	time_buckets_add(tb, &ev, 1, 1);
	s = time_buckets_series(tb, 720);
	CU_ASSERT_EQUAL(s.width, 3600);
	CU_ASSERT_EQUAL(s.count, 26); /* 15:00 on the 5th to 16:00 on the 6th */
	CU_ASSERT_EQUAL(s.buckets[0].bytes, 157);
	time_series_free(&s);
	time_buckets_free(tb);
}

static void test_nice_scale(void)
{
	CU_ASSERT_DOUBLE_EQUAL(nice_scale_top(310000), 400000, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(nice_scale_top(118000), 200000, 1e-6);
	CU_ASSERT_DOUBLE_EQUAL(nice_scale_top(0), 4, 1e-9);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "CSV field quoting and formula guard", test_csv_field },
		{ "summary CSV", test_summary_csv },
		{ "Prometheus text format", test_prom },
		{ "HTML escaping and number formats", test_html_escape },
		{ "columns fit the terminal", test_fit_columns },
		{ "bytes per minute, per hour", test_time_buckets },
		{ "chart scale", test_nice_scale },
		{ NULL, NULL },
	};
	add_suite("export", tests);
}
