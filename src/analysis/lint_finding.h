/* lint_finding: how lint writes a finding — a diagnostic with a code, placed on the rule
 * it is about, and, when LOGs were replayed, the requests of the LOGs it concerns. */
#ifndef AUDITSIM_LINT_FINDING_H
#define AUDITSIM_LINT_FINDING_H

#include <stddef.h>

#include "coverage.h"
#include "diag.h"
#include "lint_tally.h"
#include "policy.h"

/* Adds a finding with `code` (copied). */
void add_finding(diag_list *out, diag_severity severity, const char *code, source_pos pos,
                 const char *field, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Where a finding about the whole rule goes: the rule's list entry (else its level). */
source_pos rule_pos(const policy_rule *rule);
/* Where a finding about the rule's level goes: its level (else the entry). */
source_pos level_pos(const policy_rule *rule);

/* "rules[3]"; the caller frees it. */
char *rule_field(size_t index);

/* "secrets", "serviceaccounts/token", "tokenreviews.authentication.k8s.io" (kubectl's
 * resource.group spelling); the caller frees it. */
char *target_name(const coverage_target *t);

/* "LIST, item" (or "item" when list is NULL); frees list, the caller frees the result. */
char *list_append(char *list, const char *item);

/* "" without LOGs (traffic NULL), else "; in the logs: N of the M requests, B bytes under
 * this policy" for the requests of `kind` filed under `rule` (-1: every rule). The caller
 * frees it. */
char *traffic_note(const lint_tally *traffic, int rule, tally_kind kind);

#endif
