/* time_buckets: an open-addressing hash from minute to totals; the series is built by
 * sorting the occupied slots, so events may arrive in any order. */
#include "time_buckets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"
#include "xalloc.h"

typedef struct {
	int64_t minute;
	uint64_t bytes, events;
	unsigned char used;
} slot;

struct time_buckets {
	slot *slots;
	size_t capacity; /* a power of two */
	size_t used;
	uint64_t untimed_bytes;
};

time_buckets *time_buckets_new(void)
{
	time_buckets *tb = xcalloc(1, sizeof *tb);
	tb->capacity = 256;
	tb->slots = xcalloc(tb->capacity, sizeof *tb->slots);
	return tb;
}

void time_buckets_free(time_buckets *tb)
{
	if (!tb)
		return;
	free(tb->slots);
	free(tb);
}

static size_t slot_index(int64_t minute, size_t capacity)
{
	uint64_t h = (uint64_t)minute * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 20) & (capacity - 1);
}

static slot *find_slot(slot *slots, size_t capacity, int64_t minute)
{
	size_t i = slot_index(minute, capacity);
	while (slots[i].used && slots[i].minute != minute)
		i = (i + 1) & (capacity - 1);
	return &slots[i];
}

/* Doubles the table when it is half full, so probes stay short. */
static void grow(time_buckets *tb)
{
	size_t capacity = tb->capacity * 2;
	slot *slots = xcalloc(capacity, sizeof *slots);
	for (size_t i = 0; i < tb->capacity; i++) {
		if (tb->slots[i].used)
			*find_slot(slots, capacity, tb->slots[i].minute) = tb->slots[i];
	}
	free(tb->slots);
	tb->slots = slots;
	tb->capacity = capacity;
}

static bool event_minute(const audit_event *ev, int64_t *minute)
{
	double seconds;
	span ts = span_is_set(ev->stage_timestamp) ? ev->stage_timestamp : ev->timestamp;
	if (!span_is_set(ts) || !timestamp_seconds(ts, &seconds) || !isfinite(seconds))
		return false;
	*minute = (int64_t)floor(seconds / 60.0);
	return true;
}

void time_buckets_add(time_buckets *tb, const audit_event *ev, uint64_t bytes, uint64_t events)
{
	int64_t minute;
	if (!ev || !event_minute(ev, &minute)) {
		tb->untimed_bytes += bytes;
		return;
	}
	slot *s = find_slot(tb->slots, tb->capacity, minute);
	if (!s->used) {
		if (tb->used >= TIME_BUCKETS_MAX) {
			tb->untimed_bytes += bytes;
			return;
		}
		*s = (slot){ .minute = minute, .used = 1 };
		tb->used++;
	}
	s->bytes += bytes;
	s->events += events;
	if (tb->used * 2 > tb->capacity)
		grow(tb);
}

void time_buckets_add_line(time_buckets *tb, const volume_line *line)
{
	/* A line of modelled bytes only is not a line of its own: count no event for it. */
	uint64_t events = line->bytes ? 1 : 0;
	time_buckets_add(tb, line->ev, line->bytes + line->modelled_bytes, events);
}

static int by_minute(const void *a, const void *b)
{
	int64_t x = ((const slot *)a)->minute, y = ((const slot *)b)->minute;
	return (x > y) - (x < y);
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

time_series time_buckets_series(const time_buckets *tb, size_t max_points)
{
	time_series s = { .width = 60, .untimed_bytes = tb->untimed_bytes };
	if (tb->used == 0 || max_points == 0)
		return s;
	slot *sorted = xmalloc(tb->used * sizeof *sorted);
	size_t n = 0;
	for (size_t i = 0; i < tb->capacity; i++) {
		if (tb->slots[i].used)
			sorted[n++] = tb->slots[i];
	}
	qsort(sorted, n, sizeof *sorted, by_minute);
	int64_t per = 1; /* minutes per bucket */
	if ((uint64_t)(sorted[n - 1].minute - sorted[0].minute) >= max_points)
		per = 60;
	int64_t first = floor_div(sorted[0].minute, per);
	int64_t last = floor_div(sorted[n - 1].minute, per);
	uint64_t span_buckets = (uint64_t)(last - first) + 1;
	s.count = span_buckets < max_points ? (size_t)span_buckets : max_points;
	s.width = per * 60;
	s.buckets = xcalloc(s.count, sizeof *s.buckets);
	for (size_t i = 0; i < s.count; i++)
		s.buckets[i].start = (first + (int64_t)i) * s.width;
	for (size_t i = 0; i < n; i++) {
		uint64_t k = (uint64_t)(floor_div(sorted[i].minute, per) - first);
		if (k >= s.count)
			k = s.count - 1;
		s.buckets[k].bytes += sorted[i].bytes;
		s.buckets[k].events += sorted[i].events;
	}
	free(sorted);
	return s;
}

void time_series_free(time_series *s)
{
	free(s->buckets);
	*s = (time_series){ 0 };
}
