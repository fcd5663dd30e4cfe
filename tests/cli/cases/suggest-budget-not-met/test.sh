# --budget: a budget the requirements allow is met (exit 0); one below the least they
# allow is not (exit 1), naming the requirement that costs most.
set -u
"$AUDITSIM" suggest --baseline cis --against gke --budget 1 -o /dev/null fixtures/scenarios/cluster-day.yaml 2>/dev/null | grep '^budget'
echo "rc: ${PIPESTATUS[0]}"
"$AUDITSIM" suggest --baseline security --against gke --budget 0.01 -o /dev/null fixtures/scenarios/cluster-day.yaml 2>/dev/null | grep '^budget'
echo "rc: ${PIPESTATUS[0]}"
