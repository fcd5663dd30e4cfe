/* baseline: the requirement sets shipped with auditsim (data/baselines/NAME.yaml, built
 * into the binary by baseline_builtin_gen.py and installed beside data/sinks.yaml):
 * `security`, `cis` and `minimal`. Each file's comments give its reasoning. */
#ifndef AUDITSIM_BASELINE_H
#define AUDITSIM_BASELINE_H

#include <stddef.h>

typedef struct {
	const char *name; /* "security" */
	const char *text; /* the YAML file */
} baseline;

extern const baseline baseline_builtin[];
extern const size_t baseline_builtin_count;

/* The baseline called name; NULL when there is none. */
const baseline *baseline_find(const char *name);

#endif
