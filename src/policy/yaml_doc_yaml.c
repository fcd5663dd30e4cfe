/* YAML reader: libyaml events -> doc tree, first document only, as go-yaml v2 reads it
 * before sigs.k8s.io/yaml turns it into JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "hash_table.h"
#include "xalloc.h"
#include "yaml_doc_internal.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

typedef struct {
	doc *d;
	diag_list *diags;
	const char *data;
	size_t len;
	yaml_parser_t parser;
	/* Anchored nodes in the order their anchors open; NULL while the node is still being
	 * read. anchor_names maps each name to its newest anchor: a name may be anchored
	 * again further down. */
	const doc_node **anchors;
	size_t anchor_count, anchor_capacity;
	hash_table *anchor_names;
} yaml_reader;

static source_pos pos_of_mark(yaml_mark_t mark)
{
	return (source_pos){ (int)mark.line + 1, (int)mark.column + 1 };
}

static void report_parser_error(yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	source_pos pos = p->error == YAML_READER_ERROR
	                         ? doc_pos_of_offset(r->data, r->len, p->problem_offset)
	                         : pos_of_mark(p->problem_mark);
	const char *problem = p->problem ? p->problem : "unknown problem";
	if (p->context)
		diag_add(r->diags, DIAG_ERROR, pos, NULL, "YAML syntax error: %s %s", p->context,
		         problem);
	else
		diag_add(r->diags, DIAG_ERROR, pos, NULL, "YAML syntax error: %s", problem);
}

static bool next_event(yaml_reader *r, yaml_event_t *event)
{
	if (yaml_parser_parse(&r->parser, event))
		return true;
	report_parser_error(r);
	return false;
}

static bool over_budget(yaml_reader *r, size_t weight, source_pos pos)
{
	if (weight <= DOC_MAX_NODES)
		return false;
	diag_add(r->diags, DIAG_ERROR, pos, NULL,
	         "document has more than %d nodes once aliases and merges are expanded "
	         "(auditsim's limit for policies)",
	         DOC_MAX_NODES);
	return true;
}

static size_t open_anchor(yaml_reader *r, const yaml_char_t *name)
{
	if (r->anchor_count == r->anchor_capacity) {
		r->anchor_capacity = r->anchor_capacity ? r->anchor_capacity * 2 : 8;
		r->anchors = xreallocarray(r->anchors, r->anchor_capacity, sizeof *r->anchors);
	}
	r->anchors[r->anchor_count] = NULL;
	hash_table_put(r->anchor_names, name, strlen((const char *)name), r->anchor_count);
	return r->anchor_count++;
}

static const doc_node *read_alias(yaml_reader *r, const yaml_event_t *event)
{
	const char *name = (const char *)event->data.alias.anchor;
	source_pos pos = pos_of_mark(event->start_mark);
	size_t index;
	if (!hash_table_find(r->anchor_names, name, strlen(name), &index)) {
		diag_add(r->diags, DIAG_ERROR, pos, NULL, "YAML: unknown anchor '%s' referenced", name);
		return NULL;
	}
	if (!r->anchors[index]) {
		diag_add(r->diags, DIAG_ERROR, pos, NULL, "YAML: anchor '%s' value contains itself",
		         name);
		return NULL;
	}
	return r->anchors[index];
}

static bool tag_is(const yaml_char_t *tag, const char *short_name)
{
	size_t prefix = strlen(TAG_PREFIX);
	return tag && strncmp((const char *)tag, TAG_PREFIX, prefix) == 0 &&
	       strcmp((const char *)tag + prefix, short_name) == 0;
}

/* A tag naming a type go-yaml resolves; unknown tags leave the value a string. */
static bool tag_is_resolvable(const yaml_char_t *tag)
{
	return tag_is(tag, "int") || tag_is(tag, "float") || tag_is(tag, "bool") ||
	       tag_is(tag, "null");
}

static bool tagged_kind_fits(const yaml_char_t *tag, doc_kind kind)
{
	if (tag_is(tag, "int"))
		return kind == DOC_INT;
	if (tag_is(tag, "float"))
		return kind == DOC_INT || kind == DOC_FLOAT;
	if (tag_is(tag, "bool"))
		return kind == DOC_BOOL;
	return kind == DOC_NULL;
}

static const doc_node *read_scalar(yaml_reader *r, const yaml_event_t *event)
{
	const char *value = (const char *)event->data.scalar.value;
	size_t len = event->data.scalar.length;
	const yaml_char_t *tag = event->data.scalar.tag;
	source_pos pos = pos_of_mark(event->start_mark);
	doc_kind kind = DOC_STRING;
	bool boolean = false;
	if (!tag && event->data.scalar.plain_implicit) {
		kind = yaml_resolve_plain(value, len, &boolean);
	} else if (tag_is_resolvable(tag)) {
		kind = yaml_resolve_plain(value, len, &boolean);
		if (!tagged_kind_fits(tag, kind)) {
			diag_add(r->diags, DIAG_ERROR, pos, NULL, "YAML: cannot decode `%s` as a !!%s",
			         value, (const char *)tag + strlen(TAG_PREFIX));
			return NULL;
		}
		if (tag_is(tag, "float"))
			kind = DOC_FLOAT;
	}
	doc_node *node = doc_new_node(r->d, kind, pos);
	node->text = doc_strndup(r->d, value, len);
	node->len = len;
	node->boolean = boolean;
	return node;
}

static const doc_node *read_node(yaml_reader *r, yaml_event_t *event, int depth);

/* sigs.k8s.io/yaml hands the value to encoding/json, which cannot write Inf or NaN. */
static bool is_json_value(yaml_reader *r, const doc_node *node)
{
	if (node->kind != DOC_FLOAT)
		return true;
	const char *t = node->text;
	if (*t == '+' || *t == '-')
		t++;
	if (strcasecmp(t, ".inf") != 0 && strcasecmp(t, ".nan") != 0)
		return true;
	diag_add(r->diags, DIAG_ERROR, node->pos, NULL,
	         "YAML: %s cannot be converted to JSON (json: unsupported value)", node->text);
	return false;
}

static const doc_node *read_sequence(yaml_reader *r, const yaml_event_t *start, int depth)
{
	doc_node *seq = doc_new_node(r->d, DOC_SEQ, pos_of_mark(start->start_mark));
	const doc_node **items = NULL;
	size_t count = 0, capacity = 0;
	yaml_event_t event;
	for (;;) {
		if (!next_event(r, &event))
			goto fail;
		if (event.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&event);
			break;
		}
		/* an alias item's node is where its anchor is: errors point at the item */
		source_pos item_pos = pos_of_mark(event.start_mark);
		const doc_node *item = read_node(r, &event, depth + 1);
		if (!item || !is_json_value(r, item))
			goto fail;
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 8;
			items = xreallocarray(items, capacity, sizeof *items);
		}
		items[count++] = item;
		doc_add_weight(&seq->weight, item->weight);
		if (over_budget(r, seq->weight, item_pos))
			goto fail;
	}
	seq->item_count = count;
	if (count) {
		seq->items = doc_alloc(r->d, count * sizeof *items);
		memcpy(seq->items, items, count * sizeof *items);
	}
	free(items);
	return seq;
fail:
	free(items);
	return NULL;
}

static bool is_merge_key(const yaml_event_t *event)
{
	if (event->type != YAML_SCALAR_EVENT ||
	    strcmp((const char *)event->data.scalar.value, "<<") != 0)
		return false;
	const yaml_char_t *tag = event->data.scalar.tag;
	return (!tag && event->data.scalar.plain_implicit) || tag_is(tag, "merge");
}

static void append_merged(pair_vec *pairs, const doc_node *map)
{
	for (size_t i = 0; i < map->pair_count; i++) {
		doc_pair pair = map->pairs[i];
		pair.merged = true;
		pair.duplicate = pair.shadowed = false;
		pair_vec_push(pairs, pair);
	}
}

/* The weight a merged map's pairs add to the map they are merged into. */
static size_t merged_weight(const doc_node *map) { return map->weight - 1; }

/* go-yaml v2 applies merges where they stand, and a list of maps from its end, so the
 * first map of the list overrides the others. The pairs are copied, so their weight is
 * charged to *weight first: a merge bomb stops at the budget, before any copying. */
static bool merge_into(yaml_reader *r, pair_vec *pairs, size_t *weight, const doc_node *value,
                       source_pos pos)
{
	if (value->kind == DOC_MAP) {
		doc_add_weight(weight, merged_weight(value));
		if (over_budget(r, *weight, pos))
			return false;
		append_merged(pairs, value);
		return true;
	}
	if (value->kind == DOC_SEQ) {
		for (size_t i = 0; i < value->item_count; i++) {
			if (value->items[i]->kind != DOC_MAP)
				goto want_map;
			doc_add_weight(weight, merged_weight(value->items[i]));
		}
		if (over_budget(r, *weight, pos))
			return false;
		for (size_t i = value->item_count; i-- > 0;)
			append_merged(pairs, value->items[i]);
		return true;
	}
want_map:
	diag_add(r->diags, DIAG_ERROR, pos, NULL,
	         "YAML: map merge requires map or sequence of maps as the value");
	return false;
}

/* The JSON object key sigs.k8s.io/yaml makes of a YAML key. */
static bool name_key(yaml_reader *r, doc_pair *pair)
{
	const doc_node *key = pair->key;
	switch (key->kind) {
	case DOC_STRING:
	case DOC_FLOAT:
		pair->name = key->text;
		break;
	case DOC_BOOL:
		pair->name = key->boolean ? "true" : "false";
		break;
	case DOC_INT:
		pair->name = yaml_int_decimal(r->d, key->text, key->len);
		if (!pair->name)
			pair->name = key->text;
		break;
	default:
		diag_add(r->diags, DIAG_ERROR, key->pos, NULL,
		         "YAML: unsupported map key of type %s: a key must be a string, number or bool",
		         doc_kind_name(key, DOC_FORMAT_YAML));
		return false;
	}
	pair->name_len = strlen(pair->name);
	if (key->kind == DOC_STRING)
		pair->name_len = key->len;
	return true;
}

/* Reads one pair (or a merge) into pairs, charging its weight to *weight, the weight of
 * the map being read. */
static bool read_pair(yaml_reader *r, pair_vec *pairs, size_t *weight, yaml_event_t *key_event,
                      int depth)
{
	bool merge = is_merge_key(key_event);
	source_pos key_pos = pos_of_mark(key_event->start_mark);
	doc_pair pair = { .pos = key_pos };
	pair.key = read_node(r, key_event, depth + 1);
	if (!pair.key)
		return false;
	yaml_event_t value_event;
	if (!next_event(r, &value_event))
		return false;
	pair.value = read_node(r, &value_event, depth + 1);
	if (!pair.value || !is_json_value(r, pair.value))
		return false;
	if (merge)
		return merge_into(r, pairs, weight, pair.value, key_pos);
	if (!name_key(r, &pair))
		return false;
	doc_add_weight(weight, pair.key->weight);
	doc_add_weight(weight, pair.value->weight);
	if (over_budget(r, *weight, key_pos))
		return false;
	pair_vec_push(pairs, pair);
	return true;
}

static const doc_node *read_mapping(yaml_reader *r, const yaml_event_t *start, int depth)
{
	doc_node *map = doc_new_node(r->d, DOC_MAP, pos_of_mark(start->start_mark));
	pair_vec pairs = { 0 };
	size_t weight = map->weight;
	yaml_event_t event;
	for (;;) {
		if (!next_event(r, &event))
			goto fail;
		if (event.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&event);
			break;
		}
		if (!read_pair(r, &pairs, &weight, &event, depth))
			goto fail;
	}
	/* read_pair charged every pair, so the map's weight is within the budget. */
	doc_finish_map(r->d, map, &pairs);
	return map;
fail:
	free(pairs.items);
	return NULL;
}

static const doc_node *read_collection(yaml_reader *r, const yaml_event_t *event, int depth)
{
	if (depth > DOC_MAX_DEPTH) {
		diag_add(r->diags, DIAG_ERROR, pos_of_mark(event->start_mark), NULL,
		         "document nests deeper than %d levels (auditsim's limit for policies)", DOC_MAX_DEPTH);
		return NULL;
	}
	return event->type == YAML_MAPPING_START_EVENT ? read_mapping(r, event, depth)
	                                               : read_sequence(r, event, depth);
}

/* Reads the node that starts with *event; consumes and deletes the event. */
static const doc_node *read_node(yaml_reader *r, yaml_event_t *event, int depth)
{
	const yaml_char_t *anchor_name = NULL;
	if (event->type == YAML_SCALAR_EVENT)
		anchor_name = event->data.scalar.anchor;
	else if (event->type == YAML_MAPPING_START_EVENT)
		anchor_name = event->data.mapping_start.anchor;
	else if (event->type == YAML_SEQUENCE_START_EVENT)
		anchor_name = event->data.sequence_start.anchor;
	size_t anchor_index = anchor_name ? open_anchor(r, anchor_name) : 0;

	const doc_node *node = NULL;
	switch (event->type) {
	case YAML_SCALAR_EVENT:
		node = read_scalar(r, event);
		break;
	case YAML_ALIAS_EVENT:
		node = read_alias(r, event);
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		node = read_collection(r, event, depth);
		break;
	default:
		diag_add(r->diags, DIAG_ERROR, pos_of_mark(event->start_mark), NULL,
		         "YAML: unexpected event %d", (int)event->type);
		break;
	}
	yaml_event_delete(event);
	if (node && anchor_name)
		r->anchors[anchor_index] = node;
	return node;
}

static const doc_node *read_first_document(yaml_reader *r)
{
	yaml_event_t event;
	if (!next_event(r, &event))
		return NULL;
	yaml_event_type_t type = event.type;
	yaml_event_delete(&event); /* the stream start */
	if (type == YAML_STREAM_START_EVENT) {
		if (!next_event(r, &event))
			return NULL;
		type = event.type;
		yaml_event_delete(&event);
	}
	if (type == YAML_STREAM_END_EVENT)
		return doc_new_node(r->d, DOC_NULL, (source_pos){ 1, 1 });
	if (!next_event(r, &event))
		return NULL;
	const doc_node *root = read_node(r, &event, 0);
	if (!root || !is_json_value(r, root))
		return NULL;
	/* go-yaml reads up to the end of the first document; what follows is never looked at. */
	if (!next_event(r, &event))
		return NULL;
	yaml_event_delete(&event);
	return root;
}

const doc_node *doc_build_yaml(doc *d, const char *data, size_t len, diag_list *diags)
{
	yaml_reader r = { .d = d, .diags = diags, .data = data, .len = len };
	if (!yaml_parser_initialize(&r.parser)) {
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL, "cannot start the YAML parser");
		return NULL;
	}
	r.anchor_names = hash_table_new();
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, len);
	const doc_node *root = read_first_document(&r);
	yaml_parser_delete(&r.parser);
	hash_table_free(r.anchor_names);
	free(r.anchors);
	return root;
}
