/* table_rows: see table_rows.h. */
#include "table_rows.h"

#include <stdio.h>
#include <stdlib.h>

#include "strbuf.h"
#include "xalloc.h"

void table_rows_init(table_rows *t, size_t max_depth)
{
	*t = (table_rows){ .shape = ROWS_JSON_LINES };
	aks_builder_init(&t->builder, max_depth);
	csv_record_init(&t->csv);
}

void table_rows_free(table_rows *t)
{
	aks_builder_free(&t->builder);
	csv_record_free(&t->csv);
	free(t->columns);
	*t = (table_rows){ 0 };
}

bool table_rows_read_header(table_rows *t, const char *p, const char *end, const char **next)
{
	if (csv_read_record(&t->csv, p, end, true, next) != CSV_RECORD)
		return false;
	t->column_count = t->csv.count;
	t->columns = xreallocarray(t->columns, t->csv.count, sizeof *t->columns);
	return aks_header_recognised(t->csv.fields, t->csv.count, t->columns);
}

bool table_rows_csv_row(table_rows *t, aks_row *row)
{
	*row = (aks_row){ .text = true };
	if (t->csv.count != t->column_count) {
		t->figures.rows++;
		snprintf(t->problem, sizeof t->problem, "%zu fields where the header has %zu",
		         t->csv.count, t->column_count);
		return false;
	}
	for (size_t i = 0; i < t->csv.count; i++)
		if (t->columns[i] >= 0)
			row->cells[t->columns[i]] = t->csv.fields[i];
	return true;
}

bool table_rows_build(table_rows *t, const aks_row *row, table_row_shape shape, aks_event *ev)
{
	table_row_figures *f = &t->figures;
	if (f->rows++ == 0)
		t->shape = shape;
	t->problem[0] = '\0';
	if (!aks_build_event(&t->builder, row, ev))
		return false;
	t->rows_of_table[ev->table]++;
	if (ev->has_billed_size) {
		f->billed_rows++;
		f->billed_bytes += ev->billed_size;
	}
	f->skipped_bodies += (uint64_t)ev->request_object_skipped + ev->response_object_skipped;
	return true;
}

const char *table_rows_problem(const table_rows *t)
{
	return t->problem[0] ? t->problem : t->builder.problem;
}

/* The tables the rows named in their Type column. */
static const char *tables_named(const table_rows *t)
{
	const uint64_t *n = t->rows_of_table;
	if (n[AKS_TABLE_AUDIT] && n[AKS_TABLE_AUDIT_ADMIN])
		return "AKSAudit and AKSAuditAdmin";
	if (n[AKS_TABLE_AUDIT] && !n[AKS_TABLE_OTHER])
		return "AKSAudit";
	if (n[AKS_TABLE_AUDIT_ADMIN] && !n[AKS_TABLE_OTHER])
		return "AKSAuditAdmin";
	return "AKSAudit/AKSAuditAdmin";
}

static const char *plural(uint64_t n, const char *one, const char *more)
{
	return n == 1 ? one : more;
}

char *table_rows_note(const table_rows *t, bool json_lines)
{
	const table_row_figures *f = &t->figures;
	if (!f->rows)
		return NULL;
	static const char *const shapes[] = { [ROWS_JSON_LINES] = "JSON lines",
		                              [ROWS_JSON_VALUES] = "JSON values",
		                              [ROWS_JSON_ARRAY] = "a JSON array",
		                              [ROWS_CSV] = "a CSV export" };
	table_row_shape shape = t->shape == ROWS_JSON_LINES && !json_lines ? ROWS_JSON_VALUES
	                                                                   : t->shape;
	strbuf note = STRBUF_INIT;
	char part[256];
	snprintf(part, sizeof part,
	         "%llu %s row%s (%s of a Log Analytics query): events rebuilt from the columns, "
	         "their bytes modelled",
	         (unsigned long long)f->rows, tables_named(t), plural(f->rows, "", "s"),
	         shapes[shape]);
	strbuf_puts(&note, part);
	if (f->skipped_bodies) {
		snprintf(part, sizeof part, "; %llu bod%s stored as \"skipped-too-big-size-object\"",
		         (unsigned long long)f->skipped_bodies, plural(f->skipped_bodies, "y", "ies"));
		strbuf_puts(&note, part);
	}
	if (f->billed_rows) {
		snprintf(part, sizeof part, "; _BilledSize %.0f bytes over %llu row%s",
		         f->billed_bytes, (unsigned long long)f->billed_rows,
		         plural(f->billed_rows, "", "s"));
		strbuf_puts(&note, part);
	}
	return strbuf_detach(&note);
}
