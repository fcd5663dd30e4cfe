/* lint's wire findings (lint_wire.h) — WEBSOCKET_VERB, EXEC_COMMAND_IN_URI, NOISY_BODIES —
 * and what SENSITIVE_BODY and REQUEST_RECEIVED say about credentials and the catch-all;
 * the probes behind them (lint_probe.h) against the checker; the LOG tally (lint_tally.h)
 * on requests decided by the checker. Each finding has a policy that has it and near
 * misses that must not. Policies are inline YAML loaded by the real loader. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "lint.h"
#include "lint_probe.h"
#include "lint_tally.h"
#include "lint_test_util.h"
#include "request_info.h"

#define STREAMS "[pods/exec, pods/attach, pods/portforward]"

/* A rule written for kubectl up to 1.29, whose exec was a POST. */
#define EXEC_CREATE_ONLY                                                                       \
	"- level: Metadata\n  verbs: [create]\n  resources: [{group: '', resources: [pods/exec]}]\n"

/* --- WEBSOCKET_VERB --- */

static void test_websocket_create_only(void)
{
	expect_code("omitStages: [RequestReceived]\nrules:\n" EXEC_CREATE_ONLY "- level: None\n",
	            "WEBSOCKET_VERB", "rules[0].verbs",
	            "matches pods/exec only for verb create; kubectl 1.30+ runs exec and cp over "
	            "WebSocket, audited as verb get, so those requests fall through to rules[1] "
	            "(line 8, level None)");
	/* nothing after it: the gets are not logged at all */
	expect_code("omitStages: [RequestReceived]\nrules:\n" EXEC_CREATE_ONLY, "WEBSOCKET_VERB",
	            "rules[0].verbs", "fall through to no rule (not logged)");
	/* port-forward moved a release later */
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: Request\n  verbs: [create]\n"
	            "  resources: [{group: '', resources: ['pods/*']}]\n- level: None\n",
	            "WEBSOCKET_VERB", "rules[0].verbs", "pods/portforward only for verb create; "
	                                                "kubectl 1.31+ runs port-forward");
}

static void test_websocket_wildcards_and_senders(void)
{
	/* "*" + "/exec" is a wildcard the checker honours */
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n  verbs: [create]\n"
	            "  resources: [{group: '', resources: ['*/exec']}]\n- level: None\n",
	            "WEBSOCKET_VERB", "rules[0].verbs", "pods/exec");
	/* a rule for alice alone comes first: everyone else's gets still fall through */
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: None\n  users: [alice]\n"
	            "  resources: [{group: '', resources: [pods/exec]}]\n" EXEC_CREATE_ONLY
	            "- level: None\n",
	            "WEBSOCKET_VERB", "rules[1].verbs", "rules[2]");
	/* a rule for some pods' names: its gets fall through too */
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n  verbs: [create]\n"
	            "  resources: [{group: '', resources: [pods/exec], resourceNames: [db-0]}]\n"
	            "- level: None\n",
	            "WEBSOCKET_VERB", "rules[0].verbs", "pods/exec");
}

static void test_websocket_get_only(void)
{
	/* a rule that drops reads now drops kubectl 1.30+ exec sessions too */
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: None\n  verbs: [get, list]\n"
	            "- level: Metadata\n",
	            "WEBSOCKET_VERB", "rules[0].verbs",
	            "matches pods/exec for verb get but not create; kubectl 1.30+ runs exec and cp "
	            "over WebSocket, audited as verb get, so this rule decides those requests (level "
	            "None), where older kubectl's (verb create) reach rules[1] (line 7, level "
	            "Metadata)");
	/* the catch-all that takes the creates is not to blame */
	diag_list f = lint_yaml("omitStages: [RequestReceived]\nrules:\n- level: None\n"
	                        "  verbs: [get, list]\n- level: Metadata\n");
	CU_ASSERT_EQUAL(count_code(&f, "WEBSOCKET_VERB"), 3);
	CU_ASSERT_PTR_NULL(finding(&f, "WEBSOCKET_VERB", "rules[1]", NULL));
	diag_list_free(&f);
	/* exec has a rule of its own first */
	expect_no_code("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n"
	               "  resources: [{group: '', resources: " STREAMS "}]\n"
	               "- level: None\n  verbs: [get, list]\n- level: Metadata\n",
	               "WEBSOCKET_VERB");
}

static void test_websocket_near_misses(void)
{
	/* get and create both listed */
	expect_no_code("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n  verbs: [get, create]\n"
	               "  resources: [{group: '', resources: " STREAMS "}]\n"
	               "- level: None\n",
	               "WEBSOCKET_VERB");
	/* no verbs: every verb */
	expect_no_code("rules:\n- level: Metadata\n  resources: [{group: '', resources: [pods/exec]}]\n"
	               "- level: None\n",
	               "WEBSOCKET_VERB");
	/* the gets fall to a rule that writes the same events: no body is ever logged for a
	 * stream, so Request and Metadata write alike */
	expect_no_code("omitStages: [RequestReceived]\nrules:\n- level: Request\n  verbs: [create]\n"
	               "  resources: [{group: '', resources: [pods/exec]}]\n- level: Metadata\n",
	               "WEBSOCKET_VERB");
	/* a rule of its own for the gets */
	expect_no_code("omitStages: [RequestReceived]\nrules:\n" EXEC_CREATE_ONLY
	               "- level: Metadata\n  verbs: [get]\n"
	               "  resources: [{group: '', resources: [pods/exec]}]\n"
	               "- level: None\n",
	               "WEBSOCKET_VERB");
	/* only create of other things */
	expect_no_code("rules:\n- level: Metadata\n  verbs: [create]\n"
	               "  resources: [{group: '', resources: [pods]}]\n- level: None\n",
	               "WEBSOCKET_VERB");
	/* an earlier rule takes every exec: the create-only rule decides none */
	expect_no_code("rules:\n- level: None\n  resources: [{group: '', resources: [pods/exec]}]\n"
	               EXEC_CREATE_ONLY "- level: Metadata\n",
	               "WEBSOCKET_VERB");
}

/* --- EXEC_COMMAND_IN_URI --- */

static void test_exec_command(void)
{
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: Metadata\n", "EXEC_COMMAND_IN_URI",
	            "rules[0]", "level Metadata logs pods/exec requests");
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: Request\n"
	            "  resources: [{group: '', resources: ['pods/*']}]\n- level: None\n",
	            "EXEC_COMMAND_IN_URI", "rules[0]", "?command=");
	/* exec at None, the rest at Metadata: nothing writes a command line */
	expect_no_code("omitStages: [RequestReceived]\nrules:\n- level: None\n"
	               "  resources: [{group: '', resources: [pods/exec]}]\n- level: Metadata\n",
	               "EXEC_COMMAND_IN_URI");
	/* "pods" is not its subresources */
	expect_no_code("rules:\n- level: Metadata\n  resources: [{group: '', resources: [pods]}]\n"
	               "- level: None\n",
	               "EXEC_COMMAND_IN_URI");
	/* another group's pods */
	expect_no_code("rules:\n- level: Metadata\n  resources: [{group: metrics.k8s.io}]\n"
	               "- level: None\n",
	               "EXEC_COMMAND_IN_URI");
}

/* --- NOISY_BODIES --- */

static void test_noisy_bodies(void)
{
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: RequestResponse\n"
	            "  resources: [{group: coordination.k8s.io, resources: [leases]}]\n- level: None\n",
	            "NOISY_BODIES", "rules[0]", "bodies of leases.coordination.k8s.io, which");
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: RequestResponse\n"
	            "  resources: [{group: events.k8s.io}, {group: ''}]\n- level: None\n",
	            "NOISY_BODIES", "rules[0]", "bodies of events, events.events.k8s.io, which");
	/* one named lease (a leader-election lock) is still renewed every few seconds */
	expect_code("omitStages: [RequestReceived]\nrules:\n- level: RequestResponse\n"
	            "  resources: [{group: coordination.k8s.io, resources: [leases], "
	            "resourceNames: [my-lock]}]\n- level: None\n",
	            "NOISY_BODIES", "rules[0]", "leases");
	/* near misses: leases at Metadata or Request, watches only, another group */
	expect_no_code("rules:\n- level: Metadata\n"
	               "  resources: [{group: coordination.k8s.io, resources: [leases]}]\n- level: None\n",
	               "NOISY_BODIES");
	expect_no_code("rules:\n- level: Request\n"
	               "  resources: [{group: coordination.k8s.io, resources: [leases]}]\n- level: None\n",
	               "NOISY_BODIES");
	expect_no_code("rules:\n- level: RequestResponse\n  verbs: [watch]\n- level: None\n",
	               "NOISY_BODIES");
	expect_no_code("rules:\n- level: None\n"
	               "  resources: [{group: coordination.k8s.io}, {group: events.k8s.io}, "
	               "{group: '', resources: [events]}]\n- level: RequestResponse\n",
	               "NOISY_BODIES");
}

/* --- SENSITIVE_BODY: where the credential is --- */

static void test_sensitive_where(void)
{
	/* a TokenRequest's request holds audiences and an expiry, its response the token */
	expect_no_code("rules:\n- level: Request\n"
	               "  resources: [{group: '', resources: [serviceaccounts/token]}]\n- level: None\n",
	               "SENSITIVE_BODY");
	expect_code("rules:\n- level: RequestResponse\n"
	            "  resources: [{group: '', resources: [serviceaccounts/token]}]\n- level: None\n",
	            "SENSITIVE_BODY", "rules[0]",
	            "request and response bodies of serviceaccounts/token (the response holds the "
	            "issued token)");
	expect_code("rules:\n- level: Request\n"
	            "  resources: [{group: authentication.k8s.io, resources: [tokenreviews]}]\n"
	            "- level: None\n",
	            "SENSITIVE_BODY", "rules[0]",
	            "tokenreviews.authentication.k8s.io (spec.token is a bearer token)");
	expect_no_code("rules:\n- level: Metadata\n  resources: [{group: '', resources: [secrets]}]\n"
	               "- level: None\n",
	               "SENSITIVE_BODY");
}

/* --- REQUEST_RECEIVED: the catch-all --- */

static void test_catch_all_request_received(void)
{
	expect_code("rules:\n- level: None\n  verbs: [watch]\n- level: Request\n  verbs: [create]\n"
	            "  omitStages: [RequestReceived]\n- level: Metadata\n",
	            "REQUEST_RECEIVED", "rules[2]",
	            "catch-all at level Metadata without omitting RequestReceived: every request no "
	            "earlier rule takes is written at least twice");
	expect_code("rules:\n- level: Request\n  verbs: [create]\n- level: Metadata\n",
	            "REQUEST_RECEIVED", "omitStages", "the catch-all rules[1] (line 6) included");
	expect_no_code("rules:\n- level: Request\n  verbs: [create]\n  omitStages: [RequestReceived]\n"
	               "- level: Metadata\n  omitStages: [RequestReceived]\n",
	               "REQUEST_RECEIVED");
	/* a rule that matches every resource request is not a catch-all */
	diag_list f = lint_yaml("rules:\n- level: None\n  verbs: [watch]\n- level: Request\n"
	                        "  verbs: [create]\n  omitStages: [RequestReceived]\n"
	                        "- level: Metadata\n  resources: [{group: '*'}]\n- level: None\n");
	const diag *d = finding(&f, "REQUEST_RECEIVED", "rules[2]", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->message, "level Metadata without omitting"));
	diag_list_free(&f);
}

/* --- the probe index against the checker --- */

static void test_probe_decide_is_the_checker(void)
{
	loaded l = open_ok(HEAD "rules:\n- level: None\n  users: [alice, bob]\n  verbs: [get]\n"
	                        "- level: Request\n  users: [bob]\n- level: Metadata\n  verbs: [get]\n"
	                        "- level: RequestResponse\n  users: [carol]\n");
	probe_index *x = probe_index_new(&l.p);
	static const char *const users[] = { "alice", "bob", "carol", "dave" };
	static const char *const methods[] = { "GET", "POST" };
	request_info_scratch scratch = { 0 };
	for (size_t u = 0; u < 4; u++) {
		for (size_t m = 0; m < 2; m++) {
			request_attrs r = { 0 };
			CU_ASSERT_TRUE_FATAL(request_info_parse(span_of(methods[m]),
			                                        span_of("/api/v1/namespaces/x/pods"), &r,
			                                        &scratch));
			r.has_user = true;
			r.user_name = span_of(users[u]);
			audit_decision want = evaluate_policy_rule(&l.p, &r), got = probe_decide(x, &r);
			CU_ASSERT_EQUAL(got.rule, want.rule);
			CU_ASSERT_EQUAL(got.level, want.level);
			CU_ASSERT_EQUAL(got.omit_stages, want.omit_stages);
		}
	}
	/* hand-checked: alice's list falls past rules 0 (get only) and 1 (bob) and 2 (get) */
	request_attrs r = { 0 };
	CU_ASSERT_TRUE_FATAL(request_info_parse(span_of("GET"), span_of("/api/v1/namespaces/x/pods"),
	                                        &r, &scratch));
	r.has_user = true;
	r.user_name = span_of("alice");
	CU_ASSERT_EQUAL(probe_decide(x, &r).rule, -1);
	r.user_name = span_of("carol");
	CU_ASSERT_EQUAL(probe_decide(x, &r).rule, 3);
	request_info_scratch_free(&scratch);
	probe_index_free(x);
	done(&l);
}

/* --- the LOG tally --- */

typedef struct {
	request_info_scratch scratch;
	replay_request req;
} sent;

/* A request by `user` decided under p, as the replay hands it on, writing `bytes`. */
static void send(sent *s, const policy *p, const char *method, const char *url, const char *user,
                 uint64_t bytes)
{
	s->req = (replay_request){ 0 };
	CU_ASSERT_TRUE_FATAL(request_info_parse(span_of(method), span_of(url), &s->req.attrs,
	                                        &s->scratch));
	s->req.attrs.has_user = true;
	s->req.attrs.user_name = span_of(user);
	s->req.decision = evaluate_policy_rule(p, &s->req.attrs);
	s->req.stages = STAGE_BIT(STAGE_RESPONSE_COMPLETE);
	if (!(s->req.decision.omit_stages & STAGE_BIT(STAGE_REQUEST_RECEIVED)) &&
	    s->req.decision.level > LEVEL_NONE)
		s->req.stages |= STAGE_BIT(STAGE_REQUEST_RECEIVED);
	s->req.bytes = bytes;
}

static void test_tally(void)
{
	loaded l = open_ok(HEAD "rules:\n" EXEC_CREATE_ONLY "  omitStages: [RequestReceived]\n"
	                        "- level: Request\n  resources: [{group: '', resources: [secrets]}]\n"
	                        "  omitStages: [RequestReceived]\n"
	                        "- level: RequestResponse\n"
	                        "  resources: [{group: coordination.k8s.io, resources: [leases]}]\n"
	                        "  omitStages: [RequestReceived]\n"
	                        "- level: Metadata\n  verbs: [get]\n"
	                        "  resources: [{group: '', resources: [pods/*]}]\n"
	                        "  omitStages: [RequestReceived]\n"
	                        "- level: Metadata\n");
	lint_options opts = lint_default_options();
	lint_tally *t = lint_tally_new(&l.p, opts.sensitive, opts.sensitive_count);
	sent s = { 0 };
	const char *exec = "/api/v1/namespaces/x/pods/p/exec?command=sh";
	send(&s, &l.p, "GET", exec, "alice", 100); /* kubectl 1.30: rules[3], not rules[0] */
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "GET", exec, "alice", 200);
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "POST", exec, "bob", 50); /* older kubectl: rules[0] */
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "POST", "/api/v1/namespaces/x/secrets", "ci", 1000);
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "GET", "/api/v1/namespaces/x/secrets/s", "app", 900); /* no body at Request */
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "PUT", "/apis/coordination.k8s.io/v1/namespaces/x/leases/n", "node", 700);
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "GET", "/apis/apps/v1/namespaces/x/deployments", "alice", 30);
	lint_tally_request(t, &s.req);
	CU_ASSERT_EQUAL(lint_tally_requests(t), 7);
	/* the two WebSocket gets are filed under the rule that took their creates */
	tally_figure ws = lint_tally_of(t, 0, TALLY_WEBSOCKET);
	CU_ASSERT_EQUAL(ws.requests, 0); /* rules[3] logs them alike (Metadata, same stages) */
	tally_figure exec0 = lint_tally_of(t, 0, TALLY_EXEC_COMMAND);
	tally_figure exec3 = lint_tally_of(t, 3, TALLY_EXEC_COMMAND);
	CU_ASSERT_EQUAL(exec0.requests, 1);
	CU_ASSERT_EQUAL(exec0.bytes, 50);
	CU_ASSERT_EQUAL(exec3.requests, 2);
	CU_ASSERT_EQUAL(exec3.bytes, 300);
	tally_figure secrets = lint_tally_of(t, 1, TALLY_SENSITIVE_BODY);
	CU_ASSERT_EQUAL(secrets.requests, 1);
	CU_ASSERT_EQUAL(secrets.bytes, 1000);
	tally_figure leases = lint_tally_of(t, 2, TALLY_NOISY_BODIES);
	CU_ASSERT_EQUAL(leases.requests, 1);
	CU_ASSERT_EQUAL(leases.bytes, 700);
	tally_figure received = lint_tally_of(t, -1, TALLY_REQUEST_RECEIVED);
	CU_ASSERT_EQUAL(received.requests, 1); /* only the catch-all writes it */
	CU_ASSERT_EQUAL(received.bytes, 30);
	lint_tally_free(t);
	request_info_scratch_free(&s.scratch);
	done(&l);
}

static void test_tally_websocket(void)
{
	loaded l = open_ok(HEAD "omitStages: [RequestReceived]\nrules:\n" EXEC_CREATE_ONLY
	                        "- level: None\n  resources: [{group: '', resources: [pods/*]}]\n"
	                        "- level: Metadata\n");
	lint_tally *t = lint_tally_new(&l.p, NULL, 0);
	sent s = { 0 };
	const char *exec = "/api/v1/namespaces/x/pods/p/exec?command=sh";
	send(&s, &l.p, "GET", exec, "alice", 0);
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "GET", "/api/v1/namespaces/x/pods/p/portforward?ports=80", "alice", 0);
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "POST", exec, "bob", 40);
	lint_tally_request(t, &s.req);
	send(&s, &l.p, "GET", "/api/v1/namespaces/x/pods/p/log", "alice", 0); /* not a stream */
	lint_tally_request(t, &s.req);
	CU_ASSERT_EQUAL(lint_tally_of(t, 0, TALLY_WEBSOCKET + 0).requests, 1);
	CU_ASSERT_EQUAL(lint_tally_of(t, 0, TALLY_WEBSOCKET + 1).requests, 0);
	/* rules[0] does not list pods/portforward */
	CU_ASSERT_EQUAL(lint_tally_of(t, 0, TALLY_WEBSOCKET + 2).requests, 0);
	CU_ASSERT_EQUAL(lint_tally_of(t, -1, TALLY_WEBSOCKET + 0).requests, 1);
	lint_tally_free(t);
	done(&l);
	/* get-only: filed under the rule that takes the gets */
	l = open_ok(HEAD "omitStages: [RequestReceived]\nrules:\n- level: None\n  verbs: [get]\n"
	                 "- level: Metadata\n");
	t = lint_tally_new(&l.p, NULL, 0);
	send(&s, &l.p, "GET", exec, "alice", 0);
	lint_tally_request(t, &s.req);
	CU_ASSERT_EQUAL(lint_tally_of(t, 0, TALLY_WEBSOCKET + 0).requests, 1);
	CU_ASSERT_EQUAL(lint_tally_of(t, 1, TALLY_WEBSOCKET + 0).requests, 0);
	lint_tally_free(t);
	request_info_scratch_free(&s.scratch);
	done(&l);
}

/* The shipped profiles: which get the wire findings (each read and judged; see the
 * lint-profile-* goldens for the messages). */
static void test_shipped_profiles(void)
{
	static const struct {
		const char *name;
		size_t websocket, exec_command, noisy;
	} profiles[] = {
		{ "k8s-docs", 0, 1, 0 },         { "gke", 0, 2, 0 },
		{ "eks", 0, 2, 0 },              { "openshift-default", 0, 1, 0 },
		{ "openshift-writerequestbodies", 0, 2, 1 },
		{ "openshift-allrequestbodies", 0, 1, 1 },
		/* its first rule drops get and list: kubectl 1.30+ exec, attach and port-forward
		 * with them (the profile's header: Azure/AKS#5576) */
		{ "aks-kube-audit", 0, 2, 0 },   { "aks-kube-audit-admin", 3, 1, 0 },
		{ "metadata-only", 0, 1, 0 },
	};
	for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		diag_list f = lint_profile(profiles[i].name);
		CU_ASSERT_EQUAL(count_code(&f, "WEBSOCKET_VERB"), profiles[i].websocket);
		CU_ASSERT_EQUAL(count_code(&f, "EXEC_COMMAND_IN_URI"), profiles[i].exec_command);
		CU_ASSERT_EQUAL(count_code(&f, "NOISY_BODIES"), profiles[i].noisy);
		diag_list_free(&f);
	}
}

void register_tests(void)
{
	static const test_case wire[] = {
		{ "WEBSOCKET_VERB create only", test_websocket_create_only },
		{ "WEBSOCKET_VERB wildcards, users, names", test_websocket_wildcards_and_senders },
		{ "WEBSOCKET_VERB get only", test_websocket_get_only },
		{ "WEBSOCKET_VERB near misses", test_websocket_near_misses },
		{ "EXEC_COMMAND_IN_URI", test_exec_command },
		{ "NOISY_BODIES", test_noisy_bodies },
		{ "SENSITIVE_BODY where the credential is", test_sensitive_where },
		{ "REQUEST_RECEIVED catch-all", test_catch_all_request_received },
		{ "probe_decide is evaluate_policy_rule", test_probe_decide_is_the_checker },
		{ "tally", test_tally },
		{ "tally WebSocket", test_tally_websocket },
		{ "shipped profiles", test_shipped_profiles },
		{ NULL, NULL },
	};
	add_suite("lint wire", wire);
}
