/* log_feed: reads every LOG argument (recorded logs or scenarios, through log_source) and
 * hands each event to a callback, for the commands that replay traffic through something
 * other than a single replay (lint, diff). Skipped records are reported on stderr, and
 * after each LOG the Azure records of other categories it held, in one line. */
#ifndef AUDITSIM_LOG_FEED_H
#define AUDITSIM_LOG_FEED_H

#include <stddef.h>

#include "event.h"
#include "event_reader.h"

typedef void (*log_feed_fn)(const audit_event *ev, void *ctx);

/* Returns 0, or 2 when a LOG cannot be opened or read (the message is on stderr).
 * *skipped counts the records that were not audit events. limits may be NULL for the
 * reader's defaults. */
int log_feed(char *const *paths, size_t count, const event_reader_limits *limits,
             log_feed_fn fn, void *ctx, size_t *skipped);

#endif
