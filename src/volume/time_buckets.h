/* time_buckets: bytes written per minute of the recording, for the report's "bytes over
 * time" chart. Fed one written line at a time (volume_line) with the stage
 * timestamp of the recorded event it came from; lines whose event has no usable
 * timestamp are counted apart.
 *
 * Memory grows with the number of distinct minutes seen, capped at TIME_BUCKETS_MAX
 * (about two years): later minutes are counted as untimed, so hostile timestamps cannot
 * make the table grow without bound. */
#ifndef AUDITSIM_TIME_BUCKETS_H
#define AUDITSIM_TIME_BUCKETS_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "volume.h"

#define TIME_BUCKETS_MAX (1u << 20)

typedef struct {
	int64_t start;  /* seconds since the epoch, a multiple of the bucket width */
	uint64_t bytes; /* written and modelled */
	uint64_t events;
} time_bucket;

typedef struct {
	time_bucket *buckets; /* start ascending, every bucket of the span (empty ones too) */
	size_t count;
	int64_t width; /* 60 (per minute) or 3600 (per hour) */
	uint64_t untimed_bytes;
} time_series;

typedef struct time_buckets time_buckets;

time_buckets *time_buckets_new(void);
void time_buckets_free(time_buckets *tb);

/* Adds bytes and events at the time of the event (stageTimestamp, else timestamp). */
void time_buckets_add(time_buckets *tb, const audit_event *ev, uint64_t bytes, uint64_t events);

/* Adds one written line (and its modelled part) at its event's time. */
void time_buckets_add_line(time_buckets *tb, const volume_line *line);

/* The series, per minute when the recording spans at most max_points minutes, else per
 * hour (hours beyond max_points are summed into the last shown). Returns a series the
 * caller frees with time_series_free. */
time_series time_buckets_series(const time_buckets *tb, size_t max_points);
void time_series_free(time_series *s);

#endif
