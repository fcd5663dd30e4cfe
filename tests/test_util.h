/* Helpers shared by the CUnit test files. */
#ifndef AUDITSIM_TEST_UTIL_H
#define AUDITSIM_TEST_UTIL_H

#include <CUnit/CUnit.h>

/* Defined by each test file: adds its suites and tests to the CUnit registry. */
void register_tests(void);

/* Adds a suite named `name` with the tests up to the one whose name is NULL. A registry
 * error (out of memory, a duplicate suite or test name) ends the binary with exit 2 and a
 * message naming the suite and test. */
typedef struct {
	const char *name;
	CU_TestFunc fn;
} test_case;
void add_suite(const char *name, const test_case *tests);

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

#endif
