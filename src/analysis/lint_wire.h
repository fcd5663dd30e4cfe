/* lint_wire: findings about what clients send on the wire, each decided by sending the
 * rule the requests clients really send (lint_probe.h) through the checker:
 *   WEBSOCKET_VERB      a rule takes `kubectl exec` (attach, port-forward) as sent over SPDY
 *                       (POST: verb create) but not as kubectl 1.30+ (1.31+ for
 *                       port-forward) sends it over WebSocket (GET: verb get), or the
 *                       reverse, and the policy decides the two differently
 *                       (kube-versions.md §9.1, KEP-4006);
 *   EXEC_COMMAND_IN_URI a rule logs pods/exec at Metadata or above: the command line is in
 *                       the query of requestURI, which every level writes;
 *   NOISY_BODIES        a rule writes bodies of events or leases at RequestResponse.
 * With a tally of the LOGs, each message ends with the requests it concerns. */
#ifndef AUDITSIM_LINT_WIRE_H
#define AUDITSIM_LINT_WIRE_H

#include <stddef.h>

#include "diag.h"
#include "lint_probe.h"
#include "lint_tally.h"
#include "policy.h"

/* Adds the wire findings about rules[index] of p (validated; probes: its index) to out;
 * traffic may be NULL. */
void lint_wire_rule(const policy *p, const probe_index *probes, size_t index,
                    const lint_tally *traffic, diag_list *out);

#endif
