/* event_writer and emitter: golden lines written by hand (fixtures/emit), the identity on
 * real recordings, and per-request bytes equal to the lines written. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitter.h"
#include "file_read.h"
#include "log_source.h"
#include "policy_loader.h"
#include "replay.h"
#include "test_util.h"

#define MAX_IDS 256

typedef struct {
	uint64_t recorded_bytes;    /* each recorded event as one compact line */
	uint64_t from_recorded;     /* lines written from the event of the same stage */
	uint64_t synthesised;       /* lines derived from another stage's event */
	unsigned synthesised_lines;
	char ids[MAX_IDS][64];
	uint64_t id_bytes[MAX_IDS];
	size_t id_count;
	unsigned mismatches;
	unsigned requests;
	/* each line written from a recorded stage, against that recorded line */
	char *last_line; /* the line the sink saw last (its tap) */
	size_t last_len, last_cap;
	unsigned recorded_lines;   /* written from a recorded stage */
	unsigned exact_lines;      /* byte for byte the recorded line */
	unsigned converted_lines;  /* the recorded v1beta1-shaped line after the v1 change */
	unsigned differing_lines;  /* anything else */
} run_stats;

static uint64_t *id_slot(run_stats *st, span id)
{
	for (size_t i = 0; i < st->id_count; i++) {
		if (span_eq(id, st->ids[i]))
			return &st->id_bytes[i];
	}
	CU_ASSERT_FATAL(st->id_count < MAX_IDS && id.len < 64);
	memcpy(st->ids[st->id_count], id.ptr, id.len);
	st->ids[st->id_count][id.len] = '\0';
	st->id_bytes[st->id_count] = 0;
	return &st->id_bytes[st->id_count++];
}

static void tap(const char *line, size_t len, void *ctx)
{
	run_stats *st = ctx;
	if (len > st->last_cap) {
		st->last_cap = len;
		st->last_line = realloc(st->last_line, len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(st->last_line);
	}
	memcpy(st->last_line, line, len);
	st->last_len = len;
}

static span member_value(const audit_event *ev, const char *key, span *key_out)
{
	for (size_t m = 0; m < ev->member_count; m++) {
		if (span_eq(ev->members[m].key, key)) {
			*key_out = ev->members[m].key;
			return ev->members[m].value;
		}
	}
	return (span){ NULL, 0 };
}

/* The bytes of `"key":value,` (the member and the comma after it) within raw, or an empty
 * span when the member is absent or its key was unescaped elsewhere. */
static span member_with_comma(const audit_event *ev, const char *key)
{
	span k = { NULL, 0 };
	span v = member_value(ev, key, &k);
	const char *start = k.ptr ? k.ptr - 1 : NULL, *raw_end = ev->raw.ptr + ev->raw.len;
	if (!v.ptr || start < ev->raw.ptr || v.ptr + v.len >= raw_end || v.ptr[v.len] != ',')
		return (span){ NULL, 0 };
	return (span){ start, (size_t)(v.ptr + v.len + 1 - start) };
}

/* The documented v1beta1 -> v1 change of one recorded line (README, Volume): `metadata`
 * and `timestamp` go, and the two v1 timestamps, both the second-precision `timestamp` in
 * six-digit form, come in before `annotations` (or at the end). Returns false when the
 * line does not have that shape. out must hold raw.len + 128 bytes. */
static bool converted_from_v1beta1(const audit_event *ev, char *out, size_t *out_len)
{
	span metadata = member_with_comma(ev, "metadata");
	span timestamp = member_with_comma(ev, "timestamp");
	span k, ts = member_value(ev, "timestamp", &k);
	span received = member_value(ev, "requestReceivedTimestamp", &k);
	if (!metadata.ptr || !timestamp.ptr || received.ptr || ts.len != 22)
		return false;
	char stamps[128];
	int n = snprintf(stamps, sizeof stamps,
	                 "\"requestReceivedTimestamp\":%.20s.000000Z\",\"stageTimestamp\":%.20s.000000Z\"",
	                 ts.ptr, ts.ptr);
	span annotations = member_value(ev, "annotations", &k);
	const char *insert_at = annotations.ptr ? k.ptr - 1 : ev->raw.ptr + ev->raw.len - 1;
	size_t len = 0;
	for (const char *p = ev->raw.ptr; p < ev->raw.ptr + ev->raw.len; p++) {
		if (p == metadata.ptr || p == timestamp.ptr) {
			p += (p == metadata.ptr ? metadata.len : timestamp.len) - 1;
			continue;
		}
		if (p == insert_at) {
			if (!annotations.ptr)
				out[len++] = ',';
			memcpy(out + len, stamps, (size_t)n);
			len += (size_t)n;
			if (annotations.ptr)
				out[len++] = ',';
		}
		out[len++] = *p;
	}
	*out_len = len;
	return true;
}

static void compare_with_recorded(run_stats *st, const audit_event *ev)
{
	span line = { st->last_line, st->last_len - 1 }; /* without its newline */
	st->recorded_lines++;
	if (span_eq_span(line, ev->raw)) {
		st->exact_lines++;
		return;
	}
	char *converted = malloc(ev->raw.len + 128);
	size_t converted_len;
	if (converted_from_v1beta1(ev, converted, &converted_len) &&
	    span_eq_span(line, (span){ converted, converted_len }))
		st->converted_lines++;
	else
		st->differing_lines++;
	free(converted);
}

static void observe(const emitted_line *line, void *ctx)
{
	run_stats *st = ctx;
	*id_slot(st, line->ev->audit_id) += line->bytes;
	if (line->synthesised) {
		st->synthesised += line->bytes;
		st->synthesised_lines++;
	} else {
		st->from_recorded += line->bytes;
		compare_with_recorded(st, line->ev);
	}
}

/* What replay -o jsonl reports as "bytes" must be what was written for the request. */
static void on_request(const replay_request *req, void *ctx)
{
	run_stats *st = ctx;
	st->requests++;
	if (!req->open && req->bytes != *id_slot(st, req->audit_id))
		st->mismatches++;
}

/* Replays log through policy_path, writing to out (NULL: count only). */
static void run(const char *policy_path, const char *log, FILE *out, run_stats *st)
{
	memset(st, 0, sizeof *st);
	policy p;
	policy_init(&p);
	diag_list diags;
	diag_list_init(&diags, policy_path);
	CU_ASSERT_EQUAL_FATAL(policy_open(policy_path, &p, &diags), 0);
	diag_list_free(&diags);
	byte_sink sink = { .file = out, .tap = tap, .tap_ctx = st };
	emitter *em = emitter_new(&sink, 0);
	emitter_set_observer(em, observe, st);
	replay *r = replay_new(&p, 0, on_request, st);
	replay_set_event_hook(r, emitter_on_event, em);
	char *error = NULL;
	log_source *src = log_source_open(log, NULL, &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	audit_event ev;
	const char *message;
	event_read_status status;
	while ((status = log_source_next(src, &ev, &message)) != EVENT_READ_EOF) {
		if (status != EVENT_READ_EVENT)
			continue;
		st->recorded_bytes += ev.raw.len + 1;
		replay_add_event(r, &ev);
	}
	replay_finish(r);
	CU_ASSERT_EQUAL(st->mismatches, 0);
	CU_ASSERT_EQUAL(sink.bytes, st->from_recorded + st->synthesised);
	log_source_close(src);
	replay_free(r);
	emitter_free(em);
	policy_free(&p);
	free(st->last_line);
	st->last_line = NULL;
}

static char *slurp(const char *path, size_t *len)
{
	char *error = NULL;
	char *buf = file_read_all(path, 0, len, &error);
	if (!buf)
		fprintf(stderr, "\n%s\n", error);
	free(error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	return buf;
}

/* Prints the first line where got and want part, so a failing golden says what differs. */
static void report_first_difference(const char *name, const char *got, const char *want)
{
	for (unsigned line = 1;; line++) {
		const char *g_end = strchr(got, '\n'), *w_end = strchr(want, '\n');
		size_t g_len = g_end ? (size_t)(g_end - got) : strlen(got);
		size_t w_len = w_end ? (size_t)(w_end - want) : strlen(want);
		if (g_len != w_len || memcmp(got, want, g_len) != 0) {
			fprintf(stderr, "\n%s:%u:\n  got  %.*s\n  want %.*s\n", name, line, (int)g_len, got,
			        (int)w_len, want);
			return;
		}
		if (!g_end || !w_end)
			return;
		got = g_end + 1;
		want = w_end + 1;
	}
}

/* set "" is input.jsonl against expected-LEVEL-omf-OMF.jsonl; "flows-" is flows.jsonl
 * against expected-flows-LEVEL-omf-OMF.jsonl (fixtures/emit/README.md). */
static void check_golden(const char *set, const char *level, const char *omf)
{
	char policy_path[256], input_path[256], expected_path[256];
	snprintf(policy_path, sizeof policy_path, "fixtures/emit/policy-%s-omf-%s.yaml", level, omf);
	snprintf(input_path, sizeof input_path, "fixtures/emit/%s.jsonl", *set ? "flows" : "input");
	snprintf(expected_path, sizeof expected_path, "fixtures/emit/expected-%s%s-omf-%s.jsonl", set,
	         level, omf);
	char *got = NULL;
	size_t got_len = 0, want_len;
	FILE *out = open_memstream(&got, &got_len);
	run_stats st;
	run(policy_path, input_path, out, &st);
	fclose(out);
	char *want = slurp(expected_path, &want_len);
	bool same = got_len == want_len && memcmp(got, want, got_len) == 0;
	CU_ASSERT_TRUE(same);
	if (!same)
		report_first_difference(expected_path, got, want);
	free(got);
	free(want);
}

static void test_golden_metadata(void)
{
	check_golden("", "Metadata", "false");
	check_golden("", "Metadata", "true");
}

static void test_golden_request(void)
{
	check_golden("", "Request", "false");
	check_golden("", "Request", "true");
}

static void test_golden_request_response(void)
{
	check_golden("", "RequestResponse", "false");
	check_golden("", "RequestResponse", "true");
}

/* Every stage and flow of fixtures/emit/flows.jsonl at each level, with and without
 * omitManagedFields; the expected lines were written by hand from the semantics. */
static void test_golden_flows(void)
{
	static const char *const levels[] = { "Metadata", "Request", "RequestResponse" };
	for (size_t l = 0; l < 3; l++) {
		check_golden("flows-", levels[l], "false");
		check_golden("flows-", levels[l], "true");
	}
}

static double percent_off(uint64_t got, uint64_t want)
{
	return want ? 100.0 * ((double)got - (double)want) / (double)want : 0;
}

/* One line per recording, so the identity figures quoted in the README can be read off
 * the test log. */
static void report_identity(const char *name, const run_stats *st)
{
	printf("\n  identity %s: recorded %llu bytes; written from its %u recorded lines %llu "
	       "(%+.2f%%): %u exact, %u exact after the v1beta1->v1 change, %u other; derived "
	       "stages %u lines %llu bytes\n",
	       name, (unsigned long long)st->recorded_bytes, st->recorded_lines,
	       (unsigned long long)st->from_recorded,
	       percent_off(st->from_recorded, st->recorded_bytes), st->exact_lines,
	       st->converted_lines, st->differing_lines, st->synthesised_lines,
	       (unsigned long long)st->synthesised);
}

/* Every recorded line is reproduced byte for byte; the only extra lines are the
 * ResponseStarted of two watches whose start precedes the sample (derived, counted apart). */
static void test_identity_aks_records(void)
{
	run_stats st;
	run("policies/aks-kube-audit.yaml",
	    "fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json", NULL, &st);
	report_identity("sysdig-aks-eventhub-records (aks-kube-audit)", &st);
	CU_ASSERT_EQUAL(st.recorded_bytes, 18741);
	CU_ASSERT_EQUAL(st.recorded_lines, 22);
	CU_ASSERT_EQUAL(st.exact_lines, 22);
	CU_ASSERT_EQUAL(st.from_recorded, st.recorded_bytes);
	CU_ASSERT_EQUAL(st.synthesised_lines, 2);
	CU_ASSERT_EQUAL(st.synthesised, 1930);
}

/* One Azure row (exact), and one pretty-printed RequestResponse update: written compact,
 * which is the recorded text without the whitespace between tokens (10945 bytes). */
static void test_identity_aks_single(void)
{
	run_stats st;
	run("policies/aks-kube-audit.yaml",
	    "fixtures/logs/sysdig-aks-eventhub-single-record-kube-audit-2020.json", NULL, &st);
	report_identity("sysdig-aks-eventhub-single-record (aks-kube-audit)", &st);
	CU_ASSERT_EQUAL(st.exact_lines, 1);
	CU_ASSERT_EQUAL(st.differing_lines, 0);
	CU_ASSERT_EQUAL(st.from_recorded, st.recorded_bytes);
	CU_ASSERT_EQUAL(st.synthesised_lines, 0);
	run("policies/aks-kube-audit.yaml",
	    "fixtures/logs/sysdig-aks-kube-audit-event-RequestResponse-pretty-2020.json", NULL, &st);
	report_identity("sysdig-aks-kube-audit-event-RequestResponse-pretty (aks-kube-audit)", &st);
	CU_ASSERT_EQUAL(st.recorded_lines, 1);
	CU_ASSERT_EQUAL(st.from_recorded, 10945);
	CU_ASSERT_EQUAL(st.synthesised_lines, 0);
}

/* audit2rbac's demo log is labelled v1 but is v1beta1-shaped (metadata, timestamp, no v1
 * timestamps). Every line we write is the recorded line after exactly that change, so the
 * +2.17% (over the 1% bound) is the shape and nothing else. */
static void test_identity_audit2rbac(void)
{
	run_stats st;
	run("fixtures/corpus-policies/audit2rbac-demo-policy.yaml", "fixtures/logs/audit2rbac-demo.jsonl",
	    NULL, &st);
	report_identity("audit2rbac-demo (audit2rbac-demo-policy)", &st);
	CU_ASSERT_EQUAL(st.recorded_bytes, 22129);
	CU_ASSERT_EQUAL(st.recorded_lines, 37);
	CU_ASSERT_EQUAL(st.converted_lines, 37);
	CU_ASSERT_EQUAL(st.synthesised_lines, 0);
	CU_ASSERT_EQUAL(st.from_recorded, 22610);
}

static void test_bytes_match_on_every_fixture(void)
{
	static const char *const logs[] = {
		"fixtures/logs/audit2rbac-demo.jsonl",
		"fixtures/logs/falco-k8saudit-create_configmap_sensitive_values.jsonl",
		"fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json",
		"fixtures/logs/sysdig-aks-eventhub-single-record-kube-audit-2020.json",
		"fixtures/logs/sysdig-aks-kube-audit-event-RequestResponse-pretty-2020.json",
		"fixtures/emit/input.jsonl",
	};
	static const char *const policies[] = { "policies/aks-kube-audit.yaml", "policies/k8s-docs.yaml",
		                                "fixtures/emit/policy-RequestResponse-omf-true.yaml" };
	for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++) {
		for (size_t l = 0; l < sizeof logs / sizeof logs[0]; l++) {
			run_stats st;
			run(policies[p], logs[l], NULL, &st);
			CU_ASSERT_TRUE(st.requests > 0);
		}
	}
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "golden Metadata x omitManagedFields", test_golden_metadata },
		{ "golden Request x omitManagedFields", test_golden_request },
		{ "golden RequestResponse x omitManagedFields", test_golden_request_response },
		{ "golden flows: level x stage x long-running x omitManagedFields", test_golden_flows },
		{ "identity: AKS Event Hub records", test_identity_aks_records },
		{ "identity: single AKS row, pretty event", test_identity_aks_single },
		{ "identity: audit2rbac demo (v1beta1 shape)", test_identity_audit2rbac },
		{ "request bytes equal written lines", test_bytes_match_on_every_fixture },
		{ NULL, NULL },
	};
	add_suite("event_writer", tests);
}
