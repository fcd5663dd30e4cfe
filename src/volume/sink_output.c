/* sink_output: see sink_output.h. */
#include "sink_output.h"

#include <math.h>

/* "2.3 USD/GB", or the tiers: "0.5 USD/GB to 10240 GB, 0.25 to 30720 GB, then 0.05". */
static void print_price(const sink *s, double price_per_gb, FILE *out)
{
	const char *unit = sink_unit_name(s->unit);
	if (price_per_gb >= 0) {
		fprintf(out, "%g %s/GB (--price-per-gb)", price_per_gb, s->currency);
		return;
	}
	if (s->tier_count == 1 && s->tiers[0].price == 0) {
		fputs("no list price: give one with --price-per-gb", out);
		return;
	}
	for (size_t i = 0; i < s->tier_count; i++) {
		const sink_tier *t = &s->tiers[i];
		if (i == 0)
			fprintf(out, "%g %s/%s", t->price, s->currency, unit);
		else
			fprintf(out, isinf(t->up_to) ? ", then %g" : ", %g", t->price);
		if (!isinf(t->up_to))
			fprintf(out, " to %g %s", t->up_to, unit);
	}
}

void sink_print_text(const sink *s, const sink_cost *c, double price_per_gb, FILE *out)
{
	fprintf(out, "sink %s: %.3f %s per 30 days billed, %.2f ingestion + %.2f retention = "
	             "%.2f %s per 30 days (",
	        c->name, c->units_per_month, c->unit, c->ingestion_cost_per_month,
	        c->retention_cost_per_month, c->cost_per_month, c->currency);
	print_price(s, price_per_gb, out);
	if (s->free_units_per_month > 0)
		fprintf(out, " after %g %s free", s->free_units_per_month, c->unit);
	if (s->bytes_per_event != 0)
		fprintf(out, "; %+g bytes per event for the record", s->bytes_per_event);
	if (s->rotation) /* the rotation flags decide what is kept, and it costs the disk */
		fputs("; kept as the --audit-log-* flags say", out);
	else
		fprintf(out, "; kept %g days, %g included", c->retention_days,
		        s->included_retention_days);
	if (!s->rotation && c->retention_days > s->included_retention_days)
		fprintf(out, ", then %g %s per %s-month%s", s->retention_price_per_unit_month,
		        s->currency, c->unit, s->stored_size == SINK_STORED_GZIP ? " of gzip size" : "");
	fputs(")\n", out);
}

json_t *sink_cost_json(const sink_cost *c)
{
	return json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:s}", "name", c->name, "unit", c->unit,
	                 "unitsPerMonth", c->units_per_month, "ingestionCostPerMonth",
	                 c->ingestion_cost_per_month, "retentionCostPerMonth",
	                 c->retention_cost_per_month, "costPerMonth", c->cost_per_month,
	                 "currency", c->currency);
}
