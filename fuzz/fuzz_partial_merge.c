/* fuzz_partial_merge: any bytes as the input of `auditsim merge`: a stream of JSON
 * documents, each read as a partial summary (partial.h) and merged into the first one's
 * policy, then finished and printed as the merge prints, and as a partial. Malformed
 * documents must be refused with a reason, never crash, leak or overflow a count into
 * nonsense the sanitizers see. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "partial.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	partial_identity id;
	policy policy;
	partial *merged;
	bool started;
} fuzz_merge;

static bool start(fuzz_merge *m, const json_t *doc)
{
	const char *why;
	engine_options o = engine_default_options();
	if (!partial_identity_read(doc, &m->id, &why) || !partial_identity_options(&m->id, &o))
		return false;
	diag_list diags;
	diag_list_init(&diags, m->id.policy_file);
	load_result res = policy_load_buffer_for(m->id.policy_file, m->id.policy_text,
	                                         m->id.policy_len, o.kube_version, &m->policy, &diags);
	bool ok = res == LOAD_OK && policy_validate_for(&m->policy, o.kube_version, &diags);
	diag_list_free(&diags);
	if (!ok)
		return false;
	o.sink_name_count = 0; /* sinks are looked up by the command; none here */
	o.measure_volume = !json_is_null(json_object_get(doc, "volume"));
	m->merged = partial_new(&m->policy, &o);
	m->started = true;
	return true;
}

static void print_both(fuzz_merge *m, FILE *null)
{
	json_t *part = partial_json(m->merged, &m->id, partial_summary(m->merged),
	                            partial_volume(m->merged));
	json_dumpf(part, null, JSON_COMPACT);
	json_decref(part);
	partial_finish(m->merged);
	engine_figures f = { .policy = &m->policy, .summary = *partial_summary(m->merged),
		             .volume = (volume *)partial_volume(m->merged) };
	json_t *doc = engine_figures_json(&f);
	json_dumpf(doc, null, JSON_COMPACT);
	json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_merge m = { 0 };
	policy_init(&m.policy);
	size_t off = 0;
	bool ok = true;
	while (ok && off < size) {
		json_error_t err;
		json_t *doc = json_loadb((const char *)data + off, size - off, JSON_DISABLE_EOF_CHECK, &err);
		if (!doc)
			break;
		const char *why;
		ok = m.started || start(&m, doc);
		if (ok)
			ok = partial_merge_json(m.merged, doc, &why);
		json_decref(doc);
		if (err.position == 0)
			break;
		off += (size_t)err.position;
	}
	if (ok && m.started) {
		FILE *null = fopen("/dev/null", "w");
		if (null) {
			print_both(&m, null);
			fclose(null);
		}
	}
	partial_free(m.merged);
	partial_identity_free(&m.id);
	policy_free(&m.policy);
	return 0;
}
