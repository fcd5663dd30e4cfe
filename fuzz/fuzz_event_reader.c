/* fuzz_event_reader: any bytes as an audit log, read from memory (tiny limits on
 * request, see below). Every event and message is touched so that a
 * span pointing outside its buffer shows up under AddressSanitizer, and every event is
 * written for a few specs: the length measured without building the line must be the
 * built line's. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event.h"
#include "event_reader.h"
#include "event_writer.h"
#include "fuzz_limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t checksum;

static void touch(span s)
{
	for (size_t i = 0; i < s.len; i++)
		checksum += (unsigned char)s.ptr[i];
}

static void touch_event(const audit_event *ev)
{
	touch(ev->raw);
	for (size_t i = 0; i < ev->member_count; i++) {
		touch(ev->members[i].key);
		touch(ev->members[i].value);
	}
	const span fields[] = { ev->kind, ev->api_version, ev->level, ev->audit_id, ev->stage,
		                ev->request_uri, ev->verb, ev->user_name, ev->object_resource,
		                ev->object_namespace, ev->object_name, ev->object_api_group,
		                ev->object_api_version, ev->object_subresource,
		                ev->response_message, ev->request_received_timestamp,
		                ev->stage_timestamp, ev->timestamp, ev->raw_request_object,
		                ev->raw_response_object, ev->raw_annotations };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		touch(fields[i]);
	for (size_t i = 0; i < ev->user_group_count; i++)
		touch(ev->user_groups[i]);
}

static void build_all(const char *line, size_t len, void *ctx)
{
	(void)line;
	(void)len;
	(void)ctx;
}

static void check_lengths(event_writer *w, const audit_event *ev, unsigned seed)
{
	static const request_attrs no_name = { 0 };
	for (int i = 0; i < 4; i++) {
		unsigned x = seed * 31u + (unsigned)i * 7u;
		emit_spec spec = { .level = (audit_level)(LEVEL_METADATA + x % 3),
			           .stage = (audit_stage)(x / 3 % STAGE_COUNT),
			           .omit_managed_fields = x & 16, .synthesised = i & 1,
			           .url_attrs = x & 32 ? &no_name : NULL,
			           .kube_version = { i & 2 ? 30 : 0 } };
		emit_result m = event_writer_measure(w, ev, &spec);
		byte_sink sink = { .tap = build_all }; /* a tap without tap_needs: built */
		emit_result b = event_writer_write(w, ev, &spec, &sink);
		if (m.bytes != b.bytes || event_writer_line(w).len + 1 != b.bytes ||
		    m.request_object_bytes != b.request_object_bytes ||
		    m.response_object_bytes != b.response_object_bytes)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	event_reader_limits limits = fuzz_limits(&data, &size);
	event_reader *r = event_reader_open_memory("fuzz.jsonl", data, size, &limits);
	if (!r)
		return 0;
	event_writer *w = event_writer_new(limits.max_depth);
	for (int records = 0; records < 100000; records++) {
		audit_event ev;
		const char *message = NULL;
		event_read_status status = event_reader_next(r, &ev, &message);
		if (status == EVENT_READ_EVENT) {
			touch_event(&ev);
			check_lengths(w, &ev, (unsigned)records);
		}
		else if (status == EVENT_READ_SKIPPED)
			checksum += strlen(message);
		else {
			if (status == EVENT_READ_ERROR)
				checksum += strlen(message);
			break;
		}
	}
	event_writer_free(w);
	event_reader_close(r);
	return 0;
}
