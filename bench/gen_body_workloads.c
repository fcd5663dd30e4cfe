/* gen_body_workloads: Nodes, Pods, Deployments/ReplicaSets, EndpointSlices and Events, and
 * the strategic-merge patches kubelets send. */
#include <stdio.h>
#include <string.h>

#include "gen_body_parts.h"

static const char *const CONDITION_TYPES[] = { "MemoryPressure", "DiskPressure", "PIDPressure",
					       "Ready" };

/* ---- Node ---- */

static const char NODE_LABELS[] =
	"\"beta.kubernetes.io/arch\":\"amd64\",\"beta.kubernetes.io/instance-type\":\"m6i.2xlarge\","
	"\"beta.kubernetes.io/os\":\"linux\",\"failure-domain.beta.kubernetes.io/region\":"
	"\"eu-west-1\",\"failure-domain.beta.kubernetes.io/zone\":\"eu-west-1a\","
	"\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/os\":\"linux\","
	"\"node.kubernetes.io/instance-type\":\"m6i.2xlarge\",\"topology.ebs.csi.aws.com/zone\":"
	"\"eu-west-1a\",\"topology.kubernetes.io/region\":\"eu-west-1\","
	"\"topology.kubernetes.io/zone\":\"eu-west-1a\"";

static const char NODE_KUBELET_FIELDS[] =
	"{\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:node.alpha.kubernetes.io/ttl\":{},"
	"\"f:volumes.kubernetes.io/controller-managed-attach-detach\":{}},\"f:labels\":{\".\":{},"
	"\"f:beta.kubernetes.io/arch\":{},\"f:beta.kubernetes.io/instance-type\":{},"
	"\"f:beta.kubernetes.io/os\":{},\"f:kubernetes.io/arch\":{},\"f:kubernetes.io/hostname\":{},"
	"\"f:kubernetes.io/os\":{},\"f:node.kubernetes.io/instance-type\":{},"
	"\"f:topology.kubernetes.io/region\":{},\"f:topology.kubernetes.io/zone\":{}}},"
	"\"f:spec\":{\"f:providerID\":{}}}";

static const char NODE_STATUS_FIELDS[] =
	"{\"f:status\":{\"f:allocatable\":{\"f:cpu\":{},\"f:ephemeral-storage\":{},\"f:memory\":{}},"
	"\"f:capacity\":{\"f:cpu\":{},\"f:ephemeral-storage\":{},\"f:memory\":{}},"
	"\"f:conditions\":{\"k:{\\\"type\\\":\\\"DiskPressure\\\"}\":{\"f:lastHeartbeatTime\":{}},"
	"\"k:{\\\"type\\\":\\\"MemoryPressure\\\"}\":{\"f:lastHeartbeatTime\":{}},"
	"\"k:{\\\"type\\\":\\\"PIDPressure\\\"}\":{\"f:lastHeartbeatTime\":{}},"
	"\"k:{\\\"type\\\":\\\"Ready\\\"}\":{\"f:lastHeartbeatTime\":{},\"f:lastTransitionTime\":{},"
	"\"f:message\":{},\"f:reason\":{},\"f:status\":{}}},\"f:images\":{},\"f:nodeInfo\":"
	"{\"f:bootID\":{}}}}";

static void node_conditions(body_ctx *b)
{
	static const char *const REASONS[] = { "KubeletHasSufficientMemory",
					       "KubeletHasNoDiskPressure",
					       "KubeletHasSufficientPID", "KubeletReady" };
	static const char *const MESSAGES[] = {
		"kubelet has sufficient memory available", "kubelet has no disk pressure",
		"kubelet has sufficient PID available", "kubelet is posting ready status"
	};
	gen_out *out = b->out;
	out_lit(out, "\"conditions\":[");
	for (int i = 0; i < 4; i++) {
		out_str(out, i ? ",{\"type\":\"" : "{\"type\":\"");
		out_str(out, CONDITION_TYPES[i]);
		out_str(out, i == 3 ? "\",\"status\":\"True\"" : "\",\"status\":\"False\"");
		out_lit(out, ",\"lastHeartbeatTime\":");
		out_time(out, b->now_us, false);
		out_lit(out, ",\"lastTransitionTime\":");
		out_time(out, b->created_us, false);
		out_lit(out, ",\"reason\":\"");
		out_str(out, REASONS[i]);
		out_lit(out, "\",\"message\":\"");
		out_str(out, MESSAGES[i]);
		out_lit(out, "\"}");
	}
	out_char(out, ']');
}

static void node_images(body_ctx *b)
{
	gen_out *out = b->out;
	uint32_t count = rng_between(&b->rng, 15, 45);
	out_lit(out, ",\"images\":[");
	for (uint32_t i = 0; i < count; i++) {
		const char *image = CLUSTER_IMAGES[(i + b->r->subject) % CLUSTER_IMAGE_COUNT];
		const char *tag = strrchr(image, ':');
		out_str(out, i ? ",{\"names\":[\"" : "{\"names\":[\"");
		out_mem(out, image, (size_t)(tag - image));
		out_lit(out, "@sha256:");
		out_random_chars(out, &b->rng, ALPHABET_HEX, 64);
		out_lit(out, "\",\"");
		out_str(out, image);
		out_lit(out, "\"],\"sizeBytes\":");
		out_u64(out, 5000000 + rng_below(&b->rng, 900000000));
		out_char(out, '}');
	}
	out_char(out, ']');
}

static void node_status(body_ctx *b, const gen_node *node)
{
	gen_out *out = b->out;
	out_lit(out, ",\"status\":{\"capacity\":{\"cpu\":\"8\",\"ephemeral-storage\":\"104845292Ki\","
		     "\"hugepages-1Gi\":\"0\",\"hugepages-2Mi\":\"0\",\"memory\":\"32386544Ki\","
		     "\"pods\":\"58\"},\"allocatable\":{\"cpu\":\"7910m\",\"ephemeral-storage\":"
		     "\"95551679124\",\"hugepages-1Gi\":\"0\",\"hugepages-2Mi\":\"0\",\"memory\":"
		     "\"31369712Ki\",\"pods\":\"58\"},\"phase\":\"Running\",");
	node_conditions(b);
	out_lit(out, ",\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"");
	out_str(out, node->ip);
	out_lit(out, "\"},{\"type\":\"Hostname\",\"address\":\"");
	out_str(out, node->name);
	out_lit(out, "\"}],\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}},"
		     "\"nodeInfo\":{\"machineID\":\"");
	out_random_chars(out, &b->rng, ALPHABET_HEX, 32);
	out_lit(out, "\",\"systemUUID\":\"");
	out_str(out, node->uid);
	out_lit(out, "\",\"bootID\":\"");
	out_str(out, node->uid);
	out_lit(out, "\",\"kernelVersion\":\"6.1.112-124.190.amzn2023.x86_64\",\"osImage\":"
		     "\"Amazon Linux 2023.6.20241031\",\"containerRuntimeVersion\":"
		     "\"containerd://1.7.23\",\"kubeletVersion\":\"v1.31.4\",\"kubeProxyVersion\":"
		     "\"v1.31.4\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64\"}");
	node_images(b);
	out_lit(out, ",\"config\":{}}");
}

void write_node(body_ctx *b)
{
	const gen_node *node = &b->cluster->nodes[b->r->subject];
	gen_out *out = b->out;
	out_lit(out, "{\"kind\":\"Node\",\"apiVersion\":\"v1\",");
	meta_open(b, node->name, "", "", node->uid);
	out_lit(out, ",\"labels\":{");
	out_str(out, NODE_LABELS);
	out_lit(out, ",\"kubernetes.io/hostname\":\"");
	out_str(out, node->name);
	out_lit(out, "\"},\"annotations\":{\"node.alpha.kubernetes.io/ttl\":\"0\","
		     "\"volumes.kubernetes.io/controller-managed-attach-detach\":\"true\"}");
	managed_fields_open(b);
	managed_field(b, true, "kubelet", "Update", "v1", NODE_KUBELET_FIELDS, "");
	managed_field(b, false, "kube-controller-manager", "Update", "v1",
		      "{\"f:spec\":{\"f:podCIDR\":{},\"f:podCIDRs\":{\".\":{},\"v:\\\"10.244.0.0/24\\\"\":{}}}}",
		      "");
	managed_field(b, false, "kubelet", "Update", "v1", NODE_STATUS_FIELDS, "status");
	out_lit(out, "]},\"spec\":{\"podCIDR\":\"10.244.");
	out_u64(out, b->r->subject % 250);
	out_lit(out, ".0/24\",\"podCIDRs\":[\"10.244.");
	out_u64(out, b->r->subject % 250);
	out_lit(out, ".0/24\"],\"providerID\":\"aws:///eu-west-1a/i-0");
	out_random_chars(out, &b->rng, ALPHABET_HEX, 16);
	out_lit(out, "\"}");
	node_status(b, node);
	out_char(out, '}');
}

/* Kubelet's heartbeat: a strategic merge patch with the keys sorted, as Go maps encode. */
void write_node_status_patch(body_ctx *b)
{
	gen_out *out = b->out;
	out_lit(out, "{\"status\":{\"$setElementOrder/conditions\":[{\"type\":\"MemoryPressure\"},"
		     "{\"type\":\"DiskPressure\"},{\"type\":\"PIDPressure\"},{\"type\":\"Ready\"}],"
		     "\"conditions\":[");
	for (int i = 0; i < 4; i++) {
		out_str(out, i ? ",{\"lastHeartbeatTime\":" : "{\"lastHeartbeatTime\":");
		out_time(out, b->now_us, false);
		out_lit(out, ",\"type\":\"");
		out_str(out, CONDITION_TYPES[i]);
		out_lit(out, "\"}");
	}
	out_lit(out, "]}}");
}

/* ---- Pod ---- */

static const char POD_KCM_FIELDS[] =
	"{\"f:metadata\":{\"f:generateName\":{},\"f:labels\":{\".\":{},\"f:app\":{},"
	"\"f:pod-template-hash\":{}},\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"0\\\"}\":{}}},"
	"\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},\"f:env\":{},"
	"\"f:image\":{},\"f:imagePullPolicy\":{},\"f:name\":{},\"f:ports\":{},\"f:resources\":"
	"{\".\":{},\"f:limits\":{\".\":{},\"f:memory\":{}},\"f:requests\":{\".\":{},\"f:cpu\":{},"
	"\"f:memory\":{}}},\"f:terminationMessagePath\":{},\"f:terminationMessagePolicy\":{}}},"
	"\"f:dnsPolicy\":{},\"f:enableServiceLinks\":{},\"f:restartPolicy\":{},"
	"\"f:schedulerName\":{},\"f:securityContext\":{},\"f:serviceAccount\":{},"
	"\"f:serviceAccountName\":{},\"f:terminationGracePeriodSeconds\":{}}}";

static const char POD_KUBELET_FIELDS[] =
	"{\"f:status\":{\"f:conditions\":{\"k:{\\\"type\\\":\\\"ContainersReady\\\"}\":{\".\":{},"
	"\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}},"
	"\"k:{\\\"type\\\":\\\"Initialized\\\"}\":{\".\":{},\"f:lastProbeTime\":{},"
	"\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}},"
	"\"k:{\\\"type\\\":\\\"PodReadyToStartContainers\\\"}\":{\".\":{},\"f:lastProbeTime\":{},"
	"\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}},"
	"\"k:{\\\"type\\\":\\\"Ready\\\"}\":{\".\":{},\"f:lastProbeTime\":{},"
	"\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}}},\"f:containerStatuses\":{},"
	"\"f:hostIP\":{},\"f:hostIPs\":{},\"f:phase\":{},\"f:podIP\":{},\"f:podIPs\":{\".\":{},"
	"\"k:{\\\"ip\\\":\\\"10.244.0.0\\\"}\":{\".\":{},\"f:ip\":{}}},\"f:startTime\":{}}}";

static const char POD_VOLUME[] =
	"\"volumes\":[{\"name\":\"kube-api-access-x7k2p\",\"projected\":{\"sources\":["
	"{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},"
	"{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":\"ca.crt\",\"path\":"
	"\"ca.crt\"}]}},{\"downwardAPI\":{\"items\":[{\"path\":\"namespace\",\"fieldRef\":"
	"{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.namespace\"}}]}}],\"defaultMode\":420}}],";

/* The pod spec of app's template; node_name is "" in templates and unscheduled pods. */
static void pod_spec(body_ctx *b, const gen_app *app, const char *node_name)
{
	static const char *const ENV_NAMES[] = { "LOG_LEVEL", "OTEL_EXPORTER_OTLP_ENDPOINT",
						 "GOMAXPROCS", "FEATURE_FLAGS", "REGION",
						 "DB_POOL_SIZE", "CACHE_TTL", "HTTP_PORT" };
	gen_out *out = b->out;
	out_lit(out, "\"spec\":{");
	out_mem(out, POD_VOLUME, sizeof POD_VOLUME - 1);
	out_lit(out, "\"containers\":[{\"name\":\"app\",\"image\":\"");
	out_str(out, CLUSTER_IMAGES[app->image]);
	out_lit(out, "\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"}],"
		     "\"env\":[");
	uint32_t env_count = rng_between(&b->rng, 2, 8);
	for (uint32_t i = 0; i < env_count; i++) {
		out_str(out, i ? ",{\"name\":\"" : "{\"name\":\"");
		out_str(out, ENV_NAMES[i]);
		out_lit(out, "\",\"value\":\"");
		out_random_chars(out, &b->rng, ALPHABET_NAME, rng_between(&b->rng, 2, 40));
		out_lit(out, "\"}");
	}
	out_lit(out, "],\"resources\":{\"limits\":{\"memory\":\"512Mi\"},\"requests\":{\"cpu\":"
		     "\"100m\",\"memory\":\"256Mi\"}},\"volumeMounts\":[{\"name\":"
		     "\"kube-api-access-x7k2p\",\"readOnly\":true,\"mountPath\":"
		     "\"/var/run/secrets/kubernetes.io/serviceaccount\"}],\"terminationMessagePath\":"
		     "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\","
		     "\"imagePullPolicy\":\"IfNotPresent\"}],\"restartPolicy\":\"Always\","
		     "\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\","
		     "\"serviceAccountName\":\"");
	out_str(out, app->name);
	out_lit(out, "\",\"serviceAccount\":\"");
	out_str(out, app->name);
	if (node_name[0]) {
		out_lit(out, "\",\"nodeName\":\"");
		out_str(out, node_name);
	}
	out_lit(out, "\",\"securityContext\":{},\"schedulerName\":\"default-scheduler\","
		     "\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":"
		     "\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":"
		     "\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":"
		     "\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,"
		     "\"enableServiceLinks\":true,\"preemptionPolicy\":\"PreemptLowerPriority\"}");
}

static void pod_condition(gen_out *out, bool first, const char *type, uint64_t at_us)
{
	out_str(out, first ? "{\"type\":\"" : ",{\"type\":\"");
	out_str(out, type);
	out_lit(out, "\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":");
	out_time(out, at_us, false);
	out_char(out, '}');
}

static void container_status(body_ctx *b, const gen_app *app, uint64_t started_us)
{
	gen_out *out = b->out;
	out_lit(out, "{\"name\":\"app\",\"state\":{\"running\":{\"startedAt\":");
	out_time(out, started_us, false);
	out_lit(out, "}},\"lastState\":{},\"ready\":true,\"restartCount\":0,\"image\":\"");
	out_str(out, CLUSTER_IMAGES[app->image]);
	out_lit(out, "\",\"imageID\":\"sha256:");
	out_random_chars(out, &b->rng, ALPHABET_HEX, 64);
	out_lit(out, "\",\"containerID\":\"containerd://");
	out_random_chars(out, &b->rng, ALPHABET_HEX, 64);
	out_lit(out, "\",\"started\":true}");
}

static void pod_status(body_ctx *b, const gen_app *app, const gen_pod *pod)
{
	static const char *const TYPES[] = { "PodReadyToStartContainers", "Initialized", "Ready",
					     "ContainersReady", "PodScheduled" };
	gen_out *out = b->out;
	const gen_node *node = &b->cluster->nodes[pod->node];
	uint64_t started = b->created_us + 4000000;
	out_lit(out, "\"status\":{\"phase\":\"Running\",\"conditions\":[");
	for (int i = 0; i < 5; i++)
		pod_condition(out, i == 0, TYPES[i], started);
	out_lit(out, "],\"hostIP\":\"");
	out_str(out, node->ip);
	out_lit(out, "\",\"hostIPs\":[{\"ip\":\"");
	out_str(out, node->ip);
	out_lit(out, "\"}],\"podIP\":\"");
	out_str(out, pod->ip);
	out_lit(out, "\",\"podIPs\":[{\"ip\":\"");
	out_str(out, pod->ip);
	out_lit(out, "\"}],\"startTime\":");
	out_time(out, b->created_us, false);
	out_lit(out, ",\"containerStatuses\":[");
	container_status(b, app, started);
	out_lit(out, "],\"qosClass\":\"Burstable\"}");
}

static void app_labels(gen_out *out, const gen_app *app, bool with_hash)
{
	out_lit(out, "\"labels\":{\"app\":\"");
	out_str(out, app->name);
	if (with_hash) {
		out_lit(out, "\",\"pod-template-hash\":\"");
		out_str(out, app->template_hash);
	}
	out_lit(out, "\"}");
}

void write_pod(body_ctx *b, uint32_t pod_index, bool with_type)
{
	const gen_pod *pod = &b->cluster->pods[pod_index];
	const gen_app *app = &b->cluster->apps[pod->app];
	gen_out *out = b->out;
	char generate_name[64];
	snprintf(generate_name, sizeof generate_name, "%s-%s-", app->name, app->template_hash);
	out_str(out, with_type ? "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"," : "{");
	meta_open(b, b->fresh ? "" : pod->name, generate_name, app->namespace, pod->uid);
	out_char(out, ',');
	app_labels(out, app, true);
	out_lit(out, ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\","
		     "\"name\":\"");
	out_str(out, app->name);
	out_char(out, '-');
	out_str(out, app->template_hash);
	out_lit(out, "\",\"uid\":\"");
	out_str(out, app->replicaset_uid);
	out_lit(out, "\",\"controller\":true,\"blockOwnerDeletion\":true}]");
	if (!b->fresh) {
		managed_fields_open(b);
		managed_field(b, true, "kube-controller-manager", "Update", "v1", POD_KCM_FIELDS, "");
		managed_field(b, false, "kubelet", "Update", "v1", POD_KUBELET_FIELDS, "status");
		out_char(out, ']');
	}
	out_lit(out, "},");
	pod_spec(b, app, b->fresh ? "" : b->cluster->nodes[pod->node].name);
	if (b->fresh)
		out_lit(out, ",\"status\":{}}");
	else {
		out_char(out, ',');
		pod_status(b, app, pod);
		out_char(out, '}');
	}
}

void write_pod_status_patch(body_ctx *b)
{
	const gen_pod *pod = &b->cluster->pods[b->r->subject];
	const gen_app *app = &b->cluster->apps[pod->app];
	gen_out *out = b->out;
	out_lit(out, "{\"metadata\":{\"uid\":\"");
	out_str(out, pod->uid);
	out_lit(out, "\"},\"status\":{\"$setElementOrder/conditions\":[{\"type\":"
		     "\"PodReadyToStartContainers\"},{\"type\":\"Initialized\"},{\"type\":\"Ready\"},"
		     "{\"type\":\"ContainersReady\"},{\"type\":\"PodScheduled\"}],\"conditions\":["
		     "{\"lastTransitionTime\":");
	out_time(out, b->now_us, false);
	out_lit(out, ",\"status\":\"True\",\"type\":\"Ready\"},{\"lastTransitionTime\":");
	out_time(out, b->now_us, false);
	out_lit(out, ",\"status\":\"True\",\"type\":\"ContainersReady\"}],\"containerStatuses\":[");
	container_status(b, app, b->now_us - 1000000);
	out_lit(out, "]}}");
}

static void pod_item(body_ctx *b, uint32_t index)
{
	write_pod(b, index % b->cluster->pod_count, false);
}

void write_pod_list(body_ctx *b)
{
	const gen_app *app = &b->cluster->apps[b->r->subject];
	uint32_t count = 0;
	for (uint32_t i = app->first_pod; i < b->cluster->pod_count; i++, count++) {
		if (b->cluster->apps[b->cluster->pods[i].app].namespace != app->namespace)
			break;
	}
	write_list(b, "PodList", "v1", pod_item, app->first_pod, count);
}

/* ---- Deployment and ReplicaSet ---- */

static const char WORKLOAD_APPLY_FIELDS[] =
	"{\"f:metadata\":{\"f:labels\":{\"f:app\":{},\"f:app.kubernetes.io/instance\":{}}},"
	"\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},\"f:template\":{\"f:metadata\":"
	"{\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":"
	"{\".\":{},\"f:env\":{},\"f:image\":{},\"f:name\":{},\"f:ports\":{},\"f:resources\":{}}},"
	"\"f:serviceAccountName\":{}}}}}";

static const char WORKLOAD_STATUS_FIELDS[] =
	"{\"f:metadata\":{\"f:annotations\":{\".\":{},\"f:deployment.kubernetes.io/revision\":{}}},"
	"\"f:status\":{\"f:availableReplicas\":{},\"f:conditions\":{\".\":{},"
	"\"k:{\\\"type\\\":\\\"Available\\\"}\":{\".\":{},\"f:lastTransitionTime\":{},"
	"\"f:lastUpdateTime\":{},\"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}},"
	"\"k:{\\\"type\\\":\\\"Progressing\\\"}\":{\".\":{},\"f:lastTransitionTime\":{},"
	"\"f:lastUpdateTime\":{},\"f:message\":{},\"f:reason\":{},\"f:status\":{},\"f:type\":{}}},"
	"\"f:observedGeneration\":{},\"f:readyReplicas\":{},\"f:replicas\":{},"
	"\"f:updatedReplicas\":{}}}";

static void workload_status(body_ctx *b, const gen_app *app)
{
	gen_out *out = b->out;
	out_lit(out, ",\"status\":{\"observedGeneration\":7,\"replicas\":");
	out_u64(out, app->replicas);
	out_lit(out, ",\"updatedReplicas\":");
	out_u64(out, app->replicas);
	out_lit(out, ",\"readyReplicas\":");
	out_u64(out, app->replicas);
	out_lit(out, ",\"availableReplicas\":");
	out_u64(out, app->replicas);
	out_lit(out, ",\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"lastUpdateTime\":");
	out_time(out, b->created_us, false);
	out_lit(out, ",\"lastTransitionTime\":");
	out_time(out, b->created_us, false);
	out_lit(out, ",\"reason\":\"MinimumReplicasAvailable\",\"message\":\"Deployment has minimum "
		     "availability.\"},{\"type\":\"Progressing\",\"status\":\"True\",\"lastUpdateTime\":");
	out_time(out, time_since_created(b), false);
	out_lit(out, ",\"lastTransitionTime\":");
	out_time(out, b->created_us, false);
	out_lit(out, ",\"reason\":\"NewReplicaSetAvailable\",\"message\":\"ReplicaSet \\\"");
	out_str(out, app->name);
	out_char(out, '-');
	out_str(out, app->template_hash);
	out_lit(out, "\\\" has successfully progressed.\"}]}");
}

static void workload_meta(body_ctx *b, const gen_app *app, bool replicaset)
{
	gen_out *out = b->out;
	char name[64];
	if (replicaset)
		snprintf(name, sizeof name, "%s-%s", app->name, app->template_hash);
	else
		snprintf(name, sizeof name, "%s", app->name);
	meta_open(b, name, "", app->namespace, replicaset ? app->replicaset_uid : app->uid);
	if (!b->fresh)
		out_lit(out, ",\"generation\":7");
	out_lit(out, ",\"labels\":{\"app\":\"");
	out_str(out, app->name);
	out_lit(out, "\",\"app.kubernetes.io/instance\":\"");
	out_str(out, app->name);
	out_lit(out, "\"}");
	if (!b->fresh)
		out_lit(out, ",\"annotations\":{\"deployment.kubernetes.io/revision\":\"7\"}");
	if (replicaset) {
		out_lit(out, ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
			     "\"name\":\"");
		out_str(out, app->name);
		out_lit(out, "\",\"uid\":\"");
		out_str(out, app->uid);
		out_lit(out, "\",\"controller\":true,\"blockOwnerDeletion\":true}]");
	}
	if (!b->fresh) {
		managed_fields_open(b);
		managed_field(b, true, "argocd-controller", "Apply", "apps/v1", WORKLOAD_APPLY_FIELDS,
			      "");
		managed_field(b, false, "kube-controller-manager", "Update", "apps/v1",
			      WORKLOAD_STATUS_FIELDS, "status");
		out_char(out, ']');
	}
	out_char(out, '}');
}

void write_workload(body_ctx *b, uint32_t app_index, bool with_type)
{
	const gen_app *app = &b->cluster->apps[app_index % b->cluster->app_count];
	bool replicaset = strcmp(b->r->ref.resource, "replicasets") == 0;
	gen_out *out = b->out;
	if (with_type)
		out_str(out, replicaset ? "{\"kind\":\"ReplicaSet\",\"apiVersion\":\"apps/v1\","
					: "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",");
	else
		out_char(out, '{');
	workload_meta(b, app, replicaset);
	out_lit(out, ",\"spec\":{\"replicas\":");
	out_u64(out, app->replicas);
	out_lit(out, ",\"selector\":{\"matchLabels\":{\"app\":\"");
	out_str(out, app->name);
	out_lit(out, "\"}},\"template\":{\"metadata\":{\"creationTimestamp\":null,");
	app_labels(out, app, replicaset);
	out_lit(out, "},");
	pod_spec(b, app, "");
	out_char(out, '}');
	if (!replicaset)
		out_lit(out, ",\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
			     "{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},"
			     "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600");
	out_char(out, '}');
	if (b->fresh)
		out_lit(out, ",\"status\":{}");
	else
		workload_status(b, app);
	out_char(out, '}');
}

static void workload_item(body_ctx *b, uint32_t index)
{
	write_workload(b, index, false);
}

void write_workload_list(body_ctx *b)
{
	write_list(b, "DeploymentList", "apps/v1", workload_item, b->r->subject, 20);
}

/* kubectl rollout restart. */
void write_workload_patch(body_ctx *b)
{
	out_lit(b->out, "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
			"{\"kubectl.kubernetes.io/restartedAt\":\"");
	out_time_unquoted(b->out, b->now_us, false);
	out_lit(b->out, "\"}}}}}");
}

/* ---- EndpointSlice and Event ---- */

void write_endpoint_slice(body_ctx *b)
{
	const gen_app *app = &b->cluster->apps[b->r->subject];
	gen_out *out = b->out;
	char generate_name[48];
	snprintf(generate_name, sizeof generate_name, "%s-", app->name);
	out_lit(out, "{\"kind\":\"EndpointSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",");
	meta_open(b, b->r->object_name, generate_name, app->namespace, b->r->object_uid);
	out_lit(out, ",\"generation\":42,\"labels\":{\"endpointslice.kubernetes.io/managed-by\":"
		     "\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name\":\"");
	out_str(out, app->name);
	out_lit(out, "\"}");
	managed_fields_open(b);
	managed_field(b, true, "kube-controller-manager", "Update", "discovery.k8s.io/v1",
		      "{\"f:addressType\":{},\"f:endpoints\":{},\"f:metadata\":{\"f:labels\":{\".\":{},"
		      "\"f:endpointslice.kubernetes.io/managed-by\":{},"
		      "\"f:kubernetes.io/service-name\":{}}},\"f:ports\":{}}",
		      "");
	out_lit(out, "]},\"addressType\":\"IPv4\",\"endpoints\":[");
	for (uint32_t i = 0; i < app->replicas; i++) {
		const gen_pod *pod = &b->cluster->pods[app->first_pod + i];
		out_str(out, i ? ",{\"addresses\":[\"" : "{\"addresses\":[\"");
		out_str(out, pod->ip);
		out_lit(out, "\"],\"conditions\":{\"ready\":true,\"serving\":true,\"terminating\":false},"
			     "\"targetRef\":{\"kind\":\"Pod\",\"namespace\":\"");
		out_str(out, app->namespace);
		out_lit(out, "\",\"name\":\"");
		out_str(out, pod->name);
		out_lit(out, "\",\"uid\":\"");
		out_str(out, pod->uid);
		out_lit(out, "\"},\"nodeName\":\"");
		out_str(out, b->cluster->nodes[pod->node].name);
		out_lit(out, "\",\"zone\":\"eu-west-1a\"}");
	}
	out_lit(out, "],\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":8080}]}");
}

void write_event(body_ctx *b)
{
	const gen_pod *pod = &b->cluster->pods[b->r->subject];
	gen_out *out = b->out;
	out_lit(out, "{\"kind\":\"Event\",\"apiVersion\":\"events.k8s.io/v1\",");
	meta_open(b, b->r->object_name, "", b->r->ref.namespace, b->r->object_uid);
	out_lit(out, "},\"eventTime\":");
	out_time(out, b->r->received_us, true);
	out_lit(out, ",\"reportingController\":\"kube-controller-manager\",\"reportingInstance\":"
		     "\"kube-controller-manager-control-plane-1\",\"action\":\"Binding\",\"reason\":"
		     "\"SuccessfulCreate\",\"regarding\":{\"kind\":\"Pod\",\"namespace\":\"");
	out_str(out, b->r->ref.namespace);
	out_lit(out, "\",\"name\":\"");
	out_str(out, pod->name);
	out_lit(out, "\",\"uid\":\"");
	out_str(out, pod->uid);
	out_lit(out, "\",\"apiVersion\":\"v1\",\"resourceVersion\":\"");
	out_str(out, b->r->resource_version);
	out_lit(out, "\"},\"note\":\"Created pod: ");
	out_str(out, pod->name);
	out_lit(out, "\",\"type\":\"Normal\",\"deprecatedSource\":{},"
		     "\"deprecatedFirstTimestamp\":null,\"deprecatedLastTimestamp\":null}");
}
