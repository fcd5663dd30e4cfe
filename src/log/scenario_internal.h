/* scenario_internal: what the scenario reader's files (scenario.c, scenario_expect_read.c)
 * share: the libyaml document being read, where its errors go, and the conversion from
 * libyaml's character marks to byte offsets. Not part of the log layer's interface. */
#ifndef AUDITSIM_SCENARIO_INTERNAL_H
#define AUDITSIM_SCENARIO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "diag.h"
#include "scenario.h"

typedef struct {
	yaml_document_t *doc;
	diag_list *diags;
	scenario *out;
	const char *data; /* the text being read */
	size_t len;
	size_t cursor_chars; /* byte_of's last answer: that many characters ... */
	size_t cursor_bytes; /* ... end at this byte */
} scenario_loader;

source_pos scenario_node_pos(const yaml_node_t *node);
const char *scenario_scalar_text(const yaml_node_t *node);
/* Plain "", "~" and "null" are YAML nulls; quoted they are strings. */
bool scenario_node_is_null(const yaml_node_t *node);
yaml_node_t *scenario_node_at(scenario_loader *l, int index);

void scenario_error(scenario_loader *l, source_pos pos, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The byte offset of a libyaml mark (which counts characters). Cheap for marks in
 * increasing order, as a document's nodes are read; walks from the start otherwise. */
size_t scenario_byte_of(scenario_loader *l, yaml_mark_t mark);

/* The bytes a node spans. A block collection's end mark is where the next token starts
 * (often lines further on), so its range ends with its last item's. */
text_range scenario_node_range(scenario_loader *l, const yaml_node_t *node);

/* Reads `expect:` of the request entry `field` ("requests[3]") into *values and *place.
 * key is the `expect` key node, value its value. Returns false after adding an error. */
bool scenario_read_expect(scenario_loader *l, const yaml_node_t *key, const yaml_node_t *value,
                          const char *field, expect_values *values, expect_place *place);

/* Where an entry that has no `expect:` gets one: after the line of its last value
 * (block mapping) or before its closing brace (flow mapping). */
void scenario_expect_insertion(scenario_loader *l, const yaml_node_t *entry, expect_place *place);

#endif
