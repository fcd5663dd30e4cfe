#include "log_feed.h"

#include <stdio.h>
#include <stdlib.h>

#include "log_source.h"

static int feed_one(const char *path, const event_reader_limits *limits, log_feed_fn fn,
                    void *ctx, size_t *skipped)
{
	char *error = NULL;
	log_source *src = log_source_open(path, limits, &error);
	if (!src) {
		fprintf(stderr, "auditsim: %s\n", error ? error : path);
		free(error);
		return 2;
	}
	int rc = 0;
	audit_event ev;
	const char *message = NULL;
	for (;;) {
		event_read_status status = log_source_next(src, &ev, &message);
		if (status == EVENT_READ_EOF)
			break;
		if (status == EVENT_READ_ERROR) {
			fprintf(stderr, "auditsim: %s\n", message ? message : path);
			rc = 2;
			break;
		}
		if (status == EVENT_READ_SKIPPED) {
			fprintf(stderr, "auditsim: %s\n", message ? message : path);
			(*skipped)++;
			continue;
		}
		fn(&ev, ctx);
	}
	char *note = log_source_other_categories_note(src);
	if (note)
		fprintf(stderr, "auditsim: %s: %s\n", path, note);
	free(note);
	log_source_close(src);
	return rc;
}

int log_feed(char *const *paths, size_t count, const event_reader_limits *limits,
             log_feed_fn fn, void *ctx, size_t *skipped)
{
	for (size_t i = 0; i < count; i++) {
		int rc = feed_one(paths[i], limits, fn, ctx, skipped);
		if (rc)
			return rc;
	}
	return 0;
}
