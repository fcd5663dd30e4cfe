/* fuzz_event_pipe: any bytes as an audit log, read twice from the same file: directly
 * (log_source_next, as replay -j 1 does) and through the event pipe's reader thread
 * (event_pipe_next, as replay -j 2 does). Every status, message and event field must be
 * the same; a difference prints the record and aborts. This build makes the pipe's batches
 * small (fuzz/meson.build), so short inputs have records larger than a batch, batches
 * that end on any byte and count boundary, and a ring that fills up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "event_compare.h"
#include "event_pipe.h"
#include "log_source.h"
#include "fuzz_limits.h"
#include "fuzz_memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads both ways to the end; aborts at the first difference. */
static void compare(log_source *direct, event_pipe *pipe)
{
	for (size_t record = 0; record < 100000; record++) {
		audit_event a, b;
		const char *ma = NULL, *mb = NULL;
		event_read_status sa = log_source_next(direct, &a, &ma);
		event_read_status sb = event_pipe_next(pipe, &b, &mb);
		const char *difference = read_difference(sa, &a, ma, sb, &b, mb);
		if (difference) {
			fprintf(stderr, "record %zu: %s differs: status %d / %d, message %s / %s\n",
			        record, difference, (int)sa, (int)sb, ma ? ma : "-", mb ? mb : "-");
			abort();
		}
		if (sa == EVENT_READ_EOF || sa == EVENT_READ_ERROR)
			return;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	event_reader_limits limits = fuzz_limits(&data, &size);
	int fd = memory_file(data, size);
	if (fd < 0)
		return 0;
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	char *error = NULL;
	log_source *direct = log_source_open(path, &limits, &error);
	if (!direct) {
		free(error);
		close(fd);
		return 0;
	}
	/* replay reads scenarios without the pipe; the scenario fuzzer covers them */
	if (log_source_is_scenario(direct)) {
		log_source_close(direct);
		close(fd);
		return 0;
	}
	log_source *piped = log_source_open(path, &limits, &error);
	event_pipe *pipe = piped ? event_pipe_start(piped) : NULL;
	if (!pipe) {
		free(error);
		log_source_close(piped);
		log_source_close(direct);
		close(fd);
		return 0;
	}
	compare(direct, pipe);
	event_pipe_stop(pipe);
	log_source_close(piped);
	log_source_close(direct);
	close(fd);
	return 0;
}
