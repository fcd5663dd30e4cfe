/* report_svg: the report's charts, written as inline SVG so the page needs no script, no
 * font and no network. Every chart scales with its container (viewBox) and carries
 * <title> elements for tooltips and screen readers. Labels are HTML-escaped here. */
#ifndef AUDITSIM_REPORT_SVG_H
#define AUDITSIM_REPORT_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "time_buckets.h"

typedef struct {
	const char *label;  /* escaped when written */
	double value;       /* bytes */
	const char *colour; /* a CSS colour we choose, never input */
} svg_bar;

/* Horizontal bars, one row per entry, each labelled with its bytes and share of `total`
 * (0: the sum of the values). class_name marks the bars (`class="bar <class_name>"`). */
void svg_hbar_chart(FILE *out, const svg_bar *bars, size_t count, double total,
                    const char *class_name, const char *title);

/* Bytes per bucket over the recording: columns for up to 240 buckets, an area beyond,
 * with a byte scale on the left and UTC times below. */
void svg_time_chart(FILE *out, const time_series *series);

/* A small bar (120 x 10) filled to `fraction` (0..1), for table cells. */
void svg_share_bar(FILE *out, double fraction, const char *colour);

/* The largest "round" number (1, 2 or 5 times a power of ten) times 4 that is at least
 * max: the top of a scale with four gridlines. */
double nice_scale_top(double max);

#endif
