/* scenario: reads a scenario file with libyaml's document loader (anchors resolved,
 * every node with its position) and resolves each request with scenario_resolve.
 * Unlike a Policy, a scenario is auditsim's own format, so unknown and duplicate keys
 * are errors rather than kube-apiserver's lenient fallback. */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "duration.h"
#include "scenario_internal.h"
#include "xalloc.h"

source_pos scenario_node_pos(const yaml_node_t *node)
{
	return (source_pos){ (int)node->start_mark.line + 1, (int)node->start_mark.column + 1 };
}

const char *scenario_scalar_text(const yaml_node_t *node)
{
	return (const char *)node->data.scalar.value;
}

bool scenario_node_is_null(const yaml_node_t *node)
{
	if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *s = scenario_scalar_text(node);
	return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
	       strcmp(s, "NULL") == 0;
}

yaml_node_t *scenario_node_at(scenario_loader *l, int index)
{
	return yaml_document_get_node(l->doc, index);
}

void scenario_error(scenario_loader *l, source_pos pos, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(l->diags, DIAG_ERROR, pos, field, fmt, ap);
	va_end(ap);
}

static bool find_field(const char *key, spec_field *out)
{
	for (int f = 0; f < SPEC_FIELD_COUNT; f++) {
		if (strcmp(key, spec_field_name((spec_field)f)) == 0) {
			*out = (spec_field)f;
			return true;
		}
	}
	return false;
}

/* groups: a list of strings; the array is owned by the caller, the strings by the doc. */
static bool read_groups(scenario_loader *l, const yaml_node_t *node, const char *field,
                        request_spec *spec)
{
	if (node->type != YAML_SEQUENCE_NODE) {
		scenario_error(l, scenario_node_pos(node), field, "must be a list of group names");
		return false;
	}
	yaml_node_item_t *items = node->data.sequence.items.start;
	size_t n = (size_t)(node->data.sequence.items.top - items);
	const char **groups = xcalloc(n ? n : 1, sizeof *groups);
	for (size_t i = 0; i < n; i++) {
		const yaml_node_t *item = scenario_node_at(l, items[i]);
		if (item->type != YAML_SCALAR_NODE || scenario_node_is_null(item)) {
			scenario_error(l, scenario_node_pos(item), field, "groups[%zu] must be a group name", i);
			free(groups);
			return false;
		}
		groups[i] = scenario_scalar_text(item);
	}
	free((void *)spec->groups);
	spec->groups = groups;
	spec->group_count = n;
	spec->pos[SPEC_GROUPS] = scenario_node_pos(node);
	return true;
}

static bool read_scalar(scenario_loader *l, const yaml_node_t *node, spec_field f, const char *field,
                        request_spec *spec)
{
	if (node->type != YAML_SCALAR_NODE) {
		scenario_error(l, scenario_node_pos(node), field, "%s must be a single value", spec_field_name(f));
		return false;
	}
	spec->value[f] = scenario_node_is_null(node) ? NULL : scenario_scalar_text(node);
	spec->pos[f] = scenario_node_pos(node);
	return true;
}

/* user: {name: N, groups: [...]} is the same as user: N with groups: [...]. */
static bool read_user_map(scenario_loader *l, const yaml_node_t *node, const char *field,
                          request_spec *spec)
{
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
	     p++) {
		const yaml_node_t *key = scenario_node_at(l, p->key);
		const yaml_node_t *value = scenario_node_at(l, p->value);
		const char *k = key->type == YAML_SCALAR_NODE ? scenario_scalar_text(key) : "";
		bool ok;
		if (strcmp(k, "name") == 0)
			ok = read_scalar(l, value, SPEC_USER, field, spec);
		else if (strcmp(k, "groups") == 0)
			ok = read_groups(l, value, field, spec);
		else {
			scenario_error(l, scenario_node_pos(key), field, "unknown key \"%s\" in user (name, groups)", k);
			ok = false;
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool read_value(scenario_loader *l, spec_field f, const yaml_node_t *value, const char *field,
                       request_spec *spec)
{
	if (f == SPEC_GROUPS)
		return read_groups(l, value, field, spec);
	if (f == SPEC_USER && value->type == YAML_MAPPING_NODE)
		return read_user_map(l, value, field, spec);
	return read_scalar(l, value, f, field, spec);
}

/* What a request entry holds besides the request: its expectation. */
typedef struct {
	expect_values values;
	expect_place place;
} entry_expect;

/* Fills spec (and *expect) from one entry; errors name the entry ("requests[3]"). */
static bool read_entry(scenario_loader *l, const yaml_node_t *node, const char *field,
                       request_spec *spec, entry_expect *expect)
{
	spec->entry = scenario_node_pos(node);
	if (node->type != YAML_MAPPING_NODE) {
		scenario_error(l, scenario_node_pos(node), field, "must be a mapping of request attributes");
		return false;
	}
	bool seen[SPEC_FIELD_COUNT] = { false };
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
	     p++) {
		const yaml_node_t *key = scenario_node_at(l, p->key);
		const char *k = key->type == YAML_SCALAR_NODE ? scenario_scalar_text(key) : "";
		spec_field f;
		if (strcmp(k, "expect") == 0 && expect->place.written) {
			scenario_error(l, scenario_node_pos(key), field, "duplicate key \"%s\"", k);
			return false;
		}
		if (strcmp(k, "expect") == 0) {
			if (!scenario_read_expect(l, key, scenario_node_at(l, p->value), field,
			                          &expect->values, &expect->place))
				return false;
			continue;
		}
		if (!find_field(k, &f)) {
			scenario_error(l, scenario_node_pos(key), field, "unknown key \"%s\"", k);
			return false;
		}
		if (seen[f]) {
			scenario_error(l, scenario_node_pos(key), field, "duplicate key \"%s\"", k);
			return false;
		}
		seen[f] = true;
		if (!read_value(l, f, scenario_node_at(l, p->value), field, spec))
			return false;
	}
	if (!expect->place.written)
		scenario_expect_insertion(l, node, &expect->place);
	return true;
}

static void add_request(scenario_loader *l, const yaml_node_t *node, size_t index)
{
	char *field = xasprintf("requests[%zu]", index);
	request_spec spec;
	memset(&spec, 0, sizeof spec);
	entry_expect expect;
	memset(&expect, 0, sizeof expect);
	scenario_request req;
	if (read_entry(l, node, field, &spec, &expect)) {
		spec_field bad;
		char *message;
		if (scenario_resolve(&spec, &req, &bad, &message)) {
			char *warning = scenario_request_warning(&req);
			if (warning) {
				char *path = xasprintf("%s.request", field);
				diag_add(l->diags, DIAG_WARNING, spec.pos[SPEC_REQUEST], path, "%s",
				         warning);
				free(path);
			}
			free(warning);
			req.expect = expect.values;
			req.expect_at = expect.place;
			scenario *s = l->out;
			s->requests = xreallocarray(s->requests, s->count + 1, sizeof *s->requests);
			s->requests[s->count++] = req;
			s->total += req.count;
		} else {
			char *path = xasprintf("%s.%s", field, spec_field_name(bad));
			bool known = bad < SPEC_FIELD_COUNT && spec.pos[bad].line > 0;
			scenario_error(l, known ? spec.pos[bad] : spec.entry, path, "%s", message);
			free(path);
			free(message);
		}
	}
	free((void *)spec.groups);
	free(field);
}

static void read_requests(scenario_loader *l, const yaml_node_t *node)
{
	if (node->type != YAML_SEQUENCE_NODE) {
		scenario_error(l, scenario_node_pos(node), "requests", "must be a list of requests");
		return;
	}
	yaml_node_item_t *items = node->data.sequence.items.start;
	size_t n = (size_t)(node->data.sequence.items.top - items);
	if (n == 0)
		scenario_error(l, scenario_node_pos(node), "requests", "the list is empty");
	for (size_t i = 0; i < n; i++)
		add_request(l, scenario_node_at(l, items[i]), i);
}

/* period: a duration its counts are per ("24h"). */
static void read_period(scenario_loader *l, const yaml_node_t *node)
{
	const char *why = "must be a duration (e.g. 24h)";
	if (node->type == YAML_SCALAR_NODE && !scenario_node_is_null(node) &&
	    duration_parse_traffic(scenario_scalar_text(node), &l->out->period_seconds, &why))
		return;
	if (node->type == YAML_SCALAR_NODE && !scenario_node_is_null(node))
		scenario_error(l, scenario_node_pos(node), "period", "\"%s\" %s", scenario_scalar_text(node), why);
	else
		scenario_error(l, scenario_node_pos(node), "period", "%s", why);
}

/* expectInvalid: the field of the policy's validation error a test expects. */
static void read_expect_invalid(scenario_loader *l, const yaml_node_t *node)
{
	if (node->type != YAML_SCALAR_NODE || scenario_node_is_null(node)) {
		scenario_error(l, scenario_node_pos(node), "expectInvalid",
		               "must be the field of a validation error (e.g. \"rules[2].level\")");
		return;
	}
	l->out->expect_invalid = xstrdup(scenario_scalar_text(node));
	l->out->expect_invalid_pos = scenario_node_pos(node);
	l->out->expect_invalid_range = scenario_node_range(l, node);
}

/* A test of an invalid policy has no decisions to expect: the policy never decides. */
static void check_expect_invalid_alone(scenario_loader *l)
{
	const scenario *s = l->out;
	for (size_t i = 0; s->expect_invalid && i < s->count; i++) {
		if (s->requests[i].expect_at.written) {
			char *field = xasprintf("requests[%zu].expect", i);
			scenario_error(l, s->requests[i].pos, field,
			               "a file with expectInvalid expects no decisions: an invalid "
			               "policy decides nothing");
			free(field);
			return;
		}
	}
}

/* The top level: `requests` (required unless `expectInvalid` is given), an optional
 * `period` its counts are per, an optional `expectInvalid` for `auditsim test`, and an
 * optional free-text `description`. */
static void read_root(scenario_loader *l, const yaml_node_t *root)
{
	if (!root || root->type != YAML_MAPPING_NODE) {
		scenario_error(l, root ? scenario_node_pos(root) : (source_pos){ 1, 1 }, NULL,
		               "a scenario is a mapping with a `requests` list");
		return;
	}
	const yaml_node_t *requests = NULL, *period = NULL, *expect_invalid = NULL;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		const yaml_node_t *key = scenario_node_at(l, p->key);
		const char *k = key->type == YAML_SCALAR_NODE ? scenario_scalar_text(key) : "";
		if (strcmp(k, "requests") == 0 && !requests)
			requests = scenario_node_at(l, p->value);
		else if (strcmp(k, "period") == 0 && !period)
			period = scenario_node_at(l, p->value);
		else if (strcmp(k, "expectInvalid") == 0 && !expect_invalid)
			expect_invalid = scenario_node_at(l, p->value);
		else if (strcmp(k, "description") != 0)
			scenario_error(l, scenario_node_pos(key), NULL,
			               "unknown or repeated key \"%s\" (requests, period, expectInvalid, "
			               "description)",
			               k);
	}
	if (period)
		read_period(l, period);
	if (expect_invalid)
		read_expect_invalid(l, expect_invalid);
	if (requests)
		read_requests(l, requests);
	else if (!expect_invalid)
		scenario_error(l, scenario_node_pos(root), "requests", "missing");
	check_expect_invalid_alone(l);
}

static char *file_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	static const char *const exts[] = { ".yaml", ".yml" };
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(exts[i]);
		if (len > n && strcmp(base + len - n, exts[i]) == 0) {
			len -= n;
			break;
		}
	}
	return xstrndup(base, len);
}

static void init_scenario(scenario *out, const char *name)
{
	memset(out, 0, sizeof *out);
	out->file = xstrdup(name);
	out->stem = file_stem(name);
}

bool scenario_load_buffer(const char *name, const char *data, size_t len, scenario *out,
                          diag_list *diags)
{
	init_scenario(out, name);
	size_t errors_before = diag_count(diags, DIAG_ERROR);
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &doc)) {
		source_pos pos = { (int)parser.problem_mark.line + 1,
			           (int)parser.problem_mark.column + 1 };
		diag_add(diags, DIAG_ERROR, pos, NULL, "YAML: %s%s%s",
		         parser.problem ? parser.problem : "cannot parse",
		         parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return false;
	}
	scenario_loader l = { &doc, diags, out, data, len, 0, 0 };
	read_root(&l, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return diag_count(diags, DIAG_ERROR) == errors_before;
}

/* Reads the whole input, up to the size limit; NULL after adding an error to diags. */
static char *read_input(input *in, size_t *len, diag_list *diags)
{
	size_t cap = SCENARIO_MAX_BYTES + 1, used = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		ssize_t n = input_read(in, buf + used, cap - used);
		if (n < 0) {
			diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL, "%s", input_error(in));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > SCENARIO_MAX_BYTES) {
			diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL, "larger than 16 MiB");
			free(buf);
			return NULL;
		}
	}
	*len = used;
	return buf;
}

bool scenario_load_input(const char *name, input *in, scenario *out, diag_list *diags)
{
	size_t len;
	char *data = read_input(in, &len, diags);
	if (!data) {
		init_scenario(out, name);
		return false;
	}
	bool ok = scenario_load_buffer(name, data, len, out, diags);
	free(data);
	return ok;
}

void scenario_free(scenario *s)
{
	for (size_t i = 0; i < s->count; i++)
		scenario_request_free(&s->requests[i]);
	free(s->requests);
	free(s->expect_invalid);
	free(s->file);
	free(s->stem);
	memset(s, 0, sizeof *s);
}
