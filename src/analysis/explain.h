/* explain: why a policy gives one request the level it does, in plain words, and what
 * the resulting event holds. Matching itself is the checker's: every answer here is built
 * from its per-selector functions (rule_matches_user, group_resources_match, ...),
 * applied to copies of a rule narrowed to one selector to find which one failed. */
#ifndef AUDITSIM_EXPLAIN_H
#define AUDITSIM_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "checker.h"
#include "policy.h"
#include "request.h"
#include "stages.h"

typedef enum {
	SELECTOR_NONE = 0, /* the rule matched */
	SELECTOR_USERS,
	SELECTOR_USER_GROUPS,
	SELECTOR_VERBS,
	SELECTOR_NAMESPACES,
	SELECTOR_RESOURCES,
	SELECTOR_NON_RESOURCE_URLS,
} rule_selector;

/* The policy field name ("userGroups", "nonResourceURLs", ...); "" for SELECTOR_NONE. */
const char *rule_selector_name(rule_selector selector);

typedef struct {
	bool matched;
	rule_selector failed; /* the first selector that failed, in kube-apiserver's order */
	char *reason;         /* "verbs [get list] does not contain \"watch\""; NULL if matched */
} rule_explanation;

/* Explains one rule; free the reason with rule_explanation_free. */
rule_explanation explain_rule(const policy_rule *rule, const request_attrs *r);
void rule_explanation_free(rule_explanation *e);

typedef struct {
	rule_explanation *rules; /* one per policy rule, all evaluated */
	size_t rule_count;
	audit_decision decision;
	request_flow flow;
	bool long_running;
	stage_set flow_stages; /* what the flow writes before omitStages */
	stage_set stages;      /* what is written */
	bool has_sample;       /* at least one event is written */
	audit_stage sample_stage; /* the last stage written: the fullest event */
} policy_explanation;

void explain_policy(const policy *p, const request_attrs *r, request_flow flow,
                    policy_explanation *out);
void policy_explanation_free(policy_explanation *e);

/* What one event carries (§7), field by field in the log's order. */
typedef enum { FIELD_ABSENT, FIELD_PRESENT, FIELD_SOMETIMES } field_presence;

typedef struct {
	const char *name; /* the JSON field */
	field_presence presence;
	const char *why;  /* static text: what it holds, when it appears, or why it is absent */
} event_field;

#define EVENT_FIELD_COUNT 19

/* Fills out[] with every Event field for the request's event at `stage`. */
void explain_event_fields(const request_attrs *r, request_flow flow, audit_level level,
                          audit_stage stage, bool omit_managed_fields,
                          event_field out[EVENT_FIELD_COUNT]);

#endif
