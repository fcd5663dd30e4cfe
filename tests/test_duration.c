/* duration.h: Go's time.ParseDuration syntax plus days, one case per line, and the text
 * form the projection lines print. */
#include <CUnit/CUnit.h>
#include <string.h>

#include "duration.h"
#include "test_util.h"

static void assert_seconds(const char *text, double want)
{
	double got = -1;
	const char *why = NULL;
	CU_ASSERT_TRUE(duration_parse(text, &got, &why));
	CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-9 * want);
}

static void assert_refused(const char *text, const char *want_why)
{
	double got = 123;
	const char *why = NULL;
	CU_ASSERT_FALSE(duration_parse(text, &got, &why));
	CU_ASSERT_DOUBLE_EQUAL(got, 123, 0); /* untouched */
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_NSTRING_EQUAL(why, want_why, strlen(want_why));
}

static void test_parse(void)
{
	assert_seconds("90s", 90);
	assert_seconds("30m", 1800);
	assert_seconds("1h30m", 5400);
	assert_seconds("24h", 86400);
	assert_seconds("7d", 604800);
	assert_seconds("1d12h", 129600);
	assert_seconds("1.5h", 5400);
	assert_seconds(".5s", 0.5);
	assert_seconds("250ms", 0.25);
	assert_seconds("1500us", 0.0015);
	assert_seconds("2\xc2\xb5s", 2e-6);
	assert_seconds("100ns", 1e-7);
	assert_seconds("+10m", 600);
	assert_seconds("1h1h", 7200); /* Go adds repeated units too */
}

static void test_refused(void)
{
	assert_refused("-5m", "is negative");
	assert_refused("0s", "is zero");
	assert_refused("0h0m", "is zero");
	assert_refused("30", "has no unit");
	assert_refused("", "is empty");
	assert_refused("+", "is empty");
	assert_refused("abc", "is not a duration");
	assert_refused("5x", "has an unknown unit");
	assert_refused("5 m", "has an unknown unit");
	assert_refused("1h-5m", "is not a duration");
	assert_refused("m", "is not a duration");
	assert_refused(".s", "is not a duration");
}

static void assert_text(double seconds, const char *want)
{
	char buf[32];
	CU_ASSERT_STRING_EQUAL(duration_format(seconds, buf, sizeof buf), want);
}

static void test_format(void)
{
	assert_text(600, "10m");
	assert_text(5400, "1h30m");
	assert_text(86400, "24h");
	assert_text(90, "1m30s");
	assert_text(12.5, "12.5s");
	assert_text(3661.25, "1h1m1.25s");
	assert_text(0, "0s");
}

/* A length of traffic is a second or more: shorter cannot stand for a rate. */
static void test_traffic_needs_a_second(void)
{
	double s = -1;
	const char *why = NULL;
	CU_ASSERT_TRUE(duration_parse_traffic("1s", &s, &why));
	CU_ASSERT_DOUBLE_EQUAL(s, 1, 1e-12);
	CU_ASSERT_TRUE(duration_parse_traffic("24h", &s, &why));
	CU_ASSERT_DOUBLE_EQUAL(s, 86400, 1e-9);
	s = -1;
	CU_ASSERT_FALSE(duration_parse_traffic("999ms", &s, &why));
	CU_ASSERT_DOUBLE_EQUAL(s, -1, 0); /* untouched on failure */
	CU_ASSERT_STRING_EQUAL(why, "is under a second: give how long the traffic lasted");
	CU_ASSERT_FALSE(duration_parse_traffic("1ns", &s, &why));
	CU_ASSERT_FALSE(duration_parse_traffic("-1h", &s, &why));
	CU_ASSERT_STRING_EQUAL(why, "is negative: a duration is a positive length of time");
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "Go's forms and days", test_parse },
		{ "negative, zero, unit-less and garbage are refused", test_refused },
		{ "back to text", test_format },
		{ "traffic needs a second", test_traffic_needs_a_second },
		{ NULL, NULL },
	};
	add_suite("duration", tests);
}
