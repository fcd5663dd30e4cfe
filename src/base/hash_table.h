/* hash_table: byte-string keys to size_t values, for the loader's anchors, the lint
 * coverage index and diff's rule pairs. Typically the value is an index into the caller's
 * own array, so entries stay in the caller's order and the table holds no pointers.
 *
 * Open addressing with linear probing, grown at half load, FNV-1a hashes. The table keeps
 * a copy of every key (in one buffer of its own); nothing is ever removed. A lookup costs
 * one hash of the key and, on average, fewer than two probes; adding n keys costs O(n)
 * amortised. Allocation failure aborts (xalloc). */
#ifndef AUDITSIM_HASH_TABLE_H
#define AUDITSIM_HASH_TABLE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hash_table hash_table;

/* An empty table; free it with hash_table_free. */
hash_table *hash_table_new(void);
void hash_table_free(hash_table *t);

/* True when key (len bytes, may hold NULs) is present; *value is then set. */
bool hash_table_find(const hash_table *t, const void *key, size_t len, size_t *value);

/* Stores value under key, adding a copy of the key when it is new (true) or replacing
 * the value of the existing key (false). */
bool hash_table_put(hash_table *t, const void *key, size_t len, size_t value);

/* The value under key; when the key is new it is added with value_if_new, which is
 * returned. */
size_t hash_table_get_or_add(hash_table *t, const void *key, size_t len, size_t value_if_new);

/* Number of keys. */
size_t hash_table_count(const hash_table *t);

#endif
