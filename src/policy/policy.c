#include "policy.h"

#include <stdlib.h>
#include <string.h>

static const char *const level_names[LEVEL_COUNT] = { "None", "Metadata", "Request",
	                                              "RequestResponse" };
static const char *const stage_names[STAGE_COUNT] = { "RequestReceived", "ResponseStarted",
	                                              "ResponseComplete", "Panic" };

const char *level_name(audit_level level)
{
	return (unsigned)level < LEVEL_COUNT ? level_names[level] : "?";
}

bool level_from_name(const char *name, audit_level *out)
{
	for (int i = 0; i < LEVEL_COUNT; i++) {
		if (name && strcmp(name, level_names[i]) == 0) {
			*out = (audit_level)i;
			return true;
		}
	}
	return false;
}

const char *stage_name(audit_stage stage)
{
	return (unsigned)stage < STAGE_COUNT ? stage_names[stage] : "?";
}

bool stage_from_name(const char *name, audit_stage *out)
{
	for (int i = 0; i < STAGE_COUNT; i++) {
		if (name && strcmp(name, stage_names[i]) == 0) {
			*out = (audit_stage)i;
			return true;
		}
	}
	return false;
}

void policy_init(policy *p) { memset(p, 0, sizeof *p); }

void string_list_free(string_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	free(list->pos);
	memset(list, 0, sizeof *list);
}

static void rule_free(policy_rule *rule)
{
	free(rule->level_name);
	string_list_free(&rule->users);
	string_list_free(&rule->user_groups);
	string_list_free(&rule->verbs);
	for (size_t i = 0; i < rule->resource_count; i++) {
		free(rule->resources[i].group);
		string_list_free(&rule->resources[i].resources);
		string_list_free(&rule->resources[i].resource_names);
	}
	free(rule->resources);
	string_list_free(&rule->namespaces);
	string_list_free(&rule->non_resource_urls);
	string_list_free(&rule->omit_stages);
}

void policy_free(policy *p)
{
	for (size_t i = 0; i < p->rule_count; i++)
		rule_free(&p->rules[i]);
	free(p->rules);
	string_list_free(&p->omit_stages);
	free(p->file);
	memset(p, 0, sizeof *p);
}
