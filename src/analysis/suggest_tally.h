/* suggest_tally: what `suggest` keeps of each request the engine hands on, for the
 * suggestion (policy 0) and the policies it is compared with (1 and up): whether the
 * request lies within the bounds of the requirements concerning it (decided once per
 * request, from the first policy's call, which comes first), and, for each rule of the
 * suggestion, the bytes the first compared policy writes for the requests that rule
 * decides. Memory: 4 bytes per request (the suggestion's rule, by request order). */
#ifndef AUDITSIM_SUGGEST_TALLY_H
#define AUDITSIM_SUGGEST_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "replay.h"
#include "requirement_check.h"
#include "suggest.h"

typedef struct suggest_tally suggest_tally;

/* set outlives the tally; rule_count: the suggestion's rules. */
suggest_tally *suggest_tally_new(const requirement_set *set, size_t policy_count,
                                 size_t rule_count);
void suggest_tally_free(suggest_tally *t);

/* Counts req under policy policy_index. Returns false when its decision misses a
 * requirement (*bounds then says what was asked). */
bool suggest_tally_add(suggest_tally *t, size_t policy_index, const replay_request *req,
                       requirement_bounds *bounds);

/* Recorded requests that miss a requirement under the policy. */
uint64_t suggest_tally_failing(const suggest_tally *t, size_t policy_index);

/* Bytes the first compared policy writes for the requests rules[rule] decides (rule -1:
 * those no rule decides). */
uint64_t suggest_tally_reference_bytes(const suggest_tally *t, int rule);

/* The requirement whose rules write the most of rule_bytes (the engine's bytes by rule of
 * the suggestion), and those bytes. */
size_t suggest_costliest_requirement(const suggestion *s, const uint64_t *rule_bytes,
                                     size_t requirement_count, uint64_t *bytes);

#endif
