/* hash_table: byte-string keys to values, one behaviour per test. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "hash_table.h"
#include "test_util.h"

static void test_empty_table_finds_nothing(void)
{
	hash_table *t = hash_table_new();
	size_t value = 7;
	CU_ASSERT_FALSE(hash_table_find(t, "a", 1, &value));
	CU_ASSERT_EQUAL(value, 7);
	CU_ASSERT_EQUAL(hash_table_count(t), 0);
	hash_table_free(t);
}

static void test_put_adds_then_replaces(void)
{
	hash_table *t = hash_table_new();
	size_t value;
	CU_ASSERT_TRUE(hash_table_put(t, "key", 3, 1));
	CU_ASSERT_FALSE(hash_table_put(t, "key", 3, 2));
	CU_ASSERT_TRUE(hash_table_find(t, "key", 3, &value));
	CU_ASSERT_EQUAL(value, 2);
	CU_ASSERT_EQUAL(hash_table_count(t), 1);
	hash_table_free(t);
}

static void test_get_or_add_keeps_the_first_value(void)
{
	hash_table *t = hash_table_new();
	CU_ASSERT_EQUAL(hash_table_get_or_add(t, "x", 1, 10), 10);
	CU_ASSERT_EQUAL(hash_table_get_or_add(t, "x", 1, 11), 10);
	CU_ASSERT_EQUAL(hash_table_count(t), 1);
	hash_table_free(t);
}

static void test_keys_are_bytes_not_strings(void)
{
	hash_table *t = hash_table_new();
	size_t value;
	hash_table_put(t, "a\0b", 3, 1);
	hash_table_put(t, "a", 1, 2);
	hash_table_put(t, "", 0, 3);
	CU_ASSERT_TRUE(hash_table_find(t, "a\0b", 3, &value) && value == 1);
	CU_ASSERT_TRUE(hash_table_find(t, "a", 1, &value) && value == 2);
	CU_ASSERT_TRUE(hash_table_find(t, "", 0, &value) && value == 3);
	CU_ASSERT_FALSE(hash_table_find(t, "a\0c", 3, &value));
	hash_table_free(t);
}

static void test_keys_are_copied(void)
{
	hash_table *t = hash_table_new();
	char key[] = "name";
	size_t value;
	hash_table_put(t, key, 4, 5);
	key[0] = 'N';
	CU_ASSERT_TRUE(hash_table_find(t, "name", 4, &value) && value == 5);
	CU_ASSERT_FALSE(hash_table_find(t, key, 4, &value));
	hash_table_free(t);
}

static void test_many_keys_survive_growth(void)
{
	hash_table *t = hash_table_new();
	char key[32];
	for (size_t i = 0; i < 100000; i++) {
		int len = snprintf(key, sizeof key, "k%zu", i);
		CU_ASSERT_TRUE_FATAL(hash_table_put(t, key, (size_t)len, i));
	}
	CU_ASSERT_EQUAL(hash_table_count(t), 100000);
	size_t found = 0, value;
	for (size_t i = 0; i < 100000; i++) {
		int len = snprintf(key, sizeof key, "k%zu", i);
		found += hash_table_find(t, key, (size_t)len, &value) && value == i;
	}
	CU_ASSERT_EQUAL(found, 100000);
	hash_table_free(t);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "empty table finds nothing", test_empty_table_finds_nothing },
		{ "put adds, then replaces", test_put_adds_then_replaces },
		{ "get_or_add keeps the first value", test_get_or_add_keeps_the_first_value },
		{ "keys are bytes, not strings", test_keys_are_bytes_not_strings },
		{ "keys are copied", test_keys_are_copied },
		{ "100,000 keys survive growth", test_many_keys_survive_growth },
		{ NULL, NULL },
	};
	add_suite("hash table", tests);
}
