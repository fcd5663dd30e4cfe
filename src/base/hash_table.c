/* hash_table: open addressing over copied byte-string keys (see hash_table.h). */
#include "hash_table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define INITIAL_SLOTS 16

/* A used slot has key_len + 1 > 0 in `stored`; 0 marks an empty slot. */
typedef struct {
	uint64_t hash;
	size_t key_offset; /* into hash_table.keys */
	size_t stored;     /* key length + 1; 0: empty */
	size_t value;
} slot;

struct hash_table {
	slot *slots;
	size_t slot_count; /* a power of two */
	size_t used;
	char *keys; /* every key, back to back */
	size_t keys_len, keys_cap;
};

static uint64_t hash_bytes(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	/* FNV's low bits mix poorly for short keys that differ in their last byte. */
	h ^= h >> 29;
	return h;
}

hash_table *hash_table_new(void)
{
	hash_table *t = xcalloc(1, sizeof *t);
	t->slot_count = INITIAL_SLOTS;
	t->slots = xcalloc(t->slot_count, sizeof *t->slots);
	return t;
}

void hash_table_free(hash_table *t)
{
	if (!t)
		return;
	free(t->slots);
	free(t->keys);
	free(t);
}

size_t hash_table_count(const hash_table *t) { return t->used; }

/* The slot holding key, or the empty slot where it would go. */
static slot *probe(const hash_table *t, const void *key, size_t len, uint64_t hash)
{
	size_t mask = t->slot_count - 1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		slot *s = &t->slots[i];
		if (s->stored == 0)
			return s;
		if (s->hash == hash && s->stored == len + 1 &&
		    (len == 0 || memcmp(t->keys + s->key_offset, key, len) == 0))
			return s;
	}
}

static void grow(hash_table *t)
{
	slot *old = t->slots;
	size_t old_count = t->slot_count;
	t->slot_count *= 2;
	t->slots = xcalloc(t->slot_count, sizeof *t->slots);
	size_t mask = t->slot_count - 1;
	for (size_t i = 0; i < old_count; i++) {
		if (old[i].stored == 0)
			continue;
		size_t j = (size_t)old[i].hash & mask;
		while (t->slots[j].stored)
			j = (j + 1) & mask;
		t->slots[j] = old[i];
	}
	free(old);
}

static size_t copy_key(hash_table *t, const void *key, size_t len)
{
	if (t->keys_cap - t->keys_len < len) {
		size_t cap = t->keys_cap ? t->keys_cap : 256;
		while (cap - t->keys_len < len)
			cap *= 2;
		t->keys = xreallocarray(t->keys, cap, 1);
		t->keys_cap = cap;
	}
	size_t offset = t->keys_len;
	if (len)
		memcpy(t->keys + offset, key, len);
	t->keys_len += len;
	return offset;
}

bool hash_table_find(const hash_table *t, const void *key, size_t len, size_t *value)
{
	const slot *s = probe(t, key, len, hash_bytes(key, len));
	if (s->stored == 0)
		return false;
	*value = s->value;
	return true;
}

/* The slot for key, added (with value) when it was not there; *added says which. */
static slot *find_or_add(hash_table *t, const void *key, size_t len, size_t value, bool *added)
{
	if ((t->used + 1) * 2 > t->slot_count)
		grow(t);
	uint64_t hash = hash_bytes(key, len);
	slot *s = probe(t, key, len, hash);
	*added = s->stored == 0;
	if (*added) {
		*s = (slot){ hash, copy_key(t, key, len), len + 1, value };
		t->used++;
	}
	return s;
}

bool hash_table_put(hash_table *t, const void *key, size_t len, size_t value)
{
	bool added;
	slot *s = find_or_add(t, key, len, value, &added);
	s->value = value;
	return added;
}

size_t hash_table_get_or_add(hash_table *t, const void *key, size_t len, size_t value_if_new)
{
	bool added;
	return find_or_add(t, key, len, value_if_new, &added)->value;
}
