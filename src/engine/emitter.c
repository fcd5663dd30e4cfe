/* emitter: see emitter.h. */
#include "emitter.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Body sizes by resource and verb, learnt from what is written. A fixed table: once it is
 * full, new resource/verb pairs fall back to the defaults (no allocation per event). */
#define STATS_SLOTS 4096
#define STATS_KEY_MAX 96

typedef struct {
	char key[STATS_KEY_MAX]; /* "resource verb"; empty: unused */
	uint64_t body_bytes[2];  /* [0] request, [1] response */
	uint64_t body_count[2];
} body_stats;

struct emitter {
	event_writer *writer;
	byte_sink *sink;
	emit_observer observer;
	void *observer_ctx;
	body_stats *stats;
	size_t stats_used;
	kube_version version; /* the kube-apiserver that writes; 0: the newest */
};

emitter *emitter_new(byte_sink *sink, size_t max_depth)
{
	emitter *e = xcalloc(1, sizeof *e);
	e->writer = event_writer_new(max_depth);
	e->sink = sink;
	e->stats = xcalloc(STATS_SLOTS, sizeof *e->stats);
	return e;
}

void emitter_free(emitter *e)
{
	if (!e)
		return;
	event_writer_free(e->writer);
	free(e->stats);
	free(e);
}

void emitter_set_kube_version(emitter *e, kube_version version) { e->version = version; }

void emitter_set_observer(emitter *e, emit_observer observer, void *ctx)
{
	e->observer = observer;
	e->observer_ctx = ctx;
}

/* "resource verb" into key; false when it does not fit (such pairs are not learnt). */
static bool stats_key(span resource, span verb, char key[STATS_KEY_MAX])
{
	if (resource.len + verb.len + 2 > STATS_KEY_MAX)
		return false;
	if (resource.len)
		memcpy(key, resource.ptr, resource.len);
	key[resource.len] = ' ';
	if (verb.len)
		memcpy(key + resource.len + 1, verb.ptr, verb.len);
	key[resource.len + 1 + verb.len] = '\0';
	return true;
}

static uint64_t hash_key(const char *key)
{
	uint64_t h = 1469598103934665603ull;
	for (; *key; key++) {
		h ^= (unsigned char)*key;
		h *= 1099511628211ull;
	}
	return h;
}

/* The slot holding key, or the empty slot where it would go (NULL when full). */
static body_stats *stats_slot(body_stats *table, const char *key)
{
	size_t mask = STATS_SLOTS - 1;
	for (size_t i = hash_key(key) & mask, n = 0; n < STATS_SLOTS; i = (i + 1) & mask, n++) {
		if (!table[i].key[0] || strcmp(table[i].key, key) == 0)
			return &table[i];
	}
	return NULL;
}

static void stats_learn(emitter *e, const audit_event *ev, bool response, size_t bytes)
{
	char key[STATS_KEY_MAX];
	if (!bytes || !stats_key(ev->object_resource, ev->verb, key))
		return;
	body_stats *b = stats_slot(e->stats, key);
	/* keep a quarter of the table free so probes stay short */
	if (!b || (!b->key[0] && e->stats_used >= STATS_SLOTS * 3 / 4))
		return;
	if (!b->key[0]) {
		strcpy(b->key, key);
		e->stats_used++;
	}
	b->body_bytes[response] += bytes;
	b->body_count[response]++;
}

/* Rough sizes of compact JSON bodies with their key, from typical objects (a pod or
 * deployment is 2–4 kB without managedFields, a list holds tens of them, a patch
 * document a few hundred bytes). Used only when the recording has no body of the same
 * resource and verb; always reported as modelled. */
uint64_t default_body_bytes(span verb, bool response)
{
	static const struct {
		const char *verb;
		uint64_t request, response;
	} table[] = {
		{ "create", 2000, 2500 }, { "update", 2500, 2500 }, { "patch", 400, 2500 },
		{ "delete", 0, 1500 },    { "deletecollection", 0, 5000 },
		{ "get", 0, 2500 },       { "list", 0, 25000 },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (span_eq(verb, table[i].verb))
			return response ? table[i].response : table[i].request;
	}
	return response ? 1000 : 0;
}

uint64_t emitter_model_body(const emitter *e, span resource, span verb, bool response)
{
	char key[STATS_KEY_MAX];
	if (stats_key(resource, verb, key)) {
		const body_stats *b = stats_slot(e->stats, key);
		if (b && b->key[0] && b->body_count[response])
			return b->body_bytes[response] / b->body_count[response];
	}
	return default_body_bytes(verb, response);
}

static bool level_of(span name, audit_level *out)
{
	for (int l = 0; l < LEVEL_COUNT; l++) {
		if (span_eq(name, level_name((audit_level)l))) {
			*out = (audit_level)l;
			return true;
		}
	}
	return false;
}

/* §7.3 and issue item 4: a body the policy's level asks for that a recording made at a
 * lower level cannot hold. Deletes are not modelled: most send no DeleteOptions body. */
static uint64_t modelled_bodies(const emitter *e, const replay_request *req, const audit_event *ev)
{
	audit_level recorded = LEVEL_METADATA, level = req->decision.level;
	level_of(ev->level, &recorded);
	uint64_t bytes = 0;
	bool writes = span_eq(ev->verb, "create") || span_eq(ev->verb, "update") ||
	              span_eq(ev->verb, "patch");
	/* a body is missing when the recording's level left it out, or when AKS stored it as
	 * "skipped-too-big-size-object" (recorded, but its size is not in the row) */
	bool request_missing = (recorded < LEVEL_REQUEST && writes) || ev->request_object_skipped;
	bool response_missing = recorded < LEVEL_REQUEST_RESPONSE || ev->response_object_skipped;
	if (level >= LEVEL_REQUEST && request_missing && event_request_body_applies(ev))
		bytes += emitter_model_body(e, ev->object_resource, ev->verb, false);
	if (level >= LEVEL_REQUEST_RESPONSE && response_missing && event_response_body_applies(ev))
		bytes += emitter_model_body(e, ev->object_resource, ev->verb, true);
	return bytes;
}

static uint64_t write_stage(emitter *e, replay_request *req, const audit_event *ev,
                            audit_stage stage, bool synthesised)
{
	emit_spec spec = {
		.level = req->decision.level,
		.stage = stage,
		.omit_managed_fields = req->decision.omit_managed_fields,
		.synthesised = synthesised,
		.url_attrs = req->open ? NULL : &req->attrs,
		.kube_version = e->version,
	};
	emit_result res = event_writer_write(e->writer, ev, &spec, e->sink);
	req->written |= STAGE_BIT(stage);
	emitted_line line = { .ev = ev, .req = req, .stage = stage, .synthesised = synthesised,
		              .bytes = res.bytes };
	if (stage == STAGE_RESPONSE_COMPLETE || stage == STAGE_PANIC) {
		line.modelled_bytes = modelled_bodies(e, req, ev);
		req->modelled_bytes += line.modelled_bytes;
		stats_learn(e, ev, false, res.request_object_bytes);
		stats_learn(e, ev, true, res.response_object_bytes);
	}
	if (e->observer)
		e->observer(&line, e->observer_ctx);
	return res.bytes;
}

static bool stage_of(span name, audit_stage *out)
{
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (span_eq(name, stage_name((audit_stage)s))) {
			*out = (audit_stage)s;
			return true;
		}
	}
	return false;
}

/* Whether the policy writes `stage` for req and it has not been written yet. */
static bool due(const replay_request *req, audit_stage stage)
{
	return (req->stages & STAGE_BIT(stage)) && !(req->written & STAGE_BIT(stage));
}

uint64_t emitter_on_event(replay_request *req, const audit_event *ev, void *ctx)
{
	emitter *e = ctx;
	audit_stage recorded = STAGE_REQUEST_RECEIVED;
	bool known = stage_of(ev->stage, &recorded);
	uint64_t bytes = 0;
	if (due(req, STAGE_REQUEST_RECEIVED))
		bytes += write_stage(e, req, ev, STAGE_REQUEST_RECEIVED,
		                     !known || recorded != STAGE_REQUEST_RECEIVED);
	if (!known || recorded == STAGE_REQUEST_RECEIVED)
		return bytes;
	/* §6: a ResponseStarted the recording lacks is derived from the ResponseComplete
	 * (kube-apiserver fakes one when a long-running handler wrote nothing), never from a
	 * Panic: none is faked on a panic, and one written earlier had the status of
	 * before the panic, not its 500 */
	if (recorded == STAGE_RESPONSE_COMPLETE && due(req, STAGE_RESPONSE_STARTED))
		bytes += write_stage(e, req, ev, STAGE_RESPONSE_STARTED, true);
	if (due(req, recorded))
		bytes += write_stage(e, req, ev, recorded, false);
	return bytes;
}
