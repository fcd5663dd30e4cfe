/* sink_output: the priced sinks as replay shows them — one text line per sink with the
 * basis of its price, and the JSON array volume.sinks[] (README: replay -o json). */
#ifndef AUDITSIM_SINK_OUTPUT_H
#define AUDITSIM_SINK_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "sink.h"

/* "sink NAME: U UNIT per 30 days billed, I ingestion + R retention = C CUR per 30 days
 * (basis)", the basis being the price or tiers, the free allowance, the envelope and the
 * days kept. price_per_gb >= 0: the tiers were replaced by --price-per-gb. */
void sink_print_text(const sink *s, const sink_cost *c, double price_per_gb, FILE *out);

/* {"name","unit","unitsPerMonth","ingestionCostPerMonth","retentionCostPerMonth",
 *  "costPerMonth","currency"}; the caller owns the reference. */
json_t *sink_cost_json(const sink_cost *c);

#endif
