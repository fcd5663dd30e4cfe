/* export formats, terminal fitting and the report's building blocks, each checked on
 * small hand-made inputs: CSV quoting and formula guard, the summary CSV, Prometheus and
 * HTML report written from typed figures with a different number in every cell (so a
 * dropped figure fails), HTML escaping, column fitting, time buckets. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "export_formats.h"
#include "html_out.h"
#include "report_html.h"
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

/* One policy's figures with a different number in every cell, so a figure that an output
 * drops, or takes from the wrong place, shows as a wrong or missing number. Two rules:
 * rule 0 Metadata on line 5, rule 1 RequestResponse on line 9. */
typedef struct {
	policy_rule rules[2];
	policy policy;
	count_pair by_rule[2];
	replay_summary summary;
	volume_pair volume_by_rule[2];
	volume_figures volume;
} figures_fixture;

static void fixture_init(figures_fixture *f)
{
	*f = (figures_fixture){ 0 };
	f->rules[0] = (policy_rule){ .level = LEVEL_METADATA, .pos = { 5, 3 } };
	f->rules[1] = (policy_rule){ .level = LEVEL_REQUEST_RESPONSE, .pos = { 9, 3 } };
	f->policy.file = "p\"q.yaml";
	f->policy.rules = f->rules;
	f->policy.rule_count = 2;
	f->by_rule[0] = (count_pair){ 21, 22 };
	f->by_rule[1] = (count_pair){ 23, 24 };
	f->summary = (replay_summary){ .policy = &f->policy,
		                       .total = { 110, 120 },
		                       .by_level = { { 13, 14 }, { 15, 16 }, { 17, 18 }, { 19, 20 } },
		                       .by_rule = f->by_rule,
		                       .unmatched = { 25, 26 } };
	f->volume_by_rule[0] = (volume_pair){ 40, 4000 };
	f->volume_by_rule[1] = (volume_pair){ 41, 4100 };
	volume_figures *v = &f->volume;
	*v = (volume_figures){ .total = { 310, 31000 },
		               .written_bytes = 29000,
		               .modelled_bytes = 2000,
		               .gzip_bytes = 9000,
		               .gzip_modelled_bytes = 620,
		               .gzip_ratio = 8380.0 / 29000,
		               .gzip_sampled_fraction = 1,
		               .by_level = { { 32, 3200 }, { 33, 3300 }, { 34, 3400 }, { 35, 3500 } },
		               .by_stage = { { 36, 3600 }, { 37, 3700 }, { 38, 3800 }, { 39, 3900 } },
		               .by_rule = f->volume_by_rule,
		               .rule_count = 2,
		               .rate = { .known = true, .basis = PROJECTION_DURATION, .basis_seconds = 60,
		                         .requests = 110, .scale = 1, .events_per_day = 453600,
		                         .bytes_per_day = 5e8, .gzip_bytes_per_day = 1.3e8,
		                         .events_per_second = 5.25, .gb_per_day = 0.5,
		                         .gb_per_30_days = 15 },
		               .time_span_known = true,
		               .time_span_seconds = 60,
		               .first_time = "2020-05-05T15:45:00Z",
		               .last_time = "2020-05-05T15:46:00Z",
		               .rotation = { .maxsize_mb = 101, .maxbackup = 7, .maxage_days = 30 },
		               .rotation_applies = true, /* no sink: the log file, as volume_figures_of says */
		               .retention = { .days_min = 1.5, .days_max = 2.5, .disk_bytes = 8e8 },
		               .price_per_gb = 0.25,
		               .cost_per_30_days = 3.75 };
	v->top[VOLUME_TOP_USERS] = (volume_top){ { { "=alice", { 42, 4200 } } }, 1 };
	v->top[VOLUME_TOP_RESOURCES] = (volume_top){ { { "pods", { 43, 4300 } } }, 1 };
	v->top[VOLUME_TOP_VERBS] = (volume_top){ { { "get", { 44, 4400 } } }, 1 };
	v->top[VOLUME_TOP_NAMESPACES] = (volume_top){ { { "kube-system", { 45, 4500 } } }, 1 };
}

static void test_summary_csv(void)
{
	figures_fixture f;
	fixture_init(&f);
	char *text;
	CAPTURE(text, export_summary_csv(out, &f.summary, &f.volume));
	/* the whole table: every row, every cell */
	CU_ASSERT_STRING_EQUAL(text, "dimension,name,level,line,requests,events,bytes\n"
	                             "total,,,,110,120,31000\n"
	                             "level,None,None,,13,14,3200\n"
	                             "level,Metadata,Metadata,,15,16,3300\n"
	                             "level,Request,Request,,17,18,3400\n"
	                             "level,RequestResponse,RequestResponse,,19,20,3500\n"
	                             "stage,RequestReceived,,,,36,3600\n"
	                             "stage,ResponseStarted,,,,37,3700\n"
	                             "stage,ResponseComplete,,,,38,3800\n"
	                             "stage,Panic,,,,39,3900\n"
	                             "rule,0,Metadata,5,21,22,4000\n"
	                             "rule,1,RequestResponse,9,23,24,4100\n"
	                             "unmatched,,None,,25,26,0\n"
	                             "user,\"'=alice\",,,,42,4200\n"
	                             "resource,pods,,,,43,4300\n"
	                             "verb,get,,,,44,4400\n"
	                             "namespace,kube-system,,,,45,4500\n");
	free(text);
}

/* Every sample line of the Prometheus output, in order (HELP and TYPE lines left out). */
static char *prom_samples(const char *text)
{
	char *samples;
	size_t len;
	FILE *out = open_memstream(&samples, &len);
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		if (line[0] != '#')
			fwrite(line, 1, n, out);
		line += n;
	}
	fclose(out);
	return samples;
}

static void test_prom(void)
{
	figures_fixture f;
	fixture_init(&f);
	char *text;
	CAPTURE(text, export_prom(out, &f.summary, &f.volume));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "# HELP auditsim_events "));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "# TYPE auditsim_events gauge\n"));
	/* each family's HELP and TYPE exactly once */
	const char *first = strstr(text, "# TYPE auditsim_bytes gauge");
	CU_ASSERT_PTR_NOT_NULL(first);
	CU_ASSERT_PTR_NULL(first ? strstr(first + 1, "# TYPE auditsim_bytes gauge") : NULL);
	/* every sample, the quote in the policy name escaped in the label */
	char *samples = prom_samples(text);
#define P "{policy=\"p\\\"q.yaml\""
	CU_ASSERT_STRING_EQUAL(samples,
		"auditsim_requests" P ",level=\"None\"} 13\n"
		"auditsim_requests" P ",level=\"Metadata\"} 15\n"
		"auditsim_requests" P ",level=\"Request\"} 17\n"
		"auditsim_requests" P ",level=\"RequestResponse\"} 19\n"
		"auditsim_events" P ",level=\"None\"} 32\n"
		"auditsim_events" P ",level=\"Metadata\"} 33\n"
		"auditsim_events" P ",level=\"Request\"} 34\n"
		"auditsim_events" P ",level=\"RequestResponse\"} 35\n"
		"auditsim_bytes" P ",level=\"None\"} 3200\n"
		"auditsim_bytes" P ",level=\"Metadata\"} 3300\n"
		"auditsim_bytes" P ",level=\"Request\"} 3400\n"
		"auditsim_bytes" P ",level=\"RequestResponse\"} 3500\n"
		"auditsim_stage_events" P ",stage=\"RequestReceived\"} 36\n"
		"auditsim_stage_events" P ",stage=\"ResponseStarted\"} 37\n"
		"auditsim_stage_events" P ",stage=\"ResponseComplete\"} 38\n"
		"auditsim_stage_events" P ",stage=\"Panic\"} 39\n"
		"auditsim_stage_bytes" P ",stage=\"RequestReceived\"} 3600\n"
		"auditsim_stage_bytes" P ",stage=\"ResponseStarted\"} 3700\n"
		"auditsim_stage_bytes" P ",stage=\"ResponseComplete\"} 3800\n"
		"auditsim_stage_bytes" P ",stage=\"Panic\"} 3900\n"
		"auditsim_rule_requests" P ",rule=\"0\",line=\"5\",level=\"Metadata\"} 21\n"
		"auditsim_rule_requests" P ",rule=\"1\",line=\"9\",level=\"RequestResponse\"} 23\n"
		"auditsim_rule_events" P ",rule=\"0\",line=\"5\",level=\"Metadata\"} 40\n"
		"auditsim_rule_events" P ",rule=\"1\",line=\"9\",level=\"RequestResponse\"} 41\n"
		"auditsim_rule_bytes" P ",rule=\"0\",line=\"5\",level=\"Metadata\"} 4000\n"
		"auditsim_rule_bytes" P ",rule=\"1\",line=\"9\",level=\"RequestResponse\"} 4100\n"
		"auditsim_gzip_bytes" P "} 9000\n"
		"auditsim_gzip_modelled_bytes" P "} 620\n"
		"auditsim_modelled_bytes" P "} 2000\n"
		"auditsim_projection_basis_seconds" P ",basis=\"duration\"} 60\n"
		"auditsim_projected_events_per_day" P "} 453600\n"
		"auditsim_projected_bytes_per_day" P "} 500000000\n"
		"auditsim_projected_gzip_bytes_per_day" P "} 130000000\n");
#undef P
	free(samples);
	free(text);
	/* withheld: no projection family */
	f.volume.rate.known = false;
	CAPTURE(text, export_prom(out, &f.summary, &f.volume));
	CU_ASSERT_PTR_NULL(strstr(text, "auditsim_projected_"));
	free(text);
}

/* The report written from the fixture, one policy, no source text, no findings. */
static char *fixture_report(const figures_fixture *f)
{
	static char *logs[] = { "audit.log" };
	time_series times = { 0 };
	diag_list lint;
	diag_list_init(&lint, "p.yaml");
	report_input in = { .logs = logs, .log_count = 1, .side_count = 1, .version = "test" };
	in.sides[0] = (report_side){ .path = "p.yaml", .policy = &f->policy, .summary = &f->summary,
		                     .volume = &f->volume, .times = &times, .lint = &lint };
	char *text;
	CAPTURE(text, report_write_html(out, &in));
	diag_list_free(&lint);
	return text;
}

static void assert_contains(const char *text, const char *part)
{
	CU_ASSERT_PTR_NOT_NULL(strstr(text, part));
	if (!strstr(text, part))
		fprintf(stderr, "\nnot in the report: %s\n", part);
}

static void test_report_figures(void)
{
	figures_fixture f;
	fixture_init(&f);
	char *html = fixture_report(&f);
	static const char *const parts[] = {
		/* the cards */
		"<div class=\"k\">requests</div><div class=\"v\">110</div>",
		"<div class=\"k\">events written</div><div class=\"v\">310</div>",
		"<div class=\"k\">bytes</div><div class=\"v\">31.0 kB</div>",
		"<div class=\"k\">gzip</div><div class=\"v\">9.00 kB</div>",
		"<div class=\"k\">projected per day</div><div class=\"v\">500 MB</div>",
		"<div class=\"k\">cost per 30 days</div><div class=\"v\">3.75 (at 0.25 per GB)</div>",
		/* each rule's shares: requests, events (summary), bytes (volume) */
		"requests 19.1%", "events 18.3%", "bytes 12.9%",
		"requests 20.9%", "events 20.0%", "bytes 13.2%",
		"<td class=\"shares\">25 requests</td>",
		/* bytes by level and stage */
		"<title>None: 3.20 kB</title>", "<title>Metadata: 3.30 kB</title>",
		"<title>Request: 3.40 kB</title>", "<title>RequestResponse: 3.50 kB</title>",
		"<title>RequestReceived: 3.60 kB</title>", "<title>ResponseStarted: 3.70 kB</title>",
		"<title>ResponseComplete: 3.80 kB</title>", "<title>Panic: 3.90 kB</title>",
		/* the top tables */
		"<title>=alice: 4.20 kB</title>", "<title>pods: 4.30 kB</title>",
		"<title>get: 4.40 kB</title>", "<title>kube-system: 4.50 kB</title>",
		/* projection, retention, cost */
		"<td class=\"num\">31.0 kB (6% modelled)</td>",
		"<td class=\"num\">9.00 kB, of which 620 B modelled (written: 28.9%)</td>",
		"<td class=\"num\">2020-05-05T15:45:00Z to 2020-05-05T15:46:00Z</td>",
		"<td class=\"num\">from 60 s of traffic (--duration 1m), 110 requests, scale 1</td>",
		"<td class=\"num\">500 MB (gzip 130 MB)</td>",
		"<td class=\"num\">15.0 GB</td>",
		"retention (--audit-log-maxsize=101 --audit-log-maxbackup=7 --audit-log-maxage=30)",
		"<td class=\"num\">1.5 to 2.5 days, at most 800 MB on disk</td>",
		"<td class=\"num\">3.75 per 30 days at 0.25 per GB</td>",
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		assert_contains(html, parts[i]);
	free(html);
	/* no time span, projection withheld: no projection, retention or cost, and why */
	f.volume.rate.known = false;
	f.volume.time_span_known = false;
	snprintf(f.volume.projection_withheld, sizeof f.volume.projection_withheld, "%s",
	         "only 0 s & 1 request");
	f.volume.retention = (retention){ 0 };
	html = fixture_report(&f);
	assert_contains(html, "<div class=\"k\">projected per day</div><div class=\"v\">n/a</div>");
	assert_contains(html, "<div class=\"k\">cost per 30 days</div><div class=\"v\">n/a</div>");
	assert_contains(html, "<td class=\"num\">unknown</td>");
	assert_contains(html, "<td class=\"num\">withheld: only 0 s &amp; 1 request</td>");
	assert_contains(html, "<td class=\"num\">n/a (withheld)</td>");
	assert_contains(html, "<td class=\"num\">n/a (no projection)</td>");
	free(html);
}

/* Three policies side by side: A the fixture, B with twice its requests and bytes, C
 * thrice; each figure must appear in its policy's column of a row that lines up. */
static void test_report_three_policies(void)
{
	static char *logs[] = { "audit.log" };
	static const char *const paths[3] = { "a.yaml", "b.yaml", "c.yaml" };
	figures_fixture f[3];
	time_series times = { 0 };
	diag_list lint;
	diag_list_init(&lint, "p.yaml");
	security_tally tallies[3] = { 0 };
	report_input in = { .logs = logs, .log_count = 1, .side_count = 3, .version = "test" };
	for (size_t i = 0; i < 3; i++) {
		fixture_init(&f[i]);
		f[i].summary.total.requests = 110 + 100 * i;
		f[i].volume.total.bytes = 31000 * (i + 1);
		in.sides[i] = (report_side){ .path = paths[i], .policy = &f[i].policy,
			                     .summary = &f[i].summary, .volume = &f[i].volume,
			                     .times = &times, .lint = &lint, .categories = &tallies[i] };
	}
	f[1].volume.by_level[LEVEL_REQUEST].bytes = 6800;
	f[1].volume.top[VOLUME_TOP_USERS] = (volume_top){ { { "=bob", { 50, 5000 } } }, 1 };
	f[2].volume.top[VOLUME_TOP_USERS].entries[0].total.bytes = 1000;
	/* four secret reads: A logs them at Metadata, B at RequestResponse, C not at all */
	security_category_set reads = SECURITY_BIT(SECURITY_SECRET_READS);
	for (int k = 0; k < 4; k++) {
		security_tally_add(&tallies[0], reads, LEVEL_METADATA);
		security_tally_add(&tallies[1], reads, LEVEL_REQUEST_RESPONSE);
		security_tally_add(&tallies[2], reads, LEVEL_NONE);
	}
	diff_report ab = { .requests = 110, .changed = 7 }, ac = { .requests = 110, .changed = 9 };
	in.diffs[1] = &ab;
	in.diffs[2] = &ac;
	char *html;
	CAPTURE(html, report_write_html(out, &in));
	static const char *const parts[] = {
		"<title>auditsim report: a.yaml vs b.yaml vs c.yaml</title>",
		"Policy <code>a.yaml</code> against <code>b.yaml</code>, <code>c.yaml</code>",
		"<tr><th></th><th class=\"num side-head\">A: <code>a.yaml</code></th>"
		"<th class=\"num side-head\">B: <code>b.yaml</code></th>"
		"<th class=\"num side-head\">C: <code>c.yaml</code></th></tr>",
		/* the overview: one row per figure, one column per policy */
		"<tr><th>requests</th><td class=\"num\">110</td><td class=\"num\">210</td>"
		"<td class=\"num\">310</td></tr>",
		"<tr><th>bytes</th><td class=\"num\">31.0 kB</td><td class=\"num\">62.0 kB</td>"
		"<td class=\"num\">93.0 kB</td></tr>",
		/* bytes by level: B's Request bytes are 6,800 of 62,000 */
		"6.80 kB <span class=\"muted\">11.0%</span>",
		/* the top users line up by name; "–" where a name is not in a policy's top */
		"<tr><th>=alice</th><td class=\"num share-cell top-cell\">4.20 kB <span class=\"muted\">"
		"13.5%</span>",
		"<td class=\"num muted\">–</td><td class=\"num share-cell top-cell\">1.00 kB <span "
		"class=\"muted\">1.1%</span>",
		"<tr><th>=bob</th><td class=\"num muted\">–</td><td class=\"num share-cell top-cell\">"
		"5.00 kB <span class=\"muted\">8.1%</span>",
		/* projection: each policy's bytes in its column */
		"<td class=\"num\">31.0 kB (6% modelled)</td><td class=\"num\">62.0 kB (3% modelled)</td>"
		"<td class=\"num\">93.0 kB (2% modelled)</td>",
		/* security categories: logged of all, then by level */
		"<tr class=\"category\"><th>secret reads</th><td class=\"num\">4 <span class=\"muted\">"
		"of 4</span></td><td class=\"num\">4 <span class=\"muted\">of 4</span></td>"
		"<td class=\"num\">0 <span class=\"muted\">of 4</span></td></tr>",
		/* a transition section from A to each other policy */
		"<section id=\"diff\">\n<h2>From A to B: level transitions</h2>",
		"<section id=\"diff-C\">\n<h2>From A to C: level transitions</h2>",
		"<p>7 of 110 requests change level", "<p>9 of 110 requests change level",
		"<th>A \\ C</th>",
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		assert_contains(html, parts[i]);
	/* one level row per level, each with three cells */
	size_t cells = 0;
	for (const char *p = html; (p = strstr(p, "share-cell level-cell")); p++)
		cells++;
	CU_ASSERT_EQUAL(cells, 3 * LEVEL_COUNT);
	free(html);
	diag_list_free(&lint);
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
		{ "the report shows every figure", test_report_figures },
		{ "the report puts three policies side by side", test_report_three_policies },
		{ "HTML escaping and number formats", test_html_escape },
		{ "columns fit the terminal", test_fit_columns },
		{ "bytes per minute, per hour", test_time_buckets },
		{ "chart scale", test_nice_scale },
		{ NULL, NULL },
	};
	add_suite("export", tests);
}
