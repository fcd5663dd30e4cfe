/* compression: see compression.h. */
#include "compression.h"

#include <stdbool.h>

typedef struct {
	const char *name;
	size_t len;
	const unsigned char *magic;
	bool block_size_at_3; /* byte 3 is bzip2's block size, '1' to '9', whatever magic says */
} magic_number;

static const magic_number formats[] = {
	{ "gzip", 2, (const unsigned char *)"\x1f\x8b", false },
	{ "zstd", 4, (const unsigned char *)"\x28\xb5\x2f\xfd", false },
	{ "xz", 6, (const unsigned char *)"\xfd" "7zXZ\0", false },
	/* "BZh", the block size, then the magic of a first block (BCD pi) or of the end of an
	 * empty stream (BCD sqrt(pi)): text that starts with "BZh" is not taken for bzip2 */
	{ "bzip2", 10, (const unsigned char *)"BZh9\x31\x41\x59\x26\x53\x59", true },
	{ "bzip2", 10, (const unsigned char *)"BZh9\x17\x72\x45\x38\x50\x90", true },
};

static bool starts_with(const unsigned char *bytes, size_t len, const magic_number *m)
{
	if (len < m->len)
		return false;
	for (size_t i = 0; i < m->len; i++) {
		bool block_size = m->block_size_at_3 && i == 3;
		if (block_size ? bytes[i] < '1' || bytes[i] > '9' : bytes[i] != m->magic[i])
			return false;
	}
	return true;
}

const char *compression_of(const void *data, size_t len)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (starts_with(data, len, &formats[i]))
			return formats[i].name;
	return NULL;
}
