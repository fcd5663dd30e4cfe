/* fuzz_block_scan: any bytes as two LOGs (the same file given twice), read by one reader
 * per file (log_source_next, as replay -j 1 does) and by block scanning (block_scan_next,
 * as -j 2 and more do), with blocks of 7 to 1,030 bytes and 1 to 3 workers chosen from the
 * input's length, so short inputs have records larger than a block, block ends on every
 * byte, a ring that fills up and a second file scanned while the first merges. Every
 * status, message and event field must be the same; a difference prints it and aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "block_scan.h"
#include "event_compare.h"
#include "fuzz_limits.h"
#include "fuzz_memfile.h"
#include "log_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One file both ways to its end; aborts at the first difference. */
static void compare_file(const char *path, block_scan *scan, const event_reader_limits *limits)
{
	char *error_direct = NULL, *error_scanned = NULL;
	log_source *direct = log_source_open(path, limits, &error_direct);
	log_source *scanned = block_scan_open_next(scan, &error_scanned);
	if ((direct == NULL) != (scanned == NULL)) {
		fprintf(stderr, "opening differs: %s / %s\n", error_direct ? error_direct : "-",
		        error_scanned ? error_scanned : "-");
		abort();
	}
	for (size_t record = 0; direct && record < 100000; record++) {
		audit_event a;
		const audit_event *b = NULL;
		const char *ma = NULL, *mb = NULL;
		event_read_status sa = log_source_next(direct, &a, &ma);
		event_read_status sb = block_scan_next(scan, &b, &mb);
		const char *difference = read_difference(sa, &a, ma, sb, b, mb);
		if (difference) {
			fprintf(stderr, "record %zu: %s differs: status %d / %d, message %s / %s\n",
			        record, difference, (int)sa, (int)sb, ma ? ma : "-", mb ? mb : "-");
			abort();
		}
		if (sa == EVENT_READ_EOF || sa == EVENT_READ_ERROR)
			break;
	}
	if (scanned) {
		block_scan_end_file(scan);
		block_scan_close_file(scan);
	}
	log_source_close(direct);
	free(error_direct);
	free(error_scanned);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	event_reader_limits limits = fuzz_limits(&data, &size);
	int fd = memory_file(data, size);
	if (fd < 0)
		return 0;
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	char *paths[] = { path, path };
	block_scan_options o = { .limits = limits,
		                 .workers = 1 + (long)(size % 3),
		                 .block_bytes = 7 + size % 1024,
		                 .pipe_fallback = size % 2 == 0 };
	block_scan *scan = block_scan_start(paths, 2, &o);
	if (scan) {
		/* each file is read from its start: the scan opens the path again */
		compare_file(path, scan, &limits);
		compare_file(path, scan, &limits);
		block_scan_stop(scan);
	}
	close(fd);
	return 0;
}
