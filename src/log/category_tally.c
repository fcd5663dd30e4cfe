/* category_tally: see category_tally.h. */
#include "category_tally.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "xalloc.h"

void category_tally_add(category_tally *t, span name)
{
	char shown[CATEGORY_NAME_MAX];
	size_t n = name.len < sizeof shown - 1 ? name.len : sizeof shown - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name.ptr[i];
		shown[i] = c >= 0x20 && c < 0x7f && c != '\\' ? (char)c : '?';
	}
	shown[n] = '\0';
	t->records++;
	for (size_t i = 0; i < t->slots_used; i++) {
		if (strcmp(t->slots[i].name, shown) == 0) {
			t->slots[i].records++;
			return;
		}
	}
	if (t->slots_used < CATEGORY_TALLY_SLOTS) {
		memcpy(t->slots[t->slots_used].name, shown, n + 1);
		t->slots[t->slots_used++].records = 1;
	}
}

char *category_tally_note(const category_tally *t)
{
	if (t->records == 0)
		return NULL;
	/* most records first; ties in the order the categories first appeared */
	size_t order[CATEGORY_TALLY_SLOTS], named = 0;
	for (size_t i = 0; i < t->slots_used; i++) {
		size_t j = i;
		for (; j > 0 && t->slots[order[j - 1]].records < t->slots[i].records; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return xstrdup("out of memory");
	bool one = t->records == 1;
	fprintf(f, "skipped %zu Azure record%s of %s (", t->records, one ? "" : "s",
	        one ? "another category" : "other categories");
	for (size_t i = 0; i < t->slots_used; i++) {
		fprintf(f, "%s%s %zu", i ? ", " : "", t->slots[order[i]].name,
		        t->slots[order[i]].records);
		named += t->slots[order[i]].records;
	}
	if (named < t->records)
		fprintf(f, ", others %zu", t->records - named);
	fputc(')', f);
	fclose(f);
	return buf;
}
