/* auditsim explain POLICY|--profile NAME [request flags]: every rule's verdict on one
 * request, the decision, its stages and what the event carries. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_args.h"
#include "doc_print.h"
#include "cli_policy.h"
#include "commands.h"
#include "term.h"
#include "explain.h"
#include "explain_output.h"
#include "policy_loader.h"
#include "scenario.h"
#include "xalloc.h"

#define MAX_GROUPS 64

typedef struct {
	bool json; /* -o json or yaml, as doc_format says */
	doc_print_format doc_format;
	kube_version version;
	cli_inputs inputs; /* POLICY or --profile NAME; no LOG */
	request_spec spec;
	const char *groups[MAX_GROUPS];
} explain_options;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim explain [-o text|json] POLICY|--profile NAME [REQUEST]\n"
	        "\n"
	        "Shows how POLICY decides one request: every rule in order with its line and,\n"
	        "when it does not match, the first selector that failed and why; then the\n"
	        "deciding rule, the level, the stages and which fields the event carries.\n"
	        "Rules are numbered from 0, as in replay and in rules[i].\n"
	        "\n"
	        "REQUEST, by attributes or as a URL (as in scenario files):\n"
	        "      --user U            the authenticated user; leave out for a request that\n"
	        "                          failed authentication (it has no user)\n"
	        "      --group G           a group of the user (repeatable); kube-apiserver's own\n"
	        "                          groups (system:authenticated, ...) are added\n"
	        "      --verb V            get, list, watch, create, update, patch, delete,\n"
	        "                          deletecollection, proxy; for --path a lowercase method\n"
	        "      --api-group G       empty for the core group\n"
	        "      --api-version V     default v1\n"
	        "      --resource R, --subresource S, --namespace N, --name N\n"
	        "      --path P            a non-resource request (/healthz, /metrics, /apis)\n"
	        "      --url \"METHOD URL\"  for example \"GET /api/v1/pods?watch=true\"\n"
	        "      --flow F            normal, authn-failed, invalid-timeout or panic\n"
	        "\n"
	        "  -o, --output FORMAT     text (default; coloured on a terminal unless NO_COLOR\n"
	        "                          is set) or json\n"
	        "      --profile NAME      a shipped profile (auditsim profiles) instead of POLICY\n"
	        CLI_KUBE_VERSION_HELP);
}

static const cli_command explain_cmd = { "explain", usage };

/* Long options that fill a request field map to that field (val = 256 + field). */
enum { OPT_FIELD = 256, OPT_PROFILE = OPT_FIELD + SPEC_FIELD_COUNT };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	CLI_KUBE_VERSION_LONGOPT,
	{ "user", required_argument, NULL, OPT_FIELD + SPEC_USER },
	{ "group", required_argument, NULL, OPT_FIELD + SPEC_GROUPS },
	{ "verb", required_argument, NULL, OPT_FIELD + SPEC_VERB },
	{ "api-group", required_argument, NULL, OPT_FIELD + SPEC_API_GROUP },
	{ "api-version", required_argument, NULL, OPT_FIELD + SPEC_API_VERSION },
	{ "resource", required_argument, NULL, OPT_FIELD + SPEC_RESOURCE },
	{ "subresource", required_argument, NULL, OPT_FIELD + SPEC_SUBRESOURCE },
	{ "namespace", required_argument, NULL, OPT_FIELD + SPEC_NAMESPACE },
	{ "name", required_argument, NULL, OPT_FIELD + SPEC_NAME },
	{ "path", required_argument, NULL, OPT_FIELD + SPEC_PATH },
	{ "url", required_argument, NULL, OPT_FIELD + SPEC_REQUEST },
	{ "flow", required_argument, NULL, OPT_FIELD + SPEC_FLOW },
	{ NULL, 0, NULL, 0 },
};

/* The command-line flag for a request field, for messages. */
static const char *flag_for(spec_field field)
{
	for (const struct option *o = longopts; o->name; o++) {
		if (o->val == OPT_FIELD + (int)field)
			return o->name;
	}
	return spec_field_name(field);
}

static int add_field(explain_options *o, int field, const char *value)
{
	if (field == SPEC_GROUPS) {
		if (o->spec.group_count == MAX_GROUPS) {
			cli_error("explain", "at most %d --group flags", MAX_GROUPS);
			return EXIT_USAGE;
		}
		o->groups[o->spec.group_count++] = value;
		return 0;
	}
	if (o->spec.value[field]) {
		cli_error("explain", "--%s given twice", flag_for((spec_field)field));
		return EXIT_USAGE;
	}
	o->spec.value[field] = value;
	return 0;
}

/* Returns 0 when the options are usable, CLI_HELP_SHOWN after --help, else the exit
 * code; o->inputs is set (to free) whatever the result. */
static int parse_options(int argc, char **argv, explain_options *o)
{
	memset(o, 0, sizeof *o);
	o->version = KUBE_VERSION_NEWEST;
	o->spec.groups = o->groups;
	cli_inputs_init(&o->inputs, 1, argc);
	int c;
	optind = 1;
	while ((c = cli_getopt(&explain_cmd, argc, argv, "o:h", longopts)) != -1) {
		if (c >= OPT_FIELD && c < OPT_PROFILE) {
			if (add_field(o, c - OPT_FIELD, optarg))
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'o':
			o->json = doc_print_format_of(optarg, &o->doc_format);
			if (!o->json && strcmp(optarg, "text") != 0) {
				cli_error("explain", "unknown output format \"%s\" (text, json, yaml)", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_PROFILE:
			if (cli_inputs_take(&o->inputs, &explain_cmd, optarg, true))
				return EXIT_USAGE;
			break;
		case CLI_OPT_KUBE_VERSION:
			if (cli_parse_kube_version(&explain_cmd, optarg, &o->version))
				return EXIT_USAGE;
			break;
		case 'h': return cli_help(&explain_cmd);
		default: return cli_bad_option(&explain_cmd);
		}
	}
	return cli_inputs_finish(&o->inputs, &explain_cmd, argc, argv, optind, 0, 0);
}

static char *policy_path(const explain_options *o)
{
	const cli_policy_arg *arg = &o->inputs.policies[0];
	return cli_policy_path("explain", arg->arg, arg->is_profile);
}

static int explain(const explain_options *o, const char *path, const scenario_request *req)
{
	policy p;
	/* 0, or 1 for an invalid policy, 2 for an unreadable one */
	int rc = (int)cli_load_policy("explain", path, o->version, &p);
	if (rc == 0) {
		request_attrs attrs;
		scenario_request_attrs(req, &attrs);
		policy_explanation e;
		explain_policy(&p, &attrs, req->flow, &e);
		explain_view view = { &p, req, &attrs, &e };
		if (o->json)
			explain_print_json(stdout, &view, o->doc_format);
		else
			explain_print_text(stdout, &view, term_colour(stdout));
		policy_explanation_free(&e);
	}
	policy_free(&p);
	return rc;
}

/* Resolves the request and the policy, then explains. Returns the exit code. */
static int explain_request(const explain_options *o)
{
	scenario_request req;
	spec_field bad;
	char *message;
	if (!scenario_resolve(&o->spec, &req, &bad, &message)) {
		cli_error("explain", "--%s: %s", flag_for(bad), message);
		free(message);
		return EXIT_USAGE;
	}
	char *warning = scenario_request_warning(&req);
	if (warning)
		cli_error("explain", "warning: %s", warning);
	free(warning);
	char *path = policy_path(o);
	int rc = path ? explain(o, path, &req) : EXIT_IO;
	free(path);
	scenario_request_free(&req);
	return rc;
}

int cmd_explain(int argc, char **argv)
{
	explain_options o;
	int rc = parse_options(argc, argv, &o);
	if (rc == 0)
		rc = explain_request(&o);
	cli_inputs_free(&o.inputs);
	return cli_exit(rc);
}
