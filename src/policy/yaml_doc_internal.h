/* Internals shared by the YAML and JSON builders of yaml_doc: the arena that owns a
 * document's nodes, and the map post-processing both formats need. Not a public API. */
#ifndef AUDITSIM_YAML_DOC_INTERNAL_H
#define AUDITSIM_YAML_DOC_INTERNAL_H

#include "yaml_doc.h"

struct doc {
	doc_format format;
	const doc_node *root;
	struct arena_block *blocks; /* every allocation of this document */
};

/* Zeroed memory owned by d. */
void *doc_alloc(doc *d, size_t size);
char *doc_strndup(doc *d, const char *s, size_t len);
doc_node *doc_new_node(doc *d, doc_kind kind, source_pos pos);

/* Growable array of pairs used while a map is read. */
typedef struct {
	doc_pair *items;
	size_t count, capacity;
} pair_vec;
void pair_vec_push(pair_vec *vec, doc_pair pair);

/* Moves the pairs into map (arena memory), marks duplicate and shadowed names and sums
 * the weight. Returns false when the weight passes DOC_MAX_NODES. */
bool doc_finish_map(doc *d, doc_node *map, pair_vec *pairs);

/* Adds the children's weight to *total, saturating. */
void doc_add_weight(size_t *total, size_t weight);

/* Builders: each returns the root or NULL after adding errors. The YAML reader is in
 * yaml_doc_yaml.c, the JSON reader in yaml_doc_json_reader.c. */
const doc_node *doc_build_yaml(doc *d, const char *data, size_t len, diag_list *diags);
const doc_node *doc_build_json(doc *d, const char *data, size_t len, diag_list *diags);

/* go-yaml v2's typing of an untagged plain scalar. */
doc_kind yaml_resolve_plain(const char *text, size_t len, bool *boolean);
/* The decimal form of an integer scalar as go-yaml v2 reads it (0x1F -> 31); NULL when
 * it does not fit 64 bits. The result is arena memory. */
const char *yaml_int_decimal(doc *d, const char *text, size_t len);

/* Converts a 0-based byte offset into a 1-based line and column (in characters). */
source_pos doc_pos_of_offset(const char *data, size_t len, size_t offset);

#endif
