/* auditsim test POLICY|--profile NAME TESTS...: each test file is a scenario whose requests
 * carry `expect:` (or whose top level says `expectInvalid:`); every expectation is held
 * against the policy's decision, and --update writes the current decisions back. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_policy.h"
#include "commands.h"
#include "expectation.h"
#include "expectation_update.h"
#include "file_read.h"
#include "input.h"
#include "output_file.h"
#include "scenario.h"
#include "test_report.h"
#include "xalloc.h"

typedef enum { OUTPUT_TEXT, OUTPUT_TAP, OUTPUT_JUNIT } output_format;

typedef struct {
	output_format format;
	bool update;
	kube_version version; /* --kube-version: the policy loads and validates as that one */
	cli_inputs inputs; /* POLICY or --profile NAME, then the TESTS */
} test_options;

static void usage(FILE *out)
{
	fputs("usage: auditsim test [-o text|tap|junit] [--update] POLICY|--profile NAME TESTS...\n"
	      "\n"
	      "Runs the expectations of each TESTS file (a scenario whose requests carry\n"
	      "expect: level, stages, rule, omitManagedFields, or whose top level says\n"
	      "expectInvalid: FIELD; - is standard input) against POLICY, decided exactly\n"
	      "as replay decides.\n"
	      "Prints one line per failed expectation (file:line:col, expected and actual\n"
	      "decision, the deciding rule), then \"tests: N passed, N failed\".\n"
	      "\n"
	      "  -o, --output FORMAT  text (default), tap (TAP version 13) or junit (JUnit XML)\n"
	      "      --update         rewrite each file's expect: values with the current\n"
	      "                       decisions (requests without expect: get level and rule),\n"
	      "                       keeping comments and formatting\n"
	      "      --profile NAME   a shipped profile (auditsim profiles) instead of POLICY\n"
	      "  -h, --help           show this help\n"
	      CLI_KUBE_VERSION_HELP
	      "\n"
	      "Exit status: 0 every expectation met, 1 some expectation not met, 2 usage or\n"
	      "I/O error, or a TESTS file that is not a valid test file.\n",
	      out);
}

static const cli_command test_cmd = { "test", usage };

static bool parse_format(const char *s, output_format *out)
{
	static const char *const names[] = { "text", "tap", "junit" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (output_format)i;
			return true;
		}
	}
	return false;
}

/* Returns 0 when the options are usable, CLI_HELP_SHOWN after --help, else the exit
 * code; o->inputs is set (to free) whatever the result. */
static int parse_options(int argc, char **argv, test_options *o)
{
	enum { OPT_UPDATE = 256, OPT_PROFILE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "update", no_argument, NULL, OPT_UPDATE },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "help", no_argument, NULL, 'h' },
		CLI_KUBE_VERSION_LONGOPT,
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->version = KUBE_VERSION_NEWEST;
	cli_inputs_init(&o->inputs, 1, argc);
	int c;
	optind = 1;
	while ((c = cli_getopt(&test_cmd, argc, argv, "o:h", longopts)) != -1) {
		switch (c) {
		case 'o':
			if (!parse_format(optarg, &o->format)) {
				cli_error("test", "unknown output format \"%s\" (text, tap, junit)", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_UPDATE: o->update = true; break;
		case OPT_PROFILE:
			if (cli_inputs_take(&o->inputs, &test_cmd, optarg, true))
				return EXIT_USAGE;
			break;
		case 'h': return cli_help(&test_cmd);
		case CLI_OPT_KUBE_VERSION:
			if (cli_parse_kube_version(&test_cmd, optarg, &o->version))
				return EXIT_USAGE;
			break;
		default: return cli_bad_option(&test_cmd);
		}
	}
	for (int i = optind; o->update && i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			return cli_usage_error(&test_cmd, "--update rewrites files; standard input "
			                                  "(-) has none to rewrite");
	}
	/* said here in this command's terms: its inputs are test files, not LOGs */
	if ((size_t)(argc - optind) + o->inputs.policy_count < 2)
		return cli_usage_error(&test_cmd, "need a POLICY (or --profile NAME) and at least "
		                                  "one TESTS file");
	return cli_inputs_finish(&o->inputs, &test_cmd, argc, argv, optind, 1, SIZE_MAX);
}

/* A test file held in memory with its parsed scenario. */
typedef struct {
	char *text;
	size_t len;
	scenario s;
	bool loaded;
} test_file;

/* Parses text as a test file, printing its errors. Returns true when it loaded. */
static bool parse_test_file(const char *path, test_file *f)
{
	diag_list diags;
	diag_list_init(&diags, path);
	f->loaded = scenario_load_buffer(path, f->text, f->len, &f->s, &diags);
	diag_print(&diags, stderr);
	diag_list_free(&diags);
	return f->loaded;
}

/* Standard input, read once to its end (there is no file to --update). */
static int read_test_stdin(test_file *f)
{
	char *error = NULL;
	input *in = input_open("-", &error);
	if (!in) {
		cli_error("test", "%s", error);
		free(error);
		return EXIT_IO;
	}
	diag_list diags;
	diag_list_init(&diags, "-");
	f->loaded = scenario_load_input("-", in, &f->s, &diags);
	input_close(in);
	diag_print(&diags, stderr);
	diag_list_free(&diags);
	return f->loaded ? 0 : EXIT_IO;
}

/* Reads and parses the file at path ("-": standard input); returns 0 or EXIT_IO after
 * saying why. */
static int read_test_file(const char *path, test_file *f)
{
	memset(f, 0, sizeof *f);
	if (strcmp(path, "-") == 0)
		return read_test_stdin(f);
	char *error = NULL;
	f->text = file_read_all(path, SCENARIO_MAX_BYTES, &f->len, &error);
	if (!f->text) {
		cli_error("test", "%s", error);
		free(error);
		return EXIT_IO;
	}
	if (f->len > SCENARIO_MAX_BYTES) {
		cli_error("test", "%s: larger than 16 MiB", path);
		return EXIT_IO;
	}
	return parse_test_file(path, f) ? 0 : EXIT_IO;
}

static void free_test_file(test_file *f)
{
	if (f->loaded || f->s.file)
		scenario_free(&f->s);
	free(f->text);
	memset(f, 0, sizeof *f);
}

/* Writes the current decisions into the file (through a temporary file renamed over
 * it) and replaces f with the rewritten file, re-read, so the results are the new
 * expectations'. Returns 0 or EXIT_IO. */
static int update_file(const char *path, const tested_policy *tp, test_file *f)
{
	expect_values *actual = NULL;
	if (tp->p) {
		actual = xcalloc(f->s.count ? f->s.count : 1, sizeof *actual);
		for (size_t i = 0; i < f->s.count; i++)
			actual[i] = expectation_actual(tp->p, &f->s.requests[i]);
	}
	size_t len = 0, changes = 0;
	char *text = expectation_update(f->text, f->len, &f->s, actual, tp->diags, &len, &changes);
	free(actual);
	if (changes == 0) {
		free(text);
		return 0;
	}
	test_file updated = { text, len, { 0 }, false };
	if (!parse_test_file(path, &updated)) {
		cli_error("test", "%s: the updated text does not read back; the file is left as it "
		                  "was", path);
		free_test_file(&updated);
		return EXIT_IO;
	}
	output_file *out = output_file_open("test", path);
	int rc = out ? 0 : EXIT_IO;
	if (out) {
		fwrite(text, 1, len, output_file_stream(out));
		rc = output_file_finish(out, 0);
	}
	if (rc == 0) {
		cli_error("test", "%s: %zu expectation%s updated", path, changes, changes == 1 ? "" : "s");
		free_test_file(f);
		*f = updated;
	} else {
		free_test_file(&updated);
	}
	return rc;
}

/* Runs one test file, adding its cases to results. Returns 0 or EXIT_IO. */
static int run_file(const test_options *o, const char *path, const tested_policy *tp,
                    expectation_results *results)
{
	test_file f;
	int rc = read_test_file(path, &f);
	if (rc == 0 && o->update)
		rc = update_file(path, tp, &f);
	if (rc == 0) {
		size_t before = results->count;
		expectation_check_scenario(tp, &f.s, results);
		if (results->count == before) {
			cli_error("test", "%s: no expectations (expect: under a request, or "
			                  "expectInvalid:); auditsim test --update writes them", path);
			rc = EXIT_IO;
		}
	}
	free_test_file(&f);
	return rc;
}

static void print_results(const test_options *o, const expectation_results *r)
{
	switch (o->format) {
	case OUTPUT_TEXT: test_report_text(stdout, r); break;
	case OUTPUT_TAP: test_report_tap(stdout, r); break;
	case OUTPUT_JUNIT: test_report_junit(stdout, r); break;
	}
}

static int run_tests(const test_options *o, const char *policy_path)
{
	policy p;
	diag_list diags;
	diag_list_init(&diags, policy_path);
	load_result loaded = cli_open_policy("test", policy_path, o->version, &p, &diags, NULL, NULL);
	int rc = loaded == LOAD_IO_ERROR ? EXIT_IO : 0;
	tested_policy tp = { loaded == LOAD_OK ? &p : NULL, &diags };
	expectation_results results = { NULL, 0, 0 };
	/* every file runs, so one bad file does not hide the others' results */
	for (size_t i = 0; loaded != LOAD_IO_ERROR && i < o->inputs.log_count; i++) {
		if (run_file(o, o->inputs.logs[i], &tp, &results))
			rc = EXIT_IO;
	}
	/* an invalid policy that every test expected says nothing more */
	if (loaded == LOAD_OK || results.failed || rc)
		diag_print(&diags, stderr);
	/* a file that could not run is said on stderr; an empty report would say less */
	if (loaded != LOAD_IO_ERROR && (results.count || rc == 0))
		print_results(o, &results);
	if (rc == 0)
		rc = results.failed ? EXIT_INPUT_WRONG : EXIT_OK;
	expectation_results_free(&results);
	diag_list_free(&diags);
	policy_free(&p);
	return rc;
}

int cmd_test(int argc, char **argv)
{
	test_options o;
	int rc = parse_options(argc, argv, &o);
	if (rc == 0) {
		const cli_policy_arg *arg = &o.inputs.policies[0];
		char *path = cli_policy_path("test", arg->arg, arg->is_profile);
		rc = path ? run_tests(&o, path) : EXIT_IO;
		free(path);
	}
	cli_inputs_free(&o.inputs);
	return cli_exit(rc);
}
