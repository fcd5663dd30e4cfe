/* partial: see partial.h. */
#include "partial.h"

#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "json_field.h"
#include "partial_internal.h"
#include "volume_state.h"
#include "xalloc.h"

/* ---- identity ---- */

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void set_digest(partial_identity *id)
{
	char *options = json_dumps(id->options, JSON_COMPACT | JSON_SORT_KEYS);
	uint64_t h = fnv(1469598103934665603ull, id->policy_text, id->policy_len);
	h = fnv(h, "", 1);
	h = fnv(h, options, strlen(options));
	free(options);
	snprintf(id->digest, sizeof id->digest, "%016llx", (unsigned long long)h);
}

static json_t *options_json(const engine_options *o)
{
	char version[KUBE_VERSION_TEXT_MAX];
	rotation_flags r = rotation_flags_for(o->rotation, o->kube_version);
	json_t *sinks = json_array();
	for (size_t i = 0; i < o->sink_name_count; i++)
		json_array_append_new(sinks, json_string(o->sink_names[i]));
	return json_pack("{s:s,s:{s:I,s:I,s:I,s:b},s:f,s:o,s:o,s:f,s:f,s:f,s:f}", "kubeVersion",
	                 kube_version_text(o->kube_version, version), "rotation", "maxsizeMB",
	                 (json_int_t)r.maxsize_mb, "maxbackup", (json_int_t)r.maxbackup,
	                 "maxageDays", (json_int_t)r.maxage_days, "compress", r.compress,
	                 "pricePerGb", o->price_per_gb, "sinks", sinks, "sinksFile",
	                 o->sinks_file ? json_string(o->sinks_file) : json_null(),
	                 "retentionDays", o->retention_days, "maxGap",
	                 o->projection.max_gap_seconds, "duration", o->projection.duration_seconds,
	                 "scale", o->projection.scale);
}

void partial_identity_init(partial_identity *id, const char *policy_file, const char *text,
                           size_t len, const engine_options *o)
{
	id->policy_file = xstrdup(policy_file);
	id->policy_text = xmalloc(len + 1);
	memcpy(id->policy_text, text, len);
	id->policy_text[len] = '\0';
	id->policy_len = len;
	id->options = options_json(o);
	set_digest(id);
}

bool partial_identity_load(partial_identity *id, const char *policy_file, const char *path,
                           const engine_options *o, char **error)
{
	size_t len;
	char *text = file_read_all(path, 64u << 20, &len, error);
	if (!text)
		return false;
	partial_identity_init(id, policy_file, text, len, o);
	free(text);
	return true;
}

bool partial_identity_options(const partial_identity *id, engine_options *o)
{
	const json_t *opt = id->options, *rot = json_object_get(opt, "rotation");
	const json_t *sinks = json_object_get(opt, "sinks"), *file = json_object_get(opt, "sinksFile");
	const char *version = NULL;
	bool ok = json_field_string(opt, "kubeVersion", &version) &&
	          kube_version_parse(version, &o->kube_version, NULL) &&
	          json_field_u64(rot, "maxsizeMB", &o->rotation.maxsize_mb) &&
	          json_field_u64(rot, "maxbackup", &o->rotation.maxbackup) &&
	          json_field_u64(rot, "maxageDays", &o->rotation.maxage_days) &&
	          json_field_bool(rot, "compress", &o->rotation.compress) &&
	          json_field_double(opt, "pricePerGb", &o->price_per_gb) &&
	          json_field_double(opt, "retentionDays", &o->retention_days) &&
	          json_field_double(opt, "maxGap", &o->projection.max_gap_seconds) &&
	          json_field_double(opt, "duration", &o->projection.duration_seconds) &&
	          json_field_double(opt, "scale", &o->projection.scale) && json_is_array(sinks) &&
	          json_array_size(sinks) <= VOLUME_MAX_SINKS && (json_is_null(file) || json_is_string(file));
	if (!ok)
		return false;
	o->sinks_file = json_string_value(file);
	o->sink_name_count = json_array_size(sinks);
	for (size_t i = 0; i < o->sink_name_count; i++) {
		o->sink_names[i] = json_string_value(json_array_get(sinks, i));
		if (!o->sink_names[i])
			return false;
	}
	return true;
}

void partial_identity_free(partial_identity *id)
{
	free(id->policy_file);
	free(id->policy_text);
	json_decref(id->options);
	memset(id, 0, sizeof *id);
}

bool partial_identity_read(const json_t *doc, partial_identity *id, const char **why)
{
	uint64_t version = 0;
	const json_t *pol = json_object_get(doc, "policy");
	const char *file = NULL, *text = NULL, *digest = NULL;
	memset(id, 0, sizeof *id);
	*why = "not a partial summary (no \"auditsimPartial\" version; made by replay or compare -o json --partial)";
	if (!json_is_object(doc) || !json_field_u64(doc, "auditsimPartial", &version))
		return false;
	*why = "partial summary of another format version (this auditsim reads version 1)";
	if (version != PARTIAL_FORMAT_VERSION)
		return false;
	*why = "policy: needs file, text and digest";
	const json_t *options = json_object_get(doc, "options");
	if (!json_field_string(pol, "file", &file) || !json_field_string(pol, "text", &text) ||
	    !json_field_string(pol, "digest", &digest) || !json_is_object(options))
		return false;
	id->policy_file = xstrdup(file);
	id->policy_len = json_string_length(json_object_get(pol, "text"));
	id->policy_text = xmalloc(id->policy_len + 1);
	memcpy(id->policy_text, text, id->policy_len + 1);
	id->options = json_deep_copy(options);
	set_digest(id);
	*why = "policy.digest: does not match the policy text and options it carries";
	return strcmp(digest, id->digest) == 0;
}

/* ---- collecting a shard ---- */

partial *partial_new(const policy *p, const engine_options *o)
{
	partial *pt = xcalloc(1, sizeof *pt);
	pt->policy = p;
	summary_init(&pt->summary, p);
	if (o->measure_volume) {
		pt->volume = volume_new(p);
		volume_set_rotation(pt->volume, &o->rotation);
		volume_set_price(pt->volume, o->price_per_gb);
		volume_set_sinks(pt->volume, o->sinks, o->sink_count, o->retention_days);
		volume_set_projection_options(pt->volume, &o->projection);
	}
	return pt;
}

void partial_head_free(head_request *h)
{
	free(h->audit_id);
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		free(h->names[t]);
}

void partial_free(partial *pt)
{
	if (!pt)
		return;
	for (size_t i = 0; i < pt->open_count; i++)
		free(pt->opens[i].audit_id);
	for (size_t i = 0; i < pt->head_count; i++)
		partial_head_free(&pt->heads[i]);
	for (size_t i = 0; i < pt->pending_count; i++)
		partial_head_free(&pt->pending[i]);
	free(pt->opens);
	free(pt->heads);
	free(pt->pending);
	summary_free(&pt->summary);
	volume_free(pt->volume);
	free(pt);
}

static char *span_dup(span s)
{
	char *p = xmalloc(s.len + 1);
	if (s.len)
		memcpy(p, s.ptr, s.len);
	p[s.len] = '\0';
	return p;
}


static bool first_is_received(const replay_request *req)
{
	return req->recorded & STAGE_BIT(STAGE_REQUEST_RECEIVED);
}

void partial_note_line(partial *pt, const emitted_line *line)
{
	const replay_request *req = line->req;
	if (!line->synthesised || req->open || req->recorded_events != 1 || first_is_received(req))
		return;
	head_request *h = pt->pending_count ? &pt->pending[pt->pending_count - 1] : NULL;
	if (!h || h->seq != req->seq) {
		GROW(pt->pending, pt->pending_count, pt->pending_cap);
		h = &pt->pending[pt->pending_count++];
		*h = (head_request){ .seq = req->seq };
		volume_keys keys;
		volume_keys_of(line->ev, &keys);
		for (int t = 0; t < VOLUME_TOP_TABLES; t++)
			h->names[t] = span_dup(keys.names[t]);
	}
	if (h->derived_count < 2)
		h->derived[h->derived_count++] = (derived_line){ line->stage, line->bytes,
			                                         line->modelled_bytes };
}

/* The derived lines noted for the request seq, moved into h. */
static void take_pending(partial *pt, head_request *h)
{
	size_t lo = 0, hi = pt->pending_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pt->pending[mid].seq < h->seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == pt->pending_count || pt->pending[lo].seq != h->seq || !pt->pending[lo].derived_count)
		return;
	head_request *p = &pt->pending[lo];
	memcpy(h->derived, p->derived, sizeof h->derived);
	h->derived_count = p->derived_count;
	memcpy(h->names, p->names, sizeof h->names);
	memset(p->names, 0, sizeof p->names);
	p->derived_count = 0;
}

static void add_head(partial *pt, const replay_request *req, bool counted, unsigned marks)
{
	if (first_is_received(req))
		return;
	GROW(pt->heads, pt->head_count, pt->head_cap);
	head_request *h = &pt->heads[pt->head_count++];
	*h = (head_request){ .audit_id = span_dup(req->audit_id), .level = req->decision.level,
		             .rule = req->decision.rule, .recorded = req->recorded,
		             .recorded_events = req->recorded_events, .counted = counted,
		             .marks = marks, .seq = req->seq };
	take_pending(pt, h);
}

static unsigned marks_of(const partial *pt, const replay_request *req)
{
	return pt->mark ? pt->mark(req) & ((1u << PARTIAL_MARK_COUNT) - 1) : 0;
}

void partial_note_request(partial *pt, const replay_request *req)
{
	unsigned marks = marks_of(pt, req);
	if (pt->marked)
		partial_count_marks(pt, marks, req->decision.level, 1);
	add_head(pt, req, true, marks);
}

void partial_note_open(partial *pt, const replay_request *req)
{
	unsigned marks = marks_of(pt, req);
	GROW(pt->opens, pt->open_count, pt->open_cap);
	pt->opens[pt->open_count++] = (open_request){
		.audit_id = span_dup(req->audit_id), .level = req->decision.level,
		.rule = req->decision.rule, .recorded = req->recorded, .written = req->written,
		.recorded_events = req->recorded_events, .bytes = req->bytes,
		.modelled_bytes = req->modelled_bytes, .marks = marks, .live = true
	};
	add_head(pt, req, false, marks);
}

void partial_mark(partial *pt, partial_mark_fn fn)
{
	pt->marked = true;
	pt->mark = fn;
}

void partial_count_marks(partial *pt, unsigned set, audit_level level, int delta)
{
	for (unsigned k = 0; k < PARTIAL_MARK_COUNT; k++)
		if (set & (1u << k))
			pt->marks[k][level] += (uint64_t)(int64_t)delta;
}

uint64_t partial_marked_requests(const partial *pt, unsigned k, audit_level level)
{
	return k < PARTIAL_MARK_COUNT ? pt->marks[k][level] : 0;
}

const replay_summary *partial_summary(const partial *pt) { return &pt->summary; }
const volume *partial_volume(const partial *pt) { return pt->volume; }
uint64_t partial_shards(const partial *pt) { return pt->shards; }
