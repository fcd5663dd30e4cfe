/* seq_arena: see seq_arena.h. */
#include "seq_arena.h"

#include <stdlib.h>

#include "xalloc.h"

/* Big enough that the waste at each block's end is small, small enough that a spare and
 * the newest block's unused part stay well under 1% of a full replay window. */
#define BLOCK_BYTES ((size_t)256 * 1024)
#define ALIGN 16

struct seq_block {
	seq_block *next; /* newer */
	size_t cap, used;
	uint64_t last_seq; /* the highest item allocated here */
	_Alignas(ALIGN) unsigned char data[];
};

void seq_arena_init(seq_arena *a) { *a = (seq_arena){ NULL, NULL, NULL, 0 }; }

static seq_block *new_block(seq_arena *a, size_t n)
{
	seq_block *b;
	if (n <= BLOCK_BYTES && a->spare) {
		b = a->spare;
		a->spare = NULL;
	} else {
		size_t cap = n > BLOCK_BYTES ? n : BLOCK_BYTES;
		b = xmalloc(sizeof *b + cap);
		b->cap = cap;
		a->bytes_held += cap;
	}
	b->next = NULL;
	b->used = 0;
	if (a->newest)
		a->newest->next = b;
	else
		a->oldest = b;
	a->newest = b;
	return b;
}

void *seq_arena_alloc(seq_arena *a, size_t n, uint64_t seq)
{
	n = (n + ALIGN - 1) / ALIGN * ALIGN;
	seq_block *b = a->newest;
	if (!b || b->cap - b->used < n)
		b = new_block(a, n);
	void *p = b->data + b->used;
	b->used += n;
	b->last_seq = seq;
	return p;
}

void seq_arena_release(seq_arena *a, uint64_t head)
{
	/* the newest block stays: it is being filled */
	while (a->oldest && a->oldest != a->newest && a->oldest->last_seq < head) {
		seq_block *b = a->oldest;
		a->oldest = b->next;
		if (!a->spare && b->cap == BLOCK_BYTES) {
			a->spare = b;
		} else {
			a->bytes_held -= b->cap;
			free(b);
		}
	}
}

void seq_arena_free(seq_arena *a)
{
	while (a->oldest) {
		seq_block *b = a->oldest;
		a->oldest = b->next;
		free(b);
	}
	free(a->spare);
	*a = (seq_arena){ NULL, NULL, NULL, 0 };
}

size_t seq_arena_bytes_held(const seq_arena *a) { return a->bytes_held; }
