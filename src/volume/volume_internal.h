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
	gzip_estimator *gzip;
	gzip_result gzip_result; /* set by volume_finish */
	bool gzip_done;
	rotation_flags rotation;
	double price_per_gb;
	const sink *sinks[VOLUME_MAX_SINKS];
	size_t sink_count;
	double sink_retention_days;
};

/* name's row, or NULL (cut to TOP_KEY_MAX - 1 bytes as the table keeps names). */
top_slot *volume_top_find(top_table *t, span name);

/* Adds `add` to name's row, or to "(other)" once the table is three quarters full. */
void volume_top_add(top_table *t, span name, volume_pair add);

#endif
