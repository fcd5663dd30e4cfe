#include "file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

static char *fail(const char *path, const char *reason, char **error)
{
	*error = xasprintf("cannot read %s: %s", path, reason);
	return NULL;
}

char *file_read_all(const char *path, size_t limit, size_t *len, char **error)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(path, strerror(errno), error);
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return fail(path, "it is a directory", error);
	}
	size_t capacity = (size_t)64 * 1024, used = 0;
	char *buf = xmalloc(capacity + 1);
	while (limit == 0 || used <= limit) {
		if (used == capacity) {
			capacity *= 2;
			buf = xreallocarray(buf, capacity + 1, 1);
		}
		size_t want = capacity - used;
		if (limit && want > limit + 1 - used)
			want = limit + 1 - used;
		ssize_t n = read(fd, buf + used, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			free(buf);
			close(fd);
			return fail(path, strerror(err), error);
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	*len = used;
	return buf;
}
