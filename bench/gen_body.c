/* gen_body: metadata helpers, filler text, and the small and data-carrying objects
 * (Lease, ConfigMap, Secret, TokenRequest, DeleteOptions, Status, lists). */
#include "gen_body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_body_parts.h"

#define FILLER_BYTES (256 * 1024)
#define BASE64_BYTES (128 * 1024)

static const char *const DASHBOARD_SNIPPETS[] = {
	"{\"datasource\":{\"type\":\"prometheus\",\"uid\":\"P1809F7CD0C75ACF3\"},\"fieldConfig\":"
	"{\"defaults\":{\"unit\":\"reqps\",\"min\":0},\"overrides\":[]},\"gridPos\":{\"h\":8,"
	"\"w\":12,\"x\":0,\"y\":0},\"id\":2,\"targets\":[{\"expr\":\"sum(rate(http_requests_total"
	"{namespace=\\\"$namespace\\\",pod=~\\\"$pod\\\"}[5m])) by (pod)\",\"legendFormat\":"
	"\"{{pod}}\",\"refId\":\"A\"}],\"title\":\"Request rate\",\"type\":\"timeseries\"},",
	"{\"gridPos\":{\"h\":8,\"w\":12,\"x\":12,\"y\":0},\"id\":3,\"targets\":[{\"expr\":"
	"\"histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))\","
	"\"refId\":\"A\"}],\"title\":\"p99 latency\",\"type\":\"timeseries\"},",
	"{\"collapsed\":false,\"gridPos\":{\"h\":1,\"w\":24,\"x\":0,\"y\":8},\"id\":4,\"panels\":[],"
	"\"title\":\"Resources\",\"type\":\"row\"},",
	"{\"fieldConfig\":{\"defaults\":{\"thresholds\":{\"mode\":\"absolute\",\"steps\":[{\"color\":"
	"\"green\",\"value\":null},{\"color\":\"red\",\"value\":80}]},\"unit\":\"percent\"}},\"id\":5,"
	"\"targets\":[{\"expr\":\"100 * sum(container_memory_working_set_bytes{container!=\\\"\\\"})"
	" / sum(kube_pod_container_resource_limits{resource=\\\"memory\\\"})\",\"refId\":\"A\"}],"
	"\"title\":\"Memory vs limits\",\"type\":\"gauge\"},",
	"{\"id\":6,\"options\":{\"legend\":{\"calcs\":[\"mean\",\"max\"],\"displayMode\":\"table\","
	"\"placement\":\"right\"},\"tooltip\":{\"mode\":\"multi\",\"sort\":\"desc\"}},\"targets\":"
	"[{\"expr\":\"sum by (code) (rate(apiserver_request_total[5m]))\",\"refId\":\"A\"}],"
	"\"title\":\"API responses by code\",\"type\":\"timeseries\"},",
};

static const char *const CONFIG_SNIPPETS[] = {
	"server:\n  port: 8080\n  shutdownTimeout: 30s\n  readTimeout: 15s\n",
	"database:\n  host: postgres.data.svc.cluster.local\n  port: 5432\n  pool:\n    min: 4\n"
	"    max: 32\n",
	"logging:\n  level: info\n  format: json\n  fields: [\"trace_id\", \"span_id\"]\n",
	"features:\n  newCheckout: true\n  recommendations: false\n  rateLimit: 250\n",
	"upstreams:\n  - name: catalog\n    url: http://catalog.catalog.svc:8080\n    timeout: 2s\n",
	"cache:\n  redis: redis://redis.cache.svc:6379/0\n  ttl: 300s\n  maxEntries: 100000\n",
	"telemetry:\n  otlpEndpoint: http://otel-collector.monitoring:4317\n  sampling: 0.05\n",
};

static void *xmalloc(size_t size)
{
	void *p = malloc(size);
	if (!p) {
		fputs("gen-audit-log: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Fills f with escaped snippets picked at random until FILLER_BYTES. */
static void filler_build(body_filler *f, const char *const *snippets, uint32_t count,
			 gen_rng *rng)
{
	size_t cap = FILLER_BYTES + 4096;
	f->text = xmalloc(cap);
	f->bounds = xmalloc(sizeof *f->bounds * (FILLER_BYTES / 16 + 2));
	f->bound_count = 0;
	size_t len = 0;
	f->bounds[f->bound_count++] = 0;
	while (len < FILLER_BYTES) {
		len += json_escape(f->text + len, cap - len, snippets[rng_below(rng, count)]);
		f->bounds[f->bound_count++] = (uint32_t)len;
	}
}

void bodies_init(gen_bodies *bodies, uint64_t seed)
{
	gen_rng rng;
	rng_seed(&rng, seed ^ 0x66696c6c6572u);
	filler_build(&bodies->dashboard, DASHBOARD_SNIPPETS,
		     sizeof DASHBOARD_SNIPPETS / sizeof DASHBOARD_SNIPPETS[0], &rng);
	filler_build(&bodies->config, CONFIG_SNIPPETS,
		     sizeof CONFIG_SNIPPETS / sizeof CONFIG_SNIPPETS[0], &rng);
	bodies->base64_len = BASE64_BYTES;
	bodies->base64 = xmalloc(BASE64_BYTES + 1);
	chars_random(bodies->base64, &rng, ALPHABET_BASE64, BASE64_BYTES);
}

void bodies_free(gen_bodies *bodies)
{
	free(bodies->dashboard.text);
	free(bodies->dashboard.bounds);
	free(bodies->config.text);
	free(bodies->config.bounds);
	free(bodies->base64);
}

/* Copies about n bytes of filler, cut on snippet bounds, starting at a random bound. */
static void out_filler(body_ctx *b, const body_filler *f, uint32_t n)
{
	uint32_t start = rng_below(&b->rng, f->bound_count / 2);
	uint32_t end = start + 1;
	while (end + 1 < f->bound_count && f->bounds[end] - f->bounds[start] < n)
		end++;
	out_mem(b->out, f->text + f->bounds[start], f->bounds[end] - f->bounds[start]);
}

/* Copies n random base64 characters (a multiple of 4, padded like real data). */
static void out_base64(body_ctx *b, uint32_t n)
{
	const gen_bodies *bodies = b->bodies;
	n = n < 4 ? 4 : n - n % 4;
	if (n > bodies->base64_len / 2)
		n = bodies->base64_len / 2;
	uint32_t start = rng_below(&b->rng, bodies->base64_len - n);
	out_mem(b->out, bodies->base64 + start, n - 1);
	out_char(b->out, '=');
}

/* ---- metadata ---- */

uint64_t time_since_created(body_ctx *b)
{
	uint64_t span = b->now_us - b->created_us;
	return b->created_us + (uint64_t)(rng_unit(&b->rng) * (double)span);
}

void meta_open(body_ctx *b, const char *name, const char *generate_name, const char *ns,
	       const char *uid)
{
	gen_out *out = b->out;
	out_lit(out, "\"metadata\":{");
	if (name[0])
		out_kv(out, "name", name);
	if (generate_name[0]) {
		if (name[0])
			out_char(out, ',');
		out_kv(out, "generateName", generate_name);
	}
	if (ns[0]) {
		out_char(out, ',');
		out_kv(out, "namespace", ns);
	}
	if (b->fresh) {
		out_lit(out, ",\"creationTimestamp\":null");
		return;
	}
	out_char(out, ',');
	out_kv(out, "uid", uid);
	out_char(out, ',');
	out_kv(out, "resourceVersion", b->r->resource_version);
	out_lit(out, ",\"creationTimestamp\":");
	out_time(out, b->created_us, false);
}

void managed_fields_open(body_ctx *b)
{
	out_lit(b->out, ",\"managedFields\":[");
}

void managed_field(body_ctx *b, bool first, const char *manager, const char *operation,
		   const char *api_version, const char *fields_v1, const char *subresource)
{
	gen_out *out = b->out;
	out_str(out, first ? "{\"manager\":\"" : ",{\"manager\":\"");
	out_str(out, manager);
	out_lit(out, "\",\"operation\":\"");
	out_str(out, operation);
	out_lit(out, "\",\"apiVersion\":\"");
	out_str(out, api_version);
	out_lit(out, "\",\"time\":");
	out_time(out, time_since_created(b), false);
	out_lit(out, ",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":");
	out_str(out, fields_v1);
	if (subresource[0]) {
		out_lit(out, ",\"subresource\":\"");
		out_str(out, subresource);
		out_char(out, '"');
	}
	out_char(out, '}');
}

void write_list(body_ctx *b, const char *kind, const char *api_version, list_item_writer item,
		uint32_t first, uint32_t count)
{
	gen_out *out = b->out;
	out_lit(out, "{\"kind\":\"");
	out_str(out, kind);
	out_lit(out, "\",\"apiVersion\":\"");
	out_str(out, api_version);
	out_lit(out, "\",\"metadata\":{\"resourceVersion\":\"");
	out_str(out, b->r->resource_version);
	out_lit(out, "\"},\"items\":[");
	uint64_t start = out_position(out);
	for (uint32_t i = 0; i < count; i++) {
		if (i > 0) {
			if (out_position(out) - start >= b->r->size_hint)
				break;
			out_char(out, ',');
		}
		item(b, first + i);
	}
	out_lit(out, "]}");
}

/* ---- Lease ---- */

static void write_lease(body_ctx *b)
{
	const gen_request *r = b->r;
	gen_out *out = b->out;
	bool node_lease = strcmp(r->ref.namespace, "kube-node-lease") == 0;
	out_lit(out, "{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\",");
	meta_open(b, r->object_name, "", r->ref.namespace, r->object_uid);
	if (node_lease) {
		const gen_node *node = &b->cluster->nodes[r->subject];
		out_lit(out, ",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"");
		out_str(out, node->name);
		out_lit(out, "\",\"uid\":\"");
		out_str(out, node->uid);
		out_lit(out, "\"}]");
	}
	char fields[320];
	if (node_lease)
		snprintf(fields, sizeof fields,
			 "{\"f:metadata\":{\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"%s\\\"}\":{}}},"
			 "\"f:spec\":{\"f:holderIdentity\":{},\"f:leaseDurationSeconds\":{},"
			 "\"f:renewTime\":{}}}",
			 b->cluster->nodes[r->subject].uid);
	else
		snprintf(fields, sizeof fields,
			 "{\"f:spec\":{\"f:acquireTime\":{},\"f:holderIdentity\":{},"
			 "\"f:leaseDurationSeconds\":{},\"f:leaseTransitions\":{},\"f:renewTime\":{}}}");
	managed_fields_open(b);
	managed_field(b, true, node_lease ? "kubelet" : r->object_name, "Update",
		      "coordination.k8s.io/v1", fields, "");
	out_lit(out, "]},\"spec\":{\"holderIdentity\":\"");
	if (node_lease) {
		out_str(out, r->object_name);
		out_lit(out, "\",\"leaseDurationSeconds\":40,\"renewTime\":");
	} else {
		out_lit(out, "control-plane-1_");
		out_mem(out, r->object_uid, 36);
		out_lit(out, "\",\"leaseDurationSeconds\":15,\"acquireTime\":");
		out_time(out, time_since_created(b), true);
		out_lit(out, ",\"renewTime\":");
	}
	out_time(out, b->now_us, true);
	if (!node_lease)
		out_lit(out, ",\"leaseTransitions\":3");
	out_lit(out, "}}");
}

/* ---- ConfigMap and Secret ---- */

static void helm_labels(body_ctx *b, const char *app, const char *ns, bool dashboard)
{
	gen_out *out = b->out;
	out_lit(out, ",\"labels\":{\"app.kubernetes.io/instance\":\"");
	out_str(out, app);
	out_lit(out, "\",\"app.kubernetes.io/managed-by\":\"Helm\"");
	if (dashboard)
		out_lit(out, ",\"grafana_dashboard\":\"1\"");
	out_lit(out, "},\"annotations\":{\"meta.helm.sh/release-name\":\"");
	out_str(out, app);
	out_lit(out, "\",\"meta.helm.sh/release-namespace\":\"");
	out_str(out, ns);
	out_lit(out, "\"}");
}

/* managedFields of an object Helm wrote, whose data holds the given keys. */
static void helm_managed_fields(body_ctx *b, const char *data_field, const char *keys_json)
{
	char fields[512];
	snprintf(fields, sizeof fields,
		 "{\"%s\":{\".\":{},%s},\"f:metadata\":{\"f:annotations\":{\".\":{},"
		 "\"f:meta.helm.sh/release-name\":{},\"f:meta.helm.sh/release-namespace\":{}},"
		 "\"f:labels\":{\".\":{},\"f:app.kubernetes.io/instance\":{},"
		 "\"f:app.kubernetes.io/managed-by\":{}}}}",
		 data_field, keys_json);
	managed_fields_open(b);
	managed_field(b, true, "helm", "Update", "v1", fields, "");
	out_char(b->out, ']');
}

static void write_configmap_named(body_ctx *b, const char *name, uint32_t size, bool with_type)
{
	const gen_request *r = b->r;
	gen_out *out = b->out;
	const gen_app *app = &b->cluster->apps[r->subject];
	bool dashboard = strstr(name, "dashboard") != NULL;
	char key[64], uid[37], key_field[96];
	if (dashboard)
		snprintf(key, sizeof key, "%s.json", name);
	else
		snprintf(key, sizeof key, "application.yaml");
	snprintf(key_field, sizeof key_field, "\"f:%s\":{}", key);
	uuid_for_key(uid, name);
	if (with_type)
		out_lit(out, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",");
	else
		out_char(out, '{');
	meta_open(b, name, "", r->ref.namespace, uid);
	helm_labels(b, app->name, r->ref.namespace, dashboard);
	if (!b->fresh)
		helm_managed_fields(b, "f:data", key_field);
	out_lit(out, "},\"data\":{\"");
	out_str(out, key);
	out_lit(out, "\":\"");
	if (dashboard)
		out_lit(out, "{\\\"editable\\\":true,\\\"panels\\\":[");
	out_filler(b, dashboard ? &b->bodies->dashboard : &b->bodies->config, size);
	if (dashboard)
		out_lit(out, "{}],\\\"schemaVersion\\\":39,\\\"title\\\":\\\"Service overview\\\"}");
	out_lit(out, "\"}}");
}

static void write_configmap(body_ctx *b)
{
	write_configmap_named(b, b->r->object_name, b->r->size_hint, true);
}

static void configmap_item(body_ctx *b, uint32_t index)
{
	char name[96];
	bool dashboard = strstr(b->r->request_uri, "grafana_dashboard") != NULL;
	snprintf(name, sizeof name, dashboard ? "%s-dashboard-%u" : "%s-config-%u",
		 b->cluster->apps[b->r->subject].name, index);
	write_configmap_named(b, name, dashboard ? rng_between(&b->rng, 4000, 16000)
						 : rng_between(&b->rng, 300, 3000),
			      false);
}

/* Data keys of a secret by its name: Helm release, TLS, or credentials. */
static void secret_data(body_ctx *b, const char *name, uint32_t size, const char **type)
{
	gen_out *out = b->out;
	if (strncmp(name, "sh.helm.release.", 16) == 0) {
		*type = "helm.sh/release.v1";
		out_lit(out, "\"release\":\"");
		out_base64(b, size);
	} else if (strstr(name, "-tls") != NULL) {
		*type = "kubernetes.io/tls";
		out_lit(out, "\"ca.crt\":\"");
		out_base64(b, 1600);
		out_lit(out, "\",\"tls.crt\":\"");
		out_base64(b, size > 2400 ? size - 2400 : 1800);
		out_lit(out, "\",\"tls.key\":\"");
		out_base64(b, 2200);
	} else {
		*type = "Opaque";
		out_lit(out, "\"database\":\"b3JkZXJz\",\"host\":\"cG9zdGdyZXMuZGF0YS5zdmM=\","
			     "\"password\":\"");
		out_base64(b, 44);
		out_lit(out, "\",\"sslrootcert.pem\":\"");
		out_base64(b, size > 400 ? size - 200 : 200);
		out_lit(out, "\",\"username\":\"b3JkZXJzX2FwcA==");
	}
	out_char(out, '"');
}

static void write_secret_named(body_ctx *b, const char *name, uint32_t size, bool with_type)
{
	const gen_request *r = b->r;
	gen_out *out = b->out;
	const gen_app *app = &b->cluster->apps[r->subject];
	char uid[37];
	uuid_for_key(uid, name);
	if (with_type)
		out_lit(out, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",");
	else
		out_char(out, '{');
	meta_open(b, name, "", r->ref.namespace, uid);
	helm_labels(b, app->name, r->ref.namespace, false);
	if (!b->fresh)
		helm_managed_fields(b, "f:data", "\"f:release\":{}");
	const char *type = "Opaque";
	out_lit(out, "},\"data\":{");
	secret_data(b, name, size, &type);
	out_lit(out, "},\"type\":\"");
	out_str(out, type);
	out_lit(out, "\"}");
}

static void write_secret(body_ctx *b)
{
	write_secret_named(b, b->r->object_name, b->r->size_hint, true);
}

static void secret_item(body_ctx *b, uint32_t index)
{
	static const char *const SUFFIXES[] = { "tls", "db-credentials", "api-token", "tls" };
	char name[96];
	snprintf(name, sizeof name, "%s-%s-%u", b->cluster->apps[b->r->subject].name,
		 SUFFIXES[index % 4], index);
	write_secret_named(b, name, rng_between(&b->rng, 300, 5000), false);
}

/* ---- small objects ---- */

static void write_token_request(body_ctx *b, bool is_request)
{
	const gen_request *r = b->r;
	gen_out *out = b->out;
	const gen_pod *pod = &b->cluster->pods[r->subject];
	out_lit(out, "{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\","
		     "\"metadata\":{");
	if (!is_request) {
		out_kv(out, "name", r->ref.name);
		out_char(out, ',');
		out_kv(out, "namespace", r->ref.namespace);
		out_lit(out, ",\"creationTimestamp\":");
		out_time(out, b->now_us, false);
	} else {
		out_lit(out, "\"creationTimestamp\":null");
	}
	out_lit(out, "},\"spec\":{\"audiences\":[\"https://kubernetes.default.svc.cluster.local\"],"
		     "\"expirationSeconds\":3607,\"boundObjectRef\":{\"kind\":\"Pod\","
		     "\"apiVersion\":\"v1\",\"name\":\"");
	out_str(out, pod->name);
	out_lit(out, "\",\"uid\":\"");
	out_str(out, pod->uid);
	out_lit(out, "\"}},\"status\":{\"token\":\"");
	if (is_request) {
		out_lit(out, "\",\"expirationTimestamp\":null}}");
		return;
	}
	out_lit(out, "eyJhbGciOiJSUzI1NiIsImtpZCI6IlV2dEZxb2xWRjc0In0.");
	out_random_chars(out, &b->rng, ALPHABET_NAME, 720);
	out_char(out, '.');
	out_random_chars(out, &b->rng, ALPHABET_NAME, 342);
	out_lit(out, "\",\"expirationTimestamp\":");
	out_time(out, b->now_us + 3607ull * 1000000, false);
	out_lit(out, "}}");
}

static void write_status(body_ctx *b)
{
	out_lit(b->out, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",");
	out_str(b->out, b->r->status_json + 1);
}

/* ---- dispatch ---- */

static void write_kind(body_ctx *b, body_kind kind, bool is_request)
{
	const gen_request *r = b->r;
	switch (kind) {
	case BODY_NONE: break;
	case BODY_LEASE: write_lease(b); break;
	case BODY_NODE: write_node(b); break;
	case BODY_NODE_STATUS_PATCH: write_node_status_patch(b); break;
	case BODY_POD: write_pod(b, r->subject, true); break;
	case BODY_POD_STATUS_PATCH: write_pod_status_patch(b); break;
	case BODY_POD_LIST: write_pod_list(b); break;
	case BODY_WORKLOAD: write_workload(b, r->subject, true); break;
	case BODY_WORKLOAD_LIST: write_workload_list(b); break;
	case BODY_WORKLOAD_PATCH: write_workload_patch(b); break;
	case BODY_ENDPOINT_SLICE: write_endpoint_slice(b); break;
	case BODY_EVENT: write_event(b); break;
	case BODY_CONFIGMAP: write_configmap(b); break;
	case BODY_CONFIGMAP_LIST:
		write_list(b, "ConfigMapList", "v1", configmap_item, 0, 64);
		break;
	case BODY_SECRET: write_secret(b); break;
	case BODY_SECRET_LIST: write_list(b, "SecretList", "v1", secret_item, 0, 64); break;
	case BODY_TOKEN_REQUEST: write_token_request(b, is_request); break;
	case BODY_DELETE_OPTIONS:
		out_lit(b->out, "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
				"\"propagationPolicy\":\"Background\"}");
		break;
	case BODY_STATUS: write_status(b); break;
	}
}

void body_write(gen_out *out, const gen_request *r, const gen_cluster *cluster,
		const gen_bodies *bodies, bool is_request, uint64_t now_us)
{
	body_ctx b = { .out = out, .r = r, .cluster = cluster, .bodies = bodies,
		       .now_us = now_us };
	rng_seed(&b.rng, r->body_seed);
	b.fresh = is_request && r->fill != REF_FILL_UID_RV;
	b.created_us = r->received_us - 3600000000ull - (uint64_t)rng_below(&b.rng, 90 * 86400) * 1000000;
	write_kind(&b, is_request ? r->request_body : r->response_body, is_request);
}
