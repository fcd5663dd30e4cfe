#include "yaml_doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "yaml_doc_internal.h"

/* Nodes are many and small and all die together, so they come from blocks. */
#define ARENA_BLOCK_SIZE ((size_t)32 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

static struct arena_block *arena_block_new(size_t size, struct arena_block *next)
{
	struct arena_block *block = xmalloc(sizeof *block + size);
	block->next = next;
	block->used = 0;
	block->size = size;
	return block;
}

void *doc_alloc(doc *d, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size = (size + align - 1) / align * align;
	struct arena_block *block = d->blocks;
	if (size > ARENA_BLOCK_SIZE / 4) {
		/* Large arrays get a block of their own behind the current one. */
		struct arena_block *own = arena_block_new(size, block ? block->next : NULL);
		if (block)
			block->next = own;
		else
			d->blocks = own;
		own->used = size;
		memset(own->data, 0, size);
		return own->data;
	}
	if (!block || block->size - block->used < size) {
		block = arena_block_new(ARENA_BLOCK_SIZE, block);
		d->blocks = block;
	}
	void *p = (char *)block->data + block->used;
	block->used += size;
	memset(p, 0, size);
	return p;
}

char *doc_strndup(doc *d, const char *s, size_t len)
{
	char *copy = doc_alloc(d, len + 1);
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

doc_node *doc_new_node(doc *d, doc_kind kind, source_pos pos)
{
	doc_node *node = doc_alloc(d, sizeof *node);
	node->kind = kind;
	node->pos = pos;
	node->text = "";
	node->weight = 1;
	return node;
}

void pair_vec_push(pair_vec *vec, doc_pair pair)
{
	if (vec->count == vec->capacity) {
		vec->capacity = vec->capacity ? vec->capacity * 2 : 8;
		vec->items = xreallocarray(vec->items, vec->capacity, sizeof *vec->items);
	}
	vec->items[vec->count++] = pair;
}

void doc_add_weight(size_t *total, size_t weight)
{
	*total = weight > SIZE_MAX - *total ? SIZE_MAX : *total + weight;
}

typedef struct {
	const doc_pair *pair;
	size_t index;
} pair_ref;

static int compare_pair_refs(const void *a, const void *b)
{
	const pair_ref *x = a, *y = b;
	size_t n = x->pair->name_len < y->pair->name_len ? x->pair->name_len : y->pair->name_len;
	int c = n ? memcmp(x->pair->name, y->pair->name, n) : 0;
	if (c == 0 && x->pair->name_len != y->pair->name_len)
		c = x->pair->name_len < y->pair->name_len ? -1 : 1;
	if (c == 0)
		c = x->index < y->index ? -1 : x->index > y->index;
	return c;
}

static bool same_name(const doc_pair *a, const doc_pair *b)
{
	return a->name_len == b->name_len && memcmp(a->name, b->name, a->name_len) == 0;
}

/* Sorting by (name, position) puts each run of equal names together, first one first.
 * O(n log n) for n pairs, however many share a name. */
static void mark_duplicates(doc_pair *pairs, size_t count)
{
	if (count < 2)
		return;
	pair_ref *refs = xreallocarray(NULL, count, sizeof *refs);
	for (size_t i = 0; i < count; i++)
		refs[i] = (pair_ref){ &pairs[i], i };
	qsort(refs, count, sizeof *refs, compare_pair_refs);
	size_t first = 0; /* the start of the current run of equal names */
	for (size_t i = 1; i < count; i++) {
		if (!same_name(refs[i - 1].pair, refs[i].pair)) {
			first = i;
			continue;
		}
		pairs[refs[i].index].duplicate = true;
		pairs[refs[i].index].first_pos = pairs[refs[first].index].pos;
		pairs[refs[i - 1].index].shadowed = true;
	}
	free(refs);
}

bool doc_finish_map(doc *d, doc_node *map, pair_vec *pairs)
{
	map->pair_count = pairs->count;
	if (pairs->count) {
		map->pairs = doc_alloc(d, pairs->count * sizeof *map->pairs);
		memcpy(map->pairs, pairs->items, pairs->count * sizeof *map->pairs);
	}
	free(pairs->items);
	*pairs = (pair_vec){ 0 };
	mark_duplicates(map->pairs, map->pair_count);
	size_t weight = 1;
	for (size_t i = 0; i < map->pair_count; i++) {
		doc_add_weight(&weight, map->pairs[i].key->weight);
		doc_add_weight(&weight, map->pairs[i].value->weight);
	}
	map->weight = weight;
	return weight <= DOC_MAX_NODES;
}

source_pos doc_pos_of_offset(const char *data, size_t len, size_t offset)
{
	source_pos pos = { 1, 1 };
	for (size_t i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			pos.line++;
			pos.col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			pos.col++;
		}
	}
	return pos;
}

/* Length of the Unicode white space rune at s (Go's unicode.IsSpace), or 0. */
static size_t space_rune_len(const unsigned char *s, size_t left)
{
	if (left >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (left >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
		return 2;
	if (left < 3)
		return 0;
	if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
		return 3;
	if (s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] <= 0x8A || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return s[2] >= 0x80 ? 3 : 0;
	if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3;
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* apimachinery's recognizer: JSON when the first non-space rune is `{`. A byte order
 * mark is not space, so "\xEF\xBB\xBF{...}" goes to the YAML reader. */
static bool looks_like_json(const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, step;
	while (i < len && (step = space_rune_len(s + i, len - i)) > 0)
		i += step;
	return i < len && s[i] == '{';
}

doc *doc_parse(const char *data, size_t len, diag_list *diags)
{
	if (len > DOC_MAX_BYTES) {
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL,
		         "file is larger than the limit of %zu bytes for a policy (auditsim's limit for policy files)",
		         DOC_MAX_BYTES);
		return NULL;
	}
	doc *d = xcalloc(1, sizeof *d);
	d->format = looks_like_json(data, len) ? DOC_FORMAT_JSON : DOC_FORMAT_YAML;
	d->root = d->format == DOC_FORMAT_JSON ? doc_build_json(d, data, len, diags)
	                                       : doc_build_yaml(d, data, len, diags);
	if (!d->root) {
		doc_free(d);
		return NULL;
	}
	return d;
}

void doc_free(doc *d)
{
	if (!d)
		return;
	struct arena_block *block = d->blocks;
	while (block) {
		struct arena_block *next = block->next;
		free(block);
		block = next;
	}
	free(d);
}

const doc_node *doc_root(const doc *d) { return d->root; }

doc_format doc_source_format(const doc *d) { return d->format; }

const char *doc_kind_name(const doc_node *node, doc_format format)
{
	switch (node->kind) {
	case DOC_NULL:
		return "null";
	case DOC_BOOL:
		return "bool";
	case DOC_INT:
		return format == DOC_FORMAT_JSON ? "number" : "int";
	case DOC_FLOAT:
		return format == DOC_FORMAT_JSON ? "number" : "float";
	case DOC_STRING:
		return "string";
	case DOC_SEQ:
		return "list";
	case DOC_MAP:
		return "map";
	}
	return "?";
}

bool doc_pair_is(const doc_pair *pair, const char *name)
{
	size_t n = strlen(name);
	return pair->name_len == n && memcmp(pair->name, name, n) == 0;
}
