/* Loader tests, part three: pathological documents finish in bounded time. Each test
 * builds its document in memory and asserts what the loader makes of it; under the
 * quadratic (or unbounded) code these documents took minutes, so the test times out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_test_util.h"

#define MANY 100000

/* The text written by fill(out, n); the caller frees it. */
static char *generate(void (*fill)(FILE *out, int n), int n, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	fill(out, n);
	fclose(out);
	return text;
}

static void duplicate_keys(FILE *out, int n)
{
	fputs(HEAD, out);
	for (int i = 0; i < n; i++)
		fputs("omitManagedFields: true\n", out);
	fputs("rules:\n- level: None\n", out);
}

/* n keys of one name: n - 1 duplicate warnings, each naming the first key's line. */
static void test_many_duplicate_keys(void)
{
	size_t len;
	char *text = generate(duplicate_keys, MANY, &len);
	loaded l = load_bytes(text, len);
	CU_ASSERT_EQUAL(l.result, LOAD_OK);
	CU_ASSERT_TRUE(l.p.omit_managed_fields);
	CU_ASSERT_EQUAL(warnings(&l), MANY - 1);
	const diag *last = &l.diags.items[l.diags.count - 1];
	CU_ASSERT_EQUAL(last->pos.line, MANY + 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(last->message, "duplicate key \"omitManagedFields\" (first at 3:1)"));
	done(&l);
	free(text);
}

/* n anchored users, then n aliases of the first: every alias looks up an old anchor. */
static void many_anchors(FILE *out, int n)
{
	fputs(HEAD "rules:\n- level: None\n  users:\n", out);
	for (int i = 0; i < n; i++)
		fprintf(out, "  - &a%d u%d\n", i, i);
	for (int i = 0; i < n; i++)
		fputs("  - *a0\n", out);
}

static void test_many_anchors(void)
{
	size_t len;
	char *text = generate(many_anchors, MANY, &len);
	loaded l = load_bytes(text, len);
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	const string_list *users = &l.p.rules[0].users;
	CU_ASSERT_EQUAL_FATAL(users->count, 2 * MANY);
	CU_ASSERT_STRING_EQUAL(users->items[MANY - 1], "u99999");
	CU_ASSERT_STRING_EQUAL(users->items[2 * MANY - 1], "u0");
	done(&l);
	free(text);
}

/* A name anchored again refers to its newest node from then on. */
static void test_reanchored_name_is_the_newest(void)
{
	loaded l = load(HEAD "rules:\n- level: None\n  users: [&x a, *x, &x b, *x]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	const string_list *users = &l.p.rules[0].users;
	CU_ASSERT_EQUAL_FATAL(users->count, 4);
	CU_ASSERT_STRING_EQUAL(users->items[1], "a");
	CU_ASSERT_STRING_EQUAL(users->items[3], "b");
	done(&l);
}

/* 491 bytes: each map merges ten copies of the one before, so the ninth would hold
 * 4 * 10^9 pairs. The budget is charged before the pairs are copied. */
static const char MERGE_BOMB[] =
	HEAD "a: &a {x: 1, y: 2, z: 3, w: 4}\n"
	"b: &b {<<: [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]}\n"
	"c: &c {<<: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]}\n"
	"d: &d {<<: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]}\n"
	"e: &e {<<: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]}\n"
	"f: &f {<<: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]}\n"
	"g: &g {<<: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]}\n"
	"h: &h {<<: [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]}\n"
	"i: &i {<<: [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]}\n"
	"j: &j {<<: [*i,*i,*i,*i,*i,*i,*i,*i,*i,*i]}\n"
	"rules: [{level: None}]\n";

static void expect_budget_error(const char *text, int line, int col)
{
	loaded l = load(text);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL_FATAL(errors(&l), 1);
	const diag *d = &l.diags.items[0];
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "document has more than 1000000 nodes once aliases and merges are expanded"));
	CU_ASSERT_EQUAL(d->pos.line, line);
	CU_ASSERT_EQUAL(d->pos.col, col);
	done(&l);
}

static void test_merge_bomb_is_refused(void)
{
	/* g's list of ten f's (800,001 nodes each) passes the budget at its second item */
	expect_budget_error(MERGE_BOMB, 9, 16);
}

/* One map merged again and again: f holds 168,070 pairs (336,141 nodes), so g passes
 * the budget at its third merge key, before copying it. */
static void test_merge_chain_is_refused_at_the_key(void)
{
	expect_budget_error(HEAD "a: &a {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}\n"
	                         "b: &b {<<: *a, <<: *a, <<: *a, <<: *a, <<: *a, <<: *a, <<: *a}\n"
	                         "c: &c {<<: *b, <<: *b, <<: *b, <<: *b, <<: *b, <<: *b, <<: *b}\n"
	                         "d: &d {<<: *c, <<: *c, <<: *c, <<: *c, <<: *c, <<: *c, <<: *c}\n"
	                         "e: &e {<<: *d, <<: *d, <<: *d, <<: *d, <<: *d, <<: *d, <<: *d}\n"
	                         "f: &f {<<: *e, <<: *e, <<: *e, <<: *e, <<: *e, <<: *e, <<: *e}\n"
	                         "g: &g {<<: *f, <<: *f, <<: *f, <<: *f, <<: *f, <<: *f, <<: *f}\n"
	                         "rules: [{level: None}]\n",
	                    9, 24);
}

void register_tests(void)
{
	static const test_case limit_tests[] = {
		{ "100,000 duplicate keys", test_many_duplicate_keys },
		{ "100,000 anchors", test_many_anchors },
		{ "a re-anchored name is the newest", test_reanchored_name_is_the_newest },
		{ "merge bomb is refused", test_merge_bomb_is_refused },
		{ "merge chain is refused at the key", test_merge_chain_is_refused_at_the_key },
		{ NULL, NULL },
	};
	add_suite("loader: limits", limit_tests);
}
