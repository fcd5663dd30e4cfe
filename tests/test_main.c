/* Shared main for every CUnit test binary. Each test file defines register_tests(),
 * which adds its suites to the registry; this file runs them and reports.
 * The last line, "unit: N passed, N failed", is what tests/run.sh adds up. */
#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

/* Ends the binary when CUnit refused a suite or a test: a test that was never registered
 * would otherwise be a test that never fails. */
static void fail_registration(const char *what, const char *suite, const char *test)
{
	fprintf(stderr, "unit: cannot register %s \"%s%s%s\": %s\n", what, suite,
	        test ? " / " : "", test ? test : "", CU_get_error_msg());
	CU_cleanup_registry();
	exit(2);
}

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "unit: cannot initialise the CUnit registry: %s\n", CU_get_error_msg());
		return 2;
	}
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
	/* CUnit reports a duplicate name through CU_get_error() and still returns the suite or
	 * test, so the error code is checked, not only the pointer. */
	CU_pSuite suite = CU_add_suite(name, NULL, NULL);
	if (!suite || CU_get_error() != CUE_SUCCESS)
		fail_registration("suite", name, NULL);
	for (const test_case *t = tests; t->name; t++) {
		if (!CU_add_test(suite, t->name, t->fn) || CU_get_error() != CUE_SUCCESS)
			fail_registration("test", name, t->name);
	}
}
