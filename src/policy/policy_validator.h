/* policy_validator: kube-apiserver's validation of a decoded Policy
 * (pkg/apis/audit/validation/validation.go) plus the reader's "0 rules" check, with the
 * same field paths and in the same order. On success it resolves rule levels and
 * omitStages masks, so a validated policy is ready for the checker. */
#ifndef AUDITSIM_POLICY_VALIDATOR_H
#define AUDITSIM_POLICY_VALIDATOR_H

#include <stdbool.h>

#include "diag.h"
#include "policy.h"

/* Adds one error per problem to diags; returns true when there were none. */
bool policy_validate(policy *p, diag_list *diags);

#endif
