/* timestamp: see timestamp.h. */
#include "timestamp.h"

#include <time.h>

static bool digits(const char *p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

bool timestamp_seconds(span ts, double *out)
{
	int y, mo, d, h, mi, s;
	const char *p = ts.ptr;
	if (ts.len < 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' ||
	    p[16] != ':' || p[ts.len - 1] != 'Z' || !digits(p, 4, &y) || !digits(p + 5, 2, &mo) ||
	    !digits(p + 8, 2, &d) || !digits(p + 11, 2, &h) || !digits(p + 14, 2, &mi) ||
	    !digits(p + 17, 2, &s))
		return false;
	double frac = 0, scale = 0.1;
	if (ts.len > 20) {
		if (p[19] != '.')
			return false;
		for (size_t i = 20; i < ts.len - 1; i++, scale /= 10) {
			if (p[i] < '0' || p[i] > '9')
				return false;
			frac += (p[i] - '0') * scale;
		}
	}
	*out = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s + frac;
	return true;
}

void timestamp_format(double seconds, char *buf, size_t cap)
{
	time_t t = (time_t)seconds; /* timestamps here are after 1970: truncation is floor */
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
