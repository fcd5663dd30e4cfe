/* auditsim profiles [NAME]: the shipped policy profiles, where they come from and what
 * they assume, as their own comment blocks say. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "doc_print.h"
#include "commands.h"
#include "profile.h"

#define SUMMARY_WIDTH 72
#define ASSUMPTION_WIDTH 100

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim profiles [-o table|json|yaml] [NAME]\n"
	        "\n"
	        "Lists the policy profiles that --profile NAME finds: name, source and the\n"
	        "assumptions each makes, in short. With NAME, everything its comment block says.\n"
	        "Profiles are looked for in $AUDITSIM_PROFILE_DIR, then the installed data\n"
	        "directory, then policies/ in the source tree.\n"
	        "\n"
	        "  -o, --output FORMAT   table (default), json or yaml\n");
}

/* Prints s cut to width characters, marking the cut. */
static void print_cut(FILE *out, const char *s, size_t width)
{
	if (strlen(s) <= width)
		fputs(s, out);
	else
		fprintf(out, "%.*s...", (int)(width - 3), s);
}

static void print_table(FILE *out, const profile_info *list, size_t count)
{
	fprintf(out, "%-28s %-46s %s\n", "NAME", "SOURCE", "WHAT IT IS");
	for (size_t i = 0; i < count; i++) {
		const profile_info *p = &list[i];
		fprintf(out, "%-28s %-46s ", p->name, p->source ? p->source : "-");
		print_cut(out, p->summary ? p->summary : "-", SUMMARY_WIDTH);
		fputc('\n', out);
		for (size_t a = 0; a < p->assumption_count; a++) {
			fputs("    assumes: ", out);
			print_cut(out, p->assumptions[a], ASSUMPTION_WIDTH);
			fputc('\n', out);
		}
		if (p->assumption_count == 0)
			fputs("    assumes: nothing beyond its source\n", out);
	}
	fprintf(out, "\n`auditsim profiles NAME` shows a profile's whole comment block.\n");
}

static void print_one(FILE *out, const profile_info *p)
{
	fprintf(out, "name:        %s\n", p->name);
	fprintf(out, "file:        %s\n", p->path);
	fprintf(out, "source:      %s\n", p->source ? p->source : "-");
	fprintf(out, "version:     %s\n", p->version ? p->version : "-");
	fprintf(out, "assumptions:%s\n", p->assumption_count ? "" : " none stated");
	for (size_t a = 0; a < p->assumption_count; a++)
		fprintf(out, "  - %s\n", p->assumptions[a]);
	fprintf(out, "\n%s", p->comment ? p->comment : "");
}

static json_t *info_json(const profile_info *p, bool with_comment)
{
	json_t *o = json_object();
	json_t *assumptions = json_array();
	for (size_t a = 0; a < p->assumption_count; a++)
		json_array_append_new(assumptions, json_string(p->assumptions[a]));
	json_object_set_new(o, "name", json_string(p->name));
	json_object_set_new(o, "file", json_string(p->path));
	json_object_set_new(o, "source", p->source ? json_string(p->source) : json_null());
	json_object_set_new(o, "version", p->version ? json_string(p->version) : json_null());
	json_object_set_new(o, "summary", p->summary ? json_string(p->summary) : json_null());
	json_object_set_new(o, "assumptions", assumptions);
	if (with_comment)
		json_object_set_new(o, "comment", json_string(p->comment ? p->comment : ""));
	return o;
}

/* How the list or one profile is printed: the table, or a document (-o json, -o yaml). */
typedef struct {
	bool document;
	doc_print_format format;
} profiles_output;

static void print_document(FILE *out, json_t *doc, const profiles_output *o)
{
	doc_print(out, doc, o->format);
	json_decref(doc);
}

static int show_profile(const char *name, const profiles_output *o)
{
	profile_search search = profile_search_default();
	char *error;
	char *path = profile_find(name, &search, &error);
	if (!path) {
		cli_error("profiles", "%s", error);
		free(error);
		return EXIT_IO;
	}
	profile_info info;
	bool ok = profile_read_info(name, path, &info);
	if (!ok)
		cli_error("profiles", "cannot read %s", path);
	else if (o->document)
		print_document(stdout, info_json(&info, true), o);
	else
		print_one(stdout, &info);
	profile_info_free(&info);
	free(path);
	return ok ? EXIT_OK : EXIT_IO;
}

/* names_only: one name a line and nothing else, for shell completion (--names, not in
 * the help: the table is for people). */
static int list_profiles(const profiles_output *o, bool names_only)
{
	profile_search search = profile_search_default();
	size_t count;
	profile_info *list = profile_list(&search, &count);
	if (names_only) {
		for (size_t i = 0; i < count; i++)
			printf("%s\n", list[i].name);
	} else if (o->document) {
		json_t *doc = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(doc, info_json(&list[i], false));
		print_document(stdout, doc, o);
	} else {
		print_table(stdout, list, count);
	}
	profile_list_free(list, count);
	return EXIT_OK;
}

static const cli_command profiles_cmd = { "profiles", usage };

int cmd_profiles(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "names", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	profiles_output out = { false, DOC_PRINT_JSON };
	bool names_only = false;
	int c;
	optind = 1;
	while ((c = cli_getopt(&profiles_cmd, argc, argv, "o:h", longopts)) != -1) {
		switch (c) {
		case 'o':
			out.document = doc_print_format_of(optarg, &out.format);
			if (!out.document && strcmp(optarg, "table") != 0) {
				cli_error("profiles", "unknown output format \"%s\" (table, json, yaml)",
				          optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': return cli_exit(cli_help(&profiles_cmd));
		case 'n': names_only = true; break;
		default: return cli_bad_option(&profiles_cmd);
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(&profiles_cmd, "one profile NAME at most");
	if (names_only && optind < argc)
		return cli_usage_error(&profiles_cmd, "--names lists every profile; it takes no NAME");
	return optind < argc ? show_profile(argv[optind], &out) : list_profiles(&out, names_only);
}
