/* volume_state: a volume's counts as a partial summary carries them (`replay --partial`,
 * `merge`: engine/partial.h), and their sum into another volume of the same policy and
 * options. Everything adds exactly except:
 *  - the top tables: exact while a table holds at most VOLUME_TOP_KEY_BOUND distinct names
 *    (what one replay holds); past it, a bounded-error summary: each partial's rows go in
 *    heaviest first, names that find no room are added up as "(other)", and
 *    volume_top_error (those bytes) bounds by how much any row, shown or not, is short;
 *  - the gzip size: the sum of the shards' compressed sizes (each stream compresses on its
 *    own, so a little larger than one stream of the whole);
 *  - the covered time: stretches are joined as one replay joins them; exact unless a
 *    volume ran out of stretches (covered_time.h).
 * The JSON shapes are internal to partials (format version in partial.h). */
#ifndef AUDITSIM_VOLUME_STATE_H
#define AUDITSIM_VOLUME_STATE_H

#include <jansson.h>
#include <stdbool.h>

#include "volume.h"

/* The counts of a finished volume (volume_finish). The caller owns the reference. */
json_t *volume_state_json(const volume *v);

/* Adds a volume_state_json document to v, whose gzip and input it then holds as final
 * (no volume_finish). False with *why (static text) when the document is malformed; v may
 * then hold part of it. */
bool volume_state_add(volume *v, const json_t *state, const char **why);

/* Takes back one line volume_add_line counted (the merge retracts lines a shard wrote for
 * a request already written in an earlier shard). names: the line's top-table names. */
void volume_retract_line(volume *v, const volume_line *counted, const char *const *names);

/* After the last volume_state_add: the requests replayed, the projection's basis. */
void volume_set_requests(volume *v, uint64_t requests);

/* Bytes a top table added up as "(other)" for want of room: 0 while it is exact; else
 * the most any name's row (shown or not) may be short by. */
uint64_t volume_top_error(const volume *v, int table);

#endif
