/* term: terminal manners shared by the commands — colour only on a terminal and never
 * with NO_COLOR (https://no-color.org: set and not empty) or TERM=dumb, the width a table
 * may take, and fitting a table's columns into it. */
#ifndef AUDITSIM_TERM_H
#define AUDITSIM_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when out is a terminal that understands escape sequences (TERM is not "dumb"):
 * what a redrawn progress line needs. */
bool term_escapes(FILE *out);
/* True when term_escapes(out) and NO_COLOR is unset or empty. */
bool term_colour(FILE *out);

/* The columns a table printed to out may use when out is a terminal: $COLUMNS when it is
 * a positive number, else the terminal's width (TIOCGWINSZ). Anything else (pipes, files)
 * gets 0: unlimited, whatever COLUMNS says, so scripts see the same output whatever window
 * or shell they ran in. */
size_t term_width(FILE *out);

typedef struct {
	int natural;    /* the width it takes when there is room */
	int min;        /* the narrowest it may be squeezed to (= natural: fixed) */
	int drop_order; /* 0: always shown; 1 is dropped first, then 2, … */
} term_column;

/* Widths for n columns separated by `gap` spaces so that they fit in `width` (0: no
 * limit, every column natural): first droppable columns are hidden (width 0) in
 * drop order, then the widest squeezable column loses one character at a time. The
 * result may still be wider than `width` when every column is at its minimum. */
void term_fit_columns(const term_column *cols, size_t n, size_t width, int gap, int *out);

#endif
