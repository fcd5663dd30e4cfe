/* gen_cluster: nodes, apps, pods and identities of the generated cluster. */
#include "gen_cluster.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_out.h"

#define K8S_BUILD "v1.31.4 (linux/amd64) kubernetes/a78aa47"
#define CONTROL_PLANE_IP "10.0.0.10"

const char *const CLUSTER_IMAGES[] = {
	"registry.example.com/shop/api:2.14.1",
	"registry.example.com/shop/worker:2.14.1",
	"registry.example.com/web/frontend:5.2.0",
	"docker.io/library/nginx:1.27.2",
	"docker.io/library/redis:7.4.1",
	"quay.io/prometheus/node-exporter:v1.8.2",
	"ghcr.io/example/search-indexer:0.9.7",
	"registry.k8s.io/ingress-nginx/controller:v1.11.3",
	"docker.io/bitnami/postgresql:16.4.0",
	"registry.example.com/ml/model-server:3.1.0-cuda12",
};
const uint32_t CLUSTER_IMAGE_COUNT = sizeof CLUSTER_IMAGES / sizeof CLUSTER_IMAGES[0];

static const char *const TENANT_NAMESPACES[] = {
	"default", "payments", "checkout", "catalog", "search", "identity", "web-frontend",
	"notifications", "billing", "analytics", "data-pipeline", "ml-serving", "orders",
	"inventory", "shipping",
};

static const char *const APP_NAMES[] = {
	"api", "worker", "web", "frontend", "backend", "cache", "scheduler", "gateway",
	"indexer", "exporter", "consumer", "producer", "auth", "cron-runner", "sync",
	"redis", "postgres", "reporter", "notifier", "importer",
};

/* The first entries are in gen_controller order. */
static const char *const CONTROLLERS[] = {
	"deployment-controller", "replicaset-controller", "endpointslice-controller",
	"generic-garbage-collector", "horizontal-pod-autoscaler", "disruption-controller",
	"endpoint-controller", "endpointslicemirroring-controller", "job-controller",
	"cronjob-controller", "daemon-set-controller", "statefulset-controller",
	"namespace-controller", "node-controller", "pod-garbage-collector",
	"resourcequota-controller", "service-account-controller", "ttl-controller",
	"pvc-protection-controller", "root-ca-cert-publisher",
};

static void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count, size);
	if (!p) {
		fputs("gen-audit-log: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* printf into a new string; owned by the caller (the cluster frees it). */
static char *format(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("gen-audit-log: out of memory\n", stderr);
		exit(2);
	}
	return s;
}

/* Fills the client and annotation fragments shared by every identity kind. */
static void identity_finish(gen_identity *id, const char *ip, const char *user_agent,
			    const char *rbac_reason)
{
	char escaped[512];
	json_escape(escaped, sizeof escaped, user_agent);
	id->client_json = format(",\"sourceIPs\":[\"%s\"],\"userAgent\":\"%s\"", ip, escaped);
	json_escape(escaped, sizeof escaped, rbac_reason);
	id->allow_annotations = format("\"authorization.k8s.io/decision\":\"allow\","
				       "\"authorization.k8s.io/reason\":\"%s\"",
				       escaped);
}

/* An identity without uid or extra (x509 client certificates, OIDC users, anonymous). */
static void identity_user(gen_identity *id, const char *username, const char *groups_json,
			  const char *ip, const char *user_agent, const char *rbac_reason)
{
	id->username = format("%s", username);
	id->user_json = format("\"user\":{\"username\":\"%s\",\"groups\":[%s]}", username,
			       groups_json);
	identity_finish(id, ip, user_agent, rbac_reason);
}

/* user.extra of a pod-bound service account token: the pod and node it was issued for
 * (keys sorted, as Go encodes maps). */
static char *pod_bound_extra(const char *name, const gen_node *node, gen_rng *rng)
{
	char jti[37], pod_uid[37], suffix[6], hash[11];
	uuid_random(jti, rng);
	uuid_random(pod_uid, rng);
	chars_random(hash, rng, ALPHABET_NAME, 10);
	chars_random(suffix, rng, ALPHABET_NAME, 5);
	return format(",\"extra\":{"
		      "\"authentication.kubernetes.io/credential-id\":[\"JTI=%s\"],"
		      "\"authentication.kubernetes.io/node-name\":[\"%s\"],"
		      "\"authentication.kubernetes.io/node-uid\":[\"%s\"],"
		      "\"authentication.kubernetes.io/pod-name\":[\"%s-%s-%s\"],"
		      "\"authentication.kubernetes.io/pod-uid\":[\"%s\"]}",
		      jti, node->name, node->uid, name, hash, suffix, pod_uid);
}

/* A service account; pod-bound tokens come from a pod on a random node. */
static void identity_service_account(gen_identity *id, const gen_cluster *cluster,
				     const char *ns, const char *name, bool pod_bound,
				     const char *user_agent, const char *rbac_reason, gen_rng *rng)
{
	char uid[37];
	uuid_random(uid, rng);
	id->username = format("system:serviceaccount:%s:%s", ns, name);
	const gen_node *node = &cluster->nodes[rng_below(rng, cluster->node_count)];
	char *extra = pod_bound ? pod_bound_extra(name, node, rng) : format("%s", "");
	id->user_json = format("\"user\":{\"username\":\"%s\",\"uid\":\"%s\",\"groups\":["
			       "\"system:serviceaccounts\",\"system:serviceaccounts:%s\","
			       "\"system:authenticated\"]%s}",
			       id->username, uid, ns, extra);
	free(extra);
	identity_finish(id, pod_bound ? node->ip : CONTROL_PLANE_IP, user_agent, rbac_reason);
}

static void build_nodes(gen_cluster *cluster, gen_rng *rng)
{
	cluster->nodes = xcalloc(cluster->node_count, sizeof *cluster->nodes);
	cluster->kubelets = xcalloc(cluster->node_count, sizeof *cluster->kubelets);
	for (uint32_t i = 0; i < cluster->node_count; i++) {
		gen_node *node = &cluster->nodes[i];
		snprintf(node->name, sizeof node->name, "worker-%03u", i + 1);
		snprintf(node->ip, sizeof node->ip, "10.0.%u.%u", 1 + i / 200, 10 + i % 200);
		uuid_random(node->uid, rng);
		char username[64];
		snprintf(username, sizeof username, "system:node:%s", node->name);
		identity_user(&cluster->kubelets[i], username, "\"system:nodes\",\"system:authenticated\"",
			      node->ip, "kubelet/" K8S_BUILD, "");
	}
}

static void build_workloads(gen_cluster *cluster, gen_rng *rng)
{
	const uint32_t ns_count = sizeof TENANT_NAMESPACES / sizeof TENANT_NAMESPACES[0];
	const uint32_t app_names = sizeof APP_NAMES / sizeof APP_NAMES[0];
	cluster->app_count = ns_count * app_names;
	cluster->apps = xcalloc(cluster->app_count, sizeof *cluster->apps);
	cluster->pods = xcalloc(cluster->app_count * 6, sizeof *cluster->pods);
	for (uint32_t i = 0; i < cluster->app_count; i++) {
		gen_app *app = &cluster->apps[i];
		app->namespace = TENANT_NAMESPACES[i / app_names];
		snprintf(app->name, sizeof app->name, "%s", APP_NAMES[i % app_names]);
		uuid_random(app->uid, rng);
		uuid_random(app->replicaset_uid, rng);
		chars_random(app->template_hash, rng, ALPHABET_NAME, 10);
		app->replicas = rng_between(rng, 1, 6);
		app->image = rng_below(rng, CLUSTER_IMAGE_COUNT);
		app->first_pod = cluster->pod_count;
		for (uint32_t r = 0; r < app->replicas; r++) {
			gen_pod *pod = &cluster->pods[cluster->pod_count++];
			char suffix[6];
			chars_random(suffix, rng, ALPHABET_NAME, 5);
			pod->app = i;
			pod->node = rng_below(rng, cluster->node_count);
			snprintf(pod->name, sizeof pod->name, "%s-%s-%s", app->name, app->template_hash,
				 suffix);
			uuid_random(pod->uid, rng);
			snprintf(pod->ip, sizeof pod->ip, "10.244.%u.%u", pod->node % 250,
				 rng_between(rng, 2, 250));
		}
	}
}

static void build_components(gen_cluster *cluster, gen_rng *rng)
{
	cluster->controller_count = sizeof CONTROLLERS / sizeof CONTROLLERS[0];
	cluster->controllers = xcalloc(cluster->controller_count, sizeof *cluster->controllers);
	for (uint32_t i = 0; i < cluster->controller_count; i++) {
		char ua[256], reason[512];
		snprintf(ua, sizeof ua, "kube-controller-manager/" K8S_BUILD
			 "/system:serviceaccount:kube-system:%s", CONTROLLERS[i]);
		snprintf(reason, sizeof reason,
			 "RBAC: allowed by ClusterRoleBinding \"system:controller:%s\" of ClusterRole "
			 "\"system:controller:%s\" to ServiceAccount \"%s/kube-system\"",
			 CONTROLLERS[i], CONTROLLERS[i], CONTROLLERS[i]);
		identity_service_account(&cluster->controllers[i], cluster, "kube-system",
					 CONTROLLERS[i], false, ua, reason, rng);
	}
	identity_user(&cluster->kube_proxy, "system:kube-proxy", "\"system:authenticated\"",
		      cluster->nodes[0].ip, "kube-proxy/" K8S_BUILD,
		      "RBAC: allowed by ClusterRoleBinding \"system:node-proxier\" of ClusterRole "
		      "\"system:node-proxier\" to User \"system:kube-proxy\"");
	identity_user(&cluster->probe, "system:anonymous", "\"system:unauthenticated\"",
		      CONTROL_PLANE_IP, "kube-probe/1.31",
		      "RBAC: allowed by ClusterRoleBinding \"system:public-info-viewer\" of "
		      "ClusterRole \"system:public-info-viewer\" to Group \"system:unauthenticated\"");
	identity_service_account(&cluster->prometheus, cluster, "monitoring", "prometheus-k8s", true,
				 "Prometheus/2.54.1",
				 "RBAC: allowed by ClusterRoleBinding \"prometheus-k8s\" of ClusterRole "
				 "\"prometheus-k8s\" to ServiceAccount \"prometheus-k8s/monitoring\"",
				 rng);
}

/* One identity in a table: a service account when namespace is set, else a user. */
typedef struct {
	const char *namespace;
	const char *name;
	const char *groups; /* users only: JSON list items before "system:authenticated" */
	const char *source_ip; /* users only; service accounts run in a pod on a node */
	const char *user_agent;
	const char *rbac_reason;
	const char *lease_namespace; /* leader-elected components only */
	const char *lease_name;
} identity_spec;

static const identity_spec LEADER_SPECS[] = {
	{ .name = "system:kube-scheduler", .source_ip = CONTROL_PLANE_IP,
	  .user_agent = "kube-scheduler/" K8S_BUILD "/leader-election",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"system:kube-scheduler\" of "
			 "ClusterRole \"system:kube-scheduler\" to User \"system:kube-scheduler\"",
	  .lease_namespace = "kube-system", .lease_name = "kube-scheduler" },
	{ .name = "system:kube-controller-manager", .source_ip = CONTROL_PLANE_IP,
	  .user_agent = "kube-controller-manager/" K8S_BUILD "/leader-election",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"system:kube-controller-manager\" of "
			 "ClusterRole \"system:kube-controller-manager\" to User "
			 "\"system:kube-controller-manager\"",
	  .lease_namespace = "kube-system", .lease_name = "kube-controller-manager" },
	{ .namespace = "cert-manager", .name = "cert-manager",
	  .user_agent = "cert-manager-controller/v1.16.1 (linux/amd64) cert-manager/leader-election",
	  .rbac_reason = "RBAC: allowed by RoleBinding \"cert-manager:leaderelection/kube-system\" of "
			 "Role \"cert-manager:leaderelection\" to ServiceAccount "
			 "\"cert-manager/cert-manager\"",
	  .lease_namespace = "kube-system", .lease_name = "cert-manager-controller" },
	{ .namespace = "ingress-nginx", .name = "ingress-nginx",
	  .user_agent = "nginx-ingress-controller/v1.11.3 (linux/amd64) ingress-nginx/leader-election",
	  .rbac_reason = "RBAC: allowed by RoleBinding \"ingress-nginx/ingress-nginx\" of Role "
			 "\"ingress-nginx\" to ServiceAccount \"ingress-nginx/ingress-nginx\"",
	  .lease_namespace = "ingress-nginx", .lease_name = "ingress-nginx-leader" },
	{ .namespace = "kube-system", .name = "cluster-autoscaler",
	  .user_agent = "cluster-autoscaler/v1.31.0 (linux/amd64) kubernetes/$Format",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"cluster-autoscaler\" of "
			 "ClusterRole \"cluster-autoscaler\" to ServiceAccount "
			 "\"cluster-autoscaler/kube-system\"",
	  .lease_namespace = "kube-system", .lease_name = "cluster-autoscaler" },
	{ .namespace = "kube-system", .name = "ebs-csi-controller-sa",
	  .user_agent = "csi-attacher/v0.0.0 (linux/amd64) kubernetes/$Format/leader-election",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"ebs-csi-attacher-binding\" of "
			 "ClusterRole \"ebs-external-attacher-role\" to ServiceAccount "
			 "\"ebs-csi-controller-sa/kube-system\"",
	  .lease_namespace = "kube-system", .lease_name = "external-attacher-leader-ebs-csi-aws-com" },
};

static const identity_spec HUMAN_SPECS[] = {
	{ .name = "alice@example.com", .groups = "\"platform-team\"", .source_ip = "203.0.113.24",
	  .user_agent = "kubectl/v1.31.2 (darwin/arm64) kubernetes/5864a46",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"platform-team-admin\" of ClusterRole "
			 "\"cluster-admin\" to Group \"platform-team\"" },
	{ .name = "bob@example.com", .groups = "\"developers\"", .source_ip = "198.51.100.77",
	  .user_agent = "kubectl/v1.30.5 (linux/amd64) kubernetes/74e84a9",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"developers-edit\" of ClusterRole "
			 "\"edit\" to Group \"developers\"" },
	{ .name = "carol@example.com", .groups = "\"developers\",\"sre\"",
	  .source_ip = "203.0.113.91", .user_agent = "k9s/v0.32.5 (darwin/arm64) kubernetes/$Format",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"sre-admin\" of ClusterRole "
			 "\"admin\" to Group \"sre\"" },
	{ .name = "kubernetes-admin", .groups = "\"kubeadm:cluster-admins\"",
	  .source_ip = "10.0.0.5", .user_agent = "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"kubeadm:cluster-admins\" of "
			 "ClusterRole \"cluster-admin\" to Group \"kubeadm:cluster-admins\"" },
};

static const identity_spec PIPELINE_SPECS[] = {
	{ .namespace = "ci", .name = "deployer", .user_agent = "Helm/3.16.2",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"ci-deployer\" of ClusterRole "
			 "\"edit\" to ServiceAccount \"deployer/ci\"" },
	{ .namespace = "argocd", .name = "argocd-application-controller",
	  .user_agent = "argocd-application-controller/v2.13.1 (linux/amd64) argoproj/argo-cd",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"argocd-application-controller\" of "
			 "ClusterRole \"argocd-application-controller\" to ServiceAccount "
			 "\"argocd-application-controller/argocd\"" },
	{ .namespace = "flux-system", .name = "kustomize-controller",
	  .user_agent = "kustomize-controller/v1.4.0 (linux/amd64) fluxcd/kustomize-controller",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"cluster-reconciler-flux-system\" of "
			 "ClusterRole \"cluster-admin\" to ServiceAccount "
			 "\"kustomize-controller/flux-system\"" },
	{ .namespace = "gitlab-runner", .name = "gitlab-runner",
	  .user_agent = "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
	  .rbac_reason = "RBAC: allowed by RoleBinding \"gitlab-runner/gitlab-runner\" of Role "
			 "\"gitlab-runner\" to ServiceAccount \"gitlab-runner/gitlab-runner\"" },
};

static const identity_spec SECRET_READER_SPECS[] = {
	{ .namespace = "cert-manager", .name = "cert-manager",
	  .user_agent = "cert-manager-controller/v1.16.1 (linux/amd64) cert-manager/a1b2c3d",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"cert-manager-controller-certificates\" "
			 "of ClusterRole \"cert-manager-controller-certificates\" to ServiceAccount "
			 "\"cert-manager/cert-manager\"" },
	{ .namespace = "external-secrets", .name = "external-secrets",
	  .user_agent = "external-secrets/v0.10.5 (linux/amd64) kubernetes/$Format",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"external-secrets-controller\" of "
			 "ClusterRole \"external-secrets-controller\" to ServiceAccount "
			 "\"external-secrets/external-secrets\"" },
	{ .namespace = "vault", .name = "vault-agent-injector",
	  .user_agent = "vault-k8s/v1.5.0 (linux/amd64) hashicorp/vault-k8s",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"vault-agent-injector-binding\" of "
			 "ClusterRole \"vault-agent-injector-clusterrole\" to ServiceAccount "
			 "\"vault-agent-injector/vault\"" },
	{ .namespace = "ingress-nginx", .name = "ingress-nginx",
	  .user_agent = "nginx-ingress-controller/v1.11.3 (linux/amd64) ingress-nginx/2e31a1f",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"ingress-nginx\" of ClusterRole "
			 "\"ingress-nginx\" to ServiceAccount \"ingress-nginx/ingress-nginx\"" },
};

static const identity_spec CONFIG_READER_SPECS[] = {
	{ .namespace = "monitoring", .name = "grafana",
	  .user_agent = "OpenAPI-Generator/31.0.0/python",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"grafana-clusterrolebinding\" of "
			 "ClusterRole \"grafana-clusterrole\" to ServiceAccount \"grafana/monitoring\"" },
	{ .namespace = "monitoring", .name = "prometheus-operator",
	  .user_agent = "PrometheusOperator/0.78.1 (linux/amd64) prometheus-operator/0.78.1",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"prometheus-operator\" of ClusterRole "
			 "\"prometheus-operator\" to ServiceAccount \"prometheus-operator/monitoring\"" },
	{ .namespace = "argocd", .name = "argocd-application-controller",
	  .user_agent = "argocd-application-controller/v2.13.1 (linux/amd64) argoproj/argo-cd",
	  .rbac_reason = "RBAC: allowed by ClusterRoleBinding \"argocd-application-controller\" of "
			 "ClusterRole \"argocd-application-controller\" to ServiceAccount "
			 "\"argocd-application-controller/argocd\"" },
};

/* Builds identities from specs. Service accounts here all run in pods, so their tokens
 * are pod-bound. */
static gen_identity *build_from_specs(const gen_cluster *cluster, const identity_spec *specs,
				      uint32_t count, gen_rng *rng)
{
	gen_identity *ids = xcalloc(count, sizeof *ids);
	for (uint32_t i = 0; i < count; i++) {
		const identity_spec *spec = &specs[i];
		if (spec->namespace) {
			identity_service_account(&ids[i], cluster, spec->namespace, spec->name, true,
						 spec->user_agent, spec->rbac_reason, rng);
		} else {
			char groups[128];
			snprintf(groups, sizeof groups, "%s%s\"system:authenticated\"",
				 spec->groups ? spec->groups : "", spec->groups ? "," : "");
			identity_user(&ids[i], spec->name, groups, spec->source_ip, spec->user_agent,
				      spec->rbac_reason);
		}
		ids[i].lease_namespace = spec->lease_namespace;
		ids[i].lease_name = spec->lease_name;
	}
	return ids;
}

#define BUILD_SPECS(cluster, specs, rng) \
	build_from_specs((cluster), (specs), sizeof(specs) / sizeof((specs)[0]), (rng))

void cluster_build(gen_cluster *cluster, uint32_t node_count, gen_rng *rng)
{
	*cluster = (gen_cluster){ .node_count = node_count };
	cluster->epoch_us = 1748851200ull * 1000000; /* 2025-06-02T08:00:00Z */
	build_nodes(cluster, rng);
	build_workloads(cluster, rng);
	build_components(cluster, rng);
	cluster->leaders = BUILD_SPECS(cluster, LEADER_SPECS, rng);
	cluster->leader_count = sizeof LEADER_SPECS / sizeof LEADER_SPECS[0];
	cluster->humans = BUILD_SPECS(cluster, HUMAN_SPECS, rng);
	cluster->human_count = sizeof HUMAN_SPECS / sizeof HUMAN_SPECS[0];
	cluster->pipelines = BUILD_SPECS(cluster, PIPELINE_SPECS, rng);
	cluster->pipeline_count = sizeof PIPELINE_SPECS / sizeof PIPELINE_SPECS[0];
	cluster->secret_readers = BUILD_SPECS(cluster, SECRET_READER_SPECS, rng);
	cluster->secret_reader_count = sizeof SECRET_READER_SPECS / sizeof SECRET_READER_SPECS[0];
	cluster->config_readers = BUILD_SPECS(cluster, CONFIG_READER_SPECS, rng);
	cluster->config_reader_count = sizeof CONFIG_READER_SPECS / sizeof CONFIG_READER_SPECS[0];
}

static void identity_free(gen_identity *id)
{
	free(id->username);
	free(id->user_json);
	free(id->client_json);
	free(id->allow_annotations);
}

static void identities_free(gen_identity *ids, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		identity_free(&ids[i]);
	free(ids);
}

void cluster_free(gen_cluster *cluster)
{
	identities_free(cluster->kubelets, cluster->node_count);
	identities_free(cluster->controllers, cluster->controller_count);
	identities_free(cluster->leaders, cluster->leader_count);
	identities_free(cluster->humans, cluster->human_count);
	identities_free(cluster->pipelines, cluster->pipeline_count);
	identities_free(cluster->secret_readers, cluster->secret_reader_count);
	identities_free(cluster->config_readers, cluster->config_reader_count);
	identity_free(&cluster->kube_proxy);
	identity_free(&cluster->probe);
	identity_free(&cluster->prometheus);
	free(cluster->nodes);
	free(cluster->apps);
	free(cluster->pods);
}
