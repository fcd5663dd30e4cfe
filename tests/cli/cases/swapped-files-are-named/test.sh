# Each file given in the wrong place: what the user sees (standard output and error) and
# the exit code.
L=fixtures/logs/audit2rbac-demo.jsonl
AZ=fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json
P=policies/gke.yaml
S=fixtures/scenarios/secrets.yaml
run() {
  out=$("$AUDITSIM" "$@" 2>&1)
  echo "$*: exit $?"
  printf '%s\n' "$out" | sed 's/^/  /'
}
run replay $L $P
run replay $AZ $P
run emit -o /dev/null $S $L
run lint $S
run check $L
run replay $P $P
run replay --summary -j1 $P - <$P
run diff $P $L $L
