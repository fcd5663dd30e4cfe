/* emitter: see emitter.h. */
#include "emitter.h"

#include <stdint.h>
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

/* What the lines of the event at hand in one shape (stage, synthesised, what the URL
 * attributes change, kube-apiserver) have in common under every level and
 * omitManagedFields: all but the level's name and the bodies (event_writer.c, compose). */
typedef struct {
	audit_stage stage;
	bool synthesised;
	unsigned url; /* url_state */
	int kube_minor;
	size_t base; /* the line less its level's name and its bodies */
	/* [0] requestObject, [1] responseObject; by whether managedFields are cut */
	bool body_known[2][2];
	size_t body_bytes[2][2];
} shared_shape;

/* shapes an event's lines can have: RequestReceived (recorded, or synthesised with or
 * without the URL's attributes), ResponseStarted (recorded or synthesised), the last
 * stage; more go unshared */
#define SHARE_SHAPES 8

struct emit_share {
	const audit_event *ev;
	size_t count;
	shared_shape shapes[SHARE_SHAPES];
};

struct emitter {
	event_writer *writer;
	byte_sink *sink;
	emit_share *share; /* NULL: every line measured here */
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

emit_share *emit_share_new(void) { return xcalloc(1, sizeof(emit_share)); }
void emit_share_free(emit_share *s) { free(s); }
void emitter_use_share(emitter *e, emit_share *s) { e->share = s; }

void emit_share_begin_event(emit_share *s, const audit_event *ev)
{
	s->ev = ev;
	s->count = 0;
}

/* What spec's url_attrs changes in the line: only a synthesised RequestReceived reads
 * them, and only whether the URL named an object and a namespace (event_writer.c). */
static unsigned url_state(const emit_spec *spec)
{
	const request_attrs *url = spec->url_attrs;
	if (spec->stage != STAGE_REQUEST_RECEIVED || !spec->synthesised || !url)
		return 0;
	return 1u | (url->name.len == 0) << 1 | (url->namespace_.len == 0) << 2;
}

/* The shared shape of spec's line, a new one if there is room, else NULL. */
static shared_shape *shape_of(emit_share *s, const emit_spec *spec)
{
	shared_shape want = { .stage = spec->stage,
		              .synthesised = spec->synthesised,
		              .url = url_state(spec),
		              .kube_minor = spec->kube_version.minor,
		              .base = SIZE_MAX };
	for (size_t i = 0; i < s->count; i++) {
		shared_shape *h = &s->shapes[i];
		if (h->stage == want.stage && h->synthesised == want.synthesised &&
		    h->url == want.url && h->kube_minor == want.kube_minor)
			return h;
	}
	if (s->count == SHARE_SHAPES)
		return NULL;
	s->shapes[s->count] = want;
	return &s->shapes[s->count++];
}

/* Whether spec's line carries each body slot (written even when empty: then 0 bytes),
 * and whether managedFields are cut from it, as event_writer.c's write_bodies decides. */
static bool writes_body(const emit_spec *spec, int response)
{
	bool completes = spec->stage == STAGE_RESPONSE_COMPLETE || spec->stage == STAGE_PANIC;
	return completes && spec->level >= (response ? LEVEL_REQUEST_RESPONSE : LEVEL_REQUEST);
}

static int body_cut(const audit_event *ev, const emit_spec *spec, int response)
{
	/* patch documents are logged as sent */
	return spec->omit_managed_fields && (response || !span_eq(ev->verb, "patch"));
}

/* What a measured line tells about its shape. */
static void shape_learn(shared_shape *h, const audit_event *ev, const emit_spec *spec,
                        emit_result res)
{
	size_t bodies[2] = { res.request_object_bytes, res.response_object_bytes };
	h->base = res.bytes - strlen(level_name(spec->level)) - bodies[0] - bodies[1];
	for (int r = 0; r < 2; r++) {
		if (!writes_body(spec, r))
			continue;
		int cut = body_cut(ev, spec, r);
		h->body_known[r][cut] = true;
		h->body_bytes[r][cut] = bodies[r];
	}
}

/* spec's line from what its shape knows; false when it does not know enough. */
static bool shape_line(const shared_shape *h, const audit_event *ev, const emit_spec *spec,
                       emit_result *out)
{
	if (h->base == SIZE_MAX)
		return false;
	size_t bodies[2] = { 0, 0 };
	for (int r = 0; r < 2; r++) {
		if (!writes_body(spec, r))
			continue;
		int cut = body_cut(ev, spec, r);
		if (!h->body_known[r][cut])
			return false;
		bodies[r] = h->body_bytes[r][cut];
	}
	*out = (emit_result){ .bytes = h->base + strlen(level_name(spec->level)) + bodies[0] +
		                       bodies[1],
		              .request_object_bytes = bodies[0],
		              .response_object_bytes = bodies[1] };
	return true;
}

/* The line spec writes from ev into e's sink: measured once per shape of line for all
 * the emitters sharing e->share, the others' lengths worked out from it; built only
 * when the sink wants its bytes (what event_writer_write does, minus the measuring). */
static emit_result write_line(emitter *e, const audit_event *ev, const emit_spec *spec)
{
	emit_share *s = e->share;
	byte_sink *sink = e->sink;
	if (!s || s->ev != ev || sink->file)
		return event_writer_write(e->writer, ev, spec, sink);
	shared_shape *h = shape_of(s, spec);
	emit_result res;
	if (!h || !shape_line(h, ev, spec, &res) ||
	    (sink->tap && (!sink->tap_needs || sink->tap_needs(res.bytes, sink->tap_ctx)))) {
		res = event_writer_write(e->writer, ev, spec, sink);
		if (h)
			shape_learn(h, ev, spec, res);
		return res;
	}
	if (sink->tap)
		sink->tap(NULL, res.bytes, sink->tap_ctx);
	sink->bytes += res.bytes;
	sink->lines++;
	return res;
}

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
	emit_result res = write_line(e, ev, &spec);
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
