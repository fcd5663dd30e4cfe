/* auditsim check: load and validate Policy files as kube-apiserver does at start-up, then
 * summarise each valid one. Diagnostics go to stderr; summaries (text or JSON) to stdout. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_policy.h"
#include "commands.h"
#include "diag.h"
#include "doc_print.h"
#include "policy.h"
#include "policy_loader.h"

typedef enum { OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_YAML } output_format;

typedef struct {
	output_format format;
	bool quiet; /* no summary, no warnings: errors and the exit code only */
	kube_version version;
	bool version_given; /* --kube-version: the summaries name the version */
} check_options;

static void print_usage(FILE *out)
{
	fputs("usage: auditsim check [-o text|json|yaml] [-q] [--kube-version X.Y] POLICY...\n"
	      "\n"
	      "Loads and validates each audit Policy file exactly as kube-apiserver does for\n"
	      "--audit-policy-file, prints diagnostics as file:line:col on stderr and a summary\n"
	      "of each valid policy on stdout.\n"
	      "\n"
	      "  -o, --output FORMAT  text (default), json (one object per policy and line)\n"
	      "                       or yaml (one document per policy)\n"
	      "  -q, --quiet          print only errors; no summary, no warnings\n"
	      CLI_KUBE_VERSION_HELP
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 all valid, 1 some policy invalid, 2 usage or I/O error.\n",
	      out);
}

static void print_stage_set(FILE *out, stage_set stages)
{
	const char *sep = "";
	fputc('[', out);
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s)) {
			fprintf(out, "%s%s", sep, stage_name((audit_stage)s));
			sep = ",";
		}
	}
	fputc(']', out);
}

/* Empty strings are meaningful selectors (the cluster-scope namespace, a nameless
 * request), so they are shown as "". */
static void print_item(FILE *out, const char *item)
{
	fputs(*item ? item : "\"\"", out);
}

static void print_list(FILE *out, const char *name, const string_list *list)
{
	if (list->count == 0)
		return;
	fprintf(out, " %s=[", name);
	for (size_t i = 0; i < list->count; i++) {
		if (i)
			fputc(',', out);
		print_item(out, list->items[i]);
	}
	fputc(']', out);
}

/* group/resource for each entry, the core group being empty ("/pods"); an entry without
 * resources covers its whole group and shows as "apps/(all)". */
static void print_resources(FILE *out, const policy_rule *rule)
{
	if (rule->resource_count == 0)
		return;
	fputs(" resources=[", out);
	const char *sep = "";
	for (size_t k = 0; k < rule->resource_count; k++) {
		const group_resources *entry = &rule->resources[k];
		if (entry->resources.count == 0)
			fprintf(out, "%s%s/(all)", sep, entry->group);
		for (size_t r = 0; r < entry->resources.count; r++) {
			fprintf(out, "%s%s/", sep, entry->group);
			print_item(out, entry->resources.items[r]);
			sep = ",";
		}
		sep = ",";
	}
	fputc(']', out);
	for (size_t k = 0; k < rule->resource_count; k++)
		print_list(out, "names", &rule->resources[k].resource_names);
}

/* ", " or, with --kube-version, " for Kubernetes 1.35, " */
static void print_valid_for(const check_options *options, FILE *out)
{
	char version[KUBE_VERSION_TEXT_MAX];
	if (options->version_given)
		fprintf(out, " for Kubernetes %s", kube_version_text(options->version, version));
	fputs(", ", out);
}

static void print_text_summary(const policy *p, const check_options *options, FILE *out)
{
	fprintf(out, "%s: valid", p->file);
	print_valid_for(options, out);
	fprintf(out, "%zu rule%s, omitStages=", p->rule_count, p->rule_count == 1 ? "" : "s");
	print_stage_set(out, p->omit_stage_mask);
	fprintf(out, ", omitManagedFields=%s%s\n", p->omit_managed_fields ? "true" : "false",
	        p->lenient ? ", lenient decoding used" : "");
	for (size_t i = 0; i < p->rule_count; i++) {
		const policy_rule *rule = &p->rules[i];
		fprintf(out, "  %3zu  line %-4d %-15s omit=", i, rule->pos.line, level_name(rule->level));
		print_stage_set(out, rule->omit_stage_mask | p->omit_stage_mask);
		print_list(out, "users", &rule->users);
		print_list(out, "groups", &rule->user_groups);
		print_list(out, "verbs", &rule->verbs);
		print_resources(out, rule);
		print_list(out, "namespaces", &rule->namespaces);
		print_list(out, "urls", &rule->non_resource_urls);
		fputc('\n', out);
	}
}

static json_t *json_string_list(const string_list *list)
{
	json_t *array = json_array();
	for (size_t i = 0; i < list->count; i++)
		json_array_append_new(array, json_string(list->items[i]));
	return array;
}

static json_t *json_stage_set(stage_set stages)
{
	json_t *array = json_array();
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s))
			json_array_append_new(array, json_string(stage_name((audit_stage)s)));
	}
	return array;
}

static void set_list_if_any(json_t *object, const char *key, const string_list *list)
{
	if (list->count)
		json_object_set_new(object, key, json_string_list(list));
}

static json_t *json_selectors(const policy_rule *rule)
{
	json_t *selectors = json_object();
	set_list_if_any(selectors, "users", &rule->users);
	set_list_if_any(selectors, "userGroups", &rule->user_groups);
	set_list_if_any(selectors, "verbs", &rule->verbs);
	if (rule->resource_count) {
		json_t *resources = json_array();
		for (size_t k = 0; k < rule->resource_count; k++) {
			const group_resources *entry = &rule->resources[k];
			json_t *item = json_pack("{s:s}", "group", entry->group);
			set_list_if_any(item, "resources", &entry->resources);
			set_list_if_any(item, "resourceNames", &entry->resource_names);
			json_array_append_new(resources, item);
		}
		json_object_set_new(selectors, "resources", resources);
	}
	set_list_if_any(selectors, "namespaces", &rule->namespaces);
	set_list_if_any(selectors, "nonResourceURLs", &rule->non_resource_urls);
	return selectors;
}

static json_t *json_rules(const policy *p)
{
	json_t *rules = json_array();
	for (size_t i = 0; i < p->rule_count; i++) {
		const policy_rule *rule = &p->rules[i];
		json_t *item = json_pack("{s:I,s:i,s:s}", "index", (json_int_t)i, "line", rule->pos.line,
		                         "level", level_name(rule->level));
		json_object_set_new(item, "omitStages", json_stage_set(rule->omit_stage_mask));
		if (rule->omit_managed_fields != TRISTATE_UNSET)
			json_object_set_new(item, "omitManagedFields",
			                    json_boolean(rule->omit_managed_fields == TRISTATE_TRUE));
		json_object_set_new(item, "selectors", json_selectors(rule));
		json_array_append_new(rules, item);
	}
	return rules;
}

static json_t *json_diags(const diag_list *diags, diag_severity severity)
{
	json_t *array = json_array();
	for (size_t i = 0; i < diags->count; i++) {
		const diag *d = &diags->items[i];
		if (d->severity != severity)
			continue;
		json_t *item = json_pack("{s:i,s:i,s:s}", "line", d->pos.line, "col", d->pos.col,
		                         "message", d->message);
		json_object_set_new(item, "field", d->field ? json_string(d->field) : json_null());
		json_array_append_new(array, item);
	}
	return array;
}

/* One document per POLICY: a JSON line each, or a YAML document each (after "---"). */
static void print_json_summary(const policy *p, const diag_list *diags, bool valid,
                               const check_options *options, FILE *out)
{
	json_t *root = json_pack("{s:s,s:b,s:b}", "file", diags->file, "valid", valid, "lenient",
	                         p->lenient);
	char version[KUBE_VERSION_TEXT_MAX];
	if (options->version_given)
		json_object_set_new(root, "kubeVersion",
		                    json_string(kube_version_text(options->version, version)));
	json_object_set_new(root, "ruleCount", json_integer(valid ? (json_int_t)p->rule_count : 0));
	json_object_set_new(root, "omitStages", json_stage_set(valid ? p->omit_stage_mask : 0));
	json_object_set_new(root, "omitManagedFields", json_boolean(valid && p->omit_managed_fields));
	json_object_set_new(root, "errors", json_diags(diags, DIAG_ERROR));
	json_object_set_new(root, "warnings", json_diags(diags, DIAG_WARNING));
	json_object_set_new(root, "rules", valid ? json_rules(p) : json_array());
	if (options->format == OUTPUT_YAML) {
		fputs("---\n", out);
		doc_print(out, root, DOC_PRINT_YAML);
	} else {
		json_dumpf(root, out, JSON_COMPACT);
		fputc('\n', out);
	}
	json_decref(root);
}

static void print_diags(const diag_list *diags, bool quiet)
{
	for (size_t i = 0; i < diags->count; i++) {
		if (!quiet || diags->items[i].severity == DIAG_ERROR)
			diag_print_one(diags, &diags->items[i], stderr);
	}
}

/* Returns the exit status for this one file. */
static int check_one(const char *path, const check_options *options)
{
	diag_list diags;
	diag_list_init(&diags, path);
	policy p;
	load_result result = cli_open_policy("check", path, options->version, &p, &diags, NULL, NULL);
	print_diags(&diags, options->quiet);
	if (options->format != OUTPUT_TEXT)
		print_json_summary(&p, &diags, result == LOAD_OK, options, stdout);
	else if (!options->quiet && result == LOAD_OK)
		print_text_summary(&p, options, stdout);
	policy_free(&p);
	diag_list_free(&diags);
	return result == LOAD_OK ? EXIT_OK : result == LOAD_INVALID ? EXIT_INPUT_WRONG : EXIT_IO;
}

static const cli_command check_cmd = { "check", print_usage };

/* Returns 0 when usable, CLI_HELP_SHOWN after --help, else the exit code. */
static int parse_options(int argc, char **argv, check_options *options)
{
	static const struct option long_options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_KUBE_VERSION_LONGOPT,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = cli_getopt(&check_cmd, argc, argv, "o:qh", long_options)) != -1) {
		if (c == 'o' && strcmp(optarg, "text") == 0) {
			options->format = OUTPUT_TEXT;
		} else if (c == 'o' && strcmp(optarg, "json") == 0) {
			options->format = OUTPUT_JSON;
		} else if (c == 'o' && strcmp(optarg, "yaml") == 0) {
			options->format = OUTPUT_YAML;
		} else if (c == 'q') {
			options->quiet = true;
		} else if (c == CLI_OPT_KUBE_VERSION) {
			if (cli_parse_kube_version(&check_cmd, optarg, &options->version))
				return EXIT_USAGE;
			options->version_given = true;
		} else if (c == 'h') {
			return cli_help(&check_cmd);
		} else if (c == 'o') {
			return cli_usage_error(&check_cmd, "unknown output format \"%s\"", optarg);
		} else {
			return cli_bad_option(&check_cmd);
		}
	}
	if (optind >= argc)
		return cli_usage_error(&check_cmd, "no policy file given");
	return 0;
}

int cmd_check(int argc, char **argv)
{
	check_options options = { OUTPUT_TEXT, false, KUBE_VERSION_NEWEST, false };
	int status = parse_options(argc, argv, &options);
	if (status)
		return cli_exit(status);
	for (int i = optind; i < argc; i++) {
		int one = check_one(argv[i], &options);
		if (one > status)
			status = one;
	}
	return status;
}
