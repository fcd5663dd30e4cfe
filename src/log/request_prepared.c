#include "request_prepared.h"

#include <string.h>

#include "event_spans.h"
#include "request_attrs.h"

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* The attributes the URL parse may leave in scratch: decoded namespace, name and path. */
#define SCRATCH_FIELDS 3

const request_prepared *request_prepare(const audit_event *ev, const request_prepare_options *o,
                                        request_info_scratch *scratch, seq_arena *arena,
                                        uint64_t item)
{
	request_attrs attrs;
	request_attrs_from_event(ev, o->version, &attrs, scratch);
	span *fields[SCRATCH_FIELDS] = { &attrs.namespace_, &attrs.name, &attrs.path };
	span in_scratch = { scratch->buf, scratch->buf ? scratch->cap : 0 };
	size_t copied = 0;
	for (size_t i = 0; i < SCRATCH_FIELDS; i++)
		if (fields[i]->ptr && in_scratch.ptr && span_within(*fields[i], in_scratch))
			copied += fields[i]->len;
	size_t head = align8(sizeof(request_prepared));
	size_t decisions = align8(o->policy_count * sizeof(audit_decision));
	char *at = seq_arena_alloc(arena, head + decisions + copied, item);
	request_prepared *p = (request_prepared *)(void *)at;
	audit_decision *d = (audit_decision *)(void *)(at + head);
	char *strings = at + head + decisions;
	for (size_t i = 0; i < SCRATCH_FIELDS; i++) {
		span *f = fields[i];
		if (!f->ptr || !in_scratch.ptr || !span_within(*f, in_scratch))
			continue;
		if (f->len)
			memcpy(strings, f->ptr, f->len);
		*f = (span){ strings, f->len };
		strings += f->len;
	}
	for (size_t i = 0; i < o->policy_count; i++)
		d[i] = evaluate_policy_rule(o->policies[i], &attrs);
	p->attrs = attrs;
	p->decisions = d;
	return p;
}
