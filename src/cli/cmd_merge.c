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
#include "compare_output.h"
#include "doc_print.h"
#include "file_read.h"
#include "json_field.h"
#include "partial.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "security_category.h"
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
	        "shards' (see auditsim-merge(1) for what else is bounded, not exact). The same\n"
	        "for `auditsim compare -o json --partial`'s, into what `compare -o json` prints.\n"
	        "\n"
	        "  -o, --output FORMAT  json (default) or yaml\n"
	        "      --partial        a partial summary of them all, to merge further\n"
	        "  -h, --help           show this help\n"
	        "\n"
	        "Exit status: 0, 1 a partial is malformed, of another policy or options, or of\n"
	        "the other command, 2 usage or I/O error.\n");
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

/* One policy's merge: a replay partial has one, a compare partial one per policy. */
typedef struct {
	char *name; /* compare's column; NULL for replay partials */
	partial_identity first;
	policy policy;
	sink_table *sinks;
	partial *merged;
} merge_lane;

typedef enum { KIND_NONE, KIND_REPLAY, KIND_COMPARE } partial_kind;

typedef struct {
	bool partial_out;
	doc_print_format format;
	partial_kind kind; /* the first partial's; KIND_NONE before it */
	char *first_where; /* "FILE:LINE" of the first partial */
	merge_lane *lanes;
	size_t lane_count;
} merge_state;

/* The first partial fixes the policy and the options: load them as the shards did. */
static int start_lane(merge_lane *l, const json_t *doc, const char *where, bool marked)
{
	engine_options o = cli_engine_options("merge");
	const char *why = NULL;
	if (!partial_identity_read(doc, &l->first, &why) || !partial_identity_options(&l->first, &o)) {
		cli_error("merge", "%s: %s", where, why ? why : "options: malformed");
		return EXIT_INPUT_WRONG;
	}
	diag_list diags;
	diag_list_init(&diags, l->first.policy_file);
	load_result res = policy_load_buffer_for(l->first.policy_file, l->first.policy_text,
	                                         l->first.policy_len, o.kube_version, &l->policy,
	                                         &diags);
	if (res == LOAD_OK && !policy_validate_for(&l->policy, o.kube_version, &diags))
		res = LOAD_INVALID;
	diag_list_free(&diags);
	if (res != LOAD_OK) {
		cli_error("merge", "%s: the policy it carries does not load", where);
		return EXIT_INPUT_WRONG;
	}
	int rc = cli_choose_sinks(&merge_cmd, &o, &l->sinks);
	if (rc)
		return rc;
	o.measure_volume = !json_is_null(json_object_get(doc, "volume"));
	l->merged = partial_new(&l->policy, &o);
	if (marked)
		partial_mark(l->merged, NULL);
	return 0;
}

static const char *kube_version_of(const partial_identity *id)
{
	const char *v = json_string_value(json_object_get(id->options, "kubeVersion"));
	return v ? v : "?";
}

/* A later partial of lane l's policy: same policy and options, then merged. */
static int merge_lane_doc(const merge_state *m, merge_lane *l, const json_t *doc,
                          const char *where)
{
	partial_identity id;
	const char *why = NULL;
	bool ok = partial_identity_read(doc, &id, &why);
	if (ok && strcmp(id.digest, l->first.digest) != 0) {
		cli_error("merge", "%s: partial summary of another policy or options (%s for %s, "
		                   "digest %s) than %s (%s for %s, digest %s)",
		          where, id.policy_file, kube_version_of(&id), id.digest, m->first_where,
		          l->first.policy_file, kube_version_of(&l->first), l->first.digest);
		partial_identity_free(&id);
		return EXIT_INPUT_WRONG;
	}
	partial_identity_free(&id);
	if (!ok) {
		cli_error("merge", "%s: %s", where, why);
		return EXIT_INPUT_WRONG;
	}
	return 0;
}

static const char *const kind_names[] = { "", "replay -o json --partial",
	                                  "compare -o json --partial" };

/* A compare partial's policies: an array of {"name", "partial"}, as many as compare takes.
 * NULL when malformed (said). */
static const json_t *compare_policies(const json_t *doc, const char *where)
{
	uint64_t version = 0;
	const json_t *policies = json_object_get(doc, "policies");
	if (!json_field_u64(doc, "auditsimComparePartial", &version) ||
	    version != PARTIAL_COMPARE_FORMAT_VERSION) {
		cli_error("merge", "%s: compare partial summary of another format version (this "
		                   "auditsim reads version %d)", where, PARTIAL_COMPARE_FORMAT_VERSION);
		return NULL;
	}
	size_t n = json_array_size(policies);
	bool ok = json_is_array(policies) && n >= 1 && n <= ENGINE_POLICY_LIMIT;
	for (size_t i = 0; ok && i < n; i++) {
		const json_t *p = json_array_get(policies, i);
		ok = json_is_string(json_object_get(p, "name")) &&
		     json_is_object(json_object_get(p, "partial"));
	}
	if (!ok) {
		cli_error("merge", "%s: policies: needs 1 to %d objects with a name and a partial",
		          where, ENGINE_POLICY_LIMIT);
		return NULL;
	}
	return policies;
}

static const char *lane_name(const json_t *policies, size_t i)
{
	return json_string_value(json_object_get(json_array_get(policies, i), "name"));
}

/* The compare partial's policies are the first's, by name and in order. */
static int same_policies(const merge_state *m, const json_t *policies, const char *where)
{
	size_t n = json_array_size(policies);
	if (n != m->lane_count) {
		cli_error("merge", "%s: compare partial summary of %zu policies, not %zu as %s", where,
		          n, m->lane_count, m->first_where);
		return EXIT_INPUT_WRONG;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(lane_name(policies, i), m->lanes[i].name) != 0) {
			cli_error("merge", "%s: policy %zu is \"%s\", not \"%s\" as in %s", where, i + 1,
			          lane_name(policies, i), m->lanes[i].name, m->first_where);
			return EXIT_INPUT_WRONG;
		}
	}
	return 0;
}

/* The first partial: one lane per policy it holds. */
static int start(merge_state *m, partial_kind kind, const json_t *policies, const json_t *doc,
                 const char *where)
{
	m->kind = kind;
	m->first_where = xstrdup(where);
	m->lane_count = kind == KIND_COMPARE ? json_array_size(policies) : 1;
	m->lanes = xcalloc(m->lane_count, sizeof *m->lanes);
	for (size_t i = 0; i < m->lane_count; i++)
		policy_init(&m->lanes[i].policy);
	for (size_t i = 0; i < m->lane_count; i++) {
		merge_lane *l = &m->lanes[i];
		const json_t *part = doc;
		if (kind == KIND_COMPARE) {
			l->name = xstrdup(lane_name(policies, i));
			part = json_object_get(json_array_get(policies, i), "partial");
		}
		int rc = start_lane(l, part, where, kind == KIND_COMPARE);
		if (rc)
			return rc;
	}
	return 0;
}

static int merge_one(merge_state *m, const json_t *doc, const char *where)
{
	partial_kind kind = json_object_get(doc, "auditsimComparePartial") ? KIND_COMPARE
	                                                                   : KIND_REPLAY;
	if (m->kind != KIND_NONE && kind != m->kind) {
		cli_error("merge", "%s: a partial summary of %s among those of %s (%s): merge the "
		                   "partials of one command", where, kind_names[kind],
		          kind_names[m->kind], m->first_where);
		return EXIT_INPUT_WRONG;
	}
	const json_t *policies = NULL;
	if (kind == KIND_COMPARE && !(policies = compare_policies(doc, where)))
		return EXIT_INPUT_WRONG;
	bool later = m->kind != KIND_NONE;
	int rc = !later                 ? start(m, kind, policies, doc, where)
	         : kind == KIND_COMPARE ? same_policies(m, policies, where)
	                                : 0;
	for (size_t i = 0; rc == 0 && i < m->lane_count; i++) {
		merge_lane *l = &m->lanes[i];
		const json_t *part = policies ? json_object_get(json_array_get(policies, i), "partial")
		                              : doc;
		const char *why = NULL;
		if (later)
			rc = merge_lane_doc(m, l, part, where);
		if (rc == 0 && !partial_merge_json(l->merged, part, &why)) {
			cli_error("merge", "%s: %s", where, why);
			rc = EXIT_INPUT_WRONG;
		}
	}
	return rc;
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

/* The member "merge": what the merge did and what of it is bounded, not exact. */
static json_t *merge_notes(const merge_state *m)
{
	const partial *first = m->lanes[0].merged;
	json_t *notes = json_pack("{s:I,s:s}", "shards", (json_int_t)partial_shards(first),
	                          "gzipBytes", "sum of the shards' compressed sizes");
	const volume *v = partial_volume(first);
	if (m->kind == KIND_COMPARE || !v)
		return notes; /* compare prints no top tables */
	json_t *tops = json_object();
	static const char *const names[VOLUME_TOP_TABLES] = { "topUsers", "topResources",
		                                              "topVerbs", "topNamespaces" };
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		json_object_set_new(tops, names[t], json_integer((json_int_t)volume_top_error(v, t)));
	json_object_set_new(notes, "topKeyBound", json_integer((json_int_t)VOLUME_TOP_KEY_BOUND));
	json_object_set_new(notes, "topErrorBytes", tops);
	return notes;
}

static json_t *lane_partial_json(const merge_lane *l)
{
	return partial_json(l->merged, &l->first, partial_summary(l->merged),
	                    partial_volume(l->merged));
}

/* A further partial of everything merged, as the command the shards ran writes one. */
static json_t *merged_partial_json(const merge_state *m)
{
	if (m->kind == KIND_REPLAY)
		return lane_partial_json(&m->lanes[0]);
	json_t *policies = json_array();
	for (size_t i = 0; i < m->lane_count; i++)
		json_array_append_new(policies, json_pack("{s:s,s:o}", "name", m->lanes[i].name,
		                                          "partial",
		                                          lane_partial_json(&m->lanes[i])));
	return json_pack("{s:i,s:o}", "auditsimComparePartial", PARTIAL_COMPARE_FORMAT_VERSION,
	                 "policies", policies);
}

static engine_figures figures_of(const merge_lane *l)
{
	return (engine_figures){ .policy = &l->policy,
		                 .summary = *partial_summary(l->merged),
		                 .volume = (volume *)partial_volume(l->merged) };
}

/* compare -o json's document, its categories counted as the partials' marks. */
static json_t *compare_doc(const merge_state *m)
{
	engine_figures *figures = xcalloc(m->lane_count, sizeof *figures);
	security_tally *tallies = xcalloc(m->lane_count, sizeof *tallies);
	compare_column *cols = xcalloc(m->lane_count, sizeof *cols);
	for (size_t i = 0; i < m->lane_count; i++) {
		figures[i] = figures_of(&m->lanes[i]);
		for (unsigned c = 0; c < SECURITY_CATEGORY_COUNT; c++)
			for (int lv = 0; lv < LEVEL_COUNT; lv++)
				tallies[i].by_level[c][lv] =
					partial_marked_requests(m->lanes[i].merged, c, (audit_level)lv);
		cols[i] = (compare_column){ .name = m->lanes[i].name, .figures = &figures[i],
			                    .categories = &tallies[i] };
	}
	json_t *doc = compare_json(cols, m->lane_count);
	free(cols);
	free(tallies);
	free(figures);
	return doc;
}

static void print_merged(merge_state *m)
{
	if (m->partial_out) {
		json_t *doc = merged_partial_json(m);
		partial_print(stdout, doc);
		json_decref(doc);
		return;
	}
	for (size_t i = 0; i < m->lane_count; i++)
		partial_finish(m->lanes[i].merged);
	json_t *doc;
	if (m->kind == KIND_COMPARE) {
		doc = compare_doc(m);
	} else {
		engine_figures f = figures_of(&m->lanes[0]);
		doc = engine_figures_json(&f);
	}
	json_object_set_new(doc, "merge", merge_notes(m));
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
	int rc = parse_options(argc, argv, &m);
	for (int i = optind; rc == 0 && i < argc; i++) {
		size_t len;
		char *text = read_input(argv[i], &len);
		rc = text ? merge_input_text(&m, argv[i], text, len) : EXIT_IO;
		free(text);
	}
	if (rc == 0 && m.kind == KIND_NONE) {
		cli_error("merge", "no partial summary in the input");
		rc = EXIT_INPUT_WRONG;
	}
	if (rc == 0)
		print_merged(&m);
	for (size_t i = 0; i < m.lane_count; i++) {
		merge_lane *l = &m.lanes[i];
		partial_free(l->merged);
		partial_identity_free(&l->first);
		policy_free(&l->policy);
		sink_table_free(l->sinks);
		free(l->name);
	}
	free(m.lanes);
	free(m.first_where);
	return cli_exit(rc);
}
