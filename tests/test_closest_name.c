/* closest_name: "did you mean", one behaviour per test. */
#include <CUnit/CUnit.h>
#include <stdint.h>
#include <string.h>

#include "closest_name.h"
#include "test_util.h"

static const char *const commands[] = { "check", "replay", "explain", "profiles",
	                                "lint",  "diff",   "emit",    "report" };
#define COMMANDS (sizeof commands / sizeof commands[0])

static void test_distance_counts_each_edit_once(void)
{
	CU_ASSERT_EQUAL(name_distance("replay", "replay"), 0);
	CU_ASSERT_EQUAL(name_distance("repla", "replay"), 1);     /* deletion */
	CU_ASSERT_EQUAL(name_distance("repllay", "replay"), 1);   /* insertion */
	CU_ASSERT_EQUAL(name_distance("rexlay", "replay"), 1);    /* substitution */
	CU_ASSERT_EQUAL(name_distance("replya", "replay"), 1);    /* neighbours swapped */
	CU_ASSERT_EQUAL(name_distance("", "gke"), 3);
	CU_ASSERT_EQUAL(name_distance("kitten", "sitting"), 3);
}

static void test_too_long_names_have_no_distance(void)
{
	char longer[80];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	CU_ASSERT_EQUAL(name_distance(longer, "a"), SIZE_MAX);
	CU_ASSERT_PTR_NULL(closest_name(longer, commands, COMMANDS));
}

static void test_typos_find_the_command(void)
{
	CU_ASSERT_STRING_EQUAL(closest_name("replya", commands, COMMANDS), "replay");
	CU_ASSERT_STRING_EQUAL(closest_name("lnit", commands, COMMANDS), "lint");
	CU_ASSERT_STRING_EQUAL(closest_name("repport", commands, COMMANDS), "report");
	CU_ASSERT_STRING_EQUAL(closest_name("chekc", commands, COMMANDS), "check");
}

static void test_unrelated_words_get_no_suggestion(void)
{
	CU_ASSERT_PTR_NULL(closest_name("frobnicate", commands, COMMANDS));
	CU_ASSERT_PTR_NULL(closest_name("ls", commands, COMMANDS));
	/* two edits in a 4-letter word is another word, not a typo */
	CU_ASSERT_PTR_NULL(closest_name("last", commands, COMMANDS));
}

static void test_an_exact_name_is_no_typo(void)
{
	CU_ASSERT_PTR_NULL(closest_name("diff", commands, COMMANDS));
}

static void test_ties_go_to_the_earlier_candidate(void)
{
	static const char *const both[] = { "emit", "edit" };
	CU_ASSERT_STRING_EQUAL(closest_name("exit", both, 2), "emit");
}

static void test_null_candidates_are_skipped(void)
{
	static const char *const some[] = { NULL, "gke", NULL };
	CU_ASSERT_STRING_EQUAL(closest_name("gkee", some, 3), "gke");
	CU_ASSERT_PTR_NULL(closest_name("gkee", NULL, 0));
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "distance counts each edit once", test_distance_counts_each_edit_once },
		{ "too long names have no distance", test_too_long_names_have_no_distance },
		{ "typos find the command", test_typos_find_the_command },
		{ "unrelated words get no suggestion", test_unrelated_words_get_no_suggestion },
		{ "an exact name is no typo", test_an_exact_name_is_no_typo },
		{ "ties go to the earlier candidate", test_ties_go_to_the_earlier_candidate },
		{ "NULL candidates are skipped", test_null_candidates_are_skipped },
		{ NULL, NULL },
	};
	add_suite("closest_name", tests);
}
