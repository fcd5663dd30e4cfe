/* security_category: each category on the request it names, and its near misses. */
#include <CUnit/CUnit.h>

#include "security_category.h"
#include "test_util.h"

static const span AUTHENTICATED[] = { { "system:authenticated", 20 } };

/* A resource request by alice. */
static request_attrs resource(const char *verb, const char *group, const char *res,
                              const char *sub)
{
	return (request_attrs){ .has_user = true,
		                .user_name = span_of("alice"),
		                .groups = AUTHENTICATED,
		                .group_count = 1,
		                .verb = span_of(verb),
		                .is_resource = true,
		                .api_group = span_of(group),
		                .resource = span_of(res),
		                .subresource = span_of(sub) };
}

static security_category_set of(request_attrs a) { return security_categories_of(&a, 200); }

static void test_secret_reads(void)
{
	CU_ASSERT_EQUAL(of(resource("get", "", "secrets", "")), SECURITY_BIT(SECURITY_SECRET_READS));
	CU_ASSERT_EQUAL(of(resource("list", "", "secrets", "")), SECURITY_BIT(SECURITY_SECRET_READS));
	CU_ASSERT_EQUAL(of(resource("watch", "", "secrets", "")), SECURITY_BIT(SECURITY_SECRET_READS));
	/* near misses: configmaps; a secrets resource of another group */
	CU_ASSERT_EQUAL(of(resource("get", "", "configmaps", "")), 0);
	CU_ASSERT_EQUAL(of(resource("get", "example.com", "secrets", "")), 0);
}

static void test_secret_writes(void)
{
	const char *verbs[] = { "create", "update", "patch", "delete", "deletecollection" };
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		CU_ASSERT_EQUAL(of(resource(verbs[i], "", "secrets", "")),
		                SECURITY_BIT(SECURITY_SECRET_WRITES));
	CU_ASSERT_EQUAL(of(resource("update", "", "configmaps", "")), 0);
	CU_ASSERT_EQUAL(of(resource("create", "vault.example.com", "secrets", "")), 0);
}

static void test_rbac_changes(void)
{
	const char *kinds[] = { "roles", "rolebindings", "clusterroles", "clusterrolebindings" };
	for (size_t i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(of(resource("patch", "rbac.authorization.k8s.io", kinds[i], "")),
		                SECURITY_BIT(SECURITY_RBAC_CHANGES));
		/* reading RBAC is not changing it */
		CU_ASSERT_EQUAL(of(resource("list", "rbac.authorization.k8s.io", kinds[i], "")), 0);
	}
	/* the same names in another group, or in the core group */
	CU_ASSERT_EQUAL(of(resource("create", "example.com", "roles", "")), 0);
	CU_ASSERT_EQUAL(of(resource("create", "", "rolebindings", "")), 0);
}

static void test_exec_attach_portforward(void)
{
	security_category_set want = SECURITY_BIT(SECURITY_EXEC_ATTACH_PORTFORWARD);
	CU_ASSERT_EQUAL(of(resource("create", "", "pods", "exec")), want);
	CU_ASSERT_EQUAL(of(resource("get", "", "pods", "exec")), want);
	CU_ASSERT_EQUAL(of(resource("create", "", "pods", "attach")), want);
	CU_ASSERT_EQUAL(of(resource("get", "", "pods", "portforward")), want);
	/* near misses: pods/log, pods/proxy, and exec of something that is not a pod */
	CU_ASSERT_EQUAL(of(resource("get", "", "pods", "log")), 0);
	CU_ASSERT_EQUAL(of(resource("get", "", "pods", "proxy")), 0);
	CU_ASSERT_EQUAL(of(resource("create", "", "nodes", "exec")), 0);
}

static void test_token_requests(void)
{
	CU_ASSERT_EQUAL(of(resource("create", "", "serviceaccounts", "token")),
	                SECURITY_BIT(SECURITY_TOKEN_REQUESTS));
	/* creating the service account, or reading its token subresource */
	CU_ASSERT_EQUAL(of(resource("create", "", "serviceaccounts", "")), 0);
	CU_ASSERT_EQUAL(of(resource("get", "", "serviceaccounts", "token")), 0);
}

static void test_pod_creation(void)
{
	CU_ASSERT_EQUAL(of(resource("create", "", "pods", "")), SECURITY_BIT(SECURITY_POD_CREATION));
	/* an eviction is a create of a pods subresource; a pod update is no creation */
	CU_ASSERT_EQUAL(of(resource("create", "", "pods", "eviction")), 0);
	CU_ASSERT_EQUAL(of(resource("update", "", "pods", "")), 0);
	CU_ASSERT_EQUAL(of(resource("create", "example.com", "pods", "")), 0);
}

static void test_crd_changes(void)
{
	security_category_set want = SECURITY_BIT(SECURITY_CRD_CHANGES);
	CU_ASSERT_EQUAL(of(resource("create", "apiextensions.k8s.io", "customresourcedefinitions", "")), want);
	CU_ASSERT_EQUAL(of(resource("delete", "apiextensions.k8s.io", "customresourcedefinitions", "")), want);
	/* reads, the controllers' status updates, and the name in another group */
	CU_ASSERT_EQUAL(of(resource("get", "apiextensions.k8s.io", "customresourcedefinitions", "")), 0);
	CU_ASSERT_EQUAL(of(resource("update", "apiextensions.k8s.io", "customresourcedefinitions", "status")), 0);
	CU_ASSERT_EQUAL(of(resource("create", "example.com", "customresourcedefinitions", "")), 0);
}

static void test_anonymous(void)
{
	request_attrs a = resource("get", "", "configmaps", "");
	a.user_name = span_of("system:anonymous");
	CU_ASSERT_EQUAL(of(a), SECURITY_BIT(SECURITY_ANONYMOUS));
	/* the group alone says so too */
	static const span unauthenticated[] = { { "system:unauthenticated", 22 } };
	request_attrs b = resource("get", "", "configmaps", "");
	b.groups = unauthenticated;
	CU_ASSERT_EQUAL(of(b), SECURITY_BIT(SECURITY_ANONYMOUS));
	/* an anonymous secret read is both */
	request_attrs c = resource("get", "", "secrets", "");
	c.user_name = span_of("system:anonymous");
	CU_ASSERT_EQUAL(of(c), SECURITY_BIT(SECURITY_ANONYMOUS) | SECURITY_BIT(SECURITY_SECRET_READS));
	/* near miss: a user whose name merely starts the same way */
	request_attrs d = resource("get", "", "configmaps", "");
	d.user_name = span_of("system:anonymous-ish");
	CU_ASSERT_EQUAL(of(d), 0);
}

static void test_failed_authentication(void)
{
	request_attrs a = { .has_user = false, .verb = span_of("get"), .path = span_of("/api") };
	CU_ASSERT_EQUAL(security_categories_of(&a, 401), SECURITY_BIT(SECURITY_FAILED_AUTHENTICATION));
	/* no user and 400: an invalid ?timeout=, rejected before authentication */
	CU_ASSERT_EQUAL(security_categories_of(&a, 400), 0);
	/* a user and 401 is no authentication failure */
	request_attrs b = resource("get", "", "configmaps", "");
	CU_ASSERT_EQUAL(security_categories_of(&b, 401), 0);
	/* a replayed request knows it by its flow */
	replay_request req = { .attrs = a, .flow = FLOW_AUTHN_FAILED };
	CU_ASSERT_EQUAL(security_categories_of_request(&req),
	                SECURITY_BIT(SECURITY_FAILED_AUTHENTICATION));
	req.flow = FLOW_INVALID_TIMEOUT;
	CU_ASSERT_EQUAL(security_categories_of_request(&req), 0);
}

static void test_non_resource_requests_are_none(void)
{
	request_attrs a = { .has_user = true, .user_name = span_of("alice"), .verb = span_of("get"),
		            .path = span_of("/api/v1/secrets") };
	CU_ASSERT_EQUAL(of(a), 0);
}

static void test_tally(void)
{
	security_tally t = { 0 };
	security_tally_add(&t, SECURITY_BIT(SECURITY_SECRET_READS) | SECURITY_BIT(SECURITY_ANONYMOUS),
	                   LEVEL_METADATA);
	security_tally_add(&t, SECURITY_BIT(SECURITY_SECRET_READS), LEVEL_NONE);
	security_tally_add(&t, 0, LEVEL_REQUEST);
	CU_ASSERT_EQUAL(security_tally_requests(&t, SECURITY_SECRET_READS), 2);
	CU_ASSERT_EQUAL(t.by_level[SECURITY_SECRET_READS][LEVEL_NONE], 1);
	CU_ASSERT_EQUAL(t.by_level[SECURITY_SECRET_READS][LEVEL_METADATA], 1);
	CU_ASSERT_EQUAL(security_tally_requests(&t, SECURITY_ANONYMOUS), 1);
	CU_ASSERT_EQUAL(security_tally_requests(&t, SECURITY_POD_CREATION), 0);
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(security_category_key(SECURITY_SECRET_READS), "secretReads");
	CU_ASSERT_STRING_EQUAL(security_category_key(SECURITY_FAILED_AUTHENTICATION),
	                       "failedAuthentication");
	CU_ASSERT_STRING_EQUAL(security_category_title(SECURITY_EXEC_ATTACH_PORTFORWARD),
	                       "exec/attach/portforward");
	for (int c = 0; c < SECURITY_CATEGORY_COUNT; c++) {
		CU_ASSERT_PTR_NOT_NULL(security_category_key((security_category)c));
		CU_ASSERT_PTR_NOT_NULL(security_category_title((security_category)c));
	}
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "secret reads", test_secret_reads },
		{ "secret writes", test_secret_writes },
		{ "RBAC changes", test_rbac_changes },
		{ "exec, attach, portforward", test_exec_attach_portforward },
		{ "token requests", test_token_requests },
		{ "pod creation", test_pod_creation },
		{ "CRD changes", test_crd_changes },
		{ "anonymous", test_anonymous },
		{ "failed authentication", test_failed_authentication },
		{ "non-resource requests", test_non_resource_requests_are_none },
		{ "tally", test_tally },
		{ "names", test_names },
		{ NULL, NULL },
	};
	add_suite("security_category", tests);
}
