/* run: the engine every command that reads traffic runs — replay, emit, lint, diff and
 * report wire nothing by hand.
 *
 * For each policy given (one; two for diff; up to 8 for report with --against and up to
 * ENGINE_POLICY_LIMIT for compare) it owns a replay
 * (grouping, decisions), an emitter (the writer behind `emit`: every line the policy
 * writes, into the -o stream for the first policy of `emit`, else into a counting sink),
 * the summary, the bytes per request and per deciding rule and, when asked, the volume
 * (bytes by level, stage, rule, top tables, gzip size, retention, cost) and the bytes per
 * minute. Every figure of every command comes from here, so `replay`'s bytes are what
 * `emit` writes under the same options, whichever command prints them.
 *
 * One pass over the LOGs (log_feed.h: -j, progress, --strict) feeds every policy, event
 * by event, in the order given, so stdin works with many policies too: each event is read
 * and parsed once and decided once per policy. Cost per event: one replay step and the
 * emitter's writes per policy; nothing is allocated per event. With -j N, the first N
 * policies' volumes compress in threads of their own (gzip_estimate.h: the figures do not
 * depend on it). */
#ifndef AUDITSIM_RUN_H
#define AUDITSIM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "emitter.h"
#include "log_feed.h"
#include "policy.h"
#include "replay.h"
#include "summary.h"
#include "time_buckets.h"
#include "volume.h"

/* The most policies one engine runs: each holds a replay window, an emitter and its
 * figures, so the bound keeps a mistyped command line from taking the machine. */
#define ENGINE_POLICY_LIMIT 64

/* Called for every request of every policy, in order of first appearance (for each
 * request, the first policy's call comes first), after the engine has counted it. */
typedef void (*engine_request_fn)(size_t policy_index, const replay_request *req, void *ctx);

/* For a partial summary (partial.h): every line written, after the engine counted it. */
typedef void (*engine_line_fn)(size_t policy_index, const emitted_line *line, void *ctx);

typedef struct {
	/* reader limits (max_depth also bounds the writer's nesting), jobs, strict, progress */
	log_feed_options feed;
	bool measure_volume;      /* the volume figures, gzip size included (replay, report) */
	bool volume_asked;        /* a volume, projection or sink option was given */
	bool time_buckets;        /* bytes per minute of the recording (report) */
	/* the kube-apiserver simulated: request attributes from URLs, rotation defaults */
	kube_version kube_version;
	/* for the volume's retention; ROTATION_FLAG_UNSET fields take kube_version's
	 * defaults (rotation_flags_for) */
	rotation_flags rotation;
	double price_per_gb;      /* for the volume's cost; negative: no cost line */
	/* the destinations the volume prices (sink.h); none: the log file, as before */
	const char *sink_names[VOLUME_MAX_SINKS]; /* --sink, as given, for the command */
	size_t sink_name_count;
	const char *sinks_file;                   /* --sinks; NULL: the built-in table */
	const sink *sinks[VOLUME_MAX_SINKS];      /* resolved; borrowed, outliving the engine */
	size_t sink_count;
	double retention_days; /* kept at every sink; negative: each sink's included days */
	projection_options projection; /* --max-gap, --duration, --scale for the volume */
	FILE *emit_to;            /* the first policy's lines are written here; NULL: counted */
	engine_request_fn on_request;
	/* --partial: requests still waiting for their last stage at the end go to on_open,
	 * uncounted, instead of being handed on open (replay_finish_keeping_open) */
	engine_request_fn on_open;
	engine_line_fn on_line;
	void *ctx;
} engine_options;

/* Default feed options, the newest version, rotation flags unset (the version's
 * defaults), default projection, no volume, no cost, nothing written. */
engine_options engine_default_options(void);

/* What one policy's run adds up to; final once engine_run has returned. */
typedef struct {
	const policy *policy;
	replay_summary summary;
	/* requests' bytes as replay's `bytes`: written plus modelled bodies, and that
	 * modelled part, in total and by deciding rule (policy->rule_count entries each) */
	uint64_t bytes, modelled_bytes;
	uint64_t *rule_bytes, *rule_modelled_bytes;
	uint64_t modelled_requests; /* requests with modelled bodies */
	volume *volume;      /* NULL without measure_volume */
	time_buckets *times; /* NULL without time_buckets */
} engine_figures;

typedef struct engine engine;

/* policies: count of them (1 to ENGINE_POLICY_LIMIT; more are left out), validated,
 * outliving the engine; opts is copied. */
engine *engine_new(const policy *const *policies, size_t count, const engine_options *opts);

/* Feeds every LOG to every policy, then engine_finish. Once per engine. Returns
 * log_feed's code (0, 1 under --strict, 2); the figures are final either way (for what
 * was read). */
int engine_run(engine *e, char *const *logs, size_t log_count);

/* For events from elsewhere (tests, fuzzers): one event to every policy, then, once,
 * engine_finish with what the input held. */
void engine_add_event(engine *e, const audit_event *ev);
void engine_finish(engine *e, const log_feed_counts *input);

const engine_figures *engine_figures_of(const engine *e, size_t policy_index);

/* The `replay -o json` document of one policy: summary and, if measured, volume members.
 * The caller owns the reference. */
json_t *engine_figures_json(const engine_figures *f);

void engine_free(engine *e);

#endif
