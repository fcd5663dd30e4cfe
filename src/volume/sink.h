/* sink: what a destination of the audit log charges for a projected rate of lines — the
 * unit (GB or GiB), ingestion by volume tiers after a free allowance, retention beyond
 * the days included, and the record envelope each event costs beyond its JSON line.
 * The figures come from a sink table (sink_table.h; data/sinks.yaml states every rule).
 * A month is 30 days, as the rest of the volume figures count it ("per 30 days").
 * Pure: no allocation, no state, cost proportional to the number of tiers. */
#ifndef AUDITSIM_SINK_H
#define AUDITSIM_SINK_H

#include <stdbool.h>
#include <stddef.h>

#define SINK_DAYS_PER_MONTH 30.0
#define SINK_MAX_TIERS 8

typedef enum { SINK_UNIT_GB, SINK_UNIT_GIB } sink_unit;

/* What retention is charged on: the billed size, or that compressed (gzip ratio). */
typedef enum { SINK_STORED_BILLED, SINK_STORED_GZIP } sink_stored_size;

typedef struct {
	double up_to; /* units per month this tier reaches; INFINITY on the last */
	double price; /* per unit */
} sink_tier;

typedef struct {
	char *name;
	char *description; /* may be NULL */
	char currency[8];
	sink_unit unit;
	sink_tier tiers[SINK_MAX_TIERS]; /* up_to increasing, the last INFINITY */
	size_t tier_count;               /* at least 1 */
	double free_units_per_month;
	double included_retention_days;
	double retention_price_per_unit_month;
	sink_stored_size stored_size;
	double bytes_per_event; /* the record envelope; may be negative (never below 0 billed) */
	bool rotation;          /* kube-apiserver's own files: the --audit-log-* flags apply */
} sink;

/* A projected day of the emitted log, and the overrides. */
typedef struct {
	double events_per_day;
	double bytes_per_day;      /* JSON lines, newline included */
	double gzip_bytes_per_day; /* the same lines gzip-compressed */
	double retention_days;     /* days kept; negative: the sink's included days */
	double price_per_gb;       /* replaces the tiers (free allowance kept); negative: none */
} sink_usage;

typedef struct {
	const char *name;     /* the sink's */
	const char *unit;     /* "GB" or "GiB" */
	const char *currency; /* the sink's */
	double units_per_month; /* billed: lines and envelope, before the free allowance */
	double ingestion_cost_per_month;
	double retention_cost_per_month;
	double cost_per_month;
	double retention_days; /* days kept, as priced */
} sink_cost;

/* "GB" or "GiB". */
const char *sink_unit_name(sink_unit unit);
/* Bytes in one unit: 10^9 or 2^30. */
double sink_unit_bytes(sink_unit unit);

/* What u costs a month at s. The result borrows s's strings. */
sink_cost sink_cost_of(const sink *s, const sink_usage *u);

#endif
