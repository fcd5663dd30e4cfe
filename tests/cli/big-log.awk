# Writes `requests` audit events, one complete request per rule 0, 1, 2, ... of the policy
# big-policy.awk writes with seed 0, each matching that rule: awk -v requests=300 -f big-log.awk
BEGIN {
	split("pods deployments services configmaps jobs leases", resources, " ")
	groups[1] = ""; groups[2] = "apps"; groups[3] = ""; groups[4] = ""
	groups[5] = "batch"; groups[6] = "coordination.k8s.io"
	for (k = 0; k < requests; k++) {
		r = k % 6 + 1
		ns = "ns-" (k % 4999)
		verb = (k % 3 == 0) ? "create" : "list"
		prefix = groups[r] == "" ? "/api/v1" : "/apis/" groups[r] "/v1"
		printf "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","
		printf "\"auditID\":\"req-%d\",\"stage\":\"ResponseComplete\",", k
		printf "\"requestURI\":\"%s/namespaces/%s/%s\",\"verb\":\"%s\",", prefix, ns, resources[r], verb
		printf "\"user\":{\"username\":\"user-%d\",\"groups\":[\"system:authenticated\"]},", k % 997
		printf "\"objectRef\":{\"resource\":\"%s\",\"namespace\":\"%s\",\"apiGroup\":\"%s\",\"apiVersion\":\"v1\"},", resources[r], ns, groups[r]
		printf "\"responseStatus\":{\"metadata\":{},\"code\":200},"
		printf "\"requestReceivedTimestamp\":\"2025-01-01T00:00:00.000000Z\",\"stageTimestamp\":\"2025-01-01T00:00:00.001000Z\"}\n"
	}
}
