/* gen_cluster: the imaginary cluster the generated traffic talks about — nodes, apps, pods
 * and the identities (users, service accounts, components) that send requests. Built once
 * from the seed so that repeated requests name the same objects, as in a real log. */
#ifndef GEN_CLUSTER_H
#define GEN_CLUSTER_H

#include <stdint.h>

#include "gen_rng.h"

/* Who sends a request, pre-rendered as event JSON fragments. */
typedef struct {
	char *username;
	char *user_json;         /* "user":{...} */
	char *client_json;       /* ,"sourceIPs":[...],"userAgent":"..." */
	char *allow_annotations; /* "authorization.k8s.io/decision":"allow","...reason":"..." */
	const char *lease_namespace; /* leader-elected components: the lease they renew */
	const char *lease_name;
} gen_identity;

/* Controllers of kube-controller-manager the traffic names; indexes gen_cluster.controllers. */
typedef enum {
	CONTROLLER_DEPLOYMENT,
	CONTROLLER_REPLICASET,
	CONTROLLER_ENDPOINTSLICE,
	CONTROLLER_GARBAGE_COLLECTOR,
	CONTROLLER_HPA,
	CONTROLLER_DISRUPTION,
} gen_controller;

/* Leader-elected components the traffic names; indexes gen_cluster.leaders
 * (LEADER_SPECS order). */
typedef enum {
	LEADER_SCHEDULER,
	LEADER_CONTROLLER_MANAGER,
	LEADER_CLUSTER_AUTOSCALER = 4,
} gen_leader;

typedef struct {
	char name[32];
	char ip[20];
	char uid[37];
} gen_node;

typedef struct {
	const char *namespace;
	char name[40];
	char uid[37];
	char replicaset_uid[37];
	char template_hash[11];
	uint32_t replicas;
	uint32_t first_pod; /* its pods are pods[first_pod .. first_pod + replicas) */
	uint32_t image;
} gen_app;

typedef struct {
	uint32_t app;
	uint32_t node;
	char name[64];
	char uid[37];
	char ip[20];
} gen_pod;

typedef struct {
	gen_node *nodes;
	uint32_t node_count;
	gen_app *apps;
	uint32_t app_count;
	gen_pod *pods;
	uint32_t pod_count;
	gen_identity *kubelets; /* one per node, same index */
	gen_identity *controllers;
	uint32_t controller_count;
	gen_identity *leaders;
	uint32_t leader_count;
	gen_identity *humans;
	uint32_t human_count;
	gen_identity *pipelines; /* CI and GitOps service accounts */
	uint32_t pipeline_count;
	gen_identity *secret_readers;
	uint32_t secret_reader_count;
	gen_identity *config_readers; /* dashboards sidecars and the like: big configmaps */
	uint32_t config_reader_count;
	gen_identity kube_proxy;
	gen_identity probe;
	gen_identity prometheus;
	uint64_t epoch_us; /* when the log starts */
} gen_cluster;

/* Builds a cluster of node_count nodes from rng. Exits on out of memory. */
void cluster_build(gen_cluster *cluster, uint32_t node_count, gen_rng *rng);
void cluster_free(gen_cluster *cluster);

/* Container images apps run; gen_app.image indexes it. */
extern const char *const CLUSTER_IMAGES[];
extern const uint32_t CLUSTER_IMAGE_COUNT;

#endif
