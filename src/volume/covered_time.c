/* covered_time: see covered_time.h. */
#include "covered_time.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void covered_time_init(covered_time *c, double max_gap_seconds, size_t cap)
{
	*c = (covered_time){ .max_gap = max_gap_seconds, .cap = cap < 2 ? 2 : cap };
	c->stretches = xcalloc(c->cap, sizeof *c->stretches);
}

void covered_time_free(covered_time *c)
{
	free(c->stretches);
	c->stretches = NULL;
}

/* Whether t is within max_gap of stretch s (or inside it). */
static bool near(const covered_time *c, const covered_stretch *s, double t)
{
	return t >= s->start - c->max_gap && t <= s->end + c->max_gap;
}

/* The first stretch whose end + max_gap is at or after t: where t belongs or goes. */
static size_t first_not_before(const covered_time *c, double t)
{
	size_t lo = 0, hi = c->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->stretches[mid].end + c->max_gap < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Joins stretch i and i+1 into i; the gap between them counts as covered only when it
 * is within max_gap. */
static void join_next(covered_time *c, size_t i)
{
	covered_stretch *a = &c->stretches[i], *b = &c->stretches[i + 1];
	double gap = b->start - a->end;
	a->uncovered += b->uncovered + (gap > c->max_gap ? gap : 0);
	if (b->end > a->end)
		a->end = b->end;
	memmove(b, b + 1, (c->count - i - 2) * sizeof *b);
	c->count--;
}

/* Joins the two stretches with the smallest gap between them, to make room. */
static void join_nearest(covered_time *c)
{
	size_t best = 0;
	for (size_t i = 1; i + 1 < c->count; i++)
		if (c->stretches[i + 1].start - c->stretches[i].end <
		    c->stretches[best + 1].start - c->stretches[best].end)
			best = i;
	join_next(c, best);
	c->merged_at_cap = true;
}

/* t lies within max_gap of stretch i: widen it to t, and join the neighbours it now
 * reaches. Returns the index of the widened stretch. */
static size_t widen(covered_time *c, size_t i, double t)
{
	covered_stretch *s = &c->stretches[i];
	if (t > s->end) {
		s->end = t;
		if (i + 1 < c->count && c->stretches[i + 1].start - t <= c->max_gap)
			join_next(c, i);
	} else if (t < s->start) {
		s->start = t;
		if (i > 0 && t - c->stretches[i - 1].end <= c->max_gap) {
			join_next(c, i - 1);
			i--;
		}
	}
	return i;
}

static size_t insert(covered_time *c, size_t at, double t)
{
	memmove(&c->stretches[at + 1], &c->stretches[at], (c->count - at) * sizeof *c->stretches);
	c->stretches[at] = (covered_stretch){ t, t, 0 };
	c->count++;
	return at;
}

/* Widens the stretch t belongs to, or says where a new one goes (*at). */
static bool widen_near(covered_time *c, double t, size_t *at)
{
	*at = first_not_before(c, t);
	if (*at < c->count && near(c, &c->stretches[*at], t)) {
		c->last = widen(c, *at, t);
		return true;
	}
	return false;
}

void covered_time_add(covered_time *c, double t)
{
	if (c->points && t < c->latest)
		c->out_of_order = true;
	if (!c->points || t > c->latest)
		c->latest = t;
	c->points++;
	if (c->last < c->count && near(c, &c->stretches[c->last], t)) {
		c->last = widen(c, c->last, t);
		return;
	}
	size_t at;
	if (widen_near(c, t, &at))
		return;
	if (c->count == c->cap) {
		join_nearest(c); /* t may now fall inside the joined stretch */
		if (widen_near(c, t, &at))
			return;
	}
	c->last = insert(c, at, t);
}

/* The first stretch that starts after t. */
static size_t first_after(const covered_time *c, double t)
{
	size_t lo = 0, hi = c->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->stretches[mid].start <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void covered_time_add_stretch(covered_time *c, covered_stretch s)
{
	if (c->count == c->cap)
		join_nearest(c);
	size_t at = first_after(c, s.start);
	memmove(&c->stretches[at + 1], &c->stretches[at], (c->count - at) * sizeof *c->stretches);
	c->stretches[at] = s;
	c->count++;
	/* sorted by start again: join it with the one before when that one reaches it, then
	 * with every later one it reaches */
	if (at > 0 && s.start - c->stretches[at - 1].end <= c->max_gap)
		join_next(c, --at);
	while (at + 1 < c->count && c->stretches[at + 1].start - c->stretches[at].end <= c->max_gap)
		join_next(c, at);
	c->last = at;
}

double covered_time_seconds(const covered_time *c)
{
	double sum = 0;
	for (size_t i = 0; i < c->count; i++)
		sum += c->stretches[i].end - c->stretches[i].start - c->stretches[i].uncovered;
	return sum;
}

bool covered_time_approximate(const covered_time *c) { return c->merged_at_cap && c->out_of_order; }
