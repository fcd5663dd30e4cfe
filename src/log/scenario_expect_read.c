/* scenario_expect_read: reads a request's `expect:` and records where each of its values
 * is written, converting libyaml's character marks to byte offsets. Like the rest of a
 * scenario, unknown and duplicate keys are errors. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_internal.h"
#include "xalloc.h"

#define EXPECT_KEYS "level, stages, rule, omitManagedFields"

/* --- positions --- */

static size_t utf8_length(unsigned char lead)
{
	if (lead >= 0xF0)
		return 4;
	if (lead >= 0xE0)
		return 3;
	if (lead >= 0xC0)
		return 2;
	return 1;
}

size_t scenario_byte_of(scenario_loader *l, yaml_mark_t mark)
{
	/* libyaml skips a UTF-8 byte order mark without counting it */
	size_t bom = l->len >= 3 && memcmp(l->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	if (l->cursor_bytes < bom) {
		l->cursor_chars = 0;
		l->cursor_bytes = bom;
	}
	while (l->cursor_chars > mark.index && l->cursor_bytes > bom) {
		do
			l->cursor_bytes--;
		while (l->cursor_bytes > bom && ((unsigned char)l->data[l->cursor_bytes] & 0xC0) == 0x80);
		l->cursor_chars--;
	}
	while (l->cursor_chars < mark.index && l->cursor_bytes < l->len) {
		l->cursor_bytes += utf8_length((unsigned char)l->data[l->cursor_bytes]);
		l->cursor_chars++;
	}
	return l->cursor_bytes < l->len ? l->cursor_bytes : l->len;
}

/* The end mark of the last thing written inside node. */
static yaml_mark_t last_end(scenario_loader *l, const yaml_node_t *node)
{
	if (node->type == YAML_SEQUENCE_NODE &&
	    node->data.sequence.style != YAML_FLOW_SEQUENCE_STYLE &&
	    node->data.sequence.items.top > node->data.sequence.items.start)
		return last_end(l, scenario_node_at(l, node->data.sequence.items.top[-1]));
	if (node->type == YAML_MAPPING_NODE && node->data.mapping.style != YAML_FLOW_MAPPING_STYLE &&
	    node->data.mapping.pairs.top > node->data.mapping.pairs.start)
		return last_end(l, scenario_node_at(l, node->data.mapping.pairs.top[-1].value));
	return node->end_mark;
}

text_range scenario_node_range(scenario_loader *l, const yaml_node_t *node)
{
	size_t start = scenario_byte_of(l, node->start_mark);
	size_t end = scenario_byte_of(l, last_end(l, node));
	return (text_range){ start, end > start ? end : start };
}

void scenario_expect_insertion(scenario_loader *l, const yaml_node_t *entry, expect_place *place)
{
	if (entry->data.mapping.style == YAML_FLOW_MAPPING_STYLE) {
		size_t end = scenario_byte_of(l, entry->end_mark);
		place->insert_at = end > 0 ? end - 1 : 0; /* the closing brace */
		place->insert_col = 0;
		return;
	}
	size_t at = scenario_node_range(l, entry).end;
	while (at < l->len && l->data[at] != '\n')
		at++;
	place->insert_at = at < l->len ? at + 1 : at;
	place->insert_col = (int)entry->start_mark.column + 1;
}

/* --- reading --- */

static bool read_level(scenario_loader *l, const yaml_node_t *node, const char *field,
                       expect_values *v)
{
	if (node->type == YAML_SCALAR_NODE &&
	    level_from_name(scenario_scalar_text(node), &v->level))
		return true;
	scenario_error(l, scenario_node_pos(node), field,
	               "%s%s%snot a level (None, Metadata, Request, RequestResponse)",
	               node->type == YAML_SCALAR_NODE ? "\"" : "",
	               node->type == YAML_SCALAR_NODE ? scenario_scalar_text(node) : "",
	               node->type == YAML_SCALAR_NODE ? "\" is " : "");
	return false;
}

static bool read_stages(scenario_loader *l, const yaml_node_t *node, const char *field,
                        expect_values *v, expect_place *place)
{
	if (node->type != YAML_SEQUENCE_NODE) {
		scenario_error(l, scenario_node_pos(node), field,
		               "must be a list of stages ([RequestReceived, ResponseComplete], [] "
		               "for none)");
		return false;
	}
	v->stages = 0;
	for (yaml_node_item_t *i = node->data.sequence.items.start; i < node->data.sequence.items.top;
	     i++) {
		const yaml_node_t *item = scenario_node_at(l, *i);
		audit_stage stage;
		if (item->type != YAML_SCALAR_NODE ||
		    !stage_from_name(scenario_scalar_text(item), &stage)) {
			scenario_error(l, scenario_node_pos(item), field,
			               "\"%s\" is not a stage (RequestReceived, ResponseStarted, "
			               "ResponseComplete, Panic)",
			               item->type == YAML_SCALAR_NODE ? scenario_scalar_text(item) : "");
			return false;
		}
		v->stages |= STAGE_BIT(stage);
	}
	if (node->data.sequence.style != YAML_FLOW_SEQUENCE_STYLE)
		place->stages_item_col = (int)node->start_mark.column + 1;
	return true;
}

static bool read_rule(scenario_loader *l, const yaml_node_t *node, const char *field,
                      expect_values *v)
{
	const char *s = node->type == YAML_SCALAR_NODE ? scenario_scalar_text(node) : "";
	if (strcmp(s, "none") == 0) {
		v->rule = -1;
		return true;
	}
	char *end = NULL;
	unsigned long n = isdigit((unsigned char)*s) ? strtoul(s, &end, 10) : 0;
	if (end && !*end && n <= 1000000) {
		v->rule = (int)n;
		return true;
	}
	scenario_error(l, scenario_node_pos(node), field,
	               "\"%s\" is not a rule index (0, 1, ... as in rules[i], or none)", s);
	return false;
}

static bool read_bool(scenario_loader *l, const yaml_node_t *node, const char *field,
                      expect_values *v)
{
	const char *s = node->type == YAML_SCALAR_NODE ? scenario_scalar_text(node) : "";
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
		v->omit_managed_fields = s[0] == 't';
		return true;
	}
	scenario_error(l, scenario_node_pos(node), field, "\"%s\" is not true or false", s);
	return false;
}

static bool read_field(scenario_loader *l, expect_field f, const yaml_node_t *node,
                       const char *field, expect_values *v, expect_place *place)
{
	switch (f) {
	case EXPECT_LEVEL: return read_level(l, node, field, v);
	case EXPECT_STAGES: return read_stages(l, node, field, v, place);
	case EXPECT_RULE: return read_rule(l, node, field, v);
	case EXPECT_OMIT_MANAGED_FIELDS: return read_bool(l, node, field, v);
	case EXPECT_FIELD_COUNT: break;
	}
	return false;
}

static bool find_expect_field(const char *key, expect_field *out)
{
	for (int f = 0; f < EXPECT_FIELD_COUNT; f++) {
		if (strcmp(key, expect_field_name((expect_field)f)) == 0) {
			*out = (expect_field)f;
			return true;
		}
	}
	return false;
}

/* The bytes after `expect:`'s colon up to the end of its value: where a whole
 * expectation is written when it has no field yet. */
static text_range after_colon(scenario_loader *l, const yaml_node_t *key, const yaml_node_t *value)
{
	size_t at = scenario_byte_of(l, key->end_mark);
	while (at < l->len && l->data[at] != ':')
		at++;
	at = at < l->len ? at + 1 : at;
	/* an empty value's marks lie at the next token, lines on: write right after ':' */
	if (value->type == YAML_SCALAR_NODE && value->data.scalar.length == 0)
		return (text_range){ at, at };
	text_range value_range = scenario_node_range(l, value);
	return (text_range){ at, value_range.end > at ? value_range.end : at };
}

bool scenario_read_expect(scenario_loader *l, const yaml_node_t *key, const yaml_node_t *value,
                          const char *field, expect_values *values, expect_place *place)
{
	char *path = xasprintf("%s.expect", field);
	memset(values, 0, sizeof *values);
	place->written = true;
	place->whole = after_colon(l, key, value);
	bool ok = true;
	if (scenario_node_is_null(value)) {
		free(path);
		return true;
	}
	if (value->type != YAML_MAPPING_NODE) {
		scenario_error(l, scenario_node_pos(value), path,
		               "must be a mapping (" EXPECT_KEYS ")");
		free(path);
		return false;
	}
	for (yaml_node_pair_t *p = value->data.mapping.pairs.start;
	     ok && p < value->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = scenario_node_at(l, p->key);
		const yaml_node_t *v = scenario_node_at(l, p->value);
		const char *name = k->type == YAML_SCALAR_NODE ? scenario_scalar_text(k) : "";
		expect_field f;
		if (!find_expect_field(name, &f)) {
			scenario_error(l, scenario_node_pos(k), path,
			               "unknown key \"%s\" (" EXPECT_KEYS ")", name);
			ok = false;
		} else if (values->fields & EXPECT_BIT(f)) {
			scenario_error(l, scenario_node_pos(k), path, "duplicate key \"%s\"", name);
			ok = false;
		} else {
			char *field_path = xasprintf("%s.%s", path, name);
			ok = read_field(l, f, v, field_path, values, place);
			free(field_path);
			values->fields |= EXPECT_BIT(f);
			place->value[f] = scenario_node_range(l, v);
		}
	}
	free(path);
	return ok;
}
