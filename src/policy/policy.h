/* policy: the audit.k8s.io/v1 Policy as plain structs.
 * Names follow the Kubernetes API (rules, level, users, userGroups, verbs, resources,
 * namespaces, nonResourceURLs, omitStages, omitManagedFields). The loader fills the raw
 * strings and source positions; the validator checks them and fills the resolved fields
 * (`level`, `omit_stage_mask`). A policy owns every string and array it points to. */
#ifndef AUDITSIM_POLICY_H
#define AUDITSIM_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef enum {
	LEVEL_NONE = 0,
	LEVEL_METADATA,
	LEVEL_REQUEST,
	LEVEL_REQUEST_RESPONSE,
	LEVEL_COUNT
} audit_level;

/* Stages in the order kube-apiserver emits them. */
typedef enum {
	STAGE_REQUEST_RECEIVED = 0,
	STAGE_RESPONSE_STARTED,
	STAGE_RESPONSE_COMPLETE,
	STAGE_PANIC,
	STAGE_COUNT
} audit_stage;

/* A set of stages: bit (1u << stage). */
typedef unsigned stage_set;
#define STAGE_BIT(s) (1u << (s))

typedef enum { TRISTATE_UNSET = 0, TRISTATE_FALSE, TRISTATE_TRUE } tristate;

typedef struct {
	char **items;      /* each NUL-terminated; YAML null entries become "" */
	source_pos *pos;   /* position of each item */
	size_t count;
	source_pos pos_key; /* position of the key (0:0 when absent) */
} string_list;

/* One entry of a rule's `resources` (GroupResources). */
typedef struct {
	char *group; /* "" when absent: the core group; "*" every group */
	string_list resources;
	string_list resource_names;
	source_pos pos;       /* the entry */
	source_pos group_pos; /* the group value (entry position when absent) */
} group_resources;

typedef struct {
	char *level_name;  /* as written; NULL when absent, empty or null */
	source_pos level_pos;
	audit_level level; /* resolved by the validator */
	string_list users;
	string_list user_groups;
	string_list verbs;
	group_resources *resources;
	size_t resource_count;
	source_pos resources_pos;
	string_list namespaces;
	string_list non_resource_urls;
	string_list omit_stages;
	stage_set omit_stage_mask; /* resolved from omit_stages (unknown names ignored) */
	tristate omit_managed_fields;
	source_pos pos; /* the rule's list entry */
} policy_rule;

typedef struct {
	char *file; /* the path it was loaded from, for messages */
	policy_rule *rules;
	size_t rule_count;
	source_pos rules_pos;
	string_list omit_stages;
	stage_set omit_stage_mask;
	bool omit_managed_fields;
	/* The strict decode complained (unknown fields, duplicate keys), so kube-apiserver
	 * would fall back to lenient decoding and log a warning. */
	bool lenient;
} policy;

const char *level_name(audit_level level);
/* Returns true and sets *out when name is exactly one of the four level names. */
bool level_from_name(const char *name, audit_level *out);

const char *stage_name(audit_stage stage);
bool stage_from_name(const char *name, audit_stage *out);

void policy_init(policy *p);
void policy_free(policy *p);
void string_list_free(string_list *list);

#endif
