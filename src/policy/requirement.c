/* The requirements file: the document is parsed by yaml_doc; the selector fields of each
 * requirement (and of each `except` entry) are handed to policy_decode as the rules of a
 * Policy body built from the same nodes, then to the validator, so a selector means what
 * the same fields mean in a Policy, with the same positions and messages. */
#include "requirement.h"

#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "closest_name.h"
#include "file_read.h"
#include "go_quote.h"
#include "policy_decode.h"
#include "policy_validator.h"
#include "strbuf.h"
#include "xalloc.h"
#include "yaml_doc.h"

static const char *const selector_fields[] = { "users",      "userGroups", "verbs",
	                                       "resources",  "namespaces", "nonResourceURLs" };
static const char *const own_fields[] = { "why", "atLeast", "atMost", "stages", "except" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool name_in(const doc_pair *pair, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (doc_pair_is(pair, names[i]))
			return true;
	return false;
}

void requirement_set_init(requirement_set *set) { *set = (requirement_set){ 0 }; }

void selector_free(policy_rule *rule)
{
	/* policy_free frees the rules array too: hand it a copy */
	policy p;
	policy_init(&p);
	p.rule_count = 1;
	p.rules = xmalloc(sizeof *rule);
	*p.rules = *rule;
	policy_free(&p);
}

static void requirement_free(requirement *req)
{
	selector_free(&req->selector);
	for (size_t i = 0; i < req->except_count; i++)
		selector_free(&req->except[i]);
	free(req->except);
	free(req->why);
	free(req->file);
}

void requirement_set_free(requirement_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		requirement_free(&set->items[i]);
	free(set->items);
	*set = (requirement_set){ 0 };
}

bool requirement_concerns(const requirement *req, const request_attrs *r)
{
	if (!rule_matches(&req->selector, r))
		return false;
	for (size_t i = 0; i < req->except_count; i++)
		if (rule_matches(&req->except[i], r))
			return false;
	return true;
}

/* What one file's decoding builds: the selector maps (filtered copies of the entries'
 * selector pairs) as the rules of a Policy body, and for each rule where it came from. */
typedef struct {
	doc_node *rule_nodes; /* one map per selector */
	doc_node **rule_ptrs;
	char **field_of_rule; /* "requirements[2]" or "requirements[2].except[0]" */
	size_t rule_count;
	size_t rule_cap;
	diag_list *diags;
	size_t errors;
	const char *file;
	requirement *out; /* decoded requirements, rule_count of selectors not counting excepts */
	size_t out_count;
} reading;

static void error_at(reading *rd, source_pos pos, const char *field, const char *fmt,
                     const char *arg)
{
	diag_add(rd->diags, DIAG_ERROR, pos, field, fmt, arg);
	rd->errors++;
}

/* A map node holding only the selector pairs of entry; unknown keys are errors. */
static size_t add_selector(reading *rd, const doc_node *entry, const char *field,
                           const char *const *extra, size_t extra_count)
{
	if (rd->rule_count == rd->rule_cap) {
		rd->rule_cap = rd->rule_cap ? 2 * rd->rule_cap : 16;
		rd->rule_nodes = xreallocarray(rd->rule_nodes, rd->rule_cap, sizeof *rd->rule_nodes);
		rd->field_of_rule = xreallocarray(rd->field_of_rule, rd->rule_cap, sizeof *rd->field_of_rule);
	}
	size_t index = rd->rule_count++;
	doc_node *node = &rd->rule_nodes[index];
	*node = (doc_node){ .kind = DOC_MAP, .pos = entry->pos };
	node->pairs = xcalloc(entry->pair_count ? entry->pair_count : 1, sizeof *node->pairs);
	rd->field_of_rule[index] = xstrdup(field);
	for (size_t i = 0; i < entry->pair_count; i++) {
		const doc_pair *pair = &entry->pairs[i];
		if (name_in(pair, selector_fields, COUNT(selector_fields))) {
			node->pairs[node->pair_count++] = *pair;
		} else if (!name_in(pair, extra, extra_count)) {
			const char *names[COUNT(selector_fields) + COUNT(own_fields)];
			size_t n = 0;
			for (size_t k = 0; k < COUNT(selector_fields); k++)
				names[n++] = selector_fields[k];
			for (size_t k = 0; k < extra_count; k++)
				names[n++] = extra[k];
			char *name = xstrndup(pair->name, pair->name_len);
			const char *meant = closest_name(name, names, n);
			char *quoted = go_quote(pair->name, pair->name_len);
			char *message = meant ? xasprintf("unknown field %s (did you mean \"%s\"?)", quoted,
			                                  meant)
			                      : xasprintf("unknown field %s: a requirement holds a "
			                                  "selector, why, atLeast, atMost, stages and "
			                                  "except", quoted);
			error_at(rd, pair->pos, field, "%s", message);
			free(message);
			free(quoted);
			free(name);
		}
	}
	return index;
}

static void level_field(reading *rd, const doc_pair *pair, const char *field, audit_level *out)
{
	char *path = xasprintf("%s.%.*s", field, (int)pair->name_len, pair->name);
	if (pair->value->kind != DOC_STRING || !level_from_name(pair->value->text, out))
		error_at(rd, pair->value->pos, path,
		         "%s is not a level: None, Metadata, Request or RequestResponse",
		         pair->value->kind == DOC_STRING ? pair->value->text : "this");
	free(path);
}

static void stages_field(reading *rd, const doc_pair *pair, const char *field, stage_set *out)
{
	char *path = xasprintf("%s.stages", field);
	const doc_node *value = pair->value;
	if (value->kind != DOC_SEQ) {
		error_at(rd, value->pos, path, "%s", "expected a list of stages");
	} else {
		for (size_t i = 0; i < value->item_count; i++) {
			audit_stage stage;
			const doc_node *item = value->items[i];
			if (item->kind == DOC_STRING && stage_from_name(item->text, &stage))
				*out |= STAGE_BIT(stage);
			else
				error_at(rd, item->pos, path, "%s is not a stage: RequestReceived, "
				         "ResponseStarted, ResponseComplete or Panic",
				         item->kind == DOC_STRING ? item->text : "this");
		}
	}
	free(path);
}

static void except_field(reading *rd, const doc_pair *pair, const char *field, size_t *first,
                         size_t *count)
{
	const doc_node *value = pair->value;
	*first = rd->rule_count;
	if (value->kind != DOC_SEQ) {
		char *path = xasprintf("%s.except", field);
		error_at(rd, value->pos, path, "%s", "expected a list of selectors");
		free(path);
		return;
	}
	for (size_t i = 0; i < value->item_count; i++) {
		char *path = xasprintf("%s.except[%zu]", field, i);
		if (value->items[i]->kind != DOC_MAP)
			error_at(rd, value->items[i]->pos, path, "%s", "expected a selector (a map)");
		else
			add_selector(rd, value->items[i], path, NULL, 0);
		free(path);
	}
	*count = rd->rule_count - *first;
}

/* One entry: its own fields into req, its selector and excepts into rd's rules.
 * req->selector.pos holds the index of its selector rule until the rules are decoded. */
typedef struct {
	size_t selector, except_first, except_count;
} entry_rules;

static entry_rules read_entry(reading *rd, const doc_node *entry, size_t index, requirement *req)
{
	char *field = xasprintf("requirements[%zu]", index);
	entry_rules rules = { 0 };
	req->floor = LEVEL_NONE;
	req->ceiling = LEVEL_REQUEST_RESPONSE;
	req->why = xstrdup("");
	req->pos = entry->pos;
	req->file = xstrdup(rd->file);
	rules.selector = add_selector(rd, entry, field, own_fields, COUNT(own_fields));
	for (size_t i = 0; i < entry->pair_count; i++) {
		const doc_pair *pair = &entry->pairs[i];
		if (doc_pair_is(pair, "atLeast"))
			level_field(rd, pair, field, &req->floor);
		else if (doc_pair_is(pair, "atMost"))
			level_field(rd, pair, field, &req->ceiling);
		else if (doc_pair_is(pair, "stages"))
			stages_field(rd, pair, field, &req->stages);
		else if (doc_pair_is(pair, "except"))
			except_field(rd, pair, field, &rules.except_first, &rules.except_count);
		else if (doc_pair_is(pair, "why") && pair->value->kind == DOC_STRING) {
			free(req->why);
			req->why = xstrdup(pair->value->text);
		} else if (doc_pair_is(pair, "why"))
			error_at(rd, pair->value->pos, field, "%s", "why: expected a string");
	}
	if (req->floor > req->ceiling)
		error_at(rd, entry->pos, field, "atLeast %s is above atMost", level_name(req->floor));
	free(field);
	return rules;
}

/* Field paths in the decoder's and validator's messages say "rules[K]": put back the
 * requirement's own path. */
static void rename_fields(reading *rd, diag_list *diags, size_t from)
{
	for (size_t i = from; i < diags->count; i++) {
		char *field = diags->items[i].field;
		size_t k;
		int used = 0;
		if (!field || sscanf(field, "rules[%zu]%n", &k, &used) != 1 || k >= rd->rule_count)
			continue;
		diags->items[i].field = xasprintf("%s%s", rd->field_of_rule[k], field + used);
		free(field);
	}
}

/* Decodes and validates every selector as the rules of one Policy. */
static bool decode_selectors(reading *rd, doc_format format, kube_version version, policy *p)
{
	doc_pair rules_pair = { .name = "rules", .name_len = 5 };
	doc_node seq = { .kind = DOC_SEQ, .item_count = rd->rule_count };
	rd->rule_ptrs = xcalloc(rd->rule_count ? rd->rule_count : 1, sizeof *rd->rule_ptrs);
	for (size_t i = 0; i < rd->rule_count; i++)
		rd->rule_ptrs[i] = &rd->rule_nodes[i];
	seq.items = (const doc_node **)rd->rule_ptrs;
	doc_node key = { .kind = DOC_STRING, .text = "rules", .len = 5 };
	rules_pair.key = &key;
	rules_pair.value = &seq;
	doc_node root = { .kind = DOC_MAP, .pairs = &rules_pair, .pair_count = 1 };
	size_t from = rd->diags->count;
	policy_init(p);
	p->file = xstrdup(rd->file);
	/* unknown fields were filtered out above, so the strict pass has nothing to drop */
	bool ok = policy_decode(&root, format, true, p, rd->diags) == 0;
	for (size_t i = 0; ok && i < p->rule_count; i++)
		p->rules[i].level_name = xstrdup("None");
	ok = ok && policy_validate_for(p, version, rd->diags);
	rename_fields(rd, rd->diags, from);
	return ok;
}

static void take_rule(policy *p, size_t index, policy_rule *out)
{
	*out = p->rules[index];
	memset(&p->rules[index], 0, sizeof p->rules[index]);
}

static void free_reading(reading *rd)
{
	for (size_t i = 0; i < rd->rule_count; i++) {
		free(rd->rule_nodes[i].pairs);
		free(rd->field_of_rule[i]);
	}
	free(rd->rule_nodes);
	free(rd->rule_ptrs);
	free(rd->field_of_rule);
}

static const doc_node *requirements_list(reading *rd, const doc_node *root, doc_format format)
{
	const doc_node *list = NULL;
	if (root->kind != DOC_MAP) {
		error_at(rd, root->pos, NULL, "expected a map with `requirements:`, got %s",
		         doc_kind_name(root, format));
		return NULL;
	}
	for (size_t i = 0; i < root->pair_count; i++) {
		const doc_pair *pair = &root->pairs[i];
		if (doc_pair_is(pair, "requirements"))
			list = pair->value;
		else if (doc_pair_is(pair, "kind") && !(pair->value->kind == DOC_STRING &&
		                                        strcmp(pair->value->text, "AuditRequirements") == 0))
			error_at(rd, pair->value->pos, "kind", "%s", "kind must be AuditRequirements");
		else if (!doc_pair_is(pair, "kind") && !doc_pair_is(pair, "apiVersion"))
			error_at(rd, pair->pos, NULL, "unknown field %s: the top level holds apiVersion, "
			         "kind and requirements", pair->name);
	}
	if (!list || list->kind != DOC_SEQ || list->item_count == 0) {
		error_at(rd, list ? list->pos : root->pos, "requirements", "%s",
		         "expected a non-empty list of requirements");
		return NULL;
	}
	return list;
}

static load_result read_document(reading *rd, const doc *document, kube_version version)
{
	doc_format format = doc_source_format(document);
	const doc_node *list = requirements_list(rd, doc_root(document), format);
	if (!list)
		return LOAD_INVALID;
	rd->out = xcalloc(list->item_count, sizeof *rd->out);
	entry_rules *rules = xcalloc(list->item_count, sizeof *rules);
	for (size_t i = 0; i < list->item_count; i++, rd->out_count++) {
		if (list->items[i]->kind != DOC_MAP) {
			char *field = xasprintf("requirements[%zu]", i);
			error_at(rd, list->items[i]->pos, field, "%s", "expected a requirement (a map)");
			free(field);
			rd->out[i].why = xstrdup("");
			rd->out[i].file = xstrdup(rd->file);
			continue;
		}
		rules[i] = read_entry(rd, list->items[i], i, &rd->out[i]);
	}
	policy p;
	bool ok = rd->errors == 0 && decode_selectors(rd, format, version, &p);
	if (rd->errors == 0)
		for (size_t i = 0; ok && i < rd->out_count; i++) {
			requirement *req = &rd->out[i];
			take_rule(&p, rules[i].selector, &req->selector);
			req->except_count = rules[i].except_count;
			req->except = xcalloc(req->except_count ? req->except_count : 1, sizeof *req->except);
			for (size_t k = 0; k < req->except_count; k++)
				take_rule(&p, rules[i].except_first + k, &req->except[k]);
		}
	if (rd->errors == 0)
		policy_free(&p);
	free(rules);
	return ok ? LOAD_OK : LOAD_INVALID;
}

load_result requirement_load_buffer(const char *name, const char *data, size_t len,
                                    kube_version version, requirement_set *set,
                                    diag_list *diags)
{
	reading rd = { .diags = diags, .file = name ? name : "-" };
	doc *document = doc_parse(data, len, diags);
	if (!document)
		return LOAD_INVALID;
	load_result result = read_document(&rd, document, version);
	doc_free(document);
	if (result == LOAD_OK) {
		set->items = xreallocarray(set->items, set->count + rd.out_count, sizeof *set->items);
		memcpy(set->items + set->count, rd.out, rd.out_count * sizeof *rd.out);
		set->count += rd.out_count;
	} else {
		for (size_t i = 0; i < rd.out_count; i++)
			requirement_free(&rd.out[i]);
	}
	free(rd.out);
	free_reading(&rd);
	return result;
}

load_result requirement_load_file(const char *path, kube_version version, requirement_set *set,
                                  diag_list *diags)
{
	size_t len = 0;
	char *error = NULL;
	char *data = file_read_all(path, DOC_MAX_BYTES, &len, &error);
	if (!data) {
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL, "%s", error);
		free(error);
		return LOAD_IO_ERROR;
	}
	load_result result = requirement_load_buffer(path, data, len, version, set, diags);
	free(data);
	return result;
}
