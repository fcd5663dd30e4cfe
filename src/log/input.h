/* input: a byte stream from a file, standard input ("-") or memory, gzip-decompressed when
 * its first bytes are the gzip magic (whatever the name). Decompression runs in its own
 * thread, one bounded buffer ahead of the reader, so inflating overlaps parsing; memory use
 * is fixed (two 2 MiB buffers plus zlib's state). Concatenated gzip members are read as one
 * stream, as gzip -d does.
 *
 * Every source is opened and read once, so a FIFO, a pipe or `<(cmd)` loses nothing: what
 * is read to look at the first bytes (the magic, input_peek) is kept and read again by
 * input_read. */
#ifndef AUDITSIM_INPUT_H
#define AUDITSIM_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct input input;

/* Opens `path`, or standard input for "-", and reads its first bytes. Returns NULL on
 * failure with *error set to a message such as "log.jsonl: No such file or directory"
 * (the caller frees it). A zstd, bzip2 or xz file is refused with a message that says so
 * and how to decompress it. */
input *input_open(const char *path, char **error);

/* Reads from len bytes at data, which must outlive the input; `name` is used in messages. */
input *input_open_memory(const char *name, const void *data, size_t len);

/* The first bytes of the input as stored (compressed, for gzip), without consuming them:
 * reads until `want` bytes are held or the input ends, and sets *len to the number held
 * (more than want when a read brought more; fewer only at the end of input). input_read
 * then returns these bytes again. Only before the first input_read. Returns NULL with
 * input_error() set when reading fails. The bytes are valid until the next call or
 * input_read; the buffer grows to the largest `want`. */
const unsigned char *input_peek(input *in, size_t want, size_t *len);

/* Reads up to cap bytes into buf. Returns the number read (short reads happen), 0 at the
 * end of input, or -1 on a read or decompression error (see input_error()). Bytes before
 * a gzip error are all delivered before the -1. */
ssize_t input_read(input *in, void *buf, size_t cap);

/* The last error, "name: what went wrong"; valid until input_close(). */
const char *input_error(const input *in);

bool input_is_gzip(const input *in);

/* Stops the decompression thread and frees everything. Accepts NULL. */
void input_close(input *in);

#endif
