/* event_reader_internal: what the two halves of the event reader share — the reader's
 * state and window (event_reader.c: framing, refills, positions, messages, resync) and the
 * interpretation of one record (event_record.c: plain events, Azure records, AKSAudit rows,
 * CSV exports). Private to those two files. */
#ifndef AUDITSIM_EVENT_READER_INTERNAL_H
#define AUDITSIM_EVENT_READER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "category_tally.h"
#include "event_fields.h"
#include "event_reader.h"
#include "input.h"
#include "json_scan.h"
#include "table_rows.h"

enum {
	READ_MIN = 1024 * 1024,       /* never read less than this at once */
	INITIAL_BUFFER = 4 * READ_MIN,
};

typedef enum {
	AT_TOP,      /* between top-level values */
	IN_ARRAY,    /* streaming the elements of a wrapper array */
	AFTER_ARRAY, /* skipping the wrapper object's members after its array */
	RESYNC,      /* discarding input after invalid JSON */
	IN_CSV,      /* the records of a CSV export, after its header */
} reader_state;

struct event_reader {
	char *file;
	event_reader_limits limits;
	input *in;
	bool at_eof;
	bool read_error; /* reading failed after the bytes now in buf: report at the next refill */
	bool failed;

	char *buf;
	size_t cap, len, pos; /* pos: first byte not yet consumed */
	uint64_t buf_base;    /* input offset of buf[0] */

	size_t line;         /* line number of the byte at line_off */
	size_t line_off;     /* lines are counted up to here */
	uint64_t line_start; /* input offset of the start of `line` */

	reader_state state;
	bool bom_checked;
	bool mode_known, line_mode; /* JSON lines, decided by the first top-level value */
	bool resync_at_line_start;

	const char *wrapper;   /* "records", "items", or "" for a bare array */
	bool wrapper_in_object;
	bool array_first;
	size_t array_depth; /* containers around each element */
	size_t array_index;
	size_t wrapper_line;

	unsigned char *depth_stack;
	event_fields fields;
	char *log_buf;
	size_t log_cap;
	char context[96]; /* where the record sits: "records[3].properties.log" */
	char *message;
	size_t message_cap;

	/* Azure records of other categories, passed over (event_reader_other_categories_note) */
	category_tally other_categories;

	/* rows of AKSAudit/AKSAuditAdmin, from JSON or a CSV export (table_rows.h) */
	table_rows rows;
	bool csv_checked, csv_mode;

	/* block scanning (event_reader_scan_block): the window is the caller's block */
	bool borrowed_buf;
	bool ran_past_end; /* a value was still open at the end of the window at its end */
};

typedef enum { STEP_EVENT, STEP_SKIPPED, STEP_CONTINUE, STEP_NEED_MORE, STEP_EOF } step_kind;

typedef struct {
	step_kind kind;
	size_t keep;   /* STEP_NEED_MORE: bytes before this offset may go */
	size_t record; /* STEP_NEED_MORE: offset of the record being read */
} step;

static inline step step_of(step_kind kind) { return (step){ kind, 0, 0 }; }

static inline step need_more(size_t keep, size_t record) { return (step){ STEP_NEED_MORE, keep, record }; }

/* --- framing (event_reader.c) --- */
void reader_set_message(event_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reader_count_lines_to(event_reader *r, size_t off);
void reader_locate(event_reader *r, size_t rec, size_t off, size_t *line, size_t *col);
json_scanner reader_scanner_for(event_reader *r, const char *end, bool final);
json_scanner reader_window_scanner(event_reader *r);
void reader_start_resync(event_reader *r, size_t rec);
step reader_bad_record(event_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
step reader_json_failure(event_reader *r, const json_scanner *s, json_status st, size_t keep,
                         size_t rec);
void reader_report_too_large(event_reader *r, size_t rec);
bool reader_error_past_limit(event_reader *r, size_t rec, size_t err);
/* The first complete top-level value says whether this is a JSON lines file. */
void reader_note_top_value(event_reader *r, size_t start_line, size_t end);

/* --- records (event_record.c) --- */
step reader_finish_record(event_reader *r, size_t rec, size_t end, audit_event *out);
step reader_read_non_object(event_reader *r, size_t keep, size_t rec, size_t depth);
void reader_begin_array(event_reader *r, size_t bracket, const char *wrapper, size_t depth);
bool reader_is_wrapper_key(span key);
step reader_read_top_object(event_reader *r, size_t rec, audit_event *out);
step reader_read_csv_header(event_reader *r, size_t rec, bool *is_csv);
step reader_step_csv(event_reader *r, audit_event *out);

#endif
