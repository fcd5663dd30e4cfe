/* auditsim emit POLICY LOG... [-o FILE]: the audit log kube-apiserver would have written
 * under POLICY for the recorded traffic. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "output_file.h"
#include "policy_loader.h"
#include "run.h"
#include "xalloc.h"

typedef struct {
	cli_inputs inputs; /* POLICY or --profile NAME, LOG... */
	const char *output; /* NULL: standard output */
	engine_options engine; /* reader limits, -j */
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
	        CLI_KUBE_VERSION_HELP
	        CLI_JOBS_HELP
	        CLI_LIMIT_HELP);
}

static const cli_command emit_cmd = { "emit", usage };

/* Returns 0 when usable, CLI_HELP_SHOWN after --help, else the exit code. o->inputs is
 * set (to free) whatever the result. */
static int parse_options(int argc, char **argv, emit_options *o)
{
	enum { OPT_PROFILE = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_LIMIT_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->engine = cli_engine_options("emit");
	cli_inputs_init(&o->inputs, 1, argc);
	int c;
	optind = 1;
	while ((c = cli_getopt(&emit_cmd, argc, argv, "o:j:h", longopts)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case OPT_PROFILE:
			if (cli_inputs_take(&o->inputs, &emit_cmd, optarg, true))
				return EXIT_USAGE;
			break;
		case CLI_OPT_KUBE_VERSION:
			if (cli_parse_kube_version(&emit_cmd, optarg, &o->engine.kube_version))
				return EXIT_USAGE;
			break;
		case 'h': return cli_help(&emit_cmd);
		default: {
			int rc = cli_engine_option(&emit_cmd, c, optarg, &o->engine);
			if (rc)
				return rc;
			break;
		}
		}
	}
	return cli_inputs_finish(&o->inputs, &emit_cmd, argc, argv, optind, 1, SIZE_MAX);
}

/* Replays every log through the policy into out. Returns 0 or the exit code. */
static int emit_logs(const emit_options *opts, const policy *p, FILE *out)
{
	engine_options eo = opts->engine;
	eo.emit_to = out;
	engine *e = engine_new(&p, 1, &eo);
	int rc = engine_run(e, opts->inputs.logs, opts->inputs.log_count);
	const engine_figures *f = engine_figures_of(e, 0);
	if (rc == EXIT_OK && f->modelled_requests)
		cli_error("emit", "%llu of %llu requests need bodies the recording does not hold "
		                  "(recorded below the policy's level); they are written without them "
		                  "(see replay's modelled bytes)",
		          (unsigned long long)f->modelled_requests,
		        (unsigned long long)f->summary.total.requests);
	engine_free(e);
	return rc; /* a failed write is left on the stream, for output_file_finish */
}

/* The policy file and every LOG: -o must be none of them. */
static bool output_is_not_input(const emit_options *opts, const char *policy_path)
{
	const cli_inputs *in = &opts->inputs;
	output_input *inputs = xcalloc(in->log_count + 1, sizeof *inputs);
	inputs[0] = (output_input){ "policy", policy_path };
	for (size_t i = 0; i < in->log_count; i++)
		inputs[i + 1] = (output_input){ "log", in->logs[i] };
	bool ok = output_file_is_not_input("emit", opts->output, inputs, in->log_count + 1);
	free(inputs);
	return ok;
}

static int emit_to(const emit_options *opts, const policy *p)
{
	output_file *out = output_file_open("emit", opts->output ? opts->output : "-");
	if (!out)
		return EXIT_IO;
	return output_file_finish(out, emit_logs(opts, p, output_file_stream(out)));
}

/* Resolves and loads the policy, then emits. Returns the exit code. */
static int emit(const emit_options *opts)
{
	const cli_policy_arg *arg = &opts->inputs.policies[0];
	char *path = cli_policy_path("emit", arg->arg, arg->is_profile);
	if (!path)
		return EXIT_IO;
	if (opts->output && !output_is_not_input(opts, path)) {
		free(path);
		return EXIT_USAGE;
	}
	policy p;
	policy_init(&p);
	int rc = (int)cli_load_policy("emit", path, opts->engine.kube_version, &p);
	free(path);
	if (rc == EXIT_OK)
		rc = emit_to(opts, &p);
	policy_free(&p);
	return rc;
}

int cmd_emit(int argc, char **argv)
{
	emit_options opts;
	int rc = parse_options(argc, argv, &opts);
	if (rc == 0)
		rc = emit(&opts);
	cli_inputs_free(&opts.inputs);
	return cli_exit(rc);
}
