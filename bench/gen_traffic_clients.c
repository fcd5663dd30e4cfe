/* gen_traffic_clients: requests from people and tools — discovery, kubectl, exec and logs,
 * CI and GitOps pipelines, secret readers, big configmaps. */
#include <stdio.h>

#include "gen_out.h"
#include "gen_traffic_parts.h"

static const gen_identity *pick_human(gen_request *r, gen_traffic *t)
{
	r->who = &t->cluster->humans[rng_below(t->rng, t->cluster->human_count)];
	return r->who;
}

/* Discovery and OpenAPI, as kubectl, Helm and controllers refresh their caches. */
void build_discovery(gen_request *r, gen_traffic *t)
{
	static const char *const PATHS[] = {
		"/api?timeout=32s", "/apis?timeout=32s", "/api/v1?timeout=32s",
		"/apis/apps/v1?timeout=32s", "/apis/batch/v1?timeout=32s",
		"/apis/networking.k8s.io/v1?timeout=32s", "/apis/coordination.k8s.io/v1?timeout=32s",
		"/openapi/v3?timeout=32s", "/openapi/v3/apis/apps/v1?hash=6A1F0C4B3E2D&timeout=32s",
		"/version?timeout=32s",
	};
	if (rng_chance(t->rng, 0.5))
		pick_human(r, t);
	else
		r->who = &t->cluster->pipelines[rng_below(t->rng, t->cluster->pipeline_count)];
	nonresource_request(r, "get", RNG_PICK(t->rng, PATHS));
	r->latency_us = latency_between(t->rng, 500, 6000);
	succeed(r, 200);
}

static void kubectl_list(gen_request *r, gen_traffic *t, const api_resource *res, body_kind list)
{
	const gen_app *app = pick_app(r, t);
	resource_request(r, "list", res, app->namespace, "", "", "limit=500");
	r->size_hint = size_between(t->rng, 3000, 48000);
	reads(r, list);
	r->latency_us += latency_between(t->rng, 5000, 80000);
}

static void kubectl_get_pod(gen_request *r, gen_traffic *t)
{
	const gen_pod *pod = pick_pod(r, t);
	set_object(r, "pods", pod->name);
	resource_request(r, "get", &PODS, t->cluster->apps[pod->app].namespace, pod->name, "", "");
	reads(r, BODY_POD);
	if (rng_chance(t->rng, 0.1))
		not_found(r);
}

static void kubectl_create(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	if (rng_chance(t->rng, 0.5)) {
		char name[64];
		snprintf(name, sizeof name, "%s-config", app->name);
		set_object(r, "configmaps", name);
		resource_request(r, "create", &CONFIGMAPS, app->namespace, "", "",
				 "fieldManager=kubectl-create&fieldValidation=Strict");
		r->size_hint = size_between(t->rng, 400, 4000);
		creates(r, t, BODY_CONFIGMAP);
	} else {
		set_object(r, "deployments", app->name);
		resource_request(r, "create", &DEPLOYMENTS, app->namespace, "", "",
				 "fieldManager=kubectl-create&fieldValidation=Strict");
		creates(r, t, BODY_WORKLOAD);
	}
	if (rng_chance(t->rng, 0.1)) {
		snprintf(r->ref.name, sizeof r->ref.name, "%s", r->object_name);
		fail(r, 409, "AlreadyExists", "%s \"%s\" already exists", r->ref.resource,
		     r->object_name);
		r->ref.name[0] = '\0';
	}
}

static void kubectl_delete_pod(gen_request *r, gen_traffic *t)
{
	const gen_pod *pod = pick_pod(r, t);
	set_object(r, "pods", pod->name);
	resource_request(r, "delete", &PODS, t->cluster->apps[pod->app].namespace, pod->name, "",
			 "");
	r->request_body = BODY_DELETE_OPTIONS;
	reads(r, BODY_POD);
}

static void kubectl_patch(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	set_object(r, "deployments", app->name);
	resource_request(r, "patch", &DEPLOYMENTS, app->namespace, app->name, "",
			 "fieldManager=kubectl-rollout");
	r->request_body = BODY_WORKLOAD_PATCH;
	reads(r, BODY_WORKLOAD);
}

static void kubectl_get_secret(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[64];
	snprintf(name, sizeof name, "%s-db-credentials", app->name);
	set_object(r, "secrets", name);
	resource_request(r, "get", &SECRETS, app->namespace, name, "", "");
	r->size_hint = size_between(t->rng, 300, 3000);
	reads(r, BODY_SECRET);
	if (r->who == &t->cluster->humans[1] && rng_chance(t->rng, 0.6))
		forbid(r);
}

static void kubectl_get_configmap(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[64];
	snprintf(name, sizeof name, "%s-config", app->name);
	set_object(r, "configmaps", name);
	resource_request(r, "get", &CONFIGMAPS, app->namespace, name, "", "");
	r->size_hint = size_between(t->rng, 400, 6000);
	reads(r, BODY_CONFIGMAP);
}

/* People with kubectl (and k9s): mostly reads, some writes, a few errors. */
void build_kubectl(gen_request *r, gen_traffic *t)
{
	pick_human(r, t);
	r->latency_us = latency_between(t->rng, 2000, 30000);
	uint32_t draw = rng_below(t->rng, 100);
	if (draw < 25)
		kubectl_list(r, t, &PODS, BODY_POD_LIST);
	else if (draw < 35)
		kubectl_list(r, t, &DEPLOYMENTS, BODY_WORKLOAD_LIST);
	else if (draw < 50)
		kubectl_get_pod(r, t);
	else if (draw < 60)
		kubectl_create(r, t);
	else if (draw < 68)
		kubectl_delete_pod(r, t);
	else if (draw < 80)
		kubectl_patch(r, t);
	else if (draw < 90)
		kubectl_get_secret(r, t);
	else
		kubectl_get_configmap(r, t);
}

/* kubectl exec (SPDY upgrade, 101) and kubectl logs: long-running, no bodies. */
void build_exec_logs(gen_request *r, gen_traffic *t)
{
	const gen_pod *pod = pick_pod(r, t);
	const char *ns = t->cluster->apps[pod->app].namespace;
	pick_human(r, t);
	r->long_running = true;
	if (rng_chance(t->rng, 0.5)) {
		resource_request(r, "create", &PODS, ns, pod->name, "exec",
				 "command=%2Fbin%2Fsh&container=app&stdin=true&stdout=true&tty=true");
		r->started_after_us = rng_between(t->rng, 20000, 90000);
		r->latency_us = (uint64_t)rng_between(t->rng, 5, 900) * 1000000;
		succeed(r, 101);
		return;
	}
	bool follow = rng_chance(t->rng, 0.5);
	resource_request(r, "get", &PODS, ns, pod->name, "log",
			 follow ? "container=app&follow=true&tailLines=100" : "container=app");
	r->started_after_us = rng_between(t->rng, 3000, 30000);
	r->latency_us = follow ? (uint64_t)rng_between(t->rng, 2, 600) * 1000000
			       : r->started_after_us + latency_between(t->rng, 5000, 200000);
	succeed(r, 200);
}

static void pipeline_apply(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	set_object(r, "deployments", app->name);
	resource_request(r, "patch", &DEPLOYMENTS, app->namespace, app->name, "",
			 "fieldManager=argocd-controller&force=true");
	r->request_body = BODY_WORKLOAD;
	reads(r, BODY_WORKLOAD);
}

/* Helm stores each release as a Secret holding the gzip'd, base64'd chart and values. */
static void pipeline_helm_release(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[96];
	snprintf(name, sizeof name, "sh.helm.release.v1.%s.v%u", app->name,
		 rng_between(t->rng, 2, 40));
	r->who = &t->cluster->pipelines[0];
	set_object(r, "secrets", name);
	resource_request(r, "create", &SECRETS, app->namespace, "", "", "");
	r->size_hint = size_between(t->rng, 8000, 40000);
	creates(r, t, BODY_SECRET);
}

static void pipeline_update_configmap(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[64];
	snprintf(name, sizeof name, "%s-config", app->name);
	set_object(r, "configmaps", name);
	resource_request(r, "update", &CONFIGMAPS, app->namespace, name, "",
			 "fieldManager=helm");
	r->size_hint = size_between(t->rng, 800, 8000);
	updates(r, t, BODY_CONFIGMAP);
}

/* Helm, Argo CD, Flux and a CI runner deploying apps. */
void build_pipelines(gen_request *r, gen_traffic *t)
{
	r->who = &t->cluster->pipelines[rng_below(t->rng, t->cluster->pipeline_count)];
	r->latency_us = latency_between(t->rng, 3000, 40000);
	uint32_t draw = rng_below(t->rng, 100);
	if (draw < 35) {
		pipeline_apply(r, t);
	} else if (draw < 55) {
		const gen_app *app = pick_app(r, t);
		set_object(r, "deployments", app->name);
		resource_request(r, "get", &DEPLOYMENTS, app->namespace, app->name, "", "");
		reads(r, BODY_WORKLOAD);
	} else if (draw < 70) {
		kubectl_list(r, t, &CONFIGMAPS, BODY_CONFIGMAP_LIST);
	} else if (draw < 85) {
		pipeline_helm_release(r, t);
	} else {
		pipeline_update_configmap(r, t);
	}
}

/* cert-manager, external-secrets, Vault injector and ingress-nginx reading and writing
 * Secrets. */
void build_secret_access(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[64];
	r->who = &t->cluster->secret_readers[rng_below(t->rng, t->cluster->secret_reader_count)];
	r->latency_us = latency_between(t->rng, 1500, 20000);
	snprintf(name, sizeof name, rng_chance(t->rng, 0.5) ? "%s-tls" : "%s-db-credentials",
		 app->name);
	set_object(r, "secrets", name);
	r->size_hint = size_between(t->rng, 400, 6000);
	uint32_t draw = rng_below(t->rng, 100);
	if (draw < 60) {
		resource_request(r, "get", &SECRETS, app->namespace, name, "", "");
		reads(r, BODY_SECRET);
		if (rng_chance(t->rng, 0.03))
			not_found(r);
	} else if (draw < 85) {
		resource_request(r, "update", &SECRETS, app->namespace, name, "", "");
		updates(r, t, BODY_SECRET);
	} else {
		resource_request(r, "list", &SECRETS, app->namespace, "", "", "limit=500");
		r->size_hint = size_between(t->rng, 3000, 48000);
		reads(r, BODY_SECRET_LIST);
		r->latency_us += latency_between(t->rng, 5000, 60000);
	}
}

/* Grafana dashboards, Prometheus rule files and GitOps state: configmaps of 5–50 KB. */
void build_big_configmaps(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[64];
	r->who = &t->cluster->config_readers[rng_below(t->rng, t->cluster->config_reader_count)];
	r->latency_us = latency_between(t->rng, 3000, 40000);
	snprintf(name, sizeof name, "%s-dashboard", app->name);
	set_object(r, "configmaps", name);
	r->size_hint = size_between(t->rng, 5000, 48000);
	uint32_t draw = rng_below(t->rng, 100);
	if (draw < 40) {
		resource_request(r, "get", &CONFIGMAPS, app->namespace, name, "", "");
		reads(r, BODY_CONFIGMAP);
	} else if (draw < 70) {
		resource_request(r, "update", &CONFIGMAPS, app->namespace, name, "", "");
		updates(r, t, BODY_CONFIGMAP);
	} else {
		resource_request(r, "list", &CONFIGMAPS, app->namespace, "", "",
				 "labelSelector=grafana_dashboard%3D1&limit=500");
		reads(r, BODY_CONFIGMAP_LIST);
		r->latency_us += latency_between(t->rng, 10000, 90000);
	}
}
