/* json_scan: a validating JSON scanner over byte spans, without a DOM and without allocation.
 *
 * The scanner walks bytes in [p, s->end). It never reads past `end`, never allocates and
 * never recurses: nesting is tracked in a caller-owned bit stack, so the depth limit is the
 * only bound. When the bytes run out inside a value it says JSON_INCOMPLETE (more input may
 * complete it) rather than failing, so a streaming caller can refill and scan again.
 *
 * Spans: a "value" span is the raw JSON text of a value, exactly as in the input (a string
 * value includes its quotes). A "body" span is the text between a string's quotes, still
 * escaped; json_string_decode() unescapes it. */
#ifndef AUDITSIM_JSON_SCAN_H
#define AUDITSIM_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"
#include "strbuf.h"

typedef enum {
	JSON_OK,
	JSON_END,        /* the object or array has no more members; iterator is past its end */
	JSON_INCOMPLETE, /* the bytes ran out inside the value; error_pos == end */
	JSON_INVALID,    /* syntax error at error_pos, described by error */
	JSON_TOO_DEEP,   /* nesting deeper than max_depth, at error_pos */
} json_status;

typedef enum {
	JSON_TYPE_INVALID,
	JSON_TYPE_OBJECT,
	JSON_TYPE_ARRAY,
	JSON_TYPE_STRING,
	JSON_TYPE_NUMBER,
	JSON_TYPE_BOOL,
	JSON_TYPE_NULL,
} json_type;

typedef struct {
	const char *end;      /* one past the last byte that may be read */
	bool final;           /* no byte will ever follow `end` (ends a number at `end`) */
	size_t max_depth;     /* containers may nest this deep, counting the outermost as 1 */
	unsigned char *stack; /* JSON_STACK_BYTES(max_depth) bytes owned by the caller */
	const char *error_pos; /* set when a call fails */
	const char *error;     /* static text such as "expected ',' or '}'" */
	/* About the last string scanned (e.g. the value json_iter_value just returned): */
	bool escape_seen;  /* it has a backslash escape */
	bool string_plain; /* it has no escapes and only ASCII (false may be a false alarm) */
	/* A '\n' was skipped as whitespace since init. Strings cannot hold one, so without it
	 * the bytes scanned are all on one line and need no counting. */
	bool newline_seen;
} json_scanner;

/* Bytes of bit stack a scanner with this depth limit needs. */
#define JSON_STACK_BYTES(max_depth) ((size_t)(max_depth) / 8 + 1)

void json_scanner_init(json_scanner *s, const char *end, bool final, size_t max_depth,
                       unsigned char *stack);

/* Returns the first byte at or after p that is not JSON whitespace, or end. */
const char *json_skip_ws(const char *p, const char *end);

/* Validates the value starting at p (after optional whitespace), which sits inside `depth`
 * containers; on JSON_OK *value_end is one past its last byte. Cost: one pass over the
 * value, string bodies 16 bytes at a time. */
json_status json_skip_value(json_scanner *s, const char *p, size_t depth, const char **value_end);

/* Iteration over an object's members or an array's elements. `pos` is the next byte to
 * read; `depth` the nesting level of the container being iterated. */
typedef struct {
	const char *pos;
	size_t depth;
	bool first;
	bool key_escaped; /* the last key read has escapes: decode it before comparing */
} json_iter;

/* Starts iterating the container at p (after optional whitespace), which sits inside
 * `depth` containers. Fails with JSON_INVALID if it is not an object (an array). */
json_status json_object_begin(json_scanner *s, const char *p, size_t depth, json_iter *it);
json_status json_array_begin(json_scanner *s, const char *p, size_t depth, json_iter *it);

/* Reads the next member's key (its body) and the ':'; leaves it->pos at the first byte of the
 * value, which the caller must consume with json_iter_value() or by scanning it and setting
 * it->pos past it. JSON_END after the closing '}'. */
json_status json_object_next_key(json_scanner *s, json_iter *it, span *key);
/* A key the caller expects, quoted and with its colon: "\"kind\":". The name must be
 * plain ASCII without '"', '\\' or control bytes. */
typedef struct {
	const char *text;
	size_t len;
} json_key_guess;
#define JSON_KEY_GUESS(name) { "\"" name "\":", sizeof(name) + 2 }

/* As json_object_next_key, but when the key and its ':' are exactly one of
 * guesses[*next_guess..count) it is taken without scanning, and *next_guess moves past that
 * guess. Callers list keys in the order writers put them (kube-apiserver's field order),
 * so a run of members costs a memcmp each. Other keys are read as json_object_next_key
 * reads them, with the same results and errors. */
json_status json_object_next_key_guess(json_scanner *s, json_iter *it,
                                       const json_key_guess *guesses, size_t count,
                                       size_t *next_guess, span *key);

/* Reads the next element's separator; leaves it->pos at the element's first byte, to be
 * consumed like a member value. JSON_END after the closing ']'. */
json_status json_array_next_start(json_scanner *s, json_iter *it);
/* Skips the value at it->pos, returning its raw text. */
json_status json_iter_value(json_scanner *s, json_iter *it, span *value);

/* Convenience: next_key (or next_start) followed by json_iter_value. */
json_status json_object_next(json_scanner *s, json_iter *it, span *key, span *value);
json_status json_array_next(json_scanner *s, json_iter *it, span *value);

/* Type of a value from its first byte; the value must already be validated. */
json_type json_value_type(span value);
const char *json_type_name(json_type type); /* "a string", "an object", … for messages */

/* The body of a validated string value (without the quotes). */
span json_string_body(span value);

/* True when the body has no escapes and only ASCII bytes, so it decodes to itself. */
bool json_string_is_plain(span body);

/* Worst-case decoded size of a body of `len` bytes (each byte may become U+FFFD). */
#define JSON_DECODED_MAX(len) ((len) * 3)

/* Unescapes a string body into out, which has room for cap bytes. Invalid UTF-8 and lone
 * surrogates become U+FFFD, as Go's encoding/json decodes them; malformed escapes (in a
 * body that was not validated) are copied as they are. Never reads past the body.
 * Returns the decoded length, or (size_t)-1 when cap is too small. */
size_t json_string_decode(span body, char *out, size_t cap);

/* Reads an integer literal (no fraction or exponent) that fits in a long long. */
bool json_read_int(span value, long long *out);

/* Appends s (UTF-8 text) as a JSON string escaped as Go's encoding/json escapes it, so as
 * kube-apiserver writes: \" \\ \n \r \t, other control characters and < > & as \u00XX,
 * U+2028 and U+2029 as \u2028 and \u2029; every other byte as it is. */
void json_put_go_string(strbuf *out, span s);

#endif
