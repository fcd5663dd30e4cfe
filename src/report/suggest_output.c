#include "suggest_output.h"

#include <stdlib.h>
#include <string.h>

#include "json_out.h"

static void write_comment(FILE *out, const char *text, const char *indent)
{
	while (text && *text) {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		fprintf(out, "%s#%s%.*s\n", indent, len ? " " : "", (int)len, text);
		text = end ? end + 1 : text + len;
	}
}

static void write_list(FILE *out, const char *indent, const char *key, const string_list *list)
{
	if (list->count == 0)
		return;
	fprintf(out, "%s%s: [", indent, key);
	for (size_t i = 0; i < list->count; i++) {
		if (i)
			fputs(", ", out);
		json_write_string(out, (span){ list->items[i], strlen(list->items[i]) });
	}
	fputs("]\n", out);
}

static void write_stages(FILE *out, const char *indent, stage_set stages)
{
	if (!stages)
		return;
	fprintf(out, "%somitStages: [", indent);
	bool first = true;
	for (int s = 0; s < STAGE_COUNT; s++)
		if (stages & STAGE_BIT(s)) {
			fprintf(out, "%s%s", first ? "" : ", ", stage_name((audit_stage)s));
			first = false;
		}
	fputs("]\n", out);
}

static void write_rule(FILE *out, const suggested_rule *rule)
{
	const policy_rule *sel = &rule->selector;
	fprintf(out, "- level: %s\n", level_name(rule->level));
	write_list(out, "  ", "users", &sel->users);
	write_list(out, "  ", "userGroups", &sel->user_groups);
	write_list(out, "  ", "verbs", &sel->verbs);
	if (sel->resource_count)
		fputs("  resources:\n", out);
	for (size_t i = 0; i < sel->resource_count; i++) {
		const group_resources *gr = &sel->resources[i];
		fputs("  - group: ", out);
		json_write_string(out, (span){ gr->group, strlen(gr->group) });
		fputc('\n', out);
		write_list(out, "    ", "resources", &gr->resources);
		write_list(out, "    ", "resourceNames", &gr->resource_names);
	}
	write_list(out, "  ", "namespaces", &sel->namespaces);
	write_list(out, "  ", "nonResourceURLs", &sel->non_resource_urls);
	write_stages(out, "  ", rule->omit_stages);
}

void suggest_write_policy(FILE *out, const suggestion *s, const char *header,
                          const char *const *comments)
{
	write_comment(out, header, "");
	fputs("apiVersion: audit.k8s.io/v1\nkind: Policy\n", out);
	write_stages(out, "", s->omit_stages);
	fputs("omitManagedFields: true\nrules:\n", out);
	for (size_t i = 0; i < s->count; i++) {
		write_comment(out, comments ? comments[i] : NULL, "");
		write_rule(out, &s->rules[i]);
	}
}

char *suggest_policy_text(const suggestion *s, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	suggest_write_policy(out, s, NULL, NULL);
	fclose(out);
	return text;
}

static const char *why_or(const requirement *r) { return r->why[0] ? r->why : "no why given"; }

bool suggest_budget_met(const suggest_summary *s)
{
	return s->per_day && s->row_count > 0 && s->rows[0].bytes / 1e9 <= s->budget_gb;
}

void suggest_write_summary(FILE *out, const suggest_summary *s)
{
	fprintf(out, "auditsim suggest: the cheapest policy meeting %zu requirement%s (%s)\n",
	        s->requirement_count, s->requirement_count == 1 ? "" : "s", s->sources);
	fprintf(out, "%-32s %-22s %s\n", "policy", "requests missing one",
	        s->per_day ? "bytes/day" : "bytes");
	for (size_t i = 0; i < s->row_count; i++)
		fprintf(out, "%-32s %-22llu %.0f\n", s->rows[i].name,
		        (unsigned long long)s->rows[i].requests_failing, s->rows[i].bytes);
	if (!s->budget_asked || s->row_count == 0)
		return;
	double gb = s->rows[0].bytes / 1e9;
	if (!s->per_day)
		fprintf(out, "budget %g GB/day: unknown, the traffic's duration is not (--duration)\n",
		        s->budget_gb);
	else if (suggest_budget_met(s))
		fprintf(out, "budget %g GB/day: met (%.3f GB/day)\n", s->budget_gb, gb);
	else
		fprintf(out, "budget %g GB/day: not met; the least the requirements allow is %.3f "
		        "GB/day, of which %.3f GB/day for %s:%d (%s)\n", s->budget_gb, gb,
		        s->costliest_bytes / 1e9, s->costliest->file, s->costliest->pos.line,
		        why_or(s->costliest));
}
