/* Shared main for every CUnit test binary. Each test file defines register_tests(),
 * which adds its suites to the registry; this file runs them and reports.
 * The last line, "unit: N passed, N failed", is what tests/run.sh adds up. */
#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>

#include "test_util.h"

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	register_tests();
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned run = CU_get_number_of_tests_run();
	unsigned failed = CU_get_number_of_tests_failed();
	unsigned asserts_failed = CU_get_number_of_failures();
	printf("\nunit: %u passed, %u failed\n", run - failed, failed);
	CU_cleanup_registry();
	return (failed || asserts_failed) ? 1 : 0;
}

void add_suite(const char *name, const test_case *tests)
{
	CU_pSuite suite = CU_add_suite(name, NULL, NULL);
	if (!suite) {
		fprintf(stderr, "cannot add suite %s\n", name);
		return;
	}
	for (const test_case *t = tests; t->name; t++)
		CU_add_test(suite, t->name, t->fn);
}
