/* strbuf: the growable string, one behaviour per test. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "test_util.h"

static void test_empty_buffer_reads_as_empty_string(void)
{
	strbuf b = STRBUF_INIT;
	CU_ASSERT_STRING_EQUAL(strbuf_str(&b), "");
	CU_ASSERT_EQUAL(b.len, 0);
	strbuf_free(&b);
}

static void test_appends_stay_nul_terminated(void)
{
	strbuf b = STRBUF_INIT;
	strbuf_puts(&b, "ab");
	strbuf_putc(&b, 'c');
	strbuf_put(&b, "de", 2);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&b), "abcde");
	CU_ASSERT_EQUAL(b.len, 5);
	strbuf_free(&b);
}

static void test_bytes_may_hold_nuls(void)
{
	strbuf b = STRBUF_INIT;
	strbuf_put(&b, "a\0b", 3);
	CU_ASSERT_EQUAL(b.len, 3);
	CU_ASSERT_EQUAL(memcmp(b.data, "a\0b", 4), 0);
	strbuf_free(&b);
}

static void test_truncate_keeps_the_prefix(void)
{
	strbuf b = STRBUF_INIT;
	strbuf_truncate(&b, 0);
	strbuf_puts(&b, "rules[3].level");
	strbuf_truncate(&b, 8);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&b), "rules[3]");
	strbuf_truncate(&b, 20);
	CU_ASSERT_STRING_EQUAL(strbuf_str(&b), "rules[3]");
	strbuf_free(&b);
}

static void test_detach_hands_over_the_text(void)
{
	strbuf b = STRBUF_INIT;
	char *empty = strbuf_detach(&b);
	CU_ASSERT_STRING_EQUAL(empty, "");
	free(empty);
	for (int i = 0; i < 10000; i++)
		strbuf_putc(&b, 'x');
	char *text = strbuf_detach(&b);
	CU_ASSERT_EQUAL(strlen(text), 10000);
	CU_ASSERT_PTR_NULL(b.data);
	CU_ASSERT_EQUAL(b.len, 0);
	free(text);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "empty buffer reads as empty string", test_empty_buffer_reads_as_empty_string },
		{ "appends stay NUL-terminated", test_appends_stay_nul_terminated },
		{ "bytes may hold NULs", test_bytes_may_hold_nuls },
		{ "truncate keeps the prefix", test_truncate_keeps_the_prefix },
		{ "detach hands over the text", test_detach_hands_over_the_text },
		{ NULL, NULL },
	};
	add_suite("strbuf", tests);
}
