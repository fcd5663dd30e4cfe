/* requirement: the requirements file — selectors decoded as Policy rules, bounds, stages,
 * excepts, and errors with file:line:col and the requirement's own field path. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "checker.h"
#include "requirement.h"
#include "test_util.h"
#include "xalloc.h"

typedef struct {
	requirement_set set;
	diag_list diags;
	load_result result;
} loaded_set;

static loaded_set load_for(const char *text, kube_version version)
{
	loaded_set l;
	requirement_set_init(&l.set);
	diag_list_init(&l.diags, "r.yaml");
	l.result = requirement_load_buffer("r.yaml", text, strlen(text), version, &l.set, &l.diags);
	return l;
}

static loaded_set load(const char *text) { return load_for(text, KUBE_VERSION_NEWEST); }

static void done(loaded_set *l)
{
	requirement_set_free(&l->set);
	diag_list_free(&l->diags);
}

/* The first error's "line:col field: message" as one string, for exact assertions. */
static char *first_error(const loaded_set *l)
{
	for (size_t i = 0; i < l->diags.count; i++) {
		const diag *d = &l->diags.items[i];
		if (d->severity == DIAG_ERROR)
			return xasprintf("%d:%d %s: %s", d->pos.line, d->pos.col, d->field ? d->field : "-",
			                 d->message);
	}
	return xstrdup("(none)");
}

static void expect_error(const char *text, const char *want)
{
	loaded_set l = load(text);
	CU_ASSERT_EQUAL(l.result, LOAD_INVALID);
	CU_ASSERT_EQUAL(l.set.count, 0);
	char *got = first_error(&l);
	if (!strstr(got, want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, got);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, want));
	free(got);
	done(&l);
}

static void test_fields(void)
{
	loaded_set l = load("kind: AuditRequirements\n"
	                    "requirements:\n"
	                    "- why: rbac\n"
	                    "  verbs: [create]\n"
	                    "  resources: [{group: rbac.authorization.k8s.io, resources: [roles]}]\n"
	                    "  atLeast: Request\n"
	                    "  atMost: RequestResponse\n"
	                    "  stages: [ResponseStarted]\n"
	                    "  except:\n"
	                    "  - users: [admin]\n"
	                    "- nonResourceURLs: [\"/healthz*\"]\n"
	                    "  atMost: None\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	CU_ASSERT_EQUAL_FATAL(l.set.count, 2);
	const requirement *r = &l.set.items[0];
	CU_ASSERT_STRING_EQUAL(r->why, "rbac");
	CU_ASSERT_EQUAL(r->floor, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(r->ceiling, LEVEL_REQUEST_RESPONSE);
	CU_ASSERT_EQUAL(r->stages, STAGE_BIT(STAGE_RESPONSE_STARTED));
	CU_ASSERT_EQUAL(r->pos.line, 3);
	CU_ASSERT_STRING_EQUAL(r->file, "r.yaml");
	CU_ASSERT_EQUAL(r->selector.resource_count, 1);
	CU_ASSERT_STRING_EQUAL(r->selector.resources[0].group, "rbac.authorization.k8s.io");
	CU_ASSERT_EQUAL_FATAL(r->except_count, 1);
	CU_ASSERT_STRING_EQUAL(r->except[0].users.items[0], "admin");
	/* defaults: floor None, ceiling RequestResponse, no why */
	CU_ASSERT_EQUAL(l.set.items[1].floor, LEVEL_NONE);
	CU_ASSERT_EQUAL(l.set.items[1].ceiling, LEVEL_NONE);
	CU_ASSERT_STRING_EQUAL(l.set.items[1].why, "");
	done(&l);
}

static void test_concerns_uses_except(void)
{
	loaded_set l = load("requirements:\n"
	                    "- verbs: [get]\n"
	                    "  atLeast: Metadata\n"
	                    "  except: [{users: [bob]}]\n");
	CU_ASSERT_EQUAL_FATAL(l.result, LOAD_OK);
	span groups[1] = { span_of("system:authenticated") };
	request_attrs r = { .has_user = true, .user_name = span_of("alice"), .groups = groups,
		            .group_count = 1, .verb = span_of("get"), .is_resource = true,
		            .resource = span_of("pods") };
	CU_ASSERT_TRUE(requirement_concerns(&l.set.items[0], &r));
	r.user_name = span_of("bob");
	CU_ASSERT_FALSE(requirement_concerns(&l.set.items[0], &r));
	r.user_name = span_of("alice");
	r.verb = span_of("list");
	CU_ASSERT_FALSE(requirement_concerns(&l.set.items[0], &r));
	done(&l);
}

static void test_errors(void)
{
	expect_error("requirements:\n- verbs: [get]\n  atleast: Metadata\n",
	             "3:3 requirements[0]: unknown field \"atleast\" (did you mean \"atLeast\"?)");
	expect_error("requirements:\n- verbs: [get]\n  atLeast: Verbose\n",
	             "3:12 requirements[0].atLeast: Verbose is not a level");
	expect_error("requirements:\n- atLeast: Request\n  atMost: Metadata\n",
	             "2:3 requirements[0]: atLeast Request is above atMost");
	expect_error("requirements:\n- verbs: get\n", "2:10 requirements[0].verbs: expected a list");
	expect_error("requirements:\n- stages: [Done]\n", "2:12 requirements[0].stages: Done is not a stage");
	expect_error("requirements: []\n", "requirements: expected a non-empty list");
	expect_error("kind: Policy\nrequirements:\n- {}\n", "1:7 kind: kind must be AuditRequirements");
	/* a selector's own validation, with the requirement's path */
	expect_error("requirements:\n- except:\n  - nonResourceURLs: [healthz]\n",
	             "requirements[0].except[0].nonResourceURLs");
	/* level, omitStages: a requirement has bounds, not a level */
	expect_error("requirements:\n- level: Metadata\n", "unknown field \"level\"");
}

static void test_group_star_needs_1_36(void)
{
	const char *text = "requirements:\n- resources: [{group: \"*\"}]\n  atLeast: Metadata\n";
	loaded_set old = load_for(text, (kube_version){ 35 });
	CU_ASSERT_EQUAL(old.result, LOAD_INVALID);
	done(&old);
	loaded_set now = load_for(text, (kube_version){ 36 });
	CU_ASSERT_EQUAL(now.result, LOAD_OK);
	done(&now);
}

/* Every shipped baseline loads, for every version in range. */
static void test_baselines_load(void)
{
	CU_ASSERT_EQUAL(baseline_builtin_count, 3);
	CU_ASSERT_PTR_NOT_NULL(baseline_find("security"));
	CU_ASSERT_PTR_NOT_NULL(baseline_find("cis"));
	CU_ASSERT_PTR_NOT_NULL(baseline_find("minimal"));
	CU_ASSERT_PTR_NULL(baseline_find("strict"));
	for (size_t i = 0; i < baseline_builtin_count; i++)
		for (int minor = KUBE_VERSION_OLDEST_MINOR; minor <= KUBE_VERSION_NEWEST_MINOR; minor++) {
			loaded_set l = load_for(baseline_builtin[i].text, (kube_version){ minor });
			CU_ASSERT_EQUAL(l.result, LOAD_OK);
			if (l.result != LOAD_OK)
				diag_print(&l.diags, stderr);
			done(&l);
		}
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "fields", test_fields },
		{ "concerns: selector and except", test_concerns_uses_except },
		{ "errors", test_errors },
		{ "group * needs 1.36", test_group_star_needs_1_36 },
		{ "baselines load", test_baselines_load },
		{ NULL, NULL },
	};
	add_suite("requirement", tests);
}
