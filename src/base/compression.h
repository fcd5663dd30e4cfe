/* compression: tells a compressed file by its magic number, so that a log or a policy in a
 * format auditsim does not read is refused in plain words rather than parsed as text. */
#ifndef AUDITSIM_COMPRESSION_H
#define AUDITSIM_COMPRESSION_H

#include <stddef.h>

/* The compression whose magic number starts the len bytes at data: "gzip", "zstd",
 * "bzip2", "xz", or NULL for none of them. Each of the four tools decompresses to standard
 * output with `NAME -dc FILE`. Looks at the first 10 bytes at most. */
const char *compression_of(const void *data, size_t len);

#endif
