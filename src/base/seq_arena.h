/* seq_arena: memory for things numbered in order and given back in the same order (the
 * strings of replay's waiting requests). Allocations are bumped into blocks; a block goes
 * back once every number allocated in it has been released. Memory follows what is live,
 * not the history: no per-item malloc, and no item-sized holes for malloc to fragment. */
#ifndef AUDITSIM_SEQ_ARENA_H
#define AUDITSIM_SEQ_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct seq_block seq_block;

typedef struct {
	seq_block *oldest, *newest;
	seq_block *spare; /* one emptied block kept for reuse */
	size_t bytes_held; /* the blocks' capacity, the spare included */
} seq_arena;

void seq_arena_init(seq_arena *a);
/* n bytes, aligned for any span, for item `seq` (never less than an earlier call's). */
void *seq_arena_alloc(seq_arena *a, size_t n, uint64_t seq);
/* Every item numbered below `head` is no longer used. */
void seq_arena_release(seq_arena *a, uint64_t head);
void seq_arena_free(seq_arena *a);
/* Bytes of blocks the arena holds now (what it costs, apart from block headers). */
size_t seq_arena_bytes_held(const seq_arena *a);

#endif
