/* suggest: the symbolic intersection of selectors, the conflict check, and the suggested
 * policy — by hand on small requirement sets, then request by request on the recordings
 * under fixtures/ and the generated cluster day, for every shipped baseline: every
 * recorded request is logged exactly at the highest floor of the requirements concerning
 * it (within all their ceilings), as decided by the checker replay uses. */
#include <CUnit/CUnit.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "checker.h"
#include "policy_loader.h"
#include "policy_validator.h"
#include "requirement_check.h"
#include "rule_intersect.h"
#include "run.h"
#include "suggest.h"
#include "suggest_output.h"
#include "test_util.h"
#include "xalloc.h"

static requirement_set load_set(const char *text)
{
	requirement_set set;
	requirement_set_init(&set);
	diag_list diags;
	diag_list_init(&diags, "r.yaml");
	load_result res = requirement_load_buffer("r.yaml", text, strlen(text), KUBE_VERSION_NEWEST,
	                                          &set, &diags);
	if (res != LOAD_OK)
		diag_print(&diags, stderr);
	CU_ASSERT_EQUAL_FATAL(res, LOAD_OK);
	diag_list_free(&diags);
	return set;
}

/* --- rule_intersect: two one-requirement files' selectors --- */

static intersect_result intersect_text(const char *a, const char *b, char **shown)
{
	char *text = xasprintf("requirements:\n- %s\n- %s\n", a, b);
	requirement_set set = load_set(text);
	policy_rule both;
	intersect_result res = rule_intersect(&set.items[0].selector, &set.items[1].selector, &both);
	*shown = NULL;
	if (res == INTERSECT_RULE) {
		suggestion s = { .rules = &(suggested_rule){ .selector = both }, .count = 1 };
		size_t len;
		char *policy_text = suggest_policy_text(&s, &len);
		*shown = xstrdup(strstr(policy_text, "- level: None\n") + strlen("- level: None\n"));
		free(policy_text);
		selector_free(&both);
	}
	requirement_set_free(&set);
	free(text);
	return res;
}

static void expect_rule(const char *a, const char *b, const char *want)
{
	char *shown;
	CU_ASSERT_EQUAL(intersect_text(a, b, &shown), INTERSECT_RULE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(shown);
	if (strcmp(shown, want) != 0)
		fprintf(stderr, "\n  %s ∩ %s\n  want %s  got  %s", a, b, want, shown);
	CU_ASSERT_STRING_EQUAL(shown, want);
	free(shown);
}

static void expect_result(const char *a, const char *b, intersect_result want)
{
	char *shown;
	CU_ASSERT_EQUAL(intersect_text(a, b, &shown), want);
	free(shown);
}

static void test_intersect_lists(void)
{
	expect_rule("verbs: [get, list]", "verbs: [list, watch]", "  verbs: [\"list\"]\n");
	expect_rule("verbs: [get]", "users: [a]", "  users: [\"a\"]\n  verbs: [\"get\"]\n");
	expect_result("verbs: [get]", "verbs: [list]", INTERSECT_EMPTY);
	expect_rule("namespaces: [a, b]", "namespaces: [b]", "  namespaces: [\"b\"]\n");
}

static void test_intersect_user_groups(void)
{
	expect_rule("userGroups: [a, b]", "userGroups: [a]", "  userGroups: [\"a\"]\n");
	/* a user in groups a and c matches both, and no one list names those users */
	expect_result("userGroups: [a, b]", "userGroups: [c]", INTERSECT_UNWRITABLE);
}

static void test_intersect_resources(void)
{
	expect_rule("resources: [{group: \"\", resources: [\"*\"]}]",
	            "resources: [{group: \"\", resources: [pods/exec]}]",
	            "  resources:\n  - group: \"\"\n    resources: [\"pods/exec\"]\n");
	expect_rule("resources: [{group: \"\", resources: [\"pods/*\"]}]",
	            "resources: [{group: \"\", resources: [\"*/exec\", pods]}]",
	            "  resources:\n  - group: \"\"\n    resources: [\"pods/exec\", \"pods\"]\n");
	expect_result("resources: [{group: \"\", resources: [pods]}]",
	              "resources: [{group: \"\", resources: [pods/exec]}]", INTERSECT_EMPTY);
	expect_result("resources: [{group: apps}]", "resources: [{group: \"\"}]", INTERSECT_EMPTY);
	expect_rule("resources: [{group: \"*\"}]", "resources: [{group: apps, resources: [deployments]}]",
	            "  resources:\n  - group: \"apps\"\n    resources: [\"deployments\"]\n");
	expect_rule("resources: [{group: \"\", resources: [secrets], resourceNames: [a, b]}]",
	            "resources: [{group: \"\", resources: [secrets], resourceNames: [b]}]",
	            "  resources:\n  - group: \"\"\n    resources: [\"secrets\"]\n"
	            "    resourceNames: [\"b\"]\n");
	/* a rule of neither kind takes the other's kind */
	expect_rule("verbs: [get]", "namespaces: [x]", "  verbs: [\"get\"]\n  namespaces: [\"x\"]\n");
}

static void test_intersect_urls(void)
{
	expect_rule("nonResourceURLs: [\"/a*\"]", "nonResourceURLs: [\"/ab*\", \"/b\"]",
	            "  nonResourceURLs: [\"/ab*\"]\n");
	expect_rule("nonResourceURLs: [\"*\"]", "nonResourceURLs: [/healthz]",
	            "  nonResourceURLs: [\"/healthz\"]\n");
	expect_result("nonResourceURLs: [\"/a*\"]", "nonResourceURLs: [/b]", INTERSECT_EMPTY);
	expect_result("nonResourceURLs: [\"/a*\"]", "resources: [{group: \"\"}]", INTERSECT_EMPTY);
}

/* --- conflicts --- */

static size_t conflicts_of(const char *text, requirement_conflict *first)
{
	requirement_set set = load_set(text);
	size_t count;
	requirement_conflict *found = requirement_conflicts(&set, &count);
	if (count && first)
		*first = found[0];
	free(found);
	requirement_set_free(&set);
	return count;
}

static void test_conflicts(void)
{
	requirement_conflict c;
	CU_ASSERT_EQUAL(conflicts_of("requirements:\n"
	                             "- verbs: [create]\n  atLeast: Request\n"
	                             "- resources: [{group: \"\", resources: [secrets]}]\n"
	                             "  atMost: Metadata\n", &c), 1);
	CU_ASSERT_EQUAL(c.first, 0);
	CU_ASSERT_EQUAL(c.second, 1);
	CU_ASSERT_EQUAL(c.floor, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(c.ceiling, LEVEL_METADATA);
	/* the same with secrets excepted from the writes: met */
	CU_ASSERT_EQUAL(conflicts_of("requirements:\n"
	                             "- verbs: [create]\n  atLeast: Request\n"
	                             "  except: [{resources: [{group: \"\", resources: [secrets]}]}]\n"
	                             "- resources: [{group: \"\", resources: [secrets]}]\n"
	                             "  atMost: Metadata\n", NULL), 0);
	/* disjoint selectors never conflict */
	CU_ASSERT_EQUAL(conflicts_of("requirements:\n"
	                             "- nonResourceURLs: [\"/healthz\"]\n  atMost: None\n"
	                             "- resources: [{group: \"\"}]\n  atLeast: Metadata\n", NULL), 0);
	/* each shipped baseline is free of conflicts */
	for (size_t i = 0; i < baseline_builtin_count; i++)
		CU_ASSERT_EQUAL(conflicts_of(baseline_builtin[i].text, NULL), 0);
}

/* --- the suggested policy --- */

typedef struct {
	requirement_set set;
	suggestion s;
	policy p;
} suggested;

static suggested suggest_text(const char *text)
{
	suggested out = { .set = load_set(text) };
	size_t culprit;
	CU_ASSERT_FATAL(suggest_policy(&out.set, &out.s, &culprit));
	size_t len;
	char *yaml = suggest_policy_text(&out.s, &len);
	diag_list diags;
	diag_list_init(&diags, "suggested");
	CU_ASSERT_EQUAL_FATAL(policy_load_buffer("suggested", yaml, len, &out.p, &diags), LOAD_OK);
	CU_ASSERT_FATAL(policy_validate(&out.p, &diags));
	diag_list_free(&diags);
	free(yaml);
	return out;
}

static void suggested_free(suggested *s)
{
	policy_free(&s->p);
	suggestion_free(&s->s);
	requirement_set_free(&s->set);
}

static audit_level level_for(const policy *p, const char *verb, const char *group,
                             const char *resource, const char *path)
{
	span groups[1] = { span_of("system:authenticated") };
	request_attrs r = { .has_user = true, .user_name = span_of("u"), .groups = groups,
		            .group_count = 1, .verb = span_of(verb), .is_resource = path == NULL,
		            .api_group = span_of(group), .resource = span_of(resource),
		            .path = span_of(path) };
	return evaluate_policy_rule(p, &r).level;
}

static void test_suggested_levels(void)
{
	suggested s = suggest_text("requirements:\n"
	                           "- atLeast: Metadata\n"
	                           "  except: [{nonResourceURLs: [\"/healthz*\"]}]\n"
	                           "- verbs: [create]\n  atLeast: Request\n"
	                           "  except: [{resources: [{group: \"\", resources: [secrets]}]}]\n"
	                           "- resources: [{group: \"\", resources: [secrets]}]\n"
	                           "  atLeast: Metadata\n  atMost: Metadata\n"
	                           "- resources: [{group: rbac.authorization.k8s.io}]\n"
	                           "  verbs: [create]\n  atLeast: RequestResponse\n");
	CU_ASSERT_EQUAL(level_for(&s.p, "create", "rbac.authorization.k8s.io", "roles", NULL),
	                LEVEL_REQUEST_RESPONSE);
	CU_ASSERT_EQUAL(level_for(&s.p, "create", "", "pods", NULL), LEVEL_REQUEST);
	CU_ASSERT_EQUAL(level_for(&s.p, "create", "", "secrets", NULL), LEVEL_METADATA);
	CU_ASSERT_EQUAL(level_for(&s.p, "get", "", "secrets", NULL), LEVEL_METADATA);
	/* reads have no request body: Request writes the same, one byte shorter */
	CU_ASSERT_EQUAL(level_for(&s.p, "get", "", "pods", NULL), LEVEL_REQUEST);
	CU_ASSERT_EQUAL(level_for(&s.p, "delete", "", "pods", NULL), LEVEL_METADATA);
	CU_ASSERT_EQUAL(level_for(&s.p, "get", "", "", "/healthz/etcd"), LEVEL_NONE);
	CU_ASSERT_EQUAL(level_for(&s.p, "get", "", "", "/apis"), LEVEL_REQUEST);
	/* stages: RequestReceived for the whole policy, ResponseStarted on each logging rule */
	CU_ASSERT_EQUAL(s.p.omit_stage_mask, STAGE_BIT(STAGE_REQUEST_RECEIVED));
	CU_ASSERT_EQUAL(s.p.rules[0].omit_stage_mask, STAGE_BIT(STAGE_RESPONSE_STARTED));
	CU_ASSERT_TRUE(s.p.omit_managed_fields);
	suggested_free(&s);
	/* a ceiling at Metadata keeps reads there, unless earlier rules take them */
	s = suggest_text("requirements:\n"
	                 "- verbs: [get]\n  atLeast: Metadata\n"
	                 "- users: [bob]\n  atMost: Metadata\n");
	CU_ASSERT_EQUAL(level_for(&s.p, "get", "", "pods", NULL), LEVEL_REQUEST);
	span groups[1] = { span_of("system:authenticated") };
	request_attrs bob = { .has_user = true, .user_name = span_of("bob"), .groups = groups,
		              .group_count = 1, .verb = span_of("get"), .is_resource = true,
		              .resource = span_of("pods") };
	CU_ASSERT_EQUAL(evaluate_policy_rule(&s.p, &bob).level, LEVEL_METADATA);
	suggested_free(&s);
}

static void test_stages_kept_when_asked(void)
{
	suggested s = suggest_text("requirements:\n"
	                           "- verbs: [watch]\n  atLeast: Metadata\n  stages: [ResponseStarted]\n"
	                           "- verbs: [get]\n  atLeast: Metadata\n");
	CU_ASSERT_EQUAL(s.s.count, 3); /* watch, get, catch-all None */
	CU_ASSERT_EQUAL(s.p.rules[0].omit_stage_mask, 0);
	CU_ASSERT_EQUAL(s.p.rules[1].omit_stage_mask, STAGE_BIT(STAGE_RESPONSE_STARTED));
	CU_ASSERT_EQUAL(s.p.rules[2].level, LEVEL_NONE);
	suggested_free(&s);
}

static void test_deterministic(void)
{
	const char *text = baseline_find("security")->text;
	suggested a = suggest_text(text), b = suggest_text(text);
	size_t la, lb;
	char *ta = suggest_policy_text(&a.s, &la), *tb = suggest_policy_text(&b.s, &lb);
	CU_ASSERT_EQUAL(la, lb);
	CU_ASSERT_STRING_EQUAL(ta, tb);
	free(ta);
	free(tb);
	suggested_free(&a);
	suggested_free(&b);
}

/* --- request by request on recordings --- */

typedef struct {
	const requirement_set *set;
	uint64_t requests, concerned, outside, above_floor;
} verify_state;

static void verify_request(size_t policy_index, const replay_request *req, void *ctx)
{
	verify_state *v = ctx;
	(void)policy_index;
	requirement_bounds b = requirement_bounds_of(v->set, &req->attrs);
	v->requests++;
	v->concerned += b.concerned > 0;
	if (!decision_meets(&req->decision, &b)) {
		v->outside++;
		fprintf(stderr, "\n  %s:%zu: level %s outside [%s, %s]", req->file, req->line,
		        level_name(req->decision.level), level_name(b.floor), level_name(b.ceiling));
	}
	/* the cheapest: nothing above the highest floor, but reads at Request (no body) */
	bool read = span_eq(req->attrs.verb, "get") || span_eq(req->attrs.verb, "list") ||
	            span_eq(req->attrs.verb, "watch");
	bool read_at_request = read && b.floor == LEVEL_METADATA && req->decision.level == LEVEL_REQUEST;
	v->above_floor += req->decision.level > b.floor && !read_at_request;
}

static void verify_on(const char *baseline_name, char **logs, size_t count)
{
	suggested s = suggest_text(baseline_find(baseline_name)->text);
	verify_state v = { .set = &s.set };
	engine_options o = engine_default_options();
	o.on_request = verify_request;
	o.ctx = &v;
	const policy *policies[1] = { &s.p };
	engine *e = engine_new(policies, 1, &o);
	CU_ASSERT_EQUAL(engine_run(e, logs, count), 0);
	engine_free(e);
	CU_ASSERT(v.requests > 0);
	CU_ASSERT(v.concerned > 0);
	CU_ASSERT_EQUAL(v.outside, 0);
	CU_ASSERT_EQUAL(v.above_floor, 0);
	suggested_free(&s);
}

static void verify_baseline(const char *name)
{
	glob_t g;
	CU_ASSERT_EQUAL_FATAL(glob("fixtures/logs/*.json*", 0, NULL, &g), 0);
	/* fal_01_003 holds no audit event (a fixture of the reader's refusal) */
	char **logs = xcalloc(g.gl_pathc, sizeof *logs);
	size_t count = 0;
	for (size_t i = 0; i < g.gl_pathc; i++)
		if (!strstr(g.gl_pathv[i], "fal_01_003"))
			logs[count++] = g.gl_pathv[i];
	CU_ASSERT(count >= 40);
	verify_on(name, logs, count);
	free(logs);
	globfree(&g);
	char *day[] = { "fixtures/scenarios/cluster-day.yaml", "fixtures/scenarios/flows.yaml",
		        "fixtures/scenarios/security-categories.yaml" };
	verify_on(name, day, 3);
}

static void test_recordings_security(void) { verify_baseline("security"); }
static void test_recordings_cis(void) { verify_baseline("cis"); }
static void test_recordings_minimal(void) { verify_baseline("minimal"); }

void register_tests(void)
{
	static const test_case intersect[] = {
		{ "users, verbs, namespaces", test_intersect_lists },
		{ "userGroups", test_intersect_user_groups },
		{ "resources", test_intersect_resources },
		{ "nonResourceURLs", test_intersect_urls },
		{ NULL, NULL },
	};
	static const test_case suggest[] = {
		{ "conflicts", test_conflicts },
		{ "levels", test_suggested_levels },
		{ "stages kept when asked", test_stages_kept_when_asked },
		{ "deterministic", test_deterministic },
		{ "recordings: security", test_recordings_security },
		{ "recordings: cis", test_recordings_cis },
		{ "recordings: minimal", test_recordings_minimal },
		{ NULL, NULL },
	};
	add_suite("rule_intersect", intersect);
	add_suite("suggest", suggest);
}
