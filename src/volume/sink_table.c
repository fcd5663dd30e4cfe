/* sink_table: see sink_table.h. One reader per file; every check adds its error and the
 * reading goes on, so one run shows every mistake of a file. */
#include "sink_table.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "xalloc.h"
#include "yaml_doc.h"

#define SINKS_MAX_BYTES ((size_t)1 << 20)

typedef struct {
	diag_list *diags;
	doc_format format;
	size_t errors;
} reader;

static void error_at(reader *r, const doc_node *node, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void error_at(reader *r, const doc_node *node, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_addv(r->diags, DIAG_ERROR, node->pos, field, fmt, ap);
	va_end(ap);
	r->errors++;
}

/* ---- scalars ---- */

static bool read_number(reader *r, const doc_node *node, const char *field, double *out)
{
	if (node->kind != DOC_INT && node->kind != DOC_FLOAT) {
		error_at(r, node, field, "must be a number, not %s", doc_kind_name(node, r->format));
		return false;
	}
	*out = strtod(node->text, NULL);
	return true;
}

static void read_nonnegative(reader *r, const doc_node *node, const char *field, double *out)
{
	if (read_number(r, node, field, out) && !(*out >= 0))
		error_at(r, node, field, "must be 0 or more, not %s", node->text);
}

static bool read_string(reader *r, const doc_node *node, const char *field, const char **out)
{
	if (node->kind != DOC_STRING) {
		error_at(r, node, field, "must be a string, not %s", doc_kind_name(node, r->format));
		return false;
	}
	*out = node->text;
	return true;
}

static void read_bool(reader *r, const doc_node *node, const char *field, bool *out)
{
	if (node->kind != DOC_BOOL)
		error_at(r, node, field, "must be true or false, not %s", doc_kind_name(node, r->format));
	else
		*out = node->boolean;
}

/* A sink's name is what --sink takes: lower-case letters, digits and dashes. */
static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	}
	return true;
}

static bool valid_currency(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= 'A' && s[2] <= 'Z';
}

/* ---- maps with a fixed set of keys ---- */

/* Checks that node is a map whose keys are all in names (count of them), each once;
 * sets values[i] to the value of names[i], or NULL. Returns false when not a map. */
static bool read_keys(reader *r, const doc_node *node, const char *field, const char *what,
                      const char *const *names, size_t count, const doc_node **values)
{
	for (size_t i = 0; i < count; i++)
		values[i] = NULL;
	if (node->kind != DOC_MAP) {
		error_at(r, node, field, "must be a map (%s), not %s", what,
		         doc_kind_name(node, r->format));
		return false;
	}
	for (size_t p = 0; p < node->pair_count; p++) {
		const doc_pair *pair = &node->pairs[p];
		size_t i = 0;
		while (i < count && !doc_pair_is(pair, names[i]))
			i++;
		if (i == count)
			error_at(r, pair->key, field, "unknown key \"%s\" (%s)", pair->name, what);
		else if (values[i])
			error_at(r, pair->key, field, "duplicate key \"%s\"", pair->name);
		else
			values[i] = pair->value;
	}
	return true;
}

static void require(reader *r, const doc_node *map, const char *field, const char *key,
                    const doc_node *value)
{
	if (!value)
		error_at(r, map, field, "missing %s", key);
}

/* ---- one sink ---- */

enum {
	K_NAME, K_DESCRIPTION, K_UNIT, K_CURRENCY, K_INGESTION, K_FREE, K_INCLUDED,
	K_RETENTION_PRICE, K_STORED, K_BYTES_PER_EVENT, K_ROTATION, K_SOURCES, K_COUNT
};

static const char *const sink_keys[K_COUNT] = {
	"name", "description", "unit", "currency", "ingestion", "freeUnitsPerMonth",
	"includedRetentionDays", "retentionPricePerUnitMonth", "storedSize", "bytesPerEvent",
	"rotation", "sources",
};
#define SINK_KEYS_TEXT                                                                         \
	"name, description, unit, currency, ingestion, freeUnitsPerMonth, "                      \
	"includedRetentionDays, retentionPricePerUnitMonth, storedSize, bytesPerEvent, "         \
	"rotation, sources"

static char *field_of(const char *prefix, const char *key)
{
	return xasprintf("%s.%s", prefix, key);
}

static void read_tier(reader *r, const doc_node *node, const char *field, bool last,
                      double floor, sink_tier *tier)
{
	static const char *const keys[] = { "price", "upTo" };
	const doc_node *v[2];
	if (!read_keys(r, node, field, "price, upTo", keys, 2, v))
		return;
	require(r, node, field, "price", v[0]);
	if (v[0])
		read_nonnegative(r, v[0], field, &tier->price);
	tier->up_to = INFINITY;
	if (last && v[1])
		error_at(r, v[1], field, "upTo: the last tier has no upper end");
	else if (!last && !v[1])
		error_at(r, node, field, "missing upTo (every tier but the last has one)");
	else if (v[1] && read_number(r, v[1], field, &tier->up_to) && !(tier->up_to > floor))
		error_at(r, v[1], field, "upTo must be more than %g (the tier before ends there)", floor);
}

static void read_tiers(reader *r, const doc_node *node, const char *field, sink *s)
{
	if (node->kind != DOC_SEQ || node->item_count == 0 || node->item_count > SINK_MAX_TIERS) {
		error_at(r, node, field, "must be a list of 1 to %d tiers ({price, upTo})",
		         SINK_MAX_TIERS);
		return;
	}
	s->tier_count = node->item_count;
	double floor = 0;
	for (size_t i = 0; i < node->item_count; i++) {
		char *item = xasprintf("%s[%zu]", field, i);
		read_tier(r, node->items[i], item, i + 1 == node->item_count, floor, &s->tiers[i]);
		floor = s->tiers[i].up_to;
		free(item);
	}
}

static bool is_figure(const char *name)
{
	for (int k = K_UNIT; k < K_ROTATION; k++) {
		if (k != K_CURRENCY && strcmp(name, sink_keys[k]) == 0)
			return true;
	}
	return false;
}

/* sources are checked, not kept: they are for the reader of the file. */
static void read_source(reader *r, const doc_node *node, const char *field)
{
	static const char *const keys[] = { "figure", "url", "read", "thirdParty", "note" };
	const doc_node *v[5];
	if (!read_keys(r, node, field, "figure, url, read, thirdParty, note", keys, 5, v))
		return;
	const char *text;
	bool flag;
	require(r, node, field, "figure", v[0]);
	if (v[0] && read_string(r, v[0], field, &text) && !is_figure(text))
		error_at(r, v[0], field, "figure \"%s\" is not a priced field of a sink", text);
	if (v[1] && v[1]->kind != DOC_NULL)
		read_string(r, v[1], field, &text);
	require(r, node, field, "read", v[2]);
	if (v[2])
		read_string(r, v[2], field, &text);
	require(r, node, field, "thirdParty", v[3]);
	if (v[3])
		read_bool(r, v[3], field, &flag);
	if (v[4])
		read_string(r, v[4], field, &text);
}

static void read_sources(reader *r, const doc_node *node, const char *field)
{
	if (node->kind != DOC_SEQ) {
		error_at(r, node, field, "must be a list of sources");
		return;
	}
	for (size_t i = 0; i < node->item_count; i++) {
		char *item = xasprintf("%s[%zu]", field, i);
		read_source(r, node->items[i], item);
		free(item);
	}
}

static void read_enum(reader *r, const doc_node *node, const char *field, const char *a,
                      const char *b, int *out)
{
	const char *text;
	if (!read_string(r, node, field, &text))
		return;
	if (strcmp(text, a) == 0)
		*out = 0;
	else if (strcmp(text, b) == 0)
		*out = 1;
	else
		error_at(r, node, field, "must be %s or %s, not \"%s\"", a, b, text);
}

static void read_text_fields(reader *r, const doc_node *const *v, const char *prefix, sink *s)
{
	const char *text;
	char *field = field_of(prefix, "name");
	if (v[K_NAME] && read_string(r, v[K_NAME], field, &text)) {
		if (!valid_name(text))
			error_at(r, v[K_NAME], field, "\"%s\": use lower-case letters, digits and -", text);
		s->name = xstrdup(text);
	}
	free(field);
	field = field_of(prefix, "description");
	if (v[K_DESCRIPTION] && read_string(r, v[K_DESCRIPTION], field, &text))
		s->description = xstrdup(text);
	free(field);
	field = field_of(prefix, "currency");
	if (v[K_CURRENCY] && read_string(r, v[K_CURRENCY], field, &text)) {
		if (valid_currency(text))
			memcpy(s->currency, text, 4);
		else
			error_at(r, v[K_CURRENCY], field, "\"%s\" is not a currency code such as USD", text);
	}
	free(field);
}

static void read_number_fields(reader *r, const doc_node *const *v, const char *prefix, sink *s)
{
	static const int keys[] = { K_FREE, K_INCLUDED, K_RETENTION_PRICE };
	double *targets[] = { &s->free_units_per_month, &s->included_retention_days,
		              &s->retention_price_per_unit_month };
	for (size_t i = 0; i < 3; i++) {
		char *field = field_of(prefix, sink_keys[keys[i]]);
		if (v[keys[i]])
			read_nonnegative(r, v[keys[i]], field, targets[i]);
		free(field);
	}
	char *field = field_of(prefix, "bytesPerEvent");
	if (v[K_BYTES_PER_EVENT])
		read_number(r, v[K_BYTES_PER_EVENT], field, &s->bytes_per_event);
	free(field);
}

static void read_sink(reader *r, const doc_node *node, const char *prefix, sink *s)
{
	const doc_node *v[K_COUNT];
	if (!read_keys(r, node, prefix, SINK_KEYS_TEXT, sink_keys, K_COUNT, v))
		return;
	static const int required[] = { K_NAME, K_UNIT, K_CURRENCY, K_INGESTION, K_FREE,
		                        K_INCLUDED, K_RETENTION_PRICE, K_STORED, K_BYTES_PER_EVENT };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		require(r, node, prefix, sink_keys[required[i]], v[required[i]]);
	read_text_fields(r, v, prefix, s);
	read_number_fields(r, v, prefix, s);
	char *field = field_of(prefix, "unit");
	int choice = 0;
	if (v[K_UNIT])
		read_enum(r, v[K_UNIT], field, "GB", "GiB", &choice);
	s->unit = choice ? SINK_UNIT_GIB : SINK_UNIT_GB;
	free(field);
	field = field_of(prefix, "storedSize");
	choice = 0;
	if (v[K_STORED])
		read_enum(r, v[K_STORED], field, "billed", "gzip", &choice);
	s->stored_size = choice ? SINK_STORED_GZIP : SINK_STORED_BILLED;
	free(field);
	field = field_of(prefix, "ingestion");
	if (v[K_INGESTION])
		read_tiers(r, v[K_INGESTION], field, s);
	free(field);
	field = field_of(prefix, "rotation");
	if (v[K_ROTATION])
		read_bool(r, v[K_ROTATION], field, &s->rotation);
	free(field);
	field = field_of(prefix, "sources");
	if (v[K_SOURCES])
		read_sources(r, v[K_SOURCES], field);
	free(field);
}

/* ---- the table ---- */

static void free_sink(sink *s)
{
	free(s->name);
	free(s->description);
}

void sink_table_free(sink_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++)
		free_sink(&t->sinks[i]);
	free(t->sinks);
	free(t);
}

static void check_unique_names(reader *r, const doc_node *list, const sink_table *t)
{
	for (size_t i = 1; i < t->count; i++) {
		for (size_t j = 0; j < i; j++) {
			if (t->sinks[i].name && t->sinks[j].name &&
			    strcmp(t->sinks[i].name, t->sinks[j].name) == 0) {
				char *field = xasprintf("sinks[%zu].name", i);
				error_at(r, list->items[i], field, "\"%s\" is also sinks[%zu]'s name",
				         t->sinks[i].name, j);
				free(field);
				break;
			}
		}
	}
}

static void read_table(reader *r, const doc_node *root, sink_table *t)
{
	static const char *const keys[] = { "sinks" };
	const doc_node *list;
	if (!read_keys(r, root, NULL, "sinks", keys, 1, &list))
		return;
	if (!list || list->kind != DOC_SEQ || list->item_count == 0) {
		error_at(r, list ? list : root, "sinks", "must be a list of one or more sinks");
		return;
	}
	t->sinks = xcalloc(list->item_count, sizeof *t->sinks);
	t->count = list->item_count;
	for (size_t i = 0; i < list->item_count; i++) {
		char *prefix = xasprintf("sinks[%zu]", i);
		read_sink(r, list->items[i], prefix, &t->sinks[i]);
		free(prefix);
	}
	check_unique_names(r, list, t);
}

sink_table *sink_table_parse(const char *data, size_t len, diag_list *diags)
{
	doc *d = doc_parse(data, len, diags);
	if (!d)
		return NULL;
	reader r = { .diags = diags, .format = doc_source_format(d) };
	sink_table *t = xcalloc(1, sizeof *t);
	read_table(&r, doc_root(d), t);
	doc_free(d);
	if (r.errors) {
		sink_table_free(t);
		return NULL;
	}
	return t;
}

sink_table *sink_table_load(const char *path, diag_list *diags)
{
	size_t len;
	char *error = NULL;
	char *data = file_read_all(path, SINKS_MAX_BYTES, &len, &error);
	if (!data) {
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL, "%s", error);
		free(error);
		return NULL;
	}
	sink_table *t = NULL;
	if (len > SINKS_MAX_BYTES)
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL,
		         "%s is larger than %zu bytes: not a sinks file", path, SINKS_MAX_BYTES);
	else
		t = sink_table_parse(data, len, diags);
	free(data);
	return t;
}

sink_table *sink_table_builtin(diag_list *diags)
{
	return sink_table_parse(sink_builtin_yaml, sink_builtin_yaml_len, diags);
}

const sink *sink_table_find(const sink_table *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++) {
		if (strcmp(t->sinks[i].name, name) == 0)
			return &t->sinks[i];
	}
	return NULL;
}
