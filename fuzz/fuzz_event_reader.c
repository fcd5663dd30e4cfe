/* fuzz_event_reader: any bytes as an audit log, read from memory (tiny limits on
 * request, see below). Every event and message is touched so that a
 * span pointing outside its buffer shows up under AddressSanitizer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event.h"
#include "event_reader.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	event_reader_limits limits = fuzz_limits(&data, &size);
	event_reader *r = event_reader_open_memory("fuzz.jsonl", data, size, &limits);
	if (!r)
		return 0;
	for (int records = 0; records < 100000; records++) {
		audit_event ev;
		const char *message = NULL;
		event_read_status status = event_reader_next(r, &ev, &message);
		if (status == EVENT_READ_EVENT)
			touch_event(&ev);
		else if (status == EVENT_READ_SKIPPED)
			checksum += strlen(message);
		else {
			if (status == EVENT_READ_ERROR)
				checksum += strlen(message);
			break;
		}
	}
	event_reader_close(r);
	return 0;
}
