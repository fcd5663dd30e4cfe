/* event_writer: see event_writer.h. The line is assembled in one reused buffer, so a
 * request's bytes are known before anything is written and the hot path never allocates
 * once the buffer has grown to the largest line. When nobody needs the bytes, the same
 * code runs in counting mode: every append adds its length and copies nothing, so the
 * measured length and the written line cannot disagree. */
#include "event_writer_internal.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "annotation_since.h"
#include "event_reader.h"
#include "json_scan.h"
#include "xalloc.h"

/* with their lengths: every member of every event is looked up here */
#define FIELD(name) { name, sizeof name - 1 }
static const span field_names[F_COUNT] = {
	FIELD("auditID"), FIELD("requestURI"), FIELD("verb"), FIELD("user"),
	FIELD("impersonatedUser"), FIELD("authenticationMetadata"), FIELD("sourceIPs"),
	FIELD("userAgent"), FIELD("objectRef"), FIELD("responseStatus"), FIELD("requestObject"),
	FIELD("responseObject"), FIELD("requestReceivedTimestamp"), FIELD("stageTimestamp"),
	FIELD("annotations"), FIELD("timestamp"),
};
#undef FIELD

event_writer *event_writer_new(size_t max_depth)
{
	event_writer *w = xcalloc(1, sizeof *w);
	w->max_depth = max_depth ? max_depth : EVENT_READER_DEFAULT_MAX_DEPTH;
	for (int i = 0; i < WRITER_NEST_MAX; i++)
		w->stacks[i] = xcalloc(JSON_STACK_BYTES(w->max_depth), 1);
	w->cap = 4096;
	w->buf = xmalloc(w->cap);
	return w;
}

void event_writer_free(event_writer *w)
{
	if (!w)
		return;
	free(w->buf);
	for (int i = 0; i < WRITER_NEST_MAX; i++)
		free(w->stacks[i]);
	free(w);
}

span event_writer_line(const event_writer *w)
{
	if (!w->built)
		return (span){ w->buf, 0 };
	return (span){ w->buf, w->len ? w->len - 1 : 0 };
}

static void append_str(event_writer *w, const char *s) { writer_append(w, s, strlen(s)); }

/* End of the string that opens at p (p points at its quote), or end if unterminated. */
static const char *string_end(const char *p, const char *end)
{
	const char *q = p + 1;
	for (;;) {
		q = memchr(q, '"', (size_t)(end - q));
		if (!q)
			return end;
		const char *b = q;
		while (b > p + 1 && b[-1] == '\\')
			b--;
		q++;
		if (((q - 1 - b) & 1) == 0)
			return q;
	}
}

/* Whether any of the 8 bytes in x is below 0x21: exact as a yes/no answer (a borrow
 * only travels up from a byte that is itself below), the classic haszero variant. */
static bool any_low_byte8(const unsigned char *p)
{
	uint64_t x;
	memcpy(&x, p, sizeof x);
	return ((x - 0x2121212121212121ull) & ~x & 0x8080808080808080ull) != 0;
}

#if defined(__SSE2__)
static bool any_low_byte16(const unsigned char *p)
{
	const __m128i space = _mm_set1_epi8(' ');
	__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
	/* unsigned bytes <= ' ' are those min(bytes, ' ') leaves unchanged */
	return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(bytes, space), bytes)) != 0;
}
#endif

/* Whether v holds no byte <= ' ': then it has no whitespace to drop (and no control
 * byte), so it is written as it is. Compact recordings, kube-apiserver's own, are so
 * except for spaces inside strings. Most values are short, so the tail is read as one
 * overlapping block rather than byte by byte. */
static bool has_no_low_byte(span v)
{
	const unsigned char *p = (const unsigned char *)v.ptr, *end = p + v.len;
#if defined(__SSE2__)
	if (v.len >= 16) {
		for (; end - p > 16; p += 16)
			if (any_low_byte16(p))
				return false;
		return !any_low_byte16(end - 16);
	}
#endif
	if (v.len >= 8) {
		for (; end - p > 8; p += 8)
			if (any_low_byte8(p))
				return false;
		return !any_low_byte8(end - 8);
	}
	for (; p < end; p++)
		if (*p <= ' ')
			return false;
	return true;
}

/* Copies a validated JSON value without the whitespace between tokens, which is what a
 * pretty-printed recording adds to kube-apiserver's compact line; strings are copied
 * byte for byte. In counting mode the same walk only counts. */
void writer_append_value(event_writer *w, span v)
{
	if (has_no_low_byte(v)) {
		writer_append(w, v.ptr, v.len);
		return;
	}
	writer_reserve(w, v.len);
	bool copy = !w->counting;
	size_t n = w->len;
	const char *p = v.ptr, *end = v.ptr + v.len;
	while (p < end) {
		char c = *p;
		if (c == '"') {
			const char *q = string_end(p, end);
			if (copy)
				memcpy(w->buf + n, p, (size_t)(q - p));
			n += (size_t)(q - p);
			p = q;
		} else {
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				if (copy)
					w->buf[n] = c;
				n++;
			}
			p++;
		}
	}
	w->len = n;
}

/* `,"name":` */
static void append_key(event_writer *w, const char *name)
{
	writer_append(w, ",\"", 2);
	append_str(w, name);
	writer_append(w, "\":", 2);
}

/* Recordings list the members in kube-apiserver's order, the order of the table, so the
 * search for each starts after the previous match and usually ends at once. */
static void index_fields(event_writer *w, const audit_event *ev)
{
	memset(w->fields, 0, sizeof w->fields);
	int next = 0;
	for (size_t m = 0; m < ev->member_count; m++) {
		span key = ev->members[m].key;
		for (int n = 0; n < F_COUNT; n++) {
			int f = (next + n) % F_COUNT;
			if (span_eq_span(key, field_names[f])) {
				w->fields[f] = ev->members[m].value;
				next = f + 1;
				break;
			}
		}
	}
}

static bool is_null(span v) { return !v.ptr || (v.len == 4 && memcmp(v.ptr, "null", 4) == 0); }

/* ---- fields with stage-dependent content ---- */

static member_action object_ref_at_request_received(span key, const void *ctx)
{
	const request_attrs *url = ctx;
	/* filled from the body by create/update handlers, never known at policy time */
	if (span_eq(key, "uid") || span_eq(key, "resourceVersion"))
		return MEMBER_DROP;
	if (url && span_eq(key, "name") && url->name.len == 0)
		return MEMBER_DROP;
	if (url && span_eq(key, "namespace") && url->namespace_.len == 0)
		return MEMBER_DROP;
	return MEMBER_KEEP;
}

static member_action annotation_before_completion(span key, const void *ctx)
{
	(void)ctx;
	static const char latency[] = "apiserver.latency.k8s.io/";
	return span_starts_with(key, latency, sizeof latency - 1) ? MEMBER_DROP : MEMBER_KEEP;
}

/* §7.1: at RequestReceived only what authentication set before the audit filter ran
 * (stale or legacy token warnings); authorization, admission and latency come later. */
static member_action annotation_before_audit(span key, const void *ctx)
{
	(void)ctx;
	static const char authentication[] = "authentication.k8s.io/";
	return span_starts_with(key, authentication, sizeof authentication - 1) ? MEMBER_KEEP
	                                                                       : MEMBER_DROP;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Writes a recorded timestamp as v1 does: UTC with exactly six fractional digits. Values
 * of another shape (null, an offset other than Z) are copied. */
static void append_timestamp(event_writer *w, span raw)
{
	/* "2006-01-02T15:04:05 is 20 bytes with its quote */
	const char *p = raw.ptr;
	if (raw.len < 22 || p[0] != '"' || p[11] != 'T' || p[raw.len - 1] != '"' ||
	    p[raw.len - 2] != 'Z') {
		writer_append_value(w, raw);
		return;
	}
	const char *frac = p + 20, *zone = p + raw.len - 2;
	char digits[6] = { '0', '0', '0', '0', '0', '0' };
	if (frac < zone) {
		if (*frac != '.') {
			writer_append_value(w, raw);
			return;
		}
		for (const char *d = frac + 1; d < zone; d++) {
			if (!is_digit(*d)) {
				writer_append_value(w, raw);
				return;
			}
			if (d - frac - 1 < 6)
				digits[d - frac - 1] = *d;
		}
	}
	writer_append(w, p, 20);
	writer_append(w, ".", 1);
	writer_append(w, digits, 6);
	writer_append(w, "Z\"", 2);
}

static bool stage_completes(audit_stage stage)
{
	return stage == STAGE_RESPONSE_COMPLETE || stage == STAGE_PANIC;
}

static bool subresource_streams(span sub)
{
	return span_eq(sub, "exec") || span_eq(sub, "attach") || span_eq(sub, "portforward") ||
	       span_eq(sub, "proxy");
}

bool event_request_body_applies(const audit_event *ev)
{
	if (!ev->has_object_ref || subresource_streams(ev->object_subresource))
		return false;
	span v = ev->verb;
	return span_eq(v, "create") || span_eq(v, "update") || span_eq(v, "patch") ||
	       span_eq(v, "delete") || span_eq(v, "deletecollection");
}

bool event_response_body_applies(const audit_event *ev)
{
	if (!ev->has_object_ref || subresource_streams(ev->object_subresource) ||
	    span_eq(ev->object_subresource, "log"))
		return false;
	return !span_eq(ev->verb, "watch") && !span_eq(ev->verb, "proxy");
}

/* ---- the line ---- */

static void write_identity(event_writer *w, const emit_spec *spec)
{
	static const span quoted_empty = { "\"\"", 2 };
	const span *f = w->fields;
	append_str(w, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"");
	append_str(w, level_name(spec->level));
	append_str(w, "\",\"auditID\":");
	writer_append_value(w, f[F_AUDIT_ID].ptr ? f[F_AUDIT_ID] : quoted_empty);
	append_str(w, ",\"stage\":\"");
	append_str(w, stage_name(spec->stage));
	append_str(w, "\",\"requestURI\":");
	writer_append_value(w, f[F_REQUEST_URI].ptr ? f[F_REQUEST_URI] : quoted_empty);
	append_str(w, ",\"verb\":");
	writer_append_value(w, f[F_VERB].ptr ? f[F_VERB] : quoted_empty);
	append_str(w, ",\"user\":");
	if (is_null(f[F_USER]))
		writer_append(w, "{}", 2);
	else
		writer_append_value(w, f[F_USER]);
}

static void write_optional(event_writer *w, int field, const char *name)
{
	if (is_null(w->fields[field]))
		return;
	append_key(w, name);
	writer_append_value(w, w->fields[field]);
}

static void write_object_ref(event_writer *w, const emit_spec *spec)
{
	span ref = w->fields[F_OBJECT_REF];
	if (is_null(ref))
		return;
	append_key(w, "objectRef");
	if (spec->stage != STAGE_REQUEST_RECEIVED || !spec->synthesised ||
	    writer_copy_object(w, ref, object_ref_at_request_received, spec->url_attrs, 0) < 0)
		writer_append_value(w, ref);
}

static size_t write_body(event_writer *w, int field, const char *name, bool strip)
{
	size_t start = w->len;
	append_key(w, name);
	if (strip)
		writer_copy_stripped(w, w->fields[field], MEMBER_STRIP_ITEMS, 0);
	else
		writer_append_value(w, w->fields[field]);
	return w->len - start;
}

static void write_bodies(event_writer *w, const audit_event *ev, const emit_spec *spec,
                         emit_result *res)
{
	if (!stage_completes(spec->stage))
		return;
	if (spec->level >= LEVEL_REQUEST && !is_null(w->fields[F_REQUEST_OBJECT]) &&
	    event_request_body_applies(ev)) {
		/* patch documents are logged as sent */
		bool strip = spec->omit_managed_fields && !span_eq(ev->verb, "patch");
		res->request_object_bytes = write_body(w, F_REQUEST_OBJECT, "requestObject", strip);
	}
	if (spec->level >= LEVEL_REQUEST_RESPONSE && !is_null(w->fields[F_RESPONSE_OBJECT]) &&
	    event_response_body_applies(ev))
		res->response_object_bytes = write_body(w, F_RESPONSE_OBJECT, "responseObject",
		                                        spec->omit_managed_fields);
}

static void write_timestamps(event_writer *w, const emit_spec *spec)
{
	static const span null_value = { "null", 4 };
	const span *f = w->fields;
	span received = f[F_REQUEST_RECEIVED_TIMESTAMP].ptr ? f[F_REQUEST_RECEIVED_TIMESTAMP]
	                                                    : f[F_TIMESTAMP];
	span staged = f[F_STAGE_TIMESTAMP].ptr ? f[F_STAGE_TIMESTAMP] : f[F_TIMESTAMP];
	if (!received.ptr)
		received = null_value;
	if (!staged.ptr)
		staged = null_value;
	/* §7.1: RequestReceived is stamped once. A synthesised ResponseStarted gets the
	 * arrival time: the status line of a watch, log stream or exec upgrade goes out
	 * milliseconds after arrival (35 ms in the falco exec recording), while the final
	 * event's time can be hours later; both have the same length */
	if (spec->stage == STAGE_REQUEST_RECEIVED ||
	    (spec->synthesised && spec->stage == STAGE_RESPONSE_STARTED))
		staged = received;
	append_str(w, ",\"requestReceivedTimestamp\":");
	append_timestamp(w, received);
	append_str(w, ",\"stageTimestamp\":");
	append_timestamp(w, staged);
}

/* Whether the event's annotations are written as recorded: a recorded stage, written by
 * the newest kube-apiserver. */
static bool annotations_as_recorded(const emit_spec *spec)
{
	bool recorded_stage = !spec->synthesised || spec->stage == STAGE_RESPONSE_COMPLETE ||
	                      spec->stage == STAGE_PANIC;
	return recorded_stage && kube_version_is_newest(spec->kube_version);
}

/* The annotations spec's kube-apiserver has, then those its stage carries. */
static member_action annotation_member(span key, const void *ctx)
{
	const emit_spec *spec = ctx;
	if (!annotation_exists_in(key, spec->kube_version))
		return MEMBER_DROP;
	if (!spec->synthesised || spec->stage == STAGE_RESPONSE_COMPLETE || spec->stage == STAGE_PANIC)
		return MEMBER_KEEP;
	return spec->stage == STAGE_REQUEST_RECEIVED ? annotation_before_audit(key, NULL)
	                                             : annotation_before_completion(key, NULL);
}

static void write_annotations(event_writer *w, const emit_spec *spec)
{
	span ann = w->fields[F_ANNOTATIONS];
	if (is_null(ann))
		return;
	if (annotations_as_recorded(spec)) {
		write_optional(w, F_ANNOTATIONS, "annotations");
		return;
	}
	size_t start = w->len;
	append_key(w, "annotations");
	long kept = writer_copy_object(w, ann, annotation_member, spec, 0);
	if (kept == 0)
		w->len = start;
	else if (kept < 0)
		writer_append_value(w, ann);
}

/* The line for spec into w (or, counting, only its length). */
static emit_result compose(event_writer *w, const audit_event *ev, const emit_spec *spec)
{
	emit_result res = { 0 };
	bool received = spec->stage == STAGE_REQUEST_RECEIVED;
	w->len = 0;
	write_identity(w, spec);
	if (!received)
		write_optional(w, F_IMPERSONATED_USER, "impersonatedUser");
	if (kube_version_at_least(spec->kube_version, 35)) /* #134803 */
		write_optional(w, F_AUTHENTICATION_METADATA, "authenticationMetadata");
	write_optional(w, F_SOURCE_IPS, "sourceIPs");
	write_optional(w, F_USER_AGENT, "userAgent");
	write_object_ref(w, spec);
	if (!received)
		write_optional(w, F_RESPONSE_STATUS, "responseStatus");
	write_bodies(w, ev, spec, &res);
	write_timestamps(w, spec);
	write_annotations(w, spec);
	writer_append(w, "}\n", 2);
	res.bytes = w->len;
	return res;
}

static emit_result build(event_writer *w, const audit_event *ev, const emit_spec *spec)
{
	w->counting = false;
	emit_result res = compose(w, ev, spec);
	w->built = true;
	return res;
}

emit_result event_writer_measure(event_writer *w, const audit_event *ev, const emit_spec *spec)
{
	index_fields(w, ev);
	w->counting = true;
	w->built = false;
	emit_result res = compose(w, ev, spec);
	w->counting = false;
	return res;
}

/* Without a file, the line is built only when the tap wants its bytes: the length is
 * measured first, then the tap asked about the range it would cover. */
emit_result event_writer_write(event_writer *w, const audit_event *ev, const emit_spec *spec,
                               byte_sink *sink)
{
	emit_result res;
	if (sink->file) {
		index_fields(w, ev);
		res = build(w, ev, spec);
		if (fwrite(w->buf, 1, w->len, sink->file) != w->len)
			sink->failed = true;
	} else {
		res = event_writer_measure(w, ev, spec);
		if (sink->tap && (!sink->tap_needs || sink->tap_needs(res.bytes, sink->tap_ctx)))
			build(w, ev, spec);
	}
	if (sink->tap)
		sink->tap(w->built ? w->buf : NULL, res.bytes, sink->tap_ctx);
	sink->bytes += res.bytes;
	sink->lines++;
	return res;
}
