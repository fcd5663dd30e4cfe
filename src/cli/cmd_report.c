/* auditsim report POLICY|--profile NAME [--against POLICY|--against-profile NAME]...
 * LOG... -o report.html: the self-contained HTML report (report_html.h). One pass over the
 * logs feeds every policy's replay, the diffs of the first policy with each other one and
 * the security categories, so `-` (stdin) works too. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_args.h"
#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "diff.h"
#include "lint.h"
#include "output_file.h"
#include "policy_loader.h"
#include "report_html.h"
#include "run.h"
#include "security_category.h"
#include "xalloc.h"

#ifndef AUDITSIM_VERSION
#define AUDITSIM_VERSION "dev"
#endif

#define TIME_POINTS_MAX 720 /* per minute up to 12 hours, per hour beyond */

typedef struct {
	const char *arg;  /* as given */
	bool is_profile;
	char *path;       /* resolved, owned */
	char *label;      /* how the report names it: the path, or "profile NAME"; owned */
	policy policy;
	char *source;     /* the file's text, owned; NULL when unreadable */
	size_t source_len;
	diag_list lint;
	volume_figures volume; /* borrowed from the engine, while it lives */
	time_series times;     /* owned */
	security_tally categories;
} report_policy;

typedef struct {
	const char *output;
	report_policy sides[REPORT_MAX_SIDES];
	size_t side_count;
	cli_inputs inputs; /* POLICY or --profile NAME (sides[0]), LOG... */
	engine_options engine; /* reader limits, price */
} report_args;

static void usage(FILE *out)
{
	fprintf(out,
	      "usage: auditsim report [options] POLICY|--profile NAME\n"
	      "                       [--against POLICY|--against-profile NAME]... LOG... -o FILE\n"
	      "\n"
	      "Replays the traffic (recorded audit logs or scenario files) under the policy and\n"
	      "writes one self-contained HTML file: each rule with its share of requests, events\n"
	      "and bytes, bytes by level, stage and over time, the top users, resources, verbs and\n"
	      "namespaces, projected GB per day, gzip size, retention and cost, and lint findings.\n"
	      "With more policies (--against, repeatable; at most %d in all): each figure side by\n"
	      "side, one column per policy, the requests of each security category each policy\n"
	      "logs, and the level transition matrix from the first policy to each other one.\n"
	      "\n"
	      "  -o, --output FILE          where to write the report (required; - for stdout)\n"
	      "      --profile NAME         a shipped profile instead of POLICY\n"
	      "      --against POLICY       compare with another policy (repeatable)\n"
	      "      --against-profile NAME compare with a shipped profile (repeatable)\n"
	      CLI_KUBE_VERSION_HELP
	      CLI_JOBS_HELP
	      CLI_LIMIT_HELP
	      "  -h, --help                 show this help\n"
	      "\n"
	      CLI_VOLUME_HELP CLI_SINK_HELP
	      "\n"
	      "Exit status: 0 written, 1 an invalid policy, 2 usage or I/O error.\n",
	      REPORT_MAX_SIDES);
}

static const cli_command report_cmd = { "report", usage };

/* --against POLICY or --against-profile NAME: the next side (sides[0] is POLICY). */
static int add_against(report_args *a, const char *arg, bool is_profile)
{
	if (a->side_count + 1 >= REPORT_MAX_SIDES)
		return cli_usage_error(&report_cmd,
		                       "at most %d policies in one report (POLICY and %d --against or "
		                       "--against-profile): %s",
		                       REPORT_MAX_SIDES, REPORT_MAX_SIDES - 1, arg);
	report_policy *s = &a->sides[1 + a->side_count++];
	s->arg = arg;
	s->is_profile = is_profile;
	return 0;
}

/* Returns 0 when usable, CLI_HELP_SHOWN after --help, else the exit code; a->inputs is
 * set (to free) whatever the result. */
static int parse_args(int argc, char **argv, report_args *a)
{
	enum { OPT_PROFILE = 256, OPT_AGAINST, OPT_AGAINST_PROFILE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "against", required_argument, NULL, OPT_AGAINST },
		{ "against-profile", required_argument, NULL, OPT_AGAINST_PROFILE },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_VOLUME_LONGOPTS,
		CLI_SINK_LONGOPTS,
		CLI_JOBS_LONGOPT,
		CLI_LIMIT_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*a = (report_args){ .engine = cli_engine_options("report") };
	a->engine.measure_volume = true;
	a->engine.time_buckets = true;
	cli_inputs_init(&a->inputs, 1, argc);
	optind = 1;
	int c, rc = 0;
	while (rc == 0 && (c = cli_getopt(&report_cmd, argc, argv, "o:j:h", longopts)) != -1) {
		switch (c) {
		case 'o': a->output = optarg; break;
		case OPT_PROFILE: rc = cli_inputs_take(&a->inputs, &report_cmd, optarg, true); break;
		case OPT_AGAINST: rc = add_against(a, optarg, false); break;
		case OPT_AGAINST_PROFILE: rc = add_against(a, optarg, true); break;
		case CLI_OPT_KUBE_VERSION:
			rc = cli_parse_kube_version(&report_cmd, optarg, &a->engine.kube_version);
			break;
		case 'h': rc = cli_help(&report_cmd); break;
		default: rc = cli_engine_option(&report_cmd, c, optarg, &a->engine); break;
		}
	}
	if (rc == 0)
		rc = cli_inputs_finish(&a->inputs, &report_cmd, argc, argv, optind, 1, SIZE_MAX);
	if (rc)
		return rc;
	a->sides[0].arg = a->inputs.policies[0].arg;
	a->sides[0].is_profile = a->inputs.policies[0].is_profile;
	a->side_count++; /* side_count counted the --against sides while parsing */
	if (!a->output)
		return cli_usage_error(&report_cmd, "need -o FILE (the HTML report; - for standard output)");
	return 0;
}

/* Resolves, loads and lints one policy. Returns 0, or the exit code. */
static int load_side(report_policy *s, kube_version version)
{
	policy_init(&s->policy);
	diag_list_init(&s->lint, s->arg);
	s->path = cli_policy_path("report", s->arg, s->is_profile);
	if (!s->path)
		return EXIT_IO;
	s->label = s->is_profile ? xasprintf("profile %s", s->arg) : xstrdup(s->arg);
	diag_list load;
	diag_list_init(&load, s->path);
	/* the text, for each rule's own lines, from the same read (a FIFO is read once) */
	load_result res = cli_open_policy("report", s->path, version, &s->policy, &load,
	                                  &s->source, &s->source_len);
	diag_print(&load, stderr);
	if (res == LOAD_OK) {
		lint_options opts = lint_default_options();
		lint_add_decode_warnings(&load, &s->lint);
		lint_policy(&s->policy, &opts, &s->lint);
	}
	diag_list_free(&load);
	return (int)res;
}

/* What the engine's requests feed: each side's categories, and the diffs of the first
 * policy with each other one (diffs[0] unused). */
typedef struct {
	report_args *args;
	diff *diffs[REPORT_MAX_SIDES];
} report_tally;

/* Every request comes under the first policy first: each diff takes it as its A, then
 * its own side's as its B. */
static void tally_request(size_t side, const replay_request *req, void *ctx)
{
	report_tally *t = ctx;
	report_policy *s = &t->args->sides[side];
	security_tally_add(&s->categories, security_categories_of_request(req), req->decision.level);
	if (side == 0) {
		for (size_t k = 1; k < t->args->side_count; k++)
			diff_add_request(t->diffs[k], 0, req);
	} else {
		diff_add_request(t->diffs[side], 1, req);
	}
}

/* Every policy file and LOG: -o must be none of them. */
static bool output_is_not_input(const report_args *a)
{
	const cli_inputs *in = &a->inputs;
	output_input *inputs = xcalloc(a->side_count + in->log_count, sizeof *inputs);
	size_t n = 0;
	for (size_t i = 0; i < a->side_count; i++)
		inputs[n++] = (output_input){ i ? "--against policy" : "policy", a->sides[i].path };
	for (size_t i = 0; i < in->log_count; i++)
		inputs[n++] = (output_input){ "log", in->logs[i] };
	bool ok = output_file_is_not_input("report", a->output, inputs, n);
	free(inputs);
	return ok;
}

/* The output is opened before the replay, so an unwritable -o fails at once rather than
 * after the whole recording, and an interrupted run removes its temporary file. */
static int run_report(report_args *a)
{
	if (!output_is_not_input(a))
		return EXIT_USAGE;
	output_file *out = output_file_open("report", a->output);
	if (!out)
		return EXIT_IO;
	report_tally tally = { .args = a };
	for (size_t k = 1; k < a->side_count; k++)
		tally.diffs[k] = diff_new(&a->sides[0].policy, &a->sides[k].policy, 0);
	engine_options eo = a->engine;
	eo.on_request = tally_request;
	eo.ctx = &tally;
	const policy *policies[REPORT_MAX_SIDES];
	for (size_t i = 0; i < a->side_count; i++)
		policies[i] = &a->sides[i].policy;
	engine *e = engine_new(policies, a->side_count, &eo);
	int rc = engine_run(e, a->inputs.logs, a->inputs.log_count);
	report_input in = { .logs = a->inputs.logs, .log_count = a->inputs.log_count,
		            .side_count = a->side_count,
		            .version = AUDITSIM_VERSION };
	for (size_t i = 0; i < a->side_count; i++) {
		report_policy *s = &a->sides[i];
		const engine_figures *f = engine_figures_of(e, i);
		volume_figures_of(f->volume, &s->volume);
		lint_traffic(&s->policy, &f->summary, &s->lint);
		lint_sort(&s->lint);
		s->times = time_buckets_series(f->times, TIME_POINTS_MAX);
		in.sides[i] = (report_side){ s->label, &s->policy, s->source, s->source_len, &f->summary,
			                     &s->volume, &s->times, &s->lint, &s->categories };
	}
	for (size_t k = 1; k < a->side_count; k++)
		in.diffs[k] = diff_finish(tally.diffs[k]);
	if (rc == EXIT_OK)
		report_write_html(output_file_stream(out), &in);
	engine_free(e);
	for (size_t k = 1; k < a->side_count; k++)
		diff_free(tally.diffs[k]);
	return output_file_finish(out, rc);
}

static void free_side(report_policy *s)
{
	time_series_free(&s->times);
	policy_free(&s->policy);
	diag_list_free(&s->lint);
	free(s->source);
	free(s->path);
	free(s->label);
}

int cmd_report(int argc, char **argv)
{
	report_args a;
	sink_table *sinks = NULL;
	int rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = cli_choose_sinks(&report_cmd, &a.engine, &sinks);
	size_t loaded = 0; /* sides whose load_side ran, whatever it returned */
	while (rc == 0 && loaded < a.side_count)
		rc = load_side(&a.sides[loaded++], a.engine.kube_version);
	if (rc == 0)
		rc = run_report(&a);
	for (size_t i = 0; i < loaded; i++)
		free_side(&a.sides[i]);
	cli_inputs_free(&a.inputs);
	sink_table_free(sinks);
	return cli_exit(rc);
}
