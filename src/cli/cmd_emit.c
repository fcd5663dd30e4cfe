/* auditsim emit POLICY LOG... [-o FILE]: the audit log kube-apiserver would have written
 * under POLICY for the recorded traffic. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "output_file.h"
#include "policy_loader.h"
#include "run.h"
#include "xalloc.h"

typedef struct {
	const char *policy_path;
	const char *profile;
	const char *output; /* NULL: standard output */
	engine_options engine; /* reader limits, -j */
	char **logs;
	int log_count;
} emit_options;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim emit [-o FILE] POLICY|--profile NAME LOG...\n"
	        "\n"
	        "Writes the audit log (JSON lines) that kube-apiserver's log backend would have\n"
	        "written under POLICY for the requests recorded in LOG: each stage the policy\n"
	        "writes, with the fields its level and stage carry, values copied byte for byte.\n"
	        "Bodies the recording does not hold cannot be written; replay models their size.\n"
	        "\n"
	        "  -o, --output FILE    write FILE (replaced only once complete; - is stdout)\n"
	        "      --profile NAME   a shipped profile (auditsim profiles) instead of POLICY\n"
	        CLI_JOBS_HELP
	        CLI_LIMIT_HELP);
}

static int parse_options(int argc, char **argv, emit_options *o)
{
	enum { OPT_PROFILE = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		CLI_LIMIT_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->engine = engine_default_options();
	o->engine.feed.jobs = cli_default_jobs();
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case 'j':
			if (!cli_apply_jobs_option("emit", optarg, &o->engine.feed.jobs))
				return 2;
			break;
		case CLI_OPT_MAX_RECORD:
		case CLI_OPT_MAX_DEPTH:
			if (!cli_apply_limit_option("emit", c, optarg, &o->engine.feed.limits))
				return 2;
			break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return 2;
		}
	}
	int policy_args = o->profile ? 0 : 1;
	if (argc - optind < policy_args + 1) {
		fprintf(stderr, "auditsim emit: need a POLICY (or --profile NAME) and at least one LOG\n");
		usage(stderr);
		return 2;
	}
	o->policy_path = o->profile ? NULL : argv[optind];
	o->logs = argv + optind + policy_args;
	o->log_count = argc - optind - policy_args;
	return 0;
}

/* Replays every log through the policy into out. Returns 0 or the exit code. */
static int emit_logs(const emit_options *opts, const policy *p, FILE *out)
{
	engine_options eo = opts->engine;
	eo.emit_to = out;
	engine *e = engine_new(&p, 1, &eo);
	int rc = engine_run(e, opts->logs, (size_t)opts->log_count);
	const engine_figures *f = engine_figures_of(e, 0);
	if (rc == 0 && f->modelled_requests)
		fprintf(stderr, "auditsim emit: %llu of %llu requests need bodies the recording does "
		                "not hold (recorded below the policy's level); they are written "
		                "without them (see replay's modelled bytes)\n",
		        (unsigned long long)f->modelled_requests,
		        (unsigned long long)f->summary.total.requests);
	engine_free(e);
	return rc; /* a failed write is left on the stream, for output_file_finish */
}

/* The policy file and every LOG: -o must be none of them. */
static bool output_is_not_input(const emit_options *opts, const char *policy_path)
{
	output_input *inputs = xcalloc((size_t)opts->log_count + 1, sizeof *inputs);
	inputs[0] = (output_input){ "policy", policy_path };
	for (int i = 0; i < opts->log_count; i++)
		inputs[i + 1] = (output_input){ "log", opts->logs[i] };
	bool ok = output_file_is_not_input("emit", opts->output, inputs, (size_t)opts->log_count + 1);
	free(inputs);
	return ok;
}

static int emit_to(const emit_options *opts, const policy *p)
{
	output_file *out = output_file_open("emit", opts->output ? opts->output : "-");
	if (!out)
		return 2;
	return output_file_finish(out, emit_logs(opts, p, output_file_stream(out)));
}

int cmd_emit(int argc, char **argv)
{
	emit_options opts;
	int rc = parse_options(argc, argv, &opts);
	if (rc)
		return rc < 0 ? 0 : rc;
	char *path = opts.profile ? cli_policy_path("emit", opts.profile, true)
	                          : cli_policy_path("emit", opts.policy_path, false);
	if (!path)
		return 2;
	if (opts.output && !output_is_not_input(&opts, path)) {
		free(path);
		return 2;
	}
	policy p;
	policy_init(&p);
	rc = (int)cli_load_policy(path, &p);
	free(path);
	if (rc == 0)
		rc = emit_to(&opts, &p);
	policy_free(&p);
	return rc;
}
