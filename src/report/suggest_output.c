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
