/* sink: see sink.h. */
#include "sink.h"

#include <math.h> /* INFINITY */

#define BYTES_PER_GB 1e9
#define BYTES_PER_GIB 1073741824.0

const char *sink_unit_name(sink_unit unit) { return unit == SINK_UNIT_GIB ? "GiB" : "GB"; }
double sink_unit_bytes(sink_unit unit) { return unit == SINK_UNIT_GIB ? BYTES_PER_GIB : BYTES_PER_GB; }

static double at_least_zero(double x) { return x > 0 ? x : 0; }
static double smaller(double a, double b) { return a < b ? a : b; }
static double larger(double a, double b) { return a > b ? a : b; }

/* The bytes a day bills: each line and its event's envelope, never below nothing. */
static double billed_bytes_per_day(const sink *s, const sink_usage *u)
{
	return at_least_zero(u->bytes_per_day + u->events_per_day * s->bytes_per_event);
}

/* The month's units past the free allowance, each priced by the tier it falls in: the
 * tiers count every unit of the month, the free ones (the first) included. */
static double tiered_cost(const sink_tier *tiers, size_t count, double free_units, double units)
{
	double cost = 0, low = 0;
	for (size_t i = 0; i < count; i++) {
		double high = tiers[i].up_to;
		cost += tiers[i].price * at_least_zero(smaller(units, high) - larger(free_units, low));
		low = high;
	}
	return cost;
}

static double ingestion_cost(const sink *s, const sink_usage *u, double units)
{
	if (u->price_per_gb < 0)
		return tiered_cost(s->tiers, s->tier_count, s->free_units_per_month, units);
	sink_tier flat = { INFINITY, u->price_per_gb * sink_unit_bytes(s->unit) / BYTES_PER_GB };
	return tiered_cost(&flat, 1, s->free_units_per_month, units);
}

/* Steady state: every day's data is kept retention_days, so the data past the included
 * days is always (days - included) days of it, paid for each month it is held. */
static double retention_cost(const sink *s, const sink_usage *u, double billed_per_day,
                             double days)
{
	double stored_per_day = billed_per_day;
	if (s->stored_size == SINK_STORED_GZIP && u->bytes_per_day > 0)
		stored_per_day *= u->gzip_bytes_per_day / u->bytes_per_day;
	double paid_days = at_least_zero(days - s->included_retention_days);
	return stored_per_day / sink_unit_bytes(s->unit) * paid_days *
	       s->retention_price_per_unit_month;
}

sink_cost sink_cost_of(const sink *s, const sink_usage *u)
{
	double billed = billed_bytes_per_day(s, u);
	double days = u->retention_days >= 0 ? u->retention_days : s->included_retention_days;
	sink_cost c = { .name = s->name,
		        .unit = sink_unit_name(s->unit),
		        .currency = s->currency,
		        .units_per_month = billed * SINK_DAYS_PER_MONTH / sink_unit_bytes(s->unit),
		        .retention_days = days };
	c.ingestion_cost_per_month = ingestion_cost(s, u, c.units_per_month);
	c.retention_cost_per_month = retention_cost(s, u, billed, days);
	c.cost_per_month = c.ingestion_cost_per_month + c.retention_cost_per_month;
	return c;
}
