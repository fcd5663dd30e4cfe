/* auditsim merge PARTIAL...: the summary one replay over every shard's LOGs would print,
 * from the shards' partial summaries (`replay -o json --partial`; engine/partial.h). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "cli_limits.h"
#include "commands.h"
#include "doc_print.h"
#include "file_read.h"
#include "partial.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "volume_state.h"
#include "xalloc.h"

/* A partial may hold every request of its shard without a RequestReceived: large. */
#define PARTIAL_FILE_MAX ((size_t)4 << 30)

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim merge [-o json|yaml] [--partial] PARTIAL...\n"
	        "\n"
	        "Merges the partial summaries `auditsim replay -o json --partial` wrote for shards\n"
	        "of a recording (each file holds one or more, concatenated; - reads a stream of\n"
	        "them from stdin), given in the order of the shards, into the summary one\n"
	        "`replay -o json` over all their LOGs prints: every count is exact, requests cut\n"
	        "by a shard boundary are counted once; the compressed size is the sum of the\n"
	        "shards' (see auditsim-merge(1) for what else is bounded, not exact).\n"
	        "\n"
	        "  -o, --output FORMAT  json (default) or yaml\n"
	        "      --partial        a partial summary of them all, to merge further\n"
	        "  -h, --help           show this help\n"
	        "\n"
	        "Exit status: 0, 1 a partial is malformed or of another policy or options, 2 usage\n"
	        "or I/O error.\n");
}

static const cli_command merge_cmd = { "merge", usage };

typedef struct {
	const char *name; /* as given; "-": stdin */
	char *text;
	size_t len;
} merge_input;

/* One input, whole. */
static char *read_input(const char *name, size_t *len)
{
	char *error = NULL;
	char *text = file_read_all(strcmp(name, "-") == 0 ? "/dev/stdin" : name, PARTIAL_FILE_MAX,
	                           len, &error);
	if (!text) {
		cli_error("merge", "%s", error ? error : name);
		free(error);
	}
	return text;
}

typedef struct {
	bool partial_out;
	doc_print_format format;
	bool started;
	char *first_where;     /* "FILE:LINE" of the first partial */
	partial_identity first;
	policy policy;
	sink_table *sinks;
	partial *merged;
} merge_state;

/* The first partial fixes the policy and the options: load them as the shards did. */
static int start(merge_state *m, const json_t *doc, const char *where)
{
	engine_options o = cli_engine_options("merge");
	const char *why = NULL;
	if (!partial_identity_read(doc, &m->first, &why) || !partial_identity_options(&m->first, &o)) {
		cli_error("merge", "%s: %s", where, why ? why : "options: malformed");
		return EXIT_INPUT_WRONG;
	}
	diag_list diags;
	diag_list_init(&diags, m->first.policy_file);
	load_result res = policy_load_buffer_for(m->first.policy_file, m->first.policy_text,
	                                         m->first.policy_len, o.kube_version, &m->policy,
	                                         &diags);
	if (res == LOAD_OK && !policy_validate_for(&m->policy, o.kube_version, &diags))
		res = LOAD_INVALID;
	diag_list_free(&diags);
	if (res != LOAD_OK) {
		cli_error("merge", "%s: the policy it carries does not load", where);
		return EXIT_INPUT_WRONG;
	}
	int rc = cli_choose_sinks(&merge_cmd, &o, &m->sinks);
	if (rc)
		return rc;
	o.measure_volume = !json_is_null(json_object_get(doc, "volume"));
	m->merged = partial_new(&m->policy, &o);
	m->first_where = xstrdup(where);
	m->started = true;
	return 0;
}

static const char *kube_version_of(const partial_identity *id)
{
	const char *v = json_string_value(json_object_get(id->options, "kubeVersion"));
	return v ? v : "?";
}

static int merge_one(merge_state *m, const json_t *doc, const char *where)
{
	if (!m->started) {
		int rc = start(m, doc, where);
		if (rc)
			return rc;
	} else {
		partial_identity id;
		const char *why = NULL;
		bool ok = partial_identity_read(doc, &id, &why);
		if (ok && strcmp(id.digest, m->first.digest) != 0) {
			cli_error("merge", "%s: partial summary of another policy or options (%s for %s, "
			                   "digest %s) than %s (%s for %s, digest %s)",
			          where, id.policy_file, kube_version_of(&id), id.digest, m->first_where,
			          m->first.policy_file, kube_version_of(&m->first), m->first.digest);
			partial_identity_free(&id);
			return EXIT_INPUT_WRONG;
		}
		partial_identity_free(&id);
		if (!ok) {
			cli_error("merge", "%s: %s", where, why);
			return EXIT_INPUT_WRONG;
		}
	}
	const char *why = NULL;
	if (!partial_merge_json(m->merged, doc, &why)) {
		cli_error("merge", "%s: %s", where, why);
		return EXIT_INPUT_WRONG;
	}
	return 0;
}

static size_t lines_in(const char *p, size_t n)
{
	size_t lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += p[i] == '\n';
	return lines;
}

/* Every JSON document of one input, in order. */
static int merge_input_text(merge_state *m, const char *name, const char *text, size_t len)
{
	size_t off = 0, line = 1;
	for (;;) {
		while (off < len && strchr(" \t\r\n", text[off])) {
			line += text[off] == '\n';
			off++;
		}
		if (off == len)
			return 0;
		json_error_t err;
		json_t *doc = json_loadb(text + off, len - off, JSON_DISABLE_EOF_CHECK, &err);
		char where[4200];
		if (!doc) {
			cli_error("merge", "%s:%zu: not a JSON document: %s", name,
			          line + (size_t)(err.line > 0 ? err.line - 1 : 0), err.text);
			return EXIT_INPUT_WRONG;
		}
		snprintf(where, sizeof where, "%s:%zu", name, line);
		int rc = merge_one(m, doc, where);
		json_decref(doc);
		if (rc)
			return rc;
		size_t used = (size_t)err.position;
		if (used == 0 || used > len - off)
			used = len - off;
		line += lines_in(text + off, used);
		off += used;
	}
}

static void print_merged(merge_state *m)
{
	json_t *doc;
	if (m->partial_out) {
		doc = partial_json(m->merged, &m->first, partial_summary(m->merged),
		                   partial_volume(m->merged));
	} else {
		partial_finish(m->merged);
		engine_figures f = { .policy = &m->policy,
			             .summary = *partial_summary(m->merged),
			             .volume = (volume *)partial_volume(m->merged) };
		doc = engine_figures_json(&f);
		json_t *tops = json_object();
		static const char *const names[VOLUME_TOP_TABLES] = { "topUsers", "topResources",
			                                              "topVerbs", "topNamespaces" };
		for (int t = 0; t < VOLUME_TOP_TABLES && f.volume; t++)
			json_object_set_new(tops, names[t],
			                    json_integer((json_int_t)volume_top_error(f.volume, t)));
		json_object_set_new(doc, "merge",
		                    json_pack("{s:I,s:s,s:I,s:o}", "shards",
		                              (json_int_t)partial_shards(m->merged),
		                              "gzipBytes", "sum of the shards' compressed sizes",
		                              "topKeyBound", (json_int_t)VOLUME_TOP_KEY_BOUND,
		                              "topErrorBytes", tops));
	}
	if (m->partial_out)
		partial_print(stdout, doc);
	else
		doc_print(stdout, doc, m->format);
	json_decref(doc);
}

static int parse_options(int argc, char **argv, merge_state *m)
{
	enum { OPT_PARTIAL = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	while ((c = cli_getopt(&merge_cmd, argc, argv, "o:h", longopts)) != -1) {
		switch (c) {
		case 'o':
			if (strcmp(optarg, "json") == 0)
				m->format = DOC_PRINT_JSON;
			else if (strcmp(optarg, "yaml") == 0)
				m->format = DOC_PRINT_YAML;
			else
				return cli_usage_error(&merge_cmd, "unknown output format \"%s\" (json, yaml)",
				                       optarg);
			break;
		case OPT_PARTIAL: m->partial_out = true; break;
		case 'h': return cli_help(&merge_cmd);
		default: return cli_bad_option(&merge_cmd);
		}
	}
	if (optind == argc)
		return cli_usage_error(&merge_cmd, "no PARTIAL given (- reads them from stdin)");
	if (m->partial_out && m->format == DOC_PRINT_YAML)
		return cli_usage_error(&merge_cmd, "--partial writes JSON: -o yaml does not apply");
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	merge_state m = { .format = DOC_PRINT_JSON };
	policy_init(&m.policy);
	int rc = parse_options(argc, argv, &m);
	for (int i = optind; rc == 0 && i < argc; i++) {
		size_t len;
		char *text = read_input(argv[i], &len);
		rc = text ? merge_input_text(&m, argv[i], text, len) : EXIT_IO;
		free(text);
	}
	if (rc == 0 && !m.started) {
		cli_error("merge", "no partial summary in the input");
		rc = EXIT_INPUT_WRONG;
	}
	if (rc == 0)
		print_merged(&m);
	partial_free(m.merged);
	partial_identity_free(&m.first);
	policy_free(&m.policy);
	sink_table_free(m.sinks);
	free(m.first_where);
	return cli_exit(rc);
}
