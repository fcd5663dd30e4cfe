/* export_formats: CSV and Prometheus writers (see export_formats.h). */
#include "export_formats.h"

#include <string.h>

#include "policy.h"

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

static long long member(const json_t *o, const char *key)
{
	const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

/* One row; requests < 0 leaves the cell empty (the volume tables count no requests). */
static void summary_row(FILE *out, const char *dimension, const char *name, const char *level,
                        long long line, long long requests, long long events, long long bytes)
{
	fprintf(out, "%s,", dimension);
	csv_text(out, name);
	fprintf(out, ",%s,", level ? level : "");
	if (line > 0)
		fprintf(out, "%lld", line);
	fputc(',', out);
	if (requests >= 0)
		fprintf(out, "%lld", requests);
	fprintf(out, ",%lld,%lld\n", events, bytes);
}

static void summary_tops(FILE *out, const json_t *vol)
{
	static const char *const keys[][2] = { { "topUsers", "user" }, { "topResources", "resource" },
		                                { "topVerbs", "verb" }, { "topNamespaces", "namespace" } };
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		const json_t *list = json_object_get(vol, keys[k][0]);
		for (size_t i = 0; i < json_array_size(list); i++) {
			const json_t *e = json_array_get(list, i);
			summary_row(out, keys[k][1], json_string_value(json_object_get(e, "name")), NULL, 0, -1,
			            member(e, "events"), member(e, "bytes"));
		}
	}
}

void export_summary_csv(FILE *out, const json_t *doc)
{
	const json_t *vol = json_object_get(doc, "volume");
	fputs("dimension,name,level,line,requests,events,bytes\n", out);
	summary_row(out, "total", "", NULL, 0, member(doc, "requests"), member(doc, "events"),
	            member(vol, "bytes"));
	for (int l = 0; l < LEVEL_COUNT; l++) {
		const char *name = level_name((audit_level)l);
		const json_t *c = json_object_get(json_object_get(doc, "byLevel"), name);
		summary_row(out, "level", name, name, 0, member(c, "requests"), member(c, "events"),
		            member(json_object_get(json_object_get(vol, "byLevel"), name), "bytes"));
	}
	for (int s = 0; s < STAGE_COUNT; s++) {
		const char *name = stage_name((audit_stage)s);
		const json_t *b = json_object_get(json_object_get(vol, "byStage"), name);
		summary_row(out, "stage", name, NULL, 0, -1, member(b, "events"), member(b, "bytes"));
	}
	const json_t *rules = json_object_get(doc, "byRule"), *vrules = json_object_get(vol, "byRule");
	for (size_t i = 0; i < json_array_size(rules); i++) {
		const json_t *r = json_array_get(rules, i);
		char index[24];
		snprintf(index, sizeof index, "%zu", i);
		summary_row(out, "rule", index, json_string_value(json_object_get(r, "level")),
		            member(r, "line"), member(r, "requests"), member(r, "events"),
		            member(json_array_get(vrules, i), "bytes"));
	}
	const json_t *u = json_object_get(doc, "unmatched");
	summary_row(out, "unmatched", "", "None", 0, member(u, "requests"), member(u, "events"), 0);
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
                        long long value)
{
	fprintf(out, "%s{policy=", name);
	prom_label_value(out, policy);
	fprintf(out, "%s%s} %lld\n", *labels ? "," : "", labels, value);
}

static void prom_by_name(FILE *out, const char *name, const char *help, const char *policy,
                         const json_t *table, const char *label, const char *const *keys,
                         size_t count, const char *member_name)
{
	prom_family(out, name, help);
	for (size_t i = 0; i < count; i++) {
		char labels[64];
		snprintf(labels, sizeof labels, "%s=\"%s\"", label, keys[i]);
		prom_sample(out, name, policy, labels, member(json_object_get(table, keys[i]), member_name));
	}
}

static void prom_rules(FILE *out, const char *name, const char *help, const char *policy,
                       const json_t *rules, const json_t *counts, const char *member_name)
{
	prom_family(out, name, help);
	for (size_t i = 0; i < json_array_size(rules); i++) {
		const json_t *r = json_array_get(rules, i);
		const char *level = json_string_value(json_object_get(r, "level"));
		char labels[96];
		snprintf(labels, sizeof labels, "rule=\"%zu\",line=\"%lld\",level=\"%s\"", i,
		         member(r, "line"), level ? level : "");
		prom_sample(out, name, policy, labels, member(json_array_get(counts, i), member_name));
	}
}

void export_prom(FILE *out, const json_t *doc)
{
	const char *levels[LEVEL_COUNT], *stages[STAGE_COUNT];
	for (int l = 0; l < LEVEL_COUNT; l++)
		levels[l] = level_name((audit_level)l);
	for (int s = 0; s < STAGE_COUNT; s++)
		stages[s] = stage_name((audit_stage)s);
	const char *policy = json_string_value(json_object_get(doc, "policy"));
	const json_t *vol = json_object_get(doc, "volume");
	const json_t *rules = json_object_get(doc, "byRule");
	prom_by_name(out, "auditsim_requests", "Requests replayed, by the level the policy gave them.",
	             policy, json_object_get(doc, "byLevel"), "level", levels, LEVEL_COUNT, "requests");
	prom_by_name(out, "auditsim_events", "Audit events the policy writes, by level.", policy,
	             json_object_get(vol, "byLevel"), "level", levels, LEVEL_COUNT, "events");
	prom_by_name(out, "auditsim_bytes", "Bytes of audit log the policy writes (modelled bodies included), by level.",
	             policy, json_object_get(vol, "byLevel"), "level", levels, LEVEL_COUNT, "bytes");
	prom_by_name(out, "auditsim_stage_events", "Audit events the policy writes, by stage.", policy,
	             json_object_get(vol, "byStage"), "stage", stages, STAGE_COUNT, "events");
	prom_by_name(out, "auditsim_stage_bytes", "Bytes of audit log the policy writes, by stage.",
	             policy, json_object_get(vol, "byStage"), "stage", stages, STAGE_COUNT, "bytes");
	prom_rules(out, "auditsim_rule_requests", "Requests decided by each rule.", policy, rules, rules,
	           "requests");
	prom_rules(out, "auditsim_rule_events", "Audit events written for the requests each rule decided.",
	           policy, rules, json_object_get(vol, "byRule"), "events");
	prom_rules(out, "auditsim_rule_bytes", "Bytes written for the requests each rule decided.",
	           policy, rules, json_object_get(vol, "byRule"), "bytes");
	prom_family(out, "auditsim_gzip_bytes", "The written log compressed with zlib at level 6.");
	prom_sample(out, "auditsim_gzip_bytes", policy, "", member(vol, "gzipBytes"));
	prom_family(out, "auditsim_modelled_bytes", "Bytes of bodies the recording lacked, modelled.");
	prom_sample(out, "auditsim_modelled_bytes", policy, "", member(vol, "modelledBytes"));
	const json_t *per_day = json_object_get(vol, "gbPerDay");
	if (json_is_number(per_day)) {
		prom_family(out, "auditsim_projected_bytes_per_day",
		            "Bytes per day at the recording's rate.");
		prom_sample(out, "auditsim_projected_bytes_per_day", policy, "",
		            (long long)(json_number_value(per_day) * 1e9 + 0.5));
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
