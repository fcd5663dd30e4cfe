#include "log_feed.h"

#include <stdio.h>
#include <stdlib.h>

#include "event_pipe.h"
#include "log_source.h"
#include "progress.h"

log_feed_options log_feed_default_options(void)
{
	return (log_feed_options){ .limits = event_reader_default_limits(), .jobs = 1,
		                   .progress = true };
}

typedef struct {
	const log_feed_options *opts;
	log_feed_fn fn;
	void *ctx;
	log_feed_counts *counts;
	progress progress;
} feed_state;

/* Reads one LOG to its end. Returns 0 or the code that stops the feed. */
static int feed_one(const char *path, feed_state *f)
{
	char *error = NULL;
	log_source *src = log_source_open(path, &f->opts->limits, &error);
	if (!src) {
		fprintf(stderr, "auditsim: %s\n", error ? error : path);
		free(error);
		return 2;
	}
	/* a recording is scanned in a thread of its own; scenarios are small */
	event_pipe *pipe = f->opts->jobs >= 2 && !log_source_is_scenario(src) ?
	                           event_pipe_start(src) : NULL;
	int rc = 0;
	audit_event ev;
	const char *message = NULL;
	for (;;) {
		event_read_status status = pipe ? event_pipe_next(pipe, &ev, &message)
		                                : log_source_next(src, &ev, &message);
		if (status == EVENT_READ_EOF)
			break;
		if (status == EVENT_READ_ERROR) {
			fprintf(stderr, "auditsim: %s\n", message ? message : path);
			rc = 2;
			break;
		}
		f->counts->records++;
		if (status == EVENT_READ_SKIPPED) {
			fprintf(stderr, "auditsim: %s\n", message ? message : path);
			f->counts->skipped++;
			if (f->opts->strict) {
				rc = 1;
				break;
			}
			continue;
		}
		progress_add(&f->progress, ev.raw.len + 1);
		f->fn(&ev, f->ctx);
	}
	event_pipe_stop(pipe);
	char *note = log_source_other_categories_note(src);
	if (note)
		fprintf(stderr, "auditsim: %s: %s\n", path, note);
	free(note);
	log_source_close(src);
	return rc;
}

int log_feed(char *const *paths, size_t count, const log_feed_options *opts, log_feed_fn fn,
             void *ctx, log_feed_counts *counts)
{
	*counts = (log_feed_counts){ 0 };
	feed_state f = { .opts = opts, .fn = fn, .ctx = ctx, .counts = counts };
	uint64_t input_bytes = 0;
	for (size_t i = 0; opts->progress && i < count; i++)
		input_bytes += progress_file_bytes(paths[i]);
	progress_init(&f.progress, opts->progress ? stderr : NULL, input_bytes);
	int rc = 0;
	for (size_t i = 0; i < count && rc == 0; i++)
		rc = feed_one(paths[i], &f);
	progress_end(&f.progress);
	return rc;
}
