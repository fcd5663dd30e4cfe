#include "log_feed.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_pipe.h"
#include "exit_code.h"
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
	size_t empty_logs; /* LOGs that held no audit event */
} feed_state;

/* One line on stderr: "auditsim COMMAND: " (as the options name it), then what. */
static void report(const log_feed_options *opts, const char *what, const char *detail)
{
	fprintf(stderr, "auditsim%s%s: %s%s%s\n", opts->command ? " " : "",
	        opts->command ? opts->command : "", what, detail ? ": " : "", detail ? detail : "");
}

/* Each line of text (NULL: none) as a line of its own. */
static void report_warnings(const log_feed_options *opts, const char *text)
{
	for (const char *line = text; line && *line;) {
		size_t len = strcspn(line, "\n");
		char *one = strndup(line, len);
		report(opts, one ? one : "out of memory", NULL);
		free(one);
		line += len + (line[len] == '\n');
	}
}

/* A LOG with no audit event is almost always the wrong file or an export of something
 * else; replaying it would print an empty summary and succeed, so it is named and the feed
 * ends with EXIT_INPUT_WRONG once every LOG has been read. */
static void report_nothing_to_replay(feed_state *f, const char *path, uint64_t records,
                                     bool other_records)
{
	char detail[128];
	if (records == 1 && !other_records)
		snprintf(detail, sizeof detail,
		         "nothing to replay: its only record is not an audit event (see above)");
	else if (records || other_records)
		snprintf(detail, sizeof detail,
		         "nothing to replay: none of its records is an audit event (see above)");
	else
		snprintf(detail, sizeof detail, "nothing to replay: the file holds no records");
	report(f->opts, path, detail);
	f->empty_logs++;
}

/* Reads one LOG to its end. Returns EXIT_OK or the code that stops the feed. */
static int feed_one(const char *path, feed_state *f)
{
	char *error = NULL;
	log_source *src = log_source_open(path, &f->opts->limits, &error);
	if (!src) {
		report(f->opts, error ? error : path, NULL);
		free(error);
		return EXIT_IO;
	}
	report_warnings(f->opts, log_source_warnings(src));
	/* a recording is scanned in a thread of its own; scenarios are small */
	event_pipe *pipe = f->opts->jobs >= 2 && !log_source_is_scenario(src) ?
	                           event_pipe_start(src) : NULL;
	int rc = EXIT_OK;
	uint64_t records = 0, skipped = 0;
	audit_event ev;
	const char *message = NULL;
	for (;;) {
		event_read_status status = pipe ? event_pipe_next(pipe, &ev, &message)
		                                : log_source_next(src, &ev, &message);
		if (status == EVENT_READ_EOF)
			break;
		if (status == EVENT_READ_ERROR) {
			report(f->opts, message ? message : path, NULL);
			rc = EXIT_IO;
			break;
		}
		f->counts->records++;
		records++;
		if (status == EVENT_READ_SKIPPED) {
			report(f->opts, message ? message : path, NULL);
			f->counts->skipped++;
			skipped++;
			if (f->opts->strict) {
				rc = EXIT_INPUT_WRONG;
				break;
			}
			continue;
		}
		progress_add(&f->progress, ev.raw.len + 1);
		f->fn(&ev, f->ctx);
	}
	event_pipe_stop(pipe);
	table_row_figures rows = log_source_rows(src);
	f->counts->table_rows += rows.rows;
	f->counts->billed_rows += rows.billed_rows;
	f->counts->billed_bytes += rows.billed_bytes;
	char *notes[] = { log_source_rows_note(src), log_source_other_categories_note(src) };
	bool other_records = notes[1] != NULL;
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		if (notes[i])
			report(f->opts, path, notes[i]);
		free(notes[i]);
	}
	log_source_close(src);
	if (rc == EXIT_OK && records == skipped)
		report_nothing_to_replay(f, path, records, other_records);
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
	int rc = EXIT_OK;
	for (size_t i = 0; i < count && rc == EXIT_OK; i++)
		rc = feed_one(paths[i], &f);
	progress_end(&f.progress);
	if (rc == EXIT_OK && f.empty_logs)
		rc = EXIT_INPUT_WRONG;
	return rc;
}
