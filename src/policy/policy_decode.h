/* policy_decode: the body of an audit.k8s.io/v1 Policy document into the policy structs,
 * as apimachinery's strict-then-lenient decoding does it. Type mismatches are errors;
 * unknown fields and duplicate keys are warnings that mark the policy lenient, and the
 * result is what the lenient pass produces (unknown fields dropped, the last duplicate
 * wins). Internal to the loader. */
#ifndef AUDITSIM_POLICY_DECODE_H
#define AUDITSIM_POLICY_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "policy.h"
#include "yaml_doc.h"

/* Fills out (already initialised) from the root map; returns the number of errors added.
 * Without strict_pass (kube-apiserver before 1.26 decodes leniently only) there is no
 * fallback: out->lenient stays false, and the warnings about unknown fields and
 * duplicate keys say that kube-apiserver drops them without a word. */
size_t policy_decode(const doc_node *root, doc_format format, bool strict_pass, policy *out,
                     diag_list *diags);

#endif
