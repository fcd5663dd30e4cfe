/* Block scanning (block_scan.h, behind -j 2 and more) against one reader per file
 * (log_source_next, as -j 1): every fixture log alone and all of them in one scan, cut
 * into blocks from 7 bytes (a block a line) to 64 KiB, with 1 to 4 workers; records larger
 * than a block and straddling block ends; a value open across lines in a JSON lines file;
 * a line longer than the record limit. Every status, message, event field and end-of-file
 * note must be the same both ways, file after file in the order given; what the workers
 * prepare for an event (request_prepared.h) must be what the replay would work out. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block_scan.h"
#include "event_compare.h"
#include "log_source.h"
#include "policy_test_util.h"
#include "request_attrs.h"
#include "test_util.h"

#define KiB ((size_t)1 << 10)
#define MiB ((size_t)1 << 20)

typedef struct {
	char **paths;
	size_t count;
	glob_t globs;
} file_list;

/* Regular files matching the patterns under SOURCE_ROOT, in glob order. */
static void list_files(file_list *l, const char *const *patterns, size_t pattern_count)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < pattern_count; i++) {
		char pattern[512];
		snprintf(pattern, sizeof pattern, "%s/%s", SOURCE_ROOT, patterns[i]);
		glob(pattern, i ? GLOB_APPEND : 0, NULL, &l->globs);
	}
	l->paths = calloc(l->globs.gl_pathc + 1, sizeof *l->paths);
	for (size_t i = 0; i < l->globs.gl_pathc; i++) {
		struct stat st;
		if (stat(l->globs.gl_pathv[i], &st) == 0 && S_ISREG(st.st_mode))
			l->paths[l->count++] = l->globs.gl_pathv[i];
	}
}

static void free_files(file_list *l)
{
	free(l->paths);
	globfree(&l->globs);
}

static bool same_text(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (!a || strcmp(a, b) == 0);
}

/* The notes each way once a file is read: table rows, other Azure categories. */
static const char *notes_difference(log_source *a, log_source *b)
{
	char *na[] = { log_source_rows_note(a), log_source_other_categories_note(a) };
	char *nb[] = { log_source_rows_note(b), log_source_other_categories_note(b) };
	bool same = same_text(na[0], nb[0]) && same_text(na[1], nb[1]);
	table_row_figures ra = log_source_rows(a), rb = log_source_rows(b);
	for (size_t i = 0; i < 2; i++) {
		free(na[i]);
		free(nb[i]);
	}
	if (!same)
		return "an end-of-file note";
	if (ra.rows != rb.rows || ra.billed_rows != rb.billed_rows)
		return "table rows";
	return NULL;
}

/* Two policies every scan prepares events under: levels by resource, namespace and verb. */
#define PREPARE_POLICY_A                                                                       \
	HEAD "rules:\n"                                                                        \
	     "- level: None\n  resources: [{group: \"\", resources: [secrets]}]\n"             \
	     "- level: RequestResponse\n  namespaces: [kabe]\n"                                 \
	     "- level: Metadata\n  omitStages: [RequestReceived]\n"
#define PREPARE_POLICY_B HEAD "rules:\n- level: Request\n  verbs: [get]\n"

static loaded prepare_policies[2];
static const policy *prepare_policy_list[2];
static request_prepare_options prepare_options;

static const request_prepare_options *test_prepare(void)
{
	if (!prepare_options.policies) {
		prepare_policies[0] = open_ok(PREPARE_POLICY_A);
		prepare_policies[1] = open_ok(PREPARE_POLICY_B);
		for (size_t i = 0; i < 2; i++)
			prepare_policy_list[i] = &prepare_policies[i].p;
		prepare_options = (request_prepare_options){ .policies = prepare_policy_list,
			                                     .policy_count = 2,
			                                     .version = KUBE_VERSION_NEWEST };
	}
	return &prepare_options;
}

static bool same_attrs(const request_attrs *a, const request_attrs *b)
{
	bool same = a->has_user == b->has_user && a->is_resource == b->is_resource &&
	            a->group_count == b->group_count;
	const span fa[] = { a->user_name, a->verb, a->api_group, a->api_version, a->resource,
		            a->subresource, a->namespace_, a->name, a->path };
	const span fb[] = { b->user_name, b->verb, b->api_group, b->api_version, b->resource,
		            b->subresource, b->namespace_, b->name, b->path };
	for (size_t i = 0; same && i < sizeof fa / sizeof fa[0]; i++)
		same = span_is_set(fa[i]) == span_is_set(fb[i]) && span_eq_span(fa[i], fb[i]);
	for (size_t i = 0; same && i < a->group_count; i++)
		same = span_eq_span(a->groups[i], b->groups[i]);
	return same;
}

/* What was prepared for the event the scan returned last against what the replay works
 * out for the directly read one; NULL when the same (or nothing was prepared). */
static const char *prepared_difference(const block_scan *scan, const audit_event *direct)
{
	const request_prepared *p = block_scan_prepared(scan);
	if (!p)
		return NULL;
	const request_prepare_options *o = test_prepare();
	request_info_scratch scratch = { 0 };
	request_attrs attrs;
	request_attrs_from_event(direct, o->version, &attrs, &scratch);
	const char *difference = same_attrs(&p->attrs, &attrs) ? NULL : "the prepared attributes";
	for (size_t i = 0; !difference && i < o->policy_count; i++) {
		audit_decision d = evaluate_policy_rule(o->policies[i], &attrs);
		if (memcmp(&d, &p->decisions[i], sizeof d) != 0)
			difference = "a prepared decision";
	}
	request_info_scratch_free(&scratch);
	return difference;
}

/* Reads one file both ways; false (after a message) when they differ. */
static bool compare_file(const char *label, const char *path, block_scan *scan,
                         const event_reader_limits *limits)
{
	char *error_direct = NULL, *error_scanned = NULL;
	log_source *direct = log_source_open(path, limits, &error_direct);
	log_source *scanned = block_scan_open_next(scan, &error_scanned);
	const char *difference = NULL;
	size_t record = 0;
	if ((direct == NULL) != (scanned == NULL) || !same_text(error_direct, error_scanned))
		difference = "opening";
	for (; !difference && direct; record++) {
		audit_event a;
		const audit_event *b = NULL;
		const char *ma = NULL, *mb = NULL;
		event_read_status sa = log_source_next(direct, &a, &ma);
		event_read_status sb = block_scan_next(scan, &b, &mb);
		difference = read_difference(sa, &a, ma, sb, b, mb);
		if (!difference && sa == EVENT_READ_EVENT)
			difference = prepared_difference(scan, &a);
		if (sa == EVENT_READ_EOF || sa == EVENT_READ_ERROR)
			break;
	}
	if (scanned) {
		block_scan_end_file(scan);
		if (!difference && direct)
			difference = notes_difference(direct, scanned);
		block_scan_close_file(scan);
	}
	if (difference)
		fprintf(stderr, "\n  %s: %s: record %zu: %s differs\n", label, path, record, difference);
	log_source_close(direct);
	free(error_direct);
	free(error_scanned);
	return difference == NULL;
}

/* Every file both ways, in one scan; stops at the first difference or failed open. */
static void compare_scan(const char *what, char **paths, size_t count, size_t block_bytes,
                         long workers, const event_reader_limits *limits)
{
	block_scan_options o = { .limits = limits ? *limits : event_reader_default_limits(),
		                 .workers = workers,
		                 .block_bytes = block_bytes,
		                 .pipe_fallback = workers % 2 == 0,
		                 .prepare = test_prepare() };
	block_scan *scan = block_scan_start(paths, count, &o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scan);
	char label[160];
	snprintf(label, sizeof label, "%s, blocks of %zu bytes, %ld workers", what, block_bytes,
	         workers);
	for (size_t i = 0; i < count; i++) {
		if (!compare_file(label, paths[i], scan, limits)) {
			CU_FAIL("block scanning and the reader disagree");
			break;
		}
	}
	block_scan_stop(scan);
}

/* 7 bytes: every block a line or so (a block grows to its first line end) */
static const size_t block_sizes[] = { 7, 64, 300, 4 * KiB, 64 * KiB };
#define BLOCK_SIZES (sizeof block_sizes / sizeof block_sizes[0])

static const char *const fixture_patterns[] = {
	"fixtures/logs/*",  "fixtures/reader/*", "fixtures/hostile/*",
	"fixtures/aks/*",   "fixtures/emit/*",   "fixtures/scenarios/secrets.yaml",
};

/* Each fixture file in a scan of its own: a block that starts a file is scanned from the
 * reader's first state, and a file of another format is handed to its reader. */
static void test_each_fixture_alone(void)
{
	file_list l;
	list_files(&l, fixture_patterns, sizeof fixture_patterns / sizeof fixture_patterns[0]);
	CU_ASSERT_FATAL(l.count > 40);
	for (size_t i = 0; i < l.count; i++)
		for (size_t s = 0; s < BLOCK_SIZES; s += 2)
			compare_scan("alone", &l.paths[i], 1, block_sizes[s], 1 + (long)(i % 3), NULL);
	free_files(&l);
}

/* Every fixture file in one scan, in order: files are scanned while earlier ones merge. */
static void test_all_fixtures_in_one_scan(void)
{
	file_list l;
	list_files(&l, fixture_patterns, sizeof fixture_patterns / sizeof fixture_patterns[0]);
	for (size_t s = 0; s < BLOCK_SIZES; s++)
		for (long workers = 1; workers <= 4; workers += 3)
			compare_scan("every fixture", l.paths, l.count, block_sizes[s], workers, NULL);
	free_files(&l);
}

/* ---- generated logs ---- */

/* A line of `size` bytes (newline excluded, at least the event's fixed text): an event of
 * RequestResponse level, its user name escaped when `escaped`, its JSON broken when `bad`. */
static void put_event(FILE *f, size_t index, size_t size, bool escaped, bool bad)
{
	char head[400];
	int n = snprintf(head, sizeof head,
	                 "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\","
	                 "\"level\":\"RequestResponse\",\"auditID\":\"r%zu\","
	                 "\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/pods\","
	                 "\"verb\":\"list\",\"user\":{\"username\":\"%s\"},"
	                 "\"responseObject\":{\"kind\":\"PodList\",\"pad\":\"",
	                 index, escaped ? "caf\\u00e9" : "alice");
	const char *tail = bad ? "\"},}" : "\"}}";
	fwrite(head, 1, (size_t)n, f);
	for (size_t left = size > (size_t)n + 4 ? size - (size_t)n - 4 : 0; left; left--)
		fputc('a' + (int)(index % 26), f);
	fprintf(f, "%s\n", tail);
}

static char *temp_path(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc(512);
	snprintf(path, 512, "%s/auditsim-blocks-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	return path;
}

/* Records of 100 bytes to 1 MiB, larger than a 64 KiB block, several in a row and between
 * small ones, escaped and broken; then a value that goes on over three lines. */
static char *write_big_records(void)
{
	static const size_t sizes[] = { 1 * MiB + 5, 200, 64 * KiB - 1, 64 * KiB, 64 * KiB + 1,
		                        300,         300 * KiB + 3, 700 * KiB, 100, 130 * KiB };
	char *path = temp_path();
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	size_t index = 0;
	for (size_t round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++, index++)
			put_event(f, index, sizes[i], index % 3 == 1, index % 7 == 5);
	for (size_t i = 0; i < 200; i++, index++)
		put_event(f, index, 300 + i, false, false);
	fprintf(f, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\n\"level\":\"Metadata\","
	           "\"auditID\":\"multi\",\"stage\":\"ResponseComplete\",\n\"requestURI\":\"/api\","
	           "\"verb\":\"get\"}\n");
	for (size_t i = 0; i < 50; i++, index++)
		put_event(f, index, 400, i % 2 == 0, false);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	return path;
}

static void test_records_larger_than_a_block(void)
{
	char *path = write_big_records();
	char *paths[] = { path, path };
	compare_scan("big records", paths, 2, 64 * KiB, 3, NULL);
	compare_scan("big records", paths, 1, 64 * KiB, 1, NULL);
	compare_scan("big records", paths, 1, 1 * MiB, 2, NULL);
	unlink(path);
	free(path);
}

/* Under a limit of 100 KiB a record of 130 KiB is too large, and one of 1 MiB cannot be
 * held: both are reported as the reader reports them, and the file goes on. */
static void test_lines_past_the_record_limit(void)
{
	char *path = write_big_records();
	event_reader_limits limits = event_reader_default_limits();
	limits.max_record_bytes = 100 * KiB;
	for (long workers = 1; workers <= 2; workers++)
		compare_scan("record limit", &path, 1, 16 * KiB, workers, &limits);
	unlink(path);
	free(path);
}

/* A JSON lines file whose values go on over lines: an event split over three lines (one
 * reader takes it whole), a line that ends inside a value, a wrapper on one line and one
 * over several, an array of values that continues on the next lines. Blocks that end
 * inside them hand the file to its reader at the block before. */
static void test_values_across_lines(void)
{
	char *path = temp_path();
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	static const char *const odd[] = {
		"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\n\"level\":\"Metadata\","
		"\"auditID\":\"multi\",\"stage\":\"ResponseComplete\",\n\"requestURI\":\"/api\","
		"\"verb\":\"get\"}\n",
		"{\"kind\":\"Event\",\"auditID\":\n",
		"{\"items\":[{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"None\","
		"\"auditID\":\"w1\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/x\",\"verb\":\"get\"}]}\n",
		"{\"items\":[\n{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"None\","
		"\"auditID\":\"w2\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/x\",\"verb\":\"get\"}\n]}\n",
		"{\"a\":[1,\n2,\n3]}\n",
	};
	size_t index = 0;
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		for (size_t j = 0; j < 20; j++, index++)
			put_event(f, index, 250 + 13 * j, j % 5 == 0, j == 17);
		fputs(odd[i], f);
	}
	put_event(f, index, 300, false, false);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	/* block ends fall wherever the reads leave them: sweep sizes so that some fall inside
	 * each value */
	for (size_t size = 7; size < 4 * KiB; size += size / 4 + 13)
		compare_scan("values across lines", &path, 1, size, 1 + (long)(size % 3), NULL);
	unlink(path);
	free(path);
}

/* A file named twice, and files that cannot be opened: the feed sees them in order. */
static void test_missing_and_repeated_files(void)
{
	char two[512], missing[512];
	snprintf(two, sizeof two, "%s/fixtures/reader/two-events.jsonl", SOURCE_ROOT);
	snprintf(missing, sizeof missing, "%s/fixtures/no-such-log.jsonl", SOURCE_ROOT);
	char *paths[] = { two, two, missing, two };
	compare_scan("missing", paths, 4, 16, 2, NULL);
}

/* Hand-made: two stages of one request and a second request in one block. The workers
 * prepare the first event of each auditID in a block, not the later stage; the namespace
 * comes percent-decoded from the URL (kept past the worker's scratch) and the decisions
 * are those of each policy's rules. */
static void test_prepared_events(void)
{
	static const char *const lines[] = {
		"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
		"\"auditID\":\"a\",\"stage\":\"RequestReceived\","
		"\"requestURI\":\"/api/v1/namespaces/k%61be/pods/p\",\"verb\":\"get\","
		"\"user\":{\"username\":\"alice\",\"groups\":[\"dev\"]},"
		"\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"kabe\",\"name\":\"p\","
		"\"apiVersion\":\"v1\"}}",
		"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
		"\"auditID\":\"a\",\"stage\":\"ResponseComplete\","
		"\"requestURI\":\"/api/v1/namespaces/k%61be/pods/p\",\"verb\":\"get\","
		"\"user\":{\"username\":\"alice\",\"groups\":[\"dev\"]},"
		"\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"kabe\",\"name\":\"p\","
		"\"apiVersion\":\"v1\"}}",
		"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
		"\"auditID\":\"b\",\"stage\":\"ResponseComplete\","
		"\"requestURI\":\"/api/v1/namespaces/default/secrets\",\"verb\":\"list\","
		"\"user\":{\"username\":\"bob\"},"
		"\"objectRef\":{\"resource\":\"secrets\",\"namespace\":\"default\","
		"\"apiVersion\":\"v1\"}}",
	};
	char *path = temp_path();
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (size_t i = 0; i < 3; i++)
		fprintf(f, "%s\n", lines[i]);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	block_scan_options o = { .limits = event_reader_default_limits(), .workers = 2,
		                 .prepare = test_prepare() };
	block_scan *scan = block_scan_start(&path, 1, &o);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scan);
	char *error = NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(block_scan_open_next(scan, &error));
	const request_prepared *p[3];
	for (size_t i = 0; i < 3; i++) {
		const audit_event *ev;
		const char *message;
		CU_ASSERT_EQUAL_FATAL(block_scan_next(scan, &ev, &message), EVENT_READ_EVENT);
		p[i] = block_scan_prepared(scan);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(p[0]);
	CU_ASSERT_PTR_NULL(p[1]); /* a later stage of "a" */
	CU_ASSERT_PTR_NOT_NULL_FATAL(p[2]);
	CU_ASSERT_TRUE(span_eq(p[0]->attrs.namespace_, "kabe"));
	CU_ASSERT_TRUE(span_eq(p[0]->attrs.name, "p"));
	CU_ASSERT_TRUE(span_eq(p[0]->attrs.user_name, "alice"));
	CU_ASSERT_EQUAL_FATAL(p[0]->attrs.group_count, 1);
	CU_ASSERT_TRUE(span_eq(p[0]->attrs.groups[0], "dev"));
	CU_ASSERT_EQUAL(p[0]->decisions[0].level, LEVEL_REQUEST_RESPONSE);
	CU_ASSERT_EQUAL(p[0]->decisions[0].rule, 1);
	CU_ASSERT_EQUAL(p[0]->decisions[1].level, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(p[2]->decisions[0].level, LEVEL_NONE); /* secrets */
	CU_ASSERT_EQUAL(p[2]->decisions[0].rule, 0);
	CU_ASSERT_EQUAL(p[2]->decisions[1].level, LEVEL_NONE); /* list: no rule */
	CU_ASSERT_EQUAL(p[2]->decisions[1].rule, -1);
	block_scan_end_file(scan);
	block_scan_close_file(scan);
	block_scan_stop(scan);
	unlink(path);
	free(path);
}

static void free_prepare_policies(void)
{
	for (size_t i = 0; prepare_options.policies && i < 2; i++)
		done(&prepare_policies[i]);
}

/* Last: frees the policies the scans prepared under. */
static void test_prepare_policies_freed(void)
{
	free_prepare_policies();
	prepare_options = (request_prepare_options){ 0 };
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "each fixture alone", test_each_fixture_alone },
		{ "every fixture in one scan", test_all_fixtures_in_one_scan },
		{ "records larger than a block", test_records_larger_than_a_block },
		{ "lines past the record limit", test_lines_past_the_record_limit },
		{ "values across lines", test_values_across_lines },
		{ "missing and repeated files", test_missing_and_repeated_files },
		{ "prepared events", test_prepared_events },
		{ "policies freed", test_prepare_policies_freed },
		{ NULL, NULL },
	};
	add_suite("block scan", tests);
}
