/* report_svg: bar and time charts as inline SVG. Geometry is computed in a fixed
 * viewBox and the browser scales it, so the numbers here are independent of the page. */
#include "report_svg.h"

#include <math.h>
#include <time.h>

#include "html_out.h"

#define HBAR_WIDTH 640
#define HBAR_LABEL 230
#define HBAR_VALUE 130
#define HBAR_ROW 22
#define HBAR_LABEL_CHARS 34 /* what fits left of the bars at 12px */

/* Writes at most HBAR_LABEL_CHARS characters of label (UTF-8 sequences kept whole),
 * ending with an ellipsis when cut; the full label is in the row's <title>. */
static void write_short_label(FILE *out, const char *label)
{
	size_t chars = 0, i = 0;
	while (label[i] && chars < HBAR_LABEL_CHARS) {
		i++;
		while ((label[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	html_escape(out, label, i);
	if (label[i])
		fputs("…", out);
}

double nice_scale_top(double max)
{
	if (!(max > 0))
		return 4;
	double step = max / 4;
	double power = pow(10, floor(log10(step)));
	static const double mults[] = { 1, 2, 2.5, 5, 10 };
	for (size_t i = 0; i < sizeof mults / sizeof mults[0]; i++) {
		if (mults[i] * power >= step)
			return 4 * mults[i] * power;
	}
	return 40 * power;
}

void svg_hbar_chart(FILE *out, const svg_bar *bars, size_t count, double total,
                    const char *class_name, const char *title)
{
	double max = 0, sum = 0;
	for (size_t i = 0; i < count; i++) {
		sum += bars[i].value;
		if (bars[i].value > max)
			max = bars[i].value;
	}
	if (!(total > 0))
		total = sum;
	unsigned height = (unsigned)(count ? count : 1) * HBAR_ROW + 4;
	fprintf(out, "<svg class=\"chart hbars\" viewBox=\"0 0 %d %u\" role=\"img\" aria-label=\"",
	        HBAR_WIDTH, height);
	html_escape_str(out, title);
	fputs("\">\n", out);
	const double track = HBAR_WIDTH - HBAR_LABEL - HBAR_VALUE;
	for (size_t i = 0; i < count; i++) {
		double y = (double)i * HBAR_ROW + 2;
		double w = max > 0 ? track * bars[i].value / max : 0;
		char size[24];
		format_bytes(size, sizeof size, bars[i].value);
		fprintf(out, "<g><title>");
		html_escape_str(out, bars[i].label);
		fprintf(out, ": %s</title>", size);
		fprintf(out, "<text x=\"%d\" y=\"%.1f\" class=\"label\" text-anchor=\"end\">",
		        HBAR_LABEL - 8, y + 15);
		write_short_label(out, bars[i].label);
		fprintf(out, "</text><rect class=\"bar %s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
		             "rx=\"2\" fill=\"%s\"/>",
		        class_name, HBAR_LABEL, y + 2, w < 1 && bars[i].value > 0 ? 1 : w, bars[i].colour);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"value\">%s · %.1f%%</text></g>\n",
		        HBAR_LABEL + w + 6, y + 15, size, total > 0 ? 100 * bars[i].value / total : 0);
	}
	fputs("</svg>\n", out);
}

void svg_share_bar(FILE *out, double fraction, const char *colour)
{
	if (!(fraction > 0))
		fraction = 0;
	if (fraction > 1)
		fraction = 1;
	fprintf(out, "<svg class=\"share\" viewBox=\"0 0 120 10\" width=\"120\" height=\"10\" "
	             "aria-hidden=\"true\"><rect width=\"120\" height=\"10\" fill=\"#eceff3\"/>"
	             "<rect class=\"fill\" width=\"%.2f\" height=\"10\" fill=\"%s\"/></svg>",
	        120 * fraction, colour);
}

/* --- time chart --- */

#define TC_WIDTH 1000
#define TC_HEIGHT 260
#define TC_LEFT 78
#define TC_RIGHT 12
#define TC_TOP 12
#define TC_BOTTOM 44
#define TC_MAX_COLUMNS 240

static void format_utc(char *buf, size_t cap, int64_t seconds, bool with_date)
{
	time_t t = (time_t)seconds;
	struct tm tm;
	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, cap, "?");
		return;
	}
	strftime(buf, cap, with_date ? "%Y-%m-%d %H:%M" : "%H:%M", &tm);
}

static void time_axis(FILE *out, const time_series *s, double plot_w, double base_y)
{
	size_t ticks = s->count < 6 ? s->count : 6;
	double step = plot_w / (double)s->count;
	for (size_t t = 0; t < ticks; t++) {
		size_t k = ticks > 1 ? t * (s->count - 1) / (ticks - 1) : 0;
		char label[32];
		/* the first label and any that crosses midnight carry the date */
		bool date = t == 0 || s->buckets[k].start / 86400 != s->buckets[0].start / 86400;
		format_utc(label, sizeof label, s->buckets[k].start, date);
		double x = TC_LEFT + step * ((double)k + 0.5);
		fprintf(out, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
		             "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n",
		        x, x, base_y, base_y + 5, x, base_y + 20,
		        t == 0 ? "start" : t + 1 == ticks ? "end" : "middle", label);
	}
	fprintf(out, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">UTC, %s per %s</text>\n",
	        TC_WIDTH - TC_RIGHT, TC_HEIGHT - 4, "bytes", s->width == 60 ? "minute" : "hour");
}

static void value_axis(FILE *out, double top, double plot_h)
{
	for (int g = 0; g <= 4; g++) {
		double y = TC_TOP + plot_h - plot_h * g / 4.0;
		char label[24];
		format_bytes(label, sizeof label, top * g / 4.0);
		fprintf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
		             "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
		        TC_LEFT, TC_WIDTH - TC_RIGHT, y, y, TC_LEFT - 6, y + 4, label);
	}
}

static void time_columns(FILE *out, const time_series *s, double top, double plot_w, double plot_h)
{
	double step = plot_w / (double)s->count;
	double gap = step > 6 ? step * 0.15 : 0;
	for (size_t i = 0; i < s->count; i++) {
		double h = plot_h * (double)s->buckets[i].bytes / top;
		char when[32], size[24];
		format_utc(when, sizeof when, s->buckets[i].start, true);
		format_bytes(size, sizeof size, (double)s->buckets[i].bytes);
		fprintf(out, "<rect class=\"bucket\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">"
		             "<title>%s UTC: %s, %llu event%s</title></rect>\n",
		        TC_LEFT + step * (double)i + gap / 2, TC_TOP + plot_h - h, step - gap, h, when, size,
		        (unsigned long long)s->buckets[i].events, s->buckets[i].events == 1 ? "" : "s");
	}
}

/* Too many buckets for columns: one filled outline through every bucket. */
static void time_area(FILE *out, const time_series *s, double top, double plot_w, double plot_h)
{
	double step = plot_w / (double)s->count, base = TC_TOP + plot_h;
	fprintf(out, "<path class=\"area\" d=\"M%d %.1f", TC_LEFT, base);
	for (size_t i = 0; i < s->count; i++)
		fprintf(out, " L%.2f %.2f", TC_LEFT + step * ((double)i + 0.5),
		        base - plot_h * (double)s->buckets[i].bytes / top);
	fprintf(out, " L%.1f %.1f Z\"/>\n", TC_LEFT + plot_w, base);
}

void svg_time_chart(FILE *out, const time_series *s)
{
	if (s->count == 0) {
		fputs("<p class=\"muted\">No event carries a usable timestamp.</p>\n", out);
		return;
	}
	double max = 0;
	for (size_t i = 0; i < s->count; i++)
		max = fmax(max, (double)s->buckets[i].bytes);
	double top = nice_scale_top(max);
	double plot_w = TC_WIDTH - TC_LEFT - TC_RIGHT, plot_h = TC_HEIGHT - TC_TOP - TC_BOTTOM;
	fprintf(out, "<svg class=\"chart timechart\" viewBox=\"0 0 %d %d\" role=\"img\" "
	             "aria-label=\"bytes over time\">\n",
	        TC_WIDTH, TC_HEIGHT);
	value_axis(out, top, plot_h);
	if (s->count <= TC_MAX_COLUMNS)
		time_columns(out, s, top, plot_w, plot_h);
	else
		time_area(out, s, top, plot_w, plot_h);
	fprintf(out, "<line class=\"baseline\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>\n", TC_LEFT,
	        TC_WIDTH - TC_RIGHT, TC_TOP + plot_h, TC_TOP + plot_h);
	time_axis(out, s, plot_w, TC_TOP + plot_h);
	fputs("</svg>\n", out);
}
