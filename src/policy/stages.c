/* stages: which events kube-apiserver writes for one request. */
#include "stages.h"

static const char *const long_running_subresources[] = {
	"attach", "exec", "proxy", "log", "portforward",
};

/* kube-apiserver overrides the generic default (watch only) with these lists; the verb
 * test applies to non-resource requests too, so even a "WATCH" method on /healthz is
 * long-running. The pprof test uses the decoded path and needs the trailing slash. */
bool request_is_long_running(const request_attrs *r)
{
	if (span_eq(r->verb, "watch") || span_eq(r->verb, "proxy"))
		return true;
	if (r->is_resource) {
		size_t n = sizeof long_running_subresources / sizeof long_running_subresources[0];
		for (size_t i = 0; i < n; i++) {
			if (span_eq(r->subresource, long_running_subresources[i]))
				return true;
		}
		return false;
	}
	static const char pprof[] = "/debug/pprof/";
	return span_starts_with(r->path, pprof, sizeof pprof - 1);
}

/* The failed-authentication and invalid-timeout filters run before the audit filter
 * and write their single event as ResponseStarted whatever the request is. A panic
 * replaces ResponseComplete; a long-running handler has normally started its response
 * (and so written ResponseStarted) before it can panic. */
stage_set flow_stages(request_flow flow, bool long_running)
{
	stage_set started = long_running ? STAGE_BIT(STAGE_RESPONSE_STARTED) : 0;

	switch (flow) {
	case FLOW_NORMAL:
		return STAGE_BIT(STAGE_REQUEST_RECEIVED) | started | STAGE_BIT(STAGE_RESPONSE_COMPLETE);
	case FLOW_PANIC:
		return STAGE_BIT(STAGE_REQUEST_RECEIVED) | started | STAGE_BIT(STAGE_PANIC);
	case FLOW_AUTHN_FAILED:
	case FLOW_INVALID_TIMEOUT:
		return STAGE_BIT(STAGE_RESPONSE_STARTED);
	}
	return 0;
}

stage_set decision_stages(const audit_decision *d, request_flow flow, bool long_running)
{
	if (d->level == LEVEL_NONE)
		return 0;
	return flow_stages(flow, long_running) & ~d->omit_stages;
}
