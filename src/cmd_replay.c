/* auditsim replay POLICY LOG...: the decision for every recorded request. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "event_reader.h"
#include "log_source.h"
#include "json_out.h"
#include "policy_loader.h"
#include "profile.h"
#include "replay.h"
#include "summary.h"
#include "volume.h"

typedef enum { OUTPUT_TABLE, OUTPUT_JSONL, OUTPUT_JSON } output_format;

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
} replay_options;

typedef struct {
	const replay_options *opts;
	replay_summary summary;
	FILE *out;
	bool table_started; /* the header is written with the first row, after any early error */
	/* volume: every request goes through the emit writer into a counting sink */
	byte_sink sink;
	emitter *emitter;
	volume *volume;
} replay_run;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim replay [-o table|jsonl|json] [--strict] [--summary]\n"
	        "                      POLICY|--profile NAME LOG...\n"
	        "\n"
	        "Decides, as kube-apiserver would under POLICY, the level, deciding rule and stages\n"
	        "of every request recorded in the audit logs (JSON lines, .gz, or - for stdin) or\n"
	        "listed in scenario files (YAML; see fixtures/scenarios/README.md).\n"
	        "\n"
	        "  -o, --output FORMAT      table (default): one row per request, then a summary;\n"
	        "                           jsonl: one JSON object per request; json: the summary\n"
	        "      --summary            table output without the per-request rows\n"
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
	} formats[] = { { "table", OUTPUT_TABLE }, { "jsonl", OUTPUT_JSONL }, { "json", OUTPUT_JSON } };
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

/* Returns 0 when the options are usable, else the exit code to return. */
static int parse_options(int argc, char **argv, replay_options *o)
{
	enum { OPT_STRICT = 256, OPT_SUMMARY, OPT_MAX_RECORD, OPT_MAX_DEPTH, OPT_PROFILE,
	       OPT_MAXSIZE, OPT_MAXBACKUP, OPT_MAXAGE, OPT_COMPRESS, OPT_PRICE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "max-record-bytes", required_argument, NULL, OPT_MAX_RECORD },
		{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "audit-log-maxsize", required_argument, NULL, OPT_MAXSIZE },
		{ "audit-log-maxbackup", required_argument, NULL, OPT_MAXBACKUP },
		{ "audit-log-maxage", required_argument, NULL, OPT_MAXAGE },
		{ "audit-log-compress", no_argument, NULL, OPT_COMPRESS },
		{ "price-per-gb", required_argument, NULL, OPT_PRICE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->limits = event_reader_default_limits();
	o->rotation = rotation_defaults();
	o->price_per_gb = -1;
	int c;
	unsigned long long n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!parse_format(optarg, &o->format)) {
				fprintf(stderr, "auditsim replay: unknown output format \"%s\" "
				                "(table, jsonl, json)\n", optarg);
				return 2;
			}
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
		case OPT_MAX_RECORD:
			if (!parse_size(optarg, &n)) {
				fprintf(stderr, "auditsim replay: --max-record-bytes needs a positive number\n");
				return 2;
			}
			o->limits.max_record_bytes = (size_t)n;
			break;
		case OPT_MAX_DEPTH:
			if (!parse_size(optarg, &n) || n > 100000) {
				fprintf(stderr, "auditsim replay: --max-depth needs a number from 1 to 100000\n");
				return 2;
			}
			o->limits.max_depth = (size_t)n;
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

/* kubectl's way of naming a resource: "deployments.apps/scale shop/web". */
static void print_target(FILE *out, const request_attrs *a)
{
	char target[256];
	if (!a->is_resource) {
		snprintf(target, sizeof target, "%.*s", (int)a->path.len, a->path.ptr ? a->path.ptr : "");
	} else {
		int n = snprintf(target, sizeof target, "%.*s", (int)a->resource.len,
		                 a->resource.ptr ? a->resource.ptr : "");
		if (a->api_group.len && n >= 0 && (size_t)n < sizeof target)
			n += snprintf(target + n, sizeof target - (size_t)n, ".%.*s", (int)a->api_group.len,
			              a->api_group.ptr);
		if (a->subresource.len && n >= 0 && (size_t)n < sizeof target)
			n += snprintf(target + n, sizeof target - (size_t)n, "/%.*s",
			              (int)a->subresource.len, a->subresource.ptr);
		if ((a->namespace_.len || a->name.len) && n >= 0 && (size_t)n < sizeof target)
			snprintf(target + n, sizeof target - (size_t)n, " %.*s%s%.*s",
			         (int)a->namespace_.len, a->namespace_.ptr ? a->namespace_.ptr : "",
			         a->namespace_.len && a->name.len ? "/" : "", (int)a->name.len,
			         a->name.ptr ? a->name.ptr : "");
	}
	fprintf(out, "%-44.44s ", target);
}

static void print_table_header(FILE *out)
{
	fprintf(out, "%-36s %-16s %-32s %-44s %-15s %4s  %s\n", "AUDIT-ID", "VERB", "USER", "TARGET",
	        "LEVEL", "RULE", "STAGES");
}

static void print_stage_list(FILE *out, stage_set stages)
{
	const char *sep = "";
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s)) {
			fprintf(out, "%s%s", sep, stage_name((audit_stage)s));
			sep = ",";
		}
	}
	if (!*sep)
		fputc('-', out);
}

static void print_table_row(FILE *out, const replay_request *req)
{
	const request_attrs *a = &req->attrs;
	fprintf(out, "%-36.*s %-16.*s %-32.*s ", (int)req->audit_id.len, req->audit_id.ptr,
	        (int)a->verb.len, a->verb.ptr ? a->verb.ptr : "",
	        a->has_user ? (int)a->user_name.len : 6, a->has_user ? a->user_name.ptr : "<none>");
	print_target(out, a);
	fprintf(out, "%-15s ", level_name(req->decision.level));
	if (req->decision.rule >= 0)
		fprintf(out, "%4d  ", req->decision.rule);
	else
		fprintf(out, "%4s  ", "-");
	print_stage_list(out, req->stages);
	fputc('\n', out);
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

static void on_request(const replay_request *req, void *ctx)
{
	replay_run *run = ctx;
	summary_add_request(&run->summary, req);
	if (run->opts->format == OUTPUT_JSONL)
		print_jsonl(run->out, req);
	else if (run->opts->format == OUTPUT_TABLE && !run->opts->summary_only) {
		if (!run->table_started)
			print_table_header(run->out);
		run->table_started = true;
		print_table_row(run->out, req);
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
	int rc = 0;
	audit_event ev;
	const char *message;
	for (;;) {
		event_read_status res = log_source_next(src, &ev, &message);
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
		volume_note_event(run->volume, &ev);
		replay_add_event(r, &ev);
	}
	log_source_close(src);
	return rc;
}

/* Sends every request through the emit writer into a counting sink whose lines the
 * volume adds up and compresses. */
static void start_volume(replay_run *run, const policy *p, replay *r)
{
	run->volume = volume_new(p);
	volume_set_rotation(run->volume, &run->opts->rotation);
	volume_set_price(run->volume, run->opts->price_per_gb);
	run->sink = (byte_sink){ .tap = volume_tap, .tap_ctx = run->volume };
	run->emitter = emitter_new(&run->sink, run->opts->limits.max_depth);
	emitter_set_observer(run->emitter, volume_add_line, run->volume);
	replay_set_event_hook(r, emitter_on_event, run->emitter);
}

/* Loads POLICY, or the file --profile NAME names. Returns 0 or the exit code. */
static int load_policy(const replay_options *opts, policy *p)
{
	policy_init(p);
	char *path = NULL, *error = NULL;
	if (opts->profile) {
		profile_search search = profile_search_default();
		path = profile_find(opts->profile, &search, &error);
		if (!path) {
			fprintf(stderr, "auditsim replay: %s\n", error);
			free(error);
			return 2;
		}
	}
	const char *file = path ? path : opts->policy_path;
	diag_list diags;
	diag_list_init(&diags, file);
	load_result res = policy_open(file, p, &diags);
	diag_print(&diags, stderr);
	diag_list_free(&diags);
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
	summary_init(&run.summary, &p);
	replay *r = replay_new(&p, 0, on_request, &run);
	start_volume(&run, &p, r);
	for (int i = 0; i < opts.log_count && rc == 0; i++)
		rc = replay_log(opts.logs[i], r, &run);
	replay_finish(r);
	volume_finish(run.volume);
	if (rc == 0 && opts.format == OUTPUT_TABLE) {
		if (run.table_started)
			fputc('\n', stdout);
		summary_print_text(&run.summary, stdout);
		volume_print_text(run.volume, stdout);
	} else if (rc == 0 && opts.format == OUTPUT_JSON) {
		json_t *doc = summary_json(&run.summary);
		volume_add_json(run.volume, doc);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(doc);
	}
	replay_free(r);
	emitter_free(run.emitter);
	volume_free(run.volume);
	summary_free(&run.summary);
	policy_free(&p);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "auditsim: cannot write output\n");
		return 2;
	}
	return rc;
}
