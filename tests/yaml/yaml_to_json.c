/* yaml_to_json: reads one YAML document (or a stream of them: a JSON array of documents) on
 * standard input with libyaml and writes it as JSON, resolving plain scalars as YAML 1.1
 * readers do (null, booleans in all their spellings, integers, floats) and quoted ones as
 * strings. A reader independent of doc_print's quoting rules, so tests/yaml/equals_json.sh
 * can check that `-o yaml` reads back as exactly what `-o json` says. Test tool only. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <yaml.h>

static json_t *plain_scalar(const char *s)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *const trues[] = { "y", "yes", "on", "true" };
	static const char *const falses[] = { "n", "no", "off", "false" };
	for (size_t i = 0; i < 5; i++)
		if (strcmp(s, nulls[i]) == 0)
			return json_null();
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, trues[i]) == 0)
			return json_true();
		if (strcasecmp(s, falses[i]) == 0)
			return json_false();
	}
	char *end;
	long long n = strtoll(s, &end, 10);
	if (*s && *end == '\0')
		return json_integer(n);
	double d = strtod(s, &end);
	if (*s && *end == '\0')
		return json_real(d);
	if (isdigit((unsigned char)s[0]) && strchr(s, ':'))
		return NULL; /* a base-60 number or a time: not something -o yaml may print plain */
	return json_string(s);
}

static json_t *convert(yaml_document_t *doc, yaml_node_t *node)
{
	switch (node->type) {
	case YAML_SCALAR_NODE: {
		const char *s = (const char *)node->data.scalar.value;
		return node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_scalar(s) : json_string(s);
	}
	case YAML_SEQUENCE_NODE: {
		json_t *a = json_array();
		for (yaml_node_item_t *i = node->data.sequence.items.start; i < node->data.sequence.items.top; i++) {
			json_t *v = convert(doc, yaml_document_get_node(doc, *i));
			if (!v)
				return NULL;
			json_array_append_new(a, v);
		}
		return a;
	}
	case YAML_MAPPING_NODE: {
		json_t *o = json_object();
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			json_t *key = k && k->type == YAML_SCALAR_NODE ? convert(doc, k) : NULL;
			json_t *v = convert(doc, yaml_document_get_node(doc, p->value));
			if (!key || !json_is_string(key) || !v)
				return NULL; /* keys must read back as strings */
			json_object_set_new(o, json_string_value(key), v);
			json_decref(key);
		}
		return o;
	}
	default: return NULL;
	}
}

int main(void)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, stdin);
	json_t *docs = json_array();
	for (;;) {
		yaml_document_t doc;
		if (!yaml_parser_load(&parser, &doc)) {
			fprintf(stderr, "yaml_to_json: %s at line %zu\n", parser.problem,
			        parser.problem_mark.line + 1);
			return 1;
		}
		yaml_node_t *root = yaml_document_get_root_node(&doc);
		if (!root) {
			yaml_document_delete(&doc);
			break;
		}
		json_t *v = convert(&doc, root);
		yaml_document_delete(&doc);
		if (!v) {
			fprintf(stderr, "yaml_to_json: a value that does not read back as JSON\n");
			return 1;
		}
		json_array_append_new(docs, v);
	}
	yaml_parser_delete(&parser);
	json_t *out = json_array_size(docs) == 1 ? json_array_get(docs, 0) : docs;
	json_dumpf(out, stdout, JSON_ENCODE_ANY | JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(docs);
	return 0;
}
