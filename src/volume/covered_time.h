/* covered_time: how much time a recording covers — the sum of the gaps between
 * time-consecutive events, leaving out every gap longer than max_gap (a recording with
 * the apiserver down for a night, or nine logs from different years, covers only the
 * stretches it has events in). Events may come in any order (several logs, several
 * apiservers): each one extends or joins the stretches within max_gap of it.
 *
 * Memory is fixed at covered_time_init: at most `cap` stretches are kept (24 bytes
 * each). When one more would not fit, the two nearest stretches become one that keeps
 * its inner gap uncounted; the figure stays exact while events come in time order (a
 * later event never falls in such a gap) and is flagged approximate otherwise, where an
 * event landing in a kept-out gap adds nothing. Cost per event: one look at the stretch
 * the previous event touched, else a binary search; a new stretch moves the later ones
 * (at most cap) and, at the cap, one pass to find the nearest pair. */
#ifndef AUDITSIM_COVERED_TIME_H
#define AUDITSIM_COVERED_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	double start, end;   /* first and last event time in it */
	double uncovered;    /* gaps over max_gap inside it, from merging at the cap */
} covered_stretch;

typedef struct {
	double max_gap;          /* seconds; a gap of exactly max_gap is covered */
	covered_stretch *stretches; /* sorted by start, none within max_gap of the next */
	size_t count, cap;
	size_t last;             /* the stretch the previous event touched */
	bool merged_at_cap;      /* two stretches were joined for room */
	bool out_of_order;       /* an event came before the latest one seen */
	double latest;
	uint64_t points;
} covered_time;

/* cap of 2 or more; the stretches are allocated here. */
void covered_time_init(covered_time *c, double max_gap_seconds, size_t cap);
void covered_time_free(covered_time *c);

/* One event at t seconds. */
void covered_time_add(covered_time *c, double t);

/* A stretch another covered_time kept (a partial summary's), as if its events had come
 * here: joined with those it overlaps or comes within max_gap of. The flags are the
 * caller's to combine. */
void covered_time_add_stretch(covered_time *c, covered_stretch s);

/* The seconds covered: the stretches' lengths less their kept-out gaps. */
double covered_time_seconds(const covered_time *c);

/* Whether covered_time_seconds may be off: stretches were joined at the cap and events
 * came out of order, so one may have fallen into a kept-out gap. */
bool covered_time_approximate(const covered_time *c);

#endif
