/* event_writer and emitter: golden lines written by hand (fixtures/emit), the identity on
 * real recordings, and per-request bytes equal to the lines written. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitter.h"
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

static void observe(const emitted_line *line, void *ctx)
{
	run_stats *st = ctx;
	*id_slot(st, line->ev->audit_id) += line->bytes;
	if (line->synthesised) {
		st->synthesised += line->bytes;
		st->synthesised_lines++;
	} else {
		st->from_recorded += line->bytes;
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
	byte_sink sink = { .file = out };
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
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void check_golden(const char *level, const char *omf)
{
	char policy_path[256], expected_path[256];
	snprintf(policy_path, sizeof policy_path, "fixtures/emit/policy-%s-omf-%s.yaml", level, omf);
	snprintf(expected_path, sizeof expected_path, "fixtures/emit/expected-%s-omf-%s.jsonl", level,
	         omf);
	char *got = NULL;
	size_t got_len = 0, want_len;
	FILE *out = open_memstream(&got, &got_len);
	run_stats st;
	run(policy_path, "fixtures/emit/input.jsonl", out, &st);
	fclose(out);
	char *want = slurp(expected_path, &want_len);
	CU_ASSERT_EQUAL(got_len, want_len);
	CU_ASSERT_TRUE(got_len == want_len && memcmp(got, want, got_len) == 0);
	if (got_len != want_len || memcmp(got, want, got_len) != 0)
		fprintf(stderr, "\n%s: got\n%s", policy_path, got);
	free(got);
	free(want);
}

static void test_golden_metadata(void)
{
	check_golden("Metadata", "false");
	check_golden("Metadata", "true");
}

static void test_golden_request(void)
{
	check_golden("Request", "false");
	check_golden("Request", "true");
}

static void test_golden_request_response(void)
{
	check_golden("RequestResponse", "false");
	check_golden("RequestResponse", "true");
}

static double percent_off(uint64_t got, uint64_t want)
{
	return want ? 100.0 * ((double)got - (double)want) / (double)want : 0;
}

/* Every recorded line is reproduced byte for byte; the only extra lines are the
 * ResponseStarted of watches whose start precedes the sample (derived, counted apart). */
static void test_identity_aks_records(void)
{
	run_stats st;
	run("policies/aks-kube-audit.yaml",
	    "fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json", NULL, &st);
	CU_ASSERT_EQUAL(st.recorded_bytes, 18741);
	CU_ASSERT_EQUAL(st.from_recorded, st.recorded_bytes);
	CU_ASSERT_EQUAL(st.synthesised_lines, 2);
	printf("\n  identity sysdig-aks-eventhub-records: recorded %llu, written from recorded "
	       "stages %llu (%+.2f%%), derived ResponseStarted %u lines %llu bytes\n",
	       (unsigned long long)st.recorded_bytes, (unsigned long long)st.from_recorded,
	       percent_off(st.from_recorded, st.recorded_bytes), st.synthesised_lines,
	       (unsigned long long)st.synthesised);
}

/* One Azure row, and one pretty-printed RequestResponse update: written compact, which is
 * the recorded text without the whitespace between tokens (10945 bytes). */
static void test_identity_aks_single(void)
{
	run_stats st;
	run("policies/aks-kube-audit.yaml",
	    "fixtures/logs/sysdig-aks-eventhub-single-record-kube-audit-2020.json", NULL, &st);
	CU_ASSERT_EQUAL(st.from_recorded, st.recorded_bytes);
	CU_ASSERT_EQUAL(st.synthesised_lines, 0);
	run("policies/aks-kube-audit.yaml",
	    "fixtures/logs/sysdig-aks-kube-audit-event-RequestResponse-pretty-2020.json", NULL, &st);
	CU_ASSERT_EQUAL(st.from_recorded, 10945);
	CU_ASSERT_EQUAL(st.synthesised_lines, 0);
}

/* audit2rbac's demo log is v1beta1-shaped (metadata, timestamp, no v1 timestamps): each
 * line loses "metadata" and "timestamp" and gains the two six-digit v1 timestamps. */
static void test_identity_audit2rbac(void)
{
	run_stats st;
	run("fixtures/corpus-policies/audit2rbac-demo-policy.yaml", "fixtures/logs/audit2rbac-demo.jsonl",
	    NULL, &st);
	CU_ASSERT_EQUAL(st.recorded_bytes, 22129);
	CU_ASSERT_EQUAL(st.synthesised_lines, 0);
	double off = percent_off(st.from_recorded, st.recorded_bytes);
	CU_ASSERT_TRUE(off > 0 && off < 2.5);
	printf("\n  identity audit2rbac-demo: recorded %llu, written %llu (%+.2f%%)\n",
	       (unsigned long long)st.recorded_bytes, (unsigned long long)st.from_recorded, off);
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
		{ "identity: AKS Event Hub records", test_identity_aks_records },
		{ "identity: single AKS row, pretty event", test_identity_aks_single },
		{ "identity: audit2rbac demo (v1beta1 shape)", test_identity_audit2rbac },
		{ "request bytes equal written lines", test_bytes_match_on_every_fixture },
		{ NULL, NULL },
	};
	add_suite("event_writer", tests);
}
