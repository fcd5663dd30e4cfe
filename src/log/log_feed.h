/* log_feed: the one walker over LOG arguments (recorded logs or scenarios, through
 * log_source) for every command that reads traffic: it hands each event to a callback,
 * reports skipped records on stderr ("auditsim COMMAND: FILE:LINE: why") and, after each
 * LOG, what its Log Analytics rows were (event_reader_rows_note) and the Azure records of
 * other categories it held, a line each. Every message it
 * prints begins "auditsim COMMAND: ", the command being the one named in the options, as
 * the command's own messages do (src/cli/cli_args.h).
 *
 * With jobs of 2 or more, that many workers read and scan the LOGs in line-aligned blocks
 * (block_scan.h; a file that is not JSON lines goes to its own reader through the event
 * pipe) and work out each request's attributes and decisions (request_prepared.h); the
 * calling thread takes the events back in input order. Events, messages and their order
 * are the same as with one. The progress line
 * (progress.h) is drawn here, from the bytes of the events read. */
#ifndef AUDITSIM_LOG_FEED_H
#define AUDITSIM_LOG_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "event_reader.h"
#include "request_prepared.h"

typedef void (*log_feed_fn)(const audit_event *ev, void *ctx);
/* prepared: what the block scan's workers worked out for ev (request_prepared.h), or NULL
 * for the callback to work out itself: always with one job */
typedef void (*log_feed_prepared_fn)(const audit_event *ev, const request_prepared *prepared,
                                     void *ctx);

typedef struct {
	const char *command; /* "replay": for the messages' prefix; NULL: "auditsim: " alone */
	event_reader_limits limits;
	long jobs;     /* 2 or more: recordings are scanned by that many workers; scenarios never */
	bool strict;   /* a record that is not an audit event ends the feed (exit code 1) */
	bool progress; /* a progress line on stderr (only ever drawn on a terminal) */
} log_feed_options;

/* No command named, the reader's default limits, one job, not strict, with progress. */
log_feed_options log_feed_default_options(void);

typedef struct {
	uint64_t records; /* read, the skipped ones included */
	uint64_t skipped; /* records that were not audit events */
	/* rows of AKSAudit/AKSAuditAdmin among the records, and the billed size Azure
	 * recorded for those that carried _BilledSize (table_row_figures) */
	uint64_t table_rows;
	uint64_t billed_rows;
	double billed_bytes;
	/* what the events stand for, for a rate: the events from scenarios (the rest of
	 * records - skipped came from recordings) and the period the scenarios declared */
	uint64_t scenario_events;
	bool scenario_without_period; /* a scenario declared no `period:` */
	bool periods_differ;          /* two scenarios declared different ones */
	double period_seconds;        /* the first declared; 0: none */
} log_feed_counts;

/* Feeds every event of every LOG, in order, to fn. Returns EXIT_OK; EXIT_IO when a LOG
 * cannot be opened or read; EXIT_INPUT_WRONG for a skipped record under `strict`, or
 * once every LOG is read when one of them held no audit event at all (each
 * message is on stderr). The feed stops at the first failure. *counts is set here. */
int log_feed(char *const *paths, size_t count, const log_feed_options *opts, log_feed_fn fn,
             void *ctx, log_feed_counts *counts);

/* log_feed, with jobs of 2 or more the workers preparing each event that may start a
 * request under `prepare` (NULL: none) off the calling thread. */
int log_feed_prepared(char *const *paths, size_t count, const log_feed_options *opts,
                      const request_prepare_options *prepare, log_feed_prepared_fn fn,
                      void *ctx, log_feed_counts *counts);

#endif
