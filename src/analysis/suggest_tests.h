/* suggest_tests: a test file for `auditsim test` that keeps a suggested policy honest —
 * for each requirement with a bound, one request its selector concerns (built from the
 * selector's first values, trying others until one lies outside its excepts) and the
 * level the requirements give it, which is the highest floor among those concerning it.
 * The scenario format is the one `auditsim test` reads (scenario_expect.h). */
#ifndef AUDITSIM_SUGGEST_TESTS_H
#define AUDITSIM_SUGGEST_TESTS_H

#include <stdio.h>

#include "policy.h"
#include "requirement.h"

/* Writes the test file; suggested is the policy the expectations were checked against
 * (a request it would decide otherwise is written with a comment saying so). */
void suggest_write_tests(FILE *out, const requirement_set *set, const policy *suggested);

#endif
