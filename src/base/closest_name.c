/* closest_name: see closest_name.h. */
#include "closest_name.h"

#include <stdint.h>
#include <string.h>

#define MAX_NAME 63

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;
	return m < c ? m : c;
}

size_t name_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > MAX_NAME || m > MAX_NAME)
		return SIZE_MAX;
	size_t d[MAX_NAME + 1][MAX_NAME + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			/* a swap of two neighbours ("replya") is one mistake, not two */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[n][m];
}

const char *closest_name(const char *name, const char *const *candidates, size_t count)
{
	size_t allowed = strlen(name) <= 4 ? 1 : 2;
	const char *best = NULL;
	size_t best_distance = SIZE_MAX;
	for (size_t i = 0; i < count; i++) {
		if (!candidates[i])
			continue;
		size_t d = name_distance(name, candidates[i]);
		if (d == 0)
			return NULL;
		if (d <= allowed && d < best_distance) {
			best = candidates[i];
			best_distance = d;
		}
	}
	return best;
}
