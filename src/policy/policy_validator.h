/* policy_validator: kube-apiserver's validation of a decoded Policy
 * (pkg/apis/audit/validation/validation.go) plus the reader's "0 rules" check, with the
 * same field paths and in the same order. On success it resolves rule levels and
 * omitStages masks, so a validated policy is ready for the checker. */
#ifndef AUDITSIM_POLICY_VALIDATOR_H
#define AUDITSIM_POLICY_VALIDATOR_H

#include <stdbool.h>

#include "diag.h"
#include "kube_version.h"
#include "policy.h"

/* Adds one error per problem to diags, as kube-apiserver `version` would; returns true
 * when there were none. Two things depend on the version: group "*" is valid from 1.36,
 * and list and level values are shown as JSON from 1.34 (Go's %#v before). */
bool policy_validate_for(policy *p, kube_version version, diag_list *diags);

/* policy_validate_for the newest version. */
bool policy_validate(policy *p, diag_list *diags);

#endif
