/* export_formats: CSV and Prometheus writers (see export_formats.h). */
#include "export_formats.h"

#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "xalloc.h"

/* --- CSV --- */

void csv_field(FILE *out, span text)
{
	const char *p = text.ptr ? text.ptr : "";
	size_t n = text.ptr ? text.len : 0;
	bool formula = n && strchr("=+-@\t\r", p[0]) != NULL;
	bool quote = formula;
	for (size_t i = 0; i < n && !quote; i++)
		quote = p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r';
	if (!quote) {
		fwrite(p, 1, n, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			fputc('"', out);
		fputc(p[i], out);
	}
	fputc('"', out);
}

static void csv_text(FILE *out, const char *s) { csv_field(out, span_of(s)); }

void export_request_csv_header(FILE *out)
{
	fputs("auditID,verb,user,apiGroup,resource,subresource,namespace,name,path,level,rule,"
	      "stages,bytes,modelledBytes,open,file,line\n",
	      out);
}

static void csv_stages(FILE *out, stage_set stages)
{
	const char *sep = "";
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s)) {
			fprintf(out, "%s%s", sep, stage_name((audit_stage)s));
			sep = ";";
		}
	}
}

void export_request_csv_row(FILE *out, const replay_request *req)
{
	const request_attrs *a = &req->attrs;
	span none = { NULL, 0 };
	span fields[] = { req->audit_id, a->verb, a->has_user ? a->user_name : none,
		          a->is_resource ? a->api_group : none, a->is_resource ? a->resource : none,
		          a->is_resource ? a->subresource : none, a->is_resource ? a->namespace_ : none,
		          a->is_resource ? a->name : none, a->is_resource ? none : a->path };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		csv_field(out, fields[i]);
		fputc(',', out);
	}
	fprintf(out, "%s,", level_name(req->decision.level));
	if (req->decision.rule >= 0)
		fprintf(out, "%d", req->decision.rule);
	fputc(',', out);
	csv_stages(out, req->stages);
	fprintf(out, ",%llu,%llu,%s,", (unsigned long long)(req->bytes + req->modelled_bytes),
	        (unsigned long long)req->modelled_bytes, req->open ? "true" : "false");
	csv_text(out, req->file);
	fprintf(out, ",%zu\n", req->line);
}

/* One row; requests < 0 leaves the cell empty (the volume tables count no requests). */
static void summary_row(FILE *out, const char *dimension, const char *name, const char *level,
                        long long line, long long requests, uint64_t events, uint64_t bytes)
{
	fprintf(out, "%s,", dimension);
	csv_text(out, name);
	fprintf(out, ",%s,", level ? level : "");
	if (line > 0)
		fprintf(out, "%lld", line);
	fputc(',', out);
	if (requests >= 0)
		fprintf(out, "%lld", requests);
	fprintf(out, ",%llu,%llu\n", (unsigned long long)events, (unsigned long long)bytes);
}

static void summary_tops(FILE *out, const volume_figures *vol)
{
	static const char *const dimensions[VOLUME_TOP_TABLES] = { "user", "resource", "verb",
		                                                   "namespace" };
	for (size_t t = 0; t < VOLUME_TOP_TABLES; t++) {
		const volume_top *top = &vol->top[t];
		for (size_t i = 0; i < top->count; i++)
			summary_row(out, dimensions[t], top->entries[i].name, NULL, 0, -1,
			            top->entries[i].total.events, top->entries[i].total.bytes);
	}
}

void export_summary_csv(FILE *out, const replay_summary *s, const volume_figures *vol)
{
	fputs("dimension,name,level,line,requests,events,bytes\n", out);
	summary_row(out, "total", "", NULL, 0, (long long)s->total.requests, s->total.events,
	            vol->total.bytes);
	for (int l = 0; l < LEVEL_COUNT; l++) {
		const char *name = level_name((audit_level)l);
		summary_row(out, "level", name, name, 0, (long long)s->by_level[l].requests,
		            s->by_level[l].events, vol->by_level[l].bytes);
	}
	for (int st = 0; st < STAGE_COUNT; st++)
		summary_row(out, "stage", stage_name((audit_stage)st), NULL, 0, -1,
		            vol->by_stage[st].events, vol->by_stage[st].bytes);
	const policy *p = s->policy;
	for (size_t i = 0; i < p->rule_count; i++) {
		char index[24];
		snprintf(index, sizeof index, "%zu", i);
		summary_row(out, "rule", index, level_name(p->rules[i].level), p->rules[i].pos.line,
		            (long long)s->by_rule[i].requests, s->by_rule[i].events,
		            i < vol->rule_count ? vol->by_rule[i].bytes : 0);
	}
	summary_row(out, "unmatched", "", "None", 0, (long long)s->unmatched.requests,
	            s->unmatched.events, 0);
	summary_tops(out, vol);
}

/* --- Prometheus text format --- */

/* A label value: backslash, quote and newline escaped, as the format requires. */
static void prom_label_value(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void prom_family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* name{policy="…"[,key="value"]…} value */
static void prom_sample(FILE *out, const char *name, const char *policy, const char *labels,
                        uint64_t value)
{
	fprintf(out, "%s{policy=", name);
	prom_label_value(out, policy);
	fprintf(out, "%s%s} %llu\n", *labels ? "," : "", labels, (unsigned long long)value);
}

/* One family with one sample per level or stage: values[i] is names[i]'s. */
static void prom_by_name(FILE *out, const char *name, const char *help, const char *policy,
                         const char *label, const char *const *names, const uint64_t *values,
                         size_t count)
{
	prom_family(out, name, help);
	for (size_t i = 0; i < count; i++) {
		char labels[64];
		snprintf(labels, sizeof labels, "%s=\"%s\"", label, names[i]);
		prom_sample(out, name, policy, labels, values[i]);
	}
}

/* One family with one sample per rule: values[i] is rule i's. */
static void prom_rules(FILE *out, const char *name, const char *help, const char *policy_name,
                       const policy *p, const uint64_t *values)
{
	prom_family(out, name, help);
	for (size_t i = 0; i < p->rule_count; i++) {
		char labels[96];
		snprintf(labels, sizeof labels, "rule=\"%zu\",line=\"%d\",level=\"%s\"", i,
		         p->rules[i].pos.line, level_name(p->rules[i].level));
		prom_sample(out, name, policy_name, labels, values[i]);
	}
}

/* The figures of each level, stage and rule as arrays, in the order their families list
 * them. rule_* hold rule_count entries each, allocated here (prom_columns_free). */
typedef struct {
	uint64_t level_requests[LEVEL_COUNT], level_events[LEVEL_COUNT], level_bytes[LEVEL_COUNT];
	uint64_t stage_events[STAGE_COUNT], stage_bytes[STAGE_COUNT];
	uint64_t *rule_requests, *rule_events, *rule_bytes;
} prom_columns;

static void prom_columns_of(const replay_summary *s, const volume_figures *vol, prom_columns *c)
{
	size_t rules = s->policy->rule_count;
	for (int l = 0; l < LEVEL_COUNT; l++) {
		c->level_requests[l] = s->by_level[l].requests;
		c->level_events[l] = vol->by_level[l].events;
		c->level_bytes[l] = vol->by_level[l].bytes;
	}
	for (int st = 0; st < STAGE_COUNT; st++) {
		c->stage_events[st] = vol->by_stage[st].events;
		c->stage_bytes[st] = vol->by_stage[st].bytes;
	}
	c->rule_requests = xcalloc(rules ? rules : 1, sizeof *c->rule_requests);
	c->rule_events = xcalloc(rules ? rules : 1, sizeof *c->rule_events);
	c->rule_bytes = xcalloc(rules ? rules : 1, sizeof *c->rule_bytes);
	for (size_t i = 0; i < rules; i++) {
		c->rule_requests[i] = s->by_rule[i].requests;
		if (i < vol->rule_count) {
			c->rule_events[i] = vol->by_rule[i].events;
			c->rule_bytes[i] = vol->by_rule[i].bytes;
		}
	}
}

static void prom_columns_free(prom_columns *c)
{
	free(c->rule_requests);
	free(c->rule_events);
	free(c->rule_bytes);
}

void export_prom(FILE *out, const replay_summary *s, const volume_figures *vol)
{
	const char *levels[LEVEL_COUNT], *stages[STAGE_COUNT];
	for (int l = 0; l < LEVEL_COUNT; l++)
		levels[l] = level_name((audit_level)l);
	for (int st = 0; st < STAGE_COUNT; st++)
		stages[st] = stage_name((audit_stage)st);
	const policy *p = s->policy;
	const char *name = p->file ? p->file : "";
	prom_columns c;
	prom_columns_of(s, vol, &c);
	prom_by_name(out, "auditsim_requests", "Requests replayed, by the level the policy gave them.",
	             name, "level", levels, c.level_requests, LEVEL_COUNT);
	prom_by_name(out, "auditsim_events", "Audit events the policy writes, by level.", name,
	             "level", levels, c.level_events, LEVEL_COUNT);
	prom_by_name(out, "auditsim_bytes", "Bytes of audit log the policy writes (modelled bodies included), by level.",
	             name, "level", levels, c.level_bytes, LEVEL_COUNT);
	prom_by_name(out, "auditsim_stage_events", "Audit events the policy writes, by stage.", name,
	             "stage", stages, c.stage_events, STAGE_COUNT);
	prom_by_name(out, "auditsim_stage_bytes", "Bytes of audit log the policy writes, by stage.",
	             name, "stage", stages, c.stage_bytes, STAGE_COUNT);
	prom_rules(out, "auditsim_rule_requests", "Requests decided by each rule.", name, p,
	           c.rule_requests);
	prom_rules(out, "auditsim_rule_events", "Audit events written for the requests each rule decided.",
	           name, p, c.rule_events);
	prom_rules(out, "auditsim_rule_bytes", "Bytes written for the requests each rule decided.",
	           name, p, c.rule_bytes);
	prom_columns_free(&c);
	prom_family(out, "auditsim_gzip_bytes",
	            "The log compressed with zlib at level 6 (modelled bodies at the written log's ratio).");
	prom_sample(out, "auditsim_gzip_bytes", name, "", vol->gzip_bytes);
	prom_family(out, "auditsim_gzip_modelled_bytes",
	            "Of auditsim_gzip_bytes, the estimate for modelled bodies.");
	prom_sample(out, "auditsim_gzip_modelled_bytes", name, "", vol->gzip_modelled_bytes);
	prom_family(out, "auditsim_modelled_bytes", "Bytes of bodies the recording lacked, modelled.");
	prom_sample(out, "auditsim_modelled_bytes", name, "", vol->modelled_bytes);
	if (vol->rate.known) { /* withheld: no projection to give */
		char basis[48];
		snprintf(basis, sizeof basis, "basis=\"%s\"", projection_basis_name(vol->rate.basis));
		prom_family(out, "auditsim_projection_basis_seconds",
		            "The time the projection per day rests on, and its basis.");
		prom_sample(out, "auditsim_projection_basis_seconds", name, basis,
		            (uint64_t)(vol->rate.basis_seconds + 0.5));
		prom_family(out, "auditsim_projected_events_per_day",
		            "Events per day on the projection's basis, scale applied.");
		prom_sample(out, "auditsim_projected_events_per_day", name, "",
		            (uint64_t)(vol->rate.events_per_day + 0.5));
		prom_family(out, "auditsim_projected_bytes_per_day",
		            "Bytes per day on the projection's basis, scale applied.");
		prom_sample(out, "auditsim_projected_bytes_per_day", name, "",
		            (uint64_t)(vol->rate.bytes_per_day + 0.5));
		prom_family(out, "auditsim_projected_gzip_bytes_per_day",
		            "Compressed bytes per day on the projection's basis, scale applied.");
		prom_sample(out, "auditsim_projected_gzip_bytes_per_day", name, "",
		            (uint64_t)(vol->rate.gzip_bytes_per_day + 0.5));
	}
}

/* --- diff CSV --- */

static void diff_rule_cell(FILE *out, int rule)
{
	if (rule >= 0)
		fprintf(out, "%d", rule);
}

static void diff_volumes(FILE *out, uint64_t requests, const diff_volume *a, const diff_volume *b)
{
	fprintf(out, ",%llu,%llu,%llu,%llu,%llu\n", (unsigned long long)requests,
	        (unsigned long long)a->events, (unsigned long long)b->events,
	        (unsigned long long)a->bytes, (unsigned long long)b->bytes);
}

void export_diff_csv(FILE *out, const diff_report *r, size_t top)
{
	fputs("table,a,b,requests,eventsA,eventsB,bytesA,bytesB\n", out);
	for (int a = 0; a < LEVEL_COUNT; a++)
		for (int b = 0; b < LEVEL_COUNT; b++)
			fprintf(out, "levels,%s,%s,%llu,,,,\n", level_name((audit_level)a),
			        level_name((audit_level)b), (unsigned long long)r->matrix[a][b]);
	fputs("total,,", out);
	diff_volumes(out, r->requests, &r->a, &r->b);
	for (size_t i = 0; i < r->pair_count && i < top; i++) {
		const diff_rule_pair *p = &r->pairs[i];
		fputs("rules,", out);
		diff_rule_cell(out, p->rule_a);
		fputc(',', out);
		diff_rule_cell(out, p->rule_b);
		diff_volumes(out, p->requests, &p->a, &p->b);
	}
	for (size_t i = 0; i < r->resource_count && i < top; i++) {
		fputs("resources,", out);
		csv_text(out, r->resources[i].name);
		fputc(',', out);
		diff_volumes(out, r->resources[i].requests, &r->resources[i].a, &r->resources[i].b);
	}
}
