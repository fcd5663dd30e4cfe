#!/usr/bin/env bash
# -o yaml reads back (through libyaml, tests/yaml/yaml_to_json.c) as exactly the -o json
# document, for every command that has both, on real logs and policies.
# usage: tests/yaml/equals_json.sh AUDITSIM YAML_TO_JSON
set -uo pipefail
auditsim=$1
to_json=$2
cd "$(dirname "$0")/../.."
L=fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json
R=fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl
commands=(
  "replay --profile aks-kube-audit $L"
  "replay --profile gke $R"
  "check policies/gke.yaml fixtures/lint/mistakes.yaml"
  "explain --profile gke --user alice --verb get --resource secrets --namespace x --name s"
  "diff --profile gke --profile aks-kube-audit-admin $R"
  "compare --profile gke --profile eks --profile metadata-only $R"
  "lint --profile openshift-default $L"
  "profiles"
  "profiles aks-kube-audit"
)
passed=0 failed=0
for c in "${commands[@]}"; do
  # check prints one JSON line per policy; the YAML stream, a document per policy
  json=$("$auditsim" $c -o json 2>/dev/null | jq -cs 'if length == 1 then .[0] else . end' | jq -S .)
  yaml=$("$auditsim" $c -o yaml 2>/dev/null | "$to_json" | jq -S .)
  if [ -n "$json" ] && [ "$json" = "$yaml" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL auditsim $c: -o yaml differs from -o json"
    diff <(echo "$json") <(echo "$yaml") | head -10
  fi
done
echo "yaml: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
