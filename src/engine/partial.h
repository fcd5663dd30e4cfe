/* partial: the summary of one shard of a recording, made to be merged with the shards
 * before and after it (`replay -o json --partial`, `merge`), so that a fleet's logs are
 * replayed where they lie and only these documents travel.
 *
 * A partial carries every count of replay's summary and volume (volume_state.h says
 * which are exact), the policy's identity (its text, the Kubernetes version and the
 * options that change figures, hashed), and what a merge needs to join requests cut by a
 * shard boundary, in shard order:
 *  - `open`: requests still waiting for their last stage when the shard ended (a watch
 *    whose ResponseComplete lies in a later shard): decision, stages recorded and
 *    written, bytes so far. They are not counted in the shard.
 *  - `heads`: requests whose first event in the shard is not RequestReceived, so that
 *    may continue an earlier shard's open request: the lines they were written with at
 *    that first event that were derived, not recorded (a RequestReceived or
 *    ResponseStarted made from a later stage), which one replay would not write again.
 * Merging B (the later shards) into A: each head of B whose auditID is open in A is that
 * request: the derived lines of stages A had written are taken back, its recorded stages
 * join, and it is counted once, where it ends. What stays open after the last shard is
 * counted as one replay counts requests the recording ended before their last stage.
 * Merging is associative; the figures equal one replay over the shards' LOGs in order
 * while every shard's requests fit the replay window, as long as no body is modelled
 * (modelled sizes are learnt from bodies written earlier in the same process).
 *
 * Memory: a partial's open requests and heads (one heads entry per request without a
 * RequestReceived at the shard's start: with recordings that omit RequestReceived, that
 * is every request). The document: see partial_json. */
#ifndef AUDITSIM_PARTIAL_H
#define AUDITSIM_PARTIAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "emitter.h"
#include "policy.h"
#include "run.h"
#include "summary.h"
#include "volume.h"

/* The partial document's "auditsimPartial" member; another value is refused. */
#define PARTIAL_FORMAT_VERSION 1
/* `compare -o json --partial`'s document: {"auditsimComparePartial": this, "policies":
 * [{"name", "partial"}]}, a policy's partial as replay's for it, with marks (compare's
 * security categories). */
#define PARTIAL_COMPARE_FORMAT_VERSION 1

/* What makes two partials' figures comparable: the policy's text and where it came from,
 * the Kubernetes version, and the options that change figures (rotation, price, sinks,
 * retention, projection), as a JSON object. digest hashes all three. */
typedef struct {
	char *policy_file;
	char *policy_text;
	size_t policy_len;
	json_t *options;
	char digest[17];
} partial_identity;

/* From a command's options: owns copies. sinks_file/sink names are taken as given. */
void partial_identity_init(partial_identity *id, const char *policy_file, const char *text,
                           size_t len, const engine_options *o);
/* partial_identity_init with the policy's text read from path (policy_file: the name
 * the partial gives it). False with *error (to free, may be NULL) when unreadable. */
bool partial_identity_load(partial_identity *id, const char *policy_file, const char *path,
                           const engine_options *o, char **error);
/* Sets o's kube version and figure options from id->options; false when malformed. Sink
 * names and file point into id->options (keep it alive). */
bool partial_identity_options(const partial_identity *id, engine_options *o);
void partial_identity_free(partial_identity *id);

typedef struct partial partial;

/* An empty partial for policy p (borrowed) with a summary and, with o->measure_volume, a
 * volume made as the engine makes one. */
partial *partial_new(const policy *p, const engine_options *o);
void partial_free(partial *pt);

/* Collecting a shard, from the engine's hooks (engine_options.on_request/on_open/
 * on_line) of a run whose figures end up in the partial (partial_take_figures). */
void partial_note_request(partial *pt, const replay_request *req);
void partial_note_open(partial *pt, const replay_request *req);
void partial_note_line(partial *pt, const emitted_line *line);
/* The partial document of a shard's figures (s and v: the run's, or partial_summary and
 * partial_volume of a merge; v NULL: none) and what pt collected or merged. The caller
 * owns the reference. */
json_t *partial_json(const partial *pt, const partial_identity *id, const replay_summary *s,
                     const volume *v);
const replay_summary *partial_summary(const partial *pt);
/* A partial document as replay --partial and merge --partial write it: compact, on one
 * line, so that partials concatenate into a stream (merge -) a line each. */
void partial_print(FILE *out, const json_t *doc);
const volume *partial_volume(const partial *pt);
/* How many shards' partials were merged into pt. */
uint64_t partial_shards(const partial *pt);

/* Marks: up to PARTIAL_MARK_COUNT kinds a request may be of, named by the caller (compare:
 * its security categories), counted by the level requests are counted at, as exactly as
 * the summary counts requests: a request cut by a shard boundary keeps the marks of its
 * first shard (one replay's view) and is counted once, where it ends or at
 * partial_finish. A partial counts marks once partial_mark was called (before any
 * request; then its document carries "marks", and every partial merged into it must). */
#define PARTIAL_MARK_COUNT 16
typedef unsigned (*partial_mark_fn)(const replay_request *req);
/* fn gives a collected request's marks (bit k: mark k); NULL when pt only merges. */
void partial_mark(partial *pt, partial_mark_fn fn);
/* Requests with mark k counted at level. */
uint64_t partial_marked_requests(const partial *pt, unsigned k, audit_level level);

/* Reads a partial document's identity (without its figures). False with *why. */
bool partial_identity_read(const json_t *doc, partial_identity *id, const char **why);

/* Merges the shards of doc, which come after everything in pt. False with *why (static
 * text) when doc is malformed; pt may then hold part of it. */
bool partial_merge_json(partial *pt, const json_t *doc, const char **why);

/* Counts what is still open as never completed (one replay's end), once, after the last
 * merge; then the figures are final. */
void partial_finish(partial *pt);


#endif
