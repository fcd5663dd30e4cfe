/* replay_table: replay's human table, one row per request, fitted to the terminal.
 *
 * Without a width limit (a pipe or a file) the table is the classic one, byte for byte:
 * AUDIT-ID VERB USER TARGET LEVEL RULE STAGES with TARGET cut at 44 characters. On a
 * terminal (or with $COLUMNS) it fits the width: AUDIT-ID goes first, then USER, TARGET,
 * VERB and STAGES are cut. `-o wide` shows every column, BYTES included, uncut. */
#ifndef AUDITSIM_REPLAY_TABLE_H
#define AUDITSIM_REPLAY_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "replay.h"

enum { RT_AUDIT_ID, RT_VERB, RT_USER, RT_TARGET, RT_LEVEL, RT_RULE, RT_BYTES, RT_STAGES, RT_COLUMNS };

typedef struct {
	int width[RT_COLUMNS]; /* 0: hidden */
	bool cut;              /* cut every cell to its width (fitted); else only TARGET at 44 */
	bool wide;
} replay_table;

/* width: term_width() of the output (0: unlimited); wide: -o wide. */
void replay_table_layout(replay_table *t, size_t width, bool wide);
void replay_table_header(FILE *out, const replay_table *t);
void replay_table_row(FILE *out, const replay_table *t, const replay_request *req);

#endif
