/* kube-apiserver's ValidatePolicy (pkg/apis/audit/validation/validation.go): the same
 * checks, field paths, order and messages, then the reader's "0 rules" check. */
#include "policy_validator.h"

#include <stdlib.h>
#include <string.h>

#include "go_quote.h"
#include "xalloc.h"

#define DNS1123_SUBDOMAIN_MAX 253
#define DNS1123_SUBDOMAIN_MESSAGE                                                             \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "  \
	"'-' or '.', and must start and end with an alphanumeric character (e.g. "            \
	"'example.com', regex used for validation is "                                         \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

typedef struct {
	diag_list *diags;
	size_t errors;
	kube_version version;
} validation;

/* A non-string bad value as apimachinery's field errors print it: Go's %#v before 1.34,
 * JSON since (AM@v34 field/errors.go). Newly allocated. */
static char *shown_list(const validation *v, const string_list *list)
{
	if (kube_version_at_least(v->version, 34))
		return go_json_string_slice(list->items, list->count);
	return go_string_slice(list->items, list->count);
}

/* The level is a named string type: %#v quotes it like %q before 1.34, JSON since. */
static char *shown_level(const validation *v, const char *level)
{
	if (kube_version_at_least(v->version, 34))
		return go_json_quote(level, strlen(level));
	return go_quote(level, strlen(level));
}

static void invalid_string(validation *v, source_pos pos, const char *field, const char *value,
                           const char *detail)
{
	char *quoted = go_quote(value, strlen(value));
	diag_add(v->diags, DIAG_ERROR, pos, field, "Invalid value: %s: %s", quoted, detail);
	free(quoted);
	v->errors++;
}

static void invalid_list(validation *v, source_pos pos, const char *field, const string_list *list,
                         const char *detail)
{
	char *shown = shown_list(v, list);
	diag_add(v->diags, DIAG_ERROR, pos, field, "Invalid value: %s: %s", shown, detail);
	free(shown);
	v->errors++;
}

/* Fills *mask from the names it knows; reports the others at prefix[j]. */
static void validate_omit_stages(validation *v, const string_list *stages, const char *prefix,
                                 stage_set *mask)
{
	*mask = 0;
	for (size_t j = 0; j < stages->count; j++) {
		audit_stage stage;
		if (stage_from_name(stages->items[j], &stage)) {
			*mask |= STAGE_BIT(stage);
			continue;
		}
		char *field = xasprintf("%s[%zu]", prefix, j);
		invalid_string(v, stages->pos[j], field, stages->items[j],
		               "allowed stages are "
		               "RequestReceived,ResponseStarted,ResponseComplete,Panic");
		free(field);
	}
}

static void validate_level(validation *v, policy_rule *rule, const char *prefix)
{
	char *field = xasprintf("%s.level", prefix);
	if (!rule->level_name || !*rule->level_name) {
		diag_add(v->diags, DIAG_ERROR, rule->pos, field, "Required value");
		v->errors++;
	} else if (!level_from_name(rule->level_name, &rule->level)) {
		char *quoted = shown_level(v, rule->level_name);
		diag_add(v->diags, DIAG_ERROR, rule->level_pos, field,
		         "Unsupported value: %s: supported values: \"None\", \"Metadata\", "
		         "\"Request\", \"RequestResponse\"",
		         quoted);
		free(quoted);
		v->errors++;
	}
	free(field);
}

static void validate_non_resource_urls(validation *v, const string_list *urls, const char *prefix)
{
	for (size_t j = 0; j < urls->count; j++) {
		const char *url = urls->items[j];
		size_t len = strlen(url);
		if (strcmp(url, "*") == 0)
			continue;
		char *field = xasprintf("%s.nonResourceURLs[%zu]", prefix, j);
		if (url[0] != '/')
			invalid_string(v, urls->pos[j], field, url,
			               "non-resource URL rules must begin with a '/' character");
		if (len > 0 && memchr(url, '*', len - 1))
			invalid_string(v, urls->pos[j], field, url,
			               "non-resource URL wildcards '*' must be the final character of "
			               "the rule");
		free(field);
	}
}

static bool is_dns1123_label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? labels joined by '.' */
static bool matches_dns1123_subdomain(const char *s)
{
	size_t label_len = 0;
	char prev = '.';
	for (const char *p = s;; p++) {
		char c = *p;
		if (c == '.' || c == '\0') {
			if (label_len == 0 || prev == '-')
				return false;
			if (c == '\0')
				return true;
			label_len = 0;
		} else if (is_dns1123_label_char(c) || (c == '-' && label_len > 0)) {
			label_len++;
		} else {
			return false;
		}
		prev = c;
	}
}

/* "*" (every group) is exempt from the DNS check since 1.36 (#135262); before, it is
 * checked, and refused, like any other group. */
static bool group_is_exempt(const validation *v, const char *group)
{
	return !*group || (kube_version_at_least(v->version, 36) && strcmp(group, "*") == 0);
}

static void validate_group(validation *v, const group_resources *entry, const char *field)
{
	const char *group = entry->group ? entry->group : "";
	if (group_is_exempt(v, group))
		return;
	bool too_long = strlen(group) > DNS1123_SUBDOMAIN_MAX;
	bool bad_form = !matches_dns1123_subdomain(group);
	if (too_long && bad_form)
		invalid_string(v, entry->group_pos, field, group,
		               "must be no more than 253 characters," DNS1123_SUBDOMAIN_MESSAGE);
	else if (too_long)
		invalid_string(v, entry->group_pos, field, group, "must be no more than 253 characters");
	else if (bad_form)
		invalid_string(v, entry->group_pos, field, group, DNS1123_SUBDOMAIN_MESSAGE);
}

/* Upstream's paths for resources carry no index: rules[i].resources.group. */
static void validate_resources(validation *v, const policy_rule *rule, const char *prefix)
{
	char *group_field = xasprintf("%s.resources.group", prefix);
	char *names_field = xasprintf("%s.resources.resourceNames", prefix);
	for (size_t k = 0; k < rule->resource_count; k++) {
		const group_resources *entry = &rule->resources[k];
		validate_group(v, entry, group_field);
		if (entry->resource_names.count > 0 && entry->resources.count == 0) {
			source_pos pos = entry->resource_names.pos_key.line ? entry->resource_names.pos_key
			                                                    : entry->pos;
			invalid_list(v, pos, names_field, &entry->resource_names,
			             "using resourceNames requires at least one resource");
		}
	}
	free(group_field);
	free(names_field);
}

static void validate_rule(validation *v, policy_rule *rule, size_t index)
{
	char *prefix = xasprintf("rules[%zu]", index);
	validate_level(v, rule, prefix);
	validate_non_resource_urls(v, &rule->non_resource_urls, prefix);
	validate_resources(v, rule, prefix);
	char *stages_prefix = xasprintf("%s.omitStages", prefix);
	validate_omit_stages(v, &rule->omit_stages, stages_prefix, &rule->omit_stage_mask);
	free(stages_prefix);
	if (rule->non_resource_urls.count > 0 &&
	    (rule->resource_count > 0 || rule->namespaces.count > 0)) {
		char *field = xasprintf("%s.nonResourceURLs", prefix);
		invalid_list(v, rule->non_resource_urls.pos_key, field, &rule->non_resource_urls,
		             "rules cannot apply to both regular resources and non-resource URLs");
		free(field);
	}
	free(prefix);
}

bool policy_validate(policy *p, diag_list *diags)
{
	return policy_validate_for(p, KUBE_VERSION_NEWEST, diags);
}

bool policy_validate_for(policy *p, kube_version version, diag_list *diags)
{
	validation v = { diags, 0, version };
	validate_omit_stages(&v, &p->omit_stages, "omitStages", &p->omit_stage_mask);
	for (size_t i = 0; i < p->rule_count; i++)
		validate_rule(&v, &p->rules[i], i);
	if (v.errors == 0 && p->rule_count == 0) {
		source_pos pos = p->rules_pos.line ? p->rules_pos : (source_pos){ 1, 1 };
		diag_add(diags, DIAG_ERROR, pos, NULL, "loaded illegal policy with 0 rules");
		v.errors++;
	}
	return v.errors == 0;
}
