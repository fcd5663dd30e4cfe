/* projection: see projection.h. */
#include "projection.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"

#define DEFAULT_MAX_GAP_SECONDS 600.0

projection_options projection_default_options(void)
{
	return (projection_options){ .max_gap_seconds = DEFAULT_MAX_GAP_SECONDS, .scale = 1 };
}

const char *projection_basis_name(projection_basis basis)
{
	static const char *const names[] = { "timestamps", "duration", "period" };
	return names[basis];
}

/* The basis the input and options give, or why there is none. */
static projection_withheld choose_basis(const projection_input *in,
                                        const projection_options *opts, projection *p)
{
	if (opts->duration_seconds > 0) {
		p->basis = PROJECTION_DURATION;
		p->basis_seconds = opts->duration_seconds;
		return PROJECTION_GIVEN;
	}
	if (in->scenario_events && in->recorded_events)
		return WITHHELD_MIXED;
	if (in->scenario_events) {
		if (in->scenario_without_period)
			return WITHHELD_NO_PERIOD;
		if (in->periods_differ)
			return WITHHELD_PERIODS_DIFFER;
		p->basis = PROJECTION_PERIOD;
		p->basis_seconds = in->period_seconds;
		return PROJECTION_GIVEN;
	}
	p->basis = PROJECTION_TIMESTAMPS;
	p->basis_seconds = in->covered_seconds;
	p->approximate = in->covered_approximate;
	if (in->covered_seconds < PROJECTION_MIN_SECONDS || in->requests < PROJECTION_MIN_REQUESTS)
		return WITHHELD_THIN;
	return PROJECTION_GIVEN;
}

projection projection_of(const projection_input *in, const projection_options *opts)
{
	projection p = { .requests = in->requests,
		         .scale = opts->scale,
		         .max_gap_seconds = opts->max_gap_seconds };
	p.withheld = choose_basis(in, opts, &p);
	if (p.withheld != PROJECTION_GIVEN || !(p.basis_seconds > 0)) {
		p.withheld = p.withheld == PROJECTION_GIVEN ? WITHHELD_THIN : p.withheld;
		return p;
	}
	p.known = true;
	/* per day of the input first, then scaled: scale N is exactly N times scale 1 */
	double days = p.basis_seconds / PROJECTION_DAY;
	p.events_per_day = (double)in->events / days * opts->scale;
	p.bytes_per_day = (double)in->bytes / days * opts->scale;
	p.gzip_bytes_per_day = (double)in->gzip_bytes / days * opts->scale;
	p.events_per_second = p.events_per_day / PROJECTION_DAY;
	p.gb_per_day = p.bytes_per_day / PROJECTION_GB;
	p.gb_per_30_days = p.gb_per_day * 30.0;
	return p;
}

const char *projection_number(double value, char *buf, size_t cap)
{
	if (value < 100 && value != (double)(long long)value) {
		snprintf(buf, cap, "%.1f", value);
		return buf;
	}
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%.0f", value);
	size_t at = 0;
	for (int i = 0; i < n && at + 1 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0 && at + 2 < cap)
			buf[at++] = ',';
		buf[at++] = digits[i];
	}
	buf[at] = '\0';
	return buf;
}

const char *projection_withheld_reason(const projection *p, char *buf, size_t cap)
{
	char seconds[32], requests[32];
	switch (p->withheld) {
	case WITHHELD_THIN:
		snprintf(buf, cap,
		         "only %s s of traffic and %s request%s (need %.0f s and %d requests); "
		         "pass --duration D if you know what the recording covers",
		         projection_number(p->basis_seconds, seconds, sizeof seconds),
		         projection_number((double)p->requests, requests, sizeof requests),
		         p->requests == 1 ? "" : "s",
		         PROJECTION_MIN_SECONDS, PROJECTION_MIN_REQUESTS);
		break;
	case WITHHELD_NO_PERIOD:
		snprintf(buf, cap, "a scenario without `period:` stands for no length of time; "
		                   "declare one in it (e.g. period: 24h) or pass --duration D");
		break;
	case WITHHELD_PERIODS_DIFFER:
		snprintf(buf, cap, "the scenarios declare different periods; "
		                   "pass --duration D for what they stand for together");
		break;
	case WITHHELD_MIXED:
		snprintf(buf, cap, "scenarios and recordings together have no common length of "
		                   "time; pass --duration D");
		break;
	case PROJECTION_GIVEN: snprintf(buf, cap, "%s", ""); break;
	}
	return buf;
}

const char *projection_basis_text(const projection *p, char *buf, size_t cap)
{
	char seconds[32], requests[32], span[32], how[96];
	switch (p->basis) {
	case PROJECTION_TIMESTAMPS:
		snprintf(how, sizeof how, "timestamps, gaps over %s left out%s",
		         duration_format(p->max_gap_seconds, span, sizeof span),
		         p->approximate ? ", approximate" : "");
		break;
	case PROJECTION_DURATION:
		snprintf(how, sizeof how, "--duration %s",
		         duration_format(p->basis_seconds, span, sizeof span));
		break;
	case PROJECTION_PERIOD:
		snprintf(how, sizeof how, "scenario period %s",
		         duration_format(p->basis_seconds, span, sizeof span));
		break;
	}
	snprintf(buf, cap, "from %s s of traffic (%s), %s request%s, scale %g",
	         projection_number(p->basis_seconds, seconds, sizeof seconds), how,
	         projection_number((double)p->requests, requests, sizeof requests),
	         p->requests == 1 ? "" : "s", p->scale);
	return buf;
}
