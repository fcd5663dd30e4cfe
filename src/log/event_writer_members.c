/* event_writer_members: nested objects of an event rebuilt member by member — bodies with
 * managedFields stripped (objects, lists' items, Tables' rows), objectRef and annotations
 * filtered — for the event writer (event_writer_internal.h). */
#include "event_writer_internal.h"

#include "json_scan.h"

/* ---- objects rebuilt member by member ---- */




static void scanner_at(event_writer *w, json_scanner *s, span v, int nest)
{
	json_scanner_init(s, v.ptr + v.len, true, w->max_depth, w->stacks[nest]);
}

/* Writes obj with each member treated as filter says. Returns the number of members
 * written, or -1 (nothing written) when obj is not a valid object. */
long writer_copy_object(event_writer *w, span obj, member_filter filter, const void *ctx, int nest)
{
	json_scanner s;
	json_iter it;
	scanner_at(w, &s, obj, nest);
	if (json_object_begin(&s, obj.ptr, 0, &it) != JSON_OK)
		return -1;
	size_t start = w->len;
	long kept = 0;
	writer_append(w, "{", 1);
	for (;;) {
		span key, value;
		json_status st = json_object_next(&s, &it, &key, &value);
		if (st == JSON_END)
			break;
		if (st != JSON_OK) {
			w->len = start;
			return -1;
		}
		member_action action = filter(key, ctx);
		if (action == MEMBER_DROP)
			continue;
		if (kept++)
			writer_append(w, ",", 1);
		writer_append(w, key.ptr - 1, key.len + 2);
		writer_append(w, ":", 1);
		if (action == MEMBER_KEEP)
			writer_append_value(w, value);
		else
			writer_copy_stripped(w, value, action, nest + 1);
	}
	writer_append(w, "}", 1);
	return kept;
}

static member_action metadata_member(span key, const void *ctx)
{
	(void)ctx;
	return span_eq(key, "managedFields") ? MEMBER_DROP : MEMBER_KEEP;
}

static member_action object_member(span key, const void *ctx)
{
	(void)ctx;
	return span_eq(key, "metadata") ? MEMBER_STRIP_METADATA : MEMBER_KEEP;
}

static member_action row_member(span key, const void *ctx)
{
	(void)ctx;
	return span_eq(key, "object") ? MEMBER_STRIP_OBJECT : MEMBER_KEEP;
}

/* §7.4: a list's items and a Table's rows lose their managedFields, a single object its
 * own; the list itself has none. */
static member_action body_member(span key, const void *ctx)
{
	(void)ctx;
	if (span_eq(key, "items"))
		return MEMBER_STRIP_ITEMS;
	if (span_eq(key, "rows"))
		return MEMBER_STRIP_ROWS;
	return object_member(key, ctx);
}

static void copy_array(event_writer *w, span arr, member_filter filter, int nest)
{
	json_scanner s;
	json_iter it;
	scanner_at(w, &s, arr, nest);
	size_t start = w->len;
	if (json_array_begin(&s, arr.ptr, 0, &it) != JSON_OK) {
		writer_append_value(w, arr);
		return;
	}
	writer_append(w, "[", 1);
	for (size_t n = 0;; n++) {
		span elem;
		json_status st = json_array_next(&s, &it, &elem);
		if (st == JSON_END)
			break;
		if (st != JSON_OK) {
			w->len = start;
			writer_append_value(w, arr);
			return;
		}
		if (n)
			writer_append(w, ",", 1);
		if (json_value_type(elem) != JSON_TYPE_OBJECT ||
		    writer_copy_object(w, elem, filter, NULL, nest + 1) < 0)
			writer_append_value(w, elem);
	}
	writer_append(w, "]", 1);
}

/* Anything of an unexpected shape is copied as it is, as kube-apiserver leaves objects
 * without metadata alone. */
void writer_copy_stripped(event_writer *w, span value, member_action action, int nest)
{
	json_type type = json_value_type(value);
	if (nest >= WRITER_NEST_MAX) {
		writer_append_value(w, value);
	} else if (type == JSON_TYPE_ARRAY && action == MEMBER_STRIP_ITEMS) {
		copy_array(w, value, object_member, nest);
	} else if (type == JSON_TYPE_ARRAY && action == MEMBER_STRIP_ROWS) {
		copy_array(w, value, row_member, nest);
	} else if (type == JSON_TYPE_OBJECT) {
		member_filter f = action == MEMBER_STRIP_METADATA ? metadata_member
		                  : action == MEMBER_STRIP_OBJECT ? object_member
		                                                  : body_member;
		if (writer_copy_object(w, value, f, NULL, nest) < 0)
			writer_append_value(w, value);
	} else {
		writer_append_value(w, value);
	}
}
