/* event_pipe: reads a log_source in a thread of its own, so that scanning JSON (about
 * half of a replay's work) runs beside grouping, deciding, writing and accounting.
 *
 * The reader thread copies each event (its raw text, the decoded strings that live
 * elsewhere, its member and group arrays) into a batch and rebases the spans; the caller
 * takes events from full batches in the order they were read, with the same results and
 * messages as log_source_next. Memory: 4 batches of at least 0.8 MiB each; a batch
 * grows to hold a record larger than a batch and shrinks back when it is reused, so
 * only records in flight (at most 4) hold more. */
#ifndef AUDITSIM_EVENT_PIPE_H
#define AUDITSIM_EVENT_PIPE_H

#include "log_source.h"

/* A batch holds up to EVENT_PIPE_BATCH_EVENTS records in an arena of EVENT_PIPE_BATCH_BYTES,
 * or in one just large enough for a single record that needs more. Both may be set at build
 * time (-D), so that a fuzz build can make short inputs cross batches. */
#ifndef EVENT_PIPE_BATCH_BYTES
#define EVENT_PIPE_BATCH_BYTES ((size_t)512 << 10)
#endif
#ifndef EVENT_PIPE_BATCH_EVENTS
#define EVENT_PIPE_BATCH_EVENTS 512
#endif

typedef struct event_pipe event_pipe;

/* Starts reading src (which must outlive the pipe) in a new thread. Returns NULL when no
 * thread can be started: read src directly then. */
event_pipe *event_pipe_start(log_source *src);

/* As log_source_next: the event and *message are valid until the next call. */
event_read_status event_pipe_next(event_pipe *p, audit_event *out, const char **message);

/* Stops the reader (early, if the caller gives up before the end) and frees the pipe. */
void event_pipe_stop(event_pipe *p);

#endif
