/* Tests for json_scan: validation, iteration, decoding, integers. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"
#include "simd_scan.h"
#include "test_util.h"

enum { DEPTH = 64 };

typedef struct {
	json_scanner s;
	unsigned char stack[JSON_STACK_BYTES(DEPTH)];
} scan_ctx;

/* A scanner over the NUL-terminated text (final: nothing follows it). */
static json_scanner *scanner_over(scan_ctx *ctx, const char *text, bool final, size_t depth)
{
	json_scanner_init(&ctx->s, text + strlen(text), final, depth, ctx->stack);
	return &ctx->s;
}

/* Skips the whole text as one value; returns the status and checks it ends the text. */
static json_status skip_all(const char *text)
{
	scan_ctx ctx;
	json_scanner *s = scanner_over(&ctx, text, true, DEPTH);
	const char *end;
	json_status st = json_skip_value(s, text, 0, &end);
	if (st == JSON_OK && json_skip_ws(end, text + strlen(text)) != text + strlen(text))
		return JSON_INVALID;
	return st;
}

static void test_skip_valid_values(void)
{
	const char *valid[] = {
		"{}", "[]", "0", "-0", "12.5e-3", "1E+9", "-7", "true", "false", "null", "\"\"",
		" { \"a\" : [ 1 , 2 , { } ] , \"b\" : \"x\\ny\" } ",
		"\"\\u00e9\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"",
		"[[[[[]]]]]", "{\"a\":{\"b\":{\"c\":null}}}", "\"caf\xc3\xa9\"",
		"\"a string that is longer than sixteen bytes, to go through the wide loop\"",
		"\r\n\t[1]\r\n",
	};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		json_status st = skip_all(valid[i]);
		if (st != JSON_OK)
			fprintf(stderr, "\nrejected: %s\n", valid[i]);
		CU_ASSERT_EQUAL(st, JSON_OK);
	}
}

static void test_skip_invalid_values(void)
{
	const char *invalid[] = {
		"{,}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", "1.e5", "-",
		"+1", ".5", "tru", "nul", "True", "'x'", "\"\\x\"", "\"\\u12G4\"", "\"a\tb\"",
		"\"a\nb\"", "{\"a\":1]", "[1}", "}", "\"\x01\"", "{\"a\":}", "1e",
	};
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		json_status st = skip_all(invalid[i]);
		if (st == JSON_OK)
			fprintf(stderr, "\naccepted: %s\n", invalid[i]);
		CU_ASSERT_NOT_EQUAL(st, JSON_OK);
	}
}

/* A NUL byte is not JSON, wherever it is: the scanner must say JSON_INVALID at that byte,
 * not stop there as a C string would. The lengths are explicit so the NUL is scanned. */
static void test_skip_rejects_nul(void)
{
	static const struct {
		const char *text;
		size_t len;
		size_t nul_at;
	} cases[] = {
		{ "[\0]", 3, 1 },
		{ "\0", 1, 0 },
		{ "{\"a\":\0}", 6, 5 },
		{ "[1,\0]", 5, 3 },
		{ "\"a\0b\"", 5, 2 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		scan_ctx ctx;
		const char *text = cases[i].text;
		json_scanner_init(&ctx.s, text + cases[i].len, true, DEPTH, ctx.stack);
		const char *end;
		json_status st = json_skip_value(&ctx.s, text, 0, &end);
		if (st != JSON_INVALID || ctx.s.error_pos != text + cases[i].nul_at)
			fprintf(stderr, "\ncase %zu: status %d at %td\n", i, st,
			        st == JSON_INVALID ? ctx.s.error_pos - text : -1);
		CU_ASSERT_EQUAL(st, JSON_INVALID);
		if (st == JSON_INVALID)
			CU_ASSERT_EQUAL(ctx.s.error_pos - text, (ptrdiff_t)cases[i].nul_at);
	}
}

static void test_skip_reports_position(void)
{
	const char *text = "{\"a\":1 \"b\":2}";
	scan_ctx ctx;
	json_scanner *s = scanner_over(&ctx, text, true, DEPTH);
	const char *end;
	CU_ASSERT_EQUAL(json_skip_value(s, text, 0, &end), JSON_INVALID);
	CU_ASSERT_EQUAL(s->error_pos - text, 7);
	CU_ASSERT_STRING_EQUAL(s->error, "expected ',' or '}'");
}

/* Every proper prefix of a valid value is incomplete, never invalid or out of bounds. */
static void test_prefixes_are_incomplete(void)
{
	const char *text = "{\"k\":[1,-2.5e3,true,null,\"s\\u00e9\\\"\"],\"o\":{\"x\":{}}}";
	size_t len = strlen(text);
	for (size_t n = 0; n < len; n++) {
		char *copy = malloc(n ? n : 1); /* exact size, so ASan sees any over-read */
		memcpy(copy, text, n);
		scan_ctx ctx;
		json_scanner_init(&ctx.s, copy + n, false, DEPTH, ctx.stack);
		const char *end;
		json_status st = json_skip_value(&ctx.s, copy, 0, &end);
		if (st != JSON_INCOMPLETE)
			fprintf(stderr, "\nprefix %zu: status %d\n", n, st);
		CU_ASSERT_EQUAL(st, JSON_INCOMPLETE);
		free(copy);
	}
}

static void test_number_at_end_depends_on_final(void)
{
	const char *text = "123";
	scan_ctx ctx;
	const char *end;
	CU_ASSERT_EQUAL(json_skip_value(scanner_over(&ctx, text, false, DEPTH), text, 0, &end),
	                JSON_INCOMPLETE);
	CU_ASSERT_EQUAL(json_skip_value(scanner_over(&ctx, text, true, DEPTH), text, 0, &end),
	                JSON_OK);
	CU_ASSERT_PTR_EQUAL(end, text + 3);
}

static void test_depth_limit(void)
{
	char text[201];
	memset(text, '[', 100);
	memset(text + 100, ']', 100);
	text[200] = '\0';
	scan_ctx ctx;
	const char *end;
	json_scanner *s = scanner_over(&ctx, text, true, DEPTH);
	CU_ASSERT_EQUAL(json_skip_value(s, text, 0, &end), JSON_TOO_DEEP);
	CU_ASSERT_EQUAL(s->error_pos - text, DEPTH);
	s = scanner_over(&ctx, "[[[]]]", true, 3);
	CU_ASSERT_EQUAL(json_skip_value(s, "[[[]]]", 0, &end), JSON_OK);
	s = scanner_over(&ctx, "[[[]]]", true, 2);
	CU_ASSERT_EQUAL(json_skip_value(s, "[[[]]]", 0, &end), JSON_TOO_DEEP);
	/* the depth of the surrounding containers counts */
	s = scanner_over(&ctx, "[[]]", true, 3);
	CU_ASSERT_EQUAL(json_skip_value(s, "[[]]", 1, &end), JSON_OK);
	CU_ASSERT_EQUAL(json_skip_value(s, "[[]]", 2, &end), JSON_TOO_DEEP);
}

static void test_object_iteration(void)
{
	const char *text = "{ \"a\" : 1 , \"b\\u0063\" : {\"x\":[1]} , \"a\" : \"two\" }";
	scan_ctx ctx;
	json_scanner *s = scanner_over(&ctx, text, true, DEPTH);
	json_iter it;
	span key, value;
	CU_ASSERT_EQUAL(json_object_begin(s, text, 0, &it), JSON_OK);
	CU_ASSERT_EQUAL(json_object_next(s, &it, &key, &value), JSON_OK);
	CU_ASSERT(span_eq(key, "a") && span_eq(value, "1"));
	CU_ASSERT_FALSE(it.key_escaped);
	CU_ASSERT_EQUAL(json_object_next(s, &it, &key, &value), JSON_OK);
	CU_ASSERT(span_eq(key, "b\\u0063") && span_eq(value, "{\"x\":[1]}"));
	CU_ASSERT_TRUE(it.key_escaped);
	CU_ASSERT_EQUAL(json_object_next(s, &it, &key, &value), JSON_OK);
	CU_ASSERT(span_eq(key, "a") && span_eq(value, "\"two\""));
	CU_ASSERT_EQUAL(json_object_next(s, &it, &key, &value), JSON_END);
	CU_ASSERT_PTR_EQUAL(it.pos, text + strlen(text));

	s = scanner_over(&ctx, "[]", true, DEPTH);
	CU_ASSERT_EQUAL(json_object_begin(s, "[]", 0, &it), JSON_INVALID);
	s = scanner_over(&ctx, "{}", true, DEPTH);
	CU_ASSERT_EQUAL(json_object_begin(s, "{}", 0, &it), JSON_OK);
	CU_ASSERT_EQUAL(json_object_next(s, &it, &key, &value), JSON_END);
}

static void test_array_iteration(void)
{
	const char *text = "[ \"x\" , [ ] , 3 ]";
	scan_ctx ctx;
	json_scanner *s = scanner_over(&ctx, text, true, DEPTH);
	json_iter it;
	span value;
	CU_ASSERT_EQUAL(json_array_begin(s, text, 0, &it), JSON_OK);
	CU_ASSERT_EQUAL(json_array_next(s, &it, &value), JSON_OK);
	CU_ASSERT(span_eq(value, "\"x\""));
	CU_ASSERT_EQUAL(json_array_next(s, &it, &value), JSON_OK);
	CU_ASSERT(span_eq(value, "[ ]"));
	CU_ASSERT_EQUAL(json_array_next_start(s, &it), JSON_OK);
	CU_ASSERT_EQUAL(*it.pos, '3');
	CU_ASSERT_EQUAL(json_iter_value(s, &it, &value), JSON_OK);
	CU_ASSERT_EQUAL(json_array_next(s, &it, &value), JSON_END);

	s = scanner_over(&ctx, "[1,]", true, DEPTH);
	json_array_begin(s, "[1,]", 0, &it);
	CU_ASSERT_EQUAL(json_array_next(s, &it, &value), JSON_OK);
	CU_ASSERT_EQUAL(json_array_next(s, &it, &value), JSON_INVALID);
}

static void test_value_types(void)
{
	CU_ASSERT_EQUAL(json_value_type(span_of("{}")), JSON_TYPE_OBJECT);
	CU_ASSERT_EQUAL(json_value_type(span_of("[1]")), JSON_TYPE_ARRAY);
	CU_ASSERT_EQUAL(json_value_type(span_of("\"s\"")), JSON_TYPE_STRING);
	CU_ASSERT_EQUAL(json_value_type(span_of("-1")), JSON_TYPE_NUMBER);
	CU_ASSERT_EQUAL(json_value_type(span_of("false")), JSON_TYPE_BOOL);
	CU_ASSERT_EQUAL(json_value_type(span_of("null")), JSON_TYPE_NULL);
	CU_ASSERT_EQUAL(json_value_type((span){ NULL, 0 }), JSON_TYPE_INVALID);
	CU_ASSERT_STRING_EQUAL(json_type_name(JSON_TYPE_NUMBER), "a number");
	CU_ASSERT(span_eq(json_string_body(span_of("\"abc\"")), "abc"));
}

/* Decodes a body given as a C string; returns a static buffer. */
static const char *decoded(const char *body, size_t *len)
{
	static char out[256];
	*len = json_string_decode(span_of(body), out, sizeof out);
	CU_ASSERT_NOT_EQUAL(*len, (size_t)-1);
	return out;
}

static void assert_decodes(const char *body, const char *expected, size_t expected_len)
{
	size_t len;
	const char *out = decoded(body, &len);
	CU_ASSERT_EQUAL(len, expected_len);
	CU_ASSERT(len == expected_len && memcmp(out, expected, len) == 0);
}

static void test_decode_escapes(void)
{
	assert_decodes("plain", "plain", 5);
	assert_decodes("a\\\"b\\\\c\\/d", "a\"b\\c/d", 7);
	assert_decodes("\\b\\f\\n\\r\\t", "\b\f\n\r\t", 5);
	assert_decodes("\\u0041\\u00e9\\u20ac", "A\xc3\xa9\xe2\x82\xac", 6);
	assert_decodes("\\u003c\\u003e\\u0026", "<>&", 3);
	assert_decodes("\\u0000", "\0", 1);
	/* surrogate pair: U+1F600 */
	assert_decodes("\\ud83d\\ude00", "\xf0\x9f\x98\x80", 4);
	assert_decodes("\\uD83D\\uDE00", "\xf0\x9f\x98\x80", 4);
}

static void test_decode_replaces_bad_input(void)
{
	/* lone surrogates become U+FFFD, as in Go */
	assert_decodes("\\ud83dx", "\xef\xbf\xbdx", 4);
	assert_decodes("\\ude00", "\xef\xbf\xbd", 3);
	assert_decodes("\\ud83d\\u0041", "\xef\xbf\xbd" "A", 4);
	/* invalid UTF-8: each bad byte becomes U+FFFD; valid sequences stay */
	assert_decodes("a\xff" "b", "a\xef\xbf\xbd" "b", 5);
	assert_decodes("\xc3", "\xef\xbf\xbd", 3);
	assert_decodes("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", 6);     /* overlong */
	assert_decodes("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9); /* surrogate */
	assert_decodes("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12);
	assert_decodes("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", 4);
	/* malformed escapes in an unvalidated body are kept, never read past the end */
	assert_decodes("x\\", "x\\", 2);
	assert_decodes("\\u12", "\\u12", 4);
	assert_decodes("\\q", "\\q", 2);
}

static void test_decode_capacity(void)
{
	char out[4];
	CU_ASSERT_EQUAL(json_string_decode(span_of("abcd"), out, 4), 4);
	CU_ASSERT_EQUAL(json_string_decode(span_of("abcde"), out, 4), (size_t)-1);
	CU_ASSERT_EQUAL(json_string_decode(span_of("\xff\xff"), out, 4), (size_t)-1);
	/* the documented worst case always fits */
	const char *worst = "\xff\xfe\x80";
	char big[JSON_DECODED_MAX(3)];
	CU_ASSERT_EQUAL(json_string_decode(span_of(worst), big, sizeof big), 9);
}

static void test_string_is_plain(void)
{
	CU_ASSERT_TRUE(json_string_is_plain(span_of("")));
	CU_ASSERT_TRUE(json_string_is_plain(span_of("system:serviceaccount:kube-system:x")));
	CU_ASSERT_FALSE(json_string_is_plain(span_of("a\\nb")));
	CU_ASSERT_FALSE(json_string_is_plain(span_of("0123456789abcdef0123\\")));
	CU_ASSERT_FALSE(json_string_is_plain(span_of("caf\xc3\xa9")));
	CU_ASSERT_FALSE(json_string_is_plain(span_of("0123456789abcdef01234567\xc3\xa9")));
}

/* The scanner's flag says whether a scanned string can be used without decoding. */
static void test_scanner_string_flags(void)
{
	const char *texts[] = { "\"plain ascii that is longer than sixteen bytes\"", "\"a\\nb\"",
		                "\"caf\xc3\xa9\"" };
	bool plain[] = { true, false, false };
	for (int i = 0; i < 3; i++) {
		scan_ctx ctx;
		json_scanner *s = scanner_over(&ctx, texts[i], true, DEPTH);
		const char *end;
		CU_ASSERT_EQUAL(json_skip_value(s, texts[i], 0, &end), JSON_OK);
		CU_ASSERT_EQUAL(s->string_plain, plain[i]);
	}
}

static void test_read_int(void)
{
	long long n;
	CU_ASSERT_TRUE(json_read_int(span_of("200"), &n));
	CU_ASSERT_EQUAL(n, 200);
	CU_ASSERT_TRUE(json_read_int(span_of("-1"), &n));
	CU_ASSERT_EQUAL(n, -1);
	CU_ASSERT_TRUE(json_read_int(span_of("0"), &n));
	CU_ASSERT_TRUE(json_read_int(span_of("9223372036854775807"), &n));
	CU_ASSERT_EQUAL(n, 9223372036854775807LL);
	CU_ASSERT_TRUE(json_read_int(span_of("-9223372036854775808"), &n));
	CU_ASSERT_EQUAL(n, -9223372036854775807LL - 1);
	CU_ASSERT_FALSE(json_read_int(span_of("9223372036854775808"), &n));
	CU_ASSERT_FALSE(json_read_int(span_of("200.0"), &n));
	CU_ASSERT_FALSE(json_read_int(span_of("2e2"), &n));
	CU_ASSERT_FALSE(json_read_int(span_of("007"), &n));
	CU_ASSERT_FALSE(json_read_int(span_of("-"), &n));
	CU_ASSERT_FALSE(json_read_int(span_of(""), &n));
	CU_ASSERT_FALSE(json_read_int(span_of("\"200\""), &n));
}

/* What one skip said, to compare between levels. */
typedef struct {
	json_status status;
	ptrdiff_t at; /* the end on JSON_OK, else the error position */
	const char *error;
	bool plain, escaped;
} skip_result;

/* Skips len bytes copied into a buffer of exactly that size (ASan sees any over-read). */
static skip_result skip_copy(const char *text, size_t len, bool final)
{
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	scan_ctx ctx;
	json_scanner_init(&ctx.s, copy + len, final, DEPTH, ctx.stack);
	const char *end = NULL;
	skip_result r = { .status = json_skip_value(&ctx.s, copy, 0, &end) };
	r.at = r.status == JSON_OK ? end - copy : ctx.s.error_pos - copy;
	r.error = r.status == JSON_OK ? NULL : ctx.s.error;
	r.plain = ctx.s.string_plain;
	r.escaped = ctx.s.escape_seen;
	free(copy);
	return r;
}

static const simd_level all_levels[] = { SIMD_PORTABLE, SIMD_SSE2, SIMD_AVX2 };

/* Skips text (and, not final, each of its prefixes) at every level the CPU has; all must
 * say what the portable level says. Returns the portable result for the whole text. */
static skip_result skip_every_level(const char *text, size_t len)
{
	simd_level best = simd_scan_best();
	simd_scan_force(SIMD_PORTABLE);
	skip_result want = skip_copy(text, len, true);
	for (size_t l = 1; l < sizeof all_levels / sizeof all_levels[0]; l++) {
		if (!simd_scan_force(all_levels[l]))
			continue;
		skip_result got = skip_copy(text, len, true);
		bool same = got.status == want.status && got.at == want.at &&
		            got.error == want.error &&
		            (got.status != JSON_OK || (got.plain == want.plain &&
		                                       got.escaped == want.escaped));
		if (!same)
			fprintf(stderr, "\n%s differs on %.*s: status %d at %td, portable %d at %td\n",
			        simd_scan_level_name(all_levels[l]), (int)len, text, got.status, got.at,
			        want.status, want.at);
		CU_ASSERT_TRUE(same);
		for (size_t n = 0; n < len; n += 7) {
			skip_result part = skip_copy(text, n, false);
			CU_ASSERT(part.status == JSON_INCOMPLETE || part.status == want.status);
		}
	}
	simd_scan_force(best);
	return want;
}

/* Strings of 0 to 80 bytes with one special byte at each position, as an array element:
 * the string searches of every level find the same end, the same error at the same byte,
 * and describe the string alike. Positions are checked against hand-counted offsets. */
static void test_every_level_scans_alike(void)
{
	static const struct {
		const char *insert; /* put at position k of the body */
		json_status status;
		int error_offset; /* from the inserted bytes; or, for JSON_OK, -1 */
		bool plain, escaped;
	} cases[] = {
		{ "\\n", JSON_OK, -1, false, true },
		{ "\\u00e9", JSON_OK, -1, false, true },
		{ "\xc3\xa9", JSON_OK, -1, false, false },
		{ "\\\\", JSON_OK, -1, false, true },
		{ "\n", JSON_INVALID, 0, false, false },
		{ "\x01", JSON_INVALID, 0, false, false },
		{ "\\x", JSON_INVALID, 1, false, false },
		{ "\\u12G4", JSON_INVALID, 4, false, false },
	};
	char text[128];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
		for (size_t body = 0; body <= 80; body++)
			for (size_t k = 0; k <= body; k++) {
				int n = snprintf(text, sizeof text, "[\"%.*s%s%.*s\"]", (int)k,
				                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				                 cases[c].insert, (int)(body - k),
				                 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
				skip_result r = skip_every_level(text, (size_t)n);
				CU_ASSERT_EQUAL(r.status, cases[c].status);
				if (cases[c].status == JSON_OK) {
					CU_ASSERT_EQUAL(r.at, n);
				} else {
					CU_ASSERT_EQUAL(r.at, (ptrdiff_t)(2 + k) + cases[c].error_offset);
				}
			}
	/* a plain string of every length, as an object member's value */
	for (size_t body = 0; body <= 80; body++) {
		int n = snprintf(text, sizeof text, "{\"k\":\"%.*s\"}", (int)body,
		                 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc");
		skip_result r = skip_every_level(text, (size_t)n);
		CU_ASSERT_EQUAL(r.status, JSON_OK);
		CU_ASSERT_EQUAL(r.at, n);
	}
}

/* The string flags of one scanned string value, at the given level. */
static void string_flags_at(simd_level level, const char *text, bool *plain, bool *escaped)
{
	simd_level best = simd_scan_best();
	simd_scan_force(level);
	scan_ctx ctx;
	json_scanner *s = scanner_over(&ctx, text, true, DEPTH);
	json_iter it;
	span value;
	CU_ASSERT_EQUAL(json_array_begin(s, text, 0, &it), JSON_OK);
	CU_ASSERT_EQUAL(json_array_next(s, &it, &value), JSON_OK);
	*plain = s->string_plain;
	*escaped = s->escape_seen;
	simd_scan_force(best);
}

/* A string of 40 plain bytes goes through the wide search: it stays plain at every level;
 * with an é or an escape at byte 35 it is not; an é after its closing quote changes
 * nothing. */
static void test_every_level_string_flags(void)
{
	static const struct {
		const char *text;
		bool plain, escaped;
	} cases[] = {
		{ "[\"0123456789012345678901234567890123456789\"]", true, false },
		{ "[\"01234567890123456789012345678901234\xc3\xa9\"]", false, false },
		{ "[\"01234567890123456789012345678901234\\t\"]", false, true },
		/* an é in the next string, within the same 16 or 32 bytes, is not this one's */
		{ "[\"0123456789012345678901234567890123456789\",\"\xc3\xa9\",\"and more bytes\"]",
		  true, false },
	};
	for (size_t l = 0; l < sizeof all_levels / sizeof all_levels[0]; l++) {
		if (all_levels[l] > simd_scan_best())
			continue;
		for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
			bool plain, escaped;
			string_flags_at(all_levels[l], cases[c].text, &plain, &escaped);
			CU_ASSERT_EQUAL(plain, cases[c].plain);
			CU_ASSERT_EQUAL(escaped, cases[c].escaped);
		}
	}
}

void register_tests(void)
{
	static const test_case scan_tests[] = {
		{ "skip accepts valid JSON", test_skip_valid_values },
		{ "skip rejects invalid JSON", test_skip_invalid_values },
		{ "skip rejects a NUL byte", test_skip_rejects_nul },
		{ "skip reports the error position", test_skip_reports_position },
		{ "every prefix is incomplete", test_prefixes_are_incomplete },
		{ "a number at the end needs final", test_number_at_end_depends_on_final },
		{ "depth limit", test_depth_limit },
		{ "object iteration", test_object_iteration },
		{ "array iteration", test_array_iteration },
		{ "value types", test_value_types },
		{ "every SIMD level scans alike", test_every_level_scans_alike },
		{ "every SIMD level flags strings alike", test_every_level_string_flags },
		{ NULL, NULL },
	};
	static const test_case string_tests[] = {
		{ "escapes and surrogate pairs", test_decode_escapes },
		{ "invalid UTF-8 and lone surrogates", test_decode_replaces_bad_input },
		{ "output capacity", test_decode_capacity },
		{ "plain strings", test_string_is_plain },
		{ "scanner string flags", test_scanner_string_flags },
		{ "integers", test_read_int },
		{ NULL, NULL },
	};
	add_suite("json_scan", scan_tests);
	add_suite("json_strings", string_tests);
}
