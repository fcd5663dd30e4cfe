/* sink_table: the destinations auditsim can price, read from a sinks file (data/sinks.yaml
 * is the default, built into the binary as sink_builtin_yaml and installed beside the
 * profiles). The format is auditsim's own, so unknown keys, duplicate names and values of
 * the wrong type are errors, each "FILE:LINE:COL: error: sinks[N].FIELD: why". Parsed with
 * the policy layer's YAML document (yaml_doc.h: anchors, aliases, JSON too). */
#ifndef AUDITSIM_SINK_TABLE_H
#define AUDITSIM_SINK_TABLE_H

#include <stddef.h>

#include "diag.h"
#include "sink.h"

typedef struct {
	sink *sinks; /* in the file's order */
	size_t count;
} sink_table;

/* The table in data, or NULL after adding the errors to diags (whose file names it).
 * The caller frees the table with sink_table_free. */
sink_table *sink_table_parse(const char *data, size_t len, diag_list *diags);

/* sink_table_parse of the file at path; NULL after adding errors (also "cannot read"). */
sink_table *sink_table_load(const char *path, diag_list *diags);

/* The built-in table (data/sinks.yaml when auditsim was built); NULL after adding errors
 * to diags, which only a broken build gives (a unit test loads it). */
sink_table *sink_table_builtin(diag_list *diags);

/* The sink named name, or NULL. */
const sink *sink_table_find(const sink_table *t, const char *name);

void sink_table_free(sink_table *t);

/* The text of data/sinks.yaml, generated at build time (sink_builtin.c). */
extern const char sink_builtin_yaml[];
extern const size_t sink_builtin_yaml_len;

#endif
