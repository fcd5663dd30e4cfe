/* auditsim diff POLICY_A POLICY_B LOG...: the same traffic under two policies. Exit
 * codes follow kubectl diff: 0 no request changed, 1 some did, 2 error. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "doc_print.h"
#include "diff.h"
#include "export_formats.h"
#include "policy_loader.h"
#include "run.h"
#include "volume_output.h"

#define DEFAULT_TOP 10
#define DEFAULT_SAMPLES 10

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_YAML, FORMAT_CSV } diff_format;

typedef struct {
	diff_format format;
	size_t top;
	size_t samples;
	cli_inputs inputs; /* POLICY_A, POLICY_B (files or --profile NAME), LOG... */
	char *paths[2];    /* the policies' files, resolved; owned */
	engine_options engine; /* reader limits, -j */
} diff_args;

static void print_usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim diff [options] POLICY_A|--profile NAME POLICY_B|--profile NAME LOG...\n"
	        "\n"
	        "Replays the same traffic (recorded audit logs or scenario files) under two\n"
	        "policies and shows what changes: how many requests move from one level to\n"
	        "another, the events and bytes written under each, the rules and resources\n"
	        "behind the change (largest byte change first), and a sample of requests whose\n"
	        "decision changed. Bytes are counted as `auditsim emit` writes them, plus bodies\n"
	        "the recording lacks (modelled, as in replay). The policies are A and\n"
	        "B in the order given; --profile NAME stands for a shipped profile.\n"
	        "\n"
	        "  -o, --output FORMAT  text (default), json, yaml, or csv (levels, rules, resources)\n"
	        "      --top N          rule pairs and resources listed (default %d)\n"
	        "      --samples N      changed requests shown (default %d)\n"
	        CLI_KUBE_VERSION_HELP
	        CLI_JOBS_HELP
	        CLI_LIMIT_HELP
	        "  -h, --help           show this help\n"
	        "\n"
	        "With any option below, the projection and costs under A and under B too.\n"
	        CLI_VOLUME_HELP CLI_SINK_HELP
	        "\n"
	        "Exit status: 0 no request changed, 1 some changed, 2 usage or I/O error or an\n"
	        "invalid policy.\n",
	        DEFAULT_TOP, DEFAULT_SAMPLES);
}

static const cli_command diff_cmd = { "diff", print_usage };

/* A count for --top or --samples. */
static int parse_count(const char *option, const char *s, size_t *out)
{
	uint64_t n;
	if (!cli_parse_count(s, 0, 100000, &n))
		return cli_usage_error(&diff_cmd, "%s takes a number, not %s", option, s);
	*out = (size_t)n;
	return 0;
}

/* Returns 0 when usable, CLI_HELP_SHOWN after --help, else the exit code. a->inputs is
 * set (to free) whatever the result. The first two policy arguments (paths or --profile,
 * in order: the "-" optstring) are A and B; the remaining positionals are LOGs. */
static int parse_args(int argc, char **argv, diff_args *a)
{
	enum { OPT_PROFILE = 256, OPT_TOP, OPT_SAMPLES };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "samples", required_argument, NULL, OPT_SAMPLES },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_LIMIT_LONGOPTS,
		CLI_VOLUME_LONGOPTS,
		CLI_SINK_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*a = (diff_args){ .top = DEFAULT_TOP, .samples = DEFAULT_SAMPLES };
	a->engine = cli_engine_options("diff");
	cli_inputs_init(&a->inputs, 2, argc);
	optind = 1;
	int c, rc = 0;
	while (rc == 0 && (c = cli_getopt(&diff_cmd, argc, argv, "-o:j:h", longopts)) != -1) {
		switch (c) {
		case 1: rc = cli_inputs_take(&a->inputs, &diff_cmd, optarg, false); break;
		case OPT_PROFILE: rc = cli_inputs_take(&a->inputs, &diff_cmd, optarg, true); break;
		case 'o':
			if (strcmp(optarg, "text") == 0)
				a->format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				a->format = FORMAT_JSON;
			else if (strcmp(optarg, "yaml") == 0)
				a->format = FORMAT_YAML;
			else if (strcmp(optarg, "csv") == 0)
				a->format = FORMAT_CSV;
			else
				rc = cli_usage_error(&diff_cmd, "unknown output format (text, json, yaml, csv): %s",
				                     optarg);
			break;
		case OPT_TOP: rc = parse_count("--top", optarg, &a->top); break;
		case OPT_SAMPLES: rc = parse_count("--samples", optarg, &a->samples); break;
		case CLI_OPT_KUBE_VERSION:
			rc = cli_parse_kube_version(&diff_cmd, optarg, &a->engine.kube_version);
			break;
		case 'h': rc = cli_help(&diff_cmd); break;
		default: rc = cli_engine_option(&diff_cmd, c, optarg, &a->engine); break;
		}
	}
	if (rc)
		return rc;
	return cli_inputs_finish(&a->inputs, &diff_cmd, argc, argv, optind, 1, SIZE_MAX);
}

/* The file of policy i (A or B): the argument, or the profile's file. */
static bool resolve_policy(diff_args *a, size_t i)
{
	const cli_policy_arg *arg = &a->inputs.policies[i];
	a->paths[i] = cli_policy_path("diff", arg->arg, arg->is_profile);
	return a->paths[i] != NULL;
}

/* An invalid policy cannot be compared, which is an error for diff (2), not a
 * difference. */
static int load_policy(const diff_args *a, const char *path, policy *p)
{
	return cli_load_policy("diff", path, a->engine.kube_version, p) == LOAD_OK ? EXIT_OK
	                                                                            : EXIT_USAGE;
}

/* --- text output --- */

static void print_stages(FILE *out, stage_set stages)
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

static void print_rule(FILE *out, const policy *p, int rule)
{
	char name[48];
	if (rule < 0)
		snprintf(name, sizeof name, "(no rule)");
	else
		snprintf(name, sizeof name, "rules[%d]:%d", rule, p->rules[rule].pos.line);
	fprintf(out, "%-16s", name);
}

static void print_matrix(FILE *out, const diff_report *r)
{
	fprintf(out, "level transitions (requests; rows A, columns B):\n  %-16s", "A \\ B");
	for (int b = 0; b < LEVEL_COUNT; b++)
		fprintf(out, " %16s", level_name((audit_level)b));
	fputc('\n', out);
	for (int a = 0; a < LEVEL_COUNT; a++) {
		fprintf(out, "  %-16s", level_name((audit_level)a));
		for (int b = 0; b < LEVEL_COUNT; b++)
			fprintf(out, " %16llu", (unsigned long long)r->matrix[a][b]);
		fputc('\n', out);
	}
}

static long long delta(uint64_t a, uint64_t b) { return (long long)b - (long long)a; }

static void print_pairs(FILE *out, const diff_report *r, const policy *pa, const policy *pb,
                        size_t top)
{
	if (r->pair_count == 0)
		return;
	fputs("\nrules behind the change (A rule -> B rule):\n", out);
	fprintf(out, "  %-16s %-16s %-16s %-16s %9s %8s %12s\n", "A RULE:LINE", "A LEVEL",
	        "B RULE:LINE", "B LEVEL", "REQUESTS", "EVENTS", "BYTES");
	for (size_t i = 0; i < r->pair_count && i < top; i++) {
		const diff_rule_pair *pair = &r->pairs[i];
		fputs("  ", out);
		print_rule(out, pa, pair->rule_a);
		fprintf(out, " %-16s ", level_name(pair->level_a));
		print_rule(out, pb, pair->rule_b);
		fprintf(out, " %-16s %9llu %+8lld %+12lld\n", level_name(pair->level_b),
		        (unsigned long long)pair->requests, delta(pair->a.events, pair->b.events),
		        delta(pair->a.bytes, pair->b.bytes));
	}
}

static void print_resources(FILE *out, const diff_report *r, size_t top)
{
	if (r->resource_count == 0)
		return;
	/* the column is as wide as the longest name shown, so long group names stay aligned */
	int width = (int)strlen("RESOURCE");
	for (size_t i = 0; i < r->resource_count && i < top; i++) {
		int len = (int)strlen(r->resources[i].name);
		width = len > width ? len : width;
	}
	fprintf(out, "\nresources behind the change:\n  %-*s %9s %8s %12s\n", width, "RESOURCE",
	        "REQUESTS", "EVENTS", "BYTES");
	for (size_t i = 0; i < r->resource_count && i < top; i++) {
		const diff_resource *res = &r->resources[i];
		fprintf(out, "  %-*s %9llu %+8lld %+12lld\n", width, res->name,
		        (unsigned long long)res->requests, delta(res->a.events, res->b.events),
		        delta(res->a.bytes, res->b.bytes));
	}
}

static void print_decision(FILE *out, const char *which, audit_level level, int rule,
                           stage_set stages)
{
	fprintf(out, "    %s: %-16s ", which, level_name(level));
	if (rule >= 0)
		fprintf(out, "rules[%d] ", rule);
	else
		fputs("(no rule) ", out);
	print_stages(out, stages);
	fputc('\n', out);
}

static void print_samples(FILE *out, const diff_report *r)
{
	if (r->sample_count == 0)
		return;
	fputs("\nchanged requests (sample):\n", out);
	for (size_t i = 0; i < r->sample_count; i++) {
		const diff_sample *s = &r->samples[i];
		fprintf(out, "  %s %s %s %s\n", s->audit_id, s->verb, s->user ? s->user : "<none>",
		        s->target);
		print_decision(out, "A", s->level_a, s->rule_a, s->stages_a);
		print_decision(out, "B", s->level_b, s->rule_b, s->stages_b);
	}
}

/* With a volume option: each policy's projection, retention and costs. */
static void print_volumes(FILE *out, const volume *va, const volume *vb)
{
	if (!va || !vb)
		return;
	fputs("under A: ", out);
	volume_print_projection(va, out);
	fputs("under B: ", out);
	volume_print_projection(vb, out);
}

static void print_text(FILE *out, const diff_report *r, const diff_args *a, const policy *pa,
                       const policy *pb, const volume *va, const volume *vb)
{
	fprintf(out, "A: %s\nB: %s\n\n", a->paths[0], a->paths[1]);
	fprintf(out, "requests: %llu, changed: %llu\n", (unsigned long long)r->requests,
	        (unsigned long long)r->changed);
	fprintf(out, "events: A %llu, B %llu, difference %+lld\n", (unsigned long long)r->a.events,
	        (unsigned long long)r->b.events, delta(r->a.events, r->b.events));
	fprintf(out, "bytes: A %llu, B %llu, difference %+lld\n", (unsigned long long)r->a.bytes,
	        (unsigned long long)r->b.bytes, delta(r->a.bytes, r->b.bytes));
	if (r->a.modelled_bytes || r->b.modelled_bytes)
		fprintf(out, "  of which modelled (bodies the recording lacks): A %llu, B %llu\n",
		        (unsigned long long)r->a.modelled_bytes, (unsigned long long)r->b.modelled_bytes);
	print_volumes(out, va, vb);
	fputc('\n', out);
	print_matrix(out, r);
	print_pairs(out, r, pa, pb, a->top);
	print_resources(out, r, a->top);
	print_samples(out, r);
}

/* --- JSON output --- */

static json_t *stages_json(stage_set stages)
{
	json_t *list = json_array();
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s))
			json_array_append_new(list, json_string(stage_name((audit_stage)s)));
	}
	return list;
}

static json_t *rule_json(int rule) { return rule < 0 ? json_null() : json_integer(rule); }

static json_t *matrix_json(const diff_report *r)
{
	json_t *rows = json_object();
	for (int a = 0; a < LEVEL_COUNT; a++) {
		json_t *row = json_object();
		for (int b = 0; b < LEVEL_COUNT; b++)
			json_object_set_new(row, level_name((audit_level)b), json_integer((json_int_t)r->matrix[a][b]));
		json_object_set_new(rows, level_name((audit_level)a), row);
	}
	return rows;
}

static json_t *pairs_json(const diff_report *r, size_t top)
{
	json_t *list = json_array();
	for (size_t i = 0; i < r->pair_count && i < top; i++) {
		const diff_rule_pair *p = &r->pairs[i];
		json_array_append_new(list, json_pack("{s:o, s:s, s:o, s:s, s:I, s:I, s:I, s:I, s:I}",
		                                      "ruleA", rule_json(p->rule_a), "levelA",
		                                      level_name(p->level_a), "ruleB",
		                                      rule_json(p->rule_b), "levelB",
		                                      level_name(p->level_b), "requests",
		                                      (json_int_t)p->requests, "eventsA",
		                                      (json_int_t)p->a.events, "eventsB",
		                                      (json_int_t)p->b.events, "bytesA",
		                                      (json_int_t)p->a.bytes, "bytesB",
		                                      (json_int_t)p->b.bytes));
	}
	return list;
}

static json_t *resources_json(const diff_report *r, size_t top)
{
	json_t *list = json_array();
	for (size_t i = 0; i < r->resource_count && i < top; i++) {
		const diff_resource *res = &r->resources[i];
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "resource",
		                                      res->name, "requests", (json_int_t)res->requests,
		                                      "eventsA", (json_int_t)res->a.events, "eventsB",
		                                      (json_int_t)res->b.events, "bytesA",
		                                      (json_int_t)res->a.bytes, "bytesB",
		                                      (json_int_t)res->b.bytes));
	}
	return list;
}

static json_t *sample_json(const diff_sample *s)
{
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:I, s:{s:s, s:o, s:o}, s:{s:s, s:o, s:o}}",
	                 "auditID", s->audit_id, "verb", s->verb, "user",
	                 s->user ? json_string(s->user) : json_null(), "target", s->target, "file",
	                 s->file, "line", (json_int_t)s->line, "a", "level", level_name(s->level_a),
	                 "rule", rule_json(s->rule_a), "stages", stages_json(s->stages_a), "b",
	                 "level", level_name(s->level_b), "rule", rule_json(s->rule_b), "stages",
	                 stages_json(s->stages_b));
}

/* replay's "volume" member of v (as replay -o json has it), a new reference. */
static json_t *volume_json(const volume *v)
{
	json_t *doc = json_object();
	volume_add_json(v, doc);
	json_t *o = json_incref(json_object_get(doc, "volume"));
	json_decref(doc);
	return o;
}

static void print_json(FILE *out, const diff_report *r, const diff_args *a, const volume *va,
                       const volume *vb)
{
	json_t *samples = json_array();
	for (size_t i = 0; i < r->sample_count; i++)
		json_array_append_new(samples, sample_json(&r->samples[i]));
	json_t *root = json_pack("{s:s, s:s, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o}",
	                         "policyA", a->paths[0], "policyB", a->paths[1],
	                         "requests", (json_int_t)r->requests, "changed",
	                         (json_int_t)r->changed, "levels", matrix_json(r), "eventsA",
	                         (json_int_t)r->a.events, "eventsB", (json_int_t)r->b.events,
	                         "bytesA", (json_int_t)r->a.bytes, "bytesB", (json_int_t)r->b.bytes,
	                         "modelledBytesA", (json_int_t)r->a.modelled_bytes,
	                         "modelledBytesB", (json_int_t)r->b.modelled_bytes, "rules",
	                         pairs_json(r, a->top), "resources", resources_json(r, a->top),
	                         "samples", samples);
	if (va && vb) {
		json_object_set_new(root, "volumeA", volume_json(va));
		json_object_set_new(root, "volumeB", volume_json(vb));
	}
	doc_print(out, root, a->format == FORMAT_YAML ? DOC_PRINT_YAML : DOC_PRINT_JSON);
	json_decref(root);
}

/* --- running --- */

static void pair_request(size_t side, const replay_request *req, void *ctx)
{
	diff_add_request(ctx, side, req);
}

static int run_diff(const diff_args *a, const policy *pa, const policy *pb)
{
	diff *d = diff_new(pa, pb, a->samples);
	engine_options eo = a->engine;
	eo.on_request = pair_request;
	eo.ctx = d;
	eo.measure_volume = eo.volume_asked;
	const policy *policies[] = { pa, pb };
	engine *e = engine_new(policies, 2, &eo);
	int rc = engine_run(e, a->inputs.logs, a->inputs.log_count);
	const volume *va = engine_figures_of(e, 0)->volume, *vb = engine_figures_of(e, 1)->volume;
	const diff_report *r = diff_finish(d);
	if (rc == EXIT_OK && r->unpaired) {
		cli_error("diff", "internal error: %llu requests could not be paired",
		          (unsigned long long)r->unpaired);
		rc = EXIT_IO;
	}
	if (rc == EXIT_OK) {
		if (a->format == FORMAT_JSON || a->format == FORMAT_YAML)
			print_json(stdout, r, a, va, vb);
		else if (a->format == FORMAT_CSV)
			export_diff_csv(stdout, r, a->top);
		else
			print_text(stdout, r, a, pa, pb, va, vb);
		rc = r->changed ? EXIT_INPUT_WRONG : EXIT_OK;
	}
	engine_free(e);
	diff_free(d);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	diff_args a;
	sink_table *sinks = NULL;
	int rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = cli_choose_sinks(&diff_cmd, &a.engine, &sinks);
	policy pa, pb;
	policy_init(&pa);
	policy_init(&pb);
	if (rc == 0 && (!resolve_policy(&a, 0) || !resolve_policy(&a, 1)))
		rc = EXIT_IO;
	if (rc == 0)
		rc = load_policy(&a, a.paths[0], &pa);
	if (rc == 0)
		rc = load_policy(&a, a.paths[1], &pb);
	if (rc == 0)
		rc = run_diff(&a, &pa, &pb);
	sink_table_free(sinks);
	policy_free(&pa);
	policy_free(&pb);
	free(a.paths[0]);
	free(a.paths[1]);
	cli_inputs_free(&a.inputs);
	return cli_exit(rc);
}
