/* reader_bench: reads audit logs through the event reader and prints throughput.
 * Not part of the meson build; compile by hand from the repository root against the
 * libraries of a release build (meson setup build-rel --buildtype=release; ninja -C build-rel):
 *   cc -O2 -std=c17 -D_GNU_SOURCE -Isrc/base -Isrc/policy -Isrc/request -Isrc/log \
 *      bench/reader_bench.c build-rel/src/log/liblog.a build-rel/src/request/librequest.a \
 *      build-rel/src/policy/libpolicy.a build-rel/src/base/libbase.a \
 *      -lz -lyaml -lpthread -lm -o build-rel/reader_bench
 * Usage: reader_bench [-v] [-p] [-l portable|sse2|avx2] FILE...   (-v prints skip messages,
 * -p prints one line per event: line, level, stage, verb, user, resource, auditID; -l makes
 * the string scanning use that SIMD level instead of the best the CPU has) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "event_reader.h"
#include "simd_scan.h"

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
		if (strcmp(argv[i], "-l") == 0 && i + 1 < argc) {
			const char *name = argv[++i];
			simd_level level = SIMD_PORTABLE;
			while (level < SIMD_AVX2 && strcmp(simd_scan_level_name(level), name) != 0)
				level++;
			if (strcmp(simd_scan_level_name(level), name) != 0 || !simd_scan_force(level)) {
				fprintf(stderr, "reader_bench: level %s is unknown or not on this CPU\n", name);
				return 2;
			}
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
		fprintf(stderr, "%s: %zu events, %zu skipped, %.1f MB of events in %.3f s: %.0f MB/s (%s)\n",
		        argv[i], events, skipped, (double)bytes / 1e6, seconds,
		        (double)bytes / 1e6 / seconds, simd_scan_level_name(simd_scan_level()));
	}
	return status;
}
