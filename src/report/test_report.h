/* test_report: the results of `auditsim test` as text, TAP or JUnit XML.
 *  - text: one line per failed test, "FILE:LINE:COL: NAME: expected E, got A (DECIDED_BY)",
 *    then "tests: N passed, N failed";
 *  - tap: TAP version 13, the plan, "ok N - FILE:LINE:COL NAME" per test, and for a
 *    failure a YAML block (message, at, expected, got, decided_by);
 *  - junit: <testsuites> with one <testsuite> per test file and one <testcase> per test,
 *    a failed one holding <failure message="..."> with the text line; every value
 *    XML-escaped. */
#ifndef AUDITSIM_TEST_REPORT_H
#define AUDITSIM_TEST_REPORT_H

#include <stdio.h>

#include "expectation.h"

void test_report_text(FILE *out, const expectation_results *r);
void test_report_tap(FILE *out, const expectation_results *r);
void test_report_junit(FILE *out, const expectation_results *r);

#endif
