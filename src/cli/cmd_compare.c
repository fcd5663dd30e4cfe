/* auditsim compare -p FILE|--profile NAME ... LOG...: N policies over the same traffic in
 * one pass, one column per policy. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "doc_print.h"
#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "compare_output.h"
#include "partial.h"
#include "policy_loader.h"
#include "run.h"
#include "security_category.h"
#include "xalloc.h"

typedef enum { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV, FORMAT_YAML } compare_format;

/* One policy: its argument, its column's name and what its requests add up to. */
typedef struct {
	cli_policy_arg arg;
	char *name; /* owned */
	policy policy;
	security_tally categories;
	partial *partial;            /* --partial: what a merge needs beyond the figures */
	partial_identity identity;   /* --partial */
} compare_policy;

typedef struct {
	compare_format format;
	bool partial; /* -o json --partial: a partial summary for `auditsim merge` */
	compare_policy *policies; /* policy_count of them, in the order given; owned */
	size_t policy_count;
	char **logs; /* argv's */
	size_t log_count;
	engine_options engine; /* reader limits, -j, --strict, rotation, price */
} compare_args;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim compare [-o table|json|yaml|csv] [--partial] [-j N] [--strict]\n"
	        "                       (-p FILE | --profile NAME)... LOG...\n"
	        "\n"
	        "Replays the same traffic (recorded audit logs or scenario files) under two or\n"
	        "more policies in one pass, each event read once and decided under every policy,\n"
	        "and prints one column per policy: requests by level, events, bytes, gzip size,\n"
	        "projected GB per day and cost, and for each security category (secret reads and\n"
	        "writes, RBAC changes, exec/attach/portforward, token requests, pod creation, CRD\n"
	        "changes, anonymous, failed authentication) how many requests each policy logs\n"
	        "at each level. Each policy's figures are those `auditsim replay` gives for it.\n"
	        "\n"
	        "  -p, --policy FILE        a policy file (repeatable)\n"
	        "      --profile NAME       a shipped profile (auditsim profiles; repeatable)\n"
	        CLI_KUBE_VERSION_HELP
	        "  -o, --output FORMAT      table (default), json, yaml, or csv (one row per\n"
	        "                           policy and figure)\n"
	        "      --partial            with -o json: a partial summary of this shard of the\n"
	        "                           traffic, for auditsim merge\n"
	        CLI_JOBS_HELP
	        "      --strict             a record that is not an audit event is fatal (exit 1)\n"
	        CLI_LIMIT_HELP
	        "  -h, --help               show this help\n"
	        "\n"
	        "At least two policies, at most %d, in the order given; a policy given twice gets\n"
	        "a second column named \"NAME (2)\".\n"
	        "\n"
	        CLI_VOLUME_HELP CLI_SINK_HELP,
	        ENGINE_POLICY_LIMIT);
}

static const cli_command compare_cmd = { "compare", usage };

static int parse_format(const char *s, compare_format *out)
{
	static const char *const names[] = { "table", "json", "csv", "yaml" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (compare_format)i;
			return 0;
		}
	}
	return cli_usage_error(&compare_cmd, "unknown output format \"%s\" (table, json, yaml, csv)", s);
}

static int take_policy(compare_args *a, const char *arg, bool is_profile)
{
	if (a->policy_count == ENGINE_POLICY_LIMIT)
		return cli_usage_error(&compare_cmd, "at most %d policies (-p, --profile)",
		                       ENGINE_POLICY_LIMIT);
	compare_policy *p = &a->policies[a->policy_count++];
	p->arg = (cli_policy_arg){ arg, is_profile };
	policy_init(&p->policy);
	return 0;
}

/* Returns 0 when usable, CLI_HELP_SHOWN after --help, else the exit code. a->policies is
 * set (to free) whatever the result. */
static int parse_args(int argc, char **argv, compare_args *a)
{
	enum { OPT_PROFILE = 256, OPT_STRICT, OPT_PARTIAL };
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_LIMIT_LONGOPTS,
		CLI_VOLUME_LONGOPTS,
		CLI_SINK_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*a = (compare_args){ .engine = cli_engine_options("compare") };
	a->engine.measure_volume = true;
	a->policies = xcalloc((size_t)argc + 1, sizeof *a->policies);
	optind = 1;
	int c, rc = 0;
	while (rc == 0 && (c = cli_getopt(&compare_cmd, argc, argv, "p:o:j:h", longopts)) != -1) {
		switch (c) {
		case 'p': rc = take_policy(a, optarg, false); break;
		case OPT_PROFILE: rc = take_policy(a, optarg, true); break;
		case 'o': rc = parse_format(optarg, &a->format); break;
		case OPT_STRICT: a->engine.feed.strict = true; break;
		case OPT_PARTIAL: a->partial = true; break;
		case CLI_OPT_KUBE_VERSION:
			rc = cli_parse_kube_version(&compare_cmd, optarg, &a->engine.kube_version);
			break;
		case 'h': rc = cli_help(&compare_cmd); break;
		default: rc = cli_engine_option(&compare_cmd, c, optarg, &a->engine); break;
		}
	}
	if (rc)
		return rc;
	a->logs = argv + optind;
	a->log_count = (size_t)(argc - optind);
	if (a->policy_count < 2)
		return cli_usage_error(&compare_cmd, "need at least two policies (-p FILE or --profile "
		                                     "NAME), not %zu", a->policy_count);
	if (a->log_count == 0)
		return cli_usage_error(&compare_cmd, "need at least one LOG");
	if (a->partial && a->format != FORMAT_JSON) {
		cli_error("compare", "--partial needs -o json: a partial summary is a JSON document "
		                     "for auditsim merge");
		return EXIT_USAGE;
	}
	return 0;
}

/* Each column's name: the argument, or "ARG (K)" for its Kth appearance. */
static void name_policies(compare_args *a)
{
	for (size_t i = 0; i < a->policy_count; i++) {
		size_t seen = 1;
		for (size_t j = 0; j < i; j++)
			seen += strcmp(a->policies[j].arg.arg, a->policies[i].arg.arg) == 0;
		const char *arg = a->policies[i].arg.arg;
		a->policies[i].name = seen == 1 ? xstrdup(arg) : xasprintf("%s (%zu)", arg, seen);
	}
}

/* A partial's marks: the request's security categories. */
static unsigned categories_mark(const replay_request *req)
{
	return security_categories_of_request(req);
}

/* --partial: the policy's text and the options, which a merge checks and reloads. */
static int start_partial(const compare_args *a, compare_policy *p, const char *path)
{
	char *error = NULL;
	if (!partial_identity_load(&p->identity, p->policy.file ? p->policy.file : path, path,
	                           &a->engine, &error)) {
		cli_error("compare", "%s: %s", path, error ? error : "cannot read");
		free(error);
		return EXIT_IO;
	}
	engine_options collect = { 0 }; /* no volume: the run's is the shard's */
	p->partial = partial_new(&p->policy, &collect);
	partial_mark(p->partial, categories_mark);
	return 0;
}

/* Loads every policy. Returns 0, or the exit code of the first that fails (as replay:
 * 1 invalid, 2 unreadable or no such profile). */
static int load_policies(compare_args *a)
{
	for (size_t i = 0; i < a->policy_count; i++) {
		compare_policy *p = &a->policies[i];
		char *path = cli_policy_path("compare", p->arg.arg, p->arg.is_profile);
		if (!path)
			return EXIT_IO;
		int rc = (int)cli_load_policy("compare", path, a->engine.kube_version, &p->policy);
		if (rc == 0 && a->partial)
			rc = start_partial(a, p, path);
		free(path);
		if (rc)
			return rc;
	}
	return 0;
}

static void tally_request(size_t policy_index, const replay_request *req, void *ctx)
{
	compare_policy *p = &((compare_policy *)ctx)[policy_index];
	security_tally_add(&p->categories, security_categories_of_request(req), req->decision.level);
	if (p->partial)
		partial_note_request(p->partial, req);
}

static void note_open(size_t policy_index, const replay_request *req, void *ctx)
{
	partial_note_open(((compare_policy *)ctx)[policy_index].partial, req);
}

static void note_line(size_t policy_index, const emitted_line *line, void *ctx)
{
	partial_note_line(((compare_policy *)ctx)[policy_index].partial, line);
}

/* --partial: {"auditsimComparePartial": 1, "policies": [{"name", "partial"}]}, each
 * policy's the partial replay --partial writes for it, with its categories as marks. */
static void print_partial(const compare_args *a, const engine *e)
{
	json_t *policies = json_array();
	for (size_t i = 0; i < a->policy_count; i++) {
		const compare_policy *p = &a->policies[i];
		const engine_figures *f = engine_figures_of(e, i);
		json_array_append_new(policies,
		                      json_pack("{s:s,s:o}", "name", p->name, "partial",
		                                partial_json(p->partial, &p->identity, &f->summary,
		                                             f->volume)));
	}
	json_t *doc = json_pack("{s:i,s:o}", "auditsimComparePartial",
	                        PARTIAL_COMPARE_FORMAT_VERSION, "policies", policies);
	partial_print(stdout, doc);
	json_decref(doc);
}

static void print_result(const compare_args *a, const engine *e)
{
	compare_column *cols = xcalloc(a->policy_count, sizeof *cols);
	for (size_t i = 0; i < a->policy_count; i++)
		cols[i] = (compare_column){ .name = a->policies[i].name,
			                    .figures = engine_figures_of(e, i),
			                    .categories = &a->policies[i].categories };
	if (a->format == FORMAT_JSON || a->format == FORMAT_YAML) {
		json_t *doc = compare_json(cols, a->policy_count);
		doc_print(stdout, doc, a->format == FORMAT_YAML ? DOC_PRINT_YAML : DOC_PRINT_JSON);
		json_decref(doc);
	} else if (a->format == FORMAT_CSV) {
		compare_print_csv(stdout, cols, a->policy_count);
	} else {
		compare_print_text(stdout, cols, a->policy_count);
	}
	free(cols);
}

static int run_compare(compare_args *a)
{
	const policy **policies = xcalloc(a->policy_count, sizeof *policies);
	for (size_t i = 0; i < a->policy_count; i++)
		policies[i] = &a->policies[i].policy;
	engine_options eo = a->engine;
	eo.on_request = tally_request;
	if (a->partial) {
		eo.on_open = note_open;
		eo.on_line = note_line;
	}
	eo.ctx = a->policies;
	engine *e = engine_new(policies, a->policy_count, &eo);
	int rc = engine_run(e, a->logs, a->log_count);
	if (rc == EXIT_OK && a->partial)
		print_partial(a, e);
	else if (rc == EXIT_OK)
		print_result(a, e);
	engine_free(e);
	free(policies);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	compare_args a;
	sink_table *sinks = NULL;
	int rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = cli_choose_sinks(&compare_cmd, &a.engine, &sinks);
	if (rc == 0) {
		name_policies(&a);
		rc = load_policies(&a);
	}
	if (rc == 0)
		rc = run_compare(&a);
	for (size_t i = 0; i < a.policy_count; i++) {
		policy_free(&a.policies[i].policy);
		free(a.policies[i].name);
		partial_free(a.policies[i].partial);
		partial_identity_free(&a.policies[i].identity);
	}
	free(a.policies);
	sink_table_free(sinks);
	return cli_exit(rc);
}
