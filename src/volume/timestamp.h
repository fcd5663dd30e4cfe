/* timestamp: RFC 3339 UTC timestamps, as audit events carry them, to and from seconds since
 * the epoch. Pure functions: no allocation, no global state, cost linear in the text. */
#ifndef AUDITSIM_TIMESTAMP_H
#define AUDITSIM_TIMESTAMP_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

/* Seconds since the epoch of an RFC 3339 UTC timestamp ("…Z", any fraction); false when
 * it has another shape. */
bool timestamp_seconds(span ts, double *out);

/* Writes seconds (after 1970) as "YYYY-MM-DDTHH:MM:SSZ" into buf, the fraction dropped;
 * cap of 21 or more holds it whole. */
void timestamp_format(double seconds, char *buf, size_t cap);

#endif
