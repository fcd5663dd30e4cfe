/* aks_rows: the audit Event behind a row of the Log Analytics tables AKSAudit and
 * AKSAuditAdmin, where AKS diagnostic settings in resource-specific mode put the
 * kube-audit and kube-audit-admin categories: one column per Event field. A row comes as
 * a JSON object (`az monitor log-analytics query` prints an array of them; JSON lines
 * hold one a line) or as a record of the portal's CSV export; a dynamic column arrives as
 * JSON, as a string holding JSON, or (CSV) as the JSON text itself.
 *
 * Columns (Azure Monitor table reference, AKSAudit/AKSAuditAdmin) and the Event fields
 * they give back, in the order kube-apiserver writes them:
 *   Level level, AuditId auditID, Stage stage, RequestUri requestURI, Verb verb (strings);
 *   User user, ImpersonatedUser impersonatedUser (not in the reference; read when there),
 *   SourceIps sourceIPs (dynamic); UserAgent userAgent (string); ObjectRef objectRef,
 *   ResponseStatus responseStatus, RequestObject requestObject, ResponseObject
 *   responseObject (dynamic); RequestReceivedTime requestReceivedTimestamp,
 *   StageReceivedTime stageTimestamp (datetime); Annotations annotations (dynamic).
 * kind and apiVersion are not columns: the Event is written as kind Event, apiVersion
 * audit.k8s.io/v1 (what AKS writes). _BilledSize (real; BilledSize when a query extends
 * it under that name) is kept as the billed size Azure measured, Type as the table's name; TimeGenerated, PodName, TenantId, _ResourceId and
 * the other columns carry nothing of the Event. A CSV header may carry a unit suffix,
 * "TimeGenerated [UTC]", and the portal writes datetimes as "5/5/2020, 4:16:37.655 PM".
 *
 * Bytes: the Event's text is rebuilt, so it is a model of kube-apiserver's line, not the
 * line. Strings are escaped again as kube-apiserver (Go's encoding/json) escapes them, so
 * "&" is \u0026 whatever the export did, and whitespace between tokens is dropped; key
 * order and number formatting inside dynamic values stay as Log Analytics gives them,
 * and a body stored as the string "skipped-too-big-size-object" is left out and flagged,
 * its size unknown. */
#ifndef AUDITSIM_AKS_ROWS_H
#define AUDITSIM_AKS_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "event.h"
#include "strbuf.h"

/* The columns read, the Event's fields first in the Event's order. */
typedef enum {
	AKS_LEVEL,
	AKS_AUDIT_ID,
	AKS_STAGE,
	AKS_REQUEST_URI,
	AKS_VERB,
	AKS_USER,
	AKS_IMPERSONATED_USER,
	AKS_SOURCE_IPS,
	AKS_USER_AGENT,
	AKS_OBJECT_REF,
	AKS_RESPONSE_STATUS,
	AKS_REQUEST_OBJECT,
	AKS_RESPONSE_OBJECT,
	AKS_REQUEST_RECEIVED_TIME,
	AKS_STAGE_RECEIVED_TIME,
	AKS_ANNOTATIONS,
	AKS_EVENT_COLUMNS, /* the columns above rebuild the Event */
	AKS_BILLED_SIZE = AKS_EVENT_COLUMNS,
	AKS_TYPE,
	AKS_COLUMN_COUNT
} aks_column;

typedef enum { AKS_TABLE_OTHER, AKS_TABLE_AUDIT, AKS_TABLE_AUDIT_ADMIN } aks_table;

/* One row: each column's value, {NULL, 0} when the row has no such column. */
typedef struct {
	span cells[AKS_COLUMN_COUNT];
	bool text; /* cells hold CSV text; else raw JSON values */
} aks_row;

/* The column a name (a JSON key or a CSV header, unit suffix and all) stands for, or -1. */
int aks_column_of(span name);

/* True when columns by these names make a row of AKSAudit or AKSAuditAdmin: two or more
 * of AuditId, Level, Stage, Verb and RequestUri (so a row that lacks one is still
 * recognised, and reported). `present[c]` says whether column c is there. */
bool aks_columns_recognised(const bool present[AKS_COLUMN_COUNT]);

/* True when the names of a CSV header make a header of AKSAudit or AKSAuditAdmin (as
 * aks_columns_recognised); columns, when not NULL, gets the aks_column of each name (-1
 * for the others). */
bool aks_header_recognised(const span *names, size_t count, int *columns);

/* Fills *row from a JSON row's members (decoded keys, raw values); false when they are
 * not the columns of an AKS audit row. */
bool aks_row_from_members(aks_row *row, const event_member *members, size_t count);

typedef struct {
	span text; /* the rebuilt Event's JSON, valid until the next build */
	aks_table table;
	bool request_object_skipped, response_object_skipped;
	bool has_billed_size;
	double billed_size;
} aks_event;

typedef struct {
	strbuf text;
	char *scratch; /* a dynamic value decoded from a JSON string */
	size_t scratch_cap;
	char *string_buf; /* one string of a value, decoded to be escaped again */
	size_t string_cap;
	unsigned char *depth_stack;
	size_t max_depth;
	char problem[320];
} aks_builder;

/* max_depth bounds the nesting of dynamic values, as the reader's limit does. */
void aks_builder_init(aks_builder *b, size_t max_depth);
void aks_builder_free(aks_builder *b);

/* Rebuilds the Event of `row` into *out, and reads its billed size and table. Returns
 * false with b->problem set ("missing \"AuditId\"", "unknown Stage \"Done\"",
 * "ObjectRef: not JSON: …") when the row cannot be an Event. No allocation once the
 * buffers have grown to the largest row. */
bool aks_build_event(aks_builder *b, const aks_row *row, aks_event *out);

enum { AKS_TIME_MAX = 40 };

/* "5/5/2020, 4:16:37.655 PM" (the portal's CSV datetime) as "2020-05-05T16:16:37.655000Z"
 * in out (AKS_TIME_MAX bytes); false when text is not in that form. */
bool aks_portal_time(span text, char *out);

#endif
