/* reader_bench: reads audit logs through the event reader and prints throughput.
 * Not part of the meson build; compile by hand from the repository root:
 *   cc -O2 -std=c17 -D_GNU_SOURCE -Isrc/base -Isrc/policy -Isrc/request -Isrc/log bench/reader_bench.c src/log/event_reader.c \
 *      src/log/event_fields.c src/log/json_scan.c src/log/json_string.c src/log/input.c src/base/xalloc.c src/base/compression.c -lz -lpthread \
 *      -o build-reader/reader_bench
 * Usage: reader_bench [-v] [-p] FILE...   (-v prints skip messages, -p prints one line per
 * event: line, level, stage, verb, user, resource, auditID) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "event_reader.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_event(const audit_event *ev)
{
	printf("%zu\t%.*s\t%.*s\t%.*s\t%.*s\t%.*s\t%.*s\n", ev->line, (int)ev->level.len,
	       ev->level.ptr, (int)ev->stage.len, ev->stage.ptr, (int)ev->verb.len, ev->verb.ptr,
	       (int)ev->user_name.len, ev->user_name.ptr, (int)ev->object_resource.len,
	       ev->object_resource.ptr, (int)ev->audit_id.len, ev->audit_id.ptr);
}

int main(int argc, char **argv)
{
	bool verbose = false, print = false;
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = true;
			continue;
		}
		if (strcmp(argv[i], "-p") == 0) {
			print = true;
			continue;
		}
		char *error = NULL;
		double start = now();
		event_reader *r = event_reader_open(argv[i], NULL, &error);
		if (!r) {
			fprintf(stderr, "%s\n", error);
			return 2;
		}
		size_t events = 0, skipped = 0, bytes = 0;
		audit_event ev;
		const char *message;
		event_read_status st;
		while ((st = event_reader_next(r, &ev, &message)) != EVENT_READ_EOF) {
			if (st == EVENT_READ_ERROR) {
				fprintf(stderr, "%s\n", message);
				status = 2;
				break;
			}
			if (st == EVENT_READ_SKIPPED) {
				skipped++;
				if (verbose)
					fprintf(stderr, "%s\n", message);
				continue;
			}
			events++;
			bytes += ev.raw.len + 1;
			if (print)
				print_event(&ev);
		}
		double seconds = now() - start;
		event_reader_close(r);
		fprintf(stderr, "%s: %zu events, %zu skipped, %.1f MB of events in %.3f s: %.0f MB/s\n",
		        argv[i], events, skipped, (double)bytes / 1e6, seconds,
		        (double)bytes / 1e6 / seconds);
	}
	return status;
}
