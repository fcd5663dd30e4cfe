/* id_hash: a quick hash of a short key, eight bytes a step. auditIDs are 36-byte UUIDs
 * hashed for every event, and a byte at a time cost 3% of a replay. It only places keys
 * in tables, never decides an output order. */
#ifndef AUDITSIM_ID_HASH_H
#define AUDITSIM_ID_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Never 0, so that 0 can mean "no key". */
static inline uint64_t id_hash(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	uint64_t tail = 0;
	if (n)
		memcpy(&tail, p, n);
	h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return h | 1;
}

#endif
