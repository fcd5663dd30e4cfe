/* partial_merge: the partial document, and merging one into a partial (partial.h). */
#include <stdlib.h>
#include <string.h>

#include "hash_table.h"
#include "json_field.h"
#include "partial_internal.h"
#include "volume_state.h"

/* ---- the document ---- */

static json_t *counts_json(const uint64_t *counts, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer((json_int_t)counts[i]));
	return a;
}

static json_t *count_pair_json(count_pair c)
{
	return json_pack("[I,I]", (json_int_t)c.requests, (json_int_t)c.events);
}

static json_t *count_pairs_json(const count_pair *pairs, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, count_pair_json(pairs[i]));
	return a;
}

static json_t *summary_state_json(const replay_summary *s)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "total",
	                 count_pair_json(s->total), "byLevel", count_pairs_json(s->by_level, LEVEL_COUNT),
	                 "eventsByStage", counts_json(s->events_by_stage, STAGE_COUNT), "byRule",
	                 count_pairs_json(s->by_rule, s->policy->rule_count), "unmatched",
	                 count_pair_json(s->unmatched), "openRequests", (json_int_t)s->open_requests,
	                 "neverCompleted", (json_int_t)s->never_completed, "forgotten",
	                 (json_int_t)s->forgotten, "completedLate", (json_int_t)s->completed_late,
	                 "records", (json_int_t)s->records, "badRecords", (json_int_t)s->bad_records,
	                 "recordedEvents", (json_int_t)s->recorded_events, "recordedByStage",
	                 counts_json(s->recorded_by_stage, STAGE_COUNT));
}

static json_t *open_json(const open_request *o)
{
	return json_pack("{s:s,s:i,s:i,s:i,s:i,s:I,s:I,s:I}", "auditID", o->audit_id, "level",
	                 (int)o->level, "rule", o->rule, "recorded", (int)o->recorded, "written",
	                 (int)o->written, "recordedEvents", (json_int_t)o->recorded_events, "bytes",
	                 (json_int_t)o->bytes, "modelledBytes", (json_int_t)o->modelled_bytes);
}

static json_t *head_json(const head_request *h)
{
	json_t *doc = json_pack("{s:s,s:i,s:i,s:i,s:I,s:b}", "auditID", h->audit_id, "level",
	                        (int)h->level, "rule", h->rule, "recorded", (int)h->recorded,
	                        "recordedEvents", (json_int_t)h->recorded_events, "counted",
	                        h->counted);
	if (!h->derived_count)
		return doc;
	json_t *derived = json_array(), *names = json_array();
	for (size_t i = 0; i < h->derived_count; i++)
		json_array_append_new(derived, json_pack("[i,I,I]", (int)h->derived[i].stage,
		                                         (json_int_t)h->derived[i].bytes,
		                                         (json_int_t)h->derived[i].modelled_bytes));
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		json_array_append_new(names, json_string(h->names[t]));
	json_object_set_new(doc, "derived", derived);
	json_object_set_new(doc, "names", names);
	return doc;
}

/* A request's marks, when pt counts marks. */
static json_t *with_marks(const partial *pt, json_t *doc, unsigned marks)
{
	if (pt->marked)
		json_object_set_new(doc, "marks", json_integer(marks));
	return doc;
}

/* marks[K] = [requests at each level] */
static json_t *marks_json(const partial *pt)
{
	json_t *a = json_array();
	for (int k = 0; k < PARTIAL_MARK_COUNT; k++)
		json_array_append_new(a, counts_json(pt->marks[k], LEVEL_COUNT));
	return a;
}

json_t *partial_json(const partial *pt, const partial_identity *id, const replay_summary *s,
                     const volume *v)
{
	json_t *opens = json_array(), *heads = json_array();
	for (size_t i = 0; i < pt->open_count; i++)
		if (pt->opens[i].live)
			json_array_append_new(opens, with_marks(pt, open_json(&pt->opens[i]),
			                                        pt->opens[i].marks));
	for (size_t i = 0; i < pt->head_count; i++)
		json_array_append_new(heads, with_marks(pt, head_json(&pt->heads[i]),
		                                        pt->heads[i].marks));
	json_t *doc = json_pack("{s:i,s:I,s:{s:s,s:s,s:s},s:O,s:o,s:o,s:o,s:o}", "auditsimPartial",
	                 PARTIAL_FORMAT_VERSION, "shards", (json_int_t)(pt->shards ? pt->shards : 1),
	                 "policy", "file", id->policy_file, "text",
	                 id->policy_text, "digest", id->digest, "options", id->options, "summary",
	                 summary_state_json(s), "volume", v ? volume_state_json(v) : json_null(),
	                 "open", opens, "heads", heads);
	if (pt->marked)
		json_object_set_new(doc, "marks", marks_json(pt));
	return doc;
}

void partial_print(FILE *out, const json_t *doc)
{
	json_dumpf(doc, out, JSON_COMPACT);
	fputc('\n', out);
}

/* ---- reading ---- */

static bool add_counts(uint64_t *to, size_t n, const json_t *array)
{
	if (!json_is_array(array) || json_array_size(array) != n)
		return false;
	uint64_t add[16];
	for (size_t i = 0; i < n; i++)
		if (!json_item_u64(array, i, &add[i]))
			return false;
	for (size_t i = 0; i < n; i++)
		to[i] += add[i];
	return true;
}

static bool add_count_pair(count_pair *to, const json_t *pair)
{
	uint64_t c[2] = { 0, 0 };
	if (!add_counts(c, 2, pair))
		return false;
	to->requests += c[0];
	to->events += c[1];
	return true;
}

static bool add_count_pairs(count_pair *to, size_t n, const json_t *array)
{
	if (!json_is_array(array) || json_array_size(array) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!add_count_pair(&to[i], json_array_get(array, i)))
			return false;
	return true;
}

static bool add_summary(replay_summary *s, const json_t *doc)
{
	uint64_t c[7];
	const char *keys[7] = { "openRequests", "neverCompleted", "forgotten", "completedLate",
		                "records", "badRecords", "recordedEvents" };
	for (int i = 0; i < 7; i++)
		if (!json_field_u64(doc, keys[i], &c[i]))
			return false;
	if (!add_count_pair(&s->total, json_object_get(doc, "total")) ||
	    !add_count_pairs(s->by_level, LEVEL_COUNT, json_object_get(doc, "byLevel")) ||
	    !add_counts(s->events_by_stage, STAGE_COUNT, json_object_get(doc, "eventsByStage")) ||
	    !add_count_pairs(s->by_rule, s->policy->rule_count, json_object_get(doc, "byRule")) ||
	    !add_count_pair(&s->unmatched, json_object_get(doc, "unmatched")) ||
	    !add_counts(s->recorded_by_stage, STAGE_COUNT, json_object_get(doc, "recordedByStage")))
		return false;
	s->open_requests += c[0];
	s->never_completed += c[1];
	s->forgotten += c[2];
	s->completed_late += c[3];
	s->records += c[4];
	s->bad_records += c[5];
	s->recorded_events += c[6];
	return true;
}

/* A request's marks, when pt counts them. */
static bool read_marks(const partial *pt, const json_t *doc, unsigned *marks)
{
	uint64_t m = 0;
	*marks = 0;
	if (!pt->marked)
		return true;
	if (!json_field_u64(doc, "marks", &m) || m >= (1u << PARTIAL_MARK_COUNT))
		return false;
	*marks = (unsigned)m;
	return true;
}

/* The marks counted in a shard. */
static bool add_marks(partial *pt, const json_t *array)
{
	if (!json_is_array(array) || json_array_size(array) != PARTIAL_MARK_COUNT)
		return false;
	for (size_t k = 0; k < PARTIAL_MARK_COUNT; k++)
		if (!add_counts(pt->marks[k], LEVEL_COUNT, json_array_get(array, k)))
			return false;
	return true;
}

/* level, rule and a stage mask as a partial carries them, checked against the policy */
static bool read_decision(const partial *pt, const json_t *doc, audit_level *level, int *rule,
                          stage_set *recorded)
{
	json_int_t l = json_integer_value(json_object_get(doc, "level"));
	json_int_t r = json_integer_value(json_object_get(doc, "rule"));
	json_int_t m = json_integer_value(json_object_get(doc, "recorded"));
	if (!json_is_integer(json_object_get(doc, "level")) || l < 0 || l >= LEVEL_COUNT ||
	    !json_is_integer(json_object_get(doc, "rule")) || r < -1 ||
	    r >= (json_int_t)pt->policy->rule_count || m < 0 || m >= (1 << STAGE_COUNT))
		return false;
	*level = (audit_level)l;
	*rule = (int)r;
	*recorded = (stage_set)m;
	return true;
}

static bool read_open(const partial *pt, const json_t *doc, open_request *o)
{
	const char *id = NULL;
	uint64_t written = 0;
	*o = (open_request){ .live = true };
	if (!json_field_string(doc, "auditID", &id) ||
	    !read_decision(pt, doc, &o->level, &o->rule, &o->recorded) ||
	    !json_field_u64(doc, "written", &written) || written >= (1u << STAGE_COUNT) ||
	    !json_field_u64(doc, "recordedEvents", &o->recorded_events) ||
	    !json_field_u64(doc, "bytes", &o->bytes) ||
	    !json_field_u64(doc, "modelledBytes", &o->modelled_bytes) ||
	    !read_marks(pt, doc, &o->marks))
		return false;
	o->written = (stage_set)written;
	o->audit_id = xstrdup(id);
	return true;
}

static bool read_derived(head_request *h, const json_t *doc)
{
	const json_t *derived = json_object_get(doc, "derived"), *names = json_object_get(doc, "names");
	if (!derived)
		return true;
	if (!json_is_array(derived) || json_array_size(derived) > 2 ||
	    json_array_size(names) != VOLUME_TOP_TABLES)
		return false;
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		if (!json_is_string(json_array_get(names, (size_t)t)))
			return false;
	for (size_t i = 0; i < json_array_size(derived); i++) {
		const json_t *line = json_array_get(derived, i);
		uint64_t stage;
		derived_line *d = &h->derived[i];
		if (json_array_size(line) != 3 || !json_item_u64(line, 0, &stage) ||
		    stage >= STAGE_COUNT || !json_item_u64(line, 1, &d->bytes) ||
		    !json_item_u64(line, 2, &d->modelled_bytes))
			return false;
		d->stage = (audit_stage)stage;
	}
	h->derived_count = json_array_size(derived);
	for (int t = 0; t < VOLUME_TOP_TABLES; t++)
		h->names[t] = xstrdup(json_string_value(json_array_get(names, (size_t)t)));
	return true;
}

static bool read_head(const partial *pt, const json_t *doc, head_request *h)
{
	const char *id = NULL;
	*h = (head_request){ 0 };
	if (!json_field_string(doc, "auditID", &id) ||
	    !read_decision(pt, doc, &h->level, &h->rule, &h->recorded) ||
	    !json_field_u64(doc, "recordedEvents", &h->recorded_events) ||
	    !json_field_bool(doc, "counted", &h->counted) || !read_marks(pt, doc, &h->marks))
		return false;
	h->audit_id = xstrdup(id);
	if (read_derived(h, doc))
		return true;
	partial_head_free(h);
	return false;
}

/* ---- merging ---- */

/* One replay would not have written the derived lines of the stages the earlier shard
 * had written for the request: take them back. */
static void retract_derived(partial *pt, const head_request *h, stage_set written)
{
	replay_summary *s = &pt->summary;
	for (size_t i = 0; i < h->derived_count; i++) {
		const derived_line *d = &h->derived[i];
		if (!(written & STAGE_BIT(d->stage)))
			continue;
		s->total.events--;
		s->by_level[h->level].events--;
		s->events_by_stage[d->stage]--;
		count_pair *rule = h->rule >= 0 ? &s->by_rule[h->rule] : &s->unmatched;
		rule->events--;
		if (pt->volume) {
			volume_line line = { .level = h->level, .rule = h->rule, .stage = d->stage,
				             .bytes = d->bytes, .modelled_bytes = d->modelled_bytes };
			volume_retract_line(pt->volume, &line, (const char *const *)h->names);
		}
	}
}

/* Stages and recorded events of `earlier` that a request counted in a later shard did
 * not count, as one replay would have counted them with the request. */
static void count_earlier_stages(replay_summary *s, const open_request *earlier,
                                 const head_request *h)
{
	s->recorded_events += earlier->recorded_events;
	for (int st = 0; st < STAGE_COUNT; st++)
		if ((earlier->recorded & STAGE_BIT(st)) && !(h->recorded & STAGE_BIT(st)))
			s->recorded_by_stage[st]++;
}

/* Joins a later shard's head to the request open in pt it continues, if any. Returns
 * that request's index in pt->opens, or SIZE_MAX. */
static size_t continue_open(partial *pt, const hash_table *opens, const head_request *h)
{
	size_t i;
	if (!hash_table_find(opens, h->audit_id, strlen(h->audit_id), &i) || !pt->opens[i].live)
		return SIZE_MAX;
	open_request *o = &pt->opens[i];
	retract_derived(pt, h, o->written);
	if (h->counted) {
		count_earlier_stages(&pt->summary, o, h);
		/* one replay sees the request as its first shard did */
		if (pt->marked) {
			partial_count_marks(pt, h->marks, h->level, -1);
			partial_count_marks(pt, o->marks, h->level, 1);
		}
	}
	o->live = false;
	return i;
}

/* A request open at the end of the later shard that continues pt's open request o. */
static void join_open(open_request *later, const open_request *o)
{
	later->recorded_events += o->recorded_events;
	later->recorded |= o->recorded;
	later->written |= o->written;
	later->bytes += o->bytes;
	later->modelled_bytes += o->modelled_bytes;
	later->marks = o->marks;
}

static bool merge_requests(partial *pt, const json_t *doc, const char **why)
{
	const json_t *opens = json_object_get(doc, "open"), *heads = json_object_get(doc, "heads");
	*why = "open/heads: not arrays of requests";
	if (!json_is_array(opens) || !json_is_array(heads))
		return false;
	size_t first_new_open = pt->open_count;
	*why = "open: a request lacks auditID, level, rule, stages or counts";
	for (size_t i = 0; i < json_array_size(opens); i++) {
		GROW(pt->opens, pt->open_count, pt->open_cap);
		if (!read_open(pt, json_array_get(opens, i), &pt->opens[pt->open_count]))
			return false;
		pt->open_count++;
	}
	/* the earlier shards' open requests, before this document's were added */
	hash_table *earlier = hash_table_new(), *later = hash_table_new();
	for (size_t i = 0; i < first_new_open; i++)
		if (pt->opens[i].live)
			hash_table_put(earlier, pt->opens[i].audit_id, strlen(pt->opens[i].audit_id), i);
	for (size_t i = first_new_open; i < pt->open_count; i++)
		hash_table_put(later, pt->opens[i].audit_id, strlen(pt->opens[i].audit_id), i);
	bool ok = true;
	*why = "heads: a request lacks auditID, level, rule, stages or counts";
	for (size_t i = 0; ok && i < json_array_size(heads); i++) {
		head_request h;
		if (!(ok = read_head(pt, json_array_get(heads, i), &h)))
			break;
		size_t o = continue_open(pt, earlier, &h), l;
		if (o != SIZE_MAX && !h.counted &&
		    hash_table_find(later, h.audit_id, strlen(h.audit_id), &l))
			join_open(&pt->opens[l], &pt->opens[o]);
		if (o != SIZE_MAX) {
			partial_head_free(&h);
			continue;
		}
		GROW(pt->heads, pt->head_count, pt->head_cap);
		pt->heads[pt->head_count++] = h;
	}
	hash_table_free(earlier);
	hash_table_free(later);
	return ok;
}

bool partial_merge_json(partial *pt, const json_t *doc, const char **why)
{
	uint64_t shards = 0;
	*why = "shards: not a count of shards";
	if (!json_field_u64(doc, "shards", &shards) || shards == 0)
		return false;
	pt->shards += shards;
	*why = "summary: a count is missing or not a count";
	if (!add_summary(&pt->summary, json_object_get(doc, "summary")))
		return false;
	const json_t *vol = json_object_get(doc, "volume");
	*why = "marks: not the counts of marked requests by level";
	if (pt->marked && !add_marks(pt, json_object_get(doc, "marks")))
		return false;
	if (pt->volume) {
		if (!json_is_object(vol)) {
			*why = "volume: missing";
			return false;
		}
		if (!volume_state_add(pt->volume, vol, why))
			return false;
	}
	return merge_requests(pt, doc, why);
}

void partial_finish(partial *pt)
{
	for (size_t i = 0; i < pt->open_count; i++) {
		open_request *o = &pt->opens[i];
		if (!o->live)
			continue;
		replay_request req = { .decision = { .level = o->level, .rule = o->rule },
			               .recorded = o->recorded,
			               .recorded_events = (unsigned)o->recorded_events,
			               .open = true };
		summary_add_request(&pt->summary, &req);
		pt->summary.never_completed++;
		if (pt->marked)
			partial_count_marks(pt, o->marks, o->level, 1);
		o->live = false;
	}
	if (pt->volume)
		volume_set_requests(pt->volume, pt->summary.total.requests);
}
