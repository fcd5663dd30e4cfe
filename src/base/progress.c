/* progress: see progress.h. */
#include "progress.h"

#include "term.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHECK_BYTES (4u * 1024u * 1024u)
#define REDRAW_SECONDS 0.25

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, FILE *out, uint64_t total)
{
	*p = (progress){ .out = out && term_escapes(out) ? out : NULL, .total = total,
		         .next_check = CHECK_BYTES };
	if (p->out)
		p->start = p->last_draw = now();
}

static void draw(progress *p, double t)
{
	double elapsed = t - p->start, mb = (double)p->done / 1e6;
	double rate = elapsed > 0 ? mb / elapsed : 0;
	fprintf(p->out, "\r\033[Kauditsim: %.0f MB", mb);
	if (p->total && p->done <= p->total) {
		double left = rate > 0 ? ((double)(p->total - p->done) / 1e6) / rate : 0;
		fprintf(p->out, " of %.0f MB (%.0f%%), %.0f MB/s, ETA %.0f s", (double)p->total / 1e6,
		        100.0 * (double)p->done / (double)p->total, rate, left);
	} else {
		fprintf(p->out, ", %.0f MB/s", rate);
	}
	fflush(p->out);
	p->drawn = true;
	p->last_draw = t;
}

void progress_add(progress *p, uint64_t bytes)
{
	p->done += bytes;
	if (!p->out || p->done < p->next_check)
		return;
	p->next_check = p->done + CHECK_BYTES;
	double t = now();
	if (t - p->start >= PROGRESS_DELAY && t - p->last_draw >= REDRAW_SECONDS)
		draw(p, t);
}

void progress_end(progress *p)
{
	if (p->out && p->drawn) {
		fputs("\r\033[K", p->out);
		fflush(p->out);
	}
	p->drawn = false;
}

uint64_t progress_file_bytes(const char *path)
{
	struct stat st;
	if (path[0] == '-' && path[1] == '\0')
		return 0;
	/* only a regular file is opened: opening a FIFO here would take its writer, and the
	 * reader's own open would then wait for one forever */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	unsigned char magic[2] = { 0, 0 };
	uint64_t size = 0;
	/* gzip: the uncompressed size is not known up front */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, magic, 2) >= 0 &&
	    !(magic[0] == 0x1f && magic[1] == 0x8b))
		size = (uint64_t)st.st_size;
	close(fd);
	return size;
}
