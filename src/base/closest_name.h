/* closest_name: "did you mean …?" — the candidate nearest to a mistyped name, by edit
 * distance (insertions, deletions, substitutions and swaps of neighbours, each 1), as git
 * and kubectl suggest commands. Only close names are offered: a distance of at most 1 for
 * names up to 4 characters, at most 2 for longer ones, so an unrelated word gets no
 * suggestion. Ties go to the earlier candidate. Costs O(len² × candidates); no allocation
 * for names up to 63 characters (longer names get no suggestion). */
#ifndef AUDITSIM_CLOSEST_NAME_H
#define AUDITSIM_CLOSEST_NAME_H

#include <stddef.h>

/* Edit distance between a and b (optimal string alignment); SIZE_MAX when either is longer
 * than 63 characters. */
size_t name_distance(const char *a, const char *b);

/* The candidate closest to name, or NULL when none is close enough (see above) or name
 * equals one exactly. candidates: count pointers, NULLs skipped. */
const char *closest_name(const char *name, const char *const *candidates, size_t count);

#endif
