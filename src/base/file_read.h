/* file_read: a whole file in memory, for inputs small enough to hold at once (a policy,
 * a golden file). Streams (audit logs) go through log/input.h instead. */
#ifndef AUDITSIM_FILE_READ_H
#define AUDITSIM_FILE_READ_H

#include <stddef.h>

/* Returns the bytes of the file at path, newly allocated and followed by a NUL that *len
 * does not count; the caller frees them. With limit > 0 at most limit + 1 bytes are read,
 * so the caller can tell a file over its limit without reading all of it.
 * On failure (cannot open, a directory, a read error) returns NULL and sets *error to a
 * newly allocated "cannot read PATH: REASON", which the caller frees.
 * Costs one read per 64 KiB, doubling the buffer as it goes. */
char *file_read_all(const char *path, size_t limit, size_t *len, char **error);

#endif
