/* auditsim lint POLICY [LOG...]: findings about a policy, and with LOGs about how the
 * traffic falls on its rules. Findings go to stdout (they are this command's output) in
 * text, JSON or GitHub-annotation form; I/O problems go to stderr. */
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
#include "lint.h"
#include "policy_loader.h"
#include "run.h"
#include "volume_output.h"
#include "xalloc.h"

#define DEFAULT_TOP 5
#define MAX_SENSITIVE 64

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_GITHUB, FORMAT_YAML } lint_format;

/* What the LOGs add up to under the policy (run.h): the summary, and the bytes each rule
 * writes as counted by the emitter (the writer behind `emit` and replay's volume figures),
 * modelled bodies included as in replay's `bytes`. */
typedef engine_figures traffic_figures;

typedef struct {
	lint_format format;
	int fail_on; /* -1: never; else the least severe diag_severity that fails */
	char *sensitive;
	size_t top;
	cli_inputs inputs; /* POLICY or --profile NAME, LOG... */
	engine_options engine; /* reader limits, -j */
} lint_args;

static void print_usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim lint [options] POLICY|--profile NAME [LOG...]\n"
	        "\n"
	        "Reports what in an audit Policy is probably not what its author meant: keys\n"
	        "kube-apiserver drops, rules that can never match, sensitive bodies in the log,\n"
	        "stages written twice, no catch-all, wildcards that are literals, exec rules\n"
	        "that miss kubectl 1.30+ (WebSocket: verb get), command lines and noise in the\n"
	        "log. With LOGs (recorded audit logs or scenario files) each finding also says\n"
	        "how many requests and bytes it concerns, and lint lists the rules that matched\n"
	        "nothing and the rules that carry the most bytes. Codes: auditsim-lint(1).\n"
	        "\n"
	        "  -o, --output FORMAT     text (default), json, yaml, or github (workflow\n"
	        "                          annotations)\n"
	        "      --fail-on SEVERITY  exit 1 when a finding is at least error (default),\n"
	        "                          warning, note (what the log will hold, such as\n"
	        "                          command lines), or never with none\n"
	        "      --strict            the same as --fail-on warning\n"
	        "      --sensitive LIST    resources whose bodies must not be logged, as\n"
	        "                          RESOURCE[.GROUP][/SUBRESOURCE],... (replaces the\n"
	        "                          default secrets,configmaps,serviceaccounts/token,\n"
	        "                          tokenreviews.authentication.k8s.io,\n"
	        "                          certificatesigningrequests.certificates.k8s.io)\n"
	        "      --profile NAME      lint a shipped profile instead of a POLICY file\n"
	        "      --top N             rules listed by bytes with LOGs (default %d)\n"
	        CLI_KUBE_VERSION_HELP
	        CLI_JOBS_HELP
	        CLI_LIMIT_HELP
	        "  -h, --help              show this help\n"
	        "\n"
	        "With LOGs and any option below, the projection and costs of the policy's log.\n"
	        CLI_VOLUME_HELP CLI_SINK_HELP
	        "\n"
	        "Exit status: 0 done (no error, or nothing at the --fail-on severity), 1 findings\n"
	        "at that severity or a policy kube-apiserver would refuse, 2 usage or I/O error.\n",
	        DEFAULT_TOP);
}

static bool parse_format(const char *s, lint_format *out)
{
	static const char *const names[] = { "text", "json", "github", "yaml" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (lint_format)i;
			return true;
		}
	}
	return false;
}

static const cli_command lint_cmd = { "lint", print_usage };

/* Returns 0 when usable, CLI_HELP_SHOWN after --help, else the exit code; a->inputs is
 * set (to free) whatever the result. Positionals are taken in order (the "-" optstring),
 * so --profile can stand where the POLICY would. */
static int parse_args(int argc, char **argv, lint_args *a)
{
	enum { OPT_FAIL_ON = 256, OPT_STRICT, OPT_SENSITIVE, OPT_PROFILE, OPT_TOP };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "sensitive", required_argument, NULL, OPT_SENSITIVE },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "top", required_argument, NULL, OPT_TOP },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_LIMIT_LONGOPTS,
		CLI_VOLUME_LONGOPTS,
		CLI_SINK_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* an error finding fails by default, as yamllint's do; warnings only when asked */
	*a = (lint_args){ .fail_on = DIAG_ERROR, .top = DEFAULT_TOP };
	a->engine = cli_engine_options("lint");
	cli_inputs_init(&a->inputs, 1, argc);
	optind = 1;
	int c, rc = 0;
	uint64_t top;
	while (rc == 0 && (c = cli_getopt(&lint_cmd, argc, argv, "-o:j:h", longopts)) != -1) {
		switch (c) {
		case 1: rc = cli_inputs_take(&a->inputs, &lint_cmd, optarg, false); break;
		case 'o':
			if (!parse_format(optarg, &a->format))
				rc = cli_usage_error(&lint_cmd, "unknown output format (text, json, yaml, github): %s",
				                     optarg);
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "warning") == 0)
				a->fail_on = DIAG_WARNING;
			else if (strcmp(optarg, "error") == 0)
				a->fail_on = DIAG_ERROR;
			else if (strcmp(optarg, "note") == 0)
				a->fail_on = DIAG_NOTE;
			else if (strcmp(optarg, "none") == 0)
				a->fail_on = -1;
			else
				rc = cli_usage_error(&lint_cmd, "--fail-on takes error, warning, note or none, not %s",
				                     optarg);
			break;
		case OPT_STRICT: a->fail_on = DIAG_WARNING; break;
		case OPT_SENSITIVE: a->sensitive = optarg; break;
		case OPT_PROFILE: rc = cli_inputs_take(&a->inputs, &lint_cmd, optarg, true); break;
		case OPT_TOP:
			if (cli_parse_count(optarg, 0, 10000, &top))
				a->top = (size_t)top;
			else
				rc = cli_usage_error(&lint_cmd, "--top takes a number from 0 to 10000, not %s",
				                     optarg);
			break;
		case CLI_OPT_KUBE_VERSION:
			rc = cli_parse_kube_version(&lint_cmd, optarg, &a->engine.kube_version);
			break;
		case 'h': rc = cli_help(&lint_cmd); break;
		default: rc = cli_engine_option(&lint_cmd, c, optarg, &a->engine); break;
		}
	}
	if (rc)
		return rc;
	return cli_inputs_finish(&a->inputs, &lint_cmd, argc, argv, optind, 0, SIZE_MAX);
}

/* Fills targets from "secrets,serviceaccounts/token,..." (modified in place). */
static bool parse_sensitive(char *list, coverage_target *targets, size_t *count)
{
	*count = 0;
	for (char *save = NULL, *item = strtok_r(list, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		if (*count == MAX_SENSITIVE || !lint_parse_target(item, &targets[*count]))
			return false;
		(*count)++;
	}
	return *count > 0;
}

/* --- output --- */

static const char *severity_word(diag_severity s)
{
	return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" : "note";
}

/* GitHub's workflow commands: error, warning, notice. */
static const char *github_word(diag_severity s)
{
	return s == DIAG_NOTE ? "notice" : severity_word(s);
}

/* GitHub workflow commands: data escapes %, CR, LF; properties also ':' and ','. */
static void print_github_escaped(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

static void print_github(const diag_list *findings, FILE *out)
{
	for (size_t i = 0; i < findings->count; i++) {
		const diag *d = &findings->items[i];
		fprintf(out, "::%s file=", github_word(d->severity));
		print_github_escaped(out, findings->file, true);
		if (d->pos.line > 0)
			fprintf(out, ",line=%d,col=%d", d->pos.line, d->pos.col);
		fputs(",title=", out);
		print_github_escaped(out, d->code ? d->code : "INVALID_POLICY", true);
		fputs("::", out);
		if (d->field) {
			print_github_escaped(out, d->field, false);
			fputs(": ", out);
		}
		print_github_escaped(out, d->message, false);
		fputc('\n', out);
	}
}

/* Whether rule x comes before rule y: more bytes, then events, then requests. */
static bool carries_more(const traffic_figures *t, size_t x, size_t y)
{
	const count_pair *cx = &t->summary.by_rule[x], *cy = &t->summary.by_rule[y];
	if (t->rule_bytes[x] != t->rule_bytes[y])
		return t->rule_bytes[x] > t->rule_bytes[y];
	if (cx->events != cy->events)
		return cx->events > cy->events;
	return cx->requests > cy->requests;
}

/* Rule indexes by bytes, events, then requests, largest first; ties by index. */
static size_t *rules_by_bytes(const traffic_figures *t, size_t count)
{
	size_t *order = xcalloc(count ? count : 1, sizeof *order);
	for (size_t i = 0; i < count; i++) {
		size_t j = i;
		while (j > 0) {
			if (!carries_more(t, i, order[j - 1]))
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return order;
}

static double share(uint64_t part, uint64_t whole) { return whole ? 100.0 * (double)part / (double)whole : 0.0; }

static void print_traffic_text(const policy *p, const traffic_figures *t, size_t top, FILE *out)
{
	const replay_summary *s = &t->summary;
	fprintf(out, "\ntraffic: %llu requests, %llu events, %llu bytes under this policy",
	        (unsigned long long)s->total.requests, (unsigned long long)s->total.events,
	        (unsigned long long)t->bytes);
	if (t->modelled_bytes)
		fprintf(out, " (%llu of them modelled bodies the logs lack)",
		        (unsigned long long)t->modelled_bytes);
	fprintf(out, "; %llu requests matched no rule\n", (unsigned long long)s->unmatched.requests);
	if (t->volume)
		volume_print_projection(t->volume, out);
	size_t *order = rules_by_bytes(t, p->rule_count);
	size_t shown = 0;
	for (size_t k = 0; k < p->rule_count && shown < top; k++) {
		size_t i = order[k];
		const count_pair *c = &s->by_rule[i];
		if (c->requests == 0)
			break;
		if (shown++ == 0)
			fprintf(out,
			        "rules carrying the most bytes:\n  %-10s %5s  %-16s %10s %10s %12s %7s\n",
			        "RULE", "LINE", "LEVEL", "REQUESTS", "EVENTS", "BYTES", "SHARE");
		char name[32];
		snprintf(name, sizeof name, "rules[%zu]", i);
		fprintf(out, "  %-10s %5d  %-16s %10llu %10llu %12llu %6.1f%%\n", name,
		        p->rules[i].pos.line, level_name(p->rules[i].level),
		        (unsigned long long)c->requests, (unsigned long long)c->events,
		        (unsigned long long)t->rule_bytes[i], share(t->rule_bytes[i], t->bytes));
	}
	free(order);
}

static json_t *traffic_json(const policy *p, const traffic_figures *t, size_t top)
{
	const replay_summary *s = &t->summary;
	json_t *rules = json_array();
	size_t *order = rules_by_bytes(t, p->rule_count);
	for (size_t k = 0; k < p->rule_count && k < top; k++) {
		size_t i = order[k];
		if (s->by_rule[i].requests == 0)
			break;
		json_array_append_new(rules, json_pack("{s:I, s:i, s:s, s:I, s:I, s:I, s:I}", "rule",
		                                       (json_int_t)i, "line", p->rules[i].pos.line,
		                                       "level", level_name(p->rules[i].level),
		                                       "requests", (json_int_t)s->by_rule[i].requests,
		                                       "events", (json_int_t)s->by_rule[i].events,
		                                       "bytes", (json_int_t)t->rule_bytes[i],
		                                       "modelledBytes",
		                                       (json_int_t)t->rule_modelled_bytes[i]));
	}
	free(order);
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "requests",
	                      (json_int_t)s->total.requests, "events", (json_int_t)s->total.events,
	                      "bytes", (json_int_t)t->bytes, "modelledBytes",
	                      (json_int_t)t->modelled_bytes, "unmatchedRequests",
	                      (json_int_t)s->unmatched.requests, "topRules", rules);
	if (t->volume) /* replay's "volume" member, as replay -o json has it */
		volume_add_json(t->volume, o);
	return o;
}

static json_t *finding_json(const diag *d)
{
	json_t *f = json_pack("{s:s, s:s, s:i, s:i}", "code", d->code ? d->code : "INVALID_POLICY",
	                      "severity", severity_word(d->severity), "line", d->pos.line, "column",
	                      d->pos.col);
	json_object_set_new(f, "field", d->field ? json_string(d->field) : json_null());
	json_object_set_new(f, "message", json_string(d->message));
	return f;
}

static void print_json(const diag_list *findings, const policy *p, const traffic_figures *t,
                       size_t top, doc_print_format format, FILE *out)
{
	json_t *list = json_array();
	for (size_t i = 0; i < findings->count; i++)
		json_array_append_new(list, finding_json(&findings->items[i]));
	json_t *root = json_pack("{s:s, s:o, s:I, s:I, s:I}", "file", findings->file, "findings",
	                         list, "errors", (json_int_t)diag_count(findings, DIAG_ERROR),
	                         "warnings", (json_int_t)diag_count(findings, DIAG_WARNING),
	                         "notes", (json_int_t)diag_count(findings, DIAG_NOTE));
	if (t)
		json_object_set_new(root, "traffic", traffic_json(p, t, top));
	doc_print(out, root, format);
	json_decref(root);
}

static void print_text(const diag_list *findings, const policy *p, const traffic_figures *t,
                       size_t top, FILE *out)
{
	diag_print(findings, out);
	if (t)
		print_traffic_text(p, t, top, out);
	size_t errors = diag_count(findings, DIAG_ERROR), warnings = diag_count(findings, DIAG_WARNING);
	size_t notes = diag_count(findings, DIAG_NOTE);
	fprintf(out, "%s%s: %zu error%s, %zu warning%s", t ? "\n" : "", findings->file, errors,
	        errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	if (notes)
		fprintf(out, ", %zu note%s", notes, notes == 1 ? "" : "s");
	fputc('\n', out);
}

static void print_findings(const lint_args *a, const diag_list *findings, const policy *p,
                           const traffic_figures *t)
{
	if (a->format == FORMAT_JSON || a->format == FORMAT_YAML)
		print_json(findings, p, t, a->top,
		           a->format == FORMAT_YAML ? DOC_PRINT_YAML : DOC_PRINT_JSON, stdout);
	else if (a->format == FORMAT_GITHUB)
		print_github(findings, stdout);
	else
		print_text(findings, p, t, a->top, stdout);
}

/* Resolves the POLICY argument to a path (newly allocated). NULL after a message. */
static char *policy_path(const lint_args *a)
{
	const cli_policy_arg *arg = &a->inputs.policies[0];
	return cli_policy_path("lint", arg->arg, arg->is_profile);
}

/* Loads the policy; its load diagnostics become findings. Returns EXIT_OK,
 * EXIT_INPUT_WRONG (invalid, the errors are in findings) or EXIT_IO (unreadable). */
static int load_policy(const lint_args *a, const char *path, policy *p, diag_list *findings)
{
	diag_list load;
	diag_list_init(&load, path);
	load_result res = cli_open_policy("lint", path, a->engine.kube_version, p, &load, NULL, NULL);
	int rc = EXIT_OK;
	if (res == LOAD_IO_ERROR) {
		diag_print(&load, stderr);
		rc = EXIT_IO;
	} else if (res == LOAD_INVALID) {
		for (size_t i = 0; i < load.count; i++) {
			const diag *d = &load.items[i];
			diag *copy = diag_add(findings, d->severity, d->pos, d->field, "%s", d->message);
			/* the same code as in a policy that loads, whatever else is wrong */
			copy->code = xstrdup(d->code                      ? d->code :
			                     d->severity == DIAG_ERROR ? "INVALID_POLICY" :
			                                                 "LENIENT_DECODE");
		}
		rc = EXIT_INPUT_WRONG;
	} else {
		lint_add_decode_warnings(&load, findings);
	}
	diag_list_free(&load);
	return rc;
}

/* The engine's callback: every replayed request goes to the tally of the wire findings. */
static void tally_request(size_t policy_index, const replay_request *req, void *ctx)
{
	(void)policy_index;
	lint_tally_request(ctx, req);
}

/* Replays the LOGs (when given) into *e and opts->traffic, then lints and prints. */
static int lint_with(const lint_args *a, const policy *p, lint_options *opts,
                     diag_list *findings)
{
	const traffic_figures *traffic = NULL;
	lint_tally *tally = NULL;
	engine *e = NULL;
	if (a->inputs.log_count > 0) {
		tally = lint_tally_new(p, opts->sensitive, opts->sensitive_count);
		engine_options eo = a->engine;
		eo.on_request = tally_request;
		eo.ctx = tally;
		eo.measure_volume = eo.volume_asked;
		e = engine_new(&p, 1, &eo);
		int rc = engine_run(e, a->inputs.logs, a->inputs.log_count);
		if (rc) {
			engine_free(e);
			lint_tally_free(tally);
			return rc;
		}
		traffic = engine_figures_of(e, 0);
		opts->traffic = tally;
	}
	lint_policy(p, opts, findings);
	if (traffic)
		lint_traffic(p, &traffic->summary, findings);
	lint_sort(findings);
	print_findings(a, findings, p, traffic);
	engine_free(e);
	lint_tally_free(tally);
	return EXIT_OK;
}

static int lint_loaded(const lint_args *a, const policy *p, diag_list *findings)
{
	lint_options opts = lint_default_options();
	if (!a->sensitive)
		return lint_with(a, p, &opts, findings);
	coverage_target targets[MAX_SENSITIVE];
	char *list = xstrdup(a->sensitive);
	size_t count;
	int rc;
	if (parse_sensitive(list, targets, &count)) {
		opts = (lint_options){ targets, count, NULL };
		rc = lint_with(a, p, &opts, findings);
	} else {
		rc = cli_usage_error(&lint_cmd, "--sensitive takes RESOURCE[.GROUP][/SUBRESOURCE],...: %s",
		                     a->sensitive);
	}
	free(list);
	return rc;
}

static int fail_on_exit(const lint_args *a, const diag_list *findings)
{
	if (a->fail_on < 0)
		return EXIT_OK;
	size_t failing = diag_count(findings, DIAG_ERROR);
	if (a->fail_on >= DIAG_WARNING)
		failing += diag_count(findings, DIAG_WARNING);
	if (a->fail_on == DIAG_NOTE)
		failing += diag_count(findings, DIAG_NOTE);
	return failing ? EXIT_INPUT_WRONG : EXIT_OK;
}

/* Resolves, loads and lints the policy, and prints the findings. Returns the exit code. */
static int lint(const lint_args *a)
{
	char *path = policy_path(a);
	if (!path)
		return EXIT_IO;
	diag_list findings;
	diag_list_init(&findings, path);
	policy p;
	int rc = load_policy(a, path, &p, &findings);
	if (rc == EXIT_INPUT_WRONG)
		print_findings(a, &findings, &p, NULL);
	else if (rc == EXIT_OK)
		rc = lint_loaded(a, &p, &findings);
	if (rc == EXIT_OK)
		rc = fail_on_exit(a, &findings);
	policy_free(&p);
	diag_list_free(&findings);
	free(path);
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	lint_args a;
	sink_table *sinks = NULL;
	int rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = cli_choose_sinks(&lint_cmd, &a.engine, &sinks);
	if (rc == 0)
		rc = lint(&a);
	cli_inputs_free(&a.inputs);
	sink_table_free(sinks);
	return cli_exit(rc);
}
