/* wire_facts: what clients send and what each audit level writes of it — the facts the
 * lints about bodies, exec and noise share with the LOG tally (lint_tally.h), so a
 * finding and its figures from the LOGs count the same requests. Sources: doc/semantics.md
 * §7.3 (bodies by level), ../shared/reference/kube-versions.md §9.1 (KEP-4006). */
#ifndef AUDITSIM_WIRE_FACTS_H
#define AUDITSIM_WIRE_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "checker.h"
#include "coverage.h"
#include "policy.h"
#include "request.h"

/* The verbs whose requests for t write a body at `level` that can hold a credential;
 * *verbs is set to a static list. Request logs the request body of writes (a delete's is
 * only DeleteOptions); RequestResponse also the returned object, reads but watch
 * included. A TokenRequest (serviceaccounts/token) sends only audiences and an expiry:
 * its token is in the response, so it counts at RequestResponse only. Streams (exec,
 * attach, portforward, proxy, log) never have a body logged. Returns the count (0: none). */
size_t credential_body_verbs(audit_level level, const coverage_target *t,
                             const char *const **verbs);

/* Where t's credential is, for messages: "the response holds the issued token" for
 * serviceaccounts/token, "spec.token is a bearer token" for tokenreviews; NULL otherwise. */
const char *credential_note(const coverage_target *t);

/* Resources whose objects are written constantly in any cluster (node and leader leases
 * renewed every few seconds, events), so their bodies at RequestResponse are noise. */
extern const coverage_target NOISY_TARGETS[];
extern const size_t NOISY_TARGET_COUNT;

/* The verbs whose requests write a body at RequestResponse (watch excluded). */
extern const char *const RESPONSE_BODY_VERBS[];
extern const size_t RESPONSE_BODY_VERB_COUNT;

/* A pods subresource kubectl moved to WebSocket (KEP-4006): from kubectl `since` a
 * plain `kubectl <command>` sends GET (verb get) where it sent POST (verb create). */
typedef struct {
	const char *subresource; /* "exec" */
	const char *commands;    /* "exec and cp" */
	const char *since;       /* "1.30" */
	const char *url;         /* a request as kubectl sends it (GET, or POST over SPDY) */
} websocket_stream;

extern const websocket_stream WEBSOCKET_STREAMS[];
extern const size_t WEBSOCKET_STREAM_COUNT;

/* Whether two decisions write the same events for a stream request, whose body no level
 * logs: both None, or both logging the same stages (Metadata, Request and RequestResponse
 * differ only in the `level` they write). */
bool stream_decisions_alike(audit_decision a, audit_decision b);

/* The index in WEBSOCKET_STREAMS of r's subresource when r is a core pods stream; -1. */
int websocket_stream_of(const request_attrs *r);

/* True when r is a request for t (group, resource and subresource equal). */
bool request_is_for(const request_attrs *r, const coverage_target *t);

/* True when r's verb is one of `verbs`. */
bool verb_is_one_of(const request_attrs *r, const char *const *verbs, size_t count);

#endif
