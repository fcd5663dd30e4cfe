/* expectation_update: a test file's text with its expectations rewritten to what the
 * policy decides now (`auditsim test --update`), golden-style: only the bytes of
 * expectation values change, so comments, order and the formatting of everything else
 * stay as written and a policy change reads as a small diff.
 *  - A field written under `expect:` whose value differs gets the new value (in the
 *    same quoting; stages keep their flow or block form).
 *  - An `expect:` with no field, and a request entry without `expect:`, get
 *    `expect: {level: L, rule: N}`.
 *  - `expectInvalid` gets the field of the first validation error when the policy is
 *    invalid; a valid policy leaves it as it is (the test keeps failing: removing the
 *    key is the author's call). */
#ifndef AUDITSIM_EXPECTATION_UPDATE_H
#define AUDITSIM_EXPECTATION_UPDATE_H

#include <stddef.h>

#include "diag.h"
#include "expectation.h"
#include "scenario.h"

/* The new text of s's file, whose bytes are text[0..len). actual[i] is the decision on
 * s->requests[i] (every field), or actual is NULL when the policy is invalid (then only
 * expectInvalid can change). Returns newly allocated bytes, *out_len of them, with a NUL
 * after; *changes is the number of values rewritten or added. */
char *expectation_update(const char *text, size_t len, const scenario *s,
                         const expect_values *actual, const diag_list *policy_diags,
                         size_t *out_len, size_t *changes);

#endif
