/* gen_out: buffered output and JSON atoms for the audit log generator. */
#include "gen_out.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

const char ALPHABET_HEX[] = "0123456789abcdef";
const char ALPHABET_BASE64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const char ALPHABET_NAME[] = "bcdfghjklmnpqrstvwxz2456789";

bool out_open(gen_out *out, int fd, size_t cap)
{
	*out = (gen_out){ .fd = fd, .cap = cap, .cached_sec = -1 };
	out->data = malloc(cap);
	return out->data != NULL;
}

static void write_all(gen_out *out, const char *bytes, size_t n)
{
	while (n > 0 && !out->failed) {
		ssize_t done = write(out->fd, bytes, n);
		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0) {
			out->failed = true;
			return;
		}
		bytes += done;
		n -= (size_t)done;
	}
}

void out_flush(gen_out *out)
{
	write_all(out, out->data, out->len);
	out->flushed += out->len;
	out->len = 0;
}

bool out_close(gen_out *out)
{
	out_flush(out);
	free(out->data);
	out->data = NULL;
	return !out->failed;
}

void out_mem_slow(gen_out *out, const void *bytes, size_t n)
{
	out_flush(out);
	if (n <= out->cap) {
		memcpy(out->data, bytes, n);
		out->len = n;
		return;
	}
	write_all(out, bytes, n);
	out->flushed += n;
}

void out_u64(gen_out *out, uint64_t v)
{
	char digits[20];
	size_t n = 0;
	do {
		digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	out_mem(out, digits + sizeof digits - n, n);
}

/* The escape Go's encoding/json writes for byte c, or NULL when c is copied as is. */
static const char *escape_for(unsigned char c, char scratch[7])
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default: break;
	}
	if (c < 0x20 || c == '<' || c == '>' || c == '&') {
		scratch[0] = '\\';
		scratch[1] = 'u';
		scratch[2] = '0';
		scratch[3] = '0';
		scratch[4] = ALPHABET_HEX[c >> 4];
		scratch[5] = ALPHABET_HEX[c & 15];
		scratch[6] = '\0';
		return scratch;
	}
	return NULL;
}

size_t json_escape(char *dst, size_t cap, const char *src)
{
	size_t len = 0;
	char scratch[7];
	for (; *src != '\0'; src++) {
		const char *esc = escape_for((unsigned char)*src, scratch);
		size_t n = esc ? strlen(esc) : 1;
		if (len + n + 1 > cap)
			break;
		if (esc)
			memcpy(dst + len, esc, n);
		else
			dst[len] = *src;
		len += n;
	}
	dst[len] = '\0';
	return len;
}

void out_jstr(gen_out *out, const char *s)
{
	char scratch[7];
	out_char(out, '"');
	const char *run = s;
	for (; *s != '\0'; s++) {
		const char *esc = escape_for((unsigned char)*s, scratch);
		if (!esc)
			continue;
		out_mem(out, run, (size_t)(s - run));
		out_str(out, esc);
		run = s + 1;
	}
	out_mem(out, run, (size_t)(s - run));
	out_char(out, '"');
}

void out_kv(gen_out *out, const char *key, const char *value)
{
	out_char(out, '"');
	out_str(out, key);
	out_lit(out, "\":");
	out_jstr(out, value);
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian, era-based arithmetic). */
static void civil_from_days(int64_t days, int *year, unsigned *month, unsigned *day)
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	unsigned day_of_era = (unsigned)(days - era * 146097);
	unsigned year_of_era =
		(day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	unsigned shifted_month = (5 * day_of_year + 2) / 153;
	*day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
	*month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
	*year = (int)(year_of_era + era * 400 + (*month <= 2));
}

static void put_digits(char *dst, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		dst[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Fills out->cached_prefix with "YYYY-MM-DDTHH:MM:SS" for unix second sec. */
static void cache_prefix(gen_out *out, int64_t sec)
{
	int year;
	unsigned month, day;
	unsigned secs_of_day = (unsigned)(sec % 86400);
	civil_from_days(sec / 86400, &year, &month, &day);
	char *p = out->cached_prefix;
	put_digits(p, (unsigned)year, 4);
	p[4] = '-';
	put_digits(p + 5, month, 2);
	p[7] = '-';
	put_digits(p + 8, day, 2);
	p[10] = 'T';
	put_digits(p + 11, secs_of_day / 3600, 2);
	p[13] = ':';
	put_digits(p + 14, secs_of_day / 60 % 60, 2);
	p[16] = ':';
	put_digits(p + 17, secs_of_day % 60, 2);
	out->cached_sec = sec;
}

/* Writes the timestamp's text, unquoted, into text; returns its length. */
static size_t format_time(gen_out *out, char *text, uint64_t unix_us, bool micro)
{
	int64_t sec = (int64_t)(unix_us / 1000000);
	if (sec != out->cached_sec)
		cache_prefix(out, sec);
	memcpy(text, out->cached_prefix, 19);
	size_t n = 19;
	if (micro) {
		text[n++] = '.';
		put_digits(text + n, (unsigned)(unix_us % 1000000), 6);
		n += 6;
	}
	text[n++] = 'Z';
	return n;
}

void out_time(gen_out *out, uint64_t unix_us, bool micro)
{
	char text[32];
	text[0] = '"';
	size_t n = 1 + format_time(out, text + 1, unix_us, micro);
	text[n++] = '"';
	out_mem(out, text, n);
}

void out_time_unquoted(gen_out *out, uint64_t unix_us, bool micro)
{
	char text[32];
	size_t n = format_time(out, text, unix_us, micro);
	out_mem(out, text, n);
}

void chars_random(char *dst, gen_rng *rng, const char *alphabet, size_t n)
{
	uint32_t size = (uint32_t)strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		dst[i] = alphabet[rng_below(rng, size)];
	dst[n] = '\0';
}

void out_random_chars(gen_out *out, gen_rng *rng, const char *alphabet, size_t n)
{
	char chunk[256];
	uint32_t size = (uint32_t)strlen(alphabet);
	while (n > 0) {
		size_t take = n < sizeof chunk ? n : sizeof chunk;
		for (size_t i = 0; i < take; i++)
			chunk[i] = alphabet[rng_below(rng, size)];
		out_mem(out, chunk, take);
		n -= take;
	}
}

void uuid_random(char dst[37], gen_rng *rng)
{
	uint64_t hi = rng_next(rng), lo = rng_next(rng);
	hi = (hi & ~0xf000ull) | 0x4000ull;                   /* version 4 */
	lo = (lo & 0x3fffffffffffffffull) | 0x8000000000000000ull; /* RFC 4122 variant */
	int pos = 0;
	for (int i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			dst[pos++] = '-';
		uint64_t word = i < 16 ? hi : lo;
		dst[pos++] = ALPHABET_HEX[(word >> (60 - 4 * (i % 16))) & 15];
	}
	dst[pos] = '\0';
}

void uuid_for_key(char dst[37], const char *key)
{
	uint64_t hash = 0xcbf29ce484222325u; /* FNV-1a */
	for (; *key != '\0'; key++)
		hash = (hash ^ (unsigned char)*key) * 0x100000001b3u;
	gen_rng rng;
	rng_seed(&rng, hash);
	uuid_random(dst, &rng);
}
