/* progress: one line on stderr — bytes read, MB/s, ETA — for runs long enough to wonder
 * about. Shown only when stderr is a terminal that knows escapes (TERM is not dumb) and the run has already taken PROGRESS_DELAY
 * seconds, so short runs, pipes, files and test output never see it. Redrawn at most a
 * few times a second, and erased at the end. */
#ifndef AUDITSIM_PROGRESS_H
#define AUDITSIM_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PROGRESS_DELAY 1.0

typedef struct {
	FILE *out;       /* NULL: disabled */
	uint64_t total;  /* bytes expected; 0 when unknown (.gz, stdin): no ETA */
	uint64_t done;
	uint64_t next_check; /* done at which the clock is looked at next */
	double start, last_draw;
	bool drawn;
} progress;

/* Enabled when `out` is a terminal. total: the sum of the input files' sizes, 0 if unknown. */
void progress_init(progress *p, FILE *out, uint64_t total);
/* Adds bytes read; cheap: the clock is read once per 4 MB. */
void progress_add(progress *p, uint64_t bytes);
void progress_end(progress *p);

/* The bytes a LOG argument will yield, when it is a plain regular file; 0 otherwise. */
uint64_t progress_file_bytes(const char *path);

#endif
