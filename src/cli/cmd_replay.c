/* auditsim replay POLICY LOG...: the decision for every recorded request. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "doc_print.h"
#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "export_formats.h"
#include "json_out.h"
#include "partial.h"
#include "policy_loader.h"
#include "replay_table.h"
#include "run.h"
#include "term.h"
#include "volume_output.h"

typedef enum {
	OUTPUT_TABLE,
	OUTPUT_JSONL,
	OUTPUT_JSON,
	OUTPUT_YAML,
	OUTPUT_WIDE,
	OUTPUT_CSV,
	OUTPUT_PROM
} output_format;

typedef struct {
	output_format format;
	bool summary_only;
	bool no_headers; /* the request rows without their header line (table, wide, csv) */
	bool partial;    /* -o json --partial: a partial summary for `auditsim merge` */
	cli_inputs inputs; /* POLICY or --profile NAME, LOG... */
	/* reader limits, -j, --strict, rotation flags, price; the volume is always measured */
	engine_options engine;
} replay_options;

typedef struct {
	const replay_options *opts;
	FILE *out;
	bool table_started; /* csv: the header is written with the first row */
	replay_table *table; /* table and wide: the rows, sized to their content */
	partial *partial;    /* --partial: what the merge needs beyond the figures */
	partial_identity identity;
} replay_run;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim replay [-o table|wide|jsonl|json|yaml|csv|prom] [-j N] [--strict]\n"
	        "                      [--summary] POLICY|--profile NAME LOG...\n"
	        "\n"
	        "Decides, as kube-apiserver would under POLICY, the level, deciding rule and stages\n"
	        "of every request recorded in the audit logs (JSON lines, .gz, or - for stdin) or\n"
	        "listed in scenario files (YAML; see auditsim-scenario(5)).\n"
	        "\n"
	        "  -o, --output FORMAT      table (default): one row per request, then a summary,\n"
	        "                           fitted to the terminal; wide: every column, uncut;\n"
	        "                           jsonl: one JSON object per request; json: the summary;\n"
	        "                           yaml: the same summary as YAML;\n"
	        "                           csv: one row per request (the summary with --summary);\n"
	        "                           prom: the summary in Prometheus text format\n"
	        "      --summary            table output without the per-request rows\n"
	        "      --no-headers         the request rows without their header line (table,\n"
	        "                           wide, csv)\n"
	        "      --partial            with -o json: a partial summary of this shard of the\n"
	        "                           logs, for auditsim merge (auditsim-merge(1))\n"
	        CLI_JOBS_HELP
	        "      --profile NAME       a shipped profile (auditsim profiles) instead of POLICY\n"
	        CLI_KUBE_VERSION_HELP
	        "      --strict             a record that is not an audit event is fatal (exit 1)\n"
	        CLI_LIMIT_HELP
	        "\n"
	        CLI_VOLUME_HELP
	        CLI_SINK_HELP);
}

static const cli_command replay_cmd = { "replay", usage };

static bool parse_format(const char *s, output_format *out)
{
	static const struct {
		const char *name;
		output_format format;
	} formats[] = { { "table", OUTPUT_TABLE }, { "jsonl", OUTPUT_JSONL }, { "json", OUTPUT_JSON },
		        { "yaml", OUTPUT_YAML },   { "wide", OUTPUT_WIDE },   { "csv", OUTPUT_CSV },     { "prom", OUTPUT_PROM } };
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(s, formats[i].name) == 0) {
			*out = formats[i].format;
			return true;
		}
	}
	return false;
}

/* Returns 0 when the options are usable, CLI_HELP_SHOWN after --help, else the exit code
 * to return. o->inputs is set (to free) whatever the result. */
static int parse_options(int argc, char **argv, replay_options *o)
{
	enum { OPT_STRICT = 256, OPT_SUMMARY, OPT_PROFILE, OPT_NO_HEADERS, OPT_PARTIAL };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "no-headers", no_argument, NULL, OPT_NO_HEADERS },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		CLI_LIMIT_LONGOPTS,
		{ "profile", required_argument, NULL, OPT_PROFILE },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_VOLUME_LONGOPTS,
		CLI_SINK_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->engine = cli_engine_options("replay");
	o->engine.measure_volume = true;
	cli_inputs_init(&o->inputs, 1, argc);
	engine_options *e = &o->engine;
	int c;
	optind = 1;
	while ((c = cli_getopt(&replay_cmd, argc, argv, "o:j:h", longopts)) != -1) {
		switch (c) {
		case 'o':
			if (!parse_format(optarg, &o->format)) {
				cli_error("replay", "unknown output format \"%s\" "
				                    "(table, wide, jsonl, json, yaml, csv, prom)", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_STRICT: e->feed.strict = true; break;
		case OPT_SUMMARY: o->summary_only = true; break;
		case OPT_NO_HEADERS: o->no_headers = true; break;
		case OPT_PARTIAL: o->partial = true; break;
		case OPT_PROFILE:
			if (cli_inputs_take(&o->inputs, &replay_cmd, optarg, true))
				return EXIT_USAGE;
			break;
		case CLI_OPT_KUBE_VERSION:
			if (cli_parse_kube_version(&replay_cmd, optarg, &e->kube_version))
				return EXIT_USAGE;
			break;
		case 'h': return cli_help(&replay_cmd);
		default: {
			int rc = cli_engine_option(&replay_cmd, c, optarg, e);
			if (rc)
				return rc;
			break;
		}
		}
	}
	/* jsonl is the rows alone: honouring --summary would print nothing at all */
	if (o->summary_only && o->format == OUTPUT_JSONL) {
		cli_error("replay", "--summary and -o jsonl exclude each other: jsonl is one object "
		                    "per request; the summary is -o json");
		return EXIT_USAGE;
	}
	if (o->partial && o->format != OUTPUT_JSON) {
		cli_error("replay", "--partial needs -o json: a partial summary is a JSON document "
		                    "for auditsim merge");
		return EXIT_USAGE;
	}
	return cli_inputs_finish(&o->inputs, &replay_cmd, argc, argv, optind, 1, SIZE_MAX);
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
	cli_error("replay",
	          "%s:%zu: warning: auditID \"%.*s\" (first at line %zu) has %u later "
	          "event%s with another verb or a repeated stage; the request is decided from its "
	          "first event",
	        req->file, req->first_conflict_line, (int)req->audit_id.len, req->audit_id.ptr,
	        req->line, req->conflicting_events, req->conflicting_events == 1 ? "" : "s");
}

static void on_request(size_t policy_index, const replay_request *req, void *ctx)
{
	(void)policy_index; /* one policy */
	replay_run *run = ctx;
	if (req->conflicting_events)
		warn_conflicts(req);
	if (run->partial)
		partial_note_request(run->partial, req);
	output_format format = run->opts->format;
	if (format == OUTPUT_JSONL)
		print_jsonl(run->out, req);
	else if (format == OUTPUT_CSV && !run->opts->summary_only) {
		if (!run->table_started && !run->opts->no_headers)
			export_request_csv_header(run->out);
		run->table_started = true;
		export_request_csv_row(run->out, req);
	} else if (run->table) {
		replay_table_add(run->table, req);
	}
}

static void on_open(size_t policy_index, const replay_request *req, void *ctx)
{
	(void)policy_index;
	replay_run *run = ctx;
	partial_note_open(run->partial, req);
}

static void on_line(size_t policy_index, const emitted_line *line, void *ctx)
{
	(void)policy_index;
	replay_run *run = ctx;
	partial_note_line(run->partial, line);
}

/* --partial: the policy's text and the options, which a merge checks and reloads. */
static int start_partial(replay_run *run, const char *path, const policy *p)
{
	char *error = NULL;
	if (!partial_identity_load(&run->identity, p->file ? p->file : path, path,
	                           &run->opts->engine, &error)) {
		cli_error("replay", "%s: %s", path, error ? error : "cannot read");
		free(error);
		return EXIT_IO;
	}
	engine_options collect = { 0 }; /* no volume: the run's is the shard's */
	run->partial = partial_new(p, &collect);
	return 0;
}

/* Loads POLICY, or the file --profile NAME names. Returns 0 or the exit code. */
static int load_policy(replay_run *run, policy *p)
{
	policy_init(p);
	const replay_options *opts = run->opts;
	const cli_policy_arg *arg = &opts->inputs.policies[0];
	char *path = cli_policy_path("replay", arg->arg, arg->is_profile);
	if (!path)
		return EXIT_IO;
	int rc = (int)cli_load_policy("replay", path, opts->engine.kube_version, p);
	if (rc == 0 && opts->partial)
		rc = start_partial(run, path, p);
	free(path);
	return rc;
}

/* The summary, the volume and the requests' rows or lines, as the format asks. */
static void print_result(const replay_run *run, const engine_figures *f, bool table_rows)
{
	output_format format = run->opts->format;
	if (format == OUTPUT_TABLE || format == OUTPUT_WIDE) {
		if (table_rows)
			fputc('\n', stdout);
		summary_print_text(&f->summary, stdout);
		volume_print_text(f->volume, stdout);
	} else if (format == OUTPUT_CSV && !run->opts->summary_only) {
		if (!run->table_started && !run->opts->no_headers)
			export_request_csv_header(stdout);
	} else if (run->partial) {
		json_t *doc = partial_json(run->partial, &run->identity, &f->summary, f->volume);
		partial_print(stdout, doc);
		json_decref(doc);
	} else if (format == OUTPUT_JSON || format == OUTPUT_YAML) {
		json_t *doc = engine_figures_json(f);
		doc_print(stdout, doc, format == OUTPUT_YAML ? DOC_PRINT_YAML : DOC_PRINT_JSON);
		json_decref(doc);
	} else if (format != OUTPUT_JSONL) {
		volume_figures vol;
		volume_figures_of(f->volume, &vol);
		if (format == OUTPUT_PROM)
			export_prom(stdout, &f->summary, &vol);
		else
			export_summary_csv(stdout, &f->summary, &vol);
	}
}

int cmd_replay(int argc, char **argv)
{
	replay_options opts;
	sink_table *sinks = NULL;
	int rc = parse_options(argc, argv, &opts);
	if (rc == 0)
		rc = cli_choose_sinks(&replay_cmd, &opts.engine, &sinks);
	if (rc) {
		cli_inputs_free(&opts.inputs);
		return cli_exit(rc);
	}
	policy p;
	replay_run run = { .opts = &opts, .out = stdout };
	rc = load_policy(&run, &p);
	if (rc) {
		partial_free(run.partial);
		partial_identity_free(&run.identity);
		policy_free(&p);
		cli_inputs_free(&opts.inputs);
		sink_table_free(sinks);
		return rc;
	}
	if ((opts.format == OUTPUT_TABLE || opts.format == OUTPUT_WIDE) && !opts.summary_only)
		run.table = replay_table_new(stdout, term_width(stdout), opts.format == OUTPUT_WIDE,
		                             !opts.no_headers);
	opts.engine.on_request = on_request;
	if (run.partial) {
		opts.engine.on_open = on_open;
		opts.engine.on_line = on_line;
	}
	opts.engine.ctx = &run;
	const policy *policies[] = { &p };
	engine *e = engine_new(policies, 1, &opts.engine);
	rc = engine_run(e, opts.inputs.logs, opts.inputs.log_count);
	/* the rows held back to size the columns are written even when the run failed, as
	 * rows streamed before the failure always were */
	bool table_rows = run.table && replay_table_finish(run.table);
	if (rc == EXIT_OK)
		print_result(&run, engine_figures_of(e, 0), table_rows);
	replay_table_free(run.table);
	engine_free(e);
	partial_free(run.partial);
	partial_identity_free(&run.identity);
	sink_table_free(sinks);
	policy_free(&p);
	cli_inputs_free(&opts.inputs);
	return rc;
}
