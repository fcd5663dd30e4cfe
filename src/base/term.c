/* term: see term.h. */
#include "term.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

bool term_escapes(FILE *out)
{
	const char *term = getenv("TERM");
	bool dumb = term && strcmp(term, "dumb") == 0; /* a terminal that knows no escapes */
	return isatty(fileno(out)) == 1 && !dumb;
}

bool term_colour(FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	return term_escapes(out) && !(no_color && *no_color);
}

size_t term_width(FILE *out)
{
	if (isatty(fileno(out)) != 1)
		return 0;
	const char *columns = getenv("COLUMNS");
	if (columns && *columns) {
		char *end;
		unsigned long n = strtoul(columns, &end, 10);
		if (!*end && n > 0 && n < 100000)
			return n;
	}
	struct winsize ws;
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

static size_t total_width(const int *widths, size_t n, int gap)
{
	size_t total = 0, shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (widths[i] > 0) {
			total += (size_t)widths[i];
			shown++;
		}
	}
	return total + (shown ? (shown - 1) * (size_t)gap : 0);
}

/* The droppable column still shown with the lowest drop order, or n. */
static size_t next_to_drop(const term_column *cols, size_t n, const int *widths)
{
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		if (widths[i] > 0 && cols[i].drop_order > 0 &&
		    (best == n || cols[i].drop_order < cols[best].drop_order))
			best = i;
	}
	return best;
}

static size_t widest_squeezable(const term_column *cols, size_t n, const int *widths)
{
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		if (widths[i] > cols[i].min && (best == n || widths[i] > widths[best]))
			best = i;
	}
	return best;
}

void term_fit_columns(const term_column *cols, size_t n, size_t width, int gap, int *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = cols[i].natural;
	if (width == 0)
		return;
	size_t i;
	while (total_width(out, n, gap) > width && (i = next_to_drop(cols, n, out)) < n)
		out[i] = 0;
	while (total_width(out, n, gap) > width && (i = widest_squeezable(cols, n, out)) < n)
		out[i]--;
}
