/* volume: what a policy's log adds up to — lines and bytes by level, stage and rule, the
 * top users, resources, verbs and namespaces by bytes, the recording's time span, the time
 * it covers and the projection per day on a stated basis (projection.h), the gzip size (zlib at gzip's default level 6 over the emitted stream:
 * all of it for small streams, else a deterministic sample, see gzip_estimate.h), the
 * history kube-apiserver's rotation flags keep, and a cost — all as one typed struct,
 * volume_figures. The accounting only: the rate, retention and cost maths are
 * retention.h's, the text and JSON outputs volume_output.h's.
 *
 * Fed one volume_line per written line (the engine hands on what the emitter's observer
 * sees) and by volume_note_event (one call per recorded event, for the time span and the
 * covered time). Memory
 * is fixed at volume_new: the top tables hold VOLUME_TOP_SLOTS distinct names each; later
 * names are added up as "(other)"; the covered time keeps VOLUME_COVERED_STRETCHES. GB means 10^9 bytes (RETENTION_GB). */
#ifndef AUDITSIM_VOLUME_H
#define AUDITSIM_VOLUME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "log_feed.h"
#include "policy.h"
#include "retention.h"
#include "sink.h"
#include "stages.h"

#define VOLUME_TOP_SLOTS 2048
#define VOLUME_TOP_N 10
#define VOLUME_MAX_SINKS 16
/* separate stretches of time kept for the covered time (covered_time.h): 24 KiB */
#define VOLUME_COVERED_STRETCHES 1024

typedef struct {
	uint64_t events;
	uint64_t bytes;
} volume_pair;

/* One line a policy writes, as the volume and the time buckets count it. */
typedef struct {
	const audit_event *ev; /* the recorded event it was built from: user, verb, resource,
	                          namespace and time are taken from it */
	audit_level level;     /* the decision's */
	int rule;              /* the deciding rule; -1: none */
	audit_stage stage;
	uint64_t bytes;          /* written, newline included */
	uint64_t modelled_bytes; /* bodies the recording lacked, modelled */
} volume_line;

typedef struct volume volume;

/* The policy must outlive the volume. */
volume *volume_new(const policy *p);
void volume_free(volume *v);

void volume_note_event(volume *v, const audit_event *ev);
void volume_add_line(volume *v, const volume_line *line);
/* A byte_sink tap: ctx is the volume; compresses (a sample of) the stream to measure it.
 * line NULL: len bytes volume_tap_needs said it does not need. */
void volume_tap(const char *line, size_t len, void *ctx);
bool volume_tap_needs(size_t len, void *ctx);
/* Ends the compressed stream; call once after the last line, before any figure is read. */
void volume_finish(volume *v);

/* Whether the compressing runs in a thread of its own (not by default); before any line. */
void volume_set_gzip_thread(volume *v, bool threaded);
void volume_set_rotation(volume *v, const rotation_flags *flags);
/* price per GB ingested, for the monthly cost line; negative: no cost line. With sinks,
 * it replaces their ingestion price. */
void volume_set_price(volume *v, double price_per_gb);
/* The destinations to price (at most VOLUME_MAX_SINKS; borrowed: they must outlive the
 * volume), each kept retention_days (negative: each sink's included days). None: the log
 * file as before — the rotation's retention and the --price-per-gb line. */
void volume_set_sinks(volume *v, const sink *const *sinks, size_t count, double retention_days);
/* --max-gap, --duration, --scale (projection.h); before any event. */
void volume_set_projection_options(volume *v, const projection_options *opts);
/* What the events stood for (scenarios, their period, recordings) and how many requests
 * were replayed: the projection's basis. Before any figure is read. */
void volume_set_input(volume *v, const log_feed_counts *input, uint64_t requests);

uint64_t volume_bytes(const volume *v);
uint64_t volume_events(const volume *v);
uint64_t volume_modelled_bytes(const volume *v);
uint64_t volume_gzip_bytes(const volume *v); /* of the written stream: modelled left out */
projection volume_projection(const volume *v);

/* One row of a top table. */
typedef struct {
	const char *name; /* borrowed from the volume */
	volume_pair total;
} volume_top_entry;

enum { VOLUME_TOP_USERS, VOLUME_TOP_RESOURCES, VOLUME_TOP_VERBS, VOLUME_TOP_NAMESPACES, VOLUME_TOP_TABLES };

/* The longest name a top table keeps (longer ones are cut), and the most distinct names
 * it holds before the rest are added up as "(other)". */
#define VOLUME_TOP_KEY_MAX 128
#define VOLUME_TOP_KEY_BOUND (VOLUME_TOP_SLOTS * 3 / 4)

/* The names a line counts under in the four top tables; names may point into resource. */
typedef struct {
	span names[VOLUME_TOP_TABLES];
	char resource[VOLUME_TOP_KEY_MAX];
} volume_keys;

void volume_keys_of(const audit_event *ev, volume_keys *out);

typedef struct {
	volume_top_entry entries[VOLUME_TOP_N]; /* by bytes, largest first ("(other)" left out) */
	size_t count;
} volume_top;

/* Every figure a finished volume adds up to, as the text, JSON, CSV, Prometheus and HTML
 * outputs show them. Borrows from the volume (by_rule, the top names): valid while it
 * lives and unchanged. */
typedef struct {
	volume_pair total;       /* bytes: written plus modelled */
	uint64_t written_bytes;  /* total.bytes less the modelled */
	uint64_t modelled_bytes;
	uint64_t gzip_bytes;          /* of total.bytes: measured, plus gzip_modelled_bytes */
	uint64_t gzip_modelled_bytes; /* the modelled bytes at gzip_ratio: estimated */
	double gzip_ratio;            /* measured gzip / written_bytes; 1 when none or zlib failed */
	bool gzip_sampled;            /* estimated from a sample, not the whole stream */
	double gzip_sampled_fraction; /* of the written bytes; 1 when measured in full */
	volume_pair by_level[LEVEL_COUNT];
	volume_pair by_stage[STAGE_COUNT];
	const volume_pair *by_rule; /* rule_count entries */
	size_t rule_count;
	const policy *policy;       /* the volume's: where each rule of by_rule is */
	volume_top top[VOLUME_TOP_TABLES];
	volume_pair top_other[VOLUME_TOP_TABLES]; /* the names each table had no room for */
	projection rate;                    /* or, when !rate.known, why not: */
	char projection_withheld[320];      /* the reason, one line; empty when rate.known */
	bool time_span_known;               /* some recorded event carried a timestamp */
	/* every event came from scenarios, whose requests are stamped 10 ms apart only to
	 * keep them in order: no time span is shown for them */
	bool scenarios_only;
	double time_span_seconds;           /* first to last: information, not the basis */
	char first_time[32], last_time[32]; /* RFC 3339 UTC; empty unless time_span_known */
	rotation_flags rotation;
	/* unlimited, or days and disk when rate.known; all zero (not unlimited) otherwise */
	retention retention;
	double price_per_gb;     /* negative: no cost line */
	double cost_per_30_days; /* when price_per_gb >= 0 and rate.known, else 0 */
	const sink *sinks[VOLUME_MAX_SINKS]; /* volume_set_sinks's; none: the log file */
	size_t sink_count;
	sink_cost sink_costs[VOLUME_MAX_SINKS]; /* one per sink when rate.known, else zero */
	bool rotation_applies; /* no sinks, or one is kube-apiserver's own files */
} volume_figures;

/* What the volumes of several policies fed the same events can work out once per event
 * instead of once per policy (compare, report, diff): the event's parsed timestamps and,
 * for the four top tables, a dense id per name, so that each volume finds a name's row
 * with an array index after its first line instead of hashing the name again (issue 16).
 * Every figure comes out exactly as without it: a volume remembers, per id, the row (or
 * "(other)") its own table gave the name, and its table never moves or drops a name. */
typedef struct volume_shared volume_shared;

volume_shared *volume_shared_new(void);
void volume_shared_free(volume_shared *s);
/* The event the volumes see next (volume_note_event, then volume_add_line for the lines
 * built from it): what is worked out is kept until the next call. Lines built from any
 * other event are counted the ordinary way. */
void volume_shared_begin_event(volume_shared *s, const audit_event *ev);
/* s must outlive v; before any event. */
void volume_use_shared(volume *v, volume_shared *s);

/* Fills *out from a finished volume (volume_finish); sorts the top tables, so it costs
 * one pass over VOLUME_TOP_SLOTS per table. */
void volume_figures_of(const volume *v, volume_figures *out);

#endif
