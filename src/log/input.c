/* input: see input.h.
 *
 * Sources are layered: the raw source (fd or memory) first serves the bytes read while
 * sniffing for the gzip magic, then the rest. For gzip, a producer thread inflates the raw
 * source into two slots in turn; the consumer (input_read) copies out of the slot it owns and
 * hands it back when empty. A slot is owned by exactly one side at a time, decided under the
 * mutex by its `full` flag, so the data itself is copied without holding the lock. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "compression.h"
#include "xalloc.h"

enum {
	MAGIC_BYTES = 10, /* enough to tell bzip2 from text that starts with "BZh" */
	SNIFF_BYTES = 64 * 1024,
	SLOT_BYTES = 2 * 1024 * 1024,
	ZIN_BYTES = 256 * 1024,
};

typedef struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned char *slot_data[2];
	size_t slot_len[2];
	bool slot_full[2];
	bool done;      /* the producer stopped; final_slot is its last slot */
	int final_slot;
	bool cancel;    /* the consumer is closing */
	char *error;    /* producer's error, read by the consumer once done */
	/* consumer side, touched only by input_read */
	int read_slot;
	size_t read_pos;
} gzip_pipe;

struct input {
	char *name;
	int fd; /* -1 for memory */
	bool close_fd;
	const unsigned char *mem;
	size_t mem_len, mem_pos;
	bool source_eof;        /* the source said end of input: never read it again */
	unsigned char *sniffed; /* bytes read before the first input_read (magic, peeks) */
	size_t sniffed_len, sniffed_pos, sniffed_cap;
	const char *compression; /* compression_of() the first bytes */
	bool is_gzip;
	bool reading;           /* input_read was called: input_peek may no longer be */
	gzip_pipe *gz;
	char *error;
};

static void set_error(input *in, char *message)
{
	free(in->error);
	in->error = message;
}

/* Reads from the file or memory, past what sniffing took. */
static ssize_t source_read(input *in, unsigned char *buf, size_t cap)
{
	if (in->fd < 0) {
		size_t n = in->mem_len - in->mem_pos;
		n = n < cap ? n : cap;
		if (n)
			memcpy(buf, in->mem + in->mem_pos, n);
		in->mem_pos += n;
		return (ssize_t)n;
	}
	if (in->source_eof)
		return 0; /* a terminal or a FIFO would wait for another end */
	for (;;) {
		ssize_t n = read(in->fd, buf, cap);
		if (n == 0)
			in->source_eof = true;
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

/* Reads from the raw (possibly compressed) stream: the sniffed bytes, then the source. */
static ssize_t raw_read(input *in, unsigned char *buf, size_t cap)
{
	if (in->sniffed_pos < in->sniffed_len) {
		size_t n = in->sniffed_len - in->sniffed_pos;
		n = n < cap ? n : cap;
		memcpy(buf, in->sniffed + in->sniffed_pos, n);
		in->sniffed_pos += n;
		return (ssize_t)n;
	}
	return source_read(in, buf, cap);
}

const unsigned char *input_peek(input *in, size_t want, size_t *len)
{
	*len = 0;
	if (in->reading) {
		set_error(in, xasprintf("%s: internal error: input_peek after input_read", in->name));
		return NULL;
	}
	if (in->sniffed_cap < want) {
		in->sniffed_cap = want > SNIFF_BYTES ? want : SNIFF_BYTES;
		in->sniffed = xreallocarray(in->sniffed, in->sniffed_cap, 1);
	}
	while (in->sniffed_len < want) {
		ssize_t n = source_read(in, in->sniffed + in->sniffed_len,
		                        in->sniffed_cap - in->sniffed_len);
		if (n < 0) {
			set_error(in, xasprintf("%s: %s", in->name, strerror(errno)));
			return NULL;
		}
		if (n == 0)
			break;
		in->sniffed_len += (size_t)n;
	}
	*len = in->sniffed_len;
	return in->sniffed;
}

/* Reads the first bytes so the magic can be checked. */
static bool sniff(input *in)
{
	size_t len;
	const unsigned char *head = input_peek(in, MAGIC_BYTES, &len);
	if (!head)
		return false;
	const char *compression = compression_of(head, len);
	in->is_gzip = compression && strcmp(compression, "gzip") == 0;
	in->compression = compression;
	return true;
}

/* Inflates into slot data[0..SLOT_BYTES); returns bytes produced, sets *finished at the end
 * of the input and *error on failure. */
static size_t inflate_slot(input *in, z_stream *z, unsigned char *zin, unsigned char *out,
                           bool *in_member, bool *finished, char **error)
{
	z->next_out = out;
	z->avail_out = SLOT_BYTES;
	while (z->avail_out > 0) {
		if (z->avail_in == 0) {
			ssize_t n = raw_read(in, zin, ZIN_BYTES);
			if (n < 0) {
				*error = xasprintf("%s: %s", in->name, strerror(errno));
				break;
			}
			if (n == 0) {
				if (*in_member)
					*error = xasprintf("%s: truncated gzip data", in->name);
				*finished = true;
				break;
			}
			z->next_in = zin;
			z->avail_in = (uInt)n;
		}
		if (!*in_member) {
			/* another member follows: gzip -d reads concatenated members as one */
			inflateReset(z);
			*in_member = true;
		}
		int rc = inflate(z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			*in_member = false;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			*error = xasprintf("%s: corrupt gzip data (%s)", in->name,
			                   z->msg ? z->msg : "inflate failed");
			break;
		}
	}
	return SLOT_BYTES - z->avail_out;
}

static void *gzip_producer(void *arg)
{
	input *in = arg;
	gzip_pipe *gz = in->gz;
	z_stream z = { 0 };
	unsigned char *zin = xmalloc(ZIN_BYTES);
	char *error = NULL;
	bool finished = false, in_member = true;
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		error = xasprintf("%s: cannot start gzip decompression", in->name);
		finished = true;
	}
	for (int slot = 0;; slot ^= 1) {
		pthread_mutex_lock(&gz->lock);
		while (gz->slot_full[slot] && !gz->cancel)
			pthread_cond_wait(&gz->changed, &gz->lock);
		bool cancel = gz->cancel;
		pthread_mutex_unlock(&gz->lock);
		if (cancel)
			break;
		size_t len = 0;
		if (!finished && !error)
			len = inflate_slot(in, &z, zin, gz->slot_data[slot], &in_member, &finished,
			                   &error);
		pthread_mutex_lock(&gz->lock);
		gz->slot_len[slot] = len;
		gz->slot_full[slot] = true;
		if (finished || error) {
			gz->done = true;
			gz->final_slot = slot;
			gz->error = error;
		}
		pthread_cond_broadcast(&gz->changed);
		pthread_mutex_unlock(&gz->lock);
		if (finished || error)
			break;
	}
	inflateEnd(&z);
	free(zin);
	return NULL;
}

static bool start_gzip(input *in)
{
	gzip_pipe *gz = xcalloc(1, sizeof *gz);
	gz->slot_data[0] = xmalloc(SLOT_BYTES);
	gz->slot_data[1] = xmalloc(SLOT_BYTES);
	pthread_mutex_init(&gz->lock, NULL);
	pthread_cond_init(&gz->changed, NULL);
	in->gz = gz;
	int rc = pthread_create(&gz->thread, NULL, gzip_producer, in);
	if (rc != 0) {
		set_error(in, xasprintf("%s: cannot start the decompression thread: %s", in->name,
		                        strerror(rc)));
		free(gz->slot_data[0]);
		free(gz->slot_data[1]);
		pthread_mutex_destroy(&gz->lock);
		pthread_cond_destroy(&gz->changed);
		free(gz);
		in->gz = NULL;
		return false;
	}
	return true;
}

static input *input_new(const char *name)
{
	input *in = xcalloc(1, sizeof *in);
	in->name = xstrdup(name);
	in->fd = -1;
	return in;
}

/* Hands in->error to the caller and frees `in`. */
static input *open_failed(input *in, char **error)
{
	if (error)
		*error = xstrdup(in->error);
	input_close(in);
	return NULL;
}

/* Sniffs the magic; frees `in` and sets *error on failure. Decompression starts at the
 * first input_read, so that input_peek can still see the bytes as stored. */
static input *input_start(input *in, char **error)
{
	if (sniff(in))
		return in;
	return open_failed(in, error);
}

/* A file in a compression we do not read: says so and how to decompress it. */
static input *refuse_compression(input *in, char **error)
{
	const char *tool = in->compression;
	if (strcmp(in->name, "-") == 0)
		set_error(in, xasprintf("standard input is %s-compressed: decompress it first (e.g. "
		                        "... | %s -dc | auditsim replay POLICY -)", tool, tool));
	else
		set_error(in, xasprintf("%s is %s-compressed: decompress it first (e.g. %s -dc %s | "
		                        "auditsim replay POLICY -)", in->name, tool, tool, in->name));
	return open_failed(in, error);
}

input *input_open(const char *path, char **error)
{
	input *in = input_new(path);
	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			set_error(in, xasprintf("%s: %s", path, strerror(errno)));
			return open_failed(in, error);
		}
		in->close_fd = true;
		struct stat st;
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			set_error(in, xasprintf("%s: is a directory", path));
			return open_failed(in, error);
		}
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	if (!input_start(in, error))
		return NULL;
	if (in->compression && !in->is_gzip)
		return refuse_compression(in, error);
	return in;
}

input *input_open_memory(const char *name, const void *data, size_t len)
{
	input *in = input_new(name);
	in->mem = data;
	in->mem_len = len;
	return input_start(in, NULL);
}

/* Copies out of the slot the consumer owns; waits for the producer when it has none. */
static ssize_t gzip_read(input *in, unsigned char *buf, size_t cap)
{
	gzip_pipe *gz = in->gz;
	for (;;) {
		int slot = gz->read_slot;
		pthread_mutex_lock(&gz->lock);
		while (!gz->slot_full[slot])
			pthread_cond_wait(&gz->changed, &gz->lock);
		bool last = gz->done && gz->final_slot == slot;
		pthread_mutex_unlock(&gz->lock);
		size_t avail = gz->slot_len[slot] - gz->read_pos;
		if (avail > 0) {
			size_t n = avail < cap ? avail : cap;
			memcpy(buf, gz->slot_data[slot] + gz->read_pos, n);
			gz->read_pos += n;
			return (ssize_t)n;
		}
		if (last) {
			if (!gz->error)
				return 0;
			set_error(in, xstrdup(gz->error));
			return -1;
		}
		pthread_mutex_lock(&gz->lock);
		gz->slot_full[slot] = false;
		pthread_cond_broadcast(&gz->changed);
		pthread_mutex_unlock(&gz->lock);
		gz->read_slot = slot ^ 1;
		gz->read_pos = 0;
	}
}

ssize_t input_read(input *in, void *buf, size_t cap)
{
	if (cap == 0)
		return 0;
	in->reading = true;
	if (in->is_gzip && !in->gz && !start_gzip(in))
		return -1;
	if (in->gz)
		return gzip_read(in, buf, cap);
	ssize_t n = raw_read(in, buf, cap);
	if (n < 0)
		set_error(in, xasprintf("%s: %s", in->name, strerror(errno)));
	return n;
}

const char *input_error(const input *in) { return in->error ? in->error : "no error"; }

bool input_is_gzip(const input *in) { return in->is_gzip; }

static void stop_gzip(gzip_pipe *gz)
{
	pthread_mutex_lock(&gz->lock);
	gz->cancel = true;
	pthread_cond_broadcast(&gz->changed);
	pthread_mutex_unlock(&gz->lock);
	pthread_join(gz->thread, NULL);
	pthread_mutex_destroy(&gz->lock);
	pthread_cond_destroy(&gz->changed);
	free(gz->slot_data[0]);
	free(gz->slot_data[1]);
	free(gz->error);
	free(gz);
}

void input_close(input *in)
{
	if (!in)
		return;
	if (in->gz)
		stop_gzip(in->gz);
	if (in->close_fd)
		close(in->fd);
	free(in->sniffed);
	free(in->error);
	free(in->name);
	free(in);
}
