/* block_scan: -j N by data. N worker threads read the LOGs in blocks cut at line ends and
 * scan each block in place with a reader of their own (event_reader_scan_block); the caller
 * (the merger: log_feed) takes the events back in input order, LOG by LOG in the order
 * given, so files are scanned in parallel as well as the blocks of one file.
 *
 * Events, messages and their order are exactly those of one reader per file
 * (log_source_next): a block is used only when every block of its file before it ended
 * between records of a JSON lines file (event_reader_block_clean). From the first block
 * that did not (another format, a value open across a block's end, a line longer than the
 * record limit, a read error) the file's own reader goes on from that block's first byte,
 * through the event pipe (event_pipe.h) as -j 2 did before. Scenarios are read by their
 * source. Standard input, pipes and FIFOs are read once, in order: the next LOG is opened
 * only once the one before has been read to its end (so "-" twice reads stdin once).
 *
 * One thread at a time reads an input into a block (input.h: gzip inflates in its own
 * thread) and counts its lines; scanning, checking and keeping each event (its spans
 * point into the block; only its member and group arrays and unescaped strings are
 * copied) run in every worker. Memory: a ring of 2N + 2 blocks (at most
 * BLOCK_SCAN_MAX_SLOTS) of block_bytes each and their events; a block grows to hold a
 * line longer than itself, up to the record limit, and shrinks back when it is reused. */
#ifndef AUDITSIM_BLOCK_SCAN_H
#define AUDITSIM_BLOCK_SCAN_H

#include <stddef.h>

#include "event_reader.h"
#include "log_source.h"
#include "request_prepared.h"

#define BLOCK_SCAN_BYTES ((size_t)256 << 10)
#define BLOCK_SCAN_MAX_SLOTS 24

typedef struct {
	event_reader_limits limits;
	long workers; /* threads that read and scan blocks: 1 to BLOCK_SCAN_MAX_SLOTS - 2 */
	size_t block_bytes; /* 0: BLOCK_SCAN_BYTES; small ones make tests cross blocks */
	bool pipe_fallback; /* a file read by its own reader is read through the event pipe */
	/* NULL, or what the workers work out for each event that may start a request (the
	 * first of its auditID in its block): block_scan_prepared */
	const request_prepare_options *prepare;
} block_scan_options;

typedef struct block_scan block_scan;

/* Starts the workers over paths[0..count), which must outlive the scan. NULL when no
 * thread can be started: read the files one by one then. */
block_scan *block_scan_start(char *const *paths, size_t count, const block_scan_options *opts);

/* Moves to the next LOG: its source, owned by the scan (valid until block_scan_close_file),
 * or NULL with *error set to what log_source_open said (the caller frees it). */
log_source *block_scan_open_next(block_scan *b, char **error);

/* As log_source_next on the current LOG's source; *out points to the event, kept where the
 * worker left it rather than copied. */
event_read_status block_scan_next(block_scan *b, const audit_event **out, const char **message);

/* What the workers prepared for the event block_scan_next returned last, valid as long as
 * the event; NULL when they did not (no `prepare` option, a later event of a request in the
 * same block, a file read by its own reader): the caller works it out then. */
const request_prepared *block_scan_prepared(const block_scan *b);

/* No more events of the current LOG are wanted (it was read to its end, or is given up):
 * its source stays open for its notes until block_scan_close_file closes it. */
void block_scan_end_file(block_scan *b);
void block_scan_close_file(block_scan *b);

/* Stops the workers (early, if the caller gives up) and frees everything. Accepts NULL. */
void block_scan_stop(block_scan *b);

#endif
