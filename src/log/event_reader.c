/* event_reader: see event_reader.h.
 *
 * The reader keeps a window of the input in `buf`. Each step works on the bytes it has; when
 * a value runs past the end of the window the scanner says JSON_INCOMPLETE, the step returns
 * STEP_NEED_MORE with the offset from which bytes must be kept, and the driver slides the
 * window and reads more, then runs the step again from the same state. A record is thus
 * scanned again only when it straddles a refill, which costs one extra pass per window.
 *
 * Positions inside `buf` are kept as offsets because a refill moves the bytes. Lines are
 * counted lazily with memchr, up to the start of each record. */
#include "event_reader.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "category_tally.h"
#include "event_fields.h"
#include "input.h"
#include "json_scan.h"
#include "table_rows.h"
#include "xalloc.h"

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
};

typedef enum { STEP_EVENT, STEP_SKIPPED, STEP_CONTINUE, STEP_NEED_MORE, STEP_EOF } step_kind;

typedef struct {
	step_kind kind;
	size_t keep;   /* STEP_NEED_MORE: bytes before this offset may go */
	size_t record; /* STEP_NEED_MORE: offset of the record being read */
} step;

static step step_of(step_kind kind) { return (step){ kind, 0, 0 }; }

static step need_more(size_t keep, size_t record) { return (step){ STEP_NEED_MORE, keep, record }; }

event_reader_limits event_reader_default_limits(void)
{
	return (event_reader_limits){ EVENT_READER_DEFAULT_MAX_RECORD_BYTES,
		                      EVENT_READER_DEFAULT_MAX_DEPTH };
}

static event_reader *reader_new(const char *file, input *in, const event_reader_limits *limits)
{
	event_reader *r = xcalloc(1, sizeof *r);
	r->file = xstrdup(file);
	r->in = in;
	r->limits = limits ? *limits : event_reader_default_limits();
	if (r->limits.max_depth < 1)
		r->limits.max_depth = 1;
	if (r->limits.max_record_bytes < 1)
		r->limits.max_record_bytes = 1;
	r->cap = INITIAL_BUFFER;
	r->buf = xmalloc(r->cap);
	r->line = 1;
	r->depth_stack = xcalloc(1, JSON_STACK_BYTES(r->limits.max_depth));
	event_fields_init(&r->fields);
	table_rows_init(&r->rows, r->limits.max_depth);
	return r;
}

event_reader *event_reader_open(const char *path, const event_reader_limits *limits,
                                char **error)
{
	input *in = input_open(path, error);
	return in ? reader_new(path, in, limits) : NULL;
}

event_reader *event_reader_open_input(const char *name, input *in,
                                      const event_reader_limits *limits)
{
	return reader_new(name, in, limits);
}

event_reader *event_reader_open_memory(const char *name, const void *data, size_t len,
                                       const event_reader_limits *limits)
{
	return reader_new(name, input_open_memory(name, data, len), limits);
}

void event_reader_close(event_reader *r)
{
	if (!r)
		return;
	input_close(r->in);
	event_fields_free(&r->fields);
	table_rows_free(&r->rows);
	free(r->depth_stack);
	free(r->log_buf);
	free(r->message);
	free(r->buf);
	free(r->file);
	free(r);
}

static void set_message(event_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_message(event_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->message, r->message_cap, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= r->message_cap) {
		r->message_cap = (size_t)n + 1;
		r->message = xreallocarray(r->message, r->message_cap, 1);
		va_start(ap, fmt);
		vsnprintf(r->message, r->message_cap, fmt, ap);
		va_end(ap);
	}
}

/* Counts the lines up to `off` (only ever forward). */
static void count_lines_to(event_reader *r, size_t off)
{
	if (off <= r->line_off)
		return;
	const char *p = r->buf + r->line_off, *end = r->buf + off;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		r->line++;
		p++;
		r->line_start = r->buf_base + (uint64_t)(p - r->buf);
	}
	r->line_off = off;
}

/* Line and column of `off`, for a record starting at rec (lines counted up to rec). */
static void locate(event_reader *r, size_t rec, size_t off, size_t *line, size_t *col)
{
	count_lines_to(r, rec);
	*line = r->line;
	uint64_t line_start = r->line_start;
	for (size_t i = rec; i < off; i++) {
		if (r->buf[i] == '\n') {
			(*line)++;
			line_start = r->buf_base + i + 1;
		}
	}
	*col = (size_t)(r->buf_base + off - line_start + 1);
}

/* Slides the window to start at `keep` and reads at least READ_MIN bytes (or to the end).
 * Returns false on a read error, but only once the bytes read before it have been used. */
static bool refill(event_reader *r, size_t keep)
{
	if (r->read_error)
		return false;
	count_lines_to(r, keep);
	memmove(r->buf, r->buf + keep, r->len - keep);
	r->len -= keep;
	r->pos = r->pos > keep ? r->pos - keep : 0;
	r->line_off -= keep;
	r->buf_base += keep;
	if (r->cap - r->len < READ_MIN) {
		r->cap = r->cap * 2 > r->len + READ_MIN ? r->cap * 2 : r->len + READ_MIN;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	size_t got = 0;
	while (r->len < r->cap && got < READ_MIN) {
		ssize_t n = input_read(r->in, r->buf + r->len, r->cap - r->len);
		if (n < 0) {
			r->read_error = true;
			return got > 0;
		}
		if (n == 0) {
			r->at_eof = true;
			break;
		}
		r->len += (size_t)n;
		got += (size_t)n;
	}
	return true;
}

static json_scanner scanner_for(event_reader *r, const char *end, bool final)
{
	json_scanner s;
	json_scanner_init(&s, end, final, r->limits.max_depth, r->depth_stack);
	return s;
}

static json_scanner window_scanner(event_reader *r)
{
	return scanner_for(r, r->buf + r->len, r->at_eof);
}

/* After invalid JSON: JSON lines resume at the next line; other files at the next line
 * that starts with '{', since the rest of a broken multi-line value is not a record. */
static void start_resync(event_reader *r, size_t rec)
{
	r->state = RESYNC;
	r->pos = rec;
	r->resync_at_line_start = false;
}

static step step_resync(event_reader *r)
{
	for (;;) {
		if (r->resync_at_line_start) {
			if (r->pos == r->len)
				break;
			if (r->buf[r->pos] == '{') {
				r->state = AT_TOP;
				return step_of(STEP_CONTINUE);
			}
			r->resync_at_line_start = false;
		}
		const char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		if (!nl) {
			r->pos = r->len;
			break;
		}
		r->pos = (size_t)(nl + 1 - r->buf);
		if (r->line_mode) {
			r->state = r->csv_mode ? IN_CSV : AT_TOP;
			return step_of(STEP_CONTINUE);
		}
		r->resync_at_line_start = true;
	}
	count_lines_to(r, r->len);
	if (r->at_eof) {
		r->state = r->csv_mode ? IN_CSV : AT_TOP;
		return step_of(STEP_CONTINUE);
	}
	return need_more(r->pos, r->pos);
}

/* Reports a record that was valid JSON but not a valid event. */
static step bad_record(event_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static step bad_record(event_reader *r, const char *fmt, ...)
{
	char problem[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	if (r->context[0])
		set_message(r, "%s:%zu: bad event (%s): %s", r->file, r->line, r->context, problem);
	else
		set_message(r, "%s:%zu: bad event: %s", r->file, r->line, problem);
	return step_of(STEP_SKIPPED);
}

/* A scan of the record at `rec` failed with st: waits for more input, or reports. */
static step json_failure(event_reader *r, const json_scanner *s, json_status st, size_t keep,
                         size_t rec)
{
	if (st == JSON_INCOMPLETE && !r->at_eof)
		return need_more(keep, rec);
	size_t err = (size_t)(s->error_pos - r->buf);
	const char *what = s->error;
	char too_deep[128];
	if (st == JSON_TOO_DEEP) {
		snprintf(too_deep, sizeof too_deep,
		         "nesting exceeds the maximum depth (%zu; raise it with --max-depth)",
		         r->limits.max_depth);
		what = too_deep;
	} else if (st == JSON_INCOMPLETE) {
		what = "unexpected end of file (truncated record)";
	}
	/* in JSON lines, a value still open at the end of its line is a truncated line, however
	 * the following lines happen to continue it */
	const char *nl = memchr(r->buf + rec, '\n', err - rec + (err < r->len));
	if (!nl && err < r->len && r->buf[err] == '\r')
		nl = r->buf + err;
	if (r->line_mode && nl) {
		err = (size_t)(nl - r->buf);
		what = "truncated record (the line ends inside the value)";
	}
	size_t line, col;
	locate(r, rec, err, &line, &col);
	set_message(r, "%s:%zu:%zu: invalid JSON: %s", r->file, line, col, what);
	start_resync(r, rec);
	return step_of(STEP_SKIPPED);
}

static void report_too_large(event_reader *r, size_t rec)
{
	count_lines_to(r, rec);
	const size_t mib = (size_t)1024 * 1024;
	size_t limit = r->limits.max_record_bytes;
	if (limit % mib == 0)
		set_message(r, "%s:%zu: record exceeds the maximum record size (%zu MiB; raise it "
		               "with --max-record-bytes)", r->file, r->line, limit / mib);
	else
		set_message(r, "%s:%zu: record exceeds the maximum record size (%zu bytes; raise it "
		               "with --max-record-bytes)", r->file, r->line, limit);
}

/* The first complete top-level value says whether this is a JSON lines file. */
static void note_top_value(event_reader *r, size_t start_line, size_t end)
{
	if (r->mode_known)
		return;
	count_lines_to(r, end);
	r->mode_known = true;
	r->line_mode = r->line == start_line;
}

static bool parse_embedded_event(event_reader *r, const char *start, const char *end, span *raw,
                                 step *result);

/* Parses the event carried by an Azure diagnostics row into r->fields; *raw becomes its
 * text. Returns false after reporting when it is not usable. */
static bool unwrap_azure_row(event_reader *r, span *raw, step *result)
{
	event_fields *f = &r->fields;
	span log = f->azure_log;
	const char *field = f->azure_log_field;
	const char *start = log.ptr, *end = log.ptr + log.len;
	size_t used = strlen(r->context);
	snprintf(r->context + used, sizeof r->context - used, "%s%s", used ? "." : "", field);
	json_type type = json_value_type(log);
	if (type == JSON_TYPE_STRING) {
		span body = json_string_body(log);
		if (r->log_cap < JSON_DECODED_MAX(body.len) + 1) {
			r->log_cap = JSON_DECODED_MAX(body.len) + 1;
			free(r->log_buf);
			r->log_buf = xmalloc(r->log_cap);
		}
		start = r->log_buf;
		end = start + json_string_decode(body, r->log_buf, r->log_cap);
	} else if (type != JSON_TYPE_OBJECT) {
		*result = bad_record(r, "expected the event as a string or an object, got %s",
		                     json_type_name(type));
		return false;
	}
	return parse_embedded_event(r, start, end, raw, result);
}

/* Parses the event text [start, end) (not in the window) into r->fields; *raw becomes
 * it. Returns false after reporting when it is not one JSON object. */
static bool parse_embedded_event(event_reader *r, const char *start, const char *end, span *raw,
                                 step *result)
{
	event_fields *f = &r->fields;
	json_scanner s = scanner_for(r, end, true);
	const char *p = json_skip_ws(start, end), *obj_end;
	if (p == end || *p != '{') {
		*result = bad_record(r, "not a JSON object");
		return false;
	}
	event_fields_begin(f);
	json_status st = event_fields_object(f, &s, p, 0, &obj_end);
	if (st == JSON_OK && json_skip_ws(obj_end, end) != end) {
		st = JSON_INVALID;
		s.error_pos = json_skip_ws(obj_end, end);
		s.error = "unexpected data after the event";
	}
	if (st != JSON_OK) {
		*result = bad_record(r, "invalid JSON at byte %zu: %s",
		                     (size_t)(s.error_pos - start) + 1,
		                     st == JSON_INCOMPLETE ? "unexpected end of the event" : s.error);
		return false;
	}
	*raw = (span){ p, (size_t)(obj_end - p) };
	return true;
}

/* A row of AKSAudit or AKSAuditAdmin: rebuilds its Event (aks_rows.h) and parses it into
 * r->fields; *raw becomes the rebuilt text. Returns false after reporting. */
static bool rebuild_table_row(event_reader *r, const aks_row *row, span *raw, aks_event *ev,
                              step *result)
{
	table_row_shape shape = r->csv_mode ? ROWS_CSV :
	                        r->state == IN_ARRAY ? ROWS_JSON_ARRAY : ROWS_JSON_LINES;
	if (!table_rows_build(&r->rows, row, shape, ev)) {
		*result = bad_record(r, "%s", table_rows_problem(&r->rows));
		return false;
	}
	return parse_embedded_event(r, ev->text.ptr, ev->text.ptr + ev->text.len, raw, result);
}

/* r->fields holds the event whose text is raw (rebuilt from `row` when set): checks it and
 * fills *out. */
static step finish_event(event_reader *r, span raw, const aks_event *row, audit_event *out)
{
	if (!event_fields_finish(&r->fields, out))
		return bad_record(r, "%s", r->fields.problem);
	out->file = r->file;
	out->line = r->line;
	out->raw = raw;
	if (row) {
		out->raw_rebuilt = true;
		out->request_object_skipped = row->request_object_skipped;
		out->response_object_skipped = row->response_object_skipped;
	}
	return step_of(STEP_EVENT);
}

/* The record [rec, end) has been read into r->fields: checks it and fills *out. */
static step finish_record(event_reader *r, size_t rec, size_t end, audit_event *out)
{
	span raw = { r->buf + rec, end - rec };
	step result;
	/* a record that happened to fit in the window is held to the limit all the same */
	if (end - rec > r->limits.max_record_bytes) {
		report_too_large(r, rec);
		return step_of(STEP_SKIPPED);
	}
	/* events have no category: one test on the hot path */
	span category = r->fields.azure_category.ptr ? event_fields_other_azure_category(&r->fields)
	                                             : (span){ NULL, 0 };
	if (category.ptr) {
		category_tally_add(&r->other_categories, category);
		return step_of(STEP_CONTINUE);
	}
	if (event_fields_is_azure_row(&r->fields)) {
		if (!unwrap_azure_row(r, &raw, &result))
			return result;
		return finish_event(r, raw, NULL, out);
	}
	/* a table row has no auditID and no kind, so events never pay for the look */
	aks_row row;
	aks_event rebuilt;
	const span *d = r->fields.strings;
	if (!d[FIELD_AUDIT_ID].ptr && !d[FIELD_KIND].ptr &&
	    aks_row_from_members(&row, r->fields.members, r->fields.member_count)) {
		if (!rebuild_table_row(r, &row, &raw, &rebuilt, &result))
			return result;
		return finish_event(r, raw, &rebuilt, out);
	}
	return finish_event(r, raw, NULL, out);
}

/* A complete value that is not an object at `rec`: skips it and reports. */
static step read_non_object(event_reader *r, size_t keep, size_t rec, size_t depth)
{
	json_scanner s = window_scanner(r);
	const char *end;
	json_status st = json_skip_value(&s, r->buf + rec, depth, &end);
	if (st != JSON_OK)
		return json_failure(r, &s, st, keep, rec);
	r->pos = (size_t)(end - r->buf);
	return bad_record(r, "not a JSON object (%s)",
	                  json_type_name(json_value_type((span){ r->buf + rec, 1 })));
}

static void begin_array(event_reader *r, size_t bracket, const char *wrapper, size_t depth)
{
	r->state = IN_ARRAY;
	r->wrapper = wrapper;
	r->wrapper_in_object = depth > 0;
	r->array_first = true;
	r->array_depth = depth + 1;
	r->array_index = 0;
	r->wrapper_line = r->line;
	r->pos = bracket + 1;
}

static bool is_wrapper_key(span key)
{
	return span_eq(key, "records") || span_eq(key, "items");
}

/* A top-level object: an event, an Azure row, or a wrapper whose array is then streamed. */
static step read_top_object(event_reader *r, size_t rec, audit_event *out)
{
	json_scanner s = window_scanner(r);
	event_fields *f = &r->fields;
	json_iter it;
	span key;
	event_fields_begin(f);
	json_status st = json_object_begin(&s, r->buf + rec, 0, &it);
	while (st == JSON_OK) {
		st = event_fields_next_key(f, &s, &it, &key);
		if (st == JSON_OK && *it.pos == '[' && is_wrapper_key(key)) {
			const char *name = span_eq(key, "records") ? "records" : "items";
			begin_array(r, (size_t)(it.pos - r->buf), name, 1);
			return step_of(STEP_CONTINUE);
		}
		if (st == JSON_OK)
			st = event_fields_member(f, &s, &it, key);
	}
	if (st != JSON_END)
		return json_failure(r, &s, st, rec, rec);
	size_t end = (size_t)(it.pos - r->buf);
	size_t line = r->line;
	r->pos = end;
	/* lines are counted up to rec; a record without a line break needs no memchr */
	if (!s.newline_seen && r->line_off < end)
		r->line_off = end;
	step result = finish_record(r, rec, end, out);
	note_top_value(r, line, end);
	return result;
}

/* The first line of a file that is neither an object nor an array: when it is the header
 * of a CSV export of AKSAudit or AKSAuditAdmin, the file is read as one (*is_csv). Needs
 * the whole line in the window. */
static step read_csv_header(event_reader *r, size_t rec, bool *is_csv)
{
	*is_csv = false;
	const char *nl = memchr(r->buf + rec, '\n', r->len - rec);
	if (!nl && !r->at_eof)
		return need_more(rec, rec);
	r->csv_checked = true;
	const char *line_end = nl ? nl + 1 : r->buf + r->len, *next;
	if (!table_rows_read_header(&r->rows, r->buf + rec, line_end, &next))
		return step_of(STEP_CONTINUE);
	*is_csv = true;
	r->csv_mode = r->mode_known = r->line_mode = true;
	r->state = IN_CSV;
	r->pos = (size_t)(next - r->buf);
	return step_of(STEP_CONTINUE);
}

/* One record of a CSV export: a row, rebuilt into its Event. */
static step step_csv(event_reader *r, audit_event *out)
{
	size_t rec = r->pos;
	if (rec == r->len)
		return r->at_eof ? step_of(STEP_EOF) : need_more(rec, rec);
	const char *next;
	csv_record *csv = &r->rows.csv;
	csv_status st = csv_read_record(csv, r->buf + rec, r->buf + r->len, r->at_eof, &next);
	if (st == CSV_INCOMPLETE)
		return need_more(rec, rec);
	count_lines_to(r, rec);
	r->context[0] = '\0';
	if (st == CSV_INVALID) {
		size_t line, col, err = (size_t)(csv->error_pos - r->buf);
		locate(r, rec, err, &line, &col);
		set_message(r, "%s:%zu:%zu: invalid CSV: %s", r->file, line, col, csv->error);
		start_resync(r, err);
		return step_of(STEP_SKIPPED);
	}
	r->pos = (size_t)(next - r->buf);
	if (csv_record_is_blank(csv))
		return step_of(STEP_CONTINUE);
	if (r->pos - rec > r->limits.max_record_bytes) {
		report_too_large(r, rec);
		return step_of(STEP_SKIPPED);
	}
	aks_row row;
	if (!table_rows_csv_row(&r->rows, &row))
		return bad_record(r, "%s", table_rows_problem(&r->rows));
	span raw;
	aks_event rebuilt;
	step result;
	if (!rebuild_table_row(r, &row, &raw, &rebuilt, &result))
		return result;
	return finish_event(r, raw, &rebuilt, out);
}

static void skip_bom(event_reader *r)
{
	if (r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0) {
		r->pos = 3;
		r->line_off = 3;
		r->line_start = 3;
	}
	r->bom_checked = true;
}

static step step_top(event_reader *r, audit_event *out)
{
	if (!r->bom_checked) {
		if (r->len < 3 && !r->at_eof)
			return need_more(0, 0);
		skip_bom(r);
	}
	const char *start = json_skip_ws(r->buf + r->pos, r->buf + r->len);
	size_t rec = (size_t)(start - r->buf);
	r->pos = rec;
	count_lines_to(r, rec);
	r->context[0] = '\0';
	if (rec == r->len)
		return r->at_eof ? step_of(STEP_EOF) : need_more(rec, rec);
	if (*start == '{')
		return read_top_object(r, rec, out);
	if (*start == '[') {
		begin_array(r, rec, "", 0);
		return step_of(STEP_CONTINUE);
	}
	if (!r->csv_checked && !r->mode_known) {
		bool is_csv;
		step header = read_csv_header(r, rec, &is_csv);
		if (is_csv || header.kind == STEP_NEED_MORE)
			return header;
	}
	size_t line = r->line;
	step result = read_non_object(r, rec, rec, 0);
	if (result.kind == STEP_SKIPPED && r->state == AT_TOP)
		note_top_value(r, line, r->pos);
	return result;
}

/* The end of a wrapper array or object: back to top-level values. */
static step end_wrapper(event_reader *r, const char *after)
{
	r->pos = (size_t)(after - r->buf);
	r->state = AT_TOP;
	note_top_value(r, r->wrapper_line, r->pos);
	return step_of(STEP_CONTINUE);
}

static step step_array(event_reader *r, audit_event *out)
{
	json_scanner s = window_scanner(r);
	json_iter it = { .pos = r->buf + r->pos, .depth = r->array_depth, .first = r->array_first };
	json_status st = json_array_next_start(&s, &it);
	if (st == JSON_END) {
		if (r->wrapper_in_object) {
			r->pos = (size_t)(it.pos - r->buf);
			r->state = AFTER_ARRAY;
			return step_of(STEP_CONTINUE);
		}
		return end_wrapper(r, it.pos);
	}
	if (st != JSON_OK)
		return json_failure(r, &s, st, r->pos, r->pos);
	size_t rec = (size_t)(it.pos - r->buf);
	count_lines_to(r, rec);
	snprintf(r->context, sizeof r->context, "%s[%zu]", r->wrapper, r->array_index);
	step result;
	if (*it.pos != '{') {
		result = read_non_object(r, r->pos, rec, r->array_depth);
	} else {
		const char *end;
		event_fields_begin(&r->fields);
		st = event_fields_object(&r->fields, &s, it.pos, r->array_depth, &end);
		if (st != JSON_OK)
			return json_failure(r, &s, st, r->pos, rec);
		r->pos = (size_t)(end - r->buf);
		result = finish_record(r, rec, r->pos, out);
	}
	if (r->state == IN_ARRAY && result.kind != STEP_NEED_MORE) {
		r->array_first = false;
		r->array_index++;
	}
	return result;
}

/* Skips the wrapper object's members after its array ("…],"metadata":{}}"). */
static step step_after_array(event_reader *r)
{
	json_scanner s = window_scanner(r);
	json_iter it = { .pos = r->buf + r->pos, .depth = 1, .first = false };
	for (;;) {
		json_status st = json_object_next(&s, &it, NULL, NULL);
		if (st == JSON_END)
			return end_wrapper(r, it.pos);
		if (st != JSON_OK)
			return json_failure(r, &s, st, r->pos, r->pos);
		r->pos = (size_t)(it.pos - r->buf);
	}
}

static step reader_step(event_reader *r, audit_event *out)
{
	switch (r->state) {
	case IN_ARRAY:
		return step_array(r, out);
	case AFTER_ARRAY:
		return step_after_array(r);
	case RESYNC:
		return step_resync(r);
	case IN_CSV:
		return step_csv(r, out);
	case AT_TOP:
	default:
		return step_top(r, out);
	}
}

event_read_status event_reader_next(event_reader *r, audit_event *out, const char **message)
{
	const char *ignored;
	if (!message)
		message = &ignored;
	*message = NULL;
	while (!r->failed) {
		step st = reader_step(r, out);
		switch (st.kind) {
		case STEP_EVENT:
			return EVENT_READ_EVENT;
		case STEP_SKIPPED:
			*message = r->message;
			return EVENT_READ_SKIPPED;
		case STEP_EOF:
			return EVENT_READ_EOF;
		case STEP_CONTINUE:
			break;
		case STEP_NEED_MORE:
			if (r->len - st.keep > r->limits.max_record_bytes) {
				/* the record cannot be held: drop it as unreadable */
				report_too_large(r, st.record);
				start_resync(r, st.record);
				*message = r->message;
				return EVENT_READ_SKIPPED;
			}
			if (r->at_eof) {
				/* every step handles the end of input itself; this would loop */
				set_message(r, "%s: internal error: reader stalled at end of input",
				            r->file);
				r->failed = true;
			} else if (!refill(r, st.keep)) {
				set_message(r, "%s", input_error(r->in));
				r->failed = true;
			}
			break;
		}
	}
	*message = r->message;
	return EVENT_READ_ERROR;
}

char *event_reader_other_categories_note(const event_reader *r)
{
	return category_tally_note(&r->other_categories);
}

const table_row_figures *event_reader_rows(const event_reader *r) { return &r->rows.figures; }

char *event_reader_rows_note(const event_reader *r)
{
	return table_rows_note(&r->rows, r->line_mode);
}
