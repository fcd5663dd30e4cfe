/* fuzz_doc_print: any bytes, cut into strings at NUL bytes, become a document (a list of the
 * strings, and a map whose keys are the strings) printed as `-o yaml` does; libyaml reads it
 * back and every scalar must be the very string that went in, and no plain scalar may read
 * as a YAML 1.1 null, boolean or number. Aborts on any difference: a user name or URI that
 * prints as YAML that means something else is a silent wrong answer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <yaml.h>

#include "doc_print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether YAML 1.1 resolves a plain scalar to something other than a string. */
static int plain_reads_as_other(const char *s)
{
	static const char *const words[] = { "", "~", "null", "y", "n", "yes", "no", "on", "off",
		                             "true", "false" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	char *end;
	strtod(s, &end);
	return *s && *end == '\0';
}

static void check_scalar(yaml_node_t *node, const char *want)
{
	if (!node || node->type != YAML_SCALAR_NODE)
		abort();
	const char *got = (const char *)node->data.scalar.value;
	if (node->data.scalar.length != strlen(want) || strcmp(got, want) != 0)
		abort();
	if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && plain_reads_as_other(got))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the strings: NUL-separated, valid UTF-8 only (jansson refuses the rest, as the tool's
	 * documents never hold it) */
	json_t *list = json_array(), *map = json_object();
	const char *p = (const char *)data, *end = p + size;
	while (p <= end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		json_t *s = json_stringn(p, len);
		if (s) {
			json_array_append(list, s);
			json_object_setn_new(map, p, len, json_integer((json_int_t)len));
			json_decref(s);
		}
		p += len + 1;
	}
	json_t *doc = json_pack("{s:o,s:o}", "list", list, "map", map);
	char *text = NULL;
	size_t text_len = 0;
	FILE *f = open_memstream(&text, &text_len);
	doc_print(f, doc, DOC_PRINT_YAML);
	fclose(f);

	yaml_parser_t parser;
	yaml_document_t ydoc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, text_len);
	if (!yaml_parser_load(&parser, &ydoc))
		abort(); /* what we print must parse */
	yaml_node_t *root = yaml_document_get_root_node(&ydoc);
	if (!root || root->type != YAML_MAPPING_NODE)
		abort();
	json_t *want_list = json_object_get(doc, "list");
	for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(&ydoc, pair->key);
		yaml_node_t *value = yaml_document_get_node(&ydoc, pair->value);
		if (strcmp((const char *)key->data.scalar.value, "list") == 0) {
			if (value->type == YAML_SCALAR_NODE) { /* [] */
				if (json_array_size(want_list) != 0)
					abort();
				continue;
			}
			size_t n = (size_t)(value->data.sequence.items.top - value->data.sequence.items.start);
			if (value->type != YAML_SEQUENCE_NODE || n != json_array_size(want_list))
				abort();
			for (size_t i = 0; i < n; i++)
				check_scalar(yaml_document_get_node(&ydoc, value->data.sequence.items.start[i]),
				             json_string_value(json_array_get(want_list, i)));
		} else if (value->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *q = value->data.mapping.pairs.start;
			     q < value->data.mapping.pairs.top; q++) {
				yaml_node_t *k = yaml_document_get_node(&ydoc, q->key);
				if (!k || k->type != YAML_SCALAR_NODE ||
				    !json_object_getn(json_object_get(doc, "map"), (const char *)k->data.scalar.value,
				                      k->data.scalar.length))
					abort();
				check_scalar(k, (const char *)k->data.scalar.value);
			}
		}
	}
	yaml_document_delete(&ydoc);
	yaml_parser_delete(&parser);
	free(text);
	json_decref(doc);
	return 0;
}
