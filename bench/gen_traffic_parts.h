/* gen_traffic_parts: what the traffic builders share — request shape helpers (in
 * gen_traffic.c) and the builders themselves (gen_traffic_cluster.c for the cluster's own
 * components, gen_traffic_clients.c for users, pipelines and operators). Private to the
 * generator's traffic files. */
#ifndef GEN_TRAFFIC_PARTS_H
#define GEN_TRAFFIC_PARTS_H

#include "gen_traffic.h"

typedef struct {
	const char *group;
	const char *version;
	const char *resource;
} api_resource;

extern const api_resource PODS, NODES, CONFIGMAPS, SECRETS, SERVICES, SERVICE_ACCOUNTS, LEASES,
	DEPLOYMENTS, REPLICASETS, ENDPOINT_SLICES, EVENTS;

/* Sets requestURI, verb and objectRef of a resource request; ns, name, subresource and
 * query may be "" (query is raw: & is escaped here). */
void resource_request(gen_request *r, const char *verb, const api_resource *res,
		      const char *ns, const char *name, const char *subresource,
		      const char *query);
/* Sets requestURI and verb of a non-resource request (no objectRef). */
void nonresource_request(gen_request *r, const char *verb, const char *path);
/* Outcomes. */
void succeed(gen_request *r, uint16_t code);
void fail(gen_request *r, uint16_t code, const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void not_found(gen_request *r);
void forbid(gen_request *r);
/* Bodies and outcome of an update (200), a create (201) and a read (200). */
void updates(gen_request *r, gen_traffic *t, body_kind body);
void creates(gen_request *r, gen_traffic *t, body_kind body);
void reads(gen_request *r, body_kind body);
/* Draws. */
uint64_t latency_between(gen_rng *rng, uint32_t lo_us, uint32_t hi_us);
uint32_t size_between(gen_rng *rng, uint32_t lo, uint32_t hi);
const gen_pod *pick_pod(gen_request *r, gen_traffic *t);
const gen_app *pick_app(gen_request *r, gen_traffic *t);
/* Names the object the bodies describe; its uid is stable for kind/name. */
void set_object(gen_request *r, const char *kind, const char *name);

/* Builders, one per traffic class. */
void build_node_lease(gen_request *r, gen_traffic *t);
void build_leader_lease(gen_request *r, gen_traffic *t);
void build_node_status(gen_request *r, gen_traffic *t);
void build_kubelet_pods(gen_request *r, gen_traffic *t);
void build_controllers(gen_request *r, gen_traffic *t);
void build_watch(gen_request *r, gen_traffic *t);
void build_health(gen_request *r, gen_traffic *t);
void build_metrics(gen_request *r, gen_traffic *t);
void build_discovery(gen_request *r, gen_traffic *t);
void build_kubectl(gen_request *r, gen_traffic *t);
void build_exec_logs(gen_request *r, gen_traffic *t);
void build_pipelines(gen_request *r, gen_traffic *t);
void build_secret_access(gen_request *r, gen_traffic *t);
void build_big_configmaps(gen_request *r, gen_traffic *t);

#endif
