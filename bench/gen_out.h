/* gen_out: the generator's output buffer and the JSON atoms events are built from.
 * Bytes are appended to one large buffer that is written to the file descriptor when full,
 * so an event costs a few memcpy calls and no stdio. */
#ifndef GEN_OUT_H
#define GEN_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gen_rng.h"

typedef struct {
	char *data;
	size_t len;
	size_t cap;
	int fd;
	uint64_t flushed;   /* bytes already written to fd */
	bool failed;        /* a write failed; the caller reports it at close */
	int64_t cached_sec; /* second whose "YYYY-MM-DDTHH:MM:SS" is in cached_prefix */
	char cached_prefix[20];
} gen_out;

/* Sets up a buffer of cap bytes writing to fd. Returns false when out of memory. */
bool out_open(gen_out *out, int fd, size_t cap);
/* Writes what is buffered. */
void out_flush(gen_out *out);
/* Flushes and frees the buffer (the fd stays open). Returns false if any write failed. */
bool out_close(gen_out *out);
/* Slow path of out_mem: flushes, then copies or writes a piece larger than the buffer. */
void out_mem_slow(gen_out *out, const void *bytes, size_t n);

/* Bytes produced so far, flushed or not. */
static inline uint64_t out_position(const gen_out *out)
{
	return out->flushed + out->len;
}

static inline void out_mem(gen_out *out, const void *bytes, size_t n)
{
	if (out->cap - out->len < n) {
		out_mem_slow(out, bytes, n);
		return;
	}
	memcpy(out->data + out->len, bytes, n);
	out->len += n;
}

static inline void out_char(gen_out *out, char c)
{
	if (out->len == out->cap)
		out_flush(out);
	out->data[out->len++] = c;
}

static inline void out_str(gen_out *out, const char *s)
{
	out_mem(out, s, strlen(s));
}

/* Appends a string literal without strlen (only literals compile: "" literal). */
#define out_lit(out, literal) out_mem((out), "" literal, sizeof("" literal) - 1)

/* Appends v in decimal. */
void out_u64(gen_out *out, uint64_t v);
/* Appends s as a quoted JSON string, escaped as Go's encoding/json does (<, >, & as \u00XX). */
void out_jstr(gen_out *out, const char *s);
/* Appends "key": then the quoted, escaped value. key must not need escaping. */
void out_kv(gen_out *out, const char *key, const char *value);
/* Appends a quoted UTC timestamp; micro selects six fractional digits
 * ("2025-06-02T08:00:00.123456Z") over whole seconds ("2025-06-02T08:00:00Z"). */
void out_time(gen_out *out, uint64_t unix_us, bool micro);
/* The same without the quotes, to embed in a longer string. */
void out_time_unquoted(gen_out *out, uint64_t unix_us, bool micro);
/* Appends n random characters from alphabet (no quotes). */
void out_random_chars(gen_out *out, gen_rng *rng, const char *alphabet, size_t n);

extern const char ALPHABET_HEX[];
extern const char ALPHABET_BASE64[];
extern const char ALPHABET_NAME[]; /* what Kubernetes uses for generated name suffixes */

/* Escapes src for use inside a JSON string, into dst (always NUL-terminated, truncated to
 * fit cap). Returns the length written. */
size_t json_escape(char *dst, size_t cap, const char *src);
/* Writes a random UUID (version 4 layout) into dst[37]. */
void uuid_random(char dst[37], gen_rng *rng);
/* Writes the UUID that key always maps to into dst[37]: objects named again and again keep
 * their uid. */
void uuid_for_key(char dst[37], const char *key);
/* Writes n random characters from alphabet and a NUL into dst (n + 1 bytes). */
void chars_random(char *dst, gen_rng *rng, const char *alphabet, size_t n);

#endif
