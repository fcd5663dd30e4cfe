/* fuzz_policy_loader: any bytes as a Policy file. Loads, validates what loaded and prints
 * the diagnostics (to /dev/null), as `auditsim check` does. Must never crash, leak or
 * trip a sanitizer, whatever the bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "policy.h"
#include "policy_loader.h"
#include "policy_validator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");

	diag_list diags;
	diag_list_init(&diags, "fuzz.yaml");
	policy p;
	load_result result = policy_load_buffer("fuzz.yaml", (const char *)data, size, &p, &diags);
	if (result == LOAD_OK)
		policy_validate(&p, &diags);
	if (sink)
		diag_print(&diags, sink);
	policy_free(&p);
	diag_list_free(&diags);
	return 0;
}
