/* simd_scan: the byte search behind JSON string scanning, 32 bytes at a time with AVX2, 16
 * with SSE2, or a byte at a time, chosen once at start-up from what the CPU has.
 *
 * The binary is built for the baseline CPU: the AVX2 code is compiled with a function
 * target attribute and only runs after __builtin_cpu_supports("avx2") said yes, so one
 * binary runs everywhere. Every level returns exactly the same answers; tests force each
 * level in turn (simd_scan_force) and compare. */
#ifndef AUDITSIM_SIMD_SCAN_H
#define AUDITSIM_SIMD_SCAN_H

#include <stdbool.h>

typedef enum {
	SIMD_PORTABLE, /* plain C, any CPU */
	SIMD_SSE2,     /* x86-64 baseline, 16 bytes per compare */
	SIMD_AVX2,     /* 32 bytes per compare, when the CPU has it */
} simd_level;

/* The best level this CPU runs. */
simd_level simd_scan_best(void);

/* The level the search uses now: the best one, unless forced. */
simd_level simd_scan_level(void);

/* Makes the searches use `level` (tests: to run each path on one machine). Returns false,
 * changing nothing, when the CPU cannot run it. Not thread-safe: call before any scan. */
bool simd_scan_force(simd_level level);

const char *simd_scan_level_name(simd_level level); /* "portable", "sse2", "avx2" */

/* The first byte in [p, end) that is '"', '\\' or below 0x20, or end. ORs into *high a
 * nonzero value when a byte >= 0x80 comes before it (and nothing for the bytes after it,
 * so that every level says the same).
 * A pointer to the current level's function (set with the level). */
extern const char *(*simd_find_string_special)(const char *p, const char *end, unsigned *high);

#endif
