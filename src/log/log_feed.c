#include "log_feed.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block_scan.h"
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
	log_feed_prepared_fn fn;
	void *ctx;
	log_feed_counts *counts;
	progress progress;
	size_t empty_logs; /* LOGs that held no audit event */
	block_scan *blocks; /* -j 2 or more: the LOGs are read and scanned by its workers */
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

/* One scenario read: its period, against the others'. */
static void note_period(log_feed_counts *counts, double period_seconds)
{
	if (!(period_seconds > 0))
		counts->scenario_without_period = true;
	else if (counts->period_seconds > 0 && counts->period_seconds != period_seconds)
		counts->periods_differ = true;
	else
		counts->period_seconds = period_seconds;
}

/* The LOG's source: the next one of the block scan, or opened here. */
static log_source *open_source(feed_state *f, const char *path, char **error)
{
	*error = NULL;
	return f->blocks ? block_scan_open_next(f->blocks, error)
	                 : log_source_open(path, &f->opts->limits, error);
}

/* The next record; *ev points to its event (into `local` when read here). */
static event_read_status next_record(feed_state *f, log_source *src, event_pipe *pipe,
                                     audit_event *local, const audit_event **ev,
                                     const char **message)
{
	if (f->blocks)
		return block_scan_next(f->blocks, ev, message);
	*ev = local;
	return pipe ? event_pipe_next(pipe, local, message) : log_source_next(src, local, message);
}

static void close_source(feed_state *f, log_source *src)
{
	if (f->blocks)
		block_scan_close_file(f->blocks);
	else
		log_source_close(src);
}

/* Reads one LOG to its end. Returns EXIT_OK or the code that stops the feed. */
static int feed_one(const char *path, feed_state *f)
{
	char *error = NULL;
	log_source *src = open_source(f, path, &error);
	if (!src) {
		report(f->opts, error ? error : path, NULL);
		free(error);
		return EXIT_IO;
	}
	report_warnings(f->opts, log_source_warnings(src));
	/* without block scanning, a recording is scanned in a thread of its own */
	event_pipe *pipe = !f->blocks && f->opts->jobs >= 2 && !log_source_is_scenario(src) ?
	                           event_pipe_start(src) : NULL;
	int rc = EXIT_OK;
	uint64_t records = 0, skipped = 0;
	audit_event local;
	const audit_event *ev = NULL;
	const char *message = NULL;
	for (;;) {
		event_read_status status = next_record(f, src, pipe, &local, &ev, &message);
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
		f->counts->scenario_events += log_source_is_scenario(src);
		progress_add(&f->progress, ev->raw.len + 1);
		f->fn(ev, f->blocks ? block_scan_prepared(f->blocks) : NULL, f->ctx);
	}
	event_pipe_stop(pipe);
	if (f->blocks)
		block_scan_end_file(f->blocks);
	if (log_source_is_scenario(src))
		note_period(f->counts, log_source_period(src));
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
	close_source(f, src);
	if (rc == EXIT_OK && records == skipped)
		report_nothing_to_replay(f, path, records, other_records);
	return rc;
}

typedef struct {
	log_feed_fn fn;
	void *ctx;
} unprepared;

static void feed_unprepared(const audit_event *ev, const request_prepared *prepared, void *ctx)
{
	(void)prepared;
	const unprepared *u = ctx;
	u->fn(ev, u->ctx);
}

int log_feed(char *const *paths, size_t count, const log_feed_options *opts, log_feed_fn fn,
             void *ctx, log_feed_counts *counts)
{
	unprepared u = { fn, ctx };
	return log_feed_prepared(paths, count, opts, NULL, feed_unprepared, &u, counts);
}

int log_feed_prepared(char *const *paths, size_t count, const log_feed_options *opts,
                      const request_prepare_options *prepare, log_feed_prepared_fn fn,
                      void *ctx, log_feed_counts *counts)
{
	*counts = (log_feed_counts){ 0 };
	feed_state f = { .opts = opts, .fn = fn, .ctx = ctx, .counts = counts };
	uint64_t input_bytes = 0;
	for (size_t i = 0; opts->progress && i < count; i++)
		input_bytes += progress_file_bytes(paths[i]);
	progress_init(&f.progress, opts->progress ? stderr : NULL, input_bytes);
	if (opts->jobs >= 2 && count > 0) {
		block_scan_options scan = { .limits = opts->limits, .workers = opts->jobs,
			                    .pipe_fallback = true, .prepare = prepare };
		f.blocks = block_scan_start(paths, count, &scan);
	}
	int rc = EXIT_OK;
	for (size_t i = 0; i < count && rc == EXIT_OK; i++)
		rc = feed_one(paths[i], &f);
	block_scan_stop(f.blocks);
	progress_end(&f.progress);
	if (rc == EXIT_OK && f.empty_logs)
		rc = EXIT_INPUT_WRONG;
	return rc;
}
