/* gen_traffic: the request shape helpers every builder uses, and the mix table. The
 * builders are in gen_traffic_cluster.c and gen_traffic_clients.c. */
#include "gen_traffic.h"
#include "gen_traffic_parts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gen_out.h"

const api_resource PODS = { "", "v1", "pods" };
const api_resource NODES = { "", "v1", "nodes" };
const api_resource CONFIGMAPS = { "", "v1", "configmaps" };
const api_resource SECRETS = { "", "v1", "secrets" };
const api_resource SERVICES = { "", "v1", "services" };
const api_resource SERVICE_ACCOUNTS = { "", "v1", "serviceaccounts" };
const api_resource LEASES = { "coordination.k8s.io", "v1", "leases" };
const api_resource DEPLOYMENTS = { "apps", "v1", "deployments" };
const api_resource REPLICASETS = { "apps", "v1", "replicasets" };
const api_resource ENDPOINT_SLICES = { "discovery.k8s.io", "v1", "endpointslices" };
const api_resource EVENTS = { "events.k8s.io", "v1", "events" };

/* ---- request shape helpers ---- */

typedef struct {
	char *text;
	size_t len;
	size_t cap;
} path_builder;

static void path_add(path_builder *path, const char *piece)
{
	size_t n = strlen(piece);
	if (path->len + n + 1 > path->cap)
		n = path->cap - path->len - 1;
	memcpy(path->text + path->len, piece, n);
	path->len += n;
	path->text[path->len] = '\0';
}

static void set_uri(gen_request *r, const char *raw_uri)
{
	json_escape(r->request_uri, sizeof r->request_uri, raw_uri);
}

/* A resource request: builds the URL kube-apiserver would have received and the objectRef
 * it derives from it. ns, name, subresource and query may be "". */
void resource_request(gen_request *r, const char *verb, const api_resource *res,
		      const char *ns, const char *name, const char *subresource, const char *query)
{
	char raw[1024];
	path_builder path = { raw, 0, sizeof raw };
	raw[0] = '\0';
	path_add(&path, res->group[0] ? "/apis/" : "/api/");
	if (res->group[0]) {
		path_add(&path, res->group);
		path_add(&path, "/");
	}
	path_add(&path, res->version);
	if (ns[0]) {
		path_add(&path, "/namespaces/");
		path_add(&path, ns);
	}
	path_add(&path, "/");
	path_add(&path, res->resource);
	if (name[0]) {
		path_add(&path, "/");
		path_add(&path, name);
	}
	if (subresource[0]) {
		path_add(&path, "/");
		path_add(&path, subresource);
	}
	if (query[0]) {
		path_add(&path, "?");
		path_add(&path, query);
	}
	set_uri(r, raw);
	r->verb = verb;
	r->has_object_ref = true;
	r->ref = (object_ref){ .resource = res->resource, .namespace = ns,
			       .api_group = res->group, .api_version = res->version,
			       .subresource = subresource };
	snprintf(r->ref.name, sizeof r->ref.name, "%s", name);
}

void nonresource_request(gen_request *r, const char *verb, const char *path)
{
	set_uri(r, path);
	r->verb = verb;
	r->has_object_ref = false;
}

void succeed(gen_request *r, uint16_t code)
{
	r->code = code;
	snprintf(r->status_json, sizeof r->status_json, "{\"metadata\":{},\"code\":%u}", code);
}

/* A failed request: responseStatus and the Status object carry reason, message and
 * details (name, group when not core, kind = the resource). */
void fail(gen_request *r, uint16_t code, const char *reason, const char *fmt, ...)
{
	char message[256], escaped[320], group[96] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	json_escape(escaped, sizeof escaped, message);
	if (r->ref.api_group[0])
		snprintf(group, sizeof group, ",\"group\":\"%s\"", r->ref.api_group);
	r->code = code;
	snprintf(r->status_json, sizeof r->status_json,
		 "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"%s\",\"reason\":\"%s\","
		 "\"details\":{\"name\":\"%s\"%s,\"kind\":\"%s\"},\"code\":%u}",
		 escaped, reason, r->ref.name, group, r->ref.resource, code);
	r->response_body = BODY_STATUS;
}

void not_found(gen_request *r)
{
	fail(r, 404, "NotFound", "%s \"%s\" not found", r->ref.resource, r->ref.name);
}

/* Authorization denied: the request never reaches the handler, so no body is decoded. */
void forbid(gen_request *r)
{
	r->forbidden = true;
	r->request_body = BODY_NONE;
	r->fill = REF_FILL_NONE;
	fail(r, 403, "Forbidden",
	     "%s \"%s\" is forbidden: User \"%s\" cannot %s resource \"%s\" in API group \"%s\" "
	     "in the namespace \"%s\"",
	     r->ref.resource, r->ref.name, r->who->username, r->verb, r->ref.resource,
	     r->ref.api_group, r->ref.namespace);
}

/* Marks an update: body in, object out, objectRef gains uid and resourceVersion. */
void updates(gen_request *r, gen_traffic *t, body_kind body)
{
	r->request_body = body;
	r->response_body = body;
	r->fill = REF_FILL_UID_RV;
	snprintf(r->resource_version, sizeof r->resource_version, "%llu",
		 (unsigned long long)++t->revision);
	succeed(r, 200);
}

/* Marks a create: body in, object out with code 201, objectRef gains the name. */
void creates(gen_request *r, gen_traffic *t, body_kind body)
{
	r->request_body = body;
	r->response_body = body;
	r->fill = REF_FILL_NAME;
	snprintf(r->resource_version, sizeof r->resource_version, "%llu",
		 (unsigned long long)++t->revision);
	succeed(r, 201);
}

void reads(gen_request *r, body_kind body)
{
	r->response_body = body;
	succeed(r, 200);
}

/* Latency in microseconds between lo and hi, skewed low, with a rare slow tail. */
uint64_t latency_between(gen_rng *rng, uint32_t lo_us, uint32_t hi_us)
{
	double u = rng_unit(rng);
	uint64_t us = lo_us + (uint64_t)((double)(hi_us - lo_us) * u * u);
	if (rng_chance(rng, 0.005))
		us *= 20;
	return us;
}

/* A size in bytes, log-uniform between lo and hi. */
uint32_t size_between(gen_rng *rng, uint32_t lo, uint32_t hi)
{
	return (uint32_t)(lo * pow((double)hi / lo, rng_unit(rng)));
}

const gen_pod *pick_pod(gen_request *r, gen_traffic *t)
{
	uint32_t index = rng_below(t->rng, t->cluster->pod_count);
	r->subject = index;
	return &t->cluster->pods[index];
}

const gen_app *pick_app(gen_request *r, gen_traffic *t)
{
	uint32_t index = rng_below(t->rng, t->cluster->app_count);
	r->subject = index;
	return &t->cluster->apps[index];
}

/* Names the object the bodies describe; its uid is stable for kind/name. */
void set_object(gen_request *r, const char *kind, const char *name)
{
	char key[160];
	snprintf(r->object_name, sizeof r->object_name, "%s", name);
	snprintf(key, sizeof key, "%s/%s", kind, name);
	uuid_for_key(r->object_uid, key);
}

/* ---- the mix ---- */

const traffic_class TRAFFIC_MIX[] = {
	{ "kubelet node leases", 180, build_node_lease },
	{ "leader-election leases", 120, build_leader_lease },
	{ "kubelet node status", 80, build_node_status },
	{ "kubelet pods and tokens", 80, build_kubelet_pods },
	{ "controllers", 140, build_controllers },
	{ "watches", 50, build_watch },
	{ "health checks", 100, build_health },
	{ "metrics scraping", 30, build_metrics },
	{ "discovery", 60, build_discovery },
	{ "kubectl users", 60, build_kubectl },
	{ "exec and logs", 10, build_exec_logs },
	{ "CI and GitOps", 40, build_pipelines },
	{ "secrets access", 30, build_secret_access },
	{ "big configmaps", 20, build_big_configmaps },
};
const uint32_t TRAFFIC_MIX_COUNT = sizeof TRAFFIC_MIX / sizeof TRAFFIC_MIX[0];

uint32_t traffic_build(gen_request *request, gen_traffic *traffic)
{
	uint32_t draw = rng_below(traffic->rng, 1000);
	uint32_t index = 0;
	while (index + 1 < TRAFFIC_MIX_COUNT && draw >= TRAFFIC_MIX[index].permille) {
		draw -= TRAFFIC_MIX[index].permille;
		index++;
	}
	TRAFFIC_MIX[index].build(request, traffic);
	if (request->resource_version[0] == '\0')
		snprintf(request->resource_version, sizeof request->resource_version, "%llu",
			 (unsigned long long)(traffic->revision - rng_below(traffic->rng, 200000)));
	request->traffic_class = TRAFFIC_MIX[index].name;
	request->traffic_index = index;
	return index;
}
