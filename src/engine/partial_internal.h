/* partial_internal: what a partial holds, for partial.c (identity, collecting a shard)
 * and partial_merge.c (the document, merging) only. */
#ifndef AUDITSIM_PARTIAL_INTERNAL_H
#define AUDITSIM_PARTIAL_INTERNAL_H

#include "partial.h"
#include "xalloc.h"

/* A line a head was written with at its first event that was derived, not recorded. */
typedef struct {
	audit_stage stage;
	uint64_t bytes, modelled_bytes;
} derived_line;

typedef struct {
	char *audit_id;
	audit_level level;
	int rule;
	stage_set recorded, written;
	uint64_t recorded_events, bytes, modelled_bytes;
	unsigned marks;
	bool live; /* false once a later shard's head continued it */
} open_request;

typedef struct {
	char *audit_id;
	audit_level level;
	int rule;
	stage_set recorded;
	uint64_t recorded_events;
	bool counted; /* handed on in its shard; else also among its shard's open requests */
	unsigned marks;
	uint64_t seq; /* while collecting */
	derived_line derived[2];
	size_t derived_count;
	char *names[VOLUME_TOP_TABLES]; /* the derived lines' top-table names */
} head_request;

struct partial {
	const policy *policy;
	replay_summary summary;
	volume *volume;
	bool marked; /* partial_mark was called */
	partial_mark_fn mark;
	uint64_t marks[PARTIAL_MARK_COUNT][LEVEL_COUNT];
	uint64_t shards; /* merged so far; 0 while collecting one */
	open_request *opens;
	size_t open_count, open_cap;
	head_request *heads;
	size_t head_count, head_cap;
	/* while collecting: derived lines by request seq, in seq order */
	head_request *pending;
	size_t pending_count, pending_cap;
};

void partial_head_free(head_request *h);
/* Counts (delta 1) or takes back (-1) a request of the marks in set at level. */
void partial_count_marks(partial *pt, unsigned set, audit_level level, int delta);

/* Room for one more in a growing array. */
#define GROW(array, count, cap)                                                                \
	do {                                                                                   \
		if ((count) == (cap)) {                                                        \
			(cap) = (cap) ? (cap) * 2 : 16;                                        \
			(array) = xreallocarray((array), (cap), sizeof *(array));                 \
		}                                                                              \
	} while (0)

#endif
