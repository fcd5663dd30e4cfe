/* explain_output: see explain_output.h. */
#include "explain_output.h"

#include <jansson.h>
#include <string.h>

typedef struct {
	const char *bold, *green, *red, *dim, *off;
} palette;

static palette palette_for(bool colour)
{
	if (!colour)
		return (palette){ "", "", "", "", "" };
	return (palette){ "\033[1m", "\033[32m", "\033[31m", "\033[2m", "\033[0m" };
}

static const char *flow_name(request_flow flow)
{
	switch (flow) {
	case FLOW_NORMAL: return "normal";
	case FLOW_PANIC: return "panic";
	case FLOW_AUTHN_FAILED: return "authn-failed";
	case FLOW_INVALID_TIMEOUT: return "invalid-timeout";
	}
	return "?";
}

/* Why the flow writes what it writes, in one line. */
static const char *flow_note(const policy_explanation *e)
{
	switch (e->flow) {
	case FLOW_AUTHN_FAILED:
		return "failed authentication: only ResponseStarted, written by the authentication "
		       "filter";
	case FLOW_INVALID_TIMEOUT:
		return "invalid ?timeout=: only ResponseStarted, written before authentication";
	case FLOW_PANIC: return "the handler panicked: Panic instead of ResponseComplete";
	case FLOW_NORMAL: break;
	}
	return e->long_running ? "long-running request: ResponseStarted is written too"
	                       : "not long-running: no ResponseStarted";
}

/* --- text --- */

static void print_request(FILE *out, const explain_view *v, const palette *c)
{
	const scenario_request *q = v->request;
	fprintf(out, "%srequest%s    %s %s\n", c->bold, c->off, q->method, q->request_uri);
	if (q->has_user) {
		fprintf(out, "user       %s, groups [", q->user_name);
		for (size_t i = 0; i < q->group_count; i++)
			fprintf(out, "%s%s", i ? " " : "", q->groups[i]);
		fputs("]\n", out);
	} else {
		fputs("user       none: the request failed authentication\n", out);
	}
	fprintf(out, "verb       %s\n", q->verb);
	if (q->is_resource)
		fprintf(out, "resource   group \"%s\", resource %s%s%s, namespace \"%s\", name \"%s\"\n",
		        q->api_group, q->resource, q->subresource[0] ? "/" : "", q->subresource,
		        q->namespace_, q->name);
	else
		fprintf(out, "path       %s (non-resource)\n", q->path);
	fprintf(out, "flow       %s; %s\n", flow_name(v->explanation->flow),
	        flow_note(v->explanation));
}

static void print_rules(FILE *out, const explain_view *v, const palette *c)
{
	const policy_explanation *e = v->explanation;
	fprintf(out, "\n%spolicy%s     %s: %zu rules, first match wins (rules count from 0)\n",
	        c->bold, c->off, v->policy->file ? v->policy->file : "-", e->rule_count);
	for (size_t i = 0; i < e->rule_count; i++) {
		const rule_explanation *r = &e->rules[i];
		char label[48];
		snprintf(label, sizeof label, "rule %zu (line %d):", i, v->policy->rules[i].pos.line);
		if (!r->matched)
			fprintf(out, "%s%-22s no match: %s%s\n", c->dim, label, r->reason, c->off);
		else if ((int)i == e->decision.rule)
			fprintf(out, "%s%-22s MATCH, decides: level %s%s\n", c->green, label,
			        level_name(v->policy->rules[i].level), c->off);
		else
			fprintf(out, "%-22s matches too, but rule %d came first\n", label,
			        e->decision.rule);
	}
}

static void print_stage_names(FILE *out, stage_set stages)
{
	const char *sep = "";
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s)) {
			fprintf(out, "%s%s", sep, stage_name((audit_stage)s));
			sep = " ";
		}
	}
	if (!*sep)
		fputs("none", out);
}

static void print_decision(FILE *out, const explain_view *v, const palette *c)
{
	const policy_explanation *e = v->explanation;
	const audit_decision *d = &e->decision;
	fprintf(out, "\n%sdecision%s   ", c->bold, c->off);
	if (d->rule >= 0)
		fprintf(out, "rule %d (line %d): level %s%s%s\n", d->rule,
		        v->policy->rules[d->rule].pos.line, c->bold, level_name(d->level), c->off);
	else
		fprintf(out, "no rule matched: level %sNone%s\n", c->bold, c->off);
	fputs("stages     ", out);
	if (d->level == LEVEL_NONE) {
		fputs("none: level None writes no event\n", out);
	} else {
		print_stage_names(out, e->stages);
		stage_set omitted = e->flow_stages & ~e->stages;
		if (omitted) {
			fputs(" (omitted by omitStages: ", out);
			print_stage_names(out, omitted);
			fputc(')', out);
		}
		fputc('\n', out);
	}
	fprintf(out, "omitManagedFields %s%s\n", d->omit_managed_fields ? "true" : "false",
	        d->level < LEVEL_REQUEST ? " (no effect below level Request)" : "");
}

static void print_event(FILE *out, const explain_view *v, const palette *c)
{
	const policy_explanation *e = v->explanation;
	if (!e->has_sample) {
		fputs("\nno event is written for this request\n", out);
		return;
	}
	event_field fields[EVENT_FIELD_COUNT];
	explain_event_fields(v->attrs, e->flow, e->decision.level, e->sample_stage,
	                     e->decision.omit_managed_fields, fields);
	fprintf(out, "\n%sevent at %s%s (level %s):\n", c->bold, stage_name(e->sample_stage), c->off,
	        level_name(e->decision.level));
	static const char *const marks[] = { "no", "yes", "maybe" };
	for (size_t i = 0; i < EVENT_FIELD_COUNT; i++) {
		const event_field *f = &fields[i];
		const char *colour = f->presence == FIELD_ABSENT ? c->dim : "";
		fprintf(out, "%s  %-25s %-6s %s%s\n", colour, f->name, marks[f->presence], f->why,
		        *colour ? c->off : "");
	}
}

void explain_print_text(FILE *out, const explain_view *v, bool colour)
{
	palette c = palette_for(colour);
	print_request(out, v, &c);
	print_rules(out, v, &c);
	print_decision(out, v, &c);
	print_event(out, v, &c);
}

/* --- JSON --- */

static json_t *stages_json(stage_set stages)
{
	json_t *a = json_array();
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s))
			json_array_append_new(a, json_string(stage_name((audit_stage)s)));
	}
	return a;
}

static json_t *request_json(const explain_view *v)
{
	const scenario_request *q = v->request;
	json_t *o = json_object();
	json_object_set_new(o, "method", json_string(q->method));
	json_object_set_new(o, "requestURI", json_string(q->request_uri));
	json_object_set_new(o, "user", q->has_user ? json_string(q->user_name) : json_null());
	json_t *groups = json_array();
	for (size_t i = 0; i < q->group_count; i++)
		json_array_append_new(groups, json_string(q->groups[i]));
	json_object_set_new(o, "groups", groups);
	json_object_set_new(o, "verb", json_string(q->verb));
	json_object_set_new(o, "resourceRequest", json_boolean(q->is_resource));
	if (q->is_resource) {
		json_object_set_new(o, "apiGroup", json_string(q->api_group));
		json_object_set_new(o, "apiVersion", json_string(q->api_version));
		json_object_set_new(o, "resource", json_string(q->resource));
		json_object_set_new(o, "subresource", json_string(q->subresource));
		json_object_set_new(o, "namespace", json_string(q->namespace_));
		json_object_set_new(o, "name", json_string(q->name));
	} else {
		json_object_set_new(o, "path", json_string(q->path));
	}
	json_object_set_new(o, "flow", json_string(flow_name(v->explanation->flow)));
	json_object_set_new(o, "longRunning", json_boolean(v->explanation->long_running));
	return o;
}

static json_t *rules_json(const explain_view *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->explanation->rule_count; i++) {
		const rule_explanation *r = &v->explanation->rules[i];
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_integer((json_int_t)i));
		json_object_set_new(o, "line", json_integer(v->policy->rules[i].pos.line));
		json_object_set_new(o, "level", json_string(level_name(v->policy->rules[i].level)));
		json_object_set_new(o, "matched", json_boolean(r->matched));
		json_object_set_new(o, "failedSelector",
		                    r->matched ? json_null() : json_string(rule_selector_name(r->failed)));
		json_object_set_new(o, "reason", r->matched ? json_null() : json_string(r->reason));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *decision_json(const explain_view *v)
{
	const policy_explanation *e = v->explanation;
	json_t *o = json_object();
	bool ruled = e->decision.rule >= 0;
	json_object_set_new(o, "rule", ruled ? json_integer(e->decision.rule) : json_null());
	json_object_set_new(o, "line", ruled ? json_integer(v->policy->rules[e->decision.rule].pos.line)
	                                     : json_null());
	json_object_set_new(o, "level", json_string(level_name(e->decision.level)));
	json_object_set_new(o, "stages", stages_json(e->stages));
	json_object_set_new(o, "omittedStages",
	                    stages_json(e->decision.level == LEVEL_NONE ? 0
	                                                                : e->flow_stages & ~e->stages));
	json_object_set_new(o, "omitManagedFields", json_boolean(e->decision.omit_managed_fields));
	return o;
}

static json_t *event_json(const explain_view *v)
{
	const policy_explanation *e = v->explanation;
	if (!e->has_sample)
		return json_null();
	static const char *const presence[] = { "absent", "present", "sometimes" };
	event_field fields[EVENT_FIELD_COUNT];
	explain_event_fields(v->attrs, e->flow, e->decision.level, e->sample_stage,
	                     e->decision.omit_managed_fields, fields);
	json_t *list = json_array();
	for (size_t i = 0; i < EVENT_FIELD_COUNT; i++) {
		json_t *f = json_object();
		json_object_set_new(f, "field", json_string(fields[i].name));
		json_object_set_new(f, "presence", json_string(presence[fields[i].presence]));
		json_object_set_new(f, "why", json_string(fields[i].why));
		json_array_append_new(list, f);
	}
	json_t *o = json_object();
	json_object_set_new(o, "stage", json_string(stage_name(e->sample_stage)));
	json_object_set_new(o, "fields", list);
	return o;
}

void explain_print_json(FILE *out, const explain_view *v, doc_print_format format)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "policy", json_string(v->policy->file ? v->policy->file : "-"));
	json_object_set_new(doc, "request", request_json(v));
	json_object_set_new(doc, "rules", rules_json(v));
	json_object_set_new(doc, "decision", decision_json(v));
	json_object_set_new(doc, "event", event_json(v));
	doc_print(out, doc, format);
	json_decref(doc);
}
