/* replay_table: replay's human table, one row per request, with columns sized to their
 * content as kubectl's are.
 *
 * The table streams (a log may hold millions of requests), so the widths are measured on
 * the first REPLAY_TABLE_SIZING_ROWS rows, which are held back until then; later rows keep
 * those widths (a longer value pushes its row out of line, unless cut). Columns are
 * AUDIT-ID VERB USER TARGET LEVEL RULE STAGES:
 *   - to a pipe or a file: each as wide as its content, TARGET cut at 44 characters with
 *     "…", nothing else cut, so scripts see every value whatever window they ran in;
 *   - on a terminal (term_width > 0): fitted to the width: AUDIT-ID goes first, then USER,
 *     TARGET, VERB and STAGES are cut, each cut value ending in "…";
 *   - `-o wide`: BYTES added, nothing ever cut.
 * Memory: the held-back rows only (a few hundred short strings). */
#ifndef AUDITSIM_REPLAY_TABLE_H
#define AUDITSIM_REPLAY_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "replay.h"

#define REPLAY_TABLE_SIZING_ROWS 256

enum { RT_AUDIT_ID, RT_VERB, RT_USER, RT_TARGET, RT_LEVEL, RT_RULE, RT_BYTES, RT_STAGES, RT_COLUMNS };

typedef struct replay_table replay_table;

/* width: term_width() of out (0: not a terminal); wide: -o wide; header: the header line
 * (false: --no-headers). */
replay_table *replay_table_new(FILE *out, size_t width, bool wide, bool header);

/* One request's row: held back while the widths are measured, then written. */
void replay_table_add(replay_table *t, const replay_request *req);

/* Writes the rows still held back. Returns whether the table has any row. */
bool replay_table_finish(replay_table *t);

void replay_table_free(replay_table *t);

#endif
