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
#include "event_reader_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

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
	if (!r->borrowed_buf)
		free(r->buf);
	free(r->file);
	free(r);
}

void reader_set_message(event_reader *r, const char *fmt, ...)
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
void reader_count_lines_to(event_reader *r, size_t off)
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
void reader_locate(event_reader *r, size_t rec, size_t off, size_t *line, size_t *col)
{
	reader_count_lines_to(r, rec);
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
	reader_count_lines_to(r, keep);
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

json_scanner reader_scanner_for(event_reader *r, const char *end, bool final)
{
	json_scanner s;
	json_scanner_init(&s, end, final, r->limits.max_depth, r->depth_stack);
	return s;
}

json_scanner reader_window_scanner(event_reader *r)
{
	return reader_scanner_for(r, r->buf + r->len, r->at_eof);
}

/* After invalid JSON: JSON lines resume at the next line; other files at the next line
 * that starts with '{', since the rest of a broken multi-line value is not a record. */
void reader_start_resync(event_reader *r, size_t rec)
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
	reader_count_lines_to(r, r->len);
	if (r->at_eof) {
		r->state = r->csv_mode ? IN_CSV : AT_TOP;
		return step_of(STEP_CONTINUE);
	}
	return need_more(r->pos, r->pos);
}

/* Reports a record that was valid JSON but not a valid event. */
step reader_bad_record(event_reader *r, const char *fmt, ...)
{
	char problem[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof problem, fmt, ap);
	va_end(ap);
	if (r->context[0])
		reader_set_message(r, "%s:%zu: bad event (%s): %s", r->file, r->line, r->context, problem);
	else
		reader_set_message(r, "%s:%zu: bad event: %s", r->file, r->line, problem);
	return step_of(STEP_SKIPPED);
}

/* A scan of the record at `rec` failed with st: waits for more input, or reports. */
step reader_json_failure(event_reader *r, const json_scanner *s, json_status st, size_t keep,
                         size_t rec)
{
	if (st == JSON_INCOMPLETE && !r->at_eof)
		return need_more(keep, rec);
	if (st == JSON_INCOMPLETE)
		r->ran_past_end = true; /* a block's end may not be the input's (block_scan.h) */
	size_t err = (size_t)(s->error_pos - r->buf);
	if (reader_error_past_limit(r, rec, err))
		return step_of(STEP_SKIPPED);
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
	reader_locate(r, rec, err, &line, &col);
	reader_set_message(r, "%s:%zu:%zu: invalid JSON: %s", r->file, line, col, what);
	reader_start_resync(r, rec);
	return step_of(STEP_SKIPPED);
}

void reader_report_too_large(event_reader *r, size_t rec)
{
	reader_count_lines_to(r, rec);
	const size_t mib = (size_t)1024 * 1024;
	size_t limit = r->limits.max_record_bytes;
	if (limit % mib == 0)
		reader_set_message(r, "%s:%zu: record exceeds the maximum record size (%zu MiB; raise it "
		               "with --max-record-bytes)", r->file, r->line, limit / mib);
	else
		reader_set_message(r, "%s:%zu: record exceeds the maximum record size (%zu bytes; raise it "
		               "with --max-record-bytes)", r->file, r->line, limit);
}

/* A fault found more than the record limit past the record's start is reported as the
 * limit: a reader whose window held fewer bytes stops there (event_reader_next), so what
 * is said, and where reading resumes, must not depend on how much the window held (-j 1
 * and the blocks of -j N fill it differently). True when it reported. */
bool reader_error_past_limit(event_reader *r, size_t rec, size_t err)
{
	if (err - rec <= r->limits.max_record_bytes)
		return false;
	reader_report_too_large(r, rec);
	reader_start_resync(r, rec);
	return true;
}

/* The first complete top-level value says whether this is a JSON lines file. */
void reader_note_top_value(event_reader *r, size_t start_line, size_t end)
{
	if (r->mode_known)
		return;
	reader_count_lines_to(r, end);
	r->mode_known = true;
	r->line_mode = r->line == start_line;
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
	reader_count_lines_to(r, rec);
	r->context[0] = '\0';
	if (rec == r->len)
		return r->at_eof ? step_of(STEP_EOF) : need_more(rec, rec);
	if (*start == '{')
		return reader_read_top_object(r, rec, out);
	if (*start == '[') {
		reader_begin_array(r, rec, "", 0);
		return step_of(STEP_CONTINUE);
	}
	if (!r->csv_checked && !r->mode_known) {
		bool is_csv;
		step header = reader_read_csv_header(r, rec, &is_csv);
		if (is_csv || header.kind == STEP_NEED_MORE)
			return header;
	}
	size_t line = r->line;
	step result = reader_read_non_object(r, rec, rec, 0);
	if (result.kind == STEP_SKIPPED && r->state == AT_TOP)
		reader_note_top_value(r, line, r->pos);
	return result;
}

/* The end of a wrapper array or object: back to top-level values. */
static step end_wrapper(event_reader *r, const char *after)
{
	r->pos = (size_t)(after - r->buf);
	r->state = AT_TOP;
	reader_note_top_value(r, r->wrapper_line, r->pos);
	return step_of(STEP_CONTINUE);
}

static step step_array(event_reader *r, audit_event *out)
{
	json_scanner s = reader_window_scanner(r);
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
		return reader_json_failure(r, &s, st, r->pos, r->pos);
	size_t rec = (size_t)(it.pos - r->buf);
	reader_count_lines_to(r, rec);
	snprintf(r->context, sizeof r->context, "%s[%zu]", r->wrapper, r->array_index);
	step result;
	if (*it.pos != '{') {
		result = reader_read_non_object(r, r->pos, rec, r->array_depth);
	} else {
		const char *end;
		event_fields_begin(&r->fields);
		st = event_fields_object(&r->fields, &s, it.pos, r->array_depth, &end);
		if (st != JSON_OK)
			return reader_json_failure(r, &s, st, r->pos, rec);
		r->pos = (size_t)(end - r->buf);
		result = reader_finish_record(r, rec, r->pos, out);
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
	json_scanner s = reader_window_scanner(r);
	json_iter it = { .pos = r->buf + r->pos, .depth = 1, .first = false };
	for (;;) {
		json_status st = json_object_next(&s, &it, NULL, NULL);
		if (st == JSON_END)
			return end_wrapper(r, it.pos);
		if (st != JSON_OK)
			return reader_json_failure(r, &s, st, r->pos, r->pos);
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
		return reader_step_csv(r, out);
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
				reader_report_too_large(r, st.record);
				reader_start_resync(r, st.record);
				*message = r->message;
				return EVENT_READ_SKIPPED;
			}
			if (r->at_eof) {
				/* every step handles the end of input itself; this would loop */
				reader_set_message(r, "%s: internal error: reader stalled at end of input",
				            r->file);
				r->failed = true;
			} else if (!refill(r, st.keep)) {
				reader_set_message(r, "%s", input_error(r->in));
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

/* ---- block scanning (block_scan.h) ---- */

/* The state of a reader at the start of a line of a JSON lines file, between records:
 * what every reader of one passes through between two lines. */
static void set_line_start_state(event_reader *r, size_t first_line)
{
	r->state = AT_TOP;
	r->bom_checked = r->mode_known = r->line_mode = r->csv_checked = true;
	r->csv_mode = false;
	r->resync_at_line_start = false;
	r->line = first_line;
	r->line_off = r->line_start = 0;
	r->buf_base = 0;
}

void event_reader_scan_block(event_reader *r, const char *name, const char *data, size_t len,
                             size_t first_line, bool file_start)
{
	if (strcmp(r->file, name) != 0) {
		free(r->file);
		r->file = xstrdup(name);
	}
	if (!r->borrowed_buf)
		free(r->buf);
	r->borrowed_buf = true;
	r->buf = (char *)(uintptr_t)data; /* only ever read: refill never runs at_eof */
	r->cap = r->len = len;
	r->pos = 0;
	r->at_eof = true;
	r->read_error = r->failed = r->ran_past_end = false;
	r->wrapper = NULL;
	r->context[0] = '\0';
	if (file_start) {
		r->state = AT_TOP;
		r->bom_checked = r->mode_known = r->line_mode = r->csv_checked = false;
		r->csv_mode = r->resync_at_line_start = false;
		r->line = first_line;
		r->line_off = r->line_start = 0;
		r->buf_base = 0;
	} else {
		set_line_start_state(r, first_line);
	}
}

bool event_reader_block_clean(const event_reader *r, bool file_end)
{
	bool plain = !r->failed && !r->wrapper && !r->csv_mode && !r->other_categories.records &&
	             !r->rows.figures.rows;
	if (file_end)
		return plain;
	return plain && !r->ran_past_end && r->state == AT_TOP && r->mode_known && r->line_mode;
}

void event_reader_resume(event_reader *r, size_t first_line, bool file_start,
                         event_reader_input_end input_end)
{
	if (!file_start)
		set_line_start_state(r, first_line);
	r->at_eof = input_end == EVENT_READER_INPUT_ENDED;
	r->read_error = input_end == EVENT_READER_INPUT_FAILED;
}

void event_reader_push(event_reader *r, const char *data, size_t len)
{
	if (len == 0)
		return;
	if (r->cap - r->len < len) {
		r->cap = r->len + len > r->cap * 2 ? r->len + len : r->cap * 2;
		r->buf = xreallocarray(r->buf, r->cap, 1);
	}
	memcpy(r->buf + r->len, data, len);
	r->len += len;
}

input *event_reader_input(event_reader *r) { return r->in; }
