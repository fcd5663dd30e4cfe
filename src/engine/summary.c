#include "summary.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void summary_init(replay_summary *s, const policy *p)
{
	memset(s, 0, sizeof *s);
	s->policy = p;
	s->by_rule = xcalloc(p->rule_count ? p->rule_count : 1, sizeof *s->by_rule);
}

void summary_free(replay_summary *s)
{
	free(s->by_rule);
	s->by_rule = NULL;
}

void summary_add_request(replay_summary *s, const replay_request *req)
{
	audit_level level = req->decision.level;
	s->total.requests++;
	s->by_level[level].requests++;
	for (int st = 0; st < STAGE_COUNT; st++) {
		if (req->recorded & STAGE_BIT(st))
			s->recorded_by_stage[st]++;
	}
	count_pair *rule = req->decision.rule >= 0 ? &s->by_rule[req->decision.rule] : &s->unmatched;
	rule->requests++;
	s->open_requests += req->open;
	s->recorded_events += req->recorded_events;
}

void summary_add_line(replay_summary *s, audit_level level, int rule, audit_stage stage)
{
	s->total.events++;
	s->by_level[level].events++;
	s->events_by_stage[stage]++;
	if (rule >= 0 && (size_t)rule < s->policy->rule_count)
		s->by_rule[rule].events++;
	else
		s->unmatched.events++;
}

void summary_add_tally(replay_summary *s, const replay_tally *t)
{
	s->recorded_events += t->late_events;
	for (int st = 0; st < STAGE_COUNT; st++)
		s->recorded_by_stage[st] += t->late_by_stage[st];
	s->never_completed += t->never_completed;
	s->forgotten += t->forgotten;
	s->completed_late += t->completed_late;
}

static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_levels(const replay_summary *s, FILE *out)
{
	fprintf(out, "\n%-16s %10s %7s %10s %7s\n", "LEVEL", "REQUESTS", "%", "EVENTS", "%");
	for (int l = LEVEL_COUNT - 1; l >= 0; l--) {
		const count_pair *c = &s->by_level[l];
		fprintf(out, "%-16s %10llu %6.1f%% %10llu %6.1f%%\n", level_name((audit_level)l),
		        (unsigned long long)c->requests, percent(c->requests, s->total.requests),
		        (unsigned long long)c->events, percent(c->events, s->total.events));
	}
}

static void print_stages(const replay_summary *s, FILE *out)
{
	fprintf(out, "\n%-16s %10s %10s\n", "STAGE", "EVENTS", "RECORDED");
	for (int st = 0; st < STAGE_COUNT; st++)
		fprintf(out, "%-16s %10llu %10llu\n", stage_name((audit_stage)st),
		        (unsigned long long)s->events_by_stage[st],
		        (unsigned long long)s->recorded_by_stage[st]);
}

static void print_rules(const replay_summary *s, FILE *out)
{
	const policy *p = s->policy;
	fprintf(out, "\n%-6s %-6s %-16s %10s %10s\n", "RULE", "LINE", "LEVEL", "REQUESTS", "EVENTS");
	for (size_t i = 0; i < p->rule_count; i++) {
		const count_pair *c = &s->by_rule[i];
		fprintf(out, "%-6zu %-6d %-16s %10llu %10llu%s\n", i, p->rules[i].pos.line,
		        level_name(p->rules[i].level), (unsigned long long)c->requests,
		        (unsigned long long)c->events, c->requests ? "" : "  (matched nothing)");
	}
	fprintf(out, "%-6s %-6s %-16s %10llu %10llu\n", "none", "-", "None",
	        (unsigned long long)s->unmatched.requests, (unsigned long long)s->unmatched.events);
}

/* Requests handed on open (jsonl `open`) either never completed or completed later. */
static void print_open(const replay_summary *s, FILE *out)
{
	if (s->never_completed) {
		fprintf(out, "requests never completed (last stage not in the recording): %llu",
		        (unsigned long long)s->never_completed);
		if (s->forgotten)
			fprintf(out, ", %llu of them forgotten before the end (memory bound)",
			        (unsigned long long)s->forgotten);
		fputc('\n', out);
	}
	if (s->completed_late)
		fprintf(out, "requests handed on open, then completed (their stages more than a "
		             "window of requests apart): %llu\n",
		        (unsigned long long)s->completed_late);
}

void summary_print_text(const replay_summary *s, FILE *out)
{
	fprintf(out, "requests: %llu  events: %llu  (recorded: %llu events in %llu records",
	        (unsigned long long)s->total.requests, (unsigned long long)s->total.events,
	        (unsigned long long)s->recorded_events, (unsigned long long)s->records);
	if (s->bad_records)
		fprintf(out, ", %llu skipped as not audit events", (unsigned long long)s->bad_records);
	fprintf(out, ")\n");
	print_open(s, out);
	print_levels(s, out);
	print_stages(s, out);
	print_rules(s, out);
}

static json_t *count_json(const count_pair *c)
{
	return json_pack("{s:I,s:I}", "requests", (json_int_t)c->requests, "events",
	                 (json_int_t)c->events);
}

static json_t *levels_json(const replay_summary *s)
{
	json_t *o = json_object();
	for (int l = 0; l < LEVEL_COUNT; l++)
		json_object_set_new(o, level_name((audit_level)l), count_json(&s->by_level[l]));
	return o;
}

static json_t *stages_json(const uint64_t *counts)
{
	json_t *o = json_object();
	for (int st = 0; st < STAGE_COUNT; st++)
		json_object_set_new(o, stage_name((audit_stage)st), json_integer((json_int_t)counts[st]));
	return o;
}

static json_t *rules_json(const replay_summary *s)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->policy->rule_count; i++) {
		const policy_rule *r = &s->policy->rules[i];
		json_t *o = count_json(&s->by_rule[i]);
		json_object_set_new(o, "rule", json_integer((json_int_t)i));
		json_object_set_new(o, "line", json_integer(r->pos.line));
		json_object_set_new(o, "level", json_string(level_name(r->level)));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *summary_json(const replay_summary *s)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "policy", json_string(s->policy->file ? s->policy->file : ""));
	json_object_set_new(doc, "requests", json_integer((json_int_t)s->total.requests));
	json_object_set_new(doc, "events", json_integer((json_int_t)s->total.events));
	json_object_set_new(doc, "openRequests", json_integer((json_int_t)s->open_requests));
	json_object_set_new(doc, "neverCompleted", json_integer((json_int_t)s->never_completed));
	json_object_set_new(doc, "byLevel", levels_json(s));
	json_object_set_new(doc, "byStage", stages_json(s->events_by_stage));
	json_object_set_new(doc, "byRule", rules_json(s));
	json_object_set_new(doc, "unmatched", count_json(&s->unmatched));
	json_t *input = json_pack("{s:I,s:I,s:I}", "records", (json_int_t)s->records,
	                          "skippedRecords", (json_int_t)s->bad_records,
	                          "recordedEvents", (json_int_t)s->recorded_events);
	json_object_set_new(input, "recordedByStage", stages_json(s->recorded_by_stage));
	json_object_set_new(doc, "input", input);
	return doc;
}

void summary_print_json(const replay_summary *s, FILE *out)
{
	json_t *doc = summary_json(s);
	json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(doc);
}
