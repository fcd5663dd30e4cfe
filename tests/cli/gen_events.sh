#!/bin/sh
# Writes generated audit events (JSON lines) to standard output for CLI cases that need
# more requests than a fixture should hold:
#   gen_events.sh never-completed N  N RequestReceived-only lists, each its own auditID
#   gen_events.sh long-watch N       a watch whose ResponseComplete comes after N gets
set -eu
mode=${1:?usage: gen_events.sh never-completed|long-watch N}
count=${2:?usage: gen_events.sh never-completed|long-watch N}
awk -v mode="$mode" -v n="$count" '
function event(id, stage, verb, query, user) {
	printf "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"%s\",\"stage\":\"%s\",\"requestURI\":\"/api/v1/namespaces/default/pods%s\",\"verb\":\"%s\",\"user\":{\"username\":\"%s\",\"groups\":[\"system:authenticated\"]},\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\",\"apiVersion\":\"v1\"},\"requestReceivedTimestamp\":\"2024-01-01T00:00:00.000000Z\",\"stageTimestamp\":\"2024-01-01T00:00:00.000000Z\"}\n", id, stage, query, verb, user
}
BEGIN {
	if (mode == "never-completed") {
		for (i = 0; i < n; i++)
			event(sprintf("00000000-0000-4000-8000-%012d", i), "RequestReceived", "list", "", "user-" i % 1000)
	} else if (mode == "long-watch") {
		event("watch", "RequestReceived", "watch", "?watch=true", "alice")
		event("watch", "ResponseStarted", "watch", "?watch=true", "alice")
		for (i = 0; i < n; i++)
			event(sprintf("get-%d", i), "ResponseComplete", "get", "", "bob")
		event("watch", "ResponseComplete", "watch", "?watch=true", "alice")
	} else {
		print "gen_events.sh: unknown mode " mode > "/dev/stderr"
		exit 2
	}
}'
