/* gen_rng: the generator's own PRNG, so that a seed gives the same log on every machine.
 * xoshiro256** seeded through splitmix64. Everything is inline: the generator draws a few
 * hundred numbers per request. */
#ifndef GEN_RNG_H
#define GEN_RNG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	uint64_t s[4];
} gen_rng;

/* splitmix64 step: advances *state and returns a well-mixed 64-bit value. */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static inline void rng_seed(gen_rng *rng, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&seed);
}

static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256**: next 64 random bits. */
static inline uint64_t rng_next(gen_rng *rng)
{
	uint64_t *s = rng->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n) (multiply-shift; the bias is far below anything a benchmark sees). */
static inline uint32_t rng_below(gen_rng *rng, uint32_t n)
{
	return (uint32_t)(((rng_next(rng) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi], both inclusive. */
static inline uint32_t rng_between(gen_rng *rng, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(rng, hi - lo + 1);
}

/* Uniform double in [0, 1). */
static inline double rng_unit(gen_rng *rng)
{
	return (double)(rng_next(rng) >> 11) * 0x1p-53;
}

/* True with probability p. */
static inline bool rng_chance(gen_rng *rng, double p)
{
	return rng_unit(rng) < p;
}

#define RNG_PICK(rng, array) ((array)[rng_below((rng), sizeof(array) / sizeof((array)[0]))])

#endif
