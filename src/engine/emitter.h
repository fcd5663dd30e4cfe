/* emitter: decides, event by event, which lines kube-apiserver would have written for a
 * replayed request, writes them with the event writer, and models the bodies that the
 * policy asks for but the recording does not hold (issue 3, item 4).
 *
 * Lines are written as the recorded events arrive, the way the apiserver interleaves
 * requests: the policy's RequestReceived with the request's first recorded event (from
 * the recorded RequestReceived when that is the event, else derived from the event at
 * hand), ResponseStarted/ResponseComplete/Panic with the recorded event of that stage. A
 * long-running request whose recording has no ResponseStarted gets one derived from its
 * ResponseComplete, written just before it (none before a Panic: see emitter.c).
 *
 * Modelled bytes: when the policy's level calls for a body the recording lacks (recorded
 * below the level), the body's size is the mean size of the bodies written so far for the
 * same resource and verb, else a default by verb (emitter.c: default_body_bytes). They are
 * added to the request's `modelled_bytes`, never to what is written. */
#ifndef AUDITSIM_EMITTER_H
#define AUDITSIM_EMITTER_H

#include <stdint.h>

#include "event_writer.h"
#include "replay.h"

/* One written line (or, for modelled bytes, one line's modelled part), for accounting. */
typedef struct {
	const audit_event *ev;     /* the recorded event it was built from */
	const replay_request *req; /* decision and attributes (attributes empty for late
	                              stages of requests already handed on) */
	audit_stage stage;
	bool synthesised;        /* derived from another stage's recorded event */
	uint64_t bytes;          /* written, newline included */
	uint64_t modelled_bytes; /* bodies the recording lacked, modelled */
} emitted_line;

typedef void (*emit_observer)(const emitted_line *line, void *ctx);

typedef struct emitter emitter;

/* Lines go to sink, which must outlive the emitter. max_depth: see event_writer_new. */
emitter *emitter_new(byte_sink *sink, size_t max_depth);
void emitter_free(emitter *e);
void emitter_set_observer(emitter *e, emit_observer observer, void *ctx);

/* What the emitters of several policies fed the same events share (compare, report,
 * diff): policies that decide the same level, stage and omitManagedFields for a request
 * write the same line, so each distinct line of an event is measured once and its length
 * handed to the others (issue 16). Every emitter still accounts its lines itself, and
 * builds a line whenever its own sink wants the bytes (a file, a gzip sample). */
typedef struct emit_share emit_share;

emit_share *emit_share_new(void);
void emit_share_free(emit_share *s);
/* The event the emitters see next: lines of it measured from now on are shared until the
 * next call. Lines built from any other event are measured the ordinary way. */
void emit_share_begin_event(emit_share *s, const audit_event *ev);
/* s must outlive e. */
void emitter_use_share(emitter *e, emit_share *s);

/* The kube-apiserver version that writes the lines (emit_spec.kube_version); the newest
 * unless set. */
void emitter_set_kube_version(emitter *e, kube_version version);

/* The replay event hook (replay_set_event_hook with ctx = the emitter): writes what ev
 * brings about for req, updates req->written and req->modelled_bytes, and returns the
 * bytes written. */
uint64_t emitter_on_event(replay_request *req, const audit_event *ev, void *ctx);

/* The modelled size of a body of `resource` and `verb` (`,"requestObject":…` included)
 * from what the emitter has written so far, else the default table. */
uint64_t emitter_model_body(const emitter *e, span resource, span verb, bool response);

/* The default table alone: bytes of a request (or response) body for a verb. */
uint64_t default_body_bytes(span verb, bool response);

#endif
