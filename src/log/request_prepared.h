/* request_prepared: what an event alone decides, worked out ahead of the replay so that a
 * block scan worker (block_scan.h) does it rather than the merging thread: the request
 * attributes its URL gives (request_attrs_from_event) and each policy's decision on them
 * (evaluate_policy_rule). Both are pure functions of the event, the policies and the
 * kube-apiserver version, so whoever works them out, the replay is the same. */
#ifndef AUDITSIM_REQUEST_PREPARED_H
#define AUDITSIM_REQUEST_PREPARED_H

#include <stddef.h>
#include <stdint.h>

#include "checker.h"
#include "event.h"
#include "kube_version.h"
#include "policy.h"
#include "request.h"
#include "request_info.h"
#include "seq_arena.h"

typedef struct {
	const policy *const *policies; /* validated; they outlive every prepared event */
	size_t policy_count;
	kube_version version;
} request_prepare_options;

typedef struct {
	request_attrs attrs;             /* strings in ev's or in the arena */
	const audit_decision *decisions; /* one a policy, in the options' order */
} request_prepared;

/* Works out ev's attributes and decisions into `arena` (item `item`), copying there the
 * strings the URL parse left in scratch; ev's own strings must stay where they are for as
 * long as the result is used. */
const request_prepared *request_prepare(const audit_event *ev, const request_prepare_options *o,
                                        request_info_scratch *scratch, seq_arena *arena,
                                        uint64_t item);

#endif
