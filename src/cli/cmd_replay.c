/* auditsim replay POLICY LOG...: the decision for every recorded request. */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "emitter.h"
#include "export_formats.h"
#include "event_pipe.h"
#include "event_reader.h"
#include "log_source.h"
#include "json_out.h"
#include "policy_loader.h"
#include "progress.h"
#include "replay.h"
#include "replay_table.h"
#include "summary.h"
#include "term.h"
#include "volume.h"

typedef enum { OUTPUT_TABLE, OUTPUT_JSONL, OUTPUT_JSON, OUTPUT_WIDE, OUTPUT_CSV, OUTPUT_PROM } output_format;

typedef struct {
	output_format format;
	bool strict;
	bool summary_only;
	event_reader_limits limits;
	const char *policy_path;
	const char *profile; /* --profile NAME in place of POLICY */
	rotation_flags rotation;  /* --audit-log-maxsize/-maxbackup/-maxage/-compress */
	double price_per_gb;      /* --price-per-gb; negative when absent */
	char **logs;
	int log_count;
	long jobs; /* 2 or more: the logs are read in a thread of their own (event_pipe.h) */
} replay_options;

typedef struct {
	const replay_options *opts;
	replay_summary summary;
	FILE *out;
	bool table_started; /* the header is written with the first row, after any early error */
	replay_table table; /* column widths for this output (replay_table.h) */
	/* volume: every request goes through the emit writer into a counting sink */
	byte_sink sink;
	emitter *emitter;
	volume *volume;
	progress progress;
} replay_run;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim replay [-o table|wide|jsonl|json|csv|prom] [-j N] [--strict] [--summary]\n"
	        "                      POLICY|--profile NAME LOG...\n"
	        "\n"
	        "Decides, as kube-apiserver would under POLICY, the level, deciding rule and stages\n"
	        "of every request recorded in the audit logs (JSON lines, .gz, or - for stdin) or\n"
	        "listed in scenario files (YAML; see fixtures/scenarios/README.md).\n"
	        "\n"
	        "  -o, --output FORMAT      table (default): one row per request, then a summary,\n"
	        "                           fitted to the terminal; wide: every column, uncut;\n"
	        "                           jsonl: one JSON object per request; json: the summary;\n"
	        "                           csv: one row per request (the summary with --summary);\n"
	        "                           prom: the summary in Prometheus text format\n"
	        "      --summary            table output without the per-request rows\n"
	        "  -j, --jobs N             threads: 1 reads and decides in one; 2 or more read\n"
	        "                           in a second one (default: the cores available);\n"
	        "                           the output is the same, byte for byte\n"
	        "      --profile NAME       a shipped profile (auditsim profiles) instead of POLICY\n"
	        "      --strict             a record that is not an audit event is fatal (exit 1)\n"
	        "      --max-record-bytes N largest record accepted (default %zu)\n"
	        "      --max-depth N        deepest JSON nesting accepted (default %zu)\n"
	        "\n"
	        "Volume (bytes as `auditsim emit` writes them; kube-apiserver's flags, defaults since\n"
	        "1.36 in brackets):\n"
	        "      --audit-log-maxsize MB      rotation size [100]; 0: no rotation\n"
	        "      --audit-log-maxbackup N     rotated files kept [100]; 0: all\n"
	        "      --audit-log-maxage DAYS     days rotated files are kept [366]; 0: forever\n"
	        "      --audit-log-compress        rotated files are gzip-compressed\n"
	        "      --price-per-gb X            adds the cost of 30 days of ingestion at X per GB\n",
	        EVENT_READER_DEFAULT_MAX_RECORD_BYTES, EVENT_READER_DEFAULT_MAX_DEPTH);
}

static bool parse_format(const char *s, output_format *out)
{
	static const struct {
		const char *name;
		output_format format;
	} formats[] = { { "table", OUTPUT_TABLE }, { "jsonl", OUTPUT_JSONL }, { "json", OUTPUT_JSON },
		        { "wide", OUTPUT_WIDE },   { "csv", OUTPUT_CSV },     { "prom", OUTPUT_PROM } };
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(s, formats[i].name) == 0) {
			*out = formats[i].format;
			return true;
		}
	}
	return false;
}

static bool parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || *end || v == 0)
		return false;
	*out = v;
	return true;
}

static bool parse_count(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || *end || *s == '-' || errno)
		return false;
	*out = v;
	return true;
}

/* which: 0 maxsize, 1 maxbackup, 2 maxage, 3 compress, 4 price, in option order. */
static bool parse_volume_option(int which, const char *arg, replay_options *o)
{
	static const char *const names[] = { "--audit-log-maxsize", "--audit-log-maxbackup",
		                             "--audit-log-maxage" };
	uint64_t *counts[] = { &o->rotation.maxsize_mb, &o->rotation.maxbackup,
		               &o->rotation.maxage_days };
	if (which == 3) {
		o->rotation.compress = true;
		return true;
	}
	if (which == 4) {
		char *end;
		o->price_per_gb = strtod(arg, &end);
		if (end == arg || *end || !(o->price_per_gb >= 0)) {
			fprintf(stderr, "auditsim replay: --price-per-gb needs a number of 0 or more\n");
			return false;
		}
		return true;
	}
	if (!parse_count(arg, counts[which])) {
		fprintf(stderr, "auditsim replay: %s needs a whole number of 0 or more\n", names[which]);
		return false;
	}
	return true;
}

/* The cores this process may run on: replay uses at most two (event_pipe.h). */
static long default_jobs(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set);
	return 1;
}

/* Returns 0 when the options are usable, else the exit code to return. */
static int parse_options(int argc, char **argv, replay_options *o)
{
	enum { OPT_STRICT = 256, OPT_SUMMARY, OPT_PROFILE,
	       OPT_MAXSIZE, OPT_MAXBACKUP, OPT_MAXAGE, OPT_COMPRESS, OPT_PRICE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		CLI_LIMIT_LONGOPTS,
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "audit-log-maxsize", required_argument, NULL, OPT_MAXSIZE },
		{ "audit-log-maxbackup", required_argument, NULL, OPT_MAXBACKUP },
		{ "audit-log-maxage", required_argument, NULL, OPT_MAXAGE },
		{ "audit-log-compress", no_argument, NULL, OPT_COMPRESS },
		{ "price-per-gb", required_argument, NULL, OPT_PRICE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->limits = event_reader_default_limits();
	o->rotation = rotation_defaults();
	o->price_per_gb = -1;
	o->jobs = default_jobs();
	int c;
	unsigned long long n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!parse_format(optarg, &o->format)) {
				fprintf(stderr, "auditsim replay: unknown output format \"%s\" "
				                "(table, wide, jsonl, json, csv, prom)\n", optarg);
				return 2;
			}
			break;
		case 'j':
			if (!parse_size(optarg, &n) || n > 1024) {
				fprintf(stderr, "auditsim replay: --jobs needs a number from 1 to 1024\n");
				return 2;
			}
			o->jobs = (long)n;
			break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_SUMMARY: o->summary_only = true; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case OPT_MAXSIZE:
		case OPT_MAXBACKUP:
		case OPT_MAXAGE:
		case OPT_COMPRESS:
		case OPT_PRICE:
			if (!parse_volume_option(c - OPT_MAXSIZE, optarg, o))
				return 2;
			break;
		case CLI_OPT_MAX_RECORD:
		case CLI_OPT_MAX_DEPTH:
			if (!cli_apply_limit_option("replay", c, optarg, &o->limits))
				return 2;
			break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return 2;
		}
	}
	int policy_args = o->profile ? 0 : 1;
	if (argc - optind < policy_args + 1) {
		fprintf(stderr, "auditsim replay: need a POLICY (or --profile NAME) and at least one LOG\n");
		usage(stderr);
		return 2;
	}
	o->policy_path = o->profile ? NULL : argv[optind];
	o->logs = argv + optind + policy_args;
	o->log_count = argc - optind - policy_args;
	return 0;
}

static void write_optional(FILE *out, const char *key, span value)
{
	fprintf(out, ",\"%s\":", key);
	json_write_string(out, value);
}

static void print_jsonl(FILE *out, const replay_request *req)
{
	const request_attrs *a = &req->attrs;
	fputs("{\"auditID\":", out);
	json_write_string(out, req->audit_id);
	fprintf(out, ",\"level\":\"%s\",\"rule\":", level_name(req->decision.level));
	if (req->decision.rule >= 0)
		fprintf(out, "%d", req->decision.rule);
	else
		fputs("null", out);
	fputs(",\"stages\":", out);
	json_write_stages(out, req->stages);
	fprintf(out, ",\"omitManagedFields\":%s", req->decision.omit_managed_fields ? "true" : "false");
	write_optional(out, "verb", a->verb);
	fputs(",\"user\":", out);
	if (a->has_user)
		json_write_string(out, a->user_name);
	else
		fputs("null", out);
	if (a->is_resource) {
		write_optional(out, "apiGroup", a->api_group);
		write_optional(out, "resource", a->resource);
		write_optional(out, "subresource", a->subresource);
		write_optional(out, "namespace", a->namespace_);
		write_optional(out, "name", a->name);
	} else {
		write_optional(out, "path", a->path);
	}
	fprintf(out, ",\"bytes\":%llu,\"modelled\":%s,\"modelledBytes\":%llu",
	        (unsigned long long)(req->bytes + req->modelled_bytes),
	        req->modelled_bytes ? "true" : "false", (unsigned long long)req->modelled_bytes);
	fprintf(out, ",\"open\":%s,\"file\":", req->open ? "true" : "false");
	json_write_string(out, span_of(req->file));
	fprintf(out, ",\"line\":%zu}\n", req->line);
}

/* Logs reuse or garble auditIDs; say so rather than merge silently. */
static void warn_conflicts(const replay_request *req)
{
	fprintf(stderr,
	        "auditsim: %s:%zu: warning: auditID \"%.*s\" (first at line %zu) has %u later "
	        "event%s with another verb or a repeated stage; the request is decided from its "
	        "first event\n",
	        req->file, req->first_conflict_line, (int)req->audit_id.len, req->audit_id.ptr,
	        req->line, req->conflicting_events, req->conflicting_events == 1 ? "" : "s");
}

static void on_request(const replay_request *req, void *ctx)
{
	replay_run *run = ctx;
	if (req->conflicting_events)
		warn_conflicts(req);
	summary_add_request(&run->summary, req);
	output_format format = run->opts->format;
	if (format == OUTPUT_JSONL)
		print_jsonl(run->out, req);
	else if (format == OUTPUT_CSV && !run->opts->summary_only) {
		if (!run->table_started)
			export_request_csv_header(run->out);
		run->table_started = true;
		export_request_csv_row(run->out, req);
	} else if ((format == OUTPUT_TABLE || format == OUTPUT_WIDE) && !run->opts->summary_only) {
		if (!run->table_started)
			replay_table_header(run->out, &run->table);
		run->table_started = true;
		replay_table_row(run->out, &run->table, req);
	}
}

/* Reads one log (a recording or a scenario) into the replay. Returns 0, or the exit code
 * that stops the run. */
static int replay_log(const char *path, replay *r, replay_run *run)
{
	char *error;
	log_source *src = log_source_open(path, &run->opts->limits, &error);
	if (!src) {
		fprintf(stderr, "auditsim: %s\n", error);
		free(error);
		return 2;
	}
	/* a recording is scanned in a thread of its own; scenarios are small */
	event_pipe *pipe = run->opts->jobs >= 2 && !log_source_is_scenario(src) ?
	                           event_pipe_start(src) : NULL;
	int rc = 0;
	audit_event ev;
	const char *message;
	for (;;) {
		event_read_status res = pipe ? event_pipe_next(pipe, &ev, &message)
		                             : log_source_next(src, &ev, &message);
		if (res == EVENT_READ_EOF)
			break;
		if (res == EVENT_READ_ERROR) {
			fprintf(stderr, "auditsim: %s\n", message);
			rc = 2;
			break;
		}
		run->summary.records++;
		if (res == EVENT_READ_SKIPPED) {
			run->summary.bad_records++;
			fprintf(stderr, "auditsim: %s\n", message);
			if (run->opts->strict) {
				rc = 1;
				break;
			}
			continue;
		}
		progress_add(&run->progress, ev.raw.len + 1);
		volume_note_event(run->volume, &ev);
		replay_add_event(r, &ev);
	}
	event_pipe_stop(pipe);
	char *note = log_source_other_categories_note(src);
	if (note)
		fprintf(stderr, "auditsim: %s: %s\n", path, note);
	free(note);
	log_source_close(src);
	return rc;
}

static void count_line(const emitted_line *line, void *ctx)
{
	volume_line counted = { line->ev, line->req->decision.level, line->req->decision.rule,
		                line->stage, line->bytes, line->modelled_bytes };
	volume_add_line(ctx, &counted);
}

/* Sends every request through the emit writer into a counting sink whose lines the
 * volume adds up and compresses. */
static void start_volume(replay_run *run, const policy *p, replay *r)
{
	run->volume = volume_new(p);
	volume_set_rotation(run->volume, &run->opts->rotation);
	volume_set_price(run->volume, run->opts->price_per_gb);
	volume_set_gzip_thread(run->volume, run->opts->jobs >= 2);
	run->sink = (byte_sink){ .tap = volume_tap, .tap_ctx = run->volume };
	run->emitter = emitter_new(&run->sink, run->opts->limits.max_depth);
	emitter_set_observer(run->emitter, count_line, run->volume);
	replay_set_event_hook(r, emitter_on_event, run->emitter);
}

/* Loads POLICY, or the file --profile NAME names. Returns 0 or the exit code. */
static int load_policy(const replay_options *opts, policy *p)
{
	policy_init(p);
	char *path = opts->profile ? cli_policy_path("replay", opts->profile, true)
	                           : cli_policy_path("replay", opts->policy_path, false);
	if (!path)
		return 2;
	load_result res = cli_load_policy(path, p);
	free(path);
	return (int)res;
}

int cmd_replay(int argc, char **argv)
{
	replay_options opts;
	int rc = parse_options(argc, argv, &opts);
	if (rc)
		return rc < 0 ? 0 : rc;
	policy p;
	rc = load_policy(&opts, &p);
	if (rc) {
		policy_free(&p);
		return rc;
	}
	replay_run run = { .opts = &opts, .out = stdout };
	replay_table_layout(&run.table, term_width(stdout), opts.format == OUTPUT_WIDE);
	summary_init(&run.summary, &p);
	replay *r = replay_new(&p, 0, on_request, &run);
	start_volume(&run, &p, r);
	uint64_t input_bytes = 0;
	for (int i = 0; i < opts.log_count; i++)
		input_bytes += progress_file_bytes(opts.logs[i]);
	progress_init(&run.progress, stderr, input_bytes);
	for (int i = 0; i < opts.log_count && rc == 0; i++)
		rc = replay_log(opts.logs[i], r, &run);
	progress_end(&run.progress);
	replay_finish(r);
	replay_tally tally = replay_tally_of(r);
	summary_add_tally(&run.summary, &tally);
	volume_finish(run.volume);
	if (rc == 0 && (opts.format == OUTPUT_TABLE || opts.format == OUTPUT_WIDE)) {
		if (run.table_started)
			fputc('\n', stdout);
		summary_print_text(&run.summary, stdout);
		volume_print_text(run.volume, stdout);
	} else if (rc == 0 && opts.format == OUTPUT_CSV && !opts.summary_only) {
		if (!run.table_started)
			export_request_csv_header(stdout);
	} else if (rc == 0 && opts.format != OUTPUT_JSONL) {
		json_t *doc = summary_json(&run.summary);
		volume_add_json(run.volume, doc);
		if (opts.format == OUTPUT_JSON) {
			json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
		} else if (opts.format == OUTPUT_PROM) {
			export_prom(stdout, doc);
		} else {
			export_summary_csv(stdout, doc);
		}
		json_decref(doc);
	}
	replay_free(r);
	emitter_free(run.emitter);
	volume_free(run.volume);
	summary_free(&run.summary);
	policy_free(&p);
	return rc;
}
