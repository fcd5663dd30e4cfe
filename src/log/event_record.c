/* event_record: what one record of an audit log holds — a plain event, an Azure record
 * (the event in properties.log or log_s, other categories counted), an AKSAudit/AKSAuditAdmin
 * row rebuilt into its event, or a row of a CSV export — for the event reader, whose
 * framing (window, refills, positions) stays in event_reader.c. */
#include "event_reader_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

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
		*result = reader_bad_record(r, "expected the event as a string or an object, got %s",
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
	json_scanner s = reader_scanner_for(r, end, true);
	const char *p = json_skip_ws(start, end), *obj_end;
	if (p == end || *p != '{') {
		*result = reader_bad_record(r, "not a JSON object");
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
		*result = reader_bad_record(r, "invalid JSON at byte %zu: %s",
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
		*result = reader_bad_record(r, "%s", table_rows_problem(&r->rows));
		return false;
	}
	return parse_embedded_event(r, ev->text.ptr, ev->text.ptr + ev->text.len, raw, result);
}

/* r->fields holds the event whose text is raw (rebuilt from `row` when set): checks it and
 * fills *out. */
static step finish_event(event_reader *r, span raw, const aks_event *row, audit_event *out)
{
	if (!event_fields_finish(&r->fields, out))
		return reader_bad_record(r, "%s", r->fields.problem);
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
step reader_finish_record(event_reader *r, size_t rec, size_t end, audit_event *out)
{
	span raw = { r->buf + rec, end - rec };
	step result;
	/* a record that happened to fit in the window is held to the limit all the same */
	if (end - rec > r->limits.max_record_bytes) {
		reader_report_too_large(r, rec);
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
step reader_read_non_object(event_reader *r, size_t keep, size_t rec, size_t depth)
{
	json_scanner s = reader_window_scanner(r);
	const char *end;
	json_status st = json_skip_value(&s, r->buf + rec, depth, &end);
	if (st != JSON_OK)
		return reader_json_failure(r, &s, st, keep, rec);
	r->pos = (size_t)(end - r->buf);
	return reader_bad_record(r, "not a JSON object (%s)",
	                  json_type_name(json_value_type((span){ r->buf + rec, 1 })));
}

void reader_begin_array(event_reader *r, size_t bracket, const char *wrapper, size_t depth)
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

bool reader_is_wrapper_key(span key)
{
	return span_eq(key, "records") || span_eq(key, "items");
}

/* A top-level object: an event, an Azure row, or a wrapper whose array is then streamed. */
step reader_read_top_object(event_reader *r, size_t rec, audit_event *out)
{
	json_scanner s = reader_window_scanner(r);
	event_fields *f = &r->fields;
	json_iter it;
	span key;
	event_fields_begin(f);
	json_status st = json_object_begin(&s, r->buf + rec, 0, &it);
	while (st == JSON_OK) {
		st = event_fields_next_key(f, &s, &it, &key);
		if (st == JSON_OK && *it.pos == '[' && reader_is_wrapper_key(key)) {
			const char *name = span_eq(key, "records") ? "records" : "items";
			reader_begin_array(r, (size_t)(it.pos - r->buf), name, 1);
			return step_of(STEP_CONTINUE);
		}
		if (st == JSON_OK)
			st = event_fields_member(f, &s, &it);
	}
	if (st != JSON_END)
		return reader_json_failure(r, &s, st, rec, rec);
	size_t end = (size_t)(it.pos - r->buf);
	size_t line = r->line;
	r->pos = end;
	/* lines are counted up to rec; a record without a line break needs no memchr */
	if (!s.newline_seen && r->line_off < end)
		r->line_off = end;
	step result = reader_finish_record(r, rec, end, out);
	reader_note_top_value(r, line, end);
	return result;
}

/* The first line of a file that is neither an object nor an array: when it is the header
 * of a CSV export of AKSAudit or AKSAuditAdmin, the file is read as one (*is_csv). Needs
 * the whole line in the window. */
step reader_read_csv_header(event_reader *r, size_t rec, bool *is_csv)
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
step reader_step_csv(event_reader *r, audit_event *out)
{
	size_t rec = r->pos;
	if (rec == r->len)
		return r->at_eof ? step_of(STEP_EOF) : need_more(rec, rec);
	const char *next;
	csv_record *csv = &r->rows.csv;
	csv_status st = csv_read_record(csv, r->buf + rec, r->buf + r->len, r->at_eof, &next);
	if (st == CSV_INCOMPLETE)
		return need_more(rec, rec);
	reader_count_lines_to(r, rec);
	r->context[0] = '\0';
	if (st == CSV_INVALID) {
		size_t line, col, err = (size_t)(csv->error_pos - r->buf);
		if (reader_error_past_limit(r, rec, err))
			return step_of(STEP_SKIPPED);
		reader_locate(r, rec, err, &line, &col);
		reader_set_message(r, "%s:%zu:%zu: invalid CSV: %s", r->file, line, col, csv->error);
		reader_start_resync(r, err);
		return step_of(STEP_SKIPPED);
	}
	r->pos = (size_t)(next - r->buf);
	if (csv_record_is_blank(csv))
		return step_of(STEP_CONTINUE);
	if (r->pos - rec > r->limits.max_record_bytes) {
		reader_report_too_large(r, rec);
		return step_of(STEP_SKIPPED);
	}
	aks_row row;
	if (!table_rows_csv_row(&r->rows, &row))
		return reader_bad_record(r, "%s", table_rows_problem(&r->rows));
	span raw;
	aks_event rebuilt;
	step result;
	if (!rebuild_table_row(r, &row, &raw, &rebuilt, &result))
		return result;
	return finish_event(r, raw, &rebuilt, out);
}
