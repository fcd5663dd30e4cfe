/* event_writer_measure: the length replay counts without building a line is the length
 * of the line emit writes, for every event of every shipped log (fixtures/logs,
 * fixtures/aks, fixtures/emit) at every level, stage, managedFields setting, synthesis and
 * kube-apiserver version; and the byte_sink builds a line only when its tap needs it. */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_writer.h"
#include "log_source.h"
#include "test_util.h"

typedef struct {
	size_t lines_tapped, bytes_tapped, skipped_bytes;
	bool needs;
} tap_state;

static void tap(const char *line, size_t len, void *ctx)
{
	tap_state *t = ctx;
	if (line) {
		t->lines_tapped++;
		t->bytes_tapped += len;
	} else {
		t->skipped_bytes += len;
	}
}

static bool tap_needs(size_t len, void *ctx)
{
	(void)len;
	return ((tap_state *)ctx)->needs;
}

/* Every spec for ev: measured and built lengths (and body lengths) agree. Returns the
 * number of specs compared. */
static size_t compare_specs(event_writer *w, const audit_event *ev, FILE *sink_file)
{
	static const request_attrs no_name = { 0 }; /* a URL without name or namespace */
	const kube_version versions[] = { { 0 }, { 30 } };
	size_t compared = 0;
	for (int level = LEVEL_METADATA; level < LEVEL_COUNT; level++)
	for (int stage = 0; stage < STAGE_COUNT; stage++)
	for (int flags = 0; flags < 8; flags++)
	for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
		emit_spec spec = { .level = (audit_level)level, .stage = (audit_stage)stage,
			           .omit_managed_fields = flags & 1, .synthesised = flags & 2,
			           .url_attrs = flags & 4 ? &no_name : NULL,
			           .kube_version = versions[v] };
		emit_result m = event_writer_measure(w, ev, &spec);
		CU_ASSERT_EQUAL(event_writer_line(w).len, 0); /* nothing built */
		rewind(sink_file);
		byte_sink sink = { .file = sink_file };
		emit_result b = event_writer_write(w, ev, &spec, &sink);
		span line = event_writer_line(w);
		CU_ASSERT_EQUAL(line.len + 1, b.bytes);
		CU_ASSERT_EQUAL(sink.bytes, b.bytes);
		CU_ASSERT_EQUAL(m.bytes, b.bytes);
		CU_ASSERT_EQUAL(m.request_object_bytes, b.request_object_bytes);
		CU_ASSERT_EQUAL(m.response_object_bytes, b.response_object_bytes);
		if (m.bytes != b.bytes)
			fprintf(stderr, "\n%s:%zu level %d stage %d flags %d: measured %zu, built %zu\n",
			        ev->file, ev->line, level, stage, flags, m.bytes, b.bytes);
		compared++;
	}
	return compared;
}

static bool is_log(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (strcmp(dot, ".json") == 0 || strcmp(dot, ".jsonl") == 0 ||
	               strcmp(dot, ".csv") == 0);
}

/* Returns the number of events of the logs in dir. */
static size_t compare_dir(const char *dir, event_writer *w, FILE *sink_file)
{
	DIR *d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	size_t events = 0;
	struct dirent *entry;
	while ((entry = readdir(d))) {
		if (!is_log(entry->d_name))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
		char *error = NULL;
		log_source *src = log_source_open(path, NULL, &error);
		free(error);
		if (!src)
			continue;
		audit_event ev;
		const char *message;
		event_read_status status;
		while ((status = log_source_next(src, &ev, &message)) != EVENT_READ_EOF &&
		       status != EVENT_READ_ERROR) {
			if (status != EVENT_READ_EVENT)
				continue;
			CU_ASSERT_EQUAL(compare_specs(w, &ev, sink_file), 3 * STAGE_COUNT * 8 * 2);
			events++;
		}
		log_source_close(src);
	}
	closedir(d);
	return events;
}

static void test_measured_is_written(void)
{
	event_writer *w = event_writer_new(0);
	FILE *sink_file = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(sink_file);
	/* more than 50 logs with a few events each; the counts only guard against a
	 * directory read as empty */
	CU_ASSERT_TRUE(compare_dir("fixtures/logs", w, sink_file) > 300);
	CU_ASSERT_TRUE(compare_dir("fixtures/aks", w, sink_file) > 20);
	CU_ASSERT_TRUE(compare_dir("fixtures/emit", w, sink_file) > 10);
	fclose(sink_file);
	event_writer_free(w);
}

/* A compact event with a space in a string and a pretty-printed one: the measured
 * lengths are hand-counted. */
static void test_measured_by_hand(void)
{
	static const char log[] =
	    "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
	    "\"auditID\":\"a\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api\",\"verb\":\"get\","
	    "\"user\":{\"username\":\"u v\"},"
	    "\"requestReceivedTimestamp\":\"2025-01-01T00:00:00Z\","
	    "\"stageTimestamp\":\"2025-01-01T00:00:00.5Z\"}\n"
	    "{ \"kind\" : \"Event\", \"apiVersion\" : \"audit.k8s.io/v1\", \"level\" : \"Metadata\",\n"
	    "  \"auditID\" : \"a\", \"stage\" : \"ResponseComplete\", \"requestURI\" : \"/api\",\n"
	    "  \"verb\" : \"get\", \"user\" : { \"username\" : \"u v\" },\n"
	    "  \"requestReceivedTimestamp\" : \"2025-01-01T00:00:00Z\",\n"
	    "  \"stageTimestamp\" : \"2025-01-01T00:00:00.5Z\" }\n";
	FILE *f = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(log, f);
	fflush(f);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
	char *error = NULL;
	log_source *src = log_source_open(path, NULL, &error);
	free(error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	event_writer *w = event_writer_new(0);
	emit_spec spec = { .level = LEVEL_METADATA, .stage = STAGE_RESPONSE_COMPLETE };
	/* {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata", = 66
	 * "auditID":"a","stage":"ResponseComplete","requestURI":"/api","verb":"get", = 74
	 * "user":{"username":"u v"}, = 26
	 * "requestReceivedTimestamp":"2025-01-01T00:00:00.000000Z", = 57
	 * "stageTimestamp":"2025-01-01T00:00:00.500000Z"} = 47, then the newline */
	size_t want = 66 + 74 + 26 + 57 + 47 + 1;
	audit_event ev;
	const char *message;
	tap_state t = { 0 };
	byte_sink sink = { .tap = tap, .tap_needs = tap_needs, .tap_ctx = &t };
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL_FATAL(log_source_next(src, &ev, &message), EVENT_READ_EVENT);
		CU_ASSERT_EQUAL(event_writer_measure(w, &ev, &spec).bytes, want);
		t.needs = i == 1;
		CU_ASSERT_EQUAL(event_writer_write(w, &ev, &spec, &sink).bytes, want);
		CU_ASSERT_EQUAL(event_writer_line(w).len, t.needs ? want - 1 : 0);
	}
	/* the first line only counted for the tap, the second built for it */
	CU_ASSERT_EQUAL(t.skipped_bytes, want);
	CU_ASSERT_EQUAL(t.lines_tapped, 1);
	CU_ASSERT_EQUAL(t.bytes_tapped, want);
	CU_ASSERT_EQUAL(sink.bytes, 2 * want);
	CU_ASSERT_EQUAL(sink.lines, 2);
	event_writer_free(w);
	log_source_close(src);
	fclose(f);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "measured length is the written line's, every fixture event and spec",
		  test_measured_is_written },
		{ "measured by hand, compact and pretty; built only for a tap that needs it",
		  test_measured_by_hand },
		{ NULL, NULL },
	};
	add_suite("event length", tests);
}
