/* auditsim explain POLICY|--profile NAME [request flags]: every rule's verdict on one
 * request, the decision, its stages and what the event carries. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	bool json;
	const char *policy_arg;
	const char *profile;
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
	        "      --profile NAME      a shipped profile (auditsim profiles) instead of POLICY\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("auditsim explain: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

/* Long options that fill a request field map to that field (val = 256 + field). */
enum { OPT_FIELD = 256, OPT_PROFILE = OPT_FIELD + SPEC_FIELD_COUNT };

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "profile", required_argument, NULL, OPT_PROFILE },
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
		if (o->spec.group_count == MAX_GROUPS)
			return usage_error("at most %s --group flags", "64");
		o->groups[o->spec.group_count++] = value;
		return 0;
	}
	if (o->spec.value[field])
		return usage_error("--%s given twice", flag_for((spec_field)field));
	o->spec.value[field] = value;
	return 0;
}

/* Returns 0 when the options are usable, -1 after --help, else the exit code. */
static int parse_options(int argc, char **argv, explain_options *o)
{
	memset(o, 0, sizeof *o);
	o->spec.groups = o->groups;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		if (c >= OPT_FIELD && c < OPT_PROFILE) {
			if (add_field(o, c - OPT_FIELD, optarg))
				return 2;
			continue;
		}
		switch (c) {
		case 'o':
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
				return usage_error("unknown output format \"%s\" (text, json)", optarg);
			o->json = strcmp(optarg, "json") == 0;
			break;
		case OPT_PROFILE: o->profile = optarg; break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return 2;
		}
	}
	int positional = argc - optind;
	if (positional > 1 || (positional == 1) == (o->profile != NULL)) {
		fprintf(stderr, "auditsim explain: need a POLICY or --profile NAME (one of them)\n");
		usage(stderr);
		return 2;
	}
	o->policy_arg = positional ? argv[optind] : NULL;
	return 0;
}

static char *policy_path(const explain_options *o)
{
	return o->policy_arg ? cli_policy_path("explain", o->policy_arg, false)
	                     : cli_policy_path("explain", o->profile, true);
}

/* Loads and validates; returns 0 or the exit code (1 invalid policy, 2 unreadable). */
static int load_policy(const char *path, policy *p) { return (int)cli_load_policy(path, p); }

static int explain(const explain_options *o, const char *path, const scenario_request *req)
{
	policy p;
	int rc = load_policy(path, &p);
	if (rc == 0) {
		request_attrs attrs;
		scenario_request_attrs(req, &attrs);
		policy_explanation e;
		explain_policy(&p, &attrs, req->flow, &e);
		explain_view view = { &p, req, &attrs, &e };
		if (o->json)
			explain_print_json(stdout, &view);
		else
			explain_print_text(stdout, &view, term_colour(stdout));
		policy_explanation_free(&e);
	}
	policy_free(&p);
	return rc;
}

int cmd_explain(int argc, char **argv)
{
	explain_options o;
	int rc = parse_options(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	scenario_request req;
	spec_field bad;
	char *message;
	if (!scenario_resolve(&o.spec, &req, &bad, &message)) {
		fprintf(stderr, "auditsim explain: --%s: %s\n", flag_for(bad), message);
		free(message);
		return 2;
	}
	char *path = policy_path(&o);
	rc = path ? explain(&o, path, &req) : 2;
	free(path);
	scenario_request_free(&req);
	return rc;
}
