#include "baseline.h"

#include <string.h>

const baseline *baseline_find(const char *name)
{
	for (size_t i = 0; i < baseline_builtin_count; i++)
		if (strcmp(baseline_builtin[i].name, name) == 0)
			return &baseline_builtin[i];
	return NULL;
}
