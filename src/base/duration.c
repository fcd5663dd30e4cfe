/* duration: see duration.h. */
#include "duration.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
	const char *name;
	double seconds;
} duration_unit;

/* Longest names first where one is a prefix of another ("ms" before "m"). */
static const duration_unit units[] = {
	{ "ns", 1e-9 }, { "us", 1e-6 }, { "\xc2\xb5s", 1e-6 }, { "\xce\xbcs", 1e-6 },
	{ "ms", 1e-3 }, { "s", 1 },     { "m", 60 },           { "h", 3600 },
	{ "d", 86400 },
};

/* The unit text starts with; NULL when none. Sets *len to its length. */
static const duration_unit *unit_at(const char *text, size_t *len)
{
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t n = strlen(units[i].name);
		if (strncmp(text, units[i].name, n) == 0) {
			*len = n;
			return &units[i];
		}
	}
	return NULL;
}

/* One "1.5h" term at *at: its digits, fraction and unit; moves *at past it. */
static bool parse_term(const char **at, double *seconds, const char **why)
{
	const char *p = *at;
	double value = 0;
	bool any_digit = false;
	for (; *p >= '0' && *p <= '9'; p++, any_digit = true)
		value = value * 10 + (*p - '0');
	if (*p == '.') {
		double scale = 1;
		for (p++; *p >= '0' && *p <= '9'; p++, any_digit = true)
			value += (*p - '0') * (scale /= 10);
	}
	if (!any_digit) {
		*why = "is not a duration (e.g. 90s, 30m, 1h30m, 24h, 7d)";
		return false;
	}
	size_t len;
	const duration_unit *u = unit_at(p, &len);
	if (!u) {
		*why = *p ? "has an unknown unit (ns, us, ms, s, m, h, d)"
		          : "has no unit (e.g. 90s, 30m, 1h30m, 24h, 7d)";
		return false;
	}
	*seconds = value * u->seconds;
	*at = p + len;
	return true;
}

bool duration_parse(const char *text, double *seconds, const char **why)
{
	const char *p = text;
	if (*p == '-') {
		*why = "is negative: a duration is a positive length of time";
		return false;
	}
	if (*p == '+')
		p++;
	if (!*p) {
		*why = "is empty (e.g. 90s, 30m, 1h30m, 24h, 7d)";
		return false;
	}
	double total = 0;
	while (*p) {
		double term;
		if (!parse_term(&p, &term, why))
			return false;
		total += term;
	}
	if (!isfinite(total)) {
		*why = "is too long";
		return false;
	}
	if (!(total > 0)) {
		*why = "is zero: a duration is a positive length of time";
		return false;
	}
	*seconds = total;
	return true;
}

const char *duration_format(double seconds, char *buf, size_t cap)
{
	long long ms = seconds > 0 && seconds < 9e15 ? (long long)(seconds * 1000 + 0.5) : 0;
	long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, frac = ms % 1000;
	size_t used = 0;
	buf[0] = '\0';
	if (h)
		used += (size_t)snprintf(buf + used, cap - used, "%lldh", h);
	if (m && used < cap)
		used += (size_t)snprintf(buf + used, cap - used, "%lldm", m);
	if ((s || frac || !ms) && used < cap) {
		if (frac) {
			char digits[8];
			snprintf(digits, sizeof digits, "%03lld", frac);
			for (size_t n = strlen(digits); n > 0 && digits[n - 1] == '0'; n--)
				digits[n - 1] = '\0';
			snprintf(buf + used, cap - used, "%lld.%ss", s, digits);
		} else {
			snprintf(buf + used, cap - used, "%llds", s);
		}
	}
	return buf;
}

bool duration_parse_traffic(const char *text, double *seconds, const char **why)
{
	double s;
	if (!duration_parse(text, &s, why))
		return false;
	if (s < 1) {
		*why = "is under a second: give how long the traffic lasted";
		return false;
	}
	*seconds = s;
	return true;
}
