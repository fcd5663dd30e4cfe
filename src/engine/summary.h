/* summary: what a replay adds up to — requests and events by level, by stage and by
 * rule (including the rules that matched nothing), plus what the input held.
 *
 * Requests are counted as the replay hands them on (summary_add_request); events are the
 * lines the policy writes, counted one by one as the emitter writes them
 * (summary_add_line), so they are the volume's events: a request whose last stage never
 * came counts the lines written for it, not the stages it would have had. */
#ifndef AUDITSIM_SUMMARY_H
#define AUDITSIM_SUMMARY_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "policy.h"
#include "replay.h"

typedef struct {
	uint64_t requests;
	uint64_t events;
} count_pair;

typedef struct {
	const policy *policy;
	/* under the policy */
	count_pair total;
	count_pair by_level[LEVEL_COUNT];
	uint64_t events_by_stage[STAGE_COUNT];
	count_pair *by_rule; /* policy->rule_count entries */
	count_pair unmatched; /* no rule matched: level None */
	uint64_t open_requests; /* the recording ended (or the window filled) before their last stage */
	/* from replay_tally (summary_add_tally): open requests whose last stage never came,
	 * those of them forgotten before the end, and those whose last stage came later */
	uint64_t never_completed;
	uint64_t forgotten;
	uint64_t completed_late;
	/* the input */
	uint64_t records;
	uint64_t bad_records;
	uint64_t recorded_events;
	uint64_t recorded_by_stage[STAGE_COUNT];
} replay_summary;

/* by_rule is allocated here; free with summary_free. */
void summary_init(replay_summary *s, const policy *p);
void summary_free(replay_summary *s);
void summary_add_request(replay_summary *s, const replay_request *req);
/* One line written under the decision of (level, rule; -1: none) at stage. */
void summary_add_line(replay_summary *s, audit_level level, int rule, audit_stage stage);
/* What the replay adds up to at the end: late events as recorded, the never-completed
 * and completed-late counts. Once, after replay_finish. */
void summary_add_tally(replay_summary *s, const replay_tally *t);

void summary_print_text(const replay_summary *s, FILE *out);
/* One JSON document (the `-o json` output of replay); field names are documented in the
 * README and stable. */
void summary_print_json(const replay_summary *s, FILE *out);
/* The same document, for callers that add members (volume.h) before printing it; the
 * caller owns the reference. */
json_t *summary_json(const replay_summary *s);

#endif
