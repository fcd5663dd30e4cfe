/* Scenario files: parsing, resolution into kube-apiserver's attributes, errors with
 * positions, and the synthetic events a log_source yields for them. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log_source.h"
#include "scenario.h"
#include "test_util.h"

typedef struct {
	scenario s;
	diag_list diags;
	bool ok;
} loaded_scenario;

static loaded_scenario load(const char *text)
{
	loaded_scenario l;
	diag_list_init(&l.diags, "s.yaml");
	l.ok = scenario_load_buffer("dir/s.yaml", text, strlen(text), &l.s, &l.diags);
	return l;
}

static void unload(loaded_scenario *l)
{
	scenario_free(&l->s);
	diag_list_free(&l->diags);
}

/* Loads a one-request scenario that must resolve. */
static loaded_scenario load_one(const char *entry)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	fprintf(f, "requests:\n  - %s\n", entry);
	fclose(f);
	loaded_scenario l = load(text);
	free(text);
	CU_ASSERT_TRUE_FATAL(l.ok);
	CU_ASSERT_EQUAL_FATAL(l.s.count, 1);
	return l;
}

/* The one error of a scenario that must fail, as "line:col field: message". */
static char *only_error(const char *text)
{
	loaded_scenario l = load(text);
	CU_ASSERT_FALSE(l.ok);
	CU_ASSERT_EQUAL(l.diags.count, 1);
	char *out = NULL;
	if (l.diags.count) {
		const diag *d = &l.diags.items[0];
		size_t n = (size_t)snprintf(NULL, 0, "%d:%d %s: %s", d->pos.line, d->pos.col,
		                            d->field ? d->field : "-", d->message);
		out = malloc(n + 1);
		snprintf(out, n + 1, "%d:%d %s: %s", d->pos.line, d->pos.col, d->field ? d->field : "-",
		         d->message);
	}
	unload(&l);
	return out ? out : calloc(1, 1);
}

#define ASSERT_ERROR_STARTS(text, want)                                                        \
	do {                                                                                   \
		char *got_ = only_error(text);                                                 \
		if (strncmp(got_, want, strlen(want)) != 0)                                    \
			fprintf(stderr, "\n  got: %s\n want: %s\n", got_ ? got_ : "", want);              \
		CU_ASSERT_NSTRING_EQUAL(got_, want, strlen(want));                             \
		free(got_);                                                                    \
	} while (0)

static void test_attributes_to_url(void)
{
	loaded_scenario l = load_one("{user: alice, verb: get, apiGroup: apps, resource: deployments, "
	                             "subresource: scale, namespace: shop, name: web}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_STRING_EQUAL(r->method, "GET");
	CU_ASSERT_STRING_EQUAL(r->request_uri, "/apis/apps/v1/namespaces/shop/deployments/web/scale");
	CU_ASSERT_STRING_EQUAL(r->verb, "get");
	CU_ASSERT_STRING_EQUAL(r->subresource, "scale");
	CU_ASSERT_EQUAL(r->code, 200);
	CU_ASSERT_EQUAL(r->flow, FLOW_NORMAL);
	unload(&l);
}

static void test_list_by_name_is_a_field_selector(void)
{
	loaded_scenario l = load_one("{user: u, verb: watch, resource: pods, namespace: d, name: foo}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_STRING_EQUAL(r->request_uri,
	                       "/api/v1/namespaces/d/pods?fieldSelector=metadata.name%3Dfoo&watch=true");
	CU_ASSERT_STRING_EQUAL(r->verb, "watch");
	CU_ASSERT_STRING_EQUAL(r->name, "foo");
	unload(&l);
}

/* §7.2: the policy never sees a create's name, but objectRef shows it. */
static void test_create_name_only_in_object_ref(void)
{
	loaded_scenario l = load_one("{user: u, verb: create, resource: pods, namespace: d, name: p}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_STRING_EQUAL(r->request_uri, "/api/v1/namespaces/d/pods");
	CU_ASSERT_STRING_EQUAL(r->name, "");
	CU_ASSERT_STRING_EQUAL(r->object_name, "p");
	CU_ASSERT_EQUAL(r->code, 201);
	unload(&l);
}

static void test_namespace_object_is_its_own_namespace(void)
{
	loaded_scenario l = load_one("{user: u, verb: delete, resource: namespaces, name: old}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_STRING_EQUAL(r->request_uri, "/api/v1/namespaces/old");
	CU_ASSERT_STRING_EQUAL(r->namespace_, "old");
	unload(&l);
}

static void test_request_line_parsed_by_request_info(void)
{
	loaded_scenario l = load_one("{user: u, request: DELETE /api/v1/namespaces/a/pods}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_STRING_EQUAL(r->verb, "deletecollection");
	CU_ASSERT_STRING_EQUAL(r->namespace_, "a");
	CU_ASSERT_TRUE(r->is_resource);
	unload(&l);
}

static void test_path_verb_is_the_method(void)
{
	loaded_scenario l = load_one("{user: u, path: /healthz, verb: head}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_STRING_EQUAL(r->method, "HEAD");
	CU_ASSERT_STRING_EQUAL(r->verb, "head");
	CU_ASSERT_FALSE(r->is_resource);
	CU_ASSERT_STRING_EQUAL(r->path, "/healthz");
	unload(&l);
}

static bool has_group(const scenario_request *r, const char *group)
{
	for (size_t i = 0; i < r->group_count; i++) {
		if (strcmp(r->groups[i], group) == 0)
			return true;
	}
	return false;
}

static void test_implied_groups(void)
{
	loaded_scenario l = load_one("{user: 'system:serviceaccount:ci:deployer', path: /x}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_TRUE(has_group(r, "system:serviceaccounts"));
	CU_ASSERT_TRUE(has_group(r, "system:serviceaccounts:ci"));
	CU_ASSERT_TRUE(has_group(r, "system:authenticated"));
	CU_ASSERT_EQUAL(r->group_count, 3);
	unload(&l);
	l = load_one("{user: {name: 'system:anonymous', groups: [extra]}, path: /x}");
	r = &l.s.requests[0];
	CU_ASSERT_TRUE(has_group(r, "extra"));
	CU_ASSERT_TRUE(has_group(r, "system:unauthenticated"));
	CU_ASSERT_FALSE(has_group(r, "system:authenticated"));
	unload(&l);
}

static void test_no_user_is_failed_authentication(void)
{
	loaded_scenario l = load_one("{request: GET /api/v1/secrets, count: 3}");
	const scenario_request *r = &l.s.requests[0];
	CU_ASSERT_FALSE(r->has_user);
	CU_ASSERT_EQUAL(r->flow, FLOW_AUTHN_FAILED);
	CU_ASSERT_EQUAL(r->code, 401);
	CU_ASSERT_EQUAL(l.s.total, 3);
	unload(&l);
}

static void test_errors_have_positions(void)
{
	ASSERT_ERROR_STARTS("requests:\n  - user: a\n    verb: watchh\n    resource: pods\n",
	                    "3:11 requests[0].verb: unknown verb \"watchh\"");
	ASSERT_ERROR_STARTS("requests:\n  - user: a\n    resource: pods\n    name: a/b\n",
	                    "4:11 requests[0].name: \"a/b\" does not survive the URL");
	ASSERT_ERROR_STARTS("requests:\n  - {user: a, verbs: [get]}\n",
	                    "2:15 requests[0]: unknown key \"verbs\"");
	ASSERT_ERROR_STARTS("requests:\n  - {path: /x, flow: normal}\n",
	                    "2:5 requests[0].user: a request that reaches the audit filter has a user");
	ASSERT_ERROR_STARTS("requests:\n  - {user: a, path: /x, flow: authn-failed}\n",
	                    "2:12 requests[0].user: a request in flow authn-failed has no user");
	ASSERT_ERROR_STARTS("requests:\n  - {user: a, resource: pods, verb: get}\n",
	                    "2:5 requests[0].name: verb get needs a name");
	ASSERT_ERROR_STARTS("requests:\n  - {user: a, request: GET /api/v1/watch}\n",
	                    "2:24 requests[0].request: kube-apiserver rejects GET /api/v1/watch");
	ASSERT_ERROR_STARTS("requests:\n  - {user: a, path: /x, count: 0}\n",
	                    "2:32 requests[0].count: \"0\" is not a number");
	ASSERT_ERROR_STARTS("requests: []\n", "1:11 requests: the list is empty");
	ASSERT_ERROR_STARTS("- a\n", "1:1 -: a scenario is a mapping");
}

/* period: what the counts are per, as a duration; errors name the period's position. */
static void test_period(void)
{
	loaded_scenario l = load("period: 24h\nrequests:\n  - {user: a, path: /x}\n");
	CU_ASSERT_TRUE(l.ok);
	CU_ASSERT_DOUBLE_EQUAL(l.s.period_seconds, 86400, 0);
	unload(&l);
	l = load("requests:\n  - {user: a, path: /x}\nperiod: 1h30m\n");
	CU_ASSERT_DOUBLE_EQUAL(l.s.period_seconds, 5400, 0);
	unload(&l);
	l = load("requests:\n  - {user: a, path: /x}\n");
	CU_ASSERT_DOUBLE_EQUAL(l.s.period_seconds, 0, 0); /* none declared */
	unload(&l);
	ASSERT_ERROR_STARTS("period: 24\nrequests:\n  - {user: a, path: /x}\n",
	                    "1:9 period: \"24\" has no unit");
	ASSERT_ERROR_STARTS("requests:\n  - {user: a, path: /x}\nperiod: -1h\n",
	                    "3:9 period: \"-1h\" is negative");
	ASSERT_ERROR_STARTS("period: 0s\nrequests:\n  - {user: a, path: /x}\n",
	                    "1:9 period: \"0s\" is zero");
	ASSERT_ERROR_STARTS("period: a day\nrequests:\n  - {user: a, path: /x}\n",
	                    "1:9 period: \"a day\" is not a duration");
	ASSERT_ERROR_STARTS("period: [24h]\nrequests:\n  - {user: a, path: /x}\n",
	                    "1:9 period: must be a duration");
	ASSERT_ERROR_STARTS("period: 24h\nperiod: 1h\nrequests:\n  - {user: a, path: /x}\n",
	                    "2:1 -: unknown or repeated key \"period\"");
}

/* --- log_source --- */

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/auditsim-scenario-XXXXXX");
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_log_source_events(void)
{
	char *path = write_temp("# c\nrequests:\n"
	                        "  - {user: alice, verb: create, resource: pods, namespace: d, name: p, count: 2}\n"
	                        "  - {request: GET /healthz}\n");
	char *error = NULL;
	log_source *src = log_source_open(path, NULL, &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	CU_ASSERT_TRUE(log_source_is_scenario(src));
	audit_event ev;
	const char *message;
	CU_ASSERT_EQUAL(log_source_next(src, &ev, &message), EVENT_READ_EVENT);
	CU_ASSERT_TRUE(span_eq(ev.stage, "ResponseComplete"));
	CU_ASSERT_TRUE(span_eq(ev.object_name, "p"));
	CU_ASSERT_EQUAL(ev.response_code, 201);
	CU_ASSERT_EQUAL(ev.line, 3);
	json_error_t jerr;
	json_t *doc = json_loadb(ev.raw.ptr, ev.raw.len, 0, &jerr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(doc, "requestURI")),
	                       "/api/v1/namespaces/d/pods");
	CU_ASSERT_EQUAL(json_object_size(doc), ev.member_count);
	json_decref(doc);
	char *first_id = strndup(ev.audit_id.ptr, ev.audit_id.len);
	CU_ASSERT_EQUAL(log_source_next(src, &ev, &message), EVENT_READ_EVENT);
	CU_ASSERT_FALSE(span_eq(ev.audit_id, first_id));
	free(first_id);
	CU_ASSERT_EQUAL(log_source_next(src, &ev, &message), EVENT_READ_EVENT);
	CU_ASSERT_TRUE(span_eq(ev.stage, "ResponseStarted"));
	CU_ASSERT_EQUAL(ev.response_code, 401);
	CU_ASSERT_EQUAL(ev.user_name.len, 0);
	CU_ASSERT_EQUAL(log_source_next(src, &ev, &message), EVENT_READ_EOF);
	log_source_close(src);
	unlink(path);
	free(path);
}

static void test_log_source_sniffs_json(void)
{
	char *path = write_temp("  \n{\"kind\":\"Event\"}\n");
	char *error = NULL;
	log_source *src = log_source_open(path, NULL, &error);
	CU_ASSERT_PTR_NOT_NULL(src);
	if (src)
		CU_ASSERT_FALSE(log_source_is_scenario(src));
	log_source_close(src);
	free(error);
	unlink(path);
	free(path);
}

static void test_log_source_reports_scenario_errors(void)
{
	char *path = write_temp("requests:\n  - {user: a}\n  - {user: b, path: x}\n");
	char *error = NULL;
	CU_ASSERT_PTR_NULL(log_source_open(path, NULL, &error));
	CU_ASSERT_PTR_NOT_NULL_FATAL(error);
	CU_ASSERT_PTR_NOT_NULL(strstr(error, ":2:5: error: requests[0].resource:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(error, "\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(error, "requests[1].path:"));
	free(error);
	unlink(path);
	free(path);
}

/* Every shipped scenario loads. */
static void test_shipped_scenarios_load(void)
{
	static const char *const files[] = { "cluster-day", "url-forms", "flows", "secrets" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/fixtures/scenarios/%s.yaml", SOURCE_ROOT, files[i]);
		scenario s;
		diag_list diags;
		diag_list_init(&diags, path);
		char *error = NULL;
		input *in = input_open(path, &error);
		CU_ASSERT_PTR_NOT_NULL_FATAL(in);
		bool ok = scenario_load_input(path, in, &s, &diags);
		input_close(in);
		if (!ok)
			diag_print(&diags, stderr);
		CU_ASSERT_TRUE(ok);
		CU_ASSERT_TRUE(s.count > 0);
		scenario_free(&s);
		diag_list_free(&diags);
	}
}

void register_tests(void)
{
	static const test_case resolve[] = {
		{ "attributes become a URL", test_attributes_to_url },
		{ "list/watch by name is a field selector", test_list_by_name_is_a_field_selector },
		{ "a create's name is only in objectRef", test_create_name_only_in_object_ref },
		{ "a namespace is its own namespace", test_namespace_object_is_its_own_namespace },
		{ "METHOD URL goes through request_info", test_request_line_parsed_by_request_info },
		{ "a path's verb is the method", test_path_verb_is_the_method },
		{ "groups kube-apiserver adds", test_implied_groups },
		{ "no user is failed authentication", test_no_user_is_failed_authentication },
		{ "errors carry positions", test_errors_have_positions },
		{ "period: what the counts are per", test_period },
		{ "shipped scenarios load", test_shipped_scenarios_load },
		{ NULL, NULL },
	};
	static const test_case source[] = {
		{ "scenario events", test_log_source_events },
		{ "JSON logs go to the event reader", test_log_source_sniffs_json },
		{ "scenario errors", test_log_source_reports_scenario_errors },
		{ NULL, NULL },
	};
	add_suite("scenario", resolve);
	add_suite("log_source", source);
}
