/* category_tally: how many Azure diagnostic records of each other category (kube-apiserver,
 * guard, cluster-autoscaler, …) a reader passed over, for one line on stderr instead of one
 * per record. Fixed size: CATEGORY_TALLY_SLOTS names are counted apart, later ones together
 * as "others"; no allocation until the note is written. */
#ifndef AUDITSIM_CATEGORY_TALLY_H
#define AUDITSIM_CATEGORY_TALLY_H

#include <stddef.h>

#include "span.h"

enum { CATEGORY_TALLY_SLOTS = 16, CATEGORY_NAME_MAX = 48 };

typedef struct {
	struct {
		char name[CATEGORY_NAME_MAX];
		size_t records;
	} slots[CATEGORY_TALLY_SLOTS];
	size_t slots_used;
	size_t records; /* all of them, those without a slot included */
} category_tally;

/* Counts one record of category `name` (shown as written, anything unprintable as '?').
 * A zeroed category_tally is empty. */
void category_tally_add(category_tally *t, span name);

/* "skipped 12 Azure records of other categories (kube-apiserver 10, guard 2)", most
 * records first; NULL when none were counted. Allocated: the caller frees. */
char *category_tally_note(const category_tally *t);

#endif
