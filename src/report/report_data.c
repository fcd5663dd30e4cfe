/* report_data: wiring of replay, emitter, volume and time buckets for one policy. */
#include "report_data.h"

#include <string.h>

static void on_request(const replay_request *req, void *ctx)
{
	policy_run *run = ctx;
	summary_add_request(&run->summary, req);
}

/* The emitter has one observer: this one hands each line to both accumulators. */
static void observe_line(const emitted_line *line, void *ctx)
{
	policy_run *run = ctx;
	volume_line counted = { line->ev, line->req->decision.level, line->req->decision.rule,
		                line->stage, line->bytes, line->modelled_bytes };
	volume_add_line(run->volume, &counted);
	time_buckets_add_line(run->times, &counted);
}

void policy_run_start(policy_run *run, const policy *p, double price_per_gb, size_t max_depth)
{
	memset(run, 0, sizeof *run);
	summary_init(&run->summary, p);
	run->replay = replay_new(p, 0, on_request, run);
	run->volume = volume_new(p);
	rotation_flags rotation = rotation_defaults();
	volume_set_rotation(run->volume, &rotation);
	volume_set_price(run->volume, price_per_gb);
	run->times = time_buckets_new();
	run->sink = (byte_sink){ .tap = volume_tap, .tap_ctx = run->volume };
	run->emitter = emitter_new(&run->sink, max_depth);
	emitter_set_observer(run->emitter, observe_line, run);
	replay_set_event_hook(run->replay, emitter_on_event, run->emitter);
}

void policy_run_add_event(policy_run *run, const audit_event *ev)
{
	volume_note_event(run->volume, ev);
	replay_add_event(run->replay, ev);
}

json_t *policy_run_finish(policy_run *run, uint64_t records, uint64_t skipped)
{
	replay_finish(run->replay);
	volume_finish(run->volume);
	run->summary.records = records;
	run->summary.bad_records = skipped;
	json_t *doc = summary_json(&run->summary);
	volume_add_json(run->volume, doc);
	return doc;
}

void policy_run_free(policy_run *run)
{
	replay_free(run->replay);
	emitter_free(run->emitter);
	volume_free(run->volume);
	time_buckets_free(run->times);
	summary_free(&run->summary);
	memset(run, 0, sizeof *run);
}
