/* run: one replay, emitter and set of figures per policy, fed by one log_feed pass. */
#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "emitter.h"
#include "volume_output.h"
#include "xalloc.h"

/* One policy's pieces. */
typedef struct {
	engine *owner;
	size_t index;
	replay *replay;
	byte_sink sink;
	emitter *emitter;
	engine_figures figures;
} lane;

struct engine {
	engine_options opts;
	lane *lanes; /* lane_count of them */
	size_t lane_count;
	/* with two policies or more: what their lanes work out once per event */
	emit_share *lines;
	volume_shared *volumes;
};

engine_options engine_default_options(void)
{
	rotation_flags unset = { .maxsize_mb = ROTATION_FLAG_UNSET,
		                 .maxbackup = ROTATION_FLAG_UNSET,
		                 .maxage_days = ROTATION_FLAG_UNSET };
	return (engine_options){ .feed = log_feed_default_options(),
		                 .kube_version = KUBE_VERSION_NEWEST,
		                 .rotation = unset,
		                 .projection = projection_default_options(),
		                 .price_per_gb = -1,
		                 .retention_days = -1 };
}

static void on_request(const replay_request *req, void *ctx)
{
	lane *l = ctx;
	engine_figures *f = &l->figures;
	uint64_t bytes = req->bytes + req->modelled_bytes;
	summary_add_request(&f->summary, req);
	f->bytes += bytes;
	f->modelled_bytes += req->modelled_bytes;
	f->modelled_requests += req->modelled_bytes > 0;
	if (req->decision.rule >= 0) {
		f->rule_bytes[req->decision.rule] += bytes;
		f->rule_modelled_bytes[req->decision.rule] += req->modelled_bytes;
	}
	const engine_options *o = &l->owner->opts;
	if (o->on_request)
		o->on_request(l->index, req, o->ctx);
}

/* Every line the emitter writes: the summary's events, the volume, the time buckets. */
static void on_line(const emitted_line *line, void *ctx)
{
	lane *l = ctx;
	volume_line counted = { .ev = line->ev,
		                .level = line->req->decision.level,
		                .rule = line->req->decision.rule,
		                .stage = line->stage,
		                .bytes = line->bytes,
		                .modelled_bytes = line->modelled_bytes };
	summary_add_line(&l->figures.summary, counted.level, counted.rule, counted.stage);
	if (l->figures.volume)
		volume_add_line(l->figures.volume, &counted);
	if (l->figures.times)
		time_buckets_add_line(l->figures.times, &counted);
	const engine_options *o = &l->owner->opts;
	if (o->on_line)
		o->on_line(l->index, line, o->ctx);
}

static void keep_open(const replay_request *req, void *ctx)
{
	lane *l = ctx;
	l->owner->opts.on_open(l->index, req, l->owner->opts.ctx);
}

static void lane_start(engine *e, size_t index, const policy *p)
{
	const engine_options *o = &e->opts;
	lane *l = &e->lanes[index];
	engine_figures *f = &l->figures;
	*l = (lane){ .owner = e, .index = index };
	f->policy = p;
	summary_init(&f->summary, p);
	size_t rules = p->rule_count ? p->rule_count : 1;
	f->rule_bytes = xcalloc(rules, sizeof *f->rule_bytes);
	f->rule_modelled_bytes = xcalloc(rules, sizeof *f->rule_modelled_bytes);
	if (o->measure_volume) {
		f->volume = volume_new(p);
		volume_set_rotation(f->volume, &o->rotation);
		volume_set_price(f->volume, o->price_per_gb);
		volume_set_sinks(f->volume, o->sinks, o->sink_count, o->retention_days);
		/* -j N: a compressing thread for each of the first N policies, as many as
		 * the user allows, not one per policy however many there are */
		volume_set_gzip_thread(f->volume, o->feed.jobs >= 2 && (long)index < o->feed.jobs);
		volume_set_projection_options(f->volume, &o->projection);
		if (e->volumes)
			volume_use_shared(f->volume, e->volumes);
		l->sink.tap = volume_tap;
		l->sink.tap_needs = volume_tap_needs;
		l->sink.tap_ctx = f->volume;
	}
	if (o->time_buckets)
		f->times = time_buckets_new();
	if (index == 0)
		l->sink.file = o->emit_to;
	l->replay = replay_new(p, 0, on_request, l);
	replay_set_kube_version(l->replay, o->kube_version);
	l->emitter = emitter_new(&l->sink, o->feed.limits.max_depth);
	emitter_set_observer(l->emitter, on_line, l);
	emitter_set_kube_version(l->emitter, o->kube_version);
	if (e->lines)
		emitter_use_share(l->emitter, e->lines);
	replay_set_event_hook(l->replay, emitter_on_event, l->emitter);
}

engine *engine_new(const policy *const *policies, size_t count, const engine_options *opts)
{
	engine *e = xcalloc(1, sizeof *e);
	e->opts = *opts;
	e->opts.rotation = rotation_flags_for(opts->rotation, opts->kube_version);
	e->lane_count = count < ENGINE_POLICY_LIMIT ? count : ENGINE_POLICY_LIMIT;
	e->lanes = xcalloc(e->lane_count ? e->lane_count : 1, sizeof *e->lanes);
	if (e->lane_count >= 2) {
		e->lines = emit_share_new();
		if (opts->measure_volume)
			e->volumes = volume_shared_new();
	}
	for (size_t i = 0; i < e->lane_count; i++)
		lane_start(e, i, policies[i]);
	return e;
}

/* prepared: ev's attributes and one decision a lane, worked out by a block scan worker
 * (request_prepared.h), or NULL for each replay to work them out. */
static void add_event(engine *e, const audit_event *ev, const request_prepared *prepared)
{
	if (e->lines)
		emit_share_begin_event(e->lines, ev);
	if (e->volumes)
		volume_shared_begin_event(e->volumes, ev);
	for (size_t i = 0; i < e->lane_count; i++) {
		lane *l = &e->lanes[i];
		if (l->figures.volume)
			volume_note_event(l->figures.volume, ev);
		if (prepared)
			replay_add_decided_event(l->replay, ev, &prepared->attrs,
			                         &prepared->decisions[i]);
		else
			replay_add_event(l->replay, ev);
	}
}

void engine_add_event(engine *e, const audit_event *ev) { add_event(e, ev, NULL); }

static void feed_event(const audit_event *ev, const request_prepared *prepared, void *ctx)
{
	add_event(ctx, ev, prepared);
}

int engine_run(engine *e, char *const *logs, size_t log_count)
{
	const policy *policies[ENGINE_POLICY_LIMIT];
	for (size_t i = 0; i < e->lane_count; i++)
		policies[i] = e->lanes[i].figures.policy;
	/* the workers decide under every policy, as each lane's replay would */
	request_prepare_options prepare = { .policies = policies, .policy_count = e->lane_count,
		                            .version = e->opts.kube_version };
	log_feed_counts counts;
	int rc = log_feed_prepared(logs, log_count, &e->opts.feed, &prepare, feed_event, e,
	                           &counts);
	engine_finish(e, &counts);
	return rc;
}

void engine_finish(engine *e, const log_feed_counts *input)
{
	for (size_t i = 0; i < e->lane_count; i++) {
		lane *l = &e->lanes[i];
		if (e->opts.on_open)
			replay_finish_keeping_open(l->replay, keep_open, l);
		else
			replay_finish(l->replay);
		replay_tally tally = replay_tally_of(l->replay);
		summary_add_tally(&l->figures.summary, &tally);
		l->figures.summary.records = input->records;
		l->figures.summary.bad_records = input->skipped;
		if (l->figures.volume) {
			volume_set_input(l->figures.volume, input, l->figures.summary.total.requests);
			volume_finish(l->figures.volume);
		}
	}
}

const engine_figures *engine_figures_of(const engine *e, size_t policy_index)
{
	return &e->lanes[policy_index].figures;
}

json_t *engine_figures_json(const engine_figures *f)
{
	json_t *doc = summary_json(&f->summary);
	if (f->volume)
		volume_add_json(f->volume, doc);
	return doc;
}

void engine_free(engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->lane_count; i++) {
		lane *l = &e->lanes[i];
		replay_free(l->replay);
		emitter_free(l->emitter);
		volume_free(l->figures.volume);
		time_buckets_free(l->figures.times);
		summary_free(&l->figures.summary);
		free(l->figures.rule_bytes);
		free(l->figures.rule_modelled_bytes);
	}
	free(e->lanes);
	emit_share_free(e->lines);
	volume_shared_free(e->volumes);
	free(e);
}
