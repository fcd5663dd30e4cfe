/* report_data: one policy's replay of the traffic with everything a report shows — the
 * summary (requests and events by level, stage and rule), the volume (bytes by level,
 * stage, rule, the top tables, projection, gzip size, retention, cost) and the bytes per
 * minute of the recording.
 *
 * The same pieces as `auditsim replay` (replay, emitter into a counting sink, volume),
 * so the report's numbers are replay's numbers; the emitter's observer is shared between
 * the volume and the time buckets. Events come from the caller, so several policies (and
 * a diff) can be fed from one pass over the logs, which also works for stdin. */
#ifndef AUDITSIM_REPORT_DATA_H
#define AUDITSIM_REPORT_DATA_H

#include <jansson.h>

#include "emitter.h"
#include "policy.h"
#include "replay.h"
#include "summary.h"
#include "time_buckets.h"
#include "volume.h"

typedef struct {
	replay_summary summary;
	replay *replay;
	byte_sink sink;
	emitter *emitter;
	volume *volume;
	time_buckets *times;
} policy_run;

/* p must be validated and outlive the run. price_per_gb < 0: no cost. */
void policy_run_start(policy_run *run, const policy *p, double price_per_gb, size_t max_depth);
void policy_run_add_event(policy_run *run, const audit_event *ev);

/* Finishes the replay and returns the document `replay -o json` prints (summary and
 * volume members); records and skipped describe the input. The caller owns it. */
json_t *policy_run_finish(policy_run *run, uint64_t records, uint64_t skipped);

void policy_run_free(policy_run *run);

#endif
