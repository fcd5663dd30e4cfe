/* volume_internal: what a volume holds, for volume.c and volume_state.c (the partial
 * summary's export and merge) only. */
#ifndef AUDITSIM_VOLUME_INTERNAL_H
#define AUDITSIM_VOLUME_INTERNAL_H

#include "covered_time.h"
#include "gzip_estimate.h"
#include "volume.h"

#define TIME_TEXT_MAX 40
#define TOP_KEY_MAX VOLUME_TOP_KEY_MAX

typedef struct {
	char key[TOP_KEY_MAX]; /* empty: unused */
	volume_pair total;
} top_slot;

/* Bytes by name with a fixed number of names; the rest are "(other)". */
typedef struct {
	top_slot *slots;
	size_t used;
	volume_pair other;
} top_table;

enum { TOP_COUNT = VOLUME_TOP_TABLES };

struct volume {
	const policy *policy;
	volume_pair total;
	uint64_t modelled_bytes;
	volume_pair by_level[LEVEL_COUNT];
	volume_pair by_stage[STAGE_COUNT];
	volume_pair *by_rule; /* policy->rule_count entries */
	top_table top[TOP_COUNT];
	covered_time covered;       /* the time the events' stage timestamps cover */
	projection_options projection;
	log_feed_counts input;      /* what the events stood for (volume_set_input) */
	uint64_t requests;
	bool have_time;
	double first_seconds, last_seconds;
	char first_text[TIME_TEXT_MAX], last_text[TIME_TEXT_MAX]; /* their timestamps */
	size_t first_text_len, last_text_len;
	volume_shared *shared; /* volume_use_shared's, or NULL */
	/* per shared name id and table: 0 not seen yet, row index + 1, or -1 for "(other)" */
	int32_t *top_rows[TOP_COUNT];
	gzip_estimator *gzip;
	gzip_result gzip_result; /* set by volume_finish */
	bool gzip_done;
	rotation_flags rotation;
	double price_per_gb;
	const sink *sinks[VOLUME_MAX_SINKS];
	size_t sink_count;
	double sink_retention_days;
};

/* What volume_shared keeps (volume_shared.c): the ids are dense, so that a volume can
 * remember its row for each in a plain array (volume.top_rows). */
#define SHARED_NAME_SLOTS 4096
#define SHARED_NAME_IDS (SHARED_NAME_SLOTS * 3 / 4)

enum { SHARED_RECEIVED, SHARED_WRITTEN, SHARED_TIMES };

struct volume_shared {
	const audit_event *ev; /* the event at hand */
	unsigned parsed;       /* bit per SHARED_* time parsed for ev */
	bool time_ok[SHARED_TIMES];
	double seconds[SHARED_TIMES];
	bool named; /* keys and ids worked out for ev */
	volume_keys keys;
	int32_t ids[TOP_COUNT]; /* -1: no id, the table of names is full */
	struct {
		char (*keys)[TOP_KEY_MAX]; /* SHARED_NAME_SLOTS; empty: unused */
		int32_t *ids;
		int32_t used;
	} names[TOP_COUNT];
};

/* The seconds of ev's timestamp ts (which: SHARED_*), parsed once per event. */
bool volume_shared_seconds(volume_shared *s, int which, span ts, double *out);
/* ev's names in the four top tables and their ids, worked out once per event. */
const int32_t *volume_shared_ids(volume_shared *s, const volume_keys **keys);

/* The hash the name tables probe with. */
uint64_t volume_name_hash(const char *p, size_t n);
/* A name as the tables keep it: cut to TOP_KEY_MAX - 1 bytes. */
static inline size_t volume_key_len(span name)
{
	return name.len < TOP_KEY_MAX - 1 ? name.len : TOP_KEY_MAX - 1;
}

/* name's row, or NULL (cut to TOP_KEY_MAX - 1 bytes as the table keeps names). */
top_slot *volume_top_find(top_table *t, span name);

/* Adds `add` to name's row, or to "(other)" once the table is three quarters full;
 * returns the row, NULL for "(other)". */
top_slot *volume_top_add(top_table *t, span name, volume_pair add);

#endif
