/* Tests for simd_scan: each level (AVX2, SSE2, portable) is forced in turn where the CPU
 * has it and must find the same byte, with the same note of bytes >= 0x80. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "simd_scan.h"
#include "test_util.h"

static const simd_level levels[] = { SIMD_PORTABLE, SIMD_SSE2, SIMD_AVX2 };
enum { LEVELS = sizeof levels / sizeof levels[0] };

static void test_force_levels(void)
{
	simd_level best = simd_scan_best();
	CU_ASSERT_EQUAL(simd_scan_level(), best); /* the constructor chose it */
	for (size_t i = 0; i < LEVELS; i++) {
		bool runs = levels[i] <= best;
		CU_ASSERT_EQUAL(simd_scan_force(levels[i]), runs);
		CU_ASSERT_EQUAL(simd_scan_level(), runs ? levels[i] : best);
		simd_scan_force(best);
	}
	CU_ASSERT_TRUE(simd_scan_force(SIMD_PORTABLE)); /* every CPU runs plain C */
	simd_scan_force(best);
	CU_ASSERT_STRING_EQUAL(simd_scan_level_name(SIMD_AVX2), "avx2");
	CU_ASSERT_STRING_EQUAL(simd_scan_level_name(SIMD_SSE2), "sse2");
	CU_ASSERT_STRING_EQUAL(simd_scan_level_name(SIMD_PORTABLE), "portable");
}

/* Searches len bytes of plain 'a' with `special` at `at` (none when at >= len), in a buffer
 * of exactly len bytes so that ASan sees a read past the end. Returns the offset found. */
static size_t find_in(size_t len, size_t at, char special, size_t high_at, unsigned *high)
{
	char *buf = malloc(len ? len : 1);
	memset(buf, 'a', len);
	if (high_at < len)
		buf[high_at] = (char)0xc3;
	if (at < len)
		buf[at] = special;
	*high = 0;
	size_t found = (size_t)(simd_find_string_special(buf, buf + len, high) - buf);
	free(buf);
	return found;
}

/* Every length up to 100 (tails of 0 to 31 bytes after whole 32- and 16-byte steps), each
 * special byte at every position, at every level. */
static void test_finds_first_special(void)
{
	static const char specials[] = { '"', '\\', '\n', '\x01', '\x1f' };
	simd_level best = simd_scan_best();
	for (size_t l = 0; l < LEVELS; l++) {
		if (!simd_scan_force(levels[l]))
			continue;
		for (size_t len = 0; len <= 100; len++) {
			unsigned high;
			CU_ASSERT_EQUAL(find_in(len, len, '"', len, &high), len); /* none: end */
			CU_ASSERT_EQUAL(high, 0);
			for (size_t at = 0; at < len; at++)
				for (size_t k = 0; k < sizeof specials; k++) {
					size_t found = find_in(len, at, specials[k], len, &high);
					if (found != at)
						fprintf(stderr, "\n%s: len %zu, 0x%02x at %zu, found %zu\n",
						        simd_scan_level_name(levels[l]), len,
						        (unsigned char)specials[k], at, found);
					CU_ASSERT_EQUAL(found, at);
					CU_ASSERT_EQUAL(high, 0);
				}
		}
	}
	simd_scan_force(best);
}

/* A byte >= 0x80 is not special (UTF-8 is plain text to the scanner) but is noted when it
 * comes before the byte found, and only then. */
static void test_notes_high_bytes(void)
{
	simd_level best = simd_scan_best();
	for (size_t l = 0; l < LEVELS; l++) {
		if (!simd_scan_force(levels[l]))
			continue;
		for (size_t len = 1; len <= 80; len++)
			for (size_t high_at = 0; high_at < len; high_at++) {
				unsigned high;
				/* no special byte: the search runs to the end past the high byte */
				CU_ASSERT_EQUAL(find_in(len, len, '"', high_at, &high), len);
				CU_ASSERT_NOT_EQUAL(high, 0);
				/* the quote just after it */
				if (high_at + 1 < len) {
					CU_ASSERT_EQUAL(find_in(len, high_at + 1, '"', high_at, &high),
					                high_at + 1);
					CU_ASSERT_NOT_EQUAL(high, 0);
				}
				/* the quote just before it: bytes after the one found are not noted,
				 * even in the same 16 or 32 bytes */
				if (high_at > 0) {
					CU_ASSERT_EQUAL(find_in(len, high_at - 1, '"', high_at, &high),
					                high_at - 1);
					CU_ASSERT_EQUAL(high, 0);
				}
			}
	}
	simd_scan_force(best);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "levels can be forced", test_force_levels },
		{ "finds the first special byte", test_finds_first_special },
		{ "notes bytes >= 0x80", test_notes_high_bytes },
		{ NULL, NULL },
	};
	add_suite("simd_scan", tests);
}
