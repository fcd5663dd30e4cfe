/* table_rows: what the event reader keeps for rows of the Log Analytics tables AKSAudit
 * and AKSAuditAdmin (aks_rows.h) — the Event builder, a CSV export's header and current
 * record, and the tally of rows and their billed size — so that the reader itself only
 * frames records. One per reader; no allocation per row once buffers have grown. */
#ifndef AUDITSIM_TABLE_ROWS_H
#define AUDITSIM_TABLE_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aks_rows.h"
#include "csv_rows.h"

/* Rows read so far and the billed size Azure recorded for them, for the volume's Azure
 * sink to compare its model with. */
typedef struct {
	uint64_t rows;           /* rows read, bad ones included */
	uint64_t billed_rows;    /* rows read as events that carried _BilledSize */
	double billed_bytes;     /* the sum of their _BilledSize */
	uint64_t skipped_bodies; /* bodies stored as "skipped-too-big-size-object" */
} table_row_figures;

typedef enum { ROWS_JSON_LINES, ROWS_JSON_VALUES, ROWS_JSON_ARRAY, ROWS_CSV } table_row_shape;

typedef struct {
	aks_builder builder;
	csv_record csv;  /* the CSV record last read */
	int *columns;    /* a CSV export's header: the aks_column of each field, or -1 */
	size_t column_count;
	table_row_figures figures;
	uint64_t rows_of_table[3]; /* events by aks_table */
	table_row_shape shape;     /* the container of the first row */
	char problem[96];
} table_rows;

void table_rows_init(table_rows *t, size_t max_depth);
void table_rows_free(table_rows *t);

/* Reads [p, end), a file's first line, as a CSV header. True when it is the header of
 * an export of AKSAudit/AKSAuditAdmin: its columns are kept and *next is past it. */
bool table_rows_read_header(table_rows *t, const char *p, const char *end, const char **next);

/* The row of the CSV record in t->csv, by the header's columns. False, with t->problem
 * set and the row counted, when its number of fields is not the header's. */
bool table_rows_csv_row(table_rows *t, aks_row *row);

/* Rebuilds the Event of `row` (aks_build_event), counting the row, its table, billed
 * size and skipped bodies; `shape` is how it came. False with the builder's problem. */
bool table_rows_build(table_rows *t, const aks_row *row, table_row_shape shape,
                      aks_event *ev);

/* The problem of the last failed call. */
const char *table_rows_problem(const table_rows *t);

/* NULL when no row was read, else (allocated, the caller frees) "24 AKSAudit rows (a CSV
 * export of a Log Analytics query): events rebuilt from the columns, their bytes
 * modelled; 1 body stored as "skipped-too-big-size-object"; _BilledSize 31234 bytes
 * over 24 rows". `json_lines` says whether JSON rows stood one a line. */
char *table_rows_note(const table_rows *t, bool json_lines);

#endif
