/* aks_rows: see aks_rows.h. */
#include "aks_rows.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include "policy.h"
#include "xalloc.h"

typedef enum { COLUMN_STRING, COLUMN_DYNAMIC, COLUMN_DATETIME, COLUMN_REAL } column_type;

static const struct {
	const char *name; /* as the table reference spells it */
	const char *key;  /* the Event's member, NULL for the columns that are not one */
	column_type type;
} columns[AKS_COLUMN_COUNT] = {
	[AKS_LEVEL] = { "Level", "level", COLUMN_STRING },
	[AKS_AUDIT_ID] = { "AuditId", "auditID", COLUMN_STRING },
	[AKS_STAGE] = { "Stage", "stage", COLUMN_STRING },
	[AKS_REQUEST_URI] = { "RequestUri", "requestURI", COLUMN_STRING },
	[AKS_VERB] = { "Verb", "verb", COLUMN_STRING },
	[AKS_USER] = { "User", "user", COLUMN_DYNAMIC },
	[AKS_IMPERSONATED_USER] = { "ImpersonatedUser", "impersonatedUser", COLUMN_DYNAMIC },
	[AKS_SOURCE_IPS] = { "SourceIps", "sourceIPs", COLUMN_DYNAMIC },
	[AKS_USER_AGENT] = { "UserAgent", "userAgent", COLUMN_STRING },
	[AKS_OBJECT_REF] = { "ObjectRef", "objectRef", COLUMN_DYNAMIC },
	[AKS_RESPONSE_STATUS] = { "ResponseStatus", "responseStatus", COLUMN_DYNAMIC },
	[AKS_REQUEST_OBJECT] = { "RequestObject", "requestObject", COLUMN_DYNAMIC },
	[AKS_RESPONSE_OBJECT] = { "ResponseObject", "responseObject", COLUMN_DYNAMIC },
	[AKS_REQUEST_RECEIVED_TIME] = { "RequestReceivedTime", "requestReceivedTimestamp",
		                        COLUMN_DATETIME },
	[AKS_STAGE_RECEIVED_TIME] = { "StageReceivedTime", "stageTimestamp", COLUMN_DATETIME },
	[AKS_ANNOTATIONS] = { "Annotations", "annotations", COLUMN_DYNAMIC },
	[AKS_BILLED_SIZE] = { "_BilledSize", NULL, COLUMN_REAL },
	[AKS_TYPE] = { "Type", NULL, COLUMN_STRING },
};

#define SKIPPED_BODY "skipped-too-big-size-object"

/* A CSV header's name without its unit suffix: "TimeGenerated [UTC]" is TimeGenerated. */
static span without_unit(span name)
{
	if (name.len > 2 && name.ptr[name.len - 1] == ']') {
		const char *open = memchr(name.ptr, '[', name.len);
		if (open) {
			name.len = (size_t)(open - name.ptr);
			while (name.len && name.ptr[name.len - 1] == ' ')
				name.len--;
		}
	}
	return name;
}

int aks_column_of(span name)
{
	name = without_unit(name);
	for (int c = 0; c < AKS_COLUMN_COUNT; c++)
		if (span_eq(name, columns[c].name))
			return c;
	/* a query shows the hidden _BilledSize column with `extend BilledSize = _BilledSize` */
	return span_eq(name, "BilledSize") ? AKS_BILLED_SIZE : -1;
}

bool aks_columns_recognised(const bool present[AKS_COLUMN_COUNT])
{
	return present[AKS_AUDIT_ID] + present[AKS_LEVEL] + present[AKS_STAGE] + present[AKS_VERB] +
	               present[AKS_REQUEST_URI] >= 2;
}

bool aks_header_recognised(const span *names, size_t count, int *columns)
{
	bool present[AKS_COLUMN_COUNT] = { false };
	for (size_t i = 0; i < count; i++) {
		int c = aks_column_of(names[i]);
		if (columns)
			columns[i] = c;
		if (c >= 0)
			present[c] = true;
	}
	return aks_columns_recognised(present);
}

bool aks_row_from_members(aks_row *row, const event_member *members, size_t count)
{
	bool present[AKS_COLUMN_COUNT] = { false };
	*row = (aks_row){ .text = false };
	for (size_t i = 0; i < count; i++) {
		int c = aks_column_of(members[i].key);
		if (c >= 0) {
			row->cells[c] = members[i].value; /* the last of duplicate keys wins */
			present[c] = true;
		}
	}
	return aks_columns_recognised(present);
}

void aks_builder_init(aks_builder *b, size_t max_depth)
{
	*b = (aks_builder){ .max_depth = max_depth ? max_depth : 1 };
	b->depth_stack = xcalloc(1, JSON_STACK_BYTES(b->max_depth));
}

void aks_builder_free(aks_builder *b)
{
	strbuf_free(&b->text);
	free(b->scratch);
	free(b->string_buf);
	free(b->depth_stack);
	*b = (aks_builder){ 0 };
}

static bool problem(aks_builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool problem(aks_builder *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->problem, sizeof b->problem, fmt, ap);
	va_end(ap);
	return false;
}

#define QUOTE_MAX 80
#define QUOTED(s) (int)((s).len < QUOTE_MAX ? (s).len : QUOTE_MAX), (s).ptr

/* A cell's value as text: a JSON string decoded (into scratch when it has escapes), CSV
 * text as it is, other JSON values raw. *type is the JSON type (a string for CSV text);
 * null stays null, and absent or empty cells are {NULL, 0}. */
static span cell_text(aks_builder *b, const aks_row *row, span cell, json_type *type)
{
	*type = JSON_TYPE_STRING;
	if (!cell.ptr)
		return (span){ NULL, 0 };
	if (row->text)
		return cell.len ? cell : (span){ NULL, 0 };
	*type = json_value_type(cell);
	if (*type != JSON_TYPE_STRING)
		return cell;
	span body = json_string_body(cell);
	if (json_string_is_plain(body))
		return body.len ? body : (span){ NULL, 0 };
	size_t need = JSON_DECODED_MAX(body.len) + 1;
	if (b->scratch_cap < need) {
		free(b->scratch);
		b->scratch = xmalloc(need);
		b->scratch_cap = need;
	}
	size_t len = json_string_decode(body, b->scratch, b->scratch_cap);
	return len ? (span){ b->scratch, len } : (span){ NULL, 0 };
}

static void put_key(aks_builder *b, const char *key)
{
	strbuf_puts(&b->text, ",\"");
	strbuf_puts(&b->text, key);
	strbuf_puts(&b->text, "\":");
}

/* A JSON string's body, decoded and escaped again as Go escapes it. */
static void put_go_string(aks_builder *b, span body)
{
	size_t need = JSON_DECODED_MAX(body.len) + 1;
	if (b->string_cap < need) {
		free(b->string_buf);
		b->string_buf = xmalloc(need);
		b->string_cap = need;
	}
	size_t len = json_string_decode(body, b->string_buf, b->string_cap);
	json_put_go_string(&b->text, (span){ b->string_buf, len });
}

/* A valid JSON value as kube-apiserver would write it: no whitespace between tokens, its
 * strings escaped as Go escapes them; numbers and key order as they are. */
static void put_go_json(aks_builder *b, span value)
{
	const char *p = value.ptr, *end = value.ptr + value.len;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (*p == '"') {
			const char *q = p + 1;
			while (q < end && *q != '"')
				q += *q == '\\' ? 2 : 1;
			put_go_string(b, (span){ p + 1, (size_t)(q - p - 1) });
			p = q + 1;
		} else {
			const char *q = p;
			while (q < end && *q != '"' && *q != ' ' && *q != '\t' && *q != '\n' &&
			       *q != '\r')
				q++;
			strbuf_put(&b->text, p, (size_t)(q - p));
			p = q;
		}
	}
}

static bool put_string_column(aks_builder *b, const aks_row *row, aks_column c)
{
	span cell = row->cells[c];
	if (!cell.ptr)
		return true;
	if (!row->text) {
		json_type type = json_value_type(cell);
		if (type == JSON_TYPE_NULL || (type == JSON_TYPE_STRING && cell.len == 2))
			return true;
		if (type != JSON_TYPE_STRING)
			return problem(b, "%s: expected a string, got %s", columns[c].name,
			               json_type_name(type));
		put_key(b, columns[c].key);
		put_go_string(b, json_string_body(cell));
		return true;
	}
	if (cell.len) {
		put_key(b, columns[c].key);
		json_put_go_string(&b->text, cell);
	}
	return true;
}

/* Checks that text is one JSON value (spaces around it allowed). */
static bool is_json_value(aks_builder *b, span text, const char **why, size_t *at)
{
	json_scanner s;
	json_scanner_init(&s, text.ptr + text.len, true, b->max_depth, b->depth_stack);
	const char *p = json_skip_ws(text.ptr, text.ptr + text.len), *end;
	json_status st = json_skip_value(&s, p, 0, &end);
	if (st == JSON_OK && json_skip_ws(end, text.ptr + text.len) != text.ptr + text.len) {
		st = JSON_INVALID;
		s.error_pos = end;
		s.error = "unexpected data after the value";
	}
	if (st == JSON_OK)
		return true;
	*why = st == JSON_INCOMPLETE ? "unexpected end" :
	       st == JSON_TOO_DEEP    ? "nesting exceeds the maximum depth" : s.error;
	*at = (size_t)(s.error_pos - text.ptr) + 1;
	return false;
}

static bool is_skipped_body(span text)
{
	return span_eq(text, SKIPPED_BODY) || span_eq(text, "\"" SKIPPED_BODY "\"");
}

static bool put_dynamic_column(aks_builder *b, const aks_row *row, aks_column c, aks_event *out)
{
	json_type type;
	span text = cell_text(b, row, row->cells[c], &type);
	if (!text.ptr || type == JSON_TYPE_NULL)
		return true;
	if (type != JSON_TYPE_STRING && type != JSON_TYPE_OBJECT && type != JSON_TYPE_ARRAY)
		return problem(b, "%s: expected an object, an array or a string holding JSON, got %s",
		               columns[c].name, json_type_name(type));
	if ((c == AKS_REQUEST_OBJECT || c == AKS_RESPONSE_OBJECT) && is_skipped_body(text)) {
		*(c == AKS_REQUEST_OBJECT ? &out->request_object_skipped
		                          : &out->response_object_skipped) = true;
		return true;
	}
	const char *why;
	size_t at;
	if (type == JSON_TYPE_STRING && !is_json_value(b, text, &why, &at))
		return problem(b, "%s: not JSON (byte %zu: %s): \"%.*s\"", columns[c].name, at, why,
		               QUOTED(text));
	put_key(b, columns[c].key);
	put_go_json(b, text);
	return true;
}

static bool put_datetime_column(aks_builder *b, const aks_row *row, aks_column c)
{
	json_type type;
	span text = cell_text(b, row, row->cells[c], &type);
	if (!text.ptr || type == JSON_TYPE_NULL)
		return true;
	if (type != JSON_TYPE_STRING)
		return problem(b, "%s: expected a date and time, got %s", columns[c].name,
		               json_type_name(type));
	char iso[AKS_TIME_MAX];
	if (memchr(text.ptr, '/', text.len)) {
		if (!aks_portal_time(text, iso))
			return problem(b, "%s: not a date and time: \"%.*s\"", columns[c].name,
			               QUOTED(text));
		text = span_of(iso);
	}
	put_key(b, columns[c].key);
	json_put_go_string(&b->text, text);
	return true;
}

/* _BilledSize: a number, or a string holding one (as az prints every column). */
static bool read_billed_size(aks_builder *b, const aks_row *row, aks_event *out)
{
	json_type type;
	span text = cell_text(b, row, row->cells[AKS_BILLED_SIZE], &type);
	if (!text.ptr || type == JSON_TYPE_NULL)
		return true;
	char number[64];
	char *end;
	if ((type == JSON_TYPE_STRING || type == JSON_TYPE_NUMBER) && text.len < sizeof number) {
		memcpy(number, text.ptr, text.len);
		number[text.len] = '\0';
		double v = strtod(number, &end);
		if (end == number + text.len && text.len && v >= 0 && v < 1e18) {
			out->has_billed_size = true;
			out->billed_size = v;
			return true;
		}
	}
	return problem(b, "_BilledSize: expected a number of bytes, got \"%.*s\"", QUOTED(text));
}

static aks_table table_of(aks_builder *b, const aks_row *row)
{
	json_type type;
	span name = cell_text(b, row, row->cells[AKS_TYPE], &type);
	if (span_eq(name, "AKSAudit"))
		return AKS_TABLE_AUDIT;
	if (span_eq(name, "AKSAuditAdmin"))
		return AKS_TABLE_AUDIT_ADMIN;
	return AKS_TABLE_OTHER;
}

static bool known_level(span name)
{
	for (int l = 0; l < LEVEL_COUNT; l++)
		if (span_eq(name, level_name((audit_level)l)))
			return true;
	return false;
}

static bool known_stage(span name)
{
	for (int st = 0; st < STAGE_COUNT; st++)
		if (span_eq(name, stage_name((audit_stage)st)))
			return true;
	return false;
}

/* The columns the Event cannot do without, checked in the row's own terms. A value with
 * escapes is left to the event's own check, after decoding. */
static bool check_required(aks_builder *b, const aks_row *row)
{
	static const struct {
		aks_column column;
		bool (*known)(span name); /* NULL: any text */
	} required[] = { { AKS_AUDIT_ID, NULL }, { AKS_STAGE, known_stage }, { AKS_LEVEL, known_level },
		         { AKS_VERB, NULL } };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		aks_column c = required[i].column;
		span cell = row->cells[c];
		span value = row->text ? cell : cell.ptr && json_value_type(cell) == JSON_TYPE_STRING ?
		                                 json_string_body(cell) : (span){ NULL, 0 };
		bool plain = row->text || (value.ptr && json_string_is_plain(value));
		if (!cell.ptr || (value.ptr && value.len == 0) ||
		    (!row->text && json_value_type(cell) == JSON_TYPE_NULL))
			return problem(b, "missing \"%s\"", columns[c].name);
		if (value.ptr && plain && required[i].known && !required[i].known(value))
			return problem(b, "unknown %s \"%.*s\"", columns[c].name, QUOTED(value));
	}
	return true;
}

bool aks_build_event(aks_builder *b, const aks_row *row, aks_event *out)
{
	*out = (aks_event){ .table = AKS_TABLE_OTHER };
	b->problem[0] = '\0';
	if (!check_required(b, row) || !read_billed_size(b, row, out))
		return false;
	out->table = table_of(b, row);
	strbuf_truncate(&b->text, 0);
	strbuf_puts(&b->text, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\"");
	for (int c = 0; c < AKS_EVENT_COLUMNS; c++) {
		bool ok = true;
		switch (columns[c].type) {
		case COLUMN_STRING:
			ok = put_string_column(b, row, (aks_column)c);
			break;
		case COLUMN_DYNAMIC:
			ok = put_dynamic_column(b, row, (aks_column)c, out);
			break;
		case COLUMN_DATETIME:
			ok = put_datetime_column(b, row, (aks_column)c);
			break;
		case COLUMN_REAL:
			break;
		}
		if (!ok)
			return false;
	}
	strbuf_putc(&b->text, '}');
	out->text = (span){ b->text.data, b->text.len };
	return true;
}

/* Reads an unsigned number of 1 to max_digits digits at *p; false when there is none. */
static bool read_number(const char **p, const char *end, size_t max_digits, unsigned *out)
{
	size_t n = 0;
	*out = 0;
	while (*p < end && n < max_digits && isdigit((unsigned char)**p)) {
		*out = *out * 10 + (unsigned)(**p - '0');
		(*p)++;
		n++;
	}
	return n > 0;
}

static bool expect(const char **p, const char *end, char c)
{
	if (*p == end || **p != c)
		return false;
	(*p)++;
	return true;
}

bool aks_portal_time(span text, char *out)
{
	const char *p = text.ptr, *end = text.ptr + text.len;
	unsigned month, day, year, hour, minute, second, fraction = 0, digits = 0;
	if (!read_number(&p, end, 2, &month) || !expect(&p, end, '/') ||
	    !read_number(&p, end, 2, &day) || !expect(&p, end, '/') ||
	    !read_number(&p, end, 4, &year) || !expect(&p, end, ',') || !expect(&p, end, ' ') ||
	    !read_number(&p, end, 2, &hour) || !expect(&p, end, ':') ||
	    !read_number(&p, end, 2, &minute) || !expect(&p, end, ':') ||
	    !read_number(&p, end, 2, &second))
		return false;
	if (p < end && *p == '.') {
		p++;
		const char *start = p;
		if (!read_number(&p, end, 6, &fraction))
			return false;
		digits = (unsigned)(p - start);
	}
	for (; digits < 6; digits++)
		fraction *= 10;
	if (!expect(&p, end, ' ') || end - p != 2 || (p[1] != 'M') || (p[0] != 'A' && p[0] != 'P'))
		return false;
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 1 || hour > 12 ||
	    minute > 59 || second > 60 || year < 1000)
		return false;
	hour = hour % 12 + (p[0] == 'P' ? 12 : 0);
	snprintf(out, AKS_TIME_MAX, "%04u-%02u-%02uT%02u:%02u:%02u.%06uZ", year, month, day, hour, minute,
	         second, fraction);
	return true;
}
