/* log_source: see log_source.h. A scenario request becomes the event kube-apiserver
 * would write at its last stage (ResponseComplete; ResponseStarted for the user-less
 * flows; Panic), with a deterministic audit ID and timestamps so outputs are stable. The
 * event's JSON text is written too, for commands that re-emit or measure events. */
#include "log_source.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aks_rows.h"
#include "csv_rows.h"
#include "input_kind.h"
#include "json_scan.h"
#include "scenario.h"
#include "strbuf.h"
#include "xalloc.h"

/* Scenario timestamps start here and advance 10 ms per request. */
#define SCENARIO_EPOCH ((time_t)1735689600) /* 2025-01-01T00:00:00Z */
#define MAX_MEMBERS 16
/* How far past leading spaces we look for the first character of a scenario. */
#define SCENARIO_SNIFF_MAX ((size_t)1 << 20)

struct log_source {
	const char *path; /* the caller's; events name it, so it outlives the source */
	event_reader *reader;
	scenario scen;
	size_t index;       /* the current request */
	unsigned long rep;  /* its next repetition */
	uint64_t seq;       /* events written so far */
	strbuf json;
	size_t member_off[MAX_MEMBERS][3]; /* key start, value start, value end */
	const char *member_key[MAX_MEMBERS];
	event_member members[MAX_MEMBERS];
	size_t member_count;
	char audit_id[256];
	char *warnings; /* a scenario's, one per line; NULL when none */
	char received[32], stage_time[32];
};

/* --- sniffing --- */

/* Whether the line at head[at] (whole, or the first SCENARIO_SNIFF_MAX bytes) is the header
 * of a CSV export of AKSAudit or AKSAuditAdmin (aks_rows.h), which is a log. */
static bool line_is_table_header(const unsigned char *head, size_t at, size_t len)
{
	const char *start = (const char *)head + at, *end = (const char *)head + len, *next;
	const char *nl = memchr(start, '\n', (size_t)(end - start));
	csv_record rec;
	csv_record_init(&rec);
	bool header = csv_read_record(&rec, start, nl ? nl + 1 : end, true, &next) == CSV_RECORD &&
	              aks_header_recognised(rec.fields, rec.count, NULL);
	csv_record_free(&rec);
	return header;
}

/* Sets *is_scenario when the input holds a scenario: not gzip, first non-space byte (after
 * a UTF-8 byte order mark) not { or [, and the first line not the header of a CSV export
 * of AKSAudit/AKSAuditAdmin. Looks at the stream's first bytes without consuming
 * them, reading further only while it sees spaces or the first line goes on. An empty file is left to the event
 * reader, which reports it in its own words. False when reading fails. */
static bool input_is_scenario(input *in, bool *is_scenario)
{
	*is_scenario = false;
	if (input_is_gzip(in))
		return true;
	size_t want = 256, len, at = 0;
	for (;;) {
		const unsigned char *head = input_peek(in, want, &len);
		if (!head)
			return false;
		if (at == 0 && len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
			at = 3;
		while (at < len && isspace(head[at]))
			at++;
		bool line_read = at < len && (memchr(head + at, '\n', len - at) || len < want ||
		                              want > SCENARIO_SNIFF_MAX);
		if (at < len && (head[at] == '{' || head[at] == '[' || line_read)) {
			*is_scenario = head[at] != '{' && head[at] != '[' &&
			               !line_is_table_header(head, at, len);
			return true;
		}
		if (len < want || want > SCENARIO_SNIFF_MAX)
			return true; /* empty, or nothing but spaces so far: a log, as far as we know */
		want *= 4;
	}
}

/* --- writing the event's JSON --- */

/* The scenario's text as Go's encoding/json writes it. */
static void put_json_string(strbuf *t, const char *s) { json_put_go_string(t, span_of(s)); }

static void member_begin(log_source *s, const char *key)
{
	size_t i = s->member_count++;
	strbuf_puts(&s->json, i ? ",\"" : "\"");
	s->member_off[i][0] = s->json.len;
	s->member_key[i] = key;
	strbuf_puts(&s->json, key);
	strbuf_puts(&s->json, "\":");
	s->member_off[i][1] = s->json.len;
}

static void member_end(log_source *s) { s->member_off[s->member_count - 1][2] = s->json.len; }

static void member_string(log_source *s, const char *key, const char *value)
{
	member_begin(s, key);
	put_json_string(&s->json, value);
	member_end(s);
}

static void write_user(log_source *s, const scenario_request *req)
{
	member_begin(s, "user");
	strbuf *t = &s->json;
	strbuf_puts(t, "{");
	if (req->has_user) {
		strbuf_puts(t, "\"username\":");
		put_json_string(t, req->user_name);
		strbuf_puts(t, ",\"groups\":[");
		for (size_t i = 0; i < req->group_count; i++) {
			strbuf_puts(t, i ? "," : "");
			put_json_string(t, req->groups[i]);
		}
		strbuf_puts(t, "]");
	}
	strbuf_puts(t, "}");
	member_end(s);
}

/* objectRef fields in Go's order, each left out when empty (§8.1). */
static void write_object_ref(log_source *s, const scenario_request *req)
{
	const char *keys[] = { "resource", "namespace", "name", "apiGroup", "apiVersion",
		               "subresource" };
	const char *values[] = { req->resource, req->namespace_, req->object_name,
		                 req->api_group, req->api_version, req->subresource };
	member_begin(s, "objectRef");
	const char *sep = "{";
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (!values[i][0])
			continue;
		strbuf_puts(&s->json, sep);
		put_json_string(&s->json, keys[i]);
		strbuf_puts(&s->json, ":");
		put_json_string(&s->json, values[i]);
		sep = ",";
	}
	strbuf_puts(&s->json, *sep == '{' ? "{}" : "}");
	member_end(s);
}

/* The Status kube-apiserver writes for each special flow (§6); success is a bare code. */
static const char *status_message(const scenario_request *req)
{
	switch (req->flow) {
	case FLOW_AUTHN_FAILED: return "Unauthorized";
	case FLOW_INVALID_TIMEOUT:
		return "invalid timeout specified in the request URL - time: invalid duration";
	case FLOW_PANIC: return "APIServer panic'd";
	case FLOW_NORMAL: break;
	}
	return NULL;
}

static void write_status(log_source *s, const scenario_request *req)
{
	/* indexed by request_flow */
	static const char *const reasons[] = { NULL, "InternalError", "Unauthorized", "BadRequest" };
	const char *message = status_message(req);
	char code[32];
	member_begin(s, "responseStatus");
	strbuf_puts(&s->json, "{\"metadata\":{}");
	if (message) {
		strbuf_puts(&s->json, ",\"status\":\"Failure\",\"message\":");
		put_json_string(&s->json, message);
		strbuf_puts(&s->json, ",\"reason\":");
		put_json_string(&s->json, reasons[req->flow]);
	}
	snprintf(code, sizeof code, ",\"code\":%d}", req->code);
	strbuf_puts(&s->json, code);
	member_end(s);
}

static const char *event_stage(const scenario_request *req)
{
	switch (req->flow) {
	case FLOW_AUTHN_FAILED:
	case FLOW_INVALID_TIMEOUT: return "ResponseStarted";
	case FLOW_PANIC: return "Panic";
	case FLOW_NORMAL: break;
	}
	return "ResponseComplete";
}

/* RFC 3339 with six fractional digits, as the log backend writes. */
static void format_time(char *out, size_t cap, uint64_t micros)
{
	time_t secs = SCENARIO_EPOCH + (time_t)(micros / 1000000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	size_t n = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, cap - n, ".%06uZ", (unsigned)(micros % 1000000));
}

static void write_event_json(log_source *s, const scenario_request *req)
{
	strbuf_truncate(&s->json, 0);
	s->member_count = 0;
	strbuf_puts(&s->json, "{");
	member_string(s, "kind", "Event");
	member_string(s, "apiVersion", "audit.k8s.io/v1");
	member_string(s, "auditID", s->audit_id);
	member_string(s, "stage", event_stage(req));
	member_string(s, "requestURI", req->request_uri);
	member_string(s, "verb", req->verb);
	write_user(s, req);
	if (req->is_resource)
		write_object_ref(s, req);
	write_status(s, req);
	member_string(s, "requestReceivedTimestamp", s->received);
	member_string(s, "stageTimestamp", s->stage_time);
	strbuf_puts(&s->json, "}");
	for (size_t i = 0; i < s->member_count; i++) {
		s->members[i].key = span_of(s->member_key[i]);
		s->members[i].value = (span){ s->json.data + s->member_off[i][1],
			                      s->member_off[i][2] - s->member_off[i][1] };
	}
}

/* --- the event itself --- */

static span optional(const char *s) { return s && *s ? span_of(s) : (span){ NULL, 0 }; }

static void fill_event(log_source *s, const scenario_request *req, audit_event *out)
{
	snprintf(s->audit_id, sizeof s->audit_id, "scenario-%s-%zu-%lu", s->scen.stem, s->index,
	         s->rep);
	uint64_t received = s->seq * 10000;
	format_time(s->received, sizeof s->received, received);
	format_time(s->stage_time, sizeof s->stage_time, received + 2000);
	write_event_json(s, req);

	memset(out, 0, sizeof *out);
	out->file = s->scen.file;
	out->line = (size_t)req->pos.line;
	out->raw = (span){ s->json.data, s->json.len };
	out->members = s->members;
	out->member_count = s->member_count;
	out->kind = span_of("Event");
	out->api_version = span_of("audit.k8s.io/v1");
	out->audit_id = span_of(s->audit_id);
	out->stage = span_of(event_stage(req));
	out->request_uri = span_of(req->request_uri);
	out->verb = span_of(req->verb);
	out->has_user = true;
	out->user_name = optional(req->user_name);
	out->user_groups = req->group_count ? req->group_spans : NULL;
	out->user_group_count = req->group_count;
	out->has_object_ref = req->is_resource;
	if (req->is_resource) {
		out->object_resource = optional(req->resource);
		out->object_namespace = optional(req->namespace_);
		out->object_name = optional(req->object_name);
		out->object_api_group = optional(req->api_group);
		out->object_api_version = optional(req->api_version);
		out->object_subresource = optional(req->subresource);
	}
	out->response_code = req->code;
	out->response_message = optional(status_message(req));
	out->request_received_timestamp = span_of(s->received);
	out->stage_timestamp = span_of(s->stage_time);
}

static event_read_status scenario_next(log_source *s, audit_event *out)
{
	while (s->index < s->scen.count && s->rep >= s->scen.requests[s->index].count) {
		s->index++;
		s->rep = 0;
	}
	if (s->index >= s->scen.count)
		return EVENT_READ_EOF;
	fill_event(s, &s->scen.requests[s->index], out);
	s->rep++;
	s->seq++;
	return EVENT_READ_EVENT;
}

/* --- opening --- */

/* All of a scenario's errors as one newline-separated message. */
static char *diags_text(const diag_list *diags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return xstrdup("out of memory");
	diag_print(diags, f);
	fclose(f);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

/* Loads the scenario `in` holds and closes `in`. */
static log_source *open_scenario(const char *path, input *in, char **error)
{
	log_source *s = xcalloc(1, sizeof *s);
	diag_list diags;
	diag_list_init(&diags, path);
	size_t head_len = 0;
	const unsigned char *head = input_peek(in, INPUT_KIND_SNIFF, &head_len);
	input_kind kind = head ? input_kind_of((const char *)head, head_len) : INPUT_KIND_UNKNOWN;
	bool ok = scenario_load_input(path, in, &s->scen, &diags);
	input_close(in);
	if (!ok && kind == INPUT_KIND_POLICY) {
		*error = xasprintf("%s: this looks like an audit Policy, not a LOG (an audit log or a "
		                   "scenario): the policy comes first, then the LOGs",
		                   path);
	} else if (!ok) {
		*error = diags_text(&diags);
	}
	if (!ok) {
		diag_list_free(&diags);
		scenario_free(&s->scen);
		free(s);
		return NULL;
	}
	if (diag_count(&diags, DIAG_WARNING))
		s->warnings = diags_text(&diags);
	diag_list_free(&diags);
	s->path = path;
	return s;
}

log_source *log_source_open(const char *path, const event_reader_limits *limits, char **error)
{
	*error = NULL;
	input *in = input_open(path, error);
	if (!in)
		return NULL;
	bool is_scenario;
	if (!input_is_scenario(in, &is_scenario)) {
		*error = xstrdup(input_error(in));
		input_close(in);
		return NULL;
	}
	if (is_scenario)
		return open_scenario(path, in, error);
	log_source *s = xcalloc(1, sizeof *s);
	s->reader = event_reader_open_input(path, in, limits);
	s->path = path;
	return s;
}

event_read_status log_source_next(log_source *s, audit_event *out, const char **message)
{
	event_read_status status;
	if (s->reader) {
		status = event_reader_next(s->reader, out, message);
	} else {
		*message = NULL;
		status = scenario_next(s, out);
	}
	out->file = s->path;
	return status;
}

bool log_source_is_scenario(const log_source *s) { return s->reader == NULL; }

event_reader *log_source_reader(log_source *s) { return s->reader; }

double log_source_period(const log_source *s) { return s->reader ? 0 : s->scen.period_seconds; }

char *log_source_other_categories_note(const log_source *s)
{
	return s->reader ? event_reader_other_categories_note(s->reader) : NULL;
}

char *log_source_rows_note(const log_source *s)
{
	return s->reader ? event_reader_rows_note(s->reader) : NULL;
}

table_row_figures log_source_rows(const log_source *s)
{
	return s->reader ? *event_reader_rows(s->reader) : (table_row_figures){ 0 };
}

void log_source_close(log_source *s)
{
	if (!s)
		return;
	if (s->reader)
		event_reader_close(s->reader);
	else
		scenario_free(&s->scen);
	strbuf_free(&s->json);
	free(s->warnings);
	free(s);
}

const char *log_source_warnings(const log_source *s) { return s->warnings; }
