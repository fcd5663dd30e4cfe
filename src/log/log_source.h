/* log_source: one way to get audit events out of whatever a LOG argument names.
 * A recorded log (JSON lines and the other formats of event_reader.h, gzip, "-" for
 * standard input) is read by the event reader; a scenario file (scenario.h) is turned
 * into one synthetic event per request and repetition, so every command treats the two
 * alike. A file is a scenario when it is not gzip-compressed, its first non-space
 * byte is neither `{` nor `[` and its first line is not the header of a CSV export of
 * AKSAudit/AKSAuditAdmin. Either way the file is opened and read once, so standard
 * input, a FIFO or `<(cmd)` is read as the same file on disk would be. */
#ifndef AUDITSIM_LOG_SOURCE_H
#define AUDITSIM_LOG_SOURCE_H

#include <stdbool.h>

#include "event.h"
#include "event_reader.h"

typedef struct log_source log_source;

/* Opens path, which must outlive every use of the events' `file` (argv strings do: a
 * request handed on after its source closed still names it). Limits may be NULL (they apply to recorded logs). On failure returns NULL
 * and sets *error to a message the caller frees: for a scenario with mistakes, one
 * "file:line:col: error: requests[3].verb: ..." line per mistake, joined by newlines. */
log_source *log_source_open(const char *path, const event_reader_limits *limits, char **error);

/* As event_reader_next: the event and *message are valid until the next call. A
 * scenario's events are never skipped. Cost for a scenario: one small JSON text per
 * event, written into a reused buffer. */
event_read_status log_source_next(log_source *s, audit_event *out, const char **message);

bool log_source_is_scenario(const log_source *s);

/* The event reader of a recording (NULL for a scenario), owned by the source: block
 * scanning (block_scan.h) reads its input in blocks and hands it back when it cannot. */
event_reader *log_source_reader(log_source *s);

/* The seconds a scenario's counts are per (its `period:`); 0 for a scenario without one
 * and for a recording. */
double log_source_period(const log_source *s);

/* The note to print once the source is read, or NULL: see
 * event_reader_other_categories_note. The caller frees it. */
char *log_source_other_categories_note(const log_source *s);

/* A scenario's warnings ("file:line:col: warning: field: message", one per line), or NULL;
 * owned by the source. */
const char *log_source_warnings(const log_source *s);

/* What the input was when it held rows of AKSAudit/AKSAuditAdmin, or NULL: see
 * event_reader_rows_note. The caller frees it. */
char *log_source_rows_note(const log_source *s);

/* The table rows read so far and their billed size (zero for a scenario). */
table_row_figures log_source_rows(const log_source *s);

void log_source_close(log_source *s);

#endif
