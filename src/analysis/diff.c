/* diff: two policies' requests, paired request by request (see diff.h). */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "hash_table.h"
#include "xalloc.h"

/* A's decision for a request, waiting for B's. */
typedef struct {
	uint64_t seq;
	audit_decision decision;
	stage_set stages;  /* the policy's for the request: what a change compares */
	stage_set written; /* the lines written: what the events count, as replay's do */
	uint64_t bytes, modelled_bytes;
} pending;

typedef struct {
	pending *items;
	size_t cap;
	size_t head;
	size_t count;
} pending_queue;

struct diff {
	const policy *a, *b;
	pending_queue queue;
	/* the rule pairs that changed requests, in order of first change; pair_index maps
	 * (rule A, rule B) to one of them, so memory grows with the pairs that occur, not
	 * with (rules of A + 1) x (rules of B + 1) */
	hash_table *pair_index;
	diff_rule_pair *pairs;
	size_t pair_count, pair_capacity;
	/* the same for resources, by name; each entry owns its name */
	hash_table *resource_index;
	diff_resource *resources;
	size_t resource_count, resource_capacity;
	size_t sample_limit;
	diff_report report;
};

static void queue_push(pending_queue *q, pending p)
{
	if (q->count == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		pending *items = xcalloc(cap, sizeof *items);
		for (size_t i = 0; i < q->count; i++)
			items[i] = q->items[(q->head + i) % q->cap];
		free(q->items);
		q->items = items;
		q->cap = cap;
		q->head = 0;
	}
	q->items[(q->head + q->count) % q->cap] = p;
	q->count++;
}

static bool queue_pop(pending_queue *q, pending *out)
{
	if (q->count == 0)
		return false;
	*out = q->items[q->head];
	q->head = (q->head + 1) % q->cap;
	q->count--;
	return true;
}

static audit_level rule_level(const policy *p, int rule)
{
	return rule >= 0 ? p->rules[rule].level : LEVEL_NONE;
}

/* The entry of a rule pair (-1: no rule), created at its first change. */
static diff_rule_pair *pair_get(diff *d, int rule_a, int rule_b)
{
	int key[2] = { rule_a, rule_b };
	size_t i = hash_table_get_or_add(d->pair_index, key, sizeof key, d->pair_count);
	if (i < d->pair_count)
		return &d->pairs[i];
	if (d->pair_count == d->pair_capacity) {
		d->pair_capacity = d->pair_capacity ? d->pair_capacity * 2 : 16;
		d->pairs = xreallocarray(d->pairs, d->pair_capacity, sizeof *d->pairs);
	}
	d->pairs[i] = (diff_rule_pair){ .rule_a = rule_a,
		                        .rule_b = rule_b,
		                        .level_a = rule_level(d->a, rule_a),
		                        .level_b = rule_level(d->b, rule_b) };
	d->pair_count++;
	return &d->pairs[i];
}

/* The entry for a resource name, created at its first change; takes name. */
static diff_resource *resource_get(diff *d, char *name)
{
	size_t i = hash_table_get_or_add(d->resource_index, name, strlen(name), d->resource_count);
	if (i < d->resource_count) {
		free(name);
		return &d->resources[i];
	}
	if (d->resource_count == d->resource_capacity) {
		d->resource_capacity = d->resource_capacity ? d->resource_capacity * 2 : 16;
		d->resources = xreallocarray(d->resources, d->resource_capacity, sizeof *d->resources);
	}
	d->resources[i] = (diff_resource){ .name = name };
	d->resource_count++;
	return &d->resources[i];
}

static char *span_dup(span s) { return xstrndup(s.ptr ? s.ptr : "", s.len); }

char *request_target(const request_attrs *a)
{
	if (!a->is_resource)
		return span_dup(a->path);
	return xasprintf("%.*s%s%.*s%s%.*s%s%.*s%s%.*s", (int)a->resource.len,
	                 a->resource.ptr ? a->resource.ptr : "", a->api_group.len ? "." : "",
	                 (int)a->api_group.len, a->api_group.ptr ? a->api_group.ptr : "",
	                 a->subresource.len ? "/" : "", (int)a->subresource.len,
	                 a->subresource.ptr ? a->subresource.ptr : "",
	                 a->namespace_.len || a->name.len ? " " : "", (int)a->namespace_.len,
	                 a->namespace_.ptr ? a->namespace_.ptr : "",
	                 a->namespace_.len && a->name.len ? "/" : "", (int)a->name.len,
	                 a->name.ptr ? a->name.ptr : "");
}

/* The resource a change is counted against: resource[.group][/subresource], or for a
 * non-resource request its first path segment, with "*" when the path goes on. */
static char *resource_key(const request_attrs *a)
{
	if (a->is_resource)
		return xasprintf("%.*s%s%.*s%s%.*s", (int)a->resource.len,
		                 a->resource.ptr ? a->resource.ptr : "", a->api_group.len ? "." : "",
		                 (int)a->api_group.len, a->api_group.ptr ? a->api_group.ptr : "",
		                 a->subresource.len ? "/" : "", (int)a->subresource.len,
		                 a->subresource.ptr ? a->subresource.ptr : "");
	span path = a->path;
	size_t end = path.len && path.ptr[0] == '/' ? 1 : 0;
	while (end < path.len && path.ptr[end] != '/')
		end++;
	return xasprintf("%.*s%s", (int)end, path.ptr ? path.ptr : "", end < path.len ? "*" : "");
}

static unsigned stage_count(stage_set stages)
{
	unsigned n = 0;
	for (; stages; stages &= stages - 1)
		n++;
	return n;
}

static void keep_sample(diff *d, const replay_request *req, const pending *a)
{
	diff_report *r = &d->report;
	if (r->sample_count >= d->sample_limit)
		return;
	const request_attrs *attrs = &req->attrs;
	r->samples[r->sample_count++] = (diff_sample){
		.audit_id = span_dup(req->audit_id),
		.verb = span_dup(attrs->verb),
		.user = attrs->has_user ? span_dup(attrs->user_name) : NULL,
		.target = request_target(attrs),
		.file = xstrdup(req->file ? req->file : "-"),
		.line = req->line,
		.level_a = a->decision.level,
		.level_b = req->decision.level,
		.rule_a = a->decision.rule,
		.rule_b = req->decision.rule,
		.stages_a = a->stages,
		.stages_b = req->stages,
	};
}

static void volume_add(diff_volume *to, const diff_volume *v)
{
	to->events += v->events;
	to->bytes += v->bytes;
	to->modelled_bytes += v->modelled_bytes;
}

/* Adds one request, decided by both policies, to the report. */
static void account_request(diff *d, const replay_request *req, const pending *a)
{
	diff_report *r = &d->report;
	diff_volume va = { stage_count(a->written), a->bytes, a->modelled_bytes };
	diff_volume vb = { stage_count(req->written), req->bytes + req->modelled_bytes,
		           req->modelled_bytes };
	r->requests++;
	r->matrix[a->decision.level][req->decision.level]++;
	volume_add(&r->a, &va);
	volume_add(&r->b, &vb);
	if (a->decision.level == req->decision.level && a->stages == req->stages)
		return;
	r->changed++;
	diff_rule_pair *pair = pair_get(d, a->decision.rule, req->decision.rule);
	pair->requests++;
	volume_add(&pair->a, &va);
	volume_add(&pair->b, &vb);
	diff_resource *res = resource_get(d, resource_key(&req->attrs));
	res->requests++;
	volume_add(&res->a, &va);
	volume_add(&res->b, &vb);
	keep_sample(d, req, a);
}

void diff_add_request(diff *d, size_t side, const replay_request *req)
{
	pending a;
	if (side == 0) {
		queue_push(&d->queue, (pending){ req->seq, req->decision, req->stages, req->written,
		                                 req->bytes + req->modelled_bytes, req->modelled_bytes });
	} else if (!queue_pop(&d->queue, &a) || a.seq != req->seq) {
		d->report.unpaired++;
	} else {
		account_request(d, req, &a);
	}
}

diff *diff_new(const policy *a, const policy *b, size_t sample_limit)
{
	diff *d = xcalloc(1, sizeof *d);
	d->a = a;
	d->b = b;
	d->sample_limit = sample_limit;
	d->report.samples = xcalloc(sample_limit ? sample_limit : 1, sizeof *d->report.samples);
	d->pair_index = hash_table_new();
	d->resource_index = hash_table_new();
	return d;
}

static uint64_t change(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

/* The size of one change, compared field by field: bytes, then events, then requests. */
typedef struct {
	uint64_t bytes, events, requests;
} change_size;

/* Orders two changes largest first; 0 when they are the same size. */
static int compare_change(change_size x, change_size y)
{
	if (x.bytes != y.bytes)
		return x.bytes > y.bytes ? -1 : 1;
	if (x.events != y.events)
		return x.events > y.events ? -1 : 1;
	if (x.requests != y.requests)
		return x.requests > y.requests ? -1 : 1;
	return 0;
}

static change_size change_of(const diff_volume *a, const diff_volume *b, uint64_t requests)
{
	return (change_size){ change(a->bytes, b->bytes), change(a->events, b->events), requests };
}

/* Largest change first; ties keep a stable order by name. */
static int compare_resources(const void *x, const void *y)
{
	const diff_resource *a = x, *b = y;
	int by_size = compare_change(change_of(&a->a, &a->b, a->requests),
	                             change_of(&b->a, &b->b, b->requests));
	return by_size ? by_size : strcmp(a->name, b->name);
}

static int compare_pairs(const void *x, const void *y)
{
	const diff_rule_pair *a = x, *b = y;
	int by_size = compare_change(change_of(&a->a, &a->b, a->requests),
	                             change_of(&b->a, &b->b, b->requests));
	if (by_size)
		return by_size;
	if (a->rule_a != b->rule_a)
		return a->rule_a < b->rule_a ? -1 : 1;
	return a->rule_b < b->rule_b ? -1 : a->rule_b > b->rule_b;
}

/* Moves the pairs into the report, sorted; the order is total (ties go by rule indexes),
 * so it does not depend on the order the pairs first changed in. */
static void collect_pairs(diff *d)
{
	diff_report *r = &d->report;
	r->pairs = d->pairs;
	r->pair_count = d->pair_count;
	d->pairs = NULL;
	d->pair_count = d->pair_capacity = 0;
	if (r->pair_count > 1)
		qsort(r->pairs, r->pair_count, sizeof *r->pairs, compare_pairs);
}

/* Moves the resources into the report, sorted (ties go by name); the report then owns
 * their names. */
static void collect_resources(diff *d)
{
	diff_report *r = &d->report;
	r->resources = d->resources;
	r->resource_count = d->resource_count;
	d->resources = NULL;
	d->resource_count = d->resource_capacity = 0;
	if (r->resource_count > 1)
		qsort(r->resources, r->resource_count, sizeof *r->resources, compare_resources);
}

const diff_report *diff_finish(diff *d)
{
	collect_pairs(d);
	collect_resources(d);
	return &d->report;
}

static void report_free(diff_report *r)
{
	for (size_t i = 0; i < r->sample_count; i++) {
		diff_sample *s = &r->samples[i];
		free(s->audit_id);
		free(s->verb);
		free(s->user);
		free(s->target);
		free(s->file);
	}
	free(r->samples);
	for (size_t i = 0; i < r->resource_count; i++)
		free(r->resources[i].name);
	free(r->resources);
	free(r->pairs);
}

void diff_free(diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->resource_count; i++)
		free(d->resources[i].name);
	free(d->resources);
	hash_table_free(d->resource_index);
	free(d->pairs);
	hash_table_free(d->pair_index);
	free(d->queue.items);
	report_free(&d->report);
	free(d);
}
