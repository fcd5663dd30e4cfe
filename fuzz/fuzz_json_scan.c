/* fuzz_json_scan: any bytes as one JSON value, skipped at every SIMD level the CPU has
 * (simd_scan.h): the levels must agree on the status, the end or the error position and
 * text, and a string's flags. The bytes are copied to a buffer of their exact size, so a
 * read past the end shows up under AddressSanitizer. Scanned both as the whole input
 * (final) and as a prefix that more bytes may follow (not final). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include "simd_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { DEPTH = 16 };

typedef struct {
	json_status status;
	const char *at;
	const char *error;
	bool plain, escaped;
} skip_result;

static skip_result skip(const char *text, size_t size, bool final)
{
	unsigned char stack[JSON_STACK_BYTES(DEPTH)];
	json_scanner s;
	json_scanner_init(&s, text + size, final, DEPTH, stack);
	const char *end = NULL;
	skip_result r = { .status = json_skip_value(&s, text, 0, &end) };
	r.at = r.status == JSON_OK ? end : s.error_pos;
	r.error = r.status == JSON_OK ? NULL : s.error;
	if (r.status == JSON_OK && *text == '"') { /* the flags describe the last string */
		r.plain = s.string_plain;
		r.escaped = s.escape_seen;
	}
	return r;
}

static bool same(skip_result a, skip_result b)
{
	return a.status == b.status && a.at == b.at && a.error == b.error && a.plain == b.plain &&
	       a.escaped == b.escaped;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	memcpy(text, data, size);
	simd_level best = simd_scan_best();
	for (int final = 0; final <= 1; final++) {
		simd_scan_force(SIMD_PORTABLE);
		skip_result want = skip(text, size, final);
		for (simd_level level = SIMD_SSE2; level <= best; level++) {
			simd_scan_force(level);
			if (!same(skip(text, size, final), want))
				abort();
		}
	}
	simd_scan_force(best);
	free(text);
	return 0;
}
