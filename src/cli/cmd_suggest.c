/* auditsim suggest LOG... [--baseline NAME | --require FILE]...: the cheapest policy that
 * meets the requirements for every possible request (suggest.h), priced on the LOGs
 * against other policies in one engine pass, and verified request by request with the
 * checker. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "cli_args.h"
#include "cli_limits.h"
#include "cli_policy.h"
#include "commands.h"
#include "compare_output.h"
#include "output_file.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "profile.h"
#include "requirement_check.h"
#include "run.h"
#include "security_category.h"
#include "suggest.h"
#include "strbuf.h"
#include "suggest_output.h"
#include "suggest_tally.h"
#include "suggest_tests.h"
#include "xalloc.h"

#define MAX_SOURCES 64

typedef struct {
	const char *arg;
	bool is_baseline;
} requirement_source;

/* One priced policy: the suggestion first, then each --against (or profile). */
typedef struct {
	char *name;
	policy policy;
	security_tally categories;
} priced_policy;

typedef struct {
	requirement_source sources[MAX_SOURCES];
	size_t source_count;
	cli_policy_arg against[ENGINE_POLICY_LIMIT - 1];
	size_t against_count;
	const char *output;  /* -o */
	const char *tests;   /* --tests */
	double budget_gb;    /* --budget; negative: none */
	char **logs;
	size_t log_count;
	engine_options engine;
} suggest_args;

/* What the engine's callback keeps. */
typedef struct {
	const requirement_set *set;
	priced_policy *policies;
	suggest_tally *tally;
	uint64_t violations_shown;
} run_state;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim suggest [--baseline NAME | --require FILE]... [-o FILE]\n"
	        "                       [--against POLICY]... [--budget GB] [--tests FILE] LOG...\n"
	        "\n"
	        "Writes the cheapest audit.k8s.io/v1 policy that meets the requirements for every\n"
	        "possible request: each request logged at the highest floor of the requirements\n"
	        "that concern it, nothing else, with RequestReceived, ResponseStarted and managed\n"
	        "fields left out where no requirement asks for them. The LOGs price it: each rule's\n"
	        "comment says why it is there and the bytes per day it writes on this traffic and\n"
	        "saves against the first policy compared; every recorded request is checked to meet\n"
	        "its requirements under it, and under each policy compared.\n"
	        "\n"
	        "      --baseline NAME      a shipped requirement set: security, cis, minimal\n"
	        "                           (repeatable; default: security)\n"
	        "      --require FILE       requirements from FILE (man auditsim-suggest)\n"
	        "      --against POLICY     compare with this policy file, or profile name\n"
	        "                           (repeatable; default: every shipped profile)\n"
	        "      --against-profile NAME  compare with this shipped profile (repeatable)\n"
	        "  -o, --output FILE        write the policy to FILE (default: standard output);\n"
	        "                           the comparison is then printed on standard output\n"
	        "      --budget GB          GB per day: say whether the requirements allow it\n"
	        "                           (exit 1 when they do not)\n"
	        "      --tests FILE         write a test file for `auditsim test`: one request\n"
	        "                           per requirement with the level the policy gives it\n"
	        CLI_KUBE_VERSION_HELP
	        CLI_JOBS_HELP
	        "      --strict             a record that is not an audit event is fatal (exit 1)\n"
	        CLI_LIMIT_HELP
	        "  -h, --help               show this help\n"
	        "\n"
	        "Exit status: 0 written; 1 the requirements conflict or are invalid, a recorded\n"
	        "request would miss a requirement, or the budget cannot be met; 2 usage or I/O.\n"
	        "\n"
	        CLI_VOLUME_HELP CLI_SINK_HELP);
}

static const cli_command suggest_cmd = { "suggest", usage };

static int take_source(suggest_args *a, const char *arg, bool is_baseline)
{
	if (a->source_count == MAX_SOURCES)
		return cli_usage_error(&suggest_cmd, "at most %d --baseline and --require", MAX_SOURCES);
	if (is_baseline && !baseline_find(arg))
		return cli_usage_error(&suggest_cmd, "no baseline \"%s\" (security, cis, minimal)", arg);
	a->sources[a->source_count++] = (requirement_source){ arg, is_baseline };
	return 0;
}

/* --against takes a file, or a profile's name when it is not a path; --against-profile a
 * profile (as report's options). */
static int take_against(suggest_args *a, const char *arg, bool is_profile)
{
	if (a->against_count == ENGINE_POLICY_LIMIT - 1)
		return cli_usage_error(&suggest_cmd, "at most %d --against", ENGINE_POLICY_LIMIT - 1);
	a->against[a->against_count++] = (cli_policy_arg){ arg, is_profile || !profile_name_is_path(arg) };
	return 0;
}

static int parse_budget(suggest_args *a, const char *arg)
{
	if (!cli_parse_nonnegative(arg, &a->budget_gb))
		return cli_usage_error(&suggest_cmd, "--budget: \"%s\" is not a number of GB per day",
		                       arg);
	return 0;
}

static int parse_args(int argc, char **argv, suggest_args *a)
{
	enum { OPT_BASELINE = 256, OPT_REQUIRE, OPT_AGAINST, OPT_AGAINST_PROFILE, OPT_BUDGET, OPT_TESTS,
	       OPT_STRICT };
	static const struct option longopts[] = {
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "require", required_argument, NULL, OPT_REQUIRE },
		{ "against", required_argument, NULL, OPT_AGAINST },
		{ "against-profile", required_argument, NULL, OPT_AGAINST_PROFILE },
		{ "budget", required_argument, NULL, OPT_BUDGET },
		{ "tests", required_argument, NULL, OPT_TESTS },
		{ "output", required_argument, NULL, 'o' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		CLI_KUBE_VERSION_LONGOPT,
		CLI_LIMIT_LONGOPTS,
		CLI_VOLUME_LONGOPTS,
		CLI_SINK_LONGOPTS,
		CLI_JOBS_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*a = (suggest_args){ .engine = cli_engine_options("suggest"), .budget_gb = -1 };
	a->engine.measure_volume = true;
	optind = 1;
	int c, rc = 0;
	while (rc == 0 && (c = cli_getopt(&suggest_cmd, argc, argv, "o:j:h", longopts)) != -1) {
		switch (c) {
		case OPT_BASELINE: rc = take_source(a, optarg, true); break;
		case OPT_REQUIRE: rc = take_source(a, optarg, false); break;
		case OPT_AGAINST: rc = take_against(a, optarg, false); break;
		case OPT_AGAINST_PROFILE: rc = take_against(a, optarg, true); break;
		case OPT_BUDGET: rc = parse_budget(a, optarg); break;
		case OPT_TESTS: a->tests = optarg; break;
		case 'o': a->output = optarg; break;
		case OPT_STRICT: a->engine.feed.strict = true; break;
		case CLI_OPT_KUBE_VERSION:
			rc = cli_parse_kube_version(&suggest_cmd, optarg, &a->engine.kube_version);
			break;
		case 'h': rc = cli_help(&suggest_cmd); break;
		default: rc = cli_engine_option(&suggest_cmd, c, optarg, &a->engine); break;
		}
	}
	if (rc)
		return rc;
	a->logs = argv + optind;
	a->log_count = (size_t)(argc - optind);
	if (a->log_count == 0)
		return cli_usage_error(&suggest_cmd, "need at least one LOG");
	if (a->source_count == 0)
		a->sources[a->source_count++] = (requirement_source){ "security", true };
	return 0;
}

/* Loads every source into set. Returns 0 or the exit code after the diagnostics. */
static int load_requirements(const suggest_args *a, requirement_set *set)
{
	for (size_t i = 0; i < a->source_count; i++) {
		const requirement_source *src = &a->sources[i];
		char *name = src->is_baseline ? xasprintf("baselines/%s.yaml", src->arg)
		                              : xstrdup(src->arg);
		diag_list diags;
		diag_list_init(&diags, name);
		load_result res;
		if (src->is_baseline) {
			const char *text = baseline_find(src->arg)->text;
			res = requirement_load_buffer(name, text, strlen(text), a->engine.kube_version, set,
			                              &diags);
		} else {
			res = requirement_load_file(name, a->engine.kube_version, set, &diags);
		}
		diag_print(&diags, stderr);
		diag_list_free(&diags);
		free(name);
		if (res != LOAD_OK)
			return (int)res;
	}
	return 0;
}

static int check_conflicts(const requirement_set *set)
{
	size_t count;
	requirement_conflict *found = requirement_conflicts(set, &count);
	for (size_t i = 0; i < count; i++)
		requirement_conflict_print(set, &found[i], stderr);
	free(found);
	if (count)
		cli_error("suggest", "the requirements cannot all be met: %zu conflict%s", count,
		          count == 1 ? "" : "s");
	return count ? EXIT_INPUT_WRONG : 0;
}

/* The suggestion as a policy, loaded and validated from its own text, as check would. */
static int load_suggested(const suggestion *s, kube_version version, policy *out)
{
	size_t len;
	char *text = suggest_policy_text(s, &len);
	diag_list diags;
	diag_list_init(&diags, "suggested policy");
	load_result res = policy_load_buffer_for("suggested policy", text, len, version, out, &diags);
	bool ok = res == LOAD_OK && policy_validate_for(out, version, &diags);
	if (!ok) {
		diag_print(&diags, stderr);
		cli_error("suggest", "the suggested policy does not load: this is a bug");
	}
	diag_list_free(&diags);
	free(text);
	return ok ? 0 : EXIT_IO;
}

/* A policy to compare with: its diagnostics on stderr, but a shipped profile's warnings
 * (which `auditsim lint --profile` shows) left out, so that comparing with every profile
 * does not repeat them on every run. */
static load_result load_compared(const char *path, kube_version version, bool is_profile,
                                 policy *p)
{
	diag_list diags;
	diag_list_init(&diags, path);
	load_result res = cli_open_policy("suggest", path, version, p, &diags, NULL, NULL);
	for (size_t i = 0; i < diags.count; i++)
		if (!is_profile || diags.items[i].severity == DIAG_ERROR)
			diag_print_one(&diags, &diags.items[i], stderr);
	diag_list_free(&diags);
	return res;
}

/* The policies priced beside the suggestion: --against, else every shipped profile. */
static int load_against(const suggest_args *a, priced_policy *out, size_t *count)
{
	profile_search search = profile_search_default();
	size_t listed = 0;
	profile_info *profiles = a->against_count ? NULL : profile_list(&search, &listed);
	size_t n = a->against_count ? a->against_count : listed;
	if (n > ENGINE_POLICY_LIMIT - 1)
		n = ENGINE_POLICY_LIMIT - 1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *arg = a->against_count ? a->against[i].arg : profiles[i].name;
		bool is_profile = a->against_count ? a->against[i].is_profile : true;
		char *path = cli_policy_path("suggest", arg, is_profile);
		priced_policy *p = &out[(*count)++];
		p->name = xstrdup(arg);
		policy_init(&p->policy);
		if (!path) {
			rc = EXIT_IO;
			break;
		}
		rc = (int)load_compared(path, a->engine.kube_version, is_profile, &p->policy);
		free(path);
	}
	profile_list_free(profiles, listed);
	return rc;
}

static void show_violation(run_state *st, const replay_request *req,
                           const requirement_bounds *b)
{
	const requirement *first = &st->set->items[b->first];
	if (st->violations_shown++ >= 5)
		return;
	fprintf(stderr,
	        "%s:%zu: error: the suggested policy logs this request at %s, outside [%s, %s] "
	        "or omitting a stage that %s:%d asks for\n",
	        req->file, req->line, level_name(req->decision.level), level_name(b->floor),
	        level_name(b->ceiling), first->file, first->pos.line);
}

static void on_request(size_t policy_index, const replay_request *req, void *ctx)
{
	run_state *st = ctx;
	priced_policy *p = &st->policies[policy_index];
	security_tally_add(&p->categories, security_categories_of_request(req), req->decision.level);
	requirement_bounds b;
	if (!suggest_tally_add(st->tally, policy_index, req, &b) && policy_index == 0)
		show_violation(st, req, &b);
}

/* Bytes per day for bytes of the recording; 1 when the projection is withheld. */
static double per_day_factor(const engine_figures *f, bool *known)
{
	projection proj = f->volume ? volume_projection(f->volume) : (projection){ 0 };
	*known = proj.known && proj.basis_seconds > 0;
	return *known ? proj.scale * 86400.0 / proj.basis_seconds : 1.0;
}

typedef struct {
	const suggest_args *args;
	const requirement_set *set;
	const suggestion *suggestion;
	const priced_policy *policies;
	size_t policy_count;
	const engine *engine;
	const run_state *state;
} result_view;

static const char *why_or(const requirement *r) { return r->why[0] ? r->why : "no why given"; }

static char *rule_comment(const result_view *v, size_t i, double factor, const char *unit)
{
	const suggested_rule *rule = &v->suggestion->rules[i];
	const engine_figures *f = engine_figures_of(v->engine, 0);
	const requirement *req = &v->set->items[rule->requirement];
	char *why;
	if (rule->kind == SUGGESTED_CATCH_ALL)
		why = xstrdup("no requirement concerns the rest: not logged");
	else if (rule->kind == SUGGESTED_EXCEPT)
		why = xasprintf("left out by the requirement at %s:%d (%s): not logged unless an "
		                "earlier rule takes them", req->file, req->pos.line, why_or(req));
	else if (rule->reads_at_request)
		why = xasprintf("%s (%s:%d): reads carry no request body, so Request writes what "
		                "Metadata does with a level name one byte shorter", why_or(req), req->file,
		                req->pos.line);
	else
		why = xasprintf("%s (%s:%d, at least %s%s%s)%s", why_or(req), req->file, req->pos.line,
		                level_name(req->floor), req->ceiling < LEVEL_REQUEST_RESPONSE ? ", at most " : "",
		                req->ceiling < LEVEL_REQUEST_RESPONSE ? level_name(req->ceiling) : "",
		                rule->kind == SUGGESTED_LATER ? ", among requests an earlier except leaves out" : "");
	/* the rule index in the loaded policy is i: the text has one rule per suggested rule */
	double writes = (double)f->rule_bytes[i] * factor;
	double saved = (double)suggest_tally_reference_bytes(v->state->tally, (int)i) * factor - writes;
	char *saves = v->policy_count < 2 ? xstrdup("")
	              : saved >= 0 ? xasprintf("; saves %.0f %s against %s", saved, unit,
	                                       v->policies[1].name)
	                           : xasprintf("; %.0f %s more than %s", -saved, unit,
	                                       v->policies[1].name);
	char *comment = xasprintf("%s\nwrites %.0f %s on this traffic%s", why, writes, unit, saves);
	free(why);
	free(saves);
	return comment;
}

static char *sources_text(const suggest_args *a)
{
	strbuf text = STRBUF_INIT;
	for (size_t i = 0; i < a->source_count; i++) {
		strbuf_puts(&text, i ? ", " : "");
		strbuf_puts(&text, a->sources[i].is_baseline ? "baseline " : "file ");
		strbuf_puts(&text, a->sources[i].arg);
	}
	return strbuf_detach(&text);
}

/* The comparison as text lines (the policy's header comment and standard output). */
static char *summary_text(const result_view *v, bool *budget_missed)
{
	bool known;
	double factor = per_day_factor(engine_figures_of(v->engine, 0), &known);
	suggest_row *rows = xcalloc(v->policy_count, sizeof *rows);
	for (size_t i = 0; i < v->policy_count; i++)
		rows[i] = (suggest_row){ .name = i == 0 ? "suggested" : v->policies[i].name,
			                 .requests_failing = suggest_tally_failing(v->state->tally, i),
			                 .bytes = (double)engine_figures_of(v->engine, i)->bytes * factor };
	uint64_t costliest_bytes = 0;
	const engine_figures *f = engine_figures_of(v->engine, 0);
	size_t costliest = suggest_costliest_requirement(v->suggestion, f->rule_bytes,
	                                                 v->set->count, &costliest_bytes);
	char *sources = sources_text(v->args);
	suggest_summary summary = { .requirement_count = v->set->count, .sources = sources,
		                    .rows = rows, .row_count = v->policy_count, .per_day = known,
		                    .budget_asked = v->args->budget_gb >= 0,
		                    .budget_gb = v->args->budget_gb,
		                    .costliest_bytes = (double)costliest_bytes * factor,
		                    .costliest = &v->set->items[costliest] };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	suggest_write_summary(out, &summary);
	fclose(out);
	*budget_missed = summary.budget_asked && !suggest_budget_met(&summary);
	free(sources);
	free(rows);
	return text;
}

static int write_policy(const result_view *v, const char *header)
{
	bool known;
	double factor = per_day_factor(engine_figures_of(v->engine, 0), &known);
	char **comments = xcalloc(v->suggestion->count ? v->suggestion->count : 1, sizeof *comments);
	for (size_t i = 0; i < v->suggestion->count; i++)
		comments[i] = rule_comment(v, i, factor, known ? "bytes/day" : "bytes");
	output_file *out = output_file_open("suggest", v->args->output ? v->args->output : "-");
	int rc = EXIT_IO;
	if (out) {
		suggest_write_policy(output_file_stream(out), v->suggestion, header,
		                     (const char *const *)comments);
		rc = output_file_finish(out, 0);
	}
	for (size_t i = 0; i < v->suggestion->count; i++)
		free(comments[i]);
	free(comments);
	return rc;
}

static int write_tests(const result_view *v)
{
	output_file *out = output_file_open("suggest", v->args->tests);
	if (!out)
		return EXIT_IO;
	suggest_write_tests(output_file_stream(out), v->set, &v->policies[0].policy);
	return output_file_finish(out, 0);
}

static void print_comparison(const result_view *v)
{
	compare_column *cols = xcalloc(v->policy_count, sizeof *cols);
	for (size_t i = 0; i < v->policy_count; i++)
		cols[i] = (compare_column){ .name = i == 0 ? "suggested" : v->policies[i].name,
			                    .figures = engine_figures_of(v->engine, i),
			                    .categories = &v->policies[i].categories };
	compare_print_text(stdout, cols, v->policy_count);
	free(cols);
}

static int report(const result_view *v)
{
	bool budget_missed;
	char *summary = summary_text(v, &budget_missed);
	int rc = write_policy(v, summary);
	if (rc == 0 && v->args->tests)
		rc = write_tests(v);
	if (rc == 0 && v->args->output && strcmp(v->args->output, "-") != 0) {
		fputs(summary, stdout);
		putchar('\n');
		print_comparison(v);
	}
	free(summary);
	uint64_t failing = suggest_tally_failing(v->state->tally, 0);
	if (rc == 0 && failing) {
		cli_error("suggest", "%llu recorded request%s would miss a requirement: this is a bug",
		          (unsigned long long)failing, failing == 1 ? "" : "s");
		rc = EXIT_INPUT_WRONG;
	}
	return rc == 0 && budget_missed ? EXIT_INPUT_WRONG : rc;
}

static int run_suggest(const suggest_args *a, const requirement_set *set, const suggestion *s,
                       priced_policy *policies, size_t count)
{
	const policy **list = xcalloc(count, sizeof *list);
	for (size_t i = 0; i < count; i++)
		list[i] = &policies[i].policy;
	run_state st = { .set = set, .policies = policies,
		         .tally = suggest_tally_new(set, count, policies[0].policy.rule_count) };
	engine_options eo = a->engine;
	eo.on_request = on_request;
	eo.ctx = &st;
	engine *e = engine_new(list, count, &eo);
	int rc = engine_run(e, a->logs, a->log_count);
	if (rc == EXIT_OK) {
		result_view v = { a, set, s, policies, count, e, &st };
		rc = report(&v);
	}
	engine_free(e);
	free(list);
	suggest_tally_free(st.tally);
	return rc;
}

static bool output_is_not_input(const suggest_args *a, const char *target)
{
	output_input *inputs = xcalloc(a->log_count + a->source_count + a->against_count + 1,
	                               sizeof *inputs);
	size_t n = 0;
	for (size_t i = 0; i < a->log_count; i++)
		inputs[n++] = (output_input){ "log", a->logs[i] };
	for (size_t i = 0; i < a->source_count; i++)
		if (!a->sources[i].is_baseline)
			inputs[n++] = (output_input){ "requirements file", a->sources[i].arg };
	for (size_t i = 0; i < a->against_count; i++)
		if (!a->against[i].is_profile)
			inputs[n++] = (output_input){ "policy", a->against[i].arg };
	bool ok = output_file_is_not_input("suggest", target, inputs, n);
	free(inputs);
	return ok;
}

static int suggest_from(const suggest_args *a, const requirement_set *set)
{
	suggestion s;
	size_t culprit = 0;
	if (!suggest_policy(set, &s, &culprit)) {
		const requirement *r = &set->items[culprit];
		fprintf(stderr, "%s:%d:%d: error: an except of this requirement (%s) and the userGroups "
		        "of another select requests no single rule can name: narrow one of them\n",
		        r->file, r->pos.line, r->pos.col, why_or(r));
		suggestion_free(&s);
		return EXIT_INPUT_WRONG;
	}
	priced_policy *policies = xcalloc(ENGINE_POLICY_LIMIT, sizeof *policies);
	size_t count = 1;
	policies[0].name = xstrdup("suggested");
	int rc = load_suggested(&s, a->engine.kube_version, &policies[0].policy);
	if (rc == 0)
		rc = load_against(a, policies, &count);
	if (rc == 0)
		rc = run_suggest(a, set, &s, policies, count);
	for (size_t i = 0; i < count; i++) {
		policy_free(&policies[i].policy);
		free(policies[i].name);
	}
	free(policies);
	suggestion_free(&s);
	return rc;
}

int cmd_suggest(int argc, char **argv)
{
	suggest_args a;
	sink_table *sinks = NULL;
	requirement_set set;
	requirement_set_init(&set);
	int rc = parse_args(argc, argv, &a);
	if (rc == 0 && a.output && !output_is_not_input(&a, a.output))
		rc = EXIT_USAGE;
	if (rc == 0 && a.tests && !output_is_not_input(&a, a.tests))
		rc = EXIT_USAGE;
	if (rc == 0)
		rc = cli_choose_sinks(&suggest_cmd, &a.engine, &sinks);
	if (rc == 0)
		rc = load_requirements(&a, &set);
	if (rc == 0)
		rc = check_conflicts(&set);
	if (rc == 0)
		rc = suggest_from(&a, &set);
	requirement_set_free(&set);
	sink_table_free(sinks);
	return cli_exit(rc);
}
