/* compare_output: `auditsim compare`'s outputs — N policies over the same traffic, one
 * column per policy.
 *
 * - text: two aligned tables. FIGURE: requests (and by level), events, bytes, gzip bytes,
 *   GB/day when the recording spans time, cost per 30 days with --price-per-gb. SECURITY
 *   CATEGORY: for each category (security_category.h) its requests, then how many of them
 *   each policy logs at each level.
 * - json: {"policies": [{"name", "requests", "events", "bytes", "gzipBytes", "byLevel",
 *   "projection", "sinks", "categories"}]}. Every figure but name and categories is a
 *   member of that policy's `replay -o json` document (engine_figures_json), moved, not
 *   recomputed, so compare and replay cannot differ: requests, events; bytes and gzipBytes
 *   from its volume; byLevel[L] = {requests, events} of its byLevel plus bytes of its
 *   volume.byLevel; projection and sinks are its volume's members of those names, null
 *   when it has none (projectionWithheld is copied when present). categories[KEY] =
 *   {"requests", "byLevel": {LEVEL: requests}}.
 * - csv: one row per (policy, figure): policy,figure,category,level,value, with figure
 *   one of requests, events, bytes (each also per level), gzipBytes, gbPerDay,
 *   costPer30Days (when known), categoryRequests (per category, and per level: the
 *   requests the policy logs at that level); cells that do not apply are empty.
 *
 * Each column's figures must come from an engine run with measure_volume. */
#ifndef AUDITSIM_COMPARE_OUTPUT_H
#define AUDITSIM_COMPARE_OUTPUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "run.h"
#include "security_category.h"

typedef struct {
	const char *name; /* distinct among the columns */
	const engine_figures *figures;
	const security_tally *categories;
} compare_column;

void compare_print_text(FILE *out, const compare_column *cols, size_t count);
/* The caller owns the reference. */
json_t *compare_json(const compare_column *cols, size_t count);
void compare_print_csv(FILE *out, const compare_column *cols, size_t count);

#endif
