#!/usr/bin/env bash
# check_log.sh FILE... — checks that a generated audit log looks like kube-apiserver's log
# backend output: every line is a JSON object, top-level fields come in audit.k8s.io/v1 Event
# order, timestamps are UTC with six fractional digits, and each auditID has
# RequestReceived, then ResponseStarted (long-running requests only), then ResponseComplete.
# Needs jq. Exit 0 when every file passes, 1 otherwise.
set -euo pipefail

command -v jq >/dev/null || { echo "check_log.sh: needs jq (apt-get install jq)" >&2; exit 2; }
[ $# -ge 1 ] || { echo "usage: bench/check_log.sh FILE..." >&2; exit 2; }

# Lines whose fields are out of order, or whose timestamps are malformed.
shape_errors() {
	jq -c '
		def order: ["kind","apiVersion","level","auditID","stage","requestURI","verb","user",
			"impersonatedUser","authenticationMetadata","sourceIPs","userAgent","objectRef",
			"responseStatus","requestObject","responseObject","requestReceivedTimestamp",
			"stageTimestamp","annotations"];
		def stamp: test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$");
		. as $event
		| select(([order[] | select(. as $k | $event | has($k))] != keys_unsorted)
			or (.requestReceivedTimestamp | stamp | not)
			or (.stageTimestamp | stamp | not)
			or (.stage == "RequestReceived" and (has("responseStatus") or has("annotations")
				or .stageTimestamp != .requestReceivedTimestamp))
			or (.level == "Metadata" and (has("requestObject") or has("responseObject"))))
		| {auditID, stage, problem: "field order, timestamp or stage content"}' "$1"
}

# auditIDs whose stages are missing, repeated or out of order.
stage_errors() {
	jq -r '[.auditID, .stage, .verb, (.objectRef.subresource // "")] | @tsv' "$1" | awk -F'\t' '
		{
			id = $1
			long = ($3 == "watch" || $4 == "exec" || $4 == "log" || $4 == "attach")
			if ($2 == "RequestReceived") { if (id in seen) bad[id] = "repeated"; seen[id] = 1; lr[id] = long }
			else if ($2 == "ResponseStarted") { if (seen[id] != 1 || !lr[id]) bad[id] = "ResponseStarted"; seen[id] = 2 }
			else if ($2 == "ResponseComplete") {
				if (!(id in seen) || (lr[id] && seen[id] != 2) || seen[id] == 3) bad[id] = "ResponseComplete"
				seen[id] = 3
			}
		}
		END {
			for (id in seen) if (seen[id] != 3) bad[id] = "incomplete"
			n = 0; for (id in bad) { if (n++ < 5) print id ": " bad[id] }
			if (n) print n " auditIDs with bad stages"
		}'
}

status=0
for file in "$@"; do
	lines=$(wc -l <"$file")
	if ! jq -c . "$file" >/dev/null; then
		echo "$file: not valid JSON lines"
		status=1
		continue
	fi
	shape=$(shape_errors "$file" | head -5)
	stages=$(stage_errors "$file")
	if [ -n "$shape" ] || [ -n "$stages" ]; then
		echo "$file: FAIL"
		[ -z "$shape" ] || echo "$shape"
		[ -z "$stages" ] || echo "$stages"
		status=1
	else
		echo "$file: ok ($lines events; JSON, field order, timestamps, stages per auditID)"
	fi
done
exit $status
