/* duration: lengths of time as people write them on a command line or in a scenario —
 * Go's time.ParseDuration syntax ("90s", "30m", "1h30m", "1.5h", "250ms"; units ns, us,
 * µs, ms, s, m, h), plus "d" for days of 24 hours ("7d") — and back to text. Pure
 * functions: no allocation, no state, cost linear in the text. */
#ifndef AUDITSIM_DURATION_H
#define AUDITSIM_DURATION_H

#include <stdbool.h>
#include <stddef.h>

/* Seconds of a positive duration. On failure returns false with *why set to a static
 * phrase that completes "--duration: \"TEXT\" ..." (e.g. "is negative"); *seconds is then
 * untouched. Zero, negative, unit-less ("30"), unknown units and non-finite sums fail. */
bool duration_parse(const char *text, double *seconds, const char **why);

/* duration_parse for a length of traffic (--duration, a scenario's period:): also refuses
 * anything under a second, which cannot stand for a rate. */
bool duration_parse_traffic(const char *text, double *seconds, const char **why);

/* seconds as the shortest of Go's forms that rounds to the millisecond: "10m", "1h30m",
 * "24h", "12.5s", "0s" for 0 or less. Returns buf; cap of 32 holds any value. */
const char *duration_format(double seconds, char *buf, size_t cap);

#endif
