/* stages: which audit stages kube-apiserver writes for a request, given its decision.
 * Pure functions; mirrors pkg/endpoints/filters/audit.go, authn_audit.go,
 * request_deadline.go and the long-running check of kube-apiserver. */
#ifndef AUDITSIM_STAGES_H
#define AUDITSIM_STAGES_H

#include <stdbool.h>

#include "checker.h"
#include "policy.h"
#include "request.h"

typedef enum {
	FLOW_NORMAL = 0,      /* the audit filter: RequestReceived [ResponseStarted] ResponseComplete */
	FLOW_PANIC,           /* the handler panicked: Panic instead of ResponseComplete */
	FLOW_AUTHN_FAILED,    /* 401 from authentication: ResponseStarted only */
	FLOW_INVALID_TIMEOUT, /* 400 from an invalid ?timeout=: ResponseStarted only */
} request_flow;

/* kube-apiserver's long-running check: watch/proxy verbs; attach, exec, proxy, log,
 * portforward subresources; non-resource paths under /debug/pprof/. */
bool request_is_long_running(const request_attrs *r);

/* The stages written for a request, before omitStages (what the flow would write). */
stage_set flow_stages(request_flow flow, bool long_running);

/* The stages actually written: empty for level None, else flow_stages minus the
 * decision's omitStages. */
stage_set decision_stages(const audit_decision *d, request_flow flow, bool long_running);

#endif
