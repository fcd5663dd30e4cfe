/* fuzz_memfile: a fuzz input as a file that readers can open by path
 * (/proc/self/fd/N), so the targets read it exactly as replay reads a LOG. */
#ifndef AUDITSIM_FUZZ_MEMFILE_H
#define AUDITSIM_FUZZ_MEMFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

/* The bytes in an anonymous memory file; its descriptor, or -1. */
static inline int memory_file(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-log", 0);
	if (fd < 0)
		return -1;
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	return fd;
}

#endif
