/* yaml_doc: a small document tree (maps, sequences, typed scalars) with line:col, built
 * the way kube-apiserver reads a manifest before decoding it:
 *  - if the first non-space character is `{` the bytes are strict JSON (no YAML fallback);
 *  - otherwise YAML via libyaml, first document only, with go-yaml v2's YAML 1.1 scalar
 *    typing (y/yes/on booleans, ~ nulls, 0x/0o/leading-0 ints, .inf floats), anchors,
 *    aliases (with an expansion budget) and `<<` merge keys.
 * The converter's own failures (a null or collection map key, an infinite or NaN value
 * that JSON cannot hold) are parse errors here, as they are for kube-apiserver.
 * Every node, string and array is owned by the doc and freed with doc_free. */
#ifndef AUDITSIM_YAML_DOC_H
#define AUDITSIM_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Limits; each error that hits one names it. */
#define DOC_MAX_BYTES ((size_t)16 << 20) /* bytes in one policy file */
#define DOC_MAX_DEPTH 256                /* nesting of maps and sequences */
#define DOC_MAX_NODES 1000000            /* nodes after expanding aliases and merges */

typedef enum { DOC_NULL, DOC_BOOL, DOC_INT, DOC_FLOAT, DOC_STRING, DOC_SEQ, DOC_MAP } doc_kind;

typedef enum { DOC_FORMAT_YAML, DOC_FORMAT_JSON } doc_format;

typedef struct doc_node doc_node;

typedef struct {
	const doc_node *key;
	const doc_node *value;
	/* The key as a JSON object key: strings as they are, other scalars converted the way
	 * sigs.k8s.io/yaml does (true, 10, 1.5). */
	const char *name;
	size_t name_len;
	source_pos pos;       /* the key as written (inside the merged map for merged pairs) */
	bool merged;          /* came in through a `<<` merge key */
	bool duplicate;       /* an earlier pair of this map has the same name */
	bool shadowed;        /* a later pair has the same name: it wins when last-wins applies */
	source_pos first_pos; /* duplicates: where the name first appeared */
} doc_pair;

struct doc_node {
	doc_kind kind;
	source_pos pos;
	/* Scalars: strings hold their value, other scalars the text as written
	 * (DOC_NULL from an empty value: ""). NUL-terminated; len excludes the NUL. */
	const char *text;
	size_t len;
	bool boolean; /* DOC_BOOL */
	const doc_node **items; /* DOC_SEQ */
	size_t item_count;
	doc_pair *pairs; /* DOC_MAP, in document order with merges expanded in place */
	size_t pair_count;
	size_t weight; /* nodes in the expanded subtree (internal: the alias budget) */
};

typedef struct doc doc;

/* Parses the bytes; returns NULL after adding one or more errors to diags (syntax,
 * limits, unsupported keys). The caller frees the result with doc_free. */
doc *doc_parse(const char *data, size_t len, diag_list *diags);
void doc_free(doc *d);

/* The first document's root; a DOC_NULL node for an empty or comment-only file. */
const doc_node *doc_root(const doc *d);
doc_format doc_source_format(const doc *d);

/* "null", "bool", "int", "float", "string", "list", "map"; JSON sources say "number". */
const char *doc_kind_name(const doc_node *node, doc_format format);

/* True when the pair's JSON key is exactly name. */
bool doc_pair_is(const doc_pair *pair, const char *name);

#endif
