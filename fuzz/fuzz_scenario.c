/* fuzz_scenario: any bytes as a scenario file; every request that resolves is turned
 * into policy attributes and read back. The same bytes are guessed at (input_kind), as
 * they are when a scenario or a policy is refused. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "input_kind.h"
#include "request.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t checksum;

static void touch(span s)
{
	for (size_t i = 0; i < s.len; i++)
		checksum += (unsigned char)s.ptr[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");

	input_kind kind = input_kind_of((const char *)data, size);
	if (kind > INPUT_KIND_SCENARIO || input_kind_description(kind) == NULL)
		__builtin_trap();

	diag_list diags;
	diag_list_init(&diags, "fuzz.yaml");
	scenario sc;
	if (scenario_load_buffer("fuzz.yaml", (const char *)data, size, &sc, &diags)) {
		for (size_t i = 0; i < sc.count; i++) {
			request_attrs attrs;
			scenario_request_attrs(&sc.requests[i], &attrs);
			touch(attrs.user_name);
			for (size_t g = 0; g < attrs.group_count; g++)
				touch(attrs.groups[g]);
			touch(attrs.verb);
			touch(attrs.api_group);
			touch(attrs.resource);
			touch(attrs.subresource);
			touch(attrs.namespace_);
			touch(attrs.name);
			touch(attrs.path);
		}
	}
	if (sink)
		diag_print(&diags, sink);
	scenario_free(&sc);
	diag_list_free(&diags);
	return 0;
}
