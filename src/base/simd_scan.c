/* simd_scan: see simd_scan.h. The level and the function pointers that follow from it
 * are the one piece of mutable global state in base: set once before main by a
 * constructor (so threads only ever read them) and changed only by tests. The string
 * search is a pointer because it is called per string: one indirect call, no dispatch. */
#include "simd_scan.h"

/* SSE2 is the x86-64 baseline; the AVX2 code needs the SSE2 code for its tails */
#if defined(__SSE2__)
#define SIMD_SCAN_X86 1
#include <immintrin.h>
#else
#define SIMD_SCAN_X86 0
#endif

static simd_level active_level = SIMD_PORTABLE;

simd_level simd_scan_best(void)
{
#if SIMD_SCAN_X86
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2"))
		return SIMD_AVX2;
	return SIMD_SSE2;
#endif
	return SIMD_PORTABLE;
}

static void use_level(simd_level level);

__attribute__((constructor)) static void choose_level(void) { use_level(simd_scan_best()); }

simd_level simd_scan_level(void) { return active_level; }

bool simd_scan_force(simd_level level)
{
	if (level > simd_scan_best())
		return false;
	use_level(level);
	return true;
}

const char *simd_scan_level_name(simd_level level)
{
	switch (level) {
	case SIMD_AVX2: return "avx2";
	case SIMD_SSE2: return "sse2";
	default: return "portable";
	}
}

/* ---- portable ------------------------------------------------------------------------- */

static const char *find_string_special_portable(const char *p, const char *end, unsigned *high)
{
	for (; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		*high |= c & 0x80;
		if (c == '"' || c == '\\' || c < 0x20)
			return p;
	}
	return end;
}

#if SIMD_SCAN_X86

/* The special byte of a chunk at p: the lowest bit of `specials`; only the bytes >= 0x80
 * before it are noted, as the portable loop notes them. */
static inline const char *found(const char *p, unsigned specials, unsigned high_bytes,
                                unsigned *high)
{
	if (high_bytes) /* rare: ASCII text has none, and then this costs one test */
		*high |= high_bytes & ((specials & (0u - specials)) - 1);
	return p + __builtin_ctz(specials);
}

/* ---- SSE2 ----------------------------------------------------------------------------- */

/* 16 bytes a step, the last few one by one. */
static const char *find_string_special_sse2(const char *p, const char *end, unsigned *high)
{
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(' ');
	while (end - p >= 16) {
		__m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* a signed compare: below ' ' are the control bytes and, as negatives, the bytes
		 * >= 0x80, which are told apart only in the rare chunk that has a hit */
		__m128i hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, quote),
		                            _mm_cmpeq_epi8(bytes, backslash));
		hits = _mm_or_si128(hits, _mm_cmplt_epi8(bytes, space));
		unsigned mask = (unsigned)_mm_movemask_epi8(hits);
		if (mask) {
			unsigned high_bytes = (unsigned)_mm_movemask_epi8(bytes);
			if (mask & ~high_bytes)
				return found(p, mask & ~high_bytes, high_bytes, high);
			*high |= high_bytes;
		}
		p += 16;
	}
	return find_string_special_portable(p, end, high);
}

/* ---- AVX2 ----------------------------------------------------------------------------- */

__attribute__((target("avx2"))) static const char *
find_string_special_avx2(const char *p, const char *end, unsigned *high)
{
	const __m256i quote = _mm256_set1_epi8('"');
	const __m256i backslash = _mm256_set1_epi8('\\');
	const __m256i space = _mm256_set1_epi8(' ');
	while (end - p >= 32) {
		__m256i bytes = _mm256_loadu_si256((const __m256i *)(const void *)p);
		/* signed, as in the SSE2 loop: bytes >= 0x80 are hits until told apart */
		__m256i hits = _mm256_or_si256(_mm256_cmpeq_epi8(bytes, quote),
		                               _mm256_cmpeq_epi8(bytes, backslash));
		hits = _mm256_or_si256(hits, _mm256_cmpgt_epi8(space, bytes));
		unsigned mask = (unsigned)_mm256_movemask_epi8(hits);
		if (mask) {
			unsigned high_bytes = (unsigned)_mm256_movemask_epi8(bytes);
			if (mask & ~high_bytes)
				return found(p, mask & ~high_bytes, high_bytes, high);
			*high |= high_bytes;
		}
		p += 32;
	}
	return find_string_special_sse2(p, end, high);
}

#endif /* SIMD_SCAN_X86 */

const char *(*simd_find_string_special)(const char *, const char *, unsigned *) =
	find_string_special_portable;

/* Points the searches at the functions of `level`. */
static void use_level(simd_level level)
{
	active_level = level;
#if SIMD_SCAN_X86
	if (level == SIMD_AVX2) {
		simd_find_string_special = find_string_special_avx2;
		return;
	}
	if (level == SIMD_SSE2) {
		simd_find_string_special = find_string_special_sse2;
		return;
	}
#endif
	simd_find_string_special = find_string_special_portable;
}
