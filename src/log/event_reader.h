/* event_reader: streams recorded audit events out of a log file without building a DOM.
 *
 * Formats are detected from the content, record by record:
 *   - JSON lines (the log backend's format): one event per line; CRLF, blank lines and a
 *     UTF-8 byte order mark are accepted;
 *   - one pretty-printed event, or several JSON values one after the other;
 *   - wrapper documents, whose events are yielded in order and streamed, so a wrapper may
 *     be larger than the record limit: {"kind":"EventList","items":[…]}, Azure Event Hub
 *     {"records":[…]}, a bare top-level array […];
 *   - Azure diagnostics rows: {"properties":{"log": <event as a JSON string or object>}} and
 *     AzureDiagnostics rows with the event as a string in "log_s"; rows whose "category"
 *     (or "Category") is not kube-audit or kube-audit-admin are counted and passed over.
 *     Storage-account archives (insights-logs-kube-audit…, one record a line) are these;
 *   - rows of the Log Analytics tables AKSAudit / AKSAuditAdmin, told by their columns
 *     (aks_rows.h): objects in any of the shapes above, or a CSV export whose first line
 *     is the header; each row's Event is rebuilt from its columns (raw_rebuilt).
 * Files may be gzip-compressed (detected by magic bytes, any name); "-" is standard input.
 *
 * A record that is not a valid audit event is reported and skipped; reading goes on. A bad
 * JSON line is skipped up to the next line; in a file of multi-line values, up to the next
 * line that starts with '{'. Memory is bounded by the largest record, not by the input. */
#ifndef AUDITSIM_EVENT_READER_H
#define AUDITSIM_EVENT_READER_H

#include <stddef.h>

#include "event.h"
#include "input.h"
#include "table_rows.h"

typedef struct {
	size_t max_record_bytes; /* a record (event, Azure row) may be this long */
	size_t max_depth;        /* JSON containers may nest this deep, wrappers included */
} event_reader_limits;

#define EVENT_READER_DEFAULT_MAX_RECORD_BYTES ((size_t)64 * 1024 * 1024)
#define EVENT_READER_DEFAULT_MAX_DEPTH ((size_t)512)

event_reader_limits event_reader_default_limits(void);

typedef enum {
	EVENT_READ_EVENT,   /* *out holds the next event */
	EVENT_READ_EOF,     /* no more events */
	EVENT_READ_SKIPPED, /* a bad record was skipped; *message says why; call again */
	EVENT_READ_ERROR,   /* the input cannot be read further; *message says why */
} event_read_status;

typedef struct event_reader event_reader;

/* Opens `path` ("-" for standard input); limits may be NULL for the defaults. On failure
 * returns NULL and sets *error to a message the caller frees. */
event_reader *event_reader_open(const char *path, const event_reader_limits *limits,
                                char **error);

/* Reads `in` from where it stands (bytes only peeked at are read again) and takes it over:
 * event_reader_close closes it. `name` stands for the file in messages. */
event_reader *event_reader_open_input(const char *name, input *in,
                                      const event_reader_limits *limits);

/* Reads from memory that outlives the reader; `name` stands for the file in messages. */
event_reader *event_reader_open_memory(const char *name, const void *data, size_t len,
                                       const event_reader_limits *limits);

/* Reads the next event into *out. Its spans and *message are valid until the next call
 * on this reader (or close). Messages look like
 *   log.jsonl:17: bad event: missing "auditID"
 *   log.jsonl:3:45: invalid JSON: expected ',' or '}'
 * where the line is 1-based (for bad events, the line where the record starts).
 * Cost: one pass over the bytes; no allocation once buffers have grown to the largest
 * record. */
event_read_status event_reader_next(event_reader *r, audit_event *out, const char **message);

/* Azure diagnostic exports mix records of other categories (kube-apiserver, guard,
 * cluster-autoscaler, …) with kube-audit and kube-audit-admin: those records are normal,
 * so they are neither events nor skipped records, and are passed over without a message.
 * Returns NULL when there were none so far, else a note for the end of the run that the
 * caller frees: "skipped 12 Azure records of other categories (kube-apiserver 10, guard 2)"
 * (most records first; past 16 names the rest are counted as "others"). */
char *event_reader_other_categories_note(const event_reader *r);

/* Rows of the Log Analytics tables AKSAudit and AKSAuditAdmin (aks_rows.h) read so far,
 * and the billed size Azure recorded for them (table_rows.h). */
const table_row_figures *event_reader_rows(const event_reader *r);

/* NULL when no table rows were read, else a note for the end of the run that says what
 * the input was (the caller frees it): "24 AKSAudit rows (a CSV export of a Log Analytics
 * query): events rebuilt from the columns, their bytes modelled; _BilledSize 31234 bytes
 * over 24 rows". */
char *event_reader_rows_note(const event_reader *r);

void event_reader_close(event_reader *r);

/* ---- for block scanning (block_scan.h) ----
 * A JSON lines file cut at line ends into blocks can be scanned block by block, each by
 * its own reader, with the events and messages one reader would give over the whole file,
 * as long as every block before ends between records of a JSON lines file. */

/* Scans [data, data + len) as a whole input named `name` (the bytes must stay until the
 * next call or close), starting at `first_line`: from the initial state (file_start),
 * or else between two records of a JSON lines file. */
void event_reader_scan_block(event_reader *r, const char *name, const char *data, size_t len,
                             size_t first_line, bool file_start);

/* Once event_reader_next has said EOF on a block: whether its events and messages are
 * those of one reader over the whole file, the block ending the file (file_end) or
 * else ending between records of a JSON lines file. Never for Azure records of other
 * categories, wrappers or table rows: their figures and notes belong to the file's reader. */
bool event_reader_block_clean(const event_reader *r, bool file_end);

typedef enum {
	EVENT_READER_INPUT_GOES_ON, /* read further from the reader's input */
	EVENT_READER_INPUT_ENDED,   /* the pushed bytes are the last */
	EVENT_READER_INPUT_FAILED,  /* after the pushed bytes, the input's error */
} event_reader_input_end;

/* Makes a reader that has read nothing yet go on from a block of its file: at the initial
 * state (file_start) or between records of a JSON lines file at `first_line`. The bytes
 * that follow are pushed with event_reader_push, then come from its input (input_end). */
void event_reader_resume(event_reader *r, size_t first_line, bool file_start,
                         event_reader_input_end input_end);
void event_reader_push(event_reader *r, const char *data, size_t len);

/* The input the reader reads from, for reading blocks of it before the reader does. */
input *event_reader_input(event_reader *r);

#endif
