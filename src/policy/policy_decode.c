#include "policy_decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closest_name.h"
#include "go_quote.h"
#include "strbuf.h"
#include "xalloc.h"

typedef struct {
	diag_list *diags;
	doc_format format;
	strbuf path; /* the Kubernetes field path of what is being decoded */
	size_t errors;
	bool strict_pass; /* false: lenient decoding only (before 1.26) */
	bool lenient;
} decoder;

/* Returns whether the pair's name is a field of the target (false: unknown field). */
typedef bool (*field_decoder)(decoder *dec, const doc_pair *pair, void *target);

/* A field of a decoded struct, for "did you mean": with what dropping it does to the
 * policy, since a misspelt selector is not an error to kube-apiserver but a wider rule. */
typedef struct {
	const char *name;
	const char *if_dropped; /* NULL: nothing worth saying */
} known_field;

typedef struct {
	const known_field *fields;
	size_t count;
} field_set;

#define FIELD_SET(a) (&(const field_set){ (a), sizeof(a) / sizeof((a)[0]) })

static const known_field group_resources_fields[] = {
	{ "group", "so this entry means the core group \"\"" },
	{ "resources", "so this entry matches every resource in its group" },
	{ "resourceNames", "so this entry matches every name" },
};

static const known_field rule_fields[] = {
	{ "level", NULL },
	{ "users", "so this rule now matches every user" },
	{ "userGroups", "so this rule now matches every group" },
	{ "verbs", "so this rule now matches every verb" },
	{ "resources", "so this rule no longer limits which resources it matches" },
	{ "namespaces", "so this rule now matches every namespace" },
	{ "nonResourceURLs", "so this rule no longer limits which non-resource URLs it matches" },
	{ "omitStages", "so this rule omits no stage beyond the policy's" },
	{ "omitManagedFields", "so the policy's omitManagedFields applies" },
};

static const known_field policy_fields[] = {
	{ "apiVersion", NULL },
	{ "kind", NULL },
	{ "metadata", NULL },
	{ "rules", "so the policy has no rules and logs nothing" },
	{ "omitStages", "so no stage is omitted policy-wide" },
	{ "omitManagedFields", "so managed fields are kept" },
};

static size_t path_push_field(decoder *dec, const char *name, size_t len)
{
	size_t mark = dec->path.len;
	if (dec->path.len)
		strbuf_putc(&dec->path, '.');
	strbuf_put(&dec->path, name, len);
	return mark;
}

static size_t path_push_index(decoder *dec, size_t index)
{
	size_t mark = dec->path.len;
	char buf[32];
	int n = snprintf(buf, sizeof buf, "[%zu]", index);
	strbuf_put(&dec->path, buf, (size_t)n);
	return mark;
}

static void path_pop(decoder *dec, size_t mark) { strbuf_truncate(&dec->path, mark); }

static const char *path_now(const decoder *dec) { return dec->path.len ? dec->path.data : NULL; }

static void type_error(decoder *dec, const doc_node *node, const char *expected)
{
	const char *kind = doc_kind_name(node, dec->format);
	dec->errors++;
	if (node->kind == DOC_SEQ || node->kind == DOC_MAP) {
		diag_add(dec->diags, DIAG_ERROR, node->pos, path_now(dec), "expected %s, got %s",
		         expected, kind);
	} else if (node->kind == DOC_STRING) {
		char *quoted = go_quote(node->text, node->len);
		diag_add(dec->diags, DIAG_ERROR, node->pos, path_now(dec), "expected %s, got %s (%s)",
		         expected, kind, quoted);
		free(quoted);
	} else {
		diag_add(dec->diags, DIAG_ERROR, node->pos, path_now(dec), "expected %s, got %s (%s)",
		         expected, kind, node->text);
	}
}

/* The field of known a misspelt name most likely meant; NULL when none is close. */
static const known_field *meant_field(const doc_pair *pair, const field_set *known)
{
	if (!known || memchr(pair->name, '\0', pair->name_len))
		return NULL;
	const char *names[16];
	size_t n = known->count < 16 ? known->count : 16;
	for (size_t i = 0; i < n; i++)
		names[i] = known->fields[i].name;
	char *name = xstrndup(pair->name, pair->name_len);
	const char *meant = closest_name(name, names, n);
	free(name);
	for (size_t i = 0; meant && i < n; i++)
		if (names[i] == meant)
			return &known->fields[i];
	return NULL;
}

/* What kube-apiserver does about a strict complaint: since 1.26 it falls back to
 * lenient decoding (and logs it), before it decodes leniently only and says nothing. */
static const char *unknown_field_outcome(const decoder *dec)
{
	return dec->strict_pass ? "kube-apiserver falls back to lenient decoding, which drops it"
	                        : "kube-apiserver before 1.26 decodes leniently only and drops "
	                          "it without a warning";
}

static void note_strict_complaint(decoder *dec, diag *d, const char *code)
{
	d->code = xstrdup(code);
	if (dec->strict_pass)
		dec->lenient = true;
}

static void warn_unknown(decoder *dec, const doc_pair *pair, const field_set *known)
{
	char *quoted = go_quote(pair->name, pair->name_len);
	const known_field *meant = meant_field(pair, known);
	diag *d;
	if (meant)
		d = diag_add(dec->diags, DIAG_WARNING, pair->pos, path_now(dec),
		             "unknown field %s (did you mean \"%s\"?): %s%s%s", quoted, meant->name,
		             unknown_field_outcome(dec), meant->if_dropped ? ", " : "",
		             meant->if_dropped ? meant->if_dropped : "");
	else
		d = diag_add(dec->diags, DIAG_WARNING, pair->pos, path_now(dec),
		             "unknown field %s: %s", quoted, unknown_field_outcome(dec));
	note_strict_complaint(dec, d, "UNKNOWN_FIELD");
	free(quoted);
}

static void warn_duplicate(decoder *dec, const doc_pair *pair)
{
	char *quoted = go_quote(pair->name, pair->name_len);
	const char *outcome = dec->strict_pass ? "kube-apiserver falls back to lenient decoding, "
	                                         "where the last one wins"
	                                       : "kube-apiserver before 1.26 decodes leniently "
	                                         "only and keeps the last one without a warning";
	diag *d = diag_add(dec->diags, DIAG_WARNING, pair->pos, path_now(dec),
	                   "duplicate key %s (first at %d:%d): %s", quoted, pair->first_pos.line,
	                   pair->first_pos.col, outcome);
	note_strict_complaint(dec, d, "DUPLICATE_KEY");
	free(quoted);
}

static void decode_fields(decoder *dec, const doc_node *map, field_decoder decode, void *target,
                          const field_set *known)
{
	for (size_t i = 0; i < map->pair_count; i++) {
		const doc_pair *pair = &map->pairs[i];
		size_t mark = path_push_field(dec, pair->name, pair->name_len);
		if (pair->duplicate)
			warn_duplicate(dec, pair);
		/* YAML becomes a JSON object first, which keeps only the last of equal keys;
		 * a JSON file's duplicates are each decoded in turn. */
		bool dropped = pair->shadowed && dec->format == DOC_FORMAT_YAML;
		if (!dropped && !decode(dec, pair, target))
			warn_unknown(dec, pair, known);
		path_pop(dec, mark);
	}
}

/* encoding/json leaves a string alone when the value is null. */
static void decode_string(decoder *dec, const doc_node *value, char **out)
{
	if (value->kind == DOC_STRING) {
		free(*out);
		*out = xstrndup(value->text, value->len);
	} else if (value->kind != DOC_NULL) {
		type_error(dec, value, "a string");
	}
}

static char *list_item(decoder *dec, const doc_node *item)
{
	if (item->kind == DOC_STRING)
		return xstrndup(item->text, item->len);
	if (item->kind != DOC_NULL)
		type_error(dec, item, "a string");
	return xstrdup("");
}

static void decode_string_list(decoder *dec, const doc_pair *pair, string_list *out)
{
	const doc_node *value = pair->value;
	if (value->kind != DOC_SEQ && value->kind != DOC_NULL) {
		type_error(dec, value, "a list of strings");
		return;
	}
	string_list_free(out);
	out->pos_key = pair->pos;
	if (value->kind == DOC_NULL || value->item_count == 0)
		return;
	out->count = value->item_count;
	out->items = xcalloc(out->count, sizeof *out->items);
	out->pos = xcalloc(out->count, sizeof *out->pos);
	for (size_t i = 0; i < out->count; i++) {
		size_t mark = path_push_index(dec, i);
		out->items[i] = list_item(dec, value->items[i]);
		out->pos[i] = value->items[i]->pos;
		path_pop(dec, mark);
	}
}

static void check_string_list(decoder *dec, const doc_pair *pair)
{
	string_list discarded = { 0 };
	decode_string_list(dec, pair, &discarded);
	string_list_free(&discarded);
}

static void decode_bool(decoder *dec, const doc_node *value, bool *out)
{
	if (value->kind == DOC_BOOL)
		*out = value->boolean;
	else if (value->kind != DOC_NULL)
		type_error(dec, value, "a bool");
}

/* A *bool: null makes it unset again. */
static void decode_tristate(decoder *dec, const doc_node *value, tristate *out)
{
	if (value->kind == DOC_BOOL)
		*out = value->boolean ? TRISTATE_TRUE : TRISTATE_FALSE;
	else if (value->kind == DOC_NULL)
		*out = TRISTATE_UNSET;
	else
		type_error(dec, value, "a bool");
}

static void free_group_resources(group_resources *entries, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(entries[i].group);
		string_list_free(&entries[i].resources);
		string_list_free(&entries[i].resource_names);
	}
	free(entries);
}

static bool group_resources_field(decoder *dec, const doc_pair *pair, void *target)
{
	group_resources *entry = target;
	if (doc_pair_is(pair, "group")) {
		decode_string(dec, pair->value, &entry->group);
		entry->group_pos = pair->value->pos;
	} else if (doc_pair_is(pair, "resources")) {
		decode_string_list(dec, pair, &entry->resources);
	} else if (doc_pair_is(pair, "resourceNames")) {
		decode_string_list(dec, pair, &entry->resource_names);
	} else {
		return false;
	}
	return true;
}

static void decode_resources(decoder *dec, const doc_pair *pair, policy_rule *rule)
{
	const doc_node *value = pair->value;
	if (value->kind != DOC_SEQ && value->kind != DOC_NULL) {
		type_error(dec, value, "a list of resources (group, resources, resourceNames)");
		return;
	}
	free_group_resources(rule->resources, rule->resource_count);
	rule->resources = NULL;
	rule->resource_count = value->kind == DOC_SEQ ? value->item_count : 0;
	rule->resources_pos = pair->pos;
	if (rule->resource_count == 0)
		return;
	rule->resources = xcalloc(rule->resource_count, sizeof *rule->resources);
	for (size_t i = 0; i < rule->resource_count; i++) {
		const doc_node *item = value->items[i];
		group_resources *entry = &rule->resources[i];
		entry->group = xstrdup("");
		entry->pos = entry->group_pos = item->pos;
		size_t mark = path_push_index(dec, i);
		if (item->kind == DOC_MAP)
			decode_fields(dec, item, group_resources_field, entry, FIELD_SET(group_resources_fields));
		else if (item->kind != DOC_NULL)
			type_error(dec, item, "a map (group, resources, resourceNames)");
		path_pop(dec, mark);
	}
}

static string_list *rule_string_list(policy_rule *rule, const doc_pair *pair)
{
	if (doc_pair_is(pair, "users"))
		return &rule->users;
	if (doc_pair_is(pair, "userGroups"))
		return &rule->user_groups;
	if (doc_pair_is(pair, "verbs"))
		return &rule->verbs;
	if (doc_pair_is(pair, "namespaces"))
		return &rule->namespaces;
	if (doc_pair_is(pair, "nonResourceURLs"))
		return &rule->non_resource_urls;
	if (doc_pair_is(pair, "omitStages"))
		return &rule->omit_stages;
	return NULL;
}

static bool rule_field(decoder *dec, const doc_pair *pair, void *target)
{
	policy_rule *rule = target;
	string_list *list = rule_string_list(rule, pair);
	if (list) {
		decode_string_list(dec, pair, list);
	} else if (doc_pair_is(pair, "level")) {
		decode_string(dec, pair->value, &rule->level_name);
		rule->level_pos = pair->value->pos;
	} else if (doc_pair_is(pair, "resources")) {
		decode_resources(dec, pair, rule);
	} else if (doc_pair_is(pair, "omitManagedFields")) {
		decode_tristate(dec, pair->value, &rule->omit_managed_fields);
	} else {
		return false;
	}
	return true;
}

static void free_rules(policy *p)
{
	policy old;
	policy_init(&old);
	old.rules = p->rules;
	old.rule_count = p->rule_count;
	policy_free(&old);
	p->rules = NULL;
	p->rule_count = 0;
}

static void decode_rules(decoder *dec, const doc_pair *pair, policy *p)
{
	const doc_node *value = pair->value;
	if (value->kind != DOC_SEQ && value->kind != DOC_NULL) {
		type_error(dec, value, "a list of rules");
		return;
	}
	free_rules(p);
	p->rules_pos = pair->pos;
	if (value->kind == DOC_NULL || value->item_count == 0)
		return;
	p->rule_count = value->item_count;
	p->rules = xcalloc(p->rule_count, sizeof *p->rules);
	for (size_t i = 0; i < p->rule_count; i++) {
		const doc_node *item = value->items[i];
		p->rules[i].pos = item->pos;
		size_t mark = path_push_index(dec, i);
		/* A null entry decodes to an empty rule, which validation then rejects. */
		if (item->kind == DOC_MAP)
			decode_fields(dec, item, rule_field, &p->rules[i], FIELD_SET(rule_fields));
		else if (item->kind != DOC_NULL)
			type_error(dec, item, "a rule (a map)");
		path_pop(dec, mark);
	}
}

/* Go's time.Parse(time.RFC3339, s): 2006-01-02T15:04:05[.frac](Z|+07:00), in range. */
static bool digits_at(const char *s, size_t at, size_t n, int *value)
{
	*value = 0;
	for (size_t i = at; i < at + n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*value = *value * 10 + (s[i] - '0');
	}
	return true;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

static bool is_rfc3339_zone(const char *s, size_t len)
{
	int hour, minute;
	if (len == 1)
		return s[0] == 'Z';
	return len == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' &&
	       digits_at(s, 1, 2, &hour) && digits_at(s, 4, 2, &minute) && hour < 24 &&
	       minute < 60;
}

static bool is_rfc3339(const char *s, size_t len)
{
	int year, month, day, hour, minute, second;
	if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return false;
	if (!digits_at(s, 0, 4, &year) || !digits_at(s, 5, 2, &month) ||
	    !digits_at(s, 8, 2, &day) || !digits_at(s, 11, 2, &hour) ||
	    !digits_at(s, 14, 2, &minute) || !digits_at(s, 17, 2, &second))
		return false;
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
	    minute > 59 || second > 59)
		return false;
	size_t i = 19;
	if (s[i] == '.' || s[i] == ',') {
		size_t start = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	return is_rfc3339_zone(s + i, len - i);
}

static void check_time(decoder *dec, const doc_node *value)
{
	if (value->kind == DOC_STRING && !is_rfc3339(value->text, value->len)) {
		char *quoted = go_quote(value->text, value->len);
		dec->errors++;
		diag_add(dec->diags, DIAG_ERROR, value->pos, path_now(dec),
		         "expected an RFC 3339 time such as 2024-01-02T15:04:05Z, got %s", quoted);
		free(quoted);
	} else if (value->kind != DOC_STRING && value->kind != DOC_NULL) {
		type_error(dec, value, "a string (an RFC 3339 time)");
	}
}

static bool string_map_entry(decoder *dec, const doc_pair *pair, void *target)
{
	(void)target;
	if (pair->value->kind != DOC_STRING && pair->value->kind != DOC_NULL)
		type_error(dec, pair->value, "a string");
	return true;
}

static void check_string_map(decoder *dec, const doc_node *value)
{
	if (value->kind == DOC_MAP)
		decode_fields(dec, value, string_map_entry, NULL, NULL);
	else if (value->kind != DOC_NULL)
		type_error(dec, value, "a map of strings");
}

static bool is_meta_string_field(const doc_pair *pair)
{
	static const char *const names[] = { "name",     "generateName",   "namespace",
		                             "selfLink", "uid",            "resourceVersion" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (doc_pair_is(pair, names[i]))
			return true;
	}
	return false;
}

/* metadata (ObjectMeta) is ignored, but its common fields must have ObjectMeta's types. */
static bool object_meta_field(decoder *dec, const doc_pair *pair, void *target)
{
	(void)target;
	const doc_node *value = pair->value;
	if (is_meta_string_field(pair)) {
		if (value->kind != DOC_STRING && value->kind != DOC_NULL)
			type_error(dec, value, "a string");
	} else if (doc_pair_is(pair, "generation") || doc_pair_is(pair, "deletionGracePeriodSeconds")) {
		if (value->kind != DOC_INT && value->kind != DOC_NULL)
			type_error(dec, value, "an integer");
	} else if (doc_pair_is(pair, "creationTimestamp") || doc_pair_is(pair, "deletionTimestamp")) {
		check_time(dec, value);
	} else if (doc_pair_is(pair, "labels") || doc_pair_is(pair, "annotations")) {
		check_string_map(dec, value);
	} else if (doc_pair_is(pair, "finalizers")) {
		check_string_list(dec, pair);
	} else if (doc_pair_is(pair, "ownerReferences") || doc_pair_is(pair, "managedFields")) {
		if (value->kind != DOC_SEQ && value->kind != DOC_NULL)
			type_error(dec, value, "a list");
	} else {
		return false;
	}
	return true;
}

static bool policy_field(decoder *dec, const doc_pair *pair, void *target)
{
	policy *p = target;
	if (doc_pair_is(pair, "apiVersion") || doc_pair_is(pair, "kind")) {
		/* checked by the loader before the body is decoded */
	} else if (doc_pair_is(pair, "metadata")) {
		if (pair->value->kind == DOC_MAP)
			decode_fields(dec, pair->value, object_meta_field, NULL, NULL);
		else if (pair->value->kind != DOC_NULL)
			type_error(dec, pair->value, "a map (ObjectMeta)");
	} else if (doc_pair_is(pair, "rules")) {
		decode_rules(dec, pair, p);
	} else if (doc_pair_is(pair, "omitStages")) {
		decode_string_list(dec, pair, &p->omit_stages);
	} else if (doc_pair_is(pair, "omitManagedFields")) {
		decode_bool(dec, pair->value, &p->omit_managed_fields);
	} else {
		return false;
	}
	return true;
}

size_t policy_decode(const doc_node *root, doc_format format, bool strict_pass, policy *out,
                     diag_list *diags)
{
	decoder dec = { .diags = diags, .format = format, .strict_pass = strict_pass };
	decode_fields(&dec, root, policy_field, out, FIELD_SET(policy_fields));
	out->lenient = dec.lenient;
	strbuf_free(&dec.path);
	return dec.errors;
}
