/* file_read: whole files, their limit and their errors, one behaviour per test. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "test_util.h"

/* Writes len bytes of 'a' to a temporary file; the caller removes it. */
static void write_temp(char *path, size_t len)
{
	FILE *f = fdopen(mkstemp(path), "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (size_t i = 0; i < len; i++)
		fputc('a', f);
	fclose(f);
}

static void test_reads_every_byte(void)
{
	char path[] = "/tmp/auditsim-file-read-XXXXXX";
	write_temp(path, 200000);
	size_t len = 0;
	char *error = NULL;
	char *data = file_read_all(path, 0, &len, &error);
	CU_ASSERT_PTR_NOT_NULL(data);
	CU_ASSERT_EQUAL(len, 200000);
	CU_ASSERT_EQUAL(data ? data[len] : 1, '\0');
	free(data);
	remove(path);
}

static void test_limit_reads_one_byte_over(void)
{
	char path[] = "/tmp/auditsim-file-read-XXXXXX";
	write_temp(path, 200000);
	size_t len = 0;
	char *error = NULL;
	char *data = file_read_all(path, 70000, &len, &error);
	CU_ASSERT_EQUAL(len, 70001);
	free(data);
	data = file_read_all(path, 300000, &len, &error);
	CU_ASSERT_EQUAL(len, 200000);
	free(data);
	remove(path);
}

static void test_missing_file_names_the_path(void)
{
	size_t len = 0;
	char *error = NULL;
	CU_ASSERT_PTR_NULL(file_read_all("/nonexistent/p.yaml", 0, &len, &error));
	CU_ASSERT_STRING_EQUAL(error, "cannot read /nonexistent/p.yaml: No such file or directory");
	free(error);
}

static void test_directory_is_an_error(void)
{
	size_t len = 0;
	char *error = NULL;
	CU_ASSERT_PTR_NULL(file_read_all("/tmp", 0, &len, &error));
	CU_ASSERT_STRING_EQUAL(error, "cannot read /tmp: it is a directory");
	free(error);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "reads every byte", test_reads_every_byte },
		{ "limit reads one byte over", test_limit_reads_one_byte_over },
		{ "missing file names the path", test_missing_file_names_the_path },
		{ "directory is an error", test_directory_is_an_error },
		{ NULL, NULL },
	};
	add_suite("file_read", tests);
}
