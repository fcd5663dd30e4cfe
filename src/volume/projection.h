/* projection: from what a recording (or scenario) holds to a rate per day — with the basis
 * it rests on stated, or withheld with the reason and what to pass. The basis is, in
 * order: --duration (the user says how long the traffic lasted); for scenarios alone
 * their `period:`; for recordings alone the time their timestamps cover (covered_time.h),
 * when that is at least PROJECTION_MIN_SECONDS and PROJECTION_MIN_REQUESTS. --scale
 * multiplies every per-day figure. Pure functions over plain values: no allocation, no
 * state, constant cost. GB means 10^9 bytes (RETENTION_GB). */
#ifndef AUDITSIM_PROJECTION_H
#define AUDITSIM_PROJECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROJECTION_GB 1e9 /* bytes in a GB, as rates, disk and cost count them */
#define PROJECTION_DAY 86400.0

/* What a projection per day is computed from (README: "projection"). */
typedef enum {
	PROJECTION_TIMESTAMPS, /* the time the events' timestamps cover (covered_time.h) */
	PROJECTION_DURATION,   /* --duration: the user says how long the traffic lasted */
	PROJECTION_PERIOD,     /* the scenarios' `period:` (their counts are per period) */
} projection_basis;

/* Why no projection is given. */
typedef enum {
	PROJECTION_GIVEN,
	WITHHELD_THIN,           /* timestamps: under PROJECTION_MIN_SECONDS or _REQUESTS */
	WITHHELD_NO_PERIOD,      /* a scenario declares no period */
	WITHHELD_PERIODS_DIFFER, /* scenarios declare different periods */
	WITHHELD_MIXED,          /* scenarios and recordings together, no --duration */
} projection_withheld;

/* Below either, the timestamps are too thin a basis to project a day from. */
#define PROJECTION_MIN_SECONDS 60.0
#define PROJECTION_MIN_REQUESTS 100

/* What the user says about the traffic: --max-gap, --duration, --scale. */
typedef struct {
	double max_gap_seconds;  /* gaps longer than this are not traffic; default 600 */
	double duration_seconds; /* --duration; 0: from the period or the timestamps */
	double scale;            /* the traffic is this many times the input's; default 1 */
} projection_options;

projection_options projection_default_options(void);

/* What was read and measured, for projection_of. */
typedef struct {
	uint64_t events, bytes, gzip_bytes; /* written lines; bytes and gzip with modelled bodies */
	uint64_t requests;                  /* replayed, logged or not */
	double covered_seconds;             /* covered_time_seconds of the events */
	bool covered_approximate;
	uint64_t recorded_events, scenario_events;
	bool scenario_without_period, periods_differ;
	double period_seconds; /* the scenarios' one period; 0 when none */
} projection_input;

typedef struct {
	bool known;                   /* a projection is given; else `withheld` says why */
	projection_withheld withheld; /* PROJECTION_GIVEN when known */
	projection_basis basis;
	double basis_seconds;   /* the time the input stands for (for WITHHELD_THIN: covered) */
	bool approximate;       /* timestamps: covered_time_approximate */
	double max_gap_seconds; /* timestamps: the --max-gap used */
	uint64_t requests;
	double scale;
	/* per day, scale applied; 0 unless known */
	double events_per_day, bytes_per_day, gzip_bytes_per_day;
	double events_per_second, gb_per_day, gb_per_30_days;
} projection;

/* The projection per day, or why there is none: --duration first; then, for scenarios
 * alone, their period; for recordings alone, the covered time when it reaches
 * PROJECTION_MIN_SECONDS and PROJECTION_MIN_REQUESTS. The per-day figures are the
 * input's per day times scale (so --scale N gives exactly N times scale 1's). */
projection projection_of(const projection_input *in, const projection_options *opts);

const char *projection_basis_name(projection_basis basis); /* "timestamps", ... */

/* One line for a withheld projection: why, and what to pass ("12.0 s of traffic and 22
 * requests is too thin ... pass --duration D ..."). Returns buf. */
const char *projection_withheld_reason(const projection *p, char *buf, size_t cap);

/* One line for a given one: "from 2,039 s of traffic (timestamps, gaps over 10m left out),
 * 437 requests, scale 1". Returns buf. */
const char *projection_basis_text(const projection *p, char *buf, size_t cap);

/* "1,234,567", "22" and "12.5" (one decimal for a fraction under 100): numbers as the
 * projection lines show them. Returns buf (32 bytes hold any). */
const char *projection_number(double value, char *buf, size_t cap);

#endif
