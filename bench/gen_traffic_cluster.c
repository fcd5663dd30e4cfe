/* gen_traffic_cluster: requests from the cluster's own components — kubelets, leader
 * election, kube-controller-manager's controllers, watches, probes and scrapers. */
#include <stdio.h>

#include "gen_out.h"
#include "gen_traffic_parts.h"

static uint32_t pick_node(gen_request *r, gen_traffic *t)
{
	uint32_t node = rng_below(t->rng, t->cluster->node_count);
	r->who = &t->cluster->kubelets[node];
	r->subject = node;
	return node;
}

/* Kubelets renew their Lease in kube-node-lease every 10 s; a GET when the cached copy is
 * stale, and now and then a conflict. */
void build_node_lease(gen_request *r, gen_traffic *t)
{
	const gen_node *node = &t->cluster->nodes[pick_node(r, t)];
	set_object(r, "leases", node->name);
	r->latency_us = latency_between(t->rng, 1500, 9000);
	if (rng_chance(t->rng, 0.12)) {
		resource_request(r, "get", &LEASES, "kube-node-lease", node->name, "", "timeout=10s");
		reads(r, BODY_LEASE);
		return;
	}
	resource_request(r, "update", &LEASES, "kube-node-lease", node->name, "", "timeout=10s");
	updates(r, t, BODY_LEASE);
	if (rng_chance(t->rng, 0.005))
		fail(r, 409, "Conflict",
		     "Operation cannot be fulfilled on leases.coordination.k8s.io \"%s\": the object "
		     "has been modified; please apply your changes to the latest version and try again",
		     node->name);
}

/* Leader election (client-go): every 2 s the holder GETs then UPDATEs its Lease, standbys
 * only GET. kube-scheduler and kube-controller-manager make half of it. */
void build_leader_lease(gen_request *r, gen_traffic *t)
{
	const gen_cluster *c = t->cluster;
	uint32_t leader = rng_chance(t->rng, 0.5) ? rng_below(t->rng, 2)
						  : rng_below(t->rng, c->leader_count);
	const gen_identity *who = &c->leaders[leader];
	r->who = who;
	r->subject = leader;
	set_object(r, "leases", who->lease_name);
	r->latency_us = latency_between(t->rng, 1200, 7000);
	if (rng_chance(t->rng, 0.55)) {
		resource_request(r, "get", &LEASES, who->lease_namespace, who->lease_name, "",
				 "timeout=5s");
		reads(r, BODY_LEASE);
		return;
	}
	resource_request(r, "update", &LEASES, who->lease_namespace, who->lease_name, "",
			 "timeout=5s");
	updates(r, t, BODY_LEASE);
}

/* Kubelets patch their Node's status (heartbeat conditions, images) and read the Node. */
void build_node_status(gen_request *r, gen_traffic *t)
{
	const gen_node *node = &t->cluster->nodes[pick_node(r, t)];
	set_object(r, "nodes", node->name);
	r->latency_us = latency_between(t->rng, 2000, 15000);
	if (rng_chance(t->rng, 0.45)) {
		resource_request(r, "get", &NODES, "", node->name, "", "resourceVersion=0&timeout=10s");
		reads(r, BODY_NODE);
		return;
	}
	resource_request(r, "patch", &NODES, "", node->name, "status", "timeout=10s");
	r->request_body = BODY_NODE_STATUS_PATCH;
	r->response_body = BODY_NODE;
	succeed(r, 200);
}

/* Kubelets patch pod status, read their pods and request projected service account
 * tokens (TokenRequest). */
void build_kubelet_pods(gen_request *r, gen_traffic *t)
{
	const gen_pod *pod = pick_pod(r, t);
	const gen_app *app = &t->cluster->apps[pod->app];
	r->who = &t->cluster->kubelets[pod->node];
	set_object(r, "pods", pod->name);
	r->latency_us = latency_between(t->rng, 2000, 20000);
	uint32_t draw = rng_below(t->rng, 100);
	if (draw < 55) {
		resource_request(r, "patch", &PODS, app->namespace, pod->name, "status", "");
		r->request_body = BODY_POD_STATUS_PATCH;
		r->response_body = BODY_POD;
		succeed(r, 200);
	} else if (draw < 80) {
		resource_request(r, "get", &PODS, app->namespace, pod->name, "", "");
		reads(r, BODY_POD);
	} else {
		resource_request(r, "create", &SERVICE_ACCOUNTS, app->namespace, app->name, "token",
				 "");
		r->request_body = BODY_TOKEN_REQUEST;
		r->response_body = BODY_TOKEN_REQUEST;
		succeed(r, 201);
	}
}

static void controller_status_update(gen_request *r, gen_traffic *t, const api_resource *res,
				     gen_controller controller)
{
	const gen_app *app = pick_app(r, t);
	r->who = &t->cluster->controllers[controller];
	set_object(r, res->resource, app->name);
	resource_request(r, "update", res, app->namespace, app->name, "status", "");
	updates(r, t, BODY_WORKLOAD);
}

static void controller_endpoint_slice(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char name[64], suffix[6];
	chars_random(suffix, t->rng, ALPHABET_NAME, 5);
	snprintf(name, sizeof name, "%s-%s", app->name, suffix);
	r->who = &t->cluster->controllers[CONTROLLER_ENDPOINTSLICE];
	set_object(r, "endpointslices", name);
	resource_request(r, "update", &ENDPOINT_SLICES, app->namespace, name, "", "");
	updates(r, t, BODY_ENDPOINT_SLICE);
}

static void controller_event(gen_request *r, gen_traffic *t)
{
	const gen_pod *pod = pick_pod(r, t);
	char name[96], hex[17];
	chars_random(hex, t->rng, ALPHABET_HEX, 16);
	snprintf(name, sizeof name, "%s.%s", pod->name, hex);
	r->who = &t->cluster->controllers[rng_below(t->rng, t->cluster->controller_count)];
	set_object(r, "events", name);
	resource_request(r, "create", &EVENTS, t->cluster->apps[pod->app].namespace, "", "", "");
	creates(r, t, BODY_EVENT);
}

static void controller_create_pod(gen_request *r, gen_traffic *t)
{
	const gen_pod *pod = pick_pod(r, t);
	r->who = &t->cluster->controllers[CONTROLLER_REPLICASET];
	set_object(r, "pods", pod->name);
	resource_request(r, "create", &PODS, t->cluster->apps[pod->app].namespace, "", "", "");
	creates(r, t, BODY_POD);
	r->fill = REF_FILL_NONE; /* generateName only: objectRef keeps no name */
	r->extra_annotations = "\"pod-security.kubernetes.io/enforce-policy\":\"baseline:latest\"";
}

static void controller_list_pods(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	char query[128];
	snprintf(query, sizeof query, "labelSelector=app%%3D%s&limit=500", app->name);
	r->who = &t->cluster->controllers[rng_chance(t->rng, 0.5) ? CONTROLLER_GARBAGE_COLLECTOR
								  : CONTROLLER_DISRUPTION];
	resource_request(r, "list", &PODS, app->namespace, "", "", query);
	r->size_hint = app->replicas * 5000;
	reads(r, BODY_POD_LIST);
	r->latency_us += latency_between(t->rng, 3000, 40000);
}

static void controller_get_deployment(gen_request *r, gen_traffic *t)
{
	const gen_app *app = pick_app(r, t);
	r->who = &t->cluster->controllers[CONTROLLER_HPA];
	set_object(r, "deployments", app->name);
	resource_request(r, "get", &DEPLOYMENTS, app->namespace, app->name, "", "");
	reads(r, BODY_WORKLOAD);
}

/* cluster-autoscaler writes its status configmap in kube-system every 10 s. */
static void autoscaler_status(gen_request *r, gen_traffic *t)
{
	pick_app(r, t);
	r->who = &t->cluster->leaders[LEADER_CLUSTER_AUTOSCALER];
	set_object(r, "configmaps", "cluster-autoscaler-status");
	resource_request(r, "update", &CONFIGMAPS, "kube-system", "cluster-autoscaler-status", "",
			 "");
	r->size_hint = size_between(t->rng, 800, 3000);
	updates(r, t, BODY_CONFIGMAP);
}

/* kube-controller-manager's controllers, each with its own service account, and
 * cluster-autoscaler. */
void build_controllers(gen_request *r, gen_traffic *t)
{
	uint32_t draw = rng_below(t->rng, 100);
	r->latency_us = latency_between(t->rng, 2000, 25000);
	if (draw < 4)
		autoscaler_status(r, t);
	else if (draw < 20)
		controller_status_update(r, t, &DEPLOYMENTS, CONTROLLER_DEPLOYMENT);
	else if (draw < 33)
		controller_status_update(r, t, &REPLICASETS, CONTROLLER_REPLICASET);
	else if (draw < 50)
		controller_endpoint_slice(r, t);
	else if (draw < 70)
		controller_event(r, t);
	else if (draw < 75)
		controller_create_pod(r, t);
	else if (draw < 90)
		controller_list_pods(r, t);
	else
		controller_get_deployment(r, t);
}

/* Query of a client-go reflector watch; its timeout is random in [5 min, 10 min). */
static uint32_t reflector_query(char *query, size_t cap, const char *selector, gen_traffic *t)
{
	uint32_t seconds = rng_between(t->rng, 300, 599);
	unsigned long long rv = t->revision - rng_below(t->rng, 5000);
	snprintf(query, cap,
		 "allowWatchBookmarks=true%s%s&resourceVersion=%llu&timeout=%um%us"
		 "&timeoutSeconds=%u&watch=true",
		 selector[0] ? "&fieldSelector=" : "", selector, rv, seconds / 60, seconds % 60,
		 seconds);
	return seconds;
}

static const gen_identity *pick_operator(gen_traffic *t)
{
	const gen_cluster *c = t->cluster;
	switch (rng_below(t->rng, 4)) {
	case 0: return &c->leaders[rng_below(t->rng, c->leader_count)];
	case 1: return &c->secret_readers[rng_below(t->rng, c->secret_reader_count)];
	case 2: return &c->config_readers[rng_below(t->rng, c->config_reader_count)];
	default: return &c->pipelines[rng_below(t->rng, c->pipeline_count)];
	}
}

static uint32_t watch_kubelet(gen_request *r, gen_traffic *t)
{
	char query[512], selector[96];
	const gen_node *node = &t->cluster->nodes[pick_node(r, t)];
	if (rng_chance(t->rng, 0.6)) {
		snprintf(selector, sizeof selector, "spec.nodeName%%3D%s", node->name);
		uint32_t seconds = reflector_query(query, sizeof query, selector, t);
		resource_request(r, "watch", &PODS, "", "", "", query);
		return seconds;
	}
	const gen_app *app = pick_app(r, t);
	const char *name = rng_chance(t->rng, 0.5) ? "kube-root-ca.crt" : app->name;
	snprintf(selector, sizeof selector, "metadata.name%%3D%s", name);
	uint32_t seconds = reflector_query(query, sizeof query, selector, t);
	resource_request(r, "watch", &CONFIGMAPS, app->namespace, "", "", query);
	snprintf(r->ref.name, sizeof r->ref.name, "%s", name);
	return seconds;
}

static uint32_t watch_informer(gen_request *r, gen_traffic *t)
{
	static const api_resource *const WATCHED[] = { &PODS, &DEPLOYMENTS, &REPLICASETS,
						       &CONFIGMAPS, &SECRETS, &ENDPOINT_SLICES,
						       &NODES, &LEASES };
	char query[512];
	r->who = pick_operator(t);
	uint32_t seconds = reflector_query(query, sizeof query, "", t);
	resource_request(r, "watch", RNG_PICK(t->rng, WATCHED), "", "", "", query);
	return seconds;
}

/* kube-proxy on every node watches services and endpoint slices. */
static uint32_t watch_kube_proxy(gen_request *r, gen_traffic *t)
{
	char query[512];
	r->who = &t->cluster->kube_proxy;
	uint32_t seconds = reflector_query(query, sizeof query, "", t);
	resource_request(r, "watch", rng_chance(t->rng, 0.5) ? &SERVICES : &ENDPOINT_SLICES, "", "",
			 "", query);
	return seconds;
}

static uint32_t watch_kubectl(gen_request *r, gen_traffic *t)
{
	char query[128];
	const gen_app *app = pick_app(r, t);
	r->who = &t->cluster->humans[rng_below(t->rng, t->cluster->human_count)];
	snprintf(query, sizeof query, "resourceVersion=%llu&watch=true",
		 (unsigned long long)t->revision);
	resource_request(r, "watch", &PODS, app->namespace, "", "", query);
	return rng_between(t->rng, 10, 300);
}

/* Long-running watches: ResponseStarted right away, ResponseComplete when the server-side
 * timeout ends the stream, minutes later. */
void build_watch(gen_request *r, gen_traffic *t)
{
	uint32_t draw = rng_below(t->rng, 100);
	uint32_t seconds;
	if (draw < 45)
		seconds = watch_kubelet(r, t);
	else if (draw < 55)
		seconds = watch_kube_proxy(r, t);
	else if (draw < 92)
		seconds = watch_informer(r, t);
	else
		seconds = watch_kubectl(r, t);
	r->long_running = true;
	r->started_after_us = rng_between(t->rng, 300, 3000);
	r->latency_us = (uint64_t)seconds * 1000000 + rng_between(t->rng, 300, 5000);
	succeed(r, 200);
}

/* kubelet probes of kube-apiserver (anonymous), /livez and /readyz mostly. */
void build_health(gen_request *r, gen_traffic *t)
{
	static const char *const PATHS[] = { "/livez", "/livez", "/readyz", "/readyz",
					     "/healthz" };
	r->who = &t->cluster->probe;
	nonresource_request(r, "get", RNG_PICK(t->rng, PATHS));
	r->latency_us = latency_between(t->rng, 200, 3000);
	succeed(r, 200);
}

void build_metrics(gen_request *r, gen_traffic *t)
{
	r->who = &t->cluster->prometheus;
	nonresource_request(r, "get", "/metrics");
	r->latency_us = latency_between(t->rng, 15000, 120000);
	succeed(r, 200);
}
