/* lint: findings about a loaded, validated Policy, each with a position and a stable code
 * (the codes are listed in the README, "auditsim lint"). Findings are diagnostics: their
 * `code` is set, `field` names the rule ("rules[3]" or "rules[3].verbs[0]").
 *
 * Static checks need only the policy; traffic checks need a replay summary of the LOGs. */
#ifndef AUDITSIM_LINT_H
#define AUDITSIM_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "coverage.h"
#include "diag.h"
#include "lint_tally.h"
#include "policy.h"
#include "summary.h"

/* The resources whose bodies must not reach the log; `sensitive` is borrowed. With
 * `traffic` (the LOGs' tally, lint_tally.h, filled before lint_policy runs), the findings
 * about rules say how many requests of the LOGs they concern and the bytes those write. */
typedef struct {
	const coverage_target *sensitive;
	size_t sensitive_count;
	const lint_tally *traffic; /* NULL: no LOGs */
} lint_options;

/* The defaults: secrets, configmaps, serviceaccounts/token (how TokenRequests are made;
 * there is no tokenrequests resource), tokenreviews.authentication.k8s.io,
 * certificatesigningrequests.certificates.k8s.io. */
lint_options lint_default_options(void);

/* Parses "RESOURCE[.GROUP][/SUBRESOURCE]" (kubectl's resource.group spelling; no group is
 * the core group) into *out, whose strings point into `text`, which is modified. Returns
 * false when the text is not of that form. */
bool lint_parse_target(char *text, coverage_target *out);

/* Copies the loader's lenient-decoding warnings into `out` with a code each:
 * UNKNOWN_FIELD, DUPLICATE_KEY or LENIENT_DECODE. */
void lint_add_decode_warnings(const diag_list *load_diags, diag_list *out);

/* Adds the findings about p (validated) to out: the static ones and the wire ones
 * (lint_wire.h). */
void lint_policy(const policy *p, const lint_options *opts, diag_list *out);

/* Adds UNMATCHED_RULE for each rule that decided no request of the replayed traffic
 * (rules already found SHADOWED are left out: that finding says more). */
void lint_traffic(const policy *p, const replay_summary *s, diag_list *out);

/* Sorts findings by line and column, keeping the order of equal positions. */
void lint_sort(diag_list *findings);

#endif
